//! The orders of concordance lines.

use super::KwicLine;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The order of concordance lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KwicSort {
    /// By document, then by position in it.
    #[default]
    Document,
    /// By left context, word nearest the keyword first, then the next one to the left…
    Left,
    /// By right context, word after the keyword first.
    Right,
}

impl FromStr for KwicSort {
    type Err = Error;

    fn from_str(s: &str) -> Result<KwicSort> {
        match s {
            "doc" | "document" => Ok(KwicSort::Document),
            "left" => Ok(KwicSort::Left),
            "right" => Ok(KwicSort::Right),
            _ => Err(Error::config(format!(
                "unknown concordance order {s:?} (expected document, left or right)"
            ))),
        }
    }
}

/// The sort key of a context: its words, compared without case and accents first, then
/// without case only.
fn context_key(context: &str, reverse: bool) -> Vec<(String, String)> {
    let mut words: Vec<(String, String)> = context
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_lowercase();
            let folded = lower.nfd().filter(|&c| !is_combining_mark(c)).collect();
            (folded, lower)
        })
        .collect();
    if reverse {
        words.reverse();
    }
    words
}

/// Sorts concordance lines; ties keep document order (document, then position).
pub fn sort_lines(lines: &mut [KwicLine], order: KwicSort) {
    match order {
        KwicSort::Document => {
            lines.sort_by(|x, y| (&x.doc, x.start, x.end).cmp(&(&y.doc, y.start, y.end)))
        }
        KwicSort::Left | KwicSort::Right => {
            let reverse = order == KwicSort::Left;
            lines.sort_by_cached_key(|line| {
                let context = if reverse { &line.left } else { &line.right };
                (
                    context_key(context, reverse),
                    line.doc.clone(),
                    line.start,
                    line.end,
                )
            });
        }
    }
}
