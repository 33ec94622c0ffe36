#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The README's sample outputs come from the program: every block marked
//! `<!-- sample: parley ARGS [| lines A-B] -->` must equal what `parley ARGS` prints
//! (lines A to B, 1-based, when given) at 100 columns (`COLUMNS=100`, no colour).
//! `PARLEY_BLESS=1 cargo test -p parley-cli --test docs` rewrites the blocks from the
//! program's output.

use assert_cmd::Command;

struct Sample {
    args: Vec<String>,
    lines: Option<(usize, usize)>,
    /// Line indices of the block's body in the file: [start, end).
    body: (usize, usize),
}

fn samples(text: &str) -> Vec<Sample> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i].trim();
        if let Some(spec) = l
            .strip_prefix("<!-- sample: parley ")
            .and_then(|r| r.strip_suffix("-->"))
        {
            let (cmd, range) = match spec.split_once('|') {
                Some((c, r)) => (c.trim(), Some(r.trim())),
                None => (spec.trim(), None),
            };
            let lines_range = range.map(|r| {
                let r = r.strip_prefix("lines ").expect("`| lines A-B`");
                let (a, b) = r.split_once('-').expect("A-B");
                (a.parse().unwrap(), b.parse().unwrap())
            });
            let open = (i + 1..lines.len()).find(|&j| lines[j].starts_with("```")).unwrap();
            let close = (open + 1..lines.len()).find(|&j| lines[j].starts_with("```")).unwrap();
            out.push(Sample {
                args: cmd.split_whitespace().map(str::to_owned).collect(),
                lines: lines_range,
                body: (open + 1, close),
            });
            i = close;
        }
        i += 1;
    }
    out
}

fn output(s: &Sample) -> Vec<String> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let out = Command::cargo_bin("parley")
        .unwrap()
        .current_dir(root)
        .env("COLUMNS", "100")
        .env("PARLEY_BORDERS", "unicode")
        .env_remove("NO_COLOR")
        .args(&s.args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "parley {:?}: {}",
        s.args,
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let all: Vec<String> = text.lines().map(|l| l.trim_end().to_owned()).collect();
    match s.lines {
        Some((a, b)) => all[a - 1..b.min(all.len())].to_vec(),
        None => all,
    }
}

#[test]
fn readme_samples_are_the_programs_output() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md");
    let text = std::fs::read_to_string(path).unwrap();
    let found = samples(&text);
    assert!(
        found.len() >= 3,
        "the README shows forecast, simulate and compare samples"
    );
    let bless = std::env::var_os("PARLEY_BLESS").is_some();
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // Replace from the end so earlier line indices stay valid.
    for s in found.iter().rev() {
        let got = output(s);
        let shown: Vec<String> = lines[s.body.0..s.body.1]
            .iter()
            .map(|l| l.trim_end().to_owned())
            .collect();
        if bless {
            lines.splice(s.body.0..s.body.1, got);
        } else {
            assert_eq!(
                shown,
                got,
                "README sample `parley {}` differs from the program; rerun with PARLEY_BLESS=1",
                s.args.join(" ")
            );
        }
    }
    if bless {
        std::fs::write(path, lines.join("\n") + "\n").unwrap();
    }
}
