//! `gongchuang`: ingest, inspect, search and serve an urban-renewal knowledge graph.

use clap::{Parser, Subcommand};
use server::{http, ingest, queries, App};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Parser)]
#[command(name = "gongchuang", version, about = "Knowledge graph and case retrieval for urban-renewal texts")]
struct Cli {
    /// Data directory (graph, index, archive).
    #[arg(long, global = true, default_value = "data", env = "GONGCHUANG_DATA")]
    data_dir: PathBuf,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Ingest files, bundles or directories (idempotent).
    Ingest {
        paths: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// List stored documents.
    Documents {
        #[arg(long)]
        json: bool,
    },
    /// Parse one file and print the result (nothing is stored).
    Parse {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Search passages, documents or cases.
    Search {
        query: String,
        #[arg(long = "type")]
        kind: Option<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// List extracted cases.
    Cases {
        #[arg(long)]
        json: bool,
    },
    /// Run a SPARQL query against the store.
    Sparql {
        query: Option<String>,
        #[arg(long)]
        file: Option<PathBuf>,
        #[arg(long, default_value = "json")]
        format: String,
    },
    /// Serve the API and UI; ingests the bundled corpus into an empty data dir first.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        bind: String,
        /// Bearer token that allows SPARQL Update (read-only without).
        #[arg(long, env = "GONGCHUANG_TOKEN")]
        token: Option<String>,
        #[arg(long, default_value_t = 10)]
        query_timeout_s: u64,
        #[arg(long, default_value_t = 100_000)]
        max_results: usize,
    },
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::Parse { file, json } => {
            let mut w = corpus::walk::Walk::default();
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            corpus::walk::read_one(&file, &name, &mut w);
            if let Some((f, e)) = w.errors.first() {
                anyhow::bail!("{f}: {e}");
            }
            let kb = corpus::extract::Knowledge::bundled()?;
            let out: Vec<_> = w
                .sources
                .iter()
                .map(|s| {
                    let d = corpus::parse(s);
                    let x = corpus::extract::extract(&d, &kb);
                    serde_json::json!({"document": d, "extraction": x})
                })
                .collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&out)?);
            } else {
                for o in &out {
                    let d = &o["document"];
                    println!("{}  {}  passages={}", d["id"].as_str().unwrap_or(""), d["title"].as_str().unwrap_or(""), d["passages"].as_array().map_or(0, |p| p.len()));
                }
            }
        }
        Cmd::Ingest { paths, json } => {
            let app = App::open(&cli.data_dir)?;
            let pb = (!json).then(|| {
                let pb = indicatif::ProgressBar::new(0);
                pb.set_style(indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}").unwrap());
                pb
            });
            let s = ingest::ingest(&app, &paths, pb.as_ref())?;
            if let Some(pb) = pb {
                pb.finish_and_clear();
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
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
            if s.documents == 0 {
                anyhow::bail!("nothing could be ingested");
            }
        }
        Cmd::Documents { json } => {
            let app = App::open(&cli.data_dir)?;
            let docs: Vec<_> = app.docs.all()?.iter().map(|r| r.doc.summary()).collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&docs)?);
            } else {
                for d in docs {
                    println!("{}  {}  {}  {}", d["id"].as_str().unwrap_or(""), d["date"].as_str().unwrap_or("-"), d["genre"].as_str().unwrap_or(""), d["title"].as_str().unwrap_or(""));
                }
            }
        }
        Cmd::Search { query, kind, limit, json } => {
            let app = App::open(&cli.data_dir)?;
            let r = queries::run_search(&app, &query, kind.as_deref(), limit, 0)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("{} hits in {:.1} ms", r.total, r.took_ms);
                for h in &r.hits {
                    println!("{:.4}  {}  L{}-{}  {}\n    {}", h.score, h.kind, h.lines[0], h.lines[1], h.document.title, h.text.chars().take(120).collect::<String>());
                }
            }
        }
        Cmd::Cases { json } => {
            let app = App::open(&cli.data_dir)?;
            let cases = queries::list_cases(&app, None, None, None)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&cases)?);
            } else {
                for c in cases {
                    println!("{}  {}  ({})", c["id"].as_str().unwrap_or(""), c["name"].as_str().unwrap_or(""), c["document"]["title"].as_str().unwrap_or(""));
                }
            }
        }
        Cmd::Sparql { query, file, format } => {
            let app = App::open(&cli.data_dir)?;
            let q = match (query, file) {
                (Some(q), _) => q,
                (None, Some(f)) => std::fs::read_to_string(f)?,
                _ => anyhow::bail!("give a query or --file"),
            };
            let (ev, _t) = graph::store::evaluator();
            let body = graph::store::query(&app.graph.store, ev, &q, &Default::default(), |r| graph::results::serialize(r, &format, usize::MAX))?;
            use std::io::Write;
            std::io::stdout().write_all(&body.bytes)?;
        }
        Cmd::Serve { bind, token, query_timeout_s, max_results } => {
            let app = Arc::new(App::open(&cli.data_dir)?);
            if app.is_empty()? {
                tracing::info!("empty data dir: ingesting the bundled corpus");
                let s = ingest::ingest(&app, &[corpus::bundled_corpus_path()], None)?;
                tracing::info!(documents = s.documents, passages = s.passages, seconds = s.seconds, "ingested");
            }
            let cfg = http::Config { token, query_timeout: Duration::from_secs(query_timeout_s), max_results };
            let listener = std::net::TcpListener::bind(&bind)?;
            tracing::info!("listening on http://{}", listener.local_addr()?);
            actix_web::rt::System::new().block_on(async move { http::server(app, cfg, listener)?.await })?;
        }
    }
    Ok(())
}
