//! Random: offers a rational outcome drawn uniformly, and accepts a rational offer with a
//! fixed probability (seeded, so a run repeats exactly). A baseline, and a sparring partner
//! that probes every corner of a domain.

use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Prefs, Response, State, Strategy};

/// Probability of accepting a rational offer.
pub const ACCEPT: f64 = 0.15;

/// A random negotiator.
#[derive(Debug, Clone)]
pub struct Random {
    prefs: Arc<Prefs>,
    /// Index into `prefs.ascending` of the first rational outcome.
    first_rational: usize,
    rng: ChaCha8Rng,
}

impl Random {
    /// On `prefs`, drawing from `seed`.
    pub fn new(prefs: Arc<Prefs>, seed: u64) -> Self {
        let first_rational = prefs
            .ascending
            .partition_point(|&o| prefs.utilities[o as usize] < prefs.reserved);
        Self {
            prefs,
            first_rational,
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }
}

impl Strategy for Random {
    fn name(&self) -> &str {
        "random"
    }

    fn propose(&mut self, _state: &State) -> Option<usize> {
        let n = self.prefs.ascending.len();
        if self.first_rational >= n {
            return None;
        }
        let i = self.rng.random_range(self.first_rational..n);
        Some(self.prefs.ascending[i] as usize)
    }

    fn respond(&mut self, _state: &State, offer: usize) -> Response {
        let draw: f64 = self.rng.random_range(0.0..1.0);
        if self.prefs.utilities[offer] >= self.prefs.reserved && draw < ACCEPT {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}
