//! Normalisation with a line map: every output character remembers its input line.
//!
//! Stages run in order, one small file each (the shape of tantivy's tokenizer filters):
//! [`glyphs`] (per-character mapping) → [`furniture`] (drop page furniture) →
//! [`digits`] (re-join split numbers) → [`spacing`] (letter-spaced runs) →
//! [`columns`] (two interleaved columns back in reading order).

pub mod columns;
pub mod digits;
pub mod furniture;
pub mod glyphs;
pub mod script;
pub mod spacing;

use crate::read::Source;

/// A normalised line: characters with the 1-based input line each came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    pub chars: Vec<char>,
    pub src: Vec<u32>,
    /// An empty input line preceded this one.
    pub blank_before: bool,
}

impl Line {
    pub fn new(text: &str, line: u32) -> Line {
        let chars: Vec<char> = text.chars().collect();
        let src = vec![line; chars.len()];
        Line {
            chars,
            src,
            blank_before: false,
        }
    }
    pub fn text(&self) -> String {
        self.chars.iter().collect()
    }
    pub fn first_line(&self) -> u32 {
        self.src.first().copied().unwrap_or(0)
    }
    pub fn last_line(&self) -> u32 {
        self.src.last().copied().unwrap_or(0)
    }
    pub fn is_empty(&self) -> bool {
        self.chars.iter().all(|c| c.is_whitespace())
    }
    pub fn push(&mut self, c: char, line: u32) {
        self.chars.push(c);
        self.src.push(line);
    }
    pub fn append(&mut self, other: &Line) {
        self.chars.extend_from_slice(&other.chars);
        self.src.extend_from_slice(&other.src);
    }
    /// Remove leading and trailing whitespace (keeping the map aligned).
    pub fn trim(&mut self) {
        let end = self
            .chars
            .iter()
            .rposition(|c| !c.is_whitespace())
            .map_or(0, |i| i + 1);
        self.chars.truncate(end);
        self.src.truncate(end);
        let start = self
            .chars
            .iter()
            .position(|c| !c.is_whitespace())
            .unwrap_or(0);
        self.chars.drain(..start);
        self.src.drain(..start);
    }
}

/// Run every stage over a source. Empty lines are dropped; `blank_before` keeps the fact.
pub fn normalize(source: &Source) -> Vec<Line> {
    clean(mapped(source))
}

/// Lines after the per-character stage only (page furniture still there): metadata such as
/// an issue date often stands only in a running header.
pub fn mapped(source: &Source) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    let mut blank = false;
    for (i, raw) in source.text.lines().enumerate() {
        let mut line = glyphs::map_line(raw, source.first_line + i as u32);
        line.trim();
        if line.is_empty() {
            blank = true;
            continue;
        }
        line.blank_before = blank;
        blank = false;
        lines.push(line);
    }
    lines
}

/// The stages after character mapping.
pub fn clean(lines: Vec<Line>) -> Vec<Line> {
    let lines = furniture::drop_furniture(lines);
    let lines = digits::join_split_numbers(lines);
    let lines: Vec<Line> = lines.into_iter().map(spacing::fix_spacing).collect();
    columns::restore_columns(lines)
}
