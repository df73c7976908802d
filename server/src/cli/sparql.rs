//! `gongchuang sparql`: one SPARQL query against the store.

use crate::cli::context::Context;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct Args {
    query: Option<String>,
    #[arg(long)]
    file: Option<PathBuf>,
    #[arg(long, default_value = "json")]
    format: String,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let app = ctx.open()?;
    let q = match (args.query, args.file) {
        (Some(q), _) => q,
        (None, Some(f)) => std::fs::read_to_string(f)?,
        _ => anyhow::bail!("give a query or --file"),
    };
    let app = Arc::new(app);
    let (ev, _t) = graph::sparql::evaluator();
    let ev = server::core::sparql_fns::with_functions(ev, app.clone());
    let body = app
        .stores
        .graph
        .run_query(ev, &q, &Default::default(), &args.format, usize::MAX)?;
    std::io::stdout().write_all(&body.bytes)?;
    Ok(())
}
