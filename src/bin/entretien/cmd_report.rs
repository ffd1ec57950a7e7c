//! `entretien report`: one self-contained HTML page per study, and its figures as SVG files.
//! The library computes the report ([`entretien::report`]); this reads the inputs and writes.

use crate::common::{run_documents, InputArgs, LexiconArgs, StopwordsArgs};
use crate::output::write_atomic;
use entretien::classes::ClassesConfig;
use entretien::group::GroupBy;
use entretien::report::{html, Lang, ReportBuilder, ReportOptions, ReportState};
use entretien::{NegationMode, SpeakerFilter};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    #[command(flatten)]
    stopwords: StopwordsArgs,
    /// A themes × groups heatmap by this metadata key, or by `speaker_role` (repeatable).
    #[arg(long, value_name = "KEY")]
    by: Vec<String>,
    /// Add Reinert's classification (lexical worlds): dendrogram, classes, typical segments.
    #[arg(long)]
    classes: bool,
    /// With --classes, the classes wanted.
    #[arg(long, value_name = "N", default_value_t = 10, requires = "classes",
          value_parser = clap::value_parser!(u64).range(1..=1000))]
    k: u64,
    /// The page's title.
    #[arg(long, value_name = "TITLE")]
    title: Option<String>,
    /// The page's language: fr or en.
    #[arg(long, value_name = "LANG", default_value = "fr")]
    lang: Lang,
    /// Whose turns are scored (respondent, all, interviewer); the others are reported apart.
    #[arg(long, default_value = "respondent")]
    speakers: SpeakerFilter,
    /// What negated hits do to the score: exclude, count or subtract.
    #[arg(long, default_value = "exclude")]
    negation: NegationMode,
    /// Learned coders (from `entretien learn -o`): a section on theme presence per unit, as the
    /// model and as the lexicon code it.
    #[arg(long, value_name = "MODEL.json")]
    model: Option<PathBuf>,
    /// The HTML file to write.
    #[arg(short = 'o', long = "output", value_name = "REPORT.html")]
    output: PathBuf,
    /// Also write each figure as an SVG file (heatmap_KEY.svg, profiles.svg, progression.svg,
    /// cooccurrence.svg, dendrogram.svg) and the report's data (report.json) in this folder.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let lexicon = args.lexicon.load()?;
    let analyzer = crate::common::scoring_analyzer(
        &args.input,
        &lexicon,
        &args.speakers,
        args.negation,
        &args.stopwords,
    )?;
    let mut options = ReportOptions::new().command(command(&args));
    if let Some(title) = &args.title {
        options = options.title(title.clone());
    }
    for key in &args.by {
        options = options.by(GroupBy::parse(key));
    }
    if args.classes {
        options = options.classes(ClassesConfig::default().k(args.k as usize));
    }
    let first_key = options.by.first().cloned().unwrap_or(GroupBy::None);
    let coder = args
        .model
        .as_deref()
        .map(|path| crate::cmd_learn::load_model(path, &analyzer))
        .transpose()?;
    let outputs: Vec<&Path> = args.out.iter().map(PathBuf::as_path).collect();
    let work = args.input.work(&outputs)?;
    let mut inputs = work.files.clone();
    inputs.extend(args.model.iter().cloned());
    if let Some(dir) = &args.out {
        if dir.exists() && !dir.is_dir() {
            anyhow::bail!(
                "{}: not a folder (--out takes a folder for the figures)",
                dir.display()
            );
        }
    }
    let report = match &coder {
        Some(coder) => ReportBuilder::new(&analyzer, options).model(coder),
        None => ReportBuilder::new(&analyzer, options),
    };
    let mut collector = report.collector();
    let run = run_documents(
        &args.input,
        Some(work),
        None,
        &analyzer,
        &first_key,
        |windows, state: &mut Option<ReportState>, _| {
            report.document(windows, state.get_or_insert_with(|| report.state()))
        },
        |part| {
            collector.add(part);
            Ok(())
        },
    )?;
    let done = collector.finish(
        run.states.into_iter().flatten(),
        &run.failed,
        run.failed_count,
    )?;
    write_atomic(
        &args.output,
        &inputs,
        html::render(&done, args.lang).as_bytes(),
    )?;
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| entretien::Error::io(Some(dir), e))?;
        for (name, svg) in html::figures(&done, args.lang) {
            write_atomic(&dir.join(name), &inputs, svg.as_bytes())?;
        }
        let json = serde_json::to_vec_pretty(&done)?;
        write_atomic(&dir.join("report.json"), &inputs, &json)?;
    }
    if !args.input.quiet {
        eprintln!("entretien: report written to {}", args.output.display());
    }
    Ok(run.code)
}

/// The command that makes this report again (inputs as given; no thread count, output or other
/// detail that does not change the figures).
fn command(args: &Args) -> String {
    let mut words = vec!["entretien".to_string(), "report".to_string()];
    words.extend(args.input.paths.iter().map(|p| p.display().to_string()));
    for key in &args.by {
        words.push(format!("--by {key}"));
    }
    if let Some(l) = &args.lexicon.lexicon {
        words.push(format!("--lexicon {}", l.display()));
    }
    if let Some(m) = &args.input.metadata {
        words.push(format!("--metadata {}", m.display()));
    }
    if args.classes {
        words.push(format!("--classes --k {}", args.k));
    }
    match args.speakers {
        SpeakerFilter::All => words.push("--speakers all".into()),
        SpeakerFilter::Interviewer => words.push("--speakers interviewer".into()),
        // The command line names no other filter.
        _ => {}
    }
    if args.negation != NegationMode::default() {
        words.push(format!("--negation {}", args.negation.as_str()));
    }
    if let Some(m) = &args.model {
        words.push(format!("--model {}", m.display()));
    }
    if args.lang == Lang::En {
        words.push("--lang en".into());
    }
    words.join(" ")
}
