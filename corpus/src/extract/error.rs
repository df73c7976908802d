//! Why the extraction knowledge (thesaurus, gazetteer, matchers) could not be loaded.

/// A thesaurus, gazetteer or matcher that cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("thesaurus is not valid Turtle: {0}")]
    Turtle(#[from] oxttl::TurtleSyntaxError),
    #[error("thesaurus has no skos:Concept")]
    NoConcepts,
    #[error("gazetteer {0}")]
    Gazetteer(&'static str),
    #[error("label matcher: {0}")]
    Matcher(#[from] aho_corasick::BuildError),
}
