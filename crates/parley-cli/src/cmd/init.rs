//! `parley init [PATH]`: write the bundled scenario as an editable file.

use std::path::PathBuf;

use crate::common::{CmdResult, Failure, emit};

/// Arguments of `parley init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write (default: alaska-2025.toml in the current directory).
    pub path: Option<PathBuf>,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let path = a.path.unwrap_or_else(|| PathBuf::from("alaska-2025.toml"));
    if path.exists() && !a.force {
        return Err(Failure::Input(format!(
            "{}: already exists; pass --force to overwrite",
            path.display()
        )));
    }
    std::fs::write(&path, parley_io::load::ALASKA_TOML)
        .map_err(|e| Failure::Input(format!("{}: cannot write: {e}", path.display())))?;
    emit(&format!(
        "wrote {}; try `parley forecast {}`",
        path.display(),
        path.display()
    ))
}
