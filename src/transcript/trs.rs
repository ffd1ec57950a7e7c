//! Transcriber (`.trs`) XML files.
//!
//! `<Speakers>` declares speakers (`<Speaker id="spk1" name="Enquêtrice"/>`); each
//! `<Turn speaker="spk1" startTime="…" endTime="…">` becomes a turn named after its speaker,
//! timed by the turn, its role from the name through [`RoleRules`](super::RoleRules). A turn of
//! several speakers (`speaker="spk1 spk2"`, overlapping speech) is split at its
//! `<Who nb="1"/>`, `<Who nb="2"/>` marks into one turn per speaker, all with the turn's times.
//! Without `<Who>` marks, its words go to the speakers together (`Enquêteur+Mme Durand`, their
//! role if they agree, else [`Role::Unknown`]), with a warning; a `<Who>` whose `nb` the turn
//! does not list leaves the words after it with the turn's first speaker, with a warning.
//! `<Sync>`, `<Event>`, `<Comment>` and `<Background>` are kept out of the words; the words of a
//! turn are joined with single spaces. `<Section topic="…">` elements become
//! [`Section`]s named after their topic (or type). The attributes of `<Trans>` (`scribe`,
//! `audio_filename`, `version_date`, `xml:lang`...) become metadata, and so does each
//! speaker's declaration (`speaker.spk1.name`, `speaker.spk1.type`...). Speaker ids that are not
//! declared are used as names. Decoding (ISO-8859-1 and friends) happens before parsing.

use crate::error::{Error, Result};
use crate::span::Span;
use crate::transcript::roles::CompiledRoles;
use crate::transcript::{line_of, Assembler, Format, Role, Section, Transcript, Warning};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;

/// The words of one speaker within a turn, being gathered.
struct Piece {
    speaker: Option<String>,
    words: String,
}

struct OpenTurn {
    speakers: Vec<String>,
    /// The byte offset of the `<Turn>` tag, for warnings.
    at: usize,
    /// Whether a `<Who>` mark split the turn.
    split: bool,
    start: Option<f64>,
    end: Option<f64>,
    pieces: Vec<Piece>,
}

fn attributes(e: &BytesStart<'_>, text: &str, at: usize) -> Result<HashMap<String, String>> {
    let mut out = HashMap::new();
    for attr in e.attributes() {
        let attr = attr.map_err(|err| xml_error(text, at, err.to_string()))?;
        let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
        let value = attr
            .unescape_value()
            .map_err(|err| xml_error(text, at, err.to_string()))?;
        out.insert(key, value.into_owned());
    }
    Ok(out)
}

fn xml_error(text: &str, offset: usize, message: impl Into<String>) -> Error {
    Error::transcript(Some(line_of(text, offset)), message)
}

/// An entity that cannot be read, at its own line (`at` is where the text holding it starts).
fn entity_error(text: &str, at: usize, e: &quick_xml::Error) -> Error {
    use quick_xml::escape::EscapeError;
    match e {
        quick_xml::Error::Escape(EscapeError::UnrecognizedEntity(range, name)) => xml_error(
            text,
            at.saturating_add(range.start),
            format!("unknown entity `&{name};` (entities a DTD declares are not expanded)"),
        ),
        quick_xml::Error::Escape(EscapeError::UnterminatedEntity(range)) => xml_error(
            text,
            at.saturating_add(range.start),
            "`&` without its `;` (write `&amp;` for an ampersand)",
        ),
        other => xml_error(text, at, format!("bad entity: {other}")),
    }
}

fn time(attrs: &HashMap<String, String>, key: &str, text: &str, at: usize) -> Result<Option<f64>> {
    match attrs.get(key) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|t| t.is_finite())
            .map(Some)
            .ok_or_else(|| xml_error(text, at, format!("invalid {key} {v:?}"))),
    }
}

/// Reads a Transcriber file.
pub(crate) fn parse(text: &str, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut transcript = Transcript::empty(id.to_string(), Format::Trs);
    let mut assembler = Assembler::new();
    let mut names: HashMap<String, String> = HashMap::new();
    let mut topics: HashMap<String, String> = HashMap::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut open_section: Option<(String, usize)> = None;
    let mut turn: Option<OpenTurn> = None;
    let mut seen_root = false;
    let mut warnings: Vec<Warning> = Vec::new();
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = reader.read_event().map_err(|e| {
            let pos = usize::try_from(reader.error_position()).unwrap_or(at);
            xml_error(text, pos, format!("malformed XML: {e}"))
        })?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                let name = e.name();
                let attrs = attributes(e, text, at)?;
                match name.as_ref() {
                    b"Trans" => {
                        seen_root = true;
                        for (k, v) in &attrs {
                            transcript.metadata.insert(k.clone(), v.clone());
                        }
                    }
                    b"Speaker" => {
                        let Some(spk) = attrs.get("id") else {
                            return Err(xml_error(text, at, "<Speaker> without an id"));
                        };
                        for (k, v) in &attrs {
                            if k != "id" {
                                transcript
                                    .metadata
                                    .insert(format!("speaker.{spk}.{k}"), v.clone());
                            }
                        }
                        let name = attrs.get("name").filter(|n| !n.trim().is_empty());
                        names.insert(spk.clone(), name.unwrap_or(spk).trim().to_string());
                    }
                    b"Topic" => {
                        if let (Some(tid), Some(desc)) = (attrs.get("id"), attrs.get("desc")) {
                            topics.insert(tid.clone(), desc.clone());
                        }
                    }
                    b"Section" => {
                        let name = attrs
                            .get("topic")
                            .map(|t| topics.get(t).unwrap_or(t).clone())
                            .or_else(|| attrs.get("type").cloned())
                            .unwrap_or_default();
                        open_section = Some((name, assembler.len()));
                    }
                    b"Turn" => {
                        if turn.is_some() {
                            return Err(xml_error(text, at, "<Turn> inside another <Turn>"));
                        }
                        let speakers: Vec<String> = attrs
                            .get("speaker")
                            .map(|s| s.split_whitespace().map(str::to_string).collect())
                            .unwrap_or_default();
                        let first = speakers.first().cloned();
                        let open = OpenTurn {
                            start: time(&attrs, "startTime", text, at)?,
                            end: time(&attrs, "endTime", text, at)?,
                            pieces: vec![Piece {
                                speaker: first,
                                words: String::new(),
                            }],
                            speakers,
                            at,
                            split: false,
                        };
                        if !empty {
                            turn = Some(open);
                        }
                    }
                    b"Who" => {
                        let Some(open) = turn.as_mut() else {
                            return Err(xml_error(text, at, "<Who> outside a <Turn>"));
                        };
                        let nb = attrs.get("nb").and_then(|n| n.trim().parse::<usize>().ok());
                        let listed = nb
                            .and_then(|nb| nb.checked_sub(1))
                            .and_then(|i| open.speakers.get(i));
                        let speaker = match listed {
                            Some(s) => Some(s.clone()),
                            None => {
                                let shown = attrs.get("nb").map_or("", String::as_str);
                                warnings.push(Warning::new(
                                    Some(line_of(text, at)),
                                    format!(
                                        "<Who nb=\"{shown}\"> but the turn lists {} speaker(s): the words that follow stay with the turn's first speaker",
                                        open.speakers.len()
                                    ),
                                ));
                                open.speakers.first().cloned()
                            }
                        };
                        open.split = true;
                        open.pieces.push(Piece {
                            speaker,
                            words: String::new(),
                        });
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some(open) = turn.as_mut() {
                    let words = t.unescape().map_err(|e| entity_error(text, at, &e))?;
                    if let Some(piece) = open.pieces.last_mut() {
                        for w in words.split_whitespace() {
                            if !piece.words.is_empty() {
                                piece.words.push(' ');
                            }
                            piece.words.push_str(w);
                        }
                    }
                }
            }
            Event::CData(t) => {
                if let Some(piece) = turn.as_mut().and_then(|o| o.pieces.last_mut()) {
                    let words = String::from_utf8_lossy(&t);
                    if !piece.words.is_empty() {
                        piece.words.push(' ');
                    }
                    piece.words.push_str(words.trim());
                }
            }
            Event::End(e) => match e.name().as_ref() {
                b"Turn" => {
                    if let Some(open) = turn.take() {
                        let name_of = |s: &String| names.get(s).unwrap_or(s).clone();
                        // Several speakers and no `<Who>`: the words are theirs together.
                        let combined = (open.speakers.len() > 1 && !open.split).then(|| {
                            let listed: Vec<String> = open.speakers.iter().map(name_of).collect();
                            let role = listed
                                .iter()
                                .map(|n| roles.classify(n))
                                .reduce(|a, b| if a == b { a } else { Role::Unknown })
                                .unwrap_or(Role::Unknown);
                            (listed.join("+"), role)
                        });
                        if let Some((name, _)) = &combined {
                            if open.pieces.iter().any(|p| !p.words.trim().is_empty()) {
                                warnings.push(Warning::new(
                                    Some(line_of(text, open.at)),
                                    format!(
                                        "<Turn> of several speakers without <Who> marks: its words go to \"{name}\""
                                    ),
                                ));
                            }
                        }
                        for piece in open.pieces {
                            let (name, role) = match (&combined, &piece.speaker) {
                                (Some((name, role)), _) => (Some(name.clone()), *role),
                                (None, Some(s)) => {
                                    let name = name_of(s);
                                    let role = roles.classify(&name);
                                    (Some(name), role)
                                }
                                (None, None) => (None, Role::Unknown),
                            };
                            assembler.push(
                                name.as_deref(),
                                role,
                                &piece.words,
                                open.start,
                                open.end,
                            );
                        }
                    }
                }
                b"Section" => {
                    if let Some((name, start)) = open_section.take() {
                        let end = assembler.len();
                        sections.push(Section {
                            name,
                            span: Span::new(
                                if start == 0 || start >= end {
                                    start
                                } else {
                                    start + 1
                                },
                                end,
                            ),
                        });
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_root {
        return Err(Error::transcript(
            Some(1),
            "not a Transcriber file: no <Trans> element",
        ));
    }
    if turn.is_some() {
        return Err(xml_error(text, text.len(), "unclosed <Turn>"));
    }
    assembler.finish(&mut transcript);
    transcript.warnings = warnings;
    transcript.sections = sections
        .into_iter()
        .filter(|s| !s.span.is_empty())
        .collect();
    Ok(transcript)
}
