//! Vocabulary counts: frequencies, document frequencies, stems, stopwords, groups, and merges
//! that do not depend on order.

use entretien::analyzer::SpeakerFilter;
use entretien::text::stem::Stemmer;
use entretien::transcript::{Role, Transcript};
use entretien::vocab::{VocabCounter, VocabScratch, Vocabulary};
use entretien::Span;
use entretien::{GroupBy, Stopwords};
use proptest::prelude::*;

fn count_all(docs: &[(&str, Option<&str>)]) -> Vocabulary {
    let counter = VocabCounter::new();
    let mut scratch = VocabScratch::new();
    let mut vocab = Vocabulary::new();
    for (text, group) in docs {
        counter.count_text(&mut scratch, text, *group, &mut vocab);
    }
    vocab
}

fn stem(form: &str) -> String {
    Stemmer::french().stem_uncached(form)
}

#[test]
fn counts_forms_of_a_small_text() {
    let vocab = count_all(&[(
        "Le service public. Les services publics, le service !",
        None,
    )]);
    let total = vocab.total();
    assert_eq!(total.documents(), 1);
    assert_eq!(total.tokens(), 8);
    for (form, freq) in [
        ("le", 2),
        ("service", 2),
        ("public", 1),
        ("les", 1),
        ("services", 1),
        ("publics", 1),
    ] {
        assert_eq!(total.form(form), Some((freq, 1)), "form {form}");
    }
    assert_eq!(total.form("Le"), None, "forms are normalised");
    assert_eq!(total.distinct_forms(), 6);

    let forms = total.forms();
    let listed: Vec<(&str, u64)> = forms.iter().map(|f| (f.form.as_str(), f.freq)).collect();
    assert_eq!(
        listed,
        [
            ("le", 2),
            ("service", 2),
            ("les", 1),
            ("public", 1),
            ("publics", 1),
            ("services", 1)
        ],
        "by frequency, then form"
    );
    let le = &forms[0];
    assert!(le.stopword);
    assert_eq!(le.stem, stem("le"));
    assert!(!forms[1].stopword, "service is not a stopword");
}

#[test]
fn stems_add_up_their_forms() {
    let vocab = count_all(&[(
        "Le service public. Les services publics, le service !",
        None,
    )]);
    let total = vocab.total();
    let service = stem("service");
    assert_eq!(
        service,
        stem("services"),
        "the stemmer conflates these forms"
    );
    let entry = total
        .stems()
        .into_iter()
        .find(|s| s.stem == service)
        .expect("stem counted");
    assert_eq!((entry.freq, entry.doc_freq, entry.forms), (3, 1, 2));
    assert!(!entry.stopword);
    // Every token is counted under exactly one stem.
    let sum: u64 = total.stems().iter().map(|s| s.freq).sum();
    assert_eq!(sum, total.tokens());
}

#[test]
fn document_frequency_counts_documents_not_occurrences() {
    let vocab = count_all(&[
        ("outil outil outil", None),
        ("un outil", None),
        ("des outils, un tableur", None),
    ]);
    let total = vocab.total();
    assert_eq!(total.documents(), 3);
    assert_eq!(total.form("outil"), Some((4, 2)));
    assert_eq!(total.form("outils"), Some((1, 1)));
    assert_eq!(total.form("un"), Some((2, 2)));
    assert_eq!(total.stem(&stem("outil")), Some((5, 3)));
    let stems = total.stems();
    assert_eq!(stems[0].stem, stem("outil"), "most frequent stem first");
}

#[test]
fn groups_count_apart_and_add_up_to_the_total() {
    let vocab = count_all(&[
        ("le logiciel plante", Some("agents")),
        ("le logiciel", Some("cadres")),
        ("le logiciel marche", Some("agents")),
        ("sans groupe", None),
    ]);
    let agents = vocab.group("agents").expect("group");
    let cadres = vocab.group("cadres").expect("group");
    assert_eq!((agents.documents(), cadres.documents()), (2, 1));
    assert_eq!(agents.form("logiciel"), Some((2, 2)));
    assert_eq!(cadres.form("logiciel"), Some((1, 1)));
    assert_eq!(vocab.total().form("logiciel"), Some((3, 3)));
    assert_eq!(
        vocab.total().documents(),
        4,
        "ungrouped documents count in the total"
    );
    let names: Vec<&str> = vocab.groups().map(|(name, _)| name).collect();
    assert_eq!(names, ["agents", "cadres"]);
}

#[test]
fn transcripts_count_selected_turns_under_their_metadata_group() {
    let text = "Vous utilisez quel outil ? Un tableur, surtout un tableur.";
    let mut t = Transcript::from_text("e01", text);
    let question = text.find('?').expect("question mark") + 1;
    t.turns.clear();
    t.push_turn(Some("ENQ"), Role::Interviewer, Span::new(0, question));
    t.push_turn(
        Some("R1"),
        Role::Respondent,
        Span::new(question + 1, text.len()),
    );
    t.metadata.insert("service".into(), "finances".into());

    let counter = VocabCounter::with(SpeakerFilter::Respondents, Stopwords::french());
    let mut scratch = VocabScratch::new();
    let mut vocab = Vocabulary::new();
    counter.count_transcript(&mut scratch, &t, &GroupBy::parse("service"), &mut vocab);
    let finances = vocab.group("finances").expect("group from metadata");
    assert_eq!(finances.form("tableur"), Some((2, 1)));
    assert_eq!(
        finances.form("outil"),
        None,
        "interviewer turns are left out"
    );
    assert_eq!(finances.tokens(), 5);

    // Every turn, and a metadata key the transcript lacks: the missing-value group, as in scores.
    let mut all = Vocabulary::new();
    VocabCounter::new().count_transcript(&mut scratch, &t, &GroupBy::parse("région"), &mut all);
    assert_eq!(all.total().form("outil"), Some((1, 1)));
    let groups: Vec<&str> = all.groups().map(|(name, _)| name).collect();
    assert_eq!(groups, [entretien::group::MISSING_GROUP]);
}

#[test]
fn merge_equals_counting_everything_at_once() {
    let docs: [(&str, Option<&str>); 5] = [
        ("Le logiciel plante tout le temps.", Some("agents")),
        ("On a des outils, des logiciels.", Some("cadres")),
        ("Le temps passé sur les outils.", Some("agents")),
        ("Rien à dire.", None),
        ("Les outils, les outils, toujours les outils.", Some("élus")),
    ];
    let whole = count_all(&docs);
    let mut merged = count_all(&docs[..2]);
    merged.merge(&count_all(&docs[2..4]));
    merged.merge(&count_all(&docs[4..]));
    assert_eq!(merged, whole);
    assert_eq!(merged.total().forms(), whole.total().forms());
}

#[test]
fn serialisation_is_deterministic_and_round_trips() {
    let docs: [(&str, Option<&str>); 3] = [
        ("b a c a b a", Some("x")),
        ("c c d", Some("y")),
        ("a d e", Some("x")),
    ];
    let forward = count_all(&docs);
    let mut backward = count_all(&docs[2..]);
    backward.merge(&count_all(&docs[1..2]));
    backward.merge(&count_all(&docs[..1]));
    let json = serde_json::to_string(&forward).expect("serialise");
    assert_eq!(json, serde_json::to_string(&backward).expect("serialise"));
    let back: Vocabulary = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, forward);
    // Sorted by frequency, then form: a (4), c (3), b (2), d (2), e (1).
    let order: Vec<String> = forward
        .total()
        .forms()
        .into_iter()
        .map(|f| f.form)
        .collect();
    assert_eq!(order, ["a", "c", "b", "d", "e"]);
}

#[test]
fn counter_is_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<VocabCounter>();
    assert_send_sync::<Vocabulary>();
}

const WORDS: &[&str] = &[
    "le",
    "outil",
    "outils",
    "logiciel",
    "logiciels",
    "temps",
    "usager",
    "usagers",
    "numérique",
    "été",
    "à",
];

fn documents() -> impl Strategy<Value = Vec<(String, Option<String>)>> {
    let doc = (
        prop::collection::vec(prop::sample::select(WORDS), 0..12),
        prop::option::of(prop::sample::select(&["a", "b", "c"][..])),
    )
        .prop_map(|(words, group)| (words.join(" "), group.map(str::to_string)));
    prop::collection::vec(doc, 0..6)
}

fn count_owned(docs: &[(String, Option<String>)]) -> Vocabulary {
    let borrowed: Vec<(&str, Option<&str>)> = docs
        .iter()
        .map(|(t, g)| (t.as_str(), g.as_deref()))
        .collect();
    count_all(&borrowed)
}

fn merged(x: &Vocabulary, y: &Vocabulary) -> Vocabulary {
    let mut out = x.clone();
    out.merge(y);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merge_is_associative_and_commutative(
        x in documents(),
        y in documents(),
        z in documents(),
    ) {
        let (vx, vy, vz) = (count_owned(&x), count_owned(&y), count_owned(&z));
        prop_assert_eq!(merged(&vx, &vy), merged(&vy, &vx));
        prop_assert_eq!(merged(&merged(&vx, &vy), &vz), merged(&vx, &merged(&vy, &vz)));
        let all: Vec<_> = x.iter().chain(&y).chain(&z).cloned().collect();
        prop_assert_eq!(merged(&merged(&vx, &vy), &vz), count_owned(&all));
        prop_assert_eq!(merged(&vx, &Vocabulary::new()), vx);
    }
}

#[test]
fn a_stem_is_a_stopword_when_most_of_its_occurrences_are() {
    let counter = VocabCounter::with(
        SpeakerFilter::All,
        Stopwords::parse_list("outils | a test list"),
    );
    let stem_entry = |text: &str| {
        let mut scratch = VocabScratch::new();
        let mut vocab = Vocabulary::new();
        counter.count_text(&mut scratch, text, None, &mut vocab);
        vocab
            .total()
            .stems()
            .into_iter()
            .find(|s| s.stem == stem("outil"))
            .expect("stem counted")
    };
    // One stopword form among three occurrences: a content stem.
    assert!(!stem_entry("outil outil outils").stopword);
    // Two of three: a stopword stem, as `elle` with the rarer `elles` the Snowball list lacks.
    assert!(stem_entry("outils outils outil").stopword);
    assert!(stem_entry("outils").stopword);
    // With the built-in list, `elle` (listed) outweighs `elles` (not listed).
    let vocab = count_all(&[("elle dit, elle pense, elles viennent", None)]);
    let elle = vocab
        .total()
        .stems()
        .into_iter()
        .find(|s| s.stem == stem("elle"))
        .expect("stem counted");
    assert!(elle.stopword, "{elle:?}");
}

#[test]
fn group_specificities_on_forms_or_on_stems() {
    use entretien::aggregate::{Aggregate, GroupBy, TermLevel};
    let analyzer = entretien::Analyzer::builder()
        .build(&entretien::Lexicon::default_french())
        .unwrap();
    let mut aggregate = Aggregate::new(&analyzer, GroupBy::parse("g"));
    let counter = VocabCounter::new();
    let mut scratch = VocabScratch::new();
    let mut vocab = Vocabulary::new();
    counter.count_text(
        &mut scratch,
        "écran écran écran écrans logiciel",
        Some("a"),
        &mut vocab,
    );
    counter.count_text(
        &mut scratch,
        "papier papier papiers logiciel logiciel",
        Some("b"),
        &mut vocab,
    );
    aggregate.vocabulary = Some(vocab);

    let forms = aggregate.term_keyness_of(TermLevel::Form, 1);
    assert!(forms.iter().all(|r| r.kind == "form"));
    let row = |rows: &[entretien::aggregate::KeynessRow], group: &str, item: &str| {
        rows.iter()
            .find(|r| r.group == group && r.item == item)
            .cloned()
            .unwrap_or_else(|| panic!("no row for {item} in {group}"))
    };
    let ecran = row(&forms, "a", "écran");
    let k = &ecran.keyness;
    assert_eq!(
        (k.target, k.target_total, k.reference, k.reference_total),
        (3, 5, 0, 5)
    );
    assert_eq!(row(&forms, "a", "écrans").keyness.target, 1);
    // Rows of a group come most specific first.
    let a: Vec<_> = forms.iter().filter(|r| r.group == "a").collect();
    assert_eq!(a[0].item, "écran");
    assert!(a
        .windows(2)
        .all(|w| w[0].keyness.lafon >= w[1].keyness.lafon));

    let stems = aggregate.term_keyness_of(TermLevel::Stem, 1);
    assert_eq!(stems, aggregate.term_keyness(1));
    assert!(stems.iter().all(|r| r.kind == "stem"));
    let ecran = row(&stems, "a", &stem("écran"));
    assert_eq!((ecran.keyness.target, ecran.keyness.reference), (4, 0));
    let logiciel = row(&stems, "b", &stem("logiciel"));
    assert_eq!(
        (logiciel.keyness.target, logiciel.keyness.reference),
        (2, 1)
    );
    assert!(logiciel.keyness.lafon < row(&stems, "b", &stem("papier")).keyness.lafon);
}
