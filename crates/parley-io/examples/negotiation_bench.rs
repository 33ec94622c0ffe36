//! Timings of the negotiation code beside NegMAS's (docs/BENCHMARKS.md, "Agent negotiation").
//!
//!     cargo run --release -p parley-io --example negotiation_bench -- [AMPOvsCity dir]
//!
//! Medians of repeated runs, wall clock, one thread unless said. The domains are the
//! vendored ones (data/genius/anac) and, when given, AMPOvsCity (1,944,000 outcomes) from the
//! shared collection; the synthetic domain is 6 issues × 10 values with two random
//! linear-additive profiles (seeded).

use std::path::{Path, PathBuf};
use std::time::Instant;

use parley_io::genius::{Convention, load_dir};
use parley_negotiation::protocol::Sao;
use parley_negotiation::strategy::{Prefs, Strategy, TimeBased};
use parley_negotiation::tournament::{self, Arena, Kind};
use parley_negotiation::{Issue, LinearAdditive, OutcomeSpace, pareto_frontier};
use rand::{RngExt, SeedableRng};

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut out = None;
    let mut ts = Vec::with_capacity(reps);
    for _ in 0..reps {
        let t = Instant::now();
        out = Some(f());
        ts.push(t.elapsed().as_secs_f64());
    }
    (median(ts), out.unwrap_or_else(|| unreachable!()))
}

fn ms(s: f64) -> String {
    if s < 1e-3 {
        format!("{:.1} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok()))
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Utilities and presorted preferences per party, and the Pareto frontier, timed.
fn analytics(name: &str, space: &OutcomeSpace, ufuns: &[LinearAdditive]) -> Vec<std::sync::Arc<Prefs>> {
    let reps = if space.size() > 500_000 { 3 } else { 5 };
    let (t_u, us) = time(reps, || {
        ufuns
            .iter()
            .map(|u| u.utilities(space).unwrap_or_default())
            .collect::<Vec<_>>()
    });
    let reserved: Vec<f64> = ufuns.iter().map(|u| u.reserved).collect();
    let (t_p, front) = time(reps, || pareto_frontier(&us, &reserved));
    println!(
        "{name}: {} outcomes, {} parties; utilities {}, Pareto frontier {} ({} points)",
        space.size(),
        ufuns.len(),
        ms(t_u),
        ms(t_p),
        front.len()
    );
    us.into_iter().zip(&reserved).map(|(u, &r)| Prefs::new(u, r)).collect()
}

fn domain(dir: &Path) -> (OutcomeSpace, Vec<LinearAdditive>) {
    let d = load_dir(dir, Convention::Negmas).unwrap_or_else(|e| panic!("{}: {}", dir.display(), e.0[0]));
    (d.space, d.profiles)
}

/// The radix order of `Prefs::new` beside the comparison sort it replaced (same result).
fn sort_ratio(name: &str, utilities: &[f64]) {
    let (t_cmp, by_cmp) = time(7, || {
        let mut o: Vec<u32> = (0..utilities.len() as u32).collect();
        o.sort_unstable_by(|&a, &b| utilities[a as usize].total_cmp(&utilities[b as usize]).then(a.cmp(&b)));
        o
    });
    let (t_radix, by_radix) = time(7, || parley_negotiation::strategy::ascending_order(utilities));
    assert_eq!(by_cmp, by_radix);
    println!(
        "{name}: one party's outcomes sorted by utility: comparison sort {}, radix {} ({:.1}x)",
        ms(t_cmp),
        ms(t_radix),
        t_cmp / t_radix
    );
}

fn negotiations(name: &str, space: &OutcomeSpace, ufuns: &[LinearAdditive], prefs: &[std::sync::Arc<Prefs>]) {
    // What one negotiation costs from scratch, as NegMAS's first negotiation pays it: each
    // party's utility of every outcome, its outcomes sorted by utility, then SAO; one party
    // after the other, and the two parties at once (rayon::join, two threads).
    let build = |u: &LinearAdditive| Prefs::new(u.utilities(space).unwrap_or_default(), u.reserved);
    let run = |a: std::sync::Arc<Prefs>, b: std::sync::Arc<Prefs>| {
        let mut p: Vec<Box<dyn Strategy>> = vec![Box::new(TimeBased::linear(a)), Box::new(TimeBased::linear(b))];
        Sao { steps: 100 }.run(&mut p, false)
    };
    let (t_setup, _) = time(5, || run(build(&ufuns[0]), build(&ufuns[1])));
    let (t_par, _) = time(5, || {
        let (a, b) = rayon::join(|| build(&ufuns[0]), || build(&ufuns[1]));
        run(a, b)
    });
    println!(
        "{name}: one negotiation from scratch (utilities, sorted preferences, SAO): {}; the two parties' preferences built at once: {}",
        ms(t_setup),
        ms(t_par)
    );
    let one = || {
        let mut p: Vec<Box<dyn Strategy>> = vec![
            Box::new(TimeBased::linear(prefs[0].clone())),
            Box::new(TimeBased::linear(prefs[1].clone())),
        ];
        Sao { steps: 100 }.run(&mut p, false)
    };
    let (t1, r) = time(20, one);
    let (t100, _) = time(3, || (0..100).filter(|_| one().agreement.is_some()).count());
    println!(
        "{name}: one SAO negotiation (Linear × 2, 100 steps) {} (agreement at step {}); 100 negotiations {}",
        ms(t1),
        r.step,
        ms(t100)
    );
}

fn main() {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/genius");
    for (name, dir) in [
        ("ItexvsCypress", "anac/y2010/ItexvsCypress"),
        ("group2-politics", "anac/y2015/group2-politics"),
        ("Travel", "anac/y2010/Travel"),
    ] {
        let (space, ufuns) = domain(&data.join(dir));
        let prefs = analytics(name, &space, &ufuns);
        sort_ratio(name, &prefs[0].utilities);
        negotiations(name, &space, &ufuns, &prefs);
        if name == "group2-politics" {
            let arena = Arena {
                name: name.into(),
                prefs: prefs.clone(),
                pareto: Vec::new(),
                nash: None,
            };
            let agents = [Kind::Boulware, Kind::Linear, Kind::Conceder];
            let (t, games) = time(3, || {
                tournament::run(std::slice::from_ref(&arena), &agents, 1, 100, 0, &|| {})
            });
            println!(
                "{name}: 3-party tournament, 3 agents (27 negotiations), all threads: {}",
                ms(t)
            );
            let one = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .build()
                .unwrap_or_else(|e| panic!("{e}"));
            let (t1, _) = time(3, || {
                one.install(|| tournament::run(std::slice::from_ref(&arena), &agents, 1, 100, 0, &|| {}))
            });
            println!("{name}: the same on one thread: {} ({} games)", ms(t1), games.len());
        }
    }
    if let Some(ampo) = std::env::args().nth(1) {
        let (space, ufuns) = domain(Path::new(&ampo));
        let prefs = analytics("AMPOvsCity", &space, &ufuns);
        negotiations("AMPOvsCity", &space, &ufuns, &prefs);
    }
    // Synthetic: 6 issues × 10 values, two random profiles.
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(12345);
    let space = OutcomeSpace::new((0..6).map(|k| Issue::integer(format!("i{k}"), 0, 9)).collect())
        .unwrap_or_else(|e| panic!("{e}"));
    let ufuns: Vec<LinearAdditive> = (0..2)
        .map(|p| LinearAdditive {
            name: format!("p{p}"),
            weights: (0..6).map(|_| rng.random_range(0.0..1.0)).collect(),
            evaluations: (0..6)
                .map(|_| (0..10).map(|_| rng.random_range(0.0..1.0)).collect())
                .collect(),
            reserved: f64::NEG_INFINITY,
            discount: 1.0,
        })
        .collect();
    let prefs = analytics("synthetic 6×10", &space, &ufuns);
    sort_ratio("synthetic 6×10", &prefs[0].utilities);
    negotiations("synthetic 6×10", &space, &ufuns, &prefs);
    println!("peak memory (VmHWM): {:.0} MB", peak_rss_mb());
}
