//! Praat TextGrid files, long ("text") and short formats.
//!
//! Each interval tier is a speaker (the tier name); each non-empty interval a turn timed by
//! the interval, its role from the tier name through [`RoleRules`](super::RoleRules). Point
//! tiers (`TextTier`) are read and ignored. Turns are ordered by start time across tiers, ties
//! by tier order. UTF-16 files are decoded before parsing.
//!
//! Both formats are read the way Praat reads them: as a stream of numbers, quoted strings
//! (`""` is a quote) and `<flags>`, with the long format's `name =` labels and `[n]` indices
//! skipped.

use crate::error::{Error, Result};
use crate::transcript::roles::CompiledRoles;
use crate::transcript::{Assembler, Format, Role, Transcript, Warning};

#[derive(Debug, Clone, PartialEq)]
enum Value {
    Number(f64),
    Text(String),
    Flag(String),
}

#[derive(Debug)]
struct Token {
    value: Value,
    line: usize,
}

fn tokenize(text: &str) -> Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut line = 1;
    let mut chars = text.char_indices().peekable();
    // A line break as `lines` counts them: `\r\n`, `\n`, `\r`, NEL, U+2028, U+2029.
    let ends_line = |c: char, next: Option<char>| match c {
        '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => true,
        '\r' => next != Some('\n'),
        _ => false,
    };
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, d)| d);
        match c {
            c if ends_line(c, next) => line += 1,
            '"' => {
                let start_line = line;
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some((_, '"')) => {
                            if chars.peek().is_some_and(|&(_, c)| c == '"') {
                                chars.next();
                                s.push('"');
                            } else {
                                break;
                            }
                        }
                        Some((_, c)) => {
                            if ends_line(c, chars.peek().map(|&(_, d)| d)) {
                                line += 1;
                            }
                            s.push(c);
                        }
                        None => {
                            return Err(Error::transcript(Some(start_line), "unterminated string"))
                        }
                    }
                }
                tokens.push(Token {
                    value: Value::Text(s),
                    line: start_line,
                });
            }
            '<' => {
                let mut flag = String::new();
                for (_, c) in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                    flag.push(c);
                }
                tokens.push(Token {
                    value: Value::Flag(flag),
                    line,
                });
            }
            '[' => {
                // `item [1]:`, `intervals [3]:`: an index, not a value.
                while let Some((_, c)) = chars.next() {
                    if ends_line(c, chars.peek().map(|&(_, d)| d)) {
                        line += 1;
                        break;
                    }
                    if c == ']' {
                        break;
                    }
                }
            }
            '!' => {
                // A comment up to the end of the line.
                while let Some((_, c)) = chars.next() {
                    if ends_line(c, chars.peek().map(|&(_, d)| d)) {
                        line += 1;
                        break;
                    }
                }
            }
            c if c.is_ascii_digit() || c == '-' || c == '+' || c == '.' => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_ascii_digit() || matches!(d, '.' | 'e' | 'E' | '-' | '+') {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                let raw = &text[i..end];
                let number = raw.parse::<f64>().map_err(|_| {
                    Error::transcript(Some(line), format!("invalid number {raw:?}"))
                })?;
                tokens.push(Token {
                    value: Value::Number(number),
                    line,
                });
            }
            c if c.is_alphabetic() || c == '_' => {
                // A label (`xmin =`, `class =`, `tiers?`): skip the word.
                while chars
                    .peek()
                    .is_some_and(|&(_, d)| d.is_alphanumeric() || d == '_')
                {
                    chars.next();
                }
            }
            _ => {}
        }
    }
    Ok(tokens)
}

struct Stream {
    tokens: std::iter::Peekable<std::vec::IntoIter<Token>>,
    last_line: usize,
}

/// A value as a message shows it: `the number 5`, `the text "IntervalTier"`, `the flag <exists>`.
fn describe(value: &Value) -> String {
    match value {
        Value::Number(n) => format!("the number {n}"),
        Value::Text(s) => format!("the text \"{s}\""),
        Value::Flag(f) => format!("the flag <{f}>"),
    }
}

impl Stream {
    fn peek(&mut self) -> Option<&Value> {
        self.tokens.peek().map(|t| &t.value)
    }

    fn next(&mut self, what: &str) -> Result<Value> {
        match self.tokens.next() {
            Some(t) => {
                self.last_line = t.line;
                Ok(t.value)
            }
            None => Err(Error::transcript(
                Some(self.last_line),
                format!("unexpected end of TextGrid, expected {what}"),
            )),
        }
    }

    fn number(&mut self, what: &str) -> Result<f64> {
        match self.next(what)? {
            Value::Number(n) => Ok(n),
            other => Err(self.unexpected(what, &other)),
        }
    }

    fn text(&mut self, what: &str) -> Result<String> {
        match self.next(what)? {
            Value::Text(s) => Ok(s),
            other => Err(self.unexpected(what, &other)),
        }
    }

    fn count(&mut self, what: &str) -> Result<usize> {
        let n = self.number(what)?;
        if n < 0.0 || n.fract() != 0.0 || n > 1e9 {
            return Err(Error::transcript(
                Some(self.last_line),
                format!("{what} should be a whole number, found {n}"),
            ));
        }
        Ok(n as usize)
    }

    fn unexpected(&self, what: &str, found: &Value) -> Error {
        Error::transcript(
            Some(self.last_line),
            format!("expected {what}, found {}", describe(found)),
        )
    }
}

/// Reads a TextGrid file.
pub(crate) fn parse(text: &str, id: &str, roles: &CompiledRoles) -> Result<Transcript> {
    // The header first: a file that is not a TextGrid is said to be one, not reported at its
    // first odd token.
    let head = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !head.starts_with("File type") {
        let line = text[..text.len() - head.len()].matches('\n').count() + 1;
        return Err(Error::transcript(
            Some(line),
            "not a Praat TextGrid: expected `File type = \"ooTextFile\"` first",
        ));
    }
    let mut stream = Stream {
        tokens: tokenize(text)?.into_iter().peekable(),
        last_line: 1,
    };
    let mut warnings = Vec::new();
    let file_type = stream.text("the file type \"ooTextFile\"")?;
    if !file_type.starts_with("ooTextFile") {
        return Err(Error::transcript(
            Some(stream.last_line),
            format!("not a Praat text file: file type {file_type:?}"),
        ));
    }
    let class = stream.text("the object class \"TextGrid\"")?;
    if class != "TextGrid" {
        return Err(Error::transcript(
            Some(stream.last_line),
            format!("expected a TextGrid, found object class {class:?}"),
        ));
    }
    stream.number("xmin")?;
    stream.number("xmax")?;
    let tiers = match stream.next("<exists> or <absent>")? {
        Value::Flag(f) if f == "exists" => stream.count("the number of tiers")?,
        Value::Flag(_) => 0,
        other => return Err(stream.unexpected("<exists> or <absent>", &other)),
    };
    // (start, tier, end, speaker index, words)
    let mut intervals: Vec<(f64, usize, f64, String)> = Vec::new();
    let mut tier_names: Vec<String> = Vec::new();
    let tiers_line = stream.last_line;
    let mut tier = 0;
    loop {
        // As with intervals, read the tiers the file holds, whatever its count says.
        let more =
            matches!(stream.peek(), Some(Value::Text(t)) if t == "IntervalTier" || t == "TextTier");
        if tier >= tiers && !more {
            break;
        }
        if tier < tiers && !more && stream.peek().is_none() {
            // Running out of tiers is a truncated file.
            stream.text("a tier class")?;
        }
        let class = stream.text("a tier class")?;
        if class != "IntervalTier" && class != "TextTier" {
            return Err(Error::transcript(
                Some(stream.last_line),
                format!(
                    "unknown tier class \"{class}\" (expected \"IntervalTier\" or \"TextTier\")"
                ),
            ));
        }
        let name = stream.text("a tier name")?;
        stream.number("tier xmin")?;
        stream.number("tier xmax")?;
        let size = stream.count("the tier's number of intervals")?;
        let size_line = stream.last_line;
        let is_interval = class == "IntervalTier";
        // Read what the tier holds, not what its count says: more intervals follow as long as
        // the next value is a number; a tier class where an interval should start, or the end of
        // the file in the last tier, ends the tier early. Both disagreements are warnings; a file
        // that ends before its last tier is truncated, an error.
        let mut read = 0;
        loop {
            match stream.peek() {
                Some(Value::Number(_)) => {}
                Some(Value::Text(t)) if read < size && (t == "IntervalTier" || t == "TextTier") => {
                    break
                }
                _ if read >= size => break,
                // The last tier may end the file early; an earlier one cannot (truncated file).
                None if tier + 1 >= tiers => break,
                _ => {}
            }
            if is_interval {
                let start = stream.number("interval xmin")?;
                let end = stream.number("interval xmax")?;
                let words = stream.text("interval text")?;
                if end < start {
                    return Err(Error::transcript(
                        Some(stream.last_line),
                        format!("interval ends ({end}) before it starts ({start})"),
                    ));
                }
                if !words.trim().is_empty() {
                    intervals.push((start, tier, end, words));
                }
            } else {
                stream.number("point time")?;
                stream.text("point mark")?;
            }
            read += 1;
        }
        if read != size {
            let what = if is_interval { "intervals" } else { "points" };
            warnings.push(Warning::new(
                Some(size_line),
                format!(
                    "tier \"{name}\" declares {size} {what} but holds {read}; all {read} were read"
                ),
            ));
        }
        tier_names.push(name);
        tier += 1;
    }
    if tier != tiers {
        warnings.push(Warning::new(
            Some(tiers_line),
            format!("the file declares {tiers} tiers but holds {tier}; all {tier} were read"),
        ));
    }
    intervals.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let tier_roles: Vec<Role> = tier_names.iter().map(|n| roles.classify(n)).collect();
    let mut assembler = Assembler::new();
    for (start, tier, end, words) in &intervals {
        let name = tier_names[*tier].trim();
        let speaker = (!name.is_empty()).then_some(name);
        assembler.push(speaker, tier_roles[*tier], words, Some(*start), Some(*end));
    }
    let mut transcript = Transcript::empty(id.to_string(), Format::TextGrid);
    assembler.finish(&mut transcript);
    transcript.warnings = warnings;
    Ok(transcript)
}
