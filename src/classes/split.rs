//! One split of a class in two, as Reinert describes it: segments ordered on the first axis of
//! the class's correspondence analysis ([`super::ca`]), the cut along that order with the largest
//! χ² of the two-row table, segments then moved one by one to the other side while that raises
//! the χ², and the forms kept on each side filtered by `cc_test` and `tsj`.
//!
//! **The two-row table.** Rows are the two groups, columns the forms, and a cell the number of
//! the group's segments that contain the form. With `Cⱼ` the form's total, `R₁`, `R₂` the groups'
//! totals and `N = R₁ + R₂`, its χ² is `N² / (R₁R₂) · (Σⱼ O₁ⱼ² / Cⱼ − R₁² / N)`, so that moving a
//! segment changes it through its own forms only: the cut scan and the reassignment are linear
//! in the matrix's non-zero cells.
//!
//! **Reassignment.** Passes over the segments in index order; a segment goes to the other side
//! when that raises the χ² (by more than a relative 1e-12, so rounding never makes a move); passes
//! repeat until one moves nothing (100 at most).
//!
//! **Forms after the split.** For each form, the 2×2 table of the segments that contain it or not
//! on each side gives the contingency coefficient `√(χ² / (χ² + n))`. Above `cc_test`, the form is
//! kept only on the side where it is over-represented; otherwise on both. Then a form is dropped
//! from a side where fewer than `tsj` segments contain it.

use super::ca::first_axis;
use super::matrix::Csr;

/// The χ² of a two-row table given the first row's counts and the column totals (columns of
/// total 0 are left out). 0 when a row is empty.
pub fn chi2_two_rows(first: &[u32], totals: &[u32]) -> f64 {
    let (mut s, mut r1, mut n) = (0.0, 0u64, 0u64);
    for (&o, &c) in first.iter().zip(totals) {
        if c > 0 {
            s += f64::from(o) * f64::from(o) / f64::from(c);
            r1 += u64::from(o);
            n += u64::from(c);
        }
    }
    chi2_from(s, r1 as f64, n as f64)
}

fn chi2_from(s: f64, r1: f64, n: f64) -> f64 {
    let r2 = n - r1;
    if r1 <= 0.0 || r2 <= 0.0 {
        return 0.0;
    }
    (n * n / (r1 * r2) * (s - r1 * r1 / n)).max(0.0)
}

/// The two-row table of a split of `m`'s rows, kept up to date as rows move.
#[derive(Debug, Clone)]
struct TwoRows<'a> {
    m: &'a Csr,
    inv_totals: Vec<f64>,
    first: Vec<u32>,
    s: f64,
    r1: f64,
    n: f64,
}

impl<'a> TwoRows<'a> {
    fn new(m: &'a Csr, side: &[bool]) -> TwoRows<'a> {
        let inv_totals = m
            .col_counts()
            .into_iter()
            .map(|c| if c == 0 { 0.0 } else { 1.0 / f64::from(c) })
            .collect();
        let mut t = TwoRows {
            m,
            inv_totals,
            first: vec![0; m.cols()],
            s: 0.0,
            r1: 0.0,
            n: m.nnz() as f64,
        };
        for i in (0..m.rows()).filter(|&i| side[i]) {
            for &j in m.row(i) {
                t.first[j as usize] += 1;
            }
            t.r1 += m.row(i).len() as f64;
        }
        t.recompute();
        t
    }

    fn recompute(&mut self) {
        self.s = (self.first.iter().zip(&self.inv_totals))
            .map(|(&o, inv)| f64::from(o) * f64::from(o) * inv)
            .sum();
    }

    fn chi2(&self) -> f64 {
        chi2_from(self.s, self.r1, self.n)
    }

    /// The (S, R₁) the table would have with row `i` moved into the first group (`into_first`)
    /// or out of it.
    fn moved(&self, i: usize, into_first: bool) -> (f64, f64) {
        let row = self.m.row(i);
        let mut s = self.s;
        for &j in row {
            let o = f64::from(self.first[j as usize]);
            let inv = self.inv_totals[j as usize];
            s += if into_first {
                2.0 * o + 1.0
            } else {
                1.0 - 2.0 * o
            } * inv;
        }
        let len = row.len() as f64;
        (
            s,
            if into_first {
                self.r1 + len
            } else {
                self.r1 - len
            },
        )
    }

    fn apply(&mut self, i: usize, into_first: bool, s: f64, r1: f64) {
        for &j in self.m.row(i) {
            let o = &mut self.first[j as usize];
            if into_first {
                *o += 1;
            } else {
                *o -= 1;
            }
        }
        self.s = s;
        self.r1 = r1;
    }
}

/// The χ² of the split of `m`'s rows into those where `side` is true and the others.
pub fn chi2_of(m: &Csr, side: &[bool]) -> f64 {
    TwoRows::new(m, side).chi2()
}

/// The best cut along `order` (a permutation of `m`'s rows): the number `c` of rows
/// (`1 ≤ c < n`) put first, and the χ² of that split. The first largest χ² wins.
pub fn best_cut(m: &Csr, order: &[usize]) -> Option<(usize, f64)> {
    let none = vec![false; m.rows()];
    let mut t = TwoRows::new(m, &none);
    let mut best: Option<(usize, f64)> = None;
    for (c, &i) in order.iter().enumerate().take(order.len().saturating_sub(1)) {
        let (s, r1) = t.moved(i, true);
        t.apply(i, true, s, r1);
        let chi2 = t.chi2();
        if best.map_or(true, |(_, b)| chi2 > b) {
            best = Some((c + 1, chi2));
        }
    }
    best
}

/// What [`reassign`] did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reassignment {
    /// The χ² after the moves.
    pub chi2: f64,
    /// Segments moved.
    pub moves: usize,
    /// Passes over the segments.
    pub passes: usize,
}

/// Moves rows one by one to the other side while that raises the χ² of the split (see the
/// module docs). Neither side is ever emptied.
pub fn reassign(m: &Csr, side: &mut [bool]) -> Reassignment {
    let mut t = TwoRows::new(m, side);
    let mut sizes = [side.iter().filter(|&&s| !s).count(), 0];
    sizes[1] = side.len() - sizes[0];
    let (mut moves, mut passes) = (0, 0);
    while passes < 100 {
        passes += 1;
        t.recompute();
        let mut chi2 = t.chi2();
        let mut moved = false;
        for i in 0..m.rows() {
            let into_first = !side[i];
            if sizes[usize::from(side[i])] <= 1 {
                continue;
            }
            let (s, r1) = t.moved(i, into_first);
            let new = chi2_from(s, r1, t.n);
            if new > chi2 + 1e-12 * chi2.abs().max(1e-300) {
                t.apply(i, into_first, s, r1);
                sizes[usize::from(side[i])] -= 1;
                side[i] = into_first;
                sizes[usize::from(side[i])] += 1;
                chi2 = new;
                moves += 1;
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
    t.recompute();
    Reassignment {
        chi2: t.chi2(),
        moves,
        passes,
    }
}

/// The contingency coefficient `√(χ² / (χ² + n))` of the 2×2 table of a form present in `a` of
/// `n1` segments on one side and `b` of `n2` on the other (χ² without correction).
pub fn contingency_coefficient(a: u64, n1: u64, b: u64, n2: u64) -> f64 {
    let chi2 = chi2_2x2(a, n1, b, n2);
    let n = (n1 + n2) as f64;
    if n == 0.0 {
        0.0
    } else {
        (chi2 / (chi2 + n)).sqrt()
    }
}

/// Pearson's χ² (no correction) of the table `[[a, n1 − a], [b, n2 − b]]`; 0 when a margin is 0.
pub fn chi2_2x2(a: u64, n1: u64, b: u64, n2: u64) -> f64 {
    let n = (n1 + n2) as f64;
    let present = (a + b) as f64;
    let absent = n - present;
    let (n1f, n2f) = (n1 as f64, n2 as f64);
    if present == 0.0 || absent == 0.0 || n1 == 0 || n2 == 0 {
        return 0.0;
    }
    let d = a as f64 * (n2 - b) as f64 - b as f64 * (n1 - a) as f64;
    n * d * d / (present * absent * n1f * n2f)
}

/// Which forms each side keeps after a split (see the module docs): `(first, second)`, indexed
/// by `m`'s columns; `side[i]` true puts row `i` in the first group.
pub fn filter_forms(m: &Csr, side: &[bool], cc_test: f64, tsj: u32) -> (Vec<bool>, Vec<bool>) {
    let mut first = vec![0u32; m.cols()];
    let totals = m.col_counts();
    for i in (0..m.rows()).filter(|&i| side[i]) {
        for &j in m.row(i) {
            first[j as usize] += 1;
        }
    }
    let n1 = side.iter().filter(|&&s| s).count() as u64;
    let n2 = side.len() as u64 - n1;
    let mut keep = (vec![false; m.cols()], vec![false; m.cols()]);
    for j in 0..m.cols() {
        let a = u64::from(first[j]);
        let b = u64::from(totals[j]) - a;
        let (mut in1, mut in2) = (true, true);
        if contingency_coefficient(a, n1, b, n2) > cc_test {
            // a/n1 against b/n2, in integers.
            let over_first = u128::from(a) * u128::from(n2) > u128::from(b) * u128::from(n1);
            in1 = over_first;
            in2 = !over_first;
        }
        keep.0[j] = in1 && a >= u64::from(tsj);
        keep.1[j] = in2 && b >= u64::from(tsj);
    }
    keep
}

/// A split of a class.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    /// `true` for the rows of the first group.
    pub side: Vec<bool>,
    /// The χ² of the split after reassignment.
    pub chi2: f64,
    /// The χ² of the best cut along the first axis, before reassignment.
    pub cut_chi2: f64,
    /// The first eigenvalue of the class's correspondence analysis.
    pub eigenvalue: f64,
    /// Rows moved by the reassignment.
    pub moves: usize,
    /// The forms each side keeps (columns of the matrix).
    pub keep: (Vec<bool>, Vec<bool>),
}

/// Splits the rows of `m` in two (see the module docs); `None` when it has no first axis.
pub fn split(m: &Csr, cc_test: f64, tsj: u32) -> Option<Split> {
    let axis = first_axis(m)?;
    let mut order: Vec<usize> = (0..m.rows()).collect();
    order.sort_by(|&a, &b| axis.rows[a].total_cmp(&axis.rows[b]).then(a.cmp(&b)));
    let (cut, cut_chi2) = best_cut(m, &order)?;
    let mut side = vec![false; m.rows()];
    for &i in &order[..cut] {
        side[i] = true;
    }
    let r = reassign(m, &mut side);
    if r.chi2.is_nan() || r.chi2 <= 0.0 {
        return None;
    }
    let keep = filter_forms(m, &side, cc_test, tsj);
    Some(Split {
        side,
        chi2: r.chi2,
        cut_chi2,
        eigenvalue: axis.eigenvalue,
        moves: r.moves,
        keep,
    })
}
