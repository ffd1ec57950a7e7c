//! Overlap and exclusion resolution: from candidate matches to accepted ones.

use std::collections::BTreeMap;

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
