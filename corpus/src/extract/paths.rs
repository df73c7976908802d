//! Co-creation paths: framework chains (`价值共识—价值共享—价值共生`), staged narratives
//! (阶段/时期 sections, `第一阶段`, `首先…其次…最后`, `一是…二是…`), countermeasure
//! sections (路径/对策/建议), and the obstacles named in challenge sections.

use super::doc::{short_hash, DocView, Mention};
use super::knowledge::Knowledge;
use super::model::{ConceptRef, Evidence, Path, Stage};
use crate::text::match_key;
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::HashSet;

/// A chain of 2–12 character items joined by dashes or arrows, items optionally followed by a
/// short parenthesis (`起步阶段（2017年之前）`).
static CHAIN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[\p{Han}A-Za-z+]{2,14}(?:[（(][^）)]{0,16}[）)])?(?:\s*(?:[—－‑→]{1,3}|-{1,2}|->)\s*[\p{Han}A-Za-z+]{2,14}(?:[（(][^）)]{0,16}[）)])?)+").unwrap()
});
static CHAIN_SEP: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"\s*(?:[—－‑→]{1,3}|-{1,2}|->)\s*").unwrap());
static PAREN: Lazy<Regex> = Lazy::new(|| Regex::new(r"[（(][^）)]*[）)]").unwrap());
static STAGE_HEADING: Lazy<Regex> = Lazy::new(|| Regex::new(r"阶段|时期").unwrap());
static ORDINAL_STAGE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"第([一二三四五六七八九十])(?:个)?阶段").unwrap());
static COUNTER_HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"路径|对策|建议|策略|向度|举措|出路|启示|进路|着力点|优化方向|实现方式").unwrap()
});
static OBSTACLE_HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"障碍|困境|挑战|瓶颈|难题|困局|短板|限度|梗阻|堵点|问题与|存在的问题").unwrap()
});
static NUMBERING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*([一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+(\.\d+)*\.?|\d+[)）])\s*").unwrap()
});
static ACTION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(构建|建立|建设|搭建|打造|推进|推动|完善|健全|加强|强化|提升|优化|整合|开放|共享|引入|组织|开展|召开|征集|收集|识别|评估|反馈|协商|动员|培育|引导|实施|制定|发布|上线|运营|监测|改造|部署|升级|激发|调动|打破|夯实|促进|形成|实现|探索|拓展|创新|保障|畅通|汇聚|融合|重塑|规范)[^，。；：、,;:（）()“”\s]{2,14}").unwrap()
});

/// Ordered markers of an enumeration; each list is one narrative style.
const MARKERS: &[&[&str]] = &[
    &["首先", "其次", "再次", "最后"],
    &["一是", "二是", "三是", "四是", "五是", "六是"],
    &["第一，", "第二，", "第三，", "第四，", "第五，"],
];

pub fn doc_paths(view: &DocView, kb: &Knowledge) -> Vec<Path> {
    let mut out = Vec::new();
    out.extend(frameworks(view, kb));
    out.extend(staged_sections(view, kb));
    out.extend(ordinal_stages(view, kb));
    out.extend(enumerations(view, kb));
    out.extend(countermeasure_paths(view, kb));
    let mut seen = HashSet::new();
    out.retain(|p| seen.insert(p.id.clone()));
    out
}

fn path(view: &DocView, kind: &str, label: &str, stages: Vec<Stage>) -> Path {
    Path {
        id: format!(
            "{}-{}-{}",
            view.doc.id,
            &kind[..1],
            short_hash(&format!("{kind}|{}", match_key(label)))
        ),
        label: label.to_string(),
        kind: kind.to_string(),
        stages,
    }
}

/// Build one stage from its label and the sentences (passage, sentence index) that discuss it.
fn stage(
    view: &DocView,
    kb: &Knowledge,
    index: usize,
    label: &str,
    sents: &[(usize, usize)],
) -> Stage {
    stage_with(view, kb, index, label, &[], sents)
}

/// A stage whose `shown` sentences are evidence only (the chain that lists all stages) and
/// whose `sents` also give its actors, actions, technologies and mechanisms.
fn stage_with(
    view: &DocView,
    kb: &Knowledge,
    index: usize,
    label: &str,
    shown: &[(usize, usize)],
    sents: &[(usize, usize)],
) -> Stage {
    let mut ms: Vec<Mention> = Vec::new();
    let mut evidence: Vec<Evidence> = Vec::new();
    let mut actions: Vec<String> = Vec::new();
    let push_actions = |t: &str, actions: &mut Vec<String>| {
        for m in ACTION.find_iter(t) {
            let a = m
                .as_str()
                .trim_end_matches(['的', '和', '与', '及', '在'])
                .to_string();
            if actions.len() < 4 && !actions.contains(&a) {
                actions.push(a);
            }
        }
    };
    push_actions(label, &mut actions);
    for &(p, s) in shown {
        evidence.push(view.sentence_evidence(p, s));
    }
    for &(p, s) in sents {
        if view.ref_like[p][s] {
            continue;
        }
        let (a, b) = view.sentences[p][s];
        ms.extend(view.mentions_in(p, a, b).copied());
        evidence.push(view.sentence_evidence(p, s));
        push_actions(&view.sentence_text(p, s), &mut actions);
    }
    let by = |scheme: &str| -> Vec<ConceptRef> {
        let refs = view.concept_refs(kb, ms.iter(), 3);
        refs.into_iter().filter(|r| r.scheme == scheme).collect()
    };
    Stage {
        index: index as u32 + 1,
        label: label.to_string(),
        actors: by("actor"),
        actions,
        technologies: by("technology"),
        mechanisms: by("mechanism"),
        evidence,
    }
}

fn clean_item(s: &str) -> String {
    PAREN.replace_all(s, "").trim().to_string()
}

/// Trim the greedy first and last items of a chain to the size of their neighbours.
fn trim_chain(items: &mut [String]) {
    let n = items.len();
    let len = |s: &String| s.chars().count();
    const LEFT_STOP: &[char] = &[
        '了', '的', '为', '是', '将', '从', '即', '以', '成', '出', '在', '和', '与', '及', '对',
    ];
    let longest_other = items[1..].iter().map(len).max().unwrap_or(0);
    // Only a first item longer than the others has swallowed the words before the chain.
    if len(&items[0]) <= longest_other + 1 {
    } else if let Some(i) = items[0].rfind(LEFT_STOP) {
        let c = items[0][i..].chars().next().map_or(0, char::len_utf8);
        let rest = items[0][i + c..].to_string();
        if rest.chars().count() >= 2 {
            items[0] = rest;
        }
    }
    let others = items[1..].iter().map(len).max().unwrap_or(0);
    if len(&items[0]) > others + 1 {
        let keep = len(&items[1]);
        items[0] = items[0].chars().skip(len(&items[0]) - keep).collect();
    }
    let others = items[..n - 1].iter().map(len).max().unwrap_or(0);
    if len(&items[n - 1]) > others + 1 {
        let cut = items[n - 1]
            .find(['的', '和', '与', '及', '等', '是', '在', '了'])
            .filter(|&i| i >= 6);
        items[n - 1] = match cut {
            Some(i) => items[n - 1][..i].to_string(),
            None => items[n - 1].chars().take(len(&items[n - 2])).collect(),
        };
    }
}

/// Sentences outside `skip` whose text contains `label` (at most `max`).
fn discussing(
    view: &DocView,
    label: &str,
    skip: (usize, usize),
    max: usize,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    if label.chars().count() < 2 {
        return out;
    }
    for p in 0..view.chars.len() {
        for s in 0..view.sentences[p].len() {
            if (p, s) != skip && !view.ref_like[p][s] && view.sentence_text(p, s).contains(label) {
                out.push((p, s));
                if out.len() >= max {
                    return out;
                }
            }
        }
    }
    out
}

fn frameworks(view: &DocView, kb: &Knowledge) -> Vec<Path> {
    let mut out = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for p in 0..view.chars.len() {
        let text: String = view.chars[p].iter().collect();
        for m in CHAIN.find_iter(&text) {
            let a = text[..m.start()].chars().count();
            let b = a + m.as_str().chars().count();
            if view.masked[p][a..b].iter().any(|&x| x) {
                continue;
            }
            let s = view.sentence_of(p, a);
            if view.ref_like[p][s] {
                continue;
            }
            let mut items: Vec<String> = CHAIN_SEP.split(m.as_str()).map(clean_item).collect();
            let quoted = a > 0 && view.chars[p][a - 1] == '“' && view.chars[p].get(b) == Some(&'”');
            if items.len() < 2 || (items.len() == 2 && !quoted) || items.len() > 8 {
                continue;
            }
            trim_chain(&mut items);
            if items.iter().any(|i| i.chars().count() < 2 || i.is_ascii()) {
                continue;
            }
            let label = items.join("—");
            if !seen.insert(match_key(&label)) {
                continue;
            }
            let stages = items
                .iter()
                .enumerate()
                .map(|(i, it)| {
                    stage_with(view, kb, i, it, &[(p, s)], &discussing(view, it, (p, s), 2))
                })
                .collect();
            out.push(path(view, "framework", &label, stages));
        }
    }
    out
}

/// Sections of one document: (index, level, heading without numbering).
fn sections(view: &DocView) -> Vec<(usize, u8, String)> {
    view.doc
        .sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            (
                i,
                s.level,
                NUMBERING.replace(&s.heading, "").trim().to_string(),
            )
        })
        .collect()
}

/// Sentences of the passages of sections `from..to` (at most `max`).
fn section_sentences(view: &DocView, secs: &[usize], max: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for (p, pass) in view.doc.passages.iter().enumerate() {
        if secs.contains(&pass.section) {
            for s in 0..view.sentences[p].len() {
                if out.len() < max {
                    out.push((p, s));
                }
            }
        }
    }
    out
}

/// Sections nested under section `i` (deeper level, until the next sibling).
fn children(secs: &[(usize, u8, String)], i: usize) -> Vec<usize> {
    let level = secs[i].1;
    secs[i + 1..]
        .iter()
        .take_while(|s| s.1 > level)
        .map(|s| s.0)
        .collect()
}

/// Runs of sibling sections whose headings name a stage or period.
fn staged_sections(view: &DocView, kb: &Knowledge) -> Vec<Path> {
    let secs = sections(view);
    let mut out = Vec::new();
    let mut i = 0;
    while i < secs.len() {
        if secs[i].1 == 0 || !STAGE_HEADING.is_match(&secs[i].2) || secs[i].2.chars().count() > 40 {
            i += 1;
            continue;
        }
        let level = secs[i].1;
        let mut run = vec![i];
        let mut j = i + 1;
        while j < secs.len() && secs[j].1 >= level {
            if secs[j].1 == level {
                if STAGE_HEADING.is_match(&secs[j].2) {
                    run.push(j);
                } else {
                    break;
                }
            }
            j += 1;
        }
        if run.len() >= 2 {
            let parent = secs[..i]
                .iter()
                .rev()
                .find(|s| s.1 < level && s.1 > 0)
                .map(|s| s.2.clone());
            let stages = run
                .iter()
                .enumerate()
                .map(|(k, &si)| {
                    let mut scope = vec![si];
                    scope.extend(children(&secs, si));
                    let label = secs[si]
                        .2
                        .split(['：', ':'])
                        .next()
                        .unwrap_or("")
                        .to_string();
                    stage(
                        view,
                        kb,
                        k,
                        &clean_item(&label),
                        &section_sentences(view, &scope, 6),
                    )
                })
                .collect();
            let label = parent.unwrap_or_else(|| {
                run.iter()
                    .map(|&k| clean_item(&secs[k].2))
                    .collect::<Vec<_>>()
                    .join("—")
            });
            out.push(path(view, "staged", &label, stages));
        }
        i = j.max(i + 1);
    }
    out
}

/// `第一阶段 … 第二阶段 …` written in the body.
fn ordinal_stages(view: &DocView, kb: &Knowledge) -> Vec<Path> {
    let mut hits: Vec<(u32, usize, usize, String)> = Vec::new();
    for p in 0..view.chars.len() {
        let text: String = view.chars[p].iter().collect();
        for c in ORDINAL_STAGE.captures_iter(&text) {
            let m = c.get(0).unwrap();
            let a = text[..m.start()].chars().count();
            let s = view.sentence_of(p, a);
            if view.ref_like[p][s] || view.masked[p][a] {
                continue;
            }
            let n = "一二三四五六七八九十"
                .chars()
                .position(|x| c[1].starts_with(x))
                .unwrap_or(0) as u32
                + 1;
            // The stage name: what follows up to the clause end.
            let tail: String = text[m.end()..]
                .chars()
                .skip_while(|c| matches!(c, '：' | ':' | '，' | '为' | '是'))
                .take_while(|c| !matches!(c, '，' | '。' | '；' | '：' | ',' | ';'))
                .take(16)
                .collect();
            hits.push((
                n,
                p,
                s,
                format!("{}{}", m.as_str(), if tail.is_empty() { "" } else { "：" }) + &tail,
            ));
        }
    }
    let mut stages: Vec<Stage> = Vec::new();
    for n in 1..=10u32 {
        let here: Vec<&(u32, usize, usize, String)> = hits.iter().filter(|h| h.0 == n).collect();
        let Some(first) = here.first() else { break };
        let sents: Vec<(usize, usize)> = here.iter().take(3).map(|h| (h.1, h.2)).collect();
        stages.push(stage(view, kb, n as usize - 1, &first.3, &sents));
    }
    if stages.len() < 2 {
        return Vec::new();
    }
    let label = stages
        .iter()
        .map(|s| s.label.split('：').next().unwrap_or("").to_string())
        .collect::<Vec<_>>()
        .join("—");
    vec![path(view, "staged", &label, stages)]
}

/// `首先…其次…最后`, `一是…二是…`, `第一，…第二，…` inside one passage.
fn enumerations(view: &DocView, kb: &Knowledge) -> Vec<Path> {
    let mut out = Vec::new();
    for p in 0..view.chars.len() {
        let text: String = view.chars[p].iter().collect();
        for markers in MARKERS {
            let mut found: Vec<(usize, &str)> = Vec::new();
            let mut from = 0;
            for mk in markers.iter() {
                if let Some(i) = text[from..].find(mk) {
                    found.push((from + i, mk));
                    from += i + mk.len();
                } else if *mk != "再次" {
                    break;
                }
            }
            if found.len() < 2
                || (markers[0] == "首先" && !found.iter().any(|f| f.1 == "最后" || f.1 == "再次"))
            {
                continue;
            }
            let mut stages = Vec::new();
            for (k, &(bi, mk)) in found.iter().enumerate() {
                let a = text[..bi].chars().count();
                let s = view.sentence_of(p, a);
                if view.ref_like[p][s] {
                    continue;
                }
                let label: String = text[bi + mk.len()..]
                    .chars()
                    .skip_while(|c| matches!(c, '，' | ',' | '：' | ':'))
                    .take_while(|c| !matches!(c, '，' | '。' | '；' | ',' | ';' | '：'))
                    .take(24)
                    .collect();
                stages.push(stage(view, kb, k, &label, &[(p, s)]));
            }
            if stages.len() >= 2 {
                let sec = view.doc.passages[p].section;
                let heading = view
                    .doc
                    .sections
                    .get(sec)
                    .map(|s| NUMBERING.replace(&s.heading, "").to_string())
                    .unwrap_or_default();
                let label = format!(
                    "{}（{}）",
                    heading.trim(),
                    markers[..found.len().min(markers.len())].join("…")
                );
                let mut pth = path(view, "staged", &label, stages);
                pth.id = format!("{}-{}", pth.id, p);
                out.push(pth);
            }
        }
    }
    out
}

fn is_front(heading: &str) -> bool {
    heading.starts_with("摘要")
        || heading.starts_with("【摘要】")
        || heading.starts_with("摘 要")
        || heading.chars().count() > 40
}

/// Sections whose heading proposes paths or countermeasures; sub-sections are the stages.
fn countermeasure_paths(view: &DocView, kb: &Knowledge) -> Vec<Path> {
    let secs = sections(view);
    let mut out = Vec::new();
    let mut covered: HashSet<usize> = HashSet::new();
    for i in 0..secs.len() {
        let (si, level, ref h) = secs[i];
        if level == 0 || covered.contains(&si) || is_front(h) || !COUNTER_HEADING.is_match(h) {
            continue;
        }
        let kids = children(&secs, i);
        let direct: Vec<usize> = kids
            .iter()
            .copied()
            .filter(|&k| {
                secs[k].1 == level + 1
                    || secs[k].1 == kids.iter().map(|&x| secs[x].1).min().unwrap_or(0)
            })
            .collect();
        covered.extend(kids.iter().copied());
        let stages: Vec<Stage> = if direct.len() >= 2 {
            direct
                .iter()
                .enumerate()
                .map(|(n, &k)| {
                    let mut scope = vec![k];
                    scope.extend(children(&secs, k));
                    stage(view, kb, n, &secs[k].2, &section_sentences(view, &scope, 4))
                })
                .collect()
        } else {
            // No sub-headings: the enumerated sentences of the section.
            enumerated_sentences(view, &[si])
                .into_iter()
                .enumerate()
                .map(|(n, (label, p, s))| stage(view, kb, n, &label, &[(p, s)]))
                .collect()
        };
        if !stages.is_empty() {
            out.push(path(view, "countermeasures", h, stages));
        }
    }
    out
}

/// Sentences that open an enumerated item (一是/首先/第一/（1）…) in the given sections.
fn enumerated_sentences(view: &DocView, secs: &[usize]) -> Vec<(String, usize, usize)> {
    static ITEM: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(一是|二是|三是|四是|五是|首先|其次|再次|最后|第[一二三四五六]，|[（(]\d[）)]|\d[)）])\s*[，,]?").unwrap()
    });
    let mut out = Vec::new();
    for (p, pass) in view.doc.passages.iter().enumerate() {
        if !secs.contains(&pass.section) {
            continue;
        }
        for s in 0..view.sentences[p].len() {
            let t = view.sentence_text(p, s);
            if let Some(m) = ITEM.find(&t) {
                let label: String = t[m.end()..]
                    .chars()
                    .take_while(|c| !matches!(c, '，' | '。' | '；' | ',' | ';' | '：'))
                    .take(24)
                    .collect();
                if label.chars().count() >= 4 {
                    out.push((label, p, s));
                }
            }
        }
    }
    out
}

/// Obstacle concepts (those in challenge sections first) and countermeasure sentences.
pub fn obstacles_and_countermeasures(
    view: &DocView,
    kb: &Knowledge,
) -> (Vec<ConceptRef>, Vec<Evidence>) {
    let secs = sections(view);
    let mut obstacle_secs: Vec<usize> = Vec::new();
    let mut counter_secs: Vec<usize> = Vec::new();
    for i in 0..secs.len() {
        let (si, level, ref h) = secs[i];
        if level == 0 || is_front(h) {
            continue;
        }
        if OBSTACLE_HEADING.is_match(h) && !obstacle_secs.contains(&si) {
            obstacle_secs.push(si);
            obstacle_secs.extend(children(&secs, i));
        } else if COUNTER_HEADING.is_match(h) && !counter_secs.contains(&si) {
            counter_secs.push(si);
            counter_secs.extend(children(&secs, i));
        }
    }
    let is_obstacle = |m: &&Mention| kb.thesaurus.concepts[m.concept].scheme == "obstacle";
    let in_secs =
        |m: &Mention, secs: &[usize]| secs.contains(&view.doc.passages[m.passage].section);
    let first: Vec<Mention> = view
        .mentions
        .iter()
        .filter(is_obstacle)
        .filter(|m| in_secs(m, &obstacle_secs))
        .copied()
        .collect();
    let rest: Vec<Mention> = view
        .mentions
        .iter()
        .filter(is_obstacle)
        .filter(|m| !in_secs(m, &obstacle_secs))
        .copied()
        .collect();
    let obstacles = view.concept_refs(kb, first.iter().chain(rest.iter()), 5);

    let mut counter: Vec<Evidence> = Vec::new();
    let prescriptive = Regex::new(
        r"应|要|需|必须|加快|加强|推进|建立|完善|健全|强化|提升|优化|推动|构建|打造|探索",
    )
    .unwrap();
    let items = enumerated_sentences(view, &counter_secs);
    for (_, p, s) in &items {
        counter.push(view.sentence_evidence(*p, *s));
    }
    for (p, pass) in view.doc.passages.iter().enumerate() {
        if counter.len() >= 40 || !counter_secs.contains(&pass.section) {
            continue;
        }
        // The first sentence of each section under a countermeasure heading states its point.
        let first_of_section = p == 0 || view.doc.passages[p - 1].section != pass.section;
        for s in 0..view.sentences[p].len() {
            let t = view.sentence_text(p, s);
            if view.ref_like[p][s] || items.iter().any(|&(_, ip, is)| (ip, is) == (p, s)) {
                continue;
            }
            if (first_of_section && s == 0)
                || (prescriptive.is_match(&t) && t.chars().count() <= 120)
            {
                counter.push(view.sentence_evidence(p, s));
            }
        }
    }
    counter.truncate(40);
    (obstacles, counter)
}
