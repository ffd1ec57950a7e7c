//! The command-line tool's reliability, through the real binary in temporary folders.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn entretien(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(args)
        .env("COLUMNS", "100")
        .output()
        .expect("the entretien binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn corpus(dir: &Path, docs: &[(&str, &str)]) -> String {
    let path = dir.join("docs.jsonl");
    let mut lines = String::new();
    for (id, body) in docs {
        lines.push_str(&serde_json::json!({"id": id, "text": body, "metadata": {"words": "x", "service": "NA"}}).to_string());
        lines.push('\n');
    }
    std::fs::write(&path, lines).unwrap();
    path.display().to_string()
}

#[test]
fn kwic_widths_are_capped_not_allocated() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path(), &[("a", "Je suis seul devant l'écran.")]);
    for width in ["18446744073709551615", "1000000000"] {
        let out = entretien(&["kwic", "seul", &c, "-q", "--width", width]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains("1000") && !stderr.contains("panicked"),
            "{stderr}"
        );
    }
    let ok = entretien(&["kwic", "seul", &c, "-q", "--width", "1000"]);
    assert!(ok.status.success());
}

#[test]
fn stale_temporary_files_are_removed_and_outputs_checked_before_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(
        dir.path(),
        &[("a", "Je suis seul."), ("b", "Tout va bien.")],
    );
    let tables = dir.path().join("tables");
    std::fs::create_dir(&tables).unwrap();
    // No process has this id (Linux ids stay below 2^22).
    let stale = tables.join(".entretien-tmp-999999999-themes.csv");
    std::fs::write(&stale, "half").unwrap();
    let out = entretien(&[
        "score",
        &c,
        "-q",
        "--format",
        "jsonl",
        "--out",
        tables.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let left: Vec<String> = std::fs::read_dir(&tables)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // An aggregate file that cannot be written fails before any row is printed.
    let blocked = dir.path().join("a-file");
    std::fs::write(&blocked, "").unwrap();
    let target = blocked.join("agg.json");
    let out = entretien(&[
        "score",
        &c,
        "-q",
        "--format",
        "jsonl",
        "--aggregate-out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "rows were printed before the failure"
    );
    assert!(
        text(&out.stderr).contains("a-file"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn duplicate_ids_count_as_documents_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(
        dir.path(),
        &[
            ("x", "Je suis isolé."),
            ("x", "Isolée encore."),
            ("x", "Rien."),
        ],
    );
    let out = entretien(&["score", &c]);
    assert!(out.status.success());
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("3 documents"), "{stdout}");
    let line = stdout.lines().find(|l| l.starts_with("isolement")).unwrap();
    assert!(line.contains("2/3"), "{line}");
    assert!(
        text(&out.stderr).contains("more than once"),
        "{}",
        text(&out.stderr)
    );
    // -q silences warnings as it does the progress line and the summary.
    let quiet = entretien(&["score", &c, "-q"]);
    assert!(text(&quiet.stdout).starts_with("3 documents"));
    assert!(!text(&quiet.stderr).contains("more than once"));
}

#[test]
fn a_missing_stop_list_is_an_error_without_by_and_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path(), &[("a", "Je suis seul.")]);
    let out = entretien(&["score", &c, "-q", "--stopwords", "/nonexistent/stop.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.starts_with("entretien: /nonexistent/stop.txt: "),
        "{stderr}"
    );
    assert_eq!(stderr.matches("No such file").count(), 1, "{stderr}");

    let out = entretien(&["score", "/nonexistent/corpus", "-q"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert_eq!(
        stderr.to_lowercase().matches("no such file").count(),
        1,
        "{stderr}"
    );
}

#[test]
fn documents_csv_has_distinct_columns_and_quotes_text() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path(), &[("NA", "Je suis seul."), ("true", "Rien.")]);
    let tables = dir.path().join("t");
    let out = entretien(&[
        "score",
        &c,
        "-q",
        "--format",
        "csv",
        "--out",
        tables.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("\"NA\",\"document\""),
        "{stdout}"
    );
    let documents = std::fs::read_to_string(tables.join("documents.csv")).unwrap();
    let header: Vec<&str> = documents.lines().next().unwrap().split(',').collect();
    let mut unique = header.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), header.len(), "{header:?}");
    assert!(header.contains(&"meta.words") && header.contains(&"words"));
    assert!(
        documents.lines().nth(2).unwrap().starts_with("\"true\","),
        "{documents}"
    );
    // The same rate has the same decimals on stdout and in the tables.
    let rate = |csv: &str| {
        csv.lines()
            .nth(1)
            .unwrap()
            .split(',')
            .find(|f| f.contains('.') && f.parse::<f64>().is_ok())
            .map(str::to_string)
    };
    assert_eq!(rate(&stdout).unwrap().split('.').nth(1).unwrap().len(), 3);
    assert_eq!(
        rate(&documents).unwrap().split('.').nth(1).unwrap().len(),
        3
    );
}

#[test]
fn standard_input_counts_as_one_source_in_the_summary() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["score", "-", "--format", "jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"{\"text\": \"Je suis seul.\"}\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert!(stderr.contains("1 document, 1/1 file,"), "{stderr}");
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<(String, &str)> = (0..3000)
        .map(|i| (format!("d{i}"), "Je suis seul. Toujours seul."))
        .collect();
    let refs: Vec<(&str, &str)> = docs.iter().map(|(a, b)| (a.as_str(), *b)).collect();
    let c = corpus(dir.path(), &refs);
    let mut child = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["score", &c, "-q", "--format", "jsonl", "--unit", "sentence"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout.read_exact(&mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        !text(&out.stderr).contains("Broken pipe"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn wide_tables_fit_the_terminal_without_cutting_ids_or_themes() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(
        dir.path(),
        &[
            (
                "entretien-agent-accueil-mairie-1",
                "Je suis seul, débordé, isolé devant l'écran.",
            ),
            (
                "entretien-agent-accueil-mairie-2",
                "Débordé par l'urgence et la charge.",
            ),
        ],
    );
    let out = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["score", &c, "-q"])
        .env("COLUMNS", "60")
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    let matrix = &stdout[stdout.find("hits per 1,000 words").unwrap()..];
    assert!(
        matrix
            .lines()
            .all(|l| entretien::kwic::display_width(l) <= 60),
        "{matrix}"
    );
    assert!(
        matrix.contains("entretien-agent-accueil-mairie-1")
            && matrix.contains("entretien-agent-accueil-mairie-2")
    );
    assert!(!matrix.contains('…'), "{matrix}");
}

#[test]
fn turn_rows_name_their_speaker() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("e.txt");
    std::fs::write(
        &file,
        "Enquêtrice : Et vous ?\nMarie : Je suis seule.\nMarie : Débordée aussi.\n",
    )
    .unwrap();
    let out = entretien(&["score", file.to_str().unwrap(), "-q", "--unit", "turn"]);
    let stdout = text(&out.stdout);
    assert!(stdout.contains("e · t1 · Marie (respondent)"), "{stdout}");
}

/// Peak memory stays flat in the number of documents, for the terminal table and for `--out`.
#[cfg(target_os = "linux")]
#[test]
fn memory_does_not_grow_with_documents() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let mut lines = String::new();
    for i in 0..30_000 {
        let doc = serde_json::json!({"id": format!("d{i}"), "text": "Je suis seul, débordé par la charge de travail.", "metadata": {"service": "accueil"}});
        lines.push_str(&doc.to_string());
        lines.push('\n');
    }
    std::fs::write(&path, lines).unwrap();
    let tables = dir.path().join("t");
    for extra in [
        &[][..],
        &["--format", "jsonl", "--out", tables.to_str().unwrap()][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_entretien"))
            .args(["score", path.to_str().unwrap(), "-q", "--threads", "2"])
            .args(extra)
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let status = format!("/proc/{}/status", child.id());
        let mut peak_kb = 0u64;
        while child.try_wait().unwrap().is_none() {
            if let Ok(s) = std::fs::read_to_string(&status) {
                let hwm = s.lines().find(|l| l.starts_with("VmHWM:"));
                let kb = hwm.and_then(|l| l.split_whitespace().nth(1)?.parse().ok());
                peak_kb = peak_kb.max(kb.unwrap_or(0));
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        assert!(
            peak_kb < 100_000,
            "{extra:?}: peak {peak_kb} kB for 30,000 documents"
        );
    }
    let documents = std::fs::read_to_string(tables.join("documents.csv")).unwrap();
    assert_eq!(documents.lines().count(), 30_001);
}

/// With thousands of groups, the terminal table shows those with the most words and says so;
/// `--out` still writes every group.
#[test]
fn a_table_of_many_groups_shows_the_largest_and_out_keeps_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    let mut lines = String::new();
    for i in 0..3_000 {
        // Group g7 gets long documents: it must be among those shown.
        let text = match i % 1_000 == 7 {
            true => "Je suis seul au bureau, on clique toute la journée. ".repeat(20),
            false => "Je suis seul.".to_string(),
        };
        let doc = serde_json::json!({"id": format!("d{i}"), "text": text, "metadata": {"g": format!("g{}", i % 1_000)}});
        lines.push_str(&doc.to_string());
        lines.push('\n');
    }
    std::fs::write(&path, lines).unwrap();
    let tables = dir.path().join("t");
    let out = entretien(&[
        "score",
        path.to_str().unwrap(),
        "-q",
        "--by",
        "g",
        "--wide",
        "--out",
        tables.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("(the 200 of 1000 groups with the most words"),
        "{stdout}"
    );
    let section = stdout.split("groups by g:").nth(1).expect("groups section");
    let shown: std::collections::BTreeSet<&str> = section
        .split_whitespace()
        .map(|w| w.trim_end_matches(':'))
        .filter(|w| w.starts_with('g') && w[1..].parse::<u32>().is_ok())
        .collect();
    assert_eq!(shown.len(), 200, "{section}");
    assert!(shown.contains("g7"), "{section}");
    let groups = std::fs::read_to_string(tables.join("groups.csv")).unwrap();
    let names: std::collections::BTreeSet<&str> = groups
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert_eq!(names.len(), 1_000);
}

#[test]
fn an_output_folder_inside_the_inputs_is_left_out_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.txt"), "Je suis seul devant l'écran.").unwrap();
    std::fs::write(d.join("notes.pdf"), "pas un entretien").unwrap();
    let (c, out) = (d.display().to_string(), d.join("out").display().to_string());
    let args = [
        "score",
        c.as_str(),
        "--format",
        "jsonl",
        "--out",
        out.as_str(),
    ];
    let first = entretien(&args);
    assert!(first.status.success(), "{}", text(&first.stderr));
    // The second run finds the first run's tables (evidence.jsonl is a transcript extension).
    let second = entretien(&args);
    let stderr = text(&second.stderr);
    assert!(second.status.success(), "{stderr}");
    assert_eq!(text(&second.stdout), text(&first.stdout));
    assert!(
        stderr.contains("left out: under the excluded path"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 file skipped: not a transcript extension"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("notes.pdf"),
        "listed only with --verbose: {stderr}"
    );
    let verbose = entretien(&[&args[..], &["--verbose"]].concat());
    assert!(text(&verbose.stderr).contains("notes.pdf"));
}

#[test]
fn a_run_that_reads_nothing_is_an_error_saying_what_was_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.pdf"), "pas un entretien").unwrap();
    let out = entretien(&["score", dir.path().to_str().unwrap()]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("no document was read") && stderr.contains("notes.pdf"),
        "{stderr}"
    );
    assert!(text(&out.stdout).is_empty(), "no table of zeros");
}

#[test]
fn threads_above_the_cap_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path(), &[("a", "Je suis seul.")]);
    let out = entretien(&["score", &c, "-q", "--threads", "100000"]);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("--threads 100000 capped at"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn reader_warnings_are_printed_once_unless_quiet() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.txt");
    std::fs::write(&file, "texte perdu\n**** *id_a\nJe suis seule.\n").unwrap();
    let f = file.to_str().unwrap();
    for command in [
        &["score", f][..],
        &["vocab", f],
        &["kwic", "seul", f],
        &["transcript", f],
    ] {
        let out = entretien(command);
        let stderr = text(&out.stderr);
        assert!(out.status.success(), "{command:?}: {stderr}");
        assert_eq!(
            stderr.matches("a.txt:1: text before").count(),
            1,
            "{command:?}: {stderr}"
        );
        let quiet = entretien(&[command, &["-q"]].concat());
        assert!(!text(&quiet.stderr).contains("text before"), "{command:?}");
    }
}

#[test]
fn merge_refuses_a_part_given_twice() {
    let dir = tempfile::tempdir().unwrap();
    let c = corpus(dir.path(), &[("a", "Je suis seul.")]);
    let part = dir.path().join("part.json");
    let p = part.to_str().unwrap();
    assert!(entretien(&["score", &c, "-q", "--aggregate-out", p])
        .status
        .success());
    let copy = dir.path().join("copy.json");
    std::fs::copy(&part, &copy).unwrap();
    for second in [p, copy.to_str().unwrap()] {
        let out = entretien(&["merge", p, second]);
        assert_eq!(out.status.code(), Some(2));
        assert!(text(&out.stderr).contains("the same part as one given before"));
    }
}

#[test]
fn lexicon_check_prints_json() {
    let out = entretien(&["lexicon", "check", "--format", "json"]);
    assert!(out.status.success());
    let check: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(check["themes"].as_array().unwrap().len(), 14);
    let entry = &check["themes"][0]["entries"][0];
    assert!(
        entry["expansion"].as_str().unwrap().starts_with("stem "),
        "{entry}"
    );
    assert!(entry["risks"].is_array());
}

/// A metadata table beside the transcripts gives the variables `--by` groups on, by file stem or
/// document id; rows without a document and documents without a row are said.
#[test]
fn a_metadata_table_joins_variables_that_by_groups_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("a.txt"),
        "R : Je suis seule au bureau toute la journée.\n",
    )
    .unwrap();
    std::fs::write(
        d.join("b.txt"),
        "R : Toute seule, devant l'écran, isolée.\n",
    )
    .unwrap();
    std::fs::write(d.join("c.txt"), "R : On se parle entre collègues.\n").unwrap();
    let meta = d.join("meta.csv");
    std::fs::write(
        &meta,
        "fichier;quartier\na;Belleville\nb.txt;\"Goutte d'Or\"\nz;Nulle part\n",
    )
    .unwrap();
    let folder = d.to_str().unwrap();
    let out = entretien(&[
        "score",
        folder,
        "--metadata",
        meta.to_str().unwrap(),
        "--by",
        "quartier",
        "--format",
        "jsonl",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let quartier =
        |id: &str| rows.iter().find(|r| r["id"] == id).unwrap()["metadata"]["quartier"].clone();
    assert_eq!(quartier("a"), "Belleville");
    assert_eq!(quartier("b"), "Goutte d'Or");
    assert!(quartier("c").is_null());
    let err = text(&out.stderr);
    assert!(err.contains("document \"c\" has no row in"), "{err}");
    assert!(err.contains("1 of 3 rows match no document: z"), "{err}");
    assert!(err.contains("1 of 3 documents have no `quartier`"), "{err}");
    // A broken table stops the run before any work, naming its line.
    std::fs::write(&meta, "fichier;quartier\na;Belleville;en trop\n").unwrap();
    let out = entretien(&["score", folder, "--metadata", meta.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("meta.csv:2:") && err.contains("3 fields where the header has 2"),
        "{err}"
    );
}

/// `transcript --summary` says, per document, what was read and who speaks with which role and why.
#[test]
fn transcript_summary_lists_speakers_roles_rules_and_words() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("e.txt");
    std::fs::write(
        &f,
        "Enquêtrice : Comment ça se passe ?\nMme Roux : Je suis seule au bureau.\nEnquêtrice : Et alors ?\nMme Roux : On clique toute la journée.\n",
    )
    .unwrap();
    let out = entretien(&[
        "transcript",
        "--summary",
        "--summary-format",
        "json",
        f.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = &rows[0];
    assert_eq!(row["format"], "plain");
    assert_eq!(row["turns"], 4);
    assert_eq!(row["words"]["interviewer"], 6);
    assert_eq!(row["words"]["respondent"], 10);
    assert_eq!(row["speakers"][0]["name"], "Enquêtrice");
    assert_eq!(row["speakers"][0]["role"], "interviewer");
    assert_eq!(row["speakers"][0]["rule"], "label");
    assert_eq!(row["speakers"][1]["rule"], "default");
    let table = entretien(&["transcript", "--summary", f.to_str().unwrap()]);
    let shown = text(&table.stdout);
    assert!(
        shown.contains("Mme Roux") && shown.contains("respondent") && shown.contains("(default)"),
        "{shown}"
    );
}

/// A table of more documents than it shows: the first 500 rows, in input order for any number of
/// threads, and every document counted in the themes' coverage.
#[test]
fn a_table_of_many_documents_shows_the_first_rows_and_counts_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let docs: Vec<(String, &str)> = (0..1_200)
        .map(|i| {
            let body = if i % 3 == 0 {
                "Je suis seul."
            } else {
                "Tout va bien."
            };
            (format!("d{i:04}"), body)
        })
        .collect();
    let docs: Vec<(&str, &str)> = docs.iter().map(|(id, b)| (id.as_str(), *b)).collect();
    let c = corpus(dir.path(), &docs);
    let run = |threads: &str| {
        let out = entretien(&["score", &c, "-q", "--wide", "--threads", threads]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
    };
    let one = run("1");
    assert_eq!(one, run("2"));
    assert!(one.contains("(the first 500 of 1200 documents"), "{one}");
    assert!(one.contains("d0499") && !one.contains("d0500"), "{one}");
    let isolement = one.lines().find(|l| l.starts_with("isolement")).unwrap();
    assert!(isolement.contains("400/1200"), "{isolement}");
}
