//! Naive tit-for-tat: concede, in one's own normalised utility, what the partner's last offer
//! gives away. NegMAS's `NaiveTitForTatNegotiator` (0.16.0; the rules read from its
//! `KindConcessionRecommender`, `ZeroSumModel`, `TFTAcceptancePolicy` and `TFTOfferingPolicy`,
//! default settings: kindness 0, no punishment, no initial concession, a forced minimal
//! concession in the first rounds).
//!
//! With `n(x) = (u(x) − lo) / (best − lo)`, `lo` the larger of the worst utility and the
//! reservation value, the partner is assumed to want the opposite of us (a zero-sum model),
//! so the partner's concession is `n` of its last offer (0 before any offer, and 0 when
//! negative). The concession recommended in round s is
//! - 0 in round 0 (the best outcome is offered, and only an offer of normalised utility 1
//!   accepted);
//! - in rounds 1 and 2, the smallest step down the own ranking: `(v₁ − v₂ + 10⁻¹²) / (best −
//!   worst)`, where v₁, v₂ are the next two utilities of a walk that starts at the best
//!   outcome and goes down the sorted outcomes one per call — every call (to answer and to
//!   offer) takes two more, as NegMAS's shared inverter does;
//! - from round 3 on, the partner's concession.
//!
//! A recommendation that is not finite or outside [−10⁻⁶, 1 + 10⁻⁷] counts as 0. With c the
//! recommendation, an offer is accepted when its `n` is at least 1 − c, and the negotiator
//! offers the outcome of smallest utility at or above `worst + (1 − c)·(best − worst)`.
//!
//! Outcomes worth −∞ (beyond a red line, in a scenario's negotiation; GENIUS domains have
//! none) would make `best − worst` infinite and every step and target meaningless (NegMAS's
//! arithmetic gives 0 and NaN there): `worst` is then the smallest finite utility.

use std::sync::Arc;

use super::{Prefs, Response, State, Strategy};

/// Added to the smallest step down (NegMAS's `min_concession_eps`).
const MIN_STEP_EPS: f64 = 1e-12;
/// The rounds of the forced minimal concession are those before this one.
const KIND_FROM: usize = 3;

/// A naive tit-for-tat negotiator.
#[derive(Debug, Clone)]
pub struct TitForTat {
    prefs: Arc<Prefs>,
    /// The walk down the sorted outcomes: None before its first step, then the position in
    /// `prefs.ascending` last reached.
    walk: Option<usize>,
    /// The partner's last offer.
    last: Option<usize>,
    /// The bottom of the scale for steps and targets: the worst utility, or the smallest
    /// finite one when some outcomes are worth −∞.
    floor: f64,
}

impl TitForTat {
    /// A tit-for-tat negotiator on `prefs`.
    pub fn new(prefs: Arc<Prefs>) -> Self {
        let floor = prefs
            .ascending
            .iter()
            .map(|&o| prefs.utilities[o as usize])
            .find(|u| u.is_finite())
            .unwrap_or(prefs.worst);
        Self {
            prefs,
            walk: None,
            last: None,
            floor,
        }
    }

    /// `n(x)`: utility normalised between the reservation value (or the worst, if higher)
    /// and the best.
    pub fn normalised(&self, outcome: usize) -> f64 {
        let p = &self.prefs;
        let lo = if self.floor < p.reserved {
            p.reserved
        } else {
            self.floor
        };
        let d = p.best - lo;
        if p.best < p.reserved {
            // Nothing is acceptable: NegMAS's normalisation gives NaN (−∞ − −∞), which
            // counts as no concession and accepts nothing.
            return f64::NAN;
        }
        if d < 1e-5 {
            // A flat range counts as 1 (0 if the best is infinite).
            return if p.best.is_finite() { 1.0 } else { 0.0 };
        }
        (p.utilities[outcome] - lo) / d
    }

    /// The utility of the walk's next outcome (the reservation value once it has passed the
    /// worst).
    fn step_down(&mut self) -> f64 {
        let p = &self.prefs;
        let n = p.ascending.len();
        match self.walk {
            None => {
                self.walk = n.checked_sub(1);
                p.best
            }
            Some(k) if k > 0 => {
                self.walk = Some(k - 1);
                p.utilities[p.ascending[k - 1] as usize]
            }
            Some(_) => p.reserved,
        }
    }

    /// The concession recommended in round `step`, given the partner's `given`.
    fn concession(&mut self, given: f64, step: usize) -> f64 {
        let c = if step == 0 {
            0.0
        } else if step >= KIND_FROM {
            given.max(0.0)
        } else {
            let (a, b) = (self.step_down(), self.step_down());
            (a - b + MIN_STEP_EPS) / (self.prefs.best - self.floor)
        };
        if c.is_finite() && (-1e-6..=1.000_000_1).contains(&c) {
            c
        } else {
            0.0
        }
    }

    /// What the partner's last offer gives away (0 before any offer).
    fn given(&self) -> f64 {
        self.last.map_or(0.0, |o| self.normalised(o))
    }
}

impl Strategy for TitForTat {
    fn name(&self) -> &str {
        "titfortat"
    }

    fn propose(&mut self, state: &State) -> Option<usize> {
        let c = self.concession(self.given(), state.step);
        let p = &self.prefs;
        let target = self.floor + (1.0 - c) * (p.best - self.floor);
        p.worst_in(target)
    }

    fn respond(&mut self, state: &State, offer: usize) -> Response {
        self.last = Some(offer);
        let c = self.concession(self.normalised(offer), state.step);
        if self.normalised(offer) >= 1.0 - c {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Utilities 0, 1, …, 9 on outcomes 0..=9; reservation `r`.
    fn ten(r: f64) -> TitForTat {
        TitForTat::new(Prefs::new((0..10).map(f64::from).collect(), r))
    }

    fn at(step: usize) -> State {
        State { step, time: 0.5 }
    }

    #[test]
    fn round_zero_offers_the_best_and_accepts_only_the_best() {
        let mut t = ten(f64::NEG_INFINITY);
        assert_eq!(t.name(), "titfortat");
        assert_eq!(t.propose(&at(0)), Some(9));
        assert_eq!(t.respond(&at(0), 8), Response::Reject);
        assert_eq!(t.respond(&at(0), 9), Response::Accept);
        // Round 0 does not move the walk: round 1 still starts at the top.
        assert_eq!(t.walk, None);
    }

    #[test]
    fn rounds_one_and_two_step_down_the_ranking_two_outcomes_a_call() {
        let mut t = ten(f64::NEG_INFINITY);
        // The walk: 9 (the best), 8, 7, 6, … each step 1 of a range of 9.
        let c = t.concession(0.7, 1);
        assert!((c - (1.0 + 1e-12) / 9.0).abs() < 1e-15, "{c}");
        assert_eq!(t.walk, Some(8));
        // Offering at 1 − 1/9: the outcome of utility ≥ 8 − 1e-12·… is 8.
        assert_eq!(t.propose(&at(1)), Some(8));
        assert_eq!(t.walk, Some(6));
        // Uneven steps: utilities 0, 1, 2, 4, 10 (range 10); the walk 10, 4 | 2, 1 | 1, 0.
        let mut u = TitForTat::new(Prefs::new(vec![0.0, 1.0, 2.0, 4.0, 10.0], f64::NEG_INFINITY));
        assert!((u.concession(0.0, 2) - 0.6).abs() < 1e-9);
        assert!((u.concession(0.0, 1) - 0.1).abs() < 1e-9);
        // The worst, then past it the reservation value (−∞ here): 0 − (−∞) is not finite,
        // so no concession; the walk stays at the bottom.
        assert_eq!(u.concession(0.0, 2), 0.0);
        assert_eq!(u.walk, Some(0));
        assert_eq!(u.concession(0.0, 1), 0.0);
        // A finite reservation value below the worst: 10, 5 | 0, −5, each 0.5 of 10.
        let mut w = TitForTat::new(Prefs::new(vec![0.0, 5.0, 10.0], -5.0));
        assert!((w.concession(0.0, 1) - 0.5).abs() < 1e-9);
        assert!((w.concession(0.0, 2) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn from_round_three_it_mirrors_the_partner_and_never_concedes_on_a_worsening() {
        let mut t = ten(f64::NEG_INFINITY);
        assert_eq!(t.concession(0.25, 3), 0.25);
        assert_eq!(t.concession(-0.25, 7), 0.0);
        assert_eq!(t.concession(2.0, 4), 0.0, "beyond 1 counts as none");
        assert_eq!(t.walk, None, "the walk is left alone from round 3");
        // The partner offered 3 (n = 1/3): concede 1/3, offer the worst at or above 6.
        assert_eq!(t.respond(&at(5), 3), Response::Reject);
        assert_eq!(t.propose(&at(5)), Some(6));
        // An offer worth 5 (n = 5/9 ≥ 1 − 5/9) is accepted; one worth 4 is not.
        assert_eq!(t.respond(&at(6), 5), Response::Accept);
        assert_eq!(t.respond(&at(6), 4), Response::Reject);
        // Before any offer nothing was given: the best.
        assert_eq!(ten(f64::NEG_INFINITY).propose(&at(9)), Some(9));
    }

    #[test]
    fn the_reservation_value_sets_the_bottom_of_the_normalised_scale() {
        let t = ten(3.0);
        assert!((t.normalised(6) - 0.5).abs() < 1e-12);
        assert!(t.normalised(1) < 0.0);
        let u = ten(f64::NEG_INFINITY);
        assert!((u.normalised(6) - 6.0 / 9.0).abs() < 1e-12);
        // A flat space counts as 1; a space entirely below the reservation value as NaN,
        // which concedes nothing and accepts nothing.
        let flat = TitForTat::new(Prefs::new(vec![2.0, 2.0], 0.0));
        assert_eq!(flat.normalised(0), 1.0);
        let mut out = TitForTat::new(Prefs::new(vec![1.0, 2.0], 3.0));
        assert!(out.normalised(1).is_nan());
        assert_eq!(out.respond(&at(5), 1), Response::Reject);
        assert_eq!(out.propose(&at(5)), Some(1));
        // Offers below the reservation value give nothing and are refused.
        let mut r = ten(3.0);
        assert_eq!(r.respond(&at(4), 1), Response::Reject);
        assert_eq!(r.propose(&at(4)), Some(9));
        // The best exactly at the reservation value is acceptable: a flat range, 1.
        assert_eq!(TitForTat::new(Prefs::new(vec![1.0, 2.0], 2.0)).normalised(0), 1.0);
        // A range of exactly 1e-5 is not flat.
        assert_eq!(
            TitForTat::new(Prefs::new(vec![0.0, 1e-5], f64::NEG_INFINITY)).normalised(0),
            0.0
        );
    }

    #[test]
    fn outcomes_worth_minus_infinity_leave_the_scale_to_the_finite_ones() {
        // Outcomes 0 and 1 break a red line; the finite ones run 2..=9 (range 7).
        let mut u: Vec<f64> = (0..10).map(f64::from).collect();
        u[0] = f64::NEG_INFINITY;
        u[1] = f64::NEG_INFINITY;
        let mut t = TitForTat::new(Prefs::new(u, f64::NEG_INFINITY));
        let c = t.concession(0.0, 1);
        assert!((c - (1.0 + 1e-12) / 7.0).abs() < 1e-15, "{c}");
        // The partner offered 5: n = (5 − 2)/7 = 3/7; conceding 3/7 from 9 leaves the worst
        // at or above 2 + 4/7 · 7 = 6.
        t.last = Some(5);
        assert_eq!(t.propose(&at(5)), Some(6));
        // An offer beyond a red line gives nothing and is refused.
        assert_eq!(t.respond(&at(6), 0), Response::Reject);
        assert_eq!(t.propose(&at(6)), Some(9));
    }

    #[test]
    fn scales_that_do_not_start_at_zero_and_concessions_just_above_zero() {
        // Utilities 10..=19 (worst 10, range 9).
        let mut t = TitForTat::new(Prefs::new((10..20).map(f64::from).collect(), f64::NEG_INFINITY));
        let c = t.concession(0.0, 1);
        assert!((c - (1.0 + 1e-12) / 9.0).abs() < 1e-15, "{c}");
        // Conceding 1/3 of the range from 19: the worst at or above 16.
        t.last = Some(3);
        assert_eq!(t.propose(&at(5)), Some(6));
        // A concession below 1e-6 is kept as it is (the tolerance is below zero).
        assert_eq!(t.concession(5e-7, 4), 5e-7);
    }
}
