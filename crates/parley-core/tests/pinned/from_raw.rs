//! `Scenario::from_raw`: each rule at its boundary, and every error collected.

use parley_core::Role;
use serde_json::json;

use crate::{base, check, errors, errors_raw, raw, valid, with};

const NOT_AN_ID: &str = "is not an id (letters, digits, - and _, at most 64)";

fn scenario_id_errors(id: &str) -> Vec<String> {
    let mut doc = base();
    doc["scenario"]["id"] = json!(id);
    check(doc).err().unwrap_or_default()
}

#[test]
fn format_version_other_than_1_is_refused() {
    let mut doc = base();
    doc["format"] = json!(2);
    assert_eq!(
        errors(doc),
        ["format: format 2 is not supported; this build reads format 1"]
    );
}

#[test]
fn ids_are_letters_digits_dash_and_underscore_up_to_64() {
    for ok in ["a", "a-b", "a_b", "Az09", "-_", &"x".repeat(64)] {
        assert_eq!(scenario_id_errors(ok), Vec::<String>::new(), "{ok}");
    }
    for bad in ["", "a b", "a.b", "a/b", "é", &"x".repeat(65)] {
        assert_eq!(
            scenario_id_errors(bad),
            [format!("scenario.id: `{bad}` {NOT_AN_ID}")],
            "{bad}"
        );
    }
}

#[test]
fn the_scenario_zone_must_be_known() {
    let mut doc = base();
    doc["scenario"]["zone"] = json!("Mars/Olympus");
    let e = errors(doc);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with("scenario.zone: unknown time zone `Mars/Olympus`: "),
        "{e:?}"
    );
}

fn issue_id_errors(id: &str) -> Vec<String> {
    let mut doc = base();
    doc["issue"][0]["id"] = json!(id);
    check(doc).err().unwrap_or_default()
}

#[test]
fn issue_ids_are_lower_case_identifiers_and_not_reserved() {
    for ok in ["p", "_x", "a_1", "price2", "x_", &"q".repeat(64)] {
        assert_eq!(issue_id_errors(ok), Vec::<String>::new(), "{ok}");
    }
    for bad in [
        "",
        "Price",
        "aB",
        "2a",
        "a-b",
        "a b",
        "in",
        "true",
        "if",
        "agreement",
        "zone",
        "room",
        "agreed",
        "implemented",
        "terms",
        &"q".repeat(65),
    ] {
        assert_eq!(
            issue_id_errors(bad),
            [format!(
                "issue[0].id: `{bad}` is not a valid issue id: use lower-case letters, digits and _ \
                 (it is a variable in outcome rules), not a reserved word"
            )],
            "{bad}"
        );
    }
}

#[test]
fn a_scenario_needs_issues_and_actors() {
    let mut doc = base();
    doc.as_object_mut().unwrap().remove("issue");
    doc.as_object_mut().unwrap().remove("actor");
    assert_eq!(
        errors(doc),
        [
            "issue: the scenario has no issues; add at least one [[issue]]",
            "actor: the scenario has no actors; add at least one [[actor]]",
        ]
    );
}

#[test]
fn duplicate_issue_and_actor_ids() {
    let doc = json!({
        "format": 1,
        "scenario": {"id": "toy", "title": "Toy"},
        "issue": [{"id": "price", "name": "P", "status_quo": 50},
                  {"id": "price", "name": "P2", "status_quo": 200}],
        "actor": [{"id": "a", "name": "A", "capability": 1},
                  {"id": "a", "name": "A2", "capability": 1}]
    });
    assert_eq!(
        errors(doc),
        [
            "issue[1].id: duplicate issue id `price`",
            // The duplicate is still checked on its own.
            "issue[1].status_quo: 200 is outside the scale 0..=100 of issue `price`",
            "actor[1].id: duplicate actor id `a`",
        ]
    );
}

#[test]
fn scale_values_up_to_1e12_in_magnitude() {
    let s = valid(with(
        "issue",
        json!([{"id": "price", "name": "P", "min": -1e12, "max": 1e12, "status_quo": 1e12}]),
    ));
    assert_eq!((s.issues()[0].min, s.issues()[0].max), (-1e12, 1e12));
    assert_eq!(
        errors(with(
            "issue",
            json!([{"id": "price", "name": "P", "min": -1.5e12, "max": 2e12, "status_quo": 0}])
        )),
        [
            "issue[0].min: -1500000000000 is larger in magnitude than 1e12",
            "issue[0].max: 2000000000000 is larger in magnitude than 1e12",
        ]
    );
    // Up to 15 digits as written; from 1e15 in scientific notation (not 309 digits).
    assert_eq!(
        errors(with(
            "issue",
            json!([{"id": "price", "name": "P", "min": -999999999999999.0, "max": 1e15, "status_quo": 0}])
        )),
        [
            "issue[0].min: -999999999999999 is larger in magnitude than 1e12",
            "issue[0].max: 1e15 is larger in magnitude than 1e12",
        ]
    );
    assert_eq!(
        errors(with(
            "issue",
            json!([{"id": "price", "name": "P", "min": -1e300, "max": 1e308, "status_quo": 0}])
        )),
        [
            "issue[0].min: -1e300 is larger in magnitude than 1e12",
            "issue[0].max: 1e308 is larger in magnitude than 1e12",
        ]
    );
}

#[test]
fn scales_default_to_0_100() {
    let s = valid(base());
    let i = &s.issues()[0];
    assert_eq!((i.min, i.max, i.status_quo, i.range()), (0.0, 100.0, 50.0, 100.0));
}

#[test]
fn max_must_exceed_min_and_a_broken_scale_checks_nothing_else() {
    // min > max: the status quo (outside 10..=5) is not checked against the broken scale.
    assert_eq!(
        errors(with(
            "issue",
            json!([{"id": "price", "name": "P", "min": 10, "max": 5, "status_quo": 7}])
        )),
        ["issue[0].max: max 5 must be greater than min 10"]
    );
    // min == max, likewise.
    assert_eq!(
        errors(with(
            "issue",
            json!([{"id": "price", "name": "P", "min": 5, "max": 5, "status_quo": 7}])
        )),
        ["issue[0].max: max 5 must be greater than min 5"]
    );
    // An end that is not a number, the other one fine and min < max.
    let mut r = raw(with("issue", json!([{"id": "price", "name": "P", "status_quo": 150}])));
    r.issues[0].min = f64::NEG_INFINITY;
    assert_eq!(errors_raw(r), ["issue[0].min: -inf is not a finite number"]);
    let mut r = raw(with("issue", json!([{"id": "price", "name": "P", "status_quo": -1}])));
    r.issues[0].max = f64::INFINITY;
    assert_eq!(errors_raw(r), ["issue[0].max: inf is not a finite number"]);
    let mut r = raw(base());
    r.issues[0].min = f64::NAN;
    assert_eq!(errors_raw(r), ["issue[0].min: NaN is not a finite number"]);
    // Positions, packages and rules on a broken issue are not reported as unknown.
    let mut doc = with(
        "issue",
        json!([{"id": "price", "name": "P", "min": 5, "max": 5, "status_quo": 5}]),
    );
    doc["position"] = json!([{"actor": "a", "issue": "price", "position": 5, "salience": 1}]);
    doc["package"] = json!([{"id": "deal", "name": "D", "issues": ["price"]}]);
    doc["outcome"] = json!([{"id": "o", "name": "O", "when": "price > 'x'"}]);
    assert_eq!(errors(doc), ["issue[0].max: max 5 must be greater than min 5"]);
}

#[test]
fn status_quo_and_actual_lie_on_the_scale() {
    let issue = |sq: f64, actual: f64| {
        with(
            "issue",
            json!([{"id": "price", "name": "P", "min": 10, "max": 20, "status_quo": sq,
                    "actual": actual}]),
        )
    };
    let s = valid(issue(10.0, 20.0));
    assert_eq!((s.issues()[0].status_quo, s.issues()[0].actual), (10.0, Some(20.0)));
    valid(issue(20.0, 10.0));
    assert_eq!(
        errors(issue(9.5, 20.5)),
        [
            "issue[0].status_quo: 9.5 is outside the scale 10..=20 of issue `price`",
            "issue[0].actual: 20.5 is outside the scale 10..=20 of issue `price`",
        ]
    );
    assert_eq!(
        errors(issue(21.0, 9.0)),
        [
            "issue[0].status_quo: 21 is outside the scale 10..=20 of issue `price`",
            "issue[0].actual: 9 is outside the scale 10..=20 of issue `price`",
        ]
    );
    let mut r = raw(issue(15.0, 15.0));
    r.issues[0].status_quo = f64::NAN;
    assert_eq!(errors_raw(r), ["issue[0].status_quo: NaN is not a finite number"]);
}

#[test]
fn anchors_are_numbers_on_the_scale_sorted_by_value() {
    let s = valid(with(
        "issue",
        json!([{"id": "price", "name": "P", "status_quo": 50,
                "anchors": {"100": "all", "0": "none", " 25 ": "quarter"}}]),
    ));
    assert_eq!(
        s.issues()[0].anchors,
        [
            (0.0, "none".to_string()),
            (25.0, "quarter".to_string()),
            (100.0, "all".to_string())
        ]
    );
    let p = "anchor key";
    assert_eq!(
        errors(with(
            "issue",
            json!([{"id": "price", "name": "P", "status_quo": 50,
                    "anchors": {"-1": "under", "0": "none", "100": "all", "101": "over",
                                "NaN": "nan", "inf": "inf", "abc": "text"}}]),
        )),
        [
            format!("issue[0].anchors.-1: {p} `-1` is not a number on the scale 0..=100"),
            format!("issue[0].anchors.101: {p} `101` is not a number on the scale 0..=100"),
            format!("issue[0].anchors.NaN: {p} `NaN` is not a number on the scale 0..=100"),
            format!("issue[0].anchors.abc: {p} `abc` is not a number on the scale 0..=100"),
            format!("issue[0].anchors.inf: {p} `inf` is not a number on the scale 0..=100"),
        ]
    );
}

#[test]
fn capability_is_in_0_exclusive_to_1e9_inclusive() {
    let doc = with(
        "actor",
        json!([{"id": "a", "name": "A", "capability": 1e9},
               {"id": "b", "name": "B", "capability": 1e-9}]),
    );
    let s = valid(doc);
    assert_eq!((s.capability(0), s.capability(1)), (1e9, 1e-9));
    let mut r = raw(with(
        "actor",
        json!([{"id": "a", "name": "A", "capability": 0},
               {"id": "b", "name": "B", "capability": -1},
               {"id": "c", "name": "C", "capability": 1.5e9},
               {"id": "d", "name": "D", "capability": 1},
               {"id": "e", "name": "E", "capability": 2e12}]),
    ));
    r.actors[3].capability = f64::NAN;
    let w = "capability is a positive relative weight";
    assert_eq!(
        errors_raw(r),
        [
            format!("actor[0].capability: 0 is outside (0, 1e9]; {w}"),
            format!("actor[1].capability: -1 is outside (0, 1e9]; {w}"),
            format!("actor[2].capability: 1500000000 is outside (0, 1e9]; {w}"),
            "actor[3].capability: NaN is not a finite number".to_string(),
            // One range for a capability, however large (not the general ±1e12 bound).
            format!("actor[4].capability: 2000000000000 is outside (0, 1e9]; {w}"),
        ]
    );
}

#[test]
fn roles_and_who_holds_a_veto() {
    let s = valid(with(
        "actor",
        json!([{"id": "a", "name": "A", "capability": 1},
               {"id": "b", "name": "B", "capability": 1, "role": "mediator"},
               {"id": "c", "name": "C", "capability": 1, "role": "principal", "veto": false},
               {"id": "d", "name": "D", "capability": 1, "role": "observer", "veto": true},
               {"id": "e", "name": "E", "capability": 1, "role": "observer"},
               {"id": "f", "name": "F", "capability": 1, "role": "mediator", "veto": true},
               {"id": "g", "name": "G", "capability": 1, "role": "principal"}]),
    ));
    let roles: Vec<Role> = s.actors().iter().map(|a| a.role).collect();
    assert_eq!(
        roles,
        [
            Role::Principal,
            Role::Mediator,
            Role::Principal,
            Role::Observer,
            Role::Observer,
            Role::Mediator,
            Role::Principal
        ]
    );
    let vetoes: Vec<bool> = s.actors().iter().map(|a| a.veto).collect();
    assert_eq!(vetoes, [true, false, false, true, false, true, true]);
    assert_eq!(s.veto_players(), [0, 3, 5, 6]);
    assert_eq!(
        [Role::Principal, Role::Mediator, Role::Observer].map(Role::as_str),
        ["principal", "mediator", "observer"]
    );
    assert_eq!(
        errors(with(
            "actor",
            json!([{"id": "a", "name": "A", "capability": 1, "role": "judge"}])
        )),
        ["actor[0].role: `judge` is not a role; use principal, mediator or observer"]
    );
}

#[test]
fn standard_deviations_are_finite_and_at_least_zero() {
    let mut doc = with(
        "actor",
        json!([{"id": "a", "name": "A", "capability": 1, "uncertainty": 0},
               {"id": "b", "name": "B", "capability": 1, "uncertainty": 0.5}]),
    );
    doc["position"] = json!([
        {"actor": "a", "issue": "price", "position": 1, "salience": 1, "uncertainty": 0},
        {"actor": "b", "issue": "price", "position": 1, "salience": 1, "uncertainty": 2}
    ]);
    let s = valid(doc);
    assert_eq!(
        (s.actors()[0].uncertainty, s.actors()[1].uncertainty),
        (Some(0.0), Some(0.5))
    );
    assert_eq!(
        (s.position(0, 0).uncertainty, s.position(1, 0).uncertainty),
        (Some(0.0), Some(2.0))
    );
    let mut doc = with(
        "actor",
        json!([{"id": "a", "name": "A", "capability": 1, "uncertainty": -0.5},
               {"id": "b", "name": "B", "capability": 1, "uncertainty": 1}]),
    );
    doc["position"] = json!([
        {"actor": "a", "issue": "price", "position": 1, "salience": 1, "uncertainty": -2}
    ]);
    let mut r = raw(doc);
    r.actors[1].uncertainty = Some(f64::INFINITY);
    let sd = "a standard deviation is >= 0";
    assert_eq!(
        errors_raw(r),
        [
            format!("actor[0].uncertainty: -0.5 is negative; {sd}"),
            "actor[1].uncertainty: inf is not a finite number".to_string(),
            format!("position[0].uncertainty: -2 is negative; {sd}"),
        ]
    );
}

#[test]
fn positions_name_known_actors_and_issues_once() {
    let doc = with(
        "position",
        json!([
            {"actor": "zz", "issue": "cost", "position": 1, "salience": 1},
            {"actor": "a", "issue": "price", "position": 1, "salience": 1},
            {"actor": "a", "issue": "price", "position": 2, "salience": 1},
            {"actor": "a", "issue": "cost", "position": 2, "salience": 1},
            {"actor": "zz", "issue": "price", "position": 2, "salience": 1}
        ]),
    );
    assert_eq!(
        errors(doc),
        [
            "position[0].actor: unknown actor `zz`",
            "position[0].issue: unknown issue `cost`",
            "position[2]: duplicate position of `a` on `price`",
            "position[3].issue: unknown issue `cost`",
            "position[4].actor: unknown actor `zz`",
        ]
    );
}

#[test]
fn positions_and_saliences_in_range_and_defaults_filled_in() {
    let mut doc = with(
        "actor",
        json!([{"id": "a", "name": "A", "capability": 1},
               {"id": "b", "name": "B", "capability": 1},
               {"id": "c", "name": "C", "capability": 1}]),
    );
    doc["position"] = json!([
        {"actor": "a", "issue": "price", "position": 0, "salience": 0, "source": "said so"},
        {"actor": "b", "issue": "price", "position": 100, "salience": 1}
    ]);
    let s = valid(doc);
    let a = s.position(0, 0);
    assert_eq!((a.position, a.salience, a.accept), (0.0, 0.0, (0.0, 100.0)));
    assert_eq!((&*a.source, a.defaulted, a.uncertainty), ("said so", false, None));
    let b = s.position(1, 0);
    assert_eq!((b.position, b.salience, &*b.source), (100.0, 1.0, "inferred"));
    let c = s.position(2, 0);
    assert_eq!((c.position, c.salience, c.accept), (50.0, 0.0, (0.0, 100.0)));
    assert_eq!((&*c.source, c.defaulted, c.uncertainty), ("default", true, Some(0.0)));

    let doc = with(
        "position",
        json!([{"actor": "a", "issue": "price", "position": 101, "salience": 1.5}]),
    );
    assert_eq!(
        errors(doc),
        [
            "position[0].position: 101 is outside the scale 0..=100 of issue `price`",
            "position[0].salience: 1.5 is outside 0..=1",
        ]
    );
    let doc = with(
        "position",
        json!([{"actor": "a", "issue": "price", "position": -1, "salience": -0.25}]),
    );
    assert_eq!(
        errors(doc),
        [
            "position[0].position: -1 is outside the scale 0..=100 of issue `price`",
            "position[0].salience: -0.25 is outside 0..=1",
        ]
    );
}

/// One position of `a` on `price` (0..=100); its accept interval, or the errors.
fn accept_of(position: serde_json::Value) -> Result<(f64, f64), Vec<String>> {
    let mut p = json!({"actor": "a", "issue": "price", "salience": 1});
    for (k, v) in position.as_object().unwrap() {
        p[k] = v.clone();
    }
    check(with("position", json!([p]))).map(|s| s.position(0, 0).accept)
}

#[test]
fn a_red_line_accepts_its_own_side() {
    assert_eq!(accept_of(json!({"position": 40, "red_line": 40})), Ok((40.0, 40.0)));
    assert_eq!(accept_of(json!({"position": 40, "red_line": 20})), Ok((20.0, 100.0)));
    assert_eq!(accept_of(json!({"position": 40, "red_line": 70})), Ok((0.0, 70.0)));
    assert_eq!(accept_of(json!({"position": 40, "red_line": 0})), Ok((0.0, 100.0)));
    assert_eq!(accept_of(json!({"position": 40, "red_line": 100})), Ok((0.0, 100.0)));
    assert_eq!(accept_of(json!({"position": 40})), Ok((0.0, 100.0)));
    assert_eq!(
        accept_of(json!({"position": 40, "red_line": 120})),
        Err(vec![
            "position[0].red_line: 120 is outside the scale 0..=100 of issue `price`".into()
        ])
    );
    assert_eq!(
        accept_of(json!({"position": 40, "red_line": 20, "accept": [0, 50]})),
        Err(vec![
            "position[0].accept: give either red_line or accept, not both".into()
        ])
    );
}

#[test]
fn an_accept_range_is_ordered_on_the_scale_and_holds_the_position() {
    assert_eq!(accept_of(json!({"position": 50, "accept": [30, 70]})), Ok((30.0, 70.0)));
    assert_eq!(accept_of(json!({"position": 40, "accept": [40, 40]})), Ok((40.0, 40.0)));
    assert_eq!(accept_of(json!({"position": 50, "accept": [50, 60]})), Ok((50.0, 60.0)));
    assert_eq!(accept_of(json!({"position": 50, "accept": [40, 50]})), Ok((40.0, 50.0)));
    assert_eq!(accept_of(json!({"position": 0, "accept": [0, 100]})), Ok((0.0, 100.0)));
    assert_eq!(
        accept_of(json!({"position": 50, "accept": [60, 40]})),
        Err(vec!["position[0].accept: [60, 40] is empty: lo must be <= hi".into()])
    );
    let wrong = |lo: i32, hi: i32, p: i32| {
        format!(
            "position[0].accept: [{lo}, {hi}] does not contain the actor's own position {p}; \
             the accept range is on the wrong side"
        )
    };
    assert_eq!(
        accept_of(json!({"position": 30, "accept": [40, 60]})),
        Err(vec![wrong(40, 60, 30)])
    );
    assert_eq!(
        accept_of(json!({"position": 70, "accept": [40, 60]})),
        Err(vec![wrong(40, 60, 70)])
    );
    assert_eq!(
        accept_of(json!({"position": 39, "accept": [40, 40]})),
        Err(vec![wrong(40, 40, 39)])
    );
    // An end off the scale is reported once, with no judgement of the range itself.
    let off = |x: i32| format!("position[0].accept: {x} is outside the scale 0..=100 of issue `price`");
    assert_eq!(
        accept_of(json!({"position": 70, "accept": [-10, 60]})),
        Err(vec![off(-10)])
    );
    assert_eq!(
        accept_of(json!({"position": 50, "accept": [150, 40]})),
        Err(vec![off(150)])
    );
    assert_eq!(
        accept_of(json!({"position": 30, "accept": [40, 150]})),
        Err(vec![off(150)])
    );
    assert_eq!(
        accept_of(json!({"position": 50, "accept": [60, -5]})),
        Err(vec![off(-5)])
    );
}

fn two_actors_and(key: &str, value: serde_json::Value) -> serde_json::Value {
    let mut doc = with(
        "actor",
        json!([{"id": "a", "name": "A", "capability": 1},
               {"id": "b", "name": "B", "capability": 1}]),
    );
    doc[key] = value;
    doc
}

#[test]
fn stages_have_ids_known_participants_once_and_times() {
    let s = valid(two_actors_and(
        "stage",
        json!([
            {"id": "s1", "name": "One", "participants": ["b", "a"], "minutes": 90,
             "start": "2025-08-15T11:30:00-08:00[America/Anchorage]"},
            {"id": "s2", "name": "Two", "start": "2025-08-15T09:00:00", "zone": "America/Anchorage"},
            {"id": "s3", "name": "Three", "start": "2025-08-15T11:30:00", "zone": "Europe/Oslo"},
            {"id": "s4", "name": "Four", "zone": "Asia/Tokyo"}
        ]),
    ));
    let st = s.stages();
    assert_eq!(st.len(), 4);
    assert_eq!((st[0].id.as_str(), st[0].name.as_str()), ("s1", "One"));
    assert_eq!((st[0].participants.clone(), st[0].minutes), (vec![1, 0], Some(90)));
    let shown: Vec<Option<String>> = st.iter().map(|x| x.start.as_ref().map(ToString::to_string)).collect();
    assert_eq!(
        shown,
        [
            Some("2025-08-15T11:30:00-08:00[America/Anchorage]".to_string()),
            Some("2025-08-15T09:00:00-08:00[America/Anchorage]".to_string()),
            Some("2025-08-15T11:30:00+02:00[Europe/Oslo]".to_string()),
            None
        ]
    );
    assert!(st[1].participants.is_empty());

    let e = errors(two_actors_and(
        "stage",
        json!([
            {"id": "s 1", "name": "Bad", "participants": ["a", "b", "a", "zz"]},
            {"id": "s", "name": "One"},
            {"id": "s", "name": "Again", "start": "2025-08-15T09:00:00"},
            {"id": "t", "name": "T", "start": "2025-08-15T09:00:00", "zone": "Mars/Olympus"},
            {"id": "u", "name": "U", "zone": "Mars/Olympus"},
            {"id": "v", "name": "V", "start": "soon", "zone": "Europe/Oslo"}
        ]),
    ));
    assert_eq!(e.len(), 8, "{e:#?}");
    assert_eq!(
        e[..4],
        [
            "stage[0].id: `s 1` is not an id",
            "stage[0].participants[2]: `a` is listed twice",
            "stage[0].participants[3]: unknown actor `zz`",
            "stage[2].id: duplicate stage id `s`",
        ]
    );
    assert!(
        e[4].starts_with(
            "stage[2].start: `2025-08-15T09:00:00` is not a zoned date-time like \
             2025-08-15T11:30:00-08:00[America/Anchorage] (or give `zone`): "
        ),
        "{}",
        e[4]
    );
    assert!(
        e[5].starts_with("stage[3].zone: unknown time zone `Mars/Olympus`: "),
        "{}",
        e[5]
    );
    assert!(
        e[6].starts_with("stage[4].zone: unknown time zone `Mars/Olympus`: "),
        "{}",
        e[6]
    );
    assert!(
        e[7].starts_with("stage[5].start: `soon` is not a date-time: "),
        "{}",
        e[7]
    );
}

#[test]
fn parse_start_reads_zoned_and_civil_times() {
    use parley_core::scenario::parse_start;
    let z = parse_start("2025-08-15T11:30:00-08:00[America/Anchorage]", None).unwrap();
    assert_eq!(z.to_string(), "2025-08-15T11:30:00-08:00[America/Anchorage]");
    let z = parse_start("2025-01-15T11:30:00", Some("Europe/Oslo")).unwrap();
    assert_eq!(z.to_string(), "2025-01-15T11:30:00+01:00[Europe/Oslo]");
    assert!(parse_start("2025-01-15T11:30:00", None).is_err());
    // A start that names its own moment, given with another zone: the same moment shown there
    // (10 hours later on the clock in Oslo than in Anchorage), by annotation or by offset.
    let z = parse_start("2025-08-15T11:30:00-08:00[America/Anchorage]", Some("Europe/Oslo")).unwrap();
    assert_eq!(z.to_string(), "2025-08-15T21:30:00+02:00[Europe/Oslo]");
    let z = parse_start("2025-08-15T11:30:00-08:00", Some("Europe/Oslo")).unwrap();
    assert_eq!(z.to_string(), "2025-08-15T21:30:00+02:00[Europe/Oslo]");
    assert!(
        parse_start("15 August", Some("Europe/Oslo"))
            .unwrap_err()
            .starts_with("`15 August` is not a date-time: ")
    );
    assert!(
        parse_start("x", Some("Nowhere/Else"))
            .unwrap_err()
            .starts_with("unknown time zone `Nowhere/Else`: ")
    );
}

fn three_issues_and(packages: serde_json::Value) -> serde_json::Value {
    let mut doc = with(
        "issue",
        json!([{"id": "price", "name": "Price", "status_quo": 50},
               {"id": "volume", "name": "Volume", "status_quo": 10},
               {"id": "term", "name": "Term", "status_quo": 1}]),
    );
    doc["package"] = packages;
    doc
}

#[test]
fn packages_declared_first_then_one_per_remaining_issue() {
    let s = valid(three_issues_and(json!([
        {"id": "deal", "name": "Deal", "issues": ["volume", "price"]}
    ])));
    let p: Vec<(&str, &str, Vec<usize>, bool)> = s
        .packages()
        .iter()
        .map(|p| (p.id.as_str(), p.name.as_str(), p.issues.clone(), p.declared))
        .collect();
    assert_eq!(
        p,
        [("deal", "Deal", vec![0, 1], true), ("term", "Term", vec![2], false)]
    );
    let s = valid(three_issues_and(json!([])));
    let ids: Vec<&str> = s.packages().iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["price", "volume", "term"]);
}

#[test]
fn package_errors() {
    let bad_id = |id: &str| {
        format!(
            "package[0].id: `{id}` is not a valid package id: use lower-case letters, digits and _ \
             (it is a field name in outcome rules: agreed.{id})"
        )
    };
    for id in ["Deal", "in", "null", "a-b", ""] {
        assert_eq!(
            errors(three_issues_and(json!([{"id": id, "name": "D", "issues": ["price"]}]))),
            [bad_id(id)],
            "{id}"
        );
    }
    assert_eq!(
        errors(three_issues_and(json!([
            {"id": "deal", "name": "D", "issues": ["price", "price", "cost"]},
            {"id": "deal", "name": "D2", "issues": ["volume"]},
            {"id": "more", "name": "M", "issues": ["price", "term"]},
            {"id": "none", "name": "N", "issues": []}
        ]))),
        [
            "package[0].issues[1]: `price` is listed twice",
            "package[0].issues[2]: unknown issue `cost`",
            "package[1].id: duplicate package id `deal`",
            "package[2].issues[0]: issue `price` is already in package `deal`; an issue belongs to one package",
            "package[3].issues: a package needs at least one issue",
        ]
    );
    assert_eq!(
        errors(three_issues_and(json!([
            {"id": "deal", "name": "D", "issues": ["price"]},
            {"id": "term", "name": "T", "issues": ["volume"]}
        ]))),
        [
            "package[1].id: package id `term` is the id of an issue outside it; issues in no package \
             are packages of their own under their id"
        ]
    );
    // An issue's own id for the package that holds it is fine.
    valid(three_issues_and(
        json!([{"id": "price", "name": "P", "issues": ["price", "term"]}]),
    ));
}

#[test]
fn ensemble_weights_are_numbers_at_least_zero() {
    let s = valid(with("ensemble", json!({"weights": {"eum": 0, "nash": 2.5}})));
    let w = s.ensemble_weights().unwrap();
    assert_eq!(
        w.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(),
        [("eum", 0.0), ("nash", 2.5)]
    );
    assert_eq!(valid(with("ensemble", json!({}))).ensemble_weights(), None);
    assert_eq!(valid(with("ensemble", json!({"weights": {}}))).ensemble_weights(), None);
    assert_eq!(valid(base()).ensemble_weights(), None);
    let mut r = raw(with("ensemble", json!({"weights": {"a": -1, "b": -0.0, "c": 1}})));
    r.ensemble.as_mut().unwrap().weights.insert("d".into(), f64::NAN);
    assert_eq!(
        errors_raw(r),
        [
            "ensemble.weights.a: -1 is negative; a weight is >= 0",
            "ensemble.weights.d: NaN is not a finite number",
        ]
    );
    // Every weight 0 (−0 too): nothing to combine. One weight above 0 is enough.
    assert_eq!(
        errors(with("ensemble", json!({"weights": {"eum": 0, "nash": -0.0}}))),
        [
            "ensemble.weights: every weight is 0: the ensemble would combine nothing (leave `weights` out for equal weights)"
        ]
    );
    valid(with("ensemble", json!({"weights": {"eum": 0, "nash": 1e-9}})));
}

#[test]
fn outcome_and_variant_ids() {
    let mut doc = with(
        "outcome",
        json!([{"id": "o 1", "name": "A", "when": "true"},
               {"id": "o", "name": "B", "when": "true"},
               {"id": "o", "name": "C", "when": "true"},
               {"id": "p", "name": "D", "when": "agreement"}]),
    );
    doc["variant"] = json!([{"id": "v 1", "name": "A"}, {"id": "v", "name": "B"},
                            {"id": "v", "name": "C"}, {"id": "w", "name": "D"}]);
    assert_eq!(
        errors(doc),
        [
            "outcome[0].id: `o 1` is not an id",
            "outcome[2].id: duplicate outcome id `o`",
            "variant[0].id: `v 1` is not an id",
            "variant[2].id: duplicate variant id `v`",
        ]
    );
}

#[test]
fn every_problem_is_collected_in_document_order() {
    let mut doc = json!({
        "format": 3,
        "scenario": {"id": "", "title": "T"},
        "issue": [{"id": "Price", "name": "P", "status_quo": 500}],
        "actor": [{"id": "a", "name": "A", "capability": 0}],
        "position": [{"actor": "a", "issue": "Price", "position": 50, "salience": 2}],
        "stage": [{"id": "", "name": "S", "participants": ["b"]}],
        "package": [{"id": "P", "name": "P", "issues": ["x"]}],
        "ensemble": {"weights": {"eum": -2}},
        "outcome": [{"id": "", "name": "O", "when": "cost > 1.0"}],
        "variant": [{"id": "", "name": "V"}]
    });
    doc["issue"][0]["min"] = json!(0);
    let e = errors(doc);
    assert_eq!(
        e,
        [
            "format: format 3 is not supported; this build reads format 1".to_string(),
            format!("scenario.id: `` {NOT_AN_ID}"),
            "issue[0].id: `Price` is not a valid issue id: use lower-case letters, digits and _ \
             (it is a variable in outcome rules), not a reserved word"
                .to_string(),
            "issue[0].status_quo: 500 is outside the scale 0..=100 of issue `Price`".to_string(),
            "actor[0].capability: 0 is outside (0, 1e9]; capability is a positive relative weight".to_string(),
            "position[0].salience: 2 is outside 0..=1".to_string(),
            "stage[0].id: `` is not an id".to_string(),
            "stage[0].participants[0]: unknown actor `b`".to_string(),
            "package[0].id: `P` is not a valid package id: use lower-case letters, digits and _ \
             (it is a field name in outcome rules: agreed.P)"
                .to_string(),
            "package[0].issues[0]: unknown issue `x`".to_string(),
            "ensemble.weights.eum: -2 is negative; a weight is >= 0".to_string(),
            "outcome[0].id: `` is not an id".to_string(),
            "outcome[0].when: `cost > 1.0` names unknown variable(s) cost; known: Price, agreement, \
             zone, room, agreed, implemented, terms"
                .to_string(),
            "variant[0].id: `` is not an id".to_string(),
        ]
    );
}
