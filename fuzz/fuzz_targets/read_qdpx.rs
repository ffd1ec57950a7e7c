//! The REFI-QDA project reader (a zip archive of XML and text members): no panic, memory bounded by
//! the member and project limits; every selection read lies in its text, on char boundaries
//! (`check_qdpx`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    entretien_fuzz::check_qdpx(data);
});
