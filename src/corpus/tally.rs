//! What a corpus run has read so far: documents, files, bytes and failures, and the line that says it.

use std::time::Duration;

/// The counts of a run, updated as its outcomes come ([`crate::corpus::Outcome`]).
///
/// ```
/// use entretien::corpus::RunTally;
/// use std::time::Duration;
///
/// let mut tally = RunTally::new(3);
/// for source in ["a.txt", "b.jsonl:1", "b.jsonl:2", "c.trs"] {
///     tally.item(source, 500_000);
///     tally.documents += 1;
/// }
/// assert_eq!(tally.files(), 3); // the lines of b.jsonl are one file
/// assert_eq!(tally.line(Duration::from_secs(2)),
///            "4 documents, 3/3 files, 2.0 MB in 2.0 s (1.0 MB/s)");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RunTally {
    /// Files the run was given (standard input counts as one).
    pub total_files: usize,
    /// Documents read.
    pub documents: u64,
    /// Sources that could not be read or parsed.
    pub failed: u64,
    files: u64,
    bytes: u64,
    /// The file of the last item: the lines of a JSON Lines file are items of one file.
    last_file: Option<String>,
}

impl RunTally {
    /// A run over `total_files` files.
    pub fn new(total_files: usize) -> RunTally {
        RunTally {
            total_files,
            ..RunTally::default()
        }
    }

    /// Counts an item read from `source` (a file, or `file:line` for a JSON line) and its bytes.
    pub fn item(&mut self, source: &str, bytes: u64) {
        self.bytes += bytes;
        let file = source_file(source);
        if self.last_file.as_deref() != Some(file) {
            self.files += 1;
            self.last_file = Some(file.to_string());
        }
    }

    /// Files seen so far.
    pub fn files(&self) -> u64 {
        self.files
    }

    /// Bytes read so far.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }

    /// `12 documents, 3/4 files, 1 failed, 2.5 MB in 1.2 s (2.1 MB/s)`, after `elapsed`.
    pub fn line(&self, elapsed: Duration) -> String {
        let plural = |n: u64| if n == 1 { "" } else { "s" };
        let secs = elapsed.as_secs_f64().max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        let mut line = format!(
            "{} document{}, {}/{} file{}",
            self.documents,
            plural(self.documents),
            self.files,
            self.total_files,
            plural(self.total_files as u64)
        );
        if self.failed > 0 {
            line.push_str(&format!(", {} failed", self.failed));
        }
        line + &format!(", {mb:.1} MB in {secs:.1} s ({:.1} MB/s)", mb / secs)
    }
}

/// The file part of an item's source: `corpus.jsonl:12` → `corpus.jsonl`; a path without a line
/// number (`C:/data/x.txt`) is itself.
pub fn source_file(source: &str) -> &str {
    match source.rsplit_once(':') {
        Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => file,
        _ => source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_name_their_file() {
        assert_eq!(source_file("C:/data/x.txt"), "C:/data/x.txt");
        assert_eq!(source_file("-:7"), "-");
        assert_eq!(source_file("b.jsonl:12"), "b.jsonl");
    }
}
