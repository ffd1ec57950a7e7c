//! Tables for a terminal that fit its width: columns wrap into blocks that repeat the row headers, and
//! a matrix with more columns than rows is transposed. Row and column headers are never cut.

use entretien::kwic::display_width;
use std::io::Write;

/// A matrix of cells with row and column headers.
pub struct Matrix {
    pub corner: String,
    /// The corner once transposed (what the columns are).
    pub corner_transposed: String,
    /// Whether the last column is text, aligned left.
    pub text_last: bool,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<String>>,
}

impl Matrix {
    fn transposed(self) -> Matrix {
        let n = self.columns.len();
        let mut cells = vec![Vec::with_capacity(self.rows.len()); n];
        for row in self.cells {
            for (c, cell) in row.into_iter().enumerate() {
                cells[c].push(cell);
            }
        }
        Matrix {
            corner: self.corner_transposed,
            corner_transposed: self.corner,
            text_last: false,
            rows: self.columns,
            columns: self.rows,
            cells,
        }
    }

    /// Column widths, and the blocks of columns that fit `width` after the row headers.
    fn blocks(&self, width: Option<usize>) -> (usize, Vec<usize>, Vec<std::ops::Range<usize>>) {
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

    /// Prints the matrix within `width` columns (all on one line per row with `None`), transposing it
    /// when that takes fewer blocks.
    pub fn print(self, out: &mut dyn Write, width: Option<usize>) -> std::io::Result<()> {
        let mut m = self;
        if width.is_some() && m.blocks(width).2.len() > 1 && m.columns.len() > m.rows.len() {
            let t = m.transposed();
            m = t;
        }
        let (head, widths, blocks) = m.blocks(width);
        for (b, block) in blocks.into_iter().enumerate() {
            if b > 0 {
                writeln!(out)?;
            }
            let mut line = pad_right(&m.corner, head);
            let pad = |c: usize, s: &str| match m.text_last && c + 1 == widths.len() {
                true => pad_right(s, widths[c]),
                false => pad_left(s, widths[c]),
            };
            for c in block.clone() {
                line.push_str("  ");
                line.push_str(&pad(c, &m.columns[c]));
            }
            writeln!(out, "{}", line.trim_end())?;
            for (r, name) in m.rows.iter().enumerate() {
                let mut line = pad_right(name, head);
                for c in block.clone() {
                    line.push_str("  ");
                    line.push_str(&pad(c, &m.cells[r][c]));
                }
                writeln!(out, "{}", line.trim_end())?;
            }
        }
        Ok(())
    }
}

pub fn pad_right(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

pub fn pad_left(s: &str, width: usize) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_matrices_wrap_or_transpose_without_cutting_names() {
        let themes: Vec<String> = (0..30)
            .map(|i| format!("maitrise_budgetaire_{i}"))
            .collect();
        let m = |rows: usize| Matrix {
            corner: "document".into(),
            corner_transposed: "theme".into(),
            text_last: false,
            rows: (0..rows).map(|i| format!("entretien-{i}")).collect(),
            columns: themes.clone(),
            cells: vec![vec!["1.00".into(); 30]; rows],
        };
        let mut out = Vec::new();
        m(2).print(&mut out, Some(80)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|l| display_width(l) <= 80), "{text}");
        assert!(
            text.contains("maitrise_budgetaire_29") && text.contains("entretien-1"),
            "{text}"
        );
        let mut out = Vec::new();
        m(40).print(&mut out, Some(80)).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.lines().all(|l| display_width(l) <= 80), "{text}");
        assert!(text.contains("entretien-39"));
    }
}
