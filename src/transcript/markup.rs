//! The XML layer the TEI and ELAN readers share: a quick-xml event stream that checks end names,
//! tracks open elements, and never expands entities.
//!
//! Entities: the five XML ones and character references are decoded; any other `&name;` (declared
//! in a DOCTYPE or not) is left out of the text and counted, so a "billion laughs" file costs its
//! own size and nothing more. This is the protection the Transcriber reader has (quick-xml does not
//! expand DOCTYPE entities), made lenient: there an unknown entity fails the file, here it is a
//! warning and the rest is read. Malformed XML (a mismatched end tag, a file cut inside a tag or
//! before its elements close) is an error naming its line, as in the Transcriber reader.

use crate::error::{Error, Result};
use crate::transcript::line_of;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

/// A checked stream of XML events over a whole text.
pub(crate) struct XmlStream<'a> {
    reader: Reader<&'a [u8]>,
    text: &'a str,
    /// Local names of the open elements, outermost first.
    open: Vec<&'a str>,
    /// Entity references left out (neither XML's five nor a character reference).
    pub(crate) refused_entities: usize,
    /// Whether the DOCTYPE declares entities (none are expanded).
    pub(crate) declares_entities: bool,
}

impl<'a> XmlStream<'a> {
    pub(crate) fn new(text: &'a str) -> XmlStream<'a> {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        XmlStream {
            reader,
            text,
            open: Vec::new(),
            refused_entities: 0,
            declares_entities: false,
        }
    }

    /// The next event and the byte offset it starts at. `Eof` with elements still open is an error.
    pub(crate) fn next(&mut self) -> Result<(usize, Event<'a>)> {
        let at = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        let event = self.reader.read_event().map_err(|e| {
            let pos = usize::try_from(self.reader.error_position()).unwrap_or(at);
            self.error(pos, format!("malformed XML: {e}"))
        })?;
        match &event {
            Event::Start(e) => {
                let name = self.in_text(local_name(e));
                self.open.push(name);
            }
            Event::End(_) => {
                self.open.pop();
            }
            Event::DocType(d) if memchr::memmem::find(d, b"<!ENTITY").is_some() => {
                self.declares_entities = true;
            }
            Event::Eof => {
                if let Some(name) = self.open.last() {
                    let message = format!("the XML ends before <{name}> is closed");
                    return Err(self.error(self.text.len(), message));
                }
            }
            _ => {}
        }
        Ok((at, event))
    }

    /// `name` as a slice of the text when it is one (quick-xml borrows names from the input), so
    /// open elements cost no allocation; else the empty name.
    fn in_text(&self, name: &str) -> &'a str {
        let base = self.text.as_ptr() as usize;
        let at = (name.as_ptr() as usize).wrapping_sub(base);
        self.text.get(at..at + name.len()).unwrap_or("")
    }

    /// How many elements are open (the element of a `Start` event included).
    pub(crate) fn depth(&self) -> usize {
        self.open.len()
    }

    /// Whether an element of this local name is open.
    pub(crate) fn inside(&self, name: &str) -> bool {
        self.open.contains(&name)
    }

    /// The local name of the element around the current one (after a `Start`: its parent).
    pub(crate) fn parent(&self) -> Option<&str> {
        self.open.len().checked_sub(2).map(|i| self.open[i])
    }

    /// The innermost open element (the holder of an `Empty` element or of text).
    pub(crate) fn current(&self) -> Option<&str> {
        self.open.last().copied()
    }

    /// An error at byte `offset`, naming its line.
    pub(crate) fn error(&self, offset: usize, message: impl Into<String>) -> Error {
        Error::transcript(Some(line_of(self.text, offset)), message)
    }

    /// The element's attributes as `(name as written, decoded value)`.
    pub(crate) fn attributes(
        &mut self,
        e: &BytesStart<'_>,
        at: usize,
    ) -> Result<Vec<(String, String)>> {
        let mut out = Vec::new();
        for attr in e.attributes() {
            let attr = attr.map_err(|err| self.error(at, format!("malformed XML: {err}")))?;
            let key = String::from_utf8_lossy(attr.key.as_ref()).into_owned();
            let raw = String::from_utf8_lossy(&attr.value);
            let value = unescape(&raw, &mut self.refused_entities).into_owned();
            out.push((key, value));
        }
        Ok(out)
    }

    /// Decoded character data of a `Text` or `CData` event.
    pub(crate) fn text_of<'e>(&mut self, event: &'e Event<'_>) -> Cow<'e, str> {
        match event {
            Event::Text(t) => match String::from_utf8_lossy(t) {
                Cow::Borrowed(raw) => unescape(raw, &mut self.refused_entities),
                Cow::Owned(raw) => {
                    Cow::Owned(unescape(&raw, &mut self.refused_entities).into_owned())
                }
            },
            Event::CData(t) => String::from_utf8_lossy(t),
            _ => Cow::Borrowed(""),
        }
    }

    /// The message for entities left out, if any were.
    pub(crate) fn entity_note(&self) -> Option<String> {
        if self.refused_entities == 0 && !self.declares_entities {
            return None;
        }
        Some(format!(
            "entities are not expanded: {} reference(s) to undeclared or DOCTYPE entities left out of the text",
            self.refused_entities
        ))
    }
}

/// An element's local name (`tei:u` and `u` are both `u`).
pub(crate) fn local_name<'e>(e: &'e BytesStart<'_>) -> &'e str {
    std::str::from_utf8(e.local_name().into_inner()).unwrap_or("")
}

/// The value of attribute `key` (as written, `xml:id`), if present.
pub(crate) fn attr<'v>(attrs: &'v [(String, String)], key: &str) -> Option<&'v str> {
    attrs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Decodes `&lt; &gt; &amp; &quot; &apos;` and character references; any other reference is left
/// out and counted in `refused`. A `&` that starts no reference stays.
pub(crate) fn unescape<'s>(raw: &'s str, refused: &mut usize) -> Cow<'s, str> {
    if !raw.contains('&') {
        return Cow::Borrowed(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let Some(j) = after.find(';').filter(|&j| j > 0 && j <= 32) else {
            out.push('&');
            rest = after;
            continue;
        };
        let name = &after[..j];
        let decoded = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
                None => name
                    .strip_prefix('#')
                    .and_then(|d| d.parse().ok())
                    .and_then(char::from_u32),
            },
        };
        match decoded {
            Some(c) => out.push(c),
            None if name
                .chars()
                .all(|c| c.is_alphanumeric() || "_-.:#".contains(c)) =>
            {
                *refused += 1;
            }
            None => {
                out.push('&');
                rest = after;
                continue;
            }
        }
        rest = &after[j + 1..];
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_decoded_or_left_out() {
        let mut refused = 0;
        assert_eq!(
            unescape("a &lt;b&gt; &amp; &#233;&#xE9;", &mut refused),
            "a <b> & éé"
        );
        assert_eq!(refused, 0);
        assert_eq!(unescape("x &lol9; y & z", &mut refused), "x  y & z");
        assert_eq!(refused, 1);
    }
}
