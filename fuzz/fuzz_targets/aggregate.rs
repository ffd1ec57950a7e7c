//! The aggregate reader: on success `to_json` round-trips, and merging with a clone of itself
//! either errors or doubles every count.
#![no_main]
use entretien::Aggregate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let Ok(a) = Aggregate::from_json(&text) else {
        return;
    };
    let back = Aggregate::from_json(&a.to_json()).expect("to_json of a read aggregate reads back");
    assert_eq!(back, a, "to_json does not round-trip");
    exercise(&a);
    let mut doubled = a.clone();
    if doubled.merge(&a).is_err() {
        return;
    }
    assert_eq!(doubled.documents, 2 * a.documents);
    assert_eq!(doubled.words, 2 * a.words);
    assert_eq!(doubled.words_set_apart, 2 * a.words_set_apart);
    assert_eq!(doubled.themes.len(), a.themes.len());
    for (id, t) in &a.themes {
        let d = &doubled.themes[id];
        assert_eq!((d.hits, d.negated), (2 * t.hits, 2 * t.negated), "theme {id}");
        assert_eq!(d.documents_coded, 2 * t.documents_coded, "theme {id}");
        assert_eq!(d.segments_coded, 2 * t.segments_coded, "theme {id}");
        for (term, n) in &t.terms {
            assert_eq!(d.terms[term], 2 * n, "theme {id} term {term}");
        }
    }
    for (name, g) in &a.groups {
        let d = &doubled.groups[name];
        assert_eq!((d.documents, d.words), (2 * g.documents, 2 * g.words), "group {name}");
    }
    exercise(&doubled);
    let _ = doubled.to_json();
});

/// What reports do with an aggregate: rates, keyness, co-occurrence of every pair.
fn exercise(a: &Aggregate) {
    for id in &a.theme_ids {
        let _ = a.per_1000(id);
    }
    let _ = a.theme_keyness();
    let _ = a.term_keyness(1);
    let n = a.theme_ids.len().min(16);
    for i in 0..n {
        for j in 0..n {
            let _ = a.cooccurrence.pair(i, j);
        }
    }
}
