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

/// The seed corpus shipped in the repository, used when a data dir starts empty: where the
/// crate was built, else in a checkout above the running binary or the working directory
/// (a binary moved away from its build tree still finds it there).
pub fn bundled_corpus_path() -> std::path::PathBuf {
    const IN_REPO: &str = "corpus/data/seed-40-docs.txt";
    let built = std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/seed-40-docs.txt"
    ));
    if built.is_file() {
        return built;
    }
    let exe = std::env::current_exe().ok();
    let cwd = std::env::current_dir().ok();
    exe.iter()
        .chain(cwd.iter())
        .find_map(|p| in_checkout_above(p, IN_REPO))
        .unwrap_or(built)
}

/// `rel` under `start` or the nearest folder above it that holds it.
pub fn in_checkout_above(start: &std::path::Path, rel: &str) -> Option<std::path::PathBuf> {
    start.ancestors().map(|r| r.join(rel)).find(|p| p.is_file())
}
