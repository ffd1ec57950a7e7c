//! The transcript model and its readers.
//!
//! A [`Transcript`] owns its text; turns are byte spans into it, so every quote is a slice of
//! the stored text. Plain text and IRaMuTeQ texts are stored as read (BOM removed, line
//! endings kept); for formats whose text is assembled from pieces (WebVTT, SRT, Transcriber,
//! TextGrid, JSON Lines, TEI, ELAN, CHAT, speech-recognition JSON) the pieces are joined with `\n`
//! and the turns point into the result; Word and OpenDocument files give one line per paragraph.
//!
//! ```
//! use entretien::transcript::{self, Format, ReadOptions};
//! use entretien::Role;
//!
//! let text = "Entretien du 3 mars.\nEnquêtrice : Et la dématérialisation ?\nMme Durand : Bah on gagne du temps.\nmais on se parle moins.\n";
//! let opts = ReadOptions::default();
//! let transcripts = transcript::parse_str(text, Format::Plain, "ent01", &opts).unwrap();
//! let t = &transcripts[0];
//! assert_eq!(t.turns.len(), 2);
//! assert_eq!(t.turns[0].role, Role::Interviewer);
//! assert_eq!(t.turn_speaker(&t.turns[1]), Some("Mme Durand"));
//! assert_eq!(t.turns[1].role, Role::Respondent);
//! assert_eq!(t.turn_text(&t.turns[1]), "Bah on gagne du temps.\nmais on se parle moins.");
//! assert_eq!(&t.text[t.preamble.unwrap().range()], "Entretien du 3 mars.");
//! ```
//!
//! Choices that hold for every format:
//! - an empty or blank input gives **no transcript** (an empty `Vec`), whatever the format; a
//!   file with a header but no words (`WEBVTT` alone) gives one transcript with no turns;
//! - ids come from the document (`id` in JSON Lines or plain-text front matter, `*id_…` or
//!   `*ent_…` in IRaMuTeQ), else the file stem, plus `#n` (1-based) for the nth text of a
//!   multi-text file;
//! - turns whose words are blank are dropped;
//! - roles come from [`RoleRules`] (see [`roles`] for the order of the checks); unlabelled text
//!   has [`Role::Unknown`]; each speaker's role and the [`RoleRule`] that gave it are in
//!   [`Transcript::speaker_roles`], filled by [`CompiledRoles::settle`] after every reader, which
//!   also applies a [`RolesFile`];
//! - text is UTF-8 (mojibake repaired, with a warning) unless [`ReadOptions::encoding`] names a
//!   single-byte encoding (see [`TextEncoding`]).

mod asr_json;
mod chat;
mod detect;
mod eaf;
mod encoding;
mod iramuteq;
mod jsonl;
mod long_turns;
mod markup;
pub(crate) mod office;
mod speech;
mod tei;
mod text_lines;

pub use text_lines::clock;
pub(crate) use text_lines::{line_of, lines, parse_clock, trim_span};
mod plain;
pub mod roles;
mod textgrid;
mod trs;
mod vtt;

pub use detect::detect_format;
pub use encoding::TextEncoding;
pub use roles::{
    role_from_name, CompiledRoles, RoleDecision, RoleRow, RoleRule, RoleRules, RolesFile,
    SpeakerRole,
};
pub use textgrid::TierChoice;

use crate::error::{Error, Result};
use crate::span::Span;
pub use long_turns::MAX_TURN_BYTES;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::num::NonZeroU32;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Who is speaking in a turn.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The person asking the questions (`Enquêtrice`, `E`, `Q`...).
    Interviewer,
    /// The person interviewed (`R`, `Mme Durand`, `Agent`...).
    Respondent,
    /// A third party (observer, transcriber).
    Other,
    /// Unlabelled text, or a label that says nothing about the role (`SPEAKER_00`).
    #[default]
    Unknown,
}

impl Role {
    /// The role's name, as serialised (`interviewer`, `respondent`, `other`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Interviewer => "interviewer",
            Role::Respondent => "respondent",
            Role::Other => "other",
            Role::Unknown => "unknown",
        }
    }
}

/// The formats transcripts are read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text, with or without speaker labels at line start.
    Plain,
    /// IRaMuTeQ corpus (`**** *var_mod` lines).
    Iramuteq,
    /// WebVTT subtitles.
    Vtt,
    /// SubRip subtitles.
    Srt,
    /// Transcriber XML.
    Trs,
    /// Praat TextGrid (text or long format).
    TextGrid,
    /// JSON Lines, one document per line.
    Jsonl,
    /// Word (`.docx`), read from its zip archive.
    Docx,
    /// OpenDocument text (`.odt`), read from its zip archive.
    Odt,
    /// TEI for speech: TEI P5 `<u>`, ISO 24624 (TEI_CORPO), header-only ORFEO files.
    Tei,
    /// ELAN annotation files (`.eaf`).
    Eaf,
    /// CHAT transcripts of CLAN / CHILDES (`.cha`).
    Chat,
    /// Speech-recognition JSON: Whisper, whisper-timestamped, WhisperX (`segments`).
    #[serde(rename = "asr-json")]
    AsrJson,
}

impl Format {
    /// Every format, in a stable order.
    pub const ALL: [Format; 13] = [
        Format::Plain,
        Format::Iramuteq,
        Format::Vtt,
        Format::Srt,
        Format::Trs,
        Format::TextGrid,
        Format::Jsonl,
        Format::Docx,
        Format::Odt,
        Format::Tei,
        Format::Eaf,
        Format::Chat,
        Format::AsrJson,
    ];

    /// The format's canonical name (`plain`, `iramuteq`, `vtt`, `srt`, `trs`, `textgrid`, `jsonl`,
    /// `docx`, `odt`, `tei`, `eaf`, `chat`, `asr-json`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Plain => "plain",
            Format::Iramuteq => "iramuteq",
            Format::Vtt => "vtt",
            Format::Srt => "srt",
            Format::Trs => "trs",
            Format::TextGrid => "textgrid",
            Format::Jsonl => "jsonl",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Tei => "tei",
            Format::Eaf => "eaf",
            Format::Chat => "chat",
            Format::AsrJson => "asr-json",
        }
    }

    /// What people call the format, with its usual extension (`Word (.docx)`, `ELAN (.eaf)`), for
    /// messages that list what is read.
    pub fn description(self) -> &'static str {
        match self {
            Format::Plain => "plain text (.txt)",
            Format::Iramuteq => "IRaMuTeQ",
            Format::Vtt => "WebVTT (.vtt)",
            Format::Srt => "SRT (.srt)",
            Format::Trs => "Transcriber (.trs)",
            Format::TextGrid => "Praat TextGrid",
            Format::Jsonl => "JSON Lines (.jsonl)",
            Format::Docx => "Word (.docx)",
            Format::Odt => "OpenDocument text (.odt)",
            Format::Tei => "TEI",
            Format::Eaf => "ELAN (.eaf)",
            Format::Chat => "CHAT (.cha)",
            Format::AsrJson => "Whisper JSON",
        }
    }

    /// The format for a name or a usual alias (`txt`, `webvtt`, `transcriber`, `praat`,
    /// `ndjson`, `elan`, `cha`, `whisper`...), case-insensitive.
    pub fn from_name(name: &str) -> Option<Format> {
        let format = match name.trim().to_ascii_lowercase().as_str() {
            "plain" | "txt" | "text" => Format::Plain,
            "iramuteq" | "ira" => Format::Iramuteq,
            "vtt" | "webvtt" => Format::Vtt,
            "srt" | "subrip" => Format::Srt,
            "trs" | "transcriber" => Format::Trs,
            "textgrid" | "praat" => Format::TextGrid,
            "jsonl" | "ndjson" | "jsonlines" => Format::Jsonl,
            "docx" | "word" => Format::Docx,
            "odt" | "opendocument" => Format::Odt,
            "tei" | "tei-xml" => Format::Tei,
            "eaf" | "elan" => Format::Eaf,
            "chat" | "cha" | "clan" => Format::Chat,
            "asr-json" | "asrjson" | "whisper" | "whisperx" => Format::AsrJson,
            _ => return None,
        };
        Some(format)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = Error;

    fn from_str(s: &str) -> Result<Format> {
        Format::from_name(s).ok_or_else(|| {
            let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
            Error::config(format!(
                "unknown transcript format {s:?} (expected one of {})",
                names.join(", ")
            ))
        })
    }
}

/// A speaker of a transcript: an index into its table of names ([`Transcript::speaker_name`]), so
/// that a speaker's name is held once however many turns it has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SpeakerId(NonZeroU32);

impl SpeakerId {
    fn new(index: usize) -> Option<SpeakerId> {
        let n = u32::try_from(index).ok()?.checked_add(1)?;
        NonZeroU32::new(n).map(SpeakerId)
    }

    /// The index of the speaker's name in the transcript's table (0 for its first speaker).
    pub fn index(self) -> usize {
        self.0.get() as usize - 1
    }
}

/// One speaker turn: a speaker, a role and a span of the transcript's text.
///
/// A turn is small (24 bytes) and `Copy`: the speaker's name and the turn's times, where the
/// format has them, are held by the transcript ([`Transcript::turn_speaker`],
/// [`Transcript::turn_start`], [`Transcript::turn_end`]; times are found by where the turn begins
/// in the text), so a file of millions of short turns stays a few times the size of its text.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    /// The turn's words, as a byte span of [`Transcript::text`] (labels excluded).
    pub span: Span,
    /// The speaker, where known ([`Transcript::turn_speaker`] gives its name).
    pub speaker: Option<SpeakerId>,
    /// The speaker's role.
    pub role: Role,
}

impl Turn {
    /// A turn of `role` over `span`, with no speaker and no times (see [`Transcript::push_turn`]).
    pub fn new(role: Role, span: Span) -> Turn {
        Turn {
            span,
            speaker: None,
            role,
        }
    }
}

/// The start and end times in seconds, each where the format has one, of the turn that begins at
/// byte `at` of the text.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub(crate) struct TurnTimes {
    at: usize,
    start: Option<f64>,
    end: Option<f64>,
}

/// A thematic section of a transcript (IRaMuTeQ `-*thème` lines, Transcriber `<Section>`s).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The section's name (the theme after `-*`, or the Transcriber topic).
    pub name: String,
    /// The text the section covers, in [`Transcript::text`].
    pub span: Span,
}

/// An interview (or any document): its own text, metadata and turns.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Transcript {
    /// The document's id (see the module docs for where it comes from).
    pub id: String,
    /// The text the spans point into.
    pub text: String,
    /// Metadata: front matter, star variables, JSON `metadata`, Transcriber attributes.
    pub metadata: BTreeMap<String, String>,
    /// The turns, in the order of the text.
    pub turns: Vec<Turn>,
    /// Text before the first speaker label, kept apart from the turns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preamble: Option<Span>,
    /// The format the transcript was read from.
    pub format: Format,
    /// The file the transcript was read from, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<PathBuf>,
    /// Thematic sections, where the format marks them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
    /// What the reader read around or left out (a miscounted TextGrid tier, an unclosed voice
    /// tag, a cut front matter...), each naming its line and, once read from a file, the file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<Warning>,
    /// Each speaker's role and the rule that gave it ([`RoleRule`]), one entry per speaker and
    /// role, in order of first turn. Readers fill it through [`CompiledRoles::settle`] once the
    /// turns are read (a reader that takes a role from the format records
    /// [`RoleRule::Attribute`] entries first, which `settle` keeps); [`Transcript::speakers`]
    /// shows it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub speaker_roles: Vec<SpeakerRole>,
    /// The speakers' names, each once, indexed by [`SpeakerId`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    speaker_names: Vec<String>,
    /// The times of the timed turns, in the order of where they begin in the text; empty for
    /// untimed formats.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    times: Vec<TurnTimes>,
}

/// Something a reader read around or left out, without failing: where, and what.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    /// The file, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// The 1-based line, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// What happened.
    pub message: String,
}

impl Warning {
    pub(crate) fn new(line: Option<usize>, message: impl Into<String>) -> Warning {
        Warning {
            path: None,
            line,
            message: message.into(),
        }
    }
}

/// `path:line: message`, as errors are shown.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(f, "{}:{l}: ", p.display())?,
            (Some(p), None) => write!(f, "{}: ", p.display())?,
            (None, Some(l)) => write!(f, "line {l}: ")?,
            (None, None) => {}
        }
        f.write_str(&self.message)
    }
}

/// A speaker of a transcript, as listed by [`Transcript::speakers`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker<'a> {
    /// The speaker's label or name.
    pub name: &'a str,
    /// The role of the speaker's turns.
    pub role: Role,
    /// How many turns the speaker has.
    pub turns: usize,
    /// The rule that gave the role, where the reader recorded it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RoleRule>,
}

impl Transcript {
    /// A transcript of one turn of unknown role covering all of `text` (plain prose, `--text`).
    pub fn from_text(id: impl Into<String>, text: impl Into<String>) -> Transcript {
        let text = text.into();
        let span = Span::new(0, text.len());
        Transcript {
            id: id.into(),
            turns: if text.trim().is_empty() {
                Vec::new()
            } else {
                vec![Turn::new(Role::Unknown, span)]
            },
            text,
            metadata: BTreeMap::new(),
            preamble: None,
            format: Format::Plain,
            source: None,
            sections: Vec::new(),
            warnings: Vec::new(),
            speaker_roles: Vec::new(),
            speaker_names: Vec::new(),
            times: Vec::new(),
        }
    }

    /// An empty transcript of the given format, to be filled by a reader.
    pub(crate) fn empty(id: String, format: Format) -> Transcript {
        Transcript {
            id,
            text: String::new(),
            metadata: BTreeMap::new(),
            turns: Vec::new(),
            preamble: None,
            format,
            source: None,
            sections: Vec::new(),
            warnings: Vec::new(),
            speaker_roles: Vec::new(),
            speaker_names: Vec::new(),
            times: Vec::new(),
        }
    }

    /// The text of a turn.
    pub fn turn_text(&self, turn: &Turn) -> &str {
        &self.text[turn.span.range()]
    }

    /// The name of a turn's speaker, where known.
    pub fn turn_speaker(&self, turn: &Turn) -> Option<&str> {
        self.speaker_name(turn.speaker?)
    }

    /// The name of a speaker of this transcript (`None` for an id of another transcript).
    pub fn speaker_name(&self, id: SpeakerId) -> Option<&str> {
        self.speaker_names.get(id.index()).map(String::as_str)
    }

    /// The speakers' names, each once, in the order of their ids.
    pub fn speaker_names(&self) -> &[String] {
        &self.speaker_names
    }

    /// The id of the speaker named `name`, added to the transcript's names if it is new.
    pub fn intern_speaker(&mut self, name: &str) -> SpeakerId {
        match self.speaker_names.iter().position(|n| n == name) {
            Some(i) => SpeakerId::new(i).unwrap_or(SpeakerId(NonZeroU32::MIN)),
            None => self.add_speaker(name.to_string()),
        }
    }

    /// Adds a name to the table without looking for it (readers intern with a map of their own).
    /// A table past `u32::MAX` names (not reachable with real inputs) gives the last id again.
    fn add_speaker(&mut self, name: String) -> SpeakerId {
        match SpeakerId::new(self.speaker_names.len()) {
            Some(id) => {
                self.speaker_names.push(name);
                id
            }
            None => SpeakerId(NonZeroU32::MAX),
        }
    }

    /// A turn's start time in seconds, where the format has one.
    pub fn turn_start(&self, turn: &Turn) -> Option<f64> {
        self.times_of(turn).start
    }

    /// A turn's end time in seconds, where the format has one.
    pub fn turn_end(&self, turn: &Turn) -> Option<f64> {
        self.times_of(turn).end
    }

    fn times_of(&self, turn: &Turn) -> TurnTimes {
        let at = turn.span.start;
        match self.times.binary_search_by_key(&at, |t| t.at) {
            Ok(i) => self.times[i],
            Err(_) => TurnTimes::default(),
        }
    }

    /// Whether any turn has a start or end time.
    pub fn is_timed(&self) -> bool {
        self.times
            .iter()
            .any(|t| t.start.is_some() || t.end.is_some())
    }

    /// Sets the start and end times of turn `index` (nothing if there is no such turn).
    pub fn set_turn_times(&mut self, index: usize, start: Option<f64>, end: Option<f64>) {
        let Some(at) = self.turns.get(index).map(|t| t.span.start) else {
            return;
        };
        match (start, end) {
            (None, None) => self.times.retain(|t| t.at != at),
            _ => push_times(&mut self.times, at, start, end),
        }
    }

    /// Sets the speaker of turn `index` (nothing if there is no such turn).
    pub fn set_turn_speaker(&mut self, index: usize, name: Option<&str>) {
        let id = name.map(|n| self.intern_speaker(n));
        if let Some(turn) = self.turns.get_mut(index) {
            turn.speaker = id;
        }
    }

    /// Appends a turn of `speaker` (interned) and `role` over `span`, and returns its index.
    pub fn push_turn(&mut self, speaker: Option<&str>, role: Role, span: Span) -> usize {
        let speaker = speaker.map(|n| self.intern_speaker(n));
        self.turns.push(Turn {
            speaker,
            ..Turn::new(role, span)
        });
        self.turns.len() - 1
    }

    /// The turns of one role, in order.
    pub fn turns_of(&self, role: Role) -> impl Iterator<Item = &Turn> + '_ {
        self.turns.iter().filter(move |t| t.role == role)
    }

    /// The named speakers, in order of first appearance, with their role and turn count.
    pub fn speakers(&self) -> Vec<Speaker<'_>> {
        let mut speakers: Vec<Speaker<'_>> = Vec::new();
        for turn in &self.turns {
            let Some(name) = self.turn_speaker(turn) else {
                continue;
            };
            match speakers
                .iter_mut()
                .find(|s| s.name == name && s.role == turn.role)
            {
                Some(s) => s.turns += 1,
                None => speakers.push(Speaker {
                    name,
                    role: turn.role,
                    turns: 1,
                    rule: self
                        .speaker_roles
                        .iter()
                        .find(|r| r.name == name && r.role == turn.role)
                        .map(|r| r.rule),
                }),
            }
        }
        speakers
    }
}

/// How to read transcripts.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ReadOptions {
    /// Force a format instead of detecting it.
    pub format: Option<Format>,
    /// Replace invalid UTF-8 instead of failing.
    pub lossy: bool,
    /// How speaker labels map to roles.
    pub roles: RoleRules,
    /// Read text files in this encoding instead of UTF-8 (`--encoding latin1`); byte order marks
    /// of UTF-16 and UTF-32 still win. `None` reads UTF-8 (repairing mojibake, see
    /// [`TextEncoding`]) and the encoding Transcriber files declare.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<TextEncoding>,
    /// Which TextGrid tiers hold speech (`--speech-tiers`); by default the reader's rule.
    pub tiers: TierChoice,
}

/// Transcript readers with their options checked and compiled once; `Send + Sync`, share one across
/// the threads of a corpus run.
///
/// ```
/// use entretien::transcript::{ReadOptions, Reader};
///
/// let reader = Reader::new(ReadOptions::default())?;
/// let docs = reader.parse_json_line(r#"{"id": "q1", "text": "Trop d'écrans."}"#, "answers.jsonl", 1, 1)?;
/// assert_eq!(docs[0].id, "q1");
/// # Ok::<(), entretien::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Reader {
    options: ReadOptions,
    roles: CompiledRoles,
    metadata: Option<std::sync::Arc<crate::metadata::MetadataTable>>,
}

impl Reader {
    /// Checks the options (the role labels and pattern) and compiles them.
    pub fn new(options: ReadOptions) -> Result<Reader> {
        let roles = options.roles.compile()?;
        Ok(Reader {
            options,
            roles,
            metadata: None,
        })
    }

    /// Joins the rows of a metadata table to every document read (see [`crate::metadata`]); a
    /// document without a row gets a warning.
    pub fn with_metadata(
        mut self,
        table: std::sync::Arc<crate::metadata::MetadataTable>,
    ) -> Reader {
        self.metadata = Some(table);
        self
    }

    /// The metadata table joined to the documents, if any.
    pub fn metadata(&self) -> Option<&crate::metadata::MetadataTable> {
        self.metadata.as_deref()
    }

    fn joined(&self, mut read: Result<Vec<Transcript>>) -> Result<Vec<Transcript>> {
        if let (Some(table), Ok(transcripts)) = (&self.metadata, &mut read) {
            for t in transcripts {
                if !table.apply(t) {
                    let name = table.path().map_or_else(
                        || "the metadata table".to_string(),
                        |p| p.display().to_string(),
                    );
                    t.warnings.push(Warning {
                        path: t.source.clone(),
                        line: None,
                        message: format!("document {:?} has no row in {name}", t.id),
                    });
                }
            }
        }
        read
    }

    /// The options it reads with.
    pub fn options(&self) -> &ReadOptions {
        &self.options
    }

    /// Reads all transcripts in a file, like [`read_path`].
    pub fn read_path(&self, path: &Path) -> Result<Vec<Transcript>> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path), e))?;
        self.joined(read_bytes_with(
            Cow::Owned(bytes),
            Some(path),
            &self.options,
            Some(&self.roles),
        ))
    }

    /// Reads all transcripts in bytes, like [`read_bytes`].
    pub fn read_bytes(&self, bytes: &[u8], name: Option<&Path>) -> Result<Vec<Transcript>> {
        self.joined(read_bytes_with(
            Cow::Borrowed(bytes),
            name,
            &self.options,
            Some(&self.roles),
        ))
    }

    /// Reads one line of a JSON Lines stream: `line` is its 1-based number and `nth` the document's
    /// rank in the stream (the default id is `{stem of source}#{nth}`). Errors name `source` and `line`.
    pub fn parse_json_line(
        &self,
        text: &str,
        source: &str,
        line: usize,
        nth: usize,
    ) -> Result<Vec<Transcript>> {
        let path = Path::new(source);
        let base = path
            .file_stem()
            .map_or_else(|| "stdin".to_string(), |s| s.to_string_lossy().into_owned());
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut doc = jsonl::parse_line(text, line, &base, nth, &self.roles)
            .map_err(|e| e.with_path(path))?;
        let named = source != "-" && source != "stdin";
        after_reading(&mut doc, &self.roles, named.then_some(path));
        if named {
            doc.source = Some(path.to_path_buf());
        }
        self.joined(Ok(vec![doc]))
    }
}

/// Reads all transcripts in a file (several for IRaMuTeQ and JSON Lines).
///
/// Errors name the file; see [`read_bytes`].
pub fn read_path(path: &Path, opts: &ReadOptions) -> Result<Vec<Transcript>> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path), e))?;
    read_bytes_with(Cow::Owned(bytes), Some(path), opts, None)
}

/// Reads all transcripts in `bytes` (a file's content, or standard input with `name` `None`).
///
/// The format is `opts.format`, else [`detect_format`]. Text is decoded from UTF-8 (BOM
/// removed), UTF-16 with a BOM, or for Transcriber, TEI and ELAN files the encoding their XML declaration
/// names (ISO-8859-1, ISO-8859-15, windows-1252). Invalid UTF-8 is an
/// [`ErrorKind::InvalidUtf8`](crate::ErrorKind::InvalidUtf8) with its byte offset, unless
/// `opts.lossy`. Ids default to the file stem (`stdin` without a name).
pub fn read_bytes(
    bytes: &[u8],
    name: Option<&Path>,
    opts: &ReadOptions,
) -> Result<Vec<Transcript>> {
    read_bytes_with(Cow::Borrowed(bytes), name, opts, None)
}

/// [`read_bytes`], with the role rules already compiled when a [`Reader`] calls (it compiles them
/// once); else they are compiled here, after decoding, so errors come in the same order as before.
fn read_bytes_with(
    bytes: Cow<'_, [u8]>,
    name: Option<&Path>,
    opts: &ReadOptions,
    roles: Option<&CompiledRoles>,
) -> Result<Vec<Transcript>> {
    let with_name = |e: Error| match name {
        Some(p) => e.with_path(p),
        None => e,
    };
    if opts.format.is_none() {
        if let Some(unsupported) = detect::unsupported(name, &bytes) {
            return Err(with_name(Error::unsupported_format(unsupported)));
        }
    }
    let format = opts.format.unwrap_or_else(|| detect_format(name, &bytes));
    let id = name
        .and_then(Path::file_stem)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "stdin".to_string());
    // Decoding errors come before configuration errors.
    let decoded = match format {
        Format::Docx | Format::Odt => Err(bytes),
        _ => Ok(encoding::decode(bytes, format, opts.lossy, opts.encoding).map_err(with_name)?),
    };
    let compiled;
    let roles = match roles {
        Some(roles) => roles,
        None => {
            compiled = opts.roles.compile().map_err(with_name)?;
            &compiled
        }
    };
    let (parsed, decode_warnings) = match decoded {
        // Zip archives: the reader takes the bytes, not decoded text.
        Err(zip) => (
            office::parse(&zip, format, &id, roles).map(|t| vec![t]),
            Vec::new(),
        ),
        // A plain file's text is moved into its transcript, not copied (unless it starts with a
        // byte-order mark or holds no text, which `parse_compiled` handles).
        Ok(decoded)
            if format == Format::Plain
                && !decoded.text.starts_with('\u{feff}')
                && !decoded.text.trim().is_empty() =>
        {
            (
                plain::parse_owned(decoded.text, &id, roles).map(|t| vec![t]),
                decoded.warnings,
            )
        }
        Ok(decoded) => (
            parse_compiled(&decoded.text, format, &id, roles, opts),
            decoded.warnings,
        ),
    };
    let mut transcripts = parsed.map_err(with_name)?;
    for t in &mut transcripts {
        after_reading(t, roles, name);
        if !decode_warnings.is_empty() {
            t.warnings.splice(0..0, decode_warnings.iter().cloned());
        }
    }
    if let Some(path) = name {
        for t in &mut transcripts {
            t.source = Some(path.to_path_buf());
            for w in &mut t.warnings {
                w.path.get_or_insert_with(|| path.to_path_buf());
            }
        }
    }
    Ok(transcripts)
}

/// What every reader's transcript goes through: turns over [`MAX_TURN_BYTES`] cut, then the roles
/// settled (roles file, and the rule behind each role).
fn after_reading(t: &mut Transcript, roles: &CompiledRoles, path: Option<&Path>) {
    long_turns::cut_long_turns(t, MAX_TURN_BYTES);
    roles.settle(t, path);
}

/// Parses already decoded text in the given format. `id` is the base id (usually the file
/// stem) used where the document carries none.
pub fn parse_str(
    text: &str,
    format: Format,
    id: &str,
    opts: &ReadOptions,
) -> Result<Vec<Transcript>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let roles = opts.roles.compile()?;
    let mut transcripts = parse_compiled(text, format, id, &roles, opts)?;
    for t in &mut transcripts {
        after_reading(t, &roles, None);
    }
    Ok(transcripts)
}

fn parse_compiled(
    text: &str,
    format: Format,
    id: &str,
    roles: &CompiledRoles,
    opts: &ReadOptions,
) -> Result<Vec<Transcript>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    match format {
        Format::Plain => plain::parse(text, id, roles).map(|t| vec![t]),
        Format::Iramuteq => iramuteq::parse(text, id, roles),
        Format::Vtt => vtt::parse_vtt(text, id, roles).map(|t| vec![t]),
        Format::Srt => vtt::parse_srt(text, id, roles).map(|t| vec![t]),
        Format::Trs => trs::parse(text, id, roles).map(|t| vec![t]),
        Format::TextGrid => textgrid::parse(text, id, roles, &opts.tiers).map(|t| vec![t]),
        Format::Jsonl => jsonl::parse(text, id, roles),
        Format::Docx | Format::Odt => Err(Error::transcript(
            None,
            format!("{format} files are zip archives: read them as bytes (read_path, read_bytes)"),
        )),
        Format::Tei => tei::parse(text, id, roles).map(|t| vec![t]),
        Format::Eaf => eaf::parse(text, id, roles).map(|t| vec![t]),
        Format::Chat => chat::parse(text, id, roles).map(|t| vec![t]),
        Format::AsrJson => asr_json::parse(text, id, roles).map(|t| vec![t]),
    }
}

/// Builds the text of formats assembled from pieces, one turn per piece.
pub(crate) struct Assembler {
    text: String,
    turns: Vec<Turn>,
    speakers: SpeakerTable,
    times: Vec<TurnTimes>,
}

impl Assembler {
    pub(crate) fn new() -> Assembler {
        Assembler {
            text: String::new(),
            turns: Vec::new(),
            speakers: SpeakerTable::default(),
            times: Vec::new(),
        }
    }

    /// Appends `words` (trimmed; skipped when blank) as a new turn and returns its span.
    pub(crate) fn push(
        &mut self,
        speaker: Option<&str>,
        role: Role,
        words: &str,
        start: Option<f64>,
        end: Option<f64>,
    ) -> Option<Span> {
        let words = words.trim();
        if words.is_empty() {
            return None;
        }
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let begin = self.text.len();
        self.text.push_str(words);
        let span = Span::new(begin, self.text.len());
        push_times(&mut self.times, begin, start, end);
        self.turns.push(Turn {
            span,
            speaker: speaker.map(|s| self.speakers.id(s)),
            role,
        });
        Some(span)
    }

    /// Appends `words` (trimmed; nothing when blank) to the last turn, after a space, and moves its
    /// end to `end`; `false` if there is no turn yet.
    pub(crate) fn extend_last(&mut self, words: &str, end: Option<f64>) -> bool {
        let words = words.trim();
        let Some(turn) = self.turns.last_mut() else {
            return false;
        };
        if !words.is_empty() {
            self.text.push(' ');
            self.text.push_str(words);
            turn.span.end = self.text.len();
        }
        if end.is_some() {
            match self.times.last_mut().filter(|t| t.at == turn.span.start) {
                Some(times) => times.end = end,
                None => {
                    push_times(&mut self.times, turn.span.start, None, end);
                }
            }
        }
        true
    }

    /// The current length of the assembled text.
    pub(crate) fn len(&self) -> usize {
        self.text.len()
    }

    pub(crate) fn finish(self, transcript: &mut Transcript) {
        transcript.text = self.text;
        transcript.turns = self.turns;
        transcript.speaker_names = self.speakers.names;
        transcript.times = self.times;
    }
}

/// Records the times of the turn that begins at `at` in `table` (kept in order of `at`; readers add
/// them in text order), replacing any there; nothing when both are missing, so untimed turns
/// hold none.
pub(crate) fn push_times(
    table: &mut Vec<TurnTimes>,
    at: usize,
    start: Option<f64>,
    end: Option<f64>,
) {
    if start.is_none() && end.is_none() {
        return;
    }
    let times = TurnTimes { at, start, end };
    match table.last() {
        Some(last) if last.at >= at => {
            let i = table.partition_point(|t| t.at < at);
            match table.get_mut(i).filter(|t| t.at == at) {
                Some(same) => *same = times,
                None => table.insert(i, times),
            }
        }
        _ => table.push(times),
    }
}

/// Speakers' names interned while a transcript is read: each distinct name once, looked up by hash.
#[derive(Debug, Default)]
pub(crate) struct SpeakerTable {
    names: Vec<String>,
    index: std::collections::HashMap<String, SpeakerId>,
}

impl SpeakerTable {
    /// The id of `name`, added if new (a table past `u32::MAX` names gives its last id again).
    pub(crate) fn id(&mut self, name: &str) -> SpeakerId {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let Some(id) = SpeakerId::new(self.names.len()) else {
            return SpeakerId(NonZeroU32::MAX);
        };
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), id);
        id
    }

    /// The names, in the order of their ids, for [`Transcript::install`].
    pub(crate) fn into_names(self) -> Vec<String> {
        self.names
    }
}

impl Transcript {
    /// Installs turns read with their own tables of speakers and times.
    pub(crate) fn install(
        &mut self,
        turns: Vec<Turn>,
        speakers: SpeakerTable,
        times: Vec<TurnTimes>,
    ) {
        self.turns = turns;
        self.speaker_names = speakers.into_names();
        self.times = times;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_are_small_and_hold_names_and_times_apart() {
        // Millions of short turns must stay a few times the size of their text.
        assert!(std::mem::size_of::<Turn>() <= 24);
        let text = "E : Alors ?\nR : Oui.\nE : Et après ?\nR : Non.\n";
        let t = &parse_str(text, Format::Plain, "t", &ReadOptions::default()).unwrap()[0];
        assert_eq!(t.speaker_names(), ["E", "R"], "each name once");
        assert_eq!(t.turns[0].speaker, t.turns[2].speaker);
        assert_eq!(t.turn_speaker(&t.turns[3]), Some("R"));
        assert!(
            t.times.is_empty() && !t.is_timed(),
            "untimed text holds no times"
        );
        let vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:02.500\n<v Ana>Bonjour.\n";
        let v = &parse_str(vtt, Format::Vtt, "v", &ReadOptions::default()).unwrap()[0];
        assert_eq!(v.turn_start(&v.turns[0]), Some(1.0));
        assert_eq!(v.turn_end(&v.turns[0]), Some(2.5));
        assert_eq!(v.turn_speaker(&v.turns[0]), Some("Ana"));
    }

    #[test]
    fn turns_built_by_hand_intern_their_speakers() {
        let mut t = Transcript::from_text("t", "un deux trois");
        t.turns.clear();
        let a = t.push_turn(Some("A"), Role::Respondent, Span::new(0, 2));
        let b = t.push_turn(Some("A"), Role::Respondent, Span::new(3, 7));
        t.push_turn(None, Role::Unknown, Span::new(8, 13));
        assert_eq!(t.turns[a].speaker, t.turns[b].speaker);
        assert_eq!(t.speaker_names().len(), 1);
        t.set_turn_speaker(b, Some("B"));
        t.set_turn_times(b, Some(1.5), None);
        assert_eq!(t.turn_speaker(&t.turns[b]), Some("B"));
        assert_eq!(
            (t.turn_start(&t.turns[b]), t.turn_end(&t.turns[b])),
            (Some(1.5), None)
        );
        assert_eq!(t.turn_start(&t.turns[a]), None);
        t.set_turn_times(b, None, None);
        assert_eq!(t.turn_start(&t.turns[b]), None);
        assert!(t.times.is_empty());
        assert_eq!(t.turn_speaker(&t.turns[2]), None);
        // Out of range: nothing happens.
        t.set_turn_speaker(99, Some("C"));
        t.set_turn_times(99, Some(1.0), None);
    }

    #[test]
    fn lines_split_at_every_break_and_slice_the_text() {
        let text = "a’b\r\nc\rd\u{85}e\u{2028}f\u{2029}«g»\n\nh";
        let got: Vec<(usize, &str)> = lines(text)
            .map(|l| (l.number, &text[l.start..l.end]))
            .collect();
        assert_eq!(
            got,
            [
                (1, "a’b"),
                (2, "c"),
                (3, "d"),
                (4, "e"),
                (5, "f"),
                (6, "«g»"),
                (7, ""),
                (8, "h")
            ]
        );
        assert_eq!(line_of(text, text.find('h').unwrap()), 8);
        assert_eq!(line_of(text, text.find('c').unwrap()), 2);
        let last = lines(text).last().unwrap();
        assert_eq!((last.end, last.next), (text.len(), text.len()));
    }
}
