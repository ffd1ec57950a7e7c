//! The ordered, pipelined parallel map, and corpus runs built on it.

use super::items::{read_item, WorkItem};
use crate::error::Result;
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Mutex};

/// Thread counts above this many per core are capped: more threads only cost time and memory.
pub const MAX_THREADS_PER_CORE: usize = 4;

/// How many threads, and how many documents may be in flight between the input and the sink.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parallelism {
    threads: usize,
    requested: usize,
    window: usize,
}

impl Parallelism {
    /// `threads` workers (0: all cores, at most `MAX_THREADS_PER_CORE` per core), at most `window`
    /// items in flight (at least one).
    pub fn new(threads: usize, window: usize) -> Parallelism {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let requested = if threads == 0 { cores } else { threads };
        Parallelism {
            threads: requested.min(cores.saturating_mul(MAX_THREADS_PER_CORE)),
            requested,
            window: window.max(1),
        }
    }

    /// Worker threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Items in flight ahead of the output, at most.
    pub fn window(&self) -> usize {
        self.window
    }

    /// The thread count asked for, if it was capped to [`threads`](Self::threads).
    pub fn capped_from(&self) -> Option<usize> {
        (self.requested != self.threads).then_some(self.requested)
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
        let mut waiting: VecDeque<Option<R>> = VecDeque::with_capacity(window.min(1024));
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

/// What became of one work item: the results of its documents, or the error that stopped it.
#[derive(Debug)]
pub struct Outcome<R> {
    /// The file (and line, for JSON Lines) the documents came from.
    pub source: String,
    /// The file the item came from, `None` for standard input (see [`WorkItem::input`]).
    pub input: Option<std::path::PathBuf>,
    /// Bytes read.
    pub bytes: u64,
    /// The documents' results, or the error that stopped the item.
    pub result: Result<Vec<R>>,
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
            let input = item.input().map(std::path::Path::to_path_buf);
            let (source, bytes, transcripts) = read_item(reader, item);
            let result = transcripts.map(|ts| {
                ts.iter()
                    .map(|t| per_document(&analyzer.analyze(t, scratch), extra))
                    .collect()
            });
            Outcome {
                source,
                input,
                bytes,
                result,
            }
        },
        sink,
    )?;
    Ok(states.into_iter().map(|(_, x)| x).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn thread_counts_are_capped() {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let huge = Parallelism::new(100_000, 8);
        assert_eq!(huge.threads(), cores * MAX_THREADS_PER_CORE);
        assert_eq!(huge.capped_from(), Some(100_000));
        let all = Parallelism::new(0, 8);
        assert_eq!((all.threads(), all.capped_from()), (cores, None));
        assert_eq!(Parallelism::new(1, 8).capped_from(), None);
    }

    #[test]
    fn a_huge_window_is_not_allocated_up_front() {
        let mut out = Vec::new();
        ordered_parallel_map(
            0..100u32,
            &Parallelism::new(2, usize::MAX),
            || (),
            |_, x| x,
            |y| {
                out.push(y);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        assert_eq!(out, (0..100).collect::<Vec<_>>());
    }
}
