//! Batch corpus runs: finding the documents, analysing them in parallel, in a deterministic order.
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

use crate::error::{Error, Result};
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Mutex};

/// File extensions taken when walking a folder (explicitly named files are always taken).
pub const TRANSCRIPT_EXTENSIONS: &[&str] =
    &["txt", "vtt", "srt", "trs", "textgrid", "jsonl", "ndjson"];

/// How many threads, and how many documents may be in flight between the input and the sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parallelism {
    threads: usize,
    window: usize,
}

impl Parallelism {
    /// `threads` workers (0: all cores), at most `window` items in flight (at least one).
    pub fn new(threads: usize, window: usize) -> Parallelism {
        let threads = if threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            threads
        };
        Parallelism {
            threads,
            window: window.max(1),
        }
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    pub fn window(&self) -> usize {
        self.window
    }
}

impl Default for Parallelism {
    fn default() -> Self {
        Parallelism::new(0, 64)
    }
}

/// Maps `f` over `items` on a pool of `par.threads()` workers, each with its own scratch made by `init`,
/// and hands the results to `sink` in input order. Stops at the first error of `sink`.
///
/// The calling thread reads the iterator, hands items to the workers and passes their results to `sink`
/// as they come back, while the workers go on with the next items. At most `par.window()` items are
/// between the iterator and the sink at any time, so memory does not grow with the corpus.
/// Returns the workers' scratches, for per-worker results (such as partial aggregates) to merge.
/// A panic in `f` is raised again on the calling thread.
pub fn ordered_parallel_map<I, T, R, S, E>(
    items: I,
    par: &Parallelism,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, T) -> R + Sync,
    mut sink: impl FnMut(R) -> std::result::Result<(), E>,
) -> std::result::Result<Vec<S>, E>
where
    I: IntoIterator<Item = T>,
    T: Send,
    R: Send,
    S: Send,
{
    let items = items.into_iter();
    let sequential = |items: I::IntoIter, sink: &mut dyn FnMut(R) -> std::result::Result<(), E>| {
        let mut scratch = init();
        for item in items {
            sink(f(&mut scratch, item))?;
        }
        Ok(vec![scratch])
    };
    if par.threads() <= 1 {
        return sequential(items, &mut sink);
    }
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(par.threads())
        .build()
    {
        Ok(pool) => pool,
        // No threads could be started: run on this one rather than fail.
        Err(_) => return sequential(items, &mut sink),
    };
    let workers = par.threads();
    let (work_tx, work_rx) = mpsc::channel::<(usize, T)>();
    let (done_tx, done_rx) = mpsc::channel::<(usize, std::thread::Result<R>)>();
    let work_rx = Mutex::new(work_rx);
    let scratches: Vec<Mutex<Option<S>>> = (0..workers).map(|_| Mutex::new(None)).collect();
    let outcome = pool.in_place_scope(|scope| {
        for slot in &scratches {
            let (work_rx, done_tx, init, f) = (&work_rx, done_tx.clone(), &init, &f);
            scope.spawn(move |_| {
                let mut scratch = init();
                loop {
                    // The lock is held only while taking the next item, never while working on it.
                    let next = lock(work_rx).recv();
                    let Ok((index, item)) = next else { break };
                    let result = panic::catch_unwind(AssertUnwindSafe(|| f(&mut scratch, item)));
                    let failed = result.is_err();
                    if done_tx.send((index, result)).is_err() || failed {
                        break;
                    }
                }
                *lock(slot) = Some(scratch);
            });
        }
        drop(done_tx);
        let mut work_tx = Some(work_tx);
        let mut items = items.fuse();
        let (mut sent, mut next_out) = (0usize, 0usize);
        // Results that came back ahead of their turn, indexed by position modulo the window.
        let window = par.window();
        let mut waiting: VecDeque<Option<R>> = VecDeque::with_capacity(window);
        loop {
            while sent - next_out < window {
                let Some(tx) = &work_tx else { break };
                match items.next() {
                    Some(item) => {
                        if tx.send((sent, item)).is_err() {
                            break;
                        }
                        sent += 1;
                    }
                    None => {
                        work_tx = None;
                        break;
                    }
                }
            }
            if next_out == sent {
                return Ok(());
            }
            let Ok((index, result)) = done_rx.recv() else {
                return Ok(()); // every worker has stopped; a panic is in `scratches` or was sent
            };
            let result = match result {
                Ok(r) => r,
                Err(payload) => {
                    drop(work_tx);
                    lock(&work_rx).try_iter().for_each(drop);
                    return Err(Stop::Panic(payload));
                }
            };
            let offset = index - next_out;
            if waiting.len() <= offset {
                waiting.resize_with(offset + 1, || None);
            }
            waiting[offset] = Some(result);
            while let Some(Some(_)) = waiting.front() {
                let Some(Some(r)) = waiting.pop_front() else {
                    break;
                };
                next_out += 1;
                if let Err(e) = sink(r) {
                    drop(work_tx);
                    lock(&work_rx).try_iter().for_each(drop);
                    return Err(Stop::Sink(e));
                }
            }
        }
    });
    match outcome {
        Ok(()) => Ok(scratches
            .into_iter()
            .filter_map(|m| m.into_inner().unwrap_or_else(|p| p.into_inner()))
            .collect()),
        Err(Stop::Sink(e)) => Err(e),
        Err(Stop::Panic(payload)) => panic::resume_unwind(payload),
    }
}

enum Stop<E> {
    Sink(E),
    Panic(Box<dyn std::any::Any + Send>),
}

fn lock<M>(m: &Mutex<M>) -> std::sync::MutexGuard<'_, M> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Expands command-line inputs into a sorted, de-duplicated list of files.
///
/// Each input is a file (always taken), a folder (walked recursively, taking files whose extension is in
/// [`TRANSCRIPT_EXTENSIONS`], skipping hidden entries), or a glob pattern with `*`, `?` and `**`
/// (`corpora/**/*.trs`). Files found inside one input are sorted by path, so runs are reproducible.
/// An input that matches nothing is an error naming it.
pub fn discover<P: AsRef<Path>>(inputs: &[P]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for input in inputs {
        let input = input.as_ref();
        let mut found = Vec::new();
        if input.is_dir() {
            walk(input, &mut found)?;
        } else if input.is_file() {
            found.push(input.to_path_buf());
        } else if has_glob(input) {
            glob(input, &mut found)?;
            if found.is_empty() {
                return Err(Error::config(format!(
                    "no file matches {}",
                    input.display()
                )));
            }
        } else {
            return Err(Error::io(
                Some(input),
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such file or folder"),
            ));
        }
        found.sort();
        for f in found {
            if seen.insert(f.clone()) {
                out.push(f);
            }
        }
    }
    Ok(out)
}

fn is_transcript_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        TRANSCRIPT_EXTENSIONS
            .iter()
            .any(|x| x.eq_ignore_ascii_case(e))
    })
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn read_dir_sorted(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(Some(dir), e))?;
    let mut paths = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(Some(dir), e))?;
        paths.push(entry.path());
    }
    paths.sort();
    Ok(paths)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for path in read_dir_sorted(dir)? {
        if is_hidden(&path) {
            continue;
        }
        if path.is_dir() {
            walk(&path, out)?;
        } else if is_transcript_file(&path) {
            out.push(path);
        }
    }
    Ok(())
}

fn has_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?'])
}

fn glob(pattern: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let text = pattern.to_string_lossy();
    let absolute = text.starts_with('/');
    let parts: Vec<&str> = text
        .split('/')
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let root = if absolute {
        PathBuf::from("/")
    } else {
        PathBuf::from(".")
    };
    glob_parts(&root, &parts, !absolute, out)
}

fn glob_parts(base: &Path, parts: &[&str], relative: bool, out: &mut Vec<PathBuf>) -> Result<()> {
    let Some((first, rest)) = parts.split_first() else {
        if base.is_file() {
            out.push(strip_dot(base, relative));
        }
        return Ok(());
    };
    if *first == "**" {
        // `**` matches zero or more folders.
        glob_parts(base, rest, relative, out)?;
        if base.is_dir() {
            for path in read_dir_sorted(base)? {
                if path.is_dir() && !is_hidden(&path) {
                    glob_parts(&path, parts, relative, out)?;
                }
            }
        }
        return Ok(());
    }
    if !first.contains(['*', '?']) {
        let next = base.join(first);
        if next.exists() {
            glob_parts(&next, rest, relative, out)?;
        }
        return Ok(());
    }
    if !base.is_dir() {
        return Ok(());
    }
    for path in read_dir_sorted(base)? {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') && !first.starts_with('.') {
            continue;
        }
        if wildcard_match(first.as_bytes(), name.as_bytes()) {
            glob_parts(&path, rest, relative, out)?;
        }
    }
    Ok(())
}

fn strip_dot(path: &Path, relative: bool) -> PathBuf {
    if relative {
        path.strip_prefix(".").unwrap_or(path).to_path_buf()
    } else {
        path.to_path_buf()
    }
}

/// Matches a file name against a pattern with `*` (any run) and `?` (one byte), in linear time.
fn wildcard_match(pattern: &[u8], name: &[u8]) -> bool {
    let (mut p, mut n) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while n < name.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p] == name[n]) {
            p += 1;
            n += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, n));
            p += 1;
        } else if let Some((sp, sn)) = star {
            p = sp + 1;
            n = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards() {
        assert!(wildcard_match(b"*.trs", b"a.trs"));
        assert!(wildcard_match(b"ent_??.txt", b"ent_03.txt"));
        assert!(!wildcard_match(b"*.trs", b"a.trsx"));
        assert!(wildcard_match(b"*", b""));
        assert!(wildcard_match(b"a*b*c", b"aXbYbZc"));
        assert!(!wildcard_match(b"a*b*c", b"aXbYbZ"));
    }

    #[test]
    fn order_is_kept_for_any_thread_count() {
        for threads in [1, 2, 3] {
            let mut out = Vec::new();
            ordered_parallel_map(
                0..1000u32,
                &Parallelism::new(threads, 7),
                || (),
                |_, x| x * 3,
                |y| {
                    out.push(y);
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            assert_eq!(out, (0..1000).map(|x| x * 3).collect::<Vec<_>>());
        }
    }

    #[test]
    fn never_reads_more_than_a_window_ahead_of_the_sink() {
        let produced = std::sync::atomic::AtomicUsize::new(0);
        let mut sunk = 0;
        let items = (0..500u32).inspect(|_| {
            produced.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        });
        ordered_parallel_map(
            items,
            &Parallelism::new(2, 5),
            || (),
            |_, x| x,
            |_| {
                sunk += 1;
                let ahead = produced.load(std::sync::atomic::Ordering::SeqCst) - sunk;
                assert!(ahead < 5, "{ahead} items read ahead of the sink");
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(sunk, 500);
    }

    #[test]
    fn a_worker_panic_reaches_the_caller() {
        let run = std::panic::catch_unwind(|| {
            ordered_parallel_map(
                0..100u32,
                &Parallelism::new(2, 8),
                || (),
                |_, x| {
                    assert!(x != 42, "boom at 42");
                    x
                },
                |_| Ok::<(), ()>(()),
            )
        });
        let payload = run.expect_err("the panic must propagate");
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        assert!(message.contains("boom at 42"), "{message}");
    }

    #[test]
    fn per_worker_states_cover_every_item() {
        let states = ordered_parallel_map(
            0..1000u64,
            &Parallelism::new(2, 16),
            || 0u64,
            |sum, x| *sum += x,
            |_| Ok::<(), ()>(()),
        )
        .unwrap();
        assert!(!states.is_empty() && states.len() <= 2);
        assert_eq!(states.iter().sum::<u64>(), 999 * 1000 / 2);
    }

    #[test]
    fn sink_errors_stop_the_run() {
        let mut seen = 0;
        let r = ordered_parallel_map(
            0..100u32,
            &Parallelism::new(2, 10),
            || (),
            |_, x| x,
            |x| {
                seen += 1;
                if x == 15 {
                    Err(x)
                } else {
                    Ok(())
                }
            },
        );
        assert_eq!(r, Err(15));
        assert_eq!(seen, 16);
    }
}

/// One unit of work for a corpus run: a file, or one line of a JSON Lines stream.
#[derive(Debug)]
pub enum WorkItem {
    /// A transcript file in any reader format.
    File(PathBuf),
    /// One document of a JSON Lines file or of standard input (`source` names it in messages).
    JsonLine {
        source: std::sync::Arc<str>,
        /// 1-based line number.
        line: usize,
        /// The document's rank in its stream (blank lines skipped), for default ids.
        nth: usize,
        text: String,
    },
    /// A whole document already read (standard input in a format other than JSON Lines).
    Bytes { source: String, bytes: Vec<u8> },
    /// A source that could not be read (reported in its turn, in input order).
    Failed { source: String, error: Error },
}

impl WorkItem {
    /// How the item is named in messages and outputs.
    pub fn source(&self) -> String {
        match self {
            WorkItem::File(p) => p.display().to_string(),
            WorkItem::JsonLine { source, line, .. } => format!("{source}:{line}"),
            WorkItem::Bytes { source, .. } | WorkItem::Failed { source, .. } => source.clone(),
        }
    }
}

/// Streams work items from files: JSON Lines files (`.jsonl`, `.ndjson`) line by line, others whole.
///
/// The files are opened one at a time as the run pulls items, so a huge JSON Lines file is never held
/// in memory.
pub fn work_items(files: Vec<PathBuf>) -> impl Iterator<Item = WorkItem> {
    files
        .into_iter()
        .flat_map(|path| -> Box<dyn Iterator<Item = WorkItem>> {
            let jsonl = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson")
            });
            if !jsonl {
                return Box::new(std::iter::once(WorkItem::File(path)));
            }
            match std::fs::File::open(&path) {
                Ok(file) => {
                    let name: std::sync::Arc<str> = path.display().to_string().into();
                    Box::new(json_lines(std::io::BufReader::new(file), name))
                }
                Err(e) => Box::new(std::iter::once(WorkItem::Failed {
                    source: path.display().to_string(),
                    error: Error::io(Some(&path), e),
                })),
            }
        })
}

/// Streams the documents of a JSON Lines reader (standard input, or a file), skipping blank lines.
/// Invalid UTF-8 on a line gives a failed item naming the line and the byte offset within it.
pub fn json_lines<R: std::io::BufRead>(
    mut reader: R,
    source: std::sync::Arc<str>,
) -> impl Iterator<Item = WorkItem> {
    let mut line_no = 0usize;
    let mut nth = 0usize;
    let mut buf = Vec::new();
    let mut done = false;
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        buf.clear();
        match reader.read_until(b'\n', &mut buf) {
            Ok(0) => return None,
            Ok(_) => {
                line_no += 1;
                match std::str::from_utf8(&buf) {
                    Ok(s) if s.trim().is_empty() => continue,
                    Ok(s) => {
                        nth += 1;
                        return Some(WorkItem::JsonLine {
                            source: source.clone(),
                            line: line_no,
                            nth,
                            text: s.trim_end_matches(['\n', '\r']).to_string(),
                        });
                    }
                    Err(e) => {
                        return Some(WorkItem::Failed {
                            source: format!("{source}:{line_no}"),
                            error: Error::transcript(
                                Some(line_no),
                                format!("invalid UTF-8 at byte {} of the line", e.valid_up_to()),
                            )
                            .with_path(&*source),
                        })
                    }
                }
            }
            Err(e) => {
                done = true;
                return Some(WorkItem::Failed {
                    source: source.to_string(),
                    error: Error::io(Some(Path::new(&*source)), e),
                });
            }
        }
    })
}

/// What became of one work item: the results of its documents, or the error that stopped it.
#[derive(Debug)]
pub struct Outcome<R> {
    /// The file (and line, for JSON Lines) the documents came from.
    pub source: String,
    /// Bytes read.
    pub bytes: u64,
    pub result: Result<Vec<R>>,
}

/// Reads the transcripts of one work item: its name, the bytes read, and the transcripts or the error.
pub fn read_item(
    reader: &crate::transcript::Reader,
    item: WorkItem,
) -> (String, u64, Result<Vec<crate::transcript::Transcript>>) {
    let source = item.source();
    let (bytes, transcripts) = match item {
        WorkItem::File(path) => match std::fs::metadata(&path) {
            Ok(m) => (m.len(), reader.read_path(&path)),
            Err(e) => (0, Err(Error::io(Some(&path), e))),
        },
        WorkItem::JsonLine {
            source,
            line,
            nth,
            text,
        } => (
            text.len() as u64 + 1,
            reader.parse_json_line(&text, &source, line, nth),
        ),
        WorkItem::Bytes { bytes, .. } => (bytes.len() as u64, reader.read_bytes(&bytes, None)),
        WorkItem::Failed { error, .. } => (0, Err(error)),
    };
    (source, bytes, transcripts)
}

/// Runs an analyzer over work items in parallel, calling `per_document` on each analysed document (on
/// the workers) and `sink` on each item's outcome (on the calling thread, in input order).
///
/// Each worker keeps its own [`Scratch`](crate::analyzer::Scratch) and an extra scratch `X` of the
/// caller's. Documents are dropped as soon as `per_document` has seen them. Returns each worker's `X`.
pub fn run<X, R, E>(
    analyzer: &crate::analyzer::Analyzer,
    reader: &crate::transcript::Reader,
    items: impl IntoIterator<Item = WorkItem>,
    par: &Parallelism,
    per_document: impl Fn(&crate::analyzer::DocumentAnalysis<'_>, &mut X) -> R + Sync,
    sink: impl FnMut(Outcome<R>) -> std::result::Result<(), E>,
) -> std::result::Result<Vec<X>, E>
where
    X: Default + Send,
    R: Send,
{
    let states = ordered_parallel_map(
        items,
        par,
        || (analyzer.scratch(), X::default()),
        |(scratch, extra), item| {
            let (source, bytes, transcripts) = read_item(reader, item);
            let result = transcripts.map(|ts| {
                ts.iter()
                    .map(|t| per_document(&analyzer.analyze(t, scratch), extra))
                    .collect()
            });
            Outcome {
                source,
                bytes,
                result,
            }
        },
        sink,
    )?;
    Ok(states.into_iter().map(|(_, x)| x).collect())
}
