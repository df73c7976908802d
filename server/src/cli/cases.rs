//! `gongchuang cases`: the extracted cases.

use crate::cli::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let app = ctx.open()?;
    let cases = server::core::queries::list_cases(&app, None, None, None)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&cases)?);
        return Ok(());
    }
    for c in cases {
        println!("{}  {}  ({})", c.id, c.name, c.document.title);
    }
    Ok(())
}
