//! Scores per unit, speaker filters, word counts, evidence, and thread-safety of the shared types.

use entretien::analyzer::{Analyzer, DocumentAnalysis, Scratch, SpeakerFilter};
use entretien::matcher::Matcher;
use entretien::score::{DocumentScore, Unit, UnitScore};
use entretien::{EvidenceMode, RowOptions};
use entretien::{Lexicon, Role, Span, Theme, TokenKind, Tokenizer, Transcript};

fn lexicon() -> Lexicon {
    let theme = |id: &str, entries: &[&str]| Theme::new(id).with_entries(entries);
    Lexicon {
        name: None,
        themes: vec![
            theme("isolement", &["isolé", "seul"]),
            theme("surcharge", &["débordé", "urgence"]),
        ],
    }
}

fn analyzer(filter: SpeakerFilter) -> Analyzer {
    Analyzer::builder()
        .speakers(filter)
        .build(&lexicon())
        .expect("test lexicon compiles")
}

/// A transcript built turn by turn: (speaker, role, text).
fn interview(turns: &[(&str, Role, &str)]) -> Transcript {
    let mut text = String::new();
    let mut out = Vec::new();
    for (speaker, role, words) in turns {
        text.push_str(speaker);
        text.push_str(" : ");
        let start = text.len();
        text.push_str(words);
        out.push((*speaker, *role, Span::new(start, text.len())));
        text.push('\n');
    }
    let mut t = Transcript::from_text("entretien-01", text);
    t.turns.clear();
    for (speaker, role, span) in out {
        t.push_turn(Some(speaker), role, span);
    }
    t
}

fn sample() -> Transcript {
    interview(&[
        (
            "ENQ",
            Role::Interviewer,
            "Vous sentez-vous isolé ? Débordé ?",
        ),
        (
            "Marie",
            Role::Respondent,
            "Oui, isolée. Toujours dans l'urgence, débordée.",
        ),
        ("ENQ", Role::Interviewer, "Seule aussi ?"),
        ("X", Role::Unknown, "Seule le soir."),
    ])
}

#[test]
fn shared_types_are_send_and_sync() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<Analyzer>();
    send_sync::<Matcher>();
    send_sync::<DocumentScore>();
    send_sync::<UnitScore>();
    send::<Scratch>();
    send_sync::<DocumentAnalysis<'static>>();
}

#[test]
fn interviewer_turns_are_set_apart_and_unknown_roles_count() {
    let a = analyzer(SpeakerFilter::Respondents);
    let t = sample();
    let doc = a.analyze(&t, &mut a.scratch()).score(EvidenceMode::Include);
    // Marie: oui isolée toujours dans l' urgence débordée = 7 words (l' counts as a word); X: seule le soir = 3.
    assert_eq!(doc.turns, 2);
    assert_eq!(doc.words, 10);
    assert_eq!(doc.theme("isolement").map(|t| t.hits), Some(2));
    assert_eq!(doc.theme("surcharge").map(|t| t.hits), Some(2));
    assert!(doc.evidence.iter().all(|e| e.role != Role::Interviewer));
    let apart = doc.set_apart.expect("interviewer turns are reported apart");
    assert_eq!(apart.turns, 2);
    // vous sentez - vous isolé débordé seule aussi: counted by the tokenizer's own kinds
    let tokenizer = Tokenizer::new();
    let expected_apart: usize = [0, 2]
        .iter()
        .map(|&i| {
            tokenizer
                .tokenize(t.turn_text(&t.turns[i]))
                .iter()
                .filter(|x| x.kind.is_countable())
                .count()
        })
        .sum();
    assert_eq!(apart.words as usize, expected_apart);
    assert_eq!(apart.themes[0].hits, 2); // isolé, seule
    assert_eq!(apart.themes[1].hits, 1); // débordé
}

#[test]
fn other_speaker_filters() {
    let t = sample();
    let all = analyzer(SpeakerFilter::All);
    let doc = all
        .analyze(&t, &mut all.scratch())
        .score(EvidenceMode::Omit);
    assert_eq!(doc.turns, 4);
    assert_eq!(doc.themes[0].hits, 4);
    assert!(doc.set_apart.is_none());

    let enq = analyzer(SpeakerFilter::Interviewer);
    let doc = enq
        .analyze(&t, &mut enq.scratch())
        .score(EvidenceMode::Omit);
    assert_eq!(doc.turns, 2);
    assert_eq!((doc.themes[0].hits, doc.themes[1].hits), (2, 1));

    let named = analyzer(SpeakerFilter::Speakers(vec!["Marie".into()]));
    let doc = named
        .analyze(&t, &mut named.scratch())
        .score(EvidenceMode::Omit);
    assert_eq!((doc.turns, doc.words), (1, 7));
}

#[test]
fn per_unit_rows_add_up_to_the_document() {
    let a = analyzer(SpeakerFilter::Respondents);
    let t = sample();
    let mut scratch = a.scratch();
    let analysis = a.analyze(&t, &mut scratch);
    let doc = analysis.score(EvidenceMode::Omit);
    for unit in [
        Unit::Document,
        Unit::Speaker,
        Unit::Turn,
        Unit::Sentence,
        Unit::Segment,
    ] {
        let rows = analysis.rows(unit, RowOptions::new().all_themes());
        let words: u32 = rows.iter().map(|r| r.words).sum();
        assert_eq!(words, doc.words, "{unit}: words");
        for theme in &doc.themes {
            let hits: u32 = rows.iter().map(|r| r.themes[&theme.id].hits).sum();
            assert_eq!(hits, theme.hits, "{unit}: hits of {}", theme.id);
        }
        assert!(rows.iter().all(|r| r.id == "entretien-01"));
    }
    let turns = analysis.rows(Unit::Turn, RowOptions::new().all_themes());
    assert_eq!(
        turns.iter().map(|r| r.turn).collect::<Vec<_>>(),
        vec![Some(1), Some(3)]
    );
    assert_eq!(turns[0].speaker.as_deref(), Some("Marie"));
    assert_eq!(turns[0].themes["surcharge"].hits, 2);
    let speakers = analysis.rows(Unit::Speaker, RowOptions::new().all_themes());
    assert_eq!(speakers.len(), 2);
    assert_eq!(speakers[1].role, Some(Role::Unknown));
    // Sentences of Marie: "Oui, isolée." and "Toujours dans l'urgence, débordée."; then X's one.
    let sentences = analysis.rows(Unit::Sentence, RowOptions::new().all_themes());
    assert_eq!(sentences.len(), 3);
    assert_eq!(&t.text[sentences[0].span.unwrap().range()], "Oui, isolée.");
    assert_eq!(sentences[1].themes["surcharge"].hits, 2);
    assert_eq!(sentences[2].themes["isolement"].hits, 1);
}

#[test]
fn evidence_spans_are_the_matched_text() {
    let a = analyzer(SpeakerFilter::All);
    let t = sample();
    let doc = a.analyze(&t, &mut a.scratch()).score(EvidenceMode::Include);
    assert_eq!(doc.evidence.len(), 7);
    for e in &doc.evidence {
        assert_eq!(&t.text[e.span.range()], e.text);
        assert!(e.snippet_span.contains(e.span));
        assert_eq!(&t.text[e.snippet_span.range()], e.snippet);
        let turn = &t.turns[e.turn];
        assert!(
            turn.span.contains(e.snippet_span),
            "snippet stays in its turn"
        );
        assert_eq!(e.role, turn.role);
        assert_eq!(e.speaker.as_deref(), t.turn_speaker(turn));
    }
    let texts: Vec<&str> = doc.evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "isolé",
            "Débordé",
            "isolée",
            "urgence",
            "débordée",
            "Seule",
            "Seule"
        ]
    );
}

#[test]
fn snippets_are_cut_at_word_boundaries() {
    let a = Analyzer::builder()
        .snippet_chars(10)
        .build(&lexicon())
        .expect("builds");
    let text = "Dans notre service municipal je me sens vraiment isolée depuis la réorganisation générale.";
    let doc = a.analyze_text(text);
    let e = &doc.evidence[0];
    assert_eq!(e.snippet, "sens vraiment isolée depuis la");
}

#[test]
fn word_counts_leave_out_punctuation() {
    let a = analyzer(SpeakerFilter::Respondents);
    let doc = a.analyze_text("Bon... alors, voilà : 3 agents, seuls !");
    // bon alors voilà 3 agents seuls
    assert_eq!(doc.words, 6);
    assert!((doc.themes[0].per_1000 - 1000.0 / 6.0).abs() < 1e-9);
}

#[test]
fn word_counts_leave_out_fillers_and_annotations() {
    let text = "Euh je suis seul (rires) hein.";
    let tokens = Tokenizer::new().tokenize(text);
    if tokens.iter().all(|t| t.kind != TokenKind::Filler) {
        eprintln!("skipped: the tokenizer in this tree does not mark fillers yet");
        return;
    }
    let a = analyzer(SpeakerFilter::Respondents);
    let doc = a.analyze_text(text);
    // je suis seul
    assert_eq!(doc.words, 3);
}

#[test]
fn segments_coded_counts_segments_with_hits() {
    let a = Analyzer::builder()
        .segment_words(5)
        .build(&lexicon())
        .expect("builds");
    let t = Transcript::from_text(
        "d",
        "Je suis seul. Seul et isolé. Rien à signaler ici. Débordé.",
    );
    let mut scratch = a.scratch();
    let analysis = a.analyze(&t, &mut scratch);
    let doc = analysis.score(EvidenceMode::Omit);
    let coded_segments = analysis
        .rows(Unit::Segment, RowOptions::new().all_themes())
        .iter()
        .filter(|r| r.themes["isolement"].hits > 0)
        .count() as u32;
    assert_eq!(doc.themes[0].hits, 3);
    assert_eq!(doc.themes[0].segments_coded, coded_segments);
    assert!(coded_segments >= 1);
    assert_eq!(doc.themes[1].segments_coded, 1);
}

#[test]
fn scratch_is_reusable_across_documents_and_analyzers() {
    let a = analyzer(SpeakerFilter::Respondents);
    let b = Analyzer::builder()
        .build(&Lexicon {
            name: None,
            themes: vec![Theme::new("autre").with_entries(["soir"])],
        })
        .expect("builds");
    let t = sample();
    let mut scratch = Scratch::new();
    let first = a.analyze(&t, &mut scratch).score(EvidenceMode::Include);
    let other = b.analyze(&t, &mut scratch).score(EvidenceMode::Include);
    let again = a.analyze(&t, &mut scratch).score(EvidenceMode::Include);
    assert_eq!(first, again);
    assert_eq!(other.themes[0].hits, 1);
    assert_eq!(
        first,
        a.analyze(&t, &mut Scratch::new())
            .score(EvidenceMode::Include)
    );
}

#[test]
fn results_serialise_with_themes_in_a_stable_order() {
    let a = analyzer(SpeakerFilter::Respondents);
    let t = sample();
    let mut scratch = a.scratch();
    let analysis = a.analyze(&t, &mut scratch);
    let row = &analysis.rows(Unit::Document, RowOptions::new().all_themes())[0];
    let json = serde_json::to_value(row).expect("serialises");
    assert_eq!(json["id"], "entretien-01");
    assert_eq!(json["words"], 10);
    assert_eq!(json["themes"]["isolement"]["hits"], 2);
    assert_eq!(json["themes"]["surcharge"]["terms"]["urgence"], 1);
    let back: UnitScore = serde_json::from_value(json).expect("reads back");
    assert_eq!(&back, row);
    let doc = analysis.score(EvidenceMode::Include);
    let back: DocumentScore =
        serde_json::from_str(&serde_json::to_string(&doc).expect("serialises")).expect("reads");
    assert_eq!(back, doc);
}

#[test]
fn building_with_a_zero_segment_size_fails() {
    assert!(Analyzer::builder()
        .segment_words(0)
        .build(&lexicon())
        .is_err());
}

#[test]
fn cli_scores_folders_and_reports_bad_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sub = dir.path().join("lot");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::write(sub.join("a.txt"), "Je suis seul et débordé.").expect("write");
    std::fs::write(sub.join("b.txt"), "Rien à dire, pas isolé.").expect("write");
    std::fs::write(sub.join("bad.txt"), b"caf\xe9 seul").expect("write");
    std::fs::write(sub.join("notes.pdf"), "ignored in folders").expect("write");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["score", "--format", "jsonl"])
        .arg(dir.path())
        .output()
        .expect("runs the binary");
    assert_eq!(
        out.status.code(),
        Some(1),
        "a bad file makes the exit code 1"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.txt"),
        "stderr names the file: {stderr}"
    );
    let stdout = String::from_utf8(out.stdout).expect("utf-8 output");
    let rows: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "a");
    assert_eq!(rows[0]["words"], 5);
    assert_eq!(rows[0]["themes"]["isolement"]["hits"], 1);
    assert_eq!(rows[1]["themes"]["isolement"]["negated"], 1);

    let table = std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["score", "--text", "Je suis isolé, vraiment isolé."])
        .output()
        .expect("runs the binary");
    assert!(table.status.success());
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(text.contains("isolement"), "{text}");
    assert!(text.contains("isolement (2)"), "{text}");
}

/// The rate per 1,000 words of one text is the same in every output (JSON, CSV, table), under every
/// negation mode: one rule computes it.
#[test]
fn rates_agree_across_outputs_under_every_negation_mode() {
    // 8 words: one positive hit of isolement (seul) and one negated (isolé).
    let text = "Je suis seul. Je ne suis pas isolé.";
    for (mode, want) in [("exclude", 125.0), ("count", 250.0), ("subtract", 0.0)] {
        let run = |format: &str| {
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
                .args([
                    "score",
                    "--text",
                    text,
                    "--negation",
                    mode,
                    "--format",
                    format,
                ])
                .output()
                .expect("runs the binary");
            assert!(out.status.success(), "{mode} {format}");
            String::from_utf8(out.stdout).expect("utf-8")
        };
        let json: serde_json::Value =
            serde_json::from_str(run("json").trim()).expect("json output");
        let row = &json[0];
        assert_eq!(row["words"], 8, "{row}");
        let rate = row["themes"]["isolement"]["per_1000"]
            .as_f64()
            .expect("rate");
        assert!(
            (rate - want).abs() < 1e-9,
            "{mode}: json {rate}, want {want}"
        );
        let csv = run("csv");
        let mut lines = csv.lines();
        let header: Vec<&str> = lines.next().expect("header").split(',').collect();
        let values: Vec<&str> = lines.next().expect("row").split(',').collect();
        let col = header
            .iter()
            .position(|h| h.starts_with("isolement") && h.ends_with("per_1000"))
            .expect("rate column");
        let csv_rate: f64 = values[col].parse().expect("number");
        assert!(
            (csv_rate - want).abs() < 1e-6,
            "{mode}: csv {csv_rate}, want {want}"
        );
        let table = run("table");
        let line = table
            .lines()
            .find(|l| l.trim_start().starts_with("isolement"))
            .unwrap_or_else(|| panic!("{mode}: no isolement line in\n{table}"));
        assert!(
            line.contains(&format!("{want:.2}")),
            "{mode}: the table says {line:?}, want {want:.2}"
        );
    }
}

/// The allocation-free CSV of a document's counts is the CSV a quoting writer makes of its fields,
/// for ordinary, zero, negative-zero, huge and non-finite values.
#[test]
fn count_fields_csv_equals_the_quoted_record() {
    use entretien::tables::DocumentRow;
    let a = analyzer(SpeakerFilter::Respondents);
    let t = Transcript::from_text("d", "Je suis seule, débordée, isolée; urgence partout.");
    let mut scratch = a.scratch();
    let analysis = a.analyze(&t, &mut scratch);
    let mut row = DocumentRow::of(&analysis);
    let odd = [
        0.0,
        -0.0,
        1e300,
        f64::NAN,
        f64::INFINITY,
        2.0 / 3.0,
        -1.5e-7,
    ];
    for (i, v) in odd.iter().enumerate() {
        row.themes[i % 2].weighted = *v;
        row.themes[(i + 1) % 2].per_1000 = -*v;
        row.words = u32::MAX - i as u32;
        let mut csv = csv::WriterBuilder::new()
            .has_headers(false)
            .quote_style(csv::QuoteStyle::NonNumeric)
            .from_writer(Vec::new());
        csv.write_record(row.count_fields()).unwrap();
        let mut expected = csv.into_inner().unwrap();
        assert_eq!(expected.pop(), Some(b'\n'));
        let mut got = Vec::new();
        row.write_count_fields_csv(&mut got);
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(expected).unwrap(),
            "{v}"
        );
    }
}

/// A unit that hits more themes than a row looks through one by one: each theme keeps its own
/// counts, a row lists exactly the themes hit, and `--all-themes` gives them the same figures.
#[test]
fn rows_of_units_hitting_many_themes_keep_each_themes_counts() {
    let fruits = [
        "pomme", "poire", "cerise", "prune", "raisin", "figue", "mangue", "kiwi", "citron",
        "orange", "banane", "melon",
    ];
    let lexicon = Lexicon {
        name: None,
        themes: (fruits.iter())
            .map(|f| Theme::new(format!("t_{f}")).with_entries([*f]))
            .collect(),
    };
    let analyzer = Analyzer::builder().build(&lexicon).expect("compiles");
    // Themes first hit out of lexicon order; melon twice and once negated, pomme (first hit after
    // the row has switched to its table of themes) twice.
    let text = "Du melon, une banane et une orange. Un citron, un kiwi, une mangue, une figue. \
                Du raisin, une prune, une cerise, une poire, une pomme et du melon. Pas de melon. \
                Une pomme.";
    let transcript = Transcript::from_text("fruits", text);
    let mut scratch = analyzer.scratch();
    let analysis = analyzer.analyze(&transcript, &mut scratch);
    for unit in [Unit::Document, Unit::Sentence] {
        let rows = analysis.rows(unit, RowOptions::new());
        let full = analysis.rows(unit, RowOptions::new().all_themes());
        assert_eq!(rows.len(), full.len());
        for (row, full) in rows.iter().zip(&full) {
            assert_eq!(full.themes.len(), fruits.len());
            for (id, cell) in &full.themes {
                match row.themes.get(id) {
                    Some(listed) => assert_eq!(listed, cell, "{unit:?} {id}"),
                    None => assert_eq!((cell.hits, cell.negated), (0, 0), "{unit:?} {id}"),
                }
            }
            assert!(row.themes.values().all(|c| c.hits + c.negated > 0));
        }
    }
    let document = &analysis.rows(Unit::Document, RowOptions::new())[0];
    assert_eq!(document.themes.len(), fruits.len());
    let melon = &document.themes["t_melon"];
    assert_eq!((melon.hits, melon.negated), (2, 1));
    assert_eq!(melon.terms.get("melon"), Some(&2));
    assert_eq!(melon.negated_terms.get("melon"), Some(&1));
    assert_eq!(document.themes["t_pomme"].hits, 2);
    for f in &fruits[1..11] {
        let cell = &document.themes[&format!("t_{f}")];
        assert_eq!(
            (cell.hits, cell.negated, cell.segments_coded),
            (1, 0, 1),
            "{f}"
        );
    }
    let sentences = analysis.rows(Unit::Sentence, RowOptions::new());
    let themes_of = |i: usize| sentences[i].themes.keys().cloned().collect::<Vec<_>>();
    assert_eq!(themes_of(0), ["t_banane", "t_melon", "t_orange"]);
    assert_eq!(sentences[2].themes.len(), 6);
    assert_eq!(themes_of(3), ["t_melon"]);
    assert_eq!(sentences[3].themes["t_melon"].negated, 1);
}
