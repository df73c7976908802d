//! A kind of project at one street, town or village (`东安路街道老旧小区改造项目`,
//! `旌阳街道完整社区建设项目`): in running text as in lists, a programme at a street is that
//! street's project, named by the place, the kind and the project noun. (At a county or city
//! it is a programme: `names::is_programme_at_place`.)

use super::site_words::{has_site_word, is_stem_stop, LISTS};
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;

/// Longest run between the place and the project noun (chars).
const MAX_KIND: usize = 12;
/// Chars of the run left once kinds, site words and renewal words are out (`连片`).
const MAX_LEFT: usize = 2;

/// Whether `run` is made of kinds (`site_stem_stop.txt`), site words and renewal words, but
/// for `MAX_LEFT` chars, and holds a site word.
fn kind_run(run: &[char]) -> bool {
    let text: String = run.iter().collect();
    if !has_site_word(&text) {
        return false;
    }
    let mut left = 0;
    let mut i = 0;
    while i < run.len() {
        let word = (2..=run.len() - i).rev().find(|&n| {
            let w: String = run[i..i + n].iter().collect();
            is_stem_stop(&w)
                || LISTS
                    .suffix_words
                    .iter()
                    .any(|(s, _)| s[..] == run[i..i + n])
                || LISTS.actions.iter().any(|a| a[..] == run[i..i + n])
        });
        match word {
            Some(n) => i += n,
            None => {
                left += 1;
                i += 1;
            }
        }
    }
    left <= MAX_LEFT
}

/// End of the project named after the place ending at `at`, if one is: a kind run and a
/// project noun (`list_kind_word.txt`: 项目, 工程 …).
fn project_end(chars: &[char], at: usize) -> Option<usize> {
    let limit = (at + MAX_KIND + 2).min(chars.len());
    (at + 2..=limit)
        .take_while(|&k| !"，。；：！？、（“".contains(chars[k - 1]))
        .find(|&k| {
            crate::lexicon!("list_kind_word").words().any(|w| {
                let n = w.chars().count();
                k > at + n
                    && chars[k - n..k].iter().copied().eq(w.chars())
                    && kind_run(&chars[at..k - n])
            })
        })
}

/// Candidates of the projects at a street, town or village.
pub(crate) fn street_project_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    for m in &view.places {
        if !matches!(m.place.level.as_str(), "street" | "village") {
            continue;
        }
        let chars = &view.chars[m.passage];
        let Some(end) = project_end(chars, m.end) else {
            continue;
        };
        let name = view.text(m.passage, m.start, end);
        out.push(new_cand(
            kb,
            &name,
            Origin::Site,
            Some((m.passage, m.start, end)),
        ));
    }
}
