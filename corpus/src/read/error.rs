//! What can go wrong reading one file; each reader reports its own kind.

use serde::Serialize;

/// Largest file we accept; larger inputs are reported, not read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Longest line accepted, in characters. Text with longer lines is not prose split into
/// lines (a dump, a minified page): it is reported instead of tying up the parser.
pub const MAX_LINE_CHARS: usize = 2_000_000;

#[derive(Debug, thiserror::Error, Clone, PartialEq, Serialize)]
pub enum ReadError {
    #[error("empty file")]
    Empty,
    #[error("binary file (NUL bytes or control characters), not text")]
    Binary,
    #[error("cannot decode as UTF-8, UTF-16 or GB18030: {0}")]
    Undecodable(String),
    #[error("file too large: {0} bytes (limit {MAX_FILE_BYTES})")]
    TooLarge(u64),
    #[error("bundle entry without a source-name line at line {0}")]
    BundleMissingName(u32),
    #[error(
        "line {line} has {chars} characters (limit {MAX_LINE_CHARS}); split the text into lines"
    )]
    LineTooLong { line: u32, chars: usize },
    #[error("unsupported file type: {0}")]
    Unsupported(String),
    #[error("no text layer: the PDF holds only images (a scan?); run OCR on it first")]
    NoTextLayer,
    #[error("text layer without a Unicode map (fonts without ToUnicode): the characters cannot be recovered; run OCR on it")]
    UnmappedText,
    #[error("encrypted: the file needs a password; save an unprotected copy")]
    Encrypted,
    #[error("truncated or corrupt {0} file: {1}")]
    Corrupt(String, String),
    #[error("reading PDF needs {0}; install Poppler (Debian: apt-get install poppler-utils)")]
    MissingTool(String),
    #[error("text extraction stopped after {0} s")]
    Timeout(u64),
    #[error("{0}: a special file, not read")]
    Special(String),
    #[error("I/O error: {0}")]
    Io(String),
}
