//! One-at-a-time sensitivity (tornado) and pivotal actors for the agreement zone.
//!
//! Each input (every capability, every stated position and salience) is set to
//! the 5th and then the 95th percentile of its own Monte Carlo distribution
//! (`base ± 1.645 sd`, clamped to its valid range; see [`crate::montecarlo`]),
//! all else at the file's values. For each end the models are run once
//! (forecast swing) and a Monte Carlo with the same seed gives the
//! outcome-class probabilities (probability swing, on common random numbers).
//! Inputs are ranked by the largest probability swing of any outcome class under
//! any model, then by the forecast swing (sum over issues of `|high − low| / range`).
//!
//! A veto player is *pivotal* when dropping its veto, or dropping its red lines
//! (accepting the whole scale), opens or closes the agreement zone.

use rayon::prelude::*;
use serde::Serialize;

use parley_core::{Scenario, UtilityFunction, UtilityShape};

use crate::model::{Model, ModelError};
use crate::montecarlo::{MonteCarloConfig, Probability, RedLines, simulate, zone_exists};
use crate::zopa::deal_players;

/// z of the 95th percentile of the standard normal.
const Z95: f64 = 1.644_853_626_951_472_2;

/// What an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// An actor's capability.
    Capability,
    /// An actor's position on an issue.
    Position,
    /// An actor's salience on an issue.
    Salience,
}

/// One input and its swing range.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Input {
    /// Kind.
    pub kind: InputKind,
    /// Actor index.
    pub actor: usize,
    /// Issue index (positions and saliences).
    pub issue: Option<usize>,
    /// File value.
    pub base: f64,
    /// 5th percentile.
    pub low: f64,
    /// 95th percentile.
    pub high: f64,
}

/// Every input of `s` with its range under `cfg`.
pub fn inputs(s: &Scenario, cfg: &MonteCarloConfig) -> Vec<Input> {
    let mut out = Vec::new();
    for (a, actor) in s.actors().iter().enumerate() {
        let c = s.capability(a);
        let sd = actor.uncertainty.unwrap_or(cfg.capability_sd * c);
        out.push(Input {
            kind: InputKind::Capability,
            actor: a,
            issue: None,
            base: c,
            low: (c - Z95 * sd).max(c.min(1e-6)),
            high: c + Z95 * sd,
        });
    }
    for a in 0..s.actors().len() {
        for (k, issue) in s.issues().iter().enumerate() {
            let p = s.position(a, k);
            if p.defaulted {
                continue;
            }
            let sd = p.uncertainty.unwrap_or(cfg.position_sd * issue.range());
            out.push(Input {
                kind: InputKind::Position,
                actor: a,
                issue: Some(k),
                base: p.position,
                low: issue.clamp(p.position - Z95 * sd),
                high: issue.clamp(p.position + Z95 * sd),
            });
            out.push(Input {
                kind: InputKind::Salience,
                actor: a,
                issue: Some(k),
                base: p.salience,
                low: (p.salience - Z95 * cfg.salience_sd).clamp(0.0, 1.0),
                high: (p.salience + Z95 * cfg.salience_sd).clamp(0.0, 1.0),
            });
        }
    }
    out.retain(|i| i.high > i.low);
    out
}

/// `s` with `input` set to `value` (a moved position carries its red lines along unless fixed).
pub fn apply(s: &Scenario, input: &Input, value: f64, red_lines: RedLines) -> Scenario {
    let mut t = s.clone();
    match (input.kind, input.issue) {
        (InputKind::Capability, _) => t.set_capability(input.actor, value),
        (InputKind::Position, Some(k)) => {
            let p = s.position(input.actor, k);
            let issue = &s.issues()[k];
            let shift = value - p.position;
            let accept = match red_lines {
                RedLines::Fixed => p.accept,
                RedLines::Shift => {
                    let end = |v: f64| if v == issue.min || v == issue.max { v } else { v + shift };
                    (end(p.accept.0), end(p.accept.1))
                }
            };
            t.set_position(input.actor, k, value, p.salience, accept);
        }
        (InputKind::Salience, Some(k)) => {
            let p = s.position(input.actor, k);
            t.set_position(input.actor, k, p.position, value, p.accept);
        }
        _ => {}
    }
    t
}

/// A model's forecast at the low and the high end of an input (None: no answer).
pub type Ends = (Option<Vec<f64>>, Option<Vec<f64>>);

/// The effect of one input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Swing {
    /// The input.
    pub input: Input,
    /// Per model: forecast at the low and high end (None: no answer).
    pub forecast: Vec<Ends>,
    /// Per model: Σ_k |high − low| / range_k (0 when either end has no answer).
    pub forecast_swing: Vec<f64>,
    /// Per model, per outcome class (+ unclassified): probability at the low and high end.
    pub outcomes: Vec<Vec<(f64, f64)>>,
    /// Largest |Δ probability| of any class under any model.
    pub probability_swing: f64,
}

/// Zone facts for pivotal actors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Pivot {
    /// Actor index (a veto player).
    pub actor: usize,
    /// Zone (file values) if it had no veto.
    pub without_veto: bool,
    /// Zone probability if it had no veto.
    pub without_veto_probability: Probability,
    /// Zone (file values) if it dropped its red lines.
    pub without_red_lines: bool,
    /// Zone probability if it dropped its red lines.
    pub without_red_lines_probability: Probability,
}

/// The sensitivity report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    /// Inputs ranked, most influential first.
    pub swings: Vec<Swing>,
    /// Zone with the file's values.
    pub zone: bool,
    /// Zone probability (Monte Carlo).
    pub zone_probability: Probability,
    /// Per veto player.
    pub pivots: Vec<Pivot>,
}

fn outcome_probs(s: &Scenario, models: &[Box<dyn Model>], cfg: &MonteCarloConfig) -> Result<Vec<Vec<f64>>, String> {
    let sim = simulate(s, models, cfg, |_| Ok(()), |_| {})?;
    // The models only: the ensemble's entry (last) is not ranked here.
    Ok(sim
        .models
        .iter()
        .take(models.len())
        .map(|m| m.outcomes.iter().map(|&c| Probability::of(c, sim.draws).p).collect())
        .collect())
}

fn zone_prob(s: &Scenario, cfg: &MonteCarloConfig) -> Result<Probability, String> {
    let sim = simulate(s, &[], cfg, |_| Ok(()), |_| {})?;
    Ok(Probability::of(sim.zone_count, sim.draws))
}

fn zone_now(s: &Scenario) -> Result<bool, ModelError> {
    let u = UtilityFunction::new(s, UtilityShape::Linear);
    zone_exists(s, &u, &deal_players(s))
}

/// Run the analysis. `cfg.draws` is the Monte Carlo size at each end of each input.
pub fn sensitivity(s: &Scenario, models: &[Box<dyn Model>], cfg: &MonteCarloConfig) -> Result<Sensitivity, String> {
    sensitivity_with_progress(s, models, cfg, &|_, _| {})
}

/// [`sensitivity`], calling `progress(done, total)` as steps finish (an input, a veto player).
pub fn sensitivity_with_progress(
    s: &Scenario,
    models: &[Box<dyn Model>],
    cfg: &MonteCarloConfig,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<Sensitivity, String> {
    cfg.validate()?;
    let list = inputs(s, cfg);
    let total = (list.len() + s.veto_players().len() + 1) as u64;
    let mut done = 0;
    // Inputs run one after another; each simulation is parallel inside, so the
    // results are the same for any thread count.
    let mut swings = Vec::with_capacity(list.len());
    for input in list {
        let lo = apply(s, &input, input.low, cfg.red_lines);
        let hi = apply(s, &input, input.high, cfg.red_lines);
        let forecast: Vec<Ends> = models
            .par_iter()
            .map(|m| {
                (
                    m.forecast(&lo).ok().map(|f| f.values),
                    m.forecast(&hi).ok().map(|f| f.values),
                )
            })
            .collect();
        let forecast_swing = forecast
            .iter()
            .map(|(a, b)| match (a, b) {
                (Some(a), Some(b)) => a
                    .iter()
                    .zip(b)
                    .zip(s.issues())
                    .map(|((x, y), i)| (y - x).abs() / i.range())
                    .sum(),
                _ => 0.0,
            })
            .collect();
        let pl = outcome_probs(&lo, models, cfg)?;
        let ph = outcome_probs(&hi, models, cfg)?;
        let outcomes: Vec<Vec<(f64, f64)>> = pl
            .iter()
            .zip(&ph)
            .map(|(a, b)| a.iter().copied().zip(b.iter().copied()).collect())
            .collect();
        let probability_swing = outcomes
            .iter()
            .flat_map(|m| m.iter().map(|(a, b)| (b - a).abs()))
            .fold(0.0, f64::max);
        swings.push(Swing {
            input,
            forecast,
            forecast_swing,
            outcomes,
            probability_swing,
        });
        done += 1;
        progress(done, total);
    }
    swings.sort_by(|a, b| {
        let fa: f64 = a.forecast_swing.iter().copied().fold(0.0, f64::max);
        let fb: f64 = b.forecast_swing.iter().copied().fold(0.0, f64::max);
        b.probability_swing
            .total_cmp(&a.probability_swing)
            .then(fb.total_cmp(&fa))
    });
    let mut pivots = Vec::new();
    for a in s.veto_players() {
        let mut raw = s.raw().clone();
        let id = s.actors()[a].id.as_str();
        if let Some(actor) = raw.actors.iter_mut().find(|x| x.id == id) {
            actor.veto = Some(false);
        }
        raw.variants.clear();
        let no_veto = Scenario::from_raw(raw).map_err(|e| format!("{e:?}"))?;
        let mut no_lines = s.clone();
        for k in 0..s.issues().len() {
            let p = s.position(a, k);
            let issue = &s.issues()[k];
            no_lines.set_position(a, k, p.position, p.salience, (issue.min, issue.max));
        }
        pivots.push(Pivot {
            actor: a,
            without_veto: zone_now(&no_veto).map_err(|e| e.to_string())?,
            without_veto_probability: zone_prob(&no_veto, cfg)?,
            without_red_lines: zone_now(&no_lines).map_err(|e| e.to_string())?,
            without_red_lines_probability: zone_prob(&no_lines, cfg)?,
        });
        done += 1;
        progress(done, total);
    }
    let zone_probability = zone_prob(s, cfg)?;
    progress(total, total);
    Ok(Sensitivity {
        swings,
        zone: zone_now(s).map_err(|e| e.to_string())?,
        zone_probability,
        pivots,
    })
}
