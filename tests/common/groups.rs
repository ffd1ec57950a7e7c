//! The library's own tables of `corpora/`, read and analysed in the test, to compare outputs with.

use entretien::group::GroupBy;
use entretien::tables::{self, GroupRow};
use entretien::{Aggregate, Analyzer, Lexicon, ReadOptions, Reader};
use std::path::Path;

/// `tables::group_rows` of `corpora/` grouped by `by`, with the default codebook and settings.
pub fn corpora_groups(by: GroupBy) -> Vec<GroupRow> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora");
    let analyzer = Analyzer::builder()
        .build(&Lexicon::default_french())
        .unwrap();
    let reader = Reader::new(ReadOptions::default()).unwrap();
    let mut aggregate = Aggregate::new(&analyzer, by);
    let mut scratch = analyzer.scratch();
    for file in entretien::corpus::discover(&[root]).unwrap() {
        for t in reader.read_path(&file).unwrap() {
            aggregate.add(&analyzer.analyze(&t, &mut scratch));
        }
    }
    tables::group_rows(&aggregate)
}
