//! CSV writers: one flat table per command, with a header row.

use crate::report::ForecastReport;

/// `parley forecast --format csv`: one row per model and issue, then the zone rows.
/// Columns: `kind,model,issue,value,lo,hi,label,outcome,agreement,variant`.
pub fn forecast_csv(r: &ForecastReport) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "kind",
        "model",
        "issue",
        "value",
        "lo",
        "hi",
        "label",
        "outcome",
        "agreement",
        "variant",
    ])?;
    let variant = r.variant.as_deref().unwrap_or("");
    for f in &r.forecasts {
        let outcome = f.outcome.as_deref().unwrap_or("");
        let agreement = if f.agreement { "true" } else { "false" };
        if f.ok {
            for v in &f.issues {
                w.write_record([
                    "forecast",
                    &f.model,
                    &v.issue,
                    &v.value.to_string(),
                    "",
                    "",
                    v.anchor.as_deref().unwrap_or(""),
                    outcome,
                    agreement,
                    variant,
                ])?;
            }
        } else {
            w.write_record([
                "forecast",
                &f.model,
                "",
                "",
                "",
                "",
                f.error.as_deref().unwrap_or(""),
                outcome,
                agreement,
                variant,
            ])?;
        }
    }
    for iz in &r.zopa.issues {
        let (lo, hi) = iz
            .range
            .map_or((String::new(), String::new()), |[a, b]| (a.to_string(), b.to_string()));
        w.write_record([
            "zopa",
            "",
            &iz.issue,
            "",
            &lo,
            &hi,
            &iz.blocking.join(" "),
            "",
            "",
            variant,
        ])?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Write `rows` under `header` as CSV.
pub fn table_csv(header: &[&str], rows: &[Vec<String>]) -> Result<String, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row)?;
    }
    let bytes = w.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}
