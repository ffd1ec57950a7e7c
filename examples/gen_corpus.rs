//! Writes a generated French interview corpus for benchmarks: `gen_corpus DIR MEGABYTES [DOCS] [SEED]`.
//!
//! ```text
//! cargo run --release --example gen_corpus -- target/bench-corpus/200mb 200
//! ```

#[path = "../tests/common/generate.rs"]
#[allow(dead_code)]
mod generate;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: gen_corpus DIR MEGABYTES [DOCS] [SEED]");
        std::process::exit(2);
    }
    let dir = std::path::PathBuf::from(&args[0]);
    let mb: usize = args[1].parse().unwrap_or(10);
    // About 100 kB a document by default, like a one-hour interview.
    let docs: usize = args.get(2).and_then(|d| d.parse().ok()).unwrap_or(mb * 10);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(7);
    match generate::write_corpus(&dir, docs, mb * 1_000_000, seed) {
        Ok(files) => eprintln!(
            "{} files, {} documents in {}",
            files.len(),
            docs,
            dir.display()
        ),
        Err(e) => {
            eprintln!("gen_corpus: {}: {e}", dir.display());
            std::process::exit(1);
        }
    }
}
