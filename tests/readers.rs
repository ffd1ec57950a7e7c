//! Transcript readers: every format, roles, labels, spans, times, metadata, encodings and
//! malformed inputs, plus the sample corpora and the `transcript` subcommand.

use entretien::transcript::{self, detect_format, Format, ReadOptions, RoleRules, Transcript};
use entretien::{ErrorKind, Role};
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/readers")
        .join(name)
}

fn opts() -> ReadOptions {
    ReadOptions::default()
}

fn parse(text: &str, format: Format) -> Vec<Transcript> {
    transcript::parse_str(text, format, "t", &opts())
        .unwrap_or_else(|e| panic!("{format} input should parse: {e}"))
}

fn one(text: &str, format: Format) -> Transcript {
    let mut all = parse(text, format);
    assert_eq!(all.len(), 1, "expected one transcript");
    all.remove(0)
}

/// `(speaker, role, words)` of every turn.
fn turns(t: &Transcript) -> Vec<(Option<&str>, Role, &str)> {
    t.turns
        .iter()
        .map(|turn| (t.turn_speaker(turn), turn.role, t.turn_text(turn)))
        .collect()
}

/// Spans in bounds, on char boundaries, non-empty, trimmed, in text order for text formats.
fn check_spans(t: &Transcript) {
    for turn in &t.turns {
        let span = turn.span;
        assert!(span.start < span.end, "{}: empty turn span {span:?}", t.id);
        assert!(span.end <= t.text.len(), "{}: span out of bounds", t.id);
        assert!(
            t.text.is_char_boundary(span.start) && t.text.is_char_boundary(span.end),
            "{}: span not on char boundaries",
            t.id
        );
        let words = t.turn_text(turn);
        assert_eq!(words, words.trim(), "{}: untrimmed turn", t.id);
    }
}

// ---------------------------------------------------------------- plain text

#[test]
fn plain_labels_roles_preamble_and_spans() {
    let text = "Entretien n°3, mairie annexe.\n\
                Enquêtrice : Vous vous sentez isolée ?\n\
                Mme Durand : Non, je ne me sens pas isolée.\n\
                Il m'a dit : non, pas du tout.\n\
                \n\
                Et puis voilà.\n\
                Enquêtrice : D'accord.\n\
                Mme Durand : Voilà.\n";
    let t = one(text, Format::Plain);
    assert_eq!(t.id, "t");
    assert_eq!(
        turns(&t),
        vec![
            (
                Some("Enquêtrice"),
                Role::Interviewer,
                "Vous vous sentez isolée ?"
            ),
            (
                Some("Mme Durand"),
                Role::Respondent,
                "Non, je ne me sens pas isolée.\nIl m'a dit : non, pas du tout.\n\nEt puis voilà."
            ),
            (Some("Enquêtrice"), Role::Interviewer, "D'accord."),
            (Some("Mme Durand"), Role::Respondent, "Voilà."),
        ]
    );
    let preamble = t.preamble.expect("preamble");
    assert_eq!(&t.text[preamble.range()], "Entretien n°3, mairie annexe.");
    assert_eq!(t.text, text, "plain text is stored as read");
    check_spans(&t);
}

#[test]
fn plain_short_labels_and_timestamps() {
    let text = "[00:00:05] E : Première question ?\n\
                (00:01:10) R : Réponse.\n\
                INT (00:02:00) : Deuxième ?\n\
                [00:12:34] Agent : Bah oui.\n\
                Q: (1:02:03.5) Et ensuite ?\n\
                Agent : Rien.\n";
    let t = one(text, Format::Plain);
    let got: Vec<(&str, Role, Option<f64>, &str)> = t
        .turns
        .iter()
        .map(|x| {
            (
                t.turn_speaker(x).unwrap_or(""),
                x.role,
                t.turn_start(x),
                t.turn_text(x),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("E", Role::Interviewer, Some(5.0), "Première question ?"),
            ("R", Role::Respondent, Some(70.0), "Réponse."),
            ("INT", Role::Interviewer, Some(120.0), "Deuxième ?"),
            ("Agent", Role::Respondent, Some(754.0), "Bah oui."),
            ("Q", Role::Interviewer, Some(3723.5), "Et ensuite ?"),
            ("Agent", Role::Respondent, None, "Rien."),
        ]
    );
}

#[test]
fn plain_label_edge_cases() {
    // (text, expected speakers of the turns, in order)
    let cases: &[(&str, &[&str])] = &[
        // a sentence with a colon is not a label
        ("Il m'a dit : non.\nAlors : rien.\n", &[]),
        // a one-off capitalised word is not a label, a repeated one is
        ("Bref : c'est lourd.\nE : Et alors ?\n", &["E"]),
        ("Paul : oui.\nE : Et vous ?\nPaul : non.\n", &["Paul", "E", "Paul"]),
        // honorifics and numbers make a label even once
        ("M. Martin : oui.\nLocuteur 2 : non.\n", &["M. Martin", "Locuteur 2"]),
        // known labels in any case, with emphasis, brackets, non-breaking spaces
        ("enquêteur : a\n**R** : b\n[SPEAKER_01]: c\nQ\u{a0}: d\n", &["enquêteur", "R", "SPEAKER_01", "Q"]),
        // more than 4 words, lowercase phrases, times and URLs are not labels
        ("E : Voir http://exemple.fr\nà 10:30 : réunion\nLe Directeur Général Des Services Techniques : x\n", &["E"]),
        // a label with nothing after it takes the next lines
        ("Enquêteur :\nAlors, la formation ?\nR :\n\nBah non.\n", &["Enquêteur", "R"]),
    ];
    for (text, expected) in cases {
        let t = one(text, Format::Plain);
        let speakers: Vec<&str> = t.turns.iter().filter_map(|x| t.turn_speaker(x)).collect();
        assert_eq!(&speakers, expected, "text {text:?}");
        check_spans(&t);
    }
    let t = one(
        "Enquêteur :\nAlors, la formation ?\nR :\n\nBah non.\n",
        Format::Plain,
    );
    assert_eq!(t.turn_text(&t.turns[0]), "Alors, la formation ?");
    assert_eq!(t.turn_text(&t.turns[1]), "Bah non.");
}

#[test]
fn plain_without_labels_is_one_unknown_turn() {
    let text = "Le numérique a changé mon travail.\nIl m'a dit : non.\n";
    let t = one(text, Format::Plain);
    assert_eq!(
        turns(&t),
        vec![(
            None,
            Role::Unknown,
            "Le numérique a changé mon travail.\nIl m'a dit : non."
        )]
    );
    assert_eq!(t.preamble, None);
    let reference = Transcript::from_text("t", text);
    assert_eq!(t.turns[0].role, reference.turns[0].role);
    assert!(reference.turns[0].span.contains(t.turns[0].span));
}

#[test]
fn plain_front_matter_becomes_metadata() {
    let text = "---\nid: ent42\ncollectivite: Commune de Vire\ntype_employeur: commune\n---\nE : Bonjour.\nR : Bonjour.\n";
    let t = one(text, Format::Plain);
    assert_eq!(t.id, "ent42");
    assert_eq!(t.metadata["collectivite"], "Commune de Vire");
    assert_eq!(t.metadata["type_employeur"], "commune");
    assert_eq!(t.preamble, None);
    assert_eq!(t.turns.len(), 2);
}

#[test]
fn role_rules_are_configurable() {
    let text =
        "Doctorante : Et le budget ?\nDGS : Il baisse.\nSPEAKER_03 : euh\nObservateur : note\n";
    let t = one(text, Format::Plain);
    let roles: Vec<Role> = t.turns.iter().map(|x| x.role).collect();
    // unknown to the defaults: "Doctorante" and "DGS" are named speakers, so
    // respondents; but each occurs once and has no honorific, so they are not labels at all:
    // both lines are the preamble
    assert_eq!(roles, vec![Role::Unknown, Role::Other]);
    assert_eq!(
        &t.text[t.preamble.unwrap().range()],
        "Doctorante : Et le budget ?\nDGS : Il baisse."
    );

    let rules = RoleRules::default()
        .with_interviewer("Doctorante")
        .with_respondent("DGS");
    let opts = ReadOptions {
        roles: rules,
        ..ReadOptions::default()
    };
    let t = &transcript::parse_str(text, Format::Plain, "t", &opts).unwrap()[0];
    let got: Vec<(Option<&str>, Role)> = t
        .turns
        .iter()
        .map(|x| (t.turn_speaker(x), x.role))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some("Doctorante"), Role::Interviewer),
            (Some("DGS"), Role::Respondent),
            (Some("SPEAKER_03"), Role::Unknown),
            (Some("Observateur"), Role::Other),
        ]
    );

    let opts = ReadOptions {
        roles: RoleRules::default().with_interviewer_pattern("^interv"),
        ..ReadOptions::default()
    };
    let t = &transcript::parse_str(
        "Intervenante A : oui ?\nIntervenante A : non\n",
        Format::Plain,
        "t",
        &opts,
    )
    .unwrap()[0];
    assert_eq!(t.turns[0].role, Role::Interviewer);

    let bad = ReadOptions {
        roles: RoleRules::default().with_interviewer_pattern("("),
        ..ReadOptions::default()
    };
    let err = transcript::parse_str("E : x", Format::Plain, "t", &bad).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Config { .. }), "{err}");
}

#[test]
fn default_role_table() {
    let rules = RoleRules::default().compile().unwrap();
    let cases = [
        ("Enquêteur", Role::Interviewer),
        ("enqueteur", Role::Interviewer),
        ("ENQUÊTRICE 2", Role::Interviewer),
        ("Intervieweuse", Role::Interviewer),
        ("E1", Role::Interviewer),
        ("Q.", Role::Interviewer),
        ("ENQ", Role::Interviewer),
        ("Animatrice", Role::Interviewer),
        ("R", Role::Respondent),
        ("A", Role::Respondent),
        ("Répondante", Role::Respondent),
        ("Interviewé(e)", Role::Respondent),
        ("Mme Durand", Role::Respondent),
        ("Agent", Role::Respondent),
        ("SPEAKER_00", Role::Unknown),
        ("Locuteur 1", Role::Unknown),
        ("spk2", Role::Unknown),
        ("", Role::Unknown),
        ("Enquêteur (E)", Role::Interviewer),
        ("Enquêtrice Marie", Role::Interviewer),
        ("Répondante Mme Roux", Role::Respondent),
        ("Ancienne DGS", Role::Respondent),
        ("E Martin", Role::Respondent),
    ];
    for (label, role) in cases {
        assert_eq!(rules.classify(label), role, "label {label:?}");
    }
}

// ---------------------------------------------------------------- IRaMuTeQ

#[test]
fn iramuteq_texts_metadata_sections_and_labels() {
    let text = "**** *ent_01 *role_agent *coll_commune\n\
                -*formation\n\
                E : Et la formation ?\n\
                R : Une demi-journée.\n\
                -*isolement\n\
                Je ne me sens pas isolée.\n\
                E : Merci.\n\
                **** *id_dgs07 *role_dgs\n\
                Texte sans locuteur,\n\
                sur deux lignes.\n\
                **** *role_rh\n\
                Troisième texte.\n";
    let all =
        transcript::read_bytes(text.as_bytes(), Some(Path::new("corpus.txt")), &opts()).unwrap();
    assert_eq!(all.len(), 3);
    let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["ent_01", "dgs07", "corpus#3"]);
    assert!(all.iter().all(|t| t.format == Format::Iramuteq));

    let first = &all[0];
    assert_eq!(first.metadata["role"], "agent");
    assert_eq!(first.metadata["coll"], "commune");
    assert_eq!(first.metadata["ent"], "01");
    assert_eq!(
        turns(first),
        vec![
            (Some("E"), Role::Interviewer, "Et la formation ?"),
            (Some("R"), Role::Respondent, "Une demi-journée."),
            (Some("R"), Role::Respondent, "Je ne me sens pas isolée."),
            (Some("E"), Role::Interviewer, "Merci."),
        ]
    );
    let sections: Vec<(&str, &str)> = first
        .sections
        .iter()
        .map(|s| (s.name.as_str(), &first.text[s.span.range()]))
        .collect();
    assert_eq!(
        sections,
        vec![
            ("formation", "E : Et la formation ?\nR : Une demi-journée."),
            ("isolement", "Je ne me sens pas isolée.\nE : Merci."),
        ]
    );
    for t in &all {
        assert!(!t.text.contains("****"), "star line kept out of {}", t.id);
        for turn in &t.turns {
            assert!(!t.turn_text(turn).contains("-*"), "theme line in the words");
        }
        check_spans(t);
    }
    assert_eq!(
        turns(&all[1]),
        vec![(
            None,
            Role::Unknown,
            "Texte sans locuteur,\nsur deux lignes."
        )]
    );
    assert_eq!(all[1].metadata["role"], "dgs");
}

#[test]
fn iramuteq_text_before_first_star_line_is_a_warning() {
    let all = parse("bonjour\n**** *a_b\nx\n", Format::Iramuteq);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].metadata["a"], "b");
    assert_eq!(all[0].warnings.len(), 1);
    assert_eq!(all[0].warnings[0].line, Some(1));
    assert!(all[0].warnings[0].message.contains("bonjour"));
    // No `****` line at all is still an error, at the first line of text.
    let err = transcript::parse_str("bonjour\n", Format::Iramuteq, "c", &opts()).unwrap_err();
    assert_eq!(err.line(), Some(1));
}

// ---------------------------------------------------------------- WebVTT and SRT

#[test]
fn vtt_voices_times_tags_and_notes() {
    let text = "WEBVTT - test\n\n\
                NOTE une note\nsur deux lignes\n\n\
                STYLE\n::cue { color: red }\n\n\
                intro\n\
                00:00:01.000 --> 00:00:04.500 align:start\n\
                <v Enquêtrice>Et la <i>dématérialisation</i> ?</v>\n\n\
                00:04.500 --> 00:00:09.250\n\
                <v.loud Mme Durand>On gagne du temps &amp; de l'argent.\n\
                Mais on se parle moins.</v>\n\n\
                00:00:09.250 --> 00:00:10.000\n\
                <v Enquêtrice>D'accord.</v>\n\
                <v Mme Durand>Voilà.\n\n\
                00:00:10.000 --> 00:00:11.000\n\
                Sans voix, même locutrice.\n";
    let t = one(text, Format::Vtt);
    assert_eq!(
        turns(&t),
        vec![
            (
                Some("Enquêtrice"),
                Role::Interviewer,
                "Et la dématérialisation ?"
            ),
            (
                Some("Mme Durand"),
                Role::Respondent,
                "On gagne du temps & de l'argent.\nMais on se parle moins."
            ),
            (Some("Enquêtrice"), Role::Interviewer, "D'accord."),
            (Some("Mme Durand"), Role::Respondent, "Voilà."),
            (
                Some("Mme Durand"),
                Role::Respondent,
                "Sans voix, même locutrice."
            ),
        ]
    );
    let times: Vec<(Option<f64>, Option<f64>)> = t
        .turns
        .iter()
        .map(|x| (t.turn_start(x), t.turn_end(x)))
        .collect();
    assert_eq!(
        times,
        vec![
            (Some(1.0), Some(4.5)),
            (Some(4.5), Some(9.25)),
            (Some(9.25), Some(10.0)),
            (Some(9.25), Some(10.0)),
            (Some(10.0), Some(11.0)),
        ]
    );
    assert!(!t.text.contains('<') && !t.text.contains("NOTE") && !t.text.contains("color"));
    check_spans(&t);
}

#[test]
fn vtt_without_voices_reads_labels_or_stays_unknown() {
    let t = one(
        "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBonjour à tous.\n\n00:00:01.000 --> 00:00:02.000\nEnquêteur : Première question.\n",
        Format::Vtt,
    );
    assert_eq!(
        turns(&t),
        vec![
            (None, Role::Unknown, "Bonjour à tous."),
            (Some("Enquêteur"), Role::Interviewer, "Première question."),
        ]
    );
    let header_only = one("WEBVTT\n", Format::Vtt);
    assert!(header_only.turns.is_empty());
}

#[test]
fn srt_labels_persist_and_crlf() {
    let text =
        "1\r\n00:00:01,000 --> 00:00:03,000\r\nEnquêtrice : Et la charge\r\nde travail ?\r\n\r\n\
                2\r\n00:00:03,500 --> 00:00:06,000\r\n[SPEAKER_01]: <i>Elle</i> augmente.\r\n\r\n\
                3\r\n00:00:06,000 --> 00:00:08,000\r\n{\\an8}Toujours.\r\n";
    let t = one(text, Format::Srt);
    assert_eq!(
        turns(&t),
        vec![
            (
                Some("Enquêtrice"),
                Role::Interviewer,
                "Et la charge\nde travail ?"
            ),
            (Some("SPEAKER_01"), Role::Unknown, "Elle augmente."),
            (Some("SPEAKER_01"), Role::Unknown, "Toujours."),
        ]
    );
    assert_eq!(t.turn_start(&t.turns[1]), Some(3.5));
    assert_eq!(t.turn_end(&t.turns[2]), Some(8.0));
    assert!(!t.text.contains('\r'));
    check_spans(&t);
}

// ---------------------------------------------------------------- Transcriber

#[test]
fn trs_latin1_with_overlapping_turn() {
    let path = data("chevauchement_latin1.trs");
    let all = transcript::read_path(&path, &opts()).unwrap();
    assert_eq!(all.len(), 1);
    let t = &all[0];
    assert_eq!(t.format, Format::Trs);
    assert_eq!(t.id, "chevauchement_latin1");
    assert_eq!(t.source.as_deref(), Some(path.as_path()));
    assert_eq!(
        turns(t),
        vec![
            (
                Some("Enquêteur"),
                Role::Interviewer,
                "Et le télétravail, ça a changé quoi ?"
            ),
            (
                Some("Mme Blanchard"),
                Role::Respondent,
                "Bah on se voit moins mais je ne me sens pas isolée & c'est <bien>."
            ),
            (Some("Enquêteur"), Role::Interviewer, "d'accord"),
            (Some("Mme Blanchard"), Role::Respondent, "voilà"),
            (Some("spk3"), Role::Unknown, "Oui, c'est noté."),
        ]
    );
    let times: Vec<(Option<f64>, Option<f64>)> = t
        .turns
        .iter()
        .map(|x| (t.turn_start(x), t.turn_end(x)))
        .collect();
    assert_eq!(times[0], (Some(0.0), Some(4.5)));
    assert_eq!(times[2], (Some(12.0), Some(14.0)));
    assert_eq!(times[3], (Some(12.0), Some(14.0)));
    assert_eq!(t.metadata["audio_filename"], "chevauchement");
    assert_eq!(t.metadata["speaker.spk2.name"], "Mme Blanchard");
    assert_eq!(t.sections.len(), 1);
    assert_eq!(t.sections[0].name, "télétravail");
    assert_eq!(&t.text[t.sections[0].span.range()], t.text.as_str());
    check_spans(t);
}

#[test]
fn trs_windows_1252_and_utf8() {
    let mut bytes = b"<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<Trans><Speakers><Speaker id=\"a\" name=\"R\"/></Speakers><Episode><Section type=\"report\" startTime=\"0\" endTime=\"1\"><Turn speaker=\"a\" startTime=\"0\" endTime=\"1\">".to_vec();
    bytes.extend(b"\x93c\x92est l\x92\x9cuvre\x94");
    bytes.extend(b"</Turn></Section></Episode></Trans>");
    let t = &transcript::read_bytes(&bytes, Some(Path::new("x.trs")), &opts()).unwrap()[0];
    assert_eq!(
        turns(t),
        vec![(Some("R"), Role::Respondent, "“c’est l’œuvre”")]
    );

    let utf8 = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Trans><Episode><Section type=\"report\"><Turn speaker=\"x\">Réponse</Turn></Section></Episode></Trans>";
    let t = &transcript::read_bytes(utf8.as_bytes(), Some(Path::new("y.trs")), &opts()).unwrap()[0];
    assert_eq!(turns(t), vec![(Some("x"), Role::Respondent, "Réponse")]);
}

#[test]
fn trs_malformed_errors_name_file_and_line() {
    let path = data("unclosed.trs");
    let err = transcript::read_path(&path, &opts()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Transcript { .. }), "{err}");
    assert_eq!(err.line(), Some(8), "{err}");
    assert!(err.to_string().contains("unclosed.trs:8:"), "{err}");

    let err = transcript::parse_str("<?xml version=\"1.0\"?><Other/>", Format::Trs, "x", &opts())
        .unwrap_err();
    assert!(err.to_string().contains("<Trans>"), "{err}");
    let err = transcript::read_bytes(
        b"<?xml version=\"1.0\" encoding=\"KOI8-R\"?><Trans/>",
        Some(Path::new("k.trs")),
        &opts(),
    )
    .unwrap_err();
    assert_eq!(err.line(), Some(1));
}

// ---------------------------------------------------------------- reader bugs (regressions)

/// Bug 1: line ends `\r` alone (old Mac exports), NEL, U+2028 and U+2029 end lines in every
/// line-based reader, and spans still slice the original text.
#[test]
fn cr_only_and_unicode_line_breaks() {
    let path = data("mac_cr.txt");
    let t = &transcript::read_path(&path, &opts()).unwrap()[0];
    assert_eq!(
        turns(t),
        vec![
            (Some("Enquêtrice"), Role::Interviewer, "Vous êtes isolée ?"),
            (Some("Mme Durand"), Role::Respondent, "Non.\rPas vraiment."),
            (Some("Enquêtrice"), Role::Interviewer, "Merci."),
        ]
    );
    check_spans(t);
    for sep in ["\u{85}", "\u{2028}", "\u{2029}", "\r\n", "\r"] {
        let text = format!("E : un{sep}R : deux{sep}E : trois");
        let t = one(&text, Format::Plain);
        let words: Vec<&str> = t.turns.iter().map(|x| t.turn_text(x)).collect();
        assert_eq!(words, ["un", "deux", "trois"], "separator {sep:?}");
        check_spans(&t);

        let ira = format!("**** *ent_01{sep}E : un{sep}R : deux{sep}**** *ent_02{sep}R : trois");
        let all = parse(&ira, Format::Iramuteq);
        assert_eq!(all.len(), 2, "separator {sep:?}");
        assert_eq!(all[1].id, "ent_02");
        assert_eq!(all[0].turns.len(), 2, "separator {sep:?}");

        let srt = format!("1{sep}00:00:01,000 --> 00:00:02,000{sep}E : un{sep}{sep}2{sep}00:00:02,000 --> 00:00:03,000{sep}R : deux{sep}");
        let t = one(&srt, Format::Srt);
        assert_eq!(turns(&t).len(), 2, "separator {sep:?}");
        assert_eq!(t.turn_start(&t.turns[1]), Some(2.0));

        let vtt = format!("WEBVTT{sep}{sep}00:01.000 --> 00:02.000{sep}<v E>un{sep}{sep}00:02.000 --> 00:03.000{sep}<v R>deux{sep}");
        let t = one(&vtt, Format::Vtt);
        assert_eq!(turns(&t).len(), 2, "separator {sep:?}");

        let grid = format!("File type = \"ooTextFile\"{sep}Object class = \"TextGrid\"{sep}0{sep}2{sep}<exists>{sep}1{sep}\"IntervalTier\"{sep}\"R\"{sep}0{sep}2{sep}1{sep}0{sep}2{sep}\"oui\"{sep}");
        let t = one(&grid, Format::TextGrid);
        assert_eq!(turns(&t), vec![(Some("R"), Role::Respondent, "oui")]);
    }
    // Error lines count `\r` alone too.
    let err = transcript::parse_str(
        "WEBVTT\r\r00:01.000 --> 00:02.000\rok\r\rbad --> timing\r",
        Format::Vtt,
        "v",
        &opts(),
    )
    .unwrap_err();
    assert_eq!(err.line(), Some(6), "{err}");
}

/// Bug 2: SRT cues without blank lines between them.
#[test]
fn srt_cues_without_blank_lines() {
    let path = data("sans_lignes_vides.srt");
    let t = &transcript::read_path(&path, &opts()).unwrap()[0];
    assert_eq!(
        turns(t),
        vec![
            (Some("Enquêtrice"), Role::Interviewer, "Et l'accueil ?"),
            (Some("Mme Durand"), Role::Respondent, "Ça va.\nOn gère."),
            (Some("Mme Durand"), Role::Respondent, "Sans rendez-vous."),
            (Some("Enquêtrice"), Role::Interviewer, "D'accord."),
        ]
    );
    let times: Vec<Option<f64>> = t.turns.iter().map(|x| t.turn_start(x)).collect();
    assert_eq!(times, [Some(1.0), Some(3.0), Some(6.0), Some(8.0)]);
    assert!(t.turns.iter().all(|x| !t.turn_text(x).contains("-->")));
    assert!(!t.warnings.is_empty());
    check_spans(t);

    // WebVTT too: a cue payload never holds `-->`, so a timing line always starts a cue.
    let vtt = "WEBVTT\n\n1\n00:01.000 --> 00:02.000\n<v E>Et l'accueil ?\n2\n00:02.000 --> 00:03.000\n<v R>Ça va.\n00:03.000 --> 00:04.000\nOn gère.\n";
    let t = one(vtt, Format::Vtt);
    assert_eq!(
        turns(&t),
        vec![
            (Some("E"), Role::Interviewer, "Et l'accueil ?"),
            (Some("R"), Role::Respondent, "Ça va."),
            (Some("R"), Role::Respondent, "On gère."),
        ]
    );
    assert_eq!(t.turn_start(&t.turns[2]), Some(3.0));
}

/// Bug 3: a tier whose `intervals: size` is smaller (or larger) than what it holds.
#[test]
fn textgrid_interval_count_disagrees() {
    let path = data("compte_faux.TextGrid");
    let t = &transcript::read_path(&path, &opts()).unwrap()[0];
    assert_eq!(
        turns(t),
        vec![
            (Some("Enquêtrice"), Role::Interviewer, "Et l'accueil ?"),
            (Some("R"), Role::Respondent, "Ça va."),
            (Some("Enquêtrice"), Role::Interviewer, "Et après ?"),
            (Some("R"), Role::Respondent, "On gère."),
        ]
    );
    assert_eq!(t.warnings.len(), 2, "{:?}", t.warnings);
    let first = t.warnings[0].to_string();
    assert!(first.contains("compte_faux.TextGrid:14:"), "{first}");
    assert!(
        first.contains("declares 1 intervals but holds 2"),
        "{first}"
    );
    assert!(t.warnings[1]
        .message
        .contains("declares 3 intervals but holds 2"));
    // Plain English, no debug output.
    let err = transcript::parse_str(
        "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n0\n1\n<exists>\n1\n\"IntervalTier\"\n\"R\"\n0\n1\n0.5\n",
        Format::TextGrid,
        "g",
        &opts(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("should be a whole number, found 0.5"), "{err}");
    let err = transcript::parse_str(
        "File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n0\n1\n<exists>\n1\n\"IntervalTier\"\n5\n",
        Format::TextGrid,
        "g",
        &opts(),
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("found the number 5"), "{err}");
    assert!(!err.contains("Number("), "{err}");
}

/// Bug 4: `<v Mme Durand` without the closing `>`.
#[test]
fn vtt_unclosed_voice_tag() {
    let text = "WEBVTT\n\n00:01.000 --> 00:02.000\n<v Enquêtrice>Et l'accueil ?\n\n00:02.000 --> 00:04.000\n<v Mme Durand Bah on gagne du temps.\n\n00:04.000 --> 00:05.000\n<v Mme Roux\noui\n";
    let t = one(text, Format::Vtt);
    assert_eq!(
        turns(&t),
        vec![
            (Some("Enquêtrice"), Role::Interviewer, "Et l'accueil ?"),
            (
                Some("Mme Durand"),
                Role::Respondent,
                "Bah on gagne du temps."
            ),
            (Some("Mme Roux"), Role::Respondent, "oui"),
        ]
    );
    let lines: Vec<Option<usize>> = t.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(7), Some(10)]);
    check_spans(&t);
}

/// Bug 5: a label after a leading bracketed annotation or timestamp still starts a turn.
#[test]
fn plain_label_after_annotation() {
    let text = "E : Vous venez souvent ?\n[garbage] R : Oui, le lundi.\n[00:12:03] E : Et le mardi ?\n(inaudible) R : Non.\n[rires] Il m'a dit : non.\n";
    let t = one(text, Format::Plain);
    assert_eq!(
        turns(&t),
        vec![
            (Some("E"), Role::Interviewer, "Vous venez souvent ?"),
            (Some("R"), Role::Respondent, "Oui, le lundi."),
            (Some("E"), Role::Interviewer, "Et le mardi ?"),
            (
                Some("R"),
                Role::Respondent,
                "Non.\n[rires] Il m'a dit : non."
            ),
        ]
    );
    assert_eq!(t.turn_start(&t.turns[2]), Some(723.0));
}

/// Bug 6: long front matter is read whole; a line without `:` ends it, with a warning.
#[test]
fn front_matter_long_or_cut() {
    let mut long = String::from("---\nid: long\n");
    for i in 0..150 {
        long.push_str(&format!("k{i}: v{i}\n"));
    }
    long.push_str("---\nE : bonjour\nR : oui\n");
    let t = one(&long, Format::Plain);
    assert_eq!(t.id, "long");
    assert_eq!(t.metadata["k149"], "v149");
    assert_eq!(t.turns.len(), 2);
    assert!(t.warnings.is_empty());

    let cut =
        "---\nid: ent07\ndate: 2024-03-03\nEntretien réalisé à la mairie\nE : bonjour\nR : oui\n";
    let t = one(cut, Format::Plain);
    assert_eq!(t.id, "ent07");
    assert_eq!(t.metadata["date"], "2024-03-03");
    assert_eq!(
        &t.text[t.preamble.unwrap().range()],
        "Entretien réalisé à la mairie"
    );
    assert_eq!(t.turns.len(), 2);
    assert_eq!(t.warnings.len(), 1);
    assert_eq!(t.warnings[0].line, Some(4));

    // A dash line then speaker lines is no front matter.
    let t = one("---\nE : bonjour\nR : oui\n", Format::Plain);
    assert!(t.metadata.is_empty());
    assert_eq!(t.turns.len(), 2);
}

/// Bug 7: an IRaMuTeQ file with a line before its first `****`.
#[test]
fn iramuteq_detected_after_a_preamble() {
    let path = data("preambule.txt");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(detect_format(Some(&path), &bytes), Format::Iramuteq);
    let all = transcript::read_path(&path, &opts()).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0].id, "ent_01");
    assert_eq!(all[0].metadata["role"], "agent");
    assert_eq!(all[1].metadata["role"], "usager");
    assert_eq!(all[0].warnings.len(), 1);
    let shown = all[0].warnings[0].to_string();
    assert!(shown.contains("preambule.txt:1:"), "{shown}");
    // A separator of stars in plain text is not IRaMuTeQ.
    assert_eq!(
        detect_format(None, b"E : bonjour\n****\nR : oui\n"),
        Format::Plain
    );
}

/// Bug 8: `.trs` turns of several speakers without `<Who>`, and `<Who nb>` out of range.
#[test]
fn trs_overlap_without_who_and_who_out_of_range() {
    let text = r#"<?xml version="1.0" encoding="UTF-8"?>
<Trans><Speakers><Speaker id="spk1" name="Enquêteur"/><Speaker id="spk2" name="Mme Durand"/><Speaker id="spk3" name="M. Roux"/></Speakers>
<Episode><Section type="report" startTime="0" endTime="9">
<Turn speaker="spk1 spk2" startTime="0" endTime="3">
oui oui
</Turn>
<Turn speaker="spk2 spk3" startTime="3" endTime="6">
tout à fait
</Turn>
</Section></Episode></Trans>"#;
    let t = one(text, Format::Trs);
    assert_eq!(
        turns(&t),
        vec![
            (Some("Enquêteur+Mme Durand"), Role::Unknown, "oui oui"),
            (Some("Mme Durand+M. Roux"), Role::Respondent, "tout à fait"),
        ]
    );
    let lines: Vec<Option<usize>> = t.warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [Some(4), Some(7)]);

    let path = data("who_out_of_range.trs");
    let t = &transcript::read_path(&path, &opts()).unwrap()[0];
    assert_eq!(turns(t), vec![(Some("E"), Role::Interviewer, "oui")]);
    assert_eq!(t.warnings.len(), 1);
    let shown = t.warnings[0].to_string();
    assert!(shown.contains("who_out_of_range.trs:6:"), "{shown}");
}

/// Bug 9: UTF-32 with a BOM is not UTF-16; invalid code points give their byte offset.
#[test]
fn utf32_files() {
    for little in [true, false] {
        let mut bytes: Vec<u8> = if little {
            vec![0xFF, 0xFE, 0, 0]
        } else {
            vec![0, 0, 0xFE, 0xFF]
        };
        for c in "E : Ça va ?\nR : Très bien.\n".chars() {
            let u = c as u32;
            bytes.extend(if little {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            });
        }
        let name = Path::new("u32.txt");
        assert_eq!(detect_format(Some(name), &bytes), Format::Plain);
        let t = &transcript::read_bytes(&bytes, Some(name), &opts()).unwrap()[0];
        assert_eq!(
            turns(t),
            vec![
                (Some("E"), Role::Interviewer, "Ça va ?"),
                (Some("R"), Role::Respondent, "Très bien.")
            ]
        );
        bytes.extend([0xFF; 4]);
        let at = bytes.len() - 4;
        let err = transcript::read_bytes(&bytes, Some(name), &opts()).unwrap_err();
        assert_eq!(err.byte_offset(), Some(at));
        assert!(
            matches!(err.kind(), ErrorKind::InvalidEncoding { .. }),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            format!("u32.txt: byte offset {at}: invalid UTF-32")
        );
    }
}

/// Bug 10: an empty label rule would make everyone the interviewer.
#[test]
fn empty_role_labels_are_refused() {
    for rules in [
        RoleRules::default().with_interviewer(""),
        RoleRules::default().with_interviewer("  "),
        RoleRules::default().with_respondent(""),
        RoleRules::default().with_interviewer_pattern(""),
    ] {
        let options = ReadOptions {
            roles: rules,
            ..ReadOptions::default()
        };
        let err = transcript::Reader::new(options.clone()).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Config { .. }), "{err}");
        let err = transcript::parse_str("E : x", Format::Plain, "t", &options).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Config { .. }), "{err}");
    }
}

/// Formats recognised but not read fail with a clear error, unless a format is forced.
#[test]
fn unsupported_formats_are_named() {
    let cases: &[(&str, &[u8], &str)] = &[
        ("a.doc", b"\xd0\xcf\x11\xe0rest", "Word 97-2003"),
        ("a.zip", b"PK\x03\x04rest", "zip archive"),
        ("a.json", b"{\n  \"text\": \"x\"\n}\n", "JSON document"),
    ];
    for (name, bytes, what) in cases {
        let err = transcript::read_bytes(bytes, Some(Path::new(name)), &opts()).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::UnsupportedFormat { .. }),
            "{err}"
        );
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!("{name}: unsupported format: {what}")),
            "{shown}"
        );
    }
    let forced = ReadOptions {
        format: Some(Format::Plain),
        ..ReadOptions::default()
    };
    let t =
        &transcript::read_bytes(b"@UTF8\nE : oui\n", Some(Path::new("a.cha")), &forced).unwrap()[0];
    assert_eq!(t.turns.len(), 1);
    // ELAN, TEI, CHAT and Whisper JSON, once unsupported, are read (tests/readers_speech.rs).
    let read: &[(&str, &[u8], Format)] = &[
        (
            "a.eaf",
            b"<?xml version=\"1.0\"?><ANNOTATION_DOCUMENT/>",
            Format::Eaf,
        ),
        (
            "a.xml",
            b"<?xml version=\"1.0\"?>\n<TEI xmlns=\"x\"/>",
            Format::Tei,
        ),
        ("a.cha", b"@UTF8\n@Begin\n*CHI:\tmoi .\n", Format::Chat),
        (
            "a.json",
            b"{\n  \"text\": \" x\",\n  \"segments\": []\n}\n",
            Format::AsrJson,
        ),
    ];
    for (name, bytes, format) in read {
        let all = transcript::read_bytes(bytes, Some(Path::new(name)), &opts())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(all[0].format, *format, "{name}");
    }
}

/// Every real transcript in `../shared/data/transcripts` reads without a panic: the supported
/// formats read, the others fail with an unsupported-format error.
#[test]
fn shared_real_transcripts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data/transcripts");
    let Ok(dirs) = std::fs::read_dir(&root) else {
        eprintln!("no {}: skipped", root.display());
        return;
    };
    let mut files: Vec<PathBuf> = dirs
        .flatten()
        .filter(|d| d.path().is_dir())
        .flat_map(|d| {
            std::fs::read_dir(d.path())
                .unwrap()
                .flatten()
                .map(|e| e.path())
        })
        .collect();
    files.sort();
    let mut read = 0;
    for path in &files {
        let folder = path
            .parent()
            .and_then(Path::file_name)
            .unwrap()
            .to_string_lossy();
        let result = transcript::read_path(path, &opts());
        match folder.as_ref() {
            "trs" | "textgrid" | "docx" | "tei" | "eaf" | "cha" => {
                let all = result.unwrap_or_else(|e| panic!("{e}"));
                // ORFEO metadata files are TEI headers without speech.
                let header_only = path.to_string_lossy().ends_with(".orfeo-meta.xml");
                assert_eq!(all[0].turns.is_empty(), header_only, "{}", path.display());
                all.iter().for_each(check_spans);
                read += 1;
            }
            "asr" => {
                let all = result.unwrap_or_else(|e| panic!("{e}"));
                assert!(!all[0].turns.is_empty(), "{}", path.display());
                read += 1;
            }
            _ => {
                let err = result.expect_err("an unsupported format");
                assert!(
                    matches!(err.kind(), ErrorKind::UnsupportedFormat { .. }),
                    "{err}"
                );
            }
        }
    }
    assert_eq!(read, 32, "{files:?}");
}

// ---------------------------------------------------------------- TextGrid

#[test]
fn textgrid_short_format_tiers_ordered_by_time() {
    let expected = vec![
        (Some("Enquêtrice"), Role::Interviewer, "Et l'accueil ?"),
        (Some("Agent"), Role::Respondent, "Bah \"oui\", enfin"),
        (Some("Agent"), Role::Respondent, "on gagne du temps."),
        (Some("Enquêtrice"), Role::Interviewer, "D'accord."),
    ];
    for name in ["court.TextGrid", "court_utf16be.TextGrid"] {
        let all = transcript::read_path(&data(name), &opts()).unwrap();
        let t = &all[0];
        assert_eq!(t.format, Format::TextGrid, "{name}");
        assert_eq!(turns(t), expected, "{name}");
        let starts: Vec<Option<f64>> = t.turns.iter().map(|x| t.turn_start(x)).collect();
        assert_eq!(
            starts,
            vec![Some(0.0), Some(0.0), Some(2.0), Some(6.0)],
            "{name}"
        );
        assert!(!t.text.contains("toux"), "point tiers are ignored");
        check_spans(t);
    }
}

#[test]
fn textgrid_truncated_is_an_error_with_line() {
    let path = data("tronque.TextGrid");
    let err = transcript::read_path(&path, &opts()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Transcript { .. }), "{err}");
    assert_eq!(err.line(), Some(15), "{err}");
    assert_eq!(err.path(), Some(path.as_path()));

    let err = transcript::parse_str(
        "File type = \"ooTextFile\"\nObject class = \"Pitch\"\n",
        Format::TextGrid,
        "p",
        &opts(),
    )
    .unwrap_err();
    assert_eq!(err.line(), Some(2), "{err}");
}

// ---------------------------------------------------------------- JSON Lines

#[test]
fn jsonl_documents_metadata_and_roles() {
    let text = "{\"id\": \"a1\", \"text\": \"  Je ne fais que saisir.  \", \"metadata\": {\"age\": 41, \"teletravail\": true, \"note\": null, \"service\": \"RH\"}}\n\
                \n\
                {\"text\": \"Sans id.\", \"collectivite\": \"Vire\"}\n\
                {\"id\": 7, \"text\": \"Question ?\", \"speaker\": \"Enquêteur\"}\n\
                {\"text\": \"Réponse.\", \"role\": \"respondent\"}\n";
    let all =
        transcript::read_bytes(text.as_bytes(), Some(Path::new("enquete.jsonl")), &opts()).unwrap();
    let ids: Vec<&str> = all.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["a1", "enquete#2", "7", "enquete#4"]);
    assert_eq!(
        turns(&all[0]),
        vec![(None, Role::Unknown, "Je ne fais que saisir.")]
    );
    assert_eq!(all[0].metadata["age"], "41");
    assert_eq!(all[0].metadata["teletravail"], "true");
    assert!(!all[0].metadata.contains_key("note"));
    assert_eq!(all[1].metadata["collectivite"], "Vire");
    assert_eq!(
        turns(&all[2]),
        vec![(Some("Enquêteur"), Role::Interviewer, "Question ?")]
    );
    assert_eq!(turns(&all[3]), vec![(None, Role::Respondent, "Réponse.")]);
}

#[test]
fn jsonl_errors_name_the_line() {
    let cases = [
        ("{\"text\": \"ok\"}\n{\"text\": \"pas fini\"\n", 2),
        ("{\"text\": \"ok\"}\n\n{\"id\": \"x\"}\n", 3),
        ("[1, 2]\n", 1),
        ("{\"text\": 3}\n", 1),
        ("{\"text\": \"a\", \"role\": \"chef\"}\n", 1),
        ("{\"text\": \"a\", \"metadata\": [1]}\n", 1),
    ];
    for (text, line) in cases {
        let err = transcript::read_bytes(text.as_bytes(), Some(Path::new("r.jsonl")), &opts())
            .unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Transcript { .. }), "{err}");
        assert_eq!(err.line(), Some(line), "{text:?}: {err}");
        assert!(
            err.to_string().starts_with(&format!("r.jsonl:{line}:")),
            "{err}"
        );
    }
}

// ---------------------------------------------------------------- malformed subtitles

#[test]
fn subtitle_errors_name_the_line() {
    let cases = [
        ("mauvais_horodatage.vtt", 6),
        ("sans_entete.vtt", 1),
        ("bloc_invalide.srt", 9),
    ];
    for (name, line) in cases {
        let path = data(name);
        let err = transcript::read_path(&path, &opts()).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Transcript { .. }),
            "{name}: {err}"
        );
        assert_eq!(err.line(), Some(line), "{name}: {err}");
        assert_eq!(err.path(), Some(path.as_path()), "{name}");
    }
}

// ---------------------------------------------------------------- encodings, empty files

#[test]
fn invalid_utf8_reports_offset_unless_lossy() {
    let path = data("invalide.txt");
    let err = transcript::read_path(&path, &opts()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidUtf8 { .. }), "{err}");
    assert_eq!(err.byte_offset(), Some(17));
    assert_eq!(err.path(), Some(path.as_path()));

    let lossy = ReadOptions {
        lossy: true,
        ..ReadOptions::default()
    };
    let t = &transcript::read_path(&path, &lossy).unwrap()[0];
    assert_eq!(t.turns.len(), 2);
    assert!(t.turn_text(&t.turns[1]).contains('\u{fffd}'));

    // the offset counts a UTF-8 BOM
    let err = transcript::read_bytes(b"\xEF\xBB\xBFab\xFF", None, &opts()).unwrap_err();
    assert_eq!(err.byte_offset(), Some(5));
    assert_eq!(err.path(), None);
}

#[test]
fn bom_and_crlf() {
    let t = &transcript::read_path(&data("bom_crlf.txt"), &opts()).unwrap()[0];
    assert!(t.text.starts_with("Entretien"), "BOM removed");
    assert_eq!(
        turns(t),
        vec![
            (Some("E"), Role::Interviewer, "Première question ?"),
            (Some("R"), Role::Respondent, "Réponse sur\r\ndeux lignes."),
        ]
    );
    assert_eq!(&t.text[t.preamble.unwrap().range()], "Entretien test");
    check_spans(t);
}

#[test]
fn empty_input_gives_no_transcript() {
    let all = transcript::read_path(&data("vide.txt"), &opts()).unwrap();
    assert!(all.is_empty());
    for format in Format::ALL {
        for input in ["", "  \n\r\n", "\u{feff}"] {
            let got = transcript::parse_str(input, format, "e", &opts()).unwrap();
            assert!(got.is_empty(), "{format} on {input:?}");
        }
    }
}

// ---------------------------------------------------------------- detection and names

#[test]
fn format_detection() {
    let cases: &[(Option<&str>, &[u8], Format)] = &[
        (Some("a.vtt"), b"", Format::Vtt),
        (Some("a.SRT"), b"", Format::Srt),
        (Some("a.trs"), b"", Format::Trs),
        (Some("a.TextGrid"), b"", Format::TextGrid),
        (Some("a.ndjson"), b"", Format::Jsonl),
        (Some("a.txt"), b"**** *a_b\ntexte", Format::Iramuteq),
        (Some("a.txt"), b"E : bonjour", Format::Plain),
        (None, b"\xEF\xBB\xBFWEBVTT\n\n", Format::Vtt),
        (None, b"1\n00:00:01,000 --> 00:00:02,000\nx\n", Format::Srt),
        (None, b"<?xml version=\"1.0\"?>\n<Trans>", Format::Trs),
        (
            None,
            b"File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n",
            Format::TextGrid,
        ),
        (None, b"\n{\"text\": \"x\"}\n", Format::Jsonl),
        (None, b"2024 fut une annee\n", Format::Plain),
        (None, b"", Format::Plain),
    ];
    for (name, bytes, format) in cases {
        assert_eq!(
            detect_format(name.map(Path::new), bytes),
            *format,
            "{name:?} {bytes:?}"
        );
    }
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "File type = \"ooTextFile\"\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    assert_eq!(detect_format(None, &utf16), Format::TextGrid);
}

#[test]
fn format_names() {
    for format in Format::ALL {
        assert_eq!(Format::from_name(format.name()), Some(format));
        assert_eq!(format.name().parse::<Format>().unwrap(), format);
        assert_eq!(format.to_string(), format.name());
    }
    assert_eq!(Format::from_name("Praat"), Some(Format::TextGrid));
    assert_eq!(Format::from_name("webvtt"), Some(Format::Vtt));
    let err = "pdf".parse::<Format>().unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Config { .. }));
    assert!(err.to_string().contains("textgrid"));
}

#[test]
fn forced_format_overrides_detection() {
    let opts = ReadOptions {
        format: Some(Format::Plain),
        ..ReadOptions::default()
    };
    let all =
        transcript::read_bytes(b"**** *a_b\nE : x\n", Some(Path::new("c.txt")), &opts).unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].format, Format::Plain);
}

// ---------------------------------------------------------------- the sample corpora

fn corpus_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let mut files = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "lexicons") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e != "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_corpus_file_parses_with_both_roles() {
    let files = corpus_files();
    let mut formats = std::collections::BTreeSet::new();
    for path in &files {
        let all = transcript::read_path(path, &opts()).unwrap_or_else(|e| panic!("{e}"));
        assert!(!all.is_empty(), "{}: no transcript", path.display());
        for t in &all {
            formats.insert(t.format.name());
            assert!(
                !t.turns.is_empty(),
                "{}: {} has no turns",
                path.display(),
                t.id
            );
            check_spans(t);
            if t.format == Format::Jsonl {
                continue;
            }
            let words: usize = t
                .turns
                .iter()
                .map(|x| t.turn_text(x).split_whitespace().count())
                .sum();
            assert!(
                words >= 500,
                "{}: {} has {words} words",
                path.display(),
                t.id
            );
            assert!(
                t.turns_of(Role::Interviewer).count() > 0,
                "{}: {} no interviewer",
                path.display(),
                t.id
            );
            assert!(
                t.turns_of(Role::Respondent).count() > 0,
                "{}: {} no respondent",
                path.display(),
                t.id
            );
            assert_eq!(
                t.turns_of(Role::Unknown).count(),
                0,
                "{}: {}",
                path.display(),
                t.id
            );
        }
    }
    // Word and OpenDocument files are built and read in tests/readers_office.rs; no sample interview
    // is written in the research speech formats yet (tests/readers_speech.rs reads real files).
    let without_sample = [
        Format::Docx,
        Format::Odt,
        Format::Tei,
        Format::Eaf,
        Format::Chat,
        Format::AsrJson,
    ];
    assert_eq!(
        formats.len(),
        Format::ALL.len() - without_sample.len(),
        "one corpus file per format: {formats:?}"
    );
}

// ---------------------------------------------------------------- the CLI

#[test]
fn cli_prints_transcripts_as_json() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora/entretiens/corpus_iramuteq_encadrement_finances.txt");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
        .arg("transcript")
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let docs = json.as_array().unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], "ent_04");
    assert_eq!(docs[0]["metadata"]["role"], "manager");
    assert_eq!(docs[0]["turns"][0]["role"], "interviewer");
    assert!(docs[0]["turns"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Pour commencer"));
    assert_eq!(docs[0]["speakers"][1]["name"], "R");

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["transcript", "--format", "jsonl"])
        .arg(data("bom_crlf.txt"))
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bom_crlf.txt:1: invalid JSON"));
}

// ---------------------------------------------------------------- properties

mod properties {
    use super::*;
    use proptest::prelude::*;

    const FRAGMENTS: &[&str] = &[
        "Enquêtrice : ",
        "E : ",
        "R :",
        "Mme Durand : ",
        "[00:01:02] Agent : ",
        "Il m'a dit : non",
        "bah euh",
        "je ne me sens pas isolée",
        "\r\n",
        "\n",
        "\n\n",
        "-*theme\n",
        "**** *ent_1 *role_x\n",
        "é",
        " ",
        ":",
        "(00:00:03)",
        "WEBVTT\n",
        "00:00:01.000 --> 00:00:02.000\n",
        "<v Q>",
        "1\n",
        "{\"text\": \"x\"}\n",
        "<Turn speaker=\"a\">",
        "</Turn>",
        "\"",
    ];

    fn assembled() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(FRAGMENTS), 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn readers_never_panic_and_spans_hold(text in assembled(), which in 0usize..7) {
            let format = Format::ALL[which];
            if let Ok(all) = transcript::parse_str(&text, format, "p", &ReadOptions::default()) {
                for t in &all {
                    check_spans(t);
                    if let Some(p) = t.preamble {
                        prop_assert!(p.end <= t.text.len());
                    }
                    for s in &t.sections {
                        prop_assert!(s.span.start <= s.span.end && s.span.end <= t.text.len());
                    }
                }
            }
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300), which in 0usize..7, lossy: bool) {
            let opts = ReadOptions { format: Some(Format::ALL[which]), lossy, ..ReadOptions::default() };
            let _ = transcript::read_bytes(&bytes, None, &opts);
            let _ = detect_format(None, &bytes);
        }

        #[test]
        fn plain_turns_are_ordered_and_disjoint(text in assembled()) {
            let all = transcript::parse_str(&text, Format::Plain, "p", &ReadOptions::default()).unwrap();
            for t in &all {
                for pair in t.turns.windows(2) {
                    prop_assert!(pair[0].span.end <= pair[1].span.start);
                }
                if let (Some(p), Some(first)) = (t.preamble, t.turns.first()) {
                    prop_assert!(p.end <= first.span.start);
                }
            }
        }
    }
}

#[test]
fn reader_types_are_send_and_sync() {
    fn shared<T: Send + Sync>() {}
    shared::<Transcript>();
    shared::<ReadOptions>();
    shared::<RoleRules>();
    shared::<transcript::CompiledRoles>();
    shared::<entretien::Error>();
}
