//! `entretien tokens`: one token per line, as JSON lines or TSV, streamed line by line.

use anyhow::Context;
use entretien::{Error, Normalizer, Token, Tokenizer};
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
    let input: Box<dyn BufRead> = match &path {
        Some(p) => {
            let file = File::open(p).map_err(|e| Error::io(Some(p), e))?;
            Box::new(BufReader::with_capacity(1 << 16, file))
        }
        None => Box::new(BufReader::with_capacity(1 << 16, io::stdin().lock())),
    };
    let stdout = io::stdout().lock();
    let mut out = BufWriter::with_capacity(1 << 16, stdout);
    write_tokens(input, &mut out, &args, &name)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_tokens(
    mut input: impl BufRead,
    out: &mut impl Write,
    args: &Args,
    name: &str,
) -> anyhow::Result<()> {
    let tokenizer = Tokenizer::new();
    let normalizer = Normalizer::new();
    let mut raw = Vec::new();
    let mut record = String::new();
    let mut line_start = 0usize;
    let mut line_number = 0usize;
    if args.format == OutputFormat::Tsv {
        let header = if args.lines {
            "line\ttext\tstart\tend\tkind\tnorm\n"
        } else {
            "text\tstart\tend\tkind\tnorm\n"
        };
        out.write_all(header.as_bytes())?;
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
                return Err(Error::invalid_utf8(line_start + e.valid_up_to())
                    .with_path(name)
                    .into())
            }
        };
        let base = if args.lines { 0 } else { line_start };
        for token in tokenizer.tokens(&line) {
            record.clear();
            let norm = normalizer.normalize(token.text);
            let line_field = args.lines.then_some(line_number);
            match args.format {
                OutputFormat::Jsonl => json_record(&mut record, line_field, &token, base, &norm),
                OutputFormat::Tsv => tsv_record(&mut record, line_field, &token, base, &norm),
            }
            out.write_all(record.as_bytes())?;
        }
        line_start += read;
    }
    Ok(())
}

fn json_record(out: &mut String, line: Option<usize>, token: &Token<'_>, base: usize, norm: &str) {
    use std::fmt::Write as _;
    out.push('{');
    if let Some(line) = line {
        let _ = write!(out, "\"line\":{line},");
    }
    out.push_str("\"text\":");
    json_string(out, token.text);
    let _ = write!(
        out,
        ",\"start\":{},\"end\":{},\"kind\":\"{}\",\"norm\":",
        base + token.span.start,
        base + token.span.end,
        token.kind.as_str()
    );
    json_string(out, norm);
    out.push_str("}\n");
}

fn tsv_record(out: &mut String, line: Option<usize>, token: &Token<'_>, base: usize, norm: &str) {
    use std::fmt::Write as _;
    if let Some(line) = line {
        let _ = write!(out, "{line}\t");
    }
    let _ = writeln!(
        out,
        "{}\t{}\t{}\t{}\t{}",
        token.text,
        base + token.span.start,
        base + token.span.end,
        token.kind.as_str(),
        norm
    );
}

fn json_string(out: &mut String, s: &str) {
    use std::fmt::Write as _;
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
