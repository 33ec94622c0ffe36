#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `parley domain info` from the command line: the vendored ANAC domains, JSON and table.

use assert_cmd::Command;
use serde_json::Value;

fn parley() -> Command {
    let mut c = Command::cargo_bin("parley").unwrap();
    c.env_remove("COLUMNS")
        .env("NO_COLOR", "1")
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
    c
}

#[test]
fn domain_info_prints_the_analytics_as_json_and_as_a_table_that_fits() {
    let out = parley()
        .args([
            "domain",
            "info",
            "data/genius/anac/y2010/ItexvsCypress",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["outcomes"], 180);
    assert_eq!(v["domain"], "ItexvsCypress");
    assert_eq!(v["pareto"].as_array().unwrap().len(), 17);
    // NegMAS 0.16.0: the Nash point (22.699525, 18.518417).
    assert!((v["nash"][0].as_f64().unwrap() - 22.699524634769652).abs() < 1e-9);
    assert_eq!(v["points"]["nash"]["Price"], "$3.47");
    let g = parley()
        .args([
            "domain",
            "info",
            "data/genius/anac/y2010/ItexvsCypress",
            "--format",
            "json",
            "--convention",
            "genius",
        ])
        .output()
        .unwrap();
    let g: Value = serde_json::from_slice(&g.stdout).unwrap();
    assert_eq!(g["convention"], "genius");
    assert_eq!(g["pareto"].as_array().unwrap().len(), 18);

    let out = parley()
        .env("COLUMNS", "80")
        .args(["domain", "info", "data/genius/anac/y2015/group2-politics"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("23040 outcomes") && text.contains("Pareto frontier: 121 points"),
        "{text}"
    );
    assert!(text.lines().all(|l| l.len() <= 80), "{text}");
}

#[test]
fn weights_that_do_not_sum_to_one_are_noted_not_changed() {
    // ANAC 2012's Phone: the second profile's weights sum to 0.9936.
    let info = |fmt: &str| {
        let out = parley()
            .args(["domain", "info", "data/genius/anac/y2012/PhoneA", "--format", fmt])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let v: Value = serde_json::from_str(&info("json")).unwrap();
    let sums: Vec<f64> = serde_json::from_value(v["weight_sums"].clone()).unwrap();
    assert!(
        (sums[0] - 1.0).abs() < 1e-3 && (sums[1] - 0.9936).abs() < 1e-4,
        "{sums:?}"
    );
    let text = info("table");
    assert!(
        text.contains("Note: issue weights sum to Phone-A-prof2 0.9936 (GENIUS expects 1)"),
        "{text}"
    );
    // Sums within 0.001 of 1 (ItexvsCypress) are not noted.
    let out = parley()
        .args(["domain", "info", "data/genius/anac/y2010/ItexvsCypress"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Note:"));
}

#[test]
fn a_folder_that_is_no_domain_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = parley()
        .args(["domain", "info", dir.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no domain file"), "{err}");
}

#[test]
fn negotiate_runs_sao_between_time_based_agents_as_negmas_does() {
    let out = parley()
        .args([
            "negotiate",
            "data/genius/anac/y2010/ItexvsCypress",
            "--agent",
            "boulware",
            "--agent",
            "conceder",
            "--format",
            "json",
            "--trace",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    // NegMAS 0.16.0: agreement at step 50 with utilities (27.528960, 7.577134).
    assert_eq!(v["step"], 50);
    assert_eq!(v["timedout"], false);
    assert!((v["utilities"][0].as_f64().unwrap() - 27.528960363211795).abs() < 1e-9);
    assert!((v["utilities"][1].as_f64().unwrap() - 7.5771344038054).abs() < 1e-9);
    assert_eq!(v["agreement"]["Delivery"], "20 days");
    assert_eq!(v["pareto_distance"], 0.0);
    // Two offers a round until the conceder accepts in round 50 (it makes no offer then).
    assert_eq!(v["trace"].as_array().unwrap().len(), 99);
    // Tit-for-tat (either spelling) against Linear, and Aspiration against itself: NegMAS's
    // agreements (16.748010, 19.196263) at step 31 and (20.508143, 17.755631) at step 79.
    for (a, b, step, u) in [
        ("titfortat", "linear", 31, [16.748009812292544, 19.19626323468495]),
        ("tit-for-tat", "linear", 31, [16.748009812292544, 19.19626323468495]),
        ("aspiration", "aspiration", 79, [20.50814307352126, 17.75563148331625]),
    ] {
        let out = parley()
            .args([
                "negotiate",
                "data/genius/anac/y2010/ItexvsCypress",
                "--agent",
                a,
                "--agent",
                b,
            ])
            .args(["--format", "json"])
            .output()
            .unwrap();
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["step"], step, "{a}/{b}");
        for (i, x) in u.iter().enumerate() {
            assert!((v["utilities"][i].as_f64().unwrap() - x).abs() < 1e-9, "{a}/{b}");
        }
        let name = if a == "tit-for-tat" { "titfortat" } else { a };
        assert_eq!(v["agents"][0], name);
    }
    // Too few rounds: no agreement, timed out.
    let out = parley()
        .args([
            "negotiate",
            "data/genius/anac/y2010/ItexvsCypress",
            "--agent",
            "boulware",
            "--agent",
            "boulware",
            "--steps",
            "3",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["agreement"], Value::Null);
    assert_eq!(v["utilities"], Value::Null);
    assert_eq!((v["step"].as_u64(), v["timedout"].as_bool()), (Some(3), Some(true)));
    // One agent, or more agents than parties: a clear error.
    for agents in [
        &["--agent", "linear"][..],
        &["--agent", "linear", "--agent", "linear", "--agent", "linear"][..],
    ] {
        let out = parley()
            .args(["negotiate", "data/genius/anac/y2010/ItexvsCypress"])
            .args(agents)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("the domain has 2 parties"));
    }
}

#[test]
fn a_tournament_plays_every_assignment_and_is_the_same_on_any_thread_count() {
    let args = [
        "tournament",
        "data/genius/anac/y2010/ItexvsCypress",
        "data/genius/anac/y2015/group2-politics",
        "--agent",
        "boulware",
        "--agent",
        "micro",
        "--repetitions",
        "2",
        "--seed",
        "5",
        "--format",
        "json",
    ];
    let run = |threads: &str| -> Value {
        let out = parley().env("RAYON_NUM_THREADS", threads).args(args).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = run("1");
    assert_eq!(v, run("2"));
    // 2 agents: 2² assignments on the bilateral domain, 2³ on the three-party one, twice each.
    let games = v["games"].as_array().unwrap();
    assert_eq!(games.len(), (4 + 8) * 2);
    assert_eq!(games[0]["agents"], serde_json::json!(["boulware", "boulware"]));
    assert_eq!(games[0]["seed"], 5);
    assert_eq!(games[23]["seed"], 28);
    // MiCRO against MiCRO on ItexvsCypress: NegMAS's agreement at the Nash point, step 33.
    let micro = games
        .iter()
        .find(|g| g["domain"] == "ItexvsCypress" && g["agents"] == serde_json::json!(["micro", "micro"]))
        .unwrap();
    assert_eq!(micro["step"], 33);
    assert_eq!(micro["nash_distance"], 0.0);
    let st = v["standings"].as_array().unwrap();
    assert_eq!(st.len(), 2);
    // Each agent sits in 2·(2 + 3·4)… seats: bilateral 4 games × 2 seats / 2 agents = 4 seats,
    // three-party 8 games × 3 seats / 2 agents = 12 seats, twice over.
    assert_eq!(st[0]["negotiations"], 32);
    let csv = parley()
        .args(&args[..args.len() - 2])
        .args(["--format", "csv"])
        .output()
        .unwrap();
    let text = String::from_utf8(csv.stdout).unwrap();
    assert_eq!(text.lines().count(), 1 + 24);
    assert!(text.starts_with("domain,agents,repetition,seed,agreement,utilities,step,timedout"));
}

#[test]
fn discount_factors_score_what_each_party_ends_with_at_the_time_it_ends() {
    // FlightBookingA (ANAC 2012): party 1 discounts by 0.5, party 0 not; both reserve 0.5.
    let dir = "data/genius/anac/y2012/FlightBookingA";
    let json = |agents: [&str; 2]| -> Value {
        let out = parley()
            .args(["negotiate", dir, "--convention", "genius", "--format", "json"])
            .args(["--agent", agents[0], "--agent", agents[1]])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = json(["boulware", "conceder"]);
    assert_eq!(v["discount"], serde_json::json!([1.0, 0.5]));
    let step = v["step"].as_f64().unwrap();
    assert!(step > 1.0 && step < 100.0, "{v}");
    let t = v["time"].as_f64().unwrap();
    assert_eq!(t, step / 101.0);
    let u: Vec<f64> = serde_json::from_value(v["utilities"].clone()).unwrap();
    let got: Vec<f64> = serde_json::from_value(v["discounted"].clone()).unwrap();
    assert_eq!(got, [u[0], u[1] * 0.5f64.powf(t)]);
    // No agreement: the reservation values, discounted to the deadline (t = 1).
    let v = json(["hardheaded", "hardheaded"]);
    assert_eq!((v["step"].as_u64(), v["timedout"].as_bool()), (Some(100), Some(true)));
    assert_eq!(v["time"], 1.0);
    let got: Vec<f64> = serde_json::from_value(v["discounted"].clone()).unwrap();
    assert_eq!(got, [0.5, 0.25]);
    // The table says it in one line.
    let out = parley()
        .args([
            "negotiate",
            dir,
            "--convention",
            "genius",
            "--agent",
            "hardheaded",
            "--agent",
            "hardheaded",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("Discounted to t = 1.0000 (δ 1, 0.5): 0.5000, 0.2500."),
        "{text}"
    );
    // A tournament adds the discounted score where some party discounts, and only there.
    let standings = |d: &str| -> String {
        let out = parley()
            .args([
                "tournament",
                d,
                "--agent",
                "boulware",
                "--agent",
                "conceder",
                "--convention",
                "genius",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let with = standings(dir);
    assert!(
        with.contains("| discounted |") && with.contains("Discounted: what each agent"),
        "{with}"
    );
    let without = standings("data/genius/anac/y2010/ItexvsCypress");
    assert!(
        !without.contains("discounted") && !without.contains("Discounted"),
        "{without}"
    );
    // Its JSON has the score per game and per agent: seat 0 never discounts, so the
    // boulware-boulware game's first payoff is its utility.
    let out = parley()
        .args([
            "tournament",
            dir,
            "--agent",
            "boulware",
            "--convention",
            "genius",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let g = &v["games"][0];
    assert_eq!(g["timedout"], false, "{g}");
    assert_eq!(g["discounted"][0], g["utilities"][0]);
    let t = g["time"].as_f64().unwrap();
    assert_eq!(t, g["step"].as_f64().unwrap() / 101.0);
    let u1 = g["utilities"][1].as_f64().unwrap();
    assert_eq!(g["discounted"][1].as_f64().unwrap(), u1 * 0.5f64.powf(t));
    let s = &v["standings"][0];
    let mean = (g["discounted"][0].as_f64().unwrap() + g["discounted"][1].as_f64().unwrap()) / 2.0;
    assert!((s["mean_discounted"].as_f64().unwrap() - mean).abs() < 1e-12, "{s}");
}

#[test]
fn the_summit_negotiates_in_its_rooms_and_says_who_outside_would_accept() {
    let out = parley()
        .args([
            "negotiate",
            "--agent",
            "boulware",
            "--agent",
            "conceder",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scenario"], "alaska-2025");
    assert_eq!(v["stage"], "press");
    assert_eq!(v["parties"], serde_json::json!(["us", "russia"]));
    assert_eq!(v["outcomes"], 41472);
    // The Boulware US and a conceding Russia agree; both do better than the status quo.
    assert_eq!(v["timedout"], false);
    let (u, r) = (v["utilities"].as_array().unwrap(), v["reserved"].as_array().unwrap());
    assert!(u.iter().zip(r).all(|(u, r)| u.as_f64().unwrap() >= r.as_f64().unwrap()));
    assert_eq!(v["agreement"].as_object().unwrap().len(), 11);
    assert_eq!(v["absent_veto"][0]["actor"], "ukraine");
    // Judged as a forecast is: the press room signs the ceasefire package at a framework
    // (ceasefire ≥ 50), the scenario's first outcome rule; Ukraine's veto outside the room
    // means not every veto player accepts it.
    assert_eq!(v["agreement"]["ceasefire"], "A framework for a possible ceasefire");
    assert_eq!(v["outcome"], "ceasefire-framework");
    assert_eq!(v["outcome_name"], "A framework for a possible ceasefire");
    assert_eq!(v["accepted_by_all"], false);
    // --trace lists every offer, by actor, with both parties' utilities; the last one is the
    // agreement (the conceding Russia accepts the US's offer).
    let out = parley()
        .args([
            "negotiate",
            "--agent",
            "boulware",
            "--agent",
            "conceder",
            "--format",
            "json",
            "--trace",
        ])
        .output()
        .unwrap();
    let t: Value = serde_json::from_slice(&out.stdout).unwrap();
    let trace = t["trace"].as_array().unwrap();
    assert_eq!(trace[0]["by"], "us");
    assert_eq!(trace[1]["by"], "russia");
    let last = trace.last().unwrap();
    assert_eq!(last["outcome"], t["agreement"]);
    assert_eq!(last["utilities"], t["utilities"]);
    assert!(v.get("trace").is_none(), "no trace without --trace");
    // With Ukraine at the table, three agents are needed, and no deal is reached.
    let out = parley()
        .args([
            "negotiate",
            "--variant",
            "ukraine-at-the-table",
            "--stage",
            "trilateral",
            "--agent",
            "linear",
            "--agent",
            "linear",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 negotiate (us, russia, ukraine)"));
    let out = parley()
        .args([
            "negotiate",
            "--variant",
            "ukraine-at-the-table",
            "--stage",
            "trilateral",
            "--agent",
            "linear",
            "--agent",
            "linear",
            "--agent",
            "linear",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (v["agreement"].clone(), v["timedout"].clone()),
        (Value::Null, Value::Bool(true))
    );
    assert_eq!(v["absent_veto"], serde_json::json!([]));
    // No agreement: the status quo, whose class is the catch-all.
    assert_eq!(
        (v["outcome"].as_str(), v["accepted_by_all"].as_bool()),
        (Some("nothing"), Some(false))
    );
    // A stage that does not exist is named with the ones that do.
    let out = parley()
        .args(["negotiate", "--stage", "nope", "--agent", "linear", "--agent", "linear"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("remarks, one-on-one, delegations, press"));
}

#[test]
fn the_us_mediates_a_single_text_in_the_press_room() {
    let run = |extra: &[&str]| -> Value {
        let out = parley()
            .arg("mediate")
            .args(extra)
            .args(["--format", "json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = run(&[]);
    assert_eq!(v["mediator"], "us");
    assert_eq!(v["parties"], serde_json::json!(["us", "russia"]));
    assert_eq!(v["adopted"].as_u64().unwrap() + v["vetoed"].as_u64().unwrap(), 500);
    // Every adopted draft left both no worse off, so the text beats the status quo for both.
    let (u, r) = (v["utilities"].as_array().unwrap(), v["reserved"].as_array().unwrap());
    assert!(u.iter().zip(r).all(|(u, r)| u.as_f64().unwrap() >= r.as_f64().unwrap()));
    assert!(v["agreement"].is_object());
    // The agreed text swaps prisoners (≥ 50): the humanitarian class.
    assert_eq!(v["agreement"]["prisoners"], "A prisoner swap");
    assert_eq!(
        (v["outcome"].as_str(), v["accepted_by_all"].as_bool()),
        (Some("humanitarian"), Some(false))
    );
    // Same seed, same text; a neutral mediator is another run.
    assert_eq!(run(&[]), v);
    let n = run(&["--mediator", "none"]);
    assert_eq!(n["mediator"], Value::Null);
    let out = parley().args(["mediate", "--mediator", "china"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--mediator china: no such actor"));
}

#[test]
fn a_genius_domain_is_mediated_from_a_random_text_that_only_improves() {
    let run = |extra: &[&str]| -> Value {
        let out = parley()
            .args(["mediate", "data/genius/anac/y2010/ItexvsCypress", "--format", "json"])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = run(&[]);
    assert_eq!(
        v["parties"],
        serde_json::json!(["ItexvsCypress_Cypress", "ItexvsCypress_Itex"])
    );
    assert_eq!(v["mediator"], Value::Null);
    assert_eq!(v["adopted"].as_u64().unwrap() + v["vetoed"].as_u64().unwrap(), 500);
    // Every adopted draft is vetoed by nobody, so neither party ends below where it began.
    let f = |k: &str| -> Vec<f64> { v[k].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()).collect() };
    for (end, start) in f("utilities").iter().zip(f("start_utilities")) {
        assert!(*end >= start, "{end} < {start}");
    }
    assert_eq!(v["start"].as_object().unwrap().len(), 4);
    // The same seed gives the same run; a party can mediate, by name.
    assert_eq!(run(&[]), v);
    let m = run(&["--mediator", "ItexvsCypress_Itex", "--seed", "4"]);
    assert_eq!(m["mediator"], "ItexvsCypress_Itex");
    // Mistakes: an unknown party, and scenario options on a domain.
    let out = parley()
        .args(["mediate", "data/genius/anac/y2010/ItexvsCypress", "--mediator", "Itex"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--mediator Itex: no such party") && err.contains("ItexvsCypress_Itex"),
        "{err}"
    );
    let out = parley()
        .args(["mediate", "data/genius/anac/y2010/ItexvsCypress", "--stage", "press"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--stage and --variant apply to a scenario"));
}

#[test]
fn newcomer_mistakes_get_errors_that_say_what_to_give() {
    let err = |args: &[&str]| -> String {
        let out = parley().args(args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8_lossy(&out.stderr).into_owned()
    };
    let xml = "data/genius/anac/y2010/ItexvsCypress/ItexvsCypress_domain.xml";
    for cmd in [
        &["negotiate", xml, "--agent", "linear", "--agent", "linear"][..],
        &["domain", "info", xml][..],
        &["mediate", xml][..],
        &["tournament", xml, "--agent", "linear"][..],
    ] {
        let e = err(cmd);
        assert!(
            e.contains("a GENIUS file; give the folder") && e.contains("(data/genius/anac/y2010/ItexvsCypress)"),
            "{cmd:?}: {e}"
        );
    }
    let e = err(&[
        "negotiate",
        "data/genius/anac/y2010",
        "--agent",
        "linear",
        "--agent",
        "linear",
    ]);
    assert!(
        e.contains("holds folders (EnglandZimbabwe, ItexvsCypress, Travel): give one domain's folder"),
        "{e}"
    );
    let e = err(&["tournament", "scenarios/alaska-2025.toml", "--agent", "linear"]);
    assert!(e.contains("a file; GENIUS domains are folders"), "{e}");
    assert!(err(&["mediate", "--choices", "0"]).contains("--choices takes a whole number from 1 to 10000"));
    assert!(err(&["mediate", "--choices", "-1"]).contains("--choices takes a whole number from 1 to 10000"));
    // Negative or huge numbers: the range, not clap's tip to write `-- -1`.
    let dir = "data/genius/anac/y2010/ItexvsCypress";
    for (cmd, want) in [
        (
            &[
                "negotiate",
                dir,
                "--agent",
                "linear",
                "--agent",
                "linear",
                "--seed",
                "-1",
            ][..],
            "--seed takes a whole number from 0",
        ),
        (
            &["negotiate", "--agent", "linear", "--agent", "linear", "--steps", "-5"][..],
            "--steps takes a whole number from 1 to 100000000",
        ),
        (
            &["tournament", dir, "--agent", "linear", "--repetitions", "-2"][..],
            "--repetitions takes a whole number from 1",
        ),
        (
            &["mediate", "--steps", "100000000000"][..],
            "--steps takes a whole number from 1 to 100000000",
        ),
        (&["mediate", "--seed", "-3"][..], "--seed takes a whole number from 0"),
        (
            &["evaluate", "data/deu3/deu3.csv", "--seed", "-1"][..],
            "--seed takes a whole number from 0",
        ),
    ] {
        let e = err(cmd);
        assert!(e.contains(want) && !e.contains("-- -"), "{cmd:?}: {e}");
    }
    // A trace keeps every offer: bounded.
    let e = err(&[
        "negotiate",
        dir,
        "--agent",
        "linear",
        "--agent",
        "linear",
        "--trace",
        "--steps",
        "100001",
    ]);
    assert!(e.contains("--trace lists every offer: at most 100000 --steps"), "{e}");
    // Agent names in any case, and tit-for-tat's short name.
    let out = parley()
        .args([
            "negotiate",
            "data/genius/anac/y2010/ItexvsCypress",
            "--agent",
            "TFT",
            "--agent",
            "Linear",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["agents"], serde_json::json!(["titfortat", "linear"]));
    // Fewer agents than parties: the others are named as sitting out.
    let out = parley()
        .args([
            "negotiate",
            "data/genius/anac/y2015/group2-politics",
            "--agent",
            "linear",
            "--agent",
            "linear",
        ])
        .args(["--format", "json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["sitting_out"], serde_json::json!(["Politics_util3"]));
    assert_eq!(v["reserved"].as_array().unwrap().len(), 2);
}
