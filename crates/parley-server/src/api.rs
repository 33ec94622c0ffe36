//! The JSON API under `/api/v1`.

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use parley_io::{Diagnostic, LoadError, Loaded, SourceFormat, options, report};
use parley_models::registry;
use parley_models::run::run_forecast;
use parley_store::{NewRun, StoreError};
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::AppState;

/// Name of the request body in error messages (it stands where a file name would).
pub const BODY: &str = "request body";

/// An error answered as JSON: `{"error": {"status", "message", "diagnostics": [...]}}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// One line for people.
    pub message: String,
    /// Located problems (file, line, column, field, message), when the input has them.
    pub diagnostics: Vec<Diagnostic>,
}

impl ApiError {
    /// An error without located problems.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            diagnostics: Vec::new(),
        }
    }

    fn bad(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    pub(crate) fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
}

#[derive(Serialize)]
struct DiagnosticOut<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    field: Option<&'a str>,
    message: &'a str,
}

fn diagnostic_json(d: &Diagnostic) -> Value {
    serde_json::to_value(DiagnosticOut {
        file: &d.file,
        line: d.location.map(|l| l.0),
        column: d.location.map(|l| l.1),
        field: d.field.as_deref(),
        message: &d.message,
    })
    .unwrap_or(Value::Null)
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let diagnostics: Vec<Value> = self.diagnostics.iter().map(diagnostic_json).collect();
        let body = json!({"error": {
            "status": self.status.as_u16(),
            "message": self.message,
            "diagnostics": diagnostics,
        }});
        (self.status, Json(body)).into_response()
    }
}

impl From<LoadError> for ApiError {
    fn from(e: LoadError) -> Self {
        let message =
            e.0.first()
                .map_or_else(|| "invalid scenario".to_string(), |d| d.to_string());
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message,
            diagnostics: e.0,
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NoRun(_) => Self::new(StatusCode::NOT_FOUND, e.to_string()),
            _ => Self::internal(format!("run store: {e}")),
        }
    }
}

/// The API's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/health", get(health))
        .route("/api/v1/scenarios/default", get(default_scenario))
        .route("/api/v1/models", get(models))
        .route("/api/v1/scenarios/from-toml", post(from_toml))
        .route("/api/v1/scenarios/to-toml", post(to_toml))
        .route("/api/v1/check", post(check))
        .route("/api/v1/forecast", post(forecast))
        .route("/api/v1/simulate", post(simulate))
        .route("/api/v1/dynamics", post(dynamics))
        .route("/api/v1/jobs/sensitivity", post(start_sensitivity))
        .route("/api/v1/jobs/compare", post(start_compare))
        .route("/api/v1/jobs/{id}", get(job_status))
        .route("/api/v1/runs", get(list_runs))
        .route("/api/v1/runs/{id}", get(get_run))
        .route("/api/v1/runs/{id}/diff/{other}", get(diff_runs))
        .route("/api/v1/openapi.json", get(openapi))
        .route("/api/v1/{*rest}", get(no_route).post(no_route))
}

async fn no_route(Path(rest): Path<String>) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no API endpoint /api/v1/{rest}; see /api/v1/openapi.json"),
    )
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok", "version": env!("CARGO_PKG_VERSION")}))
}

async fn openapi() -> Json<Value> {
    Json(crate::openapi::document())
}

/// The bundled scenario in the JSON form the API reads (the TOML file's structure).
pub fn default_scenario_json() -> Result<Value, ApiError> {
    toml::from_str::<Value>(parley_io::load::ALASKA_TOML)
        .map_err(|e| ApiError::internal(format!("the bundled scenario does not parse: {e}")))
}

async fn default_scenario() -> Result<Json<Value>, ApiError> {
    default_scenario_json().map(Json)
}

async fn models() -> Json<Value> {
    Json(json!({"version": 1, "models": registry::all_info(), "default": registry::DEFAULT_MODELS}))
}

/// Options of a run, from the query string: `model` and `param` repeat (`?model=eum&model=nash
/// &param=eum.rounds=5`), `variant` names a what-if, `save=false` keeps the run out of the store.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RunOptions {
    /// Models to run (empty: the defaults).
    pub models: Vec<String>,
    /// `MODEL.KEY=VALUE` parameters.
    pub params: Vec<String>,
    /// Variant to apply.
    pub variant: Option<String>,
    /// Keep the run in the store (default true).
    pub save: bool,
    /// Monte Carlo draws (simulate; default 2,000).
    pub draws: Option<u64>,
    /// Seed (simulate; default 1).
    pub seed: Option<u64>,
    /// One issue (dynamics).
    pub issue: Option<String>,
    /// Variants to set beside the baseline (compare).
    pub compare: Vec<String>,
}

impl RunOptions {
    /// Parse a query string; an unknown key or a bad value is an error naming it. `extra` are
    /// the endpoint's own keys besides model, param, variant and save.
    pub fn parse(query: Option<&str>, extra: &[&str]) -> Result<Self, ApiError> {
        let mut o = RunOptions {
            save: true,
            ..Default::default()
        };
        for (k, v) in form_urlencoded::parse(query.unwrap_or("").as_bytes()) {
            match &*k {
                "model" => o
                    .models
                    .extend(v.split(',').filter(|m| !m.is_empty()).map(str::to_owned)),
                "param" => o.params.push(v.into_owned()),
                "variant" => o.variant = Some(v.into_owned()).filter(|v| !v.is_empty()),
                "save" => {
                    o.save = match &*v {
                        "true" | "1" | "" => true,
                        "false" | "0" => false,
                        other => return Err(ApiError::bad(format!("query `save={other}`: give true or false"))),
                    }
                }
                "draws" if extra.contains(&"draws") => o.draws = Some(whole("draws", &v, 1, MAX_WEB_DRAWS)?),
                "seed" if extra.contains(&"seed") => o.seed = Some(whole("seed", &v, 0, u64::MAX)?),
                "issue" if extra.contains(&"issue") => o.issue = Some(v.into_owned()),
                "compare" if extra.contains(&"compare") => {
                    o.compare
                        .extend(v.split(',').filter(|m| !m.is_empty()).map(str::to_owned));
                }
                other => {
                    let mut keys = vec!["model", "param", "variant", "save"];
                    keys.extend(extra);
                    return Err(ApiError::bad(format!(
                        "unknown query parameter `{other}`; this endpoint takes {}",
                        keys.join(", ")
                    )));
                }
            }
        }
        for m in &o.models {
            if !registry::MODEL_IDS.contains(&m.as_str()) {
                return Err(ApiError::bad(format!(
                    "query `model={m}`: unknown model; known: {}",
                    registry::MODEL_IDS.join(", ")
                )));
            }
        }
        Ok(o)
    }
}

/// Most Monte Carlo draws one web request may ask for.
pub const MAX_WEB_DRAWS: u64 = 1_000_000;

fn whole(name: &str, v: &str, lo: u64, hi: u64) -> Result<u64, ApiError> {
    match v.parse::<u64>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        _ => Err(ApiError::bad(format!(
            "query `{name}={v}`: expected a whole number from {lo} to {hi}"
        ))),
    }
}

/// The body as scenario JSON text.
fn body_text(body: Result<Bytes, BytesRejection>) -> Result<String, ApiError> {
    let bytes = body.map_err(|e| {
        let status = e.status();
        if status == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                status,
                format!("{BODY}: larger than the limit of {} bytes", crate::MAX_BODY_BYTES),
            )
        } else {
            ApiError::new(status, format!("{BODY}: {e}"))
        }
    })?;
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        ApiError::bad(format!(
            "{BODY}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Run a blocking job on tokio's blocking pool.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Result<T, ApiError> + Send + 'static) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("the job failed: {e}")))?
}

async fn check(body: Result<Bytes, BytesRejection>) -> Result<Json<Value>, ApiError> {
    let text = body_text(body)?;
    blocking(move || {
        Ok(Json(match parley_io::load_str(BODY, &text, SourceFormat::Json) {
            Ok(l) => json!({"ok": true, "scenario": l.scenario.id(), "diagnostics": []}),
            Err(e) => {
                let d: Vec<Value> = e.0.iter().map(diagnostic_json).collect();
                json!({"ok": false, "diagnostics": d})
            }
        }))
    })
    .await
}

/// Load the body and apply the variant.
fn load(text: &str, o: &RunOptions) -> Result<(Loaded, parley_core::Scenario), ApiError> {
    let loaded = parley_io::load_str(BODY, text, SourceFormat::Json).map_err(|e| {
        // Not JSON at all is a malformed request (400); JSON that is no valid scenario, 422.
        let malformed = serde_json::from_str::<serde::de::IgnoredAny>(text).is_err();
        let mut err = ApiError::from(e);
        if malformed {
            err.status = StatusCode::BAD_REQUEST;
        }
        err
    })?;
    let s = match &o.variant {
        Some(v) => loaded.variant(v)?,
        None => loaded.scenario.clone(),
    };
    Ok((loaded, s))
}

fn model_error(loaded: &Loaded, params: &Map<String, Value>, e: parley_models::ModelError) -> ApiError {
    match options::located_model_error(loaded, params, e) {
        Ok(msg) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, msg),
        Err(e) => ApiError::internal(e.to_string()),
    }
}

/// `parley forecast --format json` of the body, as a value, with the options used.
pub fn forecast_value(text: &str, o: &RunOptions) -> Result<(Value, Loaded, parley_core::Scenario), ApiError> {
    let (loaded, s) = load(text, o)?;
    let params = options::parse_params(&o.params).map_err(ApiError::bad)?;
    let models = options::build_models(&o.models, &s, &params).map_err(|e| model_error(&loaded, &params, e))?;
    let run = run_forecast(&s, &models).map_err(|e| model_error(&loaded, &params, e))?;
    let mut rep = report::forecast_report(&s, &run);
    rep.variant = o.variant.clone();
    let v = serde_json::to_value(&rep).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok((v, loaded, s))
}

/// What a run is saved with besides its options and the request's text.
struct Made<'a> {
    scenario_id: &'a str,
    scenario_title: &'a str,
    result: String,
    /// The content hashes of the text and the result, when known.
    hashes: Option<(&'a str, &'a str)>,
}

impl<'a> Made<'a> {
    fn of(s: &'a parley_core::Scenario, v: &Value) -> Self {
        Self {
            scenario_id: s.id(),
            scenario_title: s.title(),
            result: v.to_string(),
            hashes: None,
        }
    }
}

/// The run to save for a request.
fn new_run(kind: &str, o: &RunOptions, text: String, made: Made<'_>) -> NewRun {
    let models = if o.models.is_empty() {
        registry::DEFAULT_MODELS.iter().map(|m| m.to_string()).collect()
    } else {
        o.models.clone()
    };
    NewRun {
        kind: kind.into(),
        origin: "web".into(),
        scenario_id: made.scenario_id.into(),
        scenario_title: made.scenario_title.into(),
        scenario_text: text,
        variant: o.variant.clone(),
        models,
        params: match (kind, o.draws) {
            ("simulate" | "compare", d) => json!({"param": o.params, "draws": d.unwrap_or(2_000)}),
            ("sensitivity", d) => json!({"param": o.params, "draws": d.unwrap_or(500)}),
            ("dynamics", _) => json!({"param": o.params, "issue": o.issue}),
            _ => json!({"param": o.params}),
        },
        seed: matches!(kind, "simulate" | "compare" | "sensitivity").then(|| o.seed.unwrap_or(1)),
        result: made.result,
    }
}

fn save(state: &AppState, kind: &str, o: &RunOptions, text: String, made: Made<'_>) -> Result<Option<i64>, ApiError> {
    let Some(store) = state.store.as_ref().filter(|_| o.save) else {
        return Ok(None);
    };
    let hashes = made.hashes;
    let run = new_run(kind, o, text, made);
    let guard = store
        .lock()
        .map_err(|_| ApiError::internal("the run store is unusable after an earlier failure"))?;
    Ok(Some(match hashes {
        Some((sh, rh)) => guard.save_hashed(&run, sh, rh)?,
        None => guard.save(&run)?,
    }))
}

/// One run for the writer thread, and where its id goes.
struct WriteJob {
    run: NewRun,
    scenario_hash: String,
    result_hash: String,
    reply: tokio::sync::oneshot::Sender<Result<i64, String>>,
}

/// Most runs written in one commit.
const BATCH: usize = 256;

/// The store's writer: one thread takes the runs of concurrent requests and commits those
/// waiting together in one transaction (a request is answered once its run is committed, so
/// a crash loses only runs whose requests were not yet answered). One commit per batch
/// rather than per run is what keeps the store from limiting the server.
#[derive(Clone)]
pub(crate) struct Writer {
    tx: std::sync::mpsc::Sender<WriteJob>,
}

impl Writer {
    /// Start the thread (None if the system refuses a thread).
    pub(crate) fn start(store: Arc<Mutex<parley_store::Store>>) -> Option<Self> {
        let (tx, rx) = std::sync::mpsc::channel::<WriteJob>();
        std::thread::Builder::new()
            .name("parley-store-writer".into())
            .spawn(move || {
                // Ends when every sender (every clone of the state) is gone.
                while let Ok(first) = rx.recv() {
                    let mut jobs = vec![first];
                    while jobs.len() < BATCH {
                        match rx.try_recv() {
                            Ok(j) => jobs.push(j),
                            Err(_) => break,
                        }
                    }
                    let batch: Vec<parley_store::Hashed<'_>> = jobs
                        .iter()
                        .map(|j| parley_store::Hashed {
                            run: &j.run,
                            scenario_hash: &j.scenario_hash,
                            result_hash: &j.result_hash,
                        })
                        .collect();
                    let saved = match store.lock() {
                        Ok(g) => g.save_batch(&batch).map_err(|e| e.to_string()),
                        Err(_) => Err("the run store is unusable after an earlier failure".to_string()),
                    };
                    drop(batch);
                    for (i, j) in jobs.into_iter().enumerate() {
                        let r = match &saved {
                            Ok(ids) => ids
                                .get(i)
                                .copied()
                                .ok_or_else(|| "the run store lost a run".to_string()),
                            Err(e) => Err(e.clone()),
                        };
                        // The request may have gone (client closed): its run is saved anyway.
                        let _ = j.reply.send(r);
                    }
                }
            })
            .ok()?;
        Some(Self { tx })
    }

    async fn save(&self, run: NewRun, scenario_hash: String, result_hash: String) -> Result<i64, ApiError> {
        let (reply, answer) = tokio::sync::oneshot::channel();
        self.tx
            .send(WriteJob {
                run,
                scenario_hash,
                result_hash,
                reply,
            })
            .map_err(|_| ApiError::internal("the run store's writer has stopped"))?;
        answer
            .await
            .map_err(|_| ApiError::internal("the run store's writer has stopped"))?
            .map_err(|e| ApiError::internal(format!("run store: {e}")))
    }
}

/// A result computed for a request, kept for the same request again.
struct Cached {
    json: Bytes,
    /// The same JSON as text, and its content hash (for the store).
    result: String,
    result_hash: String,
    scenario_id: String,
    scenario_title: String,
}

/// Results of recent requests. A forecast, a simulation (seeded) and the dynamics are pure
/// functions of the request (command, options, body): the same request gets the same bytes,
/// so a repeat is answered from here (and still saved as a run of its own). Identical
/// requests that arrive together wait for one computation rather than each making its own.
#[derive(Default)]
pub struct ResultCache {
    inner: Mutex<CacheInner>,
    computed: AtomicU64,
}

type Slot = Arc<tokio::sync::OnceCell<Arc<Cached>>>;

#[derive(Default)]
struct CacheInner {
    map: std::collections::HashMap<[u8; 32], Slot>,
    order: std::collections::VecDeque<[u8; 32]>,
}

/// Requests remembered (the oldest is forgotten first).
pub const CACHE_ENTRIES: usize = 64;

impl ResultCache {
    /// The key of a request whose body has the content hash `text_hash`.
    fn key(kind: &str, o: &RunOptions, text_hash: &str) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        // `save` does not change the result; everything else in the options may.
        let o = RunOptions {
            save: true,
            ..o.clone()
        };
        for part in [kind, &format!("{o:?}"), text_hash] {
            h.update((part.len() as u64).to_le_bytes());
            h.update(part.as_bytes());
        }
        h.finalize().into()
    }

    /// The slot of `key`, made (empty) when new.
    fn slot(&self, key: [u8; 32]) -> Option<Slot> {
        let mut g = self.inner.lock().ok()?;
        if let Some(s) = g.map.get(&key) {
            return Some(s.clone());
        }
        let s = Slot::default();
        g.map.insert(key, s.clone());
        g.order.push_back(key);
        while g.order.len() > CACHE_ENTRIES {
            if let Some(old) = g.order.pop_front() {
                g.map.remove(&old);
            }
        }
        Some(s)
    }

    /// Forget `key` if its slot is still empty (its computation failed).
    fn forget_empty(&self, key: &[u8; 32]) {
        let Ok(mut g) = self.inner.lock() else { return };
        if g.map.get(key).is_some_and(|s| !s.initialized()) {
            g.map.remove(key);
            g.order.retain(|k| k != key);
        }
    }

    /// Requests whose answers are remembered now.
    pub fn len(&self) -> usize {
        self.inner
            .lock()
            .map_or(0, |g| g.map.values().filter(|s| s.initialized()).count())
    }

    /// Answers computed so far (the rest came from here).
    pub fn computed(&self) -> u64 {
        self.computed.load(Ordering::Relaxed)
    }

    /// True when no answer is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Answer `kind` for the request: from the cache, or computed by `compute` (on the blocking
/// pool) and kept; the run is saved either way (`saved_as` names its options). Hashing the
/// body to look it up costs microseconds and stays on the async worker.
async fn answer(
    state: AppState,
    kind: &'static str,
    o: RunOptions,
    saved_as: RunOptions,
    text: String,
    compute: impl FnOnce(&str) -> Result<(Value, parley_core::Scenario), ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    let text_hash = parley_store::content_hash(&text);
    let key = ResultCache::key(kind, &o, &text_hash);
    let text = Arc::new(text);
    let make = {
        let text = text.clone();
        let st = state.clone();
        move || {
            st.cache.computed.fetch_add(1, Ordering::Relaxed);
            let (v, s) = compute(&text)?;
            let result = serde_json::to_string(&v).map_err(|e| ApiError::internal(e.to_string()))?;
            Ok(Arc::new(Cached {
                json: Bytes::from(result.clone()),
                result_hash: parley_store::content_hash(&result),
                result,
                scenario_id: s.id().to_string(),
                scenario_title: s.title().to_string(),
            }))
        }
    };
    let c = match state.cache.slot(key) {
        Some(slot) => {
            let got = slot.get_or_try_init(|| blocking(make)).await.cloned();
            if got.is_err() {
                state.cache.forget_empty(&key);
            }
            got?
        }
        None => blocking(make).await?,
    };
    let body = c.json.clone();
    let text = Arc::try_unwrap(text).unwrap_or_else(|t| (*t).clone());
    let id = if let Some(w) = state.writer.as_ref().filter(|_| state.store.is_some() && saved_as.save) {
        let made = Made {
            scenario_id: &c.scenario_id,
            scenario_title: &c.scenario_title,
            result: c.result.clone(),
            hashes: None,
        };
        let run = new_run(kind, &saved_as, text, made);
        Some(w.save(run, text_hash, c.result_hash.clone()).await?)
    } else if state.store.is_some() && saved_as.save {
        blocking(move || {
            let made = Made {
                scenario_id: &c.scenario_id,
                scenario_title: &c.scenario_title,
                result: c.result.clone(),
                hashes: Some((&text_hash, &c.result_hash)),
            };
            save(&state, kind, &saved_as, text, made)
        })
        .await?
    } else {
        None
    };
    let mut r = (
        [(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if let Some(id) = id
        && let Ok(h) = HeaderValue::from_str(&id.to_string())
    {
        r.headers_mut().insert("x-parley-run", h);
    }
    Ok(r)
}

async fn forecast(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let o = RunOptions::parse(q.as_deref(), &[])?;
    let text = body_text(body)?;
    let o2 = o.clone();
    answer(state, "forecast", o, o2.clone(), text, move |t| {
        forecast_value(t, &o2).map(|(v, _, s)| (v, s))
    })
    .await
}

fn store_of(state: &AppState) -> Result<std::sync::Arc<std::sync::Mutex<parley_store::Store>>, ApiError> {
    state.store.clone().ok_or_else(|| {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "this server keeps no runs (started without a store)",
        )
    })
}

fn locked<T>(state: &AppState, f: impl FnOnce(&parley_store::Store) -> Result<T, StoreError>) -> Result<T, ApiError> {
    let store = store_of(state)?;
    let guard = store
        .lock()
        .map_err(|_| ApiError::internal("the run store is unusable after an earlier failure"))?;
    Ok(f(&guard)?)
}

async fn list_runs(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    blocking(move || {
        let runs = locked(&state, |s| s.list(500))?;
        Ok(Json(json!({"version": 1, "runs": runs})))
    })
    .await
}

fn run_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .map_err(|_| ApiError::bad(format!("run id `{raw}`: expected a whole number")))
}

async fn get_run(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let id = run_id(&id)?;
    blocking(move || {
        let run = locked(&state, |s| s.get(id))?;
        Ok(Json(json!({"version": 1, "run": run})))
    })
    .await
}

async fn diff_runs(
    State(state): State<AppState>,
    Path((a, b)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    let (a, b) = (run_id(&a)?, run_id(&b)?);
    blocking(move || {
        let (ra, rb) = locked(&state, |s| Ok((s.get(a)?, s.get(b)?)))?;
        let null = Value::Null;
        let changes = parley_store::diff(ra.result.as_ref().unwrap_or(&null), rb.result.as_ref().unwrap_or(&null));
        Ok(Json(json!({
            "version": 1,
            "a": a,
            "b": b,
            "same_scenario": ra.scenario_hash == rb.scenario_hash,
            "changes": changes,
        })))
    })
    .await
}

/// `parley simulate --format json` of the body.
pub fn simulate_value(text: &str, o: &RunOptions) -> Result<(Value, parley_core::Scenario), ApiError> {
    let (loaded, s) = load(text, o)?;
    let params = options::parse_params(&o.params).map_err(ApiError::bad)?;
    let models = options::build_models(&o.models, &s, &params).map_err(|e| model_error(&loaded, &params, e))?;
    let cfg = parley_models::montecarlo::MonteCarloConfig {
        draws: o.draws.unwrap_or(2_000),
        seed: o.seed.unwrap_or(1),
        ..Default::default()
    };
    let sim = parley_models::montecarlo::simulate(&s, &models, &cfg, |_| Ok(()), |_| {})
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e))?;
    let rep = parley_io::simulate::simulate_report(&s, o.variant.as_deref(), &sim);
    let v = serde_json::to_value(&rep).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok((v, s))
}

async fn simulate(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let o = RunOptions::parse(q.as_deref(), &["draws", "seed"])?;
    let text = body_text(body)?;
    let o2 = o.clone();
    answer(state, "simulate", o, o2.clone(), text, move |t| simulate_value(t, &o2)).await
}

/// `parley dynamics --format json` of the body (the EUM round by round).
pub fn dynamics_value(text: &str, o: &RunOptions) -> Result<(Value, parley_core::Scenario), ApiError> {
    use parley_models::models::eum::EumParams;
    use parley_models::params::Params;
    let (loaded, s) = load(text, o)?;
    let cli = options::parse_params(&o.params).map_err(ApiError::bad)?;
    if let Some(other) = cli.keys().find(|m| m.as_str() != "eum") {
        return Err(ApiError::bad(format!(
            "param {other}.…: dynamics runs only the eum model"
        )));
    }
    let mut map = s.model_params("eum").cloned().unwrap_or_default();
    if let Some(Value::Object(extra)) = cli.get("eum") {
        map.extend(extra.clone());
    }
    let params = EumParams::from_params(&Params::new("eum", map)).map_err(|e| model_error(&loaded, &cli, e))?;
    let issues: Vec<usize> = match &o.issue {
        Some(id) => vec![s.issue_index(id).ok_or_else(|| {
            let known: Vec<&str> = s.issues().iter().map(|i| i.id.as_str()).collect();
            ApiError::bad(format!(
                "query `issue={id}`: unknown issue; known: {}",
                known.join(", ")
            ))
        })?],
        None => (0..s.issues().len()).collect(),
    };
    let mut buf = Vec::new();
    parley_io::dynamics::write_dynamics_json(&mut buf, &s, &params, &issues, o.issue.is_some())
        .map_err(|e| ApiError::internal(e.to_string()))?;
    let v = serde_json::from_slice(&buf).map_err(|e| ApiError::internal(e.to_string()))?;
    Ok((v, s))
}

async fn dynamics(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let o = RunOptions::parse(q.as_deref(), &["issue"])?;
    let text = body_text(body)?;
    let mut saved_as = o.clone();
    saved_as.models = vec!["eum".into()];
    let o2 = o.clone();
    answer(state, "dynamics", o, saved_as, text, move |t| dynamics_value(t, &o2)).await
}

/// A TOML scenario file (the body) in the JSON form the API reads, validated first.
async fn from_toml(RawQuery(q): RawQuery, body: Result<Bytes, BytesRejection>) -> Result<Json<Value>, ApiError> {
    let mut name = "uploaded.toml".to_string();
    for (k, v) in form_urlencoded::parse(q.as_deref().unwrap_or("").as_bytes()) {
        match &*k {
            // An empty name keeps the default.
            "name" => {
                if !v.is_empty() {
                    name = v.into_owned();
                }
            }
            other => {
                return Err(ApiError::bad(format!(
                    "unknown query parameter `{other}`; this endpoint takes name"
                )));
            }
        }
    }
    let text = body_text(body)?;
    blocking(move || {
        parley_io::load_str(&name, &text, SourceFormat::Toml)?;
        toml::from_str::<Value>(&text)
            .map(Json)
            .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, format!("{name}: {e}")))
    })
    .await
}

/// The scenario (the body, JSON) as a TOML file, validated first.
async fn to_toml(body: Result<Bytes, BytesRejection>) -> Result<Response, ApiError> {
    let text = body_text(body)?;
    blocking(move || {
        load(&text, &RunOptions::default())?;
        let raw: parley_core::raw::RawScenario =
            serde_json::from_str(&text).map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))?;
        let toml = toml::to_string_pretty(&raw).map_err(|e| ApiError::internal(format!("writing TOML: {e}")))?;
        Ok((
            [(axum::http::header::CONTENT_TYPE, "application/toml; charset=utf-8")],
            toml,
        )
            .into_response())
    })
    .await
}

/// What a finished job gives: its result and the id of the run kept, or the error.
type JobOutcome = Result<(Value, Option<i64>), ApiError>;

/// One long run: its progress, then its result.
#[derive(Debug, Default)]
pub struct Job {
    kind: String,
    done: AtomicU64,
    total: AtomicU64,
    outcome: Mutex<Option<JobOutcome>>,
}

/// The long runs of this server (the last 100 are kept).
#[derive(Debug, Default)]
pub struct Jobs {
    next: AtomicU64,
    map: Mutex<BTreeMap<u64, Arc<Job>>>,
}

impl Jobs {
    fn start(&self, kind: &str) -> Result<(u64, Arc<Job>), ApiError> {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let job = Arc::new(Job {
            kind: kind.into(),
            ..Default::default()
        });
        let mut map = self
            .map
            .lock()
            .map_err(|_| ApiError::internal("the job table is unusable"))?;
        map.insert(id, job.clone());
        while map.len() > 100 {
            map.pop_first();
        }
        Ok((id, job))
    }

    fn get(&self, id: u64) -> Result<Arc<Job>, ApiError> {
        let map = self
            .map
            .lock()
            .map_err(|_| ApiError::internal("the job table is unusable"))?;
        map.get(&id).cloned().ok_or_else(|| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                format!("no job {id} (jobs are kept until 100 newer ones)"),
            )
        })
    }
}

/// Start `work` on the blocking pool as a job; answer 202 with its id at once.
fn spawn_job(
    state: &AppState,
    kind: &str,
    work: impl FnOnce(&Job) -> JobOutcome + Send + 'static,
) -> Result<Response, ApiError> {
    let (id, job) = state.jobs.start(kind)?;
    tokio::task::spawn_blocking(move || {
        let out = work(&job);
        if let Ok(mut slot) = job.outcome.lock() {
            *slot = Some(out);
        }
    });
    let body = json!({"job": id, "kind": kind, "status": format!("/api/v1/jobs/{id}")});
    Ok((StatusCode::ACCEPTED, Json(body)).into_response())
}

async fn job_status(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<Value>, ApiError> {
    let id = id
        .parse::<u64>()
        .map_err(|_| ApiError::bad(format!("job id `{id}`: expected a whole number")))?;
    let job = state.jobs.get(id)?;
    let (done, total) = (job.done.load(Ordering::Relaxed), job.total.load(Ordering::Relaxed));
    let outcome = job
        .outcome
        .lock()
        .map_err(|_| ApiError::internal("the job failed"))?
        .clone();
    Ok(Json(match outcome {
        None => json!({"job": id, "kind": job.kind, "state": "running", "done": done, "total": total}),
        Some(Ok((result, run))) => {
            json!({"job": id, "kind": job.kind, "state": "done", "done": total, "total": total, "run": run, "result": result})
        }
        Some(Err(e)) => json!({"job": id, "kind": job.kind, "state": "failed", "done": done, "total": total,
            "error": {"status": e.status.as_u16(), "message": e.message,
                      "diagnostics": e.diagnostics.iter().map(diagnostic_json).collect::<Vec<_>>()}}),
    }))
}

fn mc_config(o: &RunOptions, default_draws: u64) -> parley_models::montecarlo::MonteCarloConfig {
    parley_models::montecarlo::MonteCarloConfig {
        draws: o.draws.unwrap_or(default_draws),
        seed: o.seed.unwrap_or(1),
        ..Default::default()
    }
}

/// `parley sensitivity --format json` of the body (500 draws per end by default).
pub fn sensitivity_value(
    text: &str,
    o: &RunOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<(Value, parley_core::Scenario), ApiError> {
    let (loaded, s) = load(text, o)?;
    let params = options::parse_params(&o.params).map_err(ApiError::bad)?;
    let models = options::build_models(&o.models, &s, &params).map_err(|e| model_error(&loaded, &params, e))?;
    let cfg = mc_config(o, 500);
    let ids: Vec<String> = models.iter().map(|m| m.info().id.to_string()).collect();
    let r = parley_models::sensitivity::sensitivity_with_progress(&s, &models, &cfg, progress)
        .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e))?;
    let rep = parley_io::sensitivity::sensitivity_report(&s, &ids, &cfg, &r);
    Ok((
        serde_json::to_value(&rep).map_err(|e| ApiError::internal(e.to_string()))?,
        s,
    ))
}

/// `parley compare --variant A … --format json` of the body (2,000 draws by default).
pub fn compare_value(
    text: &str,
    o: &RunOptions,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<(Value, parley_core::Scenario), ApiError> {
    use parley_io::simulate::{CompareReport, difference, simulate_report};
    if o.compare.is_empty() {
        return Err(ApiError::bad(
            "name at least one variant to compare: `compare=ID` (repeatable)",
        ));
    }
    let (loaded, base) = load(text, &RunOptions::default())?;
    let params = options::parse_params(&o.params).map_err(ApiError::bad)?;
    let cfg = mc_config(o, 2_000);
    let mut runs = vec![("baseline".to_string(), None, base.clone())];
    for v in &o.compare {
        runs.push((v.clone(), Some(v.clone()), loaded.variant(v)?));
    }
    let total = cfg.draws * runs.len() as u64;
    let mut reports = BTreeMap::new();
    for (i, (name, variant, s)) in runs.iter().enumerate() {
        let models = options::build_models(&o.models, s, &params).map_err(|e| model_error(&loaded, &params, e))?;
        let offset = cfg.draws * i as u64;
        let sim = parley_models::montecarlo::simulate(s, &models, &cfg, |_| Ok(()), |d| progress(offset + d, total))
            .map_err(|e| ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, e))?;
        reports.insert(name.clone(), simulate_report(s, variant.as_deref(), &sim));
    }
    let order: Vec<String> = runs.iter().map(|r| r.0.clone()).collect();
    let mut differences = BTreeMap::new();
    if let Some(b) = reports.get("baseline") {
        for name in order.iter().skip(1) {
            if let Some(r) = reports.get(name) {
                differences.insert(name.clone(), difference(b, r));
            }
        }
    }
    let rep = CompareReport {
        version: 1,
        scenario: base.id().into(),
        draws: cfg.draws,
        seed: cfg.seed,
        runs: reports,
        order,
        differences,
    };
    Ok((
        serde_json::to_value(&rep).map_err(|e| ApiError::internal(e.to_string()))?,
        base,
    ))
}

async fn start_sensitivity(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let o = RunOptions::parse(q.as_deref(), &["draws", "seed"])?;
    let text = body_text(body)?;
    // Bad input is answered now, not as a failed job.
    load(&text, &o)?;
    let st = state.clone();
    spawn_job(&state, "sensitivity", move |job| {
        let (v, s) = sensitivity_value(&text, &o, &|d, t| {
            job.total.store(t, Ordering::Relaxed);
            job.done.store(d, Ordering::Relaxed);
        })?;
        let id = save(&st, "sensitivity", &o, text, Made::of(&s, &v))?;
        Ok((v, id))
    })
}

async fn start_compare(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let o = RunOptions::parse(q.as_deref(), &["draws", "seed", "compare"])?;
    if o.variant.is_some() {
        return Err(ApiError::bad(
            "compare runs the baseline against `compare=ID` variants; `variant` does not apply",
        ));
    }
    if o.compare.is_empty() {
        return Err(ApiError::bad(
            "name at least one variant to compare: `compare=ID` (repeatable)",
        ));
    }
    let text = body_text(body)?;
    let (loaded, _) = load(&text, &o)?;
    for v in &o.compare {
        loaded.variant(v)?;
    }
    let st = state.clone();
    spawn_job(&state, "compare", move |job| {
        let (v, s) = compare_value(&text, &o, &|d, t| {
            job.total.store(t, Ordering::Relaxed);
            job.done.store(d, Ordering::Relaxed);
        })?;
        let mut o2 = o.clone();
        o2.variant = Some(o.compare.join(","));
        let id = save(&st, "compare", &o2, text, Made::of(&s, &v))?;
        Ok((v, id))
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn jobs_are_numbered_from_one_named_by_kind_and_the_last_hundred_kept() {
        let jobs = Jobs::default();
        let (id, job) = jobs.start("compare").unwrap();
        assert_eq!(id, 1);
        assert_eq!(job.kind, "compare");
        for k in 2..=101 {
            assert_eq!(jobs.start("sensitivity").unwrap().0, k);
        }
        assert!(jobs.get(1).is_err());
        assert_eq!(jobs.get(2).unwrap().kind, "sensitivity");
        assert!(jobs.get(101).is_ok());
        assert_eq!(jobs.map.lock().unwrap().len(), 100);
    }
}
