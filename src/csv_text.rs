//! Small delimited tables (metadata tables, roles files): the delimiter is the one of `,`, `;` or
//! tab that the header line holds most outside quotes (spreadsheets in French locales write `;`),
//! fields may be quoted with `"` (`""` inside) and quoted fields may hold line breaks. Each record
//! comes with the line it starts on, for errors.

use crate::error::{Error, Result};

/// The records of `text`, with the delimiter of its header: its first line that is neither blank
/// nor a `#` comment.
pub(crate) fn records(text: &str) -> Records<'_> {
    let header = text
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .unwrap_or("");
    Records::new(text, delimiter_of(header))
}

/// The delimiter of `,`, `;` and tab that the header line holds most outside quotes (`,` on a tie).
pub(crate) fn delimiter_of(header: &str) -> char {
    let mut quoted = false;
    let mut counts = [0usize; 3];
    for c in header.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3)
        .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
        .unwrap_or(0);
    [',', ';', '\t'][best]
}

/// CSV records with the line each starts on; quoted fields may hold the delimiter, `""` and line
/// breaks.
pub(crate) struct Records<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    delimiter: char,
}

impl<'a> Records<'a> {
    pub(crate) fn new(text: &'a str, delimiter: char) -> Records<'a> {
        Records {
            text,
            pos: 0,
            line: 1,
            delimiter,
        }
    }
}

impl Iterator for Records<'_> {
    type Item = Result<(usize, Vec<String>)>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start_line = self.line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = self.text[self.pos..].char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' if quoted => {
                    if matches!(chars.peek(), Some((_, '"'))) {
                        field.push('"');
                        chars.next();
                    } else {
                        quoted = false;
                    }
                }
                '"' if field.trim().is_empty() => {
                    field.clear();
                    quoted = true;
                }
                '\n' if quoted => {
                    self.line += 1;
                    field.push('\n');
                }
                '\n' | '\r' => {
                    if c == '\r' && matches!(chars.peek(), Some((_, '\n'))) {
                        chars.next();
                    }
                    self.line += 1;
                    self.pos += chars.peek().map_or(self.text.len() - self.pos, |(j, _)| *j);
                    fields.push(field);
                    return Some(Ok((start_line, fields)));
                }
                c if c == self.delimiter && !quoted => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
            let _ = i;
        }
        self.pos = self.text.len();
        if quoted {
            return Some(Err(Error::data(
                Some(start_line),
                "a quoted field is not closed before the end of the file",
            )));
        }
        fields.push(field);
        Some(Ok((start_line, fields)))
    }
}
