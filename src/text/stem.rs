//! Snowball French stemming (rust-stemmers) behind a cache of distinct forms.
//!
//! ```
//! use entretien::text::stem::{StemCache, Stemmer};
//!
//! let stemmer = Stemmer::french();
//! let mut cache = StemCache::new();
//! assert_eq!(cache.stem(&stemmer, "isolées"), "isol");
//! assert_eq!(cache.stem(&stemmer, "isolement"), "isol");
//! assert_eq!(cache.stem(&stemmer, "isolées"), "isol"); // second time: from the cache
//! assert_eq!(cache.len(), 2);
//!
//! // A raw word: lowercased, apostrophes unified, elided clitic split off first.
//! assert_eq!(stemmer.stem_word("L’Isolement"), "isol");
//! ```
//!
//! # Where stemming sits in the pipeline
//!
//! Stemming comes last: token → normalised form (lowercase, straight apostrophe,
//! NFC) → elided clitic split off (`l'isolement` → `l'` + `isolement`) → stem. The
//! stemmer expects that input: the Snowball French algorithm marks vowels
//! internally with capital letters (`U`, `I`, `Y`), so capitals in the input would
//! be misread. [`Stemmer::stem_uncached`] and [`StemCache::stem`] take a
//! normalised form as is; [`Stemmer::stem_word`] does the normalisation itself for
//! one-off uses (lexicon entries, the CLI).
//!
//! A corpus vocabulary is Zipfian: a few thousand distinct forms make up millions
//! of tokens. rust-stemmers allocates on every suffix edit, so each worker keeps a
//! [`StemCache`] and stems each distinct form once.
//!
//! # Agreement with the Snowball reference
//!
//! rust-stemmers 1.2 implements an older revision of the Snowball French
//! algorithm. On the Snowball reference vocabulary (21,655 words, see
//! `tests/stem_snowball.rs`) it agrees with the current reference output for
//! 95.8% of the words as given, and for 99.4% once elided clitics (`l'`, `d'`,
//! `qu'`, `jusqu'`…) are split off first, as our tokenizer does. The remaining
//! differences fall into a few classes, none of which matters for theme matching
//! because lexicon entries and text tokens go through the same stemmer:
//!
//! - **ï, ë and ü** (95 of the 131 words): the current algorithm treats them
//!   as vowels that end the stem, so `archaïque` → `archa` and `aiguë` → `aigu`
//!   there, but `archaïqu` and `aiguë` here (`ambiguïté`, `archaïsme`, `noël`…);
//! - **plurals in -x** (`bijoux`, `cailloux`): the current algorithm removes the
//!   `x`, the older one keeps it;
//! - **-ais/-aise** (`française` → `franc` there, `français` here; `mauvais`,
//!   `palais`, `calais` → `mauv`, `pal`, `cal` here) and very short stems (`nier`,
//!   `nié` → `ni` here, `nier`/`nié` there): the newer algorithm guards short
//!   stems and removes `-ais(e)` as a suffix;
//! - **`jusqu'`, `lorsqu'`, `puisqu'`, `y'`**: the reference keeps them on the word
//!   (`lorsqu'il` → `lorsqu'il`, `y'a` → `y'a`); our pipeline splits them off as clitics, so
//!   `lorsqu'il` stems as `il`. Conversely `l'on`, one token for our tokenizer, stays
//!   `l'on` here and becomes `on` there.
//!
//! Both stems are equally usable for matching; only the exact string differs.

use crate::text::tokenize::{elided_clitics, elision_stays_whole};
use std::collections::HashMap;
use std::fmt;

/// Splits an elided clitic off a normalised form: `l'isolement` → (`l'`, `isolement`).
///
/// The clitics and the elisions kept whole (`l'on`, `c'est-à-dire`, `presqu'île`) are the
/// tokenizer's ([`elided_clitics`]), so a lexicon entry splits where the text does. The clitic is
/// everything before the first apostrophe, so `jusqu'` is never read as `qu'`.
///
/// Returns an empty clitic when there is none, or when nothing follows the
/// apostrophe. Expects a normalised form (lowercase, straight apostrophe); use a normaliser first.
///
/// ```
/// use entretien::text::stem::split_elision;
/// assert_eq!(split_elision("jusqu'alors"), ("jusqu'", "alors"));
/// assert_eq!(split_elision("isolement"), ("", "isolement"));
/// assert_eq!(split_elision("aujourd'hui"), ("", "aujourd'hui"));
/// assert_eq!(split_elision("presqu'île"), ("", "presqu'île"));
/// ```
pub fn split_elision(norm: &str) -> (&str, &str) {
    if let Some(at) = norm.find('\'') {
        let (clitic, rest) = (&norm[..at], &norm[at + 1..]);
        if !rest.is_empty()
            && elided_clitics().contains(&clitic)
            && !elision_stays_whole(clitic, rest)
        {
            return (&norm[..=at], rest);
        }
    }
    ("", norm)
}

/// The French stemmer. `Send + Sync`: build one and share it across threads.
pub struct Stemmer {
    inner: rust_stemmers::Stemmer,
}

impl fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Stemmer(french)")
    }
}

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer::french()
    }
}

impl Stemmer {
    /// The Snowball French stemmer.
    pub fn french() -> Stemmer {
        Stemmer {
            inner: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French),
        }
    }

    /// Stems a normalised form (lowercase, elisions already split off). Not cached.
    pub fn stem_uncached(&self, norm: &str) -> String {
        self.inner.stem(norm).into_owned()
    }

    /// Stems a raw word: lowercases it, unifies apostrophes (`’` → `'`), splits off
    /// an elided clitic, then stems what remains. For one-off uses; the hot path
    /// normalises once and goes through a [`StemCache`].
    pub fn stem_word(&self, word: &str) -> String {
        let lowered = super::normalize::Normalizer::new().normalize(word.trim());
        let (_, rest) = split_elision(&lowered);
        self.stem_uncached(rest)
    }
}

/// A per-worker cache from normalised form to stem.
///
/// Keep one per thread (it is not shared) and reuse it across documents.
#[derive(Debug, Default)]
pub struct StemCache {
    map: HashMap<Box<str>, Box<str>>,
}

impl StemCache {
    /// An empty cache.
    pub fn new() -> StemCache {
        StemCache::default()
    }

    /// The stem of `norm`, computed once per distinct form.
    pub fn stem<'c>(&'c mut self, stemmer: &Stemmer, norm: &str) -> &'c str {
        if !self.map.contains_key(norm) {
            let stem = stemmer.stem_uncached(norm);
            self.map.insert(norm.into(), stem.into_boxed_str());
        }
        &self.map[norm]
    }

    /// Number of distinct forms cached.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is cached yet.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Forgets every cached form (the allocation is kept).
    pub fn clear(&mut self) {
        self.map.clear();
    }
}
