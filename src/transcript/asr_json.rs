//! Speech-recognition JSON: Whisper's `{"text", "segments": [...]}` (`openai-whisper`,
//! whisper-timestamped, faster-whisper exports) and diarised variants (WhisperX) whose segments
//! carry a `speaker`.
//!
//! A turn is a run of consecutive segments of one speaker: a speaker's turn, not a recogniser's
//! segment. Without any speaker the whole recording is one run, one turn of unknown speaker. The
//! turn's words are its segments' `text` (else their `words[].word` or `words[].text`) joined with
//! single spaces; it starts at its first segment's `start` and ends at its last one's `end`
//! (seconds). A segment without a `speaker` whose words have one takes its first word's.
//! Speaker labels (`SPEAKER_00`) go through [`RoleRules`](super::RoleRules), which give unknown
//! for diarisation labels. A top-level array of segments is read too. `language` and any other
//! top-level string or number (not `text`) become metadata. Segment times that are not numbers or
//! that end before they start are warnings naming the segment; a document without `segments`
//! and `text` is an error.

use crate::error::{Error, Result};
use crate::transcript::roles::CompiledRoles;
use crate::transcript::speech::{push_words, Notes};
use crate::transcript::{Assembler, Format, Role, Transcript};
use serde_json::Value;
use std::collections::BTreeMap;

/// A run of segments of one speaker being gathered.
struct Run {
    speaker: Option<String>,
    words: String,
    start: Option<f64>,
    end: Option<f64>,
}

/// Reads a speech-recognition JSON document.
pub(crate) fn parse(text: &str, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    let value: Value = serde_json::from_str(text)
        .map_err(|e| Error::transcript(Some(e.line().max(1)), format!("invalid JSON: {e}")))?;
    let mut meta: BTreeMap<String, String> = BTreeMap::new();
    let mut notes = Notes::default();
    let segments: &[Value] = match &value {
        Value::Array(items) => items,
        Value::Object(map) => {
            for (k, v) in map {
                let shown = match v {
                    Value::String(s) if k != "text" => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => continue,
                };
                meta.insert(k.clone(), shown);
            }
            match map.get("segments") {
                Some(Value::Array(items)) => items,
                Some(_) => {
                    return Err(Error::transcript(Some(1), "`segments` is not an array"));
                }
                None if map.get("text").is_some_and(Value::is_string) => &[],
                None => {
                    return Err(Error::transcript(
                        Some(1),
                        "not a speech-recognition document: no `segments` and no `text`",
                    ))
                }
            }
        }
        _ => {
            return Err(Error::transcript(
                Some(1),
                "not a speech-recognition document: expected an object with `segments`",
            ))
        }
    };
    let mut runs: Vec<Run> = Vec::new();
    for (i, segment) in segments.iter().enumerate() {
        let where_ = format!("segment {}", i + 1);
        let time = |key: &str, notes: &mut Notes| match segment.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => {
                let t = v.as_f64().filter(|t| t.is_finite());
                if t.is_none() {
                    notes.push(None, format!("{where_}: `{key}` is not a number: {v}"));
                }
                t
            }
        };
        let start = time("start", &mut notes);
        let mut end = time("end", &mut notes);
        if let (Some(s), Some(e)) = (start, end) {
            if e < s {
                notes.push(
                    None,
                    format!("{where_} ends ({e}) before it starts ({s}): its end is left out"),
                );
                end = None;
            }
        }
        let words_list = segment.get("words").and_then(Value::as_array);
        let speaker = segment
            .get("speaker")
            .and_then(Value::as_str)
            .or_else(|| {
                words_list
                    .and_then(|w| w.iter().find_map(|w| w.get("speaker")))
                    .and_then(Value::as_str)
            })
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let mut words = String::new();
        match segment.get("text").and_then(Value::as_str) {
            Some(t) => push_words(&mut words, t),
            None => {
                for w in words_list.into_iter().flatten() {
                    let piece = w.get("word").or_else(|| w.get("text"));
                    if let Some(piece) = piece.and_then(Value::as_str) {
                        push_words(&mut words, piece);
                    }
                }
            }
        }
        if words.is_empty() {
            continue;
        }
        match runs.last_mut() {
            Some(run) if run.speaker == speaker => {
                push_words(&mut run.words, &words);
                run.end = end.or(run.end);
            }
            _ => runs.push(Run {
                speaker,
                words,
                start,
                end,
            }),
        }
    }
    if segments.is_empty() {
        if let Some(t) = value.get("text").and_then(Value::as_str) {
            let mut words = String::new();
            push_words(&mut words, t);
            runs.push(Run {
                speaker: None,
                words,
                start: None,
                end: None,
            });
        }
    }
    let mut assembler = Assembler::new();
    for run in &runs {
        let role = run
            .speaker
            .as_deref()
            .map_or(Role::Unknown, |s| roles.classify(s));
        assembler.push(run.speaker.as_deref(), role, &run.words, run.start, run.end);
    }
    let mut transcript = Transcript::empty(id.to_string(), Format::AsrJson);
    assembler.finish(&mut transcript);
    transcript.metadata = meta;
    transcript.warnings = notes.finish();
    Ok(transcript)
}
