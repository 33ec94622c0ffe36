//! `parley check FILE [--against SOURCE.txt]`: validate, exit 0 or print every problem and exit 2.

use std::path::PathBuf;

use parley_io::provenance;

use crate::common::{CmdResult, Failure, emit};

/// Arguments of `parley check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file to validate (`-` reads standard input); default: the bundled scenario.
    pub file: Option<PathBuf>,
    /// Source text the scenario quotes: every `source` quote must appear in it, and
    /// values with neither a quote nor `inferred` are listed.
    #[arg(long, value_name = "SOURCE.txt")]
    pub against: Option<PathBuf>,
}

/// Run it: also applies every variant, so a broken variant is caught here. (Loading
/// already compiled and trial-ran the outcome rules and checked the model sections and
/// ensemble weights, of the file and of each variant.)
pub fn run(a: Args) -> CmdResult {
    let stdin = |p: &Option<PathBuf>| p.as_ref().is_some_and(|p| p.as_os_str() == "-");
    if stdin(&a.file) && stdin(&a.against) {
        return Err(Failure::Input(
            "the scenario and --against cannot both come from standard input (`-`); give one as a file".into(),
        ));
    }
    let loaded = crate::common::load(&a.file)?;
    let mut problems = Vec::new();
    // Each variant applied once: its errors here, its rooms in the notes below.
    let mut variants = Vec::new();
    for v in &loaded.scenario.raw().variants {
        match loaded.variant(&v.id) {
            Ok(vs) => variants.push((v.id.as_str(), vs)),
            Err(e) => problems.push(e.to_string()),
        }
    }
    let mut report = String::new();
    if let Some(src) = &a.against {
        let text = parley_io::load::read_text(src)?;
        let p = provenance::check(loaded.scenario.raw(), &text);
        problems.extend(p.not_found.iter().map(|e| loaded.diagnostic(e).to_string()));
        for e in &p.unsourced {
            report.push_str(&format!("{}\n", loaded.diagnostic(e)));
        }
        report.push_str(&format!(
            "{}: provenance against {}: {} quotes found, {} not found; {} values inferred; {} without a source\n",
            loaded.name,
            src.display(),
            p.quotes_found,
            p.not_found.len(),
            p.inferred,
            p.unsourced.len()
        ));
    }
    if !problems.is_empty() {
        if !report.is_empty() {
            eprint!("{}", parley_io::table::fit_text(&report));
        }
        return Err(Failure::Input(problems.join("\n")));
    }
    let s = &loaded.scenario;
    let n = |k: usize, one: &str, many: &str| format!("{k} {}", if k == 1 { one } else { many });
    report.push_str(&format!(
        "{}: ok — {}, {}, {}, {}, {}, {}",
        loaded.name,
        n(s.issues().len(), "issue", "issues"),
        n(s.packages().len(), "package", "packages"),
        n(s.actors().len(), "actor", "actors"),
        n(s.stages().len(), "stage", "stages"),
        n(s.outcomes().len(), "outcome class", "outcome classes"),
        n(s.raw().variants.len(), "variant", "variants")
    ));
    // What the file allows but some commands need: said, not refused.
    if s.stages().is_empty() {
        report.push_str(
            "\nnote: no [[stage]]: `negotiate` and `mediate` need a room to run in \
             (a stage with its participants)",
        );
    }
    let mut rooms = |sc: &parley_core::Scenario, variant: Option<&str>| {
        for st in sc.stages() {
            let room = parley_models::zopa::room(st, &sc.veto_players());
            if let Some(why) = crate::common::room_problem(sc, st, &room) {
                let with = variant.map_or_else(String::new, |v| format!(" (with --variant {v})"));
                report.push_str(&format!(
                    "\nnote{with}: {why}; `negotiate` and `mediate` cannot run in it"
                ));
            }
        }
    };
    rooms(s, None);
    for (id, vs) in &variants {
        rooms(vs, Some(id));
    }
    emit(&parley_io::table::fit_text(&report))
}
