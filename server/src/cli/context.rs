//! What every command gets: where the data lives and how to open it.

use server::core::app::{App, Options};
use std::path::PathBuf;

pub struct Context {
    pub data_dir: PathBuf,
    pub opts: Options,
}

impl Context {
    pub fn open(&self) -> anyhow::Result<App> {
        App::open_with(&self.data_dir, &self.opts)
    }
}
