//! `parley dynamics`: the EUM's rounds as JSON, CSV and tables (contract version 1).
//!
//! ```text
//! {"version": 1, "scenario": "<id>", "issue": "<id>", "model": "eum", "params": {…},
//!  "actors": ["<id>", …],
//!  "rounds": [{"round": 0, "median": n, "mean": n, "positions": {"<actor>": n, …},
//!              "risk": {"<actor>": n, …}, "moves": [{"actor", "towards", "kind", "from", "to"}],
//!              "counts": {"stalemate", "conflict", "compromise", "capitulation"}}, …],
//!  "played": n, "stopped": "max_rounds" | "converged" | "consensus"}
//! ```
//! Without `--issue`, the document is `{"version": 1, "scenario": …, "issues": [<the above>, …]}`.

use std::collections::BTreeMap;

use parley_core::Scenario;
use parley_models::models::eum::{EumParams, IssueRun, MoveKind, OfferCounts, PairKind};
use serde::{Deserialize, Serialize};

use crate::report::{OUTPUT_VERSION, tidy};
use crate::table::{new_table, num};

/// One issue's rounds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DynamicsReport {
    /// Always 1.
    pub version: u32,
    /// Scenario id.
    pub scenario: String,
    /// Issue id.
    pub issue: String,
    /// Always `eum`.
    pub model: String,
    /// The parameters used.
    pub params: serde_json::Value,
    /// Actors taking part (those with a stated position), in scenario order.
    pub actors: Vec<String>,
    /// Round 0 (the input) and every round played.
    pub rounds: Vec<RoundOut>,
    /// Rounds played.
    pub played: usize,
    /// Why it stopped.
    pub stopped: String,
}

/// One round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundOut {
    /// Round number (0 = input).
    pub round: usize,
    /// Weighted median after the round.
    pub median: f64,
    /// Weighted mean after the round.
    pub mean: f64,
    /// Positions after the round.
    pub positions: BTreeMap<String, f64>,
    /// Risk exponents used in the round (empty in round 0).
    pub risk: BTreeMap<String, f64>,
    /// Moves.
    pub moves: Vec<MoveOut>,
    /// Pairs by kind of interaction.
    pub counts: OfferCounts,
    /// Who challenged whom and what happened, per pair (issues with at most 30 actors).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pairs: Vec<PairOut>,
}

/// One pair's interaction.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairOut {
    /// One actor.
    pub a: String,
    /// The other.
    pub b: String,
    /// `conflict`, `compromise`, `capitulation` or `stalemate`.
    pub kind: String,
    /// Who challenged, when only one did.
    pub challenger: Option<String>,
}

/// One move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveOut {
    /// Who moved.
    pub actor: String,
    /// Whose offer it took.
    pub towards: String,
    /// `conflict`, `compromise` or `capitulation`.
    pub kind: String,
    /// Position before.
    pub from: f64,
    /// Position after.
    pub to: f64,
}

fn kind_str(k: MoveKind) -> &'static str {
    match k {
        MoveKind::Conflict => "conflict",
        MoveKind::Compromise => "compromise",
        MoveKind::Capitulation => "capitulation",
    }
}

/// Build the report of one issue.
pub fn dynamics_report(s: &Scenario, k: usize, params: &EumParams, who: &[usize], run: &IssueRun) -> DynamicsReport {
    let ids: Vec<String> = who.iter().map(|&a| s.actors()[a].id.to_string()).collect();
    let rounds = run
        .rounds
        .iter()
        .map(|r| RoundOut {
            round: r.round,
            median: tidy(r.median),
            mean: tidy(r.mean),
            positions: ids.iter().cloned().zip(r.positions.iter().map(|&v| tidy(v))).collect(),
            risk: ids.iter().cloned().zip(r.risk.iter().map(|&v| tidy(v))).collect(),
            moves: r
                .moves
                .iter()
                .map(|m| MoveOut {
                    actor: ids[m.actor].clone(),
                    towards: ids[m.towards].clone(),
                    kind: kind_str(m.kind).into(),
                    from: tidy(m.from),
                    to: tidy(m.to),
                })
                .collect(),
            counts: r.counts,
            pairs: r
                .pairs
                .iter()
                .map(|q| PairOut {
                    a: ids[q.a].clone(),
                    b: ids[q.b].clone(),
                    kind: match q.kind {
                        PairKind::Conflict => "conflict",
                        PairKind::Compromise => "compromise",
                        PairKind::Capitulation => "capitulation",
                        PairKind::Stalemate => "stalemate",
                    }
                    .into(),
                    challenger: q.challenger.map(|c| ids[c].clone()),
                })
                .collect(),
        })
        .collect();
    DynamicsReport {
        version: OUTPUT_VERSION,
        scenario: s.id().into(),
        issue: s.issues()[k].id.to_string(),
        model: "eum".into(),
        params: serde_json::to_value(params).unwrap_or_default(),
        actors: ids,
        rounds,
        played: run.played,
        stopped: run.stopped.as_str().into(),
    }
}

/// One sentence per move: "russia compromises with us (100 → 72.5)".
pub fn describe_move(m: &MoveOut) -> String {
    match m.kind.as_str() {
        "conflict" => format!(
            "{} loses a conflict to {} ({} → {})",
            m.actor,
            m.towards,
            num(m.from),
            num(m.to)
        ),
        "compromise" => format!(
            "{} compromises with {} ({} → {})",
            m.actor,
            m.towards,
            num(m.from),
            num(m.to)
        ),
        _ => format!(
            "{} capitulates to {} ({} → {})",
            m.actor,
            m.towards,
            num(m.from),
            num(m.to)
        ),
    }
}

/// Render one issue's rounds for people; `anchor` says where a value lies on the scale.
pub fn dynamics_table(r: &DynamicsReport, issue_name: &str, anchor: impl Fn(f64) -> Option<String>) -> String {
    let mut out = format!(
        "{} — {} (EUM, {} rounds played, stopped: {})\n",
        r.issue, issue_name, r.played, r.stopped
    );
    let mut header = vec!["round".to_string(), "median".into(), "mean".into()];
    header.extend(r.actors.iter().cloned());
    let mut t = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
    for round in &r.rounds {
        let mut row = vec![round.round.to_string(), num(round.median), num(round.mean)];
        row.extend(
            r.actors
                .iter()
                .map(|a| round.positions.get(a).map_or("—".into(), |&v| num(v))),
        );
        t.add_row(row);
    }
    out.push_str(&format!("Positions by round\n{}", crate::table::render(&mut t)));
    if r.rounds.len() > 1 {
        let mut header = vec!["round".to_string()];
        header.extend(r.actors.iter().cloned());
        let mut rt = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
        for round in r.rounds.iter().skip(1) {
            let mut row = vec![round.round.to_string()];
            row.extend(
                r.actors
                    .iter()
                    .map(|a| round.risk.get(a).map_or("—".into(), |&v| format!("{v:.2}"))),
            );
            rt.add_row(row);
        }
        out.push_str(&format!(
            "Risk exponents (0.5 risk-averse … 2 risk-acceptant)\n{}",
            crate::table::render(&mut rt)
        ));
    }
    out.push_str("Who moved towards whom\n");
    for round in r.rounds.iter().skip(1) {
        let c = &round.counts;
        let moves: Vec<String> = round.moves.iter().map(describe_move).collect();
        out.push_str(&format!(
            "  round {}: {} [pairs: {} conflict, {} compromise, {} capitulation, {} stalemate]\n",
            round.round,
            if moves.is_empty() {
                "nobody moves".into()
            } else {
                moves.join("; ")
            },
            c.conflict,
            c.compromise,
            c.capitulation,
            c.stalemate
        ));
        if !round.pairs.is_empty() && r.actors.len() <= 8 {
            let pairs: Vec<String> = round
                .pairs
                .iter()
                .map(|q| match (&q.challenger, q.kind.as_str()) {
                    (Some(c), k) => {
                        let other = if c == &q.a { &q.b } else { &q.a };
                        format!("{c} challenges {other} ({k})")
                    }
                    (None, "conflict") => format!("{} and {} both challenge (conflict)", q.a, q.b),
                    (None, _) => format!("{} and {} hold (stalemate)", q.a, q.b),
                })
                .collect();
            out.push_str(&format!("           {}\n", pairs.join("; ")));
        }
    }
    if let Some(last) = r.rounds.last() {
        out.push_str(&format!(
            "Forecast: median {}{}; mean {}\n",
            num(last.median),
            anchor(last.median).map_or(String::new(), |a| format!(" ({a})")),
            num(last.mean)
        ));
    }
    crate::table::fit_text(&out)
}

/// CSV: one row per (issue, round, actor).
/// Columns `issue,round,actor,position,risk,kind,towards,median,mean`.
pub fn dynamics_csv(reports: &[DynamicsReport]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "issue", "round", "actor", "position", "risk", "kind", "towards", "median", "mean",
    ])?;
    for r in reports {
        for round in &r.rounds {
            for a in &r.actors {
                let mv = round.moves.iter().find(|m| &m.actor == a);
                w.write_record([
                    r.issue.as_str(),
                    &round.round.to_string(),
                    a,
                    &round.positions.get(a).map_or(String::new(), |v| v.to_string()),
                    &round.risk.get(a).map_or(String::new(), |v| v.to_string()),
                    mv.map_or("", |m| m.kind.as_str()),
                    mv.map_or("", |m| m.towards.as_str()),
                    &round.median.to_string(),
                    &round.mean.to_string(),
                ])?;
            }
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
