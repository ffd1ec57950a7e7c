//! `entretien learn`: train theme coders on passages coded by hand and print their cross-validated
//! agreement with the coders; `learn suggest-passages`: the passages to code next.

use crate::common::{for_each_document, read_coded, InputArgs, LexiconArgs};
use crate::output::{json_line, terminal_width, AtomicFile};
use entretien::agreement::CodedSet;
use entretien::group::GroupBy;
use entretien::learn::{self, LearnOptions, Model, ModelCoder, SuggestPassages, SuggestedPassage};
use entretien::refi_qda::{ExportSource, QdpxExport};
use entretien::{Analyzer, Unit};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Files of coded passages: JSON Lines or CSV (`id, text, themes, denied, coder`, and
    /// `document` to keep an interview's passages together), or REFI-QDA projects (.qdpx).
    #[arg(value_name = "CODED", required = true)]
    coded: Vec<PathBuf>,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// The unit REFI-QDA sources are cut into (turn, sentence, segment or document).
    #[arg(long, default_value = "turn")]
    unit: Unit,
    /// Write the model here (JSON; never over an input).
    #[arg(long, short, value_name = "MODEL.json")]
    output: Option<PathBuf>,
    /// Cross-validation folds.
    #[arg(long, default_value_t = 5, value_name = "K")]
    folds: usize,
    /// Seed of the folds, the learning curve and the bootstrap.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Strengths of the L2 penalty, comma-separated: each theme takes the one an inner
    /// cross-validation on its training passages prefers (one value fixes it). Default: 1,3,10,30;
    /// 0.1,0.3,1,3 with the reference passages.
    #[arg(long, value_delimiter = ',', value_name = "L2,…")]
    l2: Vec<f64>,
    /// Prior log-odds of a theme for a unit with one of its own lexicon hits, whatever the theme's
    /// base rate (3: 95%; 0: learn from the passages alone). Default: 3; 0 with the reference
    /// passages.
    #[arg(long, value_name = "LOGODDS")]
    lexicon_prior: Option<f64>,
    /// Train on your passages alone, without the default codebook's 720 reference passages
    /// (used when the codebook's themes are the default's, with the same definitions; never
    /// measured).
    #[arg(long)]
    no_reference: bool,
    /// With the reference passages: how much each of your passages counts against one of them.
    /// Default: your passages together count as much as the reference passages, each between 1
    /// and 5 times one of them.
    #[arg(long, value_name = "W")]
    study_weight: Option<f64>,
    /// Leave out features seen in fewer passages.
    #[arg(long, default_value_t = 2, value_name = "N")]
    min_passages: usize,
    /// Skip the learning curve.
    #[arg(long)]
    no_curve: bool,
    /// Worker threads (default: all cores). The model is the same for any number.
    #[arg(long, default_value_t = 0, value_name = "N")]
    threads: usize,
    /// Output: the table, or the cross-validation as JSON.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
    /// Print the table at full width instead of fitting it to `COLUMNS`.
    #[arg(long)]
    wide: bool,
}

#[derive(clap::Subcommand)]
enum Command {
    /// List the uncoded passages (turns) whose coding would help the models most: those they
    /// hesitate on, spread over different wordings. Writes JSON Lines in the coded-passage format
    /// (fill `themes` and `denied`, then give the file to `learn`), and a REFI-QDA project with
    /// `--qdpx`.
    SuggestPassages(SuggestArgs),
}

#[derive(clap::Args)]
struct SuggestArgs {
    /// The model (from `entretien learn -o`).
    #[arg(value_name = "MODEL.json")]
    model: PathBuf,
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    lexicon: LexiconArgs,
    /// Passages to suggest.
    #[arg(long, default_value_t = 50, value_name = "N")]
    n: usize,
    /// Shortest passage suggested, in words.
    #[arg(long, default_value_t = 8, value_name = "WORDS")]
    min_words: u32,
    /// Files of passages already coded, left out of the suggestions.
    #[arg(long, num_args = 1.., value_name = "CODED")]
    coded: Vec<PathBuf>,
    /// Write the JSON Lines here instead of stdout (never over an input).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also write the passages as a REFI-QDA project (one source each, the themes as codes).
    #[arg(long, value_name = "FILE.qdpx")]
    qdpx: Option<PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    Table,
    Json,
}

fn pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = match threads {
        0 => cores,
        n if n > cores * 4 => {
            eprintln!("entretien: warning: --threads {n} capped at {}", cores * 4);
            cores * 4
        }
        n => n,
    };
    Ok(rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(Command::SuggestPassages(s)) = args.command {
        return suggest(s);
    }
    if args.folds < 2 {
        anyhow::bail!("--folds must be at least 2");
    }
    if !args.l2.iter().all(|l| l.is_finite() && *l > 0.0)
        || !args.lexicon_prior.map_or(true, f64::is_finite)
        || !args.study_weight.map_or(true, |w| w.is_finite() && w > 0.0)
    {
        anyhow::bail!(
            "--l2 and --study-weight must be positive numbers and --lexicon-prior a number"
        );
    }
    let lexicon = args.lexicon.load()?;
    let analyzer = Analyzer::builder().build(&lexicon)?;
    let model_file = args
        .output
        .as_ref()
        .map(|p| AtomicFile::create(p, &args.coded))
        .transpose()?;
    let set = read_coded(&args.coded, args.unit, &analyzer)?;
    let reference = match args.no_reference {
        true => None,
        false => learn::reference_passages(&lexicon),
    };
    let mut options = LearnOptions::new();
    if reference.is_some() {
        options = options.with_reference();
    }
    options = options
        .folds(args.folds)
        .seed(args.seed)
        .min_passages(args.min_passages)
        .study_weight(args.study_weight)
        .unit(args.unit);
    if !args.l2.is_empty() {
        options = options.l2_choices(args.l2);
    }
    if let Some(prior) = args.lexicon_prior {
        options = options.lexicon_prior(prior);
    }
    if args.no_curve {
        options = options.curve(Vec::new());
    }
    let learned = pool(args.threads)?.install(|| match &reference {
        Some(r) => learn::learn_with_reference(&analyzer, &set, r, &options),
        None => learn::learn(&analyzer, &set, &options),
    })?;
    for w in &learned.warnings {
        eprintln!("entretien: warning: {w}");
    }
    if let (Some(mut file), Some(path)) = (model_file, &args.output) {
        file.writer()
            .write_all(learned.model.to_json().as_bytes())?;
        file.writer().write_all(b"\n")?;
        file.commit()?;
        eprintln!("entretien: model written to {}", path.display());
    }
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &learned.validation)?;
            writeln!(out)?;
        }
        Format::Table => {
            let width = (!args.wide).then(terminal_width);
            out.write_all(learned.validation.render(width).as_bytes())?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Loads a model and compiles it for the analyzer of `lexicon`.
pub fn load_model(path: &std::path::Path, analyzer: &Analyzer) -> anyhow::Result<ModelCoder> {
    let model = Model::read(path)?;
    ModelCoder::new(model, analyzer).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

fn suggest(args: SuggestArgs) -> anyhow::Result<ExitCode> {
    let lexicon = args.lexicon.load()?;
    let analyzer = args.input.windows(Analyzer::builder()).build(&lexicon)?;
    let coder = load_model(&args.model, &analyzer)?;
    let mut inputs = args.input.paths.clone();
    inputs.push(args.model.clone());
    inputs.extend(args.coded.iter().cloned());
    let outputs: Vec<&std::path::Path> = args
        .output
        .iter()
        .chain(&args.qdpx)
        .map(PathBuf::as_path)
        .collect();
    let work = args.input.work(&outputs)?;
    let mut all_inputs = work.files.clone();
    all_inputs.extend(inputs);
    let jsonl_file = args
        .output
        .as_ref()
        .map(|p| AtomicFile::create(p, &all_inputs))
        .transpose()?;
    let qdpx_file = args
        .qdpx
        .as_ref()
        .map(|p| AtomicFile::create(p, &all_inputs))
        .transpose()?;
    let coded: CodedSet = match args.coded.is_empty() {
        true => CodedSet::default(),
        false => read_coded(&args.coded, coder.model().unit, &analyzer)?,
    };
    let fresh = || {
        learn::suggest_passages(args.n)
            .min_words(args.min_words)
            .exclude(coded.items.iter().map(|i| i.text.as_str()))
    };
    let mut gathered = fresh();
    let (states, code) = for_each_document(
        &args.input,
        Some(work),
        None,
        &analyzer,
        &GroupBy::None,
        |windows, state: &mut Option<(SuggestPassages, learn::CoderScratch)>, _emit| {
            let (found, scratch) = state.get_or_insert_with(|| (fresh(), coder.scratch()));
            while let Some(window) = windows.next() {
                found.add(&coder, &window, scratch);
            }
        },
        |()| Ok(()),
    )?;
    for (found, _) in states.into_iter().flatten() {
        gathered.merge(found);
    }
    let chosen: Vec<SuggestedPassage> = gathered.finish();
    let mut bytes = Vec::new();
    for p in &chosen {
        json_line(&mut bytes, p)?;
    }
    match jsonl_file {
        Some(mut file) => {
            file.writer().write_all(&bytes)?;
            file.commit()?;
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    if let Some(mut file) = qdpx_file {
        let mut project = QdpxExport::new(&lexicon).name("entretien: passages to code");
        for p in &chosen {
            project.push(ExportSource {
                id: p.id.clone(),
                text: p.text.clone(),
                selections: Vec::new(),
            });
        }
        project.write(file.writer())?;
        file.commit()?;
    }
    if !args.input.quiet {
        eprintln!(
            "entretien: {} passage{} to code",
            chosen.len(),
            if chosen.len() == 1 { "" } else { "s" }
        );
    }
    Ok(code)
}
