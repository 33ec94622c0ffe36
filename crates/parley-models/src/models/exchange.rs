//! Exchange model: actors trade position shifts across the issues of one decision, each
//! giving ground where it cares less in return for the partner's ground where it cares
//! more; the "equal gain" variant sizes each trade so both sides gain the same.
//!
//! # Algorithm
//! Positions are put on 0–100 per issue. Each round: the outcome of an issue is the
//! capability × salience weighted mean of the positions of the actors that took one. Two
//! actors on opposite sides of the outcome on two issues P and Q can trade: the one that
//! cares relatively more about P moves on Q toward the partner and the partner on P toward
//! it, by shifts of the outcomes chosen so that both gain equally (one moves all the way,
//! the other as far as equal gain asks; no move may push an outcome past the partner's
//! position). The trade with the highest gain is carried out, the others that involve the
//! same actor and issue are recomputed from the new positions, and so on until none is left.
//! At the end of the round each actor keeps `1 − w` of its old position and takes `w` of the
//! traded one, `w = 0.4 (1 − s) + 0.1` with s its salience. After `rounds` rounds (or a round
//! without a trade) the forecast is the weighted mean of the positions.
//!
//! The choices follow the program decide (decide-exchange-model 2025.3.1, random
//! tie-breaking off), described step by step in docs/EXCHANGE-SPEC.md: which pairs are
//! candidates, the roles, the cap, the re-examination of the remaining trades, the damping.
//! Ties in gain go to the trade created first (a stable sort). decide computes in 28-digit
//! decimals; this model in binary floating point, which breaks some near-ties in gain the
//! other way (docs/EXCHANGE-SPEC.md, §12): its outcomes agree with decide's before the first
//! such tie and differ after it.
//!
//! # Requirements
//! Any valid scenario. An actor without a position on an issue (a defaulted position) takes
//! no part in it; an actor with salience 0 on either issue of a pair trades on neither.
//!
//! # References
//! Stokman, F. N. & van Oosten, R. (1994). "The exchange of voting positions: an
//! object-oriented model of policy networks", in Bueno de Mesquita & Stokman (eds.),
//! *European Community Decision Making*, Yale UP. Dijkstra, J., van Assen, M. A. L. M. &
//! Stokman, F. N. (2008). "Outcomes of collective decisions with externalities predicted",
//! *Journal of Theoretical Politics* 20(4), doi:10.1177/0951629808093773.

use parley_core::Scenario;

use crate::model::{Forecast, Model, ModelError, ModelInfo, ParamInfo, Termination};
use crate::params::Params;

/// The exchange model (equal gain).
#[derive(Debug, Clone)]
pub struct Exchange {
    /// Rounds of trading.
    pub rounds: usize,
}

impl Default for Exchange {
    fn default() -> Self {
        Self { rounds: 10 }
    }
}

impl Exchange {
    /// From `[model.exchange]` / `--param exchange.KEY=VALUE`.
    pub fn from_params(p: &Params) -> Result<Self, ModelError> {
        p.only(&["rounds"])?;
        Ok(Self {
            rounds: p.usize("rounds", 10, 1, 10_000)?,
        })
    }
}

/// The damping weights of decide's end of round (its `SALIENCE_WEIGHT`, `FIXED_WEIGHT`).
const SALIENCE_WEIGHT: f64 = 0.4;
const FIXED_WEIGHT: f64 = 0.1;
/// Moves and gains at or below this count as none.
const TINY: f64 = 1e-10;
/// Largest number of candidate trades a round may build (pairs of issues × pairs of actors):
/// beyond it the model refuses rather than run for hours.
const MAX_CANDIDATES: usize = 2_000_000;

/// One side of a trade.
#[derive(Debug, Clone)]
struct Role {
    actor: usize,
    /// Supply issue (where it moves) and demand issue (where the partner moves).
    sigma: usize,
    delta: usize,
    /// Current and round-start position on the supply issue; round-start position on the
    /// demand issue.
    xs: f64,
    x0: f64,
    xd: f64,
    /// Saliences on supply and demand, capability.
    s_sigma: f64,
    s_delta: f64,
    c: f64,
    /// Signed move, new position, the moves computed for this trade so far.
    m: f64,
    y: f64,
    hist: Vec<f64>,
}

/// A candidate trade: I supplies Q and demands P, J the other way round.
#[derive(Debug, Clone)]
struct Trade {
    i: Role,
    j: Role,
    gain: f64,
    valid: bool,
    /// Positions of other actors that this trade's cap must take into account:
    /// (issue, actor, position).
    updates: Vec<(usize, usize, f64)>,
}

/// One round's data: positions (0–100), who took part where, weights.
struct Board<'a> {
    x: &'a [Vec<f64>],
    part: &'a [Vec<bool>],
    s: &'a [Vec<f64>],
    c: &'a [f64],
    /// Σ s·c per issue over the actors that take part.
    d: &'a [f64],
}

impl Board<'_> {
    /// The weighted mean of issue `k` with some positions replaced.
    fn outcome_with(&self, k: usize, set: impl Fn(usize, f64) -> f64) -> f64 {
        if self.d[k] <= 0.0 {
            return 0.0;
        }
        let mut num = 0.0;
        for a in 0..self.x.len() {
            if self.part[a][k] {
                num += (set(a, self.x[a][k]) * self.s[a][k]) * self.c[a];
            }
        }
        num / self.d[k]
    }

    /// Equal-gain sizes of the trade's moves, the cap, validity (docs/EXCHANGE-SPEC.md §6).
    fn compute(&self, t: &mut Trade) {
        let (dp_sum, dq_sum) = (self.d[t.j.sigma], self.d[t.i.sigma]);
        let (i, j) = (&mut t.i, &mut t.j);
        // J moves all the way to I's position on P; I as far as equal gain asks.
        let lj = (i.xd - j.xs).abs();
        let mut dp = ((lj * j.s_sigma) * j.c) / dp_sum;
        let mut dq = ((j.s_sigma + i.s_delta) / (j.s_delta + i.s_sigma)) * dp;
        let mut mi = (dq * dq_sum) / (i.c * i.s_sigma);
        let mut mj = lj;
        // That would carry I past J's position on Q: the other way round.
        let li = (j.xd - i.xs).abs();
        if mi.abs() > li {
            dq = ((li * i.s_sigma) * i.c) / dq_sum;
            dp = ((i.s_sigma + j.s_delta) / (i.s_delta + j.s_sigma)) * dq;
            mi = li;
            mj = (dp * dp_sum) / (j.c * j.s_sigma);
        }
        if i.xs > j.xd {
            mi = -mi;
        }
        if j.xs > i.xd {
            mj = -mj;
        }
        for (r, m) in [(&mut *i, mi), (&mut *j, mj)] {
            r.hist.push(m);
            r.m = m;
            r.y = r.xs + m;
        }
        t.gain = (dq * i.s_sigma - dp * i.s_delta).abs();
        t.valid = valid(i) && valid(j) && t.gain >= TINY;
        if !t.valid {
            return;
        }
        self.cap(t, true);
        self.cap(t, false);
        t.valid = valid(&t.i) && valid(&t.j);
    }

    /// A move may not push the outcome of X's supply issue past O's position there: cut it so
    /// the outcome lands on it, and size O's move by equal gain (§7). `x_is_i`: X is I.
    fn cap(&self, t: &mut Trade, x_is_i: bool) {
        let (x, o) = if x_is_i {
            (&mut t.i, &mut t.j)
        } else {
            (&mut t.j, &mut t.i)
        };
        let (z, w) = (x.sigma, x.delta);
        let target = o.xd;
        let updates = &t.updates;
        let upd = |a: usize| updates.iter().rev().find(|u| u.0 == z && u.1 == a).map(|u| u.2);
        let n = |p: f64| self.outcome_with(z, |a, v| if a == x.actor { p } else { upd(a).unwrap_or(v) });
        let (n0, n1) = (n(x.xs), n(x.y));
        if (target - n0 >= 0.0 && target - n1 >= 0.0) || (target - n0 <= 0.0 && target - n1 <= 0.0) {
            return;
        }
        // X's own entry: its current position, unless this trade's updates name it.
        let mut b = 0.0;
        for a in 0..self.x.len() {
            if self.part[a][z] {
                let base = if a == x.actor { x.xs } else { self.x[a][z] };
                b += (upd(a).unwrap_or(base) * self.s[a][z]) * self.c[a];
            }
        }
        let delta_x = (((target * self.d[z]) - b) / (x.s_sigma * x.c)).abs();
        let dx = ((delta_x * x.s_sigma) * x.c) / self.d[z];
        let d_o = ((x.s_sigma + o.s_delta) / (x.s_delta + o.s_sigma)) * dx;
        let mut mo = ((d_o * self.d[w]) / (o.c * o.s_sigma)).abs();
        let mut mx = delta_x;
        if o.xs > x.xd {
            mo = -mo;
        }
        if x.xs > o.xd {
            mx = -mx;
        }
        for (r, m) in [(&mut *o, mo), (&mut *x, mx)] {
            match r.hist.last_mut() {
                Some(last) => *last = m,
                None => r.hist.push(m),
            }
            r.m = m;
            r.y = r.xs + m;
        }
        t.gain = (d_o * o.s_sigma - dx * o.s_delta).abs();
    }
}

/// A move that is neither tiny nor huge, stays on the scale, and goes the same way as this
/// trade's earlier moves for the role (§6.1).
fn valid(r: &Role) -> bool {
    let m = r.m;
    if m.abs() > 100.0 || m.abs() <= TINY {
        return false;
    }
    let y = r.xs + m;
    if !(0.0..=100.0).contains(&y) || r.hist.iter().sum::<f64>() > 100.0 {
        return false;
    }
    r.hist.iter().all(|&h| h < 0.0) || r.hist.iter().all(|&h| h > 0.0)
}

/// After `e` is carried out, bring `t` up to date (§8.2): a role that supplies what one of
/// e's roles supplied starts from e's new position; a trade that demands what e demanded
/// takes e's move into its cap. Returns whether `t` must be recomputed.
fn reexamine(t: &mut Trade, e: &Trade) -> bool {
    let mut matched = [false; 2];
    for (k, r) in [&mut t.i, &mut t.j].into_iter().enumerate() {
        if (r.actor, r.sigma) == (e.i.actor, e.i.sigma) {
            r.xs = e.i.y;
            matched[k] = true;
        } else if (r.actor, r.sigma) == (e.j.actor, e.j.sigma) {
            r.xs = e.j.y;
            matched[k] = true;
        }
    }
    let mut marked = matched[0] || matched[1];
    if marked {
        // A role that starts from a new position keeps its history; the other loses its
        // last move (it is computed again).
        for (k, r) in [&mut t.i, &mut t.j].into_iter().enumerate() {
            if !matched[k] {
                r.hist.pop();
            }
        }
    }
    for (demander, mover) in [(&e.j, &e.i), (&e.i, &e.j)] {
        let same = |r: &Role| (r.actor, r.delta) == (demander.actor, demander.delta);
        if !(same(&t.j) || same(&t.i)) {
            continue;
        }
        let (z, a) = (demander.delta, mover.actor);
        match t.updates.iter_mut().find(|u| u.0 == z && u.1 == a) {
            None => t.updates.push((z, a, mover.y)),
            Some(u) => {
                u.2 = if mover.x0 <= u.2 {
                    u.2.min(mover.y)
                } else {
                    u.2.max(mover.y)
                }
            }
        }
        if !marked {
            t.i.hist.pop();
            t.j.hist.pop();
            marked = true;
        }
    }
    marked
}

impl Model for Exchange {
    fn info(&self) -> ModelInfo {
        ModelInfo {
            id: "exchange",
            name: "Exchange model (equal gain)",
            description: "Actors trade position shifts across issues (giving ground where they care less), sized so both gain equally; the weighted mean after the trades.",
            citation: "Stokman & van Oosten 1994; Dijkstra, van Assen & Stokman 2008, doi:10.1177/0951629808093773",
            params: vec![ParamInfo {
                name: "rounds",
                default: "10",
                doc: "rounds of trading (1..=10000); a round without a trade ends the run",
            }],
        }
    }

    fn forecast(&self, s: &Scenario) -> Result<Forecast, ModelError> {
        let (na, nk) = (s.actors().len(), s.issues().len());
        let issues = s.issues();
        let bound = (nk * nk.saturating_sub(1) / 2).saturating_mul(na * na / 4);
        if bound > MAX_CANDIDATES {
            return Err(ModelError::Unsupported {
                model: "exchange".into(),
                message: format!(
                    "{nk} issues and {na} actors allow up to {bound} candidate trades per round (the limit is {MAX_CANDIDATES}); the model is meant for one decision's few issues"
                ),
            });
        }
        // Positions on 0–100 per issue.
        let step: Vec<f64> = issues.iter().map(|i| 100.0 / i.range()).collect();
        let mut x: Vec<Vec<f64>> = (0..na)
            .map(|a| {
                (0..nk)
                    .map(|k| (s.position(a, k).position - issues[k].min) * step[k])
                    .collect()
            })
            .collect();
        let part: Vec<Vec<bool>> = (0..na)
            .map(|a| (0..nk).map(|k| !s.position(a, k).defaulted).collect())
            .collect();
        let sal: Vec<Vec<f64>> = (0..na)
            .map(|a| (0..nk).map(|k| s.position(a, k).salience).collect())
            .collect();
        let cap: Vec<f64> = (0..na).map(|a| s.capability(a)).collect();
        let d: Vec<f64> = (0..nk)
            .map(|k| (0..na).filter(|&a| part[a][k]).map(|a| sal[a][k] * cap[a]).sum())
            .collect();
        let mut played = 0;
        let mut quiet = false;
        while played < self.rounds {
            let traded = round(&mut x, &part, &sal, &cap, &d);
            played += 1;
            if !traded {
                quiet = true;
                break;
            }
        }
        let board = Board {
            x: &x,
            part: &part,
            s: &sal,
            c: &cap,
            d: &d,
        };
        let values = (0..nk)
            .map(|k| {
                if d[k] > 0.0 {
                    issues[k].clamp(board.outcome_with(k, |_, v| v) / step[k] + issues[k].min)
                } else {
                    issues[k].status_quo
                }
            })
            .collect();
        Ok(Forecast {
            model: "exchange".into(),
            values,
            means: None,
            termination: if quiet {
                Termination::Converged { rounds: played }
            } else {
                Termination::MaxRounds { rounds: played }
            },
        })
    }
}

/// One round of trading and damping; false when no trade was made.
fn round(x: &mut [Vec<f64>], part: &[Vec<bool>], sal: &[Vec<f64>], cap: &[f64], d: &[f64]) -> bool {
    let (na, nk) = (x.len(), d.len());
    let board = Board {
        x,
        part,
        s: sal,
        c: cap,
        d,
    };
    let outcome: Vec<f64> = (0..nk).map(|k| board.outcome_with(k, |_, v| v)).collect();
    let left = |a: usize, k: usize| board.x[a][k] <= outcome[k];
    let role = |a: usize, sigma: usize, delta: usize| Role {
        actor: a,
        sigma,
        delta,
        xs: board.x[a][sigma],
        x0: board.x[a][sigma],
        xd: board.x[a][delta],
        s_sigma: sal[a][sigma],
        s_delta: sal[a][delta],
        c: cap[a],
        m: 0.0,
        y: board.x[a][sigma],
        hist: Vec::new(),
    };
    // Candidates in decide's order: issue pairs (P < Q), then actors right-right with
    // left-left, then left-right with right-left, each in actor order.
    let mut list: Vec<Trade> = Vec::new();
    for p in 0..nk {
        for q in p + 1..nk {
            let in_pair = |a: &usize| part[*a][p] && part[*a][q] && sal[*a][p] > 0.0 && sal[*a][q] > 0.0;
            let actors: Vec<usize> = (0..na).filter(in_pair).collect();
            let group = |g: usize| -> Vec<usize> {
                actors
                    .iter()
                    .copied()
                    .filter(|&a| usize::from(left(a, p)) + 2 * usize::from(left(a, q)) == g)
                    .collect()
            };
            for (gu, gv) in [(0, 3), (1, 2)] {
                for &u in &group(gu) {
                    for &v in &group(gv) {
                        // The actor that cares relatively more about Q is J (supplies P).
                        let (i, j) = if sal[u][p] / sal[u][q] < sal[v][p] / sal[v][q] {
                            (v, u)
                        } else {
                            (u, v)
                        };
                        let mut t = Trade {
                            i: role(i, q, p),
                            j: role(j, p, q),
                            gain: 0.0,
                            valid: false,
                            updates: Vec::new(),
                        };
                        board.compute(&mut t);
                        if t.valid {
                            list.push(t);
                        }
                    }
                }
            }
        }
    }
    let mut done: Vec<Trade> = Vec::new();
    while !list.is_empty() {
        // Highest gain first; a stable sort keeps ties in their current order.
        list.sort_by(|a, b| b.gain.total_cmp(&a.gain));
        let e = list.remove(0);
        let mut rest = Vec::with_capacity(list.len());
        for mut t in list {
            if reexamine(&mut t, &e) {
                board.compute(&mut t);
            }
            if t.valid {
                rest.push(t);
            }
        }
        list = rest;
        done.push(e);
    }
    // Voting positions, then each actor keeps part of its old position (last write wins).
    for e in &done {
        for r in [&e.i, &e.j] {
            let s = r.s_sigma;
            x[r.actor][r.sigma] = (((1.0 - s) * SALIENCE_WEIGHT) * r.y + FIXED_WEIGHT * r.y)
                + (((1.0 - (1.0 - s) * SALIENCE_WEIGHT) - FIXED_WEIGHT) * r.x0);
        }
    }
    !done.is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn role(xs: f64, m: f64, hist: &[f64]) -> Role {
        Role {
            actor: 0,
            sigma: 0,
            delta: 1,
            xs,
            x0: xs,
            xd: 0.0,
            s_sigma: 0.5,
            s_delta: 0.5,
            c: 1.0,
            m,
            y: xs + m,
            hist: hist.to_vec(),
        }
    }

    #[test]
    fn a_move_is_valid_only_when_not_tiny_on_the_scale_and_one_way() {
        assert!(valid(&role(50.0, 10.0, &[10.0])));
        assert!(valid(&role(50.0, -10.0, &[-3.0, -10.0])));
        // Tiny (at most 1e-10) is no move, however consistent its history.
        assert!(!valid(&role(50.0, 5e-11, &[5e-11])));
        assert!(!valid(&role(50.0, -1e-10, &[-1e-10])));
        // Off the scale, and a history that sums to more than +100.
        assert!(!valid(&role(95.0, 10.0, &[10.0])));
        assert!(!valid(&role(5.0, -10.0, &[-10.0])));
        assert!(!valid(&role(10.0, 60.0, &[50.0, 60.0])));
        // A zero or an earlier move the other way in the history: not one way.
        assert!(!valid(&role(50.0, -5.0, &[0.0, -5.0])));
        assert!(!valid(&role(50.0, 5.0, &[0.0, 5.0])));
        assert!(!valid(&role(50.0, 5.0, &[-1.0, 5.0])));
    }

    /// A trade where actor 3 supplies issue 0 and actor 1 issue 1, with one recorded update
    /// of actor 2 on issue 1 (the issue actor 3 demands).
    fn trade(update: f64) -> Trade {
        let mut i = role(40.0, 5.0, &[5.0]);
        let mut j = role(60.0, -5.0, &[-5.0]);
        (i.actor, i.sigma, i.delta) = (3, 0, 1);
        (j.actor, j.sigma, j.delta) = (1, 1, 0);
        Trade {
            i,
            j,
            gain: 1.0,
            valid: true,
            updates: vec![(1, 2, update)],
        }
    }

    /// A carried-out trade in which actor 2 moves on issue 1 from `x0` to `y` for actor 3,
    /// which demands issue 1 there too (and supplies issue 2).
    fn executed(x0: f64, y: f64) -> Trade {
        let mut i = role(x0, y - x0, &[y - x0]);
        (i.actor, i.sigma, i.delta, i.x0, i.y) = (2, 1, 2, x0, y);
        let mut j = role(10.0, 1.0, &[1.0]);
        (j.actor, j.sigma, j.delta) = (3, 2, 1);
        Trade {
            i,
            j,
            gain: 1.0,
            valid: true,
            updates: Vec::new(),
        }
    }

    #[test]
    fn an_update_already_recorded_keeps_the_move_that_went_least_far() {
        // Actor 2 moving up (from 50): of the recorded 60 and the new 70, 60 stays.
        let mut t = trade(60.0);
        assert!(reexamine(&mut t, &executed(50.0, 70.0)));
        assert_eq!(t.updates, vec![(1, 2, 60.0)]);
        // Moving down (from 80): of 60 and 40, 60 stays.
        let mut t = trade(60.0);
        assert!(reexamine(&mut t, &executed(80.0, 40.0)));
        assert_eq!(t.updates, vec![(1, 2, 60.0)]);
        // A move that goes less far replaces it.
        let mut t = trade(60.0);
        reexamine(&mut t, &executed(50.0, 55.0));
        assert_eq!(t.updates, vec![(1, 2, 55.0)]);
        // Neither role's last move survives the re-examination (both are computed again).
        assert!(t.i.hist.is_empty() && t.j.hist.is_empty());
    }
}
