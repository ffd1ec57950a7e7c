//! Output helpers shared by subcommands.

/// Whether an error comes from writing to a closed pipe (`| head`), which ends the tool quietly.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

use anyhow::{bail, Context};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// A file written under a temporary name in its folder and renamed into place by [`AtomicFile::commit`];
/// dropped without a commit, it is removed, so a failed run never leaves a half-written file.
pub struct AtomicFile {
    path: PathBuf,
    tmp: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl AtomicFile {
    /// Refuses to stand for any of `inputs`.
    pub fn create(path: &Path, inputs: &[PathBuf]) -> anyhow::Result<AtomicFile> {
        refuse_inputs(path, inputs)?;
        let dir = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = dir.join(format!(".{}.tmp-{}", name, std::process::id()));
        let file =
            File::create(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
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

    /// Flushes and renames the file into place.
    pub fn commit(mut self) -> anyhow::Result<()> {
        if let Some(mut w) = self.writer.take() {
            w.flush()?;
            let _ = w.get_ref().sync_all();
        }
        std::fs::rename(&self.tmp, &self.path)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes `path` through an [`AtomicFile`]. Refuses to write over any of `inputs`.
pub fn write_atomic(
    path: &Path,
    inputs: &[PathBuf],
    fill: impl FnOnce(&mut BufWriter<File>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut file = AtomicFile::create(path, inputs)?;
    fill(file.writer())?;
    file.commit()
}

/// An error if `path` names one of `inputs` (after resolving links and relative parts).
pub fn refuse_inputs(path: &Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    let Ok(target) = path.canonicalize() else {
        return Ok(()); // does not exist yet: cannot be an input
    };
    for input in inputs {
        if input.canonicalize().is_ok_and(|i| i == target) {
            bail!(
                "refusing to write {}: it is one of the inputs",
                path.display()
            );
        }
    }
    Ok(())
}

/// A CSV field, quoted when it needs to be (RFC 4180).
pub fn csv_field(s: &str) -> std::borrow::Cow<'_, str> {
    if s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ') {
        std::borrow::Cow::Owned(format!("\"{}\"", s.replace('"', "\"\"")))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

/// Writes one CSV record.
pub fn csv_row<W: Write, S: AsRef<str>>(w: &mut W, fields: &[S]) -> std::io::Result<()> {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            w.write_all(b",")?;
        }
        w.write_all(csv_field(f.as_ref()).as_bytes())?;
    }
    w.write_all(b"\n")
}
