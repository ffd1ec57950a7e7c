//! Speaker roles as real corpora write them (marks inside labels, roles files, the rule behind each
//! role), TextGrid tiers that are not speech, and text in other encodings than UTF-8.

mod common;

use entretien::transcript::{
    self, Format, ReadOptions, RoleRule, RoleRules, RolesFile, TextEncoding, TierChoice,
};
use entretien::{ErrorKind, Role, Transcript};
use std::collections::BTreeSet;
use std::process::{Command, Output};

fn entretien(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(args)
        .env("COLUMNS", "100")
        .output()
        .expect("the entretien binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn read(text: &str, format: Format, opts: &ReadOptions) -> Transcript {
    transcript::parse_str(text, format, "doc", opts)
        .unwrap()
        .remove(0)
}

/// Each speaker's (name, role, rule), in order of first turn.
fn speakers(t: &Transcript) -> Vec<(String, Role, Option<RoleRule>)> {
    t.speakers()
        .into_iter()
        .map(|s| (s.name.to_string(), s.role, s.rule))
        .collect()
}

// ------------------------------------------------------------------ labels

#[test]
fn label_forms_of_real_corpora_in_plain_text() {
    use Role::*;
    use RoleRule::*;
    // Label, role, rule: one turn each, each followed by an answer of `Mme Roux` (named twice).
    let cases = [
        ("Sonia Branca-Rosoff (ENQ)", Interviewer, Mark),
        ("[Enq] Marie", Interviewer, Mark),
        ("Marie - enquêtrice", Interviewer, Mark),
        ("INT2", Interviewer, Label),
        ("Interviewer 1", Interviewer, Label),
        ("ENQ1", Interviewer, Label),
        ("Enquêteur-2", Interviewer, Label),
        ("Paul Denquin", Respondent, Default),
        ("Répondant 2", Respondent, Label),
        ("Paul (REP)", Respondent, Mark),
    ];
    for (label, role, rule) in cases {
        let doc = format!("{label} : Et alors ?\nMme Roux : Bah oui.\n{label} : Donc ?\n");
        let t = read(&doc, Format::Plain, &ReadOptions::default());
        let got = speakers(&t);
        assert_eq!(
            got[0],
            (label.to_string(), role, Some(rule)),
            "label {label:?}: {got:?}"
        );
        assert_eq!(
            got[1],
            ("Mme Roux".to_string(), Respondent, Some(Default)),
            "{label:?}"
        );
        assert!(t.turns_of(role).count() >= 2, "{label:?}");
    }
    // A sentence ending in a colon is not a label, even with a role word in it.
    let prose = "Alors le chercheur : il a dit oui.\nEt la suite.\n";
    let t = read(prose, Format::Plain, &ReadOptions::default());
    assert!(t.turns.iter().all(|turn| turn.speaker.is_none()), "{t:?}");
}

#[test]
fn the_interviewer_pattern_and_added_labels_are_rules_too() {
    let doc = "Modératrice Léa : Bonjour.\nM. Petit : Bonjour.\nModératrice Léa : Alors ?\n";
    let mut opts = ReadOptions::default();
    let plain = read(doc, Format::Plain, &opts);
    assert_eq!(plain.turns[0].role, Role::Respondent);
    opts.roles = RoleRules::default().with_interviewer_pattern("^moderat");
    let t = read(doc, Format::Plain, &opts);
    assert_eq!(
        speakers(&t)[0],
        (
            "Modératrice Léa".into(),
            Role::Interviewer,
            Some(RoleRule::Pattern)
        )
    );
    // `--interviewer ENQ-B`, a team's own code, is found in brackets.
    opts.roles = RoleRules::default().with_interviewer("ENQ-B");
    let doc = "Léa Martin (ENQ-B) : Bonjour.\nM. Petit : Bonjour.\n";
    let t = read(doc, Format::Plain, &opts);
    assert_eq!(t.turns[0].role, Role::Interviewer);
    assert_eq!(t.speaker_roles[0].rule, RoleRule::Mark);
}

#[test]
fn a_role_attribute_is_recorded_and_a_roles_file_overrides_it() {
    let line = r#"{"id": "q1", "speaker": "BA725", "role": "interviewer", "text": "Et vous ?"}"#;
    let t = read(line, Format::Jsonl, &ReadOptions::default());
    assert_eq!(
        speakers(&t),
        [(
            "BA725".to_string(),
            Role::Interviewer,
            Some(RoleRule::Attribute)
        )]
    );
    let file = RolesFile::parse("speaker,role\nba725,répondant\n", None).unwrap();
    let opts = ReadOptions {
        roles: RoleRules::default().with_roles_file(file),
        ..ReadOptions::default()
    };
    let t = read(line, Format::Jsonl, &opts);
    assert_eq!(t.turns[0].role, Role::Respondent);
    assert_eq!(t.speaker_roles[0].rule, RoleRule::RolesFile);
    assert_eq!(t.speaker_roles[0].roles_file_line, Some(2));
}

// ------------------------------------------------------------------ roles files

#[test]
fn roles_file_rows_apply_per_file_and_report_the_unused() {
    let dir = tempfile::tempdir().unwrap();
    let roles = dir.path().join("speakers.csv");
    std::fs::write(
        &roles,
        "Locuteur;Rôle;Fichier\nch_OB1;enquêteur;\nBA725;enquêté;e01.txt\nBA725;observateur;e02\nZZ9;autre;\n",
    )
    .unwrap();
    let doc = "ch_OB1 : Et l'écran ?\nBA725 : Il me fatigue.\nch_OB1 : Ah ?\nBA725 : Oui.\n";
    for name in ["e01.txt", "e02.txt", "e03.txt"] {
        std::fs::write(dir.path().join(name), doc).unwrap();
    }
    let file = RolesFile::read(&roles).unwrap();
    let opts = ReadOptions {
        roles: RoleRules::default().with_roles_file(file.clone()),
        ..ReadOptions::default()
    };
    let reader = transcript::Reader::new(opts).unwrap();
    let mut used = BTreeSet::new();
    let mut seen = Vec::new();
    for name in ["e01.txt", "e02.txt", "e03.txt"] {
        let t = reader.read_path(&dir.path().join(name)).unwrap().remove(0);
        used.extend(t.speaker_roles.iter().filter_map(|r| r.roles_file_line));
        seen.push(speakers(&t));
    }
    let file_rule = Some(RoleRule::RolesFile);
    let ob1 = ("ch_OB1".to_string(), Role::Interviewer, file_rule);
    assert_eq!(
        seen[0],
        [
            ob1.clone(),
            ("BA725".to_string(), Role::Respondent, file_rule)
        ]
    );
    assert_eq!(
        seen[1],
        [ob1.clone(), ("BA725".to_string(), Role::Other, file_rule)]
    );
    // No row for e03: the label rules (a name with a number: respondent by default).
    assert_eq!(
        seen[2],
        [
            ob1,
            (
                "BA725".to_string(),
                Role::Respondent,
                Some(RoleRule::Default)
            )
        ]
    );
    let unused = file.unused(&used);
    assert_eq!(unused.len(), 1, "{unused:?}");
    assert_eq!(unused[0].line, Some(5));
    assert_eq!(unused[0].path.as_deref(), Some(roles.as_path()));
    assert!(unused[0].message.contains("ZZ9"), "{}", unused[0]);
}

#[test]
fn roles_file_errors_name_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("roles.csv");
    let cases: [(&str, usize, &str); 4] = [
        (
            "speaker,role\nA,interviewer\nB,chef\n",
            3,
            "unknown role \"chef\"",
        ),
        ("who,what\nA,B\n", 1, "the header should name"),
        ("speaker\trole\n\tinterviewer\n", 2, "no speaker"),
        ("", 1, "empty roles file"),
    ];
    for (content, line, message) in cases {
        std::fs::write(&path, content).unwrap();
        let err = RolesFile::read(&path).unwrap_err();
        let shown = err.to_string();
        assert!(
            shown.starts_with(&format!("{}:{line}: ", path.display())),
            "{shown}"
        );
        assert!(shown.contains(message), "{shown}");
        // The CLI stops on it, naming the file and line.
        let doc = dir.path().join("e.txt");
        std::fs::write(&doc, "E : Bonjour.\n").unwrap();
        let out = entretien(&[
            "vocab",
            doc.to_str().unwrap(),
            "--roles",
            path.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains(&format!("{}:{line}", path.display())),
            "{}",
            text(&out.stderr)
        );
    }
}

/// The words counted in a run, from the summary line of `vocab` (`all: 1 documents, N words`) or
/// `score` (`1 document, N words scored`).
fn words(stdout: &str) -> usize {
    let head = stdout.lines().find(|l| l.contains(" words")).unwrap_or("");
    let before = head.split(" words").next().unwrap_or("");
    before
        .rsplit([' ', ','])
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no word count in {stdout:?}"))
}

#[test]
fn cli_roles_and_pattern_on_score_kwic_vocab() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("e01.txt");
    std::fs::write(
        &doc,
        "OB1 : Et l'écran, vous en pensez quoi ?\nBA725 : L'écran me fatigue beaucoup.\nOB1 : Un autre écran ?\nBA725 : Non, pas d'écran.\n",
    )
    .unwrap();
    // The respondent's words alone, under a label of its own.
    let alone = dir.path().join("alone.txt");
    std::fs::write(
        &alone,
        "BA725 : L'écran me fatigue beaucoup.\nBA725 : Non, pas d'écran.\n",
    )
    .unwrap();
    let roles = dir.path().join("roles.csv");
    std::fs::write(&roles, "speaker,role\nOB1,interviewer\nNOBODY,respondent\n").unwrap();
    let (doc, alone, roles) = (
        doc.to_str().unwrap(),
        alone.to_str().unwrap(),
        roles.to_str().unwrap(),
    );
    for how in [
        ["--roles", roles],
        ["--interviewer-pattern", "^ob$"],
        ["--interviewer", "OB"],
    ] {
        // kwic: the interviewer's lines are not searched.
        let out = entretien(&["kwic", "écran", doc, "-q", how[0], how[1]]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let lines = text(&out.stdout);
        assert_eq!(lines.lines().count(), 2, "{how:?}: {lines}");
        assert!(lines.lines().all(|l| l.contains("BA725")), "{lines}");
        let everyone = entretien(&["kwic", "écran", doc, "-q"]);
        assert_eq!(text(&everyone.stdout).lines().count(), 4);
        // vocab and score count the respondent's words only.
        for cmd in ["vocab", "score"] {
            let out = entretien(&[cmd, doc, "-q", how[0], how[1]]);
            assert!(out.status.success(), "{}", text(&out.stderr));
            let want = entretien(&[cmd, alone, "-q"]);
            let all = entretien(&[cmd, doc, "-q"]);
            let (got, want, all) = (
                words(&text(&out.stdout)),
                words(&text(&want.stdout)),
                words(&text(&all.stdout)),
            );
            assert_eq!(got, want, "{cmd} {how:?}");
            assert!(got < all, "{cmd} {how:?}: {got} vs {all}");
        }
    }
    // The row that met no one is reported at the end of the run, with its line.
    let out = entretien(&["vocab", doc, "--roles", roles]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains(&format!("{roles}:3")), "{stderr}");
    assert!(stderr.contains("NOBODY"), "{stderr}");
    assert!(!stderr.contains("OB1\" was never"), "{stderr}");
    // transcript shows the rule behind each role.
    let out = entretien(&["transcript", doc, "--roles", roles, "-q"]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let speakers = &json[0]["speakers"];
    assert_eq!(speakers[0]["name"], "OB1");
    assert_eq!(speakers[0]["rule"], "roles_file");
    assert_eq!(speakers[1]["rule"], "default");
}

// ------------------------------------------------------------------ TextGrid tiers

/// An interval tier: its name and `(xmin, xmax, text)` intervals.
type IntervalTier<'a> = (&'a str, &'a [(f64, f64, &'a str)]);

/// A long-format TextGrid of interval tiers `(name, [(xmin, xmax, text)])` and point tiers
/// `(name, [(time, mark)])`.
fn textgrid(intervals: &[IntervalTier<'_>], points: &[(&str, &[(f64, &str)])]) -> String {
    let mut s = String::from("File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\nxmin = 0\nxmax = 10\ntiers? <exists>\n");
    s += &format!("size = {}\nitem []:\n", intervals.len() + points.len());
    let mut n = 0;
    for (name, ivs) in intervals {
        n += 1;
        s += &format!("    item [{n}]:\n        class = \"IntervalTier\"\n        name = \"{name}\"\n        xmin = 0\n        xmax = 10\n        intervals: size = {}\n", ivs.len());
        for (i, (a, b, t)) in ivs.iter().enumerate() {
            s += &format!("        intervals [{}]:\n            xmin = {a}\n            xmax = {b}\n            text = \"{t}\"\n", i + 1);
        }
    }
    for (name, pts) in points {
        n += 1;
        s += &format!("    item [{n}]:\n        class = \"TextTier\"\n        name = \"{name}\"\n        xmin = 0\n        xmax = 10\n        points: size = {}\n", pts.len());
        for (i, (t, m)) in pts.iter().enumerate() {
            s += &format!(
                "        points [{}]:\n            number = {t}\n            mark = \"{m}\"\n",
                i + 1
            );
        }
    }
    s
}

#[test]
fn textgrid_tiers_that_are_not_speech_stay_out() {
    let grid = textgrid(
        &[
            (
                "Sonia B. (ENQ)",
                &[(0.0, 2.0, "Et l'école ?"), (4.0, 5.0, "Bon.")],
            ),
            ("Mme Roux", &[(2.0, 4.0, "Trop d'écrans (rire).")]),
            ("Turns", &[(0.0, 2.0, "Sonia"), (2.0, 4.0, "Roux")]),
            ("Comments", &[(2.0, 3.0, "bruit de porte")]),
            ("Silence", &[(1.0, 1.5, "(.)")]),
            ("L1-com", &[(1.0, 1.5, "hésite longuement")]),
            ("Mme Roux-phon", &[(2.0, 4.0, "t R o d e k R a~")]),
            ("Roux bis", &[(2.0, 3.0, "(rire) # +")]),
        ],
        &[("Events", &[(3.0, "porte")])],
    );
    let t = read(&grid, Format::TextGrid, &ReadOptions::default());
    assert_eq!(
        speakers(&t),
        [
            (
                "Sonia B. (ENQ)".to_string(),
                Role::Interviewer,
                Some(RoleRule::Mark)
            ),
            (
                "Mme Roux".to_string(),
                Role::Respondent,
                Some(RoleRule::Default)
            ),
        ]
    );
    assert!(!t.text.contains("bruit") && !t.text.contains("hésite") && !t.text.contains("a~"));
    let warning = t
        .warnings
        .iter()
        .find(|w| w.message.contains("not speech"))
        .expect("a warning lists the tiers left out");
    for name in [
        "Turns",
        "Comments",
        "Silence",
        "L1-com",
        "Mme Roux-phon",
        "Roux bis",
        "Events",
    ] {
        assert!(
            warning.message.contains(&format!("\"{name}\"")),
            "{name}: {warning}"
        );
    }
    // The override: these tiers and no others.
    let opts = ReadOptions {
        tiers: TierChoice {
            speech: vec!["mme roux".into(), "COMMENTS".into()],
            skip: Vec::new(),
        },
        ..ReadOptions::default()
    };
    let t = read(&grid, Format::TextGrid, &opts);
    let names: Vec<String> = speakers(&t).into_iter().map(|s| s.0).collect();
    assert_eq!(names, ["Mme Roux", "Comments"]);
    let opts = ReadOptions {
        tiers: TierChoice {
            speech: Vec::new(),
            skip: vec!["Mme Roux".into()],
        },
        ..ReadOptions::default()
    };
    let t = read(&grid, Format::TextGrid, &opts);
    assert_eq!(speakers(&t).len(), 1);
    // The CLI flag does the same.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("g.TextGrid");
    std::fs::write(&path, &grid).unwrap();
    let out = entretien(&[
        "transcript",
        path.to_str().unwrap(),
        "--speech-tiers",
        "Comments,Turns",
        "-q",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<&str> = json[0]["speakers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Turns", "Comments"]);
}

/// The real TextGrids of `../shared/data/transcripts/textgrid`. Checked by hand: tier names and
/// classes listed with `grep -E 'class|name ='` on each file (iconv for the UTF-16 one); non-blank
/// intervals per tier counted with a small Python script over the `text = "…"` lines, and for
/// `FOR_DIA` the `ortho` intervals (not `_`) attributed to the `spk` interval under their middle.
/// None of these files has an interviewer tier (`(ENQ)` or otherwise): `Marion2` is a debate among
/// students, the others are read speech or forced alignment, so no one is an interviewer.
#[test]
fn real_textgrids_speakers_and_tiers() {
    let Some(dir) = common::shared_data("transcripts/textgrid") else {
        return;
    };
    let opts = ReadOptions::default();
    let read_file = |name: &str| {
        transcript::read_path(&dir.join(name), &opts)
            .unwrap()
            .remove(0)
    };
    let counts = |t: &Transcript| -> Vec<(String, Role, usize)> {
        t.speakers()
            .into_iter()
            .map(|s| (s.name.to_string(), s.role, s.turns))
            .collect()
    };
    let left_out = |t: &Transcript| -> String {
        t.warnings
            .iter()
            .filter(|w| w.message.contains("not speech"))
            .map(|w| w.message.clone())
            .collect()
    };
    use Role::*;
    // One tier per speaker, plus `Commentaires` and `Silence`, which hold no one's words.
    let marion = read_file("Marion2_ANON_131015.TextGrid");
    assert_eq!(
        counts(&marion),
        [
            ("Marion".to_string(), Respondent, 192),
            ("Alexis".to_string(), Respondent, 208),
            ("Christian".to_string(), Respondent, 126),
            // A diarisation-style name: the role is unknown.
            ("Locuteur3".to_string(), Unknown, 31),
            ("Laetitia".to_string(), Respondent, 74),
        ]
    );
    assert!(left_out(&marion).contains("\"Commentaires\" (annotation tier)"));
    assert!(left_out(&marion).contains("\"Silence\" (annotation tier)"));
    assert!(!marion.text.contains("tape des mains"));
    // Forced alignment: `ortho` is the speech, `spk` names its speakers; phones, syllables and
    // words repeat it.
    let dia = read_file("FOR_DIA.TextGrid");
    assert_eq!(
        counts(&dia),
        [
            ("L1".to_string(), Respondent, 7),
            ("L2".to_string(), Respondent, 16),
            ("L3".to_string(), Respondent, 1),
        ]
    );
    for tier in ["phones", "syll", "words", "spk"] {
        assert!(left_out(&dia).contains(&format!("\"{tier}\"")), "{tier}");
    }
    assert!(dia.turns.iter().all(|t| t.speaker.is_some()));
    assert!(!dia.text.contains("kRwa"), "no SAMPA syllables");
    // SPPAS read speech: one `transcription` tier (no one named), and its copy `test-trs`.
    let b003 = read_file("F_F_B003-P8.TextGrid");
    assert!(b003.speakers().is_empty());
    assert_eq!(
        b003.turns.len(),
        6,
        "the 6 intervals with words, no `#` pause"
    );
    assert!(b003.turns.iter().all(|t| t.role == Unknown));
    assert!(left_out(&b003).contains("\"test-trs\" (copy of an earlier tier)"));
    for name in ["F_F_C006-P6.TextGrid", "Sample_2_PFCquebec_CQAAB1.TextGrid"] {
        let t = read_file(name);
        assert!(t.speakers().is_empty(), "{name}");
        assert!(
            !t.turns.is_empty() && t.turns.iter().all(|t| t.role == Unknown),
            "{name}"
        );
        assert!(left_out(&t).is_empty(), "{name}");
    }
}

// ------------------------------------------------------------------ encodings

/// What an editor makes of UTF-8 read as windows-1252 and saved again as UTF-8.
fn mojibake(good: &str) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    good.bytes()
        .map(|b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

#[test]
fn mojibake_is_repaired_with_a_warning_naming_the_file() {
    let good =
        "Enquêtrice : Et l’été dernier, à l’école ?\nMme Roux : Ça a été très dur, ça, déjà.\n";
    let broken = mojibake(good);
    assert!(broken.contains("Ã©") && broken.contains("â€™") && broken.contains("Ã§"));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e01.txt");
    std::fs::write(&path, &broken).unwrap();
    let t = transcript::read_path(&path, &ReadOptions::default())
        .unwrap()
        .remove(0);
    assert_eq!(t.text, good);
    assert_eq!(
        t.turns[0].role,
        Role::Interviewer,
        "the label is read once repaired"
    );
    let w = t
        .warnings
        .iter()
        .find(|w| w.message.contains("mojibake"))
        .unwrap();
    assert_eq!(w.path.as_deref(), Some(path.as_path()));
    let out = entretien(&["transcript", path.to_str().unwrap()]);
    assert!(
        text(&out.stderr).contains(&format!("{}: mojibake", path.display())),
        "{}",
        text(&out.stderr)
    );
    // Right text is left as it is.
    std::fs::write(&path, good).unwrap();
    let t = transcript::read_path(&path, &ReadOptions::default())
        .unwrap()
        .remove(0);
    assert!(t.warnings.is_empty());
}

#[test]
fn latin1_text_read_on_request_and_suggested_otherwise() {
    let good = "Enquêtrice : Et l'été ?\nMme Roux : Déjà à l'école, très dur.\n";
    let latin1: Vec<u8> = good
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e01.txt");
    std::fs::write(&path, &latin1).unwrap();
    let err = transcript::read_path(&path, &ReadOptions::default()).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::InvalidUtf8 { .. }), "{err}");
    let first = latin1.iter().position(|&b| b >= 0x80).unwrap();
    assert_eq!(err.byte_offset(), Some(first));
    assert!(err.to_string().contains("--encoding latin1"), "{err}");
    for encoding in [TextEncoding::Latin1, TextEncoding::Cp1252] {
        let opts = ReadOptions {
            encoding: Some(encoding),
            ..ReadOptions::default()
        };
        let t = transcript::read_path(&path, &opts).unwrap().remove(0);
        assert_eq!(t.text, good, "{encoding}");
    }
    let out = entretien(&[
        "transcript",
        path.to_str().unwrap(),
        "--encoding",
        "latin1",
        "-q",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("Déjà à l'école"));
    let out = entretien(&["vocab", path.to_str().unwrap()]);
    assert!(
        text(&out.stderr).contains("--encoding latin1"),
        "{}",
        text(&out.stderr)
    );
    // windows-1252 quotes are suggested as cp1252 and read as such.
    std::fs::write(
        &path,
        b"E : l\x92\xe9t\xe9 ?\nR : \x93oui\x94, d\xe9j\xe0.\n",
    )
    .unwrap();
    let err = transcript::read_path(&path, &ReadOptions::default()).unwrap_err();
    assert!(err.to_string().contains("--encoding cp1252"), "{err}");
    let out = entretien(&[
        "kwic",
        "oui",
        path.to_str().unwrap(),
        "--encoding",
        "cp1252",
        "-q",
    ]);
    assert!(
        text(&out.stdout).contains('“') && text(&out.stdout).contains("oui ”"),
        "{}",
        text(&out.stdout)
    );
}
