//! Learned theme coders (`entretien::learn`): a planted feature is learned and explained; cross-
//! validation never lets a document (or a repeated passage) sit on both sides of a split; the same
//! model and scores for 1 and 2 threads; a model of another lexicon or pipeline is refused; a
//! negated mention never makes a theme present; reference passages train every fold and are never
//! measured; a theme coded present on its lexicon hits says so; and, on the two coders' development
//! set, the cross-validated figures and the coders applied to the held-out set (when
//! `../shared/data/coded/` is there; required with `CI=true`).

mod common;

use common::generate::Rng;
use entretien::agreement::CodedSet;
use entretien::coded::CodedPassage;
use entretien::learn::{learn, learn_with_reference, LearnOptions, Model, ModelCoder, ModelRows};
use entretien::score::{RowOptions, Unit};
use entretien::{Analyzer, Lexicon, Theme, Transcript};
use std::process::Command;

const NEUTRAL: &[&str] = &[
    "le matin je prends le bus",
    "on a un nouveau chef depuis mars",
    "la cantine ferme à deux heures",
    "mon bureau donne sur la cour",
    "les dossiers arrivent par la poste",
    "je fais les plannings des équipes",
    "la mairie est grande",
    "il y a trois étages",
    "je travaille ici depuis dix ans",
    "on reçoit des appels le lundi",
];

fn passage(id: String, text: String, themes: &[&str], document: Option<String>) -> CodedPassage {
    CodedPassage {
        id,
        text,
        themes: themes.iter().map(|t| t.to_string()).collect(),
        denied: vec![],
        coder: None,
        document,
        origin: None,
    }
}

/// Passages of neutral sentences; the positive ones carry `word` somewhere.
fn planted(n: usize, word: &str, seed: u64) -> Vec<CodedPassage> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let mut parts: Vec<String> = (0..3).map(|_| rng.pick(NEUTRAL).to_string()).collect();
            let positive = i % 2 == 0;
            let lead = rng.pick(&["vraiment", "alors", "enfin", "souvent"]);
            let last = if positive {
                word
            } else {
                rng.pick(&["là", "ici", "content"])
            };
            let at = rng.below(parts.len() + 1);
            parts.insert(at, format!("{lead} je suis {last}"));
            let text = parts.join(", ") + ".";
            let themes: &[&str] = if positive { &["isolement"] } else { &[] };
            passage(format!("p{i}"), text, themes, None)
        })
        .collect()
}

fn analyzer() -> Analyzer {
    Analyzer::builder()
        .build(&Lexicon::default_french())
        .unwrap()
}

fn theme(model: &Model, id: &str) -> usize {
    model.themes.iter().position(|t| t.id == id).unwrap()
}

/// `text` coded as one passage, and its turn rows.
fn code(
    coder: &ModelCoder,
    analyzer: &Analyzer,
    text: &str,
) -> (
    entretien::learn::UnitCoding,
    Vec<entretien::score::UnitScore>,
) {
    let doc = Transcript::from_text("x", text);
    let mut scratch = analyzer.scratch();
    let mut cs = coder.scratch();
    let analysis = analyzer.analyze(&doc, &mut scratch);
    let coding = coder.code_passage(&analysis, &mut cs);
    let mut rows = Vec::new();
    ModelRows::new(coder, Unit::Turn, RowOptions::new()).add(&analysis, &mut cs, |r| rows.push(r));
    (coding, rows)
}

/// Runs `command`, which must succeed, and reads its standard output as JSON.
fn json_of(command: &mut Command) -> serde_json::Value {
    let out = command.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_planted_feature_is_learned_and_explained() {
    let analyzer = analyzer();
    let set = CodedSet::new(planted(60, "zorglub", 3));
    let learned = learn(&analyzer, &set, &LearnOptions::new().bootstrap(50)).unwrap();
    let t = theme(&learned.model, "isolement");
    let v = &learned.validation.themes[t];
    assert!(v.model.f1.value.unwrap() > 0.9, "{v:?}");
    // The lexicon alone knows nothing of the word.
    assert!(v.lexicon.f1.value.unwrap_or(0.0) < 0.1, "{v:?}");
    let weights = &learned.model.themes[t].weights;
    let strongest = weights
        .iter()
        .filter(|(name, _)| name.starts_with("w:"))
        .max_by(|a, b| a.1.total_cmp(b.1))
        .unwrap();
    assert_eq!(strongest.0, "w:zorglub");

    let coder = ModelCoder::new(learned.model, &analyzer).unwrap();
    let text = "Le matin je prends le bus et franchement je suis zorglub.";
    let doc = Transcript::from_text("x", text);
    let mut scratch = analyzer.scratch();
    let mut cs = coder.scratch();
    let analysis = analyzer.analyze(&doc, &mut scratch);
    let mut rows = Vec::new();
    ModelRows::new(&coder, Unit::Turn, RowOptions::new()).add(&analysis, &mut cs, |r| rows.push(r));
    let cell = &rows[0].themes["isolement"];
    assert_eq!(cell.present, Some(true), "{cell:?}");
    let reason = &cell.because[0];
    assert_eq!(reason.feature, "w:zorglub");
    assert_eq!(&text[reason.spans[0].range()], "zorglub");
    assert_eq!(reason.text, "zorglub");
    // Themes neither hit nor present are left out of the row, unless every theme is asked for:
    // then they are said absent, with their probability.
    assert!(!rows[0].themes.contains_key("maitrise_budgetaire"));
    let mut all = Vec::new();
    ModelRows::new(&coder, Unit::Turn, RowOptions::new().all_themes()).add(
        &analysis,
        &mut cs,
        |r| all.push(r),
    );
    let other = &all[0].themes["maitrise_budgetaire"];
    assert_eq!(other.present, Some(false));
    assert!(other.probability.unwrap() < 0.5);
    assert_eq!(all[0].themes.len(), coder.model().themes.len());
}

#[test]
fn a_negated_mention_never_makes_the_theme_present() {
    let analyzer = analyzer();
    let set = CodedSet::new(planted(60, "zorglub", 5));
    let learned = learn(
        &analyzer,
        &set,
        &LearnOptions::new().bootstrap(0).curve(vec![]),
    )
    .unwrap();
    let t = theme(&learned.model, "isolement");
    assert!(learned.model.themes[t]
        .weights
        .iter()
        .filter(|(n, _)| n.starts_with("n:") || n.starts_with("neg:"))
        .all(|(_, w)| *w <= 0.0));
    let coder = ModelCoder::new(learned.model, &analyzer).unwrap();
    for (text, present) in [
        ("Le matin je prends le bus, je suis zorglub.", true),
        ("Le matin je prends le bus, je ne suis pas zorglub.", false),
        ("Le matin je prends le bus, je suis jamais zorglub.", false),
    ] {
        let (coding, _) = code(&coder, &analyzer, text);
        assert_eq!(
            coding.present[t], present,
            "{text}: {}",
            coding.probability[t]
        );
    }
}

/// Each document has its own made-up word in every passage, and a label drawn at random for the
/// whole document: the only way to predict a passage is to have seen its document. Split by
/// passage, cross-validation would score near 1; split by document, near chance.
#[test]
fn cross_validation_never_splits_a_document_or_a_repeated_passage() {
    let analyzer = analyzer();
    let mut rng = Rng::new(11);
    let mut passages = Vec::new();
    for d in 0..40 {
        let positive = rng.below(2) == 0;
        let themes: &[&str] = if positive { &["routinisation"] } else { &[] };
        let word = format!(
            "blorp{}",
            ["a", "e", "i", "o", "u"][d % 5].repeat(d / 5 + 1)
        );
        for k in 0..4 {
            let text = format!("{}, le {word} encore.", rng.pick(NEUTRAL));
            passages.push(passage(
                format!("d{d}p{k}"),
                text,
                themes,
                Some(format!("doc{d}")),
            ));
        }
        // A passage repeated word for word in another document with no id in common.
        passages.push(passage(
            format!("copy{d}"),
            format!("{}, le {word} encore.", NEUTRAL[0]),
            themes,
            None,
        ));
        passages.push(passage(
            format!("orig{d}"),
            format!("{}, le {word} encore.", NEUTRAL[0]),
            themes,
            Some(format!("doc{d}")),
        ));
    }
    let set = CodedSet::new(passages);
    let options = LearnOptions::new()
        .lexicon_prior(0.0)
        .bootstrap(0)
        .curve(vec![]);
    let learned = learn(&analyzer, &set, &options).unwrap();
    assert_eq!(learned.validation.documents, 40);
    let t = theme(&learned.model, "routinisation");
    let kappa = learned.validation.themes[t]
        .model
        .kappa
        .value
        .unwrap_or(0.0);
    assert!(
        kappa < 0.3,
        "cross-validation saw held-out documents: κ {kappa}"
    );
    // The same passages without documents: each passage is its own group, and a document's
    // passages leak into the training folds of the others.
    let loose = CodedSet::new(set.items.iter().enumerate().map(|(i, item)| {
        let themes: Vec<&str> = item.codings[0].themes.iter().map(String::as_str).collect();
        passage(format!("x{i}"), format!("{} {i}", item.text), &themes, None)
    }));
    let leaky = learn(&analyzer, &loose, &options).unwrap();
    let leaky = leaky.validation.themes[t].model.kappa.value.unwrap();
    assert!(
        leaky > 0.6,
        "split by passage, κ {leaky} (by document {kappa})"
    );
}

#[test]
fn the_same_model_for_one_and_two_threads() {
    let analyzer = analyzer();
    let set = CodedSet::new(planted(50, "zorglub", 9));
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| learn(&analyzer, &set, &LearnOptions::new().bootstrap(100)).unwrap())
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one.model.to_json(), two.model.to_json());
    assert_eq!(one.validation, two.validation);
    let reference = reference_set(40, 21, &[]);
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let options = LearnOptions::new().with_reference().bootstrap(50);
        pool.install(|| learn_with_reference(&analyzer, &set, &reference, &options).unwrap())
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one.model.to_json(), two.model.to_json());
    assert_eq!(one.validation, two.validation);
}

/// Planted passages as reference passages: their own coder and documents, and the texts of
/// `repeat` among them.
fn reference_set(n: usize, seed: u64, repeat: &[&CodedPassage]) -> CodedSet {
    let mut passages: Vec<CodedPassage> = planted(n, "zorglub", seed)
        .into_iter()
        .enumerate()
        .map(|(i, mut p)| {
            p.id = format!("ref{i}");
            p.coder = Some("reference:coder".into());
            p.document = Some(format!("reference:doc{i}"));
            p
        })
        .collect();
    for (i, r) in repeat.iter().enumerate() {
        passages[i].text = r.text.clone();
    }
    CodedSet::new(passages)
}

#[test]
fn reference_passages_train_every_fold_and_are_never_measured() {
    let analyzer = analyzer();
    let own = planted(40, "zorglub", 7);
    let set = CodedSet::new(own.clone());
    let reference = reference_set(40, 11, &[&own[3]]);
    let options = LearnOptions::new().bootstrap(0).curve(vec![0.5]);
    let learned = learn_with_reference(&analyzer, &set, &reference, &options).unwrap();
    let v = &learned.validation;
    // Only the study's passages are measured; the one repeating a passage of theirs is left out.
    assert_eq!((v.passages, v.reference_passages), (40, 39));
    assert_eq!(learned.model.training.reference_passages, 39);
    assert!(
        learned.warnings.iter().any(|w| w.contains("ref0")),
        "{:?}",
        learned.warnings
    );
    let t = theme(&learned.model, "isolement");
    assert_eq!(v.themes[t].coded, 20);
    assert_eq!(v.coders, ["coder"]);
    // The curve counts the study's training passages, not the reference ones.
    assert!(v.curve.iter().all(|p| p.passages <= 32.0), "{:?}", v.curve);
    // They are trained on: the model differs from the one without them.
    let alone = learn(&analyzer, &set, &options).unwrap();
    assert_ne!(
        alone.model.themes[t].weights,
        learned.model.themes[t].weights
    );
    assert_eq!(alone.validation.reference_passages, 0);
    // 39 reference passages for 40 of the study's: each of theirs counts once.
    assert_eq!(learned.model.training.study_weight, 1.0);
    assert_eq!(alone.model.training.study_weight, 1.0);
}

#[test]
fn the_study_passages_outweigh_more_numerous_reference_passages() {
    let analyzer = analyzer();
    let own = planted(12, "zorglub", 7);
    let set = CodedSet::new(own);
    let reference = reference_set(40, 11, &[]);
    let options = LearnOptions::new().bootstrap(0).curve(Vec::new());
    let balanced = learn_with_reference(&analyzer, &set, &reference, &options).unwrap();
    // 40 reference passages for 12: each of the study's counts 40/12 times.
    let w = balanced.model.training.study_weight;
    assert!((w - 40.0 / 12.0).abs() < 1e-9, "{w}");
    assert_eq!(balanced.validation.study_weight, w);
    let fixed = options.clone().study_weight(Some(1.0));
    let even = learn_with_reference(&analyzer, &set, &reference, &fixed).unwrap();
    assert_eq!(even.model.training.study_weight, 1.0);
    // The weight changes the fit.
    let t = theme(&balanced.model, "isolement");
    assert_ne!(
        balanced.model.themes[t].weights,
        even.model.themes[t].weights
    );
}

#[test]
fn a_theme_coded_present_on_its_lexicon_hits_says_so_and_why() {
    let analyzer = analyzer();
    let set = CodedSet::new(planted(30, "zorglub", 2));
    let mut model = learn(
        &analyzer,
        &set,
        &LearnOptions::new().bootstrap(0).curve(vec![]),
    )
    .unwrap()
    .model;
    let t = theme(&model, "isolement");
    // No probability reaches the threshold: only the lexicon's hits can make the theme present.
    model.themes[t].threshold = 1.5;
    model.themes[t].lexicon_present = true;
    model.themes[t].weights.remove("lex:isolement");
    let coder = ModelCoder::new(model, &analyzer).unwrap();
    for (text, present) in [
        ("Je suis tout seul dans mon bureau.", true),
        ("Je ne suis pas tout seul dans mon bureau.", false),
        ("Je suis zorglub dans mon bureau.", false),
    ] {
        let (coding, rows) = code(&coder, &analyzer, text);
        assert_eq!(coding.present[t], present, "{text}");
        if present {
            let cell = &rows[0].themes["isolement"];
            assert_eq!(cell.because[0].feature, "lex:isolement", "{cell:?}");
            assert_eq!(cell.because[0].text, "Je suis tout seul");
        }
    }
    // A document row holds the theme when one of its turns does, even a turn of lower probability.
    let text = "R : Je suis zorglub le matin.\nR : Je suis tout seul dans mon bureau.\n";
    let opts = entretien::ReadOptions::default();
    let doc = entretien::transcript::parse_str(text, entretien::Format::Plain, "d", &opts)
        .unwrap()
        .remove(0);
    assert_eq!(doc.turns.len(), 2);
    let mut scratch = analyzer.scratch();
    let mut cs = coder.scratch();
    let analysis = analyzer.analyze(&doc, &mut scratch);
    let mut rows = Vec::new();
    ModelRows::new(&coder, Unit::Document, RowOptions::new())
        .add(&analysis, &mut cs, |r| rows.push(r));
    let cell = &rows[0].themes["isolement"];
    assert_eq!(cell.present, Some(true), "{cell:?}");
    assert_eq!(cell.because[0].text, "Je suis tout seul");
}

#[test]
fn a_model_of_another_lexicon_or_pipeline_is_refused() {
    let analyzer = analyzer();
    let set = CodedSet::new(planted(30, "zorglub", 1));
    let model = learn(
        &analyzer,
        &set,
        &LearnOptions::new().bootstrap(0).curve(vec![]),
    )
    .unwrap()
    .model;
    let json = model.to_json();
    assert_eq!(Model::from_json(&json).unwrap(), model);

    let other = Analyzer::builder()
        .build(&Lexicon::new(vec![
            Theme::new("isolement").with_entries(["seul"])
        ]))
        .unwrap();
    let e = ModelCoder::new(model.clone(), &other)
        .unwrap_err()
        .to_string();
    assert!(e.contains("lexicon") && e.contains("--lexicon"), "{e}");

    let folded = Analyzer::builder()
        .fold_accents(true)
        .build(&Lexicon::default_french())
        .unwrap();
    let e = ModelCoder::new(model.clone(), &folded)
        .unwrap_err()
        .to_string();
    assert!(e.contains("fold_accents"), "{e}");

    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    value["pipeline"]["features"] = serde_json::json!(99);
    let m = Model::from_json(&value.to_string()).unwrap();
    let e = ModelCoder::new(m, &analyzer).unwrap_err().to_string();
    assert!(e.contains("feature version 99"), "{e}");

    value["version"] = serde_json::json!(99);
    let e = Model::from_json(&value.to_string())
        .unwrap_err()
        .to_string();
    assert!(e.contains("version 99"), "{e}");
    let e = Model::from_json("{\"themes\": []}")
        .unwrap_err()
        .to_string();
    assert!(e.contains("not an entretien model"), "{e}");
    let e = Model::from_json("not json").unwrap_err().to_string();
    assert!(e.contains("line 1"), "{e}");
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_entretien"))
}

#[test]
fn learn_then_score_with_the_model_on_the_command_line() {
    let dir = std::env::temp_dir().join(format!("entretien-learn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let coded = dir.join("coded.jsonl");
    let lines: Vec<String> = planted(40, "zorglub", 2)
        .iter()
        .map(|p| serde_json::to_string(p).unwrap())
        .collect();
    std::fs::write(&coded, lines.join("\n") + "\n").unwrap();
    let model = dir.join("model.json");
    let out = bin()
        .args([
            "learn",
            coded.to_str().unwrap(),
            "-o",
            model.to_str().unwrap(),
            "--no-curve",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(
        table.contains("cross-validation by document") && table.contains("isolement"),
        "{table}"
    );
    // The model never goes over an input.
    let out = bin()
        .args([
            "learn",
            coded.to_str().unwrap(),
            "-o",
            coded.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let score = |threads: &str| {
        let out = bin()
            .args([
                "score",
                "--text",
                "Le matin je suis zorglub, on reçoit des appels.",
                "--unit",
                "turn",
            ])
            .args([
                "--format",
                "jsonl",
                "--threads",
                threads,
                "--model",
                model.to_str().unwrap(),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let one = score("1");
    assert_eq!(one, score("2"));
    let row: serde_json::Value = serde_json::from_slice(&one).unwrap();
    assert_eq!(row["themes"]["isolement"]["present"], true);
    assert_eq!(
        row["themes"]["isolement"]["because"][0]["feature"],
        "w:zorglub"
    );
    // Suggestions: JSON Lines in the coded-passage format, read back by `learn`.
    let corpus = env!("CARGO_MANIFEST_DIR").to_string() + "/corpora/entretiens";
    let suggestions = dir.join("next.jsonl");
    let out = bin()
        .args([
            "learn",
            "suggest-passages",
            model.to_str().unwrap(),
            &corpus,
            "--n",
            "5",
            "-q",
        ])
        .args(["-o", suggestions.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&suggestions).unwrap();
    assert_eq!(text.lines().count(), 5, "{text}");
    let read = entretien::coded::read_coded_path(&suggestions).unwrap();
    assert_eq!(read.passages.len(), 5);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The two coders' development set: cross-validated figures of the learned coders beside the
/// lexicon's, and the model applied back through `lexicon eval --model`.
#[test]
fn the_development_set_cross_validated() {
    let Some(dir) = common::shared_data("coded") else {
        return;
    };
    let a = dir.join("dev.coder_a.jsonl");
    let b = dir.join("dev.coder_b.jsonl");
    let v = json_of(bin().args([
        "learn",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(v["passages"], 90);
    assert_eq!(v["coders"].as_array().unwrap().len(), 2);
    let model = v["model"]["f1"]["value"].as_f64().unwrap();
    let lexicon = v["lexicon"]["f1"]["value"].as_f64().unwrap();
    assert_eq!(v["reference_passages"], 720);
    // 720 reference passages for 90 of the study's: each of these counts as 5 (the most).
    assert_eq!(v["study_weight"], 5.0);
    // The lexicon was revised on these passages, so it is measured in sample here (0.872) while
    // the coders are not (0.860 when written): they should not lose to it by more than noise, and
    // stay well above the floor of the lexicon before revision (0.59).
    assert!(
        model > 0.83 && model > lexicon - 0.04,
        "model {model}, lexicon {lexicon}"
    );
    // No theme under 0.7 (the lowest was 0.718 when written).
    for theme in v["themes"].as_array().unwrap() {
        if let Some(f1) = theme["model"]["f1"]["value"].as_f64() {
            assert!(f1 >= 0.7, "{}: {f1}", theme["id"]);
        }
    }
    let curve = v["curve"].as_array().unwrap();
    assert_eq!(curve.len(), 5);
    let first = curve[0]["micro_f1"].as_f64().unwrap();
    let last = curve[4]["micro_f1"].as_f64().unwrap();
    // The reference passages carry the coders from the start; more passages must not make them
    // worse.
    assert!(first > 0.75, "with 10% of the passages: {first}");
    assert!(
        last >= first - 0.02,
        "the curve should not fall: {first} → {last}"
    );
}

/// Trained on the development set (with the reference passages), applied to the held-out set of
/// `tests/data/coded/heldout/` that neither the codebook nor the coders were fitted to: the coders
/// must stay well above the lexicon alone (0.647 against 0.509 when written).
#[test]
fn coders_from_the_development_set_beat_the_lexicon_on_held_out_passages() {
    let Some(dir) = common::shared_data("coded") else {
        return;
    };
    let out_dir = std::env::temp_dir().join(format!("entretien-heldout-{}", std::process::id()));
    std::fs::create_dir_all(&out_dir).unwrap();
    let model = out_dir.join("model.json");
    let dev = ["dev.coder_a.jsonl", "dev.coder_b.jsonl"].map(|f| dir.join(f));
    json_of(
        bin()
            .args(["learn", "--no-curve", "--format", "json", "-o"])
            .arg(&model)
            .args(&dev),
    );
    let heldout = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/coded/heldout");
    let v = json_of(
        bin()
            .args(["lexicon", "eval", "--format", "json", "--model"])
            .arg(&model)
            .args(["set5.coder_c.jsonl", "set5.coder_d.jsonl"].map(|f| heldout.join(f))),
    );
    let model_f1 = v["model"]["f1"]["value"].as_f64().unwrap();
    let lexicon_f1 = v["lexicon"]["f1"]["value"].as_f64().unwrap();
    assert!(
        model_f1 > 0.61 && model_f1 > lexicon_f1 + 0.1,
        "model {model_f1}, lexicon {lexicon_f1}"
    );
    std::fs::remove_dir_all(&out_dir).ok();
}
