//! Sites the text keeps returning to, named without a site word or a describing predicate
//! (`老门东`, `大稻埕`, `鱼巷子`): a proper name (by its part-of-speech tags) that opens
//! sentences as their subject and that the document names at least `MIN_MENTIONS` times.
//! Not a division of the gazetteer, a concept of the thesaurus, an organisation or a person.

use super::{pos, site_words, subjects};
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::{is_label, places_in_name};
use crate::lexicon;
use std::collections::HashMap;

/// How often the document must name a topic.
const MIN_MENTIONS: usize = 3;
/// Sentences it must open.
const MIN_SUBJECT: usize = 1;

/// Candidates of recurring subjects.
pub(crate) fn topic_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let mut opened: HashMap<String, Vec<(usize, usize, usize)>> = HashMap::new();
    for p in 0..view.chars.len() {
        for (s, &(a, b)) in view.sentences[p].iter().enumerate() {
            if view.ref_like[p][s] || view.masked[p][a..b].iter().any(|&m| m) {
                continue;
            }
            let text = &view.chars[p][a..b];
            let from = subjects::subject_start(text);
            let rest: String = text[from..].iter().take(24).collect();
            let n = pos::proper_subject(&rest);
            if n > 0 {
                let name: String = rest.chars().take(n).collect();
                let at = a + from;
                opened.entry(name).or_default().push((p, at, at + n));
            }
        }
    }
    let text: String = std::iter::once(view.doc.title.clone())
        .chain(view.doc.sections.iter().map(|s| s.heading.clone()))
        .chain(view.chars.iter().map(|c| c.iter().collect()))
        .collect();
    for (name, spans) in opened {
        if spans.len() < MIN_SUBJECT
            || text.matches(name.as_str()).count() < MIN_MENTIONS
            || !site_like(kb, &name)
        {
            continue;
        }
        out.push(new_cand(kb, &name, Origin::Site, Some(spans[0])));
    }
}

/// A name that may be a site: no place, concept, site word alone, organisation or person.
fn site_like(kb: &Knowledge, name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    site_words::proper_stem(&chars)
        && !is_label(kb, name)
        && places_in_name(kb, name).is_empty()
        && !lexicon!("org_suffix").words().any(|w| name.ends_with(w))
        && !pos::is_person(name)
}
