//! `entretien score`: theme scores per unit, over files, folders, globs, standard input or `--text`.
//!
//! Documents are read, analysed and dropped in parallel (`--threads`), and rows come out in input order
//! whatever the number of threads. Corpus-level counts go to an aggregate that `--aggregate-out` saves and
//! `entretien merge` combines; `--out DIR` writes CSV tables for R or pandas.

use crate::common::{InputArgs, LexiconArgs, SpeakersArg, StopwordsArgs, TermsArg};
use crate::output::{csv_field, write_atomic, AtomicFile};
use crate::progress::Progress;
use crate::report;
use entretien::aggregate::{Aggregate, GroupBy};
use entretien::analyzer::{Analyzer, DocumentAnalysis};
use entretien::corpus;
use entretien::negation::NegationMode;
use entretien::score::{DocumentScore, Evidence, Unit, UnitScore};
use entretien::vocab::{VocabCounter, VocabScratch, Vocabulary};
use entretien::{Role, Transcript};
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Unit to score.
    #[arg(long, value_enum, default_value_t = UnitArg::Document)]
    unit: UnitArg,
    /// Whose turns are scored; the others are reported apart.
    #[arg(long, value_enum, default_value_t = SpeakersArg::Respondent)]
    speakers: SpeakersArg,
    /// What negated hits do to the score.
    #[arg(long, value_enum, default_value_t = NegationArg::Exclude)]
    negation: NegationArg,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Include each hit with its span, speaker and a snippet of text.
    #[arg(long)]
    evidence: bool,
    /// Score this text (one speaker of unknown role) instead of files.
    #[arg(long, value_name = "TEXT", conflicts_with = "paths")]
    text: Option<String>,
    /// Compare groups by a metadata key (e.g. `role`, `collectivite`), or by `speaker_role`.
    #[arg(long, value_name = "KEY")]
    by: Option<String>,
    /// With `--by`, compute each group's specific terms on stems or on word forms.
    #[arg(long, value_enum, default_value_t = TermsArg::Stems)]
    terms: TermsArg,
    /// With `--by`, the stopwords kept out of each group's specific terms.
    #[command(flatten)]
    stopwords: StopwordsArgs,
    /// Save the corpus-level counts as JSON, for `entretien merge`.
    #[arg(long, value_name = "FILE")]
    aggregate_out: Option<PathBuf>,
    /// Write documents.csv, groups.csv, themes.csv, keyness.csv, cooccurrence.csv and evidence.jsonl here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Stop at the first unreadable or malformed file instead of reporting it and going on.
    #[arg(long)]
    strict: bool,
    /// No progress line or summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum UnitArg {
    Document,
    Speaker,
    Turn,
    Sentence,
    Segment,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum NegationArg {
    Exclude,
    Count,
    Subtract,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Jsonl,
    Json,
    Csv,
    Table,
}

/// What a worker keeps from one document to the next: its share of the corpus counts.
#[derive(Default)]
struct WorkerState {
    aggregate: Option<Aggregate>,
    vocab: VocabScratch,
}

/// What a worker hands back for one document.
struct DocumentResult {
    rows: Vec<UnitScore>,
    /// The rows already written as JSON Lines (for `--format jsonl`, serialised on the worker).
    jsonl: Option<Vec<u8>>,
    /// Only computed when `--out` writes the per-document table.
    score: Option<DocumentScore>,
    source: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let unit = match args.unit {
        UnitArg::Document => Unit::Document,
        UnitArg::Speaker => Unit::Speaker,
        UnitArg::Turn => Unit::Turn,
        UnitArg::Sentence => Unit::Sentence,
        UnitArg::Segment => Unit::Segment,
    };
    let negation = match args.negation {
        NegationArg::Exclude => NegationMode::Exclude,
        NegationArg::Count => NegationMode::Count,
        NegationArg::Subtract => NegationMode::Subtract,
    };
    let analyzer = Analyzer::builder()
        .lexicon(args.lexicon.load()?)
        .speakers(args.speakers.filter())
        .negation(negation)
        .build()?;
    let by = args.by.as_deref().map_or(GroupBy::None, GroupBy::parse);
    let theme_ids: Vec<String> = analyzer.lexicon().theme_ids().map(str::to_string).collect();
    let vocab = match by.is_none() {
        true => None,
        false => Some(VocabCounter::new().stopwords(args.stopwords.load()?)),
    };
    let evidence_wanted = args.evidence || args.out.is_some();

    let per_document = |analysis: &DocumentAnalysis<'_>, state: &mut WorkerState| {
        // Counts are integer sums: each worker adds its documents to its own aggregate, merged at the end.
        let aggregate = state
            .aggregate
            .get_or_insert_with(|| Aggregate::new(&analyzer, by.clone()));
        aggregate.add(analysis);
        if let Some(counter) = &vocab {
            let v = aggregate.vocabulary.get_or_insert_with(Vocabulary::new);
            count_vocabulary(counter, &mut state.vocab, analysis, &by, v);
        }
        let mut rows = analysis.rows(unit, args.evidence);
        // JSON Lines rows are serialised here, on the worker, so that the ordered writer only copies bytes.
        let jsonl = (args.format == FormatArg::Jsonl).then(|| {
            let mut bytes = Vec::new();
            for row in rows.drain(..) {
                // Serialising owned, well-formed values into memory cannot fail.
                let _ = serde_json::to_writer(&mut bytes, &row);
                bytes.push(b'\n');
            }
            bytes
        });
        DocumentResult {
            rows,
            jsonl,
            score: args.out.is_some().then(|| analysis.score(evidence_wanted)),
            source: analysis
                .transcript
                .source
                .as_ref()
                .map(|p| p.display().to_string()),
        }
    };

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut sink = Sink::new(args.format, unit, &theme_ids, args.evidence);
    let mut total = Aggregate::new(&analyzer, by.clone());
    let mut documents: Vec<(Option<String>, DocumentScore)> = Vec::new();
    let mut failed = 0u64;

    if let Some(text) = &args.text {
        let t = Transcript::from_text("text", text.as_str());
        let mut state = WorkerState::default();
        let r = per_document(&analyzer.analyze(&t, &mut analyzer.scratch()), &mut state);
        if let Some(bytes) = &r.jsonl {
            out.write_all(bytes)?;
        }
        for row in r.rows {
            sink.row(row, &mut out)?;
        }
        if let Some(part) = &state.aggregate {
            total.merge(part)?;
        }
        if let Some(score) = r.score {
            documents.push((r.source, score));
        }
    } else {
        let reader = args.input.reader()?;
        let (files, items) = args.input.work()?;
        let mut evidence_file = match &args.out {
            Some(dir) => {
                check_out_dir(dir, &files)?;
                Some(AtomicFile::create(&dir.join("evidence.jsonl"), &files)?)
            }
            None => None,
        };
        let mut progress = Progress::new(Some(files.len()), args.quiet);
        let mut write_error: Option<anyhow::Error> = None;
        let result = corpus::run(
            &analyzer,
            &reader,
            items,
            &args.input.parallelism(),
            per_document,
            |outcome| {
                progress.item(&outcome.source, outcome.bytes);
                match outcome.result {
                    Ok(results) => {
                        for r in results {
                            progress.documents += 1;
                            if let Some(bytes) = &r.jsonl {
                                if let Err(e) = out.write_all(bytes) {
                                    write_error = Some(e.into());
                                    return Err(());
                                }
                            }
                            for row in r.rows {
                                if let Err(e) = sink.row(row, &mut out) {
                                    write_error = Some(e);
                                    return Err(());
                                }
                            }
                            if let (Some(file), Some(mut score)) = (evidence_file.as_mut(), r.score)
                            {
                                if let Err(e) = report::write_evidence(
                                    file.writer(),
                                    r.source.as_deref(),
                                    &score,
                                ) {
                                    write_error = Some(e);
                                    return Err(());
                                }
                                // The document's row stays for documents.csv; its evidence is on disk.
                                score.evidence = Vec::new();
                                documents.push((r.source, score));
                            }
                        }
                    }
                    Err(e) => {
                        if let Err(stop) = progress.failure(&outcome.source, &e, args.strict) {
                            write_error = Some(stop);
                            return Err(());
                        }
                    }
                }
                progress.tick();
                Ok(())
            },
        );
        progress.finish(args.quiet);
        failed = progress.failed;
        let Ok(states) = result else {
            return Err(write_error.unwrap_or_else(|| anyhow::anyhow!("the run stopped")));
        };
        for part in states.iter().filter_map(|s| s.aggregate.as_ref()) {
            total.merge(part)?;
        }
        if let (Some(dir), Some(file)) = (&args.out, evidence_file) {
            file.commit()?;
            report::write_tables(
                dir,
                &files,
                &analyzer,
                &total,
                &documents,
                args.terms.level(),
            )?;
            if !args.quiet {
                eprintln!("entretien: tables written to {}", dir.display());
            }
        }
        if let Some(path) = &args.aggregate_out {
            write_atomic(path, &files, |w| {
                w.write_all(total.to_json().as_bytes())?;
                w.write_all(b"\n")?;
                Ok(())
            })?;
        }
    }
    sink.finish(&mut out)?;
    if args.format == FormatArg::Table && !by.is_none() {
        report::write_group_table(&mut out, &total, args.terms.level())?;
    }
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn check_out_dir(dir: &std::path::Path, inputs: &[PathBuf]) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", dir.display()))?;
    for name in report::TABLE_FILES {
        crate::output::refuse_inputs(&dir.join(name), inputs)?;
    }
    Ok(())
}

/// Counts the words of the scored turns into the vocabulary, in the group of the document (or of each
/// turn's role).
fn count_vocabulary(
    counter: &VocabCounter,
    scratch: &mut VocabScratch,
    analysis: &DocumentAnalysis<'_>,
    by: &GroupBy,
    into: &mut Vocabulary,
) {
    let t = analysis.transcript;
    let scored = |i: usize| analysis.turns.get(i).is_some_and(|a| a.scored);
    match by {
        GroupBy::SpeakerRole => {
            for role in [
                Role::Interviewer,
                Role::Respondent,
                Role::Other,
                Role::Unknown,
            ] {
                if t.turns
                    .iter()
                    .enumerate()
                    .any(|(i, turn)| scored(i) && turn.role == role)
                {
                    counter.count_turns(
                        scratch,
                        t,
                        |i, turn| scored(i) && turn.role == role,
                        Some(role.as_str()),
                        into,
                    );
                }
            }
        }
        GroupBy::Metadata(key) => {
            let group = t
                .metadata
                .get(key)
                .map_or(entretien::aggregate::MISSING_GROUP, String::as_str);
            counter.count_turns(scratch, t, |i, _| scored(i), Some(group), into);
        }
        GroupBy::None => counter.count_turns(scratch, t, |i, _| scored(i), None, into),
    }
}

/// Where rows go, by format. The table format gathers everything and prints at the end.
struct Sink<'t> {
    format: FormatArg,
    unit: Unit,
    themes: &'t [String],
    evidence: bool,
    rows: Vec<UnitScore>,
    first: bool,
}

impl<'t> Sink<'t> {
    fn new(format: FormatArg, unit: Unit, themes: &'t [String], evidence: bool) -> Self {
        Sink {
            format,
            unit,
            themes,
            evidence,
            rows: Vec::new(),
            first: true,
        }
    }

    fn row(&mut self, row: UnitScore, out: &mut dyn Write) -> anyhow::Result<()> {
        match self.format {
            FormatArg::Jsonl => {
                serde_json::to_writer(&mut *out, &row)?;
                out.write_all(b"\n")?;
            }
            FormatArg::Json => {
                out.write_all(if self.first { b"[\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *out, &row)?;
            }
            FormatArg::Csv => {
                if self.first {
                    self.csv_header(out)?;
                }
                self.csv_row(&row, out)?;
            }
            FormatArg::Table => self.rows.push(row),
        }
        self.first = false;
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write) -> anyhow::Result<()> {
        match self.format {
            FormatArg::Json => {
                out.write_all(if self.first { b"[]\n" } else { b"\n]\n" })?;
            }
            FormatArg::Csv if self.first => self.csv_header(out)?,
            FormatArg::Table => self.table(out)?,
            _ => {}
        }
        Ok(())
    }

    fn csv_header(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let mut cols: Vec<String> = [
            "id", "unit", "speaker", "role", "turn", "index", "start", "end", "words",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in self.themes {
            for f in ["hits", "negated", "weighted", "per_1000", "segments_coded"] {
                cols.push(format!("{t}.{f}"));
            }
        }
        let line: Vec<String> = cols.iter().map(|c| csv_field(c).into_owned()).collect();
        writeln!(out, "{}", line.join(","))
    }

    fn csv_row(&self, row: &UnitScore, out: &mut dyn Write) -> std::io::Result<()> {
        let opt = |v: Option<usize>| v.map(|v| v.to_string()).unwrap_or_default();
        let mut fields = vec![
            csv_field(&row.id).into_owned(),
            row.unit.to_string(),
            csv_field(row.speaker.as_deref().unwrap_or("")).into_owned(),
            row.role.map(|r| r.as_str().to_string()).unwrap_or_default(),
            opt(row.turn),
            opt(row.index),
            opt(row.span.map(|s| s.start)),
            opt(row.span.map(|s| s.end)),
            row.words.to_string(),
        ];
        for t in self.themes {
            let c = row.themes.get(t).cloned().unwrap_or_default();
            fields.push(c.hits.to_string());
            fields.push(c.negated.to_string());
            fields.push(format_number(c.weighted));
            fields.push(format!("{:.3}", c.per_1000));
            fields.push(c.segments_coded.to_string());
        }
        writeln!(out, "{}", fields.join(","))
    }

    /// A report for a terminal: themes as rows over all units, then units × themes, then evidence.
    fn table(&self, out: &mut dyn Write) -> std::io::Result<()> {
        let documents: std::collections::BTreeSet<&str> =
            self.rows.iter().map(|r| r.id.as_str()).collect();
        let words: u64 = self.rows.iter().map(|r| r.words as u64).sum();
        write!(
            out,
            "{} document{}",
            documents.len(),
            plural(documents.len())
        )?;
        if self.unit != Unit::Document {
            write!(
                out,
                ", {} {}{}",
                self.rows.len(),
                self.unit,
                plural(self.rows.len())
            )?;
        }
        writeln!(out, ", {} words scored", group_digits(words))?;
        writeln!(out)?;
        let name_width = self
            .themes
            .iter()
            .map(|t| t.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        writeln!(
            out,
            "{:<name_width$}  {:>9}  {:>6}  {:>7}  {:>8}  top terms",
            "theme",
            format!("{}s", self.unit),
            "hits",
            "negated",
            "per 1000"
        )?;
        for t in self.themes {
            let (mut hits, mut negated, mut coded) = (0u64, 0u64, 0usize);
            let mut terms: BTreeMap<&str, u64> = BTreeMap::new();
            for r in &self.rows {
                if let Some(c) = r.themes.get(t) {
                    hits += c.hits as u64;
                    negated += c.negated as u64;
                    coded += (c.hits > 0) as usize;
                    for (term, n) in &c.terms {
                        *terms.entry(term).or_default() += *n as u64;
                    }
                }
            }
            let mut top: Vec<(&str, u64)> = terms.into_iter().collect();
            top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            let top: Vec<String> = top
                .iter()
                .take(5)
                .map(|(term, n)| format!("{term} ({n})"))
                .collect();
            let per_1000 = if words == 0 {
                0.0
            } else {
                hits as f64 * 1000.0 / words as f64
            };
            writeln!(
                out,
                "{:<name_width$}  {:>9}  {:>6}  {:>7}  {:>8.2}  {}",
                t,
                format!("{}/{}", coded, self.rows.len()),
                hits,
                negated,
                per_1000,
                top.join(", ")
            )?;
        }
        if self.rows.len() > 1 && !self.themes.is_empty() {
            writeln!(out)?;
            writeln!(out, "hits per 1,000 words ({} × theme)", self.unit)?;
            let col = |t: &str| t.chars().count().clamp(6, 14);
            let labels: Vec<String> = self.rows.iter().map(unit_label).collect();
            let label_width = labels
                .iter()
                .map(|l| l.chars().count())
                .max()
                .unwrap_or(0)
                .clamp(8, 40);
            write!(out, "{:<label_width$}  {:>7}", self.unit.as_str(), "words")?;
            for t in self.themes {
                let w = col(t);
                write!(out, "  {:>w$}", truncate(t, w))?;
            }
            writeln!(out)?;
            for (r, label) in self.rows.iter().zip(&labels) {
                write!(
                    out,
                    "{:<label_width$}  {:>7}",
                    truncate(label, label_width),
                    r.words
                )?;
                for t in self.themes {
                    let w = col(t);
                    let v = r.themes.get(t).map_or(0.0, |c| c.per_1000);
                    if v == 0.0 {
                        write!(out, "  {:>w$}", "·")?;
                    } else {
                        write!(out, "  {:>w$.2}", v)?;
                    }
                }
                writeln!(out)?;
            }
        }
        if self.evidence {
            writeln!(out)?;
            writeln!(out, "evidence")?;
            for r in &self.rows {
                for e in &r.evidence {
                    write_evidence(out, &r.id, e)?;
                }
            }
        }
        Ok(())
    }
}

fn write_evidence(out: &mut dyn Write, id: &str, e: &Evidence) -> std::io::Result<()> {
    let who = match (&e.speaker, e.role) {
        (Some(s), _) => s.clone(),
        (None, Role::Unknown) => String::from("?"),
        (None, role) => role.as_str().to_string(),
    };
    let snippet: String = e
        .snippet
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    writeln!(
        out,
        "  [{}] {} turn {} ({}) {}{}: «{}»",
        e.theme,
        id,
        e.turn,
        who,
        e.indicator,
        if e.negated { ", negated" } else { "" },
        snippet
    )
}

fn unit_label(r: &UnitScore) -> String {
    match r.unit {
        Unit::Document => r.id.clone(),
        Unit::Speaker => format!(
            "{} {}",
            r.id,
            r.speaker
                .clone()
                .unwrap_or_else(|| r.role.map_or("?", |x| x.as_str()).to_string())
        ),
        Unit::Turn => format!("{} t{}", r.id, r.turn.unwrap_or(0)),
        Unit::Sentence | Unit::Segment => format!(
            "{} t{} #{}",
            r.id,
            r.turn.unwrap_or(0),
            r.index.unwrap_or(0)
        ),
    }
}

fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn group_digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn format_number(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}
