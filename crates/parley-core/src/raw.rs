//! The scenario file as written: serde types with `deny_unknown_fields`.
//!
//! These are the *first* of two input stages. Nothing here is checked beyond
//! its type; [`crate::Scenario::from_raw`] validates a [`RawScenario`] into the
//! domain type. The same structure is read from TOML and from JSON.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The only scenario format version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// A whole scenario file (format version 1).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    /// Format version; must be 1.
    pub format: u32,
    /// Identification and provenance.
    pub scenario: RawMeta,
    /// The issues under negotiation.
    #[serde(default, rename = "issue", skip_serializing_if = "Vec::is_empty")]
    pub issues: Vec<RawIssue>,
    /// The actors.
    #[serde(default, rename = "actor", skip_serializing_if = "Vec::is_empty")]
    pub actors: Vec<RawActor>,
    /// Each actor's stance on each issue.
    #[serde(default, rename = "position", skip_serializing_if = "Vec::is_empty")]
    pub positions: Vec<RawPosition>,
    /// The rooms of the negotiation, in order.
    #[serde(default, rename = "stage", skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<RawStage>,
    /// Outcome classes, tried in order; the first whose `when` holds wins.
    #[serde(default, rename = "outcome", skip_serializing_if = "Vec::is_empty")]
    pub outcomes: Vec<RawOutcome>,
    /// Packages: issues that are only agreed together. An issue in no package is a package of its own.
    #[serde(default, rename = "package", skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<RawPackage>,
    /// How `ensemble` combines the models' forecasts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ensemble: Option<RawEnsemble>,
    /// Model parameters, one table per model id (e.g. `[model.eum]`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, serde_json::Value>>")]
    pub model: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
    /// Named what-if variants: patches over this file.
    #[serde(default, rename = "variant", skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<RawVariant>,
}

/// `[scenario]`: identification and provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    /// Short id: letters, digits, `-` and `_`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Date of the event (ISO 8601), free text allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Free description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// IANA zone of the venue, used by `parley agenda` (default: the first stage's zone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Sources the scenario rests on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

/// `[[issue]]`: one dimension of the outcome space.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawIssue {
    /// Id; also the variable name in outcome rules, so `[a-z_][a-z0-9_]*`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Lower end of the scale (default 0).
    #[serde(default = "default_min")]
    pub min: f64,
    /// Upper end of the scale (default 100).
    #[serde(default = "default_max")]
    pub max: f64,
    /// The no-deal value.
    pub status_quo: f64,
    /// Labels along the scale, keyed by the scale value as a string.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub anchors: BTreeMap<String, String>,
    /// Free description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The sentence of the source the scale, status quo and anchors rest on, or `inferred: why`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The value the issue was actually settled at, when known: `parley evaluate` scores the
    /// forecasts against it (a past decision kept as a test case). On the scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<f64>,
}

fn default_min() -> f64 {
    0.0
}
fn default_max() -> f64 {
    100.0
}

/// `[[actor]]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    /// Id: letters, digits, `-` and `_`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Relative clout, > 0.
    pub capability: f64,
    /// `principal` (default), `mediator` or `observer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    /// Must it accept for a deal to be implemented? Default: principals only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub veto: Option<bool>,
    /// Who sits in its delegation.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delegation: Vec<String>,
    /// Standard deviation of the capability, for Monte Carlo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<f64>,
    /// The sentence of the source that supports this entry, or `inferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The sentence the capability value rests on, or `inferred: why`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability_source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl RawActor {
    /// An actor with only an id, a name and a capability (everything optional left out), for
    /// importers.
    pub fn new(id: impl Into<String>, name: impl Into<String>, capability: f64) -> Self {
        Self {
            id: id.into(),
            name: name.into(),
            capability,
            role: None,
            veto: None,
            delegation: Vec::new(),
            uncertainty: None,
            source: None,
            capability_source: None,
            note: None,
        }
    }
}

impl RawPosition {
    /// A position with only its actor, issue, value and salience, for importers.
    pub fn new(actor: impl Into<String>, issue: impl Into<String>, position: f64, salience: f64) -> Self {
        Self {
            actor: actor.into(),
            issue: issue.into(),
            position,
            salience,
            red_line: None,
            accept: None,
            uncertainty: None,
            source: None,
            red_line_source: None,
            note: None,
        }
    }
}

/// `[[position]]`: one actor's stance on one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPosition {
    /// Actor id.
    pub actor: String,
    /// Issue id.
    pub issue: String,
    /// Preferred value on the issue's scale.
    pub position: f64,
    /// How much the issue matters to the actor, 0..=1.
    pub salience: f64,
    /// Worst acceptable value; the actor accepts values on its own side of it.
    /// Equal to `position`, the actor accepts only its position.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_line: Option<f64>,
    /// Acceptable interval `[lo, hi]` (instead of `red_line`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept: Option<[f64; 2]>,
    /// Standard deviation of the position, for Monte Carlo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uncertainty: Option<f64>,
    /// The sentence of the source that supports this value, or `inferred`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The sentence the red line (or accept range) rests on, or `inferred: why`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red_line_source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `[[package]]`: issues that are agreed together or not at all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPackage {
    /// Id; also a field name in outcome rules (`agreed.ID`), so `[a-z_][a-z0-9_]*`.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Issue ids in the package (each issue in at most one package).
    pub issues: Vec<String>,
    /// The sentence of the source that ties these issues together, or `inferred: why`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `[ensemble]`: how the `ensemble` entry combines the models' forecasts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEnsemble {
    /// Weight per model id (>= 0). Models not listed get weight 0; without `weights`, every model weighs 1.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub weights: BTreeMap<String, f64>,
}

/// `[[stage]]`: a room in the negotiation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    /// Id.
    pub id: String,
    /// Human name.
    pub name: String,
    /// Start: `2025-08-15T11:30:00-08:00[America/Anchorage]`, or a civil time with `zone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// IANA zone for a `start` without one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<String>,
    /// Planned length in minutes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes: Option<u32>,
    /// Actor ids in the room.
    #[serde(default)]
    pub participants: Vec<String>,
    /// The sentence of the source that supports this entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// `[[outcome]]`: an outcome class with its rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOutcome {
    /// Id.
    pub id: String,
    /// Human name.
    pub name: String,
    /// CEL expression over issue ids (numbers), `agreement`, `zone` and `room` (booleans),
    /// and the maps `agreed`, `implemented` (by package id) and `terms` (by issue id).
    pub when: String,
    /// The sentence of the source that supports this entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// `[[variant]]`: a named what-if patch over the scenario.
///
/// `actor`, `issue`, `stage` and `outcome` entries are merged field by field
/// into the entry with the same `id` (or appended when the id is new);
/// `position` entries likewise by `(actor, issue)`; `[variant.model.ID]` tables
/// key by key into `[model.ID]`. `remove_actors` drops actors (with their
/// positions and seats) before the merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawVariant {
    /// Id used on the command line (`--variant ID`).
    pub id: String,
    /// Human name.
    pub name: String,
    /// What the variant assumes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Actor ids to remove.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove_actors: Vec<String>,
    /// Partial actor entries.
    #[serde(default, rename = "actor", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<serde_json::Map<String, serde_json::Value>>")]
    pub actors: Vec<serde_json::Map<String, serde_json::Value>>,
    /// Partial issue entries.
    #[serde(default, rename = "issue", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<serde_json::Map<String, serde_json::Value>>")]
    pub issues: Vec<serde_json::Map<String, serde_json::Value>>,
    /// Partial position entries.
    #[serde(default, rename = "position", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<serde_json::Map<String, serde_json::Value>>")]
    pub positions: Vec<serde_json::Map<String, serde_json::Value>>,
    /// Partial stage entries.
    #[serde(default, rename = "stage", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<serde_json::Map<String, serde_json::Value>>")]
    pub stages: Vec<serde_json::Map<String, serde_json::Value>>,
    /// Partial outcome entries.
    #[serde(default, rename = "outcome", skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<serde_json::Map<String, serde_json::Value>>")]
    pub outcomes: Vec<serde_json::Map<String, serde_json::Value>>,
    /// Model parameters merged key by key into `[model.ID]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, serde_json::Value>>")]
    pub model: BTreeMap<String, serde_json::Map<String, serde_json::Value>>,
}
