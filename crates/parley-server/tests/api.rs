#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The API through the router, without a socket: the contract, every bad-request class, the
//! host and origin checks, and the run store.

use std::net::SocketAddr;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use parley_server::{AppState, MAX_BODY_BYTES, app};
use parley_store::Store;
use serde_json::{Value, json};
use tower::ServiceExt;

const PORT: u16 = 8765;

fn state(store: bool) -> AppState {
    let addr: SocketAddr = ([127, 0, 0, 1], PORT).into();
    AppState::new(addr, store.then(|| Store::in_memory().unwrap()))
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }
    fn error(&self) -> (u64, String, Vec<Value>) {
        let v = self.json();
        let e = &v["error"];
        (
            e["status"].as_u64().unwrap(),
            e["message"].as_str().unwrap().to_owned(),
            e["diagnostics"].as_array().unwrap().clone(),
        )
    }
}

async fn send(st: &AppState, req: Request<Body>) -> Reply {
    let r = app(st.clone()).oneshot(req).await.unwrap();
    let status = r.status();
    let headers = r.headers().clone();
    let body = r.into_body().collect().await.unwrap().to_bytes().to_vec();
    Reply { status, headers, body }
}

fn get(path: &str) -> Request<Body> {
    Request::get(path)
        .header(header::HOST, format!("localhost:{PORT}"))
        .body(Body::empty())
        .unwrap()
}

fn post(path: &str, body: impl Into<Body>) -> Request<Body> {
    Request::post(path)
        .header(header::HOST, format!("127.0.0.1:{PORT}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

async fn default_scenario(st: &AppState) -> Value {
    let r = send(st, get("/api/v1/scenarios/default")).await;
    assert_eq!(r.status, StatusCode::OK);
    r.json()
}

/// What `parley forecast --format json` prints, computed the way the command does.
fn cli_forecast(variant: Option<&str>) -> Value {
    let loaded = parley_io::load_bundled().unwrap();
    let s = match variant {
        Some(v) => loaded.variant(v).unwrap(),
        None => loaded.scenario.clone(),
    };
    let models = parley_io::options::build_models(&[], &s, &Default::default()).unwrap();
    let run = parley_models::run::run_forecast(&s, &models).unwrap();
    let mut rep = parley_io::report::forecast_report(&s, &run);
    rep.variant = variant.map(str::to_owned);
    serde_json::to_value(&rep).unwrap()
}

#[tokio::test]
async fn the_default_scenario_forecasts_as_the_command_line_does() {
    let st = state(false);
    let sc = default_scenario(&st).await;
    assert_eq!(sc["scenario"]["id"], "alaska-2025");
    assert!(sc["position"].as_array().unwrap().len() > 20);
    let r = send(&st, post("/api/v1/forecast", sc.to_string())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    assert_eq!(r.json(), cli_forecast(None));
    assert!(r.headers.get("x-parley-run").is_none(), "no store, no run id");
    // A variant and chosen models with a parameter.
    let r = send(
        &st,
        post(
            "/api/v1/forecast?variant=ukraine-at-the-table&model=compromise&model=eum&param=eum.rounds%3D3&save=false",
            sc.to_string(),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    assert_eq!(v["variant"], "ukraine-at-the-table");
    let ids: Vec<&str> = v["forecasts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["model"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["compromise", "eum", "ensemble"]);
}

#[tokio::test]
async fn malformed_json_is_a_400_located_at_its_line() {
    let st = state(false);
    let r = send(&st, post("/api/v1/forecast", "{\n  \"format\": 1,\n  oops\n}")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let (status, message, d) = r.error();
    assert_eq!(status, 400);
    assert!(message.starts_with("request body:3:"), "{message}");
    assert_eq!(d[0]["line"], 3);
    assert_eq!(d[0]["file"], "request body");
}

#[tokio::test]
async fn an_invalid_scenario_is_a_422_naming_each_field() {
    let st = state(false);
    let mut sc = default_scenario(&st).await;
    sc["position"][0]["salience"] = json!(2.5);
    sc["actor"][1]["capability"] = json!(-1);
    let r = send(&st, post("/api/v1/forecast", sc.to_string())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, _, d) = r.error();
    let fields: Vec<&str> = d.iter().map(|x| x["field"].as_str().unwrap_or("")).collect();
    assert!(fields.contains(&"position[0].salience"), "{fields:?}");
    assert!(fields.contains(&"actor[1].capability"), "{fields:?}");
    // The same scenario through /check: 200, not ok, the same diagnostics.
    let r = send(&st, post("/api/v1/check", sc.to_string())).await;
    assert_eq!(r.status, StatusCode::OK);
    let v = r.json();
    assert_eq!(v["ok"], false);
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), d.len());
}

#[tokio::test]
async fn bad_options_are_400s_that_name_them() {
    let st = state(false);
    let sc = default_scenario(&st).await.to_string();
    for (query, needle) in [
        ("model=oracle", "model=oracle"),
        ("colour=red", "`colour`"),
        ("save=maybe", "save=maybe"),
        ("param=eum", "MODEL.KEY=VALUE"),
        ("param=oracle.x%3D1", "unknown model `oracle`"),
        // Keys of other endpoints are unknown here.
        ("seed=1", "`seed`"),
        ("compare=x", "`compare`"),
        ("draws=10", "`draws`"),
        ("issue=territory", "`issue`"),
    ] {
        let r = send(&st, post(&format!("/api/v1/forecast?{query}"), sc.clone())).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{query}");
        let (_, message, _) = r.error();
        assert!(message.contains(needle), "{query}: {message}");
    }
    // A parameter the model refuses, and an unknown variant: the input is wrong, 422.
    let r = send(&st, post("/api/v1/forecast?param=eum.rounds%3D-3", sc.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().1.contains("rounds"), "{}", r.error().1);
    let r = send(&st, post("/api/v1/forecast?variant=nope", sc.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.error().1.contains("nope"), "{}", r.error().1);
}

#[tokio::test]
async fn bodies_over_the_limit_empty_or_not_text_are_refused() {
    let st = state(false);
    let big = vec![b' '; MAX_BODY_BYTES + 1];
    let r = send(&st, post("/api/v1/forecast", big)).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        r.error().1,
        format!("request body: larger than the limit of {MAX_BODY_BYTES} bytes")
    );
    let r = send(&st, post("/api/v1/forecast", vec![0xff, 0xfe, b'{'])).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.error().1.contains("UTF-8"));
    let r = send(&st, post("/api/v1/forecast", "")).await;
    assert!(r.status.is_client_error());
    assert!(r.error().1.contains("empty"), "{}", r.error().1);
}

#[tokio::test]
async fn another_host_name_or_a_cross_origin_write_is_refused() {
    let st = state(false);
    // DNS rebinding: the browser sends the attacker's name.
    let req = Request::get("/api/v1/scenarios/default")
        .header(header::HOST, format!("evil.example:{PORT}"))
        .body(Body::empty())
        .unwrap();
    let r = send(&st, req).await;
    assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST);
    assert!(r.error().1.contains("evil.example"));
    // The right name on another port is another server.
    let req = Request::get("/")
        .header(header::HOST, "localhost:1")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&st, req).await.status, StatusCode::MISDIRECTED_REQUEST);
    let req = Request::get("/").body(Body::empty()).unwrap();
    assert_eq!(send(&st, req).await.status, StatusCode::BAD_REQUEST);
    // A page elsewhere posting here.
    let req = Request::post("/api/v1/forecast")
        .header(header::HOST, format!("localhost:{PORT}"))
        .header(header::ORIGIN, "https://evil.example")
        .body(Body::from("{}"))
        .unwrap();
    let r = send(&st, req).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(r.error().1.contains("evil.example"));
    let req = Request::post("/api/v1/check")
        .header(header::HOST, format!("localhost:{PORT}"))
        .header("sec-fetch-site", "cross-site")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(send(&st, req).await.status, StatusCode::FORBIDDEN);
    // The app's own page posting: allowed.
    let req = Request::post("/api/v1/check")
        .header(header::HOST, format!("localhost:{PORT}"))
        .header(header::ORIGIN, format!("http://localhost:{PORT}"))
        .header("sec-fetch-site", "same-origin")
        .body(Body::from("{}"))
        .unwrap();
    assert_eq!(send(&st, req).await.status, StatusCode::OK);
}

#[tokio::test]
async fn unknown_endpoints_and_runs_are_404s_in_json() {
    let st = state(true);
    let r = send(&st, get("/api/v1/forcast")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.error().1.contains("openapi.json"));
    let r = send(&st, get("/api/v1/runs/99")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.error().1, "no run 99 in the store");
    let r = send(&st, get("/api/v1/runs/abc")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(&state(false), get("/api/v1/runs")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.error().1.contains("keeps no runs"));
}

#[tokio::test]
async fn web_runs_are_stored_and_can_be_reopened_and_diffed() {
    let st = state(true);
    let sc = default_scenario(&st).await.to_string();
    let a = send(&st, post("/api/v1/forecast", sc.clone())).await;
    assert_eq!(a.headers.get("x-parley-run").unwrap(), "1");
    let b = send(&st, post("/api/v1/forecast?variant=europe-at-the-table", sc.clone())).await;
    assert_eq!(b.headers.get("x-parley-run").unwrap(), "2");
    let c = send(&st, post("/api/v1/forecast?save=false", sc.clone())).await;
    assert!(c.headers.get("x-parley-run").is_none());

    let list = send(&st, get("/api/v1/runs")).await.json();
    let runs = list["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!(runs[0]["id"], 2);
    assert_eq!(runs[0]["variant"], "europe-at-the-table");
    assert_eq!(runs[0]["origin"], "web");
    assert_eq!(runs[0]["models"], json!(["compromise", "median", "nash", "eum"]));
    assert!(runs[0].get("result").is_none());

    let one = send(&st, get("/api/v1/runs/1")).await.json();
    assert_eq!(one["run"]["result"], a.json());
    assert_eq!(one["run"]["scenario_text"], sc);
    assert_eq!(one["run"]["scenario_hash"], parley_store::content_hash(&sc));

    let d = send(&st, get("/api/v1/runs/1/diff/2")).await.json();
    assert_eq!(d["same_scenario"], true);
    let changes = d["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["path"] == "/variant" && c["after"] == "europe-at-the-table"),
        "{changes:?}"
    );
    let same = send(&st, get("/api/v1/runs/1/diff/1")).await.json();
    assert_eq!(same["changes"], json!([]));
}

#[tokio::test]
async fn the_page_and_its_files_are_served_with_a_content_security_policy() {
    let st = state(false);
    let r = send(&st, get("/")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(String::from_utf8_lossy(&r.body).contains("<title>parley</title>"));
    assert!(
        r.headers[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .contains("default-src 'self'")
    );
    let r = send(&st, get("/vendor/echarts.min.js")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CONTENT_TYPE], "text/javascript; charset=utf-8");
    assert!(r.body.len() > 500_000);
    let r = send(&st, get("/vendor/ECHARTS-NOTICE")).await;
    assert!(String::from_utf8_lossy(&r.body).contains("Apache ECharts"));
    assert_eq!(send(&st, get("/nothing.js")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_openapi_document_lists_every_route_and_resolves_its_references() {
    let st = state(false);
    let doc = send(&st, get("/api/v1/openapi.json")).await.json();
    assert_eq!(doc["openapi"], "3.0.3");
    for p in [
        "/api/v1/forecast",
        "/api/v1/scenarios/default",
        "/api/v1/runs/{id}/diff/{other}",
        "/api/v1/check",
    ] {
        assert!(doc["paths"].get(p).is_some(), "{p}");
    }
    // Every $ref points at a schema in the document.
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    out.push(r.clone());
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    // The forecast's body, answer, query options and error answers are all described.
    let f = &doc["paths"]["/api/v1/forecast"]["post"];
    assert_eq!(
        f["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Scenario"
    );
    assert_eq!(
        f["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Forecast"
    );
    let names: Vec<&str> = f["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["model", "param", "variant", "save"]);
    let errors = &doc["components"]["responses"]["Errors"];
    for code in ["400", "403", "413", "421", "422"] {
        assert_eq!(
            errors[code]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Error",
            "{code}"
        );
    }
    let mut all = Vec::new();
    refs(&doc, &mut all);
    assert!(all.len() > 10);
    for r in all {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("{r}"));
        assert!(doc["components"]["schemas"].get(name).is_some(), "{r}");
    }
}

#[tokio::test]
async fn simulate_and_dynamics_answer_as_the_command_line_does() {
    let st = state(true);
    let sc = default_scenario(&st).await.to_string();
    let r = send(
        &st,
        post(
            "/api/v1/simulate?draws=200&seed=7&model=compromise&model=median",
            sc.clone(),
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    // The same computation as `parley simulate --draws 200 --seed 7 -m compromise -m median`.
    let loaded = parley_io::load_bundled().unwrap();
    let models = parley_io::options::build_models(
        &["compromise".into(), "median".into()],
        &loaded.scenario,
        &Default::default(),
    )
    .unwrap();
    let cfg = parley_models::montecarlo::MonteCarloConfig {
        draws: 200,
        seed: 7,
        ..Default::default()
    };
    let sim = parley_models::montecarlo::simulate(&loaded.scenario, &models, &cfg, |_| Ok(()), |_| {}).unwrap();
    let want = serde_json::to_value(parley_io::simulate::simulate_report(&loaded.scenario, None, &sim)).unwrap();
    assert_eq!(r.json(), want);
    let id: i64 = r.headers["x-parley-run"].to_str().unwrap().parse().unwrap();
    let run = send(&st, get(&format!("/api/v1/runs/{id}"))).await.json();
    assert_eq!(run["run"]["kind"], "simulate");
    assert_eq!(run["run"]["seed"], 7);
    assert_eq!(run["run"]["params"]["draws"], 200);

    let r = send(&st, post("/api/v1/dynamics?issue=territory", sc.clone())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    assert_eq!(v["issue"], "territory", "{v}");
    assert!(!v["rounds"].as_array().unwrap().is_empty());
    let id = r.headers.get("x-parley-run").unwrap().to_str().unwrap().to_owned();
    let run = send(&st, get(&format!("/api/v1/runs/{id}"))).await.json();
    assert_eq!(run["run"]["kind"], "dynamics");
    assert_eq!(run["run"]["models"], json!(["eum"]));
    assert_eq!(run["run"]["params"], json!({"param": [], "issue": "territory"}));

    for (path, needle) in [
        ("/api/v1/simulate?draws=0", "draws=0"),
        ("/api/v1/simulate?draws=many", "draws=many"),
        ("/api/v1/simulate?issue=territory", "`issue`"),
        ("/api/v1/dynamics?issue=moon", "issue=moon"),
        ("/api/v1/dynamics?param=nash.utility%3Dquadratic", "only the eum"),
        ("/api/v1/forecast?draws=10", "`draws`"),
    ] {
        let r = send(&st, post(path, sc.clone())).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{path}");
        assert!(r.error().1.contains(needle), "{path}: {}", r.error().1);
    }
}

#[tokio::test]
async fn scenarios_go_to_toml_and_back_unchanged() {
    let st = state(false);
    let sc = default_scenario(&st).await;
    let r = send(&st, post("/api/v1/scenarios/to-toml", sc.to_string())).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.body));
    let text = String::from_utf8(r.body.clone()).unwrap();
    // The TOML is a valid scenario that forecasts as the original does.
    let loaded = parley_io::load_str("x.toml", &text, parley_io::SourceFormat::Toml).unwrap();
    let bundled = parley_io::load_bundled().unwrap().scenario;
    assert_eq!(format!("{:?}", loaded.scenario), format!("{bundled:?}"));
    let back = send(&st, post("/api/v1/scenarios/from-toml?name=mine.toml", text)).await;
    assert_eq!(back.status, StatusCode::OK);
    let f1 = send(&st, post("/api/v1/forecast?model=compromise", sc.to_string()))
        .await
        .json();
    let f2 = send(&st, post("/api/v1/forecast?model=compromise", back.json().to_string()))
        .await
        .json();
    assert_eq!(f1, f2);
    // A broken file: located by line, under the name given.
    let r = send(
        &st,
        post("/api/v1/scenarios/from-toml?name=mine.toml", "format = 1\n[scenario\n"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, message, d) = r.error();
    assert!(message.starts_with("mine.toml:2:"), "{message}");
    assert_eq!(d[0]["line"], 2);
    // Without a name (or an empty one) the file is called uploaded.toml.
    for q in ["", "?name="] {
        let r = send(
            &st,
            post(&format!("/api/v1/scenarios/from-toml{q}"), "format = 1\n[scenario\n"),
        )
        .await;
        let (_, message, d) = r.error();
        assert!(message.starts_with("uploaded.toml:2:"), "{q}: {message} {d:?}");
    }
}

async fn wait_for_job(st: &AppState, r: Reply) -> Value {
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", String::from_utf8_lossy(&r.body));
    let id = r.json()["job"].as_u64().unwrap();
    for _ in 0..600 {
        let v = send(st, get(&format!("/api/v1/jobs/{id}"))).await.json();
        match v["state"].as_str().unwrap() {
            "running" => {
                assert!(v["done"].as_u64().unwrap() <= v["total"].as_u64().unwrap(), "{v}");
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
            _ => return v,
        }
    }
    panic!("job {id} did not finish in a minute");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn long_runs_are_jobs_with_progress_and_the_command_line_result() {
    let st = state(true);
    let sc = default_scenario(&st).await.to_string();
    let r = send(
        &st,
        post(
            "/api/v1/jobs/compare?compare=ukraine-at-the-table&model=compromise&draws=40",
            sc.clone(),
        ),
    )
    .await;
    let v = wait_for_job(&st, r).await;
    assert_eq!(v["state"], "done", "{v}");
    assert_eq!(v["done"], v["total"]);
    assert_eq!(v["total"], 80);
    let result = &v["result"];
    assert_eq!(result["order"], json!(["baseline", "ukraine-at-the-table"]));
    assert!(result["differences"]["ukraine-at-the-table"].is_object(), "{result}");
    let run = send(&st, get(&format!("/api/v1/runs/{}", v["run"]))).await.json();
    assert_eq!(run["run"]["kind"], "compare");
    assert_eq!(run["run"]["result"], *result);

    // Sensitivity of a two-actor scenario: the job's result is the library's.
    let small = json!({"format": 1, "scenario": {"id": "t", "title": "t"},
        "issue": [{"id": "x", "name": "x", "status_quo": 0}],
        "actor": [{"id": "a", "name": "a", "capability": 1, "veto": true}, {"id": "b", "name": "b", "capability": 1, "veto": true}],
        "position": [{"actor": "a", "issue": "x", "position": 55, "salience": 0.5},
                     {"actor": "b", "issue": "x", "position": 45, "salience": 0.5}]})
    .to_string();
    let r = send(
        &st,
        post(
            "/api/v1/jobs/sensitivity?model=compromise&draws=20&seed=3",
            small.clone(),
        ),
    )
    .await;
    let v = wait_for_job(&st, r).await;
    assert_eq!(v["state"], "done", "{v}");
    // The stored run keeps what the job ran with.
    let run = send(&st, get(&format!("/api/v1/runs/{}", v["run"]))).await.json();
    assert_eq!(run["run"]["kind"], "sensitivity");
    assert_eq!(run["run"]["params"], json!({"param": [], "draws": 20}));
    assert_eq!(run["run"]["seed"], 3);
    let o = parley_server::RunOptions {
        models: vec!["compromise".into()],
        draws: Some(20),
        seed: Some(3),
        ..Default::default()
    };
    let (want, _) = parley_server::api::sensitivity_value(&small, &o, &|_, _| {}).unwrap();
    assert_eq!(v["result"], want);
    assert_eq!(v["total"], 9);

    // Bad input is answered at once, not as a failed job.
    let r = send(&st, post("/api/v1/jobs/compare?compare=nope", sc.clone())).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let r = send(&st, post("/api/v1/jobs/compare", sc.clone())).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = send(&st, post("/api/v1/jobs/sensitivity", "{")).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(send(&st, get("/api/v1/jobs/999")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bound_to_every_address_any_ip_with_the_port_names_the_server_but_a_name_does_not() {
    let st = AppState::new(([0, 0, 0, 0], PORT).into(), None);
    for (host, ok) in [
        (format!("192.168.1.5:{PORT}"), true),
        (format!("[fe80::1]:{PORT}"), true),
        (format!("localhost:{PORT}"), true),
        ("192.168.1.5:1".to_string(), false),
        (format!("rebind.example:{PORT}"), false),
    ] {
        let req = Request::get("/api/v1/health")
            .header(header::HOST, &host)
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&st, req).await.status == StatusCode::OK, ok, "{host}");
    }
    // On loopback, another machine's address is not this server.
    let req = Request::get("/api/v1/health")
        .header(header::HOST, format!("192.168.1.5:{PORT}"))
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&state(false), req).await.status, StatusCode::MISDIRECTED_REQUEST);
}

#[tokio::test]
async fn a_repeated_request_is_answered_from_the_cache_and_still_saved() {
    let st = state(true);
    let sc = default_scenario(&st).await.to_string();
    let first = send(&st, post("/api/v1/forecast", sc.clone())).await;
    assert_eq!(st.cache.len(), 1);
    let again = send(&st, post("/api/v1/forecast", sc.clone())).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.body, first.body);
    assert_eq!(again.json(), cli_forecast(None));
    assert_eq!(again.headers.get(header::CONTENT_TYPE).unwrap(), "application/json");
    assert_eq!(again.headers.get("x-parley-run").unwrap(), "2");
    // `save` is not part of what is computed: the same entry answers it.
    let unsaved = send(&st, post("/api/v1/forecast?save=false", sc.clone())).await;
    assert_eq!(unsaved.body, first.body);
    assert_eq!(st.cache.len(), 1);
    // Another option, command or body is another entry; a failure is not kept.
    let v = send(&st, post("/api/v1/forecast?variant=europe-at-the-table", sc.clone())).await;
    assert_eq!(v.json(), cli_forecast(Some("europe-at-the-table")));
    let d = send(&st, post("/api/v1/dynamics?issue=territory", sc.clone())).await;
    assert_eq!(d.status, StatusCode::OK);
    let bad = send(&st, post("/api/v1/forecast?model=nope", sc.clone())).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(st.cache.len(), 3);
    // Both saved runs read back whole, their scenario stored once.
    let store = st.store.clone().unwrap();
    let store = store.lock().unwrap();
    assert_eq!(store.count().unwrap(), 4);
    assert_eq!(store.get(2).unwrap().result, Some(first.json()));
    assert_eq!(store.text_count().unwrap(), 1 + 3);
}

#[tokio::test]
async fn the_cache_forgets_the_oldest_request_beyond_its_size() {
    let st = state(false);
    let mut sc = default_scenario(&st).await;
    for i in 0..parley_server::api::CACHE_ENTRIES + 3 {
        sc["scenario"]["title"] = json!(format!("copy {i}"));
        let r = send(&st, post("/api/v1/forecast", sc.to_string())).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json()["title"], format!("copy {i}"));
    }
    assert_eq!(st.cache.len(), parley_server::api::CACHE_ENTRIES);
}

#[tokio::test]
async fn identical_requests_arriving_together_share_one_computation() {
    let st = state(true);
    let sc = default_scenario(&st).await.to_string();
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (st, sc) = (st.clone(), sc.clone());
        set.spawn(async move { send(&st, post("/api/v1/forecast", sc)).await });
    }
    let replies = set.join_all().await;
    assert_eq!(st.cache.computed(), 1);
    let mut ids: Vec<String> = replies
        .iter()
        .map(|r| {
            assert_eq!(r.status, StatusCode::OK);
            assert_eq!(r.body, replies[0].body);
            r.headers.get("x-parley-run").unwrap().to_str().unwrap().to_owned()
        })
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 8, "every request is a run of its own");
    // A failing request is computed again each time, never remembered.
    for _ in 0..2 {
        let bad = send(&st, post("/api/v1/forecast?param=eum.rounds=-1", sc.clone())).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(st.cache.computed(), 3);
    assert_eq!(st.cache.len(), 1);
}

#[tokio::test]
async fn a_host_without_its_port_names_the_server_only_on_port_80() {
    let get_as = |host: &'static str| {
        Request::get("/api/v1/health")
            .header(header::HOST, host)
            .body(Body::empty())
            .unwrap()
    };
    // Browsers leave out the default port: on port 80 the bare names are this server.
    let on_80 = AppState::new(([127, 0, 0, 1], 80).into(), None);
    for host in ["localhost", "127.0.0.1", "[::1]", "localhost:80"] {
        assert_eq!(send(&on_80, get_as(host)).await.status, StatusCode::OK, "{host}");
    }
    // On any other port a bare name is another server.
    let st = state(false);
    for host in ["localhost", "127.0.0.1", "[::1]"] {
        assert_eq!(
            send(&st, get_as(host)).await.status,
            StatusCode::MISDIRECTED_REQUEST,
            "{host}"
        );
    }
}

#[tokio::test]
async fn reads_from_another_origin_are_answered_only_writes_are_refused() {
    // GET and HEAD change nothing: a cross-site Origin or Sec-Fetch-Site does not refuse them
    // (the Host check still applies).
    let st = state(false);
    for method in [axum::http::Method::GET, axum::http::Method::HEAD] {
        let req = Request::builder()
            .method(method.clone())
            .uri("/api/v1/health")
            .header(header::HOST, format!("localhost:{PORT}"))
            .header(header::ORIGIN, "https://evil.example")
            .header("sec-fetch-site", "cross-site")
            .body(Body::empty())
            .unwrap();
        assert_eq!(send(&st, req).await.status, StatusCode::OK, "{method}");
    }
}

#[tokio::test]
async fn a_failed_request_takes_no_place_in_the_cache() {
    let st = state(false);
    assert!(st.cache.is_empty());
    let mut sc = default_scenario(&st).await;
    let keep = sc.to_string();
    assert_eq!(
        send(&st, post("/api/v1/forecast", keep.clone())).await.status,
        StatusCode::OK
    );
    assert!(!st.cache.is_empty());
    // A failure is forgotten at once: it does not push older answers out.
    // (A parameter the model refuses fails inside the computation, after the lookup.)
    let before = st.cache.computed();
    let bad = send(&st, post("/api/v1/forecast?param=eum.rounds%3D-1", keep.clone())).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(st.cache.computed(), before + 1);
    for i in 0..parley_server::api::CACHE_ENTRIES - 1 {
        sc["scenario"]["title"] = json!(format!("copy {i}"));
        assert_eq!(
            send(&st, post("/api/v1/forecast", sc.to_string())).await.status,
            StatusCode::OK
        );
    }
    // 64 answers remembered, the first among them: asking again computes nothing.
    let computed = st.cache.computed();
    assert_eq!(
        send(&st, post("/api/v1/forecast", keep.clone())).await.status,
        StatusCode::OK
    );
    assert_eq!(st.cache.computed(), computed);
    // One more pushes the oldest out, and the cache stays at its size.
    sc["scenario"]["title"] = json!("one more");
    send(&st, post("/api/v1/forecast", sc.to_string())).await;
    assert_eq!(st.cache.len(), parley_server::api::CACHE_ENTRIES);
    send(&st, post("/api/v1/forecast", keep)).await;
    assert_eq!(st.cache.computed(), computed + 2);
}

#[test]
fn a_comparison_counts_its_progress_run_after_run_and_keeps_its_seed() {
    let sc = serde_json::to_string(&parley_server::api::default_scenario_json().unwrap()).unwrap();
    let o = parley_server::RunOptions {
        models: vec!["compromise".into()],
        draws: Some(30),
        seed: Some(5),
        compare: vec!["ukraine-at-the-table".into()],
        ..Default::default()
    };
    let seen = std::sync::Mutex::new(Vec::new());
    let (v, _) = parley_server::api::compare_value(&sc, &o, &|d, t| seen.lock().unwrap().push((d, t))).unwrap();
    assert_eq!((v["seed"].as_u64(), v["draws"].as_u64()), (Some(5), Some(30)));
    let seen = seen.into_inner().unwrap();
    // Two runs of 30 draws: the count goes up to 60, the second run's from 30 on.
    assert!(seen.iter().all(|&(d, t)| t == 60 && d <= t), "{seen:?}");
    assert_eq!(seen.iter().map(|p| p.0).max(), Some(60));
    assert!(seen.iter().any(|&(d, _)| d > 30));
}
