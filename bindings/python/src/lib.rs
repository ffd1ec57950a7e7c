//! `entretien._native`: the Python extension module of entretien.
//!
//! Results cross into Python as the library's own serde types written as JSON (the very bytes of
//! `entretien score --format jsonl`), which the pure-Python layer (`python/entretien/`) loads into
//! dicts and lists or turns into Arrow tables. Corpus runs go through the library's ordered parallel
//! runner with the GIL released.

// pyo3 0.22's #[pymethods] and #[pyfunction] expand to `.into()` conversions of `PyErr` that newer
// clippy flags in the generated code (not in ours).
#![allow(clippy::useless_conversion)]

mod error;
mod run;

use entretien::aggregate::TermLevel;
use entretien::kwic::{concordance, sort_lines, KwicQuery, KwicSort};
use entretien::metadata::MetadataTable;
use entretien::score::{EvidenceMode, RowOptions, UnitRows};
use entretien::transcript::{Format, ReadOptions, Reader, RoleRules, TextEncoding};
use entretien::vocab::{VocabCounter, Vocabulary};
use entretien::{Aggregate, Analyzer, GroupBy, Lexicon, NegationMode, SpeakerFilter, Stopwords};
use entretien::{Theme, Transcript, Unit};
use error::{config, EntretienError, IntoPy};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use run::{Inputs, Run, RunOptions};
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;

/// Parses a string argument the way the CLI parses its flag.
fn parse<T: FromStr>(what: &str, value: &str) -> PyResult<T>
where
    T::Err: std::fmt::Display,
{
    T::from_str(value).map_err(|e| config(format!("{what} {value:?}: {e}")))
}

/// A lexicon: `None` (the embedded French codebook), a file path, or `{theme_id: [indicators]}`.
fn lexicon_of(arg: Option<&Bound<'_, PyAny>>) -> PyResult<(Lexicon, Vec<String>)> {
    let Some(arg) = arg.filter(|a| !a.is_none()) else {
        return Ok((Lexicon::default_french(), Vec::new()));
    };
    if let Ok(dict) = arg.downcast::<PyDict>() {
        let mut themes = Vec::new();
        for (id, entries) in dict.iter() {
            let id: String = id.extract()?;
            let entries: Vec<String> = entries.extract()?;
            themes.push(Theme::new(id).with_entries(entries));
        }
        let lexicon = Lexicon::new(themes);
        lexicon.validate().py_err()?;
        return Ok((lexicon, Vec::new()));
    }
    let path: PathBuf = arg.extract()?;
    let report = Lexicon::load(&path).py_err()?;
    let warnings = report.warnings.iter().map(|w| w.to_string()).collect();
    Ok((report.lexicon, warnings))
}

/// How transcripts are read: what the CLI's input flags set.
#[derive(Default)]
struct ReadArgs<'a> {
    input_format: Option<&'a str>,
    lossy: bool,
    encoding: Option<&'a str>,
    interviewer: Vec<String>,
    respondent: Vec<String>,
    metadata: Option<PathBuf>,
}

fn reader_of(args: ReadArgs<'_>) -> PyResult<Reader> {
    let mut roles = RoleRules::default();
    roles.interviewer.extend(args.interviewer);
    roles.respondent.extend(args.respondent);
    let options = ReadOptions {
        format: args
            .input_format
            .map(|f| parse::<Format>("input format", f))
            .transpose()?,
        lossy: args.lossy,
        roles,
        encoding: args
            .encoding
            .map(|e| parse::<TextEncoding>("encoding", e))
            .transpose()?,
        ..ReadOptions::default()
    };
    let reader = Reader::new(options).py_err()?;
    Ok(match args.metadata {
        Some(path) => reader.with_metadata(Arc::new(MetadataTable::from_path(&path).py_err()?)),
        None => reader,
    })
}

/// The analyzer: lexicon, speakers, negation mode, stop list and reading options, built once and
/// shared by every call (and every worker thread of a corpus run).
#[pyclass(frozen, module = "entretien._native")]
struct NativeAnalyzer {
    analyzer: Analyzer,
    reader: Reader,
    by: GroupBy,
    speakers: SpeakerFilter,
    stopwords: Stopwords,
    themes: Vec<String>,
    warnings: Vec<String>,
}

#[pymethods]
impl NativeAnalyzer {
    #[new]
    #[pyo3(signature = (lexicon=None, speakers="respondent", negation="exclude", by=None,
        stopwords=None, add_stopwords=None, input_format=None, lossy=false, encoding=None,
        interviewer=Vec::new(), respondent=Vec::new(), metadata=None))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        lexicon: Option<&Bound<'_, PyAny>>,
        speakers: &str,
        negation: &str,
        by: Option<&str>,
        stopwords: Option<PathBuf>,
        add_stopwords: Option<Vec<String>>,
        input_format: Option<&str>,
        lossy: bool,
        encoding: Option<&str>,
        interviewer: Vec<String>,
        respondent: Vec<String>,
        metadata: Option<PathBuf>,
    ) -> PyResult<Self> {
        let (lexicon, warnings) = lexicon_of(lexicon)?;
        let speakers: SpeakerFilter = parse("speakers", speakers)?;
        let negation: NegationMode = parse("negation mode", negation)?;
        let list = match &stopwords {
            Some(path) => Stopwords::from_path(path).py_err()?,
            None => Stopwords::french(),
        };
        let stopwords = match add_stopwords {
            Some(words) => list.with(words.iter().map(|w| w.trim()).filter(|w| !w.is_empty())),
            None => list,
        };
        let analyzer = Analyzer::builder()
            .speakers(speakers.clone())
            .negation(negation)
            .stopwords(stopwords.clone())
            .build(&lexicon)
            .py_err()?;
        Ok(NativeAnalyzer {
            analyzer,
            reader: reader_of(ReadArgs {
                input_format,
                lossy,
                encoding,
                interviewer,
                respondent,
                metadata,
            })?,
            by: by.map_or(GroupBy::None, GroupBy::parse),
            speakers,
            stopwords,
            themes: lexicon.themes.iter().map(|t| t.id.clone()).collect(),
            warnings,
        })
    }

    /// Theme ids, in lexicon order.
    #[getter]
    fn themes(&self) -> Vec<String> {
        self.themes.clone()
    }

    /// What loading the lexicon warned about.
    #[getter]
    fn warnings(&self) -> Vec<String> {
        self.warnings.clone()
    }

    /// Unit rows of one text, read as one speaker of unknown role (the CLI's `--text`), as JSON
    /// Lines.
    #[pyo3(signature = (text, unit="document", evidence=false, all_themes=false))]
    fn score_text(
        &self,
        py: Python<'_>,
        text: &str,
        unit: &str,
        evidence: bool,
        all_themes: bool,
    ) -> PyResult<Py<PyBytes>> {
        let unit: Unit = parse("unit", unit)?;
        let options = row_options(evidence, all_themes);
        let t = Transcript::from_text("text", text);
        let bytes = py.allow_threads(|| {
            let mut scratch = self.analyzer.scratch();
            let mut windows = self.analyzer.windows(&t, &mut scratch);
            let mut rows = UnitRows::new(unit, options);
            let mut out = Vec::new();
            while let Some(window) = windows.next() {
                rows.add(&window, |row| run::json_line(&mut out, &row));
                if window.is_last() {
                    break;
                }
            }
            out
        });
        Ok(PyBytes::new_bound(py, &bytes).unbind())
    }

    /// Scores files, folders and globs (`kind="paths"`), named documents as `(name, bytes)` pairs
    /// (`kind="bytes"`), or JSON Lines documents as `(source, line, text)` triples
    /// (`kind="json_lines"`) on `threads` workers, the GIL released.
    #[pyo3(signature = (kind, inputs, unit="document", threads=None, evidence=false,
        all_themes=false, strict=false))]
    #[allow(clippy::too_many_arguments)]
    fn score(
        &self,
        py: Python<'_>,
        kind: &str,
        inputs: &Bound<'_, PyAny>,
        unit: &str,
        threads: Option<usize>,
        evidence: bool,
        all_themes: bool,
        strict: bool,
    ) -> PyResult<NativeScores> {
        let inputs = Inputs::extract(kind, inputs)?;
        let options = RunOptions {
            unit: parse("unit", unit)?,
            rows: row_options(evidence, all_themes),
            threads: threads.unwrap_or(0),
            strict,
        };
        let run = py.allow_threads(|| {
            let items = inputs.items()?;
            Ok::<Run, entretien::Error>(run::score(
                &self.analyzer,
                &self.reader,
                &self.by,
                items,
                &options,
            ))
        });
        let run = run.py_err()?;
        if let Some(e) = &run.stopped {
            return Err(error::to_py(py, e));
        }
        Ok(NativeScores {
            rows: run.rows,
            aggregate: run.aggregate,
            failures: run.failures,
            documents: run.documents,
            bytes: run.bytes,
            skipped: run.skipped,
        })
    }

    /// Concordance lines (JSON Lines) of a word, exact form (`=form`), prefix (`isol*`),
    /// phrase or theme (`theme:ID`) over files, like `entretien kwic --format jsonl`.
    #[pyo3(signature = (pattern, paths, context=8, sort="document", threads=None))]
    fn kwic(
        &self,
        py: Python<'_>,
        pattern: &str,
        paths: Vec<PathBuf>,
        context: usize,
        sort: &str,
        threads: Option<usize>,
    ) -> PyResult<(Py<PyBytes>, Vec<PyObject>)> {
        let sort: KwicSort = parse("concordance order", sort)?;
        let query = KwicQuery::new(pattern, &self.analyzer).py_err()?;
        let (_, found, failures) = py
            .allow_threads(|| {
                Ok::<_, entretien::Error>(run::each(
                    &self.analyzer,
                    &self.reader,
                    Inputs::Paths(paths).items()?,
                    threads.unwrap_or(0),
                    |windows, _: &mut ()| {
                        let mut found = Vec::new();
                        while let Some(window) = windows.next() {
                            found.append(&mut concordance(&window, &query, context));
                        }
                        found
                    },
                ))
            })
            .py_err()?;
        let mut lines: Vec<_> = found.into_iter().flatten().collect();
        sort_lines(&mut lines, sort);
        let mut out = Vec::new();
        for line in &lines {
            run::json_line(&mut out, line);
        }
        let failures = failures.iter().map(|e| error_object(py, e)).collect();
        Ok((PyBytes::new_bound(py, &out).unbind(), failures))
    }

    /// Vocabulary listings (JSON Lines of rows) over files, like `entretien vocab --format jsonl`:
    /// the corpus, then each group of `by`, their `top` most frequent forms or stems (0: all).
    #[pyo3(signature = (paths, stems=false, stopwords=true, top=50, threads=None))]
    fn vocab(
        &self,
        py: Python<'_>,
        paths: Vec<PathBuf>,
        stems: bool,
        stopwords: bool,
        top: usize,
        threads: Option<usize>,
    ) -> PyResult<(Py<PyBytes>, Vec<PyObject>)> {
        let counter = VocabCounter::with(self.speakers.clone(), self.stopwords.clone());
        let by = &self.by;
        let (parts, _, failures) = py
            .allow_threads(|| {
                Ok::<_, entretien::Error>(run::each(
                    counter.analyzer(),
                    &self.reader,
                    Inputs::Paths(paths).items()?,
                    threads.unwrap_or(0),
                    |windows, v: &mut Vocabulary| {
                        while let Some(window) = windows.next() {
                            v.add(&window, by);
                        }
                    },
                ))
            })
            .py_err()?;
        let mut vocab = Vocabulary::new();
        for part in &parts {
            vocab.merge(part);
        }
        let level = if stems {
            TermLevel::Stem
        } else {
            TermLevel::Form
        };
        let mut out = Vec::new();
        for listing in entretien::tables::vocab::listings(&vocab, level, stopwords, top) {
            for row in &listing.rows {
                run::json_line(&mut out, row);
            }
        }
        let failures = failures.iter().map(|e| error_object(py, e)).collect();
        Ok((PyBytes::new_bound(py, &out).unbind(), failures))
    }

    /// Reads the transcripts of a file (several for IRaMuTeQ corpora and JSON Lines), as JSON.
    fn read_transcript(&self, py: Python<'_>, path: PathBuf) -> PyResult<String> {
        let transcripts = py.allow_threads(|| self.reader.read_path(&path)).py_err()?;
        Ok(run::transcripts_json(&transcripts))
    }

    /// Reads the transcripts of a file's bytes, `name` telling its format and id.
    fn read_bytes(&self, py: Python<'_>, data: &[u8], name: PathBuf) -> PyResult<String> {
        let transcripts = py
            .allow_threads(|| self.reader.read_bytes(data, Some(&name)))
            .py_err()?;
        Ok(run::transcripts_json(&transcripts))
    }
}

fn row_options(evidence: bool, all_themes: bool) -> RowOptions {
    let mut options = RowOptions::new();
    if evidence {
        options = options.evidence(EvidenceMode::Include);
    }
    if all_themes {
        options = options.all_themes();
    }
    options
}

/// An `EntretienError` instance, to hand back in a list of failures rather than raise.
fn error_object(py: Python<'_>, e: &entretien::Error) -> PyObject {
    error::to_py(py, e).into_value(py).into_any()
}

/// What a corpus run gives: unit rows as JSON Lines, the corpus aggregate, the inputs that failed.
#[pyclass(module = "entretien._native")]
struct NativeScores {
    rows: Vec<u8>,
    aggregate: Aggregate,
    failures: Vec<entretien::Error>,
    documents: u64,
    bytes: u64,
    skipped: Vec<String>,
}

#[pymethods]
impl NativeScores {
    /// The rows, exactly `entretien score --format jsonl`'s output.
    fn rows_jsonl<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new_bound(py, &self.rows)
    }

    /// The corpus aggregate (a copy).
    fn aggregate(&self) -> NativeAggregate {
        NativeAggregate(self.aggregate.clone())
    }

    /// Inputs that failed (each an `EntretienError`); the others were scored.
    fn failures(&self, py: Python<'_>) -> Vec<PyObject> {
        self.failures.iter().map(|e| error_object(py, e)).collect()
    }

    /// Documents scored.
    #[getter]
    fn documents(&self) -> u64 {
        self.documents
    }

    /// Bytes read.
    #[getter]
    fn bytes_read(&self) -> u64 {
        self.bytes
    }

    /// What a folder walk skipped, said briefly.
    #[getter]
    fn skipped(&self) -> Vec<String> {
        self.skipped.clone()
    }
}

/// Corpus-level counts that merge: shards scored apart add up to the whole corpus.
#[pyclass(module = "entretien._native")]
#[derive(Clone)]
struct NativeAggregate(Aggregate);

#[pymethods]
impl NativeAggregate {
    /// Reads the JSON of `entretien score --aggregate-out` or of `to_json`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        py.allow_threads(|| Aggregate::from_json(text))
            .py_err()
            .map(NativeAggregate)
    }

    /// The aggregate as JSON, the same as `entretien score --aggregate-out` writes (without its
    /// final newline).
    fn to_json(&self) -> String {
        self.0.to_json()
    }

    /// Adds `other`'s counts to this aggregate (made with the same lexicon, grouping and negation
    /// mode, else an `EntretienError` of kind `config`); returns this aggregate.
    fn merge<'py>(
        slf: Bound<'py, Self>,
        other: PyRef<'py, NativeAggregate>,
    ) -> PyResult<Bound<'py, Self>> {
        let merged = slf.borrow_mut().0.merge(&other.0);
        merged.py_err()?;
        Ok(slf)
    }

    /// Keyness rows (JSON): each theme and each stem or form (`terms`) of each group against the
    /// other groups, like keyness.csv of `entretien score --by KEY --out DIR`.
    #[pyo3(signature = (terms="stems", min_freq=entretien::tables::MIN_TERM_FREQ))]
    fn keyness_json(&self, terms: &str, min_freq: u64) -> PyResult<String> {
        let level: TermLevel = parse("term level", terms)?;
        let rows = entretien::tables::keyness_rows(&self.0, level, min_freq);
        serde_json::to_string(&rows).map_err(|e| config(e.to_string()))
    }

    /// Theme rows (JSON), like themes.csv of `entretien score --out DIR`.
    #[pyo3(signature = (top_terms=entretien::tables::records::CSV_TOP_TERMS))]
    fn themes_json(&self, top_terms: usize) -> PyResult<String> {
        let coverage = entretien::tables::UnitCoverage::default();
        let rows = entretien::tables::theme_rows(&self.0, None, &coverage, top_terms);
        serde_json::to_string(&rows).map_err(|e| config(e.to_string()))
    }

    /// Group rows (JSON), like groups.csv.
    fn groups_json(&self) -> PyResult<String> {
        let rows = entretien::tables::group_rows(&self.0);
        serde_json::to_string(&rows).map_err(|e| config(e.to_string()))
    }

    /// Pickles as its JSON (for Spark and multiprocessing).
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        let from_json = py
            .get_type_bound::<NativeAggregate>()
            .getattr("from_json")?;
        Ok((from_json, (self.0.to_json(),)))
    }
}

/// Reads a transcript file with the default reading options (JSON).
#[pyfunction]
#[pyo3(signature = (path, input_format=None, lossy=false, encoding=None))]
fn read_transcript(
    py: Python<'_>,
    path: PathBuf,
    input_format: Option<&str>,
    lossy: bool,
    encoding: Option<&str>,
) -> PyResult<String> {
    let reader = reader_of(ReadArgs {
        input_format,
        lossy,
        encoding,
        ..ReadArgs::default()
    })?;
    let transcripts = py.allow_threads(|| reader.read_path(&path)).py_err()?;
    Ok(run::transcripts_json(&transcripts))
}

/// The library's version.
#[pyfunction]
fn version<'py>(py: Python<'py>) -> Bound<'py, PyString> {
    PyString::new_bound(py, env!("CARGO_PKG_VERSION"))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeAnalyzer>()?;
    m.add_class::<NativeScores>()?;
    m.add_class::<NativeAggregate>()?;
    m.add("EntretienError", m.py().get_type_bound::<EntretienError>())?;
    m.add_function(wrap_pyfunction!(read_transcript, m)?)?;
    m.add_function(wrap_pyfunction!(version, m)?)?;
    Ok(())
}
