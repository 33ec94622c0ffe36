//! Outcome rules: the limits of `compile_rule`, the map uses `map_refs` finds, the names and
//! fields a rule may use, how rules are quoted in messages, and the trial runs that find rules
//! which parse but cannot evaluate.

use parley_core::scenario::{MAX_RULE_BYTES, MAX_RULE_DEPTH, MapRefs, compile_rule, map_refs};
use serde_json::{Value, json};

use crate::{check, with};

/// Issues `price` (0..=100) and `volume` (0..=10); package `deal` holds `price`, so the
/// packages are `deal` and `volume`.
fn doc_with_rule(rule: &str) -> Value {
    let mut doc = with(
        "issue",
        json!([{"id": "price", "name": "Price", "status_quo": 50},
               {"id": "volume", "name": "Volume", "max": 10, "status_quo": 5}]),
    );
    doc["package"] = json!([{"id": "deal", "name": "Deal", "issues": ["price"]}]);
    doc["outcome"] = json!([{"id": "o", "name": "O", "when": rule}]);
    doc
}

/// The errors of a rule in that scenario (empty: the rule is accepted).
fn rule_errors(rule: &str) -> Vec<String> {
    check(doc_with_rule(rule)).err().unwrap_or_default()
}

/// The one error of a rule, without its `outcome[0].when: ` location.
fn rule_error(rule: &str) -> String {
    let e = rule_errors(rule);
    assert_eq!(e.len(), 1, "{rule}: {e:#?}");
    e[0].strip_prefix("outcome[0].when: ")
        .unwrap_or_else(|| panic!("not located at the rule: {}", e[0]))
        .to_string()
}

fn accepted(rule: &str) {
    assert_eq!(rule_errors(rule), Vec::<String>::new(), "{rule}");
}

const INT_HINT: &str = "; numbers in rules are decimals: write 10.0, not 10";

fn refs(rule: &str) -> MapRefs {
    map_refs(&compile_rule(rule).unwrap())
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter().map(|(a, b)| ((*a).to_string(), (*b).to_string())).collect()
}

#[test]
fn map_refs_lists_fields_and_whole_maps() {
    assert_eq!(
        refs("agreed.deal && implemented.volume && terms.price > 1.0"),
        MapRefs {
            fields: pairs(&[("agreed", "deal"), ("implemented", "volume"), ("terms", "price")]),
            whole: vec![],
        }
    );
    // A selection on anything but the three maps is not a map field.
    assert_eq!(refs("price.x > 1.0 && price > 2.0"), MapRefs::default());
    // Maps used whole, each named once, in order of appearance.
    assert_eq!(
        refs("terms['price'] > 1.0 && agreed['deal'] && terms['volume'] > 2.0 && price > 0.5"),
        MapRefs {
            fields: vec![],
            whole: vec!["terms".into(), "agreed".into()],
        }
    );
    assert_eq!(
        refs("size(implemented) > 0 && agreed.deal"),
        MapRefs {
            fields: pairs(&[("agreed", "deal")]),
            whole: vec!["implemented".into()],
        }
    );
    // Inside lists, maps, macros and the operand of a selection.
    assert_eq!(
        refs("[agreed.a, {'k': implemented.b}['k']].exists(x, x) && {'m': terms}.m.price > 1.0"),
        MapRefs {
            fields: pairs(&[("agreed", "a"), ("implemented", "b")]),
            whole: vec!["terms".into()],
        }
    );
    assert_eq!(
        refs("terms.all(k, terms[k] > 0.0)"),
        MapRefs {
            fields: vec![],
            whole: vec!["terms".into()],
        }
    );
}

#[test]
fn rules_up_to_2000_bytes() {
    assert_eq!(MAX_RULE_BYTES, 2000);
    let at_limit = format!("true{}", " ".repeat(1996));
    assert!(compile_rule(&at_limit).is_ok());
    assert!(compile_rule("true").is_ok());
    let over = format!("true{}", " ".repeat(1997));
    assert_eq!(
        compile_rule(&over).err().unwrap(),
        "the rule is 2001 bytes long; the limit is 2000"
    );
    assert_eq!(rule_error(&over), "the rule is 2001 bytes long; the limit is 2000");
}

/// `price + price + … > 0.0` with `n` additions: the additions nest left, so the tree is
/// n + 2 levels deep (comparison, n additions, the identifier).
fn sum_rule(n: usize) -> String {
    format!("price{} > 0.0", " + price".repeat(n))
}

#[test]
fn rules_up_to_32_levels_deep() {
    assert_eq!(MAX_RULE_DEPTH, 32);
    assert!(compile_rule(&sum_rule(30)).is_ok());
    accepted(&sum_rule(30));
    for (n, d) in [(31, 33), (32, 34), (40, 42)] {
        assert_eq!(
            compile_rule(&sum_rule(n)).err().unwrap(),
            format!("the rule nests {d} levels deep; the limit is 32"),
            "{n}"
        );
    }
    assert_eq!(
        rule_error(&sum_rule(31)),
        "the rule nests 33 levels deep; the limit is 32"
    );
    // A map literal's entries count: `>`, the index, the map, then the value's n + 1 levels.
    let in_map = |n: usize| format!("{{'k': price{}}}['k'] > 0.0", " + price".repeat(n));
    assert!(compile_rule(&in_map(28)).is_ok());
    assert_eq!(
        compile_rule(&in_map(29)).err().unwrap(),
        "the rule nests 33 levels deep; the limit is 32"
    );
    // A map key the same way.
    let in_key = |n: usize| format!("{{'k'{}: 1.0}}['k'] > 0.0", " + 'k'".repeat(n));
    assert!(compile_rule(&in_key(28)).is_ok());
    assert_eq!(
        compile_rule(&in_key(29)).err().unwrap(),
        "the rule nests 33 levels deep; the limit is 32"
    );
    // A list's elements and a call's target.
    let in_list = |n: usize| format!("[price{}][0] > 0.0", " + price".repeat(n));
    assert!(compile_rule(&in_list(28)).is_ok());
    assert!(compile_rule(&in_list(29)).is_err());
    let target = |n: usize| format!("(price{}).string().size() > 0", " + price".repeat(n));
    assert!(compile_rule(&target(28)).is_ok());
    assert!(compile_rule(&target(29)).is_err());
}

#[test]
fn deeply_parenthesised_rules_parse_on_their_own_stack() {
    // Parentheses add no level to the tree but recursion to the parser: 90 of them need
    // megabytes of stack in a debug build.
    let rule = format!("{}price > 1.0{}", "(".repeat(90), ")".repeat(90));
    assert!(compile_rule(&rule).is_ok());
    accepted(&rule);
    let rule = format!("{}price > 1.0{}", "(".repeat(994), ")".repeat(994));
    let e = compile_rule(&rule).err().unwrap();
    assert!(e.contains("Recursion limit of 96 exceeded"), "{e}");
}

/// A 60-character start and a 40-character end (60 + 40 + padding characters).
const HEAD: &str = "cost > 1.0 && price > 2.0 && volume < 9.5 && price < 99.0 &&";
const TAIL: &str = "price > 5.0 && agreement || zone && room";

#[test]
fn long_rules_are_quoted_by_their_start_and_end() {
    assert_eq!((HEAD.chars().count(), TAIL.chars().count()), (60, 40));
    let known = "known: price, volume, agreement, zone, room, agreed, implemented, terms";
    // 120 characters: quoted whole.
    let rule = format!("{HEAD}{}{TAIL}", " ".repeat(20));
    assert_eq!(
        rule_error(&rule),
        format!("`{rule}` names unknown variable(s) cost; {known}")
    );
    // 121: the first 60 and the last 40.
    let rule = format!("{HEAD}{}{TAIL}", " ".repeat(21));
    assert_eq!(
        rule_error(&rule),
        format!("`{HEAD} … {TAIL}` names unknown variable(s) cost; {known}")
    );
    // Characters, not bytes: 121 characters of which some take two bytes.
    let rule = format!("{HEAD} 'ééééé' != '' &&{}{TAIL}", " ".repeat(4));
    assert_eq!(rule.chars().count(), 121);
    assert_eq!(
        rule_error(&rule),
        format!("`{HEAD} … {TAIL}` names unknown variable(s) cost; {known}")
    );
    let rule = format!("{HEAD}{}{TAIL}", " ".repeat(500));
    assert_eq!(
        rule_error(&rule),
        format!("`{HEAD} … {TAIL}` names unknown variable(s) cost; {known}")
    );
}

#[test]
fn parse_errors_quote_cel_whole_for_short_rules_and_its_first_line_for_long_ones() {
    let cel_error = |rule: &str| cel::Program::compile(rule).err().unwrap().to_string();
    let rule = "price >";
    let e = cel_error(rule);
    assert!(e.contains('\n'), "CEL repeats the rule under its message: {e}");
    assert_eq!(rule_error(rule), format!("`price >` does not parse as CEL: {e}"));
    assert_eq!(
        compile_rule(rule).err().unwrap(),
        format!("`price >` does not parse as CEL: {e}")
    );
    // 120 bytes: whole.
    let rule = format!("price > 1.0 &&{}", " ".repeat(106));
    assert_eq!(rule.len(), 120);
    let e = cel_error(&rule);
    assert_eq!(
        compile_rule(&rule).err().unwrap(),
        format!("`{rule}` does not parse as CEL: {e}")
    );
    // 121 bytes: the first line only, and the rule shortened.
    let rule = format!("price > 1.0 &&{}", " ".repeat(107));
    let e = cel_error(&rule);
    let first = e.lines().next().unwrap();
    assert_ne!(first, e);
    assert_eq!(
        compile_rule(&rule).err().unwrap(),
        format!(
            "`price > 1.0 &&{} … {}` does not parse as CEL: {first}",
            " ".repeat(46),
            " ".repeat(40)
        )
    );
}

#[test]
fn rules_name_only_issues_and_the_builtins() {
    accepted("price > 1.0 && volume < 9.0 && (agreement || zone || room)");
    accepted("agreed.deal && implemented.volume && terms.price > 1.0 && terms.volume < 9.0");
    let known = "known: price, volume, agreement, zone, room, agreed, implemented, terms";
    assert_eq!(
        rule_error("total < 2.0 && cost > 1.0 && price > 1.0 && agreement"),
        format!(
            "`total < 2.0 && cost > 1.0 && price > 1.0 && agreement` names unknown variable(s) cost, total; {known}"
        )
    );
    assert_eq!(
        rule_error("deal"),
        format!("`deal` names unknown variable(s) deal; {known}")
    );
}

#[test]
fn map_fields_name_packages_or_issues() {
    assert_eq!(
        rule_error("terms.deal > 1.0"),
        "`terms.deal > 1.0`: `terms.deal` names no issue; issues: price, volume"
    );
    assert_eq!(
        rule_error("agreement && agreed.price"),
        "`agreement && agreed.price`: `agreed.price` names no package; packages: deal, volume"
    );
    assert_eq!(
        rule_error("implemented.terms"),
        "`implemented.terms`: `implemented.terms` names no package; packages: deal, volume"
    );
}

#[test]
fn a_rule_must_give_a_boolean() {
    assert_eq!(rule_error("price"), "`price` gives Float(50.0), not true or false");
    assert_eq!(
        rule_error("[price]"),
        "`[price]` gives List([Float(50.0)]), not true or false"
    );
    assert_eq!(rule_error("'x'"), "`'x'` gives String(\"x\"), not true or false");
}

/// The error of a rule that must fail its trial runs, split at `: ` after the flags.
fn trial_failure(rule: &str) -> (String, String) {
    let e = rule_error(rule);
    let head = format!("`{rule}` cannot be evaluated");
    let rest = e.strip_prefix(&head).unwrap_or_else(|| panic!("{rule}: {e}"));
    let (when, cel) = rest.split_once(": ").unwrap();
    (when.to_string(), cel.to_string())
}

#[test]
fn trial_runs_find_rules_that_cannot_evaluate() {
    // No flags: tried at once.
    let (when, cel) = trial_failure("price + 1 > 2.0");
    assert_eq!(when, "");
    assert!(cel.ends_with(INT_HINT), "{cel}");
    // A comparison of a number with a string gets no hint about decimals.
    let (when, cel) = trial_failure("price > 'a'");
    assert_eq!(when, "");
    assert!(!cel.contains("decimals"), "{cel}");
    assert!(!cel.is_empty());
    // Rules that evaluate everywhere pass.
    accepted("price + 1.0 > 2.0");
    accepted("zone ? price > 1.0 : room");
}

#[test]
fn the_scale_ends_are_tried_too() {
    // Each rule reaches `+ 1` (an int added to a float) only at one scale end or off the
    // status quo.
    accepted("price > 0.0 ? true : price + 1.0 > 0.0");
    let (when, cel) = trial_failure("price > 0.0 ? true : price + 1 > 0.0");
    assert_eq!(when, "");
    assert!(cel.ends_with(INT_HINT), "{cel}");
    let (when, _) = trial_failure("price < 100.0 ? true : price + 1 > 0.0");
    assert_eq!(when, "");
    let (when, _) = trial_failure("volume == 5.0 ? true : volume + 1 > 0.0");
    assert_eq!(when, "");
}

#[test]
fn every_combination_of_up_to_eight_flags_is_tried_in_order() {
    // Flags in order agreement, zone, room (those the rule reads); combination n sets flag k
    // to bit k of n.
    let (when, _) = trial_failure("zone && !room ? price + 1 > 0.0 : true");
    assert_eq!(when, " when zone = true, room = false");
    let (when, _) = trial_failure("room && !zone ? price + 1 > 0.0 : true");
    assert_eq!(when, " when zone = false, room = true");
    // The first failing combination is reported: zone alone, before zone and room.
    let (when, _) = trial_failure("zone ? price + 1 > 0.0 : room");
    assert_eq!(when, " when zone = true, room = false");
    let (when, _) = trial_failure("room ? price + 1 > 0.0 : zone && agreement");
    assert_eq!(when, " when agreement = false, zone = false, room = true");
    let (when, _) = trial_failure("!agreement && zone && room ? price + 1 > 0.0 : true");
    assert_eq!(when, " when agreement = false, zone = true, room = true");
}

#[test]
fn package_flags_are_tried_in_their_maps() {
    let (when, cel) = trial_failure("agreed.deal ? price + 1 > 0.0 : true");
    assert_eq!(when, " when agreed.deal = true");
    assert!(cel.ends_with(INT_HINT), "{cel}");
    let (when, _) = trial_failure("implemented.deal ? price + 1 > 0.0 : true");
    assert_eq!(when, " when implemented.deal = true");
    let (when, _) = trial_failure("implemented.volume ? price + 1 > 0.0 : agreed.deal");
    assert_eq!(when, " when agreed.deal = false, implemented.volume = true");
    // Each field once, however often the rule reads it.
    let (when, _) = trial_failure("agreed.deal && agreed.deal ? price + 1 > 0.0 : agreed.deal");
    assert_eq!(when, " when agreed.deal = true");
    // Globals first, then agreed, then implemented.
    let (when, _) = trial_failure("implemented.deal && !agreed.volume && agreed.deal && room ? price + 1 > 0.0 : true");
    assert_eq!(
        when,
        " when room = true, agreed.volume = false, agreed.deal = true, implemented.deal = true"
    );
    // A map read whole: every package is a flag.
    let (when, _) = trial_failure("agreed['volume'] ? price + 1 > 0.0 : true");
    assert_eq!(when, " when agreed.deal = false, agreed.volume = true");
    let (when, _) = trial_failure("implemented['deal'] ? price + 1 > 0.0 : agreed.deal");
    assert_eq!(
        when,
        " when agreed.deal = false, implemented.deal = true, implemented.volume = false"
    );
    accepted("agreed['deal'] || implemented['volume'] || size(agreed) == 2");
}

/// Issues a0, a1, …; each its own package.
fn many_issues_doc(n: usize, rule: &str) -> Value {
    let issues: Vec<Value> = (0..n)
        .map(|i| json!({"id": format!("a{i}"), "name": format!("A{i}"), "status_quo": 1}))
        .collect();
    let mut doc = with("issue", Value::Array(issues));
    doc["outcome"] = json!([{"id": "o", "name": "O", "when": rule}]);
    doc
}

/// The 23 flags agreement, zone, room, agreed.a0..a9, implemented.a0..a9, and a rule that
/// fails exactly when they are as given.
fn rule_failing_at(pattern: [bool; 23]) -> String {
    let mut names = vec!["agreement".to_string(), "zone".into(), "room".into()];
    names.extend((0..10).map(|i| format!("agreed.a{i}")));
    names.extend((0..10).map(|i| format!("implemented.a{i}")));
    let values: Vec<&str> = pattern.iter().map(|&b| if b { "true" } else { "false" }).collect();
    format!(
        "[{}] == [{}] ? a0 + 1 > 0.0 : true",
        names.join(", "),
        values.join(", ")
    )
}

fn when_of(pattern: [bool; 23]) -> String {
    let mut names = vec!["agreement".to_string(), "zone".into(), "room".into()];
    names.extend((0..10).map(|i| format!("agreed.a{i}")));
    names.extend((0..10).map(|i| format!("implemented.a{i}")));
    let set: Vec<String> = names.iter().zip(pattern).map(|(n, b)| format!("{n} = {b}")).collect();
    format!(" when {}", set.join(", "))
}

const T: bool = true;
const F: bool = false;

/// Bits 0..23 of the second output of splitmix64 seeded with 0 (0x6e789e6aa1b965f4), the
/// first pseudo-random sample after all-false and all-true.
const THIRD_SAMPLE: [bool; 23] = [F, F, T, F, T, T, T, T, T, F, T, F, F, T, T, F, T, F, F, T, T, T, F];
/// Bits 0..23 of the 255th output (0x5a5832bb47bcf19e): the sample just after the 256th, so
/// never tried.
const SAMPLE_257: [bool; 23] = [F, T, T, T, T, F, F, T, T, F, F, F, T, T, T, T, F, F, T, T, T, T, F];

#[test]
fn more_than_eight_flags_are_tried_in_a_fixed_sample_of_256() {
    // All false and all true come first, then the splitmix64 sequence.
    for pattern in [[F; 23], [T; 23], THIRD_SAMPLE] {
        let rule = rule_failing_at(pattern);
        let e = check(many_issues_doc(10, &rule)).err().unwrap();
        assert_eq!(e.len(), 1);
        let head: String = rule.chars().take(60).collect();
        assert!(e[0].starts_with(&format!("outcome[0].when: `{head} … ")), "{}", e[0]);
        assert!(
            e[0].contains(&format!("` cannot be evaluated{}: ", when_of(pattern))),
            "{}",
            e[0]
        );
        assert!(e[0].ends_with(INT_HINT), "{}", e[0]);
    }
    // A combination outside the sample is not tried.
    let rule = rule_failing_at(SAMPLE_257);
    assert_eq!(check(many_issues_doc(10, &rule)).err(), None);
    // Nor a mixed one like the first flag alone (not among the samples either).
    let mut first = [F; 23];
    first[0] = T;
    assert_eq!(check(many_issues_doc(10, &rule_failing_at(first))).err(), None);
}

#[test]
fn flags_beyond_the_64th_are_never_set() {
    // room, then 32 agreed and 32 implemented entries: implemented.a31 is the 65th flag.
    let rule = "implemented['a31'] ? a0 + 1 > 0.0 : room || size(agreed) > 0";
    assert_eq!(check(many_issues_doc(32, rule)).err(), None);
    // The 64th is set.
    let rule = "implemented['a30'] && !implemented['a31'] ? a0 + 1 > 0.0 : room || size(agreed) > 0";
    let e = check(many_issues_doc(32, rule)).err().unwrap();
    assert_eq!(e.len(), 1);
    assert!(
        e[0].contains("implemented.a30 = true, implemented.a31 = false: "),
        "{}",
        e[0]
    );
}
