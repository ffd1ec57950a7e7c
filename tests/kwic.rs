//! Concordance lines, their sort orders and table rendering, and user search patterns.

use entretien::analyzer::{Analyzer, SpeakerFilter};
use entretien::kwic::{
    concordance, display_width, fold_whitespace, kwic_line, sort_lines, KwicLine, KwicQuery,
    KwicSort, KwicSource, KwicTable, Pattern, PatternMatcher,
};
use entretien::text::stem::Stemmer;
use entretien::transcript::{Role, Transcript};
use entretien::Span;
use entretien::{Lexicon, TextPipeline, Token, Tokenizer};

fn source(doc: &str) -> KwicSource<'_> {
    KwicSource {
        doc,
        speaker: None,
        turn: None,
        times: None,
    }
}

/// The index of the first token whose text is `word`.
fn index_of(tokens: &[Token<'_>], word: &str) -> usize {
    tokens
        .iter()
        .position(|t| t.text == word)
        .unwrap_or_else(|| panic!("no token {word:?}"))
}

fn line_at(text: &str, word: &str, context: usize) -> KwicLine {
    let tokens = Tokenizer::new().tokenize(text);
    let i = index_of(&tokens, word);
    kwic_line(text, &tokens, i..i + 1, context, &source("d")).expect("valid range")
}

#[test]
fn context_counts_words_and_keeps_punctuation_between_them() {
    let text = "Alors, le logiciel, il plante : tout le temps, vraiment.";
    let line = line_at(text, "plante", 3);
    assert_eq!(line.left, "le logiciel, il");
    assert_eq!(line.keyword, "plante");
    // The comma touching the last context word is kept; ":" lies between context words.
    assert_eq!(line.right, ": tout le temps,");
    assert_eq!(&text[line.start..line.end], "plante");
}

#[test]
fn glued_punctuation_at_the_edges_is_kept() {
    let text = "Elle dit «formidable» puis (rires) s'en va.";
    let line = line_at(text, "puis", 1);
    assert_eq!(line.left, "«formidable»");
    assert_eq!(line.right, "(rires)");
}

#[test]
fn context_stops_at_the_ends_of_the_tokens() {
    let text = "outil utile pour nous";
    let first = line_at(text, "outil", 5);
    assert_eq!(
        (first.left.as_str(), first.right.as_str()),
        ("", "utile pour nous")
    );
    let last = line_at(text, "nous", 5);
    assert_eq!(
        (last.left.as_str(), last.right.as_str()),
        ("outil utile pour", "")
    );
    // Glued punctuation at the edges of a short context is still shown.
    let quoted = "« Bonjour » dit-il.";
    let line = line_at(quoted, "dit", 4);
    assert_eq!(line.left, "« Bonjour »");
    let line = line_at(quoted, "Bonjour", 4);
    assert!(line.right.ends_with("il."), "{line:?}");
    let bare = line_at(text, "pour", 0);
    assert_eq!((bare.left.as_str(), bare.right.as_str()), ("", ""));
}

#[test]
fn whitespace_is_folded_for_display_but_offsets_stay_exact() {
    let text = "le   nouvel\n\toutil  de\r\n  gestion";
    let line = line_at(text, "outil", 2);
    assert_eq!(line.left, "le nouvel");
    assert_eq!(line.right, "de gestion");
    assert_eq!(&text[line.start..line.end], "outil");
    assert_eq!(fold_whitespace("  a \n b\t\tc  "), "a b c");
}

#[test]
fn multi_token_matches_and_accented_offsets() {
    let text = "Côté sécurité, le télétravail a changé la donne.";
    let tokens = Tokenizer::new().tokenize(text);
    let i = index_of(&tokens, "télétravail");
    let line = kwic_line(text, &tokens, i..i + 3, 2, &source("e")).expect("valid");
    assert_eq!(line.keyword, "télétravail a changé");
    assert_eq!(&text[line.start..line.end], "télétravail a changé");
    assert_eq!(line.left, "sécurité, le");
    assert_eq!(line.right, "la donne.");
}

#[test]
fn invalid_ranges_give_no_line() {
    let text = "un deux";
    let tokens = Tokenizer::new().tokenize(text);
    assert!(kwic_line(text, &tokens, 1..1, 3, &source("d")).is_none());
    assert!(kwic_line(text, &tokens, 1..5, 3, &source("d")).is_none());
    // Spans that do not fit the text.
    assert!(kwic_line("un", &tokens, 1..2, 3, &source("d")).is_none());
}

fn make(doc: &str, start: usize, left: &str, keyword: &str, right: &str) -> KwicLine {
    KwicLine {
        doc: doc.into(),
        speaker: None,
        turn: None,
        start,
        end: start + keyword.len(),
        start_time: None,
        end_time: None,
        left: left.into(),
        keyword: keyword.into(),
        right: right.into(),
    }
}

fn docs_and_starts(lines: &[KwicLine]) -> Vec<(String, usize)> {
    lines.iter().map(|l| (l.doc.clone(), l.start)).collect()
}

#[test]
fn sorting_by_document_then_offset() {
    let mut lines = vec![
        make("b", 5, "", "x", ""),
        make("a", 40, "", "x", ""),
        make("b", 1, "", "x", ""),
        make("a", 3, "", "x", ""),
    ];
    sort_lines(&mut lines, KwicSort::Document);
    let got = docs_and_starts(&lines);
    let want: Vec<(String, usize)> = [("a", 3), ("a", 40), ("b", 1), ("b", 5)]
        .iter()
        .map(|&(d, s)| (d.to_string(), s))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn sorting_by_left_context_reads_words_from_the_keyword_outwards() {
    let mut lines = vec![
        make("d", 0, "zèbre avec", "outil", ""),
        make("d", 1, "abricot, sans", "outil", ""),
        make("d", 2, "mon", "outil", ""),
        make("d", 3, "Éric avec", "outil", ""),
        make("d", 4, "alpha avec", "outil", ""),
    ];
    sort_lines(&mut lines, KwicSort::Left);
    let lefts: Vec<&str> = lines.iter().map(|l| l.left.as_str()).collect();
    // Nearest word first (avec < mon < sans), then the next: alpha < Éric < zèbre, with
    // case and accents ignored.
    assert_eq!(
        lefts,
        [
            "alpha avec",
            "Éric avec",
            "zèbre avec",
            "mon",
            "abricot, sans"
        ]
    );
}

#[test]
fn sorting_by_right_context() {
    let mut lines = vec![
        make("d", 0, "", "outil", "de travail"),
        make("d", 1, "", "outil", "à jour"),
        make("d", 2, "", "outil", "de gestion"),
        make("d", 3, "", "outil", "Basique"),
        make("d", 4, "", "outil", "de gestion"),
    ];
    sort_lines(&mut lines, KwicSort::Right);
    let rights: Vec<(&str, usize)> = lines.iter().map(|l| (l.right.as_str(), l.start)).collect();
    assert_eq!(
        rights,
        [
            ("à jour", 1),
            ("Basique", 3),
            ("de gestion", 2),
            ("de gestion", 4),
            ("de travail", 0)
        ]
    );
    assert_eq!("right".parse::<KwicSort>().ok(), Some(KwicSort::Right));
    assert!("sideways".parse::<KwicSort>().is_err());
}

#[test]
fn display_width_counts_columns_not_bytes() {
    assert_eq!(display_width("été"), 3);
    assert_eq!(display_width("e\u{301}te\u{301}"), 3, "decomposed accents");
    assert_eq!(display_width("œuvre à côté"), 12);
    assert_eq!(display_width("数据"), 4);
    assert_eq!(display_width(""), 0);
}

/// The display column at which `needle` starts in `line`.
fn column_of(line: &str, needle: &str) -> usize {
    let at = line
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {line:?}"));
    display_width(&line[..at])
}

#[test]
fn table_aligns_the_keyword_column() {
    let lines = vec![
        make("e01", 0, "à côté de l'éléphant", "OUTIL", "très utile"),
        make("e02", 0, "e\u{301}te\u{301}", "TOOLS", "ça va"),
        make("entretien-long", 0, "", "ABCDE", "fin"),
    ];
    let rendered = KwicTable::new().context_width(12).render(&lines);
    let rows: Vec<&str> = rendered.lines().collect();
    assert_eq!(rows.len(), 3);
    let columns: Vec<usize> = rows
        .iter()
        .zip(["OUTIL", "TOOLS", "ABCDE"])
        .map(|(row, kw)| column_of(row, kw))
        .collect();
    assert!(columns.windows(2).all(|w| w[0] == w[1]), "{rendered}");
    // Location column (14) + 2 spaces + 12 columns of left context + 1 space.
    assert_eq!(columns[0], 14 + 2 + 12 + 1, "{rendered}");
    // The left context is cut at its start, by columns, and right-aligned.
    assert!(rows[0].contains("… l'éléphant OUTIL"), "{rendered}");
    assert!(rows[1].contains(" e\u{301}te\u{301} TOOLS"), "{rendered}");
    assert!(rows.iter().all(|r| !r.ends_with(' ')));
}

#[test]
fn table_centers_the_keyword_and_cuts_the_right_context() {
    let lines = vec![
        make("d", 0, "gauche", "mot", "une suite beaucoup trop longue"),
        make("d", 9, "gauche", "motlong", "court"),
    ];
    let rendered = KwicTable::new()
        .context_width(10)
        .location(false)
        .render(&lines);
    let rows: Vec<&str> = rendered.lines().collect();
    // Keyword column of 7: "mot" gets 2 spaces on each side.
    assert_eq!(rows[0], "    gauche   mot   une suite…");
    assert_eq!(rows[1], "    gauche motlong court");
    let fixed = KwicTable::new()
        .context_width(4)
        .keyword_width(4)
        .location(false)
        .render(&lines[1..]);
    assert_eq!(fixed, "…che mot… cou…\n");
}

#[test]
fn lines_round_trip_through_json_lines() {
    let text = "Il faut former les agents au nouvel outil.";
    let tokens = Tokenizer::new().tokenize(text);
    let i = index_of(&tokens, "agents");
    let src = KwicSource {
        doc: "e07",
        speaker: Some("DGS"),
        turn: Some(4),
        times: Some((Some(754.5), None)),
    };
    let line = kwic_line(text, &tokens, i..i + 1, 2, &src).expect("valid");
    assert_eq!((line.speaker.as_deref(), line.turn), (Some("DGS"), Some(4)));
    assert_eq!((line.start_time, line.end_time), (Some(754.5), None));
    let jsonl = serde_json::to_string(&line).expect("serialise");
    assert!(!jsonl.contains('\n'));
    let back: KwicLine = serde_json::from_str(&jsonl).expect("deserialise");
    assert_eq!(back, line);
    let bare = make("d", 0, "a", "b", "c");
    let json = serde_json::to_string(&bare).expect("serialise");
    assert!(
        !json.contains("speaker") && !json.contains("turn") && !json.contains("time"),
        "{json}"
    );
    assert_eq!(
        serde_json::from_str::<KwicLine>(&json).expect("deserialise"),
        bare
    );
}

// ---------------------------------------------------------------------------------------
// Patterns.

#[test]
fn patterns_parse() {
    let word = |s: &str| Pattern::Word(s.to_string());
    let cases: &[(&str, Pattern)] = &[
        ("outil", word("outil")),
        ("  Outil ", word("Outil")),
        ("=outils", Pattern::Exact("outils".into())),
        ("numéri*", Pattern::Prefix("numéri".into())),
        ("theme:stress", Pattern::Theme("stress".into())),
        ("theme: stress", Pattern::Theme("stress".into())),
        (
            "service  public",
            Pattern::Phrase(vec![word("service"), word("public")]),
        ),
        (
            "=mise en plac*",
            Pattern::Phrase(vec![
                Pattern::Exact("mise".into()),
                word("en"),
                Pattern::Prefix("plac".into()),
            ]),
        ),
    ];
    for (input, want) in cases {
        assert_eq!(&Pattern::parse(input).expect(input), want, "{input:?}");
        assert_eq!(&input.parse::<Pattern>().expect(input), want);
    }
}

#[test]
fn bad_patterns_are_errors() {
    for input in [
        "",
        "   ",
        "*",
        "=",
        "=*",
        "=outil*",
        "ou*til",
        "ou=til",
        "theme:",
        "theme:a b",
        "le theme:x",
    ] {
        assert!(Pattern::parse(input).is_err(), "{input:?} should not parse");
    }
}

struct Searcher {
    analyzer: Analyzer,
}

impl Searcher {
    fn new() -> Searcher {
        let analyzer = Analyzer::builder()
            .speakers(SpeakerFilter::All)
            .build(&Lexicon::empty())
            .expect("builds");
        Searcher { analyzer }
    }

    fn find(&self, pattern: &str, text: &str) -> Vec<String> {
        let query = KwicQuery::new(pattern, &self.analyzer).expect("pattern");
        let t = Transcript::from_text("d", text);
        let mut scratch = self.analyzer.scratch();
        let analysis = self.analyzer.analyze(&t, &mut scratch);
        concordance(&analysis, &query, 0)
            .into_iter()
            .map(|line| text[line.start..line.end].to_string())
            .collect()
    }
}

#[test]
fn matcher_case_table() {
    let s = Searcher::new();
    let text = "Les Outils, un outil, cet outillage ; le service public et les services publics.";
    let stem_of = |w: &str| Stemmer::french().stem_uncached(w);
    // A word matches its forms and the forms sharing its stem.
    let mut want_word: Vec<&str> = vec!["Outils", "outil"];
    if stem_of("outillage") == stem_of("outil") {
        want_word.push("outillage");
    }
    assert_eq!(s.find("outil", text), want_word);
    assert_eq!(s.find("=outil", text), ["outil"]);
    assert_eq!(
        s.find("=OUTILS", text),
        ["Outils"],
        "exact is on the normalised form"
    );
    assert_eq!(s.find("outil*", text), ["Outils", "outil", "outillage"]);
    assert_eq!(
        s.find("servic* public", text),
        ["service public", "services publics"]
    );
    assert_eq!(s.find("=service public", text), ["service public"]);
    assert!(
        s.find("outils un", text).is_empty(),
        "a comma breaks the phrase"
    );
    assert!(s.find("tableur", text).is_empty());
}

#[test]
fn phrase_matches_do_not_overlap() {
    let s = Searcher::new();
    assert_eq!(
        s.find("=oui =oui", "oui oui oui oui oui"),
        ["oui oui", "oui oui"]
    );
}

#[test]
fn matcher_over_forms_and_stems() {
    let matcher = PatternMatcher::new(
        &Pattern::parse("a* =b").expect("parse"),
        &TextPipeline::french(),
    )
    .expect("compile");
    assert_eq!(matcher.len(), 2);
    let forms = ["x", "ab", "b", "a", "c", "zz", "b"];
    let stems = ["x", "ab", "b", "a", "c", "ay", "b"];
    // "zz" has the stem "ay", which starts with "a".
    assert_eq!(matcher.find(&forms, &stems), [1..3, 5..7]);
}

#[test]
fn theme_patterns_need_the_lexicon() {
    let pattern = Pattern::parse("theme:stress").expect("parse");
    assert!(PatternMatcher::new(&pattern, &TextPipeline::french()).is_err());
    let empty = Pattern::Prefix(String::new());
    assert!(PatternMatcher::new(&empty, &TextPipeline::french()).is_err());
    let analyzer = Analyzer::builder()
        .build(&Lexicon::empty())
        .expect("builds");
    let err = KwicQuery::new("theme:stress", &analyzer).expect_err("no such theme");
    assert!(err.to_string().contains("stress"), "{err}");
}

#[test]
fn matcher_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<PatternMatcher>();
    assert_send_sync::<KwicTable>();
}

#[test]
fn concordance_keeps_context_inside_turns() {
    let text = "Et l'outil ?\nIl est lent. Vraiment lent, cet outil.";
    let mut t = Transcript::from_text("e09", text);
    let split = text.find('\n').expect("newline");
    t.turns.clear();
    t.push_turn(Some("ENQ"), Role::Interviewer, Span::new(0, split));
    t.push_turn(
        Some("R"),
        Role::Respondent,
        Span::new(split + 1, text.len()),
    );
    let analyzer = Analyzer::builder()
        .speakers(SpeakerFilter::All)
        .build(&Lexicon::empty())
        .expect("builds");
    let query = KwicQuery::new("lent", &analyzer).expect("compile");
    let mut scratch = analyzer.scratch();
    let lines = concordance(&analyzer.analyze(&t, &mut scratch), &query, 3);
    assert_eq!(lines.len(), 2);
    for line in &lines {
        assert_eq!(&text[line.start..line.end], "lent");
        assert_eq!((line.speaker.as_deref(), line.turn), (Some("R"), Some(1)));
    }
    assert_eq!(
        lines[0].left, "Il est",
        "the context does not reach the previous turn"
    );
    assert_eq!(lines[1].right, ", cet outil.");
}

#[test]
fn unaccented_capitals_match_accented_words() {
    let s = Searcher::new();
    let text = "L'Eglise et l'ETAT. Une église, un état. Marché, marche.";
    assert_eq!(s.find("église", text), ["Eglise", "église"]);
    assert_eq!(s.find("état", text), ["ETAT", "état"]);
    assert_eq!(s.find("=état", text), ["ETAT", "état"]);
    // Lowercase words keep their accents: "marche" is not "marché".
    assert_eq!(s.find("=marché", text), ["Marché"]);
    assert_eq!(s.find("=marche", text), ["marche"]);
}
