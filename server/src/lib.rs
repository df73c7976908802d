//! The gongchuang service: application state, ingestion, queries and the HTTP API.
pub mod app;
pub mod bench;
pub mod eval;
pub mod http;
pub mod ingest;
pub mod journal;
pub mod queries;
pub mod recommend;
pub mod sparql_fns;
pub mod ui;
pub mod vectors;

pub use app::App;
