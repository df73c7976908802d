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
