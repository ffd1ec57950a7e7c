//! `lexicon eval` on 10,000 coded passages (the shared development set, or the small test file when
//! it is absent, repeated with new ids; two coders each) on one core: reading the passages as
//! `score` reads JSON Lines documents, analysing them, and every measure.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use entretien::agreement::{evaluate, CodedSet, EvalOptions};
use entretien::coded::CodedPassage;
use entretien::{Analyzer, Lexicon, SpeakerFilter};
#[path = "common/coded_files.rs"]
mod coded_files;
use coded_files::coded_passages;

const PASSAGES: usize = 10_000;

fn passages() -> Vec<CodedPassage> {
    let base: Vec<CodedPassage> = coded_passages();
    let distinct = CodedSet::new(base.clone()).items.len();
    let rounds = PASSAGES.div_ceil(distinct);
    let mut out = Vec::new();
    for k in 0..rounds {
        for p in &base {
            let mut p = p.clone();
            p.id = format!("{}~{k}", p.id);
            out.push(p);
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let all = passages();
    let set = CodedSet::new(all);
    let set = CodedSet {
        items: set.items[..PASSAGES].to_vec(),
        ..set
    };
    let bytes: usize = set.items.iter().map(|i| i.text.len()).sum();
    let analyzer = Analyzer::builder()
        .speakers(SpeakerFilter::All)
        .build(&Lexicon::default_french())
        .expect("default lexicon");
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("pool");
    let mut group = c.benchmark_group("agreement");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("eval_10k_passages_1_thread", |b| {
        b.iter(|| {
            let eval = one_core
                .install(|| evaluate(&analyzer, &set, &EvalOptions::new()))
                .expect("evaluation");
            assert_eq!(eval.passages, PASSAGES);
            assert!(eval.overall.lexicon.iter().all(|a| a.counts.tp > 0));
            eval
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
