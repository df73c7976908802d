//! Errors of SPARQL evaluation, typed so that front ends choose a status without reading text.

use oxigraph::sparql::QueryEvaluationError;
use std::time::Duration;

/// Serialisable: a query worker process sends it to the server.
#[derive(Debug, thiserror::Error, serde::Serialize, serde::Deserialize)]
pub enum QueryError {
    #[error("SPARQL syntax error: {0}")]
    Syntax(String),
    #[error("query timed out after {0:?}")]
    Timeout(Duration),
    /// Its cancellation token was cancelled.
    #[error("query cancelled")]
    Cancelled,
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
    /// None of the accepted media types can hold this kind of result.
    #[error("{0}")]
    NotAcceptable(String),
    /// A query this endpoint will not run (SERVICE).
    #[error("query refused: {0}")]
    Refused(String),
    /// An update that cannot apply to this store (the request's fault, not the server's).
    #[error("update failed: {0}")]
    Update(String),
    /// What evaluates queries is not there (a worker process that could not start).
    #[error("{0}")]
    Unavailable(String),
}

impl From<QueryEvaluationError> for QueryError {
    fn from(e: QueryEvaluationError) -> QueryError {
        match e {
            QueryEvaluationError::Cancelled => QueryError::Cancelled,
            e => QueryError::Evaluation(e.to_string()),
        }
    }
}

impl QueryError {
    /// An error writing results.
    pub fn write(e: impl std::fmt::Display) -> QueryError {
        QueryError::Evaluation(e.to_string())
    }
}

/// Errors of the stores (graph and archive).
#[derive(Debug, thiserror::Error)]
pub enum GraphError {
    #[error("the graph store {path} is in use by another gongchuang process ({source}); to add files to a running service, use `gongchuang ingest --server URL`")]
    Locked {
        path: String,
        source: oxigraph::store::StorageError,
    },
    #[error("cannot open the graph store {path}: {source}")]
    Open {
        path: String,
        source: oxigraph::store::StorageError,
    },
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
    #[error(transparent)]
    Load(#[from] oxigraph::store::LoaderError),
    #[error(transparent)]
    Serialize(#[from] oxigraph::store::SerializerError),
    #[error(transparent)]
    Iri(#[from] oxigraph::model::IriParseError),
    #[error(transparent)]
    Parse(#[from] oxigraph::io::RdfParseError),
    #[error(transparent)]
    Syntax(#[from] oxigraph::io::RdfSyntaxError),
    #[error(transparent)]
    Io(#[from] std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("remote store: {0}")]
    Http(#[from] ureq::Error),
    /// The remote store answered, but not with success.
    #[error("{0}")]
    Remote(String),
    /// Not possible with this backend or format.
    #[error("{0}")]
    Unsupported(String),
}

pub type Result<T, E = GraphError> = std::result::Result<T, E>;
