//! Sites named without a site word, as the subject of a sentence that describes them
//! (`琥珀山庄位于合肥老城西侧`, `潘安湖曾是徐州最大的采煤塌陷区`): a run of name words
//! (part-of-speech tags) opening the sentence right before a predicate of
//! `subject_intro.txt`, which the document names at least twice.

use super::{pos, site_words};
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::is_label;
use crate::lexicon;

/// Shortest and longest subject (chars).
const MIN_SUBJECT: usize = 3;
const MAX_SUBJECT: usize = 10;

/// Where the subject of a sentence starts: its first char, or after a speaker's colon
/// (`艾尔肯：高台民居在…`) and a short reply (`对，`).
fn subject_start(text: &[char]) -> usize {
    let from = text
        .iter()
        .take(8)
        .position(|&c| c == '：' || c == ':')
        .map_or(0, |i| i + 1);
    // An answer's `对，` or `是的，` before the subject.
    text.iter()
        .skip(from)
        .take(3)
        .position(|&c| c == '，')
        .map_or(from, |i| from + i + 1)
}

/// The subject before the earliest introducing predicate, if it is a name: its span and
/// whether the predicate is a weak one (`是`). `placed_at(i)`: a place starts at char `i`,
/// so `在` before it locates the subject (`创智农园在五角场街道`).
fn subject(text: &[char], placed_at: impl Fn(usize) -> bool) -> Option<(usize, usize, bool)> {
    let from = subject_start(text);
    let rest: String = text[from..].iter().take(MAX_SUBJECT + 6).collect();
    let located = rest
        .chars()
        .enumerate()
        .find(|&(i, c)| c == '在' && placed_at(from + i + 1))
        .map(|(i, _)| (i, false));
    let strength = |f: &[String], s: &str| f.first().is_some_and(|x| x == s);
    let (at, weak, site) = lexicon!("subject_intro")
        .entries
        .iter()
        .filter_map(|(w, f)| {
            let at = rest[..rest.find(w.as_str())?].chars().count();
            Some((at, strength(f, "weak"), strength(f, "site")))
        })
        .chain(located.map(|(i, w)| (i, w, false)))
        .min()?;
    let name: String = rest.chars().take(at).collect();
    let all_name_words = pos::name_tail(&name) == at;
    let plain = name.chars().all(|c| c.is_alphanumeric());
    let proper = !weak || pos::has_proper(&name);
    // A two-character subject (`草厂是…`) only when the dictionary does not know it as a
    // common word (`这里`, `社区`).
    let short = at == MIN_SUBJECT - 1 && !pos::is_common_word(&name);
    let ok = ((MIN_SUBJECT..=MAX_SUBJECT).contains(&at) || short)
        && all_name_words
        && plain
        && proper
        && (site || !pos::is_person(&name));
    ok.then_some((from, from + at, weak))
}

/// Candidates of described subjects.
pub(crate) fn subject_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    // The title and headings count as namings (a write-up names its site in its title).
    let text: String = std::iter::once(view.doc.title.clone())
        .chain(view.doc.sections.iter().map(|s| s.heading.clone()))
        .chain(view.chars.iter().map(|c| c.iter().collect()))
        .collect();
    for p in 0..view.chars.len() {
        for (s, &(a, b)) in view.sentences[p].iter().enumerate() {
            if view.ref_like[p][s] || view.masked[p][a..b].iter().any(|&m| m) {
                continue;
            }
            let placed_at = |i: usize| {
                view.places
                    .iter()
                    .any(|m| m.passage == p && m.start == a + i && m.place.level != "national")
            };
            let Some((x, y, weak)) = subject(&view.chars[p][a..b], placed_at) else {
                continue;
            };
            let name = view.text(p, a + x, a + y);
            // A site word or project word alone (小区, 项目) names nothing.
            let bare = site_words::site_words().any(|w| name == w) || is_label(kb, &name);
            let needed = if weak { 3 } else { 2 };
            if bare || text.matches(name.as_str()).count() < needed {
                continue;
            }
            out.push(new_cand(kb, &name, Origin::Site, Some((p, a + x, a + y))));
        }
    }
}
