//! Reported claims the speaker rejects: « On dit que ces logiciels mettent la pression. Pas chez
//! moi. »
//!
//! Interviewees often answer a view they attribute to others (the question they are asked, what
//! « on dit », what they were sold) and then reject it in their next words. The lexicon's hits in
//! such a claim are *denied*: negated for every theme, even one whose negated mentions still speak
//! of it ([`ThemeNegation::Topic`](crate::lexicon::ThemeNegation::Topic)), since the speaker says
//! the claim does not hold, not that its opposite does.
//!
//! ```
//! use entretien::analyzer::Analyzer;
//! use entretien::Lexicon;
//!
//! let analyzer = Analyzer::builder().build(&Lexicon::default_french())?;
//! let work = |text: &str| {
//!     let score = analyzer.analyze_text(text);
//!     let cell = score.theme("charge_de_travail").unwrap();
//!     (cell.hits, cell.negated)
//! };
//! assert_eq!(work("On dit que ces logiciels mettent la pression. Pas chez moi, hein."), (0, 1));
//! // Without the rejection, the report is taken as it stands.
//! assert_eq!(work("On dit que ces logiciels mettent la pression. Et c'est vrai."), (1, 0));
//! // The speaker's own claim is not a report.
//! assert_eq!(work("Je dis que ces logiciels mettent la pression. Pas à tout le monde."), (1, 0));
//! # Ok::<(), entretien::Error>(())
//! ```
//!
//! # The rule
//!
//! A claim is rejected when all of these hold, in one turn:
//! 1. **A reporting verb whose subject is someone else.** Forms of *dire*, *croire*, *penser*,
//!    *imaginer*, *raconter*, *répéter*, *prétendre*, *entendre* (claim opened by `que`), *parler*
//!    (`de`), *demander* (`si`), *vendre*, *présenter* (`comme`). Looking back from the verb over
//!    object pronouns, auxiliaries and a few adverbs (*on m'a souvent dit*), the subject is `on`,
//!    `il(s)`, `elle(s)`, `qui` (*y en a qui disent*) or a noun (*les gens*, *tout le monde*,
//!    *certains collègues*); never `je` or `tu`, and the report is not itself negated.
//! 2. **The claim**: from its opening word (at most three words after the verb: *on entend
//!    partout que*, *on nous avait vendu ça comme*) to the end of the sentence, or to `mais`. So
//!    *on m'a dit de scanner* (an instruction, `de` after *dire*) is not a report.
//! 3. **The rejection**: the words that follow the claim, past fillers, punctuation and openers
//!    (*ben*, *bon*, *mais*, *franchement*, *honnêtement*, *moi*, *chez nous*…, six at most),
//!    start with `non`, `pas`, `jamais`, `rien` (*Pas chez moi.*, *Ben non, honnêtement.*), with
//!    *c'est pas*, *c'est faux*, *ça change rien*, *ça a rien changé*, or with the speaker's own
//!    view: *je trouve pas* (*crois*, *pense*, *vois*; not *je trouve pas le temps*), *j'ai pas
//!    l'impression*.
//!
//! A negated clause that does not open the reply (*On m'a dit que la formation était obligatoire.
//! J'y suis pas allée.*) rejects nothing: it may say something else.
//!
//! # Other denials a negation's scope misses
//!
//! A negation denies the words in its scope; for a topic theme those words still speak of the
//! topic (*ça ne nous a pas fait gagner de temps* is about efficiency). Three turns of phrase deny
//! the topic itself, and their hits are denied for every theme:
//! * **a negated purpose**: the negation, at most three words (*du tout*, *fait*, *été*,
//!   *servi*…), then `pour` (or `à` after *servir*): *c'était pas pour faire des économies*, *ça a
//!   pas servi à supprimer des postes*. A lack is not a purpose: in *pas de budget pour la
//!   formation* a noun follows the negation, and the training refused stays the topic;
//! * **a negated change**: a verb of change (*changer*, *bouger*, *évoluer*, *chambouler*,
//!   *bouleverser*, *transformer*, *modifier*) in a negation's scope or just before its cue. With
//!   an object it denies the object (*j'ai pas changé de métier*, *ça a rien changé à
//!   l'organisation*), not what does the changing (*les plis arrivent en PDF, ça change rien à ce
//!   que je fais*: the PDF is still said). Without one, it denies the topic stated before it in
//!   its clause (*Le rythme, ça a pas changé*, *L'organigramme il a pas bougé*), but not a clause
//!   before that has a subject of its own (*on s'entraide, la messagerie elle a rien changé à
//!   ça*), nor when the sentence goes on to say a state persists (*toujours autant*, *encore
//!   plus*);
//! * **a topic said not to be a concern**: *c'est pas le sujet* (or *un critère*, *une
//!   priorité*), *on est pas concernés*, *ça a jamais pesé*, *on y pense pas*, *on s'est jamais
//!   posé la question*. It denies its sentence up to the phrase, and the sentence before when the
//!   phrase opens its own (*L'impact écologique ? Honnêtement c'est pas un sujet.*).

use crate::matcher::{TermTable, TokenRecord};
use crate::negation::{NegClass, Scope};
use crate::text::tokenize::TokenKind;
use std::ops::Range;

/// The word a reporting verb's claim opens with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opener {
    /// `que`, `qu'`: *on dit que*.
    Que,
    /// `de`, `d'`, `du`, `des`: *on parle de*.
    De,
    /// `si`, `s'`: *on me demande si*.
    Si,
    /// `comme`: *on nous l'a vendu comme*.
    Comme,
}

impl Opener {
    fn opens(self, form: &str) -> bool {
        match self {
            Opener::Que => matches!(form, "que" | "qu'"),
            Opener::De => matches!(form, "de" | "d'" | "du" | "des"),
            Opener::Si => matches!(form, "si" | "s'"),
            Opener::Comme => form == "comme",
        }
    }
}

/// The claim a form of a reporting verb opens, if it is one. Classified once per distinct form
/// (the term table keeps whether it is one).
pub(crate) fn reporting_verb(form: &str) -> Option<Opener> {
    Some(match form {
        "dit" | "disent" | "disait" | "disaient" | "dira" | "diront" | "croit" | "croient"
        | "croyait" | "croyaient" | "pense" | "pensent" | "pensait" | "pensaient" | "imagine"
        | "imaginent" | "imaginait" | "raconte" | "racontent" | "racontait" | "raconté"
        | "répète" | "répètent" | "répétait" | "répété" | "prétend" | "prétendent"
        | "prétendait" | "entend" | "entendu" | "entendait" => Opener::Que,
        "parle" | "parlent" | "parlait" | "parlaient" | "parlé" | "parlera" => Opener::De,
        "demande" | "demandent" | "demandait" | "demandaient" | "demandé" => Opener::Si,
        "vend" | "vendent" | "vendait" | "vendu" | "vendue" | "vendus" | "présente"
        | "présentent" | "présentait" | "présenté" | "présentée" => Opener::Comme,
        _ => return None,
    })
}

/// Words between a reporting verb and its subject (*on m'a souvent dit*), or between the verb and
/// its claim (*on entend partout que*, *on nous l'a vendu comme*).
fn is_between(form: &str) -> bool {
    matches!(
        form,
        "me" | "m'"
            | "te"
            | "t'"
            | "nous"
            | "vous"
            | "lui"
            | "leur"
            | "l'"
            | "le"
            | "la"
            | "les"
            | "en"
            | "y"
            | "se"
            | "s'"
            | "ai"
            | "as"
            | "a"
            | "avons"
            | "avez"
            | "ont"
            | "avais"
            | "avait"
            | "avaient"
            | "aura"
            | "est"
            | "sont"
            | "souvent"
            | "toujours"
            | "partout"
            | "beaucoup"
            | "encore"
            | "déjà"
            | "aussi"
            | "ça"
            | "ca"
            | "cela"
            | "bien"
            | "tout"
            | "tous"
    )
}

/// Words that open a reply before its rejection (*Ben non*, *Chez nous franchement, non*).
fn is_lead(form: &str) -> bool {
    matches!(
        form,
        "ben"
            | "bah"
            | "beh"
            | "bon"
            | "mais"
            | "et"
            | "alors"
            | "enfin"
            | "franchement"
            | "honnêtement"
            | "sincèrement"
            | "vraiment"
            | "personnellement"
            | "perso"
            | "moi"
            | "nous"
            | "chez"
            | "ici"
            | "là"
            | "hein"
            | "oh"
            | "ah"
    )
}

/// Where a claim ends: its sentence's end, or `mais`.
fn ends_claim(form: &str) -> bool {
    ends_sentence(form) || form == "mais"
}

/// The tokens of `range` that are words or punctuation, fillers and annotations skipped.
fn words(classes: &[NegClass], range: Range<usize>) -> impl DoubleEndedIterator<Item = usize> + '_ {
    range.filter(|&k| classes[k] != NegClass::Skip)
}

/// Longest claim, in tokens: a claim runs to the end of its sentence, and an unpunctuated
/// transcript must not make one sentence of a whole turn.
const MAX_CLAIM: usize = 60;

/// Finds the rejected claims of one turn, as token ranges of `tokens` (sorted, apart), appending
/// them to `out`. `classes` are the tokens' negation classes.
pub(crate) fn find_rejected_claims(
    tokens: &[TokenRecord],
    table: &TermTable,
    classes: &[NegClass],
    out: &mut Vec<Range<usize>>,
) {
    let form = |k: usize| table.form(tokens[k].term);
    let mut after = 0;
    for verb in 0..tokens.len() {
        if verb < after || !table.lex(tokens[verb].term).reports() {
            continue;
        }
        let Some(opener) = reporting_verb(form(verb)) else {
            continue;
        };
        if !reported_by_others(tokens, classes, &form, verb) {
            continue;
        }
        // The claim's opening word, past at most three words.
        let mut start = None;
        let mut seen = 0;
        for k in words(classes, verb + 1..tokens.len()) {
            let f = form(k);
            if opener.opens(f) {
                start = Some(k);
                break;
            }
            seen += 1;
            if seen > 3 || !is_between(f) {
                break;
            }
        }
        let Some(start) = start else { continue };
        let end = (start + 1..tokens.len().min(start + MAX_CLAIM))
            .find(|&k| ends_claim(form(k)))
            .unwrap_or(tokens.len().min(start + MAX_CLAIM));
        if rejects(tokens, classes, &form, end) {
            out.push(start..end);
            after = end;
        }
    }
}

/// Whether the reporting verb at `verb` has a subject other than the speaker, and is not negated.
fn reported_by_others<'t>(
    tokens: &[TokenRecord],
    classes: &[NegClass],
    form: &impl Fn(usize) -> &'t str,
    verb: usize,
) -> bool {
    let mut k = verb;
    for _ in 0..6 {
        let Some(p) = words(classes, 0..k).next_back() else {
            return false;
        };
        match form(p) {
            "je" | "j'" | "tu" => return false,
            "on" | "il" | "ils" | "elle" | "elles" | "qui" => return true,
            f if is_between(f) => k = p,
            _ => {
                return tokens[p].kind == TokenKind::Word
                    && !matches!(
                        classes[p],
                        NegClass::Ne
                            | NegClass::Pas
                            | NegClass::Strong
                            | NegClass::Boundary
                            | NegClass::Question
                    )
            }
        }
    }
    false
}

/// Whether the words from `from` open with a rejection.
fn rejects<'t>(
    tokens: &[TokenRecord],
    classes: &[NegClass],
    form: &impl Fn(usize) -> &'t str,
    from: usize,
) -> bool {
    let mut words =
        words(classes, from..tokens.len()).filter(|&k| tokens[k].kind == TokenKind::Word);
    let mut leads = 0;
    let first = loop {
        let Some(k) = words.next() else { return false };
        if is_lead(form(k)) && leads < 6 {
            leads += 1;
            continue;
        }
        break k;
    };
    let mut next = || words.find(|&k| !matches!(form(k), "ne" | "n'")).map(form);
    match form(first) {
        // « Pas mal » says a good deal, not no.
        "pas" => next() != Some("mal"),
        "non" | "jamais" | "rien" => true,
        "c'" | "ce" => {
            next().is_some_and(|f| matches!(f, "est" | "était"))
                && next().is_some_and(|f| matches!(f, "pas" | "jamais" | "faux"))
        }
        "ça" | "ca" => {
            let verb = next();
            let then = next();
            matches!(verb, Some("change" | "changé" | "a")) && matches!(then, Some("rien" | "pas"))
        }
        // The speaker's own view against the report: « Je trouve pas », « J'ai pas l'impression ».
        "je" | "j'" => match next() {
            // Not a search: « je trouve pas le temps », « je vois pas où ».
            Some("trouve" | "crois" | "pense" | "vois") => {
                next() == Some("pas")
                    && match next() {
                        Some("du") => next() == Some("tout"),
                        Some(f) => !(takes_object(f) || matches!(f, "où" | "comment")),
                        None => true,
                    }
            }
            Some("ai") => {
                next() == Some("pas") && next() == Some("l'") && next() == Some("impression")
            }
            _ => false,
        },
        _ => false,
    }
}

/// What a form can do in the denials other than reports ([`find_denials`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DenialWord {
    /// A verb of change: *changé*, *bougé*, *chamboulé*, *change*…
    Change,
    /// A word of the phrases that say a topic is not a concern here: *sujet*, *concerné*, *pense*…
    Concern(Concern),
}

/// The phrases that say a topic is not a concern here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Concern {
    /// *c'est pas le sujet*, *pas un critère*, *pas une priorité*.
    Subject,
    /// *on est pas concernés*, *ça a jamais pesé*.
    Concerned,
    /// *on y pense pas*, *on y a jamais pensé*.
    ThinkOf,
    /// *on s'est jamais posé la question*.
    Asked,
}

/// The part a form plays in [`find_denials`], if any. Classified once per distinct form (the term
/// table keeps whether it plays one).
pub(crate) fn denial_word(form: &str) -> Option<DenialWord> {
    Some(match form {
        "changé" | "changée" | "changés" | "changées" | "change" | "changent" | "bougé"
        | "bouge" | "bougent" | "évolué" | "évolue" | "évoluent" | "chamboulé" | "chamboulée"
        | "chamboule" | "bouleversé" | "bouleversée" | "bouleverse" | "transformé"
        | "transformée" | "modifié" | "modifiée" => DenialWord::Change,
        "sujet" | "critère" | "priorité" => DenialWord::Concern(Concern::Subject),
        "concerné" | "concernée" | "concernés" | "concernées" | "pesé" => {
            DenialWord::Concern(Concern::Concerned)
        }
        "pense" | "pensent" | "pensait" | "pensé" => DenialWord::Concern(Concern::ThinkOf),
        "posé" | "posée" => DenialWord::Concern(Concern::Asked),
        _ => return None,
    })
}

fn ends_sentence(form: &str) -> bool {
    matches!(form, "." | "!" | "?" | ";" | ":" | "…" | "...")
}

/// Where a clause starts, looking back: a sentence's end or a word that opens a new clause.
fn opens_clause(form: &str) -> bool {
    ends_sentence(form)
        || matches!(
            form,
            "mais"
                | "et"
                | "car"
                | "donc"
                | "parce"
                | "puisque"
                | "puisqu'"
                | "quand"
                | "alors"
                | "sinon"
                | "pourtant"
                | "cependant"
        )
}

/// Words between a negation and the purpose it denies: *c'était pas du tout pour*, *on l'a pas
/// fait pour*, *ça a pas servi à*.
fn bridges_purpose(form: &str) -> Option<bool> {
    match form {
        "du" | "tout" | "vraiment" | "forcément" | "spécialement" | "fait" | "faite" | "faits"
        | "été" | "fallu" | "conçu" | "pensé" | "prévu" => Some(false),
        // After *servir*, the purpose opens with `à`.
        "servi" | "sert" | "servait" | "servir" | "serve" | "sers" => Some(true),
        _ => None,
    }
}

/// Words that open the object of a verb of change (*changé de métier*, *rien changé à
/// l'organisation*, *pas changé grand-chose*).
fn takes_object(form: &str) -> bool {
    matches!(
        form,
        "à" | "au"
            | "aux"
            | "de"
            | "d'"
            | "du"
            | "des"
            | "le"
            | "la"
            | "les"
            | "l'"
            | "un"
            | "une"
            | "mon"
            | "ma"
            | "mes"
            | "ton"
            | "ta"
            | "tes"
            | "son"
            | "sa"
            | "ses"
            | "notre"
            | "nos"
            | "votre"
            | "vos"
            | "leur"
            | "leurs"
            | "ce"
            | "cette"
            | "ces"
            | "grand-chose"
            | "quelque"
    )
}

/// Longest reach, in tokens, back from a denial to the topic it denies (*L'organigramme, il a pas
/// bougé*), so that an unpunctuated turn is not one sentence.
const MAX_REACH: usize = 25;

/// Finds what the speaker denies beyond a negation's scope, as token ranges appended to `out`
/// (unsorted): a negated purpose, a negated change and a topic said not to be a concern.
/// `scopes` are the turn's negation scopes; `words_deny` says whether a token has a
/// [`denial_word`], so that turns without one skip the last two rules.
pub(crate) fn find_denials(
    tokens: &[TokenRecord],
    table: &TermTable,
    classes: &[NegClass],
    scopes: &[Scope],
    words_deny: bool,
    out: &mut Vec<Range<usize>>,
) {
    let form = |k: usize| table.form(tokens[k].term);
    let next_word = |k: usize| words(classes, k + 1..tokens.len()).next();
    for scope in scopes {
        // A negated purpose: *c'était pas pour faire des économies*.
        let mut k = scope.cues[1];
        let mut after_serve = false;
        for _ in 0..3 {
            let Some(j) = next_word(k).filter(|&j| j < scope.covered.end) else {
                break;
            };
            match (form(j), after_serve) {
                ("pour", _) | ("à", true) => {
                    out.push(j..scope.covered.end);
                    break;
                }
                (f, _) => match bridges_purpose(f) {
                    Some(serve) => {
                        after_serve |= serve;
                        k = j;
                    }
                    None => break,
                },
            }
        }
        if words_deny {
            denied_change(tokens, table, classes, scope, out);
        }
    }
    if words_deny {
        not_a_concern(tokens, table, classes, out);
    }
}

/// A negated change (*L'organigramme, il a pas bougé*, *ça a rien changé à l'organisation*, *j'ai
/// pas changé de métier*) denies its clause, back to the topic stated before it, unless the
/// sentence goes on to say that a state persists (*ça a rien changé, on s'entend toujours aussi
/// bien*).
fn denied_change(
    tokens: &[TokenRecord],
    table: &TermTable,
    classes: &[NegClass],
    scope: &Scope,
    out: &mut Vec<Range<usize>>,
) {
    let form = |k: usize| table.form(tokens[k].term);
    let is_change = |k: usize| {
        table.lex(tokens[k].term).denies() && denial_word(form(k)) == Some(DenialWord::Change)
    };
    let words = |range: Range<usize>| words(classes, range);
    // The verb: in the scope, at most five words in (*a pas vraiment changé*), or just before the
    // cue (*ça change rien*).
    let before = words(0..scope.cues[0])
        .next_back()
        .filter(|&k| is_change(k));
    let Some(verb) = before.or_else(|| {
        words(scope.cues[1] + 1..scope.covered.end)
            .take(5)
            .find(|&k| is_change(k))
    }) else {
        return;
    };
    // A change with an object denies the object (*ça change rien à ce que je fais*: what does the
    // changing is still said); without one, the topic stated before (*le rythme, il a pas bougé*).
    let transitive = words(verb + 1..tokens.len())
        .find(|&k| !classes[k].is_cue())
        .is_some_and(|k| takes_object(form(k)));
    // Back to the topic: past the verb's own subject, over a dislocated noun phrase, but not into
    // a clause of its own (*on se parle tout le temps, le logiciel il a rien changé à ça*).
    let floor = scope.cues[0].saturating_sub(MAX_REACH);
    let mut start = floor;
    let mut subject = false;
    let mut comma = None;
    for k in words(floor..scope.cues[0]).rev() {
        let f = form(k);
        if opens_clause(f) {
            start = k + 1;
            break;
        }
        if matches!(classes[k], NegClass::Clitic | NegClass::Subject) {
            if subject {
                start = comma.unwrap_or(k + 1);
                break;
            }
            subject = true;
        }
        if f == "," {
            comma = Some(k + 1);
        }
    }
    if transitive {
        start = verb;
    }
    let end = words(verb + 1..tokens.len().min(verb + MAX_REACH))
        .find(|&k| classes[k] == NegClass::Boundary || classes[k] == NegClass::Question)
        .unwrap_or(tokens.len().min(verb + MAX_REACH));
    let sentence_end = words(verb + 1..tokens.len().min(verb + MAX_REACH))
        .find(|&k| ends_sentence(form(k)))
        .unwrap_or(tokens.len().min(verb + MAX_REACH));
    let mut rest = words(verb + 1..sentence_end).map(form).peekable();
    let mut persists = false;
    while let Some(f) = rest.next() {
        if matches!(f, "toujours" | "encore")
            && rest
                .peek()
                .is_some_and(|g| matches!(*g, "aussi" | "autant" | "plus" | "trop"))
        {
            persists = true;
            break;
        }
    }
    if !persists {
        out.push(start..end);
    }
}

/// A topic said not to be a concern (*c'est pas le sujet*, *on y pense pas*, *on est pas
/// concernés*, *on s'est jamais posé la question*) is denied in its sentence up to the phrase, and
/// in the sentence before when the phrase opens its own (*L'impact écologique ? Honnêtement c'est
/// pas un sujet.*).
fn not_a_concern(
    tokens: &[TokenRecord],
    table: &TermTable,
    classes: &[NegClass],
    out: &mut Vec<Range<usize>>,
) {
    let form = |k: usize| table.form(tokens[k].term);
    let cue = |k: usize| {
        matches!(
            classes[k],
            NegClass::Pas | NegClass::Strong | NegClass::NeedsNe
        )
    };
    // The `n` words before `k`, and after it.
    let before = |k: usize, n: usize| words(classes, 0..k).rev().take(n);
    let after = |k: usize, n: usize| words(classes, k + 1..tokens.len()).take(n);
    // Where the sentence holding the word before `k` starts.
    let sentence_start = |k: usize| {
        before(k, MAX_REACH)
            .find(|&v| ends_sentence(form(v)))
            .map_or_else(|| before(k, MAX_REACH).last().unwrap_or(k), |v| v + 1)
    };
    for k in words(classes, 0..tokens.len()) {
        if !table.lex(tokens[k].term).denies() {
            continue;
        }
        let Some(DenialWord::Concern(concern)) = denial_word(form(k)) else {
            continue;
        };
        let said = match concern {
            Concern::Subject | Concern::Concerned => before(k, 3).any(cue),
            Concern::ThinkOf => {
                before(k, 3).any(|v| matches!(form(v), "y" | "en"))
                    && (before(k, 2).any(cue) || after(k, 1).any(cue))
            }
            Concern::Asked => before(k, 3).any(cue) && after(k, 2).any(|v| form(v) == "question"),
        };
        if !said {
            continue;
        }
        let start = sentence_start(k);
        // The phrase opens its sentence: what it denies was said just before.
        let opens = words(classes, start..k).count() <= 6;
        let from = match words(classes, 0..start).next_back() {
            Some(end) if opens => sentence_start(end),
            _ => start,
        };
        out.push(from..k + 1);
    }
}

#[cfg(test)]
mod tests {
    use crate::analyzer::Analyzer;
    use crate::Lexicon;
    use std::sync::OnceLock;

    fn negated(text: &str, theme: &str) -> (u32, u32) {
        static ANALYZER: OnceLock<Analyzer> = OnceLock::new();
        let analyzer = ANALYZER.get_or_init(|| {
            Analyzer::builder()
                .build(&Lexicon::default_french())
                .unwrap()
        });
        let score = analyzer.analyze_text(text);
        let cell = score.theme(theme).unwrap();
        (cell.hits, cell.negated)
    }

    #[test]
    fn questions_others_ask_and_the_speaker_answers_no_are_denied() {
        let t = "On me demande si les outils ont changé quelque chose entre collègues. Ben non, honnêtement.";
        assert_eq!(negated(t, "relations"), (0, 1));
        let t = "On m'a demandé si ça faisait gagner du temps. Non. Rien du tout.";
        assert_eq!(negated(t, "efficience"), (0, 1));
    }

    #[test]
    fn the_speakers_own_view_rejects_a_report() {
        let t = "Ma fille me dit qu'avec l'appli je sers plus à rien. Je trouve pas, moi.";
        assert_eq!(negated(t, "perte_de_sens"), (0, 1));
        let t = "On dit que je croule sous le travail. J'ai pas l'impression, non.";
        assert_eq!(negated(t, "charge_de_travail"), (0, 1));
        // Looking for something is not a view.
        let t = "On dit que je croule sous le travail. Je trouve pas le temps de souffler.";
        assert_eq!(negated(t, "charge_de_travail"), (2, 0));
    }

    #[test]
    fn a_topic_theme_is_denied_too_not_kept_as_its_contrary() {
        let t = "On nous avait vendu ça comme un gain de temps. Bon. C'est pas vrai du tout.";
        assert_eq!(negated(t, "efficience"), (0, 1));
    }

    #[test]
    fn instructions_and_own_claims_and_other_replies_are_kept() {
        // `dire de`: an instruction, not a report.
        let t = "On m'a dit de tout scanner. Pas le choix.";
        assert_eq!(negated(t, "dematerialisation"), (1, 0));
        // A negated clause that does not open the reply.
        let t = "On m'a dit que la formation était obligatoire. J'y suis pas allée.";
        assert_eq!(negated(t, "accompagnement"), (1, 0));
        // The speaker's own report, and « pas mal » (a good deal).
        let t = "Je lui ai dit que ces logiciels mettent la pression. Non, vraiment.";
        assert_eq!(negated(t, "charge_de_travail"), (1, 0));
        let t = "On dit que ces logiciels mettent la pression. Pas mal, oui.";
        assert_eq!(negated(t, "charge_de_travail"), (1, 0));
        // A reply that agrees.
        let t = "On dit que ces logiciels mettent la pression. Moi je trouve que oui.";
        assert_eq!(negated(t, "charge_de_travail"), (1, 0));
    }

    #[test]
    fn the_claim_ends_at_its_sentence_and_the_reply_follows_it() {
        let t = "Tout le monde parle de télétravail. Pas ici. Mais la formation, on l'a eue.";
        assert_eq!(negated(t, "reorganisation"), (0, 1));
        assert_eq!(negated(t, "accompagnement"), (1, 0));
    }

    #[test]
    fn a_negated_purpose_is_denied_a_lack_is_not() {
        let t = "La dématérialisation, c'était pas du tout pour faire des économies.";
        assert_eq!(negated(t, "maitrise_budgetaire"), (0, 1));
        let t = "Les tablettes, ça a pas servi à supprimer des postes.";
        assert_eq!(negated(t, "maitrise_budgetaire"), (0, 1));
        // No money for training is training refused: still the topic.
        let t = "Y a pas de budget pour la formation des agents.";
        assert_eq!(negated(t, "accompagnement"), (1, 0));
    }

    #[test]
    fn a_negated_change_denies_its_topic_not_the_clause_before() {
        let t = "L'organigramme il a pas bougé depuis dix ans.";
        assert_eq!(negated(t, "reorganisation"), (0, 1));
        let t = "Non, franchement, j'ai pas l'impression d'avoir changé de métier.";
        assert_eq!(negated(t, "nouveaux_metiers"), (0, 1));
        // The clause before has its own subject: it keeps its words.
        let t = "On s'entraide beaucoup, la messagerie elle a rien changé à ça.";
        assert_eq!(negated(t, "relations"), (1, 0));
        // What persists is asserted.
        let t = "L'entraide, ça a pas bougé, on se dépanne toujours autant.";
        assert_eq!(negated(t, "relations").1, 0);
        // A change with an object denies the object, not what does the changing.
        let t = "Les plis arrivent en PDF, mais ça change rien à ce que je fais.";
        assert_eq!(negated(t, "dematerialisation"), (1, 0));
    }

    #[test]
    fn a_topic_said_not_to_be_a_concern_is_denied() {
        let t = "La sobriété numérique ? Franchement on y pense pas ici.";
        assert_eq!(negated(t, "environnement"), (0, 1));
        let t = "On parle d'innovation partout, mais nous on est pas du tout concernés.";
        assert_eq!(negated(t, "modernisation"), (0, 1));
        // A concern said of something else, later, leaves the topic alone.
        let t = "On a réduit le papier de moitié. Après, la déco des bureaux, c'est pas le sujet.";
        assert_eq!(negated(t, "environnement").1, 0);
    }
}
