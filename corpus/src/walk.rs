//! Turning paths (bundle files, single files, directories) into sources, one result each.

use crate::read::{self, Format, ReadError, Source};
use std::path::{Path, PathBuf};

/// What reading a path produced: sources, per-item errors, files skipped by type, and
/// entries refused unread (links out of the root, special files) with the reason.
#[derive(Debug, Default)]
pub struct Walk {
    pub sources: Vec<Source>,
    pub errors: Vec<(String, ReadError)>,
    pub skipped: Vec<String>,
    pub refused: Vec<(String, String)>,
}

/// How directories are walked.
#[derive(Debug, Clone, Copy, Default)]
pub struct WalkOptions {
    /// Follow symbolic links that lead out of the directory given. Off by default: a link
    /// to `/etc/shadow` inside an ingested folder must not publish that file.
    pub follow_links: bool,
}

/// Read every path: a file (bundle or single document) or a directory walked recursively.
/// Holds every source at once; ingest reads file by file with [`list`] and [`read_one`].
pub fn read_paths(paths: &[PathBuf]) -> Walk {
    let mut walk = Walk::default();
    for (path, name) in list(paths, &mut walk) {
        read_one(&path, &name, &mut walk);
    }
    walk
}

/// The files to read under `paths`, in order, each with its source name (path relative to
/// the directory given); unreadable entries go to `walk.errors`, other file types to
/// `walk.skipped`, links out of a directory and special files to `walk.refused`.
pub fn list(paths: &[PathBuf], walk: &mut Walk) -> Vec<(PathBuf, String)> {
    list_with(paths, WalkOptions::default(), walk)
}

/// [`list`] with options.
pub fn list_with(paths: &[PathBuf], opts: WalkOptions, walk: &mut Walk) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            list_dir(path, opts, walk, &mut files);
        } else if let Some(kind) = special_kind(path) {
            // Named by the caller, but a FIFO would block the reader forever.
            walk.refused.push((path.display().to_string(), kind));
        } else {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            files.push((path.clone(), name.unwrap_or_default()));
        }
    }
    files
}

fn list_dir(root: &Path, opts: WalkOptions, walk: &mut Walk, files: &mut Vec<(PathBuf, String)>) {
    let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let mut outside = Vec::new();
    // follow_links detects loops and reports them as errors instead of recursing forever;
    // links whose target lies outside the root are pruned before they are followed.
    let mut entries: Vec<_> = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            let keep = opts.follow_links || !e.path_is_symlink() || inside(e.path(), &real_root);
            if !keep {
                outside.push(e.path().to_path_buf());
            }
            keep
        })
        .collect();
    for p in outside {
        let rel = p
            .strip_prefix(root)
            .unwrap_or(&p)
            .to_string_lossy()
            .replace('\\', "/");
        walk.refused.push((
            rel,
            "symbolic link out of the ingested folder (not followed; --follow-links allows it)"
                .into(),
        ));
    }
    entries.sort_by(|a, b| match (a, b) {
        (Ok(a), Ok(b)) => a.path().cmp(b.path()),
        _ => std::cmp::Ordering::Equal,
    });
    for entry in entries {
        match entry {
            Err(e) => {
                let at = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                walk.errors.push((at, ReadError::Io(e.to_string())));
            }
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                let rel = rel.to_string_lossy().replace('\\', "/");
                if Format::of(e.path()).is_some() {
                    files.push((e.path().to_path_buf(), rel));
                } else {
                    walk.skipped.push(rel);
                }
            }
            Ok(e) if !e.file_type().is_dir() => {
                let rel = e.path().strip_prefix(root).unwrap_or(e.path());
                let kind = special_kind(e.path()).unwrap_or_else(|| "not a regular file".into());
                walk.refused
                    .push((rel.to_string_lossy().replace('\\', "/"), kind));
            }
            Ok(_) => {}
        }
    }
}

/// Whether the link at `path` resolves to a place under `real_root` (canonical). A dangling
/// link resolves nowhere and counts as outside.
fn inside(path: &Path, real_root: &Path) -> bool {
    std::fs::canonicalize(path).is_ok_and(|p| p.starts_with(real_root))
}

/// Why `path` is not read when it is a FIFO, socket or device (found without opening it).
pub fn special_kind(path: &Path) -> Option<String> {
    let t = std::fs::metadata(path).ok()?.file_type();
    read::special_kind(t).map(|k| format!("{k}: a special file, not read"))
}

/// Read one file: a bundle yields several sources, anything else one.
pub fn read_one(path: &Path, name: &str, walk: &mut Walk) {
    let file = path.display().to_string();
    let (text, enc) = match read::read_file(path) {
        Ok(t) => t,
        Err(e) => {
            walk.errors.push((file, e));
            return;
        }
    };
    let format = Format::of(path).unwrap_or(Format::Text);
    if format == Format::Text && crate::bundle::is_bundle(&text) {
        for item in crate::bundle::split(&file, &text, enc) {
            match item {
                Ok(s) => push_checked(s, walk),
                Err(e) => walk.errors.push(e),
            }
        }
        return;
    }
    let text = if format == Format::Html {
        crate::html::to_text(&text)
    } else {
        text
    };
    let source = Source {
        name: name.to_string(),
        file,
        first_line: 1,
        text: text.trim_start_matches('\u{feff}').to_string(),
        encoding: enc.to_string(),
    };
    push_checked(source, walk);
}

/// Keep a source whose lines are within limits; report the others.
fn push_checked(s: Source, walk: &mut Walk) {
    match read::check_line_lengths(&s.text, s.first_line) {
        Ok(()) => walk.sources.push(s),
        Err(e) => walk
            .errors
            .push((format!("{}:{}", s.file, s.first_line), e)),
    }
}
