#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Every ANAC domain folder of the vendored GENIUS collection (`data/genius/anac`, ANAC
//! 2010–2016) loads, or is reported with the reason.

use std::path::PathBuf;

use parley_io::genius::{Convention, load_dir};

#[test]
fn every_anac_domain_loads_or_says_why_not() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/genius/anac");
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
    assert_eq!((dirs.len(), ok, refused.len()), (143, 131, 12));
}
