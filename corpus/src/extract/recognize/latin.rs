//! Platforms and programmes a Chinese text names in Latin letters (`Decidim`, `Betri
//! Reykjavík`, `雅加达Qlue`): a run of capitalised words written inside Chinese sentences
//! more than once, with the place written right before it where there is one. In a paper
//! only a placed one counts: there Latin words are mostly cited authors and terms.

use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::is_label;
use crate::text::is_cjk;
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::HashMap;

/// Mentions inside Chinese sentences a Latin name needs where no place stands before it.
const MIN_MENTIONS: usize = 2;

/// One or more words of three letters or more, each with a capital; a word may be
/// hyphenated (`X-Road`, `Catena-X`).
static LATIN_NAME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?:[A-Za-z]+-)?[A-Za-z]*[A-Z][A-Za-zÀ-ÿ]{2,}(?:-[A-Za-z0-9]+)?(?: [A-Z][A-Za-zÀ-ÿ]+)*",
    )
    .unwrap()
});

/// A mention: passage, start and end in chars.
type Span = (usize, usize, usize);

/// A proper name of four letters or more, not an acronym (`JAKI`) or a shouted word.
fn proper(name: &str) -> bool {
    name.chars().any(|c| c.is_lowercase())
        && name.chars().filter(|c| c.is_alphabetic()).count() >= 4
}

/// Mentions of Latin names set in Chinese text (a Han character right before or after).
fn mentions(view: &DocView) -> HashMap<String, Vec<Span>> {
    let mut out: HashMap<String, Vec<Span>> = HashMap::new();
    for (p, chars) in view.chars.iter().enumerate() {
        let text: String = chars.iter().collect();
        for m in LATIN_NAME.find_iter(&text) {
            let start = text[..m.start()].chars().count();
            let end = start + m.as_str().chars().count();
            let set_in = (start > 0 && is_cjk(chars[start - 1]))
                || chars.get(end).is_some_and(|&c| is_cjk(c));
            let sentence = view.sentence_of(p, start);
            if set_in && proper(m.as_str()) && !view.ref_like[p][sentence] {
                out.entry(m.as_str().to_string())
                    .or_default()
                    .push((p, start, end));
            }
        }
    }
    out
}

/// The place right before a mention, or before it and `的` (`雅加达` + `Qlue`,
/// `新加坡的OneService`).
fn placed(view: &DocView, &(p, start, _): &Span) -> Option<usize> {
    let de = start > 0 && view.chars[p][start - 1] == '的';
    view.places
        .iter()
        .find(|m| {
            m.passage == p
                && (m.end == start || de && m.end + 1 == start)
                && m.place.level != "national"
        })
        .map(|m| m.start)
}

/// Candidates of Latin names.
pub(crate) fn latin_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let mut found: Vec<(String, Vec<Span>)> = mentions(view).into_iter().collect();
    found.sort();
    for (name, spans) in found {
        // A place makes a platform the thesaurus knows by kind its own (`巴塞罗那Decidim`),
        // and names an example even in passing (`荷兰SyRI系统`).
        let at_place = spans
            .iter()
            .find_map(|s| placed(view, s).map(|a| (s.0, a, s.2)));
        if spans.len() < MIN_MENTIONS && at_place.is_none() {
            continue;
        }
        // A paper's Latin words are mostly cited authors and terms (`Vargo和Lusch`).
        let paper = view.doc.genre == "paper";
        if at_place.is_none() && (paper || is_label(kb, &name)) {
            continue;
        }
        let (p, start, end) = at_place.unwrap_or(spans[0]);
        let full = view.text(p, start, end);
        // `新加坡的OneService` is named `新加坡OneService`.
        let full = match full.strip_suffix(name.as_str()) {
            Some(head) => format!("{}{name}", head.strip_suffix('的').unwrap_or(head)),
            None => full,
        };
        out.push(new_cand(kb, &full, Origin::Site, Some((p, start, end))));
    }
}
