//! MiCRO (de Jonge 2022, "An analysis of the linear bilateral ANAC domains using the MiCRO
//! benchmark strategy", IJCAI): concede one outcome at a time, and only when the opponent has
//! made at least as many distinct offers as we have.
//!
//! The negotiator walks its rational outcomes from best to worst (utility descending; equal
//! utilities by outcome number). When it has sent no more distinct offers than it has
//! received, it offers the next outcome; otherwise it repeats one of its earlier offers,
//! chosen at random (seeded). It accepts an offer at least as good as the outcome it would
//! offer next (when ready to concede) or the last it offered (when not), and never one
//! below its reservation value. These are NegMAS's `MiCRONegotiator` rules (0.16.0).

use std::collections::HashSet;
use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::{Prefs, Response, State, Strategy};

/// A MiCRO negotiator.
#[derive(Debug, Clone)]
pub struct Micro {
    prefs: Arc<Prefs>,
    /// Rational outcomes, best first.
    order: Vec<u32>,
    next: usize,
    sent: Vec<usize>,
    sent_set: HashSet<usize>,
    received: HashSet<usize>,
    rng: ChaCha8Rng,
}

impl Micro {
    /// A MiCRO negotiator on `prefs`, its random repeats drawn from `seed`.
    pub fn new(prefs: Arc<Prefs>, seed: u64) -> Self {
        let mut order: Vec<u32> = prefs
            .ascending
            .iter()
            .copied()
            .filter(|&o| prefs.utilities[o as usize] >= prefs.reserved)
            .collect();
        // Best first; equal utilities by outcome number.
        order.sort_by(|&a, &b| {
            prefs.utilities[b as usize]
                .total_cmp(&prefs.utilities[a as usize])
                .then(a.cmp(&b))
        });
        Self {
            prefs,
            order,
            next: 0,
            sent: Vec::new(),
            sent_set: HashSet::new(),
            received: HashSet::new(),
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn ready(&self) -> bool {
        self.sent_set.len() <= self.received.len()
    }
}

impl Strategy for Micro {
    fn name(&self) -> &str {
        "micro"
    }

    fn observe(&mut self, _state: &State, _by: usize, offer: usize) {
        self.received.insert(offer);
    }

    fn propose(&mut self, _state: &State) -> Option<usize> {
        match self.order.get(self.next) {
            Some(&o) if self.ready() => {
                self.next += 1;
                let o = o as usize;
                if self.sent_set.insert(o) {
                    self.sent.push(o);
                }
                Some(o)
            }
            _ => {
                if self.sent.is_empty() {
                    return None;
                }
                let i = self.rng.random_range(0..self.sent.len());
                Some(self.sent[i])
            }
        }
    }

    fn respond(&mut self, _state: &State, offer: usize) -> Response {
        let mine = if self.ready() {
            self.order.get(self.next)
        } else {
            self.next.checked_sub(1).and_then(|i| self.order.get(i))
        };
        let u = self.prefs.utilities[offer];
        let bar = mine.map_or(self.prefs.reserved, |&m| self.prefs.utilities[m as usize]);
        if u >= bar && u >= self.prefs.reserved {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}
