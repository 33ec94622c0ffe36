//! Building small scenarios for tests.
#![allow(dead_code)]

use parley_core::Scenario;
use parley_core::raw::{RawActor, RawIssue, RawMeta, RawPosition, RawScenario};

/// An actor: (id, capability, veto).
pub struct A(pub &'static str, pub f64, pub bool);
/// An issue: (id, status quo) on 0..100.
pub struct I(pub &'static str, pub f64);
/// A position: (actor, issue, position, salience, red line).
pub struct P(pub &'static str, pub &'static str, pub f64, pub f64, pub Option<f64>);

pub fn raw(actors: &[A], issues: &[I], positions: &[P]) -> RawScenario {
    RawScenario {
        format: 1,
        scenario: RawMeta {
            id: "t".into(),
            title: "t".into(),
            date: None,
            description: None,
            zone: None,
            sources: vec![],
        },
        issues: issues
            .iter()
            .map(|i| RawIssue {
                id: i.0.into(),
                name: i.0.into(),
                min: 0.0,
                max: 100.0,
                status_quo: i.1,
                anchors: Default::default(),
                description: None,
                source: None,
                actual: None,
            })
            .collect(),
        actors: actors
            .iter()
            .map(|a| RawActor {
                id: a.0.into(),
                name: a.0.into(),
                capability: a.1,
                role: None,
                veto: Some(a.2),
                delegation: vec![],
                uncertainty: None,
                source: None,
                capability_source: None,
                note: None,
            })
            .collect(),
        positions: positions
            .iter()
            .map(|p| RawPosition {
                actor: p.0.into(),
                issue: p.1.into(),
                position: p.2,
                salience: p.3,
                red_line: p.4,
                accept: None,
                uncertainty: None,
                source: None,
                red_line_source: None,
                note: None,
            })
            .collect(),
        packages: vec![],
        ensemble: None,
        stages: vec![],
        outcomes: vec![],
        model: Default::default(),
        variants: vec![],
    }
}

pub fn scenario(actors: &[A], issues: &[I], positions: &[P]) -> Scenario {
    Scenario::from_raw(raw(actors, issues, positions)).expect("valid test scenario")
}
