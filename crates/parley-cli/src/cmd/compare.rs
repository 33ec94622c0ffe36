//! `parley compare [FILE] --variant A --variant B [--with OTHER_FILE]`: runs on common random numbers.

use std::collections::BTreeMap;
use std::path::PathBuf;

use parley_core::Scenario;
use parley_io::simulate::{
    CompareReport, Difference, SimulateReport, compare_table, difference, simulate_csv, simulate_report,
};
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
    /// Output format: table, json, or csv (the `simulate` rows of every run, with its shifts from the baseline).
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
        runs.push((
            v.clone(),
            Some(v.clone()),
            crate::common::variant_of(&loaded, a.file.as_deref(), v)?,
        ));
    }
    for path in &a.with {
        let other = parley_io::load_file(path)?;
        // Runs are compared issue by issue and class by class: with nothing in common there
        // is nothing to compare, and a table of dashes would only mislead.
        let base = &loaded.scenario;
        let shares_issue = other
            .scenario
            .issues()
            .iter()
            .any(|i| base.issue_index(i.id.as_str()).is_some());
        let shares_class = other
            .scenario
            .outcomes()
            .iter()
            .any(|o| base.outcomes().iter().any(|b| b.id == o.id));
        if !shares_issue && !shares_class {
            return Err(Failure::Input(format!(
                "--with {}: it shares no issue id and no outcome class id with {}, so there is nothing to compare",
                path.display(),
                loaded.name
            )));
        }
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
        Format::Csv => emit(&compare_csv(&rep).map_err(|e| Failure::Internal(e.into()))?),
        Format::Table => emit(&compare_table(&rep)),
    }
}

/// The shift columns of one `simulate` CSV row (`kind`, `model`, `id`) of a run against the
/// baseline: `mean_shift`, `q50_shift`, `shift`, `shift_stderr` (empty where none applies).
fn shifts(d: Option<&Difference>, kind: &str, model: &str, id: &str) -> [String; 4] {
    let o = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    let mut out: [String; 4] = Default::default();
    let Some(d) = d else { return out };
    let m = d.models.iter().find(|m| m.model == model);
    match kind {
        "issue" => {
            if let Some(i) = m.and_then(|m| m.issues.iter().find(|i| i.issue == id)) {
                out[0] = o(i.mean_shift);
                out[1] = o(i.q50_shift);
            }
        }
        "outcome" => {
            if let Some(c) = m.and_then(|m| m.outcomes.iter().find(|c| c.outcome == id)) {
                out[2] = c.shift.to_string();
                out[3] = c.stderr.to_string();
            }
        }
        "agreement" => {
            if let Some(m) = m {
                out[2] = m.agreement_shift.shift.to_string();
                out[3] = m.agreement_shift.stderr.to_string();
            }
        }
        "zone" if id == "veto" => {
            out[2] = d.zone.shift.to_string();
            out[3] = d.zone.stderr.to_string();
        }
        _ => {}
    }
    out
}

/// `compare --format csv`: `run` and the `simulate` CSV columns of every run, then
/// `mean_shift,q50_shift,shift,shift_stderr` (each run minus the baseline; empty for the baseline).
fn compare_csv(rep: &CompareReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header_done = false;
    for name in &rep.order {
        let Some(r) = rep.runs.get(name) else { continue };
        let text = simulate_csv(r)?;
        let mut rd = csv::Reader::from_reader(text.as_bytes());
        if !header_done {
            let mut h = vec!["run".to_string()];
            h.extend(rd.headers()?.iter().map(str::to_owned));
            h.extend(["mean_shift", "q50_shift", "shift", "shift_stderr"].map(str::to_owned));
            w.write_record(&h)?;
            header_done = true;
        }
        let d = rep.differences.get(name);
        for rec in rd.records() {
            let rec = rec?;
            let (kind, model, id) = (&rec[0], &rec[1], &rec[2]);
            let mut row = vec![name.clone()];
            row.extend(rec.iter().map(str::to_owned));
            row.extend(shifts(d, kind, model, id));
            w.write_record(&row)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
