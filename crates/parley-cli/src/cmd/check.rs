//! `parley check FILE`: validate, exit 0 or print every problem and exit 2.

use std::path::PathBuf;

use crate::common::{CmdResult, Failure, emit};

/// Arguments of `parley check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file to validate.
    pub file: PathBuf,
}

/// Run it: also applies every variant, so a broken variant is caught here.
/// (Outcome rules were compiled and trial-run by validation.)
pub fn run(a: Args) -> CmdResult {
    let loaded = parley_io::load_file(&a.file)?;
    let mut problems = Vec::new();
    for v in &loaded.scenario.raw().variants {
        if let Err(e) = loaded.variant(&v.id) {
            problems.push(e.to_string());
        }
    }
    if !problems.is_empty() {
        return Err(Failure::Input(problems.join("\n")));
    }
    let s = &loaded.scenario;
    emit(&format!(
        "{}: ok — {} issues, {} actors, {} stages, {} outcome classes, {} variants",
        loaded.name,
        s.issues().len(),
        s.actors().len(),
        s.stages().len(),
        s.outcomes().len(),
        s.raw().variants.len()
    ))
}
