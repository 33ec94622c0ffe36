//! `parley compare [FILE] --variant A --variant B [--with OTHER_FILE]`: runs on common random numbers.

use std::collections::BTreeMap;
use std::path::PathBuf;

use parley_core::Scenario;
use parley_io::simulate::{CompareReport, SimulateReport, compare_table, difference, simulate_report};
use parley_models::montecarlo::simulate;

use super::mc::{McArgs, progress};
use crate::common::{CmdResult, Failure, Format, ModelArgs, emit, emit_json, load};

/// Arguments of `parley compare`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file; default: the bundled Alaska scenario.
    pub file: Option<PathBuf>,
    /// A variant of the scenario to run against the baseline (repeatable).
    #[arg(long = "variant", value_name = "ID")]
    pub variants: Vec<String>,
    /// Another scenario file to run against the baseline (repeatable).
    #[arg(long = "with", value_name = "FILE")]
    pub with: Vec<PathBuf>,
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub mc: McArgs,
    /// Output format (table, json; csv gives one summary row set per run).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let loaded = load(&a.file)?;
    if a.variants.is_empty() && a.with.is_empty() {
        let known: Vec<&str> = loaded.scenario.raw().variants.iter().map(|v| v.id.as_str()).collect();
        return Err(Failure::Input(format!(
            "name at least one --variant or --with FILE; this scenario's variants: {}",
            if known.is_empty() {
                "(none)".into()
            } else {
                known.join(", ")
            }
        )));
    }
    let cfg = a.mc.config(10_000)?;
    let mut runs: Vec<(String, Option<String>, Scenario)> = vec![("baseline".into(), None, loaded.scenario.clone())];
    for v in &a.variants {
        runs.push((v.clone(), Some(v.clone()), loaded.variant(v)?));
    }
    for path in &a.with {
        let other = parley_io::load_file(path)?;
        let mut name = other.scenario.id().to_string();
        if runs.iter().any(|r| r.0 == name) {
            name = path.display().to_string();
        }
        runs.push((name, None, other.scenario));
    }
    let mut reports: BTreeMap<String, SimulateReport> = BTreeMap::new();
    let order: Vec<String> = runs.iter().map(|r| r.0.clone()).collect();
    for (name, variant, s) in &runs {
        let models = a.models.build(&loaded, s)?;
        let bar = progress(cfg.draws, name);
        let sim = simulate(s, &models, &cfg, |_| Ok(()), |d| bar.set_position(d)).map_err(Failure::Input)?;
        bar.finish_and_clear();
        reports.insert(name.clone(), simulate_report(s, variant.as_deref(), &sim));
    }
    let mut differences = BTreeMap::new();
    if let Some(base) = reports.get("baseline") {
        for name in order.iter().skip(1) {
            if let Some(r) = reports.get(name) {
                differences.insert(name.clone(), difference(base, r));
            }
        }
    }
    let rep = CompareReport {
        version: 1,
        scenario: loaded.scenario.id().into(),
        draws: cfg.draws,
        seed: cfg.seed,
        runs: reports,
        order,
        differences,
    };
    match a.format {
        Format::Json => emit_json(&rep),
        Format::Csv => {
            let mut text = String::new();
            for name in &rep.order {
                if let Some(r) = rep.runs.get(name) {
                    let csv = parley_io::simulate::simulate_csv(r).map_err(|e| Failure::Internal(e.into()))?;
                    for (i, line) in csv.lines().enumerate() {
                        if i == 0 && text.is_empty() {
                            text.push_str(&format!("run,{line}\n"));
                        } else if i > 0 {
                            text.push_str(&format!("{name},{line}\n"));
                        }
                    }
                }
            }
            emit(&text)
        }
        Format::Table => emit(&compare_table(&rep)),
    }
}
