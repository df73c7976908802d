//! Concept labels → matcher. A label may name several concepts only when it is a
//! `gc:ambiguousLabel`; the document view picks one of them from context.

use super::matcher::{fold_label, Folded, LabelMatcher};
use super::thesaurus::Thesaurus;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct ConceptIndex {
    matcher: LabelMatcher,
    /// Per pattern: the concepts (indexes into `Thesaurus::concepts`) it names.
    owners: Vec<Vec<usize>>,
}

/// A label found in text; `concepts` has more than one entry for an ambiguous label.
#[derive(Debug, Clone)]
pub struct LabelHit {
    pub start: usize,
    pub end: usize,
    pub concepts: Vec<usize>,
}

impl ConceptIndex {
    pub fn new(th: &Thesaurus) -> anyhow::Result<ConceptIndex> {
        let mut by_label: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for i in 0..th.concepts.len() {
            for l in th.labels(i) {
                let f = fold_label(l);
                // One character matches inside too many words to mean anything.
                if f.chars().count() < 2 {
                    continue;
                }
                let owners = by_label.entry(f).or_default();
                if !owners.contains(&i) {
                    owners.push(i);
                }
            }
        }
        let (patterns, owners): (Vec<String>, Vec<Vec<usize>>) = by_label.into_iter().unzip();
        Ok(ConceptIndex {
            matcher: LabelMatcher::new(&patterns)?,
            owners,
        })
    }

    pub fn find(&self, f: &Folded) -> Vec<LabelHit> {
        self.matcher
            .find(f)
            .into_iter()
            .map(|h| LabelHit {
                start: h.start,
                end: h.end,
                concepts: self.owners[h.pattern].clone(),
            })
            .collect()
    }
}
