//! Time-based concession (Faratin, Sierra & Jennings 1998): Boulware, Linear, Conceder.
//!
//! The aspiration at relative time t is `a(t) = 1 − t^e` (e = 4: Boulware, holds out; 1:
//! Linear; 0.25: Conceder, gives in early). With `lo` the larger of the worst utility and the
//! reservation value and `hi` the best, the threshold is `max(lo, lo + (hi − lo)·a(t) − ε)`
//! (ε = 1e-4). The negotiator offers the outcome of smallest utility at or above the
//! threshold and accepts an offer whose utility reaches it: NegMAS's `BoulwareTBNegotiator`,
//! `LinearTBNegotiator` and `ConcederTBNegotiator` (0.16.0), whose definitions these follow.
//! Among outcomes of equal utility the lowest-numbered is offered.

use std::sync::Arc;

use super::{Prefs, Response, State, Strategy};

/// Tolerance below the aspiration (NegMAS's default `eps`).
pub const EPS: f64 = 1e-4;

/// `AspirationNegotiator`'s tolerance (its `tolerance` argument's default).
pub const ASPIRATION_EPS: f64 = 1e-3;

/// A time-based conceding negotiator.
#[derive(Debug, Clone)]
pub struct TimeBased {
    name: String,
    exponent: f64,
    eps: f64,
    prefs: Arc<Prefs>,
}

impl TimeBased {
    /// A negotiator conceding with exponent `e` on preferences `prefs`.
    pub fn new(name: impl Into<String>, exponent: f64, prefs: Arc<Prefs>) -> Self {
        Self {
            name: name.into(),
            exponent,
            eps: EPS,
            prefs,
        }
    }

    /// The same with tolerance `eps` below the aspiration instead of [`EPS`].
    pub fn with_eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }

    /// NegMAS's `AspirationNegotiator`: Boulware with a tolerance of 0.001.
    pub fn aspiration(prefs: Arc<Prefs>) -> Self {
        Self::new("aspiration", 4.0, prefs).with_eps(ASPIRATION_EPS)
    }

    /// Boulware (e = 4).
    pub fn boulware(prefs: Arc<Prefs>) -> Self {
        Self::new("boulware", 4.0, prefs)
    }

    /// Linear (e = 1).
    pub fn linear(prefs: Arc<Prefs>) -> Self {
        Self::new("linear", 1.0, prefs)
    }

    /// Conceder (e = 0.25).
    pub fn conceder(prefs: Arc<Prefs>) -> Self {
        Self::new("conceder", 0.25, prefs)
    }

    /// The utility threshold at relative time `t`.
    pub fn threshold(&self, t: f64) -> f64 {
        let p = &self.prefs;
        let lo = if p.worst < p.reserved { p.reserved } else { p.worst };
        let hi = p.best;
        let a = 1.0 - t.powf(self.exponent);
        let x = (hi - lo) * a + lo - self.eps;
        x.clamp(lo, hi)
    }
}

impl Strategy for TimeBased {
    fn name(&self) -> &str {
        &self.name
    }

    fn propose(&mut self, state: &State) -> Option<usize> {
        let thr = self.threshold(state.time);
        // Nothing at or above the threshold (it is clamped to the best, so only round-off
        // can get here): offer the best outcome.
        self.prefs.worst_in(thr)
    }

    fn respond(&mut self, state: &State, offer: usize) -> Response {
        let u = self.prefs.utilities[offer];
        if u >= self.threshold(state.time) && u <= self.prefs.best + self.eps {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}
