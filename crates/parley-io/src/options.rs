//! Model options shared by the command line and the web app: `MODEL.KEY=VALUE` parameters,
//! building the chosen models, and model errors located in the scenario file.

use parley_models::{Model, ModelError, registry};
use serde_json::{Map, Value};

use crate::Loaded;

/// Parse `--param MODEL.KEY=VALUE` options into per-model maps (VALUE as JSON, else a string).
pub fn parse_params(params: &[String]) -> Result<Map<String, Value>, String> {
    let mut out: Map<String, Value> = Map::new();
    for p in params {
        let Some((key, value)) = p.split_once('=') else {
            return Err(format!(
                "--param {p}: expected MODEL.KEY=VALUE, e.g. --param eum.rounds=10"
            ));
        };
        let Some((model, name)) = key.split_once('.') else {
            return Err(format!(
                "--param {p}: expected MODEL.KEY=VALUE, e.g. --param nash.utility=quadratic"
            ));
        };
        if !registry::MODEL_IDS.contains(&model) {
            return Err(format!(
                "--param {p}: unknown model `{model}`; `parley models` lists them"
            ));
        }
        let v: Value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
        let entry = out.entry(model.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(name.to_owned(), v);
        }
    }
    Ok(out)
}

/// The message for a model error about user input, located in the file when a bad parameter
/// came from the scenario file (not overridden by `cli`) or from its `[ensemble]` weights.
/// `Err` gives back an error that is not about the input (a numerical failure: a bug).
pub fn located_model_error(loaded: &Loaded, cli: &Map<String, Value>, e: ModelError) -> Result<String, ModelError> {
    if matches!(&e, ModelError::BadParam { model, .. } if model == parley_models::ensemble::ENSEMBLE_ID) {
        return Ok(ensemble_failure(loaded, e));
    }
    if let ModelError::BadParam { model, param, message } = &e {
        let from_file = loaded
            .scenario
            .model_params(model)
            .is_some_and(|m| m.contains_key(param));
        let from_cli = cli
            .get(model)
            .and_then(Value::as_object)
            .is_some_and(|m| m.contains_key(param));
        if from_file && !from_cli {
            let path = parley_core::FieldPath::root().key("model").key(model).key(param);
            return Ok(loaded
                .diagnostic(&parley_core::FieldError::new(path, message.clone()))
                .to_string());
        }
    }
    match e {
        ModelError::Numerical(_) => Err(e),
        _ => Ok(e.to_string()),
    }
}

/// A bad `[ensemble] weights` entry, located in the file.
pub fn ensemble_failure(loaded: &Loaded, e: ModelError) -> String {
    if let ModelError::BadParam { model, param, message } = &e
        && model == parley_models::ensemble::ENSEMBLE_ID
    {
        let path = parley_core::FieldPath::root().key("ensemble").key("weights").key(param);
        return loaded
            .diagnostic(&parley_core::FieldError::new(path, message.clone()))
            .to_string();
    }
    e.to_string()
}

/// Build the models named (or the defaults), with scenario and CLI parameters.
pub fn build_models(
    ids: &[String],
    s: &parley_core::Scenario,
    params: &Map<String, Value>,
) -> Result<Vec<Box<dyn Model>>, ModelError> {
    let chosen: Vec<String> = if ids.is_empty() {
        registry::DEFAULT_MODELS.iter().map(|s| s.to_string()).collect()
    } else {
        ids.to_vec()
    };
    let mut seen = Vec::new();
    let mut models = Vec::new();
    for id in chosen {
        if seen.contains(&id) {
            continue;
        }
        let overrides = params.get(&id).and_then(Value::as_object).cloned().unwrap_or_default();
        models.push(registry::build(&id, Some(s), &overrides)?);
        seen.push(id);
    }
    Ok(models)
}
