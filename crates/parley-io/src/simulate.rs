//! `parley simulate` and `parley compare`: JSON contract (version 1), tables and CSV.
//!
//! ```text
//! simulate: {"version": 1, "scenario": "<id>", "variant": null | "<id>", "draws": n, "seed": n,
//!   "settings": {"position_sd", "salience_sd", "capability_sd", "red_lines"},
//!   "zone": {"probability", "stderr"},
//!   "rooms": [{"stages": [...], "players": [...], "probability", "stderr"}],
//!   "packages": [{"package", "name", "issues": [...], "agreed", "stderr"}],
//!   "models": [{"model", "solved", "unsolved",
//!               "issues": [{"issue", "mean", "q05", "q25", "q50", "q75", "q95"}],
//!               "agreement_probability", "agreement_stderr",
//!               "packages": [{"package", "implemented", "stderr"}],
//!               "outcomes": [{"outcome", "name", "probability", "stderr", "models_range": [lo, hi]}]}]}
//!   (the last entry of "models" is "ensemble" when two or more models ran)
//! compare: {"version": 1, "scenario": "<id>", "draws": n, "seed": n,
//!   "runs": {"baseline": <simulate>, "<variant>": <simulate>, …},
//!   "differences": {"<variant>": {"zone": {"shift", "stderr"},
//!       "models": [{"model", "agreement_shift",
//!                   "issues": [{"issue", "mean_shift", "q50_shift"}],
//!                   "outcomes": [{"outcome", "shift", "stderr"}]}]}}}
//! ```

use std::collections::BTreeMap;

use comfy_table::Cell;
use parley_core::Scenario;
use parley_models::ensemble::ENSEMBLE_ID;
use parley_models::montecarlo::{Probability, RedLines, Simulation};
use serde::{Deserialize, Serialize};

use crate::report::{OUTPUT_VERSION, ids, tidy};
use crate::table::{Tone, fit_text, new_table, num, paint, render};

/// Quantiles reported.
pub const QUANTILES: [f64; 5] = [0.05, 0.25, 0.5, 0.75, 0.95];

/// `parley simulate` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimulateReport {
    /// Always 1.
    pub version: u32,
    /// Scenario id.
    pub scenario: String,
    /// Variant applied, if any.
    pub variant: Option<String>,
    /// Draws.
    pub draws: u64,
    /// Seed.
    pub seed: u64,
    /// Noise settings.
    pub settings: Settings,
    /// Probability that a zone exists among all veto players.
    pub zone: Prob,
    /// Per distinct room: probability of a zone among its veto players.
    pub rooms: Vec<RoomOut>,
    /// Per package: probability that the deciding room (the last stage's) agrees it.
    pub packages: Vec<PackageProb>,
    /// Per model, then `ensemble` when two or more models ran.
    pub models: Vec<ModelOut>,
}

/// How likely the deciding room agrees a package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageProb {
    /// Package id.
    pub package: String,
    /// Name.
    pub name: String,
    /// Issue ids.
    pub issues: Vec<String>,
    /// Probability that the room can sign a change on it.
    pub agreed: f64,
    /// Standard error.
    pub stderr: f64,
}

/// How likely a model's terms on a package are implemented.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PackageImplemented {
    /// Package id.
    pub package: String,
    /// Probability that it is agreed and every absent veto player accepts the terms.
    pub implemented: f64,
    /// Standard error.
    pub stderr: f64,
}

/// Noise settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    /// Default position sd (fraction of range).
    pub position_sd: f64,
    /// Salience sd.
    pub salience_sd: f64,
    /// Default capability sd (fraction).
    pub capability_sd: f64,
    /// `shift` or `fixed`.
    pub red_lines: String,
}

/// A probability with its standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Prob {
    /// Estimate.
    pub probability: f64,
    /// Monte Carlo standard error.
    pub stderr: f64,
}

impl From<Probability> for Prob {
    fn from(p: Probability) -> Self {
        Self {
            probability: tidy(p.p),
            stderr: tidy(p.stderr),
        }
    }
}

/// A room.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoomOut {
    /// Stage ids with this room.
    pub stages: Vec<String>,
    /// Veto players in the room.
    pub players: Vec<String>,
    /// Probability of a zone among them.
    pub probability: f64,
    /// Standard error.
    pub stderr: f64,
}

/// One model's summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelOut {
    /// Model id.
    pub model: String,
    /// Draws with an answer.
    pub solved: u64,
    /// Draws without one (no agreement): counted, never dropped silently.
    pub unsolved: u64,
    /// Per issue over solved draws.
    pub issues: Vec<IssueStats>,
    /// Probability that the model's outcome is accepted by every veto player.
    pub agreement_probability: f64,
    /// Its standard error.
    pub agreement_stderr: f64,
    /// Per package: probability of implementation under this model's terms.
    pub packages: Vec<PackageImplemented>,
    /// Outcome classes (`unclassified` when no rule matched, listed only if it happened).
    pub outcomes: Vec<OutcomeProb>,
}

/// Distribution of one issue's forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueStats {
    /// Issue id.
    pub issue: String,
    /// Mean.
    pub mean: Option<f64>,
    /// 5 % quantile.
    pub q05: Option<f64>,
    /// 25 % quantile.
    pub q25: Option<f64>,
    /// Median.
    pub q50: Option<f64>,
    /// 75 % quantile.
    pub q75: Option<f64>,
    /// 95 % quantile.
    pub q95: Option<f64>,
}

/// One outcome class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeProb {
    /// Outcome id.
    pub outcome: String,
    /// Name.
    pub name: String,
    /// Probability.
    pub probability: f64,
    /// Standard error.
    pub stderr: f64,
    /// Lowest and highest probability of this class across the models (the ensemble excluded).
    pub models_range: [f64; 2],
}

/// Build the report of a simulation of `s`.
pub fn simulate_report(s: &Scenario, variant: Option<&str>, sim: &Simulation) -> SimulateReport {
    let n = sim.draws;
    let models = sim
        .model_ids
        .iter()
        .zip(&sim.models)
        .map(|(id, m)| {
            let q = |k: usize, p: f64| m.quantile(k, p).map(tidy);
            let issues = s
                .issues()
                .iter()
                .enumerate()
                .map(|(k, i)| IssueStats {
                    issue: i.id.to_string(),
                    mean: m.mean(k).map(tidy),
                    q05: q(k, QUANTILES[0]),
                    q25: q(k, QUANTILES[1]),
                    q50: q(k, QUANTILES[2]),
                    q75: q(k, QUANTILES[3]),
                    q95: q(k, QUANTILES[4]),
                })
                .collect();
            let mut outcomes: Vec<OutcomeProb> = s
                .outcomes()
                .iter()
                .zip(&m.outcomes)
                .map(|(o, &c)| {
                    let p = Probability::of(c, n);
                    OutcomeProb {
                        outcome: o.id.clone(),
                        name: o.name.clone(),
                        probability: tidy(p.p),
                        stderr: tidy(p.stderr),
                        models_range: [0.0, 0.0],
                    }
                })
                .collect();
            if let Some(&c) = m.outcomes.last().filter(|&&c| c > 0) {
                let p = Probability::of(c, n);
                outcomes.push(OutcomeProb {
                    outcome: "unclassified".into(),
                    name: "No outcome rule matched".into(),
                    probability: tidy(p.p),
                    stderr: tidy(p.stderr),
                    models_range: [0.0, 0.0],
                });
            }
            let ag = Probability::of(m.agreements, n);
            ModelOut {
                model: id.clone(),
                solved: m.solved,
                unsolved: m.unsolved,
                issues,
                agreement_probability: tidy(ag.p),
                agreement_stderr: tidy(ag.stderr),
                packages: s
                    .packages()
                    .iter()
                    .zip(&m.implemented)
                    .map(|(pk, &c)| {
                        let p = Probability::of(c, n);
                        PackageImplemented {
                            package: pk.id.clone(),
                            implemented: tidy(p.p),
                            stderr: tidy(p.stderr),
                        }
                    })
                    .collect(),
                outcomes,
            }
        })
        .collect();
    let models = with_ranges(models);
    SimulateReport {
        version: OUTPUT_VERSION,
        scenario: s.id().into(),
        variant: variant.map(str::to_owned),
        draws: n,
        seed: sim.config.seed,
        settings: Settings {
            position_sd: sim.config.position_sd,
            salience_sd: sim.config.salience_sd,
            capability_sd: sim.config.capability_sd,
            red_lines: match sim.config.red_lines {
                RedLines::Shift => "shift".into(),
                RedLines::Fixed => "fixed".into(),
            },
        },
        zone: Probability::of(sim.zone_count, n).into(),
        rooms: sim
            .rooms
            .iter()
            .map(|(players, stages, c)| {
                let p = Probability::of(*c, n);
                RoomOut {
                    stages: stages.iter().map(|&i| s.stages()[i].id.clone()).collect(),
                    players: ids(s, players),
                    probability: tidy(p.p),
                    stderr: tidy(p.stderr),
                }
            })
            .collect(),
        packages: s
            .packages()
            .iter()
            .zip(&sim.agreed)
            .map(|(pk, &c)| {
                let p = Probability::of(c, n);
                PackageProb {
                    package: pk.id.clone(),
                    name: pk.name.clone(),
                    issues: pk.issues.iter().map(|&k| s.issues()[k].id.to_string()).collect(),
                    agreed: tidy(p.p),
                    stderr: tidy(p.stderr),
                }
            })
            .collect(),
        models,
    }
}

/// The lowest and highest probability of each class across `models`, the ensemble
/// excluded (a class a model never gives counts 0), in first-seen class order.
fn class_ranges(models: &[&ModelOut]) -> Vec<(String, [f64; 2])> {
    let of = |m: &ModelOut, id: &str| {
        m.outcomes
            .iter()
            .find(|o| o.outcome == id)
            .map_or(0.0, |o| o.probability)
    };
    let mut ranges: Vec<(String, [f64; 2])> = Vec::new();
    for id in models.iter().flat_map(|m| m.outcomes.iter().map(|o| &o.outcome)) {
        if ranges.iter().any(|(x, _)| x == id) {
            continue;
        }
        let ps: Vec<f64> = models
            .iter()
            .filter(|m| m.model != ENSEMBLE_ID)
            .map(|m| of(m, id))
            .collect();
        let lo = ps.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = ps.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        ranges.push((id.clone(), if lo <= hi { [lo, hi] } else { [0.0, 0.0] }));
    }
    ranges
}

/// Fill `models_range` of every outcome entry (see [`class_ranges`]).
fn with_ranges(mut models: Vec<ModelOut>) -> Vec<ModelOut> {
    let ranges = class_ranges(&models.iter().collect::<Vec<_>>());
    for m in &mut models {
        for o in &mut m.outcomes {
            if let Some((_, r)) = ranges.iter().find(|(x, _)| *x == o.outcome) {
                o.models_range = *r;
            }
        }
    }
    models
}

/// One line on how far the models are apart: the most likely class per model and the widest
/// range. Models that found no answer in any draw are named apart: their "outcome" is only the
/// status quo's class, not a forecast, so they neither make the models disagree nor widen the spread.
pub fn spread_line(r: &SimulateReport) -> String {
    let all: Vec<&ModelOut> = r.models.iter().filter(|m| m.model != ENSEMBLE_ID).collect();
    let silent: Vec<&str> = all.iter().filter(|m| m.solved == 0).map(|m| m.model.as_str()).collect();
    let models: Vec<&ModelOut> = all.into_iter().filter(|m| m.solved > 0).collect();
    let top = |m: &ModelOut| {
        m.outcomes
            .iter()
            .fold(None::<&OutcomeProb>, |best, o| match best {
                Some(b) if b.probability >= o.probability => Some(b),
                _ => Some(o),
            })
            .map(|o| o.outcome.clone())
            .unwrap_or_default()
    };
    // Range of each class across the answering models.
    let widest = class_ranges(&models).into_iter().map(|(c, [lo, hi])| (c, lo, hi)).fold(
        None::<(String, f64, f64)>,
        |best, x| match best {
            Some(b) if b.2 - b.1 >= x.2 - x.1 => Some(b),
            _ => Some(x),
        },
    );
    let mut by_class: Vec<(String, Vec<String>)> = Vec::new();
    for m in &models {
        let c = top(m);
        match by_class.iter_mut().find(|(x, _)| *x == c) {
            Some((_, ms)) => ms.push(m.model.clone()),
            None => by_class.push((c, vec![m.model.clone()])),
        }
    }
    let spread = widest.as_ref().map_or(0.0, |(_, lo, hi)| hi - lo);
    let widest_text = match &widest {
        Some((c, lo, hi)) if hi > lo => format!(" Widest spread: {c} from {} to {}.", pct(*lo), pct(*hi)),
        _ => String::new(),
    };
    let silent_text = match silent.len() {
        0 => String::new(),
        _ => format!(
            " {} found no answer in any draw (its row shows the status quo's class), so it is left out here.",
            silent.join(" and ")
        ),
    };
    if models.len() < 2 {
        silent_text.trim_start().to_owned()
    } else if by_class.len() > 1 || spread >= 0.2 {
        format!(
            "The models DISAGREE; most likely: {}.{widest_text} The ± is Monte Carlo error only, not this spread.{silent_text}",
            by_class
                .iter()
                .map(|(c, ms)| format!("{c} ({})", ms.join(", ")))
                .collect::<Vec<_>>()
                .join("; ")
        )
    } else {
        format!(
            "The models agree: {} is the most likely class under each.{widest_text}{silent_text}",
            by_class.first().map_or("", |(c, _)| c.as_str())
        )
    }
}

fn pct(p: f64) -> String {
    format!("{:.1}%", 100.0 * p)
}

fn opt(x: Option<f64>) -> String {
    x.map_or("—".into(), num)
}

/// Render a simulation for people.
pub fn simulate_table(r: &SimulateReport) -> String {
    let mut out = format!(
        "{}{} — {} draws, seed {}\n\n",
        r.scenario,
        r.variant.as_ref().map_or(String::new(), |v| format!(" [variant {v}]")),
        r.draws,
        r.seed
    );
    let mut header = vec!["outcome class".to_string()];
    header.extend(r.models.iter().map(|m| m.model.clone()));
    header.push("range across models".into());
    let mut t = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
    let mut names: Vec<(String, String)> = Vec::new();
    for m in &r.models {
        for o in &m.outcomes {
            if !names.iter().any(|(id, _)| id == &o.outcome) {
                names.push((o.outcome.clone(), o.name.clone()));
            }
        }
    }
    for (id, name) in &names {
        let mut row = vec![Cell::new(format!("{name} ({id})"))];
        for m in &r.models {
            row.push(Cell::new(
                m.outcomes
                    .iter()
                    .find(|o| &o.outcome == id)
                    .map_or("—".into(), |o| format!("{} ± {}", pct(o.probability), pct(o.stderr))),
            ));
        }
        let range = r
            .models
            .iter()
            .flat_map(|m| m.outcomes.iter())
            .find(|o| &o.outcome == id)
            .map_or("—".into(), |o| {
                format!("{} – {}", pct(o.models_range[0]), pct(o.models_range[1]))
            });
        row.push(Cell::new(range));
        t.add_row(row);
    }
    let mut row = vec![Cell::new("deal accepted by every veto player")];
    row.extend(r.models.iter().map(|m| {
        Cell::new(format!(
            "{} ± {}",
            pct(m.agreement_probability),
            pct(m.agreement_stderr)
        ))
    }));
    t.add_row(row);
    let mut row = vec![Cell::new("draws without an answer")];
    row.extend(r.models.iter().map(|m| Cell::new(m.unsolved.to_string())));
    t.add_row(row);
    let spread = spread_line(r);
    let tone = if spread.contains("DISAGREE") {
        Tone::Warn
    } else {
        Tone::Good
    };
    out.push_str(&format!(
        "Outcome classes (probability ± Monte Carlo standard error)\n{}{}\n\n",
        render(&mut t),
        paint(&spread, tone)
    ));
    if !r.packages.is_empty() {
        let mut header = vec!["package".to_string(), "agreed in the room".into()];
        header.extend(r.models.iter().map(|m| m.model.clone()));
        let mut pt = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
        for p in &r.packages {
            let label = if p.issues.len() == 1 && p.issues[0] == p.package {
                p.package.clone()
            } else {
                format!("{} ({})", p.package, p.issues.join(", "))
            };
            let mut row = vec![Cell::new(label), Cell::new(pct(p.agreed))];
            for m in &r.models {
                row.push(Cell::new(
                    m.packages
                        .iter()
                        .find(|x| x.package == p.package)
                        .map_or("—".into(), |x| pct(x.implemented)),
                ));
            }
            pt.add_row(row);
        }
        out.push_str(&format!(
            "Packages: agreed by the veto players in the last stage's room; per model: implemented, i.e. its terms also accepted by those absent\n{}\n",
            render(&mut pt)
        ));
    }
    out.push_str(&format!(
        "Agreement zone among all veto players: {} ± {}\n",
        pct(r.zone.probability),
        pct(r.zone.stderr)
    ));
    for room in &r.rooms {
        out.push_str(&format!(
            "Zone in the room of {} ({}): {} ± {}\n",
            room.stages.join(", "),
            room.players.join(", "),
            pct(room.probability),
            pct(room.stderr)
        ));
    }
    out.push('\n');
    for m in &r.models {
        let mut t = new_table(&["issue", "mean", "5%", "25%", "50%", "75%", "95%"]);
        for i in &m.issues {
            t.add_row(vec![
                i.issue.clone(),
                opt(i.mean),
                opt(i.q05),
                opt(i.q25),
                opt(i.q50),
                opt(i.q75),
                opt(i.q95),
            ]);
        }
        out.push_str(&format!(
            "{} — forecast distribution over {} solved draws\n{}",
            m.model,
            m.solved,
            render(&mut t)
        ));
    }
    fit_text(&out)
}

/// CSV summary: `kind,model,issue_or_outcome,mean,q05,q25,q50,q75,q95,probability,stderr`.
pub fn simulate_csv(r: &SimulateReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "kind",
        "model",
        "id",
        "mean",
        "q05",
        "q25",
        "q50",
        "q75",
        "q95",
        "probability",
        "stderr",
    ])?;
    let o = |x: Option<f64>| x.map_or(String::new(), |v| v.to_string());
    for m in &r.models {
        for i in &m.issues {
            w.write_record([
                "issue",
                &m.model,
                &i.issue,
                &o(i.mean),
                &o(i.q05),
                &o(i.q25),
                &o(i.q50),
                &o(i.q75),
                &o(i.q95),
                "",
                "",
            ])?;
        }
        for oc in &m.outcomes {
            w.write_record([
                "outcome",
                &m.model,
                &oc.outcome,
                "",
                "",
                "",
                "",
                "",
                "",
                &oc.probability.to_string(),
                &oc.stderr.to_string(),
            ])?;
        }
        w.write_record([
            "agreement",
            &m.model,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            &m.agreement_probability.to_string(),
            &m.agreement_stderr.to_string(),
        ])?;
    }
    w.write_record([
        "zone",
        "",
        "veto",
        "",
        "",
        "",
        "",
        "",
        "",
        &r.zone.probability.to_string(),
        &r.zone.stderr.to_string(),
    ])?;
    for room in &r.rooms {
        w.write_record([
            "zone",
            "",
            &room.players.join("+"),
            "",
            "",
            "",
            "",
            "",
            "",
            &room.probability.to_string(),
            &room.stderr.to_string(),
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `parley compare` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CompareReport {
    /// Always 1.
    pub version: u32,
    /// Baseline scenario id.
    pub scenario: String,
    /// Draws per run.
    pub draws: u64,
    /// Seed shared by every run (common random numbers).
    pub seed: u64,
    /// Every run, keyed by name (`baseline`, variant ids, other files' scenario ids).
    pub runs: BTreeMap<String, SimulateReport>,
    /// Order of the runs as given.
    pub order: Vec<String>,
    /// Each run minus the baseline.
    pub differences: BTreeMap<String, Difference>,
}

/// A run minus the baseline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// Shift of the veto-zone probability.
    pub zone: Shift,
    /// Per model present in both runs.
    pub models: Vec<ModelDiff>,
}

/// A probability shift; the stderr treats the runs as independent, which overstates
/// it under common random numbers (a conservative bound).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Shift {
    /// Variant minus baseline.
    pub shift: f64,
    /// Conservative standard error.
    pub stderr: f64,
}

/// One model's differences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelDiff {
    /// Model id.
    pub model: String,
    /// Shift of the agreement probability.
    pub agreement_shift: Shift,
    /// Per issue present in both runs.
    pub issues: Vec<IssueShift>,
    /// Per outcome class present in either run.
    pub outcomes: Vec<OutcomeShift>,
}

/// Shift of one issue's forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueShift {
    /// Issue id.
    pub issue: String,
    /// Mean shift.
    pub mean_shift: Option<f64>,
    /// Median shift.
    pub q50_shift: Option<f64>,
}

/// Shift of one outcome class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeShift {
    /// Outcome id.
    pub outcome: String,
    /// Probability shift.
    pub shift: f64,
    /// Conservative standard error.
    pub stderr: f64,
}

fn shift(a: (f64, f64), b: (f64, f64)) -> Shift {
    Shift {
        shift: tidy(b.0 - a.0),
        stderr: tidy((a.1 * a.1 + b.1 * b.1).sqrt()),
    }
}

/// The difference of run `b` against baseline `a`.
pub fn difference(a: &SimulateReport, b: &SimulateReport) -> Difference {
    let models = b
        .models
        .iter()
        .filter_map(|mb| {
            let ma = a.models.iter().find(|m| m.model == mb.model)?;
            let issues = mb
                .issues
                .iter()
                .filter_map(|ib| {
                    let ia = ma.issues.iter().find(|i| i.issue == ib.issue)?;
                    let d = |x: Option<f64>, y: Option<f64>| Some(tidy(y? - x?));
                    Some(IssueShift {
                        issue: ib.issue.clone(),
                        mean_shift: d(ia.mean, ib.mean),
                        q50_shift: d(ia.q50, ib.q50),
                    })
                })
                .collect();
            let mut ids: Vec<&String> = ma.outcomes.iter().map(|o| &o.outcome).collect();
            for o in &mb.outcomes {
                if !ids.contains(&&o.outcome) {
                    ids.push(&o.outcome);
                }
            }
            let get = |m: &ModelOut, id: &str| {
                m.outcomes
                    .iter()
                    .find(|o| o.outcome == id)
                    .map_or((0.0, 0.0), |o| (o.probability, o.stderr))
            };
            let outcomes = ids
                .into_iter()
                .map(|id| {
                    let s = shift(get(ma, id), get(mb, id));
                    OutcomeShift {
                        outcome: id.clone(),
                        shift: s.shift,
                        stderr: s.stderr,
                    }
                })
                .collect();
            Some(ModelDiff {
                model: mb.model.clone(),
                agreement_shift: shift(
                    (ma.agreement_probability, ma.agreement_stderr),
                    (mb.agreement_probability, mb.agreement_stderr),
                ),
                issues,
                outcomes,
            })
        })
        .collect();
    Difference {
        zone: shift((a.zone.probability, a.zone.stderr), (b.zone.probability, b.zone.stderr)),
        models,
    }
}

/// Render a comparison for people.
pub fn compare_table(r: &CompareReport) -> String {
    let mut out = format!(
        "{} — {} draws per run, seed {} (common random numbers)\n\n",
        r.scenario, r.draws, r.seed
    );
    let runs: Vec<&SimulateReport> = r.order.iter().filter_map(|n| r.runs.get(n)).collect();
    let Some(base) = runs.first() else { return out };
    let mut header = vec!["".to_string()];
    header.extend(r.order.iter().cloned());
    let mut t = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
    let mut row = vec!["zone among all veto players".to_string()];
    row.extend(runs.iter().map(|x| pct(x.zone.probability)));
    t.add_row(row);
    let max_rooms = runs.iter().map(|x| x.rooms.len()).max().unwrap_or(0);
    for i in 0..max_rooms {
        let mut row = vec![format!("zone in room {}", i + 1)];
        row.extend(runs.iter().map(|x| {
            x.rooms.get(i).map_or("—".into(), |room| {
                format!("{} ({})", pct(room.probability), room.players.join("+"))
            })
        }));
        t.add_row(row);
    }
    for m in &base.models {
        for o in &m.outcomes {
            let mut row = vec![format!("{}: {}", m.model, o.name)];
            for (j, x) in runs.iter().enumerate() {
                let p = x
                    .models
                    .iter()
                    .find(|mm| mm.model == m.model)
                    .and_then(|mm| mm.outcomes.iter().find(|oo| oo.outcome == o.outcome));
                let base_p = o.probability;
                row.push(match p {
                    Some(p) if j > 0 => format!("{} ({:+.1} pp)", pct(p.probability), 100.0 * (p.probability - base_p)),
                    Some(p) => pct(p.probability),
                    None => "—".into(),
                });
            }
            t.add_row(row);
        }
    }
    out.push_str(&format!(
        "Probabilities by run (shift against the baseline in percentage points)\n{}\n",
        render(&mut t)
    ));
    let mut shifts = new_table(&["run", "model", "issue", "median shift", "mean shift"]);
    for name in r.order.iter().skip(1) {
        if let Some(d) = r.differences.get(name) {
            for m in &d.models {
                for i in &m.issues {
                    if i.q50_shift.is_some_and(|v| v.abs() >= 0.05) || i.mean_shift.is_some_and(|v| v.abs() >= 0.05) {
                        shifts.add_row(vec![
                            name.clone(),
                            m.model.clone(),
                            i.issue.clone(),
                            opt(i.q50_shift),
                            opt(i.mean_shift),
                        ]);
                    }
                }
            }
        }
    }
    if shifts.row_count() > 0 {
        out.push_str(&format!(
            "Forecast shifts against the baseline (|shift| ≥ 0.05)\n{}",
            render(&mut shifts)
        ));
    } else {
        out.push_str("No forecast moves by 0.05 or more against the baseline.\n");
    }
    fit_text(&out)
}
