//! Helpers shared by integration tests.
#![allow(dead_code)]

pub mod generate;
pub mod groups;

/// A folder of the reference data in `../shared/data` (`ud`, `transcripts/docx`…): `None`, said on
/// stderr, when it is missing; a panic when it is missing and `CI=true`, where it must be there.
pub fn shared_data(folder: &str) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data")
        .join(folder);
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true but {} is missing", dir.display());
    }
    eprintln!(
        "skipping: {} not found (set CI=true to require it)",
        dir.display()
    );
    None
}
