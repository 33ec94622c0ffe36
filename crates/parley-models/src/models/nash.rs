//! Nash bargaining solution over all issues.
//!
//! # Algorithm
//! Maximise `Π_a (U_a(x) − U_a(sq))` over the veto players `a` (every actor
//! when nobody has a veto), subject to every veto player's red lines and
//! `U_a(x) ≥ U_a(sq)`. Utilities are those of [`parley_core::utility`]
//! (`linear` by default, `quadratic` as an option).
//!
//! 1. The agreement zone's LP ([`crate::zopa`]) finds the point that maximises
//!    the smallest gain. If that gain is not positive, no outcome gives every
//!    veto player a gain and the model reports *no agreement* (it never invents
//!    a point).
//! 2. From there, exact coordinate ascent on `Σ_a ln(U_a(x) − U_a(sq))`
//!    (golden-section search per issue inside the red-line box) until no issue
//!    moves by more than 1e-11 of its range. The objective is concave and its
//!    kinks lie on axis-parallel hyperplanes (utilities are sums of per-issue
//!    terms), so its directional derivative is a sum of per-issue terms: a point
//!    no single issue can improve is the global optimum.
//!
//! Actors with no salience anywhere are indifferent and excluded from the
//! product (their red lines still bind). An issue no bargaining player cares
//! about is set to its status quo, clamped into the red-line box.
//!
//! # Requirements
//! Any valid scenario; at least one veto player with preferences for a non-trivial answer.
//!
//! # References
//! Nash, J. F. (1950). "The bargaining problem", *Econometrica* 18(2), 155–162,
//! doi:10.2307/1907266. Multi-party form: Harsanyi, J. C. (1977), *Rational
//! Behavior and Bargaining Equilibrium in Games and Social Situations*, CUP.

use parley_core::{Scenario, UtilityFunction, UtilityShape};

use crate::model::{Forecast, Model, ModelError, ModelInfo, ParamInfo, Termination};
use crate::params::Params;
use crate::zopa::{GAIN_EPS, ZoneProblem, deal_players};

const MAX_PASSES: usize = 5000;
const TOL: f64 = 1e-11;

/// The Nash bargaining model.
#[derive(Debug, Clone, Default)]
pub struct Nash {
    /// Utility shape.
    pub shape: UtilityShape,
}

impl Nash {
    /// Build from parameters.
    pub fn from_params(p: &Params) -> Result<Self, ModelError> {
        p.only(&["utility"])?;
        let shape = match p.choice("utility", "linear", &["linear", "quadratic"])? {
            "quadratic" => UtilityShape::Quadratic,
            _ => UtilityShape::Linear,
        };
        Ok(Self { shape })
    }
}

/// Sum of log gains; −∞ outside the region of strict gains.
fn log_product(gains: impl Iterator<Item = f64>) -> f64 {
    let mut total = 0.0;
    for g in gains {
        if g <= 0.0 {
            return f64::NEG_INFINITY;
        }
        total += g.ln();
    }
    total
}

/// Golden-section search for the maximum of a unimodal `f` on `[lo, hi]`.
pub(crate) fn golden_max(f: impl Fn(f64) -> f64, lo: f64, hi: f64) -> f64 {
    const R: f64 = 0.618_033_988_749_894_9;
    let (mut a, mut b) = (lo, hi);
    let tol = (hi - lo) * 1e-13;
    let mut c = b - R * (b - a);
    let mut d = a + R * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    while b - a > tol {
        if fc >= fd {
            b = d;
            d = c;
            fd = fc;
            c = b - R * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + R * (b - a);
            fd = f(d);
        }
    }
    (a + b) / 2.0
}

/// Maximise `Σ_a ln(base_a + term(a, k, t))` over `t ∈ [lo, hi]`, starting
/// from a feasible `x0`, by bisection on the sign of the right derivative (the
/// function is concave in `t`, so its right derivative is non-increasing).
/// Exact to ~1e-15 of the range, where derivative-free searches stop at
/// ~1e-8 (the square root of machine precision) on flat optima.
fn line_max(u: &UtilityFunction, caring: &[usize], base: &[f64], k: usize, x0: f64, lo: f64, hi: f64) -> f64 {
    let (mut a, mut b) = (lo, hi);
    for _ in 0..200 {
        let mid = 0.5 * (a + b);
        if mid <= a || mid >= b {
            break;
        }
        let mut slope = 0.0;
        let mut feasible = true;
        for (&p, &bp) in caring.iter().zip(base) {
            let g = bp + u.term(p, k, mid);
            if g <= 0.0 {
                feasible = false;
                break;
            }
            slope += u.term_slope(p, k, mid) / g;
        }
        let go_right = if feasible { slope > 0.0 } else { mid < x0 };
        if go_right {
            a = mid;
        } else {
            b = mid;
        }
    }
    0.5 * (a + b)
}

/// Nash product maximiser, exposed for tests and other models.
pub fn nash_point(s: &Scenario, u: &UtilityFunction) -> Result<(Vec<f64>, usize), ModelError> {
    let players = deal_players(s);
    let zp = ZoneProblem::new(s, u, &players);
    let names = |v: &[usize]| {
        v.iter()
            .map(|&a| s.actors()[a].id.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let boxes: Vec<(f64, f64)> = match zp.boxes.iter().copied().collect::<Option<Vec<_>>>() {
        Some(b) => b,
        None => {
            let bad: Vec<&str> = zp
                .boxes
                .iter()
                .enumerate()
                .filter(|(_, b)| b.is_none())
                .map(|(k, _)| s.issues()[k].id.as_str())
                .collect();
            return Err(ModelError::NoAgreement(format!(
                "the veto players' red lines do not overlap on {}",
                bad.join(", ")
            )));
        }
    };
    let mut x: Vec<f64> = s
        .issues()
        .iter()
        .zip(&boxes)
        .map(|(i, b)| i.status_quo.clamp(b.0, b.1))
        .collect();
    if zp.caring.is_empty() {
        return Ok((x, 0));
    }
    let Some((gain, x0)) = zp.max_min_gain()? else {
        return Err(ModelError::NoAgreement("the agreement zone is empty".into()));
    };
    if gain <= GAIN_EPS {
        return Err(ModelError::NoAgreement(format!(
            "no outcome inside the red lines gives every veto player ({}) a gain over the status quo (best common gain {gain:.4})",
            names(&zp.caring)
        )));
    }
    let cares: Vec<bool> = (0..x.len())
        .map(|k| zp.caring.iter().any(|&a| u.weight(a, k) > 0.0))
        .collect();
    for k in 0..x.len() {
        if cares[k] {
            x[k] = x0[k];
        }
    }
    let sq = &zp.sq_utility;
    let mut gains: Vec<f64> = zp.caring.iter().map(|&a| u.utility(a, &x) - sq[a]).collect();
    let total = |x: &[f64]| log_product(zp.caring.iter().map(|&a| u.utility(a, x) - sq[a]));
    let mut passes = 0;
    while passes < MAX_PASSES {
        passes += 1;
        let before = x.clone();
        let mut moved: f64 = 0.0;
        for k in 0..x.len() {
            if !cares[k] {
                continue;
            }
            let base: Vec<f64> = zp
                .caring
                .iter()
                .zip(&gains)
                .map(|(&a, g)| g - u.term(a, k, x[k]))
                .collect();
            let f = |t: f64| log_product(zp.caring.iter().zip(&base).map(|(&a, b)| b + u.term(a, k, t)));
            let (lo, hi) = boxes[k];
            let t = line_max(u, &zp.caring, &base, k, x[k], lo, hi);
            if f(t) > f(x[k]) {
                moved = moved.max((t - x[k]).abs() / u.range(k));
                x[k] = t;
                for ((g, &a), b) in gains.iter_mut().zip(&zp.caring).zip(&base) {
                    *g = b + u.term(a, k, t);
                }
            }
        }
        if moved < TOL {
            break;
        }
        // Pattern move: coordinate ascent zig-zags along diagonal valleys; a line
        // search along this pass's overall step (x − before) cuts through them.
        let d: Vec<f64> = x.iter().zip(&before).map(|(a, b)| a - b).collect();
        let t_max = d
            .iter()
            .zip(&x)
            .zip(&boxes)
            .filter(|((dk, _), _)| dk.abs() > 0.0)
            .map(|((dk, xk), (lo, hi))| if *dk > 0.0 { (hi - xk) / dk } else { (lo - xk) / dk })
            .fold(f64::INFINITY, f64::min);
        if t_max.is_finite() && t_max > 0.0 {
            let at = |t: f64| -> Vec<f64> {
                x.iter()
                    .zip(&d)
                    .zip(&boxes)
                    .map(|((xk, dk), (lo, hi))| (xk + t * dk).clamp(*lo, *hi))
                    .collect()
            };
            let t = golden_max(|t| total(&at(t)), 0.0, t_max);
            let y = at(t);
            if total(&y) > total(&x) {
                x = y;
                gains = zp.caring.iter().map(|&a| u.utility(a, &x) - sq[a]).collect();
            }
        }
    }
    Ok((x, passes))
}

impl Model for Nash {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "nash",
            name: "Nash bargaining solution",
            description: "Maximises the product of the veto players' utility gains over the status quo, inside every veto player's red lines.",
            citation: "Nash 1950, Econometrica 18(2):155-162, doi:10.2307/1907266",
            params: vec![ParamInfo {
                name: "utility",
                default: "\"linear\"",
                doc: "\"linear\" (1 - |x - p| / range) or \"quadratic\" (1 - (|x - p| / range)^2)",
            }],
        }
    }

    fn forecast(&self, s: &Scenario) -> Result<Forecast, ModelError> {
        let u = UtilityFunction::new(s, self.shape);
        let (values, passes) = nash_point(s, &u)?;
        Ok(Forecast {
            model: "nash".into(),
            values,
            means: None,
            // Stopping at the pass limit is not convergence (a run that converges on exactly
            // the last pass is reported as the limit too).
            termination: if passes >= MAX_PASSES {
                Termination::MaxRounds { rounds: passes }
            } else {
                Termination::Converged { rounds: passes }
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::golden_max;

    #[test]
    fn golden_max_finds_the_peak_of_a_parabola() {
        // Peak inside, on an interval that does not start at 0 (the interval's ends enter
        // the first two probes and the tolerance): the answer is the peak to ~1e-13 of the width.
        let peak = |p: f64| move |x: f64| -(x - p) * (x - p);
        assert!((golden_max(peak(0.3), 0.0, 1.0) - 0.3).abs() < 1e-11);
        assert!((golden_max(peak(6.0), 2.0, 7.0) - 6.0).abs() < 1e-10);
        assert!((golden_max(peak(2.5), 2.0, 7.0) - 2.5).abs() < 1e-10);
        assert!((golden_max(peak(-1.0), -3.0, 1.0) + 1.0).abs() < 1e-10);
        assert!((golden_max(peak(250.0), 200.0, 400.0) - 250.0).abs() < 1e-8);
    }

    #[test]
    fn golden_max_on_monotone_functions_returns_the_better_end() {
        assert!((golden_max(|x| x, 1.0, 3.0) - 3.0).abs() < 1e-11);
        assert!((golden_max(|x| -x, 1.0, 3.0) - 1.0).abs() < 1e-11);
        // A plateau to the right of 4: any point of it is a maximum, none left of it is.
        let t = golden_max(|x: f64| x.min(4.0), 0.0, 10.0);
        assert!((4.0 - 1e-9..=10.0).contains(&t), "{t}");
    }

    #[test]
    fn golden_max_on_a_single_point_returns_it() {
        assert_eq!(golden_max(|x| x, 5.0, 5.0), 5.0);
    }
}
