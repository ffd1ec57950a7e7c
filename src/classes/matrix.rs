//! The binary segment × form matrix, in compressed sparse rows: each row lists the forms a segment
//! contains, once each, in increasing order. Nothing is ever densified.

/// A sparse binary matrix (compressed sparse rows), columns sorted and unique in each row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Csr {
    cols: usize,
    indptr: Vec<usize>,
    indices: Vec<u32>,
}

impl Default for Csr {
    fn default() -> Csr {
        Csr::new(0)
    }
}

impl Csr {
    /// An empty matrix of `cols` columns and no rows.
    pub fn new(cols: usize) -> Csr {
        Csr {
            cols,
            indptr: vec![0],
            indices: Vec::new(),
        }
    }

    /// A matrix from its rows (column indices, in any order, repeats allowed).
    ///
    /// # Panics
    /// When a column index is `cols` or more.
    pub fn from_rows<R: AsRef<[u32]>>(rows: impl IntoIterator<Item = R>, cols: usize) -> Csr {
        let mut m = Csr::new(cols);
        let mut buf = Vec::new();
        for row in rows {
            buf.clear();
            buf.extend_from_slice(row.as_ref());
            m.push_row(&mut buf);
        }
        m
    }

    /// Appends a row (sorted and deduplicated in place); grows the column count to fit.
    pub fn push_row(&mut self, row: &mut Vec<u32>) {
        row.sort_unstable();
        row.dedup();
        if let Some(&last) = row.last() {
            self.cols = self.cols.max(last as usize + 1);
        }
        self.indices.extend_from_slice(row);
        self.indptr.push(self.indices.len());
    }

    /// Rows (segments).
    pub fn rows(&self) -> usize {
        self.indptr.len() - 1
    }

    /// Columns (forms).
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Non-zero cells: the matrix's total.
    pub fn nnz(&self) -> usize {
        self.indices.len()
    }

    /// The columns of row `i`, in increasing order.
    pub fn row(&self, i: usize) -> &[u32] {
        &self.indices[self.indptr[i]..self.indptr[i + 1]]
    }

    /// How many rows contain each column.
    pub fn col_counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.cols];
        for &j in &self.indices {
            counts[j as usize] += 1;
        }
        counts
    }

    /// The sub-matrix of `rows` (in that order) and of the columns where `keep` is true, columns
    /// renumbered in increasing order. Rows left with no column are not in it: the result lists
    /// the rows kept (indices into `rows`' values) and those dropped, and the global column of
    /// each local column.
    pub fn select(&self, rows: &[u32], keep: impl Fn(u32) -> bool) -> Selection {
        let mut local = vec![u32::MAX; self.cols];
        let mut columns = Vec::new();
        // Columns numbered in increasing global order, whatever the row order.
        let mut used = vec![false; self.cols];
        for &i in rows {
            for &j in self.row(i as usize) {
                if keep(j) {
                    used[j as usize] = true;
                }
            }
        }
        for (j, &u) in used.iter().enumerate() {
            if u {
                local[j] = columns.len() as u32;
                columns.push(j as u32);
            }
        }
        let mut matrix = Csr::new(columns.len());
        let (mut kept, mut dropped) = (Vec::new(), Vec::new());
        let mut buf = Vec::new();
        for &i in rows {
            buf.clear();
            buf.extend(
                self.row(i as usize)
                    .iter()
                    .filter(|&&j| local[j as usize] != u32::MAX)
                    .map(|&j| local[j as usize]),
            );
            if buf.is_empty() {
                dropped.push(i);
            } else {
                matrix.push_row(&mut buf);
                kept.push(i);
            }
        }
        matrix.cols = columns.len();
        Selection {
            matrix,
            rows: kept,
            dropped,
            columns,
        }
    }
}

/// What [`Csr::select`] returns.
#[derive(Debug, Clone)]
pub struct Selection {
    /// The sub-matrix.
    pub matrix: Csr,
    /// The original row of each of its rows.
    pub rows: Vec<u32>,
    /// Original rows left with no column.
    pub dropped: Vec<u32>,
    /// The original column of each of its columns.
    pub columns: Vec<u32>,
}
