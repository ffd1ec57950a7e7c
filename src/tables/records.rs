//! The rows as CSV records: column names and fields as text, numbers at a fixed precision, so that
//! every CSV output (score rows, `--out` tables, merged tables) has the same layout. A writer only
//! quotes and writes them.
//!
//! ```
//! use entretien::tables::records::{num, unit_header, RATE_DECIMALS};
//!
//! assert_eq!(num(2.0 / 3.0, RATE_DECIMALS), "0.667");
//! assert_eq!(num(f64::NAN, RATE_DECIMALS), "");
//! let header = unit_header(&["isolement".to_string()]);
//! assert_eq!(header[9..], ["isolement.hits", "isolement.negated", "isolement.weighted",
//!                          "isolement.per_1000", "isolement.segments_coded"]);
//! ```

use super::{CooccurrenceRow, DocumentRow, GroupRow, KeynessRow, ThemeRow};
use crate::score::{ThemeCell, UnitScore};

/// Decimals of rates (`per_1000`) and weighted scores in every output.
pub const RATE_DECIMALS: usize = 3;
/// Decimals of statistics (χ², G², Lafon, expected counts, Jaccard, φ).
pub const STAT_DECIMALS: usize = 6;

/// The most frequent indicators listed per theme in themes.csv.
pub const CSV_TOP_TERMS: usize = 8;

/// The per-theme columns of unit and document rows, after `THEME.`.
pub const THEME_FIELDS: [&str; 5] = ["hits", "negated", "weighted", "per_1000", "segments_coded"];

/// A number with `decimals` decimals; empty when not finite.
pub fn num(v: f64, decimals: usize) -> String {
    if v.is_finite() {
        format!("{v:.decimals$}")
    } else {
        String::new()
    }
}

fn rate(v: f64) -> String {
    num(v, RATE_DECIMALS)
}

fn stat(v: f64) -> String {
    num(v, STAT_DECIMALS)
}

/// `THEME.hits`, `THEME.negated`… for each theme.
fn theme_columns(theme_ids: &[String]) -> impl Iterator<Item = String> + '_ {
    theme_ids
        .iter()
        .flat_map(|t| THEME_FIELDS.iter().map(move |f| format!("{t}.{f}")))
}

/// The fields of [`THEME_FIELDS`].
fn theme_fields(hits: u32, negated: u32, weighted: f64, per_1000: f64, coded: u32) -> [String; 5] {
    [
        hits.to_string(),
        negated.to_string(),
        rate(weighted),
        rate(per_1000),
        coded.to_string(),
    ]
}

/// The columns of unit rows: where the unit is, its words, then [`THEME_FIELDS`] of every theme.
pub fn unit_header(theme_ids: &[String]) -> Vec<String> {
    let fixed = [
        "id", "unit", "speaker", "role", "turn", "index", "start", "end", "words",
    ];
    fixed
        .map(String::from)
        .into_iter()
        .chain(theme_columns(theme_ids))
        .collect()
}

/// A unit row's record, in the columns of [`unit_header`] (zeros for themes without hits).
pub fn unit_record(row: &UnitScore, theme_ids: &[String]) -> Vec<String> {
    let opt = |v: Option<usize>| v.map(|v| v.to_string()).unwrap_or_default();
    let mut rec = vec![
        row.id.clone(),
        row.unit.to_string(),
        row.speaker.clone().unwrap_or_default(),
        row.role.map(|r| r.as_str().to_string()).unwrap_or_default(),
        opt(row.turn),
        opt(row.index),
        opt(row.span.map(|s| s.start)),
        opt(row.span.map(|s| s.end)),
        row.words.to_string(),
    ];
    let zero = ThemeCell::default();
    for t in theme_ids {
        let c = row.themes.get(t).unwrap_or(&zero);
        rec.extend(theme_fields(
            c.hits,
            c.negated,
            c.weighted,
            c.per_1000,
            c.segments_coded,
        ));
    }
    rec
}

/// The columns of documents.csv: `id`, `source`, `meta.KEY` for each metadata key (prefixed, so that a
/// key never repeats a fixed column), word counts, then [`THEME_FIELDS`] of every theme.
pub fn document_header<'k>(
    keys: impl IntoIterator<Item = &'k String>,
    theme_ids: &[String],
) -> Vec<String> {
    let mut header: Vec<String> = vec!["id".into(), "source".into()];
    header.extend(keys.into_iter().map(|k| format!("meta.{k}")));
    header.extend(["words", "turns", "segments", "words_set_apart"].map(String::from));
    header.extend(theme_columns(theme_ids));
    header
}

impl DocumentRow {
    /// Its record in the columns of [`document_header`] with the same keys (empty where it has none).
    pub fn record<'k>(&self, keys: impl IntoIterator<Item = &'k String>) -> Vec<String> {
        let mut rec = self.id_fields().to_vec();
        rec.extend(self.metadata_fields(keys));
        rec.extend(self.count_fields());
        rec
    }

    /// The first columns of [`DocumentRow::record`]: id and source.
    pub fn id_fields(&self) -> [String; 2] {
        [self.id.clone(), self.source.clone()]
    }

    /// The metadata columns of [`DocumentRow::record`]: the value of each key, empty where it has none.
    pub fn metadata_fields<'k>(&self, keys: impl IntoIterator<Item = &'k String>) -> Vec<String> {
        keys.into_iter()
            .map(|k| self.metadata.get(k).cloned().unwrap_or_default())
            .collect()
    }

    /// The last columns of [`DocumentRow::record`]: the counts, then [`THEME_FIELDS`] of every theme.
    /// They do not depend on the metadata keys, so a writer can format them before it knows them all.
    pub fn count_fields(&self) -> Vec<String> {
        let counts = [self.words, self.turns, self.segments, self.words_set_apart];
        let mut rec: Vec<String> = counts.iter().map(u32::to_string).collect();
        for t in &self.themes {
            rec.extend(theme_fields(
                t.hits,
                t.negated,
                t.weighted,
                t.per_1000,
                t.segments_coded,
            ));
        }
        rec
    }
}

impl DocumentRow {
    /// [`DocumentRow::count_fields`] as one stretch of CSV, comma-separated, written into `out`
    /// without allocating: numbers need no quotes, and a rate that is not a finite number (an empty
    /// field) is written `""`, as a writer that quotes every non-numeric field writes it. For outputs
    /// of millions of rows.
    pub fn write_count_fields_csv(&self, out: &mut Vec<u8>) {
        use std::io::Write;
        let counts = [self.words, self.turns, self.segments, self.words_set_apart];
        for (i, &n) in counts.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            put_u64(out, n);
        }
        let rate = |out: &mut Vec<u8>, v: f64| {
            // Writing into a Vec cannot fail.
            let _ = if v.is_finite() {
                write!(out, ",{v:.RATE_DECIMALS$}")
            } else {
                write!(out, ",\"\"")
            };
        };
        // Most themes of a short document are untouched: their fields are always these.
        static UNTOUCHED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let untouched = UNTOUCHED
            .get_or_init(|| format!(",0,0,{0:.RATE_DECIMALS$},{0:.RATE_DECIMALS$},0", 0.0));
        for t in &self.themes {
            let zero = |v: f64| v.to_bits() == 0;
            if t.hits == 0
                && t.negated == 0
                && t.segments_coded == 0
                && zero(t.weighted)
                && zero(t.per_1000)
            {
                out.extend_from_slice(untouched.as_bytes());
                continue;
            }
            out.push(b',');
            put_u64(out, t.hits);
            out.push(b',');
            put_u64(out, t.negated);
            rate(out, t.weighted);
            rate(out, t.per_1000);
            out.push(b',');
            put_u64(out, t.segments_coded);
        }
    }
}

/// Writes `n` in decimal, without the formatting machinery (millions of fields per run).
pub(crate) fn put_u64(out: &mut Vec<u8>, n: impl Into<u64>) {
    let mut n = n.into();
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}

/// A table whose CSV columns are fixed: a header, and the records of each row.
pub trait CsvTable {
    /// The column names.
    const HEADER: &'static [&'static str];
    /// The row's records (one, or one per theme for a group).
    fn records(&self) -> Vec<Vec<String>>;
}

impl CsvTable for ThemeRow {
    const HEADER: &'static [&'static str] = &[
        "theme",
        "label",
        "documents",
        "words",
        "hits",
        "negated",
        "counted",
        "per_1000",
        "documents_coded",
        "segments_coded",
        "top_terms",
    ];

    fn records(&self) -> Vec<Vec<String>> {
        let top: Vec<String> = self
            .top_terms
            .iter()
            .map(|t| format!("{} ({})", t.term, t.count))
            .collect();
        let counts = [self.documents, self.words, self.hits, self.negated];
        let coded = [self.documents_coded, self.segments_coded];
        let rec = [self.theme.clone(), self.label.clone()]
            .into_iter()
            .chain(counts.map(|n| n.to_string()))
            .chain([self.counted.to_string(), rate(self.per_1000)])
            .chain(coded.map(|n| n.to_string()))
            .chain([top.join("; ")]);
        vec![rec.collect()]
    }
}

impl CsvTable for GroupRow {
    const HEADER: &'static [&'static str] = &[
        "group_by",
        "group",
        "documents",
        "words",
        "theme",
        "hits",
        "negated",
        "counted",
        "per_1000",
        "documents_coded",
        "segments_coded",
        "lafon",
    ];

    fn records(&self) -> Vec<Vec<String>> {
        let head = [
            self.group_by.clone(),
            self.group.clone(),
            self.documents.to_string(),
            self.words.to_string(),
        ];
        let record = |t: &super::GroupThemeCell| {
            let counts = [t.hits, t.negated].map(|n| n.to_string());
            let coded = [t.documents_coded, t.segments_coded].map(|n| n.to_string());
            head.iter()
                .cloned()
                .chain([t.theme.clone()])
                .chain(counts)
                .chain([t.counted.to_string(), rate(t.per_1000)])
                .chain(coded)
                .chain([stat(t.lafon)])
                .collect()
        };
        self.themes.iter().map(record).collect()
    }
}

impl CsvTable for KeynessRow {
    const HEADER: &'static [&'static str] = &[
        "kind",
        "group",
        "item",
        "freq",
        "words",
        "freq_rest",
        "words_rest",
        "per_1000",
        "per_1000_rest",
        "expected",
        "chi2",
        "g2",
        "lafon",
    ];

    fn records(&self) -> Vec<Vec<String>> {
        let k = &self.keyness;
        let counts = [k.target, k.target_total, k.reference, k.reference_total];
        let rec = [self.kind.clone(), self.group.clone(), self.item.clone()]
            .into_iter()
            .chain(counts.map(|n| n.to_string()))
            .chain([rate(self.per_1000), rate(self.per_1000_rest)])
            .chain([k.expected, k.chi2, k.g2, k.lafon].map(stat));
        vec![rec.collect()]
    }
}

impl CsvTable for CooccurrenceRow {
    const HEADER: &'static [&'static str] = &[
        "theme_a",
        "theme_b",
        "segments_both",
        "segments_a",
        "segments_b",
        "segments",
        "jaccard",
        "phi",
    ];

    fn records(&self) -> Vec<Vec<String>> {
        let counts = [
            self.segments_both,
            self.segments_a,
            self.segments_b,
            self.segments,
        ];
        let rec = [self.theme_a.clone(), self.theme_b.clone()]
            .into_iter()
            .chain(counts.map(|n| n.to_string()))
            .chain([stat(self.jaccard), stat(self.phi)]);
        vec![rec.collect()]
    }
}
