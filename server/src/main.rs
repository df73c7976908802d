//! `gongchuang`: ingest, inspect, search and serve an urban-renewal knowledge graph.

use clap::{Parser, Subcommand};
use server::{http, ingest, queries, App};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

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
    /// Compute missing vectors; `--write-cache FILE` also writes a vector cache file.
    Vectors {
        #[arg(long)]
        write_cache: Option<PathBuf>,
    },
    /// Search quality on a question file (dev_questions.json format).
    Eval {
        questions: PathBuf,
        /// Also list the hybrid misses.
        #[arg(long)]
        verbose: bool,
        /// Only hybrid search (no recommendation, no single-signal figures).
        #[arg(long)]
        hybrid_only: bool,
    },
    /// Write a synthetic corpus: `scale` derived copies of the seed bundle, one bundle each.
    Synth {
        #[arg(long, default_value_t = 10)]
        scale: usize,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Seed bundle (default: the bundled corpus).
        #[arg(long)]
        from: Option<PathBuf>,
    },
    /// Build the small embedding model from a full teacher checkpoint.
    Model {
        #[command(subcommand)]
        cmd: ModelCmd,
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
    /// Verify that archive, graph, index and vectors agree (exit 1 when they do not).
    Check {
        #[arg(long)]
        json: bool,
    },
    /// Latency percentiles of search, recommend and SPARQL over the dev questions; with
    /// --embed, encoder speed per kernel and agreement with the shipped seed vectors.
    Bench {
        #[arg(required_unless_present = "embed")]
        questions: Option<PathBuf>,
        #[arg(long, default_value_t = 3)]
        rounds: usize,
        #[arg(long)]
        embed: bool,
        /// Seed passages timed per kernel (with --embed).
        #[arg(long, default_value_t = 128)]
        passages: usize,
    },
    /// Export the graph: the whole dataset (nquads, trig, jsonld) or one graph.
    Export {
        #[arg(long, default_value = "nquads")]
        format: String,
        #[arg(long)]
        graph: Option<String>,
    },
    /// Analogous cases and a suggested co-creation path for a new scenario.
    Recommend {
        scenario: String,
        #[arg(long, default_value_t = 5)]
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
        /// Allow browser pages from this origin (`https://host[:port]`) to call the API
        /// (CORS; repeatable; off by default).
        #[arg(
            long = "cors-origin",
            env = "GONGCHUANG_CORS_ORIGINS",
            value_delimiter = ','
        )]
        cors_origins: Vec<String>,
    },
}

#[derive(Subcommand)]
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

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let opts = server::app::Options {
        model: cli.model.clone(),
        no_embed: cli.no_embed,
        graph_endpoint: cli.graph_endpoint.clone(),
        graph_update_endpoint: cli.graph_update_endpoint.clone(),
    };
    let open = || App::open_with(&cli.data_dir, &opts);
    match cli.cmd {
        Cmd::Vectors { write_cache } => {
            let app = open()?;
            let pb = indicatif::ProgressBar::new(0);
            let n = server::vectors::embed_missing(&app, Some(&pb))?;
            pb.finish_and_clear();
            println!("{n} vectors computed");
            if let Some(path) = write_cache {
                println!(
                    "{} vectors written to {}",
                    server::vectors::write_cache(&app, &path)?,
                    path.display()
                );
            }
        }
        Cmd::Eval {
            questions,
            verbose,
            hybrid_only,
        } => {
            let app = open()?;
            let qs: Vec<server::eval::Question> =
                serde_json::from_str(&std::fs::read_to_string(&questions)?)?;
            if !hybrid_only {
                let r = server::eval::evaluate_recommend(&app, &qs)?;
                println!(
                    "recommend: case@3 {:.3}, case@1 {:.3}, theory doc@3 {:.3}",
                    r.case_at_3, r.case_at_1, r.doc_at_3
                );
                for m in &r.misses {
                    println!("  miss {m}");
                }
            }
            let modes = if hybrid_only {
                vec![server::eval::Mode::Hybrid]
            } else {
                vec![
                    server::eval::Mode::Bm25,
                    server::eval::Mode::Dense,
                    server::eval::Mode::Hybrid,
                ]
            };
            for mode in modes {
                let s = server::eval::evaluate(&app, &qs, mode)?;
                println!(
                    "{mode:?}: keyword doc@1 {:.3}, scenario doc@1 {:.3}, fact passage@1 {:.3} @5 {:.3}",
                    s.keyword_doc_at_1, s.scenario_doc_at_1, s.fact_passage_at_1, s.fact_passage_at_5
                );
                if verbose && matches!(mode, server::eval::Mode::Hybrid) {
                    s.misses.iter().for_each(|m| println!("  miss {m}"));
                }
            }
        }
        Cmd::Synth {
            scale,
            out,
            seed,
            from,
        } => {
            let text = std::fs::read_to_string(from.unwrap_or_else(corpus::bundled_corpus_path))?;
            let synth = corpus::synth::Synth::new(&text, seed)?;
            let r = synth.write(scale, &out)?;
            println!(
                "{} documents in {} bundles ({:.1} MiB) under {}",
                r.documents,
                r.files,
                r.bytes as f64 / 1048576.0,
                out.display()
            );
        }
        Cmd::Model {
            cmd:
                ModelCmd::Pack {
                    teacher,
                    out,
                    corpus,
                },
        } => {
            let text = std::fs::read_to_string(corpus.unwrap_or_else(corpus::bundled_corpus_path))?;
            let keep: Vec<String> = text.lines().map(String::from).collect();
            let report = index::embed::pack(&teacher, &out, &keep)?;
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Cmd::Parse { file, json } => {
            let mut w = corpus::walk::Walk::default();
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
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
                    println!(
                        "{}  {}  passages={}",
                        d["id"].as_str().unwrap_or(""),
                        d["title"].as_str().unwrap_or(""),
                        d["passages"].as_array().map_or(0, |p| p.len())
                    );
                }
            }
        }
        Cmd::Ingest { paths, json } => {
            let app = open()?;
            let pb = (!json).then(|| {
                let pb = indicatif::ProgressBar::new(0);
                pb.set_style(
                    indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                        .unwrap(),
                );
                pb
            });
            let mut s = ingest::ingest(&app, &paths, pb.as_ref())?;
            if let Some(pb) = pb {
                pb.finish_and_clear();
            }
            if !json {
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
                if json {
                    println!("{}", serde_json::to_string_pretty(&s)?);
                }
                anyhow::bail!("nothing could be ingested");
            }
            let pb = (!json).then(|| indicatif::ProgressBar::new(0));
            let started = std::time::Instant::now();
            s.vectors_computed = server::vectors::embed_missing(&app, pb.as_ref())?;
            s.stages.embed = started.elapsed().as_secs_f64();
            s.peak_rss_mib = server::bench::peak_rss_mib();
            if json {
                println!("{}", serde_json::to_string_pretty(&s)?);
            } else {
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
        }
        Cmd::Documents { json } => {
            let app = open()?;
            let docs: Vec<_> = app.docs.briefs()?.iter().map(|r| r.doc.summary()).collect();
            if json {
                println!("{}", serde_json::to_string_pretty(&docs)?);
            } else {
                for d in docs {
                    println!(
                        "{}  {}  {}  {}",
                        d["id"].as_str().unwrap_or(""),
                        d["date"].as_str().unwrap_or("-"),
                        d["genre"].as_str().unwrap_or(""),
                        d["title"].as_str().unwrap_or("")
                    );
                }
            }
        }
        Cmd::Search {
            query,
            kind,
            limit,
            json,
        } => {
            let app = open()?;
            let r = queries::run_search(&app, &query, kind.as_deref(), limit, 0)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("{} hits in {:.1} ms", r.total, r.took_ms);
                for h in &r.hits {
                    println!(
                        "{:.4}  {}  L{}-{}  {}\n    {}",
                        h.score,
                        h.kind,
                        h.lines[0],
                        h.lines[1],
                        h.document.title,
                        h.text.chars().take(120).collect::<String>()
                    );
                }
            }
        }
        Cmd::Check { json } => {
            let app = open()?;
            let c = server::journal::check(&app)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&c)?);
            } else {
                println!(
                    "{} documents; consistent: {}; missing vectors: {}",
                    c.documents, c.consistent, c.missing_vectors
                );
            }
            if !c.consistent {
                std::process::exit(1);
            }
        }
        Cmd::Bench {
            embed: true,
            passages,
            ..
        } => {
            let dir =
                index::embed::default_model_dir().ok_or_else(|| anyhow::anyhow!("no model"))?;
            let cache = server::vectors::bundled_cache_path();
            index::embed::bench::run(&dir, passages, Some(&cache), true, &mut std::io::stdout())?;
        }
        Cmd::Bench {
            questions, rounds, ..
        } => {
            let app = open()?;
            let questions = questions.unwrap_or_default();
            let qs: Vec<server::eval::Question> =
                serde_json::from_str(&std::fs::read_to_string(&questions)?)?;
            let texts: Vec<String> = qs.iter().map(|q| q.query.clone()).collect();
            for l in server::bench::run(&app, &texts, rounds) {
                println!(
                    "{:14} n={:4}  p50 {:7.1} ms  p95 {:7.1} ms  p99 {:7.1} ms  max {:7.1} ms",
                    l.name, l.n, l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms
                );
            }
            println!(
                "peak RSS {:.0} MiB",
                server::bench::peak_rss_mib().unwrap_or(0.0)
            );
        }
        Cmd::Export { format, graph } => {
            let app = open()?;
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
            app.graph.export(f, graph.as_deref(), out)?;
        }
        Cmd::Recommend {
            scenario,
            limit,
            json,
        } => {
            let app = open()?;
            let req = server::recommend::Request {
                scenario,
                limit: Some(limit),
                ..Default::default()
            };
            let r = server::recommend::recommend(&app, &req)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&r)?);
            } else {
                println!("{}", r.message);
                for c in &r.cases {
                    println!(
                        "{:.3}  {}  ({})",
                        c["score"].as_f64().unwrap_or(0.0),
                        c["name"].as_str().unwrap_or(""),
                        c["document"]["title"].as_str().unwrap_or("")
                    );
                }
                for (i, s) in r.suggested_path["stages"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    println!("  {}. {}", i + 1, s["label"].as_str().unwrap_or(""));
                }
            }
        }
        Cmd::Cases { json } => {
            let app = open()?;
            let cases = queries::list_cases(&app, None, None, None)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&cases)?);
            } else {
                for c in cases {
                    println!(
                        "{}  {}  ({})",
                        c["id"].as_str().unwrap_or(""),
                        c["name"].as_str().unwrap_or(""),
                        c["document"]["title"].as_str().unwrap_or("")
                    );
                }
            }
        }
        Cmd::Sparql {
            query,
            file,
            format,
        } => {
            let app = open()?;
            let q = match (query, file) {
                (Some(q), _) => q,
                (None, Some(f)) => std::fs::read_to_string(f)?,
                _ => anyhow::bail!("give a query or --file"),
            };
            let app = Arc::new(app);
            let (ev, _t) = graph::store::evaluator();
            let ev = server::sparql_fns::with_functions(ev, app.clone());
            let body = app
                .graph
                .run_query(ev, &q, &Default::default(), &format, usize::MAX)?;
            use std::io::Write;
            std::io::stdout().write_all(&body.bytes)?;
        }
        Cmd::Serve {
            bind,
            token,
            query_timeout_s,
            max_results,
            cors_origins,
        } => {
            for o in &cors_origins {
                http::check_origin(o).map_err(anyhow::Error::msg)?;
            }
            let app = Arc::new(open()?);
            if app.is_empty()? {
                tracing::info!("empty data dir: ingesting the bundled corpus");
                let s = ingest::ingest(&app, &[corpus::bundled_corpus_path()], None)?;
                tracing::info!(
                    documents = s.documents,
                    passages = s.passages,
                    seconds = s.seconds,
                    "ingested"
                );
            }
            // BM25 answers at once; vectors join the ranking as they are computed. The brief
            // cache is read first so that the first case query does not wait for it.
            let bg = app.clone();
            std::thread::spawn(move || {
                if let Err(e) = bg.briefs() {
                    tracing::error!("reading the archive failed: {e:#}");
                }
                match server::vectors::embed_missing(&bg, None) {
                    Ok(n) => tracing::info!(computed = n, "vectors ready"),
                    Err(e) => tracing::error!("embedding failed: {e:#}"),
                }
            });
            let cfg = http::Config {
                token,
                query_timeout: Duration::from_secs(query_timeout_s),
                max_results,
                cors_origins,
            };
            let listener = std::net::TcpListener::bind(&bind)?;
            tracing::info!("listening on http://{}", listener.local_addr()?);
            actix_web::rt::System::new()
                .block_on(async move { http::server(app, cfg, listener)?.await })?;
        }
    }
    Ok(())
}
