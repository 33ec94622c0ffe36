//! `parley`: model, simulate and forecast multi-party negotiations.
//!
//! A thin binary: each subcommand is one file under `cmd/` that turns
//! arguments into calls of the library crates and prints their output.

mod cmd;
mod common;
mod ui;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Model, simulate and forecast multi-party negotiations.
///
/// With no FILE, commands use the bundled scenario: the Trump–Putin summit in
/// Anchorage, 15 August 2025.
#[derive(Debug, Parser)]
#[command(name = "parley", version, max_term_width = 100, about = "Model, simulate and forecast multi-party negotiations. With no FILE, commands use the bundled scenario: the Trump–Putin summit in Anchorage, 15 August 2025.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    ui: ui::UiArgs,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Forecast every issue with each model, and report the agreement zone.
    Forecast(cmd::forecast::Args),
    /// Monte Carlo over the inputs: forecast distributions, zone and outcome-class probabilities.
    Simulate(cmd::simulate::Args),
    /// Run the baseline and what-if variants on common random numbers and show the differences.
    Compare(cmd::compare::Args),
    /// Rank the inputs the forecast and outcome probabilities depend on; find pivotal actors.
    Sensitivity(cmd::sensitivity::Args),
    /// Validate a scenario file: exit 0, or print every problem and exit 2.
    Check(cmd::check::Args),
    /// Run the expected utility model round by round: positions, moves, risk exponents.
    Dynamics(cmd::dynamics::Args),
    /// Write the bundled scenario as an editable file.
    Init(cmd::init::Args),
    /// Print the JSON Schema of the scenario format.
    Schema,
    /// List the models with a description, citation and parameters.
    Models(cmd::models::Args),
    /// List the scenario's what-if variants and what each one changes.
    Variants(cmd::variants::Args),
    /// Print the stages with their times in the venue's zone, UTC and other zones.
    Agenda(cmd::agenda::Args),
    /// Score the models against decisions whose outcome is known (e.g. the DEU III data).
    Evaluate(cmd::evaluate::Args),
    /// Write scenario files from data in another format (DEU III: one per proposal).
    Import(cmd::import::Args),
    /// Open the local web app: see the scenario and forecasts, edit assumptions, compare runs.
    Serve(cmd::serve::Args),
    /// The runs kept by `--save` and the web app: list, show, diff.
    Runs(cmd::runs::Args),
    /// Write one self-contained HTML report: forecast, zone, deals, outcome odds, assumptions.
    Report(cmd::report::Args),
    /// A GENIUS negotiation domain: outcome space, Pareto frontier, bargaining solutions.
    Domain(cmd::domain::Args),
    /// Negotiate on a GENIUS domain or in a scenario room: alternating offers between agents.
    Negotiate(cmd::negotiate::Args),
    /// Every assignment of agents to the parties of GENIUS domains, repeated, in parallel.
    Tournament(cmd::tournament::Args),
    /// A scenario room, or a GENIUS domain's parties, under a mediator's single negotiating
    /// text (drafts, votes, vetoes).
    Mediate(cmd::mediate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    ui::init(&cli.ui);
    // Outcome rules are evaluated on rayon's threads; give them room for the deepest rule
    // validation admits (CEL's evaluator recurses per level of the expression).
    rayon::ThreadPoolBuilder::new()
        .stack_size(16 * 1024 * 1024)
        .build_global()
        .ok();
    let result = match cli.command {
        Command::Forecast(a) => cmd::forecast::run(a),
        Command::Check(a) => cmd::check::run(a),
        Command::Simulate(a) => cmd::simulate::run(a),
        Command::Compare(a) => cmd::compare::run(a),
        Command::Sensitivity(a) => cmd::sensitivity::run(a),
        Command::Dynamics(a) => cmd::dynamics::run(a),
        Command::Init(a) => cmd::init::run(a),
        Command::Schema => cmd::schema::run(),
        Command::Models(a) => cmd::models::run(a),
        Command::Agenda(a) => cmd::agenda::run(a),
        Command::Evaluate(a) => cmd::evaluate::run(a),
        Command::Import(a) => cmd::import::run(a),
        Command::Variants(a) => cmd::variants::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Runs(a) => cmd::runs::run(a),
        Command::Report(a) => cmd::report::run(a),
        Command::Domain(a) => cmd::domain::run(a),
        Command::Negotiate(a) => cmd::negotiate::run(a),
        Command::Tournament(a) => cmd::tournament::run(a),
        Command::Mediate(a) => cmd::mediate::run(a),
    };
    common::finish(result)
}
