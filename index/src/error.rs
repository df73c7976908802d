//! Errors of the full-text index.

#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Tantivy(#[from] tantivy::TantivyError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error("stored item: {0}")]
    Json(#[from] serde_json::Error),
    #[error("stored item missing")]
    MissingItem,
    /// The index on disk was built with an older schema; it is derived data, rebuilt from
    /// the archive when the store is opened for writing (`gongchuang check --repair`).
    #[error("the full-text index at {0} was built by an older version (field `{1}` missing): open the data directory for writing once (`gongchuang check --repair`) to rebuild it from the archive")]
    Stale(String, &'static str),
}

pub type Result<T, E = IndexError> = std::result::Result<T, E>;
