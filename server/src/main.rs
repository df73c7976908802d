//! `gongchuang`: ingest, inspect, search and serve an urban-renewal knowledge graph.
//! This file only parses the command line and dispatches to `cli/`.

mod cli;

use clap::{Parser, Subcommand};
use cli::context::Context;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "gongchuang",
    version,
    about = "Knowledge graph and case retrieval for urban-renewal texts"
)]
struct Cli {
    /// Data directory (graph, index, archive).
    #[arg(long, global = true, default_value = "data", env = "GONGCHUANG_DATA")]
    data_dir: PathBuf,
    /// Embedding model directory (config.json, tokenizer.json, model.safetensors).
    #[arg(long, global = true, env = "GONGCHUANG_MODEL")]
    model: Option<PathBuf>,
    /// No dense vectors: BM25 and graph signals only.
    #[arg(long, global = true)]
    no_embed: bool,
    /// Remote-store mode: a SPARQL 1.1 query endpoint holding the graph (read via the protocol).
    #[arg(long, global = true, env = "GONGCHUANG_GRAPH_ENDPOINT")]
    graph_endpoint: Option<String>,
    /// Its update endpoint (needed to ingest); without it the remote store is read-only.
    #[arg(long, global = true, env = "GONGCHUANG_GRAPH_UPDATE_ENDPOINT")]
    graph_update_endpoint: Option<String>,
    /// Its Graph Store Protocol endpoint, to replace a document's graph in one PUT (`{graph}`
    /// in it stands for the graph IRI; else `?graph=` is added). Without it, graphs are
    /// written as chunked INSERT DATA.
    #[arg(long, global = true, env = "GONGCHUANG_GRAPH_STORE_ENDPOINT")]
    graph_store_endpoint: Option<String>,
    /// A file holding `user:password` for HTTP basic authentication at the remote store
    /// (or set GONGCHUANG_REMOTE_USER and GONGCHUANG_REMOTE_PASSWORD); never the password
    /// itself on the command line.
    #[arg(long, global = true, env = "GONGCHUANG_REMOTE_CREDENTIALS")]
    remote_credentials: Option<PathBuf>,
    /// A vector cache file (made by `vectors --write-cache`): passages it holds for the
    /// loaded model are not embedded again (another data dir of the same texts).
    #[arg(long, global = true, env = "GONGCHUANG_VECTOR_CACHE")]
    vector_cache: Option<PathBuf>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Ingest files, bundles or directories (idempotent).
    Ingest(cli::ingest::Args),
    /// Compute missing vectors; `--write-cache FILE` also writes a vector cache file.
    Vectors(cli::vectors::Args),
    /// Search quality on a question file (dev_questions.json format).
    Eval(cli::eval::Args),
    /// Write a synthetic corpus: `scale` derived copies of the seed bundle, one bundle each.
    Synth(cli::synth::Args),
    /// Build the small embedding model from a full teacher checkpoint.
    Model(cli::model::Args),
    /// List stored documents.
    Documents(cli::documents::Args),
    /// Parse one file and print the result (nothing is stored).
    Parse(cli::parse::Args),
    /// Search passages, documents or cases.
    Search(cli::search::Args),
    /// Verify that archive, graph, index and vectors agree (exit 1 when they do not).
    Check(cli::check::Args),
    /// Latency percentiles of search, recommend and SPARQL over the dev questions.
    Bench(cli::bench::Args),
    /// Export the graph: the whole dataset (nquads, trig, jsonld) or one graph.
    Export(cli::export::Args),
    /// Analogous cases and a suggested co-creation path for a new scenario.
    Recommend(cli::recommend::Args),
    /// List extracted cases.
    Cases(cli::cases::Args),
    /// Run a SPARQL query against the store.
    Sparql(cli::sparql::Args),
    /// Serve the API and UI; ingests the bundled corpus into an empty data dir first.
    Serve(cli::serve::Args),
    /// Validate the SKOS thesaurus (`thesaurus check`).
    Thesaurus(cli::thesaurus::Args),
    /// A SPARQL query worker of `serve` (not for direct use).
    #[command(hide = true)]
    SparqlWorker(cli::sparql_worker::Args),
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        // Colour codes only on a terminal: a log file gets plain lines (and a request's log
        // line costs less to write).
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let ctx = Context {
        data_dir: cli.data_dir,
        opts: server::core::app::Options {
            model: cli.model,
            no_embed: cli.no_embed,
            graph_endpoint: cli.graph_endpoint,
            graph_update_endpoint: cli.graph_update_endpoint,
            graph_store_endpoint: cli.graph_store_endpoint,
            remote_credentials: cli::remote_credentials(cli.remote_credentials.as_deref())?,
            read_only: false,
            warm_vectors: cli::vector_cache(cli.vector_cache.as_deref())?,
        },
    };
    match cli.cmd {
        Cmd::Ingest(a) => cli::ingest::run(&ctx, a),
        Cmd::Vectors(a) => cli::vectors::run(&ctx, a),
        Cmd::Eval(a) => cli::eval::run(&ctx, a),
        Cmd::Synth(a) => cli::synth::run(a),
        Cmd::Model(a) => cli::model::run(a),
        Cmd::Documents(a) => cli::documents::run(&ctx, a),
        Cmd::Parse(a) => cli::parse::run(a),
        Cmd::Search(a) => cli::search::run(&ctx, a),
        Cmd::Check(a) => cli::check::run(&ctx, a),
        Cmd::Bench(a) => cli::bench::run(&ctx, a),
        Cmd::Export(a) => cli::export::run(&ctx, a),
        Cmd::Recommend(a) => cli::recommend::run(&ctx, a),
        Cmd::Cases(a) => cli::cases::run(&ctx, a),
        Cmd::Sparql(a) => cli::sparql::run(&ctx, a),
        Cmd::Serve(a) => cli::serve::run(&ctx, a),
        Cmd::Thesaurus(a) => cli::thesaurus::run(a),
        Cmd::SparqlWorker(a) => cli::sparql_worker::run(a),
    }
}
