//! `gongchuang check`: archive, graph, index and vectors agree (exit 1 when they do not).
//! It only looks; `--repair` rebuilds graph and index from the archive first.

use crate::cli::context::Context;
use server::core::app::{App, Options};

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
    /// Settle an interrupted ingest, then rebuild graph and index from the archive.
    #[arg(long)]
    repair: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let app = if args.repair {
        let app = ctx.open()?;
        let r = server::core::check::repair(&app)?;
        if !args.json {
            println!(
                "repaired: {} documents rebuilt, {} graphs without a record removed, {} orphan vectors removed",
                r.rebuilt, r.removed_graphs, r.orphan_vectors_removed
            );
        }
        app
    } else {
        let opts = Options {
            read_only: true,
            ..ctx.opts.clone()
        };
        App::open_with(&ctx.data_dir, &opts)?
    };
    let c = server::core::check::check(&app)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&c)?);
    } else {
        println!(
            "{} documents; consistent: {}; missing vectors: {}",
            c.documents, c.consistent, c.missing_vectors
        );
        if !c.interrupted_ingest.is_empty() {
            println!(
                "an interrupted ingest names {} documents; the next ingest or serve settles it (or check --repair)",
                c.interrupted_ingest.len()
            );
        }
        if !c.consistent && !args.repair {
            println!("run `gongchuang check --repair` to rebuild graph and index from the archive");
        }
    }
    if !c.consistent {
        std::process::exit(1);
    }
    Ok(())
}
