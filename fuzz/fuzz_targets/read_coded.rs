//! The readers of passages coded by hand (JSON Lines and CSV): no panic (`check_coded`).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    entretien_fuzz::check_coded(data);
});
