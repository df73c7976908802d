//! Former names: a site told with what it used to be (`合柴1972位于…，前身是…合肥柴油机厂`)
//! is one case; the old name becomes an alias of the site named before it.

use super::candidate::CaseCandidate;
use super::doc::DocView;
use crate::lexicon;

/// Longest stretch between a site and its former name (chars).
const MAX_GAP: usize = 30;

/// Fold each candidate named as the former identity of another into that other.
pub(super) fn fold_former_names(view: &DocView, cands: &mut Vec<CaseCandidate>) {
    let mut i = 0;
    while i < cands.len() {
        match successor(view, cands, i) {
            Some(j) => {
                let old = cands.remove(i);
                let j = if j > i { j - 1 } else { j };
                cands[j].aliases.extend(old.aliases);
                cands[j].spans.extend(old.spans);
            }
            None => i += 1,
        }
    }
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
            .max_by_key(|&(_, y)| y)?;
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
