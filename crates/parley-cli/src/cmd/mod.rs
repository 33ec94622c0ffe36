//! One file per subcommand.

pub mod agenda;
pub mod check;
pub mod compare;
pub mod domain;
pub mod dynamics;
pub mod evaluate;
pub mod forecast;
pub mod import;
pub mod init;
pub mod mc;
pub mod mediate;
pub mod models;
pub mod negotiate;
pub mod report;
pub mod runs;
pub mod schema;
pub mod sensitivity;
pub mod serve;
pub mod simulate;
pub mod tournament;
pub mod variants;
