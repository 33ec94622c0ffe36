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
    }
}
