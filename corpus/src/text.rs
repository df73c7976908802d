//! Character classes shared by the normaliser, structure and extractors.

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// CJK and full-width punctuation that never takes a space next to it.
pub fn is_cjk_punct(c: char) -> bool {
    matches!(c,
        '，' | '。' | '、' | '；' | '：' | '？' | '！' | '“' | '”' | '‘' | '’' | '（' | '）' | '《'
        | '》' | '〈' | '〉' | '【' | '】' | '—' | '…' | '·' | '〔' | '〕' | '「' | '」' | '『' | '』'
        | '［' | '］')
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
