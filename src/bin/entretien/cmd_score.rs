//! `entretien score`: theme scores per unit, over files, folders, globs, standard input or `--text`.
//!
//! Rows are made and serialised on the workers and written in input order; corpus counts go to an
//! aggregate (`--aggregate-out`, for `entretien merge`) and `--out DIR` writes CSV tables for R or pandas.

use crate::common::{
    for_each_document, parse_speakers, parse_terms, InputArgs, LexiconArgs, StopwordsArgs,
};
use crate::output::{csv_header, csv_rows, num, terminal_width, AtomicFile, RATE_DECIMALS};
use crate::progress::plural;
use crate::report::{OutDocument, OutTables, THEME_FIELDS};
use crate::terminal::{group_digits, Matrix};
use entretien::aggregate::TermLevel;
use entretien::group::GroupBy;
use entretien::kwic::display_width;
use entretien::score::{EvidenceMode, RowOptions, Unit, UnitScore};
use entretien::tables::{self, UnitCoverage, MIN_TERM_FREQ, NOTABLE_SPECIFICITY};
use entretien::{Aggregate, Analyzer, NegationMode, SpeakerFilter};
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// The terminal table shows at most this many units (all of them are counted in its summary).
const TABLE_UNITS: usize = 500;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Unit to score: document, speaker, turn, sentence or segment.
    #[arg(long, default_value = "document")]
    unit: Unit,
    /// Whose turns are scored (respondent, all, interviewer); the others are reported apart.
    #[arg(long, default_value = "respondent", value_parser = parse_speakers)]
    speakers: SpeakerFilter,
    /// What negated hits do to the score: exclude, count or subtract.
    #[arg(long, default_value = "exclude")]
    negation: NegationMode,
    /// Output format on stdout.
    #[arg(long, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Include each hit with its span, speaker and a snippet of text.
    #[arg(long)]
    evidence: bool,
    /// List every theme in JSON rows, not only those with hits.
    #[arg(long)]
    all_themes: bool,
    /// Print the terminal table at full width instead of fitting it to `COLUMNS`.
    #[arg(long)]
    wide: bool,
    /// Score this text (one speaker of unknown role) instead of files.
    #[arg(long, value_name = "TEXT", conflicts_with = "paths")]
    text: Option<String>,
    /// Compare groups by a metadata key (e.g. `role`, `collectivite`), or by `speaker_role`.
    #[arg(long, value_name = "KEY")]
    by: Option<String>,
    /// With `--by`, compute each group's specific terms on stems or on word forms.
    #[arg(long, default_value = "stems", value_parser = parse_terms)]
    terms: TermLevel,
    #[command(flatten)]
    stopwords: StopwordsArgs,
    /// Save the corpus-level counts as JSON, for `entretien merge`.
    #[arg(long, value_name = "FILE")]
    aggregate_out: Option<PathBuf>,
    /// Write documents.csv, groups.csv, themes.csv, keyness.csv, cooccurrence.csv and evidence.jsonl here.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FormatArg {
    Jsonl,
    Json,
    Csv,
    Table,
}

/// What a worker hands back for one document.
struct Doc {
    id: String,
    /// Rows already serialised (JSON Lines, JSON records or CSV records).
    bytes: Vec<u8>,
    /// Rows for the terminal table.
    rows: Vec<UnitScore>,
    out: Option<OutDocument>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lexicon = args.lexicon.load()?;
    let analyzer = Analyzer::builder()
        .speakers(args.speakers.clone())
        .negation(args.negation)
        .stopwords(args.stopwords.load()?)
        .build(&lexicon)?;
    let by = args.by.as_deref().map_or(GroupBy::None, GroupBy::parse);
    let new_aggregate = || match by.is_none() {
        true => Aggregate::new(&analyzer, by.clone()),
        false => Aggregate::new(&analyzer, by.clone()).with_vocabulary(),
    };
    let themes: Vec<String> = lexicon.themes.iter().map(|t| t.id.clone()).collect();
    // Inputs are found and output places checked before any work.
    let work = match args.text {
        Some(_) => None,
        None => Some(args.input.work()?),
    };
    let inputs = work.as_ref().map(|w| w.files.clone()).unwrap_or_default();
    let mut tables = args
        .out
        .as_ref()
        .map(|dir| OutTables::create(dir, &inputs))
        .transpose()?;
    let aggregate_file = args
        .aggregate_out
        .as_ref()
        .map(|p| AtomicFile::create(p, &inputs))
        .transpose()?;

    let mut options = RowOptions::new();
    if args.evidence {
        options = options.evidence(EvidenceMode::Include);
    }
    if args.all_themes {
        options = options.all_themes();
    }
    let (format, out_tables) = (args.format, tables.is_some());
    let per_document = |analysis: &entretien::analysis::DocumentAnalysis<'_>,
                        agg: &mut Option<Aggregate>| {
        agg.get_or_insert_with(new_aggregate).add(analysis);
        let mut doc = Doc {
            id: analysis.transcript.id.clone(),
            bytes: Vec::new(),
            rows: Vec::new(),
            out: out_tables.then(|| OutDocument::of(analysis)),
        };
        let mut csv = (format == FormatArg::Csv).then(|| csv_rows(Vec::new()));
        analysis.for_each_row(args.unit, options, |row| match format {
            FormatArg::Table => doc.rows.push(row),
            FormatArg::Csv => {
                if let Some(w) = csv.as_mut() {
                    let _ = w.write_record(csv_record(&row, &themes));
                }
            }
            // Serialising owned, well-formed values into memory cannot fail.
            FormatArg::Jsonl => {
                let _ = serde_json::to_writer(&mut doc.bytes, &row);
                doc.bytes.push(b'\n');
            }
            FormatArg::Json => {
                if !doc.bytes.is_empty() {
                    doc.bytes.extend_from_slice(b",\n");
                }
                let _ = serde_json::to_writer(&mut doc.bytes, &row);
            }
        });
        if let Some(w) = csv {
            doc.bytes = w.into_inner().unwrap_or_default();
        }
        doc
    };

    let mut out = BufWriter::new(std::io::stdout().lock());
    match format {
        FormatArg::Csv => {
            let mut header: Vec<String> = [
                "id", "unit", "speaker", "role", "turn", "index", "start", "end", "words",
            ]
            .map(String::from)
            .into();
            for t in &themes {
                header.extend(THEME_FIELDS.iter().map(|f| format!("{t}.{f}")));
            }
            csv_header(&mut out, &header)?;
        }
        FormatArg::Json => out.write_all(b"[")?,
        _ => {}
    }
    let (mut first, mut kept, mut coverage) = (true, Vec::new(), UnitCoverage::default());
    let (mut seen, mut duplicates) = (HashSet::new(), 0u64);
    let (states, summary) = for_each_document(
        &args.input,
        work,
        args.text.as_deref(),
        &analyzer,
        per_document,
        |doc| {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            doc.id.hash(&mut h);
            if !seen.insert(h.finish()) {
                duplicates += 1;
                if duplicates <= 5 {
                    eprintln!("entretien: warning: document id {:?} is used more than once; each document counts", doc.id);
                }
            }
            if format == FormatArg::Json && !doc.bytes.is_empty() {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                first = false;
            }
            out.write_all(&doc.bytes)?;
            for row in doc.rows {
                coverage.add(&row, args.negation);
                if kept.len() < TABLE_UNITS {
                    kept.push(row);
                }
            }
            match (&mut tables, doc.out) {
                (Some(t), Some(d)) => t.add(d),
                _ => Ok(()),
            }
        },
    )?;
    if duplicates > 5 {
        eprintln!("entretien: warning: {duplicates} documents repeat an id seen before");
    }
    let mut total = new_aggregate();
    for part in states.iter().flatten() {
        total.merge(part)?;
    }
    if let (Some(t), Some(dir)) = (tables, &args.out) {
        t.finish(&total, &lexicon, args.terms)?;
        if !args.input.quiet {
            eprintln!("entretien: tables written to {}", dir.display());
        }
    }
    if let Some(mut file) = aggregate_file {
        file.writer().write_all(total.to_json().as_bytes())?;
        file.writer().write_all(b"\n")?;
        file.commit()?;
    }
    match format {
        FormatArg::Json => out.write_all(if first { b"]\n" } else { b"\n]\n" })?,
        FormatArg::Table => {
            let width = (!args.wide).then(terminal_width);
            table(
                &mut out,
                &total,
                &lexicon,
                args.unit,
                &coverage,
                &kept,
                args.evidence,
                width,
            )?;
            groups(&mut out, &total, args.terms, width)?;
        }
        _ => {}
    }
    out.flush()?;
    Ok(summary.exit_code())
}

/// A unit row's CSV record: the columns of the header, every theme (zeros where the row has none).
fn csv_record(row: &UnitScore, themes: &[String]) -> Vec<String> {
    let opt = |v: Option<usize>| v.map(|v| v.to_string()).unwrap_or_default();
    let mut rec = vec![
        row.id.clone(),
        row.unit.to_string(),
        row.speaker.clone().unwrap_or_default(),
        row.role.map(|r| r.as_str().to_string()).unwrap_or_default(),
        opt(row.turn),
        opt(row.index),
        opt(row.span.map(|s| s.start)),
        opt(row.span.map(|s| s.end)),
        row.words.to_string(),
    ];
    let zero = Default::default();
    for t in themes {
        let c = row.themes.get(t).unwrap_or(&zero);
        rec.extend([
            c.hits.to_string(),
            c.negated.to_string(),
            num(c.weighted, RATE_DECIMALS),
            num(c.per_1000, RATE_DECIMALS),
            c.segments_coded.to_string(),
        ]);
    }
    rec
}

/// `doc · t12 · Marie (respondent)`: the document, the unit's place, and who speaks.
fn unit_label(r: &UnitScore) -> String {
    let mut parts = vec![r.id.clone()];
    let turn = r.turn.unwrap_or(0);
    match r.unit {
        Unit::Turn => parts.push(format!("t{turn}")),
        Unit::Sentence | Unit::Segment => parts.push(format!("t{turn} #{}", r.index.unwrap_or(0))),
        Unit::Document | Unit::Speaker => {}
    }
    let role = r.role.map(|r| r.as_str());
    match (&r.speaker, role) {
        (Some(s), Some(role)) => parts.push(format!("{s} ({role})")),
        (Some(s), None) => parts.push(s.clone()),
        (None, Some(role)) if r.unit != Unit::Document => parts.push(format!("({role})")),
        _ => {}
    }
    parts.join(" · ")
}

/// The terminal report: the corpus summary, themes (lines start with the theme id), units × themes,
/// evidence.
#[allow(clippy::too_many_arguments)]
fn table(
    out: &mut dyn Write,
    total: &Aggregate,
    lexicon: &entretien::Lexicon,
    unit: Unit,
    coverage: &UnitCoverage,
    rows: &[UnitScore],
    evidence: bool,
    width: Option<usize>,
) -> anyhow::Result<()> {
    let docs = total.documents as usize;
    write!(
        out,
        "{} document{}",
        group_digits(total.documents),
        plural(docs)
    )?;
    if unit != Unit::Document {
        write!(
            out,
            ", {} {unit}{}",
            group_digits(coverage.units),
            plural(coverage.units as usize)
        )?;
    }
    writeln!(out, ", {} words scored\n", group_digits(total.words))?;
    let mut columns = vec!["documents".to_string()];
    if unit != Unit::Document {
        columns.push(format!("{unit}s"));
    }
    columns.extend(["hits", "negated", "per 1000"].map(String::from));
    let rows_of_themes = tables::theme_rows(total, Some(lexicon), coverage, 5);
    let mut m = Matrix {
        corner: "theme".into(),
        corner_transposed: String::new(),
        text_last: true,
        rows: Vec::new(),
        columns,
        cells: Vec::new(),
    };
    for r in &rows_of_themes {
        m.rows.push(r.theme.clone());
        let mut cells = vec![format!("{}/{}", r.documents_coded, r.documents)];
        if unit != Unit::Document {
            cells.push(format!("{}/{}", r.units_coded, r.units));
        }
        cells.extend([
            r.hits.to_string(),
            r.negated.to_string(),
            format!("{:.2}", r.per_1000),
        ]);
        m.cells.push(cells);
    }
    // Top terms take the room the figures leave, whole terms only.
    let room = width
        .unwrap_or(usize::MAX)
        .saturating_sub(m.line_width() + 2);
    m.columns.push("top terms".into());
    for (cells, r) in m.cells.iter_mut().zip(&rows_of_themes) {
        let mut top = String::new();
        for t in &r.top_terms {
            let term = format!(
                "{}{} ({})",
                if top.is_empty() { "" } else { ", " },
                t.term,
                t.count
            );
            if !top.is_empty() && display_width(&top) + display_width(&term) > room {
                break;
            }
            top.push_str(&term);
        }
        cells.push(top);
    }
    m.print(out, None)?;
    if rows.len() > 1 && !total.theme_ids.is_empty() {
        writeln!(out, "\nhits per 1,000 words ({unit} × theme)")?;
        let mut m = Matrix {
            corner: unit.to_string(),
            corner_transposed: "theme".into(),
            text_last: false,
            rows: rows.iter().map(unit_label).collect(),
            columns: std::iter::once("words".to_string())
                .chain(total.theme_ids.iter().cloned())
                .collect(),
            cells: Vec::new(),
        };
        for r in rows {
            let mut cells = vec![r.words.to_string()];
            for t in &total.theme_ids {
                match r.themes.get(t) {
                    Some(c) if c.per_1000 != 0.0 => cells.push(format!("{:.2}", c.per_1000)),
                    _ => cells.push("·".into()),
                }
            }
            m.cells.push(cells);
        }
        m.print(out, width)?;
        if coverage.units as usize > rows.len() {
            writeln!(
                out,
                "(the first {} of {} {unit}s: --format csv lists them all)",
                rows.len(),
                coverage.units
            )?;
        }
    }
    if evidence {
        writeln!(out, "\nevidence")?;
        for r in rows {
            for e in &r.evidence {
                let who = e
                    .speaker
                    .clone()
                    .unwrap_or_else(|| e.role.as_str().to_string());
                let negated = if e.negated { ", negated" } else { "" };
                let snippet = entretien::kwic::fold_whitespace(&e.snippet);
                writeln!(
                    out,
                    "  [{}] {} · t{} · {who}: {}{negated}: «{snippet}»",
                    e.theme, r.id, e.turn, e.indicator
                )?;
            }
        }
    }
    Ok(())
}

/// The group comparison: theme rates per group with notable Lafon specificities, then each group's
/// most specific terms.
fn groups(
    out: &mut dyn Write,
    total: &Aggregate,
    level: TermLevel,
    width: Option<usize>,
) -> anyhow::Result<()> {
    if total.groups.is_empty() {
        return Ok(());
    }
    let rows = tables::group_rows(total);
    let by = tables::group_by_name(total.by());
    writeln!(
        out,
        "\ngroups by {by}: hits per 1,000 words (Lafon specificity when |spec| ≥ 2)"
    )?;
    let mut m = Matrix {
        corner: "theme".into(),
        corner_transposed: "group".into(),
        text_last: false,
        rows: ["documents", "words"]
            .map(String::from)
            .into_iter()
            .chain(total.theme_ids.iter().cloned())
            .collect(),
        columns: rows.iter().map(|g| g.group.clone()).collect(),
        cells: Vec::new(),
    };
    m.cells
        .push(rows.iter().map(|g| g.documents.to_string()).collect());
    m.cells
        .push(rows.iter().map(|g| g.words.to_string()).collect());
    for t in 0..total.theme_ids.len() {
        m.cells.push(
            rows.iter()
                .map(|g| match &g.themes[t] {
                    c if c.lafon.abs() >= NOTABLE_SPECIFICITY => {
                        format!("{:.2} ({:+.1})", c.per_1000, c.lafon)
                    }
                    c => format!("{:.2}", c.per_1000),
                })
                .collect(),
        );
    }
    m.print(out, width)?;
    let specific = tables::specific_terms(total, level, MIN_TERM_FREQ, 10);
    if !specific.is_empty() {
        writeln!(out, "\nmost specific {}s per group (Lafon)", level.as_str())?;
        for g in specific {
            let terms: Vec<String> = g
                .terms
                .iter()
                .map(|t| format!("{} ({:+.1})", t.term, t.lafon))
                .collect();
            match terms.is_empty() {
                true => writeln!(out, "  {}: none with a specificity of +2 or more", g.group)?,
                false => writeln!(out, "  {}: {}", g.group, terms.join(", "))?,
            }
        }
    }
    Ok(())
}
