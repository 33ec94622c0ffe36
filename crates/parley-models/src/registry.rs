//! The one list of models: feeds `--model`, `parley models`, docs and conformance tests.

use parley_core::Scenario;
use serde_json::{Map, Value};

use crate::model::{Model, ModelError, ModelInfo};
use crate::models::eum::{Eum, EumParams};
use crate::models::{compromise::Compromise, median::Median, nash::Nash};
use crate::params::Params;

/// Ids of every model, in display order.
pub const MODEL_IDS: &[&str] = &["compromise", "median", "nash", "eum"];
/// Models run when the user names none.
pub const DEFAULT_MODELS: &[&str] = &["compromise", "median", "nash", "eum"];

/// Build model `id` from the scenario's `[model.ID]` table with `overrides` on top.
pub fn build(id: &str, s: Option<&Scenario>, overrides: &Map<String, Value>) -> Result<Box<dyn Model>, ModelError> {
    let mut map = s.and_then(|s| s.model_params(id)).cloned().unwrap_or_default();
    for (k, v) in overrides {
        map.insert(k.clone(), v.clone());
    }
    match id {
        "compromise" => {
            Params::new("compromise", map).only(&[])?;
            Ok(Box::new(Compromise))
        }
        "median" => {
            Params::new("median", map).only(&[])?;
            Ok(Box::new(Median))
        }
        "nash" => Ok(Box::new(Nash::from_params(&Params::new("nash", map))?)),
        "eum" => Ok(Box::new(Eum {
            params: EumParams::from_params(&Params::new("eum", map))?,
        })),
        other => Err(ModelError::Unknown(other.to_owned())),
    }
}

/// Info of every model.
pub fn all_info() -> Vec<ModelInfo> {
    MODEL_IDS
        .iter()
        .filter_map(|id| build(id, None, &Map::new()).ok())
        .map(|m| m.info())
        .collect()
}
