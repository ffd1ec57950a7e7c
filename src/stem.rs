//! Snowball French stemming (rust-stemmers) behind a cache of distinct forms.
//!
//! MINIMAL version; issue 3 completes it (docs, residual classes, tests).

use std::collections::HashMap;

/// The French stemmer. `Send + Sync`: share one across threads.
pub struct Stemmer {
    inner: rust_stemmers::Stemmer,
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Stemmer(french)")
    }
}

impl Default for Stemmer {
    fn default() -> Self {
        Stemmer::french()
    }
}

impl Stemmer {
    pub fn french() -> Stemmer {
        Stemmer {
            inner: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::French),
        }
    }

    /// Stems a normalised form (lowercase, elisions already split off). Not cached.
    pub fn stem_uncached(&self, norm: &str) -> String {
        self.inner.stem(norm).into_owned()
    }
}

/// A per-worker cache from normalised form to stem.
#[derive(Debug, Default)]
pub struct StemCache {
    map: HashMap<Box<str>, Box<str>>,
}

impl StemCache {
    pub fn new() -> StemCache {
        StemCache::default()
    }

    /// The stem of `norm`, computed once per distinct form.
    pub fn stem<'c>(&'c mut self, stemmer: &Stemmer, norm: &str) -> &'c str {
        if !self.map.contains_key(norm) {
            let s = stemmer.stem_uncached(norm);
            self.map.insert(norm.into(), s.into_boxed_str());
        }
        &self.map[norm]
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn clear(&mut self) {
        self.map.clear();
    }
}
