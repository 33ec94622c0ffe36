//! Negotiation strategies behind one trait, one file each.

pub mod micro;
pub mod time_based;

use std::sync::Arc;

pub use micro::Micro;
pub use time_based::TimeBased;

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
}

impl Prefs {
    /// Build from the utilities of every outcome (at most `u32::MAX` outcomes).
    pub fn new(utilities: Vec<f64>, reserved: f64) -> Arc<Self> {
        let mut ascending: Vec<u32> = (0..utilities.len() as u32).collect();
        ascending.sort_by(|&a, &b| utilities[a as usize].total_cmp(&utilities[b as usize]).then(a.cmp(&b)));
        let worst = ascending.first().map_or(f64::NAN, |&o| utilities[o as usize]);
        let best = ascending.last().map_or(f64::NAN, |&o| utilities[o as usize]);
        Arc::new(Self {
            utilities,
            ascending,
            reserved,
            worst,
            best,
        })
    }

    /// The outcome of smallest utility at or above `u` (None when every outcome is below).
    pub fn worst_at_least(&self, u: f64) -> Option<usize> {
        let i = self.ascending.partition_point(|&o| self.utilities[o as usize] < u);
        self.ascending.get(i).map(|&o| o as usize)
    }
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
