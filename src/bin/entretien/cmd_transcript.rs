//! `entretien transcript`: parse a transcript file and print what was read, as JSON.

use crate::common::{for_each_document, InputArgs};
use entretien::transcript::{self, Format, Section, Transcript};
use entretien::{Analyzer, Lexicon, Role, Span, SpeakerFilter};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Transcript files or folders (`-` for standard input).
    #[arg(required = true)]
    file: Vec<PathBuf>,
    /// Force the format (plain, iramuteq, vtt, srt, trs, textgrid, jsonl) instead of detecting it.
    #[arg(long, value_name = "NAME")]
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
    /// Stop at the first unreadable input.
    #[arg(long)]
    strict: bool,
}

#[derive(Serialize)]
struct TurnOut<'a> {
    speaker: Option<&'a str>,
    role: Role,
    span: Span,
    #[serde(skip_serializing_if = "Option::is_none")]
    start: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<f64>,
    text: &'a str,
}

#[derive(Serialize)]
struct SectionOut<'a> {
    name: &'a str,
    span: Span,
}

#[derive(Serialize)]
struct TranscriptOut<'a> {
    id: &'a str,
    format: Format,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a Path>,
    metadata: &'a BTreeMap<String, String>,
    speakers: Vec<transcript::Speaker<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    preamble: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sections: Vec<SectionOut<'a>>,
    turns: Vec<TurnOut<'a>>,
}

fn describe(t: &Transcript) -> TranscriptOut<'_> {
    TranscriptOut {
        id: &t.id,
        format: t.format,
        source: t.source.as_deref(),
        metadata: &t.metadata,
        speakers: t.speakers(),
        preamble: t.preamble.map(|p| &t.text[p.range()]),
        sections: t
            .sections
            .iter()
            .map(|s: &Section| SectionOut {
                name: &s.name,
                span: s.span,
            })
            .collect(),
        turns: t
            .turns
            .iter()
            .map(|turn| TurnOut {
                speaker: turn.speaker.as_deref(),
                role: turn.role,
                span: turn.span,
                start: turn.start,
                end: turn.end,
                text: t.turn_text(turn),
            })
            .collect(),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let input = InputArgs {
        paths: args.file,
        input_format: args.format,
        lossy: args.lossy,
        interviewer: args.interviewer,
        respondent: args.respondent,
        interviewer_pattern: args.interviewer_pattern,
        strict: args.strict,
        quiet: true,
        ..InputArgs::default()
    };
    let lexicon = Lexicon::empty();
    let analyzer = Analyzer::builder()
        .speakers(SpeakerFilter::All)
        .build(&lexicon)?;
    let mut docs: Vec<serde_json::Value> = Vec::new();
    let (_, summary) = for_each_document(
        &input,
        None,
        None,
        &analyzer,
        |analysis, _: &mut ()| serde_json::to_value(describe(analysis.transcript)),
        |doc| {
            docs.push(doc?);
            Ok(())
        },
    )?;
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, &docs)?;
    stdout.write_all(b"\n")?;
    stdout.flush()?;
    Ok(summary.exit_code())
}
