//! Progress on stderr for long runs: a live line when stderr is a terminal, a summary at the end.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    started: Instant,
    last_draw: Instant,
    live: bool,
    total_files: usize,
    pub documents: u64,
    files: u64,
    /// The file of the last item seen: the lines of a JSON Lines file are items of one file.
    last_file: Option<String>,
    bytes: u64,
    pub failed: u64,
}

impl Progress {
    /// A progress line drawn only if stderr is a terminal and `quiet` is off.
    pub fn new(total_files: usize, quiet: bool) -> Progress {
        let now = Instant::now();
        Progress {
            started: now,
            last_draw: now,
            live: !quiet && std::io::stderr().is_terminal(),
            total_files,
            documents: 0,
            files: 0,
            last_file: None,
            bytes: 0,
            failed: 0,
        }
    }

    /// Counts an item read from `source` (a file, or `file:line` for a JSON line) and its bytes.
    pub fn item(&mut self, source: &str, bytes: u64) {
        self.bytes += bytes;
        let file = file_of(source);
        if self.last_file.as_deref() != Some(file) {
            self.files += 1;
            self.last_file = Some(file.to_string());
        }
    }

    pub fn tick(&mut self) {
        if self.live && self.last_draw.elapsed() >= Duration::from_millis(120) {
            self.last_draw = Instant::now();
            let line = self.line();
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{}", line);
            let _ = err.flush();
        }
    }

    fn line(&self) -> String {
        let secs = self.started.elapsed().as_secs_f64().max(1e-9);
        let mb = self.bytes as f64 / 1e6;
        let files = format!(
            "{}/{} file{}",
            self.files,
            self.total_files,
            plural(self.total_files)
        );
        let failed = if self.failed > 0 {
            format!(", {} failed", self.failed)
        } else {
            String::new()
        };
        format!(
            "{} document{}, {}{}, {:.1} MB in {:.1} s ({:.1} MB/s)",
            self.documents,
            plural(self.documents as usize),
            files,
            failed,
            mb,
            secs,
            mb / secs
        )
    }

    /// Reports an unreadable or malformed source on stderr and counts it; with `strict`, the error that
    /// stops the run.
    pub fn failure(
        &mut self,
        source: &str,
        e: &entretien::Error,
        strict: bool,
    ) -> anyhow::Result<()> {
        self.failed += 1;
        if self.live {
            eprint!("\r\x1b[2K");
        }
        // The library's message names its file; a JSON line's source adds the line.
        match e.path() {
            Some(_) => eprintln!("entretien: error: {e}"),
            None => eprintln!("entretien: error: {source}: {e}"),
        }
        if strict {
            anyhow::bail!("stopped at the first error (--strict)");
        }
        Ok(())
    }

    /// Prints a document's reader warnings (`path:line: message`) on stderr.
    pub fn warnings(&self, warnings: &[entretien::transcript::Warning]) {
        for w in warnings {
            if self.live {
                eprint!("\r\x1b[2K");
            }
            eprintln!("entretien: warning: {w}");
        }
    }

    /// Clears the live line and prints the one-line summary.
    pub fn finish(&self, quiet: bool) {
        let mut err = std::io::stderr().lock();
        if self.live {
            let _ = write!(err, "\r\x1b[2K");
        }
        if !quiet {
            let _ = writeln!(err, "entretien: {}", self.line());
        }
    }
}

/// `s` for plurals.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The file part of an item's source: `corpus.jsonl:12` → `corpus.jsonl`.
fn file_of(source: &str) -> &str {
    match source.rsplit_once(':') {
        Some((file, line)) if !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) => file,
        _ => source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_of_one_file_count_as_one_file() {
        let mut p = Progress::new(3, true);
        for source in ["a.txt", "b.jsonl:1", "b.jsonl:2", "b.jsonl:4", "c.trs"] {
            p.item(source, 10);
        }
        assert_eq!(p.files, 3);
        assert_eq!(p.bytes, 50);
        assert_eq!(file_of("C:/data/x.txt"), "C:/data/x.txt");
        assert_eq!(file_of("-:7"), "-");
    }
}
