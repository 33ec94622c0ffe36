//! Negotiation strategies behind one trait, one file each.

pub mod hardheaded;
pub mod micro;
pub mod random;
pub mod time_based;
pub mod tit_for_tat;

use std::sync::Arc;

pub use hardheaded::HardHeaded;
pub use micro::Micro;
pub use random::Random;
pub use time_based::TimeBased;
pub use tit_for_tat::TitForTat;

/// What a negotiator knows when it is called.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct State {
    /// The round (0-based).
    pub step: usize,
    /// Relative time in (0, 1): `(step + 1) / (steps + 1)`.
    pub time: f64,
}

/// A party's utilities over an enumerated space, shared by every negotiation that uses them
/// (a tournament builds them once per domain and party).
#[derive(Debug, Clone, PartialEq)]
pub struct Prefs {
    /// Utility of each outcome.
    pub utilities: Vec<f64>,
    /// Outcome numbers sorted by utility, ascending (equal utilities by outcome number).
    pub ascending: Vec<u32>,
    /// Reservation value (`-inf`: none).
    pub reserved: f64,
    /// Worst and best utility.
    pub worst: f64,
    /// Best utility.
    pub best: f64,
    /// Discount factor δ in (0, 1] (1: none). Strategies decide on the undiscounted
    /// utilities; [`Prefs::payoff`] applies it to what the party ends with.
    pub discount: f64,
}

impl Prefs {
    /// Build from the utilities of every outcome (at most `u32::MAX` outcomes), without
    /// discounting.
    pub fn new(utilities: Vec<f64>, reserved: f64) -> Arc<Self> {
        Self::discounted(utilities, reserved, 1.0)
    }

    /// Build with a discount factor δ (see [`Prefs::payoff`]).
    pub fn discounted(utilities: Vec<f64>, reserved: f64, discount: f64) -> Arc<Self> {
        let ascending = ascending_order(&utilities);
        let worst = ascending.first().map_or(f64::NAN, |&o| utilities[o as usize]);
        let best = ascending.last().map_or(f64::NAN, |&o| utilities[o as usize]);
        Arc::new(Self {
            utilities,
            ascending,
            reserved,
            worst,
            best,
            discount,
        })
    }

    /// What the party ends with when a negotiation ends at relative time `time` in [0, 1]:
    /// the agreement's utility, or the reservation value without one, times `δ^time` — the
    /// discounting of GENIUS and the ANAC competitions from 2011 (`getUtilityWithDiscount`,
    /// `getReservationValueWithDiscount`: both the agreement and the reservation value lose
    /// value over time). None when that is not a finite number (no reservation value).
    pub fn payoff(&self, agreement: Option<usize>, time: f64) -> Option<f64> {
        let u = agreement.map_or(self.reserved, |o| self.utilities[o]);
        // δ = 1 leaves u as it is (1^t = 1 exactly).
        let v = u * self.discount.powf(time);
        v.is_finite().then_some(v)
    }

    /// The outcome of smallest utility at or above `u` (None when every outcome is below).
    pub fn worst_at_least(&self, u: f64) -> Option<usize> {
        let i = self.ascending.partition_point(|&o| self.utilities[o as usize] < u);
        self.ascending.get(i).map(|&o| o as usize)
    }

    /// NegMAS's `worst_in((u, best))` on a presorted inverter: the outcome of smallest
    /// utility at or above `u`, unless an outcome at most 10⁻⁶ below `u` is strictly nearer
    /// to it (then the lowest-numbered of that utility); the best outcome when every outcome
    /// is below `u`. None only for an empty space.
    pub fn worst_in(&self, u: f64) -> Option<usize> {
        let util = |k: usize| self.utilities[self.ascending[k] as usize];
        let n = self.ascending.len();
        let above = self.ascending.partition_point(|&o| self.utilities[o as usize] < u);
        let i = above.min(n.checked_sub(1)?);
        if i > 0 {
            let below = util(i - 1);
            if below >= u - NEAR && u - below < (util(i) - u).abs() {
                let first = self.ascending[..i].partition_point(|&o| self.utilities[o as usize] < below);
                return Some(self.ascending[first] as usize);
            }
        }
        Some(self.ascending[i] as usize)
    }
}

/// How far below a target NegMAS's inverter still looks for a nearer outcome (its `EPS`).
pub const NEAR: f64 = 1e-6;

/// The key that orders utilities as `f64::total_cmp` does: the sign bit flipped for
/// non-negative numbers, every bit flipped for negative ones (−NaN < −∞ < … < −0 < +0 < … <
/// +∞ < NaN).
fn order_key(u: f64) -> u64 {
    let b = u.to_bits();
    if b >> 63 == 1 { !b } else { b | 1 << 63 }
}

/// Outcome numbers sorted by utility (`total_cmp`), equal utilities by outcome number.
///
/// A least-significant-digit radix sort on [`order_key`] (digits of 8 bits, all eight
/// histograms in one read of the keys), one digit a pass: each pass is
/// stable and the outcomes start in number order, so ties stay in number order. Passes
/// where every key has the same digit are skipped (the high ones, usually). Linear in the
/// outcomes: on a one-off negotiation over 10⁵–10⁶ outcomes, sorting each party's outcomes
/// is most of the work, and this is several times faster than a comparison sort there.
pub fn ascending_order(utilities: &[f64]) -> Vec<u32> {
    let n = utilities.len();
    let mut keys: Vec<u64> = utilities.iter().map(|&u| order_key(u)).collect();
    let mut order: Vec<u32> = (0..n as u32).collect();
    if n < 2 {
        return order;
    }
    // Digits of 8 bits: 16-bit digits (4 passes) measured slower on 10^6 distinct keys, the
    // scatter over 65,536 buckets missing the cache.
    let bits: u32 = 8;
    let radix = 1usize << bits;
    let passes = (64 / bits) as usize;
    let mask = (radix - 1) as u64;
    // Every pass's histogram in one read of the keys.
    let mut count = vec![0u32; radix * passes];
    for &k in &keys {
        for p in 0..passes {
            count[p * radix + ((k >> (bits as usize * p)) & mask) as usize] += 1;
        }
    }
    let mut keys2 = vec![0u64; n];
    let mut order2 = vec![0u32; n];
    let mut start = vec![0usize; radix];
    for p in 0..passes {
        let hist = &count[p * radix..(p + 1) * radix];
        if hist.contains(&(n as u32)) {
            continue;
        }
        let mut sum = 0;
        for (s, &c) in start.iter_mut().zip(hist) {
            *s = sum;
            sum += c as usize;
        }
        let shift = bits as usize * p;
        for (&k, &o) in keys.iter().zip(&order) {
            let d = ((k >> shift) & mask) as usize;
            keys2[start[d]] = k;
            order2[start[d]] = o;
            start[d] += 1;
        }
        std::mem::swap(&mut keys, &mut keys2);
        std::mem::swap(&mut order, &mut order2);
    }
    order
}

/// A negotiator's answer to the standing offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Response {
    /// Accept the standing offer.
    Accept,
    /// Reject it (and make a counter-offer).
    Reject,
    /// Leave the negotiation (no agreement).
    End,
}

/// A negotiation strategy. The protocol calls `propose` when the negotiator must make an
/// offer and `respond` when another's offer stands; a strategy keeps whatever state it
/// needs between calls.
pub trait Strategy: Send {
    /// A short name (`boulware`, `conceder`, …).
    fn name(&self) -> &str;
    /// The outcome to offer (None: no offer this time).
    fn propose(&mut self, state: &State) -> Option<usize>;
    /// The answer to `offer`, made by another negotiator.
    fn respond(&mut self, state: &State, offer: usize) -> Response;
    /// Negotiator `by` (not this one) has just offered `offer` (before anyone answers it).
    fn observe(&mut self, _state: &State, _by: usize, _offer: usize) {}
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::protocol::Sao;

    /// Nine outcomes the two parties rank oppositely; B's reservation value rules out 0..2.
    fn pair() -> (Arc<Prefs>, Arc<Prefs>) {
        (
            Prefs::new((0..9).map(f64::from).collect(), f64::NEG_INFINITY),
            Prefs::new((0..9).rev().map(f64::from).collect(), 2.5),
        )
    }

    #[test]
    fn the_payoff_discounts_the_agreement_and_the_reservation_value() {
        let p = Prefs::discounted(vec![0.2, 0.8], 0.5, 0.25);
        // 0.8 · 0.25^0.5 = 0.4; the reservation value 0.5 · 0.25^0.5 = 0.25.
        assert_eq!(p.payoff(Some(1), 0.5), Some(0.4));
        assert_eq!(p.payoff(None, 0.5), Some(0.25));
        // At time 1: δ itself; at time 0: nothing lost.
        assert_eq!(p.payoff(Some(1), 1.0), Some(0.2));
        assert_eq!(p.payoff(Some(0), 0.0), Some(0.2));
        // Without discounting, the utility as it is; no reservation value is no payoff.
        let (a, b) = pair();
        assert_eq!(a.discount, 1.0);
        assert_eq!(a.payoff(Some(7), 0.9), Some(7.0));
        assert_eq!(a.payoff(None, 0.9), None);
        assert_eq!(b.payoff(None, 0.9), Some(2.5));
    }

    #[test]
    fn the_radix_order_is_total_cmp_then_outcome_number() {
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            -f64::NAN,
            f64::MIN_POSITIVE,
            -f64::MIN_POSITIVE,
            5e-324,
            f64::MAX,
            f64::MIN,
            0.1 + 0.2,
            0.3,
        ];
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for n in [0usize, 1, 2, 3, 17, 256, 1000, 5000] {
            let u: Vec<f64> = (0..n)
                .map(|_| match next() % 4 {
                    0 => specials[(next() % specials.len() as u64) as usize],
                    // Few distinct values: many ties.
                    1 => (next() % 5) as f64 * 0.25,
                    2 => f64::from_bits(next()),
                    _ => (next() % 1_000_000) as f64 / 7.0 - 50_000.0,
                })
                .collect();
            let mut want: Vec<u32> = (0..n as u32).collect();
            want.sort_by(|&a, &b| u[a as usize].total_cmp(&u[b as usize]).then(a.cmp(&b)));
            assert_eq!(ascending_order(&u), want, "n = {n}");
        }
        // Every key equal: no pass runs, number order.
        assert_eq!(ascending_order(&[2.0; 4]), vec![0, 1, 2, 3]);
        assert_eq!(ascending_order(&[3.0, 1.0, 2.0]), vec![1, 2, 0]);
    }

    #[test]
    fn worst_in_takes_an_outcome_just_below_the_target_only_when_strictly_nearer() {
        let p = Prefs::new(
            vec![0.0, 1.0, 2.0 - 4e-7, 2.0 - 4e-7, 2.0 + 5e-7, 3.0],
            f64::NEG_INFINITY,
        );
        // 4e-7 below is nearer than 5e-7 above: the lower-numbered of the two tied.
        assert_eq!(p.worst_in(2.0), Some(2));
        assert_eq!(p.worst_in(2.0 - 5e-8), Some(2));
        // 5e-7 below is farther than 4e-7 above.
        assert_eq!(p.worst_in(2.0 + 1e-7), Some(4));
        // Above 2 + 5e-7 the next is 3, but 2 + 5e-7 is 1e-7 below.
        assert_eq!(p.worst_in(2.0 + 6e-7), Some(4));
        // More than 1e-6 below is never taken, however near.
        assert_eq!(p.worst_in(1.5), Some(2));
        let q = Prefs::new(vec![2.0 - 2e-6, 2.0 + 1e-5], f64::NEG_INFINITY);
        assert_eq!(q.worst_in(2.0), Some(1));
        assert_eq!(q.worst_at_least(2.0), Some(1));
        // Everything below: the best; everything above: the worst; nothing: None.
        assert_eq!(p.worst_in(10.0), Some(5));
        assert_eq!(p.worst_in(-1.0), Some(0));
        assert_eq!(Prefs::new(vec![], 0.0).worst_in(1.0), None);
        // A tie at the top: the first of the tied outcomes.
        assert_eq!(Prefs::new(vec![0.0, 1.0, 1.0], 0.0).worst_in(1.0), Some(1));
        // Exactly midway (dyadic, so exact) between an outcome below and one above: not
        // strictly nearer, so the one above.
        let below = 1.0;
        let above = 1.0 + 2f64.powi(-22);
        let mid = 1.0 + 2f64.powi(-23);
        assert_eq!((mid - below, above - mid), (2f64.powi(-23), 2f64.powi(-23)));
        assert_eq!(Prefs::new(vec![below, above], 0.0).worst_in(mid), Some(1));
    }

    #[test]
    fn hardheaded_never_moves_and_a_conceder_gives_it_everything() {
        let (a, b) = pair();
        let mut h = HardHeaded::new(a.clone());
        assert_eq!(h.name(), "hardheaded");
        assert_eq!(Random::new(a.clone(), 0).name(), "random");
        let s = State { step: 0, time: 0.5 };
        assert_eq!(h.propose(&s), Some(8));
        assert_eq!(h.respond(&s, 7), Response::Reject);
        assert_eq!(h.respond(&s, 8), Response::Accept);
        let mut parties: Vec<Box<dyn Strategy>> = vec![Box::new(h), Box::new(TimeBased::conceder(b))];
        // B's best rational concession is 6 (utility 2 < 2.5 is out), so 8 is never accepted.
        let r = Sao { steps: 50 }.run(&mut parties, false);
        assert_eq!((r.agreement, r.timedout), (None, true));
        let (a, _) = pair();
        // A conceder for whom outcome 8 is worth 1.05 of 9 (its worst, 7, is worth 0) accepts
        // it once its threshold has fallen that far (t ≥ 0.61).
        let easy = Prefs::new(vec![9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 0.0, 1.05], f64::NEG_INFINITY);
        let mut parties: Vec<Box<dyn Strategy>> =
            vec![Box::new(HardHeaded::new(a)), Box::new(TimeBased::conceder(easy))];
        assert_eq!(Sao { steps: 50 }.run(&mut parties, false).agreement, Some(8));
    }

    #[test]
    fn random_offers_only_rational_outcomes_and_repeats_with_its_seed() {
        let (_, b) = pair();
        let draw = |seed| {
            let mut r = Random::new(b.clone(), seed);
            let s = State { step: 0, time: 0.5 };
            let offers: Vec<usize> = (0..200).map(|_| r.propose(&s).unwrap()).collect();
            let answers: Vec<Response> = (0..200).map(|_| r.respond(&s, 0)).collect();
            (offers, answers)
        };
        let (offers, answers) = draw(3);
        // B's utility 8 − o must be at least 2.5: outcomes 0..=5.
        assert!(offers.iter().all(|&o| o <= 5));
        assert!((0..=5).all(|o| offers.contains(&o)));
        let accepted = answers.iter().filter(|&&a| a == Response::Accept).count();
        assert!((10..=55).contains(&accepted), "{accepted}");
        assert_eq!(draw(3), (offers, answers));
        assert_ne!(draw(4).0, draw(3).0);
        // Nothing rational: no offer; an irrational offer is never accepted.
        let none = Prefs::new(vec![0.0, 1.0], 5.0);
        let mut r = Random::new(none, 1);
        assert_eq!(r.propose(&State { step: 0, time: 0.1 }), None);
        assert!((0..50).all(|_| r.respond(&State { step: 0, time: 0.1 }, 1) == Response::Reject));
    }

    #[test]
    fn the_time_based_threshold_by_hand() {
        let s = |t: f64| State { step: 0, time: t };
        let p = Prefs::new((0..=10).map(f64::from).collect(), f64::NEG_INFINITY);
        let b = TimeBased::boulware(p.clone());
        let l = TimeBased::linear(p.clone());
        let c = TimeBased::conceder(p.clone());
        // 10 · (1 − t^e) − 1e-4 at t = 0.5.
        assert!((b.threshold(0.5) - (10.0 * (1.0 - 0.0625) - 1e-4)).abs() < 1e-12);
        assert!((l.threshold(0.5) - (5.0 - 1e-4)).abs() < 1e-12);
        assert!((c.threshold(0.5) - (10.0 * (1.0 - 0.5f64.powf(0.25)) - 1e-4)).abs() < 1e-12);
        // Never below the floor, never above the best.
        assert_eq!(l.threshold(1.0), 0.0);
        assert_eq!(l.threshold(0.0), 10.0 - 1e-4);
        let mut l = l;
        assert_eq!(l.propose(&s(0.5)), Some(5));
        assert_eq!(l.respond(&s(0.5), 5), Response::Accept);
        assert_eq!(l.respond(&s(0.5), 4), Response::Reject);
        assert_eq!(l.name(), "linear");
        // A reservation value above the worst is the floor: 3 + 7 · 0.5 − 1e-4.
        let r = TimeBased::linear(Prefs::new((0..=10).map(f64::from).collect(), 3.0));
        assert!((r.threshold(0.5) - (3.0 + 3.5 - 1e-4)).abs() < 1e-12);
        assert_eq!(r.threshold(1.0), 3.0);
    }

    #[test]
    fn micro_concedes_one_outcome_per_new_offer_received() {
        let s = State { step: 0, time: 0.5 };
        let mut m = Micro::new(Prefs::new((0..5).map(f64::from).collect(), f64::NEG_INFINITY), 9);
        assert_eq!(m.name(), "micro");
        assert_eq!(m.propose(&s), Some(4));
        // One sent, none received: not ready, so it holds to its last offer.
        assert_eq!(m.respond(&s, 3), Response::Reject);
        assert_eq!(m.respond(&s, 4), Response::Accept);
        assert_eq!(m.propose(&s), Some(4));
        // A new offer received: ready to concede to the next outcome, 3.
        m.observe(&s, 1, 1);
        assert_eq!(m.respond(&s, 3), Response::Accept);
        assert_eq!(m.respond(&s, 2), Response::Reject);
        assert_eq!(m.propose(&s), Some(3));
        // The same offer again is nothing new: it repeats one of its own.
        m.observe(&s, 1, 1);
        assert!(matches!(m.propose(&s), Some(3 | 4)));
        // Below its reservation value nothing is acceptable nor offered as new.
        let mut picky = Micro::new(Prefs::new((0..5).map(f64::from).collect(), 3.0), 1);
        assert_eq!(picky.propose(&s), Some(4));
        picky.observe(&s, 1, 0);
        assert_eq!(picky.propose(&s), Some(3));
        // Only 4 and 3 are rational: with both offered, it repeats one of them.
        picky.observe(&s, 1, 1);
        assert!(matches!(picky.propose(&s), Some(3 | 4)));
        assert_eq!(picky.respond(&s, 2), Response::Reject);
    }
}
