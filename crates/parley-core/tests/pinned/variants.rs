//! What-if variants: which variant, removals, merges by id, and where a bad patch is located.

use parley_core::raw::RawScenario;
use parley_core::{FieldError, apply_variant, apply_variant_traced};
use serde_json::{Value, json};

use crate::{raw, valid};

/// Issues price and volume; actors a, b, c; positions a/price, b/volume, c/price; stage s
/// with everybody; outcome o; `[model.eum] rounds = 4`; and the given variants.
fn scenario(variants: Value) -> RawScenario {
    raw(json!({
        "format": 1,
        "scenario": {"id": "toy", "title": "Toy"},
        "issue": [{"id": "price", "name": "Price", "status_quo": 50},
                  {"id": "volume", "name": "Volume", "status_quo": 5}],
        "actor": [{"id": "a", "name": "A", "capability": 1},
                  {"id": "b", "name": "B", "capability": 2},
                  {"id": "c", "name": "C", "capability": 3}],
        "position": [{"actor": "a", "issue": "price", "position": 10, "salience": 0.5},
                     {"actor": "b", "issue": "volume", "position": 20, "salience": 0.5},
                     {"actor": "c", "issue": "price", "position": 30, "salience": 0.5}],
        "stage": [{"id": "s", "name": "S", "participants": ["a", "b", "c"]}],
        "outcome": [{"id": "o", "name": "O", "when": "agreement"}],
        "model": {"eum": {"rounds": 4}},
        "variant": variants
    }))
}

/// The scenario with one variant `v` made of `body`.
fn one(body: Value) -> RawScenario {
    let mut v = json!({"id": "v", "name": "V"});
    for (k, x) in body.as_object().unwrap() {
        v[k] = x.clone();
    }
    scenario(json!([v]))
}

fn err(r: &RawScenario) -> String {
    apply_variant(r, "v").err().map(|e| e.to_string()).unwrap_or_default()
}

fn ids(r: &RawScenario) -> Vec<&str> {
    r.actors.iter().map(|a| a.id.as_str()).collect()
}

#[test]
fn one_variant_patches_each_entry_once() {
    // The same position twice (by actor and issue), the same actor twice (by id).
    let e = err(&one(json!({"position": [
        {"actor": "a", "issue": "price", "salience": 0.1},
        {"actor": "b", "issue": "volume", "salience": 0.2},
        {"actor": "a", "issue": "price", "salience": 0.3}
    ]})));
    assert_eq!(
        e,
        "variant[0].position[2]: patches the same position (actor = \"a\", issue = \"price\") \
         as variant[0].position[0]; give each change once"
    );
    let e = err(&one(
        json!({"actor": [{"id": "c", "capability": 1}, {"id": "c", "capability": 2}]}),
    ));
    assert!(
        e.starts_with("variant[0].actor[1]: patches the same actor (id = \"c\") as variant[0].actor[0]"),
        "{e}"
    );
    // Same actor on another issue, or another actor on the same issue: not the same entry.
    apply_variant(
        &one(json!({"position": [
            {"actor": "a", "issue": "price", "salience": 0.1},
            {"actor": "a", "issue": "volume", "position": 3, "salience": 0.2},
            {"actor": "c", "issue": "price", "salience": 0.3}
        ]})),
        "v",
    )
    .unwrap();
}

#[test]
fn unknown_variants_are_named_with_the_known_ones() {
    let r = scenario(json!([{"id": "v", "name": "V"}, {"id": "w", "name": "W"}]));
    let e = apply_variant(&r, "nope").unwrap_err();
    assert_eq!(
        e,
        FieldError::new(
            parley_core::FieldPath::root().key("variant"),
            "unknown variant `nope`; known: v, w"
        )
    );
    assert_eq!(
        apply_variant(&scenario(json!([])), "v").unwrap_err().to_string(),
        "variant: unknown variant `v`; known: (none)"
    );
}

#[test]
fn the_named_variant_is_applied_and_variants_are_dropped() {
    let r = scenario(json!([
        {"id": "v", "name": "V", "actor": [{"id": "a", "capability": 5}]},
        {"id": "w", "name": "W", "actor": [{"id": "a", "capability": 7}]}
    ]));
    let v = apply_variant(&r, "v").unwrap();
    let w = apply_variant(&r, "w").unwrap();
    assert_eq!((v.actors[0].capability, w.actors[0].capability), (5.0, 7.0));
    assert!(v.variants.is_empty() && w.variants.is_empty());
    // Everything else is the base's.
    let mut base = r.clone();
    base.variants.clear();
    let mut w2 = w.clone();
    w2.actors[0].capability = 1.0;
    assert_eq!(w2, base);
}

#[test]
fn removed_actors_take_their_positions_and_seats_with_them() {
    let r = one(json!({"remove_actors": ["b"]}));
    let (p, origins) = apply_variant_traced(&r, "v").unwrap();
    assert_eq!(ids(&p), ["a", "c"]);
    let pos: Vec<(&str, &str)> = p
        .positions
        .iter()
        .map(|x| (x.actor.as_str(), x.issue.as_str()))
        .collect();
    assert_eq!(pos, [("a", "price"), ("c", "price")]);
    assert_eq!(p.stages[0].participants, ["a", "c"]);
    assert!(origins.is_empty());
    let s = valid(serde_json::to_value(&p).unwrap());
    assert_eq!(s.actors().len(), 2);

    let r = one(json!({"remove_actors": ["a", "c"]}));
    let p = apply_variant(&r, "v").unwrap();
    assert_eq!(ids(&p), ["b"]);
    assert_eq!(p.stages[0].participants, ["b"]);

    for gone in [json!(["zz"]), json!(["b", "b"])] {
        let r = one(json!({"remove_actors": gone}));
        let name = if gone[0] == "zz" { "zz" } else { "b" };
        assert_eq!(err(&r), format!("variant[0].remove_actors: unknown actor `{name}`"));
    }
}

#[test]
fn model_tables_merge_key_by_key() {
    let r = one(json!({"model": {"eum": {"q": 0.5, "rounds": 6}, "nash": {"x": 1}}}));
    let p = apply_variant(&r, "v").unwrap();
    assert_eq!(
        serde_json::to_value(&p.model).unwrap(),
        json!({"eum": {"q": 0.5, "rounds": 6}, "nash": {"x": 1}})
    );
}

#[test]
fn entries_merge_by_id_or_are_appended_and_their_origins_kept() {
    let r = one(json!({
        "actor": [{"id": "b", "capability": 9, "role": "mediator"},
                  {"id": "d", "name": "D", "capability": 4}],
        "issue": [{"id": "volume", "max": 50}],
        "position": [{"actor": "d", "issue": "price", "position": 40, "salience": 1},
                     {"actor": "c", "issue": "price", "salience": 0.25}],
        "stage": [{"id": "s", "minutes": 30}, {"id": "t", "name": "T"}],
        "outcome": [{"id": "p", "name": "P", "when": "zone"}, {"id": "o", "when": "room"}]
    }));
    let (p, origins) = apply_variant_traced(&r, "v").unwrap();
    assert_eq!(ids(&p), ["a", "b", "c", "d"]);
    let caps: Vec<f64> = p.actors.iter().map(|a| a.capability).collect();
    assert_eq!(caps, [1.0, 9.0, 3.0, 4.0]);
    assert_eq!(p.actors[1].role.as_deref(), Some("mediator"));
    assert_eq!(p.actors[1].name, "B");
    assert_eq!(
        (p.issues[0].max, p.issues[1].max, p.issues[1].status_quo),
        (100.0, 50.0, 5.0)
    );
    let pos: Vec<(&str, &str, f64, f64)> = p
        .positions
        .iter()
        .map(|x| (x.actor.as_str(), x.issue.as_str(), x.position, x.salience))
        .collect();
    assert_eq!(
        pos,
        [
            ("a", "price", 10.0, 0.5),
            ("b", "volume", 20.0, 0.5),
            ("c", "price", 30.0, 0.25),
            ("d", "price", 40.0, 1.0)
        ]
    );
    let st: Vec<(&str, Option<u32>)> = p.stages.iter().map(|s| (s.id.as_str(), s.minutes)).collect();
    assert_eq!(st, [("s", Some(30)), ("t", None)]);
    let oc: Vec<(&str, &str)> = p.outcomes.iter().map(|o| (o.id.as_str(), o.when.as_str())).collect();
    assert_eq!(oc, [("o", "room"), ("p", "zone")]);
    let o = |l: &str, at: usize, i: usize| (l.to_string(), at, i);
    assert_eq!(
        origins,
        [
            o("issue", 1, 0),
            o("actor", 1, 0),
            o("actor", 3, 1),
            o("position", 3, 0),
            o("position", 2, 1),
            o("stage", 0, 0),
            o("stage", 1, 1),
            o("outcome", 1, 0),
            o("outcome", 0, 1),
        ]
    );
    valid(serde_json::to_value(&p).unwrap());
}

#[test]
fn a_patch_must_name_what_it_patches() {
    assert_eq!(
        err(&one(
            json!({"actor": [{"id": "a", "capability": 2}, {"capability": 2}]})
        )),
        "variant[0].actor[1]: a variant entry needs `id` to say what it patches"
    );
    assert_eq!(
        err(&one(json!({"position": [{"actor": "a", "salience": 1}]}))),
        "variant[0].position[0]: a variant entry needs `issue` to say what it patches"
    );
    assert_eq!(
        err(&one(json!({"outcome": [{"when": "zone"}]}))),
        "variant[0].outcome[0]: a variant entry needs `id` to say what it patches"
    );
}

#[test]
fn a_position_patch_names_an_actor_and_an_issue_that_exist() {
    assert_eq!(
        err(&one(
            json!({"position": [{"actor": "a", "issue": "price", "salience": 1},
                                     {"actor": "zz", "issue": "price", "salience": 1}]})
        )),
        "variant[0].position[1].actor: unknown actor `zz`; actors: a, b, c"
    );
    assert_eq!(
        err(&one(
            json!({"position": [{"actor": "a", "issue": "cost", "salience": 1}]})
        )),
        "variant[0].position[0].issue: unknown issue `cost`; issues: price, volume"
    );
    // Actors and issues the variant adds count; removed ones do not.
    assert_eq!(
        err(&one(json!({
            "issue": [{"id": "cost", "name": "Cost", "status_quo": 0}],
            "actor": [{"id": "d", "name": "D", "capability": 1}],
            "position": [{"actor": "d", "issue": "cost", "position": 1, "salience": 1}]
        }))),
        ""
    );
    assert_eq!(
        err(&one(json!({
            "remove_actors": ["b"],
            "actor": [{"id": "a", "capability": 2}],
            "position": [{"actor": "b", "issue": "price", "position": 1, "salience": 1}]
        }))),
        "variant[0].position[0].actor: unknown actor `b`; actors: a, c"
    );
}

#[test]
fn a_patched_entry_that_does_not_read_is_located_in_the_variant() {
    let cases = [
        (
            json!({"issue": [{"id": "price", "max": "high"}]}),
            "variant[0].issue[0]: the patched issue does not read: invalid type: string \"high\", expected a number",
        ),
        (
            json!({"actor": [{"id": "b", "capability": "x"}]}),
            "variant[0].actor[0]: the patched actor does not read: invalid type: string \"x\", expected a number",
        ),
        (
            json!({"position": [{"actor": "b", "issue": "volume", "salience": "x"}]}),
            "variant[0].position[0]: the patched position does not read: invalid type: string \"x\", expected a number",
        ),
        (
            json!({"stage": [{"id": "s", "minutes": "x"}]}),
            "variant[0].stage[0]: the patched stage does not read: invalid type: string \"x\", expected a whole number from 0 to 4294967295",
        ),
        (
            json!({"outcome": [{"id": "o", "when": 1}]}),
            "variant[0].outcome[0]: the patched outcome does not read: invalid type: integer `1`, expected a string",
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(err(&one(body.clone())), expected, "{body}");
    }
}

#[test]
fn a_new_entry_needs_every_field() {
    let cases = [
        (
            json!({"issue": [{"id": "cost", "status_quo": 1}]}),
            "variant[0].issue[0]: `cost` matches no issue of the scenario (issues: price, volume), \
             so this entry adds one, which needs every field of a new issue: missing field `name`",
        ),
        (
            json!({"actor": [{"id": "a", "capability": 2}, {"id": "d", "capability": 1}]}),
            "variant[0].actor[1]: `d` matches no actor of the scenario (actors: a, b, c), \
             so this entry adds one, which needs every field of a new actor: missing field `name`",
        ),
        (
            json!({"position": [{"actor": "a", "issue": "volume", "position": 1}]}),
            "variant[0].position[0]: `?` matches no position of the scenario (positions: a/price, \
             b/volume, c/price), so this entry adds one, which needs every field of a new position: \
             missing field `salience`",
        ),
        (
            json!({"position": [{"actor": "b", "issue": "price", "position": 1}]}),
            "variant[0].position[0]: `?` matches no position of the scenario (positions: a/price, \
             b/volume, c/price), so this entry adds one, which needs every field of a new position: \
             missing field `salience`",
        ),
        (
            json!({"stage": [{"id": "t"}]}),
            "variant[0].stage[0]: `t` matches no stage of the scenario (stages: s), \
             so this entry adds one, which needs every field of a new stage: missing field `name`",
        ),
        (
            json!({"outcome": [{"id": "p", "name": "P"}]}),
            "variant[0].outcome[0]: `p` matches no outcome of the scenario (outcomes: o), \
             so this entry adds one, which needs every field of a new outcome: missing field `when`",
        ),
    ];
    for (body, expected) in cases {
        assert_eq!(err(&one(body.clone())), expected, "{body}");
    }
}

#[test]
fn the_second_variant_is_located_by_its_own_index() {
    let r = scenario(json!([
        {"id": "v", "name": "V"},
        {"id": "w", "name": "W", "remove_actors": ["zz"]},
        {"id": "x", "name": "X", "stage": [{"id": "t"}]}
    ]));
    assert_eq!(
        apply_variant(&r, "w").unwrap_err().to_string(),
        "variant[1].remove_actors: unknown actor `zz`"
    );
    assert!(
        apply_variant(&r, "x")
            .unwrap_err()
            .to_string()
            .starts_with("variant[2].stage[0]: `t` matches no stage")
    );
    assert!(apply_variant(&r, "v").is_ok());
}
