//! Format detection: file extension first, then the content.

use crate::transcript::{encoding, Format};
use std::path::Path;

/// The format of a file, from its extension (`.vtt`, `.srt`, `.trs`, `.TextGrid`, `.jsonl`,
/// `.ndjson`), else from its content: a `WEBVTT` header, an XML declaration or `<Trans` root,
/// `File type = "ooTextFile"`, a first line starting `****` (IRaMuTeQ), a first line starting
/// `{` (JSON Lines), a number then a line with `-->` (SRT); anything else is plain text.
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
        _ => None,
    };
    by_extension.unwrap_or_else(|| sniff(&encoding::sniff_prefix(bytes)))
}

fn sniff(head: &str) -> Format {
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if head.starts_with("WEBVTT") {
        return Format::Vtt;
    }
    if head.starts_with("<?xml")
        || head.starts_with("<Trans")
        || head.starts_with("<!DOCTYPE Trans")
    {
        return Format::Trs;
    }
    if head.starts_with("File type = \"ooTextFile") {
        return Format::TextGrid;
    }
    let mut lines = head.lines().map(str::trim).filter(|l| !l.is_empty());
    let first = lines.next().unwrap_or("");
    if first.starts_with("****") {
        return Format::Iramuteq;
    }
    if first.starts_with('{') {
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
