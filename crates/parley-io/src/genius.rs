//! GENIUS negotiation domains (the XML of the GENIUS platform and the ANAC competitions).
//!
//! A domain is a folder: one *domain* file (root `negotiation_template`) lists the issues and
//! their values; each *profile* file (root `utility_space`) gives one party's issue weights,
//! an evaluation per value, and optionally a reservation value and a discount factor.
//! Discrete issues list their values as `item` elements; integer issues give `lowerbound`
//! and `upperbound`, and profiles score them with a linear `evaluator` (`slope`, `offset`).
//!
//! Two conventions for reading the evaluations, which order outcomes differently:
//! - [`Convention::Negmas`] (NegMAS's loader): an evaluation counts as written, so
//!   `u = Σ_k w_k e_k(v)`.
//! - [`Convention::Genius`] (GENIUS's `EvaluatorDiscrete`): each discrete evaluation is
//!   divided by the largest evaluation on its issue, so every issue scores in [0, 1].
//!
//! A folder without a GENIUS domain file but with GeniusWeb profiles (`*.json`, each holding
//! its domain) is read as GeniusWeb ([`read_geniusweb`]).
//!
//! Constraint-based ("nonlinear", ANAC 2014) utility spaces are not linear-additive and
//! are refused with that reason. Every problem is reported with the file, the line, the
//! element and what is wrong.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use parley_negotiation::{Issue, LinearAdditive, OutcomeSpace};
use quick_xml::events::{BytesStart, Event};

use crate::load::{Diagnostic, LoadError};

/// How GENIUS evaluations are read (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Convention {
    /// Evaluations as written (NegMAS).
    #[default]
    Negmas,
    /// Each discrete issue's evaluations divided by their maximum (GENIUS).
    Genius,
}

impl Convention {
    /// `negmas` or `genius`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Negmas => "negmas",
            Self::Genius => "genius",
        }
    }
}

/// A domain folder, read.
#[derive(Debug, Clone)]
pub struct Domain {
    /// The domain file.
    pub domain_file: PathBuf,
    /// The outcome space.
    pub space: OutcomeSpace,
    /// One utility function per profile file, in file-name order (each named by its file
    /// name without `.xml`).
    pub profiles: Vec<LinearAdditive>,
    /// The profile files, in the same order.
    pub profile_files: Vec<PathBuf>,
    /// The convention the evaluations were read with.
    pub convention: Convention,
}

/// One XML element as read: its name, attributes, line, and the innermost enclosing `issue`.
#[derive(Debug, Clone)]
struct Elem {
    name: String,
    attrs: Vec<(String, String)>,
    line: usize,
    issue: Option<usize>,
}

impl Elem {
    fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }
}

fn diag(file: &Path, line: Option<usize>, field: &str, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        file: file.display().to_string(),
        location: line.map(|l| (l, 1)),
        field: Some(field.into()),
        message: message.into(),
    }
}

fn line_of(text: &str, pos: u64) -> usize {
    let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(text.len());
    text.as_bytes()[..pos].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Every element of an XML text, in document order (the root first).
fn elements(file: &Path, text: &str) -> Result<Vec<Elem>, Diagnostic> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut out: Vec<Elem> = Vec::new();
    // Open elements: index into `out`.
    let mut open: Vec<usize> = Vec::new();
    loop {
        let pos = reader.buffer_position();
        let ev = reader.read_event().map_err(|e| {
            let at = line_of(text, reader.error_position());
            diag(file, Some(at), "xml", format!("not well-formed XML: {e}"))
        })?;
        let read = |e: &BytesStart<'_>, out: &[Elem], open: &[usize]| -> Result<Elem, Diagnostic> {
            let line = line_of(text, pos);
            let name = e.name().as_ref().to_string();
            let mut attrs = Vec::new();
            for a in e.attributes() {
                let a = a.map_err(|err| diag(file, Some(line), &name, format!("a bad attribute: {err}")))?;
                let key = a.key.as_ref().to_string();
                let value = a
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|err| diag(file, Some(line), &name, format!("attribute `{key}`: {err}")))?
                    .into_owned();
                attrs.push((key, value));
            }
            let issue = open.iter().rev().copied().find(|&i| out[i].name == "issue");
            Ok(Elem {
                name,
                attrs,
                line,
                issue,
            })
        };
        match ev {
            Event::Start(e) => {
                let el = read(&e, &out, &open)?;
                out.push(el);
                open.push(out.len() - 1);
            }
            Event::Empty(e) => {
                let el = read(&e, &out, &open)?;
                out.push(el);
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// A profile's discount factor as written: 0 is none (GENIUS writes it so), (0, 1] itself,
/// anything else refused (None).
fn discount_factor(d: f64) -> Option<f64> {
    if d == 0.0 {
        Some(1.0)
    } else {
        (d > 0.0 && d <= 1.0).then_some(d)
    }
}

/// The end of the message for a discount factor [`discount_factor`] refuses.
const DISCOUNT_RANGE: &str = ": a discount factor is in (0, 1], or 0 for none";

/// The first few of `values`, for a message.
fn some_values(values: &[String]) -> String {
    let mut out = values.iter().take(6).map(String::as_str).collect::<Vec<_>>().join(", ");
    if values.len() > 6 {
        out.push_str(&format!(", … {} in all", values.len()));
    }
    out
}

fn number(file: &Path, el: &Elem, key: &str) -> Result<f64, Diagnostic> {
    let raw = el
        .attr(key)
        .ok_or_else(|| diag(file, Some(el.line), &el.name, format!("`{key}` is missing")))?;
    raw.trim().parse::<f64>().ok().filter(|v| v.is_finite()).ok_or_else(|| {
        diag(
            file,
            Some(el.line),
            &el.name,
            format!("`{key}` = `{raw}` is not a finite number"),
        )
    })
}

fn integer(file: &Path, el: &Elem, key: &str) -> Result<i64, Diagnostic> {
    let raw = el
        .attr(key)
        .ok_or_else(|| diag(file, Some(el.line), &el.name, format!("`{key}` is missing")))?;
    raw.trim().parse::<i64>().map_err(|_| {
        diag(
            file,
            Some(el.line),
            &el.name,
            format!("`{key}` = `{raw}` is not a whole number"),
        )
    })
}

fn kind(el: &Elem) -> &str {
    el.attr("type")
        .or_else(|| el.attr("vtype"))
        .or_else(|| el.attr("etype"))
        .unwrap_or("discrete")
}

/// An issue of the domain file, with what a profile needs to score it.
#[derive(Debug, Clone)]
struct DomainIssue {
    name: String,
    index: Option<String>,
    /// Integer issues: the lower bound.
    lower: Option<i64>,
    issue: Issue,
}

fn read_domain(file: &Path, els: &[Elem]) -> Result<Vec<DomainIssue>, Diagnostic> {
    let mut issues = Vec::new();
    for (i, el) in els.iter().enumerate().filter(|(_, e)| e.name == "issue") {
        let name = el
            .attr("name")
            .ok_or_else(|| diag(file, Some(el.line), "issue", "`name` is missing"))?
            .to_string();
        let (values, lower) = match kind(el) {
            "discrete" => {
                let values: Vec<String> = els
                    .iter()
                    .filter(|e| e.name == "item" && e.issue == Some(i))
                    .map(|e| {
                        e.attr("value").map(str::to_string).ok_or_else(|| {
                            diag(
                                file,
                                Some(e.line),
                                "item",
                                format!("issue `{name}`: `value` is missing"),
                            )
                        })
                    })
                    .collect::<Result<_, _>>()?;
                (values, None)
            }
            "integer" => {
                let (lo, hi) = (integer(file, el, "lowerbound")?, integer(file, el, "upperbound")?);
                if lo > hi {
                    return Err(diag(
                        file,
                        Some(el.line),
                        "issue",
                        format!("issue `{name}`: lowerbound {lo} is above upperbound {hi}"),
                    ));
                }
                if hi - lo >= 1_000_000 {
                    return Err(diag(
                        file,
                        Some(el.line),
                        "issue",
                        format!("issue `{name}`: {lo}..{hi} has too many values to enumerate"),
                    ));
                }
                ((lo..=hi).map(|v| v.to_string()).collect(), Some(lo))
            }
            other => {
                return Err(diag(
                    file,
                    Some(el.line),
                    "issue",
                    format!("issue `{name}`: type `{other}` is not supported (discrete and integer issues are)"),
                ));
            }
        };
        if values.is_empty() {
            return Err(diag(
                file,
                Some(el.line),
                "issue",
                format!("issue `{name}` has no values"),
            ));
        }
        issues.push(DomainIssue {
            issue: Issue::new(name.clone(), values),
            index: el.attr("index").map(str::to_string),
            lower,
            name,
        });
    }
    if issues.is_empty() {
        return Err(diag(file, None, "issue", "the domain has no issues"));
    }
    Ok(issues)
}

fn read_profile(
    file: &Path,
    els: &[Elem],
    issues: &[DomainIssue],
    convention: Convention,
) -> Result<LinearAdditive, Diagnostic> {
    if let Some(root) = els.first()
        && root.attr("type") == Some("nonlinear")
    {
        return Err(diag(
            file,
            Some(root.line),
            "utility_space",
            "a nonlinear (constraint-based) utility space: only linear-additive profiles are supported",
        ));
    }
    let name = file
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    // Weights by issue index.
    let mut weights: BTreeMap<String, (f64, usize)> = BTreeMap::new();
    for el in els.iter().filter(|e| e.name == "weight") {
        let index = el
            .attr("index")
            .ok_or_else(|| diag(file, Some(el.line), "weight", "`index` is missing"))?;
        let w = number(file, el, "value")?;
        if w < 0.0 {
            return Err(diag(
                file,
                Some(el.line),
                "weight",
                format!("issue index {index}: weight {w} is negative (weights are shares of 0..1)"),
            ));
        }
        weights.insert(index.to_string(), (w, el.line));
    }
    let mut w = Vec::with_capacity(issues.len());
    let mut evaluations = Vec::with_capacity(issues.len());
    for di in issues {
        let found = els
            .iter()
            .enumerate()
            .find(|(_, e)| e.name == "issue" && e.attr("name") == Some(di.name.as_str()));
        let Some((pi, pel)) = found else {
            return Err(diag(
                file,
                None,
                "issue",
                format!("issue `{}` of the domain is not in this profile", di.name),
            ));
        };
        let index = pel.attr("index").or(di.index.as_deref()).unwrap_or("");
        let Some(&(weight, _)) = weights.get(index) else {
            return Err(diag(
                file,
                Some(pel.line),
                "weight",
                format!("issue `{}` (index {index}) has no weight", di.name),
            ));
        };
        w.push(weight);
        let mut e = Vec::with_capacity(di.issue.values.len());
        if di.lower.is_some() {
            let ev = els
                .iter()
                .find(|x| x.name == "evaluator" && x.issue == Some(pi))
                .ok_or_else(|| {
                    diag(
                        file,
                        Some(pel.line),
                        "evaluator",
                        format!("integer issue `{}` has no evaluator", di.name),
                    )
                })?;
            if ev.attr("ftype").unwrap_or("linear") != "linear" {
                return Err(diag(
                    file,
                    Some(ev.line),
                    "evaluator",
                    format!("issue `{}`: only linear evaluators are supported", di.name),
                ));
            }
            let (slope, offset) = (number(file, ev, "slope")?, number(file, ev, "offset")?);
            // Value k of the issue is the integer lower + k.
            for k in 0..di.issue.values.len() {
                e.push(offset + slope * k as f64);
            }
        } else {
            let items: BTreeMap<&str, (f64, usize)> = els
                .iter()
                .filter(|x| x.name == "item" && x.issue == Some(pi))
                .map(|x| {
                    let v = x.attr("value").unwrap_or("");
                    number(file, x, "evaluation").map(|n| (v, (n, x.line)))
                })
                .collect::<Result<_, _>>()?;
            for v in &di.issue.values {
                let Some(&(n, _)) = items.get(v.as_str()) else {
                    // Items naming no value of the issue are ignored, as GENIUS does (ANAC's
                    // Car profiles evaluate a `CD player` value `unspecified` the domain does
                    // not have); when a value lacks its evaluation, they are the likely typo.
                    let stray: Vec<String> = items
                        .iter()
                        .filter(|(x, _)| !di.issue.values.iter().any(|y| y == *x))
                        .map(|(x, &(_, line))| format!("`{x}` at line {line}"))
                        .take(6)
                        .collect();
                    let hint = if stray.is_empty() {
                        String::new()
                    } else {
                        format!(
                            "; the profile evaluates {}, not a value of the issue ({})",
                            stray.join(", "),
                            some_values(&di.issue.values)
                        )
                    };
                    return Err(diag(
                        file,
                        Some(pel.line),
                        "item",
                        format!("issue `{}`: value `{v}` has no evaluation{hint}", di.name),
                    ));
                };
                e.push(n);
            }
            if convention == Convention::Genius {
                let max = e.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                if max > 0.0 {
                    for x in &mut e {
                        *x /= max;
                    }
                }
            }
        }
        evaluations.push(e);
    }
    let reserved = match els.iter().find(|e| e.name == "reservation") {
        Some(el) => number(file, el, "value")?,
        None => f64::NEG_INFINITY,
    };
    let discount = match els.iter().find(|e| e.name == "discount_factor") {
        Some(el) => {
            let d = number(file, el, "value")?;
            discount_factor(d).ok_or_else(|| {
                diag(
                    file,
                    Some(el.line),
                    "discount_factor",
                    format!("`value` = {d}{DISCOUNT_RANGE}"),
                )
            })?
        }
        None => 1.0,
    };
    Ok(LinearAdditive {
        name,
        weights: w,
        evaluations,
        reserved,
        discount,
    })
}

/// Read the domain folder `dir` with `convention`.
pub fn load_dir(dir: &Path, convention: Convention) -> Result<Domain, LoadError> {
    let one = |d: Diagnostic| LoadError(vec![d]);
    let entries =
        std::fs::read_dir(dir).map_err(|e| one(diag(dir, None, "folder", format!("cannot read the folder: {e}"))))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("xml")))
        .collect();
    files.sort();
    let mut domain: Option<(PathBuf, Vec<Elem>)> = None;
    let mut profiles: Vec<(PathBuf, Vec<Elem>)> = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| one(diag(&f, None, "file", format!("cannot read: {e}"))))?;
        // An empty XML file is a profile or domain lost on the way, not something to skip.
        if text.trim().is_empty() {
            return Err(one(diag(
                &f,
                None,
                "file",
                "the file is empty (a domain folder's XML files are its domain and one profile per party)",
            )));
        }
        // Files that are not XML at all (ANAC folders hold `pareto.xml` as plain numbers)
        // are not part of the domain.
        let Ok(els) = elements(&f, &text) else {
            if text.trim_start().starts_with('<') {
                return Err(one(elements(&f, &text)
                    .err()
                    .unwrap_or_else(|| diag(&f, None, "xml", "unreadable"))));
            }
            continue;
        };
        match els.first().map(|e| e.name.as_str()) {
            Some("negotiation_template") => {
                if let Some((first, _)) = &domain {
                    return Err(one(diag(
                        &f,
                        None,
                        "negotiation_template",
                        format!("a second domain file (the first is {})", first.display()),
                    )));
                }
                domain = Some((f, els));
            }
            Some("utility_space") => profiles.push((f, els)),
            _ => {}
        }
    }
    let Some((domain_file, dom)) = domain else {
        // No GENIUS domain file: a folder of GeniusWeb profiles (JSON) is read instead.
        let has_json = std::fs::read_dir(dir)
            .map(|r| {
                r.filter_map(Result::ok)
                    .any(|e| e.path().extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
            })
            .unwrap_or(false);
        if has_json && profiles.is_empty() {
            return load_geniusweb_dir(dir);
        }
        return Err(one(diag(
            dir,
            None,
            "negotiation_template",
            "no domain file (an XML file whose root is <negotiation_template>)",
        )));
    };
    if profiles.is_empty() {
        return Err(one(diag(
            dir,
            None,
            "utility_space",
            "no profile files (root <utility_space>)",
        )));
    }
    let issues = read_domain(&domain_file, &dom).map_err(one)?;
    let space = OutcomeSpace::new(issues.iter().map(|i| i.issue.clone()).collect())
        .map_err(|e| one(diag(&domain_file, None, "issue", e.to_string())))?;
    let mut errors = Vec::new();
    let mut ufuns = Vec::new();
    for (f, els) in &profiles {
        match read_profile(f, els, &issues, convention) {
            Ok(u) => match u.check(&space) {
                Ok(()) => ufuns.push(u),
                Err(e) => errors.push(diag(f, None, "utility_space", e.to_string())),
            },
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(LoadError(errors));
    }
    Ok(Domain {
        domain_file,
        space,
        profiles: ufuns,
        profile_files: profiles.into_iter().map(|(f, _)| f).collect(),
        convention,
    })
}

/// `parley domain info --format json`: the outcome space and its analytics.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DomainInfo {
    /// Format version of this document.
    pub version: u32,
    /// The folder's name.
    pub domain: String,
    /// How evaluations were read: `negmas` or `genius`.
    pub convention: &'static str,
    /// Issues with their values.
    pub issues: Vec<Issue>,
    /// Number of outcomes.
    pub outcomes: usize,
    /// The parties (profile file names without `.xml`), in the order of every vector below.
    pub parties: Vec<String>,
    /// Reservation values (null: none given).
    pub reserved: Vec<Option<f64>>,
    /// Discount factors (1: none).
    pub discount: Vec<f64>,
    /// Each party's issue weights summed (GENIUS expects 1; above 1, utilities can pass 1).
    pub weight_sums: Vec<f64>,
    /// Each party's worst and best utility over the space.
    pub ranges: Vec<(f64, f64)>,
    /// Outcomes every party rates at or above its reservation value.
    pub rational: usize,
    /// The disagreement point the bargaining solutions measure gains from.
    pub disagreement: Vec<f64>,
    /// The Pareto frontier of the rational outcomes (utility vectors, first party descending).
    pub pareto: Vec<Vec<f64>>,
    /// Utilities at the Nash point (null: no frontier point gains for everyone).
    pub nash: Option<Vec<f64>>,
    /// Utilities at the Kalai (egalitarian) point.
    pub kalai: Option<Vec<f64>>,
    /// Utilities at the Kalai–Smorodinsky point.
    pub ks: Option<Vec<f64>>,
    /// Utilities at the max-welfare point.
    pub max_welfare: Option<Vec<f64>>,
    /// Opposition level (see `parley_negotiation::Analytics::opposition`); null when a
    /// party's best utility is not positive.
    pub opposition: Option<f64>,
    /// The outcomes at those points: point name → issue → value.
    pub points: BTreeMap<String, BTreeMap<String, String>>,
}

/// Analyse a loaded domain (its space must be enumerable).
pub fn domain_info(d: &Domain, name: &str) -> Result<DomainInfo, LoadError> {
    let one = |m: String| LoadError(vec![diag(&d.domain_file, None, "issue", m)]);
    let utilities: Vec<Vec<f64>> = d
        .profiles
        .iter()
        .map(|u| u.utilities(&d.space))
        .collect::<Result<_, _>>()
        .map_err(|e| one(e.to_string()))?;
    let ranges: Vec<(f64, f64)> = d.profiles.iter().map(LinearAdditive::extremes).collect();
    let reserved: Vec<f64> = d.profiles.iter().map(|u| u.reserved).collect();
    let a = parley_negotiation::analyse(&utilities, &reserved, &ranges);
    let mut points = BTreeMap::new();
    for (label, p) in [
        ("nash", &a.nash),
        ("kalai", &a.kalai),
        ("ks", &a.ks),
        ("max_welfare", &a.max_welfare),
    ] {
        if let Some(p) = p {
            let values = d
                .space
                .labels(p.outcome)
                .into_iter()
                .map(|(i, v)| (i.to_string(), v.to_string()))
                .collect();
            points.insert(label.to_string(), values);
        }
    }
    let utils = |p: &Option<parley_negotiation::Point>| p.as_ref().map(|p| p.utilities.clone());
    Ok(DomainInfo {
        version: 1,
        domain: name.to_string(),
        convention: d.convention.name(),
        issues: d.space.issues().to_vec(),
        outcomes: a.outcomes,
        parties: d.profiles.iter().map(|u| u.name.clone()).collect(),
        reserved: reserved.iter().map(|r| r.is_finite().then_some(*r)).collect(),
        discount: d.profiles.iter().map(|u| u.discount).collect(),
        weight_sums: d.profiles.iter().map(|u| u.weights.iter().sum()).collect(),
        ranges,
        rational: a.rational,
        disagreement: a.disagreement.clone(),
        pareto: a.pareto.iter().map(|p| p.utilities.clone()).collect(),
        nash: utils(&a.nash),
        kalai: utils(&a.kalai),
        ks: utils(&a.ks),
        max_welfare: utils(&a.max_welfare),
        opposition: a.opposition,
        points,
    })
}

/// Read a GeniusWeb profile (JSON, `{"LinearAdditiveUtilitySpace": {...}}`): its domain
/// (`domain.issuesValues`, issues in name order, values as listed) and its utility function
/// (`issueWeights`, `issueUtilities.<issue>.discreteutils.valueUtilities`; the reservation
/// value is the utility of `reservationBid` when given, else `reserved_value`, else none).
/// Evaluations are GeniusWeb's own, already in [0, 1]: no convention applies.
pub fn read_geniusweb(file: &Path, text: &str) -> Result<(OutcomeSpace, LinearAdditive), Diagnostic> {
    use serde_json::Value;
    let bad = |field: &str, m: String| diag(file, None, field, m);
    let v: Value =
        serde_json::from_str(text).map_err(|e| diag(file, Some(e.line()), "json", format!("not JSON: {e}")))?;
    let u = v.get("LinearAdditiveUtilitySpace").ok_or_else(|| {
        bad(
            "LinearAdditiveUtilitySpace",
            "not a GeniusWeb linear-additive profile (no `LinearAdditiveUtilitySpace`)".into(),
        )
    })?;
    let issues_values = u
        .pointer("/domain/issuesValues")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            bad(
                "domain.issuesValues",
                "missing: the profile must carry its domain".into(),
            )
        })?;
    let mut issues = Vec::new();
    for (name, iv) in issues_values {
        let values: Vec<String> = iv
            .get("values")
            .and_then(Value::as_array)
            .ok_or_else(|| {
                bad(
                    &format!("domain.issuesValues.{name}.values"),
                    "missing or not a list (only discrete issues are read)".into(),
                )
            })?
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .collect();
        issues.push(Issue::new(name.clone(), values));
    }
    let space = OutcomeSpace::new(issues).map_err(|e| bad("domain.issuesValues", e.to_string()))?;
    let mut weights = Vec::new();
    let mut evaluations = Vec::new();
    for issue in space.issues() {
        let n = &issue.name;
        let w = u
            .pointer(&format!("/issueWeights/{}", n.replace('~', "~0").replace('/', "~1")))
            .and_then(Value::as_f64)
            .ok_or_else(|| bad(&format!("issueWeights.{n}"), "missing or not a number".into()))?;
        weights.push(w);
        let utils = u
            .get("issueUtilities")
            .and_then(|x| x.get(n))
            .and_then(|x| x.get("discreteutils"))
            .and_then(|x| x.get("valueUtilities"))
            .and_then(Value::as_object)
            .ok_or_else(|| {
                bad(
                    &format!("issueUtilities.{n}"),
                    "missing `discreteutils.valueUtilities` (only discrete value utilities are read)".into(),
                )
            })?;
        let mut e = Vec::with_capacity(issue.values.len());
        for val in &issue.values {
            e.push(utils.get(val).and_then(Value::as_f64).ok_or_else(|| {
                bad(
                    &format!("issueUtilities.{n}.discreteutils.valueUtilities"),
                    format!("value `{val}` has no utility"),
                )
            })?);
        }
        evaluations.push(e);
    }
    let name = u.get("name").and_then(Value::as_str).map_or_else(
        || {
            file.file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
        },
        str::to_string,
    );
    let discount = match u.get("discount_factor") {
        None | Some(Value::Null) => 1.0,
        Some(v) => v
            .as_f64()
            .and_then(discount_factor)
            .ok_or_else(|| bad("discount_factor", format!("{v}{DISCOUNT_RANGE}")))?,
    };
    let mut f = LinearAdditive {
        name,
        weights,
        evaluations,
        reserved: f64::NEG_INFINITY,
        discount,
    };
    if let Some(bid) = u.pointer("/reservationBid/issuevalues").and_then(Value::as_object) {
        let mut idx = Vec::with_capacity(space.issues().len());
        for issue in space.issues() {
            let val = bid.get(&issue.name).and_then(Value::as_str).unwrap_or("");
            idx.push(issue.values.iter().position(|x| x == val).ok_or_else(|| {
                bad(
                    "reservationBid.issuevalues",
                    format!("issue `{}`: `{val}` is not one of its values", issue.name),
                )
            })?);
        }
        f.reserved = f.utility(&idx);
    } else if let Some(r) = u.get("reserved_value").and_then(Value::as_f64) {
        f.reserved = r;
    }
    f.check(&space)
        .map_err(|e| bad("LinearAdditiveUtilitySpace", e.to_string()))?;
    Ok((space, f))
}

/// A folder of GeniusWeb profiles (`*.json`, in file-name order), all on the same domain.
pub fn load_geniusweb_dir(dir: &Path) -> Result<Domain, LoadError> {
    let one = |d: Diagnostic| LoadError(vec![d]);
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| one(diag(dir, None, "folder", format!("cannot read the folder: {e}"))))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("json")))
        .collect();
    files.sort();
    let mut space: Option<(PathBuf, OutcomeSpace)> = None;
    let mut profiles = Vec::new();
    let mut errors = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).map_err(|e| one(diag(f, None, "file", format!("cannot read: {e}"))))?;
        match read_geniusweb(f, &text) {
            Ok((s, u)) => {
                match &space {
                    Some((first, s0)) if s0.issues() != s.issues() => errors.push(diag(
                        f,
                        None,
                        "domain",
                        format!("its domain differs from that of {}", first.display()),
                    )),
                    Some(_) => {}
                    None => space = Some((f.clone(), s)),
                }
                profiles.push(u);
            }
            Err(d) => errors.push(d),
        }
    }
    if !errors.is_empty() {
        return Err(LoadError(errors));
    }
    let Some((first, space)) = space else {
        return Err(one(diag(
            dir,
            None,
            "json",
            "no GeniusWeb profiles (*.json) in the folder",
        )));
    };
    Ok(Domain {
        domain_file: first,
        space,
        profiles,
        profile_files: files,
        convention: Convention::Negmas,
    })
}
