//! Aggregates: what they record, what merges, and what is refused.

use entretien::aggregate::Aggregate;
use entretien::{Analyzer, GroupBy, Lexicon, NegationMode, Role, Span, Theme, Transcript};

fn lexicon() -> Lexicon {
    Lexicon::new(vec![Theme::new("isolement").with_entries(["isolé", "seul"])])
}

fn aggregate(analyzer: &Analyzer, texts: &[&str]) -> Aggregate {
    let mut agg = Aggregate::new(analyzer, GroupBy::parse("speaker_role")).with_vocabulary();
    let mut scratch = analyzer.scratch();
    for (i, text) in texts.iter().enumerate() {
        let t = Transcript::from_text(format!("d{i}"), *text);
        agg.add(&analyzer.analyze(&t, &mut scratch));
    }
    agg
}

#[test]
fn parts_merge_into_the_whole_and_round_trip() {
    let analyzer = Analyzer::builder().build(&lexicon()).expect("builds");
    let texts = [
        "Je suis seul.",
        "Pas isolé du tout, non.",
        "Seul, isolé, seul.",
    ];
    let whole = aggregate(&analyzer, &texts);
    let mut merged = aggregate(&analyzer, &texts[..1]);
    merged
        .merge(&aggregate(&analyzer, &texts[1..]))
        .expect("same settings merge");
    assert_eq!(merged, whole);
    assert_eq!(whole.themes["isolement"].hits, 4);
    assert_eq!(whole.themes["isolement"].negated, 1);
    let back = Aggregate::from_json(&whole.to_json()).expect("reads back");
    assert_eq!(back, whole);
    // Group words and vocabulary tokens count the same words.
    let vocab = whole.vocabulary.as_ref().expect("vocabulary");
    assert_eq!(vocab.total().tokens(), whole.words);
    assert_eq!(whole.groups["unknown"].words, whole.words);
}

#[test]
fn aggregates_made_differently_refuse_to_merge() {
    let base = Analyzer::builder().build(&lexicon()).expect("builds");
    let mut a = aggregate(&base, &["Je suis seul."]);
    let count = Analyzer::builder()
        .negation(NegationMode::Count)
        .build(&lexicon())
        .expect("builds");
    let err = a
        .merge(&aggregate(&count, &["Isolé."]))
        .expect_err("negation modes differ");
    assert!(err.to_string().contains("analyzer settings"), "{err}");
    let other = Lexicon::new(vec![Theme::new("isolement").with_entries(["isolé"])]);
    let other = Analyzer::builder().build(&other).expect("builds");
    let err = a
        .merge(&aggregate(&other, &["Isolé."]))
        .expect_err("lexicons differ");
    assert!(err.to_string().contains("lexicons"), "{err}");
    let stop = Analyzer::builder()
        .stopwords(entretien::Stopwords::snowball())
        .build(&lexicon())
        .expect("builds");
    assert!(a.merge(&aggregate(&stop, &["Isolé."])).is_err());
}

#[test]
fn impossible_or_overflowing_counts_are_refused() {
    let analyzer = Analyzer::builder().build(&lexicon()).expect("builds");
    let good = aggregate(&analyzer, &["Je suis seul.", "Isolé."]);
    let json = good.to_json();
    let edit = |from: &str, to: &str| {
        let changed = json.replacen(from, to, 1);
        assert_ne!(changed, json, "{from} not found");
        Aggregate::from_json(&changed)
    };
    assert!(edit("\"documents_coded\": 2", "\"documents_coded\": 9").is_err());
    assert!(edit("\"documents\": 2", "\"documents\": 18446744073709551615").is_err());
    let mut max = good.clone();
    max.documents = u64::MAX - 1;
    assert!(good.clone().merge(&max).is_err(), "overflow is an error");
}

/// Inputs the `aggregate` fuzz target found panicking (`tests/data/fuzz/aggregate-*`): a
/// co-occurrence table shorter than its themes, a co-occurrence count near `u64::MAX`, and
/// vocabulary counts whose merge or per-stem sum overflowed. Reading them is now a data error.
#[test]
fn fuzzed_aggregates_are_refused() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/data/fuzz") {
        let path = entry.expect("entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if !name.starts_with("aggregate-") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).expect("reads");
        let err = Aggregate::from_json(&text).expect_err(&name);
        assert!(
            matches!(err.kind(), entretien::ErrorKind::Data { .. }),
            "{name}: {err}"
        );
    }
    assert!(seen >= 4, "the fuzz regressions are missing");
}

/// A document whose windows stop before its last leaves nothing behind in the next document's
/// groups, even though the next one reuses the buffers the first filled.
#[test]
fn an_unfinished_document_leaves_nothing_in_the_next_ones_groups() {
    let analyzer = Analyzer::builder().build(&lexicon()).expect("builds");
    let line = "je suis seul\n";
    let mut long = Transcript::from_text("long", line.repeat(20_000));
    long.turns.clear();
    for i in 0..20_000 {
        let at = i * line.len();
        long.push_turn(
            Some("R"),
            Role::Respondent,
            Span::new(at, at + line.len() - 1),
        );
    }
    let short = Transcript::from_text("short", "Isolé, seul, seul.");
    let by = || GroupBy::parse("speaker_role");
    let mut scratch = analyzer.scratch();

    let mut interrupted = Aggregate::new(&analyzer, by());
    {
        let mut windows = analyzer.windows(&long, &mut scratch);
        let first = windows.next().expect("a first window");
        assert!(!first.is_last(), "the long document takes several windows");
        interrupted.add(&first);
    }
    interrupted.add(&analyzer.analyze(&short, &mut scratch));

    let mut clean = Aggregate::new(&analyzer, by());
    clean.add(&analyzer.analyze(&short, &mut scratch));
    assert_eq!(interrupted.groups, clean.groups);
    assert_eq!(interrupted.themes, clean.themes);
    assert_eq!(clean.groups["unknown"].themes["isolement"].hits, 3);
}
