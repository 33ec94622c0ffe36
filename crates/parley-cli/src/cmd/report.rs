//! `parley report [FILE] [--variant V] [--model ID]… [--draws N] [--seed S] -o report.html`

use std::path::PathBuf;

use parley_io::SourceFormat;
use parley_server::RunOptions;
use parley_server::report::report_html;
use serde_json::Value;

use crate::common::{CmdResult, Failure, ModelArgs, ScenarioArgs};

/// Arguments of `parley report`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub models: ModelArgs,
    /// Monte Carlo draws for the outcome probabilities.
    #[arg(long, default_value_t = 2000, allow_negative_numbers = true, value_parser = crate::common::whole("draws", 1_u64, 1_000_000))]
    pub draws: u64,
    /// Seed of the Monte Carlo.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true, value_parser = crate::common::whole("seed", 0_u64, u64::MAX))]
    pub seed: u64,
    /// The HTML file to write.
    #[arg(long, short = 'o', value_name = "PATH")]
    pub output: PathBuf,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    // Validate everything first (located errors, as every command gives them).
    let (loaded, s) = a.scenario.load()?;
    a.models.build(&loaded, &s)?;
    if a.output.exists() && !a.force {
        return Err(Failure::Input(format!(
            "{}: the file exists; give --force to overwrite it",
            a.output.display()
        )));
    }
    let json: Value = match loaded.format {
        SourceFormat::Json => serde_json::from_str(&loaded.text).map_err(|e| Failure::Internal(e.into()))?,
        SourceFormat::Toml => toml::from_str(&loaded.text).map_err(|e| Failure::Internal(e.into()))?,
    };
    let o = RunOptions {
        models: a.models.models.clone(),
        params: a.models.params.clone(),
        variant: a.scenario.variant.clone(),
        save: false,
        draws: Some(a.draws),
        seed: Some(a.seed),
        issue: None,
        compare: Vec::new(),
    };
    let html = report_html(&json, &parley_store::content_hash(&loaded.text), &o).map_err(|e| {
        let mut msg = e.message.clone();
        for d in e.diagnostics.iter().skip(1) {
            msg.push('\n');
            msg.push_str(&d.to_string());
        }
        Failure::Input(msg)
    })?;
    std::fs::write(&a.output, html)
        .map_err(|e| Failure::Output(format!("parley: cannot write {}: {e}", a.output.display())))?;
    if !crate::ui::get().quiet {
        eprintln!(
            "parley: wrote {} (one file, no network needed to open it)",
            a.output.display()
        );
    }
    Ok(())
}
