//! The API's errors: each variant is one HTTP status, answered as `{"error": message}`, so
//! handlers return `Result<_, ApiError>` and use `?`.

use crate::core::recommend::RecommendError;
use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse, ResponseError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{0}")]
    BadRequest(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("missing or wrong bearer token")]
    Unauthorized,
    #[error("{0}")]
    TooLarge(String),
    #[error("{0}")]
    NotAcceptable(String),
    #[error("{0}")]
    UnsupportedType(String),
    /// Load shedding: come back in a second.
    #[error("{0}")]
    Busy(String),
    #[error("{0}")]
    Unavailable(String),
    /// The remote store failed or could not be reached.
    #[error("{0}")]
    BadGateway(String),
    #[error("{0}")]
    Internal(String),
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::Unauthorized => StatusCode::UNAUTHORIZED,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            ApiError::UnsupportedType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::Busy(_) | ApiError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::BadGateway(_) => StatusCode::BAD_GATEWAY,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let mut b = HttpResponse::build(self.status_code());
        match self {
            ApiError::Unauthorized => {
                b.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            ApiError::Busy(_) => {
                b.insert_header((header::RETRY_AFTER, "1"));
            }
            _ => {}
        }
        b.json(serde_json::json!({ "error": self.to_string() }))
    }
}

impl ApiError {
    /// The status of a failed query.
    pub fn from_query(e: graph::QueryError, timeout: std::time::Duration) -> ApiError {
        use graph::QueryError as Q;
        match e {
            Q::Syntax(m) | Q::Refused(m) | Q::Update(m) => ApiError::BadRequest(m),
            Q::Timeout(_) | Q::Cancelled => {
                ApiError::Unavailable(format!("query stopped by the {timeout:?} timeout"))
            }
            Q::NotAcceptable(m) => ApiError::NotAcceptable(m),
            Q::Unavailable(m) => ApiError::Unavailable(m),
            Q::Upstream(m) => ApiError::BadGateway(m),
            e => ApiError::BadRequest(e.to_string()),
        }
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> ApiError {
        ApiError::Internal(e.to_string())
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> ApiError {
        match e.downcast_ref::<graph::GraphError>() {
            Some(g) => graph_status(g, e.to_string()),
            None => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<graph::GraphError> for ApiError {
    fn from(e: graph::GraphError) -> ApiError {
        let m = e.to_string();
        graph_status(&e, m)
    }
}

/// A store error's status: the remote store down, failing or refusing what this server
/// asked of it is a bad gateway (502), not an internal error of ours.
fn graph_status(e: &graph::GraphError, message: String) -> ApiError {
    match e {
        graph::GraphError::Http(ureq::Error::Timeout(_)) => ApiError::Unavailable(message),
        graph::GraphError::RemoteRefused { .. } => ApiError::BadGateway(message),
        e if e.is_upstream() => ApiError::BadGateway(message),
        _ => ApiError::Internal(message),
    }
}

impl From<RecommendError> for ApiError {
    fn from(e: RecommendError) -> ApiError {
        match e {
            RecommendError::Invalid(m) => ApiError::BadRequest(m),
            RecommendError::TooLarge(m) => ApiError::TooLarge(m),
            RecommendError::Store(e) => ApiError::Internal(e.to_string()),
        }
    }
}

impl From<index::SearchError> for ApiError {
    fn from(e: index::SearchError) -> ApiError {
        match e {
            index::SearchError::Query(e) => ApiError::BadRequest(e.to_string()),
            e => ApiError::Internal(e.to_string()),
        }
    }
}

/// Run blocking work (store reads, evaluation) on the thread pool.
pub async fn blocking<T, E>(
    f: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, ApiError>
where
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    web::block(f).await?.map_err(Into::into)
}

/// `blocking` with a deadline: past it the caller gets 503 with the reason at once. The work
/// itself runs on (its inputs are bounded), its answer is dropped.
pub async fn blocking_until<T, E>(
    deadline: std::time::Duration,
    what: &str,
    f: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, ApiError>
where
    T: Send + 'static,
    E: Into<ApiError> + Send + 'static,
{
    match actix_web::rt::time::timeout(deadline, blocking(f)).await {
        Ok(r) => r,
        Err(_) => Err(ApiError::Unavailable(format!(
            "{what} took longer than its {deadline:?} limit"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_store_errors_are_bad_gateways_not_internal_errors() {
        let status = |e: graph::GraphError| ApiError::from(e).status_code().as_u16();
        assert_eq!(
            status(graph::GraphError::from_status("query", 500, b"boom")),
            502
        );
        assert_eq!(
            status(graph::GraphError::from_status("query", 401, b"")),
            502
        );
        let down = graph::GraphError::Http(ureq::Error::ConnectionFailed);
        assert_eq!(
            ApiError::from(anyhow::Error::from(down))
                .status_code()
                .as_u16(),
            502
        );
        let upstream = graph::QueryError::Upstream("down".into());
        let timeout = std::time::Duration::from_secs(1);
        assert_eq!(
            ApiError::from_query(upstream, timeout)
                .status_code()
                .as_u16(),
            502
        );
        let syntax = graph::QueryError::Syntax("error at 1:8".into());
        assert_eq!(
            ApiError::from_query(syntax, timeout).status_code().as_u16(),
            400
        );
    }
}
