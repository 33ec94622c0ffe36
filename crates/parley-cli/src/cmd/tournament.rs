//! `parley tournament DIR… --agent A --agent B …`: every assignment of the agents to the
//! parties of every domain, repeated, in parallel.

use crate::common::plural;
use std::path::PathBuf;

use parley_io::genius::domain_info;
use parley_io::table::{fit_text, new_table, render};
use parley_negotiation::tournament::{self, Arena, Kind};

use crate::cmd::domain::Conv;
use crate::cmd::negotiate::Agent;
use crate::common::{CmdResult, Failure, emit, emit_json};

/// Arguments of `parley tournament`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Domain folders (each one domain XML file and one profile per party).
    #[arg(required = true)]
    pub dirs: Vec<PathBuf>,
    /// The agents (at least one); every assignment of them to each domain's parties plays.
    #[arg(long = "agent", value_enum, required = true, ignore_case = true)]
    pub agents: Vec<Agent>,
    /// Times each assignment plays (with its own seed).
    #[arg(long, default_value_t = 1, allow_negative_numbers = true, value_parser = crate::common::whole("repetitions", 1_usize, 1_000_000))]
    pub repetitions: usize,
    /// Rounds per negotiation.
    #[arg(long, default_value_t = 100, allow_negative_numbers = true, value_parser = crate::common::whole("steps", 1_usize, 100_000_000))]
    pub steps: usize,
    /// Seed: negotiation i runs with seed + i.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true, value_parser = crate::common::whole("seed", 0_u64, u64::MAX))]
    pub seed: u64,
    /// How GENIUS evaluations are read.
    #[arg(long, value_enum, default_value_t = Conv::Negmas)]
    pub convention: Conv,
    /// Output: the standings (table), every negotiation and the standings (json), or every
    /// negotiation (csv).
    #[arg(long, value_enum, default_value_t = Out::Table)]
    pub format: Out,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Out {
    /// Standings for people.
    Table,
    /// Every negotiation and the standings.
    Json,
    /// One row per negotiation.
    Csv,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let conv = a.convention.convention();
    let mut kinds: Vec<Kind> = Vec::new();
    for ag in &a.agents {
        if !kinds.contains(&ag.kind()) {
            kinds.push(ag.kind());
        }
    }
    let mut arenas = Vec::new();
    for dir in &a.dirs {
        let (d, name) = crate::cmd::domain::load(dir, a.convention)?;
        let info = domain_info(&d, &name).map_err(crate::cmd::domain::located)?;
        let prefs = crate::cmd::domain::prefs(&d, dir)?;
        arenas.push(Arena {
            name,
            prefs,
            pareto: info.pareto,
            nash: info.nash,
        });
    }
    let total: usize = arenas
        .iter()
        .map(|ar| kinds.len().pow(ar.prefs.len() as u32) * a.repetitions)
        .sum();
    let bar = if crate::ui::show_progress() && total >= 50 {
        indicatif::ProgressBar::new(total as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let tick = || bar.inc(1);
    let games = tournament::run(&arenas, &kinds, a.repetitions, a.steps, a.seed, &tick);
    bar.finish_and_clear();
    let standings = tournament::standings(&games, &arenas, &kinds);
    match a.format {
        Out::Json => emit_json(&serde_json::json!({
            "version": 1,
            "domains": arenas.iter().map(|x| &x.name).collect::<Vec<_>>(),
            "agents": kinds,
            "repetitions": a.repetitions,
            "steps": a.steps,
            "seed": a.seed,
            "convention": conv.name(),
            "games": games,
            "standings": standings,
        })),
        Out::Csv => {
            let mut w = csv::Writer::from_writer(Vec::new());
            let head = [
                "domain",
                "agents",
                "repetition",
                "seed",
                "agreement",
                "utilities",
                "step",
                "timedout",
                "pareto_distance",
                "nash_distance",
                "time",
                "discounted",
            ];
            w.write_record(head).map_err(|e| Failure::Internal(e.into()))?;
            for g in &games {
                let opt = |x: Option<f64>| x.map_or_else(String::new, |v| v.to_string());
                w.write_record([
                    g.domain.clone(),
                    g.agents.iter().map(|k| k.name()).collect::<Vec<_>>().join(" "),
                    g.repetition.to_string(),
                    g.seed.to_string(),
                    g.agreement.map_or_else(String::new, |o| o.to_string()),
                    g.utilities.as_ref().map_or_else(String::new, |u| {
                        u.iter().map(f64::to_string).collect::<Vec<_>>().join(" ")
                    }),
                    g.step.to_string(),
                    g.timedout.to_string(),
                    opt(g.pareto_distance),
                    opt(g.nash_distance),
                    g.time.to_string(),
                    g.discounted
                        .iter()
                        .map(|x| x.map_or_else(|| "-".into(), |v| v.to_string()))
                        .collect::<Vec<_>>()
                        .join(" "),
                ])
                .map_err(|e| Failure::Internal(e.into()))?;
            }
            let bytes = w.into_inner().map_err(|e| Failure::Internal(anyhow::anyhow!("{e}")))?;
            emit(&String::from_utf8_lossy(&bytes))
        }
        Out::Table => {
            let mut out = fit_text(&format!(
                "{} {} on {} {}, {} {} each, seed {}; evaluations read as {}",
                games.len(),
                plural(games.len(), "negotiation", "negotiations"),
                arenas.len(),
                plural(arenas.len(), "domain", "domains"),
                a.steps,
                plural(a.steps, "round", "rounds"),
                a.seed,
                conv.name()
            ));
            if !out.ends_with('\n') {
                out.push('\n');
            }
            // The discounted score only where some party discounts (elsewhere it equals the
            // mean utility).
            let discounting = arenas.iter().any(|ar| ar.prefs.iter().any(|p| p.discount < 1.0));
            let mut head = vec!["agent", "played", "agreed", "mean utility", "when agreed"];
            if discounting {
                head.push("discounted");
            }
            let mut t = new_table(&head);
            for s in &standings {
                let mut row = vec![
                    s.agent.name().to_string(),
                    s.negotiations.to_string(),
                    s.agreements.to_string(),
                    format!("{:.4}", s.mean_utility),
                    s.mean_agreed_utility.map_or_else(|| "—".into(), |v| format!("{v:.4}")),
                ];
                if discounting {
                    row.push(format!("{:.4}", s.mean_discounted));
                }
                t.add_row(row);
            }
            out.push_str(&render(&mut t));
            out.push_str(&fit_text(
                "Utilities are each domain's own units (--convention genius puts every issue on 0..1); \
                 no agreement counts as the reservation value.",
            ));
            if discounting {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&fit_text(
                    "Discounted: what each agent ended with times δ^t, t the relative time the \
                     negotiation ended (GENIUS's discounting; the reservation value too).",
                ));
            }
            emit(&out)
        }
    }
}
