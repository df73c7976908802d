//! A case candidate as the recognisers find it: its name, the strings that name it in running
//! text, its place and where it was found.

use super::knowledge::Knowledge;
use super::labels::{places_in_name, quoted};
use super::places::Resolved;
use super::recognize::names;

/// Where a candidate was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Origin {
    Title,
    Heading,
    /// A numbered item of a case list (`recognize::lists`).
    ListItem,
    Cue,
    Quoted,
    Clause,
    /// A site name with its site word (`recognize::sites`).
    Site,
    PlaceOnly,
}

/// A name that may be a case, before merging.
#[derive(Debug, Clone)]
pub(crate) struct CaseCandidate {
    pub(super) name: String,
    /// Strings whose occurrence in a sentence names the case.
    pub(super) cores: Vec<String>,
    pub(super) place: Option<(Resolved, Vec<String>)>,
    pub(super) origin: Origin,
    /// (passage, start, end) of the spans that named the candidate.
    pub(super) spans: Vec<(usize, usize, usize)>,
    /// Every name merged into this candidate.
    pub(super) aliases: Vec<String>,
    /// The name without places and site or project words (`recognize::names::core_key`).
    pub(super) core: String,
    /// The cores of every name merged into this candidate.
    pub(super) cores_seen: Vec<String>,
}

/// How specific a place is; an anonymised place ranks by its suffix (`D村` is a village).
fn level_rank(p: &Resolved) -> u8 {
    let level = if p.level == "anonymous" {
        match p.name.chars().last() {
            Some('村') => "village",
            Some('区' | '县') => "county",
            Some('道' | '镇' | '乡') => "street",
            _ if p.name.ends_with("社区") || p.name.ends_with("小区") => "community",
            _ => "city",
        }
    } else {
        p.level.as_str()
    };
    match level {
        "national" => 0,
        "foreign" | "province" => 1,
        "city" => 2,
        "county" => 3,
        "area" | "street" => 4,
        _ => 5,
    }
}

/// The most specific place of a name, with the gazetteer places before it as parents.
pub(super) fn case_place(kb: &Knowledge, name: &str) -> Option<(Resolved, Vec<String>)> {
    let ps = places_in_name(kb, name);
    let best = ps.iter().max_by_key(|(s, _, p)| (level_rank(p), *s))?;
    let mut parents: Vec<String> = Vec::new();
    for (_, _, p) in ps.iter().filter(|(s, _, _)| *s < best.0) {
        for c in p.parents.iter().chain(p.code.iter()) {
            if !parents.contains(c) {
                parents.push(c.clone());
            }
        }
    }
    let mut place = best.2.clone();
    if place.code.is_none() && place.parents.is_empty() {
        place.parents = parents.clone();
    }
    Some((place, parents))
}

/// Strings that name the case in running text: quoted parts, and the name without the
/// leading places (`苏州市狮山社区` → `狮山社区`).
pub(super) fn cores_of(kb: &Knowledge, name: &str) -> Vec<String> {
    let mut cores: Vec<String> = quoted(name).into_iter().map(|(q, _, _)| q).collect();
    let chars: Vec<char> = name.chars().collect();
    let ps = places_in_name(kb, name);
    let mut start = 0;
    for (s, e, p) in &ps {
        if *s == start && p.code.is_some() {
            start = *e;
        }
    }
    // `汕头市的医疗服务` is named by `医疗服务`, not by `的医疗服务`.
    let rest: String = chars[start..]
        .iter()
        .filter(|c| !matches!(c, '“' | '”' | ' '))
        .collect::<String>()
        .trim_start_matches('的')
        .to_string();
    if rest.chars().count() >= 2 && !cores.contains(&rest) {
        cores.push(rest);
    }
    let whole: String = chars
        .iter()
        .filter(|c| !matches!(c, '“' | '”' | ' '))
        .collect();
    if !cores.contains(&whole) {
        cores.push(whole);
    }
    cores.retain(|c| c.chars().count() >= 2);
    cores
}

pub(crate) fn new_cand(
    kb: &Knowledge,
    name: &str,
    origin: Origin,
    span: Option<(usize, usize, usize)>,
) -> CaseCandidate {
    // Conjunctions go only at the end: a name may begin with one (和平里, 与山村). A middle
    // dot is a separator (`某集团 · 案例展示`).
    let name: String = name
        .trim()
        .trim_start_matches(|c: char| "，。、；：·・•".contains(c))
        .trim_end_matches(|c: char| "，。、；：·・•的和与及".contains(c))
        .to_string();
    CaseCandidate {
        cores: cores_of(kb, &name),
        place: case_place(kb, &name),
        name: name.clone(),
        origin,
        spans: span.into_iter().collect(),
        aliases: vec![name.clone()],
        cores_seen: vec![names::core_key(kb, &name)],
        core: names::core_key(kb, &name),
    }
}
