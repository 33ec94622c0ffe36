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
use std::io::{self, Write};

use parley_core::Scenario;
use parley_models::models::eum::{
    Detail, EumParams, IssueInputs, IssueRun, MoveKind, OfferCounts, PAIRS_MAX, PairKind, RoundRecord, run_issue_each,
};
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

/// One round as written out, with actor indices turned into the ids `ids`.
pub fn round_out(r: &RoundRecord, ids: &[String]) -> RoundOut {
    RoundOut {
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
    }
}

/// The report of one issue without its rounds (`played` 0, `stopped` empty until known).
fn report_head(s: &Scenario, k: usize, params: &EumParams, who: &[usize]) -> DynamicsReport {
    DynamicsReport {
        version: OUTPUT_VERSION,
        scenario: s.id().into(),
        issue: s.issues()[k].id.to_string(),
        model: "eum".into(),
        params: serde_json::to_value(params).unwrap_or_default(),
        actors: who.iter().map(|&a| s.actors()[a].id.to_string()).collect(),
        rounds: Vec::new(),
        played: 0,
        stopped: String::new(),
    }
}

/// Build the report of one issue.
pub fn dynamics_report(s: &Scenario, k: usize, params: &EumParams, who: &[usize], run: &IssueRun) -> DynamicsReport {
    let mut r = report_head(s, k, params, who);
    r.rounds = run.rounds.iter().map(|x| round_out(x, &r.actors)).collect();
    r.played = run.played;
    r.stopped = run.stopped.as_str().into();
    r
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
        "{} — {} (EUM, {} {} played, stopped: {})\n",
        r.issue,
        issue_name,
        r.played,
        if r.played == 1 { "round" } else { "rounds" },
        r.stopped
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
            "Forecast: EUM median {}{}; EUM mean {} (weighted by capability × salience; the median model may differ)\n",
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
    w.write_record(CSV_HEADER)?;
    for r in reports {
        for round in &r.rounds {
            csv_rows(&mut w, &r.issue, &r.actors, round)?;
        }
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

const CSV_HEADER: [&str; 9] = [
    "issue", "round", "actor", "position", "risk", "kind", "towards", "median", "mean",
];

/// The CSV rows of one round.
fn csv_rows<W: Write>(
    w: &mut csv::Writer<W>,
    issue: &str,
    actors: &[String],
    round: &RoundOut,
) -> Result<(), csv::Error> {
    for a in actors {
        let mv = round.moves.iter().find(|m| &m.actor == a);
        w.write_record([
            issue,
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
    Ok(())
}

/// Stream the CSV of `issues` to `out` as the rounds are played: the same bytes as
/// [`dynamics_csv`] of their reports, in memory of one round.
pub fn write_dynamics_csv<W: Write>(out: W, s: &Scenario, params: &EumParams, issues: &[usize]) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    for &k in issues {
        let inp = IssueInputs::of(s, k);
        let head = report_head(s, k, params, &inp.who);
        let mut failed: Option<csv::Error> = None;
        run_issue_each(params, &inp.c, &inp.s, &inp.x, Detail::Moves, |rec| {
            if failed.is_none()
                && let Err(e) = csv_rows(&mut w, &head.issue, &head.actors, &round_out(&rec, &head.actors))
            {
                failed = Some(e);
            }
        });
        if let Some(e) = failed {
            return Err(e.into());
        }
    }
    w.flush()
}

/// Writes through to `inner`, following every newline with `indent`: pretty JSON
/// nested one level deeper (JSON strings hold no raw newlines).
struct Indented<'a, W: Write> {
    inner: &'a mut W,
    indent: &'static str,
}

impl<W: Write> Write for Indented<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let mut rest = buf;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.inner.write_all(&rest[..=i])?;
            self.inner.write_all(self.indent.as_bytes())?;
            rest = &rest[i + 1..];
        }
        self.inner.write_all(rest)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Pretty JSON of `v`: in struct field order, or with every object's keys sorted (as
/// serde_json's `Value` holds them, which is how the all-issues document has always been written).
fn pretty<T: Serialize>(v: &T, sorted: bool) -> io::Result<String> {
    let text = if sorted {
        serde_json::to_value(v).and_then(|v| serde_json::to_string_pretty(&v))
    } else {
        serde_json::to_string_pretty(v)
    };
    text.map_err(io::Error::other)
}

/// Split pretty JSON of an object at its top-level empty array `key`: the text before
/// `"key": []` (ending with the newline and indent) and after it.
fn split_at_empty(text: &str, key: &str) -> io::Result<(String, String)> {
    let marker = format!("\n  \"{key}\": []");
    let i = text
        .find(&marker)
        .ok_or_else(|| io::Error::other(format!("no empty `{key}` in the template")))?;
    Ok((text[..i].to_string(), text[i + marker.len()..].to_string()))
}

/// Write one issue's report as pretty JSON, rounds streamed as they are played.
fn write_issue_json<W: Write>(out: &mut W, s: &Scenario, params: &EumParams, k: usize, sorted: bool) -> io::Result<()> {
    let inp = IssueInputs::of(s, k);
    let mut head = report_head(s, k, params, &inp.who);
    let detail = if inp.x.len() <= PAIRS_MAX {
        Detail::Pairs
    } else {
        Detail::Counts
    };
    if sorted {
        // `played` sorts before `rounds`: a first run without output finds it (the EUM is
        // deterministic, so the second run plays the same rounds).
        let (played, stopped) = run_issue_each(params, &inp.c, &inp.s, &inp.x, Detail::Moves, |_| {});
        head.played = played;
        head.stopped = stopped.as_str().into();
    }
    let (before, _) = split_at_empty(&pretty(&head, sorted)?, "rounds")?;
    out.write_all(before.as_bytes())?;
    out.write_all(b"\n  \"rounds\": [")?;
    let mut first = true;
    let mut failed: Option<io::Error> = None;
    let (played, stopped) = run_issue_each(params, &inp.c, &inp.s, &inp.x, detail, |rec| {
        if failed.is_some() {
            return;
        }
        let r = pretty(&round_out(&rec, &head.actors), sorted).and_then(|text| {
            out.write_all(if first { b"\n    " } else { b",\n    " })?;
            Indented {
                inner: &mut *out,
                indent: "    ",
            }
            .write_all(text.as_bytes())
        });
        first = false;
        if let Err(e) = r {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    out.write_all(if first { b"]" } else { b"\n  ]" })?;
    head.played = played;
    head.stopped = stopped.as_str().into();
    let (_, after) = split_at_empty(&pretty(&head, sorted)?, "rounds")?;
    out.write_all(after.as_bytes())
}

/// Stream `parley dynamics --format json` to `out` as the rounds are played, without the
/// final newline: one issue's report when `single`, else `{"issues": [...], "scenario", "version"}`.
/// The bytes are those of `serde_json::to_string_pretty` of the reports built in memory
/// ([`dynamics_report`]); memory holds one round at a time.
pub fn write_dynamics_json<W: Write>(
    out: &mut W,
    s: &Scenario,
    params: &EumParams,
    issues: &[usize],
    single: bool,
) -> io::Result<()> {
    if single {
        for &k in issues.iter().take(1) {
            write_issue_json(out, s, params, k, false)?;
        }
        return Ok(());
    }
    let doc = serde_json::json!({"version": OUTPUT_VERSION, "scenario": s.id(), "issues": []});
    let (before, after) = split_at_empty(&pretty(&doc, false)?, "issues")?;
    out.write_all(before.as_bytes())?;
    out.write_all(b"\n  \"issues\": [")?;
    for (i, &k) in issues.iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        let mut nested = Indented {
            inner: &mut *out,
            indent: "    ",
        };
        write_issue_json(&mut nested, s, params, k, true)?;
    }
    out.write_all(if issues.is_empty() { b"]" } else { b"\n  ]" })?;
    out.write_all(after.as_bytes())
}
