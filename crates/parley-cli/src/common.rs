//! Glue shared by the subcommands: loading, output, exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use parley_io::{LoadError, Loaded};
use parley_models::{Model, ModelError, registry};
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
    let mut out: Map<String, Value> = Map::new();
    for p in params {
        let Some((key, value)) = p.split_once('=') else {
            return Err(Failure::Input(format!(
                "--param {p}: expected MODEL.KEY=VALUE, e.g. --param eum.rounds=10"
            )));
        };
        let Some((model, name)) = key.split_once('.') else {
            return Err(Failure::Input(format!(
                "--param {p}: expected MODEL.KEY=VALUE, e.g. --param nash.utility=quadratic"
            )));
        };
        if !registry::MODEL_IDS.contains(&model) {
            return Err(Failure::Input(format!(
                "--param {p}: unknown model `{model}`; `parley models` lists them"
            )));
        }
        let v: Value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
        let entry = out.entry(model.to_owned()).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(name.to_owned(), v);
        }
    }
    Ok(out)
}

/// Turn a model error into a failure; a bad parameter that came from the
/// scenario file (not overridden on the command line) is located in the file.
pub fn model_failure(loaded: &Loaded, cli: &Map<String, Value>, e: ModelError) -> Failure {
    if matches!(&e, ModelError::BadParam { model, .. } if model == parley_models::ensemble::ENSEMBLE_ID) {
        return Failure::Input(ensemble_failure(loaded, e));
    }
    if let ModelError::BadParam { model, param, message } = &e {
        let from_file = loaded
            .scenario
            .model_params(model)
            .is_some_and(|m| m.contains_key(param));
        let from_cli = cli
            .get(model)
            .and_then(Value::as_object)
            .is_some_and(|m| m.contains_key(param));
        if from_file && !from_cli {
            let path = parley_core::FieldPath::root().key("model").key(model).key(param);
            return Failure::Input(
                loaded
                    .diagnostic(&parley_core::FieldError::new(path, message.clone()))
                    .to_string(),
            );
        }
    }
    e.into()
}

/// A bad `[ensemble] weights` entry, located in the file.
pub fn ensemble_failure(loaded: &Loaded, e: ModelError) -> String {
    if let ModelError::BadParam { model, param, message } = &e
        && model == parley_models::ensemble::ENSEMBLE_ID
    {
        let path = parley_core::FieldPath::root().key("ensemble").key("weights").key(param);
        return loaded
            .diagnostic(&parley_core::FieldError::new(path, message.clone()))
            .to_string();
    }
    e.to_string()
}

/// Build the models named (or the defaults), with scenario and CLI parameters.
pub fn build_models(
    ids: &[String],
    s: &parley_core::Scenario,
    params: &Map<String, Value>,
) -> Result<Vec<Box<dyn Model>>, ModelError> {
    let chosen: Vec<String> = if ids.is_empty() {
        registry::DEFAULT_MODELS.iter().map(|s| s.to_string()).collect()
    } else {
        ids.to_vec()
    };
    let mut seen = Vec::new();
    let mut models = Vec::new();
    for id in chosen {
        if seen.contains(&id) {
            continue;
        }
        let overrides = params.get(&id).and_then(Value::as_object).cloned().unwrap_or_default();
        models.push(registry::build(&id, Some(s), &overrides)?);
        seen.push(id);
    }
    Ok(models)
}

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
            Some(v) => loaded.variant(v)?,
            None => loaded.scenario.clone(),
        };
        Ok((loaded, s))
    }
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
