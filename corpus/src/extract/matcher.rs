//! Fast label matching: Aho–Corasick over folded text, longest label first, no overlaps.
//!
//! Text is folded per character (full-width ASCII → half-width, ASCII lower case, whitespace
//! dropped because PDF text breaks lines inside words); every folded character remembers its
//! character offset in the original, so reported spans are exact.

use aho_corasick::{AhoCorasick, MatchKind};

/// Fold one character; `None` drops it (whitespace).
pub fn fold_char(c: char) -> Option<char> {
    if c.is_whitespace() {
        return None;
    }
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    Some(c.to_ascii_lowercase())
}

/// Fold a label (labels are NFKC already; fold for safety).
pub fn fold_label(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc().filter_map(fold_char).collect()
}

/// Folded text with a map back to the original character offsets.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    pub text: String,
    /// Per folded char: (byte offset in `text`, char offset in the original).
    chars: Vec<(usize, usize)>,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut f = Folded::default();
        for (i, c) in original.chars().enumerate() {
            if let Some(d) = fold_char(c) {
                f.chars.push((f.text.len(), i));
                f.text.push(d);
            }
        }
        f
    }

    fn char_index(&self, byte: usize) -> usize {
        self.chars.partition_point(|&(b, _)| b < byte)
    }

    /// Original char span of a folded byte span.
    fn span(&self, start: usize, end: usize) -> (usize, usize) {
        let a = self.char_index(start);
        let b = self.char_index(end);
        (self.chars[a].1, self.chars[b - 1].1 + 1)
    }

    fn folded_char(&self, idx: usize) -> Option<char> {
        let &(b, _) = self.chars.get(idx)?;
        self.text[b..].chars().next()
    }
}

/// A label found in text: the pattern index and the original char span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub pattern: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub struct LabelMatcher {
    ac: AhoCorasick,
    ascii_start: Vec<bool>,
    ascii_end: Vec<bool>,
}

impl LabelMatcher {
    /// Patterns must be folded with `fold_label`; empty ones never match.
    pub fn new(patterns: &[String]) -> Result<LabelMatcher, aho_corasick::BuildError> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)?;
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        Ok(LabelMatcher {
            ac,
            ascii_start: patterns.iter().map(|p| is_word(p.chars().next())).collect(),
            ascii_end: patterns.iter().map(|p| is_word(p.chars().last())).collect(),
        })
    }

    /// All labels in `f`: overlapping candidates are resolved longest first, then leftmost.
    /// A label that starts or ends with a Latin letter or digit must not sit inside a word.
    pub fn find(&self, f: &Folded) -> Vec<Hit> {
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for m in self.ac.find_overlapping_iter(&f.text) {
            let p = m.pattern().as_usize();
            let (a, b) = (f.char_index(m.start()), f.char_index(m.end()));
            let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
            // Whitespace dropped by folding still separates words (`MAIN 5G`).
            let gap = |i: usize| f.chars[i].1 > f.chars[i - 1].1 + 1;
            if self.ascii_start[p] && a > 0 && !gap(a) && word(f.folded_char(a - 1)) {
                continue;
            }
            if self.ascii_end[p] && b < f.chars.len() && !gap(b) && word(f.folded_char(b)) {
                continue;
            }
            cands.push((a, b, p));
        }
        cands.sort_by_key(|&(a, b, _)| (std::cmp::Reverse(b - a), a));
        let mut taken = vec![false; f.chars.len()];
        let mut out = Vec::new();
        for (a, b, p) in cands {
            if taken[a..b].iter().any(|&t| t) {
                continue;
            }
            taken[a..b].iter_mut().for_each(|t| *t = true);
            let bytes = (f.chars[a].0, f.chars.get(b).map_or(f.text.len(), |c| c.0));
            let (start, end) = f.span(bytes.0, bytes.1);
            out.push(Hit {
                pattern: p,
                start,
                end,
            });
        }
        out.sort_by_key(|h| (h.start, h.end));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_original_offsets() {
        let m = LabelMatcher::new(&["ai".into(), "数字政府".into(), "政府".into(), "5g".into()])
            .unwrap();
        let text = "推进数字 政府和ＡＩ，MAIN 5G";
        let hits = m.find(&Folded::new(text));
        let got: Vec<String> = hits
            .iter()
            .map(|h| text.chars().skip(h.start).take(h.end - h.start).collect())
            .collect();
        assert_eq!(got, vec!["数字 政府", "ＡＩ", "5G"]);
    }
}
