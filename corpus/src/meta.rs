//! Document metadata from the front matter: title, authors, date, DOI, keywords, abstract,
//! genre (`crate::genre`); a policy's own details are read by `crate::policy_doc`.

use crate::genre;
use crate::text::{is_cjk, match_key};
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::BTreeSet;

#[derive(Debug, Default, Clone)]
pub struct Meta {
    pub title: String,
    pub title_en: Option<String>,
    pub authors: Vec<String>,
    pub affiliations: Vec<String>,
    pub venue: Option<String>,
    pub date: Option<String>,
    pub doi: Option<String>,
    pub keywords: Vec<String>,
    pub abstract_text: Option<String>,
    pub abstract_en: Option<String>,
    pub genre: String,
    /// Weight of the matched cues per genre (`genre::GENRES` order).
    pub genre_scores: Vec<u32>,
    /// Indices of lines used as metadata (kept out of passages).
    pub meta_lines: BTreeSet<usize>,
    /// Lines of the Chinese abstract (they become passages of an "摘要" section).
    pub abstract_lines: Option<(usize, usize)>,
}

/// How far into a document the front matter may reach.
const HEAD: usize = 160;

static ABSTRACT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[\[【［]?摘\s*要[\]】］]?\s*[:：/]?\s*").unwrap());
static KEYWORDS: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[\[【［]?关\s*键\s*(词|字)[\]】］]?\s*[:：/]?\s*").unwrap());
static ABSTRACT_EN: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^abstract\s*[:：/]?\s*").unwrap());
static KEYWORDS_EN: Lazy<Regex> = Lazy::new(|| Regex::new(r"(?i)^key\s*words?\s*[:：/]").unwrap());
static END_OF_KEYWORDS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(中图分类号|中图法分类号|文献标识码|文献标志码|文章编号|DOI|doi|Abstract|ABSTRACT|[一二三四五六七八九十]+、|引言|0\s|1\s|收稿日期|基金项目|作者简介|\[|［|【)").unwrap()
});
static DOI: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9]+[A-Za-z0-9]").unwrap());
static DATE_FIRST: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"网络首发(日期|时间)[:：]?\s*(\d{4})-(\d{1,2})-(\d{1,2})").unwrap());
static DATE_YMD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(\d{4})年/?(\d{1,2})月/?(\d{1,2})日|(?:^|[^\d])(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[^\d]|$)").unwrap()
});
static DATE_YM: Lazy<Regex> = Lazy::new(|| Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月").unwrap());
static DATE_ISSUE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(第\s*\d+\s*期|\d+月|增刊)|(\d{4})\s*增刊|(\d{4})\s*[,，]\s*\d+\s*\(\d+\)|(\d{4})\s*\.\s*(\d{1,2})").unwrap()
});
static DATE_RECEIVED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"收稿日期[:：]?\s*(\d{4})\s*[-年]\s*(\d{1,2})\s*[-月]\s*(\d{1,2})").unwrap()
});
/// Characters of the `摘要：` label at the start of the abstract's first line.
pub fn abstract_label_len(line: &str) -> usize {
    ABSTRACT
        .find(line)
        .map_or(0, |m| line[..m.end()].chars().count())
}

static NEWS_NAME: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(本报|全媒体|中房报|通讯员)?记者").unwrap());

/// `lines` are the cleaned lines; `raw` the lines before page furniture was dropped
/// (running headers carry issue dates).
pub fn extract(source_name: &str, lines: &[String], raw: &[String]) -> Meta {
    let head = &lines[..lines.len().min(HEAD)];
    let mut m = Meta::default();
    let (name_title, name_authors) = parse_source_name(source_name);
    find_title(&mut m, &name_title, head);
    let name_lines = m.meta_lines.clone();
    find_authors(&mut m, &name_authors, head);
    find_abstract_keywords(&mut m, head);
    find_ids_and_dates(&mut m, head, raw);
    let headline = headline(head);
    // A menu bar's items (`评论`) say nothing of the text's genre.
    let text_lines: std::borrow::Cow<[String]> = if lines.iter().any(|l| is_menu_bar(l)) {
        lines.iter().filter(|l| !is_menu_bar(l)).cloned().collect()
    } else {
        lines.into()
    };
    let input = genre::Input {
        source_name,
        title: headline.as_ref().map_or(&m.title, |h| &h.0),
        lines: &text_lines,
        has_abstract: m.abstract_text.is_some(),
        keywords: m.keywords.len(),
        has_doi: m.doi.is_some(),
    };
    (m.genre, m.genre_scores) = genre::classify(&input);
    // A headline on the first lines names news and notices better than a file name does;
    // so it does any document whose file name is no title at all (`w2-07-news-hangzhou`).
    let slug = !name_title.chars().any(is_cjk);
    // A file-name title found in the text is the text's own title; one that is not there
    // loses to the headline.
    let wins = slug || (m.genre != "paper" && name_lines.is_empty());
    if let Some((title, at)) = headline.filter(|_| wins) {
        for i in &name_lines {
            m.meta_lines.remove(i);
        }
        m.meta_lines.extend(at);
        m.title = title;
    }
    m
}

/// Lines that come before a headline: running heads, issue lines, datelines.
static NOT_HEADLINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(\d{4}\s*年.{0,12}期|第\s*\d+\s*版|\d{1,5}\s*版\s*[:：]|网络首发|(?:民[国國]|公元)?[\d\s./\-:：年月日]+$|[（(]?\d{4}[-年./]\d{1,2}|[—-])|第\s*\d+\s*[卷期]|第\s*[A-Za-z]?\s*\d+\s*版|\d{4}\s*年\s*/|[A-Z]{3,}\s+[A-Z]{3,}|\d{4}\s*[，,]\s*\d{1,3}\s*[（(]\s*\d{1,2}\s*[）)]|(?i)vol\.|\bDOI\b").unwrap()
});
/// A tag before a headline: `【案例】`, `[参评作品]`.
static TAG: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*(【[^】]{1,8}】|\[[^\]]{1,8}\])\s*").unwrap());
/// `《XX条例》已由…`, a line that starts with the policy a decree or announcement publishes
/// (`根据《…》` cites one).
static QUOTED_TITLE: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*《([^》]{4,60})》").unwrap());
static QUOTED: Lazy<Regex> = Lazy::new(|| Regex::new(r"《([^》]{4,60})》").unwrap());

/// The headline: the first line among the first few that reads as a title, with a
/// subtitle (`——…`), an issuer line above `关于…`, or the rest of a title broken over two
/// lines. A decree or announcement heading (`海口市人民政府令`) gives way to the policy it
/// announces (`《…办法》已经…`). Returns the title and its lines.
fn headline(head: &[String]) -> Option<(String, Vec<usize>)> {
    let n = head_scan(head);
    let in_box = head[..n].iter().any(|l| is_field_line(l.trim()));
    if let Some(found) = (0..n).find_map(|i| labelled_title(&head[i], in_box).map(|t| (t, vec![i])))
    {
        return Some(found);
    }
    // A headline comes before the body: no line after the first paragraph is one.
    let Some(i) = (0..n)
        .take_while(|&i| !is_paragraph(&head[i]))
        .find(|&i| is_headline(&untagged(&head[i])))
    else {
        return reprinted_title(&head[..n])
            .or_else(|| (0..n).find_map(|i| lead_title(&head[i]).map(|t| (t, vec![i]))));
    };
    let mut title = untagged(&head[i]);
    // A decree's heading, or a body's name alone (the signature of a notice whose page
    // starts in its text), gives way to the policy announced around it.
    let heading = crate::policy_doc::issuer_from_heading(&title).is_some();
    let signature = crate::policy_doc::is_org(&title)
        && head
            .get(i + 1)
            .is_none_or(|next| !continues_title(&title, next.trim(), true));
    if heading || signature {
        let from = if signature {
            i.saturating_sub(4)
        } else {
            i + 1
        };
        // `《…办法》已经…` opens the line after a heading; a signature's title is quoted in
        // the covering sentence above it (`现将《…》印发给你们`).
        let quoted = if signature { &*QUOTED } else { &*QUOTED_TITLE };
        let announced = head.iter().take(i + 5).skip(from).find_map(|l| {
            quoted
                .captures_iter(l)
                .map(|c| c[1].to_string())
                .find(|t| crate::policy_doc::is_policy_title(t))
        });
        if let Some(t) = announced {
            return Some((t, vec![i]));
        }
    }
    let mut at = vec![i];
    while let Some(next) = head.get(at[at.len() - 1] + 1).map(|l| l.trim()) {
        if !continues_title(&title, next, at.len() == 1) {
            break;
        }
        title.push_str(next);
        at.push(at[at.len() - 1] + 1);
    }
    Some((tidy_title(&title), at))
}

/// A policy reprinted under a news lead (`近日，…印发了《…方案》…全文如下。` and then the
/// title on a line of its own): the line that repeats a policy title the first paragraph
/// quotes.
fn reprinted_title(head: &[String]) -> Option<(String, Vec<usize>)> {
    let lead = head.iter().position(|l| is_paragraph(l))?;
    QUOTED
        .captures_iter(&head[lead])
        .map(|c| c[1].to_string())
        .filter(|t| crate::policy_doc::is_policy_title(t))
        .find_map(|t| {
            let at = (lead + 1..head.len()).find(|&j| match_key(&head[j]) == match_key(&t))?;
            Some((t, vec![at]))
        })
}

/// Whether `next` goes on with the headline: a subtitle (`——…`), `关于…` under an issuer
/// line, or the rest of a title broken over lines (an open `《`, or `关于…` not yet ending
/// in a kind of document).
fn continues_title(title: &str, next: &str, first: bool) -> bool {
    use crate::policy_doc::{is_org, is_policy_title};
    let first_word = title.split(['　', ' ']).next().unwrap_or("");
    if first && next.starts_with(['—', '-']) {
        return is_headline(next.trim_start_matches(['—', '-']));
    }
    let issuer_line =
        first && is_org(first_word) && (next.starts_with("关于") || is_policy_title(next));
    let open = title.matches('《').count() > title.matches('》').count();
    let broken = !is_policy_title(title)
        && (title.contains("关于") || open)
        && next.chars().count() <= 40
        && !next.ends_with(['：', ':', '。'])
        && crate::policy_doc::number_in(next).is_none();
    (issuer_line || broken) && (is_headline(next) || open && next.contains('》'))
}

/// How many first lines may come before a headline (running heads, red headers); the
/// fields of a site's info box do not count, up to `INFO_BOX` lines.
const HEAD_SCAN: usize = 8;
const INFO_BOX: usize = 30;

/// The number of first lines a headline is looked for in.
fn head_scan(head: &[String]) -> usize {
    let mut other = 0;
    let mut n = 0;
    for line in head.iter().take(INFO_BOX) {
        if !is_field_line(line.trim()) {
            other += 1;
        }
        if other > HEAD_SCAN {
            break;
        }
        n += 1;
    }
    n
}

/// `标题：…` in a site's info box, or, among the box's other fields (`in_box`), `标 题 …`
/// without a colon (a headline may start with `名称…`).
fn labelled_title(line: &str, in_box: bool) -> Option<String> {
    let line = crate::text::strip_bullet(line);
    let labels = crate::lexicon!("title_label");
    let value = match line.split_once(['：', ':']) {
        Some((label, value)) => {
            let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
            labels.contains(&label).then_some(value)?
        }
        None if in_box => labels.words().find_map(|l| after_spaced_label(line, l))?,
        None => return None,
    };
    let value = value.trim();
    is_headline(value).then(|| value.to_string())
}

/// The rest of `line` after `label` written with or without spaces between its letters
/// (`标 题 …`; the spacing stage may have closed them all: `标题关于…`).
fn after_spaced_label<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let mut want = label.chars().peekable();
    for (i, c) in line.char_indices() {
        if want.peek().is_none() {
            return Some(&line[i..]);
        }
        if c.is_whitespace() {
            continue;
        }
        if want.next() != Some(c) {
            return None;
        }
    }
    None
}

/// With no headline line: a page's original title (`原标题：…`), a summary's bracketed
/// headline (`【…】昆明…`), or a policy's title before the first gap of a page copied onto
/// one line (`关于征求《…条例（草案）》意见的通告 为了加强…`).
fn lead_title(line: &str) -> Option<String> {
    let line = line.trim();
    let gaps = line.match_indices([' ', '　']).map(|(i, _)| i);
    if let Some(first) = gaps
        .map(|i| &line[..i])
        .take_while(|t| n_chars(t) <= 60)
        .find(|t| crate::policy_doc::is_policy_title(t))
    {
        return Some(first.to_string());
    }
    let t = match line.split_once(['：', ':']) {
        Some((label, rest)) if label.trim() == "原标题" => rest.trim(),
        _ => line.strip_prefix('【')?.split_once('】')?.0,
    };
    is_headline(t).then(|| t.to_string())
}

fn untagged(line: &str) -> String {
    TAG.replace(line.trim(), "").trim().to_string()
}

fn is_headline(t: &str) -> bool {
    let n = t.chars().count();
    // Shorter is a section's name (`新闻发布`, `通知公告`).
    (6..=80).contains(&n)
        && t.chars().filter(|c| is_cjk(*c)).count() >= 4
        && !t.ends_with(['。', '，', '；', '、', '：', ':'])
        && !t.contains('。')
        && !NOT_HEADLINE.is_match(t)
        && !is_field_line(t)
        && !is_byline(t)
        && !is_page_chrome(t)
        && !is_red_header(t)
        && !SECTION_NUMBER.is_match(t)
        && !is_keyword_run(t)
        && !is_aside(t)
        && !t.contains(['>', '＞'])
        && crate::policy_doc::number_in(t).is_none_or(|n| n.chars().count() * 2 < n_chars(t))
}

/// A page's run of search keywords (`a,b,c,d,e`): a headline has at most a few commas.
fn is_keyword_run(t: &str) -> bool {
    t.chars()
        .filter(|c| matches!(c, ',' | '，' | '|' | '｜'))
        .count()
        >= 4
}

/// `（相关资料图）`: a line wholly in brackets is a caption or note, not a headline.
fn is_aside(t: &str) -> bool {
    t.starts_with(['（', '(']) && t.ends_with(['）', ')'])
}

/// A line of running text: a sentence end and more than a headline's length.
fn is_paragraph(line: &str) -> bool {
    line.contains('。') && n_chars(line) > 40
}

/// A numbered section heading (`二、实践过程`, `（一）…`, `1. …`) is no headline.
static SECTION_NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"^\s*([一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+\s*[\.．、]|第[一二三四五六七八九十\d]{1,4}[章节条])",
    )
    .unwrap()
});

fn n_chars(s: &str) -> usize {
    s.chars().count()
}

/// `XX市人民政府文件`: the red header above a government document's title.
fn is_red_header(t: &str) -> bool {
    t.strip_suffix("文件")
        .is_some_and(|stem| crate::policy_doc::is_org(stem.trim()))
}

/// `来源：新民晚报`, `项目地点：…`, `组配分类 区府办文件`: a labelled field, not a title; and
/// any short label with a value of a word or a code (`热搜：户县`, `刊号：CN50-0064`).
fn is_field_line(t: &str) -> bool {
    let t = crate::text::strip_bullet(t);
    let labelled = t.split_once(['：', ':']).is_some_and(|(label, value)| {
        let label: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        let short = n_chars(&label) <= 6 && value.chars().filter(|c| is_cjk(*c)).count() <= 3;
        short || crate::lexicon!("field_label").contains(&label)
    });
    // An open-information table's row: `label value label value`, no colon; the space may
    // be lost before a code (`索引号11500103MB…`).
    let spaced = crate::lexicon!("field_label").words().any(|label| {
        t.strip_prefix(label).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with(|c: char| c.is_whitespace() || c.is_ascii_alphanumeric())
        })
    });
    labelled || spaced
}

/// `学校网站 ENGLISH`, `乐居新媒体 2023-06-25 10:28 3.4w阅读`: a short line of the page's
/// menus and switches, a line of counters (`page_chrome_word.txt`), or one stamped with a
/// time of day, a publisher's imprint (`国内统一刊号：CN52-0013`), or a web address.
fn is_page_chrome(t: &str) -> bool {
    let imprint = || {
        crate::lexicon!("page_chrome_word")
            .words_of("imprint")
            .any(|w| t.contains(w))
    };
    // A line with a web address is the site's (`中央政府门户网站 www.gov.cn 2011年03月17日`).
    let address = t.contains("www.") || t.contains("http");
    is_menu_line(t)
        || COUNTER.is_match(t)
        || crate::text::TIME_STAMP.is_match(t)
        || imprint()
        || address
}

/// A site's menu: a short line with a menu word (`首页`, `English`), or a menu bar
/// (`首頁 頭條新聞 評論 文苑 交通`).
fn is_menu_line(t: &str) -> bool {
    let menu = || {
        crate::lexicon!("page_chrome_word")
            .words_of("menu")
            .any(|w| t.contains(w))
    };
    t.chars().count() <= 30 && menu() || is_menu_bar(t)
}

/// A bar of five or more short items between spaces (three in four of its items); a breadcrumb (`首页 > 项目展示`) is
/// none: it names the page's section.
fn is_menu_bar(t: &str) -> bool {
    let items: Vec<&str> = t.split_whitespace().collect();
    let short = items.iter().filter(|i| i.chars().count() <= 6).count();
    short >= 5 && short * 4 >= items.len() * 3 && !t.contains(['。', '，', ',', '>', '＞'])
}

/// A page counter: a number and a counter word (`3.4w阅读`, `回复：0`).
static COUNTER: Lazy<Regex> = Lazy::new(|| {
    let words = crate::lexicon::alternation(crate::lexicon!("page_chrome_word"), "counter");
    Regex::new(&format!(
        r"\d[\d.]*\s*[wW万千]?\s*{words}|{words}\s*[:：]?\s*\d"
    ))
    .unwrap()
});

/// `扬州晚报记者 周梦涵`: a short line naming the reporter.
fn is_byline(t: &str) -> bool {
    t.chars().count() <= 25
        && !t.contains(['“', '：'])
        && crate::lexicon!("byline_word")
            .words()
            .any(|w| t.contains(w))
}

/// Title and author names from a file name such as
/// `！【含 价值共创】标题_作者.txt` or `标题_本报记者__张三.txt`.
pub fn parse_source_name(name: &str) -> (String, Vec<String>) {
    let base = name.rsplit('/').next().unwrap_or(name);
    let base = base
        .trim_end_matches(".txt")
        .trim_end_matches(".md")
        .trim_end_matches(".html")
        .trim_end_matches(".htm")
        .trim_end_matches(".pdf")
        .trim_end_matches(".docx");
    let mut base = base.trim_start_matches(['！', '!', ' ']).to_string();
    if base.starts_with('【') {
        if let Some(end) = base.find('】') {
            base = base[end + '】'.len_utf8()..].to_string();
        }
    }
    let parts: Vec<&str> = base.split('_').filter(|p| !p.trim().is_empty()).collect();
    if parts.len() < 2 {
        return (base.trim().to_string(), vec![]);
    }
    // The title is the longest part; names are what follows it (after a reporter marker).
    let mut ti = (0..parts.len())
        .max_by_key(|&i| parts[i].chars().count())
        .unwrap_or(0);
    // `标题_——副标题_作者`: the longest part may be the subtitle.
    if ti > 0 && parts[ti].starts_with('—') {
        ti -= 1;
    }
    let mut title = parts[ti].to_string();
    // `何以可能，何以可为_——基于…`: a subtitle split off by `_`.
    if let Some(next) = parts.get(ti + 1) {
        if next.starts_with('—') || next.starts_with("--") {
            title = format!("{title}{next}");
        }
    }
    let authors: Vec<String> = parts[ti + 1..]
        .iter()
        .filter(|p| !p.starts_with('—'))
        .map(|p| NEWS_NAME.replace(p, "").trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    (title, authors)
}

fn find_title(m: &mut Meta, name_title: &str, head: &[String]) {
    m.title = name_title.to_string();
    let key = match_key(name_title);
    // A file name may elide part of the title with `...`.
    let (prefix, suffix) = match name_title.split_once("...") {
        Some((a, b)) => (match_key(a), match_key(b)),
        None => (key.clone(), String::new()),
    };
    if prefix.chars().count() < 4 {
        return;
    }
    let probe: String = prefix.chars().take(6).collect();
    for i in 0..head.len() {
        let k = match_key(&head[i]);
        if k.chars().count() < 2 || !k.contains(&probe) && !probe.starts_with(&k) {
            continue;
        }
        let mut joined = String::new();
        for j in i..(i + 4).min(head.len()) {
            joined.push_str(head[j].trim());
            let jk = match_key(&joined);
            let done = if suffix.is_empty() {
                jk.ends_with(&key) || jk == key
            } else {
                jk.contains(&prefix) && jk.ends_with(&suffix)
            };
            if done {
                let start = joined.find(head[i].trim()).unwrap_or(0);
                let title = strip_before(&joined[start..], &probe);
                m.title = tidy_title(&title);
                m.meta_lines.extend(i..=j);
                return;
            }
            if !key.starts_with(&jk) && !jk.contains(&probe) {
                break;
            }
        }
    }
}

/// Drop a label such as `题目：` before the title.
fn strip_before(s: &str, _probe: &str) -> String {
    for label in ["题目：", "题目:", "标题：", "题名："] {
        if let Some(rest) = s.trim_start().strip_prefix(label) {
            return rest.to_string();
        }
    }
    s.to_string()
}

fn tidy_title(s: &str) -> String {
    static DASHES: Lazy<Regex> = Lazy::new(|| Regex::new(r"—{2,}").unwrap());
    let s = s
        .replace(" ：", "：")
        .replace(" ，", "，")
        .replace(" ？", "？");
    let s = DASHES.replace_all(&s, "——");
    s.trim()
        .trim_end_matches(['*', '＊', ' '])
        .trim()
        .to_string()
}

fn find_authors(m: &mut Meta, name_authors: &[String], head: &[String]) {
    let Some(first) = name_authors.first() else {
        return;
    };
    let first_key = match_key(first);
    if first_key.is_empty() {
        return;
    }
    for (i, line) in head.iter().enumerate() {
        // A name may be split over lines (`李` / `琼，肖立志`): try the line joined with the next.
        let joined = match head.get(i + 1) {
            Some(next) if ends_with_lone_cjk(line) => format!("{line}{next}"),
            _ => line.clone(),
        };
        if !match_key(&joined).starts_with(&first_key) && !joined.contains(first.as_str()) {
            continue;
        }
        if joined.contains("引用格式") || joined.contains('．') || joined.contains("[J") {
            continue;
        }
        let (names_part, rest) = split_affiliation(&joined);
        let mut names = split_names(names_part);
        if names.iter().any(|n| match_key(n) == first_key) {
            m.meta_lines.insert(i);
            let mut next = i + 1;
            if joined.len() > line.len() {
                m.meta_lines.insert(i + 1);
                next += 1;
            }
            if let Some(aff) = rest {
                m.affiliations.push(aff);
            } else {
                // Co-authors on the following lines (`苏有丽` / `牛春华` / `（兰州大学…`), in
                // two-column layouts even after some affiliation lines. When names carry
                // affiliation numbers (`王芳1，2`), later names must carry them too.
                let marked = names_part.chars().any(|c| c.is_ascii_digit());
                let mut k = next;
                while k < head.len() && k < next + 16 {
                    let l = head[k].trim();
                    if ABSTRACT.is_match(l)
                        || KEYWORDS.is_match(l)
                        || l.starts_with('【')
                        || l.starts_with('[')
                        || l.starts_with('［')
                    {
                        break;
                    }
                    let (part, aff) = split_affiliation(l);
                    if is_name_line(part) && (!marked || part.chars().any(|c| c.is_ascii_digit())) {
                        names.extend(split_names(part));
                        m.meta_lines.insert(k);
                        if let Some(a) = aff {
                            m.affiliations.push(a);
                        }
                    } else if aff.is_some() || is_affiliation_bit(l) {
                        if let Some(a) = aff {
                            m.affiliations.push(a);
                        }
                        m.meta_lines.insert(k);
                    } else {
                        break;
                    }
                    k += 1;
                }
                next = k;
            }
            m.authors = names;
            find_affiliations(m, head, next);
            return;
        }
    }
    m.authors = name_authors.to_vec();
}

/// `李` / `■ 文| 毛`: a name cut after its first character.
fn ends_with_lone_cjk(line: &str) -> bool {
    let mut rev = line.trim_end().chars().rev();
    matches!((rev.next(), rev.next()), (Some(a), b) if is_cjk(a) && b.is_none_or(|b| !is_cjk(b)))
}

/// Split `names （affiliation）` at the opening bracket.
fn split_affiliation(line: &str) -> (&str, Option<String>) {
    match line.find(['（', '(']) {
        Some(i) => {
            let aff = line[i..]
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')'])
                .trim();
            (
                &line[..i],
                Some(aff.to_string()).filter(|a| a.chars().count() > 3),
            )
        }
        None => (line, None),
    }
}

/// Pieces of an affiliation block: `天津`, `300071 ）`, `2.武汉轻工大学…`.
fn is_affiliation_bit(l: &str) -> bool {
    let t = l.trim();
    t.chars().count() <= 6 && !t.chars().any(is_cjk)
        || (t.chars().count() <= 4 && t.chars().all(is_cjk))
        || t.starts_with(|c: char| c.is_ascii_digit())
            && (t.contains("大学") || t.contains("学院") || t.contains("研究"))
        || t.ends_with(['）', ')'])
}

/// A line made only of personal names (2–4 characters each), digits and separators.
fn is_name_line(line: &str) -> bool {
    let tokens: Vec<&str> = line
        .split(['，', ',', '、', ' ', ';', '；', '◎', '*'])
        .map(|t| t.trim_matches(|c: char| c.is_ascii_digit() || c == '*'))
        .filter(|t| !t.is_empty())
        .collect();
    !tokens.is_empty()
        && tokens.iter().all(|t| {
            (2..=4).contains(&t.chars().count()) && t.chars().all(|c| is_cjk(c) || c == '·')
        })
}

/// Personal names: runs of CJK characters (digits, marks and separators between them).
fn split_names(line: &str) -> Vec<String> {
    line.split(|c: char| !(is_cjk(c) || c == '·'))
        .filter(|n| (2..=4).contains(&n.chars().count()))
        .map(String::from)
        .collect()
}

fn find_affiliations(m: &mut Meta, head: &[String], from: usize) {
    for (k, line) in head.iter().enumerate().skip(from).take(4) {
        let t = line.trim();
        let looks = m.affiliations.is_empty()
            && (t.starts_with('（')
                || t.starts_with('(')
                || t.starts_with(|c: char| c.is_ascii_digit()))
            && (t.contains("大学")
                || t.contains("学院")
                || t.contains("研究")
                || t.contains("中心")
                || t.contains("公司"));
        if looks {
            let inner = t
                .trim_start_matches(['（', '('])
                .trim_end_matches(['）', ')']);
            m.affiliations
                .extend(inner.split('；').map(|s| s.trim().to_string()));
            m.meta_lines.insert(k);
        } else if !m.affiliations.is_empty() {
            break;
        }
    }
}

fn find_abstract_keywords(m: &mut Meta, head: &[String]) {
    let mut i = 0;
    while i < head.len() {
        let t = head[i].trim();
        if m.abstract_text.is_none() && ABSTRACT.is_match(t) {
            let end = (i..head.len())
                .find(|&j| {
                    j > i
                        && (KEYWORDS.is_match(head[j].trim())
                            || ABSTRACT_EN.is_match(head[j].trim()))
                })
                .unwrap_or(i + 1);
            let text: String = (i..end)
                .map(|j| head[j].trim())
                .collect::<Vec<_>>()
                .join("");
            m.abstract_text = Some(ABSTRACT.replace(&text, "").trim().to_string());
            m.abstract_lines = Some((i, end - 1));
            i = end;
            continue;
        }
        if m.keywords.is_empty() && KEYWORDS.is_match(t) {
            let mut text = KEYWORDS.replace(t, "").to_string();
            m.meta_lines.insert(i);
            let mut j = i + 1;
            while j < head.len()
                && j < i + 7
                && !END_OF_KEYWORDS.is_match(head[j].trim())
                && head[j].chars().count() < 40
                && !KEYWORDS_EN.is_match(head[j].trim())
                && !head[j].is_ascii()
            {
                if !text.is_empty() && !text.ends_with(['；', ';', '，', ',', '、']) {
                    text.push('；');
                }
                text.push_str(head[j].trim());
                m.meta_lines.insert(j);
                j += 1;
            }
            if text.trim().is_empty() {
                // Label and value in two interleaved columns: the value comes a few lines on.
                if let Some(k) = (i + 1..(i + 5).min(head.len()))
                    .find(|&k| head[k].matches(['；', ';']).count() >= 2)
                {
                    text = head[k].clone();
                    m.meta_lines.insert(k);
                }
            }
            m.keywords = split_keywords(&text);
            i = j;
            continue;
        }
        if m.abstract_en.is_none() && ABSTRACT_EN.is_match(t) {
            let mut text = ABSTRACT_EN.replace(t, "").to_string();
            m.meta_lines.insert(i);
            let mut j = i + 1;
            while j < head.len() && !KEYWORDS_EN.is_match(head[j].trim()) && mostly_latin(&head[j])
            {
                text.push(' ');
                text.push_str(head[j].trim());
                m.meta_lines.insert(j);
                j += 1;
            }
            m.abstract_en = Some(text.trim().to_string()).filter(|s| s.len() > 20);
            i = j;
            continue;
        }
        if KEYWORDS_EN.is_match(t)
            || t.starts_with("中图分类号")
            || t.starts_with("文献标识码")
            || t.starts_with("文献标志码")
            || t.starts_with("文章编号")
        {
            m.meta_lines.insert(i);
        }
        i += 1;
    }
    // An English title: Latin lines just before the English abstract or after the title.
    if let Some(&last_title) = m.meta_lines.iter().next() {
        let mut en = Vec::new();
        for (k, line) in head.iter().enumerate().skip(last_title + 1).take(8) {
            if mostly_latin(line)
                && !ABSTRACT_EN.is_match(line.trim())
                && line.split_whitespace().count() >= 3
                && !line.chars().any(|c| c.is_ascii_digit())
                && !is_author_pinyin(line)
            {
                en.push(line.trim().to_string());
                m.meta_lines.insert(k);
            } else if !en.is_empty() {
                break;
            }
        }
        if !en.is_empty() {
            m.title_en = Some(en.join(" "));
        }
    }
}

fn is_author_pinyin(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .iter()
        .filter(|w| w.chars().all(|c| c.is_ascii_uppercase()))
        .count()
        * 2
        >= words.len()
}

fn mostly_latin(s: &str) -> bool {
    let letters = s.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let cjk = s.chars().filter(|c| is_cjk(*c)).count();
    letters >= 8 && cjk * 10 <= letters
}

pub fn split_keywords(text: &str) -> Vec<String> {
    let sep: &[char] = if text.contains(['；', ';']) {
        &['；', ';']
    } else if text.contains(['，', ',', '、']) {
        &['，', ',', '、']
    } else {
        &[' ']
    };
    text.split(sep)
        .map(|k| k.trim().trim_end_matches(['。', '.']).replace(' ', ""))
        .filter(|k| !k.is_empty() && k.chars().count() <= 20)
        .collect()
}

fn find_ids_and_dates(m: &mut Meta, head: &[String], raw: &[String]) {
    let compact: Vec<String> = head.iter().map(|l| l.replace(' ', "")).collect();
    for (i, line) in compact.iter().enumerate() {
        if m.doi.is_none() && (line.contains("DOI") || line.contains("doi") || line.contains("10."))
        {
            if let Some(d) = DOI.find(line) {
                if line.to_ascii_lowercase().contains("doi") || !line.contains("cnki.net/urlid") {
                    m.doi = Some(d.as_str().trim_end_matches(['.', ';']).to_string());
                    m.meta_lines.insert(i);
                }
            }
        }
    }
    let all = compact.join("\n");
    let date = if let Some(c) = DATE_FIRST.captures(&all) {
        Some(ymd(&c[2], Some(&c[3]), Some(&c[4])))
    } else if let Some(c) = DATE_FIRST_SPLIT.captures(&all) {
        Some(ymd(&c[1], Some(&c[2]), Some(&c[3])))
    } else {
        // The first lines, then running headers anywhere (short lines naming an issue).
        let raw_compact: Vec<String> = raw.iter().map(|l| l.replace(' ', "")).collect();
        let headers: Vec<String> = raw_compact
            .iter()
            .filter(|l| l.chars().count() <= 40 && (l.contains('期') || l.contains("版")))
            .cloned()
            .collect();
        issue_date(&raw_compact[..raw_compact.len().min(60)]).or_else(|| issue_date(&headers))
    };
    m.date = date.or_else(|| {
        DATE_RECEIVED
            .captures(&all)
            .map(|c| ymd(&c[1], Some(&c[2]), Some(&c[3])))
    });
    m.venue = venue(head);
}

static DATE_FIRST_SPLIT: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"网络首发日期[:：]?\n(\d{4})-(\d{1,2})-(\d{1,2})").unwrap());

/// Publication date from the first lines that carry one (issue, news dateline).
fn issue_date(compact: &[String]) -> Option<String> {
    for line in compact.iter().take(60) {
        // Datelines and issue lines are short; a date inside body text is about something else.
        if line.chars().count() > 45
            || line.contains("收稿")
            || line.contains("修回")
            || line.contains("引用")
            || line.contains("[")
        {
            continue;
        }
        if let Some(c) = DATE_YMD.captures(line) {
            let (y, mo, d) = match c.get(1) {
                Some(y) => (y.as_str(), &c[2], &c[3]),
                None => (c.get(4).map_or("", |m| m.as_str()), &c[5], &c[6]),
            };
            if valid_year(y) {
                return Some(ymd(y, Some(mo), Some(d)));
            }
        }
        if let Some(c) = DATE_YM.captures(line) {
            if valid_year(&c[1]) {
                return Some(ymd(&c[1], Some(&c[2]), None));
            }
        }
        if let Some(c) = DATE_ISSUE.captures(line) {
            let y = c
                .get(1)
                .or(c.get(3))
                .or(c.get(4))
                .or(c.get(5))
                .map(|m| m.as_str());
            if let Some(y) = y.filter(|y| valid_year(y)) {
                let month = c.get(6).map(|m| m.as_str());
                return Some(ymd(y, month, None));
            }
        }
    }
    None
}

fn valid_year(y: &str) -> bool {
    y.parse::<u32>().is_ok_and(|y| (1949..=2100).contains(&y))
}

fn ymd(y: &str, m: Option<&str>, d: Option<&str>) -> String {
    let mut s = y.to_string();
    if let Some(m) = m
        .and_then(|m| m.parse::<u32>().ok())
        .filter(|m| (1..=12).contains(m))
    {
        s.push_str(&format!("-{m:02}"));
        if let Some(d) = d
            .and_then(|d| d.parse::<u32>().ok())
            .filter(|d| (1..=31).contains(d))
        {
            s.push_str(&format!("-{d:02}"));
        }
    }
    s
}

fn venue(head: &[String]) -> Option<String> {
    static ONLINE: Lazy<Regex> = Lazy::new(|| Regex::new(r"《(.{2,20})》网络首发论文").unwrap());
    for line in head.iter().take(40) {
        if let Some(c) = ONLINE.captures(line) {
            return Some(c[1].to_string());
        }
    }
    let first = head.first()?.trim();
    let short_cjk =
        first.chars().count() <= 16 && first.chars().filter(|c| is_cjk(*c)).count() >= 2;
    let journal = [
        "学报", "研究", "论坛", "管理", "科学", "探索", "政务", "情报", "规划", "建筑", "报",
        "视野", "评论",
    ];
    (short_cjk && journal.iter().any(|j| first.contains(j)))
        .then(|| first.split('/').next().unwrap_or(first).to_string())
}
