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
}

pub type Result<T, E = IndexError> = std::result::Result<T, E>;
