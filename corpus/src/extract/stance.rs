//! What a sentence says of a concept it names. A case takes a concept only where the text
//! says it of the case: not where a negator before it in its clause denies it (`不再大拆大建`)
//! and not from a sentence stating a finding, norm or common practice (`研究认为…`, `通常…`)
//! unless that sentence names the case (such a concept stays loose: context, not a facet).
//! Words: `data/lexicon/stance_word.txt`.

use super::doc::{DocView, Mention};

/// How far before a concept (chars, within its clause) a negator denies it.
const NEGATOR_REACH: usize = 12;

fn is_clause_mark(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | '。' | ',' | ';' | ':' | '！' | '？')
}

/// Whether a negator stands before the mention in its clause, within `NEGATOR_REACH`.
pub(super) fn negated(view: &DocView, m: &Mention) -> bool {
    let chars = &view.chars[m.passage];
    let from = m.start.saturating_sub(NEGATOR_REACH);
    let start = (from..m.start)
        .rev()
        .find(|&i| is_clause_mark(chars[i]))
        .map_or(from, |i| i + 1);
    let before: String = chars[start..m.start].iter().collect();
    crate::lexicon!("stance_word")
        .words_of("negator")
        .any(|w| before.contains(w))
}

/// Whether sentence `s` of passage `p` states something general rather than what a case did.
pub(super) fn general(view: &DocView, p: usize, s: usize) -> bool {
    let text = view.sentence_text(p, s);
    crate::lexicon!("stance_word")
        .words_of("general")
        .any(|w| text.contains(w))
}
