//! `entretien tokens`: one token per line, as JSON lines or TSV, streamed line by line.

use crate::output::json_line;
use anyhow::Context;
use entretien::tables::tokens::TokenRow;
use entretien::{Error, TextPipeline};
use std::borrow::Cow;
use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Jsonl,
    Tsv,
}

#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: OutputFormat,
    /// Tokenise each line on its own: records carry `line` (1-based) and offsets within that line.
    #[arg(long)]
    lines: bool,
    /// Replace invalid UTF-8 with U+FFFD instead of failing (offsets then refer to the repaired text).
    #[arg(long)]
    lossy: bool,
    /// Input file; `-` or nothing reads standard input.
    file: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let path = args.file.clone().filter(|p| p.as_os_str() != "-");
    let name = path
        .as_ref()
        .map_or_else(|| "<stdin>".to_string(), |p| p.display().to_string());
    let mut input: Box<dyn BufRead> = match &path {
        Some(p) => {
            let file = File::open(p).map_err(|e| Error::io(Some(p), e))?;
            Box::new(BufReader::with_capacity(1 << 16, file))
        }
        None => Box::new(BufReader::with_capacity(1 << 16, io::stdin().lock())),
    };
    let mut out = BufWriter::with_capacity(1 << 16, io::stdout().lock());
    let pipeline = TextPipeline::french();
    let mut raw = Vec::new();
    let mut line_start = 0usize;
    let mut line_number = 0usize;
    if args.format == OutputFormat::Tsv {
        out.write_all(TokenRow::tsv_header(args.lines).as_bytes())?;
    }
    loop {
        raw.clear();
        let read = input
            .read_until(b'\n', &mut raw)
            .with_context(|| format!("{name}: read failed"))?;
        if read == 0 {
            break;
        }
        line_number += 1;
        let content = raw.strip_suffix(b"\n").unwrap_or(&raw);
        let line: Cow<str> = match std::str::from_utf8(content) {
            Ok(s) => Cow::Borrowed(s),
            Err(_) if args.lossy => String::from_utf8_lossy(content),
            Err(e) => {
                let e = Error::invalid_utf8(line_start + e.valid_up_to()).with_path(name);
                anyhow::bail!("{e}; --lossy replaces invalid bytes")
            }
        };
        let base = if args.lines { 0 } else { line_start };
        for token in pipeline.tokens(&line) {
            let norm = pipeline.normalize(token.text);
            let row = TokenRow::new(&token, base, args.lines.then_some(line_number), &norm);
            match args.format {
                OutputFormat::Jsonl => json_line(&mut out, &row)?,
                OutputFormat::Tsv => out.write_all(row.tsv().as_bytes())?,
            }
        }
        line_start += read;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
