//! LIWC `.dic` semantics: per-category counts and `Dic` from entretien equal a reference computed
//! here, independently, with LIWC's rules: lowercase word forms; a plain entry matches its exact form,
//! `word*` any form that starts with `word`; a word counts in every category it belongs to, once per
//! category, however many of the category's entries match it; `Dic` is the share of words matched by
//! at least one entry.

use entretien::analyzer::Analyzer;
use entretien::{Lexicon, Transcript};
use std::collections::{BTreeMap, BTreeSet};

/// Overlapping entries on purpose: `isol*` and `isolé`, `travail*`, `trava*` and `travaille`,
/// `stress*` and `stressé*`, words in several categories.
const DIC: &str = "%
1\tisolement
2\ttravail
3\taffect_neg
4\tnumerique
5\tsocial
%
isol*\t1\t3
isolé\t1\t3\t5
seul\t1
seule\t1
solitude\t1\t3
travail*\t2
trava*\t2
travaille\t2
tâche*\t2
dossier*\t2
bureau\t2\t5
collègue*\t2\t5
équipe\t2\t5
stress*\t2\t3
stressé*\t3
fatigu*\t3
triste\t3
logiciel*\t2\t4
ordinateur*\t4
écran*\t4
numérique\t4
mail*\t4
inform*\t4
parle*\t5
on\t5
nous\t5
";

const TEXT: &str = "Quand je suis arrivée à la mairie, on travaillait tous dans le même bureau. \
On se parlait, on s'entraidait, les collègues passaient pour un dossier ou pour rien. \
Depuis le nouveau logiciel, chacun travaille devant son écran et on ne se parle presque plus. \
Je me sens isolée, parfois seule toute la journée, et cette solitude me rend triste. \
Le travail a changé : les tâches sont découpées, les dossiers arrivent par mail, \
et l'informatique décide de l'ordre. Mon chef dit que l'équipe est plus efficace, \
mais l'équipe ne se voit plus. Les agents isolés dans les antennes sont encore plus seuls que nous. \
Je ne suis pas isolé du monde, mais isolée des autres, c'est différent. \
Le stress vient des mails, des écrans, des notifications qui tombent sans arrêt. \
Je suis stressée, fatiguée le soir, et la fatigue s'accumule. Ma collègue Sophie est stressée elle aussi. \
Les ordinateurs sont vieux, le logiciel plante, les informations se perdent, \
et il faut retravailler des dossiers entiers. On travaille plus, on parle moins. \
Nous avions une vraie équipe, nous parlions de nos tâches et de nos usagers. \
Aujourd hui la tâche principale est de saisir, valider, transmettre. \
Le numérique devait nous libérer du papier, il nous a surtout éloignés les uns des autres. \
Un collègue informaticien passe une fois par mois, il parle vite et repart. \
Les isolations du bâtiment ont été refaites, au moins il fait chaud dans le bureau. \
Pour le travail d'équipe, on a essayé des réunions sur écran, mais ce n'est pas pareil. \
Je travaillerai encore quelques années, seule ou pas, avec ou sans équipe.";

/// One category of the dictionary: its name, exact forms and prefixes, as the test reads them.
struct Category {
    name: String,
    exact: BTreeSet<String>,
    prefixes: Vec<String>,
}

impl Category {
    fn contains(&self, word: &str) -> bool {
        self.exact.contains(word) || self.prefixes.iter().any(|p| word.starts_with(p.as_str()))
    }
}

/// Reads the `.dic` above with the test's own, minimal reader.
fn reference_categories(dic: &str) -> Vec<Category> {
    let mut sections = dic.split("%\n").filter(|s| !s.is_empty());
    let header = sections.next().expect("header");
    let body = sections.next().expect("body");
    let mut by_id: BTreeMap<&str, usize> = BTreeMap::new();
    let mut categories = Vec::new();
    for line in header.lines() {
        let (id, name) = line.split_once('\t').expect("id<TAB>name");
        by_id.insert(id, categories.len());
        categories.push(Category {
            name: name.to_string(),
            exact: BTreeSet::new(),
            prefixes: Vec::new(),
        });
    }
    for line in body.lines() {
        let mut fields = line.split('\t');
        let entry = fields.next().expect("entry");
        for id in fields {
            let category = &mut categories[by_id[id]];
            match entry.strip_suffix('*') {
                Some(prefix) => category.prefixes.push(prefix.to_string()),
                None => {
                    category.exact.insert(entry.to_string());
                }
            }
        }
    }
    categories
}

/// LIWC-style word forms: lowercase runs of letters; an apostrophe ends the word it follows and
/// stays with it (`l'`, `s'`), as elided clitics do in entretien's tokenizer.
fn simple_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        if c.is_alphabetic() {
            current.extend(c.to_lowercase());
        } else {
            if c == '\'' && !current.is_empty() {
                current.push('\'');
            }
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

#[test]
fn per_category_counts_and_dic_match_the_reference() {
    let report = Lexicon::from_dic_str(DIC).expect("dictionary loads");
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let analyzer = Analyzer::builder()
        .build(&report.lexicon)
        .expect("dictionary compiles");

    // The reference.
    let categories = reference_categories(DIC);
    let words = simple_words(TEXT);
    assert!(words.len() >= 250, "only {} words", words.len());
    let mut reference: BTreeMap<String, u32> = BTreeMap::new();
    let mut matched_words = 0usize;
    for word in &words {
        let mut any = false;
        for category in &categories {
            if category.contains(word) {
                *reference.entry(category.name.clone()).or_default() += 1;
                any = true;
            }
        }
        matched_words += any as usize;
    }
    let reference_dic = matched_words as f64 / words.len() as f64;

    // The split agrees with the tokenizer on this text, so both count the same words.
    let tokens: Vec<String> = analyzer
        .pipeline()
        .words(TEXT)
        .filter(|(kind, _)| kind.is_countable())
        .map(|(_, form)| form)
        .collect();
    assert_eq!(tokens, words, "the test's split and the tokenizer disagree");

    // entretien: every hit, negated or not (LIWC has no negation), summed per theme.
    let transcript = Transcript::from_text("liwc", TEXT);
    let mut scratch = analyzer.scratch();
    let analysis = analyzer.analyze(&transcript, &mut scratch);
    let lexicon = analyzer.lexicon();
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    let mut hit_tokens = BTreeSet::new();
    let mut per_theme_tokens = BTreeSet::new();
    for hit in &analysis.hits {
        assert_eq!(
            hit.tokens.len(),
            1,
            "single-word dictionary, one token per hit"
        );
        *counts
            .entry(lexicon.themes[hit.theme.index()].id.clone())
            .or_default() += 1;
        assert!(
            per_theme_tokens.insert((hit.theme, hit.tokens.start)),
            "a token counted twice in {}",
            lexicon.themes[hit.theme.index()].id
        );
        hit_tokens.insert(hit.tokens.start);
    }
    let entretien_words: u32 = analysis.turns.iter().map(|t| t.words).sum();
    assert_eq!(entretien_words as usize, words.len());
    let entretien_dic = hit_tokens.len() as f64 / entretien_words as f64;

    eprintln!(
        "{} words; reference {reference:?}, Dic {reference_dic:.4}; entretien {counts:?}, Dic {entretien_dic:.4}",
        words.len()
    );
    assert_eq!(counts, reference);
    assert_eq!(hit_tokens.len(), matched_words);
    assert!((entretien_dic - reference_dic).abs() < 1e-12);
    // The overlaps were exercised: isolé (exact and isol*), travaille (exact, travail*, trava*).
    for word in ["isolé", "isolée", "travaille", "stressée", "isolations"] {
        assert!(
            words.iter().any(|w| w == word),
            "{word} missing from the text"
        );
    }
}

/// LIWC proper credits a word to the categories of its most specific entry only (`isolé` before
/// `isol*`), where entretien and the reference above credit every category with a matching entry.
/// The two agree when every exact entry lists at least the categories of the wildcards that cover it,
/// as in [`DIC`]; this keeps the test's dictionary honest about that.
#[test]
fn exact_entries_list_the_categories_of_their_wildcards() {
    let categories = reference_categories(DIC);
    for owner in &categories {
        for word in &owner.exact {
            for category in &categories {
                if category
                    .prefixes
                    .iter()
                    .any(|p| word.starts_with(p.as_str()))
                {
                    assert!(
                        category.exact.contains(word),
                        "{word} is covered by a wildcard of {} but not listed there",
                        category.name
                    );
                }
            }
        }
    }
}
