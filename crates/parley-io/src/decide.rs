//! Input files of the exchange-model program `decide` (decide-exchange-model, Stokman's
//! group; the examples in its repository's `data/input`) as a parley scenario.
//!
//! One record per line, fields separated by tabs (or `;`), text quoted with `'`:
//! - `#A key name [description]` — an actor;
//! - `#P key name [description]` — an issue;
//! - `#M issue value [label]` — a labelled point of an issue's scale; the smallest and the
//!   largest give the scale (0–100 when an issue has fewer than two);
//! - `#D actor issue position salience power` — an actor's position and salience (0–1) on an
//!   issue, and its power (the same on every issue: parley has one capability per actor);
//! - `#0…` and `#/…` lines are comments, as are blank lines.
//!
//! Keys become parley ids (lower case, other characters `_`); names are kept. The files have
//! no status quo: each issue's is the middle of its scale (marked `inferred`), which the
//! exchange and compromise models do not use.

use std::collections::BTreeMap;

use parley_core::raw::{RawActor, RawIssue, RawMeta, RawPosition, RawScenario};

use crate::load::{Diagnostic, LoadError};

fn diag(file: &str, line: usize, field: &str, message: String) -> Diagnostic {
    Diagnostic {
        file: file.into(),
        location: Some((line, 1)),
        field: Some(field.into()),
        message,
    }
}

/// A decide key as a parley id: lower case ASCII letters and digits, anything else `_`, a
/// leading digit prefixed with `_`; made unique with `_2`, `_3`, … in order of appearance.
fn slug(key: &str, taken: &[String]) -> String {
    let mut s: String = key
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, '_');
    }
    let mut out = s.clone();
    let mut k = 2;
    while taken.contains(&out) {
        out = format!("{s}_{k}");
        k += 1;
    }
    out
}

/// An issue as read: key, id, name, description, scale marks.
type IssueRec = (String, String, String, Option<String>, Vec<(f64, String)>);

/// Parse a decide input file named `file` (`id` becomes the scenario's id).
pub fn parse(file: &str, id: &str, text: &str) -> Result<RawScenario, LoadError> {
    parse_checked(file, id, text).map(|(raw, _)| raw)
}

/// The line of the input each entry of the imported scenario comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    /// The `#A` line of each actor.
    pub actors: Vec<usize>,
    /// The `#P` line of each issue.
    pub issues: Vec<usize>,
    /// The `#D` line of each position.
    pub positions: Vec<usize>,
    /// The first `#D` line giving each actor's power (every actor has one: an actor without
    /// `#D` lines is an error at its `#A` line).
    pub power: Vec<usize>,
}

impl Lines {
    /// The line and the decide field of a scenario field (`actor[3].capability` is the
    /// power of the `#D` line that gave it); None for a field no line holds.
    pub fn of(&self, path: &parley_core::FieldPath) -> Option<(usize, String)> {
        use parley_core::PathSeg::{Index, Key};
        let (list, i, rest) = match path.0.as_slice() {
            [Key(list), Index(i), rest @ ..] => (list.as_str(), *i, rest),
            _ => return None,
        };
        let field = match rest.first() {
            Some(Key(k)) => k.as_str(),
            _ => "",
        };
        match (list, field) {
            ("actor", "capability") => Some((*self.power.get(i)?, "#D power".into())),
            ("actor", _) => Some((*self.actors.get(i)?, "#A".into())),
            ("issue", _) => Some((*self.issues.get(i)?, "#P".into())),
            ("position", "position") => Some((*self.positions.get(i)?, "#D position".into())),
            ("position", "salience") => Some((*self.positions.get(i)?, "#D salience".into())),
            ("position", _) => Some((*self.positions.get(i)?, "#D".into())),
            _ => None,
        }
    }
}

/// [`parse`], then the scenario checked as the loader would, every problem located at its
/// line of the input (a power, a position outside the scale of the `#M` marks, a salience).
pub fn parse_checked(file: &str, id: &str, text: &str) -> Result<(RawScenario, Lines), LoadError> {
    let (raw, lines) = parse_lines(file, id, text)?;
    if let Err(e) = parley_core::Scenario::from_raw(raw.clone()) {
        let mut ds: Vec<Diagnostic> =
            e.0.iter()
                .map(|fe| match lines.of(&fe.path) {
                    Some((line, field)) => diag(file, line, &field, fe.message.clone()),
                    None => Diagnostic {
                        file: file.into(),
                        location: None,
                        field: Some(fe.path.to_string()),
                        message: fe.message.clone(),
                    },
                })
                .collect();
        ds.sort_by_key(|d| d.location.unwrap_or((usize::MAX, 0)));
        return Err(LoadError(ds));
    }
    Ok((raw, lines))
}

fn parse_lines(file: &str, id: &str, text: &str) -> Result<(RawScenario, Lines), LoadError> {
    let mut errors = Vec::new();
    let mut actor_lines = Vec::new();
    let mut issue_lines = Vec::new();
    let mut actors: Vec<(String, String, String)> = Vec::new(); // key, id, name
    let mut issues: Vec<IssueRec> = Vec::new();
    let mut rows: Vec<(usize, String, String, f64, f64, f64)> = Vec::new();
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        if raw.trim().is_empty() {
            continue;
        }
        let sep = if raw.contains('\t') { '\t' } else { ';' };
        let f: Vec<String> = raw
            .split(sep)
            .map(|x| {
                let x = x.trim();
                x.strip_prefix('\'')
                    .and_then(|y| y.strip_suffix('\''))
                    .unwrap_or(x)
                    .to_string()
            })
            .collect();
        let kind = f[0].as_str();
        if kind.starts_with("#0") || kind.starts_with("#O") || kind.starts_with("#/") {
            continue;
        }
        let need = |k: usize, what: &str, errors: &mut Vec<Diagnostic>| -> bool {
            if f.len() < k {
                errors.push(diag(
                    file,
                    line,
                    kind,
                    format!("{what}: expected {k} fields, found {}", f.len()),
                ));
                false
            } else {
                true
            }
        };
        let number = |i: usize, name: &str, errors: &mut Vec<Diagnostic>| -> Option<f64> {
            match f[i].trim().parse::<f64>() {
                Ok(v) if v.is_finite() => Some(v),
                _ => {
                    errors.push(diag(file, line, name, format!("`{}` is not a number", f[i])));
                    None
                }
            }
        };
        match kind {
            "#A" => {
                if !need(3, "#A key name", &mut errors) {
                    continue;
                }
                if actors.iter().any(|a| a.0 == f[1]) {
                    errors.push(diag(file, line, "#A", format!("actor `{}` defined twice", f[1])));
                    continue;
                }
                let ids: Vec<String> = actors.iter().map(|a| a.1.clone()).collect();
                actors.push((f[1].clone(), slug(&f[1], &ids), f[2].clone()));
                actor_lines.push(line);
            }
            "#P" => {
                if !need(3, "#P key name", &mut errors) {
                    continue;
                }
                if issues.iter().any(|i| i.0 == f[1]) {
                    errors.push(diag(file, line, "#P", format!("issue `{}` defined twice", f[1])));
                    continue;
                }
                let ids: Vec<String> = issues.iter().map(|i| i.1.clone()).collect();
                let desc = f.get(3).filter(|d| !d.is_empty()).cloned();
                issues.push((f[1].clone(), slug(&f[1], &ids), f[2].clone(), desc, Vec::new()));
                issue_lines.push(line);
            }
            "#M" => {
                if !need(3, "#M issue value", &mut errors) {
                    continue;
                }
                let Some(v) = number(2, "#M value", &mut errors) else {
                    continue;
                };
                match issues.iter_mut().find(|i| i.0 == f[1]) {
                    Some(i) => i.4.push((v, f.get(3).cloned().unwrap_or_default())),
                    None => errors.push(diag(
                        file,
                        line,
                        "#M",
                        format!("issue `{}` is not defined by a #P line above", f[1]),
                    )),
                }
            }
            "#D" => {
                if !need(6, "#D actor issue position salience power", &mut errors) {
                    continue;
                }
                let (x, s, p) = (
                    number(3, "#D position", &mut errors),
                    number(4, "#D salience", &mut errors),
                    number(5, "#D power", &mut errors),
                );
                let (Some(x), Some(s), Some(p)) = (x, s, p) else {
                    continue;
                };
                if !actors.iter().any(|a| a.0 == f[1]) {
                    errors.push(diag(
                        file,
                        line,
                        "#D actor",
                        format!("actor `{}` is not defined by a #A line", f[1]),
                    ));
                    continue;
                }
                if !issues.iter().any(|i| i.0 == f[2]) {
                    errors.push(diag(
                        file,
                        line,
                        "#D issue",
                        format!("issue `{}` is not defined by a #P line", f[2]),
                    ));
                    continue;
                }
                rows.push((line, f[1].clone(), f[2].clone(), x, s, p));
            }
            other => errors.push(diag(
                file,
                line,
                "record",
                format!("`{other}` is not a record type (#A, #P, #M, #D; #0 and #/ for comments)"),
            )),
        }
    }
    // One power per actor.
    let mut power: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for (line, a, _, _, _, p) in &rows {
        match power.get(a.as_str()) {
            Some((q, first)) if q != p => errors.push(diag(
                file,
                *line,
                "#D power",
                format!(
                    "actor `{a}` has power {p} here and {q} on line {first}: parley keeps one capability per actor"
                ),
            )),
            Some(_) => {}
            None => {
                power.insert(a, (*p, *line));
            }
        }
    }
    // An actor without #D lines has no power (decide gives power on #D lines only).
    for ((key, _, _), line) in actors.iter().zip(&actor_lines) {
        if !power.contains_key(key.as_str()) {
            errors.push(diag(
                file,
                *line,
                "#A",
                format!("actor `{key}` has no #D line, so no power (give it at least one position)"),
            ));
        }
    }
    if errors.is_empty() && (actors.is_empty() || issues.is_empty()) {
        errors.push(Diagnostic {
            file: file.into(),
            location: None,
            field: None,
            message: format!(
                "{} #A (actor) and {} #P (issue) lines: a decide input file needs both, then #D lines",
                actors.len(),
                issues.len()
            ),
        });
    }
    if !errors.is_empty() {
        return Err(LoadError(errors));
    }
    let raw_issues: Vec<RawIssue> = issues
        .iter()
        .map(|(_, id, name, desc, marks)| {
            let (min, max) = if marks.len() >= 2 {
                marks.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), m| {
                    (lo.min(m.0), hi.max(m.0))
                })
            } else {
                (0.0, 100.0)
            };
            RawIssue {
                id: id.clone(),
                name: name.clone(),
                min,
                max,
                status_quo: 0.5 * (min + max),
                anchors: marks
                    .iter()
                    .filter(|m| !m.1.is_empty())
                    .map(|m| (m.0.to_string(), m.1.clone()))
                    .collect(),
                description: desc.clone(),
                source: Some("inferred: decide files have no status quo; the middle of the scale".into()),
                actual: None,
            }
        })
        .collect();
    let id_of = |key: &str, list: &[(String, String)]| {
        list.iter()
            .find(|x| x.0 == key)
            .map(|x| x.1.clone())
            .unwrap_or_default()
    };
    let actor_ids: Vec<(String, String)> = actors.iter().map(|a| (a.0.clone(), a.1.clone())).collect();
    let issue_ids: Vec<(String, String)> = issues.iter().map(|i| (i.0.clone(), i.1.clone())).collect();
    let raw_actors = actors
        .iter()
        .map(|(key, id, name)| RawActor::new(id.clone(), name.clone(), power.get(key.as_str()).map_or(0.0, |p| p.0)))
        .collect();
    let positions = rows
        .iter()
        .map(|(_, a, i, x, s, _)| RawPosition::new(id_of(a, &actor_ids), id_of(i, &issue_ids), *x, *s))
        .collect();
    let lines = Lines {
        power: actors
            .iter()
            .map(|a| power.get(a.0.as_str()).map_or(0, |p| p.1))
            .collect(),
        actors: actor_lines,
        issues: issue_lines,
        positions: rows.iter().map(|r| r.0).collect(),
    };
    let raw = RawScenario {
        format: parley_core::raw::FORMAT_VERSION,
        scenario: RawMeta {
            id: id.to_string(),
            title: id.to_string(),
            date: None,
            description: Some(format!("imported from the decide input file {file}")),
            zone: None,
            sources: vec![file.to_string()],
        },
        issues: raw_issues,
        actors: raw_actors,
        positions,
        stages: Vec::new(),
        outcomes: Vec::new(),
        packages: Vec::new(),
        ensemble: None,
        model: BTreeMap::new(),
        variants: Vec::new(),
    };
    Ok((raw, lines))
}
