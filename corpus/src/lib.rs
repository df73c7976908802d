//! Reading, normalising and structuring raw documents (and, in `extract`, the facts in them).
//!
//! Data flow inside this crate:
//! bytes → [`read`] (encoding) → [`bundle`]/[`walk`] (sources) → [`normalize`] (clean lines
//! that remember their input line) → [`structure`] + [`meta`] → [`model::Document`].

pub mod bundle;
pub mod extract;
pub mod facet;
pub mod genre;
pub mod html;
pub mod item;
pub mod lexicon;
pub mod meta;
pub mod model;
pub mod normalize;
pub mod policy_doc;
pub mod read;
pub mod skos_check;
pub mod structure;
pub mod synth;
pub mod text;
pub mod walk;

pub use facet::Facet;
pub use model::{Document, Passage, Section};
pub use read::{ReadError, Source};

/// Parse one source (already decoded) into a structured document.
pub fn parse(source: &Source) -> Document {
    let mapped = normalize::mapped(source);
    let raw: Vec<String> = mapped.iter().map(normalize::Line::text).collect();
    let lines = normalize::clean(mapped);
    structure::build(source, lines, &raw)
}

/// The seed corpus shipped in the repository, used when a data dir starts empty.
pub fn bundled_corpus_path() -> std::path::PathBuf {
    std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seed-40-docs.txt"
    ))
}
