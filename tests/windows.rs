//! A document analysed in windows of whole turns gives exactly what its whole analysis gives: the
//! score with its evidence, the rows of every unit, the aggregate (groups, co-occurrence, vocabulary),
//! vocabularies, concordances and the transcript summary. Tiny windows force many windows.

use entretien::analyzer::{Analyzer, DocumentAnalysis};
use entretien::kwic::{concordance, KwicQuery};
use entretien::score::{DocumentScorer, EvidenceMode, RowOptions, Unit, UnitRows};
use entretien::tables::transcript::TranscriptSummary;
use entretien::transcript::{parse_str, Format, ReadOptions};
use entretien::vocab::Vocabulary;
use entretien::{Aggregate, GroupBy, Lexicon, NegationMode, SpeakerFilter, Theme, Transcript};
use std::path::Path;
use std::process::Command;

fn lexicon() -> Lexicon {
    Lexicon::new(vec![
        Theme::new("isolement")
            .with_entries(["isolé", "seul", "=seule", "perte de lien"])
            .with_exclusions(["seulement", "seul le chef"]),
        Theme::new("outils").with_entries(["logiciel", "clique", "écran", "saisie"]),
        Theme::new("sens").with_entries(["perte de sens", "absurde", "plus de sens"]),
    ])
}

/// A transcript of `turns` lines (a turn each, but where a speaker goes on) by three speakers, with negations, exclusions, phrases, sentences
/// and segments of varied lengths, and turns without a hit.
fn document(turns: usize) -> Transcript {
    let lines = [
        "Je suis seul devant mon écran, seulement le logiciel.",
        "On ne se sent pas isolé, non. Seul le chef décide, et on clique.",
        "Une perte de sens, c'est absurde. Il n'y a jamais eu plus de sens ici.",
        "Bof.",
        "Je ne suis pas seule. La saisie, encore la saisie, toujours la saisie, et puis la perte de lien avec les collègues qui ne viennent plus au bureau depuis que tout passe par le logiciel de gestion des dossiers.",
        "Oui.",
        "Sans logiciel on ne fait rien; je m'ennuie pas, je suis seule.",
    ];
    let speakers = ["Enquêteur", "Marie", "Paul"];
    let mut text = String::new();
    for i in 0..turns {
        let speaker = speakers[(i * 7 / 3) % 3];
        text.push_str(&format!("{speaker} : {}\n", lines[(i * 5) % lines.len()]));
    }
    let mut t = parse_str(&text, Format::Plain, "doc", &ReadOptions::default())
        .expect("reads")
        .remove(0);
    t.metadata.insert("service".into(), "accueil".into());
    t
}

/// Everything the consumers make of a document, as text to compare.
#[derive(Debug, PartialEq)]
struct Outputs {
    score: String,
    rows: Vec<String>,
    aggregates: Vec<String>,
    vocabulary: String,
    kwic: String,
    summary: String,
    windows: usize,
}

fn outputs(analyzer: &Analyzer, t: &Transcript, windowed: bool) -> Outputs {
    let units = [
        Unit::Document,
        Unit::Speaker,
        Unit::Turn,
        Unit::Sentence,
        Unit::Segment,
    ];
    let options = [
        RowOptions::new(),
        RowOptions::new()
            .evidence(EvidenceMode::Include)
            .all_themes(),
    ];
    let mut rows: Vec<Vec<String>> = vec![Vec::new(); units.len() * options.len()];
    let mut builders: Vec<UnitRows> = (units.iter())
        .flat_map(|u| options.iter().map(|o| UnitRows::new(*u, *o)))
        .collect();
    let mut scorer = DocumentScorer::new(EvidenceMode::Include);
    let groupings = [
        GroupBy::None,
        GroupBy::parse("speaker_role"),
        GroupBy::parse("service"),
    ];
    let mut aggregates: Vec<Aggregate> = (groupings.iter())
        .map(|by| Aggregate::new(analyzer, by.clone()).with_vocabulary())
        .collect();
    let mut vocabulary = Vocabulary::new();
    let queries = [
        KwicQuery::new("theme:isolement", analyzer).expect("query"),
        KwicQuery::new("saisie", analyzer).expect("query"),
    ];
    let mut kwic = vec![Vec::new(); queries.len()];
    let mut summary = TranscriptSummary::empty(t);
    let mut count = 0;
    let mut each = |a: &DocumentAnalysis<'_>| {
        count += 1;
        scorer.add(a);
        for (k, b) in builders.iter_mut().enumerate() {
            b.add(a, |row| {
                rows[k].push(serde_json::to_string(&row).expect("json"))
            });
        }
        for agg in &mut aggregates {
            agg.add(a);
        }
        vocabulary.add(a, &GroupBy::parse("speaker_role"));
        for (q, lines) in queries.iter().zip(&mut kwic) {
            lines.extend(concordance(a, q, 4));
        }
        summary.add(a);
    };
    let mut scratch = analyzer.scratch();
    if windowed {
        let mut windows = analyzer.windows(t, &mut scratch);
        while let Some(w) = windows.next() {
            each(&w);
        }
    } else {
        // The whole analysis, through the one-shot methods of a whole document.
        let a = analyzer.analyze(t, &mut scratch);
        each(&a);
        let whole = a.score(EvidenceMode::Include);
        assert_eq!(scorer.finish(), Some(whole.clone()));
        scorer = DocumentScorer::new(EvidenceMode::Include);
        scorer.add(&a);
        let mut k = 0;
        for u in units {
            for o in options {
                let direct: Vec<String> = (a.rows(u, o).iter())
                    .map(|r| serde_json::to_string(r).expect("json"))
                    .collect();
                assert_eq!(direct, rows[k], "{u} rows");
                k += 1;
            }
        }
    }
    Outputs {
        score: serde_json::to_string(&scorer.finish().expect("last window seen")).expect("json"),
        rows: rows.into_iter().map(|r| r.join("\n")).collect(),
        aggregates: aggregates.iter().map(Aggregate::to_json).collect(),
        vocabulary: serde_json::to_string(&vocabulary).expect("json"),
        kwic: serde_json::to_string(&kwic).expect("json"),
        summary: serde_json::to_string(&summary).expect("json"),
        windows: count,
    }
}

fn analyzers(window: Option<(usize, usize)>) -> Vec<Analyzer> {
    let lexicon = lexicon();
    let configs = [
        (SpeakerFilter::Respondents, NegationMode::Exclude, 40),
        (SpeakerFilter::All, NegationMode::Subtract, 7),
        (SpeakerFilter::Interviewer, NegationMode::Count, 3),
    ];
    configs
        .into_iter()
        .map(|(speakers, negation, segment)| {
            let mut b = Analyzer::builder()
                .speakers(speakers)
                .negation(negation)
                .segment_words(segment);
            if let Some((bytes, turns)) = window {
                b = b.window(bytes, turns);
            }
            b.build(&lexicon).expect("builds")
        })
        .collect()
}

#[test]
fn windows_give_what_the_whole_document_gives() {
    let t = document(200);
    let whole = analyzers(None);
    for window in [(1, 1), (1 << 20, 7), (300, 1000), (1 << 20, 199)] {
        for (w, a) in analyzers(Some(window)).iter().zip(&whole) {
            let reference = outputs(a, &t, false);
            let windowed = outputs(w, &t, true);
            // The comparison is worth something only if there were several windows and the document
            // has hits, negated ones, exclusions at work and turns set apart.
            assert!(windowed.windows > 1, "{window:?}: one window");
            assert_eq!(reference.windows, 1);
            let score: serde_json::Value = serde_json::from_str(&reference.score).expect("json");
            assert!(score["evidence"].as_array().is_some_and(|e| e.len() > 20));
            assert!(reference.score.contains("\"negated\":true"));
            assert!(score["set_apart"].is_object() || score["turns"] == 200);
            // `seul` would match `seulement` and `Seul le chef` but for the exclusions.
            let texts: Vec<&str> = (score["evidence"].as_array().into_iter().flatten())
                .filter_map(|e| e["text"].as_str())
                .collect();
            assert!(texts.contains(&"seul") && !texts.contains(&"seulement"));
            assert!(!texts.contains(&"Seul"));
            // Field by field, so that a failure says which output differs.
            let same = |what: &str, a: &dyn std::fmt::Debug, b: &dyn std::fmt::Debug| {
                let (a, b) = (format!("{a:?}"), format!("{b:?}"));
                assert!(a == b, "window {window:?}: {what} differs");
            };
            same("score", &windowed.score, &reference.score);
            for (k, (a, b)) in windowed.rows.iter().zip(&reference.rows).enumerate() {
                same(&format!("rows #{k}"), a, b);
            }
            same("aggregates", &windowed.aggregates, &reference.aggregates);
            same("vocabulary", &windowed.vocabulary, &reference.vocabulary);
            same("kwic", &windowed.kwic, &reference.kwic);
            same("summary", &windowed.summary, &reference.summary);
        }
    }
}

#[test]
fn a_document_smaller_than_a_window_is_one_window() {
    let t = document(30);
    let analyzer = &analyzers(None)[0];
    let windowed = outputs(analyzer, &t, true);
    assert_eq!(windowed.windows, 1);
    assert_eq!(windowed, outputs(analyzer, &t, false));
}

#[test]
fn windows_close_at_the_limits_and_cover_every_turn_once() {
    let t = document(100);
    assert_eq!(t.turns.len(), 100);
    let analyzer = Analyzer::builder()
        .window(usize::MAX, 7)
        .build(&lexicon())
        .expect("builds");
    let mut scratch = analyzer.scratch();
    let mut windows = analyzer.windows(&t, &mut scratch);
    let (mut next_turn, mut sentences, mut n) = (0, 0, 0);
    while let Some(w) = windows.next() {
        assert_eq!(w.first_turn(), next_turn);
        assert_eq!(w.first_sentence(), sentences);
        assert_eq!(w.is_first(), n == 0);
        assert_eq!(w.turns.len(), if w.is_last() { 100 % 7 } else { 7 });
        next_turn += w.turns.len();
        sentences += w.sentences.len();
        n += 1;
    }
    assert_eq!((next_turn, n), (100, 15));
    // A document without turns is still one (empty) window, so that it counts.
    let empty = Transcript::from_text("empty", "");
    let mut agg = Aggregate::new(&analyzer, GroupBy::None);
    let mut windows = analyzer.windows(&empty, &mut scratch);
    let mut seen = 0;
    while let Some(w) = windows.next() {
        assert!(w.is_first() && w.is_last());
        agg.add(&w);
        seen += 1;
    }
    assert_eq!((seen, agg.documents), (1, 1));
}

/// The command line, windowed or not, on one thread or several, writes the same bytes: rows streamed
/// window by window come out in document order, and the tables and aggregate sum the windows.
#[test]
fn the_command_line_writes_the_same_whatever_the_windows_and_threads() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).expect("folder");
    for (name, turns) in [("a.txt", 300), ("b.txt", 5), ("c.txt", 41)] {
        let t = document(turns);
        let text: String = (t.turns.iter())
            .map(|turn| {
                let speaker = t.turn_speaker(turn).unwrap_or("X");
                format!("{speaker} : {}\n", &t.text[turn.span.range()])
            })
            .collect();
        std::fs::write(inputs.join(name), text).expect("written");
    }
    let lexicon = dir.path().join("lexicon.toml");
    std::fs::write(
        &lexicon,
        "[[theme]]\nid = \"isolement\"\nlabel = \"isolement\"\n\
         entries = [\"isolé\", \"seul\", \"=seule\", \"perte de lien\"]\n\
         exclusions = [\"seulement\", \"seul le chef\"]\n\
         [[theme]]\nid = \"outils\"\nlabel = \"outils\"\nentries = [\"logiciel\", \"saisie\"]\n",
    )
    .expect("written");
    let (inputs, lexicon) = (inputs.display().to_string(), lexicon.display().to_string());
    let run = |args: &[&str], knobs: &[&str], out: Option<&Path>| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_entretien"));
        cmd.args(args)
            .args(["-q", "--lexicon", &lexicon])
            .args(knobs);
        if let Some(out) = out {
            cmd.arg("--out").arg(out);
            cmd.arg("--aggregate-out").arg(out.with_extension("json"));
        }
        let output = cmd.env("COLUMNS", "100").output().expect("runs");
        assert!(output.status.success(), "{args:?} {knobs:?}: {output:?}");
        let mut bytes = output.stdout;
        if let Some(out) = out {
            let mut files: Vec<_> = (std::fs::read_dir(out).expect("tables").flatten())
                .map(|e| e.path())
                .collect();
            files.sort();
            files.push(out.with_extension("json"));
            for f in files {
                bytes.extend(std::fs::read(&f).expect("table"));
            }
        }
        bytes
    };
    let knobs: [&[&str]; 4] = [
        &["--threads", "1"],
        &["--threads", "1", "--window-turns", "4"],
        &["--threads", "3", "--window-turns", "4"],
        &["--threads", "2", "--window-turns", "1"],
    ];
    let commands: [&[&str]; 6] = [
        &[
            "score",
            &inputs,
            "--unit",
            "turn",
            "--format",
            "jsonl",
            "--evidence",
        ],
        &["score", &inputs, "--unit", "sentence", "--format", "csv"],
        &[
            "score",
            &inputs,
            "--unit",
            "speaker",
            "--format",
            "json",
            "--evidence",
        ],
        &[
            "score",
            &inputs,
            "--unit",
            "segment",
            "--format",
            "table",
            "--by",
            "speaker_role",
        ],
        &["score", &inputs, "--format", "jsonl"],
        &["kwic", "theme:isolement", &inputs, "--format", "jsonl"],
    ];
    for (i, args) in commands.iter().enumerate() {
        let tables = |k: usize| (i == 4).then(|| dir.path().join(format!("out{k}")));
        let reference = run(args, knobs[0], tables(0).as_deref());
        let text = String::from_utf8_lossy(&reference);
        let named = text.contains("isolement") || text.contains("seul");
        assert!(named && text.len() > 1000, "{args:?}: {text}");
        for (k, knob) in knobs.iter().enumerate().skip(1) {
            let got = run(args, knob, tables(k).as_deref());
            assert!(got == reference, "{args:?} {knob:?} differs");
        }
    }
}
