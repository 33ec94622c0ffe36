#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The store under concurrent writers and a writer killed with SIGKILL mid-stream.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use parley_store::{NewRun, Store};
use serde_json::json;

fn run(i: usize) -> NewRun {
    NewRun {
        kind: "forecast".into(),
        origin: "cli".into(),
        scenario_id: "s".into(),
        scenario_title: "S".into(),
        // Big enough that a write spans several pages.
        scenario_text: format!("# run {i}\n{}", "x = 1\n".repeat(2000)),
        variant: None,
        models: vec!["compromise".into()],
        params: json!({}),
        seed: Some(i as u64),
        result: json!({"i": i, "pad": "y".repeat(5000)}).to_string(),
    }
}

#[test]
fn concurrent_writers_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runs.sqlite");
    Store::open(&path).unwrap();
    std::thread::scope(|sc| {
        for t in 0..4 {
            let path = &path;
            sc.spawn(move || {
                let s = Store::open(path).unwrap();
                for i in 0..25 {
                    s.save(&run(100 * t + i)).unwrap();
                }
            });
        }
    });
    let s = Store::open(&path).unwrap();
    assert_eq!(s.count().unwrap(), 100);
    let mut seeds: Vec<u64> = s.list(1000).unwrap().iter().map(|r| r.seed.unwrap()).collect();
    seeds.sort_unstable();
    let want: Vec<u64> = (0..4).flat_map(|t| (0..25).map(move |i| 100 * t + i)).collect();
    assert_eq!(seeds, want);
}

/// Not a test on its own: the writer that `a_killed_writer_loses_at_most_the_run_in_flight`
/// starts in a child process (it does nothing without the variable).
#[test]
fn writer_child() {
    let Some(path) = std::env::var_os("PARLEY_STORE_CHILD") else {
        return;
    };
    let s = Store::open(std::path::Path::new(&path)).unwrap();
    for i in 0.. {
        let id = s.save(&run(i)).unwrap();
        println!("saved {id}");
    }
}

#[test]
fn a_killed_writer_loses_at_most_the_run_in_flight() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("runs.sqlite");
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "writer_child", "--nocapture", "--test-threads=1"])
        .env("PARLEY_STORE_CHILD", &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let mut last = 0i64;
    for line in BufReader::new(out).lines() {
        let line = line.unwrap();
        if let Some(id) = line.strip_prefix("saved ") {
            last = id.trim().parse().unwrap();
            if last >= 150 {
                break;
            }
        }
    }
    // SIGKILL: no destructor, no checkpoint, likely in the middle of the next insert.
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(last >= 150);
    let s = Store::open(&path).unwrap();
    assert_eq!(s.integrity_check().unwrap(), "ok");
    let n = s.count().unwrap();
    // Every run reported saved is there; at most the one in flight beyond it.
    assert!(n == last || n == last + 1, "reported {last}, found {n}");
    assert_eq!(s.get(last).unwrap().seed, Some(last as u64 - 1));
    // And the store takes new runs.
    let id = s.save(&run(0)).unwrap();
    assert_eq!(id, n + 1);
}

/// Not a test on its own: prints `default_path()` for `the_default_path_reads_the_environment`.
#[test]
fn default_path_child() {
    if std::env::var_os("PARLEY_STORE_PATH_CHILD").is_some() {
        println!("path={}", parley_store::default_path().display());
    }
}

#[test]
fn the_default_path_reads_the_environment() {
    let run = |vars: &[(&str, &str)]| {
        let mut c = Command::new(std::env::current_exe().unwrap());
        c.args(["--exact", "default_path_child", "--nocapture", "--test-threads=1"])
            .env("PARLEY_STORE_PATH_CHILD", "1")
            .env_remove("PARLEY_DB")
            .env_remove("XDG_DATA_HOME");
        for (k, v) in vars {
            c.env(k, v);
        }
        let out = String::from_utf8(c.output().unwrap().stdout).unwrap();
        // libtest may print the test's name on the same line first.
        out.lines()
            .find_map(|l| l.split_once("path=").map(|(_, p)| p.to_owned()))
            .unwrap_or_else(|| panic!("{out}"))
    };
    assert_eq!(run(&[("PARLEY_DB", "/x/runs.db")]), "/x/runs.db");
    assert_eq!(run(&[("XDG_DATA_HOME", "/d"), ("HOME", "/h")]), "/d/parley/runs.sqlite");
    assert_eq!(run(&[("HOME", "/h")]), "/h/.local/share/parley/runs.sqlite");
}
