#![allow(clippy::unwrap_used, clippy::expect_used)]
//! docs/FORMAT.md documents every field of the scenario format: each property of the
//! JSON Schema (`parley schema`) appears in the field table of its section.

use assert_cmd::Command;

const FORMAT_MD: &str = include_str!("../../../docs/FORMAT.md");

/// The backticked names in the field cells of the table section headed by `table`.
fn documented(table: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in FORMAT_MD.lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let (Some(first), Some(field)) = (cells.get(1), cells.get(2)) else {
            continue;
        };
        if !first.is_empty() {
            inside = *first == table;
        }
        if inside {
            out.extend(field.split('`').skip(1).step_by(2).map(str::to_owned));
        }
    }
    out
}

#[test]
fn every_schema_field_is_in_format_md() {
    let out = Command::cargo_bin("parley").unwrap().arg("schema").output().unwrap();
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let defs = schema["$defs"].as_object().unwrap();
    let sections = [
        ("RawMeta", "`[scenario]`"),
        ("RawIssue", "`[[issue]]`"),
        ("RawActor", "`[[actor]]`"),
        ("RawPosition", "`[[position]]`"),
        ("RawPackage", "`[[package]]`"),
        ("RawEnsemble", "`[ensemble]`"),
        ("RawStage", "`[[stage]]`"),
        ("RawOutcome", "`[[outcome]]`"),
        ("RawVariant", "`[[variant]]`"),
    ];
    let mut missing = Vec::new();
    for (def, table) in sections {
        let have = documented(table);
        assert!(!have.is_empty(), "no table rows for {table} in FORMAT.md");
        for field in defs[def]["properties"].as_object().unwrap().keys() {
            if !have.contains(field) {
                missing.push(format!("{table} {field}"));
            }
        }
    }
    // Every section of the schema is covered by the list above.
    let covered: Vec<&str> = sections.iter().map(|(d, _)| *d).collect();
    for def in defs.keys() {
        assert!(
            covered.contains(&def.as_str()),
            "schema section {def} has no FORMAT.md table listed here"
        );
    }
    assert!(missing.is_empty(), "fields missing from docs/FORMAT.md: {missing:?}");
}
