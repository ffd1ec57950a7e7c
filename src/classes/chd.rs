//! The descending hierarchical classification: the largest class is split next, until there are
//! `k` classes or no class can be split; every split is recorded with its χ².
//!
//! The root holds every segment with at least one active form (a form in `tsj` segments or
//! more). A class is split with the forms its parent's split left it ([`super::split`]); segments
//! left with none of them are unclassified, counted and listed. A class smaller than
//! `min_split_members`, or without a first axis, is not split; the next largest is tried.
//! Ties between classes of one size go to the class made first. The final classes are numbered
//! 1… in the order of the dendrogram's leaves (first group of each split first; the first group
//! is the one holding the segment of lowest index).

use super::matrix::Csr;
use super::split::split;
use serde::{Deserialize, Serialize};

/// The settings of a classification.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ChdConfig {
    /// Classes wanted (rainette `k`, 10).
    pub k: usize,
    /// Classes smaller than this are not split (rainette `min_split_members`, 5).
    pub min_split_members: usize,
    /// Forms in fewer segments than this are dropped, from the corpus and from each side of a
    /// split (rainette `tsj`, 3).
    pub tsj: u32,
    /// Contingency coefficient above which a form is kept only on its side (rainette `cc_test`, 0.3).
    pub cc_test: f64,
}

impl Default for ChdConfig {
    fn default() -> Self {
        ChdConfig {
            k: 10,
            min_split_members: 5,
            tsj: 3,
            cc_test: 0.3,
        }
    }
}

impl ChdConfig {
    /// Sets `k`.
    pub fn k(mut self, k: usize) -> Self {
        self.k = k;
        self
    }
    /// Sets `min_split_members`.
    pub fn min_split_members(mut self, n: usize) -> Self {
        self.min_split_members = n;
        self
    }
    /// Sets `tsj`.
    pub fn tsj(mut self, n: u32) -> Self {
        self.tsj = n;
        self
    }
    /// Sets `cc_test`.
    pub fn cc_test(mut self, x: f64) -> Self {
        self.cc_test = x;
        self
    }
}

/// A node of the dendrogram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Node {
    /// Its index in [`Dendrogram::nodes`].
    pub id: usize,
    /// Its parent.
    pub parent: Option<usize>,
    /// Its segments (rows of the matrix), in increasing order.
    #[serde(skip)]
    pub members: Vec<u32>,
    /// How many segments it holds.
    pub size: usize,
    /// The forms (columns) it may be split on, in increasing order.
    #[serde(skip)]
    pub forms: Vec<u32>,
    /// Its two children, when it was split.
    pub children: Option<[usize; 2]>,
    /// The χ² of its split.
    pub chi2: Option<f64>,
    /// The first eigenvalue of its correspondence analysis, when it was split.
    pub eigenvalue: Option<f64>,
    /// Its class number, when it is a final class.
    pub class: Option<u32>,
}

/// The result of the classification: the tree, and each segment's class.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dendrogram {
    /// Nodes in the order they were made (0 is the root).
    pub nodes: Vec<Node>,
    /// The class (1…) of each row, `None` when unclassified.
    pub class_of: Vec<Option<u32>>,
    /// The node of each class (index `class − 1`).
    pub classes: Vec<usize>,
    /// The settings it ran with.
    pub config: ChdConfig,
}

impl Dendrogram {
    /// Rows left unclassified.
    pub fn unclassified(&self) -> impl Iterator<Item = usize> + '_ {
        (self.class_of.iter().enumerate())
            .filter(|(_, c)| c.is_none())
            .map(|(i, _)| i)
    }

    /// Rows of class `class` (1…).
    pub fn members(&self, class: u32) -> &[u32] {
        &self.nodes[self.classes[class as usize - 1]].members
    }
}

/// Classifies the rows of `m` (see the module docs).
pub fn chd(m: &Csr, config: &ChdConfig) -> Dendrogram {
    let counts = m.col_counts();
    let active: Vec<u32> = (0..m.cols() as u32)
        .filter(|&j| counts[j as usize] >= config.tsj.max(1))
        .collect();
    let mut nodes = Vec::new();
    let root = make_node(m, &mut nodes, None, (0..m.rows() as u32).collect(), active);
    // No unit with an active form: no class.
    let mut leaves = if nodes[root].members.is_empty() {
        Vec::new()
    } else {
        vec![root]
    };
    let mut tried = vec![false; 1];
    while !leaves.is_empty() && leaves.len() < config.k.max(1) {
        // The largest class not yet tried, the first made on a tie.
        let Some(&next) = leaves
            .iter()
            .filter(|&&n| !tried[n] && nodes[n].members.len() >= config.min_split_members.max(2))
            .min_by_key(|&&n| (std::cmp::Reverse(nodes[n].members.len()), n))
        else {
            break;
        };
        tried[next] = true;
        let node: &Node = &nodes[next];
        let forms = &node.forms;
        let sel = m.select(&node.members, |j| forms.binary_search(&j).is_ok());
        debug_assert!(sel.dropped.is_empty());
        let Some(s) = split(&sel.matrix, config.cc_test, config.tsj) else {
            continue;
        };
        let mut groups = [Vec::new(), Vec::new()];
        for (r, &row) in sel.rows.iter().enumerate() {
            groups[usize::from(!s.side[r])].push(row);
        }
        let mut keeps = [s.keep.0, s.keep.1];
        // The first group is the one holding the lowest row.
        if groups[1].first() < groups[0].first() {
            groups.swap(0, 1);
            keeps.swap(0, 1);
        }
        let [g0, g1] = groups;
        let [k0, k1] = keeps;
        let cols = |keep: Vec<bool>| -> Vec<u32> {
            (keep.iter().enumerate())
                .filter(|(_, &k)| k)
                .map(|(j, _)| sel.columns[j])
                .collect()
        };
        let a = make_node(m, &mut nodes, Some(next), g0, cols(k0));
        let b = make_node(m, &mut nodes, Some(next), g1, cols(k1));
        tried.resize(nodes.len(), false);
        let parent = &mut nodes[next];
        parent.children = Some([a, b]);
        parent.chi2 = Some(s.chi2);
        parent.eigenvalue = Some(s.eigenvalue);
        let at = leaves.iter().position(|&l| l == next).expect("a leaf");
        leaves.splice(at..=at, [a, b]);
    }
    // Number the leaves in dendrogram order.
    let mut class_of = vec![None; m.rows()];
    for (c, &leaf) in leaves.iter().enumerate() {
        nodes[leaf].class = Some(c as u32 + 1);
        for &row in &nodes[leaf].members {
            class_of[row as usize] = Some(c as u32 + 1);
        }
    }
    Dendrogram {
        nodes,
        class_of,
        classes: leaves,
        config: *config,
    }
}

/// Adds a node of the rows of `members` that hold one of `forms` at least.
fn make_node(
    m: &Csr,
    nodes: &mut Vec<Node>,
    parent: Option<usize>,
    mut members: Vec<u32>,
    forms: Vec<u32>,
) -> usize {
    members.retain(|&i| {
        m.row(i as usize)
            .iter()
            .any(|j| forms.binary_search(j).is_ok())
    });
    let id = nodes.len();
    nodes.push(Node {
        id,
        parent,
        size: members.len(),
        members,
        forms,
        children: None,
        chi2: None,
        eigenvalue: None,
        class: None,
    });
    id
}
