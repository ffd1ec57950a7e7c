//! `entretien score`: theme scores per unit, over files, folders, globs, standard input or `--text`.
//!
//! Rows are made and serialised on the workers and written in input order; corpus counts go to an
//! aggregate (`--aggregate-out`, for `entretien merge`) and `--out DIR` writes CSV tables for R or pandas.

use crate::common::{for_each_document, InputArgs, LexiconArgs, StopwordsArgs};
use crate::output::{csv_header, csv_rows, terminal_width, AtomicFile};
use crate::report::{OutDocument, OutTables};
use entretien::aggregate::TermLevel;
use entretien::analyzer::Windows;
use entretien::corpus::SeenIds;
use entretien::group::GroupBy;
use entretien::learn::{CoderScratch, ModelRows};
use entretien::refi_qda::{CodingUnit, ExportSource, QdpxExport, SourceCoding};
use entretien::score::{DocumentScorer, EvidenceMode, RowOptions, Unit, UnitRows, UnitScore};
use entretien::tables::records::{unit_header, unit_record};
use entretien::tables::render::REPORT_UNITS;
use entretien::tables::{ScoreReport, UnitCoverage};
use entretien::{Aggregate, NegationMode, SpeakerFilter};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Unit to score: document, speaker, turn, sentence or segment.
    #[arg(long, default_value = "document")]
    unit: Unit,
    /// Whose turns are scored (respondent, all, interviewer); the others are reported apart.
    #[arg(long, default_value = "respondent")]
    speakers: SpeakerFilter,
    /// What negated hits do to the score: exclude, count or subtract.
    #[arg(long, default_value = "exclude")]
    negation: NegationMode,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Include each hit with its span, speaker and a snippet of text.
    #[arg(long)]
    evidence: bool,
    /// List every theme in JSON rows, not only those with hits.
    #[arg(long)]
    all_themes: bool,
    /// Print the terminal table at full width instead of fitting it to `COLUMNS`.
    #[arg(long)]
    wide: bool,
    /// Score this text (one speaker of unknown role) instead of files.
    #[arg(long, value_name = "TEXT", conflicts_with = "paths")]
    text: Option<String>,
    /// Compare groups by a metadata key (e.g. `role`, `collectivite`), or by `speaker_role`.
    #[arg(long, value_name = "KEY")]
    by: Option<String>,
    /// With `--by`, compute each group's specific terms on stems or on word forms.
    #[arg(long, default_value = "stems")]
    terms: TermLevel,
    #[command(flatten)]
    stopwords: StopwordsArgs,
    /// Save the corpus-level counts as JSON, for `entretien merge`.
    #[arg(long, value_name = "FILE")]
    aggregate_out: Option<PathBuf>,
    /// Write a REFI-QDA project (MAXQDA, NVivo, ATLAS.ti): the transcripts as sources, the themes as
    /// codes, each hit of the scored turns coded (negated hits under the theme's `nié` code).
    #[arg(long, value_name = "FILE")]
    qdpx: Option<PathBuf>,
    /// What each coded selection of `--qdpx` covers: hit, turn, sentence, segment or document.
    #[arg(long, value_name = "UNIT", default_value = "hit", requires = "qdpx")]
    qdpx_unit: CodingUnit,
    /// Write documents.csv, groups.csv, themes.csv, keyness.csv, cooccurrence.csv and evidence.jsonl
    /// here (a folder inside the inputs is left out of them).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Code units with learned coders (from `entretien learn -o`): each theme of a JSON row carries
    /// `present`, `probability` and, where present, the features that weighed most (`because`);
    /// rows list the themes hit or present (`--all-themes`: every theme).
    #[arg(long, value_name = "MODEL.json")]
    model: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Jsonl,
    Json,
    Csv,
    Table,
}

/// What a worker hands back for one document, or for the windows of a long document so far.
struct Doc {
    id: String,
    /// Rows of a window before the document's last: a part of a document, not a document.
    part: bool,
    /// Rows already serialised (JSON Lines, JSON records or CSV records).
    bytes: Vec<u8>,
    /// Rows for the terminal table.
    rows: Vec<UnitScore>,
    out: Option<OutDocument>,
    qdpx: Option<ExportSource>,
}

/// Unit rows counted by the lexicon, or coded by learned coders as well.
enum Rows<'m> {
    Counted(UnitRows),
    Coded(ModelRows<'m>, Box<CoderScratch>),
}

impl Rows<'_> {
    fn add(&mut self, window: &entretien::DocumentAnalysis<'_>, each: impl FnMut(UnitScore)) {
        match self {
            Rows::Counted(rows) => rows.add(window, each),
            Rows::Coded(rows, scratch) => rows.add(window, scratch, each),
        }
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lexicon = args.lexicon.load()?;
    let analyzer = crate::common::scoring_analyzer(
        &args.input,
        &lexicon,
        &args.speakers,
        args.negation,
        &args.stopwords,
    )?;
    let coder = args
        .model
        .as_deref()
        .map(|path| crate::cmd_learn::load_model(path, &analyzer))
        .transpose()?;
    let by = args.by.as_deref().map_or(GroupBy::None, GroupBy::parse);
    // Group vocabularies serve only the specific terms of the table, keyness.csv and the saved
    // aggregate; rows alone do not need them.
    let keeps_terms =
        args.format == FormatArg::Table || args.out.is_some() || args.aggregate_out.is_some();
    let new_aggregate = || match by.is_none() || !keeps_terms {
        true => Aggregate::new(&analyzer, by.clone()),
        false => Aggregate::new(&analyzer, by.clone()).with_vocabulary(),
    };
    let themes: Vec<String> = lexicon.themes.iter().map(|t| t.id.clone()).collect();
    // Inputs are found and output places checked before any work. The `--out` folder is left out
    // of the inputs (its tables are ours); an `--aggregate-out` file is not: one that a folder walk
    // would read is refused below rather than written over.
    let outputs: Vec<&Path> = args.out.iter().map(PathBuf::as_path).collect();
    let work = match args.text {
        Some(_) => None,
        None => Some(args.input.work(&outputs)?),
    };
    let inputs = work.as_ref().map(|w| w.files.clone()).unwrap_or_default();
    let mut tables = args
        .out
        .as_ref()
        .map(|dir| OutTables::create(dir, &inputs))
        .transpose()?;
    let aggregate_file = args
        .aggregate_out
        .as_ref()
        .map(|p| AtomicFile::create(p, &inputs))
        .transpose()?;
    let qdpx_file = args
        .qdpx
        .as_ref()
        .map(|p| AtomicFile::create(p, &inputs))
        .transpose()?;
    let mut qdpx = QdpxExport::new(&lexicon).unit(args.qdpx_unit);
    let qdpx_unit = qdpx_file.is_some().then_some(args.qdpx_unit);

    let mut options = RowOptions::new();
    if args.evidence {
        options = options.evidence(EvidenceMode::Include);
    }
    if args.all_themes {
        options = options.all_themes();
    }
    let (format, out_tables) = (args.format, tables.is_some());
    // A table of document rows shows the first REPORT_UNITS of them and takes its coverage from the
    // aggregate: once the table has its rows, the documents after them make none. (The output
    // keeps input order, so a document not yet written comes after every row kept.)
    let document_table = format == FormatArg::Table && args.unit == Unit::Document;
    let rows_kept = AtomicUsize::new(0);
    // A document is analysed window by window: its rows go out with each window (as a part), its
    // aggregate counts and --out lines are summed over the windows.
    let per_document =
        |windows: &mut Windows<'_>, agg: &mut Option<Aggregate>, emit: &mut dyn FnMut(Doc)| {
            let agg = agg.get_or_insert_with(new_aggregate);
            let transcript = windows.transcript();
            let new_doc = |part| Doc {
                id: transcript.id.clone(),
                part,
                bytes: Vec::new(),
                rows: Vec::new(),
                out: None,
                qdpx: None,
            };
            let mut doc = new_doc(false);
            let mut rows = match &coder {
                Some(coder) => Rows::Coded(
                    ModelRows::new(coder, args.unit, options),
                    Box::new(coder.scratch()),
                ),
                None => Rows::Counted(UnitRows::new(args.unit, options)),
            };
            let mut scorer = out_tables.then(|| DocumentScorer::new(EvidenceMode::Include));
            let mut coding = qdpx_unit.map(SourceCoding::new);
            let mut csv = (format == FormatArg::Csv).then(|| csv_rows(Vec::new()));
            let want_rows = !document_table || rows_kept.load(Ordering::Relaxed) < REPORT_UNITS;
            while let Some(window) = windows.next() {
                agg.add(&window);
                if let Some(scorer) = scorer.as_mut() {
                    scorer.add(&window);
                }
                if let Some(coding) = coding.as_mut() {
                    coding.add(&window);
                }
                if want_rows {
                    rows.add(&window, |row: UnitScore| match format {
                        FormatArg::Table => doc.rows.push(row),
                        FormatArg::Csv => {
                            if let Some(w) = csv.as_mut() {
                                let _ = w.write_record(unit_record(&row, &themes));
                            }
                        }
                        FormatArg::Jsonl => {
                            row.write_json(&mut doc.bytes);
                            doc.bytes.push(b'\n');
                        }
                        FormatArg::Json => {
                            if !doc.bytes.is_empty() {
                                doc.bytes.extend_from_slice(b",\n");
                            }
                            row.write_json(&mut doc.bytes);
                        }
                    });
                }
                if window.is_last() {
                    break;
                }
                if let Some(w) = csv.as_mut() {
                    let w = std::mem::replace(w, csv_rows(Vec::new()));
                    doc.bytes.append(&mut w.into_inner().unwrap_or_default());
                }
                if !doc.bytes.is_empty() || !doc.rows.is_empty() {
                    let mut part = std::mem::replace(&mut doc, new_doc(false));
                    part.part = true;
                    emit(part);
                }
            }
            if let Some(w) = csv {
                doc.bytes.append(&mut w.into_inner().unwrap_or_default());
            }
            doc.out = scorer
                .and_then(DocumentScorer::finish)
                .map(|score| OutDocument::of(score, transcript));
            doc.qdpx = coding.map(|c| c.finish(transcript));
            doc
        };

    let mut out = BufWriter::new(std::io::stdout().lock());
    match format {
        FormatArg::Csv => csv_header(&mut out, &unit_header(&themes))?,
        FormatArg::Json => out.write_all(b"[")?,
        _ => {}
    }
    let (mut first, mut kept, mut coverage) = (true, Vec::new(), UnitCoverage::default());
    let mut ids = SeenIds::default();
    let quiet = args.input.quiet;
    let (states, code) = for_each_document(
        &args.input,
        work,
        args.text.as_deref(),
        &analyzer,
        &by,
        per_document,
        |doc| {
            if !doc.part && ids.repeated(&doc.id) && ids.repeats() <= 5 && !quiet {
                eprintln!("entretien: warning: document id {:?} is used more than once; each document counts", doc.id);
            }
            if format == FormatArg::Json && !doc.bytes.is_empty() {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                first = false;
            }
            out.write_all(&doc.bytes)?;
            for row in doc.rows {
                if !document_table {
                    coverage.add(&row, args.negation);
                }
                if kept.len() < REPORT_UNITS {
                    kept.push(row);
                }
            }
            rows_kept.store(kept.len(), Ordering::Relaxed);
            if let Some(source) = doc.qdpx {
                qdpx.push(source);
            }
            match (&mut tables, doc.out) {
                (Some(t), Some(d)) => t.add(d),
                _ => Ok(()),
            }
        },
    )?;
    if ids.repeats() > 5 && !quiet {
        eprintln!(
            "entretien: warning: {} documents repeat an id seen before",
            ids.repeats()
        );
    }
    // The first worker's part becomes the total, so that its groups are not copied.
    let mut parts = states.into_iter().flatten();
    let mut total = parts.next().unwrap_or_else(new_aggregate);
    for part in parts {
        total.merge(&part)?;
    }
    if document_table {
        coverage = UnitCoverage::of_documents(&total);
    }
    if let (Some(t), Some(dir)) = (tables, &args.out) {
        t.finish(&total, &lexicon, args.terms)?;
        if !args.input.quiet {
            eprintln!("entretien: tables written to {}", dir.display());
        }
    }
    if let Some(mut file) = qdpx_file {
        qdpx.write(file.writer())?;
        file.commit()?;
        if !args.input.quiet {
            eprintln!(
                "entretien: {} sources coded in {}",
                qdpx.len(),
                args.qdpx.as_deref().unwrap_or(Path::new("")).display()
            );
        }
    }
    if let Some(mut file) = aggregate_file {
        writeln!(file.writer(), "{}", total.to_json())?;
        file.commit()?;
    }
    match format {
        FormatArg::Json => out.write_all(if first { b"]\n" } else { b"\n]\n" })?,
        FormatArg::Table => {
            let report = ScoreReport::new(&total, args.unit)
                .lexicon(&lexicon)
                .units(&kept, &coverage)
                .evidence(args.evidence)
                .terms(args.terms);
            out.write_all(report.render((!args.wide).then(terminal_width)).as_bytes())?;
        }
        _ => {}
    }
    out.flush()?;
    // The process ends with this command: freeing the counts of thousands of groups map node by
    // map node only adds time (a tenth of a run of many small groups).
    std::mem::forget(total);
    Ok(code)
}
