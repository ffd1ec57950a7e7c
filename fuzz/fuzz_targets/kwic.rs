//! The KWIC pattern parser, with the default lexicon's analyzer, over a fixed interview: no panic,
//! every line's `start..end` slices the text and its keyword is that slice.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let pattern = String::from_utf8_lossy(data);
    entretien_fuzz::check_kwic(&pattern);
});
