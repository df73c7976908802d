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
    /// The remote store failed (5xx) or could not be reached: the gateway's fault, not the
    /// request's.
    #[error("{0}")]
    Upstream(String),
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
    /// The remote store could not be reached, or did not answer in time.
    #[error("remote store unreachable: {0}")]
    Http(#[from] ureq::Error),
    /// The remote store refused the request as malformed or not allowed (4xx): its message.
    #[error("remote store refused the {what} ({status}): {message}")]
    RemoteRefused {
        what: String,
        status: u16,
        message: String,
    },
    /// The remote store failed (5xx), or answered what cannot be read.
    #[error("remote store failed at the {what} ({status}): {message}")]
    RemoteFailed {
        what: String,
        status: u16,
        message: String,
    },
    /// Not possible with this backend or format.
    #[error("{0}")]
    Unsupported(String),
}

impl GraphError {
    /// The error for an engine's answer that is not a success.
    pub fn from_status(what: &str, status: u16, body: &[u8]) -> GraphError {
        // An engine's page can be long (Virtuoso repeats the query): keep the start.
        let text = String::from_utf8_lossy(body);
        let message: String = text.trim().chars().take(2000).collect();
        let what = what.to_string();
        if (400..500).contains(&status) || query_fault(&message) {
            GraphError::RemoteRefused {
                what,
                status,
                message,
            }
        } else {
            GraphError::RemoteFailed {
                what,
                status,
                message,
            }
        }
    }

    /// The remote store is down or failed (not a fault of the request): 502/503 at the API.
    pub fn is_upstream(&self) -> bool {
        matches!(self, GraphError::Http(_) | GraphError::RemoteFailed { .. })
    }
}

/// Virtuoso answers 500 to queries it will not run; SQL states of class 37 and 42 (syntax
/// error, access rule: "estimated execution time exceeds the limit") and 22 (data exception)
/// put the fault in the query.
fn query_fault(message: &str) -> bool {
    ["Virtuoso 37", "Virtuoso 42", "Virtuoso 22"]
        .iter()
        .any(|p| message.starts_with(p))
}

pub type Result<T, E = GraphError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn engine_answers_are_refusals_or_failures() {
        let refused = |e: &GraphError| matches!(e, GraphError::RemoteRefused { .. });
        assert!(refused(&GraphError::from_status(
            "query",
            400,
            b"error at 1:8"
        )));
        let cost = b"Virtuoso 42000 Error The estimated execution time 5 (sec) exceeds the limit";
        assert!(refused(&GraphError::from_status("query", 500, cost)));
        let failed = GraphError::from_status("update", 500, b"Virtuoso S1T00 Error SR171");
        assert!(!refused(&failed) && failed.is_upstream());
        assert!(GraphError::from_status("query", 502, b"").is_upstream());
        let long = GraphError::from_status("query", 400, "x".repeat(10_000).as_bytes());
        assert!(long.to_string().len() < 2100);
    }
}
