//! Monte Carlo over the inputs: perturbed draws, models, zones and outcome classes.
//!
//! # Draws
//! Draw `d` perturbs every stated position, salience and capability of the
//! scenario with a normal draw kept in the valid range:
//!
//! * position: sd = the position's `uncertainty`, else `position_sd × range`, censored
//!   (a draw beyond the scale is set to its end, so a position at an end keeps it in half
//!   of the draws);
//! * salience: sd = `salience_sd` (absolute), truncated to 0..=1;
//! * capability: sd = the actor's `uncertainty`, else `capability_sd × capability`, truncated to > 0;
//! * red lines move with their position (the accept interval shifts by the same
//!   amount, clipped to the scale; an end at the scale's end stays there) unless
//!   `red_lines = fixed`.
//!
//! Positions the file did not state (filled-in defaults) and `uncertainty = 0` stay fixed.
//!
//! Every random number comes from a ChaCha8 stream keyed by `(seed, draw, actor id,
//! issue id)`, so the same actor and issue get the same noise in a baseline and in a
//! variant that adds or removes other actors (common random numbers), and the results do not
//! depend on the thread count: draws run in parallel in fixed waves and are folded in draw order.
//!
//! # Summaries
//! Per model and issue: mean (exact, summed in draw order) and quantiles from a
//! histogram of [`HIST_BINS`] bins over the issue's scale (resolution range/16384),
//! so memory does not grow with the number of draws. Probabilities carry the
//! binomial standard error `sqrt(p(1 − p)/n)`.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, Normal};
use rayon::prelude::*;
use serde::Serialize;

use parley_core::{Scenario, UtilityFunction, UtilityShape};

use crate::classify::{Classifier, RuleInput};
use crate::deals::{self, Room, signed_outcome};
use crate::ensemble::{ENSEMBLE_ID, Ensemble};
use crate::model::{Model, ModelError};
use crate::models::nash::golden_max;
use crate::zopa::{GAIN_EPS, ZoneProblem, accepted_by_all, deal_players};

/// Histogram bins per issue for quantiles.
pub const HIST_BINS: usize = 16_384;
/// Draws per parallel wave (memory is bounded by one wave).
const WAVE: usize = 4_096;

/// What happens to red lines in a draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RedLines {
    /// Shift with the position's noise.
    Shift,
    /// Stay where the file puts them.
    Fixed,
}

/// Monte Carlo settings, validated by [`MonteCarloConfig::validate`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonteCarloConfig {
    /// Number of draws (1..=10^8).
    pub draws: u64,
    /// Seed.
    pub seed: u64,
    /// Default sd of a position, as a fraction of the issue's range.
    pub position_sd: f64,
    /// Sd of every stated salience (absolute).
    pub salience_sd: f64,
    /// Default sd of a capability, as a fraction of the capability.
    pub capability_sd: f64,
    /// Red-line handling.
    pub red_lines: RedLines,
}

impl Default for MonteCarloConfig {
    fn default() -> Self {
        Self {
            draws: 10_000,
            seed: 1,
            position_sd: 0.05,
            salience_sd: 0.05,
            capability_sd: 0.1,
            red_lines: RedLines::Shift,
        }
    }
}

impl MonteCarloConfig {
    /// Check ranges; the message names the setting.
    pub fn validate(&self) -> Result<(), String> {
        if self.draws == 0 || self.draws > 100_000_000 {
            return Err(format!("--draws {}: use 1..=100000000", self.draws));
        }
        for (name, v, hi) in [
            ("position-sd", self.position_sd, 1.0),
            ("salience-sd", self.salience_sd, 1.0),
            ("capability-sd", self.capability_sd, 10.0),
        ] {
            if !v.is_finite() || !(0.0..=hi).contains(&v) {
                return Err(format!("--{name} {v}: use a number in 0..={hi}"));
            }
        }
        Ok(())
    }
}

/// splitmix64 finaliser: a well-mixed 64-bit hash step.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// FNV-1a over text: a stable key for ids (std's hasher is not stable across releases).
fn key(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0u8)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// Truncated normal by rejection (64 tries, then the mean clamped into range).
fn truncated(rng: &mut ChaCha8Rng, mean: f64, sd: f64, lo: f64, hi: f64) -> f64 {
    if sd <= 0.0 {
        return mean.clamp(lo, hi);
    }
    if let Ok(n) = Normal::new(mean, sd) {
        for _ in 0..64 {
            let v = n.sample(rng);
            if v >= lo && v <= hi {
                return v;
            }
        }
    }
    mean.clamp(lo, hi)
}

/// Censored normal: a normal draw clamped into `[lo, hi]`. A position at the end of its scale
/// ("no change at all", "no limits") stays there in half of the draws instead of always being
/// pushed inward, as a truncated normal would (which made a side that wants exactly the status
/// quo accept some change in every draw).
fn censored(rng: &mut ChaCha8Rng, mean: f64, sd: f64, lo: f64, hi: f64) -> f64 {
    if sd <= 0.0 {
        return mean.clamp(lo, hi);
    }
    match Normal::new(mean, sd) {
        Ok(n) => n.sample(rng).clamp(lo, hi),
        Err(_) => mean.clamp(lo, hi),
    }
}

/// Precomputed noise settings of one scenario.
#[derive(Debug, Clone)]
pub struct Perturber {
    cfg: MonteCarloConfig,
    /// (key, mean, sd) per actor.
    capability: Vec<(u64, f64, f64)>,
    /// Per actor and issue: (key, position sd) for stated positions.
    positions: Vec<Vec<Option<(u64, f64)>>>,
}

impl Perturber {
    /// Prepare draws of `s`.
    pub fn new(s: &Scenario, cfg: &MonteCarloConfig) -> Self {
        let capability = s
            .actors()
            .iter()
            .enumerate()
            .map(|(a, actor)| {
                let sd = actor.uncertainty.unwrap_or(cfg.capability_sd * s.capability(a));
                (key(&["capability", actor.id.as_str()]), s.capability(a), sd)
            })
            .collect();
        let positions = (0..s.actors().len())
            .map(|a| {
                (0..s.issues().len())
                    .map(|k| {
                        let p = s.position(a, k);
                        (!p.defaulted).then(|| {
                            let sd = p.uncertainty.unwrap_or(cfg.position_sd * s.issues()[k].range());
                            (
                                key(&["position", s.actors()[a].id.as_str(), s.issues()[k].id.as_str()]),
                                sd,
                            )
                        })
                    })
                    .collect()
            })
            .collect();
        Self {
            cfg: cfg.clone(),
            capability,
            positions,
        }
    }

    fn rng(&self, draw: u64, k: u64) -> ChaCha8Rng {
        ChaCha8Rng::seed_from_u64(mix(self.cfg.seed ^ mix(draw ^ mix(k))))
    }

    /// The scenario of draw `d`.
    pub fn draw(&self, base: &Scenario, d: u64) -> Scenario {
        let mut s = base.clone();
        for (a, &(k, mean, sd)) in self.capability.iter().enumerate() {
            let mut rng = self.rng(d, k);
            s.set_capability(a, truncated(&mut rng, mean, sd, mean.min(1e-6), f64::INFINITY));
        }
        for (a, row) in self.positions.iter().enumerate() {
            for (k, slot) in row.iter().enumerate() {
                let Some((key, sd)) = *slot else { continue };
                let issue = &base.issues()[k];
                let p = base.position(a, k);
                let mut rng = self.rng(d, key);
                let x = censored(&mut rng, p.position, sd, issue.min, issue.max);
                let sal = truncated(&mut rng, p.salience, self.cfg.salience_sd, 0.0, 1.0);
                let shift = x - p.position;
                let accept = match self.cfg.red_lines {
                    RedLines::Fixed => p.accept,
                    RedLines::Shift => {
                        let end = |v: f64| if v == issue.min || v == issue.max { v } else { v + shift };
                        (end(p.accept.0), end(p.accept.1))
                    }
                };
                s.set_position(a, k, x, sal, accept);
            }
        }
        s
    }
}

/// One model's result in one draw.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelDraw {
    /// Forecast values, or None when the model found no answer.
    pub values: Option<Vec<f64>>,
    /// Accepted by every veto player?
    pub agreement: bool,
    /// Outcome class index (None: no rule matched).
    pub outcome: Option<usize>,
    /// Per package: implemented in the deciding room (agreed, and the absent veto players accept the terms).
    pub implemented: Vec<bool>,
}

/// Everything one draw produced.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawResult {
    /// Draw index.
    pub draw: u64,
    /// Does an agreement zone exist among all veto players?
    pub zone: bool,
    /// Per distinct room: does a zone exist among the veto players in it?
    pub rooms: Vec<bool>,
    /// Per package: agreed in the deciding room?
    pub agreed: Vec<bool>,
    /// Per model, then the ensemble (when two or more models run).
    pub models: Vec<ModelDraw>,
}

/// Is the zone of `players` non-empty? Shortcuts before the LP: an empty red-line
/// box means no; the status quo inside every box means yes (it is in the zone);
/// one or two players with preferences are solved exactly without an LP (below).
pub fn zone_exists(s: &Scenario, u: &UtilityFunction, players: &[usize]) -> Result<bool, ModelError> {
    let zp = ZoneProblem::new(s, u, players);
    let Some(boxes) = zp.boxes.iter().copied().collect::<Option<Vec<_>>>() else {
        return Ok(false);
    };
    if s.issues()
        .iter()
        .zip(&boxes)
        .all(|(i, (lo, hi))| i.status_quo >= *lo && i.status_quo <= *hi)
    {
        return Ok(true);
    }
    if u.shape() == UtilityShape::Linear && zp.caring.len() <= 2 {
        return Ok(best_common_gain(u, &zp.caring, &zp.sq_utility, &boxes) >= -GAIN_EPS);
    }
    Ok(zp.max_min_gain()?.is_some_and(|(g, _)| g >= -GAIN_EPS))
}

/// `max_x min_a (U_a(x) − U_a(sq))` over the box for one or two players with linear utilities.
///
/// By the minimax theorem this equals `min_{λ∈[0,1]} φ(λ)` with
/// `φ(λ) = max_x [λ g_1(x) + (1 − λ) g_2(x)]`, which is convex in λ. The inner maximum
/// is separable by issue, and on each issue a sum of two tents peaks at one of the
/// two ideal points clamped into the box, so φ costs O(issues); a golden-section
/// search over λ finds its minimum.
fn best_common_gain(u: &UtilityFunction, players: &[usize], sq: &[f64], boxes: &[(f64, f64)]) -> f64 {
    let inner = |lam: &[(usize, f64)]| -> f64 {
        let mut total = 0.0;
        for (k, &(lo, hi)) in boxes.iter().enumerate() {
            let mut best = f64::NEG_INFINITY;
            for &(a, _) in lam {
                let x = u.ideal(a, k).clamp(lo, hi);
                let v: f64 = lam.iter().map(|&(b, l)| l * u.term(b, k, x)).sum();
                best = best.max(v);
            }
            total += best;
        }
        total - lam.iter().map(|&(a, l)| l * sq[a]).sum::<f64>()
    };
    match players {
        [] => 0.0,
        [a] => inner(&[(*a, 1.0)]),
        [a, b, ..] => {
            let phi = |l: f64| inner(&[(*a, l), (*b, 1.0 - l)]);
            let l = golden_max(|l| -phi(l), 0.0, 1.0);
            phi(0.0).min(phi(1.0)).min(phi(l))
        }
    }
}

/// The distinct rooms of a scenario: veto players among each stage's participants
/// (all participants when none has a veto), deduplicated, with the stages they cover.
pub fn rooms(s: &Scenario) -> Vec<(Vec<usize>, Vec<usize>)> {
    let veto = s.veto_players();
    let mut out: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
    for (i, st) in s.stages().iter().enumerate() {
        let mut room: Vec<usize> = st.participants.iter().copied().filter(|a| veto.contains(a)).collect();
        if room.is_empty() {
            room = st.participants.clone();
        }
        room.sort_unstable();
        match out.iter_mut().find(|(r, _)| *r == room) {
            Some((_, stages)) => stages.push(i),
            None => out.push((room, vec![i])),
        }
    }
    out
}

/// What every draw shares: compiled rules, noise, rooms and the ensemble weights.
pub struct DrawSetup<'a> {
    /// The models.
    pub models: &'a [Box<dyn Model>],
    /// Outcome rules.
    pub classifier: Classifier,
    /// Noise.
    pub pert: Perturber,
    /// Distinct rooms (players, stages) for zone probabilities.
    pub rooms: Vec<(Vec<usize>, Vec<usize>)>,
    /// The room deals are made in for outcome rules.
    pub deciding: Room,
    /// Ensemble weights; None when fewer than two models run.
    pub ensemble: Option<Ensemble>,
}

impl<'a> DrawSetup<'a> {
    /// Prepare draws of `base`.
    pub fn new(base: &Scenario, models: &'a [Box<dyn Model>], cfg: &MonteCarloConfig) -> Result<Self, String> {
        Ok(Self {
            models,
            classifier: Classifier::new(base).map_err(|e| e.to_string())?,
            pert: Perturber::new(base, cfg),
            rooms: rooms(base),
            deciding: deals::deciding_room(base),
            ensemble: if models.len() >= 2 {
                Some(Ensemble::from_scenario(base).map_err(|e| e.to_string())?)
            } else {
                None
            },
        })
    }

    /// Model ids in the order of [`DrawResult::models`].
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self.models.iter().map(|m| m.info().id.to_string()).collect();
        if self.ensemble.is_some() {
            ids.push(ENSEMBLE_ID.into());
        }
        ids
    }
}

/// Run one draw.
pub fn run_draw(base: &Scenario, setup: &DrawSetup<'_>, d: u64) -> Result<DrawResult, String> {
    let s = setup.pert.draw(base, d);
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let players = deal_players(&s);
    let at = |e: ModelError| format!("draw {d}: {e}");
    let zone = zone_exists(&s, &u, &players).map_err(at)?;
    let room_zones = setup
        .rooms
        .iter()
        .map(|(r, _)| zone_exists(&s, &u, r).map_err(at))
        .collect::<Result<Vec<_>, _>>()?;
    // `room` in outcome rules: the room of the last stage (no stages: the whole zone).
    let last = base.stages().len().checked_sub(1);
    let room = last
        .and_then(|st| setup.rooms.iter().position(|(_, stages)| stages.contains(&st)))
        .map_or(zone, |i| room_zones[i]);
    let zones = deals::package_zones(&s, &u, &setup.deciding.present).map_err(at)?;
    let agreed: Vec<bool> = zones.iter().map(|z| z.agreed).collect();
    let sq = s.status_quo();
    let mut points: Vec<Option<Vec<f64>>> = Vec::with_capacity(setup.models.len() + 1);
    for m in setup.models {
        points.push(match m.forecast(&s) {
            Ok(f) => Some(f.values),
            Err(ModelError::NoAgreement(_)) => None,
            Err(e) => return Err(at(e)),
        });
    }
    if let Some(e) = &setup.ensemble {
        let ids: Vec<String> = setup.models.iter().map(|m| m.info().id.to_string()).collect();
        points.push(e.combine(ids.iter().map(String::as_str).zip(points.iter().map(|p| p.as_deref()))));
    }
    let mut out = Vec::with_capacity(points.len());
    for values in points {
        let agreement = values.as_deref().is_some_and(|x| accepted_by_all(&s, &u, &players, x));
        let ds = deals::deals(&s, &u, &setup.deciding, &zones, values.as_deref()).map_err(at)?;
        let signed = signed_outcome(&s, &ds);
        let implemented: Vec<bool> = ds.iter().map(|x| x.implemented).collect();
        let outcome = setup
            .classifier
            .classify(&RuleInput {
                point: values.as_deref().unwrap_or(&sq),
                agreement,
                zone,
                room,
                agreed: &agreed,
                implemented: &implemented,
                terms: &signed,
            })
            .map_err(|e| format!("draw {d}: {e}"))?;
        out.push(ModelDraw {
            values,
            agreement,
            outcome,
            implemented,
        });
    }
    Ok(DrawResult {
        draw: d,
        zone,
        rooms: room_zones,
        agreed,
        models: out,
    })
}

/// Streaming summary of one model.
#[derive(Debug, Clone)]
pub struct ModelSummary {
    /// Draws with an answer.
    pub solved: u64,
    /// Draws without (no agreement).
    pub unsolved: u64,
    /// Draws whose forecast every veto player accepts.
    pub agreements: u64,
    /// Per outcome class, then one more slot for "no rule matched".
    pub outcomes: Vec<u64>,
    /// Per package: draws in which it was implemented.
    pub implemented: Vec<u64>,
    sums: Vec<f64>,
    hist: Vec<Vec<u32>>,
    lo: Vec<f64>,
    hi: Vec<f64>,
}

impl ModelSummary {
    fn new(s: &Scenario) -> Self {
        let n = s.issues().len();
        Self {
            solved: 0,
            unsolved: 0,
            agreements: 0,
            outcomes: vec![0; s.outcomes().len() + 1],
            implemented: vec![0; s.packages().len()],
            sums: vec![0.0; n],
            hist: vec![vec![0; HIST_BINS]; n],
            lo: s.issues().iter().map(|i| i.min).collect(),
            hi: s.issues().iter().map(|i| i.max).collect(),
        }
    }

    fn add(&mut self, m: &ModelDraw) {
        match &m.values {
            Some(v) => {
                self.solved += 1;
                for (k, &x) in v.iter().enumerate() {
                    self.sums[k] += x;
                    let t = ((x - self.lo[k]) / (self.hi[k] - self.lo[k]) * HIST_BINS as f64).floor();
                    let b = (t.max(0.0) as usize).min(HIST_BINS - 1);
                    self.hist[k][b] += 1;
                }
            }
            None => self.unsolved += 1,
        }
        if m.agreement {
            self.agreements += 1;
        }
        let slot = m.outcome.unwrap_or(self.outcomes.len() - 1);
        self.outcomes[slot] += 1;
        for (c, &i) in self.implemented.iter_mut().zip(&m.implemented) {
            *c += u64::from(i);
        }
    }

    /// Mean of issue `k` over solved draws.
    pub fn mean(&self, k: usize) -> Option<f64> {
        (self.solved > 0).then(|| self.sums[k] / self.solved as f64)
    }

    /// Quantile `q` of issue `k` over solved draws (linear within a histogram bin).
    pub fn quantile(&self, k: usize, q: f64) -> Option<f64> {
        if self.solved == 0 {
            return None;
        }
        let target = q.clamp(0.0, 1.0) * self.solved as f64;
        let width = (self.hi[k] - self.lo[k]) / HIST_BINS as f64;
        let mut cum = 0.0;
        for (b, &c) in self.hist[k].iter().enumerate() {
            let c = f64::from(c);
            if c > 0.0 && cum + c >= target {
                let frac = ((target - cum) / c).clamp(0.0, 1.0);
                return Some(self.lo[k] + (b as f64 + frac) * width);
            }
            cum += c;
        }
        Some(self.hi[k])
    }
}

/// A probability with its Monte Carlo standard error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Probability {
    /// Estimate.
    pub p: f64,
    /// `sqrt(p (1 − p) / n)`.
    pub stderr: f64,
}

impl Probability {
    /// From a count out of `n`.
    pub fn of(count: u64, n: u64) -> Self {
        let p = if n == 0 { 0.0 } else { count as f64 / n as f64 };
        Self {
            p,
            stderr: if n == 0 { 0.0 } else { (p * (1.0 - p) / n as f64).sqrt() },
        }
    }
}

/// The whole simulation's summary.
#[derive(Debug, Clone)]
pub struct Simulation {
    /// Settings.
    pub config: MonteCarloConfig,
    /// Model ids, in order (the ensemble last, when two or more models ran).
    pub model_ids: Vec<String>,
    /// Per model.
    pub models: Vec<ModelSummary>,
    /// Draws with a zone among all veto players.
    pub zone_count: u64,
    /// Per package: draws in which the deciding room agreed it.
    pub agreed: Vec<u64>,
    /// Rooms (players, stage indices) and their zone counts.
    pub rooms: Vec<(Vec<usize>, Vec<usize>, u64)>,
    /// Draws run.
    pub draws: u64,
}

/// Run the simulation, streaming each draw (in draw order) to `on_draw` and
/// reporting progress (draws done) to `progress`.
pub fn simulate(
    base: &Scenario,
    models: &[Box<dyn Model>],
    cfg: &MonteCarloConfig,
    mut on_draw: impl FnMut(&DrawResult) -> Result<(), String>,
    mut progress: impl FnMut(u64),
) -> Result<Simulation, String> {
    cfg.validate()?;
    let setup = DrawSetup::new(base, models, cfg)?;
    let ids = setup.ids();
    let mut summaries: Vec<ModelSummary> = ids.iter().map(|_| ModelSummary::new(base)).collect();
    let mut zone_count = 0;
    let mut agreed = vec![0u64; base.packages().len()];
    let mut room_counts = vec![0u64; setup.rooms.len()];
    let mut start = 0u64;
    while start < cfg.draws {
        let end = (start + WAVE as u64).min(cfg.draws);
        // A wave with a draw for every thread keeps them busy: the models inside a draw then
        // run on its thread alone (same results, no splitting cost).
        let per_thread = end - start >= rayon::current_num_threads() as u64;
        let wave: Vec<Result<DrawResult, String>> = (start..end)
            .into_par_iter()
            .map(|d| {
                if per_thread {
                    crate::parallel::one_thread(|| run_draw(base, &setup, d))
                } else {
                    run_draw(base, &setup, d)
                }
            })
            .collect();
        for r in wave {
            let r = r?;
            zone_count += u64::from(r.zone);
            for (c, &a) in agreed.iter_mut().zip(&r.agreed) {
                *c += u64::from(a);
            }
            for (c, &z) in room_counts.iter_mut().zip(&r.rooms) {
                *c += u64::from(z);
            }
            for (sm, md) in summaries.iter_mut().zip(&r.models) {
                sm.add(md);
            }
            on_draw(&r)?;
        }
        progress(end);
        start = end;
    }
    Ok(Simulation {
        config: cfg.clone(),
        model_ids: ids,
        models: summaries,
        zone_count,
        agreed,
        rooms: setup
            .rooms
            .into_iter()
            .zip(room_counts)
            .map(|((r, st), c)| (r, st, c))
            .collect(),
        draws: cfg.draws,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_interpolate_within_a_bin_and_skip_empty_ones() {
        // One issue on 0..16384: a bin per unit. Ten draws at 100.5 (bin 100) and two at 300.2
        // (bin 300).
        let raw: parley_core::raw::RawScenario = serde_json::from_value(serde_json::json!({
            "format": 1, "scenario": {"id": "t", "title": "t"},
            "issue": [{"id": "x", "name": "x", "min": 0, "max": HIST_BINS, "status_quo": 0}],
            "actor": [{"id": "a", "name": "a", "capability": 1}],
            "position": [{"actor": "a", "issue": "x", "position": 0, "salience": 1}]}))
        .unwrap();
        let s = Scenario::from_raw(raw).unwrap();
        let mut m = ModelSummary::new(&s);
        let draw = |x: f64| ModelDraw {
            values: Some(vec![x]),
            agreement: false,
            outcome: None,
            implemented: vec![],
        };
        for _ in 0..10 {
            m.add(&draw(100.5));
        }
        m.add(&draw(300.2));
        m.add(&draw(300.2));
        // q = 0.25: 3 of the 10 in bin 100, linear within it: 100 + 3/10.
        assert!(
            (m.quantile(0, 0.25).unwrap() - 100.3).abs() < 1e-9,
            "{:?}",
            m.quantile(0, 0.25)
        );
        // q = 0.75: target 9, so 9/10 of bin 100.
        assert!((m.quantile(0, 0.75).unwrap() - 100.9).abs() < 1e-9);
        // q = 0.875: target 10.5, 0.5 of the 2 in bin 300 (the empty bins between are skipped).
        assert!((m.quantile(0, 0.875).unwrap() - 300.25).abs() < 1e-9);
        // q = 0: the lower edge of the first non-empty bin, not an empty bin before it.
        assert_eq!(m.quantile(0, 0.0), Some(100.0));
        assert_eq!(m.quantile(0, 1.0), Some(301.0));
    }

    #[test]
    fn two_player_shortcut_matches_the_lp() {
        use parley_core::raw::RawScenario;
        // Random two-player scenarios: the exact dual search and the LP agree on the best common gain.
        let mut state = 12345u64;
        let mut unit = || {
            state = mix(state);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        for _ in 0..200 {
            let mut v = serde_json::json!({"format": 1, "scenario": {"id": "t", "title": "t"},
                "issue": [], "actor": [{"id": "a", "name": "a", "capability": 1}, {"id": "b", "name": "b", "capability": 1}],
                "position": []});
            for k in 0..3 {
                v["issue"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({"id": format!("i{k}"), "name": "i", "status_quo": 100.0 * unit()}));
                for a in ["a", "b"] {
                    let p = 100.0 * unit();
                    let red = (p + 80.0 * unit() - 40.0).clamp(0.0, 100.0);
                    v["position"].as_array_mut().unwrap().push(serde_json::json!({"actor": a, "issue": format!("i{k}"), "position": p, "salience": unit(), "red_line": red}));
                }
            }
            let raw: RawScenario = serde_json::from_value(v).unwrap();
            let s = Scenario::from_raw(raw).unwrap();
            let u = UtilityFunction::new(&s, UtilityShape::Linear);
            let zp = ZoneProblem::new(&s, &u, &[0, 1]);
            let Some(boxes) = zp.boxes.iter().copied().collect::<Option<Vec<_>>>() else {
                continue;
            };
            let fast = best_common_gain(&u, &zp.caring, &zp.sq_utility, &boxes);
            let (lp, _) = zp.max_min_gain().unwrap().unwrap();
            assert!((fast - lp).abs() < 1e-7, "dual {fast} vs LP {lp}");
        }
    }

    #[test]
    fn probability_standard_error() {
        let p = Probability::of(25, 100);
        assert_eq!(p.p, 0.25);
        // sqrt(0.25 · 0.75 / 100) = 0.0433…
        assert!((p.stderr - (0.1875f64 / 100.0).sqrt()).abs() < 1e-15);
        assert_eq!(Probability::of(0, 0).p, 0.0);
    }

    #[test]
    fn keys_are_stable() {
        // Fixed values: changing the hash would silently change every seeded result.
        // FNV-1a of the bytes "a\0".
        assert_eq!(key(&["a"]), 0x089b_e207_b544_f1e4);
        assert_ne!(key(&["ab", "c"]), key(&["a", "bc"]));
        assert_eq!(mix(0), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn config_validation() {
        assert!(MonteCarloConfig::default().validate().is_ok());
        let bad = MonteCarloConfig {
            draws: 0,
            ..Default::default()
        };
        assert!(bad.validate().unwrap_err().contains("--draws"));
        let bad = MonteCarloConfig {
            salience_sd: f64::NAN,
            ..Default::default()
        };
        assert!(bad.validate().unwrap_err().contains("salience-sd"));
    }
}
