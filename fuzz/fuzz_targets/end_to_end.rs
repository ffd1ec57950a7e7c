//! Bytes → `read_bytes` (format detected, lossy decoding) → analysis with the default lexicon →
//! score with evidence and rows: see `check_transcripts` and `check_analysis`.
#![no_main]
use entretien::transcript::{self, ReadOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ReadOptions {
        lossy: true,
        ..ReadOptions::default()
    };
    let Ok(transcripts) = transcript::read_bytes(data, None, &opts) else {
        return;
    };
    entretien_fuzz::check_transcripts(&transcripts);
    let analyzer = entretien_fuzz::default_analyzer();
    let mut scratch = analyzer.scratch();
    for t in &transcripts {
        let analysis = analyzer.analyze(t, &mut scratch);
        entretien_fuzz::check_analysis(&analysis);
    }
});
