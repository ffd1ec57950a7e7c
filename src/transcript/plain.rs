//! Plain text with speaker labels at line start.
//!
//! A label is a short name (1 to 4 words, at most 40 characters) at the start of a line,
//! followed by a colon: `Enquêteur :`, `E:`, `Mme Durand :`, `[SPEAKER_00]:`, `**Q** :`. A
//! timestamp may come before the label, between the label and the colon, or just after the
//! colon (`[00:12:34] Agent :`, `Agent (00:12:34) :`, `E : (12:34) …`); it becomes the turn's
//! start. Lines that follow belong to the current turn. Text before the first label is the
//! preamble.
//!
//! A sentence with a colon (`Il m'a dit : non`) is not a label. A candidate is accepted when
//! its label is known to [`RoleRules`](super::RoleRules) (any case), is a diarisation label
//! (`SPEAKER_01`), or looks like a name — each word capitalised, numeric, or a particle
//! (`de`, `d'…`, `l'…`), the first word not a common French word (`Alors`, `Il`, `Date`...) —
//! *and* occurs at least twice in the text, or carries an honorific (`M.`, `Mme`) or a number
//! (`Agent 2`). So `Bref : …` once in an interview is text, `Agent :` on every other line is a
//! speaker.
//!
//! A label may also follow a bracketed annotation (`[rires] R : …`, `(inaudible) E : …`), which
//! is kept out of the words. A bracketed label followed by a time range needs no colon
//! (`[Chercheur] (0:01 - 0:11)`, as TurboScribe writes, the words often on the next lines): the
//! range gives the turn's start and end. Lines end at any line break: `\r\n`, `\n`, `\r` alone (old Mac
//! exports), NEL, U+2028 and U+2029.
//!
//! A file may open with a front matter block of `key: value` lines between two `---` lines;
//! they become metadata (an `id` key sets the id), and are kept out of the preamble. A block
//! without its closing `---` ends, with a warning, at its first line that is not `key: value`.

use crate::error::Result;
use crate::fxhash::FxMap;
use crate::span::Span;
use crate::transcript::roles::{fold_label, is_diarisation_label, CompiledRoles, RoleRule};
use crate::transcript::{
    lines, parse_clock, push_times, trim_span, Format, Role, Section, SpeakerId, SpeakerTable,
    Transcript, Turn, TurnTimes, Warning,
};
use regex::Regex;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

/// A speaker label found at the start of a line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LabelMatch {
    /// The speaker as written (brackets and emphasis removed).
    pub speaker: String,
    pub role: Role,
    /// Byte offset in the line where the words begin (after label, colon and timestamps).
    pub words_at: usize,
    /// A timestamp found around the label.
    pub start: Option<f64>,
    /// The end of a time range after the label (`[R] (0:11 - 0:15)`).
    pub end: Option<f64>,
}

/// The label pattern. Its classes are byte-cheap on purpose: digits are ASCII and any non-ASCII
/// character may appear in a label, which [`label_chars_ok`] then checks. Unicode classes such as
/// `\p{L}` made the pattern thousands of states, slow to compile and to run with captures.
fn label_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let ts = r"[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?(?:[.,][0-9]{1,3})?";
        let sp = r"[ \t\u{a0}\u{202f}]";
        let pattern = format!(
            r"^{sp}*(?:[\[(](?P<t1>{ts})[\])]{sp}*|(?P<t0>[0-9]{{1,2}}:[0-9]{{2}}:[0-9]{{2}}(?:[.,][0-9]{{1,3}})?){sp}+|[\[(][^\[\]()\n:]{{1,40}}[\])]{sp}+)?(?:\*\*)?(?:\[(?P<bracketed>[^\]\n:]{{1,40}})\]|(?P<label>[A-Za-z0-9\u{{80}}-\u{{10FFFF}}][A-Za-z0-9.'_\-() \u{{80}}-\u{{10FFFF}}]{{0,39}}?))(?:\*\*)?{sp}*(?:[\[(](?P<t2>{ts})[\])]{sp}*)?(?:\*\*)?{sp}*:(?:\*\*)?{sp}*(?:[\[(](?P<t3>{ts})[\])]{sp}*)?"
        );
        // The pattern is a constant: failing to compile it is a bug, caught by every test.
        Regex::new(&pattern).expect("valid label pattern")
    })
}

/// A bracketed label and a time range, without a colon: `[Chercheur] (0:01 - 0:11)`, the dash a
/// hyphen, an en dash or an em dash. A mistyped time (`22:175`) still marks the label, and gives
/// no time (see [`range_clock`]).
fn range_label_regex() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        let ts = r"[0-9]{1,2}(?::[0-9]{1,3}){1,2}(?:[.,][0-9]{1,3})?";
        let sp = r"[ \t\u{a0}\u{202f}]";
        let pattern = format!(
            r"^{sp}*\[(?P<label>[^\[\]\n:]{{1,40}})\]{sp}*[(\[](?P<from>{ts}){sp}*[-–—]{sp}*(?P<to>{ts})[)\]]{sp}*:?{sp}*"
        );
        // A constant pattern, as above.
        Regex::new(&pattern).expect("valid range label pattern")
    })
}

/// Whether an unbracketed label is made of what labels are made of: a letter or digit, then
/// letters, digits, `. ' ’ _ - ( )`, spaces and no-break spaces.
fn label_chars_ok(label: &str) -> bool {
    let mut chars = label.chars();
    chars.next().is_some_and(char::is_alphanumeric)
        && chars.all(|c| {
            c.is_alphanumeric()
                || matches!(c, '.' | '\'' | '’' | '_' | '-' | '(' | ')' | ' ' | '\u{a0}')
        })
}

/// A label-shaped prefix of `line`, before deciding whether it is a speaker.
struct Candidate<'a> {
    label: &'a str,
    words_at: usize,
    start: Option<f64>,
    end: Option<f64>,
}

/// A speaker label has at most this many words (`Agent d'accueil 2`, `M. Jean Dupont`).
pub(crate) const MAX_LABEL_WORDS: usize = 4;

fn candidate<'t>(line: &'t str, cache: Option<&mut LabelCache<'t>>) -> Option<Candidate<'t>> {
    // A label ends with a colon within its first ~80 bytes (40 characters, brackets, timestamps):
    // most lines of prose have none there, and skip the regex.
    let head = &line.as_bytes()[..line.len().min(120)];
    let colon = memchr::memchr(b':', head)?;
    // The first colon ends the label or is inside a timestamp just before or after it, so at most
    // a leading annotation (`[rires]`, `(inaudible)`), the label's words and a timestamp's opening
    // come before it: prose with more skips the regex.
    let trimmed = line[..colon].trim_start();
    let after_annotation = match trimmed.as_bytes().first() {
        Some(b'[') => trimmed.find(']').map_or(trimmed, |i| &trimmed[i + 1..]),
        Some(b'(') => trimmed.find(')').map_or(trimmed, |i| &trimmed[i + 1..]),
        _ => trimmed,
    };
    if after_annotation
        .split_whitespace()
        .nth(MAX_LABEL_WORDS + 1)
        .is_some()
    {
        return None;
    }
    // A lazy DFA finds the label's extent cheaply; the captures are then taken on that prefix
    // only (the engine that yields captures clears state in proportion to its haystack), or found
    // in `cache` when the same prefix (`R : `) was seen before.
    let mut head_end = line.len().min(240);
    while !line.is_char_boundary(head_end) {
        head_end -= 1;
    }
    let Some(found) = label_regex().find(&line[..head_end]) else {
        return range_candidate(&line[..head_end]);
    };
    let prefix = &line[..found.end()];
    let got = match cache {
        Some(cache) => cache.get(prefix),
        None => captured(prefix),
    }?;
    Some(Candidate {
        label: &line[got.label.0..got.label.1],
        words_at: got.words_at,
        start: got.start,
        end: None,
    })
}

/// What the captures of the label pattern say of the prefix it matched: where the label lies in it
/// (trimmed), where the words begin and a timestamp. `None` when the label is not one.
#[derive(Debug, Clone, Copy)]
struct Captured {
    label: (usize, usize),
    words_at: usize,
    start: Option<f64>,
}

fn captured(prefix: &str) -> Option<Captured> {
    let caps = label_regex().captures(prefix)?;
    let label = match (caps.name("bracketed"), caps.name("label")) {
        (Some(bracketed), _) => bracketed.as_str(),
        (None, Some(label)) if label_chars_ok(label.as_str()) => label.as_str(),
        _ => return None,
    }
    .trim();
    let start = ["t0", "t1", "t2", "t3"]
        .iter()
        .filter_map(|n| caps.name(n))
        .find_map(|m| parse_clock(m.as_str()));
    let words_at = caps.get(0).map_or(0, |m| m.end());
    if label.is_empty() || !label.chars().any(char::is_alphabetic) {
        return None;
    }
    let at = label.as_ptr() as usize - prefix.as_ptr() as usize;
    Some(Captured {
        label: (at, at + label.len()),
        words_at,
        start,
    })
}

/// The captures of label prefixes already seen in a text, each distinct prefix once: speakers'
/// labels repeat on most lines, and the captures are the costly part of finding a label. Holds at
/// most [`LabelCache::MAX`] prefixes (timestamped labels are all distinct); results never depend
/// on it.
#[derive(Default)]
pub(crate) struct LabelCache<'t> {
    map: FxMap<&'t str, Option<Captured>>,
}

impl<'t> LabelCache<'t> {
    const MAX: usize = 4096;

    fn get(&mut self, prefix: &'t str) -> Option<Captured> {
        if let Some(&got) = self.map.get(prefix) {
            return got;
        }
        let got = captured(prefix);
        if self.map.len() < Self::MAX {
            self.map.insert(prefix, got);
        }
        got
    }
}

/// `[Label] (0:01 - 0:11)`: only tried on lines the colon pattern did not take.
fn range_candidate(head: &str) -> Option<Candidate<'_>> {
    if !head.trim_start().starts_with('[') {
        return None;
    }
    let caps = range_label_regex().captures(head)?;
    let label = caps.name("label")?.as_str().trim();
    if !label.chars().any(char::is_alphabetic) {
        return None;
    }
    Some(Candidate {
        label,
        words_at: caps.get(0).map_or(0, |m| m.end()),
        start: caps.name("from").and_then(|m| range_clock(m.as_str())),
        end: caps.name("to").and_then(|m| range_clock(m.as_str())),
    })
}

/// A time of a range label, when its minutes and seconds have two digits each.
fn range_clock(s: &str) -> Option<f64> {
    let whole = s.split(['.', ',']).next().unwrap_or(s);
    whole
        .split(':')
        .skip(1)
        .all(|part| part.len() == 2)
        .then(|| parse_clock(s))
        .flatten()
}

#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    "il", "elle", "on", "je", "j'", "tu", "nous", "vous", "ils", "elles", "ce", "c'est", "ca",
    "cela", "moi", "toi", "lui", "eux", "alors", "donc", "bref", "bon", "mais", "et", "ou",
    "enfin", "exemple", "par", "resultat", "bilan", "conclusion", "attention", "note", "nb",
    "remarque", "voila", "oui", "non", "ben", "bah", "euh", "puis", "ensuite", "apres", "avant",
    "aujourd'hui", "maintenant", "total", "objectif", "probleme", "sujet", "theme", "date",
    "lieu", "duree", "titre", "objet", "ps", "la", "le", "les", "un", "une", "des", "mon", "ma",
    "mes", "notre", "nos", "son", "sa", "ses", "quand", "si", "comme", "pour", "parce", "car",
    "en", "dans", "sur", "avec", "cf", "ex", "http", "https", "www", "dit", "genre", "pourquoi",
    "comment", "quoi", "ici", "aussi", "pas", "tout", "tous", "rien", "chaque", "mot", "heure",
    "service", "collectivite", "contexte", "source", "transcription", "fichier", "entretien",
    "horaire", "horaires", "tel", "telephone", "mail", "email", "adresse", "nom", "prenom", "age",
    "fonction", "poste", "statut", "anciennete", "commune", "ville", "etape", "point", "rappel",
];

const HONORIFICS: &[&str] = &[
    "m",
    "mme",
    "mlle",
    "mr",
    "dr",
    "me",
    "pr",
    "monsieur",
    "madame",
    "mademoiselle",
];

const PARTICLES: &[&str] = &[
    "de", "du", "des", "la", "le", "les", "et", "van", "von", "da", "di",
];

/// Whether `label` looks like a person's name or job title (see the module docs).
fn name_shaped(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    let Some(first) = words.first() else {
        return false;
    };
    if !first.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let first_folded = fold_label(first);
    if NOT_NAMES.contains(&first_folded.as_str())
        || NOT_NAMES
            .iter()
            .any(|w| w.ends_with('\'') && first_folded.starts_with(w))
    {
        return false;
    }
    words[1..].iter().all(|w| {
        let folded = w.to_lowercase();
        w.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || c == '(')
            || PARTICLES.contains(&folded.as_str())
            || folded.starts_with("d'")
            || folded.starts_with("d’")
            || folded.starts_with("l'")
            || folded.starts_with("l’")
    })
}

/// A candidate whose leading annotation is a role mark (`[Enq] Marie :`, `(E) Paul :`) takes it
/// into its label, where the role rules find it.
fn with_role_mark<'a>(line: &'a str, c: Candidate<'a>, roles: &CompiledRoles) -> Candidate<'a> {
    let at = c.label.as_ptr() as usize - line.as_ptr() as usize;
    let Some(before) = line.get(..at).map(str::trim_end) else {
        return c;
    };
    let open = match before.chars().last() {
        Some(']') => before.rfind('['),
        Some(')') => before.rfind('('),
        _ => None,
    };
    let Some(open) = open.filter(|&o| before[..o].trim().is_empty()) else {
        return c;
    };
    let inner = &before[open + 1..before.len() - 1];
    let marks = !matches!(
        roles.decide(inner).rule,
        RoleRule::Default | RoleRule::Diarisation
    );
    match marks {
        true => Candidate {
            label: &line[open..at + c.label.len()],
            ..c
        },
        false => c,
    }
}

/// Whether a label whose role comes from a mark inside it opens like a label: a capital or a
/// bracket, and not a common French word.
fn mark_label_ok(label: &str) -> bool {
    let first = label.split_whitespace().next().unwrap_or("");
    first.starts_with(|c: char| c.is_uppercase() || c == '[' || c == '(')
        && !NOT_NAMES.contains(&fold_label(first).as_str())
}

fn has_honorific_or_number(label: &str) -> bool {
    label.chars().any(|c| c.is_ascii_digit())
        || label.split_whitespace().any(|w| {
            let w = w.trim_end_matches('.').to_lowercase();
            HONORIFICS.contains(&w.as_str())
        })
}

/// A line's label candidate, with a role mark taken in and its size checked.
fn line_candidate<'a>(
    line: &'a str,
    roles: &CompiledRoles,
    cache: Option<&mut LabelCache<'a>>,
) -> Option<Candidate<'a>> {
    candidate(line, cache)
        .map(|c| with_role_mark(line, c, roles))
        .filter(|c| {
            c.label.chars().count() <= 40 && c.label.split_whitespace().count() <= MAX_LABEL_WORDS
        })
}

/// Which candidate labels are speakers, and their roles, given every candidate label of a text
/// (one item per line that has one): a name-shaped label counts when it occurs at least twice.
fn decide_labels<'a>(
    found: impl Iterator<Item = &'a str>,
    roles: &CompiledRoles,
) -> FxMap<&'a str, Option<Role>> {
    // Labels repeat (`R`, `E`, the same names) on thousands of lines: each distinct one is folded
    // and judged once.
    let mut per_label: FxMap<&str, usize> = FxMap::default();
    for label in found {
        *per_label.entry(label).or_default() += 1;
    }
    let folded: HashMap<&str, String> = per_label
        .keys()
        .map(|&label| (label, fold_label(label)))
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (label, n) in &per_label {
        *counts.entry(folded[label].as_str()).or_default() += n;
    }
    folded
        .iter()
        .map(|(&label, folded)| {
            // A known label in lowercase must be a word (`enquêteur :`), not a letter that a
            // phrase folds to (`à 10:30 :` folds to `a`, the answer label).
            // A mark inside a longer label (`Marie - enquêtrice`) counts when the label does not
            // open like a sentence (`Alors le chercheur :`).
            let known = roles.known_role(label).is_some()
                && (label.starts_with(char::is_uppercase) || folded.chars().count() >= 3)
                && (roles.decide(label).rule != RoleRule::Mark || mark_label_ok(label));
            let accepted = known
                || is_diarisation_label(folded)
                || (name_shaped(label)
                    && (counts.get(folded.as_str()).copied().unwrap_or(0) >= 2
                        || has_honorific_or_number(label)));
            (label, accepted.then(|| roles.classify(label)))
        })
        .collect()
}

/// Finds the speaker labels of `lines` (each a whole line), deciding together so that a
/// name-shaped label counts as a speaker when it occurs at least twice.
pub(crate) fn find_labels(lines: &[&str], roles: &CompiledRoles) -> Vec<Option<LabelMatch>> {
    let mut cache = LabelCache::default();
    let candidates: Vec<Option<Candidate<'_>>> = lines
        .iter()
        .map(|line| line_candidate(line, roles, Some(&mut cache)))
        .collect();
    let decided = decide_labels(candidates.iter().flatten().map(|c| c.label), roles);
    candidates
        .into_iter()
        .map(|c| {
            let c = c?;
            let role = decided.get(c.label).copied().flatten()?;
            Some(LabelMatch {
                speaker: c.label.to_string(),
                role,
                words_at: c.words_at,
                start: c.start,
                end: c.end,
            })
        })
        .collect()
}

/// Turns, preamble and sections of a body of text, with the tables their turns point into.
#[derive(Debug, Default)]
pub(crate) struct Body {
    pub turns: Vec<Turn>,
    pub speakers: SpeakerTable,
    pub times: Vec<TurnTimes>,
    pub preamble: Option<Span>,
    pub sections: Vec<Section>,
}

impl Body {
    /// Moves the turns, their tables, the preamble and the sections into `transcript`.
    pub(crate) fn install(self, transcript: &mut Transcript) {
        transcript.install(self.turns, self.speakers, self.times);
        transcript.preamble = self.preamble;
        transcript.sections = self.sections;
    }
}

/// A line of a body, as [`assemble`] reads it.
pub(crate) struct BodyLine<'a> {
    /// The line, without its break, as offsets in the text.
    pub start: usize,
    pub end: usize,
    /// Where the next line begins (the line's end for the last one).
    pub next: usize,
    /// Whether it is a section marker (`-*thème`).
    pub marker: bool,
    /// Its speaker label, if it has one.
    pub label: Option<LineLabel<'a>>,
}

/// A speaker label of a line: [`LabelMatch`] with the speaker borrowed.
pub(crate) struct LineLabel<'a> {
    pub speaker: &'a str,
    pub role: Role,
    pub words_at: usize,
    pub start: Option<f64>,
    pub end: Option<f64>,
}

impl<'a> LineLabel<'a> {
    pub(crate) fn of(m: &'a LabelMatch) -> LineLabel<'a> {
        LineLabel {
            speaker: &m.speaker,
            role: m.role,
            words_at: m.words_at,
            start: m.start,
            end: m.end,
        }
    }
}

/// A turn being read: its speaker and the extent of its words so far.
struct OpenTurn {
    speaker: Option<SpeakerId>,
    role: Role,
    start: Option<f64>,
    end: Option<f64>,
    words: Option<Span>,
}

impl OpenTurn {
    fn new(speaker: Option<SpeakerId>, role: Role, start: Option<f64>) -> OpenTurn {
        OpenTurn {
            speaker,
            role,
            start,
            end: None,
            words: None,
        }
    }

    fn extend(&mut self, text: &str, from: usize, to: usize) {
        let span = trim_span(text, Span::new(from, to));
        if span.is_empty() {
            return;
        }
        self.words = Some(match self.words {
            Some(w) => Span::new(w.start, span.end),
            None => span,
        });
    }

    fn close(self, body: &mut Body) {
        if let Some(span) = self.words {
            push_times(&mut body.times, span.start, self.start, self.end);
            body.turns.push(Turn {
                span,
                speaker: self.speaker,
                role: self.role,
            });
        }
    }

    /// The same speaker, for words after a section marker.
    fn resume(&self) -> OpenTurn {
        OpenTurn::new(self.speaker, self.role, None)
    }
}

/// Splits `text[range]` into turns. With `section_markers`, lines starting `-*` (IRaMuTeQ
/// themes) end the current turn, are kept out of the words and open a [`Section`].
///
/// Two passes over the lines, holding nothing per line: the first gathers the candidate labels
/// (each distinct one once) and decides which are speakers, the second reads the turns.
pub(crate) fn parse_body(
    text: &str,
    range: Span,
    roles: &CompiledRoles,
    section_markers: bool,
) -> Body {
    let is_marker = |line: &str| section_markers && line.trim_start().starts_with("-*");
    let body_lines = || {
        let mut all = lines(&text[range.range()]).peekable();
        std::iter::from_fn(move || {
            let l = all.next()?;
            let (start, end) = (range.start + l.start, range.start + l.end);
            let next = all.peek().map_or(end, |n| range.start + n.start);
            Some((start, end, next))
        })
    };
    let mut cache = LabelCache::default();
    let found = body_lines().filter_map(|(s, e, _)| {
        let line = &text[s..e];
        if is_marker(line) {
            return None;
        }
        line_candidate(line, roles, Some(&mut cache)).map(|c| c.label)
    });
    let decided = decide_labels(found, roles);
    // Every decided label is some line's: the text has a speaker when one is accepted.
    let labelled = decided.values().any(Option::is_some);
    let lines = body_lines().map(|(start, end, next)| {
        let line = &text[start..end];
        let marker = is_marker(line);
        let label = (!marker && labelled)
            .then(|| line_candidate(line, roles, Some(&mut cache)))
            .flatten()
            .and_then(|c| {
                let role = decided.get(c.label).copied().flatten()?;
                Some(LineLabel {
                    speaker: c.label,
                    role,
                    words_at: c.words_at,
                    start: c.start,
                    end: c.end,
                })
            });
        BodyLine {
            start,
            end,
            next,
            marker,
            label,
        }
    });
    assemble(text, labelled, lines, range.end)
}

/// Turns, preamble and sections from `text`'s lines; `labelled` says whether any line has a
/// speaker label (else the whole text is one turn of unknown speaker, with no preamble).
pub(crate) fn assemble<'a>(
    text: &str,
    labelled: bool,
    body_lines: impl Iterator<Item = BodyLine<'a>>,
    range_end: usize,
) -> Body {
    let mut body = Body::default();
    let mut preamble: Option<OpenTurn> = labelled.then(|| OpenTurn::new(None, Role::Unknown, None));
    let mut current: Option<OpenTurn> =
        (!labelled).then(|| OpenTurn::new(None, Role::Unknown, None));
    let mut section: Option<(String, usize)> = None;
    let close_section =
        |section: &mut Option<(String, usize)>, end: usize, out: &mut Vec<Section>| {
            if let Some((name, start)) = section.take() {
                out.push(Section {
                    name,
                    span: trim_span(text, Span::new(start.min(end), end)),
                });
            }
        };

    for line in body_lines {
        let (start, end) = (line.start, line.end);
        if line.marker {
            close_section(&mut section, start, &mut body.sections);
            let name = text[start..end].trim().trim_start_matches("-*").trim();
            section = Some((name.to_string(), line.next));
            if let Some(open) = current.take() {
                let resumed = open.resume();
                open.close(&mut body);
                current = Some(resumed);
            }
            continue;
        }
        match line.label {
            Some(label) => {
                if let Some(p) = preamble.take() {
                    body.preamble = p.words;
                }
                if let Some(open) = current.take() {
                    open.close(&mut body);
                }
                let speaker = body.speakers.id(label.speaker);
                let mut open = OpenTurn::new(Some(speaker), label.role, label.start);
                open.end = label.end;
                open.extend(text, start + label.words_at, end);
                current = Some(open);
            }
            None => {
                if let Some(open) = current.as_mut().or(preamble.as_mut()) {
                    open.extend(text, start, end);
                }
            }
        }
    }
    close_section(&mut section, range_end, &mut body.sections);
    if let Some(open) = current {
        open.close(&mut body);
    }
    body
}

/// A `---` front matter block: its metadata, where the body begins, and a warning when the block
/// was cut short.
struct FrontMatter {
    metadata: BTreeMap<String, String>,
    body_start: usize,
    warning: Option<Warning>,
}

/// Reads a `---` front matter block at the start of `text`. It ends at its closing `---` line, or
/// (with a warning) at the first line that is not `key: value` — no colon, a key with spaces,
/// or a key that is a speaker label (`E: bonjour`) — which then begins the body. A block that
/// never closes and is never cut is not front matter.
fn front_matter(text: &str, roles: &CompiledRoles) -> FrontMatter {
    let none = || FrontMatter {
        metadata: BTreeMap::new(),
        body_start: 0,
        warning: None,
    };
    let mut metadata = BTreeMap::new();
    let mut all = lines(text);
    let opening = match all.next() {
        Some(l) if text[l.start..l.end].trim() == "---" => l,
        _ => return none(),
    };
    for l in all {
        let line = text[l.start..l.end].trim();
        if line == "---" {
            return FrontMatter {
                metadata,
                body_start: l.next,
                warning: None,
            };
        }
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let key_value = line.split_once(':').filter(|(key, _)| {
            let key = key.trim_end();
            !key.is_empty()
                && !key.contains(char::is_whitespace)
                && key.chars().count() <= 40
                && roles.known_role(key).is_none()
        });
        match key_value {
            Some((key, value)) => {
                metadata.insert(key.trim().to_string(), value.trim().to_string());
            }
            None if metadata.is_empty() => return none(),
            None => {
                let warning = Warning::new(
                    Some(l.number),
                    format!(
                        "front matter opened on line {} ends here, at a line that is not `key: value`: this line and what follows are read as the transcript",
                        opening.number
                    ),
                );
                return FrontMatter {
                    metadata,
                    body_start: l.start,
                    warning: Some(warning),
                };
            }
        }
    }
    none()
}

/// Reads a plain-text transcript.
pub(crate) fn parse(text: &str, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    let mut transcript = parse_spans(text, id, roles)?;
    transcript.text = text.to_string();
    Ok(transcript)
}

/// Reads a plain-text transcript that becomes the transcript's text without a copy (a file's text is
/// then held once, not twice, while it is read).
pub(crate) fn parse_owned(text: String, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    let mut transcript = parse_spans(&text, id, roles)?;
    transcript.text = text;
    Ok(transcript)
}

/// A plain-text transcript's turns, metadata and warnings, as spans of `text`, without the text.
fn parse_spans(text: &str, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    let front = front_matter(text, roles);
    let id = front
        .metadata
        .get("id")
        .cloned()
        .unwrap_or_else(|| id.to_string());
    let mut transcript = Transcript::empty(id, Format::Plain);
    let body = parse_body(text, Span::new(front.body_start, text.len()), roles, false);
    transcript.metadata = front.metadata;
    body.install(&mut transcript);
    transcript.warnings.extend(front.warning);
    Ok(transcript)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::RoleRules;

    fn labels(lines: &[&str]) -> Vec<Option<String>> {
        let roles = RoleRules::default().compile().unwrap();
        find_labels(lines, &roles)
            .into_iter()
            .map(|l| l.map(|l| l.speaker))
            .collect()
    }

    #[test]
    fn label_cases() {
        let cases: &[(&str, Option<&str>)] = &[
            ("Enquêteur : bonjour", Some("Enquêteur")),
            ("E: oui", Some("E")),
            ("**Q** : alors", Some("Q")),
            ("[SPEAKER_00]: euh", Some("SPEAKER_00")),
            ("[00:12:34] Mme Durand : oui", Some("Mme Durand")),
            ("Il m'a dit : non", None),
            ("Bref : c'est lourd", None),
            ("10:30 on avait réunion", None),
            ("voir http://exemple.fr", None),
            ("Agent 2 : oui", Some("Agent 2")),
            ("Paul : une fois seulement", None),
            ("[garbage] R : oui", Some("R")),
            ("(inaudible) E : alors", Some("E")),
            ("[00:12:03] R : oui", Some("R")),
            ("[rires] Il m'a dit : non", None),
            ("[Chercheur] (0:01 - 0:11)", Some("Chercheur")),
            ("[Interviewe] (19:26 – 20:05) Oui.", Some("Interviewe")),
            ("[Interviewe] (22:175 - 22:17)", Some("Interviewe")),
            ("[rires] (0:01 - 0:11)", None),
        ];
        let lines: Vec<&str> = cases.iter().map(|c| c.0).collect();
        let found = labels(&lines);
        for ((line, expected), got) in cases.iter().zip(found) {
            assert_eq!(got.as_deref(), *expected, "line {line:?}");
        }
    }

    #[test]
    fn labels_do_not_depend_on_the_cache_of_prefixes() {
        // More distinct prefixes (timestamps) than the cache holds, then repeated ones.
        let lines: Vec<String> = (0..LabelCache::MAX + 50)
            .map(|i| {
                format!(
                    "[{}:{:02}:{:02}] Agent : mot {i}",
                    i / 3600,
                    i / 60 % 60,
                    i % 60
                )
            })
            .chain((0..100).map(|i| format!("R : oui {i}")))
            .chain(["Il m'a dit : non".to_string()])
            .collect();
        let roles = RoleRules::default().compile().unwrap();
        let mut cache = LabelCache::default();
        for line in &lines {
            let cached = line_candidate(line, &roles, Some(&mut cache));
            let fresh = line_candidate(line, &roles, None);
            let key = |c: &Candidate<'_>| (c.label.to_string(), c.words_at, c.start, c.end);
            assert_eq!(
                cached.as_ref().map(key),
                fresh.as_ref().map(key),
                "line {line:?}"
            );
        }
        assert_eq!(cache.map.len(), LabelCache::MAX);
    }

    #[test]
    fn range_labels_give_times() {
        let roles = RoleRules::default().compile().unwrap();
        let lines = [
            "[Chercheur] (1:02 - 1:05)",
            "[Chercheur] (1:06:10 – 1:06:12) Oui.",
            "[Chercheur] (22:175 - 22:17)",
        ];
        let found: Vec<(Option<f64>, Option<f64>, usize)> = find_labels(&lines, &roles)
            .into_iter()
            .map(|l| l.map(|l| (l.start, l.end, l.words_at)).unwrap())
            .collect();
        assert_eq!(
            found,
            [
                (Some(62.0), Some(65.0), lines[0].len()),
                (Some(3970.0), Some(3972.0), lines[1].len() - "Oui.".len()),
                (None, Some(1337.0), lines[2].len()),
            ]
        );
    }
}
