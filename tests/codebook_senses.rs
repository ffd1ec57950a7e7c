//! The default codebook on words with several senses: the senses that are not the theme, in the
//! shapes real interviews use them (« la dernière coupe du monde », « une commune de deux mille
//! habitants », « tout seul »), no longer code the theme, while the theme's own senses still do;
//! and `lexicon check` warns about single-word indicators with several common senses.

use entretien::{Analyzer, Lexicon, Theme};

fn hits(analyzer: &Analyzer, text: &str, theme: &str) -> u32 {
    let score = analyzer.analyze_text(text);
    let cell = score
        .theme(theme)
        .unwrap_or_else(|| panic!("no theme {theme}"));
    cell.hits + cell.negated
}

/// (text, theme): a sense that is not the theme.
const OTHER_SENSES: &[(&str, &str)] = &[
    (
        "On a fait le déménagement en juillet, avec les cartons et le camion.",
        "reorganisation",
    ),
    (
        "J'ai rempli le papier pour la cantine de ma fille.",
        "dematerialisation",
    ),
    ("Elle a une énergie folle, cette petite.", "environnement"),
    (
        "Mon fils fait de la mécanique, il répare des motos.",
        "routinisation",
    ),
    ("La commune compte deux mille habitants.", "service_usagers"),
    ("Il aime beaucoup l'art moderne.", "modernisation"),
    ("On a eu des ennuis avec la voiture.", "routinisation"),
    (
        "La porte automatique reste ouverte tout l'hiver.",
        "efficience",
    ),
    (
        "On a regardé la dernière coupe du monde ensemble.",
        "isolement",
    ),
    ("Il est rentré tout seul de l'école.", "isolement"),
    (
        "J'ai réussi tout seul à envoyer ma déclaration.",
        "isolement",
    ),
    ("Le seul problème, c'est le parking.", "isolement"),
    (
        "Le toit de la salle polyvalente s'est envolé.",
        "nouveaux_metiers",
    ),
    (
        "Pour un mariage, la formation du dossier est un peu longue.",
        "accompagnement",
    ),
    (
        "Bon alors on parle des économies d'énergie du chauffage.",
        "maitrise_budgetaire",
    ),
    ("Le guichet numérique a ouvert en mars.", "service_usagers"),
];

/// (text, theme): the theme's own sense of the same words.
const THEME_SENSES: &[(&str, &str)] = &[
    (
        "Le déménagement du service a tout changé.",
        "reorganisation",
    ),
    ("Maintenant c'est le zéro papier.", "dematerialisation"),
    (
        "La consommation d'énergie des serveurs augmente.",
        "environnement",
    ),
    ("On fait tout de façon mécanique.", "routinisation"),
    (
        "Le service aux habitants reste notre priorité.",
        "service_usagers",
    ),
    ("Je m'ennuie au travail.", "routinisation"),
    ("Le traitement se fait automatiquement.", "efficience"),
    (
        "Depuis la réorganisation, je suis toute seule dans mon bureau.",
        "isolement",
    ),
    ("On se sent coupés du monde ici.", "isolement"),
    ("On a eu une formation de deux jours.", "accompagnement"),
    (
        "Il faut faire des économies sur tout.",
        "maitrise_budgetaire",
    ),
];

#[test]
fn other_senses_do_not_code_the_theme_and_the_themes_own_senses_do() {
    let analyzer = Analyzer::builder()
        .build(&Lexicon::default_french())
        .unwrap();
    let mut failures = Vec::new();
    for &(text, theme) in OTHER_SENSES {
        if hits(&analyzer, text, theme) != 0 {
            failures.push(format!("{theme} found in {text:?}"));
        }
    }
    for &(text, theme) in THEME_SENSES {
        if hits(&analyzer, text, theme) == 0 {
            failures.push(format!("{theme} missed in {text:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

fn several_senses_warned(lexicon: &Lexicon) -> Vec<String> {
    lexicon.check().themes[0]
        .entries
        .iter()
        .filter(|e| e.risks.iter().any(|r| r.contains("several common senses")))
        .map(|e| e.source.clone())
        .collect()
}

#[test]
fn lexicon_check_warns_about_single_words_with_several_senses() {
    let theme = Theme::new("isolement").with_entries([
        "=seul",
        "papier",
        "habit*",
        "isolement",
        "coupé du monde",
    ]);
    let warned = several_senses_warned(&Lexicon::new(vec![theme.clone()]));
    // an exact form, a stem entry and a prefix of a listed word; not a plain word or a phrase
    assert_eq!(warned, ["=seul", "papier", "habit*"]);
    // exclusions that name one of the word's forms set its other senses apart
    let with_exclusions = theme.with_exclusions(["le seul", "papiers d'identité"]);
    assert_eq!(
        several_senses_warned(&Lexicon::new(vec![with_exclusions])),
        ["habit*"]
    );
}
