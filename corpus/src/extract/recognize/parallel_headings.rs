//! Sibling headings that each open with a case (`3.1 兴旺社区：…`, `3.2 曾厝垵：…`,
//! `3.3 院前社：…`): a paper or report that compares its cases gives each a numbered section
//! of its own. When most subjects of a run of numbered siblings are sites already (a site
//! word at the end, or a case another recogniser found), the others are cases too, whatever
//! their words (`曾厝垵` has no site word).

use super::site_words::ends_in_site_word;
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::is_label;
use crate::text::match_key;
use std::collections::BTreeMap;

/// Longest subject read as a name (chars).
const MAX_SUBJECT: usize = 14;

/// The subject of a numbered heading: before its colon or dash, or the whole heading when
/// it is short and has none.
fn subject(heading: &str) -> Option<String> {
    let m = crate::item::marker(heading)?;
    let rest = m.rest.trim();
    let cut = rest.find(['：', ':']).or_else(|| rest.find("——"));
    let subject = cut.map_or(rest, |i| &rest[..i]).trim();
    let n = subject.chars().count();
    (2..=MAX_SUBJECT).contains(&n).then(|| subject.to_string())
}

/// Runs of sibling sections: one level, no section of a higher level between them (deeper
/// ones may be).
fn sibling_runs(view: &DocView) -> Vec<Vec<usize>> {
    let mut open: BTreeMap<u8, Vec<usize>> = BTreeMap::new();
    let mut runs = Vec::new();
    for (si, s) in view.doc.sections.iter().enumerate() {
        if s.level == 0 {
            continue;
        }
        // A heading closes the runs below its level.
        let deeper: Vec<u8> = open.range(s.level + 1..).map(|(&l, _)| l).collect();
        runs.extend(deeper.iter().filter_map(|l| open.remove(l)));
        open.entry(s.level).or_default().push(si);
    }
    runs.extend(open.into_values());
    runs.retain(|r| r.len() >= 2);
    runs
}

pub(crate) fn parallel_heading_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let found: Vec<String> = out.iter().map(|c| match_key(&c.name)).collect();
    let known = |s: &str| {
        let k = match_key(s);
        ends_in_site_word(s) || found.iter().any(|f| f.ends_with(&k))
    };
    for run in sibling_runs(view) {
        let subjects: Vec<(usize, String)> = run
            .iter()
            .filter_map(|&si| subject(&view.doc.sections[si].heading).map(|s| (si, s)))
            .collect();
        let sites = subjects.iter().filter(|(_, s)| known(s)).count();
        if subjects.len() < run.len() || sites < 2 || sites * 2 < subjects.len() {
            continue;
        }
        for (si, name) in subjects {
            if !known(&name) && !is_label(kb, &name) && super::names::is_name(kb, &name) {
                let span = view.section_first_sentence(si);
                out.push(new_cand(kb, &name, Origin::Heading, span));
            }
        }
    }
}
