//! Median model: the capability × salience weighted median of positions.
//!
//! # Algorithm
//! Sort the actors' positions on issue `k`, merging equal positions; with
//! weights `w_a = c_a s_ak` and total `W`, the forecast is the first position
//! whose cumulative weight exceeds `W/2`. When the cumulative weight equals
//! `W/2` exactly at a position, the forecast is the midpoint between it and the
//! next position (the convention for an even split). With all weights zero the
//! forecast is the status quo.
//!
//! # Requirements
//! Any valid scenario.
//!
//! # References
//! Black, D. (1948). "On the rationale of group decision-making", *Journal of
//! Political Economy* 56(1), 23–34, doi:10.1086/256633.

use parley_core::Scenario;

use crate::model::{Forecast, Model, ModelError, ModelInfo, Termination};
use crate::models::compromise::weighted_positions;

/// The weighted median model.
#[derive(Debug, Clone, Default)]
pub struct Median;

/// Weighted median of `(value, weight)` pairs, or None when the weights sum to zero.
pub fn weighted_median(mut pairs: Vec<(f64, f64)>) -> Option<f64> {
    pairs.retain(|&(_, w)| w > 0.0);
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = pairs.iter().map(|p| p.1).sum();
    if total <= 0.0 {
        return None;
    }
    let half = total / 2.0;
    let mut cum = 0.0;
    let mut i = 0;
    while i < pairs.len() {
        let x = pairs[i].0;
        while i < pairs.len() && pairs[i].0 == x {
            cum += pairs[i].1;
            i += 1;
        }
        if cum > half {
            return Some(x);
        }
        if cum == half {
            return Some(pairs.get(i).map_or(x, |next| (x + next.0) / 2.0));
        }
    }
    pairs.last().map(|p| p.0)
}

impl Model for Median {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "median",
            name: "Median voter (weighted median)",
            description: "Capability x salience weighted median of the positions on each issue.",
            citation: "Black 1948, J. Political Economy 56(1):23-34, doi:10.1086/256633",
            params: Vec::new(),
        }
    }

    fn forecast(&self, s: &Scenario) -> Result<Forecast, ModelError> {
        let values = (0..s.issues().len())
            .map(|k| weighted_median(weighted_positions(s, k).collect()).unwrap_or(s.issues()[k].status_quo))
            .collect();
        Ok(Forecast {
            model: "median".into(),
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
    fn hand_computed_medians() {
        // weights 1, 1, 3 at 0, 10, 20: W = 5, half 2.5; cum 1, 2, 5 -> 20
        assert_eq!(weighted_median(vec![(10.0, 1.0), (0.0, 1.0), (20.0, 3.0)]), Some(20.0));
        // weights 1, 1 at 0, 10: cum at 0 is exactly half -> midpoint 5
        assert_eq!(weighted_median(vec![(0.0, 1.0), (10.0, 1.0)]), Some(5.0));
        // equal positions merge: 3 at 4 (1+2) vs 2 at 9 -> 4
        assert_eq!(weighted_median(vec![(4.0, 1.0), (9.0, 2.0), (4.0, 2.0)]), Some(4.0));
        assert_eq!(weighted_median(vec![(4.0, 0.0)]), None);
    }
}
