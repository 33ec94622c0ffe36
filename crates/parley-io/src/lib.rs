//! # parley-io
//!
//! Scenario files in and reports out: [`load`] reads TOML or JSON scenarios and
//! locates every problem by file, line, column and field; [`report`] builds the
//! versioned JSON contract; [`table`] renders it for people; [`csvout`] as CSV.

pub mod load;
pub mod provenance;

pub use load::{Diagnostic, LoadError, Loaded, SourceFormat, load_bundled, load_file, load_str};
pub mod csvout;
pub mod decide;
pub mod deu;
pub mod dynamics;
pub mod evaluate;
pub mod genius;
pub mod options;
pub mod report;
pub mod sensitivity;
pub mod simulate;
pub mod summit;
pub mod table;

/// The JSON Schema of the scenario format (format version 1).
pub fn scenario_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(parley_core::raw::RawScenario)).unwrap_or_default()
}
