//! What users type (`outil`, `=outils`, `numéri*`, `service public`, `theme:stress`) and its
//! compiled matcher over an analysed document's forms and stems.

use super::is_context_word;
use crate::analysis::DocumentAnalysis;
use crate::error::{Error, Result};
use crate::matcher::TokenRecord;
use crate::text::{strip_accents, TextPipeline};
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::str::FromStr;

/// A search pattern as typed by a user.
///
/// | typed            | pattern                         | matches a token whose…                          |
/// |------------------|---------------------------------|-------------------------------------------------|
/// | `outil`          | `Word("outil")`                 | form is `outil`, or stem is the stem of `outil` |
/// | `=outils`        | `Exact("outils")`               | form is `outils`                                |
/// | `numéri*`        | `Prefix("numéri")`              | form or stem starts with `numéri`               |
/// | `service public` | `Phrase([Word, Word])`          | consecutive tokens match each word in turn      |
/// | `theme:stress`   | `Theme("stress")`               | (resolved by the lexicon matcher)               |
///
/// Forms are compared after the same normalisation as the text (lowercase, apostrophes).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pattern {
    /// A word and every form sharing its stem.
    Word(String),
    /// An exact normalised form.
    Exact(String),
    /// A prefix of forms or stems.
    Prefix(String),
    /// Two or more words, each a `Word`, `Exact` or `Prefix`.
    Phrase(Vec<Pattern>),
    /// The hits of a lexicon theme.
    Theme(String),
}

impl Pattern {
    /// Parses a user's pattern (see the table above).
    pub fn parse(input: &str) -> Result<Pattern> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Error::config("empty search pattern"));
        }
        if let Some(id) = trimmed.strip_prefix("theme:") {
            let id = id.trim();
            if id.is_empty() || id.contains(char::is_whitespace) {
                return Err(Error::config(format!(
                    "search pattern {input:?}: `theme:` takes one theme id"
                )));
            }
            return Ok(Pattern::Theme(id.to_string()));
        }
        let words: Vec<&str> = trimmed.split_whitespace().collect();
        if words.len() == 1 {
            return Pattern::parse_word(words[0], input);
        }
        words
            .iter()
            .map(|w| Pattern::parse_word(w, input))
            .collect::<Result<Vec<_>>>()
            .map(Pattern::Phrase)
    }

    fn parse_word(word: &str, input: &str) -> Result<Pattern> {
        let fail = |why: &str| Err(Error::config(format!("search pattern {input:?}: {why}")));
        if word.starts_with("theme:") {
            return fail("a theme cannot be part of a phrase");
        }
        let (exact, rest) = match word.strip_prefix('=') {
            Some(rest) => (true, rest),
            None => (false, word),
        };
        let (prefix, stem) = match rest.strip_suffix('*') {
            Some(stem) => (true, stem),
            None => (false, rest),
        };
        if stem.is_empty() {
            return fail("a word is empty");
        }
        if stem.contains(['*', '=']) {
            return fail("`*` is only allowed at the end of a word, `=` only at its start");
        }
        match (exact, prefix) {
            (true, true) => fail("a word cannot be both exact (`=`) and a prefix (`*`)"),
            (true, false) => Ok(Pattern::Exact(stem.to_string())),
            (false, true) => Ok(Pattern::Prefix(stem.to_string())),
            (false, false) => Ok(Pattern::Word(stem.to_string())),
        }
    }
}

impl FromStr for Pattern {
    type Err = Error;

    fn from_str(s: &str) -> Result<Pattern> {
        Pattern::parse(s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    Word { form: String, stem: String },
    Exact(String),
    Prefix(String),
}

impl Element {
    fn matches(&self, form: &str, stem: &str) -> bool {
        match self {
            Element::Word { form: f, stem: s } => form == f || stem == s,
            Element::Exact(f) => form == f,
            Element::Prefix(p) => form.starts_with(p.as_str()) || stem.starts_with(p.as_str()),
        }
    }

    /// The element compared without accents.
    fn folded(&self) -> Element {
        match self {
            Element::Word { form, stem } => Element::Word {
                form: strip_accents(form).into_owned(),
                stem: strip_accents(stem).into_owned(),
            },
            Element::Exact(f) => Element::Exact(strip_accents(f).into_owned()),
            Element::Prefix(p) => Element::Prefix(strip_accents(p).into_owned()),
        }
    }
}

/// A compiled word, exact, prefix or phrase pattern. `Send + Sync`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternMatcher {
    elements: Vec<Element>,
    /// The same elements without accents, for tokens written with an unaccented capital.
    folded: Vec<Element>,
}

impl PatternMatcher {
    /// Compiles `pattern`, normalising and stemming its words with `pipeline` (the one the text goes
    /// through). Fails for a [`Pattern::Theme`], which needs the lexicon matcher.
    pub fn new(pattern: &Pattern, pipeline: &TextPipeline) -> Result<PatternMatcher> {
        let words = match pattern {
            Pattern::Phrase(words) => words.as_slice(),
            other => std::slice::from_ref(other),
        };
        let elements = words
            .iter()
            .map(|w| match w {
                Pattern::Word(word) => {
                    let form = pipeline.normalize(word).into_owned();
                    let stem = pipeline.stem(&form);
                    Ok(Element::Word { form, stem })
                }
                Pattern::Exact(word) => Ok(Element::Exact(pipeline.normalize(word).into_owned())),
                Pattern::Prefix(word) => Ok(Element::Prefix(pipeline.normalize(word).into_owned())),
                Pattern::Phrase(_) => Err(Error::config("a phrase cannot contain a phrase")),
                Pattern::Theme(id) => Err(Error::config(format!(
                    "theme:{id} needs the lexicon matcher, not the word matcher"
                ))),
            })
            .collect::<Result<Vec<_>>>()?;
        let has_empty_word = elements.iter().any(|e| match e {
            Element::Word { form, .. } => form.is_empty(),
            Element::Exact(form) | Element::Prefix(form) => form.is_empty(),
        });
        if elements.is_empty() || has_empty_word {
            return Err(Error::config("a search pattern has an empty word"));
        }
        let folded = elements.iter().map(Element::folded).collect();
        Ok(PatternMatcher { elements, folded })
    }

    /// The number of tokens a match covers.
    pub fn len(&self) -> usize {
        self.elements.len()
    }

    /// Always false: a matcher has at least one word.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// The matches over parallel slices of normalised forms and stems (one per token), as
    /// token ranges, leftmost first and not overlapping.
    pub fn find<F, S>(&self, forms: &[F], stems: &[S]) -> Vec<Range<usize>>
    where
        F: AsRef<str>,
        S: AsRef<str>,
    {
        let n = forms.len().min(stems.len());
        let width = self.elements.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i + width <= n {
            let hit = self
                .elements
                .iter()
                .enumerate()
                .all(|(k, e)| e.matches(forms[i + k].as_ref(), stems[i + k].as_ref()));
            if hit {
                out.push(i..i + width);
                i += width;
            } else {
                i += 1;
            }
        }
        out
    }

    /// The matches among the tokens `range` of an analysed document (one turn), as ranges of
    /// indices relative to `range.start`, leftmost first and not overlapping. Punctuation and symbols
    /// never match; a token written with an unaccented capital is compared without accents.
    pub fn find_in_analysis(
        &self,
        analysis: &DocumentAnalysis<'_>,
        range: Range<usize>,
    ) -> Vec<Range<usize>> {
        let tokens = &analysis.tokens()[range];
        let width = self.elements.len();
        let element_matches = |k: usize, tok: &TokenRecord| {
            if !is_context_word(tok.kind) {
                return false;
            }
            let (form, stem) = (analysis.form(tok.term), analysis.stem(tok.term));
            if analysis.is_folded(tok.term) {
                self.folded[k].matches(&strip_accents(form), &strip_accents(stem))
            } else {
                self.elements[k].matches(form, stem)
            }
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i + width <= tokens.len() {
            if (0..width).all(|k| element_matches(k, &tokens[i + k])) {
                out.push(i..i + width);
                i += width;
            } else {
                i += 1;
            }
        }
        out
    }
}
