//! The JSON contract of `parley forecast --format json` (version 1).
//!
//! ```text
//! {"version": 1, "scenario": "<id>", "title": "...",
//!  "actors": [{"actor", "name", "role", "capability", "veto", "stages": [...]}],
//!  "stages": [{"stage", "name", "start", "participants": [...], "absent_veto": [...], "zone": <zone>}],
//!  "issues": [{"issue", "name", "min", "max", "status_quo", "status_quo_anchor",
//!              "positions": [{"actor", "position", "salience", "accept": [lo, hi], "source"}]}],
//!  "packages": [{"package", "name", "issues": [...], "declared"}],
//!  "forecasts": [{"model", "ok", "error", "termination", "agreement", "outcome",
//!                 "issues": [{"issue", "value", "anchor"}],
//!                 "deals": [{"stage", "package", "issues": [...], "agreed", "implemented",
//!                            "blocking": [...], "terms": [{"issue", "value"}]}]}],
//!  "zopa": <zone>}
//! <zone> = {"feasible", "players": [...], "blocking": [...], "min_gain",
//!           "issues": [{"issue", "range": [lo, hi] | null, "red_line_range": [lo, hi] | null, "blocking": [...]}]}
//! ```
//! Documented field by field in `docs/FORMAT.md`. Fields are only ever added
//! within a version.

use parley_core::Scenario;
use parley_models::run::ForecastRun;
use parley_models::zopa::Zone;
use serde::{Deserialize, Serialize};

/// Version of every JSON document parley prints.
pub const OUTPUT_VERSION: u32 = 1;

/// `parley forecast` output.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastReport {
    /// Always 1.
    pub version: u32,
    /// Scenario id.
    pub scenario: String,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// The model's point projected into the room's zone on the package; empty when not agreed.
    pub terms: Vec<Term>,
}

/// A term of a deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// Issue id.
    pub issue: String,
    /// Value.
    pub value: f64,
}

/// One model's forecast.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Per stage and package: agreed, implemented, blocking, terms.
    pub deals: Vec<DealOut>,
}

/// A forecast value on one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IssueValue {
    /// Issue id.
    pub issue: String,
    /// Value.
    pub value: f64,
    /// Nearest anchor label.
    pub anchor: Option<String>,
    /// A second summary where the model has one (EUM: the weighted mean after the last round).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
}

/// An agreement zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneOut {
    /// Any outcome all players accept?
    pub feasible: bool,
    /// Players whose acceptance is required.
    pub players: Vec<String>,
    /// Who closes the zone when it is empty.
    pub blocking: Vec<String>,
    /// Largest gain over the status quo every player can get at once (null when red lines do not overlap).
    pub min_gain: Option<f64>,
    /// Per issue.
    pub issues: Vec<ZoneIssueOut>,
}

/// The zone on one issue.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
                zone: zone_out(s, &sz.zone),
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
                            mean: f.means.as_ref().and_then(|m| m.get(k)).map(|&m| tidy(m)),
                        })
                        .collect(),
                ),
                Err(e) => (false, Some(e.to_string()), None, Vec::new()),
            };
            let deals = m
                .deals
                .iter()
                .map(|d| {
                    let pkg = &s.packages()[d.package];
                    DealOut {
                        stage: d.stage.map(|i| s.stages()[i].id.clone()),
                        package: pkg.id.clone(),
                        issues: pkg.issues.iter().map(|&k| s.issues()[k].id.to_string()).collect(),
                        agreed: d.agreed,
                        implemented: d.implemented,
                        blocking: ids(s, &d.blocking),
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
                deals,
            }
        })
        .collect();
    ForecastReport {
        version: OUTPUT_VERSION,
        scenario: s.id().into(),
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
        zopa: zone_out(s, &run.zone),
    }
}
