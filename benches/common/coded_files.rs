//! The coded passages the benches read: the two coders' development set, or the small test file
//! when `../shared/data/coded/` is absent.

use entretien::coded::{read_coded_path, CodedPassage};
use std::path::Path;

pub fn coded_passages() -> Vec<CodedPassage> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/data/coded");
    let files = if shared.join("dev.coder_a.jsonl").is_file() {
        vec![
            shared.join("dev.coder_a.jsonl"),
            shared.join("dev.coder_b.jsonl"),
        ]
    } else {
        eprintln!(
            "{} not found: the small test file instead",
            shared.display()
        );
        vec![root.join("tests/data/coded/small.jsonl")]
    };
    files
        .iter()
        .flat_map(|f| read_coded_path(f).expect("coded passages").passages)
        .collect()
}
