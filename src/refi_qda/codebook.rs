//! Codes: the lexicon's themes as a REFI-QDA code tree (export), a code tree as a lexicon
//! skeleton (import), and the `.qdc` codebook file.
//!
//! **Export.** Each theme is a code named by its id (the name the reports, and a re-import, use),
//! described by its definition (the label stands in for a missing definition; otherwise labels
//! are not carried). Dotted ids nest:
//! `travail.isolement` is a code `isolement` under a code `travail`, which is not codable unless
//! `travail` is a theme too. Under each theme, a codable child code [`NEGATED_CODE`] (`nié`) holds
//! the theme's negated hits (« je ne me sens pas isolée »): a QDA user sees them, apart from the
//! theme, and can merge or drop them. A code's GUID depends on the theme id only, so re-exports
//! with a revised lexicon keep the same codes.
//!
//! **Import.** Every codable code is a theme whose id is the path of code names from the root
//! joined by `.` (whitespace in a name becomes `_`), label the code's name, definition its
//! description; a code that is not codable only groups. A child code named as a denial
//! ([`is_denial_name`]: `nié`, `niée`, `negated`, `denied`, `négation`…) is not a theme: a
//! selection coded with it denies its parent.

use super::guid::guid;
use super::xml::{error_at, escape, Element};
use crate::error::Result;
use crate::lexicon::{LoadReport, Warning};
use crate::{Lexicon, Theme};
use std::collections::HashMap;
use std::fmt::Write as _;

/// The name of the child code that holds a theme's negated hits.
pub const NEGATED_CODE: &str = "nié";

/// The namespace of `.qdc` codebooks.
pub const CODEBOOK_NAMESPACE: &str = "urn:QDA-XML:codebook:1.0";

/// Whether a code name marks its parent as denied: `nié`, `niée`, `nie`, `dénié`, `négation`,
/// `negation`, `negated`, `denied`, `deny` (case and accents of the first letter ignored).
pub fn is_denial_name(name: &str) -> bool {
    let name = name.trim().to_lowercase();
    matches!(
        name.as_str(),
        "nié"
            | "niée"
            | "nie"
            | "niee"
            | "dénié"
            | "denie"
            | "négation"
            | "negation"
            | "négatif"
            | "negated"
            | "denied"
            | "deny"
    )
}

/// The GUID of a theme's code.
pub(crate) fn code_guid(theme: &str) -> String {
    guid(&["code", theme])
}

/// The GUID of a theme's [`NEGATED_CODE`] child.
pub(crate) fn negated_guid(theme: &str) -> String {
    guid(&["negated", theme])
}

/// One node of the exported code tree.
struct Node {
    /// The dotted path from the root (`travail.isolement`).
    path: String,
    /// The last part of the path.
    name: String,
    /// The theme, when the node is one.
    theme: Option<usize>,
    children: Vec<Node>,
}

/// The themes as a tree of dotted paths, in the lexicon's order.
fn tree(lexicon: &Lexicon) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    for (i, theme) in lexicon.themes.iter().enumerate() {
        let parts: Vec<&str> = theme.id.split('.').filter(|p| !p.is_empty()).collect();
        let parts = if parts.is_empty() {
            vec![theme.id.as_str()]
        } else {
            parts
        };
        let mut level = &mut roots;
        for (depth, part) in parts.iter().enumerate() {
            let path = parts[..=depth].join(".");
            let at = match level.iter().position(|n| n.path == path) {
                Some(at) => at,
                None => {
                    level.push(Node {
                        path,
                        name: part.to_string(),
                        theme: None,
                        children: Vec::new(),
                    });
                    level.len() - 1
                }
            };
            if depth + 1 == parts.len() && level[at].theme.is_none() {
                level[at].theme = Some(i);
            }
            level = &mut level[at].children;
        }
    }
    roots
}

/// The `<Code>` elements of the lexicon's themes, indented by `indent` spaces.
pub(crate) fn write_codes(out: &mut String, lexicon: &Lexicon, indent: usize) {
    for node in tree(lexicon) {
        write_node(out, lexicon, &node, indent);
    }
}

fn write_node(out: &mut String, lexicon: &Lexicon, node: &Node, indent: usize) {
    let pad = " ".repeat(indent);
    let theme = node.theme.map(|i| &lexicon.themes[i]);
    let guid = match theme {
        Some(t) => code_guid(&t.id),
        None => guid(&["group", &node.path]),
    };
    let _ = writeln!(
        out,
        "{pad}<Code guid=\"{guid}\" name=\"{}\" isCodable=\"{}\">",
        escape(&node.name, true),
        theme.is_some()
    );
    if let Some(t) = theme {
        // The definition; the label only stands in for a missing one.
        let description = match (t.label.trim(), t.definition.trim()) {
            (l, "") if l != t.id && l != node.name => l,
            (_, d) => d,
        };
        if !description.is_empty() {
            let _ = writeln!(
                out,
                "{pad}  <Description>{}</Description>",
                escape(description, false)
            );
        }
    }
    for child in &node.children {
        write_node(out, lexicon, child, indent + 2);
    }
    if let Some(t) = theme {
        let _ = writeln!(
            out,
            "{pad}  <Code guid=\"{}\" name=\"{NEGATED_CODE}\" isCodable=\"true\">\n{pad}    <Description>Passages où le thème est nié (hits sous une négation).</Description>\n{pad}  </Code>",
            negated_guid(&t.id)
        );
    }
    let _ = writeln!(out, "{pad}</Code>");
}

/// The lexicon's themes as a `.qdc` codebook (`urn:QDA-XML:codebook:1.0`).
pub fn to_qdc(lexicon: &Lexicon) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<CodeBook xmlns=\"{CODEBOOK_NAMESPACE}\" origin=\"entretien {}\">\n  <Codes>",
        env!("CARGO_PKG_VERSION")
    );
    write_codes(&mut out, lexicon, 4);
    out.push_str("  </Codes>\n</CodeBook>\n");
    out
}

/// What a code GUID stands for on import.
#[derive(Debug, Clone)]
pub(crate) struct CodeInfo {
    /// The theme id (for a denial code, its parent's).
    pub theme: String,
    /// Whether the code marks its parent as denied.
    pub denied: bool,
}

/// The code names of a path made a theme id: `.` between names, whitespace runs as `_`, and the
/// characters theme ids refuse (`%`, `"`, `#`) as `_` too.
pub(crate) fn theme_id(path: &[&str]) -> String {
    path.iter()
        .map(|name| {
            name.split_whitespace()
                .collect::<Vec<_>>()
                .join("_")
                .replace(['%', '"', '#'], "_")
        })
        .collect::<Vec<_>>()
        .join(".")
}

/// Reads the `<Codes>` of a codebook or project: the lexicon skeleton, and what each code GUID
/// stands for.
pub(crate) fn read_codes(
    codes: &Element,
    member: &str,
) -> Result<(LoadReport, HashMap<String, CodeInfo>)> {
    let mut themes: Vec<Theme> = Vec::new();
    let mut warnings = Vec::new();
    let mut guids = HashMap::new();
    let mut path = Vec::new();
    for code in codes.children("Code") {
        read_code(
            code,
            member,
            &mut path,
            &mut themes,
            &mut guids,
            &mut warnings,
        )?;
    }
    let lexicon = Lexicon::new(themes);
    Ok((LoadReport { lexicon, warnings }, guids))
}

fn read_code<'e>(
    code: &'e Element,
    member: &str,
    path: &mut Vec<&'e str>,
    themes: &mut Vec<Theme>,
    guids: &mut HashMap<String, CodeInfo>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let guid = code
        .attribute("guid")
        .ok_or_else(|| error_at(member, code.line, "a <Code> without a guid"))?;
    let name = code.attribute("name").unwrap_or("").trim();
    if name.is_empty() {
        return Err(error_at(
            member,
            code.line,
            format!("code {guid} has no name"),
        ));
    }
    let codable = code
        .attribute("isCodable")
        .map_or(true, |v| v.trim() != "false" && v.trim() != "0");
    let key = guid.trim_matches(['{', '}']).to_ascii_lowercase();
    if !path.is_empty() && is_denial_name(name) {
        guids.insert(
            key,
            CodeInfo {
                theme: theme_id(path),
                denied: true,
            },
        );
        return Ok(());
    }
    path.push(name);
    let id = theme_id(path);
    if codable {
        if themes.iter().any(|t| t.id == id) {
            warnings.push(Warning::new(
                Some(code.line),
                None,
                format!("code {guid} repeats the theme {id:?}; its codings go to that theme"),
            ));
        } else {
            let definition = code
                .child("Description")
                .map(|d| d.text.trim().to_string())
                .unwrap_or_default();
            themes.push(
                Theme::new(id.clone())
                    .with_label(name)
                    .with_definition(definition),
            );
        }
    }
    guids.insert(
        key,
        CodeInfo {
            theme: id,
            denied: false,
        },
    );
    for child in code.children("Code") {
        read_code(child, member, path, themes, guids, warnings)?;
    }
    path.pop();
    Ok(())
}

/// Reads a `.qdc` codebook into a lexicon skeleton: themes with ids, labels and definitions, no
/// entries (see the module docs for the mapping). Errors name the line; the caller adds the file.
pub fn read_qdc_str(xml: &str) -> Result<LoadReport> {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let root = super::xml::parse(xml, "")?;
    if root.name != "CodeBook" {
        return Err(error_at(
            "",
            root.line,
            format!(
                "<{}> is not a REFI-QDA codebook (<CodeBook> expected)",
                root.name
            ),
        ));
    }
    let codes = root
        .child("Codes")
        .ok_or_else(|| error_at("", root.line, "a <CodeBook> without <Codes>"))?;
    Ok(read_codes(codes, "")?.0)
}
