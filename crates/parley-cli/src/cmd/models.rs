//! `parley models`: every model with a description, citation and parameters.

use parley_io::table::new_table;
use parley_models::registry;

use crate::common::{CmdResult, Format, emit, emit_json};

/// Arguments of `parley models`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format (table or json).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let infos = registry::all_info();
    if a.format == Format::Json {
        return emit_json(&serde_json::json!({"version": 1, "models": infos}));
    }
    let mut t = new_table(&["model", "description", "reference", "parameters (default)"]);
    for m in &infos {
        let params = m
            .params
            .iter()
            .map(|p| format!("{} = {}: {}", p.name, p.default, p.doc))
            .collect::<Vec<_>>()
            .join("\n");
        t.add_row(vec![
            m.id.to_string(),
            m.description.to_string(),
            m.citation.to_string(),
            if params.is_empty() { "—".into() } else { params },
        ]);
    }
    emit(&parley_io::table::fit_text(&format!(
        "{}Set parameters in the scenario ([model.ID] table) or with --param ID.KEY=VALUE.",
        parley_io::table::render(&mut t)
    )))
}
