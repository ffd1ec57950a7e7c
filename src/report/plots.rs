//! The report's figures as SVG, drawn from the [`Report`](super::Report) alone: the themes × groups
//! heatmap, the interviews' theme profiles, the progression of themes along the interviews, the
//! co-occurrence matrix and the dendrogram of classes. Each has its axes, legend and units, and each
//! is the same drawing inline in the page and as a file (`svg::standalone`).

use super::model::{ClassesSection, Heatmap, Profiles, Progression};
use super::svg::{dash, escape, line_colour, number, sequential, ticks, Svg};
use super::Lang;
use crate::tables::{CooccurrenceRow, ThemeRow, NOTABLE_SPECIFICITY};

/// `fr` or `en`, by language.
pub(crate) fn tr(lang: Lang, fr: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

fn num(lang: Lang, x: f64, decimals: usize) -> String {
    number(x, decimals, lang == Lang::Fr)
}

/// Width in pixels of a label at 11 px, roughly (the page uses the system's fonts).
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.58
}

/// A label cut to `chars` characters, with an ellipsis.
fn cut(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        text.to_string()
    } else {
        let mut s: String = text.chars().take(chars.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The largest finite value, or 0.
fn max_of(values: impl IntoIterator<Item = f64>) -> f64 {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(0.0, f64::max)
}

/// Over-use (▲), under-use (▼) or nothing, by Lafon's specificity.
pub(crate) fn specificity_mark(lafon: f64) -> &'static str {
    if lafon >= NOTABLE_SPECIFICITY {
        "▲"
    } else if lafon <= -NOTABLE_SPECIFICITY {
        "▼"
    } else {
        ""
    }
}

/// Themes × groups: the colour of a cell is its rate per 1,000 words, ▲/▼ mark Lafon's
/// specificity, the row under the grid gives the documents of each group.
pub fn heatmap(h: &Heatmap, themes: &[ThemeRow], lang: Lang) -> String {
    let names: Vec<String> = themes.iter().map(|t| cut(&t.theme, 28)).collect();
    let left = 16.0 + max_of(names.iter().map(|n| text_width(n, 11.0))).max(60.0);
    let (cw, ch, top) = (62.0, 22.0, 130.0);
    let cols = h.groups.len();
    let width = (left + cw * cols as f64 + 90.0).max(560.0);
    let grid_bottom = top + ch * themes.len() as f64;
    let height = grid_bottom + 110.0;
    let title = format!(
        "{} — {}",
        tr(lang, "Thèmes × groupes", "Themes × groups"),
        h.key
    );
    let mut s = Svg::new(width, height, &title);
    s.text(
        8.0,
        16.0,
        &title,
        "start",
        "font-weight=\"bold\" font-size=\"12\"",
    );
    let max = max_of(
        h.groups
            .iter()
            .flat_map(|g| g.themes.iter().map(|c| c.per_1000)),
    );
    for (j, g) in h.groups.iter().enumerate() {
        let x = left + cw * j as f64 + cw / 2.0;
        let label = cut(&g.group, 22);
        s.text(
            x,
            top - 8.0,
            &label,
            "start",
            &format!(
                "transform=\"rotate(-45 {} {})\"",
                super::svg::c(x),
                super::svg::c(top - 8.0)
            ),
        );
        s.text(
            x,
            grid_bottom + 15.0,
            &format!("n = {}", g.documents),
            "middle",
            "font-size=\"10\"",
        );
    }
    s.text(
        left - 8.0,
        grid_bottom + 15.0,
        tr(lang, "documents", "documents"),
        "end",
        "font-size=\"10\" font-style=\"italic\"",
    );
    for (i, (theme, name)) in themes.iter().zip(&names).enumerate() {
        let y = top + ch * i as f64;
        s.text(left - 8.0, y + ch / 2.0 + 4.0, name, "end", "");
        for (j, g) in h.groups.iter().enumerate() {
            let Some(cell) = g.themes.iter().find(|c| c.theme == theme.theme) else {
                continue;
            };
            let x = left + cw * j as f64;
            let colour = sequential(if max > 0.0 { cell.per_1000 / max } else { 0.0 });
            let tip = format!(
                "{} × {} : {} ‰ — {} {} / {} {} — {} {} / {} — Lafon {}",
                theme.theme,
                g.group,
                num(lang, cell.per_1000, 2),
                cell.counted,
                tr(lang, "occurrences comptées", "counted hits"),
                g.words,
                tr(lang, "mots", "words"),
                cell.documents_coded,
                tr(lang, "documents codés", "documents coded"),
                g.documents,
                num(lang, cell.lafon, 2),
            );
            let attrs = format!(
                "class=\"cell\" data-theme=\"{}\" data-group=\"{}\" data-per1000=\"{}\" \
                 data-documents=\"{}\" data-lafon=\"{}\"",
                escape(&theme.theme),
                escape(&g.group),
                cell.per_1000,
                g.documents,
                cell.lafon
            );
            s.rect(
                x + 1.0,
                y + 1.0,
                cw - 2.0,
                ch - 2.0,
                &colour.hex(),
                Some(&tip),
                &attrs,
            );
            let label = format!(
                "{}{}",
                num(lang, cell.per_1000, 1),
                specificity_mark(cell.lafon)
            );
            s.text(
                x + cw / 2.0,
                y + ch / 2.0 + 4.0,
                &label,
                "middle",
                &format!("fill=\"{}\" font-size=\"10\"", colour.text_colour()),
            );
        }
    }
    let legend_y = grid_bottom + 35.0;
    s.legend_bar(
        left,
        legend_y,
        200.0,
        max,
        tr(lang, "occurrences pour 1 000 mots", "hits per 1,000 words"),
        lang == Lang::Fr,
    );
    let notes = [
        tr(
            lang,
            "▲ sur-emploi, ▼ sous-emploi du thème dans le groupe face aux autres groupes",
            "▲ over-used, ▼ under-used in the group against the other groups",
        ),
        tr(
            lang,
            "(spécificité de Lafon de 2 ou plus en valeur absolue : p ≤ 1 %) ; n : documents du groupe",
            "(Lafon's specificity of 2 or more in absolute value: p ≤ 1%); n: documents of the group",
        ),
    ];
    for (i, note) in notes.iter().enumerate() {
        s.text(
            8.0,
            legend_y + 45.0 + 13.0 * i as f64,
            note,
            "start",
            "font-size=\"10\"",
        );
    }
    s.finish()
}

/// The theme profile of each interview drawn: one small panel each, bars per theme on a common
/// scale (rate per 1,000 words).
pub fn profiles(p: &Profiles, themes: &[ThemeRow], lang: Lang) -> String {
    let (per_row, pw) = (4usize, 240.0);
    let label_w = 105.0;
    let bar_w = pw - label_w - 20.0;
    let ph = 34.0 + 10.0 * themes.len() as f64 + 22.0;
    let rows = p.documents.len().div_ceil(per_row).max(1);
    let width = pw * per_row as f64 + 10.0;
    let height = ph * rows as f64 + 30.0;
    let mut s = Svg::new(
        width,
        height,
        tr(
            lang,
            "Profil thématique des entretiens",
            "Theme profile of the interviews",
        ),
    );
    let max = max_of(p.documents.iter().flat_map(|d| d.per_1000.iter().copied()));
    let top = ticks(max, 2).last().copied().unwrap_or(1.0);
    for (k, d) in p.documents.iter().enumerate() {
        let (x0, y0) = (
            5.0 + pw * (k % per_row) as f64,
            5.0 + ph * (k / per_row) as f64,
        );
        s.text(
            x0 + 4.0,
            y0 + 14.0,
            &format!(
                "{} ({} {})",
                cut(&d.id, 26),
                num(lang, f64::from(d.words), 0),
                tr(lang, "mots", "words")
            ),
            "start",
            "font-weight=\"bold\" font-size=\"10.5\"",
        );
        let bx = x0 + label_w;
        for (i, theme) in themes.iter().enumerate() {
            let y = y0 + 26.0 + 10.0 * i as f64;
            let rate = d.per_1000.get(i).copied().unwrap_or(0.0);
            let hits = d.hits.get(i).copied().unwrap_or(0);
            s.text(
                bx - 4.0,
                y + 7.5,
                &cut(&theme.theme, 18),
                "end",
                "font-size=\"8.5\"",
            );
            let w = if top > 0.0 { bar_w * rate / top } else { 0.0 };
            let tip = format!(
                "{} — {} : {} ‰ ({} {})",
                d.id,
                theme.theme,
                num(lang, rate, 2),
                hits,
                tr(lang, "occurrences", "hits")
            );
            s.rect(bx, y + 1.0, w, 8.0, &sequential(0.75).hex(), Some(&tip), "");
        }
        let axis_y = y0 + 28.0 + 10.0 * themes.len() as f64;
        s.line(bx, axis_y, bx + bar_w, axis_y, "#555", 0.6);
        s.line(bx, y0 + 24.0, bx, axis_y, "#555", 0.6);
        for v in [0.0, top] {
            let tx = bx + bar_w * v / top.max(f64::MIN_POSITIVE);
            s.line(tx, axis_y, tx, axis_y + 3.0, "#555", 0.6);
            s.text(
                tx,
                axis_y + 12.0,
                &num(lang, v, 0),
                "middle",
                "font-size=\"8.5\"",
            );
        }
        s.text(
            bx + bar_w + 9.0,
            axis_y + 12.0,
            "‰",
            "start",
            "font-size=\"8.5\"",
        );
    }
    s.text(
        5.0,
        height - 8.0,
        tr(
            lang,
            "Barres : occurrences comptées pour 1 000 mots des tours analysés (‰), même échelle dans tous les panneaux.",
            "Bars: counted hits per 1,000 words of the scored turns (‰), one scale for all panels.",
        ),
        "start",
        "font-size=\"10\"",
    );
    s.finish()
}

/// Spreads label positions `ys` (wanted) so that two are at least `gap` apart, keeping their order.
fn spread(mut ys: Vec<(f64, usize)>, gap: f64) -> Vec<(f64, usize)> {
    ys.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for i in 1..ys.len() {
        if ys[i].0 < ys[i - 1].0 + gap {
            ys[i].0 = ys[i - 1].0 + gap;
        }
    }
    ys
}

/// Themes along the interviews: over all interviews (cumulative counted hits by share of the text
/// elapsed, with the interviewer's share of each stretch underneath), then each interview drawn.
pub fn progression(p: &Progression, themes: &[ThemeRow], lang: Lang) -> String {
    let (left, top, pw, ph) = (60.0, 40.0, 640.0, 300.0);
    let label_w = 10.0 + max_of(themes.iter().map(|t| text_width(&t.theme, 10.0)));
    let (small_w, small_h, per_row) = (300.0, 150.0, 3usize);
    let width = (left + pw + label_w + 20.0).max(left + (small_w + 20.0) * per_row as f64 + 10.0);
    let rows = p.documents.len().div_ceil(per_row);
    let docs_top = top + ph + 120.0;
    let legend_top = docs_top + (small_h + 45.0) * rows as f64 + 10.0;
    let legend_rows = themes.len().div_ceil(4);
    let height = legend_top + 18.0 * legend_rows as f64 + 30.0;
    let mut s = Svg::new(
        width,
        height,
        tr(
            lang,
            "Progression des thèmes le long des entretiens",
            "Progression of themes along the interviews",
        ),
    );
    s.text(
        left,
        20.0,
        &format!(
            "{} ({} {})",
            tr(lang, "Tous les entretiens", "All interviews"),
            p.total_documents,
            tr(lang, "entretiens", "interviews")
        ),
        "start",
        "font-weight=\"bold\" font-size=\"12\"",
    );
    let max = max_of(p.corpus.iter().filter_map(|r| r.last().map(|&v| v as f64)));
    let yt = ticks(max, 5);
    let ymax = yt.last().copied().unwrap_or(1.0).max(1.0);
    let bins = p.bins.max(1);
    let xy = |share: f64, v: f64| (left + pw * share, top + ph - ph * v / ymax);
    for v in &yt {
        let (_, y) = xy(0.0, *v);
        s.line(left, y, left + pw, y, "#e3e3e3", 0.6);
        s.text(left - 6.0, y + 4.0, &num(lang, *v, 0), "end", "");
    }
    for k in 0..=10 {
        let (x, _) = xy(k as f64 / 10.0, 0.0);
        s.line(x, top + ph, x, top + ph + 4.0, "#555", 0.6);
        s.text(x, top + ph + 16.0, &format!("{} %", k * 10), "middle", "");
    }
    s.line(left, top, left, top + ph, "#555", 0.8);
    s.line(left, top + ph, left + pw, top + ph, "#555", 0.8);
    s.text(
        left + pw / 2.0,
        top + ph + 32.0,
        tr(
            lang,
            "part de l'entretien écoulée (% du texte)",
            "share of the interview elapsed (% of the text)",
        ),
        "middle",
        "",
    );
    s.text(
        16.0,
        top + ph / 2.0,
        tr(lang, "occurrences cumulées", "cumulative hits"),
        "middle",
        &format!(
            "transform=\"rotate(-90 16 {})\"",
            super::svg::c(top + ph / 2.0)
        ),
    );
    let mut ends = Vec::new();
    for (i, (row, theme)) in p.corpus.iter().zip(themes).enumerate() {
        let mut points = vec![xy(0.0, 0.0)];
        points.extend(
            row.iter()
                .enumerate()
                .map(|(b, &v)| xy((b + 1) as f64 / bins as f64, v as f64)),
        );
        let last = row.last().copied().unwrap_or(0);
        s.polyline(
            &points,
            line_colour(i),
            1.6,
            dash(i),
            Some(&format!(
                "{} : {} {}",
                theme.theme,
                last,
                tr(lang, "occurrences", "hits")
            )),
        );
        ends.push((xy(1.0, last as f64).1, i));
    }
    for (y, i) in spread(ends, 11.0) {
        s.text(
            left + pw + 6.0,
            y + 3.5,
            &themes[i].theme,
            "start",
            &format!("font-size=\"10\" fill=\"{}\"", line_colour(i)),
        );
    }
    // The interviewer's share of each stretch of text, as a grey strip under the axis.
    let strip_y = top + ph + 44.0;
    for (b, share) in p.interviewer_share.iter().enumerate() {
        let (x, _) = xy(b as f64 / bins as f64, 0.0);
        let grey = (255.0 - 200.0 * share.clamp(0.0, 1.0)).round() as u8;
        s.rect(
            x,
            strip_y,
            pw / bins as f64,
            12.0,
            &format!("#{grey:02x}{grey:02x}{grey:02x}"),
            Some(&format!(
                "{} {}–{} % : {} %",
                tr(lang, "part de l'enquêteur·rice", "interviewer's share"),
                b * 100 / bins,
                (b + 1) * 100 / bins,
                num(lang, share * 100.0, 0)
            )),
            "",
        );
    }
    s.rect(
        left,
        strip_y,
        pw,
        12.0,
        "none",
        None,
        "stroke=\"#555\" stroke-width=\"0.5\"",
    );
    s.text(
        left,
        strip_y + 26.0,
        tr(
            lang,
            "tours de l'enquêteur·rice (plus foncé : plus de texte)",
            "interviewer's turns (darker: more of the text)",
        ),
        "start",
        "font-size=\"10\"",
    );
    if !p.documents.is_empty() {
        s.text(
            left,
            docs_top - 18.0,
            &format!(
                "{} ({} {} {})",
                tr(lang, "Entretien par entretien", "Interview by interview"),
                p.documents.len(),
                tr(lang, "sur", "of"),
                p.total_documents
            ),
            "start",
            "font-weight=\"bold\" font-size=\"12\"",
        );
    }
    for (k, d) in p.documents.iter().enumerate() {
        let x0 = left + (small_w + 20.0) * (k % per_row) as f64;
        let y0 = docs_top + (small_h + 45.0) * (k / per_row) as f64;
        let ymax = max_of(d.hits.iter().map(|h| h.len() as f64)).max(1.0);
        s.text(
            x0,
            y0 - 4.0,
            &cut(&d.id, 40),
            "start",
            "font-size=\"10.5\" font-weight=\"bold\"",
        );
        for &(a, b) in &d.interviewer {
            s.rect(
                x0 + small_w * a,
                y0,
                small_w * (b - a),
                small_h,
                "#e6e6e6",
                None,
                "",
            );
        }
        for (i, hits) in d.hits.iter().enumerate() {
            if hits.is_empty() {
                continue;
            }
            let y = |n: f64| y0 + small_h - small_h * n / ymax;
            let mut points = vec![(x0, y(0.0))];
            for (n, &at) in hits.iter().enumerate() {
                let x = x0 + small_w * at;
                points.push((x, y(n as f64)));
                points.push((x, y((n + 1) as f64)));
            }
            points.push((x0 + small_w, y(hits.len() as f64)));
            let tip = format!(
                "{} — {} : {}",
                d.id,
                themes.get(i).map_or("", |t| &t.theme),
                hits.len()
            );
            s.polyline(&points, line_colour(i), 1.3, dash(i), Some(&tip));
        }
        s.line(x0, y0 + small_h, x0 + small_w, y0 + small_h, "#555", 0.6);
        s.line(x0, y0, x0, y0 + small_h, "#555", 0.6);
        s.text(
            x0 - 3.0,
            y0 + 8.0,
            &num(lang, ymax, 0),
            "end",
            "font-size=\"8.5\"",
        );
        s.text(x0 - 3.0, y0 + small_h, "0", "end", "font-size=\"8.5\"");
        for (v, anchor) in [(0.0, "start"), (0.5, "middle"), (1.0, "end")] {
            s.text(
                x0 + small_w * v,
                y0 + small_h + 12.0,
                &format!("{} %", v * 100.0),
                anchor,
                "font-size=\"8.5\"",
            );
        }
    }
    if !p.documents.is_empty() {
        s.text(
            left,
            legend_top - 12.0,
            tr(
                lang,
                "Panneaux : occurrences cumulées par part du texte écoulée ; zones grises : tours de l'enquêteur·rice.",
                "Panels: cumulative hits by share of the text elapsed; grey areas: the interviewer's turns.",
            ),
            "start",
            "font-size=\"10\"",
        );
    }
    for (i, theme) in themes.iter().enumerate() {
        let x = left + 220.0 * (i % 4) as f64;
        let y = legend_top + 18.0 * (i / 4) as f64;
        s.polyline(&[(x, y), (x + 26.0, y)], line_colour(i), 2.0, dash(i), None);
        s.text(
            x + 32.0,
            y + 4.0,
            &cut(&theme.theme, 28),
            "start",
            "font-size=\"10\"",
        );
    }
    s.finish()
}

/// Theme × theme over segments: the colour is the φ coefficient (negative values as 0), the
/// number in the cell is φ, the tooltip gives the counts and Jaccard's index.
pub fn cooccurrence(rows: &[CooccurrenceRow], themes: &[ThemeRow], lang: Lang) -> String {
    let n = themes.len();
    let names: Vec<String> = themes.iter().map(|t| cut(&t.theme, 28)).collect();
    let left = 16.0 + max_of(names.iter().map(|t| text_width(t, 11.0))).max(60.0);
    let (cs, top) = (38.0, 130.0);
    let width = (left + cs * n as f64 + 40.0).max(520.0);
    let height = top + cs * n as f64 + 90.0;
    let mut s = Svg::new(
        width,
        height,
        tr(
            lang,
            "Cooccurrence des thèmes dans les segments",
            "Co-occurrence of themes in segments",
        ),
    );
    let index = |id: &str| themes.iter().position(|t| t.theme == id);
    let max = max_of(rows.iter().map(|r| r.phi)).max(f64::MIN_POSITIVE);
    for (i, name) in names.iter().enumerate() {
        let y = top + cs * i as f64;
        s.text(left - 8.0, y + cs / 2.0 + 4.0, name, "end", "");
        let x = left + cs * i as f64 + cs / 2.0;
        s.text(
            x,
            top - 8.0,
            name,
            "start",
            &format!(
                "transform=\"rotate(-45 {} {})\"",
                super::svg::c(x),
                super::svg::c(top - 8.0)
            ),
        );
        s.rect(
            left + cs * i as f64 + 1.0,
            y + 1.0,
            cs - 2.0,
            cs - 2.0,
            "#f2f2f2",
            None,
            "",
        );
    }
    for r in rows {
        let (Some(a), Some(b)) = (index(&r.theme_a), index(&r.theme_b)) else {
            continue;
        };
        let colour = sequential(r.phi.max(0.0) / max);
        let tip = format!(
            "{} × {} : φ {} — Jaccard {} — {} {} / {} ({} {}, {} {})",
            r.theme_a,
            r.theme_b,
            num(lang, r.phi, 3),
            num(lang, r.jaccard, 3),
            r.segments_both,
            tr(lang, "segments avec les deux", "segments with both"),
            r.segments,
            r.segments_a,
            r.theme_a,
            r.segments_b,
            r.theme_b
        );
        // Both halves, so the matrix reads along a row or a column alike.
        for (i, j) in [(a, b), (b, a)] {
            let (x, y) = (left + cs * j as f64, top + cs * i as f64);
            let attrs = format!(
                "class=\"co\" data-a=\"{}\" data-b=\"{}\" data-phi=\"{}\"",
                escape(&r.theme_a),
                escape(&r.theme_b),
                r.phi
            );
            s.rect(
                x + 1.0,
                y + 1.0,
                cs - 2.0,
                cs - 2.0,
                &colour.hex(),
                Some(&tip),
                &attrs,
            );
            s.text(
                x + cs / 2.0,
                y + cs / 2.0 + 3.5,
                &num(lang, r.phi, 2),
                "middle",
                &format!("fill=\"{}\" font-size=\"9\"", colour.text_colour()),
            );
        }
    }
    let legend_y = top + cs * n as f64 + 25.0;
    s.legend_bar(
        left,
        legend_y,
        200.0,
        max,
        tr(
            lang,
            "φ (association des présences dans les segments ; négatif = 0)",
            "φ (association of presence in segments; negative = 0)",
        ),
        lang == Lang::Fr,
    );
    s.finish()
}

/// The dendrogram of Reinert's classes: splits with their χ², each class's size and first forms.
pub fn dendrogram(c: &ClassesSection, lang: Lang) -> String {
    let k = c.classes.len().max(1);
    let (left, top, step, level) = (40.0, 30.0, 150.0, 46.0);
    let depth_of = |mut id: usize| {
        let mut d = 0usize;
        while let Some(p) = c.nodes.get(id).and_then(|n| n.parent) {
            d += 1;
            id = p;
            if d > c.nodes.len() {
                break;
            }
        }
        d
    };
    let depth = c.nodes.iter().map(|n| depth_of(n.id)).max().unwrap_or(0);
    let leaves_y = top + level * (depth as f64 + 1.0);
    let width = (left * 2.0 + step * k as f64).max(400.0);
    let height = leaves_y + 210.0;
    let mut s = Svg::new(
        width,
        height,
        tr(
            lang,
            "Dendrogramme de la classification de Reinert",
            "Dendrogram of Reinert's classification",
        ),
    );
    // Leaves at their class's place, inner nodes over the middle of their children.
    let mut x: Vec<Option<f64>> = vec![None; c.nodes.len()];
    fn place(
        id: usize,
        c: &ClassesSection,
        x: &mut Vec<Option<f64>>,
        left: f64,
        step: f64,
        guard: usize,
    ) -> f64 {
        if let Some(v) = x.get(id).copied().flatten() {
            return v;
        }
        let node = &c.nodes[id];
        let v = match (node.class, node.children) {
            (Some(class), _) => left + step * (class as f64 - 0.5),
            (None, Some([a, b])) if guard > 0 && a < c.nodes.len() && b < c.nodes.len() => {
                (place(a, c, x, left, step, guard - 1) + place(b, c, x, left, step, guard - 1))
                    / 2.0
            }
            _ => left,
        };
        x[id] = Some(v);
        v
    }
    for id in 0..c.nodes.len() {
        place(id, c, &mut x, left, step, c.nodes.len());
    }
    let y_of = |id: usize, node: &crate::classes::chd::Node| match node.class {
        Some(_) => leaves_y,
        None => top + level * depth_of(id) as f64,
    };
    for (id, node) in c.nodes.iter().enumerate() {
        let Some([a, b]) = node.children else {
            continue;
        };
        let (Some(xa), Some(xb), Some(xp)) = (
            x.get(a).copied().flatten(),
            x.get(b).copied().flatten(),
            x[id],
        ) else {
            continue;
        };
        let y = y_of(id, node);
        let ya = c.nodes.get(a).map_or(y, |n| y_of(a, n));
        let yb = c.nodes.get(b).map_or(y, |n| y_of(b, n));
        let tip = format!(
            "{} {} — χ² {} — λ₁ {}",
            node.size,
            tr(lang, "segments", "segments"),
            num(lang, node.chi2.unwrap_or(0.0), 1),
            num(lang, node.eigenvalue.unwrap_or(0.0), 4)
        );
        s.polyline(
            &[(xa, ya), (xa, y), (xb, y), (xb, yb)],
            "#333",
            1.4,
            None,
            Some(&tip),
        );
        s.text(
            xp,
            y - 5.0,
            &format!("χ² {}", num(lang, node.chi2.unwrap_or(0.0), 0)),
            "middle",
            "font-size=\"9\" fill=\"#555\"",
        );
    }
    let max_share = max_of(c.classes.iter().map(|r| r.share)).max(f64::MIN_POSITIVE);
    for class in &c.classes {
        let cx = left + step * (class.class as f64 - 0.5);
        let h = 60.0 * class.share / max_share;
        let bar_top = leaves_y + 8.0;
        s.rect(
            cx - 22.0,
            bar_top + 60.0 - h,
            44.0,
            h,
            &sequential(0.3 + 0.7 * (class.class as f64 - 1.0) / k as f64).hex(),
            Some(&format!(
                "{} {} : {} segments ({} %)",
                tr(lang, "classe", "class"),
                class.class,
                class.segments,
                num(lang, 100.0 * class.share, 1)
            )),
            &format!("class=\"class-bar\" data-class=\"{}\"", class.class),
        );
        s.text(
            cx,
            bar_top + 74.0,
            &format!("{} {}", tr(lang, "Classe", "Class"), class.class),
            "middle",
            "font-weight=\"bold\"",
        );
        s.text(
            cx,
            bar_top + 88.0,
            &format!(
                "{} seg. ({} %)",
                class.segments,
                num(lang, 100.0 * class.share, 1)
            ),
            "middle",
            "font-size=\"10\"",
        );
        for (i, f) in class.forms.iter().take(5).enumerate() {
            s.text(
                cx,
                bar_top + 104.0 + 12.0 * i as f64,
                &cut(&f.form, 20),
                "middle",
                "font-size=\"10\" font-style=\"italic\"",
            );
        }
    }
    s.text(
        left,
        height - 8.0,
        tr(
            lang,
            "Barres : part des segments classés ; sous chaque classe, ses formes les plus caractéristiques (χ²).",
            "Bars: share of the classified segments; under each class, its most characteristic forms (χ²).",
        ),
        "start",
        "font-size=\"10\"",
    );
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_spread_apart_in_order() {
        let out = spread(vec![(10.0, 0), (12.0, 1), (11.0, 2), (50.0, 3)], 5.0);
        assert_eq!(out, vec![(10.0, 0), (15.0, 2), (20.0, 1), (50.0, 3)]);
    }

    #[test]
    fn marks_follow_lafon() {
        assert_eq!(specificity_mark(2.0), "▲");
        assert_eq!(specificity_mark(-3.1), "▼");
        assert_eq!(specificity_mark(1.9), "");
        assert_eq!(specificity_mark(f64::NAN), "");
    }

    #[test]
    fn cut_counts_characters() {
        assert_eq!(cut("éééé", 3), "éé…");
        assert_eq!(cut("abc", 3), "abc");
        assert_eq!(cut("abc", 0), "…");
    }
}
