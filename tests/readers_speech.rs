//! The readers of research speech formats: TEI (P5, ISO 24624, minimal, header-only), ELAN,
//! CHAT, speech-recognition JSON and word-level WebVTT. Small inline files for each construct,
//! bad input (entities, cut files, random bytes) that never panics, and the real files of
//! `../shared/data/transcripts`.

mod common;

use entretien::transcript::{self, detect_format, Format, ReadOptions, Transcript};
use entretien::{Role, Tokenizer};
use proptest::prelude::*;
use std::path::Path;

fn opts() -> ReadOptions {
    ReadOptions::default()
}

fn one(text: &str, format: Format) -> Transcript {
    let mut all = transcript::parse_str(text, format, "t", &opts())
        .unwrap_or_else(|e| panic!("{format} input should parse: {e}"));
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

fn times(t: &Transcript) -> Vec<(Option<f64>, Option<f64>)> {
    t.turns
        .iter()
        .map(|x| (t.turn_start(x), t.turn_end(x)))
        .collect()
}

/// Turn spans in bounds, on char boundaries, trimmed and in text order; every token of a turn
/// slices back to its own text inside the turn.
fn check_spans(t: &Transcript) {
    let tokenizer = Tokenizer::new();
    let mut previous_end = 0;
    for turn in &t.turns {
        let span = turn.span;
        assert!(span.start < span.end, "{}: empty turn {span:?}", t.id);
        assert!(span.start >= previous_end, "{}: turns out of order", t.id);
        previous_end = span.end;
        assert!(span.end <= t.text.len(), "{}: span out of bounds", t.id);
        assert!(t.text.is_char_boundary(span.start) && t.text.is_char_boundary(span.end));
        let words = t.turn_text(turn);
        assert_eq!(words, words.trim(), "{}: untrimmed turn", t.id);
        for token in tokenizer.tokenize(words) {
            let at = span.start + token.span.start;
            assert_eq!(&t.text[at..at + token.text.len()], token.text);
            assert!(span.start + token.span.end <= span.end);
        }
    }
}

fn warned(t: &Transcript, needle: &str) -> Option<usize> {
    let w = t
        .warnings
        .iter()
        .find(|w| w.message.contains(needle))
        .unwrap_or_else(|| panic!("no warning with {needle:?} in {:?}", t.warnings));
    w.line
}

// ---------------------------------------------------------------- TEI

const TEI_P5: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="fr">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Entretien Mairie 04</title></titleStmt>
      <publicationStmt><date when="2024-03-12"/></publicationStmt>
    </fileDesc>
    <profileDesc>
      <particDesc>
        <listPerson>
          <person xml:id="enq" role="interviewer" sex="2"><persName>Claire</persName></person>
          <person xml:id="r1" role="Participant" age="47" sex="1">
            <persName><forename>Paul</forename> <surname>Martin</surname></persName>
            <occupation>agent d'accueil</occupation>
          </person>
        </listPerson>
      </particDesc>
    </profileDesc>
  </teiHeader>
  <text>
    <timeline unit="s" origin="#T0">
      <when xml:id="T0" absolute="0"/>
      <when xml:id="T1" interval="1.5" since="#T0"/>
      <when xml:id="T2" interval="2.5" since="#T1"/>
      <when xml:id="T3" interval="1" since="#T2"/>
    </timeline>
    <body>
      <u who="#enq" start="#T0" end="#T1">Et la <seg>dématérialisation</seg> ?</u>
      <u who="#r1" start="#T1" end="#T3">Bah <pause dur="PT1S"/> on gagne <vocal><desc>rire</desc></vocal> du
        temps <incident><desc>téléphone</desc></incident> mais <unclear>on se parle</unclear> moins<kinesic type="nod"/>.<gap reason="inaudible"/>
        <note>hors micro</note></u>
    </body>
  </text>
</TEI>
"##;

#[test]
fn tei_p5_u_with_timeline_persons_and_events() {
    let t = one(TEI_P5, Format::Tei);
    assert_eq!(
        turns(&t),
        [
            (
                Some("Claire"),
                Role::Interviewer,
                "Et la dématérialisation ?"
            ),
            (
                Some("Paul Martin"),
                Role::Respondent,
                "Bah on gagne du temps mais on se parle moins ."
            ),
        ]
    );
    assert_eq!(times(&t), [(Some(0.0), Some(1.5)), (Some(1.5), Some(5.0))]);
    for kept_out in ["rire", "téléphone", "hors micro", "inaudible"] {
        assert!(!t.text.contains(kept_out), "{kept_out} in {:?}", t.text);
    }
    let m = &t.metadata;
    assert_eq!(m["title"], "Entretien Mairie 04");
    assert_eq!(m["date"], "2024-03-12");
    assert_eq!(m["language"], "fr");
    assert_eq!(m["speaker.r1.age"], "47");
    assert_eq!(m["speaker.r1.occupation"], "agent d'accueil");
    assert_eq!(m["speaker.enq.role"], "interviewer");
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    check_spans(&t);
}

#[test]
fn tei_u_with_anchors_and_roles_from_names() {
    let text = r##"<TEI><teiHeader><profileDesc><particDesc><listPerson>
        <person xml:id="E"><persName>Enquêtrice</persName></person>
        <person xml:id="SP1"/>
      </listPerson></particDesc></profileDesc></teiHeader>
      <text><timeline><when xml:id="a" absolute="00:01:00"/><when xml:id="b" interval="4" since="#a"/>
        <when xml:id="c" interval="2" since="#b"/></timeline>
      <body><u who="#E"><anchor synch="#a"/>Vous avez suivi une formation ?<anchor synch="#b"/></u>
        <u who="#SP1"><anchor synch="#b"/>Oui, <w>deux</w><w>jours</w><anchor synch="#c"/></u>
        <u who="#E #SP1">oui</u></body></text></TEI>"##;
    let t = one(text, Format::Tei);
    assert_eq!(
        turns(&t),
        [
            (
                Some("Enquêtrice"),
                Role::Interviewer,
                "Vous avez suivi une formation ?"
            ),
            (Some("SP1"), Role::Respondent, "Oui, deux jours"),
            (Some("Enquêtrice+SP1"), Role::Unknown, "oui"),
        ]
    );
    assert_eq!(
        times(&t),
        [
            (Some(60.0), Some(64.0)),
            (Some(64.0), Some(66.0)),
            (None, None)
        ]
    );
    check_spans(&t);
}

const TEI_ISO: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0">
  <teiHeader><profileDesc><particDesc><listPerson>
    <person role="Investigator"><altGrp><alt type="INV"/></altGrp><persName>Aliyah</persName></person>
    <person role="Target_Child" sex="1"><altGrp><alt type="CHI"/></altGrp><age value="3.0">2;11.30</age></person>
    <person role="Mother"><altGrp><alt type="MOT"/></altGrp></person>
  </listPerson></particDesc></profileDesc></teiHeader>
  <text>
    <timeline unit="ms"><when absolute="0" xml:id="T0"/><when interval="7168" since="#T0" xml:id="T1"/>
      <when interval="8100" since="#T0" xml:id="T2"/></timeline>
    <body>
      <annotationBlock who="INV" start="#T0" end="#T1" xml:id="au0">
        <u><seg>tu vas me faire un tableau ?</seg></u>
        <spanGrp type="com"><span>dit en riant</span></spanGrp>
      </annotationBlock>
      <annotatedU wh="CHI" start="#T1" end="#T2"><u><seg>ouais .</seg></u>
        <spanGrp type="pho"><span>wɛ</span></spanGrp></annotatedU>
      <annotationBlock who="MOT" start="#T2" end="#T9"><u>tiens</u></annotationBlock>
    </body>
  </text>
</TEI>"##;

#[test]
fn tei_iso_24624_blocks_roles_and_dependent_tiers() {
    let t = one(TEI_ISO, Format::Tei);
    assert_eq!(
        turns(&t),
        [
            (
                Some("Aliyah"),
                Role::Interviewer,
                "tu vas me faire un tableau ?"
            ),
            (Some("CHI"), Role::Respondent, "ouais ."),
            (Some("MOT"), Role::Other, "tiens"),
        ]
    );
    assert_eq!(
        times(&t),
        [
            (Some(0.0), Some(7.168)),
            (Some(7.168), Some(8.1)),
            (Some(8.1), None)
        ]
    );
    assert!(!t.text.contains("riant") && !t.text.contains("wɛ"));
    assert_eq!(t.metadata["speaker.CHI.age"], "2;11.30");
    assert_eq!(t.metadata["speaker.CHI.age.value"], "3.0");
    let line = warned(&t, "\"#T9\" points to no <when>");
    assert_eq!(
        line,
        Some(
            1 + TEI_ISO[..TEI_ISO.find("who=\"MOT\"").unwrap()]
                .matches('\n')
                .count()
        )
    );
    check_spans(&t);
}

#[test]
fn tei_minimal_u_without_header() {
    let text = "<transcript>\n<u who=\"Enquêteur\" start=\"0\" end=\"2.5\">Bonjour.</u>\n<u who=\"Mme Roux\" start=\"2.5\" end=\"01:03.5\">Bonjour &amp; merci.</u>\n</transcript>";
    assert_eq!(detect_format(None, text.as_bytes()), Format::Tei);
    let t = one(text, Format::Tei);
    assert_eq!(
        turns(&t),
        [
            (Some("Enquêteur"), Role::Interviewer, "Bonjour."),
            (Some("Mme Roux"), Role::Respondent, "Bonjour & merci."),
        ]
    );
    assert_eq!(times(&t), [(Some(0.0), Some(2.5)), (Some(2.5), Some(63.5))]);
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
}

#[test]
fn xml_encoding_declarations_are_honoured() {
    let mut tei = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<TEI><text><body><u who=\"R\">d\xe9j\xe0 l\xe0</u></body></text></TEI>".to_vec();
    let t = &transcript::read_bytes(&tei, Some(Path::new("a.xml")), &opts()).unwrap()[0];
    assert_eq!((t.format, t.text.as_str()), (Format::Tei, "déjà là"));
    tei.truncate(tei.len() - 20);
    let err = transcript::read_bytes(&tei, Some(Path::new("a.xml")), &opts()).unwrap_err();
    assert_eq!(err.line(), Some(2), "{err}");
}

#[test]
fn tei_header_only_gives_metadata_and_a_warning() {
    let text = r#"<?xml version="1.0"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>aperitif</title></titleStmt>
<publicationStmt><availability status="restricted"><licence target="https://creativecommons.org/licenses/by-nc-sa/3.0"/></availability></publicationStmt>
<sourceDesc><recordingStmt><recording type="audio" dur="00:31:55"><date>21/11/2009</date></recording></recordingStmt></sourceDesc></fileDesc>
<profileDesc><textClass><catRef target="repas" corresp="type"/></textClass>
<particDesc><listPerson><person xml:id="JUL"><sex>F</sex><birth from="1979" to="1989"><placeName>inconnu</placeName></birth></person></listPerson></particDesc>
</profileDesc></teiHeader></TEI>"#;
    let t = one(text, Format::Tei);
    assert!(t.turns.is_empty());
    warned(&t, "no speech");
    let m = &t.metadata;
    assert_eq!(m["title"], "aperitif");
    assert_eq!(m["duration"], "00:31:55");
    assert_eq!(m["date"], "21/11/2009");
    assert_eq!(m["availability"], "restricted");
    assert_eq!(m["catRef.type"], "repas");
    assert_eq!(m["speaker.JUL.sex"], "F");
    assert_eq!(m["speaker.JUL.birth.from"], "1979");
}

#[test]
fn tei_slips_are_warnings_with_lines() {
    let text = "<TEI><teiHeader><particDesc><listPerson><person xml:id=\"a\"/></listPerson></particDesc></teiHeader>\n<text><timeline><when xml:id=\"T0\" absolute=\"5\"/><when xml:id=\"T1\" absolute=\"2\"/>\n<when xml:id=\"L1\" interval=\"1\" since=\"#L2\"/><when xml:id=\"L2\" interval=\"1\" since=\"#L1\"/></timeline><body>\n<u who=\"#zz\">un</u>\n<u who=\"#a\" start=\"#T0\" end=\"#T1\">deux</u>\n<u who=\"#a\" start=\"#L1\">trois</u></body></text></TEI>";
    let t = one(text, Format::Tei);
    assert_eq!(t.turns.len(), 3, "no turn lost");
    assert_eq!(warned(&t, "\"zz\" is not declared"), Some(4));
    assert_eq!(warned(&t, "before it starts"), Some(5));
    assert_eq!(warned(&t, "\"#L1\" points to no <when>"), Some(6));
    assert_eq!(times(&t)[1], (Some(5.0), None));
}

#[test]
fn entities_are_never_expanded() {
    let mut laughs =
        String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE TEI [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        laughs.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
    }
    laughs.push_str("]>\n<TEI><text><body><u who=\"A\">ha &lol9; ha</u></body></text></TEI>");
    let t = one(&laughs, Format::Tei);
    assert_eq!(turns(&t), [(Some("A"), Role::Respondent, "ha ha")]);
    assert!(t.text.len() < 20);
    warned(&t, "entities are not expanded");
    let eaf = laughs
        .replace("<!DOCTYPE TEI", "<!DOCTYPE ANNOTATION_DOCUMENT")
        .replace(
            "<TEI><text><body><u who=\"A\">ha &lol9; ha</u></body></text></TEI>",
            "<ANNOTATION_DOCUMENT><HEADER/><TIME_ORDER/><TIER TIER_ID=\"A\"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a1\" TIME_SLOT_REF1=\"x\" TIME_SLOT_REF2=\"y\"><ANNOTATION_VALUE>ha &lol9; ha</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>",
        );
    let t = one(&eaf, Format::Eaf);
    assert_eq!(t.text, "ha ha");
    warned(&t, "entities are not expanded");
}

// ---------------------------------------------------------------- ELAN

const EAF: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT AUTHOR="Rou" DATE="2020-09-22T23:09:27+01:00" FORMAT="3.0" VERSION="3.0">
    <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
        <MEDIA_DESCRIPTOR MEDIA_URL="file:///E:/博士课程/a.wav" MIME_TYPE="audio/x-wav"/>
        <PROPERTY NAME="scribe">Rou</PROPERTY>
    </HEADER>
    <TIME_ORDER>
        <TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="500"/>
        <TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="2750"/>
        <TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="3000"/>
        <TIME_SLOT TIME_SLOT_ID="ts4"/>
        <TIME_SLOT TIME_SLOT_ID="ts5" TIME_VALUE="6000"/>
    </TIME_ORDER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" PARTICIPANT="Enquêtrice" TIER_ID="E">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
            <ANNOTATION_VALUE>Et le   télétravail ?</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts4" TIME_SLOT_REF2="ts5">
            <ANNOTATION_VALUE>D'accord.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="comment" PARENT_REF="E" TIER_ID="E-com">
        <ANNOTATION><REF_ANNOTATION ANNOTATION_ID="c1" ANNOTATION_REF="a1">
            <ANNOTATION_VALUE>question relancée</ANNOTATION_VALUE></REF_ANNOTATION></ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" PARTICIPANT="Mme Roux" TIER_ID="R">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" TIME_SLOT_REF1="ts2" TIME_SLOT_REF2="ts3">
            <ANNOTATION_VALUE>Deux jours par semaine.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" PARTICIPANT="Mme Roux" TIER_ID="R2">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a4" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts9">
            <ANNOTATION_VALUE>hum</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="Observateur">
        <ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a5" TIME_SLOT_REF1="ts5" TIME_SLOT_REF2="ts3">
            <ANNOTATION_VALUE>fin</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>
    </TIER>
    <TIER LINGUISTIC_TYPE_REF="default-lt" TIER_ID="default"/>
</ANNOTATION_DOCUMENT>
"#;

#[test]
fn eaf_tiers_participants_dependents_and_time_order() {
    let t = one(EAF, Format::Eaf);
    assert_eq!(
        turns(&t),
        [
            (Some("Enquêtrice"), Role::Interviewer, "Et le télétravail ?"),
            (Some("Mme Roux"), Role::Respondent, "hum"),
            (
                Some("Mme Roux"),
                Role::Respondent,
                "Deux jours par semaine."
            ),
            // ts4 has no time: it sorts after ts3, and has no start.
            (Some("Enquêtrice"), Role::Interviewer, "D'accord."),
            (Some("Observateur"), Role::Other, "fin"),
        ]
    );
    assert_eq!(
        times(&t),
        [
            (Some(0.5), Some(2.75)),
            (Some(0.5), None),
            (Some(2.75), Some(3.0)),
            (None, Some(6.0)),
            (Some(6.0), None),
        ]
    );
    assert!(!t.text.contains("relancée"), "dependent tier kept out");
    let m = &t.metadata;
    assert_eq!(m["author"], "Rou");
    assert_eq!(m["media"], "file:///E:/博士课程/a.wav");
    assert_eq!(m["property.scribe"], "Rou");
    assert_eq!(m["tier.R2.participant"], "Mme Roux");
    let line = |needle: &str| Some(1 + EAF[..EAF.find(needle).unwrap()].matches('\n').count());
    assert_eq!(
        warned(&t, "\"ts9\" is not in the TIME_ORDER"),
        line("\"a4\"")
    );
    assert_eq!(warned(&t, "ends (3) before it starts (6)"), line("\"a5\""));
    check_spans(&t);
    assert_eq!(
        detect_format(None, EAF.as_bytes()),
        Format::Eaf,
        "sniffed by its root"
    );
}

// ---------------------------------------------------------------- CHAT

const CHAT: &str = "@UTF8\r\n@Begin\r\n@Languages:\tfra\r\n@Participants:\tCHI Léonard Target_Child, MOT Mother, INV Aliyah\r\n\tInvestigator, OBS observateur\r\n@ID:\tfra|Paris|CHI|2;11.30|male|bi|White|Target_Child|Creche||\r\n@Date:\t14-OCT-1993\r\n@Comment:\tCoder - A. M.\r\n\tDate of transcript: 1995\r\n*INV:\ttu vas me faire un &-euh tableau@b pour (.) ma maison ? \u{15}0_7168\u{15}\r\n%com:\tdit en riant\r\n*CHI:\t<qu' y+a> [//] (ou)i ⌈c'+est⌉ xxx bleu [: bleue] [*] &=rit . \u{15}7168_8100\u{15}\r\n%mor:\tco|oui adj|bleu\r\n*MOT:\ttiens quand tu veux essuyer ton pinceau tu prends du sopalin pour\r\n\tfaire une autre couleur +... •8787_16718•\r\n*OBS:\td'accord ↗ . \u{15}20000_19000\u{15}\r\n*XYZ:\tqui parle ?\r\nfoo bar\r\n*CHI:\txxx .\r\n@End\r\n";

#[test]
fn chat_participants_codes_bullets_and_tiers() {
    let t = one(CHAT, Format::Chat);
    // Roles that @Participants declares are recorded as the file's own attribute; an undeclared
    // speaker's role comes from the label rules.
    let rule = |name: &str| {
        t.speakers()
            .into_iter()
            .find(|s| s.name == name)
            .and_then(|s| s.rule)
    };
    assert_eq!(
        rule("INV"),
        Some(entretien::transcript::RoleRule::Attribute)
    );
    assert_eq!(
        rule("CHI"),
        Some(entretien::transcript::RoleRule::Attribute)
    );
    assert_ne!(
        rule("XYZ"),
        Some(entretien::transcript::RoleRule::Attribute)
    );
    assert_eq!(
        turns(&t),
        [
            (
                Some("INV"),
                Role::Interviewer,
                "tu vas me faire un euh tableau pour ma maison ?"
            ),
            (Some("CHI"), Role::Respondent, "qu' y a oui c'est bleu ."),
            (
                Some("MOT"),
                Role::Other,
                "tiens quand tu veux essuyer ton pinceau tu prends du sopalin pour faire une autre couleur"
            ),
            (Some("OBS"), Role::Other, "d'accord ."),
            (Some("XYZ"), Role::Respondent, "qui parle ?"),
            // `*CHI: xxx .` keeps only its terminator: a turn of punctuation.
            (Some("CHI"), Role::Respondent, "."),
        ]
    );
    assert_eq!(
        times(&t)[..4],
        [
            (Some(0.0), Some(7.168)),
            (Some(7.168), Some(8.1)),
            (Some(8.787), Some(16.718)),
            (Some(20.0), None),
        ]
    );
    for code in [
        "[", "]", "&", "\u{15}", "•", "xxx", "(.)", "@", "⌈", "↗", "+", "<", "_",
    ] {
        assert!(!t.text.contains(code), "{code:?} in {:?}", t.text);
    }
    assert!(!t.text.contains("riant") && !t.text.contains("co|oui"));
    let m = &t.metadata;
    assert_eq!(m["date"], "14-OCT-1993");
    assert_eq!(m["comment"], "Coder - A. M. Date of transcript: 1995");
    assert_eq!(m["speaker.CHI.age"], "2;11.30");
    assert_eq!(m["speaker.CHI.name"], "Léonard");
    assert_eq!(m["speaker.INV.role"], "Investigator");
    assert_eq!(warned(&t, "*XYZ is not in @Participants"), Some(17));
    assert_eq!(warned(&t, "not a CHAT line"), Some(18));
    assert_eq!(warned(&t, "bullet ends"), Some(16));
    check_spans(&t);
    assert_eq!(detect_format(None, CHAT.as_bytes()), Format::Chat);
    assert_eq!(
        detect_format(Some(Path::new("x.CHA")), b"*CHI:\tmoi"),
        Format::Chat
    );
}

#[test]
fn chat_old_lower_case_headers_and_spaces() {
    let text = "@begin\n@participants: CHI Laetitia, OBS observateur\n*OBS:   tu vois , voilà deux poupées\n*CHI:   fais voir\n*OBS:   tiens , tu prends Caroline ,\n\td'+accord ?\n";
    let t = one(text, Format::Chat);
    assert_eq!(
        turns(&t),
        [
            (Some("OBS"), Role::Other, "tu vois , voilà deux poupées"),
            (Some("CHI"), Role::Respondent, "fais voir"),
            (
                Some("OBS"),
                Role::Other,
                "tiens , tu prends Caroline , d'accord ?"
            ),
        ]
    );
    assert_eq!(t.metadata["speaker.CHI.name"], "Laetitia");
    assert_eq!(t.metadata["speaker.OBS.role"], "observateur");
}

// ---------------------------------------------------------------- speech-recognition JSON

#[test]
fn whisper_plain_is_one_turn_of_its_segments() {
    let text = r#"{"text": " Bonjour à tous. On parle du télétravail.", "segments": [
        {"id": 0, "start": 0.5, "end": 2.0, "text": " Bonjour à tous.", "words": [{"text": "Bonjour", "start": 0.5, "end": 1.0}]},
        {"id": 1, "start": 2.0, "end": 4.25, "text": " On parle du télétravail."}
    ], "language": "fr"}"#;
    assert_eq!(
        detect_format(Some(Path::new("a.words.json")), text.as_bytes()),
        Format::AsrJson
    );
    assert_eq!(detect_format(None, text.as_bytes()), Format::AsrJson);
    let t = one(text, Format::AsrJson);
    assert_eq!(
        turns(&t),
        [(
            None,
            Role::Unknown,
            "Bonjour à tous. On parle du télétravail."
        )]
    );
    assert_eq!(times(&t), [(Some(0.5), Some(4.25))]);
    assert_eq!(t.metadata["language"], "fr");
    check_spans(&t);
}

#[test]
fn whisperx_speakers_give_runs() {
    let text = r#"{"segments": [
        {"start": 0.0, "end": 1.0, "text": " Et vous ?", "speaker": "Enquêtrice"},
        {"start": 1.0, "end": 2.0, "text": " Depuis quand ?", "speaker": "Enquêtrice"},
        {"start": 2.5, "end": 4.0, "text": " Deux ans.", "speaker": "SPEAKER_01"},
        {"start": 4.0, "end": "5", "words": [{"word": "Bien", "speaker": "Enquêtrice"}, {"word": "sûr."}]},
        {"start": 6.0, "end": 5.5, "text": " Oui.", "speaker": "SPEAKER_01"}
    ]}"#;
    let t = one(text, Format::AsrJson);
    assert_eq!(
        turns(&t),
        [
            (
                Some("Enquêtrice"),
                Role::Interviewer,
                "Et vous ? Depuis quand ?"
            ),
            (Some("SPEAKER_01"), Role::Unknown, "Deux ans."),
            (Some("Enquêtrice"), Role::Interviewer, "Bien sûr."),
            (Some("SPEAKER_01"), Role::Unknown, "Oui."),
        ]
    );
    assert_eq!(
        times(&t),
        [
            (Some(0.0), Some(2.0)),
            (Some(2.5), Some(4.0)),
            (Some(4.0), None),
            (Some(6.0), None)
        ]
    );
    warned(&t, "segment 4: `end` is not a number");
    warned(&t, "segment 5 ends");
    check_spans(&t);
    let err = transcript::parse_str("{\"x\": 1}", Format::AsrJson, "t", &opts()).unwrap_err();
    assert!(err.to_string().contains("no `segments`"), "{err}");
}

// ---------------------------------------------------------------- word-level WebVTT

#[test]
fn vtt_word_cues_merge_into_turns() {
    let mut text = String::from("WEBVTT\n\n");
    let words = [
        (0.0, "C'est"),
        (0.3, "évident,"),
        (0.7, "mais"),
        (2.5, "bon."),
        (2.8, "Voilà."),
    ];
    for (start, w) in words {
        text.push_str(&format!(
            "00:00:0{start:.3} --> 00:00:0{:.3}\n{w}\n\n",
            start + 0.3
        ));
    }
    let t = one(&text, Format::Vtt);
    assert_eq!(
        turns(&t),
        [
            (None, Role::Unknown, "C'est évident, mais"),
            (None, Role::Unknown, "bon. Voilà.")
        ]
    );
    assert_eq!(times(&t), [(Some(0.0), Some(1.0)), (Some(2.5), Some(3.1))]);
    check_spans(&t);
    // Voices: a new voice starts a new turn.
    let voiced = "WEBVTT\n\n00:01.000 --> 00:01.200\n<v Enquêtrice>Et\n\n00:01.200 --> 00:01.500\n<v Enquêtrice>vous?\n\n00:01.600 --> 00:01.900\n<v Mme Roux>Moi\n\n00:01.900 --> 00:02.000\n<v Mme Roux>non.\n";
    let t = one(voiced, Format::Vtt);
    assert_eq!(
        turns(&t),
        [
            (Some("Enquêtrice"), Role::Interviewer, "Et vous?"),
            (Some("Mme Roux"), Role::Respondent, "Moi non.")
        ]
    );
    // Cues of several words stay one turn each.
    let segments = "WEBVTT\n\n00:01.000 --> 00:02.000\nBonjour à tous.\n\n00:02.000 --> 00:03.000\nOn commence.\n\n00:03.000 --> 00:04.000\nVoilà.\n";
    assert_eq!(one(segments, Format::Vtt).turns.len(), 3);
}

// ---------------------------------------------------------------- bad input

/// A small valid file of each new reader.
fn samples() -> Vec<(Format, String)> {
    let vtt = "WEBVTT\n\n00:00.000 --> 00:00.300\nC'est\n\n00:00.300 --> 00:00.600\névident\n\n00:00.600 --> 00:00.900\n<v Marie>oui\n";
    vec![
        (Format::Tei, TEI_P5.to_string()),
        (Format::Tei, TEI_ISO.to_string()),
        (Format::Eaf, EAF.to_string()),
        (Format::Chat, CHAT.to_string()),
        (
            Format::AsrJson,
            r#"{"segments": [{"start": 0, "end": 1, "text": " a", "speaker": "S1"}, {"start": 1, "end": 2, "text": " b"}]}"#
                .to_string(),
        ),
        (Format::Vtt, vtt.to_string()),
    ]
}

/// Parsing never panics; what parses has sound spans.
fn parses_or_fails_cleanly(text: &str, format: Format) {
    if let Ok(all) = transcript::parse_str(text, format, "t", &opts()) {
        all.iter().for_each(check_spans);
    }
}

#[test]
fn every_cut_of_the_samples_reads_or_fails_cleanly() {
    for (format, text) in samples() {
        for cut in (0..=text.len()).filter(|&c| text.is_char_boundary(c)) {
            parses_or_fails_cleanly(&text[..cut], format);
        }
    }
}

#[test]
fn malformed_xml_is_an_error_with_a_line() {
    let cases = [
        (
            Format::Tei,
            "<TEI>\n<text>\n<u who=\"a\">x</seg>\n</text></TEI>",
            3,
        ),
        (Format::Tei, "<TEI>\n<text>\n<u who=\"a\">x</u>\n", 4),
        (
            Format::Eaf,
            "<ANNOTATION_DOCUMENT>\n<TIER TIER_ID=\"a\"\n",
            2,
        ),
    ];
    for (format, text, line) in cases {
        let err = transcript::parse_str(text, format, "t", &opts()).unwrap_err();
        assert_eq!(err.line(), Some(line), "{format}: {err}");
    }
    let err = transcript::parse_str("<Trans/>", Format::Tei, "t", &opts()).unwrap_err();
    assert!(err.to_string().contains("not a TEI"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400), which in 0usize..5) {
        let format = [Format::Tei, Format::Eaf, Format::Chat, Format::AsrJson, Format::Vtt][which];
        let options = ReadOptions { format: Some(format), lossy: true, ..ReadOptions::default() };
        if let Ok(all) = transcript::read_bytes(&bytes, None, &options) {
            all.iter().for_each(check_spans);
        }
    }

    #[test]
    fn samples_cut_or_spliced_never_panic(which in 0usize..6, cut in any::<prop::sample::Index>(), junk in "[<>&;/\"#a-z\u{15}@*%\\[\\] \n\t]{0,12}") {
        let (format, text) = &samples()[which];
        let mut at = cut.index(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        parses_or_fails_cleanly(&text[..at], *format);
        let spliced = format!("{}{junk}{}", &text[..at], &text[at..]);
        parses_or_fails_cleanly(&spliced, *format);
    }
}

// ---------------------------------------------------------------- real files

fn read_real(dir: &Path, name: &str, format: Format) -> Transcript {
    let path = dir.join(name);
    let mut all = transcript::read_path(&path, &opts()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.len(), 1, "{name}");
    let t = all.remove(0);
    assert_eq!(t.format, format, "{name} detected as {}", t.format);
    check_spans(&t);
    t
}

/// `(speaker, role, turns)` in order of first appearance.
fn speakers(t: &Transcript) -> Vec<(&str, Role, usize)> {
    t.speakers()
        .into_iter()
        .map(|s| (s.name, s.role, s.turns))
        .collect()
}

#[test]
fn real_tei_files() {
    let Some(dir) = common::shared_data("transcripts/tei") else {
        return;
    };
    // `grep -c '<annotationBlock'` gives 33 blocks; `grep -o 'who="[^"]*"' | sort | uniq -c` gives
    // L1 14, L2 12, Observateur 1, SD 6. Block au30 (L1) holds only an anchor and `<seg/>`: 32
    // turns. L1 and SD are both `<persName>Mélanie</persName>` (13 + 6), L2 Eloise, Observateur
    // Rou; no role attribute, so the names decide (Observateur, a known label, makes Rou other).
    let t = read_real(&dir, "DOC_FR_2020_CHOIX_5.trs.tei_corpo.xml", Format::Tei);
    assert_eq!(t.turns.len(), 32);
    let mut s = speakers(&t);
    s.sort();
    assert_eq!(
        s,
        [
            ("Eloise", Role::Respondent, 12),
            ("Mélanie", Role::Respondent, 19),
            ("Rou", Role::Other, 1)
        ]
    );
    assert_eq!(
        t.turn_start(&t.turns[0]),
        Some(2.75),
        "#T1 is 2.750 after #T0"
    );
    assert_eq!(t.turn_end(&t.turns[0]), Some(4.05));
    assert!(t.turn_text(&t.turns[0]).starts_with("<alors moi moi"));

    // 46 blocks: `grep -o '<annotationBlock[^>]*who="[^"]*"'` counts OBS 24, CHI 15, MOT 7; roles
    // Investigator (persName Aliyah), Target_Child (Léonard), Mother (no persName: the code).
    let t = read_real(&dir, "testclan2.cha.tei_corpo.xml", Format::Tei);
    assert_eq!(
        speakers(&t),
        [
            ("Aliyah", Role::Interviewer, 24),
            ("Léonard", Role::Respondent, 15),
            ("MOT", Role::Other, 7)
        ]
    );
    assert!(!t.text.contains("wɛ"), "%mod span kept out");
    assert_eq!(t.metadata["speaker.CHI.education"], "Creche");

    // `grep -o '<u [^>]*>'`: 4 `<u>`, 3 of #PA606171 (ana #guest), 1 of #PA721908 (#regular); the
    // listPerson is external, so the ids stay names, and the roles come from @ana.
    let t = read_real(&dir, "ParlaMint-FR_2022-06-28-O1169.xml", Format::Tei);
    assert_eq!(t.turns.len(), 4);
    let mut s = speakers(&t);
    s.sort();
    assert_eq!(
        s,
        [
            ("PA606171", Role::Respondent, 3),
            ("PA721908", Role::Respondent, 1)
        ]
    );
    assert!(
        !t.text.contains("Applaudissements"),
        "kinesic desc kept out"
    );
    assert!(t.text.contains('’'));

    // Headers only: `grep -c '<person '` gives 4 (JUL CLA LAU JEA) and 3 (L1 L2 L3).
    for (name, persons) in [
        (
            "aperitif_chat.orfeo-meta.xml",
            ["JUL", "CLA", "LAU", "JEA"].as_slice(),
        ),
        (
            "Cartables_bar_08.orfeo-meta.xml",
            ["L1", "L2", "L3"].as_slice(),
        ),
    ] {
        let t = read_real(&dir, name, Format::Tei);
        assert!(t.turns.is_empty(), "{name}");
        warned(&t, "no speech");
        for p in persons {
            assert!(
                t.metadata.contains_key(&format!("speaker.{p}.sex")),
                "{name}: {p} in {:?}",
                t.metadata.keys().collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn real_eaf_files() {
    let Some(dir) = common::shared_data("transcripts/eaf") else {
        return;
    };
    // Annotations per tier (ALIGNABLE_ANNOTATIONs between each `<TIER` and `</TIER>`): L1 24 (2 with
    // an empty value), SD 6, both PARTICIPANT Mélanie; L2 Eloise 15; Observateur (PARTICIPANT Rou)
    // 1; `default` is empty. 22 + 6 + 15 + 1 = 44.
    let t = read_real(&dir, "DOC_FR_2020_CHOIX_5.eaf", Format::Eaf);
    assert_eq!(t.turns.len(), 44);
    let mut s = speakers(&t);
    s.sort();
    assert_eq!(
        s,
        [
            ("Eloise", Role::Respondent, 15),
            ("Mélanie", Role::Respondent, 28),
            ("Rou", Role::Other, 1)
        ]
    );
    assert_eq!(t.metadata["tier.L1.annotator"], "Rou");
    assert!(t.metadata["media"].contains("博士课程"));
    let starts: Vec<f64> = t.turns.iter().filter_map(|x| t.turn_start(x)).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "time order");

    // spk1 (PARTICIPANT L1) 89, spk2 (L2) 104 annotations: `grep -c ALIGNABLE_ANNOTATION` is 193.
    let t = read_real(&dir, "DOC_FR_2020_RENCONTRE.tei_corpo.eaf", Format::Eaf);
    let mut s = speakers(&t);
    s.sort();
    assert_eq!(
        s,
        [("L1", Role::Respondent, 89), ("L2", Role::Respondent, 104)]
    );

    // Only ref@SP is top-level (65 ALIGNABLE_ANNOTATIONs); the rest (tx, mot, mb, ge, rx, ft:
    // 1028 REF_ANNOTATIONs) depends on it. ref@SP has no PARTICIPANT; its dependents say SP.
    let t = read_real(&dir, "KAB_AM_NARR_01.TestElan2.eaf", Format::Eaf);
    assert_eq!(speakers(&t), [("SP", Role::Respondent, 65)]);

    // Main tiers FAT 17, GAB 14 (Gabriel), LUC 75 (Lucien), MOT 215, OBS1 5 and OBS2 4 (both
    // PARTICIPANT Observer, a role word: other): 330. The -act/-com/-sit tiers depend on them.
    let t = read_real(&dir, "TestDNF4.cha.tei_corpo.eaf", Format::Eaf);
    assert_eq!(t.turns.len(), 330);
    let mut s = speakers(&t);
    s.sort();
    assert_eq!(
        s,
        [
            ("FAT", Role::Respondent, 17),
            ("Gabriel", Role::Respondent, 14),
            ("Lucien", Role::Respondent, 75),
            ("MOT", Role::Respondent, 215),
            ("Observer", Role::Other, 9)
        ]
    );
}

#[test]
fn real_chat_files() {
    let Some(dir) = common::shared_data("transcripts/cha") else {
        return;
    };
    // `grep -o '^\*[A-Z0-9]*' FILE | sort | uniq -c` counts the main lines of each speaker. Roles
    // from @Participants: Target_Child, Mother, Father, Investigator, Boy (other), Unidentified.
    let t = read_real(&dir, "TestClan1.cha", Format::Chat);
    assert_eq!(
        speakers(&t),
        [
            ("OBS", Role::Interviewer, 367),
            ("CHI", Role::Respondent, 430),
            ("MOT", Role::Other, 370)
        ]
    );
    assert_eq!(t.metadata["speaker.CHI.name"], "Léonard");
    assert!(t.turns.iter().all(|x| !t.turn_text(x).contains('\u{15}')));
    assert_eq!(t.turn_end(&t.turns[0]), Some(7.168), "bullet 0_7168");

    let t = read_real(&dir, "TestDNF4.cha", Format::Chat);
    let mut s = speakers(&t);
    s.sort();
    assert_eq!(
        s,
        [
            ("FAT", Role::Other, 17),
            ("GAB", Role::Other, 14),
            ("LUC", Role::Other, 75),
            ("MOT", Role::Other, 215),
            ("OBS1", Role::Interviewer, 5),
            ("OBS2", Role::Interviewer, 4)
        ]
    );

    // 219 *OBS and 161 *CHI lines; line 78 is `*CHI:   xxx` alone, which leaves no words: 160.
    // `OBS observateur`: the French role word (RoleRules: other); `CHI Laetitia`: a name.
    let t = read_real(&dir, "36M_Laetitia_BD016.CHA", Format::Chat);
    assert_eq!(
        speakers(&t),
        [("OBS", Role::Other, 219), ("CHI", Role::Respondent, 160)]
    );

    let t = read_real(&dir, "Cartables_bar_08.cha", Format::Chat);
    assert_eq!(
        speakers(&t),
        [
            ("L1", Role::Unknown, 51),
            ("L2", Role::Unknown, 268),
            ("L3", Role::Unknown, 56)
        ]
    );
    assert_eq!(t.metadata["speaker.L1.education"], "études supérieures");
    assert!(!t.text.contains("_PUNCT"), "%conll kept out");

    let t = read_real(&dir, "aperitif_chat.tei_corpo.cha", Format::Chat);
    assert_eq!(t.turns.len(), 932);
    let mut s = speakers(&t);
    s.sort();
    assert_eq!(
        s,
        [
            ("CLA", Role::Unknown, 78),
            ("JEA", Role::Unknown, 234),
            ("JUL", Role::Unknown, 365),
            ("LAU", Role::Unknown, 255)
        ]
    );
}

#[test]
fn real_asr_files() {
    let Some(dir) = common::shared_data("transcripts/asr") else {
        return;
    };
    // 11 segments (`"id":` in the file), no speaker: one turn from 30.88 s (segment 0) to the
    // end of the last segment.
    let t = read_real(&dir, "radio_short.mp3.words.json", Format::AsrJson);
    assert_eq!(speakers(&t), []);
    assert_eq!(t.turns.len(), 1);
    assert_eq!(t.turn_start(&t.turns[0]), Some(30.88));
    assert!(t
        .turn_text(&t.turns[0])
        .starts_with("Le plus important au poker"));
    assert_eq!(t.metadata["language"], "fr");

    // 555 one-word cues (`grep -c -- '-->'`); one pause longer than 1 s (1.52 s before "Les", at
    // 166.82 s) splits them into two turns.
    let t = read_real(&dir, "smartphone.mp3.words.vtt", Format::Vtt);
    assert_eq!(
        times(&t),
        [(Some(0.32), Some(165.3)), (Some(166.82), Some(177.9))]
    );
    let words: usize = t
        .turns
        .iter()
        .map(|x| t.turn_text(x).split_whitespace().count())
        .sum();
    assert_eq!(words, 555);
}

// ---------------------------------------------------------------- throughput

/// `cargo test --release --test readers_speech -- --ignored --nocapture`: MB/s of each reader on
/// a generated file of about 6 MB.
#[test]
#[ignore]
fn throughput() {
    let target = 6_000_000;
    let sentence =
        "alors euh je voudrais dire que la dématérialisation c'est bien mais on se parle moins";
    let mut tei = String::from("<TEI><teiHeader><particDesc><listPerson><person xml:id=\"E\" role=\"Investigator\"/><person xml:id=\"R\"/></listPerson></particDesc></teiHeader><text><timeline>");
    let mut body = String::new();
    let mut eaf_slots = String::new();
    let mut eaf_e = String::new();
    let mut eaf_r = String::new();
    let mut chat = String::from(
        "@UTF8\n@Begin\n@Participants:\tINV Enquêtrice Investigator, PAR Marie Participant\n",
    );
    let mut json = String::from("{\"segments\": [");
    let mut vtt = String::from("WEBVTT\n\n");
    let mut i = 0usize;
    while body.len() < target {
        let who = if i % 2 == 0 { "E" } else { "R" };
        tei.push_str(&format!(
            "<when xml:id=\"T{i}\" interval=\"{i}.5\" since=\"#T0\"/>"
        ));
        body.push_str(&format!(
            "<u who=\"#{who}\" start=\"#T{i}\" end=\"#T{}\"><seg>{sentence} <pause/> {i}</seg></u>\n",
            i + 1
        ));
        eaf_slots.push_str(&format!(
            "<TIME_SLOT TIME_SLOT_ID=\"ts{i}\" TIME_VALUE=\"{}\"/>\n",
            i * 1000
        ));
        let tier = if i % 2 == 0 { &mut eaf_e } else { &mut eaf_r };
        tier.push_str(&format!("<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID=\"a{i}\" TIME_SLOT_REF1=\"ts{i}\" TIME_SLOT_REF2=\"ts{}\"><ANNOTATION_VALUE>{sentence} {i}</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION>\n", i + 1));
        let code = if i % 2 == 0 { "INV" } else { "PAR" };
        chat.push_str(&format!(
            "*{code}:\t&-euh {sentence} [/] (.) xxx {i} . \u{15}{}_{}\u{15}\n%com:\tok\n",
            i * 1000,
            i * 1000 + 900
        ));
        json.push_str(&format!(
            "{}{{\"start\": {i}.0, \"end\": {i}.9, \"text\": \" {sentence} {i}.\", \"speaker\": \"SPEAKER_0{}\"}}",
            if i == 0 { "" } else { "," },
            i % 2
        ));
        for (k, w) in sentence.split(' ').enumerate() {
            vtt.push_str(&format!(
                "{:02}:{:02}:{:02}.{:03} --> {:02}:{:02}:{:02}.{:03}\n{w}\n\n",
                i / 3600 % 100,
                i / 60 % 60,
                i % 60,
                k * 10,
                i / 3600 % 100,
                i / 60 % 60,
                i % 60,
                k * 10 + 9
            ));
        }
        i += 1;
    }
    tei.push_str(&format!(
        "<when xml:id=\"T{i}\" interval=\"{i}.5\" since=\"#T0\"/></timeline><body>"
    ));
    tei.push_str(&body);
    tei.push_str("</body></text></TEI>");
    let eaf = format!("<ANNOTATION_DOCUMENT><HEADER/><TIME_ORDER>{eaf_slots}<TIME_SLOT TIME_SLOT_ID=\"ts{i}\" TIME_VALUE=\"{}\"/></TIME_ORDER><TIER TIER_ID=\"E\" PARTICIPANT=\"Enquêtrice\">{eaf_e}</TIER><TIER TIER_ID=\"R\" PARTICIPANT=\"Marie\">{eaf_r}</TIER></ANNOTATION_DOCUMENT>", i * 1000);
    json.push_str("]}");
    for (format, text) in [
        (Format::Tei, &tei),
        (Format::Eaf, &eaf),
        (Format::Chat, &chat),
        (Format::AsrJson, &json),
        (Format::Vtt, &vtt),
    ] {
        let mut best = f64::INFINITY;
        let mut turns = 0;
        for _ in 0..3 {
            let started = std::time::Instant::now();
            let all = transcript::parse_str(text, format, "bench", &opts()).unwrap();
            best = best.min(started.elapsed().as_secs_f64());
            turns = all[0].turns.len();
        }
        assert!(turns > 0);
        println!(
            "{format:>9}: {:.1} MB in {:.3} s = {:.1} MB/s ({turns} turns)",
            text.len() as f64 / 1e6,
            best,
            text.len() as f64 / 1e6 / best
        );
    }
}
