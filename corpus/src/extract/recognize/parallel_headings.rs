//! Sibling headings that each open with a case (`3.1 兴旺社区：…`, `3.2 曾厝垵：…`,
//! `3.3 院前社：…`): a paper or report that compares its cases gives each a numbered section
//! of its own, a news report a bracketed lead line (`【店头街】“修旧如旧”留住名街`,
//! `【工农小区：拆违腾出96个车位】`). When most subjects of a run of numbered siblings, or of
//! a document's bracketed leads, are sites already (a site word at the end, or a case
//! another recogniser found), each subject is a case, whatever its words (`曾厝垵` has no
//! site word, `店头街` only a weak one).

use super::site_words::ends_in_site_word;
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::is_label;
use crate::text::match_key;
use std::collections::BTreeMap;

/// A subject and the span a candidate of it is told at.
type Subject = (String, Option<(usize, usize, usize)>);

/// Longest region label before a case list heading's colon (chars).
const MAX_REGION: usize = 6;
/// Longest subject read as a name (chars).
const MAX_SUBJECT: usize = 14;
/// Longest subject before a colon or dash, which marks it off as the heading's subject
/// (`通州区政务服务中心北三县通办专区：…`, a place and a service point).
const MAX_MARKED_SUBJECT: usize = 20;

/// The subject of a numbered heading: before its colon or dash, or the whole heading when
/// it is short and has none. A case list's heading may lead with its region alone
/// (`六、海南琼海：塔洋镇远程医疗点`): then the subject is the region and what follows it, to
/// its first stop.
fn subject(kb: &Knowledge, heading: &str) -> Option<String> {
    let m = crate::item::marker(heading)?;
    let rest = m.rest.trim();
    let cut = rest.find(['：', ':']).or_else(|| rest.find("——"));
    let subject = match cut {
        Some(i) if is_region(kb, &rest[..i]) => {
            format!("{}{}", rest[..i].trim(), after_region(&rest[i..]).trim())
        }
        Some(i) => rest[..i].trim().to_string(),
        None => rest.to_string(),
    };
    let n = subject.chars().count();
    let max = if cut.is_some() {
        MAX_MARKED_SUBJECT
    } else {
        MAX_SUBJECT
    };
    (2..=max).contains(&n).then_some(subject)
}

/// A region label: a few characters that open with a gazetteer place and hold no site word
/// (`福建武夷山`, `海南琼海`; the county is often shortened past the gazetteer's reach).
fn is_region(kb: &Knowledge, label: &str) -> bool {
    let label = label.trim();
    label.chars().count() <= MAX_REGION
        && !super::site_words::has_site_word(label)
        && crate::extract::labels::places_in_name(kb, label)
            .first()
            .is_some_and(|p| p.0 == 0)
}

/// What follows a region's colon or dash, to the first stop.
fn after_region(tail: &str) -> &str {
    let tail = tail.trim_start_matches(['：', ':', '—']);
    let end = tail
        .find(['，', '。', '；', '：', ':', '（', '('])
        .unwrap_or(tail.len());
    &tail[..end]
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

/// The bracketed leads of a document's lines: the subject inside `【…】` that opens a line
/// or follows a finished sentence (a short line joined to the paragraph before), before its
/// colon if it has one, with its span. A lead has a subtitle, after its colon or after the
/// bracket: a bar of buttons (`【纠错】【打印】`) and field labels (`【责任编辑：…】`) are none.
fn bracket_leads(view: &DocView) -> Vec<Subject> {
    let mut out = Vec::new();
    for (p, chars) in view.chars.iter().enumerate() {
        let starts = (0..chars.len()).filter(|&i| i == 0 || "\n。！？”".contains(chars[i - 1]));
        for i in starts.filter(|&i| chars[i] == '【') {
            let Some(close) = (i + 1..chars.len().min(i + 24)).find(|&k| chars[k] == '】') else {
                continue;
            };
            let colon = (i + 1..close).find(|&k| matches!(chars[k], '：' | ':'));
            let subtitle = colon.map_or(chars.get(close + 1), |c| chars.get(c + 1));
            if subtitle.is_none_or(|&c| matches!(c, '【' | '】' | '\n')) {
                continue;
            }
            let end = colon.unwrap_or(close);
            let name: String = chars[i + 1..end].iter().collect();
            let n = name.chars().count();
            if (2..=MAX_SUBJECT).contains(&n) && !crate::lexicon!("field_label").contains(&name) {
                out.push((name, Some((p, i + 1, end))));
            }
        }
    }
    out
}

/// Subjects that all end in the same two characters, not a strong site word, name stages
/// or kinds of one thing (`启动阶段`, `协商阶段`, `实施阶段`), not sites.
fn series_of_kinds(subjects: &[Subject]) -> bool {
    let tail = |s: &str| s.chars().rev().take(2).collect::<Vec<char>>();
    let first = subjects.first().map(|(s, _)| tail(s));
    let shared = subjects.iter().all(|(s, _)| Some(tail(s)) == first);
    let word: String = first.unwrap_or_default().into_iter().rev().collect();
    shared && !super::site_words::ends_in_strong_site_word(&word)
}

/// The subjects of each run of numbered sibling headings, with the first sentence under each.
fn heading_groups(view: &DocView, kb: &Knowledge) -> Vec<Vec<Subject>> {
    let mut groups = Vec::new();
    for run in sibling_runs(view) {
        let subjects: Vec<_> = run
            .iter()
            .filter_map(|&si| {
                subject(kb, &view.doc.sections[si].heading)
                    .map(|s| (s, view.section_first_sentence(si)))
            })
            .collect();
        if subjects.len() == run.len() {
            groups.push(subjects);
        }
    }
    groups
}

pub(crate) fn parallel_heading_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let mut groups = heading_groups(view, kb);
    groups.push(bracket_leads(view));
    let found: Vec<String> = out.iter().map(|c| match_key(&c.name)).collect();
    let is_found = |s: &str| {
        let k = match_key(s);
        found.iter().any(|f| f.ends_with(&k))
    };
    // A thesaurus concept is no site, whatever its end (`启动阶段`, `实施阶段`).
    let known = |s: &str| !is_label(kb, s) && (ends_in_site_word(s) || is_found(s));
    for subjects in groups {
        let sites = subjects.iter().filter(|(s, _)| known(s)).count();
        if sites < 2 || sites * 2 < subjects.len() || series_of_kinds(&subjects) {
            continue;
        }
        for (name, span) in subjects {
            if !is_found(&name) && !is_label(kb, &name) && super::names::is_name(kb, &name) {
                out.push(new_cand(kb, &name, Origin::Heading, span));
            }
        }
    }
}
