#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Output that fits the terminal: every command's table output within `--width`
//! (counted in characters), `--color`, `NO_COLOR`, `-q`, and where forecast values
//! lie among the anchors.

use assert_cmd::Command;

/// Every table-printing command on the bundled scenario, with small Monte Carlo runs
/// (the layout does not depend on the number of draws).
const COMMANDS: &[&[&str]] = &[
    &["forecast"],
    &["simulate", "--draws", "300"],
    &[
        "compare",
        "--variant",
        "ukraine-at-the-table",
        "--variant",
        "sanctions-pressure",
        "--draws",
        "300",
    ],
    &["sensitivity", "--draws", "20"],
    &["dynamics"],
    &["models"],
    &["agenda"],
    &["evaluate", "data/deu3/deu3.csv"],
    &[
        "check",
        "scenarios/alaska-2025.toml",
        "--against",
        "data/alaska/alaska-summit-article.txt",
    ],
];

/// Run `parley ARGS` from the repository root with `COLUMNS` and `NO_COLOR` cleared;
/// returns (stdout, stderr).
fn run(args: &[&str], env: &[(&str, &str)]) -> (String, String) {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let mut cmd = Command::cargo_bin("parley").unwrap();
    cmd.current_dir(root)
        .env_remove("COLUMNS")
        .env_remove("NO_COLOR")
        .env("PARLEY_BORDERS", "unicode")
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "parley {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn widest(text: &str) -> (usize, String) {
    text.lines()
        .map(|l| (l.chars().count(), l.to_owned()))
        .max_by_key(|(n, _)| *n)
        .unwrap_or_default()
}

fn assert_fits(args: &[&str], width: usize, text: &str) {
    let (n, line) = widest(text);
    assert!(
        n <= width,
        "parley {} at width {width}: a line of {n} characters:\n{line}",
        args.join(" ")
    );
}

#[test]
fn every_command_fits_80_columns() {
    for args in COMMANDS {
        let mut a = args.to_vec();
        a.extend(["--width", "80"]);
        let (text, _) = run(&a, &[]);
        assert_fits(args, 80, &text);
    }
}

#[test]
fn every_command_fits_60_columns() {
    for args in COMMANDS {
        let mut a = args.to_vec();
        a.extend(["--width", "60"]);
        let (text, _) = run(&a, &[]);
        assert_fits(args, 60, &text);
    }
}

#[test]
fn columns_sets_the_width_when_stdout_is_not_a_terminal() {
    let (text, _) = run(&["forecast"], &[("COLUMNS", "80")]);
    assert_fits(&["forecast"], 80, &text);
    // Without --width or COLUMNS, a pipe gets tables of 100 columns and whole prose lines
    // (for grep and friends).
    let (text, _) = run(&["forecast"], &[]);
    let tables: String = text
        .lines()
        .filter(|l| l.starts_with(['┌', '│', '╞', '└']))
        .collect::<Vec<_>>()
        .join("\n");
    let (n, _) = widest(&tables);
    assert!((81..=100).contains(&n), "widest table line {n}");
    assert!(text.lines().any(|l| {
        l.starts_with("In the room of `remarks` (us, russia) a deal exists within: territory 50–50;")
            && l.ends_with("talks 0–100; optics 0–100.")
    }));
    // --width wins over COLUMNS.
    let (text, _) = run(&["forecast", "--width", "80"], &[("COLUMNS", "200")]);
    assert_fits(&["forecast"], 80, &text);
}

#[test]
fn a_wide_terminal_is_used() {
    let (text, _) = run(&["forecast", "--width", "200"], &[]);
    let (n, _) = widest(&text);
    assert!(n > 150 && n <= 200, "widest line {n}");
    // The forecasts are a table with a column per model at this width.
    let header = text
        .lines()
        .find(|l| l.starts_with("│ issue") && l.contains("compromise"))
        .expect("a forecasts table");
    assert!(header.contains("ensemble"), "{header}");
}

#[test]
fn numbers_never_wrap_inside_a_cell() {
    // At 80 columns the positions table stays a table and each "position (salience)"
    // sits on one line of its row.
    let (text, _) = run(&["forecast", "--width", "80"], &[]);
    let row = text
        .lines()
        .find(|l| l.starts_with("│ territory") && l.contains("(0.5)"))
        .expect("the territory row of the positions table");
    assert!(row.contains("50 (0.5)") && row.contains("0 (0.7)"), "{row}");
    // The simulate distribution table keeps every quantile on the line.
    let (text, _) = run(
        &["simulate", "--draws", "300", "--model", "median", "--width", "60"],
        &[],
    );
    let row = text.lines().find(|l| l.starts_with("│ sanctions")).unwrap();
    assert_eq!(row.matches('┆').count(), 6, "{row}");
}

#[test]
fn narrow_wide_tables_become_records() {
    let (text, _) = run(&["forecast", "--width", "80"], &[]);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("Forecasts")).unwrap();
    assert_eq!(lines[at + 1], "territory");
    assert!(lines[at + 2].starts_with("  compromise: 30 (between \"Russia gives back the land it has taken\" 0"));
    assert_eq!(
        lines[at + 4],
        "  median:     50 (= \"Russia keeps control of the territories it has taken\")"
    );
    assert_eq!(lines[at + 5], "  nash:       — (no agreement)");
}

#[test]
fn forecast_values_lie_between_anchors_not_near_one() {
    let (text, _) = run(&["forecast", "--model", "compromise", "--width", "200"], &[]);
    assert!(!text.contains('≈'), "no nearest-anchor rendering left");
    // Sanctions 37.6 lies between the status quo anchor 20 and the step-by-step lifting at 60.
    let row = text
        .lines()
        .find(|l| l.starts_with("│ sanctions") && l.contains("between"))
        .unwrap();
    assert!(
        row.contains(
            "37.6 (between \"Sanctions, and tariffs on Indian imports for buying Russian oil, as now\" 20 and"
        ),
        "{row}"
    );
    let (text, _) = run(&["dynamics", "--issue", "territory"], &[]);
    assert!(
        text.contains(
            "Forecast: EUM median 9.9 (between \"Russia gives back the land it has taken\" 0 and \"Russia keeps control of the territories it has taken\" 50); EUM mean 20.7"
        ),
        "{text}"
    );
    let (text, _) = run(
        &["dynamics", "--issue", "territory", "--param", "eum.reading=printed"],
        &[],
    );
    assert!(
        text.contains(
            "Forecast: EUM median 50 (= \"Russia keeps control of the territories it has taken\"); EUM mean 50"
        ),
        "{text}"
    );
}

const ESC: char = '\u{1b}';

#[test]
fn colour_only_when_asked() {
    let (plain, _) = run(&["forecast"], &[]);
    assert!(!plain.contains(ESC), "a pipe gets no colour by default");
    let (text, _) = run(&["forecast", "--color", "never"], &[]);
    assert!(!text.contains(ESC));
    let (text, _) = run(&["forecast", "--color", "auto"], &[("NO_COLOR", "1")]);
    assert!(!text.contains(ESC));
    let (text, _) = run(&["forecast", "--color", "always"], &[]);
    // The verdicts: no zone in red, the disagreement in yellow; nothing else.
    assert!(
        text.contains("\u{1b}[31mNO agreement zone among us, russia, ukraine"),
        "{text}"
    );
    assert!(text.contains("\u{1b}[33mThe models DISAGREE"));
    assert_eq!(text.matches(ESC).count(), 4);
    // Escapes are not counted as width.
    let stripped = text
        .replace("\u{1b}[31m", "")
        .replace("\u{1b}[33m", "")
        .replace("\u{1b}[0m", "");
    assert_eq!(stripped, plain);
    // An explicit flag wins over NO_COLOR.
    let (text, _) = run(&["forecast", "--color", "always"], &[("NO_COLOR", "1")]);
    assert!(text.contains(ESC));
    // The bundled scenario's answering models agree; the split fixture's do not.
    let (text, _) = run(&["simulate", "--draws", "300", "--color", "always"], &[]);
    assert!(text.contains("The models agree") && !text.contains("\u{1b}[33m"));
    let split = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/split.toml");
    let (text, _) = run(&["simulate", split, "--draws", "300", "--color", "always"], &[]);
    assert!(text.contains("\u{1b}[33mThe models DISAGREE"));
    let (text, _) = run(&["sensitivity", "--draws", "20", "--color", "always"], &[]);
    assert!(text.contains("\u{1b}[31mempty\u{1b}[0m with the file's values"));
}

#[test]
fn quiet_prints_only_the_requested_output() {
    let (text, err) = run(&["simulate", "--draws", "25000", "--model", "median", "-q"], &[]);
    assert!(err.is_empty(), "stderr: {err}");
    assert!(text.starts_with("alaska-2025 — 25000 draws, seed 1"));
    let (quiet, err) = run(&["sensitivity", "--draws", "20", "--top", "3", "--quiet"], &[]);
    assert!(err.is_empty(), "stderr: {err}");
    let (loud, _) = run(&["sensitivity", "--draws", "20", "--top", "3"], &[]);
    assert_eq!(quiet, loud, "-q changes stderr only");
}

#[test]
fn a_round_by_actor_grid_turns_on_its_side_when_narrow() {
    // The EC case has ten actors: at 60 columns the rounds become the columns (the printed
    // reading: two rounds; the published one plays eight, too many for 60 columns).
    let args = [
        "dynamics",
        "scenarios/ec-car-emissions.toml",
        "--width",
        "60",
        "--param",
        "eum.reading=printed",
    ];
    let (text, _) = run(&args, &[]);
    assert_fits(&args, 60, &text);
    let lines: Vec<&str> = text.lines().collect();
    let at = lines.iter().position(|l| *l == "Positions by round").unwrap();
    assert_eq!(lines[at + 2], "│ round  ┆ 0   ┆ 1   ┆ 2 │");
    assert_eq!(lines[at + 15], "│ gr     ┆ 7   ┆ 9.5 ┆ 7 │");
    // At 100 columns the actors are the columns, as usual.
    let (text, _) = run(&["dynamics", "scenarios/ec-car-emissions.toml", "--width", "100"], &[]);
    assert!(text.contains("│ round ┆ median ┆ mean ┆ nl"), "{text}");
}

#[test]
fn piped_output_at_80_columns_is_80_bytes_a_line() {
    // The default borders off a terminal are ASCII and the marks parley draws have ASCII
    // stand-ins, so a tool that counts bytes (mawk's `length`, `cut -b`) sees the width asked
    // for: `COLUMNS=80 parley forecast | awk` used to report 240 (box-drawing characters are
    // three bytes each).
    for args in COMMANDS {
        let mut cmd = Command::cargo_bin("parley").unwrap();
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
        let out = cmd
            .current_dir(root)
            .env("COLUMNS", "80")
            .env_remove("NO_COLOR")
            .env_remove("PARLEY_BORDERS")
            .args(*args)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let widest = text.lines().map(str::len).max().unwrap_or(0);
        assert!(widest <= 80, "parley {}: a line of {widest} bytes", args.join(" "));
        assert!(
            !text.contains(['┌', '│', '┆', '─', '═']),
            "ASCII borders: {}",
            args.join(" ")
        );
    }
    // Asked for, box drawing stays.
    let (text, _) = run(&["forecast", "--borders", "unicode", "--width", "80"], &[]);
    assert!(text.contains('┌'));
}
