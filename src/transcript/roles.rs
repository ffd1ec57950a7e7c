//! Which role a speaker label stands for.
//!
//! ```
//! use entretien::transcript::RoleRules;
//! use entretien::Role;
//!
//! let rules = RoleRules::default().compile().unwrap();
//! assert_eq!(rules.classify("Enquêtrice"), Role::Interviewer);
//! assert_eq!(rules.classify("ENQUETEUR 2"), Role::Interviewer);
//! assert_eq!(rules.classify("Enquêteur (Paul)"), Role::Interviewer);
//! assert_eq!(rules.classify("R"), Role::Respondent);
//! // Any other name is taken for the person interviewed...
//! assert_eq!(rules.classify("Mme Durand"), Role::Respondent);
//! // ...but a diarisation label says nothing about the role.
//! assert_eq!(rules.classify("SPEAKER_01"), Role::Unknown);
//! ```
//!
//! Labels are compared after folding: lowercase, accents removed, curly apostrophes made
//! straight, trailing dots and a trailing speaker number dropped (`Enquêteur 2`, `E1`, `Q.`).
//! A label whose first word (three letters or more, before a space or a parenthesis) is known
//! takes that word's role: `Enquêtrice Marie`, `Enquêteur (E)`, `Répondante Mme Roux`.
//! The order of the checks is: interviewer labels, then the interviewer pattern, respondent
//! labels, other labels, diarisation labels (`SPEAKER_00`, `Speaker 1`, `Locuteur 2`, `spk1`,
//! which give [`Role::Unknown`]), and last [`RoleRules::unlisted`] (by default
//! [`Role::Respondent`]: in a research interview, whoever is not the interviewer is interviewed).

use crate::error::{Error, Result};
use crate::transcript::Role;
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
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
        let fold_all = |list: &[String]| list.iter().map(|s| fold_label(s)).collect();
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
        Ok(CompiledRoles {
            interviewer: fold_all(&self.interviewer),
            pattern,
            respondent: fold_all(&self.respondent),
            other: fold_all(&self.other),
            unlisted: self.unlisted,
        })
    }
}

/// [`RoleRules`] ready to classify labels.
#[derive(Debug, Clone)]
pub struct CompiledRoles {
    interviewer: HashSet<String>,
    pattern: Option<Regex>,
    respondent: HashSet<String>,
    other: HashSet<String>,
    unlisted: Role,
}

impl CompiledRoles {
    /// The role a label stands for (see the module docs for the order of the checks).
    pub fn classify(&self, label: &str) -> Role {
        let folded = fold_label(label);
        if folded.is_empty() {
            return Role::Unknown;
        }
        self.known(&folded)
            .unwrap_or_else(|| match is_diarisation_label(&folded) {
                true => Role::Unknown,
                false => self.unlisted,
            })
    }

    /// The role of a label that one of the lists (or the pattern) names, if any.
    pub fn known_role(&self, label: &str) -> Option<Role> {
        self.known(&fold_label(label))
    }

    fn known(&self, folded: &str) -> Option<Role> {
        self.known_exactly(folded).or_else(|| {
            // `Enquêteur (E)`, `Enquêtrice Marie`, `Répondante Mme Roux`: a known word
            // (of three letters or more) before a parenthesis or a name.
            let head = folded.split(['(', ' ']).next().unwrap_or("").trim();
            if head.len() >= 3 && head != folded {
                self.known_exactly(head)
            } else {
                None
            }
        })
    }

    fn known_exactly(&self, folded: &str) -> Option<Role> {
        if self.interviewer.contains(folded)
            || self.pattern.as_ref().is_some_and(|p| p.is_match(folded))
        {
            Some(Role::Interviewer)
        } else if self.respondent.contains(folded) {
            Some(Role::Respondent)
        } else if self.other.contains(folded) {
            Some(Role::Other)
        } else {
            None
        }
    }
}

/// Lowercase, no accents, straight apostrophes, single spaces, no trailing dots or speaker number.
pub fn fold_label(label: &str) -> String {
    let mut folded: String = label
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == '’' { '\'' } else { c })
        .collect();
    folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
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
