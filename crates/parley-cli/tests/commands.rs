#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every command does what it lists: formats, variants, init, and the reasons behind a block.

use assert_cmd::Command;
use parley_io::report::ForecastReport;

fn parley() -> Command {
    Command::cargo_bin("parley").unwrap()
}

fn run_ok(args: &[&str]) -> String {
    let out = parley().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "parley {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn forecast_json(args: &[&str]) -> ForecastReport {
    let mut all = vec!["forecast", "--format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&run_ok(&all)).unwrap()
}

#[test]
fn forecast_json_names_the_variant() {
    let text = run_ok(&["forecast", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(v.as_object().unwrap().contains_key("variant"));
    assert_eq!(v["variant"], serde_json::Value::Null);
    let r = forecast_json(&["--variant", "russia-softens"]);
    assert_eq!(r.variant.as_deref(), Some("russia-softens"));
}

#[test]
fn reasons_say_who_blocks_and_why() {
    let r = forecast_json(&[]);
    // The zone of all veto players: Moscow and Kyiv's red lines on territory do not meet.
    let reasons: Vec<(&str, &str, Option<&str>)> = r
        .zopa
        .reasons
        .iter()
        .map(|x| (x.actor.as_str(), x.kind.as_str(), x.issue.as_deref()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("russia", "red_line", Some("territory")),
            ("ukraine", "red_line", Some("territory"))
        ]
    );
    assert_eq!(r.zopa.reasons[0].accept, Some([50.0, 100.0]));
    assert_eq!(r.zopa.reasons[0].needed, Some([0.0, 0.0]));
    assert_eq!(r.zopa.reasons[1].accept, Some([0.0, 0.0]));
    assert_eq!(r.zopa.reasons[1].needed, Some([50.0, 100.0]));
    // Every blocking actor has a reason, in every zone and deal.
    for z in std::iter::once(&r.zopa).chain(r.stages.iter().map(|s| &s.zone)) {
        for b in &z.blocking {
            assert!(z.reasons.iter().any(|x| &x.actor == b), "{b} blocks without a reason");
        }
    }
    for f in &r.forecasts {
        for d in &f.deals {
            for b in &d.blocking {
                assert!(
                    d.reasons.iter().any(|x| &x.actor == b),
                    "{b} blocks {} without a reason",
                    d.package
                );
            }
        }
        // Reasons exactly when the forecast exists and is not accepted.
        assert_eq!(!f.rejected_by.is_empty(), f.ok && !f.agreement, "{}", f.model);
    }
    // The median forecast: Kyiv's red lines on territory (50 vs 0) and NATO (100 vs 0).
    let median = r.forecasts.iter().find(|f| f.model == "median").unwrap();
    let texts: Vec<&str> = median.rejected_by.iter().map(|x| x.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "ukraine: its red line on territory accepts 0, but the forecast is 50",
            "ukraine: its red line on nato accepts 0, but the forecast is 100"
        ]
    );
    // Optics: no red line crossed, but the terms leave Kyiv worse off than no deal.
    let optics = median
        .deals
        .iter()
        .find(|d| d.stage.as_deref() == Some("press") && d.package == "optics")
        .unwrap();
    assert_eq!(optics.blocking, ["ukraine"]);
    assert_eq!(optics.reasons.len(), 1);
    assert_eq!(optics.reasons[0].kind, "status_quo");
    assert!(optics.reasons[0].gain.unwrap() < 0.0);
    // The table says it in words.
    let table = run_ok(&["forecast"]);
    assert!(table.contains("Why there is no agreement zone"));
    assert!(table.contains("russia: its red line on territory accepts 50–100, but the others need at most 0"));
}

#[test]
fn a_room_that_cannot_agree_says_why() {
    // With Kyiv at the table, territory cannot be agreed: Washington loses by any move
    // Kyiv accepts; Moscow and Kyiv's red lines do not meet.
    let r = forecast_json(&["--variant", "ukraine-at-the-table", "--model", "median"]);
    let d = r.forecasts[0]
        .deals
        .iter()
        .find(|d| d.stage.as_deref() == Some("trilateral") && d.package == "territory")
        .unwrap();
    assert!(!d.agreed);
    let kinds: Vec<(&str, &str)> = d.reasons.iter().map(|x| (x.actor.as_str(), x.kind.as_str())).collect();
    assert_eq!(
        kinds,
        [("us", "status_quo"), ("russia", "red_line"), ("ukraine", "red_line")]
    );
    assert!(d.reasons[0].text.contains("best outcome ukraine accepts"));
    assert!(d.reasons[0].gain.unwrap() < 0.0);
}
