//! Invariants of the tokenizer on arbitrary and French-looking strings, and linear streaming.

use entretien::text::tokenize::is_separator;
use entretien::Tokenizer;
use proptest::prelude::*;

/// Spans ordered, non-overlapping, on char boundaries, slicing the text; no empty tokens;
/// only separators between tokens.
fn check_invariants(text: &str) -> Result<(), TestCaseError> {
    let mut previous_end = 0;
    for token in Tokenizer::new().tokens(text) {
        let span = token.span;
        prop_assert!(span.start < span.end, "empty token {:?}", token);
        prop_assert!(span.start >= previous_end, "overlap at {:?}", token);
        prop_assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        prop_assert_eq!(&text[span.range()], token.text);
        let gap = &text[previous_end..span.start];
        prop_assert!(
            gap.chars().all(is_separator),
            "non-separator {:?} skipped before {:?}",
            gap,
            token
        );
        previous_end = span.end;
    }
    prop_assert!(text[previous_end..].chars().all(is_separator));
    Ok(())
}

const FRENCH_PIECES: &[&str] = &[
    "l'",
    "L’",
    "qu'",
    "jusqu'",
    "aujourd'hui",
    "peut-être",
    "-il",
    "-t-elle",
    "-",
    "--",
    "dit",
    "e\u{301}",
    "é",
    "à",
    "ç",
    "1",
    "000",
    " ",
    "\u{a0}",
    "\u{202f}",
    ",",
    ".",
    "...",
    "…",
    "?",
    "!",
    ";",
    ":",
    "«",
    "»",
    "(",
    ")",
    "[",
    "]",
    "(rires)",
    "[inaudible]",
    "xxx",
    "euh",
    "dé-",
    "~",
    "%",
    "€",
    "@",
    "www.",
    "http://",
    "mairie.fr",
    "3,5",
    "12h30",
    "M.",
    "\r\n",
    "\u{feff}",
    "\u{ad}",
    "\u{200b}",
    "'",
    "’",
    "n°",
    "°",
    "/",
    "+",
    "a",
    "X",
    "le",
    "moi",
    "ce",
    "là",
    "h",
    "er",
];

fn french_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRENCH_PIECES), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn invariants_on_any_unicode(text in any::<String>()) {
        check_invariants(&text)?;
    }

    #[test]
    fn invariants_on_french_like_text(text in french_like()) {
        check_invariants(&text)?;
    }

    #[test]
    fn tokens_do_not_depend_on_what_follows_a_separator(a in french_like(), b in french_like()) {
        // Tokens never reach across a newline: tokenising lines apart gives the same tokens.
        let joined = format!("{a}\n{b}");
        let whole: Vec<_> = Tokenizer::new().tokens(&joined).map(|t| t.span).collect();
        let mut apart: Vec<_> = Tokenizer::new().tokens(&a).map(|t| t.span).collect();
        let offset = a.len() + 1;
        apart.extend(Tokenizer::new().tokens(&b).map(|t| t.span.shift(offset)));
        prop_assert_eq!(whole, apart);
    }
}

/// 100 MB on a single line, streamed from the iterator without collecting.
/// Run in release mode (as CI does); in debug builds it uses 10 MB to stay quick.
#[test]
fn hundred_megabytes_on_one_line_stream() {
    const SENTENCE: &str = "Euh, l'agent a dit-il qu'aujourd'hui 1 000 dossiers (rires) \
        passent par https://www.mairie.fr, peut-être 3,5 % de plus… ";
    const TOKENS_PER_SENTENCE: usize = 22;
    let target = if cfg!(debug_assertions) {
        10 << 20
    } else {
        100 << 20
    };
    let repeats = target / SENTENCE.len() + 1;
    let text = SENTENCE.repeat(repeats);
    let count = Tokenizer::new().tokens(&text).count();
    assert_eq!(count, repeats * TOKENS_PER_SENTENCE);

    // Adversarial runs without any separator stay linear too.
    let runs = [
        "a-".repeat(1 << 20),
        "l'".repeat(1 << 20),
        "1 ".repeat(1 << 20),
        "[(".repeat(1 << 20),
    ];
    for run in &runs {
        let mut end = 0;
        for token in Tokenizer::new().tokens(run) {
            end = token.span.end;
        }
        assert!(end + 1 >= run.len());
    }
}
