//! Linear-additive utility functions: `u(o) = Σ_k w_k · e_k(o_k)`.

use serde::Serialize;

use crate::NegotiationError;
use crate::space::OutcomeSpace;

/// A party's preferences over a discrete space: one weight per issue and one evaluation per
/// value of each issue, a reservation value (the utility of no agreement) and a discount
/// factor per unit of time (1: none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LinearAdditive {
    /// The party (a profile's name).
    pub name: String,
    /// Weight of each issue.
    pub weights: Vec<f64>,
    /// Evaluation of each value of each issue.
    pub evaluations: Vec<Vec<f64>>,
    /// Utility of no agreement (`-inf`: none given).
    pub reserved: f64,
    /// Discount factor δ in (0, 1]: an agreement at relative time t is worth `u · δ^t`.
    pub discount: f64,
}

impl LinearAdditive {
    /// Check that the function fits `space` (an evaluation for every value, finite numbers).
    pub fn check(&self, space: &OutcomeSpace) -> Result<(), NegotiationError> {
        let bad = |message: String| NegotiationError::Mismatch {
            name: self.name.clone(),
            message,
        };
        let issues = space.issues();
        if self.weights.len() != issues.len() || self.evaluations.len() != issues.len() {
            return Err(bad(format!(
                "{} weights and {} evaluated issues for {} issues",
                self.weights.len(),
                self.evaluations.len(),
                issues.len()
            )));
        }
        for ((issue, e), w) in issues.iter().zip(&self.evaluations).zip(&self.weights) {
            if e.len() != issue.values.len() {
                return Err(bad(format!(
                    "issue `{}`: {} evaluations for {} values",
                    issue.name,
                    e.len(),
                    issue.values.len()
                )));
            }
            if !w.is_finite() || e.iter().any(|v| !v.is_finite()) {
                return Err(bad(format!(
                    "issue `{}`: a weight or evaluation is not a finite number",
                    issue.name
                )));
            }
        }
        if self.weights.iter().any(|&w| w < 0.0) {
            return Err(bad("a weight is negative (weights are shares of 0..1)".into()));
        }
        if !self.weights.is_empty() && self.weights.iter().all(|&w| w == 0.0) {
            return Err(bad(
                "every issue's weight is 0: every outcome would be worth the same".into()
            ));
        }
        if self.reserved.is_nan() || !(self.discount > 0.0 && self.discount <= 1.0) {
            return Err(bad(format!(
                "reservation value {} or discount factor {} out of range (discount in (0, 1])",
                self.reserved, self.discount
            )));
        }
        Ok(())
    }

    /// The utility of the outcome with value indices `values`, summed in issue order.
    pub fn utility(&self, values: &[usize]) -> f64 {
        let mut u = 0.0;
        for ((w, e), &v) in self.weights.iter().zip(&self.evaluations).zip(values) {
            u += w * e[v];
        }
        u
    }

    /// The utility of every outcome of `space`, in its order (the same sums, in the same
    /// order, as [`LinearAdditive::utility`], built issue by issue). The space must be
    /// enumerable ([`OutcomeSpace::enumerable`]).
    pub fn utilities(&self, space: &OutcomeSpace) -> Result<Vec<f64>, NegotiationError> {
        let n = space.enumerable()?;
        let mut out = Vec::with_capacity(n);
        out.push(0.0);
        for (w, e) in self.weights.iter().zip(&self.evaluations) {
            let terms: Vec<f64> = e.iter().map(|v| w * v).collect();
            let mut next = Vec::with_capacity(out.len() * terms.len());
            for &u in &out {
                next.extend(terms.iter().map(|t| u + t));
            }
            out = next;
        }
        Ok(out)
    }

    /// The best and worst outcomes' utilities (the best value of each issue, the worst).
    pub fn extremes(&self) -> (f64, f64) {
        let pick = |best: bool| -> Vec<usize> {
            self.weights
                .iter()
                .zip(&self.evaluations)
                .map(|(w, e)| {
                    let mut k = 0;
                    for (j, v) in e.iter().enumerate() {
                        let (a, b) = (w * v, w * e[k]);
                        if (best && a > b) || (!best && a < b) {
                            k = j;
                        }
                    }
                    k
                })
                .collect()
        };
        (self.utility(&pick(false)), self.utility(&pick(true)))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::space::Issue;

    fn space() -> OutcomeSpace {
        OutcomeSpace::new(vec![
            Issue::new("a", vec!["x".into(), "y".into(), "z".into()]),
            Issue::integer("b", 0, 1),
        ])
        .unwrap()
    }

    fn f() -> LinearAdditive {
        LinearAdditive {
            name: "p".into(),
            weights: vec![0.25, 0.75],
            evaluations: vec![vec![4.0, 0.0, 2.0], vec![1.0, 3.0]],
            reserved: 1.0,
            discount: 1.0,
        }
    }

    #[test]
    fn utilities_are_weighted_sums_in_outcome_order() {
        let s = space();
        let f = f();
        f.check(&s).unwrap();
        // (x,0) 1+0.75, (x,1) 1+2.25, (y,0) 0.75, (y,1) 2.25, (z,0) 0.5+0.75, (z,1) 0.5+2.25
        assert_eq!(f.utilities(&s).unwrap(), [1.75, 3.25, 0.75, 2.25, 1.25, 2.75]);
        for i in 0..s.size() {
            assert_eq!(
                f.utility(&s.outcome(i)).to_bits(),
                f.utilities(&s).unwrap()[i].to_bits()
            );
        }
        assert_eq!(f.extremes(), (0.75, 3.25));
        // A negative weight turns the best value into the worst.
        let mut g = f.clone();
        g.weights[1] = -1.0;
        assert_eq!(g.extremes(), (-3.0, 0.0));
        // A weight below 1: each value's term is weight times evaluation.
        let h = LinearAdditive {
            name: "h".into(),
            weights: vec![0.5],
            evaluations: vec![vec![1.0, 2.0]],
            reserved: f64::NEG_INFINITY,
            discount: 1.0,
        };
        assert_eq!(h.extremes(), (0.5, 1.0));
    }

    #[test]
    fn functions_that_do_not_fit_the_space_are_refused() {
        let s = space();
        let mut g = f();
        g.evaluations[1].pop();
        assert_eq!(
            g.check(&s).unwrap_err().to_string(),
            "utility function `p`: issue `b`: 1 evaluations for 2 values"
        );
        let mut g = f();
        g.weights.pop();
        assert!(
            g.check(&s)
                .unwrap_err()
                .to_string()
                .contains("1 weights and 2 evaluated issues for 2 issues")
        );
        let mut g = f();
        g.evaluations[0][1] = f64::NAN;
        assert!(g.check(&s).unwrap_err().to_string().contains("not a finite number"));
        let mut g = f();
        g.discount = 0.0;
        assert!(g.check(&s).is_err());
        g.discount = 1.5;
        assert!(g.check(&s).is_err());
        let mut g = f();
        g.reserved = f64::NEG_INFINITY;
        assert!(g.check(&s).is_ok());
        // A negative weight; every weight 0. One weight 0 is fine.
        let mut g = f();
        g.weights[1] = -0.1;
        assert!(g.check(&s).unwrap_err().to_string().contains("a weight is negative"));
        g.weights[1] = 0.0;
        assert!(g.check(&s).is_ok());
        g.weights[0] = 0.0;
        assert!(
            g.check(&s)
                .unwrap_err()
                .to_string()
                .contains("every issue's weight is 0")
        );
    }
}
