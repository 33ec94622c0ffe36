#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The fast paths added for scale give the same results as the paths they replace: the EUM's
//! nearest-first offer scan (forecasts) against the loop over every pair (dynamics), bit for bit.

use parley_models::models::eum::{
    CompromiseChoice, ConflictRule, EumParams, Perspective, RangeRule, StopRule, one_round, one_round_moves,
    one_round_scanned, run_issue,
};
use proptest::prelude::*;

/// A seeded stream of uniform numbers in [0, 1) (a 64-bit LCG: reproducible cases without a
/// dependency).
fn lcg(seed: u64) -> impl FnMut() -> f64 {
    let mut st = seed;
    move || {
        st = st.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (st >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Readings and options that change how offers are made and chosen.
fn variants() -> Vec<EumParams> {
    let printed = EumParams::printed();
    vec![
        printed.clone(),
        EumParams {
            p_risk: false,
            ..EumParams::scholz_code()
        },
        EumParams {
            q: 0.6,
            ..printed.clone()
        },
        EumParams {
            perspective: Perspective::Receiver,
            conflict: ConflictRule::ExpectedUtility,
            ..printed.clone()
        },
        EumParams {
            conflict: ConflictRule::NoMove,
            ..printed.clone()
        },
        EumParams {
            capitulation: false,
            compromise_choice: CompromiseChoice::ScholzCode,
            range: RangeRule::Initial,
            ..printed.clone()
        },
        EumParams {
            stop: StopRule::Converged,
            rounds: 30,
            ..printed
        },
        // The published reading: votes raised to each voter's exponent (cumulative sums by
        // distinct position on both paths).
        EumParams::scholz_code(),
    ]
}

/// n actors; positions on a coarse grid when `grid` (ties, shared positions), else continuous.
fn actors() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Vec<f64>)> {
    (2usize..140, any::<bool>()).prop_flat_map(|(n, grid)| {
        let pos = if grid {
            (0u32..=20).prop_map(|v| f64::from(v) * 5.0).boxed()
        } else {
            (0.0f64..100.0).boxed()
        };
        (
            proptest::collection::vec(0.01f64..2.0, n),
            proptest::collection::vec(prop_oneof![Just(0.0), Just(1.0), 0.0f64..1.0], n),
            proptest::collection::vec(pos, n),
        )
    })
}

/// n actors spread over the scale and a cluster of k more at one position, near the middle
/// by default: the cluster's actors often find no conflict nearby and finish their scans
/// together, over one shared stream of partners. A cluster of more than 24 uses up its first
/// pass on its own members; a weak one (capabilities scaled by `weak`) loses conflicts, so
/// the order of the stream decides where its members stop.
fn clustered() -> impl Strategy<Value = (Vec<f64>, Vec<f64>, Vec<f64>)> {
    (
        60usize..200,
        2usize..40,
        prop_oneof![Just(50.0), 0.0f64..100.0],
        prop_oneof![Just(1.0), Just(0.05)],
    )
        .prop_flat_map(|(n, k, at, weak)| {
            (
                proptest::collection::vec(0.01f64..2.0, n + k),
                proptest::collection::vec(prop_oneof![Just(1.0), 0.0f64..1.0], n + k),
                proptest::collection::vec(0.0f64..100.0, n),
            )
                .prop_map(move |(mut c, s, mut x)| {
                    x.extend(std::iter::repeat_n(at, k));
                    for v in &mut c[n..] {
                        *v *= weak;
                    }
                    (c, s, x)
                })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202), ..ProptestConfig::default() })]

    #[test]
    fn nearest_first_offers_match_every_pair((c, s, x) in actors(), which in 0usize..8) {
        let p = &variants()[which];
        prop_assert_eq!(one_round_moves(p, &c, &s, &x), one_round(p, &c, &s, &x, false));
    }

    #[test]
    fn shared_scans_of_a_cluster_match_every_pair((c, s, x) in clustered(), which in 0usize..7) {
        let p = &variants()[which];
        prop_assert_eq!(one_round_moves(p, &c, &s, &x), one_round(p, &c, &s, &x, false));
    }

    #[test]
    fn forecast_runs_match_recorded_runs((c, s, x) in actors(), which in 0usize..8) {
        let p = &variants()[which];
        let fast = run_issue(p, &c, &s, &x, false);
        let full = run_issue(p, &c, &s, &x, true);
        let (a, b) = (fast.last().unwrap(), full.last().unwrap());
        prop_assert_eq!(&a.positions, &b.positions);
        prop_assert_eq!(&a.moves, &b.moves);
        prop_assert_eq!(a.median.to_bits(), b.median.to_bits());
        prop_assert_eq!(a.mean.to_bits(), b.mean.to_bits());
        prop_assert_eq!((fast.played, fast.stopped), (full.played, full.stopped));
    }
}

#[test]
fn forecast_runs_do_not_depend_on_the_thread_count() {
    // 300 actors: rows and offer scans run in parallel (64 and more), security in several blocks.
    let mut unit = lcg(7u64);
    let n = 300;
    let c: Vec<f64> = (0..n).map(|_| 0.1 + 2.0 * unit()).collect();
    let s: Vec<f64> = (0..n).map(|_| unit()).collect();
    let x: Vec<f64> = (0..n).map(|_| 100.0 * unit()).collect();
    for p in variants() {
        let on = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let run = pool.install(|| run_issue(&p, &c, &s, &x, false));
            let last = run.last().unwrap().clone();
            (
                last.positions.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                last.moves,
                run.played,
            )
        };
        let one = on(1);
        assert_eq!(one, on(2));
        assert_eq!(one, on(3));
    }
}

#[test]
fn the_scans_finish_a_typical_round_without_the_every_pair_loop() {
    // 300 actors spread over the scale plus a cluster of 12 at the middle: the scans find
    // every offer (few actors are left open, the cluster shares one stream), with the moves
    // of the loop over every pair. A scan that never pauses, never stops early or moves the
    // wrong cursor would leave many actors open and send the round to the loop.
    let mut unit = lcg(11u64);
    let n = 312;
    let c: Vec<f64> = (0..n).map(|_| 0.1 + 2.0 * unit()).collect();
    let s: Vec<f64> = (0..n).map(|_| unit()).collect();
    let x: Vec<f64> = (0..n).map(|k| if k < 12 { 50.0 } else { 100.0 * unit() }).collect();
    for p in [
        EumParams::printed(),
        EumParams {
            perspective: Perspective::Receiver,
            ..EumParams::printed()
        },
    ] {
        let (moves, scanned) = one_round_scanned(&p, &c, &s, &x);
        assert!(
            scanned,
            "{:?}: the round fell back to the every-pair loop",
            p.perspective
        );
        assert_eq!(moves, one_round(&p, &c, &s, &x, false));
    }
}

#[test]
fn a_weak_crowd_finishes_over_its_shared_stream_in_distance_order() {
    // 30 weak actors at one position among 430: their first 24 partners are each other, so
    // all 30 are left open and finish over one stream; being weak they lose conflicts, so
    // where each stops, and which offer it takes, depends on the stream's order by distance.
    for (seed, at) in [(5u64, 50.0), (6, 20.0), (7, 81.3)] {
        let mut unit = lcg(seed);
        let n = 430;
        let c: Vec<f64> = (0..n)
            .map(|k| (0.1 + 2.0 * unit()) * if k < 30 { 0.02 } else { 1.0 })
            .collect();
        let s: Vec<f64> = (0..n).map(|_| 0.2 + 0.8 * unit()).collect();
        let x: Vec<f64> = (0..n).map(|k| if k < 30 { at } else { 100.0 * unit() }).collect();
        let receiver = EumParams {
            perspective: Perspective::Receiver,
            ..EumParams::printed()
        };
        for p in [EumParams::printed(), receiver] {
            let (moves, scanned) = one_round_scanned(&p, &c, &s, &x);
            assert!(scanned, "seed {seed}: the round fell back to the every-pair loop");
            assert_eq!(moves, one_round(&p, &c, &s, &x, false), "seed {seed}");
            // The crowd moves: its members took offers found on the stream.
            assert!(
                moves[..30].iter().any(|&m| m != at),
                "seed {seed}: nobody in the crowd moved"
            );
        }
    }
}

#[test]
fn a_round_without_conflicts_falls_back_to_the_every_pair_loop() {
    // Two camps of 40 like actors at 0 and 100: each actor's first 24 partners are its own
    // camp (same position, no offer), which exhausts its scan's budget before it meets anyone
    // else; all 80 are left open, and the round takes the loop over every pair (cheaper than
    // 80 full scans) with the same moves: none (every cross pair is a stalemate).
    let n = 80;
    let x: Vec<f64> = (0..n).map(|k| if k < 40 { 0.0 } else { 100.0 }).collect();
    let (c, s) = (vec![1.0; n], vec![1.0; n]);
    for p in [EumParams::printed(), EumParams::scholz_code()] {
        let (moves, scanned) = one_round_scanned(&p, &c, &s, &x);
        assert!(
            !scanned,
            "{p:?}: the scans finished a round they should have left to the loop"
        );
        assert_eq!(moves, x);
        assert_eq!(moves, one_round(&p, &c, &s, &x, false));
    }
}

#[test]
fn a_weak_crowd_takes_the_same_offers_as_the_every_pair_loop_on_tied_distances() {
    // The weak crowd of the test above with the other actors on the integers 0–100: partners
    // at the same distance on both sides, and several at one position, so a crowd member
    // holding a conflict meets others at that distance. The tie goes to the lower target,
    // then the lower index: the stream of the crowd must visit all of them before it stops.
    // Compared with the loop over every pair on the recorded moves (the partner moved to,
    // not only the position).
    for seed in 1u64..=6 {
        let mut unit = lcg(seed);
        let n = 430;
        let c: Vec<f64> = (0..n)
            .map(|k| (0.1 + 2.0 * unit()) * if k < 30 { 0.02 } else { 1.0 })
            .collect();
        let s: Vec<f64> = (0..n).map(|_| 0.2 + 0.8 * unit()).collect();
        let x: Vec<f64> = (0..n)
            .map(|k| if k < 30 { 50.0 } else { (100.0 * unit()).round() })
            .collect();
        let receiver = EumParams {
            perspective: Perspective::Receiver,
            ..EumParams::printed()
        };
        for p in [EumParams::printed(), receiver] {
            let p = EumParams { rounds: 1, ..p };
            let (_, scanned) = one_round_scanned(&p, &c, &s, &x);
            assert!(scanned, "seed {seed}: the round fell back to the every-pair loop");
            let fast = run_issue(&p, &c, &s, &x, false);
            let full = run_issue(&p, &c, &s, &x, true);
            assert_eq!(fast.rounds.len(), 1);
            assert_eq!(fast.rounds[0].moves, full.rounds[1].moves, "seed {seed}");
            assert!(
                full.rounds[1].moves.iter().any(|m| m.actor < 30),
                "seed {seed}: nobody in the crowd moved"
            );
        }
    }
}

#[test]
fn a_round_not_played_reports_no_scan() {
    // One actor, or every actor at one position: nothing to play, the positions come back
    // unchanged, and no scan ran (false), whichever reading.
    for p in [EumParams::printed(), EumParams::scholz_code()] {
        let (c, s) = ([1.0, 2.0, 1.0], [1.0, 0.5, 1.0]);
        let x = [50.0; 3];
        assert_eq!(one_round_scanned(&p, &c, &s, &x), (x.to_vec(), false));
        assert_eq!(one_round_scanned(&p, &c[..1], &s[..1], &x[..1]), (vec![50.0], false));
        for direct in [true, false] {
            assert_eq!(one_round(&p, &c, &s, &x, direct), x.to_vec());
        }
    }
}
