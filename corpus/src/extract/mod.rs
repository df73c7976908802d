//! Knowledge extraction (thesaurus, places, cases, paths, policies).
//!
//! [`Knowledge`] holds what is loaded once (thesaurus, gazetteer, matchers); [`extract`] turns
//! one parsed [`Document`] into an [`Extraction`]. Every item keeps its provenance as
//! [`Evidence`]: passage id, char span in the passage text, input lines and the sentence.
//!
//! Modules: `thesaurus` (SKOS), `matcher` (folding + Aho–Corasick), `concepts` (concept
//! index and mentions), `places` (gazetteer, patterns, disambiguation), `doc` (per-document
//! view: sentences, masks, mentions), `policies`, `paths`, `cases` (merging, attributes) and
//! `case_cues` (where case candidates come from).

mod abbrev;
pub mod candidate;
pub mod case_cues;
pub mod cases;
mod cited;
pub mod concepts;
pub mod doc;
pub mod error;
mod former;
pub mod knowledge;
pub mod labels;
pub mod matcher;
pub mod model;
pub mod paths;
pub mod places;
pub mod policies;
pub mod recognize;
pub mod salience;
mod scope;
mod stance;
pub mod thesaurus;
pub mod units;

use crate::model::Document;
use crate::normalize::script;

pub use error::KnowledgeError;
pub use knowledge::Knowledge;
pub use model::{Case, ConceptRef, Evidence, Extraction, Path, Place, Policy, Stage, MAX_EVIDENCE};
pub use places::Gazetteer;
pub use thesaurus::{Concept, Thesaurus};

/// Extract concepts, places, cases, paths, obstacles, countermeasures and policies. A
/// document in traditional script is read folded to simplified; evidence sentences are
/// given back in its own characters (offsets are the same: the fold is one char for one).
pub fn extract(doc: &Document, kb: &Knowledge) -> Extraction {
    if doc.script != "traditional" {
        return extract_as_is(doc, kb);
    }
    let folded = folded_document(doc);
    let mut x = extract_as_is(&folded, kb);
    for_each_evidence(&mut x, &mut |e| restore_evidence(e, doc, &folded));
    restore_case_names(&mut x, doc, &folded);
    x
}

/// Case names as the document writes them (`駁二藝術特區`); ids stay those of the folded
/// names, so they do not depend on the script.
fn restore_case_names(x: &mut Extraction, doc: &Document, folded: &Document) {
    let all = |d: &Document| -> String {
        std::iter::once(d.title.as_str())
            .chain(d.passages.iter().map(|p| p.text.as_str()))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (o, f) = (all(doc), all(folded));
    for c in &mut x.cases {
        if let Some(name) = script::original_of(&c.name, &f, &o) {
            c.name = name;
        }
    }
}

fn extract_as_is(doc: &Document, kb: &Knowledge) -> Extraction {
    let view = doc::DocView::new(doc, kb);
    let paths = paths::doc_paths(&view, kb);
    let cases = cases::find(&view, kb, &paths);
    let (obstacles, countermeasures) = paths::obstacles_and_countermeasures(&view, kb);
    Extraction {
        doc_id: doc.id.clone(),
        concepts: view.concept_refs(kb, view.all_mentions(), MAX_EVIDENCE),
        places: view.places(kb),
        cases,
        paths,
        obstacles,
        countermeasures,
        policies: policies::find(&view),
    }
}

/// Each case candidate of `doc` before the salience filter: its name, whether a title
/// names it (always kept), and its salience features (`examples/fit_salience.rs`).
pub fn case_features(doc: &Document, kb: &Knowledge) -> Vec<(String, bool, Vec<f64>)> {
    let folded;
    let doc = if doc.script == "traditional" {
        folded = folded_document(doc);
        &folded
    } else {
        doc
    };
    let view = doc::DocView::new(doc, kb);
    let all = cases::candidates(&view, kb);
    all.iter()
        .map(|c| {
            let title = c.origin == candidate::Origin::Title;
            (c.name.clone(), title, salience::features(&view, c, &all))
        })
        .collect()
}

/// For free text (a user's scenario): concepts and places found, no passages
/// (`Evidence::passage` empty; lines are 1-based lines of `text`).
pub fn extract_text(text: &str, kb: &Knowledge) -> (Vec<ConceptRef>, Vec<Place>) {
    let doc = doc::free_text_document(&script::fold(text));
    let view = doc::DocView::new(&doc, kb);
    (
        view.concept_refs(kb, view.all_mentions(), MAX_EVIDENCE),
        view.places(kb),
    )
}

fn folded_document(doc: &Document) -> Document {
    let mut f = doc.clone();
    f.title = script::fold(&f.title);
    for p in &mut f.passages {
        p.text = script::fold(&p.text);
    }
    for r in &mut f.references {
        r.text = script::fold(&r.text);
    }
    for s in &mut f.sections {
        s.heading = script::fold(&s.heading);
    }
    f
}

/// The evidence sentence in the document's own characters.
fn restore_evidence(e: &mut Evidence, doc: &Document, folded: &Document) {
    let passages = folded
        .passages
        .iter()
        .zip(&doc.passages)
        .map(|(f, o)| (f.id.clone(), &f.text, &o.text));
    let references = folded
        .references
        .iter()
        .zip(&doc.references)
        .enumerate()
        .map(|(i, (f, o))| (format!("{}-r{i}", doc.id), &f.text, &o.text));
    let found = passages
        .chain(references)
        .find(|(id, _, _)| *id == e.passage);
    if let Some(o) = found.and_then(|(_, f, o)| script::original_of(&e.text, f, o)) {
        e.text = o;
    }
}

fn for_each_evidence(x: &mut Extraction, f: &mut dyn FnMut(&mut Evidence)) {
    let refs = |list: &mut Vec<ConceptRef>, f: &mut dyn FnMut(&mut Evidence)| {
        list.iter_mut().flat_map(|c| &mut c.evidence).for_each(f)
    };
    refs(&mut x.concepts, f);
    refs(&mut x.obstacles, f);
    x.places
        .iter_mut()
        .flat_map(|p| &mut p.evidence)
        .for_each(&mut *f);
    x.countermeasures.iter_mut().for_each(&mut *f);
    x.policies
        .iter_mut()
        .flat_map(|p| &mut p.evidence)
        .for_each(&mut *f);
    for p in &mut x.paths {
        path_evidence(p, f);
    }
    for c in &mut x.cases {
        c.evidence.iter_mut().for_each(&mut *f);
        c.outcome_figures.iter_mut().for_each(&mut *f);
        c.place
            .iter_mut()
            .flat_map(|p| &mut p.evidence)
            .for_each(&mut *f);
        for list in [
            &mut c.domains,
            &mut c.actors,
            &mut c.technologies,
            &mut c.mechanisms,
            &mut c.obstacles,
            &mut c.outcomes,
            &mut c.financing,
            &mut c.operation,
        ] {
            refs(list, f);
        }
        for p in &mut c.paths {
            path_evidence(p, f);
        }
    }
}

fn path_evidence(p: &mut Path, f: &mut dyn FnMut(&mut Evidence)) {
    for s in &mut p.stages {
        s.evidence.iter_mut().for_each(&mut *f);
        for list in [&mut s.actors, &mut s.technologies, &mut s.mechanisms] {
            list.iter_mut()
                .flat_map(|c| &mut c.evidence)
                .for_each(&mut *f);
        }
    }
}
