//! Per-character mapping: full-width ASCII to half-width (keeping Chinese punctuation),
//! odd glyphs for punctuation, private-use and zero-width characters removed.

use super::line::Line;

pub fn map_char(c: char) -> Option<char> {
    Some(match c {
        // Full-width forms that are ordinary Chinese punctuation stay as they are.
        '！' | '，' | '：' | '；' | '？' | '（' | '）' => c,
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)?,
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\t' => ' ',
        '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{00AD}' => return None,
        // Glyphs some PDF extractors emit for Chinese punctuation (Yi syllables).
        'ꎬ' => '，',
        'ꎮ' => '。',
        'ꎻ' => '；',
        'ꎰ' => '：',
        '・' | '•' => '·',
        '‑' | '‒' => '-',
        c if crate::text::is_private_use(c) => return None,
        c if c.is_control() => return None,
        c => c,
    })
}

pub fn map_line(raw: &str, line: u32) -> Line {
    let mut out = Line::default();
    for c in raw.chars() {
        if let Some(m) = map_char(c) {
            out.push(m, line);
        }
    }
    out
}
