//! Outcome classes: the scenario's `[[outcome]]` rules, compiled once.

use std::collections::HashMap;

use cel::{Context, Program, Value};
use parley_core::Scenario;

use crate::model::ModelError;

/// Compiled outcome rules of a scenario.
pub struct Classifier {
    programs: Vec<Program>,
    outcome_ids: Vec<String>,
    issue_ids: Vec<String>,
    package_ids: Vec<String>,
}

/// What outcome rules see (docs/FORMAT.md, "Outcome rules").
#[derive(Debug, Clone, PartialEq)]
pub struct RuleInput<'a> {
    /// The model's point, one value per issue (the status quo for a model without an answer).
    pub point: &'a [f64],
    /// Every veto player accepts the point.
    pub agreement: bool,
    /// An agreement zone exists among all veto players.
    pub zone: bool,
    /// A zone exists among the veto players of the deciding room.
    pub room: bool,
    /// Per package: agreed in the deciding room.
    pub agreed: &'a [bool],
    /// Per package: implemented (the absent veto players accept the terms).
    pub implemented: &'a [bool],
    /// Per issue: the signed terms (the status quo where no package was agreed).
    pub terms: &'a [f64],
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
            outcome_ids: s.outcomes().iter().map(|o| o.id.clone()).collect(),
            issue_ids: s.issues().iter().map(|i| i.id.to_string()).collect(),
            package_ids: s.packages().iter().map(|p| p.id.clone()).collect(),
        })
    }

    /// Index of the first outcome class whose rule holds for `input`; None when no rule holds.
    /// A rule that fails to evaluate (e.g. compares a number with a string) is an error
    /// naming the outcome id and its number from 1.
    pub fn classify(&self, input: &RuleInput<'_>) -> Result<Option<usize>, String> {
        let mut ctx = Context::default();
        for (id, &v) in self.issue_ids.iter().zip(input.point) {
            ctx.add_variable_from_value(id.clone(), Value::Float(v));
        }
        ctx.add_variable_from_value("agreement", Value::Bool(input.agreement));
        ctx.add_variable_from_value("zone", Value::Bool(input.zone));
        ctx.add_variable_from_value("room", Value::Bool(input.room));
        let flags = |v: &[bool]| -> HashMap<String, Value> {
            self.package_ids
                .iter()
                .zip(v)
                .map(|(id, &b)| (id.clone(), Value::Bool(b)))
                .collect()
        };
        ctx.add_variable_from_value("agreed", flags(input.agreed));
        ctx.add_variable_from_value("implemented", flags(input.implemented));
        let terms: HashMap<String, Value> = self
            .issue_ids
            .iter()
            .zip(input.terms)
            .map(|(id, &v)| (id.clone(), Value::Float(v)))
            .collect();
        ctx.add_variable_from_value("terms", terms);
        for (i, (p, id)) in self.programs.iter().zip(&self.outcome_ids).enumerate() {
            match p.execute(&ctx) {
                Ok(Value::Bool(true)) => return Ok(Some(i)),
                Ok(Value::Bool(false)) => {}
                Ok(other) => {
                    return Err(format!(
                        "outcome `{id}` (rule {} of the file) gave {other:?}, not true or false",
                        i + 1
                    ));
                }
                Err(e) => return Err(format!("outcome `{id}` (rule {} of the file) failed: {e}", i + 1)),
            }
        }
        Ok(None)
    }
}
