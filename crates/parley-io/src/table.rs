//! Human-readable tables, rendered from the same report structs as the JSON.
//!
//! # Output settings
//!
//! The width tables and prose are fitted to, and whether verdict lines are coloured,
//! are a **process-wide output setting** ([`Output`]): the binary calls [`set_output`]
//! once at start-up, before anything is rendered, and every renderer reads it. A library
//! user who never calls it gets tables of [`DEFAULT_WIDTH`] columns, prose lines left
//! whole, and no colour.
//!
//! # Layout
//!
//! [`render`] lays a table out within the width: columns of numbers keep their content
//! on one line, text columns wrap between words. When the columns cannot fit (or a text
//! column would get too narrow to read), a grid of numbers between labels (rounds ×
//! actors) is turned on its side if that fits; anything else is printed as records: the
//! first column as a heading line, then one indented `header: value` line per column.
//! [`fit_text`] wraps the prose lines around the tables at word boundaries.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use comfy_table::presets::{ASCII_FULL_CONDENSED, UTF8_FULL_CONDENSED};
use comfy_table::{Cell, CellAlignment, ColumnConstraint, ContentArrangement, Table, Width};

use parley_core::Scenario;

use crate::report::{ForecastReport, ZoneOut};

/// Width used when [`set_output`] was never called.
pub const DEFAULT_WIDTH: usize = 100;
/// Narrowest width honoured; narrower requests are raised to it.
pub const MIN_WIDTH: usize = 20;
/// A wrapped text column gets at least this many characters (or its content's width, if less).
const TEXT_MIN: usize = 14;

static WIDTH: AtomicUsize = AtomicUsize::new(DEFAULT_WIDTH);
static WRAP: AtomicBool = AtomicBool::new(false);
static COLOR: AtomicBool = AtomicBool::new(false);
static ASCII: AtomicBool = AtomicBool::new(false);

/// The process-wide output settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    /// Width in characters that tables are laid out in (at least [`MIN_WIDTH`]).
    pub width: usize,
    /// Also wrap prose lines at `width`. Off when the width is only a default (output
    /// to a pipe without `$COLUMNS`): lines then stay whole for tools like grep.
    pub wrap_text: bool,
    /// Colour verdict lines with ANSI escapes.
    pub color: bool,
    /// Draw tables with ASCII (`+-|`) instead of box-drawing characters: each border character
    /// is then one byte, so a line of `width` characters is `width` bytes for any tool or
    /// locale that counts bytes.
    pub ascii: bool,
}

/// Set the process-wide output settings (see the module documentation).
pub fn set_output(o: Output) {
    WIDTH.store(o.width.max(MIN_WIDTH), Ordering::Relaxed);
    WRAP.store(o.wrap_text, Ordering::Relaxed);
    COLOR.store(o.color, Ordering::Relaxed);
    ASCII.store(o.ascii, Ordering::Relaxed);
}

/// The output width in characters (see [`set_output`]).
pub fn width() -> usize {
    WIDTH.load(Ordering::Relaxed)
}

/// Whether output is coloured (see [`set_output`]).
pub fn color() -> bool {
    COLOR.load(Ordering::Relaxed)
}

/// The terminal's width when stdout is a terminal, else `None`.
pub fn terminal_width() -> Option<usize> {
    let t = Table::new();
    if t.is_tty() {
        t.width().map(usize::from).filter(|&w| w > 0)
    } else {
        None
    }
}

/// The colour of a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Good news (green): a zone exists.
    Good,
    /// Bad news (red): no zone.
    Bad,
    /// Attention (yellow): the models disagree.
    Warn,
}

/// `text` in the tone's colour when colour is on (see [`set_output`]), else unchanged.
pub fn paint(text: &str, tone: Tone) -> String {
    if !color() || text.is_empty() {
        return text.to_owned();
    }
    let code = match tone {
        Tone::Good => "32",
        Tone::Bad => "31",
        Tone::Warn => "33",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// Width of `s` in characters, ANSI escape sequences not counted.
pub fn text_width(s: &str) -> usize {
    let mut n = 0;
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            // CSI: ESC [ parameters… final byte in @..~
            for d in chars.by_ref() {
                if ('@'..='~').contains(&d) && d != '[' {
                    break;
                }
            }
        } else {
            n += 1;
        }
    }
    n
}

/// Wrap `text` at spaces into lines of at most `width` characters: the first line starts
/// with `first`, the others with `indent` spaces. A word longer than a line is cut.
pub fn wrap(text: &str, width: usize, first: &str, indent: usize) -> Vec<String> {
    let hang = " ".repeat(indent.min(width / 2));
    let mut lines = Vec::new();
    let mut line = first.to_owned();
    let mut fresh = true;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !fresh && text_width(&line) + 1 + text_width(word) > width {
            lines.push(std::mem::replace(&mut line, hang.clone()));
            fresh = true;
        }
        if !fresh {
            line.push(' ');
        }
        let mut rest = word.to_owned();
        // Cut a word that does not fit on a line of its own (never inside an escape).
        while !rest.contains('\x1b') {
            let room = width.saturating_sub(text_width(&line)).max(1);
            if text_width(&rest) <= room {
                break;
            }
            let head: String = rest.chars().take(room).collect();
            rest = rest.chars().skip(room).collect();
            line.push_str(&head);
            lines.push(std::mem::replace(&mut line, hang.clone()));
        }
        line.push_str(&rest);
        fresh = false;
    }
    lines.push(line);
    lines
}

fn is_table_line(l: &str) -> bool {
    l.starts_with(['┌', '│', '╞', '├', '└', '+', '|'])
}

/// Fit prose to the output width: every line wider than [`width`] that is not part of a
/// table is wrapped at spaces, its continuation lines indented two more than the line
/// (unless [`Output::wrap_text`] is off).
pub fn fit_text(text: &str) -> String {
    let text = if ASCII.load(Ordering::Relaxed) {
        ascii_prose(text)
    } else {
        text.to_owned()
    };
    if WRAP.load(Ordering::Relaxed) {
        fit_text_to(&text, width())
    } else {
        text
    }
}

/// [`fit_text`] at an explicit width.
pub fn fit_text_to(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if text_width(line) <= width || is_table_line(line) {
            out.push_str(line);
            continue;
        }
        let body = line.trim_start_matches(' ');
        let lead = line.len() - body.len();
        out.push_str(&wrap(body, width, &line[..lead], lead + 2).join("\n"));
    }
    out
}

/// A fresh table in the house style, as wide as the output width at most.
/// Print it with [`render`] to keep numbers on one line and fall back to records
/// when it cannot fit; printed with `{}` it wraps wherever comfy-table decides.
pub fn new_table(header: &[&str]) -> Table {
    let mut t = Table::new();
    let style = if ASCII.load(Ordering::Relaxed) {
        ASCII_FULL_CONDENSED
    } else {
        UTF8_FULL_CONDENSED
    };
    t.load_style(style)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(u16::try_from(width()).unwrap_or(u16::MAX))
        .set_header(header.iter().map(Cell::new));
    t
}

/// Does a cell hold only numbers and their punctuation, or a time such as
/// `2025-08-15 11:30 AKDT` (never wrapped)?
fn is_numeric(s: &str) -> bool {
    let s = s.replace(" pp", "");
    let s = match s.trim_end().rsplit_once(' ') {
        Some((time, zone)) if (1..=5).contains(&zone.len()) && zone.chars().all(|c| c.is_ascii_uppercase()) => {
            time.to_owned()
        }
        _ => s,
    };
    s.trim().is_empty()
        || s.chars().all(|c| c.is_ascii_digit() || " .,:-+%±–—·()→✗█".contains(c))
            && s.chars().any(|c| c.is_ascii_digit() || "—·█".contains(c))
}

fn words_width(s: &str) -> usize {
    s.split_whitespace().map(text_width).max().unwrap_or(0)
}

fn lines_width(s: &str) -> usize {
    s.lines().map(text_width).max().unwrap_or(0)
}

/// Lay `t` out within the output width (see the module documentation); ends with a newline.
pub fn render(t: &mut Table) -> String {
    render_to(t, width(), TEXT_MIN)
}

/// [`render`] at an explicit width, with text columns at least `text_min` wide
/// (or their content's width, if less); below that the table becomes records.
pub fn render_to(t: &mut Table, width: usize, text_min: usize) -> String {
    let text = render_any(t, width, text_min);
    if ASCII.load(Ordering::Relaxed) {
        ascii_marks(&text)
    } else {
        text
    }
}

/// In ASCII output, the marks parley draws in tables become ASCII of the same width (one
/// column each), so a line of `width` columns stays `width` bytes: `·` `.`, `—` `–` `-`,
/// `✗` `×` `x`, `█` `#`, `→` `>`, `±` `≈` `~`, `≤` `<`, `≥` `>`, `…` `.`.
fn ascii_marks(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '·' | '…' => '.',
            '—' | '–' => '-',
            '✗' | '×' => 'x',
            '█' => '#',
            '→' | '≥' => '>',
            '≤' => '<',
            '±' | '≈' => '~',
            other => other,
        })
        .collect()
}

/// [`ascii_marks`] for prose, which wraps and so need not keep each mark one column wide:
/// arrows and comparisons become `->`, `<=`, `>=` (a lone `>` in "(4 > 7)" would read as an
/// inequality). Table lines keep the one-column stand-ins.
fn ascii_prose(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        if is_table_line(line) {
            out.push_str(&ascii_marks(line));
        } else {
            let wide = line.replace('→', "->").replace('≤', "<=").replace('≥', ">=");
            out.push_str(&ascii_marks(&wide));
        }
    }
    out
}

fn render_any(t: &mut Table, width: usize, text_min: usize) -> String {
    let header: Vec<String> = t
        .header()
        .map(|h| h.cell_iter().map(Cell::content).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = t
        .row_iter()
        .map(|r| r.cell_iter().map(Cell::content).collect())
        .collect();
    if let Some(text) = lay_out(t, &header, &rows, width, text_min) {
        return text;
    }
    // A grid of numbers between labels (rounds × actors) may fit turned on its side.
    let grid = header.len() > 1 && !rows.is_empty() && rows.iter().all(|r| r.iter().skip(1).all(|c| is_numeric(c)));
    if grid {
        let mut side: Vec<&str> = vec![header[0].as_str()];
        side.extend(rows.iter().map(|r| r.first().map_or("", String::as_str)));
        let mut turned = new_table(&side);
        for (j, h) in header.iter().enumerate().skip(1) {
            let mut row = vec![h.clone()];
            row.extend(rows.iter().map(|r| r.get(j).cloned().unwrap_or_default()));
            turned.add_row(row);
        }
        let turned_header = side.iter().map(|h| h.to_string()).collect::<Vec<_>>();
        let turned_rows: Vec<Vec<String>> = turned
            .row_iter()
            .map(|r| r.cell_iter().map(Cell::content).collect())
            .collect();
        if let Some(text) = lay_out(&mut turned, &turned_header, &turned_rows, width, text_min) {
            return text;
        }
    }
    records(&header, &rows, width)
}

/// `t` laid out as a table within `width`, if it fits (see [`render_to`]).
fn lay_out(t: &mut Table, header: &[String], rows: &[Vec<String>], width: usize, text_min: usize) -> Option<String> {
    let n = t.column_count();
    // Per column: the narrowest width that keeps numbers and words whole, and the widest useful.
    let mut need = Vec::with_capacity(n);
    let mut body = Vec::with_capacity(n);
    let mut most = Vec::with_capacity(n);
    for i in 0..n {
        let cells: Vec<&str> = rows.iter().filter_map(|r| r.get(i)).map(String::as_str).collect();
        let head = header.get(i).map_or("", String::as_str);
        let words = cells
            .iter()
            .map(|c| words_width(c))
            .max()
            .unwrap_or(0)
            .max(words_width(head));
        let content = cells.iter().map(|c| lines_width(c)).max().unwrap_or(0);
        need.push(if cells.iter().all(|c| is_numeric(c)) {
            content.max(words_width(head))
        } else {
            content.min(text_min).max(words)
        });
        body.push(content.max(words_width(head)));
        most.push(content.max(lines_width(head)));
    }
    let frame = 3 * n + 1;
    if need.iter().sum::<usize>() + frame <= width {
        // Share the room left over: first unwrap the columns whose cells need least to
        // fit on one line each, then likewise their headers, then split what remains evenly.
        let mut widths = need.clone();
        let mut spare = width - frame - need.iter().sum::<usize>();
        for target in [&body, &most] {
            let mut order: Vec<usize> = (0..n).filter(|&i| widths[i] < target[i]).collect();
            order.sort_by_key(|&i| target[i] - widths[i]);
            for i in order {
                if target[i] - widths[i] <= spare {
                    spare -= target[i] - widths[i];
                    widths[i] = target[i];
                }
            }
        }
        loop {
            let growing: Vec<usize> = (0..n).filter(|&i| widths[i] < most[i]).collect();
            if spare == 0 || growing.is_empty() {
                break;
            }
            let share = (spare / growing.len()).max(1);
            for i in growing {
                let add = share.min(most[i] - widths[i]).min(spare);
                widths[i] += add;
                spare -= add;
            }
        }
        t.set_width(u16::try_from(width).unwrap_or(u16::MAX));
        for (i, &w) in widths.iter().enumerate() {
            if let Some(c) = t.column_mut(i) {
                // comfy-table counts the padding (one space each side) in a fixed width.
                c.set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                    u16::try_from(w + 2).unwrap_or(u16::MAX),
                )));
            }
        }
        let text = t.to_string();
        if text.lines().all(|l| text_width(l) <= width) {
            return Some(text + "\n");
        }
    }
    None
}

/// A table as records: the first column as a heading line, then `  header: value` per
/// other non-empty column, values aligned; multi-line values on their own lines.
fn records(header: &[String], rows: &[Vec<String>], width: usize) -> String {
    let label_w = header
        .iter()
        .skip(1)
        .map(|h| text_width(h))
        .max()
        .unwrap_or(0)
        .min(width / 3);
    let mut out: Vec<String> = Vec::new();
    // A first column of numbers (a rank) is not a heading on its own: join the second to it.
    let joined = usize::from(header.len() > 1 && rows.iter().all(|r| r.first().is_some_and(|c| is_numeric(c))));
    for row in rows {
        let mut heading = row.first().cloned().unwrap_or_default();
        if joined == 1 {
            let prefix = header.first().filter(|h| h.as_str() == "#").map_or("", String::as_str);
            heading = format!("{prefix}{heading} {}", row.get(1).map_or("", String::as_str));
        }
        for line in heading.lines() {
            out.extend(wrap(line, width, "", 2));
        }
        for (i, cell) in row.iter().enumerate().skip(1 + joined) {
            let cell = cell.trim();
            if cell.is_empty() {
                continue;
            }
            let h = header.get(i).map_or("", String::as_str);
            let label = if h.is_empty() { String::new() } else { format!("{h}: ") };
            let pad = label_w + 2;
            let lines: Vec<&str> = cell.lines().collect();
            if lines.len() == 1 {
                let first = format!("  {label:<pad$}");
                let hang = if pad + 2 + 20 <= width { pad + 2 } else { 4 };
                out.extend(wrap(cell, width, &first, hang));
            } else {
                out.push(format!("  {}", label.trim_end()));
                for line in lines {
                    out.extend(wrap(line, width, "    ", 6));
                }
            }
        }
    }
    let mut s = out.join("\n");
    s.push('\n');
    s
}

/// Where `x` lies among an issue's anchors (`(value, label)`, sorted by value):
/// `= "label"` on an anchor, `between "a" 0 and "b" 25` between two, `beyond "z" 100`
/// past the outermost; `None` without anchors. Values are compared as displayed.
pub fn place(x: f64, anchors: &[(f64, String)]) -> Option<String> {
    let shown = num(x);
    if let Some((_, l)) = anchors.iter().find(|(v, _)| num(*v) == shown) {
        return Some(format!("= \"{l}\""));
    }
    let below = anchors.iter().rev().find(|(v, _)| *v < x);
    let above = anchors.iter().find(|(v, _)| *v > x);
    match (below, above) {
        (Some((a, la)), Some((b, lb))) => Some(format!("between \"{la}\" {} and \"{lb}\" {}", num(*a), num(*b))),
        (Some((v, l)), None) | (None, Some((v, l))) => Some(format!("beyond \"{l}\" {}", num(*v))),
        (None, None) => None,
    }
}

/// `x` with where it lies among the anchors: `20 (between "no tariff" 0 and "current tariff" 25)`.
pub fn placed(x: f64, anchors: &[(f64, String)]) -> String {
    match place(x, anchors) {
        Some(p) => format!("{} ({p})", num(x)),
        None => num(x),
    }
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

/// Render a forecast report of `s` (whose issues' anchors place the forecast values).
pub fn forecast_table(r: &ForecastReport, s: &Scenario) -> String {
    let mut out = String::new();
    out.push_str(&format!("{} ({})\n\n", r.title, r.scenario));

    // Without stages there is one table everybody sits at.
    let staged = !r.stages.is_empty();
    let mut actors = new_table(&["actor", "name", "role", "capability", "veto", "in the room"]);
    for a in &r.actors {
        actors.add_row(vec![
            Cell::new(&a.actor),
            Cell::new(&a.name),
            Cell::new(&a.role),
            right(num2(a.capability)),
            Cell::new(if a.veto { "yes" } else { "no" }),
            Cell::new(if !staged {
                "yes (no stages)".into()
            } else if a.stages.is_empty() {
                "absent".into()
            } else {
                a.stages.join(", ")
            }),
        ]);
    }
    out.push_str(&format!("Actors\n{}\n", render(&mut actors)));

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
        out.push_str(&format!("Stages\n{}\n", render(&mut st)));
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
    out.push_str(&format!(
        "Positions (salience); · = no stated position\n{}\n",
        render(&mut pos)
    ));

    let mut header: Vec<String> = vec!["issue".into()];
    header.extend(r.forecasts.iter().map(|f| f.model.clone()));
    let mut fc = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
    for (k, issue) in r.issues.iter().enumerate() {
        let anchors: &[(f64, String)] = s
            .issue_index(&issue.issue)
            .map_or(&[], |i| s.issues()[i].anchors.as_slice());
        let mut row = vec![Cell::new(&issue.issue)];
        for f in &r.forecasts {
            row.push(Cell::new(match f.issues.get(k) {
                Some(v) => {
                    let mean = v.mean.map_or(String::new(), |m| format!(", mean {}", num(m)));
                    match place(v.value, anchors) {
                        Some(p) => format!("{}{mean} ({p})", num(v.value)),
                        None => format!("{}{mean}", num(v.value)),
                    }
                }
                None => "— (no agreement)".into(),
            }));
        }
        fc.add_row(row);
    }
    out.push_str(&format!(
        "Forecasts: each model's value and where it lies among the issue's anchors\n{}\n",
        render_to(&mut fc, width(), 28)
    ));

    // Deals in the deciding room (the last stage's, or every veto player's without stages).
    let deciding = r.stages.last().map(|s| s.stage.clone());
    let mut header: Vec<String> = vec!["package".into(), "agreed in the room".into()];
    header.extend(r.forecasts.iter().map(|f| f.model.clone()));
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
                    if t.is_empty() {
                        "—".into()
                    } else if d.implemented {
                        t.join(", ")
                    } else if d.blocking.is_empty() {
                        // Terms at the status quo: nothing changes, nobody has to reject it.
                        format!("{} (no change)", t.join(", "))
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
            "Deals in the room of `{}` ({}): each model's terms = its point moved into what the room can sign; ✗ = rejected by an absent veto player",
            st.stage,
            list(&st.zone.players)
        ),
        None => "Deals among all veto players: each model's terms = its point moved into what they can sign".into(),
    };
    out.push_str(&format!("{room_note}\n{}\n", render(&mut dt)));

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
    out.push_str(&format!(
        "Outcome per model (classified on the terms)\n{}",
        render(&mut summary)
    ));
    let line = agreement_line(r);
    let tone = if line.contains("DISAGREE") {
        Tone::Warn
    } else {
        Tone::Good
    };
    out.push_str(&format!("{}\n\n", paint(&line, tone)));

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
    let tone = if z.feasible { Tone::Good } else { Tone::Bad };
    out.push_str(&format!(
        "Agreement zone: {}\n{}",
        paint(&zone_verdict(z), tone),
        render(&mut zt)
    ));
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
    fit_text(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn anchors() -> Vec<(f64, String)> {
        vec![
            (0.0, "no tariff".into()),
            (25.0, "current tariff".into()),
            (50.0, "double".into()),
        ]
    }

    #[test]
    fn a_value_is_placed_between_its_anchors() {
        let a = anchors();
        assert_eq!(
            placed(20.0, &a),
            "20 (between \"no tariff\" 0 and \"current tariff\" 25)"
        );
        assert_eq!(placed(25.0, &a), "25 (= \"current tariff\")");
        // Equal as displayed counts as on the anchor.
        assert_eq!(placed(24.96, &a), "25 (= \"current tariff\")");
        assert_eq!(placed(60.0, &a), "60 (beyond \"double\" 50)");
        assert_eq!(placed(60.0, &a[1..2]), "60 (beyond \"current tariff\" 25)");
        assert_eq!(placed(10.0, &a[1..2]), "10 (beyond \"current tariff\" 25)");
        assert_eq!(placed(7.5, &[]), "7.5");
        assert_eq!(place(7.5, &[]), None);
    }

    #[test]
    fn ascii_prose_spells_arrows_out_and_tables_keep_one_column_marks() {
        let text = "us loses to europe (50 → 0), ≤ 10, ≥ 2 · x\n| 4 → 7 | ≤10 |\n";
        assert_eq!(
            ascii_prose(text),
            "us loses to europe (50 -> 0), <= 10, >= 2 . x\n| 4 > 7 | <10 |\n"
        );
    }

    #[test]
    fn width_counts_characters_not_bytes_nor_escapes() {
        assert_eq!(text_width("≈ 50 – 60 ✗"), 11);
        assert_eq!(text_width("\u{1b}[31mred\u{1b}[0m"), 3);
    }

    #[test]
    fn wrap_breaks_at_spaces_with_a_hanging_indent() {
        let lines = wrap("the models DISAGREE on most of it", 14, "", 2);
        assert_eq!(lines, ["the models", "  DISAGREE on", "  most of it"]);
        // A word longer than a line is cut rather than overflow.
        let lines = wrap("doi:10.1017/CBO9780511492082", 12, "", 0);
        assert_eq!(lines, ["doi:10.1017/", "CBO978051149", "2082"]);
        assert!(wrap("", 10, "  ", 2) == ["  "]);
    }

    #[test]
    fn fit_text_wraps_prose_and_leaves_tables_alone() {
        let table_line = format!("│{}│", "x".repeat(30));
        let text = format!("short\n  indented prose that is too long here\n{table_line}");
        let out = fit_text_to(&text, 20);
        assert_eq!(
            out,
            format!("short\n  indented prose\n    that is too long\n    here\n{table_line}")
        );
    }

    fn table() -> Table {
        let mut t = new_table(&["issue", "value", "note"]);
        t.add_row(vec![
            "territory",
            "43.3 (0.5)",
            "a long note that has to wrap somewhere",
        ]);
        t.add_row(vec!["nato", "100 (0.9)", "short"]);
        t
    }

    #[test]
    fn render_keeps_numbers_on_one_line_and_fits() {
        let text = render_to(&mut table(), 45, TEXT_MIN);
        assert!(text.starts_with('┌'), "a table: {text}");
        assert!(text.lines().all(|l| text_width(l) <= 45), "{text}");
        let row = text.lines().find(|l| l.contains("territory")).unwrap_or_default();
        assert!(row.contains("43.3 (0.5)"), "{text}");
        assert!(text.lines().count() > 6, "the note wraps: {text}");
        // Wide enough: one line per row.
        let text = render_to(&mut table(), 100, TEXT_MIN);
        assert_eq!(text.lines().count(), 6, "{text}");
    }

    #[test]
    fn a_table_that_cannot_fit_becomes_records() {
        let text = render_to(&mut table(), 30, TEXT_MIN);
        assert_eq!(
            text,
            "territory\n  value: 43.3 (0.5)\n  note:  a long note that has\n         to wrap somewhere\n\
             nato\n  value: 100 (0.9)\n  note:  short\n"
        );
    }

    #[test]
    fn a_wide_grid_of_numbers_turns_on_its_side() {
        let mut header = vec!["round".to_string()];
        header.extend((1..=12).map(|i| format!("actor{i}")));
        let mut t = new_table(&header.iter().map(String::as_str).collect::<Vec<_>>());
        t.add_row((0..13).map(|i| i.to_string()).collect::<Vec<_>>());
        t.add_row((0..13).map(|i| format!("{}.5", i + 1)).collect::<Vec<_>>());
        let text = render_to(&mut t, 40, TEXT_MIN);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "│ round   ┆ 0  ┆ 1.5  │", "{text}");
        assert_eq!(lines[3], "│ actor1  ┆ 1  ┆ 2.5  │", "{text}");
        assert_eq!(lines.len(), 3 + 12 + 1);
    }

    #[test]
    fn records_join_a_rank_to_its_label() {
        let mut t = new_table(&["#", "input", "swing"]);
        t.add_row(vec!["1", "salience russia/sanctions", "60%"]);
        let text = render_to(&mut t, 20, TEXT_MIN);
        assert_eq!(text, "#1 salience\n  russia/sanctions\n  swing: 60%\n");
    }
}
