//! Corpus runs through the real binary: determinism across thread counts, shards that merge into the
//! whole, bad files among good ones, output tables, and never writing over an input.

mod common;

use common::generate;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn entretien(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(args)
        .output()
        .expect("the entretien binary runs")
}

fn stdout_of(args: &[&str]) -> Vec<u8> {
    let out = entretien(args);
    assert!(
        out.status.success(),
        "entretien {:?} failed: {}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn corpora() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora")
        .display()
        .to_string()
}

fn generated(name: &str, docs: usize, bytes: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let corpus = dir.path().join(name);
    generate::write_corpus(&corpus, docs, bytes, 42).expect("the corpus is written");
    (dir, corpus)
}

#[test]
fn output_is_the_same_for_one_and_two_threads_on_the_sample_corpora() {
    let c = corpora();
    for unit in ["document", "turn", "segment"] {
        let one = stdout_of(&[
            "score",
            &c,
            "-q",
            "--format",
            "jsonl",
            "--evidence",
            "--unit",
            unit,
            "--threads",
            "1",
        ]);
        let two = stdout_of(&[
            "score",
            &c,
            "-q",
            "--format",
            "jsonl",
            "--evidence",
            "--unit",
            unit,
            "--threads",
            "2",
        ]);
        assert!(!one.is_empty());
        assert!(
            one == two,
            "unit {unit}: outputs differ between 1 and 2 threads"
        );
    }
    let one = stdout_of(&["score", &c, "-q", "--by", "role", "--threads", "1"]);
    let two = stdout_of(&["score", &c, "-q", "--by", "role", "--threads", "2"]);
    assert!(
        one == two,
        "the table with groups differs between 1 and 2 threads"
    );
}

#[test]
fn output_is_the_same_for_one_and_two_threads_on_a_thousand_documents() {
    let (_dir, corpus) = generated("gen", 1200, 3_000_000);
    let c = corpus.display().to_string();
    let one = stdout_of(&["score", &c, "-q", "--format", "jsonl", "--threads", "1"]);
    let two = stdout_of(&["score", &c, "-q", "--format", "jsonl", "--threads", "2"]);
    let lines = one.iter().filter(|&&b| b == b'\n').count();
    assert_eq!(lines, 1200, "one line per document");
    assert!(one == two, "outputs differ between 1 and 2 threads");
}

#[test]
fn three_shards_merge_into_the_aggregate_of_the_whole() {
    let (dir, corpus) = generated("gen", 90, 400_000);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let out = |name: &str| dir.path().join(name).display().to_string();
    for (i, shard) in files.chunks(files.len().div_ceil(3)).enumerate() {
        let mut args: Vec<String> = [
            "score",
            "-q",
            "--format",
            "jsonl",
            "--by",
            "employeur",
            "--aggregate-out",
        ]
        .map(String::from)
        .to_vec();
        args.push(out(&format!("part{i}.json")));
        args.extend(shard.iter().map(|p| p.display().to_string()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        stdout_of(&args);
    }
    let c = corpus.display().to_string();
    stdout_of(&[
        "score",
        &c,
        "-q",
        "--format",
        "jsonl",
        "--by",
        "employeur",
        "--aggregate-out",
        &out("whole.json"),
    ]);
    // Shards merged in another order than they were made: merging is commutative.
    let merged = stdout_of(&[
        "merge",
        &out("part2.json"),
        &out("part0.json"),
        &out("part1.json"),
    ]);
    let whole = std::fs::read(out("whole.json")).unwrap();
    assert!(
        merged == whole,
        "merged shards differ from the whole corpus"
    );
    let agg: serde_json::Value = serde_json::from_slice(&whole).unwrap();
    assert_eq!(agg["documents"], 90);
    assert!(agg["groups"].as_object().is_some_and(|g| g.len() >= 2));
}

#[test]
fn merging_aggregates_of_different_lexicons_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json").display().to_string();
    let b = dir.path().join("b.json").display().to_string();
    let c = corpora();
    stdout_of(&[
        "score",
        &c,
        "-q",
        "--format",
        "jsonl",
        "--aggregate-out",
        &a,
    ]);
    let dic = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lexicons/oddities.dic");
    if dic.exists() {
        stdout_of(&[
            "score",
            &c,
            "-q",
            "--format",
            "jsonl",
            "--lexicon",
            &dic.display().to_string(),
            "--aggregate-out",
            &b,
        ]);
        let out = entretien(&["merge", &a, &b]);
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("lexicons"));
    }
}

#[test]
fn a_bad_file_among_good_ones_is_named_and_the_run_goes_on() {
    let (dir, corpus) = generated("gen", 12, 60_000);
    std::fs::write(
        corpus.join("broken.trs"),
        "<?xml version=\"1.0\"?>\n<Trans>\n<Episode>\n<Turn speaker=\"spk1\"\n",
    )
    .unwrap();
    std::fs::write(corpus.join("latin1.txt"), b"Enqu\xeateur : bonjour\n").unwrap();
    let c = corpus.display().to_string();
    let tables = dir.path().join("tables");
    let t = tables.display().to_string();
    let out = entretien(&[
        "score",
        &c,
        "-q",
        "--format",
        "jsonl",
        "--out",
        &t,
        "--threads",
        "2",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(1),
        "non-zero exit at the end: {stderr}"
    );
    assert!(stderr.contains("broken.trs"), "{stderr}");
    assert!(
        stderr.contains("latin1.txt") && stderr.contains("byte offset 4"),
        "{stderr}"
    );
    let lines = String::from_utf8_lossy(&out.stdout).lines().count();
    assert_eq!(lines, 12, "every good document is scored");
    for f in [
        "documents.csv",
        "groups.csv",
        "themes.csv",
        "keyness.csv",
        "cooccurrence.csv",
        "evidence.jsonl",
    ] {
        assert!(tables.join(f).exists(), "{f} is written");
    }
    let documents = std::fs::read_to_string(tables.join("documents.csv")).unwrap();
    assert_eq!(
        documents.lines().count(),
        13,
        "a header and one row per good document"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&tables)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "no temporary files left: {leftovers:?}"
    );

    // --strict stops at the first error and writes no table.
    let strict = dir.path().join("strict");
    let s = strict.display().to_string();
    let out = entretien(&[
        "score", &c, "-q", "--format", "jsonl", "--out", &s, "--strict",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!strict.join("documents.csv").exists());
}

#[test]
fn outputs_never_overwrite_inputs() {
    let (dir, corpus) = generated("gen", 3, 10_000);
    let victim = corpus.join("gen000000.txt");
    let before = std::fs::read(&victim).unwrap();
    let v = victim.display().to_string();
    let c = corpus.display().to_string();
    let out = entretien(&[
        "score",
        &c,
        "-q",
        "--format",
        "jsonl",
        "--aggregate-out",
        &v,
    ]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing"));
    assert_eq!(std::fs::read(&victim).unwrap(), before);
    let _ = dir;
}

#[test]
fn json_lines_on_standard_input() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["score", "-", "-q", "--format", "jsonl"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            "{\"id\": \"a\", \"text\": \"Je me sens isolée devant mon écran.\", \"metadata\": {\"service\": \"accueil\"}}\n\n{\"text\": \"Tout va bien.\"}\n{pas du json}\n"
                .as_bytes(),
        )
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "a");
    assert_eq!(rows[1]["id"], "stdin#2");
    assert!(rows[0]["themes"]["isolement"]["hits"].as_u64().unwrap() >= 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("stdin") && stderr.contains(":4"),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn text_without_labels_is_scored_like_a_respondent() {
    let out = stdout_of(&[
        "score",
        "--text",
        "Je me sens très isolée depuis le télétravail.",
        "--format",
        "jsonl",
    ]);
    let row: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert!(row["themes"]["isolement"]["hits"].as_u64().unwrap() >= 1);
}

#[test]
fn concordances_and_vocabulary_run_on_the_corpora() {
    let c = corpora();
    let kwic = stdout_of(&["kwic", "theme:isolement", &c, "-q", "--format", "jsonl"]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&kwic)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    // Offsets point into the transcript text: the keyword is a slice of it.
    for l in &lines {
        assert!(l["end"].as_u64() > l["start"].as_u64());
    }
    let vocab = stdout_of(&["vocab", &c, "-q", "--format", "csv", "--top", "5"]);
    assert!(String::from_utf8_lossy(&vocab).starts_with("group,form,stem,stopword,freq,doc_freq"));
}

#[test]
fn stop_lists_can_be_replaced_or_extended() {
    let vocab = |extra: &[&str]| {
        let mut args = vec!["vocab", "-q", "--format", "csv", "--top", "0"];
        args.extend_from_slice(extra);
        let corpus = corpora();
        args.push(&corpus);
        let out = stdout_of(&args);
        String::from_utf8(out).unwrap()
    };
    // CSV columns: group, form, stem, stopword, freq, doc_freq (text fields quoted).
    let is_stopword = |text: &str, form: &str| {
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap())
            .find(|cols| cols.len() > 3 && &cols[1] == form)
            .map(|cols| &cols[3] == "true")
    };
    // The built-in list holds Snowball's words and spoken French (`ça`, `voilà`), not `travail`.
    let builtin = vocab(&[]);
    assert_eq!(is_stopword(&builtin, "ça"), Some(true));
    assert_eq!(is_stopword(&builtin, "les"), Some(true));
    assert_eq!(is_stopword(&builtin, "travail"), Some(false));

    let extended = vocab(&["--add-stopwords", "travail, voilà"]);
    assert_eq!(is_stopword(&extended, "travail"), Some(true));
    assert_eq!(is_stopword(&extended, "les"), Some(true));

    // A file replaces the whole list: what it leaves out (`ça`, `de`) is no stopword any more.
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("stop.txt");
    std::fs::write(&list, "travail | a topic word here\nles\n").unwrap();
    let replaced = vocab(&["--stopwords", list.to_str().unwrap()]);
    assert_eq!(is_stopword(&replaced, "travail"), Some(true));
    assert_eq!(is_stopword(&replaced, "les"), Some(true));
    assert_eq!(is_stopword(&replaced, "ça"), Some(false));
    assert_eq!(is_stopword(&replaced, "de"), Some(false));

    // With `--by`, stopwords stay out of the groups' specific stems.
    let table = |extra: &[&str]| {
        let mut args = vec!["score", "-q", "--by", "speaker_role"];
        args.extend_from_slice(extra);
        let corpus = corpora();
        args.push(&corpus);
        String::from_utf8(stdout_of(&args)).unwrap()
    };
    let stems = |t: &str| t[t.find("most specific stems").unwrap()..].to_string();
    let own_list = ["--stopwords", list.to_str().unwrap()];
    let without_ca = stems(&table(&own_list));
    assert!(without_ca.contains("ça ("), "{without_ca}");
    assert!(!stems(&table(
        &[&own_list[..], &["--add-stopwords", "ça"]].concat()
    ))
    .contains("ça ("));
    assert!(!stems(&table(&[])).contains("ça ("));

    // A missing or empty list is an error naming the file.
    let missing = entretien(&[
        "vocab",
        "-q",
        "--stopwords",
        "/nonexistent/stop.txt",
        &corpora(),
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/stop.txt"));
    std::fs::write(&list, "| nothing but a comment\n").unwrap();
    let empty = entretien(&[
        "vocab",
        "-q",
        "--stopwords",
        list.to_str().unwrap(),
        &corpora(),
    ]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&empty.stderr).contains("no words"));
}

#[test]
fn group_specificities_on_forms() {
    let corpus = corpora();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tables");
    let part = dir.path().join("part.json");
    let table = stdout_of(&[
        "score",
        "-q",
        "--by",
        "type_employeur",
        "--terms",
        "forms",
        "--out",
        out.to_str().unwrap(),
        "--aggregate-out",
        part.to_str().unwrap(),
        &corpus,
    ]);
    let table = String::from_utf8(table).unwrap();
    assert!(table.contains("most specific forms per group"), "{table}");
    let keyness = std::fs::read_to_string(out.join("keyness.csv")).unwrap();
    let kinds: Vec<String> = csv::Reader::from_reader(keyness.as_bytes())
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert!(kinds.iter().any(|k| k == "form"), "{keyness}");
    assert!(!kinds.iter().any(|k| k == "stem"));
    // The merged aggregate gives the same forms table.
    let merged = dir.path().join("merged");
    stdout_of(&[
        "merge",
        part.to_str().unwrap(),
        "--terms",
        "forms",
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert_eq!(
        std::fs::read_to_string(merged.join("keyness.csv")).unwrap(),
        keyness
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_or_a_second_path_reads_each_file_once() {
    let (_dir, corpus) = generated("gen", 3, 10_000);
    std::os::unix::fs::symlink(".", corpus.join("again")).unwrap();
    std::os::unix::fs::symlink("gen000000.txt", corpus.join("dup.txt")).unwrap();
    let c = corpus.display().to_string();
    let first = corpus.join("gen000001.txt").display().to_string();
    let out = stdout_of(&["score", &c, &first, "-q", "--format", "jsonl"]);
    let ids: Vec<String> = String::from_utf8_lossy(&out)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].to_string())
        .collect();
    assert_eq!(ids.len(), 3, "one row per file: {ids:?}");
}

/// Runs `entretien args` with `input` on standard input, written from a thread (the binary may stop
/// reading early).
fn with_stdin(args: &[&str], input: Vec<u8>) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

#[test]
fn one_document_on_standard_input_is_checked_as_it_is_read() {
    let args = [
        "score",
        "-",
        "--input-format",
        "plain",
        "-q",
        "--format",
        "jsonl",
    ];
    let out = with_stdin(
        &args,
        "Je me sens isolée devant mon écran.\n".as_bytes().to_vec(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let row: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(row["themes"]["isolement"]["hits"].as_u64().unwrap() >= 1);

    // Invalid from the first byte: the error names it without reading the 32 MB behind it.
    let mut bad = vec![0xFF];
    bad.resize(32 << 20, b'a');
    let out = with_stdin(&args, bad);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("stdin") && stderr.contains("byte offset 0"),
        "{stderr}"
    );
}

#[test]
fn outputs_inside_the_input_folder_can_be_left_out() {
    let (_dir, corpus) = generated("gen", 4, 20_000);
    let c = corpus.display().to_string();
    let tables = corpus.join("out");
    stdout_of(&[
        "score",
        &c,
        "-q",
        "--format",
        "jsonl",
        "--out",
        &tables.display().to_string(),
    ]);
    assert!(tables.join("evidence.jsonl").exists());
    let found = entretien::corpus::Discovery::new()
        .exclude(&tables)
        .discover(&[&corpus])
        .unwrap();
    assert_eq!(found.files.len(), 4, "{:?}", found.files);
    let excluded = found
        .skipped
        .iter()
        .filter(|s| matches!(s.reason, entretien::corpus::SkipReason::Excluded { .. }))
        .count();
    assert_eq!(excluded, 6, "{:?}", found.skipped);
}
