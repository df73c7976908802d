//! The full-text index items of a document: its passages, itself, and its cases.

use crate::core::recommend::score::case_concepts;
use corpus::extract::Extraction;
use corpus::Document;
use index::Item;
use std::collections::BTreeSet;

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
    for c in &x.cases {
        let cs: Vec<_> = case_concepts(c).collect();
        let text: String = std::iter::once(c.name.clone())
            .chain(c.evidence.iter().take(8).map(|e| e.text.clone()))
            .collect::<Vec<_>>()
            .join(" ");
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
