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
//! * **Implemented** when every absent veto player accepts the terms too (red lines and
//!   no worse than the status quo on the package); otherwise those players block it.
//!
//! A one-issue package zone is an interval (the intersection of red lines and of
//! `[p_a − |sq − p_a|, p_a + |sq − p_a|]` per caring player), so its terms are a clamp;
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
    /// Several issues: the zone LP, with the issue weights of the distance.
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
        blocking.extend(zp.caring.iter().copied().filter(|&a| zp.gain(a, &x) <= gain + 1e-7));
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
    let mut sigma = vec![0.0; s.issues().len()];
    let carers: Vec<usize> = present
        .iter()
        .copied()
        .filter(|&a| pkg.issues.iter().any(|&k| u.weight(a, k) > 0.0))
        .collect();
    for &k in &pkg.issues {
        let mean = if carers.is_empty() {
            0.0
        } else {
            carers.iter().map(|&a| u.weight(a, k)).sum::<f64>() / carers.len() as f64
        };
        sigma[k] = mean + 1e-6;
    }
    Ok(PackageZone {
        package: pi,
        agreed,
        blocking: Vec::new(),
        shape: Shape::Polytope(sigma),
    })
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
            let blocking: Vec<usize> = room.absent.iter().copied().filter(|&a| !accepts(s, u, a, &t)).collect();
            Ok(Deal {
                stage: room.stage,
                package: z.package,
                agreed: true,
                implemented: blocking.is_empty(),
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
