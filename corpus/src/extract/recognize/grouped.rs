//! Names grouped under their counties (`小店区：甲村，乙庄 迎泽区：丙沟，丁堡`, or with a
//! count, `包河区18处：甲小区、乙路45号(原丙宿舍)…`): a notice's list of villages or estates
//! by district. Two or more groups in a document, each a county-level place, a colon and two
//! or more short names, make every name a case; in prose a county's `的` and three names or
//! more closed by `等` (`武江区的甲宿舍、乙花园、丙楼等；曲江区的…等`) group them too, and so do
//! counties followed by their names with nothing between, groups closed by `；`
//! (`金水区甲村、乙新村；二七区丙村、丁寨。`). An address split at its own `、` (`操兵巷1、18号`)
//! is put back together.

use super::site_words::ends_in_site_word;
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::places_in_name;
use once_cell::sync::Lazy;
use regex::Regex;

/// A county, a count of sites maybe and a colon, or `的`; then short names (digits, Latin
/// letters, a bracketed note and a `*` mark allowed) joined by commas; then `等` maybe.
static GROUP: Lazy<Regex> = Lazy::new(|| {
    let item = r"[\p{Han}\d\-A-Za-z]{2,16}(?:[（(][\p{Han}\d]{1,10}[)）])?\*?";
    Regex::new(&format!(
        r"(\p{{Han}}{{1,6}}[区县旗市])((?:共?\d+[处个])?[:：]|的)\s*((?:{item}\s*[,，、]\s*)+{item})(等)?"
    ))
    .unwrap()
});

/// A county and two or more names with nothing between (`金水区甲村、乙新村；二七区丙村、丁寨`),
/// up to the semicolon that closes the group or the stop after the last one.
static BARE: Lazy<Regex> = Lazy::new(|| {
    let item = r"[\p{Han}\d\-A-Za-z]{2,10}";
    Regex::new(&format!(
        r"(\p{{Han}}{{1,6}}[区县旗市])((?:{item}、)+{item})([；;。])"
    ))
    .unwrap()
});

/// Whether a match is a group: after a colon any list; after `的` (prose) three names or
/// more closed by `等`.
fn is_group(c: &regex::Captures) -> bool {
    let closed = c.get(4).is_some() || c[3].ends_with('等');
    c[2].ends_with(['：', ':']) || (closed && c[3].matches(['、', '，', ',']).count() >= 2)
}

/// The lists of bare groups in a semicolon series: a group closed by `；` or opened right
/// after one (the last closes with `。`), two or more in the text, most of their names
/// ending in a site word (a county's clauses are no list: `盐埕区在地老店、居民共同参与；`).
fn bare_groups(kb: &Knowledge, text: &str) -> Vec<List> {
    let lists: Vec<List> = BARE
        .captures_iter(text)
        .filter(|c| county(kb, &c[1]))
        .filter(|c| {
            let opened = text[..c.get(0).expect("match").start()].ends_with(['；', ';']);
            &c[3] != "。" || opened
        })
        .map(|c| {
            let m = c.get(2).expect("group 2");
            (m.start(), m.end(), c[1].to_string())
        })
        .collect();
    let names: Vec<&str> = lists
        .iter()
        .flat_map(|(a, b, _)| text[*a..*b].split('、'))
        .collect();
    let sites = names.iter().filter(|n| ends_in_site_word(n)).count();
    if lists.len() >= 2 && sites * 2 > names.len() {
        lists
    } else {
        Vec::new()
    }
}

/// A house number that belongs to the item before it (`操兵巷1` + `18号`).
static NUMBER_ONLY: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\d[\d\-]*[号栋]?$").unwrap());

/// Whether `name` ends in a county of the gazetteer (the pattern's run of Han characters
/// before `区` may take in words before the county: `名单如下瑶海区`).
fn county(kb: &Knowledge, name: &str) -> bool {
    let n = name.chars().count();
    places_in_name(kb, name)
        .iter()
        .any(|(_, b, p)| *b == n && p.level == "county")
}

/// The byte range of a group's list (a closing `等` left out) and its county.
type List = (usize, usize, String);

/// A city with a count of its sites (`长沙市3处：甲街、乙街`): a province's list by city.
fn counted_city(kb: &Knowledge, c: &regex::Captures) -> bool {
    let name = &c[1];
    let n = name.chars().count();
    c[2].chars().any(|x| x.is_ascii_digit())
        && places_in_name(kb, name)
            .iter()
            .any(|(_, b, p)| *b == n && p.level == "city")
}

/// A passage, its text, and its groups' lists.
type Groups = (usize, String, Vec<List>);

/// Case candidates from the grouped lists of the document.
pub(crate) fn grouped_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let mut found: Vec<Groups> = Vec::new();
    for p in 0..view.chars.len() {
        let text: String = view.chars[p].iter().collect();
        let mut lists: Vec<List> = GROUP
            .captures_iter(&text)
            .filter(|c| (county(kb, &c[1]) || counted_city(kb, c)) && is_group(c))
            .map(|c| {
                let m = c.get(3).expect("group 3");
                let list = m.as_str().strip_suffix('等').unwrap_or(m.as_str());
                (m.start(), m.start() + list.len(), c[1].to_string())
            })
            .collect();
        if lists.is_empty() {
            lists = bare_groups(kb, &text);
        }
        if !lists.is_empty() {
            found.push((p, text, lists));
        }
    }
    // A notice may give each county its own line: the groups are counted in the document.
    if found.iter().map(|f| f.2.len()).sum::<usize>() < 2 {
        return;
    }
    for (p, text, lists) in found {
        for (ls, le, county) in lists {
            let list = &text[ls..le];
            for (from, to) in items(list) {
                let name = list[from..to].trim_end_matches('*');
                // A town or street of the county is where sites are, a count how many.
                if super::lists::local_place(kb, &format!("{county}{name}")) || name.contains('个')
                {
                    continue;
                }
                let start = text[..ls + from].chars().count();
                let end = start + name.chars().count();
                out.push(new_cand(kb, name, Origin::ListItem, Some((p, start, end))));
            }
        }
    }
}

/// Byte ranges of the items of a list, a bare house number joined to the item before it.
fn items(list: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut at = 0;
    for part in list.split([',', '，', '、']) {
        let lead = part.len() - part.trim_start().len();
        let (from, to) = (at + lead, at + part.trim_end().len());
        at += part.len()
            + list[at + part.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        let joins = NUMBER_ONLY.is_match(list[from..to].trim_end_matches('*'))
            && out
                .last()
                .is_some_and(|&(a, b)| list[a..b].ends_with(|c: char| c.is_ascii_digit()));
        match out.last_mut() {
            Some(last) if joins => last.1 = to,
            _ => out.push((from, to)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_groups_need_three_names_and_etc() {
        let groups = |t: &str| GROUP.captures_iter(t).filter(is_group).count();
        assert_eq!(
            groups("具体有：武江区的甲宿舍、乙花园、丙楼等；曲江区的丁小区、戊宿舍、己号院等。"),
            2
        );
        assert_eq!(
            groups("武江区的甲宿舍、乙花园完成了改造，曲江区的丁小区、戊宿舍也在推进。"),
            0
        );
    }
}
