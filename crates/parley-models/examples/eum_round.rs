//! Time of one EUM round on one issue with n seeded random actors (the data of the `eum`
//! criterion bench: ChaCha8, seed 42, capabilities in [0.01, 1.01), saliences uniform,
//! positions uniform on 0..100):
//! `cargo run --release -p parley-models --example eum_round -- N [printed|scholz-code] [moves|pairs] [REPEATS]`
//! `moves` is the forecast's round (the nearest-first offer scans), `pairs` the dynamics'
//! round (every pair, with its counts). Prints the minimum wall time over the repeats.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use parley_models::models::eum::{EumParams, one_round, one_round_scanned};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(1_000);
    let p = match args.get(1).map(String::as_str) {
        Some("printed") => EumParams::printed(),
        _ => EumParams::scholz_code(),
    };
    let moves = args.get(2).is_none_or(|a| a != "pairs");
    let repeats: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(5);
    let mut rng = ChaCha8Rng::seed_from_u64(42);
    let mut unit = || (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let c: Vec<f64> = (0..n).map(|_| 0.01 + unit()).collect();
    let s: Vec<f64> = (0..n).map(|_| unit()).collect();
    let x: Vec<f64> = (0..n).map(|_| 100.0 * unit()).collect();
    let mut best = f64::INFINITY;
    let mut check = 0.0;
    let mut scanned = false;
    for _ in 0..repeats {
        let t = std::time::Instant::now();
        let next = if moves {
            let (next, all) = one_round_scanned(&p, &c, &s, &x);
            scanned = all;
            next
        } else {
            one_round(&p, &c, &s, &x, false)
        };
        best = best.min(t.elapsed().as_secs_f64());
        check = next.iter().sum::<f64>();
    }
    println!(
        "n = {n}, {}, {}: {:.4} s per round (min of {repeats}; Σ positions after {check:.6})",
        if p.p_risk { "scholz-code" } else { "printed" },
        match (moves, scanned) {
            (false, _) => "pairs",
            (true, true) => "moves by the scans",
            (true, false) => "moves by the loop over every pair",
        },
        best
    );
}
