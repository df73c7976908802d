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
    /// paper | news | policy | case_list | writeup | commentary | other
    pub genre: String,
    /// `traditional` when written in traditional characters (extraction and the index then
    /// read the text folded to simplified; the text itself stays as written), else `simplified`.
    #[serde(default)]
    pub script: String,
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
    /// 文号 or 公告/令 number as printed (`沪府规〔2023〕5号`, `公告第3号`).
    pub number: Option<String>,
    /// Date issued (ISO): the signature block's date, else the 公布/印发 date.
    pub date: Option<String>,
    /// Date it takes effect (ISO), from `自…起施行/实施`.
    #[serde(default)]
    pub effective: Option<String>,
    /// Chapters, articles and numbered items.
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

/// The listing fields of a document (no body): what `/api/documents` lists and what the
/// read paths keep in memory for every document.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct DocSummary {
    pub id: String,
    pub source: String,
    pub title: String,
    pub title_en: Option<String>,
    pub authors: Vec<String>,
    pub date: Option<String>,
    pub venue: Option<String>,
    pub doi: Option<String>,
    pub keywords: Vec<String>,
    pub genre: String,
    /// How many passages. Read from a whole archived record it counts the passage list
    /// without keeping it.
    #[serde(deserialize_with = "count_or_number")]
    pub passages: usize,
    pub lines: Lines,
}

/// A number, or the length of a list whose items are skipped (not kept in memory).
fn count_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    struct Count;
    impl<'de> serde::de::Visitor<'de> for Count {
        type Value = usize;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a count or a list")
        }
        fn visit_u64<E>(self, n: u64) -> Result<usize, E> {
            Ok(n as usize)
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<usize, A::Error> {
            let mut n = 0;
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
                n += 1;
            }
            Ok(n)
        }
    }
    d.deserialize_any(Count)
}

impl Document {
    /// Page of input line `line`, when the document has pages (PDF).
    pub fn page_of(&self, line: u32) -> Option<u32> {
        let i = self.pages.partition_point(|&(l, _)| l <= line);
        self.pages.get(i.checked_sub(1)?).map(|&(_, p)| p)
    }
    /// Summary for listings (no body).
    pub fn summary(&self) -> DocSummary {
        DocSummary {
            id: self.id.clone(),
            source: self.source.clone(),
            title: self.title.clone(),
            title_en: self.title_en.clone(),
            authors: self.authors.clone(),
            date: self.date.clone(),
            venue: self.venue.clone(),
            doi: self.doi.clone(),
            keywords: self.keywords.clone(),
            genre: self.genre.clone(),
            passages: self.passages.len(),
            lines: self.lines,
        }
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
