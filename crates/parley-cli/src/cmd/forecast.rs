//! `parley forecast [FILE] [--model ID]… [--format table|json|csv]`

use std::path::PathBuf;

use parley_io::{csvout, report, table};
use parley_models::run::run_forecast;

use crate::common::{CmdResult, Failure, Format, build_models, emit, emit_json, load, model_failure, parse_params};

/// Arguments of `parley forecast`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML or .json); default: the bundled Alaska scenario.
    pub file: Option<PathBuf>,
    /// Model to run (repeatable); default: compromise, median, nash.
    #[arg(long = "model", short = 'm', value_name = "ID")]
    pub models: Vec<String>,
    /// Model parameter, e.g. `--param nash.utility=quadratic` (repeatable).
    #[arg(long = "param", value_name = "MODEL.KEY=VALUE")]
    pub params: Vec<String>,
    /// Apply a what-if variant of the scenario first.
    #[arg(long)]
    pub variant: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let loaded = load(&a.file)?;
    let scenario = match &a.variant {
        Some(v) => loaded.variant(v)?,
        None => loaded.scenario.clone(),
    };
    let params = parse_params(&a.params)?;
    let models = build_models(&a.models, &scenario, &params).map_err(|e| model_failure(&loaded, &params, e))?;
    let run = run_forecast(&scenario, &models)?;
    let rep = report::forecast_report(&scenario, &run);
    match a.format {
        Format::Json => emit_json(&rep),
        Format::Csv => emit(&csvout::forecast_csv(&rep).map_err(|e| Failure::Internal(e.into()))?),
        Format::Table => emit(&table::forecast_table(&rep)),
    }
}
