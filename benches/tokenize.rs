//! Tokenizer throughput over at least 1 MB of French, in bytes per second.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use entretien::{Normalizer, Tokenizer};
use std::path::Path;

const MIN_BYTES: usize = 1 << 20;

const PARAGRAPH: &str = "Euh, alors moi, j'utilise l'outil tous les jours, hein. \
    Au début c'était compliqué : on n'avait pas de formation, et puis (rires) qu'est-ce que \
    vous voulez, il a fallu s'adapter. Aujourd'hui, peut-être 3,5 % des dossiers passent \
    encore par le papier, sur 1 000 par mois. Le logiciel, je le trouve pratique… mais \
    parfois il plante, dit-elle, et là on perd tout. À 12h30 on a la réunion d'équipe.\n";

/// Sentences of the UD French treebanks when `../shared/data/ud` is present, else a built-in paragraph.
fn base_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/ud");
    let mut text = String::new();
    for file in [
        "UD_French-Rhapsodie/fr_rhapsodie-ud-train.conllu",
        "UD_French-GSD/fr_gsd-ud-dev.conllu",
    ] {
        if let Ok(content) = std::fs::read_to_string(dir.join(file)) {
            for line in content.lines() {
                if let Some(sentence) = line.strip_prefix("# text = ") {
                    text.push_str(sentence);
                    text.push('\n');
                }
            }
        }
    }
    if text.is_empty() {
        text.push_str(PARAGRAPH);
    }
    text
}

fn bench(c: &mut Criterion) {
    let tokenizer = Tokenizer::new();
    let base = base_text();
    let base_tokens = tokenizer.tokens(&base).count();
    let repeats = MIN_BYTES.div_ceil(base.len());
    let text = base.repeat(repeats);
    let expected = base_tokens * repeats;

    let mut group = c.benchmark_group("tokenize");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("tokens", |b| {
        b.iter(|| {
            let count = tokenizer.tokens(black_box(&text)).count();
            assert_eq!(count, expected);
            count
        })
    });
    let mut scratch = Vec::new();
    group.bench_function("tokenize_into", |b| {
        b.iter(|| {
            scratch.clear();
            tokenizer.tokenize_into(black_box(&text), &mut scratch);
            assert_eq!(scratch.len(), expected);
        })
    });
    let normalizer = Normalizer::new();
    group.bench_function("tokens+normalize", |b| {
        b.iter(|| {
            let mut bytes = 0;
            for token in tokenizer.tokens(black_box(&text)) {
                bytes += normalizer.normalize(token.text).len();
            }
            assert!(bytes > 0);
            bytes
        })
    });
    // Baselines on the same text and machine, for relative figures on a busy host.
    group.bench_function("baseline/split_whitespace", |b| {
        b.iter(|| black_box(&text).split_whitespace().count())
    });
    group.bench_function("baseline/unicode_word_indices", |b| {
        use unicode_segmentation::UnicodeSegmentation;
        b.iter(|| black_box(&text).unicode_word_indices().count())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
