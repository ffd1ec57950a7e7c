//! Reinert's classification (`entretien::classes`): each step against hand computations, the CA
//! first axis against a dense eigen-solver, planted structure recovered (adjusted Rand index), and
//! determinism whatever the number of threads that analysed the documents.

// Dense linear algebra reads best with indices.
#![allow(clippy::needless_range_loop)]

use entretien::classes::ca::first_axis;
use entretien::classes::split::{
    best_cut, chi2_2x2, chi2_of, chi2_two_rows, contingency_coefficient, filter_forms, reassign,
};
use entretien::classes::{chd, classify, collect, ChdConfig, Classes, ClassesConfig, Corpus, Csr};
use entretien::transcript::{parse_str, Format, ReadOptions};
use entretien::{Analyzer, Lexicon, Transcript};
use std::collections::HashMap;

// ---------------------------------------------------------------- helpers

/// A small deterministic generator (64-bit LCG, high bits).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() as f64) / ((1u64 << 31) as f64) < p
    }
}

/// Pearson's χ² of a dense table, cell by cell.
fn pearson(table: &[Vec<f64>]) -> f64 {
    let rows: Vec<f64> = table.iter().map(|r| r.iter().sum()).collect();
    let cols: Vec<f64> = (0..table[0].len())
        .map(|j| table.iter().map(|r| r[j]).sum())
        .collect();
    let n: f64 = rows.iter().sum();
    let mut chi2 = 0.0;
    for (i, r) in table.iter().enumerate() {
        for (j, &o) in r.iter().enumerate() {
            let e = rows[i] * cols[j] / n;
            if e > 0.0 {
                chi2 += (o - e) * (o - e) / e;
            }
        }
    }
    chi2
}

/// The two-row table of a split, dense.
fn two_rows(m: &Csr, side: &[bool]) -> Vec<Vec<f64>> {
    let mut t = vec![vec![0.0; m.cols()]; 2];
    for (i, &s) in side.iter().enumerate() {
        for &j in m.row(i) {
            t[usize::from(!s)][j as usize] += 1.0;
        }
    }
    // Columns of total 0 are left out.
    let keep: Vec<usize> = (0..m.cols()).filter(|&j| t[0][j] + t[1][j] > 0.0).collect();
    t.iter()
        .map(|r| keep.iter().map(|&j| r[j]).collect())
        .collect()
}

/// Eigenvalues and eigenvectors (columns) of a symmetric matrix by cyclic Jacobi rotations: the
/// exact reference the sparse solver is checked against.
fn dense_jacobi(mut a: Vec<Vec<f64>>) -> (Vec<f64>, Vec<Vec<f64>>) {
    let n = a.len();
    let mut v: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    for _ in 0..200 {
        let off: f64 = (0..n)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .filter(|(i, j)| i != j)
            .map(|(i, j)| a[i][j] * a[i][j])
            .sum();
        if off < 1e-40 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                if a[p][q].abs() < 1e-300 {
                    continue;
                }
                let theta = (a[q][q] - a[p][p]) / (2.0 * a[p][q]);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for row in a.iter_mut() {
                    let (x, y) = (row[p], row[q]);
                    row[p] = c * x - s * y;
                    row[q] = s * x + c * y;
                }
                for k in 0..n {
                    let (x, y) = (a[p][k], a[q][k]);
                    a[p][k] = c * x - s * y;
                    a[q][k] = s * x + c * y;
                }
                for row in v.iter_mut() {
                    let (x, y) = (row[p], row[q]);
                    row[p] = c * x - s * y;
                    row[q] = s * x + c * y;
                }
            }
        }
    }
    ((0..n).map(|i| a[i][i]).collect(), v)
}

/// The adjusted Rand index of two labellings.
fn adjusted_rand_index(a: &[usize], b: &[usize]) -> f64 {
    let mut pairs: HashMap<(usize, usize), u64> = HashMap::new();
    let (mut ca, mut cb): (HashMap<usize, u64>, HashMap<usize, u64>) = Default::default();
    for (&x, &y) in a.iter().zip(b) {
        *pairs.entry((x, y)).or_default() += 1;
        *ca.entry(x).or_default() += 1;
        *cb.entry(y).or_default() += 1;
    }
    let c2 = |n: u64| (n * n.saturating_sub(1) / 2) as f64;
    let index: f64 = pairs.values().map(|&n| c2(n)).sum();
    let sa: f64 = ca.values().map(|&n| c2(n)).sum();
    let sb: f64 = cb.values().map(|&n| c2(n)).sum();
    let expected = sa * sb / c2(a.len() as u64);
    let max = (sa + sb) / 2.0;
    (index - expected) / (max - expected)
}

#[test]
fn adjusted_rand_index_of_known_labellings() {
    assert_eq!(adjusted_rand_index(&[0, 0, 1, 1], &[5, 5, 7, 7]), 1.0);
    // sklearn's example: ARI([0,0,1,1], [0,0,1,2]) = 0.5714…
    let ari = adjusted_rand_index(&[0, 0, 1, 1], &[0, 0, 1, 2]);
    assert!((ari - 4.0 / 7.0).abs() < 1e-12, "{ari}");
}

// ---------------------------------------------------------------- hand computations

/// r0 {0,1}, r1 {0,1,2}, r2 {2,3}, r3 {3}.
fn small() -> Csr {
    Csr::from_rows([vec![0, 1], vec![2, 0, 1], vec![2, 3], vec![3]], 4)
}

#[test]
fn chi2_of_a_split_by_hand() {
    // Groups {r0, r1} | {r2, r3}: table [[2, 2, 1, 0], [0, 0, 1, 2]], N = 8, R = (5, 3),
    // expected 1.25 and 0.75 in every column:
    // 2·(0.75²/1.25 + 0.75²/0.75) + (0.25²/1.25 + 0.25²/0.75) + (1.25²/1.25 + 1.25²/0.75) = 88/15.
    let m = small();
    let side = [true, true, false, false];
    let chi2 = chi2_of(&m, &side);
    assert!((chi2 - 88.0 / 15.0).abs() < 1e-12, "{chi2}");
    assert!((chi2_two_rows(&[2, 2, 1, 0], &[2, 2, 2, 2]) - 88.0 / 15.0).abs() < 1e-12);
    assert!((pearson(&two_rows(&m, &side)) - chi2).abs() < 1e-12);
    // A 2×2 table: [[3, 1], [1, 3]] → 8·(9 − 1)² / 4⁴ = 2.
    assert!((chi2_2x2(3, 4, 1, 4) - 2.0).abs() < 1e-12);
    assert_eq!(chi2_of(&m, &[true; 4]), 0.0, "one group: no χ²");
}

#[test]
fn best_cut_is_the_largest_chi2_along_the_order() {
    let mut rng = Lcg(7);
    for _ in 0..20 {
        let rows: Vec<Vec<u32>> = (0..12)
            .map(|_| {
                let mut r: Vec<u32> = (0..8).filter(|_| rng.chance(0.35)).collect();
                if r.is_empty() {
                    r.push(rng.below(8) as u32);
                }
                r
            })
            .collect();
        let m = Csr::from_rows(&rows, 8);
        let mut order: Vec<usize> = (0..12).collect();
        for i in (1..12).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let (cut, chi2) = best_cut(&m, &order).unwrap();
        let by_hand: Vec<f64> = (1..12)
            .map(|c| {
                let mut side = vec![false; 12];
                order[..c].iter().for_each(|&i| side[i] = true);
                pearson(&two_rows(&m, &side))
            })
            .collect();
        let best = by_hand.iter().cloned().fold(f64::MIN, f64::max);
        assert!((chi2 - best).abs() < 1e-9, "{chi2} vs {best}");
        assert!((by_hand[cut - 1] - best).abs() < 1e-9);
    }
}

#[test]
fn reassignment_moves_a_misplaced_segment() {
    // r0, r1, r4 use forms 0 and 1; r2, r3 forms 2 and 3. Start with r2 among the first and r4
    // among the second: the loop moves both.
    let m = Csr::from_rows(
        [vec![0, 1], vec![0, 1], vec![2, 3], vec![2, 3], vec![0, 1]],
        4,
    );
    let mut side = vec![true, true, true, false, false];
    let before = chi2_of(&m, &side);
    let r = reassign(&m, &mut side);
    assert_eq!(side, [true, true, false, false, true]);
    assert_eq!(r.moves, 2);
    // The perfect split: a 2×4 table with all its mass on the diagonal blocks, χ² = N = 10.
    assert!((r.chi2 - 10.0).abs() < 1e-12 && r.chi2 > before);
}

#[test]
fn reassignment_ends_where_no_single_move_raises_chi2() {
    let mut rng = Lcg(11);
    for _ in 0..20 {
        let rows: Vec<Vec<u32>> = (0..15)
            .map(|_| {
                let mut r: Vec<u32> = (0..10).filter(|_| rng.chance(0.3)).collect();
                if r.is_empty() {
                    r.push(rng.below(10) as u32);
                }
                r
            })
            .collect();
        let m = Csr::from_rows(&rows, 10);
        let mut side: Vec<bool> = (0..15).map(|_| rng.chance(0.5)).collect();
        side[0] = true;
        side[1] = false;
        let before = pearson(&two_rows(&m, &side));
        let r = reassign(&m, &mut side);
        let after = pearson(&two_rows(&m, &side));
        assert!((r.chi2 - after).abs() < 1e-9 && after >= before - 1e-12);
        assert!(side.iter().any(|&s| s) && side.iter().any(|&s| !s));
        for i in 0..15 {
            let mut moved = side.clone();
            moved[i] = !moved[i];
            if moved.iter().all(|&s| s) || moved.iter().all(|&s| !s) {
                continue;
            }
            let chi2 = pearson(&two_rows(&m, &moved));
            assert!(
                chi2 <= after * (1.0 + 1e-9),
                "moving {i} raises χ² {after} → {chi2}"
            );
        }
    }
}

#[test]
fn tsj_and_cc_test_filter_forms_by_hand() {
    // Four segments per side. Form 0 in 4 | 0 (cc = √(8/16) ≈ 0.71): first side only. Form 1 in
    // 2 | 2 (cc 0): both sides, but under tsj = 3 on each. Form 2 in 3 | 3: both. Form 3 in 3 | 1
    // (χ² 2, cc = √(2/10) ≈ 0.45): the first side only. Form 4 in 0 | 4: second side only.
    let rows = vec![
        vec![0, 1, 2, 3],
        vec![0, 1, 2, 3],
        vec![0, 2, 3],
        vec![0],
        vec![1, 2, 4],
        vec![1, 2, 4],
        vec![2, 3, 4],
        vec![4],
    ];
    let m = Csr::from_rows(&rows, 5);
    let side = [true, true, true, true, false, false, false, false];
    assert!((contingency_coefficient(4, 4, 0, 4) - 0.5f64.sqrt()).abs() < 1e-12);
    assert!((contingency_coefficient(3, 4, 1, 4) - 0.2f64.sqrt()).abs() < 1e-12);
    assert_eq!(contingency_coefficient(2, 4, 2, 4), 0.0);
    let (first, second) = filter_forms(&m, &side, 0.3, 3);
    assert_eq!(first, [true, false, true, true, false]);
    assert_eq!(second, [false, false, true, false, true]);
    // With cc_test 0.5 form 3 (cc 0.45) stays on both sides, where tsj keeps it on the first only.
    let (first, second) = filter_forms(&m, &side, 0.5, 1);
    assert_eq!(first, [true, true, true, true, false]);
    assert_eq!(second, [false, true, true, true, true]);
}

#[test]
fn ca_first_axis_matches_a_dense_eigen_solver() {
    let mut rng = Lcg(2024);
    let mut checked = 0;
    for case in 0..40 {
        let (n, p) = (4 + rng.below(14), 3 + rng.below(9));
        let rows: Vec<Vec<u32>> = (0..n)
            .map(|_| {
                let mut r: Vec<u32> = (0..p as u32).filter(|_| rng.chance(0.4)).collect();
                if r.is_empty() {
                    r.push(rng.below(p) as u32);
                }
                r
            })
            .collect();
        let m = Csr::from_rows(&rows, p);
        if m.col_counts().contains(&0) {
            continue;
        }
        // Dense S = D_r^{-1/2} (P − r cᵀ) D_c^{-1/2} and SᵀS.
        let total = m.nnz() as f64;
        let r: Vec<f64> = (0..n).map(|i| m.row(i).len() as f64 / total).collect();
        let c: Vec<f64> = m
            .col_counts()
            .iter()
            .map(|&x| f64::from(x) / total)
            .collect();
        let mut s = vec![vec![0.0; p]; n];
        for i in 0..n {
            for j in 0..p {
                let x = f64::from(u8::from(m.row(i).contains(&(j as u32))));
                s[i][j] = (x / total - r[i] * c[j]) / (r[i] * c[j]).sqrt();
            }
        }
        let sts: Vec<Vec<f64>> = (0..p)
            .map(|a| {
                (0..p)
                    .map(|b| (0..n).map(|i| s[i][a] * s[i][b]).sum())
                    .collect()
            })
            .collect();
        let (values, vectors) = dense_jacobi(sts);
        let mut idx: Vec<usize> = (0..p).collect();
        idx.sort_by(|&a, &b| values[b].total_cmp(&values[a]));
        let (l1, l2) = (values[idx[0]], values[idx[1]]);
        if l1 - l2 < 1e-3 * l1 {
            continue; // no gap: the axis itself is not defined
        }
        let v: Vec<f64> = (0..p).map(|j| vectors[j][idx[0]]).collect();
        let f: Vec<f64> = (0..n)
            .map(|i| (0..p).map(|j| s[i][j] * v[j]).sum::<f64>() / r[i].sqrt())
            .collect();
        let axis = first_axis(&m).expect("an axis");
        assert!(
            (axis.eigenvalue - l1).abs() < 1e-9 * l1.max(1.0),
            "case {case}: λ {} vs {l1}",
            axis.eigenvalue
        );
        let sign: f64 = if f.iter().zip(&axis.rows).map(|(a, b)| a * b).sum::<f64>() < 0.0 {
            -1.0
        } else {
            1.0
        };
        for (i, (a, b)) in f.iter().zip(&axis.rows).enumerate() {
            assert!(
                (sign * a - b).abs() < 1e-9,
                "case {case}, row {i}: {a} vs {b}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} matrices checked");
}

// ---------------------------------------------------------------- planted structure

const COMMON: &[&str] = &[
    "travail",
    "temps",
    "jour",
    "chose",
    "gens",
    "question",
    "moment",
    "maison",
    "ville",
    "année",
    "vie",
    "monde",
    "fois",
    "problème",
    "partie",
    "exemple",
    "place",
    "idée",
    "famille",
    "semaine",
    "mois",
    "personne",
    "équipe",
    "collègue",
    "matin",
    "soir",
    "histoire",
    "manière",
    "raison",
    "besoin",
    "envie",
    "début",
    "fin",
    "parler",
    "penser",
    "savoir",
    "voir",
    "venir",
    "prendre",
    "donner",
    "trouver",
    "grand",
    "petit",
    "nouveau",
    "vrai",
    "simple",
    "long",
    "dur",
    "facile",
];
const GLUE: &[&str] = &[
    "le", "la", "les", "de", "des", "et", "je", "on", "qui", "que", "est", "a", "pas", "pour",
    "dans", "avec", "un", "une", "il", "elle", "ce", "ça", "mais", "très", "aussi", "tout",
];

/// K vocabularies of 25 made-up words each (three syllables, one initial per vocabulary).
fn vocabularies(k: usize) -> Vec<Vec<String>> {
    let consonants = [
        "b", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "tr",
    ];
    let vowels = ["a", "o", "i", "ou", "u"];
    let endings = ["ard", "ol", "ix", "urn", "emb", "ost", "alp", "ic"];
    let mut rng = Lcg(99);
    (0..k)
        .map(|g| {
            let mut words = Vec::new();
            while words.len() < 25 {
                let w = format!(
                    "{}{}{}{}{}{}",
                    ["k", "z", "w", "x", "y", "q", "h", "j"][g],
                    vowels[rng.below(vowels.len())],
                    consonants[rng.below(consonants.len())],
                    vowels[rng.below(vowels.len())],
                    consonants[rng.below(consonants.len())],
                    endings[rng.below(endings.len())],
                );
                if !words.contains(&w) {
                    words.push(w);
                }
            }
            words
        })
        .collect()
}

fn sentence(rng: &mut Lcg, vocab: &[Vec<String>], group: usize, words: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    for _ in 0..words {
        let x = rng.below(100);
        let w = if x < 22 {
            vocab[group][rng.below(25)].clone()
        } else if x < 25 {
            let other = rng.below(vocab.len());
            vocab[other][rng.below(25)].clone()
        } else if x < 55 {
            COMMON[rng.below(COMMON.len())].to_string()
        } else {
            GLUE[rng.below(GLUE.len())].to_string()
        };
        out.push(w);
    }
    // Every sentence names its subject twice at least: a segment without any word of its
    // vocabulary would carry no plant to recover.
    for _ in 0..2 {
        let at = rng.below(out.len());
        out[at] = vocab[group][rng.below(25)].clone();
    }
    let mut s = out.join(" ");
    s.push('.');
    s
}

/// `docs` interviews of blocks on one of `k` subjects: a long answer (two to five sentences, cut
/// into several segments) or a short one (one sentence of 8 to 14 words). Returns the transcripts
/// and, per transcript, the subject of each turn (None for the interviewer's).
fn planted(k: usize, docs: usize, seed: u64) -> (Vec<Transcript>, Vec<Vec<Option<usize>>>) {
    let vocab = vocabularies(k);
    let mut rng = Lcg(seed);
    let mut transcripts = Vec::new();
    let mut truths = Vec::new();
    for d in 0..docs {
        let mut text = String::new();
        let mut truth = Vec::new();
        for _ in 0..6 {
            let group = rng.below(k);
            text.push_str("Enquêtrice : Et alors, vous pouvez m'en dire plus ?\n");
            truth.push(None);
            let answer: Vec<String> = if rng.chance(0.6) {
                (0..2 + rng.below(4))
                    .map(|_| {
                        let n = 12 + rng.below(10);
                        sentence(&mut rng, &vocab, group, n)
                    })
                    .collect()
            } else {
                let n = 8 + rng.below(7);
                vec![sentence(&mut rng, &vocab, group, n)]
            };
            text.push_str(&format!("Agent : {}\n", answer.join(" ")));
            truth.push(Some(group));
        }
        let t = parse_str(
            &text,
            Format::Plain,
            &format!("p{d:03}"),
            &ReadOptions::default(),
        )
        .unwrap()
        .remove(0);
        assert_eq!(
            t.turns.len(),
            truth.len(),
            "the generator's turns are read back"
        );
        transcripts.push(t);
        truths.push(truth);
    }
    (transcripts, truths)
}

fn corpus_of(transcripts: &[Transcript], config: &ClassesConfig, threads: usize) -> Corpus {
    let analyzer = Analyzer::builder()
        .build(&Lexicon::default_french())
        .unwrap();
    let chunk = transcripts.len().div_ceil(threads.max(1)).max(1);
    let parts: Vec<Vec<_>> = std::thread::scope(|s| {
        let handles: Vec<_> = transcripts
            .chunks(chunk)
            .map(|docs| {
                let analyzer = &analyzer;
                s.spawn(move || {
                    let mut scratch = analyzer.scratch();
                    docs.iter()
                        .map(|t| collect(&analyzer.analyze(t, &mut scratch), &config.units))
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut corpus = Corpus::new();
    for d in parts.into_iter().flatten() {
        corpus.add(d);
    }
    corpus
}

/// ARI of the classes against the plant (`ENTRETIEN_PLANT_SEED` shifts the seeds to try others), over the analyzer's segments (unclassified ones in a
/// class of their own).
fn ari_against_plant(
    classes: &Classes,
    corpus: &Corpus,
    transcripts: &[Transcript],
    truths: &[Vec<Option<usize>>],
) -> f64 {
    let index: HashMap<&str, usize> = transcripts
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let (mut truth, mut found) = (Vec::new(), Vec::new());
    for row in classes.segment_rows(corpus) {
        let d = index[row.document.as_str()];
        let turn = transcripts[d]
            .turns
            .iter()
            .position(|t| t.span.start <= row.start && row.end <= t.span.end)
            .expect("a segment lies in a turn");
        truth.push(truths[d][turn].expect("respondents only"));
        found.push(row.class.map_or(0, |c| c as usize));
    }
    adjusted_rand_index(&truth, &found)
}

fn recovers_the_plant(k: usize, docs: usize, merge_turns: bool) {
    let off: u64 = std::env::var("ENTRETIEN_PLANT_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let (transcripts, truths) = planted(k, docs, 1000 + k as u64 + off);
    let mut config = ClassesConfig::default().k(k);
    config.units.merge_turns = merge_turns;
    let corpus = corpus_of(&transcripts, &config, 1);
    let classes = classify(&corpus, &config);
    let ari = ari_against_plant(&classes, &corpus, &transcripts, &truths);
    eprintln!(
        "K = {k}, merged turns {merge_turns}: {} units, {} unclassified, ARI {ari:.4}",
        corpus.units().len(),
        classes.unclassified()
    );
    assert_eq!(classes.report.len(), k);
    assert!(ari >= 0.95, "K = {k}: ARI {ari:.4} < 0.95");
}

#[test]
fn planted_three_vocabularies_are_recovered() {
    recovers_the_plant(3, 60, true);
    recovers_the_plant(3, 60, false);
}

#[test]
fn planted_five_vocabularies_are_recovered() {
    recovers_the_plant(5, 100, true);
    recovers_the_plant(5, 100, false);
}

#[test]
fn planted_eight_vocabularies_are_recovered() {
    recovers_the_plant(8, 160, true);
    recovers_the_plant(8, 160, false);
}

#[test]
fn short_answers_merged_per_speaker_still_split() {
    // Open-ended answers of 3 to 6 words, one subject per respondent: merged up to a segment's
    // size they make units that classify; word by word they barely share a form.
    let vocab = vocabularies(4);
    let mut rng = Lcg(5);
    let mut transcripts = Vec::new();
    let mut subjects = Vec::new();
    for d in 0..120 {
        let group = d % 4;
        let mut text = String::new();
        for _ in 0..8 {
            text.push_str("Enquêtrice : Et ensuite ?\n");
            let n = 3 + rng.below(4);
            text.push_str(&format!(
                "Agent : {}\n",
                sentence(&mut rng, &vocab, group, n)
            ));
        }
        transcripts.push(
            parse_str(
                &text,
                Format::Plain,
                &format!("s{d:03}"),
                &ReadOptions::default(),
            )
            .unwrap()
            .remove(0),
        );
        subjects.push(group);
    }
    let config = ClassesConfig::default().k(4);
    let corpus = corpus_of(&transcripts, &config, 1);
    // Answers of 3 to 6 words are joined until a unit has 10 words (the last of a document may
    // have fewer).
    assert!(
        corpus.units().len() <= 120 * 8 / 2,
        "short turns are merged: {} units",
        corpus.units().len()
    );
    let units = corpus.units();
    for (i, u) in units.iter().enumerate() {
        let last_of_document = units.get(i + 1).is_none_or(|n| n.document != u.document);
        assert!(u.words >= 10 || last_of_document, "{u:?}");
        assert!(
            u.words <= 40 && u.pieces.len() >= 2 || last_of_document,
            "{u:?}"
        );
    }
    let classes = classify(&corpus, &config);
    let truth: Vec<usize> = corpus
        .units()
        .iter()
        .map(|u| subjects[u.document as usize])
        .collect();
    let found: Vec<usize> = classes
        .dendrogram
        .class_of
        .iter()
        .map(|c| c.map_or(0, |c| c as usize))
        .collect();
    let ari = adjusted_rand_index(&truth, &found);
    eprintln!(
        "short answers: {} units, ARI {ari:.4}",
        corpus.units().len()
    );
    assert!(ari >= 0.9, "ARI {ari:.4}");
}

#[test]
fn the_same_classes_for_any_thread_count() {
    let (transcripts, _) = planted(4, 60, 77);
    let config = ClassesConfig::default().k(6);
    let runs: Vec<String> = [1, 2, 3, 5]
        .iter()
        .map(|&threads| {
            let corpus = corpus_of(&transcripts, &config, threads);
            let classes = classify(&corpus, &config);
            let rows: Vec<_> = classes.segment_rows(&corpus).collect();
            serde_json::to_string(&(classes, rows)).unwrap()
        })
        .collect();
    assert!(runs.iter().all(|r| r == &runs[0]));
}

#[test]
fn interviewer_segments_are_left_out_by_default() {
    let (transcripts, _) = planted(3, 5, 3);
    let config = ClassesConfig::default().k(3);
    let corpus = corpus_of(&transcripts, &config, 1);
    assert!(corpus
        .units()
        .iter()
        .all(|u| u.speaker.as_deref() == Some("Agent")));
}

// ---------------------------------------------------------------- the command line

fn run_cli(threads: &str, out: &std::path::Path) -> String {
    let corpora = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args([
            "classes",
            corpora,
            "--k",
            "4",
            "-q",
            "--threads",
            threads,
            "--out",
        ])
        .arg(out)
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn cli_writes_every_segment_class_the_same_for_any_thread_count() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let text = run_cli("1", a.path());
    assert_eq!(text, run_cli("2", b.path()));
    assert!(
        text.contains("Class 4:") && !text.contains("Class 5:"),
        "{text}"
    );
    for name in [
        "segments.csv",
        "classes.csv",
        "forms.csv",
        "modalities.csv",
        "typical.csv",
        "dendrogram.json",
    ] {
        let (x, y) = (
            std::fs::read(a.path().join(name)).unwrap(),
            std::fs::read(b.path().join(name)).unwrap(),
        );
        assert_eq!(x, y, "{name} differs between 1 and 2 threads");
    }
    let mut reader = csv::Reader::from_path(a.path().join("segments.csv")).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header[..6],
        ["document", "segment", "class", "speaker", "start", "end"]
    );
    let mut classes = std::collections::BTreeSet::new();
    for row in reader.records() {
        let row = row.unwrap();
        let start: usize = row[4].parse().unwrap();
        let end: usize = row[5].parse().unwrap();
        assert!(start < end);
        classes.insert(row[2].to_string());
    }
    assert!(classes
        .iter()
        .all(|c| c.is_empty() || ["1", "2", "3", "4"].contains(&c.as_str())));
    assert!(classes.len() >= 4);
}

#[test]
fn small_classes_and_empty_corpora_are_not_split() {
    // Two clear blocks of 3 units each: with min_split_members 7 the root (6 units) is not split.
    let m = Csr::from_rows(
        [
            vec![0, 1],
            vec![0, 1],
            vec![0, 1],
            vec![2, 3],
            vec![2, 3],
            vec![2, 3],
        ],
        4,
    );
    let config = ChdConfig::default().k(4).tsj(1);
    let tree = chd(&m, &config.min_split_members(7));
    assert_eq!(tree.classes.len(), 1);
    // With the default (5) it splits once, then neither block of 3 is split again: 2 < k classes.
    let tree = chd(&m, &config);
    assert_eq!(tree.classes.len(), 2);
    assert_eq!(tree.members(1), [0, 1, 2]);
    assert_eq!(tree.members(2), [3, 4, 5]);
    let root = &tree.nodes[0];
    assert!(root.chi2.unwrap() > 0.0 && root.children.is_some());
    // A form in fewer than tsj units is out: a unit holding only such forms is unclassified.
    let m = Csr::from_rows([vec![0], vec![0], vec![0], vec![1]], 2);
    let tree = chd(&m, &ChdConfig::default().k(2));
    assert_eq!(tree.unclassified().collect::<Vec<_>>(), [3]);
    // Nothing to classify: no class.
    let tree = chd(&Csr::new(0), &ChdConfig::default());
    assert!(tree.classes.is_empty());
}

// ---------------------------------------------------------------- double classification

#[test]
fn crossing_two_classifications_by_hand() {
    use entretien::classes::double::{best_partition, crossed_classes, DoubleConfig};
    // Three blocks of four rows on their own forms. The first tree makes 3 classes (the blocks),
    // the second 2 (one block against the two others, the same first split).
    let rows: Vec<Vec<u32>> = (0..12u32)
        .map(|i| {
            let b = i / 4;
            vec![3 * b, 3 * b + 1, 3 * b + 2]
        })
        .collect();
    let m = Csr::from_rows(&rows, 9);
    let config = ChdConfig::default().k(3).tsj(1).min_split_members(2);
    let first = chd(&m, &config);
    let second = chd(&m, &config.k(2));
    assert_eq!((first.classes.len(), second.classes.len()), (3, 2));
    let ids: Vec<Option<u32>> = (0..12).map(Some).collect();
    let cross = DoubleConfig::default().min_members(1);
    let crossed = crossed_classes(&first, &ids, &second, &ids, &cross);
    // By hand: every pair of non-root nodes whose segments meet, kept when associated.
    let members = |tree: &entretien::classes::Dendrogram, node: usize| -> Vec<u32> {
        (0..12u32)
            .filter(|&i| {
                let mut n = tree.class_of[i as usize].map(|c| tree.classes[c as usize - 1]);
                while let Some(x) = n {
                    if x == node {
                        return true;
                    }
                    n = tree.nodes[x].parent;
                }
                false
            })
            .collect()
    };
    let mut expected = Vec::new();
    for a in 1..first.nodes.len() {
        for b in 1..second.nodes.len() {
            let (ma, mb) = (members(&first, a), members(&second, b));
            let both: Vec<u32> = ma.iter().copied().filter(|i| mb.contains(i)).collect();
            let (x, fa, fb) = (both.len() as u64, ma.len() as u64, mb.len() as u64);
            let chi2 = chi2_2x2(x, fa, fb - x, 12 - fa);
            if !both.is_empty() && x * 12 > fa * fb && chi2 >= 3.84 {
                expected.push((a, b, both, chi2));
            }
        }
    }
    assert_eq!(crossed.len(), expected.len());
    for (a, b, both, chi2) in &expected {
        let c = crossed
            .iter()
            .find(|c| (c.first, c.second) == (*a, *b))
            .expect("a crossed class found by hand");
        assert_eq!(&c.members, both);
        assert!((c.chi2 - chi2).abs() < 1e-12);
    }
    // The block that the first split sets apart is a class of both trees: a crossed class of 4
    // with χ² = 12 (a perfect 2×2 table of 12 rows).
    let blocks: Vec<Vec<u32>> = (0..3).map(|b| (4 * b..4 * b + 4).collect()).collect();
    assert!(crossed
        .iter()
        .any(|c| blocks.contains(&c.members) && (c.chi2 - 12.0).abs() < 1e-12));
    // The two classes of the second tree cross the first tree's in 2 associated classes; a block
    // of the first tree inside the second tree's class of 8 has χ² = 3 (< 3.84): no partition in 3.
    assert_eq!(crossed.len(), 2);
    let p = best_partition(&first, &second, &crossed, 2, &cross).expect("a partition in 2");
    assert_eq!((p.size, p.exact), (12, true));
    assert!(best_partition(&first, &second, &crossed, 3, &cross).is_none());
    // Without the χ² threshold, three crossed classes cover the 12 rows; by brute force, no other
    // set of three disjoint crossed classes covers more.
    let cross = cross.min_chi2(0.0);
    let crossed = crossed_classes(&first, &ids, &second, &ids, &cross);
    let p = best_partition(&first, &second, &crossed, 3, &cross).expect("a partition in 3");
    assert!(p.exact);
    assert_eq!(p.size, 12);
    let mut covered: Vec<u32> = p
        .classes
        .iter()
        .flat_map(|&c| crossed[c].members.clone())
        .collect();
    covered.sort_unstable();
    assert_eq!(
        covered,
        (0..12).collect::<Vec<u32>>(),
        "disjoint and complete"
    );
    let n = crossed.len();
    for i in 0..n {
        for j in i + 1..n {
            for k in j + 1..n {
                let set = [i, j, k];
                let meet = set.iter().any(|&x| {
                    set.iter().any(|&y| {
                        x != y
                            && crossed[x]
                                .members
                                .iter()
                                .any(|m| crossed[y].members.contains(m))
                    })
                });
                let size: usize = set.iter().map(|&x| crossed[x].members.len()).sum();
                assert!(meet || size <= p.size);
            }
        }
    }
    assert!(best_partition(&first, &second, &crossed, n + 1, &cross).is_none());
}

#[test]
fn cli_double_classification_crosses_two_trees() {
    let dir = tempfile::tempdir().unwrap();
    let corpora = concat!(env!("CARGO_MANIFEST_DIR"), "/corpora");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args([
            "classes", corpora, "--k", "4", "-q", "--double", "10,15", "--out",
        ])
        .arg(dir.path())
        .output()
        .expect("the binary runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("Double classification:") && text.contains("\nk = 2:"),
        "{text}"
    );
    // Each partition's crossed classes are disjoint: a segment has at most one class.
    let mut reader = csv::Reader::from_path(dir.path().join("double_segments.csv")).unwrap();
    let mut seen = std::collections::HashSet::new();
    for row in reader.records() {
        let row = row.unwrap();
        assert!(
            seen.insert((row[0].to_string(), row[1].to_string())),
            "{row:?} twice"
        );
    }
    assert!(!seen.is_empty());
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["classes", corpora, "-q", "--double", "10"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
}

/// The classes of a document analysed in windows of one turn equal those of the whole document when
/// units stay within turns (`--no-merge-turns`): nothing of the method crosses a turn.
#[test]
fn classes_are_the_same_in_windows_of_one_turn() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
            .args([
                "classes",
                "--k",
                "4",
                "--no-merge-turns",
                "--format",
                "json",
                "-q",
            ])
            .args(extra)
            .arg(&corpus)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let whole = run(&[]);
    assert!(whole.len() > 1000);
    assert!(
        whole == run(&["--window-turns", "1"]),
        "windows of one turn changed the classes"
    );
    assert!(
        whole == run(&["--window-turns", "3"]),
        "windows of three turns changed the classes"
    );
}

/// A corpus with nothing to classify (only the interviewer speaks) is an error that says why, not
/// an empty tree.
#[test]
fn nothing_to_classify_is_an_error_that_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("only_questions.txt");
    std::fs::write(
        &file,
        "Enquêtrice : Bonjour, vous travaillez ici depuis longtemps ?\n",
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["classes", "--k", "3", "-q"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("nothing to classify") && stderr.contains("--speakers all"),
        "{stderr}"
    );
}
