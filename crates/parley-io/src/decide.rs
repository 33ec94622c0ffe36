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
    let mut errors = Vec::new();
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
    Ok(RawScenario {
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
    })
}
