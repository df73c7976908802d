//! `gongchuang documents`: the stored documents.

use crate::cli::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let app = ctx.open()?;
    let briefs = app.stores.docs.briefs()?;
    if args.json {
        let docs: Vec<_> = briefs.iter().map(|r| &r.doc).collect();
        println!("{}", serde_json::to_string_pretty(&docs)?);
        return Ok(());
    }
    for r in &briefs {
        let d = &r.doc;
        println!(
            "{}  {}  {}  {}",
            d.id,
            d.date.as_deref().unwrap_or("-"),
            d.genre,
            d.title
        );
    }
    Ok(())
}
