//! Turning paths (bundle files, single files, directories) into sources, one result each.

use crate::read::{self, Format, ReadError, Source};
use std::path::{Path, PathBuf};

/// What reading a path produced: sources, per-item errors, and files skipped by type.
#[derive(Debug, Default)]
pub struct Walk {
    pub sources: Vec<Source>,
    pub errors: Vec<(String, ReadError)>,
    pub skipped: Vec<String>,
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
/// `walk.skipped`.
pub fn list(paths: &[PathBuf], walk: &mut Walk) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            list_dir(path, walk, &mut files);
        } else {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            files.push((path.clone(), name.unwrap_or_default()));
        }
    }
    files
}

fn list_dir(root: &Path, walk: &mut Walk, files: &mut Vec<(PathBuf, String)>) {
    // follow_links detects loops and reports them as errors instead of recursing forever.
    let mut entries: Vec<_> = walkdir::WalkDir::new(root)
        .follow_links(true)
        .into_iter()
        .collect();
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
            Ok(_) => {}
        }
    }
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
