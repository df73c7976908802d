//! The line with its map, shared by every stage.

/// A normalised line: characters with the 1-based input line each came from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Line {
    pub chars: Vec<char>,
    pub src: Vec<u32>,
    /// An empty input line preceded this one.
    pub blank_before: bool,
    /// A table row whose cells runs of spaces set apart (`spacing::gapped_row`).
    pub gapped: bool,
}

impl Line {
    pub fn new(text: &str, line: u32) -> Line {
        let chars: Vec<char> = text.chars().collect();
        let src = vec![line; chars.len()];
        Line {
            chars,
            src,
            blank_before: false,
            gapped: false,
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
