//! A thing named once in full and then recalled by its head noun alone: `镇江市城市体检信息
//! 平台` and later `平台自动…`, `这个平台…`. A text that keeps recalling a head is about the
//! thing it named with a place and name words before that head
//! (`data/lexicon/recalled_head.txt`).

use super::pos;
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::lexicon;

/// Recalls a head needs before its full name is a candidate.
const MIN_RECALLS: usize = 2;
/// Longest run of name words between the place and the head.
const MAX_MODIFIER: usize = 12;

/// Words that point back to a thing already named (`这张表`, `该平台`).
const DEMONSTRATIVES: [&str; 12] = [
    "这个", "这张", "这份", "这座", "这家", "这套", "这一", "这处", "这间", "该", "此", "这",
];

const CLAUSE_BREAK: &str = "，。；：！？,;:!?“”　 ";

fn heads() -> impl Iterator<Item = &'static str> {
    lexicon!("recalled_head").words()
}

/// Whether `chars[at..]` opens with `head` as a word of its own.
fn head_at(chars: &[char], at: usize, head: &str) -> bool {
    let n = head.chars().count();
    let end = at + n;
    if end > chars.len() || !chars[at..end].iter().copied().eq(head.chars()) {
        return false;
    }
    // The head must end a word: `平台` of `平台经济` is another word.
    let window: String = chars[at..(end + 3).min(chars.len())].iter().collect();
    !pos::runs_on(&window, n)
}

/// Sentences that recall `head`: it opens a clause, or follows a demonstrative.
fn recalls(view: &DocView, head: &str, demonstratives: &[Vec<char>]) -> usize {
    let single = head.chars().count() == 1;
    let mut n = 0;
    for (p, chars) in view.chars.iter().enumerate() {
        for (s, &(a, b)) in view.sentences[p].iter().enumerate() {
            if view.ref_like[p][s] {
                continue;
            }
            let hit = (a..b).any(|i| {
                let opens = i == a || CLAUSE_BREAK.contains(chars[i - 1]);
                let pointed = || {
                    demonstratives
                        .iter()
                        .any(|d| i >= d.len() + a && chars[i - d.len()..i] == d[..])
                };
                // The cheap test first: this runs over every character of the text.
                head_at(chars, i, head) && (opens && !single || pointed())
            });
            n += usize::from(hit);
        }
    }
    n
}

/// Full names of `head`: a place, name words, the head (`镇江市` + `城市体检信息` + `平台`), as
/// (passage, start, end).
fn full_names(view: &DocView, head: &str) -> Vec<(usize, usize, usize)> {
    let n = head.chars().count();
    let mut out = Vec::new();
    for m in view.places.iter().filter(|m| m.place.level != "national") {
        let chars = &view.chars[m.passage];
        let hi = (m.end + MAX_MODIFIER + n).min(chars.len());
        let Some(at) = (m.end..hi).find(|&i| head_at(chars, i, head)) else {
            continue;
        };
        // A place and the head alone (`东阳镇平台`) names no one thing.
        let between: String = chars[m.end..at].iter().collect();
        let plain = !between.is_empty() && between.chars().all(|c| c.is_alphanumeric());
        if plain && pos::modifies(&between, head) {
            out.push((m.passage, m.start, at + n));
        }
    }
    out
}

/// Candidates of recalled heads. A recall points back to one thing only where the text
/// names one in full (a list of platforms recalls none of them).
pub(crate) fn recalled_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let demonstratives: Vec<Vec<char>> =
        DEMONSTRATIVES.iter().map(|d| d.chars().collect()).collect();
    for head in heads() {
        if recalls(view, head, &demonstratives) < MIN_RECALLS {
            continue;
        }
        let found = full_names(view, head);
        let mut names: Vec<String> = found.iter().map(|&(p, a, b)| view.text(p, a, b)).collect();
        names.sort();
        names.dedup();
        if let ([name], Some(&(p, a, b))) = (&names[..], found.first()) {
            out.push(new_cand(kb, name, Origin::Site, Some((p, a, b))));
        }
    }
}
