//! `parley sensitivity [FILE]`: which inputs move the forecast and the outcome probabilities most.

use parley_io::sensitivity::{sensitivity_report, sensitivity_table};
use parley_models::sensitivity::sensitivity_with_progress;

use super::mc::McArgs;
use crate::common::{CmdResult, Failure, Format, ModelArgs, ScenarioArgs, emit, emit_json};

/// Arguments of `parley sensitivity`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub models: ModelArgs,
    /// Rows of the tornado table.
    #[arg(long, default_value_t = 10, allow_negative_numbers = true, value_parser = crate::common::whole("top", 1_usize, 10_000))]
    pub top: usize,
    #[command(flatten)]
    pub mc: McArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// A progress bar over the inputs on stderr; hidden when stderr is not a terminal or with `-q`.
fn progress() -> indicatif::ProgressBar {
    if !crate::ui::show_progress() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) = indicatif::ProgressStyle::with_template("sensitivity {wide_bar} {pos}/{len} steps, eta {eta}") {
        bar.set_style(style);
    }
    bar
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let (loaded, s) = a.scenario.load()?;
    let models = a.models.build(&loaded, &s)?;
    // Each input runs two simulations: a smaller default than `simulate`.
    let cfg = a.mc.config(500)?;
    let ids: Vec<String> = models.iter().map(|m| m.info().id.to_string()).collect();
    let bar = progress();
    let r = sensitivity_with_progress(&s, &models, &cfg, &|done, total| {
        bar.set_length(total);
        bar.set_position(done);
    })
    .map_err(Failure::Input)?;
    bar.finish_and_clear();
    let rep = sensitivity_report(&s, &ids, &cfg, &r);
    match a.format {
        Format::Json => emit_json(&rep),
        Format::Csv => {
            let mut w = String::from("rank,input,kind,actor,issue,base,low,high,probability_swing\n");
            for i in &rep.inputs {
                w.push_str(&format!(
                    "{},{},{},{},{},{},{},{},{}\n",
                    i.rank,
                    i.input,
                    i.kind,
                    i.actor,
                    i.issue.clone().unwrap_or_default(),
                    i.base,
                    i.low,
                    i.high,
                    i.probability_swing
                ));
            }
            emit(&w)
        }
        Format::Table => emit(&sensitivity_table(&rep, a.top)),
    }
}
