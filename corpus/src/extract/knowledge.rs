//! What extraction loads once: the thesaurus, the gazetteer and their matchers.

use super::concepts::ConceptIndex;
use super::error::KnowledgeError;
use super::places::{Gazetteer, PlaceIndex};
use super::thesaurus::{self, Thesaurus};
use std::collections::HashSet;

/// Everything loaded once: thesaurus, gazetteer and their matchers.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub thesaurus: Thesaurus,
    pub gazetteer: Gazetteer,
    pub concepts: ConceptIndex,
    pub places: PlaceIndex,
    /// IRIs of concepts found near cases but rarely theirs (`data/lexicon/loose_facet.txt`,
    /// fitted on the tune answer key): not given as a case's facets.
    pub loose_facets: HashSet<String>,
}

impl Knowledge {
    /// The bundled thesaurus and gazetteer.
    pub fn bundled() -> Result<Knowledge, KnowledgeError> {
        Knowledge::load(thesaurus::BUNDLED_TTL)
    }

    /// Another thesaurus (Turtle text) with the bundled gazetteer.
    pub fn load(thesaurus_ttl: &str) -> Result<Knowledge, KnowledgeError> {
        let thesaurus = Thesaurus::parse(thesaurus_ttl)?;
        let gazetteer = Gazetteer::bundled()?;
        let concepts = ConceptIndex::new(&thesaurus)?;
        let places = PlaceIndex::new(&gazetteer)?;
        let loose_facets = loose_facets(&thesaurus);
        Ok(Knowledge {
            thesaurus,
            gazetteer,
            concepts,
            places,
            loose_facets,
        })
    }
}

/// The concepts of `loose_facet.txt` (`label<TAB>scheme`) in this thesaurus.
fn loose_facets(th: &Thesaurus) -> HashSet<String> {
    crate::lexicon!("loose_facet")
        .entries
        .iter()
        .filter_map(|(label, f)| {
            let scheme = f.first()?;
            th.concepts
                .iter()
                .find(|c| &c.label == label && &c.scheme == scheme)
                .map(|c| c.iri.clone())
        })
        .collect()
}
