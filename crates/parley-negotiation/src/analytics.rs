//! The outcome-space tools of bargaining theory, over the utilities of every outcome.
//!
//! All of them look at the *rational* outcomes only (each party's utility at least its
//! reservation value) and at the Pareto frontier among those, as NegMAS does:
//!
//! - **Pareto frontier**: the outcomes no other rational outcome beats for one party without
//!   doing worse for another; outcomes with the same utility vector count once.
//! - The **disagreement point** `d`: a party's reservation value when it is finite and not
//!   below its worst outcome, else its worst outcome's utility.
//! - **Nash** (1950): the frontier point maximising `Π_i (u_i − d_i)`.
//! - **Kalai** (egalitarian; Kalai 1977): the frontier point maximising `min_i (u_i − d_i)`.
//! - **Kalai–Smorodinsky** (1975): the frontier point nearest the line from `d` to the ideal
//!   point `b` (each party's best utility over the space): the smallest spread
//!   `max_i a_i − min_i a_i` of the advantages `a_i = (u_i − d_i) / (b_i − d_i)`.
//! - **Max welfare**: maximising `Σ_i u_i`.
//!
//! These are NegMAS's definitions (`negmas.preferences.ops`, 0.16.0), including its rule
//! that when some party's range `b_i − d_i` is below 1e-12 every frontier point is optimal.
//! Ties go to the first frontier point in the frontier's order (first party's utility
//! descending, then the next party's).

use serde::Serialize;

/// Euclidean distance between two utility vectors.
pub fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt()
}

/// Distance from `u` to the nearest of `points` (∞ when there are none): how far an
/// agreement is from the Pareto frontier.
pub fn nearest<'a>(u: &[f64], points: impl IntoIterator<Item = &'a [f64]>) -> f64 {
    points.into_iter().map(|p| distance(u, p)).fold(f64::INFINITY, f64::min)
}

/// An outcome and its utility for each party.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    /// Outcome number in the space.
    pub outcome: usize,
    /// Utility per party.
    pub utilities: Vec<f64>,
}

/// Everything [`analyse`] finds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analytics {
    /// Number of outcomes in the space.
    pub outcomes: usize,
    /// Rational outcomes (each party at or above its reservation value).
    pub rational: usize,
    /// The disagreement point.
    pub disagreement: Vec<f64>,
    /// The Pareto frontier, first party's utility descending.
    pub pareto: Vec<Point>,
    /// The Nash point (None when the frontier is empty).
    pub nash: Option<Point>,
    /// The Kalai (egalitarian) point.
    pub kalai: Option<Point>,
    /// The Kalai–Smorodinsky point.
    pub ks: Option<Point>,
    /// The max-welfare point.
    pub max_welfare: Option<Point>,
    /// Opposition level: the distance from the ideal point to the nearest rational outcome
    /// with each party's utility divided by its best, `min_o sqrt(Σ_i (1 − u_i(o)/b_i)²)`;
    /// 0 when one outcome is everyone's best, √n at the other extreme. None when some
    /// party's best utility is not positive.
    pub opposition: Option<f64>,
}

/// The Pareto frontier of the rational outcomes: outcome numbers, one per distinct utility
/// vector (the lowest-numbered outcome with it), first party's utility descending.
///
/// `utilities[p][o]` is party p's utility of outcome o. O(n log n) for two parties (one
/// sort and a sweep); for more, each candidate is checked against the frontier found so far
/// (a dominating outcome always comes earlier in the sort order).
pub fn pareto_frontier(utilities: &[Vec<f64>], reserved: &[f64]) -> Vec<usize> {
    let Some(n) = utilities.first().map(Vec::len) else {
        return Vec::new();
    };
    let parties = utilities.len();
    let mut idx: Vec<usize> = (0..n)
        .filter(|&o| (0..parties).all(|p| utilities[p][o] >= reserved[p]))
        .collect();
    // One pass first drops what a few frontier points already beat (most of a large space):
    // the max-welfare outcome and each party's best (ties to the larger sum). Each anchor is
    // the lowest-numbered outcome with its utility vector, so an equal vector numbered
    // higher goes too, as the frontier keeps one per vector.
    if let Some(&first) = idx.first() {
        let sum = |o: usize| utilities.iter().map(|u| u[o]).sum::<f64>();
        let mut anchors = Vec::with_capacity(parties + 1);
        let mut best = first;
        for &o in &idx {
            if sum(o) > sum(best) {
                best = o;
            }
        }
        anchors.push(best);
        for u in utilities {
            let mut b = first;
            for &o in &idx {
                if u[o] > u[b] || (u[o] == u[b] && sum(o) > sum(b)) {
                    b = o;
                }
            }
            anchors.push(b);
        }
        anchors.sort_unstable();
        anchors.dedup();
        idx.retain(|&o| {
            !anchors
                .iter()
                .any(|&a| a != o && utilities.iter().all(|u| u[a] >= u[o]))
        });
    }
    // Lexicographically descending by utility vector, then by outcome number.
    idx.sort_unstable_by(|&a, &b| {
        for u in utilities {
            match u[b].total_cmp(&u[a]) {
                std::cmp::Ordering::Equal => {}
                o => return o,
            }
        }
        a.cmp(&b)
    });
    let same = |a: usize, b: usize| utilities.iter().all(|u| u[a] == u[b]);
    idx.dedup_by(|b, a| same(*a, *b));
    let mut front = Vec::new();
    if parties == 1 {
        front.extend(idx.first());
    } else if parties == 2 {
        let mut best = f64::NEG_INFINITY;
        for o in idx {
            if utilities[1][o] > best {
                best = utilities[1][o];
                front.push(o);
            }
        }
    } else {
        for o in idx {
            let dominated = front.iter().any(|&f: &usize| utilities.iter().all(|u| u[f] >= u[o]));
            if !dominated {
                front.push(o);
            }
        }
    }
    front
}

/// The index in `candidates` of the first maximum of `score` (None if `candidates` is empty
/// or every score is NaN or −∞).
fn argmax<T>(candidates: &[T], score: impl Fn(&T) -> f64) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, c) in candidates.iter().enumerate() {
        let s = score(c);
        if s > f64::NEG_INFINITY && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

/// Analyse a space from its utilities: `utilities[p][o]`, the reservation values and each
/// party's (worst, best) utility over the whole space.
pub fn analyse(utilities: &[Vec<f64>], reserved: &[f64], ranges: &[(f64, f64)]) -> Analytics {
    let outcomes = utilities.first().map_or(0, Vec::len);
    let parties = utilities.len();
    let rational = (0..outcomes)
        .filter(|&o| (0..parties).all(|p| utilities[p][o] >= reserved[p]))
        .count();
    let d: Vec<f64> = reserved
        .iter()
        .zip(ranges)
        .map(|(&r, &(w, _))| if r.is_finite() && r >= w { r } else { w })
        .collect();
    let best: Vec<f64> = ranges.iter().map(|r| r.1).collect();
    // A party with (almost) nothing to gain makes every frontier point optimal.
    let flat = best.iter().zip(&d).any(|(b, d)| b - d <= 1e-12);
    let pareto: Vec<Point> = pareto_frontier(utilities, reserved)
        .into_iter()
        .map(|o| Point {
            outcome: o,
            utilities: utilities.iter().map(|u| u[o]).collect(),
        })
        .collect();
    let gains = |p: &Point| -> Vec<f64> { p.utilities.iter().zip(&d).map(|(u, d)| u - d).collect() };
    let pick = |i: Option<usize>| i.map(|i| pareto[i].clone());
    let solve = |score: &dyn Fn(&Point) -> f64| {
        if flat {
            pick((!pareto.is_empty()).then_some(0))
        } else {
            pick(argmax(&pareto, score))
        }
    };
    let nash = solve(&|p| gains(p).iter().product());
    let kalai = solve(&|p| gains(p).into_iter().fold(f64::INFINITY, f64::min));
    let ks = solve(&|p| {
        let a: Vec<f64> = gains(p)
            .iter()
            .zip(best.iter().zip(&d))
            .map(|(g, (b, d))| g / (b - d))
            .collect();
        let spread =
            a.iter().copied().fold(f64::NEG_INFINITY, f64::max) - a.iter().copied().fold(f64::INFINITY, f64::min);
        -spread
    });
    let max_welfare = solve(&|p| p.utilities.iter().sum());
    // The nearest outcome to the ideal point is on the frontier (a dominating outcome is no
    // farther when every utility is at most its party's best).
    let opposition = best.iter().all(|&b| b > 0.0).then(|| {
        pareto
            .iter()
            .map(|p| {
                p.utilities
                    .iter()
                    .zip(&best)
                    .map(|(u, b)| (1.0 - u / b).powi(2))
                    .sum::<f64>()
                    .sqrt()
            })
            .fold(f64::INFINITY, f64::min)
    });
    let opposition = opposition.filter(|o| o.is_finite());
    Analytics {
        outcomes,
        rational,
        disagreement: d,
        pareto,
        nash,
        kalai,
        ks,
        max_welfare,
        opposition,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn distances_to_a_point_and_to_the_nearest_of_several() {
        assert_eq!(distance(&[0.0, 0.0], &[3.0, 4.0]), 5.0);
        let pts = [vec![3.0, 4.0], vec![1.0, 0.0]];
        assert_eq!(nearest(&[0.0, 0.0], pts.iter().map(Vec::as_slice)), 1.0);
        assert_eq!(nearest(&[0.0, 0.0], std::iter::empty()), f64::INFINITY);
    }
    use proptest::prelude::*;

    fn brute(utilities: &[Vec<f64>], reserved: &[f64]) -> Vec<Vec<f64>> {
        let n = utilities[0].len();
        let v = |o: usize| -> Vec<f64> { utilities.iter().map(|u| u[o]).collect() };
        let rational: Vec<usize> = (0..n)
            .filter(|&o| utilities.iter().zip(reserved).all(|(u, r)| u[o] >= *r))
            .collect();
        let mut out: Vec<Vec<f64>> = rational
            .iter()
            .filter(|&&o| {
                !rational.iter().any(|&q| {
                    let (a, b) = (v(q), v(o));
                    a.iter().zip(&b).all(|(x, y)| x >= y) && a != b
                })
            })
            .map(|&o| v(o))
            .collect();
        out.sort_by(|a, b| b.partial_cmp(a).unwrap());
        out.dedup();
        out
    }

    #[test]
    fn a_small_frontier_by_hand() {
        // Outcomes: (3,1) (1,3) (2,2) (2,2) (1,1) (3,0) (0,4): (1,1) and (3,0) are dominated,
        // the two (2,2) count once (outcome 2), (0,4) is below A's reservation value 0.5.
        let u = vec![
            vec![3.0, 1.0, 2.0, 2.0, 1.0, 3.0, 0.0],
            vec![1.0, 3.0, 2.0, 2.0, 1.0, 0.0, 4.0],
        ];
        let r = [0.5, f64::NEG_INFINITY];
        assert_eq!(pareto_frontier(&u, &r), [0, 2, 1]);
        assert_eq!(pareto_frontier(&u, &[f64::NEG_INFINITY; 2]), [0, 2, 1, 6]);
        let a = analyse(&u, &r, &[(0.0, 3.0), (0.0, 4.0)]);
        assert_eq!(a.rational, 6);
        // d = (0.5, 0): A's reservation value is above its worst (0), B has none.
        assert_eq!(a.disagreement, [0.5, 0.0]);
        // Nash: 2.5·1 = 2.5, 1.5·2 = 3, 0.5·3 = 1.5 → (2,2).
        assert_eq!(a.nash.unwrap().utilities, [2.0, 2.0]);
        // Kalai: min gains 1, 1.5, 0.5 → (2,2).
        assert_eq!(a.kalai.unwrap().outcome, 2);
        // KS: ideal (3, 4); advantages (2.5/2.5, 1/4), (1.5/2.5, 2/4), (0.5/2.5, 3/4): spreads
        // 0.75, 0.1, 0.55 → (2,2).
        assert_eq!(a.ks.unwrap().outcome, 2);
        // Welfare 4, 4, 4: the first in frontier order.
        assert_eq!(a.max_welfare.unwrap().outcome, 0);
        // Ideal (3, 4): (3,1) is 0.75 away, (2,2) sqrt(1/9 + 1/4), (1,3) sqrt(4/9 + 1/16).
        let want = (1.0f64 / 9.0 + 0.25).sqrt();
        assert!((a.opposition.unwrap() - want).abs() < 1e-12, "{:?}", a.opposition);
    }

    #[test]
    fn three_parties_a_flat_party_and_nobody_rational() {
        let u = vec![
            vec![1.0, 0.0, 0.5, 0.4],
            vec![0.0, 1.0, 0.5, 0.4],
            vec![0.5, 0.5, 0.5, 0.4],
        ];
        assert_eq!(pareto_frontier(&u, &[f64::NEG_INFINITY; 3]), [0, 2, 1]);
        let ranges = [(0.0, 1.0), (0.0, 1.0), (0.4, 0.5)];
        let a = analyse(&u, &[f64::NEG_INFINITY; 3], &ranges);
        // Nash: products 0, 0.025, 0 → (0.5, 0.5, 0.5); Kalai and KS agree.
        assert_eq!(a.nash.unwrap().outcome, 2);
        assert_eq!(a.kalai.unwrap().outcome, 2);
        assert_eq!(a.ks.unwrap().outcome, 2);
        // Welfare 1.5 each: the first frontier point.
        assert_eq!(a.max_welfare.unwrap().outcome, 0);
        // A party whose range is nil makes every frontier point optimal: the first is taken.
        let flat = analyse(&u, &[f64::NEG_INFINITY, f64::NEG_INFINITY, 0.5], &ranges);
        assert_eq!(flat.disagreement, [0.0, 0.0, 0.5]);
        assert_eq!(flat.nash.unwrap().outcome, 0);
        assert_eq!(flat.ks.unwrap().outcome, 0);
        // Nobody rational: no points at all.
        let none = analyse(&u, &[2.0, 0.0, 0.0], &ranges);
        assert!(none.pareto.is_empty() && none.nash.is_none() && none.max_welfare.is_none());
        assert_eq!(none.disagreement, [2.0, 0.0, 0.4]);
    }

    #[test]
    fn the_ks_point_is_measured_from_the_disagreement_point_by_differences() {
        // Frontier (3,1), (2,2), (1,3); d = (1, 0) from A's reservation value, ideal (3, 3):
        // advantages (1, 1/3), (1/2, 2/3), (0, 1): spreads 2/3, 1/6, 1 → (2,2). Measured from
        // (b + d) instead, (3,1) would win.
        let u = vec![vec![3.0, 2.0, 1.0], vec![1.0, 2.0, 3.0]];
        let a = analyse(&u, &[1.0, f64::NEG_INFINITY], &[(0.0, 3.0), (0.0, 3.0)]);
        assert_eq!(a.ks.unwrap().outcome, 1);
        // Spreads, not ratios: advantages (1, 0), (0.6, 0.3), (0.2, 0.45), (0, 1) with d = 0
        // and b = 1: the smallest spread is (0.2, 0.45); the smallest ratio would be (0.6, 0.3).
        let u = vec![vec![1.0, 0.6, 0.2, 0.0], vec![0.0, 0.3, 0.45, 1.0]];
        let a = analyse(&u, &[f64::NEG_INFINITY; 2], &[(0.0, 1.0), (0.0, 1.0)]);
        assert_eq!(a.ks.unwrap().utilities, [0.2, 0.45]);
    }

    proptest! {
        #[test]
        fn the_frontier_matches_brute_force(
            parties in 2usize..4,
            raw in proptest::collection::vec(0u8..6, 1..60),
            r in proptest::collection::vec(proptest::option::of(0u8..4), 3),
        ) {
            // Few distinct values: many ties and duplicates.
            let n = raw.len() / parties;
            prop_assume!(n > 0);
            let u: Vec<Vec<f64>> = (0..parties).map(|p| (0..n).map(|o| f64::from(raw[o * parties + p])).collect()).collect();
            let reserved: Vec<f64> = (0..parties).map(|p| r[p].map_or(f64::NEG_INFINITY, f64::from)).collect();
            let got: Vec<Vec<f64>> = pareto_frontier(&u, &reserved).iter().map(|&o| u.iter().map(|x| x[o]).collect()).collect();
            prop_assert_eq!(got, brute(&u, &reserved));
        }
    }
}
