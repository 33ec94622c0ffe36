//! One forecast run: models, the ensemble, deals per room, the agreement zone, and outcome classes.

use parley_core::{Scenario, UtilityFunction, UtilityShape};

use crate::classify::{Classifier, RuleInput};
use crate::deals::{self, Deal, Room, signed_outcome};
use crate::ensemble::{ENSEMBLE_ID, Ensemble};
use crate::model::{Forecast, Model, ModelError, Termination};
use crate::zopa::{StageZone, Zone, accepted_by_all, deal_players, stage_zones, zone};

/// One model's result on a scenario.
#[derive(Debug, Clone)]
pub struct ModelRun {
    /// Model id (`ensemble` for the combination).
    pub model: String,
    /// The forecast, or why there is none.
    pub result: Result<Forecast, ModelError>,
    /// Is the forecast accepted by every veto player?
    pub agreement: bool,
    /// Index of the outcome class it falls in.
    pub outcome: Option<usize>,
    /// Deals per stage's room (stage order) and package (package order).
    pub deals: Vec<Deal>,
    /// The outcome the deciding room signs: terms on its agreed packages, the status quo elsewhere.
    pub signed: Vec<f64>,
}

/// Everything `parley forecast` reports.
#[derive(Debug, Clone)]
pub struct ForecastRun {
    /// Per model, then the ensemble (when two or more models ran).
    pub models: Vec<ModelRun>,
    /// The agreement zone of the veto players.
    pub zone: Zone,
    /// The zone of each stage's room.
    pub stages: Vec<StageZone>,
    /// The rooms deals are made in (one per stage, or one without stages).
    pub rooms: Vec<Room>,
}

/// What a point is judged by, built once per scenario: the zones, the rooms' package
/// zones and the outcome rules. A model's forecast and a negotiated agreement are judged
/// alike ([`Judge::judge`]).
pub struct Judge<'s> {
    s: &'s Scenario,
    u: UtilityFunction,
    players: Vec<usize>,
    zone: Zone,
    stages: Vec<StageZone>,
    classifier: Classifier,
    rooms: Vec<Room>,
    zones: Vec<Vec<deals::PackageZone>>,
    /// A zone among the deciding (last) room's veto players (no stages: the whole zone).
    room: bool,
}

/// A point judged: [`ModelRun`] without the model.
#[derive(Debug, Clone)]
pub struct Judged {
    /// Is the point accepted by every veto player?
    pub agreement: bool,
    /// Index of the outcome class it falls in.
    pub outcome: Option<usize>,
    /// Deals per stage's room (stage order) and package (package order).
    pub deals: Vec<Deal>,
    /// The outcome the deciding room signs: terms on its agreed packages, the status quo elsewhere.
    pub signed: Vec<f64>,
}

impl<'s> Judge<'s> {
    /// Zones (linear utilities), package zones per room and the compiled outcome rules of `s`.
    pub fn new(s: &'s Scenario) -> Result<Self, ModelError> {
        let u = UtilityFunction::new(s, UtilityShape::Linear);
        let players = deal_players(s);
        let z = zone(s, &u, &players, true)?;
        let stages = stage_zones(s, &u)?;
        let classifier = Classifier::new(s)?;
        let rooms = deals::rooms(s);
        let zones = rooms
            .iter()
            .map(|r| deals::package_zones(s, &u, &r.present))
            .collect::<Result<Vec<_>, _>>()?;
        let room = stages.last().map_or(z.feasible, |st| st.zone.feasible);
        Ok(Self {
            s,
            u,
            players,
            zone: z,
            stages,
            classifier,
            rooms,
            zones,
            room,
        })
    }

    /// Judge `point` (None: no answer, which points at the status quo with no agreement);
    /// `who` names it in an outcome rule's error.
    pub fn judge(&self, who: &str, point: Option<&[f64]>) -> Result<Judged, ModelError> {
        let s = self.s;
        let agreement = point.is_some_and(|x| accepted_by_all(s, &self.u, &self.players, x));
        let mut all_deals = Vec::new();
        for (r, zs) in self.rooms.iter().zip(&self.zones) {
            all_deals.extend(deals::deals(s, &self.u, r, zs, point)?);
        }
        let last = &all_deals[all_deals.len() - s.packages().len()..];
        let signed = signed_outcome(s, last);
        let agreed: Vec<bool> = last.iter().map(|d| d.agreed).collect();
        let implemented: Vec<bool> = last.iter().map(|d| d.implemented).collect();
        let sq = s.status_quo();
        let outcome = self
            .classifier
            .classify(&RuleInput {
                point: point.unwrap_or(&sq),
                agreement,
                zone: self.zone.feasible,
                room: self.room,
                agreed: &agreed,
                implemented: &implemented,
                terms: &signed,
            })
            .map_err(|e| ModelError::Unsupported {
                model: who.to_string(),
                message: e,
            })?;
        Ok(Judged {
            agreement,
            outcome,
            deals: all_deals,
            signed,
        })
    }
}

/// Run `models` on `s` and compute the zones (linear utilities), deals and outcome classes.
/// With two or more models an `ensemble` entry (their weighted mean, see [`crate::ensemble`]) follows.
pub fn run_forecast(s: &Scenario, models: &[Box<dyn Model>]) -> Result<ForecastRun, ModelError> {
    let ensemble = Ensemble::from_scenario(s)?;
    let judge = Judge::new(s)?;
    let mut results: Vec<(String, Result<Forecast, ModelError>)> = models
        .iter()
        .map(|m| (m.info().id.to_string(), m.forecast(s)))
        .collect();
    if models.len() >= 2 {
        let point = ensemble.combine(
            results
                .iter()
                .map(|(id, r)| (id.as_str(), r.as_ref().ok().map(|f| f.values.as_slice()))),
        );
        let result = point
            .map(|values| Forecast {
                model: ENSEMBLE_ID.into(),
                values,
                means: None,
                termination: Termination::Solved,
            })
            .ok_or_else(|| ModelError::NoAgreement("no model with a positive ensemble weight gave an answer".into()));
        results.push((ENSEMBLE_ID.into(), result));
    }
    let mut runs = Vec::new();
    for (id, result) in results {
        let point = result.as_ref().ok().map(|f| f.values.as_slice());
        let j = judge.judge(&id, point)?;
        runs.push(ModelRun {
            model: id,
            result,
            agreement: j.agreement,
            outcome: j.outcome,
            deals: j.deals,
            signed: j.signed,
        });
    }
    let Judge {
        zone: z, stages, rooms, ..
    } = judge;
    Ok(ForecastRun {
        models: runs,
        zone: z,
        stages,
        rooms,
    })
}
