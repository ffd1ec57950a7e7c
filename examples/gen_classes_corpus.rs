//! Writes interviews with planted lexical worlds (see `tests/common/planted.rs`), for the speed
//! figures of `entretien classes`: `gen_classes_corpus DIR WORDS [DOCS] [TOPICS] [SEED]`.
//!
//! ```text
//! cargo run --release --example gen_classes_corpus -- target/classes-1m 1000000
//! /usr/bin/time -f '%M KB %U+%S s' target/release/entretien classes target/classes-1m --k 10 --threads 1 -q
//! ```

#[path = "../tests/common/planted.rs"]
mod planted;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: gen_classes_corpus DIR WORDS [DOCS] [TOPICS] [SEED]");
        std::process::exit(2);
    }
    let dir = std::path::PathBuf::from(&args[0]);
    let words: usize = args[1].parse().unwrap_or(1_000_000);
    let docs: usize = args.get(2).and_then(|d| d.parse().ok()).unwrap_or(250);
    let topics: usize = args.get(3).and_then(|d| d.parse().ok()).unwrap_or(10);
    let seed: u64 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(7);
    std::fs::create_dir_all(&dir)?;
    let vocab = planted::vocabularies(topics, seed);
    let mut rng = planted::Rng::new(seed);
    for d in 0..docs {
        let text = planted::interview(&mut rng, &vocab, words / docs);
        std::fs::write(dir.join(format!("entretien_{d:04}.txt")), text)?;
    }
    eprintln!(
        "{docs} interviews of about {} words in {}",
        words / docs,
        dir.display()
    );
    Ok(())
}
