//! Checking a codebook before use: what each entry expands to through the text pipeline, and the
//! entries likely to match far more than their theme (stopwords, very frequent words, short stems,
//! prefixes of frequent words, phrases of function words, exclusions that veto their own entries).
//!
//! ```
//! use entretien::lexicon::{Lexicon, Theme};
//!
//! let lexicon = Lexicon::new(vec![Theme::new("isolement")
//!     .with_entries(["isolement", "les", "=seul"])
//!     .with_exclusions(["isol*"])]);
//! let check = lexicon.check();
//! let theme = &check.themes[0];
//! assert_eq!(theme.entries[0].expansion, "stem \"isol\"");
//! assert!(theme.entries[1].risks.iter().any(|r| r == "is a stopword"));
//! assert_eq!(theme.vetoes[0].exclusion, "isol*");
//! assert_eq!(theme.vetoes[0].entry, "isolement");
//! assert!(check.warning_count() >= 2);
//! ```

use super::{function_word_variants, Entry, EntryKind, Lexicon, LoadReport, Theme, Warning};
use crate::text::stopwords::Stopwords;
use crate::text::TextPipeline;
use serde::Serialize;
use std::fmt::Write as _;

/// Very frequent French words and light verbs (lemmas and common forms): an entry that stems like
/// one of them will match far more than its theme.
pub const VERY_FREQUENT: &str =
    "être avoir faire fait aller va dire dit pouvoir peut vouloir veut \
    devoir doit savoir sais voir vois venir mettre met prendre prend donner falloir faut passer \
    trouver croire penser chose truc gens fois jour temps moment an année bien bon tout tous très \
    plus moins peu beaucoup comme alors donc aussi voilà enfin oui non quand là ça cela on y \
    quelque autre même petit grand vrai vraiment niveau part côté façon manière travail \
    travailler monde";

/// Words of interview talk with several common senses (their forms, then the senses a coder would
/// tell apart): as a single-word indicator, such a word finds every sense. `lexicon check` warns
/// about an entry that matches one of the forms (an exact form, a stem entry with the same stem, a
/// prefix of one), unless the theme's exclusions already set a sense apart with one of them.
pub const SEVERAL_SENSES: &[(&str, &str)] = &[
    (
        "seul seule seuls seules",
        "alone; only (le seul, un seul); unaided (réussi tout seul)",
    ),
    (
        "papier papiers",
        "paper records; identity papers; paper as a material",
    ),
    ("énergie énergies", "power consumption; a person's energy"),
    (
        "mécanique mécaniques",
        "mechanical work; mechanics, car repair",
    ),
    (
        "habitant habitants",
        "the public served; population figures (800 habitants)",
    ),
    ("moderne modernes", "modernisation; modern in general"),
    ("ennui ennuis", "boredom; trouble (des ennuis)"),
    (
        "automatique automatiques automatiquement",
        "automated processing; automatic doors, reflexes",
    ),
    (
        "déménagement déménagements déménager",
        "relocating a service; moving house",
    ),
    (
        "formation formations",
        "training; making up a file (formation du dossier); schooling",
    ),
    (
        "accueil accueils accueillir",
        "the front desk; welcome in general",
    ),
    (
        "guichet guichets",
        "a public counter; an online service (guichet numérique)",
    ),
    ("budget budgets", "spending constraints; any budget line"),
    (
        "support supports",
        "IT support; a medium (support papier); to bear",
    ),
    (
        "économie économies",
        "savings; the economy; energy savings on buildings",
    ),
    (
        "coupé coupée coupés coupe",
        "cut off; a cup (la coupe du monde); a haircut",
    ),
    (
        "pression pressions",
        "work pressure; tyre, water or tax pressure",
    ),
    ("rythme rythmes", "pace of work; school timetables; music"),
    (
        "équipe équipes",
        "a team as a working group; any team, sports",
    ),
    (
        "chef chefs cheffe",
        "a superior; chef de projet, chef-lieu, a cook",
    ),
    (
        "collègue collègues",
        "relations with colleagues; colleagues merely named",
    ),
    (
        "relation relations",
        "working relations; relations with the public; between facts",
    ),
    (
        "plateforme plateformes",
        "an online platform; a physical platform",
    ),
    ("portail portails", "a web portal; a gate"),
    ("borne bornes", "a kiosk; a milestone, a limit"),
    (
        "scanner scanné scannés",
        "scanning documents; a medical scanner",
    ),
    (
        "fusion fusions",
        "a merger of services; fusion in physics or cooking",
    ),
    (
        "transfert transferts",
        "a transfer of powers; forwarding a call or a file",
    ),
    ("fermeture fermetures", "closing a site; closing time"),
    (
        "environnement",
        "ecology; surroundings (environnement de travail)",
    ),
    (
        "polyvalent polyvalente polyvalents polyvalentes",
        "versatile staff; a multi-purpose hall (salle polyvalente)",
    ),
    (
        "saisir saisie saisies",
        "data entry; to seize (saisir l'occasion)",
    ),
    (
        "démarche démarches",
        "administrative procedures; an approach",
    ),
    ("progrès", "modernisation; progress in general"),
    ("euro euros", "costs; any amount"),
];

/// A stem entry whose stem has at most this many letters may over-reach.
pub const SHORT_STEM: usize = 3;

/// The check of a whole lexicon.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct LexiconCheck {
    /// The warnings its reader raised (duplicates, skipped lines), when checked from a [`LoadReport`].
    pub warnings: Vec<Warning>,
    /// Each theme, in order.
    pub themes: Vec<ThemeCheck>,
    /// Entries of all themes, exclusions apart ([`Lexicon::entry_count`]).
    pub entries: usize,
}

/// The check of one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ThemeCheck {
    /// The theme's id.
    pub id: String,
    /// Its label (empty when it has none).
    pub label: String,
    /// Whether it says what counts as the theme.
    pub has_definition: bool,
    /// Its entries, then its exclusions.
    pub entries: Vec<EntryCheck>,
    /// Exclusions that veto an entry of the same theme wherever the entry matches.
    pub vetoes: Vec<Veto>,
}

/// One entry or exclusion, what it expands to and its risks.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct EntryCheck {
    /// The entry as written in a codebook (`=seul`, `isol*`).
    pub source: String,
    /// Its kind.
    pub kind: EntryKind,
    /// Its 1-based line in the lexicon file, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// Whether it is an exclusion.
    pub exclusion: bool,
    /// Its weight.
    pub weight: f64,
    /// What it matches: `stem "isol"`, `exact form "seul"`, `phrase perte[pert] {de|du|des|d'} sens[sen]`.
    pub expansion: String,
    /// Why it may match more than its theme, one message each.
    pub risks: Vec<String>,
}

/// An exclusion that vetoes an entry of its own theme everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Veto {
    /// The exclusion, as written.
    pub exclusion: String,
    /// The entry it vetoes, as written.
    pub entry: String,
}

impl ThemeCheck {
    /// The number of phrase entries (exclusions apart).
    pub fn phrases(&self) -> usize {
        self.entries
            .iter()
            .filter(|e| !e.exclusion && e.kind == EntryKind::Phrase)
            .count()
    }

    /// The number of exclusions.
    pub fn exclusions(&self) -> usize {
        self.entries.iter().filter(|e| e.exclusion).count()
    }

    /// The number of entries (exclusions apart).
    pub fn entry_count(&self) -> usize {
        self.entries.len() - self.exclusions()
    }
}

impl LexiconCheck {
    /// Reader warnings, risks and vetoes, all counted.
    pub fn warning_count(&self) -> usize {
        let theme = |t: &ThemeCheck| {
            t.vetoes.len() + t.entries.iter().map(|e| e.risks.len()).sum::<usize>()
        };
        self.warnings.len() + self.themes.iter().map(theme).sum::<usize>()
    }
}

impl LexiconCheck {
    /// The check as text: a line per theme, with `expansions` one per entry saying what it matches,
    /// a `warning:` line per risk (placed at `name:line` where the line is known) and per veto, and
    /// a last line with the counts. `name` names the lexicon in the lines.
    pub fn render(&self, name: &str, expansions: bool) -> String {
        let mut out = String::new();
        for w in &self.warnings {
            let _ = writeln!(out, "warning: {name}: {w}");
        }
        for theme in &self.themes {
            let label = if theme.label.is_empty() {
                "no label"
            } else {
                &theme.label
            };
            let _ = writeln!(
                out,
                "theme {} ({label}): {} entries, {} phrases, {} exclusions",
                theme.id,
                theme.entry_count(),
                theme.phrases(),
                theme.exclusions()
            );
            if !theme.has_definition && expansions {
                out.push_str("  (no definition)\n");
            }
            for e in &theme.entries {
                if expansions {
                    let not = if e.exclusion { "not " } else { "" };
                    let _ = write!(out, "  {not}{:<32} {}", e.source, e.expansion);
                    if e.weight != 1.0 {
                        let _ = write!(out, " (weight {})", e.weight);
                    }
                    out.push('\n');
                }
                let place = e.line.map(|l| format!("{name}:{l}: ")).unwrap_or_default();
                for risk in &e.risks {
                    let _ = writeln!(out, "  warning: {place}{:?}: {risk}", e.source);
                }
            }
            for v in &theme.vetoes {
                let _ = writeln!(
                    out,
                    "  warning: exclusion {:?} vetoes entry {:?} wherever it matches",
                    v.exclusion, v.entry
                );
            }
        }
        let _ = writeln!(
            out,
            "{name}: ok, {} themes, {} entries, {} warnings",
            self.themes.len(),
            self.entries,
            self.warning_count()
        );
        out
    }
}

impl Lexicon {
    /// Checks the lexicon with the French text pipeline and the built-in stop list.
    pub fn check(&self) -> LexiconCheck {
        Checker::new().lexicon(self)
    }
}

impl LoadReport {
    /// Checks the lexicon read, its reader's warnings first.
    pub fn check(&self) -> LexiconCheck {
        LexiconCheck {
            warnings: self.warnings.clone(),
            ..self.lexicon.check()
        }
    }
}

struct Checker {
    pipeline: TextPipeline,
    stopwords: Stopwords,
    /// The stem of each very frequent word, and the word.
    frequent_stems: Vec<(String, &'static str)>,
    /// The forms of each word of [`SEVERAL_SENSES`], their stems, and the senses.
    several_senses: Vec<(Vec<&'static str>, Vec<String>, &'static str)>,
}

impl Checker {
    fn new() -> Checker {
        let pipeline = TextPipeline::french();
        let frequent_stems = VERY_FREQUENT
            .split_whitespace()
            .map(|w| (pipeline.stem(&pipeline.normalize(w)), w))
            .collect();
        let several_senses = SEVERAL_SENSES
            .iter()
            .map(|&(forms, senses)| {
                let forms: Vec<&str> = forms.split_whitespace().collect();
                let stems = forms
                    .iter()
                    .map(|w| pipeline.stem(&pipeline.normalize(w)))
                    .collect();
                (forms, stems, senses)
            })
            .collect();
        Checker {
            pipeline,
            stopwords: Stopwords::french(),
            frequent_stems,
            several_senses,
        }
    }

    fn stem(&self, word: &str) -> String {
        self.pipeline.stem(&self.pipeline.normalize(word))
    }

    fn lexicon(&self, lexicon: &Lexicon) -> LexiconCheck {
        let themes: Vec<ThemeCheck> = lexicon.themes.iter().map(|t| self.theme(t)).collect();
        LexiconCheck {
            warnings: Vec::new(),
            entries: lexicon.entry_count(),
            themes,
        }
    }

    fn theme(&self, theme: &Theme) -> ThemeCheck {
        let lists = [(&theme.entries, false), (&theme.exclusions, true)];
        let entries = lists
            .into_iter()
            .flat_map(|(list, exclusion)| list.iter().map(move |e| (e, exclusion)))
            .map(|(e, exclusion)| EntryCheck {
                source: e.to_source(),
                kind: e.kind,
                line: e.line,
                exclusion,
                weight: e.weight,
                expansion: self.expansion(e),
                risks: self.risks(e, exclusion, theme),
            })
            .collect();
        ThemeCheck {
            id: theme.id.clone(),
            label: theme.label.clone(),
            has_definition: !theme.definition.is_empty(),
            entries,
            vetoes: self.vetoes(theme),
        }
    }

    fn expansion(&self, e: &Entry) -> String {
        match e.kind {
            EntryKind::Stem => format!("stem {:?}", self.stem(&e.pattern)),
            EntryKind::Exact => format!("exact form {:?}", e.pattern),
            EntryKind::Prefix => format!("forms starting with {:?}", e.pattern),
            EntryKind::Phrase => {
                let words: Vec<String> = e
                    .words()
                    .into_iter()
                    .map(|w| match function_word_variants(w) {
                        Some(group) => format!("{{{}}}", group.join("|")),
                        None => format!("{w}[{}]", self.stem(w)),
                    })
                    .collect();
                let mut s = format!("phrase {}", words.join(" "));
                if e.max_gap > 0 {
                    s.push_str(&format!(", gap ≤ {}", e.max_gap));
                }
                s
            }
        }
    }

    fn risks(&self, e: &Entry, exclusion: bool, theme: &Theme) -> Vec<String> {
        let mut out = Vec::new();
        match e.kind {
            EntryKind::Stem | EntryKind::Exact => {
                if self.stopwords.contains(&e.pattern) {
                    out.push("is a stopword".to_string());
                }
                let stem = self.stem(&e.pattern);
                let frequent = self.frequent_stems.iter().find(|(s, _)| *s == stem);
                if let Some((_, w)) = frequent {
                    if e.kind == EntryKind::Stem || e.pattern == *w {
                        out.push(format!("matches the very frequent word {w:?}"));
                    }
                }
                if e.kind == EntryKind::Stem && !exclusion && stem.chars().count() <= SHORT_STEM {
                    out.push(format!(
                        "short stem {stem:?} may over-reach; consider an exact form `={}`",
                        e.pattern
                    ));
                }
            }
            EntryKind::Prefix => {
                if e.pattern.chars().count() < 3 {
                    out.push("prefix shorter than 3 letters".to_string());
                }
                let hits: Vec<&str> = VERY_FREQUENT
                    .split_whitespace()
                    .chain(self.stopwords.iter())
                    .filter(|w| w.starts_with(e.pattern.as_str()))
                    .collect();
                if !hits.is_empty() {
                    out.push(format!(
                        "prefix also matches frequent words: {}",
                        hits.join(", ")
                    ));
                }
            }
            EntryKind::Phrase => {}
        }
        if !exclusion && e.kind != EntryKind::Phrase {
            if let Some(senses) = self.several_senses(e, theme) {
                out.push(format!(
                    "{:?} has several common senses ({senses}): prefer phrases, or exclusions \
                     for the senses that are not the theme",
                    e.pattern
                ));
            }
        }
        match e.kind {
            EntryKind::Stem | EntryKind::Exact | EntryKind::Prefix => {}
            EntryKind::Phrase => {
                let function_word =
                    |w: &&str| self.stopwords.contains(w) || function_word_variants(w).is_some();
                if e.words().iter().all(function_word) {
                    out.push("phrase made only of stopwords".to_string());
                }
            }
        }
        out
    }

    /// The senses of the [`SEVERAL_SENSES`] word a single-word entry matches, unless the theme's
    /// exclusions name one of its forms.
    fn several_senses(&self, e: &Entry, theme: &Theme) -> Option<&'static str> {
        let stem = self.stem(&e.pattern);
        let (forms, stems, senses) =
            self.several_senses
                .iter()
                .find(|(forms, stems, _)| match e.kind {
                    EntryKind::Exact => forms.contains(&e.pattern.as_str()),
                    EntryKind::Stem => stems.contains(&stem),
                    EntryKind::Prefix => forms.iter().any(|f| f.starts_with(e.pattern.as_str())),
                    EntryKind::Phrase => false,
                })?;
        let set_apart = theme.exclusions.iter().any(|x| {
            x.words().iter().any(|w| {
                forms.contains(w) || (x.kind != EntryKind::Exact && stems.contains(&self.stem(w)))
            })
        });
        (!set_apart).then_some(*senses)
    }

    fn vetoes(&self, theme: &Theme) -> Vec<Veto> {
        let mut out = Vec::new();
        for x in &theme.exclusions {
            for e in &theme.entries {
                let vetoes = match (x.kind, e.kind) {
                    (EntryKind::Stem, EntryKind::Stem | EntryKind::Exact) => {
                        self.stem(&x.pattern) == self.stem(&e.pattern)
                    }
                    (EntryKind::Exact, EntryKind::Exact) => x.pattern == e.pattern,
                    (EntryKind::Prefix, EntryKind::Stem | EntryKind::Exact | EntryKind::Prefix) => {
                        e.pattern.starts_with(&x.pattern)
                    }
                    (EntryKind::Phrase, EntryKind::Phrase) => x.pattern == e.pattern,
                    _ => false,
                };
                if vetoes {
                    out.push(Veto {
                        exclusion: x.to_source(),
                        entry: e.to_source(),
                    });
                }
            }
        }
        out
    }
}

/// What a LIWC `.dic` file cannot hold of a lexicon ([`Lexicon::dic_losses`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct DicLosses {
    /// Exclusions, dropped.
    pub exclusions: usize,
    /// Entries whose weight or gap is dropped.
    pub weighted: usize,
    /// Stem entries, written as plain words (exact forms in LIWC).
    pub stems: usize,
}

impl DicLosses {
    /// Whether the `.dic` file holds the whole lexicon.
    pub fn is_empty(&self) -> bool {
        *self == DicLosses::default()
    }
}

impl std::fmt::Display for DicLosses {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            ".dic cannot hold everything: {} exclusions and the weights/gaps of {} entries are \
             dropped; {} stem entries are written as plain words (exact forms in LIWC)",
            self.exclusions, self.weighted, self.stems
        )
    }
}

impl Lexicon {
    /// What [`Lexicon::to_dic`] leaves out or changes.
    pub fn dic_losses(&self) -> DicLosses {
        let entries = || self.themes.iter().flat_map(|t| &t.entries);
        DicLosses {
            exclusions: self.themes.iter().map(|t| t.exclusions.len()).sum(),
            weighted: entries()
                .filter(|e| e.weight != 1.0 || e.max_gap != 0)
                .count(),
            stems: entries().filter(|e| e.kind == EntryKind::Stem).count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::Theme;

    fn risks(entry: &str) -> Vec<String> {
        let lexicon = Lexicon::new(vec![Theme::new("t").with_entries([entry])]);
        lexicon.check().themes[0].entries[0].risks.clone()
    }

    #[test]
    fn risky_entries_are_told() {
        let has = |entry: &str, what: &str| risks(entry).iter().any(|r| r.contains(what));
        assert!(has("les", "is a stopword"));
        assert!(has("faire", "very frequent word \"faire\""));
        assert!(has("vie", "short stem"));
        assert!(has("tr*", "prefix shorter than 3 letters"));
        assert!(has("trav*", "frequent words: travail, travailler"));
        assert!(has("de la", "phrase made only of stopwords"));
        assert!(risks("isolement").is_empty());
        assert!(risks("perte de sens").is_empty());
    }

    #[test]
    fn vetoes_and_dic_losses() {
        let theme = Theme::new("t")
            .with_entries(["isolé", "=seul", "perte de sens"])
            .with_exclusions(["isolement", "=seulement"]);
        let lexicon = Lexicon::new(vec![theme]);
        let check = lexicon.check();
        let vetoes: Vec<(&str, &str)> = (check.themes[0].vetoes.iter())
            .map(|v| (v.exclusion.as_str(), v.entry.as_str()))
            .collect();
        assert_eq!(vetoes, [("isolement", "isolé")]);
        assert_eq!(
            (check.themes[0].entry_count(), check.themes[0].exclusions()),
            (3, 2)
        );
        assert_eq!(check.themes[0].phrases(), 1);
        let losses = lexicon.dic_losses();
        assert_eq!(
            (losses.exclusions, losses.weighted, losses.stems),
            (2, 0, 1)
        );
        assert!(!losses.is_empty() && Lexicon::empty().dic_losses().is_empty());
    }
}
