//! Token-boundary F1 against the surface tokens of the UD French treebanks (test splits),
//! scored as `../shared/tools/ud_tokeval.py` does.

mod common;

use entretien::Tokenizer;
use std::collections::HashSet;
use std::path::Path;

const REQUIRED_F1: f64 = 0.995;

/// Sentences of a CoNLL-U file: the `# text` line and its surface tokens, a multiword
/// token (`du` = de + le) counting once as written.
fn read_conllu(path: &Path) -> Vec<(String, Vec<String>)> {
    let content = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut sentences = Vec::new();
    let mut text: Option<String> = None;
    let mut tokens = Vec::new();
    let mut skip_until = 0usize;
    for line in content.lines().chain(std::iter::once("")) {
        if let Some(t) = line.strip_prefix("# text = ") {
            text = Some(t.to_string());
        } else if line.is_empty() {
            if let Some(t) = text.take() {
                if !tokens.is_empty() {
                    sentences.push((t, std::mem::take(&mut tokens)));
                }
            }
            tokens.clear();
            skip_until = 0;
        } else if line.starts_with(|c: char| c.is_ascii_digit()) {
            let mut cols = line.split('\t');
            let (Some(id), Some(form)) = (cols.next(), cols.next()) else {
                continue;
            };
            if let Some((_, last)) = id.split_once('-') {
                skip_until = last.parse().unwrap_or(0);
                tokens.push(form.to_string());
            } else if !id.contains('.') && id.parse::<usize>().is_ok_and(|n| n > skip_until) {
                tokens.push(form.to_string());
            }
        }
    }
    sentences
}

/// Gold byte spans, found left to right in the text; `None` when a token is not found.
fn gold_spans(text: &str, tokens: &[String]) -> Option<HashSet<(usize, usize)>> {
    let mut spans = HashSet::new();
    let mut pos = 0;
    for token in tokens {
        let start = pos + text[pos..].find(token.as_str())?;
        pos = start + token.len();
        spans.insert((start, pos));
    }
    Some(spans)
}

struct Score {
    f1: f64,
    precision: f64,
    recall: f64,
    sentences: usize,
}

fn score(path: &Path) -> Score {
    let tokenizer = Tokenizer::new();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let mut sentences = 0;
    for (text, tokens) in read_conllu(path) {
        if text.contains('\n') {
            continue;
        }
        let Some(gold) = gold_spans(&text, &tokens) else {
            continue;
        };
        sentences += 1;
        let predicted: HashSet<(usize, usize)> = tokenizer
            .tokens(&text)
            .filter(|t| !t.text.trim().is_empty())
            .map(|t| (t.span.start, t.span.end))
            .collect();
        tp += gold.intersection(&predicted).count();
        fp += predicted.difference(&gold).count();
        fn_ += gold.difference(&predicted).count();
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(1e-12);
    Score {
        f1,
        precision,
        recall,
        sentences,
    }
}

fn check(relative: &str) {
    let Some(dir) = common::shared_data("ud") else {
        return;
    };
    let path = dir.join(relative);
    let s = score(&path);
    eprintln!(
        "{relative}: {} sentences, F1 {:.4} (P {:.4}, R {:.4})",
        s.sentences, s.f1, s.precision, s.recall
    );
    assert!(
        s.sentences > 100,
        "too few sentences read from {}",
        path.display()
    );
    assert!(
        s.f1 >= REQUIRED_F1,
        "{relative}: token-boundary F1 {:.4} < {REQUIRED_F1}",
        s.f1
    );
}

#[test]
fn gsd_test_f1() {
    check("UD_French-GSD/fr_gsd-ud-test.conllu");
}

#[test]
fn rhapsodie_test_f1() {
    check("UD_French-Rhapsodie/fr_rhapsodie-ud-test.conllu");
}
