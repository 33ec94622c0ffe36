//! `parley dynamics [FILE] [--issue ID] [--rounds N]`: the EUM round by round.

use std::io::Write;

use parley_io::dynamics::{dynamics_report, dynamics_table, write_dynamics_csv, write_dynamics_json};
use parley_models::models::eum::{EumParams, run_scenario};
use parley_models::params::Params;

use crate::common::{CmdResult, Failure, Format, ScenarioArgs, model_failure, parse_params};

/// Arguments of `parley dynamics`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Only this issue (default: every issue).
    #[arg(long)]
    pub issue: Option<String>,
    /// Number of rounds (overrides `[model.eum] rounds`).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::common::whole("rounds", 1_usize, 10_000))]
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
    let mut cli = parse_params(&a.params)?;
    if let Some(other) = cli.keys().find(|m| m.as_str() != "eum") {
        return Err(Failure::Input(format!(
            "--param {other}.…: `parley dynamics` runs only the eum model"
        )));
    }
    // `--rounds N` is `--param eum.rounds=N`: a command-line value, never blamed on the file.
    if let Some(r) = a.rounds {
        let eum = cli
            .entry("eum")
            .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        if let serde_json::Value::Object(o) = eum {
            o.insert("rounds".into(), r.into());
        }
    }
    let mut map = s.model_params("eum").cloned().unwrap_or_default();
    if let Some(serde_json::Value::Object(o)) = cli.get("eum") {
        map.extend(o.clone());
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
    // JSON and CSV are written as the rounds are played (memory of one round); a table
    // holds one issue's rounds at a time.
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let written = match a.format {
        Format::Json => {
            write_dynamics_json(&mut out, &s, &params, &issues, a.issue.is_some()).and_then(|_| out.write_all(b"\n"))
        }
        Format::Csv => write_dynamics_csv(&mut out, &s, &params, &issues),
        Format::Table => {
            let mut ends_with_newline = false;
            let mut r = Ok(());
            for (i, &k) in issues.iter().enumerate() {
                let (who, run) = run_scenario(&params, &s, k, true);
                let report = dynamics_report(&s, k, &params, &who, &run);
                let issue = &s.issues()[k];
                let text = dynamics_table(&report, &issue.name, |x| parley_io::table::place(x, &issue.anchors));
                r = out
                    .write_all(if i == 0 { b"" } else { b"\n" })
                    .and_then(|_| out.write_all(text.as_bytes()));
                if r.is_err() {
                    break;
                }
                ends_with_newline = text.ends_with('\n');
            }
            // As `emit` did: the output ends with a newline.
            r.and_then(|_| {
                if ends_with_newline {
                    Ok(())
                } else {
                    out.write_all(b"\n")
                }
            })
        }
    };
    match written.and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::output("standard output", &e)),
    }
}
