//! Case names that name no one site: what extraction took for a name but a reader would not
//! (`“平台”`, `遗址公园`, `船房村以街道`). Recommendation does not show such a case: its
//! sentences are everywhere in its document, so it would lead for any scenario about it.

use super::knowledge::Knowledge;
use super::labels::is_label;
use super::recognize::pos::{is_common_word, is_preposition};
use super::recognize::site_words::site_words;

/// Whether `name` is a kind or a clause rather than a name: a common word or a thesaurus
/// label in quotes and nothing else, site words alone, or a site name run into a clause.
pub fn is_generic_name(kb: &Knowledge, name: &str) -> bool {
    quoted_word(kb, name) || only_site_words(name) || site_then_clause(name)
}

/// `“平台”`, `“微更新”`: the whole name is a quoted common word or concept label.
fn quoted_word(kb: &Knowledge, name: &str) -> bool {
    let Some(inside) = name.strip_prefix('“').and_then(|n| n.strip_suffix('”')) else {
        return false;
    };
    !inside.contains(['“', '”']) && (is_common_word(inside) || is_label(kb, inside))
}

/// `遗址公园`, `滨河街区`, `老街巷`: nothing but site words, read from the end.
fn only_site_words(name: &str) -> bool {
    let mut rest = name;
    while !rest.is_empty() {
        let Some(w) = site_words()
            .filter(|w| rest.ends_with(w))
            .max_by_key(|w| w.len())
        else {
            return false;
        };
        rest = &rest[..rest.len() - w.len()];
    }
    true
}

/// `船房村以街道`: a site word, then a clause preposition that opens more words.
fn site_then_clause(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    (1..chars.len().saturating_sub(1)).any(|i| {
        let head: String = chars[..i].iter().collect();
        is_preposition(chars[i]) && chars.len() > i + 1 && site_words().any(|w| head.ends_with(w))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use once_cell::sync::Lazy;

    static KB: Lazy<Knowledge> = Lazy::new(|| Knowledge::bundled().expect("bundled knowledge"));

    /// (case name, generic)
    const NAMES: &[(&str, bool)] = &[
        ("“平台”", true),
        ("遗址公园", true),
        ("滨河街区", true),
        ("老街巷", true),
        ("船房村以街道", true),
        // Names.
        ("喀什古城", false),
        ("向阳小区", false),
        ("兰州市“小兰善治”", false),
        ("长青街道“数字社区”", false),
        ("“嘉邻通”", false),
        ("船房村", false),
        ("幸福家园", false),
    ];

    #[test]
    fn generic_names() {
        let wrong: Vec<_> = NAMES
            .iter()
            .filter(|(name, generic)| is_generic_name(&KB, name) != *generic)
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }
}
