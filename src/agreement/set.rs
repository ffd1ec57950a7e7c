//! Coded passages gathered by id: one passage, the codings of each of its coders.

use crate::coded::CodedPassage;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// One coder's coding of a passage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coding {
    /// The coder, an index into [`CodedSet::coders`].
    pub coder: usize,
    /// Themes coded present.
    pub themes: Vec<String>,
    /// Themes coded denied.
    pub denied: Vec<String>,
}

/// A passage with every coding it received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodedItem {
    /// The passage's id.
    pub id: String,
    /// Its text (the first coder's, when coders' texts differ).
    pub text: String,
    /// The document it comes from, where known.
    pub document: Option<String>,
    /// One coding per coder who coded it, in the order read.
    pub codings: Vec<Coding>,
}

/// Passages gathered by id: the same id from several coders (or files) is one passage coded
/// several times.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodedSet {
    /// Coders, in order of first appearance (a passage without a coder counts as `coder`).
    pub coders: Vec<String>,
    /// Passages, in order of first appearance.
    pub items: Vec<CodedItem>,
    /// Passages of one id whose texts differ, codings repeated by one coder.
    pub warnings: Vec<String>,
}

impl CodedSet {
    /// Gathers passages by id.
    ///
    /// ```
    /// use entretien::agreement::CodedSet;
    /// use entretien::coded::CodedPassage;
    ///
    /// let p = |coder: &str, themes: &[&str]| CodedPassage {
    ///     id: "p1".into(),
    ///     text: "Je suis seule.".into(),
    ///     themes: themes.iter().map(|t| t.to_string()).collect(),
    ///     denied: vec![],
    ///     coder: Some(coder.into()),
    ///     document: None,
    ///     origin: None,
    /// };
    /// let set = CodedSet::new([p("a", &["isolement"]), p("b", &[])]);
    /// assert_eq!(set.coders, ["a", "b"]);
    /// assert_eq!(set.items.len(), 1);
    /// assert_eq!(set.items[0].codings.len(), 2);
    /// ```
    pub fn new(passages: impl IntoIterator<Item = CodedPassage>) -> CodedSet {
        let mut set = CodedSet::default();
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for p in passages {
            let name = p.coder.unwrap_or_else(|| "coder".to_string());
            let coder = match set.coders.iter().position(|c| *c == name) {
                Some(c) => c,
                None => {
                    set.coders.push(name);
                    set.coders.len() - 1
                }
            };
            let coding = Coding {
                coder,
                themes: p.themes,
                denied: p.denied,
            };
            match by_id.get(&p.id) {
                None => {
                    by_id.insert(p.id.clone(), set.items.len());
                    set.items.push(CodedItem {
                        id: p.id,
                        text: p.text,
                        document: p.document,
                        codings: vec![coding],
                    });
                }
                Some(&i) => {
                    let item = &mut set.items[i];
                    if item.codings.iter().any(|c| c.coder == coder) {
                        set.warnings.push(format!(
                            "passage {:?} is coded twice by {}: the second coding is left out",
                            item.id, set.coders[coder]
                        ));
                        continue;
                    }
                    if item.text.trim() != p.text.trim() {
                        set.warnings.push(format!(
                            "passage {:?} has another text for {} than for {}: the first is scored",
                            item.id, set.coders[coder], set.coders[item.codings[0].coder]
                        ));
                    }
                    item.codings.push(coding);
                }
            }
        }
        set
    }
}
