//! `parley init [PATH] [--minimal]`: write a scenario to start from, as TOML or JSON.

use std::io::Write;
use std::path::{Path, PathBuf};

use parley_io::SourceFormat;

use crate::common::{CmdResult, Failure, emit};

/// The commented template of `parley init --minimal`.
pub const MINIMAL_TOML: &str = include_str!("../../templates/minimal.toml");

/// Format of the written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FileFormat {
    /// TOML, with the template's comments.
    Toml,
    /// JSON (comments cannot be kept).
    Json,
}

/// Arguments of `parley init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Where to write; `-` writes to stdout (default: alaska-2025.toml, or wage-talks.toml with --minimal).
    pub path: Option<PathBuf>,
    /// Write a small commented template (three actors, two issues) instead of the bundled scenario.
    #[arg(long)]
    pub minimal: bool,
    /// File format; default: JSON for a path ending in .json, else TOML.
    #[arg(long, value_enum)]
    pub format: Option<FileFormat>,
    /// Overwrite an existing file.
    #[arg(long)]
    pub force: bool,
}

/// The scenario text in `format`.
fn render(minimal: bool, format: FileFormat) -> Result<String, Failure> {
    let (name, toml) = if minimal {
        ("<template>/minimal.toml", MINIMAL_TOML)
    } else {
        ("<bundled>/alaska-2025.toml", parley_io::load::ALASKA_TOML)
    };
    match format {
        FileFormat::Toml => Ok(toml.to_owned()),
        FileFormat::Json => {
            let loaded = parley_io::load_str(name, toml, SourceFormat::Toml)
                .map_err(|e| Failure::Internal(anyhow::anyhow!("{name} does not load: {e}")))?;
            let mut text =
                serde_json::to_string_pretty(loaded.scenario.raw()).map_err(|e| Failure::Internal(e.into()))?;
            text.push('\n');
            Ok(text)
        }
    }
}

fn write_new(path: &Path, text: &str, force: bool) -> std::io::Result<()> {
    let mut f = if force {
        std::fs::File::create(path)?
    } else {
        std::fs::OpenOptions::new().write(true).create_new(true).open(path)?
    };
    f.write_all(text.as_bytes())?;
    f.flush()
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let default = if a.minimal {
        "wage-talks.toml"
    } else {
        "alaska-2025.toml"
    };
    let path = a.path.unwrap_or_else(|| PathBuf::from(default));
    let to_stdout = path.as_os_str() == "-";
    let format = a
        .format
        .unwrap_or(if !to_stdout && SourceFormat::from_path(&path) == SourceFormat::Json {
            FileFormat::Json
        } else {
            FileFormat::Toml
        });
    // Another extension (`.yaml`, say) would hold TOML under a name that says otherwise.
    if !to_stdout
        && let Some(ext) = path.extension().map(|e| e.to_string_lossy().to_lowercase())
        && ext != "toml"
        && ext != "json"
    {
        return Err(Failure::Input(format!(
            "{}: parley writes scenarios as TOML or JSON; name the file .toml or .json (`.{ext}` is neither)",
            path.display()
        )));
    }
    // parley tells JSON from TOML by the extension: a mismatch would write a file it cannot read.
    if !to_stdout && a.format.is_some() {
        let by_name = SourceFormat::from_path(&path);
        let wanted = match format {
            FileFormat::Toml => SourceFormat::Toml,
            FileFormat::Json => SourceFormat::Json,
        };
        if by_name != wanted {
            let fix = match wanted {
                SourceFormat::Json => "JSON is read only from a file ending in .json",
                SourceFormat::Toml => "a file ending in .json is read as JSON",
            };
            return Err(Failure::Input(format!(
                "{}: --format does not match the file name ({fix}); rename the file or drop --format",
                path.display()
            )));
        }
    }
    let text = render(a.minimal, format)?;
    if to_stdout {
        return emit(&text);
    }
    if path.is_dir() {
        return Err(Failure::Input(format!(
            "{}: is a directory; give a file path, e.g. {}",
            path.display(),
            path.join(default).display()
        )));
    }
    if path.exists() && !a.force {
        return Err(Failure::Input(format!(
            "{}: already exists; pass --force to overwrite it",
            path.display()
        )));
    }
    write_new(&path, &text, a.force).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Failure::Input(format!(
                "{}: already exists; pass --force to overwrite it",
                path.display()
            ))
        } else {
            Failure::output(&path.display().to_string(), &e)
        }
    })?;
    let kind = match format {
        FileFormat::Toml => "TOML",
        FileFormat::Json => "JSON",
    };
    if crate::ui::get().quiet {
        return Ok(());
    }
    emit(&parley_io::table::fit_text(&format!(
        "wrote {} ({kind}); try `parley check {}` and `parley forecast {}`",
        path.display(),
        path.display(),
        path.display()
    )))
}
