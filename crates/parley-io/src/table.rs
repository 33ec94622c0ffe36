//! Human-readable tables, rendered from the same report structs as the JSON.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table};

use crate::report::{ForecastReport, ZoneOut};

/// A fresh table in the house style.
pub fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(120)
        .set_header(header.iter().map(Cell::new));
    t
}

/// Format a number compactly: up to 1 decimal, trailing zeros removed.
pub fn num(x: f64) -> String {
    let s = format!("{x:.1}");
    let s = s.strip_suffix(".0").map_or(s.clone(), str::to_owned);
    if s == "-0" { "0".into() } else { s }
}

/// Up to 2 decimals, trailing zeros removed.
pub fn num2(x: f64) -> String {
    let s = format!("{x:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A zoned start time for people: `2025-08-15 11:30 AKDT`.
pub fn when(rfc9557: &str) -> String {
    rfc9557
        .parse::<jiff::ZonedDateTime>()
        .map(|z| z.strftime("%Y-%m-%d %H:%M %Z").to_string())
        .unwrap_or_else(|_| rfc9557.to_owned())
}

fn right(s: String) -> Cell {
    Cell::new(s).set_alignment(CellAlignment::Right)
}

fn list(v: &[String]) -> String {
    if v.is_empty() { "—".into() } else { v.join(", ") }
}

/// One-line verdict on a zone.
pub fn zone_verdict(z: &ZoneOut) -> String {
    if z.feasible {
        format!(
            "an agreement zone exists: some deal is acceptable to every one of {}",
            list(&z.players)
        )
    } else if z.blocking.is_empty() {
        format!("no agreement zone among {}", list(&z.players))
    } else {
        format!(
            "NO agreement zone among {}; blocked by {}",
            list(&z.players),
            list(&z.blocking)
        )
    }
}

/// One line saying whether the models land in the same outcome class.
pub fn agreement_line(r: &ForecastReport) -> String {
    let mut classes: Vec<(String, Vec<String>)> = Vec::new();
    for f in r.forecasts.iter().filter(|f| f.model != "ensemble") {
        let c = f.outcome.clone().unwrap_or_else(|| "(none matched)".into());
        match classes.iter_mut().find(|(x, _)| *x == c) {
            Some((_, ms)) => ms.push(f.model.clone()),
            None => classes.push((c, vec![f.model.clone()])),
        }
    }
    match classes.len() {
        0 => String::new(),
        1 => format!("The models agree: {}.", classes[0].0),
        _ => format!(
            "The models DISAGREE: {}.",
            classes
                .iter()
                .map(|(c, ms)| format!("{c} ({})", ms.join(", ")))
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// Render a forecast report.
pub fn forecast_table(r: &ForecastReport) -> String {
    let mut out = String::new();
    out.push_str(&format!("{} ({})\n\n", r.title, r.scenario));

    let mut actors = new_table(&["actor", "name", "role", "capability", "veto", "in the room"]);
    for a in &r.actors {
        actors.add_row(vec![
            Cell::new(&a.actor),
            Cell::new(&a.name),
            Cell::new(&a.role),
            right(num2(a.capability)),
            Cell::new(if a.veto { "yes" } else { "no" }),
            Cell::new(if a.stages.is_empty() {
                "absent".into()
            } else {
                a.stages.join(", ")
            }),
        ]);
    }
    out.push_str(&format!("Actors\n{actors}\n\n"));

    if !r.stages.is_empty() {
        let mut st = new_table(&[
            "stage",
            "start",
            "in the room",
            "zone in the room",
            "absent veto players",
        ]);
        for s in &r.stages {
            st.add_row(vec![
                Cell::new(format!("{}\n{}", s.stage, s.name)),
                Cell::new(s.start.as_deref().map_or("—".into(), when)),
                Cell::new(list(&s.participants)),
                Cell::new(if s.zone.feasible {
                    "exists".to_string()
                } else {
                    format!("none (blocked by {})", list(&s.zone.blocking))
                }),
                Cell::new(list(&s.absent_veto)),
            ]);
        }
        out.push_str(&format!("Stages\n{st}\n\n"));
    }

    let mut header: Vec<String> = vec!["issue".into(), "status quo".into()];
    header.extend(r.actors.iter().map(|a| a.actor.clone()));
    let mut pos = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
    for issue in &r.issues {
        let mut row = vec![Cell::new(&issue.issue), right(num(issue.status_quo))];
        for p in &issue.positions {
            row.push(right(if p.source == "default" {
                "·".into()
            } else {
                format!("{} ({})", num(p.position), num(p.salience))
            }));
        }
        pos.add_row(row);
    }
    out.push_str(&format!("Positions (salience); · = no stated position\n{pos}\n\n"));

    let mut header: Vec<String> = vec!["issue".into()];
    header.extend(r.forecasts.iter().map(|f| f.model.clone()));
    let mut fc = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
    for (k, issue) in r.issues.iter().enumerate() {
        let mut row = vec![Cell::new(&issue.issue)];
        for f in &r.forecasts {
            row.push(Cell::new(match f.issues.get(k) {
                Some(v) => {
                    let mean = v.mean.map_or(String::new(), |m| format!(" (mean {})", num(m)));
                    format!("{}{mean} ≈ {}", num(v.value), v.anchor.as_deref().unwrap_or(""))
                }
                None => "— (no agreement)".into(),
            }));
        }
        fc.add_row(row);
    }
    out.push_str(&format!("Forecasts (value ≈ nearest anchor)\n{fc}\n\n"));

    // Deals in the deciding room (the last stage's, or every veto player's without stages).
    let deciding = r.stages.last().map(|s| s.stage.clone());
    let mut header: Vec<String> = vec!["package".into(), "agreed in the room".into()];
    header.extend(r.forecasts.iter().map(|f| format!("{} terms", f.model)));
    let mut dt = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
    for p in &r.packages {
        let deal_of = |f: &crate::report::ForecastOut| {
            f.deals
                .iter()
                .filter(|d| d.stage == deciding && d.package == p.package)
                .find(|_| true)
                .cloned()
        };
        let first = r.forecasts.first().and_then(deal_of);
        let label = if p.issues.len() == 1 && p.issues[0] == p.package {
            p.package.clone()
        } else {
            format!("{} ({})", p.package, p.issues.join(", "))
        };
        let agreed = match &first {
            Some(d) if d.agreed => "yes".to_string(),
            Some(d) if d.blocking.is_empty() => "no change possible".into(),
            Some(d) => format!("no: {}", d.blocking.join(", ")),
            None => "—".into(),
        };
        let mut row = vec![Cell::new(label), Cell::new(agreed)];
        for f in &r.forecasts {
            row.push(Cell::new(match deal_of(f) {
                Some(d) if d.agreed => {
                    let t: Vec<String> = d
                        .terms
                        .iter()
                        .map(|t| {
                            if d.terms.len() == 1 {
                                num(t.value)
                            } else {
                                format!("{} {}", t.issue, num(t.value))
                            }
                        })
                        .collect();
                    if d.implemented {
                        t.join(", ")
                    } else {
                        format!("{} ✗ {}", t.join(", "), d.blocking.join(", "))
                    }
                }
                _ => "—".into(),
            }));
        }
        dt.add_row(row);
    }
    let room_note = match r.stages.last() {
        Some(st) => format!(
            "Deals in the room of `{}` ({}); terms = each model's point moved into what the room can sign; ✗ = rejected by an absent veto player",
            st.stage,
            list(&st.zone.players)
        ),
        None => "Deals among all veto players; terms = each model's point moved into what they can sign".into(),
    };
    out.push_str(&format!("{room_note}\n{dt}\n\n"));

    let mut summary = new_table(&["model", "accepted by all veto players", "outcome class", "note"]);
    for f in &r.forecasts {
        summary.add_row(vec![
            Cell::new(&f.model),
            Cell::new(if f.ok {
                if f.agreement { "yes" } else { "no" }
            } else {
                "—"
            }),
            Cell::new(f.outcome.clone().unwrap_or_else(|| "(none matched)".into())),
            Cell::new(f.error.clone().unwrap_or_default()),
        ]);
    }
    out.push_str(&format!("Outcome per model (classified on the terms)\n{summary}\n"));
    out.push_str(&format!("{}\n\n", agreement_line(r)));

    let z = &r.zopa;
    let mut zt = new_table(&["issue", "red lines overlap", "zone", "blocking on this issue"]);
    for iz in &z.issues {
        let range = |r: &Option<[f64; 2]>| r.map_or("empty".to_string(), |[a, b]| format!("{} – {}", num(a), num(b)));
        zt.add_row(vec![
            Cell::new(&iz.issue),
            Cell::new(range(&iz.red_line_range)),
            Cell::new(if z.feasible { range(&iz.range) } else { "—".into() }),
            Cell::new(list(&iz.blocking)),
        ]);
    }
    out.push_str(&format!("Agreement zone: {}\n{zt}\n", zone_verdict(z)));
    let mut rooms: Vec<&crate::report::StageOut> = Vec::new();
    for s in &r.stages {
        if !rooms.iter().any(|o| o.zone.players == s.zone.players) {
            rooms.push(s);
        }
    }
    for s in rooms {
        let who = list(&s.zone.players);
        if s.zone.feasible {
            let ranges: Vec<String> = s
                .zone
                .issues
                .iter()
                .filter_map(|iz| iz.range.map(|[a, b]| format!("{} {}–{}", iz.issue, num(a), num(b))))
                .collect();
            out.push_str(&format!(
                "\nIn the room of `{}` ({who}) a deal exists within: {}.",
                s.stage,
                ranges.join("; ")
            ));
        } else {
            out.push_str(&format!(
                "\nIn the room of `{}` ({who}) no deal is acceptable to all (blocked by {}).",
                s.stage,
                list(&s.zone.blocking)
            ));
        }
        if !s.absent_veto.is_empty() {
            out.push_str(&format!(
                "\nTo be implemented it still needs {}, who are not in the room.",
                list(&s.absent_veto)
            ));
        }
        out.push('\n');
    }
    out
}
