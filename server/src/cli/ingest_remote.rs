//! `gongchuang ingest --server URL PATH…`: send files to a running service instead of
//! opening the data dir (which the service owns). Files go in uploads of at most the
//! service's limit; each upload is a job, followed to its end with the progress bar.

use serde::Serialize;
use serde_json::Value;
use server::http::upload::{MAX_FILES, MAX_UPLOAD};
use std::path::PathBuf;
use std::time::Duration;

/// Room for the multipart framing around the files of one upload.
const FRAMING: usize = 1024 * 1024;

/// What `ingest --server` reports: the jobs' outcomes added up.
#[derive(Debug, Default, Serialize)]
pub struct Remote {
    pub jobs: Vec<String>,
    pub files: usize,
    pub added: u64,
    pub replaced: u64,
    pub unchanged: u64,
    /// Per-file errors, as the service (or the local read) reported them.
    pub errors: Vec<Value>,
    pub skipped: Vec<String>,
    pub refused: Vec<Value>,
}

struct Client {
    agent: ureq::Agent,
    base: String,
    token: String,
}

impl Client {
    fn answer(
        &self,
        r: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
        what: &str,
    ) -> anyhow::Result<Value> {
        let mut r = r.map_err(|e| anyhow::anyhow!("{what}: {e}"))?;
        let status = r.status().as_u16();
        let body = r.body_mut().read_to_string().unwrap_or_default();
        let v: Value = serde_json::from_str(&body).unwrap_or(Value::String(body));
        if !(200..300).contains(&status) {
            let why = v["error"]
                .as_str()
                .map_or_else(|| v.to_string(), String::from);
            anyhow::bail!("{what}: {status} {why}");
        }
        Ok(v)
    }

    fn upload(&self, files: &[(String, Vec<u8>)]) -> anyhow::Result<String> {
        let b = format!("gongchuang{:x}", std::process::id());
        let mut body = Vec::new();
        for (name, data) in files {
            let name = name.replace(['"', '\r', '\n'], "_");
            body.extend_from_slice(
                format!("--{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            );
            body.extend_from_slice(data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
        let url = format!("{}/api/documents", self.base);
        let r = self
            .agent
            .post(&url)
            .header("Authorization", &format!("Bearer {}", self.token))
            .header(
                "Content-Type",
                &format!("multipart/form-data; boundary={b}"),
            )
            .send(&body[..]);
        let v = self.answer(r, &format!("POST {url}"))?;
        v["job"]
            .as_str()
            .map(String::from)
            .ok_or_else(|| anyhow::anyhow!("POST {url}: no job id in {v}"))
    }

    fn job(&self, id: &str) -> anyhow::Result<Value> {
        let url = format!("{}/api/jobs/{id}", self.base);
        let r = self
            .agent
            .get(&url)
            .header("Authorization", &format!("Bearer {}", self.token))
            .call();
        self.answer(r, &format!("GET {url}"))
    }
}

/// Send the files under `paths` and follow their jobs to the end.
pub fn run(
    server: &str,
    token: &str,
    paths: &[PathBuf],
    follow_links: bool,
    progress: Option<&indicatif::ProgressBar>,
) -> anyhow::Result<Remote> {
    let client = Client {
        agent: ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(600)))
            .build()
            .into(),
        base: server.trim_end_matches('/').to_string(),
        token: token.to_string(),
    };
    let mut listing = corpus::walk::Walk::default();
    let opts = corpus::walk::WalkOptions { follow_links };
    let files = corpus::walk::list_with(paths, opts, &mut listing);
    let mut out = Remote {
        files: files.len(),
        skipped: listing.skipped,
        refused: listing
            .refused
            .into_iter()
            .map(|(file, reason)| serde_json::json!({"file": file, "reason": reason}))
            .collect(),
        errors: listing
            .errors
            .into_iter()
            .map(|(file, e)| serde_json::json!({"file": file, "reason": e.to_string()}))
            .collect(),
        ..Remote::default()
    };
    if let Some(pb) = progress {
        pb.set_length(files.len() as u64);
    }
    let limit = MAX_UPLOAD - FRAMING;
    let mut batch: Vec<(String, Vec<u8>)> = Vec::new();
    let mut size = 0;
    for (path, name) in files {
        let bytes = match read_limited(&path) {
            Ok(b) => b,
            Err(e) => {
                out.errors
                    .push(serde_json::json!({"file": path.display().to_string(), "reason": e}));
                continue;
            }
        };
        if !batch.is_empty() && (size + bytes.len() > limit || batch.len() >= MAX_FILES) {
            out.jobs.push(client.upload(&std::mem::take(&mut batch))?);
            size = 0;
        }
        size += bytes.len();
        batch.push((name, bytes));
    }
    if !batch.is_empty() {
        out.jobs.push(client.upload(&batch)?);
    }
    follow(&client, &mut out, progress)?;
    Ok(out)
}

fn read_limited(path: &std::path::Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > corpus::read::MAX_FILE_BYTES {
        return Err(corpus::ReadError::TooLarge(meta.len()).to_string());
    }
    std::fs::read(path).map_err(|e| e.to_string())
}

/// Poll every job until it is done, adding up outcomes.
fn follow(
    client: &Client,
    out: &mut Remote,
    progress: Option<&indicatif::ProgressBar>,
) -> anyhow::Result<()> {
    let mut done_before = 0;
    for id in out.jobs.clone() {
        let st = loop {
            let st = client.job(&id)?;
            if let Some(pb) = progress {
                pb.set_position(done_before + st["files_done"].as_u64().unwrap_or(0));
                pb.set_message(format!("job {id}: {}", st["stage"].as_str().unwrap_or("")));
            }
            match st["stage"].as_str() {
                Some("done") => break st,
                Some("failed") => anyhow::bail!("job {id} failed: {}", st["failure"]),
                _ => std::thread::sleep(Duration::from_millis(200)),
            }
        };
        done_before += st["files_total"].as_u64().unwrap_or(0);
        out.added += st["added"].as_u64().unwrap_or(0);
        out.replaced += st["replaced"].as_u64().unwrap_or(0);
        out.unchanged += st["unchanged"].as_u64().unwrap_or(0);
        if let Some(e) = st["errors"].as_array() {
            out.errors.extend(e.iter().cloned());
        }
    }
    Ok(())
}
