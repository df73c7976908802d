//! What a name holds: thesaurus labels, places, quoted parts.

use super::knowledge::Knowledge;
use super::matcher::Folded;
use super::places::{self, Resolved};
use std::collections::HashSet;

/// `q` is exactly a label of a concept in `scheme`.
pub(super) fn is_scheme_label(kb: &Knowledge, q: &str, scheme: &str) -> bool {
    let n = q.chars().count();
    kb.concepts.find(&Folded::new(q)).iter().any(|h| {
        h.start == 0
            && h.end == n
            && h.concepts
                .iter()
                .any(|&c| kb.thesaurus.concepts[c].scheme == scheme)
    })
}

/// A variant name of a leaf technology concept (救命文档 for 在线文档): the name of one
/// instance rather than of a kind.
pub(super) fn instance_label(kb: &Knowledge, q: &str) -> bool {
    let n = q.chars().count();
    let th = &kb.thesaurus;
    kb.concepts.find(&Folded::new(q)).iter().any(|h| {
        h.start == 0
            && h.end == n
            && h.concepts.iter().all(|&c| {
                let k = &th.concepts[c];
                k.scheme == "technology"
                    && k.label != q
                    && !th.concepts.iter().any(|x| x.broader.contains(&k.iri))
            })
    })
}

pub(crate) fn is_label(kb: &Knowledge, name: &str) -> bool {
    let bare: String = name
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | ' '))
        .collect();
    let n = bare.chars().count();
    kb.concepts
        .find(&Folded::new(&bare))
        .iter()
        .any(|h| h.start == 0 && h.end == n)
}

/// Places named in a string, resolved within the string (most specific last).
pub(crate) fn places_in_name(kb: &Knowledge, name: &str) -> Vec<(usize, usize, Resolved)> {
    places_in_name_within(kb, name, &HashSet::new())
}

/// Places named in a string, resolved within the string and the divisions of `context`
/// (a document's `DocView::place_context`).
pub(crate) fn places_in_name_within(
    kb: &Knowledge,
    name: &str,
    context: &HashSet<usize>,
) -> Vec<(usize, usize, Resolved)> {
    let f = Folded::new(name);
    let raw: Vec<(usize, places::RawPlace)> = kb
        .places
        .find_raw(name, &f)
        .into_iter()
        // A unit that opens the name is its subject (狮山社区的…); elsewhere it must be anchored.
        .filter(|r| r.start == 0 || !matches!(r.kind, places::RawKind::Unit(_, true)))
        .map(|r| (0, r))
        .collect();
    let chars = vec![name.chars().collect::<Vec<char>>()];
    let mut within = places::context(&kb.gazetteer, &raw, &[]);
    within.extend(context);
    let res = places::resolve(&kb.gazetteer, &raw, &within, &chars);
    raw.into_iter()
        .zip(res)
        .filter_map(|((_, r), p)| p.map(|p| (r.start, r.end, p)))
        .filter(|(_, _, p)| p.level != "national")
        .collect()
}

/// Quoted spans “…” of a string: (content, char start of “, char end after ”).
pub(crate) fn quoted(s: &str) -> Vec<(String, usize, usize)> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '“' {
            if let Some(j) = chars[i + 1..].iter().position(|&c| c == '”' || c == '“') {
                let j = i + 1 + j;
                if chars[j] == '”' && j - i > 2 && j - i - 1 <= 20 {
                    out.push((chars[i + 1..j].iter().collect(), i, j + 1));
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}
