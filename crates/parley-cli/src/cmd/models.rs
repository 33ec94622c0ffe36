//! `parley models`: every model with a description, citation and parameters.

use parley_io::csvout::table_csv;
use parley_io::table::new_table;
use parley_models::registry;

use crate::common::{CmdResult, Failure, Format, emit, emit_json};

/// Arguments of `parley models`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Output format: table, json, or csv (one row per model and parameter).
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let infos = registry::all_info();
    if a.format == Format::Json {
        return emit_json(&serde_json::json!({"version": 1, "models": infos}));
    }
    if a.format == Format::Csv {
        let mut rows = Vec::new();
        for m in &infos {
            let head = [m.id, m.name, m.description, m.citation].map(str::to_owned);
            if m.params.is_empty() {
                rows.push([head.to_vec(), vec![String::new(); 3]].concat());
            }
            for p in &m.params {
                rows.push([head.to_vec(), vec![p.name.into(), p.default.into(), p.doc.into()]].concat());
            }
        }
        let header = ["model", "name", "description", "citation", "param", "default", "doc"];
        return emit(&table_csv(&header, &rows).map_err(|e| Failure::Internal(e.into()))?);
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
