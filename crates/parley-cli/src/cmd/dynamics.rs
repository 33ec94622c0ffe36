//! `parley dynamics [FILE] [--issue ID] [--rounds N]`: the EUM round by round.

use parley_io::dynamics::{DynamicsReport, dynamics_csv, dynamics_report, dynamics_table};
use parley_models::models::eum::{EumParams, run_scenario};
use parley_models::params::Params;

use crate::common::{CmdResult, Failure, Format, ScenarioArgs, emit, emit_json, model_failure, parse_params};

/// Arguments of `parley dynamics`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Only this issue (default: every issue).
    #[arg(long)]
    pub issue: Option<String>,
    /// Number of rounds (overrides `[model.eum] rounds`).
    #[arg(long)]
    pub rounds: Option<usize>,
    /// EUM parameter, e.g. `--param eum.reading=scholz-code` (repeatable).
    #[arg(long = "param", value_name = "eum.KEY=VALUE")]
    pub params: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let (loaded, s) = a.scenario.load()?;
    let cli = parse_params(&a.params)?;
    if let Some(other) = cli.keys().find(|m| m.as_str() != "eum") {
        return Err(Failure::Input(format!(
            "--param {other}.…: `parley dynamics` runs only the eum model"
        )));
    }
    let mut map = s.model_params("eum").cloned().unwrap_or_default();
    if let Some(serde_json::Value::Object(o)) = cli.get("eum") {
        map.extend(o.clone());
    }
    if let Some(r) = a.rounds {
        map.insert("rounds".into(), r.into());
    }
    let params = EumParams::from_params(&Params::new("eum", map)).map_err(|e| model_failure(&loaded, &cli, e))?;
    let issues: Vec<usize> = match &a.issue {
        Some(id) => match s.issue_index(id) {
            Some(k) => vec![k],
            None => {
                let known: Vec<&str> = s.issues().iter().map(|i| i.id.as_str()).collect();
                return Err(Failure::Input(format!(
                    "--issue {id}: unknown issue; known: {}",
                    known.join(", ")
                )));
            }
        },
        None => (0..s.issues().len()).collect(),
    };
    let reports: Vec<DynamicsReport> = issues
        .iter()
        .map(|&k| {
            let (who, run) = run_scenario(&params, &s, k, true);
            dynamics_report(&s, k, &params, &who, &run)
        })
        .collect();
    match a.format {
        Format::Json => match (&a.issue, reports.first()) {
            (Some(_), Some(r)) => emit_json(r),
            _ => emit_json(&serde_json::json!({"version": 1, "scenario": s.id(), "issues": reports})),
        },
        Format::Csv => emit(&dynamics_csv(&reports).map_err(|e| Failure::Internal(e.into()))?),
        Format::Table => {
            let text: Vec<String> = issues
                .iter()
                .zip(&reports)
                .map(|(&k, r)| {
                    let issue = &s.issues()[k];
                    dynamics_table(r, &issue.name, |x| parley_io::table::place(x, &issue.anchors))
                })
                .collect();
            emit(&text.join("\n"))
        }
    }
}
