//! Gathering a report: what each document gives on a worker ([`ReportBuilder::document`]), and how
//! those parts are summed in input order ([`ReportCollector`]).

use super::model::{
    ClassesSection, CorpusSection, DocumentProfile, DocumentProgression, Heatmap, ModelSection,
    ModelTheme, Profiles, Progression, Report,
};
use super::quotes::{Candidates, QuoteBoard};
use super::ReportOptions;
use crate::aggregate::Aggregate;
use crate::analyzer::{Analyzer, Windows};
use crate::classes::{classify, collect, Corpus, DocumentUnits};
use crate::error::Result;
use crate::group::GroupBy;
use crate::learn::{ModelCoder, ModelRows};
use crate::score::{DocumentScorer, EvidenceMode};
use crate::score::{RowOptions, UnitScore};
use crate::tables::{self, UnitCoverage};
use crate::transcript::{Role, Transcript};
use std::collections::{BTreeMap, BTreeSet};

/// Quotes kept per theme, and negated quotes.
const QUOTES: usize = 5;
const NEGATED_QUOTES: usize = 3;
/// Forms, modalities and typical segments kept per class for the page.
const CLASS_FORMS: usize = 12;
const CLASS_MODALITIES: usize = 5;
const CLASS_TYPICAL: usize = 3;
/// Files named as failed on the page, at most.
const FAILED_LISTED: usize = 100;

const ROLES: [Role; 4] = [
    Role::Interviewer,
    Role::Respondent,
    Role::Other,
    Role::Unknown,
];

fn role_index(role: Role) -> usize {
    ROLES.iter().position(|&r| r == role).unwrap_or(3)
}

/// Builds a report over documents: shared by the workers, like the [`Analyzer`] it holds.
#[derive(Debug)]
pub struct ReportBuilder<'a> {
    analyzer: &'a Analyzer,
    options: ReportOptions,
    coder: Option<&'a ModelCoder>,
}

/// A worker's counts: the aggregate of its documents, ungrouped and under each key.
#[derive(Debug, Clone)]
pub struct ReportState {
    /// Ungrouped first, then one per key of [`ReportOptions::by`].
    aggregates: Vec<Aggregate>,
}

/// What one document adds to the report, made on a worker.
#[derive(Debug)]
pub struct DocumentPart {
    id: String,
    /// Scored words.
    words: u64,
    format: String,
    speakers: u64,
    turns_by_role: [u64; 4],
    words_by_role: [u64; 4],
    profile: Option<DocumentProfile>,
    progression: DocumentProgression,
    /// Counted hits per theme and bin.
    bin_hits: Vec<Vec<u64>>,
    /// Bytes of text and of the interviewer's turns in each bin.
    bin_bytes: f64,
    interviewer_bytes: Vec<f64>,
    candidates: Candidates,
    units: Option<DocumentUnits>,
    /// With a model: units coded, and per model theme (present, lexicon, both).
    coded: Option<(u64, Vec<[u64; 3]>)>,
}

impl<'a> ReportBuilder<'a> {
    /// A builder of reports over documents analysed by `analyzer`.
    pub fn new(analyzer: &'a Analyzer, options: ReportOptions) -> ReportBuilder<'a> {
        ReportBuilder {
            analyzer,
            options,
            coder: None,
        }
    }

    /// Also codes the documents with learned coders (made for the same analyzer), in the unit
    /// they were trained on: the report then says, per theme, in how many units the model finds
    /// it and in how many the lexicon does.
    pub fn model(mut self, coder: &'a ModelCoder) -> ReportBuilder<'a> {
        self.coder = Some(coder);
        self
    }

    /// The options.
    pub fn options(&self) -> &ReportOptions {
        &self.options
    }

    /// An empty worker state.
    pub fn state(&self) -> ReportState {
        let mut aggregates = vec![Aggregate::new(self.analyzer, GroupBy::None)];
        for by in &self.options.by {
            aggregates.push(Aggregate::new(self.analyzer, by.clone()));
        }
        ReportState { aggregates }
    }

    /// Reads a document's windows (all of them), counting it into `state` and returning what the
    /// report keeps of it.
    pub fn document(&self, windows: &mut Windows<'_>, state: &mut ReportState) -> DocumentPart {
        let transcript = windows.transcript();
        let mut scorer = DocumentScorer::new(EvidenceMode::Include);
        let mut units: Option<DocumentUnits> = None;
        let (mut turns_by_role, mut words_by_role) = ([0u64; 4], [0u64; 4]);
        let mut speakers: BTreeSet<Option<String>> = BTreeSet::new();
        let words_before = state.aggregates[0].words;
        let mode = self.analyzer.config().negation;
        let mut coding = self.coder.map(|coder| {
            let rows = ModelRows::new(coder, coder.model().unit, RowOptions::new().all_themes());
            let counts = vec![[0u64; 3]; coder.model().themes.len()];
            (rows, coder.scratch(), 0u64, counts)
        });
        while let Some(window) = windows.next() {
            for aggregate in &mut state.aggregates {
                aggregate.add(&window);
            }
            scorer.add(&window);
            for (ti, turn) in (window.first_turn()..).zip(&window.turns) {
                let r = role_index(window.role(ti));
                turns_by_role[r] += 1;
                words_by_role[r] += u64::from(turn.words);
                if !speakers.contains(&window.speaker(ti).map(str::to_string)) {
                    speakers.insert(window.speaker(ti).map(str::to_string));
                }
            }
            if let (Some((rows, scratch, units, counts)), Some(coder)) =
                (coding.as_mut(), self.coder)
            {
                rows.add(&window, scratch, |row: UnitScore| {
                    *units += 1;
                    for (t, theme) in coder.model().themes.iter().enumerate() {
                        let Some(cell) = row.themes.get(&theme.id) else {
                            continue;
                        };
                        let present = cell.present == Some(true);
                        let lexicon = cell.hits > 0 || (mode.codes(true) && cell.negated > 0);
                        counts[t][0] += u64::from(present);
                        counts[t][1] += u64::from(lexicon);
                        counts[t][2] += u64::from(present && lexicon);
                    }
                });
            }
            if let Some(config) = &self.options.classes {
                let more = collect(&window, &config.units);
                match units.as_mut() {
                    Some(u) => u.append(more),
                    None => units = Some(more),
                }
            }
            if window.is_last() {
                break;
            }
        }
        let themes = self.analyzer.lexicon().themes.len();
        let bins = self.options.bins.max(1);
        let len = transcript.text.len().max(1) as f64;
        let mut progression = DocumentProgression {
            id: transcript.id.clone(),
            hits: vec![Vec::new(); themes],
            interviewer: interviewer_turns(transcript),
        };
        let mut bin_hits = vec![vec![0u64; bins]; themes];
        let (profile, candidates) = match scorer.finish() {
            Some(score) => {
                let theme_index: BTreeMap<&str, usize> = (score.themes.iter().enumerate())
                    .map(|(i, t)| (t.id.as_str(), i))
                    .collect();
                for e in score.evidence.iter().filter(|e| mode.codes(e.negated)) {
                    let Some(&t) = theme_index.get(e.theme.as_str()) else {
                        continue;
                    };
                    let x = (e.span.start as f64 / len).clamp(0.0, 1.0);
                    progression.hits[t].push(x);
                    bin_hits[t][((x * bins as f64) as usize).min(bins - 1)] += 1;
                }
                let candidates = Candidates::of(&score.evidence, &theme_index);
                let profile = DocumentProfile {
                    id: score.id.clone(),
                    words: score.words,
                    per_1000: score.themes.iter().map(|t| t.per_1000).collect(),
                    hits: score.themes.iter().map(|t| t.hits).collect(),
                };
                (Some(profile), candidates)
            }
            None => (None, Candidates::default()),
        };
        let mut interviewer_bytes = vec![0.0; bins];
        for &(a, b) in &progression.interviewer {
            for (i, share) in interviewer_bytes.iter_mut().enumerate() {
                let (lo, hi) = (i as f64 / bins as f64, (i + 1) as f64 / bins as f64);
                let overlap = b.min(hi) - a.max(lo);
                if overlap > 0.0 {
                    *share += overlap * len;
                }
            }
        }
        DocumentPart {
            id: transcript.id.clone(),
            words: state.aggregates[0].words - words_before,
            format: transcript.format.to_string(),
            speakers: speakers.len() as u64,
            turns_by_role,
            words_by_role,
            profile,
            progression,
            bin_hits,
            bin_bytes: len / bins as f64,
            interviewer_bytes,
            candidates,
            units,
            coded: coding.map(|(_, _, units, counts)| (units, counts)),
        }
    }

    /// A collector of this builder's document parts.
    pub fn collector(&self) -> ReportCollector<'_> {
        let themes = self.analyzer.lexicon().themes.len();
        let bins = self.options.bins.max(1);
        ReportCollector {
            builder: self,
            documents: 0,
            speakers: 0,
            turns_by_role: [0; 4],
            words_by_role: [0; 4],
            formats: BTreeMap::new(),
            profiles: Vec::new(),
            progressions: Vec::new(),
            bin_hits: vec![vec![0; bins]; themes],
            bin_bytes: 0.0,
            interviewer_bytes: vec![0.0; bins],
            quotes: QuoteBoard::new(themes, QUOTES, NEGATED_QUOTES),
            corpus: self.options.classes.map(|_| Corpus::new()),
            coded: self
                .coder
                .map(|c| (0, vec![[0; 3]; c.model().themes.len()])),
        }
    }

    /// The report of `transcripts`, analysed on this thread one after the other.
    pub fn build<'t>(
        &self,
        transcripts: impl IntoIterator<Item = &'t Transcript>,
    ) -> Result<Report> {
        let (mut state, mut collector) = (self.state(), self.collector());
        let mut scratch = self.analyzer.scratch();
        for t in transcripts {
            let part = self.document(&mut self.analyzer.windows(t, &mut scratch), &mut state);
            collector.add(part);
        }
        collector.finish([state], &[], 0)
    }
}

/// The interviewer's turns of a transcript as shares of its text, touching ones merged.
fn interviewer_turns(transcript: &Transcript) -> Vec<(f64, f64)> {
    let len = transcript.text.len().max(1) as f64;
    let mut out: Vec<(f64, f64)> = Vec::new();
    for turn in transcript
        .turns
        .iter()
        .filter(|t| t.role == Role::Interviewer)
    {
        let (a, b) = (turn.span.start as f64 / len, turn.span.end as f64 / len);
        match out.last_mut() {
            // A label and line end between two turns of the interviewer: one stretch.
            Some(last) if a - last.1 < 0.002 => last.1 = b.max(last.1),
            _ => out.push((a.clamp(0.0, 1.0), b.clamp(0.0, 1.0))),
        }
    }
    out
}

/// Keeps in `kept` the `n` longest documents (most scored words; the first read on a tie).
fn keep_longest<T>(kept: &mut Vec<(u64, u64, T)>, doc: (u64, u64, T), n: usize) {
    kept.push(doc);
    if kept.len() > n {
        let shortest = (0..kept.len()).min_by_key(|&i| (kept[i].0, std::cmp::Reverse(kept[i].1)));
        if let Some(i) = shortest {
            kept.remove(i);
        }
    }
}

/// The documents kept, longest first (the first read on a tie).
fn longest_first<T>(mut kept: Vec<(u64, u64, T)>) -> Vec<T> {
    kept.sort_by_key(|k| (std::cmp::Reverse(k.0), k.1));
    kept.into_iter().map(|k| k.2).collect()
}

/// Sums the documents' parts in input order and makes the report.
#[derive(Debug)]
pub struct ReportCollector<'b> {
    builder: &'b ReportBuilder<'b>,
    documents: u64,
    speakers: u64,
    turns_by_role: [u64; 4],
    words_by_role: [u64; 4],
    formats: BTreeMap<String, u64>,
    /// The longest interviews so far (scored words, input index, what is drawn of them).
    profiles: Vec<(u64, u64, DocumentProfile)>,
    progressions: Vec<(u64, u64, DocumentProgression)>,
    bin_hits: Vec<Vec<u64>>,
    bin_bytes: f64,
    interviewer_bytes: Vec<f64>,
    quotes: QuoteBoard,
    corpus: Option<Corpus>,
    coded: Option<(u64, Vec<[u64; 3]>)>,
}

impl ReportCollector<'_> {
    /// Adds the next document (in input order).
    pub fn add(&mut self, part: DocumentPart) {
        let options = &self.builder.options;
        let index = self.documents;
        self.documents += 1;
        self.speakers += part.speakers;
        for r in 0..4 {
            self.turns_by_role[r] += part.turns_by_role[r];
            self.words_by_role[r] += part.words_by_role[r];
        }
        *self.formats.entry(part.format).or_default() += 1;
        if let Some(p) = part.profile {
            keep_longest(
                &mut self.profiles,
                (part.words, index, p),
                options.max_profiles,
            );
        }
        let progression = (part.words, index, part.progression);
        keep_longest(
            &mut self.progressions,
            progression,
            options.max_progressions,
        );
        for (mine, theirs) in self.bin_hits.iter_mut().zip(&part.bin_hits) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m += t;
            }
        }
        self.bin_bytes += part.bin_bytes;
        for (m, t) in self
            .interviewer_bytes
            .iter_mut()
            .zip(&part.interviewer_bytes)
        {
            *m += t;
        }
        self.quotes.add(index, &part.id, part.candidates);
        if let (Some(corpus), Some(units)) = (self.corpus.as_mut(), part.units) {
            corpus.add(units);
        }
        if let (Some((units, counts)), Some((more, theirs))) = (self.coded.as_mut(), part.coded) {
            *units += more;
            for (mine, theirs) in counts.iter_mut().zip(theirs) {
                for k in 0..3 {
                    mine[k] += theirs[k];
                }
            }
        }
    }

    /// The report, from the workers' states, and the inputs that could not be read (`failed`, the
    /// first of `failed_count`).
    pub fn finish(
        self,
        states: impl IntoIterator<Item = ReportState>,
        failed: &[String],
        failed_count: u64,
    ) -> Result<Report> {
        let builder = self.builder;
        let options = &builder.options;
        let lexicon = builder.analyzer.lexicon();
        let mut total = builder.state();
        for state in states {
            for (mine, theirs) in total.aggregates.iter_mut().zip(&state.aggregates) {
                mine.merge(theirs)?;
            }
        }
        let all = &total.aggregates[0];
        let heatmaps = (options.by.iter().zip(&total.aggregates[1..]))
            .map(|(by, aggregate)| {
                let mut groups = tables::group_rows(aggregate);
                let total_groups = groups.len();
                if total_groups > options.max_groups {
                    groups.sort_by(|a, b| b.words.cmp(&a.words).then(a.group.cmp(&b.group)));
                    groups.truncate(options.max_groups);
                    groups.sort_by(|a, b| a.group.cmp(&b.group));
                }
                Heatmap {
                    key: tables::group_by_name(by).to_string(),
                    groups,
                    total_groups,
                }
            })
            .collect();
        let named = |counts: &[u64; 4]| -> BTreeMap<String, u64> {
            (ROLES.iter().zip(counts))
                .filter(|(_, &n)| n > 0)
                .map(|(r, &n)| (r.as_str().to_string(), n))
                .collect()
        };
        let corpus = CorpusSection {
            documents: self.documents,
            speakers: self.speakers,
            turns_by_role: named(&self.turns_by_role),
            words_by_role: named(&self.words_by_role),
            words_scored: all.words,
            words_set_apart: all.words_set_apart,
            formats: self.formats,
            failed: failed.iter().take(FAILED_LISTED).cloned().collect(),
            failed_count: failed_count.max(failed.len() as u64),
            settings: all.settings.clone(),
            command: options.command.clone(),
        };
        let mut cumulative = self.bin_hits;
        for row in &mut cumulative {
            for i in 1..row.len() {
                row[i] += row[i - 1];
            }
        }
        let interviewer_share = self
            .interviewer_bytes
            .iter()
            .map(|b| match self.bin_bytes > 0.0 {
                true => (b / self.bin_bytes).clamp(0.0, 1.0),
                false => 0.0,
            })
            .collect();
        let classes = match (self.corpus, &options.classes) {
            (Some(corpus), Some(config)) if !corpus.units().is_empty() => {
                let c = classify(&corpus, config);
                let unclassified = c.unclassified();
                let mut classes = c.report;
                for class in &mut classes {
                    class.forms.truncate(CLASS_FORMS);
                    class.metadata.truncate(CLASS_MODALITIES);
                    class.speakers.truncate(CLASS_MODALITIES);
                    class.themes.truncate(CLASS_MODALITIES);
                    class.typical.truncate(CLASS_TYPICAL);
                }
                Some(ClassesSection {
                    units: c.units,
                    unclassified,
                    active_forms: c.active_forms,
                    k: config.chd.k,
                    nodes: c.dendrogram.nodes,
                    classes,
                })
            }
            _ => None,
        };
        Ok(Report {
            title: options.title.clone(),
            corpus,
            themes: tables::theme_rows(all, Some(lexicon), &UnitCoverage::default(), 5),
            heatmaps,
            profiles: Profiles {
                documents: longest_first(self.profiles),
                total_documents: self.documents,
            },
            progression: Progression {
                bins: options.bins.max(1),
                corpus: cumulative,
                interviewer_share,
                documents: longest_first(self.progressions),
                total_documents: self.documents,
            },
            cooccurrence: tables::cooccurrence_rows(all),
            quotes: self.quotes.finish(lexicon),
            classes,
            model: match (self.coded, builder.coder) {
                (Some((units, counts)), Some(coder)) => Some(ModelSection {
                    unit: coder.model().unit.as_str().to_string(),
                    units,
                    themes: (coder.model().themes.iter().zip(counts))
                        .map(|(t, [present, lexicon, both])| ModelTheme {
                            theme: t.id.clone(),
                            present,
                            lexicon,
                            both,
                        })
                        .collect(),
                }),
                _ => None,
            },
        })
    }
}
