//! Discrete issues and the outcome space they span.

use serde::Serialize;

use crate::NegotiationError;

/// Largest outcome space enumerated (a utility per outcome per party is kept in memory).
pub const MAX_OUTCOMES: u128 = 50_000_000;

/// An issue: a name and its values, in order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Issue {
    /// Name.
    pub name: String,
    /// Values (labels), in the order the domain lists them.
    pub values: Vec<String>,
}

impl Issue {
    /// An issue with `values`.
    pub fn new(name: impl Into<String>, values: Vec<String>) -> Self {
        Self {
            name: name.into(),
            values,
        }
    }

    /// The integer issue `lo..=hi` (values are the numbers as text).
    pub fn integer(name: impl Into<String>, lo: i64, hi: i64) -> Self {
        Self::new(name, (lo..=hi).map(|v| v.to_string()).collect())
    }
}

/// The outcomes of a set of issues: every combination of one value per issue.
///
/// Outcome `i` is numbered in mixed radix with the first issue most significant: with
/// issues of 3 and 2 values, outcomes 0..6 are (0,0) (0,1) (1,0) (1,1) (2,0) (2,1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeSpace {
    issues: Vec<Issue>,
    size: usize,
}

impl OutcomeSpace {
    /// The space of `issues` (each must have a value; the space at most [`MAX_OUTCOMES`]).
    pub fn new(issues: Vec<Issue>) -> Result<Self, NegotiationError> {
        let mut size: u128 = 1;
        for i in &issues {
            if i.values.is_empty() {
                return Err(NegotiationError::EmptyIssue(i.name.clone()));
            }
            size = size.saturating_mul(i.values.len() as u128);
        }
        if size > MAX_OUTCOMES {
            return Err(NegotiationError::TooLarge(size));
        }
        Ok(Self {
            issues,
            size: size as usize,
        })
    }

    /// The issues.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// Number of outcomes.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The value index on each issue of outcome `i` (`i < size`).
    pub fn outcome(&self, mut i: usize) -> Vec<usize> {
        let mut out = vec![0; self.issues.len()];
        for (k, issue) in self.issues.iter().enumerate().rev() {
            let m = issue.values.len();
            out[k] = i % m;
            i /= m;
        }
        out
    }

    /// The number of the outcome with these value indices (None if one is out of range or
    /// the count of issues differs).
    pub fn index(&self, values: &[usize]) -> Option<usize> {
        if values.len() != self.issues.len() {
            return None;
        }
        let mut i = 0usize;
        for (issue, &v) in self.issues.iter().zip(values) {
            if v >= issue.values.len() {
                return None;
            }
            i = i * issue.values.len() + v;
        }
        Some(i)
    }

    /// Outcome `i` as (issue name, value label) pairs.
    pub fn labels(&self, i: usize) -> Vec<(&str, &str)> {
        self.outcome(i)
            .into_iter()
            .zip(&self.issues)
            .map(|(v, issue)| (issue.name.as_str(), issue.values[v].as_str()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn abc() -> OutcomeSpace {
        OutcomeSpace::new(vec![
            Issue::new("a", vec!["x".into(), "y".into(), "z".into()]),
            Issue::integer("b", 4, 5),
        ])
        .unwrap()
    }

    #[test]
    fn outcomes_are_numbered_first_issue_most_significant() {
        let s = abc();
        assert_eq!(s.size(), 6);
        let all: Vec<Vec<usize>> = (0..6).map(|i| s.outcome(i)).collect();
        assert_eq!(all, [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1]]);
        for i in 0..6 {
            assert_eq!(s.index(&s.outcome(i)), Some(i));
        }
        assert_eq!(s.labels(3), [("a", "y"), ("b", "5")]);
        assert_eq!(s.index(&[3, 0]), None);
        assert_eq!(s.index(&[0]), None);
    }

    #[test]
    fn empty_issues_and_huge_spaces_are_refused() {
        let e = OutcomeSpace::new(vec![Issue::new("a", vec![])]).unwrap_err();
        assert_eq!(e.to_string(), "issue `a` has no values");
        let big: Vec<Issue> = (0..9).map(|k| Issue::integer(format!("i{k}"), 0, 9)).collect();
        let e = OutcomeSpace::new(big).unwrap_err();
        assert_eq!(e, NegotiationError::TooLarge(1_000_000_000));
        assert_eq!(OutcomeSpace::new(vec![]).unwrap().size(), 1);
    }
}
