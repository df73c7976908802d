//! Character classes shared by the normaliser, structure and extractors.

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// The CJK glyphs (U+744F–U+7480, `瑏…瑢`) some PDF fonts emit for circled numbers.
pub fn is_circled_glyph(c: char) -> bool {
    ('\u{744F}'..='\u{7480}').contains(&c)
}

/// CJK and full-width punctuation that never takes a space next to it.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '（'
            | '）'
            | '《'
            | '》'
            | '〈'
            | '〉'
            | '【'
            | '】'
            | '—'
            | '…'
            | '·'
            | '〔'
            | '〕'
            | '「'
            | '」'
            | '『'
            | '』'
            | '［'
            | '］'
    )
}

pub fn is_cjkish(c: char) -> bool {
    is_cjk(c) || is_cjk_punct(c)
}

pub fn is_private_use(c: char) -> bool {
    matches!(c as u32, 0xE000..=0xF8FF | 0xF0000..=0xFFFFD | 0x100000..=0x10FFFD)
}

/// Key used to compare names and titles: NFKC, no spaces, no punctuation or quotes.
pub fn match_key(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfkc()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Sentence-final punctuation (Chinese and Latin).
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；')
}

/// Whether two names denote the same thing: after [`match_key`] (and dropping bracketed
/// notes), one contains the other, or their character bigrams overlap (Dice ≥ 0.5).
pub fn names_match(a: &str, b: &str) -> bool {
    let strip = |s: &str| -> String {
        let mut out = String::new();
        let mut depth = 0;
        for c in s.chars() {
            match c {
                '（' | '(' => depth += 1,
                '）' | ')' => depth = (depth - 1).max(0),
                _ if depth == 0 => out.push(c),
                _ => {}
            }
        }
        match_key(&out)
    };
    let (a, b) = (strip(a), strip(b));
    if a.chars().count() < 2 || b.chars().count() < 2 {
        return false;
    }
    if a.contains(&b) || b.contains(&a) {
        return true;
    }
    let grams = |s: &str| -> Vec<(char, char)> {
        let c: Vec<char> = s.chars().collect();
        c.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (x, mut y) = (grams(&a), grams(&b));
    let total = x.len() + y.len();
    let mut common = 0;
    for g in &x {
        if let Some(i) = y.iter().position(|h| h == g) {
            y.remove(i);
            common += 1;
        }
    }
    total > 0 && 2.0 * common as f64 / total as f64 >= 0.5
}

/// `2023-06-25 10:28`, `25.04.2018 16:26`: a date and a time of day, a web page's
/// publishing stamp.
pub static TIME_STAMP: once_cell::sync::Lazy<regex::Regex> = once_cell::sync::Lazy::new(|| {
    regex::Regex::new(
        r"(\d{4}[-./年]\d{1,2}[-./月]\d{1,2}日?|\d{1,2}\.\d{1,2}\.\d{4})\s*\d{1,2}[:：]\d{2}",
    )
    .unwrap()
});

/// A line without the bullet a page's list puts before it (`• 文号：…`).
pub fn strip_bullet(line: &str) -> &str {
    line.trim()
        .trim_start_matches(['•', '·', '●', '■', '◆', '▪', '*'])
        .trim()
}
