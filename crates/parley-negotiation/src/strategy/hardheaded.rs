//! Hard-headed: never concede. Offers its best outcome every time and accepts only an
//! offer worth as much to it (NegMAS's `ToughNegotiator`; not the ANAC 2011 agent of that
//! name, which models its opponent). The benchmark every conceding strategy exploits.

use std::sync::Arc;

use super::{Prefs, Response, State, Strategy};

/// A negotiator that never concedes.
#[derive(Debug, Clone)]
pub struct HardHeaded {
    prefs: Arc<Prefs>,
}

impl HardHeaded {
    /// On `prefs`.
    pub fn new(prefs: Arc<Prefs>) -> Self {
        Self { prefs }
    }
}

impl Strategy for HardHeaded {
    fn name(&self) -> &str {
        "hardheaded"
    }

    fn propose(&mut self, _state: &State) -> Option<usize> {
        // The best outcome; among equals, the lowest-numbered.
        let best = self.prefs.best;
        self.prefs.worst_at_least(best)
    }

    fn respond(&mut self, _state: &State, offer: usize) -> Response {
        if self.prefs.utilities[offer] >= self.prefs.best && self.prefs.best >= self.prefs.reserved {
            Response::Accept
        } else {
            Response::Reject
        }
    }
}
