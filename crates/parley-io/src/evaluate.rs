//! `parley evaluate`: JSON contract (version 1), table and CSV of forecast accuracy.
//!
//! ```text
//! {"version": 1, "file": "<path>", "capabilities": "file" | "equal", "seed": n,
//!  "resamples": n, "cases": n, "scenarios": n,
//!  "models": [{"model", "scored", "failed", "mae", "median_ae", "within10", "mae_ci95": [lo, hi],
//!              "vs_compromise": {"baseline", "pairs", "wins", "losses", "ties",
//!                                "mean_difference", "p"} | null}]}
//! ```

use parley_models::evaluate::{CvSummary, EvalConfig, Evaluation, ModelScore, TunedSummary};
use serde::Serialize;

use crate::report::OUTPUT_VERSION;
use crate::table::{fit_text, new_table, render};

/// The document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvaluateReport {
    /// Always 1.
    pub version: u32,
    /// The data file as given.
    pub file: String,
    /// `file` (the data's capability row) or `equal`.
    pub capabilities: String,
    /// Bootstrap seed and resamples.
    pub seed: u64,
    pub resamples: usize,
    /// Issues with a known outcome, and the scenarios they come in.
    pub cases: usize,
    pub scenarios: usize,
    /// Per model (the last one `blend-cv` when a blend was fitted).
    pub models: Vec<ModelScore>,
    /// The cross-validated blend: folds, seed, grid, members, weights, fold_weights.
    pub cv: Option<CvSummary>,
    /// Parameters tuned by cross-validation.
    pub tuned: Vec<TunedSummary>,
}

/// Build the document.
pub fn evaluate_report(file: &str, capabilities: &str, cfg: &EvalConfig, ev: &Evaluation) -> EvaluateReport {
    EvaluateReport {
        version: OUTPUT_VERSION,
        file: file.into(),
        capabilities: capabilities.into(),
        seed: cfg.seed,
        resamples: cfg.resamples,
        cases: ev.cases,
        scenarios: ev.scenarios,
        models: ev.models.clone(),
        cv: ev.cv.clone(),
        tuned: ev.tuned.clone(),
    }
}

fn p_value(p: f64) -> String {
    if p < 0.001 {
        "p < .001".into()
    } else {
        format!("p {:.3}", p).replace("0.", ".")
    }
}

fn one(x: f64) -> String {
    if x.is_finite() { format!("{x:.1}") } else { "—".into() }
}

/// The table: one row per model.
pub fn evaluate_table(r: &EvaluateReport) -> String {
    let mut out = fit_text(&format!(
        "Accuracy on {} issues with a known outcome ({}; capabilities: {})\n\
         Absolute errors in points of the issue's 0-100 scale. 95% CI: bootstrap ({} resamples, \
         seed {}). <=10: share within 10 points. vs compromise: issues won-lost, sign test.\n",
        r.cases, r.file, r.capabilities, r.resamples, r.seed
    ));
    let mut t = new_table(&["model", "issues", "MAE", "95% CI", "median", "<=10", "vs compromise"]);
    for m in &r.models {
        let issues = if m.failed > 0 {
            format!("{} of {}", m.scored, m.scored + m.failed)
        } else {
            m.scored.to_string()
        };
        let vs = m.vs_compromise.as_ref().map_or("—".to_string(), |v| {
            format!("{}-{} {}", v.wins, v.losses, p_value(v.p))
        });
        t.add_row(vec![
            m.model.clone(),
            issues,
            format!("{:.2}", m.mae),
            format!("{}–{}", one(m.mae_ci95[0]), one(m.mae_ci95[1])),
            one(m.median_ae),
            format!("{:.0}%", 100.0 * m.within10),
            vs,
        ]);
    }
    out.push_str(&render(&mut t));
    if let Some(cv) = &r.cv {
        let w = |ws: &[f64]| {
            cv.blend
                .members
                .iter()
                .zip(ws)
                .map(|(m, w)| format!("{m} {w:.2}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&fit_text(&format!(
            "blend-cv: the weighted mean of {} with weights chosen (a grid of 1/{}) for the smallest MAE, \
             scored out of fold: {} folds of whole proposals (seed {}), each forecast with weights fitted \
             without it. Weights on all the data: {}.\n",
            cv.blend.members.join(", "),
            cv.grid,
            cv.folds,
            cv.seed,
            w(&cv.blend.weights)
        )));
    }
    for t in &r.tuned {
        let list = |v: &[serde_json::Value]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(", ");
        out.push_str(&fit_text(&format!(
            "{}: {} with `{}` chosen among {} by the smallest MAE, out of fold (the same folds); \
             on all the data {}, per fold {}.\n",
            t.id,
            t.model,
            t.param,
            list(&t.values),
            t.chosen,
            list(&t.fold_choices)
        )));
    }
    out
}

/// The blend's weights fitted on all the data as an `[ensemble]` section of a scenario file.
pub fn weights_toml(cv: &CvSummary) -> String {
    let mut out = String::from(
        "# Fitted by `parley evaluate` (cross-validated blend; weights on all the data).\n[ensemble]\nweights = { ",
    );
    let parts: Vec<String> = cv
        .blend
        .members
        .iter()
        .zip(&cv.blend.weights)
        .map(|(m, w)| format!("{m} = {w}"))
        .collect();
    out.push_str(&parts.join(", "));
    out.push_str(" }\n");
    out
}

/// The CSV: one row per model.
pub fn evaluate_csv(r: &EvaluateReport) -> String {
    let mut w = String::from(
        "model,scored,failed,mae,mae_lo,mae_hi,median_ae,within10,pairs,wins,losses,ties,mean_difference,p\n",
    );
    for m in &r.models {
        let vs = m.vs_compromise.as_ref().map_or(",,,,,".to_string(), |v| {
            format!(
                "{},{},{},{},{},{}",
                v.pairs, v.wins, v.losses, v.ties, v.mean_difference, v.p
            )
        });
        w.push_str(&format!(
            "{},{},{},{},{},{},{},{},{}\n",
            m.model, m.scored, m.failed, m.mae, m.mae_ci95[0], m.mae_ci95[1], m.median_ae, m.within10, vs
        ));
    }
    w
}
