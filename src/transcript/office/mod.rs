//! Word (`.docx`) and OpenDocument (`.odt`) transcripts: zip archives of XML parts.
//!
//! Both readers turn the document body into text with **one line per paragraph** (line breaks
//! inside a paragraph become `\n`, tabs stay tabs) and hand the lines to the plain reader's label
//! machinery, so speaker labels, roles, preamble and time ranges follow the plain-text rules and
//! every turn is a byte span of the assembled [`Transcript::text`]. Two additions:
//! - a tab after a short first group of words reads as the colon of a label
//!   (`Enquêteur⇥Bonjour`, the label often in bold): label detection sees a `:` in the tab's
//!   place, the text keeps the tab;
//! - a table with two cells per row whose first column repeats a name or holds a known role label
//!   is a speaker table (speaker | speech): each row is a turn of the first cell's speaker
//!   (a row with an empty first cell goes on with the current turn). Header rows (Word's
//!   "repeat as header row", ODF `table:table-header-rows`) are left out. Rows of other tables
//!   give one line per paragraph of each cell.
//!
//! Footnotes, endnotes, comments, headers and footers live in other parts or in elements that are
//! skipped, and never reach the words; neither do tracked deletions, field codes, text boxes and
//! drawings. Tracked insertions are kept. Document properties (`docProps/core.xml`, ODF
//! `meta.xml`) become metadata under the same keys for both formats: `title`, `subject`,
//! `creator` (the author), `lastModifiedBy`, `created`, `modified`, `description`, `keywords`,
//! `language`, plus ODF's user-defined fields under their own names.
//!
//! Bad input fails with [`ErrorKind::Transcript`](crate::ErrorKind::Transcript) errors naming the
//! archive member: a file that is not a zip archive or is cut short, a missing body part, a
//! member that inflates past [`MAX_MEMBER_BYTES`] (read through a bounded reader, whatever its
//! header claims), a DTD (entity expansion; Office documents never have one), an unknown entity,
//! elements nested deeper than [`MAX_DEPTH`], or a text larger than [`MAX_MEMBER_BYTES`].
//! Memory stays within a few times that limit.

mod docx;
mod odt;

use crate::error::{Error, Result};
use crate::transcript::plain::{
    assemble, find_labels, BodyLine, LabelMatch, LineLabel, MAX_LABEL_WORDS,
};
use crate::transcript::roles::{fold_label, CompiledRoles};
use crate::transcript::{line_of, lines, Format, Transcript};
use quick_xml::events::Event;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};
use zip::result::ZipError;
use zip::ZipArchive;

/// The most bytes one archive member may inflate to, and the most bytes of text a document may
/// give: 64 MiB, a hundred times the longest interview transcript.
pub(crate) const MAX_MEMBER_BYTES: u64 = 64 << 20;

/// The deepest element nesting read; Word and LibreOffice documents stay far below it.
pub(crate) const MAX_DEPTH: usize = 256;

/// Reads a `.docx` or `.odt` file from its bytes.
pub(crate) fn parse(
    bytes: &[u8],
    format: Format,
    id: &str,
    roles: &CompiledRoles,
) -> Result<Transcript> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Error::transcript(
            None,
            format!(
                "not a readable zip archive ({} expected): {e}",
                kind(format)
            ),
        )
    })?;
    let (body, metadata) = match format {
        Format::Odt => odt::read(&mut archive, roles)?,
        _ => docx::read(&mut archive, roles)?,
    };
    let mut transcript = Transcript::empty(id.to_string(), format);
    transcript.metadata = metadata;
    body.finish(&mut transcript, roles);
    Ok(transcript)
}

/// What the format is called in messages.
fn kind(format: Format) -> &'static str {
    match format {
        Format::Odt => "OpenDocument text",
        _ => "Word document",
    }
}

/// Whether `bytes` look like a Word or OpenDocument text archive: which one, from its members.
pub(crate) fn sniff(bytes: &[u8]) -> Option<Format> {
    if !bytes.starts_with(b"PK\x03\x04") {
        return None;
    }
    let mut archive = ZipArchive::new(Cursor::new(bytes)).ok()?;
    if archive.index_for_name("word/document.xml").is_some()
        || archive.index_for_name("[Content_Types].xml").is_some()
    {
        return Some(Format::Docx);
    }
    let mut mimetype = Vec::new();
    archive
        .by_name("mimetype")
        .ok()?
        .take(128)
        .read_to_end(&mut mimetype)
        .ok()?;
    mimetype
        .starts_with(b"application/vnd.oasis.opendocument.text")
        .then_some(Format::Odt)
}

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// The bytes of member `name`, `None` when the archive has no such member. The member is read
/// through a reader that stops after [`MAX_MEMBER_BYTES`], so a zip bomb costs that much at most.
fn member(archive: &mut Archive<'_>, name: &str) -> Result<Option<Vec<u8>>> {
    read_member(archive, name).map_err(|m| member_error(name, m))
}

/// The bounded reading behind [`member`], for any zip archive (the REFI-QDA importer reads its
/// projects with it): `Err` holds what went wrong, for the caller to name the member and file.
pub(crate) fn read_member<R: Read + std::io::Seek>(
    archive: &mut ZipArchive<R>,
    name: &str,
) -> std::result::Result<Option<Vec<u8>>, String> {
    let mut file = match archive.by_name(name) {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("cannot be read: {e}")),
    };
    let too_big = || format!("inflates past the limit of {MAX_MEMBER_BYTES} bytes (a zip bomb?)");
    if file.size() > MAX_MEMBER_BYTES {
        return Err(too_big());
    }
    let mut out = Vec::with_capacity(file.size() as usize);
    (&mut file)
        .take(MAX_MEMBER_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| format!("cannot be inflated: {e}"))?;
    if out.len() as u64 > MAX_MEMBER_BYTES {
        return Err(too_big());
    }
    Ok(Some(out))
}

/// Member `name` as UTF-8 text (a UTF-8 BOM removed).
fn member_text(archive: &mut Archive<'_>, name: &str) -> Result<Option<String>> {
    let Some(bytes) = member(archive, name)? else {
        return Ok(None);
    };
    let mut text = String::from_utf8(bytes).map_err(|e| {
        member_error(
            name,
            format!(
                "is not UTF-8 (byte offset {})",
                e.utf8_error().valid_up_to()
            ),
        )
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(Some(text))
}

fn member_error(name: &str, message: impl std::fmt::Display) -> Error {
    Error::transcript(None, format!("{name}: {message}"))
}

/// An XML error in member `name`, at byte `at` of its text.
fn xml_error(name: &str, xml: &str, at: u64, message: impl std::fmt::Display) -> Error {
    let at = usize::try_from(at).unwrap_or(usize::MAX);
    member_error(name, format!("line {}: {message}", line_of(xml, at)))
}

/// Reads the next event of a member's XML: errors name the member and line, a DTD is refused.
fn next_event<'x>(
    reader: &mut quick_xml::Reader<&'x [u8]>,
    name: &str,
    xml: &'x str,
) -> Result<Event<'x>> {
    let at = reader.buffer_position();
    match reader.read_event() {
        Ok(Event::DocType(_)) => Err(xml_error(
            name,
            xml,
            at,
            "a DTD is not allowed in an Office document (entity expansion)",
        )),
        Ok(event) => Ok(event),
        Err(e) => Err(xml_error(
            name,
            xml,
            reader.error_position(),
            format!("malformed XML: {e}"),
        )),
    }
}

/// The checks at the end of a document part: every element closed, the text within its limit.
fn finish(name: &str, xml: &str, depth: &Depth, body: Body) -> Result<Body> {
    if depth.depth != 0 {
        return Err(xml_error(
            name,
            xml,
            xml.len() as u64,
            "the XML ends inside an element (cut short?)",
        ));
    }
    if body.overflow {
        return Err(member_error(
            name,
            format!("gives more than {MAX_MEMBER_BYTES} bytes of text"),
        ));
    }
    Ok(body)
}

/// Tracks element depth: refuses absurd nesting and skips the content of elements left out.
struct Depth {
    depth: usize,
    /// The depth of the element being skipped, while inside one.
    skipping: Option<usize>,
}

impl Depth {
    fn new() -> Depth {
        Depth {
            depth: 0,
            skipping: None,
        }
    }

    /// An element opened; `Err` past [`MAX_DEPTH`].
    fn open(&mut self, name: &str, xml: &str, at: u64) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(xml_error(
                name,
                xml,
                at,
                format!("elements nested deeper than {MAX_DEPTH}"),
            ));
        }
        Ok(())
    }

    /// An element closed; whether it ends a skipped element.
    fn close(&mut self) {
        if self.skipping == Some(self.depth) {
            self.skipping = None;
        }
        self.depth = self.depth.saturating_sub(1);
    }

    /// Skips the content of the element just opened.
    fn skip(&mut self) {
        if self.skipping.is_none() {
            self.skipping = Some(self.depth);
        }
    }

    fn skipped(&self) -> bool {
        self.skipping.is_some()
    }
}

/// Simple properties of a metadata part: each element at `depth` (its qualified name, its
/// attributes, its text), like `<dc:title>Entretien</dc:title>` under `<cp:coreProperties>`.
fn properties(name: &str, xml: &str, depth: usize) -> Result<Vec<Property>> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut level = Depth::new();
    let mut out: Vec<Property> = Vec::new();
    let mut open: Option<Property> = None;
    loop {
        let at = reader.buffer_position();
        match next_event(&mut reader, name, xml)? {
            Event::Start(e) => {
                level.open(name, xml, at)?;
                if level.depth == depth {
                    let mut attributes = Vec::new();
                    for a in e.attributes().flatten() {
                        let value = a
                            .unescape_value()
                            .map_err(|err| xml_error(name, xml, at, err))?;
                        attributes.push((
                            String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                            value.into_owned(),
                        ));
                    }
                    open = Some(Property {
                        name: String::from_utf8_lossy(e.name().as_ref()).into_owned(),
                        attributes,
                        text: String::new(),
                    });
                }
            }
            Event::End(_) => {
                if level.depth == depth {
                    out.extend(open.take());
                }
                level.close();
            }
            Event::Text(t) => {
                if let Some(p) = open.as_mut() {
                    let text = t.unescape().map_err(|e| xml_error(name, xml, at, e))?;
                    p.text.push_str(&text);
                }
            }
            Event::CData(t) => {
                if let Some(p) = open.as_mut() {
                    p.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// One element of a metadata part.
struct Property {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
}

impl Property {
    fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// Adds `value` (trimmed, whitespace runs made single spaces) under `key` unless blank; a key
/// given twice keeps both values, joined by `, ` (ODF keywords).
fn put(metadata: &mut BTreeMap<String, String>, key: &str, value: &str) {
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if value.is_empty() {
        return;
    }
    metadata
        .entry(key.to_string())
        .and_modify(|v| {
            v.push_str(", ");
            v.push_str(&value);
        })
        .or_insert(value);
}

/// A table being read: its rows of cells of paragraphs.
#[derive(Default)]
struct Table {
    rows: Vec<Row>,
}

#[derive(Default)]
struct Row {
    header: bool,
    cells: Vec<Vec<String>>,
}

/// The document's text, built one paragraph at a time, with the labels that tables give.
pub(crate) struct Body {
    text: String,
    /// The paragraph being read.
    paragraph: String,
    /// Whether a paragraph is open (nested ones, in text boxes of a table cell, join it).
    in_paragraph: usize,
    /// Open tables, innermost last.
    tables: Vec<Table>,
    /// Labels given by a speaker table: the line's start in `text`, and the label.
    forced: Vec<(usize, LabelMatch)>,
    /// The text grew past [`MAX_MEMBER_BYTES`].
    overflow: bool,
}

impl Body {
    fn new() -> Body {
        Body {
            text: String::new(),
            paragraph: String::new(),
            in_paragraph: 0,
            tables: Vec::new(),
            forced: Vec::new(),
            overflow: false,
        }
    }

    fn begin_paragraph(&mut self) {
        self.in_paragraph += 1;
    }

    fn end_paragraph(&mut self) {
        self.in_paragraph = self.in_paragraph.saturating_sub(1);
        if self.in_paragraph > 0 {
            return;
        }
        let paragraph = std::mem::take(&mut self.paragraph);
        match self.tables.last_mut() {
            Some(table) => {
                if let Some(row) = table.rows.last_mut() {
                    if let Some(cell) = row.cells.last_mut() {
                        cell.push(paragraph);
                    }
                }
            }
            None => {
                self.line(&paragraph);
            }
        }
    }

    /// Appends words to the open paragraph (outside one, they start a paragraph of their own).
    fn push(&mut self, s: &str) {
        if self.paragraph.len() + self.text.len() + s.len() > MAX_MEMBER_BYTES as usize {
            self.overflow = true;
            return;
        }
        self.paragraph.push_str(s);
    }

    fn push_char(&mut self, c: char) {
        let mut buf = [0; 4];
        self.push(c.encode_utf8(&mut buf));
    }

    /// The open paragraph so far.
    fn paragraph(&self) -> &str {
        &self.paragraph
    }

    /// Appends a whole line to the text.
    fn line(&mut self, line: &str) -> usize {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len();
        if start + line.len() > MAX_MEMBER_BYTES as usize {
            self.overflow = true;
        } else {
            self.text.push_str(line);
        }
        start
    }

    fn begin_table(&mut self) {
        self.tables.push(Table::default());
    }

    fn begin_row(&mut self) {
        if let Some(t) = self.tables.last_mut() {
            t.rows.push(Row::default());
        }
    }

    fn header_row(&mut self) {
        if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
            row.header = true;
        }
    }

    fn begin_cell(&mut self) {
        if let Some(row) = self.tables.last_mut().and_then(|t| t.rows.last_mut()) {
            row.cells.push(Vec::new());
        }
    }

    /// Closes the innermost table: a nested one becomes paragraphs of the enclosing cell, an
    /// outer one lines of the text.
    fn end_table(&mut self, roles: &CompiledRoles) {
        let Some(table) = self.tables.pop() else {
            return;
        };
        let speaker_table = is_speaker_table(&table, roles);
        let nested = !self.tables.is_empty();
        for row in table.rows.into_iter().filter(|r| !r.header) {
            let label = speaker_table
                .then(|| speaker_cell(&row))
                .flatten()
                .map(str::to_string);
            let mut cells = row.cells.into_iter();
            if let Some(speaker) = label {
                let mut speech = cells.nth(1).unwrap_or_default().into_iter();
                let first = format!("{speaker}\t{}", speech.next().unwrap_or_default());
                if nested {
                    self.cell_paragraph(first);
                    speech.for_each(|p| self.cell_paragraph(p));
                    continue;
                }
                let start = self.line(&first);
                self.forced.push((
                    start,
                    LabelMatch {
                        role: roles.classify(&speaker),
                        words_at: speaker.len() + 1,
                        speaker,
                        start: None,
                        end: None,
                    },
                ));
                for p in speech {
                    self.line(&p);
                }
            } else {
                // An empty cell (a speaker table's blank first column) gives no blank line.
                let filled = cells.filter(|c| c.iter().any(|p| !p.trim().is_empty()));
                for p in filled.flatten() {
                    if nested {
                        self.cell_paragraph(p);
                    } else {
                        self.line(&p);
                    }
                }
            }
        }
    }

    fn cell_paragraph(&mut self, p: String) {
        if let Some(cell) = self
            .tables
            .last_mut()
            .and_then(|t| t.rows.last_mut())
            .and_then(|r| r.cells.last_mut())
        {
            cell.push(p);
        }
    }

    /// Splits the text into turns with the plain reader's rules (see the module docs).
    fn finish(mut self, transcript: &mut Transcript, roles: &CompiledRoles) {
        // Unclosed paragraphs and tables of a cut document still give their words.
        while !self.tables.is_empty() {
            self.end_table(roles);
        }
        if !self.paragraph.is_empty() {
            let p = std::mem::take(&mut self.paragraph);
            self.line(&p);
        }
        let text = self.text;
        let body_lines: Vec<(usize, usize)> = lines(&text).map(|l| (l.start, l.end)).collect();
        let views: Vec<Cow<'_, str>> = body_lines
            .iter()
            .map(|&(s, e)| tab_as_colon(&text[s..e]))
            .collect();
        let view_refs: Vec<&str> = views.iter().map(|v| v.as_ref()).collect();
        let mut labels = find_labels(&view_refs, roles);
        let mut forced = self.forced.into_iter().peekable();
        for (label, &(start, _)) in labels.iter_mut().zip(&body_lines) {
            while forced.peek().is_some_and(|(at, _)| *at < start) {
                forced.next();
            }
            if let Some((_, f)) = forced.next_if(|(at, _)| *at == start) {
                *label = Some(f);
            }
        }
        let labelled = labels.iter().any(Option::is_some);
        let lines =
            body_lines
                .iter()
                .zip(&labels)
                .enumerate()
                .map(|(i, (&(start, end), label))| BodyLine {
                    start,
                    end,
                    next: body_lines.get(i + 1).map_or(end, |l| l.0),
                    marker: false,
                    label: label.as_ref().map(LineLabel::of),
                });
        let body = assemble(&text, labelled, lines, text.len());
        transcript.install(body.turns, body.speakers, body.times);
        transcript.preamble = body.preamble;
        transcript.text = text;
    }
}

/// `line` as label detection sees it: a tab after a short first group of words (no colon
/// before it) becomes a colon, same length, so offsets stay those of the text.
fn tab_as_colon(line: &str) -> Cow<'_, str> {
    let Some(tab) = memchr::memchr(b'\t', line.as_bytes()) else {
        return Cow::Borrowed(line);
    };
    let head = &line[..tab];
    let words = head.split_whitespace().count();
    if words == 0 || words > MAX_LABEL_WORDS || head.contains(':') || head.len() > 120 {
        return Cow::Borrowed(line);
    }
    let mut view = String::with_capacity(line.len());
    view.push_str(head);
    view.push(':');
    view.push_str(&line[tab + 1..]);
    Cow::Owned(view)
}

/// The speaker of a speaker-table row: its first cell's words, when short enough for a label.
fn speaker_cell(row: &Row) -> Option<&str> {
    if row.cells.len() != 2 {
        return None;
    }
    let cell = &row.cells[0];
    let speaker = match cell.as_slice() {
        [one] => one.trim(),
        _ => return None,
    };
    let words = speaker.split_whitespace().count();
    (words > 0
        && words <= MAX_LABEL_WORDS
        && speaker.chars().count() <= 40
        && !speaker.contains(['\n', '\t']))
    .then_some(speaker)
}

/// Whether a table is speaker | speech: at least two rows of two cells, the first column
/// repeating a name or holding a known role label.
fn is_speaker_table(table: &Table, roles: &CompiledRoles) -> bool {
    let speakers: Vec<&str> = table
        .rows
        .iter()
        .filter(|r| !r.header)
        .filter_map(speaker_cell)
        .collect();
    if speakers.len() < 2 {
        return false;
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for s in &speakers {
        *counts.entry(fold_label(s)).or_default() += 1;
    }
    counts.values().any(|&n| n >= 2) || speakers.iter().any(|s| roles.known_role(s).is_some())
}
