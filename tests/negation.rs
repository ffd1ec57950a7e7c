//! Negation cues and scope as a case table, negation-carrying phrases and the negation modes.

use entretien::analyzer::Analyzer;
use entretien::negation::NegationMode;
use entretien::{Lexicon, Theme};

fn lexicon() -> Lexicon {
    let theme = |id: &str, entries: &[&str]| {
        let theme = Theme::new(id).with_entries(entries);
        if id == "isolement" {
            theme.with_exclusions(["seulement"])
        } else {
            theme
        }
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
        .negation(mode)
        .build(&lexicon())
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
    // a cue outside a phrase still negates it; `dire`, a verb of opinion, carries it into its
    // `que` clause
    ("Je ne dis pas que ça n'a plus de sens.", 0, 1),
    ("Il ne faut pas que ça n'ait plus de sens.", 1, 0),
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
        .negation_window(1)
        .build(&lexicon())
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

/// (text, theme, positive hits, negated hits) with the default lexicon.
const DEFAULT_LEXICON_CASES: &[(&str, &str, u32, u32)] = &[
    // with and without `ne`; spoken French keeps the verb before the cue
    ("Je ne m'ennuie pas.", "routinisation", 0, 1),
    ("Je m'ennuie pas.", "routinisation", 0, 1),
    ("Je m'ennuie jamais au travail.", "routinisation", 0, 1),
    ("Je suis pas stressée du tout.", "charge_de_travail", 0, 1),
    (
        "Je ne suis pas du tout stressée.",
        "charge_de_travail",
        0,
        1,
    ),
    ("Pas du tout stressée.", "charge_de_travail", 0, 1),
    ("Je ne me sens plus isolée.", "isolement", 0, 1),
    ("Je ne travaille jamais seule.", "isolement", 0, 1),
    (
        "Aucune pression ne pèse sur moi.",
        "charge_de_travail",
        0,
        1,
    ),
    ("Sans stress, je serais perdue.", "charge_de_travail", 0, 1),
    // the verb before `pas` is in scope, not what a comma or `?` sets apart
    ("Je suis seule, pas isolée.", "isolement", 1, 1),
    ("Isolée ? Pas du tout.", "isolement", 1, 0),
    // `plus` and `personne` need `ne`
    ("Je suis plus stressée qu'avant.", "charge_de_travail", 1, 0),
    ("Personne ne m'a formée.", "accompagnement", 1, 0),
    // restrictive `ne … que`, and "not only"
    ("On ne fait que saisir.", "routinisation", 1, 0),
    ("On fait que saisir des dossiers.", "routinisation", 1, 0),
    ("On ne fait pas que de la saisie.", "routinisation", 1, 0),
    (
        "Je ne travaille plus qu'avec des courriels.",
        "dematerialisation",
        1,
        0,
    ),
    (
        "Non seulement on est débordés, mais on est seuls.",
        "charge_de_travail",
        1,
        0,
    ),
    (
        "Non seulement on est débordés, mais on est seuls.",
        "isolement",
        1,
        0,
    ),
    // `pas` the noun, `pas mal`
    (
        "Un pas de plus vers la dématérialisation.",
        "dematerialisation",
        1,
        0,
    ),
    ("Pas mal de stress en ce moment.", "charge_de_travail", 1, 0),
    // scope limits: punctuation, `mais`, a new clause
    ("Je ne suis pas isolée mais débordée.", "isolement", 0, 1),
    (
        "Je ne suis pas isolée mais débordée.",
        "charge_de_travail",
        1,
        0,
    ),
    (
        "Je suis pas isolée, je suis débordée.",
        "charge_de_travail",
        1,
        0,
    ),
    ("Je me sens pas seule, ni isolée.", "isolement", 0, 2),
    // negative concord: one negation, closed by its last word
    (
        "On n'a plus aucune marge de manœuvre.",
        "routinisation",
        1,
        0,
    ),
    ("On ne se voit plus jamais.", "isolement", 1, 0),
    // phrases that carry their negation are positive, and take it out of play for the clause
    ("Ça n'a plus de sens.", "perte_de_sens", 1, 0),
    ("Il n'y a personne à qui parler.", "isolement", 1, 0),
    ("J'ai jamais été formée.", "accompagnement", 1, 0),
    ("Sans formation, on se débrouille.", "accompagnement", 1, 0),
    (
        "Ça ne sert à rien de tout scanner.",
        "dematerialisation",
        1,
        0,
    ),
    ("Ça sert à rien de tout scanner.", "dematerialisation", 1, 0),
    ("Ça n'a plus de sens de tout saisir.", "routinisation", 1, 0),
    ("On ne se parle plus entre services.", "relations", 1, 0),
    // … while a plain negation still negates
    ("Je ne veux pas tout saisir.", "routinisation", 0, 1),
    // a cue in the gap of a phrase that holds no negation negates it
    ("Je me sens pas seule.", "isolement", 0, 1),
    ("Je me sens vraiment seule.", "isolement", 1, 0),
    // verbs of opinion carry the negation into their `que` clause, subject included
    (
        "Je pense pas qu'il y ait d'isolement chez nous.",
        "isolement",
        0,
        1,
    ),
    (
        "Je ne crois pas que les agents aient perdu le sens de leur travail.",
        "perte_de_sens",
        0,
        1,
    ),
    (
        "Je trouve pas que le métier ait perdu son sens.",
        "perte_de_sens",
        0,
        1,
    ),
    // … other verbs do not (`pas que` = not only)
    (
        "On fait pas que saisir, on fait de la routine.",
        "routinisation",
        2,
        0,
    ),
    // a short fragment answered by a final `non` is denied; a question tag is not an answer
    ("Isolée, non, je dirais pas ça.", "isolement", 0, 1),
    ("Mais isolée, non.", "isolement", 0, 1),
    ("C'est de l'isolement, non ?", "isolement", 1, 0),
    // in speech without punctuation, a new clause's subject, a transcriber's mark or a discourse
    // marker ends the scope
    (
        "Je sais pas ma sœur elle est stressée.",
        "charge_de_travail",
        1,
        0,
    ),
    (
        "Je sais pas [rires] stressée peut-être.",
        "charge_de_travail",
        1,
        0,
    ),
    (
        "Je sais pas hein stressée peut-être.",
        "charge_de_travail",
        1,
        0,
    ),
    ("Je suis pas euh stressée.", "charge_de_travail", 0, 1),
    // a negated `manquer de` says there is plenty (litotes)
    ("Ça ne manque pas de stress ici.", "charge_de_travail", 1, 0),
    ("Ça manque pas de stress ici.", "charge_de_travail", 1, 0),
    ("Ça ne manque pas, le stress.", "charge_de_travail", 1, 0),
    ("Il ne manque jamais de stress.", "charge_de_travail", 1, 0),
    // themes that are topics: a negated mention still speaks of them
    ("Ça ne nous a pas fait gagner de temps.", "efficience", 1, 0),
    ("On n'a jamais eu de formation.", "accompagnement", 1, 0),
    (
        "Ça ne fait pas faire d'économies.",
        "maitrise_budgetaire",
        1,
        0,
    ),
];

#[test]
fn negation_cases_with_the_default_lexicon() {
    let analyzer = Analyzer::builder()
        .build(&Lexicon::default_french())
        .expect("default lexicon compiles");
    let mut failures = Vec::new();
    for &(text, theme, positive, negated) in DEFAULT_LEXICON_CASES {
        let score = analyzer.analyze_text(text);
        let cell = score
            .themes
            .iter()
            .find(|t| t.id == theme)
            .unwrap_or_else(|| panic!("no theme {theme}"));
        if (cell.hits, cell.negated) != (positive, negated) {
            let ev: Vec<String> = score
                .evidence
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}{}",
                        e.theme,
                        e.text,
                        if e.negated { " (neg)" } else { "" }
                    )
                })
                .collect();
            failures.push(format!(
                "{text:?} [{theme}]: want {positive} positive / {negated} negated, got {} / {} {ev:?}",
                cell.hits, cell.negated
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn absorbing_many_phrases_at_once_agrees_with_one_by_one() {
    use entretien::negation::{absorb, absorb_all, Scope};
    let scope = |cue: usize, end: usize| Scope {
        cues: [cue.saturating_sub(1), cue],
        covered: cue + 1..end,
    };
    let scopes: Vec<Scope> = (0..40).step_by(3).map(|c| scope(c, c + 4)).collect();
    let hits = vec![(2, 4), (5, 5), (10, 16), (12, 13), (30, 31), (38, 45)];
    let mut one_by_one = scopes.clone();
    for &(f, l) in &hits {
        absorb(&mut one_by_one, f, l);
    }
    let mut at_once = scopes.clone();
    absorb_all(&mut at_once, &mut hits.clone());
    assert_eq!(at_once, one_by_one);
    assert!(at_once.len() < scopes.len());
}

#[test]
fn indexed_scope_lookup_agrees_with_the_linear_one() {
    use entretien::negation::{is_negated, is_negated_indexed, running_max_end, Scope};
    // Scopes by start, some long, some nested, as find_scopes may give them.
    let scopes = vec![
        Scope {
            cues: [0, 1],
            covered: 1..9,
        },
        Scope {
            cues: [3, 3],
            covered: 4..5,
        },
        Scope {
            cues: [12, 12],
            covered: 13..14,
        },
        Scope {
            cues: [15, 20],
            covered: 16..40,
        },
        Scope {
            cues: [22, 22],
            covered: 23..25,
        },
    ];
    let mut ends = Vec::new();
    running_max_end(&scopes, &mut ends);
    for first in 0..45 {
        for last in first..45 {
            assert_eq!(
                is_negated_indexed(&scopes, &ends, first, last, true),
                is_negated(&scopes, first, last),
                "hit {first}..={last}"
            );
        }
    }
}
