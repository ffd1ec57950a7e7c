//! Finding the documents: files, folders walked recursively, glob patterns. (About 160 of its lines
//! are its unit tests, which build folder trees with links and loops.)

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// File extensions taken when walking a folder (explicitly named files are always taken).
/// `.xml` and `.json` files are not taken (too many are not transcripts): name them, or use a glob.
pub const TRANSCRIPT_EXTENSIONS: &[&str] = &[
    "txt", "vtt", "srt", "trs", "textgrid", "jsonl", "ndjson", "docx", "odt", "eaf", "cha", "tei",
];

/// Expands command-line inputs into a sorted, de-duplicated list of files.
///
/// Each input is a file (always taken), a folder (walked recursively, taking files whose extension is in
/// [`TRANSCRIPT_EXTENSIONS`], skipping hidden entries), or a glob pattern with `*`, `?` and `**`
/// (`corpora/**/*.trs`). Files found inside one input are sorted by path, so runs are reproducible.
/// An input that matches nothing is an error naming it. Each file is taken once, however many inputs
/// or links reach it; see [`Discovery`] to exclude paths and to learn what was skipped.
pub fn discover<P: AsRef<Path>>(inputs: &[P]) -> Result<Vec<PathBuf>> {
    Discovery::new().discover(inputs).map(|d| d.files)
}

/// Finds the files of command-line inputs, once each, and says what it skipped and why.
///
/// ```no_run
/// use entretien::corpus::{Discovery, SkipReason};
///
/// let found = Discovery::new().exclude("corpus/out").discover(&["corpus"])?;
/// let excluded = found
///     .skipped
///     .iter()
///     .filter(|s| matches!(s.reason, SkipReason::Excluded { .. }))
///     .count();
/// eprintln!("{} files, skipped {excluded} files under the output folder", found.files.len());
/// # Ok::<(), entretien::Error>(())
/// ```
///
/// Files are compared by canonical path ([`std::fs::canonicalize`]): a file reached through two inputs
/// or two links is taken once, under the path without a link if there is one, else the first in
/// order. Links to folders are followed, once per folder; a link back to a folder being walked (a
/// loop) is not followed. The same `Discovery` remembers the files of earlier [`add`](Self::add)s.
#[derive(Debug, Default)]
pub struct Discovery {
    excluded: Vec<PathBuf>,
    /// Canonical path of each file taken, and the path it was taken under.
    taken: HashMap<PathBuf, PathBuf>,
    /// Canonical path of each folder walked, and the path it was first walked under.
    walked: HashMap<PathBuf, PathBuf>,
    skipped: Vec<Skipped>,
}

/// The files found for some inputs, in order, and the paths skipped on the way.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Discovered {
    /// The files found, in order.
    pub files: Vec<PathBuf>,
    /// What was left out, and why.
    pub skipped: Vec<Skipped>,
}

/// A file or folder met while walking the inputs and not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The file, where known.
    pub path: PathBuf,
    /// Why it was left out.
    pub reason: SkipReason,
}

/// Why a path was not taken.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// It lies under a path given to [`Discovery::exclude`] (`by`, as given).
    Excluded {
        /// The excluded path.
        by: PathBuf,
    },
    /// Found in a folder walk, with an extension not in [`TRANSCRIPT_EXTENSIONS`].
    UnknownExtension,
    /// The same file, or folder, as `of`, already taken.
    Duplicate {
        /// The file or folder taken.
        of: PathBuf,
    },
    /// A link to `target`, a folder that contains it: following it would loop.
    SymlinkLoop {
        /// The folder the link leads to.
        target: PathBuf,
    },
    /// Not a regular file: a named pipe, a socket or a device, which reading could block on.
    NotAFile,
}

impl std::fmt::Display for Skipped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: ", self.path.display())?;
        match &self.reason {
            SkipReason::Excluded { by } => write!(f, "under the excluded path {}", by.display()),
            SkipReason::UnknownExtension => write!(
                f,
                "not a transcript extension ({})",
                TRANSCRIPT_EXTENSIONS.join(", ")
            ),
            SkipReason::Duplicate { of } => write!(f, "the same as {}", of.display()),
            SkipReason::SymlinkLoop { target } => {
                write!(f, "a link back to {}, not followed", target.display())
            }
            SkipReason::NotAFile => {
                f.write_str("not a regular file (a named pipe, socket or device), not read")
            }
        }
    }
}

impl Discovery {
    /// A new instance with the default settings.
    pub fn new() -> Discovery {
        Discovery::default()
    }

    /// Leaves out the files under `path` (a folder or a file) met while walking a folder or expanding
    /// a glob, such as an output folder inside the corpus. An exclusion that contains an input itself
    /// does not apply to that input, and explicitly named files are always taken. A path that does not
    /// exist excludes nothing.
    pub fn exclude(mut self, path: impl Into<PathBuf>) -> Discovery {
        self.excluded.push(path.into());
        self
    }

    /// Finds the files of all `inputs`, in order.
    pub fn discover<P: AsRef<Path>>(mut self, inputs: &[P]) -> Result<Discovered> {
        let mut files = Vec::new();
        for input in inputs {
            files.extend(self.add(input)?);
        }
        Ok(Discovered {
            files,
            skipped: self.skipped,
        })
    }

    /// Finds the files of one more input that no earlier input gave, sorted by path.
    pub fn add(&mut self, input: impl AsRef<Path>) -> Result<Vec<PathBuf>> {
        let input = input.as_ref();
        let mut walk = Walk {
            excluded: Vec::new(),
            excluding: None,
            globbing: false,
            ancestors: Vec::new(),
            found: Vec::new(),
            walked: &mut self.walked,
            skipped: &mut self.skipped,
        };
        if input.is_dir() {
            let root = canonical(input);
            walk.exclusions(&self.excluded, &root);
            walk.walked
                .entry(root.clone())
                .or_insert(input.to_path_buf());
            walk.ancestors.push(root);
            walk.folder(input, false)?;
        } else if input.is_file() {
            walk.found.push(Found {
                canonical: canonical(input),
                path: input.to_path_buf(),
                via_link: false,
            });
        } else if std::fs::symlink_metadata(input).is_ok() && !has_glob(input) {
            // It exists, but is neither a file nor a folder (or is a link to nothing).
            let what = if input.exists() {
                "not a regular file or folder (a named pipe, socket or device): it is not read"
            } else {
                "a link to a file or folder that does not exist"
            };
            return Err(Error::io(
                Some(input),
                std::io::Error::new(std::io::ErrorKind::InvalidInput, what),
            ));
        } else if has_glob(input) {
            let before = walk.skipped.len();
            walk.glob(input, &self.excluded)?;
            if walk.found.is_empty() && walk.skipped.len() == before {
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
        let mut found = std::mem::take(&mut walk.found);
        // One path per file: the one without a link if any, else the first in order.
        found.sort_by(|a, b| {
            (&a.canonical, a.via_link, &a.path).cmp(&(&b.canonical, b.via_link, &b.path))
        });
        let mut chosen: Vec<Found> = Vec::with_capacity(found.len());
        for f in found {
            match chosen.last() {
                Some(first) if first.canonical == f.canonical => self.skipped.push(Skipped {
                    path: f.path,
                    reason: SkipReason::Duplicate {
                        of: first.path.clone(),
                    },
                }),
                _ => chosen.push(f),
            }
        }
        chosen.sort_by(|a, b| a.path.cmp(&b.path));
        let mut files = Vec::with_capacity(chosen.len());
        for f in chosen {
            if let Some(first) = self.taken.get(&f.canonical) {
                self.skipped.push(Skipped {
                    path: f.path,
                    reason: SkipReason::Duplicate { of: first.clone() },
                });
            } else {
                self.taken.insert(f.canonical, f.path.clone());
                files.push(f.path);
            }
        }
        Ok(files)
    }

    /// What was skipped so far.
    pub fn skipped(&self) -> &[Skipped] {
        &self.skipped
    }

    /// What was left out, and why.
    pub fn into_skipped(self) -> Vec<Skipped> {
        self.skipped
    }
}

struct Found {
    path: PathBuf,
    canonical: PathBuf,
    via_link: bool,
}

/// The state of walking one input.
struct Walk<'a> {
    /// Exclusions that apply to this input: canonical path, and the path as given.
    excluded: Vec<(PathBuf, PathBuf)>,
    /// Inside an excluded folder: the exclusion, as given.
    excluding: Option<PathBuf>,
    globbing: bool,
    /// Canonical paths of the folders from the input down to the current one.
    ancestors: Vec<PathBuf>,
    found: Vec<Found>,
    walked: &'a mut HashMap<PathBuf, PathBuf>,
    skipped: &'a mut Vec<Skipped>,
}

impl Walk<'_> {
    fn exclusions(&mut self, excluded: &[PathBuf], root: &Path) {
        self.excluded = excluded
            .iter()
            .filter_map(|given| {
                let c = std::fs::canonicalize(given).ok()?;
                (!root.starts_with(&c)).then(|| (c, given.clone()))
            })
            .collect();
    }

    fn excluded_by(&self, canonical: &Path) -> Option<PathBuf> {
        self.excluded
            .iter()
            .find(|(c, _)| canonical.starts_with(c))
            .map(|(_, given)| given.clone())
    }

    fn skip(&mut self, path: PathBuf, reason: SkipReason) {
        self.skipped.push(Skipped { path, reason });
    }

    fn folder(&mut self, dir: &Path, via_link: bool) -> Result<()> {
        for path in read_dir_sorted(dir)? {
            if is_hidden(&path) {
                continue;
            }
            let link = is_link(&path);
            let via_link = via_link || link;
            // One stat for both questions; an entry that cannot be stat'ed (a dangling link) is
            // taken, and reading it says why it fails.
            let meta = std::fs::metadata(&path).ok();
            if meta.as_ref().is_some_and(|m| m.is_dir()) {
                self.enter(path, via_link, |walk, path| walk.folder(path, via_link))?;
            } else if meta.is_some_and(|m| !m.is_file()) {
                // A named pipe would block the run forever.
                if is_transcript_file(&path) {
                    self.skip(path, SkipReason::NotAFile);
                }
            } else if link {
                self.file(path, via_link, true);
            } else {
                // A plain file in a folder whose canonical path is known: no need to resolve it again
                // (resolving costs a system call per path component, per file).
                let known = self
                    .ancestors
                    .last()
                    .zip(path.file_name())
                    .map(|(dir, name)| dir.join(name));
                self.file_known(path, via_link, true, known);
            }
        }
        Ok(())
    }

    /// Walks into a folder with `inside`, unless it loops or (in a folder walk) was walked before
    /// through a link. Files under an excluded folder are listed as skipped.
    fn enter(
        &mut self,
        path: PathBuf,
        via_link: bool,
        inside: impl FnOnce(&mut Self, &Path) -> Result<()>,
    ) -> Result<()> {
        let canonical = canonical(&path);
        if self.ancestors.contains(&canonical) {
            self.skip(path, SkipReason::SymlinkLoop { target: canonical });
            return Ok(());
        }
        // A glob sees only part of a folder, so only folder walks count as having seen it all. A path
        // without links is walked even if a link reached its folder first, so that files are named by
        // their own path.
        if !self.globbing {
            if let Some(first) = self.walked.get(&canonical).filter(|_| via_link) {
                let of = first.clone();
                self.skip(path, SkipReason::Duplicate { of });
                return Ok(());
            }
            self.walked
                .entry(canonical.clone())
                .or_insert_with(|| path.clone());
        }
        let outer = self.excluding.clone();
        if outer.is_none() {
            self.excluding = self.excluded_by(&canonical);
        }
        self.ancestors.push(canonical);
        let result = inside(self, &path);
        self.ancestors.pop();
        self.excluding = outer;
        result
    }

    /// A file met in a walk (`in_walk`: its extension must be a transcript's) or matched by a glob.
    fn file(&mut self, path: PathBuf, via_link: bool, in_walk: bool) {
        self.file_known(path, via_link, in_walk, None)
    }

    /// [`Walk::file`], with its canonical path when the caller knows it.
    fn file_known(
        &mut self,
        path: PathBuf,
        via_link: bool,
        in_walk: bool,
        canonical_path: Option<PathBuf>,
    ) {
        if let Some(by) = self.excluding.clone() {
            return self.skip(path, SkipReason::Excluded { by });
        }
        let canonical = canonical_path.unwrap_or_else(|| canonical(&path));
        if let Some(by) = self.excluded_by(&canonical) {
            return self.skip(path, SkipReason::Excluded { by });
        }
        if in_walk && !is_transcript_file(&path) {
            return self.skip(path, SkipReason::UnknownExtension);
        }
        self.found.push(Found {
            path,
            canonical,
            via_link,
        });
    }

    fn glob(&mut self, pattern: &Path, excluded: &[PathBuf]) -> Result<()> {
        let text = pattern.to_string_lossy();
        let absolute = text.starts_with('/');
        let parts: Vec<&str> = text
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        let base = if absolute {
            PathBuf::from("/")
        } else {
            PathBuf::from(".")
        };
        // Exclusions apply below the pattern's fixed part, as they do below a folder given as input.
        let fixed = parts.iter().take_while(|p| !p.contains(['*', '?']));
        let root = canonical(&fixed.fold(base.clone(), |dir, p| dir.join(p)));
        self.exclusions(excluded, &root);
        self.globbing = true;
        self.ancestors.push(canonical(&base));
        self.glob_parts(&base, &parts, !absolute, false)
    }

    fn glob_parts(
        &mut self,
        base: &Path,
        parts: &[&str],
        relative: bool,
        via_link: bool,
    ) -> Result<()> {
        let Some((first, rest)) = parts.split_first() else {
            if base.is_file() {
                self.file(strip_dot(base, relative), via_link, false);
            }
            return Ok(());
        };
        if *first == "**" {
            // `**` matches zero or more folders.
            self.glob_parts(base, rest, relative, via_link)?;
            if base.is_dir() {
                for path in read_dir_sorted(base)? {
                    if path.is_dir() && !is_hidden(&path) {
                        self.glob_step(path, parts, relative, via_link)?;
                    }
                }
            }
            return Ok(());
        }
        if !first.contains(['*', '?']) {
            let next = base.join(first);
            if next.exists() {
                self.glob_step(next, rest, relative, via_link)?;
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
                self.glob_step(path, rest, relative, via_link)?;
            }
        }
        Ok(())
    }

    fn glob_step(&mut self, path: PathBuf, rest: &[&str], relative: bool, via: bool) -> Result<()> {
        let via_link = via || is_link(&path);
        if rest.is_empty() || !path.is_dir() {
            return self.glob_parts(&path, rest, relative, via_link);
        }
        self.enter(path, via_link, |walk, path| {
            walk.glob_parts(path, rest, relative, via_link)
        })
    }
}

fn canonical(path: &Path) -> PathBuf {
    // A path that cannot be resolved (a dangling link) stands for itself; reading it reports why.
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
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

fn has_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?'])
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

    #[cfg(unix)]
    fn tree() -> (tempfile::TempDir, PathBuf) {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let corpus = dir.path().join("corpus");
        let outside = dir.path().join("outside");
        for d in [&corpus.join("out"), &corpus.join("zz_sub"), &outside] {
            std::fs::create_dir_all(d).unwrap();
        }
        for f in [
            "a.txt",
            "b.txt",
            "notes.csv",
            ".hidden.txt",
            "out/evidence.jsonl",
            "out/documents.csv",
            "zz_sub/x.txt",
        ] {
            std::fs::write(corpus.join(f), "Enquêteur : bonjour\n").unwrap();
        }
        std::fs::write(outside.join("c.txt"), "Enquêteur : bonjour\n").unwrap();
        symlink(".", corpus.join("again")).unwrap();
        symlink("a.txt", corpus.join("dup.txt")).unwrap();
        symlink("../outside", corpus.join("l1")).unwrap();
        symlink("../outside", corpus.join("l2")).unwrap();
        symlink("zz_sub", corpus.join("link_sub")).unwrap();
        (dir, corpus)
    }

    #[cfg(unix)]
    fn reason_of<'a>(found: &'a Discovered, path: &Path) -> Option<&'a SkipReason> {
        found
            .skipped
            .iter()
            .find(|s| s.path == path)
            .map(|s| &s.reason)
    }

    #[cfg(unix)]
    #[test]
    fn loops_and_links_give_each_file_once() {
        let (_dir, corpus) = tree();
        let found = Discovery::new()
            .exclude(corpus.join("out"))
            .discover(&[&corpus])
            .unwrap();
        let names: Vec<_> = found
            .files
            .iter()
            .map(|f| f.strip_prefix(&corpus).unwrap().to_path_buf())
            .collect();
        let expected: Vec<PathBuf> = ["a.txt", "b.txt", "l1/c.txt", "zz_sub/x.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(names, expected, "skipped: {:?}", found.skipped);
        assert!(matches!(
            reason_of(&found, &corpus.join("again")),
            Some(SkipReason::SymlinkLoop { .. })
        ));
        assert_eq!(
            reason_of(&found, &corpus.join("dup.txt")),
            Some(&SkipReason::Duplicate {
                of: corpus.join("a.txt")
            })
        );
        assert_eq!(
            reason_of(&found, &corpus.join("l2")),
            Some(&SkipReason::Duplicate {
                of: corpus.join("l1")
            })
        );
        assert_eq!(
            reason_of(&found, &corpus.join("link_sub/x.txt")),
            Some(&SkipReason::Duplicate {
                of: corpus.join("zz_sub/x.txt")
            })
        );
        assert_eq!(
            reason_of(&found, &corpus.join("notes.csv")),
            Some(&SkipReason::UnknownExtension)
        );
        let excluded: Vec<_> = found
            .skipped
            .iter()
            .filter(|s| matches!(s.reason, SkipReason::Excluded { .. }))
            .map(|s| s.to_string())
            .collect();
        assert_eq!(excluded.len(), 2, "{excluded:?}");
        assert!(excluded[0].contains("under the excluded path"));

        // Another input reaching the same files adds nothing.
        let again = discover(&[
            corpus.clone(),
            corpus.join("a.txt"),
            corpus.join("../outside"),
        ]);
        assert_eq!(again.unwrap().len(), 5);
    }

    #[cfg(unix)]
    #[test]
    fn exclusions_apply_below_the_input_only() {
        let (_dir, corpus) = tree();
        // An exclusion that contains the input (`--out .`) leaves it alone.
        let found = Discovery::new()
            .exclude(corpus.parent().unwrap())
            .discover(&[&corpus])
            .unwrap();
        assert_eq!(found.files.len(), 5);
        // Named files are taken even when excluded.
        let named = corpus.join("out/evidence.jsonl");
        let found = Discovery::new()
            .exclude(corpus.join("out"))
            .discover(&[&named])
            .unwrap();
        assert_eq!(found.files, vec![named]);
        // A missing exclusion excludes nothing.
        let found = Discovery::new()
            .exclude(corpus.join("nowhere"))
            .discover(&[&corpus])
            .unwrap();
        assert_eq!(found.files.len(), 5);
    }

    #[cfg(unix)]
    #[test]
    fn globs_do_not_follow_loops() {
        let (_dir, corpus) = tree();
        let pattern = corpus.join("**/*.txt");
        let found = Discovery::new()
            .exclude(corpus.join("zz_sub"))
            .discover(&[&pattern])
            .unwrap();
        let names: Vec<_> = found
            .files
            .iter()
            .map(|f| f.strip_prefix(&corpus).unwrap().to_path_buf())
            .collect();
        let expected: Vec<PathBuf> = ["a.txt", "b.txt", "l1/c.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(names, expected, "skipped: {:?}", found.skipped);
        assert!(matches!(
            reason_of(&found, &corpus.join("zz_sub/x.txt")),
            Some(SkipReason::Excluded { .. })
        ));
        assert!(matches!(
            reason_of(&found, &corpus.join("again")),
            Some(SkipReason::SymlinkLoop { .. })
        ));
    }
}
