//! The contract every model implements.

use parley_core::Scenario;
use serde::Serialize;

/// A parameter a model reads from `[model.ID]` or `--param`.
#[derive(Debug, Clone, Serialize)]
pub struct ParamInfo {
    /// Name.
    pub name: &'static str,
    /// Default, as written in a scenario file.
    pub default: &'static str,
    /// What it does.
    pub doc: &'static str,
}

/// What `parley models` shows about a model.
#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    /// Id used with `--model`.
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// One line.
    pub description: &'static str,
    /// Reference.
    pub citation: &'static str,
    /// Parameters with defaults.
    pub params: Vec<ParamInfo>,
}

/// Why a model stopped (iterative models) or how it ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Termination {
    /// A closed-form answer.
    Solved,
    /// Positions stopped moving.
    Converged { rounds: usize },
    /// The round limit was reached.
    MaxRounds { rounds: usize },
}

/// A model's forecast: one value per issue (scenario order).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    /// Model id.
    pub model: String,
    /// Forecast value per issue.
    pub values: Vec<f64>,
    /// A second summary per issue where the model has one (EUM: the weighted mean).
    pub means: Option<Vec<f64>>,
    /// How the model ended.
    pub termination: Termination,
}

/// Errors of models.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    /// No outcome satisfies every veto player (the model reports, never invents).
    #[error("no agreement: {0}")]
    NoAgreement(String),
    /// A parameter is missing, of the wrong type or out of range.
    #[error("model `{model}`, parameter `{param}`: {message}")]
    BadParam {
        /// Model id.
        model: String,
        /// Parameter.
        param: String,
        /// Problem.
        message: String,
    },
    /// The scenario lacks something this model needs.
    #[error("model `{model}` cannot run on this scenario: {message}")]
    Unsupported {
        /// Model id.
        model: String,
        /// Problem.
        message: String,
    },
    /// Unknown model id.
    #[error("unknown model `{0}`; `parley models` lists them")]
    Unknown(String),
    /// A numerical failure (a bug: please report).
    #[error("numerical failure in {0}")]
    Numerical(String),
}

/// A forecasting model. `&self` so one value serves many threads.
pub trait Model: Send + Sync {
    /// Id, description, citation and parameters.
    fn info(&self) -> ModelInfo;
    /// Forecast every issue of `s`.
    fn forecast(&self, s: &Scenario) -> Result<Forecast, ModelError>;
}
