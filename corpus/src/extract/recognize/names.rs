//! Whether a candidate's name is a name: a noun phrase (no predicate word from
//! `name_predicate.txt`), not an organisation (`org_suffix.txt`), event (`event_suffix.txt`)
//! or document (`policy_doc_type.txt`: `…国土空间规划`),
//! and more than places
//! and project words (`杭州市拱墅区` or `祖庙街道项目` alone name no case).

use crate::extract::knowledge::Knowledge;
use crate::extract::labels::{is_label, places_in_name};
use crate::lexicon;
use once_cell::sync::Lazy;
use regex::Regex;

pub(crate) fn is_name(kb: &Knowledge, name: &str) -> bool {
    if lexicon!("name_predicate").words().any(|w| name.contains(w)) {
        return false;
    }
    let core = without_places(kb, name);
    if quoted_kind(&core) {
        return false;
    }
    // A place and then a preposition or verb of one character is a clause (西宁市以…).
    let led_by_place = core.chars().count() < name.chars().count() && name.ends_with(core.as_str());
    // A name may open with such a character inside a word (`向阳社区`, `向善街片区`).
    let led_by_word = core.starts_with(|c: char| "以将在对把为做给向从".contains(c))
        && !super::pos::opens_with_long_word(&core);
    if led_by_place && led_by_word {
        return false;
    }
    // An activity named with a platform noun after it is the platform (`网格化服务管理平台`,
    // where `网格化管理` alone is an activity).
    let platform = ends_with_platform_noun(&core);
    let core = lexicon!("project_noun")
        .words()
        .fold(core, |acc, w| acc.replace(w, ""));
    let core = core.trim();
    let bare = core.trim_end_matches(['”', '」', '》']);
    let suffix = |l: &crate::lexicon::Lexicon| l.words().any(|w| bare.ends_with(w));
    if suffix(lexicon!("org_suffix"))
        || (suffix(lexicon!("event_suffix")) && !platform)
        || suffix(lexicon!("policy_doc_type"))
    {
        return false;
    }
    let brand = place_brand(kb, name);
    if quoted_method(name, brand)
        || generic_after_of(&outside_quotes(&brand_unquoted(name)))
        || PAIRED.is_match(name)
    {
        return false;
    }
    if is_quantity(&core_key(kb, name)) {
        return false;
    }
    core.chars().filter(|c| c.is_alphanumeric()).count() >= 2
}

/// Whether a name's stem is an indefinite quantity (`不少村`: many villages, none named).
fn is_quantity(core: &str) -> bool {
    lexicon!("quantity_word").words().any(|w| core.ends_with(w))
}

/// Whether `name` ends with a platform noun (`case_cue_word.txt`, kind `platform_noun`:
/// `平台`, `小程序`, `服务站`), closing quotes aside.
fn ends_with_platform_noun(name: &str) -> bool {
    let bare = name.trim_end_matches(['”', '」', '》']);
    platform_nouns().any(|w| bare.ends_with(w))
}

fn platform_nouns() -> impl Iterator<Item = &'static str> {
    lexicon!("case_cue_word").words_of("platform_noun")
}

/// Whether `name` says more than its gazetteer places.
pub(crate) fn beyond_places(kb: &Knowledge, name: &str) -> bool {
    without_places(kb, name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .count()
        >= 2
}

/// A programme of a county, city or province rather than a site (`东营区老旧小区改造`,
/// `太原城中村`, `天津的老旧小区`): the most specific place is a county or above and what is
/// left once places and site or project words are out is a kind (`老旧`, `城中`:
/// `site_stem_stop.txt`). A programme at a street or a named area (`西关街片区老旧小区改造`)
/// stays.
pub(crate) fn is_programme_at_place(kb: &Knowledge, name: &str) -> bool {
    if name.contains(['“', '「']) {
        return false;
    }
    let places = places_in_name(kb, name);
    let wide = |level: &str| matches!(level, "national" | "province" | "city" | "county");
    if places.is_empty() || !places.iter().all(|(_, _, p)| wide(&p.level)) {
        return false;
    }
    super::site_words::is_stem_stop(&core_key(kb, name))
}

/// A clause rather than a name (`荔湾区引入了社区`, `华富街道其他老旧小区`, `基于南宁市三个
/// 小区`): a pronoun, clause preposition, particle or counted quantity once the places are out.
/// An author's own cue may name a counted sample (`42座城市样本`), so `quantities` is off
/// for cue candidates.
pub(crate) fn is_clause(kb: &Knowledge, name: &str, quantities: bool) -> bool {
    // A place's quoted brand is a name whatever its words (`上海“为老服务一键通”`).
    let name = if place_brand(kb, name) {
        outside_quotes(name)
    } else {
        brand_unquoted(name)
    };
    let bare: String = without_places(kb, &name)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    super::pos::has_clause_word(&bare, quantities)
}

/// A quote its place owns, the place right before it (`彭阳县“互联网+村级代办”模式`): a
/// place's brand is its own name, slogan-shaped or not.
fn place_brand(kb: &Knowledge, name: &str) -> bool {
    name.find('“').is_some_and(|a| {
        let before = &name[..a];
        !before.is_empty() && without_places(kb, before).trim().is_empty()
    })
}

/// The name with what its quotes hold left out (`上海“…”行动` → `上海“”行动`); a quote left
/// open holds the rest (`labels::quoted` reads closed quotes only).
fn outside_quotes(name: &str) -> String {
    let mut depth = 0;
    name.chars()
        .filter(|&c| {
            match c {
                '“' => depth += 1,
                '”' => depth -= 1,
                _ => return depth <= 0,
            }
            true
        })
        .collect()
}

/// A quoted brand typed by the platform noun after it (`“我改变我的城市”平台`) is a name
/// whatever its own words: the name without the quote's content, for the clause test.
fn brand_unquoted(name: &str) -> String {
    let (Some(a), Some(b)) = (name.find('“'), name.rfind('”')) else {
        return name.to_string();
    };
    let after = &name[b + '”'.len_utf8()..];
    // `“我们的”项目` quotes a possessive, not a brand.
    let typed = a < b && !name[..b].ends_with('的') && platform_nouns().any(|w| after == w);
    if typed {
        format!("{}{}", &name[..a], after)
    } else {
        name.to_string()
    }
}

/// A site word alone in quotes after a place (`长沙“完整社区”`): a designation the text talks
/// about, not a site (a programme's label in quotes is one: `杭州“城市大脑”`).
fn quoted_kind(core: &str) -> bool {
    let Some(inner) = core.strip_prefix('“').and_then(|c| c.strip_suffix('”')) else {
        return false;
    };
    super::site_words::site_words().any(|w| w == inner)
}

/// Slogan shapes: a paired count `一村一档`, a manner `清单式`, a counted pair of characters
/// `五城`, counts in a row `三高三宜三率先` (a three-character name led by a numeral, `三里屯`,
/// stays a name), single characters in a row `留、改、拆、建`, a merger `多改合一` or `五位一体`.
static SLOGAN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
            r"^一\p{Han}一\p{Han}$|\p{Han}式$|^[一二三四五六七八九十两]\p{Han}$|^(?:[一二三四五六七八九十两]\p{Han}{1,3}){2,}$|^\p{Han}(?:、\p{Han}){2,}$|\p{Han}(?:合一|一体)$",
        )
        .unwrap()
});

/// A formula or a walking radius (`互联网+监督`, `15分钟生活圈`): a slogan, except as a
/// place's brand with its noun (`彭阳县“互联网+村级代办”模式`).
static FORMULA: Lazy<Regex> = Lazy::new(|| Regex::new(r"[+＋]|\d+分钟").unwrap());

/// A paired count (`一江一河`, `一村一品`) is a programme's slogan, quoted or not.
static PAIRED: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[“「]?一\p{Han}一\p{Han}[”」]?$").unwrap());

/// A quoted phrase that is a method or slogan: quotes followed by a method word
/// (`“四方协调”机制`), a method word closing the quote (`“365社区工作法”`), or a slogan
/// shape inside the quote, whichever recogniser found the name.
fn quoted_method(name: &str, brand: bool) -> bool {
    let (Some(a), Some(b)) = (name.find('“'), name.rfind('”')) else {
        return false;
    };
    if a >= b {
        return false;
    }
    let inside = &name[a + '“'.len_utf8()..b];
    let after = &name[b + '”'.len_utf8()..];
    let methods = || lexicon!("method_word").words();
    SLOGAN.is_match(inside)
        // `兰州市“村集体+合作社+企业”` is a way of working; `…“热线＋网格”融合试点` is typed.
        || (FORMULA.is_match(inside) && (!brand || after.is_empty()))
        || (!brand && methods().any(|w| after.starts_with(w) || inside.ends_with(w)))
}

/// `厦门的城中村`, `柳江边的夜间经济`: what follows 的 is a kind, unless it is a site.
fn generic_after_of(name: &str) -> bool {
    name.rfind('的')
        .map(|i| &name[i + '的'.len_utf8()..])
        .is_some_and(|tail| !super::site_words::has_site_word(tail) || tail.chars().count() <= 3)
}

/// The name with its gazetteer places (divisions with a code) left out. A place inside
/// quotes is part of a brand (`龙游县“龙游通”`, `厦门“i厦门”`) and stays.
pub(crate) fn without_places(kb: &Knowledge, name: &str) -> String {
    let quotes = crate::extract::labels::quoted(name);
    let in_quotes = |i: usize| quotes.iter().any(|&(_, qs, qe)| qs < i && i < qe);
    let mut places = places_in_name(kb, name);
    places.retain(|(a, _, p)| p.code.is_some() && !in_quotes(*a));
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

/// Kinds of site joined (`老旧小区和完整社区`, `工业遗存、滨水空间`): the heading of a part of a
/// list, no site.
pub(crate) fn joins_kinds(kb: &Knowledge, name: &str) -> bool {
    let parts: Vec<&str> = name.split(['和', '与', '及', '、']).collect();
    parts.len() >= 2
        && parts
            .iter()
            .all(|p| !p.is_empty() && (is_label(kb, p) || super::pos::is_common_phrase(p)))
}

/// What names the case once places and site or project words are taken off its ends:
/// `瓜山社区` and `杭州拱墅区瓜山未来社区` both give `瓜山`.
pub(crate) fn core_key(kb: &Knowledge, name: &str) -> String {
    // `的` joins a place to what follows (`天津的老旧小区`, `新乡红旗区的向阳小区`): no core.
    let mut core = crate::text::match_key(&without_places(kb, name))
        .trim_start_matches('的')
        .to_string();
    // The longest word first: `历史文化街区` off `五大道历史文化街区`, not `街区`.
    while let Some(w) = lexicon!("project_noun")
        .words()
        .chain(super::site_words::site_words())
        .chain(lexicon!("site_action").words())
        .filter(|w| core.ends_with(w) && core.chars().count() > w.chars().count() + 1)
        .max_by_key(|w| w.chars().count())
    {
        core.truncate(core.len() - w.len());
    }
    // A concept after the name is what was done there (`划船社区` + `智慧化`).
    if let Some(at) = trailing_label(kb, &core) {
        core = core.chars().take(at).collect();
        return core_key(kb, &core);
    }
    core
}

/// Where a thesaurus label that ends `core` starts, leaving at least two chars before it.
fn trailing_label(kb: &Knowledge, core: &str) -> Option<usize> {
    let n = core.chars().count();
    kb.concepts
        .find(&crate::extract::matcher::Folded::new(core))
        .iter()
        .filter(|h| h.end == n && h.start >= 2)
        .map(|h| h.start)
        .min()
}
