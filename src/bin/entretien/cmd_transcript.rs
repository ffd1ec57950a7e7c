//! `entretien transcript`: parse a transcript file and print what was read, as JSON.

use crate::common::{for_each_document, InputArgs};
use entretien::group::GroupBy;
use entretien::tables::transcript::{TranscriptSummary, TranscriptView};
use entretien::transcript::{Format, TextEncoding};
use entretien::{Analyzer, Lexicon, SpeakerFilter};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Transcript files or folders (`-` for standard input).
    #[arg(required = true)]
    file: Vec<PathBuf>,
    /// Force the format (plain, iramuteq, vtt, srt, trs, textgrid, jsonl, docx, odt, tei, eaf,
    /// chat, asr-json) instead of detecting it.
    #[arg(long, visible_alias = "input-format", value_name = "NAME")]
    format: Option<Format>,
    /// Replace invalid UTF-8 bytes instead of failing.
    #[arg(long)]
    lossy: bool,
    /// An extra interviewer label (repeatable).
    #[arg(long, value_name = "LABEL")]
    interviewer: Vec<String>,
    /// An extra respondent label (repeatable).
    #[arg(long, value_name = "LABEL")]
    respondent: Vec<String>,
    /// A regular expression over folded labels (lowercase, no accents) marking interviewers.
    #[arg(long, value_name = "REGEX")]
    interviewer_pattern: Option<String>,
    /// A CSV file of speakers' roles (`speaker,role` and an optional `file` column).
    #[arg(long = "roles", value_name = "FILE")]
    roles: Option<PathBuf>,
    /// Read text files in this encoding instead of UTF-8 (utf8, latin1, latin9, cp1252).
    #[arg(long, value_name = "ENCODING")]
    encoding: Option<TextEncoding>,
    /// TextGrid tiers that hold speech, separated by commas (the others are left out).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    speech_tiers: Vec<String>,
    /// TextGrid tiers to leave out besides those that hold no speech, separated by commas.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    skip_tiers: Vec<String>,
    /// One row per document instead of the turns: format, turns, words per role, each speaker
    /// with its role and the rule that gave it, times, warnings.
    #[arg(long)]
    summary: bool,
    /// Output of --summary: table (default) or json.
    #[arg(
        long = "summary-format",
        value_name = "FORMAT",
        default_value = "table"
    )]
    summary_format: SummaryFormat,
    /// Stop at the first unreadable input.
    #[arg(long)]
    strict: bool,
    /// No reader warnings on stderr.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum SummaryFormat {
    Table,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let input = InputArgs {
        paths: args.file,
        input_format: args.format,
        lossy: args.lossy,
        interviewer: args.interviewer,
        respondent: args.respondent,
        interviewer_pattern: args.interviewer_pattern,
        roles: args.roles,
        encoding: args.encoding,
        speech_tiers: args.speech_tiers,
        skip_tiers: args.skip_tiers,
        strict: args.strict,
        quiet: args.quiet,
        no_progress: true,
        ..InputArgs::default()
    };
    let lexicon = Lexicon::empty();
    let analyzer = Analyzer::builder()
        .speakers(SpeakerFilter::All)
        .build(&lexicon)?;
    let mut stdout = std::io::stdout().lock();
    if args.summary {
        let mut rows: Vec<TranscriptSummary> = Vec::new();
        let (_, code) = for_each_document(
            &input,
            None,
            None,
            &analyzer,
            &GroupBy::None,
            |windows, _: &mut (), _| {
                let mut summary = TranscriptSummary::empty(windows.transcript());
                while let Some(window) = windows.next() {
                    summary.add(&window);
                }
                summary
            },
            |row| {
                rows.push(row);
                Ok(())
            },
        )?;
        match args.summary_format {
            SummaryFormat::Table => {
                stdout.write_all(TranscriptSummary::render(&rows).as_bytes())?
            }
            SummaryFormat::Json => {
                serde_json::to_writer_pretty(&mut stdout, &rows)?;
                stdout.write_all(b"\n")?;
            }
        }
        stdout.flush()?;
        return Ok(code);
    }
    let mut docs: Vec<serde_json::Value> = Vec::new();
    let (_, code) = for_each_document(
        &input,
        None,
        None,
        &analyzer,
        &GroupBy::None,
        // The view needs no analysis: no window is asked for.
        |windows, _: &mut (), _| serde_json::to_value(TranscriptView::of(windows.transcript())),
        |doc| {
            docs.push(doc?);
            Ok(())
        },
    )?;
    serde_json::to_writer_pretty(&mut stdout, &docs)?;
    stdout.write_all(b"\n")?;
    stdout.flush()?;
    Ok(code)
}
