//! Utility functions over the outcome space.
//!
//! The utility of actor `a` for an outcome `x` (one value per issue) is the
//! salience-weighted mean over issues of a per-issue score:
//!
//! * `Linear` (default): `1 − |x_i − p_ai| / (max_i − min_i)`
//! * `Quadratic`: `1 − (|x_i − p_ai| / (max_i − min_i))²`
//!
//! Both are 1 at the ideal point and 0 at the far end of the scale, so
//! utilities lie in [0, 1] and are comparable across actors. Weights are the
//! saliences divided by their sum; an actor whose saliences are all zero is
//! indifferent (utility 1 everywhere). Linear is the city-block utility used by
//! the compromise-model literature; the quadratic variant is the Euclidean
//! loss common in spatial voting models.

use crate::Scenario;

/// Shape of the per-issue score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UtilityShape {
    /// `1 − d`.
    #[default]
    Linear,
    /// `1 − d²`.
    Quadratic,
}

impl UtilityShape {
    /// Score for a normalised distance `d` in [0, 1].
    #[inline]
    pub fn score(self, d: f64) -> f64 {
        match self {
            UtilityShape::Linear => 1.0 - d,
            UtilityShape::Quadratic => 1.0 - d * d,
        }
    }
}

/// Precomputed utility functions of every actor in a scenario.
#[derive(Debug, Clone)]
pub struct UtilityFunction {
    shape: UtilityShape,
    /// weights[a][k], summing to 1 per actor (or all 0: indifferent).
    weights: Vec<Vec<f64>>,
    ideal: Vec<Vec<f64>>,
    range: Vec<f64>,
}

impl UtilityFunction {
    /// Build for every actor of `s`.
    pub fn new(s: &Scenario, shape: UtilityShape) -> Self {
        let n_i = s.issues().len();
        let mut weights = Vec::new();
        let mut ideal = Vec::new();
        for a in 0..s.actors().len() {
            let total: f64 = (0..n_i).map(|k| s.position(a, k).salience).sum();
            weights.push(
                (0..n_i)
                    .map(|k| {
                        if total > 0.0 {
                            s.position(a, k).salience / total
                        } else {
                            0.0
                        }
                    })
                    .collect(),
            );
            ideal.push((0..n_i).map(|k| s.position(a, k).position).collect());
        }
        let range = s.issues().iter().map(|i| i.range()).collect();
        Self {
            shape,
            weights,
            ideal,
            range,
        }
    }
    /// The shape.
    pub fn shape(&self) -> UtilityShape {
        self.shape
    }
    /// Normalised weight of issue `k` for actor `a`.
    pub fn weight(&self, a: usize, k: usize) -> f64 {
        self.weights[a][k]
    }
    /// Actor `a`'s ideal on issue `k`.
    pub fn ideal(&self, a: usize, k: usize) -> f64 {
        self.ideal[a][k]
    }
    /// Range of issue `k`.
    pub fn range(&self, k: usize) -> f64 {
        self.range[k]
    }
    /// Is actor `a` indifferent (all saliences zero)?
    pub fn indifferent(&self, a: usize) -> bool {
        self.weights[a].iter().all(|&w| w == 0.0)
    }
    /// The per-issue term `w_ak · score(d)` of actor `a` at value `x` on issue `k`.
    #[inline]
    pub fn term(&self, a: usize, k: usize, x: f64) -> f64 {
        let d = ((x - self.ideal[a][k]).abs() / self.range[k]).min(1.0);
        self.weights[a][k] * self.shape.score(d)
    }
    /// Right derivative of [`Self::term`] with respect to `x`.
    #[inline]
    pub fn term_slope(&self, a: usize, k: usize, x: f64) -> f64 {
        let (w, p, r) = (self.weights[a][k], self.ideal[a][k], self.range[k]);
        match self.shape {
            UtilityShape::Linear => {
                if x >= p {
                    -w / r
                } else {
                    w / r
                }
            }
            UtilityShape::Quadratic => -2.0 * w * (x - p) / (r * r),
        }
    }
    /// Utility of actor `a` for outcome `x`.
    pub fn utility(&self, a: usize, x: &[f64]) -> f64 {
        if self.indifferent(a) {
            return 1.0;
        }
        x.iter().enumerate().map(|(k, &v)| self.term(a, k, v)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores() {
        assert_eq!(UtilityShape::Linear.score(0.25), 0.75);
        assert_eq!(UtilityShape::Quadratic.score(0.5), 0.75);
        assert_eq!(UtilityShape::Linear.score(0.0), 1.0);
        assert_eq!(UtilityShape::Quadratic.score(1.0), 0.0);
        assert_eq!(UtilityShape::Quadratic.score(0.25), 0.9375);
    }

    /// Issue p on 10..60 (range 50), issue q on 0..200 (range 200). Actor a: ideal 30 on p
    /// (salience 0.6), 150 on q (salience 0.2), so weights 0.75 and 0.25. Actor b: no salience.
    fn two_issues() -> Scenario {
        let raw = serde_json::from_str(
            r#"{
              "format": 1,
              "scenario": {"id": "u", "title": "U"},
              "issue": [{"id": "p", "name": "P", "min": 10, "max": 60, "status_quo": 20},
                        {"id": "q", "name": "Q", "min": 0, "max": 200, "status_quo": 100}],
              "actor": [{"id": "a", "name": "A", "capability": 1},
                        {"id": "b", "name": "B", "capability": 1}],
              "position": [{"actor": "a", "issue": "p", "position": 30, "salience": 0.6},
                           {"actor": "a", "issue": "q", "position": 150, "salience": 0.2},
                           {"actor": "b", "issue": "p", "position": 60, "salience": 0},
                           {"actor": "b", "issue": "q", "position": 0, "salience": 0}]
            }"#,
        )
        .expect("test scenario parses");
        Scenario::from_raw(raw).expect("test scenario is valid")
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn weights_ideals_ranges_and_indifference() {
        let s = two_issues();
        let u = UtilityFunction::new(&s, UtilityShape::Linear);
        assert!(close(u.weight(0, 0), 0.75) && close(u.weight(0, 1), 0.25));
        assert_eq!((u.weight(1, 0), u.weight(1, 1)), (0.0, 0.0));
        assert_eq!((u.ideal(0, 0), u.ideal(0, 1), u.ideal(1, 0)), (30.0, 150.0, 60.0));
        assert_eq!((u.range(0), u.range(1)), (50.0, 200.0));
        assert!(!u.indifferent(0));
        assert!(u.indifferent(1));
        assert_eq!(u.shape(), UtilityShape::Linear);
        assert_eq!(
            UtilityFunction::new(&s, UtilityShape::Quadratic).shape(),
            UtilityShape::Quadratic
        );
    }

    #[test]
    fn terms_and_utilities_by_hand() {
        let s = two_issues();
        let lin = UtilityFunction::new(&s, UtilityShape::Linear);
        let quad = UtilityFunction::new(&s, UtilityShape::Quadratic);
        // p = 45: d = 15 / 50 = 0.3; q = 0: d = 150 / 200 = 0.75.
        assert!(close(lin.term(0, 0, 45.0), 0.75 * 0.7));
        assert!(close(lin.term(0, 0, 15.0), 0.75 * 0.7));
        assert!(close(lin.term(0, 1, 0.0), 0.25 * 0.25));
        assert!(close(quad.term(0, 0, 45.0), 0.75 * 0.91));
        assert!(close(quad.term(0, 1, 0.0), 0.25 * (1.0 - 0.5625)));
        // At the ideal the term is the weight; a distance beyond the range scores 0.
        assert!(close(lin.term(0, 1, 150.0), 0.25));
        assert_eq!(lin.term(0, 0, 100.0), 0.0);
        assert!(close(lin.utility(0, &[45.0, 0.0]), 0.525 + 0.0625));
        assert!(close(quad.utility(0, &[45.0, 0.0]), 0.6825 + 0.109375));
        // An indifferent actor values everything at 1; its terms are 0.
        assert_eq!(lin.utility(1, &[45.0, 0.0]), 1.0);
        assert_eq!(lin.term(1, 0, 45.0), 0.0);
    }

    #[test]
    fn term_slopes_by_hand_and_as_right_derivatives() {
        let s = two_issues();
        let lin = UtilityFunction::new(&s, UtilityShape::Linear);
        let quad = UtilityFunction::new(&s, UtilityShape::Quadratic);
        // Linear: ∓ w / range, falling from the ideal on (right derivative at the ideal itself).
        assert!(close(lin.term_slope(0, 0, 45.0), -0.015));
        assert!(close(lin.term_slope(0, 0, 30.0), -0.015));
        assert!(close(lin.term_slope(0, 0, 20.0), 0.015));
        assert!(close(lin.term_slope(0, 1, 100.0), 0.001_25));
        // Quadratic: −2 w (x − p) / range².
        assert!(close(quad.term_slope(0, 0, 45.0), -0.009));
        assert!(close(quad.term_slope(0, 0, 20.0), 0.006));
        assert!(close(quad.term_slope(0, 1, 100.0), 0.000_625));
        assert_eq!(quad.term_slope(0, 0, 30.0), 0.0);
        // Both agree with a one-sided difference quotient of `term`.
        for u in [&lin, &quad] {
            for (k, x) in [(0, 12.0), (0, 30.0), (0, 41.0), (1, 7.0), (1, 150.0), (1, 190.0)] {
                let h = 1e-6;
                let fd = (u.term(0, k, x + h) - u.term(0, k, x)) / h;
                assert!((fd - u.term_slope(0, k, x)).abs() < 1e-7, "{:?} k={k} x={x}", u.shape());
            }
        }
    }
}
