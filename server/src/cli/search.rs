//! `gongchuang search`: passages, documents or cases.

use crate::cli::context::Context;

#[derive(clap::Args)]
pub struct Args {
    query: String,
    #[arg(long = "type")]
    kind: Option<String>,
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let app = ctx.open()?;
    let r =
        server::core::queries::run_search(&app, &args.query, args.kind.as_deref(), args.limit, 0)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    println!("{} hits in {:.1} ms", r.total, r.took_ms);
    for h in &r.hits {
        println!(
            "{:.4}  {}  L{}-{}  {}\n    {}",
            h.score,
            h.kind,
            h.lines[0],
            h.lines[1],
            h.document.title,
            h.text.chars().take(120).collect::<String>()
        );
    }
    Ok(())
}
