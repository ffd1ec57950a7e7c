//! The native TOML lexicon reader; on success an analyzer builds or refuses, and analyses a fixed text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(lexicon) = entretien::Lexicon::from_toml_str(&text) {
        entretien_fuzz::check_lexicon(&lexicon);
    }
});
