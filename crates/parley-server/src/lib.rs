//! # parley-server
//!
//! The local web app behind `parley serve`: one page (embedded in the binary) and a JSON API
//! under `/api/v1` that carries exactly the command line's JSON (`docs/FORMAT.md`).
//!
//! [`app`] builds the router; `serve` and the tests share it (the tests call it without a
//! socket). Model runs go to tokio's blocking pool, never onto the async workers; every run
//! made here is saved in the run store when the server has one.
//!
//! A server on loopback is reachable from any page the user's browser opens, so requests are
//! checked before any handler runs: the `Host` header must name this server (`localhost`,
//! `127.0.0.1`, `[::1]` or the bound address, with its port; DNS rebinding sends another
//! name), and a request that changes state (any method but GET and HEAD) from another origin
//! (`Origin` not this server's, or `Sec-Fetch-Site: cross-site`) is refused.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use parley_store::Store;

pub mod api;
mod assets;
pub mod openapi;
pub mod report;

pub use api::{ApiError, RunOptions};

/// Largest request body accepted (bytes): the scenario file limit of the command line.
pub const MAX_BODY_BYTES: usize = parley_io::load::MAX_FILE_BYTES as usize;

/// What the handlers share.
#[derive(Clone)]
pub struct AppState {
    /// The run store (None: runs are not kept).
    pub store: Option<Arc<Mutex<Store>>>,
    /// The address the server listens on (its port names it in `Host` and `Origin`).
    pub addr: SocketAddr,
    /// Long runs (sensitivity, comparison) with their progress.
    pub jobs: Arc<api::Jobs>,
    /// Results of recent identical requests.
    pub cache: Arc<api::ResultCache>,
    /// The thread that writes the runs of concurrent requests in shared commits (None: no
    /// store, or the thread could not start; then each run is written on its own).
    writer: Option<api::Writer>,
}

impl AppState {
    /// State for a server at `addr` with an optional store.
    pub fn new(addr: SocketAddr, store: Option<Store>) -> Self {
        let store = store.map(|s| Arc::new(Mutex::new(s)));
        Self {
            writer: store.clone().and_then(api::Writer::start),
            store,
            addr,
            jobs: Arc::default(),
            cache: Arc::default(),
        }
    }

    /// The `Host` values that name this server.
    fn hosts(&self) -> Vec<String> {
        let port = self.addr.port();
        let mut v = vec![
            format!("localhost:{port}"),
            format!("127.0.0.1:{port}"),
            format!("[::1]:{port}"),
            self.addr.to_string(),
        ];
        // Browsers leave out the default port.
        if port == 80 {
            v.extend([
                "localhost".into(),
                "127.0.0.1".into(),
                "[::1]".into(),
                self.addr.ip().to_string(),
            ]);
        }
        v
    }
}

/// The router: the page, its assets and the API, behind the host and origin checks.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(api::routes())
        .merge(assets::routes())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Refuse requests for another host name and state changes from another origin.
async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if let Err(e) = check_request(&state, req.method(), req.headers()) {
        return e.into_response();
    }
    next.run(req).await
}

/// Is `host` an IP address (v4, or v6 in brackets) followed by `:port`?
fn ip_literal_with_port(host: &str, port: u16) -> bool {
    host.parse::<SocketAddr>().is_ok_and(|a| a.port() == port)
}

fn check_request(state: &AppState, method: &Method, headers: &HeaderMap) -> Result<(), ApiError> {
    let hosts = state.hosts();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    match host {
        Some(h) if hosts.iter().any(|a| a.eq_ignore_ascii_case(h)) => {}
        // Listening on every address (`--bind 0.0.0.0`): the machine's own addresses are not
        // known here, so any IP literal with this port names it. DNS rebinding needs a name.
        Some(h) if state.addr.ip().is_unspecified() && ip_literal_with_port(h, state.addr.port()) => {}
        Some(h) => {
            return Err(ApiError::new(
                StatusCode::MISDIRECTED_REQUEST,
                format!(
                    "Host `{h}` is not this server; open it as http://localhost:{}/",
                    state.addr.port()
                ),
            ));
        }
        None => {
            return Err(ApiError::new(StatusCode::BAD_REQUEST, "the request has no Host header"));
        }
    }
    if method == Method::GET || method == Method::HEAD {
        return Ok(());
    }
    if headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"))
    {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "cross-site requests may not change anything here",
        ));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let o = origin.to_str().unwrap_or("");
        let ok = hosts.iter().any(|h| o.eq_ignore_ascii_case(&format!("http://{h}")));
        if !ok {
            return Err(ApiError::new(
                StatusCode::FORBIDDEN,
                format!("requests from origin `{o}` may not change anything here"),
            ));
        }
    }
    Ok(())
}
