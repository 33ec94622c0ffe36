#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Monte Carlo: same seed same bits on any thread count, a case with a known distribution,
//! common random numbers across variants, and counted failures.

use parley_core::Scenario;
use parley_core::raw::RawScenario;
use parley_models::montecarlo::{DrawResult, MonteCarloConfig, Simulation, simulate};
use parley_models::registry;

fn scenario(json: serde_json::Value) -> Scenario {
    let raw: RawScenario = serde_json::from_value(json).unwrap();
    Scenario::from_raw(raw).unwrap()
}

fn alaska() -> Scenario {
    let raw: RawScenario = toml::from_str(include_str!("../../../scenarios/alaska-2025.toml")).unwrap();
    Scenario::from_raw(raw).unwrap()
}

fn run(s: &Scenario, ids: &[&str], cfg: &MonteCarloConfig) -> (Simulation, Vec<DrawResult>) {
    let models: Vec<_> = ids
        .iter()
        .map(|id| registry::build(id, Some(s), &Default::default()).unwrap())
        .collect();
    let mut draws = Vec::new();
    let sim = simulate(
        s,
        &models,
        cfg,
        |d| {
            draws.push(d.clone());
            Ok(())
        },
        |_| {},
    )
    .unwrap();
    (sim, draws)
}

fn fingerprint(sim: &Simulation, draws: &[DrawResult]) -> Vec<u64> {
    let mut v = vec![sim.zone_count];
    for m in &sim.models {
        v.extend([m.solved, m.unsolved, m.agreements]);
        v.extend(&m.outcomes);
        for k in 0..9 {
            v.push(m.mean(k).unwrap_or(-1.0).to_bits());
            v.push(m.quantile(k, 0.05).unwrap_or(-1.0).to_bits());
        }
    }
    for d in draws {
        for m in &d.models {
            v.extend(m.values.iter().flatten().map(|x| x.to_bits()));
        }
    }
    v
}

#[test]
fn same_seed_same_bits_for_one_and_four_threads() {
    let s = alaska();
    let cfg = MonteCarloConfig {
        draws: 1_500,
        seed: 99,
        ..Default::default()
    };
    let ids = ["compromise", "median", "nash", "eum"];
    let with = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let (sim, draws) = run(&s, &ids, &cfg);
                fingerprint(&sim, &draws)
            })
    };
    let one = with(1);
    assert_eq!(one, with(4));
    assert_eq!(one, with(2), "and across runs");
    // Another seed changes the results.
    let other = MonteCarloConfig { seed: 100, ..cfg };
    let (sim, draws) = run(&s, &ids, &other);
    assert_ne!(one, fingerprint(&sim, &draws));
}

#[test]
fn a_known_distribution() {
    // One actor, one issue: the compromise forecast is the actor's drawn position,
    // a normal(50, 10) truncated to 0..100 (5 sd away: the truncation is negligible).
    let s = scenario(serde_json::json!({
        "format": 1, "scenario": {"id": "n", "title": "n"},
        "issue": [{"id": "x", "name": "x", "status_quo": 0}],
        "actor": [{"id": "a", "name": "a", "capability": 1, "uncertainty": 0}],
        "position": [{"actor": "a", "issue": "x", "position": 50, "salience": 0.5, "uncertainty": 10}],
        "outcome": [{"id": "high", "name": "high", "when": "x >= 60.0"}, {"id": "low", "name": "low", "when": "true"}]
    }));
    let n = 40_000;
    let cfg = MonteCarloConfig {
        draws: n,
        seed: 5,
        ..Default::default()
    };
    let (sim, _) = run(&s, &["compromise"], &cfg);
    let m = &sim.models[0];
    assert_eq!(m.solved, n);
    let se_mean = 10.0 / (n as f64).sqrt(); // 0.05
    assert!(
        (m.mean(0).unwrap() - 50.0).abs() < 4.0 * se_mean,
        "mean {}",
        m.mean(0).unwrap()
    );
    // Quantiles of N(50, 10): 5% 33.55, 25% 43.26, 50% 50, 75% 56.74, 95% 66.45.
    for (q, want) in [
        (0.05, 33.551),
        (0.25, 43.255),
        (0.5, 50.0),
        (0.75, 56.745),
        (0.95, 66.449),
    ] {
        let got = m.quantile(0, q).unwrap();
        assert!((got - want).abs() < 0.35, "q{q}: {got} vs {want}");
    }
    // P(x >= 60) = 1 − Φ(1) = 0.158655; its standard error at n = 40000 is 0.00183.
    let p = m.outcomes[0] as f64 / n as f64;
    assert!((p - 0.158655).abs() < 4.0 * 0.00183, "{p}");
    assert_eq!(m.outcomes[0] + m.outcomes[1], n);
}

#[test]
fn common_random_numbers_across_variants() {
    // `europe-at-the-table` only adds a stage: every forecast draw is identical to the baseline.
    let base = alaska();
    let raw = parley_core::apply_variant(base.raw(), "europe-at-the-table").unwrap();
    let variant = Scenario::from_raw(raw).unwrap();
    let cfg = MonteCarloConfig {
        draws: 500,
        seed: 3,
        ..Default::default()
    };
    let (_, a) = run(&base, &["compromise", "median"], &cfg);
    let (sb, b) = run(&variant, &["compromise", "median"], &cfg);
    for (x, y) in a.iter().zip(&b) {
        for (mx, my) in x.models.iter().zip(&y.models) {
            assert_eq!(mx.values, my.values);
        }
        assert_eq!(x.zone, y.zone);
    }
    // ... but the new room (all four veto players) rarely has a zone.
    assert_eq!(sb.rooms.len(), 2);
    assert!(sb.rooms[1].2 < sb.rooms[0].2);
}

#[test]
fn unsolved_draws_are_counted() {
    let s = alaska();
    let cfg = MonteCarloConfig {
        draws: 400,
        seed: 11,
        ..Default::default()
    };
    let (sim, draws) = run(&s, &["nash"], &cfg);
    let m = &sim.models[0];
    assert_eq!(m.solved + m.unsolved, 400);
    assert!(m.unsolved > 300, "the army red lines rarely overlap: {}", m.unsolved);
    assert_eq!(
        draws.iter().filter(|d| d.models[0].values.is_none()).count() as u64,
        m.unsolved
    );
    // Every draw lands in exactly one class (the last rule is `true`).
    assert_eq!(m.outcomes.iter().sum::<u64>(), 400);
    assert_eq!(*m.outcomes.last().unwrap(), 0);
}

#[test]
fn draws_stay_in_range() {
    let s = alaska();
    let cfg = MonteCarloConfig {
        draws: 300,
        seed: 8,
        position_sd: 0.5,
        salience_sd: 0.5,
        capability_sd: 2.0,
        ..Default::default()
    };
    let pert = parley_models::montecarlo::Perturber::new(&s, &cfg);
    for d in 0..300 {
        let t = pert.draw(&s, d);
        for a in 0..t.actors().len() {
            assert!(t.capability(a) > 0.0);
            for (k, issue) in t.issues().iter().enumerate() {
                let p = t.position(a, k);
                assert!(p.position >= issue.min && p.position <= issue.max);
                assert!((0.0..=1.0).contains(&p.salience));
                assert!(p.accept.0 <= p.accept.1 && p.accept.0 >= issue.min && p.accept.1 <= issue.max);
            }
        }
    }
}
