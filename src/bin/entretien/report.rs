//! Corpus reports: CSV tables for R and pandas, and the group comparison for a terminal.

use crate::output::{csv_row, write_atomic};
use entretien::aggregate::{Aggregate, KeynessRow, TermLevel};
use entretien::analyzer::Analyzer;
use entretien::score::DocumentScore;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The files `--out DIR` writes.
pub const TABLE_FILES: &[&str] = &[
    "documents.csv",
    "groups.csv",
    "themes.csv",
    "keyness.csv",
    "cooccurrence.csv",
    "evidence.jsonl",
];

/// Stems below this frequency in a group are left out of its term specificities.
const MIN_TERM_FREQ: u64 = 3;

/// An error message that names its source when the error itself does not.
pub fn located(e: &entretien::Error, source: &str) -> String {
    if e.path().is_some() {
        e.to_string()
    } else {
        format!("{source}: {e}")
    }
}

fn num(v: f64) -> String {
    if v.is_finite() {
        let s = format!("{v:.6}");
        let s = s.trim_end_matches('0').trim_end_matches('.');
        if s.is_empty() || s == "-" {
            "0".to_string()
        } else {
            s.to_string()
        }
    } else {
        "NA".to_string()
    }
}

/// Writes the tables of [`TABLE_FILES`] under `dir` but `evidence.jsonl` (streamed during the run, see
/// [`write_evidence`]), each through a temporary file renamed into place.
pub fn write_tables(
    dir: &Path,
    inputs: &[PathBuf],
    analyzer: &Analyzer,
    total: &Aggregate,
    documents: &[(Option<String>, DocumentScore)],
    terms: TermLevel,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let ids = &total.theme_ids;
    write_atomic(&dir.join("documents.csv"), inputs, |w| {
        let keys: BTreeSet<&str> = documents
            .iter()
            .flat_map(|(_, d)| d.metadata.keys().map(String::as_str))
            .collect();
        let mut header: Vec<String> = vec!["id".into(), "source".into()];
        header.extend(keys.iter().map(|k| format!("meta_{k}")));
        header.extend(["words", "turns", "segments", "words_set_apart"].map(String::from));
        for id in ids {
            for f in ["hits", "negated", "per_1000", "segments_coded"] {
                header.push(format!("{id}_{f}"));
            }
        }
        csv_row(w, &header)?;
        for (source, d) in documents {
            let mut row: Vec<String> = vec![d.id.clone(), source.clone().unwrap_or_default()];
            row.extend(
                keys.iter()
                    .map(|k| d.metadata.get(*k).cloned().unwrap_or_default()),
            );
            row.push(d.words.to_string());
            row.push(d.turns.to_string());
            row.push(d.segments.to_string());
            row.push(d.set_apart.as_ref().map_or(0, |s| s.words).to_string());
            for t in &d.themes {
                row.push(t.hits.to_string());
                row.push(t.negated.to_string());
                row.push(num(t.per_1000));
                row.push(t.segments_coded.to_string());
            }
            csv_row(w, &row)?;
        }
        Ok(())
    })?;
    write_aggregate_tables(dir, inputs, Some(analyzer), total, terms)
}

/// Appends a document's evidence to `evidence.jsonl`, one hit a line, with the document id and source.
pub fn write_evidence<W: Write>(
    w: &mut W,
    source: Option<&str>,
    d: &DocumentScore,
) -> anyhow::Result<()> {
    for e in &d.evidence {
        let mut v = serde_json::to_value(e)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("id".into(), d.id.clone().into());
            o.insert("source".into(), source.unwrap_or_default().into());
        }
        serde_json::to_writer(&mut *w, &v)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// The tables that come from the aggregate alone (what `entretien merge --out` can write).
pub fn write_aggregate_tables(
    dir: &Path,
    inputs: &[PathBuf],
    analyzer: Option<&Analyzer>,
    total: &Aggregate,
    terms: TermLevel,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let label = |id: &str| {
        analyzer
            .and_then(|a| a.lexicon().theme(id))
            .map(|t| t.label.clone())
            .unwrap_or_default()
    };
    write_atomic(&dir.join("themes.csv"), inputs, |w| {
        csv_row(
            w,
            &[
                "theme",
                "label",
                "documents",
                "words",
                "hits",
                "negated",
                "per_1000",
                "documents_coded",
                "segments_coded",
                "top_terms",
            ],
        )?;
        for id in &total.theme_ids {
            let t = total.themes.get(id).cloned().unwrap_or_default();
            csv_row(
                w,
                &[
                    id.clone(),
                    label(id),
                    total.documents.to_string(),
                    total.words.to_string(),
                    t.hits.to_string(),
                    t.negated.to_string(),
                    num(total.per_1000(id)),
                    t.documents_coded.to_string(),
                    t.segments_coded.to_string(),
                    top_terms(&t.terms, 8),
                ],
            )?;
        }
        Ok(())
    })?;
    write_atomic(&dir.join("groups.csv"), inputs, |w| {
        csv_row(
            w,
            &[
                "group_by",
                "group",
                "documents",
                "words",
                "theme",
                "hits",
                "negated",
                "per_1000",
                "documents_coded",
                "segments_coded",
            ],
        )?;
        let by = group_by_name(total);
        for (name, g) in &total.groups {
            for id in &total.theme_ids {
                let t = g.themes.get(id).cloned().unwrap_or_default();
                let counted = t.counted(total.negation);
                let per_1000 = if g.words == 0 {
                    0.0
                } else {
                    counted as f64 * 1000.0 / g.words as f64
                };
                csv_row(
                    w,
                    &[
                        by.clone(),
                        name.clone(),
                        g.documents.to_string(),
                        g.words.to_string(),
                        id.clone(),
                        t.hits.to_string(),
                        t.negated.to_string(),
                        num(per_1000),
                        t.documents_coded.to_string(),
                        t.segments_coded.to_string(),
                    ],
                )?;
            }
        }
        Ok(())
    })?;
    write_atomic(&dir.join("keyness.csv"), inputs, |w| {
        csv_row(
            w,
            &[
                "kind",
                "group",
                "item",
                "freq",
                "words",
                "freq_rest",
                "words_rest",
                "per_1000",
                "per_1000_rest",
                "expected",
                "chi2",
                "g2",
                "lafon",
            ],
        )?;
        let rows = total
            .theme_keyness()
            .into_iter()
            .chain(total.term_keyness_of(terms, MIN_TERM_FREQ));
        for r in rows {
            keyness_row(w, &r)?;
        }
        Ok(())
    })?;
    write_atomic(&dir.join("cooccurrence.csv"), inputs, |w| {
        csv_row(
            w,
            &[
                "theme_a",
                "theme_b",
                "segments_both",
                "segments_a",
                "segments_b",
                "segments",
                "jaccard",
                "phi",
            ],
        )?;
        let co = &total.cooccurrence;
        for i in 0..co.themes().len() {
            for j in i + 1..co.themes().len() {
                let p = co.pair(i, j)?;
                csv_row(
                    w,
                    &[
                        co.themes()[i].clone(),
                        co.themes()[j].clone(),
                        p.both.to_string(),
                        p.first.to_string(),
                        p.second.to_string(),
                        p.segments.to_string(),
                        num(p.jaccard),
                        num(p.phi),
                    ],
                )?;
            }
        }
        Ok(())
    })?;
    Ok(())
}

fn keyness_row<W: Write>(w: &mut W, r: &KeynessRow) -> std::io::Result<()> {
    let k = &r.keyness;
    csv_row(
        w,
        &[
            r.kind.clone(),
            r.group.clone(),
            r.item.clone(),
            k.target.to_string(),
            k.target_total.to_string(),
            k.reference.to_string(),
            k.reference_total.to_string(),
            num(r.per_1000),
            num(r.per_1000_rest),
            num(k.expected),
            num(k.chi2),
            num(k.g2),
            num(k.lafon),
        ],
    )
}

fn group_by_name(total: &Aggregate) -> String {
    match &total.by {
        entretien::aggregate::GroupBy::None => String::new(),
        entretien::aggregate::GroupBy::Metadata(k) => k.clone(),
        entretien::aggregate::GroupBy::SpeakerRole => "speaker_role".into(),
    }
}

fn top_terms(terms: &std::collections::BTreeMap<String, u64>, n: usize) -> String {
    let mut top: Vec<(&String, &u64)> = terms.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    top.iter()
        .take(n)
        .map(|(t, c)| format!("{t} ({c})"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The group comparison for a terminal: theme rates per group, with Lafon's specificity where it is
/// notable (|spec| ≥ 2, that is a probability ≤ 1%), then each group's most specific stems (or forms).
pub fn write_group_table<W: Write>(
    out: &mut W,
    total: &Aggregate,
    level: TermLevel,
) -> std::io::Result<()> {
    if total.groups.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "groups by {}: hits per 1,000 words (Lafon specificity when |spec| ≥ 2)",
        group_by_name(total)
    )?;
    let keyness = total.theme_keyness();
    let names: Vec<&String> = total.groups.keys().collect();
    let theme_width = total
        .theme_ids
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let col = names
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(8)
        .clamp(14, 24);
    write!(out, "{:<theme_width$}", "theme")?;
    for n in &names {
        write!(out, "  {:>col$}", n)?;
    }
    writeln!(out)?;
    write!(out, "{:<theme_width$}", "(documents, words)")?;
    for n in &names {
        let g = &total.groups[*n];
        write!(out, "  {:>col$}", format!("{}, {}", g.documents, g.words))?;
    }
    writeln!(out)?;
    for id in &total.theme_ids {
        write!(out, "{:<theme_width$}", id)?;
        for n in &names {
            let row = keyness.iter().find(|r| &r.group == *n && &r.item == id);
            let cell = match row {
                Some(r) if r.keyness.lafon.abs() >= 2.0 => {
                    format!("{:.2} ({:+.1})", r.per_1000, r.keyness.lafon)
                }
                Some(r) => format!("{:.2}", r.per_1000),
                None => "·".into(),
            };
            write!(out, "  {:>col$}", cell)?;
        }
        writeln!(out)?;
    }
    let terms = total.term_keyness_of(level, MIN_TERM_FREQ);
    if !terms.is_empty() {
        writeln!(out)?;
        writeln!(out, "most specific {}s per group (Lafon)", level.as_str())?;
        for n in &names {
            let top: Vec<String> = terms
                .iter()
                .filter(|r| &r.group == *n && r.keyness.lafon >= 2.0)
                .take(10)
                .map(|r| format!("{} ({:+.1})", r.item, r.keyness.lafon))
                .collect();
            if top.is_empty() {
                writeln!(out, "  {n}: none with a specificity of +2 or more")?;
            } else {
                writeln!(out, "  {n}: {}", top.join(", "))?;
            }
        }
    }
    Ok(())
}
