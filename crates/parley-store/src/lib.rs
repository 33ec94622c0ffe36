//! The run store: every run saved by the CLI (`--save`) or the web app, in one SQLite file.
//!
//! A run keeps what is needed to trust and repeat it: the scenario's text and its SHA-256
//! content hash, the command (`forecast`, `simulate`, …), the models and parameters, the seed,
//! the parley version, where it came from (`cli` or `web`), and the JSON the command printed.
//!
//! The database uses SQLite's write-ahead log (WAL) with `synchronous = NORMAL`: a process
//! killed while writing loses at most the transaction in flight, and the file opens cleanly
//! afterwards. Each run is one transaction. Several processes may write to one file at once; a
//! writer waits up to five seconds for another's lock.
//!
//! Scenario texts and results are kept once each, by their SHA-256 (table `texts`): the same
//! scenario run a thousand times is stored once, and a run row holds only its metadata and
//! the two hashes (schema 2; a schema-1 file is migrated when opened).

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The schema version this build reads and writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 2;

/// What can go wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite refused (the file is not a database, is locked too long, the disk is full…).
    #[error("{path}: {source}")]
    Sqlite {
        /// The database file.
        path: String,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// The file was written by a newer parley.
    #[error("{path}: run store schema {found} is newer than this parley reads ({SCHEMA_VERSION}); upgrade parley")]
    Newer {
        /// The database file.
        path: String,
        /// Its schema version.
        found: i64,
    },
    /// No run with that id.
    #[error("no run {0} in the store")]
    NoRun(i64),
    /// A run's scenario text or result is missing from `texts` (the file was edited by hand).
    #[error("run {id}: its {what} is missing from the store")]
    Missing {
        /// Run id.
        id: i64,
        /// `scenario text` or `result`.
        what: &'static str,
    },
    /// A stored JSON column does not parse (the file was edited by hand).
    #[error("run {id}: stored {column} is not valid JSON: {message}")]
    Corrupt {
        /// Run id.
        id: i64,
        /// Column name.
        column: &'static str,
        /// The parser's message.
        message: String,
    },
}

/// A run to save.
#[derive(Debug, Clone, PartialEq)]
pub struct NewRun {
    /// Command: `forecast`, `simulate`, `compare`, `sensitivity`, `dynamics`.
    pub kind: String,
    /// `cli` or `web`.
    pub origin: String,
    /// The scenario's id (from its file).
    pub scenario_id: String,
    /// The scenario's title.
    pub scenario_title: String,
    /// The scenario's source text, as read (TOML or JSON).
    pub scenario_text: String,
    /// The variant applied, if any.
    pub variant: Option<String>,
    /// The models run, in order.
    pub models: Vec<String>,
    /// The parameters given (a JSON object: model → key → value, and the command's options).
    pub params: serde_json::Value,
    /// The seed of a stochastic run.
    pub seed: Option<u64>,
    /// The JSON text the command printed (stored as given; read back it must parse).
    pub result: String,
}

/// A run to save with the [`content_hash`] of its scenario text and of its result.
#[derive(Debug, Clone, Copy)]
pub struct Hashed<'a> {
    /// The run.
    pub run: &'a NewRun,
    /// `content_hash(&run.scenario_text)`.
    pub scenario_hash: &'a str,
    /// `content_hash(&run.result)`.
    pub result_hash: &'a str,
}

/// A stored run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// Id, increasing in order of saving.
    pub id: i64,
    /// When it was saved (RFC 3339, UTC).
    pub created: String,
    /// Command.
    pub kind: String,
    /// `cli` or `web`.
    pub origin: String,
    /// Scenario id.
    pub scenario_id: String,
    /// Scenario title.
    pub scenario_title: String,
    /// SHA-256 of the scenario text, hex.
    pub scenario_hash: String,
    /// Variant applied.
    pub variant: Option<String>,
    /// Models run.
    pub models: Vec<String>,
    /// Parameters given.
    pub params: serde_json::Value,
    /// Seed.
    pub seed: Option<u64>,
    /// The parley version that made it.
    pub version: String,
    /// The scenario text (omitted from listings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario_text: Option<String>,
    /// The command's JSON output (omitted from listings).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<serde_json::Value>,
}

/// SHA-256 of `text`, as 64 lowercase hex digits.
pub fn content_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The default database file: `$PARLEY_DB`, else `$XDG_DATA_HOME/parley/runs.sqlite`, else
/// `~/.local/share/parley/runs.sqlite`, else `parley-runs.sqlite` in the working directory.
pub fn default_path() -> PathBuf {
    path_from(
        std::env::var_os("PARLEY_DB"),
        std::env::var_os("XDG_DATA_HOME"),
        std::env::var_os("HOME"),
    )
}

/// [`default_path`] from the values of `PARLEY_DB`, `XDG_DATA_HOME` and `HOME` (an empty
/// value counts as unset).
fn path_from(
    parley_db: Option<std::ffi::OsString>,
    xdg: Option<std::ffi::OsString>,
    home: Option<std::ffi::OsString>,
) -> PathBuf {
    let set = |v: Option<std::ffi::OsString>| v.filter(|p| !p.is_empty());
    if let Some(p) = set(parley_db) {
        return PathBuf::from(p);
    }
    let base = set(xdg)
        .map(PathBuf::from)
        .or_else(|| set(home).map(|h| PathBuf::from(h).join(".local").join("share")));
    match base {
        Some(b) => b.join("parley").join("runs.sqlite"),
        None => PathBuf::from("parley-runs.sqlite"),
    }
}

/// An open run store.
pub struct Store {
    conn: Connection,
    path: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

const COLUMNS: &str = "id, created, kind, origin, scenario_id, scenario_title, scenario_hash, variant, \
                       models, params, seed, version";

impl Store {
    /// Open (creating it and its directory when missing) the store at `path`.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let name = path.display().to_string();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            // A missing directory is made; any failure shows up as SQLite's "unable to open".
            let _ = std::fs::create_dir_all(dir);
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Sqlite {
            path: name.clone(),
            source,
        })?;
        let mut store = Self { conn, path: name };
        store.init()?;
        Ok(store)
    }

    /// An in-memory store (tests, or a server started with `--db :memory:`).
    pub fn in_memory() -> Result<Self, StoreError> {
        let conn = Connection::open_in_memory().map_err(|source| StoreError::Sqlite {
            path: ":memory:".into(),
            source,
        })?;
        let mut store = Self {
            conn,
            path: ":memory:".into(),
        };
        store.init()?;
        Ok(store)
    }

    /// The file's name, for messages.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn err(&self, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    fn init(&mut self) -> Result<(), StoreError> {
        self.conn
            .busy_timeout(Duration::from_secs(5))
            .map_err(|e| self.err(e))?;
        // WAL is refused by an in-memory database (it stays "memory"): that is fine.
        let _mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        self.conn
            .execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
            .map_err(|e| self.err(e))?;
        let version: i64 = self
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|e| self.err(e))?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::Newer {
                path: self.path.clone(),
                found: version,
            });
        }
        if version < SCHEMA_VERSION {
            let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
            if version == 0 {
                tx.execute_batch(SCHEMA_2).map_err(|e| self.err(e))?;
            } else {
                migrate_1_to_2(&tx).map_err(|e| self.err(e))?;
            }
            tx.commit().map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// Save a run; returns its id.
    pub fn save(&self, run: &NewRun) -> Result<i64, StoreError> {
        let scenario_hash = content_hash(&run.scenario_text);
        let result_hash = content_hash(&run.result);
        self.save_hashed(run, &scenario_hash, &result_hash)
    }

    /// [`Store::save`] with the [`content_hash`] of the scenario text and of the result
    /// already known (a server answering the same request again has them).
    pub fn save_hashed(&self, run: &NewRun, scenario_hash: &str, result_hash: &str) -> Result<i64, StoreError> {
        let ids = self.save_batch(&[Hashed {
            run,
            scenario_hash,
            result_hash,
        }])?;
        Ok(ids.first().copied().unwrap_or_default())
    }

    /// Save several runs in one transaction (one commit: all of them or none); returns their
    /// ids in order. A server collecting the runs of concurrent requests writes them so.
    pub fn save_batch(&self, runs: &[Hashed<'_>]) -> Result<Vec<i64>, StoreError> {
        let created = jiff::Timestamp::now().to_string();
        let tx = self.conn.unchecked_transaction().map_err(|e| self.err(e))?;
        let mut ids = Vec::with_capacity(runs.len());
        {
            let mut text = tx
                .prepare_cached("INSERT OR IGNORE INTO texts (hash, body) VALUES (?1, ?2)")
                .map_err(|e| self.err(e))?;
            let mut row = tx
                .prepare_cached(
                    "INSERT INTO runs (created, kind, origin, scenario_id, scenario_title, scenario_hash,
                        variant, models, params, seed, version, result_hash)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                )
                .map_err(|e| self.err(e))?;
            for h in runs {
                let run = h.run;
                debug_assert_eq!(h.scenario_hash, content_hash(&run.scenario_text));
                debug_assert_eq!(h.result_hash, content_hash(&run.result));
                let models = serde_json::to_string(&run.models).unwrap_or_else(|_| "[]".into());
                // Seeds are u64; SQLite integers are i64, so the seed is kept as decimal text.
                let seed = run.seed.map(|s| s.to_string());
                text.execute(params![h.scenario_hash, run.scenario_text])
                    .map_err(|e| self.err(e))?;
                text.execute(params![h.result_hash, run.result])
                    .map_err(|e| self.err(e))?;
                row.execute(params![
                    created,
                    run.kind,
                    run.origin,
                    run.scenario_id,
                    run.scenario_title,
                    h.scenario_hash,
                    run.variant,
                    models,
                    run.params.to_string(),
                    seed,
                    env!("CARGO_PKG_VERSION"),
                    h.result_hash,
                ])
                .map_err(|e| self.err(e))?;
                ids.push(tx.last_insert_rowid());
            }
        }
        tx.commit().map_err(|e| self.err(e))?;
        Ok(ids)
    }

    /// Number of distinct texts (scenarios and results) kept for the runs.
    pub fn text_count(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM texts", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// The runs, newest first, at most `limit` (without scenario text and result).
    pub fn list(&self, limit: usize) -> Result<Vec<Run>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM runs ORDER BY id DESC LIMIT ?1");
        let mut stmt = self.conn.prepare(&sql).map_err(|e| self.err(e))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt
            .query_map([limit], row_to_raw)
            .map_err(|e| self.err(e))?
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| self.err(e))?;
        rows.into_iter().map(|r| r.into_run(None, None)).collect()
    }

    /// Number of runs stored.
    pub fn count(&self) -> Result<i64, StoreError> {
        self.conn
            .query_row("SELECT COUNT(*) FROM runs", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }

    /// One run, with its scenario text and result.
    pub fn get(&self, id: i64) -> Result<Run, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS}, (SELECT body FROM texts WHERE hash = scenario_hash),
                (SELECT body FROM texts WHERE hash = result_hash) FROM runs WHERE id = ?1"
        );
        let found = self
            .conn
            .query_row(&sql, [id], |r| {
                let raw = row_to_raw(r)?;
                let text: Option<String> = r.get(12)?;
                let result: Option<String> = r.get(13)?;
                Ok((raw, text, result))
            })
            .optional()
            .map_err(|e| self.err(e))?;
        let Some((raw, text, result)) = found else {
            return Err(StoreError::NoRun(id));
        };
        let id = raw.id;
        let missing = |what| StoreError::Missing { id, what };
        let text = text.ok_or_else(|| missing("scenario text"))?;
        let result = result.ok_or_else(|| missing("result"))?;
        let result = serde_json::from_str(&result).map_err(|e| StoreError::Corrupt {
            id,
            column: "result",
            message: e.to_string(),
        })?;
        raw.into_run(Some(text), Some(result))
    }

    /// `PRAGMA integrity_check`: "ok" for a sound file.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        self.conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|e| self.err(e))
    }
}

/// The schema of a new file.
const SCHEMA_2: &str = "
    CREATE TABLE texts (hash TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        created TEXT NOT NULL,
        kind TEXT NOT NULL,
        origin TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        scenario_title TEXT NOT NULL,
        scenario_hash TEXT NOT NULL,
        variant TEXT,
        models TEXT NOT NULL,
        params TEXT NOT NULL,
        seed TEXT,
        version TEXT NOT NULL,
        result_hash TEXT NOT NULL
    );
    PRAGMA user_version = 2;";

/// Schema 1 kept each run's scenario text and result in its row; schema 2 keeps each text
/// once in `texts`. The runs keep their ids; every text moves, hashed as [`content_hash`].
fn migrate_1_to_2(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    tx.execute_batch(
        "CREATE TABLE texts (hash TEXT PRIMARY KEY, body TEXT NOT NULL) WITHOUT ROWID;
         ALTER TABLE runs ADD COLUMN result_hash TEXT NOT NULL DEFAULT '';",
    )?;
    let rows: Vec<(i64, String, String)> = {
        let mut stmt = tx.prepare("SELECT id, scenario_text, result FROM runs")?;
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (id, text, result) in rows {
        let (sh, rh) = (content_hash(&text), content_hash(&result));
        tx.execute(
            "INSERT OR IGNORE INTO texts (hash, body) VALUES (?1, ?2)",
            params![sh, text],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO texts (hash, body) VALUES (?1, ?2)",
            params![rh, result],
        )?;
        tx.execute(
            "UPDATE runs SET scenario_hash = ?1, result_hash = ?2 WHERE id = ?3",
            params![sh, rh, id],
        )?;
    }
    tx.execute_batch(
        "ALTER TABLE runs DROP COLUMN scenario_text;
         ALTER TABLE runs DROP COLUMN result;
         DROP INDEX IF EXISTS runs_by_hash;
         PRAGMA user_version = 2;",
    )
}

/// A row as read, before its JSON columns are parsed.
struct RawRow {
    id: i64,
    created: String,
    kind: String,
    origin: String,
    scenario_id: String,
    scenario_title: String,
    scenario_hash: String,
    variant: Option<String>,
    models: String,
    params: String,
    seed: Option<String>,
    version: String,
}

fn row_to_raw(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawRow> {
    Ok(RawRow {
        id: r.get(0)?,
        created: r.get(1)?,
        kind: r.get(2)?,
        origin: r.get(3)?,
        scenario_id: r.get(4)?,
        scenario_title: r.get(5)?,
        scenario_hash: r.get(6)?,
        variant: r.get(7)?,
        models: r.get(8)?,
        params: r.get(9)?,
        seed: r.get(10)?,
        version: r.get(11)?,
    })
}

impl RawRow {
    fn into_run(self, text: Option<String>, result: Option<serde_json::Value>) -> Result<Run, StoreError> {
        let id = self.id;
        let corrupt = |column: &'static str, message: String| StoreError::Corrupt { id, column, message };
        let models: Vec<String> = serde_json::from_str(&self.models).map_err(|e| corrupt("models", e.to_string()))?;
        let params: serde_json::Value =
            serde_json::from_str(&self.params).map_err(|e| corrupt("params", e.to_string()))?;
        let seed = match self.seed {
            Some(s) => Some(s.parse::<u64>().map_err(|e| corrupt("seed", e.to_string()))?),
            None => None,
        };
        Ok(Run {
            id,
            created: self.created,
            kind: self.kind,
            origin: self.origin,
            scenario_id: self.scenario_id,
            scenario_title: self.scenario_title,
            scenario_hash: self.scenario_hash,
            variant: self.variant,
            models,
            params,
            seed,
            version: self.version,
            scenario_text: text,
            result,
        })
    }
}

/// One difference between two JSON documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Where: a JSON pointer (`/forecasts/0/values/2/value`).
    pub path: String,
    /// The value in the first (None: absent there).
    pub before: Option<serde_json::Value>,
    /// The value in the second (None: absent there).
    pub after: Option<serde_json::Value>,
}

/// Every leaf that differs between `a` and `b`, in document order (objects by key, arrays by
/// index). Numbers equal to 1e-12 relative count as equal.
pub fn diff(a: &serde_json::Value, b: &serde_json::Value) -> Vec<Change> {
    let mut out = Vec::new();
    walk(a, b, &mut String::new(), &mut out);
    out
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn walk(a: &serde_json::Value, b: &serde_json::Value, path: &mut String, out: &mut Vec<Change>) {
    use serde_json::Value;
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let len = path.len();
                path.push('/');
                path.push_str(&escape(k));
                match (x.get(k), y.get(k)) {
                    (Some(p), Some(q)) => walk(p, q, path, out),
                    (p, q) => out.push(Change {
                        path: path.clone(),
                        before: p.cloned(),
                        after: q.cloned(),
                    }),
                }
                path.truncate(len);
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let len = path.len();
                path.push('/');
                path.push_str(&i.to_string());
                match (x.get(i), y.get(i)) {
                    (Some(p), Some(q)) => walk(p, q, path, out),
                    (p, q) => out.push(Change {
                        path: path.clone(),
                        before: p.cloned(),
                        after: q.cloned(),
                    }),
                }
                path.truncate(len);
            }
        }
        (Value::Number(x), Value::Number(y)) => {
            // Every JSON number reads as an f64 here (no arbitrary precision).
            let (p, q) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
            let same = p == q || (p - q).abs() <= 1e-12 * p.abs().max(q.abs());
            if !same {
                out.push(Change {
                    path: path.clone(),
                    before: Some(a.clone()),
                    after: Some(b.clone()),
                });
            }
        }
        _ => {
            if a != b {
                out.push(Change {
                    path: path.clone(),
                    before: Some(a.clone()),
                    after: Some(b.clone()),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde_json::json;

    fn run(kind: &str, result: serde_json::Value) -> NewRun {
        let result = result.to_string();
        NewRun {
            kind: kind.into(),
            origin: "cli".into(),
            scenario_id: "s".into(),
            scenario_title: "S".into(),
            scenario_text: "format = 1\n".into(),
            variant: Some("v".into()),
            models: vec!["compromise".into(), "eum".into()],
            params: json!({"eum": {"rounds": 5}}),
            seed: Some(u64::MAX),
            result,
        }
    }

    #[test]
    fn a_saved_run_reads_back_whole() {
        let s = Store::in_memory().unwrap();
        let id = s.save(&run("forecast", json!({"a": [1, 2.5]}))).unwrap();
        let r = s.get(id).unwrap();
        assert_eq!(r.kind, "forecast");
        assert_eq!(r.models, ["compromise", "eum"]);
        assert_eq!(r.params, json!({"eum": {"rounds": 5}}));
        assert_eq!(r.seed, Some(u64::MAX));
        assert_eq!(r.variant.as_deref(), Some("v"));
        assert_eq!(r.result, Some(json!({"a": [1, 2.5]})));
        assert_eq!(r.scenario_text.as_deref(), Some("format = 1\n"));
        assert_eq!(r.scenario_hash, content_hash("format = 1\n"));
        assert_eq!(r.version, env!("CARGO_PKG_VERSION"));
        assert!(r.created.parse::<jiff::Timestamp>().is_ok(), "{}", r.created);
        assert!(matches!(s.get(id + 1), Err(StoreError::NoRun(n)) if n == id + 1));
    }

    #[test]
    fn listing_is_newest_first_without_the_heavy_columns() {
        let s = Store::in_memory().unwrap();
        for k in ["forecast", "simulate", "compare"] {
            s.save(&run(k, json!({}))).unwrap();
        }
        let l = s.list(2).unwrap();
        assert_eq!(
            l.iter().map(|r| r.kind.as_str()).collect::<Vec<_>>(),
            ["compare", "simulate"]
        );
        assert!(l.iter().all(|r| r.result.is_none() && r.scenario_text.is_none()));
        assert_eq!(s.count().unwrap(), 3);
    }

    #[test]
    fn sha256_of_known_strings() {
        // FIPS 180-2 test vector, and the empty string.
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            content_hash(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn diff_names_each_changed_leaf_by_pointer() {
        let a = json!({"x": 1.0, "list": [1, 2, 3], "s": "a", "gone": true, "a/b": 0});
        let b = json!({"x": 1.0 + 1e-15, "list": [1, 5], "s": "b", "new": null, "a/b": 1});
        let d = diff(&a, &b);
        let paths: Vec<&str> = d.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["/a~1b", "/gone", "/list/1", "/list/2", "/new", "/s"]);
        assert_eq!(d[2].before, Some(json!(2)));
        assert_eq!(d[2].after, Some(json!(5)));
        assert_eq!(d[3].after, None);
        assert_eq!(d[4].before, None);
        assert!(diff(&a, &a).is_empty());
    }

    #[test]
    fn the_default_path_follows_the_environment() {
        let os = |s: &str| Some(std::ffi::OsString::from(s));
        assert_eq!(path_from(os("/x/r.db"), os("/d"), os("/h")), PathBuf::from("/x/r.db"));
        assert_eq!(
            path_from(os(""), os("/d"), os("/h")),
            PathBuf::from("/d/parley/runs.sqlite")
        );
        assert_eq!(
            path_from(None, os(""), os("/h")),
            PathBuf::from("/h/.local/share/parley/runs.sqlite")
        );
        assert_eq!(path_from(None, None, os("")), PathBuf::from("parley-runs.sqlite"));
        assert_eq!(path_from(None, None, None), PathBuf::from("parley-runs.sqlite"));
    }

    #[test]
    fn a_store_in_a_new_directory_is_made_and_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a").join("b").join("runs.sqlite");
        let s = Store::open(&p).unwrap();
        assert_eq!(s.path(), p.display().to_string());
        assert_eq!(
            format!("{s:?}"),
            format!("Store {{ path: {:?} }}", p.display().to_string())
        );
        assert!(p.exists());
    }

    #[test]
    fn numbers_differ_beyond_1e_12_relative() {
        assert!(diff(&json!(1000.0), &json!(1000.0 + 1e-10)).is_empty());
        assert_eq!(diff(&json!(1000.0), &json!(1000.0 + 1e-8)).len(), 1);
        assert_eq!(diff(&json!(1), &json!(1.0)).len(), 0);
        assert_eq!(diff(&json!(0), &json!(1e-300)).len(), 1);
    }

    #[test]
    fn a_newer_schema_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("runs.sqlite");
        drop(Store::open(&p).unwrap());
        let c = Connection::open(&p).unwrap();
        c.execute_batch("PRAGMA user_version = 7").unwrap();
        drop(c);
        let e = Store::open(&p).unwrap_err();
        assert!(e.to_string().contains("schema 7 is newer"), "{e}");
    }

    #[test]
    fn a_file_that_is_not_a_database_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("notes.txt");
        std::fs::write(&p, "these are my notes, not a database\n".repeat(200)).unwrap();
        let e = Store::open(&p).unwrap_err();
        assert!(e.to_string().starts_with(&p.display().to_string()), "{e}");
    }

    #[test]
    fn each_text_is_kept_once_however_many_runs_share_it() {
        let s = Store::in_memory().unwrap();
        for _ in 0..5 {
            s.save(&run("forecast", json!({"same": 1}))).unwrap();
        }
        s.save(&run("forecast", json!({"other": 2}))).unwrap();
        assert_eq!(s.count().unwrap(), 6);
        // One scenario text, two results.
        assert_eq!(s.text_count().unwrap(), 3);
        assert_eq!(s.get(6).unwrap().result, Some(json!({"other": 2})));
        assert_eq!(s.get(5).unwrap().result, Some(json!({"same": 1})));
    }

    #[test]
    fn a_schema_1_file_is_migrated_with_its_runs_and_ids() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("old.sqlite");
        let c = Connection::open(&p).unwrap();
        c.execute_batch(
            "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL,
                kind TEXT NOT NULL, origin TEXT NOT NULL, scenario_id TEXT NOT NULL,
                scenario_title TEXT NOT NULL, scenario_hash TEXT NOT NULL,
                scenario_text TEXT NOT NULL, variant TEXT, models TEXT NOT NULL,
                params TEXT NOT NULL, seed TEXT, version TEXT NOT NULL, result TEXT NOT NULL);
             CREATE INDEX runs_by_hash ON runs (scenario_hash);
             INSERT INTO runs VALUES (3, '2026-12-01T00:00:00Z', 'forecast', 'cli', 'a', 'A',
                'stale', 'format = 1', NULL, '[\"eum\"]', '{}', NULL, '0.1.0', '{\"x\":1}');
             INSERT INTO runs VALUES (7, '2026-12-02T00:00:00Z', 'simulate', 'web', 'a', 'A',
                'stale', 'format = 1', 'v', '[]', '{}', '42', '0.1.0', '{\"y\":[2]}');
             PRAGMA user_version = 1;",
        )
        .unwrap();
        drop(c);
        let s = Store::open(&p).unwrap();
        assert_eq!(s.count().unwrap(), 2);
        assert_eq!(s.text_count().unwrap(), 3);
        let r = s.get(7).unwrap();
        assert_eq!(
            (r.kind.as_str(), r.seed, r.variant.as_deref()),
            ("simulate", Some(42), Some("v"))
        );
        assert_eq!(r.result, Some(json!({"y": [2]})));
        assert_eq!(r.scenario_text.as_deref(), Some("format = 1"));
        // The hash is recomputed from the text (schema 1 computed it the same way).
        assert_eq!(r.scenario_hash, content_hash("format = 1"));
        assert_eq!(s.get(3).unwrap().result, Some(json!({"x": 1})));
        // New runs go on after the old ids.
        assert_eq!(s.save(&run("forecast", json!({}))).unwrap(), 8);
        drop(s);
        let c = Connection::open(&p).unwrap();
        let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
        assert_eq!(v, 2);
        assert_eq!(Store::open(&p).unwrap().count().unwrap(), 3);
    }

    #[test]
    fn a_run_whose_text_was_deleted_by_hand_is_reported_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("runs.sqlite");
        let s = Store::open(&p).unwrap();
        let id = s.save(&run("forecast", json!({"z": 0}))).unwrap();
        drop(s);
        let c = Connection::open(&p).unwrap();
        c.execute("DELETE FROM texts WHERE body = ?1", ["{\"z\":0}"]).unwrap();
        drop(c);
        let e = Store::open(&p).unwrap().get(id).unwrap_err();
        assert_eq!(e.to_string(), format!("run {id}: its result is missing from the store"));
    }

    #[test]
    fn a_batch_is_saved_whole_in_order_or_not_at_all() {
        let s = Store::in_memory().unwrap();
        let runs: Vec<NewRun> = (0..3).map(|i| run("forecast", json!({"i": i}))).collect();
        let hashes: Vec<(String, String)> = runs
            .iter()
            .map(|r| (content_hash(&r.scenario_text), content_hash(&r.result)))
            .collect();
        let batch: Vec<Hashed<'_>> = runs
            .iter()
            .zip(&hashes)
            .map(|(run, (sh, rh))| Hashed {
                run,
                scenario_hash: sh,
                result_hash: rh,
            })
            .collect();
        assert_eq!(s.save_batch(&batch).unwrap(), [1, 2, 3]);
        assert_eq!(s.get(3).unwrap().result, Some(json!({"i": 2})));
        s.conn
            .execute_batch(
                "CREATE TRIGGER refuse BEFORE INSERT ON runs WHEN NEW.kind = 'boom'
                 BEGIN SELECT RAISE(ABORT, 'refused'); END;",
            )
            .unwrap();
        let boom = run("boom", json!({"i": 9}));
        let (sh, rh) = (content_hash(&boom.scenario_text), content_hash(&boom.result));
        let bad = [
            batch[0],
            Hashed {
                run: &boom,
                scenario_hash: &sh,
                result_hash: &rh,
            },
        ];
        assert!(s.save_batch(&bad).unwrap_err().to_string().contains("refused"));
        assert_eq!(s.count().unwrap(), 3);
        assert_eq!(s.save_hashed(&runs[1], &hashes[1].0, &hashes[1].1).unwrap(), 4);
    }
}
