//! `gongchuang bench`: latency percentiles of search, recommend and SPARQL on the data dir,
//! or (`--ann ROWS`) exact scan against HNSW on synthetic vectors, or (`--embed`) the
//! encoder kernels. Run by hand, never in
//! tests; figures go to docs/performance.md.

use crate::cli::context::Context;
use server::core::util::peak_rss_mib;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Question file (dev_questions.json format) whose queries are timed.
    questions: Option<PathBuf>,
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Instead: build time, latency and recall@10 of HNSW against the exact scan over this
    /// many synthetic 384-dimensional vectors (no data dir needed).
    #[arg(long, value_name = "ROWS")]
    ann: Option<usize>,
    /// Instead: encoder speed per kernel (candle, int8, vnni where int8 is AMX, avx2,
    /// portable), query latency and agreement with the shipped seed vectors.
    #[arg(long)]
    embed: bool,
    /// Seed passages timed per kernel (with --embed).
    #[arg(long, default_value_t = 128)]
    passages: usize,
    /// Also write every question's search hits and recommended cases (ids, score bits) to
    /// this file, one JSON line each, to compare two builds' answers.
    #[arg(long, value_name = "FILE")]
    results: Option<PathBuf>,
}

fn embed(passages: usize) -> anyhow::Result<()> {
    let dir = index::embed::default_model_dir().ok_or_else(|| anyhow::anyhow!("no model"))?;
    let cache = server::core::app::bundled_cache_path();
    index::embed::bench::run(&dir, passages, Some(&cache), true, &mut std::io::stdout())?;
    Ok(())
}

fn queries(ctx: &Context, path: PathBuf, args: &Args) -> anyhow::Result<()> {
    let app = ctx.open()?;
    let qs = crate::cli::eval::read_questions(&path)?;
    let texts: Vec<String> = qs.iter().map(|q| q.query.clone()).collect();
    for l in server::core::bench::run(&app, &texts, args.rounds) {
        println!(
            "{:14} n={:4}  p50 {:7.1} ms  p95 {:7.1} ms  p99 {:7.1} ms  max {:7.1} ms",
            l.name, l.n, l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms
        );
    }
    // After the timing: these searches would fill the query vector cache.
    if let Some(out) = &args.results {
        let lines: Vec<String> = server::core::bench::results(&app, &texts)
            .iter()
            .map(|v| v.to_string())
            .collect();
        std::fs::write(out, lines.join("\n") + "\n")?;
    }
    Ok(())
}

fn ann(rows: usize) -> anyhow::Result<()> {
    let r = index::ann_bench::ann_against_exact(rows)?;
    println!(
        "{} x {}: HNSW build {:.1} s; query exact {:.2} ms, HNSW {:.2} ms; recall@10 {:.3}",
        r.rows, r.dim, r.build_s, r.exact_ms, r.hnsw_ms, r.recall_at_10
    );
    Ok(())
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    match (args.ann, args.questions.clone()) {
        _ if args.embed => embed(args.passages)?,
        (Some(rows), _) => ann(rows)?,
        (None, Some(path)) => queries(ctx, path, &args)?,
        (None, None) => anyhow::bail!("give a question file, --ann ROWS or --embed"),
    }
    println!("peak RSS {:.0} MiB", peak_rss_mib().unwrap_or(0.0));
    Ok(())
}
