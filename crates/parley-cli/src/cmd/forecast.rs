//! `parley forecast [FILE] [--model ID]… [--format table|json|csv]`

use parley_io::{csvout, report, table};
use parley_models::run::run_forecast;

use crate::common::{CmdResult, Failure, Format, ModelArgs, RunMeta, SaveArgs, ScenarioArgs, emit, emit_json};

/// Arguments of `parley forecast`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub models: ModelArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let (loaded, scenario) = a.scenario.load()?;
    let models = a.models.build(&loaded, &scenario)?;
    let run = run_forecast(&scenario, &models)?;
    let mut rep = report::forecast_report(&scenario, &run);
    rep.variant = a.scenario.variant.clone();
    a.save.save(
        RunMeta {
            kind: "forecast",
            loaded: &loaded,
            variant: a.scenario.variant.as_deref(),
            models: &a.models.models,
            params: serde_json::json!({"param": a.models.params}),
            seed: None,
        },
        &rep,
    )?;
    match a.format {
        Format::Json => emit_json(&rep),
        Format::Csv => emit(&csvout::forecast_csv(&rep).map_err(|e| Failure::Internal(e.into()))?),
        Format::Table => {
            let reasons = report::reasons_text(&rep);
            let mut text = table::forecast_table(&rep, &scenario);
            if !reasons.is_empty() {
                text.push('\n');
                text.push_str(&table::fit_text(&reasons));
            }
            emit(&text)
        }
    }
}
