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
        let (agreement, outcome) = match &result {
            Ok(f) => {
                let ag = accepted_by_all(s, &u, &players, &f.values);
                let oc = classifier
                    .classify(&f.values, ag, z.feasible, room)
                    .map_err(|e| ModelError::Unsupported {
                        model: id.clone(),
                        message: e,
                    })?;
                (ag, oc)
            }
            Err(_) => {
                let sq: Vec<f64> = s.issues().iter().map(|i| i.status_quo).collect();
                let oc = classifier
                    .classify(&sq, false, z.feasible, room)
                    .map_err(|e| ModelError::Unsupported {
                        model: id.clone(),
                        message: e,
                    })?;
                (false, oc)
            }
        };
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
