//! Case tables for the French tokenizer, one shared helper.

use entretien::{segment, Normalizer, Span, TokenKind, Tokenizer};

/// Checks that every input tokenizes to the expected texts, that spans slice the input,
/// and that `tokens`, `tokenize` and `tokenize_into` agree.
fn assert_tokens(table: &str, cases: &[(&str, &[&str])]) {
    let tokenizer = Tokenizer::new();
    for (input, expected) in cases {
        let tokens = tokenizer.tokenize(input);
        let texts: Vec<&str> = tokens.iter().map(|t| t.text).collect();
        assert_eq!(&texts, expected, "[{table}] input {input:?}");
        for t in &tokens {
            assert_eq!(&input[t.span.range()], t.text, "[{table}] span of {t:?}");
        }
        let streamed: Vec<_> = tokenizer.tokens(input).collect();
        assert_eq!(
            streamed, tokens,
            "[{table}] iterator disagrees on {input:?}"
        );
        let mut appended = vec![];
        tokenizer.tokenize_into(input, &mut appended);
        assert_eq!(
            appended, tokens,
            "[{table}] tokenize_into disagrees on {input:?}"
        );
    }
}

/// Checks the kind of one token of each input, found by its text.
fn assert_kinds(cases: &[(&str, &str, TokenKind)]) {
    let tokenizer = Tokenizer::new();
    for (input, text, kind) in cases {
        let tokens = tokenizer.tokenize(input);
        let token = tokens.iter().find(|t| t.text == *text);
        let token = token.unwrap_or_else(|| panic!("no token {text:?} in {input:?}: {tokens:?}"));
        assert_eq!(token.kind, *kind, "kind of {text:?} in {input:?}");
    }
}

#[test]
fn elision() {
    assert_tokens(
        "elision",
        &[
            ("l'école", &["l'", "école"]),
            ("L’État", &["L’", "État"]),
            (
                "d'accord j'ai m'a n'est s'il t'as c'est",
                &[
                    "d'", "accord", "j'", "ai", "m'", "a", "n'", "est", "s'", "il", "t'", "as",
                    "c'", "est",
                ],
            ),
            (
                "qu'il jusqu'à lorsqu'on puisqu'elle quoiqu'on",
                &[
                    "qu'", "il", "jusqu'", "à", "lorsqu'", "on", "puisqu'", "elle", "quoiqu'", "on",
                ],
            ),
            (
                "aujourd'hui prud'homme presqu'île quelqu'un",
                &["aujourd'hui", "prud'homme", "presqu'île", "quelqu'un"],
            ),
            ("aujourd’hui Quelqu’une", &["aujourd’hui", "Quelqu’une"]),
            ("que l'on dit", &["que", "l'on", "dit"]),
            ("jusqu'aujourd'hui", &["jusqu'", "aujourd'hui"]),
            ("l' école", &["l'", "école"]),
            ("y'a", &["y'", "a"]),
            ("'bonjour'", &["'", "bonjour", "'"]),
            ("ç'a été", &["ç'", "a", "été"]),
        ],
    );
}

/// `split_elision`, which splits lexicon entries, splits a word where the tokenizer does.
#[test]
fn split_elision_agrees_with_the_tokenizer() {
    use entretien::text::stem::split_elision;
    use entretien::text::tokenize::elided_clitics;

    let normalizer = Normalizer::new();
    let tokenizer = Tokenizer::new();
    for word in [
        "l'isolement",
        "L’Isolement",
        "jusqu'alors",
        "lorsqu'il",
        "qu'il",
        "ç'a",
        "y'a",
        "presqu'entière",
        "presqu'île",
        "l'on",
        "l'onde",
        "c'est-à-dire",
        "aujourd'hui",
        "quelqu'un",
        "prud'homme",
        "isolement",
        "n'",
    ] {
        let norms: Vec<String> = tokenizer
            .tokens(word)
            .map(|t| normalizer.normalize(t.text).into_owned())
            .collect();
        let norm = normalizer.normalize(word);
        let (clitic, rest) = split_elision(&norm);
        let split: Vec<&str> = [clitic, rest]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        assert_eq!(
            split, norms,
            "split_elision({norm:?}) against the tokens of {word:?}"
        );
    }
    for clitic in ["l", "qu", "jusqu", "presqu", "ç", "y"] {
        assert!(elided_clitics().contains(&clitic), "{clitic}");
    }
}

#[test]
fn hyphens_and_clitics() {
    assert_tokens(
        "hyphens",
        &[
            (
                "peut-être vis-à-vis au-delà",
                &["peut-être", "vis-à-vis", "au-delà"],
            ),
            ("c'est-à-dire", &["c'est-à-dire"]),
            (
                "e-administration Saint-Étienne",
                &["e-administration", "Saint-Étienne"],
            ),
            ("dit-il", &["dit", "-il"]),
            ("a-t-elle", &["a", "-t-elle"]),
            ("va-t-on", &["va", "-t-on"]),
            ("pensez-vous", &["pensez", "-vous"]),
            ("donne-moi", &["donne", "-moi"]),
            ("donne-le-moi", &["donne", "-le", "-moi"]),
            ("qu'est-ce que", &["qu'", "est", "-ce", "que"]),
            ("Est-ce", &["Est", "-ce"]),
            ("ce moment-là", &["ce", "moment", "-là"]),
            ("celui-ci rendez-vous", &["celui-ci", "rendez-vous"]),
            ("lui-même", &["lui-même"]),
            ("Marne-la-Vallée", &["Marne-la-Vallée"]),
            ("allez-y", &["allez", "-y"]),
            ("sais -tu", &["sais", "-tu"]),
            ("- Bonjour", &["-", "Bonjour"]),
            ("1914--1918", &["1914", "--", "1918"]),
            ("générations-là", &["générations", "-là"]),
        ],
    );
}

#[test]
fn numbers_and_symbols() {
    assert_tokens(
        "numbers",
        &[
            ("1 000 agents", &["1 000", "agents"]),
            ("25 785 euros", &["25 785", "euros"]),
            ("1 000 000", &["1 000 000"]),
            (
                "1\u{a0}000 et 2\u{202f}500",
                &["1\u{a0}000", "et", "2\u{202f}500"],
            ),
            ("3,5 %", &["3,5", "%"]),
            ("12h30", &["12h30"]),
            ("en 2018 200 personnes", &["en", "2018", "200", "personnes"]),
            ("50€", &["50", "€"]),
            ("10 %.", &["10", "%", "."]),
            ("1er 2e 3ème", &["1er", "2e", "3ème"]),
            ("160km", &["160", "km"]),
            ("-0,8 et +14", &["-0,8", "et", "+14"]),
            ("3.600", &["3.600"]),
            ("1,2,3", &["1,2,3"]),
            ("n° 5", &["n°", "5"]),
        ],
    );
    assert_kinds(&[
        ("1 000 agents", "1 000", TokenKind::Number),
        ("3,5 %", "3,5", TokenKind::Number),
        ("3,5 %", "%", TokenKind::Symbol),
        ("12h30", "12h30", TokenKind::Number),
        ("50 €", "€", TokenKind::Symbol),
        ("2018", "2018", TokenKind::Number),
        ("l'école", "l'", TokenKind::Word),
    ]);
}

#[test]
fn marks_fillers_truncations() {
    assert_tokens(
        "marks",
        &[
            ("oui (rires) non", &["oui", "(rires)", "non"]),
            (
                "[rire] [inaudible] [pause]",
                &["[rire]", "[inaudible]", "[pause]"],
            ),
            ("c'est xxx XXX", &["c'", "est", "xxx", "XXX"]),
            ("alors (...) bon", &["alors", "(...)", "bon"]),
            ("(en anglais)", &["(", "en", "anglais", ")"]),
            ("[d]", &["[", "d", "]"]),
            ("euh, hum, hein ?", &["euh", ",", "hum", ",", "hein", "?"]),
            (
                "le dé- le développement",
                &["le", "dé-", "le", "développement"],
            ),
            ("qu- quand", &["qu-", "quand"]),
            ("cet ar~, argent", &["cet", "ar~", ",", "argent"]),
            ("alors...", &["alors", "..."]),
            (
                "M. Dupont et Mme Durand",
                &["M.", "Dupont", "et", "Mme", "Durand"],
            ),
            ("Dr. House", &["Dr.", "House"]),
            ("J.-C. et R.E.M.", &["J.-C.", "et", "R.E.M."]),
            ("la ligne B.", &["la", "ligne", "B", "."]),
        ],
    );
    assert_kinds(&[
        ("oui (rires)", "(rires)", TokenKind::Annotation),
        ("[inaudible]", "[inaudible]", TokenKind::Annotation),
        ("xxx", "xxx", TokenKind::Annotation),
        ("(...)", "(...)", TokenKind::Annotation),
        ("euh bon", "euh", TokenKind::Filler),
        ("Euh bon", "Euh", TokenKind::Filler),
        ("ben oui", "ben", TokenKind::Filler),
        ("bah", "bah", TokenKind::Filler),
        ("hm", "hm", TokenKind::Filler),
        ("le dé- le", "dé-", TokenKind::Truncated),
        ("qu- quand", "qu-", TokenKind::Truncated),
        ("dit-il", "-il", TokenKind::Word),
        ("fin.", ".", TokenKind::Punct),
    ]);
}

#[test]
fn urls_and_emails() {
    assert_tokens(
        "urls",
        &[
            (
                "voir https://www.service-public.fr/particuliers.",
                &["voir", "https://www.service-public.fr/particuliers", "."],
            ),
            ("(www.mairie.fr)", &["(", "www.mairie.fr", ")"]),
            (
                "jean.dupont@mairie-lyon.fr, merci",
                &["jean.dupont@mairie-lyon.fr", ",", "merci"],
            ),
            (
                "l'adresse marie@ville.fr.",
                &["l'", "adresse", "marie@ville.fr", "."],
            ),
            ("@ville", &["@", "ville"]),
            ("a@b", &["a", "@", "b"]),
        ],
    );
    assert_kinds(&[
        ("https://x.fr", "https://x.fr", TokenKind::Url),
        ("a.b@c.fr", "a.b@c.fr", TokenKind::Email),
    ]);
}

#[test]
fn spaces_nfd_crlf_bom() {
    assert_tokens(
        "spaces",
        &[
            ("Quoi\u{a0}? Oui\u{202f}!", &["Quoi", "?", "Oui", "!"]),
            ("«\u{a0}le numérique\u{a0}»", &["«", "le", "numérique", "»"]),
            ("dit\u{202f}: non\u{a0};", &["dit", ":", "non", ";"]),
            (
                "e\u{301}cole pe\u{301}riode",
                &["e\u{301}cole", "pe\u{301}riode"],
            ),
            ("l'e\u{301}cole", &["l'", "e\u{301}cole"]),
            ("presqu'i\u{302}le", &["presqu'i\u{302}le"]),
            ("\u{301}a", &["\u{301}a"]),
            (".\u{301} x", &[".\u{301}", "x"]),
            ("oui\r\nnon\r\n", &["oui", "non"]),
            ("\u{feff}Bonjour", &["Bonjour"]),
            ("", &[]),
            ("  \t\n ", &[]),
        ],
    );
}

#[test]
fn invisible_characters_inside_words() {
    assert_tokens(
        "invisible",
        &[
            ("iso\u{AD}lement", &["iso\u{AD}lement"]),
            ("l'iso\u{AD}lement", &["l'", "iso\u{AD}lement"]),
            (
                "dé\u{AD}ve\u{AD}lop\u{AD}pe\u{AD}ment",
                &["dé\u{AD}ve\u{AD}lop\u{AD}pe\u{AD}ment"],
            ),
            ("iso\u{200B}lement", &["iso\u{200B}lement"]),
            ("iso\u{200C}le\u{200D}ment", &["iso\u{200C}le\u{200D}ment"]),
            ("iso\u{2060}lement", &["iso\u{2060}lement"]),
            ("e\u{301}\u{AD}cole", &["e\u{301}\u{AD}cole"]),
            // Between words, surrounded by spaces or at a word's edge, nothing changes.
            ("un \u{200B} deux", &["un", "deux"]),
            ("un\u{200B} deux", &["un", "deux"]),
            ("un \u{200B}deux", &["un", "deux"]),
            ("un\u{200B}, deux", &["un", ",", "deux"]),
            ("fin\u{AD}", &["fin", "\u{AD}"]),
            ("\u{AD}fin", &["\u{AD}", "fin"]),
        ],
    );
    assert_kinds(&[("l'iso\u{AD}lement", "iso\u{AD}lement", TokenKind::Word)]);
    let normalizer = Normalizer::new();
    let text = "L'iso\u{AD}lement, la so\u{200B}li\u{2060}tude";
    let tokens = Tokenizer::new().tokenize(text);
    let norms: Vec<_> = tokens
        .iter()
        .map(|t| normalizer.normalize(t.text))
        .collect();
    assert_eq!(norms, ["l'", "isolement", ",", "la", "solitude"]);
    // The span keeps the invisible characters: it slices the original text.
    assert_eq!(tokens[1].span, Span::new(2, 13));
}

#[test]
fn spans_are_byte_offsets() {
    let text = "\u{feff}Été : l'élu";
    let tokens = Tokenizer::new().tokenize(text);
    let spans: Vec<Span> = tokens.iter().map(|t| t.span).collect();
    assert_eq!(
        spans,
        [
            Span::new(3, 8),
            Span::new(9, 10),
            Span::new(11, 13),
            Span::new(13, 17)
        ]
    );
}

#[test]
fn normalizer_on_tokens() {
    let normalizer = Normalizer::new();
    let text = "L’E\u{301}LU Aujourd’hui";
    let norms: Vec<String> = Tokenizer::new()
        .tokens(text)
        .map(|t| normalizer.normalize(t.text).into_owned())
        .collect();
    assert_eq!(norms, ["l'", "élu", "aujourd'hui"]);
}

fn sentence_texts<'a>(text: &'a str, ranges: &[std::ops::Range<usize>]) -> Vec<&'a str> {
    let tokens = Tokenizer::new().tokenize(text);
    ranges
        .iter()
        .map(|r| &text[tokens[r.start].span.start..tokens[r.end - 1].span.end])
        .collect()
}

#[test]
fn sentences() {
    let cases: &[(&str, &[&str])] = &[
        (
            "M. Dupont est là. Mme Durand aussi !",
            &["M. Dupont est là.", "Mme Durand aussi !"],
        ),
        (
            "On utilise p. ex. Teams. Et le Dr. Martin ?",
            &["On utilise p. ex. Teams.", "Et le Dr. Martin ?"],
        ),
        (
            "alors… euh… bon. Voilà… Et puis",
            &["alors… euh… bon.", "Voilà…", "Et puis"],
        ),
        (
            "Il a dit « non. » Puis il est parti",
            &["Il a dit « non. »", "Puis il est parti"],
        ),
        ("Quoi ?! Oui... oui.", &["Quoi ?!", "Oui... oui."]),
        ("pas de ponctuation", &["pas de ponctuation"]),
    ];
    for (text, expected) in cases {
        let tokens = Tokenizer::new().tokenize(text);
        let ranges = segment::sentences(text, &tokens);
        assert_eq!(&sentence_texts(text, &ranges), expected, "{text:?}");
    }
    assert!(segment::sentences("", &[]).is_empty());
}

#[test]
fn segments_cut_at_strong_punctuation() {
    let clause = "on utilise les outils numériques tous les jours";
    // Sentences of 8 words; with a target of 10 the cut falls on a period, not mid-sentence.
    let text = format!("{clause}, vraiment. {clause} ; bon. {clause}, enfin. {clause}.");
    let tokens = Tokenizer::new().tokenize(&text);
    let ranges = segment::segments(&text, &tokens, 10);
    let pieces = sentence_texts(&text, &ranges);
    for piece in &pieces[..pieces.len() - 1] {
        assert!(
            piece.ends_with('.'),
            "segment cut away from a period: {pieces:#?}"
        );
    }
    assert!(pieces.len() >= 3, "{pieces:#?}");
    // Without punctuation, segments have exactly the target size.
    let words = vec!["mot"; 95].join(" ");
    let tokens = Tokenizer::new().tokenize(&words);
    let ranges = segment::segments(&words, &tokens, 40);
    let lens: Vec<usize> = ranges.iter().map(|r| r.len()).collect();
    assert_eq!(lens, [40, 55]);
}

#[test]
fn ranges_cover_all_tokens() {
    let text = "Bon. Euh, alors, je, enfin ; le maire a dit : « non ». ".repeat(30);
    let tokens = Tokenizer::new().tokenize(&text);
    for target in [1, 5, 40, 1000] {
        for ranges in [
            segment::sentences(&text, &tokens),
            segment::segments(&text, &tokens, target),
        ] {
            let mut next = 0;
            for r in &ranges {
                assert_eq!(r.start, next, "gap or overlap at {r:?}");
                assert!(r.end > r.start, "empty range");
                next = r.end;
            }
            assert_eq!(next, tokens.len());
        }
    }
}

#[test]
fn shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Tokenizer>();
    assert_send_sync::<Normalizer>();
    assert_send_sync::<entretien::text::tokenize::Tokens<'static>>();
}

mod cli {
    use std::io::Write;
    use std::process::{Command, Output, Stdio};

    fn run(args: &[&str], stdin: &[u8]) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_entretien"))
            .arg("tokens")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn entretien");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin)
            .expect("write stdin");
        child.wait_with_output().expect("wait")
    }

    fn json_lines(out: &Output) -> Vec<serde_json::Value> {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str(l).expect("valid JSON line"))
            .collect()
    }

    #[test]
    fn jsonl_offsets_into_the_whole_input() {
        let input = "Été.\r\nl’élu\n";
        let out = run(&[], input.as_bytes());
        assert!(out.status.success());
        let records = json_lines(&out);
        let texts: Vec<&str> = records
            .iter()
            .map(|r| r["text"].as_str().unwrap())
            .collect();
        assert_eq!(texts, ["Été", ".", "l’", "élu"]);
        for r in &records {
            let (start, end) = (r["start"].as_u64().unwrap(), r["end"].as_u64().unwrap());
            assert_eq!(
                &input[start as usize..end as usize],
                r["text"].as_str().unwrap()
            );
        }
        assert_eq!(records[2]["norm"], "l'");
        assert_eq!(records[0]["kind"], "word");
        assert_eq!(records[1]["kind"], "punct");
        assert!(records[0].get("line").is_none());
    }

    #[test]
    fn lines_mode_gives_line_relative_offsets() {
        let out = run(&["--lines"], b"oui\n\nmais non\n");
        let records = json_lines(&out);
        let fields: Vec<(u64, u64, u64)> = records
            .iter()
            .map(|r| {
                let n = |k: &str| r[k].as_u64().unwrap();
                (n("line"), n("start"), n("end"))
            })
            .collect();
        assert_eq!(fields, [(1, 0, 3), (3, 0, 4), (3, 5, 8)]);
    }

    #[test]
    fn tsv_with_header() {
        let out = run(&["--format", "tsv", "--lines", "-"], "Euh 3,5 %".as_bytes());
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            text,
            "line\ttext\tstart\tend\tkind\tnorm\n\
             1\tEuh\t0\t3\tfiller\teuh\n\
             1\t3,5\t4\t7\tnumber\t3,5\n\
             1\t%\t8\t9\tsymbol\t%\n"
        );
    }

    #[test]
    fn invalid_utf8_names_file_and_offset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, b"bonjour\nca\xffva\n").unwrap();
        let out = run(&[path.to_str().unwrap()], b"");
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("bad.txt"), "{err}");
        assert!(err.contains("byte offset 10"), "{err}");

        let out = run(&["--lossy", path.to_str().unwrap()], b"");
        assert!(out.status.success());
        let texts: Vec<String> = json_lines(&out)
            .iter()
            .map(|r| r["text"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(texts, ["bonjour", "ca", "\u{fffd}", "va"]);
    }

    #[test]
    fn empty_input_gives_no_tokens() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.txt");
        std::fs::write(&path, b"").unwrap();
        let out = run(&[path.to_str().unwrap()], b"");
        assert!(out.status.success());
        assert!(out.stdout.is_empty());
    }
}
