//! The ordered, pipelined parallel map, and corpus runs built on it.

use super::items::{read_item, WorkItem};
use crate::analyzer::Windows;
use crate::error::Result;
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Condvar, Mutex};

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
    sink: impl FnMut(R) -> std::result::Result<(), E>,
) -> std::result::Result<Vec<S>, E>
where
    I: IntoIterator<Item = T>,
    T: Send,
    R: Send,
    S: Send,
{
    ordered_parallel_stream(
        items,
        par,
        init,
        |s, item, emit| emit.send(f(s, item)),
        sink,
    )
}

/// Large parts of one item ([`Emit::part`]) that a worker may send ahead of the sink (while an
/// earlier item is not done) before it waits for its turn.
pub const PARTS_AHEAD: usize = 4;

/// How a worker of [`ordered_parallel_stream`] hands over the results of its item.
pub struct Emit<'e, P> {
    send: &'e mut dyn FnMut(P, bool),
}

impl<P> Emit<'_, P> {
    /// Hands over a large part (the rows of a window): ahead of the output, the worker waits after
    /// [`PARTS_AHEAD`] of them until its item reaches the head.
    pub fn part(&mut self, part: P) {
        (self.send)(part, true)
    }

    /// Hands over a small result (a document's last one): never waits.
    pub fn send(&mut self, result: P) {
        (self.send)(result, false)
    }
}

/// [`ordered_parallel_map`] for items whose results come in parts: `f` hands each part to `emit` as
/// soon as it is made (the windows of a long document), and `sink` gets every part of every item, in
/// input order and, within an item, in the order emitted. The parts of the item at the head of the
/// output reach the sink as they come; a worker ahead of it holds at most [`PARTS_AHEAD`] large
/// parts ([`Emit::part`]) before it waits, so memory stays bounded by the window of items and a few
/// parts each.
pub fn ordered_parallel_stream<I, T, P, S, E>(
    items: I,
    par: &Parallelism,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, T, &mut Emit<'_, P>) + Sync,
    mut sink: impl FnMut(P) -> std::result::Result<(), E>,
) -> std::result::Result<Vec<S>, E>
where
    I: IntoIterator<Item = T>,
    T: Send,
    P: Send,
    S: Send,
{
    let items = items.into_iter();
    if par.threads() <= 1 {
        return sequential(items, init, f, &mut sink);
    }
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(par.threads())
        .build()
    {
        Ok(pool) => pool,
        // No threads could be started: run on this one rather than fail.
        Err(_) => return sequential(items, init, f, &mut sink),
    };
    let workers = par.threads();
    let (work_tx, work_rx) = mpsc::channel::<(usize, T)>();
    let (done_tx, done_rx) = mpsc::channel::<(usize, Message<P>)>();
    let work_rx = Mutex::new(work_rx);
    let head = Head::default();
    let scratches: Vec<Mutex<Option<S>>> = (0..workers).map(|_| Mutex::new(None)).collect();
    let outcome = pool.in_place_scope(|scope| {
        for slot in &scratches {
            let (work_rx, done_tx, init, f, head) = (&work_rx, done_tx.clone(), &init, &f, &head);
            scope.spawn(move |_| {
                let mut scratch = init();
                loop {
                    // The lock is held only while taking the next item, never while working on it.
                    let next = lock(work_rx).recv();
                    let Ok((index, item)) = next else { break };
                    let mut parts = 0usize;
                    let mut send = |part: P, large: bool| {
                        parts += usize::from(large);
                        if parts > PARTS_AHEAD {
                            head.wait_for(index);
                        }
                        let _ = done_tx.send((index, Message::Part(part)));
                    };
                    let mut emit = Emit { send: &mut send };
                    let result =
                        panic::catch_unwind(AssertUnwindSafe(|| f(&mut scratch, item, &mut emit)));
                    let message = match result {
                        Ok(()) => Message::Done,
                        Err(payload) => Message::Panic(payload),
                    };
                    let failed = matches!(message, Message::Panic(_));
                    if done_tx.send((index, message)).is_err() || failed {
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
        // Parts of the items that are not yet at the head, indexed by position from the head.
        let window = par.window();
        let mut waiting: VecDeque<Pending<P>> = VecDeque::with_capacity(window.min(1024));
        let stop = |work_tx: Option<mpsc::Sender<(usize, T)>>| {
            head.stop();
            drop(work_tx);
            lock(&work_rx).try_iter().for_each(drop);
        };
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
            let Ok((index, message)) = done_rx.recv() else {
                return Ok(()); // every worker has stopped; a panic is in `scratches` or was sent
            };
            let offset = index - next_out;
            if waiting.len() <= offset {
                waiting.resize_with(offset + 1, Pending::default);
            }
            match message {
                Message::Part(part) => waiting[offset].parts.push_back(part),
                Message::Done => waiting[offset].done = true,
                Message::Panic(payload) => {
                    stop(work_tx);
                    return Err(Stop::Panic(payload));
                }
            }
            // Hand over what the head item has, and move on past the items that are done.
            while let Some(front) = waiting.front_mut() {
                while let Some(part) = front.parts.pop_front() {
                    if let Err(e) = sink(part) {
                        stop(work_tx);
                        return Err(Stop::Sink(e));
                    }
                }
                if !front.done {
                    break;
                }
                waiting.pop_front();
                next_out += 1;
                head.advance(next_out);
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

/// One thread: every part goes to the sink as it is made.
fn sequential<T, P, S, E>(
    items: impl Iterator<Item = T>,
    init: impl Fn() -> S,
    f: impl Fn(&mut S, T, &mut Emit<'_, P>),
    sink: &mut dyn FnMut(P) -> std::result::Result<(), E>,
) -> std::result::Result<Vec<S>, E> {
    let mut scratch = init();
    for item in items {
        let mut failed = None;
        let mut send = |part, _| {
            if failed.is_none() {
                failed = sink(part).err();
            }
        };
        f(&mut scratch, item, &mut Emit { send: &mut send });
        if let Some(e) = failed {
            return Err(e);
        }
    }
    Ok(vec![scratch])
}

/// What a worker sends back about an item.
enum Message<P> {
    Part(P),
    Done,
    Panic(Box<dyn std::any::Any + Send>),
}

/// The parts of an item that came back before it reached the head of the output.
struct Pending<P> {
    parts: VecDeque<P>,
    done: bool,
}

impl<P> Default for Pending<P> {
    fn default() -> Self {
        Pending {
            parts: VecDeque::new(),
            done: false,
        }
    }
}

/// The index of the item at the head of the output, for workers ahead of it to wait on.
#[derive(Default)]
struct Head {
    state: Mutex<(usize, bool)>,
    moved: Condvar,
}

impl Head {
    /// Waits until item `index` is at the head, or the run stops.
    fn wait_for(&self, index: usize) {
        let mut state = lock(&self.state);
        while state.0 < index && !state.1 {
            state = self
                .moved
                .wait(state)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    fn advance(&self, next_out: usize) {
        lock(&self.state).0 = next_out;
        self.moved.notify_all();
    }

    fn stop(&self) {
        lock(&self.state).1 = true;
        self.moved.notify_all();
    }
}

enum Stop<E> {
    Sink(E),
    Panic(Box<dyn std::any::Any + Send>),
}

fn lock<M>(m: &Mutex<M>) -> std::sync::MutexGuard<'_, M> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A work item read: where it came from, and its documents or the error that stopped it.
#[derive(Debug)]
pub struct Outcome {
    /// The file (and line, for JSON Lines) the documents came from.
    pub source: String,
    /// The file the item came from, `None` for standard input (see [`WorkItem::input`]).
    pub input: Option<std::path::PathBuf>,
    /// Bytes read.
    pub bytes: u64,
    /// The number of its documents, or the error that stopped the item (before any document).
    pub result: Result<usize>,
}

/// What a corpus run hands to its sink, in input order.
#[derive(Debug)]
pub enum Piece<R> {
    /// A result a document gave before its end (`per_document` called `emit`: rows of a window).
    Part(R),
    /// What `per_document` returned for a document: its last result.
    Document(R),
    /// An item is done: every document of it was handed over before.
    Item(Outcome),
}

/// Runs an analyzer over work items in parallel, calling `per_document` on each document's
/// [`Windows`] (on the workers) and `sink` on what it gives (on the calling thread, in input order).
///
/// `per_document` goes through the document's windows ([`Windows::next`]) and returns its result;
/// it may hand results over before its end with `emit` (the rows of each window), which reach the
/// sink as [`Piece::Part`]s while the document goes on, so that neither a document's analysis nor
/// its output is held whole. Its return value comes as a [`Piece::Document`], and each item ends with
/// a [`Piece::Item`].
///
/// Each worker keeps its own [`Scratch`](crate::analyzer::Scratch) and an extra scratch `X` of the
/// caller's. Documents are dropped as soon as `per_document` has seen them. Returns each worker's `X`.
pub fn run<X, R, E>(
    analyzer: &crate::analyzer::Analyzer,
    reader: &crate::transcript::Reader,
    items: impl IntoIterator<Item = WorkItem>,
    par: &Parallelism,
    per_document: impl Fn(&mut Windows<'_>, &mut X, &mut dyn FnMut(R)) -> R + Sync,
    sink: impl FnMut(Piece<R>) -> std::result::Result<(), E>,
) -> std::result::Result<Vec<X>, E>
where
    X: Default + Send,
    R: Send,
{
    let states = ordered_parallel_stream(
        items,
        par,
        || (analyzer.scratch(), X::default()),
        |(scratch, extra), item, emit| {
            let input = item.input().map(std::path::Path::to_path_buf);
            let (source, bytes, transcripts) = read_item(reader, item);
            let result = transcripts.map(|ts| {
                for t in &ts {
                    let mut windows = analyzer.windows(t, scratch);
                    let mut part = |r| emit.part(Piece::Part(r));
                    let last = per_document(&mut windows, extra, &mut part);
                    emit.send(Piece::Document(last));
                }
                ts.len()
            });
            emit.send(Piece::Item(Outcome {
                source,
                input,
                bytes,
                result,
            }));
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
    fn parts_come_in_order_and_workers_ahead_wait() {
        // Item x emits x % 7 large parts, then a small one; some items are slow.
        let ahead = std::sync::atomic::AtomicUsize::new(0);
        for threads in [1, 2, 4] {
            let mut out = Vec::new();
            let head = std::sync::atomic::AtomicU32::new(0);
            ordered_parallel_stream(
                0..200u32,
                &Parallelism::new(threads, 16),
                || (),
                |_, x, emit| {
                    for k in 0..x % 7 {
                        if x % 50 == 0 {
                            std::thread::sleep(std::time::Duration::from_millis(1));
                        }
                        emit.part((x, k));
                        // Past PARTS_AHEAD parts, a worker goes on only once every item before
                        // its own is done.
                        let done = head.load(std::sync::atomic::Ordering::SeqCst);
                        if k >= PARTS_AHEAD as u32 && done < x {
                            ahead.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        }
                    }
                    emit.send((x, u32::MAX));
                },
                |(x, k)| {
                    if k == u32::MAX {
                        head.store(x + 1, std::sync::atomic::Ordering::SeqCst);
                    }
                    out.push((x, k));
                    Ok::<(), ()>(())
                },
            )
            .unwrap();
            let expected: Vec<(u32, u32)> = (0..200u32)
                .flat_map(|x| (0..x % 7).chain([u32::MAX]).map(move |k| (x, k)))
                .collect();
            assert_eq!(out, expected, "{threads} threads");
        }
        assert_eq!(ahead.into_inner(), 0, "a worker ahead sent too many parts");
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
