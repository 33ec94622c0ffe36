#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every ANAC domain folder of the shared GENIUS collection loads, or is reported with the
//! reason. The collection is not vendored (only the domains the parity tests use are, under
//! `data/genius/`); this test reads `$PARLEY_GENIUS_DIR` or `../shared/data/genius/anac`
//! next to the repository, and skips with a message when neither exists.

use std::path::PathBuf;

use parley_io::genius::{Convention, load_dir};

fn anac_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("PARLEY_GENIUS_DIR") {
        return Some(PathBuf::from(d));
    }
    let d = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/genius/anac");
    std::fs::canonicalize(d).ok().filter(|d| d.is_dir())
}

#[test]
fn every_anac_domain_loads_or_says_why_not() {
    let Some(root) = anac_dir() else {
        eprintln!("skipped: no ANAC collection (set PARLEY_GENIUS_DIR)");
        return;
    };
    let mut dirs: Vec<PathBuf> = Vec::new();
    for year in std::fs::read_dir(&root).unwrap() {
        let year = year.unwrap().path();
        if year.is_dir() {
            for d in std::fs::read_dir(&year).unwrap() {
                let d = d.unwrap().path();
                if d.is_dir() {
                    dirs.push(d);
                }
            }
        }
    }
    dirs.sort();
    let (mut ok, mut refused) = (0, Vec::new());
    for d in &dirs {
        match load_dir(d, Convention::Negmas) {
            Ok(dom) => {
                assert!(dom.space.size() >= 1 && !dom.profiles.is_empty(), "{}", d.display());
                ok += 1;
            }
            Err(e) => refused.push(format!("{}: {}", d.display(), e.0[0])),
        }
    }
    eprintln!("{ok} of {} ANAC domains load; refused:", dirs.len());
    for r in &refused {
        eprintln!("  {r}");
    }
    // The only refusals are the constraint-based (nonlinear) spaces of ANAC 2014.
    assert!(refused.iter().all(|r| r.contains("nonlinear")), "{refused:#?}");
    assert!(ok >= 100, "{ok}");
}
