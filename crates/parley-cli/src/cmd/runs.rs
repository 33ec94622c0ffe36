//! `parley runs list|show|diff`: the runs kept by `--save` and by the web app.

use std::path::PathBuf;

use parley_io::table::{new_table, render};
use parley_store::{Run, Store};
use serde_json::json;

use crate::common::{CmdResult, Failure, emit, emit_json};

/// Arguments of `parley runs`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
    /// The run store; default: $PARLEY_DB, else ~/.local/share/parley/runs.sqlite.
    #[arg(long, value_name = "PATH", global = true)]
    pub db: Option<PathBuf>,
}

/// What to do with the store.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// The latest runs, newest first.
    List {
        /// How many.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Shown::Table)]
        format: Shown,
    },
    /// One run: what ran, on which scenario, and its output (JSON, as the command printed it).
    Show {
        /// Run id (`parley runs list` shows them).
        id: i64,
        /// `json`: the run's output alone; `record`: the whole record.
        #[arg(long, value_enum, default_value_t = ShowWhat::Json)]
        format: ShowWhat,
    },
    /// What differs between two runs' outputs, by JSON pointer.
    Diff {
        /// First run id.
        a: i64,
        /// Second run id.
        b: i64,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Shown::Table)]
        format: Shown,
    },
}

/// Table or JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Shown {
    /// A table for people.
    Table,
    /// JSON.
    Json,
}

/// What `runs show` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ShowWhat {
    /// The output the command printed.
    Json,
    /// The whole record: scenario hash and text, models, parameters, seed, version, output.
    Record,
}

fn open(db: &Option<PathBuf>) -> Result<Store, Failure> {
    let path = db.clone().unwrap_or_else(parley_store::default_path);
    if !path.exists() {
        return Err(Failure::Input(format!(
            "{}: no run store yet; runs are kept by `--save` (forecast, simulate) and by `parley serve`",
            path.display()
        )));
    }
    Store::open(&path).map_err(|e| Failure::Input(e.to_string()))
}

fn store_err(store: &Store) -> impl Fn(parley_store::StoreError) -> Failure + '_ {
    move |e| match e {
        parley_store::StoreError::NoRun(_) => {
            Failure::Input(format!("{}: {e}; `parley runs list` shows the ids", store.path()))
        }
        _ => Failure::Input(e.to_string()),
    }
}

/// The first 8 characters of a hash (all of it when shorter; a hand-edited store may hold anything).
fn short_hash(h: &str) -> &str {
    h.char_indices().nth(8).map_or(h, |(i, _)| &h[..i])
}

fn short(r: &Run) -> String {
    let mut s = r.models.join(",");
    if let Some(seed) = r.seed {
        s.push_str(&format!(" seed {seed}"));
    }
    s
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let store = open(&a.db)?;
    match a.action {
        Action::List { limit, format } => {
            let runs = store.list(limit).map_err(store_err(&store))?;
            if format == Shown::Json {
                return emit_json(&json!({"version": 1, "runs": runs}));
            }
            if runs.is_empty() {
                return emit(&format!("{}: no runs yet", store.path()));
            }
            let mut t = new_table(&["id", "saved (UTC)", "command", "scenario", "variant", "models"]);
            for r in &runs {
                t.add_row(vec![
                    r.id.to_string(),
                    r.created.get(..16).unwrap_or(&r.created).replace('T', " "),
                    format!("{} ({})", r.kind, r.origin),
                    format!("{} ({})", r.scenario_id, short_hash(&r.scenario_hash)),
                    r.variant.clone().unwrap_or_else(|| "—".into()),
                    short(r),
                ]);
            }
            emit(&render(&mut t))
        }
        Action::Show { id, format } => {
            let r = store.get(id).map_err(store_err(&store))?;
            match format {
                ShowWhat::Json => emit_json(&r.result),
                ShowWhat::Record => emit_json(&r),
            }
        }
        Action::Diff { a: ia, b: ib, format } => {
            let (ra, rb) = (
                store.get(ia).map_err(store_err(&store))?,
                store.get(ib).map_err(store_err(&store))?,
            );
            let null = serde_json::Value::Null;
            let changes = parley_store::diff(ra.result.as_ref().unwrap_or(&null), rb.result.as_ref().unwrap_or(&null));
            if format == Shown::Json {
                return emit_json(&json!({"version": 1, "a": ia, "b": ib,
                    "same_scenario": ra.scenario_hash == rb.scenario_hash, "changes": changes}));
            }
            let mut out = String::new();
            if ra.scenario_hash != rb.scenario_hash {
                out.push_str(&format!(
                    "The scenarios differ ({} {} vs {} {}).\n",
                    ra.scenario_id,
                    short_hash(&ra.scenario_hash),
                    rb.scenario_id,
                    short_hash(&rb.scenario_hash)
                ));
            }
            if changes.is_empty() {
                out.push_str(&format!("Runs {ia} and {ib} printed the same output."));
                return emit(&out);
            }
            let show = |v: &Option<serde_json::Value>| match v {
                None => "(absent)".to_string(),
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(v) => v.to_string(),
            };
            let mut t = new_table(&["where", &format!("run {ia}"), &format!("run {ib}")]);
            for c in &changes {
                t.add_row(vec![c.path.clone(), show(&c.before), show(&c.after)]);
            }
            out.push_str(&format!("{} differences\n", changes.len()));
            out.push_str(&render(&mut t));
            emit(&out)
        }
    }
}
