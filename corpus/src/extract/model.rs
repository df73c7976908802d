//! What extraction produces: cases, places, concepts, paths and policies, each with its
//! evidence.

use serde::{Deserialize, Serialize};

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
    /// Concepts near the case that `loose_facet.txt` keeps off its facets, and those of a
    /// general sentence about it (`stance.rs`): recommendation reads them at a low weight, as
    /// it reads them in a scenario.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub loose: Vec<ConceptRef>,
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
