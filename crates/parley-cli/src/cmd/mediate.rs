//! `parley mediate [FILE|DIR] [--stage ID] [--variant V]`: a scenario room under the
//! single-text mediated protocol, the scenario's mediator (the US in Alaska) drafting the
//! text; or every party of a GENIUS domain folder, from a random text.

use std::collections::BTreeMap;
use std::path::PathBuf;

use parley_core::Role;
use parley_io::table::{fit_text, new_table, render};
use parley_negotiation::analytics::{distance, nearest};
use parley_negotiation::protocol::SingleText;
use serde::Serialize;

use crate::common::{CmdResult, Failure, ScenarioArgs, emit, emit_json};

/// Arguments of `parley mediate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file, or a GENIUS domain folder (one domain XML file and one profile per
    /// party); default: the bundled Alaska scenario.
    pub file: Option<PathBuf>,
    /// Apply this what-if variant first.
    #[arg(long)]
    pub variant: Option<String>,
    /// The stage whose room negotiates (default: the last stage).
    #[arg(long)]
    pub stage: Option<String>,
    /// The mediator (an actor id, or a GENIUS party's name); default: the scenario's actor
    /// with role `mediator`, if any, else a neutral mediator that drafts at random (on a
    /// GENIUS domain: neutral). `none`: neutral.
    #[arg(long)]
    pub mediator: Option<String>,
    /// Drafts the mediator proposes.
    #[arg(long, default_value_t = 500, allow_negative_numbers = true, value_parser = crate::common::whole("steps", 1_usize, 100_000_000))]
    pub steps: usize,
    /// Random drafts a mediator with a stake chooses among.
    #[arg(long, default_value_t = 5, allow_negative_numbers = true, value_parser = crate::common::whole("choices", 1_usize, 10_000))]
    pub choices: usize,
    /// Seed of the drafts.
    #[arg(long, default_value_t = 0, allow_negative_numbers = true, value_parser = crate::common::whole("seed", 0_u64, u64::MAX))]
    pub seed: u64,
    /// GENIUS domains only: how evaluations are read.
    #[arg(long, value_enum, default_value_t = crate::cmd::domain::Conv::Negmas)]
    pub convention: crate::cmd::domain::Conv,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::cmd::domain::Format::Table)]
    pub format: crate::cmd::domain::Format,
}

#[derive(Serialize)]
struct DomainMediateOut {
    version: u32,
    domain: String,
    convention: &'static str,
    parties: Vec<String>,
    mediator: Option<String>,
    steps: usize,
    seed: u64,
    start: BTreeMap<String, String>,
    start_utilities: Vec<f64>,
    agreement: Option<BTreeMap<String, String>>,
    text: BTreeMap<String, String>,
    utilities: Vec<f64>,
    reserved: Vec<Option<f64>>,
    adopted: usize,
    vetoed: usize,
    pareto_distance: Option<f64>,
    nash_distance: Option<f64>,
}

/// Who drafts: "the mediator X" or "a neutral mediator".
fn by(mediator: Option<&str>) -> String {
    mediator.map_or_else(|| "a neutral mediator".to_string(), |m| format!("the mediator {m}"))
}

/// " (A adopted, V vetoed of N). The final text is (not) agreed…"
fn tally(adopted: usize, vetoed: usize, steps: usize, agreed: bool) -> String {
    format!(
        " ({adopted} adopted, {vetoed} vetoed of {steps}). {}",
        if agreed && adopted == 0 {
            "No draft was adopted: the final text is the starting one, which every party \
             rates at least as high as no deal."
        } else if agreed {
            "The final text is agreed."
        } else {
            "The final text is not agreed: someone prefers no deal."
        }
    )
}

/// Every party of a GENIUS domain votes on the drafts, starting from a random text.
fn domain(a: Args, dir: PathBuf) -> CmdResult {
    if a.stage.is_some() || a.variant.is_some() {
        return Err(Failure::Input(format!(
            "{}: --stage and --variant apply to a scenario, not to a GENIUS domain",
            dir.display()
        )));
    }
    let (d, name) = crate::cmd::domain::load(&dir, a.convention)?;
    let info = parley_io::genius::domain_info(&d, &name).map_err(crate::cmd::domain::located)?;
    let prefs = crate::cmd::domain::prefs(&d, &dir)?;
    let mediator = match a.mediator.as_deref() {
        None | Some("none") => None,
        Some(m) => Some(info.parties.iter().position(|p| p == m).ok_or_else(|| {
            Failure::Input(format!(
                "--mediator {m}: no such party in {} (it has: {}, or none)",
                dir.display(),
                info.parties.join(", ")
            ))
        })?),
    };
    let st = SingleText {
        steps: a.steps,
        seed: a.seed,
        choices: a.choices,
    };
    let Some(start) = st.random_start(&d.space) else {
        return Err(Failure::Input(format!("{}: the domain has no outcomes", dir.display())));
    };
    let parties: Vec<&parley_negotiation::strategy::Prefs> = prefs.iter().map(|p| p.as_ref()).collect();
    let r = st.run(&d.space, &parties, mediator.map(|m| parties[m]), start);
    let labels = |o: usize| -> BTreeMap<String, String> {
        d.space
            .labels(o)
            .into_iter()
            .map(|(i, v)| (i.to_string(), v.to_string()))
            .collect()
    };
    let utilities: Vec<f64> = parties.iter().map(|p| p.utilities[r.text]).collect();
    let agreed = r.agreement.map(|_| utilities.clone());
    let out = DomainMediateOut {
        version: 1,
        domain: name,
        convention: a.convention.convention().name(),
        parties: info.parties.clone(),
        mediator: mediator.map(|m| info.parties[m].clone()),
        steps: a.steps,
        seed: a.seed,
        start: labels(start),
        start_utilities: parties.iter().map(|p| p.utilities[start]).collect(),
        agreement: r.agreement.map(labels),
        text: labels(r.text),
        pareto_distance: agreed
            .as_ref()
            .map(|u| nearest(u, info.pareto.iter().map(Vec::as_slice))),
        nash_distance: agreed.as_ref().zip(info.nash.as_ref()).map(|(u, n)| distance(u, n)),
        utilities,
        reserved: info.reserved.clone(),
        adopted: r.adopted,
        vetoed: r.vetoed,
    };
    if a.format == crate::cmd::domain::Format::Json {
        return emit_json(&out);
    }
    let fmt = |v: &[f64]| v.iter().map(|x| format!("{x:.4}")).collect::<Vec<_>>().join(", ");
    let mut text = fit_text(&format!(
        "{}: {} vote on drafts by {} from a random text{} Utilities {}{}.",
        out.domain,
        out.parties.join(", "),
        by(out.mediator.as_deref()),
        tally(out.adopted, out.vetoed, out.steps, out.agreement.is_some()),
        fmt(&out.utilities),
        match (out.pareto_distance, out.nash_distance) {
            (Some(p), Some(n)) => format!("; {p:.4} from the Pareto frontier, {n:.4} from the Nash point"),
            _ => String::new(),
        }
    ));
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if out.adopted == 0 {
        text.push_str("No draft was adopted: the final text is the random start.\n");
    }
    let mut t = new_table(&["issue", "start", "final text"]);
    for (k, v) in &out.text {
        t.add_row(vec![
            k.clone(),
            out.start.get(k).cloned().unwrap_or_default(),
            v.clone(),
        ]);
    }
    text.push_str(&render(&mut t));
    emit(&text)
}

#[derive(Serialize)]
struct MediateOut {
    version: u32,
    scenario: String,
    variant: Option<String>,
    stage: String,
    parties: Vec<String>,
    mediator: Option<String>,
    steps: usize,
    seed: u64,
    agreement: Option<BTreeMap<String, String>>,
    text: BTreeMap<String, String>,
    utilities: Vec<f64>,
    reserved: Vec<f64>,
    adopted: usize,
    vetoed: usize,
    /// Every veto player, in the room or not, accepts the agreed text.
    accepted_by_all: bool,
    /// The outcome class of the agreed text (not agreed: the status quo's), judged as a
    /// model's forecast is.
    outcome: Option<String>,
    /// That class's name.
    outcome_name: Option<String>,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    if let Some(f) = a.file.as_deref().and_then(crate::cmd::domain::file_not_folder) {
        return Err(f);
    }
    if let Some(dir) = a.file.clone().filter(|d| d.is_dir()) {
        return domain(a, dir);
    }
    let (_, s) = ScenarioArgs {
        file: a.file.clone(),
        variant: a.variant.clone(),
    }
    .load()?;
    let (stage, room) = crate::common::stage_room(&s, a.stage.as_deref())?;
    let mediator = match a.mediator.as_deref() {
        Some("none") => None,
        Some(id) => Some(s.actors().iter().position(|x| x.id.as_str() == id).ok_or_else(|| {
            let known: Vec<&str> = s.actors().iter().map(|x| x.id.as_str()).collect();
            Failure::Input(format!(
                "--mediator {id}: no such actor (the scenario has: {}, or none)",
                known.join(", ")
            ))
        })?),
        None => s.actors().iter().position(|x| x.role == Role::Mediator),
    };
    // The mediator's preferences come from the same mapping; it need not sit in the room.
    let mut all = room.clone();
    if let Some(m) = mediator.filter(|m| !room.contains(m)) {
        all.push(m);
    }
    let sp = parley_io::summit::summit_space(&s, &all).map_err(|e| Failure::Input(format!("{}: {e}", s.id())))?;
    let parties: Vec<&parley_negotiation::strategy::Prefs> =
        sp.prefs[..room.len()].iter().map(|p| p.as_ref()).collect();
    let mgraded = mediator
        .and_then(|m| all.iter().position(|&x| x == m))
        .map(|i| sp.graded[i].as_slice());
    let votes: Vec<&[f64]> = sp.graded[..room.len()].iter().map(Vec::as_slice).collect();
    // The text starts at the status quo.
    let sq: Vec<usize> = sp
        .values
        .iter()
        .zip(s.issues())
        .map(|(v, i)| {
            v.iter()
                .position(|x| (x.0 - i.status_quo).abs() <= 1e-9 * i.range())
                .unwrap_or(0)
        })
        .collect();
    let start = sp.space.index(&sq).unwrap_or(0);
    let r = SingleText {
        steps: a.steps,
        seed: a.seed,
        choices: a.choices,
    }
    .run_graded(&sp.space, &parties, &votes, mgraded, start);
    let labels = |o: usize| -> BTreeMap<String, String> {
        sp.space
            .labels(o)
            .into_iter()
            .map(|(i, v)| (i.to_string(), v.to_string()))
            .collect()
    };
    let point = r.agreement.map(|o| sp.point(o));
    let judged = parley_models::run::Judge::new(&s)?.judge("mediation", point.as_deref())?;
    let absent = crate::cmd::negotiate::absent_verdicts(&s, stage, point.as_deref());
    let class = judged.outcome.map(|i| &s.outcomes()[i]);
    let out = MediateOut {
        version: 1,
        scenario: s.id().to_string(),
        variant: a.variant.clone(),
        stage: stage.id.clone(),
        parties: room.iter().map(|&p| s.actors()[p].id.to_string()).collect(),
        mediator: mediator.map(|m| s.actors()[m].id.to_string()),
        steps: a.steps,
        seed: a.seed,
        agreement: r.agreement.map(labels),
        text: labels(r.text),
        utilities: parties.iter().map(|p| p.utilities[r.text]).collect(),
        reserved: parties.iter().map(|p| p.reserved).collect(),
        adopted: r.adopted,
        vetoed: r.vetoed,
        accepted_by_all: judged.agreement,
        outcome: class.map(|c| c.id.clone()),
        outcome_name: class.map(|c| c.name.clone()),
    };
    if a.format == crate::cmd::domain::Format::Json {
        return emit_json(&out);
    }
    let fmt = |v: &[f64]| v.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(", ");
    let changed: Vec<(String, String)> = out
        .text
        .iter()
        .filter(|(k, v)| labels(start).get(*k) != Some(*v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let mut text = fit_text(&format!(
        "{} ({}), stage {}: {} vote on drafts by {}{} Utilities {} (status quo {}).",
        out.scenario,
        out.variant.as_deref().unwrap_or("as written"),
        out.stage,
        crate::common::and_list(&out.parties),
        by(out.mediator.as_deref()),
        tally(out.adopted, out.vetoed, out.steps, out.agreement.is_some()),
        fmt(&out.utilities),
        fmt(&out.reserved),
    ));
    if !text.ends_with('\n') {
        text.push('\n');
    }
    if let (Some(id), Some(name)) = (&out.outcome, &out.outcome_name) {
        text.push_str(&fit_text(&format!("Outcome class: {name} ({id}).")));
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    if out.agreement.is_some() {
        text.push_str(&crate::cmd::negotiate::absent_lines(&absent));
    }
    if changed.is_empty() {
        text.push_str("No draft moved the text from the status quo.\n");
    } else {
        let mut t = new_table(&["issue", "moved to"]);
        for (k, v) in changed {
            t.add_row(vec![k, v]);
        }
        text.push_str(&render(&mut t));
    }
    emit(&text)
}

#[cfg(test)]
mod tests {
    use super::tally;

    #[test]
    fn a_text_nobody_moved_is_not_called_a_settlement() {
        assert_eq!(
            tally(0, 500, 500, true),
            " (0 adopted, 500 vetoed of 500). No draft was adopted: the final text is the \
             starting one, which every party rates at least as high as no deal."
        );
        assert_eq!(
            tally(3, 497, 500, true),
            " (3 adopted, 497 vetoed of 500). The final text is agreed."
        );
        assert!(tally(0, 500, 500, false).ends_with("not agreed: someone prefers no deal."));
    }
}
