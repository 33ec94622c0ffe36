//! `parley import deu DATA -o DIR`: scenario files from data in another format.

use std::path::PathBuf;

use parley_io::deu::{parse, proposals, to_toml};

use super::evaluate::Caps;
use crate::common::{CmdResult, Failure, emit};

/// Formats `import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// The DEU III data of EU legislative decisions (tab-separated, as in data/deu3): one
    /// scenario per proposal, the recorded outcomes as each issue's `actual`.
    Deu,
}

/// Arguments of `parley import`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The format of DATA.
    #[arg(value_enum)]
    pub kind: Kind,
    /// The file to read.
    pub data: PathBuf,
    /// Directory to write the scenario files to (created if missing).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// Actors' capabilities.
    #[arg(long, value_enum, default_value_t = Caps::File)]
    pub capabilities: Caps,
    /// Overwrite files that exist.
    #[arg(long)]
    pub force: bool,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let Kind::Deu = a.kind;
    let name = a.data.display().to_string();
    let text = parley_io::load::read_text(&a.data)?;
    let data = parse(&name, &text)?;
    let scenarios = proposals(&name, &data, a.capabilities.scheme())?;
    let dir = &a.output;
    let files: Vec<(PathBuf, String)> = scenarios
        .iter()
        .map(|raw| {
            let text = to_toml(raw).map_err(|e| Failure::Internal(anyhow::anyhow!("{}: {e}", raw.scenario.id)))?;
            Ok((dir.join(format!("{}.toml", raw.scenario.id)), text))
        })
        .collect::<Result<_, Failure>>()?;
    // Never overwrite without --force: check every target before writing any.
    if !a.force {
        let existing: Vec<String> = files
            .iter()
            .filter(|(p, _)| p.exists())
            .map(|(p, _)| p.display().to_string())
            .collect();
        if let Some(first) = existing.first() {
            return Err(Failure::Input(format!(
                "{first}: exists ({} of the {} files to write exist); --force overwrites them",
                existing.len(),
                files.len()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| Failure::output(&dir.display().to_string(), &e))?;
    for (path, text) in &files {
        std::fs::write(path, text).map_err(|e| Failure::output(&path.display().to_string(), &e))?;
    }
    let known: usize = scenarios
        .iter()
        .map(|r| r.issues.iter().filter(|i| i.actual.is_some()).count())
        .sum();
    let issues: usize = scenarios.iter().map(|r| r.issues.len()).sum();
    emit(&format!(
        "{name}: wrote {} scenarios ({issues} issues, {known} with a recorded outcome) to {}\n",
        files.len(),
        dir.display()
    ))
}
