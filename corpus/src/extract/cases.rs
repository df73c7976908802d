//! Cases: the concrete places, projects, platforms, enterprises or events a document studies.
//!
//! Candidates come from title cues (`以…为例`, `基于…的案例分析`), section headings that name
//! a case, body cues (`以…为例`, `…的做法/实践/经验`), quoted names next to a place or an
//! actor (`兰州市“小兰善治”`), clauses led by a place that name a platform or project
//! (`北京市12345热线`), and places discussed as examples throughout. Candidates naming the
//! same thing are merged; each case then collects the concepts, figures and paths of the
//! sentences that discuss it. Reference-like sentences and running headers never count.

use super::doc::{short_hash, to_place, DocView, Mention, PlaceMention};
use super::matcher::Folded;
use super::places::{self, Resolved};
use super::{Case, ConceptRef, Evidence, Knowledge, Path};
use crate::text::match_key;
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::{BTreeMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Origin {
    Title,
    Heading,
    Cue,
    Quoted,
    Clause,
    PlaceOnly,
}

#[derive(Debug, Clone)]
struct Cand {
    name: String,
    /// Strings whose occurrence in a sentence names the case.
    cores: Vec<String>,
    place: Option<(Resolved, Vec<String>)>,
    origin: Origin,
    /// (passage, start, end) of the spans that named the candidate.
    spans: Vec<(usize, usize, usize)>,
}

const MAX_CASES: usize = 12;

static TITLE_EXAMPLE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"以(.{2,30}?)为(?:例|案例|个案|研究对象|分析对象)").unwrap());
static TITLE_BASED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"基于(.{2,40}?)的(?:双|多|跨|单)?(?:案例|个案|实证|社会实验|田野|实验|调查|调研|考察)").unwrap()
});
static TITLE_PROJECT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[—-]+\s*([^—\-：:]{2,24}?(?:项目|工程|平台|社区|街道|小区|片区|新村|村))的").unwrap()
});
static NOT_A_CASE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"视角|理论|框架|模型|逻辑|方法|数据|分析|研究|文献|机制|路径|视域|背景|范式").unwrap());
static BODY_CUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"以([^，。；：以]{2,25}?)为(?:例|代表|典型|案例)|([^，。；：]{2,25}?)的(?:做法|实践|经验|探索|案例)|([^，。；：]{2,25}?)案例").unwrap()
});
static EXAMPLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"例如|比如|譬如|诸如|再如|又如|如|以.{1,24}为例|案例|实践|做法|经验|典型|代表|试点|率先|探索|打造|建立|推出|上线|开发").unwrap()
});
/// Nouns that make a quoted or place-led phrase a project, platform or programme.
static CASE_NOUN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"平台|项目|工程|系统|热线|大脑|中枢|改革|APP|App|小程序|公众号|码|通办|统管|协同|帮办|善治|专线|节|计划|行动|实践|模式|工作法|品牌|试点|示范区|实验区|文档|e通|服务站|中心|社区|街道|村|片区|新城|园区").unwrap()
});
/// Quoted phrases that name problems, slogans or ideas, not cases.
static NOT_CASE_QUOTE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"困境|难题|风险|陷阱|偏差|鸿沟|孤岛|壁垒|主义|悖论|失灵|异化|危机|挑战|冷冻期|之窗|[，、。！？]|最后一公里|城市病|难以为继").unwrap()
});
static CLAUSE_PREFIX: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(?:例如|比如|譬如|诸如|再如|又如|如|像|其中|同时|此外|另外|而|在|以|据|从|自|目前|近年来|当前|早在|截至|\d{4}\s*年(?:以来|起)?|\d{1,2}\s*月|\s)*$").unwrap()
});
static FILLER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"通过|依托|借助|利用|则|也|还|已经|已|均|先后|率先|积极|大力|全面|正在|不断|持续|进一步|在|中").unwrap()
});
static FIGURE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"\d+(?:\.\d+)?\s*(?:%|％|万|亿|个|户|人|次|件|平方米|m2|km2|公里|千米|米|元|条|篇|家|项|倍|小时|分钟|天|套|栋|幢|辆|台|所|座|名|份|余|多)").unwrap()
});
static CLAUSE_END: &[char] = &['，', '。', '；', '：', '！', '？', ',', ';', ':', '!', '?'];

pub fn find(view: &DocView, kb: &Knowledge, paths: &[Path]) -> Vec<Case> {
    let mut cands: Vec<Cand> = Vec::new();
    title_cases(view, kb, &mut cands);
    heading_cases(view, kb, &mut cands);
    body_cases(view, kb, &mut cands);
    place_only_cases(view, &mut cands);
    let mut merged = merge(cands);
    for c in &mut merged {
        locate(view, c);
    }
    merged.retain(|c| c.origin == Origin::Title || !c.spans.is_empty());
    // Generic names (a bare thesaurus label such as 城市大脑) are not cases.
    merged.retain(|c| c.origin == Origin::Title || !is_label(kb, &c.name));
    merged.sort_by_key(|c| (c.origin, std::cmp::Reverse(c.spans.len())));
    merged.truncate(MAX_CASES);
    let single_title = merged.iter().filter(|c| c.origin == Origin::Title).count() == 1;
    let mut out: Vec<Case> = merged.iter().map(|c| build(view, kb, c, single_title, &merged, paths)).collect();
    // Same name twice (after merging by containment) keeps the first.
    let mut seen = HashSet::new();
    out.retain(|c| seen.insert(c.id.clone()));
    out
}

fn is_label(kb: &Knowledge, name: &str) -> bool {
    let k = match_key(name);
    let f = Folded::new(name);
    kb.concepts.find(&f).iter().any(|h| {
        h.start == 0 && match_key(&name.chars().skip(h.start).take(h.end - h.start).collect::<String>()) == k
    })
}

/// Places named in a string, resolved within the string (most specific last).
fn places_in_name(kb: &Knowledge, name: &str) -> Vec<(usize, usize, Resolved)> {
    let f = Folded::new(name);
    let raw: Vec<(usize, places::RawPlace)> = kb.places.find_raw(name, &f).into_iter().map(|r| (0, r)).collect();
    let chars = vec![name.chars().collect::<Vec<char>>()];
    let res = places::resolve(&kb.gazetteer, &raw, &chars);
    raw.into_iter()
        .zip(res)
        .filter_map(|((_, r), p)| p.map(|p| (r.start, r.end, p)))
        .filter(|(_, _, p)| p.level != "national")
        .collect()
}

fn level_rank(level: &str) -> u8 {
    match level {
        "national" => 0,
        "foreign" | "province" => 1,
        "city" | "anonymous" => 2,
        "county" => 3,
        "area" | "street" => 4,
        _ => 5,
    }
}

/// The most specific place of a name, with the gazetteer places before it as parents.
fn case_place(kb: &Knowledge, name: &str) -> Option<(Resolved, Vec<String>)> {
    let ps = places_in_name(kb, name);
    let best = ps.iter().max_by_key(|(s, _, p)| (level_rank(&p.level), *s))?;
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
fn cores_of(kb: &Knowledge, name: &str) -> Vec<String> {
    let mut cores: Vec<String> = quoted(name).into_iter().map(|(q, _, _)| q).collect();
    let chars: Vec<char> = name.chars().collect();
    let ps = places_in_name(kb, name);
    let mut start = 0;
    for (s, e, p) in &ps {
        if *s == start && p.code.is_some() {
            start = *e;
        }
    }
    let rest: String = chars[start..].iter().filter(|c| !matches!(c, '“' | '”' | ' ')).collect();
    if rest.chars().count() >= 2 && !cores.contains(&rest) {
        cores.push(rest);
    }
    let whole: String = chars.iter().filter(|c| !matches!(c, '“' | '”' | ' ')).collect();
    if !cores.contains(&whole) {
        cores.push(whole);
    }
    cores.retain(|c| c.chars().count() >= 2);
    cores
}

/// Quoted spans “…” of a string: (content, char start of “, char end after ”).
fn quoted(s: &str) -> Vec<(String, usize, usize)> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '“' {
            if let Some(j) = chars[i + 1..].iter().position(|&c| c == '”' || c == '“') {
                let j = i + 1 + j;
                if chars[j] == '”' && j - i - 1 >= 2 && j - i - 1 <= 20 {
                    out.push((chars[i + 1..j].iter().collect(), i, j + 1));
                }
                i = j;
                continue;
            }
        }
        i += 1;
    }
    out
}

fn new_cand(kb: &Knowledge, name: &str, origin: Origin, span: Option<(usize, usize, usize)>) -> Cand {
    let name: String = name.trim().trim_matches(|c: char| "，。、；：的和与及".contains(c)).to_string();
    Cand {
        cores: cores_of(kb, &name),
        place: case_place(kb, &name),
        name,
        origin,
        spans: span.into_iter().collect(),
    }
}

/// Split `飞鹤和小米`, `“蓝色循环”“余杭碳眼”和“宁波数字孪生”` into single cases.
fn split_list(x: &str) -> Vec<String> {
    let q = quoted(x);
    let bare: String = x.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = q.iter().fold(bare.clone(), |acc, (c, _, _)| acc.replace(&format!("“{c}”"), ""));
    if q.len() >= 2 && rest.chars().all(|c| "和与及、".contains(c)) {
        return q.into_iter().map(|(c, _, _)| format!("“{c}”")).collect();
    }
    if q.is_empty() {
        let parts: Vec<&str> = bare.split(['和', '与', '、', '及']).collect();
        if parts.len() >= 2 && parts.iter().all(|p| (2..=6).contains(&p.chars().count())) {
            return parts.into_iter().map(str::to_string).collect();
        }
    }
    vec![bare]
}

fn title_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<Cand>) {
    let (name_title, _) = crate::meta::parse_source_name(&view.doc.source);
    let mut titles = vec![name_title, view.doc.title.clone()];
    titles.retain(|t| !t.is_empty());
    let mut found: Vec<String> = Vec::new();
    for t in &titles {
        let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
        for re in [&*TITLE_EXAMPLE, &*TITLE_BASED, &*TITLE_PROJECT] {
            for c in re.captures_iter(&t) {
                let x = c[1].trim_start_matches(['—', '-', '…', '.']).to_string();
                if NOT_A_CASE.is_match(&x) && quoted(&x).is_empty() {
                    continue;
                }
                for part in split_list(&x) {
                    // The truncated file name (`基于...蓝色循环`) yields fragments; keep the longer.
                    if part.contains("...") || part.contains('…') {
                        continue;
                    }
                    let k = match_key(&part);
                    if k.chars().count() >= 2 && !found.iter().any(|f| match_key(f).contains(&k)) {
                        found.retain(|f| !k.contains(&match_key(f)));
                        found.push(part);
                    }
                }
            }
        }
    }
    for f in found {
        out.push(new_cand(kb, &f, Origin::Title, None));
    }
}

/// Is a quoted phrase (in its clause) the name of a project, platform or programme?
fn quote_is_case(kb: &Knowledge, q: &str, after: &str) -> bool {
    if NOT_CASE_QUOTE.is_match(q) || q.chars().count() > 16 {
        return false;
    }
    // A quoted idea from the thesaurus (数字利维坦, 价值共创) is not a case.
    let f = Folded::new(q);
    let whole_label = kb.concepts.find(&f).into_iter().find(|h| h.start == 0 && h.end == q.chars().count());
    if let Some(h) = whole_label {
        let scheme = &kb.thesaurus.concepts[h.concepts[0]].scheme;
        if matches!(scheme.as_str(), "obstacle" | "theme" | "mechanism" | "outcome" | "stage") {
            return false;
        }
    }
    CASE_NOUN.is_match(q) || CASE_NOUN.is_match(&after.chars().take(12).collect::<String>())
}

fn heading_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<Cand>) {
    static NUM: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^\s*([一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+(\.\d+)*\.?|\d+[)）])\s*").unwrap()
    });
    for (si, s) in view.doc.sections.iter().enumerate() {
        let h = NUM.replace(&s.heading, "").trim().to_string();
        if s.level == 0 || h.chars().count() > 30 || h.starts_with("摘要") || h.contains("参考文献") {
            continue;
        }
        let q = quoted(&h);
        let has_place = !places_in_name(kb, &h).is_empty();
        let case_heading = h.contains("案例") && (has_place || !q.is_empty());
        let quoted_case = q.iter().any(|(c, _, e)| {
            let after: String = h.chars().skip(*e).collect();
            quote_is_case(kb, c, &after)
        });
        if !(case_heading || quoted_case || (has_place && CASE_NOUN.is_match(&h))) || NOT_A_CASE.is_match(&h) && q.is_empty() {
            continue;
        }
        let span = view
            .doc
            .passages
            .iter()
            .position(|p| p.section == si)
            .map(|p| (p, view.sentences[p][0].0, view.sentences[p][0].1.min(view.chars[p].len())));
        let name = h.trim_start_matches("案例").trim_start_matches(['一', '二', '三', '四', '五', '：', ':']).to_string();
        out.push(new_cand(kb, &name, Origin::Heading, span));
    }
}

fn sentence_string(view: &DocView, p: usize, s: usize) -> (usize, String) {
    let (a, b) = view.sentences[p][s];
    (a, view.chars[p][a..b.min(view.chars[p].len())].iter().collect())
}

fn clause_start(chars: &[char], lo: usize, at: usize) -> usize {
    (lo..at).rev().find(|&i| CLAUSE_END.contains(&chars[i])).map_or(lo, |i| i + 1)
}

fn clause_end(chars: &[char], at: usize, hi: usize) -> usize {
    (at..hi).find(|&i| CLAUSE_END.contains(&chars[i])).unwrap_or(hi)
}

fn body_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<Cand>) {
    for p in 0..view.chars.len() {
        let chars = &view.chars[p];
        for s in 0..view.sentences[p].len() {
            if view.ref_like[p][s] {
                continue;
            }
            let (a, text) = sentence_string(view, p, s);
            let b = a + text.chars().count();
            let example = EXAMPLE.is_match(&text);
            let masked = |x: usize, y: usize| view.masked[p][x..y].iter().any(|&m| m);
            let places: Vec<&PlaceMention> = view
                .places_in(p, a, b)
                .filter(|m| m.place.level != "national")
                .collect();
            // 1. Cues: 以X为例, X的做法/实践/经验, X案例.
            for c in BODY_CUE.captures_iter(&text) {
                let g = c.get(1).or(c.get(2)).or(c.get(3)).unwrap();
                let gs = a + text[..g.start()].chars().count();
                let ge = gs + g.as_str().chars().count();
                if masked(gs, ge) {
                    continue;
                }
                // Keep the part from the first place or quote on.
                let first = places
                    .iter()
                    .filter(|m| m.start >= gs && m.end <= ge)
                    .map(|m| m.start)
                    .chain(quoted(g.as_str()).first().map(|(_, qs, _)| gs + qs))
                    .min();
                if let Some(f) = first {
                    let name: String = chars[f..ge].iter().collect();
                    if !NOT_A_CASE.is_match(&name) || !quoted(&name).is_empty() {
                        out.push(new_cand(kb, &name, Origin::Cue, Some((p, f, ge))));
                    }
                }
            }
            // 2. Quoted names.
            for (q, qs, qe) in quoted(&text) {
                let (qs, qe) = (a + qs, a + qe);
                if masked(qs, qe) {
                    continue;
                }
                let ce = clause_end(chars, qe, b);
                let after: String = chars[qe..ce].iter().collect();
                if !quote_is_case(kb, &q, &after) {
                    continue;
                }
                let cs = clause_start(chars, a, qs);
                // A place (or a named actor) earlier in the clause owns the quoted name.
                let owner = places
                    .iter()
                    .filter(|m| m.start >= cs && m.end <= qs)
                    .map(|m| (m.start, m.end))
                    .next_back()
                    .or_else(|| {
                        view.mentions_in(p, cs, qs)
                            .filter(|m| named_actor(kb, m))
                            .map(|m| (m.start, m.end))
                            .last()
                    });
                let suffix = case_suffix(&after);
                let quoted_part = format!("“{q}”{suffix}");
                let name = match owner {
                    Some((os, oe)) if qs - oe <= 8 => {
                        let between: String = chars[oe..qs].iter().collect();
                        format!("{}{}{}", view.text(p, os, oe), FILLER.replace_all(&between, ""), quoted_part)
                    }
                    Some((os, oe)) => format!("{}{}", view.text(p, os, oe), quoted_part),
                    None if example || !places.is_empty() => quoted_part,
                    None => continue,
                };
                let start = owner.map_or(qs, |o| o.0);
                let origin = if owner.is_some() { Origin::Quoted } else { Origin::Clause };
                out.push(new_cand(kb, &name, origin, Some((p, start, qe))));
            }
            // 3. Clauses led by a place that name a platform, project or programme.
            for m in &places {
                if m.place.level == "province" && !example {
                    continue;
                }
                let cs = clause_start(chars, a, m.start);
                let prefix: String = chars[cs..m.start].iter().collect();
                if !CLAUSE_PREFIX.is_match(&prefix) || masked(m.start, m.end) {
                    continue;
                }
                let ce = clause_end(chars, m.end, b).min(m.end + 30);
                if let Some(end) = key_token_end(view, kb, p, m.end, ce) {
                    let raw: String = chars[m.end..end].iter().collect();
                    let name = format!("{}{}", view.text(p, m.start, m.end), FILLER.replace_all(&raw, ""));
                    if name.chars().count() <= 30 {
                        out.push(new_cand(kb, &name, Origin::Clause, Some((p, m.start, end))));
                    }
                }
            }
        }
    }
}

/// Government bodies, enterprises and other named organisations (not 政府, 公众 …).
fn named_actor(kb: &Knowledge, m: &Mention) -> bool {
    let c = &kb.thesaurus.concepts[m.concept];
    c.scheme == "actor" && kb.thesaurus.depth(&c.iri) >= 3
}

fn case_suffix(after: &str) -> String {
    static SUF: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(?:平台|项目|工程|改革|热线|系统|模式|体系|行动|计划|建设|活动|实践|品牌|APP|小程序|服务|机制|试点)").unwrap()
    });
    SUF.find(after).map_or(String::new(), |m| m.as_str().to_string())
}

/// End of the last platform/project token in a clause (within its first 30 chars).
fn key_token_end(view: &DocView, kb: &Knowledge, p: usize, from: usize, to: usize) -> Option<usize> {
    let chars = &view.chars[p];
    let mut end = None;
    for m in view.mentions_in(p, from, to) {
        let c = &kb.thesaurus.concepts[m.concept];
        let deep = kb.thesaurus.depth(&c.iri) >= 2;
        if deep && matches!(c.scheme.as_str(), "technology" | "domain") {
            end = Some(m.end);
        }
    }
    let text: String = chars[from..to].iter().collect();
    for (_, _, qe) in quoted(&text) {
        end = Some(end.map_or(from + qe, |e: usize| e.max(from + qe)));
    }
    let e = end?;
    // Run on through an immediately following noun (数字孪生 → 数字孪生系统).
    let after: String = chars[e..to].iter().collect();
    Some(e + case_suffix(&after).chars().count())
}

/// Places discussed as examples in several passages.
fn place_only_cases(view: &DocView, out: &mut Vec<Cand>) {
    let mut by: BTreeMap<String, (Resolved, HashSet<usize>, bool, (usize, usize, usize))> = BTreeMap::new();
    for m in &view.places {
        if matches!(m.place.level.as_str(), "national" | "province") {
            continue;
        }
        let s = view.sentence_of(m.passage, m.start);
        if view.ref_like[m.passage][s] {
            continue;
        }
        let e = by
            .entry(m.place.key())
            .or_insert_with(|| (m.place.clone(), HashSet::new(), false, (m.passage, m.start, m.end)));
        e.1.insert(m.passage);
        let t = view.sentence_text(m.passage, s);
        e.2 |= Regex::new(r"例如|比如|以.{1,12}为例|为代表|案例|实践|做法|经验|教训").unwrap().is_match(&t);
    }
    for (_, (place, passages, cued, span)) in by {
        if passages.len() >= 3 && cued {
            out.push(Cand {
                name: place.name.clone(),
                cores: vec![place.name.clone()],
                place: Some((place, Vec::new())),
                origin: Origin::PlaceOnly,
                spans: vec![span],
            });
        }
    }
}

fn place_key(c: &Cand) -> Option<String> {
    c.place.as_ref().map(|(p, _)| p.key())
}

/// Merge candidates whose names contain one another (same place, or one without a place).
fn merge(cands: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::new();
    for c in cands {
        let k = match_key(&c.name);
        if k.chars().count() < 2 {
            continue;
        }
        let same = out.iter().position(|o| {
            let ok = match_key(&o.name);
            let compatible = place_key(o) == place_key(&c) || place_key(o).is_none() || place_key(&c).is_none();
            let names = ok.contains(&k) || k.contains(&ok);
            let cores = o.cores.iter().any(|x| c.cores.iter().any(|y| match_key(x) == match_key(y) && x.chars().count() >= 3));
            // A place alone merges only into a case at that place, not into every name with it.
            let place_only = (o.origin == Origin::PlaceOnly) != (c.origin == Origin::PlaceOnly);
            compatible && (names || cores) && !(place_only && place_key(o) != place_key(&c))
        });
        match same {
            None => out.push(c),
            Some(i) => {
                let o = &mut out[i];
                // The better-sourced name wins; at equal source the one with a place, then the longer.
                let better = (c.origin, c.place.is_none(), std::cmp::Reverse(c.name.chars().count()))
                    < (o.origin, o.place.is_none(), std::cmp::Reverse(o.name.chars().count()));
                if better && c.origin != Origin::PlaceOnly {
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
            }
        }
    }
    out
}

/// All sentences that name the case (by one of its cores), outside references and headers.
fn locate(view: &DocView, c: &mut Cand) {
    let mut spans: Vec<(usize, usize, usize)> = c.spans.clone();
    let cores: Vec<Vec<char>> = c.cores.iter().map(|x| x.chars().collect()).collect();
    for p in 0..view.chars.len() {
        let chars = &view.chars[p];
        for core in &cores {
            if core.len() < 2 || (c.origin == Origin::PlaceOnly && core.len() < 2) {
                continue;
            }
            let mut i = 0;
            while i + core.len() <= chars.len() {
                if chars[i..i + core.len()] == core[..] {
                    let s = view.sentence_of(p, i);
                    if !view.ref_like[p][s] && !view.masked[p][i] && !spans.iter().any(|&(q, a, b)| q == p && a <= i && i < b) {
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
            if Some(m.place.key()) == key && !view.ref_like[m.passage][s] && !spans.iter().any(|&(q, a, _)| q == m.passage && a == m.start) {
                spans.push((m.passage, m.start, m.end));
            }
        }
    }
    spans.sort();
    spans.dedup();
    c.spans = spans;
}

fn build(view: &DocView, kb: &Knowledge, c: &Cand, single_title: bool, all: &[Cand], paths: &[Path]) -> Case {
    // Sentences about the case: where it is named and the sentence after, unless that one
    // names another case. The one case of a case-study title owns the whole document.
    let mut scope: Vec<(usize, usize)> = Vec::new();
    if c.origin == Origin::Title && single_title {
        for p in 0..view.chars.len() {
            for s in 0..view.sentences[p].len() {
                if !view.ref_like[p][s] {
                    scope.push((p, s));
                }
            }
        }
    } else {
        let others: HashSet<(usize, usize)> = all
            .iter()
            .filter(|o| !std::ptr::eq(*o, c))
            .flat_map(|o| o.spans.iter().map(|&(p, a, _)| (p, view.sentence_of(p, a))))
            .collect();
        for &(p, a, _) in &c.spans {
            let s = view.sentence_of(p, a);
            scope.push((p, s));
            if s + 1 < view.sentences[p].len() && !others.contains(&(p, s + 1)) && !view.ref_like[p][s + 1] {
                scope.push((p, s + 1));
            }
        }
    }
    scope.sort();
    scope.dedup();
    let ms: Vec<Mention> = scope
        .iter()
        .flat_map(|&(p, s)| {
            let (a, b) = view.sentences[p][s];
            view.mentions_in(p, a, b).copied().collect::<Vec<_>>()
        })
        .collect();
    let refs = view.concept_refs(kb, ms.iter(), 3);
    let by = |scheme: &str| -> Vec<ConceptRef> { refs.iter().filter(|r| r.scheme == scheme).cloned().collect() };
    let mut figures: Vec<Evidence> = Vec::new();
    for &(p, s) in &scope {
        let t = view.sentence_text(p, s);
        let has_figure = FIGURE.find_iter(&t).any(|m| !is_year(m.as_str()));
        if has_figure && figures.len() < 8 {
            figures.push(view.sentence_evidence(p, s));
        }
    }
    let passages: HashSet<String> = scope.iter().map(|&(p, _)| view.passage(p).id.clone()).collect();
    let case_paths: Vec<Path> = paths
        .iter()
        .filter(|pa| pa.kind != "countermeasures")
        .filter(|pa| pa.stages.iter().flat_map(|s| &s.evidence).any(|e| passages.contains(&e.passage)))
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
    let evidence: Vec<Evidence> = c.spans.iter().take(10).map(|&(p, a, b)| view.evidence(p, a, b)).collect();
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
    }
}

fn is_year(s: &str) -> bool {
    let d: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    d.len() == 4 && (d.starts_with("19") || d.starts_with("20"))
}
