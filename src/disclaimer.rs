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
//!    start with `non`, `pas`, `jamais`, `rien` (*Pas chez moi.*, *Ben non, honnêtement.*), or with
//!    *c'est pas*, *c'est faux*, *ça change rien*, *ça a rien changé*.
//!
//! A negated clause that does not open the reply (*On m'a dit que la formation était obligatoire.
//! J'y suis pas allée.*) rejects nothing: it may say something else.

use crate::matcher::{TermTable, TokenRecord};
use crate::negation::NegClass;
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

fn ends_claim(form: &str) -> bool {
    matches!(form, "." | "!" | "?" | ";" | "…" | "..." | "mais")
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
    let word = |k: usize| classes[k] != NegClass::Skip;
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
        for k in (verb + 1..tokens.len()).filter(|&k| word(k)) {
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
        let Some(p) = (0..k).rev().find(|&p| classes[p] != NegClass::Skip) else {
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
    let mut words = (from..tokens.len())
        .filter(|&k| classes[k] != NegClass::Skip && tokens[k].kind == TokenKind::Word);
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
        _ => false,
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
}
