//! `gongchuang recommend`: analogous cases and a suggested co-creation path for a scenario.

use crate::cli::context::Context;
use server::core::recommend::{recommend, Request};

#[derive(clap::Args)]
pub struct Args {
    scenario: String,
    #[arg(long, default_value_t = 5)]
    limit: usize,
    #[arg(long)]
    json: bool,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let app = ctx.open()?;
    let req = Request {
        scenario: args.scenario,
        limit: Some(args.limit),
        ..Default::default()
    };
    let r = recommend(&app, &req)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    println!("{}", r.message);
    for c in &r.cases {
        println!(
            "{:.3}  {}  ({})",
            c.score, c.case.name, c.case.document.title
        );
    }
    for c in &r.far {
        println!(
            "{:.3}  far: {}  ({})",
            c.score, c.case.name, c.case.document.title
        );
    }
    for (i, s) in r.suggested_path.stages.iter().enumerate() {
        println!("  {}. {}", i + 1, s.label);
    }
    Ok(())
}
