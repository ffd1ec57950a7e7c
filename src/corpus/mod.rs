//! Batch corpus runs: finding the documents, analysing them in parallel, in a deterministic order.
//!
//! [`Discovery`] finds the files of the inputs, once each, and says what it skipped and why;
//! [`work_items`] and [`StreamReader`] turn files and streams into [`WorkItem`]s within size limits;
//! [`run`], on [`ordered_parallel_map`], analyses them in parallel and hands the results over in input
//! order.
//!
//! ```
//! use entretien::corpus::{ordered_parallel_map, Parallelism};
//!
//! let squares = std::cell::RefCell::new(Vec::new());
//! ordered_parallel_map(
//!     1..=10u64,
//!     &Parallelism::new(2, 4),
//!     || 0u64,                      // a scratch per worker
//!     |calls, x| { *calls += 1; x * x },
//!     |y| { squares.borrow_mut().push(y); Ok::<(), ()>(()) },
//! ).unwrap();
//! assert_eq!(squares.into_inner(), vec![1, 4, 9, 16, 25, 36, 49, 64, 81, 100]);
//! ```
//!
//! The calling thread reads the input iterator and hands items to the workers, keeping at most a window of
//! items between the iterator and the sink; results are handed to the sink in input order while the workers
//! go on. Peak memory is then bounded by one window of documents and their results, whatever the corpus
//! size, and the output is the same for any number of threads.

mod discover;
mod items;
mod runner;
mod tally;

pub use discover::{discover, Discovered, Discovery, SkipReason, Skipped, TRANSCRIPT_EXTENSIONS};
pub use items::{
    json_lines, read_document, read_item, work_items, JsonLines, StreamReader, WorkItem,
    MAX_DOCUMENT_BYTES, MAX_LINE_BYTES, STDIN,
};
pub use runner::{
    ordered_parallel_map, ordered_parallel_stream, run, Emit, Outcome, Parallelism, Piece,
    PARTS_AHEAD,
};
pub use tally::{source_file, RunTally};

/// Strings seen in a run, to tell a repeated one: document ids (each document counts, but a repeated
/// id usually means two inputs were given the same name), or the contents of aggregates to merge (a
/// part given twice would count twice). They are kept as 64-bit hashes, so memory stays small on
/// large corpora (a collision between two distinct strings is negligibly rare).
///
/// ```
/// let mut ids = entretien::corpus::SeenIds::default();
/// assert!(!ids.repeated("e01"));
/// assert!(!ids.repeated("e02"));
/// assert!(ids.repeated("e01"));
/// assert_eq!(ids.repeats(), 1);
/// ```
#[derive(Debug, Clone, Default)]
pub struct SeenIds {
    hashes: crate::fxhash::FxSet<u64>,
    repeats: u64,
}

impl SeenIds {
    /// Notes `id`; whether it was seen before.
    pub fn repeated(&mut self, id: &str) -> bool {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        id.hash(&mut h);
        let repeated = !self.hashes.insert(h.finish());
        self.repeats += u64::from(repeated);
        repeated
    }

    /// How many ids repeated one seen before.
    pub fn repeats(&self) -> u64 {
        self.repeats
    }
}

/// What a walk skipped, said briefly: one line per other skip, one line per excluded path with how
/// many files it left out, and last, one line for the files of unknown extensions (each listed on a
/// line of its own below it, indented, with `list`).
///
/// ```
/// use entretien::corpus::{skip_summary, SkipReason, Skipped};
///
/// let skipped = [
///     Skipped { path: "c/out/a.csv".into(), reason: SkipReason::Excluded { by: "c/out".into() } },
///     Skipped { path: "c/out/b.csv".into(), reason: SkipReason::Excluded { by: "c/out".into() } },
///     Skipped { path: "c/notes.pdf".into(), reason: SkipReason::UnknownExtension },
/// ];
/// let lines = skip_summary(&skipped, true);
/// assert_eq!(lines[0], "2 files left out: under the excluded path c/out");
/// assert!(lines[1].starts_with("1 file skipped: not a transcript extension"));
/// assert!(lines[1].ends_with(":\n  c/notes.pdf"));
/// ```
pub fn skip_summary(skipped: &[Skipped], list: bool) -> Vec<String> {
    use std::fmt::Write as _;
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let mut excluded: std::collections::BTreeMap<&std::path::Path, usize> = Default::default();
    let (mut unknown, mut lines) = (Vec::new(), Vec::new());
    for s in skipped {
        match &s.reason {
            SkipReason::Excluded { by } => *excluded.entry(by).or_default() += 1,
            SkipReason::UnknownExtension => unknown.push(s),
            _ => lines.push(s.to_string()),
        }
    }
    for (by, n) in excluded {
        let by = by.display();
        lines.push(format!(
            "{n} file{} left out: under the excluded path {by}",
            plural(n)
        ));
    }
    if !unknown.is_empty() {
        let n = unknown.len();
        let mut line = format!(
            "{n} file{} skipped: not a transcript extension ({}){}",
            plural(n),
            TRANSCRIPT_EXTENSIONS.join(", "),
            if list { ":" } else { "" }
        );
        for s in unknown.iter().filter(|_| list) {
            let _ = write!(line, "\n  {}", s.path.display());
        }
        lines.push(line);
    }
    lines
}
