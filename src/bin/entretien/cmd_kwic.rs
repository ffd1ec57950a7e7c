//! `entretien kwic`: concordances of a word, stem, wildcard, phrase or theme, from the original text.

use crate::common::{InputArgs, LexiconArgs, SpeakersArg};
use crate::progress::Progress;
use entretien::analyzer::Analyzer;
use entretien::corpus::{self, ordered_parallel_map};
use entretien::kwic::{
    kwic_line, sort_lines, KwicLine, KwicSort, KwicSource, KwicTable, Pattern, PatternMatcher,
};
use entretien::text::stem::StemCache;
use entretien::{Token, Transcript};
use std::io::{BufWriter, Write};
use std::process::ExitCode;

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
    /// Whose turns are searched (by default, like `score`, everyone but the interviewer).
    #[arg(long, value_enum, default_value_t = SpeakersArg::Respondent)]
    speakers: SpeakersArg,
    /// Output: an aligned table, or one JSON object per line.
    #[arg(long, value_enum, default_value_t = KwicFormat::Table)]
    format: KwicFormat,
    /// Columns of context shown on each side in the table.
    #[arg(long, value_name = "COLUMNS", default_value_t = 40)]
    width: usize,
    /// Stop at the first unreadable file instead of reporting it and going on.
    #[arg(long)]
    strict: bool,
    /// No progress line or summary on stderr.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum KwicFormat {
    Table,
    Jsonl,
}

enum Finder {
    Words(PatternMatcher),
    Theme(usize),
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let pattern = Pattern::parse(&args.pattern)?;
    let lexicon = args.lexicon.load()?;
    let analyzer = Analyzer::builder()
        .lexicon(lexicon)
        .speakers(args.speakers.filter())
        .build()?;
    let finder = match &pattern {
        Pattern::Theme(id) => {
            let Some(index) = analyzer.lexicon().themes.iter().position(|t| &t.id == id) else {
                let ids: Vec<&str> = analyzer.lexicon().theme_ids().collect();
                anyhow::bail!(
                    "no theme {id:?} in the lexicon (themes: {})",
                    ids.join(", ")
                );
            };
            Finder::Theme(index)
        }
        p => Finder::Words(PatternMatcher::new(
            p,
            analyzer.normalizer(),
            analyzer.stemmer(),
        )?),
    };
    let reader = args.input.reader()?;
    let (files, items) = args.input.work()?;
    let mut progress = Progress::new(Some(files.len()), args.quiet);
    let mut lines: Vec<KwicLine> = Vec::new();
    let result = ordered_parallel_map(
        items,
        &args.input.parallelism(),
        || {
            (
                analyzer.scratch(),
                StemCache::new(),
                Vec::<Token<'static>>::new(),
            )
        },
        |(scratch, cache, _), item| {
            let (source, bytes, transcripts) = corpus::read_item(&reader, item);
            let found = transcripts.map(|ts| {
                let mut out = Vec::new();
                for t in &ts {
                    match &finder {
                        Finder::Words(m) => {
                            word_lines(&analyzer, m, t, args.context, cache, &mut out)
                        }
                        Finder::Theme(theme) => {
                            theme_lines(&analyzer, *theme, t, args.context, scratch, &mut out)
                        }
                    }
                }
                (ts.len(), out)
            });
            (source, bytes, found)
        },
        |(source, bytes, found)| {
            progress.item(&source, bytes);
            match found {
                Ok((docs, mut found)) => {
                    progress.documents += docs as u64;
                    lines.append(&mut found);
                }
                Err(e) => progress.failure(&source, &e, args.strict)?,
            }
            progress.tick();
            Ok::<(), anyhow::Error>(())
        },
    );
    progress.finish(args.quiet);
    result?;
    sort_lines(&mut lines, args.sort);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    match args.format {
        KwicFormat::Table => {
            out.write_all(
                KwicTable::new()
                    .context_width(args.width)
                    .render(&lines)
                    .as_bytes(),
            )?;
        }
        KwicFormat::Jsonl => {
            for line in &lines {
                serde_json::to_writer(&mut out, line)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    if !args.quiet {
        eprintln!("entretien: {} concordance lines", lines.len());
    }
    Ok(if progress.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// Shifts a line built over one turn's text to offsets in the whole transcript.
fn in_document(mut line: KwicLine, offset: usize) -> KwicLine {
    line.start += offset;
    line.end += offset;
    line
}

fn word_lines(
    analyzer: &Analyzer,
    matcher: &PatternMatcher,
    t: &Transcript,
    context: usize,
    cache: &mut StemCache,
    out: &mut Vec<KwicLine>,
) {
    for (i, turn) in t.turns.iter().enumerate() {
        if !analyzer.config().speakers.accepts(turn) {
            continue;
        }
        let text = t.turn_text(turn);
        let tokens = analyzer.tokenizer().tokenize(text);
        let source = KwicSource {
            doc: &t.id,
            speaker: turn.speaker.as_deref(),
            turn: Some(i),
        };
        for r in matcher.find_in_tokens(&tokens, analyzer.normalizer(), analyzer.stemmer(), cache) {
            if let Some(line) = kwic_line(text, &tokens, r, context, &source) {
                out.push(in_document(line, turn.span.start));
            }
        }
    }
}

fn theme_lines(
    analyzer: &Analyzer,
    theme: usize,
    t: &Transcript,
    context: usize,
    scratch: &mut entretien::analyzer::Scratch,
    out: &mut Vec<KwicLine>,
) {
    let analysis = analyzer.analyze(t, scratch);
    let mut current: Option<(usize, Vec<Token<'_>>)> = None;
    for hit in analysis
        .hits
        .iter()
        .filter(|h| h.theme == theme && !h.negated)
    {
        let turn = &t.turns[hit.turn];
        if !analysis.turns[hit.turn].scored {
            continue;
        }
        if current.as_ref().map(|c| c.0) != Some(hit.turn) {
            current = Some((hit.turn, analyzer.tokenizer().tokenize(t.turn_text(turn))));
        }
        let Some((_, tokens)) = &current else {
            continue;
        };
        let (start, end) = (
            hit.span.start - turn.span.start,
            hit.span.end - turn.span.start,
        );
        let first = tokens.partition_point(|tok| tok.span.end <= start);
        let last = tokens.partition_point(|tok| tok.span.start < end);
        let source = KwicSource {
            doc: &t.id,
            speaker: turn.speaker.as_deref(),
            turn: Some(hit.turn),
        };
        if let Some(line) = kwic_line(t.turn_text(turn), tokens, first..last, context, &source) {
            out.push(in_document(line, turn.span.start));
        }
    }
}
