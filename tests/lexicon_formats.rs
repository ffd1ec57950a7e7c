//! Lexicon entries, readers (TOML, LIWC .dic, quanteda YAML), writers and the default codebook.

use entretien::lexicon::{
    default::DEFAULT_THEME_IDS, function_word_variants, Entry, EntryKind, Lexicon, LexiconFormat,
    LoadOptions, PlainWords,
};
use entretien::{Error, ErrorKind};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/lexicons")
        .join(name)
}

/// The message and entry of a lexicon error, with its line.
fn lexicon_error(e: &Error) -> (Option<usize>, Option<String>, String) {
    match e.kind() {
        ErrorKind::Lexicon {
            line,
            entry,
            message,
            ..
        } => (*line, entry.clone(), message.clone()),
        other => panic!("expected a lexicon error, got {other:?}"),
    }
}

fn without_lines(mut lexicon: Lexicon) -> Lexicon {
    for t in &mut lexicon.themes {
        for e in t.entries.iter_mut().chain(t.exclusions.iter_mut()) {
            e.line = None;
        }
    }
    lexicon
}

#[test]
fn entry_kinds_table() {
    use EntryKind::*;
    // (as written, kind, stored pattern, words)
    let cases: &[(&str, EntryKind, &str, &[&str])] = &[
        ("isolement", Stem, "isolement", &["isolement"]),
        ("  Isolement ", Stem, "isolement", &["isolement"]),
        ("=seul", Exact, "seul", &["seul"]),
        ("= seul", Exact, "seul", &["seul"]),
        ("isol*", Prefix, "isol", &["isol"]),
        (
            "perte de sens",
            Phrase,
            "perte de sens",
            &["perte", "de", "sens"],
        ),
        (
            "perte   de\tsens",
            Phrase,
            "perte de sens",
            &["perte", "de", "sens"],
        ),
        (
            "n’a plus de sens",
            Phrase,
            "n'a plus de sens",
            &["n'", "a", "plus", "de", "sens"],
        ),
        ("l'écran", Phrase, "l'écran", &["l'", "écran"]),
        ("aujourd'hui", Stem, "aujourd'hui", &["aujourd'hui"]),
        ("mal-être", Stem, "mal-être", &["mal-être"]),
        ("=e-mail", Exact, "e-mail", &["e-mail"]),
        (
            "Travail à la chaîne",
            Phrase,
            "travail à la chaîne",
            &["travail", "à", "la", "chaîne"],
        ),
    ];
    for (written, kind, pattern, words) in cases {
        let e = Entry::try_parse(written).unwrap_or_else(|err| panic!("{written:?}: {err}"));
        assert_eq!(e.kind, *kind, "kind of {written:?}");
        assert_eq!(e.pattern, *pattern, "pattern of {written:?}");
        assert_eq!(e.words(), *words, "words of {written:?}");
        assert_eq!(e.weight, 1.0);
        assert_eq!(e.max_gap, 0);
        // The lenient parser agrees on valid input, and to_source reads back.
        assert_eq!(
            Entry::parse(written),
            e,
            "parse vs try_parse on {written:?}"
        );
        assert_eq!(
            Entry::try_parse(&e.to_source()).unwrap(),
            e,
            "round trip {written:?}"
        );
    }
}

#[test]
fn bad_patterns_are_rejected() {
    let cases: &[(&str, &str)] = &[
        ("", "empty"),
        ("   ", "empty"),
        ("=", "empty"),
        ("*", "empty prefix"),
        ("is*ol", "end of a word"),
        ("isol**", "once"),
        ("=isol*", "cannot be combined"),
        ("=perte de sens", "single word"),
        ("perte* de sens", "not allowed in a phrase"),
        ("perte de sens*", "not allowed in a phrase"),
        ("iso?", "unsupported character"),
        ("[ab]c", "unsupported character"),
        ("foo=bar", "only allowed at the start"),
        ("perte - sens", "no letter or digit"),
    ];
    for (written, fragment) in cases {
        match Entry::try_parse(written) {
            Ok(e) => panic!("{written:?} should be rejected, got {e:?}"),
            Err(err) => {
                let (_, entry, message) = lexicon_error(&err);
                assert_eq!(entry.as_deref(), Some(*written));
                assert!(
                    message.contains(fragment),
                    "{written:?}: message {message:?} lacks {fragment:?}"
                );
            }
        }
        // The lenient parser never fails.
        let _ = Entry::parse(written);
    }
}

#[test]
fn function_word_variants_table() {
    let de: &[&str] = &["de", "du", "des", "d'"];
    let le: &[&str] = &["le", "la", "les", "l'"];
    for w in ["de", "du", "des", "d'", "d"] {
        assert_eq!(function_word_variants(w), Some(de), "{w}");
    }
    for w in ["le", "la", "les", "l'"] {
        assert_eq!(function_word_variants(w), Some(le), "{w}");
    }
    assert_eq!(
        function_word_variants("sa"),
        Some(&["son", "sa", "ses"][..])
    );
    assert_eq!(function_word_variants("aux"), Some(&["à", "au", "aux"][..]));
    assert_eq!(
        function_word_variants("ces"),
        Some(&["ce", "cet", "cette", "ces", "c'"][..])
    );
    for w in ["sens", "perte", "dans"] {
        assert_eq!(function_word_variants(w), None, "{w}");
    }
}

#[test]
fn toml_reads_strings_tables_weights_gaps_and_lines() {
    let report = Lexicon::load(fixture("small.toml")).expect("small.toml loads");
    assert!(report.warnings.is_empty());
    let lexicon = report.lexicon;
    assert_eq!(lexicon.name.as_deref(), Some("petit"));
    let theme = lexicon.theme("isolement").expect("theme");
    assert_eq!(theme.label, "Isolement");
    assert_eq!(theme.definition, "Être seul.");
    let lines: Vec<Option<usize>> = theme.entries.iter().map(|e| e.line).collect();
    assert_eq!(lines, [Some(8), Some(9), Some(10)]);
    let phrase = &theme.entries[2];
    assert_eq!(phrase.kind, EntryKind::Phrase);
    assert_eq!(phrase.weight, 2.0);
    assert_eq!(phrase.max_gap, 1);
    assert_eq!(theme.exclusions[0].kind, EntryKind::Exact);
    assert_eq!(theme.exclusions[0].line, Some(12));
}

#[test]
fn toml_errors_name_line_and_entry() {
    // (source, expected line, expected entry, fragment of the message)
    let cases: &[(&str, usize, Option<&str>, &str)] = &[
        (
            "[[theme]]\nid = \"a\"\nentries = [\"ok\",\n  \"is*ol\"]\n",
            4,
            Some("is*ol"),
            "end of a word",
        ),
        (
            "[[theme]]\nid = \"a\"\nentries = [\"=perte de sens\"]\n",
            3,
            Some("=perte de sens"),
            "single word",
        ),
        (
            "[[theme]]\nid = \"a\"\nentries = [\"\"]\n",
            3,
            Some(""),
            "empty",
        ),
        (
            "[[theme]]\nid = \"a\"\nentries = [\"x\"]\n\n[[theme]]\nid = \"a\"\nentries = [\"y\"]\n",
            6,
            None,
            "duplicate theme id",
        ),
        (
            "[[theme]]\nid = \"a\"\nentries = []\n",
            1,
            None,
            "no entries",
        ),
        (
            "[[theme]]\nid = \"a\"\nlabel = \"A\"\nentrees = [\"x\"]\n",
            4,
            None,
            "unknown field",
        ),
        (
            "[[theme]]\nid = \"a\"\nentries = [\n  { term = \"perte de sens\", poids = 2 },\n]\n",
            4,
            Some("perte de sens"),
            "unknown key `poids`",
        ),
        (
            "[[theme]]\nid = \"a\"\nentries = [{ term = \"sens\", gap = 2 }]\n",
            3,
            Some("sens"),
            "only applies to phrases",
        ),
        (
            "[[theme]]\nid = \"a\"\nentries = [{ term = \"perte de sens\", weight = -1 }]\n",
            3,
            Some("perte de sens"),
            "positive",
        ),
        (
            "[[theme]]\nid = \"a\"\nentries = [{ term = \"perte de sens\", gap = 300 }]\n",
            3,
            Some("perte de sens"),
            "out of range",
        ),
        (
            "[[theme]]\nid = \"a\"\nentries = [\"x\", 3]\n",
            3,
            None,
            "string or a table",
        ),
        (
            "[[theme]]\nid = \"a b\"\nentries = [\"x\"]\n",
            2,
            None,
            "contains",
        ),
        (
            "[[theme]]\nid = \"a\"\nentries = [\"x\"\n",
            4,
            None,
            "",
        ),
        ("[[themes]]\nid = \"a\"\n", 1, None, "unknown field"),
        ("", 0, None, "no themes"),
    ];
    for (source, line, entry, fragment) in cases {
        let err = Lexicon::from_toml_str(source).expect_err(source);
        let (got_line, got_entry, message) = lexicon_error(&err);
        if *line > 0 {
            assert_eq!(got_line, Some(*line), "line for {source:?} ({message})");
        }
        assert_eq!(
            got_entry.as_deref(),
            *entry,
            "entry for {source:?} ({message})"
        );
        assert!(
            message.contains(fragment),
            "{source:?}: {message:?} lacks {fragment:?}"
        );
    }
}

#[test]
fn toml_error_display_names_file_line_and_entry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "[[theme]]\nid = \"a\"\nentries = [\"ok\", \"is*ol\"]\n",
    )
    .unwrap();
    let err = Lexicon::from_path(&path).expect_err("bad pattern");
    assert_eq!(err.path(), Some(path.as_path()));
    assert_eq!(err.line(), Some(3));
    let shown = err.to_string();
    assert!(shown.contains("bad.toml:3:"), "{shown}");
    assert!(shown.contains("\"is*ol\""), "{shown}");
}

#[test]
fn toml_duplicate_entries_are_warnings() {
    let report = entretien::lexicon::native::parse(
        "[[theme]]\nid = \"a\"\nentries = [\"isol*\", \"x\",\n \"isol*\"]\n",
    )
    .expect("parses");
    assert_eq!(report.lexicon.themes[0].entries.len(), 2);
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings[0].line, Some(4));
    assert!(report.warnings[0].message.contains("first on line 3"));
}

#[test]
fn dic_survives_real_file_oddities() {
    let report = Lexicon::load(fixture("oddities.dic")).expect("oddities.dic loads");
    let lex = &report.lexicon;
    let ids: Vec<&str> = lex.theme_ids().collect();
    assert_eq!(ids, ["efficience", "isolement", "perte_de_sens"]);
    assert_eq!(lex.themes[2].label, "perte de sens");

    let find = |theme: &str, pattern: &str| -> Entry {
        lex.theme(theme)
            .and_then(|t| t.entries.iter().find(|e| e.pattern == pattern))
            .cloned()
            .unwrap_or_else(|| panic!("{theme} lacks {pattern:?}"))
    };
    assert_eq!(find("efficience", "efficac").kind, EntryKind::Prefix);
    assert_eq!(find("isolement", "seul").kind, EntryKind::Exact);
    assert_eq!(find("isolement", "seul").line, Some(9));
    assert_eq!(find("efficience", "gain de temps").kind, EntryKind::Phrase);
    // Named category references, on a line with spaces only.
    assert_eq!(
        find("isolement", "chacun dans son coin").kind,
        EntryKind::Phrase
    );
    assert_eq!(
        find("perte_de_sens", "perte de sens").kind,
        EntryKind::Phrase
    );
    // One entry in two categories; spaces around a tab.
    assert_eq!(find("isolement", "isol").kind, EntryKind::Prefix);
    assert_eq!(find("perte_de_sens", "isol").kind, EntryKind::Prefix);
    assert_eq!(find("perte_de_sens", "absurde").kind, EntryKind::Exact);
    // The context rule is skipped, the plain category kept.
    assert_eq!(find("perte_de_sens", "kind").kind, EntryKind::Exact);

    let isolement = lex.theme("isolement").unwrap();
    let seul_count = isolement
        .entries
        .iter()
        .filter(|e| e.pattern == "seul")
        .count();
    assert_eq!(seul_count, 1, "duplicate kept once");
    let messages: Vec<String> = report.warnings.iter().map(|w| w.to_string()).collect();
    let has = |fragment: &str| messages.iter().any(|m| m.contains(fragment));
    assert!(
        has("line 10: entry \"=seul\": duplicate entry"),
        "{messages:#?}"
    );
    assert!(has("context rule"), "{messages:#?}");
    assert!(has("\"vide\" (4) has no entries; dropped"), "{messages:#?}");
    assert!(has("not LIWC syntax"), "{messages:#?}");
}

#[test]
fn dic_plain_words_can_be_read_as_stems() {
    let options = LoadOptions {
        format: None,
        plain_words: PlainWords::Stem,
    };
    let report = Lexicon::load_with(fixture("oddities.dic"), options).expect("loads");
    let theme = report.lexicon.theme("isolement").unwrap();
    let seul = theme.entries.iter().find(|e| e.pattern == "seul").unwrap();
    assert_eq!(seul.kind, EntryKind::Stem);
    // An explicit `=` stays exact.
    let seule = theme.entries.iter().find(|e| e.pattern == "seule").unwrap();
    assert_eq!(seule.kind, EntryKind::Exact);
}

#[test]
fn dic_errors_name_the_line() {
    let err = Lexicon::from_path(fixture("unknown_category.dic")).expect_err("unknown id");
    let (line, entry, message) = lexicon_error(&err);
    assert_eq!(line, Some(5));
    assert_eq!(entry.as_deref(), Some("rapide"));
    assert!(message.contains("unknown category \"7\""), "{message}");
    assert!(err.path().is_some());

    let cases: &[(&str, usize, &str)] = &[
        ("%\n1 a\n%\nrapide 1 9\n", 4, "unknown category \"9\""),
        ("%\n1 a\n%\nrapide 9\n", 4, "unknown category \"9\""),
        ("%\n1 a\n%\nrapide\n", 4, "without a category"),
        ("%\n1 a\n%\nis*ol\t1\n", 4, "end of a word"),
        ("efficac* 1\n", 1, "starts with a `%`"),
        ("%\n1 a\n1 b\n%\n", 3, "defined twice"),
        ("%\n1 a\n%\nx 1\n%\n", 5, "third `%`"),
    ];
    for (source, line, fragment) in cases {
        let err = Lexicon::from_dic_str(source).expect_err(source);
        let (got, _, message) = lexicon_error(&err);
        assert_eq!(got, Some(*line), "{source:?}: {message}");
        assert!(message.contains(fragment), "{source:?}: {message:?}");
    }
    let err = Lexicon::from_dic_str("%\n1 a\n").expect_err("no second %");
    assert!(lexicon_error(&err).2.contains("missing `%`"));
}

#[test]
fn peer_benchmark_dic_parses() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/peers/themes_fr.dic");
    if !path.is_file() {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("CI=true but {} is missing", path.display());
        }
        eprintln!("skipping: {} not found", path.display());
        return;
    }
    let report = Lexicon::load(&path).expect("themes_fr.dic loads");
    assert_eq!(report.lexicon.themes.len(), 10);
    let phrases = report
        .lexicon
        .themes
        .iter()
        .flat_map(|t| &t.entries)
        .filter(|e| e.kind == EntryKind::Phrase)
        .count();
    assert!(phrases >= 40, "{phrases} phrases");
    assert!(report.lexicon.entry_count() >= 250);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn yaml_nested_levels_become_dotted_ids() {
    let report = Lexicon::load(fixture("nested.yml")).expect("nested.yml loads");
    let lex = report.lexicon;
    let ids: Vec<&str> = lex.theme_ids().collect();
    assert_eq!(
        ids,
        [
            "travail.isolement",
            "travail.efficience",
            "modernisation",
            "budget"
        ]
    );
    let iso = lex.theme("travail.isolement").unwrap();
    assert_eq!(iso.label, "isolement");
    let got: Vec<(EntryKind, &str, Option<usize>)> = iso
        .entries
        .iter()
        .map(|e| (e.kind, e.pattern.as_str(), e.line))
        .collect();
    assert_eq!(
        got,
        [
            (EntryKind::Prefix, "isol", Some(5)),
            (EntryKind::Phrase, "chacun dans son coin", Some(6)),
            (EntryKind::Phrase, "l'isolement", Some(7)),
        ]
    );
    let eff: Vec<&str> = lex
        .theme("travail.efficience")
        .unwrap()
        .entries
        .iter()
        .map(|e| e.pattern.as_str())
        .collect();
    assert_eq!(eff, ["efficac", "gain de temps", "rapide"]);
    assert_eq!(lex.theme("modernisation").unwrap().entries.len(), 2);
    let budget = &lex.theme("budget").unwrap().entries[0];
    assert_eq!(
        (budget.kind, budget.pattern.as_str()),
        (EntryKind::Exact, "économies")
    );
}

#[test]
fn yaml_errors_name_the_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("a:\n\t- x\n", 2, "tab"),
        ("a:\n  - x: y\n", 2, "maps inside lists"),
        ("a:\n  - x\n    - y\n", 3, "indentation"),
        ("a:\nb:\n  - x\n", 1, "no entries"),
        ("a:\n  - x\na:\n  - y\n", 3, "duplicate key"),
        ("a: [x, y\n", 1, "closing"),
        ("a:\n  - \"x\n", 2, "unterminated"),
        ("- x\n", 1, "not a list"),
        ("a:\n  - is*ol\n", 2, "end of a word"),
        ("a:\n  - &anchor x\n", 2, "unsupported"),
        ("just text\n", 1, "expected `key:`"),
    ];
    for (source, line, fragment) in cases {
        let err = Lexicon::from_yaml_str(source).expect_err(source);
        let (got, _, message) = lexicon_error(&err);
        assert_eq!(got, Some(*line), "{source:?}: {message}");
        assert!(message.contains(fragment), "{source:?}: {message:?}");
    }
}

#[test]
fn default_lexicon_has_the_fourteen_documented_themes() {
    let report = Lexicon::parse_str(
        entretien::lexicon::default::DEFAULT_FRENCH_TOML,
        LexiconFormat::Toml,
        PlainWords::Exact,
    )
    .expect("the embedded default parses");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let lex = Lexicon::default_french();
    assert_eq!(lex, report.lexicon);
    lex.validate().expect("default validates");
    let ids: Vec<&str> = lex.theme_ids().collect();
    assert_eq!(ids, DEFAULT_THEME_IDS);
    for theme in &lex.themes {
        assert!(!theme.label.is_empty(), "{} has no label", theme.id);
        assert!(
            theme.definition.len() > 40 && theme.definition.ends_with('.'),
            "{}: definition should be one full sentence",
            theme.id
        );
        assert!(
            theme.entries.len() >= 20,
            "{}: {} entries",
            theme.id,
            theme.entries.len()
        );
        assert!(
            theme.entries.iter().any(|e| e.kind == EntryKind::Phrase),
            "{} has no phrase",
            theme.id
        );
    }
}

#[test]
fn default_lexicon_handles_documented_traps() {
    let lex = Lexicon::default_french();
    let has = |theme: &str, source: &str, exclusion: bool| {
        let t = lex.theme(theme).unwrap();
        let list = if exclusion { &t.exclusions } else { &t.entries };
        list.iter().any(|e| e.to_source() == source)
    };
    assert!(has("isolement", "je suis seul", false));
    assert!(!has("isolement", "=seul", false));
    assert!(has("isolement", "=seulement", true));
    assert!(has("isolement", "=isolation", true));
    assert!(has("perte_de_sens", "perte de sens", false));
    assert!(has("perte_de_sens", "n'a plus de sens", false));
    assert!(has("routinisation", "travail à la chaîne", false));
    assert!(has("efficience", "gain de temps", false));
    assert!(has(
        "charge_de_travail",
        "devant l'écran toute la journée",
        false
    ));
    assert!(has("charge_de_travail", "prise en charge", true));
    assert!(has("service_usagers", "service public", false));
    // Words too broad on their own are never entries.
    for theme in &lex.themes {
        for e in &theme.entries {
            let broad = ["service", "temps", "sens", "numérique", "charge", "métier"];
            assert!(
                !(e.kind != EntryKind::Phrase && broad.contains(&e.pattern.as_str())),
                "{}: {:?} is too broad alone",
                theme.id,
                e.to_source()
            );
        }
    }
}

#[test]
fn round_trip_through_toml_is_lossless() {
    let lex = Lexicon::default_french();
    let text = lex.to_toml();
    let back = Lexicon::from_toml_str(&text).expect("exported TOML parses");
    assert_eq!(without_lines(back), without_lines(lex));

    let small = Lexicon::from_path(fixture("small.toml")).unwrap();
    let back = Lexicon::from_toml_str(&small.to_toml()).unwrap();
    assert_eq!(without_lines(back), without_lines(small));
}

#[test]
fn round_trip_through_dic_keeps_themes_and_patterns() {
    let lex = Lexicon::default_french();
    let report = Lexicon::from_dic_str(&lex.to_dic()).expect("exported .dic parses");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let back = report.lexicon;
    assert_eq!(
        back.theme_ids().collect::<Vec<_>>(),
        lex.theme_ids().collect::<Vec<_>>()
    );
    for (a, b) in lex.themes.iter().zip(&back.themes) {
        let expected: Vec<(EntryKind, &str)> = a
            .entries
            .iter()
            .map(|e| {
                let kind = if e.kind == EntryKind::Stem {
                    EntryKind::Exact
                } else {
                    e.kind
                };
                (kind, e.pattern.as_str())
            })
            .collect();
        let got: Vec<(EntryKind, &str)> = b
            .entries
            .iter()
            .map(|e| (e.kind, e.pattern.as_str()))
            .collect();
        let mut expected_sorted = expected.clone();
        let mut got_sorted = got.clone();
        expected_sorted.sort();
        got_sorted.sort();
        assert_eq!(got_sorted, expected_sorted, "theme {}", a.id);
        assert!(b.exclusions.is_empty());
    }
    // Read back as stems, stem entries keep their kind.
    let stems = Lexicon::parse_str(&lex.to_dic(), LexiconFormat::Dic, PlainWords::Stem).unwrap();
    let iso = stems.lexicon.theme("isolement").unwrap();
    assert!(iso
        .entries
        .iter()
        .any(|e| e.kind == EntryKind::Stem && e.pattern == "isolement"));
}

#[test]
fn from_path_dispatches_on_extension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let lex = Lexicon::from_path(fixture("small.toml")).unwrap();
    for (name, text) in [
        ("a.TOML", lex.to_toml()),
        ("a.dic", lex.to_dic()),
        ("a.yaml", "isolement:\n  - isol*\n".to_string()),
        ("a.yml", "isolement: [isol*]\n".to_string()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let got = Lexicon::from_path(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(got.themes[0].id, "isolement", "{name}");
    }
    let unknown = dir.path().join("a.json");
    std::fs::write(&unknown, "{}").unwrap();
    let err = Lexicon::from_path(&unknown).expect_err("unknown extension");
    assert!(err.to_string().contains("unknown lexicon format"), "{err}");

    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, b"[[theme]]\nid = \"\xff\"\n").unwrap();
    let err = Lexicon::from_path(&bad).expect_err("invalid UTF-8");
    assert_eq!(err.byte_offset(), Some(16));
    assert_eq!(err.path(), Some(bad.as_path()));

    let missing = Lexicon::from_path(dir.path().join("none.toml")).expect_err("missing");
    assert!(matches!(missing.kind(), ErrorKind::Io { .. }));
}

#[test]
fn validate_catches_what_readers_catch() {
    let mut lex = Lexicon::from_path(fixture("small.toml")).unwrap();
    lex.validate().expect("valid");
    let mut dup = lex.clone();
    dup.themes.push(dup.themes[0].clone());
    assert!(dup
        .validate()
        .unwrap_err()
        .to_string()
        .contains("duplicate theme id"));
    lex.themes[0].entries[0].weight = 0.0;
    assert!(lex.validate().unwrap_err().to_string().contains("weight"));
}

#[test]
fn lexicon_types_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Lexicon>();
    assert_send_sync::<Entry>();
    assert_send_sync::<entretien::lexicon::LoadReport>();
}

fn entretien_bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
}

#[test]
fn cli_check_reports_expansions_and_errors() {
    let out = entretien_bin()
        .args(["lexicon", "check"])
        .arg(fixture("small.toml"))
        .output()
        .expect("run entretien");
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("stem \"isol\""), "{stdout}");
    assert!(stdout.contains("{son|sa|ses}"), "{stdout}");
    assert!(stdout.contains("1 themes, 3 entries"), "{stdout}");

    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[theme]]\nid = \"a\"\nentries = [\"temps\",\n \"is*ol\"]\n",
    )
    .unwrap();
    let out = entretien_bin()
        .args(["lexicon", "check"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.toml:4:"), "{stderr}");

    let risky = dir.path().join("risky.toml");
    std::fs::write(&risky, "[[theme]]\nid = \"a\"\nentries = [\"temps\", \"les\", \"fa*\"]\nexclusions = [\"temps\"]\n").unwrap();
    let out = entretien_bin()
        .args(["lexicon", "check", "--quiet"])
        .arg(&risky)
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("very frequent word \"temps\""), "{stdout}");
    assert!(stdout.contains("is a stopword"), "{stdout}");
    assert!(
        stdout.contains("prefix also matches frequent words: faire"),
        "{stdout}"
    );
    assert!(stdout.contains("vetoes entry \"temps\""), "{stdout}");
}

#[test]
fn cli_export_writes_formats_and_refuses_to_overwrite_input() {
    let dir = tempfile::tempdir().unwrap();
    let out = entretien_bin()
        .args(["lexicon", "export", "--format", "dic"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let dic = String::from_utf8(out.stdout).unwrap();
    let back = Lexicon::from_dic_str(&dic).unwrap().lexicon;
    assert_eq!(back.themes.len(), 14);

    let input = dir.path().join("in.toml");
    std::fs::copy(fixture("small.toml"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let out = entretien_bin()
        .args(["lexicon", "export", "--format", "toml", "--output"])
        .arg(&input)
        .arg(&input)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to overwrite"));
    assert_eq!(std::fs::read(&input).unwrap(), before);

    let output = dir.path().join("out.dic");
    let out = entretien_bin()
        .args(["lexicon", "export", "--format", "dic", "-o"])
        .arg(&output)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success());
    let back = Lexicon::from_path(&output).unwrap();
    assert_eq!(back.themes[0].id, "isolement");
}

#[test]
fn evaluation_sentences_are_well_formed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/lexicon_eval.tsv");
    let text = std::fs::read_to_string(&path).expect("lexicon_eval.tsv");
    let lex = Lexicon::default_french();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("role\tsentence\texpected"));
    let mut rows = 0;
    let mut with_themes = 0;
    let mut interviewer = 0;
    for (i, line) in lines.enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        assert_eq!(fields.len(), 3, "line {}: {line:?}", i + 2);
        assert!(
            ["respondent", "interviewer", "unknown"].contains(&fields[0]),
            "line {}: role {:?}",
            i + 2,
            fields[0]
        );
        assert!(
            !fields[1].trim().is_empty(),
            "line {}: empty sentence",
            i + 2
        );
        let expected: Vec<&str> = fields[2].split(',').filter(|s| !s.is_empty()).collect();
        for id in &expected {
            assert!(
                lex.theme(id).is_some(),
                "line {}: unknown theme {id:?}",
                i + 2
            );
        }
        if fields[0] == "interviewer" {
            interviewer += 1;
            assert!(
                expected.is_empty(),
                "line {}: interviewers are not scored",
                i + 2
            );
        }
        rows += 1;
        with_themes += usize::from(!expected.is_empty());
    }
    assert!(rows >= 50, "{rows} sentences");
    assert!(interviewer >= 3);
    // Traps and negations make up a fair share of the set.
    assert!(
        rows - with_themes >= 15,
        "{} sentences without themes",
        rows - with_themes
    );
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Strings made of the characters the readers care about, plus some French.
    fn lexicon_like() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("\n"),
                Just("\r\n"),
                Just("\t"),
                Just(" "),
                Just("  "),
                Just("%"),
                Just("*"),
                Just("="),
                Just("'"),
                Just("’"),
                Just("\""),
                Just("#"),
                Just(":"),
                Just("- "),
                Just("["),
                Just("]"),
                Just(","),
                Just("1"),
                Just("é"),
                Just("isol"),
                Just("perte de sens"),
                Just("[[theme]]"),
                Just("id = "),
                Just("entries = "),
                Just("{ term = "),
                Just("}"),
                Just("\u{feff}"),
                Just("(02"),
                Just("/"),
            ],
            0..40,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]

        #[test]
        fn readers_return_errors_not_panics(text in lexicon_like()) {
            let _ = Lexicon::from_toml_str(&text);
            let imported = [Lexicon::from_dic_str(&text), Lexicon::from_yaml_str(&text)];
            for report in imported.into_iter().flatten() {
                // Whatever a reader accepts is a valid lexicon that survives TOML.
                prop_assert!(report.lexicon.validate().is_ok());
                let back = Lexicon::from_toml_str(&report.lexicon.to_toml());
                prop_assert!(back.is_ok(), "{:?}", back.err().map(|e| e.to_string()));
            }
        }

        #[test]
        fn entries_parse_or_fail_cleanly(text in "\\PC{0,24}") {
            let _ = Entry::parse(&text);
            if let Ok(e) = Entry::try_parse(&text) {
                prop_assert_eq!(Entry::try_parse(&e.to_source()).ok(), Some(e));
            }
        }
    }
}
