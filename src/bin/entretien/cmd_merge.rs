//! `entretien merge`: combines aggregates written by `score --aggregate-out` (shards of one corpus).

use crate::output::write_atomic;
use crate::report::AggregateFiles;
use entretien::aggregate::{Aggregate, TermLevel};
use entretien::corpus::SeenIds;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Aggregate files (JSON) to merge, all made with the same lexicon, grouping and negation mode.
    #[arg(value_name = "FILE", required = true)]
    parts: Vec<PathBuf>,
    /// Write the merged aggregate here instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write themes.csv, groups.csv, keyness.csv and cooccurrence.csv here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Compute each group's specific terms on stems or on word forms (keyness.csv).
    #[arg(long, default_value = "stems")]
    terms: TermLevel,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Output places are checked before the parts are read.
    let tables = args
        .out
        .as_ref()
        .map(|dir| AggregateFiles::create(dir, &args.parts))
        .transpose()?;
    let mut total: Option<Aggregate> = None;
    // The same part twice (the same file, or a copy) would count its documents twice.
    let mut seen = SeenIds::default();
    for path in &args.parts {
        let bytes = std::fs::read(path).map_err(|e| entretien::Error::io(Some(path), e))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            entretien::Error::invalid_utf8(e.utf8_error().valid_up_to()).with_path(path)
        })?;
        if seen.repeated(&text) {
            anyhow::bail!(
                "{}: the same part as one given before (the same file or a copy); each part is \
                 merged once",
                path.display()
            );
        }
        let part = Aggregate::from_json(&text).map_err(|e| e.with_path(path))?;
        match &mut total {
            None => total = Some(part),
            Some(t) => t
                .merge(&part)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
        }
    }
    let Some(total) = total else {
        anyhow::bail!("nothing to merge");
    };
    let json = total.to_json();
    match &args.output {
        Some(path) => write_atomic(path, &args.parts, format!("{json}\n").as_bytes())?,
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
            out.flush()?;
        }
    }
    if let Some(tables) = tables {
        tables.write(&total, None, args.terms)?;
    }
    Ok(ExitCode::SUCCESS)
}
