//! The OpenAPI document of `/api/v1`, served at `/api/v1/openapi.json`. The schemas are
//! generated from the Rust types the API reads and writes (schemars), so they cannot drift;
//! the paths are listed here.

use parley_core::raw::RawScenario;
use parley_io::report::ForecastReport;
use schemars::generate::SchemaSettings;
use serde_json::{Value, json};

fn body_ref(name: &str) -> Value {
    json!({"application/json": {"schema": {"$ref": format!("#/components/schemas/{name}")}}})
}

fn error_responses() -> Value {
    json!({
        "400": {"description": "Malformed request: bad JSON, a bad query parameter, a body that is not UTF-8", "content": body_ref("Error")},
        "413": {"description": "Body over the limit (8 MiB)", "content": body_ref("Error")},
        "421": {"description": "The Host header does not name this server", "content": body_ref("Error")},
        "403": {"description": "A cross-origin request that would change state", "content": body_ref("Error")},
        "422": {"description": "An invalid scenario or model parameter; `diagnostics` locate each problem", "content": body_ref("Error")},
    })
}

fn run_query(extra: Value) -> Value {
    let mut v = vec![
        json!({"name": "model", "in": "query", "required": false, "schema": {"type": "string"},
            "description": "Model id (repeatable, or comma-separated); default: compromise, median, nash, eum"}),
        json!({"name": "param", "in": "query", "required": false, "schema": {"type": "string"},
            "description": "MODEL.KEY=VALUE (repeatable), as `--param` on the command line"}),
        json!({"name": "variant", "in": "query", "required": false, "schema": {"type": "string"},
            "description": "Apply this what-if variant of the scenario first"}),
        json!({"name": "save", "in": "query", "required": false, "schema": {"type": "boolean", "default": true},
            "description": "Keep the run in the store (its id comes back in the X-Parley-Run header)"}),
    ];
    if let Value::Array(more) = extra {
        v.extend(more);
    }
    Value::Array(v)
}

/// The document.
pub fn document() -> Value {
    let mut generator = SchemaSettings::openapi3().into_generator();
    let scenario = generator.subschema_for::<RawScenario>();
    let forecast = generator.subschema_for::<ForecastReport>();
    let mut schemas = generator.take_definitions(true);
    schemas.insert("Scenario".into(), scenario.to_value());
    schemas.insert("Forecast".into(), forecast.to_value());
    schemas.insert(
        "Error".into(),
        json!({"type": "object", "required": ["error"], "properties": {"error": {
            "type": "object", "required": ["status", "message", "diagnostics"], "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "diagnostics": {"type": "array", "items": {"type": "object", "properties": {
                    "file": {"type": "string"},
                    "line": {"type": "integer", "nullable": true},
                    "column": {"type": "integer", "nullable": true},
                    "field": {"type": "string", "nullable": true},
                    "message": {"type": "string"}}}}}}}}),
    );
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "parley local API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The JSON of the parley command line over HTTP (docs/FORMAT.md). Served on loopback by `parley serve`."
        },
        "paths": {
            "/api/v1/health": {"get": {"summary": "Liveness and version", "responses": {"200": {"description": "OK"}}}},
            "/api/v1/scenarios/default": {"get": {"summary": "The bundled Alaska scenario, in the JSON form the API reads",
                "responses": {"200": {"description": "The scenario", "content": body_ref("Scenario")}}}},
            "/api/v1/models": {"get": {"summary": "The models and their parameters (as `parley models --format json`)",
                "responses": {"200": {"description": "Models"}}}},
            "/api/v1/check": {"post": {"summary": "Validate a scenario; every problem located",
                "requestBody": {"required": true, "content": body_ref("Scenario")},
                "responses": {"200": {"description": "`{ok, diagnostics}`"}}}},
            "/api/v1/forecast": {"post": {"summary": "The same JSON as `parley forecast --format json`",
                "parameters": run_query(json!([])),
                "requestBody": {"required": true, "content": body_ref("Scenario")},
                "responses": {"200": {"description": "The forecast", "content": body_ref("Forecast")}}}},
            "/api/v1/simulate": {"post": {"summary": "The same JSON as `parley simulate --format json` (draws default 2,000, seed 1)",
                "parameters": run_query(json!([
                    {"name": "draws", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": crate::api::MAX_WEB_DRAWS}},
                    {"name": "seed", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 0}}])),
                "requestBody": {"required": true, "content": body_ref("Scenario")},
                "responses": {"200": {"description": "Outcome-class and forecast distributions per model"}}}},
            "/api/v1/dynamics": {"post": {"summary": "The same JSON as `parley dynamics --format json`: the EUM round by round",
                "parameters": run_query(json!([
                    {"name": "issue", "in": "query", "required": false, "schema": {"type": "string"}}])),
                "requestBody": {"required": true, "content": body_ref("Scenario")},
                "responses": {"200": {"description": "Positions, moves and risk exponents per round"}}}},
            "/api/v1/jobs/sensitivity": {"post": {"summary": "Start `parley sensitivity` of the body as a job (draws per end default 500); 202 with its id",
                "parameters": run_query(json!([
                    {"name": "draws", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1}},
                    {"name": "seed", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 0}}])),
                "requestBody": {"required": true, "content": body_ref("Scenario")},
                "responses": {"202": {"description": "`{job, kind, status}`"}}}},
            "/api/v1/jobs/compare": {"post": {"summary": "Start `parley compare` of the baseline against `compare=ID` variants as a job (draws default 2,000)",
                "parameters": run_query(json!([
                    {"name": "compare", "in": "query", "required": true, "schema": {"type": "string"}},
                    {"name": "draws", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1}},
                    {"name": "seed", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 0}}])),
                "requestBody": {"required": true, "content": body_ref("Scenario")},
                "responses": {"202": {"description": "`{job, kind, status}`"}}}},
            "/api/v1/jobs/{id}": {"get": {"summary": "A job's progress, then its result: `{job, kind, state: running | done | failed, done, total, run?, result?, error?}`",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "Progress or result"}, "404": {"description": "No such job", "content": body_ref("Error")}}}},
            "/api/v1/runs": {"get": {"summary": "Stored runs, newest first (without scenario text and result)",
                "responses": {"200": {"description": "`{version, runs}`"}}}},
            "/api/v1/runs/{id}": {"get": {"summary": "One stored run, with its scenario text and result",
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "`{version, run}`"}, "404": {"description": "No such run", "content": body_ref("Error")}}}},
            "/api/v1/runs/{id}/diff/{other}": {"get": {"summary": "What changed between two runs' results (JSON pointers)",
                "parameters": [
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}},
                    {"name": "other", "in": "path", "required": true, "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "`{a, b, same_scenario, changes: [{path, before, after}]}`"}}}},
        },
        "components": {"schemas": schemas, "responses": {"Errors": error_responses()}},
    })
}
