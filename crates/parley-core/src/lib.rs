//! # parley-core
//!
//! Domain types of parley, a toolkit for modelling multi-party negotiations:
//! [`Scenario`] (validated), [`Actor`], [`Issue`], [`Position`], [`Stage`],
//! [`OutcomeClass`], and the actors' [`UtilityFunction`]. No I/O, no async.
//!
//! Input comes in two stages: [`raw::RawScenario`] is the file as written
//! (serde, unknown fields rejected); [`Scenario::from_raw`] validates it and
//! reports every problem with the [`FieldPath`] it is about.
//!
//! ```
//! use parley_core::{Scenario, raw::RawScenario};
//! let raw: RawScenario = serde_json::from_str(r#"{
//!   "format": 1,
//!   "scenario": {"id": "toy", "title": "Toy"},
//!   "issue": [{"id": "price", "name": "Price", "status_quo": 50}],
//!   "actor": [{"id": "a", "name": "A", "capability": 1}],
//!   "position": [{"actor": "a", "issue": "price", "position": 20, "salience": 0.5}]
//! }"#).unwrap();
//! let s = Scenario::from_raw(raw).unwrap();
//! assert_eq!(s.position(0, 0).position, 20.0);
//! ```

pub mod error;
pub mod ids;
pub mod raw;
pub mod scenario;
pub mod utility;
pub mod variant;

pub use error::{FieldError, FieldPath, PathSeg, ValidationErrors};
pub use ids::{ActorId, IssueId};
pub use scenario::{Actor, Issue, OutcomeClass, Package, Position, Role, Scenario, Stage};
pub use utility::{UtilityFunction, UtilityShape};
pub use variant::{Origin, apply_variant, apply_variant_traced};
