//! `parley evaluate DATA`: every model's forecast accuracy on decisions whose outcome is known.

use std::path::PathBuf;

use parley_io::deu::{Capabilities, cases, parse};
use parley_io::evaluate::{evaluate_csv, evaluate_report, evaluate_table, weights_toml};
use parley_models::evaluate::{Case, CvConfig, EvalConfig, Tuning, evaluate_tuned};
use parley_models::{Model, registry};
use serde_json::Value;

use crate::common::{CmdResult, Failure, Format, emit, emit_json, parse_params};

/// Where the actors' capabilities come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Caps {
    /// The data's capability row (relative GDP in the DEU III copy of data/deu3).
    File,
    /// Every actor 1.
    Equal,
    /// The Council's voting rule: Nice votes under QMV, one each and a veto under unanimity;
    /// the Parliament as strong as the Council under co-decision (docs/MODELS.md).
    Council,
}

impl Caps {
    /// The scheme of parley-io.
    pub fn scheme(self) -> Capabilities {
        match self {
            Caps::File => Capabilities::File,
            Caps::Equal => Capabilities::Equal,
            Caps::Council => Capabilities::Council,
        }
    }
}

/// Arguments of `parley evaluate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Data with known outcomes: a DEU III file (tab-separated, as in data/deu3), or a
    /// directory of scenario files (or one such file, `*.toml`/`*.json`) whose issues give
    /// `actual` (e.g. from `parley import deu`).
    pub data: PathBuf,
    /// Model to score (repeatable); default: compromise, median, nash, eum.
    #[arg(long = "model", short = 'm', value_name = "ID")]
    pub models: Vec<String>,
    /// Model parameter, e.g. `--param eum.rounds=5` (repeatable).
    #[arg(long = "param", value_name = "MODEL.KEY=VALUE")]
    pub params: Vec<String>,
    /// Actors' capabilities, for a DEU III file [default: file]; a directory's scenarios
    /// carry their own.
    #[arg(long, value_enum)]
    pub capabilities: Option<Caps>,
    /// Seed of the bootstrap.
    #[arg(long, default_value_t = 1, allow_negative_numbers = true, value_parser = crate::common::whole("seed", 0_u64, u64::MAX))]
    pub seed: u64,
    /// Bootstrap resamples for the MAE's 95% interval.
    #[arg(long, default_value_t = 2000, allow_negative_numbers = true, value_parser = crate::common::whole("resamples", 1_usize, 1_000_000))]
    pub resamples: usize,
    /// Folds of the cross-validated blend of the models (0: no blend) [default: 10, or the
    /// number of proposals or scenarios with an outcome when there are fewer].
    #[arg(long, allow_negative_numbers = true, value_parser = crate::common::whole("folds", 0_usize, 1000))]
    pub folds: Option<usize>,
    /// Tune a model parameter by cross-validation over these values, e.g. `--tune
    /// eum.q=0.5,0.75,1` (repeatable): each fold uses the value with the smallest MAE on the
    /// other folds; scored as the row `<model>-cv`.
    #[arg(long = "tune", value_name = "MODEL.KEY=V1,V2,…")]
    pub tune: Vec<String>,
    /// Write the blend's weights (fitted on all the data) to this new file, as an `[ensemble]`
    /// section to paste into a scenario (the file holds only that section).
    #[arg(long, value_name = "PATH")]
    pub write_weights: Option<PathBuf>,
    /// Let --write-weights replace a file that exists.
    #[arg(long)]
    pub force: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Every scenario file (`*.toml`, `*.json`) in `dir`, in name order, as cases: each issue's
/// `actual` is its truth; a scenario is its own group in the cross-validation.
/// A single scenario file is read the same way, as one case.
fn dir_cases(dir: &std::path::Path) -> Result<Vec<Case>, Failure> {
    let mut paths: Vec<PathBuf> = if is_scenario_file(dir) {
        vec![dir.to_path_buf()]
    } else {
        let entries =
            std::fs::read_dir(dir).map_err(|e| Failure::Input(format!("{}: cannot read: {e}", dir.display())))?;
        entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_scenario_file(p))
            .collect()
    };
    paths.sort();
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for p in &paths {
        match parley_io::load_file(p) {
            Ok(l) => out.push(Case::from_scenario(l.scenario.id().to_string(), l.scenario)),
            Err(e) => errors.push(e.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::Input(errors.join("\n")));
    }
    if out.is_empty() {
        return Err(Failure::Input(format!(
            "{}: no scenario files (*.toml, *.json)",
            dir.display()
        )));
    }
    Ok(out)
}

/// A file named `*.toml` or `*.json`.
fn is_scenario_file(p: &std::path::Path) -> bool {
    p.is_file() && p.extension().is_some_and(|x| x == "toml" || x == "json")
}

/// Parse `--tune MODEL.KEY=V1,V2,…` and build the model with each value (on top of the
/// `--param` settings of that model).
fn tuning(spec: &str, params: &serde_json::Map<String, Value>) -> Result<Tuning, Failure> {
    let bad = || {
        Failure::Input(format!(
            "--tune {spec}: expected MODEL.KEY=V1,V2,…, e.g. --tune eum.q=0.5,0.75,1"
        ))
    };
    let (key, list) = spec.split_once('=').ok_or_else(bad)?;
    let (model, param) = key.split_once('.').ok_or_else(bad)?;
    let values: Vec<Value> = list
        .split(',')
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(|v| serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_owned())))
        .collect();
    let mut candidates = Vec::new();
    for (k, v) in values.iter().enumerate() {
        if values[..k].contains(v) {
            return Err(Failure::Input(format!("--tune {spec}: {v} is given twice")));
        }
        let mut overrides = params
            .get(model)
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        overrides.insert(param.to_owned(), v.clone());
        let m = registry::build(model, None, &overrides).map_err(|e| Failure::Input(format!("--tune {spec}: {e}")))?;
        candidates.push(m);
    }
    // After the values are checked, so that a bad one is named even when it is the only one.
    if values.len() < 2 {
        return Err(Failure::Input(format!(
            "--tune {spec}: give two values or more to choose from"
        )));
    }
    Ok(Tuning {
        model: model.to_owned(),
        param: param.to_owned(),
        values,
        candidates,
    })
}

fn progress(total: usize) -> indicatif::ProgressBar {
    if !crate::ui::show_progress() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("evaluate {wide_bar} {pos}/{len} issues, eta {eta}") {
        bar.set_style(style);
    }
    bar
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let name = a.data.display().to_string();
    // A directory of scenarios, or one scenario file; anything else is read as DEU III.
    let dir = a.data.is_dir() || is_scenario_file(&a.data);
    if dir && a.capabilities.is_some() {
        return Err(Failure::Input(format!(
            "{name}: --capabilities applies to a DEU III file; the scenarios of a directory carry their own"
        )));
    }
    // Never overwrite a file (it may be a scenario) without --force: checked before the work.
    if let Some(path) = &a.write_weights
        && !a.force
        && std::fs::symlink_metadata(path).is_ok()
    {
        return Err(Failure::Input(format!(
            "{}: exists; --write-weights writes a new file holding only the [ensemble] section (--force replaces the file)",
            path.display()
        )));
    }
    let caps = a.capabilities.unwrap_or(Caps::File);
    let cs = if dir {
        dir_cases(&a.data)?
    } else {
        let text = parley_io::load::read_text(&a.data)?;
        let data = parse(&name, &text)?;
        cases(&name, &data, caps.scheme())?
    };
    let params = parse_params(&a.params)?;
    let ids: Vec<String> = if a.models.is_empty() {
        registry::DEFAULT_MODELS.iter().map(|s| s.to_string()).collect()
    } else {
        a.models.clone()
    };
    let mut models: Vec<Box<dyn Model>> = Vec::new();
    for id in &ids {
        if models.iter().any(|m| m.info().id == id.as_str()) {
            continue;
        }
        if id == "ensemble" {
            return Err(Failure::Input(
                "-m ensemble: the ensemble is the models' weighted mean, not a model; evaluate scores it as the row `blend-cv`, with weights fitted out of fold (--folds)".into(),
            ));
        }
        let overrides = params.get(id).and_then(Value::as_object).cloned().unwrap_or_default();
        models.push(registry::build(id, None, &overrides)?);
    }
    // Groups (proposals, scenarios) with a recorded outcome are dealt to folds whole: more
    // folds than groups would leave folds empty.
    let groups = cs
        .iter()
        .filter(|c| c.truth.iter().any(Option::is_some))
        .map(|c| c.group.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    let folds = match a.folds {
        Some(1) => return Err(Failure::Input("--folds takes 0 (no blend) or 2 and more".into())),
        Some(k) if k > groups && groups > 0 => {
            return Err(Failure::Input(format!(
                "--folds {k}: {name} has {groups} {} with a recorded outcome to deal into folds (each stays in one fold whole); give --folds {groups} or fewer",
                if dir { "scenarios" } else { "proposals" }
            )));
        }
        Some(k) => k,
        None if groups < 2 => 0,
        None => groups.min(10),
    };
    let cfg = EvalConfig {
        resamples: a.resamples,
        seed: a.seed,
        cv: (folds >= 2).then(|| CvConfig {
            folds,
            seed: a.seed,
            ..CvConfig::default()
        }),
    };
    let tunings = a
        .tune
        .iter()
        .map(|t| tuning(t, &params))
        .collect::<Result<Vec<_>, Failure>>()?;
    // The exchange model trades across the issues of one scenario; a DEU III file is scored
    // issue by issue (a scenario each), where it could only return the compromise model's value.
    if !dir && (ids.iter().any(|id| id == "exchange") || tunings.iter().any(|t| t.model == "exchange")) {
        return Err(Failure::Input(format!(
            "{name}: the exchange model trades across the issues of a proposal, and a DEU III file is scored issue by issue; run `parley import deu {name} -o DIR` and `parley evaluate DIR -m exchange`"
        )));
    }
    if !tunings.is_empty() && cfg.cv.is_none() {
        return Err(Failure::Input(
            "--tune needs cross-validation: --folds 2 or more".into(),
        ));
    }
    let bar = progress(cs.len());
    let ev = evaluate_tuned(&cs, &models, tunings, &cfg, &|done| bar.set_position(done as u64));
    bar.finish_and_clear();
    if ev.cases == 0 {
        return Err(Failure::Input(format!(
            "{name}: no issue with a recorded outcome ({})",
            if dir {
                "the issue field `actual`"
            } else {
                "column `out`"
            }
        )));
    }
    let caps_name = match caps {
        _ if dir => "scenarios",
        Caps::File => "file",
        Caps::Equal => "equal",
        Caps::Council => "council",
    };
    let rep = evaluate_report(&name, caps_name, &cfg, &ev);
    if let Some(path) = &a.write_weights {
        let Some(cv) = &rep.cv else {
            return Err(Failure::Input(
                "--write-weights: no blend was fitted (it needs --folds 2 or more and two models that answer every issue)".into(),
            ));
        };
        std::fs::write(path, weights_toml(cv)).map_err(|e| Failure::output(&path.display().to_string(), &e))?;
    }
    match a.format {
        Format::Json => emit_json(&rep),
        Format::Csv => emit(&evaluate_csv(&rep)),
        Format::Table => emit(&evaluate_table(&rep)),
    }
}
