//! `parley variants [FILE]`: the scenario's what-if variants and what each changes.

use std::path::PathBuf;

use parley_core::raw::{RawScenario, RawVariant};
use parley_io::csvout::table_csv;
use parley_io::table::new_table;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::common::{CmdResult, Failure, Format, emit, emit_json, load};

/// Arguments of `parley variants`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file; default: the bundled Alaska scenario.
    pub file: Option<PathBuf>,
    /// Output format: table, json, or csv (one row per changed field).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `parley variants --format json`.
#[derive(Debug, Serialize)]
struct VariantsReport {
    version: u32,
    scenario: String,
    variants: Vec<VariantOut>,
}

/// One variant.
#[derive(Debug, Serialize)]
struct VariantOut {
    variant: String,
    name: String,
    description: Option<String>,
    /// Does the patched scenario validate? (`parley check` tells why not.)
    valid: bool,
    changes: Vec<Change>,
}

/// One changed field (or a removed actor).
#[derive(Debug, Serialize)]
struct Change {
    /// `actor`, `issue`, `position`, `stage`, `outcome` or `model`.
    target: String,
    /// The entry's id; `actor/issue` for a position; the model id for `model`.
    entry: String,
    /// The field (null when a whole actor is removed).
    field: Option<String>,
    /// `set` (an existing entry's field), `add` (a field of a new entry) or `remove` (an actor).
    change: String,
    /// The value in the scenario as written (null when unset or new).
    baseline: Value,
    /// The value in the variant (null for a removal).
    value: Value,
}

/// A list name, its patches, and the fields that identify an entry.
type Patches<'a> = (&'a str, &'a Vec<Map<String, Value>>, &'a [&'a str]);

/// The changes of variant `v` over the scenario `raw` as written.
fn changes(raw: &RawScenario, v: &RawVariant) -> Vec<Change> {
    let mut out = Vec::new();
    for gone in &v.remove_actors {
        out.push(Change {
            target: "actor".into(),
            entry: gone.clone(),
            field: None,
            change: "remove".into(),
            baseline: Value::Null,
            value: Value::Null,
        });
    }
    let mut base = raw.clone();
    base.variants.clear();
    let doc = serde_json::to_value(&base).unwrap_or(Value::Null);
    let lists: [Patches<'_>; 5] = [
        ("actor", &v.actors, &["id"]),
        ("issue", &v.issues, &["id"]),
        ("position", &v.positions, &["actor", "issue"]),
        ("stage", &v.stages, &["id"]),
        ("outcome", &v.outcomes, &["id"]),
    ];
    for (name, patches, keys) in lists {
        let items = doc.get(name).and_then(Value::as_array);
        for patch in patches {
            let key: Vec<String> = keys
                .iter()
                .map(|k| match patch.get(*k) {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => "?".into(),
                })
                .collect();
            let found = items.and_then(|items| {
                items
                    .iter()
                    .find(|e| keys.iter().all(|k| e.get(*k).is_some() && e.get(*k) == patch.get(*k)))
            });
            for (field, value) in patch {
                if keys.contains(&field.as_str()) {
                    continue;
                }
                out.push(Change {
                    target: name.into(),
                    entry: key.join("/"),
                    field: Some(field.clone()),
                    change: if found.is_some() { "set" } else { "add" }.into(),
                    baseline: found.and_then(|e| e.get(field)).cloned().unwrap_or(Value::Null),
                    value: value.clone(),
                });
            }
        }
    }
    for (model, table) in &v.model {
        for (field, value) in table {
            let before = raw.model.get(model).and_then(|m| m.get(field)).cloned();
            out.push(Change {
                target: "model".into(),
                entry: model.clone(),
                field: Some(field.clone()),
                change: "set".into(),
                baseline: before.unwrap_or(Value::Null),
                value: value.clone(),
            });
        }
    }
    out
}

/// A value for CSV: strings without quotes, whole numbers without `.0`, empty for none.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => match n.as_f64() {
            Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{}", x as i64),
            _ => n.to_string(),
        },
        other => other.to_string(),
    }
}

/// A value for people: as in CSV, `—` for none, long text cut at 60 characters.
fn plain(v: &Value) -> String {
    let s = cell(v);
    if v.is_null() {
        "—".into()
    } else if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s
    }
}

/// The changes as lines for people; the fields of a new entry share one line.
fn change_lines(changes: &[Change]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut last_new: Option<(&str, &str)> = None;
    for c in changes {
        match (&c.field, c.change.as_str()) {
            (None, _) => lines.push(format!("{} {}: removed", c.target, c.entry)),
            (Some(f), "add") => {
                let item = format!("{f} = {}", plain(&c.value));
                match (last_new, lines.last_mut()) {
                    (Some(k), Some(line)) if k == (c.target.as_str(), c.entry.as_str()) => {
                        line.push_str(&format!("; {item}"));
                    }
                    _ => lines.push(format!("{} {} (new): {item}", c.target, c.entry)),
                }
                last_new = Some((c.target.as_str(), c.entry.as_str()));
                continue;
            }
            (Some(f), _) => lines.push(format!(
                "{} {}: {f} {} → {}",
                c.target,
                c.entry,
                plain(&c.baseline),
                plain(&c.value)
            )),
        }
        last_new = None;
    }
    lines
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let loaded = load(&a.file)?;
    let raw = loaded.scenario.raw();
    let variants: Vec<VariantOut> = raw
        .variants
        .iter()
        .map(|v| VariantOut {
            variant: v.id.clone(),
            name: v.name.clone(),
            description: v.description.clone(),
            valid: loaded.variant(&v.id).is_ok(),
            changes: changes(raw, v),
        })
        .collect();
    match a.format {
        Format::Json => emit_json(&VariantsReport {
            version: parley_io::report::OUTPUT_VERSION,
            scenario: loaded.scenario.id().into(),
            variants,
        }),
        Format::Csv => {
            let header = [
                "variant", "name", "target", "entry", "field", "change", "baseline", "value",
            ];
            let mut rows = Vec::new();
            for v in &variants {
                for c in &v.changes {
                    rows.push(vec![
                        v.variant.clone(),
                        v.name.clone(),
                        c.target.clone(),
                        c.entry.clone(),
                        c.field.clone().unwrap_or_default(),
                        c.change.clone(),
                        cell(&c.baseline),
                        cell(&c.value),
                    ]);
                }
            }
            emit(&table_csv(&header, &rows).map_err(|e| Failure::Internal(e.into()))?)
        }
        Format::Table => {
            if variants.is_empty() {
                return emit(&format!(
                    "{} has no variants; add [[variant]] entries (see docs/FORMAT.md).",
                    loaded.scenario.id()
                ));
            }
            let mut t = new_table(&["variant", "what it assumes", "changes (baseline → variant)"]);
            for v in &variants {
                let mut lines = change_lines(&v.changes);
                if lines.is_empty() {
                    lines.push("(no changes)".into());
                }
                let mut about = v.name.clone();
                if let Some(d) = &v.description {
                    about.push_str(&format!("\n{d}"));
                }
                if !v.valid {
                    about.push_str("\n(does not validate: run `parley check`)");
                }
                t.add_row(vec![v.variant.clone(), about, lines.join("\n")]);
            }
            let title = format!(
                "{} — what-if variants; run one with `parley forecast --variant ID`",
                loaded.scenario.title()
            );
            emit(&format!(
                "{}\n{}",
                parley_io::table::fit_text(&title),
                parley_io::table::render(&mut t)
            ))
        }
    }
}
