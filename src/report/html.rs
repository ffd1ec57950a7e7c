//! The report as one HTML page: inline styles and figures, the system's fonts, no script and no
//! address of anything outside the page, so that it opens offline and prints (one section a page).

use super::model::{Quote, Report};
use super::plots::{self, tr};
use super::svg::{escape, number};
use super::Lang;
use std::fmt::Write;

const STYLE: &str = "
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', Arial, sans-serif;
  margin: 0 auto; max-width: 1180px; padding: 0 24px 48px; color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.8em; margin: 28px 0 4px; }
h2 { border-bottom: 2px solid #3b518b; padding-bottom: 4px; margin-top: 40px; }
h3 { margin: 24px 0 8px; }
nav ol { columns: 2; padding-left: 1.2em; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 0.92em; }
th, td { border: 1px solid #c9c9c9; padding: 3px 8px; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 12px 0; overflow-x: auto; }
.row { display: flex; flex-wrap: wrap; gap: 8px 40px; align-items: flex-start; }
.row h3 { margin-top: 8px; }
details { margin: 8px 0 16px; }
figure svg { max-width: 100%; height: auto; }
figcaption, .note { color: #4a4a4a; font-size: 0.9em; }
blockquote { margin: 8px 0; padding: 6px 12px; border-left: 4px solid #3b518b; background: #f6f7fb; }
blockquote.negated { border-left-color: #9a9a9a; background: #f4f4f4; }
blockquote cite { display: block; font-style: normal; font-size: 0.85em; color: #4a4a4a; margin-top: 4px; }
mark { background: #fde725; color: #000; padding: 0 2px; border-radius: 2px; }
blockquote.negated mark { background: #d9d9d9; text-decoration: line-through; }
code { font-size: 0.92em; background: #f1f1f1; padding: 0 3px; }
@media print {
  nav { display: none; }
  section { break-before: page; }
  body { max-width: none; padding: 0; }
  figure { overflow: visible; }
  blockquote, tr, figure { break-inside: avoid; }
}
@page { margin: 14mm; }
";

/// A name made safe for an element id and a file name: letters, digits, `-` and `_` kept, any other
/// character `_`.
pub fn slug(name: &str) -> String {
    let s: String = name
        .chars()
        .map(|c| match c.is_alphanumeric() || c == '-' || c == '_' {
            true => c,
            false => '_',
        })
        .collect();
    if s.is_empty() {
        "_".into()
    } else {
        s
    }
}

fn num(lang: Lang, x: f64, decimals: usize) -> String {
    number(x, decimals, lang == Lang::Fr)
}

/// Seconds as `m:ss` or `h:mm:ss`.
fn clock(seconds: f64) -> String {
    if !seconds.is_finite() || seconds < 0.0 {
        return String::new();
    }
    let s = seconds.round() as u64;
    match s >= 3600 {
        true => format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60),
        false => format!("{}:{:02}", s / 60, s % 60),
    }
}

/// The page.
pub fn render(report: &Report, lang: Lang) -> String {
    let mut h = String::with_capacity(256 * 1024);
    let title = match report.title.is_empty() {
        true => tr(lang, "Rapport d'entretiens", "Interview report").to_string(),
        false => report.title.clone(),
    };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n\
         <p class=\"note\">{} entretien {} — {} {}, {} {}.</p>\n</header>\n",
        tr(lang, "fr", "en"),
        escape(&title),
        escape(&title),
        tr(lang, "Fait avec", "Made with"),
        escape(&report.corpus.settings.entretien),
        report.corpus.documents,
        tr(lang, "documents", "documents"),
        num(lang, report.corpus.words_scored as f64, 0),
        tr(lang, "mots analysés", "words scored"),
    );
    let mut toc: Vec<(String, String)> =
        vec![("corpus".into(), tr(lang, "Corpus", "Corpus").into())];
    for m in &report.heatmaps {
        toc.push((
            format!("heatmap-{}", slug(&m.key)),
            format!(
                "{} : {}",
                tr(lang, "Thèmes × groupes", "Themes × groups"),
                m.key
            ),
        ));
    }
    for (id, name) in [
        (
            "profiles",
            tr(lang, "Profils des entretiens", "Interview profiles"),
        ),
        ("progression", tr(lang, "Progression", "Progression")),
        ("cooccurrence", tr(lang, "Cooccurrences", "Co-occurrence")),
        (
            "themes",
            tr(lang, "Thèmes et indicateurs", "Themes and indicators"),
        ),
        ("quotes", tr(lang, "Citations", "Quotes")),
    ] {
        toc.push((id.into(), name.into()));
    }
    if report.classes.is_some() {
        toc.push((
            "classes".into(),
            tr(lang, "Classes (Reinert)", "Classes (Reinert)").into(),
        ));
    }
    if report.model.is_some() {
        toc.push((
            "model".into(),
            tr(lang, "Codeurs appris", "Learned coders").into(),
        ));
    }
    h.push_str("<nav><ol>");
    for (id, name) in &toc {
        let _ = write!(
            h,
            "<li><a href=\"#{}\">{}</a></li>",
            escape(id),
            escape(name)
        );
    }
    h.push_str("</ol></nav>\n");
    corpus(&mut h, report, lang);
    for m in &report.heatmaps {
        let _ = write!(
            h,
            "<section id=\"heatmap-{}\">\n<h2>{} : {}</h2>\n<figure>{}<figcaption>{}",
            escape(&slug(&m.key)),
            tr(lang, "Thèmes × groupes", "Themes × groups"),
            escape(&m.key),
            plots::heatmap(m, &report.themes, lang),
            tr(
                lang,
                "Chaque case : occurrences comptées du thème pour 1 000 mots du groupe (les chiffres de <code>entretien score --by</code>) ; survoler une case donne ses effectifs. ▲/▼ : spécificité de Lafon.",
                "Each cell: counted hits of the theme per 1,000 words of the group (the figures of <code>entretien score --by</code>); hovering a cell gives its counts. ▲/▼: Lafon's specificity.",
            ),
        );
        if m.groups.len() < m.total_groups {
            let _ = write!(
                h,
                " {} {} {} {} ({}).",
                tr(lang, "Seuls", "Only"),
                m.groups.len(),
                tr(lang, "groupes sur", "groups of"),
                m.total_groups,
                tr(lang, "les plus grands en mots", "the largest in words")
            );
        }
        h.push_str("</figcaption></figure>\n");
        // The counts behind each cell, for print and for readers without hover.
        let _ = write!(
            h,
            "<details><summary>{}</summary><table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
            tr(lang, "Effectifs des groupes", "Group counts"),
            tr(lang, "groupe", "group"),
            tr(lang, "documents", "documents"),
            tr(lang, "mots", "words")
        );
        for g in &m.groups {
            let _ = write!(
                h,
                "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&g.group),
                g.documents,
                num(lang, g.words as f64, 0)
            );
        }
        h.push_str("</table></details>\n</section>\n");
    }
    let p = &report.profiles;
    let _ = writeln!(
        h,
        "<section id=\"profiles\">\n<h2>{}</h2>\n<figure>{}<figcaption>{}</figcaption></figure>\n</section>",
        tr(lang, "Profil thématique des entretiens", "Theme profile of each interview"),
        plots::profiles(p, &report.themes, lang),
        shown(lang, p.documents.len(), p.total_documents, tr(lang, "entretiens", "interviews")),
    );
    let g = &report.progression;
    let _ = writeln!(
        h,
        "<section id=\"progression\">\n<h2>{}</h2>\n<figure>{}<figcaption>{}</figcaption></figure>\n</section>",
        tr(lang, "Progression des thèmes le long des entretiens", "Progression of themes along the interviews"),
        plots::progression(g, &report.themes, lang),
        shown(lang, g.documents.len(), g.total_documents, tr(lang, "entretiens", "interviews")),
    );
    let _ = writeln!(
        h,
        "<section id=\"cooccurrence\">\n<h2>{}</h2>\n<figure>{}<figcaption>{}</figcaption></figure>\n</section>",
        tr(lang, "Cooccurrence des thèmes", "Co-occurrence of themes"),
        plots::cooccurrence(&report.cooccurrence, &report.themes, lang),
        tr(
            lang,
            "φ : corrélation de la présence des deux thèmes dans les segments d'environ 40 mots des tours analysés (les chiffres de <code>cooccurrence.csv</code>).",
            "φ: correlation of the presence of the two themes in the ~40-word segments of the scored turns (the figures of <code>cooccurrence.csv</code>).",
        ),
    );
    themes(&mut h, report, lang);
    quotes(&mut h, report, lang);
    classes(&mut h, report, lang);
    model(&mut h, report, lang);
    h.push_str("</body>\n</html>\n");
    h
}

fn shown(lang: Lang, shown: usize, total: u64, what: &str) -> String {
    match (shown as u64) < total {
        true => format!(
            "{} {shown} {what} {} {total} : {}.",
            tr(lang, "Les", "The"),
            tr(lang, "les plus longs sur", "longest of"),
            tr(
                lang,
                "en mots analysés ; la courbe d'ensemble compte tous les entretiens",
                "in words scored; the overall curve counts every interview"
            ),
        ),
        false => format!("{total} {what}."),
    }
}

fn row(h: &mut String, cells: &[(&str, bool)]) {
    h.push_str("<tr>");
    for (text, numeric) in cells {
        let _ = write!(
            h,
            "<td{}>{}</td>",
            if *numeric { " class=\"n\"" } else { "" },
            escape(text)
        );
    }
    h.push_str("</tr>");
}

fn corpus(h: &mut String, report: &Report, lang: Lang) {
    let c = &report.corpus;
    let _ = write!(
        h,
        "<section id=\"corpus\">\n<h2>{}</h2>\n<div class=\"row\"><div><h3>{}</h3><table>",
        tr(lang, "Corpus", "Corpus"),
        tr(lang, "Lu", "Read")
    );
    fn role(lang: Lang, r: &str) -> &str {
        match (lang, r) {
            (Lang::Fr, "interviewer") => "enquêteur·rice",
            (Lang::Fr, "respondent") => "enquêté·e",
            (Lang::Fr, "other") => "autre",
            (Lang::Fr, "unknown") => "inconnu",
            (_, r) => r,
        }
    }
    row(
        h,
        &[
            (tr(lang, "documents", "documents"), false),
            (&c.documents.to_string(), true),
        ],
    );
    row(
        h,
        &[
            (tr(lang, "locuteurs", "speakers"), false),
            (&c.speakers.to_string(), true),
        ],
    );
    row(
        h,
        &[
            (tr(lang, "mots analysés", "words scored"), false),
            (&num(lang, c.words_scored as f64, 0), true),
        ],
    );
    row(
        h,
        &[
            (tr(lang, "mots mis à part", "words set apart"), false),
            (&num(lang, c.words_set_apart as f64, 0), true),
        ],
    );
    h.push_str("</table></div>\n");
    let _ = write!(
        h,
        "<div><h3>{}</h3><table><tr><th>{}</th><th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
        tr(lang, "Qui parle", "Who speaks"),
        tr(lang, "rôle", "role"),
        tr(lang, "tours", "turns"),
        tr(lang, "mots", "words")
    );
    for (r, words) in &c.words_by_role {
        let turns = c.turns_by_role.get(r).copied().unwrap_or(0);
        row(
            h,
            &[
                (role(lang, r), false),
                (&num(lang, turns as f64, 0), true),
                (&num(lang, *words as f64, 0), true),
            ],
        );
    }
    h.push_str("</table>\n");
    let _ = write!(
        h,
        "<p class=\"note\">{}</p></div>",
        escape(&format!(
            "{} {}.",
            tr(lang, "Tours analysés :", "Turns scored:"),
            speakers(&c.settings.analyzer.speakers, lang)
        ))
    );
    let _ = write!(
        h,
        "<div><h3>{}</h3><table><tr><th>{}</th><th class=\"n\">{}</th></tr>",
        tr(lang, "Formats lus", "Formats read"),
        tr(lang, "format", "format"),
        tr(lang, "documents", "documents")
    );
    for (f, n) in &c.formats {
        row(h, &[(f, false), (&n.to_string(), true)]);
    }
    h.push_str("</table></div></div>\n");
    if c.failed_count > 0 {
        let _ = write!(
            h,
            "<h3>{} ({})</h3><ul>",
            tr(lang, "Fichiers non lus", "Files not read"),
            c.failed_count
        );
        for f in &c.failed {
            let _ = write!(h, "<li><code>{}</code></li>", escape(f));
        }
        h.push_str("</ul>\n");
    }
    let s = &c.settings;
    let _ = write!(
        h,
        "<h3>{}</h3><table>",
        tr(
            lang,
            "Réglages, pour refaire l'analyse",
            "Settings, to run it again"
        )
    );
    let lexicon = s
        .lexicon
        .clone()
        .unwrap_or_else(|| tr(lang, "(sans nom)", "(unnamed)").into());
    row(
        h,
        &[(tr(lang, "lexique", "lexicon"), false), (&lexicon, false)],
    );
    row(
        h,
        &[
            (
                tr(lang, "empreinte du lexique", "lexicon fingerprint"),
                false,
            ),
            (&s.lexicon_fingerprint, false),
        ],
    );
    row(
        h,
        &[
            (tr(lang, "négation", "negation"), false),
            (s.analyzer.negation.as_str(), false),
        ],
    );
    let settings = serde_json::to_string(&s.analyzer).unwrap_or_default();
    row(
        h,
        &[
            (tr(lang, "analyseur", "analyzer"), false),
            (&settings, false),
        ],
    );
    row(
        h,
        &[
            (
                tr(lang, "empreinte des mots vides", "stop list fingerprint"),
                false,
            ),
            (&s.stopwords, false),
        ],
    );
    row(h, &[("entretien", false), (&s.entretien, false)]);
    if let Some(cmd) = &c.command {
        row(h, &[(tr(lang, "commande", "command"), false), (cmd, false)]);
    }
    h.push_str("</table>\n</section>\n");
}

/// Whose turns were scored, in words.
fn speakers(filter: &crate::SpeakerFilter, lang: Lang) -> String {
    use crate::SpeakerFilter as F;
    match filter {
        F::Respondents => tr(
            lang,
            "tous sauf l'enquêteur·rice (ses tours sont mis à part)",
            "everyone but the interviewer (whose turns are set apart)",
        )
        .into(),
        F::All => tr(lang, "tous les tours", "every turn").into(),
        F::Interviewer => tr(lang, "ceux de l'enquêteur·rice", "the interviewer's").into(),
        F::Roles(roles) => roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        F::Speakers(names) => names.join(", "),
    }
}

fn themes(h: &mut String, report: &Report, lang: Lang) {
    let _ = write!(
        h,
        "<section id=\"themes\">\n<h2>{}</h2>\n<table><tr><th>{}</th><th>{}</th><th class=\"n\">{}</th>\
         <th class=\"n\">{}</th><th class=\"n\">‰</th><th class=\"n\">{}</th><th>{}</th></tr>",
        tr(lang, "Thèmes et indicateurs", "Themes and indicators"),
        tr(lang, "thème", "theme"),
        tr(lang, "libellé", "label"),
        tr(lang, "occurrences", "hits"),
        tr(lang, "niées", "negated"),
        tr(lang, "documents codés", "documents coded"),
        tr(lang, "indicateurs les plus fréquents", "most frequent indicators"),
    );
    for t in &report.themes {
        let top: Vec<String> = t
            .top_terms
            .iter()
            .map(|x| format!("{} ({})", x.term, x.count))
            .collect();
        row(
            h,
            &[
                (&t.theme, false),
                (&t.label, false),
                (&t.hits.to_string(), true),
                (&t.negated.to_string(), true),
                (&num(lang, t.per_1000, 2), true),
                (&format!("{} / {}", t.documents_coded, t.documents), true),
                (&top.join(", "), false),
            ],
        );
    }
    let _ = writeln!(
        h,
        "</table><p class=\"note\">{}</p>\n</section>",
        tr(
            lang,
            "‰ : occurrences comptées pour 1 000 mots des tours analysés. Les occurrences niées (« je ne suis pas isolée ») sont comptées à part.",
            "‰: counted hits per 1,000 words of the scored turns. Negated hits (\"I am not isolated\") are counted apart.",
        )
    );
}

fn quote(h: &mut String, q: &Quote, negated: bool, lang: Lang) {
    let _ = write!(
        h,
        "<blockquote{}><p>",
        if negated { " class=\"negated\"" } else { "" }
    );
    let mut at = 0usize;
    for m in &q.marks {
        let (Some(before), Some(hit)) = (q.snippet.get(at..m.start), q.snippet.get(m.start..m.end))
        else {
            continue;
        };
        if m.start < at {
            continue;
        }
        h.push_str(&escape(before));
        let _ = write!(h, "<mark>{}</mark>", escape(hit));
        at = m.end;
    }
    h.push_str(&escape(q.snippet.get(at..).unwrap_or("")));
    let mut who = q.document.clone();
    if let Some(s) = &q.speaker {
        who.push_str(" — ");
        who.push_str(s);
    }
    if let Some(t) = q.start_time {
        who.push_str(" — ");
        who.push_str(&clock(t));
    }
    let _ = writeln!(
        h,
        "</p><cite>{} · {} {}</cite></blockquote>",
        escape(&who),
        tr(lang, "indicateurs :", "indicators:"),
        escape(&q.indicators.join(", "))
    );
}

fn quotes(h: &mut String, report: &Report, lang: Lang) {
    let _ = writeln!(
        h,
        "<section id=\"quotes\">\n<h2>{}</h2>\n<p class=\"note\">{}</p>",
        tr(lang, "Citations", "Quotes"),
        tr(
            lang,
            "Pour chaque thème, les passages qui en portent le plus d'occurrences (deux par entretien au plus), indicateurs surlignés ; à part, des passages où le thème est nié.",
            "For each theme, the passages holding the most of its hits (two per interview at most), indicators highlighted; apart, passages where the theme is denied.",
        )
    );
    for t in &report.quotes {
        if t.quotes.is_empty() && t.negated.is_empty() {
            continue;
        }
        let _ = writeln!(
            h,
            "<h3 id=\"quotes-{}\">{}{}</h3>",
            escape(&slug(&t.theme)),
            escape(&t.theme),
            match t.label.is_empty() {
                true => String::new(),
                false => format!(" <small>— {}</small>", escape(&t.label)),
            }
        );
        for q in &t.quotes {
            quote(h, q, false, lang);
        }
        if !t.negated.is_empty() {
            let _ = writeln!(
                h,
                "<h4>{}</h4>",
                tr(lang, "Le thème nié", "The theme denied")
            );
            for q in &t.negated {
                quote(h, q, true, lang);
            }
        }
    }
    h.push_str("</section>\n");
}

fn classes(h: &mut String, report: &Report, lang: Lang) {
    let Some(c) = &report.classes else {
        return;
    };
    let classified = c.units.saturating_sub(c.unclassified);
    let _ = writeln!(
        h,
        "<section id=\"classes\">\n<h2>{}</h2>\n<p>{} {} {}, {} {} ({} %), {} {} ; k = {}.</p>\n<figure>{}</figure>",
        tr(lang, "Mondes lexicaux (classification de Reinert)", "Lexical worlds (Reinert's classification)"),
        c.units,
        tr(lang, "segments", "segments"),
        tr(lang, "", ""),
        classified,
        tr(lang, "classés", "classified"),
        num(lang, 100.0 * classified as f64 / c.units.max(1) as f64, 1),
        c.active_forms,
        tr(lang, "formes actives", "active forms"),
        c.k,
        plots::dendrogram(c, lang),
    );
    for class in &c.classes {
        let _ = writeln!(
            h,
            "<h3>{} {} — {} segments ({} %)</h3>",
            tr(lang, "Classe", "Class"),
            class.class,
            class.segments,
            num(lang, 100.0 * class.share, 1)
        );
        let forms: Vec<String> = class
            .forms
            .iter()
            .map(|f| format!("{} ({})", f.form, num(lang, f.chi2, 1)))
            .collect();
        let themes: Vec<String> = class
            .themes
            .iter()
            .map(|m| format!("{} ({})", m.value, num(lang, m.chi2, 1)))
            .collect();
        let metadata: Vec<String> = class
            .metadata
            .iter()
            .map(|m| format!("{}={} ({})", m.variable, m.value, num(lang, m.chi2, 1)))
            .collect();
        h.push_str("<table>");
        row(
            h,
            &[
                (tr(lang, "formes (χ²)", "forms (χ²)"), false),
                (&forms.join(" · "), false),
            ],
        );
        row(
            h,
            &[
                (tr(lang, "thèmes (χ²)", "themes (χ²)"), false),
                (&themes.join(" · "), false),
            ],
        );
        row(
            h,
            &[
                (tr(lang, "variables (χ²)", "variables (χ²)"), false),
                (&metadata.join(" · "), false),
            ],
        );
        h.push_str("</table>\n");
        for t in &class.typical {
            let who = match &t.speaker {
                Some(s) => format!("{} — {} — χ² {}", t.document, s, num(lang, t.score, 1)),
                None => format!("{} — χ² {}", t.document, num(lang, t.score, 1)),
            };
            let _ = writeln!(
                h,
                "<blockquote><p>{}</p><cite>{}</cite></blockquote>",
                escape(&t.text),
                escape(&who)
            );
        }
    }
    h.push_str("</section>\n");
}

fn model(h: &mut String, report: &Report, lang: Lang) {
    let Some(m) = &report.model else {
        return;
    };
    let _ = write!(
        h,
        "<section id=\"model\">\n<h2>{}</h2>\n<p>{} {} ({}).</p><table><tr><th>{}</th><th class=\"n\">{}</th>\
         <th class=\"n\">{}</th><th class=\"n\">{}</th></tr>",
        tr(lang, "Codeurs appris", "Learned coders"),
        m.units,
        tr(lang, "unités codées", "units coded"),
        escape(&m.unit),
        tr(lang, "thème", "theme"),
        tr(lang, "présent (modèle)", "present (model)"),
        tr(lang, "codé (lexique)", "coded (lexicon)"),
        tr(lang, "les deux", "both"),
    );
    for t in &m.themes {
        row(
            h,
            &[
                (&t.theme, false),
                (&t.present.to_string(), true),
                (&t.lexicon.to_string(), true),
                (&t.both.to_string(), true),
            ],
        );
    }
    h.push_str("</table>\n</section>\n");
}

/// The figures as standalone SVG files: `(file name, content)`, `heatmap_<key>.svg` for each key,
/// then `profiles.svg`, `progression.svg`, `cooccurrence.svg` and, with classes, `dendrogram.svg`.
pub fn figures(report: &Report, lang: Lang) -> Vec<(String, String)> {
    use super::svg::standalone;
    let mut out = Vec::new();
    for m in &report.heatmaps {
        out.push((
            format!("heatmap_{}.svg", slug(&m.key)),
            standalone(&plots::heatmap(m, &report.themes, lang)),
        ));
    }
    out.push((
        "profiles.svg".into(),
        standalone(&plots::profiles(&report.profiles, &report.themes, lang)),
    ));
    out.push((
        "progression.svg".into(),
        standalone(&plots::progression(
            &report.progression,
            &report.themes,
            lang,
        )),
    ));
    out.push((
        "cooccurrence.svg".into(),
        standalone(&plots::cooccurrence(
            &report.cooccurrence,
            &report.themes,
            lang,
        )),
    ));
    if let Some(c) = &report.classes {
        out.push((
            "dendrogram.svg".into(),
            standalone(&plots::dendrogram(c, lang)),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe() {
        assert_eq!(slug("type_employeur"), "type_employeur");
        assert_eq!(slug("a b/../c\"<"), "a_b____c__");
        assert_eq!(slug(""), "_");
        assert_eq!(slug("région"), "région");
    }

    #[test]
    fn clocks() {
        assert_eq!(clock(75.4), "1:15");
        assert_eq!(clock(3725.0), "1:02:05");
        assert_eq!(clock(f64::NAN), "");
        assert_eq!(clock(-1.0), "");
    }

    #[test]
    fn marks_out_of_bounds_do_not_panic() {
        let q = Quote {
            document: "d<1>".into(),
            speaker: None,
            role: crate::Role::Respondent,
            start_time: None,
            snippet: "je suis seulé".into(),
            span: crate::Span { start: 0, end: 14 },
            marks: vec![
                crate::Span { start: 8, end: 14 },
                crate::Span { start: 12, end: 13 },
                crate::Span { start: 40, end: 50 },
            ],
            indicators: vec!["seul".into()],
        };
        let mut h = String::new();
        quote(&mut h, &q, false, Lang::En);
        assert!(h.contains("d&lt;1&gt;"));
        assert!(h.contains("<mark>seulé</mark>"));
    }
}
