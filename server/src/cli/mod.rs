//! The command-line front end: one file per command, each with its arguments and `run`.
pub mod bench;
pub mod cases;
pub mod check;
pub mod context;
pub mod documents;
pub mod eval;
pub mod export;
pub mod ingest;
pub mod model;
pub mod parse;
pub mod recommend;
pub mod search;
pub mod serve;
pub mod sparql;
pub mod synth;
pub mod thesaurus;
pub mod vectors;
