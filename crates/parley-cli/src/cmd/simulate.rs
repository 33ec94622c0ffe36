//! `parley simulate [FILE] [--model ID]… [--draws N] [--seed S]`: Monte Carlo over the inputs.

use std::path::PathBuf;

use parley_io::simulate::{simulate_csv, simulate_report, simulate_table};
use parley_models::montecarlo::simulate;

use super::mc::{McArgs, progress};
use crate::common::{CmdResult, Failure, Format, ModelArgs, RunMeta, SaveArgs, ScenarioArgs, emit, emit_json};

/// Arguments of `parley simulate`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub models: ModelArgs,
    #[command(flatten)]
    pub mc: McArgs,
    /// Also write one CSV row per draw and model to this file, `-` for stdout
    /// (`draw,model,zone,agreement,outcome,<issue>…`).
    #[arg(long, value_name = "PATH")]
    pub per_draw: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub save: SaveArgs,
}

/// Run it.
pub fn run(a: Args) -> CmdResult {
    let (loaded, s) = a.scenario.load()?;
    let models = a.models.build(&loaded, &s)?;
    let cfg = a.mc.config(10_000)?;
    let mut ids: Vec<String> = models.iter().map(|m| m.info().id.to_string()).collect();
    if models.len() >= 2 {
        ids.push(parley_models::ensemble::ENSEMBLE_ID.into());
    }
    if a.per_draw.as_ref().is_some_and(|p| p.as_os_str() == "-") && a.format != Format::Table {
        return Err(Failure::Input(
            "--per-draw - sends the per-draw CSV to standard output, which --format json or csv also uses; \
             give --per-draw a file name"
                .into(),
        ));
    }
    let mut writer = match &a.per_draw {
        Some(path) => {
            // `-` is stdout (the rows come before the summary).
            let out: Box<dyn std::io::Write + Send> =
                if path.as_os_str() == "-" {
                    Box::new(std::io::stdout())
                } else {
                    Box::new(std::fs::File::create(path).map_err(|e| {
                        Failure::Output(format!("parley: cannot write --per-draw {}: {e}", path.display()))
                    })?)
                };
            let mut w = csv::Writer::from_writer(out);
            let mut header = vec![
                "draw".to_string(),
                "model".into(),
                "zone".into(),
                "agreement".into(),
                "outcome".into(),
            ];
            header.extend(s.issues().iter().map(|i| i.id.to_string()));
            w.write_record(&header)
                .map_err(|e| Failure::Output(format!("parley: cannot write --per-draw {}: {e}", path.display())))?;
            Some(w)
        }
        None => None,
    };
    let outcome_ids: Vec<String> = s.outcomes().iter().map(|o| o.id.clone()).collect();
    let n_issues = s.issues().len();
    let per_draw_name = match &a.per_draw {
        Some(p) if p.as_os_str() == "-" => "standard output (--per-draw -)".to_string(),
        Some(p) => format!("--per-draw {}", p.display()),
        None => String::new(),
    };
    // A failed write stops the run and is reported as an output error (exit 3), not bad input.
    let mut write_err: Option<std::io::Error> = None;
    let bar = progress(cfg.draws, "simulate");
    let sim = simulate(
        &s,
        &models,
        &cfg,
        |d| {
            let Some(w) = writer.as_mut() else { return Ok(()) };
            for (id, m) in ids.iter().zip(&d.models) {
                let mut row = vec![
                    d.draw.to_string(),
                    id.clone(),
                    d.zone.to_string(),
                    m.agreement.to_string(),
                    m.outcome
                        .and_then(|i| outcome_ids.get(i).cloned())
                        .unwrap_or_else(|| "unclassified".into()),
                ];
                match &m.values {
                    Some(v) => row.extend(v.iter().map(|x| x.to_string())),
                    None => row.extend(std::iter::repeat_n(String::new(), n_issues)),
                }
                if let Err(e) = w.write_record(&row) {
                    write_err = Some(std::io::Error::other(e.to_string()));
                    if let csv::ErrorKind::Io(io) = e.into_kind() {
                        write_err = Some(io);
                    }
                    return Err("the per-draw rows could not be written".into());
                }
            }
            Ok(())
        },
        |done| bar.set_position(done),
    )
    .map_err(|e| match write_err.take() {
        // A reader that went away (`--per-draw - | head`) ends the run quietly, as `emit` does.
        Some(w) if w.kind() == std::io::ErrorKind::BrokenPipe => Failure::Internal(w.into()),
        Some(w) => Failure::Output(format!("parley: cannot write {per_draw_name}: {w}")),
        None => Failure::Input(e),
    });
    bar.finish_and_clear();
    let sim = sim?;
    if let Some(mut w) = writer {
        w.flush().map_err(|e| {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                Failure::Internal(e.into())
            } else {
                Failure::output(&per_draw_name, &e)
            }
        })?;
    }
    let rep = simulate_report(&s, a.scenario.variant.as_deref(), &sim);
    a.save.save(
        RunMeta {
            kind: "simulate",
            loaded: &loaded,
            variant: a.scenario.variant.as_deref(),
            models: &a.models.models,
            params: serde_json::json!({"param": a.models.params, "draws": cfg.draws}),
            seed: Some(cfg.seed),
        },
        &rep,
    )?;
    match a.format {
        Format::Json => emit_json(&rep),
        Format::Csv => emit(&simulate_csv(&rep).map_err(|e| Failure::Internal(e.into()))?),
        Format::Table => emit(&simulate_table(&rep)),
    }
}
