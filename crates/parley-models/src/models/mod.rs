//! One file per model.

pub mod compromise;
pub mod eum;
pub mod median;
pub mod nash;
