//! quanteda YAML dictionaries: a reader for the subset they use.
//!
//! ```yaml
//! # quanteda::dictionary(file = "travail.yml")
//! travail:
//!   isolement:
//!     - isol*
//!     - chacun dans son coin
//!   efficience: [efficac*, "gain de temps"]
//! modernisation:
//! - moderni*          # a list may sit at its key's indentation
//! ```
//!
//! Nested keys become levels of a dotted theme id (`travail.isolement`,
//! `travail.efficience`, `modernisation`). Supported: maps nested by
//! indentation (spaces), block lists (`- item`, indented or not), flow lists
//! (`[a, b]`, possibly over several lines), a single scalar value, single- and
//! double-quoted strings, `#` comments and `---` document markers. Anything else
//! (anchors, multi-line scalars, maps inside lists, tabs in indentation) is an
//! error naming the line.
//!
//! quanteda's glob `*` at the end of a word is a prefix; as in quanteda, a plain
//! word is an exact form ([`PlainWords::Exact`]) or a stem entry with
//! [`PlainWords::Stem`]; several words make a phrase.

use super::{
    check_theme_id, dedupe_entries, Entry, EntryKind, Lexicon, LoadReport, PlainWords, Theme,
};
use crate::error::{Error, Result};

struct Line<'a> {
    no: usize,
    indent: usize,
    text: &'a str,
}

impl Line<'_> {
    fn is_list_item(&self) -> bool {
        self.text == "-" || self.text.starts_with("- ")
    }
}

enum Node {
    Map(Vec<(String, usize, Node)>),
    List(Vec<(String, usize)>),
}

fn err(line: usize, msg: impl Into<String>) -> Error {
    Error::lexicon(Some(line), None, msg)
}

/// Removes a `#` comment (at the start or after a space, outside quotes).
fn strip_comment(line: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' && prev_space => return &line[..i],
            None => {}
        }
        prev_space = c.is_whitespace();
    }
    line
}

/// Reads a quoted or plain scalar.
fn scalar(text: &str, line: usize) -> Result<String> {
    let t = text.trim();
    if let Some(inner) = t.strip_prefix('"') {
        let Some(inner) = inner.strip_suffix('"') else {
            return Err(err(line, format!("unterminated string {t}")));
        };
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => return Err(err(line, "string ends with a backslash")),
                }
            } else {
                out.push(c);
            }
        }
        Ok(out)
    } else if let Some(inner) = t.strip_prefix('\'') {
        match inner.strip_suffix('\'') {
            Some(inner) => Ok(inner.replace("''", "'")),
            None => Err(err(line, format!("unterminated string {t}"))),
        }
    } else {
        if t.starts_with(['&', '*', '!', '|', '>', '{', '@', '`']) && !t.ends_with('*') {
            return Err(err(
                line,
                format!("unsupported YAML syntax {t:?} (anchors, tags, block scalars, maps)"),
            ));
        }
        Ok(t.to_string())
    }
}

/// Splits the inside of a flow list on commas outside quotes.
fn flow_items(inner: &str, line: usize) -> Result<Vec<String>> {
    let mut items = Vec::new();
    let mut quote: Option<char> = None;
    let mut start = 0;
    for (i, c) in inner.char_indices() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == ',' => {
                items.push(&inner[start..i]);
                start = i + 1;
            }
            None if c == '[' || c == '{' => {
                return Err(err(
                    line,
                    "nested collections in a flow list are not supported",
                ))
            }
            None => {}
        }
    }
    items.push(&inner[start..]);
    items
        .into_iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| scalar(s, line))
        .collect()
}

struct Parser<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
}

impl Parser<'_> {
    fn block(&mut self, indent: usize) -> Result<Node> {
        if self.lines[self.pos].is_list_item() {
            self.list(indent)
        } else {
            self.map(indent)
        }
    }

    fn list(&mut self, indent: usize) -> Result<Node> {
        let mut items = Vec::new();
        while let Some(line) = self.lines.get(self.pos) {
            if line.indent != indent || !line.is_list_item() {
                break;
            }
            let item = line.text[1..].trim();
            if item.is_empty() || item.starts_with("- ") {
                return Err(err(line.no, "nested lists are not supported"));
            }
            if item.ends_with(':') || (item.contains(": ") && !item.starts_with(['"', '\''])) {
                return Err(err(line.no, "maps inside lists are not supported"));
            }
            items.push((scalar(item, line.no)?, line.no));
            self.pos += 1;
        }
        if let Some(line) = self.lines.get(self.pos) {
            if line.indent > indent {
                return Err(err(line.no, "unexpected indentation after a list item"));
            }
        }
        Ok(Node::List(items))
    }

    fn map(&mut self, indent: usize) -> Result<Node> {
        let mut pairs: Vec<(String, usize, Node)> = Vec::new();
        while let Some(line) = self.lines.get(self.pos) {
            if line.indent < indent {
                break;
            }
            let (no, text) = (line.no, line.text);
            if line.indent > indent {
                return Err(err(no, "unexpected indentation"));
            }
            if line.is_list_item() {
                return Err(err(no, "a list item where a `key:` was expected"));
            }
            let (key, rest) = split_key(text, no)?;
            if pairs.iter().any(|(k, _, _)| *k == key) {
                return Err(err(no, format!("duplicate key {key:?}")));
            }
            self.pos += 1;
            let rest = rest.trim();
            let node = if rest.is_empty() {
                match self.lines.get(self.pos) {
                    Some(next) if next.indent > indent => self.block(next.indent)?,
                    Some(next) if next.indent == indent && next.is_list_item() => {
                        self.list(indent)?
                    }
                    _ => return Err(err(no, format!("key {key:?} has no entries"))),
                }
            } else if rest.starts_with('[') {
                let mut flow = rest.to_string();
                while !flow.trim_end().ends_with(']') {
                    match self.lines.get(self.pos) {
                        Some(next) => {
                            flow.push(' ');
                            flow.push_str(next.text);
                            self.pos += 1;
                        }
                        None => return Err(err(no, "flow list without a closing `]`")),
                    }
                }
                let inner = &flow.trim()[1..flow.trim().len() - 1];
                Node::List(
                    flow_items(inner, no)?
                        .into_iter()
                        .map(|s| (s, no))
                        .collect(),
                )
            } else {
                Node::List(vec![(scalar(rest, no)?, no)])
            };
            pairs.push((key, no, node));
        }
        Ok(Node::Map(pairs))
    }
}

/// Splits `key: rest` (key plain or quoted).
fn split_key(text: &str, line: usize) -> Result<(String, &str)> {
    if text.starts_with(['"', '\'']) {
        let q = text.chars().next().unwrap_or('"');
        let close = text[1..]
            .find(q)
            .ok_or_else(|| err(line, "unterminated quoted key"))?;
        let key = scalar(&text[..close + 2], line)?;
        let after = text[close + 2..].trim_start();
        return match after.strip_prefix(':') {
            Some(rest) => Ok((key, rest)),
            None => Err(err(line, "expected `:` after the key")),
        };
    }
    let colon = text
        .char_indices()
        .find(|&(i, c)| {
            c == ':'
                && text[i + 1..]
                    .chars()
                    .next()
                    .map_or(true, char::is_whitespace)
        })
        .map(|(i, _)| i);
    match colon {
        Some(i) => Ok((text[..i].trim().to_string(), &text[i + 1..])),
        None => Err(err(
            line,
            format!("expected `key:` or `- item`, found {text:?}"),
        )),
    }
}

fn flatten(
    node: Node,
    path: &str,
    plain: PlainWords,
    themes: &mut Vec<Theme>,
    key_line: usize,
) -> Result<()> {
    match node {
        Node::Map(pairs) => {
            for (key, line, child) in pairs {
                let key: String = key.split_whitespace().collect::<Vec<_>>().join("_");
                let id = if path.is_empty() {
                    key
                } else {
                    format!("{path}.{key}")
                };
                flatten(child, &id, plain, themes, line)?;
            }
        }
        Node::List(items) => {
            if path.is_empty() {
                return Err(err(
                    key_line,
                    "a dictionary is a map of keys to lists, not a list",
                ));
            }
            check_theme_id(path).map_err(|m| err(key_line, m))?;
            let mut entries = Vec::with_capacity(items.len());
            for (text, line) in items {
                let mut entry = Entry::try_parse_at(&text, line)?;
                if entry.kind == EntryKind::Stem && plain == PlainWords::Exact {
                    entry.kind = EntryKind::Exact;
                }
                entries.push(entry);
            }
            if entries.is_empty() {
                return Err(err(key_line, format!("key {path:?} has no entries")));
            }
            let mut theme = Theme::new(path).with_label(path.rsplit('.').next().unwrap_or(path));
            theme.entries = entries;
            themes.push(theme);
        }
    }
    Ok(())
}

/// Reads a quanteda YAML dictionary.
pub fn parse(text: &str, plain: PlainWords) -> Result<LoadReport> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = Vec::new();
    for (index, raw) in text.split('\n').enumerate() {
        let no = index + 1;
        let raw = raw.trim_end_matches('\r');
        let content = strip_comment(raw);
        let trimmed = content.trim();
        if trimmed.is_empty() || trimmed == "---" || trimmed == "..." {
            continue;
        }
        let indent_part = &content[..content.len() - content.trim_start().len()];
        if indent_part.contains('\t') {
            return Err(err(no, "tab in indentation (YAML indents with spaces)"));
        }
        lines.push(Line {
            no,
            indent: indent_part.len(),
            text: trimmed,
        });
    }
    if lines.is_empty() {
        return Err(Error::lexicon(None, None, "empty dictionary"));
    }
    let first_indent = lines[0].indent;
    let mut parser = Parser { lines, pos: 0 };
    let root = parser.block(first_indent)?;
    if let Some(line) = parser.lines.get(parser.pos) {
        return Err(err(line.no, "unexpected indentation"));
    }
    let mut themes = Vec::new();
    flatten(root, "", plain, &mut themes, 1)?;
    let mut lexicon = Lexicon { name: None, themes };
    let mut warnings = Vec::new();
    dedupe_entries(&mut lexicon, &mut warnings);
    Ok(LoadReport { lexicon, warnings })
}
