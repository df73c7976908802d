//! What every handler shares: the application, the server's settings and its limits.

use crate::core::app::App;
use crate::http::workers::Pool;
use actix_web::web;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct Config {
    /// Bearer token that allows SPARQL Update; none means read-only.
    pub token: Option<String>,
    pub query_timeout: Duration,
    pub max_results: usize,
    /// Origins allowed to call the API from a browser page (CORS); empty means CORS off.
    pub cors_origins: Vec<String>,
    /// Query worker processes; none evaluates in this process (remote store, tests).
    pub workers: Option<Arc<Pool>>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            token: None,
            query_timeout: Duration::from_secs(10),
            max_results: 100_000,
            cors_origins: Vec::new(),
            workers: None,
        }
    }
}

pub type State = web::Data<(Arc<App>, Config)>;

/// Request bodies above this are refused with 413.
pub const MAX_BODY: usize = 1024 * 1024;
/// Longest SPARQL query text (a GET URL is capped lower, by the HTTP parser: 414/431).
pub const MAX_QUERY_BYTES: usize = 256 * 1024;
