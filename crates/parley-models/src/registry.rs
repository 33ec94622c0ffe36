//! The one list of models: feeds `--model`, `parley models`, docs and conformance tests.

use parley_core::Scenario;
use serde_json::{Map, Value};

use crate::model::{Model, ModelError, ModelInfo};
use crate::models::eum::{Eum, EumParams};
use crate::models::{compromise::Compromise, exchange::Exchange, median::Median, nash::Nash};
use crate::params::Params;

/// Ids of every model, in display order.
pub const MODEL_IDS: &[&str] = &["compromise", "median", "nash", "eum", "exchange"];
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
        "exchange" => Ok(Box::new(Exchange::from_params(&Params::new("exchange", map))?)),
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

/// Every problem in the scenario's `[model.ID]` sections and `[ensemble]` weights, as field
/// errors: an unknown model id, an unknown parameter, a value of the wrong type or out of
/// range. Loading runs this, so `check` and every other command report them before any run.
pub fn check_sections(s: &Scenario) -> Vec<parley_core::FieldError> {
    use parley_core::{FieldError, FieldPath};
    let mut errs = Vec::new();
    let root = FieldPath::root();
    for id in s.raw().model.keys() {
        if !MODEL_IDS.contains(&id.as_str()) {
            let hint = MODEL_IDS
                .iter()
                .find(|m| similar(m, id))
                .map(|m| format!(" (did you mean `{m}`?)"))
                .unwrap_or_default();
            errs.push(FieldError::new(
                root.key("model").key(id),
                format!("unknown model `{id}`{hint}; models: {}", MODEL_IDS.join(", ")),
            ));
            continue;
        }
        if let Err(e) = build(id, Some(s), &Map::new()) {
            errs.push(match e {
                ModelError::BadParam { param, message, .. } => {
                    FieldError::new(root.key("model").key(id).key(&param), message)
                }
                other => FieldError::new(root.key("model").key(id), other.to_string()),
            });
        }
    }
    if let Err(ModelError::BadParam { param, message, .. }) = crate::ensemble::Ensemble::from_scenario(s) {
        errs.push(FieldError::new(
            root.key("ensemble").key("weights").key(&param),
            message,
        ));
    }
    errs
}

/// Same length and at most two letters differ or two neighbours are swapped, or one letter
/// added or dropped: enough to catch `nahs`, `meidan`, `eu`.
fn similar(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len() == b.len() {
        return a.iter().zip(&b).filter(|(x, y)| x != y).count() <= 2;
    }
    let (short, long) = if a.len() < b.len() { (&a, &b) } else { (&b, &a) };
    long.len() == short.len() + 1
        && (0..long.len()).any(|skip| {
            long.iter()
                .enumerate()
                .filter(|(k, _)| *k != skip)
                .map(|(_, c)| c)
                .eq(short.iter())
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{MODEL_IDS, all_info, check_sections, similar};

    #[test]
    fn every_model_has_its_info_in_order() {
        let ids: Vec<String> = all_info().iter().map(|m| m.id.to_string()).collect();
        assert_eq!(ids, MODEL_IDS);
    }

    #[test]
    fn model_sections_are_checked_field_by_field() {
        let raw: parley_core::raw::RawScenario = serde_json::from_value(serde_json::json!({
            "format": 1, "scenario": {"id": "t", "title": "t"},
            "issue": [{"id": "x", "name": "x", "status_quo": 0}],
            "actor": [{"id": "a", "name": "a", "capability": 1}],
            "position": [{"actor": "a", "issue": "x", "position": 10, "salience": 1}],
            "model": {"nahs": {}, "eum": {"rounds": 0}, "median": {}}}))
        .unwrap();
        let s = parley_core::Scenario::from_raw(raw).unwrap();
        let errs: Vec<String> = check_sections(&s)
            .iter()
            .map(|e| format!("{}: {}", e.path, e.message))
            .collect();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs.iter().any(|e| e.starts_with("model.eum.rounds: ")), "{errs:?}");
        assert!(
            errs.iter()
                .any(|e| e.starts_with("model.nahs: unknown model `nahs` (did you mean `nash`?)")),
            "{errs:?}"
        );
    }

    #[test]
    fn near_misses_are_similar() {
        assert!(similar("nash", "nahs"));
        assert!(similar("eum", "eu"));
        assert!(similar("median", "meidan"));
        assert!(!similar("nash", "compromise"));
        assert!(!similar("eum", "nash"));
    }
}
