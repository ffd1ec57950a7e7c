//! `entretien vocab`: frequencies of forms and stems, with document frequency and stopwords marked.

use crate::common::{InputArgs, SpeakersArg, StopwordsArgs};
use crate::output::csv_row;
use crate::progress::Progress;
use entretien::corpus::{self, ordered_parallel_map};
use entretien::vocab::{VocabCounter, VocabScratch, VocabTable, Vocabulary};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Count per group of this metadata key as well.
    #[arg(long, value_name = "KEY")]
    by: Option<String>,
    /// List stems instead of forms.
    #[arg(long)]
    stems: bool,
    /// Leave stopwords out of the list.
    #[arg(long)]
    no_stopwords: bool,
    #[command(flatten)]
    stopwords: StopwordsArgs,
    /// How many entries to list per table (0: all).
    #[arg(long, value_name = "N", default_value_t = 50)]
    top: usize,
    /// Whose turns are counted.
    #[arg(long, value_enum, default_value_t = SpeakersArg::Respondent)]
    speakers: SpeakersArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = VocabFormat::Table)]
    format: VocabFormat,
    /// Stop at the first unreadable file.
    #[arg(long)]
    strict: bool,
    /// No progress line or summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum VocabFormat {
    Table,
    Csv,
    Jsonl,
}

/// One listed entry: group, text, stem (forms only), stopword, frequency, document frequency.
struct Line {
    group: String,
    text: String,
    stem: String,
    stopword: bool,
    freq: u64,
    doc_freq: u64,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let counter = VocabCounter::new().stopwords(args.stopwords.load()?);
    let filter = args.speakers.filter();
    let reader = args.input.reader()?;
    let (files, items) = args.input.work()?;
    let mut progress = Progress::new(Some(files.len()), args.quiet);
    let mut vocab = Vocabulary::new();
    let by = args.by.clone();
    let result = ordered_parallel_map(
        items,
        &args.input.parallelism(),
        VocabScratch::new,
        |scratch, item| {
            let (source, bytes, transcripts) = corpus::read_item(&reader, item);
            let counted = transcripts.map(|ts| {
                let mut v = Vocabulary::new();
                for t in &ts {
                    let group = by.as_ref().map(|k| {
                        t.metadata
                            .get(k)
                            .map_or(entretien::aggregate::MISSING_GROUP, String::as_str)
                    });
                    counter.count_turns(scratch, t, |_, turn| filter.accepts(turn), group, &mut v);
                }
                (ts.len(), v)
            });
            (source, bytes, counted)
        },
        |(source, bytes, counted)| {
            progress.item(&source, bytes);
            match counted {
                Ok((docs, v)) => {
                    progress.documents += docs as u64;
                    vocab.merge(&v);
                }
                Err(e) => progress.failure(&source, &e, args.strict)?,
            }
            progress.tick();
            Ok::<(), anyhow::Error>(())
        },
    );
    progress.finish(args.quiet);
    result?;

    let mut tables: Vec<(String, &VocabTable)> = vec![("all".to_string(), vocab.total())];
    tables.extend(vocab.groups().map(|(g, t)| (g.to_string(), t)));
    let mut lines = Vec::new();
    for (group, table) in &tables {
        let mut listed: Vec<Line> = if args.stems {
            table
                .stems()
                .into_iter()
                .map(|s| Line {
                    group: group.clone(),
                    text: s.stem,
                    stem: String::new(),
                    stopword: s.stopword,
                    freq: s.freq,
                    doc_freq: s.doc_freq,
                })
                .collect()
        } else {
            table
                .forms()
                .into_iter()
                .map(|f| Line {
                    group: group.clone(),
                    text: f.form,
                    stem: f.stem,
                    stopword: f.stopword,
                    freq: f.freq,
                    doc_freq: f.doc_freq,
                })
                .collect()
        };
        if args.no_stopwords {
            listed.retain(|l| !l.stopword);
        }
        if args.top > 0 {
            listed.truncate(args.top);
        }
        lines.push((group.clone(), table.documents(), table.tokens(), listed));
    }

    let mut out = BufWriter::new(std::io::stdout().lock());
    let what = if args.stems { "stem" } else { "form" };
    match args.format {
        VocabFormat::Table => {
            for (group, docs, tokens, listed) in &lines {
                writeln!(out, "{group}: {docs} documents, {tokens} words")?;
                writeln!(out, "  {:<24} {:>9} {:>9}  ", what, "freq", "docs")?;
                for l in listed {
                    let mark = if l.stopword { "  (stopword)" } else { "" };
                    let stem = if l.stem.is_empty() || l.stem == l.text {
                        String::new()
                    } else {
                        format!("  [{}]", l.stem)
                    };
                    writeln!(
                        out,
                        "  {:<24} {:>9} {:>9}{stem}{mark}",
                        l.text, l.freq, l.doc_freq
                    )?;
                }
                writeln!(out)?;
            }
        }
        VocabFormat::Csv => {
            csv_row(
                &mut out,
                &["group", what, "stem", "stopword", "freq", "doc_freq"],
            )?;
            for (_, _, _, listed) in &lines {
                for l in listed {
                    csv_row(
                        &mut out,
                        &[
                            l.group.clone(),
                            l.text.clone(),
                            l.stem.clone(),
                            l.stopword.to_string(),
                            l.freq.to_string(),
                            l.doc_freq.to_string(),
                        ],
                    )?;
                }
            }
        }
        VocabFormat::Jsonl => {
            for (_, _, _, listed) in &lines {
                for l in listed {
                    let v = serde_json::json!({
                        "group": l.group, what: l.text, "stem": l.stem,
                        "stopword": l.stopword, "freq": l.freq, "doc_freq": l.doc_freq,
                    });
                    serde_json::to_writer(&mut out, &v)?;
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(if progress.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
