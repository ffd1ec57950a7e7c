//! Progress on stderr for long runs: a live line when stderr is a terminal, a summary at the end.

use entretien::corpus::RunTally;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

pub struct Progress {
    started: Instant,
    last_draw: Instant,
    live: bool,
    /// What was read so far (the library counts; this draws).
    pub tally: RunTally,
}

impl Progress {
    /// A progress line drawn only if stderr is a terminal and `quiet` is off.
    pub fn new(total_files: usize, quiet: bool) -> Progress {
        let now = Instant::now();
        Progress {
            started: now,
            last_draw: now,
            live: !quiet && std::io::stderr().is_terminal(),
            tally: RunTally::new(total_files),
        }
    }

    pub fn tick(&mut self) {
        if self.live && self.last_draw.elapsed() >= Duration::from_millis(120) {
            self.last_draw = Instant::now();
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{}", self.tally.line(self.started.elapsed()));
            let _ = err.flush();
        }
    }

    /// Clears the live line, if one is drawn, before a message.
    fn clear(&self) {
        if self.live {
            eprint!("\r\x1b[2K");
        }
    }

    /// Reports an unreadable or malformed source on stderr and counts it; with `strict`, the error that
    /// stops the run.
    pub fn failure(
        &mut self,
        source: &str,
        e: &entretien::Error,
        strict: bool,
    ) -> anyhow::Result<()> {
        self.tally.failed += 1;
        self.clear();
        // The library's message names its file; a JSON line's source adds the line.
        // Every command that reports failures this way has --lossy.
        let names: Vec<&str> = entretien::Format::ALL.iter().map(|f| f.name()).collect();
        let hint = match e.kind() {
            entretien::ErrorKind::InvalidUtf8 { .. } => "; --lossy replaces invalid bytes".into(),
            entretien::ErrorKind::NulByte { .. } => "; --lossy reads it anyway".into(),
            entretien::ErrorKind::UnsupportedFormat { .. } => format!(
                "; or, if it is one of them, force it with --input-format ({})",
                names.join(", ")
            ),
            _ => String::new(),
        };
        match e.path() {
            Some(_) => eprintln!("entretien: error: {e}{hint}"),
            None => eprintln!("entretien: error: {source}: {e}{hint}"),
        }
        if strict {
            anyhow::bail!("stopped at the first error (--strict)");
        }
        Ok(())
    }

    /// Prints one line on stderr, `entretien: LINE`, clearing the live line first.
    pub fn note(&self, line: &str) {
        self.clear();
        eprintln!("entretien: {line}");
    }

    /// Prints a document's reader warnings (`path:line: message`) on stderr.
    pub fn warnings(&self, warnings: &[entretien::transcript::Warning]) {
        for w in warnings {
            self.clear();
            eprintln!("entretien: warning: {w}");
        }
    }

    /// Clears the live line and prints the one-line summary.
    pub fn finish(&self, quiet: bool) {
        self.clear();
        if !quiet {
            eprintln!("entretien: {}", self.tally.line(self.started.elapsed()));
        }
    }
}
