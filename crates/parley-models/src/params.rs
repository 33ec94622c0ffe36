//! Reading model parameters from `[model.ID]` tables and `--param` overrides.

use serde_json::{Map, Value};

use crate::model::ModelError;

/// Parameters of one model: the scenario's table with CLI overrides on top.
#[derive(Debug, Clone, Default)]
pub struct Params {
    model: &'static str,
    map: Map<String, Value>,
}

impl Params {
    /// Wrap a parameter table for `model`.
    pub fn new(model: &'static str, map: Map<String, Value>) -> Self {
        Self { model, map }
    }
    fn bad(&self, param: &str, message: String) -> ModelError {
        ModelError::BadParam {
            model: self.model.into(),
            param: param.into(),
            message,
        }
    }
    /// Reject names not in `known`.
    pub fn only(&self, known: &[&str]) -> Result<(), ModelError> {
        for k in self.map.keys() {
            if !known.contains(&k.as_str()) {
                let message = if known.is_empty() {
                    format!("unknown parameter; model `{}` takes no parameters", self.model)
                } else {
                    format!("unknown parameter; known: {}", known.join(", "))
                };
                return Err(self.bad(k, message));
            }
        }
        Ok(())
    }
    /// A number in `lo..=hi`.
    pub fn f64(&self, name: &str, default: f64, lo: f64, hi: f64) -> Result<f64, ModelError> {
        match self.map.get(name) {
            None => Ok(default),
            Some(v) => match v.as_f64() {
                Some(x) if x.is_finite() && (lo..=hi).contains(&x) => Ok(x),
                _ => Err(self.bad(name, format!("{v} is not a number in {lo}..={hi}"))),
            },
        }
    }
    /// A whole number in `lo..=hi`.
    pub fn usize(&self, name: &str, default: usize, lo: usize, hi: usize) -> Result<usize, ModelError> {
        match self.map.get(name) {
            None => Ok(default),
            Some(v) => match v.as_u64().and_then(|x| usize::try_from(x).ok()) {
                Some(x) if (lo..=hi).contains(&x) => Ok(x),
                _ => Err(self.bad(name, format!("{v} is not a whole number in {lo}..={hi}"))),
            },
        }
    }
    /// One of `choices`.
    pub fn choice(
        &self,
        name: &str,
        default: &'static str,
        choices: &[&'static str],
    ) -> Result<&'static str, ModelError> {
        match self.map.get(name) {
            None => Ok(default),
            Some(v) => match v.as_str().and_then(|s| choices.iter().find(|c| **c == s)) {
                Some(c) => Ok(c),
                None => Err(self.bad(name, format!("{v} is not one of {}", choices.join(", ")))),
            },
        }
    }
    /// A boolean.
    pub fn bool(&self, name: &str, default: bool) -> Result<bool, ModelError> {
        match self.map.get(name) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => Err(self.bad(name, format!("{v} is not true or false"))),
        }
    }
}
