//! A parley scenario as a negotiation over a discrete outcome space (issue 11).
//!
//! The mapping, for the actors in one room:
//! - **Issues and values**: each issue's labelled anchors are its values, plus the status quo
//!   when it is not an anchor (Alaska: 2 to 4 values per issue, 41,472 outcomes).
//! - **Utilities**: the scenario's own utility (linear: `Σ_k w_ak (1 − |x_k − p_ak| / range_k)`,
//!   weights the actor's normalised saliences), so a negotiated outcome and a model's
//!   forecast are scored alike.
//! - **Red lines**: an outcome with any value outside an actor's accepted interval is worth
//!   `−∞` to that actor: never acceptable, never offered, never rational.
//! - **Reservation value**: the utility of the status quo (no deal leaves things as they
//!   are), the same condition the agreement zone puts on every veto player.

use std::sync::Arc;

use parley_core::{Scenario, UtilityFunction, UtilityShape};
use parley_negotiation::strategy::Prefs;
use parley_negotiation::{Issue, OutcomeSpace};

/// One issue's discrete values: (value on the scale, label).
pub type Values = Vec<(f64, String)>;

/// The negotiation a room of a scenario faces.
#[derive(Debug, Clone)]
pub struct SummitSpace {
    /// The outcome space (value labels as written by the anchors; the status quo is
    /// labelled `status quo (x)` when it is not an anchor).
    pub space: OutcomeSpace,
    /// Each issue's values on its scale, in the order of the space.
    pub values: Vec<Values>,
    /// The negotiating actors (scenario indices), in order.
    pub players: Vec<usize>,
    /// Each player's preferences over the outcomes.
    pub prefs: Vec<Arc<Prefs>>,
    /// Each player's graded score, for votes between unacceptable outcomes: the utility
    /// without red lines, minus 2 for each red line the outcome breaks (utilities lie in
    /// [0, 1], so fewer broken red lines always score higher).
    pub graded: Vec<Vec<f64>>,
}

impl SummitSpace {
    /// The scale values of outcome `o`.
    pub fn point(&self, o: usize) -> Vec<f64> {
        self.space
            .outcome(o)
            .iter()
            .zip(&self.values)
            .map(|(&v, vals)| vals[v].0)
            .collect()
    }
}

/// The values of each issue: its anchors, and the status quo.
pub fn issue_values(s: &Scenario) -> Vec<Values> {
    s.issues()
        .iter()
        .map(|i| {
            let mut v: Values = i.anchors.clone();
            if !v.iter().any(|(x, _)| (x - i.status_quo).abs() <= 1e-9 * i.range()) {
                v.push((i.status_quo, format!("status quo ({})", i.status_quo)));
            }
            if v.len() == 1 && i.anchors.is_empty() {
                // No anchors at all: the two ends and the status quo.
                v = vec![
                    (i.min, format!("{}", i.min)),
                    (i.status_quo, format!("status quo ({})", i.status_quo)),
                    (i.max, format!("{}", i.max)),
                ];
                v.dedup_by(|a, b| a.0 == b.0);
            }
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            v
        })
        .collect()
}

/// The negotiation among `players` of `s` (linear utilities, as the zone uses).
pub fn summit_space(s: &Scenario, players: &[usize]) -> Result<SummitSpace, String> {
    let values = issue_values(s);
    let space = OutcomeSpace::new(
        s.issues()
            .iter()
            .zip(&values)
            .map(|(i, v)| Issue::new(i.id.to_string(), v.iter().map(|(_, l)| l.clone()).collect()))
            .collect(),
    )
    .map_err(|e| e.to_string())?;
    let n = space.enumerable().map_err(|e| e.to_string())?;
    let u = UtilityFunction::new(s, UtilityShape::Linear);
    let sq = s.status_quo();
    let mut prefs = Vec::with_capacity(players.len());
    let mut graded = Vec::with_capacity(players.len());
    let mut x = vec![0.0; values.len()];
    for &a in players {
        let mut utilities = Vec::with_capacity(n);
        let mut grades = Vec::with_capacity(n);
        for o in 0..n {
            for ((xk, &v), vals) in x.iter_mut().zip(&space.outcome(o)).zip(&values) {
                *xk = vals[v].0;
            }
            let broken = x
                .iter()
                .enumerate()
                .filter(|&(k, &v)| {
                    let (lo, hi) = s.position(a, k).accept;
                    let tol = 1e-9 * s.issues()[k].range();
                    v < lo - tol || v > hi + tol
                })
                .count();
            let plain = u.utility(a, &x);
            utilities.push(if broken == 0 { plain } else { f64::NEG_INFINITY });
            grades.push(plain - 2.0 * broken as f64);
        }
        prefs.push(Prefs::new(utilities, u.utility(a, &sq)));
        graded.push(grades);
    }
    Ok(SummitSpace {
        space,
        values,
        players: players.to_vec(),
        prefs,
        graded,
    })
}
