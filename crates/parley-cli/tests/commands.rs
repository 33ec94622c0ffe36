#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every command does what it lists: formats, variants, init, and the reasons behind a block.

mod common;

use common::{parley, run_ok};
use parley_io::report::ForecastReport;

fn tmp(name: &str) -> std::path::PathBuf {
    common::tmp("commands", name)
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

fn csv_rows(text: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_owned).collect())
        .collect();
    (header, rows)
}

#[test]
fn forecast_csv_carries_outcome_and_agreement() {
    let (header, rows) = csv_rows(&run_ok(&["forecast", "--format", "csv"]));
    assert_eq!(
        header,
        [
            "kind",
            "model",
            "issue",
            "value",
            "lo",
            "hi",
            "label",
            "outcome",
            "agreement",
            "variant"
        ]
    );
    assert!(rows.iter().all(|r| r[9].is_empty()));
    let (_, with) = csv_rows(&run_ok(&["forecast", "--format", "csv", "--variant", "russia-softens"]));
    assert!(with.iter().all(|r| r[9] == "russia-softens"));
    let r = forecast_json(&[]);
    for f in &r.forecasts {
        let mine: Vec<&Vec<String>> = rows.iter().filter(|x| x[0] == "forecast" && x[1] == f.model).collect();
        assert!(!mine.is_empty(), "{}", f.model);
        for row in mine {
            assert_eq!(Some(row[7].as_str()), f.outcome.as_deref());
            assert_eq!(row[8], f.agreement.to_string());
        }
    }
    let median = rows.iter().find(|x| x[1] == "median" && x[2] == "territory").unwrap();
    assert_eq!(
        (median[3].as_str(), median[7].as_str(), median[8].as_str()),
        ("50", "ceasefire-framework", "false")
    );
    let nash = rows.iter().find(|x| x[1] == "nash").unwrap();
    assert_eq!((nash[7].as_str(), nash[8].as_str()), ("nothing", "false"));
}

#[test]
fn models_and_agenda_print_csv() {
    let (header, rows) = csv_rows(&run_ok(&["models", "--format", "csv"]));
    assert_eq!(
        header,
        ["model", "name", "description", "citation", "param", "default", "doc"]
    );
    let models: std::collections::BTreeSet<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    for m in ["compromise", "median", "nash", "eum"] {
        assert!(models.contains(m), "{m}");
    }
    assert!(
        rows.iter()
            .any(|r| r[0] == "nash" && r[4] == "utility" && r[5] == "\"linear\"")
    );

    let (header, rows) = csv_rows(&run_ok(&["agenda", "--format", "csv", "--tz", "Asia/Kolkata"]));
    assert_eq!(
        header,
        [
            "stage",
            "name",
            "minutes",
            "America/Anchorage",
            "UTC",
            "Asia/Kolkata",
            "participants"
        ]
    );
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][0], "remarks");
    assert_eq!(rows[0][4], "2025-08-15T19:30:00+00:00[UTC]");
    assert_eq!(rows[0][5], "2025-08-16T01:00:00+05:30[Asia/Kolkata]");
    assert_eq!(rows[0][6], "us russia");
}

#[test]
fn agenda_shows_each_zone_once() {
    for args in [
        vec!["agenda", "--format", "json", "--tz", "UTC"],
        vec!["agenda", "--format", "json", "--tz", "Etc/UTC", "--tz", "utc"],
        vec!["agenda", "--format", "json", "--tz", "America/Anchorage"],
    ] {
        let v: serde_json::Value = serde_json::from_str(&run_ok(&args)).unwrap();
        assert_eq!(v["zones"], serde_json::json!(["America/Anchorage", "UTC"]), "{args:?}");
    }
    let v: serde_json::Value = serde_json::from_str(&run_ok(&[
        "agenda",
        "--format",
        "json",
        "--tz",
        "UTC",
        "--tz",
        "Europe/Kyiv",
    ]))
    .unwrap();
    assert_eq!(
        v["zones"],
        serde_json::json!(["America/Anchorage", "UTC", "Europe/Kyiv"])
    );
    let table = run_ok(&["agenda", "--tz", "UTC"]);
    let header = table.lines().find(|l| l.contains("stage")).unwrap();
    assert_eq!(header.matches(" UTC ").count(), 1, "{header}");
}

#[test]
fn compare_csv_carries_the_shifts() {
    let args = [
        "compare",
        "--variant",
        "russia-softens",
        "--draws",
        "300",
        "--seed",
        "7",
        "--model",
        "median",
    ];
    let mut csv_args = args.to_vec();
    csv_args.extend(["--format", "csv"]);
    let (header, rows) = csv_rows(&run_ok(&csv_args));
    assert_eq!(header[0], "run");
    assert_eq!(
        &header[header.len() - 4..],
        ["mean_shift", "q50_shift", "shift", "shift_stderr"]
    );
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&run_ok(&json_args)).unwrap();
    let d = &v["differences"]["russia-softens"];
    let n = header.len();
    // Every row of the variant with a shift in the JSON has it in the CSV.
    for oc in d["models"][0]["outcomes"].as_array().unwrap() {
        let row = rows
            .iter()
            .find(|r| r[0] == "russia-softens" && r[1] == "outcome" && r[3] == oc["outcome"].as_str().unwrap())
            .unwrap();
        assert_eq!(row[n - 2].parse::<f64>().unwrap(), oc["shift"].as_f64().unwrap());
        assert_eq!(row[n - 1].parse::<f64>().unwrap(), oc["stderr"].as_f64().unwrap());
    }
    for is in d["models"][0]["issues"].as_array().unwrap() {
        let row = rows
            .iter()
            .find(|r| r[0] == "russia-softens" && r[1] == "issue" && r[3] == is["issue"].as_str().unwrap())
            .unwrap();
        assert_eq!(row[n - 4].parse::<f64>().unwrap(), is["mean_shift"].as_f64().unwrap());
    }
    let zone = rows
        .iter()
        .find(|r| r[0] == "russia-softens" && r[1] == "zone" && r[3] == "veto")
        .unwrap();
    assert_eq!(
        zone[n - 2].parse::<f64>().unwrap(),
        d["zone"]["shift"].as_f64().unwrap()
    );
    // The baseline has no shifts.
    assert!(
        rows.iter()
            .filter(|r| r[0] == "baseline")
            .all(|r| r[n - 4..].iter().all(String::is_empty))
    );
}

#[test]
fn variants_say_what_they_change() {
    let v: serde_json::Value = serde_json::from_str(&run_ok(&["variants", "--format", "json"])).unwrap();
    assert_eq!(v["version"], 1);
    let ids: Vec<&str> = v["variants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["variant"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "ukraine-at-the-table",
            "europe-at-the-table",
            "sanctions-pressure",
            "russia-softens",
            "no-us-pressure"
        ]
    );
    let softens = &v["variants"][3];
    assert_eq!(softens["valid"], true);
    assert_eq!(
        softens["changes"][0],
        serde_json::json!({"target": "position", "entry": "russia/ceasefire", "field": "position",
                           "change": "set", "baseline": 0.0, "value": 50})
    );
    let pressure = &v["variants"][2]["changes"];
    assert!(pressure.as_array().unwrap().iter().any(|c| c["target"] == "issue"
        && c["entry"] == "sanctions"
        && c["field"] == "status_quo"
        && c["baseline"] == 20.0
        && c["value"] == 0));
    // A new stage is an addition.
    let table_stage = &v["variants"][0]["changes"];
    assert!(
        table_stage
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["target"] == "stage" && c["entry"] == "trilateral" && c["change"] == "add")
    );

    let table = run_ok(&["variants", "--width", "250"]);
    assert!(table.contains("position russia/ceasefire: position 0 → 50"), "{table}");
    assert!(table.contains("issue sanctions: status_quo 20 → 0"));

    let (header, rows) = csv_rows(&run_ok(&["variants", "--format", "csv"]));
    assert_eq!(
        header,
        [
            "variant", "name", "target", "entry", "field", "change", "baseline", "value"
        ]
    );
    assert!(rows.iter().any(|r| r[0] == "russia-softens"
        && r[3] == "russia/army"
        && r[4] == "salience"
        && r[6] == "0.7"
        && r[7] == "0.3"));
}

#[test]
fn variants_of_a_file_with_none_and_removals() {
    let dir = tmp("variants");
    let path = dir.join("v.toml");
    std::fs::write(&path, parley_io::load::ALASKA_TOML.split("[[variant]]").next().unwrap()).unwrap();
    let text = run_ok(&["variants", path.to_str().unwrap()]);
    assert!(text.contains("has no variants"), "{text}");
    let mut with = std::fs::read_to_string(&path).unwrap();
    with.push_str("\n[[variant]]\nid = \"no-europe\"\nname = \"Europe leaves\"\nremove_actors = [\"europe\"]\n[variant.model.eum]\nrounds = 3\n");
    std::fs::write(&path, with).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&run_ok(&["variants", path.to_str().unwrap(), "--format", "json"])).unwrap();
    assert_eq!(
        v["variants"][0]["changes"],
        serde_json::json!([
            {"target": "actor", "entry": "europe", "field": null, "change": "remove", "baseline": null, "value": null},
            {"target": "model", "entry": "eum", "field": "rounds", "change": "set", "baseline": null, "value": 3}
        ])
    );
    // A variant that breaks the scenario is listed, marked invalid.
    let mut broken = std::fs::read_to_string(&path).unwrap();
    broken.push_str(
        "\n[[variant]]\nid = \"broken\"\nname = \"Broken\"\n[[variant.actor]]\nid = \"us\"\ncapability = -1\n",
    );
    std::fs::write(&path, broken).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&run_ok(&["variants", path.to_str().unwrap(), "--format", "json"])).unwrap();
    assert_eq!(v["variants"][0]["valid"], true);
    assert_eq!(v["variants"][1]["valid"], false);
    assert!(run_ok(&["variants", path.to_str().unwrap()]).contains("does not validate"));
    let out = parley().args(["variants", "/nonexistent/x.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn init_minimal_is_commented_checks_and_forecasts() {
    let dir = tmp("minimal");
    let path = dir.join("m.toml");
    let p = path.to_str().unwrap();
    let said = run_ok(&["init", "--minimal", p]);
    assert!(said.contains("wrote"), "{said}");
    let text = std::fs::read_to_string(&path).unwrap();
    // Every field is commented where it first appears.
    let mut seen = std::collections::BTreeSet::new();
    let mut prev = "";
    for line in text.lines() {
        let l = line.trim();
        if let Some((key, _)) = l.split_once(" = ")
            && !l.starts_with('#')
            && seen.insert(key.to_owned())
        {
            assert!(
                prev.starts_with('#') || prev.starts_with("[["),
                "field `{key}` has no comment"
            );
        }
        if !l.is_empty() {
            prev = l;
        }
    }
    let count = |table: &str| text.lines().filter(|l| l.trim() == table).count();
    assert_eq!(count("[[actor]]"), 3);
    assert_eq!(count("[[issue]]"), 2);
    assert_eq!(count("[[variant]]"), 1);
    run_ok(&["check", p]);
    let r = forecast_json(&[p]);
    let outcome = |r: &ForecastReport, m: &str| {
        r.forecasts
            .iter()
            .find(|f| f.model == m)
            .unwrap()
            .outcome
            .clone()
            .unwrap()
    };
    let median = r.forecasts.iter().find(|f| f.model == "median").unwrap();
    assert_eq!(median.issues[0].value, 3.0);
    assert_eq!(outcome(&r, "median"), "settlement");
    assert_eq!(outcome(&r, "eum"), "settlement");
    assert_eq!(outcome(&r, "nash"), "no-settlement");
    // The variant runs and moves the forecasts: the EUM's first issue from 3 to 8 (the
    // published reading, the default); under the printed reading it also changes the class.
    let v = forecast_json(&[p, "--variant", "strike-threat"]);
    assert_eq!(v.variant.as_deref(), Some("strike-threat"));
    let first = |r: &ForecastReport, m: &str| r.forecasts.iter().find(|f| f.model == m).unwrap().issues[0].value;
    assert_eq!((first(&r, "eum"), first(&v, "eum")), (3.0, 8.0));
    let printed = forecast_json(&[p, "--variant", "strike-threat", "--param", "eum.reading=printed"]);
    assert_eq!(outcome(&printed, "eum"), "no-settlement");
    run_ok(&["simulate", p, "--draws", "50"]);
}

#[test]
fn init_writes_json_for_a_json_path() {
    let dir = tmp("json");
    for (minimal, name) in [(false, "a.json"), (true, "m.JSON")] {
        let path = dir.join(name);
        let p = path.to_str().unwrap();
        let mut args = vec!["init", p];
        if minimal {
            args.push("--minimal");
        }
        run_ok(&args);
        let text = std::fs::read_to_string(&path).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
        assert_eq!(v["format"], 1);
        run_ok(&["check", p]);
    }
    // The JSON is the same scenario as the TOML: the same forecast.
    let from_json = forecast_json(&[dir.join("a.json").to_str().unwrap()]);
    let bundled = forecast_json(&[]);
    assert_eq!(from_json, bundled);
    // --format must agree with the extension (parley reads JSON only from .json files).
    let t = dir.join("t.txt");
    let out = parley()
        .args(["init", t.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!t.exists());
    run_ok(&["init", "-", "--format", "json"]);
}

#[test]
fn init_to_stdout_and_refusals() {
    let dir = tmp("stdout");
    let out = parley()
        .current_dir(&dir)
        .args(["init", "-", "--minimal"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().trim_end(),
        include_str!("../templates/minimal.toml").trim_end()
    );
    assert!(!dir.join("-").exists(), "`-` is stdout, not a file");
    let json = parley().args(["init", "-", "--format", "json"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["scenario"]["id"], "alaska-2025");

    // An existing file is kept unless --force.
    let path = dir.join("keep.toml");
    std::fs::write(&path, "mine").unwrap();
    let out = parley().args(["init", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("keep.toml") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "mine");
    run_ok(&["init", path.to_str().unwrap(), "--force", "--minimal"]);
    assert!(std::fs::read_to_string(&path).unwrap().contains("wage-talks"));
    // A directory is a clear input error; a missing parent cannot be written (exit 3).
    for (bad, code) in [(dir.clone(), 2), (dir.join("no/such/dir.toml"), 3)] {
        let out = parley().args(["init", bad.to_str().unwrap()]).output().unwrap();
        assert_eq!(out.status.code(), Some(code), "{bad:?}");
        assert!(String::from_utf8(out.stderr).unwrap().contains(bad.to_str().unwrap()));
    }
    // Without a path it writes the default name in the current directory.
    run_ok_in(&dir, &["init", "--minimal"]);
    assert!(dir.join("wage-talks.toml").exists());
}

fn run_ok_in(dir: &std::path::Path, args: &[&str]) -> String {
    let out = parley().current_dir(dir).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn per_draw_dash_is_stdout() {
    let dir = tmp("perdraw");
    let out = parley()
        .current_dir(&dir)
        .args([
            "simulate",
            "--draws",
            "4",
            "--seed",
            "3",
            "--model",
            "median",
            "--per-draw",
            "-",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    // The CSV rows come first, then the table (JSON or CSV output is refused with `-`).
    let csv_part: String = text.lines().take(5).map(|l| format!("{l}\n")).collect();
    assert!(text.lines().nth(5).unwrap().starts_with("alaska-2025 — 4 draws"));
    let (header, rows) = csv_rows(&csv_part);
    assert_eq!(&header[..5], ["draw", "model", "zone", "agreement", "outcome"]);
    assert_eq!(rows.len(), 4);
    assert!(!dir.join("-").exists());
}

#[test]
fn a_zone_closed_by_the_status_quo_says_so() {
    // The employer wants no rise at all (the status quo) and the union's red line needs 2 %:
    // no red lines clash, but every rise the union accepts leaves the employer worse off.
    let dir = tmp("sq");
    let path = dir.join("sq.toml");
    let text = include_str!("../templates/minimal.toml").replace(
        "actor = \"employer\"\nissue = \"raise\"\nposition = 2",
        "actor = \"employer\"\nissue = \"raise\"\nposition = 0",
    );
    assert!(text.contains("position = 0\nsalience = 0.8"));
    std::fs::write(&path, text).unwrap();
    let r = forecast_json(&[path.to_str().unwrap(), "--model", "median"]);
    assert!(!r.zopa.feasible);
    assert_eq!(r.zopa.blocking, ["employer"]);
    assert_eq!(r.zopa.reasons.len(), 1);
    let why = &r.zopa.reasons[0];
    assert_eq!((why.actor.as_str(), why.kind.as_str()), ("employer", "status_quo"));
    // Its best: a 2 % rise (the union's red line) at 40 hours, 2/10 of the scale on an issue
    // weighing 0.8 / (0.8 + 0.6).
    let expected = -0.2 * 0.8 / 1.4;
    assert!((why.gain.unwrap() - expected).abs() < 1e-9, "{:?}", why.gain);
    assert!(
        why.text.contains("even the best outcome the others accept"),
        "{}",
        why.text
    );
    // The raise cannot be agreed: the employer loses by any rise, and nothing inside the
    // union's red line leaves the employer as well off.
    let d = r.forecasts[0].deals.iter().find(|d| d.package == "raise").unwrap();
    assert!(!d.agreed);
    let kinds: Vec<(&str, &str)> = d.reasons.iter().map(|x| (x.actor.as_str(), x.kind.as_str())).collect();
    assert_eq!(kinds, [("union", "others_status_quo"), ("employer", "status_quo")]);
    // On the package alone the loss is the same: hours stay at the status quo.
    assert!(
        (d.reasons[1].gain.unwrap() - expected).abs() < 1e-9,
        "{:?}",
        d.reasons[1].gain
    );
}

#[test]
fn init_refuses_a_format_its_file_name_contradicts() {
    let dir = std::env::temp_dir().join(format!("parley-init-mismatch-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("y.toml");
    let out = parley()
        .args(["init", "--minimal", "--format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format does not match the file name"));
    assert!(!path.exists());
    if std::path::Path::new("/dev/full").exists() {
        let out = parley().args(["init", "--force", "/dev/full"]).output().unwrap();
        assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn width_is_refused_outside_40_to_1000() {
    for w in ["0", "10", "39", "1001", "x"] {
        let out = parley().args(["models", "--width", w]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "--width {w}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("from 40 to 1000"),
            "--width {w}"
        );
    }
}
