//! Cross-validation folds that never split an interview: passages of one document, and passages
//! whose text is the same, form one group, and groups are dealt to folds so that each theme's coded
//! passages spread over all of them.

use crate::agreement::CodedItem;
use std::collections::HashMap;

/// Groups of items: items of one document, or of the same text (whitespace and case aside), share
/// a group. Returns each item's group, groups numbered in order of first appearance.
pub(crate) fn groups(items: &[CodedItem]) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..items.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut first_of: HashMap<String, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        let text: String = item
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let keys = [
            item.document.as_ref().map(|d| format!("d\u{1}{d}")),
            Some(format!("t\u{1}{text}")),
        ];
        for key in keys.into_iter().flatten() {
            match first_of.get(&key) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    let (lo, hi) = (a.min(b), a.max(b));
                    parent[hi] = lo;
                }
                None => {
                    first_of.insert(key, i);
                }
            }
        }
    }
    let mut number: HashMap<usize, usize> = HashMap::new();
    (0..items.len())
        .map(|i| {
            let r = root(&mut parent, i);
            let next = number.len();
            *number.entry(r).or_insert(next)
        })
        .collect()
}

pub(crate) fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Deals `group_count` groups to `k` folds. `positives[g]` lists the themes coded in group `g`.
/// Groups are taken rarest theme first and each goes to the fold that holds that theme least
/// (then the fold with fewest items), so every theme's passages spread over the folds; ties are
/// broken by a hash of the seed, never by the input's order alone.
pub(crate) fn assign(positives: &[Vec<usize>], sizes: &[usize], k: usize, seed: u64) -> Vec<usize> {
    let themes = positives.iter().flatten().max().map_or(0, |&t| t + 1);
    let mut frequency = vec![0usize; themes];
    for p in positives {
        for &t in p {
            frequency[t] += 1;
        }
    }
    let rarest = |g: usize| {
        positives[g]
            .iter()
            .copied()
            .min_by_key(|&t| (frequency[t], t))
    };
    let mut order: Vec<usize> = (0..positives.len()).collect();
    order.sort_by_key(|&g| {
        let r = rarest(g);
        (
            r.map_or(usize::MAX, |t| frequency[t]),
            r.unwrap_or(usize::MAX),
            splitmix(seed ^ splitmix(g as u64)),
        )
    });
    let mut per_theme = vec![vec![0usize; themes]; k];
    let mut items = vec![0usize; k];
    let mut fold_of = vec![0usize; positives.len()];
    for g in order {
        let f = (0..k)
            .min_by_key(|&f| {
                let held = rarest(g).map_or(0, |t| per_theme[f][t]);
                (held, items[f], f)
            })
            .unwrap_or(0);
        fold_of[g] = f;
        items[f] += sizes[g];
        for &t in &positives[g] {
            per_theme[f][t] += 1;
        }
    }
    fold_of
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_theme_reaches_every_fold() {
        let positives: Vec<Vec<usize>> = (0..30).map(|g| vec![g % 3]).collect();
        let sizes = vec![1; 30];
        let folds = assign(&positives, &sizes, 5, 7);
        for theme in 0..3 {
            for f in 0..5 {
                let n = (0..30).filter(|&g| g % 3 == theme && folds[g] == f).count();
                assert_eq!(n, 2, "theme {theme} fold {f}");
            }
        }
    }
}
