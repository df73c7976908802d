//! The bundle format: each document starts with a line `=====`, then its source-name line.

use crate::read::{ReadError, Source};

pub const SEPARATOR: &str = "=====";

pub fn is_bundle(text: &str) -> bool {
    text.lines().next().is_some_and(is_separator)
}

/// A separator line; surrounding blanks and a stray BOM do not matter, so `is_bundle` and
/// `split` always agree (else a bundle's first entry would vanish without a report).
pub fn is_separator(line: &str) -> bool {
    line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}') == SEPARATOR
}

/// Split a bundle. Each entry is a source or an error for that entry alone.
pub fn split(file: &str, text: &str, encoding: &str) -> Vec<Result<Source, (String, ReadError)>> {
    let missing = |at: u32| Err((format!("{file}:{at}"), ReadError::BundleMissingName(at)));
    let mut out = Vec::new();
    let mut current: Option<(String, u32, String)> = None;
    let mut expect_name_at: Option<u32> = None;
    // A separator (or the end) closes the entry before it; one without a name is an error.
    let close =
        |current: &mut Option<(String, u32, String)>, expect: Option<u32>, out: &mut Vec<_>| {
            if let Some(src) = current.take() {
                out.push(Ok(finish(file, src, encoding)));
            } else if let Some(at) = expect {
                out.push(missing(at));
            }
        };
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u32 + 1;
        if is_separator(line) {
            close(&mut current, expect_name_at, &mut out);
            expect_name_at = Some(line_no);
            continue;
        }
        if let Some(at) = expect_name_at.take() {
            match line.trim() {
                "" => out.push(missing(at)),
                name => current = Some((name.to_string(), line_no + 1, String::new())),
            }
            continue;
        }
        if let Some((_, _, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    close(&mut current, expect_name_at, &mut out);
    out
}

fn finish(file: &str, (name, first_line, text): (String, u32, String), encoding: &str) -> Source {
    Source {
        name,
        file: file.to_string(),
        first_line,
        text,
        encoding: encoding.to_string(),
    }
}
