//! Bad input through the real binary: every case runs `entretien` in a temporary folder and checks
//! the exit code, that stderr names what and where in plain words, and what was (not) written.
//!
//! Every case also checks, whatever it is about: stderr holds no panic (`panicked at`), no Rust
//! debug output (`Some(`, `None`, `Error {`, `kind:`, `Os {`, `Metadata(`), no cause said twice
//! on a line, no message of a failed run left empty; the files the case set up are unchanged
//! afterwards (inputs are never modified); no `.entretien-tmp-*` file is left behind; and the run
//! ends within 20 s (a named pipe that blocked would hang it).
//!
//! The cases, grouped (`bad_input_cases` runs groups 1 to 5, `cli_error_paths` group 6):
//!
//! 1. Encodings: invalid UTF-8 at byte 0, in the middle, cut at the end, after the 4 KB format
//!    sniff, after a BOM (offset counts the BOM), in a .vtt, in one JSON line among good ones;
//!    `--lossy` reads it; UTF-16 LE and BE with a BOM (read), without a BOM (a NUL byte: refused
//!    with its offset), odd length, lone surrogate; UTF-32 LE and BE with a BOM, code point above
//!    U+10FFFF; Latin-1 bytes in a .txt (fixture); a BOM alone; NUL bytes (refused, `--lossy`
//!    reads them); an overlong sequence and an encoded surrogate (fixtures); `\xf8` and a code
//!    point above U+10FFFF in UTF-8; a PNG renamed .txt; a Transcriber file in declared Latin-1
//!    (read) or in an unsupported declared encoding.
//! 2. Formats: an empty file of each extension (.txt .vtt .srt .trs .TextGrid .jsonl .ndjson) and a
//!    blank one; Transcriber truncated, mismatched tags, unknown entity, billion laughs (fixture),
//!    100,000 nested elements, `--input-format trs` on text; TextGrid truncated, bad number, header
//!    only, `--input-format textgrid` on text; WebVTT without header, bad timing; SRT bad block,
//!    no timing; IRaMuTeQ bad star line, text before the first `****` (warning); JSON Lines with
//!    broken lines among good ones, every line broken, a line over the 64 MiB limit among good
//!    ones, `text` not a string, unknown role, a BOM before the first line; an 8 MB line of plain
//!    text (no limit: read); CR-only, NEL, U+2028 and U+2029 line ends; front matter not closed,
//!    empty, alone; legacy Word (.doc) and PDF files (unsupported, with the formats read), a
//!    truncated ELAN file, a .docx that
//!    is not a zip archive; a run where every input failed (an error, no table of zeros).
//! 3. Lexicons: empty, broken TOML (one line), unknown field, duplicate theme id, empty entry,
//!    weight 1e308 / NaN / inf / negative (and `lexicon check` agreeing on 1e308), .dic without
//!    `%`, with an unknown category, empty; YAML broken, empty, a list; non-UTF-8 lexicon; missing
//!    file; unknown extension (`lexicon check` says `--input-format`).
//! 4. CLI flags: `--threads 0`, `--threads 100000` (capped, said), `--threads 2^70`, kwic
//!    `--width` 10^11, `--unit paragraph`, `--negation maybe`, `--speakers nobody`, `--terms roots`,
//!    `--input-format pdf`, `--by` a key no document has (with and without metadata: an error),
//!    `--stopwords` missing or non-UTF-8, `--interviewer ''`, a bad `--interviewer-pattern`, kwic
//!    patterns empty, `a*b`, `=`, `theme:`, `theme:nope`; no input; `--text` with paths.
//! 5. File system and outputs: missing path; a folder with no supported file; an empty folder; a
//!    symlink loop (`ln -s . again`); a dangling link in a folder (reported, the others kept) and
//!    named; a named pipe named (refused) and in a folder (skipped, no hang); a folder named
//!    `x.txt` (root reads everything, so unreadable files are made this way); one bad file among
//!    good ones (the others kept, in order, exit 1); `--strict`; a glob matching nothing; stdin
//!    empty, invalid UTF-8, not JSON, plain text with invalid UTF-8, UTF-16 plain text; `--out`
//!    inside the input folder (left out of the inputs), onto an input file; `--aggregate-out`
//!    onto an input, under a regular file (`file.txt/sub`: root ignores permissions), onto a
//!    folder (refused before any row); stale `.entretien-tmp-*` files removed; `transcript`,
//!    `vocab`, `kwic` with a bad file among good ones; an empty file among good ones (warning).
//! 6. CLI error paths (`src/bin/entretien/*.rs`, `src/error.rs`), each once: `main` (an error's
//!    causes each said once), `merge` (parts good, twice, a copy, grouped differently, other
//!    lexicon, other negation, not an aggregate, truncated, non-UTF-8, missing, `-o` onto a part,
//!    `--out` onto a file, no part), `lexicon check` and `export` (broken, export onto its input,
//!    missing), `tokens` (missing file, invalid UTF-8 with `--lossy` said), `transcript` (no file),
//!    and the library's error kinds as the CLI shows them: I/O, InvalidUtf8, InvalidEncoding,
//!    NulByte, Transcript, UnsupportedFormat, Lexicon, Data, Config.
//!
//! Fixed bugs kept as cases (`fixed_bug_cases`): a TextGrid word where a number belongs.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What the case leaves on stdout or on disk.
#[derive(Clone, Copy)]
enum Out {
    /// Nothing on stdout.
    Empty,
    /// Stdout contains this.
    Has(&'static str),
    /// Stdout does not contain this.
    HasNot(&'static str),
    /// The JSON Lines rows on stdout have these ids, in this order.
    Ids(&'static [&'static str]),
    /// This file exists after the run.
    File(&'static str),
    /// This path does not exist after the run.
    NoFile(&'static str),
}

struct Case {
    name: &'static str,
    /// Creates the inputs in the case's folder (the working directory of the run).
    setup: fn(&Path),
    args: &'static [&'static str],
    stdin: Option<&'static [u8]>,
    code: i32,
    /// Each must be in stderr.
    stderr: &'static [&'static str],
    out: &'static [Out],
}

const GOOD: &[u8] = b"E : Bonjour.\nR : Je suis seul devant mon \xc3\xa9cran.\n";

fn w(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, bytes).unwrap();
}

fn fixture(dir: &Path, name: &str) {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/bad")
            .join(name),
    );
    w(dir, name, &bytes.unwrap());
}

fn utf16(text: &str, bom: bool, little: bool) -> Vec<u8> {
    let mut bytes = match (bom, little) {
        (false, _) => vec![],
        (true, true) => vec![0xFF, 0xFE],
        (true, false) => vec![0xFE, 0xFF],
    };
    for u in text.encode_utf16() {
        bytes.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    bytes
}

fn utf32(text: &str, little: bool) -> Vec<u8> {
    let mut bytes = if little {
        vec![0xFF, 0xFE, 0, 0]
    } else {
        vec![0, 0, 0xFE, 0xFF]
    };
    for c in text.chars() {
        let u = c as u32;
        bytes.extend(if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    bytes
}

fn jsonl(docs: &[(&str, &str)]) -> Vec<u8> {
    let mut out = String::new();
    for (id, text) in docs {
        out.push_str(&format!("{{\"id\":\"{id}\",\"text\":\"{text}\"}}\n"));
    }
    out.into_bytes()
}

fn good_three(d: &Path) {
    w(d, "c/a.txt", GOOD);
    w(d, "c/b.txt", b"R : Tout va bien.\n");
    w(d, "c/c.txt", b"R : Je me sens isol\xc3\xa9e.\n");
}

fn run_entretien(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(args)
        .current_dir(dir)
        .env("COLUMNS", "100")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the entretien binary runs");
    if let Some(bytes) = stdin {
        let mut input = child.stdin.take().unwrap();
        let bytes = bytes.to_vec();
        std::thread::spawn(move || {
            let _ = input.write_all(&bytes);
        });
    }
    // Read the pipes on threads so that a large output cannot block the child.
    let mut out_pipe = child.stdout.take().unwrap();
    let mut err_pipe = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut out_pipe, &mut v);
        v
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = std::io::Read::read_to_end(&mut err_pipe, &mut v);
        v
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return (-1, String::new(), "timed out after 20 s".into());
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let text = |b: Vec<u8>| String::from_utf8_lossy(&b).into_owned();
    (
        status.code().unwrap_or(-1),
        text(out.join().unwrap()),
        text(err.join().unwrap()),
    )
}

/// Every regular file under `dir` with its bytes (links and pipes are not followed).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let t = e.file_type().unwrap();
            if t.is_dir() {
                stack.push(e.path());
            } else if t.is_file() {
                files.insert(e.path(), std::fs::read(e.path()).unwrap());
            }
        }
    }
    files
}

/// Rust debug output and panic text that a readable message never holds.
const NOT_READABLE: &[&str] = &[
    "panicked at",
    "RUST_BACKTRACE",
    "Some(",
    "None",
    "Error {",
    "kind:",
    "Os {",
    "Metadata(",
    "SpeakerRole",
];

/// Checks one case; returns what went wrong.
fn check(case: &Case) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    (case.setup)(d);
    let before = snapshot(d);
    let (code, stdout, stderr) = run_entretien(d, case.args, case.stdin);
    let mut problems = Vec::new();
    let mut fail = |what: String| problems.push(what);
    if code != case.code {
        fail(format!("exit code {code}, expected {}", case.code));
    }
    if case.code != 0 && stderr.trim().is_empty() {
        fail("a failed run said nothing on stderr".into());
    }
    for fragment in case.stderr {
        if !stderr.contains(fragment) {
            fail(format!("stderr lacks {fragment:?}"));
        }
    }
    for bad in NOT_READABLE {
        if stderr.contains(bad) {
            fail(format!("stderr holds {bad:?}, not a readable message"));
        }
    }
    for line in stderr.lines() {
        // A cause said twice: the same piece twice between `: ` separators.
        let parts: Vec<&str> = line.split(": ").filter(|p| p.len() > 12).collect();
        for (i, p) in parts.iter().enumerate() {
            if parts[i + 1..].contains(p) {
                fail(format!("a cause said twice in {line:?}"));
            }
        }
    }
    for out in case.out {
        match *out {
            Out::Empty if !stdout.is_empty() => fail("stdout is not empty".into()),
            Out::Has(s) if !stdout.contains(s) => fail(format!("stdout lacks {s:?}")),
            Out::HasNot(s) if stdout.contains(s) => fail(format!("stdout holds {s:?}")),
            Out::Ids(ids) => {
                let found: Vec<String> = stdout
                    .lines()
                    .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
                    .filter_map(|v| v["id"].as_str().map(str::to_string))
                    .collect();
                if found != ids {
                    fail(format!("stdout ids {found:?}, expected {ids:?}"));
                }
            }
            Out::File(f) if !d.join(f).exists() => fail(format!("{f} was not written")),
            Out::NoFile(f) if d.join(f).exists() => fail(format!("{f} was written")),
            _ => {}
        }
    }
    let after = snapshot(d);
    for (path, bytes) in &before {
        let name = path.file_name().unwrap().to_string_lossy();
        match after.get(path) {
            Some(now) if now == bytes => {}
            // Stale temporary files are the tool's own, to remove.
            None if name.starts_with(".entretien-tmp-") => {}
            Some(_) => fail(format!("input {} was modified", path.display())),
            None => fail(format!("input {} was removed", path.display())),
        }
    }
    for path in after.keys() {
        let name = path.file_name().unwrap().to_string_lossy();
        if name.starts_with(".entretien-tmp-") && !before.contains_key(path) {
            fail(format!("temporary file {} left behind", path.display()));
        }
    }
    if problems.is_empty() {
        return problems;
    }
    vec![format!(
        "case {}: {}\n    args: {:?}\n    exit: {code}\n    stderr: {}\n    stdout: {}",
        case.name,
        problems.join("; "),
        case.args,
        stderr.trim_end().replace('\n', "\n            "),
        stdout
            .chars()
            .take(300)
            .collect::<String>()
            .replace('\n', "\n            ")
    )]
}

fn run_all(cases: &[Case]) {
    let mut names = std::collections::HashSet::new();
    for c in cases {
        assert!(names.insert(c.name), "case name {} used twice", c.name);
    }
    // Two workers: the machine has two cores.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let problems = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                let found = check(case);
                problems.lock().unwrap().extend(found);
            });
        }
    });
    let problems = problems.into_inner().unwrap();
    assert!(
        problems.is_empty(),
        "{} of {} cases failed:\n{}",
        problems.len(),
        cases.len(),
        problems.join("\n")
    );
}

macro_rules! args {
    (score $($a:expr),*) => { &["score", "-q", "--format", "jsonl", $($a),*] };
    ($($a:expr),*) => { &[$($a),*] };
}

fn bad_cases() -> Vec<Case> {
    vec![
        // 1. Encodings.
        Case {
            name: "utf8_invalid_first_byte",
            setup: |d| w(d, "bad.txt", b"\xffR : seul\n"),
            args: args!(score "bad.txt"),
            stdin: None,
            code: 1,
            stderr: &["bad.txt: byte offset 0: invalid UTF-8", "--lossy"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf8_invalid_middle",
            setup: |d| w(d, "bad.txt", b"R : je suis seul \xe9 ici\n"),
            args: args!(score "bad.txt"),
            stdin: None,
            code: 1,
            stderr: &["bad.txt: byte offset 17: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf8_cut_at_the_end",
            setup: |d| w(d, "bad.txt", b"R : seul\n\xc3"),
            args: args!(score "bad.txt"),
            stdin: None,
            code: 1,
            stderr: &["bad.txt: byte offset 9: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf8_invalid_after_sniff_window",
            setup: |d| {
                let mut b = b"R : ".to_vec();
                b.resize(b.len() + 5000, b'a');
                b.push(0xFF);
                w(d, "bad.txt", &b);
            },
            args: args!(score "bad.txt"),
            stdin: None,
            code: 1,
            stderr: &["bad.txt: byte offset 5004: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf8_invalid_after_bom",
            setup: |d| w(d, "bad.txt", b"\xef\xbb\xbfR : seul \xff\n"),
            args: args!(score "bad.txt"),
            stdin: None,
            code: 1,
            stderr: &["bad.txt: byte offset 12: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf8_invalid_lossy_reads",
            setup: |d| w(d, "bad.txt", b"R : je suis seul \xe9 ici\n"),
            args: args!(score "bad.txt", "--lossy"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Ids(&["bad"]), Out::Has("isolement")],
        },
        Case {
            name: "utf8_invalid_in_vtt",
            setup: |d| {
                w(
                    d,
                    "bad.vtt",
                    b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nseul \xff\n",
                )
            },
            args: args!(score "bad.vtt"),
            stdin: None,
            code: 1,
            stderr: &["bad.vtt: byte offset 43: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf8_invalid_in_one_json_line",
            setup: |d| {
                let mut b = jsonl(&[("a", "je suis seul")]);
                b.extend(b"{\"id\":\"b\",\"text\":\"\xff\"}\n");
                b.extend(jsonl(&[("c", "bonjour")]));
                w(d, "docs.jsonl", &b);
            },
            args: args!(score "docs.jsonl"),
            stdin: None,
            code: 1,
            stderr: &["docs.jsonl:2:", "UTF-8"],
            out: &[Out::Ids(&["a", "c"])],
        },
        Case {
            name: "utf16le_bom_read",
            setup: |d| {
                w(
                    d,
                    "u.txt",
                    &utf16("E : Bonjour.\nR : Je suis seul.\n", true, true),
                )
            },
            args: args!(score "u.txt"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Has("isolement")],
        },
        Case {
            name: "utf16be_bom_read",
            setup: |d| {
                w(
                    d,
                    "u.txt",
                    &utf16("E : Bonjour.\nR : Je suis seul.\n", true, false),
                )
            },
            args: args!(score "u.txt"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Has("isolement")],
        },
        Case {
            name: "utf16le_without_bom_fixture",
            setup: |d| fixture(d, "utf16le_sans_bom.txt"),
            args: args!(score "utf16le_sans_bom.txt"),
            stdin: None,
            code: 1,
            stderr: &[
                "utf16le_sans_bom.txt: byte offset 1: a NUL byte",
                "UTF-16 without a byte order mark",
                "--lossy",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "utf16be_without_bom",
            setup: |d| w(d, "u.txt", &utf16("R : Je suis seul.\n", false, false)),
            args: args!(score "u.txt"),
            stdin: None,
            code: 1,
            stderr: &["u.txt: byte offset 0: a NUL byte"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf16_odd_length",
            setup: |d| {
                let mut b = utf16("R : seul", true, true);
                b.push(b'x');
                w(d, "u.txt", &b);
            },
            args: args!(score "u.txt"),
            stdin: None,
            code: 1,
            stderr: &["u.txt: byte offset 18: invalid UTF-16"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf16_lone_surrogate",
            setup: |d| w(d, "u.txt", &[0xFF, 0xFE, b'R', 0, 0x00, 0xD8, b' ', 0]),
            args: args!(score "u.txt"),
            stdin: None,
            code: 1,
            stderr: &["u.txt: byte offset 4: invalid UTF-16"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf32le_bom_read",
            setup: |d| w(d, "u.txt", &utf32("R : Je suis seul.\n", true)),
            args: args!(score "u.txt"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Has("isolement")],
        },
        Case {
            name: "utf32be_bom_read",
            setup: |d| w(d, "u.txt", &utf32("R : Je suis seul.\n", false)),
            args: args!(score "u.txt"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Has("isolement")],
        },
        Case {
            name: "utf32_above_unicode",
            setup: |d| {
                let mut b = utf32("R : ", true);
                b.extend(0x11_0000u32.to_le_bytes());
                w(d, "u.txt", &b);
            },
            args: args!(score "u.txt"),
            stdin: None,
            code: 1,
            stderr: &["u.txt: byte offset 20: invalid UTF-32"],
            out: &[Out::Empty],
        },
        Case {
            name: "latin1_in_txt_fixture",
            setup: |d| fixture(d, "latin1.txt"),
            args: args!(score "latin1.txt"),
            stdin: None,
            code: 1,
            stderr: &[
                "latin1.txt: byte offset 21: invalid UTF-8",
                "--lossy replaces invalid bytes",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "bom_only",
            setup: |d| w(d, "bom.txt", b"\xef\xbb\xbf"),
            args: args!(score "bom.txt"),
            stdin: None,
            code: 2,
            stderr: &["no document was read", "bom.txt"],
            out: &[Out::Empty],
        },
        Case {
            name: "nul_byte_in_text",
            setup: |d| w(d, "nul.txt", b"R : seul\x00 ici\n"),
            args: args!(score "nul.txt"),
            stdin: None,
            code: 1,
            stderr: &["nul.txt: byte offset 8: a NUL byte"],
            out: &[Out::Empty],
        },
        Case {
            name: "nul_byte_lossy_reads",
            setup: |d| w(d, "nul.txt", b"R : seul\x00 ici\n"),
            args: args!(score "nul.txt", "--lossy"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Ids(&["nul"])],
        },
        Case {
            name: "overlong_fixture",
            setup: |d| fixture(d, "overlong.txt"),
            args: args!(score "overlong.txt"),
            stdin: None,
            code: 1,
            stderr: &["overlong.txt: byte offset 17: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "encoded_surrogate_fixture",
            setup: |d| fixture(d, "surrogate_cesu.txt"),
            args: args!(score "surrogate_cesu.txt"),
            stdin: None,
            code: 1,
            stderr: &["surrogate_cesu.txt: byte offset 17: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf8_five_byte_lead",
            setup: |d| w(d, "bad.txt", b"R : \xf8\x88\x80\x80\x80\n"),
            args: args!(score "bad.txt"),
            stdin: None,
            code: 1,
            stderr: &["bad.txt: byte offset 4: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "utf8_above_unicode",
            setup: |d| w(d, "bad.txt", b"R : ok \xf4\x90\x80\x80\n"),
            args: args!(score "bad.txt"),
            stdin: None,
            code: 1,
            stderr: &["bad.txt: byte offset 7: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "png_renamed_txt",
            setup: |d| w(d, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            args: args!(score "image.txt"),
            stdin: None,
            code: 1,
            stderr: &["image.txt: byte offset 0: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "trs_declared_latin1_read",
            setup: |d| {
                w(d, "a.trs",
                b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<Trans><Episode><Section><Turn>je suis isol\xe9</Turn></Section></Episode></Trans>\n")
            },
            args: args!(score "a.trs"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Has("isolement")],
        },
        Case {
            name: "trs_unsupported_declared_encoding",
            setup: |d| {
                w(
                    d,
                    "a.trs",
                    b"<?xml version=\"1.0\" encoding=\"KOI8-R\"?>\n<Trans></Trans>\n",
                )
            },
            args: args!(score "a.trs"),
            stdin: None,
            code: 1,
            stderr: &["a.trs:1: unsupported XML encoding \"KOI8-R\"", "ISO-8859-1"],
            out: &[Out::Empty],
        },
        // 2. Formats.
        Case {
            name: "empty_txt",
            setup: |d| w(d, "e.txt", b""),
            args: args!(score "e.txt"),
            stdin: None,
            code: 2,
            stderr: &["no document was read", "no text", "e.txt"],
            out: &[Out::Empty],
        },
        Case {
            name: "empty_vtt",
            setup: |d| w(d, "e.vtt", b""),
            args: args!(score "e.vtt"),
            stdin: None,
            code: 2,
            stderr: &["no document was read", "e.vtt"],
            out: &[Out::Empty],
        },
        Case {
            name: "empty_srt",
            setup: |d| w(d, "e.srt", b""),
            args: args!(score "e.srt"),
            stdin: None,
            code: 2,
            stderr: &["no document was read", "e.srt"],
            out: &[Out::Empty],
        },
        Case {
            name: "empty_trs",
            setup: |d| w(d, "e.trs", b""),
            args: args!(score "e.trs"),
            stdin: None,
            code: 2,
            stderr: &["no document was read", "e.trs"],
            out: &[Out::Empty],
        },
        Case {
            name: "empty_textgrid",
            setup: |d| w(d, "e.TextGrid", b""),
            args: args!(score "e.TextGrid"),
            stdin: None,
            code: 2,
            stderr: &["no document was read", "e.TextGrid"],
            out: &[Out::Empty],
        },
        Case {
            name: "empty_jsonl",
            setup: |d| w(d, "e.jsonl", b""),
            args: args!(score "e.jsonl"),
            stdin: None,
            code: 2,
            stderr: &["no document was read", "e.jsonl"],
            out: &[Out::Empty],
        },
        Case {
            name: "empty_ndjson",
            setup: |d| w(d, "e.ndjson", b""),
            args: args!(score "e.ndjson"),
            stdin: None,
            code: 2,
            stderr: &["no document was read", "e.ndjson"],
            out: &[Out::Empty],
        },
        Case {
            name: "blank_txt",
            setup: |d| w(d, "e.txt", b" \n\t\r\n\n"),
            args: args!(score "e.txt"),
            stdin: None,
            code: 2,
            stderr: &["no document was read", "e.txt"],
            out: &[Out::Empty],
        },
        Case {
            name: "trs_truncated",
            setup: |d| {
                w(d, "cut.trs",
                b"<?xml version=\"1.0\"?>\n<Trans>\n<Episode>\n<Section type=\"report\">\n<Turn speaker=\"spk1\">\nbonjour\n")
            },
            args: args!(score "cut.trs"),
            stdin: None,
            code: 1,
            stderr: &["cut.trs:7: unclosed <Turn>"],
            out: &[Out::Empty],
        },
        Case {
            name: "trs_mismatched_tags",
            setup: |d| {
                w(d, "bad.trs",
                b"<Trans>\n<Episode>\n<Section>\n<Turn>bonjour</Section>\n</Episode>\n</Trans>\n")
            },
            args: args!(score "bad.trs"),
            stdin: None,
            code: 1,
            stderr: &["bad.trs:4: malformed XML", "expected `</Turn>`"],
            out: &[Out::Empty],
        },
        Case {
            name: "trs_unknown_entity",
            setup: |d| {
                w(d, "bad.trs",
                b"<Trans><Episode><Section><Turn>bon &bogus; jour</Turn></Section></Episode></Trans>")
            },
            args: args!(score "bad.trs"),
            stdin: None,
            code: 1,
            stderr: &["bad.trs:1:", "bogus"],
            out: &[Out::Empty],
        },
        Case {
            name: "trs_unterminated_entity",
            setup: |d| {
                w(d, "bad.trs",
                b"<Trans><Episode><Section><Turn>\nbon\nR & D\n</Turn></Section></Episode></Trans>")
            },
            args: args!(score "bad.trs"),
            stdin: None,
            code: 1,
            stderr: &["bad.trs:3: `&` without its `;`", "&amp;"],
            out: &[Out::Empty],
        },
        Case {
            name: "trs_billion_laughs_fixture",
            setup: |d| fixture(d, "billion_laughs.trs"),
            args: args!(score "billion_laughs.trs"),
            stdin: None,
            code: 1,
            stderr: &[
                "billion_laughs.trs:17: unknown entity `&lol9;`",
                "not expanded",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "trs_deep_nesting",
            setup: |d| {
                let mut s = String::from("<Trans><Episode><Section><Turn>je suis seul ");
                s.push_str(&"<a>".repeat(100_000));
                s.push_str(&"</a>".repeat(100_000));
                s.push_str("</Turn></Section></Episode></Trans>\n");
                w(d, "deep.trs", s.as_bytes());
            },
            args: args!(score "deep.trs"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Has("isolement")],
        },
        Case {
            name: "trs_forced_on_text",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--input-format", "trs"),
            stdin: None,
            code: 1,
            stderr: &["t.txt:1: not a Transcriber file"],
            out: &[Out::Empty],
        },
        Case {
            name: "textgrid_truncated",
            setup: |d| {
                w(d, "cut.TextGrid",
                b"File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\nxmin = 0\nxmax = 10\ntiers? <exists>\nsize = 1\nitem []:\n    item [1]:\n        class = \"IntervalTier\"\n        name = \"A\"\n        xmin = 0\n        xmax = 10\n        intervals: size = 2\n        intervals [1]:\n            xmin = 0\n            xmax = 5\n            text = \"bonjour\n")
            },
            args: args!(score "cut.TextGrid"),
            stdin: None,
            code: 1,
            stderr: &["cut.TextGrid:18: unterminated string"],
            out: &[Out::Empty],
        },
        Case {
            name: "textgrid_bad_number",
            setup: |d| {
                w(d, "bad.TextGrid",
                b"File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\nxmin = 0\nxmax = 12..5\n")
            },
            args: args!(score "bad.TextGrid"),
            stdin: None,
            code: 1,
            stderr: &["bad.TextGrid:5: invalid number \"12..5\""],
            out: &[Out::Empty],
        },
        Case {
            name: "textgrid_header_only",
            setup: |d| {
                w(
                    d,
                    "h.TextGrid",
                    b"File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n",
                )
            },
            args: args!(score "h.TextGrid"),
            stdin: None,
            code: 1,
            stderr: &["h.TextGrid:2: unexpected end of TextGrid"],
            out: &[Out::Empty],
        },
        Case {
            name: "textgrid_forced_on_text",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--input-format", "textgrid"),
            stdin: None,
            code: 1,
            stderr: &["t.txt:1: not a Praat TextGrid", "ooTextFile"],
            out: &[Out::Empty],
        },
        Case {
            name: "vtt_without_header",
            setup: |d| {
                w(
                    d,
                    "a.vtt",
                    b"WEBVT\n\n00:00:01.000 --> 00:00:02.000\nbonjour\n",
                )
            },
            args: args!(score "a.vtt"),
            stdin: None,
            code: 1,
            stderr: &["a.vtt:1: a WebVTT file must start with a `WEBVTT` line"],
            out: &[Out::Empty],
        },
        Case {
            name: "vtt_bad_timing",
            setup: |d| {
                w(d, "a.vtt",
                b"WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>bonjour\n\n00:00:xx --> 00:00:03.000\nmerci\n")
            },
            args: args!(score "a.vtt"),
            stdin: None,
            code: 1,
            stderr: &["a.vtt:6: invalid cue timing"],
            out: &[Out::Empty],
        },
        Case {
            name: "srt_bad_block",
            setup: |d| {
                w(
                    d,
                    "a.srt",
                    b"1\n00:00:01,000 --> 00:00:02,000\nbonjour\n\n2\n00:00:0x,000 -> zz\nmerci\n",
                )
            },
            args: args!(score "a.srt"),
            stdin: None,
            code: 1,
            stderr: &["a.srt:5:", "timing line"],
            out: &[Out::Empty],
        },
        Case {
            name: "srt_without_timing",
            setup: |d| w(d, "a.srt", b"bonjour tout le monde\n"),
            args: args!(score "a.srt"),
            stdin: None,
            code: 1,
            stderr: &[
                "a.srt:1: expected a cue number then a timing line",
                "bonjour tout le monde",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "iramuteq_bad_star_line",
            setup: |d| {
                w(
                    d,
                    "ira.txt",
                    b"**** *a_1\nbonjour\n**** pas_etoile\nmerci\n",
                )
            },
            args: args!(score "ira.txt"),
            stdin: None,
            code: 1,
            stderr: &["ira.txt:3: expected a star variable", "pas_etoile"],
            out: &[Out::Empty],
        },
        Case {
            name: "iramuteq_text_before_first_star_line",
            setup: |d| w(d, "ira.txt", b"texte avant\n**** *a_1\nje suis seul\n"),
            args: &["score", "--format", "jsonl", "ira.txt"],
            stdin: None,
            code: 0,
            stderr: &["warning: ira.txt:1: text before the first `****` line"],
            out: &[Out::Ids(&["ira#1"])],
        },
        Case {
            name: "jsonl_broken_lines_among_good",
            setup: |d| {
                w(d, "mix.jsonl",
                b"{\"id\":\"a\",\"text\":\"je suis seul\"}\n{\"id\":\"b\",\"text\":\n{\"id\":\"c\",\"text\":\"bonjour\"}\nnot json\n{\"id\":\"d\"}\n{\"id\":\"e\",\"text\":42}\n[1,2]\n")
            },
            args: args!(score "mix.jsonl"),
            stdin: None,
            code: 1,
            stderr: &[
                "mix.jsonl:2: invalid JSON at column 17",
                "mix.jsonl:4: invalid JSON",
                "mix.jsonl:5: missing `text`",
                "mix.jsonl:6: `text` must be a string",
                "mix.jsonl:7: expected a JSON object",
            ],
            out: &[Out::Ids(&["a", "c"])],
        },
        Case {
            name: "jsonl_every_line_broken",
            setup: |d| w(d, "bad.jsonl", b"{\n{\n"),
            args: args!(score "bad.jsonl"),
            stdin: None,
            code: 1,
            stderr: &["bad.jsonl:1: invalid JSON", "bad.jsonl:2: invalid JSON"],
            out: &[Out::Empty],
        },
        Case {
            name: "jsonl_line_over_limit_among_good",
            setup: |d| {
                let mut b = jsonl(&[("a", "je suis seul")]);
                b.extend(b"{\"id\":\"big\",\"text\":\"");
                b.resize(b.len() + (64 << 20) + 10, b'a');
                b.extend(b"\"}\n");
                b.extend(jsonl(&[("c", "bonjour")]));
                w(d, "big.jsonl", &b);
            },
            args: args!(score "big.jsonl"),
            stdin: None,
            code: 1,
            stderr: &["big.jsonl:2: line longer than", "limit"],
            out: &[Out::Ids(&["a", "c"])],
        },
        Case {
            name: "jsonl_unknown_role",
            setup: |d| {
                w(
                    d,
                    "r.jsonl",
                    b"{\"id\":\"a\",\"text\":\"x\",\"role\":\"boss\"}\n",
                )
            },
            args: args!(score "r.jsonl"),
            stdin: None,
            code: 1,
            stderr: &[
                "r.jsonl:1: unknown role \"boss\"",
                "interviewer, respondent",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "jsonl_bom_first_line",
            setup: |d| {
                let mut b = b"\xef\xbb\xbf".to_vec();
                b.extend(jsonl(&[("a", "je suis seul")]));
                w(d, "b.jsonl", &b);
            },
            args: args!(score "b.jsonl"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Ids(&["a"])],
        },
        Case {
            name: "plain_8mb_line",
            setup: |d| {
                let mut b = b"R : ".to_vec();
                for _ in 0..1_000_000 {
                    b.extend(b"stress, ");
                }
                w(d, "long.txt", &b);
            },
            args: args!(score "long.txt"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Has("\"hits\":1000000")],
        },
        Case {
            name: "cr_only_line_ends",
            setup: |d| {
                w(
                    d,
                    "cr.txt",
                    b"E : Vous \xc3\xaates seul ?\rR : je suis seul\r",
                )
            },
            args: args!(score "cr.txt", "--unit", "speaker"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[
                Out::Has("\"speaker\":\"R\""),
                Out::HasNot("\"speaker\":\"E\""),
            ],
        },
        Case {
            name: "nel_line_ends",
            setup: |d| {
                w(
                    d,
                    "nel.txt",
                    b"E : Vous \xc3\xaates seul ?\xc2\x85R : je suis seul\xc2\x85",
                )
            },
            args: args!(score "nel.txt", "--unit", "speaker"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[
                Out::Has("\"speaker\":\"R\""),
                Out::HasNot("\"speaker\":\"E\""),
            ],
        },
        Case {
            name: "u2028_line_ends",
            setup: |d| {
                w(
                    d,
                    "ls.txt",
                    b"E : Vous \xc3\xaates seul ?\xe2\x80\xa8R : je suis seul\xe2\x80\xa8",
                )
            },
            args: args!(score "ls.txt", "--unit", "speaker"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[
                Out::Has("\"speaker\":\"R\""),
                Out::HasNot("\"speaker\":\"E\""),
            ],
        },
        Case {
            name: "u2029_line_ends",
            setup: |d| {
                w(
                    d,
                    "ps.txt",
                    b"E : Vous \xc3\xaates seul ?\xe2\x80\xa9R : je suis seul\xe2\x80\xa9",
                )
            },
            args: args!(score "ps.txt", "--unit", "speaker"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[
                Out::Has("\"speaker\":\"R\""),
                Out::HasNot("\"speaker\":\"E\""),
            ],
        },
        Case {
            name: "front_matter_not_closed",
            setup: |d| w(d, "fm.txt", b"---\nrole: agent\nR : seul\n"),
            args: &["score", "--format", "jsonl", "fm.txt"],
            stdin: None,
            code: 0,
            stderr: &["warning: fm.txt:3: front matter opened on line 1"],
            out: &[Out::Has("\"role\":\"agent\"")],
        },
        Case {
            name: "front_matter_empty",
            setup: |d| w(d, "fm.txt", b"---\n---\nR : je suis seul\n"),
            args: args!(score "fm.txt"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Has("isolement")],
        },
        Case {
            name: "front_matter_alone",
            setup: |d| w(d, "fm.txt", b"---\nrole: agent\n---\n"),
            args: args!(score "fm.txt"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Has("\"words\":0")],
        },
        Case {
            name: "legacy_word_file_unsupported",
            setup: |d| w(d, "a.doc", b"\xd0\xcf\x11\xe0xxxx"),
            args: args!(score "a.doc"),
            stdin: None,
            code: 1,
            stderr: &[
                "a.doc: unsupported format: Word 97-2003 (.doc)",
                "plain text (.txt)",
                "no document was read: 1 input failed",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "docx_not_a_zip",
            setup: |d| w(d, "a.docx", b"PK\x03\x04xxxx"),
            args: args!(score "a.docx"),
            stdin: None,
            code: 1,
            stderr: &["a.docx: not a readable zip archive (Word document expected)"],
            out: &[Out::Empty],
        },
        Case {
            name: "elan_file_truncated",
            setup: |d| {
                w(
                    d,
                    "a.eaf",
                    b"<?xml version=\"1.0\"?>\n<ANNOTATION_DOCUMENT>",
                )
            },
            args: args!(score "a.eaf"),
            stdin: None,
            code: 1,
            stderr: &[
                "a.eaf:2: the XML ends before <ANNOTATION_DOCUMENT> is closed",
                "no document was read: 1 input failed",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "pdf_file_unsupported",
            setup: |d| w(d, "a.pdf", b"%PDF-1.4 xx"),
            args: args!(score "a.pdf"),
            stdin: None,
            code: 1,
            stderr: &[
                "a.pdf: unsupported format: PDF files are not read",
                "Word (.docx)",
                "ELAN (.eaf)",
                "JSON Lines (.jsonl)",
            ],
            out: &[Out::Empty],
        },
        // 3. Lexicons.
        Case {
            name: "lexicon_empty",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "l.toml", b"");
            },
            args: args!(score "t.txt", "--lexicon", "l.toml"),
            stdin: None,
            code: 2,
            stderr: &["l.toml: no themes: add at least one [[theme]] table"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_broken_toml",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "l.toml", b"[[theme]]\nid = \"a\"\nentries = [\"seul\"\n");
            },
            args: args!(score "t.txt", "--lexicon", "l.toml"),
            stdin: None,
            code: 2,
            stderr: &["entretien: l.toml:4: invalid array: expected `]`\n"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_unknown_field",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(
                    d,
                    "l.toml",
                    b"[[theme]]\nid = \"a\"\nentries = [\"seul\"]\ncolour = \"red\"\n",
                );
            },
            args: args!(score "t.txt", "--lexicon", "l.toml"),
            stdin: None,
            code: 2,
            stderr: &["l.toml:4: unknown field `colour`", "expected one of"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_duplicate_theme",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "l.toml", b"[[theme]]\nid = \"a\"\nentries = [\"seul\"]\n[[theme]]\nid = \"a\"\nentries = [\"isol\"]\n");
            },
            args: args!(score "t.txt", "--lexicon", "l.toml"),
            stdin: None,
            code: 2,
            stderr: &["l.toml:5: duplicate theme id \"a\" (first defined on line 2)"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_empty_entry",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(
                    d,
                    "l.toml",
                    b"[[theme]]\nid = \"a\"\nentries = [\"\", \"seul\"]\n",
                );
            },
            args: args!(score "t.txt", "--lexicon", "l.toml"),
            stdin: None,
            code: 2,
            stderr: &["l.toml:3: entry \"\": empty entry"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_weight_1e308",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(
                    d,
                    "l.toml",
                    b"[[theme]]\nid = \"a\"\nentries = [{ term = \"seul\", weight = 1e308 }]\n",
                );
            },
            args: args!(score "t.txt", "--lexicon", "l.toml"),
            stdin: None,
            code: 2,
            stderr: &[
                "l.toml:3: entry \"seul\": weight must be a positive number no larger than 1000000",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_check_weight_1e308",
            setup: |d| {
                w(
                    d,
                    "l.toml",
                    b"[[theme]]\nid = \"a\"\nentries = [{ term = \"seul\", weight = 1e308 }]\n",
                )
            },
            args: &["lexicon", "check", "l.toml"],
            stdin: None,
            code: 1,
            stderr: &["l.toml:3: entry \"seul\": weight must be"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_weight_nan",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(
                    d,
                    "l.toml",
                    b"[[theme]]\nid = \"a\"\nentries = [{ term = \"seul\", weight = nan }]\n",
                );
            },
            args: args!(score "t.txt", "--lexicon", "l.toml"),
            stdin: None,
            code: 2,
            stderr: &[
                "l.toml:3: entry \"seul\": weight must be a positive number",
                "got NaN",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_weight_inf",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(
                    d,
                    "l.toml",
                    b"[[theme]]\nid = \"a\"\nentries = [{ term = \"seul\", weight = inf }]\n",
                );
            },
            args: args!(score "t.txt", "--lexicon", "l.toml"),
            stdin: None,
            code: 2,
            stderr: &["l.toml:3: entry \"seul\":", "got inf"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_weight_negative",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(
                    d,
                    "l.toml",
                    b"[[theme]]\nid = \"a\"\nentries = [{ term = \"seul\", weight = -2 }]\n",
                );
            },
            args: args!(score "t.txt", "--lexicon", "l.toml"),
            stdin: None,
            code: 2,
            stderr: &["l.toml:3: entry \"seul\":", "got -2"],
            out: &[Out::Empty],
        },
        Case {
            name: "dic_without_percent",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "l.dic", b"1\tisol\nseul\t1\n");
            },
            args: args!(score "t.txt", "--lexicon", "l.dic"),
            stdin: None,
            code: 2,
            stderr: &["l.dic:1: a .dic file starts with a `%` line"],
            out: &[Out::Empty],
        },
        Case {
            name: "dic_unknown_category",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "l.dic", b"%\n1\tisol\n%\nseul\t1\nbad\t7\n");
            },
            args: args!(score "t.txt", "--lexicon", "l.dic"),
            stdin: None,
            code: 2,
            stderr: &["l.dic:5: entry \"bad\": unknown category \"7\""],
            out: &[Out::Empty],
        },
        Case {
            name: "dic_empty",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "l.dic", b"");
            },
            args: args!(score "t.txt", "--lexicon", "l.dic"),
            stdin: None,
            code: 2,
            stderr: &["l.dic: missing `%` line"],
            out: &[Out::Empty],
        },
        Case {
            name: "yaml_broken",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "l.yml", b"isol:\n  - seul\n  - [nested\n");
            },
            args: args!(score "t.txt", "--lexicon", "l.yml"),
            stdin: None,
            code: 2,
            stderr: &["l.yml:3: entry \"[nested\""],
            out: &[Out::Empty],
        },
        Case {
            name: "yaml_empty",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "l.yml", b"");
            },
            args: args!(score "t.txt", "--lexicon", "l.yml"),
            stdin: None,
            code: 2,
            stderr: &["l.yml: empty dictionary"],
            out: &[Out::Empty],
        },
        Case {
            name: "yaml_a_list",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "l.yml", b"- a\n- b\n");
            },
            args: args!(score "t.txt", "--lexicon", "l.yml"),
            stdin: None,
            code: 2,
            stderr: &["l.yml:1: a dictionary is a map of keys to lists"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_not_utf8",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(
                    d,
                    "l.toml",
                    b"[[theme]]\nid = \"\xe9\"\nentries = [\"seul\"]\n",
                );
            },
            args: args!(score "t.txt", "--lexicon", "l.toml"),
            stdin: None,
            code: 2,
            stderr: &["l.toml: byte offset 16: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_missing",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--lexicon", "missing.toml"),
            stdin: None,
            code: 2,
            stderr: &["entretien: missing.toml: No such file"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_unknown_extension",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "l.txt", b"seul\n");
            },
            args: args!(score "t.txt", "--lexicon", "l.txt"),
            stdin: None,
            code: 2,
            stderr: &["l.txt: unknown lexicon format: expected a .toml, .dic, .yml or .yaml file"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_check_unknown_extension",
            setup: |d| w(d, "l.txt", b"seul\n"),
            args: &["lexicon", "check", "l.txt"],
            stdin: None,
            code: 1,
            stderr: &["l.txt: unknown lexicon format", "--input-format"],
            out: &[Out::Empty],
        },
        // 4. CLI flags.
        Case {
            name: "threads_zero",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--threads", "0"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Ids(&["t"])],
        },
        Case {
            name: "threads_huge_capped",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--threads", "100000"),
            stdin: None,
            code: 0,
            stderr: &["warning: --threads 100000 capped at"],
            out: &[Out::Ids(&["t"])],
        },
        Case {
            name: "threads_overflow",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--threads", "1180591620717411303424"),
            stdin: None,
            code: 2,
            stderr: &["'--threads <N>'", "too large"],
            out: &[Out::Empty],
        },
        Case {
            name: "kwic_width_huge",
            setup: |d| w(d, "t.txt", GOOD),
            args: &["kwic", "seul", "t.txt", "-q", "--width", "99999999999"],
            stdin: None,
            code: 2,
            stderr: &["--width", "0..=1000"],
            out: &[Out::Empty],
        },
        Case {
            name: "unit_unknown",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--unit", "paragraph"),
            stdin: None,
            code: 2,
            stderr: &[
                "unknown unit \"paragraph\"",
                "document, speaker, turn, sentence or segment",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "negation_unknown",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--negation", "maybe"),
            stdin: None,
            code: 2,
            stderr: &["\"maybe\"", "exclude, count or subtract"],
            out: &[Out::Empty],
        },
        Case {
            name: "speakers_unknown",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--speakers", "nobody"),
            stdin: None,
            code: 2,
            stderr: &["\"nobody\"", "respondent, all or interviewer"],
            out: &[Out::Empty],
        },
        Case {
            name: "terms_unknown",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--terms", "roots"),
            stdin: None,
            code: 2,
            stderr: &["\"roots\"", "stems or forms"],
            out: &[Out::Empty],
        },
        Case {
            name: "input_format_unknown",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--input-format", "pdf"),
            stdin: None,
            code: 2,
            stderr: &["\"pdf\"", "plain, iramuteq, vtt, srt, trs, textgrid, jsonl"],
            out: &[Out::Empty],
        },
        Case {
            name: "by_missing_key_no_metadata",
            setup: |d| w(d, "t.txt", GOOD),
            args: &["score", "--format", "jsonl", "t.txt", "--by", "nokey"],
            stdin: None,
            code: 2,
            stderr: &[
                "no document has the metadata key `nokey` to group by",
                "they have no metadata at all",
                "--metadata FILE.csv",
            ],
            out: &[Out::Ids(&["t"])],
        },
        Case {
            name: "by_missing_key_other_keys",
            setup: |d| {
                w(
                    d,
                    "d.jsonl",
                    b"{\"id\":\"a\",\"text\":\"seul\",\"metadata\":{\"service\":\"rh\"}}\n",
                )
            },
            args: &["score", "--format", "jsonl", "d.jsonl", "--by", "servise"],
            stdin: None,
            code: 2,
            stderr: &[
                "no document has the metadata key `servise`",
                "keys found: service",
            ],
            out: &[Out::Ids(&["a"])],
        },
        Case {
            name: "stopwords_missing",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--stopwords", "/nonexistent/stop.txt"),
            stdin: None,
            code: 2,
            stderr: &["entretien: /nonexistent/stop.txt: No such file"],
            out: &[Out::Empty],
        },
        Case {
            name: "stopwords_not_utf8",
            setup: |d| {
                w(d, "t.txt", GOOD);
                w(d, "stop.txt", b"le\nl\xe0\n");
            },
            args: args!(score "t.txt", "--stopwords", "stop.txt"),
            stdin: None,
            code: 2,
            stderr: &["stop.txt: byte offset 4: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "interviewer_empty",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--interviewer", ""),
            stdin: None,
            code: 2,
            stderr: &["interviewer label \"\" has no letter or digit"],
            out: &[Out::Empty],
        },
        Case {
            name: "interviewer_pattern_bad",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "t.txt", "--interviewer-pattern", "(["),
            stdin: None,
            code: 2,
            stderr: &["invalid interviewer pattern", "unclosed"],
            out: &[Out::Empty],
        },
        Case {
            name: "kwic_empty_pattern",
            setup: |d| w(d, "t.txt", GOOD),
            args: &["kwic", "", "t.txt", "-q"],
            stdin: None,
            code: 2,
            stderr: &["empty search pattern"],
            out: &[Out::Empty],
        },
        Case {
            name: "kwic_inner_star",
            setup: |d| w(d, "t.txt", GOOD),
            args: &["kwic", "a*b", "t.txt", "-q"],
            stdin: None,
            code: 2,
            stderr: &[
                "search pattern \"a*b\"",
                "only allowed at the end of a word",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "kwic_equals_alone",
            setup: |d| w(d, "t.txt", GOOD),
            args: &["kwic", "=", "t.txt", "-q"],
            stdin: None,
            code: 2,
            stderr: &["search pattern \"=\": a word is empty"],
            out: &[Out::Empty],
        },
        Case {
            name: "kwic_theme_without_id",
            setup: |d| w(d, "t.txt", GOOD),
            args: &["kwic", "theme:", "t.txt", "-q"],
            stdin: None,
            code: 2,
            stderr: &["`theme:` takes one theme id"],
            out: &[Out::Empty],
        },
        Case {
            name: "kwic_unknown_theme",
            setup: |d| w(d, "t.txt", GOOD),
            args: &["kwic", "theme:nope", "t.txt", "-q"],
            stdin: None,
            code: 2,
            stderr: &["no theme \"nope\"", "its themes: efficience, isolement"],
            out: &[Out::Empty],
        },
        Case {
            name: "no_input",
            setup: |_| {},
            args: args!(score),
            stdin: None,
            code: 2,
            stderr: &["no input: give transcript files or folders, or - for standard input"],
            out: &[Out::Empty],
        },
        Case {
            name: "text_with_paths",
            setup: |d| w(d, "t.txt", GOOD),
            args: args!(score "--text", "seul", "t.txt"),
            stdin: None,
            code: 2,
            stderr: &["'--text <TEXT>' cannot be used with"],
            out: &[Out::Empty],
        },
        // 5. File system and outputs.
        Case {
            name: "missing_path",
            setup: |_| {},
            args: args!(score "nowhere/a.txt"),
            stdin: None,
            code: 2,
            stderr: &["entretien: nowhere/a.txt: no such file or folder"],
            out: &[Out::Empty],
        },
        Case {
            name: "folder_without_supported_files",
            setup: |d| {
                w(d, "c/a.pdf", b"x");
                w(d, "c/b.xlsx", b"y");
            },
            args: args!(score "c"),
            stdin: None,
            code: 2,
            stderr: &[
                "no document was read",
                "2 files skipped: not a transcript extension",
                "c/a.pdf",
                "c/b.xlsx",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "empty_folder",
            setup: |d| std::fs::create_dir(d.join("c")).unwrap(),
            args: args!(score "c"),
            stdin: None,
            code: 2,
            stderr: &["no document was read: no file in c"],
            out: &[Out::Empty],
        },
        Case {
            name: "symlink_loop",
            setup: |d| {
                w(d, "c/a.txt", GOOD);
                std::os::unix::fs::symlink(".", d.join("c/again")).unwrap();
            },
            args: &["score", "--format", "jsonl", "c"],
            stdin: None,
            code: 0,
            stderr: &["c/again: a link back to"],
            out: &[Out::Ids(&["a"])],
        },
        Case {
            name: "dangling_link_in_folder",
            setup: |d| {
                good_three(d);
                std::os::unix::fs::symlink("/nonexistent/x.txt", d.join("c/gone.txt")).unwrap();
            },
            args: args!(score "c"),
            stdin: None,
            code: 1,
            stderr: &["c/gone.txt: No such file"],
            out: &[Out::Ids(&["a", "b", "c"])],
        },
        Case {
            name: "dangling_link_named",
            setup: |d| {
                std::os::unix::fs::symlink("/nonexistent/x.txt", d.join("gone.txt")).unwrap()
            },
            args: args!(score "gone.txt"),
            stdin: None,
            code: 2,
            stderr: &["gone.txt: a link to a file or folder that does not exist"],
            out: &[Out::Empty],
        },
        Case {
            name: "fifo_named",
            setup: |d| mkfifo(&d.join("p.txt")),
            args: args!(score "p.txt"),
            stdin: None,
            code: 2,
            stderr: &["p.txt: not a regular file or folder (a named pipe"],
            out: &[Out::Empty],
        },
        Case {
            name: "fifo_in_folder",
            setup: |d| {
                good_three(d);
                mkfifo(&d.join("c/p.txt"));
            },
            args: &["score", "--format", "jsonl", "c"],
            stdin: None,
            code: 0,
            stderr: &["c/p.txt: not a regular file"],
            out: &[Out::Ids(&["a", "b", "c"])],
        },
        Case {
            name: "folder_named_like_a_file",
            setup: |d| std::fs::create_dir(d.join("x.txt")).unwrap(),
            args: args!(score "x.txt"),
            stdin: None,
            code: 2,
            stderr: &["no document was read: no file in x.txt"],
            out: &[Out::Empty],
        },
        Case {
            name: "one_bad_among_good",
            setup: |d| {
                good_three(d);
                w(d, "c/bb.txt", b"R : \xff\n");
            },
            args: args!(score "c"),
            stdin: None,
            code: 1,
            stderr: &["error: c/bb.txt: byte offset 4: invalid UTF-8"],
            out: &[Out::Ids(&["a", "b", "c"])],
        },
        Case {
            name: "strict_stops",
            setup: |d| {
                good_three(d);
                w(d, "c/bb.txt", b"R : \xff\n");
            },
            args: args!(score "c", "--strict", "--threads", "1"),
            stdin: None,
            code: 2,
            stderr: &[
                "c/bb.txt: byte offset 4",
                "stopped at the first error (--strict)",
            ],
            out: &[Out::HasNot("\"id\":\"c\"")],
        },
        Case {
            name: "glob_matching_nothing",
            setup: |d| good_three(d),
            args: args!(score "c/*.zzz"),
            stdin: None,
            code: 2,
            stderr: &["no file matches c/*.zzz"],
            out: &[Out::Empty],
        },
        Case {
            name: "stdin_empty",
            setup: |_| {},
            args: args!(score "-"),
            stdin: Some(b""),
            code: 2,
            stderr: &["no document was read: standard input is empty"],
            out: &[Out::Empty],
        },
        Case {
            name: "stdin_invalid_utf8",
            setup: |_| {},
            args: args!(score "-"),
            stdin: Some(b"{\"id\":\"a\",\"text\":\"seul\"}\n\xff\xfe\n"),
            code: 1,
            stderr: &["stdin:2: invalid UTF-8 at byte 0 of the line"],
            out: &[Out::Ids(&["a"])],
        },
        Case {
            name: "stdin_not_json",
            setup: |_| {},
            args: args!(score "-"),
            stdin: Some(b"not json\n"),
            code: 1,
            stderr: &["stdin:1: invalid JSON at column"],
            out: &[Out::Empty],
        },
        Case {
            name: "stdin_plain_invalid_utf8",
            setup: |_| {},
            args: args!(score "-", "--input-format", "plain"),
            stdin: Some(b"R : bonjour \xff\n"),
            code: 1,
            stderr: &["stdin: byte offset 12: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "stdin_plain_utf16",
            setup: |_| {},
            args: args!(score "-", "--input-format", "plain"),
            stdin: Some(b"\xff\xfeR\x00 \x00:\x00 \x00i\x00s\x00o\x00l\x00\xe9\x00"),
            code: 0,
            stderr: &[],
            out: &[Out::Has("isolement")],
        },
        Case {
            name: "out_inside_input_folder",
            setup: |d| good_three(d),
            args: &["score", "--format", "jsonl", "c", "--out", "c/tables"],
            stdin: None,
            code: 0,
            stderr: &["tables written to c/tables"],
            out: &[
                Out::Ids(&["a", "b", "c"]),
                Out::File("c/tables/documents.csv"),
            ],
        },
        Case {
            name: "out_inside_input_folder_second_run",
            setup: |d| {
                good_three(d);
                w(d, "c/tables/documents.txt", b"R : ne me lisez pas\n");
            },
            args: &["score", "--format", "jsonl", "c", "--out", "c/tables"],
            stdin: None,
            code: 0,
            stderr: &["left out: under the excluded path c/tables"],
            out: &[Out::Ids(&["a", "b", "c"])],
        },
        Case {
            name: "out_onto_input_file",
            setup: |d| good_three(d),
            args: args!(score "c", "--out", "c/a.txt"),
            stdin: None,
            code: 2,
            stderr: &["c/a.txt: not a folder (--out takes a folder"],
            out: &[Out::Empty],
        },
        Case {
            name: "aggregate_out_onto_input",
            setup: |d| good_three(d),
            args: args!(score "c", "--aggregate-out", "c/a.txt"),
            stdin: None,
            code: 2,
            stderr: &["refusing to overwrite c/a.txt: it is one of the inputs"],
            out: &[Out::Empty],
        },
        Case {
            name: "aggregate_out_under_a_file",
            setup: |d| good_three(d),
            args: args!(score "c", "--aggregate-out", "c/a.txt/sub/agg.json"),
            stdin: None,
            code: 2,
            stderr: &["cannot write in c/a.txt/sub", "Not a directory"],
            out: &[Out::Empty],
        },
        Case {
            name: "aggregate_out_onto_folder",
            setup: |d| {
                good_three(d);
                std::fs::create_dir(d.join("agg")).unwrap();
            },
            args: args!(score "c", "--aggregate-out", "agg"),
            stdin: None,
            code: 2,
            stderr: &["cannot write agg: it is a folder"],
            out: &[Out::Empty],
        },
        Case {
            name: "stale_temporary_files_removed",
            setup: |d| {
                good_three(d);
                w(d, "t/.entretien-tmp-999999999-themes.csv", b"half");
            },
            args: args!(score "c", "--out", "t"),
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[
                Out::NoFile("t/.entretien-tmp-999999999-themes.csv"),
                Out::File("t/themes.csv"),
            ],
        },
        Case {
            name: "transcript_bad_among_good",
            setup: |d| {
                good_three(d);
                w(d, "c/bb.txt", b"R : \xff\n");
            },
            args: &["transcript", "-q", "c"],
            stdin: None,
            code: 1,
            stderr: &["c/bb.txt: byte offset 4: invalid UTF-8", "--lossy"],
            out: &[Out::Has("\"id\": \"c\"")],
        },
        Case {
            name: "vocab_bad_among_good",
            setup: |d| {
                good_three(d);
                w(d, "c/bb.txt", b"R : \xff\n");
            },
            args: &["vocab", "-q", "c", "--format", "jsonl"],
            stdin: None,
            code: 1,
            stderr: &["c/bb.txt: byte offset 4: invalid UTF-8"],
            out: &[Out::Has("isolée")],
        },
        Case {
            name: "kwic_bad_among_good",
            setup: |d| {
                good_three(d);
                w(d, "c/bb.txt", b"R : \xff\n");
            },
            args: &["kwic", "seul", "-q", "c", "--format", "jsonl"],
            stdin: None,
            code: 1,
            stderr: &["c/bb.txt: byte offset 4: invalid UTF-8"],
            out: &[Out::Has("seul")],
        },
        Case {
            name: "empty_file_among_good",
            setup: |d| {
                good_three(d);
                w(d, "c/e.txt", b"");
            },
            args: &["score", "--format", "jsonl", "c"],
            stdin: None,
            code: 0,
            stderr: &["warning: c/e.txt: no text in it"],
            out: &[Out::Ids(&["a", "b", "c"])],
        },
    ]
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

/// Two aggregate parts and variants, made by the binary itself.
fn parts(d: &Path) {
    w(d, "a.txt", GOOD);
    w(d, "b.txt", b"R : Tout va bien, je me sens isol\xc3\xa9e.\n");
    let make = |args: &[&str]| {
        let (code, _, err) = run_entretien(d, args, None);
        assert_eq!(code, 0, "{args:?}: {err}");
    };
    make(&["score", "-q", "a.txt", "--aggregate-out", "p1.json"]);
    make(&["score", "-q", "b.txt", "--aggregate-out", "p2.json"]);
    make(&[
        "score",
        "-q",
        "b.txt",
        "--by",
        "speaker_role",
        "--aggregate-out",
        "by_role.json",
    ]);
    make(&[
        "score",
        "-q",
        "b.txt",
        "--negation",
        "count",
        "--aggregate-out",
        "count.json",
    ]);
    w(
        d,
        "l.toml",
        b"[[theme]]\nid = \"a\"\nentries = [\"seul\"]\n",
    );
    make(&[
        "score",
        "-q",
        "b.txt",
        "--lexicon",
        "l.toml",
        "--aggregate-out",
        "other_lexicon.json",
    ]);
    std::fs::copy(d.join("p1.json"), d.join("p1_copy.json")).unwrap();
}

fn cli_cases() -> Vec<Case> {
    vec![
        Case {
            name: "merge_good_parts",
            setup: parts,
            args: &["merge", "p1.json", "p2.json"],
            stdin: None,
            code: 0,
            stderr: &[],
            out: &[Out::Has("\"documents\": 2")],
        },
        Case {
            name: "merge_same_part_twice",
            setup: parts,
            args: &["merge", "p1.json", "p1.json"],
            stdin: None,
            code: 2,
            stderr: &["p1.json: the same part as one given before"],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_a_copy",
            setup: parts,
            args: &["merge", "p1.json", "p1_copy.json"],
            stdin: None,
            code: 2,
            stderr: &["p1_copy.json: the same part as one given before (the same file or a copy)"],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_grouped_differently",
            setup: parts,
            args: &["merge", "p1.json", "by_role.json"],
            stdin: None,
            code: 2,
            stderr: &[
                "by_role.json:",
                "cannot merge aggregates grouped differently (ungrouped and grouped by speaker_role)",
            ],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_other_lexicon",
            setup: parts,
            args: &["merge", "p1.json", "other_lexicon.json"],
            stdin: None,
            code: 2,
            stderr: &["other_lexicon.json:", "different lexicons"],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_other_negation",
            setup: parts,
            args: &["merge", "p1.json", "count.json"],
            stdin: None,
            code: 2,
            stderr: &["count.json:", "different analyzer settings"],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_not_an_aggregate",
            setup: |d| w(d, "x.json", b"{\"not\":\"agg\"}\n"),
            args: &["merge", "x.json"],
            stdin: None,
            code: 2,
            stderr: &["x.json:1: not an entretien aggregate"],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_truncated",
            setup: |d| w(d, "x.json", b"{\n"),
            args: &["merge", "x.json"],
            stdin: None,
            code: 2,
            stderr: &["x.json:2: not an entretien aggregate"],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_not_utf8",
            setup: |d| w(d, "x.json", b"{\"v\xff\":1}"),
            args: &["merge", "x.json"],
            stdin: None,
            code: 2,
            stderr: &["x.json: byte offset 3: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_missing_part",
            setup: parts,
            args: &["merge", "p1.json", "nope.json"],
            stdin: None,
            code: 2,
            stderr: &["entretien: nope.json: No such file"],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_output_onto_a_part",
            setup: parts,
            args: &["merge", "p1.json", "p2.json", "-o", "p2.json"],
            stdin: None,
            code: 2,
            stderr: &["refusing to overwrite p2.json: it is one of the inputs"],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_out_onto_a_file",
            setup: parts,
            args: &["merge", "p1.json", "p2.json", "--out", "a.txt"],
            stdin: None,
            code: 2,
            stderr: &["a.txt: not a folder"],
            out: &[Out::Empty],
        },
        Case {
            name: "merge_no_part",
            setup: |_| {},
            args: &["merge"],
            stdin: None,
            code: 2,
            stderr: &["<FILE>"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_check_broken",
            setup: |d| w(d, "l.toml", b"[[theme]]\nid = \"a\"\nentries = [\"seul\"\n"),
            args: &["lexicon", "check", "l.toml"],
            stdin: None,
            code: 1,
            stderr: &["l.toml:4: invalid array"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_check_missing",
            setup: |_| {},
            args: &["lexicon", "check", "nope.toml"],
            stdin: None,
            code: 1,
            stderr: &["nope.toml: No such file"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_export_onto_its_input",
            setup: |d| {
                w(
                    d,
                    "l.toml",
                    b"[[theme]]\nid = \"a\"\nentries = [\"seul\"]\n",
                )
            },
            args: &[
                "lexicon", "export", "--format", "toml", "l.toml", "-o", "l.toml",
            ],
            stdin: None,
            code: 2,
            stderr: &["refusing to overwrite l.toml: it is one of the inputs"],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_export_broken",
            setup: |d| w(d, "l.dic", b"%\n1\tisol\n%\nbad\t7\n"),
            args: &["lexicon", "export", "--format", "toml", "l.dic"],
            stdin: None,
            code: 2,
            stderr: &["l.dic:4: entry \"bad\": unknown category \"7\""],
            out: &[Out::Empty],
        },
        Case {
            name: "lexicon_export_yaml_refused",
            setup: |_| {},
            args: &["lexicon", "export", "--format", "yaml"],
            stdin: None,
            code: 2,
            stderr: &["exported as toml, dic or qdc, not yaml"],
            out: &[Out::Empty],
        },
        Case {
            name: "tokens_missing_file",
            setup: |_| {},
            args: &["tokens", "nope.txt"],
            stdin: None,
            code: 2,
            stderr: &["entretien: nope.txt: No such file"],
            out: &[Out::Empty],
        },
        Case {
            name: "tokens_invalid_utf8",
            setup: |d| w(d, "t.txt", b"je suis\nseul \xff\n"),
            args: &["tokens", "t.txt"],
            stdin: None,
            code: 2,
            stderr: &[
                "t.txt: byte offset 13: invalid UTF-8",
                "--lossy replaces invalid bytes",
            ],
            out: &[Out::Has("\"suis\"")],
        },
        Case {
            name: "tokens_stdin_invalid_utf8",
            setup: |_| {},
            args: &["tokens", "-"],
            stdin: Some(b"\xff"),
            code: 2,
            stderr: &["<stdin>: byte offset 0: invalid UTF-8"],
            out: &[Out::Empty],
        },
        Case {
            name: "transcript_without_file",
            setup: |_| {},
            args: &["transcript"],
            stdin: None,
            code: 2,
            stderr: &["<FILE>"],
            out: &[Out::Empty],
        },
        Case {
            name: "transcript_missing_file",
            setup: |_| {},
            args: &["transcript", "nope.vtt"],
            stdin: None,
            code: 2,
            stderr: &["nope.vtt: no such file or folder"],
            out: &[Out::Empty],
        },
        Case {
            name: "unknown_subcommand",
            setup: |_| {},
            args: &["sccore"],
            stdin: None,
            code: 2,
            stderr: &["unrecognized subcommand 'sccore'"],
            out: &[Out::Empty],
        },
    ]
}

#[test]
fn bad_input_cases() {
    let cases = bad_cases();
    assert!(cases.len() >= 110, "{} cases", cases.len());
    run_all(&cases);
}

#[test]
fn cli_error_paths() {
    run_all(&cli_cases());
}

/// Known bugs, left to fix: each case states the behaviour it should have.
fn fixed_bugs() -> Vec<Case> {
    vec![
        // A word where a TextGrid number should be was skipped as a label, and the error said
        // "unexpected end" at the line before.
        Case {
            name: "textgrid_word_for_a_number",
            setup: |d| {
                w(d, "bad.TextGrid",
                b"File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\nxmin = 0\nxmax = douze\n")
            },
            args: args!(score "bad.TextGrid"),
            stdin: None,
            code: 1,
            stderr: &["bad.TextGrid:5:", "found the word \"douze\""],
            out: &[Out::Empty],
        },
    ]
}

#[test]
fn fixed_bug_cases() {
    run_all(&fixed_bugs());
}
