use parley_core::raw::RawScenario;
use parley_core::{Scenario, UtilityFunction, UtilityShape};
use parley_models::Model;
use parley_models::zopa::{ZoneProblem, deal_players};
fn main() {
    let raw: RawScenario = toml::from_str(include_str!("../../../scenarios/alaska-2025.toml")).unwrap();
    let s = Scenario::from_raw(parley_core::apply_variant(&raw, "russia-softens").unwrap()).unwrap();
    let u = UtilityFunction::new(&s, UtilityShape::Linear);
    let pl = deal_players(&s);
    let t = std::time::Instant::now();
    for _ in 0..1000 {
        let zp = ZoneProblem::new(&s, &u, &pl);
        std::hint::black_box(zp.max_min_gain().unwrap());
    }
    println!("LP max-min gain: {:?} per solve", t.elapsed() / 1000);
    let nash = parley_models::models::nash::Nash::default();
    let t = std::time::Instant::now();
    for _ in 0..1000 {
        std::hint::black_box(nash.forecast(&s).unwrap());
    }
    println!("nash: {:?} per forecast", t.elapsed() / 1000);
}
