//! Praat TextGrid files, long ("text") and short formats.
//!
//! Each interval tier that holds speech is a speaker (the tier name); each non-empty interval a
//! turn timed by the interval, its role from the tier name through
//! [`RoleRules`](super::RoleRules). Turns are ordered by start time across tiers, ties by tier
//! order. UTF-16 files are decoded before parsing.
//!
//! **Tiers that are not speech** are left out of the words, and listed in one warning. A tier is
//! left out, in this order of checks ([`TierChoice`] overrides the rule):
//! 1. when [`TierChoice::speech`] is given (`--speech-tiers`), every tier it does not name; tiers
//!    [`TierChoice::skip`] names (`--skip-tiers`);
//! 2. point tiers (`TextTier`): events, not speech;
//! 3. annotation tiers, named (case and accents aside, a trailing number dropped) `Turns`,
//!    `Sections`, `Topics`, `Comments`/`Commentaires`, `Notes`, `Silence(s)`, `Pauses`, `Events`,
//!    `Bruits`/`Noise`, `Traduction`/`Translation`, `Gloss`, `act`, `sit`, `com`, or ending in one
//!    of these after `-`, `_` or `@` (`L1-com`, dependent tiers of CHAT and ELAN conversions);
//! 4. alignment tiers `phones`/`phonemes`/`phon`, `syll`/`syllabes`, `words`/`mots`/`tokens`
//!    (or ending so: `Marion-phon`), which repeat another tier word by word or sound by sound,
//!    when another tier holds speech;
//! 5. speaker tiers `spk`/`speaker`/`locuteur`, whose labels name the speakers of the
//!    transcription tier (below);
//! 6. tiers whose intervals hold no word once pauses (`#`, `_`, `+`, `(.)`), bracketed
//!    annotations (`(rire)`, `[bruit]`, `{b}`) and `&=` codes are set aside;
//! 7. a tier that repeats an earlier kept tier interval for interval (`transcription` and
//!    `test-trs` in SPPAS samples).
//!
//! A transcription tier with a generic name (`transcription`, `trs`, `ortho`, `text`/`texte`,
//! `utterances`, or ending so: `test-trs`) names no one: its turns have no speaker and
//! [`Role::Unknown`], unless one speaker tier is there, whose interval at each turn's middle
//! names the speaker (`spk` in forced-alignment output).
//!
//! Both formats are read the way Praat reads them: as a stream of numbers, quoted strings
//! (`""` is a quote) and `<flags>`, with the long format's `name =` labels and `[n]` indices
//! skipped.

use crate::error::{Error, Result};
use crate::transcript::roles::{fold_label, CompiledRoles};
use crate::transcript::{Assembler, Format, Role, Transcript, Warning};
use serde::{Deserialize, Serialize};

/// Which TextGrid tiers hold speech, over the reader's own rule (see the module docs).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TierChoice {
    /// When not empty, exactly these tiers hold speech (`--speech-tiers`); names are compared
    /// without case or accents.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub speech: Vec<String>,
    /// Tiers left out besides those the rule leaves out (`--skip-tiers`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub skip: Vec<String>,
}

/// Names of tiers that annotate, not transcribe.
const ANNOTATION_TIERS: &[&str] = &[
    "turns",
    "turn",
    "tours",
    "sections",
    "section",
    "topics",
    "topic",
    "themes",
    "comments",
    "comment",
    "commentaires",
    "commentaire",
    "com",
    "notes",
    "note",
    "silence",
    "silences",
    "pause",
    "pauses",
    "events",
    "event",
    "evenements",
    "evenement",
    "bruits",
    "bruit",
    "noise",
    "noises",
    "translation",
    "traduction",
    "trad",
    "gloss",
    "glose",
    "act",
    "sit",
    "add",
    "xpnt",
];

/// Names of tiers that split another tier's speech into sounds, syllables or words.
const ALIGNMENT_TIERS: &[&str] = &[
    "phones",
    "phone",
    "phonemes",
    "phoneme",
    "phon",
    "pho",
    "phonetique",
    "phonetic",
    "syll",
    "syl",
    "syllables",
    "syllabes",
    "words",
    "word",
    "mots",
    "mot",
    "tokens",
    "token",
];

/// Names of tiers whose labels are speakers.
const SPEAKER_TIERS: &[&str] = &["spk", "speaker", "speakers", "locuteur", "locuteurs", "loc"];

/// Names of transcription tiers that name no speaker.
const GENERIC_TIERS: &[&str] = &[
    "transcription",
    "transcriptions",
    "trans",
    "trs",
    "ortho",
    "orthographe",
    "orthographic",
    "text",
    "texte",
    "utterance",
    "utterances",
    "enonces",
    "enonce",
    "default",
];

/// What a tier is, by its name: the folded name, or its last part after `-`, `_`, `@`, ` `.
fn named_as(name: &str, list: &[&str]) -> bool {
    let folded = fold_label(name);
    list.contains(&folded.as_str())
        || folded
            .rsplit(['-', '_', '@', ' '])
            .next()
            .filter(|last| *last != folded)
            .is_some_and(|last| list.contains(&last))
}

/// A speaker tier: named `spk`, `speaker`, `locuteur` (no number: `Locuteur3` is a speaker's
/// own tier), its labels a few words at most.
fn is_speaker_tier(tier: &Tier) -> bool {
    let name = tier.name.trim().to_lowercase();
    tier.is_interval
        && SPEAKER_TIERS.contains(&name.as_str())
        && tier
            .intervals
            .iter()
            .all(|(_, _, label)| label.split_whitespace().count() <= 3)
}

/// A pause mark alone: `#`, `_`, `+`, `*`, `...`.
fn is_pause(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || matches!(c, '#' | '_' | '+' | '*' | '.' | '…'))
}

/// Whether an interval's text holds a word once pauses, bracketed annotations and `&=` codes
/// are set aside.
fn has_words(text: &str) -> bool {
    let mut depth = 0usize;
    let mut code = false;
    for c in text.chars() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '&' if depth == 0 => code = true,
            c if c.is_whitespace() => code = false,
            c if depth == 0 && !code && c.is_alphanumeric() => return true,
            _ => {}
        }
    }
    false
}

/// A tier as read: its name, class and non-blank intervals.
struct Tier {
    name: String,
    is_interval: bool,
    intervals: Vec<(f64, f64, String)>,
}

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Number(f64),
    Text(String),
    Flag(String),
}

#[derive(Debug)]
struct Token {
    value: Value,
    line: usize,
}

fn tokenize(text: &str) -> Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut chars = text.char_indices().peekable();
    // A line break as `lines` counts them: `\r\n`, `\n`, `\r`, NEL, U+2028, U+2029.
    let ends_line = |c: char, next: Option<char>| match c {
        '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
        '\r' => next != Some('\n'),
        _ => false,
    };
    // Whether the last significant character was `=`: a value must follow, not a label.
    let mut after_equals = false;
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, d)| d);
        let value_expected = std::mem::replace(&mut after_equals, c == '=');
        if c.is_whitespace() && value_expected {
            after_equals = true;
        }
        match c {
            c if ends_line(c, next) => line += 1,
            '"' => {
                let start_line = line;
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some((_, '"')) => {
                            if chars.peek().is_some_and(|&(_, c)| c == '"') {
                                chars.next();
                                s.push('"');
                            } else {
                                break;
                            }
                        }
                        Some((_, c)) => {
                            if ends_line(c, chars.peek().map(|&(_, d)| d)) {
                                line += 1;
                            }
                            s.push(c);
                        }
                        None => {
                            return Err(Error::transcript(Some(start_line), "unterminated string"))
                        }
                    }
                }
                tokens.push(Token {
                    value: Value::Text(s),
                    line: start_line,
                });
            }
            '<' => {
                let mut flag = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                    flag.push(c);
                }
                tokens.push(Token {
                    value: Value::Flag(flag),
                    line,
                });
            }
            '[' => {
                // `item [1]:`, `intervals [3]:`: an index, not a value.
                while let Some((_, c)) = chars.next() {
                    if ends_line(c, chars.peek().map(|&(_, d)| d)) {
                        line += 1;
                        break;
                    }
                    if c == ']' {
                        break;
                    }
                }
            }
            '!' => {
                // A comment up to the end of the line.
                while let Some((_, c)) = chars.next() {
                    if ends_line(c, chars.peek().map(|&(_, d)| d)) {
                        line += 1;
                        break;
                    }
                }
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '-' | '+') {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let raw = &text[i..end];
                let number = raw.parse::<f64>().map_err(|_| {
                    Error::transcript(Some(line), format!("invalid number {raw:?}"))
                })?;
                tokens.push(Token {
                    value: Value::Number(number),
                    line,
                });
            }
            c if c.is_alphabetic() || c == '_' => {
                // A label (`xmin =`, `class =`, `tiers?`): skip the word. After `=`, a word stands
                // where a number or a quoted text belongs.
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !(d.is_alphanumeric() || d == '_') {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                if value_expected {
                    return Err(Error::transcript(
                        Some(line),
                        format!(
                            "expected a number or a text in quotes after `=`, found the word {:?}",
                            &text[i..end]
                        ),
                    ));
                }
            }
            _ => {}
        }
    }
    Ok(tokens)
}

struct Stream {
    tokens: std::iter::Peekable<std::vec::IntoIter<Token>>,
    last_line: usize,
}

/// A value as a message shows it: `the number 5`, `the text "IntervalTier"`, `the flag <exists>`.
fn describe(value: &Value) -> String {
    match value {
        Value::Number(n) => format!("the number {n}"),
        Value::Text(s) => format!("the text \"{s}\""),
        Value::Flag(f) => format!("the flag <{f}>"),
    }
}

impl Stream {
    fn peek(&mut self) -> Option<&Value> {
        self.tokens.peek().map(|t| &t.value)
    }

    fn next(&mut self, what: &str) -> Result<Value> {
        match self.tokens.next() {
            Some(t) => {
                self.last_line = t.line;
                Ok(t.value)
            }
            None => Err(Error::transcript(
                Some(self.last_line),
                format!("unexpected end of TextGrid, expected {what}"),
            )),
        }
    }

    fn number(&mut self, what: &str) -> Result<f64> {
        match self.next(what)? {
            Value::Number(n) => Ok(n),
            other => Err(self.unexpected(what, &other)),
        }
    }

    fn text(&mut self, what: &str) -> Result<String> {
        match self.next(what)? {
            Value::Text(s) => Ok(s),
            other => Err(self.unexpected(what, &other)),
        }
    }

    fn count(&mut self, what: &str) -> Result<usize> {
        let n = self.number(what)?;
        if n < 0.0 || n.fract() != 0.0 || n > 1e9 {
            return Err(Error::transcript(
                Some(self.last_line),
                format!("{what} should be a whole number, found {n}"),
            ));
        }
        Ok(n as usize)
    }

    fn unexpected(&self, what: &str, found: &Value) -> Error {
        Error::transcript(
            Some(self.last_line),
            format!("expected {what}, found {}", describe(found)),
        )
    }
}

/// Reads a TextGrid file.
pub(crate) fn parse(
    text: &str,
    id: &str,
    roles: &CompiledRoles,
    choice: &TierChoice,
) -> Result<Transcript> {
    // The header first: a file that is not a TextGrid is said to be one, not reported at its
    // first odd token.
    let head = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !head.starts_with("File type") {
        let line = text[..text.len() - head.len()].matches('\n').count() + 1;
        return Err(Error::transcript(
            Some(line),
            "not a Praat TextGrid: expected `File type = \"ooTextFile\"` first",
        ));
    }
    let mut stream = Stream {
        tokens: tokenize(text)?.into_iter().peekable(),
        last_line: 1,
    };
    let mut warnings = Vec::new();
    let file_type = stream.text("the file type \"ooTextFile\"")?;
    if !file_type.starts_with("ooTextFile") {
        return Err(Error::transcript(
            Some(stream.last_line),
            format!("not a Praat text file: file type {file_type:?}"),
        ));
    }
    let class = stream.text("the object class \"TextGrid\"")?;
    if class != "TextGrid" {
        return Err(Error::transcript(
            Some(stream.last_line),
            format!("expected a TextGrid, found object class {class:?}"),
        ));
    }
    stream.number("xmin")?;
    stream.number("xmax")?;
    let tiers = match stream.next("<exists> or <absent>")? {
        Value::Flag(f) if f == "exists" => stream.count("the number of tiers")?,
        Value::Flag(_) => 0,
        other => return Err(stream.unexpected("<exists> or <absent>", &other)),
    };
    let mut read_tiers: Vec<Tier> = Vec::new();
    let tiers_line = stream.last_line;
    let mut tier = 0;
    loop {
        // As with intervals, read the tiers the file holds, whatever its count says.
        let more =
            matches!(stream.peek(), Some(Value::Text(t)) if t == "IntervalTier" || t == "TextTier");
        if tier >= tiers && !more {
            break;
        }
        if tier < tiers && !more && stream.peek().is_none() {
            // Running out of tiers is a truncated file.
            stream.text("a tier class")?;
        }
        let class = stream.text("a tier class")?;
        if class != "IntervalTier" && class != "TextTier" {
            return Err(Error::transcript(
                Some(stream.last_line),
                format!(
                    "unknown tier class \"{class}\" (expected \"IntervalTier\" or \"TextTier\")"
                ),
            ));
        }
        let name = stream.text("a tier name")?;
        stream.number("tier xmin")?;
        stream.number("tier xmax")?;
        let size = stream.count("the tier's number of intervals")?;
        let size_line = stream.last_line;
        let is_interval = class == "IntervalTier";
        let mut kept = Vec::new();
        // Read what the tier holds, not what its count says: more intervals follow as long as
        // the next value is a number; a tier class where an interval should start, or the end of
        // the file in the last tier, ends the tier early. Both disagreements are warnings; a file
        // that ends before its last tier is truncated, an error.
        let mut read = 0;
        loop {
            match stream.peek() {
                Some(Value::Number(_)) => {}
                Some(Value::Text(t)) if read < size && (t == "IntervalTier" || t == "TextTier") => {
                    break
                }
                _ if read >= size => break,
                // The last tier may end the file early; an earlier one cannot (truncated file).
                None if tier + 1 >= tiers => break,
                _ => {}
            }
            if is_interval {
                let start = stream.number("interval xmin")?;
                let end = stream.number("interval xmax")?;
                let words = stream.text("interval text")?;
                if end < start {
                    return Err(Error::transcript(
                        Some(stream.last_line),
                        format!("interval ends ({end}) before it starts ({start})"),
                    ));
                }
                if !is_pause(&words) {
                    kept.push((start, end, words));
                }
            } else {
                let time = stream.number("point time")?;
                let mark = stream.text("point mark")?;
                if !is_pause(&mark) {
                    kept.push((time, time, mark));
                }
            }
            read += 1;
        }
        if read != size {
            let what = if is_interval { "intervals" } else { "points" };
            warnings.push(Warning::new(
                Some(size_line),
                format!(
                    "tier \"{name}\" declares {size} {what} but holds {read}; all {read} were read"
                ),
            ));
        }
        read_tiers.push(Tier {
            name,
            is_interval,
            intervals: kept,
        });
        tier += 1;
    }
    if tier != tiers {
        warnings.push(Warning::new(
            Some(tiers_line),
            format!("the file declares {tiers} tiers but holds {tier}; all {tier} were read"),
        ));
    }
    let speech = speech_tiers(&read_tiers, choice, &mut warnings);
    // The speaker tier that names the speakers of generic transcription tiers, if there is one.
    let speaker_tiers: Vec<&Tier> = read_tiers
        .iter()
        .zip(&speech)
        .filter(|(t, s)| !**s && is_speaker_tier(t))
        .map(|(t, _)| t)
        .collect();
    let speaker_tier = (speaker_tiers.len() == 1).then(|| speaker_tiers[0]);
    let speaker_at = |time: f64| -> Option<&str> {
        let tier = speaker_tier?;
        tier.intervals
            .iter()
            .find(|(start, end, _)| *start <= time && time < *end)
            .map(|(_, _, label)| label.trim())
            .filter(|label| has_words(label))
    };
    // (start, tier, end, speaker, words)
    let mut intervals: Vec<(f64, usize, f64, Option<&str>, &str)> = Vec::new();
    for (i, tier) in read_tiers.iter().enumerate() {
        if !speech[i] {
            continue;
        }
        let name = tier.name.trim();
        let generic = name.is_empty() || named_as(name, GENERIC_TIERS);
        for (start, end, words) in &tier.intervals {
            let speaker = match generic {
                true => speaker_at((start + end) / 2.0),
                false => Some(name),
            };
            intervals.push((*start, i, *end, speaker, words));
        }
    }
    intervals.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut assembler = Assembler::new();
    for (start, _, end, speaker, words) in &intervals {
        let role = speaker.map_or(Role::Unknown, |s| roles.classify(s));
        assembler.push(*speaker, role, words, Some(*start), Some(*end));
    }
    let mut transcript = Transcript::empty(id.to_string(), Format::TextGrid);
    assembler.finish(&mut transcript);
    transcript.warnings = warnings;
    Ok(transcript)
}

/// Which tiers hold speech (see the module docs); a warning lists the others that hold text.
fn speech_tiers(tiers: &[Tier], choice: &TierChoice, warnings: &mut Vec<Warning>) -> Vec<bool> {
    let listed = |list: &[String], name: &str| {
        let name = fold_label(name);
        list.iter().any(|l| fold_label(l) == name)
    };
    let mut why: Vec<Option<&str>> = tiers
        .iter()
        .map(|t| {
            if !choice.speech.is_empty() {
                return (!listed(&choice.speech, &t.name)).then_some("not in --speech-tiers");
            }
            if listed(&choice.skip, &t.name) {
                Some("in --skip-tiers")
            } else if !t.is_interval {
                Some("point tier")
            } else if named_as(&t.name, ANNOTATION_TIERS) {
                Some("annotation tier")
            } else if is_speaker_tier(t) {
                Some("speaker tier")
            } else if !t.intervals.iter().any(|(_, _, w)| has_words(w)) {
                Some("no words")
            } else {
                None
            }
        })
        .collect();
    if choice.speech.is_empty() {
        // Alignment tiers go when another tier holds speech.
        let alignment: Vec<bool> = tiers
            .iter()
            .map(|t| named_as(&t.name, ALIGNMENT_TIERS))
            .collect();
        let other_speech = why.iter().zip(&alignment).any(|(w, a)| w.is_none() && !a);
        if other_speech {
            for (w, a) in why.iter_mut().zip(&alignment) {
                if *a && w.is_none() {
                    *w = Some("alignment tier");
                }
            }
        }
        // Copies of an earlier kept tier.
        for i in 0..tiers.len() {
            if why[i].is_none()
                && (0..i).any(|j| why[j].is_none() && tiers[j].intervals == tiers[i].intervals)
            {
                why[i] = Some("copy of an earlier tier");
            }
        }
    }
    let left_out: Vec<String> = tiers
        .iter()
        .zip(&why)
        .filter(|(t, w)| w.is_some() && !t.intervals.is_empty())
        .map(|(t, w)| format!("\"{}\" ({})", t.name, w.unwrap_or_default()))
        .collect();
    if !left_out.is_empty() {
        warnings.push(Warning::new(
            None,
            format!(
                "tiers left out as not speech: {} (--speech-tiers or --skip-tiers choose)",
                left_out.join(", ")
            ),
        ));
    }
    why.iter().map(Option::is_none).collect()
}
