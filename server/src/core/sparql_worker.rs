//! A SPARQL query worker: a process of this binary (`gongchuang sparql-worker`, hidden) that
//! opens a snapshot of the graph read-only and evaluates the queries it reads on stdin, one at a time,
//! under memory and CPU limits of its own. The server kills it at a query's deadline and
//! starts another, so no query can keep a core, exhaust memory or overflow a stack of the
//! server itself: oxigraph's cancellation is only checked at data access, and a chain of
//! `CONCAT`s or a join of `VALUES` blocks never reaches one.
//!
//! Protocol, per query: a request as one JSON line; a reply header as one JSON line
//! (`Ok(Header)` or `Err(QueryError)`), then `Header::len` bytes of results.

use crate::core::app::{load_embedder, Options};
use crate::core::sparql_fns::{with_functions, Sources};
use graph::sparql::Dataset;
use graph::{GraphStore, QueryError};
use index::embed::{Embedder, VectorStore};
use index::FullText;
use serde::{Deserialize, Serialize};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Request {
    pub query: String,
    pub accept: String,
    pub limit: usize,
    pub default_graphs: Vec<String>,
    pub named_graphs: Vec<String>,
    /// Seconds of CPU this query may use (the worker's own limit, behind the server's kill).
    pub cpu_seconds: u64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub content_type: String,
    pub truncated: bool,
    pub len: usize,
}

pub type Reply = Result<Header, QueryError>;

/// The worker's stores: the graph snapshot opened read-only at start; the full-text index, vectors
/// and embedder only when a query calls `gc:textScore` or `gc:similarity`.
struct WorkerStores {
    data_dir: PathBuf,
    opts: Options,
    graph: GraphStore,
    fulltext: OnceLock<Option<FullText>>,
    embedder: OnceLock<Option<Arc<dyn Embedder>>>,
    vectors: OnceLock<RwLock<VectorStore>>,
}

impl Sources for WorkerStores {
    fn fulltext(&self) -> Option<&FullText> {
        self.fulltext
            .get_or_init(|| {
                let words = crate::core::app::thesaurus_words().ok()?;
                FullText::open(&self.data_dir.join("index"), &words).ok()
            })
            .as_ref()
    }

    fn embedder(&self) -> Option<Arc<dyn Embedder>> {
        self.embedder
            .get_or_init(|| load_embedder(&self.opts).ok().flatten())
            .clone()
    }

    fn vectors(&self) -> &RwLock<VectorStore> {
        self.vectors.get_or_init(|| {
            let dim = self.embedder().map_or(0, |e| e.dim());
            RwLock::new(
                match VectorStore::load(&self.data_dir.join("vectors.bin")) {
                    Ok(v) if v.dim() == dim => v,
                    _ => VectorStore::new(dim),
                },
            )
        })
    }
}

/// Run as a worker: limits first, then the store, then queries until stdin closes (the
/// server exited or let it go; the CPU limit ends a query it left running).
pub fn serve(
    data_dir: &Path,
    snapshot: &Path,
    opts: &Options,
    memory_mb: u64,
) -> anyhow::Result<()> {
    limits::set_memory(memory_mb.saturating_mul(1024 * 1024))?;
    let stores = Arc::new(WorkerStores {
        data_dir: data_dir.to_path_buf(),
        opts: opts.clone(),
        graph: GraphStore::open_read_only(snapshot)?,
        fulltext: OnceLock::new(),
        embedder: OnceLock::new(),
        vectors: OnceLock::new(),
    });
    let (stdin, stdout) = (std::io::stdin(), std::io::stdout());
    let mut out = stdout.lock();
    for line in stdin.lock().lines() {
        let req: Request = serde_json::from_str(&line?)?;
        limits::set_cpu(req.cpu_seconds)?;
        let (header, bytes) = match evaluate(&stores, &req) {
            Ok(body) => (
                Ok(Header {
                    content_type: body.content_type.to_string(),
                    truncated: body.truncated,
                    len: body.bytes.len(),
                }),
                body.bytes,
            ),
            Err(e) => (Err(e), Vec::new()),
        };
        serde_json::to_writer(&mut out, &header)?;
        out.write_all(b"\n")?;
        out.write_all(&bytes)?;
        out.flush()?;
    }
    Ok(())
}

fn evaluate(stores: &Arc<WorkerStores>, req: &Request) -> Result<graph::results::Body, QueryError> {
    let (ev, _token) = graph::sparql::evaluator();
    let ev = with_functions(ev, stores.clone());
    let dataset = Dataset {
        default_graphs: req.default_graphs.clone(),
        named_graphs: req.named_graphs.clone(),
    };
    stores
        .graph
        .run_query(ev, &req.query, &dataset, &req.accept, req.limit)
}

/// The worker's own limits, through `setrlimit`.
mod limits {
    use std::io::Error;

    fn check(rc: libc::c_int) -> std::io::Result<()> {
        if rc == 0 {
            Ok(())
        } else {
            Err(Error::last_os_error())
        }
    }

    /// Heap, anonymous maps and stacks (not the store's mapped files): an allocation past
    /// it fails and the worker aborts, never the server.
    pub fn set_memory(bytes: u64) -> std::io::Result<()> {
        let lim = libc::rlimit {
            rlim_cur: bytes,
            rlim_max: bytes,
        };
        // SAFETY: setrlimit reads the struct we pass.
        check(unsafe { libc::setrlimit(libc::RLIMIT_DATA, &lim) })
    }

    /// Allow `seconds` more CPU than used so far (SIGXCPU kills it past that): a backstop
    /// should the server fail to kill the worker at the deadline.
    pub fn set_cpu(seconds: u64) -> std::io::Result<()> {
        // SAFETY: getrusage writes into the zeroed struct we own.
        let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
        check(unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) })?;
        let used = (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) as u64;
        let lim = libc::rlimit {
            rlim_cur: used + seconds.max(1),
            rlim_max: libc::RLIM_INFINITY,
        };
        // SAFETY: setrlimit reads the struct we pass.
        check(unsafe { libc::setrlimit(libc::RLIMIT_CPU, &lim) })
    }
}
