//! Word `.docx`: the zip container's `word/document.xml`, read with quick-xml. Paragraphs
//! become lines, headings get `#` marks by level (Markdown style, which the structure step
//! reads), table rows become one line each with cells joined by ` | `.
//!
//! The zip reading is our own small reader (stored and deflated entries, no zip64): the
//! workspace's `zip` crate is built without deflate for candle, and turning it on would
//! rebuild candle and everything above it.

use super::error::ReadError;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// Largest part we inflate: a 64 MiB `.docx` never holds more text than this.
const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// OLE compound file: `.doc`, `.xls`, and password-protected `.docx` alike.
pub const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// The text of a `.docx` file's body.
pub fn read(bytes: &[u8]) -> Result<String, ReadError> {
    if bytes.starts_with(OLE_MAGIC) {
        // Word saves a password-protected .docx inside an OLE container.
        return Err(ReadError::Encrypted);
    }
    let zip = Zip::open(bytes)?;
    let body = zip.part("word/document.xml")?;
    let levels = match zip.part("word/styles.xml") {
        Ok(styles) => heading_styles(&styles)?,
        Err(_) => HashMap::new(),
    };
    let text = body_text(&body, &levels)?;
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(text)
}

fn corrupt(detail: impl Into<String>) -> ReadError {
    ReadError::Corrupt("DOCX".into(), detail.into())
}

/// One file inside the zip: where its data starts and how it is stored.
struct Entry {
    method: u16,
    flags: u16,
    compressed: u64,
    local_header: usize,
}

struct Zip<'a> {
    bytes: &'a [u8],
    entries: HashMap<String, Entry>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

impl<'a> Zip<'a> {
    /// Read the central directory, found through the end record at the file's tail.
    fn open(bytes: &'a [u8]) -> Result<Self, ReadError> {
        let floor = bytes.len().saturating_sub(22 + 65535);
        let end = (floor..bytes.len().saturating_sub(21))
            .rev()
            .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
            .ok_or_else(|| corrupt("not a zip file, or truncated (no central directory)"))?;
        let count = u16_at(bytes, end + 10).unwrap_or(0) as usize;
        let mut at = u32_at(bytes, end + 16).unwrap_or(u32::MAX) as usize;
        let mut entries = HashMap::new();
        for _ in 0..count {
            let (name, entry, next) =
                Self::central_entry(bytes, at).ok_or_else(|| corrupt("bad central directory"))?;
            entries.insert(name, entry);
            at = next;
        }
        Ok(Zip { bytes, entries })
    }

    fn central_entry(b: &[u8], at: usize) -> Option<(String, Entry, usize)> {
        if !b.get(at..)?.starts_with(b"PK\x01\x02") {
            return None;
        }
        let name_len = u16_at(b, at + 28)? as usize;
        let extra_len = u16_at(b, at + 30)? as usize;
        let comment_len = u16_at(b, at + 32)? as usize;
        let name = b.get(at + 46..at + 46 + name_len)?;
        let entry = Entry {
            flags: u16_at(b, at + 8)?,
            method: u16_at(b, at + 10)?,
            compressed: u32_at(b, at + 20)? as u64,
            local_header: u32_at(b, at + 42)? as usize,
        };
        let next = at + 46 + name_len + extra_len + comment_len;
        Some((String::from_utf8_lossy(name).into_owned(), entry, next))
    }

    /// The decoded text of the part `name`.
    fn part(&self, name: &str) -> Result<String, ReadError> {
        let e = self
            .entries
            .get(name)
            .ok_or_else(|| corrupt(format!("no {name} (not a Word document?)")))?;
        if e.flags & 1 != 0 {
            return Err(ReadError::Encrypted);
        }
        let data = self
            .data(e)
            .ok_or_else(|| corrupt(format!("{name} is cut short")))?;
        let mut out = Vec::new();
        let read = match e.method {
            0 => data.take(MAX_PART_BYTES).read_to_end(&mut out),
            8 => flate2::read::DeflateDecoder::new(data)
                .take(MAX_PART_BYTES)
                .read_to_end(&mut out),
            m => {
                return Err(corrupt(format!(
                    "{name}: zip compression method {m} unsupported"
                )))
            }
        };
        read.map_err(|err| corrupt(format!("{name}: {err}")))?;
        String::from_utf8(out).map_err(|_| corrupt(format!("{name} is not UTF-8")))
    }

    fn data(&self, e: &Entry) -> Option<&'a [u8]> {
        let h = e.local_header;
        if !self.bytes.get(h..)?.starts_with(b"PK\x03\x04") {
            return None;
        }
        let start =
            h + 30 + u16_at(self.bytes, h + 26)? as usize + u16_at(self.bytes, h + 28)? as usize;
        self.bytes.get(start..start + e.compressed as usize)
    }
}

fn xml_error(e: impl std::fmt::Display) -> ReadError {
    corrupt(format!("bad XML: {e}"))
}

/// The value of the attribute whose local name is `key` (`w:val` → `val`).
fn attr(e: &BytesStart, key: &[u8]) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
}

/// Heading level of each paragraph style id, from `heading N` names and outline levels.
/// Chinese Word names its heading styles `1`, `2`… by id, so names, not ids, are read.
fn heading_styles(xml: &str) -> Result<HashMap<String, u8>, ReadError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut levels = HashMap::new();
    let mut id = String::new();
    loop {
        match reader.read_event().map_err(xml_error)? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => id = attr(&e, b"styleId").unwrap_or_default(),
                b"name" => {
                    let name = attr(&e, b"val").unwrap_or_default().to_lowercase();
                    if let Some(n) = name.strip_prefix("heading ").and_then(|n| n.parse().ok()) {
                        levels.insert(id.clone(), n);
                    }
                }
                b"outlineLvl" => {
                    if let Some(n) = attr(&e, b"val").and_then(|v| v.parse::<u8>().ok()) {
                        levels.entry(id.clone()).or_insert(n + 1);
                    }
                }
                _ => {}
            },
            Event::Eof => return Ok(levels),
            _ => {}
        }
    }
}

/// Walks `document.xml`, collecting paragraphs and table rows as lines.
#[derive(Default)]
struct Body {
    lines: Vec<String>,
    para: String,
    level: Option<u8>,
    in_text: bool,
    /// Inside `w:tabs` (tab stop definitions, whose `w:tab` is no tab character).
    in_tabs: bool,
    /// Paragraphs held open while one nested in them (a text box) is read.
    open: Vec<(String, Option<u8>)>,
    paragraphs: usize,
    /// Depth inside `mc:Fallback`, the copy of a text box for old readers: skipped, or its
    /// text would come twice.
    fallback: usize,
    tables: usize,
    row: Vec<String>,
    cell: String,
}

impl Body {
    fn start(&mut self, e: &BytesStart, levels: &HashMap<String, u8>) {
        match e.local_name().as_ref() {
            b"p" => {
                if self.paragraphs > 0 {
                    self.open.push((std::mem::take(&mut self.para), self.level));
                }
                self.paragraphs += 1;
                self.level = None;
            }
            b"pStyle" => {
                let id = attr(e, b"val").unwrap_or_default();
                self.level = levels.get(&id).copied().or(self.level);
            }
            b"outlineLvl" => {
                let n = attr(e, b"val").and_then(|v| v.parse::<u8>().ok());
                self.level = n.filter(|&n| n < 9).map(|n| n + 1).or(self.level);
            }
            b"t" => self.in_text = true,
            b"tabs" => self.in_tabs = true,
            b"tab" if !self.in_tabs => self.para.push('\t'),
            b"br" | b"cr" => self.para.push('\n'),
            b"tbl" => self.tables += 1,
            b"tr" if self.tables == 1 => self.row.clear(),
            b"tc" if self.tables == 1 => self.cell.clear(),
            _ => {}
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"t" => self.in_text = false,
            b"tabs" => self.in_tabs = false,
            b"p" => {
                self.end_paragraph();
                self.paragraphs = self.paragraphs.saturating_sub(1);
                if let Some((para, level)) = self.open.pop() {
                    (self.para, self.level) = (para, level);
                }
            }
            b"tc" if self.tables == 1 => self.row.push(std::mem::take(&mut self.cell)),
            b"tr" if self.tables == 1 && self.row.iter().any(|c| !c.is_empty()) => {
                self.lines.push(self.row.join(" | "));
            }
            b"tbl" => self.tables = self.tables.saturating_sub(1),
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let text = std::mem::take(&mut self.para);
        if self.tables > 0 {
            // Paragraphs of a cell (and of tables nested in it) share the cell's line.
            let text = text.replace('\n', " ");
            if !self.cell.is_empty() && !text.trim().is_empty() {
                self.cell.push(' ');
            }
            self.cell.push_str(text.trim());
            return;
        }
        match self.level {
            Some(n) if !text.trim().is_empty() => {
                let marks = "#".repeat(n.clamp(1, 6) as usize);
                self.lines.push(format!("{marks} {}", text.trim()));
            }
            _ => self.lines.extend(text.split('\n').map(str::to_string)),
        }
    }
}

fn body_text(xml: &str, levels: &HashMap<String, u8>) -> Result<String, ReadError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut body = Body::default();
    loop {
        let event = reader.read_event().map_err(xml_error)?;
        match &event {
            Event::Start(e) if e.local_name().as_ref() == b"Fallback" => body.fallback += 1,
            Event::End(e) if e.local_name().as_ref() == b"Fallback" => {
                body.fallback = body.fallback.saturating_sub(1);
                continue;
            }
            _ => {}
        }
        if body.fallback > 0 && !matches!(event, Event::Eof) {
            continue;
        }
        match event {
            Event::Start(e) => body.start(&e, levels),
            Event::Empty(e) => {
                body.start(&e, levels);
                body.end(e.local_name().as_ref());
            }
            Event::End(e) => body.end(e.local_name().as_ref()),
            Event::Text(t) if body.in_text => {
                body.para.push_str(&t.unescape().map_err(xml_error)?);
            }
            Event::CData(t) if body.in_text => {
                body.para.push_str(&String::from_utf8_lossy(&t));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(body.lines.join("\n"))
}
