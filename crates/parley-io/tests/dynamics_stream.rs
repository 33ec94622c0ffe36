#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `parley dynamics` streams its JSON and CSV round by round; the bytes are those of the
//! reports built in memory (the path it replaced).

use parley_core::Scenario;
use parley_core::raw::RawScenario;
use parley_io::dynamics::{DynamicsReport, dynamics_csv, dynamics_report, write_dynamics_csv, write_dynamics_json};
use parley_models::models::eum::{EumParams, run_scenario};
use proptest::prelude::*;

/// The in-memory reports of `issues`.
fn reports(s: &Scenario, p: &EumParams, issues: &[usize]) -> Vec<DynamicsReport> {
    issues
        .iter()
        .map(|&k| {
            let (who, run) = run_scenario(p, s, k, true);
            dynamics_report(s, k, p, &who, &run)
        })
        .collect()
}

/// What the in-memory path printed (without `emit`'s final newline).
fn json_in_memory(s: &Scenario, p: &EumParams, issues: &[usize], single: bool) -> String {
    let r = reports(s, p, issues);
    if single {
        serde_json::to_string_pretty(&r[0]).unwrap()
    } else {
        serde_json::to_string_pretty(&serde_json::json!({"version": 1, "scenario": s.id(), "issues": r})).unwrap()
    }
}

fn json_streamed(s: &Scenario, p: &EumParams, issues: &[usize], single: bool) -> String {
    let mut out = Vec::new();
    write_dynamics_json(&mut out, s, p, issues, single).unwrap();
    String::from_utf8(out).unwrap()
}

fn csv_streamed(s: &Scenario, p: &EumParams, issues: &[usize]) -> String {
    let mut out = Vec::new();
    write_dynamics_csv(&mut out, s, p, issues).unwrap();
    String::from_utf8(out).unwrap()
}

fn check_all(s: &Scenario, p: &EumParams) {
    let all: Vec<usize> = (0..s.issues().len()).collect();
    assert_eq!(json_streamed(s, p, &all, false), json_in_memory(s, p, &all, false));
    assert_eq!(csv_streamed(s, p, &all), dynamics_csv(&reports(s, p, &all)).unwrap());
    for k in 0..s.issues().len() {
        assert_eq!(
            json_streamed(s, p, &[k], true),
            json_in_memory(s, p, &[k], true),
            "issue {k}"
        );
    }
}

#[test]
fn bundled_scenario_streams_the_same_bytes() {
    let s = parley_io::load_bundled().unwrap().scenario;
    check_all(&s, &EumParams::printed());
    check_all(&s, &EumParams::scholz_code());
    let converged = EumParams {
        stop: parley_models::models::eum::StopRule::Converged,
        rounds: 40,
        ..EumParams::printed()
    };
    check_all(&s, &converged);
}

/// A random scenario: `n` actors on `issues` issues, some positions unstated.
fn generated(seed: u64, n: usize, issues: usize) -> Scenario {
    let mut st = seed;
    let mut unit = move || {
        st = st.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (st >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut v = serde_json::json!({"format": 1, "scenario": {"id": "gen", "title": "gen"},
        "issue": [], "actor": [], "position": []});
    for k in 0..issues {
        v["issue"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"id": format!("i{k}"), "name": "i", "status_quo": 100.0 * unit()}));
    }
    for a in 0..n {
        v["actor"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"id": format!("a{a:03}"), "name": "a", "capability": 0.1 + 2.0 * unit()}));
        for k in 0..issues {
            if unit() < 0.1 {
                continue;
            }
            // Rounded positions make ties and shared positions (consensus, equal moves) likely.
            let x = (100.0 * unit()).round();
            v["position"].as_array_mut().unwrap().push(
                serde_json::json!({"actor": format!("a{a:03}"), "issue": format!("i{k}"), "position": x, "salience": unit()}),
            );
        }
    }
    let raw: RawScenario = serde_json::from_value(v).unwrap();
    Scenario::from_raw(raw).unwrap()
}

#[test]
fn generated_scenarios_stream_the_same_bytes() {
    // 5 actors record every pair; 40 (above PAIRS_MAX) record none.
    for (seed, n) in [(1, 5), (2, 12), (3, 40)] {
        check_all(&generated(seed, n, 3), &EumParams::printed());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202), ..ProptestConfig::default() })]

    #[test]
    fn random_scenarios_stream_the_same_bytes(seed in any::<u64>(), n in 1usize..36, issues in 1usize..4, scholz in any::<bool>()) {
        let p = if scholz { EumParams::scholz_code() } else { EumParams::printed() };
        let s = generated(seed, n, issues);
        let all: Vec<usize> = (0..issues).collect();
        prop_assert_eq!(json_streamed(&s, &p, &all, false), json_in_memory(&s, &p, &all, false));
        prop_assert_eq!(json_streamed(&s, &p, &[0], true), json_in_memory(&s, &p, &[0], true));
        prop_assert_eq!(csv_streamed(&s, &p, &all), dynamics_csv(&reports(&s, &p, &all)).unwrap());
    }
}
