//! Theme co-occurrence over segments, and the association of two themes.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// Theme co-occurrence over segments: how many segments contain each theme and each pair.
///
/// ```
/// use entretien::stats::Cooccurrence;
///
/// let mut co = Cooccurrence::new(vec!["outils".into(), "formation".into(), "stress".into()]);
/// co.add_segment(&[0, 1])?;
/// co.add_segment(&[0, 1, 2])?;
/// co.add_segment(&[2])?;
/// co.add_segment(&[])?;
/// let pair = co.pair(0, 1)?;
/// assert_eq!((pair.both, pair.first, pair.second, pair.segments), (2, 2, 2, 4));
/// assert_eq!(pair.jaccard, 1.0);
/// assert_eq!(pair.phi, 1.0);
/// # Ok::<(), entretien::Error>(())
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cooccurrence {
    themes: Vec<String>,
    segments: u64,
    /// Upper triangle, row by row, diagonal included: `counts[index(i, j)]` for `i ≤ j`.
    counts: Vec<u64>,
    #[serde(skip)]
    scratch: Vec<usize>,
}

impl PartialEq for Cooccurrence {
    fn eq(&self, other: &Cooccurrence) -> bool {
        self.themes == other.themes
            && self.segments == other.segments
            && self.counts == other.counts
    }
}

impl Eq for Cooccurrence {}

/// The association of two themes over segments.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PairAssociation {
    /// Segments with both themes.
    pub both: u64,
    /// Segments with the first theme.
    pub first: u64,
    /// Segments with the second theme.
    pub second: u64,
    /// All segments.
    pub segments: u64,
    /// `both / (first + second − both)`: 0 when neither theme occurs.
    pub jaccard: f64,
    /// The φ coefficient (Pearson's correlation of the two presence indicators), in `[-1, 1]`:
    /// 0 when a theme is in no segment or in all of them.
    pub phi: f64,
}

impl Cooccurrence {
    /// An empty table over `themes`.
    pub fn new(themes: Vec<String>) -> Cooccurrence {
        let n = themes.len();
        Cooccurrence {
            themes,
            segments: 0,
            counts: vec![0; n * (n + 1) / 2],
            scratch: Vec::new(),
        }
    }

    /// The themes, in index order.
    pub fn themes(&self) -> &[String] {
        &self.themes
    }

    /// The number of segments counted.
    pub fn segments(&self) -> u64 {
        self.segments
    }

    fn index(&self, i: usize, j: usize) -> usize {
        let (i, j) = if i <= j { (i, j) } else { (j, i) };
        let n = self.themes.len();
        // Rows 0..i hold n, n−1, …, n−i+1 cells.
        i * n - i * (i.saturating_sub(1)) / 2 + (j - i)
    }

    fn check(&self, i: usize) -> Result<()> {
        if i < self.themes.len() {
            Ok(())
        } else {
            Err(Error::config(format!(
                "co-occurrence: theme index {i} out of range ({} themes)",
                self.themes.len()
            )))
        }
    }

    /// Counts one segment containing the themes at `present` (repeats are counted once).
    /// Fails, counting nothing, when an index is out of range.
    pub fn add_segment(&mut self, present: &[usize]) -> Result<()> {
        for &i in present {
            self.check(i)?;
        }
        let mut seen = std::mem::take(&mut self.scratch);
        seen.clear();
        seen.extend_from_slice(present);
        seen.sort_unstable();
        seen.dedup();
        for (x, &i) in seen.iter().enumerate() {
            for &j in &seen[x..] {
                let cell = self.index(i, j);
                self.counts[cell] += 1;
            }
        }
        self.segments += 1;
        self.scratch = seen;
        Ok(())
    }

    /// The number of segments containing both themes (`i == j`: containing theme `i`).
    pub fn count(&self, i: usize, j: usize) -> Result<u64> {
        self.check(i)?;
        self.check(j)?;
        Ok(self.counts[self.index(i, j)])
    }

    /// The association of themes `i` and `j`.
    pub fn pair(&self, i: usize, j: usize) -> Result<PairAssociation> {
        let both = self.count(i, j)?;
        let first = self.count(i, i)?;
        let second = self.count(j, j)?;
        Ok(association(both, first, second, self.segments))
    }

    /// Adds the counts of `other`, which must be over the same themes in the same order.
    pub fn merge(&mut self, other: &Cooccurrence) -> Result<()> {
        if self.themes != other.themes {
            return Err(Error::config(
                "co-occurrence: cannot merge tables over different themes",
            ));
        }
        self.segments += other.segments;
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            *mine += theirs;
        }
        Ok(())
    }
}

/// Jaccard and φ from the counts of a pair over `segments` segments.
pub fn association(both: u64, first: u64, second: u64, segments: u64) -> PairAssociation {
    let union = first + second - both.min(first + second);
    let jaccard = if union == 0 {
        0.0
    } else {
        both as f64 / union as f64
    };
    let n = i128::from(segments);
    let (x, y, xy) = (i128::from(first), i128::from(second), i128::from(both));
    let spread = (x * (n - x)) as f64 * (y * (n - y)) as f64;
    let phi = if spread <= 0.0 {
        0.0
    } else {
        ((n * xy - x * y) as f64 / spread.sqrt()).clamp(-1.0, 1.0)
    };
    PairAssociation {
        both,
        first,
        second,
        segments,
        jaccard,
        phi,
    }
}
