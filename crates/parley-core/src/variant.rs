//! What-if variants: named patches applied to a raw scenario.
//!
//! Entries are merged by id (positions by `(actor, issue)`): fields given in
//! the variant replace the base's, new ids are appended. The result is a
//! complete [`RawScenario`] that is validated like any file.

use serde_json::{Map, Value};

use crate::error::{FieldError, FieldPath};
use crate::raw::RawScenario;

/// A list name, its patches, and the fields that identify an entry.
type Patches<'a> = (&'a str, &'a Vec<Map<String, Value>>, &'a [&'a str]);

/// Where a patched entry came from: `(list, index in the patched scenario, index in the variant's list)`.
pub type Origin = (String, usize, usize);

fn merge_list(
    name: &str,
    base: &mut Vec<Value>,
    patches: &[Map<String, Value>],
    keys: &[&str],
    path: &FieldPath,
    origins: &mut Vec<Origin>,
) -> Result<(), FieldError> {
    for (i, patch) in patches.iter().enumerate() {
        let mut key = Vec::new();
        for k in keys {
            match patch.get(*k) {
                Some(v) => key.push(v.clone()),
                None => {
                    return Err(FieldError::new(
                        path.index(i),
                        format!("a variant entry needs `{k}` to say what it patches"),
                    ));
                }
            }
        }
        // Two entries patching the same thing: the later would silently win.
        if let Some(j) = patches[..i]
            .iter()
            .position(|q| keys.iter().zip(&key).all(|(k, v)| q.get(*k) == Some(v)))
        {
            let what: Vec<String> = keys.iter().zip(&key).map(|(k, v)| format!("{k} = {v}")).collect();
            return Err(FieldError::new(
                path.index(i),
                format!(
                    "patches the same {name} ({}) as {}; give each change once",
                    what.join(", "),
                    path.index(j)
                ),
            ));
        }
        let found = base
            .iter_mut()
            .enumerate()
            .find(|(_, e)| keys.iter().zip(&key).all(|(k, v)| e.get(*k) == Some(v)));
        match found {
            Some((at, Value::Object(entry))) => {
                for (k, v) in patch {
                    entry.insert(k.clone(), v.clone());
                }
                origins.push((name.to_owned(), at, i));
            }
            _ => {
                base.push(Value::Object(patch.clone()));
                origins.push((name.to_owned(), base.len() - 1, i));
            }
        }
    }
    Ok(())
}

/// Apply the variant `id` of `raw` and return the patched scenario (without variants).
pub fn apply_variant(raw: &RawScenario, id: &str) -> Result<RawScenario, FieldError> {
    apply_variant_traced(raw, id).map(|(r, _)| r)
}

/// [`apply_variant`], also returning where each patched entry came from, so that an error
/// in the patched scenario can be located in the variant that caused it.
pub fn apply_variant_traced(raw: &RawScenario, id: &str) -> Result<(RawScenario, Vec<Origin>), FieldError> {
    let Some((vi, v)) = raw.variants.iter().enumerate().find(|(_, v)| v.id == id) else {
        let known: Vec<&str> = raw.variants.iter().map(|v| v.id.as_str()).collect();
        return Err(FieldError::new(
            FieldPath::root().key("variant"),
            format!(
                "unknown variant `{id}`; known: {}",
                if known.is_empty() {
                    "(none)".into()
                } else {
                    known.join(", ")
                }
            ),
        ));
    };
    let vp = FieldPath::root().key("variant").index(vi);
    let mut base = raw.clone();
    base.variants.clear();
    for gone in &v.remove_actors {
        if !base.actors.iter().any(|a| &a.id == gone) {
            return Err(FieldError::new(
                vp.key("remove_actors"),
                format!("unknown actor `{gone}`"),
            ));
        }
        base.actors.retain(|a| &a.id != gone);
        base.positions.retain(|p| &p.actor != gone);
        for s in &mut base.stages {
            s.participants.retain(|p| p != gone);
        }
    }
    for (id, table) in &v.model {
        let entry = base.model.entry(id.clone()).or_default();
        for (k, val) in table {
            entry.insert(k.clone(), val.clone());
        }
    }
    // A position patch must name an actor and an issue that exist (after the variant's own
    // actor and issue entries), or it would silently add a position nobody can hold.
    for (i, patch) in v.positions.iter().enumerate() {
        for (field, list, known) in [
            (
                "actor",
                "actor",
                base.actors
                    .iter()
                    .map(|a| a.id.clone())
                    .chain(v.actors.iter().filter_map(|a| a.get("id")?.as_str().map(str::to_owned)))
                    .collect::<Vec<_>>(),
            ),
            (
                "issue",
                "issue",
                base.issues
                    .iter()
                    .map(|a| a.id.clone())
                    .chain(v.issues.iter().filter_map(|a| a.get("id")?.as_str().map(str::to_owned)))
                    .collect::<Vec<_>>(),
            ),
        ] {
            let mut known = known;
            known.sort_unstable();
            known.dedup();
            if let Some(Value::String(name)) = patch.get(field)
                && !known.contains(name)
            {
                return Err(FieldError::new(
                    vp.key("position").index(i).key(field),
                    format!("unknown {list} `{name}`; {list}s: {}", known.join(", ")),
                ));
            }
        }
    }
    let mut origins = Vec::new();
    let mut doc = serde_json::to_value(&base).map_err(|e| FieldError::new(vp.clone(), e.to_string()))?;
    let lists: [Patches<'_>; 5] = [
        ("issue", &v.issues, &["id"]),
        ("actor", &v.actors, &["id"]),
        ("position", &v.positions, &["actor", "issue"]),
        ("stage", &v.stages, &["id"]),
        ("outcome", &v.outcomes, &["id"]),
    ];
    for (name, patches, keys) in lists {
        if patches.is_empty() {
            continue;
        }
        let Some(obj) = doc.as_object_mut() else { break };
        let list = obj.entry(name).or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(items) = list {
            merge_list(name, items, patches, keys, &vp.key(name), &mut origins)?;
        }
    }
    // Read each patched entry on its own first, so a missing or mistyped field is located
    // in the variant's entry rather than reported for the whole scenario.
    for (name, at, i) in &origins {
        let entry = doc
            .get(name.as_str())
            .and_then(|l| l.get(*at))
            .cloned()
            .unwrap_or(Value::Null);
        let read = match name.as_str() {
            "issue" => serde_json::from_value::<crate::raw::RawIssue>(entry).err(),
            "actor" => serde_json::from_value::<crate::raw::RawActor>(entry).err(),
            "position" => serde_json::from_value::<crate::raw::RawPosition>(entry).err(),
            "stage" => serde_json::from_value::<crate::raw::RawStage>(entry).err(),
            "outcome" => serde_json::from_value::<crate::raw::RawOutcome>(entry).err(),
            _ => None,
        };
        if let Some(e) = read {
            let e = crate::error::plain_types(&e.to_string());
            let patch = &v_list(v, name)[*i];
            let added = !patch_matches_base(raw, name, patch);
            let what = if added {
                let id = patch.get("id").and_then(Value::as_str).unwrap_or("?");
                format!(
                    "`{id}` matches no {name} of the scenario ({name}s: {}), so this entry adds one, \
                     which needs every field of a new {name}: {e}",
                    base_ids(raw, name).join(", ")
                )
            } else {
                format!("the patched {name} does not read: {e}")
            };
            return Err(FieldError::new(vp.key(name).index(*i), what));
        }
    }
    let patched = serde_json::from_value(doc).map_err(|e| {
        FieldError::new(
            vp,
            format!(
                "the patched scenario does not read: {}",
                crate::error::plain_types(&e.to_string())
            ),
        )
    })?;
    Ok((patched, origins))
}

fn v_list<'a>(v: &'a crate::raw::RawVariant, name: &str) -> &'a [Map<String, Value>] {
    match name {
        "issue" => &v.issues,
        "actor" => &v.actors,
        "position" => &v.positions,
        "stage" => &v.stages,
        _ => &v.outcomes,
    }
}

/// The ids of a list of the base scenario (outcome classes and stages included).
fn base_ids(raw: &RawScenario, name: &str) -> Vec<String> {
    match name {
        "issue" => raw.issues.iter().map(|x| x.id.clone()).collect(),
        "actor" => raw.actors.iter().map(|x| x.id.clone()).collect(),
        "position" => raw
            .positions
            .iter()
            .map(|x| format!("{}/{}", x.actor, x.issue))
            .collect(),
        "stage" => raw.stages.iter().map(|x| x.id.clone()).collect(),
        _ => raw.outcomes.iter().map(|x| x.id.clone()).collect(),
    }
}

/// Whether a patch entry names an entry that exists in the base scenario.
fn patch_matches_base(raw: &RawScenario, name: &str, patch: &Map<String, Value>) -> bool {
    let s = |k: &str| patch.get(k).and_then(Value::as_str).unwrap_or_default().to_owned();
    match name {
        "issue" => raw.issues.iter().any(|x| x.id == s("id")),
        "actor" => raw.actors.iter().any(|x| x.id == s("id")),
        "position" => raw
            .positions
            .iter()
            .any(|x| x.actor == s("actor") && x.issue == s("issue")),
        "stage" => raw.stages.iter().any(|x| x.id == s("id")),
        _ => raw.outcomes.iter().any(|x| x.id == s("id")),
    }
}
