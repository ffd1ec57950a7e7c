//! The text a terminal shows of a classification: the dendrogram with the χ² of each split, then
//! each class with its size, characteristic forms, over-represented speakers, metadata and themes,
//! and typical segments (document, speaker, byte span, snippet).

use super::{ClassReport, Classes, ModalityRow};
use std::fmt::Write;

/// How many of each list the text shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Forms per class.
    pub forms: usize,
    /// Typical segments per class.
    pub segments: usize,
    /// Characters of a snippet.
    pub snippet_chars: usize,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            forms: 15,
            segments: 3,
            snippet_chars: 160,
        }
    }
}

/// The dendrogram as an indented tree.
pub fn dendrogram(classes: &Classes) -> String {
    let mut out = String::new();
    let nodes = &classes.dendrogram.nodes;
    let classified = (classes.units - classes.unclassified()).max(1) as f64;
    fn walk(
        classes: &Classes,
        classified: f64,
        node: usize,
        prefix: &str,
        last: bool,
        root: bool,
        out: &mut String,
    ) {
        let n = &classes.dendrogram.nodes[node];
        let branch = if root {
            ""
        } else if last {
            "└─ "
        } else {
            "├─ "
        };
        let size = n.members.len();
        let _ = match (n.class, n.chi2) {
            (Some(c), _) => writeln!(
                out,
                "{prefix}{branch}class {c}: {size} segments ({:.1} %)",
                100.0 * size as f64 / classified
            ),
            (None, Some(chi2)) => writeln!(
                out,
                "{prefix}{branch}{size} segments, split χ² {chi2:.1} (λ₁ {:.4})",
                n.eigenvalue.unwrap_or(0.0)
            ),
            (None, None) => writeln!(out, "{prefix}{branch}{size} segments"),
        };
        if let Some([a, b]) = n.children {
            let child_prefix = if root {
                prefix.to_string()
            } else if last {
                format!("{prefix}   ")
            } else {
                format!("{prefix}│  ")
            };
            walk(classes, classified, a, &child_prefix, false, false, out);
            walk(classes, classified, b, &child_prefix, true, false, out);
        }
    }
    if !nodes.is_empty() {
        walk(classes, classified, 0, "", true, true, &mut out);
    }
    out
}

fn modalities(label: &str, rows: &[ModalityRow], out: &mut String) {
    if rows.is_empty() {
        return;
    }
    let shown: Vec<String> = rows
        .iter()
        .take(8)
        .map(|r| match r.variable.as_str() {
            "speaker" | "theme" => format!("{} {:.1}", r.value, r.chi2),
            v => format!("{v}={} {:.1}", r.value, r.chi2),
        })
        .collect();
    let _ = writeln!(out, "  {label:<10}{}", shown.join(" · "));
}

fn snippet(text: &str, chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match flat.char_indices().nth(chars) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

/// One class.
pub fn class(report: &ClassReport, options: &RenderOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Class {}: {} segments ({:.1} %)",
        report.class,
        report.segments,
        100.0 * report.share
    );
    let forms: Vec<String> = (report.forms.iter())
        .filter(|f| f.chi2 > 0.0)
        .take(options.forms)
        .map(|f| format!("{} {:.1}", f.form, f.chi2))
        .collect();
    let _ = writeln!(out, "  {:<10}{}", "forms", forms.join(" · "));
    modalities("speakers", &report.speakers, &mut out);
    modalities("metadata", &report.metadata, &mut out);
    modalities("themes", &report.themes, &mut out);
    for t in report.typical.iter().take(options.segments) {
        let _ = writeln!(
            out,
            "  {:<10}{} {} [{}..{}] χ² {:.1}: « {} »",
            "typical",
            t.document,
            t.speaker.as_deref().unwrap_or("-"),
            t.start,
            t.end,
            t.score,
            snippet(&t.text, options.snippet_chars)
        );
    }
    out
}

/// The whole classification: a summary line, the dendrogram, every class.
pub fn render(classes: &Classes, options: &RenderOptions) -> String {
    let mut out = String::new();
    let un = classes.unclassified();
    let classified = classes.units - un;
    let _ = writeln!(
        out,
        "Reinert classification: {} segments, {} classified ({:.1} %), {} unclassified; {} active forms; {} classes (k = {})\n",
        classes.units,
        classified,
        if classes.units == 0 { 0.0 } else { 100.0 * classified as f64 / classes.units as f64 },
        un,
        classes.active_forms,
        classes.report.len(),
        classes.config.chd.k
    );
    out.push_str(&dendrogram(classes));
    for report in &classes.report {
        out.push('\n');
        out.push_str(&class(report, options));
    }
    out
}
