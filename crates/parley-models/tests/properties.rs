#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Invariants of the closed-form models, the Nash solution and the zone (proptest, fixed seeds via
//! proptest's deterministic runner config).

mod common;

use common::{A, I, P, raw};
use parley_core::{Scenario, UtilityFunction, UtilityShape};
use parley_models::models::nash::nash_point;
use parley_models::registry;
use parley_models::zopa::{accepted_by_all, deal_players};
use proptest::prelude::*;

const ACTORS: [&str; 5] = ["a", "b", "c", "d", "e"];
const ISSUES: [&str; 3] = ["x", "y", "z"];

#[derive(Debug, Clone)]
struct Case {
    caps: Vec<f64>,
    veto: Vec<bool>,
    sq: Vec<f64>,
    /// per actor, per issue: (position, salience, red line offset or none)
    pos: Vec<Vec<(f64, f64, Option<f64>)>>,
}

fn case(n_actors: usize, n_issues: usize) -> impl Strategy<Value = Case> {
    (
        proptest::collection::vec(0.1f64..10.0, n_actors),
        proptest::collection::vec(any::<bool>(), n_actors),
        proptest::collection::vec(0.0f64..100.0, n_issues),
        proptest::collection::vec(
            proptest::collection::vec(
                (0.0f64..100.0, 0.0f64..1.0, proptest::option::of(-60.0f64..60.0)),
                n_issues,
            ),
            n_actors,
        ),
    )
        .prop_map(|(caps, veto, sq, pos)| Case { caps, veto, sq, pos })
}

fn build(c: &Case, order: &[usize]) -> Scenario {
    let actors: Vec<A> = order.iter().map(|&a| A(ACTORS[a], c.caps[a], c.veto[a])).collect();
    let issues: Vec<I> = c.sq.iter().enumerate().map(|(k, &q)| I(ISSUES[k], q)).collect();
    let mut positions = Vec::new();
    for &a in order {
        for (k, &(p, s, r)) in c.pos[a].iter().enumerate() {
            let red = r.map(|off| (p + off).clamp(0.0, 100.0));
            positions.push(P(ACTORS[a], ISSUES[k], p, s, red));
        }
    }
    Scenario::from_raw(raw(&actors, &issues, &positions)).unwrap()
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mean_and_median_inside_the_positions(c in case(5, 3)) {
        let s = build(&c, &[0, 1, 2, 3, 4]);
        let none = Default::default();
        for id in ["compromise", "median"] {
            let f = registry::build(id, Some(&s), &none).unwrap().forecast(&s).unwrap();
            for k in 0..3 {
                let weighted: Vec<f64> = (0..5).filter(|&a| s.capability(a) * s.position(a, k).salience > 0.0).map(|a| s.position(a, k).position).collect();
                if weighted.is_empty() { continue; }
                let lo = weighted.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = weighted.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                prop_assert!(f.values[k] >= lo - 1e-9 && f.values[k] <= hi + 1e-9, "{id} issue {k}: {} not in [{lo}, {hi}]", f.values[k]);
            }
        }
    }

    #[test]
    fn actor_order_does_not_matter(c in case(5, 3)) {
        let s1 = build(&c, &[0, 1, 2, 3, 4]);
        let s2 = build(&c, &[3, 1, 4, 0, 2]);
        let none = Default::default();
        for id in ["compromise", "median", "nash"] {
            let f1 = registry::build(id, Some(&s1), &none).unwrap().forecast(&s1);
            let f2 = registry::build(id, Some(&s2), &none).unwrap().forecast(&s2);
            match (f1, f2) {
                (Ok(a), Ok(b)) => for k in 0..3 {
                    // The mean sums in another order (rounding only). The Nash optimum can sit on a
                    // nearly flat ridge of the Nash product, where points 1e-6 apart differ in the
                    // product only in the 10th digit; allow 1e-4 on a 0..100 scale.
                    let tol = if id == "nash" { 1e-4 } else { 1e-9 };
                    prop_assert!((a.values[k] - b.values[k]).abs() < tol, "{id}: {:?} vs {:?}", a.values, b.values);
                },
                (Err(_), Err(_)) => {}
                (a, b) => prop_assert!(false, "{id}: {a:?} vs {b:?}"),
            }
        }
    }

    #[test]
    fn nash_point_is_in_the_zone_and_pareto_undominated(c in case(3, 2), probes in proptest::collection::vec((0.0f64..100.0, 0.0f64..100.0), 200)) {
        let s = build(&c, &[0, 1, 2]);
        let u = UtilityFunction::new(&s, UtilityShape::Linear);
        let players = deal_players(&s);
        if let Ok((x, _)) = nash_point(&s, &u) {
            prop_assert!(accepted_by_all(&s, &u, &players, &x), "Nash point {x:?} outside the zone");
            let ux: Vec<f64> = players.iter().map(|&a| u.utility(a, &x)).collect();
            for (p, q) in probes {
                let y = [p, q];
                if !accepted_by_all(&s, &u, &players, &y) { continue; }
                let uy: Vec<f64> = players.iter().map(|&a| u.utility(a, &y)).collect();
                let weakly = uy.iter().zip(&ux).all(|(b, a)| *b >= *a - 1e-12);
                let strictly = uy.iter().zip(&ux).any(|(b, a)| *b > *a + 1e-7);
                prop_assert!(!(weakly && strictly), "{y:?} dominates Nash point {x:?}: {uy:?} vs {ux:?}");
            }
        }
    }
}
