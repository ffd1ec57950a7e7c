//! Flags shared by the subcommands that read corpora: inputs, reader options, lexicon, speakers, threads.

use entretien::analyzer::SpeakerFilter;
use entretien::corpus::{self, Parallelism, WorkItem};
use entretien::text::stopwords::Stopwords;
use entretien::transcript::{Format, ReadOptions, Reader, RoleRules};
use entretien::Lexicon;
use std::path::PathBuf;

/// Where documents come from and how they are read.
#[derive(clap::Args, Debug, Clone)]
pub struct InputArgs {
    /// Transcript files, folders (searched recursively) or glob patterns; `-` reads JSON Lines
    /// documents from standard input (or one document in the `--format` given).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Read every input in this format instead of detecting it (plain, iramuteq, vtt, srt, trs,
    /// textgrid, jsonl).
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
    /// Worker threads (default: all cores). Output is the same for any number.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub threads: usize,
}

impl InputArgs {
    pub fn reader(&self) -> anyhow::Result<Reader> {
        let mut roles = RoleRules::default();
        for l in &self.interviewer {
            roles = roles.with_interviewer(l.clone());
        }
        for l in &self.respondent {
            roles = roles.with_respondent(l.clone());
        }
        Ok(Reader::new(ReadOptions {
            format: self.input_format,
            lossy: self.lossy,
            roles,
        })?)
    }

    pub fn parallelism(&self) -> Parallelism {
        Parallelism::new(self.threads, 64)
    }

    /// The files named or found (for progress and for refusing to write over them) and the stream of
    /// work items, files first in the order given, standard input where `-` stands.
    pub fn work(&self) -> anyhow::Result<(Vec<PathBuf>, Box<dyn Iterator<Item = WorkItem>>)> {
        if self.paths.is_empty() {
            anyhow::bail!("no input: give transcript files or folders, or - for standard input");
        }
        let mut files = Vec::new();
        let mut parts: Vec<Box<dyn Iterator<Item = WorkItem>>> = Vec::new();
        let mut discovery = corpus::Discovery::new();
        for p in &self.paths {
            if p.as_os_str() == "-" {
                parts.push(self.stdin_items()?);
            } else {
                let found = discovery.add(p)?;
                files.extend(found.iter().cloned());
                parts.push(Box::new(corpus::work_items(found)));
            }
        }
        Ok((files, Box::new(parts.into_iter().flatten())))
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
        match &self.lexicon {
            None => Ok(Lexicon::default_french()),
            Some(path) => {
                let report = Lexicon::load(path)?;
                for w in &report.warnings {
                    eprintln!("entretien: {}: warning: {}", path.display(), w);
                }
                Ok(report.lexicon)
            }
        }
    }
}

/// The stop list that marks function words in vocabularies and keeps them out of group specificities.
#[derive(clap::Args, Debug, Clone)]
pub struct StopwordsArgs {
    /// Stop list file replacing the built-in French list (Snowball's): words separated by white
    /// space, `|` starting a comment.
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// More stopwords, separated by commas: `--add-stopwords "ça,bon,voilà"`.
    #[arg(long, value_name = "WORDS")]
    pub add_stopwords: Option<String>,
}

impl StopwordsArgs {
    pub fn load(&self) -> anyhow::Result<Stopwords> {
        let list = self.load_list()?;
        Ok(match &self.add_stopwords {
            Some(words) => list.with(words.split(',').map(str::trim).filter(|w| !w.is_empty())),
            None => list,
        })
    }

    fn load_list(&self) -> anyhow::Result<Stopwords> {
        match &self.stopwords {
            None => Ok(Stopwords::french()),
            Some(path) => {
                let bytes = std::fs::read(path).map_err(|e| {
                    anyhow::anyhow!("{}: cannot read the stop list: {e}", path.display())
                })?;
                let text = std::str::from_utf8(&bytes).map_err(|e| {
                    anyhow::anyhow!(
                        "{}: the stop list is not UTF-8 (invalid byte at offset {})",
                        path.display(),
                        e.valid_up_to()
                    )
                })?;
                let list = Stopwords::parse_list(text);
                if list.is_empty() {
                    anyhow::bail!("{}: the stop list has no words", path.display());
                }
                Ok(list)
            }
        }
    }
}

/// Which terms group specificities are computed on.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, clap::ValueEnum)]
pub enum TermsArg {
    /// Snowball stems (`isolé`, `isolée`, `isolement` together).
    #[default]
    Stems,
    /// Normalised word forms.
    Forms,
}

impl TermsArg {
    pub fn level(self) -> entretien::aggregate::TermLevel {
        match self {
            TermsArg::Stems => entretien::aggregate::TermLevel::Stem,
            TermsArg::Forms => entretien::aggregate::TermLevel::Form,
        }
    }
}

/// Whose turns count.
#[derive(Clone, Copy, PartialEq, Eq, Debug, clap::ValueEnum)]
pub enum SpeakersArg {
    /// Respondents and speakers of unknown role; the interviewer's turns are set apart.
    Respondent,
    /// Every turn.
    All,
    /// Only the interviewer's turns.
    Interviewer,
}

impl SpeakersArg {
    pub fn filter(self) -> SpeakerFilter {
        match self {
            SpeakersArg::Respondent => SpeakerFilter::Respondents,
            SpeakersArg::All => SpeakerFilter::All,
            SpeakersArg::Interviewer => SpeakerFilter::Interviewer,
        }
    }
}
