//! `parley negotiate [DIR|FILE] --agent A --agent B …`: one SAO negotiation, on a GENIUS
//! domain (a folder) or on a room of a parley scenario (a file; none: the bundled Alaska
//! scenario), mapped as `parley_io::summit` documents.

use std::path::PathBuf;

use parley_io::genius::domain_info;
use parley_io::table::{fit_text, new_table, render};
use parley_negotiation::analytics::{distance, nearest};
use parley_negotiation::protocol::Sao;
use parley_negotiation::strategy::Strategy;
use parley_negotiation::tournament::Kind;
use serde::Serialize;

use crate::cmd::domain::Conv;
use crate::common::{CmdResult, Failure, and_list, emit, emit_json, plural};

/// Arguments of `parley negotiate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A GENIUS domain folder (one domain XML file and one profile per party), or a scenario
    /// file; none: the bundled Alaska scenario.
    pub dir: Option<PathBuf>,
    /// Scenario only: the stage whose room negotiates (default: the last stage).
    #[arg(long)]
    pub stage: Option<String>,
    /// Scenario only: apply this what-if variant first (e.g. ukraine-at-the-table).
    #[arg(long)]
    pub variant: Option<String>,
    /// A strategy per party, in the order of the profiles (file-name order):
    /// boulware, linear, conceder, aspiration, titfortat, micro, hardheaded, random. Give one
    /// per party, or fewer:
    /// the first parties negotiate.
    #[arg(long = "agent", value_enum, required = true, ignore_case = true)]
    pub agents: Vec<Agent>,
    /// Rounds before the negotiation times out.
    #[arg(long, default_value_t = 100, allow_negative_numbers = true, value_parser = crate::common::whole("steps", 1_usize, 100_000_000))]
    pub steps: usize,
    /// How GENIUS evaluations are read.
    #[arg(long, value_enum, default_value_t = Conv::Negmas)]
    pub convention: Conv,
    /// List every offer.
    #[arg(long)]
    pub trace: bool,
    /// Seed of the random choices (MiCRO's repeats, random's draws); party i uses seed + i.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true, value_parser = crate::common::whole("seed", 0_u64, u64::MAX))]
    pub seed: u64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::cmd::domain::Format::Table)]
    pub format: crate::cmd::domain::Format,
}

/// The strategies available.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Agent {
    /// Time-based, concedes late (exponent 4).
    Boulware,
    /// Time-based, concedes evenly (exponent 1).
    Linear,
    /// Time-based, concedes early (exponent 0.25).
    Conceder,
    /// NegMAS's AspirationNegotiator: Boulware with a tolerance of 0.001.
    Aspiration,
    /// Naive tit-for-tat: concedes what the partner's last offer gives away.
    #[value(name = "titfortat", aliases = ["tit-for-tat", "tft"])]
    TitForTat,
    /// MiCRO: one new offer for each new offer received.
    Micro,
    /// Never concedes: offers its best, accepts only that.
    Hardheaded,
    /// Random rational offers; accepts a rational offer with probability 0.15 (seeded).
    Random,
}

impl Agent {
    /// The negotiation crate's name for it.
    pub fn kind(self) -> Kind {
        match self {
            Self::Boulware => Kind::Boulware,
            Self::Linear => Kind::Linear,
            Self::Conceder => Kind::Conceder,
            Self::Aspiration => Kind::Aspiration,
            Self::TitForTat => Kind::TitForTat,
            Self::Micro => Kind::Micro,
            Self::Hardheaded => Kind::Hardheaded,
            Self::Random => Kind::Random,
        }
    }
}

#[derive(Serialize)]
struct OfferOut {
    step: usize,
    by: String,
    outcome: std::collections::BTreeMap<String, String>,
    utilities: Vec<f64>,
}

#[derive(Serialize)]
struct NegotiationOut {
    version: u32,
    domain: String,
    convention: &'static str,
    parties: Vec<String>,
    agents: Vec<String>,
    steps: usize,
    agreement: Option<std::collections::BTreeMap<String, String>>,
    utilities: Option<Vec<f64>>,
    step: usize,
    timedout: bool,
    /// Euclidean distance, in utility, from the agreement to the nearest Pareto point.
    pareto_distance: Option<f64>,
    /// Euclidean distance, in utility, from the agreement to the Nash point.
    nash_distance: Option<f64>,
    /// Each negotiating party's reservation value (null: none given).
    reserved: Vec<Option<f64>>,
    /// Each negotiating party's discount factor (1: none).
    discount: Vec<f64>,
    /// Relative time at which the negotiation ended.
    time: f64,
    /// What each party ends with (the agreement's utility, or its reservation value), times
    /// δ^time (null: no reservation value).
    discounted: Vec<Option<f64>>,
    /// The domain's parties with no agent (fewer agents than parties), who take no part.
    sitting_out: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Vec<OfferOut>>,
}

/// The most rounds `--trace` lists.
const TRACE_MAX_STEPS: usize = 100_000;

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let conv = a.convention.convention();
    // A trace keeps every offer with its labels (about 2.5 kB each in the table).
    if a.trace && a.steps > TRACE_MAX_STEPS {
        return Err(Failure::Input(format!(
            "--trace lists every offer: at most {TRACE_MAX_STEPS} --steps with it ({} given)",
            a.steps
        )));
    }
    if let Some(f) = a.dir.as_deref().and_then(crate::cmd::domain::file_not_folder) {
        return Err(f);
    }
    let Some(dir) = a.dir.clone().filter(|d| d.is_dir()) else {
        return summit(a);
    };
    if a.stage.is_some() || a.variant.is_some() {
        return Err(Failure::Input(format!(
            "{}: --stage and --variant apply to a scenario, not to a GENIUS domain",
            dir.display()
        )));
    }
    let (mut d, name) = crate::cmd::domain::load(&dir, a.convention)?;
    let n = a.agents.len();
    if n < 2 || n > d.profiles.len() {
        return Err(Failure::Input(format!(
            "{}: {} --agent given; the domain has {} parties (give 2 to {})",
            dir.display(),
            n,
            d.profiles.len(),
            d.profiles.len()
        )));
    }
    let sitting_out: Vec<String> = d.profile_files[n..]
        .iter()
        .map(|f| {
            f.file_stem()
                .map_or_else(|| f.display().to_string(), |x| x.to_string_lossy().into_owned())
        })
        .collect();
    d.profiles.truncate(n);
    d.profile_files.truncate(n);
    let info = domain_info(&d, &name).map_err(crate::cmd::domain::located)?;
    let prefs = crate::cmd::domain::prefs(&d, &dir)?;
    let mut parties: Vec<Box<dyn Strategy>> = a
        .agents
        .iter()
        .zip(&prefs)
        .enumerate()
        .map(|(i, (ag, p))| ag.kind().build(p.clone(), a.seed.wrapping_add(i as u64)))
        .collect();
    let agents: Vec<String> = parties.iter().map(|p| p.name().to_string()).collect();
    let sao = Sao { steps: a.steps };
    let r = sao.run(&mut parties, a.trace);
    let time = sao.end_time(&r);
    let labels = |o: usize| {
        d.space
            .labels(o)
            .into_iter()
            .map(|(i, v)| (i.to_string(), v.to_string()))
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let utils = |o: usize| prefs.iter().map(|p| p.utilities[o]).collect::<Vec<f64>>();
    let utilities = r.agreement.map(utils);
    let out = NegotiationOut {
        version: 1,
        domain: name,
        convention: conv.name(),
        parties: info.parties.clone(),
        agents,
        steps: a.steps,
        agreement: r.agreement.map(labels),
        pareto_distance: utilities
            .as_ref()
            .map(|u| nearest(u, info.pareto.iter().map(Vec::as_slice))),
        nash_distance: utilities.as_ref().zip(info.nash.as_ref()).map(|(u, n)| distance(u, n)),
        utilities,
        step: r.step,
        timedout: r.timedout,
        reserved: info.reserved.clone(),
        discount: prefs.iter().map(|p| p.discount).collect(),
        time,
        discounted: prefs.iter().map(|p| p.payoff(r.agreement, time)).collect(),
        sitting_out,
        trace: a.trace.then(|| {
            r.trace
                .iter()
                .map(|o| OfferOut {
                    step: o.step,
                    by: info.parties[o.by].clone(),
                    outcome: labels(o.outcome),
                    utilities: utils(o.outcome),
                })
                .collect()
        }),
    };
    if a.format == crate::cmd::domain::Format::Json {
        return emit_json(&out);
    }
    let fmt = |v: &[f64]| v.iter().map(|x| format!("{x:.4}")).collect::<Vec<_>>().join(", ");
    let mut text = match (&out.agreement, &out.utilities) {
        (Some(ag), Some(u)) => fit_text(&format!(
            "{}: {} agree at step {} of {}: {}. Utilities {} ({}); {:.4} from the Pareto frontier, {:.4} from the Nash point.",
            out.domain,
            out.agents.join(" vs "),
            out.step,
            out.steps,
            // In the domain's order of issues (the JSON map is by name).
            d.space
                .labels(r.agreement.unwrap_or_default())
                .into_iter()
                .filter(|(i, _)| ag.contains_key(*i))
                .map(|(i, v)| format!("{i} = {v}"))
                .collect::<Vec<_>>()
                .join(", "),
            fmt(u),
            out.parties.join(", "),
            out.pareto_distance.unwrap_or(f64::NAN),
            out.nash_distance.unwrap_or(f64::NAN),
        )),
        _ => fit_text(&format!(
            "{}: {} reach no agreement in {} {}{}.",
            out.domain,
            out.agents.join(" vs "),
            out.steps,
            plural(out.steps, "step", "steps"),
            if out.timedout { " (timed out)" } else { "" }
        )),
    };
    if out.discount.iter().any(|&x| x < 1.0) {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        let show = |x: &Option<f64>| x.map_or_else(|| "none".into(), |v| format!("{v:.4}"));
        text.push_str(&fit_text(&format!(
            "Discounted to t = {:.4} (δ {}): {}.",
            out.time,
            out.discount
                .iter()
                .map(|x| format!("{x}"))
                .collect::<Vec<_>>()
                .join(", "),
            out.discounted.iter().map(show).collect::<Vec<_>>().join(", ")
        )));
    }
    if !out.sitting_out.is_empty() {
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&fit_text(&format!(
            "{} {} out (no --agent for {}).",
            and_list(&out.sitting_out),
            plural(out.sitting_out.len(), "sits", "sit"),
            plural(out.sitting_out.len(), "it", "them")
        )));
    }
    if let Some(tr) = &out.trace {
        let mut t = new_table(&["step", "by", "utilities", "offer"]);
        for o in tr {
            t.add_row(vec![
                o.step.to_string(),
                o.by.clone(),
                fmt(&o.utilities),
                o.outcome.values().cloned().collect::<Vec<_>>().join("; "),
            ]);
        }
        if !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(&render(&mut t));
    }
    emit(&text)
}

#[derive(Serialize)]
pub struct AbsentOut {
    actor: String,
    accepts: bool,
}

/// The veto players of `s` outside `stage`'s room, each with whether it would accept `point`
/// (inside its red lines and no worse than the status quo; no point: no).
pub fn absent_verdicts(s: &parley_core::Scenario, stage: &parley_core::Stage, point: Option<&[f64]>) -> Vec<AbsentOut> {
    let u = parley_core::UtilityFunction::new(s, parley_core::UtilityShape::Linear);
    s.veto_players()
        .into_iter()
        .filter(|v| !stage.participants.contains(v))
        .map(|v| AbsentOut {
            actor: s.actors()[v].id.to_string(),
            accepts: point.is_some_and(|x| parley_models::zopa::accepted_by_all(s, &u, &[v], x)),
        })
        .collect()
}

/// One line per absent veto player: "…, a veto player outside the room, would accept it."
pub fn absent_lines(absent: &[AbsentOut]) -> String {
    let mut text = String::new();
    for ab in absent {
        text.push_str(&fit_text(&format!(
            "{}, a veto player outside the room, would {}.",
            ab.actor,
            if ab.accepts { "accept it" } else { "reject it" }
        )));
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    text
}

#[derive(Serialize)]
struct SummitOut {
    version: u32,
    scenario: String,
    variant: Option<String>,
    stage: String,
    outcomes: usize,
    parties: Vec<String>,
    agents: Vec<String>,
    steps: usize,
    agreement: Option<std::collections::BTreeMap<String, String>>,
    values: Option<std::collections::BTreeMap<String, f64>>,
    utilities: Option<Vec<f64>>,
    /// Each party's utility of the status quo (its reservation value).
    reserved: Vec<f64>,
    step: usize,
    timedout: bool,
    pareto_distance: Option<f64>,
    nash_distance: Option<f64>,
    /// Veto players outside the room and whether they would accept the agreement (inside
    /// their red lines and no worse than the status quo).
    absent_veto: Vec<AbsentOut>,
    /// Every veto player, in the room or not, accepts the agreement (a forecast's
    /// `agreement` flag).
    accepted_by_all: bool,
    /// The outcome class the agreement falls in (no agreement: the status quo's), judged
    /// as a model's forecast is.
    outcome: Option<String>,
    /// That class's name.
    outcome_name: Option<String>,
    /// Every offer, with `--trace`.
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Vec<OfferOut>>,
}

/// A room of a scenario negotiates (see `parley_io::summit` for the mapping).
fn summit(a: Args) -> CmdResult {
    let args = crate::common::ScenarioArgs {
        file: a.dir.clone(),
        variant: a.variant.clone(),
    };
    let (_, s) = args.load()?;
    let (stage, room) = crate::common::stage_room(&s, a.stage.as_deref())?;
    let names: Vec<String> = room.iter().map(|&p| s.actors()[p].id.to_string()).collect();
    if a.agents.len() != room.len() || room.len() < 2 {
        return Err(Failure::Input(format!(
            "stage {}: {} negotiate ({}); give one --agent each, in that order ({} given)",
            stage.id,
            room.len(),
            names.join(", "),
            a.agents.len()
        )));
    }
    let sp = parley_io::summit::summit_space(&s, &room).map_err(|e| Failure::Input(format!("{}: {e}", s.id())))?;
    let mut parties: Vec<Box<dyn Strategy>> = a
        .agents
        .iter()
        .zip(&sp.prefs)
        .enumerate()
        .map(|(i, (ag, p))| ag.kind().build(p.clone(), a.seed.wrapping_add(i as u64)))
        .collect();
    let agents: Vec<String> = parties.iter().map(|p| p.name().to_string()).collect();
    let r = Sao { steps: a.steps }.run(&mut parties, a.trace);
    let utilities: Vec<Vec<f64>> = sp.prefs.iter().map(|p| p.utilities.clone()).collect();
    let reserved: Vec<f64> = sp.prefs.iter().map(|p| p.reserved).collect();
    let ranges: Vec<(f64, f64)> = sp.prefs.iter().map(|p| (p.worst, p.best)).collect();
    let an = parley_negotiation::analyse(&utilities, &reserved, &ranges);
    let agreed = r
        .agreement
        .map(|o| sp.prefs.iter().map(|p| p.utilities[o]).collect::<Vec<f64>>());
    let point = r.agreement.map(|o| sp.point(o));
    let judged = parley_models::run::Judge::new(&s)?.judge("negotiation", point.as_deref())?;
    let class = judged.outcome.map(|i| &s.outcomes()[i]);
    let out = SummitOut {
        version: 1,
        scenario: s.id().to_string(),
        variant: a.variant.clone(),
        stage: stage.id.clone(),
        outcomes: sp.space.size(),
        parties: names,
        agents,
        steps: a.steps,
        agreement: r.agreement.map(|o| {
            sp.space
                .labels(o)
                .into_iter()
                .map(|(i, v)| (i.to_string(), v.to_string()))
                .collect()
        }),
        values: point
            .as_ref()
            .map(|x| s.issues().iter().zip(x).map(|(i, &v)| (i.id.to_string(), v)).collect()),
        pareto_distance: agreed
            .as_ref()
            .map(|v| nearest(v, an.pareto.iter().map(|p| p.utilities.as_slice()))),
        nash_distance: agreed
            .as_ref()
            .zip(an.nash.as_ref())
            .map(|(v, n)| distance(v, &n.utilities)),
        utilities: agreed,
        reserved,
        step: r.step,
        timedout: r.timedout,
        absent_veto: absent_verdicts(&s, stage, point.as_deref()),
        accepted_by_all: judged.agreement,
        outcome: class.map(|c| c.id.clone()),
        outcome_name: class.map(|c| c.name.clone()),
        trace: a.trace.then(|| {
            r.trace
                .iter()
                .map(|o| OfferOut {
                    step: o.step,
                    by: s.actors()[room[o.by]].id.to_string(),
                    outcome: sp
                        .space
                        .labels(o.outcome)
                        .into_iter()
                        .map(|(i, v)| (i.to_string(), v.to_string()))
                        .collect(),
                    utilities: sp.prefs.iter().map(|p| p.utilities[o.outcome]).collect(),
                })
                .collect()
        }),
    };
    if a.format == crate::cmd::domain::Format::Json {
        return emit_json(&out);
    }
    let fmt = |v: &[f64]| v.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(", ");
    let mut text = match (&out.agreement, &out.utilities) {
        (Some(_), Some(u)) => fit_text(&format!(
            "{} ({}), stage {}: {} ({}) agree at step {} of {} on the {} outcomes. Utilities {} (status quo {}).",
            out.scenario,
            out.variant.as_deref().unwrap_or("as written"),
            out.stage,
            and_list(&out.parties),
            out.agents.join(" vs "),
            out.step,
            out.steps,
            out.outcomes,
            fmt(u),
            fmt(&out.reserved),
        )),
        _ => fit_text(&format!(
            "{} ({}), stage {}: {} ({}) reach no agreement in {} {} (timed out).",
            out.scenario,
            out.variant.as_deref().unwrap_or("as written"),
            out.stage,
            and_list(&out.parties),
            out.agents.join(" vs "),
            out.steps,
            plural(out.steps, "step", "steps"),
        )),
    };
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if let (Some(id), Some(name)) = (&out.outcome, &out.outcome_name) {
        text.push_str(&fit_text(&format!("Outcome class: {name} ({id}).")));
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    if let Some(ag) = &out.agreement {
        let mut t = new_table(&["issue", "agreed"]);
        // In the scenario's order of issues (the JSON map is by name).
        for i in s.issues() {
            if let Some(v) = ag.get(i.id.as_str()) {
                t.add_row(vec![i.id.to_string(), v.clone()]);
            }
        }
        text.push_str(&render(&mut t));
        text.push_str(&absent_lines(&out.absent_veto));
    }
    if let Some(tr) = &out.trace {
        let sq = s.status_quo();
        let mut t = new_table(&[
            "step",
            "by",
            "utilities",
            "offer (values that differ from the status quo)",
        ]);
        for (o, raw) in tr.iter().zip(&r.trace) {
            let moved: Vec<String> = sp
                .point(raw.outcome)
                .iter()
                .zip(&sq)
                .zip(s.issues())
                .filter(|((x, q), i)| (*x - *q).abs() > 1e-9 * i.range())
                .map(|((x, _), i)| format!("{} {x}", i.id))
                .collect();
            t.add_row(vec![
                o.step.to_string(),
                o.by.clone(),
                fmt(&o.utilities),
                moved.join(", "),
            ]);
        }
        text.push_str(&render(&mut t));
    }
    emit(&text)
}
