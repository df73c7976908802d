//! Enumerated case lists: items such as `1. 北京市朝阳区劲松北社区改造` or
//! `（三）上海市：曹杨新村`, in the body or as headings. The head of an item (up to the
//! first clause break) is a case when it names a place and a site or project word, and what
//! is left once the places are taken out is a name, not a kind.

use super::sites::has_site_word;
use crate::extract::cases::{is_label, new_cand, places_in_name, Cand, Origin};
use crate::extract::doc::DocView;
use crate::extract::Knowledge;
use crate::lexicon;
use once_cell::sync::Lazy;
use regex::Regex;

static ITEM: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*(?:\d{1,2}\s*[\.．、]|[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|[①-⑳]|案例[一二三四五六七八九十\d]{1,3}[：:、]?)\s*").unwrap()
});

/// Longest head read as a name (chars).
const MAX_HEAD: usize = 40;

/// The head of a numbered item: the text after the number up to the first clause break,
/// with a colon after a leading place dropped (`上海市：曹杨新村`).
pub fn item_head(text: &str) -> Option<(usize, String)> {
    let m = ITEM.find(text)?;
    let rest = &text[m.end()..];
    let head: String = rest
        .chars()
        .take_while(|c| !"。；，,（(！？".contains(*c))
        .take(MAX_HEAD + 1)
        .collect();
    let head = head.trim().trim_end_matches(['：', ':']).to_string();
    let n = head.chars().count();
    if !(3..=MAX_HEAD).contains(&n) {
        return None;
    }
    Some((text[..m.end()].chars().count(), head.replace(['：', ':'], "")))
}

fn is_project(head: &str) -> bool {
    has_site_word(head) || lexicon!("project_noun").words().any(|w| head.contains(w))
}

/// A head that names a case: a place, a site or project word, and a name besides.
fn names_case(kb: &Knowledge, head: &str) -> bool {
    let places = places_in_name(kb, head);
    if places.is_empty() || !is_project(head) || is_label(kb, head) {
        return false;
    }
    let chars: Vec<char> = head.chars().collect();
    let mut left: Vec<char> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if !places.iter().any(|&(a, b, _)| a <= i && i < b) {
            left.push(*c);
        }
    }
    let left: String = left.into_iter().collect();
    let core = lexicon!("project_noun")
        .words()
        .fold(left, |acc, w| acc.replace(w, ""));
    core.chars().count() >= 2 && !is_label(kb, &core)
}

/// Case candidates from numbered items at the start of sentences.
pub(crate) fn list_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<Cand>) {
    for p in 0..view.chars.len() {
        for (s, &(a, b)) in view.sentences[p].iter().enumerate() {
            if view.ref_like[p][s] || view.masked[p].get(a).copied().unwrap_or(false) {
                continue;
            }
            let text = view.text(p, a, b);
            let Some((offset, head)) = item_head(&text) else {
                continue;
            };
            if names_case(kb, &head) {
                let start = a + offset;
                let end = (start + head.chars().count()).min(b);
                out.push(new_cand(kb, &head, Origin::ListItem, Some((p, start, end))));
            }
        }
    }
}
