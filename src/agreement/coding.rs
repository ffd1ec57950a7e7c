//! What the lexicon says of each passage, read the way `entretien score` reads a JSON Lines
//! document; and passages cut from whole coded sources ([`passages_from_sources`]).

use crate::analyzer::{Analyzer, Scratch};
use crate::coded::{CodedPassage, CodedSource};
use crate::error::{Error, Result};
use crate::score::{EvidenceMode, RowOptions, Unit};
use crate::span::Span;
use crate::transcript::{self, Format, ReadOptions, Reader, Transcript};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// An entry behind a lexicon's hit: the indicator as written and the text it matched.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Indicated {
    /// The indicator (`isol*`, `=seul`, `perte de sens`).
    pub indicator: String,
    /// The matched text, as in the passage.
    pub text: String,
}

/// The themes the lexicon reports for one passage.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LexiconCoding {
    /// Themes (indices in the analyzer's lexicon) with a positive hit in the passage's units.
    pub present: Vec<u32>,
    /// Themes with a negated hit.
    pub negated: Vec<u32>,
    /// The positive hits' indicators, per theme (theme index, indicator), without repeats.
    pub indicators: Vec<(u32, Indicated)>,
}

/// Reads passages as `score` reads JSON Lines documents and analyses them.
pub(crate) struct PassageCoder<'a> {
    analyzer: &'a Analyzer,
    reader: Reader,
    unit: Unit,
}

impl<'a> PassageCoder<'a> {
    pub(crate) fn new(analyzer: &'a Analyzer, unit: Unit) -> Result<PassageCoder<'a>> {
        Ok(PassageCoder {
            analyzer,
            reader: Reader::new(ReadOptions::default())?,
            unit,
        })
    }

    /// The passage as the JSON Lines document `{"id": id, "text": text}`, read by the same reader
    /// as `entretien score`.
    pub(crate) fn transcript(&self, id: &str, text: &str, nth: usize) -> Transcript {
        let line = serde_json::json!({ "id": id, "text": text }).to_string();
        self.reader
            .parse_json_line(&line, "passages.jsonl", nth, nth)
            .ok()
            .and_then(|mut docs| docs.pop())
            .unwrap_or_else(|| Transcript::from_text(id, text))
    }

    /// Codes one passage.
    pub(crate) fn code(
        &self,
        id: &str,
        text: &str,
        nth: usize,
        scratch: &mut Scratch,
    ) -> LexiconCoding {
        let transcript = self.transcript(id, text, nth);
        let analysis = self.analyzer.analyze(&transcript, scratch);
        let mut coding = LexiconCoding::default();
        if self.unit == Unit::Document {
            let score = analysis.score(EvidenceMode::Omit);
            for (t, theme) in score.themes.iter().enumerate() {
                if theme.hits > 0 {
                    coding.present.push(t as u32);
                }
                if theme.negated > 0 {
                    coding.negated.push(t as u32);
                }
            }
        } else {
            let index = |id: &str| {
                analysis
                    .lexicon()
                    .themes()
                    .iter()
                    .position(|t| t.id == id)
                    .map(|t| t as u32)
            };
            analysis.for_each_row(self.unit, RowOptions::new(), |row| {
                for (id, cell) in &row.themes {
                    if let Some(t) = index(id) {
                        if cell.hits > 0 {
                            coding.present.push(t);
                        }
                        if cell.negated > 0 {
                            coding.negated.push(t);
                        }
                    }
                }
            });
            for v in [&mut coding.present, &mut coding.negated] {
                v.sort_unstable();
                v.dedup();
            }
        }
        for hit in &analysis.hits {
            if hit.negated || !analysis.turns[hit.turn].scored {
                continue;
            }
            let theme = hit.theme.index() as u32;
            if coding.present.binary_search(&theme).is_err() {
                continue;
            }
            let found = Indicated {
                indicator: analysis.indicator(hit).name.clone(),
                text: transcript.text[hit.span.range()].to_string(),
            };
            if !coding
                .indicators
                .iter()
                .any(|(t, i)| *t == theme && *i == found)
            {
                coding.indicators.push((theme, found));
            }
        }
        coding
    }

    /// Codes every passage, in parallel, in input order (the result does not depend on the number
    /// of threads).
    pub(crate) fn code_all(&self, passages: &[(&str, &str)]) -> Vec<LexiconCoding> {
        passages
            .par_iter()
            .enumerate()
            .map_init(Scratch::new, |scratch, (n, (id, text))| {
                self.code(id, text, n + 1, scratch)
            })
            .collect()
    }
}

/// Cuts whole coded sources into passages, one per unit of each source and coder of the source.
///
/// The units are those the analyzer cuts (`Unit::Turn`, `Sentence`, `Segment`; `Document` is the
/// whole text), in the scored turns of the source read as plain text with speaker labels (its
/// spans are those of the source's text). A unit's themes for a coder are the themes of that
/// coder's selections that overlap it; denied selections give denied themes. Every coder who coded
/// anything in a source gets a passage for each of its units, with no theme where they coded
/// nothing. Passage ids are `{source}#{unit}{n}` (n from 1); `document` is the source's id.
///
/// ```
/// use entretien::agreement::passages_from_sources;
/// use entretien::coded::{CodedSelection, CodedSource};
/// use entretien::{Analyzer, Lexicon, Span, Unit};
///
/// let text = "Je suis seule. On ne se parle plus. Tout va bien.";
/// let source = CodedSource {
///     id: "e01".into(),
///     text: text.into(),
///     selections: vec![CodedSelection {
///         span: Span::new(0, 35),
///         theme: "isolement".into(),
///         denied: false,
///         coder: Some("ana".into()),
///         origin: None,
///     }],
/// };
/// let analyzer = Analyzer::builder().build(&Lexicon::default_french())?;
/// let passages = passages_from_sources(&[source], Unit::Sentence, &analyzer)?;
/// assert_eq!(passages.len(), 3);
/// assert_eq!(passages[1].themes, ["isolement"]);
/// assert!(passages[2].themes.is_empty());
/// # Ok::<(), entretien::Error>(())
/// ```
pub fn passages_from_sources(
    sources: &[CodedSource],
    unit: Unit,
    analyzer: &Analyzer,
) -> Result<Vec<CodedPassage>> {
    if unit == Unit::Speaker {
        return Err(Error::config(
            "coded sources are cut into documents, turns, sentences or segments, not speakers",
        ));
    }
    let mut scratch = analyzer.scratch();
    let mut out = Vec::new();
    for source in sources {
        let transcript = transcript::parse_str(
            &source.text,
            Format::Plain,
            &source.id,
            &ReadOptions::default(),
        )
        .ok()
        .and_then(|mut t| (t.len() == 1).then(|| t.remove(0)))
        .filter(|t| t.text == source.text)
        .unwrap_or_else(|| Transcript::from_text(&source.id, source.text.clone()));
        let mut spans: Vec<Span> = Vec::new();
        if unit == Unit::Document {
            spans.push(Span::new(0, source.text.len()));
        } else {
            let analysis = analyzer.analyze(&transcript, &mut scratch);
            analysis.for_each_row(unit, RowOptions::new(), |row| {
                if let Some(span) = row.span {
                    spans.push(span);
                }
            });
        }
        let mut coders: Vec<Option<&str>> = Vec::new();
        for s in &source.selections {
            if !coders.contains(&s.coder.as_deref()) {
                coders.push(s.coder.as_deref());
            }
        }
        let letter = match unit {
            Unit::Document => "d",
            Unit::Turn => "t",
            Unit::Sentence => "s",
            _ => "g",
        };
        for (n, span) in spans.iter().enumerate() {
            let Some(text) = source.text.get(span.range()) else {
                continue;
            };
            for coder in &coders {
                let mut themes = Vec::new();
                let mut denied = Vec::new();
                for s in source
                    .selections
                    .iter()
                    .filter(|s| s.coder.as_deref() == *coder)
                {
                    let overlaps = s.span.start < span.end && span.start < s.span.end;
                    let list = if s.denied { &mut denied } else { &mut themes };
                    if overlaps && !list.contains(&s.theme) {
                        list.push(s.theme.clone());
                    }
                }
                out.push(CodedPassage {
                    id: format!("{}#{letter}{}", source.id, n + 1),
                    text: text.to_string(),
                    themes,
                    denied,
                    coder: coder.map(str::to_string),
                    document: Some(source.id.clone()),
                    origin: Some(format!("{}:{}..{}", source.id, span.start, span.end)),
                });
            }
        }
    }
    Ok(out)
}
