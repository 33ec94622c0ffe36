//! The "European Union Decides" data (DEU III, Arregui & Perarnaud 2021,
//! doi:10.34810/data53) as cases with known outcomes for [`parley_models::evaluate`].
//!
//! The file is tab-separated with a header row. Columns used: `prnr` (proposal), `prname`,
//! `isnr` (issue), `proc` (procedure), `counvte` (Council voting rule), the positions `pcom`,
//! `pep`, `pat` … (one column per actor, a `p` before its code), the saliences in the same
//! order (`scom` …), `rp` (reference point) and `out` (the outcome). Positions, saliences,
//! reference points and outcomes are on 0–100; a blank position means the actor took none.
//! A row without `prnr` whose position columns hold numbers gives capabilities (the copy in
//! `data/deu3` carries one: relative GDP, its README).
//!
//! Each issue row becomes one single-issue scenario (a [`Case`]): the actors that took a
//! position, with their salience (blank: 0) over 100, the reference point as status quo
//! (blank: 50, the scale's middle), and the outcome as the known truth. Models that treat
//! issues one at a time (compromise, median, EUM) give the same forecast as on a scenario per
//! proposal; Nash would join the issues of a proposal, and it is scored per issue here.

use std::collections::BTreeMap;

use parley_core::Scenario;
use parley_core::raw::{RawActor, RawIssue, RawMeta, RawPosition, RawScenario};
use parley_models::evaluate::Case;

use crate::load::{Diagnostic, LoadError};

/// Where the actors' capabilities come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Capabilities {
    /// Every actor 1.
    Equal,
    /// The file's capability row (relative GDP in the copy of `data/deu3`).
    File,
    /// The Council's voting rule of each proposal (see [`council`]).
    Council,
}

/// Member states' votes in the Council under qualified majority, Treaty of Nice (Protocol on
/// the enlargement of the EU, art. 3, as amended by the acts of accession of 2003, 2005 and
/// 2012): 352 votes among 28 states. They applied until October 2014 (to March 2017 on
/// request); the double majority after that is not modelled.
pub const NICE_VOTES: [(&str, f64); 28] = [
    ("at", 10.0),
    ("be", 12.0),
    ("bu", 10.0),
    ("cr", 7.0),
    ("cy", 4.0),
    ("cz", 12.0),
    ("dk", 7.0),
    ("ee", 4.0),
    ("fi", 7.0),
    ("fr", 29.0),
    ("de", 29.0),
    ("el", 12.0),
    ("hu", 12.0),
    ("ie", 7.0),
    ("it", 29.0),
    ("lv", 4.0),
    ("lt", 7.0),
    ("lu", 4.0),
    ("mt", 3.0),
    ("nl", 13.0),
    ("pl", 27.0),
    ("pt", 12.0),
    ("ro", 14.0),
    ("si", 4.0),
    ("sk", 7.0),
    ("es", 27.0),
    ("se", 10.0),
    ("uk", 29.0),
];

/// One actor's capability and veto under the `council` scheme, for an issue decided by
/// `voting` (`QMV…` or `Unan`) under `procedure` (`COD` or `CNS`); None: the actor has no
/// say (the Parliament under consultation). A choice of this project, documented in
/// docs/MODELS.md:
/// - member states: their Nice votes under QMV; under unanimity one each, and each a veto
///   player;
/// - the Commission (agenda setter, no vote): the mean member state's weight;
/// - the Parliament: under co-decision (COD) an equal co-legislator, as strong as the whole
///   Council (the sum of the states' weights) and a veto player; under consultation (CNS) only
///   an opinion, so left out.
pub fn council(actor: &str, voting: &str, procedure: &str) -> Result<Option<(f64, bool)>, String> {
    let qmv = if voting.starts_with("QMV") {
        true
    } else if voting == "Unan" {
        false
    } else {
        return Err(format!("`{voting}` is not a voting rule (QMV… or Unan)"));
    };
    let cod = match procedure {
        "COD" => true,
        "CNS" => false,
        _ => return Err(format!("`{procedure}` is not a procedure (COD or CNS)")),
    };
    let total = if qmv {
        NICE_VOTES.iter().map(|v| v.1).sum()
    } else {
        NICE_VOTES.len() as f64
    };
    Ok(match actor {
        "com" => Some((total / NICE_VOTES.len() as f64, false)),
        "ep" => cod.then_some((total, true)),
        _ => {
            let Some(&(_, votes)) = NICE_VOTES.iter().find(|v| v.0 == actor) else {
                return Err(format!(
                    "`{actor}` is not the Commission, the Parliament or a member state"
                ));
            };
            Some(if qmv { (votes, false) } else { (1.0, true) })
        }
    })
}

/// One issue row of the file.
#[derive(Debug, Clone)]
pub struct DeuIssue {
    /// Line in the file (1-based).
    pub line: usize,
    /// `prnr`, `prname`, `isnr`.
    pub proposal: String,
    pub proposal_name: String,
    pub issue: String,
    /// `proc` and `counvte` as given.
    pub procedure: String,
    pub voting: String,
    /// Per actor: position and salience (0–100), None when blank.
    pub positions: Vec<Option<f64>>,
    pub saliences: Vec<Option<f64>>,
    /// `rp` and `out`.
    pub reference: Option<f64>,
    pub outcome: Option<f64>,
}

/// The whole file.
#[derive(Debug, Clone)]
pub struct DeuData {
    /// Actor codes (`com`, `ep`, `at`, …), in column order.
    pub actors: Vec<String>,
    /// The capability row, if the file has one.
    pub capabilities: Option<Vec<f64>>,
    /// The issue rows.
    pub issues: Vec<DeuIssue>,
}

fn diag(file: &str, line: Option<usize>, field: Option<String>, message: String) -> Diagnostic {
    Diagnostic {
        file: file.into(),
        location: line.map(|l| (l, 1)),
        field,
        message,
    }
}

/// Parse the text of a DEU file named `file`. Every problem is reported with its line and
/// column name; nothing is skipped silently (a row without a recorded outcome is kept and
/// left out of the scores, as the data's README says).
pub fn parse(file: &str, text: &str) -> Result<DeuData, LoadError> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b'\t')
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header = rdr
        .headers()
        .map_err(|e| LoadError(vec![diag(file, Some(1), None, format!("cannot read the header: {e}"))]))?
        .clone();
    let col = |name: &str| header.iter().position(|h| h == name);
    let mut errors = Vec::new();
    let mut need = |name: &str| {
        let c = col(name);
        if c.is_none() {
            errors.push(diag(
                file,
                Some(1),
                Some(name.into()),
                "column missing from the header".into(),
            ));
        }
        c.unwrap_or(0)
    };
    let (prnr, isnr, rp, out) = (need("prnr"), need("isnr"), need("rp"), need("out"));
    let (prname, procedure, voting) = (col("prname"), col("proc"), col("counvte"));
    let first_p = need("pcom");
    let first_s = need("scom");
    if !errors.is_empty() {
        return Err(LoadError(errors));
    }
    let actors: Vec<String> = header
        .iter()
        .skip(first_p)
        .take_while(|h| h.starts_with('p') && *h != "scom")
        .map(|h| h[1..].to_string())
        .collect();
    let n = actors.len();
    let salience_cols: Vec<String> = header.iter().skip(first_s).take(n).map(str::to_string).collect();
    for (k, a) in actors.iter().enumerate() {
        if salience_cols.get(k).map(String::as_str) != Some(&format!("s{a}")) {
            errors.push(diag(
                file,
                Some(1),
                Some(format!("s{a}")),
                format!(
                    "the salience columns must follow the positions in the same order (found `{}` at this place)",
                    salience_cols.get(k).map_or("nothing", String::as_str)
                ),
            ));
        }
    }
    if n == 0 {
        errors.push(diag(file, Some(1), Some("pcom".into()), "no position columns".into()));
    }
    if !errors.is_empty() {
        return Err(LoadError(errors));
    }
    let mut capabilities = None;
    let mut issues = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                errors.push(diag(file, line, None, format!("cannot read the row: {e}")));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line() as usize);
        let mut num = |c: usize, lo: f64, hi: f64| -> Option<f64> {
            let raw = rec.get(c).unwrap_or("").trim();
            if raw.is_empty() || raw == "NA" {
                return None;
            }
            match raw.parse::<f64>() {
                Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => Some(v),
                Ok(v) => {
                    errors.push(diag(
                        file,
                        Some(line),
                        Some(header[c].to_string()),
                        format!("{v} is outside {lo}..={hi}"),
                    ));
                    None
                }
                Err(_) => {
                    errors.push(diag(
                        file,
                        Some(line),
                        Some(header[c].to_string()),
                        format!("`{raw}` is not a number"),
                    ));
                    None
                }
            }
        };
        let text = |c: Option<usize>| c.and_then(|c| rec.get(c)).unwrap_or("").trim().to_string();
        if text(Some(prnr)).is_empty() {
            // The capability row.
            let caps: Vec<Option<f64>> = (0..n).map(|k| num(first_p + k, 0.0, f64::MAX)).collect();
            if capabilities.is_some() {
                errors.push(diag(
                    file,
                    Some(line),
                    Some("prnr".into()),
                    "a second row without a proposal number (only one capability row is allowed)".into(),
                ));
            } else if caps.iter().all(Option::is_some) {
                capabilities = Some(caps.into_iter().flatten().collect());
            } else {
                errors.push(diag(
                    file,
                    Some(line),
                    Some("prnr".into()),
                    "a row without a proposal number must give every actor a capability".into(),
                ));
            }
            continue;
        }
        let positions = (0..n).map(|k| num(first_p + k, 0.0, 100.0)).collect();
        let saliences = (0..n).map(|k| num(first_s + k, 0.0, 100.0)).collect();
        let reference = num(rp, 0.0, 100.0);
        let outcome = num(out, 0.0, 100.0);
        issues.push(DeuIssue {
            line,
            proposal: text(Some(prnr)),
            proposal_name: text(prname),
            issue: text(Some(isnr)),
            procedure: text(procedure),
            voting: text(voting),
            positions,
            saliences,
            reference,
            outcome,
        });
    }
    if !errors.is_empty() {
        return Err(LoadError(errors));
    }
    Ok(DeuData {
        actors,
        capabilities,
        issues,
    })
}

/// Each actor's capability (None: no capability row for `Capabilities::File`).
fn capabilities(file: &str, data: &DeuData, caps: Capabilities) -> Result<Vec<f64>, LoadError> {
    match (caps, &data.capabilities) {
        (Capabilities::Equal | Capabilities::Council, _) => Ok(vec![1.0; data.actors.len()]),
        (Capabilities::File, Some(c)) => Ok(c.clone()),
        (Capabilities::File, None) => Err(LoadError(vec![diag(
            file,
            None,
            None,
            "the file has no capability row (a row without `prnr`): use equal capabilities (`--capabilities equal`)"
                .into(),
        )])),
    }
}

/// One scenario of the issue rows `rows` (of one proposal, with one voting rule and
/// procedure): the actors that took a position on any of them (and have a say under the
/// scheme), a position only where one was taken, the outcomes as `actual`. None when no
/// actor took a position.
fn scenario_of(
    file: &str,
    data: &DeuData,
    rows: &[&DeuIssue],
    capability: &[f64],
    caps: Capabilities,
    id: &str,
) -> Result<Option<RawScenario>, Diagnostic> {
    let Some(first) = rows.first() else { return Ok(None) };
    // Capability and veto per actor; the council scheme may leave an actor out.
    let mut say: Vec<Option<(f64, bool)>> = capability.iter().map(|&c| Some((c, false))).collect();
    if caps == Capabilities::Council {
        for (k, a) in data.actors.iter().enumerate() {
            say[k] = council(a, &first.voting, &first.procedure)
                .map_err(|m| diag(file, Some(first.line), Some("counvte".into()), m))?;
        }
    }
    let taken: Vec<usize> = (0..data.actors.len())
        .filter(|&k| say[k].is_some() && rows.iter().any(|r| r.positions[k].is_some()))
        .collect();
    if taken.is_empty() {
        return Ok(None);
    }
    let actors = taken
        .iter()
        .map(|&k| RawActor {
            // The council scheme says who holds a veto (false as well as true: left out, the
            // format's default would make every principal one); the others leave it to the format.
            veto: (caps == Capabilities::Council).then(|| say[k].is_some_and(|v| v.1)),
            ..RawActor::new(
                data.actors[k].clone(),
                data.actors[k].to_uppercase(),
                say[k].map_or(0.0, |v| v.0),
            )
        })
        .collect();
    let issue_id = |r: &DeuIssue| {
        if rows.len() == 1 {
            "x".to_string()
        } else {
            r.issue.to_lowercase()
        }
    };
    let mut positions = Vec::new();
    for r in rows {
        for &k in &taken {
            if let Some(x) = r.positions[k] {
                positions.push(RawPosition::new(
                    data.actors[k].clone(),
                    issue_id(r),
                    x,
                    r.saliences[k].unwrap_or(0.0) / 100.0,
                ));
            }
        }
    }
    let issues = rows
        .iter()
        .map(|r| RawIssue {
            id: issue_id(r),
            name: r.issue.clone(),
            min: 0.0,
            max: 100.0,
            status_quo: r.reference.unwrap_or(50.0),
            anchors: BTreeMap::new(),
            description: None,
            source: Some(format!("{file}, line {}", r.line)),
            actual: r.outcome,
        })
        .collect();
    Ok(Some(RawScenario {
        format: parley_core::raw::FORMAT_VERSION,
        scenario: RawMeta {
            id: id.to_string(),
            title: first.proposal_name.clone(),
            date: None,
            description: Some(format!(
                "DEU III proposal {} ({}, Council voting {}); imported by parley",
                first.proposal, first.procedure, first.voting
            )),
            zone: None,
            sources: vec![
                "Arregui & Perarnaud (2021), The DEU III dataset, doi:10.34810/data53 (CC BY 4.0)".to_string(),
                format!(
                    "{file}, lines {}",
                    rows.iter().map(|r| r.line.to_string()).collect::<Vec<_>>().join(", ")
                ),
            ],
        },
        issues,
        actors,
        positions,
        stages: Vec::new(),
        outcomes: Vec::new(),
        packages: Vec::new(),
        ensemble: None,
        model: BTreeMap::new(),
        variants: Vec::new(),
    }))
}

/// Validate a built scenario; its errors are located at the rows' line.
fn checked(file: &str, line: usize, raw: RawScenario) -> Result<Scenario, Vec<Diagnostic>> {
    Scenario::from_raw(raw).map_err(|e| {
        e.0.into_iter()
            .map(|fe| diag(file, Some(line), Some(fe.path.to_string()), fe.message))
            .collect()
    })
}

/// One case per issue row (see the module's documentation); rows where no actor took a
/// position give none. `Capabilities::File` needs the capability row.
pub fn cases(file: &str, data: &DeuData, caps: Capabilities) -> Result<Vec<Case>, LoadError> {
    let capability = capabilities(file, data, caps)?;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for row in &data.issues {
        match scenario_of(file, data, &[row], &capability, caps, &row.issue) {
            Ok(Some(raw)) => match checked(file, row.line, raw) {
                Ok(scenario) => out.push(Case::from_scenario(row.proposal.clone(), scenario)),
                Err(e) => errors.extend(e),
            },
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(LoadError(errors));
    }
    Ok(out)
}

/// One scenario per proposal (its issue rows; a proposal whose rows differ in voting rule or
/// procedure gives one per rule, its id suffixed with the rule), for `parley import deu`.
/// Each is checked as the loader would; ids are the proposal numbers.
pub fn proposals(file: &str, data: &DeuData, caps: Capabilities) -> Result<Vec<RawScenario>, LoadError> {
    let capability = capabilities(file, data, caps)?;
    let mut groups: Vec<(String, String, String, Vec<&DeuIssue>)> = Vec::new();
    for r in &data.issues {
        match groups
            .iter_mut()
            .find(|g| g.0 == r.proposal && g.1 == r.procedure && g.2 == r.voting)
        {
            Some(g) => g.3.push(r),
            None => groups.push((r.proposal.clone(), r.procedure.clone(), r.voting.clone(), vec![r])),
        }
    }
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (prop, procedure, voting, rows) in &groups {
        let split = groups.iter().filter(|g| &g.0 == prop).count() > 1;
        let id = if split {
            let rule: String = format!("{procedure}-{voting}")
                .to_lowercase()
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            format!("{}-{rule}", prop.to_lowercase())
        } else {
            prop.to_lowercase()
        };
        match scenario_of(file, data, rows, &capability, caps, &id) {
            Ok(Some(raw)) => match checked(file, rows[0].line, raw.clone()) {
                Ok(_) => out.push(raw),
                Err(e) => errors.extend(e),
            },
            Ok(None) => {}
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(LoadError(errors));
    }
    Ok(out)
}

/// An imported scenario as the text of a TOML scenario file.
pub fn to_toml(raw: &RawScenario) -> Result<String, String> {
    let body = toml::to_string(raw).map_err(|e| e.to_string())?;
    Ok(format!(
        "# Imported by `parley import` (its sources are listed below).\n{body}"
    ))
}
