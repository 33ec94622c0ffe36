#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Hand-computed answers for the closed-form models, Nash and the agreement zone.

mod common;

use common::{A, I, P, scenario};
use parley_core::{UtilityFunction, UtilityShape};
use parley_models::models::nash::{Nash, nash_point};
use parley_models::registry;
use parley_models::zopa::{deal_players, zone};
use parley_models::{Model, ModelError};

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

#[test]
fn compromise_and_median_by_hand() {
    // weights c·s: a 1·1 = 1 at 0; b 2·0.5 = 1 at 40; c 3·1 = 3 at 100
    // mean = (0 + 40 + 300) / 5 = 68; median: cum 1, 2, 5 > 2.5 -> 100
    let s = scenario(
        &[A("a", 1.0, true), A("b", 2.0, true), A("c", 3.0, true)],
        &[I("x", 50.0)],
        &[
            P("a", "x", 0.0, 1.0, None),
            P("b", "x", 40.0, 0.5, None),
            P("c", "x", 100.0, 1.0, None),
        ],
    );
    let none = Default::default();
    let mean = registry::build("compromise", Some(&s), &none)
        .unwrap()
        .forecast(&s)
        .unwrap();
    assert_eq!(mean.values, vec![68.0]);
    let med = registry::build("median", Some(&s), &none)
        .unwrap()
        .forecast(&s)
        .unwrap();
    assert_eq!(med.values, vec![100.0]);
}

#[test]
fn nobody_cares_gives_status_quo() {
    let s = scenario(&[A("a", 1.0, true)], &[I("x", 33.0)], &[P("a", "x", 80.0, 0.0, None)]);
    let none = Default::default();
    for id in ["compromise", "median"] {
        let f = registry::build(id, Some(&s), &none).unwrap().forecast(&s).unwrap();
        assert_eq!(f.values, vec![33.0], "{id}");
    }
}

#[test]
fn nash_one_issue_kink() {
    // sq = 0; A ideal 100, B ideal 60, both salience 1 (linear utilities on 0..100).
    // gain_A = x/100; gain_B = x/100 for x <= 60 and (120 - x)/100 above:
    // the product x(120 - x) peaks at 60, x² rises up to 60, so the Nash point is 60.
    let s = scenario(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 0.0)],
        &[P("a", "x", 100.0, 1.0, None), P("b", "x", 60.0, 1.0, None)],
    );
    let f = Nash::default().forecast(&s).unwrap();
    assert!(close(f.values[0], 60.0, 1e-6), "{:?}", f.values);
}

#[test]
fn nash_interior_optimum_with_quadratic_utility() {
    // sq = 0, A ideal 100, B ideal 50, quadratic: gain_A = 1 - (1 - x/100)² , gain_B = 0.75 ... computed:
    // U_B(0) = 1 - 0.25 = 0.75; gain_B = 0.25 - ((x - 50)/100)².
    // Maximise ln gain_A + ln gain_B numerically by brute force on a fine grid.
    let s = scenario(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 0.0)],
        &[P("a", "x", 100.0, 1.0, None), P("b", "x", 50.0, 1.0, None)],
    );
    let ga = |x: f64| 1.0 - (1.0 - x / 100.0).powi(2);
    let gb = |x: f64| 0.25 - ((x - 50.0) / 100.0).powi(2);
    let best = (0..=100_000)
        .map(|i| i as f64 / 1000.0)
        .max_by(|&a, &b| (ga(a) * gb(a)).total_cmp(&(ga(b) * gb(b))))
        .unwrap();
    let f = Nash {
        shape: UtilityShape::Quadratic,
    }
    .forecast(&s)
    .unwrap();
    assert!(close(f.values[0], best, 2e-3), "{} vs {best}", f.values[0]);
    assert!(f.values[0] > 50.0 && f.values[0] < 100.0);
}

#[test]
fn nash_logroll_two_issues() {
    // A cares 0.8 about x, 0.2 about y and wants (100, 100); B the mirror, wants (0, 0); sq (50, 50).
    // gain_A = (0.8(x-50) + 0.2(y-50))/100, gain_B = (0.2(50-x) + 0.8(50-y))/100.
    // At (100, 0) both gains are 0.3; moving either coordinate inward lowers the product,
    // so the Nash point is the logroll (100, 0).
    let s = scenario(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 50.0), I("y", 50.0)],
        &[
            P("a", "x", 100.0, 0.8, None),
            P("a", "y", 100.0, 0.2, None),
            P("b", "x", 0.0, 0.2, None),
            P("b", "y", 0.0, 0.8, None),
        ],
    );
    let f = Nash::default().forecast(&s).unwrap();
    assert!(
        close(f.values[0], 100.0, 1e-6) && close(f.values[1], 0.0, 1e-6),
        "{:?}",
        f.values
    );
}

#[test]
fn nash_reports_no_agreement_instead_of_inventing() {
    // Pure conflict on one issue with sq in the middle: no point helps both.
    let s = scenario(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 50.0)],
        &[P("a", "x", 100.0, 1.0, None), P("b", "x", 0.0, 1.0, None)],
    );
    match Nash::default().forecast(&s) {
        Err(ModelError::NoAgreement(msg)) => assert!(msg.contains("gain"), "{msg}"),
        other => panic!("expected no agreement, got {other:?}"),
    }
    // Red lines that do not overlap.
    let s = scenario(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 0.0)],
        &[P("a", "x", 100.0, 1.0, Some(70.0)), P("b", "x", 10.0, 1.0, Some(40.0))],
    );
    match Nash::default().forecast(&s) {
        Err(ModelError::NoAgreement(msg)) => assert!(msg.contains("do not overlap on x"), "{msg}"),
        other => panic!("expected no agreement, got {other:?}"),
    }
}

#[test]
fn nash_respects_red_lines_and_ignores_non_veto_players() {
    // Without red lines the Nash point of the kink case is 60; B's red line at 45 caps it.
    // C has no veto and an opposite view; it must not change the answer.
    let s = scenario(
        &[A("a", 1.0, true), A("b", 1.0, true), A("c", 5.0, false)],
        &[I("x", 0.0)],
        &[
            P("a", "x", 100.0, 1.0, None),
            P("b", "x", 30.0, 1.0, Some(45.0)),
            P("c", "x", 0.0, 1.0, None),
        ],
    );
    // gain_A = x/100, gain_B = x/100 (x <= 30), (60 - x)/100 (x > 30); product x(60-x) peaks at 30.
    let f = Nash::default().forecast(&s).unwrap();
    assert!(close(f.values[0], 30.0, 1e-6), "{:?}", f.values);
}

#[test]
fn zone_ranges_by_hand() {
    // sq = 0; A (ideal 100) accepts >= 20; B (ideal 60) accepts <= 80.
    // Red lines overlap on [20, 80]; status-quo utilities: U_A(0) = 0, U_B(0) = 0.4,
    // U_B(x) >= 0.4 <=> |x - 60| <= 60 <=> x <= 120: no extra cut. Zone = [20, 80].
    let s = scenario(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 0.0)],
        &[P("a", "x", 100.0, 1.0, Some(20.0)), P("b", "x", 60.0, 1.0, Some(80.0))],
    );
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let z = zone(&s, &u, &deal_players(&s), true).unwrap();
    assert!(z.feasible);
    let (lo, hi) = z.issues[0].range.unwrap();
    assert!(close(lo, 20.0, 1e-7) && close(hi, 80.0, 1e-7), "{lo} {hi}");
    // min gain: max over x of min(x/100, 0.6 - |x-60|/100 ...) -> at x = 60: min(0.6, 0.6) = 0.6
    assert!(close(z.min_gain.unwrap(), 0.6, 1e-7), "{:?}", z.min_gain);
}

#[test]
fn zone_cut_by_status_quo_utility() {
    // sq = 50; A ideal 100, B ideal 40, both salience 1. U_B(50) = 0.9 so B needs |x - 40| <= 10:
    // x in [30, 50]; A needs x >= 50. Zone = {50}, gain 0 for both: feasible but a single point.
    let s = scenario(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 50.0)],
        &[P("a", "x", 100.0, 1.0, None), P("b", "x", 40.0, 1.0, None)],
    );
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let z = zone(&s, &u, &deal_players(&s), true).unwrap();
    assert!(z.feasible);
    let (lo, hi) = z.issues[0].range.unwrap();
    assert!(close(lo, 50.0, 1e-7) && close(hi, 50.0, 1e-7), "{lo} {hi}");
    assert!(close(z.min_gain.unwrap(), 0.0, 1e-9));
}

#[test]
fn zone_blocking_players() {
    // Red lines: A >= 60, B <= 40, C anything: A and B block.
    let s = scenario(
        &[A("a", 1.0, true), A("b", 1.0, true), A("c", 1.0, true)],
        &[I("x", 50.0), I("y", 50.0)],
        &[
            P("a", "x", 100.0, 1.0, Some(60.0)),
            P("b", "x", 0.0, 1.0, Some(40.0)),
            P("c", "x", 50.0, 1.0, None),
        ],
    );
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let z = zone(&s, &u, &deal_players(&s), true).unwrap();
    assert!(!z.feasible);
    assert_eq!(z.blocking, vec![0, 1]);
    assert_eq!(z.issues[0].blocking, vec![0, 1]);
    assert!(z.issues[1].blocking.is_empty());
    assert_eq!(z.issues[0].red_line_range, None);
    assert_eq!(z.issues[1].red_line_range, Some((0.0, 100.0)));
}

#[test]
fn nash_matches_brute_force_grid() {
    // Three veto players, two issues, mixed red lines: compare with a 401×401 grid.
    let s = scenario(
        &[A("a", 1.0, true), A("b", 2.0, true), A("c", 1.0, true)],
        &[I("x", 20.0), I("y", 70.0)],
        &[
            P("a", "x", 90.0, 0.9, None),
            P("a", "y", 40.0, 0.3, None),
            P("b", "x", 60.0, 0.4, Some(85.0)),
            P("b", "y", 10.0, 0.8, None),
            P("c", "x", 50.0, 0.5, None),
            P("c", "y", 60.0, 0.5, Some(20.0)),
        ],
    );
    for shape in [UtilityShape::Linear, UtilityShape::Quadratic] {
        let u = UtilityFunction::new(&s, shape);
        let players = deal_players(&s);
        let sq = [20.0, 70.0];
        let prod = |x: &[f64]| -> f64 {
            if x[0] > 85.0 || x[1] < 20.0 {
                return -1.0;
            }
            players
                .iter()
                .map(|&a| (u.utility(a, x) - u.utility(a, &sq)).max(0.0))
                .product()
        };
        let mut best = (-1.0, [0.0, 0.0]);
        for i in 0..=400 {
            for j in 0..=400 {
                let x = [i as f64 / 4.0, j as f64 / 4.0];
                let p = prod(&x);
                if p > best.0 {
                    best = (p, x);
                }
            }
        }
        let (x, _) = nash_point(&s, &u).unwrap();
        let px = prod(&x);
        assert!(
            px >= best.0 - 1e-9,
            "{shape:?}: optimiser {x:?} ({px}) worse than grid {:?} ({})",
            best.1,
            best.0
        );
        assert!(
            (x[0] - best.1[0]).abs() < 0.5 && (x[1] - best.1[1]).abs() < 0.5,
            "{shape:?}: {x:?} vs {:?}",
            best.1
        );
    }
}
