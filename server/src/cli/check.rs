//! `gongchuang check`: archive, graph, index and vectors agree (exit 1 when they do not).

use crate::cli::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let app = ctx.open()?;
    let c = server::core::check::check(&app)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&c)?);
    } else {
        println!(
            "{} documents; consistent: {}; missing vectors: {}",
            c.documents, c.consistent, c.missing_vectors
        );
    }
    if !c.consistent {
        std::process::exit(1);
    }
    Ok(())
}
