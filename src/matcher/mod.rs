//! The compiled lexicon and its match rules.
//!
//! A [`Matcher`] is compiled once from a [`Lexicon`] and is immutable afterwards (`Send + Sync`): share
//! it by reference between workers. Each worker keeps a [`TermTable`] (inside the analyzer's `Scratch`)
//! that interns every distinct normalised form of its corpus to a [`TermId`], with its stem and what the
//! lexicon says about it, computed once per distinct form. The hot loop then only looks ids up.
//!
//! ```
//! use entretien::analyzer::Analyzer;
//! use entretien::{Entry, Lexicon, Theme};
//!
//! let theme = Theme {
//!     id: "isolement".into(),
//!     label: String::new(),
//!     definition: String::new(),
//!     entries: vec![Entry::parse("isolement"), Entry::parse("seul")],
//!     exclusions: vec![Entry::parse("seulement")],
//! };
//! let lexicon = Lexicon { name: None, themes: vec![theme] };
//! let analyzer = Analyzer::builder().lexicon(lexicon).build()?;
//! let score = analyzer.analyze_text("Je me sens isolée, seule au bureau. Seulement le lundi.");
//! // `isolée` (stem of isolement) and `seule` (stem of seul); `Seulement` is vetoed.
//! assert_eq!(score.themes[0].hits, 2);
//! assert_eq!(score.themes[0].terms["isolement"], 1);
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! # Match rules
//!
//! Every token and every lexicon entry go through the same pipeline: tokenizer, [`Normalizer`]
//! (lowercase, `’` → `'`, NFC) and, for stem-based rules, the Snowball French [`Stemmer`].
//!
//! | entry as written | kind | a token matches when | example entry | matches | does not match |
//! |---|---|---|---|---|---|
//! | `isolement` | [`EntryKind::Stem`] | its stem equals the entry's stem | `isolement` (stem `isol`) | isolé, isolée, isoler | solitude |
//! | `=seul` | [`EntryKind::Exact`] | its normalised form equals the entry | `=seul` | seul, Seul | seule, seulement |
//! | `isol*` | [`EntryKind::Prefix`] | its normalised form starts with the prefix | `isol*` | isolé, isolement, isolation | désisolé |
//! | `perte de sens` | [`EntryKind::Phrase`] | a sequence of tokens matches word by word on stems | `perte de sens` | pertes de sens, perte du sens | perte totale de sens (unless `max_gap` ≥ 1) |
//!
//! * **Phrases.** Words of a phrase compare by stem, except the function words, which match any variant
//!   of their class: `de`/`du`/`des`/`d'`, `le`/`la`/`les`/`l'`, `à`/`au`/`aux`, `un`/`une`, and an
//!   elided clitic matches its full form (`n'`/`ne`, `qu'`/`que`, `s'`/`se`, `j'`/`je`, `m'`/`me`,
//!   `t'`/`te`, `c'`/`ce`). Up to `max_gap` extra word tokens may stand between two consecutive words
//!   (the nearest next word is taken). Fillers and annotations (`euh`, `(rires)`) are skipped and never
//!   count in the gap; punctuation ends a phrase. An entry written as one word that the tokenizer splits
//!   (`l'isolement`) is compiled as a phrase.
//! * **Exclusions** veto: a token covered by a match of one of a theme's exclusions cannot count for that
//!   theme (neither as a word nor inside a phrase). A plain word in `exclusions` matches its normalised
//!   form only (`seulement` vetoes *seulement*, not *seul*, with which it shares the stem `seul`); write
//!   `seulement*` for a prefix. Exclusion phrases match like phrases (`seul le chef`).
//! * **Exact beats wildcard.** When a token matches several entries of one theme, the indicator credited is
//!   the first of: an exact entry, a stem entry, the longest prefix entry (ties: lexicon order).
//! * **Overlaps.** Within a theme, the phrase with the most words wins (ties: the earliest), then single
//!   words fill the tokens left; a token counts at most once per theme. A token may count in several
//!   themes.
//! * **Weights** multiply hits in the `weighted` score; counts (`hits`) ignore them.

use crate::error::{Error, Result};
use crate::lexicon::{Entry, EntryKind, Lexicon};

use crate::fxhash::FxMap;
use crate::span::Span;
use crate::text::normalize::Normalizer;
use crate::text::stem::{StemCache, Stemmer};
use crate::text::tokenize::{TokenKind, Tokenizer};
use std::collections::BTreeMap;

mod cache;
mod resolve;
mod terms;

pub(crate) use resolve::{resolve, Accepted, Candidate};
pub use terms::TermTable;

/// The id of a distinct normalised form in a worker's [`TermTable`].
pub type TermId = u32;

/// A key a phrase word is compared on: a function-word class or an interned stem.
type PhraseKey = u32;
const NO_KEY: PhraseKey = u32::MAX;

/// Function-word classes: every form of a class matches every other inside phrases.
const FUNCTION_CLASSES: &[&[&str]] = &[
    &["de", "du", "des", "d'"],
    &["le", "la", "les", "l'"],
    &["à", "au", "aux"],
    &["un", "une"],
    &["ne", "n'"],
    &["que", "qu'"],
    &["se", "s'"],
    &["je", "j'"],
    &["me", "m'"],
    &["te", "t'"],
    &["ce", "c'"],
];

fn function_class(norm: &str) -> Option<PhraseKey> {
    FUNCTION_CLASSES
        .iter()
        .position(|class| class.contains(&norm))
        .map(|i| i as PhraseKey)
}

/// One indicator of the compiled lexicon: an entry of a theme (or of its exclusions).
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Index of the theme in the lexicon.
    pub theme: usize,
    /// The entry as a researcher writes it: `isolement`, `=seul`, `isol*`, `perte de sens`.
    pub name: String,
    pub kind: EntryKind,
    pub weight: f64,
    /// Whether this is one of the theme's exclusions (a veto, never a hit).
    pub exclusion: bool,
}

/// A theme of the compiled lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeInfo {
    pub id: String,
    pub label: String,
}

/// A single-token rule as found in the term table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SingleRule {
    pub theme: u32,
    pub indicator: u32,
    pub exclusion: bool,
}

#[derive(Debug, Clone)]
struct Phrase {
    keys: Vec<PhraseKey>,
    max_gap: u8,
    theme: u32,
    indicator: u32,
    exclusion: bool,
}

/// A lexicon compiled for matching. Immutable, `Send + Sync`: build once, share.
#[derive(Debug, Clone)]
pub struct Matcher {
    themes: Vec<ThemeInfo>,
    indicators: Vec<Indicator>,
    by_form: FxMap<Box<str>, Vec<u32>>,
    by_stem: FxMap<Box<str>, Vec<u32>>,
    /// Exclusions written as plain words: normalised form → indicators.
    exclusion_forms: FxMap<Box<str>, Vec<u32>>,
    /// Wildcard prefixes by their first byte (all a form's candidates share its first byte), in
    /// lexicon order within each list.
    prefixes: Vec<Vec<(Box<str>, u32)>>,
    phrase_stems: FxMap<Box<str>, PhraseKey>,
    phrases: Vec<Phrase>,
    phrases_by_first: FxMap<PhraseKey, Vec<u32>>,
}

/// A token as the matcher sees it: its span in the transcript, kind and interned form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRecord {
    pub span: Span,
    pub kind: TokenKind,
    pub term: TermId,
}

impl TokenRecord {
    /// Fillers and annotations are transparent to phrases and negation scopes.
    #[inline]
    pub(crate) fn is_skippable(&self) -> bool {
        matches!(self.kind, TokenKind::Filler | TokenKind::Annotation)
    }
}

impl Matcher {
    /// Compiles a lexicon, sending each entry through the same tokenizer, normaliser and stemmer as the
    /// texts. Fails on an empty entry or a theme id given twice.
    pub fn compile(
        lexicon: &Lexicon,
        tokenizer: &Tokenizer,
        normalizer: &Normalizer,
        stemmer: &Stemmer,
    ) -> Result<Matcher> {
        let mut m = Matcher {
            themes: Vec::new(),
            indicators: Vec::new(),
            by_form: FxMap::default(),
            by_stem: FxMap::default(),
            exclusion_forms: FxMap::default(),
            prefixes: vec![Vec::new(); 256],
            phrase_stems: FxMap::default(),
            phrases: Vec::new(),
            phrases_by_first: FxMap::default(),
        };
        let mut stems = StemCache::new();
        let mut seen = BTreeMap::new();
        for (ti, theme) in lexicon.themes.iter().enumerate() {
            if let Some(prev) = seen.insert(theme.id.as_str(), ti) {
                return Err(Error::config(format!(
                    "theme id {:?} is given twice (themes {} and {})",
                    theme.id,
                    prev + 1,
                    ti + 1
                )));
            }
            m.themes.push(ThemeInfo {
                id: theme.id.clone(),
                label: theme.label.clone(),
            });
            let all = theme
                .entries
                .iter()
                .map(|e| (e, false))
                .chain(theme.exclusions.iter().map(|e| (e, true)));
            for (entry, exclusion) in all {
                m.add_entry(
                    ti, entry, exclusion, tokenizer, normalizer, stemmer, &mut stems,
                )?;
            }
        }
        Ok(m)
    }

    #[allow(clippy::too_many_arguments)]
    fn add_entry(
        &mut self,
        theme: usize,
        entry: &Entry,
        exclusion: bool,
        tokenizer: &Tokenizer,
        normalizer: &Normalizer,
        stemmer: &Stemmer,
        stems: &mut StemCache,
    ) -> Result<()> {
        let fail = |msg: &str| Error::lexicon(entry.line, Some(&entry.pattern), msg);
        if !(entry.weight.is_finite()) {
            return Err(fail("the weight is not a finite number"));
        }
        let words: Vec<String> = tokenizer
            .tokenize(entry.pattern.trim())
            .into_iter()
            .filter(|t| !matches!(t.kind, TokenKind::Punct) || entry.kind == EntryKind::Prefix)
            .map(|t| normalizer.normalize(t.text).into_owned())
            .collect();
        if words.is_empty() || entry.pattern.trim().is_empty() {
            return Err(fail("the entry is empty"));
        }
        let index = self.indicators.len() as u32;
        let name = match entry.kind {
            EntryKind::Exact => format!("={}", entry.pattern.trim()),
            EntryKind::Prefix => format!("{}*", entry.pattern.trim()),
            EntryKind::Stem | EntryKind::Phrase => entry.pattern.trim().to_string(),
        };
        let kind = if words.len() > 1 && entry.kind != EntryKind::Prefix {
            EntryKind::Phrase
        } else {
            entry.kind
        };
        self.indicators.push(Indicator {
            theme,
            name,
            kind,
            weight: entry.weight,
            exclusion,
        });
        match kind {
            EntryKind::Prefix => {
                let prefix = normalizer.normalize(entry.pattern.trim()).into_owned();
                let prefix = prefix.trim_end_matches('*').to_string();
                if prefix.is_empty() {
                    return Err(fail("the prefix is empty"));
                }
                self.prefixes[prefix.as_bytes()[0] as usize].push((prefix.into(), index));
            }
            EntryKind::Exact => {
                let map = if exclusion {
                    &mut self.exclusion_forms
                } else {
                    &mut self.by_form
                };
                map.entry(words[0].as_str().into()).or_default().push(index);
            }
            EntryKind::Stem if exclusion => {
                self.exclusion_forms
                    .entry(words[0].as_str().into())
                    .or_default()
                    .push(index);
            }
            EntryKind::Stem => {
                let stem = stems.stem(stemmer, &words[0]).to_string();
                self.by_stem.entry(stem.into()).or_default().push(index);
            }
            EntryKind::Phrase => {
                let mut keys = Vec::with_capacity(words.len());
                for w in &words {
                    let key = match function_class(w) {
                        Some(k) => k,
                        None => {
                            let stem = stems.stem(stemmer, w).to_string();
                            let next = (FUNCTION_CLASSES.len() + self.phrase_stems.len()) as u32;
                            *self.phrase_stems.entry(stem.into()).or_insert(next)
                        }
                    };
                    keys.push(key);
                }
                let p = self.phrases.len() as u32;
                self.phrases_by_first.entry(keys[0]).or_default().push(p);
                self.phrases.push(Phrase {
                    keys,
                    max_gap: entry.max_gap,
                    theme: theme as u32,
                    indicator: index,
                    exclusion,
                });
            }
        }
        Ok(())
    }

    /// The themes, in lexicon order.
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }

    /// All indicators (entries and exclusions), by index.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// Appends the single-token rules a form matches: for each theme, the best positive entry and any
    /// exclusion veto.
    fn single_rules(&self, norm: &str, stem: &str, out: &mut Vec<SingleRule>) {
        // (theme, rank, indicator): rank 0 exact, 1 stem, 2+ prefix (shorter prefix, higher rank).
        let mut found: Vec<(u32, usize, u32)> = Vec::new();
        if let Some(list) = self.by_form.get(norm) {
            found.extend(
                list.iter()
                    .map(|&i| (self.indicators[i as usize].theme as u32, 0, i)),
            );
        }
        if let Some(list) = self.by_stem.get(stem) {
            found.extend(
                list.iter()
                    .map(|&i| (self.indicators[i as usize].theme as u32, 1, i)),
            );
        }
        let mut vetoes: Vec<u32> = Vec::new();
        let bucket = norm
            .as_bytes()
            .first()
            .map_or(&[][..], |&b| &self.prefixes[b as usize]);
        for (prefix, i) in bucket {
            if norm.starts_with(&**prefix) {
                let ind = &self.indicators[*i as usize];
                if ind.exclusion {
                    vetoes.push(*i);
                } else {
                    found.push((ind.theme as u32, 2 + (usize::MAX / 4 - prefix.len()), *i));
                }
            }
        }
        if let Some(list) = self.exclusion_forms.get(norm) {
            vetoes.extend(list);
        }
        found.sort_unstable();
        let mut last_theme = None;
        for (theme, _, indicator) in found {
            if last_theme != Some(theme) {
                last_theme = Some(theme);
                out.push(SingleRule {
                    theme,
                    indicator,
                    exclusion: false,
                });
            }
        }
        for indicator in vetoes {
            out.push(SingleRule {
                theme: self.indicators[indicator as usize].theme as u32,
                indicator,
                exclusion: true,
            });
        }
    }

    fn phrase_key(&self, norm: &str, stem: &str) -> PhraseKey {
        if let Some(k) = function_class(norm) {
            return k;
        }
        self.phrase_stems.get(stem).copied().unwrap_or(NO_KEY)
    }

    /// Appends the candidates of the tokens `range` (one turn; indices into `tokens`) to `out`.
    pub(crate) fn candidates(
        &self,
        tokens: &[TokenRecord],
        range: std::ops::Range<usize>,
        table: &TermTable,
        out: &mut Vec<Candidate>,
    ) {
        for i in range.clone() {
            let tok = &tokens[i];
            let lex = table.lex(tok.term);
            if !lex.has_candidates() {
                continue;
            }
            for rule in table.singles(lex) {
                out.push(Candidate {
                    theme: rule.theme,
                    indicator: rule.indicator,
                    first: i as u32,
                    last: i as u32,
                    words: 1,
                    exclusion: rule.exclusion,
                });
            }
            if lex.starts_phrase {
                if let Some(list) = self.phrases_by_first.get(&lex.phrase_key) {
                    for &p in list {
                        let phrase = &self.phrases[p as usize];
                        if let Some(last) = match_phrase(phrase, tokens, i, range.end, table) {
                            out.push(Candidate {
                                theme: phrase.theme,
                                indicator: phrase.indicator,
                                first: i as u32,
                                last: last as u32,
                                words: phrase.keys.len() as u32,
                                exclusion: phrase.exclusion,
                            });
                        }
                    }
                }
            }
        }
    }
}

/// Matches `phrase` from token `start` (whose key is the phrase's first), returning its last token.
fn match_phrase(
    phrase: &Phrase,
    tokens: &[TokenRecord],
    start: usize,
    end: usize,
    table: &TermTable,
) -> Option<usize> {
    let mut pos = start;
    for &key in &phrase.keys[1..] {
        let mut gap = 0u8;
        let mut j = pos + 1;
        loop {
            if j >= end {
                return None;
            }
            let tok = &tokens[j];
            if tok.is_skippable() {
                j += 1;
                continue;
            }
            if tok.kind == TokenKind::Punct {
                return None;
            }
            if table.lex(tok.term).phrase_key == key {
                break;
            }
            if gap >= phrase.max_gap {
                return None;
            }
            gap += 1;
            j += 1;
        }
        pos = j;
    }
    Some(pos)
}
