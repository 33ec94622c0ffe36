//! The single-text mediated protocol (Raiffa 1982; Klein, Faratin, Sayama & Bar-Yam 2003).
//!
//! A mediator keeps one text (an outcome), starting from a given one (the status quo, say).
//! Each step it drafts a change of one issue's value; every party votes on the draft against
//! the current text and may veto it. A draft nobody vetoes replaces the text. After the last
//! step the text is the agreement if every party rates it at least its reservation value.
//!
//! Voters here are hill-climbers: a party vetoes a draft worth less to it than the current
//! text (NegMAS's veto single-text mechanism has the same vote). The mediator drafts at
//! random (seeded) or, when it has preferences of its own, picks the draft it likes best
//! among a few random ones: a mediator with a stake, as the article casts the US.

use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::space::OutcomeSpace;
use crate::strategy::Prefs;

/// The protocol's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SingleText {
    /// Drafts proposed.
    pub steps: usize,
    /// Seed of the mediator's drafts.
    pub seed: u64,
    /// Random drafts a mediator with preferences chooses among (1: it drafts at random).
    pub choices: usize,
}

/// How a mediated negotiation ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextOutcome {
    /// The final text, if every party accepts it over no agreement.
    pub agreement: Option<usize>,
    /// The final text whether or not it is agreed.
    pub text: usize,
    /// Drafts adopted.
    pub adopted: usize,
    /// Drafts vetoed.
    pub vetoed: usize,
}

impl SingleText {
    /// A starting text drawn uniformly from `space` with this run's seed (on a stream of
    /// its own, apart from the drafts'), for domains without a status quo: NegMAS's veto
    /// single-text mechanism starts from a random outcome too. None for an empty space.
    pub fn random_start(&self, space: &OutcomeSpace) -> Option<usize> {
        let n = space.size();
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(1);
        (n > 0).then(|| rng.random_range(0..n))
    }

    /// Run it among `parties` on `space`, from `start`; `mediator` (preferences of the
    /// mediator, when it has a stake) picks among `choices` drafts.
    pub fn run(&self, space: &OutcomeSpace, parties: &[&Prefs], mediator: Option<&Prefs>, start: usize) -> TextOutcome {
        let votes: Vec<&[f64]> = parties.iter().map(|p| p.utilities.as_slice()).collect();
        self.run_graded(space, parties, &votes, mediator.map(|m| m.utilities.as_slice()), start)
    }

    /// [`SingleText::run`] with the scores each party votes by (`votes[i][o]`) apart from the
    /// utilities that decide acceptance: a party for whom both the text and the draft are
    /// unacceptable (utility −∞, beyond a red line) still prefers the draft that breaks
    /// fewer of its red lines. The mediator drafts by its `mediator` scores.
    pub fn run_graded(
        &self,
        space: &OutcomeSpace,
        parties: &[&Prefs],
        votes: &[&[f64]],
        mediator: Option<&[f64]>,
        start: usize,
    ) -> TextOutcome {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        let issues: Vec<usize> = space.issues().iter().map(|i| i.values.len()).collect();
        let movable: Vec<usize> = (0..issues.len()).filter(|&k| issues[k] > 1).collect();
        let mut text = start;
        let (mut adopted, mut vetoed) = (0, 0);
        if !movable.is_empty() {
            for _ in 0..self.steps {
                let draft = |rng: &mut ChaCha8Rng| {
                    let mut v = space.outcome(text);
                    let k = movable[rng.random_range(0..movable.len())];
                    let mut x = rng.random_range(0..issues[k] - 1);
                    if x >= v[k] {
                        x += 1;
                    }
                    v[k] = x;
                    space.index(&v).unwrap_or(text)
                };
                let mut d = draft(&mut rng);
                if let Some(m) = mediator {
                    for _ in 1..self.choices.max(1) {
                        let e = draft(&mut rng);
                        if m[e] > m[d] {
                            d = e;
                        }
                    }
                }
                if votes.iter().all(|v| v[d] >= v[text]) {
                    text = d;
                    adopted += 1;
                } else {
                    vetoed += 1;
                }
            }
        }
        TextOutcome {
            agreement: parties.iter().all(|p| p.utilities[text] >= p.reserved).then_some(text),
            text,
            adopted,
            vetoed,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::space::Issue;

    fn space() -> OutcomeSpace {
        OutcomeSpace::new(vec![Issue::integer("x", 0, 4), Issue::integer("y", 0, 4)]).unwrap()
    }

    #[test]
    fn a_random_start_is_in_the_space_repeats_with_its_seed_and_covers_it() {
        let s = space();
        let st = |seed| SingleText {
            steps: 0,
            seed,
            choices: 1,
        };
        let starts: Vec<usize> = (0..400).map(|k| st(k).random_start(&s).unwrap()).collect();
        assert!(starts.iter().all(|&o| o < 25));
        // All 25 outcomes turn up over 400 seeds (a uniform draw misses one with
        // probability below 25 · (24/25)^400 ≈ 2e-6), and a seed gives the same start again.
        let mut seen = starts.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 25);
        assert_eq!(st(7).random_start(&s), Some(starts[7]));
        // With no steps the text stays at the start, agreed when nobody is below its reservation value.
        let p = Prefs::new(vec![0.0; 25], 0.0);
        let r = st(3).run(&s, &[&p, &p], None, starts[3]);
        assert_eq!(
            (r.text, r.agreement, r.adopted, r.vetoed),
            (starts[3], Some(starts[3]), 0, 0)
        );
    }

    #[test]
    fn the_text_only_moves_where_nobody_loses_and_ends_where_nobody_can_gain() {
        let s = space();
        // A wants x high and does not care about y; B wants y high and does not care about x.
        let a = Prefs::new((0..25).map(|o| f64::from(o / 5)).collect(), 0.0);
        let b = Prefs::new((0..25).map(|o| f64::from(o % 5)).collect(), 0.0);
        let r = SingleText {
            steps: 400,
            seed: 1,
            choices: 1,
        }
        .run(&s, &[&a, &b], None, 0);
        // Both can climb all the way: (4, 4) = outcome 24.
        assert_eq!((r.agreement, r.text), (Some(24), 24));
        assert_eq!(r.adopted + r.vetoed, 400);
        // Every adopted draft left both at least as well off, so neither ever lost.
        let same = SingleText {
            steps: 400,
            seed: 1,
            choices: 1,
        }
        .run(&s, &[&a, &b], None, 0);
        assert_eq!(r, same);
    }

    #[test]
    fn opposed_parties_veto_everything_and_a_stake_steers_the_drafts() {
        let s = space();
        // A and B want x in opposite directions; y is nobody's: only y can move.
        let a = Prefs::new((0..25).map(|o| f64::from(o / 5)).collect(), 0.0);
        let b = Prefs::new((0..25).map(|o| f64::from(4 - o / 5)).collect(), 0.0);
        let r = SingleText {
            steps: 200,
            seed: 3,
            choices: 1,
        }
        .run(&s, &[&a, &b], None, 12);
        assert_eq!(s.outcome(r.text)[0], 2, "x never moves");
        assert!(r.vetoed > 0 && r.agreement == Some(r.text));
        // A mediator that wants y at 4 gets it, since nobody else minds.
        let m = Prefs::new((0..25).map(|o| f64::from(o % 5)).collect(), 0.0);
        let r = SingleText {
            steps: 200,
            seed: 3,
            choices: 4,
        }
        .run(&s, &[&a, &b], Some(&m), 12);
        assert_eq!(s.outcome(r.text), [2, 4]);
        // The path is the seed's: among drafts it values alike the mediator keeps the first.
        assert_eq!((r.adopted, r.vetoed), (31, 169), "{r:?}");
        // A reservation value above the final text: no agreement.
        // An issue with a single value cannot be drafted on; the draws are the seed's.
        let one = OutcomeSpace::new(vec![Issue::integer("x", 0, 4), Issue::integer("fixed", 7, 7)]).unwrap();
        let up = Prefs::new((0..5).map(f64::from).collect(), 0.0);
        let r = SingleText {
            steps: 30,
            seed: 11,
            choices: 1,
        }
        .run(&one, &[&up], None, 0);
        assert_eq!((r.text, r.adopted, r.vetoed), (4, 3, 27));
        let picky = Prefs::new((0..25).map(|o| f64::from(o / 5)).collect(), 3.0);
        let r = SingleText {
            steps: 50,
            seed: 3,
            choices: 1,
        }
        .run(&s, &[&picky, &b], None, 12);
        assert_eq!(r.agreement, None);
    }
}
