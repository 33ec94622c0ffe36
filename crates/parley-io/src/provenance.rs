//! Provenance: does every quoted `source` appear in the source text, and which values rest on nothing?
//!
//! `parley check FILE --against SOURCE.txt` reads every `source`, `capability_source`
//! and `red_line_source` of the scenario (variants included). A source that starts with
//! `inferred` marks an inference, with its reason after a colon; any other source is a
//! quote and must appear in the text. Before comparing, both sides are normalised:
//! curly quotes and primes become `'` and `"`, en and em dashes become `-`, and every
//! run of whitespace becomes one space. A quote may skip text with `…` or `...`: its
//! pieces must then appear in that order.
//!
//! Values that need a source: each actor (`source`) and its capability
//! (`capability_source`), each issue's scale and status quo (`source`), each stated
//! position (`source`) and its red line or accept range (`red_line_source`), each stage,
//! outcome class and package (`source`). Variants are hypotheses: their quotes are
//! checked when given, but not required.

use parley_core::raw::RawScenario;
use parley_core::{FieldError, FieldPath};

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Provenance {
    /// Quotes found in the text.
    pub quotes_found: usize,
    /// Values marked `inferred`.
    pub inferred: usize,
    /// Quotes not in the text (errors).
    pub not_found: Vec<FieldError>,
    /// Values with neither a quote nor `inferred` (listed, not errors).
    pub unsourced: Vec<FieldError>,
}

/// Normalise quote marks, dashes and whitespace.
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
            c => c,
        };
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push(c);
    }
    out
}

/// Is `source` an inference marker (`inferred`, `inferred: why`)?
pub fn is_inference(source: &str) -> bool {
    source.trim_start().to_lowercase().starts_with("inferred")
}

/// Does the (normalised) `text` contain the quote, its `…`-separated pieces in order?
fn found(text: &str, quote: &str) -> bool {
    let q = normalise(quote).replace("...", "\u{2026}");
    let mut from = 0;
    for piece in q.split('\u{2026}').map(str::trim).filter(|p| !p.is_empty()) {
        match text.get(from..).and_then(|t| t.find(piece)) {
            Some(i) => from += i + piece.len(),
            None => return false,
        }
    }
    true
}

struct Walk<'a> {
    text: String,
    out: Provenance,
    _raw: &'a RawScenario,
}

impl Walk<'_> {
    /// One source field: `required` values without a source are listed.
    fn one(&mut self, path: FieldPath, source: Option<&str>, required: bool, what: &str) {
        match source.map(str::trim).filter(|s| !s.is_empty()) {
            None => {
                if required {
                    self.out.unsourced.push(FieldError::new(
                        path,
                        format!("{what} has no source: quote the text, or write `inferred: <why>`"),
                    ));
                }
            }
            Some(s) if is_inference(s) => self.out.inferred += 1,
            Some(s) => {
                if found(&self.text, s) {
                    self.out.quotes_found += 1;
                } else {
                    self.out.not_found.push(FieldError::new(
                        path,
                        format!("quote not found in the source text: \"{s}\""),
                    ));
                }
            }
        }
    }
}

/// Check the provenance of `raw` against `source_text`.
pub fn check(raw: &RawScenario, source_text: &str) -> Provenance {
    let mut w = Walk {
        text: normalise(source_text),
        out: Provenance::default(),
        _raw: raw,
    };
    let root = FieldPath::root();
    for (i, x) in raw.issues.iter().enumerate() {
        let p = root.key("issue").index(i);
        w.one(
            p.key("source"),
            x.source.as_deref(),
            true,
            &format!("issue `{}` (scale, status quo, anchors)", x.id),
        );
    }
    for (i, a) in raw.actors.iter().enumerate() {
        let p = root.key("actor").index(i);
        w.one(p.key("source"), a.source.as_deref(), true, &format!("actor `{}`", a.id));
        w.one(
            p.key("capability_source"),
            a.capability_source.as_deref(),
            true,
            &format!("the capability of `{}`", a.id),
        );
    }
    for (i, x) in raw.positions.iter().enumerate() {
        let p = root.key("position").index(i);
        let who = format!("`{}` on `{}`", x.actor, x.issue);
        w.one(
            p.key("source"),
            x.source.as_deref(),
            true,
            &format!("the position of {who}"),
        );
        if x.red_line.is_some() || x.accept.is_some() {
            w.one(
                p.key("red_line_source"),
                x.red_line_source.as_deref(),
                true,
                &format!("the red line of {who}"),
            );
        }
    }
    for (i, x) in raw.stages.iter().enumerate() {
        w.one(
            root.key("stage").index(i).key("source"),
            x.source.as_deref(),
            true,
            &format!("stage `{}`", x.id),
        );
    }
    for (i, x) in raw.outcomes.iter().enumerate() {
        w.one(
            root.key("outcome").index(i).key("source"),
            x.source.as_deref(),
            true,
            &format!("outcome `{}`", x.id),
        );
    }
    for (i, x) in raw.packages.iter().enumerate() {
        w.one(
            root.key("package").index(i).key("source"),
            x.source.as_deref(),
            true,
            &format!("package `{}`", x.id),
        );
    }
    for (vi, v) in raw.variants.iter().enumerate() {
        let vp = root.key("variant").index(vi);
        let lists = [
            ("actor", &v.actors),
            ("issue", &v.issues),
            ("position", &v.positions),
            ("stage", &v.stages),
            ("outcome", &v.outcomes),
        ];
        for (name, list) in lists {
            for (i, entry) in list.iter().enumerate() {
                for key in ["source", "capability_source", "red_line_source"] {
                    if let Some(s) = entry.get(key).and_then(|v| v.as_str()) {
                        w.one(vp.key(name).index(i).key(key), Some(s), false, "");
                    }
                }
            }
        }
    }
    w.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_quotes_dashes_and_spaces() {
        assert_eq!(normalise("Putin’s  “win” –\n now"), "Putin's \"win\" - now");
        assert!(found(
            &normalise("He said ‘very, very quickly’ and left."),
            "said 'very, very quickly'"
        ));
        assert!(found("a b c d e", "a b … d"));
        assert!(found("a b c d e", "a b ... d e"));
        assert!(!found("a b c d e", "d … a"), "pieces must come in order");
        assert!(!found("a b c", "a c"));
        assert!(is_inference("inferred: no quote says so"));
        assert!(is_inference("Inferred"));
        assert!(!is_inference("The article says inferred things"));
    }
}
