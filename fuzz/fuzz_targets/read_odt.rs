//! The odt reader (a zip archive of XML parts): no panic, memory bounded by the member limit; on
//! success every turn, section and preamble span lies in the text, on char boundaries
//! (`check_reader`).
#![no_main]
use entretien::transcript::Format;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    entretien_fuzz::check_reader(data, Format::Odt, true);
});
