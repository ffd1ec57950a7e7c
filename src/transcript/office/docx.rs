//! WordprocessingML (`.docx`): the main document part and the core properties.
//!
//! The parts are found through `_rels/.rels` (`word/document.xml` and `docProps/core.xml` when it
//! names none). Words are the `w:t` of runs, with `w:tab` as a tab, `w:br`/`w:cr` as a line break
//! and `w:noBreakHyphen` as a hyphen. Left out with their content: tracked deletions (`w:del`,
//! `w:moveFrom`, `w:delText`), field codes (`w:instrText`; a field's shown result is kept),
//! paragraph, run and table properties, text boxes and drawings (`w:txbxContent`, `w:drawing`,
//! `w:pict`, `mc:Fallback` copies). Footnotes, endnotes, comments, headers and footers are parts
//! of their own, never read; their marks in the body carry no text. Elements are matched by local
//! name, whatever their prefix.

use super::{
    member_error, member_text, next_event, properties, put, xml_error, Archive, Body, Depth,
};
use crate::error::Result;
use crate::transcript::roles::CompiledRoles;
use quick_xml::events::Event;
use std::collections::BTreeMap;

const DOCUMENT: &str = "word/document.xml";
const CORE: &str = "docProps/core.xml";
const RELS: &str = "_rels/.rels";

/// The body and metadata of a Word document.
pub(super) fn read(
    archive: &mut Archive<'_>,
    roles: &CompiledRoles,
) -> Result<(Body, BTreeMap<String, String>)> {
    let (document, core) = parts(archive)?;
    let Some(xml) = member_text(archive, &document)? else {
        return Err(member_error(
            &document,
            "missing: the archive is not a Word document",
        ));
    };
    let body = body(&document, &xml, roles)?;
    drop(xml);
    let mut metadata = BTreeMap::new();
    if let Some(xml) = member_text(archive, &core)? {
        for p in properties(&core, &xml, 2)? {
            let key = p.name.rsplit(':').next().unwrap_or(&p.name);
            put(&mut metadata, key, &p.text);
        }
    }
    Ok((body, metadata))
}

/// The main document and core properties parts, as the package relationships name them.
fn parts(archive: &mut Archive<'_>) -> Result<(String, String)> {
    let mut document = DOCUMENT.to_string();
    let mut core = CORE.to_string();
    if let Some(xml) = member_text(archive, RELS)? {
        for rel in properties(RELS, &xml, 2)? {
            let (Some(kind), Some(target)) = (rel.attribute("Type"), rel.attribute("Target"))
            else {
                continue;
            };
            let target = target.trim_start_matches('/').to_string();
            if kind.ends_with("/officeDocument") {
                document = target;
            } else if kind.ends_with("/core-properties") {
                core = target;
            }
        }
    }
    Ok((document, core))
}

/// The text of the document part, paragraph by paragraph.
fn body(name: &str, xml: &str, roles: &CompiledRoles) -> Result<Body> {
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut depth = Depth::new();
    let mut body = Body::new();
    let mut in_text = false;
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
                match e.local_name().as_ref() {
                    b"del" | b"moveFrom" | b"delText" | b"instrText" | b"pPr" | b"rPr"
                    | b"tcPr" | b"tblPr" | b"tblGrid" | b"sectPr" | b"sdtPr" | b"sdtEndPr"
                    | b"txbxContent" | b"Fallback" | b"drawing" | b"pict" | b"object"
                    | b"fldData"
                        if !empty =>
                    {
                        depth.skip();
                    }
                    b"p" => {
                        body.begin_paragraph();
                        if empty {
                            body.end_paragraph();
                        }
                    }
                    b"t" => in_text = !empty,
                    b"tab" | b"ptab" => body.push_char('\t'),
                    b"br" | b"cr" => body.push_char('\n'),
                    b"noBreakHyphen" => body.push_char('-'),
                    b"tbl" => {
                        body.begin_table();
                        if empty {
                            body.end_table(roles);
                        }
                    }
                    b"tr" => body.begin_row(),
                    b"tc" => body.begin_cell(),
                    b"tblHeader" => {
                        let off = e.attributes().flatten().any(|a| {
                            a.key.local_name().as_ref() == b"val"
                                && matches!(a.value.as_ref(), b"0" | b"false" | b"off")
                        });
                        if !off {
                            body.header_row();
                        }
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => {
                if !depth.skipped() {
                    match e.local_name().as_ref() {
                        b"p" => body.end_paragraph(),
                        b"t" => in_text = false,
                        b"tbl" => body.end_table(roles),
                        _ => {}
                    }
                }
                depth.close();
            }
            Event::Text(t) if in_text && !depth.skipped() => {
                let words = t
                    .unescape()
                    .map_err(|e| xml_error(name, xml, at, format!("bad entity: {e}")))?;
                body.push(&words);
            }
            Event::CData(t) if in_text && !depth.skipped() => {
                body.push(&String::from_utf8_lossy(&t));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    super::finish(name, xml, &depth, body)
}
