//! Bueno de Mesquita's expected utility model (EUM), after Scholz, Calbert & Smith (2011).
//!
//! # Algorithm
//! Issue by issue, actors with a stated position challenge, compromise with or
//! capitulate to each other round by round. Each round:
//! 1. the weighted median μ (the Condorcet winner among actor positions, votes
//!    weighted by capability × salience; the lower one on an exact tie) and mean;
//! 2. every expected utility `E^i(U_ij)` with risk exponent 1, the security
//!    `Sec_i = Σ_{j≠i} E^j(U_ji)`, the risk exponents `r_i = (1 − R_i/3)/(1 + R_i/3)`;
//! 3. the expected utilities again with the new `r_i`, and from each pair the
//!    offer of conflict, compromise or capitulation (see `docs/EUM.md`);
//! 4. every actor takes at most one offer (conflict before compromise before
//!    capitulation, the one that moves it least; ties: the lower target, then
//!    the lower actor index); all move at once.
//!
//! The probability of success `P_ij` (eqs. 30–31) as printed has votes that are
//! piecewise linear in each voter's position, so with actors sorted by position
//! and prefix sums of `w = c·s` and `w·x`, any `P_ij` costs O(1) once the pair's
//! midpoint is placed among the positions. The security pass (risk exponents 1)
//! has utilities linear in the distance, so each actor's security is
//! `2(1 − 2s_i)·Σ_j d_ij + 4s_i·Σ_j d_ij P_ji`: both sums depend on the actor only
//! through its position and are computed once per distinct position (one division
//! per pair of positions), O(g²) for g distinct positions, in parallel blocks
//! whose sums are added in an order fixed by the positions alone (results do not
//! depend on the thread count). Readings that raise votes to the voters' risk
//! exponents (`p_risk = true`, the published `scholz-code` reading) keep, for each
//! distinct position, cumulative sums of the powered distances of the voters in
//! position order (`PoweredVotes`): O(n·g) to set up, O(1) a pair after it, the
//! same midpoint search. (The straightforward O(n³) summation stays as the oracle
//! path of [`one_round`] with `direct = true`.)
//!
//! A forecast needs only the moves ([`Detail::Moves`]): each actor's best offer is
//! found by scanning its partners outward by distance (`P_ij` of one pair in
//! O(log n) by binary search, the same arithmetic as the row sweep): a conflict
//! outranks every other offer and is keyed by the distance, so the scan stops once
//! it holds one and no nearer partner is left. Dynamics, which report the pair
//! counts, visit every pair in the offer pass.
//!
//! # Requirements
//! Positions on each issue; actors with no stated position on an issue
//! (filled-in defaults) sit that issue out.
//!
//! # References
//! Bueno de Mesquita, B. (1994). "Political forecasting: an expected utility
//! method", in *European Community Decision Making*, Yale UP.
//! Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). "Unravelling Bueno de
//! Mesquita's group decision model", *J. Theoretical Politics* 23(4), 510–531,
//! doi:10.1177/0951629811418142; ICAART 2011, doi:10.5220/0003121500180030.

use rayon::prelude::*;
use serde::Serialize;

use parley_core::Scenario;

use crate::model::{Forecast, Model, ModelError, ModelInfo, ParamInfo, Termination};
use crate::params::Params;

/// Rows at or above this size are processed in parallel.
const PAR_MIN: usize = 64;

/// How the denominator of `P_ij` is summed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PDenominator {
    /// `Σ_k w_k |d_k|` over all actors, as printed (so `P_ij + P_ji = 1`).
    Actors,
    /// The sum over all actor pairs (Scholz's code, per the jmckib reimplementation).
    Pairs,
}

/// Whose risk exponent values the two sides of a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Perspective {
    /// `E^i(U_ij)` with `r_i` and `E^j(U_ji)` with `r_j`, as printed.
    Each,
    /// Both from the point of view of the actor receiving the offer (Scholz's code).
    Receiver,
}

/// Who loses a conflict (both expected utilities positive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictRule {
    /// The side with the lower probability of winning moves to the winner (printed).
    Probability,
    /// The side with the lower expected utility moves (Scholz's code).
    ExpectedUtility,
    /// Conflicts end in nobody moving.
    NoMove,
}

/// How an actor chooses among several compromise offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompromiseChoice {
    /// The offer that moves it least (printed).
    LeastMove,
    /// The lowest EU-weighted midpoint (Scholz's code, per the jmckib reimplementation).
    ScholzCode,
}

/// Which range `R` normalises distances.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeRule {
    /// max − min of the current positions, every round (printed).
    Round,
    /// max − min of the initial positions (Scholz's code).
    Initial,
}

/// When to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StopRule {
    /// Run exactly `rounds` rounds (Scholz et al.), unless all positions meet.
    Rounds,
    /// Stop early once no position moves by more than `tolerance` × the initial range.
    Converged,
}

/// Parameters of the EUM, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EumParams {
    /// Probability of the status quo, Q ∈ [0, 1].
    pub q: f64,
    /// Maximum number of rounds.
    pub rounds: usize,
    /// Stopping rule.
    pub stop: StopRule,
    /// Convergence tolerance, relative to the initial range.
    pub tolerance: f64,
    /// Denominator of P.
    pub p_denominator: PDenominator,
    /// Raise each voter's distances to its risk exponent in P.
    pub p_risk: bool,
    /// Whose risk exponent values each side.
    pub perspective: Perspective,
    /// Conflict rule.
    pub conflict: ConflictRule,
    /// Does capitulation happen (printed: yes)?
    pub capitulation: bool,
    /// Choice among compromises.
    pub compromise_choice: CompromiseChoice,
    /// Range rule.
    pub range: RangeRule,
}

/// The default is the published model: the reading of Scholz's code, which reproduces the
/// published Table 2 (the formulas as printed collapse to consensus in a round or two).
impl Default for EumParams {
    fn default() -> Self {
        Self::scholz_code()
    }
}

impl EumParams {
    /// The model as printed in Scholz et al. (2011) and `shared/reference/eum.md`.
    pub fn printed() -> Self {
        Self {
            q: 1.0,
            rounds: 10,
            stop: StopRule::Rounds,
            tolerance: 1e-6,
            p_denominator: PDenominator::Actors,
            p_risk: false,
            perspective: Perspective::Each,
            conflict: ConflictRule::Probability,
            capitulation: true,
            compromise_choice: CompromiseChoice::LeastMove,
            range: RangeRule::Round,
        }
    }

    /// The reading of Scholz's own code, as reimplemented by jmckib/bdm-scholz-expected-utility-model,
    /// which reproduces Table 2.
    pub fn scholz_code() -> Self {
        Self {
            p_denominator: PDenominator::Pairs,
            p_risk: true,
            perspective: Perspective::Receiver,
            conflict: ConflictRule::ExpectedUtility,
            capitulation: false,
            compromise_choice: CompromiseChoice::ScholzCode,
            range: RangeRule::Initial,
            ..Self::printed()
        }
    }

    /// Read from a `[model.eum]` table (and `--param eum.KEY=VALUE`).
    pub fn from_params(p: &Params) -> Result<Self, ModelError> {
        p.only(&[
            "reading",
            "q",
            "rounds",
            "stop",
            "tolerance",
            "p_denominator",
            "p_risk",
            "perspective",
            "conflict",
            "capitulation",
            "compromise_choice",
            "range",
        ])?;
        // "published" names the default as the docs call it.
        let mut e = match p.choice("reading", "scholz-code", &["printed", "scholz-code", "published"])? {
            "printed" => Self::printed(),
            _ => Self::scholz_code(),
        };
        e.q = p.f64("q", e.q, 0.0, 1.0)?;
        e.rounds = p.usize("rounds", e.rounds, 1, 10_000)?;
        e.tolerance = p.f64("tolerance", e.tolerance, 0.0, 1.0)?;
        e.stop = match p.choice(
            "stop",
            name(e.stop == StopRule::Rounds, "rounds", "converged"),
            &["rounds", "converged"],
        )? {
            "converged" => StopRule::Converged,
            _ => StopRule::Rounds,
        };
        e.p_denominator = match p.choice(
            "p_denominator",
            name(e.p_denominator == PDenominator::Actors, "actors", "pairs"),
            &["actors", "pairs"],
        )? {
            "pairs" => PDenominator::Pairs,
            _ => PDenominator::Actors,
        };
        e.p_risk = p.bool("p_risk", e.p_risk)?;
        e.perspective = match p.choice(
            "perspective",
            name(e.perspective == Perspective::Each, "each", "receiver"),
            &["each", "receiver"],
        )? {
            "receiver" => Perspective::Receiver,
            _ => Perspective::Each,
        };
        let conflict_default = match e.conflict {
            ConflictRule::Probability => "probability",
            ConflictRule::ExpectedUtility => "expected_utility",
            ConflictRule::NoMove => "no_move",
        };
        e.conflict = match p.choice(
            "conflict",
            conflict_default,
            &["probability", "expected_utility", "no_move"],
        )? {
            "expected_utility" => ConflictRule::ExpectedUtility,
            "no_move" => ConflictRule::NoMove,
            _ => ConflictRule::Probability,
        };
        e.capitulation = p.bool("capitulation", e.capitulation)?;
        e.compromise_choice = match p.choice(
            "compromise_choice",
            name(
                e.compromise_choice == CompromiseChoice::LeastMove,
                "least_move",
                "scholz_code",
            ),
            &["least_move", "scholz_code"],
        )? {
            "scholz_code" => CompromiseChoice::ScholzCode,
            _ => CompromiseChoice::LeastMove,
        };
        e.range = match p.choice(
            "range",
            name(e.range == RangeRule::Round, "round", "initial"),
            &["round", "initial"],
        )? {
            "initial" => RangeRule::Initial,
            _ => RangeRule::Round,
        };
        Ok(e)
    }
}

fn name(first: bool, a: &'static str, b: &'static str) -> &'static str {
    if first { a } else { b }
}

/// Kind of a move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MoveKind {
    /// Lost a conflict: moved to the winner's position.
    Conflict,
    /// Moved part of the way.
    Compromise,
    /// Moved all the way without a fight.
    Capitulation,
}

/// One actor's move in a round.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Move {
    /// Index of the actor that moved (into the issue's actor list).
    pub actor: usize,
    /// Index of the actor whose offer it took.
    pub towards: usize,
    /// Kind.
    pub kind: MoveKind,
    /// Position before.
    pub from: f64,
    /// Position after.
    pub to: f64,
}

/// One round of one issue. Round 0 is the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundRecord {
    /// Round number.
    pub round: usize,
    /// Positions after the round.
    pub positions: Vec<f64>,
    /// Weighted median after the round.
    pub median: f64,
    /// Weighted mean after the round.
    pub mean: f64,
    /// Risk exponents used in the round (empty for round 0).
    pub risk: Vec<f64>,
    /// Moves made in the round.
    pub moves: Vec<Move>,
    /// Pairs in stalemate / conflict / compromise / capitulation this round (offers considered).
    pub counts: OfferCounts,
    /// Every pair's interaction (recorded runs with at most [`PAIRS_MAX`] actors; else empty).
    pub pairs: Vec<PairOutcome>,
}

/// How many pairs ended in each kind of interaction in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, serde::Deserialize)]
pub struct OfferCounts {
    /// Both sides negative.
    pub stalemate: usize,
    /// Both sides positive.
    pub conflict: usize,
    /// One positive, larger in magnitude.
    pub compromise: usize,
    /// One positive, smaller in magnitude.
    pub capitulation: usize,
}

/// What happened between two actors in a round (the pair's expected utilities
/// as seen from the actor earlier in position order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PairKind {
    /// Both would challenge.
    Conflict,
    /// One would challenge, and its gain outweighs the other's loss.
    Compromise,
    /// One would challenge, and the other's loss outweighs its gain.
    Capitulation,
    /// Neither would challenge.
    Stalemate,
}

/// One pair's interaction in a round (recorded for up to [`PAIRS_MAX`] actors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PairOutcome {
    /// Lower actor index.
    pub a: usize,
    /// Higher actor index.
    pub b: usize,
    /// What happened.
    pub kind: PairKind,
    /// Who challenged, when only one did.
    pub challenger: Option<usize>,
}

/// Pairs are recorded for issues with at most this many actors.
pub const PAIRS_MAX: usize = 30;

/// Why the rounds stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stopped {
    /// The round limit was reached.
    MaxRounds,
    /// No position moved by more than the tolerance.
    Converged,
    /// All positions are equal.
    Consensus,
}

impl Stopped {
    /// Name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Stopped::MaxRounds => "max_rounds",
            Stopped::Converged => "converged",
            Stopped::Consensus => "consensus",
        }
    }
}

/// The result of the EUM on one issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueRun {
    /// Every round, from round 0 (only the last one unless recording was asked for).
    pub rounds: Vec<RoundRecord>,
    /// Rounds played.
    pub played: usize,
    /// Why it stopped.
    pub stopped: Stopped,
}

impl IssueRun {
    /// The last round.
    pub fn last(&self) -> Option<&RoundRecord> {
        self.rounds.last()
    }
}

/// Weighted median among actor positions: the lowest position whose cumulative
/// weight reaches half (the Condorcet winner with |·| utilities; lower on a tie).
pub fn eum_median(x: &[f64], w: &[f64]) -> f64 {
    let mut order: Vec<usize> = (0..x.len()).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let total: f64 = w.iter().sum();
    if total <= 0.0 {
        return order.get(order.len() / 2).map_or(0.0, |&i| x[i]);
    }
    let mut cum = 0.0;
    for &i in &order {
        cum += w[i];
        if cum >= total / 2.0 {
            return x[i];
        }
    }
    order.last().map_or(0.0, |&i| x[i])
}

/// Weighted mean `Σ w x / Σ w` (plain mean when all weights are zero).
pub fn eum_mean(x: &[f64], w: &[f64]) -> f64 {
    let total: f64 = w.iter().sum();
    if total <= 0.0 {
        return x.iter().sum::<f64>() / x.len().max(1) as f64;
    }
    x.iter().zip(w).map(|(a, b)| a * b).sum::<f64>() / total
}

/// `2 − 4 b^r` for a base `b` in [0, 1].
#[inline]
fn util(base: f64, r: f64) -> f64 {
    let b = base.clamp(0.0, 1.0);
    if r == 1.0 { 2.0 - 4.0 * b } else { 2.0 - 4.0 * b.powf(r) }
}

/// The two bases of a pair's success and failure utilities, `0.5 ∓ 0.5 d`, and their logarithms.
#[derive(Clone, Copy)]
struct PairLogs {
    d: f64,
    b_success: f64,
    b_failure: f64,
    l_success: f64,
    l_failure: f64,
}

impl PairLogs {
    /// Bases and logarithms (for any risk exponent).
    #[inline]
    fn new(d: f64) -> Self {
        let mut p = Self::linear(d);
        p.l_success = p.b_success.ln();
        p.l_failure = p.b_failure.ln();
        p
    }
    /// Bases only: valid for r = 1 alone (the first pass of a round).
    #[inline]
    fn linear(d: f64) -> Self {
        let b_success = (0.5 - 0.5 * d).clamp(0.0, 1.0);
        let b_failure = (0.5 + 0.5 * d).clamp(0.0, 1.0);
        Self {
            d,
            b_success,
            b_failure,
            l_success: f64::NAN,
            l_failure: f64::NAN,
        }
    }
    /// `2 − 4 b^r` from `exp(r ln b)`; exact at r = 1.
    #[inline]
    fn pow(b: f64, l: f64, r: f64) -> f64 {
        if r == 1.0 {
            2.0 - 4.0 * b
        } else {
            2.0 - 4.0 * (r * l).exp()
        }
    }
    #[inline]
    fn success(&self, r: f64) -> f64 {
        Self::pow(self.b_success, self.l_success, r)
    }
    #[inline]
    fn failure(&self, r: f64) -> f64 {
        Self::pow(self.b_failure, self.l_failure, r)
    }
}

/// Everything about one round that does not depend on the pair.
struct RoundCtx<'a> {
    p: &'a EumParams,
    x: &'a [f64],
    s: &'a [f64],
    w: &'a [f64],
    range: f64,
    median: f64,
    /// Sorted positions, their original indices and prefix sums of w and w·x.
    sx: Vec<f64>,
    order: Vec<usize>,
    pw: Vec<f64>,
    pwx: Vec<f64>,
    /// Per sorted rank t: `#{x < sx[t]}` and `#{x ≤ sx[t]}`.
    lt: Vec<usize>,
    le: Vec<usize>,
    /// The constant denominator of the `pairs` reading.
    pairs_den: f64,
    /// Risk exponents for P votes (`p_risk`), else empty.
    vote_r: Vec<f64>,
    /// Every `P_ij` by direct summation over the voters, O(n) a pair (the oracle path of
    /// [`one_round`]).
    direct: bool,
    /// Votes raised to the exponents of `vote_r` by cumulative sums (not `direct`).
    powered: Option<PoweredVotes>,
}

impl<'a> RoundCtx<'a> {
    fn new(
        p: &'a EumParams,
        x: &'a [f64],
        s: &'a [f64],
        w: &'a [f64],
        range: f64,
        vote_r: Vec<f64>,
        direct: bool,
    ) -> Self {
        let n = x.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
        let sx: Vec<f64> = order.iter().map(|&i| x[i]).collect();
        let mut pw = vec![0.0; n + 1];
        let mut pwx = vec![0.0; n + 1];
        for (t, &i) in order.iter().enumerate() {
            pw[t + 1] = pw[t] + w[i];
            pwx[t + 1] = pwx[t] + w[i] * x[i];
        }
        let mut lt = vec![0; n];
        let mut le = vec![0; n];
        let mut t = 0;
        while t < n {
            let mut e = t + 1;
            while e < n && sx[e] == sx[t] {
                e += 1;
            }
            lt[t..e].fill(t);
            le[t..e].fill(e);
            t = e;
        }
        let mut ctx = Self {
            p,
            x,
            s,
            w,
            range,
            median: eum_median(x, w),
            sx,
            order,
            pw,
            pwx,
            lt,
            le,
            pairs_den: 0.0,
            vote_r,
            direct,
            powered: None,
        };
        let pairs = p.p_denominator == PDenominator::Pairs;
        if direct {
            if pairs {
                ctx.pairs_den = ctx.pairs_denominator();
            }
        } else if pairs || !ctx.vote_r.is_empty() {
            let (powered, den) = PoweredVotes::new(&ctx, !ctx.vote_r.is_empty());
            ctx.pairs_den = if pairs { den } else { 0.0 };
            ctx.powered = powered;
        }
        ctx
    }

    /// Vote of voter k for x_i over x_j: `(|x_k − x_j|/R)^r − (|x_k − x_i|/R)^r` (r = 1 unless `p_risk`).
    #[inline]
    fn vote(&self, k: usize, xi: f64, xj: f64) -> f64 {
        let dj = (self.x[k] - xj).abs() / self.range;
        let di = (self.x[k] - xi).abs() / self.range;
        match self.vote_r.get(k) {
            Some(&r) if r != 1.0 => dj.powf(r) - di.powf(r),
            _ => dj - di,
        }
    }

    /// Σ_k w_k Σ_{a,b} |vote_k(x_a, x_b)|: for each voter, the sum of all pairwise
    /// differences of its (transformed) distances, from the sorted distances. O(n² log n):
    /// the oracle path's; the fast path merges the distances instead ([`PoweredVotes::new`]).
    fn pairs_denominator(&self) -> f64 {
        let n = self.x.len();
        let per_voter = |k: usize| -> f64 {
            let r = self.vote_r.get(k).copied().unwrap_or(1.0);
            let mut d: Vec<f64> = self
                .x
                .iter()
                .map(|&xa| {
                    let v = (self.x[k] - xa).abs() / self.range;
                    if r == 1.0 { v } else { v.powf(r) }
                })
                .collect();
            d.sort_by(f64::total_cmp);
            // Σ_{a<b} (d_b − d_a) = Σ_t d_t (2t − n + 1); ordered pairs count twice.
            let s: f64 = d
                .iter()
                .enumerate()
                .map(|(t, v)| v * (2.0 * t as f64 - n as f64 + 1.0))
                .sum();
            self.w[k] * 2.0 * s
        };
        let parts: Vec<f64> = if crate::parallel::inner(n, PAR_MIN) {
            (0..n).into_par_iter().map(per_voter).collect()
        } else {
            (0..n).map(per_voter).collect()
        };
        parts.iter().sum()
    }

    /// `(N_ij, N_ji, D_ij)` by direct summation over voters: O(n).
    fn p_terms_direct(&self, i: usize, j: usize) -> (f64, f64, f64) {
        let (xi, xj) = (self.x[i], self.x[j]);
        let (mut nij, mut nji) = (0.0, 0.0);
        for k in 0..self.x.len() {
            let v = self.w[k] * self.vote(k, xi, xj);
            if v > 0.0 {
                nij += v;
            } else {
                nji -= v;
            }
        }
        (nij, nji, nij + nji)
    }

    /// `P_ij` and `P_ji` from the numerators and the pair's denominator.
    #[inline]
    fn probabilities(&self, nij: f64, nji: f64, dij: f64) -> (f64, f64) {
        let den = match self.p.p_denominator {
            PDenominator::Actors => dij,
            PDenominator::Pairs => self.pairs_den,
        };
        if den > 0.0 { (nij / den, nji / den) } else { (0.0, 0.0) }
    }

    /// `E^i(U_ij)`: i challenges j, valued with risk exponent `r`, given `P_ij`.
    fn expected(&self, i: usize, j: usize, pij: f64, r: f64) -> f64 {
        let d = (self.x[i] - self.x[j]).abs() / self.range;
        let pair = if r == 1.0 {
            PairLogs::linear(d)
        } else {
            PairLogs::new(d)
        };
        self.expected_with(i, j, pij, r, util(0.5, r), &pair)
    }

    /// [`Self::expected`] with the status-quo utility and the pair's logarithms precomputed:
    /// both sides of a pair share `ln(0.5 ∓ 0.5 d)`, so each side costs two `exp` instead of
    /// three `powf`.
    #[inline(always)]
    fn expected_with(&self, i: usize, j: usize, pij: f64, r: f64, usq: f64, pair: &PairLogs) -> f64 {
        self.expected_from(i, j, pij, r, usq, pair, [pair.success(r), pair.failure(r)])
    }

    /// [`Self::expected_with`] given `[U_s, U_f]` at exponent r (the same bits when they come
    /// from `pair`).
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn expected_from(
        &self,
        i: usize,
        j: usize,
        pij: f64,
        r: f64,
        usq: f64,
        pair: &PairLogs,
        [us, uf]: [f64; 2],
    ) -> f64 {
        let sj = self.s[j];
        let mut e = sj * (pij * us + (1.0 - pij) * uf) + (1.0 - sj) * us - self.p.q * usq;
        if self.p.q < 1.0 {
            let dij = pair.d;
            let dmu = (self.x[i] - self.median).abs() / self.range;
            let t_better = (self.x[i] - self.median).abs() < (self.x[i] - self.x[j]).abs();
            let other = if t_better {
                util(0.5 - 0.25 * (dmu + dij), r)
            } else {
                util(0.5 + 0.25 * (dmu + dij), r)
            };
            e -= (1.0 - self.p.q) * other;
        }
        e
    }

    /// Visit every partner j ≠ i of row i with `(j, P_ij, P_ji)`.
    ///
    /// Fast path (votes linear in distance): partners in position order, with
    /// four boundaries that only move forward, and prefix sums over the regions
    /// where each voter's vote is constant or linear in its position.
    fn for_row(&self, i: usize, f: impl FnMut(usize, f64, f64)) {
        self.for_row_from(i, 0, f);
    }

    /// [`Self::for_row`] restricted to partners at sorted positions `from..n`: the pair loop
    /// of [`play_round`] starts each actor's row just after the actor itself, so that it
    /// visits each unordered pair once.
    fn for_row_from(&self, i: usize, from: usize, mut f: impl FnMut(usize, f64, f64)) {
        let n = self.x.len();
        if self.direct {
            for &j in &self.order[from.min(n)..] {
                if j != i {
                    let (nij, nji, d) = if self.x[i] == self.x[j] {
                        (0.0, 0.0, 0.0)
                    } else {
                        self.p_terms_direct(i, j)
                    };
                    let (pij, pji) = self.probabilities(nij, nji, d);
                    f(j, pij, pji);
                }
            }
            return;
        }
        let xi = self.x[i];
        let sx = &self.sx;
        // Boundaries (counts of sorted positions): ia = #{x ≤ a}, im0 = #{x < m}, im1 = #{x ≤ m}, ib = #{x < b}.
        // As partners run up in position, a, m and b never decrease (below x_i: a = x_j, b = x_i;
        // above: a = x_i, b = x_j), so the four pointers only move forward: O(n) per row.
        // A row that starts late (`from` > 0) finds the counts of its first partner by binary
        // search rather than walking up from 0: the counts are the same, the walk is shorter.
        let (mut ia, mut im0, mut im1, mut ib) = (0usize, 0usize, 0usize, 0usize);
        let mut placed = from == 0;
        for t in from.min(n)..n {
            let j = self.order[t];
            if j == i {
                continue;
            }
            let xj = sx[t];
            if xj == xi {
                let (pij, pji) = self.probabilities(0.0, 0.0, 0.0);
                f(j, pij, pji);
                continue;
            }
            let (a, b) = if xj < xi { (xj, xi) } else { (xi, xj) };
            let m = 0.5 * (a + b);
            if !placed {
                placed = true;
                ia = sx.partition_point(|&v| v <= a);
                im0 = sx.partition_point(|&v| v < m);
                im1 = sx.partition_point(|&v| v <= m);
                ib = sx.partition_point(|&v| v < b);
            }
            while ia < n && sx[ia] <= a {
                ia += 1;
            }
            while im0 < n && sx[im0] < m {
                im0 += 1;
            }
            while im1 < n && sx[im1] <= m {
                im1 += 1;
            }
            while ib < n && sx[ib] < b {
                ib += 1;
            }
            let (pij, pji, _) = self.p_from_counts(xi, xj, [a, m, b], [ia, im0, im1, ib]);
            f(j, pij, pji);
        }
    }

    /// `(P_ij, P_ji, d)` for positions `xi ≠ xj` with `a < b` their order and `m` the midpoint,
    /// from the counts of sorted positions `#{x ≤ a}`, `#{x < m}`, `#{x ≤ m}`, `#{x < b}`; `d` is
    /// the pair's distance `(b − a) / R`. The one formula of the fast path, shared by the row
    /// sweep and [`Self::p_pair`].
    #[inline(always)]
    fn p_from_counts(&self, xi: f64, xj: f64, [a, m, b]: [f64; 3], [ia, im0, im1, ib]: [usize; 4]) -> (f64, f64, f64) {
        let n = self.x.len();
        let wsum = |a: usize, b: usize| if b > a { self.pw[b] - self.pw[a] } else { 0.0 };
        let xsum = |a: usize, b: usize| if b > a { self.pwx[b] - self.pwx[a] } else { 0.0 };
        let delta = (b - a) / self.range;
        let r2 = 2.0 / self.range;
        // Voters at or below a and at or above b cast ±delta; between, 2|m − x_k|/R.
        let (low, high) = match &self.powered {
            // Voters below the midpoint vote for a: Σ (F_b − F_a) over them; above, for b.
            Some(pv) => {
                let (ga, gb) = (pv.group[ia - 1], pv.group[ib]);
                let (h0, h1) = (pv.bound[im0], pv.bound[im1]);
                let low = pv.cum(h0, gb) - pv.cum(h0, ga);
                let high = (pv.cum(pv.g, ga) - pv.cum(h1, ga)) - (pv.cum(pv.g, gb) - pv.cum(h1, gb));
                // `low` is a difference of sums of termwise larger values, never negative in
                // floating point; `high` can round below zero when it is nearly zero.
                (low, high.max(0.0))
            }
            None => {
                let low_flat = delta * wsum(0, ia);
                let high_flat = delta * wsum(ib, n);
                let low_mid = r2 * (m * wsum(ia, im0) - xsum(ia, im0));
                let high_mid = r2 * (xsum(im1, ib) - m * wsum(im1, ib));
                (low_flat + low_mid, high_flat + high_mid)
            }
        };
        let (nij, nji) = if xi < xj { (low, high) } else { (high, low) };
        let (pij, pji) = self.probabilities(nij, nji, nij + nji);
        (pij, pji, delta)
    }

    /// `(P_ij, P_ji)` of one pair by the fast path, i at sorted rank `ti` and j at `tj`, for a
    /// scan that moves outward from i one side at a time. `mid` holds the midpoint counts
    /// `[#{x < m}, #{x ≤ m}]` of the previous partner on j's side; a side starts at i's own
    /// position ([`Self::scan_start`]). The midpoint moves away from i with the partners, so
    /// the counts only move away too: a scan of k partners walks O(k + their rank spread),
    /// not O(k log n). The outer counts come from the ranks. The same counts, so the same
    /// bits, as the row sweep.
    fn p_pair(&self, i: usize, ti: usize, tj: usize, mid: &mut [usize; 2]) -> (f64, f64) {
        let j = self.order[tj];
        let (xi, xj) = (self.x[i], self.x[j]);
        if xi == xj {
            return self.probabilities(0.0, 0.0, 0.0);
        }
        let (a, b, ta, tb) = if xj < xi { (xj, xi, tj, ti) } else { (xi, xj, ti, tj) };
        let m = 0.5 * (a + b);
        let (ia, ib) = (self.le[ta], self.lt[tb]);
        let sx = &self.sx;
        // Each count is ia plus the positions in sx[ia..ib] below (at or below) m.
        let [mut im0, mut im1] = *mid;
        if xj > xi {
            while im0 < ib && sx[im0] < m {
                im0 += 1;
            }
            while im1 < ib && sx[im1] <= m {
                im1 += 1;
            }
        } else {
            while im0 > ia && sx[im0 - 1] >= m {
                im0 -= 1;
            }
            while im1 > ia && sx[im1 - 1] > m {
                im1 -= 1;
            }
        }
        *mid = [im0, im1];
        let (pij, pji, _) = self.p_from_counts(xi, xj, [a, m, b], [ia, im0, im1, ib]);
        (pij, pji)
    }

    /// The nearer of a scan's next partners from position `xi`: rank `left − 1` below or
    /// `right` above, with its distance (below on a tie); None when both sides are done.
    #[inline(always)]
    fn next_partner(&self, xi: f64, left: usize, right: usize) -> Option<(usize, f64)> {
        let dl = (left > 0).then(|| (self.sx[left - 1] - xi).abs());
        let dr = (right < self.sx.len()).then(|| (self.sx[right] - xi).abs());
        match (dl, dr) {
            (Some(a), Some(b)) if a <= b => Some((left - 1, a)),
            (_, Some(b)) => Some((right, b)),
            (Some(a), None) => Some((left - 1, a)),
            (None, None) => None,
        }
    }

    /// The midpoint counts [`Self::p_pair`] starts from on each side of i's rank `ti`:
    /// `(below, above)` = `#{x < x_i}` and `#{x ≤ x_i}`, where the midpoints begin.
    fn scan_start(&self, ti: usize) -> ([usize; 2], [usize; 2]) {
        ([self.lt[ti]; 2], [self.le[ti]; 2])
    }
}

/// Votes raised to each voter's own exponent (the `p_risk` readings) on the fast path.
///
/// With `F_v(k) = w_k (|x_k − v| / R)^{r_k}`, voter k's weighted vote for position a over b is
/// `F_b(k) − F_a(k)`, positive exactly when k is nearer a, i.e. on a's side of the midpoint
/// (the exponent does not move the midpoint). So a pair's numerators are sums of `F_b − F_a`
/// over a run of voters in position order, and every count of positions below or at a
/// midpoint is a boundary between groups of equal positions. For each distinct position v
/// and each boundary h this keeps `Σ_{voters before h} F_v`: a pair costs four reads instead
/// of a pass over the voters. Set-up: one power per voter and distinct position (O(n·g)),
/// `(g + 1)·g` numbers (800 MB at 10,000 distinct positions).
struct PoweredVotes {
    /// Distinct positions.
    g: usize,
    /// Rank → its group of equal positions.
    group: Vec<usize>,
    /// A count of positions (0..=n) at a group boundary → the boundary's index (0..=g).
    bound: Vec<usize>,
    /// Row h (0..=g), column v: the sum of `F_v` over the voters in groups before h.
    sums: Vec<f64>,
}

impl PoweredVotes {
    /// The cumulative sums (when `powered`) and the `pairs` denominator
    /// `Σ_k w_k Σ_{a,b} |D_k(a) − D_k(b)|` with `D_k(a) = (|x_k − x_a| / R)^{r_k}` (`r_k = 1`
    /// when `vote_r` is empty). Each voter's D over the distinct positions is sorted by a
    /// merge outward from its own position (D grows with the distance), so the denominator
    /// costs O(n·g), not O(n² log n). Groups are computed in parallel, each on its own, and
    /// added in group order: the result does not depend on the thread count.
    fn new(ctx: &RoundCtx<'_>, powered: bool) -> (Option<Self>, f64) {
        let n = ctx.x.len();
        let mut group = vec![0; n];
        let mut bound = vec![0; n + 1];
        let mut starts = Vec::new();
        let mut t = 0;
        while t < n {
            let e = ctx.le[t];
            bound[t] = starts.len();
            group[t..e].fill(starts.len());
            starts.push(t);
            t = e;
        }
        let g = starts.len();
        bound[n] = g;
        starts.push(n);
        let pos: Vec<f64> = starts[..g].iter().map(|&t| ctx.sx[t]).collect();
        let pairs = ctx.p.p_denominator == PDenominator::Pairs;
        // One group of voters: its row of Σ w_k D_k(v) over the positions v (when `powered`),
        // and its part of the denominator.
        let one = |h: usize, row: &mut [f64]| -> f64 {
            // Written before it is read: a fresh allocation's pages are then mapped on the
            // first write, not first mapped shared and then copied (measured: ~13% of a round
            // at 10,000 actors went to those copies).
            row.fill(0.0);
            // The group's distances once; each voter raises them to its own exponent.
            let dist: Vec<f64> = pos.iter().map(|&v| (v - pos[h]).abs() / ctx.range).collect();
            let mut raised = vec![0.0; g];
            let mut den = 0.0;
            for t in starts[h]..starts[h + 1] {
                let k = ctx.order[t];
                let r = ctx.vote_r.get(k).copied().unwrap_or(1.0);
                let d: &[f64] = if r == 1.0 {
                    &dist
                } else {
                    for (dv, &e) in raised.iter_mut().zip(&dist) {
                        *dv = e.powf(r);
                    }
                    &raised
                };
                if powered {
                    for (acc, &dv) in row.iter_mut().zip(d) {
                        *acc += ctx.w[k] * dv;
                    }
                }
                if pairs {
                    den += ctx.w[k] * 2.0 * merged_spread(d, &starts, h, n);
                }
            }
            den
        };
        if !powered {
            let parts: Vec<f64> = if crate::parallel::inner(n, PAR_MIN) {
                (0..g).into_par_iter().map(|h| one(h, &mut [])).collect()
            } else {
                (0..g).map(|h| one(h, &mut [])).collect()
            };
            return (None, parts.iter().sum());
        }
        let mut sums = vec![0.0; (g + 1) * g];
        // Row h + 1 first holds group h's own terms, then the running sum.
        let parts: Vec<f64> = if crate::parallel::inner(n, PAR_MIN) {
            sums[g..]
                .par_chunks_mut(g)
                .enumerate()
                .map(|(h, row)| one(h, row))
                .collect()
        } else {
            sums[g..]
                .chunks_mut(g)
                .enumerate()
                .map(|(h, row)| one(h, row))
                .collect()
        };
        for h in 1..=g {
            let (done, rest) = sums.split_at_mut(h * g);
            for (acc, &prev) in rest[..g].iter_mut().zip(&done[(h - 1) * g..]) {
                *acc += prev;
            }
        }
        let pv = Self { g, group, bound, sums };
        (Some(pv), parts.iter().sum())
    }

    /// `Σ F_v` over the voters before boundary `h`, for the position of group `v`.
    #[inline(always)]
    fn cum(&self, h: usize, v: usize) -> f64 {
        self.sums[h * self.g + v]
    }
}

/// `Σ_{a<b} |d_a − d_b|` over the unordered pairs of the n actors, where `d[c]` is the value at
/// distinct position c (`starts[c]..starts[c + 1]` its ranks) and grows with the distance from
/// position `h`: the positions in increasing d come from a merge of those below h (downward)
/// and above it (upward). In increasing order, the value at slot s is counted `2s − n + 1`
/// times; a run of m equal values from slot s₀ gives `d·m·(2s₀ + m − n)`.
fn merged_spread(d: &[f64], starts: &[usize], h: usize, n: usize) -> f64 {
    let g = d.len();
    let (mut lo, mut hi) = (h, h + 1);
    let mut slot = 0usize;
    let mut sum = 0.0;
    let mut take = |c: usize, slot: &mut usize| {
        let m = starts[c + 1] - starts[c];
        sum += d[c] * (m as f64) * ((2 * *slot + m) as f64 - n as f64);
        *slot += m;
    };
    // The own position (d = 0) first.
    take(h, &mut slot);
    loop {
        let below = lo.checked_sub(1);
        let above = (hi < g).then_some(hi);
        match (below, above) {
            (Some(b), Some(a)) if d[b] <= d[a] => {
                take(b, &mut slot);
                lo = b;
            }
            (_, Some(a)) => {
                take(a, &mut slot);
                hi += 1;
            }
            (Some(b), None) => {
                take(b, &mut slot);
                lo = b;
            }
            (None, None) => break,
        }
    }
    sum
}

/// Partners the nearest-first offer scan visits before it leaves an actor open.
const SCAN_CAP: usize = 24;
/// The scan finishes the open actors when they are at most 1/`SCAN_OPEN_MAX` of all; else the
/// round falls back to the loop over every pair.
const SCAN_OPEN_MAX: usize = 8;

/// Rows per block of [`security_grouped`].
const SEC_BLOCK: usize = 64;
/// Rows [`security_grouped`] walks side by side (Q = 1; [`Groups::rows`] takes two); divides
/// [`SEC_BLOCK`].
const ROWS: usize = 2;
/// Partners per task when [`security_grouped`] adds a block's terms.
const COL_CHUNK: usize = 512;

/// `Sec_i = Σ_{j≠i} E^j(U_ji)` with every risk exponent 1 and votes linear in distance (the
/// first pass of a round on the fast path), by groups of equal positions.
///
/// With r = 1 the utilities are linear in the pair's distance `d = |x_i − x_j| / R ≤ 1`:
/// `U_s = 2d`, `U_f = −2d`, `U_sq = 0`, and (for Q < 1) `U_b = d_μ + d`, `U_w = −(d_μ + d)`. So
/// `E^j(U_ji) = 2d (1 − 2 s_i) + 4 s_i d P_ji − (1 − Q)(±(d_μj + d))`, and the security of
/// actor i at position v is
/// `Sec_i = 2 (1 − 2 s_i) Σ_j d_ij + 4 s_i Σ_j d_ij P_ji − (1 − Q) Σ_j (±(d_μj + d_ij))`.
/// Every sum depends on i only through its position: actors who share a position share them,
/// so they are computed once per distinct position (after a round or two many actors stand
/// where others stood). `Σ_j d_ij` comes from prefix sums; `Σ_j d_ij P_ji` needs `P` of each
/// pair of positions, computed once per unordered pair with the prefix sums of
/// [`RoundCtx::p_from_counts`] (one division). Rows run in blocks of [`SEC_BLOCK`] in
/// parallel, each keeping its own sum and storing its partners' terms; the partners then add
/// a block's terms in row order. Every sum is added in an order fixed by the positions alone,
/// so the result does not depend on the thread count.
fn security_grouped(ctx: &RoundCtx<'_>) -> Vec<f64> {
    let n = ctx.x.len();
    let groups = Groups::new(ctx);
    let g = groups.v.len();
    let (v, cnt, range) = (&groups.v, &groups.cnt, ctx.range);
    // Σ_j d_ij for an actor at group h: (Σ_{below} (v_h − v_u) n_u + Σ_{above} (v_u − v_h) n_u) / R.
    let mut pc = vec![0.0; g + 1];
    let mut pcx = vec![0.0; g + 1];
    for h in 0..g {
        pc[h + 1] = pc[h] + cnt[h];
        pcx[h + 1] = pcx[h] + cnt[h] * v[h];
    }
    let dist_sum = |h: usize| -> f64 {
        let below = v[h] * pc[h] - pcx[h];
        let above = (pcx[g] - pcx[h + 1]) - v[h] * (pc[g] - pc[h + 1]);
        (below + above) / range
    };
    let actors_den = ctx.p.p_denominator == PDenominator::Actors;
    let q = ctx.p.q;
    // Per group: Σ_j d_ij P_ji (and the Q term) over partners above it (`row`) and below it (`col`).
    let mut row_p = vec![0.0; g];
    let mut row_o = vec![0.0; g];
    let mut col_p = vec![0.0; g];
    let mut col_o = vec![0.0; g];
    let with_q = q < 1.0;
    let rows = SEC_BLOCK.min(g);
    // buf_p[r·g + u]: row (h0 + r)'s term for partner group u's sum; buf_o its Q part (Q < 1).
    let mut buf_p = vec![0.0; rows * g];
    let mut buf_o = vec![0.0; if with_q { rows * g } else { 0 }];
    let par = crate::parallel::inner(n, PAR_MIN);
    let run = |(h, out_p, out_o): (usize, &mut [f64], &mut [f64])| -> (f64, f64) {
        match (with_q, actors_den) {
            (false, true) => groups.row::<false, true>(h, out_p, out_o),
            (false, false) => groups.row::<false, false>(h, out_p, out_o),
            (true, true) => groups.row::<true, true>(h, out_p, out_o),
            (true, false) => groups.row::<true, false>(h, out_p, out_o),
        }
    };
    for h0 in (0..g).step_by(SEC_BLOCK) {
        let h1 = (h0 + SEC_BLOCK).min(g);
        let block = (h1 - h0) * g;
        if with_q {
            let mut slices: Vec<(usize, &mut [f64], &mut [f64])> = Vec::with_capacity(h1 - h0);
            let mut rest_o: &mut [f64] = &mut buf_o[..block];
            for (r, out_p) in buf_p[..block].chunks_mut(g).enumerate() {
                let (out_o, rest) = std::mem::take(&mut rest_o).split_at_mut(g);
                rest_o = rest;
                slices.push((h0 + r, out_p, out_o));
            }
            let sums: Vec<(f64, f64)> = if par {
                slices.into_par_iter().map(run).collect()
            } else {
                slices.into_iter().map(run).collect()
            };
            for (r, (sp, so)) in sums.into_iter().enumerate() {
                row_p[h0 + r] = sp;
                row_o[h0 + r] = so;
            }
        } else {
            // Q = 1: rows ROWS at a time (the last ones alone when the count does not divide).
            let group = |(r, out): (usize, &mut [f64])| -> [f64; ROWS] {
                let h = h0 + ROWS * r;
                if out.len() == ROWS * g {
                    if actors_den {
                        groups.rows::<true>(h, out)
                    } else {
                        groups.rows::<false>(h, out)
                    }
                } else {
                    let mut sums = [0.0; ROWS];
                    for (k, (o, s)) in out.chunks_mut(g).zip(&mut sums).enumerate() {
                        *s = run((h + k, o, &mut [])).0;
                    }
                    sums
                }
            };
            let sums: Vec<[f64; ROWS]> = if par {
                buf_p[..block].par_chunks_mut(ROWS * g).enumerate().map(group).collect()
            } else {
                buf_p[..block].chunks_mut(ROWS * g).enumerate().map(group).collect()
            };
            for (s, r) in sums.iter().flatten().zip(&mut row_p[h0..h1]) {
                *r = *s;
            }
        }
        // Partners above each row add the block's terms, row by row in order (streaming along
        // the rows, a chunk of partners per task).
        let (bp, bo) = (&buf_p, &buf_o);
        let add = |(c, (cp, co)): (usize, (&mut [f64], &mut [f64]))| {
            let u0 = h0 + 1 + c * COL_CHUNK;
            for h in h0..h1 {
                let from = (h + 1).saturating_sub(u0);
                if from >= cp.len() {
                    continue;
                }
                let (at, len) = ((h - h0) * g + u0, cp.len());
                for (acc, t) in cp[from..].iter_mut().zip(&bp[at + from..at + len]) {
                    *acc += t;
                }
                if with_q {
                    for (acc, t) in co[from..].iter_mut().zip(&bo[at + from..at + len]) {
                        *acc += t;
                    }
                }
            }
        };
        if par {
            col_p[h0 + 1..]
                .par_chunks_mut(COL_CHUNK)
                .zip(col_o[h0 + 1..].par_chunks_mut(COL_CHUNK))
                .enumerate()
                .for_each(add);
        } else {
            col_p[h0 + 1..]
                .chunks_mut(COL_CHUNK)
                .zip(col_o[h0 + 1..].chunks_mut(COL_CHUNK))
                .enumerate()
                .for_each(add);
        }
    }
    // Partners at the same position: d = 0, P = 0; only the Q term, with T false: −d_μ.
    let mut out = vec![0.0; n];
    let mut t = 0;
    for h in 0..g {
        let dsum = dist_sum(h);
        let psum = col_p[h] + row_p[h];
        let mut osum = col_o[h] + row_o[h];
        if q < 1.0 {
            osum += (cnt[h] - 1.0) * groups.other(h, h, 0.0);
        }
        let c = cnt[h] as usize;
        for &i in &ctx.order[t..t + c] {
            let si = ctx.s[i];
            out[i] = 2.0 * (1.0 - 2.0 * si) * dsum + 4.0 * si * psum - (1.0 - q) * osum;
        }
        t += c;
    }
    out
}

/// Where one row of [`security_grouped`] stands in its pass over its partners.
struct Walk {
    /// The row's position a.
    a: f64,
    /// `2 (Σ_{x ≤ a} w x − a Σ_{x ≤ a} w)`: the part of `N_low` that depends on the row only.
    low: f64,
    /// `a · Σ w`.
    a_all: f64,
    /// Actors at the row's position, over R.
    ch: f64,
    /// Groups below the current partner's midpoint.
    j0: usize,
    /// The row's own sum so far.
    sum: f64,
}

/// One group as a partner in [`security_grouped`]: what its terms need of it alone.
#[derive(Clone, Copy)]
struct Partner {
    /// Its position b.
    b: f64,
    /// `b (Σ w − 2 Σ_{x < b} w) + 2 Σ_{x < b} w x`: the part of `N_high` that depends on the
    /// partner only.
    high: f64,
    /// Actors at it, over R.
    c: f64,
}

/// The distinct positions of a round and the prefix sums [`security_grouped`] needs.
struct Groups {
    /// Distinct positions, ascending.
    v: Vec<f64>,
    /// Actors at each.
    cnt: Vec<f64>,
    /// Per group boundary j (`v.len() + 1` of them): `[2 v_j, Σ_{x < v_j} w, 2 Σ_{x < v_j} w x]`;
    /// +∞ and the totals past the last group.
    bound: Vec<[f64; 3]>,
    /// Per group, its [`Partner`] constants.
    part: Vec<Partner>,
    /// Σ w over all actors.
    w_all: f64,
    range: f64,
    median: f64,
    /// `1 / (R · pairs denominator)` for the `pairs` reading (0 when that sum is 0): the
    /// numerators here are R times P's.
    pairs_k: f64,
}

impl Groups {
    fn new(ctx: &RoundCtx<'_>) -> Self {
        let n = ctx.x.len();
        let mut v = Vec::new();
        let mut cnt = Vec::new();
        let mut bound = Vec::new();
        let mut t = 0;
        while t < n {
            // The context already knows where each run of equal positions ends.
            let e = ctx.le[t];
            v.push(ctx.sx[t]);
            cnt.push((e - t) as f64);
            bound.push([2.0 * ctx.sx[t], ctx.pw[t], 2.0 * ctx.pwx[t]]);
            t = e;
        }
        let w_all = ctx.pw[n];
        let total = [f64::INFINITY, w_all, 2.0 * ctx.pwx[n]];
        bound.push(total);
        let range = ctx.range;
        let part = v
            .iter()
            .zip(&cnt)
            .zip(&bound)
            .map(|((&b, &c), &[_, wu, wxu2])| Partner {
                b,
                high: b * (w_all - 2.0 * wu) + wxu2,
                c: c / range,
            })
            .collect();
        Self {
            w_all,
            v,
            cnt,
            bound,
            part,
            range,
            median: ctx.median,
            pairs_k: if ctx.pairs_den > 0.0 {
                1.0 / (range * ctx.pairs_den)
            } else {
                0.0
            },
        }
    }

    /// The (1 − Q) term's utility for challenger group u against target group h (r = 1):
    /// `U_b = d_μ + d` when T (|v_u − μ| < |v_u − v_h|), else `U_w = −(d_μ + d)`.
    #[inline(always)]
    fn other(&self, u: usize, h: usize, d: f64) -> f64 {
        let (v, mu) = (&self.v, self.median);
        let dmu = (v[u] - mu).abs() / self.range;
        if (v[u] - mu).abs() < (v[u] - v[h]).abs() {
            dmu + d
        } else {
            -(dmu + d)
        }
    }

    /// Row h against every group above it: returns row h's own sums `(Σ n_u d P_uh, Σ n_u other)`
    /// and writes each partner's terms `n_h d P_hu` to `out_p[u]` and `n_h other` to `out_o[u]`.
    /// `WITH_Q`: Q < 1 (the other term is needed); `ACTORS`: the printed denominator of P.
    #[inline(always)]
    fn row<const WITH_Q: bool, const ACTORS: bool>(
        &self,
        h: usize,
        out_p: &mut [f64],
        out_o: &mut [f64],
    ) -> (f64, f64) {
        let (v, cnt) = (&self.v, &self.cnt);
        let g = v.len();
        let mut walk = self.walk(h);
        for (pu, out) in self.part[h + 1..].iter().zip(&mut out_p[h + 1..]) {
            *out = self.step::<ACTORS>(&mut walk, pu);
        }
        let sum_p = walk.sum;
        let mut sum_o = 0.0;
        if WITH_Q {
            let (a, ch) = (v[h], cnt[h]);
            for u in h + 1..g {
                let d = (v[u] - a) / self.range;
                sum_o += cnt[u] * self.other(u, h, d);
                out_o[u] = ch * self.other(h, u, d);
            }
        }
        (sum_p, sum_o)
    }

    /// Rows h and h + 1 at once (Q = 1): the same arithmetic, in the same order, as two calls
    /// of [`Self::row`], with the midpoint walks interleaved so that their chains of dependent
    /// loads overlap. `out` holds the two rows' partner terms one after the other (2·g values).
    /// Returns the rows' own sums.
    #[inline(always)]
    fn rows<const ACTORS: bool>(&self, h: usize, out: &mut [f64]) -> [f64; ROWS] {
        let g = self.v.len();
        let (out0, out1) = out.split_at_mut(g);
        let (mut w0, mut w1) = (self.walk(h), self.walk(h + 1));
        // Partner h + 1 is above row h only.
        out0[h + 1] = self.step::<ACTORS>(&mut w0, &self.part[h + 1]);
        let partners = self.part[h + 2..]
            .iter()
            .zip(&mut out0[h + 2..])
            .zip(&mut out1[h + 2..]);
        for ((pu, t0), t1) in partners {
            *t0 = self.step::<ACTORS>(&mut w0, pu);
            *t1 = self.step::<ACTORS>(&mut w1, pu);
        }
        [w0.sum, w1.sum]
    }

    /// The state of row h's pass over its partners above.
    #[inline(always)]
    fn walk(&self, h: usize) -> Walk {
        let a = self.v[h];
        let [_, w_low, wx_low2] = self.bound[h + 1];
        Walk {
            a,
            low: wx_low2 - 2.0 * a * w_low,
            a_all: a * self.w_all,
            ch: self.cnt[h] / self.range,
            j0: h + 1,
            sum: 0.0,
        }
    }

    /// Partner `pu` (a group above the row): adds `n_u d P_uh` to the row's sum and returns
    /// `n_h d P_hu`, the partner's term.
    ///
    /// With `s = a + b` (twice the midpoint m), `W_j`/`X_j` the sums of w and w·x below group
    /// j, and j0 the first group at or above m:
    /// `N_low = 2 (X_{≤a} − a W_{≤a}) + (s W_j0 − 2 X_j0)` (voters nearer a) and
    /// `N_high = b (W − 2 W_b) + 2 X_b − a W + (s W_j0 − 2 X_j0)` (voters nearer b), which is
    /// the region-by-region sum of [`RoundCtx::p_from_counts`] with the row's and the partner's
    /// parts gathered ([`Walk`], [`Partner`]).
    #[inline(always)]
    fn step<const ACTORS: bool>(&self, st: &mut Walk, pu: &Partner) -> f64 {
        let bound = &self.bound;
        let (a, b) = (st.a, pu.b);
        let s = a + b;
        // Groups h+1..j0 are nearer a (they vote for h), j0.. nearer b or at m. The midpoint
        // moves half a gap per partner, so j0 mostly moves by 0 or 1: one step without a
        // branch (2 v < s is v < m: doubling is exact; past the last group +∞), then a loop
        // that is rarely entered. A group exactly at m votes for neither side, and the shared
        // part `s W_j − 2 X_j` does not change across it (its terms `w_k (s − 2 v_k)` are 0),
        // so the same part serves both numerators.
        let mut j0 = st.j0;
        j0 += usize::from(bound[j0][0] < s);
        while bound[j0][0] < s {
            j0 += 1;
        }
        st.j0 = j0;
        let [_, w0, x0] = bound[j0];
        let f = s * w0 - x0;
        let len = b - a;
        let n_low = st.low + f;
        let n_high = (pu.high - st.a_all) + f;
        // d·P for each side: P_uh = n_high / den (u beats h), P_hu = n_low / den, with
        // d = len / R (R is in the counts); one division.
        let k = if ACTORS {
            let den = n_low + n_high;
            if den > 0.0 { len / den } else { 0.0 }
        } else {
            len * self.pairs_k
        };
        st.sum += pu.c * (n_high * k);
        st.ch * (n_low * k)
    }
}

/// `Sec_i` row by row, every ordered pair visited: the path for votes raised to exponents (the
/// direct O(n) summation per pair), and the reference [`security_grouped`] is tested against.
fn security_rows(ctx: &RoundCtx<'_>) -> Vec<f64> {
    (0..ctx.x.len())
        .map(|i| {
            let mut sec = 0.0;
            ctx.for_row(i, |j, _pij, pji| sec += ctx.expected(j, i, pji, 1.0));
            sec
        })
        .collect()
}

/// Where one actor's nearest-first offer scan in [`play_round`] stands, so that it can pause
/// after a number of partners and resume there.
struct Scan {
    cur: Cursor,
    /// The best offer so far.
    best: Option<Offer>,
    /// Partners left before the scan pauses.
    budget: usize,
}

/// A walk outward by distance from one actor's position, shared by [`Scan`] and [`Stream`].
struct Cursor {
    /// Next partner ranks below (`left − 1`) and above (`right`).
    left: usize,
    right: usize,
    /// Midpoint counts of [`RoundCtx::p_pair`] below and above.
    mid: [[usize; 2]; 2],
    /// The last partner position, with `P_ij`, `P_ji` and the pair's logarithms.
    last: Option<(f64, f64, f64, PairLogs)>,
}

impl Cursor {
    /// Partners of the actor at rank `ti` from ranks `left − 1` down and `right` up.
    fn new(ctx: &RoundCtx<'_>, ti: usize, left: usize, right: usize) -> Self {
        let (below, above) = ctx.scan_start(ti);
        Self {
            left,
            right,
            mid: [below, above],
            last: None,
        }
    }

    /// Step past partner rank `t` ([`RoundCtx::next_partner`]); returns its side (0 below).
    fn pass(&mut self, t: usize, ti: usize) -> usize {
        let side = usize::from(t > ti);
        if side == 0 {
            self.left -= 1;
        } else {
            self.right += 1;
        }
        side
    }

    /// `P_ij`, `P_ji` and the logarithms of actor i (rank `ti`) with partner rank `t` on
    /// `side`: partners at one position share them.
    fn pair(&mut self, ctx: &RoundCtx<'_>, i: usize, ti: usize, t: usize, side: usize) -> (f64, f64, PairLogs) {
        let xj = ctx.x[ctx.order[t]];
        match self.last {
            Some((xl, pij, pji, pair)) if xl == xj => (pij, pji, pair),
            _ => {
                let (pij, pji) = ctx.p_pair(i, ti, t, &mut self.mid[side]);
                let pair = PairLogs::new((ctx.x[i] - xj).abs() / ctx.range);
                self.last = Some((xj, pij, pji, pair));
                (pij, pji, pair)
            }
        }
    }
}

/// One partner in a [`Stream`].
struct Entry {
    /// Its rank and distance.
    t: usize,
    dist: f64,
    /// The partner, P both ways, the pair's logarithms.
    j: usize,
    pij: f64,
    pji: f64,
    pair: PairLogs,
    /// `[U_s, U_f]` at the partner's exponent (the `each` perspective; NaN otherwise).
    u: [f64; 2],
}

/// The partners of the open actors at one position, in their scans' order (see [`play_round`]).
struct Stream {
    /// The walk; the position's own run of actors is skipped from the start.
    cur: Cursor,
    /// The partners so far.
    entries: Vec<Entry>,
}

/// An open actor's scan to finish: alone at its position (resumed) or with others (a stream).
enum Finish {
    One(usize, Scan),
    Many(Vec<usize>),
}

/// One receiver's best offer, if any.
#[derive(Debug, Clone, Copy)]
struct Offer {
    kind: MoveKind,
    towards: usize,
    to: f64,
    key: f64,
}

fn better(a: &Offer, b: &Offer, ids_order: impl Fn(usize, usize) -> std::cmp::Ordering) -> bool {
    let rank = |k: MoveKind| match k {
        MoveKind::Conflict => 0,
        MoveKind::Compromise => 1,
        MoveKind::Capitulation => 2,
    };
    (rank(a.kind), a.key, a.to)
        .partial_cmp(&(rank(b.kind), b.key, b.to))
        .map(|o| o.then_with(|| ids_order(a.towards, b.towards)))
        == Some(std::cmp::Ordering::Less)
}

/// How much of a round to compute and keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The moves only: [`RoundRecord::counts`] stays zero and `pairs` empty. Each actor's
    /// best offer is found by scanning partners outward by distance, stopping once a conflict
    /// (which outranks every other offer) is found and no nearer partner is left; when too many
    /// actors find no conflict nearby, the round visits every pair instead. A forecast needs no
    /// more.
    Moves,
    /// The moves and the pair counts (every pair is visited).
    Counts,
    /// The moves, the counts and every pair's outcome.
    Pairs,
}

/// What one round produced.
struct RoundOutcome {
    next: Vec<f64>,
    risk: Vec<f64>,
    moves: Vec<Move>,
    counts: OfferCounts,
    pairs: Vec<PairOutcome>,
    /// The nearest-first scans found every offer (the loop over every pair did not run).
    scanned: bool,
}

/// Run one round from positions `x`.
fn play_round(
    p: &EumParams,
    x: &[f64],
    s: &[f64],
    w: &[f64],
    range: f64,
    direct: bool,
    detail: Detail,
) -> RoundOutcome {
    let record_pairs = detail == Detail::Pairs;
    let n = x.len();
    // An exponent vector (even all ones) selects the direct O(n)-per-pair path.
    let ctx1 = RoundCtx::new(
        p,
        x,
        s,
        w,
        range,
        if direct { vec![1.0; n] } else { Vec::new() },
        direct,
    );
    // Pass 1: security with every risk exponent at 1.
    let sec = if !ctx1.direct {
        security_grouped(&ctx1)
    } else {
        security_rows(&ctx1)
    };
    let (smax, smin) = sec
        .iter()
        .fold((f64::NEG_INFINITY, f64::INFINITY), |(a, b), &v| (a.max(v), b.min(v)));
    let risk: Vec<f64> = sec
        .iter()
        .map(|&si| {
            let big_r = if smax > smin {
                (2.0 * si - smax - smin) / (smax - smin)
            } else {
                0.0
            };
            (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)
        })
        .collect();
    // Pass 2: offers with the new exponents.
    let usq: Vec<f64> = risk.iter().map(|&r| util(0.5, r)).collect();
    let ctx = if p.p_risk {
        RoundCtx::new(p, x, s, w, range, risk.clone(), direct)
    } else {
        ctx1
    };
    // Each unordered pair once (partners later in position order): both sides' expected
    // utilities share the pair's logarithms, and the pair yields an offer for each side.
    // Offers are merged by a strict total order, so the fold/reduce grouping (which depends
    // on the thread count) cannot change the result.
    let mut rank = vec![0usize; n];
    for (t, &i) in ctx.order.iter().enumerate() {
        rank[i] = t;
    }
    let decide = |own: f64, other: f64, p_own: f64, p_other: f64, me: usize, them: usize| -> Option<Offer> {
        let (kind, to) = if own > 0.0 && other > 0.0 {
            let loses = match p.conflict {
                ConflictRule::Probability => p_other > p_own,
                ConflictRule::ExpectedUtility => other > own,
                ConflictRule::NoMove => false,
            };
            if !loses {
                return None;
            }
            (MoveKind::Conflict, x[them])
        } else if other > 0.0 && own < 0.0 {
            if other > -own {
                (MoveKind::Compromise, x[me] + (x[them] - x[me]) * (-own / other))
            } else if p.capitulation {
                (MoveKind::Capitulation, x[them])
            } else {
                return None;
            }
        } else {
            return None;
        };
        let key = match (kind, p.compromise_choice) {
            (MoveKind::Compromise, CompromiseChoice::ScholzCode) => {
                (own.abs() * x[me] + other.abs() * x[them]) / (own.abs() + other.abs())
            }
            _ => (to - x[me]).abs(),
        };
        Some(Offer {
            kind,
            towards: them,
            to,
            key,
        })
    };
    type State = (Vec<Option<Offer>>, OfferCounts, Vec<PairOutcome>);
    let keep = |slot: &mut Option<Offer>, o: Offer| {
        if slot.as_ref().is_none_or(|b| better(&o, b, |a, b| a.cmp(&b))) {
            *slot = Some(o);
        }
    };
    if detail == Detail::Moves && !ctx.direct {
        // The offer receiver i gets from partner j: the same expected utilities and the same
        // `decide` as the pair loop below, whichever of the two the loop would visit first.
        // The partner's side first: without its challenge (`other` > 0) there is no offer,
        // whatever i's own expected utility.
        let offer_given = |i: usize, j: usize, pij: f64, pji: f64, pair: &PairLogs, other: f64| -> Option<Offer> {
            if other <= 0.0 || other.is_nan() {
                return None;
            }
            let own = ctx.expected_with(i, j, pij, risk[i], usq[i], pair);
            decide(own, other, pij, pji, i, j)
        };
        let offer_with = |i: usize, j: usize, pij: f64, pji: f64, pair: &PairLogs| -> Option<Offer> {
            let other = match p.perspective {
                Perspective::Each => ctx.expected_with(j, i, pji, risk[j], usq[j], pair),
                Perspective::Receiver => ctx.expected_with(j, i, pji, risk[i], usq[i], pair),
            };
            offer_given(i, j, pij, pji, pair, other)
        };
        // Partners by distance, nearest first. A conflict outranks every other offer and its key
        // is the distance, so once one is held no partner farther than its key can do better.
        // After `cap` more partners without that, the scan pauses (returns false) and can resume.
        let advance = |i: usize, st: &mut Scan, cap: usize| -> bool {
            let xi = x[i];
            let ti = rank[i];
            for _ in 0..=cap {
                let Some((t, dist)) = ctx.next_partner(xi, st.cur.left, st.cur.right) else {
                    return true;
                };
                // A partner above at the held conflict's distance cannot beat it either: on a tie
                // of distance the lower target wins, then the lower index, and the partners above
                // come in increasing index after those below at that distance.
                if st
                    .best
                    .as_ref()
                    .is_some_and(|b| b.kind == MoveKind::Conflict && (dist > b.key || (t > ti && dist >= b.key)))
                {
                    return true;
                }
                if st.budget == 0 {
                    return false;
                }
                st.budget -= 1;
                let side = st.cur.pass(t, ti);
                let j = ctx.order[t];
                if x[j] == xi {
                    continue;
                }
                let (pij, pji, pair) = st.cur.pair(&ctx, i, ti, t, side);
                if let Some(o) = offer_with(i, j, pij, pji, &pair) {
                    keep(&mut st.best, o);
                }
            }
            false
        };
        let scan = |i: usize| -> (Scan, bool) {
            let ti = rank[i];
            let mut st = Scan {
                cur: Cursor::new(&ctx, ti, ti, ti + 1),
                best: None,
                budget: SCAN_CAP,
            };
            let done = advance(i, &mut st, SCAN_CAP);
            (st, done)
        };
        let first: Vec<(Scan, bool)> = if crate::parallel::inner(n, PAR_MIN) {
            (0..n).into_par_iter().map(scan).collect()
        } else {
            (0..n).map(scan).collect()
        };
        // An actor left open costs a full scan, which evaluates each of its pairs for it alone;
        // the loop below evaluates each pair once for both sides. Few open actors: finish their
        // scans (from where they paused); many (conflicts are rare this round): the loop is
        // cheaper.
        let open = first.iter().filter(|r| !r.1).count();
        if open * SCAN_OPEN_MAX <= n {
            // Open actors at one position see the same partners in the same order with the same
            // P, logarithms and (each partner with its own exponent) U_s, U_f: one stream of
            // partners serves them all, extended as far as the farthest of them looks. An open
            // actor alone at its position resumes its own scan.
            let extend = |lead: usize, st: &mut Stream| -> bool {
                let (xi, ti) = (x[lead], rank[lead]);
                let Some((t, dist)) = ctx.next_partner(xi, st.cur.left, st.cur.right) else {
                    return false;
                };
                let side = st.cur.pass(t, ti);
                let j = ctx.order[t];
                let (pij, pji, pair) = st.cur.pair(&ctx, lead, ti, t, side);
                let u = match p.perspective {
                    Perspective::Each => [pair.success(risk[j]), pair.failure(risk[j])],
                    Perspective::Receiver => [f64::NAN; 2],
                };
                st.entries.push(Entry {
                    t,
                    dist,
                    j,
                    pij,
                    pji,
                    pair,
                    u,
                });
                true
            };
            // The scan of one member over the stream: the same visits, tests and offers as
            // `advance` (partners at the member's own position are skipped there too).
            let member = |i: usize, lead: usize, st: &mut Stream| -> Option<Offer> {
                let ti = rank[i];
                let mut best: Option<Offer> = None;
                let mut k = 0;
                loop {
                    if k == st.entries.len() && !extend(lead, st) {
                        break;
                    }
                    let e = &st.entries[k];
                    k += 1;
                    if best.as_ref().is_some_and(|b| {
                        b.kind == MoveKind::Conflict && (e.dist > b.key || (e.t > ti && e.dist >= b.key))
                    }) {
                        break;
                    }
                    let other = match p.perspective {
                        Perspective::Each => ctx.expected_from(e.j, i, e.pji, risk[e.j], usq[e.j], &e.pair, e.u),
                        Perspective::Receiver => ctx.expected_with(e.j, i, e.pji, risk[i], usq[i], &e.pair),
                    };
                    if let Some(o) = offer_given(i, e.j, e.pij, e.pji, &e.pair, other) {
                        keep(&mut best, o);
                    }
                }
                best
            };
            let mut best: Vec<Option<Offer>> = Vec::with_capacity(n);
            let mut paused: Vec<Option<Scan>> = Vec::with_capacity(n);
            for (st, done) in first {
                if done {
                    best.push(st.best);
                    paused.push(None);
                } else {
                    best.push(None);
                    paused.push(Some(st));
                }
            }
            let mut ids: Vec<usize> = (0..n).filter(|&i| paused[i].is_some()).collect();
            ids.sort_by_key(|&i| rank[i]);
            let mut work: Vec<Finish> = Vec::new();
            for g in ids.chunk_by(|&a, &b| x[a] == x[b]) {
                match g {
                    [i] => {
                        if let Some(st) = paused[*i].take() {
                            work.push(Finish::One(*i, st));
                        }
                    }
                    _ => work.push(Finish::Many(g.to_vec())),
                }
            }
            let run = |w: Finish| -> Vec<(usize, Option<Offer>)> {
                match w {
                    Finish::One(i, mut st) => {
                        st.budget = usize::MAX;
                        advance(i, &mut st, usize::MAX);
                        vec![(i, st.best)]
                    }
                    Finish::Many(g) => {
                        let lead = g[0];
                        let t0 = ctx.lt[rank[lead]];
                        let t1 = ctx.le[rank[lead]];
                        let mut st = Stream {
                            cur: Cursor::new(&ctx, rank[lead], t0, t1),
                            entries: Vec::new(),
                        };
                        g.iter().map(|&i| (i, member(i, lead, &mut st))).collect()
                    }
                }
            };
            let done: Vec<Vec<(usize, Option<Offer>)>> = if crate::parallel::inner(n, PAR_MIN) {
                work.into_par_iter().map(run).collect()
            } else {
                work.into_iter().map(run).collect()
            };
            for (i, o) in done.into_iter().flatten() {
                best[i] = o;
            }
            let (next, moves) = apply_offers(x, best);
            return RoundOutcome {
                next,
                risk,
                moves,
                counts: OfferCounts::default(),
                pairs: Vec::new(),
                scanned: true,
            };
        }
    }
    let row = |mut st: State, i: usize| -> State {
        ctx.for_row_from(i, rank[i] + 1, |j, pij, pji| {
            if x[j] == x[i] {
                return;
            }
            let pair = PairLogs::new((x[i] - x[j]).abs() / ctx.range);
            let eij_i = ctx.expected_with(i, j, pij, risk[i], usq[i], &pair);
            let eji_j = ctx.expected_with(j, i, pji, risk[j], usq[j], &pair);
            let (for_i, for_j) = match p.perspective {
                Perspective::Each => ((eij_i, eji_j), (eji_j, eij_i)),
                Perspective::Receiver => (
                    (eij_i, ctx.expected_with(j, i, pji, risk[i], usq[i], &pair)),
                    (eji_j, ctx.expected_with(i, j, pij, risk[j], usq[j], &pair)),
                ),
            };
            let (ei, ej) = for_i;
            let c = &mut st.1;
            let (kind, challenger) = if ei > 0.0 && ej > 0.0 {
                c.conflict += 1;
                (PairKind::Conflict, None)
            } else if ei <= 0.0 && ej <= 0.0 {
                c.stalemate += 1;
                (PairKind::Stalemate, None)
            } else if ei.abs().max(ej.abs()) == ei.max(ej) {
                c.compromise += 1;
                (PairKind::Compromise, Some(if ei > 0.0 { i } else { j }))
            } else {
                c.capitulation += 1;
                (PairKind::Capitulation, Some(if ei > 0.0 { i } else { j }))
            };
            if record_pairs {
                st.2.push(PairOutcome {
                    a: i.min(j),
                    b: i.max(j),
                    kind,
                    challenger,
                });
            }
            if let Some(o) = decide(for_i.0, for_i.1, pij, pji, i, j) {
                keep(&mut st.0[i], o);
            }
            if let Some(o) = decide(for_j.0, for_j.1, pji, pij, j, i) {
                keep(&mut st.0[j], o);
            }
        });
        st
    };
    let merge = |mut a: State, b: State| -> State {
        for (slot, o) in a.0.iter_mut().zip(b.0) {
            if let Some(o) = o {
                keep(slot, o);
            }
        }
        a.1.conflict += b.1.conflict;
        a.1.stalemate += b.1.stalemate;
        a.1.compromise += b.1.compromise;
        a.1.capitulation += b.1.capitulation;
        a.2.extend(b.2);
        a
    };
    let empty = || -> State { (vec![None; n], OfferCounts::default(), Vec::new()) };
    let (best, counts, mut pairs): State = if crate::parallel::inner(n, PAR_MIN) {
        (0..n).into_par_iter().fold(empty, row).reduce(empty, merge)
    } else {
        (0..n).fold(empty(), row)
    };
    let (next, moves) = apply_offers(x, best);
    pairs.sort_by_key(|q| (q.a, q.b));
    RoundOutcome {
        next,
        risk,
        moves,
        // The moves-only round reports no counts, whichever way it found its offers.
        counts: if detail == Detail::Moves {
            OfferCounts::default()
        } else {
            counts
        },
        scanned: false,
        pairs,
    }
}

/// Every actor takes its best offer at once: the new positions and the moves.
fn apply_offers(x: &[f64], best: Vec<Option<Offer>>) -> (Vec<f64>, Vec<Move>) {
    let mut next = x.to_vec();
    let mut moves = Vec::new();
    for (i, o) in best.into_iter().enumerate() {
        if let Some(o) = o {
            next[i] = o.to;
            moves.push(Move {
                actor: i,
                towards: o.towards,
                kind: o.kind,
                from: x[i],
                to: o.to,
            });
        }
    }
    (next, moves)
}

/// One round from `x` by the fast path (`direct = false`) or the straightforward
/// O(n³) summation of every vote for every pair (`direct = true`); returns the
/// new positions. For benchmarks and side-by-side checks.
pub fn one_round(p: &EumParams, c: &[f64], s: &[f64], x: &[f64], direct: bool) -> Vec<f64> {
    let w: Vec<f64> = c.iter().zip(s).map(|(a, b)| a * b).collect();
    let (lo, hi) = x
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    if x.len() < 2 || hi <= lo {
        return x.to_vec();
    }
    play_round(p, x, s, &w, hi - lo, direct, Detail::Counts).next
}

/// [`one_round`] computing the moves only ([`Detail::Moves`]: the nearest-first offer scan).
pub fn one_round_moves(p: &EumParams, c: &[f64], s: &[f64], x: &[f64]) -> Vec<f64> {
    one_round_scanned(p, c, s, x).0
}

/// [`one_round_moves`], and whether the nearest-first scans found every offer (true) or the
/// round fell back to the loop over every pair (false). For tests: the two paths give the
/// same moves, so only this tells which one ran.
pub fn one_round_scanned(p: &EumParams, c: &[f64], s: &[f64], x: &[f64]) -> (Vec<f64>, bool) {
    let w: Vec<f64> = c.iter().zip(s).map(|(a, b)| a * b).collect();
    let (lo, hi) = x
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
    if x.len() < 2 || hi <= lo {
        return (x.to_vec(), false);
    }
    let r = play_round(p, x, s, &w, hi - lo, false, Detail::Moves);
    (r.next, r.scanned)
}

/// Run the EUM on one issue: capabilities `c`, saliences `s`, initial positions `x0`.
/// With `record`, every round is kept, with its pair counts (and pairs, up to [`PAIRS_MAX`]
/// actors); otherwise only the last round, with its moves but no counts ([`Detail::Moves`]).
pub fn run_issue(p: &EumParams, c: &[f64], s: &[f64], x0: &[f64], record: bool) -> IssueRun {
    let detail = match record {
        true if x0.len() <= PAIRS_MAX => Detail::Pairs,
        true => Detail::Counts,
        false => Detail::Moves,
    };
    let mut rounds = Vec::new();
    let (played, stopped) = run_issue_each(p, c, s, x0, detail, |rec| {
        if !record {
            rounds.clear();
        }
        rounds.push(rec);
    });
    IssueRun {
        rounds,
        played,
        stopped,
    }
}

/// Run the EUM on one issue, handing each round to `on_round` as it is played (round 0,
/// the input, first), so that a caller can write rounds out without keeping them.
/// `detail` says what each round computes besides the moves. Returns the rounds played and why it stopped.
pub fn run_issue_each(
    p: &EumParams,
    c: &[f64],
    s: &[f64],
    x0: &[f64],
    detail: Detail,
    mut on_round: impl FnMut(RoundRecord),
) -> (usize, Stopped) {
    let n = x0.len();
    let w: Vec<f64> = c.iter().zip(s).map(|(a, b)| a * b).collect();
    let spread = |x: &[f64]| {
        let (lo, hi) = x
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
        if n == 0 { 0.0 } else { hi - lo }
    };
    let r0 = spread(x0);
    let mut x = x0.to_vec();
    on_round(RoundRecord {
        round: 0,
        positions: x.clone(),
        median: eum_median(&x, &w),
        mean: eum_mean(&x, &w),
        risk: Vec::new(),
        moves: Vec::new(),
        counts: OfferCounts::default(),
        pairs: Vec::new(),
    });
    let mut stopped = Stopped::MaxRounds;
    let mut played = 0;
    for round in 1..=p.rounds {
        let range = match p.range {
            RangeRule::Round => spread(&x),
            RangeRule::Initial => r0,
        };
        if n < 2 || spread(&x) <= 0.0 || range <= 0.0 {
            stopped = Stopped::Consensus;
            break;
        }
        let RoundOutcome {
            next,
            risk,
            moves,
            counts,
            pairs,
            ..
        } = play_round(p, &x, s, &w, range, false, detail);
        let moved = x.iter().zip(&next).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        x = next;
        played = round;
        on_round(RoundRecord {
            round,
            positions: x.clone(),
            median: eum_median(&x, &w),
            mean: eum_mean(&x, &w),
            risk,
            moves,
            counts,
            pairs,
        });
        if p.stop == StopRule::Converged && moved <= p.tolerance * r0 {
            stopped = Stopped::Converged;
            break;
        }
    }
    (played, stopped)
}

/// The actors taking part on issue `k`: those with a stated position.
pub fn issue_actors(s: &Scenario, k: usize) -> Vec<usize> {
    (0..s.actors().len()).filter(|&a| !s.position(a, k).defaulted).collect()
}

/// Run every issue of a scenario (issues in parallel when there are many actors is
/// handled inside a round; issues run in sequence).
pub fn run_scenario(p: &EumParams, s: &Scenario, k: usize, record: bool) -> (Vec<usize>, IssueRun) {
    let IssueInputs { who, c, s: sal, x } = IssueInputs::of(s, k);
    let run = run_issue(p, &c, &sal, &x, record);
    (who, run)
}

/// The inputs of issue `k` for [`run_issue`] and [`run_issue_each`].
#[derive(Debug, Clone, PartialEq)]
pub struct IssueInputs {
    /// The actors taking part ([`issue_actors`]).
    pub who: Vec<usize>,
    /// Their capabilities.
    pub c: Vec<f64>,
    /// Their saliences on the issue.
    pub s: Vec<f64>,
    /// Their positions on the issue.
    pub x: Vec<f64>,
}

impl IssueInputs {
    /// Read issue `k` of `s`.
    pub fn of(s: &Scenario, k: usize) -> Self {
        let who = issue_actors(s, k);
        Self {
            c: who.iter().map(|&a| s.capability(a)).collect(),
            s: who.iter().map(|&a| s.position(a, k).salience).collect(),
            x: who.iter().map(|&a| s.position(a, k).position).collect(),
            who,
        }
    }
}

/// The EUM as a [`Model`].
#[derive(Debug, Clone, Default)]
pub struct Eum {
    /// Parameters.
    pub params: EumParams,
}

impl Model for Eum {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "eum",
            name: "Expected utility model (Bueno de Mesquita, after Scholz et al.)",
            description: "Round-by-round challenges, compromises and capitulations; forecast = weighted median after the last round.",
            citation: "Bueno de Mesquita 1994; Scholz, Calbert & Smith 2011, J. Theoretical Politics 23(4), doi:10.1177/0951629811418142",
            params: vec![
                ParamInfo {
                    name: "reading",
                    default: "\"scholz-code\"",
                    doc: "\"scholz-code\" (default, also called \"published\": Scholz's code as reimplemented by jmckib; reproduces the published Table 2) or \"printed\" (the formulas as printed); sets the options below",
                },
                ParamInfo {
                    name: "q",
                    default: "1.0",
                    doc: "probability of the status quo Q in [0, 1]",
                },
                ParamInfo {
                    name: "rounds",
                    default: "10",
                    doc: "maximum rounds (1..=10000)",
                },
                ParamInfo {
                    name: "stop",
                    default: "\"rounds\"",
                    doc: "\"rounds\" (fixed count) or \"converged\" (stop when no position moves more than tolerance x initial range)",
                },
                ParamInfo {
                    name: "tolerance",
                    default: "1e-6",
                    doc: "convergence tolerance, relative to the initial range",
                },
                ParamInfo {
                    name: "p_denominator",
                    default: "\"pairs\"",
                    doc: "denominator of P: \"pairs\" (scholz-code) or \"actors\" (printed)",
                },
                ParamInfo {
                    name: "p_risk",
                    default: "true",
                    doc: "raise voters' distances in P to their risk exponent (printed: false)",
                },
                ParamInfo {
                    name: "perspective",
                    default: "\"receiver\"",
                    doc: "\"receiver\": both with the receiver's r (scholz-code); \"each\": E^i with r_i, E^j with r_j (printed)",
                },
                ParamInfo {
                    name: "conflict",
                    default: "\"expected_utility\"",
                    doc: "who loses a conflict: \"expected_utility\" (lower E, scholz-code), \"probability\" (lower P, printed) or \"no_move\"",
                },
                ParamInfo {
                    name: "capitulation",
                    default: "false",
                    doc: "whether capitulation offers are made (printed: true)",
                },
                ParamInfo {
                    name: "compromise_choice",
                    default: "\"scholz_code\"",
                    doc: "\"scholz_code\" (lowest EU-weighted midpoint) or \"least_move\" (printed)",
                },
                ParamInfo {
                    name: "range",
                    default: "\"initial\"",
                    doc: "normalising range: \"initial\" (scholz-code) or \"round\" (current positions, printed)",
                },
            ],
        }
    }

    fn forecast(&self, s: &Scenario) -> Result<Forecast, ModelError> {
        let mut values = Vec::with_capacity(s.issues().len());
        let mut means = Vec::with_capacity(s.issues().len());
        let mut max_played = 0;
        let mut all_converged = true;
        for k in 0..s.issues().len() {
            let (who, run) = run_scenario(&self.params, s, k, false);
            match run.last() {
                Some(last) if !who.is_empty() => {
                    values.push(last.median);
                    means.push(last.mean);
                }
                _ => {
                    values.push(s.issues()[k].status_quo);
                    means.push(s.issues()[k].status_quo);
                }
            }
            max_played = max_played.max(run.played);
            all_converged &= run.stopped != Stopped::MaxRounds;
        }
        let termination = if all_converged {
            Termination::Converged { rounds: max_played }
        } else {
            Termination::MaxRounds { rounds: max_played }
        };
        Ok(Forecast {
            model: "eum".into(),
            values,
            means: Some(means),
            termination,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A seeded stream of uniform numbers in [0, 1) (a 64-bit LCG).
    fn lcg(seed: u64) -> impl FnMut() -> f64 {
        let mut st = seed;
        move || {
            st = st.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (st >> 11) as f64 / (1u64 << 53) as f64
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn votes_and_probability_by_hand() {
        // x = [0, 10, 4], w = c·s = [1, 0.5, 1], R = 10.
        // P_01: votes d_k = (|x_k − 10| − |x_k − 0|)/10 = [1, −1, 0.2], weighted [1, −0.5, 0.2]:
        // N_01 = 1.2, N_10 = 0.5, D = 1.7, so P_01 = 12/17 and P_10 = 5/17.
        let p = EumParams::printed();
        let (x, s, w) = ([0.0, 10.0, 4.0], [1.0, 0.5, 1.0], [1.0, 0.5, 1.0]);
        let ctx = RoundCtx::new(&p, &x, &s, &w, 10.0, Vec::new(), false);
        assert!(close(ctx.vote(2, 0.0, 10.0), 0.2));
        assert!(close(ctx.vote(1, 0.0, 10.0), -1.0));
        let (nij, nji, d) = ctx.p_terms_direct(0, 1);
        assert!(close(nij, 1.2) && close(nji, 0.5) && close(d, 1.7));
        let mut row = Vec::new();
        ctx.for_row(0, |j, pij, pji| row.push((j, pij, pji)));
        let (_, p01, p10) = row.iter().copied().find(|r| r.0 == 1).unwrap();
        assert!(close(p01, 12.0 / 17.0) && close(p10, 5.0 / 17.0), "{p01} {p10}");
        // Pairs reading: the denominator is the sum over all ordered pairs (a, b) of |w_k d_k|.
        // Voter 0 (at 0) has distances [0, 1, 0.4]: pairwise differences 1, 0.4, 0.6 -> 2·2.0 = 4.0;
        // voter 1 (at 10): distances [1, 0, 0.6] -> 2·2.0 = 4.0, times w 0.5 = 2.0;
        // voter 2 (at 4): distances [0.4, 0.6, 0] -> |0.2| + 0.4 + 0.6 = 1.2, doubled 2.4.
        let pp = EumParams {
            p_denominator: PDenominator::Pairs,
            ..p
        };
        let ctx = RoundCtx::new(&pp, &x, &s, &w, 10.0, Vec::new(), false);
        assert!(close(ctx.pairs_den, 4.0 + 2.0 + 2.4), "{}", ctx.pairs_den);
    }

    #[test]
    fn utilities_and_expected_utility_by_hand() {
        // util(b, r) = 2 − 4 b^r: U_s(d=1) = 2, U_f(d=1) = −2, U_sq = 2 − 4·0.5^r.
        assert!(close(util(0.0, 2.0), 2.0) && close(util(1.0, 0.5), -2.0));
        assert!(close(util(0.5, 1.0), 0.0) && close(util(0.5, 2.0), 1.0));
        // x = [0, 10, 4] as above; E^0(U_01), r = 1, Q = 1:
        // s_1 [P U_s + (1−P) U_f] + (1 − s_1) U_s − U_sq = 0.5 (24/17 − 10/17) + 1 − 0 = 7/17 + 1.
        let p = EumParams::printed();
        let (x, s, w) = ([0.0, 10.0, 4.0], [1.0, 0.5, 1.0], [1.0, 0.5, 1.0]);
        let ctx = RoundCtx::new(&p, &x, &s, &w, 10.0, Vec::new(), false);
        assert!(close(ctx.expected(0, 1, 12.0 / 17.0, 1.0), 1.0 + 7.0 / 17.0));
        // With r = 2 the status quo is worth 1, so E drops by 1.
        assert!(close(ctx.expected(0, 1, 12.0 / 17.0, 2.0), 7.0 / 17.0));
        // Q = 0.5 adds −0.5 [T U_b + (1 − T) U_w]: the median is 4 (cumulative 1 at 0, 2 at 4 of 2.5),
        // |x_0 − μ| = 4 < |x_0 − x_1| = 10 so T = 1: U_b = 2 − 4 (0.5 − 0.25·(0.4 + 1)) = 1.4.
        let pq = EumParams { q: 0.5, ..p };
        let ctx = RoundCtx::new(&pq, &x, &s, &w, 10.0, Vec::new(), false);
        assert!(close(ctx.median, 4.0));
        let e = ctx.expected(0, 1, 12.0 / 17.0, 1.0);
        assert!(
            close(e, 0.5 * (24.0 / 17.0 - 10.0 / 17.0) + 1.0 - 0.5 * 0.0 - 0.5 * 1.4),
            "{e}"
        );
    }

    #[test]
    fn powered_votes_by_hand() {
        // x = [0, 4, 4, 10] (groups 0, 4, 10), w = [1, 2, 1, 3], r = [2, 0.5, 1, 1], R = 10.
        // P_03 (a = 0, b = 10, m = 5): voters 0, 1, 2 below m vote for 0 with F_10 − F_0:
        //   voter 0: 1·(1² − 0) = 1; voter 1: 2·(0.6^0.5 − 0.4^0.5); voter 2: 1·(0.6 − 0.4).
        // voter 3 above votes for 10: 3·(1 − 0) = 3.
        let p = EumParams::printed();
        let (x, s, w) = ([0.0, 4.0, 4.0, 10.0], [1.0; 4], [1.0, 2.0, 1.0, 3.0]);
        let r = vec![2.0, 0.5, 1.0, 1.0];
        let ctx = RoundCtx::new(&p, &x, &s, &w, 10.0, r.clone(), false);
        let pv = ctx.powered.as_ref().unwrap();
        // Boundaries at counts 0, 1, 3, 4 (count 2 is inside the group at 4).
        assert_eq!(
            (pv.g, &pv.group[..], &pv.bound[..]),
            (3, &[0, 1, 1, 2][..], &[0, 1, 0, 2, 3][..])
        );
        let low = 1.0 + 2.0 * (0.6f64.sqrt() - 0.4f64.sqrt()) + 0.2;
        let mut got = Vec::new();
        ctx.for_row(0, |j, pij, pji| got.push((j, pij, pji)));
        let (_, p03, p30) = got.iter().copied().find(|g| g.0 == 3).unwrap();
        assert!(
            close(p03, low / (low + 3.0)) && close(p30, 3.0 / (low + 3.0)),
            "{p03} {p30}"
        );
        // The same with every pair summed over the voters.
        let direct = RoundCtx::new(&p, &x, &s, &w, 10.0, r, true);
        for i in 0..4 {
            let mut fast = Vec::new();
            ctx.for_row(i, |j, pij, pji| fast.push((j, pij, pji)));
            let mut slow = Vec::new();
            direct.for_row(i, |j, pij, pji| slow.push((j, pij, pji)));
            assert_eq!(fast.len(), slow.len());
            for (a, b) in fast.iter().zip(&slow) {
                assert!(a.0 == b.0 && close(a.1, b.1) && close(a.2, b.2), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn the_row_sweep_equals_direct_sums_when_positions_and_midpoints_coincide() {
        // Positions on an even grid, so that many pairs' midpoints fall exactly on another
        // actor's position and many positions tie: the sweep's counts #{x ≤ a}, #{x < m},
        // #{x ≤ m}, #{x < b} must then be exact. Both vote shapes (r = 1 and powered), every
        // row, and rows started part-way (`for_row_from`, which places its counts by binary
        // search instead of walking up from 0).
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let p = EumParams::printed();
        for case in 0..60 {
            let n = 3 + (next() % 10) as usize;
            let x: Vec<f64> = (0..n).map(|_| 2.0 * (next() % 6) as f64).collect();
            let s = vec![1.0; n];
            let w: Vec<f64> = (0..n).map(|_| 0.25 + (next() % 8) as f64 * 0.25).collect();
            let r: Vec<f64> = if case % 2 == 0 {
                Vec::new()
            } else {
                (0..n).map(|_| [0.5, 1.0, 2.0][(next() % 3) as usize]).collect()
            };
            let fast = RoundCtx::new(&p, &x, &s, &w, 10.0, r.clone(), false);
            let direct = RoundCtx::new(&p, &x, &s, &w, 10.0, r, true);
            for i in 0..n {
                let (mut a, mut b) = (Vec::new(), Vec::new());
                fast.for_row(i, |j, pij, pji| a.push((j, pij, pji)));
                direct.for_row(i, |j, pij, pji| b.push((j, pij, pji)));
                assert_eq!(a.len(), b.len(), "case {case}, row {i}");
                for (u, v) in a.iter().zip(&b) {
                    assert!(
                        u.0 == v.0 && close(u.1, v.1) && close(u.2, v.2),
                        "case {case}, row {i}: {u:?} vs {v:?} ({x:?})"
                    );
                }
                for from in [1, n / 2, n - 1] {
                    let mut part = Vec::new();
                    fast.for_row_from(i, from, |j, pij, pji| part.push((j, pij, pji)));
                    let want: Vec<_> = fast.order[from..]
                        .iter()
                        .filter(|&&j| j != i)
                        .map(|&j| *a.iter().find(|g| g.0 == j).unwrap_or(&(j, f64::NAN, f64::NAN)))
                        .collect();
                    assert_eq!(part.len(), want.len());
                    for (u, v) in part.iter().zip(&want) {
                        assert!(
                            u.0 == v.0 && close(u.1, v.1) && close(u.2, v.2),
                            "case {case}, row {i} from {from}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn pairs_denominator_by_merge_equals_the_sorted_sum() {
        // Ties in position, exponents of 1 and not, a zero weight.
        let x = [3.0, 0.0, 7.5, 3.0, 10.0, 0.0, 6.0];
        let w = [0.5, 1.0, 0.0, 2.0, 0.3, 1.5, 0.8];
        let s = [1.0; 7];
        let r = vec![1.0, 0.5, 2.0, 1.3, 0.7, 1.0, 1.9];
        let pp = EumParams {
            p_denominator: PDenominator::Pairs,
            ..EumParams::printed()
        };
        for vote_r in [Vec::new(), r] {
            let fast = RoundCtx::new(&pp, &x, &s, &w, 10.0, vote_r.clone(), false).pairs_den;
            let ones = if vote_r.is_empty() { vec![1.0; 7] } else { vote_r };
            let sorted = RoundCtx::new(&pp, &x, &s, &w, 10.0, ones.clone(), true).pairs_den;
            // And by the definition: Σ_k w_k Σ_{a,b} |D_k(a) − D_k(b)|.
            let d = |k: usize, a: usize| ((x[k] - x[a]).abs() / 10.0).powf(ones[k]);
            let mut by_def = 0.0;
            for (k, wk) in w.iter().enumerate() {
                for a in 0..7 {
                    for b in 0..7 {
                        by_def += wk * (d(k, a) - d(k, b)).abs();
                    }
                }
            }
            assert!(close(fast, sorted) && close(fast, by_def), "{fast} {sorted} {by_def}");
        }
    }

    #[test]
    fn security_risk_and_a_conflict_by_hand() {
        // Two actors: x = [0, 10], c = [1, 1], s = [1, 0.5]; P_01 = 2/3, P_10 = 1/3.
        // Sec_0 = E^1(U_10) = 1·[(1/3)·2 + (2/3)(−2)] = −2/3; Sec_1 = E^0(U_01) = 0.5·(2/3) + 1 = 4/3.
        // R_0 = (−4/3 − 4/3 + 2/3)/2 = −1 -> r_0 = (4/3)/(2/3) = 2; R_1 = 1 -> r_1 = 0.5.
        // Second pass: e_0 = 0.5·(2/3) + 1 − 1 = 1/3 > 0; e_1 = −2/3 − (2 − 4·√0.5) = 0.1618 > 0:
        // a conflict, and actor 1 (P_10 = 1/3 < 2/3) moves to 0. Then all agree: consensus.
        let run = run_issue(&EumParams::printed(), &[1.0, 1.0], &[1.0, 0.5], &[0.0, 10.0], true);
        let r1 = &run.rounds[1];
        assert!(close(r1.risk[0], 2.0) && close(r1.risk[1], 0.5), "{:?}", r1.risk);
        assert_eq!(
            r1.moves,
            vec![Move {
                actor: 1,
                towards: 0,
                kind: MoveKind::Conflict,
                from: 10.0,
                to: 0.0
            }]
        );
        assert_eq!(r1.counts.conflict, 1);
        assert_eq!(run.stopped, Stopped::Consensus);
        assert_eq!(run.played, 1);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 200, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202), ..Default::default() })]

        #[test]
        fn grouped_security_matches_row_sums(
            n in 1usize..150,
            seed in proptest::prelude::any::<u64>(),
            grid in proptest::prelude::any::<bool>(),
            q in proptest::prop_oneof![proptest::strategy::Just(1.0), 0.0f64..1.0],
            pairs in proptest::prelude::any::<bool>(),
            ones in proptest::prelude::any::<bool>(),
        ) {
            let mut unit = lcg(seed);
            let x: Vec<f64> = (0..n).map(|_| if grid { (unit() * 10.0).floor() * 10.0 } else { 100.0 * unit() }).collect();
            let s: Vec<f64> = (0..n).map(|_| unit()).collect();
            let w: Vec<f64> = s.iter().map(|v| v * (0.01 + 2.0 * unit())).collect();
            let p = EumParams {
                q,
                p_denominator: if pairs { PDenominator::Pairs } else { PDenominator::Actors },
                ..EumParams::printed()
            };
            // `ones`: the rows take the direct path (an exponent vector), as `direct` does.
            let fast = security_grouped(&RoundCtx::new(&p, &x, &s, &w, 100.0, Vec::new(), false));
            let rows = security_rows(&RoundCtx::new(&p, &x, &s, &w, 100.0, if ones { vec![1.0; n] } else { Vec::new() }, ones));
            // Summed in another order (per position, closed forms): equal to rounding.
            let scale = rows.iter().fold(1.0f64, |a, v| a.max(v.abs()));
            for (i, (a, b)) in fast.iter().zip(&rows).enumerate() {
                proptest::prop_assert!((a - b).abs() <= 1e-12 * scale * n as f64, "actor {}: {} vs {}", i, a, b);
            }
        }
    }

    #[test]
    fn grouped_security_with_adjacent_doubles_and_shared_positions() {
        // 1 and the next double up: their midpoint rounds to one of them, and no position lies
        // strictly between. Shared positions (3 actors at 5) count once per actor.
        let up = f64::from_bits(1.0f64.to_bits() + 1);
        let x = [1.0, up, 5.0, 5.0, 5.0, 9.0];
        let s = [0.2, 0.9, 0.5, 0.1, 1.0, 0.7];
        let w = [1.0, 0.5, 2.0, 0.3, 1.0, 1.5];
        for q in [1.0, 0.4] {
            for den in [PDenominator::Actors, PDenominator::Pairs] {
                let p = EumParams {
                    q,
                    p_denominator: den,
                    ..EumParams::printed()
                };
                let ctx = RoundCtx::new(&p, &x, &s, &w, 8.0, Vec::new(), false);
                let (fast, rows) = (security_grouped(&ctx), security_rows(&ctx));
                assert_eq!((fast.len(), rows.len()), (6, 6));
                for (a, b) in fast.iter().zip(&rows) {
                    assert!((a - b).abs() < 1e-12, "q {q} {den:?}: {fast:?} vs {rows:?}");
                }
            }
        }
    }

    #[test]
    fn grouped_security_with_no_weight_at_all_is_not_nan() {
        // Every weight 0: no pair has a vote, both numerators are 0, and each pair's P is 0
        // (not 0/0), so the securities are finite (each actor's (1 − s)·U_s terms remain).
        let x = [1.0, 3.0, 5.0, 9.0];
        let (s, w) = ([0.0; 4], [0.0; 4]);
        for q in [1.0, 0.4] {
            for den in [PDenominator::Actors, PDenominator::Pairs] {
                let p = EumParams {
                    q,
                    p_denominator: den,
                    ..EumParams::printed()
                };
                let ctx = RoundCtx::new(&p, &x, &s, &w, 8.0, Vec::new(), false);
                let (fast, rows) = (security_grouped(&ctx), security_rows(&ctx));
                assert_eq!(rows.len(), 4);
                assert!(
                    fast.iter().chain(&rows).all(|v| v.is_finite()),
                    "q {q} {den:?}: {fast:?} vs {rows:?}"
                );
                for (a, b) in fast.iter().zip(&rows) {
                    assert!((a - b).abs() < 1e-12, "q {q} {den:?}: {fast:?} vs {rows:?}");
                }
            }
        }
    }

    #[test]
    fn grouped_security_beyond_one_chunk_of_partners() {
        // More distinct positions than one task's chunk of partners (COL_CHUNK) above a block,
        // and more than one block of rows: every chunk must add its own partners' terms.
        let n = COL_CHUNK + 2 * SEC_BLOCK + 37;
        let x: Vec<f64> = (0..n).map(|k| ((k * 7919) % n) as f64 * 0.37).collect();
        let s: Vec<f64> = (0..n).map(|k| 0.05 + ((k * 31) % 19) as f64 / 20.0).collect();
        let w: Vec<f64> = (0..n).map(|k| 0.1 + ((k * 17) % 23) as f64 / 10.0).collect();
        let range = 0.37 * (n - 1) as f64;
        for q in [1.0, 0.7] {
            let p = EumParams {
                q,
                ..EumParams::printed()
            };
            let ctx = RoundCtx::new(&p, &x, &s, &w, range, Vec::new(), false);
            let (fast, rows) = (security_grouped(&ctx), security_rows(&ctx));
            let scale = rows.iter().fold(1.0f64, |a, v| a.max(v.abs()));
            for (i, (a, b)) in fast.iter().zip(&rows).enumerate() {
                assert!(
                    (a - b).abs() <= 1e-12 * scale * n as f64,
                    "q {q}, actor {i}: {a} vs {b}"
                );
            }
        }
    }

    #[test]
    fn scholz_code_reading_sets_every_choice() {
        // Each field spelled out: a reading that silently fell back to a printed choice
        // (several agree with the printed model on the EC case) would pass the Table 2 tests.
        let e = EumParams::scholz_code();
        assert_eq!(e.p_denominator, PDenominator::Pairs);
        assert!(e.p_risk);
        assert_eq!(e.perspective, Perspective::Receiver);
        assert_eq!(e.conflict, ConflictRule::ExpectedUtility);
        assert!(!e.capitulation);
        assert_eq!(e.compromise_choice, CompromiseChoice::ScholzCode);
        assert_eq!(e.range, RangeRule::Initial);
        assert_eq!((e.q, e.rounds, e.stop), (1.0, 10, StopRule::Rounds));
    }

    #[test]
    fn median_and_mean_by_hand() {
        // weights [1, 0.5, 1] at [0, 10, 4]: sorted 0 (1), 4 (2), 10 (2.5); half 1.25 -> 4.
        assert_eq!(eum_median(&[0.0, 10.0, 4.0], &[1.0, 0.5, 1.0]), 4.0);
        // mean (0 + 5 + 4) / 2.5 = 3.6
        assert!(close(eum_mean(&[0.0, 10.0, 4.0], &[1.0, 0.5, 1.0]), 3.6));
    }

    #[test]
    fn params_read_and_refuse() {
        let mut m = serde_json::Map::new();
        m.insert("reading".into(), "scholz-code".into());
        m.insert("rounds".into(), 8.into());
        let e = EumParams::from_params(&Params::new("eum", m)).unwrap();
        assert_eq!(
            e,
            EumParams {
                rounds: 8,
                ..EumParams::scholz_code()
            }
        );
        // The default is the published reading; `printed` is asked for.
        let none = EumParams::from_params(&Params::new("eum", serde_json::Map::new())).unwrap();
        let mut m = serde_json::Map::new();
        m.insert("reading".into(), "published".into());
        assert_eq!(
            EumParams::from_params(&Params::new("eum", m)).unwrap(),
            EumParams::scholz_code()
        );
        assert_eq!(
            (none.clone(), EumParams::default()),
            (EumParams::scholz_code(), EumParams::scholz_code())
        );
        let mut m = serde_json::Map::new();
        m.insert("reading".into(), "printed".into());
        m.insert("capitulation".into(), false.into());
        let e = EumParams::from_params(&Params::new("eum", m)).unwrap();
        assert_eq!(
            e,
            EumParams {
                capitulation: false,
                ..EumParams::printed()
            }
        );
        for (k, v) in [
            ("q", serde_json::json!(1.5)),
            ("rounds", serde_json::json!(0)),
            ("rounds", serde_json::json!(2.5)),
            ("stop", serde_json::json!("never")),
            ("bogus", serde_json::json!(1)),
        ] {
            let mut m = serde_json::Map::new();
            m.insert(k.into(), v);
            let err = EumParams::from_params(&Params::new("eum", m)).unwrap_err();
            assert!(err.to_string().contains(k), "{err}");
        }
    }

    #[test]
    fn equal_security_gives_risk_exponent_one() {
        // Two actors alike but for their positions: their securities are equal, R_i = 0/0 is
        // taken as 0 and both risk exponents are (1 − 0)/(1 + 0) = 1 (not NaN).
        for p in [EumParams::printed(), EumParams::scholz_code()] {
            let r = run_issue(&p, &[1.0, 1.0], &[1.0, 1.0], &[0.0, 100.0], true);
            assert_eq!(r.rounds[1].risk, vec![1.0, 1.0]);
            assert_eq!(r.rounds[1].positions, vec![0.0, 100.0]);
        }
    }

    #[test]
    fn an_expected_utility_of_exactly_zero_is_no_challenge() {
        // Printed reading. Actors 0 and 1 (at 0) value challenging actor 2 (at 25) at exactly
        // 0, while actor 2's challenge of them is worth +0.065 with P = 7/12 against 5/12: an
        // actor indifferent to a challenge makes none, so this is not a conflict; they
        // capitulate to actor 3 instead. Counting 0 as a challenge would have them lose a
        // conflict to actor 2 and move to 25.
        let p = EumParams::printed();
        let (c, s) = ([0.25, 1.0, 1.0, 1.0], [1.0, 1.0, 0.75, 1.0]);
        let x0 = [0.0, 0.0, 25.0, 100.0];
        let r = run_issue(&p, &c, &s, &x0, true);
        assert_eq!(r.rounds[1].positions, vec![100.0, 100.0, 25.0, 25.0]);
        for direct in [true, false] {
            assert_eq!(one_round(&p, &c, &s, &x0, direct), vec![100.0, 100.0, 25.0, 25.0]);
        }
    }

    #[test]
    fn an_even_probability_is_no_loss_under_the_probability_rule() {
        // Printed reading (conflict decided by P). Actors 0, 1 and 2 share position 0 with
        // weights c·s = 1/8, 1/8, 3/4 against actor 3 (weight 1) at 100: P = 1/2 each way, and
        // an actor who does not expect to lose a conflict does not give in. Nobody moves.
        let p = EumParams::printed();
        let (c, s) = ([0.5, 0.5, 0.75, 1.0], [0.25, 0.25, 1.0, 1.0]);
        let x0 = [0.0, 0.0, 0.0, 100.0];
        for direct in [true, false] {
            assert_eq!(one_round(&p, &c, &s, &x0, direct), x0.to_vec());
        }
        let r = run_issue(&p, &c, &s, &x0, true);
        assert_eq!(r.rounds[1].positions, x0.to_vec());
    }

    #[test]
    fn pairs_are_recorded_only_when_asked() {
        // Printed reading, x = [0, 50, 100], all alike: the middle actor's challenges make the
        // outer two capitulate to it; the outer two are in conflict with each other.
        let p = EumParams::printed();
        let (c, s, x) = ([1.0; 3], [1.0; 3], [0.0, 50.0, 100.0]);
        let r = run_issue(&p, &c, &s, &x, true);
        let pair = |a, b, kind, challenger| PairOutcome { a, b, kind, challenger };
        assert_eq!(
            r.rounds[1].pairs,
            vec![
                pair(0, 1, PairKind::Capitulation, Some(1)),
                pair(0, 2, PairKind::Conflict, None),
                pair(1, 2, PairKind::Capitulation, Some(1)),
            ]
        );
        let counts = OfferCounts {
            stalemate: 0,
            conflict: 1,
            compromise: 0,
            capitulation: 2,
        };
        assert_eq!(r.rounds[1].counts, counts);
        // Counts without pairs, and moves alone, on either path.
        for direct in [true, false] {
            let w = [1.0; 3];
            for detail in [Detail::Counts, Detail::Moves] {
                let round = play_round(&p, &x, &s, &w, 100.0, direct, detail);
                assert!(round.pairs.is_empty(), "{detail:?} direct {direct}");
                assert_eq!(round.next, vec![50.0; 3]);
            }
            let round = play_round(&p, &x, &s, &w, 100.0, direct, Detail::Pairs);
            assert_eq!(round.pairs, r.rounds[1].pairs, "direct {direct}");
        }
    }

    #[test]
    fn the_direct_path_computes_its_securities_row_by_row() {
        // The direct path is the oracle of the grouped one (prefix sums over groups of equal
        // positions), so it must not share its code: here the two sums agree to rounding but
        // not to the bit, and each path's risk exponents come from its own securities.
        let p = EumParams::scholz_code();
        let (x, s, c) = ([11.0, 27.0, 89.0, 84.0], [0.4, 0.6, 0.8, 0.45], [0.85, 0.25, 1.0, 1.0]);
        let w: Vec<f64> = c.iter().zip(&s).map(|(a, b)| a * b).collect();
        let rows = security_rows(&RoundCtx::new(&p, &x, &s, &w, 100.0, vec![1.0; 4], true));
        let grouped = security_grouped(&RoundCtx::new(&p, &x, &s, &w, 100.0, Vec::new(), false));
        assert!(rows.iter().zip(&grouped).all(|(a, b)| (a - b).abs() < 1e-12));
        // R_i = (2 S_i − S_max − S_min) / (S_max − S_min), r_i = (1 − R_i/3) / (1 + R_i/3).
        let risk = |sec: &[f64]| -> Vec<f64> {
            let hi = sec.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let lo = sec.iter().copied().fold(f64::INFINITY, f64::min);
            sec.iter()
                .map(|&v| {
                    let r = (2.0 * v - hi - lo) / (hi - lo);
                    (1.0 - r / 3.0) / (1.0 + r / 3.0)
                })
                .collect()
        };
        assert_ne!(risk(&rows), risk(&grouped));
        for (direct, sec) in [(true, &rows), (false, &grouped)] {
            let round = play_round(&p, &x, &s, &w, 100.0, direct, Detail::Counts);
            assert_eq!(round.risk, risk(sec), "direct {direct}");
        }
    }

    #[test]
    fn equal_expected_utilities_are_no_loss_under_the_expected_utility_rule() {
        // Published reading (conflicts decided by expected utility). Two pairs of like actors at
        // 0 and 100 with salience 1/2: every cross pair is a conflict whose two sides expect
        // exactly as much; an actor gives in only to a challenger expecting more. Nobody moves.
        let p = EumParams::scholz_code();
        let x = [0.0, 0.0, 100.0, 100.0];
        let r = run_issue(&p, &[1.0; 4], &[0.5; 4], &x, true);
        assert_eq!(r.rounds[1].positions, x.to_vec());
        assert!(r.rounds[1].moves.is_empty());
        let conflicts = r.rounds[1].pairs.iter().filter(|q| q.kind == PairKind::Conflict);
        assert_eq!(conflicts.count(), 4);
    }

    #[test]
    fn a_challenger_expecting_exactly_zero_gets_nothing() {
        // Printed reading. Actor 2's challenge of actor 3 is worth exactly 0 to actor 2, and
        // actor 3 expects −0.5 from it: a challenger expecting 0 makes no challenge, so actor
        // 3 does not capitulate to it (counting 0 as a challenge, it would move to 0). Its
        // pairs with actors 0 and 1 are conflicts at P = 1/2, which it does not lose.
        let p = EumParams::printed();
        let (c, s) = ([0.25, 0.25, 1.0, 1.0], [0.5, 0.5, 0.75, 1.0]);
        let x0 = [0.0, 0.0, 0.0, 100.0];
        for direct in [true, false] {
            assert_eq!(one_round(&p, &c, &s, &x0, direct), x0.to_vec());
        }
    }

    #[test]
    fn a_compromise_needs_the_challenger_to_gain_more_than_the_receiver_loses() {
        // Printed reading, each pair valued with the receiver's exponent and no capitulation.
        // With saliences 1 and risk exponent 1, the receiver's loss equals the challenger's
        // gain exactly: that is no compromise offer (it would take the receiver all the way,
        // as a capitulation would; the round's pairs still count such a tie as a compromise).
        // Actor 2 (at 25) stays; the two at 0 lose a conflict to actor 3.
        let p = EumParams {
            perspective: Perspective::Receiver,
            capitulation: false,
            ..EumParams::printed()
        };
        let (c, s) = ([0.25, 1.0, 0.25, 0.75, 1.0], [1.0; 5]);
        let x0 = [0.0, 0.0, 25.0, 100.0, 100.0];
        for direct in [true, false] {
            assert_eq!(
                one_round(&p, &c, &s, &x0, direct),
                vec![100.0, 100.0, 25.0, 100.0, 100.0]
            );
        }
    }

    /// A round's pairs classified from the two sides' expected utilities as EUM.md defines
    /// them, visiting each pair from its lower-placed actor i (as the model does): both
    /// positive a conflict, neither a stalemate, otherwise a compromise when the challenger's
    /// gain is at least the other's loss and a capitulation when not. Also returns the two
    /// expected utilities of every pair.
    fn pairs_by_definition(p: &EumParams, c: &[f64], s: &[f64], x: &[f64]) -> (Vec<PairOutcome>, Vec<[f64; 2]>) {
        let n = x.len();
        let w: Vec<f64> = c.iter().zip(s).map(|(a, b)| a * b).collect();
        let lo = x.iter().copied().fold(f64::INFINITY, f64::min);
        let range = x.iter().copied().fold(f64::NEG_INFINITY, f64::max) - lo;
        let risk = play_round(p, x, s, &w, range, false, Detail::Counts).risk;
        let exponents = if p.p_risk { risk.clone() } else { Vec::new() };
        let ctx = RoundCtx::new(p, x, s, &w, range, exponents, false);
        let (mut pairs, mut eus) = (Vec::new(), Vec::new());
        for i in 0..n {
            ctx.for_row(i, |j, pij, pji| {
                if x[j] <= x[i] {
                    return;
                }
                let pair = PairLogs::new((x[j] - x[i]) / range);
                let eu = |a: usize, b: usize, pab: f64, r: f64| ctx.expected_with(a, b, pab, r, util(0.5, r), &pair);
                let ei = eu(i, j, pij, risk[i]);
                let ej = match p.perspective {
                    Perspective::Each => eu(j, i, pji, risk[j]),
                    Perspective::Receiver => eu(j, i, pji, risk[i]),
                };
                let (kind, challenger) = match (ei > 0.0, ej > 0.0) {
                    (true, true) => (PairKind::Conflict, None),
                    (false, false) => (PairKind::Stalemate, None),
                    (true, false) if ei >= -ej => (PairKind::Compromise, Some(i)),
                    (true, false) => (PairKind::Capitulation, Some(i)),
                    (false, true) if ej >= -ei => (PairKind::Compromise, Some(j)),
                    (false, true) => (PairKind::Capitulation, Some(j)),
                };
                pairs.push(PairOutcome {
                    a: i.min(j),
                    b: i.max(j),
                    kind,
                    challenger,
                });
                eus.push([ei, ej]);
            });
        }
        pairs.sort_by_key(|q| (q.a, q.b));
        (pairs, eus)
    }

    #[test]
    fn pairs_and_counts_follow_the_definitions() {
        let mut unit = lcg(11u64);
        let (xr, cr, sr): (Vec<f64>, Vec<f64>, Vec<f64>) = (
            (0..12).map(|_| (100.0 * unit()).round()).collect(),
            (0..12).map(|_| 0.1 + unit()).collect(),
            (0..12).map(|_| 0.1 + 0.9 * unit()).collect(),
        );
        let receiver = EumParams {
            perspective: Perspective::Receiver,
            ..EumParams::printed()
        };
        let printed = EumParams::printed();
        let (c0, s0) = (vec![0.25, 1.0, 1.0, 1.0], vec![1.0, 1.0, 0.75, 1.0]);
        // (reading, capabilities, saliences, positions)
        type Case = (EumParams, Vec<f64>, Vec<f64>, Vec<f64>);
        let cases: Vec<Case> = vec![
            // Expected utilities of exactly 0: E^0(U_02) and E^1(U_12) here (the lower side of
            // the pair), and in the mirror image the upper side's.
            (printed.clone(), c0.clone(), s0.clone(), vec![0.0, 0.0, 25.0, 100.0]),
            (printed.clone(), c0, s0, vec![100.0, 100.0, 75.0, 0.0]),
            (printed.clone(), vec![1.0; 3], vec![1.0; 3], vec![0.0, 50.0, 100.0]),
            (
                EumParams::scholz_code(),
                vec![1.0; 4],
                vec![0.5; 4],
                vec![0.0, 0.0, 100.0, 100.0],
            ),
            (printed, cr.clone(), sr.clone(), xr.clone()),
            (receiver, cr.clone(), sr.clone(), xr.clone()),
            (EumParams::scholz_code(), cr, sr, xr),
        ];
        let mut total = OfferCounts::default();
        let mut zeros = [0, 0];
        for (k, (p, c, s, x)) in cases.iter().enumerate() {
            let (want, eus) = pairs_by_definition(p, c, s, x);
            let round = &run_issue(p, c, s, x, true).rounds[1];
            assert_eq!(round.pairs, want, "case {k}");
            let count = |kind| want.iter().filter(|q| q.kind == kind).count();
            let counts = OfferCounts {
                stalemate: count(PairKind::Stalemate),
                conflict: count(PairKind::Conflict),
                compromise: count(PairKind::Compromise),
                capitulation: count(PairKind::Capitulation),
            };
            assert_eq!(round.counts, counts, "case {k}");
            total.stalemate += counts.stalemate;
            total.conflict += counts.conflict;
            total.compromise += counts.compromise;
            total.capitulation += counts.capitulation;
            zeros[0] += eus.iter().filter(|e| e[0] == 0.0 && e[1] != 0.0).count();
            zeros[1] += eus.iter().filter(|e| e[1] == 0.0 && e[0] != 0.0).count();
        }
        // Above PAIRS_MAX actors a round keeps counts only; above PAR_MIN they are tallied in
        // parts (as rayon splits the rows) and merged.
        let n = 100;
        let (x, c, s): (Vec<f64>, Vec<f64>, Vec<f64>) = (
            (0..n).map(|_| (100.0 * unit()).round()).collect(),
            (0..n).map(|_| 0.1 + unit()).collect(),
            (0..n).map(|_| 0.1 + 0.9 * unit()).collect(),
        );
        for p in [EumParams::printed(), EumParams::scholz_code()] {
            let (want, _) = pairs_by_definition(&p, &c, &s, &x);
            let count = |kind| want.iter().filter(|q| q.kind == kind).count();
            let round = &run_issue(&p, &c, &s, &x, true).rounds[1];
            assert!(round.pairs.is_empty());
            let counts = round.counts;
            assert_eq!(
                [
                    counts.stalemate,
                    counts.conflict,
                    counts.compromise,
                    counts.capitulation
                ],
                [
                    count(PairKind::Stalemate),
                    count(PairKind::Conflict),
                    count(PairKind::Compromise),
                    count(PairKind::Capitulation)
                ],
                "{p:?}"
            );
            assert!(
                counts.stalemate * counts.conflict * counts.compromise * counts.capitulation > 0,
                "{counts:?}"
            );
        }
        // Every kind occurs, and a zero on either side of a pair.
        assert!(
            total.stalemate > 0 && total.conflict > 0 && total.compromise > 0 && total.capitulation > 0,
            "{total:?}"
        );
        assert!(zeros[0] > 0 && zeros[1] > 0, "{zeros:?}");
    }

    #[test]
    fn the_convergence_stop_is_the_first_round_that_moves_nobody_more_than_the_tolerance() {
        // Published reading, three actors whose compromises shrink round by round. Played to
        // 200 rounds, the first round in which nobody moves more than 1e-6 of the initial
        // range (38) is round 21, which still moves someone by 2.1e-5: the convergence rule
        // stops exactly there, with those positions.
        let (c, s, x) = ([1.05, 0.7, 0.55], [0.15, 1.0, 0.7], [19.0, 39.0, 1.0]);
        let p = |stop| EumParams {
            rounds: 200,
            stop,
            ..EumParams::scholz_code()
        };
        let all = run_issue(&p(StopRule::Rounds), &c, &s, &x, true);
        assert_eq!((all.played, all.stopped), (200, Stopped::MaxRounds));
        let moved: Vec<f64> = all
            .rounds
            .windows(2)
            .map(|w| {
                w[0].positions
                    .iter()
                    .zip(&w[1].positions)
                    .map(|(a, b)| (a - b).abs())
                    .fold(0.0, f64::max)
            })
            .collect();
        let first = moved.iter().position(|&m| m <= 1e-6 * 38.0).map(|k| k + 1);
        assert_eq!(first, Some(21));
        assert!(moved[20] > 1e-5, "{:?}", &moved[19..21]);
        let run = run_issue(&p(StopRule::Converged), &c, &s, &x, false);
        assert_eq!((run.played, run.stopped), (21, Stopped::Converged));
        assert_eq!(run.last().map(|r| &r.positions), Some(&all.rounds[21].positions));
    }

    #[test]
    fn a_challenger_expecting_exactly_zero_does_not_win_a_conflict() {
        // Printed reading (conflicts decided by P). Actor 1 (risk exponent ≈ 2) values its
        // challenge of actor 2 at exactly 0 although P_12 = 5/8: no challenge, so actor 2,
        // which does challenge actor 1, does not lose a conflict to it; it loses one to
        // actor 0 instead and moves to 50. (At exponent 1 a zero would need P_12 <= 1/2.)
        let p = EumParams::printed();
        let (c, s, x) = ([1.0, 0.5, 0.75], [0.875, 0.75, 1.0], [50.0, 25.0, 0.0]);
        let next = one_round(&p, &c, &s, &x, true);
        assert_eq!((next[0], next[2]), (50.0, 50.0));
        assert!((next[1] - 26.953).abs() < 1e-3, "{next:?}");
    }

    #[test]
    fn positions_one_ulp_apart() {
        // Two actors at adjacent doubles at the top of the scale: their midpoint rounds onto
        // the upper one, so every position counts as "at most m" and the row sweep's walk
        // must stop at n. The two paths agree here (the voters' weights are alike).
        let below_100 = f64::from_bits(100f64.to_bits() - 1);
        let x = [0.0, below_100, 100.0];
        assert_eq!(0.5 * (below_100 + 100.0), 100.0);
        for p in [EumParams::printed(), EumParams::scholz_code()] {
            let fast = one_round(&p, &[1.0; 3], &[1.0; 3], &x, false);
            assert_eq!(fast, one_round(&p, &[1.0; 3], &[1.0; 3], &x, true), "{p:?}");
            assert_eq!(fast, one_round_moves(&p, &[1.0; 3], &[1.0; 3], &x), "{p:?}");
        }
    }

    #[test]
    fn the_grouped_security_keeps_its_summation_order() {
        // The grouped security's sums, bit for bit on a small case (printed reading, fast
        // path): which side a group at a midpoint joins, or where a walk starts, changes the
        // last bits of the risk exponents (actor 3's here) though not the sums' exact values.
        // A deliberate change of the summation order updates these figures.
        let r = run_issue(
            &EumParams::printed(),
            &[0.4, 0.56, 0.33, 0.4],
            &[0.2, 0.31, 0.95, 0.8],
            &[4.0, 1.0, 2.0, 6.0],
            true,
        );
        assert_eq!(
            r.rounds[1].risk,
            vec![
                0.6139533401849278,
                0.5000000000000001,
                1.9999999999999998,
                0.8703192328577484
            ]
        );
    }
}
