//! `gongchuang sparql-worker` (hidden): a query worker that `serve` starts; it reads
//! requests on stdin and answers on stdout (`server::core::sparql_worker`).

#[derive(clap::Args)]
pub struct Args {
    /// The graph snapshot to read (a checkpoint that `serve` made).
    #[arg(long)]
    snapshot: std::path::PathBuf,
    /// Memory limit of this process (heap and anonymous maps), in MiB.
    #[arg(long, default_value_t = 1024)]
    memory_mb: u64,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    server::core::sparql_worker::serve(&args.snapshot, args.memory_mb)
}
