//! `parley schema`: the JSON Schema of the scenario format.

use crate::common::{CmdResult, emit_json};

/// Run it.
pub fn run() -> CmdResult {
    emit_json(&parley_io::scenario_schema())
}
