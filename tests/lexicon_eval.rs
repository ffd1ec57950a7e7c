//! Precision and recall of the default lexicon on hand-coded sentences (`tests/data/lexicon_eval.tsv`).
//!
//! Each line is `role<TAB>sentence<TAB>expected theme ids, comma-separated`. A sentence becomes a
//! one-turn transcript of that role, scored with the default analyzer (respondents and unknown roles
//! scored, negated hits left out); the themes with at least one counted hit are compared with the
//! expected ones. Run with `--nocapture` to see the figures, misses and false positives.

use entretien::analyzer::Analyzer;
use entretien::EvidenceMode;
use entretien::{Lexicon, Role, Span, Transcript, Turn};
use std::collections::BTreeSet;

const DATA: &str = include_str!("data/lexicon_eval.tsv");
const THRESHOLD: f64 = 0.9;

struct Case {
    line: usize,
    role: Role,
    sentence: &'static str,
    expected: BTreeSet<&'static str>,
}

fn parse_role(name: &str) -> Option<Role> {
    match name {
        "interviewer" => Some(Role::Interviewer),
        "respondent" => Some(Role::Respondent),
        "other" => Some(Role::Other),
        "unknown" => Some(Role::Unknown),
        _ => None,
    }
}

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (index, line) in DATA.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let (Some(role), Some(sentence)) = (fields.next(), fields.next()) else {
            panic!(
                "line {}: expected role<TAB>sentence<TAB>expected",
                index + 1
            );
        };
        let role =
            parse_role(role).unwrap_or_else(|| panic!("line {}: unknown role {role:?}", index + 1));
        let expected = fields
            .next()
            .unwrap_or("")
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .collect();
        assert!(
            fields.next().is_none(),
            "line {}: too many fields",
            index + 1
        );
        out.push(Case {
            line: index + 1,
            role,
            sentence,
            expected,
        });
    }
    out
}

fn one_turn(sentence: &str, role: Role) -> Transcript {
    let mut transcript = Transcript::from_text("eval", sentence);
    transcript.turns = vec![Turn::new(role, Span::new(0, sentence.len()))];
    transcript
}

#[test]
fn default_lexicon_precision_and_recall() {
    let lexicon = Lexicon::default_french();
    let known: BTreeSet<String> = lexicon.theme_ids().map(str::to_string).collect();
    let analyzer = Analyzer::builder()
        .build(&lexicon)
        .expect("default lexicon compiles");
    let mut scratch = analyzer.scratch();
    let cases = cases();
    assert!(cases.len() >= 80, "only {} sentences", cases.len());

    let (mut true_pos, mut false_pos, mut false_neg) = (0usize, 0usize, 0usize);
    let mut report = Vec::new();
    for case in &cases {
        for theme in &case.expected {
            assert!(
                known.contains(*theme),
                "line {}: no theme {theme:?}",
                case.line
            );
        }
        let transcript = one_turn(case.sentence, case.role);
        let score = analyzer
            .analyze(&transcript, &mut scratch)
            .score(EvidenceMode::Include);
        let found: BTreeSet<&str> = score
            .themes
            .iter()
            .filter(|t| t.hits > 0)
            .map(|t| t.id.as_str())
            .collect();
        let missed: Vec<&str> = case.expected.difference(&found).copied().collect();
        let spurious: Vec<&str> = found.difference(&case.expected).copied().collect();
        true_pos += case.expected.intersection(&found).count();
        false_neg += missed.len();
        false_pos += spurious.len();
        if !missed.is_empty() || !spurious.is_empty() {
            let evidence: Vec<String> = score
                .evidence
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}{}",
                        e.theme,
                        e.text,
                        if e.negated { " (negated)" } else { "" }
                    )
                })
                .collect();
            report.push(format!(
                "line {} {:?}\n    missed {missed:?}, false positives {spurious:?}, evidence {evidence:?}",
                case.line, case.sentence
            ));
        }
    }
    let ratio = |num: usize, den: usize| {
        if den == 0 {
            1.0
        } else {
            num as f64 / den as f64
        }
    };
    let precision = ratio(true_pos, true_pos + false_pos);
    let recall = ratio(true_pos, true_pos + false_neg);
    eprintln!(
        "default lexicon on {} sentences: precision {precision:.3} ({true_pos}/{}), recall {recall:.3} ({true_pos}/{})",
        cases.len(),
        true_pos + false_pos,
        true_pos + false_neg
    );
    for line in &report {
        eprintln!("{line}");
    }
    assert!(
        precision >= THRESHOLD && recall >= THRESHOLD,
        "precision {precision:.3}, recall {recall:.3} (want both ≥ {THRESHOLD})"
    );
}
