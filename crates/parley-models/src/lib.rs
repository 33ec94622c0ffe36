//! # parley-models
//!
//! The models of parley, one file each behind the [`Model`] trait, and the
//! analyses built on them: the agreement zone ([`zopa`]) and outcome classes
//! ([`classify`]). [`registry`] is the one list of models.
//!
//! ```
//! use parley_core::{Scenario, raw::RawScenario};
//! use parley_models::registry;
//! let raw: RawScenario = serde_json::from_str(r#"{
//!   "format": 1, "scenario": {"id": "toy", "title": "Toy"},
//!   "issue": [{"id": "price", "name": "Price", "status_quo": 50}],
//!   "actor": [{"id": "a", "name": "A", "capability": 1}, {"id": "b", "name": "B", "capability": 3}],
//!   "position": [{"actor": "a", "issue": "price", "position": 0, "salience": 1},
//!                {"actor": "b", "issue": "price", "position": 100, "salience": 1}]
//! }"#).unwrap();
//! let s = Scenario::from_raw(raw).unwrap();
//! let m = registry::build("compromise", Some(&s), &Default::default()).unwrap();
//! assert_eq!(m.forecast(&s).unwrap().values, vec![75.0]);
//! ```

pub mod classify;
pub mod deals;
pub mod ensemble;
pub mod evaluate;
pub mod model;
pub mod models;
pub mod montecarlo;
pub mod parallel;
pub mod params;
pub mod registry;
pub mod run;
pub mod sensitivity;
pub mod zopa;

pub use model::{Forecast, Model, ModelError, ModelInfo, ParamInfo, Termination};
