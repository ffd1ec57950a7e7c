//! REFI-QDA exchange: exported projects validate against the standard's schema, read back as
//! written, code the exact characters; bad projects fail with errors naming the file and selection.

mod common;

use entretien::refi_qda::{self, CodingUnit, ExportSource, QdpxExport};
use entretien::transcript::{parse_str, Format, ReadOptions};
use entretien::{Analyzer, ErrorKind, Lexicon, Transcript};
use std::io::Write;
use std::path::Path;
use std::process::Command;

/// Accented text, an emoji, a combining accent and CRLF line ends: bytes and characters differ.
const TEXT: &str = "Enquêtrice : Vous sentez-vous isolée ?\r\n\
Agent : Oui 😩, je suis seule devant mon écran, chacun dans son coin.\r\n\
Enquêtrice : Et le stress ?\r\n\
Agent : Je ne suis pas stressée. Mais on ne fait que cliquer, la perte de sens… Une cre\u{301}ation ? Non.\r\n";

const TEXT2: &str = "Enquêteur : Et le collectif ?\nAgente : On ne se voit plus, je me sens isolée 👩🏽‍💻.\nEnquêteur : D'accord.\nAgente : Des tâches répétitives, saisir, cliquer.\n";

fn transcripts() -> Vec<Transcript> {
    let options = ReadOptions::default();
    let mut out = parse_str(TEXT, Format::Plain, "ent01", &options).unwrap();
    out.extend(parse_str(TEXT2, Format::Plain, "ent02", &options).unwrap());
    out
}

fn export(lexicon: &Lexicon, unit: CodingUnit) -> (QdpxExport<'_>, Vec<ExportSource>) {
    let analyzer = Analyzer::builder().build(lexicon).unwrap();
    let mut project = QdpxExport::new(lexicon).unit(unit);
    let mut sources = Vec::new();
    for t in transcripts() {
        let source =
            ExportSource::from_analysis(&analyzer.analyze(&t, &mut analyzer.scratch()), unit);
        sources.push(source.clone());
        project.push(source);
    }
    (project, sources)
}

const UNITS: [CodingUnit; 5] = [
    CodingUnit::Hit,
    CodingUnit::Turn,
    CodingUnit::Sentence,
    CodingUnit::Segment,
    CodingUnit::Document,
];

/// `xmllint`, or `None` (said) outside CI; under `CI=true` it must be there.
fn xmllint() -> Option<&'static str> {
    let found = Command::new("xmllint").arg("--version").output().is_ok();
    if found {
        return Some("xmllint");
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("CI=true but xmllint is missing (Debian: apt-get install libxml2-utils)");
    }
    eprintln!("skipping schema validation: xmllint not found (set CI=true to require it)");
    None
}

fn validate(xmllint: &str, schema: &Path, file: &Path) {
    let out = Command::new(xmllint)
        .arg("--noout")
        .arg("--schema")
        .arg(schema)
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{} does not validate against {}:\n{}",
        file.display(),
        schema.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn export_validates_against_the_schemas() {
    let Some(dir) = common::shared_data("refi-qda") else {
        return;
    };
    let Some(xmllint) = xmllint() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let lexicon = Lexicon::default_french();
    // A lexicon with dotted ids (nested codes) and characters XML must escape.
    let nested = Lexicon::from_toml_str(
        r#"
[[theme]]
id = "travail"
definition = "Le travail <en général> & \"ses\" formes."
entries = ["travail"]
[[theme]]
id = "travail.isolement"
entries = ["=seule", "isolement"]
[[theme]]
id = "outils.écran"
label = "Écran"
entries = ["écran"]
"#,
    )
    .unwrap();
    for lexicon in [&lexicon, &nested] {
        for unit in UNITS {
            let (project, _) = export(lexicon, unit);
            let file = tmp.path().join(format!("project-{unit}.qde"));
            std::fs::write(&file, project.project_xml().unwrap()).unwrap();
            validate(xmllint, &dir.join("Project-mrt2019.xsd"), &file);
        }
        let qdc = tmp.path().join("codebook.qdc");
        std::fs::write(&qdc, refi_qda::to_qdc(lexicon)).unwrap();
        let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/refi-qda/Codebook.xsd");
        validate(xmllint, &schema, &qdc);
    }
}

/// The text between the quotes after `attribute="` from `at` on.
fn attribute(xml: &str, at: usize, name: &str) -> usize {
    let key = format!(" {name}=\"");
    let from = at + xml[at..].find(&key).unwrap() + key.len();
    let to = from + xml[from..].find('"').unwrap();
    xml[from..to].parse().unwrap()
}

#[test]
fn positions_are_characters_on_the_exact_text() {
    let lexicon = Lexicon::default_french();
    let (project, sources) = export(&lexicon, CodingUnit::Hit);
    let xml = project.project_xml().unwrap();
    let selections: Vec<usize> = xml
        .match_indices("<PlainTextSelection ")
        .map(|(i, _)| i)
        .collect();
    let expected: Vec<(usize, usize)> = sources
        .iter()
        .flat_map(|s| {
            s.selections.iter().map(|sel| {
                (
                    s.text[..sel.span.start].chars().count(),
                    s.text[..sel.span.end].chars().count(),
                )
            })
        })
        .collect();
    let written: Vec<(usize, usize)> = selections
        .iter()
        .map(|&at| {
            (
                attribute(&xml, at, "startPosition"),
                attribute(&xml, at, "endPosition"),
            )
        })
        .collect();
    assert_eq!(written, expected);
    // The sample has bytes and characters apart: CRLF before, emoji and accents in the turn.
    let seule = sources[0].text.find("seule").unwrap();
    assert!(seule > sources[0].text[..seule].chars().count());
    assert!(written.len() >= 6, "{written:?}");

    // Read back, each coding sits on the very characters of the source file in the archive.
    let imported = refi_qda::read_qdpx_bytes(&project.to_bytes().unwrap()).unwrap();
    for (source, original) in imported.sources.iter().zip(&sources) {
        assert_eq!(source.text, original.text, "the text is exported as read");
        for (sel, want) in source.selections.iter().zip(
            original
                .selections
                .iter()
                .flat_map(|s| s.codes.iter().map(move |_| s.span)),
        ) {
            assert_eq!(sel.span, want);
        }
    }
    let text = &imported.sources[0].text;
    let quoted: Vec<&str> = imported.sources[0]
        .selections
        .iter()
        .map(|s| &text[s.span.range()])
        .collect();
    for word in [
        "je suis seule",
        "chacun dans son coin",
        "stressée",
        "fait que cliquer",
    ] {
        assert!(quoted.contains(&word), "{word} not in {quoted:?}");
    }
}

#[test]
fn export_reads_back_as_written() {
    let lexicon = Lexicon::default_french();
    for unit in UNITS {
        let (project, sources) = export(&lexicon, unit);
        let imported = refi_qda::read_qdpx_bytes(&project.to_bytes().unwrap()).unwrap();
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        let ids: Vec<&str> = imported.codebook.theme_ids().collect();
        assert_eq!(ids, lexicon.theme_ids().collect::<Vec<_>>(), "{unit}");
        assert_eq!(imported.sources.len(), sources.len());
        for (got, sent) in imported.sources.iter().zip(&sources) {
            assert_eq!(got.id, sent.id);
            let mut read: Vec<(usize, usize, String, bool, Option<String>)> = got
                .selections
                .iter()
                .map(|s| {
                    (
                        s.span.start,
                        s.span.end,
                        s.theme.clone(),
                        s.denied,
                        s.coder.clone(),
                    )
                })
                .collect();
            let mut written: Vec<(usize, usize, String, bool, Option<String>)> = sent
                .selections
                .iter()
                .flat_map(|s| {
                    s.codes.iter().map(move |(theme, negated)| {
                        (
                            s.span.start,
                            s.span.end,
                            theme.clone(),
                            *negated,
                            Some("entretien".to_string()),
                        )
                    })
                })
                .collect();
            read.sort();
            written.sort();
            assert!(!written.is_empty(), "{unit}: {}", sent.id);
            assert_eq!(read, written, "{unit}: {}", sent.id);
        }
    }
    // A negated hit is coded under the theme's `nié` code and reads back as denied.
    let (project, _) = export(&lexicon, CodingUnit::Hit);
    let imported = refi_qda::read_qdpx_bytes(&project.to_bytes().unwrap()).unwrap();
    let s = &imported.sources[0];
    let denied = s
        .selections
        .iter()
        .find(|x| x.denied)
        .expect("a denied selection");
    assert_eq!(
        (denied.theme.as_str(), &s.text[denied.span.range()]),
        ("charge_de_travail", "stressée")
    );
}

#[test]
fn same_input_same_bytes() {
    let lexicon = Lexicon::default_french();
    let (a, _) = export(&lexicon, CodingUnit::Sentence);
    let (b, _) = export(&lexicon, CodingUnit::Sentence);
    assert_eq!(a.to_bytes().unwrap(), b.to_bytes().unwrap());
    let (c, _) = export(&lexicon, CodingUnit::Turn);
    assert_ne!(a.project_xml().unwrap(), c.project_xml().unwrap());

    // Through the CLI, for one and several threads.
    let tmp = tempfile::tempdir().unwrap();
    for (i, text) in [TEXT, TEXT2, TEXT, TEXT2, TEXT].iter().enumerate() {
        std::fs::write(tmp.path().join(format!("ent{i}.txt")), text).unwrap();
    }
    let mut outputs = Vec::new();
    for threads in ["1", "3"] {
        let out = tmp.path().join(format!("out-{threads}.qdpx"));
        let status = Command::new(env!("CARGO_BIN_EXE_entretien"))
            .args([
                "score",
                "-q",
                "--format",
                "jsonl",
                "--threads",
                threads,
                "--qdpx",
            ])
            .arg(&out)
            .arg(tmp.path().join("ent0.txt"))
            .args((1..5).map(|i| tmp.path().join(format!("ent{i}.txt"))))
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outputs[0], outputs[1]);
    let imported = refi_qda::read_qdpx_bytes(&outputs[0]).unwrap();
    assert_eq!(imported.sources.len(), 5);
}

/// A `.qdpx` of this project XML and these source members.
fn qdpx(xml: &str, members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("project.qde", options).unwrap();
    zip.write_all(xml.as_bytes()).unwrap();
    for (name, bytes) in members {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const CODED_BY_HAND: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="Terrain">
  <Users>
    <User guid="{AAAAAAAA-0000-4000-8000-000000000001}" name="Marie"/>
    <User guid="aaaaaaaa-0000-4000-8000-000000000002" name="Karim"/>
  </Users>
  <CodeBook><Codes>
    <Code guid="c0000000-0000-4000-8000-000000000001" name="Travail" isCodable="false">
      <Code guid="c0000000-0000-4000-8000-000000000002" name="Perte de sens" isCodable="true">
        <Description>Le travail vidé de son sens.</Description>
        <Code guid="c0000000-0000-4000-8000-000000000003" name="Nié" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="c0000000-0000-4000-8000-000000000004" name="isolement" isCodable="true"/>
  </Codes></CodeBook>
  <Sources>
    <PDFSource guid="50000000-0000-4000-8000-000000000009" name="rapport.pdf" path="internal://r.pdf"/>
    <TextSource guid="50000000-0000-4000-8000-000000000001" name="ent07" plainTextPath="internal://50000000-0000-4000-8000-000000000001.txt">
      <PlainTextSelection guid="e0000000-0000-4000-8000-000000000001" name="seule" startPosition="SEL_START" endPosition="SEL_END" creatingUser="AAAAAAAA-0000-4000-8000-000000000001">
        <Coding guid="f0000000-0000-4000-8000-000000000001"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000004"/></Coding>
        <Coding guid="f0000000-0000-4000-8000-000000000002" creatingUser="aaaaaaaa-0000-4000-8000-000000000002"><CodeRef targetGUID="C0000000-0000-4000-8000-000000000003"/></Coding>
      </PlainTextSelection>
    </TextSource>
  </Sources>
</Project>
"#;

const SOURCE: &str = "\u{feff}Agent : 😩 je suis seule,\r\nça n'a plus de sens.";

fn hand_coded(start: &str, end: &str) -> Vec<u8> {
    let xml = CODED_BY_HAND
        .replace("SEL_START", start)
        .replace("SEL_END", end);
    qdpx(
        &xml,
        &[(
            "sources/50000000-0000-4000-8000-000000000001.txt",
            SOURCE.as_bytes(),
        )],
    )
}

/// Quoted text, theme, denied, coder, origin.
type Quoted<'a> = (&'a str, &'a str, bool, Option<&'a str>, Option<&'a str>);

#[test]
fn hand_coded_selections_with_nested_codes_denials_and_coders() {
    // "seule" is characters 18..23 (the byte order mark is not a character of the text).
    let project = refi_qda::read_qdpx_bytes(&hand_coded("18", "23")).unwrap();
    assert_eq!(project.warnings.len(), 1, "{:?}", project.warnings);
    assert!(project.warnings[0].contains("rapport.pdf") && project.warnings[0].contains("PDF"));
    let ids: Vec<&str> = project.codebook.theme_ids().collect();
    assert_eq!(ids, ["Travail.Perte_de_sens", "isolement"]);
    let theme = project.codebook.theme("Travail.Perte_de_sens").unwrap();
    assert_eq!(
        (theme.label.as_str(), theme.definition.as_str()),
        ("Perte de sens", "Le travail vidé de son sens.")
    );
    let source = &project.sources[0];
    assert_eq!(source.id, "ent07");
    assert!(source.text.starts_with("Agent"));
    let got: Vec<Quoted<'_>> = source
        .selections
        .iter()
        .map(|s| {
            (
                &source.text[s.span.range()],
                s.theme.as_str(),
                s.denied,
                s.coder.as_deref(),
                s.origin.as_deref(),
            )
        })
        .collect();
    let origin = Some("e0000000-0000-4000-8000-000000000001");
    assert_eq!(
        got,
        [
            ("seule", "isolement", false, Some("Marie"), origin),
            (
                "seule",
                "Travail.Perte_de_sens",
                true,
                Some("Karim"),
                origin
            ),
        ]
    );
}

fn message(bytes: &[u8]) -> (String, entretien::Error) {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("terrain.qdpx");
    std::fs::write(&file, bytes).unwrap();
    let e = refi_qda::read_qdpx(&file).unwrap_err();
    assert_eq!(e.path(), Some(file.as_path()), "{e}");
    assert!(matches!(e.kind(), ErrorKind::Data { .. }), "{e:#?}");
    (e.to_string(), e)
}

#[test]
fn selections_off_the_text_name_the_selection_and_file() {
    // The source has 46 characters: 45..46 is its last one, 40..47 runs past it.
    assert!(refi_qda::read_qdpx_bytes(&hand_coded("45", "46")).is_ok());
    for (start, end, says) in [
        ("40", "47", "run past the end of its text (46 characters)"),
        ("5", "5", "do not select any text"),
        ("9", "3", "do not select any text"),
        ("-1", "3", "do not select any text"),
        ("x", "3", "is not a whole number"),
    ] {
        let (text, _) = message(&hand_coded(start, end));
        assert!(text.contains("terrain.qdpx"), "{text}");
        assert!(
            text.contains("selection e0000000-0000-4000-8000-000000000001 (\"seule\")"),
            "{text}"
        );
        assert!(text.contains("project.qde:"), "{text}");
        assert!(text.contains(says), "{start}..{end}: {text}");
    }
    // A coding of a code the codebook lacks.
    let xml = CODED_BY_HAND
        .replace("SEL_START", "18")
        .replace("SEL_END", "23")
        .replace(
            "C0000000-0000-4000-8000-000000000003",
            "c0000000-0000-4000-8000-0000000000ff",
        );
    let (text, _) = message(&qdpx(
        &xml,
        &[(
            "sources/50000000-0000-4000-8000-000000000001.txt",
            SOURCE.as_bytes(),
        )],
    ));
    assert!(
        text.contains("e0000000-0000-4000-8000-000000000001")
            && text.contains("not in the codebook"),
        "{text}"
    );
}

#[test]
fn broken_projects_name_the_file() {
    let (text, e) = message(&qdpx("<Project name=\"x\">\n<Sources>\n</Project>", &[]));
    assert!(
        text.contains("terrain.qdpx") && text.contains("project.qde:3: malformed XML"),
        "{text}"
    );
    assert!(e.position().is_some());
    let (text, _) = message(b"PK\x03\x04 not really a zip");
    assert!(text.contains("not a readable zip archive"), "{text}");
    let (text, _) = message(&qdpx("<CodeBook/>", &[]));
    assert!(text.contains("not a REFI-QDA project"), "{text}");
    // A source member missing from the archive.
    let (text, _) = message(&qdpx(
        &CODED_BY_HAND
            .replace("SEL_START", "1")
            .replace("SEL_END", "2"),
        &[],
    ));
    assert!(
        text.contains("ent07") && text.contains("not in the archive"),
        "{text}"
    );
}

#[test]
fn a_zip_bomb_member_is_refused() {
    // 65 MiB of spaces deflate to about 64 KiB; the member limit is 64 MiB.
    let bomb = vec![b' '; 65 << 20];
    let xml = CODED_BY_HAND
        .replace("SEL_START", "1")
        .replace("SEL_END", "2");
    let bytes = qdpx(
        &xml,
        &[("sources/50000000-0000-4000-8000-000000000001.txt", &bomb)],
    );
    assert!(bytes.len() < 1 << 20);
    let (text, _) = message(&bytes);
    assert!(
        text.contains("inflates past the limit") && text.contains("sources/50000000"),
        "{text}"
    );
}

#[test]
fn codebooks_read_as_lexicon_skeletons() {
    let lexicon = Lexicon::default_french();
    let qdc = refi_qda::to_qdc(&lexicon);
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("codes.qdc");
    std::fs::write(&file, &qdc).unwrap();
    let skeleton = Lexicon::from_path(&file).unwrap();
    assert_eq!(
        skeleton.theme_ids().collect::<Vec<_>>(),
        lexicon.theme_ids().collect::<Vec<_>>()
    );
    for (got, want) in skeleton.themes.iter().zip(&lexicon.themes) {
        assert_eq!(got.definition, want.definition.trim());
        assert!(got.entries.is_empty());
    }
    // A skeleton is a codebook to fill in, not a lexicon to score with.
    let e = skeleton.validate().unwrap_err().to_string();
    assert!(e.contains("has no entries"), "{e}");
    std::fs::write(
        &file,
        "<CodeBook><Codes><Code name=\"x\" isCodable=\"true\"/></Codes></CodeBook>",
    )
    .unwrap();
    let e = Lexicon::from_path(&file).unwrap_err();
    assert_eq!((e.path(), e.line()), (Some(file.as_path()), Some(1)), "{e}");

    // Through the CLI.
    let out = tmp.path().join("cli.qdc");
    let status = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["lexicon", "export", "--format", "qdc", "-o"])
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), qdc);
}

#[test]
fn score_never_writes_the_project_over_an_input() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("ent.txt");
    std::fs::write(&input, TEXT).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_entretien"))
        .args(["score", "-q", "--qdpx"])
        .arg(&input)
        .arg(&input)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to overwrite"));
    assert_eq!(std::fs::read_to_string(&input).unwrap(), TEXT);
}
