//! PDF text layer through Poppler's `pdftotext`, run as a subprocess with a time limit.
//!
//! Chosen over the Rust PDF crates by measuring both on Chinese PDFs with CID-keyed fonts
//! (docs/input-formats.md): Poppler reads the fonts' ToUnicode maps and Adobe's predefined
//! CMaps, orders two-column pages by reading flow, and costs no compile time.
//!
//! Output keeps one form feed at the end of every page (as `pdftotext` writes it), so the
//! text itself carries the page of every line: see [`crate::model::page_table`].

use super::error::ReadError;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Longest a single PDF may take to extract; a pathological file is reported, not waited on.
pub const TIMEOUT: Duration = Duration::from_secs(120);

/// The text layer of the PDF at `path` (its bytes in `bytes`), a form feed ending each page.
pub fn read(path: &Path, bytes: &[u8]) -> Result<String, ReadError> {
    read_with("pdftotext", TIMEOUT, path, bytes)
}

/// [`read`] with another `pdftotext` program and time limit.
pub fn read_with(
    program: &str,
    timeout: Duration,
    path: &Path,
    bytes: &[u8],
) -> Result<String, ReadError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(ReadError::Corrupt("PDF".into(), "no %PDF- header".into()));
    }
    let (ok, text, errors) = run(program, timeout, path)?;
    if !ok {
        return Err(classify(&errors, bytes));
    }
    if text.chars().all(|c| c.is_whitespace()) {
        return Err(ReadError::NoTextLayer);
    }
    if unmapped_share(&text) > 0.25 {
        return Err(ReadError::UnmappedText);
    }
    Ok(text)
}

/// Share of the visible characters that stand for no character: glyph ids that fonts
/// without a Unicode map leave behind (control characters, U+FFFD, private use).
fn unmapped_share(text: &str) -> f64 {
    let (mut bad, mut all) = (0usize, 0usize);
    for c in text
        .chars()
        .filter(|c| !matches!(c, ' ' | '\n' | '\t' | '\r' | '\u{c}'))
    {
        all += 1;
        if c.is_control() || c == '\u{fffd}' || ('\u{e000}'..='\u{f8ff}').contains(&c) {
            bad += 1;
        }
    }
    bad as f64 / all.max(1) as f64
}

/// The error a failed run stands for, from its messages and the file's tail.
fn classify(errors: &str, bytes: &[u8]) -> ReadError {
    if errors.contains("Incorrect password") {
        return ReadError::Encrypted;
    }
    let first = errors.lines().next().unwrap_or("pdftotext failed").trim();
    if !has_eof_marker(bytes) {
        return ReadError::Corrupt("PDF".into(), format!("truncated (no %%EOF); {first}"));
    }
    ReadError::Corrupt("PDF".into(), first.to_string())
}

/// A complete PDF ends with `%%EOF` (writers may add a few bytes after it).
fn has_eof_marker(bytes: &[u8]) -> bool {
    let tail = &bytes[bytes.len().saturating_sub(1024)..];
    tail.windows(5).any(|w| w == b"%%EOF")
}

/// Run `pdftotext` on the file: (exited 0, stdout, stderr).
fn run(program: &str, timeout: Duration, path: &Path) -> Result<(bool, String, String), ReadError> {
    let mut child = Command::new(program)
        .args(["-enc", "UTF-8", "-eol", "unix"])
        .arg(path)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ReadError::MissingTool(format!("{program} ({e})")))?;
    // Both pipes drain on their own threads so a chatty child never blocks on a full pipe.
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ReadError::Timeout(timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(ReadError::Io(e.to_string())),
        }
    };
    let out = out.join().unwrap_or_default();
    let err = err.join().unwrap_or_default();
    Ok((status.success(), out, err))
}

fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut p) = pipe {
            let _ = p.read_to_end(&mut buf);
        }
        String::from_utf8_lossy(&buf).into_owned()
    })
}
