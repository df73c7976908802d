//! Whether a candidate's name is a name: a noun phrase (no predicate word from
//! `name_predicate.txt`), not an organisation (`org_suffix.txt`), and more than places
//! and project words (`杭州市拱墅区` or `祖庙街道项目` alone name no case).

use crate::extract::cases::places_in_name;
use crate::extract::Knowledge;
use crate::lexicon;

pub(crate) fn is_name(kb: &Knowledge, name: &str) -> bool {
    if lexicon!("name_predicate").words().any(|w| name.contains(w)) {
        return false;
    }
    let core = without_places(kb, name);
    // A place and then a preposition or verb of one character is a clause (西宁市以…).
    let led_by_place = core.chars().count() < name.chars().count() && name.ends_with(core.as_str());
    if led_by_place && core.starts_with(|c: char| "以将在对把为做给向从".contains(c)) {
        return false;
    }
    let core = lexicon!("project_noun")
        .words()
        .fold(core, |acc, w| acc.replace(w, ""));
    let core = core.trim();
    if lexicon!("org_suffix").words().any(|w| core.ends_with(w)) {
        return false;
    }
    core.chars().filter(|c| c.is_alphanumeric()).count() >= 2
}

/// The name with its gazetteer places (divisions with a code) left out.
fn without_places(kb: &Knowledge, name: &str) -> String {
    let mut places = places_in_name(kb, name);
    places.retain(|(_, _, p)| p.code.is_some());
    name.chars()
        .enumerate()
        .filter(|(i, _)| !places.iter().any(|&(a, b, _)| a <= *i && *i < b))
        .map(|(_, c)| c)
        .collect()
}

/// A collection of cases (…典型案例, …优秀案例汇编) rather than one.
pub(crate) fn is_collection(name: &str) -> bool {
    lexicon!("collection_word")
        .words()
        .any(|w| name.contains(w))
}

/// What names the case once places and site or project words are taken off its ends:
/// `瓜山社区` and `杭州拱墅区瓜山未来社区` both give `瓜山`.
pub(crate) fn core_key(kb: &Knowledge, name: &str) -> String {
    let mut core = crate::text::match_key(&without_places(kb, name));
    loop {
        let before = core.len();
        for w in lexicon!("project_noun")
            .words()
            .chain(super::sites::site_words())
        {
            if core.chars().count() > w.chars().count() + 1 {
                if let Some(c) = core.strip_suffix(w) {
                    core = c.to_string();
                }
            }
        }
        if core.len() == before {
            return core;
        }
    }
}
