//! Agreement with human coders: κ and α on published worked examples, the evaluation of a small
//! hand-computed coded file, `suggest` on a planted indicator, bad inputs, and the figures of
//! `../shared/tools/theme_agreement.py` on the shared development set.

mod common;

use entretien::agreement::measures::{cohen_kappa, krippendorff_alpha_nominal, BinaryAlpha};
use entretien::agreement::{
    evaluate, passages_from_sources, suggest, CodedSet, EvalOptions, SuggestOptions,
};
use entretien::coded::CodedSource;
use entretien::coded::{parse_coded, read_coded_path, CodedFormat, CodedPassage, CodedSelection};
use entretien::{Analyzer, ErrorKind, Lexicon, Span, Theme, Unit};
use std::path::{Path, PathBuf};
use std::process::Command;

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/coded")
        .join(name)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn assert_close(got: Option<f64>, want: f64, what: &str) {
    let got = got.unwrap_or_else(|| panic!("{what}: undefined, expected {want}"));
    assert!(close(got, want), "{what}: got {got}, expected {want}");
}

#[test]
fn cohen_kappa_on_textbook_tables() {
    // 50 proposals, two readers (Wikipedia's worked example): yes/yes 20, yes/no 5, no/yes 10,
    // no/no 15. pₒ = 35/50 = 0.7; first says yes 25/50, second 30/50: pₑ = 0.5·0.6 + 0.5·0.4 = 0.5;
    // κ = (0.7 − 0.5)/(1 − 0.5) = 0.4.
    assert_close(cohen_kappa(&[[20, 5], [10, 15]]), 0.4, "2×2");
    // Three categories, 100 units: diagonal 25 + 20 + 40 → pₒ = 0.85; rows 30, 25, 45 and
    // columns 30, 25, 45 → pₑ = 0.09 + 0.0625 + 0.2025 = 0.355; κ = 0.495/0.645 = 0.767442…
    assert_close(
        cohen_kappa(&[[25, 2, 3], [3, 20, 2], [2, 3, 40]]),
        0.495 / 0.645,
        "3×3",
    );
    // Both raters constant and equal: pₑ = 1, κ undefined.
    assert_eq!(cohen_kappa(&[[0, 0], [0, 7]]), None);
}

#[test]
fn krippendorff_alpha_on_his_nominal_example_with_missing_data() {
    // Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", 4 coders × 12 units,
    // nominal, `.` missing:
    //   A: 1 2 3 3 2 1 4 1 2 . . .
    //   B: 1 2 3 3 2 2 4 1 2 5 . 3
    //   C: . 3 3 3 2 3 4 2 2 5 1 .
    //   D: 1 2 3 3 2 4 4 1 2 5 1 .
    // Unit 12 has one value and is not pairable: n = 40 pairable values. Disagreeing ordered pairs,
    // each weighted 1/(m_u − 1): unit 2 (2,2,3,2) 6/3 = 2; unit 6 (1,2,3,4) 12/3 = 4; unit 8
    // (1,1,2,1) 6/3 = 2: Σ o_ck (c≠k) = 8. Margins n_1..n_5 = 9, 13, 10, 5, 3:
    // Σ n_c n_k (c≠k) = 40² − (81 + 169 + 100 + 25 + 9) = 1216.
    // α = 1 − (n − 1)·8/1216 = 1 − 312/1216 = 0.743421…
    let rows: [[Option<u32>; 12]; 4] = {
        let m = None;
        let s = Some;
        [
            [
                s(1),
                s(2),
                s(3),
                s(3),
                s(2),
                s(1),
                s(4),
                s(1),
                s(2),
                m,
                m,
                m,
            ],
            [
                s(1),
                s(2),
                s(3),
                s(3),
                s(2),
                s(2),
                s(4),
                s(1),
                s(2),
                s(5),
                m,
                s(3),
            ],
            [
                m,
                s(3),
                s(3),
                s(3),
                s(2),
                s(3),
                s(4),
                s(2),
                s(2),
                s(5),
                s(1),
                m,
            ],
            [
                s(1),
                s(2),
                s(3),
                s(3),
                s(2),
                s(4),
                s(4),
                s(1),
                s(2),
                s(5),
                s(1),
                m,
            ],
        ]
    };
    let units: Vec<Vec<Option<u32>>> = (0..12)
        .map(|u| rows.iter().map(|r| r[u]).collect())
        .collect();
    let alpha = krippendorff_alpha_nominal(&units).unwrap();
    assert_close(Some(alpha), 1.0 - 312.0 / 1216.0, "α");
    assert!((alpha - 0.743).abs() < 0.0005, "{alpha}");
}

#[test]
fn binary_alpha_is_the_nominal_alpha_of_zeros_and_ones() {
    let mut rng = common::generate::Rng::new(11);
    for _ in 0..50 {
        let coders = 2 + rng.below(3);
        let units: Vec<Vec<Option<u32>>> = (0..(3 + rng.below(30)))
            .map(|_| {
                (0..coders)
                    .map(|_| match rng.below(5) {
                        0 => None,
                        1 | 2 => Some(1),
                        _ => Some(0),
                    })
                    .collect()
            })
            .collect();
        let mut binary = BinaryAlpha::default();
        for u in &units {
            let present = u.iter().filter(|v| **v == Some(1)).count() as u32;
            binary.add_unit(present, u.iter().flatten().count() as u32);
        }
        match (binary.alpha(), krippendorff_alpha_nominal(&units)) {
            (Some(a), Some(b)) => assert!((a - b).abs() < 1e-9, "{a} {b} {units:?}"),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{units:?}"),
        }
    }
}

fn small_analyzer() -> Analyzer {
    let lexicon = Lexicon::from_path(data("small_lexicon.toml")).unwrap();
    Analyzer::builder().build(&lexicon).unwrap()
}

fn small_set(file: &str) -> CodedSet {
    let read = read_coded_path(data(file)).unwrap();
    assert!(read.warnings.is_empty(), "{:?}", read.warnings);
    CodedSet::new(read.passages)
}

/// `tests/data/coded/small.jsonl`: six passages, coders ana and ben, lexicon `small_lexicon.toml`
/// (isolement: `=seule`, `isolé`; charge: `=débordée`, `=mails`).
///
/// | passage | text | lexicon | ana | ben |
/// |---|---|---|---|---|
/// | p1 | Je suis seule toute la journée. | isolement | isolement | isolement |
/// | p2 | Trop de mails, je suis débordée. | charge | charge | charge |
/// | p3 | Personne ne me parle au bureau. | – | isolement | isolement |
/// | p4 | Je reçois des mails de la mairie. | charge | – | – |
/// | p5 | On a trop de travail. | – | charge | – |
/// | p6 | Je ne suis pas seule, on est quatre. | (isolement negated) | denied isolement | denied isolement |
///
/// Expected, by hand:
/// - isolement vs ana (and ben): tp 1, fp 0, fn 1, tn 4 → P 1, R 1/2, F1 2/3; κ: pₒ = 5/6,
///   pₑ = (2/6)(1/6) + (4/6)(5/6) = 22/36 → κ = (30 − 22)/(36 − 22) = 8/14.
/// - charge vs ana: tp 1 (p2), fp 1 (p4), fn 1 (p5), tn 3 → P = R = F1 = 1/2; pₒ = 4/6,
///   pₑ = (2/6)² + (4/6)² = 20/36 → κ = 4/16 = 1/4. vs ben: tp 1, fp 1, fn 0 → P 1/2, R 1, F1 2/3,
///   κ = 8/14 (pₑ = (1/6)(2/6) + (5/6)(4/6) = 22/36).
/// - micro vs ana: tp 2, fp 1, fn 2 → F1 4/7; vs ben: tp 2, fp 1, fn 1 → F1 2/3; mean 0.619…;
///   macro vs ana (2/3 + 1/2)/2 = 7/12.
/// - ben vs ana: isolement identical (κ 1, α 1); charge tp 1, fn 1 → F1 2/3; micro 6/7.
///   α charge: o₁₁ = 2 (p2), o₀₁ = 1 (p5), o₀₀ = 8 → n₁ = 3, n₀ = 9, n = 12:
///   α = 1 − 11·2/(2·3·9) = 1 − 22/54.
/// - theme_agreement: sure = {p1 iso, p2 charge, p3 iso}, found 2 → recall_sure 2/3; the lexicon
///   reports 3, 2 of them coded by someone → precision_plausible 2/3; the denial of p6 is right:
///   1/1.
/// - false positive: charge in p4, by `=mails` «mails»; false negatives: isolement in p3 (both),
///   charge in p5 (ana).
#[test]
fn evaluation_of_the_small_file_matches_the_hand_computed_table() {
    let eval = evaluate(
        &small_analyzer(),
        &small_set("small.jsonl"),
        &EvalOptions::new(),
    )
    .unwrap();
    assert_eq!(eval.passages, 6);
    let names: Vec<&str> = eval.coders.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["ana", "ben"]);
    let iso = &eval.themes[0];
    assert_eq!(iso.theme, "isolement");
    for a in &iso.lexicon {
        assert_eq!(
            (a.counts.tp, a.counts.fp, a.counts.fn_, a.counts.tn),
            (1, 0, 1, 4)
        );
        assert_close(a.precision, 1.0, "P iso");
        assert_close(a.recall, 0.5, "R iso");
        assert_close(a.f1, 2.0 / 3.0, "F1 iso");
        assert_close(a.kappa, 8.0 / 14.0, "κ iso");
    }
    assert_close(iso.coders[0].agreement.kappa, 1.0, "κ iso ana~ben");
    assert_close(iso.alpha, 1.0, "α iso");
    let charge = &eval.themes[1];
    let (ana, ben) = (&charge.lexicon[0], &charge.lexicon[1]);
    assert_close(ana.f1, 0.5, "F1 charge ana");
    assert_close(ana.kappa, 0.25, "κ charge ana");
    assert_close(ben.precision, 0.5, "P charge ben");
    assert_close(ben.recall, 1.0, "R charge ben");
    assert_close(ben.kappa, 8.0 / 14.0, "κ charge ben");
    assert_close(
        charge.coders[0].agreement.f1,
        2.0 / 3.0,
        "F1 charge ana~ben",
    );
    assert_close(charge.alpha, 1.0 - 22.0 / 54.0, "α charge");
    assert_close(eval.overall.lexicon[0].f1, 4.0 / 7.0, "micro ana");
    assert_close(eval.overall.lexicon[1].f1, 2.0 / 3.0, "micro ben");
    assert_close(eval.overall.macro_f1[0], 7.0 / 12.0, "macro ana");
    assert_close(
        eval.overall.coders[0].agreement.f1,
        6.0 / 7.0,
        "micro ana~ben",
    );
    let r = &eval.reference;
    assert_close(r.human_f1, 6.0 / 7.0, "human_f1");
    assert_close(
        Some(r.tool_mean),
        (4.0 / 7.0 + 2.0 / 3.0) / 2.0,
        "tool_mean",
    );
    assert_close(Some(r.recall_sure), 2.0 / 3.0, "recall_sure");
    assert_close(
        Some(r.precision_plausible),
        2.0 / 3.0,
        "precision_plausible",
    );
    assert_eq!((r.negation_right, r.negation_of), (1, 1));
    assert_eq!(eval.false_positives.len(), 1);
    let fp = &eval.false_positives[0];
    assert_eq!((fp.theme.as_str(), fp.passage.as_str()), ("charge", "p4"));
    assert_eq!(fp.not_coded_by, ["ana", "ben"]);
    assert_eq!(fp.indicators[0].indicator, "=mails");
    assert_eq!(fp.indicators[0].text, "mails");
    let fns: Vec<(&str, &str, usize)> = eval
        .false_negatives
        .iter()
        .map(|f| (f.theme.as_str(), f.passage.as_str(), f.coded_by.len()))
        .collect();
    assert_eq!(fns, [("isolement", "p3", 2), ("charge", "p5", 1)]);
    assert_eq!(eval.confusion.len(), 1);
    assert_eq!(eval.confusion[0].coded_nothing, 2);
    // The table shows the same figures.
    let table = eval.render(None);
    assert!(
        table.contains("lexicon vs ana  0.667  0.500     0.571     0.583  0.400"),
        "{table}"
    );
    assert!(table.contains("negation_both 1/1"), "{table}");
    assert!(
        table.contains("charge: p4 [ana, ben] =mails «mails»"),
        "{table}"
    );
}

#[test]
fn csv_and_json_lines_give_one_evaluation_and_finer_units_the_same_passage_themes() {
    let analyzer = small_analyzer();
    let json = evaluate(&analyzer, &small_set("small.jsonl"), &EvalOptions::new()).unwrap();
    let csv = evaluate(&analyzer, &small_set("small.csv"), &EvalOptions::new()).unwrap();
    assert_eq!(json, csv);
    for unit in [Unit::Turn, Unit::Sentence, Unit::Segment] {
        let finer = evaluate(
            &analyzer,
            &small_set("small.jsonl"),
            &EvalOptions::new().unit(unit),
        )
        .unwrap();
        assert_eq!(finer.themes, json.themes, "{unit}");
        assert_eq!(finer.reference, json.reference, "{unit}");
    }
}

#[test]
fn results_do_not_depend_on_the_number_of_threads() {
    let analyzer = small_analyzer();
    let mut passages = Vec::new();
    for k in 0..40 {
        for mut p in read_coded_path(data("small.jsonl")).unwrap().passages {
            p.id = format!("{}-{k}", p.id);
            passages.push(p);
        }
    }
    let set = CodedSet::new(passages);
    let run = |threads| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| evaluate(&analyzer, &set, &EvalOptions::new()).unwrap())
    };
    let one = run(1);
    assert_eq!(one.passages, 240);
    assert_eq!(one, run(3));
}

fn passage(id: usize, text: &str, themes: &[&str]) -> CodedPassage {
    CodedPassage {
        id: format!("q{id}"),
        text: text.to_string(),
        themes: themes.iter().map(|t| t.to_string()).collect(),
        denied: Vec::new(),
        coder: Some("ana".into()),
        document: None,
        origin: None,
    }
}

#[test]
fn suggest_ranks_a_planted_indicator_first() {
    // Twelve passages coded `isolement`, six of them with the planted word « cloisonné(e)(s) »
    // that the lexicon lacks; the other words are spread over both sides.
    let fillers = [
        "le service a changé depuis la réforme",
        "on travaille sur le logiciel toute la journée",
        "les dossiers arrivent par le portail",
        "le bureau donne sur la cour",
    ];
    let mut passages = Vec::new();
    for i in 0..24 {
        let filler = fillers[(i / 4) % fillers.len()];
        let (text, themes): (String, &[&str]) = match i % 4 {
            0 => (format!("Je me sens cloisonnée, {filler}."), &["isolement"]),
            1 => (format!("Je suis seule, {filler}."), &["isolement"]),
            2 => (format!("Franchement, {filler}."), &[]),
            _ => (format!("Les collègues passent, {filler}."), &[]),
        };
        passages.push(passage(i, &text, themes));
    }
    let set = CodedSet::new(passages);
    let lexicon = Lexicon::new(vec![
        Theme::new("isolement").with_entries(["=seule"]),
        Theme::new("charge").with_entries(["débordé"]),
    ]);
    let analyzer = Analyzer::builder().build(&lexicon).unwrap();
    let found = suggest(&analyzer, &set, "isolement", &SuggestOptions::new()).unwrap();
    let first = &found.candidates[0];
    assert_eq!(first.term, "cloison", "{:#?}", found.candidates);
    assert_eq!(first.with_theme, 6);
    assert_eq!(first.fixes, Some(6));
    assert_eq!(first.adds_wrongly, Some(0));
    assert_close(found.f1, 2.0 * 6.0 / (2.0 * 6.0 + 6.0), "F1 before");
    assert_close(first.f1_if_added, 1.0, "F1 with it");
    // A form sharing the stem of `=seule` without matching it is a near miss.
    let set = CodedSet::new([
        passage(1, "Je suis seule.", &["isolement"]),
        passage(2, "Il est seul, toujours seul.", &["isolement"]),
    ]);
    let found = suggest(&analyzer, &set, "isolement", &SuggestOptions::new()).unwrap();
    let near = &found.near_misses[0];
    assert_eq!(
        (near.form.as_str(), near.frequency, near.indicator.as_str()),
        ("seul", 2, "=seule")
    );
    assert!(suggest(&analyzer, &set, "absent", &SuggestOptions::new()).is_err());
}

#[test]
fn coded_sources_become_one_passage_per_unit_and_coder() {
    let text = "Je suis seule au bureau. On ne se parle plus. Les mails débordent.";
    let selection =
        |start: usize, end: usize, theme: &str, denied: bool, coder: &str| CodedSelection {
            span: Span::new(start, end),
            theme: theme.into(),
            denied,
            coder: Some(coder.into()),
            origin: None,
        };
    let source = CodedSource {
        id: "e01".into(),
        text: text.into(),
        selections: vec![
            selection(8, 13, "isolement", false, "ana"),
            selection(25, 45, "isolement", false, "ben"),
            selection(46, 66, "charge", true, "ben"),
        ],
    };
    let analyzer = small_analyzer();
    let passages =
        passages_from_sources(std::slice::from_ref(&source), Unit::Sentence, &analyzer).unwrap();
    let got: Vec<(&str, &str, Vec<String>, Vec<String>)> = passages
        .iter()
        .map(|p| {
            (
                p.id.as_str(),
                p.coder.as_deref().unwrap(),
                p.themes.clone(),
                p.denied.clone(),
            )
        })
        .collect();
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    assert_eq!(
        got,
        [
            ("e01#s1", "ana", s(&["isolement"]), s(&[])),
            ("e01#s1", "ben", s(&[]), s(&[])),
            ("e01#s2", "ana", s(&[]), s(&[])),
            ("e01#s2", "ben", s(&["isolement"]), s(&[])),
            ("e01#s3", "ana", s(&[]), s(&[])),
            ("e01#s3", "ben", s(&[]), s(&["charge"])),
        ]
    );
    assert_eq!(passages[2].text, "On ne se parle plus.");
    let whole = passages_from_sources(&[source], Unit::Document, &analyzer).unwrap();
    assert_eq!(whole.len(), 2);
    assert_eq!(whole[1].themes, ["isolement"]);
    // They evaluate like any coded passages.
    let eval = evaluate(&analyzer, &CodedSet::new(passages), &EvalOptions::new()).unwrap();
    assert_eq!(eval.passages, 3);
}

#[test]
fn bad_lines_are_warnings_and_the_others_are_kept() {
    let text = "{\"id\": \"a\", \"text\": \"Je suis seule.\", \"themes\": [\"isolement\"]}\n\
                {\"id\": \"b\", \"text\": \"cassé\"\n\
                {\"id\": \"c\", \"themes\": []}\n\
                \n\
                {\"id\": \"d\", \"text\": \"Des mails.\", \"themes\": [\"charge\", \"inconnu\", \"autre\"]}\n";
    let read = parse_coded(text, CodedFormat::Jsonl).unwrap();
    let ids: Vec<&str> = read.passages.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "d"]);
    let lines: Vec<Option<usize>> = read.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(2), Some(3)]);
    assert!(
        read.warnings[0].message.contains("invalid JSON"),
        "{:?}",
        read.warnings
    );
    assert!(
        read.warnings[1].message.contains("missing `text`"),
        "{:?}",
        read.warnings
    );
    // Themes the lexicon does not have: one warning naming them.
    let eval = evaluate(
        &small_analyzer(),
        &CodedSet::new(read.passages),
        &EvalOptions::new(),
    )
    .unwrap();
    let warning = eval
        .warnings
        .iter()
        .find(|w| w.contains("does not have"))
        .unwrap();
    assert!(warning.contains("autre (1), inconnu (1)"), "{warning}");
    assert!(eval
        .themes
        .iter()
        .any(|t| t.theme == "inconnu" && !t.in_lexicon));
    // Nothing readable: an error at the first bad line, with the file.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"id\": 1}\n").unwrap();
    let e = read_coded_path(&bad).unwrap_err();
    assert_eq!((e.path(), e.line()), (Some(bad.as_path()), Some(1)), "{e}");
    // Invalid UTF-8: an error at its byte offset.
    std::fs::write(&bad, b"{\"id\": \"a\", \"text\": \"caf\xe9\"}\n").unwrap();
    let e = read_coded_path(&bad).unwrap_err();
    assert!(matches!(e.kind(), ErrorKind::InvalidUtf8 { .. }), "{e}");
    assert_eq!(e.byte_offset(), Some(24));
    // A CSV without a text column.
    let e = parse_coded("id;themes\na;isolement\n", CodedFormat::Csv).unwrap_err();
    assert_eq!(e.line(), Some(1), "{e}");
    // Passages without a coder take the file's stem.
    let named = dir.path().join("claire.csv");
    std::fs::write(
        &named,
        "id,text,themes\n1,Je suis seule.,isolement|charge\n",
    )
    .unwrap();
    let read = read_coded_path(&named).unwrap();
    assert_eq!(read.passages[0].coder.as_deref(), Some("claire"));
    assert_eq!(read.passages[0].themes, ["isolement", "charge"]);
}

fn entretien(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn lexicon_eval_command_prints_the_table_and_names_coders_by_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for coder in ["ana", "ben"] {
        let lines: Vec<String> = std::fs::read_to_string(data("small.jsonl"))
            .unwrap()
            .lines()
            .filter(|l| l.contains(&format!("\"coder\": \"{coder}\"")))
            .map(|l| l.replace(&format!(", \"coder\": \"{coder}\""), ""))
            .collect();
        let path = dir.path().join(format!("{coder}.jsonl"));
        std::fs::write(&path, lines.join("\n")).unwrap();
        files.push(path.display().to_string());
    }
    let lexicon = data("small_lexicon.toml").display().to_string();
    let mut args = vec!["lexicon", "eval", "--lexicon", &lexicon, "--wide"];
    args.extend(files.iter().map(String::as_str));
    let out = entretien(&args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.starts_with("6 passages coded by ana (6), ben (6)"),
        "{table}"
    );
    assert!(
        table.contains("lexicon vs ben  0.667  0.667     0.667     0.667  0.556"),
        "{table}"
    );
    assert!(table.contains("isolement: p3 [ana, ben]"), "{table}");
    args.extend(["--format", "json"]);
    let out = entretien(&args);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["reference"]["negation_right"], 1);
    let out = entretien(&[
        "lexicon",
        "suggest",
        "isolement",
        "--lexicon",
        &lexicon,
        "--coded",
        &files[0],
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("isolement: 2 of 6 passages"));
}

/// `lexicon eval` gives the figures of `../shared/tools/theme_agreement.py` (which runs `entretien
/// score` on the passages) on the shared development set, to within 0.01.
#[test]
fn lexicon_eval_reproduces_theme_agreement_py() {
    let Some(dir) = common::shared_data("coded") else {
        return;
    };
    let script = dir.join("../../tools/theme_agreement.py");
    let (a, b) = (dir.join("dev.coder_a.jsonl"), dir.join("dev.coder_b.jsonl"));
    let bin = env!("CARGO_BIN_EXE_entretien");
    let out = Command::new("python3")
        .arg(&script)
        .arg(bin)
        .arg(&a)
        .arg(&b)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let script: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(script.get("error").is_none(), "{script}");
    let out = Command::new(bin)
        .args(["lexicon", "eval", "--format", "json"])
        .arg(&a)
        .arg(&b)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ours: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let ours = &ours["reference"];
    eprintln!("theme_agreement.py: {script}\nlexicon eval: {ours}");
    assert_eq!(ours["cases"], script["cases"]);
    for key in [
        "human_f1",
        "tool_vs_a",
        "tool_vs_b",
        "tool_mean",
        "recall_sure",
        "precision_plausible",
    ] {
        let (x, y) = (ours[key].as_f64().unwrap(), script[key].as_f64().unwrap());
        assert!((x - y).abs() < 0.01, "{key}: ours {x}, script {y}");
    }
    let negation = format!("{}/{}", ours["negation_right"], ours["negation_of"]);
    assert_eq!(script["negation_both"].as_str(), Some(negation.as_str()));
}

#[test]
fn a_qdpx_written_by_score_reads_back_as_coded_passages_that_agree_fully() {
    // The export codes every hit of the respondent's turns; read back and cut into sentences, each
    // sentence carries the themes of the hits in it, so the lexicon agrees with itself exactly,
    // denials included (a denied theme is coded under its `nié` child code).
    let dir = tempfile::tempdir().unwrap();
    let transcript = dir.path().join("ent.txt");
    std::fs::write(
        &transcript,
        "Enquêtrice : Vous sentez-vous isolée ?\n\
         Agente : Je ne suis pas isolée. Mais on clique, on clique, c'est du travail à la chaîne.\n\
         Enquêtrice : Et la formation ?\n\
         Agente : Aucune formation, on a appris en tâtonnant. Le télétravail a tout changé.\n",
    )
    .unwrap();
    let project = dir.path().join("ent.qdpx");
    let out = entretien(&[
        "score",
        transcript.to_str().unwrap(),
        "--qdpx",
        project.to_str().unwrap(),
        "-q",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = entretien(&[
        "lexicon",
        "eval",
        project.to_str().unwrap(),
        "--unit",
        "sentence",
        "--speakers",
        "respondent",
        "--format",
        "json",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let figures = &json["reference"];
    assert_eq!(figures["tool_vs_a"], 1.0, "{json:#}");
    assert_eq!(figures["precision_plausible"], 1.0, "{json:#}");
    assert_eq!(figures["recall_sure"], 1.0, "{json:#}");
    assert_eq!(
        (&figures["negation_right"], &figures["negation_of"]),
        (&serde_json::json!(1), &serde_json::json!(1)),
        "{json:#}"
    );
}

/// The default codebook on the reference passages of `src/learn/reference/` (six sets of 120,
/// written and coded apart from the codebook; see their README). The floors sit a little under
/// the figures measured after the codebook was last revised (micro-F1 mean over the two coders:
/// set 1 0.713, set 2 0.690, set 3 0.492, set 4 0.518, set 6 0.510, set 7 0.486; sets 1 and 2 had
/// guided that revision, the others had not), so that a revision that loses ground fails here,
/// and one that gains should raise them.
#[test]
fn the_default_codebook_holds_its_agreement_on_fresh_passages() {
    let analyzer = Analyzer::builder()
        .build(&Lexicon::default_french())
        .unwrap();
    for (set, floor, precision, coders) in [
        ("set1", 0.70, 0.76, 0.97),
        ("set2", 0.68, 0.76, 0.97),
        ("set3", 0.48, 0.61, 0.95),
        ("set4", 0.50, 0.66, 0.95),
        ("set6", 0.49, 0.69, 0.96),
        ("set7", 0.47, 0.69, 0.95),
    ] {
        let mut passages = Vec::new();
        for coder in ["c", "d"] {
            let path = format!(
                "{}/src/learn/reference/{set}.coder_{coder}.jsonl",
                env!("CARGO_MANIFEST_DIR")
            );
            let read = read_coded_path(path).unwrap();
            assert!(read.warnings.is_empty(), "{:?}", read.warnings);
            passages.extend(read.passages);
        }
        let set_ = CodedSet::new(passages);
        let eval = evaluate(&analyzer, &set_, &EvalOptions::new()).unwrap();
        let r = &eval.reference;
        assert_eq!(r.cases, 120);
        assert!(
            r.human_f1.unwrap() > coders,
            "{set}: coders {:?}",
            r.human_f1
        );
        assert!(
            r.tool_mean >= floor,
            "{set}: micro-F1 {} < {floor}",
            r.tool_mean
        );
        assert!(
            r.precision_plausible >= precision,
            "{set}: precision {} < {precision}",
            r.precision_plausible
        );
    }
}
