//! EUM speed: one round at n = 10 … 10,000 actors on one issue (fast path, and the
//! straightforward O(n³) path side by side for n ≤ 1,000), and 10,000 full runs of the
//! bundled Alaska scenario. Results: docs/BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use parley_core::Scenario;
use parley_core::raw::RawScenario;
use parley_models::Model;
use parley_models::models::eum::{Eum, EumParams, one_round};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

fn actors(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut unit = || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let c = (0..n).map(|_| 0.01 + unit()).collect();
    let s = (0..n).map(|_| unit()).collect();
    let x = (0..n).map(|_| 100.0 * unit()).collect();
    (c, s, x)
}

fn rounds(c: &mut Criterion) {
    let p = EumParams::printed();
    let mut g = c.benchmark_group("eum_round");
    g.sample_size(10);
    for n in [10usize, 100, 1_000, 10_000] {
        let (cap, sal, x) = actors(n, 42);
        g.bench_with_input(BenchmarkId::new("fast", n), &n, |b, _| {
            b.iter(|| one_round(&p, &cap, &sal, black_box(&x), false))
        });
        if n <= 1_000 {
            g.bench_with_input(BenchmarkId::new("direct_n3", n), &n, |b, _| {
                b.iter(|| one_round(&p, &cap, &sal, black_box(&x), true))
            });
        }
    }
    g.finish();
}

fn alaska(c: &mut Criterion) {
    let text = include_str!("../../../scenarios/alaska-2025.toml");
    let raw: RawScenario = toml::from_str(text).unwrap();
    let s = Scenario::from_raw(raw).unwrap();
    let eum = Eum::default();
    let mut g = c.benchmark_group("eum_alaska");
    g.sample_size(10);
    g.bench_function("10000_runs_10_rounds", |b| {
        b.iter(|| {
            (0..10_000)
                .into_par_iter()
                .map(|_| eum.forecast(black_box(&s)).unwrap().values[0])
                .sum::<f64>()
        })
    });
    g.finish();
}

criterion_group!(benches, rounds, alaska);
criterion_main!(benches);
