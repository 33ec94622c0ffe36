//! Discrete issues and the outcome space they span.

use serde::Serialize;

use crate::NegotiationError;

/// Largest outcome space enumerated (a utility per outcome per party is kept in memory).
/// Larger spaces can be described, not enumerated.
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
    /// Number of outcomes (saturating at `u128::MAX`).
    cardinality: u128,
}

impl OutcomeSpace {
    /// The space of `issues` (each must have a value).
    pub fn new(issues: Vec<Issue>) -> Result<Self, NegotiationError> {
        let mut cardinality: u128 = 1;
        for i in &issues {
            if i.values.is_empty() {
                return Err(NegotiationError::EmptyIssue(i.name.clone()));
            }
            cardinality = cardinality.saturating_mul(i.values.len() as u128);
        }
        Ok(Self { issues, cardinality })
    }

    /// Number of outcomes (`u128::MAX` when even that overflows).
    pub fn cardinality(&self) -> u128 {
        self.cardinality
    }

    /// The number of outcomes when the space can be enumerated (at most [`MAX_OUTCOMES`]).
    pub fn enumerable(&self) -> Result<usize, NegotiationError> {
        if self.cardinality > MAX_OUTCOMES {
            return Err(NegotiationError::TooLarge(self.cardinality));
        }
        Ok(self.cardinality as usize)
    }

    /// The issues.
    pub fn issues(&self) -> &[Issue] {
        &self.issues
    }

    /// Number of outcomes, saturating at `usize::MAX` (see [`OutcomeSpace::enumerable`]).
    pub fn size(&self) -> usize {
        usize::try_from(self.cardinality).unwrap_or(usize::MAX)
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
            i = i.checked_mul(issue.values.len())?.checked_add(v)?;
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
    fn empty_issues_are_refused_and_huge_spaces_not_enumerated() {
        let e = OutcomeSpace::new(vec![Issue::new("a", vec![])]).unwrap_err();
        assert_eq!(e.to_string(), "issue `a` has no values");
        let big: Vec<Issue> = (0..9).map(|k| Issue::integer(format!("i{k}"), 0, 9)).collect();
        let s = OutcomeSpace::new(big).unwrap();
        assert_eq!(s.cardinality(), 1_000_000_000);
        assert_eq!(s.enumerable(), Err(NegotiationError::TooLarge(1_000_000_000)));
        assert_eq!(
            s.enumerable().unwrap_err().to_string(),
            "1000000000 outcomes: more than the 50000000 this build enumerates"
        );
        let fifty: Vec<Issue> = (0..50).map(|k| Issue::integer(format!("i{k}"), 0, 9)).collect();
        let s = OutcomeSpace::new(fifty).unwrap();
        assert_eq!(s.cardinality(), u128::MAX);
        assert_eq!(s.size(), usize::MAX);
        assert_eq!(s.index(&[9; 50]), None);
        assert_eq!(OutcomeSpace::new(vec![]).unwrap().enumerable(), Ok(1));
        // Exactly the limit is enumerable; one more outcome is not.
        let at = |n: i64| {
            OutcomeSpace::new(vec![
                Issue::integer("a", 1, 50),
                Issue::integer("b", 1, 1000),
                Issue::integer("c", 1, n),
            ])
            .unwrap()
            .enumerable()
        };
        assert_eq!(at(1000), Ok(50_000_000));
        assert!(at(1001).is_err());
    }
}
