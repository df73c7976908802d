//! The RDF model of documents, extractions, the thesaurus and places, stored in Oxigraph.
pub mod docs;
pub mod error;
pub mod nesting;
pub mod ns;
pub mod rdf;
pub mod remote;
pub mod results;
pub mod sparql;
pub mod store;

pub use docs::{Brief, DocStore, Record};
pub use error::{GraphError, QueryError};
pub use store::GraphStore;
