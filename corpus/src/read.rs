//! Decoding bytes to text: UTF-8 (BOM or not), UTF-16 with BOM, GB18030/GBK; binary is refused.
//! PDF and Word files go to their own readers ([`pdf`], [`docx`]) by extension.

pub mod docx;
pub mod error;
pub mod pdf;

pub use error::{ReadError, MAX_FILE_BYTES, MAX_LINE_CHARS};
use serde::Serialize;

/// One decoded input: a file, or one entry of a bundle.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// Source name: bundle name line as written, or path relative to the ingested root.
    pub name: String,
    /// The file this text was read from (for citations).
    pub file: String,
    /// 1-based line number in `file` of the first line of `text`.
    pub first_line: u32,
    pub text: String,
    /// Encoding the bytes were decoded from.
    pub encoding: String,
}

/// Decode raw bytes. Returns the text and the encoding name.
pub fn decode(bytes: &[u8]) -> Result<(String, &'static str), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest).map(|s| (s, "UTF-8 (BOM)"));
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        let enc = if bytes[0] == 0xFF {
            encoding_rs::UTF_16LE
        } else {
            encoding_rs::UTF_16BE
        };
        let (text, had_errors) = enc.decode_with_bom_removal(&bytes[2..]);
        if had_errors {
            return Err(ReadError::Undecodable(format!("invalid {}", enc.name())));
        }
        return check_text(text.into_owned()).map(|s| (s, enc.name()));
    }
    if looks_binary(bytes) {
        return Err(ReadError::Binary);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => check_text(s.to_string()).map(|s| (s, "UTF-8")),
        Err(e) if e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4 => {
            // Truncated final sequence: keep what is valid, drop the broken tail.
            let s = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            check_text(s.to_string()).map(|s| (s, "UTF-8 (truncated tail dropped)"))
        }
        Err(_) => legacy(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, ReadError> {
    std::str::from_utf8(bytes)
        .map(|s| s.to_string())
        .map_err(|e| ReadError::Undecodable(format!("invalid UTF-8 after BOM: {e}")))
        .and_then(check_text)
}

fn legacy(bytes: &[u8]) -> Result<(String, &'static str), ReadError> {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Deny);
    // Chinese text that is not UTF-8 is almost always GBK/GB18030; prefer it unless the
    // detector is sure of something else that decodes cleanly.
    for enc in [guess, encoding_rs::GB18030] {
        let (text, _, had_errors) = enc.decode(bytes);
        if !had_errors {
            let name = if enc == encoding_rs::GBK {
                "GB18030"
            } else {
                enc.name()
            };
            return check_text(text.into_owned()).map(|s| (s, name));
        }
    }
    Err(ReadError::Undecodable(
        "not valid UTF-8 and not valid GB18030".into(),
    ))
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    controls * 100 > sample.len().max(1) * 2
}

fn check_text(s: String) -> Result<String, ReadError> {
    if s.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let controls = s
        .chars()
        .take(8192)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0C}'))
        .count();
    if controls * 50 > s.chars().take(8192).count() {
        return Err(ReadError::Binary);
    }
    Ok(s)
}

/// The first line longer than [`MAX_LINE_CHARS`], if any (`first_line` numbers the first).
pub fn check_line_lengths(text: &str, first_line: u32) -> Result<(), ReadError> {
    for (i, line) in text.split('\n').enumerate() {
        // Bytes bound chars from above: only long lines need counting.
        if line.len() > MAX_LINE_CHARS {
            let chars = line.chars().count();
            if chars > MAX_LINE_CHARS {
                return Err(ReadError::LineTooLong {
                    line: first_line + i as u32,
                    chars,
                });
            }
        }
    }
    Ok(())
}

/// The kind of file a path names, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Pdf,
    Docx,
    /// Word 97-2003: recognised only to refuse it by name.
    Doc,
}

impl Format {
    /// The format of `path`, or None for extensions we do not read.
    pub fn of(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_string_lossy().to_lowercase();
        Some(match ext.as_str() {
            "txt" | "md" => Format::Text,
            "html" | "htm" => Format::Html,
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            "doc" => Format::Doc,
            _ => return None,
        })
    }
}

/// Read one file from disk and return its text, enforcing the size limit: PDF and Word
/// files through their readers, anything else decoded as text. Only regular files are read:
/// the file is opened without blocking and checked after opening, so a FIFO put in its
/// place cannot hang the reader.
pub fn read_file(path: &std::path::Path) -> Result<(String, &'static str), ReadError> {
    use std::io::Read;
    let io = |e: std::io::Error| ReadError::Io(e.to_string());
    let mut open = std::fs::OpenOptions::new();
    open.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut open, libc::O_NONBLOCK);
    let file = open.open(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if let Some(kind) = special_kind(meta.file_type()) {
        return Err(ReadError::Special(kind.into()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    match Format::of(path) {
        Some(Format::Pdf) => pdf::read(path, &bytes)
            .and_then(check_text)
            .map(|t| (t, "PDF text layer (pdftotext)")),
        Some(Format::Docx) => docx::read(&bytes)
            .and_then(check_text)
            .map(|t| (t, "DOCX (UTF-8 XML)")),
        Some(Format::Doc) => Err(ReadError::Unsupported(
            "Word 97-2003 binary document (.doc); save it as .docx or PDF".into(),
        )),
        _ => decode(&bytes),
    }
}

/// The kind of a file that is not a regular file or a directory (FIFO, socket, device).
pub fn special_kind(t: std::fs::FileType) -> Option<&'static str> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("FIFO (named pipe)");
        }
        if t.is_socket() {
            return Some("socket");
        }
        if t.is_block_device() || t.is_char_device() {
            return Some("device file");
        }
    }
    (!t.is_file() && !t.is_dir() && !t.is_symlink()).then_some("not a regular file")
}
