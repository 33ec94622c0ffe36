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
    /// CEL's standard library, built once: building it per evaluation cost more than the rules.
    env: std::sync::Arc<cel::Env>,
    /// What the rules read: only that is put into the context of an evaluation.
    uses: Uses,
}

/// The variables and map entries the rules read (index lists; `None`: the whole map).
#[derive(Debug, Clone, Default)]
struct Uses {
    issues: Vec<usize>,
    flags: [bool; 3],
    agreed: Option<Vec<usize>>,
    implemented: Option<Vec<usize>>,
    terms: Option<Vec<usize>>,
    agreed_used: bool,
    implemented_used: bool,
    terms_used: bool,
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
        let programs: Vec<Program> = s
            .outcomes()
            .iter()
            .map(|o| {
                parley_core::scenario::compile_rule(&o.when).map_err(|e| ModelError::Unsupported {
                    model: "outcome".into(),
                    message: format!("outcome `{}`: {e}", o.id),
                })
            })
            .collect::<Result<_, _>>()?;
        let mut uses = Uses::default();
        let issue_ids: Vec<&str> = s.issues().iter().map(|i| i.id.as_str()).collect();
        let package_ids: Vec<&str> = s.packages().iter().map(|p| p.id.as_str()).collect();
        let mut fields: [Vec<usize>; 3] = Default::default();
        let mut whole = [false; 3];
        for p in &programs {
            let vars = p.references();
            for (k, id) in issue_ids.iter().enumerate() {
                if vars.has_variable(id) && !uses.issues.contains(&k) {
                    uses.issues.push(k);
                }
            }
            for (i, f) in ["agreement", "zone", "room"].iter().enumerate() {
                uses.flags[i] |= vars.has_variable(f);
            }
            let refs = parley_core::scenario::map_refs(p);
            for (i, m) in ["agreed", "implemented", "terms"].iter().enumerate() {
                whole[i] |= refs.whole.iter().any(|w| w == m);
                let ids = if i == 2 { &issue_ids } else { &package_ids };
                for (_, field) in refs.fields.iter().filter(|(map, _)| map == m) {
                    if let Some(j) = ids.iter().position(|x| x == field)
                        && !fields[i].contains(&j)
                    {
                        fields[i].push(j);
                    }
                }
            }
        }
        let pick = |i: usize, f: &Vec<usize>| if whole[i] { None } else { Some(f.clone()) };
        uses.agreed_used = whole[0] || !fields[0].is_empty();
        uses.implemented_used = whole[1] || !fields[1].is_empty();
        uses.terms_used = whole[2] || !fields[2].is_empty();
        uses.agreed = pick(0, &fields[0]);
        uses.implemented = pick(1, &fields[1]);
        uses.terms = pick(2, &fields[2]);
        Ok(Self {
            uses,
            programs,
            outcome_ids: s.outcomes().iter().map(|o| o.id.clone()).collect(),
            issue_ids: s.issues().iter().map(|i| i.id.to_string()).collect(),
            package_ids: s.packages().iter().map(|p| p.id.clone()).collect(),
            env: std::sync::Arc::new(cel::Env::stdlib()),
        })
    }

    /// Index of the first outcome class whose rule holds for `input`; None when no rule holds.
    /// A rule that fails to evaluate (e.g. compares a number with a string) is an error
    /// naming it as `check` does: `outcome[i].when`, counted from 0, and the outcome id.
    pub fn classify(&self, input: &RuleInput<'_>) -> Result<Option<usize>, String> {
        let mut ctx = Context::with_env(self.env.clone());
        let u = &self.uses;
        for &k in &u.issues {
            ctx.add_variable_from_value(self.issue_ids[k].clone(), Value::Float(input.point[k]));
        }
        for (i, (name, v)) in [
            ("agreement", input.agreement),
            ("zone", input.zone),
            ("room", input.room),
        ]
        .into_iter()
        .enumerate()
        {
            if u.flags[i] {
                ctx.add_variable_from_value(name, Value::Bool(v));
            }
        }
        // A map holds the entries the rules name (all of them when a rule uses it whole).
        let entries =
            |only: &Option<Vec<usize>>, n: usize| -> Vec<usize> { only.clone().unwrap_or_else(|| (0..n).collect()) };
        let flags = |only: &Option<Vec<usize>>, v: &[bool]| -> HashMap<String, Value> {
            entries(only, v.len())
                .into_iter()
                .map(|j| (self.package_ids[j].clone(), Value::Bool(v[j])))
                .collect()
        };
        if u.agreed_used {
            ctx.add_variable_from_value("agreed", flags(&u.agreed, input.agreed));
        }
        if u.implemented_used {
            ctx.add_variable_from_value("implemented", flags(&u.implemented, input.implemented));
        }
        if u.terms_used {
            let terms: HashMap<String, Value> = entries(&u.terms, input.terms.len())
                .into_iter()
                .map(|k| (self.issue_ids[k].clone(), Value::Float(input.terms[k])))
                .collect();
            ctx.add_variable_from_value("terms", terms);
        }
        for (i, (p, id)) in self.programs.iter().zip(&self.outcome_ids).enumerate() {
            match p.execute(&ctx) {
                Ok(Value::Bool(true)) => return Ok(Some(i)),
                Ok(Value::Bool(false)) => {}
                Ok(other) => {
                    return Err(format!(
                        "outcome[{i}].when (outcome `{id}`) gave {other:?}, not true or false"
                    ));
                }
                Err(e) => return Err(format!("outcome[{i}].when (outcome `{id}`) cannot be evaluated: {e}")),
            }
        }
        Ok(None)
    }
}
