//! The report without a browser: its figures are those of `entretien score` (the group table of
//! `--by`, the document rows of `--format json`), its bytes do not depend on the thread count, and
//! bad input never makes it panic.

mod common;

use entretien::group::GroupBy;
use entretien::report::{html, Lang, ReportBuilder, ReportOptions};
use entretien::{Analyzer, Lexicon, Transcript};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn entretien(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "entretien {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn report_json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let html = dir.join("report.html");
    let out = dir.join("figures");
    let mut args = vec![
        "report",
        "corpora/",
        "--by",
        "type_employeur",
        "--by",
        "speaker_role",
        "-q",
        "-o",
        html.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    entretien(&args);
    serde_json::from_slice(&std::fs::read(out.join("report.json")).unwrap()).unwrap()
}

/// Reads a CSV file as header → value maps.
fn csv_rows(path: &Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .cloned()
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

#[test]
fn heatmap_cells_are_the_group_table_of_score_by() {
    let dir = tempfile::tempdir().unwrap();
    let report = report_json(dir.path(), &[]);
    for key in ["type_employeur", "speaker_role"] {
        let tables = dir.path().join(format!("tables-{key}"));
        entretien(&[
            "score",
            "corpora/",
            "--by",
            key,
            "-q",
            "--format",
            "csv",
            "--out",
            tables.to_str().unwrap(),
        ]);
        let groups = csv_rows(&tables.join("groups.csv"));
        let heatmap = report["heatmaps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["key"] == key)
            .unwrap();
        let mut cells = 0;
        for g in heatmap["groups"].as_array().unwrap() {
            for cell in g["themes"].as_array().unwrap() {
                let row = groups
                    .iter()
                    .find(|r| r["group"] == g["group"] && r["theme"] == cell["theme"])
                    .unwrap_or_else(|| panic!("no row of groups.csv for {g} {cell}"));
                // groups.csv rounds (3 decimals for rates, 6 for specificities).
                let rate: f64 = row["per_1000"].parse().unwrap();
                assert!(
                    (cell["per_1000"].as_f64().unwrap() - rate).abs() <= 5e-4,
                    "{key} {row:?}"
                );
                let lafon: f64 = row["lafon"].parse().unwrap();
                assert!(
                    (cell["lafon"].as_f64().unwrap() - lafon).abs() <= 5e-7,
                    "{key} {row:?}"
                );
                assert_eq!(cell["hits"].to_string(), row["hits"], "{key} {row:?}");
                assert_eq!(
                    g["documents"].to_string(),
                    row["documents"],
                    "{key} {row:?}"
                );
                cells += 1;
            }
        }
        assert_eq!(cells, groups.len(), "{key}: one cell per row of groups.csv");
        // And to the bit, against the library's own table over the same documents.
        let exact =
            serde_json::to_value(common::groups::corpora_groups(GroupBy::parse(key))).unwrap();
        assert_eq!(heatmap["groups"], exact, "{key}");
    }
}

#[test]
fn profiles_are_the_document_rows_of_score_json() {
    let dir = tempfile::tempdir().unwrap();
    let report = report_json(dir.path(), &[]);
    let out = entretien(&[
        "score",
        "corpora/",
        "--format",
        "json",
        "--all-themes",
        "-q",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let themes: Vec<&str> = report["themes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["theme"].as_str().unwrap())
        .collect();
    let profiles = report["profiles"]["documents"].as_array().unwrap();
    assert_eq!(report["profiles"]["total_documents"], rows.len());
    assert!(!profiles.is_empty());
    for p in profiles {
        let row = rows.iter().find(|r| r["id"] == p["id"]).unwrap();
        assert_eq!(p["words"], row["words"]);
        for (i, theme) in themes.iter().enumerate() {
            let cell = &row["themes"][theme];
            assert_eq!(p["per_1000"][i], cell["per_1000"], "{} {theme}", p["id"]);
            assert_eq!(p["hits"][i], cell["hits"], "{} {theme}", p["id"]);
        }
    }
    // The corpus figures add up to those of the document rows.
    let words: u64 = rows.iter().map(|r| r["words"].as_u64().unwrap()).sum();
    assert_eq!(report["corpus"]["words_scored"], words);
    assert_eq!(report["corpus"]["documents"], rows.len());
    // Theme totals, and every quote's marks are hits of its theme.
    for q in report["quotes"].as_array().unwrap() {
        for quote in q["quotes"].as_array().unwrap() {
            let snippet = quote["snippet"].as_str().unwrap();
            for m in quote["marks"].as_array().unwrap() {
                let (a, b) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
                assert!(snippet.get(a as usize..b as usize).is_some());
            }
            assert!(!quote["marks"].as_array().unwrap().is_empty());
        }
    }
}

#[test]
fn the_same_bytes_for_one_and_two_threads() {
    let dir = tempfile::tempdir().unwrap();
    let mut pages = Vec::new();
    for threads in ["1", "2"] {
        let sub = dir.path().join(threads);
        std::fs::create_dir_all(&sub).unwrap();
        report_json(&sub, &["--threads", threads, "--classes", "--k", "4"]);
        let mut files: Vec<(String, Vec<u8>)> = vec![(
            "report.html".into(),
            std::fs::read(sub.join("report.html")).unwrap(),
        )];
        let mut names: Vec<PathBuf> = std::fs::read_dir(sub.join("figures"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        names.sort();
        for n in names {
            let name = n.file_name().unwrap().to_string_lossy().into_owned();
            files.push((name, std::fs::read(&n).unwrap()));
        }
        pages.push(files);
    }
    let names: Vec<&String> = pages[0].iter().map(|f| &f.0).collect();
    assert_eq!(
        names,
        [
            "report.html",
            "cooccurrence.svg",
            "dendrogram.svg",
            "heatmap_speaker_role.svg",
            "heatmap_type_employeur.svg",
            "profiles.svg",
            "progression.svg",
            "report.json"
        ]
    );
    for (a, b) in pages[0].iter().zip(&pages[1]) {
        assert!(a == b, "{} differs between 1 and 2 threads", a.0);
    }
    let svg = String::from_utf8(pages[0][1].1.clone()).unwrap();
    assert!(svg.starts_with("<?xml") && svg.contains("xmlns=\"http://www.w3.org/2000/svg\""));
}

#[test]
fn english_page_and_no_address_outside_it() {
    let dir = tempfile::tempdir().unwrap();
    report_json(
        dir.path(),
        &["--lang", "en", "--title", "Study <2026> & co"],
    );
    let page = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("<title>Study &lt;2026&gt; &amp; co</title>"));
    assert!(page.contains("Themes × groups"));
    for bad in [
        "http:", "https:", "src=", "url(", "@import", "<script", "<link",
    ] {
        assert!(!page.contains(bad), "the page holds {bad:?}");
    }
}

#[test]
fn the_output_is_never_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.txt");
    std::fs::write(&input, "Enquêteur : Bonjour.\nAgent : Je suis seule.\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["report", input.to_str().unwrap(), "-q", "-o"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to overwrite"));
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        "Enquêteur : Bonjour.\nAgent : Je suis seule.\n"
    );
}

#[test]
fn failed_inputs_are_named_and_odd_text_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    std::fs::write(corpus.join("bad.txt"), b"Agent : \x00\x01binary").unwrap();
    std::fs::write(
        corpus.join("<b>.txt"),
        "Enquêteur : <script>alert(1)</script> ?\nR : Je suis seule & isolée, \u{1} « vraiment ».\n",
    )
    .unwrap();
    let html = dir.path().join("r.html");
    let out = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["report", corpus.to_str().unwrap(), "--classes", "-q", "-o"])
        .arg(&html)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "an input failed: exit 1");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("bad.txt"), "the failed file is named");
    assert!(!page.contains("<script>"));
    assert!(page.contains("&lt;b&gt;"));
    assert!(page.contains("<mark>isolée</mark>"));
    assert!(page.contains("&amp; <mark>isolée</mark>, \u{FFFD} « vraiment »"));
}

#[test]
fn a_report_of_nothing_and_of_empty_texts_does_not_panic() {
    let analyzer = Analyzer::builder()
        .build(&Lexicon::default_french())
        .unwrap();
    let options = ReportOptions::new()
        .by(GroupBy::parse("x"))
        .by(GroupBy::SpeakerRole)
        .classes(entretien::classes::ClassesConfig::default());
    let builder = ReportBuilder::new(&analyzer, options);
    let none: Vec<&Transcript> = Vec::new();
    for docs in [
        none,
        vec![&Transcript::from_text("vide", "")],
        vec![&Transcript::from_text("seul", "seul")],
    ] {
        let report = builder.build(docs).unwrap();
        for lang in [Lang::Fr, Lang::En] {
            let page = html::render(&report, lang);
            assert!(page.ends_with("</html>\n"));
            assert!(html::figures(&report, lang).len() >= 4);
        }
    }
}

#[test]
fn model_section_counts_the_rows_of_score_model() {
    let Some(coded) = common::shared_data("coded") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model.json");
    let coded = coded.join("dev.coder_a.jsonl");
    entretien(&[
        "learn",
        coded.to_str().unwrap(),
        "--no-curve",
        "-o",
        model.to_str().unwrap(),
    ]);
    let report = report_json(dir.path(), &["--model", model.to_str().unwrap()]);
    let section = &report["model"];
    let unit = section["unit"].as_str().unwrap();
    let out = entretien(&[
        "score",
        "corpora/",
        "-q",
        "--unit",
        unit,
        "--all-themes",
        "--format",
        "jsonl",
        "--model",
        model.to_str().unwrap(),
    ]);
    let rows: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(section["units"], rows.len());
    for t in section["themes"].as_array().unwrap() {
        let id = t["theme"].as_str().unwrap();
        let present = rows
            .iter()
            .filter(|r| r["themes"][id]["present"] == true)
            .count();
        assert_eq!(t["present"], present, "{id}");
    }
}
