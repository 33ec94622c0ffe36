//! `parley domain info DIR`: a GENIUS negotiation domain's outcome space and analytics.

use std::path::PathBuf;

use parley_io::genius::{Convention, domain_info, load_dir};
use parley_io::table::{fit_text, new_table, render};

use crate::common::{CmdResult, Failure, emit, emit_json};

/// Arguments of `parley domain`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

/// What to do with a domain.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Outcomes, parties, the Pareto frontier, and the Nash, Kalai, Kalai–Smorodinsky and
    /// max-welfare points.
    Info {
        /// The domain folder (one domain XML file and one profile per party).
        dir: PathBuf,
        /// How GENIUS evaluations are read: as written (negmas), or divided by each issue's
        /// largest (genius).
        #[arg(long, value_enum, default_value_t = Conv::Negmas)]
        convention: Conv,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
}

/// The evaluation convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Conv {
    /// Evaluations as written (NegMAS's reading).
    Negmas,
    /// Each issue's evaluations divided by their largest (GENIUS's reading).
    Genius,
}

/// Table or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A summary for people.
    Table,
    /// The full analytics (docs/FORMAT.md).
    Json,
}

impl Conv {
    /// The reader's name for it.
    pub fn convention(self) -> Convention {
        match self {
            Self::Negmas => Convention::Negmas,
            Self::Genius => Convention::Genius,
        }
    }
}

/// A load error as the command's input failure, every problem on its own line.
pub fn located(e: parley_io::LoadError) -> Failure {
    Failure::Input(e.0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
}

/// A GENIUS file given where its folder is wanted: the error that says so (None for
/// anything else).
pub fn file_not_folder(path: &std::path::Path) -> Option<Failure> {
    let ext = path.extension()?.to_string_lossy().to_ascii_lowercase();
    if !path.is_file() || !(ext == "xml" || ext == "json") {
        return None;
    }
    let folder = path
        .parent()
        .map_or_else(|| ".".to_string(), |p| p.display().to_string());
    Some(Failure::Input(format!(
        "{}: a GENIUS file; give the folder that holds the domain and its profiles ({folder})",
        path.display()
    )))
}

/// Read the domain folder `dir`; returns it with its name (the folder's).
pub fn load(dir: &std::path::Path, conv: Conv) -> Result<(parley_io::genius::Domain, String), Failure> {
    if let Some(f) = file_not_folder(dir) {
        return Err(f);
    }
    if dir.is_file() {
        return Err(Failure::Input(format!(
            "{}: a file; GENIUS domains are folders (one domain XML file and one profile per party, \
             e.g. data/genius/anac/y2010/ItexvsCypress)",
            dir.display()
        )));
    }
    let d = load_dir(dir, conv.convention()).map_err(|e| {
        let mut f = located(e);
        // A folder of domains (a year of ANAC, say): name a few.
        let mut subs: Vec<String> = std::fs::read_dir(dir)
            .map(|rd| {
                rd.filter_map(Result::ok)
                    .filter(|e| e.path().is_dir())
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        if !subs.is_empty() {
            subs.sort();
            let more = subs.len().saturating_sub(5);
            subs.truncate(5);
            if let Failure::Input(m) = &mut f {
                m.push_str(&format!(
                    "\n{}: holds folders ({}{}): give one domain's folder",
                    dir.display(),
                    subs.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ));
            }
        }
        f
    })?;
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| dir.display().to_string());
    Ok((d, name))
}

/// Each party's presorted preferences over the domain's outcomes (the parties at once, on
/// rayon's threads: sorting each party's outcomes is most of a one-off negotiation's time).
pub fn prefs(
    d: &parley_io::genius::Domain,
    dir: &std::path::Path,
) -> Result<Vec<std::sync::Arc<parley_negotiation::strategy::Prefs>>, Failure> {
    use rayon::prelude::*;
    d.profiles
        .par_iter()
        .map(|u| {
            u.utilities(&d.space)
                .map(|x| parley_negotiation::strategy::Prefs::discounted(x, u.reserved, u.discount))
        })
        .collect::<Result<_, _>>()
        .map_err(|e| Failure::Input(format!("{}: {e}", dir.display())))
}

fn fmt_u(v: &[f64]) -> String {
    v.iter().map(|x| format!("{x:.4}")).collect::<Vec<_>>().join(", ")
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let Action::Info {
        dir,
        convention,
        format,
    } = a.action;
    let (d, name) = load(&dir, convention)?;
    let info = domain_info(&d, &name).map_err(located)?;
    if format == Format::Json {
        return emit_json(&info);
    }
    let mut out = fit_text(&format!(
        "{}: {} issues, {} outcomes ({} rational), {} parties; evaluations read as {}",
        info.domain,
        info.issues.len(),
        info.outcomes,
        info.rational,
        info.parties.len(),
        info.convention
    ));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    let mut t = new_table(&["party", "reserved", "discount", "worst", "best"]);
    for (i, p) in info.parties.iter().enumerate() {
        t.add_row(vec![
            p.clone(),
            info.reserved[i].map_or_else(|| "none".into(), |r| format!("{r:.4}")),
            format!("{}", info.discount[i]),
            format!("{:.4}", info.ranges[i].0),
            format!("{:.4}", info.ranges[i].1),
        ]);
    }
    out.push_str(&render(&mut t));
    // Weights that do not sum to 1 are read as given (as NegMAS does), but said.
    let off: Vec<String> = info
        .parties
        .iter()
        .zip(&info.weight_sums)
        .filter(|(_, w)| (**w - 1.0).abs() > 1e-3)
        .map(|(p, w)| format!("{p} {w:.4}"))
        .collect();
    if !off.is_empty() {
        out.push_str(&fit_text(&format!(
            "Note: issue weights sum to {} (GENIUS expects 1); utilities are as given.",
            off.join(", ")
        )));
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "\nPareto frontier: {} {}; opposition {}\n",
        info.pareto.len(),
        crate::common::plural(info.pareto.len(), "point", "points"),
        info.opposition.map_or_else(|| "—".into(), |o| format!("{o:.4}"))
    ));
    let mut t = new_table(&["point", "utilities", "outcome"]);
    for (label, key, u) in [
        ("Nash", "nash", &info.nash),
        ("Kalai", "kalai", &info.kalai),
        ("Kalai–Smorodinsky", "ks", &info.ks),
        ("max welfare", "max_welfare", &info.max_welfare),
    ] {
        let outcome = info
            .points
            .get(key)
            .map(|m| {
                m.iter()
                    .map(|(i, v)| format!("{i}: {v}"))
                    .collect::<Vec<_>>()
                    .join("; ")
            })
            .unwrap_or_else(|| "—".into());
        t.add_row(vec![
            label.to_string(),
            u.as_deref().map_or_else(|| "—".into(), fmt_u),
            outcome,
        ]);
    }
    out.push_str(&render(&mut t));
    emit(&out)
}
