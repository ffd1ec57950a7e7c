//! Lines, line numbers, spans and clock times: the text helpers every reader shares.

use crate::span::Span;

/// The line break starting at byte `i` of `bytes`, as its length: `\r\n`, `\n`, `\r`, NEL
/// (U+0085), LINE SEPARATOR (U+2028) or PARAGRAPH SEPARATOR (U+2029).
#[inline]
fn break_at(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes[i] {
        b'\n' => Some(1),
        b'\r' => Some(if bytes.get(i + 1) == Some(&b'\n') {
            2
        } else {
            1
        }),
        0xC2 if bytes.get(i + 1) == Some(&0x85) => Some(2),
        0xE2 if bytes.get(i + 1) == Some(&0x80)
            && matches!(bytes.get(i + 2), Some(0xA8 | 0xA9)) =>
        {
            Some(3)
        }
        _ => None,
    }
}

/// The next line break at or after `from`: its start and length. One pass: `\n`/`\r` bound the
/// search, and before them the second bytes of NEL (`C2 85`) and U+2028/9 (`E2 80 A8/A9`) are
/// looked for: `0x85` and `0x80` are rarer in French text than the lead bytes `0xC2` (guillemets,
/// no-break spaces) and `0xE2`, so fewer candidates are checked.
fn next_break(bytes: &[u8], from: usize) -> Option<(usize, usize)> {
    let newline = memchr::memchr2(b'\n', b'\r', &bytes[from..]).map(|f| from + f);
    let limit = newline.unwrap_or(bytes.len());
    let mut i = from;
    while let Some(p) = memchr::memchr2(0x85, 0x80, &bytes[i..limit]) {
        let at = i + p;
        if at > from {
            if let Some(len) = break_at(bytes, at - 1) {
                return Some((at - 1, len));
            }
        }
        i = at + 1;
    }
    newline.map(|at| (at, break_at(bytes, at).unwrap_or(1)))
}

/// The lines of `text`, split at every line break (see [`break_at`]); byte positions slice
/// `text` itself.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = Line> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut number = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        number += 1;
        let (end, next) = match next_break(bytes, start) {
            Some((at, len)) => (at, at + len),
            None => (text.len(), text.len()),
        };
        let line = Line {
            number,
            start,
            end,
            next,
        };
        start = next;
        Some(line)
    })
}

/// The 1-based line of byte `offset` in `text`, counting line breaks as [`lines`] does.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let head = &text.as_bytes()[..offset];
    let mut count = 1;
    let mut i = 0;
    while let Some((at, len)) = next_break(head, i) {
        count += 1;
        i = at + len;
    }
    count
}

/// `span` narrowed to exclude surrounding whitespace.
pub(crate) fn trim_span(text: &str, span: Span) -> Span {
    let slice = &text[span.range()];
    let start = span.start + (slice.len() - slice.trim_start().len());
    let end = span.start + slice.trim_end().len();
    if end <= start {
        Span::new(start, start)
    } else {
        Span::new(start, end)
    }
}

/// Parses `hh:mm:ss[.,fff]`, `mm:ss[.,fff]` or plain seconds into seconds.
/// A time in seconds as a clock, to the second: `12:05`, `1:02:09` (negative or not finite: `?`).
///
/// ```
/// assert_eq!(entretien::transcript::clock(725.4), "12:05");
/// assert_eq!(entretien::transcript::clock(3729.0), "1:02:09");
/// ```
pub fn clock(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return "?".to_string();
    }
    let s = seconds.floor() as u64;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

pub(crate) fn parse_clock(s: &str) -> Option<f64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let mut seconds = 0.0;
    let parts: Vec<&str> = s.split(':').collect();
    if parts.len() > 3 {
        return None;
    }
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let value: f64 = if last {
            let p = part.replace(',', ".");
            if p.is_empty() || !p.chars().all(|c| c.is_ascii_digit() || c == '.') {
                return None;
            }
            p.parse().ok()?
        } else {
            if part.is_empty() || !part.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()?
        };
        seconds = seconds * 60.0 + value;
    }
    Some(seconds)
}

/// One line of a text: its 1-based number, its extent without the line break, and where the
/// next line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Line {
    pub number: usize,
    pub start: usize,
    pub end: usize,
    pub next: usize,
}
