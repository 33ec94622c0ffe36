//! Draws per second of `simulate` on the bundled Alaska scenario:
//! `cargo run --release -p parley-models --example simulate_speed -- [DRAWS] [MODEL…]`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use parley_core::Scenario;
use parley_core::raw::RawScenario;
use parley_models::montecarlo::{MonteCarloConfig, simulate};
use parley_models::registry;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let draws: u64 = args.first().and_then(|a| a.parse().ok()).unwrap_or(100_000);
    let ids: Vec<String> = if args.len() > 1 {
        args[1..].to_vec()
    } else {
        vec!["compromise".into(), "median".into(), "nash".into()]
    };
    let raw: RawScenario = toml::from_str(include_str!("../../../scenarios/alaska-2025.toml")).unwrap();
    let s = Scenario::from_raw(raw).unwrap();
    let models: Vec<_> = ids
        .iter()
        .map(|id| registry::build(id, Some(&s), &Default::default()).unwrap())
        .collect();
    let cfg = MonteCarloConfig {
        draws,
        seed: 7,
        ..Default::default()
    };
    let t = std::time::Instant::now();
    let sim = simulate(&s, &models, &cfg, |_| Ok(()), |_| {}).unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{draws} draws of alaska-2025 with {}: {secs:.2} s, {:.0} draws/s (zone in {} draws, threads {})",
        ids.join("+"),
        draws as f64 / secs,
        sim.zone_count,
        rayon::current_num_threads()
    );
}
