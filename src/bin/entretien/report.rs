//! The `--out` tables, written from the library's rows ([`entretien::tables`]): every file is created
//! under a temporary name before the run (so an unwritable folder fails at once) and renamed at the end.

use crate::output::{csv_header, csv_rows, json_line, write_csv_table, AtomicFile};
use entretien::aggregate::TermLevel;
use entretien::score::DocumentScore;
use entretien::tables::records::{document_header, CSV_TOP_TERMS};
use entretien::tables::{self, source_text, DocumentRow, UnitCoverage, MIN_TERM_FREQ};
use entretien::{Aggregate, Lexicon, Transcript};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// themes.csv, groups.csv, keyness.csv and cooccurrence.csv: the tables an aggregate alone gives.
pub struct AggregateFiles([AtomicFile; 4]);

impl AggregateFiles {
    pub fn create(dir: &Path, inputs: &[PathBuf]) -> anyhow::Result<AggregateFiles> {
        if dir.exists() && !dir.is_dir() {
            anyhow::bail!(
                "{}: not a folder (--out takes a folder to write tables in)",
                dir.display()
            );
        }
        std::fs::create_dir_all(dir).map_err(|e| entretien::Error::io(Some(dir), e))?;
        let file = |name: &str| AtomicFile::create(&dir.join(name), inputs);
        Ok(AggregateFiles([
            file("themes.csv")?,
            file("groups.csv")?,
            file("keyness.csv")?,
            file("cooccurrence.csv")?,
        ]))
    }

    pub fn write(
        self,
        total: &Aggregate,
        lexicon: Option<&Lexicon>,
        level: TermLevel,
    ) -> anyhow::Result<()> {
        let [mut themes, mut groups, mut keyness, mut co] = self.0;
        let coverage = UnitCoverage::default();
        let rows = tables::theme_rows(total, lexicon, &coverage, CSV_TOP_TERMS);
        write_csv_table(themes.writer(), rows)?;
        write_csv_table(groups.writer(), tables::group_rows(total))?;
        let rows = tables::keyness_rows(total, level, MIN_TERM_FREQ);
        write_csv_table(keyness.writer(), rows)?;
        write_csv_table(co.writer(), tables::cooccurrence_rows(total))?;
        [themes, groups, keyness, co]
            .into_iter()
            .try_for_each(AtomicFile::commit)
    }
}

/// What one document adds to the `--out` tables, made on a worker.
pub struct OutDocument {
    /// The id and count fields of its documents.csv record, already in CSV; the metadata columns
    /// between them wait for the final set of keys.
    head: Vec<u8>,
    metadata: Vec<(String, String)>,
    tail: Vec<u8>,
    /// Its evidence.jsonl lines.
    evidence: Vec<u8>,
}

impl OutDocument {
    /// The tables' lines of a document's score, made with evidence.
    pub fn of(score: DocumentScore, transcript: &Transcript) -> OutDocument {
        let (row, evidence) = DocumentRow::split_evidence(score, source_text(transcript));
        let mut out = OutDocument {
            head: csv_fields(row.id_fields()),
            tail: {
                let mut tail = Vec::new();
                row.write_count_fields_csv(&mut tail);
                tail
            },
            metadata: row.metadata.into_iter().collect(),
            evidence: Vec::new(),
        };
        // Writing well-formed values into memory cannot fail.
        for e in &evidence {
            let _ = json_line(&mut out.evidence, e);
        }
        out
    }
}

/// Every `--out` table. Documents go to a temporary spill file as they come, not held: documents.csv
/// is written from it at the end, when every metadata key (a column) is known.
pub struct OutTables {
    aggregate: AggregateFiles,
    documents: AtomicFile,
    spill: AtomicFile,
    evidence: AtomicFile,
    keys: BTreeSet<String>,
}

impl OutTables {
    pub fn create(dir: &Path, inputs: &[PathBuf]) -> anyhow::Result<OutTables> {
        Ok(OutTables {
            aggregate: AggregateFiles::create(dir, inputs)?,
            documents: AtomicFile::create(&dir.join("documents.csv"), inputs)?,
            spill: AtomicFile::create(&dir.join("documents.spill"), inputs)?,
            evidence: AtomicFile::create(&dir.join("evidence.jsonl"), inputs)?,
            keys: BTreeSet::new(),
        })
    }

    pub fn add(&mut self, doc: OutDocument) -> anyhow::Result<()> {
        let w = self.spill.writer();
        put_bytes(w, &doc.head)?;
        put_bytes(w, &doc.tail)?;
        w.write_all(&(doc.metadata.len() as u32).to_le_bytes())?;
        for (k, v) in &doc.metadata {
            put_bytes(w, k.as_bytes())?;
            put_bytes(w, v.as_bytes())?;
        }
        self.evidence.writer().write_all(&doc.evidence)?;
        for (k, _) in doc.metadata {
            if !self.keys.contains(&k) {
                self.keys.insert(k);
            }
        }
        Ok(())
    }

    pub fn finish(
        mut self,
        total: &Aggregate,
        lexicon: &Lexicon,
        level: TermLevel,
    ) -> anyhow::Result<()> {
        self.spill.writer().flush()?;
        let mut spilled = std::io::BufReader::new(std::fs::File::open(self.spill.tmp_path())?);
        let w = self.documents.writer();
        csv_header(w, &document_header(&self.keys, &total.theme_ids))?;
        let (mut head, mut tail, mut k, mut v) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut metadata: Vec<(String, String)> = Vec::new();
        while get_bytes(&mut spilled, &mut head)? {
            get_bytes(&mut spilled, &mut tail)?;
            let mut n = [0; 4];
            spilled.read_exact(&mut n)?;
            metadata.clear();
            for _ in 0..u32::from_le_bytes(n) {
                get_bytes(&mut spilled, &mut k)?;
                get_bytes(&mut spilled, &mut v)?;
                metadata.push((String::from_utf8(k.clone())?, String::from_utf8(v.clone())?));
            }
            w.write_all(&head)?;
            if !self.keys.is_empty() {
                let values = self.keys.iter().map(|key| {
                    metadata
                        .binary_search_by(|(k, _)| k.as_str().cmp(key))
                        .map_or("", |i| metadata[i].1.as_str())
                });
                w.write_all(b",")?;
                w.write_all(&csv_fields(values))?;
            }
            w.write_all(b",")?;
            w.write_all(&tail)?;
            w.write_all(b"\n")?;
        }
        self.aggregate.write(total, Some(lexicon), level)?;
        self.documents.commit()?;
        self.evidence.commit()
    }
}

/// Fields as one CSV record of the data tables, without its line end.
fn csv_fields<I>(fields: I) -> Vec<u8>
where
    I: IntoIterator,
    I::Item: AsRef<[u8]>,
{
    let mut csv = csv_rows(Vec::new());
    // Writing into memory cannot fail.
    let _ = csv.write_record(fields);
    let mut bytes = csv.into_inner().unwrap_or_default();
    if bytes.last() == Some(&b'\n') {
        bytes.pop();
    }
    bytes
}

fn put_bytes(w: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    w.write_all(&(bytes.len() as u64).to_le_bytes())?;
    w.write_all(bytes)
}

/// Reads what [`put_bytes`] wrote into `buf`; false at the end of the file.
fn get_bytes(r: &mut impl Read, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut n = [0; 8];
    match r.read_exact(&mut n) {
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(false),
        other => other?,
    }
    buf.clear();
    r.take(u64::from_le_bytes(n)).read_to_end(buf)?;
    Ok(true)
}
