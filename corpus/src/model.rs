//! The parsed document: metadata, sections, passages and references, each with line ranges.

use serde::{Deserialize, Serialize};

/// Inclusive range of 1-based lines in the input file.
pub type Lines = (u32, u32);

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Document {
    /// Stable id derived from the source name: re-ingesting a changed file keeps its id.
    pub id: String,
    /// Source name (bundle name line exactly as written, or path relative to the root).
    pub source: String,
    /// The file the text was read from.
    pub file: String,
    pub encoding: String,
    /// SHA-256 of the decoded text: tells an unchanged document from a changed one.
    pub content_hash: String,
    pub title: String,
    pub title_en: Option<String>,
    pub authors: Vec<String>,
    pub affiliations: Vec<String>,
    pub venue: Option<String>,
    /// ISO date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
    pub date: Option<String>,
    pub doi: Option<String>,
    pub keywords: Vec<String>,
    #[serde(rename = "abstract")]
    pub abstract_text: Option<String>,
    pub abstract_en: Option<String>,
    /// paper | news | policy | commentary | other
    pub genre: String,
    pub policy: Option<PolicyMeta>,
    /// Lines of the input file this document spans.
    pub lines: Lines,
    pub sections: Vec<Section>,
    pub passages: Vec<Passage>,
    pub references: Vec<Reference>,
    /// Page of each input line, run-length: (first line, page) for each page, ascending.
    /// Empty when the text has no page breaks (form feeds), as plain text and Word have.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<(u32, u32)>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PolicyMeta {
    pub issuer: Option<String>,
    pub number: Option<String>,
    pub date: Option<String>,
    pub clauses: Vec<Clause>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Clause {
    pub label: String,
    pub text: String,
    pub lines: Lines,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Section {
    /// 0 for the untitled front matter and body before the first heading.
    pub level: u8,
    pub heading: String,
    pub lines: Lines,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Passage {
    /// `{document id}-p{n}`
    pub id: String,
    /// Index into `Document::sections`.
    pub section: usize,
    pub text: String,
    pub lines: Lines,
    /// Input line of each character of `text` (run-length: (char offset, line)).
    pub line_map: Vec<(u32, u32)>,
    /// Character offsets of sentence ends inside `text`.
    pub sentence_ends: Vec<u32>,
}

impl Passage {
    /// Input line of the character at `offset` (chars).
    pub fn line_at(&self, offset: usize) -> u32 {
        let i = self
            .line_map
            .partition_point(|&(o, _)| o as usize <= offset);
        self.line_map
            .get(i.saturating_sub(1))
            .map_or(self.lines.0, |&(_, l)| l)
    }
    /// Lines covering a character span of `text`.
    pub fn lines_of(&self, start: usize, end: usize) -> Lines {
        let a = self.line_at(start);
        let b = self.line_at(end.saturating_sub(1).max(start));
        (a.min(b), a.max(b))
    }
    /// The sentences of the passage as (start, end) char spans.
    pub fn sentences(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        for &e in &self.sentence_ends {
            out.push((start, e as usize));
            start = e as usize;
        }
        out
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Reference {
    pub text: String,
    pub lines: Lines,
}

impl Document {
    /// Page of input line `line`, when the document has pages (PDF).
    pub fn page_of(&self, line: u32) -> Option<u32> {
        let i = self.pages.partition_point(|&(l, _)| l <= line);
        self.pages.get(i.checked_sub(1)?).map(|&(_, p)| p)
    }
    /// Summary for listings (no body).
    pub fn summary(&self) -> serde_json::Value {
        serde_json::json!({
            "id": self.id, "source": self.source, "title": self.title, "title_en": self.title_en,
            "authors": self.authors, "date": self.date, "venue": self.venue, "doi": self.doi,
            "keywords": self.keywords, "genre": self.genre, "passages": self.passages.len(),
            "lines": self.lines,
        })
    }
}

/// The page table of a text whose pages end in form feeds (as `pdftotext` writes them):
/// (first line, page) for each page that has text; `first_line` numbers the first line.
/// A line's page is 1 + the form feeds before its first character that is not one.
pub fn page_table(text: &str, first_line: u32) -> Vec<(u32, u32)> {
    if !text.contains('\u{0C}') {
        return Vec::new();
    }
    let mut table: Vec<(u32, u32)> = Vec::new();
    let mut page = 1;
    for (i, line) in text.split('\n').enumerate() {
        let rest = line.trim_start_matches('\u{0C}');
        page += (line.len() - rest.len()) as u32;
        if !rest.trim().is_empty() && table.last().is_none_or(|&(_, p)| p != page) {
            table.push((first_line + i as u32, page));
        }
        page += rest.matches('\u{0C}').count() as u32;
    }
    table
}

/// Stable id for a source name.
pub fn document_id(source: &str) -> String {
    use sha2::{Digest, Sha256};
    let h = Sha256::digest(source.as_bytes());
    format!("d{}", &hex::encode(h)[..12])
}

pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}
