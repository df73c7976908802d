//! Names grouped under their counties (`小店区：甲村，乙庄 迎泽区：丙沟，丁堡`): a notice's
//! list of villages or estates by district. Two or more groups in a passage, each a
//! county-level place, a colon and two or more short names, make every name a case.

use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::places_in_name;
use once_cell::sync::Lazy;
use regex::Regex;

/// A county, a colon, then short names (a `*` mark allowed) joined by commas.
static GROUP: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(\p{Han}{1,6}[区县旗])[:：]\s*((?:\p{Han}{2,5}\*?\s*[,，、]\s*)+\p{Han}{2,5}\*?)")
        .unwrap()
});

/// Whether `name` is one county of the gazetteer.
fn county(kb: &Knowledge, name: &str) -> bool {
    let n = name.chars().count();
    places_in_name(kb, name)
        .iter()
        .any(|(a, b, p)| *a == 0 && *b == n && p.level == "county")
}

/// Case candidates from the grouped lists of the document.
pub(crate) fn grouped_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    for p in 0..view.chars.len() {
        let text: String = view.chars[p].iter().collect();
        let groups: Vec<regex::Captures> = GROUP
            .captures_iter(&text)
            .filter(|c| county(kb, &c[1]))
            .collect();
        if groups.len() < 2 {
            continue;
        }
        for g in groups {
            let list = g.get(2).expect("group 2");
            let mut at = list.start();
            for item in list.as_str().split([',', '，', '、']) {
                let name = item.trim().trim_end_matches('*').trim();
                let from = text[at..].find(name).map_or(at, |i| at + i);
                let start = text[..from].chars().count();
                let end = start + name.chars().count();
                at = from + name.len();
                out.push(new_cand(kb, name, Origin::ListItem, Some((p, start, end))));
            }
        }
    }
}
