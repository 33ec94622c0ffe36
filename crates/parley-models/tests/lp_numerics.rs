#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The zone and package LPs stay solvable when a salience is vanishingly small: a
//! normalised weight below `WEIGHT_EPS` counts as zero (docs/MODELS.md).

use parley_core::Scenario;
use parley_core::raw::RawScenario;
use parley_models::registry::{self, DEFAULT_MODELS};
use parley_models::run::{ForecastRun, run_forecast};
use parley_models::{Model, ModelError};

const ALASKA: &str = include_str!("../../../scenarios/alaska-2025.toml");

/// The bundled scenario with one salience replaced.
fn with_salience(actor: &str, issue: &str, salience: f64) -> Scenario {
    let mut raw: RawScenario = toml::from_str(ALASKA).unwrap();
    let p = raw
        .positions
        .iter_mut()
        .find(|p| p.actor == actor && p.issue == issue)
        .expect("position in the bundled scenario");
    p.salience = salience;
    Scenario::from_raw(raw).unwrap()
}

fn run(s: &Scenario, nash_utility: &str) -> Result<ForecastRun, ModelError> {
    let models: Vec<Box<dyn Model>> = DEFAULT_MODELS
        .iter()
        .map(|id| {
            let mut o = serde_json::Map::new();
            if *id == "nash" {
                o.insert("utility".into(), nash_utility.into());
            }
            registry::build(id, Some(s), &o).unwrap()
        })
        .collect();
    run_forecast(s, &models)
}

#[test]
fn tiny_saliences_do_not_break_the_zone_lp() {
    // us/talks at 1e-100 failed with "numerical failure in agreement-zone LP" on an earlier
    // build; russia's at 1e-100 and 1e-300 on this one. Each now forecasts like salience 0.
    for (actor, issue) in [
        ("us", "talks"),
        ("russia", "territory"),
        ("russia", "sanctions"),
        ("us", "optics"),
    ] {
        for utility in ["linear", "quadratic"] {
            let zero = run(&with_salience(actor, issue, 0.0), utility).unwrap();
            for tiny in [1e-100, 1e-200, 1e-300, 5e-324, 1e-12] {
                let got = run(&with_salience(actor, issue, tiny), utility)
                    .unwrap_or_else(|e| panic!("{actor}/{issue} = {tiny} ({utility}): {e}"));
                assert_eq!(got.zone.feasible, zero.zone.feasible, "{actor}/{issue} = {tiny}");
                for (a, b) in got.models.iter().zip(&zero.models) {
                    assert_eq!(a.model, b.model);
                    assert_eq!(a.outcome, b.outcome, "{actor}/{issue} = {tiny}: {}", a.model);
                    match (&a.result, &b.result) {
                        (Ok(x), Ok(y)) => {
                            for (u, v) in x.values.iter().zip(&y.values) {
                                assert!((u - v).abs() < 1e-6, "{}: {u} vs {v}", a.model);
                            }
                        }
                        (Err(_), Err(_)) => {}
                        (x, y) => panic!("{actor}/{issue} = {tiny}, {}: {x:?} vs {y:?}", a.model),
                    }
                }
            }
        }
    }
}
