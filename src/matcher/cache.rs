//! The raw-text cache in front of the term table: token bytes packed into machine words, looked up in
//! an open-addressing table without hashing through a pointer.

use super::TermId;
use crate::fxhash::FxHasher;
use std::hash::Hasher;

/// A raw token text packed into `W` words: the bytes little-endian and zero-padded, eight to a
/// word and four in the last one, whose bits 32–36 hold the length. The length keeps `"a"` and
/// `"a\0"` apart and makes the last word never 0. Texts of 1 to `8 * (W - 1) + 4` bytes fit.
pub(super) type PackedKey<const W: usize> = [u64; W];

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
pub(super) fn pack<const W: usize>(text: &str) -> Option<PackedKey<W>> {
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
pub(super) struct SlotCache<const W: usize> {
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
    const MAX_TERM: u32 = (1 << (64 - TERM_SHIFT)) - 1;

    #[inline]
    fn home(&self, key: &PackedKey<W>) -> usize {
        let mut h = FxHasher::default();
        for &word in key {
            h.write_u64(word);
        }
        h.finish() as usize & (self.slots.len() - 1)
    }

    #[inline]
    pub(super) fn get(&self, key: &PackedKey<W>) -> Option<(TermId, bool)> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut i = self.home(key);
        loop {
            let slot = &self.slots[i];
            let meta = slot[W - 1];
            if meta & KEY_BITS == key[W - 1] && (0..W - 1).all(|j| slot[j] == key[j]) {
                return Some((TermId((meta >> TERM_SHIFT) as u32), meta & FLAG_BIT != 0));
            }
            if meta == 0 {
                return None;
            }
            i = (i + 1) & mask;
        }
    }

    /// Inserts a key known to be absent (terms above `MAX_TERM` are left out).
    pub(super) fn insert(&mut self, key: &PackedKey<W>, term: TermId, has_candidates: bool) {
        if term.0 > Self::MAX_TERM {
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
        slot[W - 1] |= flag | (term.0 as u64) << TERM_SHIFT;
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
            cache.insert(&key, TermId(i as u32), i % 3 == 0);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(
                cache.get(&pack::<W>(w).unwrap()),
                Some((TermId(i as u32), i % 3 == 0))
            );
        }
        let absent = pack::<W>(&format!("{prefix}x")).unwrap();
        assert_eq!(cache.get(&absent), None);
        cache.insert(&absent, TermId(SlotCache::<W>::MAX_TERM + 1), true);
        assert_eq!(cache.get(&absent), None);
    }

    #[test]
    fn caches_find_what_they_hold_through_growth() {
        fill_and_check::<2>("w");
        fill_and_check::<4>("anticonstitution");
    }
}
