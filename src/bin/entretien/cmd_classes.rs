//! `entretien classes`: Reinert's descending hierarchical classification (IRaMuTeQ's CHD) of the
//! segments of a corpus, with each class's characteristic forms, speakers, metadata, themes and
//! typical segments.

use crate::common::{for_each_document, InputArgs, LexiconArgs, StopwordsArgs};
use crate::output::{csv_header, csv_rows, json_line, write_atomic};
use anyhow::Context;
use entretien::classes::render::{render, RenderOptions};
use entretien::classes::{classify, collect_windows, Classes, ClassesConfig, Corpus, Terms};
use entretien::group::GroupBy;
use entretien::{Analyzer, SpeakerFilter};
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    /// Classes wanted (rainette's `k`): the largest class is split until there are this many or
    /// none can be split.
    #[arg(long, value_name = "N", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    k: u64,
    /// Target size of text segments, in words (rainette's `segment_size`, IRaMuTeQ's 40); merged
    /// short turns never exceed it.
    #[arg(long, value_name = "N", default_value_t = 40,
          value_parser = clap::value_parser!(u64).range(1..=10000))]
    segment_words: u64,
    /// Segments of a turn shorter than this, in words, are merged with the next one of the same
    /// turn, and short turns with the speaker's previous ones (rainette's `min_segment_size`,
    /// counted in words; 0: never).
    #[arg(long, value_name = "N", default_value_t = 10)]
    min_segment_words: u32,
    /// Keep each short turn a unit of its own instead of joining a speaker's consecutive turns
    /// shorter than --min-segment-words until they reach it (short answers, dialogue).
    #[arg(long)]
    no_merge_turns: bool,
    /// Classes with fewer segments are not split (rainette's `min_split_members`).
    #[arg(long, value_name = "N", default_value_t = 5)]
    min_split_members: usize,
    /// Forms in fewer segments are left out, of the corpus and of each side of a split
    /// (rainette's and IRaMuTeQ's `tsj`).
    #[arg(long, value_name = "N", default_value_t = 3)]
    tsj: u32,
    /// After a split, a form whose contingency coefficient with the split exceeds this is kept only
    /// on the side it is over-represented in (rainette's `cc_test`).
    #[arg(long, value_name = "X", default_value_t = 0.3)]
    cc_test: f64,
    /// Whose turns are classified (respondent, all, interviewer); by default everyone but the
    /// interviewer.
    #[arg(long, default_value = "respondent")]
    speakers: SpeakerFilter,
    /// What the matrix's columns are: stems (default) or word forms.
    #[arg(long, default_value = "stems")]
    terms: Terms,
    #[command(flatten)]
    stopwords: StopwordsArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Characteristic forms and typical segments listed per class in the output files (0: all
    /// forms with p < 0.05).
    #[arg(long, value_name = "N", default_value_t = 50)]
    top: usize,
    /// Write segments.csv (every segment's class), classes.csv, forms.csv, modalities.csv,
    /// typical.csv and dendrogram.json in this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Double classification (rainette2): two classifications whose units have these minimum
    /// sizes in words (instead of --min-segment-words), crossed; prints the best partition into
    /// crossed classes for each k up to --k, and with --out writes double.csv and
    /// double_segments.csv (each segment's crossed class in the largest partition).
    #[arg(long, value_name = "SIZE1,SIZE2", value_delimiter = ',')]
    double: Vec<u32>,
    /// Output on stdout: the dendrogram and classes as text, one JSON object per line (the
    /// dendrogram, then each class), or one JSON document.
    #[arg(long, value_enum, default_value_t = ClassesFormat::Table)]
    format: ClassesFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ClassesFormat {
    Table,
    Jsonl,
    Json,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        (0.0..=1.0).contains(&args.cc_test),
        "--cc-test must lie between 0 and 1"
    );
    let mut config = ClassesConfig::default().k(args.k as usize);
    config.units.terms = args.terms;
    config.units.segment_words = args.segment_words as u32;
    config.units.min_segment_words = args.min_segment_words;
    config.units.merge_turns = !args.no_merge_turns;
    config.chd.min_split_members = args.min_split_members;
    config.chd.tsj = args.tsj;
    config.chd.cc_test = args.cc_test;
    config.describe.top_forms = args.top;
    config.describe.top_segments = args.top.clamp(1, 10);
    let builder = Analyzer::builder()
        .speakers(args.speakers.clone())
        .segment_words(args.segment_words as usize)
        .stopwords(args.stopwords.load()?);
    let analyzer = args.input.windows(builder).build(&args.lexicon.load()?)?;
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let outputs: Vec<&Path> = args.out.iter().map(PathBuf::as_path).collect();
    if !args.double.is_empty() {
        anyhow::ensure!(
            args.double.len() == 2,
            "--double takes two sizes: --double 10,15"
        );
        return run_double(&args, config, &analyzer, &outputs);
    }
    let work = args.input.work(&outputs)?;
    let inputs = work.files.clone();
    let mut corpus = Corpus::new();
    let units = config.units;
    let (_, code) = for_each_document(
        &args.input,
        Some(work),
        None,
        &analyzer,
        &GroupBy::None,
        |windows, _: &mut (), _: &mut dyn FnMut(_)| collect_windows(windows, &[units]),
        |docs| {
            docs.into_iter().for_each(|d| corpus.add(d));
            Ok(())
        },
    )?;
    if corpus.units().is_empty() {
        anyhow::bail!(
            "nothing to classify: the documents read hold no segment of the speakers scored \
             (respondents and unknown roles by default; --speakers all takes every turn)"
        );
    }
    let classes = classify(&corpus, &config);
    if let Some(dir) = &args.out {
        write_tables(dir, &inputs, &classes, &corpus)?;
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        ClassesFormat::Table => {
            out.write_all(render(&classes, &RenderOptions::default()).as_bytes())?
        }
        ClassesFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &classes)?;
            out.write_all(b"\n")?;
        }
        ClassesFormat::Jsonl => {
            json_line(
                &mut out,
                &serde_json::json!({
                    "config": classes.config,
                    "units": classes.units,
                    "unclassified": classes.unclassified(),
                    "active_forms": classes.active_forms,
                    "dendrogram": classes.dendrogram.nodes,
                }),
            )?;
            for class in &classes.report {
                json_line(&mut out, class)?;
            }
        }
    }
    out.flush()?;
    Ok(code)
}

fn opt<T: ToString>(x: &Option<T>) -> String {
    x.as_ref().map_or_else(String::new, T::to_string)
}

/// A CSV table of string records, written whole through an atomic file.
fn write_csv(
    path: &Path,
    inputs: &[PathBuf],
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    csv_header(&mut bytes, header)?;
    {
        let mut csv = csv_rows(&mut bytes);
        for row in rows {
            csv.write_record(&row)?;
        }
        csv.flush()?;
    }
    write_atomic(path, inputs, &bytes)
}

fn write_tables(
    dir: &Path,
    inputs: &[PathBuf],
    classes: &Classes,
    corpus: &Corpus,
) -> anyhow::Result<()> {
    write_csv(
        &dir.join("segments.csv"),
        inputs,
        &[
            "document", "segment", "class", "speaker", "start", "end", "unit",
        ],
        classes.segment_rows(corpus).map(|r| {
            vec![
                r.document,
                r.segment.to_string(),
                opt(&r.class),
                opt(&r.speaker),
                r.start.to_string(),
                r.end.to_string(),
                r.unit.to_string(),
            ]
        }),
    )?;
    write_csv(
        &dir.join("classes.csv"),
        inputs,
        &["class", "segments", "share"],
        classes.report.iter().map(|c| {
            vec![
                c.class.to_string(),
                c.segments.to_string(),
                format!("{:.6}", c.share),
            ]
        }),
    )?;
    write_csv(
        &dir.join("forms.csv"),
        inputs,
        &[
            "class",
            "form",
            "stem",
            "chi2",
            "p",
            "lafon",
            "in_class",
            "out_class",
        ],
        classes.report.iter().flat_map(|c| {
            c.forms.iter().map(move |f| {
                vec![
                    c.class.to_string(),
                    f.form.clone(),
                    f.key.clone(),
                    format!("{:.4}", f.chi2),
                    format!("{:.3e}", f.p),
                    format!("{:.4}", f.lafon),
                    f.in_class.to_string(),
                    f.out_class.to_string(),
                ]
            })
        }),
    )?;
    write_csv(
        &dir.join("modalities.csv"),
        inputs,
        &[
            "class",
            "variable",
            "value",
            "chi2",
            "p",
            "in_class",
            "out_class",
        ],
        classes.report.iter().flat_map(|c| {
            (c.speakers.iter().chain(&c.metadata).chain(&c.themes)).map(move |m| {
                vec![
                    c.class.to_string(),
                    m.variable.clone(),
                    m.value.clone(),
                    format!("{:.4}", m.chi2),
                    format!("{:.3e}", m.p),
                    m.in_class.to_string(),
                    m.out_class.to_string(),
                ]
            })
        }),
    )?;
    write_csv(
        &dir.join("typical.csv"),
        inputs,
        &[
            "class", "rank", "document", "speaker", "start", "end", "score", "text",
        ],
        classes.report.iter().flat_map(|c| {
            c.typical.iter().enumerate().map(move |(rank, t)| {
                vec![
                    c.class.to_string(),
                    (rank + 1).to_string(),
                    t.document.clone(),
                    opt(&t.speaker),
                    t.start.to_string(),
                    t.end.to_string(),
                    format!("{:.4}", t.score),
                    t.text.clone(),
                ]
            })
        }),
    )?;
    let dendrogram = serde_json::to_vec_pretty(&serde_json::json!({
        "config": classes.config,
        "units": classes.units,
        "unclassified": classes.unclassified(),
        "nodes": classes.dendrogram.nodes,
    }))?;
    write_atomic(&dir.join("dendrogram.json"), inputs, &dendrogram)
}

/// `--double`: two classifications crossed (rainette2).
fn run_double(
    args: &Args,
    config: ClassesConfig,
    analyzer: &Analyzer,
    outputs: &[&Path],
) -> anyhow::Result<ExitCode> {
    use entretien::classes::double::{best_partition, crossed_classes, DoubleConfig};
    use std::collections::BTreeMap;
    let work = args.input.work(outputs)?;
    let inputs = work.files.clone();
    let (mut first, mut second) = (config, config);
    first.units.min_segment_words = args.double[0];
    second.units.min_segment_words = args.double[1];
    let (mut c1, mut c2) = (Corpus::new(), Corpus::new());
    let (u1, u2) = (first.units, second.units);
    let (_, code) = for_each_document(
        &args.input,
        Some(work),
        None,
        analyzer,
        &GroupBy::None,
        |windows, _: &mut (), _: &mut dyn FnMut(_)| collect_windows(windows, &[u1, u2]),
        |docs| {
            let mut docs = docs.into_iter();
            if let (Some(a), Some(b)) = (docs.next(), docs.next()) {
                c1.add(a);
                c2.add(b);
            }
            Ok(())
        },
    )?;
    let (k1, k2) = (classify(&c1, &first), classify(&c2, &second));
    // Each analyzer segment (document, index) and its unit in either classification.
    let units_of = |c: &Corpus| -> BTreeMap<(u32, u32), u32> {
        (c.units().iter().enumerate())
            .flat_map(|(i, u)| {
                u.segments
                    .iter()
                    .map(move |&(s, _)| ((u.document, s), i as u32))
            })
            .collect()
    };
    let (m1, m2) = (units_of(&c1), units_of(&c2));
    let items: Vec<(u32, u32)> = m1.keys().copied().collect();
    let rows1: Vec<Option<u32>> = items.iter().map(|k| m1.get(k).copied()).collect();
    let rows2: Vec<Option<u32>> = items.iter().map(|k| m2.get(k).copied()).collect();
    let cross = DoubleConfig::default();
    let crossed = crossed_classes(&k1.dendrogram, &rows1, &k2.dendrogram, &rows2, &cross);
    let partitions: Vec<_> = (2..=args.k as usize)
        .filter_map(|k| best_partition(&k1.dendrogram, &k2.dendrogram, &crossed, k, &cross))
        .collect();
    let name = |d: &entretien::classes::Dendrogram, node: usize| match d.nodes[node].class {
        Some(c) => format!("class {c}"),
        None => format!("node {node}"),
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "Double classification: {} segments; units of {} words at least: {} classes; of {}: {} classes; {} crossed classes kept",
        items.len(),
        args.double[0],
        k1.report.len(),
        args.double[1],
        k2.report.len(),
        crossed.len()
    )?;
    for p in &partitions {
        let parts: Vec<String> = (p.classes.iter())
            .map(|&c| {
                let x = &crossed[c];
                format!(
                    "{} × {} ({}, χ² {:.1})",
                    name(&k1.dendrogram, x.first),
                    name(&k2.dendrogram, x.second),
                    x.members.len(),
                    x.chi2
                )
            })
            .collect();
        writeln!(
            out,
            "k = {}: {} segments ({:.1} %){}: {}",
            p.k,
            p.size,
            100.0 * p.size as f64 / items.len().max(1) as f64,
            if p.exact { "" } else { " (search cut short)" },
            parts.join(" · ")
        )?;
    }
    out.flush()?;
    if let Some(dir) = &args.out {
        write_csv(
            &dir.join("double.csv"),
            &inputs,
            &["k", "class", "first", "second", "segments", "chi2"],
            partitions.iter().flat_map(|p| {
                (p.classes.iter().enumerate()).map(|(i, &c)| {
                    let x = &crossed[c];
                    vec![
                        p.k.to_string(),
                        (i + 1).to_string(),
                        name(&k1.dendrogram, x.first),
                        name(&k2.dendrogram, x.second),
                        x.members.len().to_string(),
                        format!("{:.4}", x.chi2),
                    ]
                })
            }),
        )?;
        let mut class_of = vec![None; items.len()];
        if let Some(p) = partitions.last() {
            for (i, &c) in p.classes.iter().enumerate() {
                for &m in &crossed[c].members {
                    class_of[m as usize] = Some(i + 1);
                }
            }
        }
        let documents = c1.documents();
        write_csv(
            &dir.join("double_segments.csv"),
            &inputs,
            &["document", "segment", "class"],
            items
                .iter()
                .zip(&class_of)
                .map(|(&(d, s), c)| vec![documents[d as usize].id.clone(), s.to_string(), opt(c)]),
        )?;
    }
    Ok(code)
}
