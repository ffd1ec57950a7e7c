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
use crate::negation::{self, NegClass};
use crate::normalize::Normalizer;
use crate::span::Span;
use crate::stem::{StemCache, Stemmer};
use crate::tokenize::{TokenKind, Tokenizer};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// A small, fast non-cryptographic hasher for short strings and integers (FxHash's multiply-rotate).
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher {
    hash: u64,
}

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            self.add(u64::from_le_bytes(b));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    #[inline]
    fn finish(&self) -> u64 {
        // The multiply moves entropy upwards only, while hashbrown picks buckets from the low bits:
        // fold the high bits down, or words sharing their first letters collide.
        self.hash.rotate_left(26) ^ (self.hash >> 32)
    }
}

pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

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

/// What the lexicon says about one distinct normalised form.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TermLex {
    singles_start: u32,
    singles_len: u32,
    phrase_key: PhraseKey,
    starts_phrase: bool,
    pub neg: NegClass,
}

impl TermLex {
    fn has_candidates(&self) -> bool {
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

    fn singles(&self, lex: &TermLex) -> &[SingleRule] {
        let s = lex.singles_start as usize;
        &self.singles[s..s + lex.singles_len as usize]
    }
}

/// A raw token text packed into `W` words: the bytes little-endian and zero-padded, eight to a
/// word and four in the last one, whose bits 32–36 hold the length. The length keeps `"a"` and
/// `"a\0"` apart and makes the last word never 0. Texts of 1 to `8 * (W - 1) + 4` bytes fit.
type PackedKey<const W: usize> = [u64; W];

/// Reads up to 8 bytes little-endian without a byte loop: two overlapping loads for 4–8 bytes
/// (the overlap holds the same bytes at the same places, so OR-ing is exact).
#[inline]
fn load_le(b: &[u8]) -> u64 {
    let n = b.len();
    let word = |x: &[u8]| -> u64 {
        let mut w = [0u8; 4];
        w.copy_from_slice(x);
        u32::from_le_bytes(w) as u64
    };
    match n {
        0 => 0,
        1..=3 => {
            // First, middle and last byte (repeats are harmless for the same reason).
            b[0] as u64 | (b[n / 2] as u64) << (8 * (n / 2)) | (b[n - 1] as u64) << (8 * (n - 1))
        }
        4..=7 => word(&b[..4]) | word(&b[n - 4..]) << (8 * (n - 4)),
        _ => {
            let mut w = [0u8; 8];
            w.copy_from_slice(&b[..8]);
            u64::from_le_bytes(w)
        }
    }
}

#[inline]
fn pack<const W: usize>(text: &str) -> Option<PackedKey<W>> {
    let bytes = text.as_bytes();
    let last = 8 * (W - 1);
    if bytes.is_empty() || bytes.len() > last + 4 {
        return None;
    }
    let mut key = [0u64; W];
    for (i, word) in key.iter_mut().enumerate().take(W - 1) {
        *word = load_le(
            bytes
                .get(8 * i..bytes.len().min(8 * i + 8))
                .unwrap_or_default(),
        );
    }
    key[W - 1] = load_le(bytes.get(last..).unwrap_or_default()) | (bytes.len() as u64) << 32;
    Some(key)
}

/// An open-addressing map from [`pack`]ed keys to a term and its `has_candidates` flag.
///
/// Profiles showed the raw-token lookup dominated by cache misses: hashbrown reads a control
/// group and then a bucket, two cache lines per token. Here a lookup reads one slot of `W`
/// words (a 16-byte slot for texts up to 12 bytes, four to a cache line) and, sometimes, its
/// neighbours: linear probing, at most three quarters full, so a corpus of 10,000 distinct
/// short forms takes 256 KB and stays in a core's L2 cache. A slot is the key with the value
/// packed into the high bits of its last word: the flag (bit 37) and the term (bits 38–63).
/// A slot whose last word is 0 is empty.
#[derive(Debug, Clone)]
struct SlotCache<const W: usize> {
    slots: Vec<[u64; W]>,
    len: usize,
}

impl<const W: usize> Default for SlotCache<W> {
    fn default() -> Self {
        SlotCache {
            slots: Vec::new(),
            len: 0,
        }
    }
}

const KEY_BITS: u64 = (1 << 37) - 1;
const FLAG_BIT: u64 = 1 << 37;
const TERM_SHIFT: u32 = 38;

impl<const W: usize> SlotCache<W> {
    /// Terms above this are not cached (26 bits: 67 million distinct forms in one worker).
    const MAX_TERM: TermId = (1 << (64 - TERM_SHIFT)) - 1;

    fn clear(&mut self) {
        self.slots.clear();
        self.len = 0;
    }

    #[inline]
    fn home(&self, key: &PackedKey<W>) -> usize {
        let mut h = FxHasher::default();
        for &word in key {
            h.write_u64(word);
        }
        h.finish() as usize & (self.slots.len() - 1)
    }

    #[inline]
    fn get(&self, key: &PackedKey<W>) -> Option<(TermId, bool)> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let slot = &self.slots[i];
            let meta = slot[W - 1];
            if meta & KEY_BITS == key[W - 1] && (0..W - 1).all(|j| slot[j] == key[j]) {
                return Some(((meta >> TERM_SHIFT) as TermId, meta & FLAG_BIT != 0));
            }
            if meta == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Inserts a key known to be absent (terms above `MAX_TERM` are left out).
    fn insert(&mut self, key: &PackedKey<W>, term: TermId, has_candidates: bool) {
        if term > Self::MAX_TERM {
            return;
        }
        if (self.len + 1) * 4 > self.slots.len() * 3 {
            let old = std::mem::take(&mut self.slots);
            self.slots = vec![[0; W]; (old.len() * 2).max(1024)];
            self.len = 0;
            for slot in old.into_iter().filter(|s| s[W - 1] != 0) {
                self.place(slot);
            }
        }
        let flag = if has_candidates { FLAG_BIT } else { 0 };
        let mut slot = *key;
        slot[W - 1] |= flag | (term as u64) << TERM_SHIFT;
        self.place(slot);
    }

    fn place(&mut self, slot: [u64; W]) {
        let mask = self.slots.len() - 1;
        let mut key = slot;
        key[W - 1] &= KEY_BITS;
        let mut i = self.home(&key);
        while self.slots[i][W - 1] != 0 {
            i = (i + 1) & mask;
        }
        self.slots[i] = slot;
        self.len += 1;
    }
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

/// A possible match before overlaps and exclusions are resolved. Token indices are inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Candidate {
    pub theme: u32,
    pub indicator: u32,
    pub first: u32,
    pub last: u32,
    /// Number of lexicon words matched (1 for single words).
    pub words: u32,
    pub exclusion: bool,
}

/// A resolved match: an indicator of a theme over tokens `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Accepted {
    pub theme: u32,
    pub indicator: u32,
    pub first: u32,
    pub last: u32,
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

/// Resolves overlaps and exclusions (see the module docs), appending accepted matches sorted by
/// position, then theme.
pub(crate) fn resolve(candidates: &mut [Candidate], out: &mut Vec<Accepted>) {
    let base = out.len();
    // Per theme: vetoes first, then the longest phrases, then the earliest.
    candidates.sort_unstable_by_key(|c| {
        (
            c.theme,
            !c.exclusion,
            std::cmp::Reverse(c.words),
            c.first,
            c.indicator,
        )
    });
    let mut i = 0;
    let mut vetoes: Vec<(u32, u32)> = Vec::new();
    let mut taken: BTreeMap<u32, u32> = BTreeMap::new();
    while i < candidates.len() {
        let theme = candidates[i].theme;
        vetoes.clear();
        taken.clear();
        while i < candidates.len() && candidates[i].theme == theme {
            let c = candidates[i];
            i += 1;
            if c.exclusion {
                vetoes.push((c.first, c.last));
                continue;
            }
            if vetoes.iter().any(|&(a, b)| a <= c.last && c.first <= b) {
                continue;
            }
            let overlaps = taken
                .range(..=c.last)
                .next_back()
                .is_some_and(|(_, &end)| end >= c.first);
            if overlaps {
                continue;
            }
            taken.insert(c.first, c.last);
            out.push(Accepted {
                theme,
                indicator: c.indicator,
                first: c.first,
                last: c.last,
            });
        }
    }
    out[base..].sort_unstable_by_key(|a| (a.first, a.theme));
}

#[cfg(test)]
mod slot_cache_tests {
    use super::*;

    fn naive<const W: usize>(text: &str) -> Option<[u64; W]> {
        let b = text.as_bytes();
        let last = 8 * (W - 1);
        if b.is_empty() || b.len() > last + 4 {
            return None;
        }
        let mut padded = vec![0u8; 8 * W];
        padded[..b.len()].copy_from_slice(b);
        let mut key = [0u64; W];
        for (i, word) in key.iter_mut().enumerate() {
            *word = u64::from_le_bytes(padded[8 * i..8 * i + 8].try_into().unwrap());
        }
        key[W - 1] = (key[W - 1] & 0xFFFF_FFFF) | (b.len() as u64) << 32;
        Some(key)
    }

    #[test]
    fn packing_equals_a_zero_padded_copy_for_every_length() {
        let source = "abcdéfghijklmnopqrstuvwxyzàâçèéêë";
        for start in 0..source.len() {
            for end in start..=source.len() {
                if let Some(text) = source.get(start..end) {
                    assert_eq!(pack::<2>(text), naive::<2>(text), "{text:?}");
                    assert_eq!(pack::<4>(text), naive::<4>(text), "{text:?}");
                }
            }
        }
        assert_ne!(pack::<2>("a"), pack::<2>("a\0"));
        assert_eq!(pack::<2>(""), None);
        assert_eq!(pack::<2>("abcdefghijklm"), None);
        assert!(pack::<4>("abcdefghijklmnopqrstuvwxyz01").is_some());
        assert_eq!(pack::<4>("abcdefghijklmnopqrstuvwxyz012"), None);
    }

    fn fill_and_check<const W: usize>(prefix: &str) {
        let mut cache = SlotCache::<W>::default();
        let words: Vec<String> = (0..5000).map(|i| format!("{prefix}{i}")).collect();
        for (i, w) in words.iter().enumerate() {
            let key = pack::<W>(w).unwrap();
            assert_eq!(cache.get(&key), None);
            cache.insert(&key, i as TermId, i % 3 == 0);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(
                cache.get(&pack::<W>(w).unwrap()),
                Some((i as TermId, i % 3 == 0))
            );
        }
        let absent = pack::<W>(&format!("{prefix}x")).unwrap();
        assert_eq!(cache.get(&absent), None);
        cache.insert(&absent, SlotCache::<W>::MAX_TERM + 1, true);
        assert_eq!(cache.get(&absent), None);
    }

    #[test]
    fn caches_find_what_they_hold_through_growth() {
        fill_and_check::<2>("w");
        fill_and_check::<4>("anticonstitution");
    }
}
