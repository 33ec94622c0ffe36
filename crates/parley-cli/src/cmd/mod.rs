//! One file per subcommand.

pub mod agenda;
pub mod check;
pub mod dynamics;
pub mod forecast;
pub mod init;
pub mod models;
pub mod schema;
