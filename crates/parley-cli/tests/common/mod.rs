//! Running the `parley` binary in tests.
#![allow(dead_code, clippy::unwrap_used)]

use assert_cmd::Command;

/// The binary, with an environment that does not depend on the caller's terminal
/// (tables follow `$COLUMNS`; colour follows `NO_COLOR`).
pub fn parley() -> Command {
    let mut c = Command::cargo_bin("parley").unwrap();
    c.env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env("PARLEY_BORDERS", "unicode");
    c
}

/// Run and return stdout; a failure shows stderr.
pub fn run_ok(args: &[&str]) -> String {
    let out = parley().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "parley {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A fresh temporary directory for one test of `suite`.
pub fn tmp(suite: &str, name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("parley-{suite}-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
