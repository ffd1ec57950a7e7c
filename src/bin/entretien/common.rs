//! What the subcommands that read corpora share: inputs, lexicon, stop list, speakers, and the one
//! read → analyse → progress → failure loop.

use crate::progress::Progress;
use entretien::agreement::{self, CodedSet};
use entretien::analyzer::{AnalyzerBuilder, Windows};
use entretien::coded::read_coded_path;
use entretien::corpus::{self, Parallelism, Piece, Skipped, WorkItem};
use entretien::group::{GroupBy, KeyCoverage};
use entretien::metadata::MetadataTable;
use entretien::transcript::{
    Format, ReadOptions, Reader, RoleRules, RolesFile, TextEncoding, TierChoice,
};
use entretien::Unit;
use entretien::{Analyzer, Lexicon, Stopwords, Transcript};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

/// Where documents come from and how they are read.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct InputArgs {
    /// Transcript files, folders (searched recursively) or glob patterns; `-` reads JSON Lines
    /// documents from standard input (or one document in the `--input-format` given).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read every input in this format instead of detecting it (plain, iramuteq, vtt, srt, trs,
    /// textgrid, jsonl, docx, odt, tei, eaf, chat, asr-json).
    #[arg(long = "input-format", value_name = "FORMAT")]
    pub input_format: Option<Format>,
    /// Replace invalid UTF-8 instead of failing.
    #[arg(long)]
    pub lossy: bool,
    /// A speaker label to treat as the interviewer's (repeatable), besides the French defaults.
    #[arg(long = "interviewer", value_name = "LABEL")]
    pub interviewer: Vec<String>,
    /// A speaker label to treat as a respondent's (repeatable).
    #[arg(long = "respondent", value_name = "LABEL")]
    pub respondent: Vec<String>,
    /// A regular expression over folded labels (lowercase, no accents) marking interviewers.
    #[arg(long, value_name = "REGEX")]
    pub interviewer_pattern: Option<String>,
    /// A CSV table of document variables joined to the documents: its first column names the
    /// document (id, file stem or file name), the others are variables, usable with --by.
    #[arg(long, value_name = "FILE.csv")]
    pub metadata: Option<PathBuf>,
    /// A CSV file of speakers' roles (`speaker,role` and an optional `file` column) that overrides
    /// every label rule; rows that never matched a speaker are reported at the end.
    #[arg(long = "roles", value_name = "FILE")]
    pub roles: Option<PathBuf>,
    /// Read text files in this encoding instead of UTF-8 (utf8, latin1, latin9, cp1252).
    #[arg(long, value_name = "ENCODING")]
    pub encoding: Option<TextEncoding>,
    /// TextGrid tiers that hold speech, separated by commas (the others are left out).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub speech_tiers: Vec<String>,
    /// TextGrid tiers to leave out besides those that hold no speech, separated by commas.
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    pub skip_tiers: Vec<String>,
    /// Worker threads (default: all cores). Output is the same for any number.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
    /// Turns per analysis window at most (tests: results do not depend on it).
    #[arg(long, value_name = "N", hide = true)]
    pub window_turns: Option<usize>,
    /// Stop at the first unreadable or malformed input instead of reporting it and going on.
    #[arg(long)]
    pub strict: bool,
    /// No progress line, summary or reader warnings on stderr.
    #[arg(long, short)]
    pub quiet: bool,
    /// List every file a folder walk skipped, not only how many.
    #[arg(long)]
    pub verbose: bool,
    /// No progress line or summary (reader warnings are still shown).
    #[arg(skip)]
    pub no_progress: bool,
}

/// The work of a run: the files named or found (never written over), the paths skipped on the way,
/// and the stream of items.
pub struct Work {
    pub files: Vec<PathBuf>,
    pub stdin: bool,
    skipped: Vec<Skipped>,
    items: Box<dyn Iterator<Item = WorkItem>>,
}

impl InputArgs {
    fn reader(&self) -> anyhow::Result<Reader> {
        let mut roles = RoleRules::default();
        roles.interviewer.extend(self.interviewer.iter().cloned());
        roles.respondent.extend(self.respondent.iter().cloned());
        roles.interviewer_pattern = self.interviewer_pattern.clone();
        if let Some(path) = &self.roles {
            roles.roles_file = Some(RolesFile::read(path)?);
        }
        let reader = Reader::new(ReadOptions {
            format: self.input_format,
            lossy: self.lossy,
            roles,
            encoding: self.encoding,
            tiers: TierChoice {
                speech: self.speech_tiers.clone(),
                skip: self.skip_tiers.clone(),
            },
        })?;
        Ok(match &self.metadata {
            Some(path) => reader.with_metadata(Arc::new(MetadataTable::from_path(path)?)),
            None => reader,
        })
    }

    /// Finds the inputs (files first in the order given, standard input where `-` stands), leaving
    /// out what lies under `outputs` (an output folder inside the corpus); says what was skipped.
    pub fn work(&self, outputs: &[&Path]) -> anyhow::Result<Work> {
        if self.paths.is_empty() {
            anyhow::bail!("no input: give transcript files or folders, or - for standard input");
        }
        let (mut files, mut stdin) = (Vec::new(), false);
        let mut parts: Vec<Box<dyn Iterator<Item = WorkItem>>> = Vec::new();
        let mut discovery = outputs
            .iter()
            .fold(corpus::Discovery::new(), |d, p| d.exclude(p));
        for p in &self.paths {
            if p.as_os_str() == "-" {
                stdin = true;
                parts.push(self.stdin_items()?);
            } else {
                let found = discovery.add(p)?;
                files.extend(found.iter().cloned());
                parts.push(Box::new(corpus::work_items(found)));
            }
        }
        let work = Work {
            files,
            stdin,
            skipped: discovery.into_skipped(),
            items: Box::new(parts.into_iter().flatten()),
        };
        // A run that finds nothing says what it skipped in its error.
        let found = !work.files.is_empty() || work.stdin;
        if found && !self.quiet {
            let mut lines = corpus::skip_summary(&work.skipped, self.verbose);
            // The files of unknown extensions are said last, listed with --verbose.
            let unknown = |s: &Skipped| s.reason == corpus::SkipReason::UnknownExtension;
            if let Some(last) = lines.last_mut().filter(|_| !self.verbose) {
                if work.skipped.iter().any(unknown) {
                    last.push_str(" (--verbose lists them)");
                }
            }
            for line in lines {
                eprintln!("entretien: {line}");
            }
        }
        Ok(work)
    }

    fn stdin_items(&self) -> anyhow::Result<Box<dyn Iterator<Item = WorkItem>>> {
        let stream = corpus::StreamReader::new().lossy(self.lossy);
        match self.input_format {
            None | Some(Format::Jsonl) => Ok(Box::new(stream.json_lines(
                std::io::BufReader::new(std::io::stdin()),
                corpus::STDIN.into(),
            ))),
            Some(_) => Ok(Box::new(std::iter::once(
                stream.document(std::io::stdin().lock(), corpus::STDIN),
            ))),
        }
    }
}

impl InputArgs {
    /// The analyzer builder with the window size asked for (`--window-turns`, hidden: for tests).
    pub fn windows(&self, builder: AnalyzerBuilder) -> AnalyzerBuilder {
        match self.window_turns {
            Some(turns) => builder.window(usize::MAX, turns),
            None => builder,
        }
    }
}

/// The analyzer of the commands that score (`score`, `report`): whose turns, what negation does,
/// the stop list, and the input's window.
pub fn scoring_analyzer(
    input: &InputArgs,
    lexicon: &Lexicon,
    speakers: &entretien::SpeakerFilter,
    negation: entretien::NegationMode,
    stopwords: &StopwordsArgs,
) -> anyhow::Result<Analyzer> {
    let builder = Analyzer::builder()
        .speakers(speakers.clone())
        .negation(negation)
        .stopwords(stopwords.load()?);
    Ok(input.windows(builder).build(lexicon)?)
}

/// Reads `work` (or analyses `text` alone), calls `per_document` on the windows of each document
/// ([`Windows`]) on the workers, and `each` on what it gives on this thread, in input order: the
/// results it hands to `emit` as it goes through a long document, then the one it returns. Reports
/// progress and failures.
/// Returns each worker's state `X`, and the exit code: 1 when an input failed (the others were
/// processed), else 0.
pub fn for_each_document<X, R>(
    input: &InputArgs,
    work: Option<Work>,
    text: Option<&str>,
    analyzer: &Analyzer,
    by: &GroupBy,
    per_document: impl Fn(&mut Windows<'_>, &mut X, &mut dyn FnMut(R)) -> R + Sync,
    each: impl FnMut(R) -> anyhow::Result<()>,
) -> anyhow::Result<(Vec<X>, ExitCode)>
where
    X: Default + Send,
    R: Send,
{
    let run = run_documents(input, work, text, analyzer, by, per_document, each)?;
    Ok((run.states, run.code))
}

/// What a run over the inputs gives: each worker's state, the exit code, and the inputs that
/// failed (the first [`FAILED_KEPT`] of them, and how many).
pub struct Run<X> {
    pub states: Vec<X>,
    pub code: ExitCode,
    pub failed: Vec<String>,
    pub failed_count: u64,
}

/// Failed inputs named in a [`Run`], at most.
pub const FAILED_KEPT: usize = 100;

/// [`for_each_document`], also naming the inputs that failed.
pub fn run_documents<X, R>(
    input: &InputArgs,
    work: Option<Work>,
    text: Option<&str>,
    analyzer: &Analyzer,
    by: &GroupBy,
    per_document: impl Fn(&mut Windows<'_>, &mut X, &mut dyn FnMut(R)) -> R + Sync,
    mut each: impl FnMut(R) -> anyhow::Result<()>,
) -> anyhow::Result<Run<X>>
where
    X: Default + Send,
    R: Send,
{
    let mut failed: Vec<String> = Vec::new();
    if let Some(text) = text {
        let t = Transcript::from_text("text", text);
        let (mut x, mut scratch) = (X::default(), analyzer.scratch());
        let mut parts = Vec::new();
        let last = per_document(&mut analyzer.windows(&t, &mut scratch), &mut x, &mut |r| {
            parts.push(r)
        });
        parts.into_iter().try_for_each(&mut each)?;
        each(last)?;
        return Ok(Run {
            states: vec![x],
            code: ExitCode::SUCCESS,
            failed,
            failed_count: 0,
        });
    }
    let work = match work {
        Some(w) => w,
        None => input.work(&[])?,
    };
    let reader = input.reader()?;
    let parallelism = Parallelism::new(input.threads, 64);
    if let Some(asked) = parallelism.capped_from() {
        eprintln!(
            "entretien: warning: --threads {asked} capped at {}",
            parallelism.threads()
        );
    }
    let total = work.files.len() + usize::from(work.stdin);
    let quiet_progress = input.quiet || input.no_progress;
    let mut progress = Progress::new(total, quiet_progress);
    let mut stop: Option<anyhow::Error> = None;
    let mut coverage = KeyCoverage::default();
    // Sources read without error that held no document (an empty file, a BOM alone).
    let mut empty: Vec<String> = Vec::new();
    let mut used_rows: BTreeSet<usize> = BTreeSet::new();
    let result = corpus::run(
        analyzer,
        &reader,
        work.items,
        &parallelism,
        |windows, x: &mut X, emit| {
            let transcript = windows.transcript();
            let warnings = transcript.warnings.clone();
            let mut keys = KeyCoverage::default();
            keys.add(by, transcript);
            let used: Vec<usize> = (transcript.speaker_roles.iter())
                .filter_map(|r| r.roles_file_line)
                .collect();
            let r = per_document(windows, x, &mut |r| emit((None, r)));
            (Some((warnings, keys, used)), r)
        },
        |piece| {
            let outcome = match piece {
                Piece::Part((_, r)) => return each(r).map_err(|e| stop = Some(e)),
                Piece::Document((info, r)) => {
                    progress.tally.documents += 1;
                    if let Some((warnings, keys, used)) = info {
                        coverage.merge(keys);
                        used_rows.extend(used);
                        if !input.quiet {
                            progress.warnings(&warnings);
                        }
                    }
                    return each(r).map_err(|e| stop = Some(e));
                }
                Piece::Item(outcome) => outcome,
            };
            progress.tally.item(&outcome.source, outcome.bytes);
            let step = match outcome.result {
                Ok(0) => {
                    if !input.quiet && empty.len() < 100 {
                        progress.note(&format!(
                            "warning: {}: no text in it, no document",
                            outcome.source
                        ));
                    }
                    empty.push(outcome.source.to_string());
                    Ok(())
                }
                Ok(_) => Ok(()),
                Err(e) => {
                    if failed.len() < FAILED_KEPT {
                        failed.push(outcome.source.to_string());
                    }
                    progress.failure(&outcome.source, &e, input.strict)
                }
            };
            progress.tick();
            step.map_err(|e| stop = Some(e))
        },
    );
    progress.finish(quiet_progress);
    if let Some(file) = reader.options().roles.roles_file.as_ref() {
        if !input.quiet && result.is_ok() {
            for w in file.unused(&used_rows) {
                eprintln!("entretien: warning: {w}");
            }
        }
    }
    if result.is_ok() && progress.tally.documents == 0 && progress.tally.failed > 0 {
        // Each failure was said above; a table of zeros would hide that nothing was scored.
        let n = progress.tally.failed;
        return Err(NothingRead(format!(
            "no document was read: {n} input{} failed (see above)",
            if n == 1 { "" } else { "s" }
        ))
        .into());
    }
    if result.is_ok() && progress.tally.documents == 0 && progress.tally.failed == 0 {
        let mut message = String::from("no document was read");
        if !empty.is_empty() {
            // Each was said above, unless -q.
            let n = empty.len();
            message.push_str(&format!(
                ": {n} input{} with no text in {}",
                if n == 1 { "" } else { "s" },
                if n == 1 { "it" } else { "them" }
            ));
            for source in empty.iter().take(20) {
                message.push_str("\n  ");
                message.push_str(source);
            }
        } else if work.skipped.is_empty() {
            // Nothing found and nothing skipped: folders with no files in them, or empty stdin.
            let given: Vec<String> = input
                .paths
                .iter()
                .map(|p| match p.as_os_str() == "-" {
                    true => "standard input is empty".to_string(),
                    false => format!("no file in {}", p.display()),
                })
                .collect();
            message.push_str(": ");
            message.push_str(&given.join(", "));
        }
        for line in corpus::skip_summary(&work.skipped, true) {
            message.push_str("\n  ");
            message.push_str(&line.replace('\n', "\n  "));
        }
        anyhow::bail!(message);
    }
    if let (Some(table), false) = (reader.metadata(), input.quiet) {
        let unused = table.unused();
        if !unused.is_empty() {
            let shown: Vec<&str> = unused.iter().take(10).copied().collect();
            eprintln!(
                "entretien: warning: {}: {} of {} rows match no document: {}{}",
                table
                    .path()
                    .map_or_else(String::new, |p| p.display().to_string()),
                unused.len(),
                table.len(),
                shown.join(", "),
                if unused.len() > shown.len() {
                    ", …"
                } else {
                    ""
                }
            );
        }
    }
    if result.is_ok() {
        if let Some(warning) = coverage.check(by)? {
            if !input.quiet {
                eprintln!("entretien: warning: {warning}");
            }
        }
    }
    match result {
        Ok(states) => Ok(Run {
            states,
            code: ExitCode::from(u8::from(progress.tally.failed > 0)),
            failed,
            failed_count: progress.tally.failed,
        }),
        Err(()) => Err(stop.unwrap_or_else(|| anyhow::anyhow!("the run stopped"))),
    }
}

/// A run whose every input failed: an error that exits with 1 (inputs failed), not 2 (the command
/// could not run).
#[derive(Debug)]
pub struct NothingRead(String);

impl std::fmt::Display for NothingRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NothingRead {}

/// The lexicon: a file, or the embedded default.
#[derive(clap::Args, Debug, Clone)]
pub struct LexiconArgs {
    /// Lexicon file: native .toml, LIWC .dic or quanteda .yml (default: the embedded French lexicon).
    #[arg(long, value_name = "FILE")]
    pub lexicon: Option<PathBuf>,
}

impl LexiconArgs {
    /// Loads the lexicon, printing its warnings on stderr.
    pub fn load(&self) -> anyhow::Result<Lexicon> {
        let Some(path) = &self.lexicon else {
            return Ok(Lexicon::default_french());
        };
        let report = Lexicon::load(path)?;
        for w in &report.warnings {
            eprintln!("entretien: {}: warning: {w}", path.display());
        }
        Ok(report.lexicon)
    }
}

/// The stop list that marks function words in vocabularies and keeps them out of specificities.
#[derive(clap::Args, Debug, Clone)]
pub struct StopwordsArgs {
    /// Stop list file replacing the built-in French list (Snowball's and spoken French): words
    /// separated by white space, `|` starting a comment.
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// More stopwords, separated by commas: `--add-stopwords "ça,bon,voilà"`.
    #[arg(long, value_name = "WORDS")]
    pub add_stopwords: Option<String>,
}

impl StopwordsArgs {
    /// The list, read and checked whenever a file is given.
    pub fn load(&self) -> anyhow::Result<Stopwords> {
        let list = match &self.stopwords {
            None => Stopwords::french(),
            Some(path) => Stopwords::from_path(path)?,
        };
        Ok(match &self.add_stopwords {
            Some(words) => list.with(words.split(',').map(str::trim).filter(|w| !w.is_empty())),
            None => list,
        })
    }
}

/// Reads every file of coded passages, printing their warnings. A REFI-QDA project (`.qdpx`) gives
/// whole transcripts with coded selections: each is cut into `unit`s, and a unit takes the themes
/// of the selections it overlaps.
pub fn read_coded(files: &[PathBuf], unit: Unit, analyzer: &Analyzer) -> anyhow::Result<CodedSet> {
    let mut passages = Vec::new();
    for file in files {
        let qdpx = file
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("qdpx"));
        if qdpx {
            let project = entretien::refi_qda::read_qdpx(file)?;
            for w in &project.warnings {
                eprintln!("entretien: warning: {}: {w}", file.display());
            }
            passages.extend(agreement::passages_from_sources(
                &project.sources,
                unit,
                analyzer,
            )?);
            continue;
        }
        let read = read_coded_path(file)?;
        for w in &read.warnings {
            eprintln!("entretien: warning: {w}");
        }
        passages.extend(read.passages);
    }
    let set = CodedSet::new(passages);
    if set.items.is_empty() {
        anyhow::bail!("no coded passage read");
    }
    Ok(set)
}
