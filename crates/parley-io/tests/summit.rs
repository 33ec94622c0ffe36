#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The Alaska scenario as a discrete negotiation: the mapping of `parley_io::summit`.

use parley_core::{UtilityFunction, UtilityShape};
use parley_io::summit::{issue_values, summit_space};

#[test]
fn alaska_maps_to_anchors_and_the_status_quo_with_red_lines_as_never_acceptable() {
    let s = parley_io::load_bundled().unwrap().scenario;
    let values = issue_values(&s);
    // Every issue's anchors, plus its status quo where that is no anchor.
    for (i, v) in s.issues().iter().zip(&values) {
        assert!(i.anchors.iter().all(|a| v.iter().any(|x| x.0 == a.0)), "{}", i.id);
        assert!(v.iter().any(|x| (x.0 - i.status_quo).abs() < 1e-9), "{}", i.id);
        assert!(v.windows(2).all(|w| w[0].0 < w[1].0), "{}", i.id);
    }
    let us = s.actors().iter().position(|a| a.id.as_str() == "us").unwrap();
    let russia = s.actors().iter().position(|a| a.id.as_str() == "russia").unwrap();
    let sp = summit_space(&s, &[us, russia]).unwrap();
    assert_eq!(sp.space.size(), values.iter().map(Vec::len).product::<usize>());
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    // Reservation: the status quo's utility.
    assert_eq!(sp.prefs[1].reserved, u.utility(russia, &s.status_quo()));
    let mut forbidden = 0;
    for o in (0..sp.space.size()).step_by(97) {
        let x = sp.point(o);
        for (j, &a) in [us, russia].iter().enumerate() {
            let inside = x.iter().enumerate().all(|(k, &v)| {
                let (lo, hi) = s.position(a, k).accept;
                v >= lo - 1e-7 && v <= hi + 1e-7
            });
            let got = sp.prefs[j].utilities[o];
            if inside {
                assert!((got - u.utility(a, &x)).abs() < 1e-12);
            } else {
                assert_eq!(got, f64::NEG_INFINITY);
                forbidden += 1;
            }
        }
    }
    // Russia's red lines (territory, NATO, …) rule out most of the space.
    assert!(forbidden > 0);
    // The status quo itself is an outcome, acceptable to both at exactly their reservation.
    let sq: Vec<usize> = values
        .iter()
        .zip(s.issues())
        .map(|(v, i)| v.iter().position(|x| (x.0 - i.status_quo).abs() < 1e-9).unwrap())
        .collect();
    let o = sp.space.index(&sq).unwrap();
    for j in 0..2 {
        assert_eq!(sp.prefs[j].utilities[o], sp.prefs[j].reserved);
    }
}
