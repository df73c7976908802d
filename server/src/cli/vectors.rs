//! `gongchuang vectors`: compute missing vectors; optionally write a vector cache file.

use crate::cli::context::Context;
use server::core::vectors;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    write_cache: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let app = ctx.open()?;
    let pb = indicatif::ProgressBar::new(0);
    let n = vectors::embed_missing(&app, Some(&pb))?;
    pb.finish_and_clear();
    println!(
        "{} vectors computed, {} read from a vector cache",
        n.computed, n.from_cache
    );
    if let Some(path) = args.write_cache {
        println!(
            "{} vectors written to {}",
            vectors::write_cache(&app, &path)?,
            path.display()
        );
    }
    Ok(())
}
