//! The JSON contract of `parley forecast --format json` (version 1).
//!
//! ```text
//! {"version": 1, "scenario": "<id>", "variant": "<id>" | null, "title": "...",
//!  "actors": [{"actor", "name", "role", "capability", "veto", "stages": [...]}],
//!  "stages": [{"stage", "name", "start", "participants": [...], "absent_veto": [...], "zone": <zone>}],
//!  "issues": [{"issue", "name", "min", "max", "status_quo", "status_quo_anchor",
//!              "positions": [{"actor", "position", "salience", "accept": [lo, hi], "source"}]}],
//!  "packages": [{"package", "name", "issues": [...], "declared"}],
//!  "forecasts": [{"model", "ok", "error", "termination", "agreement", "outcome",
//!                 "issues": [{"issue", "value", "anchor"}], "rejected_by": [<reason>],
//!                 "deals": [{"stage", "package", "issues": [...], "agreed", "implemented",
//!                            "blocking": [...], "reasons": [<reason>], "terms": [{"issue", "value"}]}]}],
//!  "zopa": <zone>}
//! <zone> = {"feasible", "players": [...], "blocking": [...], "reasons": [<reason>], "min_gain",
//!           "issues": [{"issue", "range": [lo, hi] | null, "red_line_range": [lo, hi] | null, "blocking": [...]}]}
//! <reason> = {"actor", "kind": "red_line" | "status_quo" | "others_status_quo",
//!             "issue", "accept": [lo, hi] | null, "needed": [lo, hi] | null, "gain", "text"}
//! ```
//! Documented field by field in `docs/FORMAT.md`. Fields are only ever added
//! within a version.

use std::collections::BTreeMap;

use parley_core::{Scenario, UtilityFunction, UtilityShape};
use parley_models::run::ForecastRun;
use parley_models::zopa::{Zone, ZoneProblem, deal_players};
use serde::{Deserialize, Serialize};

/// Version of every JSON document parley prints.
pub const OUTPUT_VERSION: u32 = 1;

/// `parley forecast` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ForecastReport {
    /// Always 1.
    pub version: u32,
    /// Scenario id.
    pub scenario: String,
    /// The what-if variant that ran (`--variant`), null for the scenario as written.
    #[serde(default)]
    pub variant: Option<String>,
    /// Scenario title.
    pub title: String,
    /// Actors.
    pub actors: Vec<ActorOut>,
    /// Stages and the zone in each room.
    pub stages: Vec<StageOut>,
    /// Issues with positions.
    pub issues: Vec<IssueOut>,
    /// Packages: issues agreed together (an issue in no package is its own).
    pub packages: Vec<PackageOut>,
    /// One entry per model, then `ensemble` when two or more models ran.
    pub forecasts: Vec<ForecastOut>,
    /// The agreement zone of all veto players.
    pub zopa: ZoneOut,
}

/// An actor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ActorOut {
    /// Id.
    pub actor: String,
    /// Name.
    pub name: String,
    /// Role.
    pub role: String,
    /// Capability.
    pub capability: f64,
    /// Veto player?
    pub veto: bool,
    /// Ids of the stages it sits in.
    pub stages: Vec<String>,
}

/// A stage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StageOut {
    /// Id.
    pub stage: String,
    /// Name.
    pub name: String,
    /// RFC 9557 start, if given.
    pub start: Option<String>,
    /// Actor ids in the room.
    pub participants: Vec<String>,
    /// Veto players not in the room.
    pub absent_veto: Vec<String>,
    /// Zone among the room's veto players.
    pub zone: ZoneOut,
}

/// An issue with every position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IssueOut {
    /// Id.
    pub issue: String,
    /// Name.
    pub name: String,
    /// Scale.
    pub min: f64,
    /// Scale.
    pub max: f64,
    /// No-deal value.
    pub status_quo: f64,
    /// Anchor label nearest to the status quo.
    pub status_quo_anchor: Option<String>,
    /// Positions.
    pub positions: Vec<PositionOut>,
}

/// One position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PositionOut {
    /// Actor id.
    pub actor: String,
    /// Position.
    pub position: f64,
    /// Salience.
    pub salience: f64,
    /// Accepted interval.
    pub accept: [f64; 2],
    /// Source sentence, `inferred`, or `default`.
    pub source: String,
}

/// A package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PackageOut {
    /// Id (the issue's id for an issue in no package).
    pub package: String,
    /// Name.
    pub name: String,
    /// Issue ids.
    pub issues: Vec<String>,
    /// Declared with `[[package]]` (false: an issue on its own).
    pub declared: bool,
}

/// One package's fate in one stage's room under one model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DealOut {
    /// Stage id (null when the scenario has no stages: the room is every veto player).
    pub stage: Option<String>,
    /// Package id.
    pub package: String,
    /// Its issue ids.
    pub issues: Vec<String>,
    /// The veto players in the room can sign a change on it.
    pub agreed: bool,
    /// The absent veto players accept the terms too.
    pub implemented: bool,
    /// Not agreed: who in the room closes it; agreed, not implemented: who outside rejects the terms.
    pub blocking: Vec<String>,
    /// Why each blocking actor blocks (one or more entries per actor in `blocking`).
    #[serde(default)]
    pub reasons: Vec<Reason>,
    /// The model's point projected into the room's zone on the package; empty when not agreed.
    pub terms: Vec<Term>,
}

/// A term of a deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Term {
    /// Issue id.
    pub issue: String,
    /// Value.
    pub value: f64,
}

/// One model's forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ForecastOut {
    /// Model id.
    pub model: String,
    /// False when the model found no answer (see `error`); `issues` is then empty.
    pub ok: bool,
    /// Why there is no answer.
    pub error: Option<String>,
    /// How the model ended (`solved`, `converged`, `max_rounds`).
    pub termination: Option<serde_json::Value>,
    /// Do all veto players accept the forecast?
    pub agreement: bool,
    /// Outcome class id (a model without an answer is classified at the status quo).
    pub outcome: Option<String>,
    /// Values.
    pub issues: Vec<IssueValue>,
    /// The veto players who do not accept the forecast, and why (empty when `agreement`
    /// holds or the model has no answer).
    #[serde(default)]
    pub rejected_by: Vec<Reason>,
    /// Per stage and package: agreed, implemented, blocking, terms.
    pub deals: Vec<DealOut>,
}

/// An anchor of an issue's scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AnchorOut {
    /// Where on the scale.
    pub value: f64,
    /// Its label.
    pub label: String,
}

/// The anchors around `x`: on an anchor, that one; between two, both; beyond the ends, the nearest.
pub fn anchors_around(anchors: &[(f64, String)], x: f64) -> Vec<AnchorOut> {
    let out = |&(value, ref label): &(f64, String)| AnchorOut {
        value: tidy(value),
        label: label.clone(),
    };
    if let Some(on) = anchors.iter().find(|(v, _)| (v - x).abs() <= 1e-9) {
        return vec![out(on)];
    }
    let below = anchors.iter().rfind(|(v, _)| *v < x);
    let above = anchors.iter().find(|(v, _)| *v > x);
    below.into_iter().chain(above).map(out).collect()
}

/// A forecast value on one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IssueValue {
    /// Issue id.
    pub issue: String,
    /// Value.
    pub value: f64,
    /// Nearest anchor label (kept for compatibility; `between` says where the value lies).
    pub anchor: Option<String>,
    /// The anchors around the value: the one at or below it and the one above it (one entry
    /// when it sits on an anchor or beyond the last one; empty without anchors).
    #[serde(default)]
    pub between: Vec<AnchorOut>,
    /// A second summary where the model has one (EUM: the weighted mean after the last round).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
}

/// An agreement zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ZoneOut {
    /// Any outcome all players accept?
    pub feasible: bool,
    /// Players whose acceptance is required.
    pub players: Vec<String>,
    /// Who closes the zone when it is empty.
    pub blocking: Vec<String>,
    /// Why each blocking actor closes it.
    #[serde(default)]
    pub reasons: Vec<Reason>,
    /// Largest gain over the status quo every player can get at once (null when red lines do not overlap).
    pub min_gain: Option<f64>,
    /// Per issue.
    pub issues: Vec<ZoneIssueOut>,
}

/// The zone on one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ZoneIssueOut {
    /// Issue id.
    pub issue: String,
    /// Range over the whole zone, null when empty.
    pub range: Option<[f64; 2]>,
    /// Overlap of the players' red lines on this issue alone, null when empty.
    pub red_line_range: Option<[f64; 2]>,
    /// Players whose red lines on this issue do not overlap.
    pub blocking: Vec<String>,
}

/// Why one actor blocks a deal, closes a zone or rejects a forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Reason {
    /// Actor id.
    pub actor: String,
    /// `red_line`: its red line on `issue` excludes what the deal needs there;
    /// `status_quo`: the deal (or the best outcome the others accept) is worse for it than
    /// the status quo; `others_status_quo`: no outcome inside its red lines leaves the
    /// others at least as well off as the status quo.
    pub kind: String,
    /// Issue id (`red_line` only).
    pub issue: Option<String>,
    /// The actor's accepted interval on `issue` (`red_line` only).
    pub accept: Option<[f64; 2]>,
    /// What the deal needs on `issue`: `[v, v]` for a forecast's or terms' value `v`, or the
    /// interval the other players' red lines leave (`red_line` only).
    pub needed: Option<[f64; 2]>,
    /// The actor's utility gain over the status quo (`status_quo` only; negative).
    pub gain: Option<f64>,
    /// The same in one sentence, for people.
    pub text: String,
}

fn show(x: f64) -> String {
    crate::table::num(x)
}

/// `x` with as many decimals as it takes (up to 6) not to print as a value inside `[lo, hi]`.
fn show_outside(x: f64, lo: f64, hi: f64) -> String {
    for d in 1..=6 {
        let s = format!("{x:.d$}");
        let s = s.trim_end_matches('0').trim_end_matches('.').to_owned();
        if s.parse::<f64>().is_ok_and(|v| v < lo || v > hi) {
            return s;
        }
    }
    show(x)
}

fn show_range([lo, hi]: [f64; 2]) -> String {
    if lo == hi {
        show(lo)
    } else {
        format!("{}–{}", show(lo), show(hi))
    }
}

/// `need` completes "its red line on ISSUE accepts …, but ".
fn red_line_reason(s: &Scenario, a: usize, k: usize, needed: [f64; 2], need: String) -> Reason {
    let (lo, hi) = s.position(a, k).accept;
    let issue = &s.issues()[k];
    Reason {
        actor: s.actors()[a].id.to_string(),
        kind: "red_line".into(),
        issue: Some(issue.id.to_string()),
        accept: Some([tidy(lo), tidy(hi)]),
        needed: Some([tidy(needed[0]), tidy(needed[1])]),
        gain: None,
        text: format!(
            "{}: its red line on {} accepts {}, but {need}",
            s.actors()[a].id,
            issue.id,
            show_range([lo, hi])
        ),
    }
}

fn gain_reason(s: &Scenario, a: usize, gain: f64, what: &str) -> Reason {
    Reason {
        actor: s.actors()[a].id.to_string(),
        kind: "status_quo".into(),
        issue: None,
        accept: None,
        needed: None,
        gain: Some(tidy(gain)),
        text: format!(
            "{}: {what} worse for it than the status quo (utility gain {:.3})",
            s.actors()[a].id,
            gain
        ),
    }
}

/// Why each of `blocking` does not accept the point `x` (a forecast or a deal's terms),
/// judged on the issues `active`: red lines crossed, and a utility below the status quo's.
/// `subject` names the point in the sentences: "the forecast is", "the terms are".
pub fn point_reasons(
    s: &Scenario,
    u: &UtilityFunction,
    blocking: &[usize],
    x: &[f64],
    active: &[usize],
    subject: &str,
) -> Vec<Reason> {
    let sq = s.status_quo();
    let mut out = Vec::new();
    for &a in blocking {
        for &k in active {
            let (lo, hi) = s.position(a, k).accept;
            // The smaller of the tolerances of `accepted_by_all` and `deals::accepts`.
            let tol = 1e-9 * s.issues()[k].range().min(1.0);
            if x[k] < lo - tol || x[k] > hi + tol {
                let need = format!("{subject} {}", show_outside(x[k], lo, hi));
                out.push(red_line_reason(s, a, k, [x[k], x[k]], need));
            }
        }
        let gain: f64 = active.iter().map(|&k| u.term(a, k, x[k]) - u.term(a, k, sq[k])).sum();
        if gain < -1e-9 {
            out.push(gain_reason(s, a, gain, subject));
        }
    }
    out
}

/// Why each of `blocking` closes the zone of `players` over the issues `active`: a red line
/// disjoint from what the others' red lines leave, or else its best gain over the outcomes
/// the others accept (inside its red lines) is negative, or there is no such outcome.
pub fn zone_reasons(
    s: &Scenario,
    u: &UtilityFunction,
    players: &[usize],
    active: &[usize],
    blocking: &[usize],
) -> Vec<Reason> {
    let mut out = Vec::new();
    for &a in blocking {
        let before = out.len();
        for &k in active {
            let issue = &s.issues()[k];
            let (lo_o, hi_o) = players
                .iter()
                .filter(|&&o| o != a)
                .map(|&o| s.position(o, k).accept)
                .fold((issue.min, issue.max), |(l, h), (ol, oh)| (l.max(ol), h.min(oh)));
            let (lo, hi) = s.position(a, k).accept;
            let tol = 1e-9 * issue.range();
            if lo > hi_o + tol {
                let need = format!("the others need at most {}", show(hi_o));
                out.push(red_line_reason(s, a, k, [issue.min, hi_o], need));
            } else if hi < lo_o - tol {
                let need = format!("the others need at least {}", show(lo_o));
                out.push(red_line_reason(s, a, k, [lo_o, issue.max], need));
            }
        }
        if out.len() > before || u.indifferent(a) {
            continue;
        }
        // Maximise a's utility over its red lines and the others' demands: the weighted
        // city-block distance to its ideal with its own weights is 1 − U_a. First against
        // all the others together, then (when they have no common outcome) against each.
        let ideal: Vec<f64> = (0..s.issues().len()).map(|k| u.ideal(a, k)).collect();
        let weights: Vec<f64> = (0..s.issues().len())
            .map(|k| if active.contains(&k) { u.weight(a, k) } else { 0.0 })
            .collect();
        let best_gain = |group: &[usize]| -> Option<f64> {
            let mut zp = ZoneProblem::over(s, u, group, active);
            zp.caring.retain(|&c| c != a);
            let x = zp.nearest(&ideal, &weights, 1e-9).ok()??;
            Some(zp.gain(a, &x))
        };
        if let Some(g) = best_gain(players) {
            out.push(gain_reason(s, a, g, "even the best outcome the others accept is"));
            continue;
        }
        let pairwise = players
            .iter()
            .filter(|&&o| o != a)
            .find_map(|&o| best_gain(&[a, o]).filter(|&g| g < -1e-9).map(|g| (o, g)));
        match pairwise {
            Some((o, g)) => out.push(gain_reason(
                s,
                a,
                g,
                &format!("even the best outcome {} accepts is", s.actors()[o].id),
            )),
            None => out.push(Reason {
                actor: s.actors()[a].id.to_string(),
                kind: "others_status_quo".into(),
                issue: None,
                accept: None,
                needed: None,
                gain: None,
                text: format!(
                    "{}: no outcome inside its red lines leaves the others as well off as the status quo",
                    s.actors()[a].id
                ),
            }),
        }
    }
    out
}

/// Actor ids of actor indices.
pub(crate) fn ids(s: &Scenario, v: &[usize]) -> Vec<String> {
    v.iter().map(|&a| s.actors()[a].id.to_string()).collect()
}

/// Round away float noise for output (12 significant digits).
pub fn tidy(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return x;
    }
    let digits = 12 - (x.abs().log10().floor() as i32) - 1;
    if !(0..=15).contains(&digits) {
        return x;
    }
    let f = 10f64.powi(digits);
    let r = (x * f).round() / f;
    if r == 0.0 { 0.0 } else { r }
}

/// Convert a zone.
pub fn zone_out(s: &Scenario, z: &Zone) -> ZoneOut {
    ZoneOut {
        feasible: z.feasible,
        players: ids(s, &z.players),
        blocking: ids(s, &z.blocking),
        reasons: Vec::new(),
        min_gain: z.min_gain.map(tidy),
        issues: z
            .issues
            .iter()
            .zip(s.issues())
            .map(|(iz, issue)| ZoneIssueOut {
                issue: issue.id.to_string(),
                range: iz.range.map(|(a, b)| [tidy(a), tidy(b)]),
                red_line_range: iz.red_line_range.map(|(a, b)| [tidy(a), tidy(b)]),
                blocking: ids(s, &iz.blocking),
            })
            .collect(),
    }
}

/// Build the report.
pub fn forecast_report(s: &Scenario, run: &ForecastRun) -> ForecastReport {
    // The utilities the run judges with (linear; see `parley_models::run`).
    let u = UtilityFunction::new(s, UtilityShape::Linear);
    let all_issues: Vec<usize> = (0..s.issues().len()).collect();
    let zone_with_reasons = |z: &Zone| {
        let mut out = zone_out(s, z);
        out.reasons = zone_reasons(s, &u, &z.players, &all_issues, &z.blocking);
        out
    };
    let veto = deal_players(s);
    // Why a room cannot agree a package is a fact of the room: the same for every model.
    let mut room_reasons: BTreeMap<(Option<usize>, usize), Vec<Reason>> = BTreeMap::new();
    let actors = s
        .actors()
        .iter()
        .enumerate()
        .map(|(a, actor)| ActorOut {
            actor: actor.id.to_string(),
            name: actor.name.clone(),
            role: actor.role.as_str().into(),
            capability: s.capability(a),
            veto: actor.veto,
            stages: s
                .stages()
                .iter()
                .filter(|st| st.participants.contains(&a))
                .map(|st| st.id.clone())
                .collect(),
        })
        .collect();
    let stages = run
        .stages
        .iter()
        .map(|sz| {
            let st = &s.stages()[sz.stage];
            StageOut {
                stage: st.id.clone(),
                name: st.name.clone(),
                start: st.start.as_ref().map(|z| z.to_string()),
                participants: ids(s, &st.participants),
                absent_veto: ids(s, &sz.absent_veto),
                zone: zone_with_reasons(&sz.zone),
            }
        })
        .collect();
    let issues = s
        .issues()
        .iter()
        .enumerate()
        .map(|(k, issue)| IssueOut {
            issue: issue.id.to_string(),
            name: issue.name.clone(),
            min: issue.min,
            max: issue.max,
            status_quo: issue.status_quo,
            status_quo_anchor: issue.nearest_anchor(issue.status_quo).map(str::to_owned),
            positions: (0..s.actors().len())
                .map(|a| {
                    let p = s.position(a, k);
                    PositionOut {
                        actor: s.actors()[a].id.to_string(),
                        position: p.position,
                        salience: p.salience,
                        accept: [p.accept.0, p.accept.1],
                        source: p.source.to_string(),
                    }
                })
                .collect(),
        })
        .collect();
    let forecasts = run
        .models
        .iter()
        .map(|m| {
            let (ok, error, termination, issues) = match &m.result {
                Ok(f) => (
                    true,
                    None,
                    serde_json::to_value(&f.termination).ok(),
                    s.issues()
                        .iter()
                        .zip(&f.values)
                        .enumerate()
                        .map(|(k, (issue, &v))| IssueValue {
                            issue: issue.id.to_string(),
                            value: tidy(v),
                            anchor: issue.nearest_anchor(v).map(str::to_owned),
                            between: anchors_around(&issue.anchors, v),
                            mean: f.means.as_ref().and_then(|m| m.get(k)).map(|&m| tidy(m)),
                        })
                        .collect(),
                ),
                Err(e) => (false, Some(e.to_string()), None, Vec::new()),
            };
            let rejected_by = match &m.result {
                Ok(f) if !m.agreement => point_reasons(s, &u, &veto, &f.values, &all_issues, "the forecast is"),
                _ => Vec::new(),
            };
            let deals = m
                .deals
                .iter()
                .map(|d| {
                    let pkg = &s.packages()[d.package];
                    let reasons = if d.blocking.is_empty() {
                        Vec::new()
                    } else if d.agreed {
                        // Absent veto players who reject the terms.
                        let mut x = s.status_quo();
                        for &(k, v) in &d.terms {
                            x[k] = v;
                        }
                        point_reasons(s, &u, &d.blocking, &x, &pkg.issues, "the terms are")
                    } else {
                        // Players in the room who close the package's zone.
                        room_reasons
                            .entry((d.stage, d.package))
                            .or_insert_with(|| {
                                let present = run
                                    .rooms
                                    .iter()
                                    .find(|r| r.stage == d.stage)
                                    .map_or(veto.as_slice(), |r| r.present.as_slice());
                                zone_reasons(s, &u, present, &pkg.issues, &d.blocking)
                            })
                            .clone()
                    };
                    DealOut {
                        stage: d.stage.map(|i| s.stages()[i].id.clone()),
                        package: pkg.id.clone(),
                        issues: pkg.issues.iter().map(|&k| s.issues()[k].id.to_string()).collect(),
                        agreed: d.agreed,
                        implemented: d.implemented,
                        blocking: ids(s, &d.blocking),
                        reasons,
                        terms: d
                            .terms
                            .iter()
                            .map(|&(k, v)| Term {
                                issue: s.issues()[k].id.to_string(),
                                value: tidy(v),
                            })
                            .collect(),
                    }
                })
                .collect();
            ForecastOut {
                model: m.model.clone(),
                ok,
                error,
                termination,
                agreement: m.agreement,
                outcome: m.outcome.map(|i| s.outcomes()[i].id.clone()),
                issues,
                rejected_by,
                deals,
            }
        })
        .collect();
    ForecastReport {
        version: OUTPUT_VERSION,
        scenario: s.id().into(),
        variant: None,
        title: s.title().into(),
        actors,
        stages,
        issues,
        packages: s
            .packages()
            .iter()
            .map(|p| PackageOut {
                package: p.id.clone(),
                name: p.name.clone(),
                issues: p.issues.iter().map(|&k| s.issues()[k].id.to_string()).collect(),
                declared: p.declared,
            })
            .collect(),
        forecasts,
        zopa: zone_with_reasons(&run.zone),
    }
}

/// The reasons of a report as text, for people: who rejects each forecast, who blocks each
/// deal in the deciding room, and who closes the agreement zones, each with why.
pub fn reasons_text(r: &ForecastReport) -> String {
    let mut out = String::new();
    let bullet = |out: &mut String, head: String, reasons: &[Reason]| {
        out.push_str(&format!("- {head}:\n"));
        for x in reasons {
            out.push_str(&format!("    {}\n", x.text));
        }
    };
    let rejected: Vec<&ForecastOut> = r.forecasts.iter().filter(|f| !f.rejected_by.is_empty()).collect();
    if !rejected.is_empty() {
        out.push_str("Why the forecasts are not accepted by every veto player\n");
        for f in rejected {
            bullet(&mut out, f.model.clone(), &f.rejected_by);
        }
    }
    let deciding = r.stages.last().map(|s| s.stage.clone());
    // (package, not agreed?, reasons) with the models that share them.
    let mut groups: Vec<(String, bool, Vec<Reason>, Vec<String>)> = Vec::new();
    for p in &r.packages {
        for f in &r.forecasts {
            let Some(d) = f
                .deals
                .iter()
                .find(|d| d.stage == deciding && d.package == p.package && !d.reasons.is_empty())
            else {
                continue;
            };
            match groups
                .iter_mut()
                .find(|g| g.0 == p.package && g.1 != d.agreed && g.2 == d.reasons)
            {
                Some(g) => g.3.push(f.model.clone()),
                None => groups.push((p.package.clone(), !d.agreed, d.reasons.clone(), vec![f.model.clone()])),
            }
        }
    }
    if !groups.is_empty() {
        match &deciding {
            Some(st) => out.push_str(&format!("Why deals in the room of `{st}` are blocked\n")),
            None => out.push_str("Why deals are blocked\n"),
        }
        for (package, closed, reasons, models) in groups {
            let head = if closed {
                format!("{package}, not agreed in the room")
            } else {
                format!("{package}, terms of {}", models.join(", "))
            };
            bullet(&mut out, head, &reasons);
        }
    }
    let mut zones: Vec<(String, &ZoneOut)> = Vec::new();
    for s in &r.stages {
        if !zones.iter().any(|(_, z)| z.players == s.zone.players) {
            zones.push((format!("the room of `{}`", s.stage), &s.zone));
        }
    }
    zones.push(("all veto players".into(), &r.zopa));
    let closed: Vec<&(String, &ZoneOut)> = zones.iter().filter(|(_, z)| !z.reasons.is_empty()).collect();
    if !closed.is_empty() {
        out.push_str("Why there is no agreement zone\n");
        for (who, z) in closed {
            bullet(&mut out, format!("among {who} ({})", z.players.join(", ")), &z.reasons);
        }
    }
    out
}

#[cfg(test)]
mod anchor_tests {
    use super::anchors_around;

    #[test]
    fn values_lie_on_between_or_beyond_anchors() {
        let a = vec![
            (0.0, "none".to_string()),
            (25.0, "current".into()),
            (100.0, "all".into()),
        ];
        let labels = |x: f64| anchors_around(&a, x).into_iter().map(|o| o.label).collect::<Vec<_>>();
        assert_eq!(labels(20.0), ["none", "current"]);
        assert_eq!(labels(25.0), ["current"]);
        assert_eq!(labels(100.0), ["all"]);
        let b = vec![(10.0, "lo".to_string()), (90.0, "hi".into())];
        assert_eq!(anchors_around(&b, 5.0)[0].label, "lo");
        assert_eq!(anchors_around(&b, 95.0).len(), 1);
        assert!(anchors_around(&[], 5.0).is_empty());
    }
}
