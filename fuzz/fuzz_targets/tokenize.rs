//! Arbitrary bytes, as lossy UTF-8, through the tokenizer: see `check_tokens` for the invariants.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    entretien_fuzz::check_tokens(&text);
});
