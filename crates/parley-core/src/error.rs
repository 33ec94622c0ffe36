//! Validation errors that name the field they are about.

use std::fmt;

/// One step of a path into the scenario document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSeg {
    /// A table key.
    Key(String),
    /// An index into an array of tables.
    Index(usize),
}

/// Where in the document a problem sits, e.g. `position[3].salience`.
///
/// Array indices are 0-based, as they appear in the document; the I/O layer
/// turns a path into a line and column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldPath(pub Vec<PathSeg>);

impl FieldPath {
    /// The empty path (the document root).
    pub fn root() -> Self {
        Self(Vec::new())
    }
    /// This path followed by a key.
    pub fn key(&self, k: &str) -> Self {
        let mut v = self.0.clone();
        v.push(PathSeg::Key(k.to_owned()));
        Self(v)
    }
    /// This path followed by an index.
    pub fn index(&self, i: usize) -> Self {
        let mut v = self.0.clone();
        v.push(PathSeg::Index(i));
        Self(v)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for seg in &self.0 {
            match seg {
                PathSeg::Key(k) => {
                    if !first {
                        f.write_str(".")?;
                    }
                    f.write_str(k)?;
                }
                PathSeg::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        if first {
            f.write_str("(document)")?;
        }
        Ok(())
    }
}

/// A problem with one field of a scenario.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct FieldError {
    /// Where.
    pub path: FieldPath,
    /// What is wrong, in words.
    pub message: String,
}

impl FieldError {
    /// A new error at `path`.
    pub fn new(path: FieldPath, message: impl Into<String>) -> Self {
        Self {
            path,
            message: message.into(),
        }
    }
}

/// All problems found while validating one scenario.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{} problem(s) in the scenario", .0.len())]
pub struct ValidationErrors(pub Vec<FieldError>);

/// serde's words for types, in words a scenario's author uses.
pub fn plain_types(message: &str) -> String {
    message
        .replace(
            " as i128, expected f64",
            " has too many digits for a whole number (write it as a decimal, e.g. 1e23)",
        )
        .replace(" as i128", " (too many digits)")
        .replace("expected f64", "expected a number")
        .replace("expected u32", "expected a whole number from 0 to 4294967295")
        .replace("expected u64", "expected a whole number from 0 up")
        .replace("expected usize", "expected a whole number from 0 up")
        .replace("expected i64", "expected a whole number")
}

#[cfg(test)]
mod tests {
    use super::plain_types;

    #[test]
    fn serde_type_names_become_words() {
        for (rust, words) in [
            ("expected f64", "expected a number"),
            ("expected u32", "expected a whole number from 0 to 4294967295"),
            ("expected u64", "expected a whole number from 0 up"),
            ("expected usize", "expected a whole number from 0 up"),
            ("expected i64", "expected a whole number"),
        ] {
            assert_eq!(
                plain_types(&format!("invalid type: string \"x\", {rust}")),
                format!("invalid type: string \"x\", {words}")
            );
        }
        assert_eq!(
            plain_types("invalid type: integer `1` as i128, expected f64"),
            "invalid type: integer `1` has too many digits for a whole number (write it as a decimal, e.g. 1e23)"
        );
        assert_eq!(
            plain_types("invalid type: integer `1` as i128, expected u32"),
            "invalid type: integer `1` (too many digits), expected a whole number from 0 to 4294967295"
        );
        assert_eq!(plain_types("unknown field `x`"), "unknown field `x`");
    }
}
