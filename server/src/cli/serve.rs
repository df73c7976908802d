//! `gongchuang serve`: the API and UI; ingests the bundled corpus into an empty data dir.

use crate::cli::context::Context;
use server::core::app::App;
use server::http;
use server::http::workers::Pool;
use std::sync::Arc;
use std::time::Duration;

#[derive(clap::Args)]
pub struct Args {
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: String,
    /// Bearer token that allows SPARQL Update (read-only without).
    #[arg(long, env = "GONGCHUANG_TOKEN")]
    token: Option<String>,
    #[arg(long, default_value_t = 10)]
    query_timeout_s: u64,
    #[arg(long, default_value_t = 100_000)]
    max_results: usize,
    /// Allow browser pages from this origin (`https://host[:port]`) to call the API
    /// (CORS; repeatable; off by default).
    #[arg(
        long = "cors-origin",
        env = "GONGCHUANG_CORS_ORIGINS",
        value_delimiter = ','
    )]
    cors_origins: Vec<String>,
    /// Memory limit of each SPARQL query worker process, in MiB.
    #[arg(long, default_value_t = http::workers::WORKER_MEMORY_MB)]
    query_memory_mb: u64,
    /// Evaluate SPARQL in the server process instead of worker processes: a little faster,
    /// but a hostile query can then exhaust the server's memory or keep a core busy.
    #[arg(long)]
    in_process_queries: bool,
}

/// Query workers: processes of this binary over snapshots of the graph (none for a remote
/// store, whose endpoint evaluates the queries). One starts now.
fn workers(ctx: &Context, app: &Arc<App>, memory_mb: u64) -> anyhow::Result<Option<Arc<Pool>>> {
    if ctx.opts.graph_endpoint.is_some() {
        return Ok(None);
    }
    let exe = std::env::current_exe()?;
    let pool = Arc::new(Pool::new(exe, memory_mb, app.clone()));
    let p = pool.clone();
    std::thread::spawn(move || {
        if let Err(e) = p.warm() {
            tracing::error!("cannot start a SPARQL query worker: {e}");
        }
    });
    Ok(Some(pool))
}

fn ingest_bundled(app: &App) -> anyhow::Result<()> {
    tracing::info!("empty data dir: ingesting the bundled corpus");
    let s = server::core::ingest::ingest(app, &[corpus::bundled_corpus_path()], None)?;
    tracing::info!(
        documents = s.documents,
        passages = s.passages,
        seconds = s.seconds,
        "ingested"
    );
    for e in &s.errors {
        tracing::warn!(file = %e.file, reason = %e.reason, "not ingested");
    }
    Ok(())
}

/// BM25 answers at once; vectors join the ranking as they are computed. The brief cache is
/// read first so that the first case query does not wait for it.
fn warm_up(app: Arc<App>) {
    std::thread::spawn(move || {
        if let Err(e) = app.stores.briefs() {
            tracing::error!("reading the archive failed: {e:#}");
        }
        match server::core::vectors::embed_missing(&app, None) {
            Ok(n) => tracing::info!(
                computed = n.computed,
                from_cache = n.from_cache,
                "vectors ready"
            ),
            Err(e) => tracing::error!("embedding failed: {e:#}"),
        }
    });
}

pub fn run(ctx: &Context, args: Args) -> anyhow::Result<()> {
    for o in &args.cors_origins {
        http::check_origin(o).map_err(anyhow::Error::msg)?;
    }
    let app = Arc::new(ctx.open()?);
    if app.stores.is_empty()? {
        ingest_bundled(&app)?;
    }
    warm_up(app.clone());
    // Remote store: the engine stops a relayed query at the same deadline where it can.
    app.stores
        .graph
        .set_query_deadline(Duration::from_secs(args.query_timeout_s));
    let cfg = http::Config {
        token: args.token,
        query_timeout: Duration::from_secs(args.query_timeout_s),
        max_results: args.max_results,
        cors_origins: args.cors_origins,
        workers: if args.in_process_queries {
            None
        } else {
            workers(ctx, &app, args.query_memory_mb)?
        },
    };
    let listener = std::net::TcpListener::bind(&args.bind)?;
    tracing::info!("listening on http://{}", listener.local_addr()?);
    actix_web::rt::System::new()
        .block_on(async move { http::server(app, cfg, listener)?.await })?;
    Ok(())
}
