//! Export: transcripts and the hits of a lexicon as a REFI-QDA project (`.qdpx`).
//!
//! Each transcript is a `TextSource` whose plain text is [`Transcript::text`](crate::Transcript)
//! exactly as entretien read it (`sources/<GUID>.txt` in the archive, UTF-8 without a byte order
//! mark). Each coded unit of the scored turns is a `PlainTextSelection` at its character
//! positions (see [`positions`](super::positions)), with one `Coding` per theme it has hits of:
//! the theme's code for hits, the theme's `nié` child code for negated hits. Hits with the same span
//! (one word indicating two themes) share one selection. Turns set apart (the interviewer's, by
//! default) are not coded, as they are not scored.

use super::codebook::{code_guid, negated_guid, write_codes};
use super::guid::guid;
use super::positions::CharIndex;
use super::xml::escape;
use super::{CodingUnit, PROJECT_NAMESPACE};
use crate::analysis::{DocumentAnalysis, Hit};
use crate::error::{Error, Result};
use crate::span::Span;
use crate::{Lexicon, Transcript};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::io::{Seek, Write};

/// The name of the one `<User>` of exported projects, the creator of every selection and coding.
pub const USER_NAME: &str = "entretien";

/// The longest selection name, in characters (names quote the selected text).
const NAME_CHARS: usize = 80;

/// One transcript ready to export: its text and its coded selections. Made from an analysis by
/// [`ExportSource::from_analysis`] (on any thread), added to a [`QdpxExport`] in corpus order.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSource {
    /// The document's id, the source's name.
    pub id: String,
    /// The full text.
    pub text: String,
    /// The coded selections, in text order.
    pub selections: Vec<ExportSelection>,
}

/// One selection to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportSelection {
    /// Byte span into the source's text.
    pub span: Span,
    /// The themes coded there, each with whether the hits were negated (then it goes to the
    /// theme's `nié` code), sorted.
    pub codes: Vec<(String, bool)>,
    /// The lexicon entries that matched, sorted (the selection's description).
    pub indicators: Vec<String>,
}

impl ExportSource {
    /// The selections of one analysed document for `unit` (hits of scored turns only).
    pub fn from_analysis(analysis: &DocumentAnalysis<'_>, unit: CodingUnit) -> ExportSource {
        let mut coding = SourceCoding::new(unit);
        coding.add(analysis);
        coding.finish(analysis.transcript)
    }
}

/// The selections of one document gathered window by window ([`crate::Analyzer::windows`]): units
/// never cross a turn, so each window adds its own, and a document-wide unit collects the codes of
/// every window.
#[derive(Debug, Clone)]
pub struct SourceCoding {
    unit: CodingUnit,
    units: BTreeMap<Span, UnitCodes>,
}

/// The codes of one unit (theme, negated) and the indicators behind them.
type UnitCodes = (BTreeSet<(String, bool)>, BTreeSet<String>);

impl SourceCoding {
    /// Nothing coded yet, for `unit`.
    pub fn new(unit: CodingUnit) -> SourceCoding {
        SourceCoding {
            unit,
            units: BTreeMap::new(),
        }
    }

    /// Adds the hits of scored turns of an analysis (a whole document or one of its windows).
    pub fn add(&mut self, analysis: &DocumentAnalysis<'_>) {
        let units = &mut self.units;
        let mut add = |span: Span, hits: &[Hit]| {
            for hit in hits {
                let entry = units.entry(span).or_default();
                entry
                    .0
                    .insert((analysis.theme_id(hit).to_string(), hit.negated));
                entry.1.insert(analysis.indicator(hit).name.clone());
            }
        };
        match self.unit {
            CodingUnit::Hit => {
                for (_, t) in analysis.scored_turns() {
                    for hit in analysis.hits_in(t.tokens.clone()) {
                        add(hit.span, std::slice::from_ref(hit));
                    }
                }
            }
            CodingUnit::Turn => {
                for (i, t) in analysis.scored_turns() {
                    add(analysis.turn(i).span, analysis.hits_in(t.tokens.clone()));
                }
            }
            CodingUnit::Sentence | CodingUnit::Segment => {
                let list = match self.unit {
                    CodingUnit::Sentence => &analysis.sentences,
                    _ => &analysis.segments,
                };
                let scored = |turn| analysis.turn_analysis(turn).is_some_and(|t| t.scored);
                for u in list.iter().filter(|u| scored(u.turn)) {
                    add(u.span, analysis.hits_in(u.tokens.clone()));
                }
            }
            CodingUnit::Document => {
                let whole = Span::new(0, analysis.transcript.text.len());
                for (_, t) in analysis.scored_turns() {
                    add(whole, analysis.hits_in(t.tokens.clone()));
                }
            }
        }
    }

    /// The document's source: its text and its selections, in span order.
    pub fn finish(self, transcript: &Transcript) -> ExportSource {
        ExportSource {
            id: transcript.id.clone(),
            text: transcript.text.clone(),
            selections: self
                .units
                .into_iter()
                .map(|(span, (codes, indicators))| ExportSelection {
                    span,
                    codes: codes.into_iter().collect(),
                    indicators: indicators.into_iter().collect(),
                })
                .collect(),
        }
    }
}

/// A REFI-QDA project being built: the lexicon's codes, then sources in order.
///
/// GUIDs are derived from content ([`guid`](super::guid)): codes from the theme id, sources from
/// the lexicon's fingerprint and the document id (a repeated id gets `#2`, `#3`…), selections from
/// those, the unit and the span, codings from their selection and code. No dates are written, so
/// the same input gives a byte-identical file.
#[derive(Debug, Clone)]
pub struct QdpxExport<'l> {
    lexicon: &'l Lexicon,
    fingerprint: String,
    name: String,
    unit: CodingUnit,
    sources: Vec<(String, ExportSource)>,
    seen: HashMap<String, usize>,
}

impl<'l> QdpxExport<'l> {
    /// A project of `lexicon`'s themes, named `entretien`, coding hits.
    pub fn new(lexicon: &'l Lexicon) -> QdpxExport<'l> {
        QdpxExport {
            lexicon,
            fingerprint: lexicon.fingerprint(),
            name: "entretien".to_string(),
            unit: CodingUnit::Hit,
            sources: Vec::new(),
            seen: HashMap::new(),
        }
    }

    /// Names the project.
    pub fn name(mut self, name: impl Into<String>) -> QdpxExport<'l> {
        self.name = name.into();
        self
    }

    /// Says which unit the sources' selections were made for (it enters the selection GUIDs).
    pub fn unit(mut self, unit: CodingUnit) -> QdpxExport<'l> {
        self.unit = unit;
        self
    }

    /// Adds a source, after those added before.
    pub fn push(&mut self, source: ExportSource) {
        let n = self.seen.entry(source.id.clone()).or_default();
        *n += 1;
        let key = match *n {
            1 => source.id.clone(),
            n => format!("{}#{n}", source.id),
        };
        let guid = guid(&["source", &self.fingerprint, &key]);
        self.sources.push((guid, source));
    }

    /// The number of sources added.
    pub fn len(&self) -> usize {
        self.sources.len()
    }

    /// Whether no source was added.
    pub fn is_empty(&self) -> bool {
        self.sources.is_empty()
    }

    /// The project's XML (`project.qde`). Fails when a selection is not on its text's character
    /// boundaries (a selection made by hand with wrong spans).
    pub fn project_xml(&self) -> Result<String> {
        let user = guid(&["user", USER_NAME]);
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            out,
            "<Project xmlns=\"{PROJECT_NAMESPACE}\" name=\"{}\" origin=\"entretien {}\" creatingUserGUID=\"{user}\">",
            escape(&self.name, true),
            env!("CARGO_PKG_VERSION")
        );
        let _ = writeln!(
            out,
            "  <Users>\n    <User guid=\"{user}\" name=\"{USER_NAME}\"/>\n  </Users>"
        );
        if !self.lexicon.themes.is_empty() {
            out.push_str("  <CodeBook>\n    <Codes>\n");
            write_codes(&mut out, self.lexicon, 6);
            out.push_str("    </Codes>\n  </CodeBook>\n");
        }
        if !self.sources.is_empty() {
            out.push_str("  <Sources>\n");
            for (source_guid, source) in &self.sources {
                self.write_source(&mut out, source_guid, source, &user)?;
            }
            out.push_str("  </Sources>\n");
        }
        let _ = writeln!(
            out,
            "  <Description>Thèmes codés par entretien (lexique {}, unité {}).</Description>",
            self.fingerprint, self.unit
        );
        out.push_str("</Project>\n");
        Ok(out)
    }

    fn write_source(
        &self,
        out: &mut String,
        source_guid: &str,
        source: &ExportSource,
        user: &str,
    ) -> Result<()> {
        let index = CharIndex::new(&source.text);
        let _ = writeln!(
            out,
            "    <TextSource guid=\"{source_guid}\" name=\"{}\" plainTextPath=\"internal://{source_guid}.txt\" creatingUser=\"{user}\">",
            escape(&source.id, true)
        );
        for selection in &source.selections {
            let span = selection.span;
            let (Some(start), Some(end)) = (index.char_of(span.start), index.char_of(span.end))
            else {
                return Err(Error::data(
                    None,
                    format!(
                        "source {:?}: the selection at bytes {}..{} is not on the text's characters",
                        source.id, span.start, span.end
                    ),
                ));
            };
            let (s, e) = (start.to_string(), end.to_string());
            let selection_guid = guid(&[
                "selection",
                &self.fingerprint,
                source_guid,
                self.unit.as_str(),
                &s,
                &e,
            ]);
            let quoted = &source.text[span.range()];
            let mut name: String = quoted.chars().take(NAME_CHARS).collect();
            if quoted.chars().nth(NAME_CHARS).is_some() {
                name.push('…');
            }
            let _ = writeln!(
                out,
                "      <PlainTextSelection guid=\"{selection_guid}\" name=\"{}\" startPosition=\"{s}\" endPosition=\"{e}\" creatingUser=\"{user}\">",
                escape(name.trim(), true)
            );
            if !selection.indicators.is_empty() {
                let _ = writeln!(
                    out,
                    "        <Description>Indicateurs : {}</Description>",
                    escape(&selection.indicators.join(", "), false)
                );
            }
            for (theme, negated) in &selection.codes {
                let code = match negated {
                    true => negated_guid(theme),
                    false => code_guid(theme),
                };
                let coding = guid(&["coding", &selection_guid, &code]);
                let _ = writeln!(
                    out,
                    "        <Coding guid=\"{coding}\" creatingUser=\"{user}\">\n          <CodeRef targetGUID=\"{code}\"/>\n        </Coding>"
                );
            }
            out.push_str("      </PlainTextSelection>\n");
        }
        out.push_str("    </TextSource>\n");
        Ok(())
    }

    /// Writes the `.qdpx` archive: `project.qde`, then each source's text as
    /// `sources/<GUID>.txt`, deflated, every member dated 1980-01-01 (the zip format's zero date).
    pub fn write<W: Write + Seek>(&self, writer: W) -> Result<()> {
        let xml = self.project_xml()?;
        let zip_error = |e: zip::result::ZipError| match e {
            zip::result::ZipError::Io(io) => Error::io(None, io),
            other => Error::data(None, format!("cannot write the .qdpx archive: {other}")),
        };
        let io_error = |e: std::io::Error| Error::io(None, e);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        let mut zip = zip::ZipWriter::new(writer);
        zip.start_file("project.qde", options).map_err(zip_error)?;
        zip.write_all(xml.as_bytes()).map_err(io_error)?;
        for (source_guid, source) in &self.sources {
            zip.start_file(format!("sources/{source_guid}.txt"), options)
                .map_err(zip_error)?;
            zip.write_all(source.text.as_bytes()).map_err(io_error)?;
        }
        zip.finish().map_err(zip_error)?;
        Ok(())
    }

    /// The `.qdpx` archive in memory.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let mut cursor = std::io::Cursor::new(Vec::new());
        self.write(&mut cursor)?;
        Ok(cursor.into_inner())
    }
}
