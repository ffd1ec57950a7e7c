//! The tables as plain text for a terminal: matrices that fit a width (columns wrap into blocks that
//! repeat the row headers, and a matrix with more columns than rows is transposed; row and column
//! headers are never cut), and the report of a scoring run built from them ([`ScoreReport`]).
//!
//! ```
//! use entretien::tables::render::{group_digits, Matrix};
//!
//! let m = Matrix::new("document", ["words", "isolement"])
//!     .transposed_corner("theme")
//!     .row("e01", ["1200", "3.33"])
//!     .row("e02", ["800", "·"]);
//! assert_eq!(m.render(None), "document  words  isolement\ne01        1200       3.33\ne02         800          ·\n");
//! assert_eq!(group_digits(1234567), "1,234,567");
//! ```

use super::{
    group_by_name, group_rows_where, specific_terms_where, theme_rows, UnitCoverage, MIN_TERM_FREQ,
    NOTABLE_SPECIFICITY,
};
use crate::aggregate::{Aggregate, TermLevel};
use crate::kwic::{display_width, fold_whitespace};
use crate::lexicon::Lexicon;
use crate::score::{Unit, UnitScore};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::ops::Range;

/// The report of a scoring run shows at most this many units (all of them are counted in its summary).
pub const REPORT_UNITS: usize = 500;

/// Groups shown in a terminal table, at most: those with the most words.
pub const REPORT_GROUPS: usize = 200;

/// A matrix of text cells with row and column headers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Matrix {
    corner: String,
    corner_transposed: String,
    text_last: bool,
    rows: Vec<String>,
    columns: Vec<String>,
    cells: Vec<Vec<String>>,
}

impl Matrix {
    /// A matrix without rows: `corner` names the rows, `columns` are the column headers.
    pub fn new<I, S>(corner: impl Into<String>, columns: I) -> Matrix
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Matrix {
            corner: corner.into(),
            columns: columns.into_iter().map(Into::into).collect(),
            ..Matrix::default()
        }
    }

    /// What the columns are, shown in the corner when the matrix is transposed to fit.
    pub fn transposed_corner(mut self, corner: impl Into<String>) -> Matrix {
        self.corner_transposed = corner.into();
        self
    }

    /// The last column is text, aligned left (the others are right-aligned figures).
    pub fn text_last(mut self) -> Matrix {
        self.text_last = true;
        self
    }

    /// Adds a row: its header and one cell per column (missing cells are empty).
    pub fn row<I, S>(mut self, name: impl Into<String>, cells: I) -> Matrix
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.push_row(name, cells);
        self
    }

    /// Adds a row in place.
    pub fn push_row<I, S>(&mut self, name: impl Into<String>, cells: I)
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut cells: Vec<String> = cells.into_iter().map(Into::into).collect();
        cells.resize(self.columns.len(), String::new());
        self.rows.push(name.into());
        self.cells.push(cells);
    }

    fn transposed(&self) -> Matrix {
        let cells = (0..self.columns.len())
            .map(|c| self.cells.iter().map(|r| r[c].clone()).collect())
            .collect();
        Matrix {
            corner: self.corner_transposed.clone(),
            corner_transposed: self.corner.clone(),
            text_last: false,
            rows: self.columns.clone(),
            columns: self.rows.clone(),
            cells,
        }
    }

    /// The row headers' width, each column's width, and the blocks of columns that fit `width`.
    fn blocks(&self, width: Option<usize>) -> (usize, Vec<usize>, Vec<Range<usize>>) {
        let head = self
            .rows
            .iter()
            .chain([&self.corner])
            .map(|r| display_width(r))
            .max()
            .unwrap_or(0);
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|c| {
                let cells = self.cells.iter().map(|r| display_width(&r[c]));
                cells
                    .chain([display_width(&self.columns[c])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut blocks = Vec::new();
        let (mut start, mut used) = (0, head);
        for (c, w) in widths.iter().enumerate() {
            if width.is_some_and(|width| c > start && used + 2 + w > width) {
                blocks.push(start..c);
                (start, used) = (c, head);
            }
            used += 2 + w;
        }
        if start < widths.len() {
            blocks.push(start..widths.len());
        }
        (head, widths, blocks)
    }

    /// The width of its lines, unwrapped.
    pub fn line_width(&self) -> usize {
        let (head, widths, _) = self.blocks(None);
        head + widths.iter().map(|w| w + 2).sum::<usize>()
    }

    /// The matrix within `width` columns (each row on one line with `None`), transposed when that
    /// takes fewer blocks. Lines end with `\n`, without trailing spaces.
    pub fn render(&self, width: Option<usize>) -> String {
        let transposed;
        let mut m = self;
        if width.is_some() && m.blocks(width).2.len() > 1 && m.columns.len() > m.rows.len() {
            transposed = m.transposed();
            m = &transposed;
        }
        let (head, widths, blocks) = m.blocks(width);
        let pad = |c: usize, s: &str| match m.text_last && c + 1 == widths.len() {
            true => pad_right(s, widths[c]),
            false => pad_left(s, widths[c]),
        };
        let mut out = String::new();
        for (b, block) in blocks.into_iter().enumerate() {
            if b > 0 {
                out.push('\n');
            }
            let lines = std::iter::once((&m.corner, &m.columns)).chain(m.rows.iter().zip(&m.cells));
            for (name, cells) in lines {
                let mut line = pad_right(name, head);
                for c in block.clone() {
                    line.push_str("  ");
                    line.push_str(&pad(c, &cells[c]));
                }
                out.push_str(line.trim_end());
                out.push('\n');
            }
        }
        out
    }
}

fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

fn pad_left(s: &str, width: usize) -> String {
    format!("{}{s}", " ".repeat(width.saturating_sub(display_width(s))))
}

/// Digits in groups of three: 12,345.
pub fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `s` for plurals.
pub fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// `doc · t12 · Marie (respondent)`: the document, the unit's place, and who speaks.
pub fn unit_label(r: &UnitScore) -> String {
    let mut parts = vec![r.id.clone()];
    let turn = r.turn.unwrap_or(0);
    match r.unit {
        Unit::Turn => parts.push(format!("t{turn}")),
        Unit::Sentence | Unit::Segment => parts.push(format!("t{turn} #{}", r.index.unwrap_or(0))),
        Unit::Document | Unit::Speaker => {}
    }
    let role = r.role.map(|r| r.as_str());
    match (&r.speaker, role) {
        (Some(s), Some(role)) => parts.push(format!("{s} ({role})")),
        (Some(s), None) => parts.push(s.clone()),
        (None, Some(role)) if r.unit != Unit::Document => parts.push(format!("({role})")),
        _ => {}
    }
    parts.join(" · ")
}

/// The terminal report of a scoring run: the corpus summary, the themes (lines start with the theme
/// id), units × themes, evidence, and with groups, the group comparison and each group's most
/// specific terms.
#[derive(Debug, Clone)]
pub struct ScoreReport<'a> {
    aggregate: &'a Aggregate,
    lexicon: Option<&'a Lexicon>,
    unit: Unit,
    coverage: Option<&'a UnitCoverage>,
    rows: &'a [UnitScore],
    evidence: bool,
    terms: TermLevel,
}

impl<'a> ScoreReport<'a> {
    /// The report of `aggregate`, scored by `unit`.
    pub fn new(aggregate: &'a Aggregate, unit: Unit) -> ScoreReport<'a> {
        ScoreReport {
            aggregate,
            lexicon: None,
            unit,
            coverage: None,
            rows: &[],
            evidence: false,
            terms: TermLevel::Stem,
        }
    }

    /// The lexicon, for the themes' labels.
    pub fn lexicon(mut self, lexicon: &'a Lexicon) -> Self {
        self.lexicon = Some(lexicon);
        self
    }

    /// The unit rows shown (the first [`REPORT_UNITS`]) and the coverage of all of them.
    pub fn units(mut self, rows: &'a [UnitScore], coverage: &'a UnitCoverage) -> Self {
        self.rows = rows;
        self.coverage = Some(coverage);
        self
    }

    /// Whether the evidence of the rows is listed.
    pub fn evidence(mut self, yes: bool) -> Self {
        self.evidence = yes;
        self
    }

    /// Which terms group specificities are listed on.
    pub fn terms(mut self, level: TermLevel) -> Self {
        self.terms = level;
        self
    }

    /// `12 documents, 340 sentences, 5,600 words scored`.
    pub fn summary(&self) -> String {
        let total = self.aggregate;
        let mut s = format!(
            "{} document{}",
            group_digits(total.documents),
            plural(total.documents)
        );
        if self.unit != Unit::Document {
            let units = self.coverage.map_or(0, |c| c.units);
            let _ = write!(
                s,
                ", {} {}{}",
                group_digits(units),
                self.unit,
                plural(units)
            );
        }
        let _ = write!(s, ", {} words scored", group_digits(total.words));
        s
    }

    /// The report within `width` columns (`None`: as wide as it takes).
    pub fn render(&self, width: Option<usize>) -> String {
        let mut out = format!("{}\n\n", self.summary());
        out.push_str(&self.themes(width));
        self.units_matrix(&mut out, width);
        if self.evidence {
            out.push_str("\nevidence\n");
            for r in self.rows {
                for e in &r.evidence {
                    let who = e.speaker.clone().unwrap_or_else(|| e.role.as_str().into());
                    let negated = if e.negated { ", negated" } else { "" };
                    let _ = writeln!(
                        out,
                        "  [{}] {} · t{} · {who}: {}{negated}: «{}»",
                        e.theme,
                        r.id,
                        e.turn,
                        e.indicator,
                        fold_whitespace(&e.snippet)
                    );
                }
            }
        }
        self.groups(&mut out, width);
        out
    }

    /// Themes × figures; top terms take the room the figures leave, whole terms only.
    fn themes(&self, width: Option<usize>) -> String {
        let unit = self.unit;
        let mut columns = vec!["documents".to_string()];
        if unit != Unit::Document {
            columns.push(format!("{unit}s"));
        }
        columns.extend(["hits", "negated", "per 1000"].map(String::from));
        let default = UnitCoverage::default();
        let coverage = self.coverage.unwrap_or(&default);
        let rows = theme_rows(self.aggregate, self.lexicon, coverage, 5);
        let mut m = Matrix::new("theme", columns);
        for r in &rows {
            let mut cells = vec![format!("{}/{}", r.documents_coded, r.documents)];
            if unit != Unit::Document {
                cells.push(format!("{}/{}", r.units_coded, r.units));
            }
            cells.extend([
                r.hits.to_string(),
                r.negated.to_string(),
                format!("{:.2}", r.per_1000),
            ]);
            m.push_row(r.theme.clone(), cells);
        }
        let room = width
            .unwrap_or(usize::MAX)
            .saturating_sub(m.line_width() + 2);
        m.columns.push("top terms".into());
        m.text_last = true;
        for (cells, r) in m.cells.iter_mut().zip(&rows) {
            let mut top = String::new();
            for t in &r.top_terms {
                let sep = if top.is_empty() { "" } else { ", " };
                let term = format!("{sep}{} ({})", t.term, t.count);
                if !top.is_empty() && display_width(&top) + display_width(&term) > room {
                    break;
                }
                top.push_str(&term);
            }
            cells.push(top);
        }
        m.render(None)
    }

    /// Hits per 1,000 words, unit × theme, when there is more than one unit.
    fn units_matrix(&self, out: &mut String, width: Option<usize>) {
        let (rows, theme_ids, unit) = (self.rows, &self.aggregate.theme_ids, self.unit);
        if rows.len() <= 1 || theme_ids.is_empty() {
            return;
        }
        let _ = writeln!(out, "\nhits per 1,000 words ({unit} × theme)");
        let columns = std::iter::once("words").chain(theme_ids.iter().map(String::as_str));
        let mut m = Matrix::new(unit.to_string(), columns).transposed_corner("theme");
        for r in rows {
            let rates = theme_ids.iter().map(|t| match r.themes.get(t) {
                Some(c) if c.per_1000 != 0.0 => format!("{:.2}", c.per_1000),
                _ => "·".into(),
            });
            m.push_row(
                unit_label(r),
                std::iter::once(r.words.to_string()).chain(rates),
            );
        }
        out.push_str(&m.render(width));
        let units = self.coverage.map_or(0, |c| c.units);
        if units as usize > rows.len() {
            let _ = writeln!(
                out,
                "(the first {} of {units} {unit}s: --format csv lists them all)",
                rows.len()
            );
        }
    }

    /// Theme rates per group with notable Lafon specificities, then each group's most specific terms.
    fn groups(&self, out: &mut String, width: Option<usize>) {
        let total = self.aggregate;
        if total.groups.is_empty() {
            return;
        }
        let shown = largest_groups(total, REPORT_GROUPS);
        let keep = |name: &str| shown.as_ref().map_or(true, |names| names.contains(name));
        let rows = group_rows_where(total, keep);
        let _ = writeln!(
            out,
            "\ngroups by {}: hits per 1,000 words (Lafon specificity when |spec| ≥ 2)",
            group_by_name(total.by())
        );
        if shown.is_some() {
            let _ = writeln!(
                out,
                "(the {} of {} groups with the most words, each against all the others; \
                 --out DIR writes groups.csv with every group)",
                rows.len(),
                total.groups.len()
            );
        }
        let mut m = Matrix::new("theme", rows.iter().map(|g| g.group.clone()))
            .transposed_corner("group")
            .row("documents", rows.iter().map(|g| g.documents.to_string()))
            .row("words", rows.iter().map(|g| g.words.to_string()));
        for (t, id) in total.theme_ids.iter().enumerate() {
            let cells = rows.iter().map(|g| match &g.themes[t] {
                c if c.lafon.abs() >= NOTABLE_SPECIFICITY => {
                    format!("{:.2} ({:+.1})", c.per_1000, c.lafon)
                }
                c => format!("{:.2}", c.per_1000),
            });
            m.push_row(id.clone(), cells);
        }
        out.push_str(&m.render(width));
        let specific = specific_terms_where(total, self.terms, MIN_TERM_FREQ, 10, keep);
        if !specific.is_empty() {
            let _ = writeln!(out, "\nmost specific {}s per group (Lafon)", self.terms);
            for g in specific {
                let terms: Vec<String> = g
                    .terms
                    .iter()
                    .map(|t| format!("{} ({:+.1})", t.term, t.lafon))
                    .collect();
                let _ = match terms.is_empty() {
                    true => writeln!(out, "  {}: none with a specificity of +2 or more", g.group),
                    false => writeln!(out, "  {}: {}", g.group, terms.join(", ")),
                };
            }
        }
    }
}

/// The names of the `n` groups with the most words (ties by name), or `None` when there are no
/// more than `n` groups.
fn largest_groups(aggregate: &Aggregate, n: usize) -> Option<BTreeSet<&str>> {
    if aggregate.groups.len() <= n {
        return None;
    }
    let mut by_words: Vec<(&str, u64)> = aggregate
        .groups
        .iter()
        .map(|(name, g)| (name.as_str(), g.words))
        .collect();
    by_words.sort_unstable_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    Some(by_words.into_iter().take(n).map(|(name, _)| name).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_matrices_wrap_or_transpose_without_cutting_names() {
        let themes: Vec<String> = (0..30)
            .map(|i| format!("maitrise_budgetaire_{i}"))
            .collect();
        let m = |rows: usize| {
            let mut m = Matrix::new("document", themes.clone()).transposed_corner("theme");
            for i in 0..rows {
                m.push_row(format!("entretien-{i}"), vec!["1.00"; 30]);
            }
            m
        };
        let text = m(2).render(Some(80));
        assert!(text.lines().all(|l| display_width(l) <= 80), "{text}");
        assert!(
            text.contains("maitrise_budgetaire_29") && text.contains("entretien-1"),
            "{text}"
        );
        assert!(text.starts_with("theme"), "transposed: {text}");
        let text = m(40).render(Some(80));
        assert!(text.lines().all(|l| display_width(l) <= 80), "{text}");
        assert!(text.contains("entretien-39"));
    }
}
