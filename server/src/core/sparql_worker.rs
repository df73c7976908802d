//! A SPARQL query worker: a process of this binary (`gongchuang sparql-worker`, hidden) that
//! opens a snapshot of the graph read-only and evaluates the queries it reads on stdin, one
//! at a time, under memory and CPU limits of its own. The server kills it at a query's
//! deadline and starts another, so no query can keep a core, exhaust memory or overflow a
//! stack of the server itself: oxigraph's cancellation is only checked at data access, and a
//! chain of `CONCAT`s or a join of `VALUES` blocks never reaches one.
//!
//! Protocol, per query: the server writes a `Request` as one JSON line; the worker answers
//! with JSON lines (`FromWorker`): calls of `gc:textScore` and `gc:similarity`, which the
//! server answers from its index and vectors with one line each (`CallAnswer`), then
//! `Done(reply)` followed by `Header::len` bytes of results.

use crate::core::sparql_fns::{with_functions, Scores, Sources};
use graph::sparql::Dataset;
use graph::{GraphStore, QueryError};
use serde::{Deserialize, Serialize};
use std::fs::File;
use std::io::{BufRead, BufReader, IoSlice, Stdin, Write};
use std::os::fd::AsFd;
use std::path::Path;
use std::sync::{Arc, Mutex};

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

/// One line from a worker.
#[derive(Debug, Serialize, Deserialize)]
pub enum FromWorker {
    /// `gc:textScore` needs the BM25 scores for this query.
    TextScores(String),
    /// `gc:similarity` needs the cosines for this text.
    Similarities(String),
    /// The query's outcome; with `Ok`, the results follow.
    Done(Reply),
}

/// The server's answer to a call (None: no vectors).
pub type CallAnswer = Option<Scores>;

/// The worker's stdin and stdout (one socket, which the server holds the other end of).
struct Pipe {
    input: Mutex<BufReader<Stdin>>,
    /// Standard output as a plain file: `Stdout` is line-buffered and would write results
    /// in pieces (a wake-up of the server for each); a message goes out in one write.
    output: Mutex<File>,
}

impl Pipe {
    fn send(&self, msg: &FromWorker, body: &[u8]) -> std::io::Result<()> {
        let mut head = serde_json::to_vec(msg)?;
        head.push(b'\n');
        let mut out = self.output.lock().unwrap_or_else(|e| e.into_inner());
        write_both(&mut out, &head, body)
    }

    /// The next line; None at the end of input.
    fn line(&self) -> std::io::Result<Option<String>> {
        let mut line = String::new();
        let n = self
            .input
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .read_line(&mut line)?;
        Ok((n > 0).then_some(line))
    }

    fn call(&self, msg: &FromWorker) -> std::io::Result<CallAnswer> {
        self.send(msg, &[])?;
        let line = self.line()?.ok_or(std::io::ErrorKind::UnexpectedEof)?;
        Ok(serde_json::from_str(&line)?)
    }
}

/// `head` then `body` in one write when the socket takes both (no copy of the results
/// into one buffer).
fn write_both(out: &mut File, head: &[u8], body: &[u8]) -> std::io::Result<()> {
    let mut done = 0;
    while done < head.len() + body.len() {
        let n = if done < head.len() {
            out.write_vectored(&[IoSlice::new(&head[done..]), IoSlice::new(body)])
        } else {
            out.write(&body[done - head.len()..])
        };
        match n {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => done += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// The worker's stores: the graph snapshot; the index and vectors are the server's.
struct WorkerStores {
    graph: GraphStore,
    pipe: Arc<Pipe>,
}

impl Sources for WorkerStores {
    fn text_scores(&self, q: &str) -> Scores {
        let call = FromWorker::TextScores(q.to_string());
        self.pipe.call(&call).ok().flatten().unwrap_or_default()
    }

    fn similarities(&self, text: &str) -> Option<Scores> {
        let call = FromWorker::Similarities(text.to_string());
        self.pipe.call(&call).ok().flatten()
    }
}

/// Run as a worker: limits first, then the snapshot, then queries until stdin closes (the
/// server exited or let it go; the CPU limit ends a query it left running).
pub fn serve(snapshot: &Path, memory_mb: u64) -> anyhow::Result<()> {
    limits::set_memory(memory_mb.saturating_mul(1024 * 1024))?;
    let pipe = Arc::new(Pipe {
        input: Mutex::new(BufReader::new(std::io::stdin())),
        output: Mutex::new(File::from(std::io::stdout().as_fd().try_clone_to_owned()?)),
    });
    let stores = Arc::new(WorkerStores {
        graph: GraphStore::open_read_only(snapshot)?,
        pipe: pipe.clone(),
    });
    while let Some(line) = pipe.line()? {
        let req: Request = serde_json::from_str(&line)?;
        limits::set_cpu(req.cpu_seconds)?;
        match evaluate(&stores, &req) {
            Ok(body) => {
                let header = Header {
                    content_type: body.content_type.to_string(),
                    truncated: body.truncated,
                    len: body.bytes.len(),
                };
                pipe.send(&FromWorker::Done(Ok(header)), &body.bytes)?;
            }
            Err(e) => pipe.send(&FromWorker::Done(Err(e)), &[])?,
        }
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
