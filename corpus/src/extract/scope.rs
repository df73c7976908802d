//! The sentences about a case, from which it takes its facets: where it is named and the
//! sentences after, the passages that name it alone, and for the one case of a case-study
//! title the whole document. A sentence that also names another case gives the case only
//! the clauses that name it.

use super::candidate::{CaseCandidate, Origin};
use super::doc::DocView;
use std::collections::{HashMap, HashSet};

/// Sentences about a case, with the char ranges a shared sentence is narrowed to.
pub(super) struct Scope {
    pub sentences: Vec<(usize, usize)>,
    /// (passage, sentence) → the clauses of it that name the case.
    pub clauses: HashMap<(usize, usize), Vec<(usize, usize)>>,
}

impl Scope {
    /// Char ranges whose concepts the case takes.
    pub fn ranges<'a>(
        &'a self,
        view: &'a DocView,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        self.sentences.iter().flat_map(move |&(p, s)| {
            let whole = vec![view.sentences[p][s]];
            let parts = self.clauses.get(&(p, s)).cloned().unwrap_or(whole);
            parts.into_iter().map(move |(a, b)| (p, a, b))
        })
    }
}

fn is_question(view: &DocView, p: usize, s: usize) -> bool {
    view.sentence_text(p, s).ends_with(['？', '?'])
}

/// Clause marks inside a sentence.
fn clause_mark(c: char) -> bool {
    matches!(c, '，' | '；' | '：' | ',' | ';' | ':')
}

/// The clause of a sentence around chars a..b, run on through the clauses after it while
/// they name no other case (at `taken`), so an example told after its name keeps its facets.
fn clause_of(
    view: &DocView,
    p: usize,
    s: usize,
    (a, b): (usize, usize),
    taken: &[usize],
) -> (usize, usize) {
    let (sa, sb) = view.sentences[p][s];
    let chars = &view.chars[p];
    let sb = sb.min(chars.len());
    let start = (sa..a)
        .rev()
        .find(|&i| clause_mark(chars[i]))
        .map_or(sa, |i| i + 1);
    let next_mark = |from: usize| (from..sb).find(|&i| clause_mark(chars[i])).unwrap_or(sb);
    let mut end = next_mark(b);
    if taken.iter().any(|&o| start <= o && o < end) {
        return (start, end);
    }
    while end < sb {
        let next = next_mark(end + 1);
        if taken.iter().any(|&o| end < o && o < next) {
            break;
        }
        end = next;
    }
    (start, end)
}

/// Sentences about the case: where it is named and the sentences after, up to one that
/// names another case; a passage that names it alone. The one case of a case-study title
/// owns the whole document but the sentences that name other cases.
pub(super) fn case_scope(
    view: &DocView,
    c: &CaseCandidate,
    single_title: bool,
    all: &[CaseCandidate],
) -> Scope {
    let other_spans = other_spans(c, all);
    let others: HashSet<(usize, usize)> = other_spans
        .iter()
        .map(|&(p, a, _)| (p, view.sentence_of(p, a)))
        .collect();
    let own: HashSet<(usize, usize)> = c
        .spans
        .iter()
        .map(|&(p, a, _)| (p, view.sentence_of(p, a)))
        .collect();
    let mut scope: Vec<(usize, usize)> = Vec::new();
    if c.origin == Origin::Title && single_title {
        for p in 0..view.chars.len() {
            for s in 0..view.sentences[p].len() {
                if !view.ref_like[p][s] && (!others.contains(&(p, s)) || own.contains(&(p, s))) {
                    scope.push((p, s));
                }
            }
        }
    } else {
        // A passage that names this case and no other is about it (a news paragraph, a
        // list item's text).
        let other_passages: HashSet<usize> = others.iter().map(|&(p, _)| p).collect();
        for &(p, _, _) in &c.spans {
            if !other_passages.contains(&p) {
                scope.extend(
                    (0..view.sentences[p].len())
                        .filter(|&s| !view.ref_like[p][s])
                        .map(|s| (p, s)),
                );
            }
        }
        // A case named once or twice is an example told in the sentences after it; one
        // named throughout is described where it is named.
        let follow = if c.spans.len() <= 3 { 3 } else { 1 };
        for &(p, a, _) in &c.spans {
            let s = view.sentence_of(p, a);
            scope.push((p, s));
            for t in s + 1..(s + 1 + follow).min(view.sentences[p].len()) {
                if others.contains(&(p, t)) || view.ref_like[p][t] {
                    break;
                }
                scope.push((p, t));
            }
        }
    }
    // A question (an interviewer's) asks; it does not tell what the case did.
    scope.retain(|&(p, s)| own.contains(&(p, s)) || !is_question(view, p, s));
    scope.sort();
    scope.dedup();
    Scope {
        sentences: scope,
        clauses: shared_clauses(view, c, &other_spans),
    }
}

/// The sentences that name the case and another, each with the clauses that name the case.
fn shared_clauses(
    view: &DocView,
    c: &CaseCandidate,
    other_spans: &[(usize, usize, usize)],
) -> HashMap<(usize, usize), Vec<(usize, usize)>> {
    let mut clauses: HashMap<(usize, usize), Vec<(usize, usize)>> = HashMap::new();
    for &(p, a, b) in &c.spans {
        let s = view.sentence_of(p, a);
        let taken: Vec<usize> = other_spans
            .iter()
            .filter(|&&(q, x, _)| q == p && view.sentence_of(q, x) == s)
            .map(|&(_, x, _)| x)
            .collect();
        if !taken.is_empty() {
            clauses
                .entry((p, s))
                .or_default()
                .push(clause_of(view, p, s, (a, b), &taken));
        }
    }
    clauses
}

/// Where other cases are named, less spans inside this case's own (a merged name twice).
fn other_spans(c: &CaseCandidate, all: &[CaseCandidate]) -> Vec<(usize, usize, usize)> {
    all.iter()
        .filter(|o| !std::ptr::eq(*o, c) && o.name != c.name)
        .flat_map(|o| o.spans.iter().copied())
        .filter(|&(p, a, b)| !c.spans.iter().any(|&(q, x, y)| q == p && a < y && x < b))
        .collect()
}
