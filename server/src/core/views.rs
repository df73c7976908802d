//! Typed results of the read queries, serialised as the API's JSON.

use corpus::extract::{Case, ConceptRef, Evidence, Path, Place};
use graph::docs::DocBrief;
use serde::Serialize;
use std::collections::BTreeMap;

/// The document a result comes from.
#[derive(Debug, Clone, Serialize)]
pub struct DocRef {
    pub id: String,
    pub title: String,
    pub source: String,
}

impl DocRef {
    pub fn of(doc: &DocBrief) -> DocRef {
        DocRef {
            id: doc.id.clone(),
            title: doc.title.clone(),
            source: doc.source.clone(),
        }
    }
}

/// A cited sentence with its input lines.
#[derive(Debug, Clone, Serialize)]
pub struct Cite {
    pub text: String,
    pub source: String,
    /// The document id, where the cite stands apart from its case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    pub lines: (u32, u32),
    pub passage: String,
}

impl Cite {
    /// A cite that names its document.
    pub fn of(doc: &DocBrief, e: &Evidence) -> Cite {
        Cite {
            document: Some(doc.id.clone()),
            ..Cite::within(doc, e)
        }
    }

    /// A cite inside a result that already names its document.
    pub fn within(doc: &DocBrief, e: &Evidence) -> Cite {
        Cite {
            text: e.text.clone(),
            source: doc.source.clone(),
            document: None,
            lines: e.lines,
            passage: e.passage.clone(),
        }
    }
}

/// Facet name → concept labels.
pub type FacetLabels = BTreeMap<String, Vec<String>>;

pub fn labels(v: &[ConceptRef]) -> Vec<String> {
    v.iter().map(|c| c.label.clone()).collect()
}

/// A case in a list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseSummary {
    pub id: String,
    pub name: String,
    pub document: DocRef,
    pub place: Option<Place>,
    pub level: Option<String>,
    pub facets: FacetLabels,
}

impl CaseSummary {
    pub fn of(doc: &DocBrief, c: &Case, facets: FacetLabels) -> CaseSummary {
        CaseSummary {
            id: c.id.clone(),
            name: c.name.clone(),
            document: DocRef::of(doc),
            place: c.place.clone(),
            level: c.level.clone(),
            facets,
        }
    }
}

/// One case with its paths, evidence and figures.
#[derive(Debug, Clone, Serialize)]
pub struct CaseDetail {
    #[serde(flatten)]
    pub case: CaseSummary,
    pub paths: Vec<Path>,
    pub evidence: Vec<Cite>,
    pub outcome_figures: Vec<Evidence>,
}
