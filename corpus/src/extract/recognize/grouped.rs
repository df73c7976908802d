//! Names grouped under their counties (`小店区：甲村，乙庄 迎泽区：丙沟，丁堡`, or with a
//! count, `包河区18处：甲小区、乙路45号(原丙宿舍)…`): a notice's list of villages or estates
//! by district. Two or more groups in a document, each a county-level place, a colon and two
//! or more short names, make every name a case. An address split at its own `、`
//! (`操兵巷1、18号`) is put back together.

use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::places_in_name;
use once_cell::sync::Lazy;
use regex::Regex;

/// A county, a count of sites maybe, a colon, then short names (digits, a bracketed note and
/// a `*` mark allowed) joined by commas.
static GROUP: Lazy<Regex> = Lazy::new(|| {
    let item = r"[\p{Han}\d\-]{2,12}(?:[（(][\p{Han}\d]{1,10}[)）])?\*?";
    Regex::new(&format!(
        r"(\p{{Han}}{{1,6}}[区县旗市])(?:共?\d+[处个])?[:：]\s*((?:{item}\s*[,，、]\s*)+{item})"
    ))
    .unwrap()
});

/// A house number that belongs to the item before it (`操兵巷1` + `18号`).
static NUMBER_ONLY: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\d[\d\-]*[号栋]?$").unwrap());

/// Whether `name` is one county of the gazetteer.
fn county(kb: &Knowledge, name: &str) -> bool {
    let n = name.chars().count();
    places_in_name(kb, name)
        .iter()
        .any(|(a, b, p)| *a == 0 && *b == n && p.level == "county")
}

/// Case candidates from the grouped lists of the document.
pub(crate) fn grouped_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    // (passage, its text, the byte range of a group's list)
    let mut groups: Vec<(usize, String, (usize, usize))> = Vec::new();
    for p in 0..view.chars.len() {
        let text: String = view.chars[p].iter().collect();
        let lists: Vec<(usize, usize)> = GROUP
            .captures_iter(&text)
            .filter(|c| county(kb, &c[1]))
            .map(|c| c.get(2).expect("group 2"))
            .map(|m| (m.start(), m.end()))
            .collect();
        groups.extend(lists.into_iter().map(|l| (p, text.clone(), l)));
    }
    // A notice may give each county its own line: the groups are counted in the document.
    if groups.len() < 2 {
        return;
    }
    for (p, text, (ls, le)) in groups {
        let list = &text[ls..le];
        for (from, to) in items(list) {
            let name = list[from..to].trim_end_matches('*');
            let start = text[..ls + from].chars().count();
            let end = start + name.chars().count();
            out.push(new_cand(kb, name, Origin::ListItem, Some((p, start, end))));
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
