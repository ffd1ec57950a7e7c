//! The tei reader: no panic; on success every turn span lies in the text, on char boundaries
//! (`check_reader`).
#![no_main]
use entretien::transcript::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    entretien_fuzz::check_reader(data, Format::Tei, true);
});
