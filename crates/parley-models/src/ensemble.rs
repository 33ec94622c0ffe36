//! The `ensemble` entry: a weighted mean of the models' points.
//!
//! Per issue, `x_k = Σ_m w_m x_mk / Σ_m w_m` over the models that gave an answer
//! (a model without one drops out and the weights of the others are renormalised).
//! Weights come from `[ensemble] weights = { compromise = 1, … }`; without them every
//! model weighs 1; with them a model not listed weighs 0. The ensemble point then
//! goes through deals, terms and outcome classes like any model's, so `forecast`
//! and `simulate` treat it as one more model. Averaging point forecasts across
//! models is the combination studied for EU decision-making by Achen (2006) and
//! Thomson et al. (2006), *The European Union Decides*.

use std::collections::BTreeMap;

use parley_core::Scenario;

use crate::model::ModelError;
use crate::registry::MODEL_IDS;

/// Id of the ensemble entry.
pub const ENSEMBLE_ID: &str = "ensemble";

/// Validated ensemble weights.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ensemble {
    weights: Option<BTreeMap<String, f64>>,
}

impl Ensemble {
    /// Read `[ensemble]` of `s`; an unknown model id is a bad parameter of `ensemble`.
    pub fn from_scenario(s: &Scenario) -> Result<Self, ModelError> {
        let weights = s.ensemble_weights().cloned();
        if let Some(w) = &weights {
            for id in w.keys() {
                if !MODEL_IDS.contains(&id.as_str()) {
                    return Err(ModelError::BadParam {
                        model: ENSEMBLE_ID.into(),
                        param: id.clone(),
                        message: format!("unknown model `{id}`; models: {}", MODEL_IDS.join(", ")),
                    });
                }
            }
        }
        Ok(Self { weights })
    }

    /// Weight of model `id`.
    pub fn weight(&self, id: &str) -> f64 {
        match &self.weights {
            None => 1.0,
            Some(w) => w.get(id).copied().unwrap_or(0.0),
        }
    }

    /// The weighted mean of the points of the models that answered; None when no model
    /// with a positive weight answered.
    pub fn combine<'a>(&self, points: impl IntoIterator<Item = (&'a str, Option<&'a [f64]>)>) -> Option<Vec<f64>> {
        let mut sum: Option<Vec<f64>> = None;
        let mut total = 0.0;
        for (id, p) in points {
            let w = self.weight(id);
            let Some(p) = p else { continue };
            if w <= 0.0 {
                continue;
            }
            let acc = sum.get_or_insert_with(|| vec![0.0; p.len()]);
            for (a, &x) in acc.iter_mut().zip(p) {
                *a += w * x;
            }
            total += w;
        }
        sum.map(|v| v.into_iter().map(|x| x / total).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weighted_mean_skips_models_without_an_answer() {
        let mut w = BTreeMap::new();
        w.insert("compromise".to_string(), 3.0);
        w.insert("median".to_string(), 1.0);
        let e = Ensemble { weights: Some(w) };
        // (3·40 + 1·80) / 4 = 50; nash weighs 0 and eum is not listed.
        let got = e.combine([
            ("compromise", Some(&[40.0][..])),
            ("median", Some(&[80.0][..])),
            ("nash", None),
            ("eum", Some(&[0.0][..])),
        ]);
        assert_eq!(got, Some(vec![50.0]));
        let equal = Ensemble::default();
        // Equal weights; the model without an answer drops out: (10 + 20) / 2.
        assert_eq!(
            equal.combine([("a", Some(&[10.0][..])), ("b", None), ("c", Some(&[20.0][..]))]),
            Some(vec![15.0])
        );
        assert_eq!(equal.combine([("a", None)]), None);
    }
}
