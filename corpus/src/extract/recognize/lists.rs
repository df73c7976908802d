//! Enumerated case lists: items such as `1. 北京市朝阳区劲松北社区改造` or
//! `（三）上海市：曹杨新村`, in the body or as headings. The head of an item (up to the
//! first clause break) is a case when it names a place and a site or project word, and what
//! is left once the places are taken out is a name, not a kind; in a list of such items, a
//! short name among them is one too.

use super::pos;
use super::site_words::{ends_in_site_word, has_site_word};
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::{is_label, places_in_name_within, quoted};
use crate::extract::places::Resolved;
use crate::item::Kind;
use crate::lexicon;
use std::collections::HashSet;

/// Longest head read as a name (chars).
const MAX_HEAD: usize = 40;

/// What an item's head is read with: the knowledge base and the places its document names
/// (a county's plan lists its towns without the county: `（三）元坝镇…试点`).
#[derive(Clone, Copy)]
struct Reader<'a> {
    kb: &'a Knowledge,
    context: &'a HashSet<usize>,
}

impl Reader<'_> {
    fn places(&self, name: &str) -> Vec<(usize, usize, Resolved)> {
        places_in_name_within(self.kb, name, self.context)
    }
}

/// The text after a list number: (its kind, chars of the number and the spaces after it, the
/// rest).
fn after_number(text: &str) -> Option<(Kind, usize, &str)> {
    // A bracketed field name (`【项目位置】`) opens a field, not an item.
    let m = crate::item::marker(text).filter(|m| m.kind != Kind::Tag)?;
    // `三、案例二：卫津南里`: a case number under a section number is part of the marker.
    let (kind, rest) = match crate::item::marker_of(m.rest, &[Kind::CaseNo]) {
        Some(c) => (Kind::CaseNo, c.rest),
        None => (m.kind, m.rest),
    };
    Some((kind, text[..text.len() - rest.len()].chars().count(), rest))
}

/// The head of an item: up to the first clause break; a colon ends it when what is before
/// names a case (`篁岭村：“村企共建”…`), and is dropped when only a place is before it
/// (`上海市：曹杨新村`).
fn item_head(r: Reader, rest: &str) -> Option<String> {
    let head: String = outside_asides(rest)
        .into_iter()
        .take_while(|&(i, c)| !"。；，,（(！？".contains(c) || abbreviation_at(rest, i))
        .map(|(_, c)| c)
        .take(MAX_HEAD + 1)
        .collect();
    let head = first_cells(&head);
    let mut parts = head.split(['：', ':']).map(str::trim);
    let first = parts.next().unwrap_or("").to_string();
    // `■ 项目地点：…`: a bulleted field line (field_label.txt) names no item.
    if head.contains(['：', ':']) && crate::lexicon!("field_label").contains(&first) {
        return None;
    }
    let joined = format!("{first}{}", parts.next().unwrap_or(""));
    // A town or street alone is the case only when what follows the colon names none.
    let head = if names_case(r, &first) || (!names_case(r, &joined) && local_place_in(r, &first)) {
        first
    } else {
        joined
    };
    (3..=MAX_HEAD)
        .contains(&head.chars().count())
        .then_some(head)
}

/// A table row read as an item (`1 杭州市 拱墅区 和睦未来社区 旧改类 未来健康`): its cells up
/// to the first that ends in a site or project word; the later ones describe the case.
fn first_cells(head: &str) -> String {
    let cells: Vec<&str> = head.split(' ').filter(|c| !c.is_empty()).collect();
    if cells.len() < 3 {
        return head.to_string();
    }
    // Quoted words are read past: `琵琶社区“一刻钟便民生活圈”`, `“姑苏邻里”三元坊片区`.
    let named = |c: &str| {
        let c = outside_quotes(c);
        ends_in_site_word(&c) || lexicon!("project_noun").words().any(|w| c.ends_with(w))
    };
    match cells.iter().position(|c| named(c)) {
        Some(k) => cells[..=k].join(" "),
        None => head.to_string(),
    }
}

/// `text` without its `“…”` parts (`labels::quoted`).
fn outside_quotes(text: &str) -> String {
    let spans = quoted(text);
    text.chars()
        .enumerate()
        .filter(|(i, _)| !spans.iter().any(|&(_, a, b)| (a..b).contains(i)))
        .map(|(_, c)| c)
        .collect()
}

/// `西安市未央区：甲村、乙村、丙村`: an item that enumerates names is a list of cases; one
/// that names a project of them (`甲村、乙村连片改造项目`) is one case.
fn enumerates(head: &str) -> bool {
    head.contains('、') && !lexicon!("project_noun").words().any(|w| head.contains(w))
}

/// The names of an enumerating head: (char offset in the head, the name with the places the
/// head opens with, its length in the head). A count closing the run (`丁村等11村`) is cut.
fn named_parts(r: Reader, head: &str) -> Vec<(usize, String, usize)> {
    let first = head.split('、').next().unwrap_or_default();
    let mut places = r.places(first);
    places.retain(|(_, _, p)| matches!(p.level.as_str(), "province" | "city" | "county"));
    let mut lead = 0;
    while let Some(&(_, b, _)) = places.iter().find(|&&(a, _, _)| a == lead) {
        lead = b;
    }
    let prefix: String = first.chars().take(lead).collect();
    let mut out = Vec::new();
    // Names run under the county or city the item opens with.
    if prefix.is_empty() {
        return out;
    }
    let mut at = 0;
    for part in head.split('、') {
        let n = part.chars().count();
        let name = part.split('等').next().unwrap_or_default().trim();
        let own = if at == 0 {
            name.to_string()
        } else {
            format!("{prefix}{name}")
        };
        // A town or street among them is where the sites are, a count (`共104个城中村`) how
        // many: neither is one.
        let bare = &own[prefix.len()..];
        let site = ends_in_site_word(bare) && !pos::has_clause_word(bare, true);
        if site && !local_place_in(r, &own) && !bare.contains('个') {
            out.push((at, own, name.chars().count()));
        }
        at += n + 1;
    }
    out
}

/// The chars of `rest` outside the bracketed asides closed within the head's reach
/// (`船政文化城（马尾造船厂旧址）保护利用项目`), each with its index in `rest`: an aside does
/// not end the item's name.
fn outside_asides(rest: &str) -> Vec<(usize, char)> {
    let chars: Vec<char> = rest.chars().take(MAX_HEAD * 2).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let close = matches!(chars[i], '（' | '(')
            .then(|| chars[i..].iter().position(|c| matches!(c, '）' | ')')))
            .flatten();
        match close {
            // A Latin abbreviation in brackets is part of the name (`城市信息模型(CIM)平台`).
            Some(n) if i > 0 && n <= MAX_HEAD / 2 && !abbreviation(&chars[i + 1..i + n]) => {
                i += n + 1;
            }
            _ => {
                out.push((i, chars[i]));
                i += 1;
            }
        }
    }
    out
}

/// Whether `inside` (a bracket's content) is a Latin abbreviation (`CIM`, `BIM`).
fn abbreviation(inside: &[char]) -> bool {
    inside.len() >= 2
        && inside.iter().all(char::is_ascii_alphanumeric)
        && inside.iter().any(char::is_ascii_uppercase)
}

/// Whether the bracket at char `i` of `rest`, or the one it closes, holds an abbreviation.
fn abbreviation_at(rest: &str, i: usize) -> bool {
    let chars: Vec<char> = rest.chars().collect();
    let (open, close) = match chars.get(i) {
        Some('（' | '(') => (
            i,
            chars[i..]
                .iter()
                .position(|c| matches!(c, '）' | ')'))
                .map(|n| i + n),
        ),
        Some('）' | ')') => (
            chars[..i]
                .iter()
                .rposition(|c| matches!(c, '（' | '('))
                .unwrap_or(i),
            Some(i),
        ),
        _ => return false,
    };
    close.is_some_and(|e| e > open && abbreviation(&chars[open + 1..e]))
}

/// Chars of `rest` up to the end of `head`, read from it (asides and a dropped colon
/// included).
fn spanned(rest: &str, head: &str) -> usize {
    let mut want = head.chars().peekable();
    for (i, c) in outside_asides(rest) {
        if want.peek() == Some(&c) {
            want.next();
            if want.peek().is_none() {
                return i + 1;
            }
        }
    }
    head.chars().count()
}

fn is_project(head: &str) -> bool {
    has_site_word(head) || lexicon!("project_noun").words().any(|w| head.contains(w))
}

/// The head of an item that gives its name in another script right after it
/// (`肯尼亚孔扎技术城（Konza Technopolis）——…`): a name its writer spells twice is a proper one,
/// and the bracket ends it. An acronym (`（CIM）`) is no second spelling.
fn aliased_head(r: Reader, rest: &str) -> Option<String> {
    let chars: Vec<char> = rest.chars().collect();
    let open = chars.iter().position(|c| matches!(c, '（' | '('))?;
    let close = open + chars[open..].iter().position(|c| matches!(c, '）' | ')'))?;
    let inside = &chars[open + 1..close];
    let latin = inside
        .iter()
        .all(|c| c.is_ascii_alphanumeric() || " .-&'’".contains(*c))
        && inside.iter().any(char::is_ascii_lowercase);
    let head: String = chars[..open].iter().collect::<String>().trim().to_string();
    let bare = outside_quotes(&head);
    (latin
        && (2..=20).contains(&head.chars().count())
        && !head.contains(['。', '；', '，', ',', '：', ':', '！', '？'])
        && !pos::has_clause_word(&bare, true)
        && !is_label(r.kb, &head)
        && super::names::is_name(r.kb, &bare))
    .then_some(head)
}

/// An item under a case number (`案例一　贵州湄潭：抄乐镇“一茶一码”智慧茶园`) is a case by its
/// label: its head is one when it is a name, not a sentence (a causative word of its own
/// makes one: `“网格+数据”让网格员少跑腿`). Its quotes hold its brand, whatever their shape (a
/// slogan's `一茶一码` elsewhere names a method).
fn numbered_case(r: Reader, head: &str) -> bool {
    let bare = outside_quotes(head);
    let causative = lexicon!("case_cue_word").words_of("causative");
    (3..=24).contains(&head.chars().count())
        && !pos::has_clause_word(&bare, true)
        && !pos::has_own_word(&bare, causative)
        && !is_label(r.kb, head)
        && super::names::is_name(r.kb, &bare)
}

/// Whether a head names a case, read under its item's marker.
fn listed_case(r: Reader, kind: Kind, head: &str) -> bool {
    item_case(r, head) || (kind == Kind::CaseNo && numbered_case(r, head))
}

fn item_case(r: Reader, head: &str) -> bool {
    names_case(r, head) || local_place_in(r, head) || site_head(r.kb, head) || quoted_head(r, head)
}

/// A head that opens with a place and holds a quoted name (`新加坡“一站通”市政反映平台`,
/// `福州市“e福州”城市服务总入口`): an item of a case list names its case by its brand.
fn quoted_head(r: Reader, head: &str) -> bool {
    let quotes = quoted(head);
    let [(q, _, _)] = quotes.as_slice() else {
        return false;
    };
    (2..=12).contains(&q.chars().count())
        && r.places(head).first().is_some_and(|p| p.0 == 0)
        && !pos::has_clause_word(&outside_quotes(head), true)
        && !is_label(r.kb, q)
        && super::names::is_name(r.kb, head)
}

/// A head that is a site's name with no place (`（二）红梅文创园`): a proper stem and a site
/// word, nothing more. A task opens with what is done (`（五）建设完整社区`, `site_action.txt`).
fn site_head(kb: &Knowledge, head: &str) -> bool {
    let n = head.chars().count();
    let chars: Vec<char> = head.chars().collect();
    (3..=12).contains(&n)
        && !super::site_words::renewal_in(&chars, 0, 1)
        && super::site_words::is_strong_site(head)
        && !pos::has_clause_word(head, true)
        && !pos::is_common_word(head)
        && !is_label(kb, head)
        && super::names::is_name(kb, head)
}

/// Whether a listed item's head, vetted as a case by `item_case`, is a name: a town or
/// village alone is one, and its quotes hold its brand whatever their shape
/// (`抄乐镇“一茶一码”智慧茶园`; a slogan's `一茶一码` elsewhere names a method).
pub(crate) fn listed_name(kb: &Knowledge, head: &str) -> bool {
    super::names::is_name(kb, head)
        || super::names::is_name(kb, &outside_quotes(head))
        || local_place(kb, head)
}

/// A head that is only places, the last a town, street or village (`…前旗黄旗海镇：积分制…`):
/// in a list of cases the place itself is the case. A city (`上海市：曹杨新村`) is not.
pub(crate) fn local_place(kb: &Knowledge, head: &str) -> bool {
    local_place_in(
        Reader {
            kb,
            context: &HashSet::new(),
        },
        head,
    )
}

fn local_place_in(r: Reader, head: &str) -> bool {
    let mut places = r.places(head);
    places.retain(|(_, _, p)| p.code.is_some());
    let covered =
        (0..head.chars().count()).all(|i| places.iter().any(|&(a, b, _)| a <= i && i < b));
    let last = places.iter().max_by_key(|(_, b, _)| *b);
    covered
        && last
            .is_some_and(|(_, _, p)| matches!(p.level.as_str(), "street" | "village" | "community"))
}

/// A head that names a case: a place, a site or project word, and a name besides.
fn names_case(r: Reader, head: &str) -> bool {
    let mut places = r.places(head);
    places.retain(|(_, _, p)| p.code.is_some());
    if places.is_empty() || !is_project(head) || is_label(r.kb, head) {
        return false;
    }
    let chars: Vec<char> = head.chars().collect();
    let mut left: Vec<char> = Vec::new();
    for (i, c) in chars.iter().enumerate() {
        if !places.iter().any(|&(a, b, _)| a <= i && i < b) {
            left.push(*c);
        }
    }
    let left: String = left.into_iter().collect();
    let core = lexicon!("project_noun")
        .words()
        .fold(left, |acc, w| acc.replace(w, ""));
    // A kind of project at one street or town (永安台街道 + 完整社区建设项目) is that
    // street's project; at a city it is a programme.
    let at_street = places.iter().any(|(_, _, p)| p.level == "street");
    core.chars().count() >= 2 && (at_street || !is_label(r.kb, &core))
}

/// An item of the body: its marker's kind, its head and where the head is.
struct Item {
    kind: Kind,
    head: Option<String>,
    span: (usize, usize, usize),
    case: bool,
}

/// Case candidates from numbered items: at the start of sentences and as headings.
pub(crate) fn list_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let r = Reader {
        kb,
        context: &view.place_context,
    };
    let items = body_items(view, r);
    for (k, it) in items.iter().enumerate() {
        let Some(head) = it.head.as_deref() else {
            continue;
        };
        if it.case || sibling_case(kb, &items, k, head) {
            out.push(new_cand(kb, head, Origin::ListItem, Some(it.span)));
        }
    }
    for (si, sec) in view.doc.sections.iter().enumerate() {
        let Some((kind, _, rest)) = after_number(&sec.heading) else {
            continue;
        };
        let case = |h: &String| listed_case(r, kind, h);
        let Some(head) = aliased_head(r, rest).or_else(|| item_head(r, rest).filter(case)) else {
            continue;
        };
        // The item is told in the section's first sentence.
        let span = view.section_first_sentence(si);
        out.push(new_cand(kb, &head, Origin::ListItem, span));
    }
}

/// The numbered items of the body, in order.
fn body_items(view: &DocView, r: Reader) -> Vec<Item> {
    let mut out = Vec::new();
    for p in 0..view.chars.len() {
        for (s, &(a, b)) in view.sentences[p].iter().enumerate() {
            if view.ref_like[p][s] || view.masked[p].get(a).copied().unwrap_or(false) {
                continue;
            }
            let text = view.text(p, a, b);
            let Some((kind, offset, rest)) = after_number(&text) else {
                continue;
            };
            let aliased = aliased_head(r, rest);
            let head = aliased.clone().or_else(|| item_head(r, rest));
            let start = a + offset;
            if let Some(h) = head
                .as_deref()
                .filter(|h| aliased.is_none() && enumerates(h))
            {
                for (at, name, len) in named_parts(r, h) {
                    let from = start + spanned(rest, &h.chars().take(at).collect::<String>());
                    out.push(Item {
                        kind,
                        case: item_case(r, &name),
                        head: Some(name),
                        span: (p, from, (from + len).min(b)),
                    });
                }
                continue;
            }
            let case =
                aliased.is_some() || head.as_deref().is_some_and(|h| listed_case(r, kind, h));
            let end = head
                .as_deref()
                .map_or(start, |h| (start + spanned(rest, h)).min(b));
            out.push(Item {
                kind,
                head,
                span: (p, start, end),
                case,
            });
        }
    }
    out
}

/// An item of a list whose other items are mostly cases is one too when its head is a short
/// name (`3 “芝罘e家” 烟台市芝罘区` among placed estates): the list says what its items are.
fn sibling_case(kb: &Knowledge, items: &[Item], k: usize, head: &str) -> bool {
    let kind = items[k].kind;
    let same = |i: &usize| items[*i].kind == kind;
    let others: Vec<bool> = (0..k)
        .rev()
        .take_while(same)
        .chain((k + 1..items.len()).take_while(same))
        .map(|i| items[i].case)
        .collect();
    let cases = others.iter().filter(|&&c| c).count();
    let n = head.chars().count();
    cases >= 2
        && cases * 2 > others.len()
        && (2..=16).contains(&n)
        && !pos::has_clause_word(head, true)
        && !is_label(kb, head)
        && super::names::is_name(kb, head)
}
