//! Metadata kept beside the transcripts: a CSV table joined to the documents, as TXM's
//! `metadata.csv` is.
//!
//! ```
//! use entretien::metadata::MetadataTable;
//! use entretien::Transcript;
//!
//! let table = MetadataTable::parse("id;sexe;age\nent01;F;52\nent02;H;38\n", None).unwrap();
//! let mut t = Transcript::from_text("ent01", "Je suis seule au bureau.");
//! assert!(table.apply(&mut t));
//! assert_eq!(t.metadata["sexe"], "F");
//! assert_eq!(table.unused(), ["ent02"]);
//! ```
//!
//! The first column names the document: a row is joined to the document whose id it is, else to
//! the documents read from a file of that stem or that name (`ent01`, `ent01.txt`). The other
//! columns are variables, under their header names; an empty cell sets nothing. A table's values
//! take precedence over the metadata the document carries itself (the table is where a study keeps
//! its variables). The delimiter is the one of `,`, `;` or tab that the header line holds most
//! (spreadsheets in French locales write `;`); fields may be quoted with `"` (doubled inside).
//! Errors name the file and line: a row whose number of fields differs from the header's, a key
//! given twice, an empty key or header name.

use crate::error::{Error, Result};
use crate::transcript::Transcript;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// A table of document variables, keyed by document id or file name. Shared by reference across
/// the workers of a run; it remembers which rows were joined, for [`MetadataTable::unused`].
#[derive(Debug)]
pub struct MetadataTable {
    path: Option<PathBuf>,
    columns: Vec<String>,
    rows: Vec<Row>,
    by_key: HashMap<String, usize>,
}

#[derive(Debug)]
struct Row {
    key: String,
    values: Vec<String>,
    used: AtomicBool,
}

/// The largest table read (a table of variables is small; this bounds a wrong file).
pub const MAX_METADATA_BYTES: u64 = 64 << 20;

impl MetadataTable {
    /// Reads a table from a file (UTF-8, a BOM allowed).
    pub fn from_path(path: &Path) -> Result<MetadataTable> {
        let size = std::fs::metadata(path)
            .map_err(|e| Error::io(Some(path), e))?
            .len();
        if size > MAX_METADATA_BYTES {
            return Err(Error::data(
                None,
                format!(
                    "a metadata table of {size} bytes is larger than the {} MiB allowed",
                    MAX_METADATA_BYTES >> 20
                ),
            )
            .with_path(path));
        }
        let bytes = std::fs::read(path).map_err(|e| Error::io(Some(path), e))?;
        let text = std::str::from_utf8(&bytes)
            .map_err(|e| Error::invalid_utf8(e.valid_up_to()).with_path(path))?;
        MetadataTable::parse(text, Some(path))
    }

    /// Parses a table; `path` names it in errors.
    pub fn parse(text: &str, path: Option<&Path>) -> Result<MetadataTable> {
        let named = |e: Error| match path {
            Some(p) => e.with_path(p),
            None => e,
        };
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut records = crate::csv_text::records(text);
        let Some((_, header)) = records.next().transpose().map_err(named)? else {
            return Err(named(Error::data(Some(1), "the metadata table is empty")));
        };
        if header.len() < 2 {
            return Err(named(Error::data(
                Some(1),
                "the header names one column: a table needs the document column and one variable \
                 at least (separated by `,`, `;` or a tab)",
            )));
        }
        let columns: Vec<String> = header.iter().map(|h| h.trim().to_string()).collect();
        if let Some(i) = columns.iter().skip(1).position(String::is_empty) {
            return Err(named(Error::data(
                Some(1),
                format!("column {} has no name", i + 2),
            )));
        }
        let mut rows = Vec::new();
        let mut by_key = HashMap::new();
        for record in records {
            let (line, fields) = record.map_err(named)?;
            if fields.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            if fields.len() != columns.len() {
                return Err(named(Error::data(
                    Some(line),
                    format!(
                        "{} fields where the header has {}",
                        fields.len(),
                        columns.len()
                    ),
                )));
            }
            let key = fields[0].trim().to_string();
            if key.is_empty() {
                return Err(named(Error::data(
                    Some(line),
                    "the first field, which names the document, is empty",
                )));
            }
            if by_key.insert(key.clone(), rows.len()).is_some() {
                return Err(named(Error::data(
                    Some(line),
                    format!("document {key:?} has a row already"),
                )));
            }
            rows.push(Row {
                key,
                values: fields[1..].iter().map(|v| v.trim().to_string()).collect(),
                used: AtomicBool::new(false),
            });
        }
        Ok(MetadataTable {
            path: path.map(Path::to_path_buf),
            columns,
            rows,
            by_key,
        })
    }

    /// The variables (the header without its first column).
    pub fn variables(&self) -> &[String] {
        &self.columns[1..]
    }

    /// The file the table was read from.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether it has no row.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Joins the document's row to its metadata; false when it has none.
    pub fn apply(&self, transcript: &mut Transcript) -> bool {
        let Some(row) = self.row_of(transcript) else {
            return false;
        };
        row.used.store(true, Ordering::Relaxed);
        for (name, value) in self.columns[1..].iter().zip(&row.values) {
            if !value.is_empty() {
                transcript.metadata.insert(name.clone(), value.clone());
            }
        }
        true
    }

    fn row_of(&self, t: &Transcript) -> Option<&Row> {
        let source = t.source.as_deref();
        let candidates = [
            Some(t.id.as_str()),
            source.and_then(Path::file_stem).and_then(|s| s.to_str()),
            source.and_then(Path::file_name).and_then(|s| s.to_str()),
        ];
        candidates
            .into_iter()
            .flatten()
            .find_map(|k| self.by_key.get(k))
            .map(|&i| &self.rows[i])
    }

    /// The keys of the rows that no document was joined to so far, in table order.
    pub fn unused(&self) -> Vec<&str> {
        self.rows
            .iter()
            .filter(|r| !r.used.load(Ordering::Relaxed))
            .map(|r| r.key.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, source: Option<&str>) -> Transcript {
        let mut t = Transcript::from_text(id, "texte");
        t.source = source.map(PathBuf::from);
        t
    }

    #[test]
    fn rows_join_by_id_then_file_stem_then_file_name() {
        let table = MetadataTable::parse(
            "fichier,sexe,quartier\nq17,F,Belleville\nent02,H,\"Goutte d'Or, nord\"\nent03.txt,F,\n",
            None,
        )
        .unwrap();
        assert_eq!(table.variables(), ["sexe", "quartier"]);
        let mut a = doc("q17", Some("enquete/reponses.jsonl"));
        let mut b = doc("autre", Some("corpus/ent02.trs"));
        let mut c = doc("x", Some("corpus/ent03.txt"));
        let mut d = doc("nobody", None);
        assert!(table.apply(&mut a) && table.apply(&mut b) && table.apply(&mut c));
        assert!(!table.apply(&mut d));
        assert_eq!(a.metadata["quartier"], "Belleville");
        assert_eq!(b.metadata["quartier"], "Goutte d'Or, nord");
        assert_eq!(
            c.metadata.get("quartier"),
            None,
            "an empty cell sets nothing"
        );
        assert!(table.unused().is_empty());
    }

    #[test]
    fn semicolons_tabs_quotes_and_line_breaks_in_fields() {
        let t = MetadataTable::parse(
            "id;note\r\na;\"deux\nlignes; et \"\"guillemets\"\"\"\r\n",
            None,
        )
        .unwrap();
        let mut a = doc("a", None);
        t.apply(&mut a);
        assert_eq!(a.metadata["note"], "deux\nlignes; et \"guillemets\"");
        let t = MetadataTable::parse("id\tage\nb\t41\n", None).unwrap();
        let mut b = doc("b", None);
        t.apply(&mut b);
        assert_eq!(b.metadata["age"], "41");
    }

    #[test]
    fn errors_name_the_line() {
        let cases = [
            ("", "meta.csv:1:", "empty"),
            ("id\na\n", "meta.csv:1:", "one column"),
            (
                "id,a\nx,1\ny,1,2\n",
                "meta.csv:3:",
                "3 fields where the header has 2",
            ),
            ("id,a\nx,1\nx,2\n", "meta.csv:3:", "has a row already"),
            ("id,a\n,1\n", "meta.csv:2:", "is empty"),
            ("id,a\nx,\"open\n", "meta.csv:2:", "not closed"),
            ("id,,b\n", "meta.csv:1:", "column 2 has no name"),
        ];
        for (text, line, what) in cases {
            let e = MetadataTable::parse(text, Some(Path::new("meta.csv"))).unwrap_err();
            let shown = e.to_string();
            assert!(
                shown.starts_with(line) && shown.contains(what),
                "{text:?}: {shown}"
            );
        }
    }
}
