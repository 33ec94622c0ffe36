#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Sensitivity: the input that decides the outcome ranks first; pivotal actors on the Alaska case.

use parley_core::Scenario;
use parley_core::raw::RawScenario;
use parley_models::montecarlo::MonteCarloConfig;
use parley_models::registry;
use parley_models::sensitivity::{InputKind, sensitivity};

#[test]
fn the_deciding_input_ranks_first() {
    // Compromise of a (55 ± 5) and b (45 ± 0.1), equal weights: the mean sits at 50, right on the
    // rule `x >= 50`. Moving a over its 5–95% range (46.8 … 63.2) flips the class entirely.
    let raw: RawScenario = serde_json::from_value(serde_json::json!({
        "format": 1, "scenario": {"id": "t", "title": "t"},
        "issue": [{"id": "x", "name": "x", "status_quo": 0}],
        "actor": [{"id": "a", "name": "a", "capability": 1, "uncertainty": 0},
                  {"id": "b", "name": "b", "capability": 1, "uncertainty": 0}],
        "position": [{"actor": "a", "issue": "x", "position": 55, "salience": 0.5, "uncertainty": 5},
                     {"actor": "b", "issue": "x", "position": 45, "salience": 0.5, "uncertainty": 0.1}],
        "outcome": [{"id": "high", "name": "high", "when": "x >= 50.0"}, {"id": "low", "name": "low", "when": "true"}]
    }))
    .unwrap();
    let s = Scenario::from_raw(raw).unwrap();
    let models = vec![registry::build("compromise", Some(&s), &Default::default()).unwrap()];
    let cfg = MonteCarloConfig {
        draws: 400,
        seed: 2,
        ..Default::default()
    };
    let r = sensitivity(&s, &models, &cfg).unwrap();
    let top = &r.swings[0];
    assert_eq!(
        (top.input.kind, top.input.actor, top.input.issue),
        (InputKind::Position, 0, Some(0))
    );
    // In the Monte Carlo at each end a is drawn again around the fixed end: P(high) = P(a' >= 55)
    // = 5% at the low end and 95% at the high end, a swing of 0.9 (less a little salience noise).
    assert!((top.probability_swing - 0.9).abs() < 0.06, "{}", top.probability_swing);
    // Its forecast swing: the mean moves by half of a's swing, 0.5 · 2 · 1.645 · 5 / 100.
    assert!(
        (top.forecast_swing[0] - 0.5 * 2.0 * 1.644_853_626_951_472_2 * 5.0 / 100.0).abs() < 1e-9,
        "{}",
        top.forecast_swing[0]
    );
    // b's position barely matters.
    let b = r
        .swings
        .iter()
        .find(|w| w.input.kind == InputKind::Position && w.input.actor == 1)
        .unwrap();
    assert!(b.probability_swing < top.probability_swing);
    // Capabilities have no uncertainty here, so they are not inputs.
    assert!(r.swings.iter().all(|w| w.input.kind != InputKind::Capability));
}

#[test]
fn russia_is_pivotal_in_alaska() {
    let raw: RawScenario = toml::from_str(include_str!("../../../scenarios/alaska-2025.toml")).unwrap();
    let s = Scenario::from_raw(raw).unwrap();
    let cfg = MonteCarloConfig {
        draws: 50,
        seed: 1,
        ..Default::default()
    };
    let r = sensitivity(&s, &[], &cfg).unwrap();
    assert!(!r.zone);
    let russia = r
        .pivots
        .iter()
        .find(|p| s.actors()[p.actor].id.as_str() == "russia")
        .unwrap();
    assert!(russia.without_veto && russia.without_red_lines);
    let us = r
        .pivots
        .iter()
        .find(|p| s.actors()[p.actor].id.as_str() == "us")
        .unwrap();
    assert!(!us.without_veto && !us.without_red_lines);
}

#[test]
fn progress_counts_every_step_once_and_ends_at_the_total() {
    // Two actors with a veto, one issue: 2 capabilities + 2 positions + 2 saliences = 6 inputs,
    // 2 veto players and the final zone: 9 steps.
    let raw: RawScenario = serde_json::from_value(serde_json::json!({
        "format": 1, "scenario": {"id": "t", "title": "t"},
        "issue": [{"id": "x", "name": "x", "status_quo": 0}],
        "actor": [{"id": "a", "name": "a", "capability": 1, "veto": true},
                  {"id": "b", "name": "b", "capability": 1, "veto": true}],
        "position": [{"actor": "a", "issue": "x", "position": 55, "salience": 0.5},
                     {"actor": "b", "issue": "x", "position": 45, "salience": 0.5}]
    }))
    .unwrap();
    let s = Scenario::from_raw(raw).unwrap();
    let models = vec![registry::build("compromise", Some(&s), &Default::default()).unwrap()];
    let cfg = MonteCarloConfig {
        draws: 20,
        ..Default::default()
    };
    let calls = std::sync::Mutex::new(Vec::new());
    let r = parley_models::sensitivity::sensitivity_with_progress(&s, &models, &cfg, &|d, t| {
        calls.lock().unwrap().push((d, t));
    })
    .unwrap();
    assert_eq!(r.swings.len(), 6);
    assert_eq!(r.pivots.len(), 2);
    let want: Vec<(u64, u64)> = (1..=8).chain([9]).map(|d| (d, 9)).collect();
    assert_eq!(*calls.lock().unwrap(), want);
}
