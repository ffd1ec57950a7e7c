//! `entretien lexicon`: check a lexicon, or export one in another format.

use crate::output::write_atomic;
use entretien::lexicon::{
    function_word_variants, Entry, EntryKind, Lexicon, LexiconFormat, LoadOptions, LoadReport,
    PlainWords, Theme,
};
use entretien::text::stem::Stemmer;
use entretien::text::stopwords::Stopwords;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Validate a lexicon: errors with their line, what each entry expands to, and risky entries.
    ///
    /// Exits with status 1 when the lexicon has errors.
    Check {
        /// The lexicon (.toml, .dic, .yml/.yaml); the embedded default when absent.
        file: Option<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
        /// Only print warnings and errors, not the expansion of each entry.
        #[arg(long, short)]
        quiet: bool,
    },
    /// Write a lexicon (the embedded default unless FILE is given) in another format.
    Export {
        /// Output format.
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The lexicon to convert; the embedded default when absent.
        file: Option<PathBuf>,
        /// Write here instead of stdout (never over the input file).
        #[arg(long, short)]
        output: Option<PathBuf>,
        #[command(flatten)]
        input: InputArgs,
    },
}

#[derive(clap::Args)]
pub struct InputArgs {
    /// Input format, when the extension does not tell.
    #[arg(long = "input-format", value_enum)]
    input_format: Option<InputFormat>,
    /// How single plain words of .dic and YAML dictionaries are read.
    #[arg(long, value_enum, default_value = "exact")]
    plain_words: PlainWordsArg,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ExportFormat {
    Toml,
    Dic,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum InputFormat {
    Toml,
    Dic,
    Yaml,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum PlainWordsArg {
    /// Exact forms (LIWC and quanteda semantics).
    Exact,
    /// Stem entries.
    Stem,
}

impl InputArgs {
    fn options(&self) -> LoadOptions {
        LoadOptions {
            format: self.input_format.map(|f| match f {
                InputFormat::Toml => LexiconFormat::Toml,
                InputFormat::Dic => LexiconFormat::Dic,
                InputFormat::Yaml => LexiconFormat::Yaml,
            }),
            plain_words: match self.plain_words {
                PlainWordsArg::Exact => PlainWords::Exact,
                PlainWordsArg::Stem => PlainWords::Stem,
            },
        }
    }
}

pub fn run(c: Command) -> anyhow::Result<ExitCode> {
    match c {
        Command::Check { file, input, quiet } => check(file.as_deref(), &input, quiet),
        Command::Export {
            format,
            file,
            output,
            input,
        } => export(format, file.as_deref(), output.as_deref(), &input),
    }
}

fn load(file: Option<&Path>, input: &InputArgs) -> entretien::Result<LoadReport> {
    match file {
        Some(path) => Lexicon::load_with(path, input.options()),
        None => Lexicon::parse_str(
            entretien::lexicon::default::DEFAULT_FRENCH_TOML,
            LexiconFormat::Toml,
            PlainWords::Exact,
        ),
    }
}

/// Very frequent French words and light verbs (lemmas and common forms): an
/// entry that stems like one of them will match far more than the theme.
const VERY_FREQUENT: &str = "être avoir faire fait aller va dire dit pouvoir peut vouloir veut \
    devoir doit savoir sais voir vois venir mettre met prendre prend donner falloir faut passer \
    trouver croire penser chose truc gens fois jour temps moment an année bien bon tout tous très \
    plus moins peu beaucoup comme alors donc aussi voilà enfin oui non quand là ça cela on y \
    quelque autre même petit grand vrai vraiment niveau part côté façon manière travail \
    travailler monde";

struct Checker {
    stemmer: Stemmer,
    stopwords: Stopwords,
    frequent_stems: Vec<(String, &'static str)>,
}

impl Checker {
    fn new() -> Checker {
        let stemmer = Stemmer::french();
        let frequent_stems = VERY_FREQUENT
            .split_whitespace()
            .map(|w| (stemmer.stem_word(w), w))
            .collect();
        Checker {
            stemmer,
            stopwords: Stopwords::french(),
            frequent_stems,
        }
    }

    fn frequent_with_stem(&self, stem: &str) -> Option<&'static str> {
        self.frequent_stems
            .iter()
            .find(|(s, _)| s == stem)
            .map(|(_, w)| *w)
    }

    /// What the entry expands to, for display.
    fn expansion(&self, e: &Entry) -> String {
        match e.kind {
            EntryKind::Stem => format!("stem {:?}", self.stemmer.stem_word(&e.pattern)),
            EntryKind::Exact => format!("exact form {:?}", e.pattern),
            EntryKind::Prefix => format!("forms starting with {:?}", e.pattern),
            EntryKind::Phrase => {
                let words: Vec<String> = e
                    .words()
                    .into_iter()
                    .map(|w| match function_word_variants(w) {
                        Some(group) => format!("{{{}}}", group.join("|")),
                        None => format!("{w}[{}]", self.stemmer.stem_word(w)),
                    })
                    .collect();
                let mut s = format!("phrase {}", words.join(" "));
                if e.max_gap > 0 {
                    s.push_str(&format!(", gap ≤ {}", e.max_gap));
                }
                s
            }
        }
    }

    /// Risks of one entry, as messages.
    fn risks(&self, e: &Entry, is_exclusion: bool) -> Vec<String> {
        let mut out = Vec::new();
        match e.kind {
            EntryKind::Stem | EntryKind::Exact => {
                if self.stopwords.contains(&e.pattern) {
                    out.push("is a stopword".to_string());
                }
                let stem = self.stemmer.stem_word(&e.pattern);
                if let Some(w) = self.frequent_with_stem(&stem) {
                    if e.kind == EntryKind::Stem || e.pattern == w {
                        out.push(format!("matches the very frequent word {w:?}"));
                    }
                }
                if e.kind == EntryKind::Stem && !is_exclusion && stem.chars().count() <= 3 {
                    out.push(format!(
                        "short stem {stem:?} may over-reach; consider an exact form `={}`",
                        e.pattern
                    ));
                }
            }
            EntryKind::Prefix => {
                if e.pattern.chars().count() < 3 {
                    out.push("prefix shorter than 3 letters".to_string());
                }
                let hits: Vec<&str> = VERY_FREQUENT
                    .split_whitespace()
                    .chain(self.stopwords.iter())
                    .filter(|w| w.starts_with(e.pattern.as_str()))
                    .collect();
                if !hits.is_empty() {
                    out.push(format!(
                        "prefix also matches frequent words: {}",
                        hits.join(", ")
                    ));
                }
            }
            EntryKind::Phrase => {
                let words = e.words();
                if words
                    .iter()
                    .all(|w| self.stopwords.contains(w) || function_word_variants(w).is_some())
                {
                    out.push("phrase made only of stopwords".to_string());
                }
            }
        }
        out
    }

    /// Exclusions that would veto entries of their own theme everywhere.
    fn vetoes(&self, theme: &Theme) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for x in &theme.exclusions {
            for e in &theme.entries {
                let hit = match (x.kind, e.kind) {
                    (EntryKind::Stem, EntryKind::Stem | EntryKind::Exact) => {
                        self.stemmer.stem_word(&x.pattern) == self.stemmer.stem_word(&e.pattern)
                    }
                    (EntryKind::Exact, EntryKind::Exact) => x.pattern == e.pattern,
                    (EntryKind::Prefix, EntryKind::Stem | EntryKind::Exact | EntryKind::Prefix) => {
                        e.pattern.starts_with(&x.pattern)
                    }
                    (EntryKind::Phrase, EntryKind::Phrase) => x.pattern == e.pattern,
                    _ => false,
                };
                if hit {
                    out.push((x.to_source(), e.to_source()));
                }
            }
        }
        out
    }
}

fn check(file: Option<&Path>, input: &InputArgs, quiet: bool) -> anyhow::Result<ExitCode> {
    let name = file
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "(default lexicon)".to_string());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let report = match load(file, input) {
        Ok(r) => r,
        Err(e) => {
            out.flush()?;
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let checker = Checker::new();
    let mut warning_count = report.warnings.len();
    for w in &report.warnings {
        writeln!(out, "warning: {name}: {w}")?;
    }
    for theme in &report.lexicon.themes {
        let phrases = theme
            .entries
            .iter()
            .filter(|e| e.kind == EntryKind::Phrase)
            .count();
        writeln!(
            out,
            "theme {} ({}): {} entries, {} phrases, {} exclusions",
            theme.id,
            if theme.label.is_empty() {
                "no label"
            } else {
                &theme.label
            },
            theme.entries.len(),
            phrases,
            theme.exclusions.len()
        )?;
        if theme.definition.is_empty() && !quiet {
            writeln!(out, "  (no definition)")?;
        }
        for (list, is_exclusion) in [(&theme.entries, false), (&theme.exclusions, true)] {
            for e in list {
                let place = e.line.map(|l| format!("{name}:{l}: ")).unwrap_or_default();
                if !quiet {
                    let mut extra = String::new();
                    if e.weight != 1.0 {
                        extra.push_str(&format!(" (weight {})", e.weight));
                    }
                    writeln!(
                        out,
                        "  {}{:<32} {}{}",
                        if is_exclusion { "not " } else { "" },
                        e.to_source(),
                        checker.expansion(e),
                        extra
                    )?;
                }
                for risk in checker.risks(e, is_exclusion) {
                    writeln!(out, "  warning: {place}{:?}: {risk}", e.to_source())?;
                    warning_count += 1;
                }
            }
        }
        for (x, e) in checker.vetoes(theme) {
            writeln!(
                out,
                "  warning: exclusion {x:?} vetoes entry {e:?} wherever it matches"
            )?;
            warning_count += 1;
        }
    }
    writeln!(
        out,
        "{name}: ok, {} themes, {} entries, {warning_count} warnings",
        report.lexicon.themes.len(),
        report.lexicon.entry_count()
    )?;
    Ok(ExitCode::SUCCESS)
}

fn export(
    format: ExportFormat,
    file: Option<&Path>,
    output: Option<&Path>,
    input: &InputArgs,
) -> anyhow::Result<ExitCode> {
    let report = load(file, input).map_err(anyhow::Error::new)?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    let lexicon = report.lexicon;
    let text = match format {
        ExportFormat::Toml => lexicon.to_toml(),
        ExportFormat::Dic => {
            let lost_exclusions: usize = lexicon.themes.iter().map(|t| t.exclusions.len()).sum();
            let all = || lexicon.themes.iter().flat_map(|t| &t.entries);
            let stems = all().filter(|e| e.kind == EntryKind::Stem).count();
            let weighted = all().filter(|e| e.weight != 1.0 || e.max_gap != 0).count();
            if lost_exclusions + stems + weighted > 0 {
                eprintln!(
                    "note: .dic cannot hold everything: {lost_exclusions} exclusions and the \
                     weights/gaps of {weighted} entries are dropped; {stems} stem entries are \
                     written as plain words (exact forms in LIWC)"
                );
            }
            lexicon.to_dic()
        }
    };
    match output {
        Some(path) => write_atomic(
            path,
            &file.into_iter().map(Path::to_path_buf).collect::<Vec<_>>(),
            text.as_bytes(),
        )?,
        None => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
