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
        while i < candidates.len() && candidates[i].theme == theme && candidates[i].exclusion {
            vetoes.push((candidates[i].first, candidates[i].last));
            i += 1;
        }
        merge_intervals(&mut vetoes);
        while i < candidates.len() && candidates[i].theme == theme {
            let c = candidates[i];
            i += 1;
            if overlaps_any(&vetoes, c.first, c.last) {
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

/// Sorts inclusive intervals and merges those that overlap or touch, so that one binary search
/// tells whether a span meets any of them (a document with many vetoed hits stays n log n).
fn merge_intervals(intervals: &mut Vec<(u32, u32)>) {
    intervals.sort_unstable();
    let mut merged = 0;
    for k in 0..intervals.len() {
        let (a, b) = intervals[k];
        if merged > 0 && a <= intervals[merged - 1].1.saturating_add(1) {
            let last = &mut intervals[merged - 1].1;
            *last = (*last).max(b);
        } else {
            intervals[merged] = (a, b);
            merged += 1;
        }
    }
    intervals.truncate(merged);
}

/// Whether `first..=last` meets one of the sorted, disjoint `intervals`.
fn overlaps_any(intervals: &[(u32, u32)], first: u32, last: u32) -> bool {
    let k = intervals.partition_point(|&(a, _)| a <= last);
    k > 0 && intervals[k - 1].1 >= first
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merged_intervals_answer_like_a_scan() {
        let raw = vec![(5, 7), (1, 2), (3, 3), (10, 12), (11, 11), (20, 25), (6, 9)];
        let mut merged = raw.clone();
        merge_intervals(&mut merged);
        assert_eq!(merged, [(1, 3), (5, 12), (20, 25)]);
        for first in 0..30 {
            for last in first..30 {
                let scan = raw.iter().any(|&(a, b)| a <= last && first <= b);
                assert_eq!(overlaps_any(&merged, first, last), scan, "{first}..={last}");
            }
        }
    }
}
