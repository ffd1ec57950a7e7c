//! Concordance lines as an aligned plain-text table.

use super::KwicLine;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;

/// The number of terminal columns `s` takes: combining marks and zero-width characters
/// take none, East Asian wide characters and most emoji take two, the rest one.
pub fn display_width(s: &str) -> usize {
    s.graphemes(true).map(grapheme_width).sum()
}

fn grapheme_width(g: &str) -> usize {
    g.chars().map(char_width).max().unwrap_or(0)
}

fn char_width(c: char) -> usize {
    let u = u32::from(c);
    if c.is_control() || is_combining_mark(c) {
        return 0;
    }
    match u {
        0x200B..=0x200F | 0x2060..=0x2064 | 0xFE00..=0xFE0F | 0xFEFF => 0,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F300..=0x1F64F
        | 0x1F900..=0x1F9FF
        | 0x20000..=0x3FFFD => 2,
        _ => 1,
    }
}

const ELLIPSIS: &str = "…";

/// The last graphemes of `s` that fit in `width` columns, with `…` in front when cut.
fn keep_end(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut kept = Vec::new();
    let mut used = 1; // the ellipsis
    for g in s.graphemes(true).rev() {
        let w = grapheme_width(g);
        if used + w > width {
            break;
        }
        used += w;
        kept.push(g);
    }
    let mut out = String::from(ELLIPSIS);
    out.extend(kept.into_iter().rev());
    out
}

/// The first graphemes of `s` that fit in `width` columns, with `…` after when cut.
fn keep_start(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 1;
    for g in s.graphemes(true) {
        let w = grapheme_width(g);
        if used + w > width {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push_str(ELLIPSIS);
    out
}

fn pad(out: &mut String, columns: usize) {
    out.extend(std::iter::repeat(' ').take(columns));
}

/// Renders concordance lines as an aligned plain-text table: location, left context
/// (right-aligned, cut at its start), keyword (centered), right context (cut at its end).
/// Widths are in terminal columns, so accented and combined letters count once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KwicTable {
    context_width: usize,
    keyword_width: Option<usize>,
    location: bool,
}

impl Default for KwicTable {
    fn default() -> Self {
        KwicTable::new()
    }
}

impl KwicTable {
    /// 40 columns of context on each side, the keyword column as wide as the widest keyword
    /// (up to 30 columns), and the location column shown.
    pub fn new() -> KwicTable {
        KwicTable {
            context_width: 40,
            keyword_width: None,
            location: true,
        }
    }

    /// Columns for each context.
    pub fn context_width(mut self, columns: usize) -> KwicTable {
        self.context_width = columns;
        self
    }

    /// A fixed keyword column width (keywords wider than it are cut).
    pub fn keyword_width(mut self, columns: usize) -> KwicTable {
        self.keyword_width = Some(columns);
        self
    }

    /// Whether to show the `doc#turn speaker` column.
    pub fn location(mut self, yes: bool) -> KwicTable {
        self.location = yes;
        self
    }

    /// The table, one line per concordance line, each ending in `\n`.
    pub fn render(&self, lines: &[KwicLine]) -> String {
        let keyword_width = self.keyword_width.unwrap_or_else(|| {
            lines
                .iter()
                .map(|l| display_width(&l.keyword))
                .max()
                .unwrap_or(0)
                .min(30)
        });
        let locations: Vec<String> = if self.location {
            lines.iter().map(location).collect()
        } else {
            Vec::new()
        };
        let location_width = locations
            .iter()
            .map(|l| display_width(l))
            .max()
            .unwrap_or(0);

        let mut out = String::new();
        for (n, line) in lines.iter().enumerate() {
            let start = out.len();
            if let Some(loc) = locations.get(n) {
                out.push_str(loc);
                pad(&mut out, location_width - display_width(loc));
                out.push_str("  ");
            }
            let left = keep_end(&line.left, self.context_width);
            pad(&mut out, self.context_width - display_width(&left));
            out.push_str(&left);
            out.push(' ');
            let keyword = keep_start(&line.keyword, keyword_width);
            let spare = keyword_width - display_width(&keyword);
            pad(&mut out, spare / 2);
            out.push_str(&keyword);
            pad(&mut out, spare - spare / 2);
            out.push(' ');
            out.push_str(&keep_start(&line.right, self.context_width));
            let trimmed = out[start..].trim_end().len();
            out.truncate(start + trimmed);
            out.push('\n');
        }
        out
    }
}

fn location(line: &KwicLine) -> String {
    let mut loc = line.doc.clone();
    if let Some(turn) = line.turn {
        let _ = write!(loc, "#{turn}");
    }
    if let Some(speaker) = &line.speaker {
        loc.push(' ');
        loc.push_str(speaker);
    }
    if let Some(t) = line.start_time {
        let _ = write!(loc, " {}", crate::transcript::clock(t));
    }
    loc
}
