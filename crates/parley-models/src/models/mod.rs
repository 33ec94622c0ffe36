//! One file per model.

pub mod compromise;
pub mod eum;
pub mod exchange;
pub mod median;
pub mod nash;
