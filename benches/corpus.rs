//! Corpus runs: a generated corpus of French interviews scored through the library's corpus runner, with
//! the aggregate kept, on 1 and 2 threads (bytes/s).
//!
//! `ENTRETIEN_BENCH_MB` sets the corpus size (default 20); the corpus is written once under
//! `target/bench-corpus/<MB>mb` and reused. The same folder serves the whole-process measurements of the
//! README (`entretien score target/bench-corpus/200mb --threads 1|2`).

#[path = "../tests/common/generate.rs"]
#[allow(dead_code)]
mod generate;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use entretien::aggregate::{Aggregate, GroupBy};
use entretien::corpus::{self, Parallelism};
use entretien::transcript::{ReadOptions, Reader};
use entretien::{Analyzer, Lexicon};
use std::path::PathBuf;

fn corpus_dir(mb: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("target/bench-corpus")
        .join(format!("{mb}mb"));
    if !dir.join(".complete").exists() {
        generate::write_corpus(&dir, mb * 10, mb * 1_000_000, 7)
            .expect("the bench corpus is written");
        std::fs::write(dir.join(".complete"), b"").expect("the marker is written");
    }
    dir
}

fn bench(c: &mut Criterion) {
    let mb: usize = std::env::var("ENTRETIEN_BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let dir = corpus_dir(mb);
    let files = corpus::discover(&[&dir]).expect("the corpus is there");
    let bytes: u64 = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    let analyzer = Analyzer::builder()
        .build(&Lexicon::default_french())
        .expect("the default lexicon builds");
    let reader = Reader::new(ReadOptions::default()).expect("default options");

    let run = |threads: usize| {
        let mut total = Aggregate::new(&analyzer, GroupBy::Metadata("role".into()));
        corpus::run(
            &analyzer,
            &reader,
            corpus::work_items(files.clone()),
            &Parallelism::new(threads, 64),
            |windows, _: &mut (), _| {
                let mut one = Aggregate::new(&analyzer, GroupBy::Metadata("role".into()));
                while let Some(window) = windows.next() {
                    one.add(&window);
                }
                one
            },
            |piece| {
                match piece {
                    corpus::Piece::Document(one) => total.merge(&one).expect("same lexicon"),
                    corpus::Piece::Item(outcome) => {
                        outcome.result.expect("generated files read");
                    }
                    corpus::Piece::Part(_) => {}
                }
                Ok::<(), ()>(())
            },
        )
        .expect("the run completes");
        total
    };
    // The work must be done in full: every document counted, and the same counts on any thread count.
    let reference = run(1);
    assert_eq!(reference.documents as usize, mb * 10);
    assert!(reference.themes.values().map(|t| t.hits).sum::<u64>() > 0);

    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes));
    group.sample_size(10);
    for threads in [1, 2] {
        group.bench_function(format!("score_{mb}mb_threads_{threads}"), |b| {
            b.iter(|| {
                let total = run(threads);
                assert_eq!(total, reference);
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
