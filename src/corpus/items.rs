//! Work items: files, JSON Lines streamed line by line, standard input, and reading one item.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

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
