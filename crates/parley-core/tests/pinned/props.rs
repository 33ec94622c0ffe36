//! Invariants over many inputs.

use proptest::prelude::*;
use serde_json::json;

use crate::{base, check, valid, with};

fn finite_or_not() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => -1e3..1e3f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: None,
        rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202),
        ..ProptestConfig::default()
    })]

    /// Whatever a draw sets, the position stays on the scale, the salience in 0..=1 and the
    /// accept interval ordered on the scale; a finite position or salience is clamped, others
    /// are ignored.
    #[test]
    fn set_position_keeps_positions_valid(
        steps in proptest::collection::vec(
            (finite_or_not(), finite_or_not(), finite_or_not(), finite_or_not()), 1..6)
    ) {
        let mut s = valid(with(
            "issue",
            json!([{"id": "price", "name": "P", "min": -50, "max": 150, "status_quo": 0}]),
        ));
        for (x, w, lo, hi) in steps {
            let before = s.position(0, 0).clone();
            s.set_position(0, 0, x, w, (lo, hi));
            let p = s.position(0, 0);
            prop_assert!((-50.0..=150.0).contains(&p.position));
            prop_assert!((0.0..=1.0).contains(&p.salience));
            prop_assert!(-50.0 <= p.accept.0 && p.accept.0 <= p.accept.1 && p.accept.1 <= 150.0);
            let want = if x.is_finite() { x.clamp(-50.0, 150.0) } else { before.position };
            prop_assert_eq!(p.position, want);
            let want = if w.is_finite() { w.clamp(0.0, 1.0) } else { before.salience };
            prop_assert_eq!(p.salience, want);
            // The interval's ends are clamped first: an infinite end lands on the scale's
            // end, only NaN leaves the interval as it was.
            if !lo.is_nan() && !hi.is_nan() {
                let (a, b) = (lo.clamp(-50.0, 150.0), hi.clamp(-50.0, 150.0));
                prop_assert_eq!(p.accept, (a.min(b), a.max(b)));
            } else {
                prop_assert_eq!(p.accept, before.accept);
            }
        }
    }

    /// An id of 1 to 64 letters, digits, `-` and `_` is accepted; one more character, or any
    /// other character, is refused.
    #[test]
    fn scenario_ids(id in "[A-Za-z0-9_-]{1,64}", bad in "[ .:/\\[\\]é{}]", at in 0usize..64) {
        let mut doc = base();
        doc["scenario"]["id"] = json!(id);
        prop_assert!(check(doc).is_ok());
        let long = format!("{id}{}", "x".repeat(65 - id.len()));
        let mut doc = base();
        doc["scenario"]["id"] = json!(long);
        prop_assert!(check(doc).is_err());
        let cut = at.min(id.len());
        let with_bad = format!("{}{bad}{}", &id[..cut], &id[cut..]);
        let mut doc = base();
        doc["scenario"]["id"] = json!(with_bad);
        prop_assert!(check(doc).is_err());
    }

    /// Clamping lands on the scale and leaves values on it alone.
    #[test]
    fn clamp_onto_the_scale(lo in -1e6..1e6f64, width in 1e-3..1e6f64, x in -3e6..3e6f64) {
        let hi = lo + width;
        let s = valid(with(
            "issue",
            json!([{"id": "price", "name": "P", "min": lo, "max": hi, "status_quo": lo}]),
        ));
        let c = s.issues()[0].clamp(x);
        prop_assert!(lo <= c && c <= hi);
        if (lo..=hi).contains(&x) {
            prop_assert_eq!(c, x);
        } else if x < lo {
            prop_assert_eq!(c, lo);
        } else {
            prop_assert_eq!(c, hi);
        }
    }
}
