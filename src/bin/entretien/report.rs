//! The `--out` tables, written from the library's rows ([`entretien::tables`]): every file is created
//! under a temporary name before the run (so an unwritable folder fails at once) and renamed at the end.

use crate::output::{csv_header, csv_rows, json_line, write_csv_table, AtomicFile};
use entretien::aggregate::TermLevel;
use entretien::analysis::DocumentAnalysis;
use entretien::tables::records::{document_header, CSV_TOP_TERMS};
use entretien::tables::{self, DocumentRow, UnitCoverage, MIN_TERM_FREQ};
use entretien::{Aggregate, Lexicon};
use std::collections::BTreeSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// themes.csv, groups.csv, keyness.csv and cooccurrence.csv: the tables an aggregate alone gives.
pub struct AggregateFiles([AtomicFile; 4]);

impl AggregateFiles {
    pub fn create(dir: &Path, inputs: &[PathBuf]) -> anyhow::Result<AggregateFiles> {
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
    /// Its [`DocumentRow`] as one JSON line, kept on disk until documents.csv is written.
    row: Vec<u8>,
    /// Its evidence.jsonl lines.
    evidence: Vec<u8>,
    keys: Vec<String>,
}

impl OutDocument {
    pub fn of(analysis: &DocumentAnalysis<'_>) -> OutDocument {
        let (row, evidence) = DocumentRow::with_evidence(analysis);
        let mut out = OutDocument {
            row: Vec::new(),
            evidence: Vec::new(),
            keys: row.metadata.keys().cloned().collect(),
        };
        // Writing well-formed values into memory cannot fail.
        let _ = json_line(&mut out.row, &row);
        for e in &evidence {
            let _ = json_line(&mut out.evidence, e);
        }
        out
    }
}

/// Every `--out` table: documents are spilled to a temporary file as they come, not held.
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
            spill: AtomicFile::create(&dir.join("documents.jsonl"), inputs)?,
            evidence: AtomicFile::create(&dir.join("evidence.jsonl"), inputs)?,
            keys: BTreeSet::new(),
        })
    }

    pub fn add(&mut self, doc: OutDocument) -> anyhow::Result<()> {
        self.spill.writer().write_all(&doc.row)?;
        self.evidence.writer().write_all(&doc.evidence)?;
        self.keys.extend(doc.keys);
        Ok(())
    }

    pub fn finish(
        mut self,
        total: &Aggregate,
        lexicon: &Lexicon,
        level: TermLevel,
    ) -> anyhow::Result<()> {
        self.spill.writer().flush()?;
        let spilled = std::io::BufReader::new(std::fs::File::open(self.spill.tmp_path())?);
        let w = self.documents.writer();
        csv_header(w, &document_header(&self.keys, &total.theme_ids))?;
        let mut csv = csv_rows(w);
        for line in spilled.lines() {
            let d: DocumentRow = serde_json::from_str(&line?)?;
            csv.write_record(d.record(&self.keys))?;
        }
        csv.flush()?;
        drop(csv);
        self.aggregate.write(total, Some(lexicon), level)?;
        self.documents.commit()?;
        self.evidence.commit()
    }
}
