//! Format detection: file extension first, then the content.

use crate::transcript::{encoding, Format};
use std::path::Path;

/// The format of a file, from its extension (`.vtt`, `.srt`, `.trs`, `.TextGrid`, `.jsonl`,
/// `.ndjson`, `.docx`, `.odt`, `.eaf`, `.cha`, `.tei`), else from its content: a zip archive with a
/// `word/document.xml` or `[Content_Types].xml` member (Word) or an OpenDocument text `mimetype`; a
/// `WEBVTT` header; XML by its root element (`<ANNOTATION_DOCUMENT>` ELAN, `<TEI>`/`<teiCorpus>` TEI,
/// `<Trans>` Transcriber, any other root holding `<u ` or `<u>` in the first 4 KB TEI, else
/// Transcriber); `File type = "ooTextFile"`; `@UTF8`/`@Begin` (CHAT); `****` star-variable lines
/// (IRaMuTeQ: the first line, or any line start in the first 4 KB); `{` with a `"segments"` key in
/// the first 4 KB (speech-recognition JSON); a first line starting `{` (JSON Lines); a number then a
/// line with `-->` (SRT); anything else is plain text. Lines end at any line break (`\r` alone
/// included).
/// `.txt` files are sniffed, so an IRaMuTeQ corpus saved as `.txt` is found by its `****` lines.
///
/// ```
/// use entretien::transcript::{detect_format, Format};
/// use std::path::Path;
///
/// assert_eq!(detect_format(Some(Path::new("a.srt")), b""), Format::Srt);
/// assert_eq!(detect_format(None, b"**** *ent_01 *role_agent\nbonjour"), Format::Iramuteq);
/// assert_eq!(detect_format(Some(Path::new("a.txt")), b"E : bonjour"), Format::Plain);
/// ```
pub fn detect_format(path: Option<&Path>, bytes: &[u8]) -> Format {
    let extension = path
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let by_extension = match extension.as_deref() {
        Some("vtt") => Some(Format::Vtt),
        Some("srt") => Some(Format::Srt),
        Some("trs") => Some(Format::Trs),
        Some("textgrid") => Some(Format::TextGrid),
        Some("jsonl") | Some("ndjson") => Some(Format::Jsonl),
        Some("docx") => Some(Format::Docx),
        Some("odt") => Some(Format::Odt),
        Some("eaf") => Some(Format::Eaf),
        Some("cha") => Some(Format::Chat),
        Some("tei") => Some(Format::Tei),
        _ => None,
    };
    if extension.as_deref() == Some("json") && has_segments(bytes) {
        // Whisper writes `text` first: `segments` may come after more than the sniffed prefix.
        return Format::AsrJson;
    }
    by_extension
        .or_else(|| super::office::sniff(bytes))
        .unwrap_or_else(|| sniff(&encoding::sniff_prefix(bytes)))
}

fn sniff(head: &str) -> Format {
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if head.starts_with("WEBVTT") {
        return Format::Vtt;
    }
    if head.starts_with('<') {
        match root_element(head).as_deref() {
            Some("ANNOTATION_DOCUMENT") => return Format::Eaf,
            Some("TEI" | "teiCorpus" | "TEI.2") => return Format::Tei,
            Some(root) if root != "Trans" && (head.contains("<u ") || head.contains("<u>")) => {
                return Format::Tei
            }
            _ => {}
        }
        if head.starts_with("<?xml")
            || head.starts_with("<Trans")
            || head.starts_with("<!DOCTYPE Trans")
        {
            return Format::Trs;
        }
    }
    if head.starts_with("@UTF8") || head.starts_with("@Begin") || head.starts_with("@begin") {
        return Format::Chat;
    }
    if head.starts_with("File type = \"ooTextFile") {
        return Format::TextGrid;
    }
    let all: Vec<&str> = super::lines(head)
        .map(|l| head[l.start..l.end].trim())
        .collect();
    let mut lines = all.iter().copied().filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    if first.starts_with("****") || all.iter().any(|l| is_star_line(l)) {
        return Format::Iramuteq;
    }
    if first.starts_with('{') {
        if head.contains("\"segments\"") && !is_one_json_line(first) {
            return Format::AsrJson;
        }
        return Format::Jsonl;
    }
    if !first.is_empty()
        && first.chars().all(|c| c.is_ascii_digit())
        && lines.next().is_some_and(|l| l.contains("-->"))
    {
        return Format::Srt;
    }
    Format::Plain
}

/// Whether a JSON document has a `"segments"` key (UTF-8; a UTF-16 file is sniffed by its prefix).
fn has_segments(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"\"segments\"").is_some()
        || encoding::sniff_prefix(bytes).contains("\"segments\"")
}

/// Whether a first line holds a whole JSON object (JSON Lines), as far as braces outside strings tell.
fn is_one_json_line(line: &str) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0i64, false, false);
    for b in line.bytes() {
        match (in_string, escaped, b) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (true, false, b'"') => in_string = false,
            (false, _, b'"') => in_string = true,
            (false, _, b'{' | b'[') => depth += 1,
            (false, _, b'}' | b']') => depth -= 1,
            _ => {}
        }
    }
    depth == 0 && !in_string
}

/// The local name of the root element of XML text: the declaration, comments and doctype skipped.
fn root_element(head: &str) -> Option<String> {
    let mut rest = head;
    while let Some(after) = rest.strip_prefix('<') {
        if after.starts_with(['?', '!']) {
            rest = after[after.find('>').map_or(after.len(), |i| i + 1)..].trim_start();
            continue;
        }
        let name: String = after
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'))
            .collect();
        let local = name.rsplit(':').next().unwrap_or("").to_string();
        return (!local.is_empty()).then_some(local);
    }
    None
}

/// `**** *var_mod *var2_mod`: four stars, then at least one star variable and nothing else.
fn is_star_line(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("****") else {
        return false;
    };
    if !rest.starts_with([' ', '\t']) {
        return false;
    }
    let mut vars = rest.split_whitespace().peekable();
    vars.peek().is_some()
        && vars.all(|v| v.len() > 1 && v.starts_with('*') && !v[1..].starts_with('*'))
}

/// The name of a format entretien recognises but does not read (Word 97, PDF, a zip archive that
/// is no Word or OpenDocument text, a JSON document that is neither JSON Lines nor
/// speech-recognition output), from the extension or the first bytes; `None` for everything else.
pub(crate) fn unsupported(path: Option<&Path>, bytes: &[u8]) -> Option<&'static str> {
    let extension = path
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("doc") => return Some("Word 97-2003 (.doc)"),
        Some("pdf") => return Some("PDF"),
        // Known extensions that are read win over content sniffing.
        Some(
            "vtt" | "srt" | "trs" | "textgrid" | "jsonl" | "ndjson" | "docx" | "odt" | "eaf"
            | "cha" | "tei",
        ) => return None,
        _ => {}
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return super::office::sniff(bytes)
            .is_none()
            .then_some("zip archive (not a Word or OpenDocument text)");
    }
    if bytes.starts_with(b"%PDF") {
        return Some("PDF");
    }
    // Plain UTF-8 text that starts like none of these formats needs no decoded prefix.
    let first = bytes
        .strip_prefix(b"\xef\xbb\xbf")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if first.is_some_and(|&b| b != b'{') {
        return None;
    }
    let head = encoding::sniff_prefix(bytes);
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    // One JSON document over several lines, not JSON Lines, and not speech-recognition output.
    if path
        .and_then(Path::extension)
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
        && head.starts_with('{')
        && !has_segments(bytes)
        && !head.lines().next().unwrap_or("").trim_end().ends_with('}')
    {
        return Some("JSON document (not JSON Lines)");
    }
    None
}
