//! One file per model.

pub mod compromise;
pub mod median;
pub mod nash;
