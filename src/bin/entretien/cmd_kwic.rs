//! `entretien kwic`: concordances of a word, stem, wildcard, phrase or theme, from the original text.

use crate::common::{for_each_document, InputArgs, LexiconArgs};
use crate::output::json_line;
use entretien::group::GroupBy;
use entretien::kwic::{concordance, sort_lines, KwicLine, KwicQuery, KwicSort, KwicTable};
use entretien::{Analyzer, SpeakerFilter};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

/// The widest context `--width` accepts, in columns.
pub const MAX_WIDTH: u64 = 1_000;

#[derive(clap::Args)]
pub struct Args {
    /// What to look for: `outil` (word and its inflections), `=outils` (exact form), `numéri*`
    /// (prefix), `perte de sens` (phrase), or `theme:ID` (every hit of a lexicon theme).
    #[arg(value_name = "PATTERN")]
    pattern: String,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Words of context on each side.
    #[arg(long, value_name = "N", default_value_t = 8)]
    context: usize,
    /// Order of the lines: document (then position), left or right context.
    #[arg(long, default_value = "document")]
    sort: KwicSort,
    /// Whose turns are searched (respondent, all, interviewer; by default everyone but the interviewer).
    #[arg(long, default_value = "respondent")]
    speakers: SpeakerFilter,
    /// Output: an aligned table, or one JSON object per line.
    #[arg(long, value_enum, default_value_t = KwicFormat::Table)]
    format: KwicFormat,
    /// Columns of context shown on each side in the table (at most 1,000).
    #[arg(long, value_name = "COLUMNS", default_value_t = 40,
          value_parser = clap::value_parser!(u64).range(0..=MAX_WIDTH))]
    width: u64,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum KwicFormat {
    Table,
    Jsonl,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lexicon = args.lexicon.load()?;
    let analyzer = (args.input)
        .windows(Analyzer::builder().speakers(args.speakers.clone()))
        .build(&lexicon)?;
    let query = KwicQuery::new(&args.pattern, &analyzer)?;
    let mut lines: Vec<KwicLine> = Vec::new();
    let (_, code) = for_each_document(
        &args.input,
        None,
        None,
        &analyzer,
        &GroupBy::None,
        |windows, _: &mut (), _| {
            let mut found = Vec::new();
            while let Some(window) = windows.next() {
                found.append(&mut concordance(&window, &query, args.context));
            }
            found
        },
        |mut found| {
            lines.append(&mut found);
            Ok(())
        },
    )?;
    sort_lines(&mut lines, args.sort);
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        KwicFormat::Table => {
            let table = KwicTable::new().context_width(args.width as usize);
            out.write_all(table.render(&lines).as_bytes())?;
        }
        KwicFormat::Jsonl => {
            for line in &lines {
                json_line(&mut out, line)?;
            }
        }
    }
    out.flush()?;
    if !args.input.quiet {
        eprintln!("entretien: {} concordance lines", lines.len());
    }
    Ok(code)
}
