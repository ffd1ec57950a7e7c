//! Invariants shared by the fuzz targets. Each `check_*` panics (so libFuzzer reports a crash) when
//! an invariant of the library does not hold; the message says which one.

use entretien::kwic::{self, KwicQuery};
use entretien::text::tokenize::is_separator;
use entretien::transcript::{self, Format, ReadOptions};
use entretien::{
    Analyzer, DocumentAnalysis, EvidenceMode, Lexicon, RowOptions, Tokenizer, Transcript, Unit,
};
use std::sync::OnceLock;

/// A short interview that every lexicon target analyses, and the KWIC target searches.
pub const FIXED_TEXT: &str = "Enquêtrice : Vous sentez-vous isolée ?\n\
Agent : Oui, depuis la dématérialisation je suis seule devant mon écran, chacun dans son coin.\n\
Enquêtrice : Et le stress ? L'efficacité ?\n\
Agent : Je ne suis pas stressée. Mais on ne fait que cliquer, euh, c'est-à-dire qu'on gagne du temps (rires).\n";

/// The fixed interview, parsed once.
pub fn fixed_transcript() -> &'static Transcript {
    static T: OnceLock<Transcript> = OnceLock::new();
    T.get_or_init(|| {
        transcript::parse_str(FIXED_TEXT, Format::Plain, "fixed", &ReadOptions::default())
            .expect("the fixed interview parses")
            .remove(0)
    })
}

/// An analyzer of the embedded French lexicon, built once.
pub fn default_analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        Analyzer::builder()
            .build(&Lexicon::default_french())
            .expect("the default lexicon builds")
    })
}

fn check_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(start <= end, "{what}: span {start}..{end} is reversed");
    assert!(end <= text.len(), "{what}: span {start}..{end} beyond the text ({} bytes)", text.len());
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {start}..{end} not on char boundaries"
    );
}

/// Tokens: ordered, non-empty, non-overlapping, in bounds, on char boundaries, `&text[span] ==
/// token.text`, only separators between them and after the last; no more tokens than bytes.
pub fn check_tokens(text: &str) {
    let mut prev_end = 0;
    let mut count = 0usize;
    for token in Tokenizer::new().tokens(text) {
        count += 1;
        assert!(count <= text.len(), "more tokens than bytes in the input");
        let (s, e) = (token.span.start, token.span.end);
        check_span(text, s, e, "token");
        assert!(s < e, "empty token at {s}");
        assert!(s >= prev_end, "token {s}..{e} overlaps or precedes the previous one (ending at {prev_end})");
        assert_eq!(&text[s..e], token.text, "token text is not the slice of its span");
        let gap = &text[prev_end..s];
        assert!(
            gap.chars().all(is_separator),
            "non-separator characters {gap:?} dropped between tokens (before {s}..{e})"
        );
        prev_end = e;
    }
    let tail = &text[prev_end..];
    assert!(tail.chars().all(is_separator), "non-separator characters {tail:?} dropped at the end");
    // The Vec API agrees with the iterator.
    assert_eq!(Tokenizer::new().tokenize(text).len(), count);
}

/// Every turn, section and preamble span of every transcript lies in its text, on char boundaries.
pub fn check_transcripts(transcripts: &[Transcript]) {
    for t in transcripts {
        let text = t.text.as_str();
        for (i, turn) in t.turns.iter().enumerate() {
            check_span(text, turn.span.start, turn.span.end, &format!("turn {i}"));
            let _ = t.turn_text(turn);
        }
        for s in &t.sections {
            check_span(text, s.span.start, s.span.end, "section");
        }
        if let Some(p) = t.preamble {
            check_span(text, p.start, p.end, "preamble");
        }
        let _ = t.speakers();
    }
}

/// Reads `data` as one format: `parse_str` on (lossy) UTF-8 for text formats, `read_bytes` with the
/// format forced for byte-level ones (Transcriber's declared encodings, UTF-16 TextGrids).
pub fn check_reader(data: &[u8], format: Format, bytes_level: bool) {
    let result = if bytes_level {
        let opts = ReadOptions {
            format: Some(format),
            lossy: data.first().map_or(false, |b| b & 1 == 1),
            ..ReadOptions::default()
        };
        transcript::read_bytes(data, None, &opts)
    } else {
        let text = String::from_utf8_lossy(data);
        transcript::parse_str(&text, format, "fuzz", &ReadOptions::default())
    };
    if let Ok(transcripts) = result {
        check_transcripts(&transcripts);
        for t in &transcripts {
            assert_eq!(t.format, format, "a reader forced to {format} gave another format");
        }
    }
}

/// Scores and rows of an analysis: evidence spans slice the text to the evidence's `text`, snippets
/// contain their hit, the rows' words add up to the document's words.
pub fn check_analysis(analysis: &DocumentAnalysis<'_>) {
    let text = analysis.transcript.text.as_str();
    for hit in &analysis.hits {
        check_span(text, hit.span.start, hit.span.end, "hit");
    }
    let score = analysis.score(EvidenceMode::Include);
    assert_eq!(u64::from(score.words), analysis.words(), "score words differ from the analysis' words");
    for ev in &score.evidence {
        check_span(text, ev.span.start, ev.span.end, "evidence");
        assert_eq!(&text[ev.span.range()], ev.text, "evidence text is not the slice of its span");
        check_span(text, ev.snippet_span.start, ev.snippet_span.end, "snippet");
        assert_eq!(&text[ev.snippet_span.range()], ev.snippet, "snippet is not the slice of its span");
        assert!(
            ev.snippet_span.contains(ev.span),
            "snippet {:?} does not contain its hit {:?}",
            ev.snippet_span,
            ev.span
        );
        assert!(ev.snippet.contains(ev.text.as_str()), "snippet text lacks the hit's text");
    }
    let hits: u32 = score.themes.iter().map(|t| t.cell.hits).sum();
    let negated: u32 = score.themes.iter().map(|t| t.cell.negated).sum();
    assert_eq!((hits + negated) as usize, score.evidence.len(), "evidence count differs from hits");
    for unit in [Unit::Document, Unit::Speaker, Unit::Turn, Unit::Segment, Unit::Sentence] {
        let rows = analysis.rows(unit, RowOptions::new().evidence(EvidenceMode::Include));
        let words: u64 = rows.iter().map(|r| u64::from(r.words)).sum();
        assert_eq!(words, u64::from(score.words), "{unit:?} rows hold {words} words, the document {}", score.words);
        let row_hits: u64 = rows
            .iter()
            .flat_map(|r| r.themes.values())
            .map(|c| u64::from(c.hits) + u64::from(c.negated))
            .sum();
        assert_eq!(row_hits, u64::from(hits + negated), "{unit:?} rows hold {row_hits} hits");
        for r in &rows {
            if let Some(span) = r.span {
                check_span(text, span.start, span.end, "row");
            }
        }
    }
}

/// Builds an analyzer from a parsed lexicon (it may refuse it) and analyses the fixed interview.
pub fn check_lexicon(lexicon: &Lexicon) {
    let _ = lexicon.fingerprint();
    let _ = lexicon.to_toml();
    let _ = lexicon.to_dic();
    let Ok(analyzer) = Analyzer::builder().build(lexicon) else {
        return;
    };
    let mut scratch = analyzer.scratch();
    let analysis = analyzer.analyze(fixed_transcript(), &mut scratch);
    check_analysis(&analysis);
}

/// Concordance lines of `pattern` over the fixed interview slice its text.
pub fn check_kwic(pattern: &str) {
    let analyzer = default_analyzer();
    let Ok(query) = KwicQuery::new(pattern, analyzer) else {
        return;
    };
    let t = fixed_transcript();
    let mut scratch = analyzer.scratch();
    let analysis = analyzer.analyze(t, &mut scratch);
    for context in [0, 3] {
        for line in kwic::concordance(&analysis, &query, context) {
            check_span(&t.text, line.start, line.end, "kwic line");
            assert_eq!(
                line.keyword,
                kwic::fold_whitespace(&t.text[line.start..line.end]),
                "kwic keyword is not its span's text"
            );
        }
    }
}

/// A REFI-QDA project: no panic, the archive's limits hold; on success every selection is a
/// non-empty byte span inside its source's text, on char boundaries, and the sources' passages
/// (cut into sentences by the default analyzer) keep the themes of the selections.
pub fn check_qdpx(data: &[u8]) {
    if let Ok(project) = entretien::refi_qda::read_qdpx_bytes(data) {
        for source in &project.sources {
            for s in &source.selections {
                assert!(s.span.start < s.span.end, "empty selection {s:?}");
                assert!(s.span.end <= source.text.len(), "selection past its text");
                assert!(source.text.is_char_boundary(s.span.start));
                assert!(source.text.is_char_boundary(s.span.end));
            }
        }
        if let Ok(passages) = entretien::agreement::passages_from_sources(
            &project.sources,
            entretien::Unit::Sentence,
            default_analyzer(),
        ) {
            for p in &passages {
                assert!(!p.id.is_empty());
            }
        }
    }
}

/// Coded passages as JSON Lines and as CSV: no panic; every passage read has an id.
pub fn check_coded(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for format in [
        entretien::coded::CodedFormat::Jsonl,
        entretien::coded::CodedFormat::Csv,
    ] {
        if let Ok(read) = entretien::coded::parse_coded(&text, format) {
            for p in &read.passages {
                assert!(!p.id.is_empty(), "a passage without an id: {p:?}");
            }
        }
    }
}
