//! Negotiation protocols, one file each.

pub mod mediated;
pub mod sao;

pub use mediated::{SingleText, TextOutcome};
pub use sao::{Outcome, Sao};
