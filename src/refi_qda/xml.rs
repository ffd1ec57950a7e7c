//! Reading and writing the XML of REFI-QDA files, with the crate's conventions: `quick-xml`, no
//! DTD (entity expansion), a bounded nesting depth, errors at a line of the named member.
//!
//! Reading builds a small tree of elements (local names, attributes, text), which the importer
//! walks; the input is bounded before it gets here (one archive member, at most
//! [`MAX_MEMBER_BYTES`](crate::transcript::office::MAX_MEMBER_BYTES)).

use crate::error::{Error, Result};
use crate::transcript::line_of;
use crate::transcript::office::MAX_DEPTH;
use quick_xml::events::{BytesStart, Event};
use std::borrow::Cow;

/// An element: its local name (namespace prefix dropped), attributes, text and children.
#[derive(Debug, Default)]
pub(crate) struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Element>,
    /// The 1-based line of its start tag.
    pub line: usize,
}

impl Element {
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn children<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

/// An error at 1-based `line` of the XML member `member` of a project (a data error naming the
/// member), or of a `.qdc` codebook file itself when `member` is empty (a lexicon error at the line).
pub(crate) fn error_at(member: &str, line: usize, message: impl std::fmt::Display) -> Error {
    if member.is_empty() {
        Error::lexicon(Some(line), None, message.to_string())
    } else {
        Error::data(None, format!("{member}:{line}: {message}"))
    }
}

fn local(name: &[u8]) -> String {
    let name = String::from_utf8_lossy(name);
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => name.into_owned(),
    }
}

fn start(e: &BytesStart<'_>, member: &str, line: usize) -> Result<Element> {
    let mut attributes = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|err| error_at(member, line, format!("malformed XML: {err}")))?;
        let value = a
            .unescape_value()
            .map_err(|err| error_at(member, line, format!("malformed XML: {err}")))?;
        attributes.push((local(a.key.as_ref()), value.into_owned()));
    }
    Ok(Element {
        name: local(e.name().as_ref()),
        attributes,
        text: String::new(),
        children: Vec::new(),
        line,
    })
}

/// Parses `xml` (the text of member `member`) into its root element.
pub(crate) fn parse(xml: &str, member: &str) -> Result<Element> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    let line = |at: u64| line_of(xml, usize::try_from(at).unwrap_or(usize::MAX));
    loop {
        let at = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                return Err(error_at(
                    member,
                    line(reader.error_position()),
                    format!("malformed XML: {e}"),
                ))
            }
        };
        match event {
            Event::DocType(_) => {
                return Err(error_at(
                    member,
                    line(at),
                    "a DTD is not allowed (entity expansion)",
                ))
            }
            Event::Start(e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(error_at(
                        member,
                        line(at),
                        format!("elements nested deeper than {MAX_DEPTH}"),
                    ));
                }
                stack.push(start(&e, member, line(at))?);
            }
            Event::Empty(e) => {
                let element = start(&e, member, line(at))?;
                attach(&mut stack, &mut root, element, member, line(at))?;
            }
            Event::End(_) => {
                // quick-xml checks that end tags match their start tags.
                if let Some(element) = stack.pop() {
                    attach(&mut stack, &mut root, element, member, line(at))?;
                }
            }
            Event::Text(t) => {
                if let Some(open) = stack.last_mut() {
                    let text = t
                        .unescape()
                        .map_err(|e| error_at(member, line(at), format!("malformed XML: {e}")))?;
                    open.text.push_str(&text);
                }
            }
            Event::CData(t) => {
                if let Some(open) = stack.last_mut() {
                    open.text.push_str(&String::from_utf8_lossy(&t));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(error_at(
            member,
            line(xml.len() as u64),
            "the XML ends inside an element (cut short?)",
        ));
    }
    root.ok_or_else(|| error_at(member, 1, "no XML element"))
}

fn attach(
    stack: &mut [Element],
    root: &mut Option<Element>,
    element: Element,
    member: &str,
    line: usize,
) -> Result<()> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None if root.is_none() => *root = Some(element),
        None => return Err(error_at(member, line, "more than one root element")),
    }
    Ok(())
}

/// Text made safe for XML 1.0: characters XML cannot hold (C0 controls but tab, line feed and
/// carriage return; U+FFFE, U+FFFF) are left out, then `<>&` escaped (and `'"` in attributes). For attributes,
/// whitespace runs become one space too (XML readers would normalise them anyway).
pub(crate) fn escape(s: &str, attribute: bool) -> Cow<'_, str> {
    let allowed = |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    let clean: Cow<'_, str> = if attribute && s.contains(|c: char| c.is_whitespace() && c != ' ')
        || s.contains(|c: char| !allowed(c))
    {
        let mut out = String::with_capacity(s.len());
        for c in s.chars().filter(|&c| allowed(c)) {
            out.push(if attribute && c.is_whitespace() {
                ' '
            } else {
                c
            });
        }
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    };
    // Element text needs only `<`, `>` and `&` escaped; attributes (in double quotes) all five.
    let escaped = match attribute {
        true => quick_xml::escape::escape(clean.as_ref()),
        false => quick_xml::escape::partial_escape(clean.as_ref()),
    };
    match escaped {
        Cow::Borrowed(_) => clean,
        Cow::Owned(o) => Cow::Owned(o),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_names_and_errors() {
        let xml = "<?xml version=\"1.0\"?>\n<qda:Project xmlns:qda=\"urn:x\" name=\"a &amp; b\">\n  <Users><User guid=\"g\"/></Users>\n  <Description>d</Description>\n</qda:Project>";
        let root = parse(xml, "project.qde").unwrap();
        assert_eq!(root.name, "Project");
        assert_eq!(root.attribute("name"), Some("a & b"));
        assert_eq!(root.child("Users").unwrap().children("User").count(), 1);
        assert_eq!(root.child("Description").unwrap().text, "d");
        assert_eq!(root.child("Users").unwrap().line, 3);

        let e = parse("<a>\n<b></c></a>", "project.qde")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("project.qde:2: malformed XML"), "{e}");
        let e = parse("<a>\n<b>", "project.qde").unwrap_err().to_string();
        assert!(e.contains("cut short"), "{e}");
        let e = parse("<!DOCTYPE a [<!ENTITY x \"y\">]><a/>", "p.qde")
            .unwrap_err()
            .to_string();
        assert!(e.contains("DTD"), "{e}");
        let deep = "<a>".repeat(MAX_DEPTH + 1);
        let e = parse(&deep, "p.qde").unwrap_err().to_string();
        assert!(e.contains("nested deeper"), "{e}");
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("a<b & \"c\"", false), "a&lt;b &amp; \"c\"");
        assert_eq!(escape("l'a \"b\"", true), "l&apos;a &quot;b&quot;");
        assert_eq!(escape("a\r\n\tb\u{1}", true), "a   b");
        assert_eq!(escape("a\r\nb\u{1}", false), "a\r\nb");
        assert!(matches!(escape("plain", true), Cow::Borrowed(_)));
    }
}
