//! Reinert's classification (`entretien::classes::classify`) of planted interviews of 250,000,
//! 500,000 and 1,000,000 words (about 7,000, 14,000 and 27,500 segments, 6,000 to 7,000 active
//! forms), k = 10, on one thread; throughput in segments. The documents are analysed once, outside
//! the measurement. The bench checks that each run made its 10 classes, so that a run that got
//! faster by splitting less is caught.

#[path = "../tests/common/planted.rs"]
mod planted;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use entretien::classes::{classify, collect, ClassesConfig, Corpus};
use entretien::transcript::{parse_str, Format, ReadOptions};
use entretien::{Analyzer, Lexicon};

fn corpus(words: usize, config: &ClassesConfig) -> Corpus {
    let vocab = planted::vocabularies(10, 7);
    let mut rng = planted::Rng::new(7);
    let analyzer = Analyzer::builder()
        .build(&Lexicon::default_french())
        .expect("the default lexicon compiles");
    let mut scratch = analyzer.scratch();
    let mut corpus = Corpus::new();
    let docs = 250;
    for d in 0..docs {
        let text = planted::interview(&mut rng, &vocab, words / docs);
        let t = parse_str(
            &text,
            Format::Plain,
            &format!("e{d}"),
            &ReadOptions::default(),
        )
        .expect("a generated interview reads")
        .remove(0);
        corpus.add(collect(&analyzer.analyze(&t, &mut scratch), &config.units));
    }
    corpus
}

fn bench(c: &mut Criterion) {
    let config = ClassesConfig::default().k(10);
    let mut group = c.benchmark_group("classes");
    group.sample_size(10);
    for words in [250_000, 500_000, 1_000_000] {
        let corpus = corpus(words, &config);
        group.throughput(Throughput::Elements(corpus.units().len() as u64));
        group.bench_with_input(BenchmarkId::new("k10", words), &corpus, |b, corpus| {
            b.iter(|| {
                let classes = classify(corpus, &config);
                assert_eq!(classes.report.len(), 10);
                classes
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
