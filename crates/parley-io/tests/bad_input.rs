#![allow(clippy::unwrap_used, clippy::expect_used)]
//! One test per class of bad input: each must give a located error, never a panic.

use parley_io::{Diagnostic, SourceFormat, load_str};

const BASE: &str = r#"format = 1
[scenario]
id = "toy"
title = "Toy"

[[issue]]
id = "price"
name = "Price"
status_quo = 50

[[actor]]
id = "buyer"
name = "Buyer"
capability = 1

[[actor]]
id = "seller"
name = "Seller"
capability = 2

[[position]]
actor = "buyer"
issue = "price"
position = 20
salience = 0.8
red_line = 60

[[position]]
actor = "seller"
issue = "price"
position = 90
salience = 0.6
"#;

fn errors(text: &str) -> Vec<Diagnostic> {
    match load_str("toy.toml", text, SourceFormat::Toml) {
        Ok(_) => panic!("expected errors for:\n{text}"),
        Err(e) => e.0,
    }
}

fn only(text: &str) -> Diagnostic {
    let errs = errors(text);
    assert_eq!(errs.len(), 1, "{errs:?}");
    errs.into_iter().next().unwrap()
}

#[test]
fn base_is_valid() {
    let l = load_str("toy.toml", BASE, SourceFormat::Toml).unwrap();
    assert_eq!(l.scenario.actors().len(), 2);
}

#[test]
fn malformed_toml_names_line_and_column() {
    let d = only(&BASE.replace("[[actor]]\nid = \"buyer\"", "[[actor]\nid = \"buyer\""));
    assert_eq!(d.file, "toy.toml");
    assert_eq!(d.location.map(|l| l.0), Some(11));
    assert!(d.to_string().starts_with("toy.toml:11:"), "{d}");
}

#[test]
fn unknown_field_names_its_path() {
    let d = only(&BASE.replace("capability = 2", "capability = 2\nclout = 3"));
    assert_eq!(d.field.as_deref(), Some("actor[1].clout"));
    assert_eq!(d.location, Some((20, 1)));
    assert!(d.message.contains("unknown field `clout`"), "{d}");
}

#[test]
fn unknown_actor_and_issue_ids() {
    let errs = errors(
        &BASE
            .replace("actor = \"seller\"", "actor = \"sellr\"")
            .replace("issue = \"price\"\nposition = 20", "issue = \"prize\"\nposition = 20"),
    );
    let text: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
    assert_eq!(errs.len(), 2, "{text:?}");
    assert!(
        text.iter()
            .any(|t| t.contains("position[0].issue: unknown issue `prize`")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("position[1].actor: unknown actor `sellr`")),
        "{text:?}"
    );
    assert_eq!(errs[0].location, Some((23, 9)));
}

#[test]
fn duplicate_ids() {
    let errs = errors(&BASE.replace("id = \"seller\"", "id = \"buyer\""));
    // The second actor is refused, so the position naming `seller` is unknown too.
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert_eq!(
        errs[1].to_string(),
        "toy.toml:29:9: position[1].actor: unknown actor `seller`"
    );
    let d = &errs[0];
    assert_eq!(d.field.as_deref(), Some("actor[1].id"));
    assert!(d.message.contains("duplicate actor id `buyer`"));
    assert_eq!(d.location, Some((17, 6)));
}

#[test]
fn salience_out_of_range() {
    let d = only(&BASE.replace("salience = 0.8", "salience = 1.4"));
    assert_eq!(d.field.as_deref(), Some("position[0].salience"));
    assert_eq!(d.location, Some((25, 12)));
    assert!(d.message.contains("1.4 is outside 0..=1"));
}

#[test]
fn position_outside_scale() {
    let d = only(&BASE.replace("position = 90", "position = 190"));
    assert_eq!(d.field.as_deref(), Some("position[1].position"));
    assert!(d.message.contains("outside the scale 0..=100"), "{d}");
}

#[test]
fn red_line_outside_scale_and_accept_on_wrong_side() {
    let d = only(&BASE.replace("red_line = 60", "red_line = 160"));
    assert_eq!(d.field.as_deref(), Some("position[0].red_line"));
    let d = only(&BASE.replace("red_line = 60", "accept = [40, 60]"));
    assert_eq!(d.field.as_deref(), Some("position[0].accept"));
    assert!(d.message.contains("wrong side"), "{d}");
    let d = only(&BASE.replace("red_line = 60", "red_line = 60\naccept = [0, 60]"));
    assert!(d.message.contains("either red_line or accept"), "{d}");
}

#[test]
fn nan_and_infinity() {
    let errs = errors(
        &BASE
            .replace("status_quo = 50", "status_quo = nan")
            .replace("capability = 2", "capability = inf"),
    );
    let text: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter()
            .any(|t| t.contains("issue[0].status_quo: NaN is not a finite number")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("actor[1].capability: inf is not a finite number")),
        "{text:?}"
    );
}

#[test]
fn huge_numbers_are_refused() {
    let d = only(&BASE.replace("capability = 2", "capability = 1e300"));
    assert_eq!(d.field.as_deref(), Some("actor[1].capability"));
    let d = only(&BASE.replace("status_quo = 50", "status_quo = 50\nmax = 1e200"));
    assert_eq!(d.field.as_deref(), Some("issue[0].max"));
    // Shown in scientific notation, not as 201 digits.
    assert_eq!(d.message, "1e200 is larger in magnitude than 1e12");
    // A capability has one range, whatever its size.
    for cap in ["1e10", "1e13"] {
        let d = only(&BASE.replace("capability = 2", &format!("capability = {cap}")));
        assert!(
            d.message
                .contains("is outside (0, 1e9]; capability is a positive relative weight"),
            "{d}"
        );
    }
    // An integer beyond 64 bits, a word for a number: in plain words, not Rust's types.
    let d = only(&BASE.replace("status_quo = 50", "status_quo = 50\nmax = 99999999999999999999999"));
    assert_eq!(d.field.as_deref(), Some("issue[0].max"));
    assert!(
        d.message.ends_with(
            "`99999999999999999999999` has too many digits for a whole number (write it as a decimal, e.g. 1e23)"
        ),
        "{d}"
    );
    // `format = -1`: the range of a format number, not a type name.
    let d = only(&BASE.replace("format = 1", "format = -1"));
    assert!(
        d.message.contains("expected a whole number from 0 to 4294967295"),
        "{d}"
    );
    let d = only(&BASE.replace("salience = 0.6", "salience = \"high\""));
    assert_eq!(d.message, "invalid type: string \"high\", expected a number");
}

#[test]
fn a_missing_field_is_named_at_the_table_that_lacks_it() {
    let d = only("format = 1\n");
    assert_eq!((d.field, d.message.as_str()), (None, "missing field `scenario`"));
    let d = only(&BASE.replace("title = \"Toy\"\n", ""));
    assert_eq!((d.field.as_deref(), d.location), (Some("scenario"), Some((2, 1))));
    let d = only(&BASE.replace("id = \"seller\"\n", ""));
    assert_eq!((d.field.as_deref(), d.location), (Some("actor[1]"), Some((16, 1))));
    assert_eq!(d.message, "missing field `id`");
}

#[test]
fn empty_scenario_and_empty_file() {
    let errs = errors("format = 1\n[scenario]\nid = \"x\"\ntitle = \"x\"\n");
    let text: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
    assert_eq!(
        text,
        vec![
            "toy.toml:1:1: issue: the scenario has no issues; add at least one [[issue]]",
            "toy.toml:1:1: actor: the scenario has no actors; add at least one [[actor]]",
        ]
    );
    let d = only("   \n");
    assert!(d.message.contains("empty"));
}

#[test]
fn bad_time_zone_and_time() {
    let stage = "\n[[stage]]\nid = \"s\"\nname = \"S\"\nstart = \"2025-08-15T11:30:00\"\nzone = \"Mars/Olympus\"\nparticipants = [\"buyer\"]\n";
    let d = only(&format!("{BASE}{stage}"));
    assert_eq!(d.field.as_deref(), Some("stage[0].zone"));
    assert!(d.message.contains("Mars/Olympus"));
    let stage = "\n[[stage]]\nid = \"s\"\nname = \"S\"\nstart = \"yesterday\"\nparticipants = [\"buyer\"]\n";
    let d = only(&format!("{BASE}{stage}"));
    assert_eq!(d.field.as_deref(), Some("stage[0].start"));
}

#[test]
fn outcome_rule_errors() {
    let d = only(&format!(
        "{BASE}\n[[outcome]]\nid = \"o\"\nname = \"O\"\nwhen = \"cost > 3\"\n"
    ));
    assert_eq!(d.field.as_deref(), Some("outcome[0].when"));
    assert!(d.message.contains("unknown variable(s) cost"), "{d}");
    let d = only(&format!(
        "{BASE}\n[[outcome]]\nid = \"o\"\nname = \"O\"\nwhen = \"price >\"\n"
    ));
    assert!(d.message.contains("does not parse as CEL"), "{d}");
}

#[test]
fn several_errors_are_collected() {
    let errs = errors(
        &BASE
            .replace("salience = 0.8", "salience = -1")
            .replace("capability = 1\n", "capability = 0\n")
            .replace("position = 90", "position = -5"),
    );
    assert_eq!(errs.len(), 3, "{errs:?}");
}

#[test]
fn wrong_format_version_and_type() {
    let d = only(&BASE.replace("format = 1", "format = 2"));
    assert_eq!(d.field.as_deref(), Some("format"));
    let d = only(&BASE.replace("status_quo = 50", "status_quo = \"high\""));
    assert_eq!(d.field.as_deref(), Some("issue[0].status_quo"));
    assert_eq!(d.location, Some((9, 14)));
}

#[test]
fn big_file_is_refused_before_reading() {
    let dir = std::env::temp_dir().join(format!("parley-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("big.toml");
    let f = std::fs::File::create(&path).unwrap();
    f.set_len(50 * 1024 * 1024).unwrap();
    let err = parley_io::load_file(&path).unwrap_err();
    std::fs::remove_dir_all(&dir).ok();
    assert!(err.to_string().contains("larger than the 8 MiB limit"), "{err}");
}

#[test]
fn json_scenarios_read_the_same_structure() {
    let json = r#"{"format": 1, "scenario": {"id": "j", "title": "J"},
      "issue": [{"id": "price", "name": "Price", "status_quo": 50}],
      "actor": [{"id": "a", "name": "A", "capability": 1}],
      "position": [{"actor": "a", "issue": "price", "position": 20, "salience": 2}]}"#;
    let err = load_str("j.json", json, SourceFormat::Json).unwrap_err();
    assert_eq!(err.to_string(), "j.json:4:81: position[0].salience: 2 is outside 0..=1");
    let err = load_str("j.json", "{\"format\": 1,", SourceFormat::Json).unwrap_err();
    assert!(err.0[0].location.is_some());
}

#[test]
fn outcome_rules_that_cannot_evaluate_are_input_errors() {
    let d = only(&format!(
        "{BASE}\n[[outcome]]\nid = \"o\"\nname = \"O\"\nwhen = \"price > 'high'\"\n"
    ));
    assert_eq!(d.field.as_deref(), Some("outcome[0].when"));
    assert!(d.message.contains("cannot be evaluated"), "{d}");
    assert_eq!(d.location.map(|l| l.0), Some(37));
    let d = only(&format!(
        "{BASE}\n[[outcome]]\nid = \"o\"\nname = \"O\"\nwhen = \"price + 1.0\"\n"
    ));
    assert!(d.message.contains("not true or false"), "{d}");
}

#[test]
fn variants_merge_and_report_their_own_errors() {
    let text = format!(
        "{BASE}\n[model.eum]\nrounds = 4\n\n[[variant]]\nid = \"v\"\nname = \"V\"\nremove_actors = [\"seller\"]\n[[variant.actor]]\nid = \"buyer\"\ncapability = 3\n[variant.model.eum]\nq = 0.5\n\n[[variant]]\nid = \"bad\"\nname = \"Bad\"\n[[variant.position]]\nactor = \"buyer\"\nissue = \"price\"\nsalience = 2\n"
    );
    let l = load_str("toy.toml", &text, SourceFormat::Toml).unwrap();
    let v = l.variant("v").unwrap();
    assert_eq!(v.actors().len(), 1);
    assert_eq!(v.capability(0), 3.0);
    assert_eq!(v.position(0, 0).position, 20.0, "unpatched fields keep their values");
    let eum = v.model_params("eum").unwrap();
    assert_eq!((eum["rounds"].as_u64(), eum["q"].as_f64()), (Some(4), Some(0.5)));
    let err = l.variant("bad").unwrap_err().to_string();
    assert!(
        err.contains("variant `bad`") && err.contains("position[0].salience: 2 is outside 0..=1"),
        "{err}"
    );
    assert!(err.starts_with("toy.toml:"), "{err}");
    assert!(
        l.variant("nope")
            .unwrap_err()
            .to_string()
            .contains("unknown variant `nope`; known: v, bad")
    );
}

#[test]
fn non_utf8_files_are_refused_with_a_location() {
    let dir = std::env::temp_dir().join(format!("parley-utf8-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.toml");
    let mut bytes = BASE.as_bytes().to_vec();
    bytes.extend_from_slice(b"# caf\xe9\n");
    std::fs::write(&path, bytes).unwrap();
    let err = parley_io::load_file(&path).unwrap_err();
    std::fs::remove_dir_all(&dir).ok();
    let d = &err.0[0];
    assert!(d.message.contains("not valid UTF-8"), "{d}");
    assert_eq!(d.location.map(|l| l.0), Some(33), "the line after BASE's 32");
}

#[test]
fn package_errors_are_located() {
    let text = format!(
        "{BASE}\n[[package]]\nid = \"Deal\"\nname = \"d\"\nissues = [\"price\", \"volume\"]\n\n[[package]]\nid = \"again\"\nname = \"a\"\nissues = [\"price\"]\n"
    );
    let errs = errors(&text);
    let msgs: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("toy.toml:35:6: package[0].id: `Deal` is not a valid package id")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("toy.toml:37:20: package[0].issues[1]: unknown issue `volume`")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.contains("package[1].issues[0]: issue `price` is already in package `Deal`")),
        "{msgs:?}"
    );
    let d = only(&format!("{BASE}\n[[package]]\nid = \"p\"\nname = \"p\"\nissues = []\n"));
    assert_eq!(d.field.as_deref(), Some("package[0].issues"));
}

#[test]
fn rule_maps_name_only_known_packages_and_issues() {
    let with = |rule: &str| format!("{BASE}\n[[outcome]]\nid = \"o\"\nname = \"o\"\nwhen = \"{rule}\"\n");
    let d = only(&with("zone && agreed.pricee"));
    assert!(
        d.message.contains("`agreed.pricee` names no package; packages: price"),
        "{d}"
    );
    let d = only(&with("terms.volume > 3"));
    assert!(d.message.contains("`terms.volume` names no issue"), "{d}");
    // Known fields pass; the short-circuited branch is checked as well.
    let ok = with("zone && agreed.price && implemented.price && terms.price >= 50");
    assert!(load_str("toy.toml", &ok, SourceFormat::Toml).is_ok());
    // A map used as a number fails the trial run.
    let d = only(&with("agreed.price + 1 > 0"));
    assert!(d.message.contains("cannot be evaluated"), "{d}");
}

#[test]
fn ensemble_weights_must_be_numbers_at_least_zero() {
    let d = only(&format!("{BASE}\n[ensemble]\nweights = {{ compromise = -1 }}\n"));
    assert_eq!(d.field.as_deref(), Some("ensemble.weights.compromise"));
    assert!(d.message.contains("negative"), "{d}");
}

#[test]
fn a_red_line_on_the_own_position_accepts_only_that_value() {
    // At the end of the scale ("no limits": position 0, red line 0) and inside it.
    for (pos, red) in [(0.0, 0.0), (100.0, 100.0), (35.0, 35.0)] {
        let text = BASE.replace(
            "position = 20\nsalience = 0.8\nred_line = 60",
            &format!("position = {pos}\nsalience = 0.8\nred_line = {red}"),
        );
        let l = load_str("toy.toml", &text, SourceFormat::Toml).unwrap();
        assert_eq!(
            l.scenario.position(0, 0).accept,
            (pos, pos),
            "red line {red} at position {pos}"
        );
    }
    // A red line on one side still accepts that whole side.
    let l = load_str("toy.toml", BASE, SourceFormat::Toml).unwrap();
    assert_eq!(l.scenario.position(0, 0).accept, (0.0, 60.0));
}

#[test]
fn huge_or_deep_rules_are_refused_before_parsing() {
    let with = |rule: &str| format!("{BASE}\n[[outcome]]\nid = \"o\"\nname = \"o\"\nwhen = \"{rule}\"\n");
    // Regressions: these crashed the CEL parser (panic past column 65,535; stack overflow).
    for (rule, expect) in [
        (format!("true{})", " ".repeat(70_000)), "bytes long; the limit is 2000"),
        (
            format!("{}true{}", "(".repeat(100_000), ")".repeat(100_000)),
            "bytes long",
        ),
        (format!("price{}", ".price".repeat(17_500)), "bytes long"),
        (
            format!("price{} > 0.0", " + price".repeat(100)),
            "levels deep; the limit is 32",
        ),
    ] {
        let d = only(&with(&rule));
        assert_eq!(d.field.as_deref(), Some("outcome[0].when"));
        assert!(d.message.contains(expect), "{}", &d.message[..d.message.len().min(200)]);
    }
    // Just inside the limits, a deep rule still works.
    let ok = with(&format!("price{} > 0.0", " + price".repeat(28)));
    assert!(load_str("toy.toml", &ok, SourceFormat::Toml).is_ok());
}

fn with(extra: &str) -> String {
    format!("{BASE}\n{extra}\n")
}

#[test]
fn rules_are_tried_under_every_flag_combination_and_at_the_scale_ends() {
    // `zone && !room` is true only for mixed flags: all-true and all-false runs miss it.
    let d = only(&with(
        "[[outcome]]\nid = \"x\"\nname = \"X\"\nwhen = \"zone && !room && price + 10 >= 20\"",
    ));
    assert_eq!(d.field.as_deref(), Some("outcome[0].when"));
    assert!(d.message.contains("when zone = true, room = false"), "{}", d.message);
    assert!(d.message.contains("write 10.0, not 10"), "{}", d.message);
    // Mixing agreed/implemented entries is covered the same way.
    let d = only(&with(
        "[[outcome]]\nid = \"x\"\nname = \"X\"\nwhen = \"agreed.price && !implemented.price ? price > 'a' : true\"",
    ));
    assert!(
        d.message.contains("agreed.price = true, implemented.price = false"),
        "{}",
        d.message
    );
    // A rule that evaluates everywhere passes.
    load_str(
        "toy.toml",
        &with("[[outcome]]\nid = \"x\"\nname = \"X\"\nwhen = \"zone && !room && price + 10.0 >= 20.0\""),
        SourceFormat::Toml,
    )
    .unwrap();
}

#[test]
fn model_sections_are_checked_against_the_registry() {
    let cases = [
        (
            "[model.nahs]\nutility = \"linear\"",
            "model.nahs",
            "did you mean `nash`?",
        ),
        (
            "[model.nash]\nutility = \"cubic\"",
            "model.nash.utility",
            "not one of linear, quadratic",
        ),
        ("[model.eum]\nq = -1.0", "model.eum.q", "not a number in 0..=1"),
        (
            "[model.eum]\nrounds = 1e9",
            "model.eum.rounds",
            "not a whole number in 1..=10000",
        ),
        (
            "[model.nash]\ntolerance = nan",
            "model.nash.tolerance",
            "unknown parameter",
        ),
        ("[model.compromise]\nx = 1", "model.compromise.x", "unknown parameter"),
    ];
    for (extra, field, msg) in cases {
        let d = only(&with(extra));
        assert_eq!(d.field.as_deref(), Some(field), "{extra}");
        assert!(d.message.contains(msg), "{extra}: {}", d.message);
        assert!(d.location.is_some_and(|(l, _)| l > 30), "{extra}: {d:?}");
    }
}

#[test]
fn variant_patches_are_located_in_the_variant() {
    let v = |body: &str| with(&format!("[[variant]]\nid = \"v\"\nname = \"V\"\n{body}"));
    let load = |text: &str| {
        load_str("toy.toml", text, SourceFormat::Toml)
            .unwrap()
            .variant("v")
            .unwrap_err()
            .0
    };
    // An unknown actor in a position patch: named as such, at the patch's `actor`.
    let d = load(&v(
        "[[variant.position]]\nactor = \"byer\"\nissue = \"price\"\nsalience = 0.5",
    ));
    assert_eq!(d[0].field.as_deref(), Some("variant[0].position[0].actor"));
    assert!(
        d[0].message.contains("unknown actor `byer`; actors: buyer, seller"),
        "{}",
        d[0].message
    );
    // A new actor missing fields: says it adds one.
    let d = load(&v("[[variant.actor]]\nid = \"broker\"\ncapability = 1"));
    assert_eq!(d[0].field.as_deref(), Some("variant[0].actor[0]"));
    assert!(
        d[0].message
            .contains("`broker` matches no actor of the scenario (actors: buyer, seller), so this entry adds one"),
        "{}",
        d[0].message
    );
    // An out-of-range value: located at the variant's own line for that field.
    let text = v("[[variant.position]]\nactor = \"buyer\"\nissue = \"price\"\nsalience = 2");
    let d = load(&text);
    let line = text.lines().position(|l| l == "salience = 2").unwrap() + 1;
    assert_eq!(d[0].location.map(|(l, _)| l), Some(line), "{d:?}");
    assert!(
        d[0].message.contains("salience: 2 is outside 0..=1"),
        "{}",
        d[0].message
    );
    // The same position patched twice: the second entry, which would silently win.
    let text = v(
        "[[variant.position]]\nactor = \"buyer\"\nissue = \"price\"\nred_line = 6\n\
                  [[variant.position]]\nactor = \"buyer\"\nissue = \"price\"\nred_line = 4",
    );
    let d = load(&text);
    assert_eq!(d[0].field.as_deref(), Some("variant[0].position[1]"), "{d:?}");
    assert!(
        d[0].message
            .contains("patches the same position (actor = \"buyer\", issue = \"price\") as variant[0].position[0]"),
        "{}",
        d[0].message
    );
    let second = text.match_indices("[[variant.position]]").nth(1).unwrap().0;
    let line = text[..second].lines().count() + 1;
    assert_eq!(d[0].location.map(|(l, _)| l), Some(line), "{d:?}");
}

#[test]
fn non_regular_files_are_refused_without_reading_them() {
    let d = parley_io::load_file(std::path::Path::new("/dev/zero")).unwrap_err().0;
    assert!(d[0].message.contains("not a regular file"), "{d:?}");
    let dir = std::env::temp_dir().join(format!("parley-fifo-{}", std::process::id()));
    if std::process::Command::new("mkfifo")
        .arg(&dir)
        .status()
        .is_ok_and(|s| s.success())
    {
        // Without a writer, opening it would hang forever: it must be refused first.
        let d = parley_io::load_file(&dir).unwrap_err().0;
        assert!(d[0].message.contains("not a regular file"), "{d:?}");
        std::fs::remove_file(&dir).ok();
    }
}

#[test]
fn json_files_are_located_by_line_too() {
    let json = r#"{
  "format": 1,
  "scenario": {"id": "toy", "title": "Toy \"quoted\", [x]"},
  "issue": [{"id": "price", "name": "Price", "status_quo": 50}],
  "actor": [
    {"id": "buyer", "name": "Buyer", "capability": 1},
    {"id": "seller", "name": "Seller", "capability": 2}
  ],
  "position": [
    {"actor": "buyer", "issue": "price", "position": 20, "salience": 0.8},
    {"actor": "seller", "issue": "price", "position": 90,
     "salience": 1.5}
  ],
  "model": {"nash": {"utility": "linear"}}
}"#;
    let e = load_str("toy.json", json, SourceFormat::Json).unwrap_err().0;
    assert_eq!(e[0].field.as_deref(), Some("position[1].salience"));
    assert_eq!(e[0].location, Some((12, 18)));
    let e = load_str(
        "toy.json",
        &json.replace("1.5", "0.5").replace("linear", "cubic"),
        SourceFormat::Json,
    )
    .unwrap_err()
    .0;
    assert_eq!(e[0].field.as_deref(), Some("model.nash.utility"));
    assert_eq!(e[0].location, Some((14, 33)));
}

#[test]
fn json_type_errors_name_the_field_once_located() {
    let json = r#"{"format": 1, "scenario": {"id": "j", "title": "J"},
  "issue": [{"id": "price", "name": "Price", "status_quo": 50}],
  "actor": [{"id": "a", "name": "A", "capability": 1}],
  "position": [{"actor": "a", "issue": "price", "position": 20, "salience": "high"}]}"#;
    let d = load_str("j.json", json, SourceFormat::Json).unwrap_err().0;
    assert_eq!(
        d[0].to_string(),
        "j.json:4:82: position[0].salience: invalid type: string \"high\", expected a number"
    );
    let d = load_str(
        "j.json",
        "{\"format\": 1, \"scenario\": {\"id\": \"j\", \"title\": \"J\", \"x\": 1}}",
        SourceFormat::Json,
    )
    .unwrap_err()
    .0;
    assert_eq!(d[0].field.as_deref(), Some("scenario.x"));
    assert!(!d[0].message.contains(" at line "), "{}", d[0].message);
}

#[test]
fn a_broken_issue_does_not_drag_its_rules_into_the_report() {
    let text = BASE.replace("status_quo = 50", "status_quo = 50\nmin = 500");
    let d = only(&with_rule(&text, "agreed.price && terms.price >= 10.0"));
    assert_eq!(d.field.as_deref(), Some("issue[0].max"));
}

fn with_rule(base: &str, rule: &str) -> String {
    format!("{base}\n[[outcome]]\nid = \"o\"\nname = \"O\"\nwhen = \"{rule}\"\n")
}
