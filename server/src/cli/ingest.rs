//! `gongchuang ingest`: files, bundles or directories into every store, then vectors.

use crate::cli::context::Context;
use server::core::ingest::Summary;
use server::core::util::peak_rss_mib;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    paths: Vec<PathBuf>,
    #[arg(long)]
    json: bool,
    /// Follow symbolic links that lead out of the folders given (refused by default).
    #[arg(long)]
    follow_links: bool,
    /// Send the files to the service running at this URL (it owns its data dir) instead.
    #[arg(long)]
    server: Option<String>,
    /// The service's write token (better from the environment than the command line).
    #[arg(long, env = "GONGCHUANG_TOKEN", hide_env_values = true)]
    token: Option<String>,
}

fn run_remote(url: &str, args: &Args) -> anyhow::Result<()> {
    let token = args.token.as_deref().ok_or_else(|| {
        anyhow::anyhow!(
            "--server needs the service's write token: set GONGCHUANG_TOKEN (or --token)"
        )
    })?;
    let pb = (!args.json).then(progress_bar);
    let r =
        crate::cli::ingest_remote::run(url, token, &args.paths, args.follow_links, pb.as_ref())?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&r)?);
        return Ok(());
    }
    println!(
        "{} files sent in {} jobs: {} added, {} replaced, {} unchanged",
        r.files,
        r.jobs.len(),
        r.added,
        r.replaced,
        r.unchanged
    );
    for e in r.errors.iter().chain(&r.refused) {
        println!(
            "error: {}: {}",
            e["file"].as_str().unwrap_or(""),
            e["reason"].as_str().unwrap_or("")
        );
    }
    for k in &r.skipped {
        println!("skipped (type): {k}");
    }
    Ok(())
}

fn progress_bar() -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new(0);
    pb.set_style(
        indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
            .expect("valid template"),
    );
    pb
}

fn print_documents(s: &Summary) {
    println!(
        "{} documents ({} added, {} replaced, {} unchanged), {} passages in {:.1}s",
        s.documents, s.added, s.replaced, s.unchanged, s.passages, s.seconds
    );
    for e in &s.errors {
        println!("error: {}: {}", e.file, e.reason);
    }
    if s.reloaded > 0 {
        println!(
            "{} unchanged documents were missing from the graph or index: reloaded from the archive",
            s.reloaded
        );
    }
    for k in &s.skipped {
        println!("skipped (type): {k}");
    }
    for r in &s.refused {
        println!("skipped: {}: {}", r.file, r.reason);
    }
}

fn print_stages(s: &Summary) {
    let st = &s.stages;
    println!(
        "stages: read {:.1}s, parse {:.1}s, extract {:.1}s, graph {:.1}s, index {:.1}s, archive {:.1}s, commit {:.1}s",
        st.read, st.parse, st.extract, st.graph, st.index, st.archive, st.commit
    );
    println!(
        "{} vectors computed, {} read from a vector cache, in {:.1}s",
        s.vectors_computed, s.vectors_from_cache, st.embed
    );
    println!("peak RSS {:.0} MiB", s.peak_rss_mib.unwrap_or(0.0));
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    if let Some(url) = &args.server {
        return run_remote(url, &args);
    }
    let app = ctx.open()?;
    let json = args.json;
    let pb = (!json).then(progress_bar);
    let opts = server::core::ingest::IngestOptions {
        follow_links: args.follow_links,
    };
    let mut s = server::core::ingest::ingest_with(&app, &args.paths, opts, pb.as_ref())?;
    if let Some(pb) = pb {
        pb.finish_and_clear();
    }
    if !json {
        print_documents(&s);
    }
    if s.documents == 0 {
        if json {
            println!("{}", serde_json::to_string_pretty(&s)?);
        }
        anyhow::bail!("nothing could be ingested");
    }
    let pb = (!json).then(|| indicatif::ProgressBar::new(0));
    let started = std::time::Instant::now();
    let added = server::core::vectors::embed_missing(&app, pb.as_ref())?;
    (s.vectors_computed, s.vectors_from_cache) = (added.computed, added.from_cache);
    s.stages.embed = started.elapsed().as_secs_f64();
    s.peak_rss_mib = peak_rss_mib();
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        print_stages(&s);
    }
    Ok(())
}
