//! An [`Evaluation`] as text for a terminal, built from the crate's [`Matrix`].

use super::eval::Evaluation;
use crate::tables::render::Matrix;
use std::fmt::Write as _;

fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "·".to_string(), |x| format!("{x:.3}"))
}

impl Evaluation {
    /// The evaluation as text: per theme P/R/F1/κ against each coder, overall micro- and
    /// macro-F1, coders against each other, the figures of `theme_agreement.py`, the confusion
    /// between themes, then the false positives with their indicators and the false negatives
    /// with snippets. Tables fit `width` columns (`None`: one line per row).
    pub fn render(&self, width: Option<usize>) -> String {
        let mut out = String::new();
        let coders: Vec<String> = self
            .coders
            .iter()
            .map(|c| format!("{} ({})", c.name, c.passages))
            .collect();
        let _ = writeln!(
            out,
            "{} passages coded by {}; lexicon{} coding {}s",
            self.passages,
            coders.join(", "),
            self.lexicon
                .as_deref()
                .map_or_else(String::new, |n| format!(" {n}")),
            self.unit
        );
        for w in &self.warnings {
            let _ = writeln!(out, "warning: {w}");
        }
        out.push('\n');
        // Per theme.
        let mut columns = vec!["reported".to_string(), "coded".to_string()];
        for c in &self.coders {
            for m in ["P", "R", "F1", "κ"] {
                columns.push(format!("{m} {}", c.name));
            }
        }
        if self.coders.len() > 1 {
            columns.extend(["F1 mean".to_string(), "κ mean".to_string()]);
        }
        for pair in &self.overall.coders {
            columns.push(format!("κ {}~{}", pair.agreement.coder, pair.with));
        }
        if self.coders.len() > 1 {
            columns.push("α coders".to_string());
        }
        let mut m = Matrix::new("theme", columns).transposed_corner("figure");
        for t in &self.themes {
            let mut cells = vec![t.reported.to_string(), t.coded.to_string()];
            for a in &t.lexicon {
                cells.extend([a.precision, a.recall, a.f1, a.kappa].map(figure));
            }
            if self.coders.len() > 1 {
                cells.extend([figure(t.mean.f1), figure(t.mean.kappa)]);
            }
            for pair in &t.coders {
                cells.push(figure(pair.agreement.kappa));
            }
            if self.coders.len() > 1 {
                cells.push(figure(t.alpha));
            }
            let name = match t.in_lexicon {
                true => t.theme.clone(),
                false => format!("{} (not in lexicon)", t.theme),
            };
            m.push_row(name, cells);
        }
        out.push_str(&m.render(width));
        out.push('\n');
        // Overall.
        let mut m = Matrix::new(
            "overall",
            ["P", "R", "micro-F1", "macro-F1", "κ"].map(String::from),
        );
        for (a, macro_f1) in self.overall.lexicon.iter().zip(&self.overall.macro_f1) {
            m.push_row(
                format!("lexicon vs {}", a.coder),
                [a.precision, a.recall, a.f1, *macro_f1, a.kappa].map(figure),
            );
        }
        if self.coders.len() > 1 {
            let mean = &self.overall.mean;
            m.push_row(
                "lexicon, mean",
                [
                    mean.precision,
                    mean.recall,
                    mean.f1,
                    mean.macro_f1,
                    mean.kappa,
                ]
                .map(figure),
            );
        }
        for (pair, macro_f1) in self
            .overall
            .coders
            .iter()
            .zip(&self.overall.coders_macro_f1)
        {
            let a = &pair.agreement;
            m.push_row(
                format!("{} vs {}", pair.with, a.coder),
                [a.precision, a.recall, a.f1, *macro_f1, a.kappa].map(figure),
            );
        }
        out.push_str(&m.render(width));
        if let Some(alpha) = self.overall.alpha {
            let _ = writeln!(
                out,
                "Krippendorff's α of the coders (passage × theme): {alpha:.3}"
            );
        }
        let r = &self.reference;
        let _ = writeln!(
            out,
            "\ntheme_agreement: human_f1 {}  tool_vs_a {:.3}  tool_vs_b {}  tool_mean {:.3}  \
             recall_sure {:.3}  precision_plausible {:.3}  negation_both {}/{}",
            figure(r.human_f1),
            r.tool_vs_a,
            figure(r.tool_vs_b),
            r.tool_mean,
            r.recall_sure,
            r.precision_plausible,
            r.negation_right,
            r.negation_of
        );
        // Confusion.
        if !self.confusion.is_empty() {
            out.push_str("\nreported wrongly → coded instead (passage × coder pairs)\n");
            for c in &self.confusion {
                let mut instead: Vec<String> = c
                    .coded_instead
                    .iter()
                    .map(|(t, n)| format!("{t} {n}"))
                    .collect();
                if c.coded_nothing > 0 {
                    instead.push(format!("nothing {}", c.coded_nothing));
                }
                let _ = writeln!(
                    out,
                    "  {} ({}): {}",
                    c.theme,
                    c.false_positives,
                    instead.join(", ")
                );
            }
        }
        if !self.false_positives.is_empty() {
            out.push_str("\nfalse positives (theme: passage [coders who did not code it] indicator «matched»)\n");
            for f in &self.false_positives {
                let indicators: Vec<String> = f
                    .indicators
                    .iter()
                    .map(|i| format!("{} «{}»", i.indicator, i.text))
                    .collect();
                let _ = writeln!(
                    out,
                    "  {}: {} [{}] {}\n      {}",
                    f.theme,
                    f.passage,
                    f.not_coded_by.join(", "),
                    indicators.join("; "),
                    f.snippet
                );
            }
        }
        if !self.false_negatives.is_empty() {
            out.push_str("\nfalse negatives (theme: passage [coders who coded it])\n");
            for f in &self.false_negatives {
                let _ = writeln!(
                    out,
                    "  {}: {} [{}]{}\n      {}",
                    f.theme,
                    f.passage,
                    f.coded_by.join(", "),
                    if f.negated { " (found negated)" } else { "" },
                    f.snippet
                );
            }
        }
        out
    }
}
