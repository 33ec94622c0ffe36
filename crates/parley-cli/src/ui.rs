//! Options that shape every command's output: table width, colour, quiet mode.
//!
//! Set once from the global flags in `main`, read by the commands.

use std::io::IsTerminal;
use std::sync::OnceLock;

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Global output flags, accepted before or after the subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct UiArgs {
    /// Width of tables in columns; default: the terminal's width, else $COLUMNS, else 100.
    #[arg(long, global = true, value_name = "N")]
    pub width: Option<usize>,
    /// Colour the output: auto, always or never (NO_COLOR is honoured by auto).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Quiet: no progress bars, notes or summaries on stderr; only the requested output.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

/// The resolved output settings.
#[derive(Debug, Clone)]
#[allow(dead_code)] // colour and quiet are read by the commands as they adopt them
pub struct Ui {
    /// Table width in columns.
    pub width: usize,
    /// Whether to colour.
    pub color: bool,
    /// Quiet mode.
    pub quiet: bool,
}

static UI: OnceLock<Ui> = OnceLock::new();

/// Resolve the flags (called once, from `main`).
pub fn init(a: &UiArgs) {
    let width = a
        .width
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse().ok()))
        .unwrap_or(100)
        .max(20);
    let color = match a.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
        }
    };
    UI.set(Ui {
        width,
        color,
        quiet: a.quiet,
    })
    .ok();
}

/// The output settings (defaults if `init` was not called).
#[allow(dead_code)]
pub fn get() -> &'static Ui {
    UI.get_or_init(|| Ui {
        width: 100,
        color: false,
        quiet: false,
    })
}
