//! Rolls of names: a sentence that is nothing but names joined by `、`, each ending in a site
//! word and one at least in a strong one — a list printed under its heading, or after
//! `分别为：` (`湖滨旅游商贸特色街区、清河坊历史文化特色街区、…、梅家坞茶文化村。`). Every item
//! is a case, its whole text the name: the roll says what its items are, however long their
//! descriptive words. Towns and villages listed under the designation they were given
//! (`省级历史文化名镇包括甲县乙镇、丙县丁镇`: `designation_word.txt`) are a roll too, and so are
//! sites listed under their kind (`口袋公园包括甲县乙园、丙县丁园，以及戊园`).

use super::pos;
use super::site_words::{ends_in_site_word, ends_in_strong_site_word};
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::is_label;

/// Fewest items that make a roll.
const MIN_ITEMS: usize = 3;
/// Longest item read as a name (chars).
const MAX_ITEM: usize = 20;

/// The part of a sentence a roll may fill: after its last colon, without the stop at its end.
fn roll_span(chars: &[char], a: usize, b: usize) -> (usize, usize) {
    let start = (a..b)
        .rev()
        .find(|&i| matches!(chars[i], '：' | ':'))
        .map_or(a, |i| i + 1);
    let mut end = b;
    while end > start && (chars[end - 1].is_whitespace() || "。；;，,".contains(chars[end - 1]))
    {
        end -= 1;
    }
    let mut start = start;
    while start < end && chars[start].is_whitespace() {
        start += 1;
    }
    (start, end)
}

/// Whether one item of a roll is a site's name: a site word at its end, no clause in it.
fn roll_item(kb: &Knowledge, item: &str) -> bool {
    named_item(kb, item, &ends_in_site_word)
}

/// Whether a listed item is a short name, `sited` by its end, with no clause in it.
fn named_item(kb: &Knowledge, item: &str, sited: &dyn Fn(&str) -> bool) -> bool {
    let n = item.chars().count();
    (2..=MAX_ITEM).contains(&n)
        && sited(item)
        && !item.contains(['的', '等', '，', ',', '“', '”'])
        && !pos::has_clause_word(item, true)
        && !is_label(kb, item)
        && super::names::is_name(kb, item)
}

/// The items of the roll that sentence `chars[a..b]` is, if it is one; or the roll after
/// `分别为` that ends at the clause's comma (`…5个，分别为甲小区、乙小区、丙家属区，总面积…`).
fn roll_in(kb: &Knowledge, chars: &[char], (a, b): (usize, usize)) -> Option<Vec<(usize, usize)>> {
    // A clause closed by `；` is one group of a longer list (`grouped.rs`).
    let last = (a..b).rev().find(|&i| !chars[i].is_whitespace())?;
    if "；;".contains(chars[last]) {
        return None;
    }
    respectively(chars, (a, b))
        .and_then(|span| roll_items(kb, chars, span))
        .or_else(|| roll_items(kb, chars, roll_span(chars, a, b)))
}

/// Words after which a list gives each thing its name in turn.
const RESPECTIVELY: [&str; 2] = ["分别为", "分别是"];

/// After `分别为` or `分别是`, up to the next comma or stop.
fn respectively(chars: &[char], (a, b): (usize, usize)) -> Option<(usize, usize)> {
    let text: String = chars[a..b].iter().collect();
    let at = RESPECTIVELY
        .iter()
        .find_map(|w| text.find(w).map(|i| i + w.len()))?;
    let mut s = a + text[..at].chars().count();
    while s < b && (chars[s].is_whitespace() || matches!(chars[s], '：' | ':')) {
        s += 1;
    }
    let e = (s..b).find(|&i| "，,。；;".contains(chars[i])).unwrap_or(b);
    Some((s, e))
}

/// The items of run `chars[s..e]` if it is a roll.
fn roll_items(
    kb: &Knowledge,
    chars: &[char],
    (s, e): (usize, usize),
) -> Option<Vec<(usize, usize)>> {
    let found = super::enumerated::split_run(chars, (s, e), ends_in_site_word);
    let names: Vec<String> = found
        .iter()
        .map(|&(x, y)| chars[x..y].iter().collect())
        .collect();
    // One strong site word at least: weak ones alone end other words too
    // (`全要素连接阶段、…发展阶段和…增长阶段`).
    let roll = found.len() >= MIN_ITEMS
        && names.iter().all(|n| roll_item(kb, n))
        && names.iter().any(|n| ends_in_strong_site_word(n));
    roll.then_some(found)
}

/// Leads from a designation to the places that hold it.
const LEADS: [&str; 6] = ["包括", "分别为", "为", "有", "：", ":"];

/// The towns and villages a clause of `chars[a..b]` lists under their designation: after a
/// designation word and a lead, two or more names joined by `、`, each ending in a town's or a
/// village's word (a bracketed note after it is its own: `隆里乡(集镇)`).
fn designated_in(chars: &[char], (a, b): (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = a;
    for end in (a..=b).filter(|&i| i == b || matches!(chars[i], '；' | ';' | '。')) {
        if let Some(s) = after_designation(chars, (start, end)) {
            let items = super::enumerated::split_run(chars, (s, end), is_town);
            let names: Vec<String> = items
                .iter()
                .map(|&(x, y)| chars[x..y].iter().collect())
                .collect();
            if items.len() >= 2
                && names
                    .iter()
                    .all(|n| is_town(n) && n.chars().count() <= MAX_ITEM)
            {
                out.extend(items);
            }
        }
        start = end + 1;
    }
    out
}

/// Where the names start in clause `chars[a..b]`: right after a designation word and a lead.
fn after_designation(chars: &[char], (a, b): (usize, usize)) -> Option<usize> {
    let clause: String = chars[a..b].iter().collect();
    crate::lexicon!("designation_word").words().find_map(|w| {
        let at = clause.find(w)? + w.len();
        let rest = &clause[at..];
        let lead = LEADS.iter().find(|l| rest.starts_with(*l))?;
        Some(a + clause[..at + lead.len()].chars().count())
    })
}

/// A town's or a village's name, a bracketed note after it left aside.
fn is_town(name: &str) -> bool {
    let bare = name.split(['(', '（']).next().unwrap_or("").trim();
    bare.chars().count() >= 2 && bare.ends_with(['镇', '乡', '村', '寨'])
}

/// Leads from a kind of site to the sites of that kind (a colon is no lead: `甲片区：涵盖…`
/// describes the site before it).
const KIND_LEADS: [&str; 3] = ["包括", "分别为", "分别是"];
/// Joiners of the last item (a comma before one allowed: `…乙园，以及丙园`).
const JOINERS: [&str; 6] = ["，以及", "，及", "，和", "以及", "及", "和"];

/// The sites clause `chars[a..b]` lists under their kind: a site word, a lead, then two or
/// more names joined by `、` or a joiner, each ending in a site word after a name of its own.
fn kind_members(kb: &Knowledge, chars: &[char], (a, b): (usize, usize)) -> Vec<(usize, usize)> {
    let clause: String = chars[a..b].iter().collect();
    for lead in KIND_LEADS {
        for (at, _) in clause.match_indices(lead) {
            let Some(head) = clause[..at]
                .chars()
                .last()
                .filter(|_| ends_in_site_word(&clause[..at]))
            else {
                continue;
            };
            // A member ends in a site word, or in the kind's own last character (`公园`: `甲园`).
            let sited = |n: &str| ends_in_site_word(n) || n.ends_with(head);
            let s = a + clause[..at + lead.len()].chars().count();
            let items = members(chars, (s, members_end(chars, s, b)), &sited);
            let names = items
                .iter()
                .map(|&(x, y)| chars[x..y].iter().collect::<String>());
            let good: Vec<(usize, usize)> = items
                .iter()
                .zip(names)
                .filter(|(_, n)| member(kb, n, &sited))
                .map(|(&span, _)| span)
                .collect();
            // One item the checks misread (`泊头市运河园`: `运河` is also a district) does not
            // undo a longer list.
            let missed = items.len() - good.len();
            if good.len() >= 2 && (missed == 0 || missed == 1 && items.len() >= 4) {
                return good;
            }
        }
    }
    Vec::new()
}

/// Where the members after a lead end: a stop, or a comma no joiner follows.
fn members_end(chars: &[char], s: usize, b: usize) -> usize {
    (s..b)
        .find(|&i| match chars[i] {
            '。' | '；' | ';' => true,
            '，' | ',' => {
                let rest: String = chars[i..b.min(i + 3)].iter().collect();
                !JOINERS
                    .iter()
                    .any(|j| j.starts_with('，') && rest.starts_with(j))
            }
            _ => false,
        })
        .unwrap_or(b)
}

/// The items of a run, split at `、` and at a joiner between two site names.
fn members(
    chars: &[char],
    (s, e): (usize, usize),
    sited: &dyn Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut todo = super::enumerated::split_run(chars, (s, e), |_| false);
    todo.reverse();
    while let Some((x, y)) = todo.pop() {
        let text: String = chars[x..y].iter().collect();
        let cut = JOINERS.iter().find_map(|j| {
            let at = text.find(j)?;
            let (left, right) = (&text[..at], &text[at + j.len()..]);
            (sited(left) && sited(right)).then_some((at, j))
        });
        match cut {
            Some((at, j)) => {
                let mid = x + text[..at].chars().count();
                todo.push((mid + j.chars().count(), y));
                out.push((x, mid));
            }
            None => out.push((x, y)),
        }
    }
    out
}

/// One member: a short name of a site, with name words of its own before its site word once
/// its places are out (`任丘市鼓乐园`, not `老旧小区`).
fn member(kb: &Knowledge, item: &str, sited: &dyn Fn(&str) -> bool) -> bool {
    let bare = super::names::without_places(kb, item);
    let stem = super::site_words::site_words()
        .filter(|w| bare.ends_with(w))
        .max_by_key(|w| w.len())
        .map_or(bare.as_str(), |w| &bare[..bare.len() - w.len()]);
    named_item(kb, item, sited)
        && stem.chars().count() >= 2
        && !super::site_words::is_stem_stop(stem)
}

/// Case candidates from the rolls of the document.
pub(crate) fn roll_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    for (p, chars) in view.chars.iter().enumerate() {
        for (k, &(a, b)) in view.sentences[p].iter().enumerate() {
            if view.ref_like[p][k] {
                continue;
            }
            let (a, b) = (a, b.min(chars.len()));
            let mut found = roll_in(kb, chars, (a, b)).unwrap_or_default();
            found.extend(designated_in(chars, (a, b)));
            found.extend(kind_members(kb, chars, (a, b)));
            for (x, y) in found {
                if !view.masked[p][x] {
                    let name: String = chars[x..y].iter().collect();
                    out.push(new_cand(kb, &name, Origin::ListItem, Some((p, x, y))));
                }
            }
        }
    }
}
