//! Other names of one site: a site told with what it used to be (`合柴1972位于…，前身是…合肥柴油机厂`)
//! is one case, the old name an alias of the site named before it; so is a name in brackets
//! right after another (`永庆坊（恩宁路历史文化街区）微改造项目`).

use super::candidate::CaseCandidate;
use super::doc::DocView;
use crate::lexicon;

/// Longest stretch between a site and its former name (chars).
const MAX_GAP: usize = 30;

/// Fold each candidate named as the former identity of another into that other.
pub(super) fn fold_former_names(view: &DocView, cands: &mut Vec<CaseCandidate>) {
    fold(view, cands, successor);
}

/// Fold each candidate named in brackets right after another's name into that other.
pub(super) fn fold_bracketed_names(view: &DocView, cands: &mut Vec<CaseCandidate>) {
    fold(view, cands, bracket_host);
}

type Host = fn(&DocView, &[CaseCandidate], usize) -> Option<usize>;

/// Fold each candidate that `host` gives another name of into that other: its aliases and
/// spans go there.
fn fold(view: &DocView, cands: &mut Vec<CaseCandidate>, host: Host) {
    let mut i = 0;
    while i < cands.len() {
        match host(view, cands, i) {
            Some(j) => {
                let other = cands.remove(i);
                let j = if j > i { j - 1 } else { j };
                cands[j].aliases.extend(other.aliases);
                cands[j].spans.extend(other.spans);
            }
            None => i += 1,
        }
    }
}

/// The candidate whose name `cands[i]` stands in brackets after: a span of it ends at the
/// opening bracket or runs over the whole bracket.
fn bracket_host(view: &DocView, cands: &[CaseCandidate], i: usize) -> Option<usize> {
    cands[i].spans.iter().find_map(|&(p, a, b)| {
        let chars = &view.chars[p];
        // Quotes inside the brackets go with the name (`（“三毛厂”）`).
        let quoted = a > 0 && chars[a - 1] == '“' && chars.get(b) == Some(&'”');
        let (a, b) = if quoted { (a - 1, b + 1) } else { (a, b) };
        let opens = a > 0 && matches!(chars[a - 1], '（' | '(');
        let closes = chars.get(b).is_some_and(|&c| matches!(c, '）' | ')'));
        if !(opens && closes) {
            return None;
        }
        (0..cands.len()).filter(|&j| j != i).find(|&j| {
            cands[j]
                .spans
                .iter()
                .any(|&(q, x, y)| q == p && x < a && (y == a - 1 || y > b))
        })
    })
}

/// The candidate that `cands[i]` is a former name of: the one named last before it in one
/// of its sentences, with a former-name word and no list separator between the two.
fn successor(view: &DocView, cands: &[CaseCandidate], i: usize) -> Option<usize> {
    cands[i].spans.iter().find_map(|&(p, a, _)| {
        let s = view.sentence_of(p, a);
        let (j, y) = (0..cands.len())
            .filter(|&j| j != i)
            .flat_map(|j| cands[j].spans.iter().map(move |&(q, x, y)| (j, q, x, y)))
            .filter(|&(_, q, x, y)| q == p && y <= a && view.sentence_of(q, x) == s)
            .map(|(j, _, _, y)| (j, y))
            .max_by_key(|&(_, y)| y)
            .or_else(|| heading_host(view, cands, i, p, a))?;
        let between = view.text(p, y, a);
        // The former-name word leads the clause of the old name (`前身是始建于1972年的…`).
        let lead = lexicon!("former_name")
            .words()
            .filter_map(|w| between.rfind(w).map(|at| &between[at + w.len()..]))
            .min_by_key(|rest| rest.len());
        let former = lead.is_some_and(|rest| !rest.contains(['，', '。', '；', '、', '）', ')']));
        let listed = between.contains(['、', '；', ';']);
        (a - y <= MAX_GAP && former && !listed).then_some(j)
    })
}

/// The case a section is headed by (`三、红专厂`), for a name in the opening sentence of the
/// section (`位于天河区员村街道，原为广州鹰金钱罐头厂`), with where that sentence starts.
fn heading_host(
    view: &DocView,
    cands: &[CaseCandidate],
    i: usize,
    p: usize,
    a: usize,
) -> Option<(usize, usize)> {
    let section = view.doc.passages[p].section;
    let first = view
        .doc
        .passages
        .iter()
        .position(|q| q.section == section)?;
    let s = view.sentence_of(p, a);
    if first != p || s != 0 {
        return None;
    }
    let heading = &view.doc.sections.get(section)?.heading;
    // The longest name the heading holds: a place in it is no host.
    let j = (0..cands.len())
        .filter(|&j| j != i && heading.contains(cands[j].name.as_str()))
        .max_by_key(|&j| cands[j].name.chars().count())?;
    Some((j, view.sentences[p][s].0))
}
