//! Write jobs of a running service: uploads, replacements and deletions. Each runs through
//! the same [`Batch`] and journal as `gongchuang ingest` (one at a time: the batch holds the
//! write lock), with its progress kept for polling.
//!
//! A job is on disk before it is acknowledged: its files and then its manifest, synced,
//! under `uploads/{job}/`. The folder goes once the batch has committed, so jobs left by a
//! crash run again when the service starts ([`Jobs::resume`]); a folder without manifest is
//! an upload that was never acknowledged, and is dropped.

use crate::core::app::App;
use crate::core::ingest::{Batch, FileError, Summary};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Jobs queued or running at once; more are refused (the caller answers 503).
pub const MAX_PENDING: usize = 16;
/// Finished jobs kept for polling.
const KEEP_FINISHED: usize = 200;
/// Longest file name accepted for an upload, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// What a job does.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Add (or, for a source name already stored, replace) the uploaded files.
    Add,
    /// Replace document `id` with the one uploaded file, keeping its source name (and so
    /// its id).
    Replace {
        id: String,
    },
    Delete {
        id: String,
    },
}

/// One uploaded file: the source name it is ingested under, and where it waits.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Upload {
    pub name: String,
    pub stored: String,
}

/// A file handed to [`submit`]: the source name to ingest it under, the name whose
/// extension tells its format (a `.docx` may replace a `.txt`), and its bytes.
pub struct Incoming {
    pub name: String,
    pub format_of: String,
    pub data: Vec<u8>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    #[serde(flatten)]
    op: Op,
    files: Vec<Upload>,
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Waiting for the job before it (one writer at a time).
    Queued,
    Reading,
    Committing,
    Embedding,
    Done,
    Failed,
}

/// What `GET /api/jobs/{id}` answers.
#[derive(Debug, Clone, Serialize)]
pub struct Status {
    pub id: String,
    pub op: Op,
    pub stage: Stage,
    pub files_total: usize,
    pub files_done: usize,
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    pub deleted: usize,
    /// Per-file errors (the other files go on).
    pub errors: Vec<FileError>,
    /// Ids of the documents the job added or replaced.
    pub documents: Vec<String>,
    /// Why the whole job failed, when it did.
    pub failure: Option<String>,
}

impl Status {
    fn finished(&self) -> bool {
        matches!(self.stage, Stage::Done | Stage::Failed)
    }
}

type Queued = (String, Manifest, Arc<Mutex<Status>>);

/// The jobs of a service, run in the order they were accepted by one worker thread (a
/// deletion queued after a replacement must not overtake it).
#[derive(Default)]
pub struct Jobs {
    all: Mutex<BTreeMap<String, Arc<Mutex<Status>>>>,
    counter: AtomicU64,
    queue: Mutex<Option<std::sync::mpsc::Sender<Queued>>>,
}

fn uploads_dir(app: &App) -> PathBuf {
    app.stores.data_dir.join("uploads")
}

/// An uploaded file's name as a source name: relative, `/`-separated, without `.` or `..`
/// parts (it names a document; the file itself is stored under a name of ours), or why it
/// cannot be used.
pub fn clean_name(name: &str) -> Result<String, String> {
    let parts: Vec<&str> = name
        .split(['/', '\\'])
        .map(str::trim)
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    let clean = parts.join("/");
    if clean.is_empty() {
        return Err(format!("no usable file name in {name:?}"));
    }
    if clean.len() > MAX_NAME_BYTES || clean.chars().any(char::is_control) {
        return Err(format!(
            "file name {:?}: control characters or over {MAX_NAME_BYTES} bytes",
            clean.chars().take(40).collect::<String>()
        ));
    }
    Ok(clean)
}

fn write_synced(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    Ok(())
}

impl Jobs {
    pub fn get(&self, id: &str) -> Option<Status> {
        let all = self.all.lock().unwrap_or_else(|e| e.into_inner());
        let s = all.get(id)?;
        let s = s.lock().unwrap_or_else(|e| e.into_inner()).clone();
        Some(s)
    }

    fn pending(&self) -> usize {
        let all = self.all.lock().unwrap_or_else(|e| e.into_inner());
        all.values()
            .filter(|s| !s.lock().unwrap_or_else(|e| e.into_inner()).finished())
            .count()
    }

    fn register(&self, id: &str, op: Op, files: usize) -> Arc<Mutex<Status>> {
        let status = Arc::new(Mutex::new(Status {
            id: id.to_string(),
            op,
            stage: Stage::Queued,
            files_total: files,
            files_done: 0,
            added: 0,
            replaced: 0,
            unchanged: 0,
            deleted: 0,
            errors: Vec::new(),
            documents: Vec::new(),
            failure: None,
        }));
        let mut all = self.all.lock().unwrap_or_else(|e| e.into_inner());
        if all.len() >= KEEP_FINISHED {
            let old: Vec<String> = all
                .iter()
                .filter(|(_, s)| s.lock().unwrap_or_else(|e| e.into_inner()).finished())
                .map(|(k, _)| k.clone())
                .take(all.len() + 1 - KEEP_FINISHED)
                .collect();
            for k in old {
                all.remove(&k);
            }
        }
        all.insert(id.to_string(), status.clone());
        status
    }

    fn new_id(&self) -> String {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis());
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("j{ms:x}{n:04x}")
    }
}

/// Accept a job: write its files and manifest (synced), then queue it. Returns its id;
/// the error is [`Busy`] when too many jobs are pending.
pub fn submit(jobs: &Jobs, app: &Arc<App>, op: Op, files: Vec<Incoming>) -> anyhow::Result<String> {
    if jobs.pending() >= MAX_PENDING {
        return Err(Busy.into());
    }
    let id = jobs.new_id();
    let dir = uploads_dir(app).join(&id);
    std::fs::create_dir_all(&dir)?;
    let mut uploads = Vec::new();
    for (i, f) in files.into_iter().enumerate() {
        // Stored under a name of ours (never the caller's path), keeping the extension.
        let ext = Path::new(&f.format_of)
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .filter(|e| e.len() <= 16 && e[1..].chars().all(|c| c.is_ascii_alphanumeric()))
            .unwrap_or_default();
        let stored = format!("f{i}{ext}");
        write_synced(&dir.join(&stored), &f.data)?;
        uploads.push(Upload {
            name: f.name,
            stored,
        });
    }
    let m = Manifest { op, files: uploads };
    // The manifest last: with it the job is complete on disk, and may be acknowledged.
    graph::docs::write_atomic(&dir.join("manifest.json"), &serde_json::to_vec(&m)?)?;
    start(jobs, app, &id, m);
    Ok(id)
}

/// Too many jobs pending.
#[derive(Debug, thiserror::Error)]
#[error("too many write jobs pending ({MAX_PENDING}); try again when one has finished")]
pub struct Busy;

/// Queue a job, starting the worker on first use. The worker holds the app weakly, and
/// ends when the jobs (and with them the queue) are dropped.
fn start(jobs: &Jobs, app: &Arc<App>, id: &str, m: Manifest) {
    let status = jobs.register(id, m.op.clone(), m.files.len());
    let mut queue = jobs.queue.lock().unwrap_or_else(|e| e.into_inner());
    let tx = queue.get_or_insert_with(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Queued>();
        let weak = Arc::downgrade(app);
        std::thread::spawn(move || {
            while let Ok((id, m, status)) = rx.recv() {
                let Some(app) = weak.upgrade() else { break };
                work(&app, &id, &m, &status);
            }
        });
        tx
    });
    let _ = tx.send((id.to_string(), m, status));
}

fn work(app: &App, id: &str, m: &Manifest, status: &Mutex<Status>) {
    let dir = uploads_dir(app).join(id);
    match run(app, &dir, m, status) {
        Ok(()) => {
            let _ = std::fs::remove_dir_all(&dir);
            embed(app, status);
        }
        Err(e) => {
            tracing::error!(job = %id, "write job failed: {e:#}");
            update(status, |s| {
                s.stage = Stage::Failed;
                s.failure = Some(format!("{e:#}"));
            });
        }
    }
}

fn update(status: &Mutex<Status>, f: impl FnOnce(&mut Status)) {
    f(&mut status.lock().unwrap_or_else(|e| e.into_inner()));
}

fn run(app: &App, dir: &Path, m: &Manifest, status: &Mutex<Status>) -> anyhow::Result<()> {
    let mut batch = Batch::begin(app)?;
    update(status, |s| s.stage = Stage::Reading);
    match &m.op {
        Op::Delete { id } => {
            if !batch.delete(id)? {
                batch.s.errors.push(FileError {
                    file: id.clone(),
                    reason: "no such document (deleted already?)".into(),
                });
            }
            update(status, |s| s.files_done = 1);
        }
        Op::Add | Op::Replace { .. } => {
            for f in &m.files {
                batch.file_shown_as(&dir.join(&f.stored), &f.name, &f.name, None)?;
                let errors = batch.s.errors.clone();
                update(status, |s| {
                    s.files_done += 1;
                    s.errors = errors;
                });
            }
        }
    }
    update(status, |s| s.stage = Stage::Committing);
    let touched = batch.touched();
    let sum: Summary = batch.finish()?;
    update(status, |s| {
        s.added = sum.added;
        s.replaced = sum.replaced;
        s.unchanged = sum.unchanged;
        s.deleted = sum.deleted;
        s.errors = sum.errors;
        s.errors.extend(sum.refused);
        s.documents = touched;
        s.stage = Stage::Embedding;
    });
    Ok(())
}

/// Vectors for the new texts (searches use BM25 for them until then).
fn embed(app: &App, status: &Mutex<Status>) {
    if let Err(e) = crate::core::vectors::embed_missing(app, None) {
        tracing::error!("embedding after a write job failed: {e:#}");
    }
    update(status, |s| s.stage = Stage::Done);
}

/// Run again the jobs a crash interrupted (acknowledged ones have a manifest); drop
/// uploads that were never acknowledged.
pub fn resume(jobs: &Jobs, app: &Arc<App>) -> anyhow::Result<usize> {
    let Ok(entries) = std::fs::read_dir(uploads_dir(app)) else {
        return Ok(0);
    };
    let mut n = 0;
    let mut dirs: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    dirs.sort();
    for dir in dirs {
        let manifest = std::fs::read(dir.join("manifest.json"))
            .ok()
            .and_then(|b| serde_json::from_slice::<Manifest>(&b).ok());
        let id = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        match (manifest, id) {
            (Some(m), Some(id)) => {
                tracing::warn!(job = %id, "running again a write job a restart interrupted");
                start(jobs, app, &id, m);
                n += 1;
            }
            _ => std::fs::remove_dir_all(&dir)?,
        }
    }
    Ok(n)
}
