//! Corpus runs for Python: the inputs a call names, turned into the library's work items, and run
//! through `entretien::corpus::run` the way `entretien score` runs them (same rows, same aggregate).

use entretien::analyzer::Windows;
use entretien::corpus::{self, Parallelism, Piece, WorkItem};
use entretien::score::{RowOptions, UnitRows};
use entretien::transcript::Reader;
use entretien::{Aggregate, Analyzer, Error, GroupBy, Transcript, Unit};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyTuple};
use std::path::PathBuf;
use std::sync::Arc;

/// What a corpus call names.
pub enum Inputs {
    /// Files, folders (searched recursively) and globs, as the CLI takes them.
    Paths(Vec<PathBuf>),
    /// Documents already read, each with its file name (which tells its format and id).
    Bytes(Vec<(String, Vec<u8>)>),
    /// JSON Lines documents: source, 1-based line, rank among the source's documents, text.
    JsonLines(Vec<(String, usize, usize, String)>),
}

impl Inputs {
    /// Takes the inputs of `kind` (`paths`, `bytes` or `json_lines`) from a Python iterable.
    pub fn extract(kind: &str, inputs: &Bound<'_, PyAny>) -> PyResult<Inputs> {
        match kind {
            "paths" => Ok(Inputs::Paths(inputs.extract()?)),
            "json_lines" => Ok(Inputs::JsonLines(inputs.extract()?)),
            "bytes" => {
                let mut docs = Vec::new();
                for pair in inputs.iter()? {
                    let pair = pair?;
                    let pair = pair.downcast::<PyTuple>()?;
                    let name: String = pair.get_item(0)?.extract()?;
                    let item = pair.get_item(1)?;
                    let data = item.downcast::<PyBytes>()?;
                    docs.push((name, data.as_bytes().to_vec()));
                }
                Ok(Inputs::Bytes(docs))
            }
            _ => Err(crate::error::config(format!(
                "unknown input kind {kind:?} (expected paths, bytes or json_lines)"
            ))),
        }
    }

    /// The work items, and what a folder walk skipped (said briefly); an input that does not exist
    /// is an error, as on the command line.
    pub fn items(self) -> Result<(Vec<WorkItem>, Vec<String>), Error> {
        match self {
            Inputs::Paths(paths) => {
                let mut discovery = corpus::Discovery::new();
                let mut files = Vec::new();
                for p in &paths {
                    files.extend(discovery.add(p)?);
                }
                let skipped = corpus::skip_summary(discovery.skipped(), false);
                Ok((corpus::work_items(files).collect(), skipped))
            }
            Inputs::Bytes(docs) => Ok((
                docs.into_iter()
                    .map(|(source, bytes)| WorkItem::Bytes { source, bytes })
                    .collect(),
                Vec::new(),
            )),
            Inputs::JsonLines(lines) => {
                let mut sources: std::collections::HashMap<String, Arc<str>> = Default::default();
                let items = lines
                    .into_iter()
                    .map(|(source, line, nth, text)| {
                        let source = sources
                            .entry(source)
                            .or_insert_with_key(|s| Arc::from(s.as_str()))
                            .clone();
                        WorkItem::JsonLine {
                            source,
                            line,
                            nth,
                            text,
                        }
                    })
                    .collect();
                Ok((items, Vec::new()))
            }
        }
    }
}

/// How a scoring run goes.
pub struct RunOptions {
    pub unit: Unit,
    pub rows: RowOptions,
    /// Worker threads (0: all cores).
    pub threads: usize,
    /// Stop at the first input that fails instead of listing it and going on.
    pub strict: bool,
}

/// What a scoring run made.
pub struct Run {
    /// Unit rows as JSON Lines, in input order.
    pub rows: Vec<u8>,
    pub aggregate: Aggregate,
    pub failures: Vec<Error>,
    pub documents: u64,
    pub bytes: u64,
    pub skipped: Vec<String>,
    /// The failure that stopped a strict run.
    pub stopped: Option<Error>,
}

/// Writes `value` as one line of JSON; serialising the library's owned rows into memory cannot fail.
pub fn json_line(out: &mut Vec<u8>, value: &impl serde::Serialize) {
    if serde_json::to_writer(&mut *out, value).is_ok() {
        out.push(b'\n');
    }
}

/// Scores the items like `entretien score --format jsonl --aggregate-out`: the rows of each document
/// serialised on the workers, the workers' aggregates merged at the end.
pub fn score(
    analyzer: &Analyzer,
    reader: &Reader,
    by: &GroupBy,
    (items, skipped): (Vec<WorkItem>, Vec<String>),
    options: &RunOptions,
) -> Run {
    let new_aggregate = || match by.is_none() {
        true => Aggregate::new(analyzer, by.clone()),
        false => Aggregate::new(analyzer, by.clone()).with_vocabulary(),
    };
    let mut run = Run {
        rows: Vec::new(),
        aggregate: new_aggregate(),
        failures: Vec::new(),
        documents: 0,
        bytes: 0,
        skipped,
        stopped: None,
    };
    let (unit, rows_options) = (options.unit, options.rows);
    let states = corpus::run(
        analyzer,
        reader,
        items,
        &Parallelism::new(options.threads, 64),
        |windows, agg: &mut Option<Aggregate>, _| {
            let agg = agg.get_or_insert_with(new_aggregate);
            let mut rows = UnitRows::new(unit, rows_options);
            let mut out = Vec::new();
            while let Some(window) = windows.next() {
                agg.add(&window);
                rows.add(&window, |row| json_line(&mut out, &row));
                if window.is_last() {
                    break;
                }
            }
            out
        },
        |piece| sink(&mut run, options.strict, piece),
    );
    match states {
        Ok(states) => {
            for part in states.iter().flatten() {
                if let Err(e) = run.aggregate.merge(part) {
                    run.stopped = Some(e);
                }
            }
        }
        Err(e) => run.stopped = Some(e),
    }
    run
}

fn sink(run: &mut Run, strict: bool, piece: Piece<Vec<u8>>) -> Result<(), Error> {
    match piece {
        Piece::Part(rows) => run.rows.extend_from_slice(&rows),
        Piece::Document(rows) => {
            run.rows.extend_from_slice(&rows);
            run.documents += 1;
        }
        Piece::Item(outcome) => {
            run.bytes += outcome.bytes;
            match outcome.result {
                Err(e) if strict => return Err(e),
                Err(e) => run.failures.push(e),
                Ok(_) => {}
            }
        }
    }
    Ok(())
}

/// Runs `per_document` over the items' documents on `threads` workers, each with its own state
/// `X`: the workers' states, the results in input order, and the inputs that failed.
pub fn each<X, R>(
    analyzer: &Analyzer,
    reader: &Reader,
    (items, _): (Vec<WorkItem>, Vec<String>),
    threads: usize,
    per_document: impl Fn(&mut Windows<'_>, &mut X) -> R + Sync,
) -> (Vec<X>, Vec<R>, Vec<Error>)
where
    X: Default + Send,
    R: Send,
{
    let (mut results, mut failures) = (Vec::new(), Vec::new());
    let states = corpus::run(
        analyzer,
        reader,
        items,
        &Parallelism::new(threads, 64),
        |windows, x: &mut X, _| per_document(windows, x),
        |piece| {
            match piece {
                Piece::Part(r) | Piece::Document(r) => results.push(r),
                Piece::Item(outcome) => failures.extend(outcome.result.err()),
            }
            Ok::<(), ()>(())
        },
    );
    (states.unwrap_or_default(), results, failures)
}

/// Transcripts as JSON: id, format, source, metadata, text, speakers with their roles, turns with
/// their spans, speakers, roles and times, and the reader's warnings.
pub fn transcripts_json(transcripts: &[Transcript]) -> String {
    let docs: Vec<serde_json::Value> = transcripts
        .iter()
        .map(|t| {
            let turns: Vec<serde_json::Value> = t
                .turns
                .iter()
                .map(|turn| {
                    serde_json::json!({
                        "speaker": t.turn_speaker(turn),
                        "role": turn.role,
                        "start": turn.span.start,
                        "end": turn.span.end,
                        "start_time": t.turn_start(turn),
                        "end_time": t.turn_end(turn),
                    })
                })
                .collect();
            let warnings: Vec<String> = t.warnings.iter().map(|w| w.to_string()).collect();
            serde_json::json!({
                "id": t.id,
                "format": t.format.name(),
                "source": t.source.as_ref().map(|p| p.display().to_string()),
                "metadata": t.metadata,
                "text": t.text,
                "speakers": t.speakers(),
                "turns": turns,
                "warnings": warnings,
            })
        })
        .collect();
    serde_json::to_string(&docs).unwrap_or_default()
}
