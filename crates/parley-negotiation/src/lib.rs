//! # parley-negotiation
//!
//! Negotiation over discrete outcome spaces, the way the automated-negotiation community
//! (GENIUS, NegMAS, the ANAC competitions) models it: a few issues, each with a finite list
//! of values; an outcome picks one value per issue; each party scores outcomes with a
//! linear-additive utility function (issue weights times value evaluations) and has a
//! reservation value (what no agreement is worth to it).
//!
//! - [`space`]: issues, the outcome space and its enumeration (mixed radix, the first issue
//!   most significant, as `itertools.product` orders it).
//! - [`ufun`]: linear-additive utility functions, evaluated over the whole space at once.
//! - [`analytics`]: the Pareto frontier of the rational outcomes (O(n log n) for two
//!   parties), the Nash, Kalai (egalitarian), Kalai–Smorodinsky and max-welfare points.
//!
//! - [`protocol`]: the stacked alternating offers protocol (SAO), as NegMAS runs it.
//! - [`strategy`]: the [`strategy::Strategy`] trait and the strategies, one file each.
//! - [`tournament`]: every assignment of agents to parties on every domain, in parallel.
//!
//! No I/O here: the GENIUS readers live in `parley-io`.

pub mod analytics;
pub mod protocol;
pub mod space;
pub mod strategy;
pub mod tournament;
pub mod ufun;

pub use analytics::{Analytics, Point, analyse, pareto_frontier};
pub use space::{Issue, OutcomeSpace};
pub use ufun::LinearAdditive;

/// What can go wrong building a negotiation.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NegotiationError {
    /// An issue without values.
    #[error("issue `{0}` has no values")]
    EmptyIssue(String),
    /// A utility function that does not fit the space.
    #[error("utility function `{name}`: {message}")]
    Mismatch {
        /// The function's name (its party).
        name: String,
        /// What does not fit.
        message: String,
    },
    /// Too many outcomes to enumerate.
    #[error("{0} outcomes: more than the {max} this build enumerates", max = space::MAX_OUTCOMES)]
    TooLarge(u128),
}
