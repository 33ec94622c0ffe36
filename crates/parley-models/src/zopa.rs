//! The agreement zone (ZOPA): the outcomes every veto player accepts.
//!
//! An outcome `x` is in the zone of a set of players when, for each player,
//! (1) every `x_k` lies inside the player's accept interval on issue `k`
//! (its red line), and (2) its utility is no lower than at the status quo:
//! `U_a(x) ≥ U_a(sq)`. Actors with all saliences zero are indifferent and only
//! contribute their red lines.
//!
//! Condition (1) is a box; condition (2) is convex because utilities are
//! concave. With linear utilities the zone is a polytope, handled exactly by
//! linear programming (`microlp`): the distance `|x_k − p_ak|` becomes a
//! variable `d_ak` with `d_ak ≥ ±(x_k − p_ak)/range_k`, which is exact because
//! only upper bounds on utility matter. Quadratic scores `1 − d²` are replaced by
//! the minimum of 33 tangent lines (an outer approximation, error ≤ 2.5e-4 in
//! utility), documented as such.

use microlp::{ComparisonOp, OptimizationDirection, Problem, Variable};
use parley_core::{Scenario, UtilityFunction, UtilityShape};
use serde::Serialize;

use crate::model::ModelError;

const TANGENTS: usize = 33;
/// Slack below which a zone counts as a single point of zero gain.
pub const GAIN_EPS: f64 = 1e-9;
/// Normalised issue weights (salience over the actor's salience total) below this count as
/// zero in the zone and package LPs: a weight of 1e-100 next to weights near 1 spans more
/// orders of magnitude than the simplex can pivot on. The utility such an issue could add
/// or take away is below this bound, far under [`GAIN_EPS`]'s resolution of a gain.
pub const WEIGHT_EPS: f64 = 1e-9;

/// The zone on one issue.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IssueZone {
    /// Intersection of the players' accept intervals, if non-empty.
    pub red_line_range: Option<(f64, f64)>,
    /// Range of the issue over the whole zone (red lines and status-quo utility), if any.
    pub range: Option<(f64, f64)>,
    /// Players whose red lines on this issue cannot be met together.
    pub blocking: Vec<usize>,
}

/// The agreement zone of a set of players.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Zone {
    /// Whose acceptance is required (indices into the scenario's actors).
    pub players: Vec<usize>,
    /// Is there any outcome every player accepts?
    pub feasible: bool,
    /// Per issue.
    pub issues: Vec<IssueZone>,
    /// When infeasible: the players whose red lines or status-quo demands close the zone.
    pub blocking: Vec<usize>,
    /// The largest gain over the status quo that every player can get at once
    /// (max over x of min over players of `U_a(x) − U_a(sq)`); negative when infeasible.
    pub min_gain: Option<f64>,
}

/// The convex program behind a zone: boxes and status-quo constraints, over all
/// issues or over the issues of one package (the others stay at the status quo
/// and do not count in any utility).
#[derive(Debug, Clone)]
pub struct ZoneProblem<'a> {
    u: &'a UtilityFunction,
    /// Box per issue (red-line intersection); None when empty. Inactive issues: the full scale.
    pub boxes: Vec<Option<(f64, f64)>>,
    /// Players with preferences on the active issues.
    pub caring: Vec<usize>,
    /// Per scenario actor: utility of the status quo over the active issues.
    pub sq_utility: Vec<f64>,
    /// Issues in play (all, or a package's).
    pub active: Vec<usize>,
    sq: Vec<f64>,
}

/// What an LP of a [`ZoneProblem`] optimises.
#[derive(Clone, Copy)]
enum Objective<'b> {
    /// The smallest gain over the status quo (the slack variable).
    MinGain,
    /// One issue's value.
    Issue(usize),
    /// The weighted city-block distance `Σ_k σ_k |x_k − y_k| / range_k` to `y`.
    Nearest(&'b [f64], &'b [f64]),
    /// One player's gain (the slack variable, bound to that player's row alone) while every
    /// other caring player gains at least the floor.
    Gain(usize, f64),
}

impl<'a> ZoneProblem<'a> {
    /// Set up the zone of `players` in `s` under utilities `u`, over every issue.
    pub fn new(s: &Scenario, u: &'a UtilityFunction, players: &[usize]) -> Self {
        let all: Vec<usize> = (0..s.issues().len()).collect();
        Self::over(s, u, players, &all)
    }

    /// The zone of `players` over the issues `active` only.
    pub fn over(s: &Scenario, u: &'a UtilityFunction, players: &[usize], active: &[usize]) -> Self {
        let sq = s.status_quo();
        let boxes = (0..s.issues().len())
            .map(|k| {
                let issue = &s.issues()[k];
                let (mut lo, mut hi) = (issue.min, issue.max);
                if active.contains(&k) {
                    for &a in players {
                        let (l, h) = s.position(a, k).accept;
                        lo = lo.max(l);
                        hi = hi.min(h);
                    }
                }
                (lo <= hi).then_some((lo, hi))
            })
            .collect();
        let caring = players
            .iter()
            .copied()
            .filter(|&a| !u.indifferent(a) && active.iter().any(|&k| u.weight(a, k) >= WEIGHT_EPS))
            .collect();
        let sq_utility = (0..s.actors().len())
            .map(|a| active.iter().map(|&k| u.term(a, k, sq[k])).sum())
            .collect();
        Self {
            u,
            boxes,
            caring,
            sq_utility,
            active: active.to_vec(),
            sq,
        }
    }

    /// Gain of player `a` over the status quo at `x`, counting the active issues only.
    pub fn gain(&self, a: usize, x: &[f64]) -> f64 {
        self.active.iter().map(|&k| self.u.term(a, k, x[k])).sum::<f64>() - self.sq_utility[a]
    }

    /// Build the LP; returns the problem and the x variables (None for inactive issues).
    fn lp(
        &self,
        dir: OptimizationDirection,
        objective: Objective<'_>,
        slack: (f64, f64),
    ) -> Option<(Problem, Vec<Option<Variable>>)> {
        let mut p = Problem::new(dir);
        let mut xs: Vec<Option<Variable>> = vec![None; self.boxes.len()];
        for &k in &self.active {
            let (lo, hi) = self.boxes.get(k).copied().flatten()?;
            let c = if matches!(objective, Objective::Issue(j) if j == k) {
                1.0
            } else {
                0.0
            };
            let x = p.add_var(c, (lo, hi));
            xs[k] = Some(x);
            if let Objective::Nearest(y, sigma) = objective {
                // e ≥ |x − y| / range, weighted by σ in the objective.
                let r = self.u.range(k);
                let e = p.add_var(sigma[k], (0.0, f64::INFINITY));
                p.add_constraint([(e, r), (x, -1.0)], ComparisonOp::Ge, -y[k]);
                p.add_constraint([(e, r), (x, 1.0)], ComparisonOp::Ge, y[k]);
            }
        }
        let s = p.add_var(
            if matches!(objective, Objective::MinGain | Objective::Gain(..)) {
                1.0
            } else {
                0.0
            },
            slack,
        );
        for &a in &self.caring {
            let (mut row, mut rhs): (Vec<(Variable, f64)>, f64) = match objective {
                Objective::Gain(b, floor) if b != a => (Vec::new(), self.sq_utility[a] + floor),
                _ => (vec![(s, -1.0)], self.sq_utility[a]),
            };
            for &k in &self.active {
                let Some(x) = xs[k] else { continue };
                let w = self.u.weight(a, k);
                if w < WEIGHT_EPS {
                    // Counts as zero (see WEIGHT_EPS): the issue adds its status-quo term to both sides.
                    rhs -= self.u.term(a, k, self.sq[k]);
                    continue;
                }
                let (r, pk) = (self.u.range(k), self.u.ideal(a, k));
                let d = p.add_var(0.0, (0.0, 1.0));
                p.add_constraint([(d, r), (x, -1.0)], ComparisonOp::Ge, -pk);
                p.add_constraint([(d, r), (x, 1.0)], ComparisonOp::Ge, pk);
                match self.u.shape() {
                    UtilityShape::Linear => {
                        // w (1 − d)
                        row.push((d, -w));
                        rhs -= w;
                    }
                    UtilityShape::Quadratic => {
                        let g = p.add_var(0.0, (-1.0, 1.0));
                        for j in 0..TANGENTS {
                            let t = j as f64 / (TANGENTS - 1) as f64;
                            // g ≤ 1 − t² − 2t(d − t) = 1 + t² − 2t d
                            p.add_constraint([(g, 1.0), (d, 2.0 * t)], ComparisonOp::Le, 1.0 + t * t);
                        }
                        row.push((g, w));
                    }
                }
            }
            p.add_constraint(&row, ComparisonOp::Ge, rhs);
        }
        Some((p, xs))
    }

    /// Who keeps the zone empty when the max-min gain `gain` (the true minimum at the LP's
    /// point `x`) is negative: the caring players that no max-min point leaves better off (the
    /// bottlenecks). A player at the minimum at `x` need not be at it at every max-min point,
    /// and then it closes nothing. Each player near the minimum at `x` gets an LP: its largest
    /// gain while every other caring player keeps the max-min gain. Both sides are compared in
    /// the LP's own terms, so the tangent construction of quadratic utilities cancels out.
    pub fn bottlenecks(&self, gain: f64, x: &[f64]) -> Result<Vec<usize>, ModelError> {
        let at_min = |a: usize| self.gain(a, x) <= gain + 1e-7;
        // The tangents put a quadratic gain up to h²/4 ≈ 2.4e-4 above its true value (h = 1/32).
        let near = match self.u.shape() {
            UtilityShape::Linear => 1e-7,
            UtilityShape::Quadratic => 1e-3,
        };
        let optimum = |objective: Objective<'_>| -> Result<Option<f64>, ModelError> {
            match self.lp(OptimizationDirection::Maximize, objective, (-2.0, 2.0)) {
                Some((p, _)) => Ok(solve(&p)?.map(|sol| sol.objective())),
                None => Ok(None),
            }
        };
        let mut out = Vec::new();
        if let Some(t) = optimum(Objective::MinGain)? {
            for &a in &self.caring {
                if self.gain(a, x) > gain + near {
                    continue;
                }
                if optimum(Objective::Gain(a, t - GAIN_EPS))?.is_none_or(|g| g <= t + 1e-7) {
                    out.push(a);
                }
            }
        }
        // Round-off could let everyone rise a hair above the minimum; someone is held at it.
        if out.is_empty() {
            out = self.caring.iter().copied().filter(|&a| at_min(a)).collect();
        }
        Ok(out)
    }

    /// The point of an LP solution: solved values on active issues, the status quo elsewhere.
    fn point(&self, sol: &microlp::Solution, xs: &[Option<Variable>]) -> Vec<f64> {
        xs.iter()
            .zip(&self.sq)
            .map(|(v, &sq)| v.map_or(sq, |v| sol.var_value(v)))
            .collect()
    }

    /// Maximise the smallest gain over the status quo: returns (gain, point).
    /// None when a box is empty.
    pub fn max_min_gain(&self) -> Result<Option<(f64, Vec<f64>)>, ModelError> {
        let Some((p, xs)) = self.lp(OptimizationDirection::Maximize, Objective::MinGain, (-2.0, 2.0)) else {
            return Ok(None);
        };
        let Some(sol) = solve(&p)? else { return Ok(None) };
        let x = self.point(&sol, &xs);
        // Report the true minimum gain at the point (exact for linear utilities).
        let gain = if self.caring.is_empty() {
            2.0
        } else {
            self.caring
                .iter()
                .map(|&a| self.gain(a, &x))
                .fold(f64::INFINITY, f64::min)
        };
        // The tangent construction of quadratic utilities over-estimates gains, so its optimum
        // can be a point where someone truly loses a little (−5e-5, say) although the status
        // quo, with zero gain for all, is available: never report a zone worse than it.
        if gain < 0.0 && self.sq_in_boxes() {
            return Ok(Some((0.0, self.sq.clone())));
        }
        Ok(Some((gain, x)))
    }

    /// Is the status quo inside every active issue's red-line box?
    fn sq_in_boxes(&self) -> bool {
        self.active
            .iter()
            .all(|&k| self.boxes[k].is_some_and(|(lo, hi)| self.sq[k] >= lo - GAIN_EPS && self.sq[k] <= hi + GAIN_EPS))
    }

    /// Range of issue `k` over the zone (requires a feasible zone).
    pub fn range(&self, k: usize) -> Result<Option<(f64, f64)>, ModelError> {
        let mut ends = [0.0; 2];
        for (i, dir) in [OptimizationDirection::Minimize, OptimizationDirection::Maximize]
            .into_iter()
            .enumerate()
        {
            let Some((p, xs)) = self.lp(dir, Objective::Issue(k), (0.0, 0.0)) else {
                return Ok(None);
            };
            match (solve(&p)?, xs.get(k).copied().flatten()) {
                (Some(sol), Some(v)) => ends[i] = sol.var_value(v),
                _ => return Ok(None),
            }
        }
        Ok(Some((ends[0], ends[1])))
    }

    /// The point of the zone nearest to `y` by `Σ_k σ_k |x_k − y_k| / range_k` over
    /// the active issues (gains may fall short of zero by `tol`). None when the zone is empty.
    pub fn nearest(&self, y: &[f64], sigma: &[f64], tol: f64) -> Result<Option<Vec<f64>>, ModelError> {
        let Some((p, xs)) = self.lp(
            OptimizationDirection::Minimize,
            Objective::Nearest(y, sigma),
            (-tol, 2.0),
        ) else {
            return Ok(None);
        };
        Ok(solve(&p)?.map(|sol| self.point(&sol, &xs)))
    }
}

fn solve(p: &Problem) -> Result<Option<microlp::Solution>, ModelError> {
    match p.solve() {
        Ok(out) => match out.into_solution() {
            Ok(sol) => Ok(Some(sol)),
            Err(_) => Err(ModelError::Numerical("the agreement-zone LP was interrupted".into())),
        },
        Err(microlp::Error::Infeasible) => Ok(None),
        Err(e) => Err(ModelError::Numerical(format!("agreement-zone LP: {e}"))),
    }
}

/// Compute the zone of `players` (all issues), with ranges when `ranges` is true.
pub fn zone(s: &Scenario, u: &UtilityFunction, players: &[usize], ranges: bool) -> Result<Zone, ModelError> {
    let zp = ZoneProblem::new(s, u, players);
    let mut issues: Vec<IssueZone> = Vec::with_capacity(s.issues().len());
    let mut blocking: Vec<usize> = Vec::new();
    for (k, bx) in zp.boxes.iter().enumerate() {
        let mut block = Vec::new();
        if bx.is_none() {
            let lo = players
                .iter()
                .map(|&a| s.position(a, k).accept.0)
                .fold(f64::NEG_INFINITY, f64::max);
            let hi = players
                .iter()
                .map(|&a| s.position(a, k).accept.1)
                .fold(f64::INFINITY, f64::min);
            for &a in players {
                let (l, h) = s.position(a, k).accept;
                if l > hi || h < lo {
                    block.push(a);
                }
            }
            blocking.extend(&block);
        }
        issues.push(IssueZone {
            red_line_range: *bx,
            range: None,
            blocking: block,
        });
    }
    let mut min_gain = None;
    let feasible = if blocking.is_empty() {
        match zp.max_min_gain()? {
            Some((g, x)) => {
                min_gain = Some(g);
                if g < -GAIN_EPS {
                    // The players held at the binding minimum are the ones the zone cannot satisfy.
                    blocking.extend(zp.bottlenecks(g, &x)?);
                    false
                } else {
                    true
                }
            }
            None => false,
        }
    } else {
        false
    };
    if feasible && ranges {
        for (k, iz) in issues.iter_mut().enumerate() {
            iz.range = zp.range(k)?;
        }
    }
    blocking.sort_unstable();
    blocking.dedup();
    Ok(Zone {
        players: players.to_vec(),
        feasible,
        issues,
        blocking,
        min_gain,
    })
}

/// The zone of each stage's room, and who is absent but must still accept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageZone {
    /// Stage index.
    pub stage: usize,
    /// The zone among the veto players in the room (all participants when none has a veto).
    pub zone: Zone,
    /// Veto players not in the room, whose acceptance implementation still needs.
    pub absent_veto: Vec<usize>,
}

/// Zones per stage.
pub fn stage_zones(s: &Scenario, u: &UtilityFunction) -> Result<Vec<StageZone>, ModelError> {
    let veto = s.veto_players();
    s.stages()
        .iter()
        .enumerate()
        .map(|(i, st)| {
            let room = room(st, &veto);
            let absent_veto = veto.iter().copied().filter(|a| !st.participants.contains(a)).collect();
            Ok(StageZone {
                stage: i,
                zone: zone(s, u, &room, true)?,
                absent_veto,
            })
        })
        .collect()
}

/// Who decides in a stage's room: its veto players (`veto`, the scenario's), or all its
/// participants when none of them has a veto; in actor order.
pub fn room(stage: &parley_core::Stage, veto: &[usize]) -> Vec<usize> {
    let mut room: Vec<usize> = stage
        .participants
        .iter()
        .copied()
        .filter(|a| veto.contains(a))
        .collect();
    if room.is_empty() {
        room = stage.participants.clone();
    }
    room.sort_unstable();
    room
}

/// Whose acceptance a deal needs: the veto players, or everyone when nobody has a veto.
pub fn deal_players(s: &Scenario) -> Vec<usize> {
    let v = s.veto_players();
    if v.is_empty() {
        (0..s.actors().len()).collect()
    } else {
        v
    }
}

/// Does every one of `players` accept outcome `x` (red lines and status quo)?
pub fn accepted_by_all(s: &Scenario, u: &UtilityFunction, players: &[usize], x: &[f64]) -> bool {
    let sq = s.status_quo();
    players.iter().all(|&a| {
        x.iter().enumerate().all(|(k, &v)| {
            let (lo, hi) = s.position(a, k).accept;
            v >= lo - 1e-9 && v <= hi + 1e-9
        }) && u.utility(a, x) >= u.utility(a, &sq) - 1e-9
    })
}
