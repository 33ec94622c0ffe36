//! The accessors of a validated scenario, the Monte Carlo setters, issues' helpers and
//! field paths.

use parley_core::{FieldError, FieldPath, PathSeg};
use serde_json::json;

use crate::{base, valid, with};

/// Issues `price` (10..=60, status quo 20) and `volume` (default scale, status quo 7); actors
/// `a`, `b`, `c`; one stage, two outcomes, model parameters.
fn sample() -> parley_core::Scenario {
    valid(json!({
        "format": 1,
        "scenario": {"id": "sample-1", "title": "A sample"},
        "issue": [{"id": "price", "name": "Price", "min": 10, "max": 60, "status_quo": 20,
                   "anchors": {"10": "low", "35": "mid", "60": "high"}},
                  {"id": "volume", "name": "Volume", "status_quo": 7}],
        "actor": [{"id": "a", "name": "A", "capability": 1},
                  {"id": "b", "name": "B", "capability": 2.5},
                  {"id": "c", "name": "C", "capability": 4}],
        "position": [{"actor": "b", "issue": "price", "position": 30, "salience": 0.5,
                      "accept": [20, 40]}],
        "stage": [{"id": "talks", "name": "Talks", "participants": ["c", "a"]}],
        "outcome": [{"id": "deal", "name": "Deal", "when": "agreement"},
                    {"id": "none", "name": "No deal", "when": "!agreement"}],
        "model": {"eum": {"rounds": 4}, "nash": {}}
    }))
}

#[test]
fn identification() {
    let s = sample();
    assert_eq!((s.id(), s.title()), ("sample-1", "A sample"));
    assert_eq!(s.raw().scenario.id, "sample-1");
    assert_eq!(s.raw().actors.len(), 3);
}

#[test]
fn lookups_by_id() {
    let s = sample();
    assert_eq!(
        ["a", "b", "c", "d", ""].map(|id| s.actor_index(id)),
        [Some(0), Some(1), Some(2), None, None]
    );
    assert_eq!(
        ["price", "volume", "cost"].map(|id| s.issue_index(id)),
        [Some(0), Some(1), None]
    );
    assert_eq!(s.actors()[2].name, "C");
    assert_eq!(s.issues()[1].name, "Volume");
}

#[test]
fn stages_outcomes_packages_and_status_quo() {
    let s = sample();
    assert_eq!(s.stages().len(), 1);
    assert_eq!(
        (s.stages()[0].id.as_str(), s.stages()[0].participants.clone()),
        ("talks", vec![2, 0])
    );
    let o: Vec<(&str, &str, &str)> = s
        .outcomes()
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str(), o.when.as_str()))
        .collect();
    assert_eq!(o, [("deal", "Deal", "agreement"), ("none", "No deal", "!agreement")]);
    let p: Vec<(&str, Vec<usize>)> = s.packages().iter().map(|p| (p.id.as_str(), p.issues.clone())).collect();
    assert_eq!(p, [("price", vec![0]), ("volume", vec![1])]);
    assert_eq!(s.status_quo(), [20.0, 7.0]);
}

#[test]
fn model_parameters_by_model_id() {
    let s = sample();
    let eum = s.model_params("eum").unwrap();
    assert_eq!(eum.len(), 1);
    assert_eq!(eum["rounds"], json!(4));
    assert_eq!(s.model_params("nash").map(serde_json::Map::len), Some(0));
    assert_eq!(s.model_params("zopa"), None);
}

#[test]
fn venue_zone_from_the_scenario_else_the_first_timed_stage() {
    let mut doc = base();
    doc["scenario"]["zone"] = json!("Europe/Oslo");
    doc["stage"] = json!([{"id": "s", "name": "S", "start": "2025-08-15T11:30:00-08:00[America/Anchorage]"}]);
    let z = valid(doc).venue_zone().unwrap();
    assert_eq!(z.iana_name(), Some("Europe/Oslo"));
    let doc = with(
        "stage",
        json!([{"id": "s0", "name": "S0"},
               {"id": "s1", "name": "S1", "start": "2025-08-15T11:30:00-08:00[America/Anchorage]"},
               {"id": "s2", "name": "S2", "start": "2025-08-15T09:00:00", "zone": "Asia/Tokyo"}]),
    );
    let z = valid(doc).venue_zone().unwrap();
    assert_eq!(z.iana_name(), Some("America/Anchorage"));
    assert!(valid(base()).venue_zone().is_none());
}

#[test]
fn capabilities_and_their_monte_carlo_setter() {
    let mut s = sample();
    assert_eq!([0, 1, 2].map(|a| s.capability(a)), [1.0, 2.5, 4.0]);
    s.set_capability(1, 3.25);
    assert_eq!(s.capability(1), 3.25);
    s.set_capability(1, f64::NAN);
    assert_eq!(s.capability(1), 3.25);
    s.set_capability(1, f64::INFINITY);
    assert_eq!(s.capability(1), 3.25);
    s.set_capability(0, 0.0);
    assert_eq!(s.capability(0), 1e-9);
    s.set_capability(2, 5e9);
    assert_eq!(s.capability(2), 1e9);
    s.set_capability(3, 1.0);
    assert_eq!([0, 1, 2].map(|a| s.capability(a)), [1e-9, 3.25, 1e9]);
    // The file's value stays on the actor.
    assert_eq!(s.actors()[1].capability, 2.5);
}

#[test]
fn set_position_clamps_orders_and_skips_what_is_not_finite() {
    let mut s = sample();
    let p = s.position(1, 0);
    assert_eq!((p.position, p.salience, p.accept), (30.0, 0.5, (20.0, 40.0)));
    s.set_position(1, 0, 45.0, 0.75, (50.0, 25.0));
    let p = s.position(1, 0);
    assert_eq!((p.position, p.salience, p.accept), (45.0, 0.75, (25.0, 50.0)));
    s.set_position(1, 0, 100.0, 2.0, (-5.0, 70.0));
    let p = s.position(1, 0);
    assert_eq!((p.position, p.salience, p.accept), (60.0, 1.0, (10.0, 60.0)));
    s.set_position(1, 0, 0.0, -1.0, (30.0, 30.0));
    let p = s.position(1, 0);
    assert_eq!((p.position, p.salience, p.accept), (10.0, 0.0, (30.0, 30.0)));
    s.set_position(1, 0, f64::NAN, f64::NAN, (f64::NAN, 40.0));
    let p = s.position(1, 0);
    assert_eq!((p.position, p.salience, p.accept), (10.0, 0.0, (30.0, 30.0)));
    s.set_position(1, 0, 20.0, 0.5, (35.0, f64::NAN));
    let p = s.position(1, 0);
    assert_eq!((p.position, p.salience, p.accept), (20.0, 0.5, (30.0, 30.0)));
    // Out of range indices change nothing and do not panic.
    s.set_position(9, 0, 20.0, 0.5, (10.0, 20.0));
    s.set_position(1, 9, 20.0, 0.5, (10.0, 20.0));
    let p = s.position(1, 0);
    assert_eq!((p.position, p.salience, p.accept), (20.0, 0.5, (30.0, 30.0)));
    // Other positions are untouched.
    assert_eq!(s.position(0, 0).position, 20.0);
}

#[test]
fn issue_clamp_and_nearest_anchor() {
    let s = sample();
    let price = &s.issues()[0];
    assert_eq!(price.range(), 50.0);
    assert_eq!(
        [-5.0, 10.0, 42.5, 60.0, 61.0].map(|x| price.clamp(x)),
        [10.0, 10.0, 42.5, 60.0, 60.0]
    );
    // Anchors 10 low, 35 mid, 60 high; ties go to the lower anchor.
    assert_eq!(
        [0.0, 10.0, 22.0, 22.5, 23.0, 47.5, 48.0, 59.0, 90.0].map(|x| price.nearest_anchor(x)),
        [
            Some("low"),
            Some("low"),
            Some("low"),
            Some("low"),
            Some("mid"),
            Some("mid"),
            Some("high"),
            Some("high"),
            Some("high")
        ]
    );
    assert_eq!(s.issues()[1].nearest_anchor(50.0), None);
}

#[test]
fn field_paths_display_like_the_document() {
    let root = FieldPath::root();
    assert_eq!(root, FieldPath(Vec::new()));
    assert_eq!(root.to_string(), "(document)");
    let p = root.key("position").index(3).key("salience");
    assert_eq!(
        p.0,
        [
            PathSeg::Key("position".into()),
            PathSeg::Index(3),
            PathSeg::Key("salience".into())
        ]
    );
    assert_eq!(p.to_string(), "position[3].salience");
    assert_eq!(root.index(0).index(2).key("a").key("b").to_string(), "[0][2].a.b");
    assert_eq!(
        root.key("ensemble").key("weights").key("x").to_string(),
        "ensemble.weights.x"
    );
    // The path a key or index extends is left as it was.
    assert_eq!(p.key("x").to_string(), "position[3].salience.x");
    assert_eq!(p.to_string(), "position[3].salience");
    let e = FieldError::new(p, "1.4 is outside 0..=1");
    assert_eq!(e.to_string(), "position[3].salience: 1.4 is outside 0..=1");
    assert_eq!(
        parley_core::ValidationErrors(vec![e.clone(), e]).to_string(),
        "2 problem(s) in the scenario"
    );
}
