//! Writing: files renamed into place, one CSV dialect, JSON lines, terminal width.

use anyhow::{bail, Context};
use entretien::tables::CsvTable;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// Temporary files start with this, then the writer's process id: `.entretien-tmp-PID-NAME`.
const TMP_PREFIX: &str = ".entretien-tmp-";

/// Whether an error comes from writing to a closed pipe (`| head`), which ends the tool quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    let broken = |io: &std::io::Error| io.kind() == std::io::ErrorKind::BrokenPipe;
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().is_some_and(broken)
            || c.downcast_ref::<entretien::Error>()
                .and_then(entretien::Error::io_error)
                .is_some_and(broken)
            || c.downcast_ref::<csv::Error>()
                .is_some_and(|e| matches!(e.kind(), csv::ErrorKind::Io(io) if broken(io)))
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|e| e.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}

/// A file written under a temporary name in its folder and renamed into place by [`AtomicFile::commit`];
/// dropped without a commit, it is removed, so a failed run never leaves a half-written file.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Creates the temporary file now (so that an unwritable place fails before any work), after
    /// removing the temporary files that dead runs left in that folder. Refuses to stand for an input.
    pub fn create(path: &Path, inputs: &[PathBuf]) -> anyhow::Result<AtomicFile> {
        // Never over an input (compared after resolving links and relative parts).
        if let Ok(target) = path.canonicalize() {
            if inputs
                .iter()
                .any(|i| i.canonicalize().is_ok_and(|i| i == target))
            {
                let path = path.display();
                bail!("refusing to overwrite {path}: it is one of the inputs");
            }
        }
        if path.is_dir() {
            bail!(
                "cannot write {}: it is a folder; give a file name",
                path.display()
            );
        }
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        remove_stale(dir);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default();
        let tmp = dir.join(format!("{TMP_PREFIX}{}-{name}", std::process::id()));
        let file =
            File::create(&tmp).with_context(|| format!("cannot write in {}", dir.display()))?;
        Ok(AtomicFile {
            path: path.to_path_buf(),
            tmp,
            writer: Some(BufWriter::new(file)),
        })
    }

    pub fn writer(&mut self) -> &mut BufWriter<File> {
        self.writer
            .as_mut()
            .expect("an uncommitted file has its writer")
    }

    /// The temporary file's path (to read back what was written).
    pub fn tmp_path(&self) -> &Path {
        &self.tmp
    }

    /// Flushes and renames the file into place.
    pub fn commit(mut self) -> anyhow::Result<()> {
        if let Some(mut w) = self.writer.take() {
            w.flush()
                .with_context(|| format!("cannot write {}", self.path.display()))?;
            let _ = w.get_ref().sync_all();
        }
        std::fs::rename(&self.tmp, &self.path)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.tmp);
    }
}

/// Removes `.entretien-tmp-PID-…` files of processes that no longer run (where that can be known).
fn remove_stale(dir: &Path) {
    let proc = Path::new("/proc");
    if !proc.is_dir() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(rest) = name.to_str().and_then(|n| n.strip_prefix(TMP_PREFIX)) else {
            continue;
        };
        let pid = rest.split('-').next().unwrap_or("");
        if pid.parse::<u32>().is_ok() && !proc.join(pid).exists() {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Writes `path` through an [`AtomicFile`].
pub fn write_atomic(path: &Path, inputs: &[PathBuf], bytes: &[u8]) -> anyhow::Result<()> {
    let mut file = AtomicFile::create(path, inputs)?;
    file.writer().write_all(bytes)?;
    file.commit()
}

/// A CSV writer of data rows: every non-numeric field quoted, so that `NA`, `nan`, `true` stay text.
pub fn csv_rows<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new()
        .has_headers(false)
        .quote_style(csv::QuoteStyle::NonNumeric)
        .from_writer(w)
}

/// Writes a header line (quoted only where needed: names are not data).
pub fn csv_header<W: Write, S: AsRef<str>>(w: &mut W, names: &[S]) -> anyhow::Result<()> {
    let mut h = csv::WriterBuilder::new().has_headers(false).from_writer(w);
    h.write_record(names.iter().map(AsRef::as_ref))?;
    h.flush()?;
    Ok(())
}

/// Writes a table of the library's rows as CSV: its header, then every row's records.
pub fn write_csv_table<T: CsvTable>(
    w: &mut impl Write,
    rows: impl IntoIterator<Item = T>,
) -> anyhow::Result<()> {
    csv_header(w, T::HEADER)?;
    let mut csv = csv_rows(w);
    for row in rows {
        for rec in row.records() {
            csv.write_record(&rec)?;
        }
    }
    csv.flush()?;
    Ok(())
}

/// Writes a value as one line of JSON.
pub fn json_line(w: &mut impl Write, value: &impl serde::Serialize) -> anyhow::Result<()> {
    serde_json::to_writer(&mut *w, value)?;
    w.write_all(b"\n")?;
    Ok(())
}

/// Columns of the terminal: `COLUMNS`, or 100.
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&c| c >= 20)
        .unwrap_or(100)
}
