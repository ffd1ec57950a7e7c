//! WebVTT and SubRip (SRT) subtitles, as speech-recognition tools write them.
//!
//! Each cue becomes one turn (or several, if a cue holds several `<v>` voices), timed by the
//! cue. In WebVTT, `<v Nom>` voice tags give the speaker; other tags (`<i>`, `<c.x>`,
//! timestamps `<00:01.000>`) and SRT's `{\an8}` are removed, entities decoded, and `NOTE`,
//! `STYLE` and `REGION` blocks skipped. A cue without a voice may start with a plain-text label
//! (`Enquêtrice : …`, `[SPEAKER_01]: …`), read as in plain text. A cue with neither keeps the
//! speaker of the cue before it (subtitles name a speaker when it changes); before any speaker
//! is named, turns have no speaker and [`Role::Unknown`]. Consecutive cues of one speaker stay
//! separate turns, so each keeps its timing, except in word-level files (speech recognisers'
//! `.words.vtt`, where at least 90% of the cues hold one word): there a cue joins the turn before
//! it when it has the same speaker (or none) and starts at most [`WORD_GAP`] seconds after it ends.
//!
//! Lenient on what tools and people write: a voice tag without its closing `>` still names the
//! speaker (with a warning), and an SRT timing line starts a new cue even without a blank line
//! before it. Lines end at any line break (`\r` alone included).

use crate::error::{Error, Result};
use crate::transcript::plain::find_labels;
use crate::transcript::roles::CompiledRoles;
use crate::transcript::{lines, parse_clock, Assembler, Format, Role, Transcript, Warning};

/// The longest pause within one turn of a word-level file, in seconds.
pub(crate) const WORD_GAP: f64 = 1.0;

/// A block of consecutive non-blank lines: its first line number and its lines.
struct Block<'a> {
    line: usize,
    lines: Vec<&'a str>,
}

fn blocks(text: &str) -> Vec<Block<'_>> {
    let mut out: Vec<Block<'_>> = Vec::new();
    let mut current: Option<Block<'_>> = None;
    for l in lines(text) {
        let line = &text[l.start..l.end];
        if line.trim().is_empty() {
            out.extend(current.take());
        } else {
            current
                .get_or_insert_with(|| Block {
                    line: l.number,
                    lines: Vec::new(),
                })
                .lines
                .push(line);
        }
    }
    out.extend(current);
    out
}

/// A piece of a cue spoken by one voice.
struct Segment {
    voice: Option<String>,
    words: String,
}

struct Cue {
    start: f64,
    end: f64,
    segments: Vec<Segment>,
}

/// Parses `start --> end [settings]` at line `line`.
fn parse_timing(timing: &str, line: usize) -> Result<(f64, f64)> {
    let bad = || {
        Error::transcript(
            Some(line),
            format!("invalid cue timing {:?}", timing.trim()),
        )
    };
    let (left, right) = timing.split_once("-->").ok_or_else(bad)?;
    let right = right.split_whitespace().next().ok_or_else(bad)?;
    let start = parse_clock(left)
        .filter(|_| left.contains(':'))
        .ok_or_else(bad)?;
    let end = parse_clock(right)
        .filter(|_| right.contains(':'))
        .ok_or_else(bad)?;
    if end < start {
        return Err(Error::transcript(
            Some(line),
            format!("cue ends before it starts: {:?}", timing.trim()),
        ));
    }
    Ok((start, end))
}

/// Removes `<…>` tags and `{…}` override codes, decodes entities.
fn strip_tags(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(i) = rest.find(['<', '{']) {
        out.push_str(&rest[..i]);
        let close = if rest[i..].starts_with('<') { '>' } else { '}' };
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + 1..],
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// Decodes the HTML entities subtitles use.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let decoded = after.find(';').filter(|&j| j <= 10).and_then(|j| {
            let name = &after[..j];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                "lrm" | "rlm" => None,
                _ => {
                    let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
                    };
                    return code.and_then(char::from_u32).map(|c| (Some(c), j));
                }
            };
            match (c, name) {
                (None, "lrm" | "rlm") => Some((None, j)),
                (Some(c), _) => Some((Some(c), j)),
                _ => None,
            }
        });
        match decoded {
            Some((c, j)) => {
                out.extend(c);
                rest = &after[j + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A voice tag at the start of a WebVTT payload line.
#[derive(Debug, PartialEq)]
struct Voice {
    name: String,
    /// Where the words begin in the line: after an unclosed tag's name; 0 for a closed tag,
    /// which [`strip_tags`] removes.
    words_at: usize,
    /// The tag has no closing `>`.
    unclosed: bool,
}

/// The voice of a WebVTT payload line starting `<v Name>` or `<v.class Name>`. Without the
/// closing `>`, the name is the whole line when it is short (at most four words), else its
/// leading capitalised words (`<v Mme Durand Bah oui` gives `Mme Durand`: the last capitalised
/// word before lowercase words opens the sentence).
fn voice_tag(line: &str) -> Option<Voice> {
    let lead = line.len() - line.trim_start().len();
    let rest = line[lead..].strip_prefix("<v")?;
    let after_v = lead + 2;
    let skip = match rest.strip_prefix('.') {
        Some(classes) => 1 + classes.find([' ', '\t', '>'])?,
        None => 0,
    };
    let rest = &rest[skip..];
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let name_from = after_v + skip;
    if let Some(close) = rest.find('>') {
        let name = rest[..close].trim();
        return (!name.is_empty()).then(|| Voice {
            name: decode_entities(name),
            words_at: 0,
            unclosed: false,
        });
    }
    // No `>`: a `<` later on the line (`<v Mme Durand <i>oui</i>`) ends the name too.
    let end = rest.find('<').unwrap_or(rest.len());
    let words: Vec<(usize, &str)> = rest[..end]
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - rest.as_ptr() as usize, w))
        .collect();
    let (first_at, _) = *words.first()?;
    let take = if words.len() <= 4 && rest[..end].trim().chars().count() <= 40 {
        words.len()
    } else {
        let capitalised = words
            .iter()
            .take(4)
            .take_while(|(_, w)| w.starts_with(|c: char| c.is_uppercase()))
            .count();
        match capitalised {
            0 => 1,
            1 => 1,
            n => n - 1,
        }
    };
    let (last_at, last) = words[take - 1];
    let name_end = last_at + last.len();
    Some(Voice {
        name: decode_entities(rest[first_at..name_end].trim()),
        words_at: name_from + name_end,
        unclosed: true,
    })
}

/// Splits a cue payload into segments by voice; `first_line` is the payload's first line number.
fn segments(
    payload: &[&str],
    first_line: usize,
    voices: bool,
    warnings: &mut Vec<Warning>,
) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (i, line) in payload.iter().enumerate() {
        let voice = if voices { voice_tag(line) } else { None };
        let words = match &voice {
            Some(v) if v.unclosed => {
                warnings.push(Warning::new(
                    Some(first_line + i),
                    format!(
                        "voice tag `<v` without its closing `>`: \"{}\" was read as the speaker",
                        v.name
                    ),
                ));
                strip_tags(&line[v.words_at..])
            }
            _ => strip_tags(line),
        };
        let voice = voice.map(|v| v.name);
        match out.last_mut() {
            Some(last) if voice.is_none() || voice == last.voice => {
                if !last.words.is_empty() {
                    last.words.push('\n');
                }
                last.words.push_str(words.trim());
            }
            _ => out.push(Segment {
                voice,
                words: words.trim().to_string(),
            }),
        }
    }
    out
}

/// Speakers from voices, else labels, else the previous cue; then the assembled transcript.
fn assemble(
    cues: Vec<Cue>,
    id: &str,
    format: Format,
    roles: &CompiledRoles,
    warnings: Vec<Warning>,
) -> Transcript {
    let unvoiced_first_lines: Vec<&str> = cues
        .iter()
        .flat_map(|c| &c.segments)
        .map(|s| match s.voice {
            Some(_) => "",
            None => s.words.lines().next().unwrap_or(""),
        })
        .collect();
    let labels = find_labels(&unvoiced_first_lines, roles);
    let mut labels = labels.into_iter();
    let one_word = |c: &Cue| match c.segments.as_slice() {
        [s] => s.words.split_whitespace().nth(1).is_none(),
        _ => false,
    };
    let word_level = {
        let spoken = cues.iter().filter(|c| !c.segments.is_empty()).count();
        let words = cues.iter().filter(|c| one_word(c)).count();
        spoken >= 3 && words * 10 >= spoken * 9
    };
    let mut assembler = Assembler::new();
    let mut speaker: Option<(String, Role)> = None;
    // The speaker and end of the last turn, when it may take the next word cue.
    let mut open: Option<(Option<String>, f64)> = None;
    for cue in &cues {
        if let (true, true, Some((who, end))) = (word_level, one_word(cue), &open) {
            let voice = cue.segments[0].voice.as_ref();
            let current = speaker.as_ref().map(|s| &s.0);
            if who.as_ref() == voice.or(current)
                && cue.start - end <= WORD_GAP
                && assembler.extend_last(&cue.segments[0].words, Some(cue.end))
            {
                labels.next();
                open = Some((who.clone(), cue.end));
                continue;
            }
        }
        for segment in &cue.segments {
            let label = labels.next().flatten();
            let mut words = segment.words.as_str();
            if let Some(voice) = &segment.voice {
                speaker = Some((voice.clone(), roles.classify(voice)));
            } else if let Some(label) = label {
                words = &words[label.words_at.min(words.len())..];
                speaker = Some((label.speaker, label.role));
            }
            let (name, role) = match &speaker {
                Some((name, role)) => (Some(name.as_str()), *role),
                None => (None, Role::Unknown),
            };
            if assembler
                .push(name, role, words, Some(cue.start), Some(cue.end))
                .is_some()
            {
                open = Some((name.map(str::to_string), cue.end));
            }
        }
        if !word_level || !one_word(cue) {
            open = None;
        }
    }
    let mut transcript = Transcript::empty(id.to_string(), format);
    assembler.finish(&mut transcript);
    transcript.warnings = warnings;
    transcript
}

/// Reads a WebVTT file.
pub(crate) fn parse_vtt(text: &str, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    let all = blocks(text);
    let mut all = all.into_iter();
    let header_ok = all.next().is_some_and(|b| {
        b.line == 1 && {
            let first = b.lines[0].trim_start_matches('\u{feff}');
            first == "WEBVTT" || first.starts_with("WEBVTT ") || first.starts_with("WEBVTT\t")
        }
    });
    if !header_ok {
        return Err(Error::transcript(
            Some(1),
            "a WebVTT file must start with a `WEBVTT` line",
        ));
    }
    let mut cues = Vec::new();
    let mut warnings = Vec::new();
    for block in all {
        let first = block.lines[0];
        let kind = first.split_whitespace().next().unwrap_or("");
        if matches!(kind, "NOTE" | "STYLE" | "REGION") {
            continue;
        }
        let timing_at = if first.contains("-->") {
            0
        } else if block.lines.get(1).is_some_and(|l| l.contains("-->")) {
            1
        } else {
            return Err(Error::transcript(
                Some(block.line),
                format!(
                    "cue without a timing line (`start --> end`): \"{}\"",
                    first.trim()
                ),
            ));
        };
        read_cues(&block, timing_at, true, &mut cues, &mut warnings)?;
    }
    Ok(assemble(cues, id, Format::Vtt, roles, warnings))
}

/// Whether `line` is a cue timing line (`00:00:01,000 --> 00:00:02,500`).
fn is_timing(line: &str) -> bool {
    line.contains("-->") && parse_timing(line, 0).is_ok()
}

/// A line of digits only: an SRT cue number (or a numeric WebVTT cue identifier).
fn is_number(line: &str) -> bool {
    let line = line.trim_start_matches('\u{feff}').trim();
    !line.is_empty() && line.chars().all(|c| c.is_ascii_digit())
}

/// Reads the cues of a block whose first timing line is `timing_at`. A later timing line starts a
/// new cue even without a blank line before it (with a warning), with the number just above it
/// as its identifier.
fn read_cues(
    block: &Block<'_>,
    timing_at: usize,
    voices: bool,
    cues: &mut Vec<Cue>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    // (first line of the cue, its timing line) for each cue of the block.
    let mut starts = vec![(0, timing_at)];
    for i in timing_at + 1..block.lines.len() {
        if is_timing(block.lines[i]) {
            let previous = starts.last().map_or(0, |s| s.1);
            let numbered = i > previous + 1 && is_number(block.lines[i - 1]);
            starts.push((if numbered { i - 1 } else { i }, i));
        }
    }
    for (k, &(first, timing)) in starts.iter().enumerate() {
        let payload_end = starts.get(k + 1).map_or(block.lines.len(), |s| s.0);
        if k > 0 {
            warnings.push(Warning::new(
                Some(block.line + first),
                "cue without a blank line before it",
            ));
        }
        let (start, end) = parse_timing(block.lines[timing], block.line + timing)?;
        cues.push(Cue {
            start,
            end,
            segments: segments(
                &block.lines[timing + 1..payload_end],
                block.line + timing + 1,
                voices,
                warnings,
            ),
        });
    }
    Ok(())
}

/// Reads a SubRip file. A timing line starts a new cue even without a blank line before it,
/// together with the cue number just above it, if any.
pub(crate) fn parse_srt(text: &str, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    let mut cues = Vec::new();
    let mut warnings = Vec::new();
    for block in blocks(text) {
        let first = block.lines[0].trim_start_matches('\u{feff}').trim();
        let timing_at = if first.contains("-->") {
            0
        } else if is_number(first) && block.lines.get(1).is_some_and(|l| l.contains("-->")) {
            1
        } else {
            return Err(Error::transcript(
                Some(block.line),
                format!("expected a cue number then a timing line (`00:00:01,000 --> 00:00:02,500`), found \"{first}\""),
            ));
        };
        read_cues(&block, timing_at, false, &mut cues, &mut warnings)?;
    }
    Ok(assemble(cues, id, Format::Srt, roles, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_entities() {
        assert_eq!(strip_tags("<i>bah</i> &amp; <c.x>oui</c>"), "bah & oui");
        assert_eq!(strip_tags("{\\an8}euh &lt;3 &#233;"), "euh <3 é");
        let name = |line: &str| voice_tag(line).map(|v| (v.name, v.unclosed));
        assert_eq!(
            name("<v.loud Mme Durand>oui"),
            Some(("Mme Durand".into(), false))
        );
        assert_eq!(name("<i>oui</i>"), None);
        assert_eq!(name("<v Mme Durand"), Some(("Mme Durand".into(), true)));
        let line = "<v Mme Durand Bah on gagne du temps.";
        let v = voice_tag(line).unwrap();
        assert_eq!(v.name, "Mme Durand");
        assert_eq!(line[v.words_at..].trim(), "Bah on gagne du temps.");
    }

    #[test]
    fn timings() {
        assert_eq!(
            parse_timing("00:01.500 --> 00:00:03.250 align:start", 3).unwrap(),
            (1.5, 3.25)
        );
        assert_eq!(
            parse_timing("00:00:01,000 --> 00:00:02,000", 3).unwrap(),
            (1.0, 2.0)
        );
        assert_eq!(parse_timing("1 --> 2", 7).unwrap_err().line(), Some(7));
    }
}
