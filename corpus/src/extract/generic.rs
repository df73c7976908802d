//! Case names that name no one site: what extraction took for a name but a reader would not
//! (`“平台”`, `遗址公园`, `船房村以街道`). Recommendation does not show such a case: its
//! sentences are everywhere in its document, so it would lead for any scenario about it.

use super::knowledge::Knowledge;
use super::labels::{is_label, places_in_name};
use super::matcher::Folded;
use super::recognize::pos::{is_common_word, is_preposition};
use super::recognize::site_words::site_words;

/// Whether `name` is a kind or a clause rather than a name: a common word or a thesaurus
/// label in quotes and nothing else, site words alone, a site name run into a clause, or a
/// district or larger place alone (a city or a district as a whole is the setting of cases).
pub fn is_generic_name(kb: &Knowledge, name: &str) -> bool {
    // The lexicons and the gazetteer are in simplified script.
    let name = crate::normalize::script::fold(name);
    let name = name.as_str();
    quoted_word(kb, name)
        || only_site_words(kb, name)
        || site_then_clause(name)
        || wide_place(kb, name)
}

/// `荔灣區`, `西安市碑林区城市更新`, `深圳“拆除重建”`: a county or larger place, alone or
/// with only kinds after it (thesaurus labels, project words): a theme at a city, not a site.
/// A street's project (`长青街道“数字社区”建设`) is a case.
fn wide_place(kb: &Knowledge, name: &str) -> bool {
    let rest = without_kinds(kb, name);
    let n = rest.chars().count();
    let places = places_in_name(kb, &rest);
    let covered = n > 0 && (0..n).all(|i| places.iter().any(|(a, b, _)| *a <= i && i < *b));
    // The most specific place is the longest that ends the name (`湖南街道`, not `湖南`).
    let last = places
        .iter()
        .filter(|(_, b, _)| *b == n)
        .min_by_key(|(a, _, _)| *a);
    covered
        && last.is_some_and(|(_, _, p)| {
            matches!(p.level.as_str(), "county" | "city" | "province" | "foreign")
        })
}

/// Words of a small place's unit: a label that opens with one names a place there
/// (`湖南` + `街道`), not a kind.
const SMALL_UNITS: [&str; 5] = ["街道", "社区", "镇", "乡", "村"];

fn text_from(chars: &[char], at: usize) -> String {
    chars[at..].iter().collect()
}

/// The name without quotes and without the labels and project words that end it. A label
/// inside a place (`交通` of `交通街道`) stays, and so does a technology's (`数字孪生平台`):
/// a platform at a district is one thing.
fn without_kinds(kb: &Knowledge, name: &str) -> String {
    let mut rest: Vec<char> = name.chars().filter(|c| !matches!(c, '“' | '”')).collect();
    loop {
        let text: String = rest.iter().collect();
        let n = rest.len();
        let places = places_in_name(kb, &text);
        let project = crate::lexicon!("project_noun")
            .words()
            .filter(|w| text.ends_with(w))
            .map(|w| w.chars().count())
            .max();
        let label = kb
            .concepts
            .find(&Folded::new(&text))
            .iter()
            .filter(|h| h.end == n && h.start > 0)
            .filter(|h| !places.iter().any(|(a, b, _)| *a < h.end && h.start < *b))
            .filter(|h| {
                !SMALL_UNITS
                    .iter()
                    .any(|u| text_from(&rest, h.start).starts_with(u))
            })
            .filter(|h| {
                h.concepts
                    .iter()
                    .all(|&c| kb.thesaurus.concepts[c].scheme != "technology")
            })
            .map(|h| n - h.start)
            .max();
        match project.max(label) {
            Some(k) if k < n => rest.truncate(n - k),
            _ => return text,
        }
    }
}

/// `“平台”`, `“微更新”`: the whole name is a quoted common word or concept label.
fn quoted_word(kb: &Knowledge, name: &str) -> bool {
    let Some(inside) = name.strip_prefix('“').and_then(|n| n.strip_suffix('”')) else {
        return false;
    };
    !inside.contains(['“', '”']) && (is_common_word(inside) || is_label(kb, inside))
}

/// `遗址公园`, `滨河街区`, `老街巷`: nothing but site words, read from the end.
fn only_site_words(kb: &Knowledge, name: &str) -> bool {
    // A place of that name is a name (`花园社区`).
    let n = name.chars().count();
    if places_in_name(kb, name)
        .iter()
        .any(|(a, b, _)| *a == 0 && *b == n)
    {
        return false;
    }
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
        ("荔灣區", true),
        ("杭州市", true),
        ("西安市碑林区城市更新", true),
        ("深圳“拆除重建”", true),
        // Names.
        ("喀什古城", false),
        ("向阳小区", false),
        ("兰州市“小兰善治”", false),
        ("长青街道“数字社区”", false),
        ("“嘉邻通”", false),
        ("船房村", false),
        ("东岳村", false),
        ("娄底市娄星区长青街道“数字社区”建设", false),
        ("合肥市蜀山区琥珀山庄老旧小区改造", false),
        ("宣城市绩溪县家朋乡尚村乡村共建", false),
        ("芜湖古城保护与更新", false),
        ("花园社区", false),
        ("鞍山市铁东区湖南街道老旧小区连片改造项目", false),
        ("东胜区交通街道", false),
        ("湖南街道老旧小区连片改造项目", false),
        ("荔城区城市更新数字孪生平台", false),
        ("曹杨新村", false),
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
