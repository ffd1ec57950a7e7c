//! `entretien merge`: combines aggregates written by `score --aggregate-out` (shards of one corpus).

use crate::common::TermsArg;
use crate::output::write_atomic;
use crate::report;
use anyhow::Context;
use entretien::aggregate::Aggregate;
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
    #[arg(long, value_enum, default_value_t = TermsArg::Stems)]
    terms: TermsArg,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut total: Option<Aggregate> = None;
    for path in &args.parts {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
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
        Some(path) => write_atomic(path, &args.parts, |w| {
            w.write_all(json.as_bytes())?;
            w.write_all(b"\n")?;
            Ok(())
        })?,
        None => {
            let mut out = BufWriter::new(std::io::stdout().lock());
            out.write_all(json.as_bytes())?;
            out.write_all(b"\n")?;
            out.flush()?;
        }
    }
    if let Some(dir) = &args.out {
        report::write_aggregate_tables(dir, &args.parts, None, &total, args.terms.level())?;
    }
    Ok(ExitCode::SUCCESS)
}
