//! The whole scoring pipeline (tokenise, normalise, stem, match, negation, score) on one core, over
//! ≥ 10 MB of interview-like French text built from templates whose hit counts are known.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use entretien::analyzer::Analyzer;
use entretien::EvidenceMode;
use entretien::{Lexicon, Theme, Transcript};

/// Sentences with the number of positive hits each gives with [`lexicon`].
const TEMPLATES: &[(&str, u32)] = &[
    (
        "Alors euh moi je travaille au service de l'état civil depuis une quinzaine d'années.",
        0,
    ),
    (
        "Honnêtement on se sent un peu isolés depuis qu'on est passés au logiciel.",
        2,
    ),
    (
        "Avant on se voyait, maintenant chacun est derrière son écran, chacun dans son coin.",
        2,
    ),
    (
        "Je ne me sens pas isolée, mais c'est vrai que les collègues me manquent.",
        0,
    ),
    (
        "Il y a toujours une urgence, on est débordés, les dossiers s'accumulent.",
        2,
    ),
    (
        "La dématérialisation des actes, ça a été imposé sans formation.",
        1,
    ),
    (
        "Parfois ça n'a plus de sens, on remplit des cases pour des indicateurs.",
        1,
    ),
    (
        "On ne fait que saisir des données toute la journée, c'est répétitif.",
        2,
    ),
    (
        "Franchement le nouveau logiciel est plutôt efficace quand il marche.",
        2,
    ),
    (
        "Les usagers, eux, ils ne comprennent pas toujours, ils sont perdus devant le site.",
        0,
    ),
    (
        "Je suis seule à l'accueil le lundi, seulement le lundi en fait.",
        1,
    ),
    (
        "On a eu une formation de deux jours, c'était trop court, vraiment trop court.",
        3,
    ),
    (
        "Le stress, oui, surtout en fin de mois avec les échéances budgétaires.",
        1,
    ),
    (
        "Ça nous fait gagner du temps sur les courriers, c'est indéniable.",
        1,
    ),
    (
        "Je ne suis jamais débordée le matin, c'est plutôt l'après-midi.",
        0,
    ),
    (
        "Il faudrait plus de moyens humains, pas seulement des outils numériques.",
        1,
    ),
    (
        "Le télétravail, ça isole, on perd le lien avec l'équipe.",
        1,
    ),
    ("Bon, voilà, je crois que j'ai fait le tour, euh, voilà.", 0),
];

fn lexicon() -> Lexicon {
    let theme = |id: &str, entries: &[&str], exclusions: &[&str]| {
        Theme::new(id)
            .with_entries(entries.iter())
            .with_exclusions(exclusions.iter())
    };
    Lexicon {
        name: Some("bench".into()),
        themes: vec![
            theme(
                "isolement",
                &[
                    "isolement",
                    "seul",
                    "solitude",
                    "chacun dans son coin",
                    "éloign*",
                ],
                &["seulement"],
            ),
            theme(
                "perte_de_sens",
                &["perte de sens", "absurde", "n'a plus de sens", "répétitif"],
                &[],
            ),
            theme(
                "surcharge",
                &["débordé", "urgence", "stress*", "surcharge"],
                &[],
            ),
            theme(
                "numerique",
                &[
                    "logiciel",
                    "écran",
                    "dématérialis*",
                    "=numériques",
                    "saisir",
                ],
                &[],
            ),
            theme(
                "efficience",
                &["efficac*", "gagner du temps", "rapidement"],
                &[],
            ),
            theme("formation", &["formation", "trop court"], &[]),
        ],
    }
}

/// Documents of about 20 KB each, sentences picked by a fixed pseudo-random sequence, with the
/// expected number of positive hits.
fn corpus(bytes: usize) -> (Vec<Transcript>, u64) {
    let mut docs = Vec::new();
    let mut expected = 0u64;
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut total = 0;
    while total < bytes {
        let mut text = String::new();
        while text.len() < 20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let (sentence, hits) = TEMPLATES[(state >> 33) as usize % TEMPLATES.len()];
            text.push_str(sentence);
            text.push(if state & 0x10 == 0 { ' ' } else { '\n' });
            expected += hits as u64;
        }
        total += text.len();
        docs.push(Transcript::from_text(format!("doc{}", docs.len()), text));
    }
    (docs, expected)
}

fn bench(c: &mut Criterion) {
    let analyzer = Analyzer::builder()
        .build(&lexicon())
        .expect("bench lexicon compiles");
    let mut wrong = Vec::new();
    for &(sentence, hits) in TEMPLATES {
        let got: u32 = analyzer
            .analyze_text(sentence)
            .themes
            .iter()
            .map(|t| t.hits)
            .sum();
        if got != hits {
            wrong.push(format!("{sentence:?}: {got} hits, table says {hits}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    let (docs, expected) = corpus(10 * 1024 * 1024);
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut scratch = analyzer.scratch();
    let mut group = c.benchmark_group("score");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("pipeline_one_core", |b| {
        b.iter(|| {
            let mut hits = 0u64;
            for doc in &docs {
                let score = analyzer
                    .analyze(doc, &mut scratch)
                    .score(EvidenceMode::Omit);
                hits += score.themes.iter().map(|t| t.hits as u64).sum::<u64>();
            }
            assert_eq!(
                hits, expected,
                "hit count changed: the pipeline did other work"
            );
            hits
        })
    });
    // The reference loop without matching: tokenise, normalise, cached stem. Same data, same run.
    let tokenizer = entretien::Tokenizer::new();
    let normalizer = entretien::Normalizer::new();
    let stemmer = entretien::text::stem::Stemmer::french();
    let mut cache = entretien::text::stem::StemCache::new();
    let mut tokens = Vec::new();
    group.bench_function("baseline_tokenize_normalize_stem", |b| {
        b.iter(|| {
            let mut stem_bytes = 0usize;
            for doc in &docs {
                tokens.clear();
                tokenizer.tokenize_into(&doc.text, &mut tokens);
                for t in &tokens {
                    stem_bytes += cache.stem(&stemmer, &normalizer.normalize(t.text)).len();
                }
            }
            assert!(stem_bytes > 0);
            stem_bytes
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
