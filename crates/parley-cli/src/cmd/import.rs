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
    /// An input file of the exchange-model program decide (`#A`, `#P`, `#M`, `#D` records, as
    /// in data/decide): one scenario.
    Decide,
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
    /// Actors' capabilities (DEU III only).
    #[arg(long, value_enum, default_value_t = Caps::File)]
    pub capabilities: Caps,
    /// Overwrite files that exist.
    #[arg(long)]
    pub force: bool,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let name = a.data.display().to_string();
    let text = parley_io::load::read_text(&a.data)?;
    let scenarios = match a.kind {
        Kind::Deu => {
            let data = parse(&name, &text)?;
            proposals(&name, &data, a.capabilities.scheme())?
        }
        Kind::Decide => {
            let stem = a
                .data
                .file_stem()
                .map_or("decide".into(), |s| s.to_string_lossy().to_string());
            let id: String = stem
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                        c.to_ascii_lowercase()
                    } else {
                        '-'
                    }
                })
                .collect();
            // Checked as the loader would, each problem at its line of the input.
            let (raw, _) = parley_io::decide::parse_checked(&name, &id, &text)?;
            vec![raw]
        }
    };
    let dir = &a.output;
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Input(format!(
            "{}: not a directory; -o names the directory to write the scenarios into",
            dir.display()
        )));
    }
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
    let plural = |n: usize, one: &str, many: &str| {
        if n == 1 {
            format!("{n} {one}")
        } else {
            format!("{n} {many}")
        }
    };
    let outcomes = if known > 0 {
        format!(", {known} with a recorded outcome")
    } else {
        String::new()
    };
    emit(&format!(
        "{name}: wrote {} ({}{outcomes}) to {}\n",
        plural(files.len(), "scenario", "scenarios"),
        plural(issues, "issue", "issues"),
        dir.display()
    ))
}
