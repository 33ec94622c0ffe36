#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Partial deals: hand-computed packages, and terms inside the room's red lines (proptest).

mod common;

use common::{A, I, P, raw};
use parley_core::raw::{RawPackage, RawStage};
use parley_core::{Scenario, UtilityFunction, UtilityShape};
use parley_models::deals::{self, Room};
use parley_models::registry;
use parley_models::run::run_forecast;
use proptest::prelude::*;

fn stage(participants: &[&str]) -> RawStage {
    RawStage {
        id: "room".into(),
        name: "room".into(),
        start: None,
        zone: None,
        minutes: None,
        participants: participants.iter().map(|s| s.to_string()).collect(),
        source: None,
        note: None,
    }
}

fn package(id: &str, issues: &[&str]) -> RawPackage {
    RawPackage {
        id: id.into(),
        name: id.into(),
        issues: issues.iter().map(|s| s.to_string()).collect(),
        source: None,
        note: None,
    }
}

/// A and B sit in the room; C is a veto player outside it. All capabilities 1, status quo 0.
fn three_packages() -> Scenario {
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 1.0, true), A("c", 1.0, true)],
        &[I("x", 0.0), I("y", 0.0), I("z", 0.0)],
        &[
            // x: everyone gains from moving up; C accepts [0, 100] by utility (|x − 50| ≤ 50).
            P("a", "x", 80.0, 1.0, None),
            P("b", "x", 60.0, 1.0, None),
            P("c", "x", 50.0, 1.0, None),
            // y: A accepts [70, 100], B [0, 30]: closed in the room.
            P("a", "y", 100.0, 1.0, Some(70.0)),
            P("b", "y", 0.0, 1.0, Some(30.0)),
            P("c", "y", 50.0, 1.0, None),
            // z: the room wants 100; C, outside, accepts only 0 (red line on its own position).
            P("a", "z", 100.0, 1.0, None),
            P("b", "z", 100.0, 1.0, None),
            P("c", "z", 0.0, 1.0, Some(0.0)),
        ],
    );
    r.stages.push(stage(&["a", "b"]));
    Scenario::from_raw(r).unwrap()
}

#[test]
fn one_agreed_one_blocked_one_not_implemented() {
    let s = three_packages();
    // Undeclared issues are packages of their own, under their ids.
    let ids: Vec<&str> = s.packages().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["x", "y", "z"]);
    let m = registry::build("compromise", Some(&s), &Default::default()).unwrap();
    let run = run_forecast(&s, &[m]).unwrap();
    assert_eq!(run.rooms.len(), 1);
    assert_eq!(run.rooms[0].present, [0, 1]);
    assert_eq!(run.rooms[0].absent, [2]);
    let d = &run.models[0].deals;
    // x: compromise (80 + 60 + 50) / 3 = 63.33…, inside the room's zone [0, 100] → its own terms;
    // C gains (|63.3 − 50| < 50): implemented.
    assert!(d[0].agreed && d[0].implemented && d[0].blocking.is_empty());
    assert!((d[0].terms[0].1 - 190.0 / 3.0).abs() < 1e-12);
    // y: [70, 100] and [0, 30] do not meet; each is disjoint from the other: both block.
    assert!(!d[1].agreed && !d[1].implemented && d[1].terms.is_empty());
    assert_eq!(d[1].blocking, [0, 1]);
    // z: the room signs the compromise (100 + 100 + 0) / 3 = 66.67; C accepts only 0 and blocks.
    assert!(d[2].agreed && !d[2].implemented);
    assert_eq!(d[2].blocking, [2]);
    assert!((d[2].terms[0].1 - 200.0 / 3.0).abs() < 1e-12);
    // The signed outcome: terms where agreed, the status quo on y.
    let signed = &run.models[0].signed;
    assert!((signed[0] - 190.0 / 3.0).abs() < 1e-12);
    assert_eq!(signed[1], 0.0);
}

#[test]
fn terms_stop_at_a_present_red_line_and_at_the_status_quo_bound() {
    // One issue, sq 0. A (pos 100, red line 40 → accepts [40, 100]) and B (pos 30, no red
    // line): B's own zone is |x − 30| ≤ 30 → [0, 60]. The room's zone is [40, 60].
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 3.0, true)],
        &[I("x", 0.0)],
        &[P("a", "x", 100.0, 1.0, Some(40.0)), P("b", "x", 30.0, 1.0, None)],
    );
    r.stages.push(stage(&["a", "b"]));
    let s = Scenario::from_raw(r).unwrap();
    for (model, point, terms) in [
        // compromise (100·1 + 30·3) / 4 = 47.5, inside [40, 60]
        ("compromise", 47.5, 47.5),
        // median: B's weight 3 of 4 → 30, below A's red line → 40
        ("median", 30.0, 40.0),
    ] {
        let m = registry::build(model, Some(&s), &Default::default()).unwrap();
        let run = run_forecast(&s, &[m]).unwrap();
        assert_eq!(run.models[0].result.as_ref().unwrap().values, [point], "{model}");
        assert_eq!(run.models[0].deals[0].terms, [(0, terms)], "{model}");
    }
}

#[test]
fn two_issue_package_trades_across_issues() {
    // u and v, status quo (0, 0). A (u 100, v 0) gains u − v; B (u 0, v 100) gains v − u and
    // accepts u ≤ 50. Alone neither issue moves: one side always loses. Together: u = v ≤ 50.
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("u", 0.0), I("v", 0.0)],
        &[
            P("a", "u", 100.0, 1.0, None),
            P("a", "v", 0.0, 1.0, None),
            P("b", "u", 0.0, 1.0, Some(50.0)),
            P("b", "v", 100.0, 1.0, None),
        ],
    );
    r.stages.push(stage(&["a", "b"]));
    let single = Scenario::from_raw(r.clone()).unwrap();
    let u = UtilityFunction::new(&single, UtilityShape::Linear);
    let alone = deals::package_zones(&single, &u, &[0, 1]).unwrap();
    assert!(alone.iter().all(|z| !z.agreed), "no issue moves on its own");
    r.packages.push(package("trade", &["u", "v"]));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let zones = deals::package_zones(&s, &u, &[0, 1]).unwrap();
    assert_eq!(zones.len(), 1);
    assert!(zones[0].agreed, "together they trade");
    // A: u − v ≥ 0; B: v − u ≥ 0 → u = v, with u ≤ 50. The point (50, 50) lies on it.
    let room = Room {
        stage: Some(0),
        present: vec![0, 1],
        absent: vec![],
    };
    let d = deals::deals(&s, &u, &room, &zones, Some(&[50.0, 50.0])).unwrap();
    assert_eq!(d[0].terms.len(), 2);
    for &(_, v) in &d[0].terms {
        assert!((v - 50.0).abs() < 1e-6, "{:?}", d[0].terms);
    }
    // From (100, 0) — A's ideal — the nearest point of the zone keeps u = v ≤ 50.
    let d = deals::deals(&s, &u, &room, &zones, Some(&[100.0, 0.0])).unwrap();
    let (tu, tv) = (d[0].terms[0].1, d[0].terms[1].1);
    assert!((tu - tv).abs() < 1e-6 && tu <= 50.0 + 1e-6, "{tu}, {tv}");
}

// ---------------------------------------------------------------- property

#[derive(Debug, Clone)]
struct Case {
    sq: Vec<f64>,
    /// per actor (a, b in the room; c outside), per issue: (position, salience, red line offset)
    pos: Vec<Vec<(f64, f64, Option<f64>)>>,
    packaged: bool,
}

fn case() -> impl Strategy<Value = Case> {
    (
        proptest::collection::vec(0.0f64..100.0, 3),
        proptest::collection::vec(
            proptest::collection::vec((0.0f64..100.0, 0.0f64..1.0, proptest::option::of(-60.0f64..60.0)), 3),
            3,
        ),
        any::<bool>(),
    )
        .prop_map(|(sq, pos, packaged)| Case { sq, pos, packaged })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202), ..ProptestConfig::default() })]

    /// Whatever a model points at, the terms of an agreed package lie inside every present veto
    /// player's red lines and leave none of them worse off than the status quo on the package.
    #[test]
    fn terms_respect_the_room(c in case()) {
        let names = ["a", "b", "c"];
        let issues = ["x", "y", "z"];
        let mut positions = Vec::new();
        for (a, row) in c.pos.iter().enumerate() {
            for (k, &(p, sal, off)) in row.iter().enumerate() {
                positions.push(P(names[a], issues[k], p, sal, off.map(|o| (p + o).clamp(0.0, 100.0))));
            }
        }
        let mut r = raw(
            &[A("a", 1.0, true), A("b", 2.0, true), A("c", 1.5, true)],
            &[I("x", c.sq[0]), I("y", c.sq[1]), I("z", c.sq[2])],
            &positions,
        );
        r.stages.push(stage(&["a", "b"]));
        if c.packaged {
            r.packages.push(package("xy", &["x", "y"]));
        }
        let s = Scenario::from_raw(r).unwrap();
        let u = UtilityFunction::new(&s, UtilityShape::Linear);
        let models: Vec<_> = ["compromise", "median", "nash"]
            .iter()
            .map(|id| registry::build(id, Some(&s), &Default::default()).unwrap())
            .collect();
        let run = run_forecast(&s, &models).unwrap();
        for m in &run.models {
            for d in m.deals.iter().filter(|d| d.agreed) {
                for &a in &[0usize, 1] {
                    for &(k, v) in &d.terms {
                        let (lo, hi) = s.position(a, k).accept;
                        prop_assert!(v >= lo - 1e-6 && v <= hi + 1e-6,
                            "{}: {v} on issue {k} outside [{lo}, {hi}] of actor {a}", m.model);
                    }
                    let gain: f64 = d.terms.iter()
                        .map(|&(k, v)| u.term(a, k, v) - u.term(a, k, s.issues()[k].status_quo))
                        .sum();
                    prop_assert!(gain >= -1e-6, "{}: actor {a} loses {gain}", m.model);
                }
                // implemented ⇔ the terms change something and the absent player accepts them
                let changes = d.terms.iter().any(|&(k, v)| (v - s.issues()[k].status_quo).abs() > 1e-9 * 100.0);
                let want = changes && deals::accepts(&s, &u, 2, &d.terms);
                prop_assert_eq!(d.implemented, want);
            }
        }
    }
}

/// One-issue package `x` (0..100, status quo `sq`) among players with explicit accept
/// intervals and no weight on x (salience 0 there; each cares about an idle issue y), so
/// that only the intervals shape the zone. Returns the scenario and its utilities.
fn intervals(sq: f64, accepts: &[(f64, f64)]) -> (Scenario, UtilityFunction) {
    const IDS: [&str; 3] = ["a", "b", "c"];
    let actors: Vec<A> = (0..accepts.len()).map(|i| A(IDS[i], 1.0, true)).collect();
    let mut positions = Vec::new();
    for (&id, &(lo, hi)) in IDS.iter().zip(accepts) {
        // The position must lie in its accept interval; without weight it matters no further.
        positions.push(P(id, "x", 0.5 * (lo + hi), 0.0, None));
        positions.push(P(id, "y", 50.0, 1.0, None));
    }
    let mut r = raw(&actors, &[I("x", sq), I("y", 0.0)], &positions);
    for (i, &(lo, hi)) in accepts.iter().enumerate() {
        r.positions[2 * i].accept = Some([lo, hi]);
    }
    r.packages.push(package("x", &["x"]));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    (s, u)
}

#[test]
fn a_one_issue_zone_tolerates_a_gap_below_its_tolerance() {
    // The tolerance is 1e-9 of the range: 1e-7 here. A gap of half of it still meets; the zone
    // is the (reversed) sliver, and a model at 80 is held at its top.
    let gap = 0.5e-7;
    let (s, u) = intervals(0.0, &[(0.0, 50.0), (50.0 + gap, 100.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(z.agreed && z.blocking.is_empty(), "{z:?}");
    let t = deals::terms(&s, &u, &[0, 1], &z, &[80.0, 50.0]).unwrap();
    assert_eq!(t, [(0, 50.0 + gap)]);
    // Three times the tolerance apart: closed, both block.
    let (s, u) = intervals(0.0, &[(0.0, 50.0), (50.0 + 3e-7, 100.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(!z.agreed && z.blocking == [0, 1], "{z:?}");
    assert!(deals::terms(&s, &u, &[0, 1], &z, &[80.0, 50.0]).unwrap().is_empty());
}

#[test]
fn blocking_players_are_those_apart_from_all_the_others_beyond_the_tolerance() {
    // a [0, 50], b [50 + 0.5e-7, 100], c [0, 40]: closed (b's floor above c's ceiling). b is
    // apart from a ∩ c = [0, 40] and c from a ∩ b; a is within the tolerance of b's floor, so
    // it does not block.
    let gap = 0.5e-7;
    let (s, u) = intervals(0.0, &[(0.0, 50.0), (50.0 + gap, 100.0), (0.0, 40.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1, 2], 0).unwrap();
    assert!(!z.agreed && z.blocking == [1, 2], "{z:?}");
    // a [0, 50], b [50 + 0.5e-7, 100], c [60, 100]: a is apart from b ∩ c = [60, 100] and c
    // from a; b's floor is within the tolerance of a ∩ c's (empty) ceiling 50: b does not block.
    let (s, u) = intervals(0.0, &[(0.0, 50.0), (50.0 + gap, 100.0), (60.0, 100.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1, 2], 0).unwrap();
    assert!(!z.agreed && z.blocking == [0, 2], "{z:?}");
}

#[test]
fn a_zone_narrower_than_the_tolerance_at_the_status_quo_is_no_agreement() {
    // Status quo 30; the zone [30, 30 + 0.5e-7] differs from it by less than the tolerance.
    let (s, u) = intervals(30.0, &[(30.0, 30.0 + 0.5e-7), (0.0, 100.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(!z.agreed && z.blocking.is_empty(), "{z:?}");
    // A zone just as narrow away from the status quo is a change both can sign.
    let (s, u) = intervals(30.0, &[(70.0, 70.0 + 0.5e-7), (0.0, 100.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(z.agreed, "{z:?}");
}

#[test]
fn a_player_without_weight_on_the_issue_is_bound_by_its_red_lines_only() {
    // x: status quo 0. a: salience 0 on x at 30 (it cares only about y), accepts all of x;
    // b: salience 1 at 80, no red line: its own zone is |x − 80| ≤ 80 → [0, 100]. Were a's
    // interval narrowed to what it prefers to the status quo as for a weighted player
    // (|x − 30| ≤ 30 → [0, 60]), a model at 80 would be cut to 60.
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 0.0), I("y", 0.0)],
        &[
            P("a", "x", 30.0, 0.0, None),
            P("a", "y", 50.0, 1.0, None),
            P("b", "x", 80.0, 1.0, None),
        ],
    );
    r.packages.push(package("x", &["x"]));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    assert_eq!(u.weight(0, 0), 0.0);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(z.agreed);
    assert_eq!(deals::terms(&s, &u, &[0, 1], &z, &[80.0, 0.0]).unwrap(), [(0, 80.0)]);
}

/// Two opposed players (a wants every issue up, b down; salience 1 each) on the package's
/// issues x, y, z (status quo 50), with red lines as given: `(actor, issue, lo, hi)`.
fn opposed(accepts: &[(usize, usize, f64, f64)]) -> (Scenario, UtilityFunction) {
    let issues = ["x", "y", "z"];
    let mut positions = Vec::new();
    for (ai, id) in ["a", "b"].iter().enumerate() {
        for is in issues {
            positions.push(P(id, is, if ai == 0 { 100.0 } else { 0.0 }, 1.0, None));
        }
    }
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 50.0), I("y", 50.0), I("z", 50.0)],
        &positions,
    );
    for &(a, k, lo, hi) in accepts {
        r.positions[3 * a + k].accept = Some([lo, hi]);
    }
    r.packages.push(package("xyz", &issues));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    (s, u)
}

#[test]
fn a_package_whose_only_point_is_the_status_quo_is_not_agreed() {
    // Two opposed players on three issues can always trade at no loss (a zone with room: agreed).
    let (s, u) = opposed(&[]);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(z.agreed && z.blocking.is_empty(), "{z:?}");
    // A player whose red lines allow only the status quo (50) on every issue: the zone is that
    // point, which is no agreement, and nobody blocks (the status quo is acceptable to all).
    let mut positions = Vec::new();
    for is in ["x", "y", "z"] {
        positions.push(P("a", is, 50.0, 1.0, Some(50.0)));
        positions.push(P("b", is, 0.0, 1.0, None));
    }
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 50.0), I("y", 50.0), I("z", 50.0)],
        &positions,
    );
    r.packages.push(package("xyz", &["x", "y", "z"]));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(!z.agreed && z.blocking.is_empty(), "{z:?}");
}

#[test]
fn who_blocks_a_package_by_red_lines_and_by_the_status_quo() {
    // On y, a accepts only [70, 100] and b only [0, 30]: both block, by red lines.
    let (s, u) = opposed(&[(0, 1, 70.0, 100.0), (1, 1, 0.0, 30.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(!z.agreed && z.blocking == [0, 1], "{z:?}");
    // Both care only about x. The red lines meet (a accepts x in [60, 100], b anything) but the
    // status quo 50 is outside a's, and every point a accepts costs b: b, the one left worse off
    // than the status quo at the best point, blocks (a gains there).
    let mut positions = Vec::new();
    for (id, x, red) in [("a", 100.0, Some(60.0)), ("b", 0.0, None)] {
        positions.push(P(id, "x", x, 1.0, red));
        positions.push(P(id, "y", 50.0, 0.0, None));
        positions.push(P(id, "z", 50.0, 0.0, None));
    }
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 50.0), I("y", 50.0), I("z", 50.0)],
        &positions,
    );
    r.packages.push(package("xyz", &["x", "y", "z"]));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(!z.agreed && z.blocking == [1], "{z:?}");
}

#[test]
fn a_single_point_away_from_the_status_quo_is_an_agreement() {
    // Status quo 50 on x, y, z. a's red lines pin x at 60 and z at 50; a and b care only about
    // y, where they are opposed (no gain for one without a loss for the other). The zone is the
    // one point (60, 50, 50): no one gains, nothing has room, but it differs from the status
    // quo, so it is a change both can sign.
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 50.0), I("y", 50.0), I("z", 50.0)],
        &[
            P("a", "x", 60.0, 0.0, Some(60.0)),
            P("a", "y", 100.0, 1.0, None),
            P("a", "z", 50.0, 0.0, Some(50.0)),
            P("b", "x", 50.0, 0.0, None),
            P("b", "y", 0.0, 1.0, None),
            P("b", "z", 50.0, 0.0, None),
        ],
    );
    r.packages.push(package("xyz", &["x", "y", "z"]));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(z.agreed && z.blocking.is_empty(), "{z:?}");
    let t = deals::terms(&s, &u, &[0, 1], &z, &[80.0, 50.0, 50.0]).unwrap();
    assert_eq!(t.len(), 3);
    assert!(
        (t[0].1 - 60.0).abs() < 1e-6 && (t[1].1 - 50.0).abs() < 1e-6 && (t[2].1 - 50.0).abs() < 1e-6,
        "{t:?}"
    );
}

/// A two-issue package {x, y} (status quo 50 each) whose zone is the single point `pt`: a's
/// red lines pin both issues there; neither player weighs x or y (each cares about z only).
fn pinned_pair(pt: [f64; 2]) -> deals::PackageZone {
    pinned_pair_at(50.0, pt)
}

/// [`pinned_pair`] with status quo `sq` on x and y.
fn pinned_pair_at(sq: f64, pt: [f64; 2]) -> deals::PackageZone {
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", sq), I("y", sq), I("z", 0.0)],
        &[
            P("a", "x", pt[0], 0.0, None),
            P("a", "y", pt[1], 0.0, None),
            P("a", "z", 100.0, 1.0, None),
            P("b", "x", sq, 0.0, None),
            P("b", "y", sq, 0.0, None),
            P("b", "z", 100.0, 1.0, None),
        ],
    );
    r.positions[0].accept = Some([pt[0], pt[0]]);
    r.positions[1].accept = Some([pt[1], pt[1]]);
    r.packages.push(package("xy", &["x", "y"]));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    deals::package_zone(&s, &u, &[0, 1], 0).unwrap()
}

#[test]
fn a_two_issue_zone_is_agreed_when_a_point_is_beyond_the_tolerance_on_either_issue() {
    // The tolerance is 1e-9 of each range: 1e-7 here.
    assert!(!pinned_pair([50.0, 50.0]).agreed);
    assert!(!pinned_pair([50.0 + 0.5e-7, 50.0 - 0.5e-7]).agreed);
    assert!(pinned_pair([50.0 + 2e-7, 50.0]).agreed);
    assert!(pinned_pair([50.0, 50.0 - 2e-7]).agreed);
    assert!(pinned_pair([80.0, 50.0]).agreed);
    assert!(pinned_pair([50.0, 20.0]).blocking.is_empty());
    // Exactly one tolerance away (status quo 0, so the difference is exact): no change yet.
    let tol = 1e-9 * 100.0;
    assert!(!pinned_pair_at(0.0, [tol, 0.0]).agreed);
    assert!(!pinned_pair_at(0.0, [0.0, tol]).agreed);
    assert!(pinned_pair_at(0.0, [2.0 * tol, 0.0]).agreed);
}

#[test]
fn an_absent_player_accepts_terms_inside_its_red_lines_to_the_tolerance_and_no_worse_than_now() {
    // x on 0..100, status quo `sq`; c at 50 (salience 1) accepts [40, 60].
    let build = |sq: f64| {
        let mut r = raw(&[A("c", 1.0, true)], &[I("x", sq)], &[P("c", "x", 50.0, 1.0, None)]);
        r.positions[0].accept = Some([40.0, 60.0]);
        let s = Scenario::from_raw(r).unwrap();
        let u = UtilityFunction::new(&s, UtilityShape::Linear);
        (s, u)
    };
    let (s, u) = build(0.0);
    let ok = |v: f64| deals::accepts(&s, &u, 0, &[(0, v)]);
    // Inside, and up to the tolerance (1e-9 of the range: 1e-7) outside either end.
    assert!(ok(50.0) && ok(40.0) && ok(60.0));
    assert!(ok(60.0 + 0.5e-7) && ok(40.0 - 0.5e-7));
    assert!(!ok(60.0 + 2e-7) && !ok(40.0 - 2e-7) && !ok(30.0) && !ok(70.0));
    // Inside the red lines but worse than the status quo 45 (c at 50): refused; as good: accepted.
    let (s, u) = build(45.0);
    let ok = |v: f64| deals::accepts(&s, &u, 0, &[(0, v)]);
    assert!(ok(55.0) && ok(50.0) && ok(45.0));
    assert!(!ok(56.0) && !ok(44.0));
}

#[test]
fn two_issue_terms_measure_each_issue_in_its_own_range() {
    // x on 0..100 and y on 0..10, status quo (20, 2). a at (50, 5) weighs them equally:
    // |x − 50|/100 + |y − 5|/10 <= 0.6 is its zone. b at (100, 10) weighs them 0.1 / 0.9 and
    // binds nowhere near the model's corner (100, 10). The distance weights are the mean
    // saliences, 0.3 on x and 0.7 on y per range, so the room gives way on x: (60, 10) costs
    // 0.3 · 0.4, (100, 6) costs 0.7 · 0.4. Weighing raw units instead of ranges would pick
    // (100, 6): a unit of x would cost ten times a unit of y while spanning a tenth as much.
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 20.0), I("y", 2.0)],
        &[
            P("a", "x", 50.0, 0.5, None),
            P("a", "y", 5.0, 0.5, None),
            P("b", "x", 100.0, 0.1, None),
            P("b", "y", 10.0, 0.9, None),
        ],
    );
    r.issues[1].max = 10.0;
    r.packages.push(package("xy", &["x", "y"]));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(z.agreed, "{z:?}");
    let t = deals::terms(&s, &u, &[0, 1], &z, &[100.0, 10.0]).unwrap();
    assert_eq!(t.len(), 2);
    assert!((t[0].1 - 60.0).abs() < 1e-9 && (t[1].1 - 10.0).abs() < 1e-9, "{t:?}");
}

/// One player's (position, salience, accept) on each issue.
type Stances = [(f64, f64, [f64; 2]); 3];

/// Players on the package {x, y, z} (status quo 50 each), by id and stances.
fn three_issues(players: &[(&'static str, Stances)]) -> (Scenario, UtilityFunction) {
    let issues = ["x", "y", "z"];
    let mut positions = Vec::new();
    for (id, ps) in players {
        for (is, (p, sal, _)) in issues.iter().zip(ps) {
            positions.push(P(id, is, *p, *sal, None));
        }
    }
    let actors: Vec<A> = players.iter().map(|(id, _)| A(id, 1.0, true)).collect();
    let mut r = raw(&actors, &[I("x", 50.0), I("y", 50.0), I("z", 50.0)], &positions);
    for (ai, (_, ps)) in players.iter().enumerate() {
        for (k, (_, _, acc)) in ps.iter().enumerate() {
            r.positions[3 * ai + k].accept = Some(*acc);
        }
    }
    r.packages.push(package("xyz", &issues));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    (s, u)
}

#[test]
fn a_red_line_that_touches_the_gap_does_not_block() {
    // On x, a accepts [0, 40] and b [60, 100]: the room cannot meet. c accepts [40, 60],
    // touching both: it is not the cause, and only a and b block.
    const ALL: [f64; 2] = [0.0, 100.0];
    let (s, u) = three_issues(&[
        ("a", [(20.0, 1.0, [0.0, 40.0]), (50.0, 0.0, ALL), (50.0, 0.0, ALL)]),
        ("b", [(80.0, 1.0, [60.0, 100.0]), (50.0, 0.0, ALL), (50.0, 0.0, ALL)]),
        ("c", [(50.0, 1.0, [40.0, 60.0]), (50.0, 0.0, ALL), (50.0, 0.0, ALL)]),
    ]);
    let z = deals::package_zone(&s, &u, &[0, 1, 2], 0).unwrap();
    assert!(!z.agreed && z.blocking == [0, 1], "{z:?}");
}

#[test]
fn only_the_worst_off_at_the_best_point_blocks() {
    // a's red line forces x >= 60 (status quo 50). b (all its weight on x, at 0) loses 0.1 there;
    // c (half its weight on x, at 0; the other half on y, where it sits at the status quo)
    // loses 0.05. Nothing on y or z can make it up to b: b alone blocks, not every loser.
    const ALL: [f64; 2] = [0.0, 100.0];
    let (s, u) = three_issues(&[
        ("a", [(100.0, 1.0, [60.0, 100.0]), (50.0, 0.0, ALL), (50.0, 0.0, ALL)]),
        ("b", [(0.0, 1.0, ALL), (50.0, 0.0, ALL), (50.0, 0.0, ALL)]),
        ("c", [(0.0, 0.5, ALL), (50.0, 0.5, ALL), (50.0, 0.0, ALL)]),
    ]);
    let z = deals::package_zone(&s, &u, &[0, 1, 2], 0).unwrap();
    assert!(!z.agreed && z.blocking == [1], "{z:?}");
}

#[test]
fn a_three_issue_zone_narrower_than_the_tolerance_is_no_agreement() {
    // a's red lines leave x in [50, 50 + w] and y, z at 50; both care only about z, where they
    // sit at the status quo, so nobody can gain: the zone is the status quo and a sliver of x.
    // Narrower than 1e-9 of the range (1e-7): no agreement; wider: agreed.
    let zone = |w: f64| {
        let (s, u) = three_issues(&[
            (
                "a",
                [
                    (50.0, 0.0, [50.0, 50.0 + w]),
                    (50.0, 0.0, [50.0, 50.0]),
                    (50.0, 1.0, [50.0, 50.0]),
                ],
            ),
            (
                "b",
                [
                    (50.0, 0.0, [0.0, 100.0]),
                    (50.0, 0.0, [0.0, 100.0]),
                    (50.0, 1.0, [0.0, 100.0]),
                ],
            ),
        ]);
        deals::package_zone(&s, &u, &[0, 1], 0).unwrap()
    };
    let z = zone(0.5e-7);
    assert!(!z.agreed && z.blocking.is_empty(), "{z:?}");
    assert!(zone(1e-3).agreed);
}

#[test]
fn terms_within_the_tolerance_of_the_status_quo_change_nothing() {
    // x: status quo 0; the room (a) accepts [0, 50], b outside accepts anything. Terms within
    // 1e-9 of the range (1e-7) of the status quo implement nothing; beyond it they do.
    let (s, u) = intervals(0.0, &[(0.0, 50.0), (0.0, 100.0)]);
    let room = Room {
        stage: None,
        present: vec![0],
        absent: vec![1],
    };
    let zones = deals::package_zones(&s, &u, &room.present).unwrap();
    for (v, changes) in [(1e-9 * 100.0, false), (0.5e-7, false), (2e-7, true), (10.0, true)] {
        let d = &deals::deals(&s, &u, &room, &zones, Some(&[v, 0.0])).unwrap()[0];
        assert!(d.agreed && d.blocking.is_empty(), "{d:?}");
        assert_eq!(d.implemented, changes, "terms at {v}: {d:?}");
        assert_eq!(d.terms, vec![(0, v)]);
    }
}

#[test]
fn the_one_issue_tolerance_holds_at_exactly_its_width() {
    // The tolerance as the code computes it (1e-9 of the range 0..100); every case below puts
    // two ends exactly one tolerance apart, which still counts as meeting.
    let tol = 1e-9 * 100.0;
    // A gap of exactly the tolerance: the zone exists (`lo > hi + tol`, not `>=`).
    let (s, u) = intervals(0.0, &[(0.0, 50.0), (50.0 + tol, 100.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(z.agreed && z.blocking.is_empty(), "{z:?}");
    // Closed by c; b's floor is exactly one tolerance above a ∩ c's ceiling 50: b does not block.
    let (s, u) = intervals(0.0, &[(0.0, 50.0), (50.0 + tol, 100.0), (60.0, 100.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1, 2], 0).unwrap();
    assert_eq!(z.blocking, [0, 2], "{z:?}");
    // Closed by b and c; a's ceiling is exactly one tolerance below b ∩ c's floor 50.
    let (s, u) = intervals(0.0, &[(0.0, 50.0 - tol), (50.0, 100.0), (0.0, 40.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1, 2], 0).unwrap();
    assert_eq!(z.blocking, [1, 2], "{z:?}");
    // A zone exactly one tolerance wide starting at the status quo changes nothing.
    let (s, u) = intervals(0.0, &[(0.0, tol), (0.0, 100.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(!z.agreed && z.blocking.is_empty(), "{z:?}");
    // Nor does a single point exactly one tolerance from it.
    let (s, u) = intervals(0.0, &[(tol, tol), (0.0, 100.0)]);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(!z.agreed && z.blocking.is_empty(), "{z:?}");
}

#[test]
fn two_issue_terms_measure_the_second_issue_in_its_own_range_too() {
    // The mirror of the test above: x on 0..10 and y on 0..100, status quo (2, 20); a at
    // (5, 50) weighs them equally, b at (10, 100) weighs them 0.9 / 0.1. The distance weights
    // are 0.7 on x and 0.3 on y per range, so now the room gives way on y: (10, 60).
    let mut r = raw(
        &[A("a", 1.0, true), A("b", 1.0, true)],
        &[I("x", 2.0), I("y", 20.0)],
        &[
            P("a", "x", 5.0, 0.5, None),
            P("a", "y", 50.0, 0.5, None),
            P("b", "x", 10.0, 0.9, None),
            P("b", "y", 100.0, 0.1, None),
        ],
    );
    r.issues[0].max = 10.0;
    r.packages.push(package("xy", &["x", "y"]));
    let s = Scenario::from_raw(r).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let z = deals::package_zone(&s, &u, &[0, 1], 0).unwrap();
    assert!(z.agreed, "{z:?}");
    let t = deals::terms(&s, &u, &[0, 1], &z, &[10.0, 100.0]).unwrap();
    assert!((t[0].1 - 10.0).abs() < 1e-9 && (t[1].1 - 60.0).abs() < 1e-9, "{t:?}");
}
