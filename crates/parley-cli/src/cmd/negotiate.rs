//! `parley negotiate DIR --agent A --agent B …`: one SAO negotiation on a GENIUS domain.

use std::path::PathBuf;

use parley_io::genius::{Convention, domain_info, load_dir};
use parley_io::table::{fit_text, new_table, render};
use parley_negotiation::protocol::Sao;
use parley_negotiation::strategy::{Prefs, Strategy};
use parley_negotiation::tournament::Kind;
use serde::Serialize;

use crate::cmd::domain::Conv;
use crate::common::{CmdResult, Failure, emit, emit_json};

/// Arguments of `parley negotiate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The domain folder (one domain XML file and one profile per party).
    pub dir: PathBuf,
    /// A strategy per party, in the order of the profiles (file-name order):
    /// boulware, linear, conceder, micro. Give one per party, or fewer: the first parties
    /// negotiate.
    #[arg(long = "agent", value_enum, required = true)]
    pub agents: Vec<Agent>,
    /// Rounds before the negotiation times out.
    #[arg(long, default_value_t = 100)]
    pub steps: usize,
    /// How GENIUS evaluations are read.
    #[arg(long, value_enum, default_value_t = Conv::Negmas)]
    pub convention: Conv,
    /// List every offer.
    #[arg(long)]
    pub trace: bool,
    /// Seed of the random choices (MiCRO's repeated offers); party i uses seed + i.
    #[arg(long, default_value_t = 0)]
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
    /// MiCRO: one new offer for each new offer received.
    Micro,
}

impl Agent {
    /// The negotiation crate's name for it.
    pub fn kind(self) -> Kind {
        match self {
            Self::Boulware => Kind::Boulware,
            Self::Linear => Kind::Linear,
            Self::Conceder => Kind::Conceder,
            Self::Micro => Kind::Micro,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    trace: Option<Vec<OfferOut>>,
}

fn dist(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt()
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let conv = match a.convention {
        Conv::Negmas => Convention::Negmas,
        Conv::Genius => Convention::Genius,
    };
    let located =
        |e: parley_io::LoadError| Failure::Input(e.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"));
    if a.steps == 0 {
        return Err(Failure::Input("--steps: at least 1".into()));
    }
    let mut d = load_dir(&a.dir, conv).map_err(located)?;
    let n = a.agents.len();
    if n < 2 || n > d.profiles.len() {
        return Err(Failure::Input(format!(
            "{}: {} --agent given; the domain has {} parties (give 2 to {})",
            a.dir.display(),
            n,
            d.profiles.len(),
            d.profiles.len()
        )));
    }
    d.profiles.truncate(n);
    d.profile_files.truncate(n);
    let name = a
        .dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|x| x.to_string_lossy().into_owned()))
        .unwrap_or_else(|| a.dir.display().to_string());
    let info = domain_info(&d, &name).map_err(located)?;
    let prefs: Vec<_> = d
        .profiles
        .iter()
        .map(|u| u.utilities(&d.space).map(|x| Prefs::new(x, u.reserved)))
        .collect::<Result<_, _>>()
        .map_err(|e| Failure::Input(format!("{}: {e}", a.dir.display())))?;
    let mut parties: Vec<Box<dyn Strategy>> = a
        .agents
        .iter()
        .zip(&prefs)
        .enumerate()
        .map(|(i, (ag, p))| ag.kind().build(p.clone(), a.seed.wrapping_add(i as u64)))
        .collect();
    let agents: Vec<String> = parties.iter().map(|p| p.name().to_string()).collect();
    let r = Sao { steps: a.steps }.run(&mut parties, a.trace);
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
            .map(|u| info.pareto.iter().map(|p| dist(u, p)).fold(f64::INFINITY, f64::min)),
        nash_distance: utilities
            .as_ref()
            .and_then(|u| info.nash.as_ref().map(|nash| dist(u, nash))),
        utilities,
        step: r.step,
        timedout: r.timedout,
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
            ag.iter()
                .map(|(i, v)| format!("{i} = {v}"))
                .collect::<Vec<_>>()
                .join(", "),
            fmt(u),
            out.parties.join(", "),
            out.pareto_distance.unwrap_or(f64::NAN),
            out.nash_distance.unwrap_or(f64::NAN),
        )),
        _ => fit_text(&format!(
            "{}: {} reach no agreement in {} steps{}.",
            out.domain,
            out.agents.join(" vs "),
            out.steps,
            if out.timedout { " (timed out)" } else { "" }
        )),
    };
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
