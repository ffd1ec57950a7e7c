//! Finding the documents: files, folders walked recursively, glob patterns.

use crate::error::{Error, Result};
use std::path::{Path, PathBuf};

/// File extensions taken when walking a folder (explicitly named files are always taken).
pub const TRANSCRIPT_EXTENSIONS: &[&str] =
    &["txt", "vtt", "srt", "trs", "textgrid", "jsonl", "ndjson"];

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
}
