//! Outcome classes: the scenario's `[[outcome]]` rules, compiled once.

use cel::{Context, Program, Value};
use parley_core::Scenario;

use crate::model::ModelError;

/// Compiled outcome rules of a scenario.
pub struct Classifier {
    programs: Vec<Program>,
    issue_ids: Vec<String>,
}

impl std::fmt::Debug for Classifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Classifier")
            .field("rules", &self.programs.len())
            .finish()
    }
}

impl Classifier {
    /// Compile every rule of `s` (validation already checked they compile).
    pub fn new(s: &Scenario) -> Result<Self, ModelError> {
        let programs = s
            .outcomes()
            .iter()
            .map(|o| {
                Program::compile(&o.when).map_err(|e| ModelError::Unsupported {
                    model: "outcome".into(),
                    message: format!("outcome `{}`: {e}", o.id),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self {
            programs,
            issue_ids: s.issues().iter().map(|i| i.id.to_string()).collect(),
        })
    }

    /// Index of the first outcome class whose rule holds for issue values `x`,
    /// `agreement` (the outcome is accepted by every veto player), `zone`
    /// (the agreement zone of all veto players is not empty) and `room` (a zone
    /// exists among the veto players in the room of the last stage). None when no rule holds.
    /// A rule that fails to evaluate (e.g. compares a number with a string) is an error.
    pub fn classify(&self, x: &[f64], agreement: bool, zone: bool, room: bool) -> Result<Option<usize>, String> {
        let mut ctx = Context::default();
        for (id, &v) in self.issue_ids.iter().zip(x) {
            ctx.add_variable_from_value(id.clone(), Value::Float(v));
        }
        ctx.add_variable_from_value("agreement", Value::Bool(agreement));
        ctx.add_variable_from_value("zone", Value::Bool(zone));
        ctx.add_variable_from_value("room", Value::Bool(room));
        for (i, p) in self.programs.iter().enumerate() {
            match p.execute(&ctx) {
                Ok(Value::Bool(true)) => return Ok(Some(i)),
                Ok(Value::Bool(false)) => {}
                Ok(other) => return Err(format!("outcome rule {} gave {other:?}, not true or false", i + 1)),
                Err(e) => return Err(format!("outcome rule {} failed: {e}", i + 1)),
            }
        }
        Ok(None)
    }
}
