//! `gongchuang model pack`: the small embedding model from a full teacher checkpoint.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    cmd: ModelCmd,
}

#[derive(clap::Subcommand)]
enum ModelCmd {
    /// Prune the vocabulary to what the corpus and Chinese/English need, quantise to int8.
    Pack {
        #[arg(long)]
        teacher: PathBuf,
        #[arg(long)]
        out: PathBuf,
        /// Texts whose tokens must be kept (default: the bundled corpus).
        #[arg(long)]
        corpus: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let ModelCmd::Pack {
        teacher,
        out,
        corpus,
    } = args.cmd;
    let text = std::fs::read_to_string(corpus.unwrap_or_else(corpus::bundled_corpus_path))?;
    let keep: Vec<String> = text.lines().map(String::from).collect();
    let report = index::embed::pack(&teacher, &out, &keep)?;
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}
