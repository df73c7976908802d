//! Cases: the concrete places, projects, platforms, enterprises or events a document studies.
//!
//! Candidates come from title cues (`以…为例`, `基于…的案例分析`), section headings that name
//! a case, body cues (`以…为例`, `…的做法/实践/经验`), quoted names next to a place or an
//! actor (`兰州市“小兰善治”`), clauses led by a place that name a platform or project
//! (`北京市12345热线`), and places discussed as examples throughout. Candidates naming the
//! same thing are merged; each case then collects the concepts, figures and paths of the
//! sentences that discuss it. Reference-like sentences and running headers never count.

use super::abbrev::abbreviates;
use super::candidate::{CaseCandidate, Origin};
use super::case_cues::{body_cases, heading_cases, place_only_cases, title_cases};
use super::doc::{short_hash, to_place, DocView, Mention};
use super::knowledge::Knowledge;
use super::labels::{instance_label, is_label};
use super::model::{Case, ConceptRef, Evidence, Path};
use super::places::Resolved;
use super::recognize::{
    enumerated::enumerated_cases,
    fields::field_cases,
    grouped::grouped_cases,
    house_numbers::house_number_cases,
    latin::latin_cases,
    lists::{self, list_cases},
    names,
    parallel_headings::parallel_heading_cases,
    proper::proper_cases,
    recalled::recalled_cases,
    rolls::roll_cases,
    sites::site_cases,
    street_projects::street_project_cases,
    subjects::subject_cases,
    tables::table_cases,
};
use super::salience;
use super::scope::case_scope;
use super::stance;
use crate::text::match_key;
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::HashSet;

const MAX_CASES: usize = 64;

/// A figure or table caption, or a journal's running header (`…2024年第1期·61·`).
static CAPTION: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"[图表]\s*\d|\d{4}\s*年\s*第\s*\d+\s*期|·\s*\d+\s*·").unwrap());

static FIGURE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\d+(?:\.\d+)?\s*(?:%|％|万|亿|个|户|人|次|件|平方米|m2|km2|公里|千米|米|元|条|篇|家|项|倍|小时|分钟|天|套|栋|幢|辆|台|所|座|名|份|余|多)").unwrap()
});

pub fn find(view: &DocView, kb: &Knowledge, paths: &[Path]) -> Vec<Case> {
    let mut merged = candidates(view, kb);
    // Candidates the text gives little weight (one aside in a clause, a site named once in
    // a long paper) are dropped by a fitted score (`salience.rs`).
    let keep: Vec<bool> = merged
        .iter()
        .map(|c| c.origin == Origin::Title || salience::keep(&salience::features(view, c, &merged)))
        .collect();
    let mut kept = keep.into_iter();
    merged.retain(|_| kept.next().unwrap_or(true));
    merged.sort_by_key(|c| (c.origin, std::cmp::Reverse(c.spans.len())));
    merged.truncate(MAX_CASES);
    let single_title = merged.iter().filter(|c| c.origin == Origin::Title).count() == 1;
    let mut out: Vec<Case> = merged
        .iter()
        .map(|c| build(view, kb, c, single_title, &merged, paths))
        .collect();
    // Same name twice (after merging by containment) keeps the first.
    let mut seen = HashSet::new();
    out.retain(|c| seen.insert(c.id.clone()));
    out
}

/// Case candidates found, named, merged and located, before the salience filter.
pub(super) fn candidates(view: &DocView, kb: &Knowledge) -> Vec<CaseCandidate> {
    let mut cands: Vec<CaseCandidate> = Vec::new();
    title_cases(view, kb, &mut cands);
    heading_cases(view, kb, &mut cands);
    body_cases(view, kb, &mut cands);
    list_cases(view, kb, &mut cands);
    grouped_cases(view, kb, &mut cands);
    table_cases(view, kb, &mut cands);
    field_cases(view, kb, &mut cands);
    house_number_cases(view, kb, &mut cands);
    site_cases(view, kb, &mut cands);
    enumerated_cases(view, kb, &mut cands);
    roll_cases(view, kb, &mut cands);
    street_project_cases(view, kb, &mut cands);
    proper_cases(view, kb, &mut cands);
    subject_cases(view, kb, &mut cands);
    recalled_cases(view, kb, &mut cands);
    latin_cases(view, kb, &mut cands);
    parallel_heading_cases(view, kb, &mut cands);
    // A city discussed as a case is a paper's way (`以深圳为例`); a report or a comment that
    // keeps naming its city is set there.
    if view.doc.genre == "paper" {
        place_only_cases(view, &mut cands);
    }
    trace("found", &cands);
    // Names inside a cited document's title (`《…工作方案》`), before and after merging.
    let cited = super::cited::CitedTitles::of(view);
    cands.retain(|c| !cited.hold_only(c));
    // Clauses, organisations and collections are dropped before they lend a merged case
    // their name.
    cands.retain(|c| {
        // A title names a case only with more than its places (`牡丹江` of a paper on
        // two cities' communities is the setting, not a case).
        let named = match c.origin {
            Origin::PlaceOnly => true,
            Origin::Title => names::beyond_places(kb, &c.name),
            // A listed town or village is a case by itself (`…前旗黄旗海镇：积分制…`).
            Origin::ListItem => lists::listed_name(kb, &c.name),
            _ => names::is_name(kb, &c.name),
        };
        let counted = c.origin != Origin::Cue;
        let clause = c.origin != Origin::PlaceOnly && names::is_clause(kb, &c.name, counted);
        let programme = !matches!(c.origin, Origin::Title | Origin::Quoted)
            && names::is_programme_at_place(kb, &c.name);
        let kinds = names::joins_kinds(kb, &c.name);
        named && !clause && !programme && !kinds && !names::is_collection(&c.name)
    });
    trace("named", &cands);
    // Merging is greedy; a second pass joins what the first left apart (a short name met
    // before the full one that links it to a third).
    let mut merged = merge(kb, merge(kb, cands));
    trace("merged", &merged);
    for c in &mut merged {
        locate(view, kb, c);
    }
    merged.retain(|c| c.origin == Origin::Title || !c.spans.is_empty());
    merged.retain(|c| !cited.hold_only(c));
    super::former::fold_former_names(view, &mut merged);
    super::former::fold_bracketed_names(view, &mut merged);
    // Generic names (a bare thesaurus label such as 城市大脑) are not cases.
    merged.retain(|c| {
        let bare: String = c
            .name
            .chars()
            .filter(|ch| !matches!(ch, '“' | '”'))
            .collect();
        c.origin == Origin::Title
            || !(c.name.starts_with('“') && is_label(kb, &c.name) && !instance_label(kb, &bare))
    });
    merged.retain(|c| c.name.matches('“').count() == c.name.matches('”').count());
    // Figure and table captions and journal headers leak into running text.
    merged.retain(|c| !CAPTION.is_match(&c.name));
    merged
}

/// With `GC_TRACE_CASES` set, the candidates at each stage go to stderr (`examples/cases.rs`).
fn trace(stage: &str, cands: &[CaseCandidate]) {
    static ON: Lazy<bool> = Lazy::new(|| std::env::var_os("GC_TRACE_CASES").is_some());
    if *ON {
        for c in cands {
            eprintln!(
                "  {stage:7} {:?} {} core={} {:?}",
                c.origin, c.name, c.core, c.aliases
            );
        }
    }
}

fn place_key(c: &CaseCandidate) -> Option<String> {
    c.place.as_ref().map(|(p, _)| p.key())
}

/// Longest run of characters two names share, their places left out.
fn shared_term(a: &CaseCandidate, b: &CaseCandidate) -> usize {
    let strip = |c: &CaseCandidate| -> Vec<char> {
        let mut n = match_key(&c.name);
        if let Some((p, _)) = &c.place {
            for form in [
                match_key(&p.name),
                match_key(p.name.trim_end_matches(['市', '省', '区', '县'])),
            ] {
                n = n.replace(&form, "");
            }
        }
        n.chars().collect()
    };
    let (x, y) = (strip(a), strip(b));
    let mut best = 0;
    for i in 0..x.len() {
        for j in 0..y.len() {
            let mut k = 0;
            while i + k < x.len() && j + k < y.len() && x[i + k] == y[j + k] {
                k += 1;
            }
            best = best.max(k);
        }
    }
    best
}

/// Places of which one is the other or encloses it (福田区 and 华富街道), or unknown.
fn nested_place(a: &CaseCandidate, b: &CaseCandidate) -> bool {
    let (Some((x, xp)), Some((y, yp))) = (&a.place, &b.place) else {
        return true;
    };
    // A place without a code is the site itself (瓜山社区), not a division around it.
    if x.code.is_none() || y.code.is_none() {
        return true;
    }
    let within = |p: &Resolved, parents: &[String], outer: &Resolved| {
        outer
            .code
            .as_ref()
            .is_some_and(|c| p.parents.contains(c) || parents.contains(c))
    };
    x.key() == y.key() || within(x, xp, y) || within(y, yp, x)
}

/// Short and full names of one site (`瓜山社区`, `瓜山未来社区`, `深圳福田莲花一村`): a name
/// of one contains an earlier name of the other, or they share the core, at nested places.
fn alias_of(o: &CaseCandidate, c: &CaseCandidate) -> bool {
    let site = |x: &CaseCandidate| matches!(x.origin, Origin::Site | Origin::ListItem);
    if !(site(o) || site(c)) || !nested_place(o, c) {
        return false;
    }
    let k = match_key(&c.name);
    let contains = o.aliases.iter().any(|a| {
        let a = match_key(a);
        a.chars().count().min(k.chars().count()) >= 3 && (a.contains(&k) || k.contains(&a))
    });
    contains || (c.core.chars().count() >= 2 && o.cores_seen.contains(&c.core))
}

/// Whether `x` names `y` by its abbreviation (`合柴1972文创园` of `合肥柴油机厂老厂房`).
fn short_form(kb: &Knowledge, x: &CaseCandidate, y: &CaseCandidate) -> bool {
    x.cores_seen
        .iter()
        .any(|s| y.aliases.iter().any(|f| abbreviates(kb, s, f)))
}

fn common_prefix(a: &str, b: &str) -> String {
    a.chars()
        .zip(b.chars())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect()
}

/// Sub-city places (a community, a street, an anonymised unit) are one case each.
fn small_place(c: &CaseCandidate) -> bool {
    c.place.as_ref().is_some_and(|(p, _)| {
        matches!(
            p.level.as_str(),
            "community" | "village" | "street" | "area" | "anonymous" | "county"
        )
    })
}

/// Merge candidates that name the same thing: names containing one another, a shared
/// quoted core, the same sub-city place, or a long common beginning at the same place.
fn merge(kb: &Knowledge, cands: Vec<CaseCandidate>) -> Vec<CaseCandidate> {
    let mut out: Vec<CaseCandidate> = Vec::new();
    for c in cands {
        let k = match_key(&c.name);
        if k.chars().count() < 2 {
            continue;
        }
        let mut prefix_name: Option<String> = None;
        // Which of the two names the other by its abbreviation: `Some(true)` the new one.
        let mut short_holder: Option<bool> = None;
        let same = out.iter().position(|o| {
            let ok = match_key(&o.name);
            let same_place = place_key(o).is_some() && place_key(o) == place_key(&c);
            let compatible = same_place || nested_place(o, &c);
            let names = ok.contains(&k) || k.contains(&ok);
            let cores = o.cores.iter().any(|x| {
                c.cores
                    .iter()
                    .any(|y| match_key(x) == match_key(y) && x.chars().count() >= 3)
            });
            // A place alone merges only into a case at that place.
            let place_only = (o.origin == Origin::PlaceOnly) != (c.origin == Origin::PlaceOnly);
            if place_only && !same_place {
                return false;
            }
            // A site's name with words after it (`…小区改造历程`) is that site: its name wins.
            if compatible {
                for (holder, long, short) in [(false, &c, o), (true, o, &c)] {
                    if junk_tail(kb, long, short) {
                        short_holder = Some(holder);
                        return true;
                    }
                }
            }
            if (compatible && (names || cores)) || alias_of(o, &c) {
                return true;
            }
            // The short form names the site as it is now (`长影旧址`), the full name the
            // works it was (`长春电影制片厂`): the short form's name is kept.
            if compatible {
                for (holder, x, y) in [(true, &c, o), (false, o, &c)] {
                    if short_form(kb, x, y) {
                        short_holder = Some(holder);
                        return true;
                    }
                }
            }
            // Sites and list items name their own case; others at one small place are one.
            let own = |x: &CaseCandidate| {
                matches!(
                    x.origin,
                    Origin::PlaceOnly | Origin::Site | Origin::ListItem
                )
            };
            if same_place && small_place(o) && !own(o) && !own(&c) {
                return true;
            }
            // Clauses and cues led by the same place in one document are one case (苏州…,
            // 苏州…); a quoted name joins them only when they share a longer term.
            let loose = |x: &CaseCandidate| matches!(x.origin, Origin::Cue | Origin::Clause);
            if same_place && loose(o) && loose(&c) {
                return true;
            }
            let named = |x: &CaseCandidate| {
                matches!(x.origin, Origin::Cue | Origin::Quoted | Origin::Clause)
            };
            if same_place && named(o) && named(&c) && shared_term(o, &c) >= 4 {
                return true;
            }
            let place_len = c
                .place
                .as_ref()
                .map_or(0, |(p, _)| match_key(&p.name).chars().count());
            let cp = common_prefix(&o.name, &c.name);
            if same_place
                && o.origin >= Origin::Quoted
                && c.origin >= Origin::Quoted
                && cp.chars().count() >= place_len.max(2) + 2
            {
                prefix_name = Some(
                    cp.trim_end_matches(|ch: char| "的和与及在对、".contains(ch))
                        .to_string(),
                );
                return true;
            }
            false
        });
        match same {
            None => out.push(c),
            Some(i) => absorb(&mut out[i], c, prefix_name, short_holder),
        }
    }
    drop_heading_places(&mut out);
    out
}

/// Whether `long` is the site `short` names (its places left out) with a clause after it: a
/// counted quantity (`548户居民自筹…`) or the words of a story (`改造历程`, `story_word.txt`).
/// A platform or a quoted name after a site (`…村数字化治理平台`) is not.
fn junk_tail(kb: &Knowledge, long: &CaseCandidate, short: &CaseCandidate) -> bool {
    use super::recognize::site_words::ends_in_site_word;
    let site = names::without_places(kb, &short.name);
    if site.chars().count() < 3 || !ends_in_site_word(&site) {
        return false;
    }
    let Some(at) = long.name.find(site.as_str()) else {
        return false;
    };
    let tail = &long.name[at + site.len()..];
    let digits = tail.chars().take_while(char::is_ascii_digit).count();
    let quantity = digits > 0
        && tail
            .chars()
            .nth(digits)
            .is_some_and(crate::lexicon::is_quantity_word);
    let story = crate::lexicon!("story_word")
        .words()
        .any(|w| tail.ends_with(w));
    (quantity || story)
        && !ends_in_site_word(&long.name)
        && !crate::lexicon!("project_noun")
            .words()
            .any(|w| long.name.ends_with(w))
}

/// Merge `c` into `o`. The better-sourced name wins; then one ending in a site word (the
/// site's own name, not a cut of it); then one with a place; then the shorter. A common
/// beginning (`prefix_name`) or the short form of an abbreviation (`short_holder`: whether
/// `c` holds it) decides first.
fn absorb(
    o: &mut CaseCandidate,
    c: CaseCandidate,
    prefix_name: Option<String>,
    short_holder: Option<bool>,
) {
    let rank = |x: &CaseCandidate| {
        (
            x.origin,
            !super::recognize::site_words::ends_in_site_word(&x.name),
            x.place.is_none(),
            x.name.chars().count(),
        )
    };
    // A name cut short before its site word (`…城市更新` of `…城市更新单元`) loses to the
    // whole name, whatever found it.
    let cut = |short: &str, long: &str| {
        long.len() > short.len()
            && long.starts_with(short)
            && super::recognize::site_words::ends_in_site_word(long)
            && !super::recognize::site_words::ends_in_site_word(short)
    };
    let whole = if cut(&o.name, &c.name) {
        Some(true)
    } else if cut(&c.name, &o.name) {
        Some(false)
    } else {
        None
    };
    let better = short_holder.or(whole).unwrap_or(rank(&c) < rank(o));
    if let Some(n) = prefix_name.filter(|_| o.origin >= Origin::Quoted) {
        o.name = n;
    } else if better && c.origin != Origin::PlaceOnly {
        o.name = c.name.clone();
        if c.place.is_some() {
            o.place = c.place.clone();
        }
    }
    o.origin = o.origin.min(c.origin);
    for x in c.cores {
        if !o.cores.contains(&x) {
            o.cores.push(x);
        }
    }
    o.spans.extend(c.spans);
    o.aliases.extend(c.aliases);
    o.cores_seen.extend(c.cores_seen);
}

/// A place already named at the head of another case (上海市 in 上海市L街道…) is not a case
/// of its own.
fn drop_heading_places(out: &mut Vec<CaseCandidate>) {
    let heads: Vec<String> = out
        .iter()
        .filter(|c| c.origin != Origin::PlaceOnly)
        .flat_map(|c| c.aliases.iter().map(|a| match_key(a)))
        .collect();
    out.retain(|c| {
        c.origin != Origin::PlaceOnly || {
            let forms: Vec<String> = c
                .place
                .iter()
                .flat_map(|(p, _)| [match_key(&p.name), match_key(&c.name)])
                .collect();
            !heads
                .iter()
                .any(|h| forms.iter().any(|f| h.starts_with(f.as_str())))
        }
    });
}

/// All sentences that name the case (by one of its cores), outside references and headers.
/// A core that is only a generic label (`智慧城市` of `杭州智慧城市`) names the case only in
/// sentences that also name its place; elsewhere it names the idea, not the case.
fn locate(view: &DocView, kb: &Knowledge, c: &mut CaseCandidate) {
    let mut spans: Vec<(usize, usize, usize)> = c.spans.clone();
    let forms = place_forms(c);
    for core in &c.cores {
        let generic = generic_core(kb, core, &c.name);
        if generic && forms.is_empty() {
            continue;
        }
        let core: Vec<char> = core.chars().collect();
        if core.len() < 2 {
            continue;
        }
        for p in 0..view.chars.len() {
            let chars = &view.chars[p];
            let mut i = 0;
            while i + core.len() <= chars.len() {
                if chars[i..i + core.len()] == core[..] {
                    let s = view.sentence_of(p, i);
                    let placed = || {
                        let t = view.sentence_text(p, s);
                        forms.iter().any(|f| t.contains(f.as_str()))
                    };
                    if !view.ref_like[p][s]
                        && !view.masked[p][i]
                        && !spans.iter().any(|&(q, a, b)| q == p && a <= i && i < b)
                        && (!generic || placed())
                    {
                        spans.push((p, i, i + core.len()));
                    }
                    i += core.len();
                } else {
                    i += 1;
                }
            }
        }
    }
    if c.origin == Origin::PlaceOnly {
        let key = place_key(c);
        for m in &view.places {
            let s = view.sentence_of(m.passage, m.start);
            if Some(m.place.key()) == key
                && !view.ref_like[m.passage][s]
                && !spans
                    .iter()
                    .any(|&(q, a, _)| q == m.passage && a == m.start)
            {
                spans.push((m.passage, m.start, m.end));
            }
        }
    }
    spans.sort();
    spans.dedup();
    c.spans = spans;
}

/// Ways the text writes the case's place: its name, the name without the level suffix,
/// and the place as the case's name writes it.
fn place_forms(c: &CaseCandidate) -> Vec<String> {
    let Some((p, _)) = &c.place else {
        return Vec::new();
    };
    let mut forms = vec![p.name.clone()];
    let short = p.name.trim_end_matches(['市', '省', '区', '县']);
    if short.chars().count() >= 2 {
        forms.push(short.to_string());
    }
    forms.retain(|f| f.chars().count() >= 2);
    forms
}

/// A core that is a kind rather than a name: a thesaurus label (not an instance's variant
/// name) shorter than the case's whole name.
fn generic_core(kb: &Knowledge, core: &str, name: &str) -> bool {
    let whole: String = name
        .chars()
        .filter(|ch| !matches!(ch, '“' | '”' | ' '))
        .collect();
    core != whole && is_label(kb, core) && !instance_label(kb, core)
}

fn build(
    view: &DocView,
    kb: &Knowledge,
    c: &CaseCandidate,
    single_title: bool,
    all: &[CaseCandidate],
    paths: &[Path],
) -> Case {
    let sc = case_scope(view, c, single_title, all);
    let named: HashSet<(usize, usize)> = c
        .spans
        .iter()
        .map(|&(p, a, _)| (p, view.sentence_of(p, a)))
        .collect();
    // A denied concept is dropped; one of a general sentence is context: kept loose.
    let general = |m: &Mention| {
        let s = (m.passage, view.sentence_of(m.passage, m.start));
        !named.contains(&s) && stance::general(view, s.0, s.1)
    };
    let (context, ms): (Vec<Mention>, Vec<Mention>) = sc
        .ranges(view)
        .flat_map(|(p, a, b)| view.mentions_in(p, a, b).copied().collect::<Vec<_>>())
        .filter(|m| !stance::negated(view, m))
        .partition(general);
    let scope = sc.sentences;
    let (mut loose, refs): (Vec<ConceptRef>, Vec<ConceptRef>) = view
        .concept_refs(kb, ms.iter(), 3)
        .into_iter()
        .partition(|r| kb.loose_facets.contains(&r.concept));
    for r in view.concept_refs(kb, context.iter(), 3) {
        let held = |x: &ConceptRef| x.concept == r.concept;
        if !refs.iter().any(held) && !loose.iter().any(held) {
            loose.push(r);
        }
    }
    let by = |scheme: &str| -> Vec<ConceptRef> {
        refs.iter()
            .filter(|r| r.scheme == scheme)
            .cloned()
            .collect()
    };
    let mut figures: Vec<Evidence> = Vec::new();
    for &(p, s) in &scope {
        let t = view.sentence_text(p, s);
        let has_figure = FIGURE.find_iter(&t).any(|m| !is_year(m.as_str()));
        if has_figure && figures.len() < 8 {
            figures.push(view.sentence_evidence(p, s));
        }
    }
    let passages: HashSet<String> = scope
        .iter()
        .map(|&(p, _)| view.passage(p).id.clone())
        .collect();
    let case_paths: Vec<Path> = paths
        .iter()
        .filter(|pa| pa.kind != "countermeasures")
        .filter(|pa| {
            pa.stages
                .iter()
                .flat_map(|s| &s.evidence)
                .any(|e| passages.contains(&e.passage))
        })
        .cloned()
        .collect();
    let place = c.place.as_ref().map(|(r, parents)| {
        let mut pl = to_place(r);
        if pl.parents.is_empty() {
            pl.parents = parents.clone();
        }
        pl.evidence = view
            .places
            .iter()
            .filter(|m| m.place.key() == r.key())
            .take(3)
            .map(|m| view.evidence(m.passage, m.start, m.end))
            .collect();
        pl
    });
    // One evidence per sentence: two cores in one sentence are one mention.
    let mut said: HashSet<(usize, usize)> = HashSet::new();
    let evidence: Vec<Evidence> = c
        .spans
        .iter()
        .filter(|&&(p, a, _)| said.insert((p, view.sentence_of(p, a))))
        .take(10)
        .map(|&(p, a, b)| view.evidence(p, a, b))
        .collect();
    Case {
        id: format!("{}-c{}", view.doc.id, short_hash(&match_key(&c.name))),
        name: c.name.clone(),
        level: place.as_ref().map(|p| p.level.clone()),
        place,
        domains: by("domain"),
        actors: by("actor"),
        technologies: by("technology"),
        mechanisms: by("mechanism"),
        obstacles: by("obstacle"),
        outcomes: by("outcome"),
        financing: by("financing"),
        operation: by("operation"),
        outcome_figures: figures,
        paths: case_paths,
        evidence,
        loose,
    }
}

fn is_year(s: &str) -> bool {
    let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    d.len() == 4 && (d.starts_with("19") || d.starts_with("20"))
}
