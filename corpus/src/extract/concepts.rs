//! Concept labels → matcher. A label may name several concepts only when it is a
//! `gc:ambiguousLabel`; the document view picks one of them from context.

use super::matcher::{fold_label, Folded, LabelMatcher};
use super::thesaurus::{Thesaurus, GCC};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub struct ConceptIndex {
    matcher: LabelMatcher,
    /// Per pattern: the concepts (indexes into `Thesaurus::concepts`) it names.
    owners: Vec<Vec<usize>>,
    /// Short forms of national enterprises (中国电信 → 电信) with their concept: they name
    /// the enterprise only right after a place (兰州电信), as 电信 or 移动 alone mean more.
    short_forms: Vec<(String, usize)>,
}

/// A label found in text; `concepts` has more than one entry for an ambiguous label.
#[derive(Debug, Clone)]
pub struct LabelHit {
    pub start: usize,
    pub end: usize,
    pub concepts: Vec<usize>,
}

impl ConceptIndex {
    pub fn new(th: &Thesaurus) -> Result<ConceptIndex, super::error::KnowledgeError> {
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
            short_forms: short_forms(th),
        })
    }

    /// The enterprise named when `after` (the text right after a place name) starts with a
    /// short form: its concept and the short form's length in characters.
    pub fn short_form_at(&self, after: &str) -> Option<(usize, usize)> {
        self.short_forms
            .iter()
            .find(|(f, _)| after.starts_with(f.as_str()))
            .map(|(f, c)| (*c, f.chars().count()))
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

/// Enterprises whose label is 中国 + a name of two or more characters, name first.
fn short_forms(th: &Thesaurus) -> Vec<(String, usize)> {
    let enterprises = format!("{GCC}enterprises");
    let mut out = Vec::new();
    for (i, c) in th.concepts.iter().enumerate() {
        let is_enterprise = th.ancestors(&c.iri).iter().any(|a| a.iri == enterprises);
        for l in th.labels(i) {
            let short = fold_label(l.strip_prefix("中国").unwrap_or(""));
            if is_enterprise && short.chars().count() >= 2 {
                out.push((short, i));
            }
        }
    }
    out
}
