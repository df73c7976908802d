//! `gongchuang synth`: a synthetic corpus of derived copies of the seed bundle.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value_t = 10)]
    scale: usize,
    #[arg(long)]
    out: PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Seed bundle (default: the bundled corpus).
    #[arg(long)]
    from: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let from = args.from.unwrap_or_else(corpus::bundled_corpus_path);
    let text = std::fs::read_to_string(from)?;
    let synth = corpus::synth::Synth::new(&text, args.seed)?;
    let r = synth.write(args.scale, &args.out)?;
    println!(
        "{} documents in {} bundles ({:.1} MiB) under {}",
        r.documents,
        r.files,
        r.bytes as f64 / 1048576.0,
        args.out.display()
    );
    Ok(())
}
