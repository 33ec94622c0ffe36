//! One forecast run: models, the agreement zone, and outcome classes together.

use parley_core::{Scenario, UtilityFunction, UtilityShape};

use crate::classify::Classifier;
use crate::model::{Forecast, Model, ModelError};
use crate::zopa::{StageZone, Zone, accepted_by_all, deal_players, stage_zones, zone};

/// One model's result on a scenario.
#[derive(Debug, Clone)]
pub struct ModelRun {
    /// Model id.
    pub model: String,
    /// The forecast, or why there is none.
    pub result: Result<Forecast, ModelError>,
    /// Is the forecast accepted by every veto player?
    pub agreement: bool,
    /// Index of the outcome class it falls in.
    pub outcome: Option<usize>,
}

/// Everything `parley forecast` reports.
#[derive(Debug, Clone)]
pub struct ForecastRun {
    /// Per model.
    pub models: Vec<ModelRun>,
    /// The agreement zone of the veto players.
    pub zone: Zone,
    /// The zone of each stage's room.
    pub stages: Vec<StageZone>,
}

/// Run `models` on `s` and compute the zones (linear utilities) and outcome classes.
pub fn run_forecast(s: &Scenario, models: &[Box<dyn Model>]) -> Result<ForecastRun, ModelError> {
    let u = UtilityFunction::new(s, UtilityShape::Linear);
    let players = deal_players(s);
    let z = zone(s, &u, &players, true)?;
    let stages = stage_zones(s, &u)?;
    let classifier = Classifier::new(s)?;
    // The last stage's room decides `room` in outcome rules (no stages: the whole zone).
    let room = stages.last().map_or(z.feasible, |st| st.zone.feasible);
    let mut runs = Vec::new();
    for m in models {
        let id = m.info().id.to_string();
        let result = m.forecast(s);
        // A model without an answer is classified at the status quo, with no agreement.
        let (x, agreement) = match &result {
            Ok(f) => (f.values.clone(), accepted_by_all(s, &u, &players, &f.values)),
            Err(_) => (s.status_quo(), false),
        };
        let outcome = classifier
            .classify(&x, agreement, z.feasible, room)
            .map_err(|e| ModelError::Unsupported {
                model: id.clone(),
                message: e,
            })?;
        runs.push(ModelRun {
            model: id,
            result,
            agreement,
            outcome,
        });
    }
    Ok(ForecastRun {
        models: runs,
        zone: z,
        stages,
    })
}
