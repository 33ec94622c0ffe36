//! The validated scenario: the domain type every model reads.
//!
//! A [`Scenario`] can only be built by [`Scenario::from_raw`], which checks
//! every field and collects every problem it finds. After validation the
//! numbers are finite, inside their scales, and every actor has a position on
//! every issue, so utilities and models cannot fail on bad data.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::error::{FieldError, FieldPath, ValidationErrors};
use crate::ids::{ActorId, IssueId};
use crate::raw::{FORMAT_VERSION, RawScenario};

/// Largest magnitude accepted for any scale value (keeps sums and products finite).
pub const MAX_ABS_VALUE: f64 = 1e12;
/// Largest capability accepted.
pub const MAX_CAPABILITY: f64 = 1e9;
/// Names outcome rules can use besides issue ids: three booleans and three maps.
pub const RULE_BUILTINS: [&str; 6] = ["agreement", "zone", "room", "agreed", "implemented", "terms"];
/// The map-valued names among [`RULE_BUILTINS`]: `agreed` and `implemented` by package id, `terms` by issue id.
pub const RULE_MAPS: [&str; 3] = ["agreed", "implemented", "terms"];

/// What an actor does at the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A party to the conflict.
    Principal,
    /// A broker between the parties.
    Mediator,
    /// Present or interested, without a stake in the deal itself.
    Observer,
}

impl Role {
    /// The file spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Principal => "principal",
            Role::Mediator => "mediator",
            Role::Observer => "observer",
        }
    }
}

/// An issue: one dimension of the outcome space, a closed interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Id.
    pub id: IssueId,
    /// Name.
    pub name: String,
    /// Lower end.
    pub min: f64,
    /// Upper end (> min).
    pub max: f64,
    /// The no-deal value.
    pub status_quo: f64,
    /// Labels along the scale, sorted by value.
    pub anchors: Vec<(f64, String)>,
    /// The value the issue was actually settled at, when known (`parley evaluate`).
    pub actual: Option<f64>,
}

impl Issue {
    /// `max − min`, always > 0.
    pub fn range(&self) -> f64 {
        self.max - self.min
    }
    /// The anchor label nearest to `x` (ties: the lower anchor).
    pub fn nearest_anchor(&self, x: f64) -> Option<&str> {
        let mut best: Option<(f64, &str)> = None;
        for (v, label) in &self.anchors {
            let d = (v - x).abs();
            if best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, label));
            }
        }
        best.map(|(_, l)| l)
    }
    /// Clamp a value into the scale.
    pub fn clamp(&self, x: f64) -> f64 {
        x.clamp(self.min, self.max)
    }
}

/// An actor.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    /// Id.
    pub id: ActorId,
    /// Name.
    pub name: String,
    /// Relative clout, in (0, MAX_CAPABILITY].
    pub capability: f64,
    /// Role.
    pub role: Role,
    /// Must it accept for a deal to be implemented?
    pub veto: bool,
    /// Delegation members.
    pub delegation: Vec<String>,
    /// Standard deviation of the capability (None: the Monte Carlo default).
    pub uncertainty: Option<f64>,
}

/// One actor's stance on one issue.
#[derive(Debug, Clone, PartialEq)]
pub struct Position {
    /// Preferred value.
    pub position: f64,
    /// Weight of the issue for the actor, 0..=1.
    pub salience: f64,
    /// Acceptable interval, inside the scale and containing `position`.
    pub accept: (f64, f64),
    /// Standard deviation of the position (None: the Monte Carlo default).
    pub uncertainty: Option<f64>,
    /// Source sentence, `inferred`, or `default` for a filled-in position.
    pub source: Arc<str>,
    /// True when the file gave no position and the default was filled in.
    pub defaulted: bool,
}

/// A stage: who sits in which room, and when.
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Start time in the venue's zone, if given.
    pub start: Option<jiff::ZonedDateTime>,
    /// Planned minutes.
    pub minutes: Option<u32>,
    /// Indices into [`Scenario::actors`].
    pub participants: Vec<usize>,
}

/// A package: issues agreed together or not at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Package {
    /// Id (a declared package's, or the issue's id for an issue in no package).
    pub id: String,
    /// Name.
    pub name: String,
    /// Indices into [`Scenario::issues`], in scenario order.
    pub issues: Vec<usize>,
    /// Declared in the file (`[[package]]`), not the default of one issue.
    pub declared: bool,
}

/// An outcome class with its CEL rule.
#[derive(Debug, Clone, PartialEq)]
pub struct OutcomeClass {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The CEL expression (checked to compile and to name only known variables).
    pub when: String,
}

/// A validated scenario.
///
/// Cloning is cheap: text and structure are shared (`Arc`); only the numbers a
/// Monte Carlo draw changes (capabilities, positions) are owned per copy.
#[derive(Debug, Clone)]
pub struct Scenario {
    id: Arc<str>,
    title: Arc<str>,
    zone: Option<Arc<str>>,
    issues: Arc<[Issue]>,
    actors: Arc<[Actor]>,
    /// Current capability per actor (the file's, or a draw's).
    capability: Vec<f64>,
    /// positions[actor][issue]
    positions: Vec<Vec<Position>>,
    stages: Arc<[Stage]>,
    outcomes: Arc<[OutcomeClass]>,
    packages: Arc<[Package]>,
    raw: Arc<RawScenario>,
}

fn valid_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn valid_ident(s: &str) -> bool {
    let mut cs = s.chars();
    matches!(cs.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
        && cs.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && s.len() <= 64
}

const CEL_RESERVED: [&str; 12] = [
    "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if",
];

struct Checker {
    errors: Vec<FieldError>,
}

/// A number as a message shows it: as written up to 15 digits, in scientific notation beyond
/// (`1e308`, not its 309 digits).
struct Num(f64);

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_finite() && self.0.abs() >= 1e15 {
            write!(f, "{:e}", self.0)
        } else {
            write!(f, "{}", self.0)
        }
    }
}

impl Checker {
    fn err(&mut self, path: FieldPath, msg: impl Into<String>) {
        self.errors.push(FieldError::new(path, msg));
    }
    /// A finite number within ±MAX_ABS_VALUE.
    fn number(&mut self, path: FieldPath, x: f64) -> bool {
        if !x.is_finite() {
            self.err(path, format!("{x} is not a finite number"));
            false
        } else if x.abs() > MAX_ABS_VALUE {
            self.err(
                path,
                format!("{} is larger in magnitude than {MAX_ABS_VALUE:e}", Num(x)),
            );
            false
        } else {
            true
        }
    }
    fn in_scale(&mut self, path: FieldPath, x: f64, issue: &Issue) -> bool {
        if !self.number(path.clone(), x) {
            return false;
        }
        if x < issue.min || x > issue.max {
            self.err(
                path,
                format!(
                    "{x} is outside the scale {}..={} of issue `{}`",
                    issue.min, issue.max, issue.id
                ),
            );
            return false;
        }
        true
    }
    fn sigma(&mut self, path: FieldPath, s: Option<f64>) {
        if let Some(s) = s
            && self.number(path.clone(), s)
            && s < 0.0
        {
            self.err(path, format!("{s} is negative; a standard deviation is >= 0"));
        }
    }
}

/// Parse a stage start: a zoned timestamp, or a civil time with a zone. With a zone, a
/// start that names its own moment (a zone annotation, or an offset) is that moment shown in
/// the zone; only a civil time is read as a wall-clock time there. (The civil parser accepts
/// and drops an offset or annotation, so it is tried last.)
pub fn parse_start(start: &str, zone: Option<&str>) -> Result<jiff::ZonedDateTime, String> {
    if let Some(z) = zone {
        let tz = jiff::tz::TimeZone::get(z).map_err(|e| format!("unknown time zone `{z}`: {e}"))?;
        if let Ok(zoned) = start.parse::<jiff::ZonedDateTime>() {
            return Ok(zoned.with_time_zone(tz));
        }
        if let Ok(ts) = start.parse::<jiff::Timestamp>() {
            return Ok(ts.to_zoned_datetime(tz));
        }
        let dt: jiff::civil::DateTime = start
            .parse()
            .map_err(|e| format!("`{start}` is not a date-time: {e}"))?;
        return dt.to_zoned_datetime(tz).map_err(|e| format!("`{start}` in `{z}`: {e}"));
    }
    start.parse::<jiff::ZonedDateTime>().map_err(|e| {
        format!(
            "`{start}` is not a zoned date-time like 2025-08-15T11:30:00-08:00[America/Anchorage] \
             (or give `zone`): {e}"
        )
    })
}

impl Scenario {
    /// Validate a raw scenario, collecting every problem.
    pub fn from_raw(raw: RawScenario) -> Result<Self, ValidationErrors> {
        let mut c = Checker { errors: Vec::new() };
        let root = FieldPath::root();
        if raw.format != FORMAT_VERSION {
            c.err(
                root.key("format"),
                format!(
                    "format {} is not supported; this build reads format {FORMAT_VERSION}",
                    raw.format
                ),
            );
        }
        let meta = root.key("scenario");
        if !valid_id(&raw.scenario.id) {
            c.err(
                meta.key("id"),
                format!(
                    "`{}` is not an id (letters, digits, - and _, at most 64)",
                    raw.scenario.id
                ),
            );
        }
        if let Some(z) = &raw.scenario.zone
            && let Err(e) = jiff::tz::TimeZone::get(z)
        {
            c.err(meta.key("zone"), format!("unknown time zone `{z}`: {e}"));
        }

        // Issues.
        let mut issues = Vec::new();
        let mut issue_ix: HashMap<&str, usize> = HashMap::new();
        let mut broken_issues: HashSet<&str> = HashSet::new();
        if raw.issues.is_empty() {
            c.err(
                root.key("issue"),
                "the scenario has no issues; add at least one [[issue]]",
            );
        }
        for (i, ri) in raw.issues.iter().enumerate() {
            let p = root.key("issue").index(i);
            let mut dup = false;
            if !valid_ident(&ri.id) || CEL_RESERVED.contains(&ri.id.as_str()) || RULE_BUILTINS.contains(&ri.id.as_str())
            {
                c.err(p.key("id"), format!("`{}` is not a valid issue id: use lower-case letters, digits and _ (it is a variable in outcome rules), not a reserved word", ri.id));
            } else if issue_ix.contains_key(ri.id.as_str()) {
                c.err(p.key("id"), format!("duplicate issue id `{}`", ri.id));
                dup = true;
            }
            let ok_min = c.number(p.key("min"), ri.min);
            let ok_max = c.number(p.key("max"), ri.max);
            if ok_min && ok_max && ri.min >= ri.max {
                c.err(
                    p.key("max"),
                    format!("max {} must be greater than min {}", ri.max, ri.min),
                );
            }
            if !(ok_min && ok_max && ri.min < ri.max) {
                // Positions on this issue cannot be checked; do not report them as unknown.
                broken_issues.insert(ri.id.as_str());
                continue;
            }
            let mut issue = Issue {
                id: IssueId::new(&ri.id),
                name: ri.name.clone(),
                min: ri.min,
                max: ri.max,
                status_quo: ri.status_quo,
                anchors: Vec::new(),
                actual: ri.actual,
            };
            c.in_scale(p.key("status_quo"), ri.status_quo, &issue);
            if let Some(a) = ri.actual {
                c.in_scale(p.key("actual"), a, &issue);
            }
            for (k, label) in &ri.anchors {
                match k.trim().parse::<f64>() {
                    Ok(v) if v.is_finite() && v >= ri.min && v <= ri.max => issue.anchors.push((v, label.clone())),
                    _ => c.err(
                        p.key("anchors").key(k),
                        format!("anchor key `{k}` is not a number on the scale {}..={}", ri.min, ri.max),
                    ),
                }
            }
            issue.anchors.sort_by(|a, b| a.0.total_cmp(&b.0));
            if !dup {
                issue_ix.insert(&ri.id, issues.len());
                issues.push(issue);
            }
        }

        // Actors.
        let mut actors = Vec::new();
        let mut actor_ix: HashMap<&str, usize> = HashMap::new();
        if raw.actors.is_empty() {
            c.err(
                root.key("actor"),
                "the scenario has no actors; add at least one [[actor]]",
            );
        }
        for (i, ra) in raw.actors.iter().enumerate() {
            let p = root.key("actor").index(i);
            let mut dup = false;
            if !valid_id(&ra.id) {
                c.err(
                    p.key("id"),
                    format!("`{}` is not an id (letters, digits, - and _, at most 64)", ra.id),
                );
            } else if actor_ix.contains_key(ra.id.as_str()) {
                c.err(p.key("id"), format!("duplicate actor id `{}`", ra.id));
                dup = true;
            }
            // Finite first; then one range, whatever the size (not the general ±1e12 bound).
            if !ra.capability.is_finite() {
                c.number(p.key("capability"), ra.capability);
            } else if ra.capability <= 0.0 || ra.capability > MAX_CAPABILITY {
                c.err(
                    p.key("capability"),
                    format!(
                        "{} is outside (0, {MAX_CAPABILITY:e}]; capability is a positive relative weight",
                        Num(ra.capability)
                    ),
                );
            }
            let role = match ra.role.as_deref() {
                None | Some("principal") => Role::Principal,
                Some("mediator") => Role::Mediator,
                Some("observer") => Role::Observer,
                Some(other) => {
                    c.err(
                        p.key("role"),
                        format!("`{other}` is not a role; use principal, mediator or observer"),
                    );
                    Role::Observer
                }
            };
            c.sigma(p.key("uncertainty"), ra.uncertainty);
            if dup {
                continue;
            }
            actor_ix.insert(&ra.id, actors.len());
            actors.push(Actor {
                id: ActorId::new(&ra.id),
                name: ra.name.clone(),
                capability: ra.capability,
                role,
                veto: ra.veto.unwrap_or(role == Role::Principal),
                delegation: ra.delegation.clone(),
                uncertainty: ra.uncertainty,
            });
        }

        // Positions: defaults first, then the file's entries.
        let mut positions: Vec<Vec<Option<Position>>> = vec![vec![None; issues.len()]; actors.len()];
        for (i, rp) in raw.positions.iter().enumerate() {
            let p = root.key("position").index(i);
            let a = actor_ix.get(rp.actor.as_str()).copied();
            let k = issue_ix.get(rp.issue.as_str()).copied();
            if a.is_none() {
                c.err(p.key("actor"), format!("unknown actor `{}`", rp.actor));
            }
            if k.is_none() && !broken_issues.contains(rp.issue.as_str()) {
                c.err(p.key("issue"), format!("unknown issue `{}`", rp.issue));
            }
            let (Some(a), Some(k)) = (a, k) else { continue };
            let (Some(issue), true) = (issues.get(k), a < actors.len()) else {
                continue;
            };
            if positions[a][k].is_some() {
                c.err(p, format!("duplicate position of `{}` on `{}`", rp.actor, rp.issue));
                continue;
            }
            let mut ok = c.in_scale(p.key("position"), rp.position, issue);
            if c.number(p.key("salience"), rp.salience) && !(0.0..=1.0).contains(&rp.salience) {
                c.err(p.key("salience"), format!("{} is outside 0..=1", rp.salience));
                ok = false;
            }
            c.sigma(p.key("uncertainty"), rp.uncertainty);
            let accept = match (rp.red_line, rp.accept) {
                (Some(_), Some(_)) => {
                    c.err(p.key("accept"), "give either red_line or accept, not both");
                    None
                }
                (Some(r), None) => {
                    if c.in_scale(p.key("red_line"), r, issue) {
                        // A red line on the actor's own position leaves no side to accept:
                        // the actor accepts that value only (position 0, red line 0 = "only 0").
                        Some(if r == rp.position {
                            (r, r)
                        } else if r < rp.position {
                            (r, issue.max)
                        } else {
                            (issue.min, r)
                        })
                    } else {
                        None
                    }
                }
                (None, Some([lo, hi])) => {
                    let okl = c.in_scale(p.key("accept"), lo, issue);
                    let okh = c.in_scale(p.key("accept"), hi, issue);
                    if okl && okh && lo > hi {
                        c.err(p.key("accept"), format!("[{lo}, {hi}] is empty: lo must be <= hi"));
                        None
                    } else if okl && okh && (rp.position < lo || rp.position > hi) {
                        c.err(p.key("accept"), format!("[{lo}, {hi}] does not contain the actor's own position {}; the accept range is on the wrong side", rp.position));
                        None
                    } else {
                        Some((lo, hi))
                    }
                }
                (None, None) => Some((issue.min, issue.max)),
            };
            let (true, Some(accept)) = (ok, accept) else { continue };
            positions[a][k] = Some(Position {
                position: rp.position,
                salience: rp.salience,
                accept,
                uncertainty: rp.uncertainty,
                source: rp.source.as_deref().unwrap_or("inferred").into(),
                defaulted: false,
            });
        }

        // Stages.
        let mut stages = Vec::new();
        let mut stage_ids = HashSet::new();
        for (i, rs) in raw.stages.iter().enumerate() {
            let p = root.key("stage").index(i);
            if !valid_id(&rs.id) {
                c.err(p.key("id"), format!("`{}` is not an id", rs.id));
            } else if !stage_ids.insert(rs.id.as_str()) {
                c.err(p.key("id"), format!("duplicate stage id `{}`", rs.id));
            }
            let mut participants = Vec::new();
            for (j, who) in rs.participants.iter().enumerate() {
                match actor_ix.get(who.as_str()) {
                    Some(&a) if participants.contains(&a) => {
                        c.err(p.key("participants").index(j), format!("`{who}` is listed twice"))
                    }
                    Some(&a) => participants.push(a),
                    None => c.err(p.key("participants").index(j), format!("unknown actor `{who}`")),
                }
            }
            let start = match &rs.start {
                Some(s) => match parse_start(s, rs.zone.as_deref()) {
                    Ok(z) => Some(z),
                    Err(e) => {
                        let field = if e.starts_with("unknown time zone") {
                            "zone"
                        } else {
                            "start"
                        };
                        c.err(p.key(field), e);
                        None
                    }
                },
                None => {
                    if let Some(z) = &rs.zone
                        && let Err(e) = jiff::tz::TimeZone::get(z)
                    {
                        c.err(p.key("zone"), format!("unknown time zone `{z}`: {e}"));
                    }
                    None
                }
            };
            stages.push(Stage {
                id: rs.id.clone(),
                name: rs.name.clone(),
                start,
                minutes: rs.minutes,
                participants,
            });
        }

        // Packages: declared ones first, then one per issue in none.
        let mut packages: Vec<Package> = Vec::new();
        let mut package_of: Vec<Option<usize>> = vec![None; issues.len()];
        let mut package_ids = HashSet::new();
        for (i, rp) in raw.packages.iter().enumerate() {
            let p = root.key("package").index(i);
            if !valid_ident(&rp.id) || CEL_RESERVED.contains(&rp.id.as_str()) {
                c.err(p.key("id"), format!("`{}` is not a valid package id: use lower-case letters, digits and _ (it is a field name in outcome rules: agreed.{})", rp.id, rp.id));
            } else if !package_ids.insert(rp.id.as_str()) {
                c.err(p.key("id"), format!("duplicate package id `{}`", rp.id));
            }
            if rp.issues.is_empty() {
                c.err(p.key("issues"), "a package needs at least one issue");
            }
            let mut members = Vec::new();
            for (j, iid) in rp.issues.iter().enumerate() {
                match issue_ix.get(iid.as_str()) {
                    Some(&k) if members.contains(&k) => {
                        c.err(p.key("issues").index(j), format!("`{iid}` is listed twice"))
                    }
                    Some(&k) => match package_of[k] {
                        Some(other) => c.err(
                            p.key("issues").index(j),
                            format!(
                                "issue `{iid}` is already in package `{}`; an issue belongs to one package",
                                packages[other].id
                            ),
                        ),
                        None => {
                            package_of[k] = Some(packages.len());
                            members.push(k);
                        }
                    },
                    None if broken_issues.contains(iid.as_str()) => {}
                    None => c.err(p.key("issues").index(j), format!("unknown issue `{iid}`")),
                }
            }
            members.sort_unstable();
            packages.push(Package {
                id: rp.id.clone(),
                name: rp.name.clone(),
                issues: members,
                declared: true,
            });
        }
        for (k, issue) in issues.iter().enumerate() {
            if package_of[k].is_some() {
                continue;
            }
            if let Some(i) = raw.packages.iter().position(|rp| rp.id == issue.id.as_str()) {
                c.err(
                    root.key("package").index(i).key("id"),
                    format!("package id `{}` is the id of an issue outside it; issues in no package are packages of their own under their id", issue.id),
                );
            }
            packages.push(Package {
                id: issue.id.to_string(),
                name: issue.name.clone(),
                issues: vec![k],
                declared: false,
            });
        }

        // Ensemble weights: numbers here; model ids are checked where models are built.
        if let Some(e) = &raw.ensemble {
            for (m, &w) in &e.weights {
                let p = root.key("ensemble").key("weights").key(m);
                if c.number(p.clone(), w) && w < 0.0 {
                    c.err(p, format!("{w} is negative; a weight is >= 0"));
                }
            }
            if !e.weights.is_empty() && e.weights.values().all(|&w| w == 0.0) {
                c.err(
                    root.key("ensemble").key("weights"),
                    "every weight is 0: the ensemble would combine nothing (leave `weights` out for equal weights)",
                );
            }
        }

        // Outcome classes.
        let mut outcomes = Vec::new();
        let mut outcome_ids = HashSet::new();
        for (i, ro) in raw.outcomes.iter().enumerate() {
            let p = root.key("outcome").index(i);
            if !valid_id(&ro.id) {
                c.err(p.key("id"), format!("`{}` is not an id", ro.id));
            } else if !outcome_ids.insert(ro.id.as_str()) {
                c.err(p.key("id"), format!("duplicate outcome id `{}`", ro.id));
            }
            // With an issue that did not validate, rules naming it (or its package) would
            // only repeat that error; they are checked once the issues are right.
            let checked = if broken_issues.is_empty() {
                on_big_stack(|| check_rule(&ro.when, &issue_ix, &issues, &packages)).and_then(|r| r)
            } else {
                Ok(())
            };
            if let Err(e) = checked {
                c.err(p.key("when"), e);
            }
            outcomes.push(OutcomeClass {
                id: ro.id.clone(),
                name: ro.name.clone(),
                when: ro.when.clone(),
            });
        }

        // Variants: ids only (their content is checked when applied).
        let mut variant_ids = HashSet::new();
        for (i, rv) in raw.variants.iter().enumerate() {
            if !valid_id(&rv.id) {
                c.err(
                    root.key("variant").index(i).key("id"),
                    format!("`{}` is not an id", rv.id),
                );
            } else if !variant_ids.insert(rv.id.as_str()) {
                c.err(
                    root.key("variant").index(i).key("id"),
                    format!("duplicate variant id `{}`", rv.id),
                );
            }
        }

        if !c.errors.is_empty() {
            return Err(ValidationErrors(c.errors));
        }
        let positions = positions
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .zip(&issues)
                    .map(|(p, issue)| {
                        p.unwrap_or_else(|| Position {
                            position: issue.status_quo,
                            salience: 0.0,
                            accept: (issue.min, issue.max),
                            uncertainty: Some(0.0),
                            source: "default".into(),
                            defaulted: true,
                        })
                    })
                    .collect()
            })
            .collect();
        Ok(Scenario {
            id: raw.scenario.id.as_str().into(),
            title: raw.scenario.title.as_str().into(),
            zone: raw.scenario.zone.as_deref().map(Into::into),
            issues: issues.into(),
            capability: actors.iter().map(|a| a.capability).collect(),
            actors: actors.into(),
            positions,
            stages: stages.into(),
            outcomes: outcomes.into(),
            packages: packages.into(),
            raw: Arc::new(raw),
        })
    }

    /// Scenario id.
    pub fn id(&self) -> &str {
        &self.id
    }
    /// Title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The venue's zone: `[scenario].zone`, else the first timed stage's.
    pub fn venue_zone(&self) -> Option<jiff::tz::TimeZone> {
        if let Some(z) = &self.zone {
            return jiff::tz::TimeZone::get(z).ok();
        }
        self.stages
            .iter()
            .find_map(|s| s.start.as_ref().map(|z| z.time_zone().clone()))
    }
    /// Issues, in file order.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }
    /// Actors, in file order.
    pub fn actors(&self) -> &[Actor] {
        &self.actors
    }
    /// The position of actor `a` on issue `k` (indices).
    pub fn position(&self, a: usize, k: usize) -> &Position {
        &self.positions[a][k]
    }
    /// Stages in order.
    pub fn stages(&self) -> &[Stage] {
        &self.stages
    }
    /// Outcome classes in order.
    pub fn outcomes(&self) -> &[OutcomeClass] {
        &self.outcomes
    }
    /// Packages: the declared ones in file order, then one per issue in no package.
    pub fn packages(&self) -> &[Package] {
        &self.packages
    }
    /// Ensemble weights from `[ensemble] weights` (None: equal weights).
    pub fn ensemble_weights(&self) -> Option<&std::collections::BTreeMap<String, f64>> {
        self.raw.ensemble.as_ref().map(|e| &e.weights).filter(|w| !w.is_empty())
    }
    /// The file this scenario was validated from.
    pub fn raw(&self) -> &RawScenario {
        &self.raw
    }
    /// Index of an actor id.
    pub fn actor_index(&self, id: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.id.as_str() == id)
    }
    /// Index of an issue id.
    pub fn issue_index(&self, id: &str) -> Option<usize> {
        self.issues.iter().position(|i| i.id.as_str() == id)
    }
    /// Indices of the veto players.
    pub fn veto_players(&self) -> Vec<usize> {
        (0..self.actors.len()).filter(|&a| self.actors[a].veto).collect()
    }
    /// Capability of actor `a` (the file's, or a draw's).
    pub fn capability(&self, a: usize) -> f64 {
        self.capability[a]
    }
    /// Set actor `a`'s capability (Monte Carlo draws), clamped into (0, MAX_CAPABILITY].
    pub fn set_capability(&mut self, a: usize, c: f64) {
        if let Some(slot) = self.capability.get_mut(a) {
            *slot = if c.is_finite() {
                c.clamp(1e-9, MAX_CAPABILITY)
            } else {
                *slot
            };
        }
    }
    /// Set actor `a`'s position, salience and accept interval on issue `k` (Monte Carlo draws);
    /// values are clamped into the scale and 0..=1, and the interval is ordered.
    pub fn set_position(&mut self, a: usize, k: usize, position: f64, salience: f64, accept: (f64, f64)) {
        let Some(issue) = self.issues.get(k) else { return };
        let (lo, hi) = (issue.clamp(accept.0), issue.clamp(accept.1));
        if let Some(p) = self.positions.get_mut(a).and_then(|row| row.get_mut(k)) {
            if position.is_finite() {
                p.position = issue.clamp(position);
            }
            if salience.is_finite() {
                p.salience = salience.clamp(0.0, 1.0);
            }
            if lo.is_finite() && hi.is_finite() {
                p.accept = (lo.min(hi), lo.max(hi));
            }
        }
    }
    /// Model parameters from `[model.ID]`.
    pub fn model_params(&self, model: &str) -> Option<&serde_json::Map<String, serde_json::Value>> {
        self.raw.model.get(model)
    }
    /// The no-deal outcome: every issue at its status quo.
    pub fn status_quo(&self) -> Vec<f64> {
        self.issues.iter().map(|i| i.status_quo).collect()
    }
}

/// How a rule uses the maps of [`RULE_MAPS`]: the `map.field` selections, and the maps
/// it uses whole (indexed, iterated or passed on), whose every entry must then be present.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MapRefs {
    /// `(map, field)` for every `map.field`.
    pub fields: Vec<(String, String)>,
    /// Maps used other than by `map.field`.
    pub whole: Vec<String>,
}

/// The map uses of a compiled rule.
pub fn map_refs(program: &cel::Program) -> MapRefs {
    let mut out = MapRefs::default();
    walk_maps(program.expression(), &mut out);
    out
}

fn walk_maps(e: &cel::common::ast::IdedExpr, out: &mut MapRefs) {
    use cel::common::ast::{EntryExpr, Expr};
    match &e.expr {
        Expr::Select(sel) => match &sel.operand.expr {
            Expr::Ident(name) if RULE_MAPS.contains(&name.as_str()) => {
                out.fields.push((name.clone(), sel.field.clone()));
            }
            _ => walk_maps(&sel.operand, out),
        },
        Expr::Ident(name) => {
            if RULE_MAPS.contains(&name.as_str()) && !out.whole.contains(name) {
                out.whole.push(name.clone());
            }
        }
        Expr::Call(call) => {
            if let Some(t) = &call.target {
                walk_maps(t, out);
            }
            for a in &call.args {
                walk_maps(a, out);
            }
        }
        Expr::Comprehension(c) => {
            for x in [&c.iter_range, &c.accu_init, &c.loop_cond, &c.loop_step, &c.result] {
                walk_maps(x, out);
            }
        }
        Expr::List(l) => l.elements.iter().for_each(|x| walk_maps(x, out)),
        Expr::Map(m) => {
            for entry in &m.entries {
                match &entry.expr {
                    EntryExpr::StructField(f) => walk_maps(&f.value, out),
                    EntryExpr::MapEntry(me) => {
                        walk_maps(&me.key, out);
                        walk_maps(&me.value, out);
                    }
                }
            }
        }
        Expr::Struct(st) => {
            for entry in &st.entries {
                if let EntryExpr::StructField(f) = &entry.expr {
                    walk_maps(&f.value, out);
                }
            }
        }
        Expr::Unspecified | Expr::Literal(_) => {}
    }
}

/// Longest outcome rule accepted, in bytes.
pub const MAX_RULE_BYTES: usize = 2_000;
/// Deepest outcome rule accepted: levels of the parsed expression tree.
pub const MAX_RULE_DEPTH: usize = 32;
/// Stack of the thread that parses a rule: CEL's generated parser recurses deeply
/// (tens of kilobytes per nesting level in debug builds), so parsing runs on its own big stack.
const PARSE_STACK: usize = 32 * 1024 * 1024;

/// Depth of the deepest entry of a map or struct literal.
fn entries_depth(entries: &[cel::common::ast::IdedEntryExpr]) -> usize {
    use cel::common::ast::EntryExpr;
    entries
        .iter()
        .map(|e| match &e.expr {
            EntryExpr::StructField(f) => depth(&f.value),
            EntryExpr::MapEntry(me) => depth(&me.key).max(depth(&me.value)),
        })
        .max()
        .unwrap_or(0)
}

fn depth(e: &cel::common::ast::IdedExpr) -> usize {
    use cel::common::ast::Expr;
    1 + match &e.expr {
        Expr::Select(sel) => depth(&sel.operand),
        Expr::Call(call) => call
            .target
            .iter()
            .map(|t| depth(t))
            .chain(call.args.iter().map(depth))
            .max()
            .unwrap_or(0),
        Expr::Comprehension(c) => [&c.iter_range, &c.accu_init, &c.loop_cond, &c.loop_step, &c.result]
            .into_iter()
            .map(depth)
            .max()
            .unwrap_or(0),
        Expr::List(l) => l.elements.iter().map(depth).max().unwrap_or(0),
        Expr::Map(m) => entries_depth(&m.entries),
        Expr::Struct(st) => entries_depth(&st.entries),
        Expr::Unspecified | Expr::Ident(_) | Expr::Literal(_) => 0,
    }
}

/// Run `f` on a thread with a stack big enough for CEL's parser on any rule within the limits.
fn on_big_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Result<T, String> {
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("parley-rule".into())
            .stack_size(PARSE_STACK)
            .spawn_scoped(scope, f)
            .map_err(|e| format!("cannot start the rule parser: {e}"))?
            .join()
            .map_err(|_| "the rule parser failed".to_string())
    })
}

/// Longest rule quoted whole in a message.
const SHOWN_RULE_CHARS: usize = 120;

/// A rule as quoted in messages: whole when short, else its start and end.
fn shown(rule: &str) -> String {
    let n = rule.chars().count();
    if n <= SHOWN_RULE_CHARS {
        return rule.to_owned();
    }
    let head: String = rule.chars().take(60).collect();
    let tail: String = rule.chars().skip(n - 40).collect();
    format!("{head} … {tail}")
}

/// Compile an outcome rule within the limits: at most [`MAX_RULE_BYTES`] bytes, checked
/// before parsing, and at most [`MAX_RULE_DEPTH`] levels deep, so that neither parsing nor
/// evaluation can exhaust a stack.
pub fn compile_rule(rule: &str) -> Result<cel::Program, String> {
    if rule.len() > MAX_RULE_BYTES {
        return Err(format!(
            "the rule is {} bytes long; the limit is {MAX_RULE_BYTES}",
            rule.len()
        ));
    }
    on_big_stack(|| {
        let program = cel::Program::compile(rule).map_err(|e| {
            // CEL's message repeats the rule with a caret under the error: keep it for short
            // rules, only its first line for long ones.
            let e = e.to_string();
            let e = if rule.len() > SHOWN_RULE_CHARS {
                e.lines().next().unwrap_or_default().to_owned()
            } else {
                e
            };
            format!("`{}` does not parse as CEL: {e}", shown(rule))
        })?;
        let d = depth(program.expression());
        if d > MAX_RULE_DEPTH {
            return Err(format!("the rule nests {d} levels deep; the limit is {MAX_RULE_DEPTH}"));
        }
        Ok(program)
    })?
}

/// Check that a CEL rule compiles, names only issue ids, the builtins and known
/// package or issue fields of the maps, and evaluates to a boolean.
fn check_rule(
    rule: &str,
    issues: &HashMap<&str, usize>,
    issue_list: &[Issue],
    packages: &[Package],
) -> Result<(), String> {
    let program = compile_rule(rule)?;
    let refs = program.references();
    let mut unknown: Vec<&str> = refs
        .variables()
        .into_iter()
        .filter(|v| !issues.contains_key(v) && !RULE_BUILTINS.contains(v))
        .collect();
    unknown.sort_unstable();
    let mut issue_ids: Vec<&str> = issues.keys().copied().collect();
    issue_ids.sort_unstable();
    let package_ids: Vec<&str> = packages.iter().map(|p| p.id.as_str()).collect();
    if !unknown.is_empty() {
        return Err(format!(
            "`{}` names unknown variable(s) {}; known: {}, {}",
            shown(rule),
            unknown.join(", "),
            issue_ids.join(", "),
            RULE_BUILTINS.join(", ")
        ));
    }
    let refs_maps = map_refs(&program);
    for (map, field) in &refs_maps.fields {
        let (known, what) = if map == "terms" {
            (issue_ids.clone(), "issue")
        } else {
            (package_ids.clone(), "package")
        };
        if !known.contains(&field.as_str()) {
            return Err(format!(
                "`{}`: `{map}.{field}` names no {what}; {what}s: {}",
                shown(rule),
                known.join(", ")
            ));
        }
    }
    trial_runs(rule, &program, &refs.variables(), &refs_maps, issue_list, &package_ids)
}

/// Most flag combinations tried per rule; beyond it, a fixed pseudo-random sample.
const MAX_TRIAL_COMBOS: usize = 256;

/// Trial runs catch rules that parse but cannot evaluate (a number compared with a string,
/// a float added to an int) before any model runs. CEL evaluates only the branch a flag
/// selects, so every combination of the flags the rule reads is tried (a fixed sample of
/// [`MAX_TRIAL_COMBOS`] when there are more than 8), each with every issue and term at its
/// status quo, at its scale's lower end and at its upper end.
fn trial_runs(
    rule: &str,
    program: &cel::Program,
    variables: &[&str],
    maps: &MapRefs,
    issues: &[Issue],
    package_ids: &[&str],
) -> Result<(), String> {
    // The flags the rule reads: globals, then `agreed.P` / `implemented.P` entries.
    let mut flags: Vec<(&str, Option<&str>)> = ["agreement", "zone", "room"]
        .into_iter()
        .filter(|g| variables.contains(g))
        .map(|g| (g, None))
        .collect();
    for map in ["agreed", "implemented"] {
        if maps.whole.iter().any(|m| m == map) {
            flags.extend(package_ids.iter().map(|p| (map, Some(*p))));
        } else {
            for (m, f) in &maps.fields {
                if m == map && !flags.contains(&(map, Some(f.as_str()))) {
                    flags.push((map, Some(f.as_str())));
                }
            }
        }
    }
    let combos: Vec<u64> = if flags.len() <= 8 {
        (0..1u64 << flags.len()).collect()
    } else {
        // All false, all true, then a fixed splitmix64 sequence.
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        let mut v = vec![0, u64::MAX];
        while v.len() < MAX_TRIAL_COMBOS {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            v.push(z ^ (z >> 31));
        }
        v
    };
    let points: [fn(&Issue) -> f64; 3] = [|i| i.status_quo, |i| i.min, |i| i.max];
    for at in points {
        for &bits in &combos {
            let on = |k: usize| k < 64 && bits >> k & 1 == 1;
            let mut ctx = cel::Context::default();
            let mut terms = HashMap::new();
            for i in issues {
                ctx.add_variable_from_value(i.id.to_string(), cel::Value::Float(at(i)));
                terms.insert(i.id.to_string(), cel::Value::Float(at(i)));
            }
            ctx.add_variable_from_value("terms", terms);
            let mut agreed: HashMap<String, cel::Value> = package_ids
                .iter()
                .map(|p| (p.to_string(), cel::Value::Bool(false)))
                .collect();
            let mut implemented = agreed.clone();
            for g in ["agreement", "zone", "room"] {
                ctx.add_variable_from_value(g, cel::Value::Bool(false));
            }
            for (k, (name, field)) in flags.iter().enumerate() {
                let v = cel::Value::Bool(on(k));
                match field {
                    None => ctx.add_variable_from_value(*name, v),
                    Some(f) if *name == "agreed" => {
                        agreed.insert(f.to_string(), v);
                    }
                    Some(f) => {
                        implemented.insert(f.to_string(), v);
                    }
                }
            }
            ctx.add_variable_from_value("agreed", agreed);
            ctx.add_variable_from_value("implemented", implemented);
            match program.execute(&ctx) {
                Ok(cel::Value::Bool(_)) => {}
                Ok(other) => return Err(format!("`{}` gives {other:?}, not true or false", shown(rule))),
                Err(e) => {
                    let set: Vec<String> = flags
                        .iter()
                        .enumerate()
                        .map(|(k, (n, f))| {
                            let name = f.map_or(n.to_string(), |f| format!("{n}.{f}"));
                            format!("{name} = {}", on(k))
                        })
                        .collect();
                    let when = if set.is_empty() {
                        String::new()
                    } else {
                        format!(" when {}", set.join(", "))
                    };
                    let e = e.to_string();
                    let hint = if e.contains("Int(") {
                        "; numbers in rules are decimals: write 10.0, not 10"
                    } else {
                        ""
                    };
                    return Err(format!("`{}` cannot be evaluated{when}: {e}{hint}", shown(rule)));
                }
            }
        }
    }
    Ok(())
}
