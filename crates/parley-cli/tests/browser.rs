#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The web app in a real browser: `tests/browser/run.mjs` starts this build's `parley serve`
//! and drives Debian's chromium through playwright-core (load the Alaska forecast, drag a
//! position and see the forecast move, an invalid value flagged, a simulation, dynamics, a
//! stored run reopened and two compared; screenshots in tests/browser/artifacts/).
//!
//! It needs node, chromium and `npm ci` in tests/browser. `.ci/run` installs them and sets
//! `PARLEY_BROWSER_TESTS=1`, which makes their absence a failure; without the variable a
//! machine that lacks them skips this test and says so.

use std::path::Path;
use std::process::Command;

#[test]
fn the_web_app_in_chromium() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/browser");
    let required = std::env::var("PARLEY_BROWSER_TESTS").is_ok_and(|v| v == "1");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let missing: Vec<&str> = [
        (!node).then_some("node"),
        (!Path::new(&chromium).exists()).then_some("chromium"),
        (!dir.join("node_modules/playwright-core").exists()).then_some("tests/browser/node_modules (npm ci)"),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !missing.is_empty() {
        assert!(!required, "PARLEY_BROWSER_TESTS=1 but missing: {}", missing.join(", "));
        eprintln!(
            "SKIPPED the browser test: missing {} (.ci/run installs them)",
            missing.join(", ")
        );
        return;
    }
    let out = Command::new("node")
        .arg("run.mjs")
        .current_dir(&dir)
        .env("PARLEY_BIN", env!("CARGO_BIN_EXE_parley"))
        .env("CHROMIUM", &chromium)
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.status.success(), "browser test failed:\n{text}");
    // Every check ran (a script that stopped early would say fewer).
    assert!(text.matches("ok: ").count() >= 22, "{text}");
}
