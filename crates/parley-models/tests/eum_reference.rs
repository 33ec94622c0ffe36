#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The EC car-emission case (Bueno de Mesquita 1994) against Scholz et al. (2011) Table 2
//! and the jmckib reimplementation's per-round figures (shared/reference/eum.md).

use parley_models::models::eum::{EumParams, MoveKind, Stopped, run_issue};

// NL BE LU DE FR IT UK IE DK GR
const C: [f64; 10] = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08];
const X: [f64; 10] = [4.0, 7.0, 4.0, 4.0, 10.0, 10.0, 10.0, 7.0, 4.0, 7.0];
const S: [f64; 10] = [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7];

/// Scholz et al. (2011), Table 2 (Q = 1), rounds 1..=8.
const TABLE2_MEDIAN: [f64; 8] = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6];
const TABLE2_MEAN: [f64; 8] = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6];
/// jmckib/bdm-scholz-expected-utility-model, rounds 0..=8, to 4 decimals.
const JMCKIB_MEDIAN: [f64; 9] = [7.0, 8.4159, 9.6109, 9.9620, 9.9620, 9.9620, 7.4720, 8.8246, 9.6711];
const JMCKIB_MEAN: [f64; 9] = [7.3900, 7.4613, 7.5525, 7.5901, 7.3581, 7.3492, 7.4149, 7.5105, 7.5724];
const JMCKIB_RISK1: [f64; 10] = [
    1.4057, 0.7542, 0.5089, 1.4057, 1.0465, 1.0465, 1.9649, 0.5000, 2.0000, 1.1121,
];

fn scholz_run() -> parley_models::models::eum::IssueRun {
    run_issue(
        &EumParams {
            rounds: 8,
            ..EumParams::scholz_code()
        },
        &C,
        &S,
        &X,
        true,
    )
}

#[test]
fn scholz_code_reading_matches_jmckib_every_round() {
    let run = scholz_run();
    assert_eq!(run.rounds.len(), 9);
    assert_eq!(run.stopped, Stopped::MaxRounds);
    for (t, r) in run.rounds.iter().enumerate() {
        assert!(
            (r.median - JMCKIB_MEDIAN[t]).abs() < 5e-5,
            "round {t}: median {} vs {}",
            r.median,
            JMCKIB_MEDIAN[t]
        );
        assert!(
            (r.mean - JMCKIB_MEAN[t]).abs() < 5e-5,
            "round {t}: mean {} vs {}",
            r.mean,
            JMCKIB_MEAN[t]
        );
    }
    for (a, (&got, &want)) in run.rounds[1].risk.iter().zip(&JMCKIB_RISK1).enumerate() {
        assert!((got - want).abs() < 5e-5, "actor {a}: risk {got} vs {want}");
    }
}

#[test]
fn scholz_code_reading_is_within_the_documented_distance_of_table_2() {
    let run = scholz_run();
    for t in 1..=8 {
        let r = &run.rounds[t];
        assert!((r.mean - TABLE2_MEAN[t - 1]).abs() <= 0.1, "round {t}: mean {}", r.mean);
        assert!(
            (r.median - TABLE2_MEDIAN[t - 1]).abs() <= 0.3,
            "round {t}: median {}",
            r.median
        );
    }
    // Round 2 is the largest gap: 9.61 here, 9.9 in Table 2 (see docs/EUM.md).
    assert!((run.rounds[2].median - 9.6109).abs() < 1e-4);
}

#[test]
fn round_one_moves_tell_the_published_story() {
    let run = scholz_run();
    let moves = &run.rounds[1].moves;
    let find = |a: usize| moves.iter().find(|m| m.actor == a).unwrap();
    // Belgium compromises with France (7 -> 8.4159).
    let be = find(1);
    assert_eq!((be.towards, be.kind), (4, MoveKind::Compromise));
    assert!((be.to - 8.4159).abs() < 1e-4);
    // Luxembourg loses a conflict to Belgium (4 -> 7); Ireland loses to Luxembourg (7 -> 4).
    let lu = find(2);
    assert_eq!((lu.towards, lu.kind, lu.from, lu.to), (1, MoveKind::Conflict, 4.0, 7.0));
    let ie = find(7);
    assert_eq!((ie.towards, ie.kind, ie.from, ie.to), (2, MoveKind::Conflict, 7.0, 4.0));
}

#[test]
fn printed_reading_on_the_ec_case() {
    // The printed model (P over all actors, so P_ij + P_ji = 1) makes every contested pair a
    // conflict: the round-1 P values are far larger than in Scholz's code, and the positions
    // collapse on the median 7 within two rounds (docs/EUM.md discusses why).
    let run = run_issue(
        &EumParams {
            rounds: 8,
            ..EumParams::printed()
        },
        &C,
        &S,
        &X,
        true,
    );
    let medians: Vec<f64> = run.rounds.iter().map(|r| r.median).collect();
    assert_eq!(medians[..3], [7.0, 7.0, 7.0]);
    assert!((run.rounds[1].mean - 7.2093).abs() < 1e-4, "{}", run.rounds[1].mean);
    assert!((run.rounds[2].mean - 7.0).abs() < 1e-12);
    assert_eq!(run.stopped, Stopped::Consensus);
}
