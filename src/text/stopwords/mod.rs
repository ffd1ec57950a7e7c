//! French stopwords: Snowball's French stop list, built in, with additions and removals.
//!
//! ```
//! use entretien::text::stopwords::Stopwords;
//!
//! let stop = Stopwords::french().with(["euh", "ben"]).without(["pas"]);
//! assert!(stop.contains("les"));
//! assert!(stop.contains("l'")); // elided forms are looked up without their apostrophe
//! assert!(stop.contains("euh"));
//! assert!(!stop.contains("pas"));
//! assert!(!stop.contains("isolement"));
//! ```
//!
//! The built-in list ([`Stopwords::french`]) is the Snowball project's French stop list (154 words:
//! articles, pronouns, prepositions, and the forms of *être* and *avoir*), shipped
//! as `snowball_french.txt` beside this module with its BSD licence notice
//! (`snowball-license.tt`, Copyright (c) 2001 Dr Martin Porter, (c) 2002 Richard
//! Boulton). Snowball leaves out forms that are also nouns, such as `été`
//! (summer), `est` (east) and `son` (sound); add them with [`Stopwords::with`] if
//! your study needs it.
//!
//! To it, [`Stopwords::french`] adds the words of spoken French that carry no topic, written for
//! entretien (`spoken_french.txt`): fillers and hesitations (`euh`, `bah`), backchannels (`ouais`,
//! `voilà`, `hein`), discourse markers (`alors`, `genre`), `ça` and the demonstratives, the clitics
//! the tokenizer splits from verbs (`-ce`, `-il`, `-t-il`, `-là`), a few verbs of talk and
//! intensifiers. Without them, those top the specific terms of every group of interviews.
//! [`Stopwords::snowball`] is Snowball's list alone.
//!
//! Lookups take normalised forms (lowercase, straight apostrophe). An elided form
//! and its bare letters are the same word: `l'` and `l`, `qu'` and `qu` both match.

use std::collections::HashSet;

/// Snowball's French stop list, one word per line.
const SNOWBALL_FRENCH: &str = include_str!("snowball_french.txt");

/// Spoken French added to it: fillers, backchannels, discourse markers, clitics split from verbs.
const SPOKEN_FRENCH: &str = include_str!("spoken_french.txt");

/// A set of stopwords (normalised forms). Cheap to share across threads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stopwords {
    words: HashSet<String>,
}

/// Lowercases, unifies apostrophes and drops a final apostrophe (`L’` → `l`).
fn key(word: &str) -> String {
    let lowered = super::normalize::Normalizer::new()
        .normalize(word.trim())
        .into_owned();
    match lowered.strip_suffix('\'') {
        Some(bare) => bare.to_string(),
        None => lowered,
    }
}

impl Stopwords {
    /// The built-in French list: Snowball's, and the words of spoken French that carry no topic
    /// (`euh`, `ouais`, `voilà`, `ça`, the clitics `-ce`, `-il`, `-t-il`…).
    pub fn french() -> Stopwords {
        Stopwords::parse_list(SNOWBALL_FRENCH).with_list(SPOKEN_FRENCH)
    }

    /// Snowball's French list alone (154 words).
    pub fn snowball() -> Stopwords {
        Stopwords::parse_list(SNOWBALL_FRENCH)
    }

    /// The spoken-French additions alone.
    pub fn spoken_french() -> Stopwords {
        Stopwords::parse_list(SPOKEN_FRENCH)
    }

    /// Adds the words of a list in [`Stopwords::parse_list`]'s layout.
    pub fn with_list(mut self, text: &str) -> Stopwords {
        self.words.extend(Stopwords::parse_list(text).words);
        self
    }

    /// A fingerprint of the list's content (order-independent), recorded in aggregates.
    pub fn fingerprint(&self) -> String {
        let mut words: Vec<&str> = self.words.iter().map(String::as_str).collect();
        words.sort_unstable();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for w in words {
            for &b in w.as_bytes().iter().chain(b"\n") {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        format!("{h:016x}")
    }

    /// An empty set.
    pub fn empty() -> Stopwords {
        Stopwords::default()
    }

    /// Reads a stop list in Snowball's layout: words separated by whitespace,
    /// anything after `|` on a line is a comment.
    pub fn parse_list(text: &str) -> Stopwords {
        let words = text
            .lines()
            .map(|line| line.split('|').next().unwrap_or(""))
            .flat_map(str::split_whitespace)
            .map(key)
            .filter(|w| !w.is_empty())
            .collect();
        Stopwords { words }
    }

    /// Reads a stop list file ([`Stopwords::parse_list`]'s layout, UTF-8). A file without a word is
    /// an error: it would turn every stopword into a topic word.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> crate::Result<Stopwords> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|e| crate::Error::io(Some(path), e))?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| crate::Error::invalid_utf8(e.valid_up_to()).with_path(path))?;
        let list = Stopwords::parse_list(text);
        if list.is_empty() {
            return Err(crate::Error::data(None, "the stop list has no words").with_path(path));
        }
        Ok(list)
    }

    /// Adds words (normalised on the way in).
    pub fn with<I, S>(mut self, words: I) -> Stopwords
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for w in words {
            let k = key(w.as_ref());
            if !k.is_empty() {
                self.words.insert(k);
            }
        }
        self
    }

    /// Removes words (normalised on the way in).
    pub fn without<I, S>(mut self, words: I) -> Stopwords
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        for w in words {
            self.words.remove(&key(w.as_ref()));
        }
        self
    }

    /// Whether `norm` (a normalised form) is a stopword. `l'` and `l` are the same.
    pub fn contains(&self, norm: &str) -> bool {
        let bare = norm
            .strip_suffix('\'')
            .or_else(|| norm.strip_suffix('\u{2019}'))
            .unwrap_or(norm);
        self.words.contains(bare)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_list_has_snowball_words_and_no_comments() {
        assert_eq!(Stopwords::snowball().len(), 154);
        let stop = Stopwords::french();
        let spoken = Stopwords::spoken_french();
        assert!(stop.len() > 154 && stop.len() <= 154 + spoken.len());
        for w in ["euh", "ouais", "voilà", "ça", "-ce", "-il", "-t-il", "hein"] {
            assert!(stop.contains(w), "{w}");
        }
        for w in ["isolement", "écran", "collègue", "travail", "sens"] {
            assert!(!stop.contains(w), "{w}");
        }
        for w in ["au", "qu", "étées", "eussent", "soi", "à"] {
            assert!(stop.contains(w), "{w}");
        }
        for w in ["été", "|", "isolement", ""] {
            assert!(!stop.contains(w), "{w:?}");
        }
    }

    #[test]
    fn elided_forms_match_bare_letters() {
        let stop = Stopwords::french();
        for w in ["l'", "d'", "qu'", "j\u{2019}", "l", "qu"] {
            assert!(stop.contains(w), "{w}");
        }
    }

    #[test]
    fn with_and_without_normalise() {
        let stop = Stopwords::snowball()
            .with(["Euh", "  ", "Jusqu’"])
            .without(["PAS", "l'"]);
        assert!(stop.contains("euh"));
        assert!(stop.contains("jusqu'"));
        assert!(!stop.contains("pas"));
        assert!(!stop.contains("l"));
        assert_eq!(stop.len(), 154 + 2 - 2);
    }

    #[test]
    fn parse_list_reads_snowball_layout() {
        let stop = Stopwords::parse_list(" | header\nau   | a + le\nce ces\n\n");
        assert_eq!(stop.len(), 3);
        assert!(stop.contains("ces"));
        assert!(!stop.contains("le"));
    }
}
