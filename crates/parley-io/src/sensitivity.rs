//! `parley sensitivity`: JSON contract (version 1) and the tornado table.
//!
//! ```text
//! {"version": 1, "scenario": "<id>", "draws": n, "seed": n, "models": ["<id>", …],
//!  "inputs": [{"rank", "input", "kind", "actor", "issue", "base", "low", "high",
//!              "probability_swing", "forecast_swing": {"<model>": x},
//!              "outcomes": [{"model", "outcome", "low", "high"}],
//!              "largest_shift": {"model", "issue", "low", "high"} | null}],
//!  "zone": {"feasible", "probability", "stderr"},
//!  "pivotal": [{"actor", "without_veto": {"feasible", "probability", "stderr"},
//!               "without_red_lines": {…}, "pivotal": bool}]}
//! ```

use parley_core::Scenario;
use parley_models::montecarlo::{MonteCarloConfig, Probability};
use parley_models::sensitivity::{InputKind, Sensitivity};
use serde::{Deserialize, Serialize};

use crate::report::{OUTPUT_VERSION, tidy};
use crate::table::{Tone, fit_text, new_table, num, num2, paint, render, width};

/// The document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SensitivityReport {
    /// Always 1.
    pub version: u32,
    /// Scenario id.
    pub scenario: String,
    /// Draws per end of each input.
    pub draws: u64,
    /// Seed.
    pub seed: u64,
    /// Models.
    pub models: Vec<String>,
    /// Ranked inputs.
    pub inputs: Vec<InputOut>,
    /// The zone with the file's values.
    pub zone: ZoneFact,
    /// Per veto player.
    pub pivotal: Vec<PivotOut>,
}

/// One ranked input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputOut {
    /// 1 = most influential.
    pub rank: usize,
    /// Readable name, e.g. `position russia/army`.
    pub input: String,
    /// `capability`, `position` or `salience`.
    pub kind: String,
    /// Actor id.
    pub actor: String,
    /// Issue id.
    pub issue: Option<String>,
    /// File value.
    pub base: f64,
    /// Low end (5th percentile).
    pub low: f64,
    /// High end (95th percentile).
    pub high: f64,
    /// Largest |Δ probability| of an outcome class.
    pub probability_swing: f64,
    /// Per model: Σ |Δ forecast| / range.
    pub forecast_swing: std::collections::BTreeMap<String, f64>,
    /// Outcome probabilities at both ends.
    pub outcomes: Vec<OutcomeEnds>,
    /// The single largest forecast shift.
    pub largest_shift: Option<ShiftOut>,
}

/// An outcome class at both ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutcomeEnds {
    /// Model id.
    pub model: String,
    /// Outcome id.
    pub outcome: String,
    /// Probability at the low end.
    pub low: f64,
    /// Probability at the high end.
    pub high: f64,
}

/// A forecast at both ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShiftOut {
    /// Model id.
    pub model: String,
    /// Issue id.
    pub issue: String,
    /// Forecast at the low end.
    pub low: f64,
    /// Forecast at the high end.
    pub high: f64,
}

/// Zone existence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneFact {
    /// With the file's values.
    pub feasible: bool,
    /// Monte Carlo probability.
    pub probability: f64,
    /// Standard error.
    pub stderr: f64,
}

/// One veto player.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PivotOut {
    /// Actor id.
    pub actor: String,
    /// Zone if it had no veto.
    pub without_veto: ZoneFact,
    /// Zone if it dropped its red lines.
    pub without_red_lines: ZoneFact,
    /// Does either change open or close the zone (file values)?
    pub pivotal: bool,
}

fn fact(feasible: bool, p: Probability) -> ZoneFact {
    ZoneFact {
        feasible,
        probability: tidy(p.p),
        stderr: tidy(p.stderr),
    }
}

/// Build the report.
pub fn sensitivity_report(
    s: &Scenario,
    models: &[String],
    cfg: &MonteCarloConfig,
    r: &Sensitivity,
) -> SensitivityReport {
    let mut outcome_ids: Vec<String> = s.outcomes().iter().map(|o| o.id.clone()).collect();
    outcome_ids.push("unclassified".into());
    let inputs = r
        .swings
        .iter()
        .enumerate()
        .map(|(rank, sw)| {
            let actor = s.actors()[sw.input.actor].id.to_string();
            let issue = sw.input.issue.map(|k| s.issues()[k].id.to_string());
            let kind = match sw.input.kind {
                InputKind::Capability => "capability",
                InputKind::Position => "position",
                InputKind::Salience => "salience",
            };
            let mut largest: Option<ShiftOut> = None;
            let mut best = 0.0;
            for (m, (lo, hi)) in models.iter().zip(&sw.forecast) {
                if let (Some(lo), Some(hi)) = (lo, hi) {
                    for (k, (a, b)) in lo.iter().zip(hi).enumerate() {
                        let d = (b - a).abs() / s.issues()[k].range();
                        if d > best {
                            best = d;
                            largest = Some(ShiftOut {
                                model: m.clone(),
                                issue: s.issues()[k].id.to_string(),
                                low: tidy(*a),
                                high: tidy(*b),
                            });
                        }
                    }
                }
            }
            InputOut {
                rank: rank + 1,
                input: match &issue {
                    Some(i) => format!("{kind} {actor}/{i}"),
                    None => format!("{kind} {actor}"),
                },
                kind: kind.into(),
                actor,
                issue,
                base: tidy(sw.input.base),
                low: tidy(sw.input.low),
                high: tidy(sw.input.high),
                probability_swing: tidy(sw.probability_swing),
                forecast_swing: models
                    .iter()
                    .cloned()
                    .zip(sw.forecast_swing.iter().map(|&v| tidy(v)))
                    .collect(),
                outcomes: models
                    .iter()
                    .zip(&sw.outcomes)
                    .flat_map(|(m, ends)| {
                        ends.iter()
                            .zip(&outcome_ids)
                            .filter(|((a, b), _)| *a > 0.0 || *b > 0.0)
                            .map(move |((a, b), o)| OutcomeEnds {
                                model: m.clone(),
                                outcome: o.clone(),
                                low: tidy(*a),
                                high: tidy(*b),
                            })
                    })
                    .collect(),
                largest_shift: largest,
            }
        })
        .collect();
    SensitivityReport {
        version: OUTPUT_VERSION,
        scenario: s.id().into(),
        draws: cfg.draws,
        seed: cfg.seed,
        models: models.to_vec(),
        inputs,
        zone: fact(r.zone, r.zone_probability),
        pivotal: r
            .pivots
            .iter()
            .map(|p| PivotOut {
                actor: s.actors()[p.actor].id.to_string(),
                without_veto: fact(p.without_veto, p.without_veto_probability),
                without_red_lines: fact(p.without_red_lines, p.without_red_lines_probability),
                pivotal: p.without_veto != r.zone || p.without_red_lines != r.zone,
            })
            .collect(),
    }
}

/// The tornado table (top `top` inputs) and the pivotal actors.
pub fn sensitivity_table(r: &SensitivityReport, top: usize) -> String {
    let mut out = format!(
        "{} — one-at-a-time swings (5th to 95th percentile of each input), {} draws per end, seed {}\n",
        r.scenario, r.draws, r.seed
    );
    let max = r.inputs.iter().map(|i| i.probability_swing).fold(0.0, f64::max);
    // The bar shrinks on narrow terminals to leave room for the text columns.
    let bar_max = if width() >= 120 { 20.0 } else { 10.0 };
    let mut t = new_table(&[
        "#",
        "input",
        "low → high",
        "outcome probability swing",
        "",
        "largest forecast shift",
    ]);
    for i in r.inputs.iter().take(top) {
        let biggest = i
            .outcomes
            .iter()
            .max_by(|a, b| (a.high - a.low).abs().total_cmp(&(b.high - b.low).abs()))
            .filter(|o| (o.high - o.low).abs() > 0.0);
        let bar_len = if max > 0.0 {
            (bar_max * i.probability_swing / max).round() as usize
        } else {
            0
        };
        t.add_row(vec![
            i.rank.to_string(),
            i.input.clone(),
            format!("{} → {}", num2(i.low), num2(i.high)),
            biggest.map_or("—".into(), |o| {
                format!(
                    "{} {}: {:.0}% → {:.0}%",
                    o.model,
                    o.outcome,
                    100.0 * o.low,
                    100.0 * o.high
                )
            }),
            "█".repeat(bar_len),
            i.largest_shift.as_ref().map_or("—".into(), |sh| {
                format!("{} {}: {} → {}", sh.model, sh.issue, num(sh.low), num(sh.high))
            }),
        ]);
    }
    out.push_str(&render(&mut t));
    out.push_str(&format!(
        "Agreement zone among all veto players: {} with the file's values, {:.1}% ± {:.1}% under uncertainty\n",
        if r.zone.feasible {
            paint("exists", Tone::Good)
        } else {
            paint("empty", Tone::Bad)
        },
        100.0 * r.zone.probability,
        100.0 * r.zone.stderr
    ));
    let mut p = new_table(&[
        "veto player",
        "zone without its veto",
        "zone without its red lines",
        "pivotal",
    ]);
    let cell = |f: &ZoneFact| {
        format!(
            "{} ({:.1}%)",
            if f.feasible { "exists" } else { "empty" },
            100.0 * f.probability
        )
    };
    for v in &r.pivotal {
        p.add_row(vec![
            v.actor.clone(),
            cell(&v.without_veto),
            cell(&v.without_red_lines),
            if v.pivotal { "yes".into() } else { "no".into() },
        ]);
    }
    out.push_str(&render(&mut p));
    fit_text(&out)
}
