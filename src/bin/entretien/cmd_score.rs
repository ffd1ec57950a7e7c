//! `entretien score`: theme scores per unit, from files, folders or `--text`.

use anyhow::Context;
use entretien::analyzer::{Analyzer, SpeakerFilter};
use entretien::negation::NegationMode;
use entretien::score::{Evidence, Unit, UnitScore};
use entretien::transcript::{read_path, ReadOptions};
use entretien::{Entry, Lexicon, Role, Theme, Transcript};
use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    /// Lexicon file (default: the embedded French lexicon).
    #[arg(long, value_name = "FILE")]
    lexicon: Option<PathBuf>,
    /// Unit to score.
    #[arg(long, value_enum, default_value_t = UnitArg::Document)]
    unit: UnitArg,
    /// Whose turns are scored; the others are reported apart.
    #[arg(long, value_enum, default_value_t = SpeakersArg::Respondent)]
    speakers: SpeakersArg,
    /// What negated hits do to the score.
    #[arg(long, value_enum, default_value_t = NegationArg::Exclude)]
    negation: NegationArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Include each hit with its span, speaker and a snippet of text.
    #[arg(long)]
    evidence: bool,
    /// Score this text (one speaker of unknown role) instead of files.
    #[arg(long, value_name = "TEXT", conflicts_with = "paths")]
    text: Option<String>,
    /// Transcript files or folders (searched recursively).
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
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
enum SpeakersArg {
    Respondent,
    All,
    Interviewer,
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

/// Extensions read when walking folders (files named on the command line are always read).
const TRANSCRIPT_EXTENSIONS: &[&str] = &["txt", "trs", "vtt", "srt", "textgrid", "jsonl"];

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lexicon = match &args.lexicon {
        Some(path) => interim_read_lexicon(path)?,
        None => interim_default_lexicon(),
    };
    let unit = match args.unit {
        UnitArg::Document => Unit::Document,
        UnitArg::Speaker => Unit::Speaker,
        UnitArg::Turn => Unit::Turn,
        UnitArg::Sentence => Unit::Sentence,
        UnitArg::Segment => Unit::Segment,
    };
    let speakers = match args.speakers {
        SpeakersArg::Respondent => SpeakerFilter::Respondents,
        SpeakersArg::All => SpeakerFilter::All,
        SpeakersArg::Interviewer => SpeakerFilter::Interviewer,
    };
    let negation = match args.negation {
        NegationArg::Exclude => NegationMode::Exclude,
        NegationArg::Count => NegationMode::Count,
        NegationArg::Subtract => NegationMode::Subtract,
    };
    let analyzer = Analyzer::builder()
        .lexicon(lexicon)
        .speakers(speakers)
        .negation(negation)
        .build()
        .context("building the analyzer")?;
    let theme_ids: Vec<String> = analyzer
        .matcher()
        .themes()
        .iter()
        .map(|t| t.id.clone())
        .collect();

    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut sink = Sink::new(args.format, unit, &theme_ids, args.evidence);
    let mut scratch = analyzer.scratch();
    let mut failed = false;

    let mut score = |t: &Transcript, sink: &mut Sink, out: &mut dyn Write| -> anyhow::Result<()> {
        let analysis = analyzer.analyze(t, &mut scratch);
        for row in analysis.rows(unit, args.evidence) {
            sink.row(row, out)?;
        }
        Ok(())
    };

    if let Some(text) = &args.text {
        let t = Transcript::from_text("text", text.as_str());
        score(&t, &mut sink, &mut out)?;
    } else {
        if args.paths.is_empty() {
            anyhow::bail!("give transcript files or folders, or --text \"…\"");
        }
        let mut files = Vec::new();
        for p in &args.paths {
            if let Err(e) = collect_files(p, true, &mut files) {
                eprintln!("entretien: {}: {}", p.display(), e);
                failed = true;
            }
        }
        for file in &files {
            match read_path(file, &ReadOptions::default()) {
                Ok(transcripts) => {
                    for t in &transcripts {
                        score(t, &mut sink, &mut out)?;
                    }
                }
                Err(e) => {
                    eprintln!("entretien: {}", with_file(&e, file));
                    failed = true;
                }
            }
        }
    }
    sink.finish(&mut out)?;
    out.flush()?;
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn with_file(e: &entretien::Error, file: &Path) -> String {
    if e.path().is_some() {
        e.to_string()
    } else {
        format!("{}: {}", file.display(), e)
    }
}

/// Files under `path` in a stable order: folders recursively (known extensions only), files as given.
fn collect_files(path: &Path, named: bool, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<std::io::Result<_>>()?;
        entries.sort();
        for entry in entries {
            let hidden = entry
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'));
            if !hidden {
                collect_files(&entry, false, out)?;
            }
        }
    } else if named
        || path.extension().is_some_and(|ext| {
            let ext = ext.to_string_lossy().to_lowercase();
            TRANSCRIPT_EXTENSIONS.contains(&ext.as_str())
        })
    {
        out.push(path.to_path_buf());
    }
    Ok(())
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
        let line: Vec<String> = cols.iter().map(|c| csv_field(c)).collect();
        writeln!(out, "{}", line.join(","))
    }

    fn csv_row(&self, row: &UnitScore, out: &mut dyn Write) -> std::io::Result<()> {
        let opt = |v: Option<usize>| v.map(|v| v.to_string()).unwrap_or_default();
        let mut fields = vec![
            csv_field(&row.id),
            row.unit.to_string(),
            csv_field(row.speaker.as_deref().unwrap_or("")),
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

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// INTERIM until `Lexicon::default_french()` lands (another helper writes it): a small inline lexicon
/// so that `entretien score` runs without `--lexicon`.
fn interim_default_lexicon() -> Lexicon {
    let theme = |id: &str, label: &str, entries: &[&str], exclusions: &[&str]| Theme {
        id: id.to_string(),
        label: label.to_string(),
        definition: String::new(),
        entries: entries.iter().map(|e| Entry::parse(e)).collect(),
        exclusions: exclusions.iter().map(|e| Entry::parse(e)).collect(),
    };
    Lexicon {
        name: Some("interim test lexicon".to_string()),
        themes: vec![
            theme(
                "isolement",
                "Isolement",
                &["isolement", "seul", "solitude", "éloign*", "coupé du monde"],
                &["seulement", "seul le chef"],
            ),
            theme(
                "perte_de_sens",
                "Perte de sens",
                &["perte de sens", "absurde", "inutile", "n'a plus de sens"],
                &[],
            ),
            theme(
                "surcharge",
                "Surcharge",
                &["débordé", "urgence", "surcharge", "pression", "stress*"],
                &[],
            ),
            theme(
                "numerique",
                "Outils numériques",
                &[
                    "logiciel",
                    "numérique",
                    "dématérialis*",
                    "écran",
                    "mail",
                    "saisie",
                    "saisir",
                ],
                &[],
            ),
        ],
    }
}

/// INTERIM until `Lexicon::from_path` lands: reads a LIWC-style `.dic` (`%` header of `number name`,
/// `%`, then `entry<TAB>numbers…`; a `*` ends a prefix, a space makes a phrase).
fn interim_read_lexicon(path: &Path) -> anyhow::Result<Lexicon> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading lexicon {}", path.display()))?;
    let mut lines = text.lines().enumerate();
    let mut themes: Vec<Theme> = Vec::new();
    let mut by_number: BTreeMap<String, usize> = BTreeMap::new();
    let mut in_header = false;
    for (_, line) in lines.by_ref() {
        let line = line.trim();
        if line == "%" {
            if in_header {
                break;
            }
            in_header = true;
            continue;
        }
        if in_header && !line.is_empty() {
            let mut parts = line.split_whitespace();
            let (Some(num), Some(name)) = (parts.next(), parts.next()) else {
                continue;
            };
            by_number.insert(num.to_string(), themes.len());
            themes.push(Theme {
                id: name.to_string(),
                label: name.to_string(),
                definition: String::new(),
                entries: Vec::new(),
                exclusions: Vec::new(),
            });
        }
    }
    for (i, line) in lines {
        let mut parts = line.split('\t');
        let pattern = parts.next().unwrap_or("").trim();
        if pattern.is_empty() {
            continue;
        }
        for num in parts.flat_map(str::split_whitespace) {
            let theme = by_number
                .get(num)
                .with_context(|| format!("{}:{}: unknown category {num}", path.display(), i + 1))?;
            let mut entry = Entry::parse(pattern);
            entry.line = Some(i + 1);
            themes[*theme].entries.push(entry);
        }
    }
    Ok(Lexicon {
        name: path.file_stem().map(|s| s.to_string_lossy().into_owned()),
        themes,
    })
}
