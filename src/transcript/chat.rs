//! CHAT transcripts (CLAN, CHILDES, TalkBank; `.cha`).
//!
//! Each main line `*CODE:` (with its tab- or space-indented continuation lines) is a turn of the
//! speaker `CODE`. The code is the speaker's label, not the name `@Participants` gives: names are
//! optional and often shared (`OBS1 Observer Investigator, OBS2 Observer Investigator`), codes are
//! unique and are what CHAT writes on every line. Roles come from the role word of
//! `@Participants` (`CODE [Name] Role`), else of the `@ID` line, through the role words of CHAT
//! (`Investigator` → interviewer, `Target_Child`, `Participant` → respondent, `Mother`,
//! `Observer` → other, `Unidentified` → unknown), else the [`RoleRules`](super::RoleRules) (which
//! know `observateur`), else the rules' verdict on the name, then the code. With two words after a
//! code, the second is a role only if it is a known role word, else a name (`CHI Laetitia`).
//!
//! Dependent tiers (`%mor`, `%com`, `%pho`, `%act`, `%conll`...) are kept out. Headers become
//! metadata under their lower-cased name (`date`, `location`, `media`, `birth of chi`...;
//! repeated headers joined with `; `), each `@ID` gives `speaker.CODE.language`, `.corpus`,
//! `.age`, `.sex`, `.group`, `.ses`, `.role`, `.education`, `.custom`, and `@Participants` gives
//! `speaker.CODE.name` and `.role`. Old and broken files are read too: lower-case headers,
//! spaces instead of a tab after `*CODE:`, `@ID` lines split over several lines, no `@End`.
//!
//! The words of a turn are the main line's words with the CHAT codes taken out, joined with
//! single spaces, so spans slice back to words only:
//!
//! | written | read as |
//! |---|---|
//! | `&-euh`, `&euh`, `&+fr` (fillers, fragments) | `euh`, `fr` |
//! | `&=rit`, `&*MOT:oui`, `&~nonword` (events, interposed words) | left out |
//! | `xxx`, `yyy`, `www`, `0mot` (unintelligible, untranscribed, omitted) | left out |
//! | `(.)`, `(..)`, `(...)`, `(1.5)` (pauses) | left out |
//! | `[/]`, `[//]`, `[: cible]`, `[= sens]`, `[+ gram]`, `[*]`, `[!]` and any `[...]` | left out; the retraced words are kept: they were said |
//! | `<qu' y+a> [//]` (scope marks) | `qu' y a` |
//! | `mot@b`, `mot@s:eng` (word suffixes) | `mot` |
//! | `(ou)i`, `d(e)` (omitted sounds) | `oui`, `de` |
//! | `Amérique_du_Sud`, `est+ce`, `c'+est` (compounds) | `Amérique du Sud`, `est ce`, `c'est` |
//! | `⌈ ⌉ ⌊ ⌋`, `↗ ↘ ↑ ↓ ≈ ° ∆ ∇ „ ‡ ^` and other CA marks, `no:` lengthening | left out |
//! | `+...`, `+/.`, `+//.`, `+"/.`, `+,`, `++` (terminators, linkers) | left out; `. ? !` stay |
//! | `•123_456•`, `\u{15}123_456\u{15}` (media bullets) | the turn's times, in ms |
//!
//! A speaker code missing from `@Participants`, a line that is none of `@ * %` or a continuation,
//! and a bullet that ends before it starts are warnings naming the line.

use crate::error::{Error, Result};
use crate::transcript::roles::CompiledRoles;
use crate::transcript::speech::{self, role_word, speaker_role, Notes};
use crate::transcript::Role;
use crate::transcript::{lines, Assembler, Format, Transcript};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Conversation-analysis marks and other symbols that are not words.
const MARKS: &[char] = &[
    '⌈', '⌉', '⌊', '⌋', '↗', '↘', '↑', '↓', '→', '⇗', '⇘', '∞', '≈', '≋', '°', '▔', '▁', '☺', '∆',
    '∇', '⁎', '⁇', '∬', 'Ϋ', '∲', '§', '∾', '↫', 'ʔ', 'ʕ', 'ˈ', 'ˌ', 'ː', '„', '‡', '^', '≠', '⤇',
    '⤆', '∙', '⁑', '≡',
];

/// What `@Participants` and `@ID` say of a speaker.
#[derive(Default)]
struct Participant {
    name: Option<String>,
    role: Option<String>,
}

/// A main line read: its speaker code, line, words and bullet times.
struct MainLine {
    code: String,
    line: usize,
    words: String,
    start: Option<f64>,
    end: Option<f64>,
}

/// A record: a header, main or dependent line with its continuations.
struct Record {
    line: usize,
    content: String,
}

/// Reads a CHAT file.
pub(crate) fn parse(text: &str, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    let mut notes = Notes::default();
    let mut records: Vec<Record> = Vec::new();
    for l in lines(text) {
        let line = &text[l.start..l.end];
        let line = line.strip_prefix('\u{feff}').unwrap_or(line);
        if line.starts_with([' ', '\t']) {
            if let Some(last) = records.last_mut() {
                let more = line.trim();
                if !more.is_empty() {
                    last.content.push(' ');
                    last.content.push_str(more);
                }
                continue;
            }
        }
        if line.trim().is_empty() {
            continue;
        }
        if line.starts_with(['@', '*', '%']) {
            records.push(Record {
                line: l.number,
                content: line.trim_end().to_string(),
            });
        } else {
            notes.push(
                Some(l.number),
                "not a CHAT line (`@` header, `*` speaker, `%` tier or indented continuation): left out",
            );
        }
    }
    if records.is_empty() {
        return Err(Error::transcript(
            Some(1),
            "not a CHAT file: no `@` header and no `*SPEAKER:` line",
        ));
    }
    let mut meta: BTreeMap<String, String> = BTreeMap::new();
    let mut participants: HashMap<String, Participant> = HashMap::new();
    let mut declared = false;
    let mut turns: Vec<MainLine> = Vec::new();
    for record in &records {
        let content = record.content.as_str();
        if let Some(header) = content.strip_prefix('@') {
            let (key, value) = match header.split_once(':') {
                Some((k, v)) => (k.trim(), v.trim()),
                None => (header.trim(), ""),
            };
            let key = key.to_lowercase();
            match key.as_str() {
                "participants" => {
                    declared = true;
                    read_participants(value, roles, &mut participants);
                }
                "id" => read_id(value, &mut participants, &mut meta),
                _ if value.is_empty() => {}
                _ => {
                    meta.entry(key)
                        .and_modify(|v| {
                            v.push_str("; ");
                            v.push_str(value);
                        })
                        .or_insert_with(|| value.to_string());
                }
            }
        } else if let Some(main) = content.strip_prefix('*') {
            let Some((code, words)) = main.split_once(':') else {
                notes.push(
                    Some(record.line),
                    "`*` line without `:` after the speaker code",
                );
                continue;
            };
            let code = code.trim().to_string();
            let (words, start, end) = clean_utterance(words);
            turns.push(MainLine {
                code,
                line: record.line,
                words,
                start,
                end,
            });
        }
    }
    for (code, p) in &participants {
        if let Some(name) = &p.name {
            meta.insert(format!("speaker.{code}.name"), name.clone());
        }
        if let Some(role) = &p.role {
            meta.insert(format!("speaker.{code}.role"), role.clone());
        }
    }
    let mut undeclared: HashSet<&str> = HashSet::new();
    let mut assembler = Assembler::new();
    let mut attributed: Vec<(String, Role)> = Vec::new();
    for turn in &turns {
        let (code, line, mut end) = (&turn.code, turn.line, turn.end);
        let p = participants.get(code.as_str());
        if p.is_none() && declared && undeclared.insert(code) {
            notes.push(
                Some(line),
                format!("speaker *{code} is not in @Participants"),
            );
        }
        let name = p.and_then(|p| p.name.as_deref()).unwrap_or(code);
        let declared_role = p.and_then(|p| p.role.as_deref());
        let role = speaker_role(roles, declared_role, name, &[code.as_str()]);
        if speech::declared_role(roles, declared_role) == Some(role) {
            attributed.push((code.to_string(), role));
        }
        if let (Some(s), Some(e)) = (turn.start, end) {
            if e < s {
                notes.push(
                    Some(line),
                    format!("media bullet ends ({e}) before it starts ({s}): its end is left out"),
                );
                end = None;
            }
        }
        assembler.push(Some(code), role, &turn.words, turn.start, end);
    }
    let mut transcript = Transcript::empty(id.to_string(), Format::Chat);
    assembler.finish(&mut transcript);
    for (code, role) in attributed {
        speech::record_attribute(&mut transcript, &code, role);
    }
    transcript.metadata = meta;
    transcript.warnings = notes.finish();
    Ok(transcript)
}

/// `CHI Léonard Target_Child, MOT Mother, OBS observateur, CHI Laetitia`.
fn read_participants(
    value: &str,
    roles: &CompiledRoles,
    participants: &mut HashMap<String, Participant>,
) {
    for entry in value.split(',') {
        let words: Vec<&str> = entry.split_whitespace().collect();
        let Some((&code, rest)) = words.split_first() else {
            continue;
        };
        let p = participants.entry(code.to_string()).or_default();
        match rest {
            [] => {}
            [one] => {
                if role_word(one).is_some() || roles.known_role(one).is_some() {
                    p.role = Some(one.to_string());
                } else {
                    p.name = Some(one.to_string());
                }
            }
            [name @ .., role] => {
                p.name = Some(name.join(" "));
                p.role = Some(role.to_string());
            }
        }
    }
}

/// `fra|corpus|CHI|2;11.30|male|group|SES|Target_Child|education|custom|`.
fn read_id(
    value: &str,
    participants: &mut HashMap<String, Participant>,
    meta: &mut BTreeMap<String, String>,
) {
    let fields: Vec<&str> = value.split('|').map(str::trim).collect();
    let Some(code) = fields.get(2).filter(|c| !c.is_empty()) else {
        return;
    };
    const NAMES: [&str; 10] = [
        "language",
        "corpus",
        "",
        "age",
        "sex",
        "group",
        "ses",
        "role",
        "education",
        "custom",
    ];
    for (name, field) in NAMES.iter().zip(&fields) {
        if !name.is_empty() && !field.is_empty() {
            meta.insert(format!("speaker.{code}.{name}"), field.to_string());
        }
    }
    let p = participants.entry(code.to_string()).or_default();
    if p.role.is_none() {
        p.role = fields
            .get(7)
            .filter(|r| !r.is_empty())
            .map(|r| r.to_string());
    }
}

/// The words of a main line without CHAT codes, and the times of its media bullets (first start,
/// last end).
fn clean_utterance(line: &str) -> (String, Option<f64>, Option<f64>) {
    let mut words = String::new();
    let mut start: Option<f64> = None;
    let mut end: Option<f64> = None;
    let mut rest = line;
    let push = |word: &str, words: &mut String| {
        if let Some(clean) = clean_word(word) {
            for w in clean.split_whitespace() {
                if !words.is_empty() {
                    words.push(' ');
                }
                words.push_str(w);
            }
        }
    };
    while !rest.is_empty() {
        let Some(i) = rest.find(|c: char| c.is_whitespace() || matches!(c, '[' | '\u{15}' | '•'))
        else {
            push(rest, &mut words);
            break;
        };
        push(&rest[..i], &mut words);
        let c = rest[i..].chars().next().expect("found");
        let after = &rest[i + c.len_utf8()..];
        rest = match c {
            '[' => after.find(']').map_or("", |j| &after[j + 1..]),
            '\u{15}' | '•' => match after.find(c) {
                Some(j) => {
                    if let Some((s, e)) = bullet(&after[..j]) {
                        start = start.or(Some(s));
                        end = Some(e);
                    }
                    &after[j + c.len_utf8()..]
                }
                None => "",
            },
            _ => after,
        };
    }
    (words, start, end)
}

/// `123_456` or `%snd:"file"_123_456`: start and end in seconds.
fn bullet(inner: &str) -> Option<(f64, f64)> {
    let mut parts = inner.rsplit('_');
    let end: u64 = parts.next()?.trim().parse().ok()?;
    let start: u64 = parts.next()?.trim().parse().ok()?;
    Some((start as f64 / 1000.0, end as f64 / 1000.0))
}

/// One whitespace-separated piece of a main line, without its codes; `None` if nothing is left.
fn clean_word(word: &str) -> Option<String> {
    let mut w = word.trim_start_matches('<').trim_end_matches('>');
    if w.is_empty() {
        return None;
    }
    if let Some(after) = w.strip_prefix('&') {
        match after.chars().next() {
            Some('=' | '*' | '~') | None => return None,
            Some('-' | '+') => w = &after[1..],
            Some(_) => w = after,
        }
    }
    if w.starts_with('+') {
        return None;
    }
    if is_pause(w) {
        return None;
    }
    if w.starts_with('0') && w[1..].starts_with(char::is_alphabetic) {
        return None;
    }
    if let Some(at) = w.find('@').filter(|&at| at > 0) {
        w = &w[..at];
    }
    let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
    if matches!(
        bare.to_ascii_lowercase().as_str(),
        "xxx" | "yyy" | "www" | "xx" | "yy"
    ) {
        return None;
    }
    let has_letters = w.chars().any(char::is_alphabetic);
    let mut out = String::with_capacity(w.len());
    for c in w.chars() {
        match c {
            '(' | ')' => {}
            ':' if has_letters => {}
            '_' => out.push(' '),
            '+' => {
                if !out.ends_with(['\'', '’']) {
                    out.push(' ');
                }
            }
            c if MARKS.contains(&c) => {}
            c => out.push(c),
        }
    }
    let out = out.trim();
    let keep = out.chars().any(char::is_alphanumeric)
        || matches!(out, "." | "?" | "!" | "," | ";" | "..." | "…");
    keep.then(|| out.to_string())
}

/// `(.)`, `(..)`, `(...)`, `(1.5)`, `(2:03.5)`.
fn is_pause(w: &str) -> bool {
    w.len() >= 3
        && w.starts_with('(')
        && w.ends_with(')')
        && w[1..w.len() - 1]
            .chars()
            .all(|c| c == '.' || c == ':' || c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_out_words_in() {
        let (words, start, end) = clean_utterance(
            "&-euh <qu' y+a> [//] (ou)i xxx (.) le ⌈chat⌉@b &=rit [: chien] d(e) l' Amérique_du_Sud +... \u{15}100_2500\u{15}",
        );
        assert_eq!(words, "euh qu' y a oui le chat de l' Amérique du Sud");
        assert_eq!((start, end), (Some(0.1), Some(2.5)));
        let (words, _, _) = clean_utterance("c'+est bon: . •1_2• ça ?");
        assert_eq!(words, "c'est bon . ça ?");
    }
}
