//! Behaviour of parley-core pinned through its public API: validation of every field of a
//! scenario (`Scenario::from_raw`), the accessors, outcome rules and variants. Expectations are
//! worked out by hand from docs/FORMAT.md; each error is compared whole (`path: message`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accessors;
mod from_raw;
mod props;
mod rules;
mod variants;

use parley_core::Scenario;
use parley_core::raw::RawScenario;
use serde_json::{Value, json};

/// One issue `price` on 0..=100 (status quo 50) and one actor `a`: the smallest valid scenario.
pub fn base() -> Value {
    json!({
        "format": 1,
        "scenario": {"id": "toy", "title": "Toy"},
        "issue": [{"id": "price", "name": "Price", "status_quo": 50}],
        "actor": [{"id": "a", "name": "A", "capability": 1}]
    })
}

/// `base()` with `key` replaced by `value`.
pub fn with(key: &str, value: Value) -> Value {
    let mut doc = base();
    doc[key] = value;
    doc
}

/// A JSON document as a raw scenario.
pub fn raw(doc: Value) -> RawScenario {
    serde_json::from_value(doc).expect("the test scenario reads")
}

/// Validate; on failure every error as `path: message`.
pub fn check_raw(r: RawScenario) -> Result<Scenario, Vec<String>> {
    Scenario::from_raw(r).map_err(|e| e.0.iter().map(ToString::to_string).collect())
}

/// Validate a JSON document.
pub fn check(doc: Value) -> Result<Scenario, Vec<String>> {
    check_raw(raw(doc))
}

/// The errors of a document that must not validate.
pub fn errors(doc: Value) -> Vec<String> {
    match check(doc) {
        Ok(_) => panic!("the scenario validated, but errors were expected"),
        Err(e) => e,
    }
}

/// The errors of a raw scenario that must not validate.
pub fn errors_raw(r: RawScenario) -> Vec<String> {
    match check_raw(r) {
        Ok(_) => panic!("the scenario validated, but errors were expected"),
        Err(e) => e,
    }
}

/// A document that must validate.
pub fn valid(doc: Value) -> Scenario {
    match check(doc) {
        Ok(s) => s,
        Err(e) => panic!("the scenario does not validate: {e:#?}"),
    }
}
