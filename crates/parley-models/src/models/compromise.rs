//! Compromise model: the capability × salience weighted mean of positions.
//!
//! # Algorithm
//! For each issue `k`: `x_k = Σ_a c_a s_ak p_ak / Σ_a c_a s_ak`. When no actor
//! cares about an issue (all weights zero) the forecast is the status quo.
//!
//! # Requirements
//! Any valid scenario.
//!
//! # References
//! van den Bos, G. M. (1991). *Dutch EC Policy Making*; Achen, C. H. (2006).
//! "Evaluating political decision-making models", in Thomson et al. (eds.),
//! *The European Union Decides*, Cambridge UP, doi:10.1017/CBO9780511492082.011.

use parley_core::Scenario;

use crate::model::{Forecast, Model, ModelError, ModelInfo, Termination};

/// The compromise (weighted mean) model.
#[derive(Debug, Clone, Default)]
pub struct Compromise;

/// Weighted mean of `(value, weight)` pairs, or None when the weights sum to zero.
pub fn weighted_mean(pairs: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (x, w) in pairs {
        num += x * w;
        den += w;
    }
    (den > 0.0).then(|| num / den)
}

/// `(position, capability × salience)` of every actor on issue `k`.
pub fn weighted_positions(s: &Scenario, k: usize) -> impl Iterator<Item = (f64, f64)> + '_ {
    (0..s.actors().len()).map(move |a| {
        let p = s.position(a, k);
        (p.position, s.capability(a) * p.salience)
    })
}

impl Model for Compromise {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "compromise",
            name: "Compromise model (weighted mean)",
            description: "Capability x salience weighted mean of the positions on each issue.",
            citation: "van den Bos 1991; Achen 2006, in Thomson et al., The European Union Decides, doi:10.1017/CBO9780511492082.011",
            params: Vec::new(),
        }
    }

    fn forecast(&self, s: &Scenario) -> Result<Forecast, ModelError> {
        let values = (0..s.issues().len())
            .map(|k| {
                let x = weighted_mean(weighted_positions(s, k)).unwrap_or(s.issues()[k].status_quo);
                s.issues()[k].clamp(x)
            })
            .collect();
        Ok(Forecast {
            model: "compromise".into(),
            values,
            means: None,
            termination: Termination::Solved,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_mean() {
        // (10·1·1 + 40·2·0.5 + 100·1·0) / (1 + 1 + 0) = 50 / 2 = 25
        let m = weighted_mean([(10.0, 1.0), (40.0, 1.0), (100.0, 0.0)].into_iter());
        assert_eq!(m, Some(25.0));
        assert_eq!(weighted_mean([(3.0, 0.0)].into_iter()), None);
    }
}
