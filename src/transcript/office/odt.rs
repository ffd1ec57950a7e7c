//! OpenDocument text (`.odt`): `content.xml` and `meta.xml`.
//!
//! Paragraphs are `text:p` and `text:h` (in lists too); `text:s` gives its count of spaces (at
//! most [`MAX_SPACES`]), `text:tab` a tab, `text:line-break` a line break, and other white space
//! collapses to one space as ODF says. Left out with their content: notes (`text:note`, foot- and
//! endnotes alike), comments (`office:annotation`), the tracked-changes log
//! (`text:tracked-changes`, where deleted text lives; inserted text is inline and kept),
//! drawings and frames (`draw:`), generated indexes, and declarations. Headers and footers are
//! in `styles.xml`, never read. A `mimetype` member, when there is one, must name a text document.
//! Names are matched with the prefixes ODF writers use (`text:`, `table:`, `office:`, `draw:`).

use super::{
    member_error, member_text, next_event, properties, put, xml_error, Archive, Body, Depth,
};
use crate::error::Result;
use crate::transcript::roles::CompiledRoles;
use quick_xml::events::Event;
use std::collections::BTreeMap;

const CONTENT: &str = "content.xml";
const META: &str = "meta.xml";

/// The most spaces one `text:s` gives.
const MAX_SPACES: usize = 1000;

/// The body and metadata of an OpenDocument text.
pub(super) fn read(
    archive: &mut Archive<'_>,
    roles: &CompiledRoles,
) -> Result<(Body, BTreeMap<String, String>)> {
    if let Some(mimetype) = member_text(archive, "mimetype")? {
        if !mimetype
            .trim()
            .starts_with("application/vnd.oasis.opendocument.text")
        {
            return Err(member_error(
                "mimetype",
                format!("{:?} is not an OpenDocument text", mimetype.trim()),
            ));
        }
    }
    let Some(xml) = member_text(archive, CONTENT)? else {
        return Err(member_error(
            CONTENT,
            "missing: the archive is not an OpenDocument text",
        ));
    };
    let body = body(CONTENT, &xml, roles)?;
    drop(xml);
    let mut metadata = BTreeMap::new();
    if let Some(xml) = member_text(archive, META)? {
        for p in properties(META, &xml, 3)? {
            let key = match p.name.as_str() {
                "dc:title" => "title",
                "dc:subject" => "subject",
                "dc:description" => "description",
                "dc:language" => "language",
                "meta:initial-creator" => "creator",
                "dc:creator" => "lastModifiedBy",
                "meta:creation-date" => "created",
                "dc:date" => "modified",
                "meta:keyword" => "keywords",
                "meta:generator" => "generator",
                "meta:user-defined" => match p.attribute("meta:name") {
                    Some(name) => name,
                    None => continue,
                },
                _ => continue,
            };
            put(&mut metadata, key, &p.text);
        }
    }
    Ok((body, metadata))
}

fn skipped(name: &[u8]) -> bool {
    name.starts_with(b"draw:")
        || matches!(
            name,
            b"text:note"
                | b"office:annotation"
                | b"text:tracked-changes"
                | b"text:table-of-content"
                | b"text:alphabetical-index"
                | b"text:illustration-index"
                | b"text:table-index"
                | b"text:object-index"
                | b"text:user-index"
                | b"text:bibliography"
                | b"text:sequence-decls"
                | b"text:variable-decls"
                | b"text:user-field-decls"
                | b"office:forms"
                | b"office:scripts"
                | b"office:font-face-decls"
                | b"office:automatic-styles"
                | b"table:covered-table-cell"
                | b"table:table-columns"
                | b"table:table-column"
        )
}

/// Appends character data with ODF's white-space rule: runs of white space are one space, and
/// none opens a paragraph.
fn push_collapsed(body: &mut Body, s: &str) {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let mut rest = s;
    while !rest.is_empty() {
        let words = rest.find(|c: char| !is_space(c)).unwrap_or(rest.len());
        if words > 0 {
            let p = body.paragraph();
            if !p.is_empty() && !p.ends_with([' ', '\t', '\n']) {
                body.push(" ");
            }
            rest = &rest[words..];
            continue;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        body.push(&rest[..end]);
        rest = &rest[end..];
    }
}

/// The text of `content.xml`, paragraph by paragraph.
fn body(name: &str, xml: &str, roles: &CompiledRoles) -> Result<Body> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = Depth::new();
    let mut body = Body::new();
    let mut paragraphs = 0usize;
    // The depth of an open `table:table-header-rows`, whose rows are headers.
    let mut header_rows: Option<usize> = None;
    loop {
        let at = reader.buffer_position();
        let event = next_event(&mut reader, name, xml)?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if !empty {
                    depth.open(name, xml, at)?;
                }
                if depth.skipped() {
                    continue;
                }
                let qname = e.name();
                if skipped(qname.as_ref()) {
                    if !empty {
                        depth.skip();
                    }
                    continue;
                }
                match qname.as_ref() {
                    b"text:p" | b"text:h" => {
                        body.begin_paragraph();
                        if empty {
                            body.end_paragraph();
                        } else {
                            paragraphs += 1;
                        }
                    }
                    b"text:s" => {
                        let count = e
                            .attributes()
                            .flatten()
                            .find(|a| a.key.as_ref() == b"text:c")
                            .and_then(|a| std::str::from_utf8(&a.value).ok()?.trim().parse().ok())
                            .unwrap_or(1usize)
                            .min(MAX_SPACES);
                        for _ in 0..count {
                            body.push(" ");
                        }
                    }
                    b"text:tab" => body.push_char('\t'),
                    b"text:line-break" => body.push_char('\n'),
                    b"table:table" => {
                        body.begin_table();
                        if empty {
                            body.end_table(roles);
                        }
                    }
                    b"table:table-header-rows" if !empty => header_rows = Some(depth.depth),
                    b"table:table-row" => {
                        body.begin_row();
                        if header_rows.is_some() {
                            body.header_row();
                        }
                    }
                    b"table:table-cell" => body.begin_cell(),
                    _ => {}
                }
            }
            Event::End(ref e) => {
                if !depth.skipped() {
                    match e.name().as_ref() {
                        b"text:p" | b"text:h" => {
                            body.end_paragraph();
                            paragraphs = paragraphs.saturating_sub(1);
                        }
                        b"table:table" => body.end_table(roles),
                        b"table:table-header-rows" => header_rows = None,
                        _ => {}
                    }
                }
                depth.close();
            }
            Event::Text(t) if paragraphs > 0 && !depth.skipped() => {
                let words = t
                    .unescape()
                    .map_err(|e| xml_error(name, xml, at, format!("bad entity: {e}")))?;
                push_collapsed(&mut body, &words);
            }
            Event::CData(t) if paragraphs > 0 && !depth.skipped() => {
                push_collapsed(&mut body, &String::from_utf8_lossy(&t));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    super::finish(name, xml, &depth, body)
}
