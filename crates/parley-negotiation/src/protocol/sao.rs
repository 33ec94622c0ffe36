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
    /// The relative time at which `outcome` ended: an agreement or a walk-out at the clock
    /// the negotiators saw in that round, `step / (steps + 1)` ([`Outcome::step`] counts
    /// the round plus one); a timeout at the deadline, 1 (GENIUS's clock reads 1 there).
    pub fn end_time(&self, outcome: &Outcome) -> f64 {
        if outcome.timedout {
            1.0
        } else {
            outcome.step as f64 / (self.steps + 1) as f64
        }
    }

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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::strategy::{HardHeaded, Prefs, TimeBased};

    /// A strategy that offers outcome `offer` and leaves at round `leave`.
    struct Quitter {
        offer: usize,
        leave: usize,
    }

    impl Strategy for Quitter {
        fn name(&self) -> &str {
            "quitter"
        }
        fn propose(&mut self, _: &State) -> Option<usize> {
            Some(self.offer)
        }
        fn respond(&mut self, s: &State, _: usize) -> Response {
            if s.step >= self.leave {
                Response::End
            } else {
                Response::Reject
            }
        }
    }

    #[test]
    fn a_negotiation_ends_at_the_clock_of_its_last_round() {
        let sao = Sao { steps: 9 };
        let ended = |step, timedout| Outcome {
            agreement: None,
            step,
            timedout,
            ended: !timedout,
            trace: Vec::new(),
        };
        // The round s runs at (s + 1) / 10: ending after 3 rounds is 0.3, after all 9
        // (the last round's answer) 0.9; a timeout at the deadline, 1.
        assert_eq!(sao.end_time(&ended(3, false)), 0.3);
        assert_eq!(sao.end_time(&ended(9, false)), 0.9);
        assert_eq!(sao.end_time(&ended(9, true)), 1.0);
        assert_eq!(Sao { steps: 1 }.end_time(&ended(1, false)), 0.5);
    }

    #[test]
    fn a_negotiator_that_leaves_ends_it_without_agreement_at_that_round() {
        let p = Prefs::new((0..5).map(f64::from).collect(), f64::NEG_INFINITY);
        let mut parties: Vec<Box<dyn Strategy>> =
            vec![Box::new(HardHeaded::new(p)), Box::new(Quitter { offer: 0, leave: 3 })];
        let r = Sao { steps: 10 }.run(&mut parties, true);
        assert_eq!((r.agreement, r.step, r.timedout, r.ended), (None, 4, false, true));
        // Rounds 0..=2 each hold two offers, round 3 only the first party's.
        let by_round: Vec<(usize, usize, usize)> = r.trace.iter().map(|o| (o.step, o.by, o.outcome)).collect();
        assert_eq!(by_round.len(), 7);
        assert_eq!(by_round[0], (0, 0, 4));
        assert_eq!(by_round[1], (0, 1, 0));
        assert_eq!(by_round[6], (3, 0, 4));
        // Without --trace nothing is kept.
        let p = Prefs::new((0..5).map(f64::from).collect(), f64::NEG_INFINITY);
        let mut parties: Vec<Box<dyn Strategy>> =
            vec![Box::new(HardHeaded::new(p)), Box::new(Quitter { offer: 0, leave: 3 })];
        assert!(Sao { steps: 10 }.run(&mut parties, false).trace.is_empty());
    }

    #[test]
    fn time_runs_from_one_over_n_plus_one_and_three_parties_need_all_three() {
        // Everyone ranks the outcomes alike: the first offer (the best) is accepted by both
        // others in round 0, so the agreement comes at step 1.
        let same = || Prefs::new((0..5).map(f64::from).collect(), f64::NEG_INFINITY);
        let mut parties: Vec<Box<dyn Strategy>> = vec![
            Box::new(TimeBased::linear(same())),
            Box::new(TimeBased::linear(same())),
            Box::new(TimeBased::linear(same())),
        ];
        let r = Sao { steps: 5 }.run(&mut parties, true);
        assert_eq!((r.agreement, r.step), (Some(4), 1));
        assert_eq!(r.trace.len(), 1);
        // A third party that never accepts blocks what the other two agree on.
        let mut parties: Vec<Box<dyn Strategy>> = vec![
            Box::new(TimeBased::linear(same())),
            Box::new(TimeBased::linear(same())),
            Box::new(Quitter {
                offer: 0,
                leave: usize::MAX,
            }),
        ];
        let r = Sao { steps: 5 }.run(&mut parties, false);
        assert_eq!((r.agreement, r.step, r.timedout), (None, 5, true));
    }

    /// Records the times it is called at and whose offers it is told of.
    struct Recorder {
        me: usize,
        times: std::sync::Arc<std::sync::Mutex<Vec<f64>>>,
        seen: std::sync::Arc<std::sync::Mutex<Vec<usize>>>,
    }

    impl Strategy for Recorder {
        fn name(&self) -> &str {
            "recorder"
        }
        fn propose(&mut self, s: &State) -> Option<usize> {
            self.times.lock().unwrap().push(s.time);
            Some(self.me)
        }
        fn respond(&mut self, s: &State, _: usize) -> Response {
            self.times.lock().unwrap().push(s.time);
            Response::Reject
        }
        fn observe(&mut self, _: &State, by: usize, _: usize) {
            self.seen.lock().unwrap().push(by);
        }
    }

    #[test]
    fn round_s_of_n_is_at_time_s_plus_one_over_n_plus_one_and_offers_are_told_to_the_others() {
        let times = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let seen: Vec<_> = (0..3)
            .map(|_| std::sync::Arc::new(std::sync::Mutex::new(Vec::new())))
            .collect();
        let mut parties: Vec<Box<dyn Strategy>> = (0..3)
            .map(|i| -> Box<dyn Strategy> {
                Box::new(Recorder {
                    me: i,
                    times: if i == 0 {
                        times.clone()
                    } else {
                        std::sync::Arc::default()
                    },
                    seen: seen[i].clone(),
                })
            })
            .collect();
        let r = Sao { steps: 3 }.run(&mut parties, false);
        assert!(r.timedout);
        // Party 0 proposes in round 0, then answers and proposes in rounds 1 and 2.
        assert_eq!(*times.lock().unwrap(), [0.25, 0.5, 0.5, 0.75, 0.75]);
        // Each party is told of every offer but its own: 3 rounds × 2 others.
        for (i, s) in seen.iter().enumerate() {
            let s = s.lock().unwrap();
            assert_eq!(s.len(), 6, "{i}");
            assert!(s.iter().all(|&by| by != i), "{i}: {s:?}");
        }
    }
}
