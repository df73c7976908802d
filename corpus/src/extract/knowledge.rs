//! What extraction loads once: the thesaurus, the gazetteer and their matchers.

use super::concepts::ConceptIndex;
use super::error::KnowledgeError;
use super::places::{Gazetteer, PlaceIndex};
use super::thesaurus::{self, Thesaurus};

/// Everything loaded once: thesaurus, gazetteer and their matchers.
#[derive(Debug, Clone)]
pub struct Knowledge {
    pub thesaurus: Thesaurus,
    pub gazetteer: Gazetteer,
    pub concepts: ConceptIndex,
    pub places: PlaceIndex,
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
        Ok(Knowledge {
            thesaurus,
            gazetteer,
            concepts,
            places,
        })
    }
}
