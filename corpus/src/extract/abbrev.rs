//! Abbreviations of a case's full name within one document: `长影` for `长春电影制片厂`,
//! `合柴` for `合肥柴油机厂`, `衡冶` for `衡阳冶金机械厂`. The common Chinese short form of
//! a works or an enterprise named after its city is the city's first character and the first
//! character of what the city makes there.

use super::knowledge::Knowledge;
use super::labels::places_in_name;
use super::recognize::pos::{is_common_word, word_initials};

/// Marks of a former name or of a whole, before the name proper.
const LEADS: [char; 2] = ['原', '老'];

/// Whether `short` (a name with its places taken off: `合柴1972`, `长影旧址`) opens with an
/// abbreviation of `full`: the first character of the place that opens `full`, then a
/// character of the first word after it (one of its first two characters). The two
/// characters must not stand in `full` as they are (then the names simply share a word), nor
/// be a place or a common word (`长江` is no short form of `长春江南小区`).
pub(crate) fn abbreviates(kb: &Knowledge, short: &str, full: &str) -> bool {
    let s: Vec<char> = short.chars().collect();
    if s.len() < 2 || !s[..2].iter().all(|&c| is_han(c)) {
        return false;
    }
    let stem: String = s[..2].iter().collect();
    let full = full.trim_start_matches(LEADS);
    if full.contains(&stem) || is_common_word(&stem) || !places_in_name(kb, &stem).is_empty() {
        return false;
    }
    let Some(end) = places_in_name(kb, full)
        .iter()
        .filter(|(start, _, _)| *start == 0)
        .map(|(_, end, _)| *end)
        .max()
    else {
        return false;
    };
    let f: Vec<char> = full.chars().collect();
    // The place itself must be more than a character, and something must be named after it.
    if end < 2 || f.len() < end + 3 {
        return false;
    }
    // `长影`: the place's first character and one of what it makes; `美专`: the first
    // characters of the first two words after the place (`美术` `专科学校`).
    (f[0] == s[0] && f[end..end + 2].contains(&s[1]))
        || word_initials(&f[end..].iter().collect::<String>()).starts_with(&s[..2])
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use once_cell::sync::Lazy;

    static KB: Lazy<Knowledge> = Lazy::new(|| Knowledge::bundled().expect("bundled knowledge"));

    /// (short name without places, full name, linked)
    const PAIRS: &[(&str, &str, bool)] = &[
        ("长影旧址", "长春电影制片厂", true),
        ("哈飞老宿舍", "哈尔滨飞机制造厂", true),
        ("合柴1972文创园", "合肥柴油机厂老厂房", true),
        ("衡冶老厂区", "原衡阳冶金机械厂", true),
        ("酒钢老生活区", "酒泉钢铁公司", true),
        // The first characters of the first two words after the place.
        ("美专旧址", "上海美术专科学校旧址", true),
        ("纺机宿舍", "郑州纺织机械厂宿舍", true),
        // The short form written out in the full name: a shared word, not an abbreviation.
        ("合肥柴油机厂", "合肥柴油机厂老厂房", false),
        // A common word is no short form.
        ("长江路", "长春江南小区", false),
        // A place is no short form.
        ("长安街", "长春安达小区", false),
        // The first character is not the place's.
        ("春影旧址", "长春电影制片厂", false),
        // The second character is not from the word after the place.
        ("长片旧址", "长春电影制片厂", false),
        // Nothing is named after the place.
        ("哈尔", "哈尔滨市", false),
        // No place opens the full name.
        ("电制", "电影制片厂", false),
        // Initials of words that are not the first two.
        ("专学旧址", "上海美术专科学校旧址", false),
        // A single character.
        ("长", "长春电影制片厂", false),
    ];

    #[test]
    fn abbreviation_pairs() {
        let wrong: Vec<_> = PAIRS
            .iter()
            .filter(|(short, full, linked)| abbreviates(&KB, short, full) != *linked)
            .collect();
        assert!(wrong.is_empty(), "{wrong:?}");
    }
}
