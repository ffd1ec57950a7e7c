//! `entretien lexicon`: check a lexicon, export one in another format, measure one against human
//! coding (`eval`), or find the indicators a theme is missing (`suggest`).

use crate::common::{read_coded, LexiconArgs};
use crate::output::{terminal_width, write_atomic};
use entretien::agreement::{self, EvalOptions, SuggestOptions};
use entretien::lexicon::default::DEFAULT_FRENCH_TOML;
use entretien::lexicon::{Lexicon, LexiconFormat, LoadOptions, LoadReport, PlainWords};
use entretien::{Analyzer, SpeakerFilter, Unit};
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
    /// Measure a lexicon against passages coded by hand: per theme and overall, against each coder,
    /// coders against each other, and the passages behind the errors.
    ///
    /// CODED files are JSON Lines (`{"id", "text", "themes", "denied", "coder"}`) or CSV with the
    /// same columns; passages with the same id in several files are one passage coded by several
    /// coders (the `coder` field, else the file's stem, names the coder).
    Eval(EvalArgs),
    /// Candidate indicators for THEME: terms specific to the passages coded with it (`--coded`), or
    /// that co-occur with its indicators in the segments of transcripts (PATH...). Nothing is
    /// written to the lexicon.
    Suggest(SuggestArgs),
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// Files of coded passages.
    #[arg(required = true, value_name = "CODED")]
    coded: Vec<PathBuf>,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// The unit the lexicon codes; a passage's themes are those of any of its units.
    #[arg(long, default_value = "document")]
    unit: Unit,
    /// Whose turns are scored (respondent, all, interviewer).
    #[arg(long, default_value = "all")]
    speakers: SpeakerFilter,
    /// Output: a table, or the whole evaluation as JSON.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    format: TableFormat,
    /// Examples of false positives and false negatives shown per theme.
    #[arg(long, default_value_t = 3, value_name = "N")]
    examples: usize,
    /// Print the table at full width instead of fitting it to `COLUMNS`.
    #[arg(long)]
    wide: bool,
    /// Measure learned coders (from `entretien learn -o`) instead, beside their lexicon (give it
    /// with --lexicon when it is not the default). The passages should be ones the model was not
    /// trained on.
    #[arg(long, value_name = "MODEL.json")]
    model: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct SuggestArgs {
    /// The theme to find indicators for.
    theme: String,
    /// Files of coded passages.
    #[arg(long, num_args = 1.., value_name = "CODED", conflicts_with = "paths")]
    coded: Vec<PathBuf>,
    /// Transcripts (no coding): terms co-occurring with the theme's indicators in segments.
    #[arg(value_name = "PATH", required_unless_present = "coded")]
    paths: Vec<PathBuf>,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Whose turns are read (respondent, all, interviewer).
    #[arg(long, default_value = "all")]
    speakers: SpeakerFilter,
    /// Candidates listed.
    #[arg(long, default_value_t = 10, value_name = "N")]
    top: usize,
    /// Passages (or segments) a candidate must occur in.
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_freq: u64,
    /// Output: a table, or JSON.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    format: TableFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    Table,
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
        Command::Eval(args) => eval(args),
        Command::Suggest(args) => suggest(args),
    }
}

fn eval(args: EvalArgs) -> anyhow::Result<ExitCode> {
    let analyzer = Analyzer::builder()
        .speakers(args.speakers.clone())
        .build(&args.lexicon.load()?)?;
    let set = read_coded(&args.coded, args.unit, &analyzer)?;
    if let Some(path) = &args.model {
        let coder = crate::cmd_learn::load_model(path, &analyzer)?;
        let figures = entretien::learn::evaluate(&coder, &analyzer, &set, &Default::default())?;
        let mut out = std::io::stdout().lock();
        match args.format {
            TableFormat::Json => {
                serde_json::to_writer_pretty(&mut out, &figures)?;
                writeln!(out)?;
            }
            TableFormat::Table => {
                let width = (!args.wide).then(terminal_width);
                out.write_all(figures.render(width).as_bytes())?;
            }
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let options = EvalOptions::new().unit(args.unit).examples(args.examples);
    let evaluation = agreement::evaluate(&analyzer, &set, &options)?;
    let mut out = std::io::stdout().lock();
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &evaluation)?;
            writeln!(out)?;
        }
        TableFormat::Table => {
            for w in &evaluation.warnings {
                eprintln!("entretien: warning: {w}");
            }
            let width = (!args.wide).then(terminal_width);
            out.write_all(evaluation.render(width).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn suggest(args: SuggestArgs) -> anyhow::Result<ExitCode> {
    let analyzer = Analyzer::builder()
        .speakers(args.speakers.clone())
        .build(&args.lexicon.load()?)?;
    let options = SuggestOptions::new().top(args.top).min_freq(args.min_freq);
    let suggestions = if args.coded.is_empty() {
        let mut transcripts = Vec::new();
        let reader = entretien::Reader::new(entretien::ReadOptions::default())?;
        for path in &args.paths {
            transcripts.extend(reader.read_path(path)?);
        }
        agreement::suggest::from_transcripts(&analyzer, &transcripts, &args.theme, &options)?
    } else {
        let set = read_coded(&args.coded, Unit::Segment, &analyzer)?;
        agreement::suggest(&analyzer, &set, &args.theme, &options)?
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &suggestions)?;
            writeln!(out)?;
        }
        TableFormat::Table => out.write_all(suggestions.render().as_bytes())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
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
