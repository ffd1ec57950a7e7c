//! Word (`.docx`) and OpenDocument (`.odt`) readers: documents built here with the zip writer
//! (labels, tables, notes, comments, tracked changes, properties), bad archives, properties that
//! no input panics, the real `.docx` files in `../shared/data`, and the reader's throughput.

mod common;

use entretien::transcript::{self, detect_format, Format, ReadOptions, Transcript};
use entretien::{ErrorKind, Role};
use proptest::prelude::*;
use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn opts() -> ReadOptions {
    ReadOptions::default()
}

/// A zip archive of `members`, deflated unless `stored`.
fn zip_of(members: &[(&str, &[u8])], stored: &[&str]) -> Vec<u8> {
    let mut out = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        let (method, level) = if stored.contains(name) {
            (CompressionMethod::Stored, None)
        } else {
            (CompressionMethod::Deflated, Some(1))
        };
        let options = SimpleFileOptions::default()
            .compression_method(method)
            .compression_level(level)
            .large_file(bytes.len() > u32::MAX as usize / 2);
        out.start_file(*name, options).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A `.docx` whose body is `body` (the inside of `<w:body>`), with footnotes, comments and a
/// header in their own parts, and core properties.
fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId9" xmlns:r="r"/></w:sectPr></w:body></w:document>"#
    );
    let footnotes = format!(
        r#"<w:footnotes {W}><w:footnote w:id="1"><w:p><w:r><w:t>NOTEDEBAS source INSEE</w:t></w:r></w:p></w:footnote></w:footnotes>"#
    );
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="0" w:author="A"><w:p><w:r><w:t>COMMENTAIRE relire ce passage</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let header =
        format!(r#"<w:hdr {W}><w:p><w:r><w:t>ENTETE Confidentiel</w:t></w:r></w:p></w:hdr>"#);
    let core = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>Entretien 12 &amp; suite</dc:title><dc:creator>Anne Martin</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-01T10:00:00Z</dcterms:created></cp:coreProperties>"#;
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("word/document.xml", document.as_bytes()),
            ("word/footnotes.xml", footnotes.as_bytes()),
            ("word/comments.xml", comments.as_bytes()),
            ("word/header1.xml", header.as_bytes()),
            ("docProps/core.xml", core.as_bytes()),
        ],
        &[],
    )
}

fn p(runs: &str) -> String {
    format!("<w:p>{runs}</w:p>")
}

fn r(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn bold(text: &str) -> String {
    format!(r#"<w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t>{text}</w:t></w:r>"#)
}

const TAB: &str = "<w:r><w:tab/></w:r>";

fn cell(text: &str) -> String {
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/></w:tcPr>{}</w:tc>"#,
        if text.is_empty() { p("") } else { p(&r(text)) }
    )
}

fn row(a: &str, b: &str) -> String {
    format!("<w:tr>{}{}</w:tr>", cell(a), cell(b))
}

/// The body of the main test document: bold labels and a tab, colon labels, a footnote, a
/// comment, a tracked deletion and insertion, a field code, tab stops, and a speaker table with a
/// header row.
fn interview_body() -> String {
    [
        p(&bold("Entretien avec Mme Durand")),
        // Tab stops in the paragraph properties are no tabs of the text.
        format!(
            r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="1440"/></w:tabs><w:rPr><w:del w:id="7" w:author="A"/></w:rPr></w:pPr>{}{TAB}{}</w:p>"#,
            bold("Enquêteur"),
            r("Bonjour, vous travaillez ici depuis longtemps ?")
        ),
        p(&format!(
            r#"{}{TAB}{}<w:commentRangeStart w:id="0"/>{}<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>{}"#,
            bold("Mme Durand"),
            r("Oui, depuis "),
            r("2010"),
            r(".")
        )),
        p(&format!("{}{}", bold("Enquêteur :"), r(" Et le télétravail ?"))),
        p(&format!(
            r#"{}<w:del w:id="3" w:author="A"><w:r><w:delText>déteste</w:delText></w:r></w:del><w:ins w:id="4" w:author="A"><w:r><w:t>préfère</w:t></w:r></w:ins>{}<w:r><w:br/></w:r>{}<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>{}<w:r><w:fldChar w:fldCharType="end"/></w:r>"#,
            r("Mme Durand : Je "),
            r(" le télétravail."),
            r("Mais on se parle moins, "),
            r("voilà.")
        )),
        format!(
            r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="2000"/><w:gridCol w:w="7000"/></w:tblGrid><w:tr><w:trPr><w:tblHeader/></w:trPr>{}{}</w:tr>{}{}{}</w:tbl>"#,
            cell("Locuteur"),
            cell("Propos"),
            row("Enquêteur", "Et vos collègues ?"),
            row("Mme Durand", "Je les vois le mardi."),
            row("", "Et le jeudi aussi."),
        ),
        p(""),
    ]
    .concat()
}

fn read_docx(bytes: &[u8], name: &str) -> Transcript {
    let mut all = transcript::read_bytes(bytes, Some(Path::new(name)), &opts())
        .unwrap_or_else(|e| panic!("{name} should read: {e}"));
    assert_eq!(all.len(), 1);
    all.remove(0)
}

/// `(speaker, role, words)` of every turn, the words sliced from the text by the turn's span.
fn turns(t: &Transcript) -> Vec<(Option<&str>, Role, &str)> {
    t.turns
        .iter()
        .map(|turn| (t.turn_speaker(turn), turn.role, &t.text[turn.span.range()]))
        .collect()
}

/// Spans in bounds, on char boundaries, trimmed, non-empty, in text order without overlap.
fn check_spans(t: &Transcript) {
    let mut end = 0;
    for turn in &t.turns {
        let span = turn.span;
        assert!(
            span.start < span.end && span.end <= t.text.len(),
            "{span:?}"
        );
        assert!(span.start >= end, "turns overlap or go back: {span:?}");
        assert!(t.text.is_char_boundary(span.start) && t.text.is_char_boundary(span.end));
        let words = t.turn_text(turn);
        assert_eq!(words, words.trim());
        end = span.end;
    }
}

#[test]
fn docx_labels_tables_notes_and_properties() {
    let bytes = docx(&interview_body());
    let t = read_docx(&bytes, "ent12.docx");
    assert_eq!(t.format, Format::Docx);
    assert_eq!(t.id, "ent12");
    assert_eq!(t.source.as_deref(), Some(Path::new("ent12.docx")));
    let interviewer = (Some("Enquêteur"), Role::Interviewer);
    let durand = (Some("Mme Durand"), Role::Respondent);
    let expected = vec![
        (
            interviewer,
            "Bonjour, vous travaillez ici depuis longtemps ?",
        ),
        (durand, "Oui, depuis 2010."),
        (interviewer, "Et le télétravail ?"),
        (
            durand,
            "Je préfère le télétravail.\nMais on se parle moins, voilà.",
        ),
        (interviewer, "Et vos collègues ?"),
        (durand, "Je les vois le mardi.\nEt le jeudi aussi."),
    ];
    let got: Vec<_> = turns(&t).into_iter().map(|(s, r, w)| ((s, r), w)).collect();
    assert_eq!(got, expected);
    check_spans(&t);
    assert_eq!(
        &t.text[t.preamble.expect("the title is the preamble").range()],
        "Entretien avec Mme Durand"
    );
    // The bold label and its tab stay in the text; the label is out of the words.
    assert!(t.text.contains("Enquêteur\tBonjour"), "{:?}", t.text);
    for absent in [
        "déteste",
        "NOTEDEBAS",
        "COMMENTAIRE",
        "ENTETE",
        "PAGE",
        "Locuteur",
        "Propos",
    ] {
        assert!(!t.text.contains(absent), "{absent} in {:?}", t.text);
    }
    let speakers: Vec<(&str, Role, usize)> = t
        .speakers()
        .iter()
        .map(|s| (s.name, s.role, s.turns))
        .collect();
    assert_eq!(
        speakers,
        [
            ("Enquêteur", Role::Interviewer, 3),
            ("Mme Durand", Role::Respondent, 3)
        ]
    );
    assert_eq!(t.metadata["title"], "Entretien 12 & suite");
    assert_eq!(t.metadata["creator"], "Anne Martin");
    assert_eq!(t.metadata["created"], "2024-03-01T10:00:00Z");
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn docx_without_labels_is_one_turn_and_a_metadata_table_is_no_speaker_table() {
    let body = [
        format!(
            "<w:tbl>{}{}</w:tbl>",
            row("Date", "3 mars 2024"),
            row("Lieu", "Mairie annexe")
        ),
        p(&r("Je suis seule devant mon écran.")),
        p(&r("Et voilà.")),
    ]
    .concat();
    let t = read_docx(&docx(&body), "a.docx");
    assert_eq!(
        turns(&t),
        vec![(
            None,
            Role::Unknown,
            "Date\n3 mars 2024\nLieu\nMairie annexe\nJe suis seule devant mon écran.\nEt voilà."
        )]
    );
}

#[test]
fn docx_is_detected_by_content_and_named() {
    let bytes = docx(&p(&r("E : bonjour")));
    assert_eq!(detect_format(None, &bytes), Format::Docx);
    assert_eq!(
        detect_format(Some(Path::new("x.docx")), b"anything"),
        Format::Docx
    );
    // Without a name, read from the content.
    let t = &transcript::read_bytes(&bytes, None, &opts()).unwrap()[0];
    assert_eq!(t.format, Format::Docx);
    assert_eq!(t.turns.len(), 1);
    assert_eq!("docx".parse::<Format>().unwrap(), Format::Docx);
    assert_eq!("odt".parse::<Format>().unwrap(), Format::Odt);
    assert!(Format::ALL.contains(&Format::Docx) && Format::ALL.contains(&Format::Odt));
    // A zip archive that is neither is recognised and not read.
    let other = zip_of(&[("a.csv", b"x,y")], &[]);
    let err = transcript::read_bytes(&other, Some(Path::new("a.zip")), &opts()).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::UnsupportedFormat { .. }),
        "{err}"
    );
    // Text given as a string cannot be a zip archive.
    let err = transcript::parse_str("x", Format::Docx, "x", &opts()).unwrap_err();
    assert!(err.to_string().contains("bytes"), "{err}");
}

const ODT_NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0""#;

fn odt(text_body: &str, mimetype: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODT_NS} office:version="1.3"><office:automatic-styles><style:style xmlns:style="s" style:name="P1"/></office:automatic-styles><office:body><office:text><text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Illustration"/></text:sequence-decls>{text_body}</office:text></office:body></office:document-content>"#
    );
    let meta = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {ODT_NS}><office:meta><meta:generator>LibreOffice/7.6</meta:generator><dc:title>Entretien Roux</dc:title><meta:initial-creator>Paul Petit</meta:initial-creator><meta:creation-date>2023-11-02T09:30:00</meta:creation-date><dc:creator>Zoé</dc:creator><meta:keyword>mairie</meta:keyword><meta:keyword>accueil</meta:keyword><meta:user-defined meta:name="Service">État civil</meta:user-defined><meta:document-statistic meta:word-count="40"/></office:meta></office:document-meta>"#
    );
    zip_of(
        &[
            ("mimetype", mimetype.as_bytes()),
            ("content.xml", content.as_bytes()),
            ("meta.xml", meta.as_bytes()),
            (
                "styles.xml",
                format!(r#"<office:document-styles {ODT_NS}><office:master-styles><style:master-page xmlns:style="s"><style:header><text:p>ENTETE odt</text:p></style:header></style:master-page></office:master-styles></office:document-styles>"#).as_bytes(),
            ),
        ],
        &["mimetype"],
    )
}

const ODT_TEXT: &str = "application/vnd.oasis.opendocument.text";

#[test]
fn odt_labels_notes_changes_and_meta() {
    let body = r#"<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>Zoé</dc:creator></office:change-info><text:p>SUPPRIME mot retiré</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h text:outline-level="1">Entretien   à la mairie</text:h>
<text:p>Enquêtrice : Vous êtes<text:s text:c="2"/>seule à l'accueil ?<office:annotation><dc:creator>Zoé</dc:creator><text:p>COMMENTAIRE odt</text:p></office:annotation></text:p>
<text:p>M. Roux<text:tab/>Oui, le matin<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>NOTEDEBAS odt</text:p></text:note-body></text:note>.<text:line-break/>L'après-midi <text:change-start text:change-id="ct1"/>non<text:change-end text:change-id="ct1"/>.</text:p>
<text:list><text:list-item><text:p>Enquêtrice : Et le   public
 ?</text:p></text:list-item></text:list>
<text:p><draw:frame draw:name="img"><draw:text-box><text:p>CADRE odt</text:p></draw:text-box></draw:frame>M. Roux : Il <text:span text:style-name="T1">attend</text:span>.</text:p>"#;
    let t = read_docx(&odt(body, ODT_TEXT), "roux.odt");
    assert_eq!(t.format, Format::Odt);
    let enq = (Some("Enquêtrice"), Role::Interviewer);
    let roux = (Some("M. Roux"), Role::Respondent);
    let got: Vec<_> = turns(&t).into_iter().map(|(s, r, w)| ((s, r), w)).collect();
    assert_eq!(
        got,
        vec![
            (enq, "Vous êtes  seule à l'accueil ?"),
            (roux, "Oui, le matin.\nL'après-midi non."),
            (enq, "Et le public ?"),
            (roux, "Il attend."),
        ]
    );
    check_spans(&t);
    assert_eq!(
        &t.text[t.preamble.unwrap().range()],
        "Entretien à la mairie"
    );
    for absent in ["SUPPRIME", "COMMENTAIRE", "NOTEDEBAS", "CADRE", "ENTETE"] {
        assert!(!t.text.contains(absent), "{absent} in {:?}", t.text);
    }
    let m = &t.metadata;
    assert_eq!(m["title"], "Entretien Roux");
    assert_eq!(m["creator"], "Paul Petit");
    assert_eq!(m["lastModifiedBy"], "Zoé");
    assert_eq!(m["created"], "2023-11-02T09:30:00");
    assert_eq!(m["keywords"], "mairie, accueil");
    assert_eq!(m["Service"], "État civil");
    assert_eq!(m["generator"], "LibreOffice/7.6");
    assert_eq!(
        detect_format(None, &odt("<text:p>x</text:p>", ODT_TEXT)),
        Format::Odt
    );
}

#[test]
fn odt_speaker_table_with_header_rows() {
    let cell = |s: &str| format!("<table:table-cell><text:p>{s}</text:p></table:table-cell>");
    let row =
        |a: &str, b: &str| format!("<table:table-row>{}{}</table:table-row>", cell(a), cell(b));
    let body = format!(
        r#"<table:table table:name="T"><table:table-column table:number-columns-repeated="2"/><table:table-header-rows>{}</table:table-header-rows>{}{}{}</table:table>"#,
        row("Qui", "Transcription"),
        row("E", "Vous venez souvent ?"),
        row("Karim", "Tous les jours."),
        row("E", "Pourquoi ?"),
    );
    let t = read_docx(&odt(&body, ODT_TEXT), "k.odt");
    assert_eq!(
        turns(&t),
        vec![
            (Some("E"), Role::Interviewer, "Vous venez souvent ?"),
            (Some("Karim"), Role::Respondent, "Tous les jours."),
            (Some("E"), Role::Interviewer, "Pourquoi ?"),
        ]
    );
    assert!(!t.text.contains("Transcription"));
    check_spans(&t);
}

// ---------------------------------------------------------------- bad input

/// Reads `bytes` as `name`: the error, which must be a transcript error naming the file.
fn failure(bytes: &[u8], name: &str) -> String {
    let err = transcript::read_bytes(bytes, Some(Path::new(name)), &opts())
        .expect_err("bad input must fail");
    assert!(matches!(err.kind(), ErrorKind::Transcript { .. }), "{err}");
    assert_eq!(err.path(), Some(Path::new(name)));
    let shown = err.to_string();
    assert!(shown.starts_with(&format!("{name}: ")), "{shown}");
    shown
}

#[test]
fn bad_archives_are_errors_naming_file_and_member() {
    let good = docx(&interview_body());
    let cut = &good[..good.len() / 2];
    assert!(failure(cut, "cut.docx").contains("zip"));
    assert!(failure(b"Enqueteur : pas un zip", "faux.docx").contains("zip"));
    let no_body = zip_of(&[("[Content_Types].xml", CONTENT_TYPES.as_bytes())], &[]);
    let shown = failure(&no_body, "vide.docx");
    assert!(
        shown.contains("word/document.xml") && shown.contains("missing"),
        "{shown}"
    );
    let not_text = zip_of(
        &[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", b"<office:document-content/>"),
        ],
        &["mimetype"],
    );
    assert!(failure(&not_text, "calc.odt").contains("mimetype"));
    let no_content = zip_of(&[("mimetype", ODT_TEXT.as_bytes())], &["mimetype"]);
    assert!(failure(&no_content, "x.odt").contains("content.xml"));
}

/// A `.docx` whose document part is `xml`.
fn docx_part(xml: &[u8]) -> Vec<u8> {
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("word/document.xml", xml),
        ],
        &[],
    )
}

#[test]
fn malformed_xml_entities_and_nesting_are_errors() {
    let lol = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><w:document {W}><w:body><w:p><w:r><w:t>&c;&c;&c;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let shown = failure(&docx_part(lol.as_bytes()), "lol.docx");
    assert!(
        shown.contains("word/document.xml") && shown.contains("DTD"),
        "{shown}"
    );
    let unknown = format!(
        r#"<w:document {W}><w:body><w:p><w:r><w:t>&lol;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let shown = failure(&docx_part(unknown.as_bytes()), "ent.docx");
    assert!(shown.contains("word/document.xml: line 1"), "{shown}");
    let deep = format!(
        "<w:document {W}><w:body>{}{}</w:body></w:document>",
        "<w:sdt>".repeat(100_000),
        "</w:sdt>".repeat(100_000)
    );
    let shown = failure(&docx_part(deep.as_bytes()), "deep.docx");
    assert!(shown.contains("nested deeper"), "{shown}");
    let mismatched = format!(r#"<w:document {W}><w:body><w:p></w:r></w:body></w:document>"#);
    assert!(failure(&docx_part(mismatched.as_bytes()), "m.docx").contains("malformed XML"));
    let unclosed = format!(r#"<w:document {W}><w:body><w:p><w:r><w:t>début"#);
    assert!(failure(&docx_part(unclosed.as_bytes()), "u.docx").contains("cut short"));
    let latin1 = docx_part(
        b"<w:document><w:body><w:p><w:r><w:t>\xe9t\xe9</w:t></w:r></w:p></w:body></w:document>",
    );
    assert!(failure(&latin1, "l.docx").contains("not UTF-8"));
}

/// The limit on what one member may inflate to (64 MiB, as documented).
const LIMIT: usize = 64 << 20;

#[test]
fn zip_bombs_stop_at_the_member_limit() {
    let mut xml = format!("<w:document {W}><w:body><w:p><w:r><w:t>").into_bytes();
    xml.resize(LIMIT + 1024, b'a');
    xml.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let bomb = docx_part(&xml);
    assert!(bomb.len() < LIMIT / 100, "deflated to {} bytes", bomb.len());
    let shown = failure(&bomb, "bomb.docx");
    assert!(
        shown.contains("word/document.xml") && shown.contains("limit"),
        "{shown}"
    );

    // The same bomb whose headers claim a small size: the bounded reader stops it all the same.
    let mut lying = bomb.clone();
    let small = 1000u32.to_le_bytes();
    lying[22..26].copy_from_slice(&small);
    let mut at = 0;
    while let Some(i) = find(&lying[at..], b"PK\x01\x02") {
        let header = at + i;
        let name_len = u16::from_le_bytes([lying[header + 28], lying[header + 29]]) as usize;
        if &lying[header + 46..header + 46 + name_len] == b"word/document.xml" {
            lying[header + 24..header + 28].copy_from_slice(&small);
        }
        at = header + 4;
    }
    let shown = failure(&lying, "lying.docx");
    assert!(
        shown.contains("word/document.xml") && shown.contains("limit"),
        "{shown}"
    );
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Random bytes, as a `.docx`, an `.odt` or unnamed after a zip signature, never panic.
    #[test]
    fn random_bytes_never_panic(body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut zipped = b"PK\x03\x04".to_vec();
        zipped.extend_from_slice(&body);
        for name in [Some("r.docx"), Some("r.odt"), None] {
            let _ = transcript::read_bytes(&body, name.map(Path::new), &opts());
            let _ = transcript::read_bytes(&zipped, name.map(Path::new), &opts());
        }
    }

    /// Valid files cut at any point, or with one byte changed, never panic.
    #[test]
    fn cut_or_damaged_files_never_panic(cut in 0.0f64..1.0, at in 0.0f64..1.0, byte in any::<u8>()) {
        let files = [
            (docx(&interview_body()), "d.docx"),
            (odt("<text:p>E : oui</text:p><text:p>R : non</text:p>", ODT_TEXT), "o.odt"),
        ];
        for (bytes, name) in &files {
            let n = (cut * bytes.len() as f64) as usize;
            let _ = transcript::read_bytes(&bytes[..n], Some(Path::new(name)), &opts());
            let mut damaged = bytes.clone();
            let i = (at * bytes.len() as f64) as usize % bytes.len();
            damaged[i] = byte;
            if let Ok(all) = transcript::read_bytes(&damaged, Some(Path::new(name)), &opts()) {
                all.iter().for_each(check_spans);
            }
        }
    }
}

// ---------------------------------------------------------------- real files

/// The three TurboScribe interviews post-edited in Word (see `../shared/data/transcripts/README.md`).
/// Label paragraphs read `[Chercheur] (0:01 - 0:11)`; the words follow in their own paragraphs.
/// Counts checked by hand: the labels are split over several runs, so each paragraph's text is
/// taken first, with
/// `unzip -p FILE word/document.xml | sed 's/<\/w:p>/\n/g; s/<[^>]*>//g' | grep '^\[' | sed 's/ (.*//' | sort | uniq -c`
/// (and `| head -1` for the first label). In `25.05.22_06` one label is mistyped
/// `[Interviewe] (22:175 - 22:17)`: it still opens a turn, with no start time.
#[test]
fn real_docx_interviews() {
    let Some(dir) = common::shared_data("transcripts/docx") else {
        return;
    };
    let cases = [
        (
            "Entretien_01_24.10.03_01_traitement_A.docx",
            18,
            18,
            (1.0, 11.0),
            "Entretien 01 24.10.03 01",
        ),
        (
            "Entretien_01_24.10.04_04_traitement.docx",
            16,
            17,
            (2.0, 24.0),
            "Entretien 01 24.10.04 04",
        ),
        (
            "Entretien_01_25.05.22_06_traitement_A.docx",
            34,
            35,
            (0.0, 5.0),
            "Entretien 01 25.05.22 06",
        ),
    ];
    for (name, chercheur, interviewe, (start, end), title) in cases {
        let path = dir.join(name);
        let all = transcript::read_path(&path, &opts()).unwrap_or_else(|e| panic!("{e}"));
        let t = &all[0];
        assert_eq!(t.format, Format::Docx, "{name}");
        let speakers: Vec<(&str, Role, usize)> = t
            .speakers()
            .iter()
            .map(|s| (s.name, s.role, s.turns))
            .collect();
        assert_eq!(
            speakers,
            [
                ("Chercheur", Role::Interviewer, chercheur),
                ("Interviewe", Role::Respondent, interviewe)
            ],
            "{name}"
        );
        assert_eq!(t.turns.len(), chercheur + interviewe, "{name}");
        assert_eq!(
            (t.turn_start(&t.turns[0]), t.turn_end(&t.turns[0])),
            (Some(start), Some(end)),
            "{name}"
        );
        let untimed = t.turns.iter().filter(|x| t.turn_start(x).is_none()).count();
        assert_eq!(untimed, usize::from(name.contains("25.05.22")), "{name}");
        assert_eq!(t.metadata["title"], title, "{name}");
        assert_eq!(t.metadata["creator"], "TurboScribe.ai", "{name}");
        assert_eq!(&t.text[t.preamble.unwrap().range()], title, "{name}");
        // Words never include a label line.
        for turn in &t.turns {
            let words = t.turn_text(turn);
            assert!(
                !words.contains("[Chercheur]") && !words.contains("[Interviewe]"),
                "{name}: {words:?}"
            );
        }
        check_spans(t);
    }
}

// ---------------------------------------------------------------- throughput

/// `cargo test --release --test readers_office -- --ignored --nocapture docx_throughput`
#[test]
#[ignore]
fn docx_throughput() {
    let sentence = "Bah on gagne du temps, mais on se parle moins qu'avant, voilà. ";
    let mut body = String::new();
    let mut text_bytes = 0;
    let mut turns = 0;
    while text_bytes < 6_000_000 {
        let (label, words) = if turns % 2 == 0 {
            (
                "Enquêtrice",
                "Et la dématérialisation, ça a changé quoi pour vous ?",
            )
        } else {
            ("Mme Durand", sentence)
        };
        let words = words.repeat(1 + turns % 7);
        body.push_str(&p(&format!("{}{TAB}{}", bold(label), r(&words))));
        text_bytes += label.len() + 1 + words.len() + 1;
        turns += 1;
    }
    let bytes = docx(&body);
    let start = std::time::Instant::now();
    let runs = 5;
    for _ in 0..runs {
        let t = read_docx(&bytes, "big.docx");
        assert_eq!(t.turns.len(), turns);
    }
    let secs = start.elapsed().as_secs_f64() / runs as f64;
    println!(
        "docx reader: {:.1} MB of text ({:.1} MB zipped, {turns} turns) in {:.3} s: {:.0} MB/s of text",
        text_bytes as f64 / 1e6,
        bytes.len() as f64 / 1e6,
        secs,
        text_bytes as f64 / 1e6 / secs
    );
}
