//! entretien's native lexicon format (TOML): reader and writer.
//!
//! ```toml
//! name = "Mon codebook"          # optional
//!
//! [[theme]]
//! id = "perte_de_sens"           # required, unique, no spaces
//! label = "Perte de sens"
//! definition = "Le travail ne paraît plus utile ni cohérent à celui qui le fait."
//! entries = [
//!   "absurde",                   # stem entry
//!   "=vide",                     # exact form
//!   "démotiv*",                  # prefix
//!   "perte de sens",             # phrase
//!   { term = "n'a plus de sens", weight = 2 },
//!   { term = "sert à rien", gap = 1 },   # « sert vraiment à rien »
//! ]
//! exclusions = ["bon sens", "sens unique"]
//! ```
//!
//! An entry table has the keys `term` (required), `weight` (a positive number,
//! default 1) and `gap` (phrases only, 0 to [`MAX_GAP`](super::MAX_GAP), default 0).
//! Unknown keys, duplicate theme ids, themes without entries and malformed
//! entries are errors naming the line (and the entry); repeated entries within a
//! theme are warnings.

use super::{
    check_theme_id, dedupe_entries, line_of, Entry, Lexicon, LoadReport, Theme, ThemeNegation,
};
use crate::error::{Error, Result};
use serde::Deserialize;
use std::collections::HashMap;
use std::fmt::Write as _;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLexicon {
    name: Option<String>,
    #[serde(default)]
    theme: Vec<Spanned<RawTheme>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    id: Spanned<String>,
    #[serde(default)]
    label: String,
    #[serde(default)]
    definition: String,
    #[serde(default)]
    entries: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    exclusions: Vec<Spanned<toml::Value>>,
    #[serde(default)]
    negation: Option<Spanned<String>>,
}

/// Reads the native TOML format.
pub fn parse(text: &str) -> Result<LoadReport> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: RawLexicon = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(text, s.start));
        // toml's messages may run over lines (`invalid array\nexpected `]``): one line here.
        let message = e.message().lines().map(str::trim).filter(|l| !l.is_empty());
        let message = message.collect::<Vec<_>>().join(": ");
        Error::lexicon(line, None, message)
    })?;
    if raw.theme.is_empty() {
        return Err(Error::lexicon(
            None,
            None,
            "no themes: add at least one [[theme]] table",
        ));
    }
    let mut first_line_of_id: HashMap<String, usize> = HashMap::new();
    let mut themes = Vec::with_capacity(raw.theme.len());
    for spanned_theme in raw.theme {
        let theme_line = line_of(text, spanned_theme.span().start);
        let raw_theme = spanned_theme.into_inner();
        let id_line = line_of(text, raw_theme.id.span().start);
        let id = raw_theme.id.into_inner();
        check_theme_id(&id).map_err(|m| Error::lexicon(Some(id_line), None, m))?;
        if let Some(first) = first_line_of_id.get(&id) {
            return Err(Error::lexicon(
                Some(id_line),
                None,
                format!("duplicate theme id {id:?} (first defined on line {first})"),
            ));
        }
        first_line_of_id.insert(id.clone(), id_line);
        if raw_theme.entries.is_empty() {
            return Err(Error::lexicon(
                Some(theme_line),
                None,
                format!("theme {id:?} has no entries"),
            ));
        }
        let negation = match raw_theme.negation {
            None => ThemeNegation::Denies,
            Some(value) => match value.get_ref().as_str() {
                "denies" => ThemeNegation::Denies,
                "topic" => ThemeNegation::Topic,
                other => {
                    return Err(Error::lexicon(
                        Some(line_of(text, value.span().start)),
                        None,
                        format!(
                            "theme {id:?}: negation = {other:?} is not known; \
                             write \"denies\" (a negated mention denies the theme, the default) \
                             or \"topic\" (a negated mention still speaks of it)"
                        ),
                    ))
                }
            },
        };
        let entries = read_entries(text, raw_theme.entries)?;
        let exclusions = read_entries(text, raw_theme.exclusions)?;
        themes.push(Theme {
            id,
            label: raw_theme.label.trim().to_string(),
            definition: raw_theme.definition.trim().to_string(),
            entries,
            exclusions,
            negation,
        });
    }
    let mut lexicon = Lexicon {
        name: raw.name,
        themes,
    };
    let mut warnings = Vec::new();
    dedupe_entries(&mut lexicon, &mut warnings);
    Ok(LoadReport { lexicon, warnings })
}

fn read_entries(text: &str, raw: Vec<Spanned<toml::Value>>) -> Result<Vec<Entry>> {
    raw.into_iter()
        .map(|spanned| {
            let line = line_of(text, spanned.span().start);
            read_entry(spanned.into_inner(), line)
        })
        .collect()
}

fn read_entry(value: toml::Value, line: usize) -> Result<Entry> {
    let at = |entry: Option<&str>, msg: String| Error::lexicon(Some(line), entry, msg);
    let (term, weight, gap) = match value {
        toml::Value::String(s) => (s, None, None),
        toml::Value::Table(table) => {
            let mut term = None;
            let mut weight = None;
            let mut gap = None;
            let shown = table
                .get("term")
                .and_then(|v| v.as_str())
                .map(str::to_string);
            for (key, v) in table {
                match (key.as_str(), v) {
                    ("term", toml::Value::String(s)) => term = Some(s),
                    ("weight", toml::Value::Float(f)) => weight = Some(f),
                    ("weight", toml::Value::Integer(i)) => weight = Some(i as f64),
                    ("gap", toml::Value::Integer(i)) => {
                        gap = Some(u8::try_from(i).map_err(|_| {
                            at(shown.as_deref(), format!("gap {i} is out of range"))
                        })?)
                    }
                    ("term" | "weight" | "gap", other) => {
                        return Err(at(
                            shown.as_deref(),
                            format!("`{key}` has the wrong type ({})", other.type_str()),
                        ))
                    }
                    _ => {
                        return Err(at(
                            shown.as_deref(),
                            format!("unknown key `{key}` (expected `term`, `weight` or `gap`)"),
                        ))
                    }
                }
            }
            match term {
                Some(t) => (t, weight, gap),
                None => return Err(at(None, "entry table without `term`".to_string())),
            }
        }
        other => {
            return Err(at(
                None,
                format!(
                    "an entry is a string or a table {{ term = \"...\" }}, not a {}",
                    other.type_str()
                ),
            ))
        }
    };
    let mut entry = Entry::try_parse_at(&term, line)?;
    entry.weight = weight.unwrap_or(1.0);
    entry.max_gap = gap.unwrap_or(0);
    entry.check_options().map_err(|m| at(Some(&term), m))?;
    Ok(entry)
}

/// A TOML basic string.
fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn write_entries(out: &mut String, key: &str, entries: &[Entry]) {
    if entries.is_empty() {
        let _ = writeln!(out, "{key} = []");
        return;
    }
    let _ = writeln!(out, "{key} = [");
    for e in entries {
        let source = quoted(&e.to_source());
        if e.weight == 1.0 && e.max_gap == 0 {
            let _ = writeln!(out, "  {source},");
        } else {
            let _ = write!(out, "  {{ term = {source}");
            if e.weight != 1.0 {
                let _ = write!(out, ", weight = {}", toml::Value::Float(e.weight));
            }
            if e.max_gap != 0 {
                let _ = write!(out, ", gap = {}", e.max_gap);
            }
            let _ = writeln!(out, " }},");
        }
    }
    let _ = writeln!(out, "]");
}

/// Writes the native TOML format.
pub fn write(lexicon: &Lexicon) -> String {
    let mut out = String::new();
    if let Some(name) = &lexicon.name {
        let _ = writeln!(out, "name = {}", quoted(name));
    }
    for theme in &lexicon.themes {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str("[[theme]]\n");
        let _ = writeln!(out, "id = {}", quoted(&theme.id));
        let _ = writeln!(out, "label = {}", quoted(&theme.label));
        let _ = writeln!(out, "definition = {}", quoted(&theme.definition));
        if theme.negation != ThemeNegation::Denies {
            let _ = writeln!(out, "negation = {}", quoted(theme.negation.as_str()));
        }
        write_entries(&mut out, "entries", &theme.entries);
        write_entries(&mut out, "exclusions", &theme.exclusions);
    }
    out
}
