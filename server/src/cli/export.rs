//! `gongchuang export`: the whole dataset (nquads, trig, jsonld) or one graph.

use crate::cli::context::Context;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "nquads")]
    format: String,
    #[arg(long)]
    graph: Option<String>,
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let app = ctx.open()?;
    let format = args.format;
    let f = graph::results::graph_format(&format)
        .or(match format.as_str() {
            "trig" => Some(oxigraph::io::RdfFormat::TriG),
            _ => None,
        })
        .ok_or_else(|| {
            anyhow::anyhow!(
                "unknown format {format} (turtle, ntriples, nquads, trig, rdfxml, jsonld)"
            )
        })?;
    let out = std::io::BufWriter::new(std::io::stdout().lock());
    app.stores.graph.export(f, args.graph.as_deref(), out)?;
    Ok(())
}
