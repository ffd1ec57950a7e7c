//! L2-regularised logistic regression over binary features, fitted by L-BFGS.
//!
//! The penalty pulls each weight towards a prior mean rather than towards zero, so that what the
//! lexicon already knows (a theme's own hits speak for it) holds where the coded passages say
//! little, and gives way where they say otherwise. Targets may be fractions (the share of coders
//! who coded a passage). The fit is sequential arithmetic in a fixed order: the same data give the
//! same weights on any machine and thread count.

/// A fitting problem: examples as sorted, distinct feature ids with their values, their targets in
/// `[0, 1]`, and the prior mean of every feature's weight.
pub(crate) struct Problem<'a> {
    pub rows: &'a [&'a [(u32, f64)]],
    pub targets: &'a [f64],
    /// How much each example counts in the loss (every one 1 when `None`).
    pub importance: Option<&'a [f64]>,
    pub prior: &'a [f64],
    /// Strength of the pull towards the prior (the inverse of a Gaussian prior's variance).
    pub l2: f64,
    /// A feature whose prior is on the log-odds of an example carrying it alone (its weight plus
    /// the intercept) rather than on its weight: the prior then holds whatever the base rate.
    pub anchor: Option<u32>,
}

impl Problem<'_> {
    /// Example `k`'s importance.
    fn importance(&self, k: usize) -> f64 {
        self.importance.map_or(1.0, |w| w[k])
    }

    /// The examples' total importance.
    fn total_importance(&self) -> f64 {
        self.importance
            .map_or(self.targets.len() as f64, |w| w.iter().sum())
    }

    /// The anchored feature and how far its log-odds are from their prior.
    fn anchor_gap(&self, w: &[f64], b: f64) -> Option<(usize, f64)> {
        self.anchor
            .map(|a| (a as usize, w[a as usize] + b - self.prior[a as usize]))
    }
}

/// Fitted weights (one per feature) and the intercept, which is not penalised.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fit {
    pub weights: Vec<f64>,
    pub bias: f64,
}

impl Fit {
    /// The linear score of an example.
    pub fn margin(&self, row: &[(u32, f64)]) -> f64 {
        self.bias
            + row
                .iter()
                .map(|&(f, v)| v * self.weights.get(f as usize).copied().unwrap_or(0.0))
                .sum::<f64>()
    }
}

pub(crate) fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^z)` without overflow.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}

const MEMORY: usize = 8;
const MAX_ITERATIONS: usize = 400;

impl Problem<'_> {
    fn dim(&self) -> usize {
        self.prior.len()
    }

    /// The objective at `x` (weights then bias), its gradient written to `grad`.
    fn eval(&self, x: &[f64], grad: &mut [f64]) -> f64 {
        let d = self.dim();
        let (w, b) = (&x[..d], x[d]);
        let mut loss = 0.0;
        for (j, g) in grad[..d].iter_mut().enumerate() {
            let diff = w[j] - self.prior[j];
            loss += 0.5 * self.l2 * diff * diff;
            *g = self.l2 * diff;
        }
        grad[d] = 0.0;
        if let Some((a, gap)) = self.anchor_gap(w, b) {
            let diff = w[a] - self.prior[a];
            loss += 0.5 * self.l2 * (gap * gap - diff * diff);
            grad[a] = self.l2 * gap;
            grad[d] = self.l2 * gap;
        }
        for (k, (row, &y)) in self.rows.iter().zip(self.targets).enumerate() {
            let s = self.importance(k);
            let z = b + row.iter().map(|&(f, v)| v * w[f as usize]).sum::<f64>();
            loss += s * (softplus(z) - y * z);
            let r = s * (sigmoid(z) - y);
            for &(f, v) in row.iter() {
                grad[f as usize] += r * v;
            }
            grad[d] += r;
        }
        loss
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Fits the problem. Weights of features no example carries stay at their prior mean.
pub(crate) fn fit(problem: &Problem<'_>) -> Fit {
    let d = problem.dim();
    let n = problem.total_importance().max(1.0);
    let mean = (0..problem.targets.len())
        .map(|k| problem.importance(k) * problem.targets[k])
        .sum::<f64>()
        / n;
    let p = mean.clamp(0.5 / n, 1.0 - 0.5 / n);
    // Start at the prior's weights and the base rate's log-odds.
    let mut x: Vec<f64> = problem.prior.to_vec();
    x.push((p / (1.0 - p)).ln());
    let mut grad = vec![0.0; d + 1];
    let mut f = problem.eval(&x, &mut grad);
    let tolerance = 1e-6 * n.max(1.0);
    let mut history: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::with_capacity(MEMORY);
    let mut direction = vec![0.0; d + 1];
    let mut alpha = [0.0; MEMORY];
    let mut next = vec![0.0; d + 1];
    let mut next_grad = vec![0.0; d + 1];
    for iteration in 0..MAX_ITERATIONS {
        if grad.iter().fold(0.0f64, |m, g| m.max(g.abs())) <= tolerance {
            break;
        }
        // Two-loop recursion: direction = -H grad.
        direction.copy_from_slice(&grad);
        for (k, (s, y, rho)) in history.iter().enumerate().rev() {
            alpha[k] = rho * dot(s, &direction);
            for (q, yi) in direction.iter_mut().zip(y) {
                *q -= alpha[k] * yi;
            }
        }
        if let Some((s, y, _)) = history.last() {
            let gamma = dot(s, y) / dot(y, y).max(f64::MIN_POSITIVE);
            direction.iter_mut().for_each(|q| *q *= gamma);
        }
        for (k, (s, y, rho)) in history.iter().enumerate() {
            let beta = rho * dot(y, &direction);
            for (q, si) in direction.iter_mut().zip(s) {
                *q += (alpha[k] - beta) * si;
            }
        }
        direction.iter_mut().for_each(|q| *q = -*q);
        let mut slope = dot(&grad, &direction);
        if slope >= 0.0 {
            history.clear();
            direction.iter_mut().zip(&grad).for_each(|(q, g)| *q = -g);
            slope = dot(&grad, &direction);
        }
        let mut step = match iteration {
            0 => 1.0 / dot(&grad, &grad).sqrt().max(1.0),
            _ => 1.0,
        };
        let mut accepted = false;
        for _ in 0..40 {
            for ((nx, xi), di) in next.iter_mut().zip(&x).zip(&direction) {
                *nx = xi + step * di;
            }
            let nf = problem.eval(&next, &mut next_grad);
            if nf.is_finite() && nf <= f + 1e-4 * step * slope {
                accepted = true;
                let s: Vec<f64> = next.iter().zip(&x).map(|(a, b)| a - b).collect();
                let y: Vec<f64> = next_grad.iter().zip(&grad).map(|(a, b)| a - b).collect();
                let sy = dot(&s, &y);
                if sy > 1e-12 {
                    if history.len() == MEMORY {
                        history.remove(0);
                    }
                    history.push((s, y, 1.0 / sy));
                }
                let improvement = f - nf;
                std::mem::swap(&mut x, &mut next);
                std::mem::swap(&mut grad, &mut next_grad);
                f = nf;
                if improvement <= 1e-12 * f.abs().max(1.0) {
                    return Fit {
                        bias: x[d],
                        weights: x[..d].to_vec(),
                    };
                }
                break;
            }
            step *= 0.5;
        }
        if !accepted {
            break;
        }
    }
    Fit {
        bias: x[d],
        weights: x[..d].to_vec(),
    }
}

/// Refits the intercept alone (Newton steps), the weights held: after weights were clipped.
pub(crate) fn refit_bias(problem: &Problem<'_>, fit: &mut Fit) {
    for _ in 0..30 {
        let (mut g, mut h) = match problem.anchor_gap(&fit.weights, fit.bias) {
            Some((_, gap)) => (problem.l2 * gap, problem.l2),
            None => (0.0, 0.0),
        };
        for (k, (row, &y)) in problem.rows.iter().zip(problem.targets).enumerate() {
            let (p, s) = (sigmoid(fit.margin(row)), problem.importance(k));
            g += s * (p - y);
            h += s * p * (1.0 - p);
        }
        if h <= 1e-12 {
            break;
        }
        let step = g / h;
        fit.bias -= step.clamp(-5.0, 5.0);
        if step.abs() < 1e-9 {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem<'a>(
        rows: &'a [&'a [(u32, f64)]],
        targets: &'a [f64],
        prior: &'a [f64],
    ) -> Problem<'a> {
        Problem {
            rows,
            targets,
            importance: None,
            prior,
            l2: 0.1,
            anchor: None,
        }
    }

    #[test]
    fn separates_a_feature_that_decides() {
        let rows: Vec<&[(u32, f64)]> = vec![
            &[(0, 1.0), (2, 1.0)],
            &[(0, 1.0)],
            &[(1, 1.0), (2, 1.0)],
            &[(1, 1.0)],
            &[(0, 1.0), (1, 1.0)],
            &[(1, 1.0), (2, 1.0)],
        ];
        let targets = [1.0, 1.0, 0.0, 0.0, 1.0, 0.0];
        let prior = [0.0; 3];
        let fit = fit(&problem(&rows, &targets, &prior));
        assert!(fit.weights[0] > 2.0, "{fit:?}");
        assert!(fit.weights[0] > fit.weights[1] + 2.0, "{fit:?}");
        for (row, y) in rows.iter().zip(targets) {
            let p = sigmoid(fit.margin(row));
            assert_eq!(p > 0.5, y > 0.5, "{row:?} {p}");
        }
    }

    #[test]
    fn the_gradient_vanishes_at_the_fit() {
        let rows: Vec<&[(u32, f64)]> = vec![
            &[(0, 1.0), (1, 1.0)],
            &[(1, 1.0)],
            &[(2, 1.0)],
            &[(0, 1.0), (2, 1.0)],
            &[(1, 1.0), (2, 1.0)],
        ];
        let targets = [1.0, 0.5, 0.0, 1.0, 0.0];
        let prior = [1.0, 0.0, -1.0];
        let p = problem(&rows, &targets, &prior);
        let fit = fit(&p);
        let mut x = fit.weights.clone();
        x.push(fit.bias);
        let mut grad = vec![0.0; 4];
        p.eval(&x, &mut grad);
        assert!(grad.iter().all(|g| g.abs() < 1e-4), "{grad:?}");
    }

    #[test]
    fn an_example_of_importance_three_counts_as_three_copies() {
        let a: &[(u32, f64)] = &[(0, 1.0)];
        let b: &[(u32, f64)] = &[(0, 1.0), (1, 1.0)];
        let c: &[(u32, f64)] = &[(1, 1.0)];
        let prior = [0.0, 0.0];
        let weighted = fit(&Problem {
            importance: Some(&[3.0, 1.0, 1.0]),
            ..problem(&[a, b, c], &[1.0, 0.0, 1.0], &prior)
        });
        let copied = fit(&problem(
            &[a, a, a, b, c],
            &[1.0, 1.0, 1.0, 0.0, 1.0],
            &prior,
        ));
        let plain = fit(&problem(&[a, b, c], &[1.0, 0.0, 1.0], &prior));
        for (w, c) in weighted.weights.iter().zip(&copied.weights) {
            assert!((w - c).abs() < 1e-4, "{weighted:?} {copied:?}");
        }
        assert!((weighted.bias - copied.bias).abs() < 1e-4);
        assert!(weighted.weights[0] > plain.weights[0] + 0.1, "{plain:?}");
    }

    #[test]
    fn unseen_features_keep_their_prior() {
        let rows: Vec<&[(u32, f64)]> = vec![&[(0, 1.0)], &[(1, 1.0)]];
        let targets = [1.0, 0.0];
        let prior = [0.0, 0.0, 2.5];
        let fit = fit(&problem(&rows, &targets, &prior));
        assert!((fit.weights[2] - 2.5).abs() < 1e-9);
    }

    #[test]
    fn an_anchored_prior_holds_whatever_the_base_rate() {
        // Rare theme: one positive among forty, none carrying a feature (feature 0 is the lexicon's
        // hit, never seen here).
        let rows: Vec<&[(u32, f64)]> = vec![&[]; 40];
        let mut targets = [0.0; 40];
        targets[0] = 1.0;
        let prior = [3.0, 0.0, 0.0];
        let plain = fit(&problem(&rows, &targets, &prior));
        let anchored = fit(&Problem {
            anchor: Some(0),
            ..problem(&rows, &targets, &prior)
        });
        // Pulled on its weight alone, a hit is outweighed by the low base rate; anchored, a unit
        // with the hit keeps log-odds near the prior.
        assert!(plain.margin(&[(0, 1.0)]) < 0.0, "{plain:?}");
        assert!(
            (anchored.margin(&[(0, 1.0)]) - 3.0).abs() < 0.1,
            "{anchored:?}"
        );
        let p = Problem {
            anchor: Some(0),
            ..problem(&rows, &targets, &prior)
        };
        let mut x = anchored.weights.clone();
        x.push(anchored.bias);
        let mut grad = vec![0.0; 4];
        p.eval(&x, &mut grad);
        assert!(grad.iter().all(|g| g.abs() < 1e-4), "{grad:?}");
    }
}
