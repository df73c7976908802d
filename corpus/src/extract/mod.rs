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

pub mod case_cues;
pub mod cases;
pub mod concepts;
pub mod doc;
pub mod matcher;
pub mod paths;
pub mod places;
pub mod policies;
pub mod recognize;
pub mod thesaurus;
pub mod units;

use crate::model::Document;
use crate::normalize::script;
use serde::{Deserialize, Serialize};

pub use places::Gazetteer;
pub use thesaurus::{Concept, Thesaurus};

/// Where an extraction comes from. `passage` is empty for free text (`extract_text`); a
/// policy found only in the reference list points at `{doc id}-r{n}` (n = index into
/// `Document::references`) with that reference's lines and its text as `text`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Evidence {
    pub passage: String,
    /// Char span in the passage text (end exclusive).
    pub start: u32,
    pub end: u32,
    /// Input lines of the span.
    pub lines: (u32, u32),
    /// The sentence that contains the span.
    pub text: String,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct ConceptRef {
    /// Full IRI.
    pub concept: String,
    /// zh prefLabel.
    pub label: String,
    /// actor|technology|mechanism|obstacle|domain|financing|operation|outcome|stage|theme
    pub scheme: String,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Place {
    /// Full official name for gazetteer places, else the name as written.
    pub name: String,
    /// GB/T 2260 code (2/4/6/9 digits) when the place is in the gazetteer.
    pub code: Option<String>,
    /// province|city|county|street|community|village|area|anonymous|foreign|national
    pub level: String,
    /// Codes of the enclosing divisions, province first.
    pub parents: Vec<String>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Stage {
    /// 1-based order.
    pub index: u32,
    pub label: String,
    pub actors: Vec<ConceptRef>,
    /// Verb phrases describing what is done in the stage.
    pub actions: Vec<String>,
    pub technologies: Vec<ConceptRef>,
    pub mechanisms: Vec<ConceptRef>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Path {
    pub id: String,
    pub label: String,
    /// framework|staged|countermeasures
    pub kind: String,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Case {
    /// Stable: document id + hash of the normalised name.
    pub id: String,
    pub name: String,
    pub place: Option<Place>,
    /// Level of the case's place (see `Place::level`).
    pub level: Option<String>,
    pub domains: Vec<ConceptRef>,
    pub actors: Vec<ConceptRef>,
    pub technologies: Vec<ConceptRef>,
    pub mechanisms: Vec<ConceptRef>,
    pub obstacles: Vec<ConceptRef>,
    pub outcomes: Vec<ConceptRef>,
    pub financing: Vec<ConceptRef>,
    pub operation: Vec<ConceptRef>,
    /// Sentences about the case that carry figures (numbers kept as written).
    pub outcome_figures: Vec<Evidence>,
    pub paths: Vec<Path>,
    /// Where the case is named.
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Policy {
    /// Normalised, stable across documents (e.g. `cpc-congress-20`, `fyp-14`, `doc:建科2023-30`).
    pub key: String,
    pub name: String,
    pub year: Option<String>,
    /// Document number such as `建科〔2023〕30号`.
    pub number: Option<String>,
    pub evidence: Vec<Evidence>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Extraction {
    pub doc_id: String,
    /// Every concept mentioned in the document (evidence capped at `MAX_EVIDENCE`).
    pub concepts: Vec<ConceptRef>,
    pub places: Vec<Place>,
    pub cases: Vec<Case>,
    /// Document-level paths (frameworks, staged narratives, countermeasures).
    pub paths: Vec<Path>,
    /// Obstacle concepts, those named in obstacle/challenge sections first.
    pub obstacles: Vec<ConceptRef>,
    /// Proposed paths/countermeasures: sentences from 路径/对策/建议 sections.
    pub countermeasures: Vec<Evidence>,
    pub policies: Vec<Policy>,
}

/// Evidence kept per concept/place at document level.
pub const MAX_EVIDENCE: usize = 20;

/// Everything loaded once: thesaurus, gazetteer and their matchers.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub thesaurus: Thesaurus,
    pub gazetteer: Gazetteer,
    pub concepts: concepts::ConceptIndex,
    pub places: places::PlaceIndex,
}

impl Knowledge {
    /// The bundled thesaurus and gazetteer.
    pub fn bundled() -> anyhow::Result<Knowledge> {
        Knowledge::load(thesaurus::BUNDLED_TTL)
    }

    /// Another thesaurus (Turtle text) with the bundled gazetteer.
    pub fn load(thesaurus_ttl: &str) -> anyhow::Result<Knowledge> {
        let thesaurus = Thesaurus::parse(thesaurus_ttl)?;
        let gazetteer = Gazetteer::bundled()?;
        let concepts = concepts::ConceptIndex::new(&thesaurus)?;
        let places = places::PlaceIndex::new(&gazetteer)?;
        Ok(Knowledge {
            thesaurus,
            gazetteer,
            concepts,
            places,
        })
    }
}

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
    x
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
