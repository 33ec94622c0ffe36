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

/// How to draw table borders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Borders {
    /// Box-drawing characters on a terminal whose locale is UTF-8, ASCII otherwise (a pipe,
    /// a file, another locale).
    Auto,
    /// Box-drawing characters (`┌─┆│`).
    Unicode,
    /// ASCII (`+-|`): one byte per column for any tool or terminal.
    Ascii,
}

/// Global output flags, accepted before or after the subcommand.
#[derive(Debug, Clone, clap::Args)]
pub struct UiArgs {
    /// Width of tables in columns; default: $COLUMNS, else the terminal's width, else 100.
    #[arg(long, global = true, value_name = "N", value_parser = parse_width)]
    pub width: Option<usize>,
    /// Colour the output: auto, always or never (NO_COLOR is honoured by auto).
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Table borders: auto, unicode or ascii; default: $PARLEY_BORDERS, else auto.
    #[arg(long, global = true, value_enum)]
    pub borders: Option<Borders>,
    /// Quiet: no progress bars, notes or summaries on stderr; only the requested output.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

/// The resolved output settings.
#[derive(Debug, Clone)]
#[allow(dead_code)] // width and colour are read through parley-io's output setting; here for other printing
pub struct Ui {
    /// Width of tables and prose in characters.
    pub width: usize,
    /// Whether to colour.
    pub color: bool,
    /// Quiet mode.
    pub quiet: bool,
}

static UI: OnceLock<Ui> = OnceLock::new();

/// The width: `--width`, else `$COLUMNS`, else the terminal's when stdout is one, else 100;
/// and whether it was given (false: the default of 100). An exported `$COLUMNS` is the
/// user asking for that width (as `ls` and clap read it), so it wins over the terminal's size.
fn resolve_width(flag: Option<usize>, terminal: Option<usize>, columns: Option<&str>) -> (usize, bool) {
    let given = flag
        .or_else(|| columns.and_then(|c| c.trim().parse().ok()).filter(|&c| c > 0))
        .or(terminal);
    let width = given
        .unwrap_or(parley_io::table::DEFAULT_WIDTH)
        .clamp(parley_io::table::MIN_WIDTH, 1000);
    (width, given.is_some())
}

/// Colour: `always`, `never`, or with `auto` when stdout is a terminal and `NO_COLOR`
/// is unset or empty (<https://no-color.org>: an explicit flag wins over the variable).
fn resolve_color(choice: ColorChoice, no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => no_color.is_none_or(|v| v.is_empty()) && terminal,
    }
}

/// Whether the locale's character set is UTF-8: the first set of `LC_ALL`, `LC_CTYPE`, `LANG`
/// (POSIX order) names it.
fn utf8_locale(vars: [Option<&str>; 3]) -> bool {
    vars.into_iter().flatten().find(|v| !v.is_empty()).is_some_and(|v| {
        let v = v.to_ascii_lowercase();
        v.contains("utf-8") || v.contains("utf8")
    })
}

/// ASCII borders? `--borders`, else `$PARLEY_BORDERS`, else auto: box drawing only on a
/// terminal with a UTF-8 locale.
fn resolve_ascii(flag: Option<Borders>, env: Option<&str>, terminal: bool, utf8: bool) -> bool {
    let env = env.and_then(|v| match v {
        "unicode" => Some(Borders::Unicode),
        "ascii" => Some(Borders::Ascii),
        "auto" => Some(Borders::Auto),
        _ => None,
    });
    match flag.or(env).unwrap_or(Borders::Auto) {
        Borders::Unicode => false,
        Borders::Ascii => true,
        Borders::Auto => !(terminal && utf8),
    }
}

/// Resolve the flags (called once, from `main`) and hand width and colour to the
/// renderers of parley-io (a process-wide setting there). Prose is wrapped only at a
/// width that was given (flag, terminal, `$COLUMNS`), not at the default of a pipe.
pub fn init(a: &UiArgs) {
    let columns = std::env::var("COLUMNS").ok();
    let (width, given) = resolve_width(a.width, parley_io::table::terminal_width(), columns.as_deref());
    let color = resolve_color(
        a.color,
        std::env::var_os("NO_COLOR").as_deref(),
        std::io::stdout().is_terminal(),
    );
    let var = |k: &str| std::env::var(k).ok();
    let (all, ctype, lang) = (var("LC_ALL"), var("LC_CTYPE"), var("LANG"));
    let ascii = resolve_ascii(
        a.borders,
        var("PARLEY_BORDERS").as_deref(),
        std::io::stdout().is_terminal(),
        utf8_locale([all.as_deref(), ctype.as_deref(), lang.as_deref()]),
    );
    parley_io::table::set_output(parley_io::table::Output {
        width,
        wrap_text: given,
        color,
        ascii,
    });
    UI.set(Ui {
        width,
        color,
        quiet: a.quiet,
    })
    .ok();
}

/// The output settings (defaults if `init` was not called).
pub fn get() -> &'static Ui {
    UI.get_or_init(|| Ui {
        width: parley_io::table::DEFAULT_WIDTH,
        color: false,
        quiet: false,
    })
}

/// Show progress on stderr? Only when it is a terminal and `-q` was not given.
pub fn show_progress() -> bool {
    !get().quiet && std::io::stderr().is_terminal()
}

/// `--width`: a whole number from 40 to 1000 (narrower splits words and numbers).
fn parse_width(v: &str) -> Result<usize, String> {
    match v.trim().parse::<usize>() {
        Ok(n) if (40..=1000).contains(&n) => Ok(n),
        _ => Err(format!("`{v}` is not a width from 40 to 1000 columns")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn borders_follow_the_flag_then_the_environment_then_the_terminal_and_locale() {
        assert!(!resolve_ascii(None, None, true, true), "a UTF-8 terminal draws boxes");
        assert!(resolve_ascii(None, None, false, true), "a pipe gets ASCII");
        assert!(resolve_ascii(None, None, true, false), "another locale gets ASCII");
        assert!(!resolve_ascii(None, Some("unicode"), false, false));
        assert!(
            resolve_ascii(Some(Borders::Ascii), Some("unicode"), true, true),
            "the flag wins"
        );
        assert!(!resolve_ascii(Some(Borders::Unicode), None, false, false));
        assert!(
            resolve_ascii(None, Some("bogus"), false, true),
            "an unknown value is auto"
        );
        assert!(utf8_locale([None, None, Some("en_US.UTF-8")]));
        assert!(utf8_locale([Some(""), Some("C.utf8"), Some("C")]));
        assert!(!utf8_locale([Some("C"), Some("en_US.UTF-8"), None]), "LC_ALL wins");
        assert!(!utf8_locale([None, None, None]));
    }

    #[test]
    fn width_comes_from_the_flag_then_the_terminal_then_columns_then_100() {
        assert_eq!(resolve_width(Some(72), Some(150), Some("90")), (72, true));
        // $COLUMNS=80 in a 240-column terminal means 80.
        assert_eq!(resolve_width(None, Some(150), Some("90")), (90, true));
        assert_eq!(resolve_width(None, Some(150), None), (150, true));
        assert_eq!(resolve_width(None, None, Some(" 90 ")), (90, true));
        assert_eq!(resolve_width(None, None, Some("wide")), (100, false));
        assert_eq!(resolve_width(None, None, Some("0")), (100, false));
        assert_eq!(resolve_width(None, None, None), (100, false));
        assert_eq!(resolve_width(Some(5), None, None), (parley_io::table::MIN_WIDTH, true));
    }

    #[test]
    fn auto_colour_needs_a_terminal_and_no_no_color() {
        let set = std::ffi::OsStr::new("1");
        let empty = std::ffi::OsStr::new("");
        assert!(resolve_color(ColorChoice::Auto, None, true));
        assert!(resolve_color(ColorChoice::Auto, Some(empty), true));
        assert!(!resolve_color(ColorChoice::Auto, Some(set), true));
        assert!(!resolve_color(ColorChoice::Auto, None, false));
        assert!(resolve_color(ColorChoice::Always, Some(set), false));
        assert!(!resolve_color(ColorChoice::Never, None, true));
    }
}
