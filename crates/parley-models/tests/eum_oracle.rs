#![allow(clippy::unwrap_used, clippy::expect_used)]
//! A straightforward O(n³) EUM written from the formulas of shared/reference/eum.md, used as the
//! oracle for the fast paths (every reading, the `scholz-code` one's powered votes included):
//! same positions to 1e-9 after every round.

use parley_models::models::eum::{
    CompromiseChoice, ConflictRule, EumParams, PDenominator, Perspective, RangeRule, eum_median, run_issue,
};
use proptest::prelude::*;

fn u(base: f64, r: f64) -> f64 {
    2.0 - 4.0 * base.clamp(0.0, 1.0).powf(r)
}

/// One round, naively. Returns the new positions.
fn oracle_round(p: &EumParams, c: &[f64], s: &[f64], x: &[f64], range: f64) -> Vec<f64> {
    let n = x.len();
    let w: Vec<f64> = (0..n).map(|i| c[i] * s[i]).collect();
    let mu = eum_median(x, &w);
    // vote of k for x_i over x_j, with voter exponent rk
    let vote = |k: usize, xi: f64, xj: f64, rk: f64| {
        ((x[k] - xj).abs() / range).powf(rk) - ((x[k] - xi).abs() / range).powf(rk)
    };
    // The `pairs` denominator does not depend on (i, j): sum it once per exponent vector.
    let pairs_den = |rv: &[f64]| -> f64 {
        let mut d = 0.0;
        for k in 0..n {
            for a in 0..n {
                for b in 0..n {
                    d += (w[k] * vote(k, x[a], x[b], rv[k])).abs();
                }
            }
        }
        d
    };
    let prob = |i: usize, j: usize, rv: &[f64], pd: f64| -> f64 {
        if x[i] == x[j] {
            return 0.0;
        }
        let num: f64 = (0..n).map(|k| (w[k] * vote(k, x[i], x[j], rv[k])).max(0.0)).sum();
        let den: f64 = match p.p_denominator {
            PDenominator::Actors => (0..n).map(|k| (w[k] * vote(k, x[i], x[j], rv[k])).abs()).sum(),
            PDenominator::Pairs => pd,
        };
        if den > 0.0 { num / den } else { 0.0 }
    };
    let eu = |i: usize, j: usize, pij: f64, r: f64| -> f64 {
        let d = (x[i] - x[j]).abs() / range;
        let us = u(0.5 - 0.5 * d, r);
        let uf = u(0.5 + 0.5 * d, r);
        let usq = u(0.5, r);
        let dm = (x[i] - mu).abs() / range;
        let t = (x[i] - mu).abs() < (x[i] - x[j]).abs();
        let ub = u(0.5 - 0.25 * (dm + d), r);
        let uw = u(0.5 + 0.25 * (dm + d), r);
        s[j] * (pij * us + (1.0 - pij) * uf) + (1.0 - s[j]) * us - p.q * usq - (1.0 - p.q) * (if t { ub } else { uw })
    };
    let ones = vec![1.0; n];
    let pd1 = if p.p_denominator == PDenominator::Pairs {
        pairs_den(&ones)
    } else {
        0.0
    };
    let sec: Vec<f64> = (0..n)
        .map(|i| {
            (0..n)
                .filter(|&j| j != i)
                .map(|j| eu(j, i, prob(j, i, &ones, pd1), 1.0))
                .sum()
        })
        .collect();
    let smax = sec.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let smin = sec.iter().copied().fold(f64::INFINITY, f64::min);
    let r: Vec<f64> = sec
        .iter()
        .map(|&v| {
            let rr = if smax > smin {
                (2.0 * v - smax - smin) / (smax - smin)
            } else {
                0.0
            };
            (1.0 - rr / 3.0) / (1.0 + rr / 3.0)
        })
        .collect();
    let rv2: Vec<f64> = if p.p_risk { r.clone() } else { ones };
    let pd2 = if p.p_denominator == PDenominator::Pairs {
        pairs_den(&rv2)
    } else {
        0.0
    };
    let mut next = x.to_vec();
    for i in 0..n {
        // (rank, key, to, towards)
        let mut best: Option<(u8, f64, f64, usize)> = None;
        for j in 0..n {
            if j == i || x[j] == x[i] {
                continue;
            }
            let (ri, rj) = match p.perspective {
                Perspective::Each => (r[i], r[j]),
                Perspective::Receiver => (r[i], r[i]),
            };
            let (pij, pji) = (prob(i, j, &rv2, pd2), prob(j, i, &rv2, pd2));
            let ei = eu(i, j, pij, ri);
            let ej = eu(j, i, pji, rj);
            let offer = if ei > 0.0 && ej > 0.0 {
                let loses = match p.conflict {
                    ConflictRule::Probability => pji > pij,
                    ConflictRule::ExpectedUtility => ej > ei,
                    ConflictRule::NoMove => false,
                };
                loses.then_some((0u8, x[j]))
            } else if ej > 0.0 && ei < 0.0 {
                if ej > -ei {
                    Some((1u8, x[i] + (x[j] - x[i]) * (-ei / ej)))
                } else if p.capitulation {
                    Some((2u8, x[j]))
                } else {
                    None
                }
            } else {
                None
            };
            if let Some((rank, to)) = offer {
                let key = if rank == 1 && p.compromise_choice == CompromiseChoice::ScholzCode {
                    (ei.abs() * x[i] + ej.abs() * x[j]) / (ei.abs() + ej.abs())
                } else {
                    (to - x[i]).abs()
                };
                let cand = (rank, key, to, j);
                if best.is_none_or(|b| (cand.0, cand.1, cand.2, cand.3) < (b.0, b.1, b.2, b.3)) {
                    best = Some(cand);
                }
            }
        }
        if let Some(b) = best {
            next[i] = b.2;
        }
    }
    next
}

fn oracle_run(p: &EumParams, c: &[f64], s: &[f64], x0: &[f64]) -> Vec<Vec<f64>> {
    let spread = |x: &[f64]| {
        x.iter().copied().fold(f64::NEG_INFINITY, f64::max) - x.iter().copied().fold(f64::INFINITY, f64::min)
    };
    let r0 = spread(x0);
    let mut x = x0.to_vec();
    let mut out = vec![x.clone()];
    for _ in 0..p.rounds {
        let range = if p.range == RangeRule::Initial { r0 } else { spread(&x) };
        if spread(&x) <= 0.0 || range <= 0.0 {
            break;
        }
        x = oracle_round(p, c, s, &x, range);
        out.push(x.clone());
    }
    out
}

fn compare(p: &EumParams, c: &[f64], s: &[f64], x: &[f64]) -> Result<(), TestCaseError> {
    let fast = run_issue(p, c, s, x, true);
    let slow = oracle_run(p, c, s, x);
    prop_assert_eq!(fast.rounds.len(), slow.len());
    for (t, (a, b)) in fast.rounds.iter().zip(&slow).enumerate() {
        for (i, (u, v)) in a.positions.iter().zip(b).enumerate() {
            prop_assert!(
                (u - v).abs() <= 1e-9,
                "round {} actor {}: fast {} oracle {}",
                t,
                i,
                u,
                v
            );
        }
    }
    Ok(())
}

/// The forecast path (`record = false`: the moves only, by the nearest-first scans) against
/// the oracle's last round.
fn compare_last(p: &EumParams, c: &[f64], s: &[f64], x: &[f64]) -> Result<(), TestCaseError> {
    let fast = run_issue(p, c, s, x, false);
    let slow = oracle_run(p, c, s, x);
    let (a, b) = (&fast.rounds.last().unwrap().positions, slow.last().unwrap());
    for (i, (u, v)) in a.iter().zip(b).enumerate() {
        prop_assert!((u - v).abs() <= 1e-9, "actor {}: fast {} oracle {}", i, u, v);
    }
    Ok(())
}

fn variants() -> Vec<EumParams> {
    let base = EumParams {
        rounds: 6,
        ..EumParams::printed()
    };
    vec![
        base.clone(),
        EumParams { q: 0.7, ..base.clone() },
        EumParams {
            p_denominator: PDenominator::Pairs,
            ..base.clone()
        },
        EumParams {
            perspective: Perspective::Receiver,
            conflict: ConflictRule::ExpectedUtility,
            ..base.clone()
        },
        EumParams {
            range: RangeRule::Initial,
            capitulation: false,
            ..base.clone()
        },
        EumParams {
            rounds: 6,
            ..EumParams::scholz_code()
        },
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202), ..ProptestConfig::default() })]

    #[test]
    fn fast_path_equals_the_oracle(
        actors in proptest::collection::vec((0.01f64..1.0, 0.0f64..1.0, 0.0f64..100.0), 2..24),
        which in 0usize..6,
    ) {
        let c: Vec<f64> = actors.iter().map(|a| a.0).collect();
        let s: Vec<f64> = actors.iter().map(|a| a.1).collect();
        let x: Vec<f64> = actors.iter().map(|a| a.2).collect();
        compare(&variants()[which], &c, &s, &x)?;
    }

    #[test]
    fn fast_path_equals_the_oracle_with_tied_positions(
        actors in proptest::collection::vec((0.01f64..1.0, 0.0f64..1.0, 0u8..6), 2..16),
    ) {
        // Integer positions make ties in position common (several actors on one point).
        let c: Vec<f64> = actors.iter().map(|a| a.0).collect();
        let s: Vec<f64> = actors.iter().map(|a| a.1).collect();
        let x: Vec<f64> = actors.iter().map(|a| f64::from(a.2) * 2.0).collect();
        compare(&variants()[0], &c, &s, &x)?;
    }

    #[test]
    fn q_below_one_with_tied_positions_equals_the_oracle(
        actors in proptest::collection::vec((0.01f64..1.0, 0.0f64..1.0, 0u8..6), 3..16),
    ) {
        // With Q < 1 the status-quo term compares |x_i − median| with |x_i − x_j|; on a grid
        // of positions the two are often exactly equal, and the strict comparison decides.
        let c: Vec<f64> = actors.iter().map(|a| a.0).collect();
        let s: Vec<f64> = actors.iter().map(|a| a.1).collect();
        let x: Vec<f64> = actors.iter().map(|a| f64::from(a.2) * 2.0).collect();
        compare(&variants()[1], &c, &s, &x)?;
    }

    #[test]
    fn scholz_code_with_tied_positions_equals_the_oracle(
        actors in proptest::collection::vec((0.01f64..1.0, 0.0f64..1.0, 0u8..6), 2..16),
    ) {
        // Votes raised to each voter's exponent, summed by groups of equal positions.
        let c: Vec<f64> = actors.iter().map(|a| a.0).collect();
        let s: Vec<f64> = actors.iter().map(|a| a.1).collect();
        let x: Vec<f64> = actors.iter().map(|a| f64::from(a.2) * 2.0).collect();
        compare(&variants()[5], &c, &s, &x)?;
        compare_last(&variants()[5], &c, &s, &x)?;
    }

    #[test]
    fn forecast_path_equals_the_oracle(
        actors in proptest::collection::vec((0.01f64..1.0, 0.0f64..1.0, 0.0f64..100.0), 2..24),
        which in 0usize..6,
    ) {
        let c: Vec<f64> = actors.iter().map(|a| a.0).collect();
        let s: Vec<f64> = actors.iter().map(|a| a.1).collect();
        let x: Vec<f64> = actors.iter().map(|a| a.2).collect();
        compare_last(&variants()[which], &c, &s, &x)?;
    }
}

#[test]
fn oracle_agrees_on_the_ec_case_in_both_readings() {
    let c = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08];
    let x = [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0];
    let s = [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7];
    for p in [
        EumParams {
            rounds: 8,
            ..EumParams::printed()
        },
        EumParams {
            rounds: 8,
            ..EumParams::scholz_code()
        },
    ] {
        compare(&p, &c, &s, &x).unwrap();
    }
}

fn seeded_actors(n: usize, seed: u64) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    // A small LCG: enough to make reproducible test data without another dependency.
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64) / ((1u64 << 53) as f64)
    };
    let mut c = Vec::new();
    let mut s = Vec::new();
    let mut x = Vec::new();
    for _ in 0..n {
        c.push(0.01 + next());
        s.push(next());
        x.push(100.0 * next());
    }
    (c, s, x)
}

#[test]
fn parallel_rows_match_the_oracle_and_any_thread_count() {
    let (c, s, x) = seeded_actors(150, 7);
    let p = EumParams {
        rounds: 2,
        ..EumParams::printed()
    };
    compare(&p, &c, &s, &x).unwrap();
    let run_with = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| run_issue(&p, &c, &s, &x, true))
    };
    let one = run_with(1);
    let four = run_with(4);
    for (a, b) in one.rounds.iter().zip(&four.rounds) {
        let bits = |v: &[f64]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&a.positions), bits(&b.positions));
        assert_eq!(bits(&a.risk), bits(&b.risk));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202), ..ProptestConfig::default() })]

    #[test]
    fn positions_stay_within_the_initial_range(
        actors in proptest::collection::vec((0.01f64..1.0, 0.0f64..1.0, 0.0f64..100.0), 2..20),
        which in 0usize..6,
    ) {
        let c: Vec<f64> = actors.iter().map(|a| a.0).collect();
        let s: Vec<f64> = actors.iter().map(|a| a.1).collect();
        let x: Vec<f64> = actors.iter().map(|a| a.2).collect();
        let lo = x.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let run = run_issue(&variants()[which], &c, &s, &x, true);
        for r in &run.rounds {
            for &v in &r.positions {
                prop_assert!(v >= lo - 1e-9 && v <= hi + 1e-9, "{} outside [{}, {}]", v, lo, hi);
            }
            prop_assert!(r.risk.iter().all(|&q| (0.5 - 1e-12..=2.0 + 1e-12).contains(&q)));
        }
    }

    #[test]
    fn actor_order_does_not_change_results(
        actors in proptest::collection::vec((0.01f64..1.0, 0.0f64..1.0, 0.0f64..100.0), 2..20),
        which in 0usize..6,
    ) {
        let n = actors.len();
        let perm: Vec<usize> = (0..n).rev().collect();
        let pick = |f: fn(&(f64, f64, f64)) -> f64, order: &[usize]| order.iter().map(|&i| f(&actors[i])).collect::<Vec<f64>>();
        let id: Vec<usize> = (0..n).collect();
        let p = &variants()[which];
        let a = run_issue(p, &pick(|a| a.0, &id), &pick(|a| a.1, &id), &pick(|a| a.2, &id), true);
        let b = run_issue(p, &pick(|a| a.0, &perm), &pick(|a| a.1, &perm), &pick(|a| a.2, &perm), true);
        prop_assert_eq!(a.rounds.len(), b.rounds.len());
        for (ra, rb) in a.rounds.iter().zip(&b.rounds) {
            prop_assert!((ra.median - rb.median).abs() < 1e-9 && (ra.mean - rb.mean).abs() < 1e-9);
            for (k, &i) in perm.iter().enumerate() {
                prop_assert!((ra.positions[i] - rb.positions[k]).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn identical_actors_stay_identical(
        actors in proptest::collection::vec((0.01f64..1.0, 0.0f64..1.0, 0.0f64..100.0), 2..16),
        which in 0usize..6,
    ) {
        let mut c: Vec<f64> = actors.iter().map(|a| a.0).collect();
        let mut s: Vec<f64> = actors.iter().map(|a| a.1).collect();
        let mut x: Vec<f64> = actors.iter().map(|a| a.2).collect();
        // Clone actor 0.
        c.push(c[0]);
        s.push(s[0]);
        x.push(x[0]);
        let twin = c.len() - 1;
        let run = run_issue(&variants()[which], &c, &s, &x, true);
        for r in &run.rounds {
            prop_assert_eq!(r.positions[0].to_bits(), r.positions[twin].to_bits());
        }
    }
}
