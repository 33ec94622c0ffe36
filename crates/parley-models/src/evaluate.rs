//! Forecast accuracy against known outcomes: every model on every case, each issue's error,
//! and the statistics a forecaster reads (issue 9).
//!
//! A [`Case`] is a scenario whose real outcome is known on some of its issues (an EU
//! legislative proposal of the DEU III data, say). Each model forecasts each case once; an
//! issue's error is `|forecast − outcome|` in percent of the issue's range (points on a 0–100
//! scale). Per model: the mean absolute error (MAE), the median, the share of issues within 10
//! points, a bootstrap 95% interval of the MAE, and a paired comparison with a baseline model
//! on the issues both answered (wins, losses, ties, and the two-sided sign test's p-value).
//!
//! A model that gives no answer on a case (Nash when no deal helps every veto player) is
//! scored on the issues it answers; `failed` counts the rest, so its MAE is over a subset.
//! The paired comparison is over the common issues, so it is fair whatever the subsets.

use rand::RngExt;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;

use parley_core::Scenario;

use crate::model::Model;

/// A scenario with the outcome that actually happened on some of its issues.
#[derive(Debug, Clone)]
pub struct Case {
    /// Where it comes from, e.g. `d00032i1` (a DEU III issue).
    pub id: String,
    /// Cases of one group (a DEU III proposal) stay in one fold of a cross-validation.
    pub group: String,
    /// The scenario as it stood before the decision.
    pub scenario: Scenario,
    /// Per issue of the scenario, the real outcome (None: not recorded).
    pub truth: Vec<Option<f64>>,
}

impl Case {
    /// A case from a scenario whose issues carry their `actual` values.
    pub fn from_scenario(group: String, scenario: Scenario) -> Self {
        Self {
            id: scenario.id().to_string(),
            group,
            truth: scenario.issues().iter().map(|i| i.actual).collect(),
            scenario,
        }
    }
}

/// How [`evaluate`] summarises.
#[derive(Debug, Clone)]
pub struct EvalConfig {
    /// Bootstrap resamples for the MAE's interval.
    pub resamples: usize,
    /// Seed of the bootstrap (ChaCha8).
    pub seed: u64,
    /// Fit a blend of the models by cross-validation and score it out of fold.
    pub cv: Option<CvConfig>,
}

/// The model the others are compared with: the field's long-standing baseline.
pub const BASELINE: &str = "compromise";

impl Default for EvalConfig {
    fn default() -> Self {
        Self {
            resamples: 2000,
            seed: 1,
            cv: None,
        }
    }
}

/// The comparison of a model with the baseline on the issues both answered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Paired {
    /// The baseline's id.
    pub baseline: String,
    /// Issues both answered.
    pub pairs: usize,
    /// Issues where the model's error is smaller, larger, equal (within 1e-9 points).
    pub wins: usize,
    pub losses: usize,
    pub ties: usize,
    /// Mean of (model's error − baseline's error): negative when the model is better.
    pub mean_difference: f64,
    /// Two-sided exact sign test on wins against losses (ties left out).
    pub p: f64,
}

/// One model's accuracy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ModelScore {
    /// Model id.
    pub model: String,
    /// Issues with a known outcome that the model answered.
    pub scored: usize,
    /// Issues with a known outcome that it did not answer.
    pub failed: usize,
    /// Mean absolute error, in points (percent of the issue's range).
    pub mae: f64,
    /// Median absolute error.
    pub median_ae: f64,
    /// Share of issues with an error of at most 10 points.
    pub within10: f64,
    /// Percentile bootstrap 95% interval of the MAE (issues resampled).
    pub mae_ci95: [f64; 2],
    /// Against the compromise model (absent for it, or when it is not evaluated).
    pub vs_compromise: Option<Paired>,
}

/// Every model's accuracy on a set of cases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluation {
    /// Issues with a known outcome.
    pub cases: usize,
    /// Scenarios they come in.
    pub scenarios: usize,
    /// Per model, in the order given; then the cross-validated blend, if fitted
    /// (model `blend-cv`, scored on its out-of-fold forecasts).
    pub models: Vec<ModelScore>,
    /// The blend's settings and weights.
    pub cv: Option<CvSummary>,
    /// Parameters tuned by cross-validation (a `<model>-cv` row each).
    pub tuned: Vec<TunedSummary>,
}

/// One model parameter to tune: the model built with each candidate value.
pub struct Tuning {
    /// Model id and parameter name.
    pub model: String,
    pub param: String,
    /// The candidate values, and the model built with each.
    pub values: Vec<serde_json::Value>,
    pub candidates: Vec<Box<dyn Model>>,
}

/// How a parameter was tuned: the value chosen on all the data and in each fold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TunedSummary {
    /// The row's model id (`<model>-cv`), the model and the parameter.
    pub id: String,
    pub model: String,
    pub param: String,
    /// Candidates, the one with the smallest MAE on all the data, and in each fold the one
    /// chosen without that fold's issues.
    pub values: Vec<serde_json::Value>,
    pub chosen: serde_json::Value,
    pub fold_choices: Vec<serde_json::Value>,
}

/// The model id of the cross-validated blend's row.
pub const BLEND_ID: &str = "blend-cv";

/// How the blend was fitted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CvSummary {
    /// Folds, the seed that dealt them, the grid's step (1/grid).
    pub folds: usize,
    pub seed: u64,
    pub grid: usize,
    /// The fitted blend.
    #[serde(flatten)]
    pub blend: Blend,
}

/// Every model's forecast on every issue with a known outcome, with the truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecasts {
    /// Per model, per issue (None: no answer).
    pub values: Vec<Vec<Option<f64>>>,
    /// Per issue: the outcome, the issue's range, and the index of its case's group.
    pub truth: Vec<f64>,
    pub range: Vec<f64>,
    pub group: Vec<usize>,
}

impl Forecasts {
    /// Model `m`'s error on each issue in points (percent of the range).
    pub fn errors(&self, m: usize) -> Vec<Option<f64>> {
        self.values[m]
            .iter()
            .zip(self.truth.iter().zip(&self.range))
            .map(|(v, (t, r))| v.map(|v| 100.0 * (v - t).abs() / r))
            .collect()
    }
}

/// Each model's forecast on each issue with a known outcome, in case order. Cases run in
/// parallel; the result does not depend on the thread count.
pub fn forecasts(cases: &[Case], models: &[&dyn Model], progress: &(dyn Fn(usize) + Sync)) -> Forecasts {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let per_case: Vec<Vec<Vec<Option<f64>>>> = cases
        .par_iter()
        .map(|c| {
            let row = models
                .iter()
                .map(|m| {
                    let f = m.forecast(&c.scenario).ok();
                    c.truth
                        .iter()
                        .enumerate()
                        .filter(|(_, t)| t.is_some())
                        .map(|(k, _)| {
                            f.as_ref()
                                .and_then(|f| f.values.get(k).copied())
                                .filter(|v| v.is_finite())
                        })
                        .collect()
                })
                .collect();
            progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1);
            row
        })
        .collect();
    let mut groups: Vec<&str> = Vec::new();
    let (mut truth, mut range, mut group) = (Vec::new(), Vec::new(), Vec::new());
    for c in cases {
        let g = match groups.iter().position(|g| *g == c.group) {
            Some(g) => g,
            None => {
                groups.push(&c.group);
                groups.len() - 1
            }
        };
        for (k, t) in c.truth.iter().enumerate() {
            if let Some(t) = t {
                truth.push(*t);
                range.push(c.scenario.issues().get(k).map_or(f64::NAN, |i| i.range()));
                group.push(g);
            }
        }
    }
    // Model-major, issues in case order.
    let values = (0..models.len())
        .map(|m| per_case.iter().flat_map(|row| row[m].iter().copied()).collect())
        .collect();
    Forecasts {
        values,
        truth,
        range,
        group,
    }
}

/// One model's statistics from its errors, compared with the baseline's (`base`) if given.
fn score(id: &str, e: &[Option<f64>], base: Option<&[Option<f64>]>, cfg: &EvalConfig) -> ModelScore {
    let got: Vec<f64> = e.iter().flatten().copied().collect();
    ModelScore {
        model: id.to_string(),
        scored: got.len(),
        failed: e.len() - got.len(),
        mae: mean(&got),
        median_ae: median(&got),
        within10: share_within(&got, 10.0),
        mae_ci95: bootstrap_mean_ci(&got, cfg.resamples, cfg.seed),
        vs_compromise: base.map(|b| paired(BASELINE, e, b)),
    }
}

/// The statistics of each model's errors.
pub fn summarise(ids: &[String], errs: &[Vec<Option<f64>>], scenarios: usize, cfg: &EvalConfig) -> Evaluation {
    let cases = errs.first().map_or(0, Vec::len);
    let base = ids.iter().position(|id| id == BASELINE);
    let models = ids
        .iter()
        .zip(errs)
        .enumerate()
        .map(|(m, (id, e))| score(id, e, base.filter(|&b| b != m).map(|b| errs[b].as_slice()), cfg))
        .collect();
    Evaluation {
        cases,
        scenarios,
        models,
        cv: None,
        tuned: Vec::new(),
    }
}

/// Run every model on every case and summarise: [`forecasts`] then [`summarise`], then the
/// cross-validated blend if `cfg.cv` asks for it.
pub fn evaluate(
    cases: &[Case],
    models: &[Box<dyn Model>],
    cfg: &EvalConfig,
    progress: &(dyn Fn(usize) + Sync),
) -> Evaluation {
    evaluate_tuned(cases, models, Vec::new(), cfg, progress)
}

/// [`evaluate`] with parameters tuned by cross-validation (needs `cfg.cv`; without it the
/// tunings are ignored): each tuning's candidates forecast every case, each fold takes the
/// candidate with the smallest MAE on the other folds (the first on a tie), and the row
/// `<model>-cv` is scored on those out-of-fold forecasts.
pub fn evaluate_tuned(
    cases: &[Case],
    models: &[Box<dyn Model>],
    tunings: Vec<Tuning>,
    cfg: &EvalConfig,
    progress: &(dyn Fn(usize) + Sync),
) -> Evaluation {
    let ids: Vec<String> = models.iter().map(|m| m.info().id.to_string()).collect();
    let mut all: Vec<&dyn Model> = models.iter().map(|m| m.as_ref()).collect();
    for t in &tunings {
        all.extend(t.candidates.iter().map(|m| m.as_ref()));
    }
    let f = forecasts(cases, &all, progress);
    let errs: Vec<Vec<Option<f64>>> = (0..ids.len()).map(|m| f.errors(m)).collect();
    let mut ev = summarise(&ids, &errs, cases.len(), cfg);
    let base = ids.iter().position(|id| id == BASELINE).map(|b| errs[b].as_slice());
    let Some(cv) = &cfg.cv else { return ev };
    let oof_errors = |v: &[f64]| -> Vec<Option<f64>> {
        v.iter()
            .zip(f.truth.iter().zip(&f.range))
            .map(|(v, (t, r))| v.is_finite().then(|| 100.0 * (v - t).abs() / r))
            .collect()
    };
    if let Some(blend) = cross_validated_blend(&f, &ids, cv) {
        ev.models
            .push(score(BLEND_ID, &oof_errors(&blend.out_of_fold), base, cfg));
        ev.cv = Some(CvSummary {
            folds: cv.folds,
            seed: cv.seed,
            grid: cv.grid,
            blend,
        });
    }
    let fold = issue_folds(&f, cv);
    let mut at = ids.len();
    for t in tunings {
        let cand: Vec<usize> = (at..at + t.candidates.len()).collect();
        at += t.candidates.len();
        let all_issues: Vec<usize> = (0..f.truth.len()).collect();
        let chosen = best_candidate(&f, &cand, &all_issues);
        let fold_choices: Vec<usize> = (0..cv.folds)
            .map(|k| {
                let train: Vec<usize> = all_issues.iter().copied().filter(|&i| fold[i] != k).collect();
                best_candidate(&f, &cand, &train)
            })
            .collect();
        let oof: Vec<f64> = all_issues
            .iter()
            .map(|&i| f.values[cand[fold_choices[fold[i]]]][i].unwrap_or(f64::NAN))
            .collect();
        let id = format!("{}-cv", t.model);
        ev.models.push(score(&id, &oof_errors(&oof), base, cfg));
        ev.tuned.push(TunedSummary {
            id,
            model: t.model,
            param: t.param,
            chosen: t.values[chosen].clone(),
            fold_choices: fold_choices.iter().map(|&c| t.values[c].clone()).collect(),
            values: t.values,
        });
    }
    ev
}

/// Each issue's fold: its group's, dealt by [`assign_folds`].
fn issue_folds(f: &Forecasts, cv: &CvConfig) -> Vec<usize> {
    let groups = f.group.iter().max().map_or(0, |g| g + 1);
    let group_fold = assign_folds(groups, cv.folds, cv.seed);
    f.group.iter().map(|&g| group_fold[g]).collect()
}

/// The candidate (index into `cand`) with the smallest mean absolute error on issues `on`;
/// an issue a candidate did not answer counts as the largest error (100 points).
fn best_candidate(f: &Forecasts, cand: &[usize], on: &[usize]) -> usize {
    let mut best = (f64::INFINITY, 0);
    for (c, &m) in cand.iter().enumerate() {
        let e: f64 = on
            .iter()
            .map(|&i| f.values[m][i].map_or(1.0, |v| (v - f.truth[i]).abs() / f.range[i]))
            .sum();
        if e < best.0 {
            best = (e, c);
        }
    }
    best.1
}

/// How [`cross_validated_blend`] fits.
#[derive(Debug, Clone)]
pub struct CvConfig {
    /// Folds (groups are dealt to folds whole).
    pub folds: usize,
    /// Seed of the fold assignment (ChaCha8).
    pub seed: u64,
    /// Weights are multiples of 1/`grid` (a grid over the simplex).
    pub grid: usize,
}

impl Default for CvConfig {
    fn default() -> Self {
        Self {
            folds: 10,
            seed: 1,
            grid: 20,
        }
    }
}

/// A weighted mean of models' forecasts, fitted by cross-validation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Blend {
    /// The models blended (those that answered every issue).
    pub members: Vec<String>,
    /// Weights fitted on all the data (what an `[ensemble]` section would use).
    pub weights: Vec<f64>,
    /// Weights fitted in each fold, without that fold's issues.
    pub fold_weights: Vec<Vec<f64>>,
    /// Each issue's fold.
    #[serde(skip)]
    pub fold: Vec<usize>,
    /// Out-of-fold forecasts: each issue forecast with the weights fitted without its fold.
    #[serde(skip)]
    pub out_of_fold: Vec<f64>,
}

/// Deal the groups to `folds` folds: shuffled by the seed (Fisher–Yates with ChaCha8), then
/// round robin. Returns each group's fold.
pub fn assign_folds(groups: usize, folds: usize, seed: u64) -> Vec<usize> {
    let mut order: Vec<usize> = (0..groups).collect();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    for i in (1..order.len()).rev() {
        let j = rng.random_range(0..=i);
        order.swap(i, j);
    }
    let mut fold = vec![0; groups];
    for (k, &g) in order.iter().enumerate() {
        fold[g] = k % folds.max(1);
    }
    fold
}

/// Every weight vector of `k` non-negative multiples of 1/`grid` summing to 1, in
/// lexicographic order.
fn simplex(k: usize, grid: usize) -> Vec<Vec<f64>> {
    fn rec(k: usize, left: usize, grid: usize, cur: &mut Vec<usize>, out: &mut Vec<Vec<f64>>) {
        if k == 1 {
            cur.push(left);
            out.push(cur.iter().map(|&c| c as f64 / grid as f64).collect());
            cur.pop();
            return;
        }
        for c in 0..=left {
            cur.push(c);
            rec(k - 1, left - c, grid, cur, out);
            cur.pop();
        }
    }
    let mut out = Vec::new();
    if k > 0 {
        rec(k, grid, grid, &mut Vec::new(), &mut out);
    }
    out
}

/// The grid point with the smallest mean absolute error on issues `on` (the first on a tie).
fn fit(f: &Forecasts, members: &[usize], on: &[usize], grid: &[Vec<f64>]) -> Vec<f64> {
    let mut best = (f64::INFINITY, 0);
    for (g, w) in grid.iter().enumerate() {
        let e: f64 = on
            .iter()
            .map(|&i| {
                let v: f64 = members
                    .iter()
                    .zip(w)
                    .map(|(&m, w)| w * f.values[m][i].unwrap_or(f64::NAN))
                    .sum();
                (v - f.truth[i]).abs() / f.range[i]
            })
            .sum();
        if e < best.0 {
            best = (e, g);
        }
    }
    grid.get(best.1).cloned().unwrap_or_default()
}

/// Blend the models that answered every issue: weights on a grid over the simplex, chosen
/// by the smallest mean absolute error; each fold's issues forecast with weights fitted on
/// the other folds only, so no issue's forecast has seen its own outcome.
pub fn cross_validated_blend(f: &Forecasts, ids: &[String], cfg: &CvConfig) -> Option<Blend> {
    let members: Vec<usize> = (0..ids.len())
        .filter(|&m| f.values[m].iter().all(Option::is_some))
        .collect();
    if members.len() < 2 || cfg.folds < 2 {
        return None;
    }
    let fold = issue_folds(f, cfg);
    let grid = simplex(members.len(), cfg.grid.max(1));
    let all: Vec<usize> = (0..f.truth.len()).collect();
    let weights = fit(f, &members, &all, &grid);
    let fold_weights: Vec<Vec<f64>> = (0..cfg.folds)
        .into_par_iter()
        .map(|k| {
            let train: Vec<usize> = all.iter().copied().filter(|&i| fold[i] != k).collect();
            fit(f, &members, &train, &grid)
        })
        .collect();
    let out_of_fold = all
        .iter()
        .map(|&i| {
            let w = &fold_weights[fold[i]];
            members
                .iter()
                .zip(w)
                .map(|(&m, w)| w * f.values[m][i].unwrap_or(f64::NAN))
                .sum()
        })
        .collect();
    Some(Blend {
        members: members.iter().map(|&m| ids[m].clone()).collect(),
        weights,
        fold_weights,
        fold,
        out_of_fold,
    })
}

/// Arithmetic mean (NaN when empty).
pub fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.iter().sum::<f64>() / v.len() as f64
}

/// Median: the middle value, or the mean of the two middle values (NaN when empty).
pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let n = s.len();
    match n {
        0 => f64::NAN,
        _ if n % 2 == 1 => s[n / 2],
        _ => 0.5 * (s[n / 2 - 1] + s[n / 2]),
    }
}

/// Share of values at most `limit` (NaN when empty).
pub fn share_within(v: &[f64], limit: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.iter().filter(|&&e| e <= limit).count() as f64 / v.len() as f64
}

/// The `q` quantile of sorted values by linear interpolation between order statistics
/// (Hyndman & Fan's type 7, the default of R and numpy): position `q (n − 1)`.
pub fn quantile_sorted(s: &[f64], q: f64) -> f64 {
    if s.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (s.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(s.len() - 1);
    s[lo] + (pos - lo as f64) * (s[hi] - s[lo])
}

/// Percentile bootstrap 95% interval of the mean: `resamples` resamples of the values with
/// replacement (ChaCha8 from `seed`), the 2.5% and 97.5% quantiles of their means.
pub fn bootstrap_mean_ci(v: &[f64], resamples: usize, seed: u64) -> [f64; 2] {
    if v.is_empty() || resamples == 0 {
        return [f64::NAN; 2];
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = v.len();
    let mut means: Vec<f64> = (0..resamples)
        .map(|_| (0..n).map(|_| v[rng.random_range(0..n)]).sum::<f64>() / n as f64)
        .collect();
    means.sort_by(f64::total_cmp);
    [quantile_sorted(&means, 0.025), quantile_sorted(&means, 0.975)]
}

/// Errors closer than this (points) are a tie.
const TIE: f64 = 1e-9;

/// Compare errors `e` with the baseline's `b`, issue by issue, where both answered.
pub fn paired(baseline: &str, e: &[Option<f64>], b: &[Option<f64>]) -> Paired {
    let (mut wins, mut losses, mut ties, mut diff) = (0, 0, 0, Vec::new());
    for (x, y) in e.iter().zip(b) {
        if let (Some(x), Some(y)) = (x, y) {
            diff.push(x - y);
            if (x - y).abs() <= TIE {
                ties += 1;
            } else if x < y {
                wins += 1;
            } else {
                losses += 1;
            }
        }
    }
    Paired {
        baseline: baseline.into(),
        pairs: diff.len(),
        wins,
        losses,
        ties,
        mean_difference: mean(&diff),
        p: sign_test(wins, losses),
    }
}

/// Two-sided exact sign test: the probability, with `wins + losses` fair coin flips, of a
/// split at least as uneven as the one seen: `min(1, 2 · P(X ≤ min(wins, losses)))`,
/// X ~ Binomial(n, 1/2). 1 when there is nothing to test.
pub fn sign_test(wins: usize, losses: usize) -> f64 {
    let n = wins + losses;
    if n == 0 {
        return 1.0;
    }
    let k = wins.min(losses);
    // ln C(n, i) by running sums of logarithms; terms added from the largest down.
    let ln_half_n = n as f64 * 0.5f64.ln();
    let mut ln_c = 0.0; // ln C(n, 0)
    let mut terms = Vec::with_capacity(k + 1);
    for i in 0..=k {
        if i > 0 {
            ln_c += ((n - i + 1) as f64).ln() - (i as f64).ln();
        }
        terms.push((ln_c + ln_half_n).exp());
    }
    let tail: f64 = terms.iter().rev().sum();
    (2.0 * tail).min(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_median_and_share_by_hand() {
        assert_eq!(mean(&[1.0, 2.0, 6.0]), 3.0);
        assert_eq!(median(&[6.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[5.0, 1.0, 40.0, 2.0, 3.0]), 3.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 10.0]), 3.0);
        assert_eq!(share_within(&[5.0, 10.0, 10.5, 30.0], 10.0), 0.5);
        assert!(mean(&[]).is_nan() && median(&[]).is_nan() && share_within(&[], 10.0).is_nan());
    }

    #[test]
    fn quantiles_interpolate_between_order_statistics() {
        let s = [10.0, 20.0, 30.0, 40.0, 50.0];
        assert_eq!(quantile_sorted(&s, 0.0), 10.0);
        assert_eq!(quantile_sorted(&s, 1.0), 50.0);
        assert_eq!(quantile_sorted(&s, 0.5), 30.0);
        // position 0.1 · 4 = 0.4: 10 + 0.4 · 10
        assert!((quantile_sorted(&s, 0.1) - 14.0).abs() < 1e-12);
        assert_eq!(quantile_sorted(&[7.0], 0.3), 7.0);
    }

    #[test]
    fn sign_test_matches_the_binomial_by_hand() {
        // n = 10, k = 2: P(X ≤ 2) = (1 + 10 + 45) / 1024 = 56/1024; two-sided 112/1024.
        assert!((sign_test(8, 2) - 112.0 / 1024.0).abs() < 1e-12);
        assert!((sign_test(2, 8) - 112.0 / 1024.0).abs() < 1e-12);
        // n = 5, 5–0: 2 · 1/32.
        assert!((sign_test(5, 0) - 2.0 / 32.0).abs() < 1e-12);
        // An even split is as likely as it gets: p = 1.
        assert_eq!(sign_test(3, 3), 1.0);
        assert_eq!(sign_test(0, 0), 1.0);
        // Large n stays finite: 200 vs 100 is far beyond chance.
        let p = sign_test(200, 100);
        assert!(p > 0.0 && p < 1e-7, "{p}");
    }

    #[test]
    fn paired_counts_wins_losses_and_ties_where_both_answer() {
        let e = [Some(1.0), Some(5.0), Some(2.0), None, Some(3.0)];
        let b = [Some(2.0), Some(4.0), Some(2.0), Some(9.0), None];
        let p = paired("compromise", &e, &b);
        assert_eq!((p.pairs, p.wins, p.losses, p.ties), (3, 1, 1, 1));
        assert!((p.mean_difference - 0.0).abs() < 1e-12);
        assert_eq!(p.p, 1.0);
    }

    #[test]
    fn bootstrap_interval_is_seeded_and_brackets_the_mean() {
        let v: Vec<f64> = (0..50).map(|i| f64::from(i % 7) * 3.0).collect();
        let a = bootstrap_mean_ci(&v, 500, 9);
        assert_eq!(a, bootstrap_mean_ci(&v, 500, 9));
        assert_ne!(a, bootstrap_mean_ci(&v, 500, 10));
        let m = mean(&v);
        assert!(a[0] < m && m < a[1], "{a:?} around {m}");
        // A constant sample has a zero-width interval.
        assert_eq!(bootstrap_mean_ci(&[4.0; 9], 100, 1), [4.0, 4.0]);
        // No values, or no resamples: no interval (each alone suffices; without the guard
        // both would come out NaN as well, see .cargo/mutants.toml).
        assert!(bootstrap_mean_ci(&[], 100, 1).iter().all(|x| x.is_nan()));
        assert!(bootstrap_mean_ci(&[1.0, 2.0], 0, 1).iter().all(|x| x.is_nan()));
    }

    #[test]
    fn summary_scores_each_model_on_what_it_answered() {
        let ids = vec!["compromise".to_string(), "nash".to_string()];
        let errs = vec![
            vec![Some(10.0), Some(20.0), Some(30.0)],
            vec![Some(5.0), None, Some(40.0)],
        ];
        let ev = summarise(&ids, &errs, 2, &EvalConfig::default());
        assert_eq!((ev.cases, ev.scenarios), (3, 2));
        let (c, n) = (&ev.models[0], &ev.models[1]);
        assert_eq!((c.scored, c.failed, c.mae, c.median_ae), (3, 0, 20.0, 20.0));
        assert!((c.within10 - 1.0 / 3.0).abs() < 1e-12);
        assert!(c.vs_compromise.is_none());
        assert_eq!(
            (n.scored, n.failed, n.mae, n.median_ae, n.within10),
            (2, 1, 22.5, 22.5, 0.5)
        );
        let v = n
            .vs_compromise
            .as_ref()
            .map(|p| (p.pairs, p.wins, p.losses, p.mean_difference));
        assert_eq!(v, Some((2, 1, 1, 2.5)));
    }

    fn toy(truth: Vec<f64>, a: Vec<f64>, b: Vec<f64>, group: Vec<usize>) -> Forecasts {
        let n = truth.len();
        Forecasts {
            values: vec![a.into_iter().map(Some).collect(), b.into_iter().map(Some).collect()],
            truth,
            range: vec![100.0; n],
            group,
        }
    }

    #[test]
    fn folds_deal_whole_groups_evenly_and_by_the_seed() {
        let f = assign_folds(23, 5, 7);
        assert_eq!(f, assign_folds(23, 5, 7));
        assert_ne!(f, assign_folds(23, 5, 8));
        let mut sizes = [0; 5];
        for &k in &f {
            sizes[k] += 1;
        }
        assert_eq!(sizes.iter().sum::<usize>(), 23);
        assert!(sizes.iter().all(|&s| s == 4 || s == 5), "{sizes:?}");
    }

    #[test]
    fn the_grid_covers_the_simplex() {
        let g = simplex(3, 2);
        assert_eq!(g.len(), 6);
        assert!(g.iter().all(|w| (w.iter().sum::<f64>() - 1.0).abs() < 1e-12));
        assert_eq!(g[0], vec![0.0, 0.0, 1.0]);
        assert_eq!(simplex(2, 20).len(), 21);
    }

    #[test]
    fn fit_finds_the_weights_by_hand() {
        // A is always 10 above the truth and B 10 below: the even blend is exact.
        let f = toy(
            vec![20.0, 50.0, 70.0],
            vec![30.0, 60.0, 80.0],
            vec![10.0, 40.0, 60.0],
            vec![0, 1, 2],
        );
        let grid = simplex(2, 20);
        assert_eq!(fit(&f, &[0, 1], &[0, 1, 2], &grid), vec![0.5, 0.5]);
        // B exact, A off: all weight on B.
        let f = toy(vec![20.0, 50.0], vec![30.0, 55.0], vec![20.0, 50.0], vec![0, 1]);
        assert_eq!(fit(&f, &[0, 1], &[0, 1], &grid), vec![0.0, 1.0]);
        // Errors count in points of each issue's range: A is 10 off on a range of 1,000
        // (1 point), B 5 off on a range of 10 (50 points), so A wins although it is farther.
        let mut f = toy(vec![500.0, 5.0], vec![510.0, 5.0], vec![500.0, 10.0], vec![0, 1]);
        f.range = vec![1000.0, 10.0];
        assert_eq!(fit(&f, &[0, 1], &[0, 1], &grid), vec![1.0, 0.0]);
        // Identical models tie everywhere: the first grid point wins.
        let f = toy(vec![20.0], vec![25.0], vec![25.0], vec![0]);
        assert_eq!(fit(&f, &[0, 1], &[0], &grid), vec![0.0, 1.0]);
        assert!(simplex(0, 5).is_empty());
    }

    #[test]
    fn no_fold_sees_its_own_outcomes() {
        let n = 40;
        let truth: Vec<f64> = (0..n).map(|i| f64::from(i * 7 % 100)).collect();
        let a: Vec<f64> = truth.iter().map(|t| t + 8.0).collect();
        let b: Vec<f64> = truth
            .iter()
            .enumerate()
            .map(|(i, t)| t - 3.0 * (i % 5) as f64)
            .collect();
        let group: Vec<usize> = (0..n as usize).map(|i| i / 2).collect();
        let ids = vec!["a".to_string(), "b".to_string()];
        let cfg = CvConfig {
            folds: 4,
            seed: 3,
            grid: 20,
        };
        let f = toy(truth.clone(), a.clone(), b.clone(), group.clone());
        let blend = cross_validated_blend(&f, &ids, &cfg).unwrap();
        // Each fold's weights are the fit on the other folds.
        let grid = simplex(2, 20);
        for k in 0..4 {
            let train: Vec<usize> = (0..n as usize).filter(|&i| blend.fold[i] != k).collect();
            assert_eq!(blend.fold_weights[k], fit(&f, &[0, 1], &train, &grid));
        }
        // Whole groups share a fold.
        assert!((0..n as usize).all(|i| blend.fold[i] == blend.fold[i - i % 2]));
        // Move fold 0's outcomes far away: fold 0's weights and out-of-fold forecasts stay.
        let moved: Vec<f64> = truth
            .iter()
            .enumerate()
            .map(|(i, t)| if blend.fold[i] == 0 { 100.0 - t } else { *t })
            .collect();
        let g = toy(moved, a, b, group);
        let other = cross_validated_blend(&g, &ids, &cfg).unwrap();
        assert_eq!(other.fold_weights[0], blend.fold_weights[0]);
        for i in (0..n as usize).filter(|&i| blend.fold[i] == 0) {
            assert_eq!(other.out_of_fold[i], blend.out_of_fold[i]);
        }
        // The out-of-fold forecast of an issue is its fold's weighted mean, by hand.
        let i = 7;
        let w = &blend.fold_weights[blend.fold[i]];
        let want = w[0] * f.values[0][i].unwrap_or(0.0) + w[1] * f.values[1][i].unwrap_or(0.0);
        assert!((blend.out_of_fold[i] - want).abs() < 1e-12);
        // One fold holds nothing out: no blend; two do.
        assert!(
            cross_validated_blend(
                &f,
                &ids,
                &CvConfig {
                    folds: 1,
                    ..cfg.clone()
                }
            )
            .is_none()
        );
        assert!(
            cross_validated_blend(
                &f,
                &ids,
                &CvConfig {
                    folds: 2,
                    ..cfg.clone()
                }
            )
            .is_some()
        );
        // A model that misses an issue is left out of the blend; fewer than two members: none.
        let mut h = f.clone();
        h.values[1][3] = None;
        assert!(cross_validated_blend(&h, &ids, &cfg).is_none());
    }

    #[test]
    fn the_best_candidate_by_hand_and_without_the_held_out_issues() {
        // Candidate 0 is exact on issues 0-1 and 40 off on issue 2; candidate 1 is 10 off
        // everywhere; candidate 2 answers nothing (counted as 100 off).
        let f = Forecasts {
            values: vec![
                vec![Some(10.0), Some(20.0), Some(70.0)],
                vec![Some(20.0), Some(30.0), Some(40.0)],
                vec![None, None, None],
            ],
            truth: vec![10.0, 20.0, 30.0],
            range: vec![100.0; 3],
            group: vec![0, 1, 2],
        };
        assert_eq!(best_candidate(&f, &[0, 1, 2], &[0, 1, 2]), 1); // 40 vs 30 vs 300
        assert_eq!(best_candidate(&f, &[0, 1, 2], &[0, 1]), 0); // 0 vs 20
        assert_eq!(best_candidate(&f, &[0, 1, 2], &[2]), 1);
        // Ties go to the first.
        assert_eq!(best_candidate(&f, &[1, 1], &[0]), 0);
        // The error is the distance to the truth: at truth 50, a forecast of 60 beats 0.
        let g = Forecasts {
            values: vec![vec![Some(0.0)], vec![Some(60.0)]],
            truth: vec![50.0],
            range: vec![100.0],
            group: vec![0],
        };
        assert_eq!(best_candidate(&g, &[0, 1], &[0]), 1);
    }

    /// A one-decision scenario: issues (id, status quo, actual), actors (id, capability),
    /// positions (actor, issue, position, salience).
    fn case(
        group: &str,
        issues: &[(&str, f64, Option<f64>)],
        actors: &[(&str, f64)],
        pos: &[(&str, &str, f64, f64)],
    ) -> Case {
        use parley_core::raw::{RawActor, RawIssue, RawMeta, RawPosition, RawScenario};
        let raw = RawScenario {
            format: 1,
            scenario: RawMeta {
                id: group.into(),
                title: group.into(),
                date: None,
                description: None,
                zone: None,
                sources: Vec::new(),
            },
            issues: issues
                .iter()
                .map(|&(id, sq, actual)| RawIssue {
                    id: id.into(),
                    name: id.into(),
                    min: 0.0,
                    max: 100.0,
                    status_quo: sq,
                    anchors: Default::default(),
                    description: None,
                    source: None,
                    actual,
                })
                .collect(),
            actors: actors.iter().map(|&(id, c)| RawActor::new(id, id, c)).collect(),
            positions: pos
                .iter()
                .map(|&(a, k, x, sal)| RawPosition::new(a, k, x, sal))
                .collect(),
            stages: Vec::new(),
            outcomes: Vec::new(),
            packages: Vec::new(),
            ensemble: None,
            model: Default::default(),
            variants: Vec::new(),
        };
        Case::from_scenario(group.into(), Scenario::from_raw(raw).unwrap())
    }

    #[test]
    fn every_model_on_every_known_outcome_by_hand() {
        // Case 1: x has a known outcome 60, y none. Compromise on x: (0·1 + 100·3)/4 = 75 (error
        // 15); median: weights 1 and 3, so 100 (error 40).
        let c1 = case(
            "d1",
            &[("x", 50.0, Some(60.0)), ("y", 50.0, None)],
            &[("a", 1.0), ("b", 3.0)],
            &[
                ("a", "x", 0.0, 1.0),
                ("b", "x", 100.0, 1.0),
                ("a", "y", 10.0, 1.0),
                ("b", "y", 90.0, 1.0),
            ],
        );
        // Case 2: an even split, both models at 30; outcome 35 (error 5 each).
        let c2 = case(
            "d2",
            &[("x", 50.0, Some(35.0))],
            &[("a", 1.0), ("b", 1.0)],
            &[("a", "x", 20.0, 1.0), ("b", "x", 40.0, 1.0)],
        );
        assert_eq!(c1.truth, vec![Some(60.0), None]);
        let models: Vec<Box<dyn Model>> = ["compromise", "median"]
            .iter()
            .map(|id| crate::registry::build(id, None, &Default::default()).unwrap())
            .collect();
        let calls = std::sync::atomic::AtomicUsize::new(0);
        let ev = evaluate(&[c1, c2], &models, &EvalConfig::default(), &|_| {
            calls.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(calls.into_inner(), 2, "progress once per case");
        // Progress counts the cases done, up to all of them.
        let top = std::sync::atomic::AtomicUsize::new(0);
        let c3 = case("d3", &[("x", 50.0, Some(1.0))], &[("a", 1.0)], &[("a", "x", 1.0, 1.0)]);
        evaluate(&[c3.clone(), c3.clone(), c3], &models, &EvalConfig::default(), &|d| {
            top.fetch_max(d, std::sync::atomic::Ordering::Relaxed);
        });
        assert_eq!(top.into_inner(), 3);
        assert_eq!((ev.cases, ev.scenarios), (2, 2));
        let (c, m) = (&ev.models[0], &ev.models[1]);
        assert_eq!((c.model.as_str(), c.scored, c.mae), ("compromise", 2, 10.0));
        assert_eq!(
            (m.model.as_str(), m.scored, m.mae, m.median_ae),
            ("median", 2, 22.5, 22.5)
        );
        let vs = m.vs_compromise.as_ref().unwrap();
        assert_eq!((vs.pairs, vs.wins, vs.losses, vs.ties), (2, 0, 1, 1));
        assert!(ev.cv.is_none() && ev.tuned.is_empty());
        // The forecasts behind it, issue by issue, with the groups.
        let refs: Vec<&dyn Model> = models.iter().map(|m| m.as_ref()).collect();
        let cases = [
            case(
                "g1",
                &[("x", 50.0, Some(10.0))],
                &[("a", 1.0)],
                &[("a", "x", 30.0, 1.0)],
            ),
            case(
                "g1",
                &[("x", 50.0, Some(90.0))],
                &[("a", 1.0)],
                &[("a", "x", 80.0, 1.0)],
            ),
            case("g2", &[("x", 50.0, Some(0.0))], &[("a", 1.0)], &[("a", "x", 50.0, 1.0)]),
        ];
        let f = forecasts(&cases, &refs, &|_| {});
        assert_eq!(f.truth, vec![10.0, 90.0, 0.0]);
        assert_eq!(f.range, vec![100.0; 3]);
        assert_eq!(f.group, vec![0, 0, 1]);
        assert_eq!(f.values[0], vec![Some(30.0), Some(80.0), Some(50.0)]);
        assert_eq!(f.errors(0), vec![Some(20.0), Some(10.0), Some(50.0)]);
    }

    #[test]
    fn a_tuned_parameter_is_chosen_per_fold_and_scored_out_of_fold() {
        // Ten one-actor decisions with outcome 30 and the actor at 40: the EUM with one actor
        // stays at 40 for any Q (10 points off), so every candidate ties and the first is chosen.
        let cases: Vec<Case> = (0..10)
            .map(|k| {
                case(
                    &format!("g{k}"),
                    &[("x", 50.0, Some(30.0))],
                    &[("a", 1.0)],
                    &[("a", "x", 40.0, 1.0)],
                )
            })
            .collect();
        let values = vec![serde_json::json!(0.5), serde_json::json!(1.0)];
        let candidates = values
            .iter()
            .map(|q| {
                let mut o = serde_json::Map::new();
                o.insert("q".into(), q.clone());
                crate::registry::build("eum", None, &o).unwrap()
            })
            .collect();
        let t = Tuning {
            model: "eum".into(),
            param: "q".into(),
            values,
            candidates,
        };
        let base = vec![crate::registry::build("compromise", None, &Default::default()).unwrap()];
        let cfg = EvalConfig {
            cv: Some(CvConfig {
                folds: 5,
                seed: 2,
                grid: 4,
            }),
            ..EvalConfig::default()
        };
        let ev = evaluate_tuned(&cases, &base, vec![t], &cfg, &|_| {});
        let ids: Vec<&str> = ev.models.iter().map(|m| m.model.as_str()).collect();
        assert_eq!(ids, ["compromise", "eum-cv"], "one base model: no blend");
        assert_eq!(ev.models[1].mae, 10.0);
        // The tuned row is compared with the compromise model (also 10 off everywhere: ties).
        let vs = ev.models[1].vs_compromise.as_ref().map(|v| (v.pairs, v.ties));
        assert_eq!(vs, Some((10, 10)));
        let tuned = &ev.tuned[0];
        assert_eq!(
            (tuned.id.as_str(), tuned.chosen.clone()),
            ("eum-cv", serde_json::json!(0.5))
        );
        assert_eq!(tuned.fold_choices, vec![serde_json::json!(0.5); 5]);
        // Without folds the tunings are ignored.
        let ev = evaluate_tuned(&cases, &base, Vec::new(), &EvalConfig::default(), &|_| {});
        assert_eq!(ev.models.len(), 1);
    }

    /// One decision per outcome in `truth`, each its own group: a at 0 (capability 1) and b at
    /// 100 (capability 3), so the compromise model says 75 and the median 100.
    fn compromise_75_median_100(truth: &[f64]) -> Vec<Case> {
        truth
            .iter()
            .enumerate()
            .map(|(g, &t)| {
                case(
                    &format!("g{g}"),
                    &[("x", 50.0, Some(t))],
                    &[("a", 1.0), ("b", 3.0)],
                    &[("a", "x", 0.0, 1.0), ("b", "x", 100.0, 1.0)],
                )
            })
            .collect()
    }

    fn build_model(id: &str) -> Box<dyn Model> {
        crate::registry::build(id, None, &Default::default()).unwrap()
    }

    /// A tuning whose "parameter" picks one of two models.
    fn pick(ids: [&str; 2]) -> Tuning {
        Tuning {
            model: "pick".into(),
            param: "model".into(),
            values: ids.iter().map(|id| serde_json::json!(id)).collect(),
            candidates: ids.iter().map(|id| build_model(id)).collect(),
        }
    }

    #[test]
    fn each_fold_chooses_on_the_other_folds_and_each_tuning_on_its_own_candidates() {
        // Twelve decisions, a at 0 (capability 1) and b at 100 (capability 3): compromise 75,
        // median 100. Outcome 100 in the first six (median exact, compromise 25 off), 70 in the
        // others (compromise 5 off, median 30 off): on all of them a tie (180 each).
        let truth: Vec<f64> = (0..12).map(|g| if g < 6 { 100.0 } else { 70.0 }).collect();
        let cases = compromise_75_median_100(&truth);
        let cv = CvConfig {
            folds: 3,
            seed: 4,
            grid: 4,
        };
        let cfg = EvalConfig {
            cv: Some(cv.clone()),
            ..EvalConfig::default()
        };
        let base = vec![build_model("compromise")];
        let ev = evaluate_tuned(
            &cases,
            &base,
            vec![pick(["compromise", "median"]), pick(["median", "compromise"])],
            &cfg,
            &|_| {},
        );
        // The oracle: the fold of each decision, and per fold the smaller training error, summed
        // as the model sums it (issue order, in fractions of the range: floating point breaks
        // the tie of the whole data one way or the other, and the oracle must break it alike).
        let fold = assign_folds(12, 3, 4);
        let err = |g: usize, id: &str| {
            let truth = if g < 6 { 100.0 } else { 70.0 };
            let v: f64 = if id == "compromise" { 75.0 } else { 100.0 };
            (v - truth).abs() / 100.0
        };
        for (t, order) in [(0, ["compromise", "median"]), (1, ["median", "compromise"])] {
            let want: Vec<serde_json::Value> = (0..3)
                .map(|k| {
                    let sum = |id: &str| (0..12).filter(|&g| fold[g] != k).map(|g| err(g, id)).sum::<f64>();
                    let pick = if sum(order[1]) < sum(order[0]) {
                        order[1]
                    } else {
                        order[0]
                    };
                    serde_json::json!(pick)
                })
                .collect();
            assert_eq!(ev.tuned[t].fold_choices, want, "tuning {t}");
            let all = |id: &str| (0..12).map(|g| err(g, id)).sum::<f64>();
            let pick = if all(order[1]) < all(order[0]) {
                order[1]
            } else {
                order[0]
            };
            assert_eq!(ev.tuned[t].chosen, serde_json::json!(pick), "tuning {t}");
        }
    }

    #[test]
    fn folds_that_disagree_choose_differently() {
        // As above (compromise 75, median 100), but the outcomes follow the folds: 100 (median
        // exact, compromise 25 off) in fold 0, 80 (compromise 5 off, median 20 off) in fold 2,
        // half and half in fold 1. Per decision the median gains 25 at 100, the compromise 15
        // at 80: trained without fold 0 (+60 − 20) the compromise model wins, without fold 1
        // (−100 + 60) or fold 2 (−100 − 20) the median, in either order of the candidates. A fold
        // trained on itself, or a second tuning reading the first one's candidates, would not.
        let fold = assign_folds(12, 3, 4);
        let mut seen_in_fold_1 = 0;
        let truth: Vec<f64> = (0..12)
            .map(|g| match fold[g] {
                0 => 100.0,
                1 => {
                    seen_in_fold_1 += 1;
                    if seen_in_fold_1 <= 2 { 100.0 } else { 80.0 }
                }
                _ => 80.0,
            })
            .collect();
        assert_eq!(
            (0..3)
                .map(|k| fold.iter().filter(|&&f| f == k).count())
                .collect::<Vec<_>>(),
            [4, 4, 4]
        );
        let cases = compromise_75_median_100(&truth);
        let cfg = EvalConfig {
            cv: Some(CvConfig {
                folds: 3,
                seed: 4,
                grid: 4,
            }),
            ..EvalConfig::default()
        };
        // One base model, so the second tuning's candidates start at 1 + 2 = 3 (not 1 · 2).
        let ev = evaluate_tuned(
            &cases,
            &[build_model("compromise")],
            vec![pick(["compromise", "median"]), pick(["median", "compromise"])],
            &cfg,
            &|_| {},
        );
        let names = |v: &[serde_json::Value]| v.iter().map(|x| x.as_str().unwrap().to_owned()).collect::<Vec<_>>();
        for t in &ev.tuned {
            assert_eq!(names(&t.fold_choices), ["compromise", "median", "median"]);
        }
        // Out of fold, each decision is forecast by its fold's choice: fold 0 by the compromise
        // (25 off ×4), folds 1 and 2 by the median (0 ×2 and 20 ×2; 20 ×4).
        let rows: Vec<f64> = ev
            .models
            .iter()
            .filter(|m| m.model == "pick-cv")
            .map(|m| m.mae)
            .collect();
        assert_eq!(rows.len(), 2);
        for mae in rows {
            assert!((mae - (100.0 + 40.0 + 80.0) / 12.0).abs() < 1e-9, "{mae}");
        }
    }
}
