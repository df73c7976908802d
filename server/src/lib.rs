//! The gongchuang service: the application core and its HTTP front end (the command line
//! front end is the `gongchuang` binary, `main.rs` and `cli/`).
pub mod core;
pub mod http;

pub use crate::core::app::App;
