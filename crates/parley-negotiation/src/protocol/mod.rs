//! Negotiation protocols, one file each.

pub mod sao;

pub use sao::{Outcome, Sao};
