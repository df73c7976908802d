//! Traditional → simplified folding, one character for one (OpenCC's `TSCharacters` table,
//! `data/opencc/`), so character offsets and line maps stay exact. The original text is kept
//! for display and provenance; indexing, matching and extraction read the folded form.

use super::line::Line;
use once_cell::sync::Lazy;
use std::collections::HashMap;

static TABLE: Lazy<HashMap<char, char>> =
    Lazy::new(|| parse_table(include_str!("../../data/opencc/TSCharacters.txt")));

/// One bit per character of the Basic Multilingual Plane: set where `TABLE` has the
/// character. Search folds every candidate's text per query, and almost no character of a
/// simplified text is in the table: one bit answers that instead of hashing the character.
static IN_TABLE: Lazy<Box<[u64; 1024]>> = Lazy::new(|| {
    let mut bits = Box::new([0u64; 1024]);
    for &k in TABLE.keys().filter(|&&k| (k as u32) < 0x10000) {
        bits[k as usize >> 6] |= 1 << (k as u32 & 63);
    }
    bits
});

/// `key<TAB>value value…` lines (`#` comments): each single-character key to its first
/// single-character value.
fn parse_table(text: &str) -> HashMap<char, char> {
    let mut map = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let Some((key, values)) = line.split_once('\t') else {
            continue;
        };
        let first = values.split(' ').next().unwrap_or("");
        if let (Some(k), Some(v)) = (single(key), single(first)) {
            if k != v {
                map.insert(k, v);
            }
        }
    }
    map
}

fn single(s: &str) -> Option<char> {
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Number of characters the table folds.
pub fn table_len() -> usize {
    TABLE.len()
}

pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let n = c as u32;
    if n < 0x10000 && IN_TABLE[n as usize >> 6] & (1 << (n & 63)) == 0 {
        return c;
    }
    TABLE.get(&c).copied().unwrap_or(c)
}

/// The simplified form of `s`, with as many characters as `s`.
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

pub fn fold_line(line: &Line) -> Line {
    Line {
        chars: line.chars.iter().copied().map(fold_char).collect(),
        src: line.src.clone(),
        blank_before: line.blank_before,
        gapped: line.gapped,
    }
}

/// Share of Chinese characters that the table changes at or above which a text counts as
/// traditional script. Simplified text hits the table only through rare characters that
/// both scripts use (`乾隆`, `於` as a surname); traditional text changes about one in five.
const TRADITIONAL_SHARE: f64 = 0.04;

/// Whether a text is written in traditional characters (at least 3 folded characters and
/// [`TRADITIONAL_SHARE`] of its Chinese characters).
pub fn is_traditional<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut cjk, mut changed) = (0usize, 0usize);
    for c in texts.into_iter().flat_map(str::chars) {
        if crate::text::is_cjk(c) {
            cjk += 1;
            changed += usize::from(fold_char(c) != c);
        }
    }
    changed >= 3 && changed as f64 >= TRADITIONAL_SHARE * cjk as f64
}

/// The piece of `original` at the place where `folded_piece` stands in `folded` (its fold):
/// a title or name read from folded text, in the script the document was written in.
pub fn original_of(folded_piece: &str, folded: &str, original: &str) -> Option<String> {
    let at = folded.find(folded_piece)?;
    let start = folded[..at].chars().count();
    let len = folded_piece.chars().count();
    Some(original.chars().skip(start).take(len).collect())
}
