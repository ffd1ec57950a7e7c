//! LIWC `.dic` dictionaries: reader and (lossy) writer.
//!
//! ```
//! use entretien::lexicon::{EntryKind, Lexicon};
//!
//! let dic = "%\n1\tefficience\n2\tisolement\n%\n\
//!            efficac*\t1\nseul\t2\ngain de temps\t1\nchacun dans son coin  isolement\n";
//! let report = Lexicon::from_dic_str(dic)?;
//! let isolement = report.lexicon.theme("isolement").unwrap();
//! assert_eq!(isolement.entries[0].kind, EntryKind::Exact); // `seul`: exact in LIWC
//! assert_eq!(isolement.entries[1].kind, EntryKind::Phrase);
//! assert!(report.warnings.is_empty());
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! The reader accepts what real files contain: a byte-order mark, CRLF line
//! ends, blank lines, tabs or runs of spaces between fields, numeric category
//! ids or categories referred to by name on entry lines, and entries of several
//! words. On a line with a tab, the entry is everything before the first tab;
//! on a line with spaces only, the trailing fields that name categories are the
//! categories and the words before them are the entry.
//!
//! Entries are read with LIWC's semantics: `word*` is a prefix, a line with
//! several words is a phrase, and a plain word is an exact form
//! ([`PlainWords::Exact`]), or a stem entry with [`PlainWords::Stem`]. LIWC 2007
//! context rules such as `(02 134)125/464` are not supported: they are skipped
//! with a warning. A repeated entry is kept once, with a warning, and so is a category
//! without entries, which is dropped; an unknown category id is an error naming
//! the line.

use super::{
    check_theme_id, dedupe_entries, Entry, EntryKind, Lexicon, LoadReport, PlainWords, Theme,
    Warning,
};
use crate::error::{Error, Result};
use std::collections::HashMap;
use std::fmt::Write as _;

struct Category {
    /// The id written in the header (`1`), or the name when the header gives none.
    key: String,
    theme: Theme,
}

/// Reads a LIWC `.dic` dictionary.
pub fn parse(text: &str, plain: PlainWords) -> Result<LoadReport> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut warnings = Vec::new();
    let mut categories: Vec<Category> = Vec::new();
    let mut by_ref: HashMap<String, usize> = HashMap::new();
    let mut section = 0; // 0 before the first `%`, 1 in the header, 2 in the entries

    for (index, raw_line) in text.split('\n').enumerate() {
        let line_no = index + 1;
        let line = raw_line.trim_end_matches('\r').trim();
        if line.is_empty() {
            continue;
        }
        if line == "%" {
            section += 1;
            if section > 2 {
                return Err(Error::lexicon(
                    Some(line_no),
                    None,
                    "a third `%` line: a .dic file has one header between two `%` lines",
                ));
            }
            continue;
        }
        match section {
            0 => {
                return Err(Error::lexicon(
                    Some(line_no),
                    None,
                    "a .dic file starts with a `%` line, then its categories",
                ))
            }
            1 => read_category(line, line_no, &mut categories, &mut by_ref)?,
            _ => read_entry_line(
                line,
                line_no,
                plain,
                &mut categories,
                &by_ref,
                &mut warnings,
            )?,
        }
    }
    if section < 2 {
        return Err(Error::lexicon(
            None,
            None,
            "missing `%` line: a .dic file has its categories between two `%` lines",
        ));
    }
    if categories.is_empty() {
        return Err(Error::lexicon(
            None,
            None,
            "no categories between the `%` lines",
        ));
    }
    categories.retain(|c| {
        if c.theme.entries.is_empty() {
            warnings.push(Warning::new(
                None,
                None,
                format!(
                    "category {:?} ({}) has no entries; dropped",
                    c.theme.id, c.key
                ),
            ));
        }
        !c.theme.entries.is_empty()
    });
    let mut lexicon = Lexicon {
        name: None,
        themes: categories.into_iter().map(|c| c.theme).collect(),
    };
    dedupe_entries(&mut lexicon, &mut warnings);
    Ok(LoadReport { lexicon, warnings })
}

fn read_category(
    line: &str,
    line_no: usize,
    categories: &mut Vec<Category>,
    by_ref: &mut HashMap<String, usize>,
) -> Result<()> {
    let mut fields = line.splitn(2, char::is_whitespace);
    let first = fields.next().unwrap_or("");
    let rest = fields.next().map(str::trim).unwrap_or("");
    let (key, name) = if rest.is_empty() {
        (first.to_string(), first.to_string())
    } else {
        (first.to_string(), rest.to_string())
    };
    let id: String = name.split_whitespace().collect::<Vec<_>>().join("_");
    check_theme_id(&id).map_err(|m| Error::lexicon(Some(line_no), None, m))?;
    for r in [&key, &id, &name] {
        if let Some(&other) = by_ref.get(r.as_str()) {
            if other != categories.len() {
                return Err(Error::lexicon(
                    Some(line_no),
                    None,
                    format!("category {r:?} is defined twice"),
                ));
            }
        }
    }
    let index = categories.len();
    for r in [key.clone(), id.clone(), name.clone()] {
        by_ref.insert(r, index);
    }
    categories.push(Category {
        key,
        theme: Theme::new(id).with_label(name),
    });
    Ok(())
}

fn looks_like_context_rule(field: &str) -> bool {
    field.contains(['(', ')', '/'])
}

fn read_entry_line(
    line: &str,
    line_no: usize,
    plain: PlainWords,
    categories: &mut [Category],
    by_ref: &HashMap<String, usize>,
    warnings: &mut Vec<Warning>,
) -> Result<()> {
    let (entry_text, ref_fields): (String, Vec<&str>) = if let Some(tab) = line.find('\t') {
        (
            line[..tab].trim().to_string(),
            line[tab + 1..].split_whitespace().collect(),
        )
    } else {
        let fields: Vec<&str> = line.split_whitespace().collect();
        // Peel category references off the end, keeping at least one word.
        let mut split = fields.len();
        while split > 1 {
            let f = fields[split - 1];
            if !(by_ref.contains_key(f) || looks_like_context_rule(f)) {
                break;
            }
            split -= 1;
        }
        // A trailing number that names no category is an unknown id, not a word.
        if split == fields.len() && fields.len() > 1 {
            let last = fields[split - 1];
            if last.chars().all(|c| c.is_ascii_digit()) {
                return Err(Error::lexicon(
                    Some(line_no),
                    Some(&fields[..split - 1].join(" ")),
                    format!("unknown category {last:?}"),
                ));
            }
        }
        (fields[..split].join(" "), fields[split..].to_vec())
    };
    if entry_text.is_empty() {
        return Err(Error::lexicon(
            Some(line_no),
            None,
            "entry line without an entry",
        ));
    }
    let mut targets = Vec::new();
    for field in &ref_fields {
        if looks_like_context_rule(field) {
            warnings.push(Warning::new(
                Some(line_no),
                Some(&entry_text),
                format!("LIWC context rule {field:?} is not supported; ignored"),
            ));
            continue;
        }
        match by_ref.get(*field) {
            Some(&i) => {
                if !targets.contains(&i) {
                    targets.push(i);
                }
            }
            None => {
                return Err(Error::lexicon(
                    Some(line_no),
                    Some(&entry_text),
                    format!("unknown category {field:?}"),
                ))
            }
        }
    }
    if targets.is_empty() {
        return Err(Error::lexicon(
            Some(line_no),
            Some(&entry_text),
            "entry without a category",
        ));
    }
    let mut entry = Entry::try_parse_at(&entry_text, line_no)?;
    if entry.kind == EntryKind::Exact {
        // `=` means nothing in LIWC; read it as part of an exact form anyway.
        warnings.push(Warning::new(
            Some(line_no),
            Some(&entry_text),
            "`=` is not LIWC syntax; read as an exact form",
        ));
    }
    if entry.kind == EntryKind::Stem && plain == PlainWords::Exact {
        entry.kind = EntryKind::Exact;
    }
    for i in targets {
        categories[i].theme.entries.push(entry.clone());
    }
    Ok(())
}

/// Writes a LIWC `.dic` dictionary: numbered categories named by theme id, then
/// one line per distinct entry with all its category numbers. Lossy (see
/// [`Lexicon::to_dic`]).
pub fn write(lexicon: &Lexicon) -> String {
    let mut out = String::from("%\n");
    for (i, theme) in lexicon.themes.iter().enumerate() {
        let _ = writeln!(out, "{}\t{}", i + 1, theme.id);
    }
    out.push_str("%\n");
    let mut order: Vec<String> = Vec::new();
    let mut cats: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, theme) in lexicon.themes.iter().enumerate() {
        for e in &theme.entries {
            let text = match e.kind {
                EntryKind::Prefix => format!("{}*", e.pattern),
                _ => e.pattern.clone(),
            };
            let list = cats.entry(text.clone()).or_insert_with(|| {
                order.push(text);
                Vec::new()
            });
            if !list.contains(&(i + 1)) {
                list.push(i + 1);
            }
        }
    }
    for text in order {
        out.push_str(&text);
        for c in &cats[&text] {
            let _ = write!(out, "\t{c}");
        }
        out.push('\n');
    }
    out
}
