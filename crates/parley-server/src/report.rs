//! `parley report`: one self-contained HTML file (charts inline, no network) with the forecast,
//! the zone, the deals, the outcome probabilities and the assumptions with their sources.

use serde_json::{Value, json};

use crate::api::{ApiError, RunOptions, forecast_value, simulate_value};

const TEMPLATE: &str = include_str!("../report/report.html");
const SCRIPT: &str = include_str!("../report/report.js");
const ECHARTS: &str = include_str!("../web/vendor/echarts.min.js");

/// JSON made safe inside `<script type="application/json">`: no `<`, `>` or `&` that could
/// end the element or start a comment (they become `\u003c` and so on, the same JSON).
fn script_json(v: &Value) -> String {
    v.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

fn html_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The report of `scenario` (the JSON form) under the options (models, params, variant, and
/// `draws`/`seed` of the Monte Carlo). `hash` is the SHA-256 of the source file's text.
pub fn report_html(scenario: &Value, hash: &str, o: &RunOptions) -> Result<String, ApiError> {
    let text = scenario.to_string();
    let (forecast, _, s) = forecast_value(&text, o)?;
    let (simulate, _) = simulate_value(&text, o)?;
    let data = json!({
        "version": env!("CARGO_PKG_VERSION"),
        "hash": hash,
        "forecast": forecast,
        "simulate": simulate,
        "scenario": scenario,
    });
    // One pass over the template: a placeholder inside the data is never expanded.
    let mut out = String::with_capacity(TEMPLATE.len() + ECHARTS.len() + 200_000);
    let mut rest = TEMPLATE;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(j) = after.find("}}") else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        match &after[..j] {
            "TITLE" => out.push_str(&html_text(s.title())),
            "DATA" => out.push_str(&script_json(&data)),
            "ECHARTS" => out.push_str(ECHARTS),
            "SCRIPT" => out.push_str(SCRIPT),
            other => {
                return Err(ApiError::internal(format!(
                    "report template: unknown placeholder {other}"
                )));
            }
        }
        rest = &after[j + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element() {
        let v = json!({"a": "</script><!-- & >"});
        let s = script_json(&v);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'), "{s}");
        assert_eq!(serde_json::from_str::<Value>(&s).unwrap(), v);
    }

    #[test]
    fn the_report_holds_everything_inline() {
        let sc: Value = toml::from_str(parley_io::load::ALASKA_TOML).unwrap();
        let o = RunOptions {
            draws: Some(50),
            ..Default::default()
        };
        let html = report_html(&sc, "abc", &o).unwrap();
        assert!(html.starts_with("<!doctype html>"));
        assert!(!html.contains("{{"), "a placeholder was left");
        assert!(
            !html.contains("src=\"http") && !html.contains("href=\"http"),
            "nothing loads from the network"
        );
        assert!(html.contains("Anchorage"));
        assert_eq!(html.matches("</script>").count(), 3);
        // The title, escaped, replaces its placeholder exactly.
        let mut odd = sc.clone();
        odd["scenario"]["title"] = json!("Talks <b>& more</b>");
        let html = report_html(&odd, "abc", &o).unwrap();
        assert!(
            html.contains("<title>Talks &lt;b&gt;&amp; more&lt;/b&gt;</title>"),
            "{}",
            &html[..300]
        );
    }
}
