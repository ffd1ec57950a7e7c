//! What the readers of research speech formats (TEI, ELAN, CHAT, speech-recognition JSON) share:
//! the role words their speaker declarations use, a speaker's role from them, capped warnings and
//! whitespace-joined words.
//!
//! Role words (`Investigator`, `Target_Child`, ParlaMint's `#chair`...) are the file's own statement
//! of a role, so they come first; names without one go through [`RoleRules`](super::RoleRules),
//! whose label lists stay the only place where names become roles.

use crate::transcript::roles::CompiledRoles;
use crate::transcript::{Role, Transcript, Warning};

/// Warnings kept per file; past this many, one more says how many were left out.
const MAX_WARNINGS: usize = 100;

/// The role a role word of CHAT (`@Participants`, `@ID`), TEI (`person/@role`, `u/@ana`) or ELAN
/// names, compared without case, `#` or spaces: interviewers (`Investigator`, `Interviewer`,
/// `Experimenter`, `Host`, ParlaMint's `chair`), respondents (`Participant`, `Target_Child`,
/// `Target_Adult`, `Informant`, `Patient`, ParlaMint's `regular` and `guest`...), third parties
/// (family members, `Observer`, `Visitor`, `Media`...) and `Unidentified`/`Uncertain` (unknown).
pub(crate) fn role_word(word: &str) -> Option<Role> {
    let folded: String = word
        .trim()
        .trim_start_matches('#')
        .chars()
        .filter(|c| !matches!(c, '_' | '-' | ' '))
        .flat_map(char::to_lowercase)
        .collect();
    let role = match folded.as_str() {
        "investigator" | "interviewer" | "experimenter" | "host" | "chair" | "moderator"
        | "clinician" | "therapist" => Role::Interviewer,
        "participant" | "targetchild" | "targetadult" | "informant" | "interviewee"
        | "respondent" | "patient" | "subject" | "narrator" | "regular" | "guest" => {
            Role::Respondent
        }
        "mother" | "father" | "brother" | "sister" | "sibling" | "grandmother" | "grandfather"
        | "relative" | "child" | "boy" | "girl" | "adult" | "teenager" | "male" | "female"
        | "observer" | "visitor" | "friend" | "playmate" | "caretaker" | "babysitter"
        | "environment" | "media" | "audience" | "partner" | "student" | "teacher" | "group"
        | "transcriber" | "other" => Role::Other,
        "unidentified" | "uncertain" | "unknown" => Role::Unknown,
        _ => return None,
    };
    Some(role)
}

/// A speaker's role: the first role word of `declared` (several may be given, space-separated, as
/// in `@ana`) that [`role_word`] or the role rules know; else the rules' label lists for the name,
/// then for each id; else [`role_word`] of the name (an ELAN participant named `Observer`); else the
/// rules' verdict on the name.
pub(crate) fn speaker_role(
    roles: &CompiledRoles,
    declared: Option<&str>,
    name: &str,
    ids: &[&str],
) -> Role {
    declared_role(roles, declared)
        .or_else(|| roles.known_role(name))
        .or_else(|| ids.iter().find_map(|id| roles.known_role(id)))
        .or_else(|| role_word(name))
        .unwrap_or_else(|| roles.classify(name))
}

/// The role a file's own role attribute gives (`Investigator`, `#chair`...), if it names one.
pub(crate) fn declared_role(roles: &CompiledRoles, declared: Option<&str>) -> Option<Role> {
    declared
        .into_iter()
        .flat_map(str::split_whitespace)
        .find_map(|w| role_word(w).or_else(|| roles.known_role(w.trim_start_matches('#'))))
}

/// Records that `speaker`'s role came from the file's role attribute, so that the summary says
/// [`RoleRule::Attribute`](crate::transcript::RoleRule::Attribute) (a roles file still overrides it).
pub(crate) fn record_attribute(t: &mut Transcript, speaker: &str, role: Role) {
    if !t
        .speaker_roles
        .iter()
        .any(|r| r.name == speaker && r.role == role)
    {
        t.speaker_roles.push(crate::transcript::SpeakerRole {
            name: speaker.to_string(),
            role,
            rule: crate::transcript::RoleRule::Attribute,
            roles_file_line: None,
        });
    }
}

/// Warnings of one file, at most [`MAX_WARNINGS`] of them.
#[derive(Default)]
pub(crate) struct Notes {
    list: Vec<Warning>,
    dropped: usize,
}

impl Notes {
    pub(crate) fn push(&mut self, line: Option<usize>, message: impl Into<String>) {
        if self.list.len() < MAX_WARNINGS {
            self.list.push(Warning::new(line, message));
        } else {
            self.dropped += 1;
        }
    }

    /// Whether there is room for another warning (to skip computing a line number for nothing).
    pub(crate) fn has_room(&self) -> bool {
        self.list.len() < MAX_WARNINGS
    }

    pub(crate) fn count_dropped(&mut self) {
        self.dropped += 1;
    }

    pub(crate) fn finish(mut self) -> Vec<Warning> {
        if self.dropped > 0 {
            self.list.push(Warning::new(
                None,
                format!("{} more warning(s) of this file left out", self.dropped),
            ));
        }
        self.list
    }
}

/// Appends the words of `piece` to `words`, one space between words.
pub(crate) fn push_words(words: &mut String, piece: &str) {
    for w in piece.split_whitespace() {
        if !words.is_empty() {
            words.push(' ');
        }
        words.push_str(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcript::RoleRules;

    #[test]
    fn role_words_then_rules() {
        assert_eq!(role_word("Target_Child"), Some(Role::Respondent));
        assert_eq!(role_word("#chair"), Some(Role::Interviewer));
        assert_eq!(role_word("Investigator"), Some(Role::Interviewer));
        assert_eq!(role_word("Mother"), Some(Role::Other));
        assert_eq!(role_word("Unidentified"), Some(Role::Unknown));
        assert_eq!(role_word("Marie"), None);
        let rules = RoleRules::default().compile().unwrap();
        assert_eq!(
            speaker_role(&rules, Some("observateur"), "OBS", &[]),
            Role::Other
        );
        assert_eq!(
            speaker_role(&rules, None, "Rou", &["Observateur"]),
            Role::Other
        );
        assert_eq!(
            speaker_role(&rules, None, "Enquêtrice", &[]),
            Role::Interviewer
        );
        assert_eq!(speaker_role(&rules, None, "SPEAKER_01", &[]), Role::Unknown);
        assert_eq!(
            speaker_role(&rules, None, "Mélanie", &["L1"]),
            Role::Respondent
        );
    }
}
