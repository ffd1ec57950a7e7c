//! The first axis of the correspondence analysis of a binary segment × form matrix.
//!
//! With `P = X / N` (`N` the matrix's total), row masses `r`, column masses `c`, the standardised
//! residuals are `S = D_r^{-1/2} (P - r cᵀ) D_c^{-1/2}`. The first axis is the top eigenpair
//! `(λ, v)` of `SᵀS` (λ is the first eigenvalue of the analysis, the share of inertia it holds
//! being `λ / Σλ`). It is found by Lanczos iterations with full reorthogonalisation, in `f64`,
//! from a fixed start vector, on the operator `v ↦ Sᵀ(S v)` applied through the sparse matrix:
//! `S` is never formed. The Ritz pair is accepted when its residual `‖SᵀS v − λ v‖` is below
//! `1e-12 · λ`; the segments' principal coordinates are then `f = D_r^{-1/2} S v`.
//!
//! The sign of an axis is arbitrary; it is fixed so that the form with the largest `|v_j|`
//! (the first such form on a tie) has a positive coordinate.

use super::matrix::Csr;

/// The first factor of a correspondence analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct FirstAxis {
    /// Its eigenvalue (the inertia it holds).
    pub eigenvalue: f64,
    /// Principal coordinate of each row.
    pub rows: Vec<f64>,
    /// Principal coordinate of each column.
    pub cols: Vec<f64>,
    /// Products by `SᵀS` that were needed.
    pub products: usize,
}

/// The operator `SᵀS` of a matrix, with the masses it needs.
struct Residuals<'a> {
    m: &'a Csr,
    total: f64,
    r: Vec<f64>,
    sqrt_r: Vec<f64>,
    c: Vec<f64>,
    sqrt_c: Vec<f64>,
}

impl<'a> Residuals<'a> {
    fn new(m: &'a Csr) -> Residuals<'a> {
        let total = m.nnz() as f64;
        let r: Vec<f64> = (0..m.rows())
            .map(|i| m.row(i).len() as f64 / total)
            .collect();
        let c: Vec<f64> = m
            .col_counts()
            .into_iter()
            .map(|n| f64::from(n) / total)
            .collect();
        Residuals {
            m,
            total,
            sqrt_r: r.iter().map(|x| x.sqrt()).collect(),
            sqrt_c: c.iter().map(|x| x.sqrt()).collect(),
            r,
            c,
        }
    }

    /// `out = S v` (rows).
    fn s(&self, v: &[f64], w: &mut Vec<f64>, out: &mut Vec<f64>) {
        // w_j = v_j / sqrt(c_j); t = Σ c_j w_j
        w.clear();
        w.extend(v.iter().zip(&self.sqrt_c).map(|(v, s)| v / s));
        let t: f64 = v.iter().zip(&self.sqrt_c).map(|(v, s)| v * s).sum();
        out.clear();
        out.extend((0..self.m.rows()).map(|i| {
            let s: f64 = self.m.row(i).iter().map(|&j| w[j as usize]).sum();
            (s / self.total - self.r[i] * t) / self.sqrt_r[i]
        }));
    }

    /// `out = Sᵀ u` (columns).
    fn st(&self, u: &[f64], z: &mut Vec<f64>, out: &mut Vec<f64>) {
        z.clear();
        z.extend(u.iter().zip(&self.sqrt_r).map(|(u, s)| u / s));
        let t: f64 = u.iter().zip(&self.sqrt_r).map(|(u, s)| u * s).sum();
        out.clear();
        out.resize(self.m.cols(), 0.0);
        for (i, zi) in z.iter().enumerate() {
            for &j in self.m.row(i) {
                out[j as usize] += zi;
            }
        }
        for (j, o) in out.iter_mut().enumerate() {
            *o = (*o / self.total - self.c[j] * t) / self.sqrt_c[j];
        }
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn norm(a: &[f64]) -> f64 {
    dot(a, a).sqrt()
}

/// The largest Lanczos basis kept before restarting from the Ritz vector.
const MAX_BASIS: usize = 60;
/// Restarts allowed.
const MAX_RESTARTS: usize = 50;
/// Relative residual accepted.
const TOLERANCE: f64 = 1e-12;

/// The first axis of the correspondence analysis of `m`, or `None` when it has no inertia (fewer
/// than two rows or two columns, or rows all alike). Rows must not be empty.
pub fn first_axis(m: &Csr) -> Option<FirstAxis> {
    let (n, p) = (m.rows(), m.cols());
    if n < 2 || p < 2 || m.nnz() == 0 {
        return None;
    }
    let op = Residuals::new(m);
    let (mut su, mut scratch_r, mut scratch_c) = (Vec::new(), Vec::new(), Vec::new());
    let mut products = 0;
    let mut apply = |v: &[f64], out: &mut Vec<f64>| {
        op.s(v, &mut scratch_c, &mut su);
        op.st(&su, &mut scratch_r, out);
        products += 1;
    };
    // A fixed start vector, with no symmetry that could hide the first axis.
    let mut start: Vec<f64> = (0..p)
        .map(|j| {
            let x = (j as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 11;
            0.5 + (x as f64) / ((1u64 << 53) as f64)
        })
        .collect();
    // The trivial direction √c is in SᵀS's kernel: remove it from the start.
    let trivial = dot(&start, &op.sqrt_c);
    for (s, c) in start.iter_mut().zip(&op.sqrt_c) {
        *s -= trivial * c;
    }
    let mut best: Option<(f64, Vec<f64>)> = None;
    let mut w = Vec::with_capacity(p);
    let basis_cap = MAX_BASIS.min(p);
    'restarts: for _ in 0..MAX_RESTARTS {
        let s_norm = norm(&start);
        if s_norm == 0.0 || !s_norm.is_finite() {
            break;
        }
        let mut q: Vec<Vec<f64>> = vec![start.iter().map(|x| x / s_norm).collect()];
        let (mut alpha, mut beta): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
        loop {
            let k = q.len() - 1;
            apply(&q[k], &mut w);
            let a = dot(&q[k], &w);
            alpha.push(a);
            // Full reorthogonalisation, twice (Gram–Schmidt is not stable once).
            for _ in 0..2 {
                for qi in &q {
                    let h = dot(qi, &w);
                    for (x, y) in w.iter_mut().zip(qi) {
                        *x -= h * y;
                    }
                }
            }
            let b = norm(&w);
            let (theta, y) = top_ritz(&alpha, &beta);
            let scale = theta.abs().max(f64::MIN_POSITIVE);
            let invariant = b <= 1e-14 * alpha.iter().fold(0.0f64, |m, a| m.max(a.abs()));
            let converged = b * y[k].abs() <= TOLERANCE * scale;
            if invariant || converged || q.len() == basis_cap {
                let v = combine(&q, &y);
                best = Some((theta, v.clone()));
                if invariant || converged {
                    break 'restarts;
                }
                start = v;
                continue 'restarts;
            }
            beta.push(b);
            q.push(w.iter().map(|x| x / b).collect());
        }
    }
    let (eigenvalue, mut v) = best?;
    if eigenvalue.is_nan() || eigenvalue <= 1e-13 {
        return None;
    }
    // Check the residual explicitly; normalise and fix the sign.
    let v_norm = norm(&v);
    v.iter_mut().for_each(|x| *x /= v_norm);
    let pivot = v.iter().enumerate().fold(
        0usize,
        |best, (j, x)| if x.abs() > v[best].abs() { j } else { best },
    );
    if v[pivot] < 0.0 {
        v.iter_mut().for_each(|x| *x = -*x);
    }
    let mut rows = Vec::new();
    let mut scratch = Vec::new();
    op.s(&v, &mut scratch, &mut rows);
    for (f, s) in rows.iter_mut().zip(&op.sqrt_r) {
        *f /= s;
    }
    let sqrt_l = eigenvalue.sqrt();
    let cols = v
        .iter()
        .zip(&op.sqrt_c)
        .map(|(v, s)| sqrt_l * v / s)
        .collect();
    Some(FirstAxis {
        eigenvalue,
        rows,
        cols,
        products,
    })
}

/// `Σ y_k q_k`.
fn combine(q: &[Vec<f64>], y: &[f64]) -> Vec<f64> {
    let mut v = vec![0.0; q[0].len()];
    for (qk, yk) in q.iter().zip(y) {
        for (x, a) in v.iter_mut().zip(qk) {
            *x += yk * a;
        }
    }
    v
}

/// The largest eigenvalue of the symmetric tridiagonal matrix (`alpha` on the diagonal, `beta`
/// beside it) and its eigenvector.
fn top_ritz(alpha: &[f64], beta: &[f64]) -> (f64, Vec<f64>) {
    let k = alpha.len();
    let mut a = vec![0.0; k * k];
    for i in 0..k {
        a[i * k + i] = alpha[i];
        if i + 1 < k {
            a[i * k + i + 1] = beta[i];
            a[(i + 1) * k + i] = beta[i];
        }
    }
    let (values, vectors) = jacobi_eigen(&mut a, k);
    let top = (0..k).fold(0, |b, i| if values[i] > values[b] { i } else { b });
    (values[top], (0..k).map(|i| vectors[i * k + top]).collect())
}

/// Eigenvalues and eigenvectors (columns of the returned row-major matrix) of the symmetric
/// `n × n` matrix `a` (row-major, destroyed), by cyclic Jacobi rotations.
pub(crate) fn jacobi_eigen(a: &mut [f64], n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; n * n];
    for i in 0..n {
        v[i * n + i] = 1.0;
    }
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * n + j] * a[i * n + j])
            .sum();
        let diag: f64 = (0..n).map(|i| a[i * n + i] * a[i * n + i]).sum();
        if off <= 1e-30 * diag.max(f64::MIN_POSITIVE) {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = a[p * n + q];
                if apq == 0.0 {
                    continue;
                }
                let (app, aqq) = (a[p * n + p], a[q * n + q]);
                let theta = (aqq - app) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..n {
                    let (akp, akq) = (a[k * n + p], a[k * n + q]);
                    a[k * n + p] = c * akp - s * akq;
                    a[k * n + q] = s * akp + c * akq;
                }
                for k in 0..n {
                    let (apk, aqk) = (a[p * n + k], a[q * n + k]);
                    a[p * n + k] = c * apk - s * aqk;
                    a[q * n + k] = s * apk + c * aqk;
                }
                for k in 0..n {
                    let (vkp, vkq) = (v[k * n + p], v[k * n + q]);
                    v[k * n + p] = c * vkp - s * vkq;
                    v[k * n + q] = s * vkp + c * vkq;
                }
            }
        }
    }
    ((0..n).map(|i| a[i * n + i]).collect(), v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jacobi_diagonalises_a_small_matrix() {
        let mut a = vec![2.0, 1.0, 0.0, 1.0, 2.0, 1.0, 0.0, 1.0, 2.0];
        let (mut values, _) = jacobi_eigen(&mut a, 3);
        values.sort_by(f64::total_cmp);
        let s = 2f64.sqrt();
        for (got, want) in values.iter().zip([2.0 - s, 2.0, 2.0 + s]) {
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
    }

    #[test]
    fn two_blocks_separate_on_the_first_axis() {
        let m = Csr::from_rows(
            [
                vec![0, 1],
                vec![0, 1, 2],
                vec![3, 4],
                vec![2, 3, 4],
                vec![0, 2],
            ],
            5,
        );
        let axis = first_axis(&m).unwrap();
        let (a, b) = (axis.rows[0], axis.rows[2]);
        assert!(
            a * b < 0.0,
            "rows of the two blocks on opposite sides: {:?}",
            axis.rows
        );
        assert!(axis.rows[1] * a > 0.0 && axis.rows[3] * b > 0.0);
    }
}
