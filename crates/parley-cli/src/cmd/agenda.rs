//! `parley agenda [FILE] [--tz ZONE]…`: stage times in the venue's zone, UTC and more.

use std::path::PathBuf;

use jiff::tz::TimeZone;
use parley_io::csvout::table_csv;
use parley_io::table::new_table;

use crate::common::{CmdResult, Failure, Format, emit, emit_json, load};

/// Arguments of `parley agenda`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file; default: the bundled Alaska scenario.
    pub file: Option<PathBuf>,
    /// Also show times in this IANA zone (repeatable), e.g. `--tz Asia/Kolkata`.
    #[arg(long = "tz", value_name = "ZONE")]
    pub zones: Vec<String>,
    /// Output format: table, json, or csv (one row per stage, a column per zone).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

fn show(t: &jiff::ZonedDateTime) -> String {
    t.strftime("%Y-%m-%d %H:%M %Z").to_string()
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let loaded = load(&a.file)?;
    let s = &loaded.scenario;
    let mut zones: Vec<(String, TimeZone)> = Vec::new();
    if let Some(v) = s.venue_zone() {
        zones.push((v.iana_name().unwrap_or("venue").to_owned(), v));
    }
    zones.push(("UTC".into(), TimeZone::UTC));
    for z in &a.zones {
        let tz = TimeZone::get(z).map_err(|e| Failure::Input(format!("--tz {z}: unknown time zone: {e}")))?;
        // A zone already shown is not repeated: the same name, or a zone that shows every
        // stage's start exactly as a shown one does (e.g. `Etc/UTC` beside `UTC`).
        let column = |tz: &TimeZone| -> Vec<Option<String>> {
            s.stages()
                .iter()
                .map(|st| st.start.as_ref().map(|t| show(&t.with_time_zone(tz.clone()))))
                .collect()
        };
        let timed = s.stages().iter().any(|st| st.start.is_some());
        let dup = zones
            .iter()
            .any(|(n, t)| n.eq_ignore_ascii_case(z) || (timed && column(t) == column(&tz)));
        if !dup {
            zones.push((z.clone(), tz));
        }
    }
    let mut rows = Vec::new();
    for st in s.stages() {
        let times: Vec<Option<jiff::ZonedDateTime>> = zones
            .iter()
            .map(|(_, tz)| st.start.as_ref().map(|t| t.with_time_zone(tz.clone())))
            .collect();
        let who: Vec<String> = st.participants.iter().map(|&p| s.actors()[p].id.to_string()).collect();
        rows.push((st, times, who));
    }
    if a.format == Format::Json {
        let stages: Vec<_> = rows
            .iter()
            .map(|(st, times, who)| {
                let t: serde_json::Map<String, serde_json::Value> = zones
                    .iter()
                    .zip(times)
                    .map(|((name, _), t)| (name.clone(), t.as_ref().map(|t| t.to_string()).into()))
                    .collect();
                serde_json::json!({"stage": st.id, "name": st.name, "minutes": st.minutes, "participants": who, "start": t})
            })
            .collect();
        return emit_json(
            &serde_json::json!({"version": 1, "scenario": s.id(), "zones": zones.iter().map(|z| &z.0).collect::<Vec<_>>(), "stages": stages}),
        );
    }
    if a.format == Format::Csv {
        let mut header = vec!["stage", "name", "minutes"];
        header.extend(zones.iter().map(|(n, _)| n.as_str()));
        header.push("participants");
        let body: Vec<Vec<String>> = rows
            .iter()
            .map(|(st, times, who)| {
                let mut row = vec![
                    st.id.clone(),
                    st.name.clone(),
                    st.minutes.map_or(String::new(), |m| m.to_string()),
                ];
                row.extend(
                    times
                        .iter()
                        .map(|t| t.as_ref().map_or(String::new(), |t| t.to_string())),
                );
                row.push(who.join(" "));
                row
            })
            .collect();
        return emit(&table_csv(&header, &body).map_err(|e| Failure::Internal(e.into()))?);
    }
    let mut header = vec!["stage".to_string()];
    header.extend(zones.iter().map(|(n, _)| n.clone()));
    header.push("in the room".into());
    let mut t = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
    for (st, times, who) in rows {
        let mut row = vec![format!("{}\n{}", st.id, st.name)];
        row.extend(times.iter().map(|t| t.as_ref().map_or("—".into(), show)));
        row.push(who.join(", "));
        t.add_row(row);
    }
    emit(&parley_io::table::fit_text(&format!(
        "{} — agenda\n{}",
        s.title(),
        parley_io::table::render(&mut t)
    )))
}
