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

fn merge_list(
    base: &mut Vec<Value>,
    patches: &[Map<String, Value>],
    keys: &[&str],
    path: &FieldPath,
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
        let found = base
            .iter_mut()
            .find(|e| keys.iter().zip(&key).all(|(k, v)| e.get(*k) == Some(v)));
        match found {
            Some(Value::Object(entry)) => {
                for (k, v) in patch {
                    entry.insert(k.clone(), v.clone());
                }
            }
            _ => base.push(Value::Object(patch.clone())),
        }
    }
    Ok(())
}

/// Apply the variant `id` of `raw` and return the patched scenario (without variants).
pub fn apply_variant(raw: &RawScenario, id: &str) -> Result<RawScenario, FieldError> {
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
            merge_list(items, patches, keys, &vp.key(name))?;
        }
    }
    serde_json::from_value(doc).map_err(|e| FieldError::new(vp, format!("the patched scenario does not read: {e}")))
}
