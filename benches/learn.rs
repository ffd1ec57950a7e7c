//! Learned coders on one core: training (cross-validation, thresholds and bootstrap included) on
//! the shared development set (or the small test file when it is absent), without and with the
//! default codebook's 720 reference passages, and turn rows of the bundled interviews scored with
//! the lexicon alone beside the same rows with the model trained with them (what `entretien learn`
//! gives by default), the ratio the issue bounds at 2.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use entretien::agreement::CodedSet;
use entretien::learn::{
    learn, learn_with_reference, reference_passages, LearnOptions, ModelCoder, ModelRows,
};
use entretien::score::{RowOptions, Unit, UnitRows};
use entretien::{Analyzer, Lexicon, ReadOptions, Reader};
use std::path::Path;

#[path = "common/coded_files.rs"]
mod coded_files;
use coded_files::coded_passages;

fn coded() -> CodedSet {
    CodedSet::new(coded_passages())
}

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::builder()
        .build(&Lexicon::default_french())
        .expect("default lexicon");
    let set = coded();
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let options = LearnOptions::new().curve(Vec::new()).bootstrap(200);
    let mut group = c.benchmark_group("learn");
    group.sample_size(10);
    group.throughput(Throughput::Elements(set.items.len() as u64));
    group.bench_function("train_and_cross_validate", |b| {
        b.iter(|| one_core.install(|| learn(&analyzer, &set, &options).expect("learned")))
    });
    let reference = reference_passages(analyzer.lexicon()).expect("the default codebook's");
    let with_reference = options.clone().with_reference();
    group.bench_function("train_and_cross_validate_with_reference", |b| {
        b.iter(|| {
            one_core.install(|| {
                learn_with_reference(&analyzer, &set, &reference, &with_reference).expect("learned")
            })
        })
    });
    group.finish();

    let model = learn_with_reference(&analyzer, &set, &reference, &with_reference)
        .expect("learned")
        .model;
    let coder = ModelCoder::new(model, &analyzer).expect("same lexicon");
    let reader = Reader::new(ReadOptions::default()).expect("reader");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/entretiens");
    let mut files: Vec<_> = std::fs::read_dir(&corpus)
        .expect("bundled interviews")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let transcripts: Vec<_> = files
        .iter()
        .filter_map(|f| reader.read_path(f).ok())
        .flatten()
        .collect();
    let bytes: usize = transcripts.iter().map(|t| t.text.len()).sum();
    let mut scratch = analyzer.scratch();
    let mut cs = coder.scratch();
    let mut group = c.benchmark_group("turn_rows");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("lexicon", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &transcripts {
                let analysis = analyzer.analyze(t, &mut scratch);
                UnitRows::new(Unit::Turn, RowOptions::new())
                    .add(&analysis, |r| n += r.themes.len());
            }
            n
        })
    });
    group.bench_function("lexicon_and_model", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &transcripts {
                let analysis = analyzer.analyze(t, &mut scratch);
                ModelRows::new(&coder, Unit::Turn, RowOptions::new()).add(
                    &analysis,
                    &mut cs,
                    |r| n += r.themes.len(),
                );
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
