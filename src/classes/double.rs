//! Double classification (rainette2, IRaMuTeQ's "double sur RST"): two classifications of the same
//! segments (made, for instance, with two minimum unit sizes) are crossed; a crossed class is the
//! set of segments that a class of the first tree (at any level) and a class of the second share.
//! Crossed classes are kept when they hold `min_members` segments or more and the two classes are
//! associated (χ² of their 2×2 table over the segments classified by both, at least `min_chi2`,
//! positively). For each `k`, the best partition is the set of `k` pairwise disjoint crossed classes
//! with the most segments (then the largest sum of χ², then the first in candidate order), found by
//! a branch-and-bound search that gives up after `max_visits` nodes (`exact` then says so).

use super::chd::Dendrogram;
use super::split::chi2_2x2;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Settings of the crossing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DoubleConfig {
    /// Segments a crossed class needs (rainette2's `min_members`, 10).
    pub min_members: usize,
    /// χ² of association a crossed class needs (rainette2's `min_chi2`, 3.84).
    pub min_chi2: f64,
    /// Nodes the partition search may visit per `k`.
    pub max_visits: u64,
}

impl DoubleConfig {
    /// Sets `min_members`.
    pub fn min_members(mut self, n: usize) -> Self {
        self.min_members = n;
        self
    }
    /// Sets `min_chi2`.
    pub fn min_chi2(mut self, x: f64) -> Self {
        self.min_chi2 = x;
        self
    }
}

impl Default for DoubleConfig {
    fn default() -> Self {
        DoubleConfig {
            min_members: 10,
            min_chi2: 3.84,
            max_visits: 5_000_000,
        }
    }
}

/// A class of the first tree crossed with a class of the second.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CrossedClass {
    /// Node of the first dendrogram.
    pub first: usize,
    /// Node of the second dendrogram.
    pub second: usize,
    /// The segments both hold (indices of the items crossed), in increasing order.
    pub members: Vec<u32>,
    /// χ² of the association of the two classes.
    pub chi2: f64,
}

/// The best partition into `k` crossed classes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partition {
    /// Number of crossed classes.
    pub k: usize,
    /// Indices into the crossed classes.
    pub classes: Vec<usize>,
    /// Segments it classifies.
    pub size: usize,
    /// Sum of the χ² of its crossed classes.
    pub chi2: f64,
    /// Whether the search was complete.
    pub exact: bool,
}

/// The nodes (root excluded) holding each item, for a tree whose row of item `i` is `rows[i]`.
fn paths(tree: &Dendrogram, rows: &[Option<u32>]) -> Vec<Vec<usize>> {
    rows.iter()
        .map(|row| {
            let mut path = Vec::new();
            let class = row.and_then(|r| tree.class_of[r as usize]);
            let mut node = class.map(|c| tree.classes[c as usize - 1]);
            while let Some(n) = node {
                let parent = tree.nodes[n].parent;
                if parent.is_some() {
                    path.push(n);
                }
                node = parent;
            }
            path
        })
        .collect()
}

/// Whether `a` is `b` or one of its ancestors, or the reverse.
fn related(tree: &Dendrogram, a: usize, b: usize) -> bool {
    let up = |mut x: usize, y: usize| loop {
        if x == y {
            return true;
        }
        match tree.nodes[x].parent {
            Some(p) => x = p,
            None => return false,
        }
    };
    up(a, b) || up(b, a)
}

/// The crossed classes of two classifications of the same items: `first_rows[i]` (`second_rows[i]`)
/// is item `i`'s row in the first (second) tree's matrix, `None` when that classification left it
/// out. Sorted by decreasing size, then by nodes.
pub fn crossed_classes(
    first: &Dendrogram,
    first_rows: &[Option<u32>],
    second: &Dendrogram,
    second_rows: &[Option<u32>],
    config: &DoubleConfig,
) -> Vec<CrossedClass> {
    let (pa, pb) = (paths(first, first_rows), paths(second, second_rows));
    let both: Vec<usize> = (0..pa.len().min(pb.len()))
        .filter(|&i| !pa[i].is_empty() && !pb[i].is_empty())
        .collect();
    let n = both.len() as u64;
    let (mut na, mut nb) = (BTreeMap::<usize, u64>::new(), BTreeMap::<usize, u64>::new());
    let mut cells: BTreeMap<(usize, usize), Vec<u32>> = BTreeMap::new();
    for &i in &both {
        for &a in &pa[i] {
            *na.entry(a).or_default() += 1;
        }
        for &b in &pb[i] {
            *nb.entry(b).or_default() += 1;
        }
        for &a in &pa[i] {
            for &b in &pb[i] {
                cells.entry((a, b)).or_default().push(i as u32);
            }
        }
    }
    let mut out: Vec<CrossedClass> = cells
        .into_iter()
        .filter_map(|((a, b), members)| {
            let both = members.len() as u64;
            let (fa, fb) = (na[&a], nb[&b]);
            // Items of class a that are in b, against items outside a that are in b.
            let chi2 = chi2_2x2(both, fa, fb - both, n - fa);
            let positive = u128::from(both) * u128::from(n) > u128::from(fa) * u128::from(fb);
            (members.len() >= config.min_members && positive && chi2 >= config.min_chi2).then_some(
                CrossedClass {
                    first: a,
                    second: b,
                    members,
                    chi2,
                },
            )
        })
        .collect();
    out.sort_by(|x, y| {
        (y.members.len().cmp(&x.members.len()))
            .then(x.first.cmp(&y.first))
            .then(x.second.cmp(&y.second))
    });
    out
}

/// The best partition into `k` disjoint crossed classes (see the module docs), `None` when there
/// is none.
pub fn best_partition(
    first: &Dendrogram,
    second: &Dendrogram,
    crossed: &[CrossedClass],
    k: usize,
    config: &DoubleConfig,
) -> Option<Partition> {
    let m = crossed.len();
    if k == 0 || k > m {
        return None;
    }
    let disjoint: Vec<Vec<bool>> = (0..m)
        .map(|i| {
            (0..m)
                .map(|j| {
                    !related(first, crossed[i].first, crossed[j].first)
                        || !related(second, crossed[i].second, crossed[j].second)
                })
                .collect()
        })
        .collect();
    let sizes: Vec<usize> = crossed.iter().map(|c| c.members.len()).collect();
    struct Search<'a> {
        k: usize,
        sizes: &'a [usize],
        chi2: Vec<f64>,
        disjoint: &'a [Vec<bool>],
        best: Option<(usize, f64, Vec<usize>)>,
        visits: u64,
        max_visits: u64,
    }
    impl Search<'_> {
        fn go(&mut self, start: usize, chosen: &mut Vec<usize>, size: usize, chi2: f64) {
            if chosen.len() == self.k {
                let better = self
                    .best
                    .as_ref()
                    .map_or(true, |(s, c, _)| size > *s || (size == *s && chi2 > *c));
                if better {
                    self.best = Some((size, chi2, chosen.clone()));
                }
                return;
            }
            let need = self.k - chosen.len();
            for i in start..self.sizes.len() {
                if self.visits >= self.max_visits {
                    return;
                }
                self.visits += 1;
                // Candidates come by decreasing size: `need` more of at most sizes[i] each.
                if let Some((s, _, _)) = &self.best {
                    if size + need * self.sizes[i] < *s {
                        return;
                    }
                }
                if chosen.iter().all(|&c| self.disjoint[c][i]) {
                    chosen.push(i);
                    self.go(i + 1, chosen, size + self.sizes[i], chi2 + self.chi2[i]);
                    chosen.pop();
                }
            }
        }
    }
    let mut search = Search {
        k,
        sizes: &sizes,
        chi2: crossed.iter().map(|c| c.chi2).collect(),
        disjoint: &disjoint,
        best: None,
        visits: 0,
        max_visits: config.max_visits,
    };
    search.go(0, &mut Vec::new(), 0, 0.0);
    let exact = search.visits < config.max_visits;
    search.best.map(|(size, chi2, classes)| Partition {
        k,
        classes,
        size,
        chi2,
        exact,
    })
}
