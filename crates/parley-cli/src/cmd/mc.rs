//! Monte Carlo options shared by `simulate`, `compare` and `sensitivity`, and the progress bar.

use parley_models::montecarlo::{MonteCarloConfig, RedLines};

use crate::common::Failure;

/// How red lines behave in a draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RedLineArg {
    /// Shift with the position's noise (default).
    Shift,
    /// Stay where the file puts them.
    Fixed,
}

/// Monte Carlo options.
#[derive(Debug, clap::Args)]
pub struct McArgs {
    /// Number of draws (default: 10000; sensitivity: 500 per end of each input).
    #[arg(long, allow_negative_numbers = true, value_parser = crate::common::whole("draws", 1_u64, 100_000_000))]
    pub draws: Option<u64>,
    /// Seed: same seed, same results, on any number of threads.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true, value_parser = crate::common::whole("seed", 0_u64, u64::MAX))]
    pub seed: u64,
    /// Default sd of a position without `uncertainty`, as a fraction of the range.
    #[arg(long, default_value_t = 0.05, allow_negative_numbers = true)]
    pub position_sd: f64,
    /// Sd of every stated salience (absolute).
    #[arg(long, default_value_t = 0.05, allow_negative_numbers = true)]
    pub salience_sd: f64,
    /// Default sd of a capability without `uncertainty`, as a fraction of it.
    #[arg(long, default_value_t = 0.1, allow_negative_numbers = true)]
    pub capability_sd: f64,
    /// Red lines shift with their position's noise, or stay fixed.
    #[arg(long, value_enum, default_value_t = RedLineArg::Shift)]
    pub red_lines: RedLineArg,
}

impl McArgs {
    /// Validated configuration, with `default_draws` when `--draws` is not given.
    pub fn config(&self, default_draws: u64) -> Result<MonteCarloConfig, Failure> {
        let cfg = MonteCarloConfig {
            draws: self.draws.unwrap_or(default_draws),
            seed: self.seed,
            position_sd: self.position_sd,
            salience_sd: self.salience_sd,
            capability_sd: self.capability_sd,
            red_lines: match self.red_lines {
                RedLineArg::Shift => RedLines::Shift,
                RedLineArg::Fixed => RedLines::Fixed,
            },
        };
        cfg.validate().map_err(Failure::Input)?;
        Ok(cfg)
    }
}

/// A progress bar on stderr for long runs; hidden when stderr is not a terminal or with `-q`.
pub fn progress(total: u64, label: &str) -> indicatif::ProgressBar {
    if total < 20_000 || !crate::ui::show_progress() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{msg} {wide_bar} {human_pos}/{human_len} draws, eta {eta}")
    {
        bar.set_style(style);
    }
    bar.set_message(label.to_owned());
    bar
}
