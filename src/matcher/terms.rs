//! The per-worker term table: each distinct normalised form interned once, with its stem and what the
//! lexicon says about it.

use super::cache::{pack, PackedKey, SlotCache};
use super::{Matcher, PhraseKey, SingleRule, TermId, NO_KEY};
use crate::disclaimer;
use crate::fxhash::FxMap;
use crate::negation::{self, NegClass};
use crate::text::stem::StemCache;
use crate::text::stopwords::Stopwords;
use crate::text::{has_bare_capital, TextPipeline};
use std::borrow::Cow;

/// What the lexicon says about one distinct normalised form (16 bytes: the term table's hot array).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TermLex {
    singles_start: u32,
    singles_len: u32,
    pub(super) phrase_key: PhraseKey,
    pub neg: NegClass,
    flags: u8,
}

const _: () = assert!(std::mem::size_of::<TermLex>() == 16);

impl TermLex {
    const STARTS_PHRASE: u8 = 1;
    const FOLDED: u8 = 2;
    const STOPWORD: u8 = 4;
    const REPORTS: u8 = 8;
    const DENIES: u8 = 16;

    pub(super) fn has_candidates(&self) -> bool {
        self.singles_len > 0 || self.starts_phrase()
    }

    /// A phrase of the lexicon starts with it.
    pub(super) fn starts_phrase(&self) -> bool {
        self.flags & Self::STARTS_PHRASE != 0
    }

    /// Compared with the lexicon without accents ([`has_bare_capital`]).
    pub fn folded(&self) -> bool {
        self.flags & Self::FOLDED != 0
    }

    /// A stopword of the analyzer's list.
    pub fn stopword(&self) -> bool {
        self.flags & Self::STOPWORD != 0
    }

    /// A form of a verb that reports what others say ([`crate::disclaimer`]).
    pub fn reports(&self) -> bool {
        self.flags & Self::REPORTS != 0
    }

    /// A word of the denials beyond a negation's scope ([`crate::disclaimer`]).
    pub fn denies(&self) -> bool {
        self.flags & Self::DENIES != 0
    }
}

/// A worker's vocabulary: each distinct normalised form interned once, with its stem and lexicon facts.
///
/// It belongs to one [`Matcher`] and one [`TextPipeline`]: the analyzer's `Scratch` clears it when used
/// with another analyzer. A token with an unaccented capital (`Eglise`) is its own term, even though it
/// shares the normalised form `eglise` with a lowercase spelling, because it is compared with the
/// lexicon without accents.
#[derive(Debug, Default)]
pub struct TermTable {
    /// Normalised form → id, for tokens compared with accents and (`folded`) without.
    ids: FxMap<Box<str>, TermId>,
    ids_folded: FxMap<Box<str>, TermId>,
    /// Raw token text (before normalising) → id, for texts of at most 12 bytes packed into the key
    /// itself ([`pack`]): the hot loop then skips normalising, and a lookup neither hashes
    /// nor compares through a pointer to a heap string (that chase was most of the interning cost).
    /// Sound because the table belongs to one analyzer, hence one normaliser. The value carries
    /// [`TermLex::has_candidates`] too, so a token touches one slot of one table.
    raw_short: SlotCache<2>,
    /// The same for texts of 13 to 28 bytes, in 32-byte slots.
    raw_long: SlotCache<4>,
    stems: FxMap<Box<str>, StemId>,
    stem_texts: Vec<Box<str>>,
    forms: Vec<Box<str>>,
    term_stem: Vec<StemId>,
    /// The term of the same form compared with accents (itself, unless folded).
    canonical: Vec<TermId>,
    lex: Vec<TermLex>,
    singles: Vec<SingleRule>,
    stem_cache: StemCache,
    /// Unique to each clearing of a table (0 before the first): ids are stable while it holds.
    generation: u64,
}

/// The id of a distinct stem in a worker's [`TermTable`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StemId(pub(crate) u32);

impl StemId {
    /// The id as an index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What the interner needs: the compiled lexicon and the pipeline it was compiled with.
#[derive(Clone, Copy)]
pub(crate) struct Tools<'a> {
    pub matcher: &'a Matcher,
    pub pipeline: &'a TextPipeline,
    pub stopwords: &'a Stopwords,
}

impl TermTable {
    /// An empty table.
    pub fn new() -> TermTable {
        TermTable::default()
    }

    /// Number of distinct forms seen.
    pub fn len(&self) -> usize {
        self.lex.len()
    }

    /// Whether no form was seen yet.
    pub fn is_empty(&self) -> bool {
        self.lex.is_empty()
    }

    /// Forgets every form.
    pub fn clear(&mut self) {
        static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        *self = TermTable {
            generation: GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..TermTable::default()
        };
    }

    /// Which life of the table this is: term and stem ids keep their meaning while it stays the
    /// same, so that a consumer may cache what it found for an id.
    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    /// The normalised form of a term.
    pub fn form(&self, term: TermId) -> &str {
        &self.forms[term.index()]
    }

    /// The stem of a term.
    pub fn stem(&self, term: TermId) -> &str {
        &self.stem_texts[self.term_stem[term.index()].index()]
    }

    /// The stem id of a term (equal ids, equal stems).
    pub fn stem_id(&self, term: TermId) -> StemId {
        self.term_stem[term.index()]
    }

    /// The text of a stem id.
    pub fn stem_text(&self, stem: StemId) -> &str {
        &self.stem_texts[stem.index()]
    }

    /// The term of the same normalised form compared with accents: vocabularies count `Eglise` and
    /// `eglise` as one form.
    pub fn canonical(&self, term: TermId) -> TermId {
        self.canonical[term.index()]
    }

    /// Whether the term is a stopword of the analyzer's list.
    pub fn is_stopword(&self, term: TermId) -> bool {
        self.lex[term.index()].stopword()
    }

    /// Whether the term is compared with lexicon entries and patterns without accents (it was written
    /// with an unaccented capital, `Eglise`).
    pub fn is_folded(&self, term: TermId) -> bool {
        self.lex[term.index()].folded()
    }

    /// The id of a raw token text, and whether it can start a match ([`TermTable::has_candidates`]),
    /// normalising it only the first time it is seen (for texts up to 28 bytes).
    #[inline]
    pub(crate) fn intern_raw(&mut self, tools: Tools<'_>, raw: &str) -> (TermId, bool) {
        if let Some(key) = pack::<2>(raw) {
            return self.intern_cached(|t| &mut t.raw_short, &key, tools, raw);
        }
        if let Some(key) = pack::<4>(raw) {
            return self.intern_cached(|t| &mut t.raw_long, &key, tools, raw);
        }
        self.intern_normalising(tools, raw)
    }

    /// [`TermTable::intern_raw`] through one of the raw-text caches, picked by `cache`.
    #[inline]
    fn intern_cached<const W: usize>(
        &mut self,
        cache: fn(&mut TermTable) -> &mut SlotCache<W>,
        key: &PackedKey<W>,
        tools: Tools<'_>,
        raw: &str,
    ) -> (TermId, bool) {
        if let Some(found) = cache(self).get(key) {
            return found;
        }
        let found = self.intern_normalising(tools, raw);
        cache(self).insert(key, found.0, found.1);
        found
    }

    /// Normalises `raw` and interns the form (the path of new and of very long texts).
    fn intern_normalising(&mut self, tools: Tools<'_>, raw: &str) -> (TermId, bool) {
        let folded = !tools.pipeline.folds_accents() && has_bare_capital(raw);
        let norm = tools.pipeline.normalize(raw);
        let ids = if folded { &self.ids_folded } else { &self.ids };
        let found = ids.get(norm.as_ref()).copied();
        let id = match found {
            Some(id) => id,
            None if folded => {
                let plain = match self.ids.get(norm.as_ref()) {
                    Some(&id) => id,
                    None => self.intern_new(tools, norm.clone(), false, None),
                };
                self.intern_new(tools, norm, true, Some(plain))
            }
            None => self.intern_new(tools, norm, false, None),
        };
        (id, self.has_candidates(id))
    }

    #[cold]
    fn intern_new(
        &mut self,
        tools: Tools<'_>,
        norm: Cow<'_, str>,
        folded: bool,
        canonical: Option<TermId>,
    ) -> TermId {
        let id = TermId(self.lex.len() as u32);
        let stem = tools
            .pipeline
            .stem_cached(&mut self.stem_cache, &norm)
            .to_string();
        let stem_id = match self.stems.get(stem.as_str()) {
            Some(&s) => s,
            None => {
                let s = StemId(self.stem_texts.len() as u32);
                self.stems.insert(stem.as_str().into(), s);
                self.stem_texts.push(stem.as_str().into());
                s
            }
        };
        let singles_start = self.singles.len() as u32;
        let matcher = tools.matcher;
        matcher.single_rules(&norm, &stem, folded, &mut self.singles);
        let singles_len = self.singles.len() as u32 - singles_start;
        let phrase_key = matcher.phrase_key(&norm, &stem, folded);
        let flag = |on: bool, bit: u8| if on { bit } else { 0 };
        let lex = TermLex {
            singles_start,
            singles_len,
            phrase_key,
            neg: negation::classify(&norm),
            flags: flag(
                phrase_key != NO_KEY && matcher.phrases_by_first.contains_key(&phrase_key),
                TermLex::STARTS_PHRASE,
            ) | flag(folded, TermLex::FOLDED)
                | flag(tools.stopwords.contains(&norm), TermLex::STOPWORD)
                | flag(
                    disclaimer::reporting_verb(&norm).is_some(),
                    TermLex::REPORTS,
                )
                | flag(disclaimer::denial_word(&norm).is_some(), TermLex::DENIES),
        };
        self.lex.push(lex);
        self.term_stem.push(stem_id);
        self.canonical.push(canonical.unwrap_or(id));
        self.forms.push(norm.as_ref().into());
        let ids = if folded {
            &mut self.ids_folded
        } else {
            &mut self.ids
        };
        ids.insert(norm.as_ref().into(), id);
        id
    }

    #[inline]
    pub(crate) fn lex(&self, term: TermId) -> &TermLex {
        &self.lex[term.index()]
    }

    /// Whether the term can start any match (single word or phrase) at all.
    #[inline]
    pub(crate) fn has_candidates(&self, term: TermId) -> bool {
        self.lex[term.index()].has_candidates()
    }

    pub(super) fn singles(&self, lex: &TermLex) -> &[SingleRule] {
        let s = lex.singles_start as usize;
        &self.singles[s..s + lex.singles_len as usize]
    }
}
