//! The full-text index items of a document: its passages, itself, and its cases.

use crate::core::recommend::score::case_concepts;
use corpus::extract::{Case, Evidence, Extraction};
use corpus::Document;
use index::Item;
use std::collections::{BTreeSet, HashMap, HashSet};

/// The index items of one document: its passages, itself, and its cases.
pub fn items(doc: &Document, x: &Extraction) -> Vec<Item> {
    let year = doc
        .date
        .as_deref()
        .map(|d| d[..4.min(d.len())].to_string())
        .unwrap_or_default();
    let places: Vec<String> = x.places.iter().map(|p| p.name.clone()).collect();
    let base = Item {
        doc_id: doc.id.clone(),
        title: doc.title.clone(),
        authors: doc.authors.clone(),
        source: doc.source.clone(),
        genre: doc.genre.clone(),
        year,
        keywords: doc.keywords.clone(),
        ..Item::default()
    };
    let mut out = Vec::new();
    for p in &doc.passages {
        let cs: Vec<_> = x
            .concepts
            .iter()
            .filter(|c| c.evidence.iter().any(|e| e.passage == p.id))
            .collect();
        out.push(Item {
            kind: "passage".into(),
            id: p.id.clone(),
            text: p.text.clone(),
            lines: p.lines,
            concepts: cs.iter().map(|c| c.label.clone()).collect(),
            concept_iris: cs.iter().map(|c| c.concept.clone()).collect(),
            schemes: dedup(cs.iter().map(|c| c.scheme.clone())),
            places: x
                .places
                .iter()
                .filter(|pl| pl.evidence.iter().any(|e| e.passage == p.id))
                .map(|pl| pl.name.clone())
                .collect(),
            keywords: vec![],
            ..base.clone()
        });
    }
    let head: String = doc.abstract_text.clone().unwrap_or_else(|| {
        doc.passages
            .iter()
            .take(3)
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("")
    });
    out.push(Item {
        kind: "document".into(),
        id: doc.id.clone(),
        text: head,
        lines: doc.lines,
        concepts: x.concepts.iter().map(|c| c.label.clone()).collect(),
        concept_iris: x.concepts.iter().map(|c| c.concept.clone()).collect(),
        schemes: dedup(x.concepts.iter().map(|c| c.scheme.clone())),
        places: places.clone(),
        ..base.clone()
    });
    let named = Named::new(doc, x);
    for c in &x.cases {
        let cs: Vec<_> = case_concepts(c).collect();
        let text = case_text(&named, c);
        let first = c
            .evidence
            .iter()
            .map(|e| e.lines.0)
            .min()
            .unwrap_or(doc.lines.0);
        let last = c
            .evidence
            .iter()
            .map(|e| e.lines.1)
            .max()
            .unwrap_or(doc.lines.1);
        out.push(Item {
            kind: "case".into(),
            id: c.id.clone(),
            title: c.name.clone(),
            text,
            lines: (first, last),
            concepts: cs.iter().map(|c| c.label.clone()).collect(),
            concept_iris: cs.iter().map(|c| c.concept.clone()).collect(),
            schemes: dedup(cs.iter().map(|c| c.scheme.clone())),
            places: c.place.iter().map(|p| p.name.clone()).collect(),
            ..base.clone()
        });
    }
    out
}

fn dedup(it: impl Iterator<Item = String>) -> Vec<String> {
    let set: BTreeSet<String> = it.collect();
    set.into_iter().collect()
}

/// Characters of the sentences after a case's naming sentence that its text takes in.
const CONTEXT_CHARS: usize = 160;

/// A sentence of a document: (passage index, sentence index).
type At = (usize, usize);

/// Where a document's cases are named: each naming sentence with the ids of the cases it
/// names, read once per document.
struct Named<'a> {
    doc: &'a Document,
    passage: HashMap<&'a str, usize>,
    cases: HashMap<At, Vec<&'a str>>,
}

impl<'a> Named<'a> {
    fn new(doc: &'a Document, x: &'a Extraction) -> Named<'a> {
        let passage = doc
            .passages
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut named = Named {
            doc,
            passage,
            cases: HashMap::new(),
        };
        let pairs: Vec<(At, &str)> = x
            .cases
            .iter()
            .flat_map(|c| c.evidence.iter().map(move |e| (e, c.id.as_str())))
            .filter_map(|(e, id)| Some((named.sentence(e)?, id)))
            .collect();
        for (at, id) in pairs {
            named.cases.entry(at).or_default().push(id);
        }
        named
    }

    /// The sentence that holds a piece of evidence.
    fn sentence(&self, e: &Evidence) -> Option<At> {
        let p = *self.passage.get(e.passage.as_str())?;
        let ends = &self.doc.passages[p].sentence_ends;
        Some((p, ends.partition_point(|&end| end <= e.start)))
    }

    fn names_other(&self, at: At, id: &str) -> bool {
        self.cases
            .get(&at)
            .is_some_and(|ids| ids.iter().any(|&o| o != id))
    }
}

/// What a document says of a case: its name, each sentence that names it, and the sentences
/// after each up to `CONTEXT_CHARS`, stopping at one that names another case. A case list
/// names a case once and describes it below; its naming sentences alone do not tell it
/// from its neighbours.
fn case_text(named: &Named, c: &Case) -> String {
    // Sentences already in the text: a case named twice in a row reads its context once.
    let mut seen = HashSet::new();
    let mut out = vec![c.name.clone()];
    for e in c.evidence.iter().take(8) {
        out.push(e.text.clone());
        let Some(at) = named.sentence(e) else {
            continue;
        };
        seen.insert(at);
        let mut taken = 0;
        for (at, text) in sentences_from(named.doc, at.0, at.1 + 1) {
            if taken >= CONTEXT_CHARS || named.names_other(at, &c.id) || !seen.insert(at) {
                break;
            }
            taken += text.chars().count();
            out.push(text);
        }
    }
    out.join(" ")
}

/// The sentences of passage `p` from sentence `from` on, each with its place.
fn sentences_from(doc: &Document, p: usize, from: usize) -> Vec<(At, String)> {
    let passage = &doc.passages[p];
    let chars: Vec<char> = passage.text.chars().collect();
    let spans = passage.sentences().into_iter().enumerate().skip(from);
    spans
        .map(|(i, (a, b))| {
            let end = b.min(chars.len());
            ((p, i), chars[a.min(end)..end].iter().collect())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use corpus::Passage;

    fn named(passage: &str, start: u32, sentence: &str) -> Evidence {
        Evidence {
            passage: passage.into(),
            start,
            end: start + 2,
            lines: (1, 1),
            text: sentence.into(),
        }
    }

    /// A case list: each case named once, its description after it.
    #[test]
    fn case_text_reads_on_until_another_case() {
        let text = "甲社区改造。加装电梯十部。乙村整治。修路两公里。";
        let ends = [6, 12, 17, 23];
        let doc = Document {
            passages: vec![passage("d-p0", 0, text, &ends)],
            ..Document::default()
        };
        let case = |id: &str, name: &str, e: Evidence| Case {
            id: id.into(),
            name: name.into(),
            evidence: vec![e],
            ..Case::default()
        };
        let a = case("a", "甲社区", named("d-p0", 0, "甲社区改造。"));
        let b = case("b", "乙村", named("d-p0", 12, "乙村整治。"));
        let x = Extraction {
            cases: vec![a.clone(), b.clone()],
            ..Extraction::default()
        };
        let ta = case_text(&Named::new(&doc, &x), &a);
        assert!(ta.contains("加装电梯十部"), "{ta}");
        assert!(!ta.contains("乙村") && !ta.contains("修路"), "{ta}");
        let tb = case_text(&Named::new(&doc, &x), &b);
        assert!(tb.contains("修路两公里") && !tb.contains("电梯"), "{tb}");
    }

    fn passage(id: &str, section: usize, text: &str, ends: &[u32]) -> Passage {
        Passage {
            id: id.into(),
            section,
            text: text.into(),
            sentence_ends: ends.to_vec(),
            ..Passage::default()
        }
    }
}
