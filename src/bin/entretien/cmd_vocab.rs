//! `entretien vocab`: frequencies of forms and stems, with document frequency and stopwords marked.

use crate::common::{for_each_document, InputArgs, StopwordsArgs};
use crate::output::{csv_header, csv_rows};
use entretien::group::GroupBy;
use entretien::vocab::{VocabCounter, VocabTable, Vocabulary};
use entretien::SpeakerFilter;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Count per group of this metadata key (or `speaker_role`) as well.
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
    /// Whose turns are counted (respondent, all, interviewer), as in `score`.
    #[arg(long, default_value = "respondent")]
    speakers: SpeakerFilter,
    /// Output format.
    #[arg(long, value_enum, default_value_t = VocabFormat::Table)]
    format: VocabFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum VocabFormat {
    Table,
    Csv,
    Jsonl,
}

/// One listed entry.
#[derive(serde::Serialize)]
struct Line {
    group: String,
    #[serde(rename = "term")]
    text: String,
    stem: String,
    stopword: bool,
    freq: u64,
    doc_freq: u64,
}

fn lines(group: &str, table: &VocabTable, stems: bool) -> Vec<Line> {
    let line = |text, stem, stopword, freq, doc_freq| Line {
        group: group.into(),
        text,
        stem,
        stopword,
        freq,
        doc_freq,
    };
    match stems {
        true => table
            .stems()
            .into_iter()
            .map(|s| line(s.stem, String::new(), s.stopword, s.freq, s.doc_freq))
            .collect(),
        false => table
            .forms()
            .into_iter()
            .map(|f| line(f.form, f.stem, f.stopword, f.freq, f.doc_freq))
            .collect(),
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let counter = VocabCounter::with(args.speakers.clone(), args.stopwords.load()?);
    let by = args.by.as_deref().map_or(GroupBy::None, GroupBy::parse);
    let (parts, summary) = for_each_document(
        &args.input,
        None,
        None,
        counter.analyzer(),
        |analysis, v: &mut Vocabulary| v.add(analysis, &by),
        |()| Ok(()),
    )?;
    let mut vocab = Vocabulary::new();
    for part in &parts {
        vocab.merge(part);
    }
    let mut tables: Vec<(&str, &VocabTable)> = vec![("all", vocab.total())];
    tables.extend(vocab.groups());
    let what = if args.stems { "stem" } else { "form" };
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.format == VocabFormat::Csv {
        csv_header(
            &mut out,
            &["group", what, "stem", "stopword", "freq", "doc_freq"],
        )?;
    }
    for (group, table) in tables {
        let mut listed = lines(group, table, args.stems);
        if args.no_stopwords {
            listed.retain(|l| !l.stopword);
        }
        if args.top > 0 {
            listed.truncate(args.top);
        }
        match args.format {
            VocabFormat::Table => {
                writeln!(
                    out,
                    "{group}: {} documents, {} words",
                    table.documents(),
                    table.tokens()
                )?;
                writeln!(out, "  {what:<24} {:>9} {:>9}", "freq", "docs")?;
                for l in &listed {
                    let stem = match l.stem.is_empty() || l.stem == l.text {
                        true => String::new(),
                        false => format!("  [{}]", l.stem),
                    };
                    let mark = if l.stopword { "  (stopword)" } else { "" };
                    writeln!(
                        out,
                        "  {:<24} {:>9} {:>9}{stem}{mark}",
                        l.text, l.freq, l.doc_freq
                    )?;
                }
                writeln!(out)?;
            }
            VocabFormat::Csv => {
                let mut csv = csv_rows(&mut out);
                for l in &listed {
                    let (freq, docs) = (l.freq.to_string(), l.doc_freq.to_string());
                    let stopword = l.stopword.to_string();
                    csv.write_record([&l.group, &l.text, &l.stem, &stopword, &freq, &docs])?;
                }
                csv.flush()?;
            }
            VocabFormat::Jsonl => {
                for l in &listed {
                    let mut v = serde_json::to_value(l)?;
                    if let Some(o) = v.as_object_mut() {
                        let term = o.remove("term").unwrap_or_default();
                        o.insert(what.into(), term);
                    }
                    serde_json::to_writer(&mut out, &v)?;
                    out.write_all(b"\n")?;
                }
            }
        }
    }
    out.flush()?;
    Ok(summary.exit_code())
}
