//! The `--out` tables, written from the library's rows ([`entretien::tables`]): every file is created
//! under a temporary name before the run (so an unwritable folder fails at once) and renamed at the end.

use crate::output::{csv_header, csv_rows, num, AtomicFile, RATE_DECIMALS, STAT_DECIMALS};
use entretien::aggregate::TermLevel;
use entretien::tables::{self, DocumentRow, UnitCoverage, MIN_TERM_FREQ};
use entretien::{Aggregate, Lexicon};
use std::collections::BTreeSet;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// The per-theme columns of unit and document rows, after `THEME.`.
pub const THEME_FIELDS: [&str; 5] = ["hits", "negated", "weighted", "per_1000", "segments_coded"];

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
        let [themes, groups, keyness, co] = self.0;
        let (rate, stat) = (|v| num(v, RATE_DECIMALS), |v| num(v, STAT_DECIMALS));
        let rows = tables::theme_rows(total, lexicon, &UnitCoverage::default(), 8);
        let header = "theme,label,documents,words,hits,negated,counted,per_1000,documents_coded,\
                      segments_coded,top_terms";
        write_table(
            themes,
            header,
            rows.into_iter().map(|r| {
                let top: Vec<String> = r
                    .top_terms
                    .iter()
                    .map(|t| format!("{} ({})", t.term, t.count))
                    .collect();
                let n = [r.documents, r.words, r.hits, r.negated].map(|n| n.to_string());
                let coded = [r.documents_coded, r.segments_coded].map(|n| n.to_string());
                [
                    vec![r.theme, r.label],
                    n.into(),
                    vec![r.counted.to_string(), rate(r.per_1000)],
                    coded.into(),
                    vec![top.join("; ")],
                ]
                .concat()
            }),
        )?;
        let header = "group_by,group,documents,words,theme,hits,negated,counted,per_1000,\
                      documents_coded,segments_coded,lafon";
        let rows = tables::group_rows(total).into_iter().flat_map(|g| {
            let head = [
                g.group_by,
                g.group,
                g.documents.to_string(),
                g.words.to_string(),
            ];
            g.themes.into_iter().map(move |t| {
                let n = [t.hits, t.negated].map(|n| n.to_string());
                let coded = [t.documents_coded, t.segments_coded].map(|n| n.to_string());
                [
                    head.to_vec(),
                    vec![t.theme],
                    n.into(),
                    vec![t.counted.to_string(), rate(t.per_1000)],
                    coded.into(),
                    vec![stat(t.lafon)],
                ]
                .concat()
            })
        });
        write_table(groups, header, rows)?;
        let header = "kind,group,item,freq,words,freq_rest,words_rest,per_1000,per_1000_rest,expected,chi2,g2,lafon";
        let rows = tables::keyness_rows(total, level, MIN_TERM_FREQ)
            .into_iter()
            .map(|r| {
                let k = &r.keyness;
                let n = [k.target, k.target_total, k.reference, k.reference_total]
                    .map(|n| n.to_string());
                let stats = [k.expected, k.chi2, k.g2, k.lafon].map(stat);
                [
                    vec![r.kind.clone(), r.group.clone(), r.item.clone()],
                    n.into(),
                    vec![rate(r.per_1000), rate(r.per_1000_rest)],
                    stats.into(),
                ]
                .concat()
            });
        write_table(keyness, header, rows)?;
        let header = "theme_a,theme_b,segments_both,segments_a,segments_b,segments,jaccard,phi";
        let rows = tables::cooccurrence_rows(total).into_iter().map(|r| {
            let n =
                [r.segments_both, r.segments_a, r.segments_b, r.segments].map(|n| n.to_string());
            [
                vec![r.theme_a, r.theme_b],
                n.into(),
                vec![stat(r.jaccard), stat(r.phi)],
            ]
            .concat()
        });
        write_table(co, header, rows)
    }
}

/// Writes a header (comma-separated names) and rows, and renames the file into place.
fn write_table(
    mut file: AtomicFile,
    header: &str,
    rows: impl Iterator<Item = Vec<String>>,
) -> anyhow::Result<()> {
    let names: Vec<&str> = header.split(',').map(str::trim).collect();
    csv_header(file.writer(), &names)?;
    let mut csv = csv_rows(file.writer());
    for r in rows {
        csv.write_record(&r)?;
    }
    csv.flush()?;
    drop(csv);
    file.commit()
}

/// What one document adds to the `--out` tables, made on a worker.
pub struct OutDocument {
    /// Its [`DocumentRow`] as one JSON line, kept on disk until documents.csv is written.
    pub row: Vec<u8>,
    /// Its evidence.jsonl lines.
    pub evidence: Vec<u8>,
    pub keys: Vec<String>,
}

impl OutDocument {
    pub fn of(analysis: &entretien::analysis::DocumentAnalysis<'_>) -> OutDocument {
        let mut score = analysis.score(entretien::score::EvidenceMode::Include);
        let source = analysis
            .transcript
            .source
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        let mut evidence = Vec::new();
        for e in std::mem::take(&mut score.evidence) {
            // Serialising owned, well-formed values into memory cannot fail.
            let mut line = serde_json::to_value(&e).unwrap_or_default();
            if let Some(o) = line.as_object_mut() {
                o.insert("id".into(), score.id.clone().into());
                o.insert("source".into(), source.clone().into());
            }
            let _ = serde_json::to_writer(&mut evidence, &line);
            evidence.push(b'\n');
        }
        let keys = score.metadata.keys().cloned().collect();
        let mut row =
            serde_json::to_vec(&DocumentRow::from_score(score, source)).unwrap_or_default();
        row.push(b'\n');
        OutDocument {
            row,
            evidence,
            keys,
        }
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
        for k in doc.keys {
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
        let spilled = std::io::BufReader::new(std::fs::File::open(self.spill.tmp_path())?);
        let w = self.documents.writer();
        // Metadata columns are prefixed, so that a key never repeats a fixed column's name.
        let mut header: Vec<String> = vec!["id".into(), "source".into()];
        header.extend(self.keys.iter().map(|k| format!("meta.{k}")));
        header.extend(["words", "turns", "segments", "words_set_apart"].map(String::from));
        for id in &total.theme_ids {
            header.extend(THEME_FIELDS.iter().map(|f| format!("{id}.{f}")));
        }
        csv_header(w, &header)?;
        let mut csv = csv_rows(w);
        for line in spilled.lines() {
            let d: DocumentRow = serde_json::from_str(&line?)?;
            let mut rec = vec![d.id, d.source];
            rec.extend(
                self.keys
                    .iter()
                    .map(|k| d.metadata.get(k).cloned().unwrap_or_default()),
            );
            rec.extend([d.words, d.turns, d.segments, d.words_set_apart].map(|n| n.to_string()));
            for t in d.themes {
                rec.extend([
                    t.hits.to_string(),
                    t.negated.to_string(),
                    num(t.weighted, RATE_DECIMALS),
                    num(t.per_1000, RATE_DECIMALS),
                    t.segments_coded.to_string(),
                ]);
            }
            csv.write_record(&rec)?;
        }
        csv.flush()?;
        drop(csv);
        self.aggregate.write(total, Some(lexicon), level)?;
        self.documents.commit()?;
        self.evidence.commit()
    }
}
