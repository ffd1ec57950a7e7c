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
//! let theme = Theme::new("isolement")
//!     .with_entries(["isolement", "seul"])
//!     .with_exclusions(["seulement"]);
//! let lexicon = Lexicon { name: None, themes: vec![theme] };
//! let analyzer = Analyzer::builder().build(&lexicon)?;
//! let score = analyzer.analyze_text("Je me sens isolée, seule au bureau. Seulement le lundi.");
//! // `isolée` (stem of isolement) and `seule` (stem of seul); `Seulement` is vetoed.
//! assert_eq!(score.themes[0].hits, 2);
//! assert_eq!(score.themes[0].terms["isolement"], 1);
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! # Match rules
//!
//! Every token and every lexicon entry go through the same pipeline ([`TextPipeline`]): tokenizer, [`Normalizer`](crate::Normalizer)
//! (lowercase, `’` → `'`, NFC) and, for stem-based rules, the Snowball French [`Stemmer`](crate::Stemmer).
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
use crate::fxhash::FxMap;
use crate::lexicon::{Entry, EntryKind, Lexicon};
use crate::span::Span;
use crate::text::function_words;
use crate::text::tokenize::TokenKind;
use crate::text::{strip_accents, TextPipeline};
use std::collections::BTreeMap;

mod cache;
mod resolve;
mod terms;

pub(crate) use resolve::{resolve, Accepted, Candidate};
pub(crate) use terms::Tools;
pub use terms::{StemId, TermTable};

/// The id of a distinct normalised form in a worker's [`TermTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TermId(pub(crate) u32);

impl TermId {
    /// The id as an index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The index of a theme in the lexicon (and in every per-theme vector of an analysis).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ThemeId(pub(crate) u32);

impl ThemeId {
    /// The theme's index in the lexicon.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The index of an indicator in [`Matcher::indicators`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IndicatorId(pub(crate) u32);

impl IndicatorId {
    /// The indicator's index in [`Matcher::indicators`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The largest weight an entry may carry: sums of weights stay finite for any corpus.
pub const MAX_WEIGHT: f64 = 1e6;

/// A key a phrase word is compared on: a function-word group or an interned stem.
type PhraseKey = u32;
const NO_KEY: PhraseKey = u32::MAX;

fn function_class(norm: &str) -> Option<PhraseKey> {
    function_words::group(norm).map(|g| g as PhraseKey)
}

/// One indicator of the compiled lexicon: an entry of a theme (or of its exclusions).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Indicator {
    /// The theme it belongs to.
    pub theme: ThemeId,
    /// The entry as a researcher writes it: `isolement`, `=seul`, `isol*`, `perte de sens`.
    pub name: String,
    /// How it matches.
    pub kind: EntryKind,
    /// What one hit weighs in the weighted score.
    pub weight: f64,
    /// Whether this is one of the theme's exclusions (a veto, never a hit).
    pub exclusion: bool,
    /// Whether its words include a negation (`n'a plus de sens`): a phrase that carries its own
    /// negation. A cue that stands in the gap of a phrase without one negates it.
    pub carries_negation: bool,
}

/// A theme of the compiled lexicon.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ThemeInfo {
    /// The theme's id (`isolement`).
    pub id: String,
    /// Its human-readable name.
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

/// The tables a form is looked up in: one set with accents, one without (for forms written with an
/// unaccented capital).
#[derive(Debug, Clone)]
struct Lookup {
    by_form: FxMap<Box<str>, Vec<u32>>,
    by_stem: FxMap<Box<str>, Vec<u32>>,
    /// Exclusions written as plain words: normalised form → indicators.
    exclusion_forms: FxMap<Box<str>, Vec<u32>>,
    /// Wildcard prefixes by their first byte (all a form's candidates share its first byte), in
    /// lexicon order within each list.
    prefixes: Vec<Vec<(Box<str>, u32)>>,
    phrase_stems: FxMap<Box<str>, PhraseKey>,
}

impl Default for Lookup {
    fn default() -> Self {
        Lookup {
            by_form: FxMap::default(),
            by_stem: FxMap::default(),
            exclusion_forms: FxMap::default(),
            prefixes: vec![Vec::new(); 256],
            phrase_stems: FxMap::default(),
        }
    }
}

/// A lexicon compiled for matching. Immutable, `Send + Sync`: build once, share.
#[derive(Debug, Clone)]
pub struct Matcher {
    themes: Vec<ThemeInfo>,
    indicators: Vec<Indicator>,
    exact: Lookup,
    folded: Lookup,
    phrase_key_count: u32,
    phrases: Vec<Phrase>,
    phrases_by_first: FxMap<PhraseKey, PhraseStarts>,
}

/// The phrases that start with one key, indexed by their second key, so that a token that starts
/// a thousand phrases tries only those whose next word follows it.
#[derive(Debug, Clone, Default)]
struct PhraseStarts {
    by_second: FxMap<PhraseKey, Vec<u32>>,
    /// The largest gap allowed before the second word.
    max_gap: u8,
}

/// A token as the matcher sees it: its span in the transcript, kind and interned form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenRecord {
    /// Byte span in the transcript's text.
    pub span: Span,
    /// What the token is.
    pub kind: TokenKind,
    /// Its interned normalised form.
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
    /// Compiles a lexicon, sending each entry through `pipeline` (the one the texts go through).
    /// Fails on an empty entry, a weight that is not a finite number or a theme id given twice.
    pub fn compile(lexicon: &Lexicon, pipeline: &TextPipeline) -> Result<Matcher> {
        let mut m = Matcher {
            themes: Vec::new(),
            indicators: Vec::new(),
            exact: Lookup::default(),
            folded: Lookup::default(),
            phrase_key_count: function_words::group_count() as u32,
            phrases: Vec::new(),
            phrases_by_first: FxMap::default(),
        };
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
                m.add_entry(ThemeId(ti as u32), entry, exclusion, pipeline)?;
            }
        }
        Ok(m)
    }

    fn add_entry(
        &mut self,
        theme: ThemeId,
        entry: &Entry,
        exclusion: bool,
        pipeline: &TextPipeline,
    ) -> Result<()> {
        let fail = |msg: &str| Error::lexicon(entry.line, Some(&entry.pattern), msg);
        if !(entry.weight.is_finite() && entry.weight.abs() <= MAX_WEIGHT) {
            return Err(fail(
                "the weight must be a number between -1000000 and 1000000 (weighted scores sum it)",
            ));
        }
        let pattern = entry.pattern.trim();
        let words: Vec<String> = pipeline
            .words(pattern)
            .filter(|(kind, _)| *kind != TokenKind::Punct || entry.kind == EntryKind::Prefix)
            .map(|(_, norm)| norm)
            .collect();
        if words.is_empty() || pattern.is_empty() {
            return Err(fail("the entry is empty"));
        }
        let index = self.indicators.len() as u32;
        let name = match entry.kind {
            EntryKind::Exact => format!("={pattern}"),
            EntryKind::Prefix => format!("{pattern}*"),
            EntryKind::Stem | EntryKind::Phrase => pattern.to_string(),
        };
        let kind = if words.len() > 1 && entry.kind != EntryKind::Prefix {
            EntryKind::Phrase
        } else {
            entry.kind
        };
        let carries_negation = kind == EntryKind::Phrase
            && words.iter().any(|w| crate::negation::classify(w).is_cue());
        self.indicators.push(Indicator {
            theme,
            name,
            kind,
            weight: entry.weight,
            exclusion,
            carries_negation,
        });
        let both = |m: &mut Matcher, key: &str, add: &dyn Fn(&mut Lookup, &str)| {
            add(&mut m.exact, key);
            add(&mut m.folded, &strip_accents(key));
        };
        match kind {
            EntryKind::Prefix => {
                let prefix = pipeline.normalize(pattern);
                let prefix = prefix.trim_end_matches('*');
                if prefix.is_empty() {
                    return Err(fail("the prefix is empty"));
                }
                both(self, prefix, &|l, p| {
                    l.prefixes[p.as_bytes()[0] as usize].push((p.into(), index))
                });
            }
            EntryKind::Exact | EntryKind::Stem if exclusion => {
                // A plain word among exclusions vetoes its form only (see the module docs).
                both(self, &words[0], &|l, w| {
                    l.exclusion_forms.entry(w.into()).or_default().push(index)
                });
            }
            EntryKind::Exact => {
                both(self, &words[0], &|l, w| {
                    l.by_form.entry(w.into()).or_default().push(index)
                });
            }
            EntryKind::Stem => {
                let stem = pipeline.stem(&words[0]);
                both(self, &stem, &|l, s| {
                    l.by_stem.entry(s.into()).or_default().push(index)
                });
            }
            EntryKind::Phrase => {
                let mut keys = Vec::with_capacity(words.len());
                for w in &words {
                    let key = match function_class(w) {
                        Some(k) => k,
                        None => self.phrase_stem_key(&pipeline.stem(w)),
                    };
                    keys.push(key);
                }
                let p = self.phrases.len() as u32;
                let starts = self.phrases_by_first.entry(keys[0]).or_default();
                starts.max_gap = starts.max_gap.max(entry.max_gap);
                // A phrase has two words at least (one word is a stem or an exact entry).
                let second = keys.get(1).copied().unwrap_or(NO_KEY);
                starts.by_second.entry(second).or_default().push(p);
                self.phrases.push(Phrase {
                    keys,
                    max_gap: entry.max_gap,
                    theme: theme.0,
                    indicator: index,
                    exclusion,
                });
            }
        }
        Ok(())
    }

    /// The phrase key of a stem, given out the first time it is seen. Without accents, the first
    /// stem to fold to a given text keeps it.
    fn phrase_stem_key(&mut self, stem: &str) -> PhraseKey {
        if let Some(&k) = self.exact.phrase_stems.get(stem) {
            return k;
        }
        let key = self.phrase_key_count;
        self.phrase_key_count += 1;
        self.exact.phrase_stems.insert(stem.into(), key);
        self.folded
            .phrase_stems
            .entry(strip_accents(stem).into())
            .or_insert(key);
        key
    }

    /// The themes, in lexicon order.
    pub fn themes(&self) -> &[ThemeInfo] {
        &self.themes
    }

    /// A theme by id.
    pub fn theme(&self, id: ThemeId) -> &ThemeInfo {
        &self.themes[id.index()]
    }

    /// All indicators (entries and exclusions), by index.
    pub fn indicators(&self) -> &[Indicator] {
        &self.indicators
    }

    /// An indicator by id.
    pub fn indicator(&self, id: IndicatorId) -> &Indicator {
        &self.indicators[id.index()]
    }

    /// Appends the single-token rules a form matches: for each theme, the best positive entry and any
    /// exclusion veto. A `folded` form is compared without accents.
    fn single_rules(&self, norm: &str, stem: &str, folded: bool, out: &mut Vec<SingleRule>) {
        let (lookup, norm, stem) = if folded {
            (&self.folded, strip_accents(norm), strip_accents(stem))
        } else {
            (&self.exact, norm.into(), stem.into())
        };
        let theme_of = |i: u32| self.indicators[i as usize].theme.0;
        // (theme, rank, indicator): rank 0 exact, 1 stem, 2+ prefix (shorter prefix, higher rank).
        let mut found: Vec<(u32, usize, u32)> = Vec::new();
        if let Some(list) = lookup.by_form.get(norm.as_ref()) {
            found.extend(list.iter().map(|&i| (theme_of(i), 0, i)));
        }
        if let Some(list) = lookup.by_stem.get(stem.as_ref()) {
            found.extend(list.iter().map(|&i| (theme_of(i), 1, i)));
        }
        let mut vetoes: Vec<u32> = Vec::new();
        let bucket = norm
            .as_bytes()
            .first()
            .map_or(&[][..], |&b| &lookup.prefixes[b as usize]);
        for (prefix, i) in bucket {
            if norm.starts_with(&**prefix) {
                if self.indicators[*i as usize].exclusion {
                    vetoes.push(*i);
                } else {
                    found.push((theme_of(*i), 2 + (usize::MAX / 4 - prefix.len()), *i));
                }
            }
        }
        if let Some(list) = lookup.exclusion_forms.get(norm.as_ref()) {
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
                theme: theme_of(indicator),
                indicator,
                exclusion: true,
            });
        }
    }

    fn phrase_key(&self, norm: &str, stem: &str, folded: bool) -> PhraseKey {
        if let Some(k) = function_class(norm) {
            return k;
        }
        let found = if folded {
            self.folded.phrase_stems.get(strip_accents(stem).as_ref())
        } else {
            self.exact.phrase_stems.get(stem)
        };
        found.copied().unwrap_or(NO_KEY)
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
            if lex.starts_phrase() {
                if let Some(starts) = self.phrases_by_first.get(&lex.phrase_key) {
                    self.phrases_from(starts, tokens, i, range.end, table, out);
                }
            }
        }
    }

    /// The phrases of `starts` that match from token `i`, in lexicon order. Each next word within
    /// the largest gap is looked up as a second word; like [`match_phrase`], a phrase takes the
    /// first token with its second key and does not try a later one.
    fn phrases_from(
        &self,
        starts: &PhraseStarts,
        tokens: &[TokenRecord],
        i: usize,
        end: usize,
        table: &TermTable,
        out: &mut Vec<Candidate>,
    ) {
        let from = out.len();
        let mut gap = 0u8;
        let mut j = i + 1;
        while j < end {
            let tok = &tokens[j];
            if tok.is_skippable() {
                j += 1;
                continue;
            }
            if tok.kind == TokenKind::Punct {
                break;
            }
            let key = table.lex(tok.term).phrase_key;
            let earlier = || {
                tokens[i + 1..j]
                    .iter()
                    .any(|t| !t.is_skippable() && table.lex(t.term).phrase_key == key)
            };
            if let Some(list) = starts.by_second.get(&key) {
                if !earlier() {
                    for &p in list {
                        let phrase = &self.phrases[p as usize];
                        if phrase.max_gap < gap {
                            continue;
                        }
                        if let Some(last) = match_phrase(phrase, 2, tokens, j, end, table) {
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
            if gap >= starts.max_gap {
                break;
            }
            gap += 1;
            j += 1;
        }
        // Candidates of one start come in lexicon order, as the resolver expects.
        out[from..].sort_by_key(|c| c.indicator);
    }
}

/// Matches the words of `phrase` from its `next`th on, after token `start` (which matched the one
/// before), returning its last token.
fn match_phrase(
    phrase: &Phrase,
    next: usize,
    tokens: &[TokenRecord],
    start: usize,
    end: usize,
    table: &TermTable,
) -> Option<usize> {
    let mut pos = start;
    for &key in &phrase.keys[next..] {
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
