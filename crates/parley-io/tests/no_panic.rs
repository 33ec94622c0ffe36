#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Mutated scenario files never panic: they load with located errors, or load and forecast.

use parley_io::{SourceFormat, load_str};
use parley_models::registry;
use parley_models::run::run_forecast;
use proptest::prelude::*;

const ALASKA: &str = parley_io::load::ALASKA_TOML;

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(20_261_202), ..ProptestConfig::default() })]

    #[test]
    fn mutated_files_never_panic(
        edits in proptest::collection::vec((0usize..ALASKA.len(), prop::sample::select(vec![
            "0", "9", "-", ".", "e308", "nan", "\"", "[", "]", "=", "\n", "", "1e-300", "inf", "x", "#",
        ])), 1..4),
    ) {
        let mut text = ALASKA.to_string();
        for (at, with) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let end = (at + 1..=text.len()).find(|&e| text.is_char_boundary(e)).unwrap_or(text.len());
            text.replace_range(at..end, with);
        }
        match load_str("m.toml", &text, SourceFormat::Toml) {
            Err(e) => {
                // Every diagnostic names the file.
                prop_assert!(e.0.iter().all(|d| d.file == "m.toml"));
                prop_assert!(!e.0.is_empty());
            }
            Ok(l) => {
                let s = &l.scenario;
                let models: Vec<_> = registry::MODEL_IDS
                    .iter()
                    .filter_map(|id| registry::build(id, Some(s), &Default::default()).ok())
                    .collect();
                let run = run_forecast(s, &models);
                if let Ok(run) = run {
                    for m in &run.models {
                        if let Ok(f) = &m.result {
                            prop_assert!(f.values.iter().all(|v| v.is_finite()));
                        }
                    }
                }
                for v in &s.raw().variants {
                    let _ = l.variant(&v.id);
                }
            }
        }
    }
}
