//! `entretien vocab`: frequencies of forms and stems, with document frequency and stopwords marked.

use crate::common::{for_each_document, InputArgs, StopwordsArgs};
use crate::output::{csv_header, csv_rows, json_line};
use entretien::aggregate::TermLevel;
use entretien::group::GroupBy;
use entretien::tables::vocab::{header, listings};
use entretien::vocab::{VocabCounter, Vocabulary};
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

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let counter = VocabCounter::with(args.speakers.clone(), args.stopwords.load()?);
    let by = args.by.as_deref().map_or(GroupBy::None, GroupBy::parse);
    let (parts, code) = for_each_document(
        &args.input,
        None,
        None,
        counter.analyzer(),
        &by,
        |windows, v: &mut Vocabulary, _| {
            while let Some(window) = windows.next() {
                v.add(&window, &by);
            }
        },
        |()| Ok(()),
    )?;
    let mut vocab = Vocabulary::new();
    for part in &parts {
        vocab.merge(part);
    }
    let level = if args.stems {
        TermLevel::Stem
    } else {
        TermLevel::Form
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.format == VocabFormat::Csv {
        csv_header(&mut out, header(level))?;
    }
    for listing in listings(&vocab, level, !args.no_stopwords, args.top) {
        match args.format {
            VocabFormat::Table => out.write_all(listing.render().as_bytes())?,
            VocabFormat::Csv => {
                let mut csv = csv_rows(&mut out);
                for row in &listing.rows {
                    csv.write_record(row.record())?;
                }
                csv.flush()?;
            }
            VocabFormat::Jsonl => {
                for row in &listing.rows {
                    json_line(&mut out, row)?;
                }
            }
        }
    }
    out.flush()?;
    Ok(code)
}
