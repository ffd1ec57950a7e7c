//! `entretien lexicon`: check a lexicon, or export one in another format.

use crate::output::write_atomic;
use entretien::lexicon::default::DEFAULT_FRENCH_TOML;
use entretien::lexicon::{Lexicon, LexiconFormat, LoadOptions, LoadReport, PlainWords};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Validate a lexicon: errors with their line, what each entry expands to, and risky entries.
    ///
    /// Exits with status 1 when the lexicon has errors.
    Check {
        /// The lexicon (.toml, .dic, .yml/.yaml); the embedded default when absent.
        file: Option<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Only print warnings and errors, not the expansion of each entry.
        #[arg(long, short)]
        quiet: bool,
        /// Output: text, or the whole check as JSON.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
    },
    /// Write a lexicon (the embedded default unless FILE is given) in another format.
    Export {
        /// Output format (toml, dic, or qdc: a REFI-QDA codebook of the themes).
        #[arg(long)]
        format: LexiconFormat,
        /// The lexicon to convert; the embedded default when absent.
        file: Option<PathBuf>,
        /// Write here instead of stdout (never over the input file).
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct InputArgs {
    /// Input format (toml, dic or yaml), when the extension does not tell.
    #[arg(long = "input-format")]
    input_format: Option<LexiconFormat>,
    /// How single plain words of .dic and YAML dictionaries are read: exact (LIWC and quanteda
    /// semantics) or stem.
    #[arg(long, default_value = "exact")]
    plain_words: PlainWords,
}

pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Check {
            file,
            input,
            quiet,
            format,
        } => check(file.as_deref(), &input, quiet, format),
        Command::Export {
            format,
            file,
            output,
            input,
        } => export(format, file.as_deref(), output.as_deref(), &input),
    }
}

fn load(file: Option<&Path>, input: &InputArgs) -> entretien::Result<LoadReport> {
    match file {
        Some(path) => Lexicon::load_with(
            path,
            LoadOptions {
                format: input.input_format,
                plain_words: input.plain_words,
            },
        ),
        None => Lexicon::parse_str(DEFAULT_FRENCH_TOML, LexiconFormat::Toml, PlainWords::Exact),
    }
}

/// What to do when the file's extension does not tell its format: `--input-format` says it.
fn format_hint(file: Option<&Path>, input: &InputArgs) -> &'static str {
    match file {
        Some(p) if input.input_format.is_none() && LexiconFormat::from_path(p).is_none() => {
            "; --input-format toml|dic|yaml says which"
        }
        _ => "",
    }
}

fn check(
    file: Option<&Path>,
    input: &InputArgs,
    quiet: bool,
    format: CheckFormat,
) -> anyhow::Result<ExitCode> {
    let name = file.map_or_else(|| "(default lexicon)".into(), |p| p.display().to_string());
    let report = match load(file, input) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}{}", format_hint(file, input));
            return Ok(ExitCode::from(1));
        }
    };
    let check = report.check();
    let mut out = std::io::stdout().lock();
    match format {
        CheckFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &check)?;
            writeln!(out)?;
        }
        CheckFormat::Text => out.write_all(check.render(&name, !quiet).as_bytes())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn export(
    format: LexiconFormat,
    file: Option<&Path>,
    output: Option<&Path>,
    input: &InputArgs,
) -> anyhow::Result<ExitCode> {
    let report =
        load(file, input).map_err(|e| anyhow::anyhow!("{e}{}", format_hint(file, input)))?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    let lexicon = report.lexicon;
    let text = match format {
        LexiconFormat::Toml => lexicon.to_toml(),
        LexiconFormat::Dic => {
            let losses = lexicon.dic_losses();
            if !losses.is_empty() {
                eprintln!("note: {losses}");
            }
            lexicon.to_dic()
        }
        LexiconFormat::Qdc => entretien::refi_qda::to_qdc(&lexicon),
        LexiconFormat::Yaml => anyhow::bail!("lexicons are exported as toml, dic or qdc, not yaml"),
    };
    let inputs: Vec<PathBuf> = file.into_iter().map(Path::to_path_buf).collect();
    match output {
        Some(path) => write_atomic(path, &inputs, text.as_bytes())?,
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
