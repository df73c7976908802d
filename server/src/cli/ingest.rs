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
    for k in &s.skipped {
        println!("skipped (type): {k}");
    }
}

fn print_stages(s: &Summary) {
    let st = &s.stages;
    println!(
        "stages: read {:.1}s, parse {:.1}s, extract {:.1}s, graph {:.1}s, index {:.1}s, archive {:.1}s, commit {:.1}s",
        st.read, st.parse, st.extract, st.graph, st.index, st.archive, st.commit
    );
    println!(
        "{} vectors computed in {:.1}s",
        s.vectors_computed, st.embed
    );
    println!("peak RSS {:.0} MiB", s.peak_rss_mib.unwrap_or(0.0));
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    let app = ctx.open()?;
    let json = args.json;
    let pb = (!json).then(progress_bar);
    let mut s = server::core::ingest::ingest(&app, &args.paths, pb.as_ref())?;
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
    s.vectors_computed = server::core::vectors::embed_missing(&app, pb.as_ref())?;
    s.stages.embed = started.elapsed().as_secs_f64();
    s.peak_rss_mib = peak_rss_mib();
    if json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        print_stages(&s);
    }
    Ok(())
}
