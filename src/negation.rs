//! French negation: cues and their clause-bounded scope.
//!
//! A lexicon hit inside the scope of a negation cue is *negated*: it is reported apart and, by default,
//! left out of the score ([`NegationMode`]).
//!
//! ```
//! use entretien::analyzer::Analyzer;
//! use entretien::{Entry, Lexicon, Theme};
//!
//! let theme = Theme::new("isolement")
//!     .with_entries(["isolé"]);
//! let analyzer = Analyzer::builder()
//!     .build(&Lexicon { name: None, themes: vec![theme] })?;
//! let score = analyzer.analyze_text("Je ne me sens pas isolé. Mais lui, il est isolé.");
//! assert_eq!((score.themes[0].hits, score.themes[0].negated), (1, 1));
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! # Cues
//!
//! | cue | example | scope |
//! |---|---|---|
//! | `ne`/`n'` … `pas`, `plus`, `jamais`, `guère`, `rien`, `personne`, `aucun(e)`, `nullement`, `point`, `ni` | je *ne* me sens *pas* isolé | from the word after `ne` to the end of the window after the second part |
//! | `pas` without `ne` (speech) | je me sens *pas* isolé, je m'ennuie *pas* | after `pas`, and the verb before it |
//! | `jamais`, `rien`, `aucun(e)`, `guère`, `nullement` without `ne` | *jamais* isolé, *aucun* stress | after the cue |
//! | `sans`, `ni`, `non` | *sans* collègue | after the cue |
//! | `pas du tout`, `absolument pas`, `pas vraiment` | *pas du tout* isolé | as `pas` |
//!
//! Not negations:
//! * restrictive `ne … que` (*on ne fait que saisir* = we only type): positive;
//! * `ne … pas que`, `ne … plus que`, `pas que`, `pas seulement` (= not only; *on ne fait pas que
//!   saisir*, *pas seulement des outils*): positive, the
//!   words are asserted, only their exclusiveness is denied. A second part directly followed by `que`
//!   is read this way; the cost is that *il ne faut pas que…* is not a negation either (the `que` clause
//!   would be out of scope anyway);
//! * `ne` with no second part within 5 words of the same clause (*ne* explétif: *avant qu'il ne parte*);
//! * `plus`, `personne`, `point` without `ne` (*plus* = more, *une personne*);
//! * `pas` as a noun after a determiner (*un pas*, *le premier pas*) and in `pas mal`;
//! * `non seulement`.
//!
//! # Scope
//!
//! The scope starts after the cue (after `ne` for two-part negations, so that *je ne m'isole pas*
//! negates *isole*) and runs for at most [`DEFAULT_WINDOW`] words after the last cue word
//! (`Analyzer::builder().negation_window(n)` changes it). Fillers and annotations are skipped and not
//! counted. It ends earlier, before:
//! * clause punctuation `. ; : ! ? , …`;
//! * a clause word: `mais`, `car`, `donc`, `or`, `parce` (que), `puisque`, `lorsque`, `quand`, `alors`
//!   (que), `cependant`, `pourtant`, `sinon`, `qui`, `que`/`qu'`, `dont`, `où`;
//! * `et`/`ou` followed by a subject pronoun (*et je*, *ou on*): a new clause. Plain `et` does not end it
//!   (*pas isolé et seul*: both negated);
//! * in speech without punctuation: a subject clitic after the scope's first word (*je sais pas ma
//!   sœur elle fait tout par internet*), a transcriber's mark (`[rires]`, `(...)`), `/`, and a
//!   discourse marker (`hein`, `ben`, `bah`, `voilà`, `bref`). Hesitations (`euh`) are skipped.
//!
//! A verb of opinion carries the negation into the `que` clause it introduces, its subject
//! included (*je pense pas qu'il y ait d'isolement*); after other verbs `pas que` is "not only". A
//! final `non` after a comma denies the short fragment before it (*Isolée, non.*), unless it is a
//! question tag (*non ?*). A negated `manquer de` is a litotes, not a negation (*ça ne manque pas
//! de groupes pour solliciter*: there are plenty).
//!
//! A cue without `ne` also covers the verb it follows when a subject pronoun stands at most 3 words
//! before it in the same clause (*je m'ennuie pas*, *je m'isole jamais*: spoken French drops `ne`, not
//! the word order). Negative concord is one negation: in *on n'a plus aucune marge*, the cue is
//! `n'` … `aucune`.
//!
//! A hit is negated when one of its tokens lies in a scope whose cue words all lie outside the hit, so a
//! phrase entry that carries its own negation (*n'a plus de sens*, *on ne se voit plus*) is a positive hit.
//! A cue in the gap of a phrase whose words hold no negation negates it (*je me sens pas seule*).
//! Such a phrase also takes its negation out of play for the rest of the clause: a multi-word hit that
//! contains a scope's last cue word cancels that scope ([`absorb`]), so in *ça ne sert à rien de tout
//! scanner* the scanning is asserted, and in *on ne se parle plus entre services* the relations entry
//! *se parler* counts as well as the isolation phrase.

use crate::text::tokenize::TokenKind;
use std::ops::Range;

/// Words after the last cue word a scope runs for, at most.
pub const DEFAULT_WINDOW: usize = 6;

/// How far (in words) `ne` looks for its second part.
const NE_REACH: usize = 5;

pub use crate::counting::NegationMode;

/// The part a word can play in a negation. Classified once per distinct normalised form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NegClass {
    /// No part.
    None,
    /// A filler or annotation: transparent.
    Skip,
    /// `ne`, `n'`.
    Ne,
    /// `pas`.
    Pas,
    /// Second parts that need `ne`: `plus`, `personne`, `point`.
    NeedsNe,
    /// Cues with or without `ne`: `jamais`, `rien`, `aucun(e)`, `guère`, `nullement`.
    Strong,
    /// `sans`.
    Sans,
    /// `ni`.
    Ni,
    /// `non`.
    Non,
    /// `que`, `qu'`.
    Que,
    /// `seulement` (after `non`, `pas`).
    Seulement,
    /// `mal` (after `pas`).
    Mal,
    /// A determiner before `pas` the noun: `un`, `le`, `ce`, `premier`…
    Determiner,
    /// `et`, `ou`.
    Coordinator,
    /// A subject pronoun that may also be an object or stand alone: `nous`, `vous`, `ça`.
    Subject,
    /// A subject clitic: `je`, `tu`, `il`, `elle`, `on`, `ils`, `elles`, `c'`. After the first word
    /// of a scope it starts a new clause (*je sais pas ma sœur elle fait tout par internet*).
    Clitic,
    /// A verb of opinion that carries its negation into the clause it introduces (*je ne pense pas
    /// qu'il y ait d'isolement* denies the isolation): forms of `croire`, `penser`, `trouver`,
    /// `dire`, `sembler`, `estimer`, `imaginer`.
    Opinion,
    /// Clause punctuation or a clause word: ends a scope.
    Boundary,
    /// `?`: ends a scope, and makes a final `non` a question tag (*c'est mieux, non ?*).
    Question,
    /// A form of `manquer`: *ça ne manque pas de groupes* says there are plenty (litotes).
    Lack,
    /// `de`, `d'`, `du`, `des` (after a negated `manquer`).
    Of,
}

impl NegClass {
    /// Whether the word can be part of a negation cue (`ne`, `pas`, `plus`, `jamais`, `sans`…).
    pub fn is_cue(self) -> bool {
        matches!(
            self,
            NegClass::Ne
                | NegClass::Pas
                | NegClass::NeedsNe
                | NegClass::Strong
                | NegClass::Sans
                | NegClass::Ni
                | NegClass::Non
        )
    }
}

/// Classifies a normalised form.
pub fn classify(norm: &str) -> NegClass {
    match norm {
        "ne" | "n'" => NegClass::Ne,
        "pas" => NegClass::Pas,
        "plus" | "personne" | "point" => NegClass::NeedsNe,
        "jamais" | "rien" | "aucun" | "aucune" | "guère" | "nullement" => NegClass::Strong,
        "sans" => NegClass::Sans,
        "ni" => NegClass::Ni,
        "non" => NegClass::Non,
        "que" | "qu'" => NegClass::Que,
        "seulement" => NegClass::Seulement,
        "mal" => NegClass::Mal,
        "un" | "le" | "ce" | "mon" | "ton" | "son" | "premier" | "dernier" | "petit" | "grand"
        | "chaque" | "quel" | "l'" => NegClass::Determiner,
        "et" | "ou" => NegClass::Coordinator,
        "nous" | "vous" | "ça" | "ca" => NegClass::Subject,
        "je" | "j'" | "tu" | "il" | "elle" | "on" | "ils" | "elles" | "c'" => NegClass::Clitic,
        "?" => NegClass::Question,
        "." | ";" | ":" | "!" | "," | "…" | "..." | "/" | "//" | "mais" | "car" | "donc" | "or"
        | "parce" | "puisque" | "puisqu'" | "lorsque" | "lorsqu'" | "quand" | "alors"
        | "cependant" | "pourtant" | "sinon" | "qui" | "dont" | "où" => NegClass::Boundary,
        // Discourse markers close what was said before them (*je sais pas hein*, *pas isolée,
        // voilà*); hesitations (`euh`) stay transparent.
        "hein" | "ben" | "bah" | "beh" | "bé" | "voilà" | "bref" => NegClass::Boundary,
        "manque" | "manquent" | "manquait" | "manquaient" | "manquera" | "manqueront" => {
            NegClass::Lack
        }
        "de" | "d'" | "du" | "des" => NegClass::Of,
        _ if is_opinion_verb(norm) => NegClass::Opinion,
        _ => NegClass::None,
    }
}

/// Forms of the verbs of opinion whose negation reaches into the clause they introduce.
fn is_opinion_verb(norm: &str) -> bool {
    const FORMS: &[&str] = &[
        "crois",
        "croit",
        "croyons",
        "croyez",
        "croient",
        "croyais",
        "croyait",
        "cru",
        "croire",
        "pense",
        "penses",
        "pensons",
        "pensez",
        "pensent",
        "pensais",
        "pensait",
        "pensé",
        "penser",
        "trouve",
        "trouves",
        "trouvons",
        "trouvez",
        "trouvent",
        "trouvais",
        "trouvait",
        "trouvé",
        "trouver",
        "dis",
        "dit",
        "disons",
        "dites",
        "disent",
        "dirais",
        "dirait",
        "dirions",
        "diriez",
        "diraient",
        "dire",
        "semble",
        "semblent",
        "semblait",
        "sembler",
        "estime",
        "estimons",
        "estimez",
        "estiment",
        "estimer",
        "imagine",
        "imaginons",
        "imaginez",
        "imaginent",
        "imaginer",
    ];
    FORMS.contains(&norm)
}

/// The class a token plays in negation, from its kind and the class of its form ([`classify`]): a
/// transcriber's mark (`[rires]`, `(...)`) is a pause that ends a clause; a filler is transparent
/// unless its form is a discourse marker that ends one (`hein`, `ben`).
pub fn token_class(kind: TokenKind, form_class: NegClass) -> NegClass {
    match kind {
        TokenKind::Annotation => NegClass::Boundary,
        TokenKind::Filler if form_class != NegClass::Boundary => NegClass::Skip,
        _ => form_class,
    }
}

/// The scope of one negation, in token indices of the slice it was found in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The cue's words (`ne` and `pas`; the same index twice for a one-word cue).
    pub cues: [usize; 2],
    /// The tokens it negates.
    pub covered: Range<usize>,
}

impl Scope {
    /// Whether a hit over tokens `first..=last` is negated by this scope: it lies (partly) in the scope
    /// and carries none of the cue's words.
    pub fn negates(&self, first: usize, last: usize) -> bool {
        self.covered.start <= last
            && first < self.covered.end
            && !self.cues.iter().any(|&c| first <= c && c <= last)
    }
}

fn next_word(classes: &[NegClass], after: usize) -> Option<usize> {
    (after + 1..classes.len()).find(|&k| classes[k] != NegClass::Skip)
}

fn prev_word(classes: &[NegClass], before: usize) -> Option<usize> {
    (0..before).rev().find(|&k| classes[k] != NegClass::Skip)
}

fn is_subject(class: NegClass) -> bool {
    matches!(class, NegClass::Subject | NegClass::Clitic)
}

/// Where a scope that covers from `start` and counts its words from `from` ends (exclusive).
///
/// `que` after a verb of opinion in the scope (*je crois pas que*, *je trouve pas que*) carries the
/// negation into its clause, whose subject clitic does not end it.
fn scope_end(classes: &[NegClass], start: usize, from: usize, window: usize) -> usize {
    let mut words = 0;
    let mut k = from;
    let mut opinion =
        classes[start.min(from)..from.min(classes.len())].contains(&NegClass::Opinion);
    let mut clause_subject = false;
    while k < classes.len() {
        match classes[k] {
            NegClass::Skip => {
                k += 1;
                continue;
            }
            NegClass::Que if opinion => {
                opinion = false;
                clause_subject = true;
                words = 0;
                k += 1;
                continue;
            }
            NegClass::Boundary | NegClass::Question | NegClass::Que => return k,
            NegClass::Coordinator
                if next_word(classes, k).is_some_and(|n| is_subject(classes[n])) =>
            {
                return k
            }
            NegClass::Clitic if words > 0 && !clause_subject => return k,
            NegClass::Opinion => opinion = true,
            _ => {}
        }
        clause_subject = false;
        if words == window {
            return k;
        }
        words += 1;
        k += 1;
    }
    k
}

/// How far back (in words) a cue without `ne` looks for the subject of the verb it follows.
const SUBJECT_REACH: usize = 3;

/// Where the scope of a cue without `ne` at `cue` starts. Spoken French drops `ne` but keeps the verb
/// before the cue (*je m'ennuie pas*, *je m'isole jamais*): when a subject pronoun stands within
/// [`SUBJECT_REACH`] words before the cue, in the same clause, the scope starts after it; otherwise
/// right after the cue.
fn verb_start(classes: &[NegClass], cue: usize) -> usize {
    let mut k = cue;
    for _ in 0..SUBJECT_REACH {
        match prev_word(classes, k) {
            Some(p) => match classes[p] {
                NegClass::Subject | NegClass::Clitic => {
                    return if p + 1 < cue { p + 1 } else { cue + 1 }
                }
                NegClass::None | NegClass::Determiner | NegClass::Opinion => k = p,
                _ => break,
            },
            None => break,
        }
    }
    cue + 1
}

/// Drops the scopes that a phrase hit carries: a multi-word hit over `first..=last` that contains a
/// scope's last cue word (*ne sert à rien*, *n'a plus aucune marge*) is a lexicalised negation, whose
/// meaning the lexicon already counts; it does not negate the other words of its clause (*ça ne sert
/// à rien de tout scanner*: the scanning is asserted).
pub fn absorb(scopes: &mut Vec<Scope>, first: usize, last: usize) {
    if first < last {
        scopes.retain(|s| !(first <= s.cues[1] && s.cues[1] <= last));
    }
}

/// [`absorb`] for many hits at once, in time linear in the scopes (after sorting the hits): `hits` are
/// `(first, last)` token ranges; single-word ones change nothing.
pub fn absorb_all(scopes: &mut Vec<Scope>, hits: &mut Vec<(usize, usize)>) {
    hits.retain(|&(first, last)| first < last);
    if hits.is_empty() || scopes.is_empty() {
        return;
    }
    hits.sort_unstable();
    // Running maximum of the hits' last tokens: a cue at `c` is inside some hit exactly when a hit
    // starting at or before `c` reaches `c`.
    let mut reach = 0;
    for h in hits.iter_mut() {
        reach = reach.max(h.1);
        h.1 = reach;
    }
    scopes.retain(|s| {
        let c = s.cues[1];
        let k = hits.partition_point(|&(first, _)| first <= c);
        !(k > 0 && hits[k - 1].1 >= c)
    });
}

/// Finds the negation scopes in a run of tokens (one turn), given each token's class, appending them
/// to `out` in order.
pub fn find_scopes(classes: &[NegClass], window: usize, out: &mut Vec<Scope>) {
    let n = classes.len();
    let mut i = 0;
    while i < n {
        match classes[i] {
            NegClass::Ne => {
                let mut j = i + 1;
                let mut words = 0;
                let mut second = None;
                while j < n && words < NE_REACH {
                    match classes[j] {
                        NegClass::Skip => {
                            j += 1;
                            continue;
                        }
                        NegClass::Pas | NegClass::NeedsNe | NegClass::Strong | NegClass::Ni => {
                            second = Some(j);
                            break;
                        }
                        NegClass::Que => {
                            // Restrictive `ne … que`: not a negation.
                            second = None;
                            i = j;
                            break;
                        }
                        NegClass::Boundary | NegClass::Question => break,
                        _ => {}
                    }
                    words += 1;
                    j += 1;
                }
                if let Some(mut j) = second {
                    // Negative concord: `ne … plus aucun`, `ne … plus jamais rien` are one negation
                    // whose last word closes the cue.
                    while let Some(k) = next_word(classes, j)
                        .filter(|&k| matches!(classes[k], NegClass::NeedsNe | NegClass::Strong))
                    {
                        j = k;
                    }
                    let opinion = classes[i..j].contains(&NegClass::Opinion);
                    let litotes = classes[i..j].contains(&NegClass::Lack);
                    match next_word(classes, j) {
                        Some(k)
                            if classes[k] == NegClass::Seulement
                                || (classes[k] == NegClass::Que && !opinion)
                                || (classes[k] == NegClass::Of && litotes) =>
                        {
                            i = k
                        }
                        _ => {
                            out.push(Scope {
                                cues: [i, j],
                                covered: i + 1..scope_end(classes, i + 1, j + 1, window),
                            });
                            i = j;
                        }
                    }
                }
            }
            NegClass::Pas => {
                let noun =
                    prev_word(classes, i).is_some_and(|p| classes[p] == NegClass::Determiner);
                let next = next_word(classes, i).map(|k| classes[k]);
                let start = verb_start(classes, i);
                // `pas que` is "not only", unless a verb of opinion governs the `que` clause.
                let not_only = next == Some(NegClass::Que)
                    && !classes[start.min(i)..i].contains(&NegClass::Opinion);
                // `ça manque pas de…`: there is no lack of it (litotes).
                let litotes = next == Some(NegClass::Of)
                    && prev_word(classes, i).is_some_and(|p| classes[p] == NegClass::Lack);
                if !noun
                    && !not_only
                    && !litotes
                    && !matches!(next, Some(NegClass::Mal | NegClass::Seulement))
                {
                    out.push(Scope {
                        cues: [i, i],
                        covered: start..scope_end(classes, start, i + 1, window),
                    });
                }
            }
            NegClass::Strong => {
                let start = verb_start(classes, i);
                out.push(Scope {
                    cues: [i, i],
                    covered: start..scope_end(classes, start, i + 1, window),
                })
            }
            NegClass::Sans | NegClass::Ni => out.push(Scope {
                cues: [i, i],
                covered: i + 1..scope_end(classes, i + 1, i + 1, window),
            }),
            NegClass::Non => {
                let next = next_word(classes, i).map(|k| classes[k]);
                if let Some(start) = answered_fragment(classes, i) {
                    out.push(Scope {
                        cues: [i, i],
                        covered: start..i,
                    });
                } else if next != Some(NegClass::Seulement) {
                    out.push(Scope {
                        cues: [i, i],
                        covered: i + 1..scope_end(classes, i + 1, i + 1, window),
                    });
                }
            }
            _ => {}
        }
        i += 1;
    }
}

/// How many words a fragment answered by a final `non` may hold (*Isolée, non.*).
const ANSWERED_WORDS: usize = 3;

/// The start of the short fragment that a `non` at `at` answers when it closes its sentence after a
/// comma (*Isolée, non.*, *Mais isolée, non*): the fragment runs back from the comma to the previous
/// clause boundary, and holds at most [`ANSWERED_WORDS`] words. `non ?` (a question tag) is no answer.
fn answered_fragment(classes: &[NegClass], at: usize) -> Option<usize> {
    let ends_sentence = match next_word(classes, at) {
        None => true,
        Some(k) => classes[k] == NegClass::Boundary,
    };
    let comma = prev_word(classes, at)?;
    if !ends_sentence || classes[comma] != NegClass::Boundary {
        return None;
    }
    let mut start = comma;
    let mut words = 0;
    while let Some(p) = prev_word(classes, start) {
        if matches!(classes[p], NegClass::Boundary | NegClass::Question) {
            break;
        }
        words += 1;
        if words > ANSWERED_WORDS {
            return None;
        }
        start = p;
    }
    (start < comma).then_some(start)
}

/// Whether any scope negates a hit over tokens `first..=last`.
pub fn is_negated(scopes: &[Scope], first: usize, last: usize) -> bool {
    scopes.iter().any(|s| s.negates(first, last))
}

/// For scopes in the order [`find_scopes`] gives them (by start), the running maximum of their ends:
/// what [`is_negated_indexed`] needs to look at only the scopes near a hit.
pub fn running_max_end(scopes: &[Scope], out: &mut Vec<usize>) {
    out.clear();
    let mut max = 0;
    out.extend(scopes.iter().map(|s| {
        max = max.max(s.covered.end);
        max
    }));
}

/// [`is_negated`] in logarithmic time for long turns: `scopes` sorted by start (as [`find_scopes`]
/// gives them) and `max_end` from [`running_max_end`]. With `own_cues` false (a phrase whose words
/// hold no negation), a cue inside the hit stands in its gap and negates it like any other.
pub fn is_negated_indexed(
    scopes: &[Scope],
    max_end: &[usize],
    first: usize,
    last: usize,
    own_cues: bool,
) -> bool {
    let mut k = scopes.partition_point(|s| s.covered.start <= last);
    while k > 0 {
        k -= 1;
        if max_end[k] <= first {
            return false;
        }
        let s = &scopes[k];
        if (own_cues && s.negates(first, last))
            || (!own_cues && s.covered.start <= last && first < s.covered.end)
        {
            return true;
        }
    }
    false
}
