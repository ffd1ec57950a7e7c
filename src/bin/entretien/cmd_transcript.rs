//! `entretien transcript`: parse a transcript file and print what was read, as JSON.

use anyhow::Context;
use entretien::transcript::{self, Format, ReadOptions, RoleRules, Section, Transcript};
use entretien::{Role, Span};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// The transcript file (`-` for standard input).
    file: PathBuf,
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
    let mut roles = RoleRules::default();
    roles.interviewer.extend(args.interviewer);
    roles.respondent.extend(args.respondent);
    roles.interviewer_pattern = args.interviewer_pattern;
    let opts = ReadOptions {
        format: args.format,
        lossy: args.lossy,
        roles,
    };
    let transcripts = if args.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .context("reading standard input")?;
        transcript::read_bytes(&bytes, None, &opts)?
    } else {
        transcript::read_path(&args.file, &opts)?
    };
    let out: Vec<TranscriptOut<'_>> = transcripts.iter().map(describe).collect();
    let mut json = serde_json::to_string_pretty(&out)?;
    json.push('\n');
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(json.as_bytes())?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
