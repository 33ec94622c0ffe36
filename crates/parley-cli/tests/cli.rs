#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The `parley` binary end to end: snapshots of what people read, typed parses of what tools read.

mod common;

use common::{parley, run_ok};
use parley_io::report::ForecastReport;

fn tmp(name: &str) -> std::path::PathBuf {
    common::tmp("cli", name)
}

#[test]
fn forecast_table_of_the_bundled_scenario() {
    insta::assert_snapshot!(run_ok(&["forecast"]));
}

#[test]
fn forecast_json_contract() {
    let text = run_ok(&["forecast", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["scenario"], "alaska-2025");
    let r: ForecastReport = serde_json::from_value(v).unwrap();
    let models: Vec<&str> = r.forecasts.iter().map(|f| f.model.as_str()).collect();
    assert_eq!(models, ["compromise", "median", "nash", "eum", "ensemble"]);
    // EUM reports the mean after the last round beside its median.
    assert!(r.forecasts[3].issues.iter().all(|v| v.mean.is_some()));
    // The article's central point: no zone among all veto players. Kyiv will not give
    // up land (red line 0 = "only 0"), Moscow will not give any back.
    assert!(!r.zopa.feasible);
    assert_eq!(r.zopa.players, ["us", "russia", "ukraine"]);
    let territory = r.zopa.issues.iter().find(|i| i.issue == "territory").unwrap();
    assert_eq!(territory.red_line_range, None);
    assert_eq!(territory.blocking, ["russia", "ukraine"]);
    let army = r.zopa.issues.iter().find(|i| i.issue == "army").unwrap();
    assert_eq!(
        army.red_line_range,
        Some([0.0, 0.0]),
        "no limits on troops means only 0"
    );
    // Nash reports, never invents.
    let nash = &r.forecasts[2];
    assert!(!nash.ok && nash.issues.is_empty());
    assert!(nash.error.as_deref().unwrap().contains("territory"));
    // The weighted median keeps the land Russia has taken.
    let median = &r.forecasts[1];
    assert_eq!(median.issues[0].issue, "territory");
    assert_eq!(median.issues[0].value, 50.0);
    assert_eq!(
        median.issues[0].anchor.as_deref(),
        Some("Russia keeps control of the territories it has taken")
    );
    // The room (US and Russia) could agree on something; Ukraine must still accept.
    assert!(r.stages[0].zone.feasible);
    assert_eq!(r.stages[0].absent_veto, ["ukraine"]);
    // Partial deals in the last room: one deal per stage and package.
    assert_eq!(r.packages.len(), 10);
    assert_eq!(median.deals.len(), 4 * 10);
    let deal = |f: &parley_io::report::ForecastOut, p: &str| {
        f.deals
            .iter()
            .find(|d| d.stage.as_deref() == Some("press") && d.package == p)
            .cloned()
            .unwrap()
    };
    // Sanctions relief against a ceasefire framework: signed in the room, rejected by Kyiv.
    let cs = deal(median, "ceasefire_sanctions");
    assert_eq!(cs.issues, ["sanctions", "ceasefire"]);
    assert!(cs.agreed && !cs.implemented);
    assert_eq!(cs.blocking, ["ukraine"]);
    let ceasefire = cs.terms.iter().find(|t| t.issue == "ceasefire").unwrap().value;
    // Russia's cap: 0.9·x ≤ 0.6·(100 − 20) → x ≤ 53.33 (LP tolerance 1e-6).
    assert!((ceasefire - 160.0 / 3.0).abs() < 1e-5, "{ceasefire}");
    assert_eq!(median.outcome.as_deref(), Some("ceasefire-framework"));
    // A prisoner swap passes on its own and Kyiv accepts it; the land question does not move.
    let prisoners = deal(median, "prisoners");
    assert!(prisoners.agreed && prisoners.implemented);
    assert_eq!(prisoners.terms[0].value, 50.0);
    let land = deal(median, "territory");
    assert!(!land.agreed && land.terms.is_empty());
    // Nash has no point: it proposes no terms, and nothing changes.
    assert_eq!(nash.outcome.as_deref(), Some("nothing"));
    assert!(nash.deals.iter().all(|d| d.terms.is_empty() && !d.implemented));
    // No model's terms cross the red line of a veto player in the room.
    for f in &r.forecasts {
        for d in &f.deals {
            let stage = r.stages.iter().find(|s| Some(&s.stage) == d.stage.as_ref()).unwrap();
            for t in &d.terms {
                let issue = r.issues.iter().find(|i| i.issue == t.issue).unwrap();
                for p in issue.positions.iter().filter(|p| stage.zone.players.contains(&p.actor)) {
                    assert!(
                        t.value >= p.accept[0] - 1e-9 && t.value <= p.accept[1] + 1e-9,
                        "{} terms {} = {} outside {}'s {:?}",
                        f.model,
                        t.issue,
                        t.value,
                        p.actor,
                        p.accept
                    );
                }
            }
        }
    }
}

#[test]
fn forecast_csv_has_a_header_and_a_row_per_model_issue() {
    let text = run_ok(&["forecast", "--format", "csv", "--model", "median"]);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("kind,model,issue,value,lo,hi,label,outcome,agreement,variant")
    );
    assert_eq!(
        lines.next(),
        Some(
            "forecast,median,territory,50,,,Russia keeps control of the territories it has taken,ceasefire-framework,false,"
        )
    );
    assert_eq!(text.lines().filter(|l| l.starts_with("forecast,")).count(), 11);
    assert_eq!(text.lines().filter(|l| l.starts_with("zopa,")).count(), 11);
}

#[test]
fn model_selection_and_params() {
    let text = run_ok(&["forecast", "--model", "compromise", "--format", "json"]);
    let r: ForecastReport = serde_json::from_str(&text).unwrap();
    assert_eq!(r.forecasts.len(), 1);
    let out = parley().args(["forecast", "--model", "oracle"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown model `oracle`"));
    let out = parley()
        .args(["forecast", "--param", "nash.utility=cubic"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("utility"));
}

#[test]
fn agenda_shows_the_articles_1_am_ist() {
    let text = run_ok(&["agenda", "--tz", "Asia/Kolkata"]);
    insta::assert_snapshot!(text);
    // "will begin at 11:30 am local time ... (1 am IST)"
    assert!(text.contains("2025-08-15 11:30 AKDT"));
    assert!(text.contains("2025-08-15 19:30 UTC"));
    assert!(text.contains("2025-08-16 01:00 IST"));
    let out = parley().args(["agenda", "--tz", "Mars/Olympus"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn init_then_check_round_trip() {
    let dir = tmp("init");
    let path = dir.join("alaska.toml");
    let p = path.to_str().unwrap();
    run_ok(&["init", p]);
    let text = run_ok(&["check", p]);
    assert!(
        text.contains("ok — 11 issues, 10 packages, 5 actors, 4 stages, 4 outcome classes, 5 variants"),
        "{text}"
    );
    let out = parley().args(["init", p]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "refuses to overwrite");
    // A name that says another format: refused before anything is written.
    let yaml = dir.join("alaska.yaml");
    let out = parley().args(["init", yaml.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("name the file .toml or .json (`.yaml` is neither)"),
        "{out:?}"
    );
    assert!(!yaml.exists());
    // Break it and check again: exit 2 with a located message.
    let broken = std::fs::read_to_string(&path)
        .unwrap()
        .replacen("salience = 1.0", "salience = 1.5", 1);
    std::fs::write(&path, broken).unwrap();
    let out = parley().args(["check", p]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("position[0].salience: 1.5 is outside 0..=1"), "{err}");
    assert!(err.contains(&format!("{p}:")), "{err}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn the_minimal_template_has_a_room_and_check_notes_rooms_missing() {
    let dir = tmp("minimal-room");
    let path = dir.join("wage.toml");
    let p = path.to_str().unwrap();
    run_ok(&["init", "--minimal", p]);
    let text = run_ok(&["check", p]);
    assert!(text.contains("1 stage") && !text.contains("note:"), "{text}");
    // The template's room negotiates and mediates as it comes.
    for cmd in [
        &["negotiate", p, "--agent", "boulware", "--agent", "conceder"][..],
        &["mediate", p][..],
    ] {
        let out = run_ok(cmd);
        assert!(out.contains("stage talks: union and employer"), "{out}");
    }
    // Without the stage: `check` says what `negotiate` will need; with a stage nobody is in,
    // it names the stage, and `negotiate` and `mediate` refuse it instead of running empty.
    let base = std::fs::read_to_string(&path).unwrap();
    let start = base.find("[[stage]]").unwrap();
    let end = base[start..].find("\n\n").unwrap() + start;
    std::fs::write(&path, format!("{}{}", &base[..start], &base[end..])).unwrap();
    let text = run_ok(&["check", p]);
    assert!(
        text.contains("0 stages") && text.contains("note: no [[stage]]: `negotiate` and `mediate`"),
        "{text}"
    );
    let empty = base.replace(
        "participants = [\"union\", \"employer\", \"mediator\"]",
        "participants = []",
    );
    std::fs::write(&path, empty).unwrap();
    let text = run_ok(&["check", p]);
    assert!(text.contains("note: stage `talks` has no participants"), "{text}");
    for cmd in [
        &["negotiate", p, "--agent", "linear", "--agent", "linear"][..],
        &["mediate", p][..],
    ] {
        let out = parley().args(cmd).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("stage `talks` has no participants"), "{err}");
    }
    // One veto player in the room (the mediator has none): a room of one, noted and refused.
    let alone = base.replace(
        "participants = [\"union\", \"employer\", \"mediator\"]",
        "participants = [\"union\", \"mediator\"]",
    );
    std::fs::write(&path, &alone).unwrap();
    let text = run_ok(&["check", p]);
    assert!(
        text.contains("note: stage `talks` leaves `union` alone deciding in its room"),
        "{text}"
    );
    for cmd in [&["negotiate", p, "--agent", "linear"][..], &["mediate", p][..]] {
        let out = parley().args(cmd).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("leaves `union` alone deciding") && err.contains("negotiating needs two"),
            "{err}"
        );
    }
    // A variant that leaves a room with one party is noted under its name.
    std::fs::write(
        &path,
        format!("{base}\n[[variant]]\nid = \"walkout\"\nname = \"W\"\nremove_actors = [\"employer\"]\n"),
    )
    .unwrap();
    let text = run_ok(&["check", p]);
    assert!(
        text.contains("note (with --variant walkout): stage `talks` leaves `union` alone"),
        "{text}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn schema_and_models() {
    let schema: serde_json::Value = serde_json::from_str(&run_ok(&["schema"])).unwrap();
    assert!(schema["properties"]["issue"].is_object());
    assert!(schema["required"].as_array().unwrap().iter().any(|r| r == "scenario"));
    insta::assert_snapshot!(run_ok(&["models"]));
}

#[test]
fn variants_apply() {
    let text = run_ok(&["forecast", "--variant", "russia-softens", "--format", "json"]);
    let r: ForecastReport = serde_json::from_str(&text).unwrap();
    let ceasefire = r.issues.iter().find(|i| i.issue == "ceasefire").unwrap();
    let russia = ceasefire.positions.iter().find(|p| p.actor == "russia").unwrap();
    assert_eq!(russia.position, 50.0, "Moscow accepts a framework");
    // Still no zone among all veto players: the land question is untouched.
    assert!(!r.zopa.feasible);
    let median = r.forecasts.iter().find(|f| f.model == "median").unwrap();
    assert_eq!(median.outcome.as_deref(), Some("ceasefire-framework"));
    let out = parley().args(["forecast", "--variant", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("--variant nope: no such variant in the bundled scenario (it has: ukraine-at-the-table")
    );
}

#[test]
fn missing_file_is_an_input_error() {
    let out = parley().args(["forecast", "/nonexistent/x.toml"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("/nonexistent/x.toml: cannot read"));
}

fn ec_file() -> String {
    format!("{}/../../scenarios/ec-car-emissions.toml", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn dynamics_json_contract_on_the_ec_case() {
    let ec = ec_file();
    let text = run_ok(&[
        "dynamics",
        &ec,
        "--issue",
        "years",
        "--format",
        "json",
        "--param",
        "eum.reading=scholz-code",
    ]);
    let r: parley_io::dynamics::DynamicsReport = serde_json::from_str(&text).unwrap();
    assert_eq!((r.version, r.issue.as_str(), r.model.as_str()), (1, "years", "eum"));
    assert_eq!(r.rounds.len(), 9, "round 0 plus the file's 8 rounds");
    assert_eq!(r.stopped, "max_rounds");
    assert_eq!(r.rounds[0].median, 7.0);
    assert!((r.rounds[1].median - 8.4159).abs() < 1e-4);
    assert_eq!(r.rounds[0].positions["dk"], 4.0);
    // Who challenged whom: every pair of actors at different positions, once.
    // 45 pairs less those at equal positions: 4 actors at 4 (6 pairs), 3 at 7 (3), 3 at 10 (3).
    assert_eq!(r.rounds[1].pairs.len(), 45 - 6 - 3 - 3);
    let c = &r.rounds[1].counts;
    assert_eq!(
        c.conflict + c.compromise + c.capitulation + c.stalemate,
        r.rounds[1].pairs.len()
    );
    let be = r.rounds[1].moves.iter().find(|m| m.actor == "be").unwrap();
    assert_eq!(
        (be.towards.as_str(), be.kind.as_str(), be.from),
        ("fr", "compromise", 7.0)
    );
    // --rounds overrides the file.
    let text = run_ok(&[
        "dynamics",
        &ec,
        "--issue",
        "years",
        "--format",
        "json",
        "--rounds",
        "3",
        "--param",
        "eum.reading=scholz-code",
    ]);
    let r: parley_io::dynamics::DynamicsReport = serde_json::from_str(&text).unwrap();
    assert_eq!(r.rounds.len(), 4);
}

#[test]
fn dynamics_table_tells_who_moves() {
    let ec = ec_file();
    let text = run_ok(&["dynamics", &ec, "--param", "eum.reading=scholz-code", "--rounds", "2"]);
    insta::assert_snapshot!(text);
    assert!(text.contains("round 1: be compromises with fr (7 → 8.4); lu loses a conflict to be (4 → 7); ie loses a conflict to lu (7 → 4)"));
}

#[test]
fn dynamics_csv_and_all_issues() {
    let text = run_ok(&["dynamics", "--format", "csv", "--rounds", "2"]);
    assert!(text.starts_with("issue,round,actor,position,risk,kind,towards,median,mean\n"));
    assert!(text.contains("\nterritory,0,russia,50,,,,50,29.9539170507\n"), "{text}");
    let v: serde_json::Value =
        serde_json::from_str(&run_ok(&["dynamics", "--format", "json", "--rounds", "2"])).unwrap();
    assert_eq!(v["issues"].as_array().unwrap().len(), 11);
}

#[test]
fn dynamics_bad_input() {
    let ec = ec_file();
    for (args, expect) in [
        (vec!["dynamics", "--rounds", "0"], "rounds"),
        (vec!["dynamics", "--issue", "oil"], "--issue oil: unknown issue"),
        (vec!["dynamics", "--param", "eum.q=2"], "parameter `q`"),
        (vec!["dynamics", "--param", "eum.stop=never"], "parameter `stop`"),
        (
            vec!["dynamics", "--param", "nash.utility=linear"],
            "runs only the eum model",
        ),
        (vec!["dynamics", "--param", "eum.q"], "expected MODEL.KEY=VALUE"),
        (vec!["dynamics", &ec, "--param", "eum.bogus=1"], "unknown parameter"),
    ] {
        let out = parley().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
    // A bad parameter in the file is located in the file.
    let dir = tmp("eumq");
    let path = dir.join("ec.toml");
    std::fs::write(
        &path,
        std::fs::read_to_string(&ec)
            .unwrap()
            .replace("rounds = 8", "rounds = 8\nq = 3"),
    )
    .unwrap();
    let out = parley().args(["forecast", path.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ec.toml:130:5: model.eum.q: 3 is not a number in 0..=1"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn simulate_json_contract_and_determinism() {
    let args = ["simulate", "--draws", "600", "--seed", "4", "--format", "json"];
    let text = run_ok(&args);
    assert_eq!(text, run_ok(&args), "same seed, same output");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        (v["version"].as_u64(), v["draws"].as_u64(), v["seed"].as_u64()),
        (Some(1), Some(600), Some(4))
    );
    let r: parley_io::simulate::SimulateReport = serde_json::from_value(v).unwrap();
    assert_eq!(r.scenario, "alaska-2025");
    let ids: Vec<&str> = r.models.iter().map(|m| m.model.as_str()).collect();
    assert_eq!(ids, ["compromise", "median", "nash", "eum", "ensemble"]);
    for m in &r.models {
        assert_eq!(m.solved + m.unsolved, 600);
        let total: f64 = m.outcomes.iter().map(|o| o.probability).sum();
        assert!((total - 1.0).abs() < 1e-9, "{}: {total}", m.model);
        let classes: Vec<&str> = m.outcomes.iter().map(|o| o.outcome.as_str()).collect();
        assert_eq!(
            classes,
            ["ceasefire-framework", "humanitarian", "keep-talking", "nothing"]
        );
        for o in &m.outcomes {
            let se = (o.probability * (1.0 - o.probability) / 600.0).sqrt();
            assert!((o.stderr - se).abs() < 1e-9);
            // The range across models holds every model's probability of the class.
            let [lo, hi] = o.models_range;
            for other in r.models.iter().filter(|x| x.model != "ensemble") {
                let p = other
                    .outcomes
                    .iter()
                    .find(|x| x.outcome == o.outcome)
                    .unwrap()
                    .probability;
                assert!(lo <= p && p <= hi, "{}: {p} outside [{lo}, {hi}]", o.outcome);
            }
            assert!(
                r.models.iter().filter(|x| x.model != "ensemble").any(|x| x
                    .outcomes
                    .iter()
                    .any(|y| y.outcome == o.outcome && (y.probability == lo || y.probability == hi))),
                "the range ends are models' probabilities"
            );
        }
        assert_eq!(m.packages.len(), 10);
    }
    // Each of the article's four outcomes is above 1% in some model or the ensemble.
    for class in ["ceasefire-framework", "humanitarian", "keep-talking", "nothing"] {
        let best = r
            .models
            .iter()
            .map(|m| m.outcomes.iter().find(|o| o.outcome == class).unwrap().probability)
            .fold(0.0, f64::max);
        assert!(best > 0.01, "{class}: {best}");
    }
    // The prisoner swap is agreed in the room in nearly every draw: Russia's uncertain stance
    // (50 ± 25) reaches the status quo's end of the scale, 0, in about 2% of draws, where it
    // gains nothing from a swap.
    let prisoners = r.packages.iter().find(|p| p.package == "prisoners").unwrap();
    assert!(
        prisoners.agreed > 0.95 && prisoners.agreed < 1.0,
        "{}",
        prisoners.agreed
    );
    let median = &r.models[1];
    let t = &median.issues[0];
    assert_eq!(t.issue, "territory");
    let (q05, q50, q95) = (t.q05.unwrap(), t.q50.unwrap(), t.q95.unwrap());
    assert!(q05 <= q50 && q50 <= q95);
    assert_eq!(
        r.zone.probability, 0.0,
        "Kyiv's and Moscow's red lines on land never meet"
    );
    assert!(r.rooms[0].probability > 0.2 && r.rooms[0].probability < 0.8);
    // Another seed, other numbers.
    assert_ne!(
        text,
        run_ok(&["simulate", "--draws", "600", "--seed", "5", "--format", "json"])
    );
}

#[test]
fn simulate_per_draw_csv_and_summary_csv() {
    let dir = tmp("perdraw");
    let path = dir.join("draws.csv");
    let summary = run_ok(&[
        "simulate",
        "--draws",
        "50",
        "--model",
        "median",
        "--model",
        "nash",
        "--format",
        "csv",
        "--per-draw",
        path.to_str().unwrap(),
    ]);
    assert!(summary.starts_with("kind,model,id,mean,q05,q25,q50,q75,q95,probability,stderr\n"));
    let rows = std::fs::read_to_string(&path).unwrap();
    let mut lines = rows.lines();
    assert_eq!(
        lines.next(),
        Some(
            "draw,model,zone,agreement,outcome,territory,nato,army,government,sanctions,ceasefire,prisoners,civilians,guarantees,talks,optics"
        )
    );
    assert_eq!(lines.count(), 150, "one row per draw and model, the ensemble included");
    assert!(rows.lines().nth(1).unwrap().starts_with("0,median,"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn compare_variants_on_common_random_numbers() {
    let text = run_ok(&[
        "compare",
        "--variant",
        "europe-at-the-table",
        "--variant",
        "russia-softens",
        "--draws",
        "400",
        "--model",
        "median",
        "--format",
        "json",
    ]);
    let r: parley_io::simulate::CompareReport = serde_json::from_str(&text).unwrap();
    assert_eq!(r.order, ["baseline", "europe-at-the-table", "russia-softens"]);
    assert_eq!(r.runs["russia-softens"].variant.as_deref(), Some("russia-softens"));
    // Adding a stage changes no median: with common random numbers the shifts are exactly 0.
    let d = &r.differences["europe-at-the-table"];
    assert!(
        d.models
            .iter()
            .all(|m| m.issues.iter().all(|i| i.mean_shift == Some(0.0)))
    );
    assert_eq!(d.zone.shift, 0.0);
    // With Europe at the table, the sanctions-for-ceasefire package loses ground.
    let shift = |v: &str, class: &str| {
        r.differences[v].models[0]
            .outcomes
            .iter()
            .find(|o| o.outcome == class)
            .unwrap()
            .shift
    };
    assert!(shift("europe-at-the-table", "ceasefire-framework") < -0.3);
    // Softer Russian demands make the ceasefire framework likelier.
    assert!(shift("russia-softens", "ceasefire-framework") > 0.1);
    let table = run_ok(&[
        "compare",
        "--variant",
        "ukraine-at-the-table",
        "--draws",
        "300",
        "--model",
        "median",
    ]);
    assert!(table.contains("ukraine-at-the-table"), "{table}");
    assert!(table.contains("us+russia+ukraine"), "{table}");
}

#[test]
fn sensitivity_ranks_inputs_and_finds_pivotal_actors() {
    let text = run_ok(&["sensitivity", "--draws", "60", "--model", "median", "--format", "json"]);
    let r: parley_io::sensitivity::SensitivityReport = serde_json::from_str(&text).unwrap();
    assert_eq!(r.version, 1);
    assert_eq!(r.draws, 60);
    assert!(r.inputs.len() > 60);
    assert_eq!(r.inputs[0].rank, 1);
    assert!(
        r.inputs
            .windows(2)
            .all(|w| w[0].probability_swing >= w[1].probability_swing)
    );
    let russia = r.pivotal.iter().find(|p| p.actor == "russia").unwrap();
    assert!(russia.pivotal && russia.without_veto.feasible);
    let table = run_ok(&["sensitivity", "--draws", "40", "--model", "median", "--top", "3"]);
    assert!(
        table.contains(" 1 ") && table.contains(" 3 ") && !table.contains(" 4  ┆"),
        "{table}"
    );
}

#[test]
fn monte_carlo_bad_input() {
    for (args, expect) in [
        (
            vec!["simulate", "--draws", "0"],
            "--draws takes a whole number from 1 to 100000000",
        ),
        (vec!["simulate", "--draws", "-5"], "--draws takes a whole number from 1"),
        (vec!["simulate", "--seed", "abc"], "--seed takes a whole number"),
        (vec!["sensitivity", "--top", "0"], "--top takes a whole number from 1"),
        (vec!["simulate", "--position-sd=-1"], "--position-sd -1"),
        (vec!["simulate", "--salience-sd", "NaN"], "--salience-sd"),
        (vec!["simulate", "--variant", "nope"], "--variant nope: no such variant"),
        (vec!["compare"], "name at least one --variant"),
        (
            vec!["compare", "--with", "/nonexistent.toml"],
            "/nonexistent.toml: cannot read",
        ),
        (vec!["sensitivity", "--model", "oracle"], "unknown model"),
        (
            vec![
                "compare",
                "--with",
                concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/split.toml"),
            ],
            "shares no issue id and no outcome class id",
        ),
    ] {
        let out = parley().args(&args).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
}

#[test]
fn compare_with_another_file() {
    let dir = tmp("with");
    let path = dir.join("copy.toml");
    run_ok(&["init", path.to_str().unwrap()]);
    // A copy with a softer Russian army demand, as a separate file.
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("id = \"alaska-2025\"", "id = \"alaska-copy\"");
    std::fs::write(&path, text).unwrap();
    let out = run_ok(&[
        "compare",
        "--with",
        path.to_str().unwrap(),
        "--draws",
        "200",
        "--model",
        "median",
        "--format",
        "json",
    ]);
    let r: parley_io::simulate::CompareReport = serde_json::from_str(&out).unwrap();
    assert_eq!(r.order, ["baseline", "alaska-copy"]);
    // Same inputs, same ids, same seed: identical results.
    let d = &r.differences["alaska-copy"];
    assert!(d.models[0].outcomes.iter().all(|o| o.shift == 0.0));
    assert!(d.models[0].issues.iter().all(|i| i.q50_shift == Some(0.0)));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn check_against_a_source_text() {
    let fx = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let scenario = format!("{fx}/market.toml");
    let article = format!("{fx}/market-article.txt");
    // Curly and straight quotes, line breaks and a `…` gap all match; one capability has no source.
    let text = run_ok(&["check", &scenario, "--against", &article]);
    assert!(
        text.contains("6 quotes found, 0 not found; 2 values inferred; 1 without a source"),
        "{text}"
    );
    assert!(
        text.contains("market.toml:23:1: actor[1].capability_source: the capability of `council` has no source"),
        "{text}"
    );
    // A quote the article does not contain: exit 2, located.
    let dir = tmp("provenance");
    let path = dir.join("market.toml");
    let broken =
        std::fs::read_to_string(&scenario)
            .unwrap()
            .replacen("wants the rent frozen at", "wants the rent cut to", 1);
    std::fs::write(&path, broken).unwrap();
    let out = parley()
        .args(["check", path.to_str().unwrap(), "--against", &article])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("market.toml:35:10: position[0].source: quote not found in the source text"),
        "{err}"
    );
    // A source text that cannot be read is an input error naming it.
    let missing = parley()
        .args(["check", &scenario, "--against", "/nonexistent/article.txt"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/article.txt: cannot read"));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn ensemble_weights_from_the_file() {
    let dir = tmp("ensemble");
    let path = dir.join("alaska.toml");
    let p = path.to_str().unwrap();
    run_ok(&["init", p]);
    let base = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        format!("{base}\n[ensemble]\nweights = {{ compromise = 1, median = 3 }}\n"),
    )
    .unwrap();
    let text = run_ok(&["forecast", p, "--format", "json"]);
    let r: ForecastReport = serde_json::from_str(&text).unwrap();
    let get = |m: &str| r.forecasts.iter().find(|f| f.model == m).unwrap();
    let (c, m, e) = (get("compromise"), get("median"), get("ensemble"));
    for k in 0..c.issues.len() {
        let want = (c.issues[k].value + 3.0 * m.issues[k].value) / 4.0;
        assert!((e.issues[k].value - want).abs() < 1e-9, "{}", c.issues[k].issue);
    }
    // Every weight 0: nothing to combine, refused by `check` as by `forecast`.
    std::fs::write(&path, format!("{base}\n[ensemble]\nweights = {{ median = 0 }}\n")).unwrap();
    for cmd in ["check", "forecast"] {
        let out = parley().args([cmd, p]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("ensemble.weights: every weight is 0"), "{cmd}: {err}");
    }
    // An unknown model in the weights is an input error located in the file.
    std::fs::write(&path, format!("{base}\n[ensemble]\nweights = {{ nahs = 1 }}\n")).unwrap();
    for cmd in ["check", "forecast"] {
        let out = parley().args([cmd, p]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("ensemble.weights.nahs: unknown model `nahs`"),
            "{cmd}: {err}"
        );
    }
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bundled_scenario_quotes_the_article() {
    // The article the bundled scenario cites, copied into the repository for this test.
    let article = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/alaska/alaska-summit-article.txt"
    );
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/alaska-2025.toml");
    let text = run_ok(&["check", scenario, "--against", article]);
    assert!(text.contains(" 0 not found; "), "{text}");
    assert!(text.contains(" 0 without a source"), "{text}");
}

#[test]
fn every_bundled_variant_moves_an_outcome() {
    // Each variant shifts some outcome probability by at least 2 points in some model or the ensemble.
    let text = run_ok(&[
        "compare",
        "--variant",
        "ukraine-at-the-table",
        "--variant",
        "europe-at-the-table",
        "--variant",
        "sanctions-pressure",
        "--variant",
        "russia-softens",
        "--variant",
        "no-us-pressure",
        "--draws",
        "500",
        "--model",
        "compromise",
        "--model",
        "median",
        "--format",
        "json",
    ]);
    let r: parley_io::simulate::CompareReport = serde_json::from_str(&text).unwrap();
    assert_eq!(r.differences.len(), 5);
    for (v, d) in &r.differences {
        let most = d
            .models
            .iter()
            .flat_map(|m| m.outcomes.iter().map(|o| o.shift.abs()))
            .fold(0.0, f64::max);
        assert!(most >= 0.02, "{v} moves no outcome by 2 points (largest {most})");
    }
}

#[test]
fn the_deepest_rule_allowed_runs_in_every_command() {
    let dir = tmp("deeprule");
    let path = dir.join("deep.toml");
    let p = path.to_str().unwrap();
    run_ok(&["init", p]);
    let text = std::fs::read_to_string(&path).unwrap();
    let deep = format!("terms.talks{} >= 50.0", " + terms.talks".repeat(28));
    std::fs::write(
        &path,
        text.replacen(
            "when = \"agreed.talks && terms.talks >= 50\"",
            &format!("when = \"{deep}\""),
            1,
        ),
    )
    .unwrap();
    run_ok(&["check", p]);
    run_ok(&["forecast", p]);
    run_ok(&["simulate", p, "--draws", "50"]);
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn dash_reads_the_scenario_from_standard_input() {
    let toml =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios/alaska-2025.toml")).unwrap();
    let out = parley()
        .args(["check", "-"])
        .write_stdin(toml.clone())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("<stdin>: ok — 11 issues"));
    // JSON is recognised by its opening brace.
    let out = parley()
        .args(["forecast", "-", "--format", "json"])
        .write_stdin(toml)
        .output()
        .unwrap();
    let piped: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let bundled: serde_json::Value = serde_json::from_str(&run_ok(&["forecast", "--format", "json"])).unwrap();
    assert_eq!(piped["forecasts"], bundled["forecasts"]);
    let out = parley()
        .args(["check", "-"])
        .write_stdin("{\"format\": 1,")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).starts_with("<stdin>:1:"));
}

#[test]
fn check_with_no_file_checks_the_bundled_scenario() {
    let out = run_ok(&["check"]);
    assert!(out.starts_with("<bundled>/alaska-2025.toml: ok"), "{out}");
}

#[test]
fn an_unwritable_output_is_exit_3_not_an_internal_error() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
    let bin = assert_cmd::cargo::cargo_bin("parley");
    let out = std::process::Command::new(bin)
        .arg("forecast")
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("cannot write standard output") && !err.contains("internal"),
        "{err}"
    );
}

#[test]
fn an_unwritable_per_draw_file_is_exit_3_and_named() {
    if !std::path::Path::new("/dev/full").exists() {
        return;
    }
    let out = parley()
        .args(["simulate", "--draws", "50", "--per-draw", "/dev/full"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cannot write --per-draw /dev/full"), "{err}");
    // A file that cannot be created is the same kind of failure.
    let out = parley()
        .args(["simulate", "--draws", "5", "--per-draw", "/nonexistent/dir/x.csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write --per-draw /nonexistent/dir/x.csv"));
    // The per-draw rows and a JSON report cannot share standard output.
    let out = parley()
        .args(["simulate", "--draws", "5", "--per-draw", "-", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_bad_rounds_flag_is_blamed_on_the_flag_not_the_file() {
    let dir = tmp("rounds");
    let path = dir.join("r.toml");
    let text = format!("{}\n[model.eum]\nrounds = 5\n", parley_io::load::ALASKA_TOML);
    std::fs::write(&path, text).unwrap();
    let out = parley()
        .arg("dynamics")
        .arg(&path)
        .args(["--rounds", "0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--rounds takes a whole number from 1 to 10000"), "{err}");
    // The file's own bad value is still located in the file.
    std::fs::write(
        &path,
        format!("{}\n[model.eum]\nrounds = 0\n", parley_io::load::ALASKA_TOML),
    )
    .unwrap();
    let out = parley().arg("dynamics").arg(&path).output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("r.toml:"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/parley-cli/tests/fixtures/split.toml"
    ))
    .unwrap();
    let out = parley()
        .args(["check", "-"])
        .write_stdin(format!("\u{feff}{json}"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let out = parley()
        .args(["forecast", "-", "--format", "json"])
        .write_stdin(format!(
            "\u{feff}{}",
            run_ok(&["init", "--minimal", "-", "--format", "json"])
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn deu3() -> String {
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/deu3/deu3.csv").to_string()
}

#[test]
fn evaluate_json_contract_on_deu3() {
    let text = run_ok(&[
        "evaluate",
        &deu3(),
        "--format",
        "json",
        "-m",
        "compromise",
        "-m",
        "median",
    ]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["cases"], 353);
    assert_eq!(
        (v["capabilities"].as_str(), v["seed"].as_u64(), v["resamples"].as_u64()),
        (Some("file"), Some(1), Some(2000))
    );
    let m = v["models"].as_array().unwrap();
    assert_eq!(m.len(), 3);
    assert_eq!(m[0]["model"], "compromise");
    // The cross-validated blend of the two comes last, scored out of fold.
    assert_eq!(m[2]["model"], "blend-cv");
    assert_eq!(v["cv"]["folds"], 10);
    assert_eq!(v["cv"]["members"], serde_json::json!(["compromise", "median"]));
    assert_eq!(v["cv"]["fold_weights"].as_array().unwrap().len(), 10);
    let w: f64 = v["cv"]["weights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_f64().unwrap())
        .sum();
    assert!((w - 1.0).abs() < 1e-9);
    assert!((m[0]["mae"].as_f64().unwrap() - 23.2237).abs() < 1e-3);
    assert!(m[0]["vs_compromise"].is_null());
    assert!((m[1]["median_ae"].as_f64().unwrap() - 20.0).abs() < 1e-9);
    let ci = m[1]["mae_ci95"].as_array().unwrap();
    assert!(ci[0].as_f64().unwrap() < 27.58 && 27.58 < ci[1].as_f64().unwrap());
    let vs = &m[1]["vs_compromise"];
    assert_eq!((vs["wins"].as_u64(), vs["losses"].as_u64()), (Some(160), Some(193)));
    assert!((vs["p"].as_f64().unwrap() - 0.0884).abs() < 1e-3);
    assert!(m[1]["within10"].as_f64().unwrap() > 0.4);
    // Same seed, same numbers; another seed moves only the interval.
    assert_eq!(
        text,
        run_ok(&[
            "evaluate",
            &deu3(),
            "--format",
            "json",
            "-m",
            "compromise",
            "-m",
            "median"
        ])
    );
    let other: serde_json::Value = serde_json::from_str(&run_ok(&[
        "evaluate",
        &deu3(),
        "--format",
        "json",
        "-m",
        "compromise",
        "--seed",
        "2",
    ]))
    .unwrap();
    assert_eq!(other["models"][0]["mae"], m[0]["mae"]);
    assert_ne!(other["models"][0]["mae_ci95"], m[0]["mae_ci95"]);
}

#[test]
fn evaluate_csv_and_equal_capabilities() {
    let csv = run_ok(&[
        "evaluate",
        &deu3(),
        "--format",
        "csv",
        "-m",
        "compromise",
        "--capabilities",
        "equal",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "model,scored,failed,mae,mae_lo,mae_hi,median_ae,within10,pairs,wins,losses,ties,mean_difference,p"
    );
    assert_eq!(lines.len(), 2);
    // Published: 23.7 with equal capabilities (data/deu3/README.md).
    let mae: f64 = lines[1].split(',').nth(3).unwrap().parse().unwrap();
    assert!((mae - 23.7).abs() < 0.05, "{mae}");
}

#[test]
fn evaluate_bad_input_is_located() {
    let dir = tmp("evaluate-bad");
    let f = dir.join("bad.tsv");
    std::fs::write(
        &f,
        "prnr\tisnr\tpcom\tpep\tscom\tsep\trp\tout\nd1\td1i1\t10\tx\t50\t50\t0\t40\n",
    )
    .unwrap();
    let out = parley().args(["evaluate", f.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.tsv:2:1: pep: `x` is not a number"), "{err}");
    // No capability row: the file's capabilities cannot be used.
    std::fs::write(
        &f,
        "prnr\tisnr\tpcom\tpep\tscom\tsep\trp\tout\nd1\td1i1\t10\t20\t50\t50\t0\t\n",
    )
    .unwrap();
    let out = parley().args(["evaluate", f.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no capability row"));
    // No recorded outcome at all.
    let out = parley()
        .args(["evaluate", f.to_str().unwrap(), "--capabilities", "equal"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no issue with a recorded outcome"));
    // An unknown model.
    let out = parley().args(["evaluate", &deu3(), "-m", "oracle"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Tuning needs folds, a MODEL.KEY and two values; a bad value is the model's error.
    for (args, msg) in [
        (
            vec!["--tune", "eum.q=0.5,1", "--folds", "0"],
            "--tune needs cross-validation",
        ),
        (vec!["--tune", "eumq=0.5,1"], "expected MODEL.KEY=V1,V2"),
        (vec!["--tune", "eum.q=0.5"], "two values or more"),
        (vec!["--tune", "eum.q=0.5,7"], "--tune eum.q=0.5,7"),
        // A bad value or model is named even alone; a value twice is refused.
        (vec!["--tune", "eum.q=abc"], "\"abc\" is not a number"),
        (vec!["--tune", "nope.q=1"], "nope"),
        (vec!["--tune", "eum.q=1,1"], "1 is given twice"),
        // The exchange model on a file scored issue by issue: pointed to import + a directory.
        (vec!["-m", "exchange"], "parley import deu"),
        (vec!["-m", "ensemble"], "the row `blend-cv`"),
        (vec!["--tune", "exchange.rounds=1,2"], "parley import deu"),
    ] {
        let mut a = vec!["evaluate".to_string(), deu3()];
        a.extend(args.iter().map(|s| s.to_string()));
        let out = parley().args(&a).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{a:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(msg),
            "{a:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // One fold cannot hold anything out.
    let out = parley().args(["evaluate", &deu3(), "--folds", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--folds takes 0"));
    // More folds than proposals with an outcome (137) would leave folds empty.
    let out = parley().args(["evaluate", &deu3(), "--folds", "138"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("has 137 proposals with a recorded outcome") && err.contains("--folds 137 or fewer"),
        "{err}"
    );
    // No blend to write with one model.
    let w = dir.join("w.toml");
    let out = parley()
        .args([
            "evaluate",
            &deu3(),
            "-m",
            "compromise",
            "--write-weights",
            w.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!w.exists());
}

#[test]
fn evaluate_writes_the_blend_weights_as_an_ensemble_section() {
    let dir = tmp("evaluate-weights");
    let w = dir.join("w.toml");
    let text = run_ok(&[
        "evaluate",
        &deu3(),
        "-m",
        "compromise",
        "-m",
        "eum",
        "--write-weights",
        w.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let weights = &v["cv"]["weights"];
    let toml_text = std::fs::read_to_string(&w).unwrap();
    // The file exists now: a second run refuses to replace it, before any work, unless --force.
    let again = [
        "evaluate",
        &deu3(),
        "-m",
        "compromise",
        "-m",
        "eum",
        "--write-weights",
        w.to_str().unwrap(),
    ];
    let out = parley().args(again).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("w.toml: exists") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&w).unwrap(), toml_text);
    std::fs::write(&w, "kept").unwrap();
    run_ok(&[&again[..], &["--force"]].concat());
    assert_eq!(std::fs::read_to_string(&w).unwrap(), toml_text);
    let t: toml::Value = toml::from_str(&toml_text).unwrap();
    assert_eq!(t["ensemble"]["weights"]["compromise"].as_float(), weights[0].as_f64());
    assert_eq!(t["ensemble"]["weights"]["eum"].as_float(), weights[1].as_f64());
    // --folds 0: no blend row.
    let text = run_ok(&[
        "evaluate",
        &deu3(),
        "-m",
        "compromise",
        "-m",
        "eum",
        "--folds",
        "0",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["models"].as_array().unwrap().len(), 2);
    assert!(v["cv"].is_null());
}

#[test]
fn import_deu_writes_one_checked_scenario_per_proposal_and_evaluate_reads_them() {
    let dir = tmp("import-deu");
    let out_dir = dir.join("deu");
    let o = out_dir.to_str().unwrap();
    let msg = run_ok(&["import", "deu", &deu3(), "-o", o]);
    assert!(
        msg.contains("wrote 142 scenarios (364 issues, 353 with a recorded outcome)"),
        "{msg}"
    );
    assert_eq!(std::fs::read_dir(&out_dir).unwrap().count(), 142);
    // A proposal whose rows differ in voting rule is split by rule.
    assert!(out_dir.join("d05127-cns-qmv.toml").exists() || out_dir.join("d05127-cod-qmv.toml").exists());
    // Line 3 of the data: d00032i1, status quo 0, decided at 100; the file checks.
    let f = out_dir.join("d00032.toml");
    let text = std::fs::read_to_string(&f).unwrap();
    assert!(
        text.contains("id = \"d00032i1\"") && text.contains("actual = 100.0"),
        "{text}"
    );
    run_ok(&["check", f.to_str().unwrap()]);
    // One scenario file evaluates as a directory of one (d00032: four issues decided).
    let one: serde_json::Value = serde_json::from_str(&run_ok(&[
        "evaluate",
        f.to_str().unwrap(),
        "-m",
        "compromise",
        "--folds",
        "0",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(
        (one["cases"].as_u64(), one["scenarios"].as_u64()),
        (Some(4), Some(1)),
        "{one}"
    );
    // A directory with no outcome names the field it looked for.
    let bundled = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");
    let out = parley().args(["evaluate", bundled]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no issue with a recorded outcome (the issue field `actual`)"),
        "{err}"
    );
    // -o naming a file: a mistake of the input, said so.
    let out = parley()
        .args(["import", "deu", &deu3(), "-o", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("d00032.toml: not a directory"));
    // Importing again would overwrite: refused, nothing written; --force overwrites.
    let again = parley().args(["import", "deu", &deu3(), "-o", o]).output().unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    run_ok(&["import", "deu", &deu3(), "-o", o, "--force"]);
    // The directory evaluates like the file for the models that take issues one by one.
    let from_dir: serde_json::Value = serde_json::from_str(&run_ok(&[
        "evaluate",
        o,
        "--format",
        "json",
        "-m",
        "compromise",
        "-m",
        "eum",
        "--folds",
        "0",
    ]))
    .unwrap();
    let from_file: serde_json::Value = serde_json::from_str(&run_ok(&[
        "evaluate",
        &deu3(),
        "--format",
        "json",
        "-m",
        "compromise",
        "-m",
        "eum",
        "--folds",
        "0",
    ]))
    .unwrap();
    assert_eq!(from_dir["cases"], 353);
    // A directory's scenarios carry their own capabilities: the flag is refused, not ignored.
    let flag = parley()
        .args(["evaluate", o, "--capabilities", "equal"])
        .output()
        .unwrap();
    assert_eq!(flag.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&flag.stderr).contains("--capabilities applies to a DEU III file"));
    assert_eq!(from_dir["capabilities"], "scenarios");
    for m in 0..2 {
        let (a, b) = (
            from_dir["models"][m]["mae"].as_f64().unwrap(),
            from_file["models"][m]["mae"].as_f64().unwrap(),
        );
        assert!((a - b).abs() < 1e-9, "{a} vs {b}");
    }
}

#[test]
fn an_actual_value_off_the_scale_is_located() {
    let dir = tmp("actual-off-scale");
    let f = dir.join("s.toml");
    std::fs::write(
        &f,
        "format = 1\n[scenario]\nid = \"s\"\ntitle = \"S\"\n[[issue]]\nid = \"x\"\nname = \"X\"\nstatus_quo = 10\nactual = 140\n\
         [[actor]]\nid = \"a\"\nname = \"A\"\ncapability = 1\n[[position]]\nactor = \"a\"\nissue = \"x\"\nposition = 20\nsalience = 1\n",
    )
    .unwrap();
    let out = parley().args(["check", f.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("s.toml:9:") && err.contains("issue[0].actual: 140 is outside the scale"),
        "{err}"
    );
}

#[test]
fn import_decide_writes_a_scenario_that_checks() {
    let dir = tmp("import-decide");
    let data = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/decide/copenhagen.csv");
    let msg = run_ok(&["import", "decide", data, "-o", dir.to_str().unwrap()]);
    assert!(msg.contains("wrote 1 scenario (7 issues) to"), "{msg}");
    run_ok(&["check", dir.join("copenhagen.toml").to_str().unwrap()]);
    let bad = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../data/decide/copenhagen_with_errors.csv"
    );
    let out = parley()
        .args(["import", "decide", bad, "-o", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("copenhagen_with_errors.csv:87:1: #D power"));
}
