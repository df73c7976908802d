//! The server's side of the SPARQL query workers (`core::sparql_worker`): idle workers are
//! reused; a query that passes its deadline has its worker killed (its CPU and memory are
//! free at once) and the next query starts a fresh one. `slots` bounds how many run at once.
//! Workers read a snapshot of the graph (a RocksDB checkpoint: hard links, taken when the
//! first worker starts and after every write), never the live store, whose compactions
//! delete files under a reader. After a write, idle workers of the old snapshot are let go.

use crate::core::app::App;
use crate::core::sparql_worker::Request;
use crate::http::slots::max_running;
use crate::http::watchdog::Watchdog;
use crate::http::worker_conn::{exchange, Conn};
use actix_web::web;
use graph::QueryError;
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long an old snapshot stays after a newer one exists: longer than any query using it.
const SNAPSHOT_GRACE: Duration = Duration::from_secs(600);

/// Default memory limit of one worker (heap and anonymous maps).
pub const WORKER_MEMORY_MB: u64 = 1024;

/// What a query produced.
pub struct Answer {
    pub content_type: String,
    pub bytes: actix_web::web::Bytes,
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
    /// Kills workers whose query passed its deadline (one thread for all of them).
    watchdog: Arc<Watchdog>,
}

struct Worker {
    child: Child,
    /// Our end of the worker's stdin and stdout (non-blocking); None while a query has it.
    io: Option<UnixStream>,
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
            watchdog: Watchdog::start(),
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
        // One socket for both directions; the worker's end is its stdin and stdout.
        let (ours, theirs) = UnixStream::pair()?;
        ours.set_nonblocking(true)?;
        let theirs = OwnedFd::from(theirs);
        let child = Command::new(&self.exe)
            .arg("sparql-worker")
            .arg("--snapshot")
            .arg(&snapshot)
            .args(["--memory-mb", &self.memory_mb.to_string()])
            .stdin(Stdio::from(theirs.try_clone()?))
            .stdout(Stdio::from(theirs))
            .stderr(Stdio::inherit())
            .spawn()?;
        Ok(Worker {
            child,
            io: Some(ours),
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
        let current = w.generation == self.generation.load(Ordering::SeqCst);
        if current && w.io.is_some() && idle.len() < max_running() {
            idle.push(w);
        }
    }

    /// Evaluate in a worker; kill it at `deadline`. An idle worker that has gone away (it
    /// should not, but a process can be killed) is replaced once. A new worker starts on a
    /// blocking thread (process start, and the snapshot after a write).
    pub async fn run(
        self: &Arc<Self>,
        req: &Request,
        deadline: Duration,
    ) -> Result<Answer, QueryError> {
        let started = std::time::Instant::now();
        if let Some(w) = self.idle() {
            match self.run_in(w, req, deadline).await {
                Err(Stop::Died(status, e)) if !by_a_limit(status) => {
                    tracing::warn!(error = %e, "an idle SPARQL worker had exited");
                }
                r => return self.outcome(r, deadline),
            }
        }
        let pool = self.clone();
        let w = web::block(move || pool.spawn())
            .await
            .map_err(std::io::Error::other)
            .and_then(|r| r)
            .map_err(|e| QueryError::Unavailable(format!("cannot start a query worker: {e}")))?;
        let left = deadline.saturating_sub(started.elapsed());
        let r = self.run_in(w, req, left).await;
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

    async fn run_in(
        &self,
        mut w: Worker,
        req: &Request,
        deadline: Duration,
    ) -> Result<Answer, Stop> {
        let reply = {
            // Disarmed when this block ends, even if the request is dropped half way: before
            // `w` is reaped, so the watchdog never kills a reused pid.
            let armed = self.watchdog.arm(w.child.id() as libc::pid_t, deadline);
            let mut conn = w.io.take().map(Conn::open).transpose();
            let reply = match conn.as_mut() {
                Ok(Some(c)) => exchange(c, req, &self.app).await,
                Ok(None) => Err(std::io::ErrorKind::NotConnected.into()),
                Err(e) => Err(std::io::Error::new(e.kind(), e.to_string())),
            };
            w.io = conn.ok().flatten().and_then(Conn::close);
            (reply, armed.disarm())
        };
        match reply {
            (_, true) => Err(Stop::Deadline),
            (Ok((Ok(h), bytes)), _) => {
                self.give_back(w);
                Ok(Answer {
                    content_type: h.content_type,
                    bytes,
                    truncated: h.truncated,
                })
            }
            (Ok((Err(e), _)), _) => {
                self.give_back(w);
                Err(Stop::Query(e))
            }
            (Err(e), _) => {
                // It has exited or is about to (its socket failed): its status says why.
                let status = web::block(move || w.child.wait().ok()).await.ok().flatten();
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
