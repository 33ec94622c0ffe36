//! Partial deals: which packages a room can agree, on what terms, and who must still accept.
//!
//! A summit rarely settles everything or nothing. The issues of a scenario fall into
//! packages (`[[package]]`; an issue in no package is a package of its own), and each
//! package is judged on its own, per stage:
//!
//! * **Room.** The veto players among the stage's participants (all participants when
//!   none has a veto) are *present*; the other veto players are *absent*. Without stages
//!   the room is every veto player and nobody is absent.
//! * **Package zone.** The outcomes on the package's issues that every present player
//!   accepts: inside its red lines on those issues, and no worse than the status quo
//!   counting those issues only (`Σ_{k∈P} w_ak s(x_k) ≥ Σ_{k∈P} w_ak s(sq_k)`, linear
//!   scores). The other issues stay at the status quo.
//! * **Agreed** when the package zone holds a point other than the status quo: the room
//!   can sign a change. **Blocking** then lists the present players whose demands close
//!   the zone.
//! * **Terms.** For an agreed package, a model's point (where the pressure points)
//!   projected into the package zone: the zone's point nearest to it by the weighted
//!   city-block distance `Σ_{k∈P} σ_k |x_k − y_k| / range_k`, where `σ_k` is the mean
//!   normalised salience of issue `k` among the present players who care about the
//!   package (plus 1e-6, so every issue counts). Moving an issue the room cares about
//!   costs more, so the room gives way where it cares least. A point already inside the
//!   zone is its own terms. A model without an answer proposes no terms (the room's
//!   `agreed` stays, the terms are empty, nothing is implemented; rules see the status quo).
//! * **Implemented** when the terms change something (terms at the status quo, where a
//!   model points at no change, implement nothing) and every absent veto player accepts
//!   them too (red lines and no worse than the status quo on the package); otherwise those
//!   players block it.
//!
//! A one-issue package zone is an interval (the intersection of red lines and of
//! `[p_a − |sq − p_a|, p_a + |sq − p_a|]` per caring player), so its terms are a clamp.
//! A two-issue zone is a convex polygon (the red-line box clipped by each player's
//! status-quo constraint), and its terms are the best of a few candidate points, exactly;
//! larger packages use the zone LP of [`crate::zopa`].

use parley_core::{Package, Scenario, UtilityFunction};
use serde::Serialize;

use crate::model::ModelError;
use crate::zopa::{GAIN_EPS, ZoneProblem, deal_players};

/// Relative tolerance on a scale (fraction of the issue's range).
const EPS: f64 = 1e-9;

/// A room: who must sign there, and who must accept afterwards.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Room {
    /// Stage index (None: the scenario has no stages).
    pub stage: Option<usize>,
    /// Veto players in the room (all participants when none has a veto).
    pub present: Vec<usize>,
    /// Veto players not in the room.
    pub absent: Vec<usize>,
}

/// One room per stage, in stage order; one room of every veto player when there are no stages.
pub fn rooms(s: &Scenario) -> Vec<Room> {
    let veto = s.veto_players();
    if s.stages().is_empty() {
        return vec![Room {
            stage: None,
            present: deal_players(s),
            absent: Vec::new(),
        }];
    }
    s.stages()
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let mut present: Vec<usize> = st.participants.iter().copied().filter(|a| veto.contains(a)).collect();
            if present.is_empty() {
                present = st.participants.clone();
            }
            present.sort_unstable();
            Room {
                stage: Some(i),
                present,
                absent: veto.iter().copied().filter(|a| !st.participants.contains(a)).collect(),
            }
        })
        .collect()
}

/// The room whose deals outcome rules see: the last stage's (or the only one).
pub fn deciding_room(s: &Scenario) -> Room {
    let mut all = rooms(s);
    let last = all.len() - 1;
    all.swap_remove(last)
}

#[derive(Debug, Clone, PartialEq)]
enum Shape {
    /// One issue: the zone is `[lo, hi]`.
    Interval(f64, f64),
    /// Two issues `(k1, k2)`: the zone as a convex polygon, with the issue weights of the distance.
    Polygon([usize; 2], Vec<[f64; 2]>, Vec<f64>),
    /// Three or more issues: the zone LP, with the issue weights of the distance.
    Polytope(Vec<f64>),
    /// Empty.
    Empty,
}

/// The zone of one package in one room.
#[derive(Debug, Clone, PartialEq)]
pub struct PackageZone {
    /// Index into [`Scenario::packages`].
    pub package: usize,
    /// Does the zone hold a point other than the status quo?
    pub agreed: bool,
    /// When the zone is empty: the present players whose demands close it.
    pub blocking: Vec<usize>,
    shape: Shape,
}

/// Accept interval of `a` on issue `k` intersected with the values no worse than the status quo
/// on that issue alone (linear score; the full scale for a player without weight on it).
fn own_interval(s: &Scenario, u: &UtilityFunction, a: usize, k: usize) -> (f64, f64) {
    let p = s.position(a, k);
    let (mut lo, mut hi) = p.accept;
    if u.weight(a, k) > 0.0 {
        let sq = s.issues()[k].status_quo;
        let d = (sq - u.ideal(a, k)).abs();
        lo = lo.max(u.ideal(a, k) - d);
        hi = hi.min(u.ideal(a, k) + d);
    }
    (lo, hi)
}

/// The zone of package `pi` among `present`.
pub fn package_zone(
    s: &Scenario,
    u: &UtilityFunction,
    present: &[usize],
    pi: usize,
) -> Result<PackageZone, ModelError> {
    let pkg: &Package = &s.packages()[pi];
    if let [k] = pkg.issues[..] {
        let issue = &s.issues()[k];
        let tol = EPS * issue.range();
        let own: Vec<(f64, f64)> = present.iter().map(|&a| own_interval(s, u, a, k)).collect();
        let lo = own.iter().map(|o| o.0).fold(issue.min, f64::max);
        let hi = own.iter().map(|o| o.1).fold(issue.max, f64::min);
        if lo > hi + tol {
            // In one dimension, an empty intersection has a player disjoint from all the others together.
            let blocking = (0..present.len())
                .filter(|&i| {
                    let (ol, oh) = own
                        .iter()
                        .enumerate()
                        .filter(|&(j, _)| j != i)
                        .fold((issue.min, issue.max), |(l, h), (_, o)| (l.max(o.0), h.min(o.1)));
                    own[i].0 > oh + tol || own[i].1 < ol - tol
                })
                .map(|i| present[i])
                .collect();
            return Ok(PackageZone {
                package: pi,
                agreed: false,
                blocking,
                shape: Shape::Empty,
            });
        }
        let (lo, hi) = (lo.min(hi), hi.max(lo));
        let agreed = hi - lo > tol || (lo - issue.status_quo).abs() > tol;
        return Ok(PackageZone {
            package: pi,
            agreed,
            blocking: Vec::new(),
            shape: Shape::Interval(lo, hi),
        });
    }
    let sigma = distance_weights(s, u, present, &pkg.issues);
    if let [k1, k2] = pkg.issues[..] {
        let poly = polygon(s, u, present, [k1, k2]);
        if !poly.is_empty() {
            let sq = [s.issues()[k1].status_quo, s.issues()[k2].status_quo];
            let far = |v: &[f64; 2]| {
                (v[0] - sq[0]).abs() > EPS * s.issues()[k1].range()
                    || (v[1] - sq[1]).abs() > EPS * s.issues()[k2].range()
            };
            return Ok(PackageZone {
                package: pi,
                agreed: poly.iter().any(far),
                blocking: Vec::new(),
                shape: Shape::Polygon([k1, k2], poly, sigma),
            });
        }
        // Empty: the LP below names who blocks.
    }
    let zp = ZoneProblem::over(s, u, present, &pkg.issues);
    let mut blocking = Vec::new();
    for &k in &pkg.issues {
        if zp.boxes[k].is_none() {
            let (lo, hi) = present.iter().fold((f64::NEG_INFINITY, f64::INFINITY), |(l, h), &a| {
                let acc = s.position(a, k).accept;
                (l.max(acc.0), h.min(acc.1))
            });
            blocking.extend(present.iter().copied().filter(|&a| {
                let (l, h) = s.position(a, k).accept;
                l > hi || h < lo
            }));
        }
    }
    let empty = |mut blocking: Vec<usize>| {
        blocking.sort_unstable();
        blocking.dedup();
        PackageZone {
            package: pi,
            agreed: false,
            blocking,
            shape: Shape::Empty,
        }
    };
    if !blocking.is_empty() {
        return Ok(empty(blocking));
    }
    let Some((gain, x)) = zp.max_min_gain()? else {
        return Ok(empty(blocking));
    };
    if gain < -GAIN_EPS {
        blocking.extend(zp.bottlenecks(gain, &x)?);
        return Ok(empty(blocking));
    }
    let sq_inside = pkg.issues.iter().all(|&k| {
        let (lo, hi) = zp.boxes[k].unwrap_or((f64::NAN, f64::NAN));
        let q = s.issues()[k].status_quo;
        q >= lo && q <= hi
    });
    // The zone holds the status quo when it is inside the box; it is more than that point
    // when someone can gain, or when some issue has room to move.
    let mut agreed = !sq_inside || gain > GAIN_EPS;
    if !agreed {
        for &k in &pkg.issues {
            if let Some((lo, hi)) = zp.range(k)?
                && hi - lo > EPS * s.issues()[k].range()
            {
                agreed = true;
                break;
            }
        }
    }
    Ok(PackageZone {
        package: pi,
        agreed,
        blocking: Vec::new(),
        shape: Shape::Polytope(sigma),
    })
}

/// `σ_k` of the distance: the mean normalised salience of issue `k` among the present players
/// who care about the package, plus 1e-6 (indexed by scenario issue; 0 outside the package).
fn distance_weights(s: &Scenario, u: &UtilityFunction, present: &[usize], issues: &[usize]) -> Vec<f64> {
    let mut sigma = vec![0.0; s.issues().len()];
    let carers: Vec<usize> = present
        .iter()
        .copied()
        .filter(|&a| issues.iter().any(|&k| u.weight(a, k) > 0.0))
        .collect();
    for &k in issues {
        let mean = if carers.is_empty() {
            0.0
        } else {
            carers.iter().map(|&a| u.weight(a, k)).sum::<f64>() / carers.len() as f64
        };
        sigma[k] = mean + 1e-6;
    }
    sigma
}

/// Keep the part of convex polygon `poly` where `a·x ≤ b` (Sutherland–Hodgman, one half-plane).
fn clip(poly: &[[f64; 2]], a: [f64; 2], b: f64) -> Vec<[f64; 2]> {
    let tol = 1e-12 * (1.0 + b.abs());
    let side = |p: &[f64; 2]| a[0] * p[0] + a[1] * p[1] - b;
    let mut out = Vec::with_capacity(poly.len() + 1);
    for (i, p) in poly.iter().enumerate() {
        let q = &poly[(i + 1) % poly.len()];
        let (sp, sq) = (side(p), side(q));
        if sp <= tol {
            out.push(*p);
        }
        if (sp <= tol) != (sq <= tol) && (sp - sq).abs() > 0.0 {
            let t = sp / (sp - sq);
            out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
        }
    }
    out
}

/// The zone of a two-issue package among `present` as a convex polygon (empty when there is none):
/// the red-line box clipped by each caring player's status-quo constraint, a weighted L1 ball
/// `Σ_k w_ak |x_k − p_ak| / r_k ≤ Σ_k w_ak |sq_k − p_ak| / r_k`, written as its four half-planes.
fn polygon(s: &Scenario, u: &UtilityFunction, present: &[usize], ks: [usize; 2]) -> Vec<[f64; 2]> {
    let mut bx = [[0.0; 2]; 2];
    for (j, &k) in ks.iter().enumerate() {
        let issue = &s.issues()[k];
        let (mut lo, mut hi) = (issue.min, issue.max);
        for &a in present {
            let (l, h) = s.position(a, k).accept;
            lo = lo.max(l);
            hi = hi.min(h);
        }
        if lo > hi + EPS * issue.range() {
            return Vec::new();
        }
        bx[j] = [lo.min(hi), hi.max(lo)];
    }
    let mut poly = vec![
        [bx[0][0], bx[1][0]],
        [bx[0][1], bx[1][0]],
        [bx[0][1], bx[1][1]],
        [bx[0][0], bx[1][1]],
    ];
    for &a in present {
        let w = [u.weight(a, ks[0]) / u.range(ks[0]), u.weight(a, ks[1]) / u.range(ks[1])];
        if w == [0.0, 0.0] {
            continue;
        }
        let p = [u.ideal(a, ks[0]), u.ideal(a, ks[1])];
        let c: f64 = (0..2).map(|j| w[j] * (s.issues()[ks[j]].status_quo - p[j]).abs()).sum();
        for sg in [[1.0, 1.0], [1.0, -1.0], [-1.0, 1.0], [-1.0, -1.0]] {
            let a2 = [sg[0] * w[0], sg[1] * w[1]];
            poly = clip(&poly, a2, c + a2[0] * p[0] + a2[1] * p[1]);
            if poly.is_empty() {
                return poly;
            }
        }
    }
    poly
}

/// The point of polygon `poly` nearest to `y` by `Σ_j σ_j |x_j − y_j| / r_j`. The distance is
/// linear on each cell cut by the lines `x_1 = y_1` and `x_2 = y_2`, so its minimum lies on a
/// vertex, where an edge crosses one of those lines, or at `y` itself: the candidates, tried in a
/// fixed order (the first of equal distances wins).
fn nearest_in_polygon(poly: &[[f64; 2]], y: [f64; 2], w: [f64; 2]) -> [f64; 2] {
    let dist = |x: &[f64; 2]| w[0] * (x[0] - y[0]).abs() + w[1] * (x[1] - y[1]).abs();
    // Inside (or on the boundary): inside the bounding box (which settles degenerate,
    // collinear polygons) and on the same side of every edge.
    let in_box = (0..2).all(|j| {
        let lo = poly.iter().map(|p| p[j]).fold(f64::INFINITY, f64::min);
        let hi = poly.iter().map(|p| p[j]).fold(f64::NEG_INFINITY, f64::max);
        y[j] >= lo - 1e-12 && y[j] <= hi + 1e-12
    });
    let inside = in_box && {
        let mut sign = 0.0f64;
        poly.iter().enumerate().all(|(i, p)| {
            let q = &poly[(i + 1) % poly.len()];
            // Signed distance of y from the edge's line; clipping leaves near-duplicate
            // vertices, whose tiny edges carry no direction and are skipped.
            let len = (q[0] - p[0]).hypot(q[1] - p[1]);
            if len <= 1e-9 {
                return true;
            }
            let cross = ((q[0] - p[0]) * (y[1] - p[1]) - (q[1] - p[1]) * (y[0] - p[0])) / len;
            if cross.abs() <= 1e-9 {
                return true;
            }
            if sign == 0.0 {
                sign = cross.signum();
            }
            cross.signum() == sign
        })
    };
    if inside {
        return y;
    }
    let mut best = poly[0];
    let mut best_d = dist(&best);
    let mut consider = |x: [f64; 2]| {
        let d = dist(&x);
        if d < best_d - 1e-15 {
            best = x;
            best_d = d;
        }
    };
    for (i, p) in poly.iter().enumerate() {
        consider(*p);
        let q = &poly[(i + 1) % poly.len()];
        for j in 0..2 {
            let (a, b) = (p[j] - y[j], q[j] - y[j]);
            if (a < 0.0) != (b < 0.0) && a != b {
                let t = a / (a - b);
                let mut x = [p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])];
                x[j] = y[j];
                consider(x);
            }
        }
    }
    best
}

/// The zone of every package among `present`.
pub fn package_zones(s: &Scenario, u: &UtilityFunction, present: &[usize]) -> Result<Vec<PackageZone>, ModelError> {
    (0..s.packages().len())
        .map(|pi| package_zone(s, u, present, pi))
        .collect()
}

/// One package's fate in one room under one model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deal {
    /// Stage index (None: no stages).
    pub stage: Option<usize>,
    /// Index into [`Scenario::packages`].
    pub package: usize,
    /// The present veto players can sign a change on it.
    pub agreed: bool,
    /// The absent veto players accept the terms too.
    pub implemented: bool,
    /// Not agreed: present players who close the zone; agreed but not implemented: absent players who reject the terms.
    pub blocking: Vec<usize>,
    /// `(issue index, value)` per issue of the package; empty when not agreed or the model has no answer.
    pub terms: Vec<(usize, f64)>,
}

/// The terms of package zone `z` for a model pointing at `point` (a full outcome vector).
pub fn terms(
    s: &Scenario,
    u: &UtilityFunction,
    present: &[usize],
    z: &PackageZone,
    point: &[f64],
) -> Result<Vec<(usize, f64)>, ModelError> {
    let pkg = &s.packages()[z.package];
    match &z.shape {
        Shape::Empty => Ok(Vec::new()),
        Shape::Interval(lo, hi) => {
            let k = pkg.issues[0];
            Ok(vec![(k, point[k].clamp(*lo, *hi))])
        }
        Shape::Polygon(ks, poly, sigma) => {
            let w = [sigma[ks[0]] / u.range(ks[0]), sigma[ks[1]] / u.range(ks[1])];
            let x = nearest_in_polygon(poly, [point[ks[0]], point[ks[1]]], w);
            Ok(ks.iter().zip(x).map(|(&k, v)| (k, s.issues()[k].clamp(v))).collect())
        }
        Shape::Polytope(sigma) => {
            let zp = ZoneProblem::over(s, u, present, &pkg.issues);
            let x = match zp.nearest(point, sigma, 1e-9)? {
                Some(x) => x,
                // The zone exists (max-min gain >= −GAIN_EPS) but the LP missed it by round-off:
                // fall back to its max-min point.
                None => zp.max_min_gain()?.map(|(_, x)| x).unwrap_or_else(|| s.status_quo()),
            };
            Ok(pkg.issues.iter().map(|&k| (k, s.issues()[k].clamp(x[k]))).collect())
        }
    }
}

/// Does absent veto player `a` accept `terms` (red lines, and no worse than the status quo on them)?
pub fn accepts(s: &Scenario, u: &UtilityFunction, a: usize, terms: &[(usize, f64)]) -> bool {
    let inside = terms.iter().all(|&(k, v)| {
        let (lo, hi) = s.position(a, k).accept;
        let tol = EPS * s.issues()[k].range();
        v >= lo - tol && v <= hi + tol
    });
    let gain: f64 = terms
        .iter()
        .map(|&(k, v)| u.term(a, k, v) - u.term(a, k, s.issues()[k].status_quo))
        .sum();
    inside && gain >= -1e-9
}

/// The deals of one room for a model pointing at `point`. A model without an answer (None)
/// proposes no terms: its deals keep `agreed` (a fact of the room) with empty terms, not implemented.
pub fn deals(
    s: &Scenario,
    u: &UtilityFunction,
    room: &Room,
    zones: &[PackageZone],
    point: Option<&[f64]>,
) -> Result<Vec<Deal>, ModelError> {
    zones
        .iter()
        .map(|z| {
            // Not agreed, or a model without an answer: no terms, nothing to implement.
            let Some(point) = point.filter(|_| z.agreed) else {
                return Ok(Deal {
                    stage: room.stage,
                    package: z.package,
                    agreed: z.agreed,
                    implemented: false,
                    blocking: z.blocking.clone(),
                    terms: Vec::new(),
                });
            };
            let t = terms(s, u, &room.present, z, point)?;
            // Terms at the status quo change nothing: there is no deal to implement, and
            // nobody outside the room has anything to reject.
            let changes = t.iter().any(|&(k, v)| {
                let issue = &s.issues()[k];
                (v - issue.status_quo).abs() > 1e-9 * issue.range()
            });
            let blocking: Vec<usize> = if changes {
                room.absent.iter().copied().filter(|&a| !accepts(s, u, a, &t)).collect()
            } else {
                Vec::new()
            };
            Ok(Deal {
                stage: room.stage,
                package: z.package,
                agreed: true,
                implemented: changes && blocking.is_empty(),
                blocking,
                terms: t,
            })
        })
        .collect()
}

/// The outcome the room signs: terms on agreed packages, the status quo elsewhere.
pub fn signed_outcome(s: &Scenario, deals: &[Deal]) -> Vec<f64> {
    let mut x = s.status_quo();
    for d in deals {
        for &(k, v) in &d.terms {
            x[k] = v;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use parley_core::raw::RawScenario;

    fn unit(state: &mut u64) -> f64 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (*state >> 11) as f64 / (1u64 << 53) as f64
    }

    #[test]
    fn polygon_matches_the_lp() {
        // Random two-issue packages among two or three players: the polygon is empty exactly when
        // the LP finds no zone, and its nearest point is as near as the LP's.
        let mut st = 99u64;
        let (mut compared, mut empty) = (0, 0);
        for case in 0..300 {
            let n = 2 + case % 2;
            let mut v = serde_json::json!({"format": 1, "scenario": {"id": "t", "title": "t"},
                "issue": [], "actor": [], "position": []});
            for k in 0..2 {
                v["issue"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({"id": format!("i{k}"), "name": "i", "status_quo": 100.0 * unit(&mut st)}));
            }
            for a in 0..n {
                v["actor"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({"id": format!("a{a}"), "name": "a", "capability": 1}));
                for k in 0..2 {
                    let p = 100.0 * unit(&mut st);
                    let mut pos = serde_json::json!({"actor": format!("a{a}"), "issue": format!("i{k}"), "position": p, "salience": unit(&mut st)});
                    if unit(&mut st) < 0.4 {
                        pos["red_line"] = serde_json::json!((p + 80.0 * unit(&mut st) - 40.0).clamp(0.0, 100.0));
                    }
                    v["position"].as_array_mut().unwrap().push(pos);
                }
            }
            let raw: RawScenario = serde_json::from_value(v).unwrap();
            let s = Scenario::from_raw(raw).unwrap();
            let u = UtilityFunction::new(&s, parley_core::UtilityShape::Linear);
            let players: Vec<usize> = (0..n).collect();
            let poly = polygon(&s, &u, &players, [0, 1]);
            let zp = ZoneProblem::over(&s, &u, &players, &[0, 1]);
            let lp_feasible = zp.max_min_gain().unwrap().is_some_and(|(g, _)| g >= -1e-9);
            if poly.is_empty() {
                empty += 1;
                assert!(
                    !lp_feasible || zp.max_min_gain().unwrap().unwrap().0 > -1e-7,
                    "case {case}: LP finds a zone the polygon misses"
                );
                continue;
            }
            assert!(lp_feasible, "case {case}: polygon {poly:?} but no LP zone");
            let sigma = distance_weights(&s, &u, &players, &[0, 1]);
            let w = [sigma[0] / 100.0, sigma[1] / 100.0];
            let y = [100.0 * unit(&mut st), 100.0 * unit(&mut st)];
            let x = nearest_in_polygon(&poly, y, w);
            let d = |x: [f64; 2]| w[0] * (x[0] - y[0]).abs() + w[1] * (x[1] - y[1]).abs();
            let lp = zp.nearest(&[y[0], y[1]], &sigma, 1e-9).unwrap().unwrap();
            assert!(
                (d(x) - d([lp[0], lp[1]])).abs() < 1e-6,
                "case {case}: polygon {} at {x:?} vs LP {} at {lp:?}; y {y:?}, poly {poly:?}",
                d(x),
                d([lp[0], lp[1]])
            );
            // The polygon's point satisfies every player's constraint.
            for &a in &players {
                let gain: f64 = (0..2)
                    .map(|k| u.term(a, k, x[k]) - u.term(a, k, s.issues()[k].status_quo))
                    .sum();
                assert!(gain >= -1e-9, "case {case}: player {a} loses {gain}");
            }
            compared += 1;
        }
        assert!(compared > 100 && empty > 10, "compared {compared}, empty {empty}");
    }

    /// Issues on 0..100 with status quo `sq`; per actor, per issue `(position, salience, accept)`.
    type Stance = (f64, f64, (f64, f64));

    fn build(sq: &[f64], actors: &[&[Stance]]) -> (Scenario, UtilityFunction) {
        let mut v = serde_json::json!({"format": 1, "scenario": {"id": "t", "title": "t"},
            "issue": [], "actor": [], "position": []});
        for (k, q) in sq.iter().enumerate() {
            v["issue"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({"id": format!("i{k}"), "name": "i", "status_quo": q}));
        }
        for (a, ps) in actors.iter().enumerate() {
            v["actor"]
                .as_array_mut()
                .unwrap()
                .push(serde_json::json!({"id": format!("a{a}"), "name": "a", "capability": 1}));
            for (k, &(p, sal, acc)) in ps.iter().enumerate() {
                v["position"]
                    .as_array_mut()
                    .unwrap()
                    .push(serde_json::json!({"actor": format!("a{a}"),
                    "issue": format!("i{k}"), "position": p, "salience": sal, "accept": [acc.0, acc.1]}));
            }
        }
        let s = Scenario::from_raw(serde_json::from_value(v).unwrap()).unwrap();
        let u = UtilityFunction::new(&s, parley_core::UtilityShape::Linear);
        (s, u)
    }

    #[test]
    fn distance_weights_are_the_mean_salience_of_those_who_care_plus_a_floor() {
        let all = (0.0, 100.0);
        // Package {0, 1}; issue 2 is outside it. a0 weighs 0.6 / 0.2 (0.2 outside), a1 0.5 / 0
        // (0.5 outside), a2 only the outside issue: a2 does not care and is not averaged.
        let (s, u) = build(
            &[50.0, 50.0, 50.0],
            &[
                &[(10.0, 0.6, all), (20.0, 0.2, all), (30.0, 0.2, all)],
                &[(0.0, 0.5, all), (0.0, 0.0, all), (0.0, 0.5, all)],
                &[(0.0, 0.0, all), (0.0, 0.0, all), (0.0, 1.0, all)],
            ],
        );
        let sigma = distance_weights(&s, &u, &[0, 1, 2], &[0, 1]);
        assert_eq!(sigma.len(), 3);
        assert!((sigma[0] - (0.55 + 1e-6)).abs() < 1e-15, "{sigma:?}");
        assert!((sigma[1] - (0.1 + 1e-6)).abs() < 1e-15, "{sigma:?}");
        assert_eq!(sigma[2], 0.0);
        // Nobody present cares: every issue of the package gets the floor alone.
        assert_eq!(distance_weights(&s, &u, &[2], &[0, 1]), vec![1e-6, 1e-6, 0.0]);
    }

    #[test]
    fn clip_keeps_a_vertex_within_its_tolerance_of_the_line() {
        // x <= 3: the tolerance is 1e-12 · (1 + 3) = 4e-12; a vertex 3.5e-12 beyond stays as it is.
        let x = 3.0 + 3.5e-12;
        let sq = vec![[0.0, 0.0], [x, 0.0], [x, 1.0], [0.0, 1.0]];
        assert_eq!(clip(&sq, [1.0, 0.0], 3.0), sq);
        // 5e-12 beyond is cut back onto the line.
        let x = 3.0 + 5e-12;
        let cut = clip(&[[0.0, 0.0], [x, 0.0], [x, 1.0], [0.0, 1.0]], [1.0, 0.0], 3.0);
        assert_eq!(cut, vec![[0.0, 0.0], [3.0, 0.0], [3.0, 1.0], [0.0, 1.0]]);
    }

    #[test]
    fn clip_through_a_vertex() {
        // x + y <= 2 through the square's corners (2, 0) and (0, 2): the triangle, with each
        // corner on the line entered once as a vertex and once as the edge's crossing.
        let sq = [[0.0, 0.0], [2.0, 0.0], [2.0, 2.0], [0.0, 2.0]];
        assert_eq!(
            clip(&sq, [1.0, 1.0], 2.0),
            vec![[0.0, 0.0], [2.0, 0.0], [2.0, 0.0], [0.0, 2.0], [0.0, 2.0]]
        );
    }

    #[test]
    fn polygon_box_meets_across_a_gap_up_to_the_tolerance() {
        // On issue 0, a0 accepts [0, 50] and a1 [50 + tol, 100] (tol = 1e-9 of the range): they
        // meet, and the box is the sliver between. Neither weighs the package (they care about
        // issue 2), so the box is the zone. A gap twice as wide is none.
        let all = (0.0, 100.0);
        let tol = 1e-9 * 100.0;
        let zone = |gap: f64| {
            let (s, u) = build(
                &[50.0, 50.0, 0.0],
                &[
                    &[(0.0, 0.0, (0.0, 50.0)), (50.0, 0.0, all), (100.0, 1.0, all)],
                    &[(100.0, 0.0, (50.0 + gap, 100.0)), (50.0, 0.0, all), (100.0, 1.0, all)],
                ],
            );
            polygon(&s, &u, &[0, 1], [0, 1])
        };
        assert_eq!(
            zone(tol),
            vec![[50.0, 0.0], [50.0 + tol, 0.0], [50.0 + tol, 100.0], [50.0, 100.0]]
        );
        assert!(zone(2.0 * tol).is_empty());
    }

    #[test]
    fn a_point_within_1e_12_outside_the_bounding_box_is_inside() {
        let sq = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]];
        for y in [[10.0 + 5e-13, 5.0], [-5e-13, 5.0], [5.0, 10.0 + 5e-13], [5.0, -5e-13]] {
            assert_eq!(nearest_in_polygon(&sq, y, [1.0, 1.0]), y);
        }
        assert_eq!(nearest_in_polygon(&sq, [10.0 + 5e-12, 5.0], [1.0, 1.0]), [10.0, 5.0]);
    }

    #[test]
    fn a_short_edge_still_has_a_side() {
        // The square's corner (10, 10) cut by an edge 1.4e-6 long: a point 5.7e-7 beyond that edge
        // is outside (its distance from the edge's line, not scaled by the edge's length), and
        // the nearest point lies on the edge: (10 − 1e-7, 10 − 9e-7) at L1 distance 8e-7.
        let e = 1e-6;
        let poly = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0 - e], [10.0 - e, 10.0], [0.0, 10.0]];
        let y = [10.0 - 1e-7, 10.0 - 1e-7];
        let x = nearest_in_polygon(&poly, y, [1.0, 1.0]);
        assert!(
            (x[0] - y[0]).abs() < 1e-12 && (x[1] - (10.0 - 9e-7)).abs() < 1e-12,
            "{x:?}"
        );
    }

    #[test]
    fn the_first_of_equal_distances_wins() {
        // Only the second coordinate counts: the top edge's points are all 10 from (5, 20); the
        // first visited, the vertex (10, 10), wins over the crossing (5, 10) and the vertex (0, 10).
        let sq = [[0.0, 0.0], [10.0, 0.0], [10.0, 10.0], [0.0, 10.0]];
        assert_eq!(nearest_in_polygon(&sq, [5.0, 20.0], [0.0, 1.0]), [10.0, 10.0]);
        // Within 1e-15 counts as equal: (0, 1 − 1e-15) is not nearer than the first vertex (1, 0).
        let tri = [[1.0, 0.0], [0.0, 1.0 - 1e-15], [1.0, 1.0]];
        assert_eq!(nearest_in_polygon(&tri, [0.0, 0.0], [1.0, 1.0]), [1.0, 0.0]);
        // An edge that ends on the line x = 0: its crossing of y = 0, (1, 0), comes before its
        // end (0, 1), at the same distance 1 from the origin.
        let tri = [[2.0, -1.0], [0.0, 1.0], [2.0, 1.0]];
        assert_eq!(nearest_in_polygon(&tri, [0.0, 0.0], [1.0, 1.0]), [1.0, 0.0]);
    }

    #[test]
    fn degenerate_polygon_is_a_segment() {
        // A segment from (0, 0) to (10, 0): a point beyond its end is not inside.
        let seg = vec![[0.0, 0.0], [10.0, 0.0], [10.0, 0.0], [0.0, 0.0]];
        assert_eq!(nearest_in_polygon(&seg, [15.0, 0.0], [1.0, 1.0]), [10.0, 0.0]);
        assert_eq!(nearest_in_polygon(&seg, [4.0, 0.0], [1.0, 1.0]), [4.0, 0.0]);
        assert_eq!(nearest_in_polygon(&seg, [4.0, 3.0], [1.0, 1.0]), [4.0, 0.0]);
    }
}
