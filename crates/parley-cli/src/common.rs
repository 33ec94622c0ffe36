//! Glue shared by the subcommands: loading, output, exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use parley_io::{LoadError, Loaded};
use parley_models::{Model, ModelError};
use serde_json::{Map, Value};

/// Why a command failed; decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Bad input (exit 2), already located.
    Input(String),
    /// Output could not be written: a full disk, a closed terminal (exit 3).
    Output(String),
    /// Anything else: a bug in parley (exit 1).
    Internal(anyhow::Error),
}

impl Failure {
    /// A write error on `what` (a file name, or standard output).
    pub fn output(what: &str, e: &std::io::Error) -> Self {
        Failure::Output(format!("parley: cannot write {what}: {e}"))
    }
}

impl From<LoadError> for Failure {
    fn from(e: LoadError) -> Self {
        Failure::Input(e.to_string())
    }
}

impl From<ModelError> for Failure {
    fn from(e: ModelError) -> Self {
        match e {
            ModelError::Numerical(_) => Failure::Internal(anyhow::anyhow!(e)),
            _ => Failure::Input(e.to_string()),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Internal(e)
    }
}

/// Result of a subcommand.
pub type CmdResult = Result<(), Failure>;

/// Map a result to an exit code, printing errors to stderr.
pub fn finish(r: CmdResult) -> ExitCode {
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(msg)) => {
            eprintln!("{msg}");
            ExitCode::from(2)
        }
        Err(Failure::Output(msg)) => {
            eprintln!("{msg}");
            ExitCode::from(3)
        }
        Err(Failure::Internal(e)) => {
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("parley: internal error: {e:#}");
            ExitCode::from(1)
        }
    }
}

/// Print to stdout; a closed pipe ends quietly.
pub fn emit(text: &str) -> CmdResult {
    let mut out = std::io::stdout().lock();
    let r = out.write_all(text.as_bytes()).and_then(|_| {
        if text.ends_with('\n') {
            Ok(())
        } else {
            out.write_all(b"\n")
        }
    });
    match r.and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::output("standard output", &e)),
    }
}

/// Print a value as pretty JSON.
pub fn emit_json<T: serde::Serialize>(v: &T) -> CmdResult {
    let s = serde_json::to_string_pretty(v).map_err(|e| Failure::Internal(e.into()))?;
    emit(&s)
}

/// Load FILE, or the bundled scenario when none is given.
pub fn load(file: &Option<PathBuf>) -> Result<Loaded, Failure> {
    use std::io::IsTerminal;
    if file.as_ref().is_some_and(|p| p.as_os_str() == "-") && std::io::stdin().is_terminal() {
        eprintln!("parley: reading the scenario from standard input (end it with Ctrl-D)");
    }
    Ok(match file {
        Some(p) => parley_io::load_file(p)?,
        None => parley_io::load_bundled()?,
    })
}

/// Output format of a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Tables for people.
    Table,
    /// The versioned JSON contract (docs/FORMAT.md).
    Json,
    /// Flat CSV with a header row.
    Csv,
}

/// Parse `--param MODEL.KEY=VALUE` options into per-model maps (VALUE as JSON, else a string).
pub fn parse_params(params: &[String]) -> Result<Map<String, Value>, Failure> {
    parley_io::options::parse_params(params).map_err(Failure::Input)
}

/// Turn a model error into a failure; a bad parameter that came from the
/// scenario file (not overridden on the command line) is located in the file.
pub fn model_failure(loaded: &Loaded, cli: &Map<String, Value>, e: ModelError) -> Failure {
    match parley_io::options::located_model_error(loaded, cli, e) {
        Ok(msg) => Failure::Input(msg),
        Err(e) => e.into(),
    }
}

pub use parley_io::options::build_models;

/// A scenario file (or the bundled one) and an optional variant of it.
#[derive(Debug, clap::Args)]
pub struct ScenarioArgs {
    /// Scenario file (TOML, or JSON by its .json extension); default: the bundled Alaska scenario.
    pub file: Option<PathBuf>,
    /// Apply this what-if variant of the scenario first.
    #[arg(long)]
    pub variant: Option<String>,
}

impl ScenarioArgs {
    /// Load the file and apply the variant.
    pub fn load(&self) -> Result<(Loaded, parley_core::Scenario), Failure> {
        let loaded = load(&self.file)?;
        let s = match &self.variant {
            Some(v) => variant_of(&loaded, self.file.as_deref(), v)?,
            None => loaded.scenario.clone(),
        };
        Ok((loaded, s))
    }
}

/// Variant `v` of the loaded scenario (read from `file`, None: the bundled one); a name the
/// file does not have is a mistake on the command line, and is reported as one.
pub fn variant_of(loaded: &Loaded, file: Option<&std::path::Path>, v: &str) -> Result<parley_core::Scenario, Failure> {
    let known: Vec<&str> = loaded.scenario.raw().variants.iter().map(|x| x.id.as_str()).collect();
    if !known.contains(&v) {
        return Err(Failure::Input(format!(
            "--variant {v}: no such variant in {} (it has: {})",
            file.map_or_else(|| "the bundled scenario".to_string(), |f| f.display().to_string()),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    }
    Ok(loaded.variant(v)?)
}

/// Which models to run, with their parameters.
#[derive(Debug, clap::Args)]
pub struct ModelArgs {
    /// Model to run (repeatable); default: compromise, median, nash, eum.
    #[arg(long = "model", short = 'm', value_name = "ID")]
    pub models: Vec<String>,
    /// Model parameter, e.g. `--param nash.utility=quadratic` or `--param eum.rounds=5` (repeatable).
    #[arg(long = "param", value_name = "MODEL.KEY=VALUE")]
    pub params: Vec<String>,
}

impl ModelArgs {
    /// Build the models for `s`; a bad parameter from the file is located in it.
    pub fn build(&self, loaded: &Loaded, s: &parley_core::Scenario) -> Result<Vec<Box<dyn Model>>, Failure> {
        let params = parse_params(&self.params)?;
        build_models(&self.models, s, &params).map_err(|e| model_failure(loaded, &params, e))
    }
}

/// A parser for a whole-number option in `lo..=hi`, with a message that says so
/// (clap's own would suggest `-- -5` for a negative value).
pub fn whole<T>(name: &'static str, lo: T, hi: T) -> impl Fn(&str) -> Result<T, String> + Clone + Send + Sync
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy + Send + Sync + 'static,
{
    move |v: &str| match v.trim().parse::<T>() {
        Ok(n) if lo <= n && n <= hi => Ok(n),
        _ => Err(format!("--{name} takes a whole number from {lo} to {hi}")),
    }
}

/// `--save [--db PATH]`: keep the run in the run store.
#[derive(Debug, clap::Args)]
pub struct SaveArgs {
    /// Keep this run in the run store (`parley runs list` shows it, the web app reopens it).
    #[arg(long)]
    pub save: bool,
    /// The run store; default: $PARLEY_DB, else ~/.local/share/parley/runs.sqlite.
    #[arg(long, value_name = "PATH", requires = "save")]
    pub db: Option<PathBuf>,
}

/// What a saved run records besides its output.
pub struct RunMeta<'a> {
    /// Command name.
    pub kind: &'a str,
    /// The scenario as read.
    pub loaded: &'a Loaded,
    /// Variant applied.
    pub variant: Option<&'a str>,
    /// Model ids (empty: the defaults).
    pub models: &'a [String],
    /// The command's options, as JSON.
    pub params: Value,
    /// Seed of a stochastic run.
    pub seed: Option<u64>,
}

impl SaveArgs {
    /// Save `result` when `--save` was given; say where on stderr.
    pub fn save<T: serde::Serialize>(&self, meta: RunMeta<'_>, result: &T) -> CmdResult {
        if !self.save {
            return Ok(());
        }
        let path = self.db.clone().unwrap_or_else(parley_store::default_path);
        let store = parley_store::Store::open(&path).map_err(|e| Failure::Input(format!("--save: {e}")))?;
        let models = if meta.models.is_empty() {
            parley_models::registry::DEFAULT_MODELS
                .iter()
                .map(|m| m.to_string())
                .collect()
        } else {
            meta.models.to_vec()
        };
        let run = parley_store::NewRun {
            kind: meta.kind.into(),
            origin: "cli".into(),
            scenario_id: meta.loaded.scenario.id().into(),
            scenario_title: meta.loaded.scenario.title().into(),
            scenario_text: meta.loaded.text.clone(),
            variant: meta.variant.map(str::to_owned),
            models,
            params: meta.params,
            seed: meta.seed,
            result: serde_json::to_string(result).map_err(|e| Failure::Internal(e.into()))?,
        };
        let id = store.save(&run).map_err(|e| Failure::Input(format!("--save: {e}")))?;
        if !crate::ui::get().quiet {
            eprintln!("parley: saved as run {id} in {}", store.path());
        }
        Ok(())
    }
}

/// The stage `id` of `s` (default: the last) and who decides in its room
/// (`parley_models::zopa::room`).
pub fn stage_room<'a>(
    s: &'a parley_core::Scenario,
    id: Option<&str>,
) -> Result<(&'a parley_core::Stage, Vec<usize>), Failure> {
    let stages = s.stages();
    let stage = match id {
        Some(id) => stages.iter().find(|st| st.id == id).ok_or_else(|| {
            let known: Vec<&str> = stages.iter().map(|st| st.id.as_str()).collect();
            Failure::Input(format!(
                "--stage {id}: no such stage (the scenario has: {})",
                known.join(", ")
            ))
        })?,
        None => stages.last().ok_or_else(|| {
            Failure::Input(format!(
                "{}: the scenario has no stages; there is no room to negotiate in",
                s.id()
            ))
        })?,
    };
    let room = parley_models::zopa::room(stage, &s.veto_players());
    if let Some(why) = room_problem(s, stage, &room) {
        return Err(Failure::Input(format!("{}: {why}, or give another --stage", s.id())));
    }
    Ok((stage, room))
}

/// Why `negotiate` and `mediate` cannot run in `stage`'s `room` (who decides in it), if
/// they cannot: nobody in it, or one party alone. `check` says the same as a note.
pub fn room_problem(s: &parley_core::Scenario, stage: &parley_core::Stage, room: &[usize]) -> Option<String> {
    match room {
        [] => Some(format!(
            "stage `{}` has no participants: nobody negotiates in its room (list them in its \
             [[stage]] `participants`)",
            stage.id
        )),
        [one] => Some(format!(
            "stage `{}` leaves `{}` alone deciding in its room (the veto players among its \
             participants, or all of them when none has a veto): negotiating needs two",
            stage.id,
            s.actors()[*one].id
        )),
        _ => None,
    }
}

/// `one` for 1, else `many`.
pub fn plural(n: usize, one: &'static str, many: &'static str) -> &'static str {
    if n == 1 { one } else { many }
}

/// "a", "a and b", "a, b and c".
pub fn and_list(v: &[String]) -> String {
    match v {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
