//! Rolls of names: a sentence that is nothing but names joined by `、`, each ending in a site
//! word and one at least in a strong one — a list printed under its heading, or after
//! `分别为：` (`湖滨旅游商贸特色街区、清河坊历史文化特色街区、…、梅家坞茶文化村。`). Every item
//! is a case, its whole text the name: the roll says what its items are, however long their
//! descriptive words.

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
    let n = item.chars().count();
    (2..=MAX_ITEM).contains(&n)
        && ends_in_site_word(item)
        && !item.contains(['的', '等', '，', ',', '“', '”'])
        && !pos::has_clause_word(item, true)
        && !is_label(kb, item)
        && super::names::is_name(kb, item)
}

/// The items of the roll that sentence `chars[a..b]` is, if it is one.
fn roll_in(kb: &Knowledge, chars: &[char], (a, b): (usize, usize)) -> Option<Vec<(usize, usize)>> {
    // A clause closed by `；` is one group of a longer list (`grouped.rs`).
    let last = (a..b).rev().find(|&i| !chars[i].is_whitespace())?;
    if "；;".contains(chars[last]) {
        return None;
    }
    let (s, e) = roll_span(chars, a, b);
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

/// Case candidates from the rolls of the document.
pub(crate) fn roll_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    for (p, chars) in view.chars.iter().enumerate() {
        for (k, &(a, b)) in view.sentences[p].iter().enumerate() {
            if view.ref_like[p][k] {
                continue;
            }
            let Some(found) = roll_in(kb, chars, (a, b.min(chars.len()))) else {
                continue;
            };
            for (x, y) in found {
                if !view.masked[p][x] {
                    let name: String = chars[x..y].iter().collect();
                    out.push(new_cand(kb, &name, Origin::ListItem, Some((p, x, y))));
                }
            }
        }
    }
}
