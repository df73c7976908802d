//! Where case candidates come from: title cues, headings, body cues, quoted names, clauses
//! led by a place, and places discussed throughout. `cases.rs` merges and builds them.

use super::candidate::{new_cand, CaseCandidate, Origin};
use super::doc::{DocView, Mention, PlaceMention};
use super::knowledge::Knowledge;
use super::labels::{self, instance_label, is_scheme_label, places_in_name, quoted};
use super::matcher::Folded;
use super::places::{self, Resolved};
use crate::text::match_key;
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::{BTreeMap, HashSet};

/// A regex whose word lists are kinds of `case_cue_word.txt`: `{kind}` stands for the words
/// of that kind as one alternation (`lexicon::alternation`).
fn cue_regex(pattern: &str) -> Regex {
    let lex = crate::lexicon!("case_cue_word");
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find("{=") {
        let close = open + rest[open..].find('}').expect("closed kind");
        out.push_str(&rest[..open]);
        out.push_str(&crate::lexicon::alternation(lex, &rest[open + 2..close]));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Regex::new(&out).expect("cue pattern")
}

static TITLE_EXAMPLE: Lazy<Regex> = Lazy::new(|| cue_regex(r"以(.{2,30}?)为{=title_example}"));

static TITLE_BASED: Lazy<Regex> =
    Lazy::new(|| cue_regex(r"基于(.{2,40}?)的(?:双|多|跨|单)?{=title_study}"));

static TITLE_PROJECT: Lazy<Regex> =
    Lazy::new(|| cue_regex(r"[—-]+\s*([^—\-：:]{2,24}?{=title_project})的"));

static NOT_A_CASE: Lazy<Regex> = Lazy::new(|| cue_regex("{=not_a_case}"));

static BODY_CUE: Lazy<Regex> = Lazy::new(|| {
    cue_regex(
        r"以([^，。；：,以]{2,25}?)为{=body_as}|([^，。；：,]{2,25}?)的{=body_of}|([^，。；：,]{2,25}?)案例",
    )
});

static EXAMPLE: Lazy<Regex> = Lazy::new(|| cue_regex(r"{=example}|以.{1,24}为例"));

static LAUNCH: Lazy<Regex> = Lazy::new(|| cue_regex(r"{=launch}了?的?$"));

static BETWEEN_OK: Lazy<Regex> =
    Lazy::new(|| cue_regex(r"[、和与及的等]|{=between}|{=between_le}了?"));

/// Launch verbs, adverbs and acting governments between a place and the project it names.
static VERB_DROP: Lazy<Regex> = Lazy::new(|| {
    cue_regex(r"^(?:市政府|政府)?{=effort}?{=build}了?|{=effort}?{=build}了?|等城市|等地区")
});

static STRICT_EXAMPLE: Lazy<Regex> = Lazy::new(|| cue_regex(r"{=example_lead}|以.{1,24}为例"));

/// Nouns that make a quoted or place-led phrase a project, platform or programme.
/// A noun that ends a quoted phrase (`“明月国际陶艺村”`), not one inside it (`“村集体主导”`
/// is a way of working).
static CASE_NOUN: Lazy<Regex> = Lazy::new(|| cue_regex(r"(?:{=case_noun})$|节$|[eE]\p{Han}?通"));

/// Quoted names of policies, programmes and events (policies.rs takes them).
static POLICY_QUOTE: Lazy<Regex> =
    Lazy::new(|| cue_regex(r"{=policy_quote_end}$|{=policy_quote_word}"));

static POLICY_AFTER: Lazy<Regex> =
    Lazy::new(|| cue_regex(r"^(?:等|的[\p{Han}]{0,6}?)?{=policy_after}"));

/// Quotes that are no names: problems and questions (slogans: `names::is_name`).
static NOT_CASE_QUOTE: Lazy<Regex> = Lazy::new(|| cue_regex(r"{=not_case_quote}|[，、。！？]"));

static CLAUSE_PREFIX: Lazy<Regex> = Lazy::new(|| {
    cue_regex(
        r"^(?:{=clause_prefix}|\d{4}\s*(?:[—–\-~至]+\s*\d{4}\s*)?年(?:以来|起|间)?|\d{1,2}\s*月|\d+\s*[个座家项所]|\s)*$",
    )
});

/// A clause may also lead in with a verb that takes the case as object (`结合成都…`).
static LEAD_IN: Lazy<Regex> = Lazy::new(|| cue_regex(r"^[^，。；：]{0,8}?{=lead_in}$"));

/// Verbs between a place and the name it launched (`杭州市推出的“…”` → `杭州市“…”`).
static OWNER_VERB: Lazy<Regex> = Lazy::new(|| cue_regex(r"{=owner}了?的?"));

/// What may stand between a place and the quote it owns directly: an adopting verb and
/// `的` (`许昌市推行的“…”`, `福建省的“…”`), once fillers are gone.
static OWNS_DIRECTLY: Lazy<Regex> =
    Lazy::new(|| cue_regex(r"^(?:的?代表{=present}了?)?(?:{=adopt}){0,2}了?的?$"));

/// The same with where or when it was done between (`望春街道在改造中设立了“…”`,
/// `乐都区在各乡镇设立“…”`), read before fillers go.
static OWNS_SET_IN: Lazy<Regex> =
    Lazy::new(|| cue_regex(r"^在[^，。；：“”]{1,8}?(?:{=adopt}){1,2}了?的?$"));

/// After a quote its place owns directly, or closing it, a programme noun names the place's
/// programme (`贵阳市的“数据铁笼”工程`).
static PROGRAMME_AFTER: Lazy<Regex> = Lazy::new(|| cue_regex(r"^的?{=place_programme}"));
static PROGRAMME_END: Lazy<Regex> = Lazy::new(|| cue_regex(r"{=place_programme}$"));

static SPEECH: Lazy<Regex> = Lazy::new(|| cue_regex("{=speech}"));

/// A quote named as a platform by the noun or naming verb right before it:
/// `选课小程序“良课堂”`, `我们叫它“燃气哨兵”` (a name in apposition to its kind).
static TYPED_BEFORE: Lazy<Regex> = Lazy::new(|| cue_regex(r"(?:{=platform_noun}|{=naming})$"));

static FILLER: Lazy<Regex> =
    Lazy::new(|| cue_regex(r"{=filler}|\d+(?:\.\d+)?\s*[余多]?[个项家所座处]"));

/// `s` without the fillers and verbs the cues match where they are words of their own
/// (`在`, `通过` of `政府在官网上通过`; not `中` of `社区服务中心`).
fn drop_cue_words(s: &str, cues: &[&Regex]) -> String {
    let mut s = s.to_string();
    for cue in cues {
        let bounds = super::recognize::pos::word_bounds(&s);
        let keep: Vec<(usize, usize)> = cue
            .find_iter(&s)
            .filter(|m| bounds.contains(&m.start()) && bounds.contains(&m.end()))
            .map(|m| (m.start(), m.end()))
            .collect();
        if !keep.is_empty() {
            let mut out = String::new();
            let mut last = 0;
            for (a, b) in keep {
                out.push_str(&s[last..a]);
                last = b;
            }
            out.push_str(&s[last..]);
            s = out;
        }
    }
    s
}

static CLAUSE_END: &[char] = &['，', '。', '；', '：', '！', '？', ',', ';', ':', '!', '?'];

/// Quoted spans “…” of a string: (content, char start of “, char end after ”).
/// Split `飞鹤和小米`, `“蓝色循环”“余杭碳眼”和“宁波数字孪生”` into single cases.
fn split_list(x: &str) -> Vec<String> {
    let q = quoted(x);
    let bare: String = x.chars().filter(|c| !c.is_whitespace()).collect();
    let rest = q.iter().fold(bare.clone(), |acc, (c, _, _)| {
        acc.replace(&format!("“{c}”"), "")
    });
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

pub(super) fn title_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let (name_title, _) = crate::meta::parse_source_name(&view.doc.source);
    // The parsed title first: file names are often truncated (`基于...蓝色循环”…`).
    let mut titles = vec![view.doc.title.clone(), name_title];
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
                    if part.contains("...")
                        || part.contains('…')
                        || part.matches('“').count() != part.matches('”').count()
                    {
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
    for q in title_quotes(view, kb) {
        // Told in the body, or not a case: `locate` finds its spans there.
        out.push(new_cand(kb, &q, Origin::Quoted, None));
    }
    for h in headline_site(kb, &view.doc.title)
        .into_iter()
        .chain(reported_site(kb, &view.doc.title))
    {
        if !found.iter().any(|f| match_key(f).contains(&match_key(&h))) {
            found.push(h);
        }
    }
    for f in found {
        out.push(new_cand(kb, &f, Origin::Title, None));
    }
}

/// A headline led by a site's name (`松山文创园区：烟厂的第二人生`, `红梅文创园——…`), a column
/// label before it allowed (`项目案例 | 红梅文创园：…`): a proper stem and a strong site word
/// before a colon, bar or dash, the places before it kept. A title that is a site's name
/// and nothing more, or a name field's value (`作品名称：…`), names it too.
fn headline_site(kb: &Knowledge, title: &str) -> Option<String> {
    let parts: Vec<&str> = title
        .split(['：', ':', '|', '｜', '丨', '—'])
        .map(str::trim)
        .collect();
    // `作品名称：…`: a name field's value is the whole name.
    let value = match parts.as_slice() {
        [label, value] if crate::lexicon!("name_field_label").contains(label) => Some(*value),
        [whole] => Some(*whole),
        _ => None,
    };
    if let Some(v) = value {
        return site_name(kb, v).then(|| v.to_string());
    }
    parts[..parts.len() - 1]
        .iter()
        .take(2)
        .find(|head| site_name(kb, head))
        .map(|head| head.to_string())
}

/// Quoted names in a title right after the place below a province that owns them, read as
/// the body's quotes are (`quote_is_case`): `——访成县红川镇“数字夜校”发起人`.
fn title_quotes(view: &DocView, kb: &Knowledge) -> Vec<String> {
    let title = view.bare_title();
    let chars: Vec<char> = title.chars().collect();
    let mut out = Vec::new();
    for (q, qs, qe) in quoted(&title) {
        let before: String = chars[..qs].iter().collect();
        let places = labels::places_in_name_within(kb, &before, &view.place_context);
        // A province's quoted name in a title is its campaign (`…省“共同缔造”`).
        let Some((os, _, owner)) = places
            .iter()
            .find(|(_, oe, p)| *oe == qs && p.level != "province")
        else {
            continue;
        };
        let local = matches!(owner.level.as_str(), "street" | "village" | "community");
        let at = QuoteAt {
            owner_place: true,
            adjacent: true,
            typed: false,
            local,
        };
        let after: String = chars[qe..]
            .iter()
            .take_while(|c| !"，。；：！？—|".contains(**c))
            .collect();
        if quote_is_case(kb, &q, &after, at) {
            let place: String = chars[*os..qs].iter().collect();
            out.push(format!("{place}“{q}”"));
        }
    }
    out
}

/// A title part that reports on a site, ended by the words of a story (`story_word.txt`):
/// `滁州市政务数据共享交换平台建设纪实`, `…——大连市热线智能客服“连小二”建设运行纪实`. Its case is
/// what it opens with, a place first, up to its last strong site word, platform noun or
/// closing quote (`建设`, `运行` are what was done there).
fn reported_site(kb: &Knowledge, title: &str) -> Option<String> {
    title
        .split(['：', ':', '|', '｜', '丨', '—'])
        .map(str::trim)
        .find_map(|part| {
            let story = crate::lexicon!("story_word")
                .words()
                .find(|w| part.ends_with(w))?;
            let body: Vec<char> = part[..part.len() - story.len()].chars().collect();
            let name: String = (2..=body.len())
                .rev()
                .map(|n| body[..n].iter().collect::<String>())
                .find(|n| ends_a_reported_name(n))?;
            let placed = places_in_name(kb, &name).first().is_some_and(|p| p.0 == 0);
            (placed
                && super::recognize::names::beyond_places(kb, &name)
                && super::recognize::names::is_name(kb, &name)
                && !super::recognize::names::is_collection(&name)
                && !super::recognize::pos::has_clause_word(&name, true))
            .then_some(name)
        })
}

fn ends_a_reported_name(name: &str) -> bool {
    name.ends_with('”')
        || super::recognize::site_words::ends_in_strong_site_word(name)
        || crate::lexicon!("case_cue_word")
            .words_of("platform_noun")
            .any(|w| name.ends_with(w))
}

fn site_name(kb: &Knowledge, head: &str) -> bool {
    // A quoted stem (`“石门坎”小区`) is the name's stem.
    let core = super::recognize::names::without_places(kb, head).replace(['“', '”'], "");
    super::recognize::site_words::is_strong_site(&core)
        && super::recognize::pos::name_tail(&core) == core.chars().count()
        && !super::recognize::pos::has_clause_word(head, true)
        && super::recognize::names::is_name(kb, head)
}

/// Where a quote stands: a place owns it in the clause (`杭州“城市大脑”`), right before it,
/// and a platform noun or naming verb types it (`TYPED_BEFORE`).
#[derive(Clone, Copy, Default)]
struct QuoteAt {
    owner_place: bool,
    adjacent: bool,
    typed: bool,
    /// The owner right before it is a street, town or village: its pilot (`南湖街道“未诉
    /// 先办”试点`) is a case, where a city's is a policy.
    local: bool,
}

/// Is a quoted phrase the name of a project, platform or programme?
fn quote_is_case(kb: &Knowledge, q: &str, after: &str, at: QuoteAt) -> bool {
    let QuoteAt {
        owner_place,
        adjacent,
        typed,
        local,
    } = at;
    let chain = q.contains(['—', '－', '→']) || q.contains(" - ") || q.contains("--");
    let wordy = q
        .chars()
        .filter(|c| crate::text::is_cjk(*c) || c.is_ascii_alphabetic())
        .count()
        >= 2;
    if !wordy {
        return false;
    }
    // A place's own programme (`合肥市“城市生命线安全工程”`) is a case; a quote no place
    // owns that names a programme is a policy.
    let own_programme = adjacent && (PROGRAMME_END.is_match(q) || PROGRAMME_AFTER.is_match(after));
    if NOT_CASE_QUOTE.is_match(q)
        || (POLICY_QUOTE.is_match(q) && !own_programme)
        || (POLICY_AFTER.is_match(after) && !(adjacent && local) && !own_programme)
        || q.chars().count() > 16
        || chain
        || q.ends_with("研究")
    {
        return false;
    }
    // A thesaurus label in quotes is a generic idea (数字利维坦) or a kind of platform
    // (城市大脑); it names a case only when a place owns it.
    let f = Folded::new(q);
    let n = q.chars().count();
    let whole_label = kb
        .concepts
        .find(&f)
        .into_iter()
        .any(|h| h.start == 0 && h.end == n);
    if whole_label {
        return owner_place || instance_label(kb, q);
    }
    let named = typed || !quote_suffix(after).is_empty() || CASE_NOUN.is_match(q);
    // A short name right after its place (北京“劲松模式”, 纽约“硅巷”) needs no noun.
    named || (owner_place && adjacent && n <= 8)
}

pub(super) fn heading_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    for (si, s) in view.doc.sections.iter().enumerate() {
        let h = crate::item::marker(&s.heading)
            .map_or(s.heading.as_str(), |m| m.rest)
            .trim()
            .to_string();
        if s.level == 0 || h.chars().count() > 30 || h.starts_with("摘要") || h.contains("参考文献")
        {
            continue;
        }
        let q = quoted(&h);
        let has_place = !places_in_name(kb, &h).is_empty();
        let case_heading = h.contains("案例") && (has_place || !q.is_empty());
        let quoted_case = q.iter().any(|(c, qs, e)| {
            let after: String = h.chars().skip(*e).collect();
            // `数智协商“云平台”拓展协商渠道`: a claim about a feature, not a case's name.
            if !after.is_empty() && case_suffix(&after) != after && quoted(&after).is_empty() {
                return false;
            }
            // `城市运行“一网统管”`: a platform named in a heading of its own.
            let platform = *qs > 0 && is_scheme_label(kb, c, "technology");
            let at = QuoteAt {
                owner_place: has_place,
                ..QuoteAt::default()
            };
            quote_is_case(kb, c, &after, at) || platform
        });
        if !(case_heading || quoted_case) {
            continue;
        }
        let span = view.section_first_sentence(si);
        let name = h
            .trim_start_matches("案例")
            .trim_start_matches(['一', '二', '三', '四', '五', '：', ':'])
            .to_string();
        out.push(new_cand(kb, &name, Origin::Heading, span));
    }
}

fn sentence_string(view: &DocView, p: usize, s: usize) -> (usize, String) {
    let (a, b) = view.sentences[p][s];
    (
        a,
        view.chars[p][a..b.min(view.chars[p].len())]
            .iter()
            .collect(),
    )
}

fn clause_start(chars: &[char], lo: usize, at: usize) -> usize {
    (lo..at)
        .rev()
        .find(|&i| CLAUSE_END.contains(&chars[i]))
        .map_or(lo, |i| i + 1)
}

fn clause_end(chars: &[char], at: usize, hi: usize) -> usize {
    (at..hi)
        .find(|&i| CLAUSE_END.contains(&chars[i]))
        .unwrap_or(hi)
}

/// One sentence of the body, as the body cues read it.
struct Sentence<'v> {
    view: &'v DocView<'v>,
    p: usize,
    /// Char span of the sentence in its passage.
    a: usize,
    b: usize,
    text: String,
    /// An example cue (`例如`, `以…为例`) in it.
    example: bool,
    /// A strict example cue in it or in the sentence before (two-column text often splits
    /// `例如，…` from its example).
    strict_example: bool,
    places: Vec<&'v PlaceMention>,
}

impl<'v> Sentence<'v> {
    fn new(view: &'v DocView<'v>, p: usize, s: usize) -> Sentence<'v> {
        let (a, text) = sentence_string(view, p, s);
        let b = a + text.chars().count();
        Sentence {
            view,
            p,
            a,
            b,
            example: EXAMPLE.is_match(&text),
            strict_example: STRICT_EXAMPLE.is_match(&text)
                || (s > 0 && STRICT_EXAMPLE.is_match(&view.sentence_text(p, s - 1))),
            places: view
                .places_in(p, a, b)
                .filter(|m| m.place.level != "national")
                .collect(),
            text,
        }
    }

    fn chars(&self) -> &'v [char] {
        &self.view.chars[self.p]
    }

    fn masked(&self, x: usize, y: usize) -> bool {
        self.view.masked[self.p][x..y].iter().any(|&m| m)
    }
}

/// Candidates of body sentences: cues, quoted names, foreign districts, clauses led by a
/// place, Latin programme names, study samples and projects a place launches.
pub(super) fn body_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    for p in 0..view.chars.len() {
        for s in 0..view.sentences[p].len() {
            if view.ref_like[p][s] {
                continue;
            }
            let st = Sentence::new(view, p, s);
            cue_cases(&st, kb, out);
            let owners_used = quoted_cases(&st, kb, out);
            foreign_cases(&st, kb, out);
            let (led, named) = clause_cases(&st, kb, &owners_used, out);
            latin_cases(&st, kb, out);
            sample_cases(&st, kb, out);
            launched_cases(&st, kb, &led, &named, &owners_used, out);
        }
    }
}

/// Cues: `以X为例`, `X的做法/实践/经验`, `X案例` (not inside a cited title).
fn cue_cases(st: &Sentence, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let (p, a) = (st.p, st.a);
    let (text, chars, places) = (st.text.as_str(), st.chars(), &st.places);
    let masked = |x: usize, y: usize| st.masked(x, y);
    for c in BODY_CUE.captures_iter(text) {
        let g = c.get(1).or(c.get(2)).or(c.get(3)).unwrap();
        if inside_brackets(text, text[..g.start()].chars().count()) {
            continue;
        }
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
        // `以X为例` without a place or quote: X is a case when it is a site or project name.
        let first = first.or_else(|| (c.get(1).is_some() && named_site(g.as_str())).then_some(gs));
        if let Some(f) = first {
            let raw: String = chars[f..ge].iter().collect();
            let (name, used) = cue_name(&raw);
            let ge = f + used;
            let qs = quoted(&name);
            let policy = qs
                .iter()
                .any(|(q, _, _)| POLICY_QUOTE.is_match(q) || NOT_CASE_QUOTE.is_match(q));
            let placed = places.iter().any(|m| m.start == f);
            let case_like = placed
                || (c.get(1).is_some() && named_site(&name))
                || qs
                    .iter()
                    .any(|(q, _, _)| CASE_NOUN.is_match(q) || instance_label(kb, q));
            if !policy
                && case_like
                && !coordinated_sites(&name)
                && name.chars().count() >= 2
                && (!NOT_A_CASE.is_match(&name) || !qs.is_empty())
            {
                out.push(new_cand(kb, &name, Origin::Cue, Some((p, f, ge))));
            }
        }
    }
}

/// Two sites joined in one cue (`选取曹家巷片区和抚琴小区两个…案例`): the site recogniser
/// takes each; the cue would merge them into one case.
fn coordinated_sites(name: &str) -> bool {
    name.split(['和', '与', '及', '、'])
        .filter(|part| super::recognize::site_words::has_site_word(part))
        .count()
        >= 2
}

/// A site or project name by its last word (`锁金村社区`, `介寿街自主都更案`).
fn named_site(name: &str) -> bool {
    let named = super::recognize::site_words::has_site_word(name)
        || crate::lexicon!("project_noun")
            .words()
            .any(|w| name.ends_with(w));
    // `以智能交通平台为例`: common words alone are a kind of thing, not one named.
    named && !super::recognize::pos::is_common_phrase(name)
}

/// Quoted names (adjacent quotes `“随申办”“浙里办”` are one name); returns the places
/// that own one.
fn quoted_cases(st: &Sentence, kb: &Knowledge, out: &mut Vec<CaseCandidate>) -> Vec<usize> {
    let (view, p, a, b) = (st.view, st.p, st.a, st.b);
    let (text, chars, places) = (st.text.as_str(), st.chars(), &st.places);
    let masked = |x: usize, y: usize| st.masked(x, y);
    let (example, strict_example) = (st.example, st.strict_example);
    let mut owners_used: Vec<usize> = Vec::new();
    for (group, gs, ge) in quote_groups(text) {
        let (qs, qe) = (a + gs, a + ge);
        if masked(qs, qe) || inside_brackets(text, gs) {
            continue;
        }
        let ce = clause_end(chars, qe, b);
        let after: String = chars[qe..ce].iter().collect();
        let cs = clause_start(chars, a, qs);
        let owner_place = owning_place(st, cs, qs);
        let owner = owner_place.or_else(|| {
            view.mentions_in(p, cs, qs)
                .filter(|m| named_actor(kb, m))
                .map(|m| (m.start, m.end))
                .last()
        });
        let at = quote_at(st, owner_place, cs, qs);
        let is_case = if group.len() == 1 {
            quote_is_case(kb, &group[0], &after, at)
        } else {
            group
                .iter()
                .all(|q| !NOT_CASE_QUOTE.is_match(q) && !POLICY_QUOTE.is_match(q))
                && group
                    .iter()
                    .any(|q| CASE_NOUN.is_match(q) || is_scheme_label(kb, q, "technology"))
                && !POLICY_AFTER.is_match(&after)
                && (example || owner.is_some())
        };
        if !is_case {
            continue;
        }
        let suffix = quote_suffix(&after);
        let quoted_part = group.iter().map(|q| format!("“{q}”")).collect::<String>() + &suffix;
        let between: String = owner.map_or(String::new(), |(_, oe)| chars[oe..qs].iter().collect());
        // `据…指出“…”`, `入选“…”`: a speech or a listing, not a case.
        if SPEECH.is_match(&between) {
            continue;
        }
        let name = match owner {
            // The quote repeats its owner (`杭州“杭州健康码”`): the quote is the name.
            Some((os, oe)) if group[0].starts_with(&view.text(p, os, oe)) => quoted_part.clone(),
            // What stands between a place and the quote it owns directly is no part of the
            // name (`乐都区在各乡镇设立“…”` → `乐都区“…”`).
            Some((os, oe)) if at.adjacent => {
                format!("{}{}", view.text(p, os, oe), quoted_part)
            }
            Some((os, oe)) if qs - oe <= 8 => {
                let between = drop_cue_words(&between, &[&FILLER, &OWNER_VERB]);
                // `北京标志性的“回天超大社区”`: a modifier, not part of the name.
                let between = if between.ends_with('的') {
                    "".into()
                } else {
                    between
                };
                format!("{}{}{}", view.text(p, os, oe), between, quoted_part)
            }
            Some((os, oe)) => format!("{}{}", view.text(p, os, oe), quoted_part),
            // Without an owner the quote needs a project suffix, or its own noun (or, for a
            // run of quotes, platform names) and an example cue, a place or a launch verb.
            None => {
                let before: String = chars[cs..qs].iter().collect();
                let launched = LAUNCH.is_match(
                    before.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace()),
                );
                let named = !suffix.is_empty()
                    || group.iter().any(|q| CASE_NOUN.is_match(q))
                    || (group.len() > 1
                        && group.iter().all(|q| is_scheme_label(kb, q, "technology")));
                if suffix_is_project(&suffix)
                    || (at.typed && group.len() == 1)
                    || (named && (strict_example || launched || !places.is_empty()))
                {
                    quoted_part
                } else {
                    continue;
                }
            }
        };
        if let Some(o) = owner_place {
            owners_used.push(o.0);
        }
        let start = owner.map_or(qs, |o| o.0);
        let origin = if owner.is_some() {
            Origin::Quoted
        } else {
            Origin::Clause
        };
        out.push(new_cand(
            kb,
            &name,
            origin,
            Some((p, start, qe + suffix.chars().count())),
        ));
    }
    owners_used
}

/// Where the quote starting at `qs` stands in its clause from `cs`.
fn quote_at(st: &Sentence, owner_place: Option<(usize, usize)>, cs: usize, qs: usize) -> QuoteAt {
    let adjacent = owner_place.is_some_and(|(_, oe)| owns_directly(st, oe, qs));
    let before: String = st.chars()[cs..qs].iter().collect();
    let local = owner_place.is_some_and(|(os, _)| {
        st.places.iter().any(|m| {
            m.start == os && matches!(m.place.level.as_str(), "street" | "village" | "community")
        })
    });
    QuoteAt {
        owner_place: owner_place.is_some(),
        adjacent,
        typed: TYPED_BEFORE.is_match(before.trim_end()),
        local,
    }
}

/// Does the place ending at `oe` own the quote at `qs` with nothing but fillers, `的` and a
/// launching or adopting verb between them?
fn owns_directly(st: &Sentence, oe: usize, qs: usize) -> bool {
    let raw = st.view.text(st.p, oe, qs);
    let between = FILLER.replace_all(&raw, "");
    OWNS_DIRECTLY.is_match(&between)
        || OWNS_SET_IN.is_match(&raw)
        || LAUNCH.is_match(&between) && between.chars().count() <= 3
}

/// The place that owns a quoted name starting at `qs`, in its clause from `cs`. A province
/// owns one only right before it (`浙江省“最多跑一次”改革`).
fn owning_place(st: &Sentence, cs: usize, qs: usize) -> Option<(usize, usize)> {
    let (view, p) = (st.view, st.p);
    st.places
        .iter()
        .filter(|m| m.start >= cs && m.end <= qs)
        // `吴堡县让“智慧大脑”融入…`: the place makes the quoted thing act; it does not own
        // a name.
        .filter(|m| !CAUSATIVE.is_match(&view.text(p, m.end, qs)))
        .filter(|m| m.place.level != "province" || owns_directly(st, m.end, qs))
        .map(|m| (m.start, m.end))
        .next_back()
}

/// A foreign city or country with a named district after it (`韩国松岛新城`), and a
/// country with a transliterated name after it (`阿联酋马斯达尔城`).
fn foreign_cases(st: &Sentence, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let (view, p, b) = (st.view, st.p, st.b);
    let (chars, places) = (st.chars(), &st.places);
    for w in places.windows(2) {
        if w[0].place.level == "foreign"
            && w[1].start == w[0].end
            && w[1].place.code.is_none()
            && w[1].place.level != "foreign"
        {
            let name = view.text(p, w[0].start, w[1].end);
            out.push(new_cand(
                kb,
                &name,
                Origin::Quoted,
                Some((p, w[0].start, w[1].end)),
            ));
        }
    }
    // A country with a transliterated name after it (`阿联酋马斯达尔城`): a foreign
    // city the gazetteer does not know.
    for m in places.iter().filter(|m| places::is_country(&m.place.name)) {
        if places.iter().any(|x| x.start == m.end) {
            continue;
        }
        if let Some(e) = transliterated_end(chars, m.end, b) {
            let name = view.text(p, m.start, e);
            out.push(new_cand(kb, &name, Origin::Quoted, Some((p, m.start, e))));
        }
    }
}

/// Clauses led by a place that name a platform, project or programme; returns the
/// places that lead a clause and those that named one.
fn clause_cases(
    st: &Sentence,
    kb: &Knowledge,
    owners_used: &[usize],
    out: &mut Vec<CaseCandidate>,
) -> (Vec<usize>, Vec<usize>) {
    let (view, p, a, b) = (st.view, st.p, st.a, st.b);
    let (chars, places) = (st.chars(), &st.places);
    let masked = |x: usize, y: usize| st.masked(x, y);
    let example = st.example;
    let mut last_end: Option<usize> = None;
    let (mut led, mut named): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for m in places.iter() {
        if owners_used.contains(&m.start) || masked(m.start, m.end) {
            continue;
        }
        if m.place.level == "province" && !example {
            continue;
        }
        let cs = clause_start(chars, a, m.start);
        let prefix: String = chars[cs..m.start].iter().collect();
        let coordinated = last_end.is_some_and(|e| {
            e <= m.start && chars[e..m.start].iter().all(|c| "和与及、".contains(*c))
        });
        if !(CLAUSE_PREFIX.is_match(&prefix) || coordinated || LEAD_IN.is_match(&prefix)) {
            continue;
        }
        led.push(m.start);
        let ce = clause_end(chars, m.end, b).min(m.end + 30);
        if let Some((tok, end)) = first_token_end(view, kb, p, m.end, ce) {
            let raw: String = chars[m.end..end].iter().collect();
            if SPEECH.is_match(&raw) || raw.contains("基金") || raw.contains("课题") {
                continue;
            }
            // The token must follow the place closely: other places, particles and
            // launch verbs may sit between them, little else.
            let covered = |i: usize| places.iter().any(|x| x.start <= i && i < x.end);
            let between: String = (m.end..tok)
                .filter(|&i| !covered(i))
                .map(|i| chars[i])
                .collect();
            let between = FILLER.replace_all(&between, "");
            let between = VERB_DROP.replace_all(&between, "");
            // `纽约既是…`, `吴堡县让“智慧大脑”…`: the clause says something of the
            // place; it does not name its project.
            if PREDICATE.is_match(&between) || CAUSATIVE.is_match(&between) {
                continue;
            }
            let between = BETWEEN_OK.replace_all(&between, "");
            // `湖里区交出老旧小区改造…答卷`: another verb makes the place its subject.
            if between.chars().count() > 2 || super::recognize::pos::is_verb(&between) {
                continue;
            }
            // `北京、上海、深圳等超大城市`: an enumeration; `…规划设计研究院`: an institute;
            // `…市政府网站发布《…》`: a publisher.
            let domain_token = view
                .mentions_in(p, tok, end)
                .any(|t| kb.thesaurus.concepts[t.concept].scheme == "domain");
            let listed = domain_token
                && places
                    .iter()
                    .any(|x| x.start >= m.end && x.end <= tok && chars.get(x.end) == Some(&'等'));
            let after: String = chars[end..b].iter().take(30).collect();
            if listed || NOT_NAME_NEXT.is_match(&after) {
                continue;
            }
            // The name is the place and the project noun phrase; launch verbs and
            // the government acting between them are not part of it (`巴塞罗那市政府开
            // 发了 Decidim 平台` → `巴塞罗那 Decidim 平台`).
            let lead: String = chars[m.end..tok].iter().collect();
            let lead = drop_cue_words(&lead, &[&FILLER, &VERB_DROP]);
            let head = view.text(p, m.start, m.end);
            let tail = view.text(p, tok, end);
            let lead = lead.trim();
            let gap = if lead.is_empty() && tail.starts_with(|c: char| c.is_ascii_alphabetic()) {
                " "
            } else {
                ""
            };
            let name = format!("{head}{lead}{gap}{tail}");
            if name.chars().count() <= 30 && !name.contains(['（', '(', '）', ')', '《', '》'])
            {
                out.push(new_cand(kb, &name, Origin::Clause, Some((p, m.start, end))));
                last_end = Some(end);
                named.push(m.start);
            }
        }
    }
    (led, named)
}

/// After a place-led token: an institution's name goes on (`研究院`), or the token
/// publishes a document (`发布《…》`).
static NOT_NAME_NEXT: Lazy<Regex> = Lazy::new(|| {
    let issue: Vec<String> = crate::lexicon!("policy_issue_verb")
        .words()
        .map(regex::escape)
        .collect();
    let issue = issue.join("|");
    cue_regex(&format!(
        "^(?:{{=institution_next}}|(?:正式)?(?:{issue})了?[^。《]{{0,20}}《)"
    ))
});

/// A programme with a Latin proper name (`U-Bridge计划`, `Decidim 平台`); an acronym
/// (`ERP 系统`) is a kind of software, not a name.
fn latin_cases(st: &Sentence, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let (view, p, a) = (st.view, st.p, st.a);
    let (text, chars, places) = (st.text.as_str(), st.chars(), &st.places);
    let masked = |x: usize, y: usize| st.masked(x, y);
    for c in LATIN_PROGRAMME.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let ms = a + text[..m.start()].chars().count();
        let me = ms + m.as_str().chars().count();
        if masked(ms, me) || inside_brackets(text, ms - a) || chars[..ms].ends_with(&['“']) {
            continue;
        }
        let cs = clause_start(chars, a, ms);
        let owner = places.iter().rfind(|x| x.start >= cs && x.end <= ms);
        let name = match owner {
            Some(o) if ms - o.end <= 2 => view.text(p, o.start, me),
            _ => m.as_str().to_string(),
        };
        out.push(new_cand(kb, &name, Origin::Clause, Some((p, ms, me))));
    }
}

/// The sample of a quantitative study (`共计42座城市样本`): its case.
fn sample_cases(st: &Sentence, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let (p, a) = (st.p, st.a);
    let text = st.text.as_str();
    if text.contains("样本") && SAMPLE_LEAD.is_match(text) {
        if let Some(m) = SAMPLE.find(text) {
            let ms = a + text[..m.start()].chars().count();
            let me = ms + m.as_str().chars().count();
            let name: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            out.push(new_cand(kb, &name, Origin::Cue, Some((p, ms, me))));
        }
    }
}

/// A place leading a sentence that names no project at once may launch one further on
/// (`吴堡县…，线上打造了居家和社区智慧养老服务平台`).
fn launched_cases(
    st: &Sentence,
    kb: &Knowledge,
    led: &[usize],
    named: &[usize],
    owners_used: &[usize],
    out: &mut Vec<CaseCandidate>,
) {
    let (view, p, b) = (st.view, st.p, st.b);
    let places = &st.places;
    for m in places.iter().filter(|m| led.contains(&m.start)) {
        if named.contains(&m.start) || owners_used.contains(&m.start) {
            continue;
        }
        if let Some((np_start, np_end)) = launched_project(view, p, m.end, b, places) {
            let name = format!(
                "{}{}",
                view.text(p, m.start, m.end),
                view.text(p, np_start, np_end)
            );
            out.push(new_cand(
                kb,
                &name,
                Origin::Clause,
                Some((p, m.start, m.end)),
            ));
            out.last_mut()
                .expect("just pushed")
                .spans
                .push((p, np_start, np_end));
        }
    }
}

static LATIN_PROGRAMME: Lazy<Regex> = Lazy::new(|| {
    cue_regex(
        r"(?:[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|[A-Za-z]?[A-Z]?[a-z]{3,}[A-Za-z]*)\s*{=latin_project}",
    )
});

static SAMPLE_LEAD: Lazy<Regex> =
    Lazy::new(|| cue_regex(r"{=sample_lead}|作为(?:研究)?(?:数据)?样本"));

static SAMPLE: Lazy<Regex> = Lazy::new(|| cue_regex(r"\d+\s*[座个]\s*{=sample_unit}(?:样本)?"));

/// Characters Chinese writes foreign names with (阿姆斯特丹, 马斯达尔, 布宜诺斯艾利斯).
const TRANSLIT: &str = "阿埃艾爱安奥澳巴拜班邦贝本比彼宾波伯博布查达戴丹道德迪蒂杜多厄恩法菲费芬弗福盖甘冈戈格古圭哈海汉豪赫亨胡霍基吉加贾杰金卡凯坎康柯科克肯库夸奎拉莱兰朗劳勒雷里利连林琳隆卢鲁路伦罗洛马迈麦曼梅蒙米密莫墨姆穆纳奈南内尼纽诺欧帕潘佩彭皮珀普奇契乔切琼萨塞桑瑟森沙尚绍舍施什斯松苏索塔泰坦汤特提图托瓦万威韦维温沃乌伍西希锡谢辛逊雅亚扬耶伊因尤约泽扎詹兹卓尔";

/// End of a transliterated place name starting at `from`: two or more such characters and
/// a place suffix, or three or more.
fn transliterated_end(chars: &[char], from: usize, to: usize) -> Option<usize> {
    let run = (from..to)
        .take_while(|&i| TRANSLIT.contains(chars[i]))
        .count();
    let e = from + run;
    let suffix = ["新城", "城", "市", "岛", "州"]
        .iter()
        .map(|x| x.chars().collect::<Vec<char>>())
        .find(|x| chars.get(e..e + x.len()) == Some(&x[..]))
        .map_or(0, |x| x.len());
    match (run, suffix) {
        (2.., 1..) => Some(e + suffix),
        (3.., 0) => Some(e),
        _ => None,
    }
}

/// A project launched later in the sentence: `打造了 <noun phrase ending in 平台/系统/…>`,
/// with no other place between the subject and the verb. Returns the noun phrase's span.
fn launched_project(
    view: &DocView,
    p: usize,
    from: usize,
    to: usize,
    places: &[&PlaceMention],
) -> Option<(usize, usize)> {
    static OBJECT: Lazy<Regex> = Lazy::new(|| {
        cue_regex(
            r"{=platform_verb}了?(?:并?{=operate})?((?:[一二三四五六七八九十多\d]+\s*[个套批项])?([^，。；：、“”《》（）()\s的,.;:]{2,16}?{=platform_noun}))",
        )
    });
    let to = to.min(from + 60);
    let text = view.text(p, from, to);
    let c = OBJECT.captures(&text)?;
    let np = c.get(2)?;
    let verb_at = from + text[..c.get(0)?.start()].chars().count();
    if places.iter().any(|x| x.start >= from && x.start < verb_at) {
        return None;
    }
    let s = from + text[..np.start()].chars().count();
    Some((s, s + np.as_str().chars().count()))
}

/// Where a cue's phrase turns from its subject to what is said about it (`底特律是…`,
/// `衡南县屋场恳谈会制度积累了…`).
static PREDICATE: Lazy<Regex> = Lazy::new(|| cue_regex(r"{=predicate}|\p{Han}了"));

/// Words between a place and a quote that make the place an agent, not the owner of a name.
static CAUSATIVE: Lazy<Regex> = Lazy::new(|| cue_regex("{=causative}"));

/// A count closing a name (`广州微信城市服务三个案例`).
static TRAILING_COUNT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:[一二三四五六七八九十两几]|\d+)\s*[个项家种类大]$").unwrap());

/// A cue's phrase cut to its subject and project noun phrase: launch verbs dropped, cut at
/// the first predicate, a closing count removed. Returns the name and how many chars of
/// `raw` it spans.
fn cue_name(raw: &str) -> (String, usize) {
    let q = quoted(raw);
    let after_quotes = q.last().map_or(0, |&(_, _, e)| e);
    let from = raw
        .char_indices()
        .nth(after_quotes.max(2))
        .map_or(raw.len(), |(i, _)| i);
    let cut = PREDICATE
        .find_at(raw, from.min(raw.len()))
        .map_or(raw.len(), |m| m.start());
    let kept = &raw[..cut];
    let used = kept.chars().count();
    // A launch verb closing the phrase is the noun (`某市智慧城市建设`): keep it.
    let mut name = String::new();
    let mut last = 0;
    for m in VERB_DROP.find_iter(kept) {
        if m.end() < kept.len() {
            name.push_str(&kept[last..m.start()]);
            last = m.end();
        }
    }
    name.push_str(&kept[last..]);
    let name = TRAILING_COUNT.replace(name.trim_end_matches(['的', '和', '与', '及']), "");
    (name.trim().to_string(), used)
}

/// Inside a `《…》` opened before char `at` of `text`.
fn inside_brackets(text: &str, at: usize) -> bool {
    let before: String = text.chars().take(at).collect();
    let open = |o: char, c: char| match (before.rfind(o), before.rfind(c)) {
        (Some(x), Some(y)) => x > y,
        (Some(_), None) => true,
        _ => false,
    };
    open('《', '》')
}

/// Runs of adjacent quoted names: (contents, char start, char end).
fn quote_groups(text: &str) -> Vec<(Vec<String>, usize, usize)> {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<(Vec<String>, usize, usize)> = Vec::new();
    for (q, s, e) in quoted(text) {
        if let Some(last) = out.last_mut() {
            if chars[last.2..s].iter().all(|c| *c == '、') && s - last.2 <= 1 {
                last.0.push(q);
                last.2 = e;
                continue;
            }
        }
        out.push((vec![q], s, e));
    }
    out
}

/// Government bodies are roles, not names; enterprises and named organisations are.
fn named_actor(kb: &Knowledge, m: &Mention) -> bool {
    let c = &kb.thesaurus.concepts[m.concept];
    if c.scheme != "actor" || kb.thesaurus.depth(&c.iri) < 3 {
        return false;
    }
    let root = kb
        .thesaurus
        .ancestors(&c.iri)
        .last()
        .map(|r| r.label.clone())
        .unwrap_or_default();
    !matches!(
        root.as_str(),
        "政府" | "社会公众" | "基层政府与自治组织" | "多元主体" | "专业技术人员"
    )
}

fn suffix_is_project(suffix: &str) -> bool {
    static WORDS: Lazy<Vec<&str>> = Lazy::new(|| {
        crate::lexicon!("case_cue_word")
            .words_of("project_suffix")
            .collect()
    });
    WORDS.iter().any(|w| suffix.starts_with(w))
}

/// A platform noun a few words after a quote (`“演丰帮帮”接龙小程序`, `“镍都e社区”智慧服务平台`):
/// the words and the noun, which type the quote as a platform's name.
fn typed_after(after: &str) -> Option<&str> {
    static TYPED: Lazy<Regex> =
        Lazy::new(|| cue_regex(r"^[\p{Han}&&[^的是在为和与及等]]{1,4}?{=platform_noun}"));
    TYPED.find(after).map(|m| m.as_str())
}

/// What names the quote's kind right after it: name heads (`case_suffix`), or else a few
/// words and a platform noun (`typed_after`).
fn quote_suffix(after: &str) -> String {
    let s = case_suffix(after);
    if s.is_empty() {
        typed_after(after).unwrap_or_default().to_string()
    } else {
        s
    }
}

fn case_suffix(after: &str) -> String {
    static SUF: Lazy<Regex> = Lazy::new(|| cue_regex("^{=name_head}"));
    let mut out = String::new();
    let mut rest = after;
    while let Some(m) = SUF.find(rest) {
        out.push_str(m.as_str());
        rest = &rest[m.end()..];
    }
    out
}

/// End of the first platform/project token of a clause (after the place that leads it).
fn first_token_end(
    view: &DocView,
    kb: &Knowledge,
    p: usize,
    from: usize,
    to: usize,
) -> Option<(usize, usize)> {
    static TOKEN: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"(?:改造|更新)(?:项目)?|项目|平台").unwrap());
    let chars = &view.chars[p];
    let mut starts: Vec<(usize, usize)> = Vec::new();
    for m in view.mentions_in(p, from, to) {
        let c = &kb.thesaurus.concepts[m.concept];
        let token = match c.scheme.as_str() {
            "technology" => kb.thesaurus.depth(&c.iri) >= 2,
            "domain" => true,
            "actor" => named_actor(kb, m),
            _ => false,
        };
        if token {
            starts.push((m.start, m.end));
        }
    }
    let text: String = chars[from..to].iter().collect();
    for (q, qs, qe) in quoted(&text) {
        let after: String = text.chars().skip(qe).collect();
        if !POLICY_QUOTE.is_match(&q) && !POLICY_AFTER.is_match(&after) {
            starts.push((from + qs, from + qe));
        }
    }
    for m in TOKEN.find_iter(&text) {
        let s = from + text[..m.start()].chars().count();
        starts.push((s, s + m.as_str().chars().count()));
    }
    let &(s, e) = starts.iter().min()?;
    let after: String = chars[e..to].iter().collect();
    Some((s, e + case_suffix(&after).chars().count()))
}

/// Places discussed as examples in several passages, named as the text writes them.
pub(super) fn place_only_cases(view: &DocView, out: &mut Vec<CaseCandidate>) {
    static CUE: Lazy<Regex> = Lazy::new(|| cue_regex(r"{=place_cue}|以.{1,12}为例"));
    struct Seen {
        place: Resolved,
        passages: HashSet<usize>,
        cued: bool,
        span: (usize, usize, usize),
        forms: BTreeMap<String, usize>,
    }
    let mut by: BTreeMap<String, Seen> = BTreeMap::new();
    for m in &view.places {
        if m.place.level == "national" {
            continue;
        }
        let s = view.sentence_of(m.passage, m.start);
        if view.ref_like[m.passage][s] {
            continue;
        }
        let e = by.entry(m.place.key()).or_insert_with(|| Seen {
            place: m.place.clone(),
            passages: HashSet::new(),
            cued: false,
            span: (m.passage, m.start, m.end),
            forms: BTreeMap::new(),
        });
        e.passages.insert(m.passage);
        *e.forms
            .entry(view.text(m.passage, m.start, m.end))
            .or_default() += 1;
        e.cued |= CUE.is_match(&view.sentence_text(m.passage, s));
    }
    for (_, seen) in by {
        // A country is the setting of cases, not one; it needs a cue naming it as a case.
        if places::is_country(&seen.place.name) {
            continue;
        }
        let needed = if seen.place.level == "province" { 4 } else { 3 };
        if seen.passages.len() >= needed && seen.cued {
            let form = seen
                .forms
                .iter()
                .max_by_key(|(f, n)| (**n, f.chars().count()))
                .map(|(f, _)| f.clone());
            let name = form.unwrap_or_else(|| seen.place.name.clone());
            out.push(CaseCandidate {
                cores: vec![name.clone()],
                name,
                place: Some((seen.place, Vec::new())),
                origin: Origin::PlaceOnly,
                spans: vec![seen.span],
                aliases: Vec::new(),
                core: String::new(),
                cores_seen: Vec::new(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cue pattern builds from the kinds of `case_cue_word.txt` (a kind missing from
    /// the file, or a word that breaks a pattern, fails here rather than on a document).
    #[test]
    fn cue_patterns_build_from_the_lexicon() {
        let all: [&Lazy<Regex>; 25] = [
            &TITLE_EXAMPLE,
            &TITLE_BASED,
            &TITLE_PROJECT,
            &NOT_A_CASE,
            &BODY_CUE,
            &EXAMPLE,
            &LAUNCH,
            &BETWEEN_OK,
            &VERB_DROP,
            &STRICT_EXAMPLE,
            &CASE_NOUN,
            &POLICY_QUOTE,
            &POLICY_AFTER,
            &NOT_CASE_QUOTE,
            &CLAUSE_PREFIX,
            &LEAD_IN,
            &OWNER_VERB,
            &SPEECH,
            &FILLER,
            &LATIN_PROGRAMME,
            &SAMPLE_LEAD,
            &SAMPLE,
            &PREDICATE,
            &CAUSATIVE,
            &NOT_NAME_NEXT,
        ];
        assert!(all.iter().all(|r| !r.as_str().is_empty()));
        assert!(LAUNCH.is_match("推出了"));
        assert!(FILLER.replace_all("已经", "").is_empty());
        assert_eq!(drop_cue_words("也推出了", &[&FILLER, &OWNER_VERB]), "");
        assert_eq!(
            drop_cue_words("在全市推出的", &[&FILLER, &OWNER_VERB]),
            "全市"
        );
        assert_eq!(drop_cue_words("政府在官网上通过", &[&FILLER]), "政府官网上");
        assert_eq!(
            drop_cue_words("社区中心", &[&FILLER, &OWNER_VERB]),
            "社区中心"
        );
        assert!(VERB_DROP.is_match("市政府全力打造了"));
        assert!(suffix_is_project("平台建设"));
        assert!(!suffix_is_project("小区"));
        for w in crate::lexicon!("case_cue_word").words_of("institution_next") {
            assert!(NOT_NAME_NEXT.is_match(&format!("{w}牵头")), "{w}");
        }
        assert!(NOT_NAME_NEXT.is_match("发布《某市城市更新实施意见》"));
        assert!(!NOT_NAME_NEXT.is_match("发布了年度报告"));
    }
}
