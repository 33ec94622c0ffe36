//! Tournaments: every assignment of the agents to a domain's parties, on every domain,
//! repeated, in parallel, with results that do not depend on the number of threads.
//!
//! A domain with p parties is played by every p-tuple of the agents (repeats allowed, so an
//! agent also meets itself): with agents A and B on a bilateral domain, (A, A), (A, B),
//! (B, A), (B, B). Each negotiation gets its own seed, `seed + its index`, and the results
//! come back in that index order.

use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::analytics::{distance, nearest};
use crate::protocol::Sao;
use crate::strategy::{HardHeaded, Micro, Prefs, Random, Strategy, TimeBased, TitForTat};

/// The strategies a tournament (or one negotiation) can field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Time-based, exponent 4.
    Boulware,
    /// Time-based, exponent 1.
    Linear,
    /// Time-based, exponent 0.25.
    Conceder,
    /// Time-based, exponent 4, tolerance 0.001 (NegMAS's `AspirationNegotiator`).
    Aspiration,
    /// Naive tit-for-tat.
    TitForTat,
    /// MiCRO.
    Micro,
    /// Never concedes.
    Hardheaded,
    /// Random rational offers, accepts with probability 0.15.
    Random,
}

impl Kind {
    /// The strategy on `prefs`; `seed` drives its random choices, if any.
    pub fn build(self, prefs: Arc<Prefs>, seed: u64) -> Box<dyn Strategy> {
        match self {
            Self::Boulware => Box::new(TimeBased::boulware(prefs)),
            Self::Linear => Box::new(TimeBased::linear(prefs)),
            Self::Conceder => Box::new(TimeBased::conceder(prefs)),
            Self::Aspiration => Box::new(TimeBased::aspiration(prefs)),
            Self::TitForTat => Box::new(TitForTat::new(prefs)),
            Self::Micro => Box::new(Micro::new(prefs, seed)),
            Self::Hardheaded => Box::new(HardHeaded::new(prefs)),
            Self::Random => Box::new(Random::new(prefs, seed)),
        }
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Boulware => "boulware",
            Self::Linear => "linear",
            Self::Conceder => "conceder",
            Self::Aspiration => "aspiration",
            Self::TitForTat => "titfortat",
            Self::Micro => "micro",
            Self::Hardheaded => "hardheaded",
            Self::Random => "random",
        }
    }
}

/// What a tournament needs of a domain, built once and shared by all its negotiations.
#[derive(Debug, Clone)]
pub struct Arena {
    /// The domain's name.
    pub name: String,
    /// Each party's preferences.
    pub prefs: Vec<Arc<Prefs>>,
    /// The Pareto frontier (utility vectors).
    pub pareto: Vec<Vec<f64>>,
    /// The Nash point's utilities.
    pub nash: Option<Vec<f64>>,
}

/// One negotiation of a tournament.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Game {
    /// The domain.
    pub domain: String,
    /// The agent of each party, in party order.
    pub agents: Vec<Kind>,
    /// Repetition number (0-based).
    pub repetition: usize,
    /// The seed it ran with.
    pub seed: u64,
    /// The agreed outcome's number, if any.
    pub agreement: Option<usize>,
    /// Each party's utility of the agreement (None: no agreement).
    pub utilities: Option<Vec<f64>>,
    /// Rounds, counted as NegMAS does.
    pub step: usize,
    /// The rounds ran out.
    pub timedout: bool,
    /// Distance from the agreement to the nearest Pareto point (utility, Euclidean).
    pub pareto_distance: Option<f64>,
    /// Distance from the agreement to the Nash point.
    pub nash_distance: Option<f64>,
    /// Relative time at which it ended ([`Sao::end_time`]).
    pub time: f64,
    /// What each party ends with, discounted to `time` ([`Prefs::payoff`]: the agreement's
    /// utility or the reservation value, times δ^time; None: no reservation value).
    pub discounted: Vec<Option<f64>>,
}

/// Every p-tuple of `agents` (repeats allowed), in lexicographic order of agent index.
fn tuples(agents: &[Kind], p: usize) -> Vec<Vec<Kind>> {
    let mut out = vec![Vec::new()];
    for _ in 0..p {
        out = out
            .into_iter()
            .flat_map(|t| {
                agents.iter().map(move |&a| {
                    let mut t = t.clone();
                    t.push(a);
                    t
                })
            })
            .collect();
    }
    out
}

/// Run the tournament: `repetitions` of every assignment on every arena, `steps` rounds
/// each. `tick` is called once per finished negotiation (from any thread).
pub fn run(
    arenas: &[Arena],
    agents: &[Kind],
    repetitions: usize,
    steps: usize,
    seed: u64,
    tick: &(dyn Fn() + Sync),
) -> Vec<Game> {
    let mut plan: Vec<(usize, Vec<Kind>, usize)> = Vec::new();
    for (d, arena) in arenas.iter().enumerate() {
        for t in tuples(agents, arena.prefs.len()) {
            for r in 0..repetitions {
                plan.push((d, t.clone(), r));
            }
        }
    }
    plan.into_par_iter()
        .enumerate()
        .map(|(i, (d, kinds, repetition))| {
            let arena = &arenas[d];
            let game_seed = seed.wrapping_add(i as u64);
            let mut parties: Vec<Box<dyn Strategy>> = kinds
                .iter()
                .zip(&arena.prefs)
                .enumerate()
                .map(|(j, (k, p))| k.build(p.clone(), game_seed.wrapping_mul(31).wrapping_add(j as u64)))
                .collect();
            let sao = Sao { steps };
            let r = sao.run(&mut parties, false);
            let time = sao.end_time(&r);
            let utilities = r
                .agreement
                .map(|o| arena.prefs.iter().map(|p| p.utilities[o]).collect::<Vec<f64>>());
            tick();
            Game {
                domain: arena.name.clone(),
                agents: kinds,
                repetition,
                seed: game_seed,
                agreement: r.agreement,
                pareto_distance: utilities
                    .as_ref()
                    .map(|u| nearest(u, arena.pareto.iter().map(Vec::as_slice))),
                nash_distance: utilities.as_ref().zip(arena.nash.as_ref()).map(|(u, n)| distance(u, n)),
                utilities,
                step: r.step,
                timedout: r.timedout,
                time,
                discounted: arena.prefs.iter().map(|p| p.payoff(r.agreement, time)).collect(),
            }
        })
        .collect()
}

/// One agent's totals over a tournament.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    /// The agent.
    pub agent: Kind,
    /// Negotiations it took part in (once per seat: an agent meeting itself counts twice).
    pub negotiations: usize,
    /// Of those, with an agreement.
    pub agreements: usize,
    /// Mean utility it got, counting no agreement as its reservation value (0 when none).
    pub mean_utility: f64,
    /// Mean utility over its agreements only (None without any).
    pub mean_agreed_utility: Option<f64>,
    /// Mean of what it ended with, discounted ([`Game::discounted`]; no reservation value
    /// counts 0): the ANAC score. Equal to `mean_utility` on domains without discounting.
    pub mean_discounted: f64,
}

/// Totals per agent, in the order of `agents`.
pub fn standings(games: &[Game], arenas: &[Arena], agents: &[Kind]) -> Vec<Standing> {
    agents
        .iter()
        .map(|&k| {
            let (mut n, mut agreed, mut total, mut agreed_total) = (0usize, 0usize, 0.0, 0.0);
            let mut discounted = 0.0;
            for g in games {
                let arena = arenas.iter().find(|a| a.name == g.domain);
                for (seat, &a) in g.agents.iter().enumerate() {
                    if a != k {
                        continue;
                    }
                    n += 1;
                    discounted += g.discounted[seat].unwrap_or(0.0);
                    match &g.utilities {
                        Some(u) => {
                            agreed += 1;
                            total += u[seat];
                            agreed_total += u[seat];
                        }
                        None => {
                            let r = arena.map_or(0.0, |a| a.prefs[seat].reserved);
                            total += if r.is_finite() { r } else { 0.0 };
                        }
                    }
                }
            }
            Standing {
                agent: k,
                negotiations: n,
                agreements: agreed,
                mean_utility: if n > 0 { total / n as f64 } else { 0.0 },
                mean_agreed_utility: (agreed > 0).then(|| agreed_total / agreed as f64),
                mean_discounted: if n > 0 { discounted / n as f64 } else { 0.0 },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A 3 × 3 bilateral domain where the two parties rank the outcomes oppositely.
    fn arena() -> Arena {
        let a: Vec<f64> = (0..9).map(f64::from).collect();
        let b: Vec<f64> = (0..9).rev().map(f64::from).collect();
        Arena {
            name: "toy".into(),
            prefs: vec![Prefs::new(a, 0.0), Prefs::new(b, 0.0)],
            pareto: (0..9).map(|i| vec![f64::from(i), f64::from(8 - i)]).collect(),
            nash: Some(vec![4.0, 4.0]),
        }
    }

    #[test]
    fn every_assignment_is_played_in_order_and_the_same_on_any_thread_count() {
        let agents = [Kind::Boulware, Kind::Micro];
        let arenas = [arena()];
        let count = std::sync::atomic::AtomicUsize::new(0);
        let tick = || {
            count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        };
        let games = run(&arenas, &agents, 2, 20, 7, &tick);
        assert_eq!(count.into_inner(), 8);
        let order: Vec<(Vec<Kind>, usize)> = games.iter().map(|g| (g.agents.clone(), g.repetition)).collect();
        assert_eq!(order[0], (vec![Kind::Boulware, Kind::Boulware], 0));
        assert_eq!(order[1], (vec![Kind::Boulware, Kind::Boulware], 1));
        assert_eq!(order[2], (vec![Kind::Boulware, Kind::Micro], 0));
        assert_eq!(order[7], (vec![Kind::Micro, Kind::Micro], 1));
        assert_eq!(
            games.iter().map(|g| g.seed).collect::<Vec<_>>(),
            (7..15).collect::<Vec<_>>()
        );
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let again = one.install(|| run(&arenas, &agents, 2, 20, 7, &|| {}));
        assert_eq!(games, again);
        // Every agreement is on the frontier here (every outcome is Pareto-optimal).
        assert!(games.iter().filter_map(|g| g.pareto_distance).all(|d| d == 0.0));
        let st = standings(&games, &arenas, &agents);
        assert_eq!(st[0].negotiations, 8);
        assert_eq!(st[1].negotiations, 8);
        assert!(st.iter().all(|s| s.agreements <= s.negotiations));
    }

    #[test]
    fn discounted_payoffs_and_their_standing() {
        // Party 0 discounts by 0.25 per unit of time and has reservation value 4; party 1
        // does not discount and has none.
        let mut a = arena();
        a.prefs[0] = Prefs::discounted((0..9).map(f64::from).collect(), 4.0, 0.25);
        a.prefs[1] = Prefs::new((0..9).rev().map(f64::from).collect(), f64::NEG_INFINITY);
        // Hard-headed meets hard-headed: no agreement in 3 rounds, a timeout at time 1.
        let games = run(std::slice::from_ref(&a), &[Kind::Hardheaded], 1, 3, 0, &|| {});
        assert_eq!((games[0].step, games[0].time), (3, 1.0));
        assert_eq!(games[0].discounted, vec![Some(4.0 * 0.25), None]);
        // Random agents agree somewhere; each game's payoffs from its own agreement and time.
        let games = run(
            std::slice::from_ref(&a),
            &[Kind::Random, Kind::Boulware],
            2,
            20,
            5,
            &|| {},
        );
        assert!(games.iter().any(|g| g.agreement.is_some()));
        for g in &games {
            let t = if g.timedout { 1.0 } else { g.step as f64 / 21.0 };
            assert_eq!(g.time, t);
            let u0 = g.agreement.map_or(4.0, |o| o as f64);
            assert_eq!(g.discounted[0], Some(u0 * 0.25f64.powf(t)));
            assert_eq!(g.discounted[1], g.agreement.map(|o| (8 - o) as f64));
        }
        let st = standings(&games, std::slice::from_ref(&a), &[Kind::Random, Kind::Boulware]);
        for (k, s) in [Kind::Random, Kind::Boulware].iter().zip(&st) {
            let mut got = Vec::new();
            for g in &games {
                for (seat, x) in g.agents.iter().enumerate() {
                    if x == k {
                        got.push(g.discounted[seat].unwrap_or(0.0));
                    }
                }
            }
            assert_eq!(s.negotiations, got.len());
            assert!((s.mean_discounted - got.iter().sum::<f64>() / got.len() as f64).abs() < 1e-12);
        }
        // Seat 0's discounting makes its score smaller than its undiscounted mean.
        assert!(st.iter().any(|s| s.mean_discounted < s.mean_utility));
    }

    #[test]
    fn tuples_cover_every_seat_assignment() {
        let t = tuples(&[Kind::Linear, Kind::Conceder], 3);
        assert_eq!(t.len(), 8);
        assert_eq!(t[0], [Kind::Linear; 3]);
        assert_eq!(t[5], [Kind::Conceder, Kind::Linear, Kind::Conceder]);
        assert_eq!(tuples(&[Kind::Micro], 2), [[Kind::Micro, Kind::Micro]]);
    }

    #[test]
    fn no_agreement_counts_the_reservation_value_in_the_standings() {
        // Two hard-headed agents on opposed preferences never agree. Party 0 has a
        // reservation value of 2, party 1 none (counted as 0).
        let mut a = arena();
        a.prefs[0] = Prefs::new((0..9).map(f64::from).collect(), 2.0);
        let games = run(std::slice::from_ref(&a), &[Kind::Hardheaded], 1, 10, 0, &|| {});
        assert_eq!(games.len(), 1);
        assert_eq!((games[0].utilities.clone(), games[0].timedout), (None, true));
        assert_eq!(games[0].pareto_distance, None);
        let st = standings(&games, std::slice::from_ref(&a), &[Kind::Hardheaded]);
        assert_eq!(st[0].negotiations, 2);
        assert_eq!(st[0].agreements, 0);
        assert_eq!(st[0].mean_utility, 1.0);
        assert_eq!(st[0].mean_agreed_utility, None);
        // An agreement counts the seat's own utility: (8, 0) with a Conceder accepting.
        let games = run(
            std::slice::from_ref(&arena()),
            &[Kind::Hardheaded, Kind::Random],
            1,
            200,
            3,
            &|| {},
        );
        let st = standings(
            &games,
            std::slice::from_ref(&arena()),
            &[Kind::Hardheaded, Kind::Random],
        );
        assert!(st.iter().all(|s| s.negotiations == 4));
        // The standings recounted from the games by hand.
        for (k, s) in [Kind::Hardheaded, Kind::Random].iter().zip(&st) {
            let (mut n, mut got, mut agreed) = (0.0, 0.0, Vec::new());
            for g in &games {
                for (seat, a) in g.agents.iter().enumerate() {
                    if a == k {
                        n += 1.0;
                        if let Some(u) = &g.utilities {
                            got += u[seat];
                            agreed.push(u[seat]);
                        }
                    }
                }
            }
            assert_eq!(s.agreements, agreed.len());
            assert!((s.mean_utility - got / n).abs() < 1e-12);
            let mean_agreed = (!agreed.is_empty()).then(|| agreed.iter().sum::<f64>() / agreed.len() as f64);
            assert_eq!(s.mean_agreed_utility, mean_agreed);
        }
        assert!(st.iter().any(|s| s.agreements > 0));
        // Distances: every outcome is on this frontier. The Nash point is an input here; off
        // the line u0 + u1 = 8 at (2, 6), so that no other formula agrees by symmetry.
        let mut off = arena();
        off.nash = Some(vec![2.0, 6.0]);
        let games = run(
            std::slice::from_ref(&off),
            &[Kind::Hardheaded, Kind::Random],
            1,
            200,
            3,
            &|| {},
        );
        for g in games.iter().filter(|g| g.utilities.is_some()) {
            let u = g.utilities.clone().unwrap();
            assert_eq!(g.pareto_distance, Some(0.0));
            let want = ((u[0] - 2.0).powi(2) + (u[1] - 6.0).powi(2)).sqrt();
            assert!(
                (g.nash_distance.unwrap() - want).abs() < 1e-12,
                "{u:?} {:?}",
                g.nash_distance
            );
        }
        assert!(games.iter().any(|g| g.nash_distance.is_some_and(|d| d > 1.0)));
        // An agent that played nothing has zeros, not NaN.
        let none = standings(&games, std::slice::from_ref(&arena()), &[Kind::Linear]);
        assert_eq!(
            (
                none[0].negotiations,
                none[0].mean_utility,
                none[0].mean_agreed_utility,
                none[0].mean_discounted
            ),
            (0, 0.0, None, 0.0)
        );
        assert_eq!(Kind::Random.name(), "random");
        assert_eq!(Kind::Hardheaded.name(), "hardheaded");
    }
}
