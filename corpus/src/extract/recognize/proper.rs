//! Sites named without a site word: a city or county and then a proper name that the
//! text goes on to tell about (`厦门曾厝垵是…`, `徐州潘安湖完成生态修复`). The name is a
//! proper noun by its part-of-speech tag, not a division of the gazetteer, not a concept of
//! the thesaurus; a renewal or introducing word follows it, or the document names it three
//! times.

use super::{pos, site_words};
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::{is_label, places_in_name};
use std::collections::HashMap;

/// Chars read after the place for the name.
const WINDOW: usize = 8;

struct Seen {
    passage: usize,
    start: usize,
    end: usize,
    name: String,
    acted: bool,
}

fn after_places(view: &DocView, kb: &Knowledge) -> Vec<Seen> {
    let mut out = Vec::new();
    for m in &view.places {
        if !matches!(m.place.level.as_str(), "city" | "county") || m.place.code.is_none() {
            continue;
        }
        let chars = &view.chars[m.passage];
        let to = (m.end + WINDOW).min(chars.len());
        let text: String = chars[m.end..to].iter().collect();
        let n = pos::proper_head(&text);
        if n == 0 {
            continue;
        }
        let name: String = chars[m.end..m.end + n].iter().collect();
        // A name cut out of a longer concept (智慧 of 智慧城市) is none.
        let inside_label = (n + 1..=text.chars().count())
            .any(|k| is_label(kb, &text.chars().take(k).collect::<String>()));
        // A name before a site word is the site recogniser's (永庆 + 坊).
        let rest: String = text.chars().skip(n).collect();
        let generic = !site_words::proper_stem(&name.chars().collect::<Vec<_>>());
        if inside_label
            || generic
            || site_words::site_words().any(|w| rest.starts_with(w))
            || org_ahead(&chars[m.end + n..])
        {
            continue;
        }
        if is_label(kb, &name)
            || !places_in_name(kb, &name).is_empty()
            || site_words::has_site_word(&name)
        {
            continue;
        }
        out.push(Seen {
            passage: m.passage,
            start: m.start,
            end: m.end + n,
            acted: site_words::acted(chars, m.end + n),
            name,
        });
    }
    out
}

/// Whether the words after a name run into an organisation's ending (`赛祥` + `热力有限公司`):
/// the name is the organisation's, not a site's.
fn org_ahead(after: &[char]) -> bool {
    const REACH: usize = 4;
    let run: String = after
        .iter()
        .take_while(|&&c| site_words::is_han(c))
        .take(REACH + 6)
        .collect();
    crate::lexicon!("org_suffix").words().any(|w| {
        w.chars().count() >= 2
            && run
                .find(w)
                .is_some_and(|b| run[..b].chars().count() <= REACH)
    })
}

/// Candidates of proper names after a place.
pub(crate) fn proper_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let seen = after_places(view, kb);
    let text: String = view
        .chars
        .iter()
        .map(|c| c.iter().collect::<String>())
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &seen {
        counts
            .entry(s.name.as_str())
            .or_insert_with(|| text.matches(s.name.as_str()).count());
    }
    for s in &seen {
        if s.acted || counts[s.name.as_str()] >= 3 {
            let full = view.text(s.passage, s.start, s.end);
            out.push(new_cand(
                kb,
                &full,
                Origin::Site,
                Some((s.passage, s.start, s.end)),
            ));
        }
    }
}
