//! The per-worker term table: each distinct normalised form interned once, with its stem and what the
//! lexicon says about it.

use super::cache::{pack, PackedKey, SlotCache};
use super::{Matcher, PhraseKey, SingleRule, TermId, NO_KEY};
use crate::fxhash::FxMap;
use crate::negation::{self, NegClass};
use crate::text::normalize::Normalizer;
use crate::text::stem::{StemCache, Stemmer};

/// What the lexicon says about one distinct normalised form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TermLex {
    singles_start: u32,
    singles_len: u32,
    pub(super) phrase_key: PhraseKey,
    pub(super) starts_phrase: bool,
    pub neg: NegClass,
}

impl TermLex {
    pub(super) fn has_candidates(&self) -> bool {
        self.singles_len > 0 || self.starts_phrase
    }
}

/// A worker's vocabulary: each distinct normalised form interned once, with its stem and lexicon facts.
///
/// It belongs to one [`Matcher`]: the analyzer's `Scratch` clears it when used with another analyzer.
#[derive(Debug, Default)]
pub struct TermTable {
    ids: FxMap<Box<str>, TermId>,
    /// Raw token text (before normalising) → id, for texts of at most 12 bytes packed into the key
    /// itself ([`pack`]): the hot loop then skips normalising, and a lookup neither hashes
    /// nor compares through a pointer to a heap string (that chase was most of the interning cost).
    /// Sound because the table belongs to one analyzer, hence one normaliser. The value carries
    /// [`TermLex::has_candidates`] too, so a token touches one slot of one table.
    raw_short: SlotCache<2>,
    /// The same for texts of 13 to 28 bytes, in 32-byte slots.
    raw_long: SlotCache<4>,
    stems: FxMap<Box<str>, u32>,
    term_stem: Vec<u32>,
    lex: Vec<TermLex>,
    singles: Vec<SingleRule>,
    stem_cache: StemCache,
}

impl TermTable {
    pub fn new() -> TermTable {
        TermTable::default()
    }

    /// Number of distinct forms seen.
    pub fn len(&self) -> usize {
        self.lex.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lex.is_empty()
    }

    pub fn clear(&mut self) {
        self.ids.clear();
        self.raw_short.clear();
        self.raw_long.clear();
        self.stems.clear();
        self.term_stem.clear();
        self.lex.clear();
        self.singles.clear();
        self.stem_cache = StemCache::new();
    }

    /// The id of a normalised form, interning it (and stemming it) the first time.
    #[inline]
    pub fn intern(&mut self, matcher: &Matcher, stemmer: &Stemmer, norm: &str) -> TermId {
        if let Some(&id) = self.ids.get(norm) {
            return id;
        }
        self.intern_new(matcher, stemmer, norm)
    }

    /// The id of a raw token text, and whether it can start a match ([`TermTable::has_candidates`]),
    /// normalising it with `normalizer` only the first time it is seen (for texts up to 28 bytes).
    /// The same normaliser must be used for the whole life of the table.
    #[inline]
    pub(crate) fn intern_raw(
        &mut self,
        matcher: &Matcher,
        stemmer: &Stemmer,
        normalizer: &Normalizer,
        raw: &str,
    ) -> (TermId, bool) {
        let tools = (matcher, stemmer, normalizer);
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
        tools: (&Matcher, &Stemmer, &Normalizer),
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
    fn intern_normalising(
        &mut self,
        (matcher, stemmer, normalizer): (&Matcher, &Stemmer, &Normalizer),
        raw: &str,
    ) -> (TermId, bool) {
        let id = self.intern(matcher, stemmer, &normalizer.normalize(raw));
        (id, self.has_candidates(id))
    }

    #[cold]
    fn intern_new(&mut self, matcher: &Matcher, stemmer: &Stemmer, norm: &str) -> TermId {
        let id = self.lex.len() as TermId;
        let stem = self.stem_cache.stem(stemmer, norm).to_string();
        let next_stem = self.stems.len() as u32;
        let stem_id = *self.stems.entry(stem.as_str().into()).or_insert(next_stem);
        let singles_start = self.singles.len() as u32;
        matcher.single_rules(norm, &stem, &mut self.singles);
        let singles_len = self.singles.len() as u32 - singles_start;
        let phrase_key = matcher.phrase_key(norm, &stem);
        let lex = TermLex {
            singles_start,
            singles_len,
            phrase_key,
            starts_phrase: phrase_key != NO_KEY
                && matcher.phrases_by_first.contains_key(&phrase_key),
            neg: negation::classify(norm),
        };
        self.lex.push(lex);
        self.term_stem.push(stem_id);
        self.ids.insert(norm.into(), id);
        id
    }

    /// The stem id of a term (equal ids, equal stems).
    pub fn stem_id(&self, term: TermId) -> u32 {
        self.term_stem[term as usize]
    }

    #[inline]
    pub(crate) fn lex(&self, term: TermId) -> &TermLex {
        &self.lex[term as usize]
    }

    /// Whether the term can start any match (single word or phrase) at all.
    #[inline]
    pub(crate) fn has_candidates(&self, term: TermId) -> bool {
        self.lex[term as usize].has_candidates()
    }

    pub(super) fn singles(&self, lex: &TermLex) -> &[SingleRule] {
        let s = lex.singles_start as usize;
        &self.singles[s..s + lex.singles_len as usize]
    }
}
