#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `--save`, `parley runs list|show|diff` and `parley report` from the command line.

use assert_cmd::Command;
use serde_json::Value;

fn parley() -> Command {
    let mut c = Command::cargo_bin("parley").unwrap();
    c.env_remove("COLUMNS").env_remove("PARLEY_DB").env("NO_COLOR", "1");
    c
}

fn json(args: &[&str]) -> Value {
    let out = parley().args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn saved_runs_list_show_and_diff() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("runs.sqlite");
    let db = db.to_str().unwrap();
    // No store yet: a clear error, not an empty file created by reading.
    let out = parley().args(["runs", "list", "--db", db]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no run store yet"));
    assert!(!dir.path().join("runs.sqlite").exists());

    let printed = json(&["forecast", "-m", "compromise", "--format", "json", "--save", "--db", db]);
    json(&[
        "forecast",
        "-m",
        "compromise",
        "--variant",
        "ukraine-at-the-table",
        "--format",
        "json",
        "--save",
        "--db",
        db,
    ]);
    let list = json(&["runs", "list", "--db", db, "--format", "json"]);
    let runs = list["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["id"], 2);
    assert_eq!(runs[0]["variant"], "ukraine-at-the-table");
    assert_eq!(runs[1]["origin"], "cli");
    assert_eq!(runs[1]["models"], serde_json::json!(["compromise"]));
    assert_eq!(
        runs[1]["scenario_hash"],
        parley_store::content_hash(parley_io::load::ALASKA_TOML)
    );
    // `show` gives back exactly what the command printed.
    assert_eq!(json(&["runs", "show", "1", "--db", db]), printed);
    let record = json(&["runs", "show", "1", "--db", db, "--format", "record"]);
    assert_eq!(record["scenario_text"], parley_io::load::ALASKA_TOML);
    let diff = json(&["runs", "diff", "1", "2", "--db", db, "--format", "json"]);
    assert_eq!(diff["same_scenario"], true);
    assert!(
        diff["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["path"] == "/variant")
    );
    // A simulation keeps its seed and draws.
    let sim = json(&[
        "simulate",
        "-m",
        "compromise",
        "--draws",
        "50",
        "--seed",
        "9",
        "--format",
        "json",
        "--save",
        "--db",
        db,
    ]);
    let record = json(&["runs", "show", "3", "--db", db, "--format", "record"]);
    assert_eq!(
        (record["kind"].clone(), record["seed"].clone()),
        ("simulate".into(), 9.into())
    );
    assert_eq!(record["params"]["draws"], 50);
    assert_eq!(record["result"], sim);
    let out = parley().args(["runs", "show", "9", "--db", db]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no run 9"));
}

#[test]
fn a_report_is_one_file_and_is_not_overwritten_by_accident() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.html");
    let p = path.to_str().unwrap();
    parley()
        .args(["report", "--draws", "30", "-m", "compromise", "-o", p])
        .assert()
        .success();
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("Trump–Putin summit") && html.contains("echarts"));
    let out = parley().args(["report", "--draws", "30", "-o", p]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--force"));
    parley()
        .args(["report", "--draws", "30", "-m", "compromise", "-o", p, "--force"])
        .assert()
        .success();
}
