//! Which role a speaker label stands for, and which rule said so.
//!
//! ```
//! use entretien::transcript::{RoleRule, RoleRules};
//! use entretien::Role;
//!
//! let rules = RoleRules::default().compile().unwrap();
//! assert_eq!(rules.classify("Enquêtrice"), Role::Interviewer);
//! assert_eq!(rules.classify("ENQUETEUR 2"), Role::Interviewer);
//! assert_eq!(rules.classify("Enquêteur (Paul)"), Role::Interviewer);
//! assert_eq!(rules.classify("R"), Role::Respondent);
//! // A mark anywhere in the label, as a whole word or in brackets:
//! let d = rules.decide("Sonia Branca-Rosoff (ENQ)");
//! assert_eq!((d.role, d.rule), (Role::Interviewer, RoleRule::Mark));
//! assert_eq!(rules.classify("Marie - enquêtrice"), Role::Interviewer);
//! // ...but not inside a word: `Denquin` is a name.
//! assert_eq!(rules.decide("Denquin").rule, RoleRule::Default);
//! // Any other name is taken for the person interviewed...
//! assert_eq!(rules.classify("Mme Durand"), Role::Respondent);
//! // ...but a diarisation label says nothing about the role.
//! assert_eq!(rules.decide("SPEAKER_01").rule, RoleRule::Diarisation);
//! assert_eq!(rules.classify("SPEAKER_01"), Role::Unknown);
//! ```
//!
//! Labels are compared after folding: lowercase, accents removed, curly apostrophes made
//! straight, trailing dots and a trailing speaker number dropped (`Enquêteur 2`, `E1`, `INT2`,
//! `Enquêteur-2`, `Q.`).
//!
//! The rules, in the order they are tried ([`RoleRule`] names each):
//! 1. [`RoleRule::RolesFile`]: a row of a roles file ([`RolesFile`], `--roles speakers.csv`)
//!    naming the speaker exactly (case and accents aside, numbers kept: `ch_OB1`, `BA725`). Rows
//!    with a `file` column apply to that file or document only; they are applied once the
//!    document is read, and win over every other rule, the format's own role attributes included;
//! 2. [`RoleRule::Label`]: the folded label is an interviewer label; then
//!    [`RoleRule::Pattern`]: the interviewer pattern matches the folded label; then
//!    [`RoleRule::Label`] again for respondent and other labels;
//! 3. [`RoleRule::Mark`]: a known label stands inside the label, as its first word before a
//!    name or a parenthesis (`Enquêtrice Marie`, `Répondante Mme Roux`), inside parentheses or
//!    brackets (`Sonia Branca-Rosoff (ENQ)`, `[Enq] Marie`, `Dupont (R)`), or as a whole word of
//!    three letters or more (`Marie - enquêtrice`, `Interviewer Paul`). Words are cut at spaces and
//!    punctuation but not at hyphens or apostrophes, so `Denquin` or `Branca-Enquist` hold no
//!    mark. A label with marks of two roles has none;
//! 4. [`RoleRule::Diarisation`]: `SPEAKER_00`, `Speaker 1`, `Locuteur 2`, `spk1` give
//!    [`Role::Unknown`];
//! 5. [`RoleRule::Default`]: [`RoleRules::unlisted`] (by default [`Role::Respondent`]: in a
//!    research interview, whoever is not the interviewer is interviewed).
//!
//! A reader that takes a role from the format itself (a JSON Lines `role` field, a TEI
//! `person/@role`) records [`RoleRule::Attribute`]; see [`Transcript::speaker_roles`].
//!
//! Labels added to [`RoleRules::interviewer`] (`--interviewer ENQ`) are marks too: add role codes
//! there, and give people's names or codes in a roles file.

use crate::error::{Error, Result};
use crate::transcript::{Role, SpeakerId, Transcript, Warning};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Labels that tell interviewers from respondents. Serialisable, so a configuration file can
/// extend or replace the French defaults; compile it once with [`RoleRules::compile`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RoleRules {
    /// Labels of interviewers (compared folded, see the module docs).
    pub interviewer: Vec<String>,
    /// A regular expression matched against the folded label; a match means interviewer.
    pub interviewer_pattern: Option<String>,
    /// Labels of respondents.
    pub respondent: Vec<String>,
    /// Labels of third parties (observers, transcribers...).
    pub other: Vec<String>,
    /// The role of a named speaker found in none of the lists.
    pub unlisted: Role,
    /// Speakers' roles given one by one (`--roles speakers.csv`); they override every other rule.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles_file: Option<RolesFile>,
}

const DEFAULT_INTERVIEWER: &[&str] = &[
    "enquêteur",
    "enquêtrice",
    "enquêteur·rice",
    "enquêteur.rice",
    "intervieweur",
    "intervieweuse",
    "interviewer",
    "interviewer·euse",
    "chercheur",
    "chercheuse",
    "e",
    "q",
    "i",
    "int",
    "enq",
    "question",
    "animateur",
    "animatrice",
];

const DEFAULT_RESPONDENT: &[&str] = &[
    "r",
    "a",
    "rep",
    "réponse",
    "répondant",
    "répondante",
    "répondant(e)",
    "interviewé",
    "interviewée",
    "interviewé(e)",
    "enquêté",
    "enquêtée",
    "enquêté(e)",
];

const DEFAULT_OTHER: &[&str] = &[
    "observateur",
    "observatrice",
    "transcripteur",
    "transcriptrice",
];

impl Default for RoleRules {
    fn default() -> RoleRules {
        let owned = |list: &[&str]| list.iter().map(|s| s.to_string()).collect();
        RoleRules {
            interviewer: owned(DEFAULT_INTERVIEWER),
            interviewer_pattern: None,
            respondent: owned(DEFAULT_RESPONDENT),
            other: owned(DEFAULT_OTHER),
            unlisted: Role::Respondent,
            roles_file: None,
        }
    }
}

impl RoleRules {
    /// Rules with no labels at all: every named speaker gets `unlisted`.
    pub fn empty(unlisted: Role) -> RoleRules {
        RoleRules {
            interviewer: Vec::new(),
            interviewer_pattern: None,
            respondent: Vec::new(),
            other: Vec::new(),
            unlisted,
            roles_file: None,
        }
    }

    /// Adds an interviewer label.
    pub fn with_interviewer(mut self, label: impl Into<String>) -> RoleRules {
        self.interviewer.push(label.into());
        self
    }

    /// Adds a respondent label.
    pub fn with_respondent(mut self, label: impl Into<String>) -> RoleRules {
        self.respondent.push(label.into());
        self
    }

    /// Sets the interviewer pattern (a regular expression over the folded label).
    pub fn with_interviewer_pattern(mut self, pattern: impl Into<String>) -> RoleRules {
        self.interviewer_pattern = Some(pattern.into());
        self
    }

    /// Sets the roles file, whose rows override every other rule.
    pub fn with_roles_file(mut self, file: RolesFile) -> RoleRules {
        self.roles_file = Some(file);
        self
    }

    /// Compiles the rules; fails with a configuration error on an invalid or empty pattern, or
    /// on a label with no letter or digit (an empty label would name every speaker).
    pub fn compile(&self) -> Result<CompiledRoles> {
        for (kind, list) in [
            ("interviewer", &self.interviewer),
            ("respondent", &self.respondent),
            ("other", &self.other),
        ] {
            if let Some(bad) = list.iter().find(|l| !l.chars().any(char::is_alphanumeric)) {
                return Err(Error::config(format!(
                    "{kind} label \"{bad}\" has no letter or digit: a role label names speakers"
                )));
            }
        }
        let fold_all =
            |list: &[String]| -> HashSet<String> { list.iter().map(|s| fold_label(s)).collect() };
        let pattern = match &self.interviewer_pattern {
            Some(p) if p.trim().is_empty() => {
                return Err(Error::config(
                    "empty interviewer pattern: it would match every speaker",
                ))
            }
            Some(p) => Some(
                Regex::new(p)
                    .map_err(|e| Error::config(format!("invalid interviewer pattern: {e}")))?,
            ),
            None => None,
        };
        let (interviewer, respondent, other) = (
            fold_all(&self.interviewer),
            fold_all(&self.respondent),
            fold_all(&self.other),
        );
        // Whole-word marks: known labels of one word, three letters or more.
        let mut marks = HashMap::new();
        for (set, role) in [
            (&interviewer, Role::Interviewer),
            (&respondent, Role::Respondent),
            (&other, Role::Other),
        ] {
            for label in set {
                if label.chars().count() >= 3 && label.chars().all(char::is_alphanumeric) {
                    marks.entry(label.clone()).or_insert(role);
                }
            }
        }
        let mut rows: HashMap<String, Vec<usize>> = HashMap::new();
        if let Some(file) = &self.roles_file {
            for (i, row) in file.rows.iter().enumerate() {
                rows.entry(fold_name(&row.speaker)).or_default().push(i);
            }
        }
        Ok(CompiledRoles {
            interviewer,
            pattern,
            respondent,
            other,
            marks,
            unlisted: self.unlisted,
            roles_file: self.roles_file.clone(),
            rows,
        })
    }
}

/// Which rule gave a speaker its role (see the module docs for their order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleRule {
    /// A row of the roles file (`--roles`).
    RolesFile,
    /// The label is one of the role labels (`Enquêtrice`, `E`, `R`).
    Label,
    /// The interviewer pattern (`--interviewer-pattern`) matched the label.
    Pattern,
    /// A role label stands inside the label (`Sonia Branca-Rosoff (ENQ)`, `Marie - enquêtrice`).
    Mark,
    /// The format said so (a JSON Lines `role` field, a role attribute of the speaker).
    Attribute,
    /// A diarisation label (`SPEAKER_00`), which says nothing about the role.
    Diarisation,
    /// No rule knew the label: [`RoleRules::unlisted`].
    Default,
    /// The reader combined several speakers' roles (a Transcriber turn shared by speakers of
    /// different roles is [`Role::Unknown`]).
    Reader,
}

impl RoleRule {
    /// The rule's name, as serialised (`roles_file`, `label`, `pattern`, `mark`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            RoleRule::RolesFile => "roles_file",
            RoleRule::Label => "label",
            RoleRule::Pattern => "pattern",
            RoleRule::Mark => "mark",
            RoleRule::Attribute => "attribute",
            RoleRule::Diarisation => "diarisation",
            RoleRule::Default => "default",
            RoleRule::Reader => "reader",
        }
    }
}

/// A role and the rule that gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleDecision {
    /// The role.
    pub role: Role,
    /// The rule that decided it.
    pub rule: RoleRule,
}

/// A speaker of a transcript with its role and the rule that gave it, as the readers record them
/// in [`Transcript::speaker_roles`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpeakerRole {
    /// The speaker's label or name, as in [`Turn::speaker`](crate::Turn::speaker).
    pub name: String,
    /// The role of the speaker's turns.
    pub role: Role,
    /// The rule that gave it.
    pub rule: RoleRule,
    /// The line of the roles file that gave it, for [`RoleRule::RolesFile`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roles_file_line: Option<usize>,
}

/// [`RoleRules`] ready to classify labels.
#[derive(Debug, Clone)]
pub struct CompiledRoles {
    interviewer: HashSet<String>,
    pattern: Option<Regex>,
    respondent: HashSet<String>,
    other: HashSet<String>,
    marks: HashMap<String, Role>,
    unlisted: Role,
    roles_file: Option<RolesFile>,
    /// Rows of the roles file by folded speaker name.
    rows: HashMap<String, Vec<usize>>,
}

impl CompiledRoles {
    /// The role a label stands for (see the module docs for the order of the checks).
    pub fn classify(&self, label: &str) -> Role {
        self.decide(label).role
    }

    /// The role a label stands for and the rule that gave it. Rows of the roles file restricted
    /// to a file are not used here (the label alone does not say which file it is in): the
    /// readers apply them once the document is read.
    pub fn decide(&self, label: &str) -> RoleDecision {
        let folded = fold_label(label);
        if folded.is_empty() {
            return RoleDecision {
                role: Role::Unknown,
                rule: RoleRule::Default,
            };
        }
        if let Some(row) = self.row_for(label, |_| false) {
            return RoleDecision {
                role: row.role,
                rule: RoleRule::RolesFile,
            };
        }
        if let Some(d) = self.known(&folded) {
            return d;
        }
        match is_diarisation_label(&folded) {
            true => RoleDecision {
                role: Role::Unknown,
                rule: RoleRule::Diarisation,
            },
            false => RoleDecision {
                role: self.unlisted,
                rule: RoleRule::Default,
            },
        }
    }

    /// The role of a label that one of the lists, the pattern, a mark or a row of the roles file
    /// (restricted to a file or not) names, if any.
    pub fn known_role(&self, label: &str) -> Option<Role> {
        if let Some(row) = self.row_for(label, |_| true) {
            return Some(row.role);
        }
        self.known(&fold_label(label)).map(|d| d.role)
    }

    /// The row of the roles file for `speaker`: a row restricted to a file that `in_file`
    /// accepts first, then an unrestricted row.
    fn row_for(&self, speaker: &str, in_file: impl Fn(&str) -> bool) -> Option<&RoleRow> {
        let file = self.roles_file.as_ref()?;
        let rows = self.rows.get(&fold_name(speaker))?;
        let rows = || rows.iter().map(|&i| &file.rows[i]);
        rows()
            .find(|r| r.file.as_deref().is_some_and(&in_file))
            .or_else(|| rows().find(|r| r.file.is_none()))
    }

    fn known(&self, folded: &str) -> Option<RoleDecision> {
        let label = |role| RoleDecision {
            role,
            rule: RoleRule::Label,
        };
        if self.interviewer.contains(folded) {
            return Some(label(Role::Interviewer));
        }
        if self.pattern.as_ref().is_some_and(|p| p.is_match(folded)) {
            return Some(RoleDecision {
                role: Role::Interviewer,
                rule: RoleRule::Pattern,
            });
        }
        if let Some(role) = self.listed(folded) {
            return Some(label(role));
        }
        self.marked(folded).map(|role| RoleDecision {
            role,
            rule: RoleRule::Mark,
        })
    }

    /// The role of a folded label that one of the lists names exactly.
    fn listed(&self, folded: &str) -> Option<Role> {
        if self.interviewer.contains(folded) {
            Some(Role::Interviewer)
        } else if self.respondent.contains(folded) {
            Some(Role::Respondent)
        } else if self.other.contains(folded) {
            Some(Role::Other)
        } else {
            None
        }
    }

    /// The role the marks inside a folded label agree on (see the module docs).
    fn marked(&self, folded: &str) -> Option<Role> {
        let mut found: Option<Role> = None;
        let mut conflict = false;
        let mut note = |role: Role| match found {
            Some(r) if r != role => conflict = true,
            _ => found = Some(role),
        };
        // The first word before a name or a parenthesis: `enqueteur (paul)`, `repondante mme roux`.
        let head = folded.split(['(', '[', ' ']).next().unwrap_or("").trim();
        if head.chars().count() >= 3 && head != folded {
            if let Some(role) = self.listed(head) {
                note(role);
            }
        }
        // Parenthesised or bracketed: `(enq)`, `[e]`, `(enq2)`.
        for (open, close) in [('(', ')'), ('[', ']')] {
            let mut rest = folded;
            while let Some(at) = rest.find(open) {
                let after = &rest[at + 1..];
                let Some(end) = after.find(close) else { break };
                let inner = fold_label(&after[..end]);
                if inner != folded {
                    if let Some(role) = self.listed(&inner) {
                        note(role);
                    }
                }
                rest = &after[end + 1..];
            }
        }
        // Whole words of three letters or more, a trailing number dropped: `enqueteur`, `enq1`.
        for word in folded.split(|c: char| !(c.is_alphanumeric() || c == '-' || c == '\'')) {
            let word = word.trim_matches('-');
            let word = word.trim_end_matches(|c: char| c.is_ascii_digit());
            if word == folded {
                continue;
            }
            if let Some(&role) = self.marks.get(word) {
                note(role);
            }
        }
        found.filter(|_| !conflict)
    }

    /// The roles file, if any.
    pub fn roles_file(&self) -> Option<&RolesFile> {
        self.roles_file.as_ref()
    }

    /// Settles the roles of a transcript once read: applies the rows of the roles file (those
    /// restricted to a file too, matched against `path` and the document's id), then records in
    /// [`Transcript::speaker_roles`] each speaker's role and the rule that gave it. Entries a
    /// reader recorded itself ([`RoleRule::Attribute`]) are kept, unless a row overrides them.
    pub fn settle(&self, transcript: &mut Transcript, path: Option<&Path>) {
        let id = transcript.id.clone();
        let in_file = |f: &str| file_matches(f, &id, path);
        // Decided once per speaker (by id), and listed once per speaker and role.
        let mut decided: Vec<Option<SpeakerRole>> = vec![None; transcript.speaker_names.len()];
        let mut listed: HashSet<(SpeakerId, Role)> = Default::default();
        let recorded = std::mem::take(&mut transcript.speaker_roles);
        let mut table: Vec<SpeakerRole> = Vec::new();
        let names = &transcript.speaker_names;
        for turn in &mut transcript.turns {
            let Some(id) = turn.speaker else {
                continue;
            };
            let (Some(name), Some(slot)) = (names.get(id.index()), decided.get_mut(id.index()))
            else {
                continue;
            };
            let name = name.as_str();
            let entry = slot.get_or_insert_with(|| {
                if let Some(row) = self.row_for(name, in_file) {
                    SpeakerRole {
                        name: name.to_string(),
                        role: row.role,
                        rule: RoleRule::RolesFile,
                        roles_file_line: Some(row.line),
                    }
                } else if let Some(r) = recorded
                    .iter()
                    .find(|r| r.name == name && r.role == turn.role)
                {
                    r.clone()
                } else {
                    let d = self.decide(name);
                    SpeakerRole {
                        name: name.to_string(),
                        role: turn.role,
                        rule: if d.role == turn.role {
                            d.rule
                        } else {
                            RoleRule::Reader
                        },
                        roles_file_line: None,
                    }
                }
            });
            if entry.rule == RoleRule::RolesFile {
                turn.role = entry.role;
            }
            if !listed.insert((id, turn.role)) {
                continue;
            }
            table.push(if entry.role == turn.role {
                entry.clone()
            } else {
                // The same name with another role (a reader's choice): its own entry.
                recorded
                    .iter()
                    .find(|r| r.name == name && r.role == turn.role)
                    .cloned()
                    .unwrap_or(SpeakerRole {
                        role: turn.role,
                        rule: RoleRule::Reader,
                        ..entry.clone()
                    })
            });
        }
        transcript.speaker_roles = table;
    }
}

/// Whether the `file` column of a roles file names this document: its id, or its file's name,
/// stem or a path ending with it.
fn file_matches(file: &str, id: &str, path: Option<&Path>) -> bool {
    let file = file.trim();
    if file == id {
        return true;
    }
    let Some(path) = path else { return false };
    let wanted = Path::new(file);
    path.file_name().is_some_and(|n| n == wanted.as_os_str())
        || path.file_stem().is_some_and(|n| n == wanted.as_os_str())
        || (wanted.components().count() > 1 && path.ends_with(wanted))
}

/// One row of a roles file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleRow {
    /// The speaker's label or code as written in the transcripts (compared without case or
    /// accents, numbers kept).
    pub speaker: String,
    /// The role it gets.
    pub role: Role,
    /// The file or document id the row is restricted to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// The row's 1-based line in the file.
    pub line: usize,
}

/// A table of speakers' roles: `speaker,role` with an optional `file` column, for corpora whose
/// speakers are codes (`ch_OB1`, `BA725`).
///
/// The first line names the columns (`speaker`/`locuteur`, `role`/`rôle`, `file`/`fichier`, in
/// any order and case); columns are separated by commas, semicolons or tabs (the first of them in
/// the header), and fields may be quoted with `"`. Roles are `interviewer`, `respondent`, `other`
/// or `unknown`, or French synonyms (`enquêteur`, `enquêtrice`, `répondant`, `enquêté`, `autre`,
/// `inconnu`...). Blank lines and lines starting with `#` are skipped.
///
/// ```
/// use entretien::transcript::RolesFile;
/// use entretien::Role;
///
/// let file = RolesFile::parse("speaker;role;file\nch_OB1;enquêteur;\nBA725;respondent;e02.txt\n", None)?;
/// assert_eq!(file.rows[0].role, Role::Interviewer);
/// assert_eq!(file.rows[1].file.as_deref(), Some("e02.txt"));
/// let err = RolesFile::parse("speaker,role\nX,chef\n", Some("roles.csv".as_ref())).unwrap_err();
/// assert_eq!(err.to_string(), "roles.csv:2: unknown role \"chef\" (expected interviewer, respondent, other or unknown)");
/// # Ok::<(), entretien::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RolesFile {
    /// The file it was read from, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<PathBuf>,
    /// Its rows, in order.
    pub rows: Vec<RoleRow>,
}

impl RolesFile {
    /// Reads a roles file; errors name the file and line.
    pub fn read(path: &Path) -> Result<RolesFile> {
        let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path), e))?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| Error::invalid_utf8(e.valid_up_to()).with_path(path))?;
        RolesFile::parse(text, Some(path))
    }

    /// Parses the text of a roles file; `path` names it in errors.
    pub fn parse(text: &str, path: Option<&Path>) -> Result<RolesFile> {
        let fail = |line: usize, message: String| {
            let e = Error::data(Some(line), message);
            match path {
                Some(p) => e.with_path(p),
                None => e,
            }
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // Blank rows and `#` comments are left out.
        let mut records = crate::csv_text::records(text).filter(|r| match r {
            Ok((_, fields)) => {
                let first = fields.first().map_or("", |f| f.trim_start());
                !(fields.iter().all(|f| f.trim().is_empty()) || first.starts_with('#'))
            }
            Err(_) => true,
        });
        let header = records.next().transpose().map_err(|e| match path {
            Some(p) => e.with_path(p),
            None => e,
        })?;
        let Some((header_line, header)) = header else {
            return Err(fail(
                1,
                "empty roles file: expected a header `speaker,role`".into(),
            ));
        };
        let names: Vec<String> = header.iter().map(|n| fold_name(n)).collect();
        let column = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
        let speaker_col = column(&["speaker", "locuteur", "locutrice", "name", "nom", "label"]);
        let role_col = column(&["role"]);
        let file_col = column(&["file", "fichier", "document", "doc", "id"]);
        let (Some(speaker_col), Some(role_col)) = (speaker_col, role_col) else {
            return Err(fail(
                header_line,
                format!("the header should name the columns `speaker` and `role` (and optionally `file`), found {:?}", header.join(",")),
            ));
        };
        let mut rows = Vec::new();
        for record in records {
            let (line, fields) = record.map_err(|e| match path {
                Some(p) => e.with_path(p),
                None => e,
            })?;
            let get = |i: usize| fields.get(i).map(|s| s.trim()).unwrap_or("");
            let speaker = get(speaker_col);
            if speaker.is_empty() {
                return Err(fail(line, "no speaker in this row".into()));
            }
            let role_name = get(role_col);
            let role = role_from_name(role_name).ok_or_else(|| {
                fail(
                    line,
                    format!("unknown role {role_name:?} (expected interviewer, respondent, other or unknown)"),
                )
            })?;
            let file = file_col
                .map(get)
                .filter(|f| !f.is_empty())
                .map(str::to_string);
            rows.push(RoleRow {
                speaker: speaker.to_string(),
                role,
                file,
                line,
            });
        }
        Ok(RolesFile {
            path: path.map(Path::to_path_buf),
            rows,
        })
    }

    /// The rows that matched no speaker, given the lines of the rows that did (the
    /// [`SpeakerRole::roles_file_line`]s of the documents read): one warning each, naming the
    /// file and line, to report at the end of a run.
    pub fn unused(&self, used_lines: &BTreeSet<usize>) -> Vec<Warning> {
        self.rows
            .iter()
            .filter(|r| !used_lines.contains(&r.line))
            .map(|r| {
                let mut w = Warning::new(
                    Some(r.line),
                    match &r.file {
                        Some(f) => format!(
                            "roles file: speaker \"{}\" of \"{f}\" was never met",
                            r.speaker
                        ),
                        None => format!("roles file: speaker \"{}\" was never met", r.speaker),
                    },
                );
                w.path = self.path.clone();
                w
            })
            .collect()
    }
}

/// A role from its English name or a French synonym (case and accents aside).
pub fn role_from_name(name: &str) -> Option<Role> {
    let folded = fold_name(name);
    let role = match folded.as_str() {
        "interviewer" | "enqueteur" | "enquetrice" | "enqueteuse" | "intervieweur"
        | "intervieweuse" | "chercheur" | "chercheuse" | "enq" | "int" => Role::Interviewer,
        "respondent" | "repondant" | "repondante" | "enquete" | "enquetee" | "interviewe"
        | "interviewee" | "rep" => Role::Respondent,
        "other" | "autre" | "observateur" | "observatrice" | "tiers" => Role::Other,
        "unknown" | "inconnu" | "inconnue" | "?" => Role::Unknown,
        _ => return None,
    };
    Some(role)
}

/// Lowercase, no accents, straight apostrophes, single spaces: how names are compared in a roles
/// file (numbers are kept: `BA725` is not `BA726`).
fn fold_name(name: &str) -> String {
    name.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lowercase, no accents, straight apostrophes, single spaces, no trailing dots or speaker number.
pub fn fold_label(label: &str) -> String {
    let folded = fold_name(label);
    let trimmed = folded.trim_end_matches(['.', ' ']);
    let without_number = trimmed.trim_end_matches(|c: char| c.is_ascii_digit());
    let without_number = without_number.trim_end_matches([' ', '_', '-', '.']);
    if without_number.is_empty() {
        trimmed.to_string()
    } else {
        without_number.to_string()
    }
}

/// `speaker_00`, `speaker 1`, `locuteur 2`, `spk1`, `intervenant 3`: labels of automatic
/// speaker diarisation (tested on the folded label, whose number is already dropped).
pub(crate) fn is_diarisation_label(folded: &str) -> bool {
    matches!(
        folded,
        "speaker" | "spk" | "locuteur" | "locutrice" | "intervenant" | "intervenante" | "voix"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decide(rules: &CompiledRoles, label: &str) -> (Role, RoleRule) {
        let d = rules.decide(label);
        (d.role, d.rule)
    }

    #[test]
    fn marks_anywhere_but_inside_words() {
        let rules = RoleRules::default().compile().unwrap();
        use Role::*;
        use RoleRule::*;
        let cases = [
            ("Sonia Branca-Rosoff (ENQ)", (Interviewer, Mark)),
            ("[Enq] Marie", (Interviewer, Mark)),
            ("Marie - enquêtrice", (Interviewer, Mark)),
            ("INT2", (Interviewer, Label)),
            ("Interviewer 1", (Interviewer, Label)),
            ("ENQ1", (Interviewer, Label)),
            ("Enquêteur-2", (Interviewer, Label)),
            ("Marie (ENQ2)", (Interviewer, Mark)),
            ("Paul Roux (REP)", (Respondent, Mark)),
            ("Répondant 2", (Respondent, Label)),
            ("Dupont (R)", (Respondent, Mark)),
            ("Mme Roux, répondante", (Respondent, Mark)),
            ("Jean observateur", (Other, Mark)),
            // No mark inside a word, nor a short label as a bare word.
            ("Denquin", (Respondent, Default)),
            ("Branca-Enquist", (Respondent, Default)),
            ("Marie E", (Respondent, Default)),
            ("Intissar", (Respondent, Default)),
            // Marks of two roles cancel out.
            ("Enquêteur (REP)", (Respondent, Default)),
            ("SPEAKER_02", (Unknown, Diarisation)),
        ];
        for (label, want) in cases {
            assert_eq!(decide(&rules, label), want, "label {label:?}");
            assert_eq!(
                rules.known_role(label).is_some(),
                want.1 != Default && want.1 != Diarisation,
                "{label:?}"
            );
        }
    }

    #[test]
    fn pattern_and_added_labels() {
        let rules = RoleRules::default()
            .with_interviewer_pattern("^moder")
            .with_interviewer("ENQ-A")
            .compile()
            .unwrap();
        assert_eq!(
            decide(&rules, "Modératrice"),
            (Role::Interviewer, RoleRule::Pattern)
        );
        assert_eq!(
            decide(&rules, "Léa (ENQ-A)"),
            (Role::Interviewer, RoleRule::Mark)
        );
    }

    #[test]
    fn roles_file_rows_override_and_respect_files() {
        let file = RolesFile::parse(
            "Speaker,Role,File\n\"ch_OB1\",interviewer,\nBA725,respondent,e02\nBA725,enquêteur,e03\nR,other,\nZZ9,autre,\n",
            None,
        )
        .unwrap();
        let rules = RoleRules::default()
            .with_roles_file(file)
            .compile()
            .unwrap();
        assert_eq!(
            decide(&rules, "ch_OB1"),
            (Role::Interviewer, RoleRule::RolesFile)
        );
        assert_eq!(decide(&rules, "ch_OB2").1, RoleRule::Default);
        // Overrides a label: `R` is an answer label by default.
        assert_eq!(decide(&rules, "R"), (Role::Other, RoleRule::RolesFile));
        // A row restricted to a file is not used without the file...
        assert_eq!(decide(&rules, "BA725").1, RoleRule::Default);
        // ...but is when the document is settled.
        let mut t = Transcript::from_text("e03", "x");
        t.set_turn_speaker(0, Some("BA725"));
        t.turns[0].role = Role::Respondent;
        rules.settle(&mut t, Some(Path::new("corpus/e03.txt")));
        assert_eq!(t.turns[0].role, Role::Interviewer);
        assert_eq!(t.speaker_roles[0].rule, RoleRule::RolesFile);
        assert_eq!(t.speaker_roles[0].roles_file_line, Some(4));
        let used: BTreeSet<usize> = [2, 4].into();
        let unused = rules.roles_file().unwrap().unused(&used);
        let lines: Vec<Option<usize>> = unused.iter().map(|w| w.line).collect();
        assert_eq!(lines, [Some(3), Some(5), Some(6)]);
        assert!(
            unused[0].message.contains("\"BA725\" of \"e02\""),
            "{}",
            unused[0]
        );
    }

    #[test]
    fn roles_file_errors_name_the_line() {
        let at = |text: &str| {
            RolesFile::parse(text, Some(Path::new("r.csv")))
                .unwrap_err()
                .to_string()
        };
        assert!(
            at("").starts_with("r.csv:1: empty roles file"),
            "{}",
            at("")
        );
        assert!(at("name;who\nA;B\n").starts_with("r.csv:1: the header"));
        assert!(at("# comment\nspeaker\trole\nA\tinterviewer\n\nB\n")
            .starts_with("r.csv:5: unknown role \"\""));
        assert!(at("speaker,role\n,interviewer\n").starts_with("r.csv:2: no speaker"));
    }
}
