//! The stacked alternating offers protocol (SAO; Aydoğan et al. 2017), as NegMAS runs it.
//!
//! Negotiators are called in order, every one once per round; the first has no offer to
//! answer and makes one. Each later call answers the standing offer: accept (the offer
//! stands, with one more acceptance), reject and counter-offer (the counter-offer stands,
//! accepted by its author alone), or end. Every other negotiator is told of each offer as
//! it is made. An offer accepted by every negotiator (its
//! author included) is the agreement. In round s of N the relative time is
//! `(s + 1) / (N + 1)`; after N rounds without agreement the negotiation times out.
//! `step` in the result counts rounds as NegMAS's `state.step` does: the round of the
//! agreement plus one, N on a timeout.

use serde::Serialize;

use crate::strategy::{Response, State, Strategy};

/// The protocol's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sao {
    /// Number of rounds.
    pub steps: usize,
}

/// One offer made (for traces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offer {
    /// Round.
    pub step: usize,
    /// Who offered (negotiator index).
    pub by: usize,
    /// The outcome offered.
    pub outcome: usize,
}

/// How a negotiation ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The agreed outcome, if any.
    pub agreement: Option<usize>,
    /// Rounds as NegMAS counts them (see the module documentation).
    pub step: usize,
    /// True when the rounds ran out.
    pub timedout: bool,
    /// True when a negotiator ended the negotiation.
    pub ended: bool,
    /// Every offer made, in order (only when asked for).
    pub trace: Vec<Offer>,
}

impl Sao {
    /// Run a negotiation among `parties` (two or more); `trace` keeps every offer.
    pub fn run(&self, parties: &mut [Box<dyn Strategy>], trace: bool) -> Outcome {
        let n = parties.len();
        let mut offers = Vec::new();
        // The standing offer and how many accept it (its author counts).
        let mut standing: Option<(usize, usize)> = None;
        for step in 0..self.steps {
            let state = State {
                step,
                time: (step + 1) as f64 / (self.steps + 1) as f64,
            };
            for i in 0..n {
                let p = &mut parties[i];
                if let Some((offer, accepted)) = standing {
                    match p.respond(&state, offer) {
                        Response::Accept => {
                            if accepted + 1 >= n {
                                return Outcome {
                                    agreement: Some(offer),
                                    step: step + 1,
                                    timedout: false,
                                    ended: false,
                                    trace: offers,
                                };
                            }
                            standing = Some((offer, accepted + 1));
                            continue;
                        }
                        Response::End => {
                            return Outcome {
                                agreement: None,
                                step: step + 1,
                                timedout: false,
                                ended: true,
                                trace: offers,
                            };
                        }
                        Response::Reject => {}
                    }
                }
                standing = p.propose(&state).map(|o| (o, 1));
                if let Some((o, _)) = standing {
                    if trace {
                        offers.push(Offer {
                            step,
                            by: i,
                            outcome: o,
                        });
                    }
                    for (j, q) in parties.iter_mut().enumerate() {
                        if j != i {
                            q.observe(&state, i, o);
                        }
                    }
                }
            }
        }
        Outcome {
            agreement: None,
            step: self.steps,
            timedout: true,
            ended: false,
            trace: offers,
        }
    }
}
