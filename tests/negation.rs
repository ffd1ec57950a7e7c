//! Negation cues and scope as a case table, negation-carrying phrases and the negation modes.

use entretien::analyzer::Analyzer;
use entretien::negation::NegationMode;
use entretien::{Entry, Lexicon, Theme};

fn lexicon() -> Lexicon {
    let theme = |id: &str, entries: &[&str]| Theme {
        id: id.to_string(),
        label: String::new(),
        definition: String::new(),
        entries: entries.iter().map(|e| Entry::parse(e)).collect(),
        exclusions: if id == "isolement" {
            vec![Entry::parse("seulement")]
        } else {
            Vec::new()
        },
    };
    Lexicon {
        name: None,
        themes: vec![
            theme("isolement", &["isolé", "seul"]),
            theme("saisie", &["saisir"]),
            theme(
                "perte_de_sens",
                &["n'a plus de sens", "on ne se voit plus", "plus de sens"],
            ),
        ],
    }
}

fn analyzer(mode: NegationMode) -> Analyzer {
    Analyzer::builder()
        .lexicon(lexicon())
        .negation(mode)
        .build()
        .expect("test lexicon compiles")
}

/// (text, positive hits, negated hits) over all themes.
const CASES: &[(&str, u32, u32)] = &[
    // ne … second part
    ("Je ne me sens pas isolé.", 0, 1),
    ("Je ne suis jamais isolé.", 0, 1),
    ("Je ne suis plus isolé.", 0, 1),
    ("Je ne suis guère isolé.", 0, 1),
    ("Je n'ai aucun collègue isolé.", 0, 1),
    ("Je ne suis nullement isolé.", 0, 1),
    ("Je ne m'isole pas.", 0, 1),
    ("Je ne suis ni seul ni isolé.", 0, 2),
    // spoken French, no ne
    ("Je me sens pas isolé.", 0, 1),
    ("Je suis jamais isolé.", 0, 1),
    ("J'ai rien à saisir.", 0, 1),
    ("Aucun agent isolé.", 0, 1),
    // plus without ne is "more"
    ("Je suis plus isolé qu'avant.", 1, 0),
    // sans, ni, non
    ("Sans être isolé.", 0, 1),
    ("Ni seul ni isolé.", 0, 2),
    ("Non isolé.", 0, 1),
    ("Non seulement isolé, mais aussi débordé.", 1, 0),
    // intensified or hedged
    ("Je ne suis pas du tout isolé.", 0, 1),
    ("Pas du tout isolé.", 0, 1),
    ("Absolument pas isolé.", 0, 1),
    ("Pas vraiment isolé.", 0, 1),
    // restrictive ne … que, and "not only"
    ("On ne fait que saisir.", 1, 0),
    ("On ne fait pas que saisir.", 1, 0),
    ("On fait pas que saisir.", 1, 0),
    ("Pas seulement saisir.", 1, 0),
    ("On ne fait pas seulement saisir.", 1, 0),
    // pas as a noun, pas mal
    ("Un pas isolé.", 1, 0),
    ("Pas mal isolé.", 1, 0),
    // scope limits
    ("Je ne suis pas malade, isolé.", 1, 0),
    ("Je ne suis pas malade mais isolé.", 1, 0),
    ("Je ne suis pas malade; isolé.", 1, 0),
    ("Je ne pense pas. Isolé.", 1, 0),
    ("Je ne suis pas malade parce que isolé.", 1, 0),
    ("Je ne vois pas qui est isolé.", 1, 0),
    ("Pas isolé et seul.", 0, 2),
    ("Pas isolé et je suis seul.", 1, 1),
    (
        "Je ne suis pas vraiment très très très très très isolé.",
        1,
        0,
    ),
    ("Je ne suis pas vraiment très très très isolé.", 0, 1),
    // a cue only reaches the clause it is in
    ("Je ne dors pas; je suis seul.", 1, 0),
    // phrases that carry their own negation are positive
    ("Ça n'a plus de sens.", 1, 0),
    ("Maintenant on ne se voit plus.", 1, 0),
    ("Ça n'a vraiment plus de sens.", 1, 0),
    // a cue outside a phrase still negates it
    ("Je ne dis pas que ça n'a plus de sens.", 1, 0),
    ("Il n'y a jamais eu plus de sens.", 0, 1),
];

#[test]
fn negation_cases() {
    let a = analyzer(NegationMode::Exclude);
    let mut failures = Vec::new();
    for &(text, positive, negated) in CASES {
        let score = a.analyze_text(text);
        let got_pos: u32 = score.themes.iter().map(|t| t.hits).sum();
        let got_neg: u32 = score.themes.iter().map(|t| t.negated).sum();
        if (got_pos, got_neg) != (positive, negated) {
            let ev: Vec<String> = score
                .evidence
                .iter()
                .map(|e| format!("{}{}", e.text, if e.negated { " (neg)" } else { "" }))
                .collect();
            failures.push(format!(
                "{text:?}: want {positive} positive / {negated} negated, got {got_pos} / {got_neg} {ev:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_window_can_be_changed() {
    let a = Analyzer::builder()
        .lexicon(lexicon())
        .negation_window(1)
        .build()
        .expect("builds");
    let score = a.analyze_text("Je ne suis pas vraiment isolé.");
    assert_eq!((score.themes[0].hits, score.themes[0].negated), (1, 0));
}

#[test]
fn negation_modes() {
    let text = "Je suis seul, seul et isolé. Je ne suis pas isolé.";
    // 3 positive, 1 negated; words: je suis seul seul et isolé je ne suis pas isolé = 11
    let exclude = analyzer(NegationMode::Exclude).analyze_text(text);
    let count = analyzer(NegationMode::Count).analyze_text(text);
    let subtract = analyzer(NegationMode::Subtract).analyze_text(text);
    for s in [&exclude, &count, &subtract] {
        assert_eq!((s.themes[0].hits, s.themes[0].negated), (3, 1));
        assert_eq!(s.words, 11);
    }
    let per = |n: f64| n * 1000.0 / 11.0;
    assert!((exclude.themes[0].per_1000 - per(3.0)).abs() < 1e-9);
    assert!((count.themes[0].per_1000 - per(4.0)).abs() < 1e-9);
    assert!((subtract.themes[0].per_1000 - per(2.0)).abs() < 1e-9);
    assert_eq!(exclude.themes[0].weighted, 3.0);
    assert_eq!(count.themes[0].weighted, 4.0);
    assert_eq!(subtract.themes[0].weighted, 2.0);
    assert_eq!(exclude.themes[0].negated_terms.get("isolé"), Some(&1));
}

#[test]
fn indexed_scope_lookup_agrees_with_the_linear_one() {
    use entretien::negation::{is_negated, is_negated_indexed, running_max_end, Scope};
    // Scopes by start, some long, some nested, as find_scopes may give them.
    let scopes = vec![
        Scope { cues: [0, 1], covered: 1..9 },
        Scope { cues: [3, 3], covered: 4..5 },
        Scope { cues: [12, 12], covered: 13..14 },
        Scope { cues: [15, 20], covered: 16..40 },
        Scope { cues: [22, 22], covered: 23..25 },
    ];
    let mut ends = Vec::new();
    running_max_end(&scopes, &mut ends);
    for first in 0..45 {
        for last in first..45 {
            assert_eq!(
                is_negated_indexed(&scopes, &ends, first, last),
                is_negated(&scopes, first, last),
                "hit {first}..={last}"
            );
        }
    }
}
