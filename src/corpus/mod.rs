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

pub use discover::{discover, Discovered, Discovery, SkipReason, Skipped, TRANSCRIPT_EXTENSIONS};
pub use items::{
    json_lines, read_document, read_item, work_items, JsonLines, StreamReader, WorkItem,
    MAX_DOCUMENT_BYTES, MAX_LINE_BYTES, STDIN,
};
pub use runner::{ordered_parallel_map, run, Outcome, Parallelism};
