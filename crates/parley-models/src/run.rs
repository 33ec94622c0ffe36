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

/// Run `models` on `s` and compute the zones (linear utilities), deals and outcome classes.
/// With two or more models an `ensemble` entry (their weighted mean, see [`crate::ensemble`]) follows.
pub fn run_forecast(s: &Scenario, models: &[Box<dyn Model>]) -> Result<ForecastRun, ModelError> {
    let u = UtilityFunction::new(s, UtilityShape::Linear);
    let ensemble = Ensemble::from_scenario(s)?;
    let players = deal_players(s);
    let z = zone(s, &u, &players, true)?;
    let stages = stage_zones(s, &u)?;
    let classifier = Classifier::new(s)?;
    let rooms = deals::rooms(s);
    let zones = rooms
        .iter()
        .map(|r| deals::package_zones(s, &u, &r.present))
        .collect::<Result<Vec<_>, _>>()?;
    // The last stage's room decides `room` and the deals outcome rules see (no stages: the whole zone).
    let room = stages.last().map_or(z.feasible, |st| st.zone.feasible);
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
        // A model without an answer points at the status quo, with no agreement.
        let agreement = point.is_some_and(|x| accepted_by_all(s, &u, &players, x));
        let mut all_deals = Vec::new();
        for (r, zs) in rooms.iter().zip(&zones) {
            all_deals.extend(deals::deals(s, &u, r, zs, point)?);
        }
        let last = &all_deals[all_deals.len() - s.packages().len()..];
        let signed = signed_outcome(s, last);
        let agreed: Vec<bool> = last.iter().map(|d| d.agreed).collect();
        let implemented: Vec<bool> = last.iter().map(|d| d.implemented).collect();
        let sq = s.status_quo();
        let outcome = classifier
            .classify(&RuleInput {
                point: point.unwrap_or(&sq),
                agreement,
                zone: z.feasible,
                room,
                agreed: &agreed,
                implemented: &implemented,
                terms: &signed,
            })
            .map_err(|e| ModelError::Unsupported {
                model: id.clone(),
                message: e,
            })?;
        runs.push(ModelRun {
            model: id,
            result,
            agreement,
            outcome,
            deals: all_deals,
            signed,
        });
    }
    Ok(ForecastRun {
        models: runs,
        zone: z,
        stages,
        rooms,
    })
}
