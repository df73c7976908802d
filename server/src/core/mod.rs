//! The application core: the store set, ingest, journal and check, vectors, briefs, read
//! queries with typed results, recommendation. Nothing here knows HTTP or the command line.
pub mod app;
pub mod bench;
pub mod check;
pub mod dev_eval;
pub mod eval;
pub mod fit;
pub mod folds;
pub mod ingest;
pub mod items;
pub mod jobs;
pub mod journal;
pub mod queries;
pub mod recommend;
pub mod sparql_fns;
pub mod sparql_worker;
pub mod stores;
pub mod util;
pub mod vectors;
pub mod views;
