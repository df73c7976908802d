//! The server's side of the SPARQL query workers (`core::sparql_worker`): idle workers are
//! reused; a query that passes its deadline has its worker killed (its CPU and memory are
//! free at once) and the next query starts a fresh one. `slots` bounds how many run at once.
//! Workers read a snapshot of the graph (a RocksDB checkpoint: hard links, taken when the
//! first worker starts and after every write), never the live store, whose compactions
//! delete files under a reader. After a write, idle workers of the old snapshot are let go.

use crate::core::app::App;
use crate::core::sparql_fns::Sources;
use crate::core::sparql_worker::{CallAnswer, FromWorker, Reply, Request};
use crate::http::slots::MAX_RUNNING;
use graph::QueryError;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// How long an old snapshot stays after a newer one exists: longer than any query using it.
const SNAPSHOT_GRACE: Duration = Duration::from_secs(600);

/// Default memory limit of one worker (heap and anonymous maps).
pub const WORKER_MEMORY_MB: u64 = 1024;

/// What a query produced.
pub struct Answer {
    pub content_type: String,
    pub bytes: Vec<u8>,
    pub truncated: bool,
}

pub struct Pool {
    exe: PathBuf,
    memory_mb: u64,
    app: Arc<App>,
    /// Where snapshots live: `query-snapshots` in the data dir (one file system, so that
    /// checkpoints are hard links).
    root: PathBuf,
    /// The snapshot new workers open, with its generation; None after a write.
    snapshot: Mutex<Option<(u64, PathBuf)>>,
    idle: Mutex<Vec<Worker>>,
    /// Bumped by every write to the graph.
    generation: AtomicU64,
}

struct Worker {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    generation: u64,
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Reaped here, so the pid is never reused while we hold it.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Pool {
    /// Workers run `exe sparql-worker --snapshot DIR --memory-mb N`. Snapshots a previous
    /// server left behind are removed.
    pub fn new(exe: PathBuf, memory_mb: u64, app: Arc<App>) -> Pool {
        let root = app.stores.data_dir.join("query-snapshots");
        let _ = std::fs::remove_dir_all(&root);
        Pool {
            exe,
            memory_mb,
            app,
            root,
            snapshot: Mutex::new(None),
            idle: Mutex::new(Vec::new()),
            generation: AtomicU64::new(0),
        }
    }

    /// The graph changed: the next worker reads a new snapshot, and idle workers of the old
    /// one are let go. The old snapshot is removed once no query can still be using it.
    pub fn invalidate(&self) {
        let old = self
            .snapshot
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        self.generation.fetch_add(1, Ordering::SeqCst);
        self.idle.lock().unwrap_or_else(|e| e.into_inner()).clear();
        if let Some((_, dir)) = old {
            std::thread::spawn(move || {
                std::thread::sleep(SNAPSHOT_GRACE);
                let _ = std::fs::remove_dir_all(dir);
            });
        }
    }

    /// The current snapshot, taken now if there is none.
    fn current_snapshot(&self) -> std::io::Result<(u64, PathBuf)> {
        let mut cur = self.snapshot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(s) = cur.as_ref() {
            return Ok(s.clone());
        }
        let generation = self.generation.load(Ordering::SeqCst);
        let dir = self
            .root
            .join(format!("{}-{generation}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&self.root)?;
        self.app
            .stores
            .graph
            .snapshot(&dir)
            .map_err(std::io::Error::other)?;
        *cur = Some((generation, dir.clone()));
        Ok((generation, dir))
    }

    /// Take the snapshot and start one worker now, so the first query does not wait.
    pub fn warm(&self) -> std::io::Result<()> {
        let w = self.spawn()?;
        self.give_back(w);
        Ok(())
    }

    fn spawn(&self) -> std::io::Result<Worker> {
        let (generation, snapshot) = self.current_snapshot()?;
        let mut child = Command::new(&self.exe)
            .arg("sparql-worker")
            .arg("--snapshot")
            .arg(&snapshot)
            .args(["--memory-mb", &self.memory_mb.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let input = child.stdin.take().expect("piped stdin");
        let output = BufReader::new(child.stdout.take().expect("piped stdout"));
        Ok(Worker {
            child,
            input,
            output,
            generation,
        })
    }

    /// An idle worker with the current snapshot, or None.
    fn idle(&self) -> Option<Worker> {
        let now = self.generation.load(Ordering::SeqCst);
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        while let Some(w) = idle.pop() {
            if w.generation == now {
                return Some(w);
            }
        }
        None
    }

    fn give_back(&self, w: Worker) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if w.generation == self.generation.load(Ordering::SeqCst) && idle.len() < MAX_RUNNING {
            idle.push(w);
        }
    }

    /// Evaluate in a worker; kill it at `deadline`. An idle worker that has gone away (it
    /// should not, but a process can be killed) is replaced once.
    pub fn run(&self, req: &Request, deadline: Duration) -> Result<Answer, QueryError> {
        let started = std::time::Instant::now();
        if let Some(w) = self.idle() {
            match self.run_in(w, req, deadline) {
                Err(Stop::Died(status, e)) if !by_a_limit(status) => {
                    tracing::warn!(error = %e, "an idle SPARQL worker had exited");
                }
                r => return self.outcome(r, deadline),
            }
        }
        let w = self
            .spawn()
            .map_err(|e| QueryError::Unavailable(format!("cannot start a query worker: {e}")))?;
        let left = deadline.saturating_sub(started.elapsed());
        let r = self.run_in(w, req, left);
        self.outcome(r, deadline)
    }

    fn outcome(&self, r: Result<Answer, Stop>, deadline: Duration) -> Result<Answer, QueryError> {
        r.map_err(|stop| match stop {
            Stop::Query(e) => e,
            Stop::Deadline => QueryError::Timeout(deadline),
            Stop::Died(status, _) if by_a_limit(status) => QueryError::Refused(format!(
                "the query's evaluation stopped: it needed more than the {} MiB memory limit, \
                 its CPU limit or more stack than a worker has",
                self.memory_mb
            )),
            Stop::Died(status, e) => QueryError::Unavailable(format!(
                "the query worker stopped ({}): {e}",
                status.map_or("no status".to_string(), |s| s.to_string())
            )),
        })
    }

    fn run_in(&self, mut w: Worker, req: &Request, deadline: Duration) -> Result<Answer, Stop> {
        let pid = w.child.id() as libc::pid_t;
        let (done, wait) = mpsc::channel::<()>();
        let killer = std::thread::spawn(move || {
            let late = matches!(
                wait.recv_timeout(deadline),
                Err(mpsc::RecvTimeoutError::Timeout)
            );
            if late {
                // SAFETY: kill takes a pid and a signal; the child is not reaped before
                // this thread is joined, so the pid is still ours.
                unsafe { libc::kill(pid, libc::SIGKILL) };
            }
            late
        });
        let reply = exchange(&mut w, req, &self.app);
        let _ = done.send(());
        let killed = killer.join().unwrap_or(true);
        match reply {
            _ if killed => Err(Stop::Deadline),
            Ok((Ok(h), bytes)) => {
                self.give_back(w);
                Ok(Answer {
                    content_type: h.content_type,
                    bytes,
                    truncated: h.truncated,
                })
            }
            Ok((Err(e), _)) => {
                self.give_back(w);
                Err(Stop::Query(e))
            }
            Err(e) => {
                let status = w.child.wait().ok();
                tracing::warn!(?status, error = %e, "a SPARQL worker stopped during a query");
                Err(Stop::Died(status, e))
            }
        }
    }
}

/// Why a worker gave no answer.
enum Stop {
    Query(QueryError),
    Deadline,
    Died(Option<ExitStatus>, std::io::Error),
}

/// A worker stopped by one of its limits: SIGABRT (an allocation past the memory limit, or
/// a stack overflow), SIGXCPU (its CPU limit), SIGSEGV.
fn by_a_limit(status: Option<ExitStatus>) -> bool {
    use std::os::unix::process::ExitStatusExt;
    matches!(
        status.and_then(|s| s.signal()),
        Some(libc::SIGABRT | libc::SIGXCPU | libc::SIGSEGV)
    )
}

fn send_line(w: &mut Worker, msg: &impl serde::Serialize) -> std::io::Result<()> {
    let mut line = serde_json::to_vec(msg)?;
    line.push(b'\n');
    w.input.write_all(&line)?;
    w.input.flush()
}

/// Send one request, answer the worker's calls of the index functions, read its reply.
fn exchange(w: &mut Worker, req: &Request, app: &App) -> std::io::Result<(Reply, Vec<u8>)> {
    send_line(w, req)?;
    loop {
        let mut line = String::new();
        if w.output.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let reply = match serde_json::from_str(&line)? {
            FromWorker::TextScores(q) => {
                let answer: CallAnswer = Some(app.text_scores(&q));
                send_line(w, &answer)?;
                continue;
            }
            FromWorker::Similarities(text) => {
                send_line(w, &app.similarities(&text))?;
                continue;
            }
            FromWorker::Done(reply) => reply,
        };
        let mut bytes = Vec::new();
        if let Ok(h) = &reply {
            bytes.resize(h.len, 0);
            w.output.read_exact(&mut bytes)?;
        }
        return Ok((reply, bytes));
    }
}
