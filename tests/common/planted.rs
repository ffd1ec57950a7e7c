//! Interviews with planted lexical worlds, for the classification's benchmark and speed figures:
//! `topics` vocabularies of 400 made-up words each, drawn with Zipf-like weights, mixed into 3,000
//! shared made-up words and French function words; each respondent turn (one to five sentences)
//! keeps to one topic. Deterministic for a seed.

use std::fmt::Write as _;

#[path = "rng.rs"]
mod rng;
pub use rng::Rng;

const GLUE: &[&str] = &[
    "le", "la", "les", "de", "des", "et", "je", "on", "qui", "que", "est", "a", "pas", "pour",
    "dans", "avec", "un", "une", "il", "elle", "ce", "ça", "mais", "très", "aussi", "tout", "du",
    "au", "en", "sur", "nous", "vous", "se", "sont", "plus", "bien",
];

fn word(rng: &mut Rng, initial: &str) -> String {
    const C: &[&str] = &[
        "b", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "ch", "tr",
    ];
    const V: &[&str] = &["a", "o", "i", "ou", "u", "é"];
    const E: &[&str] = &[
        "ard", "ol", "ix", "urn", "emb", "ost", "alp", "ic", "orde", "ain",
    ];
    let mut w = initial.to_string();
    for _ in 0..2 {
        w.push_str(V[rng.below(V.len())]);
        w.push_str(C[rng.below(C.len())]);
    }
    w.push_str(E[rng.below(E.len())]);
    w
}

/// The vocabularies: one per topic, then the shared one.
pub fn vocabularies(topics: usize, seed: u64) -> (Vec<Vec<String>>, Vec<String>) {
    let mut rng = Rng::new(seed);
    let initials = [
        "k", "z", "w", "x", "y", "q", "h", "j", "kr", "zl", "wr", "xy",
    ];
    let topic = (0..topics)
        .map(|t| {
            (0..400)
                .map(|_| word(&mut rng, initials[t % initials.len()]))
                .collect()
        })
        .collect();
    let shared = (0..3000).map(|_| word(&mut rng, "")).collect();
    (topic, shared)
}

/// One sentence of `n` words on `topic`.
pub fn sentence(
    rng: &mut Rng,
    vocab: &(Vec<Vec<String>>, Vec<String>),
    topic: usize,
    n: usize,
    out: &mut String,
) {
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        let x = rng.below(100);
        if x < 20 {
            out.push_str(&vocab.0[topic][rng.zipf(400)]);
        } else if x < 23 {
            let other = rng.below(vocab.0.len());
            out.push_str(&vocab.0[other][rng.zipf(400)]);
        } else if x < 55 {
            out.push_str(&vocab.1[rng.zipf(3000)]);
        } else {
            out.push_str(GLUE[rng.below(GLUE.len())]);
        }
    }
    out.push('.');
}

/// A plain labelled interview of about `words` words; returns the text.
pub fn interview(rng: &mut Rng, vocab: &(Vec<Vec<String>>, Vec<String>), words: usize) -> String {
    let mut s = String::new();
    let mut written = 0;
    while written < words {
        s.push_str("Enquêtrice : Et pouvez-vous m'en dire plus ?\nAgent : ");
        let topic = rng.below(vocab.0.len());
        for k in 0..1 + rng.below(5) {
            if k > 0 {
                s.push(' ');
            }
            let n = 10 + rng.below(15);
            sentence(rng, vocab, topic, n, &mut s);
            written += n;
        }
        let _ = writeln!(s);
    }
    s
}
