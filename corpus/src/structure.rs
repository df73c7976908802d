//! From normalised lines to a document: metadata, sections with heading levels, references
//! kept apart, sentences and passages (≤ ~300 chars, never crossing a section).

use crate::meta;
use crate::model::{self, Document, Passage, Reference, Section};
use crate::normalize::{script, Line};
use crate::policy_doc;
use crate::read::Source;
use crate::text::{is_cjk, is_sentence_end};
use cells::{cell_runs, Cell};
use once_cell::sync::Lazy;
use regex::Regex;

mod cells;

/// Passages aim at this many characters; a sentence longer than the hard cap is cut.
pub const PASSAGE_CHARS: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Meta,
    Heading(u8),
    Body,
    Reference,
    Latin,
}

static H1: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^([一二三四五六七八九十]{1,3}\s*、|第[一二三四五六七八九十]{1,3}[章节部分]|(引言|前言|导言|结语|结论|结束语|余论|讨论|小结)$)").unwrap()
});
static H2: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[（(][一二三四五六七八九十]{1,3}[）)]").unwrap());
static HNUM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^(\d{1,2})((\.\d{1,2}){0,3})\.?\s*([\u4e00-\u9fff“])").unwrap());
static H_PAREN_NUM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[（(]?\d{1,2}[）)]\s*[\u4e00-\u9fff]").unwrap());
static REFS_HEADING: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(参考文献|注释|References|REFERENCES|\[参考文献\]|【参考文献】)\s*[:：]?$")
        .unwrap()
});
static REF_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(\[\d{1,3}\]|［\d{1,3}］|[①-⑳]).{0,200}(\[[JMNDCRSZ](/OL)?\]|\[EB/OL\]|出版社|《[^》]+》[,，]?\s*\d{4}|\d{4}\s*[,，(（]\s*\d|[,，]\s*\d{4}\s*[,，.]|\d{4}年\d{1,2}月\d{1,2}日)").unwrap()
});
/// Chinese footnote citations: `作者：《标题》，《期刊》2025年第5期`.
static FOOTNOTE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[^，。]{2,30}：《[^》]{2,80}》[，,]\s*《[^》]{2,40}》|《[^》]{2,40}》\s*\d{4}\s*年第\s*\d+\s*期").unwrap()
});
static REF_START: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*[\[［]\s*\d{1,3}\s*[\]］]\s*\S").unwrap());
static REF_TYPE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[\[［]\s*([JMNDCRSZ]|EB)\s*(/\s*OL)?\s*[\]］]|出版社|Press|Journal of").unwrap()
});
static BIO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^(作者简介|基金项目|收稿日期|修回日期|通信作者|通讯作者|责任编辑|项目来源|\*?基金|E-?mail|网络首发|引用格式|本文引用格式|中图分类号|文献标识码|文献标志码|文章编号|DOI|doi)").unwrap()
});
static BIO_CONT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(教授|副教授|讲师|博士|硕士|研究员|研究生|研究方向|博导|E-?mail|邮箱)").unwrap()
});

pub fn build(source: &Source, mut lines: Vec<Line>, raw: &[String]) -> Document {
    let original: Vec<String> = lines.iter().map(Line::text).collect();
    // Traditional script is read folded to simplified; passages keep what was written.
    let traditional = script::is_traditional(original.iter().map(String::as_str));
    let read = |t: &[String]| -> Vec<String> {
        if traditional {
            t.iter().map(|l| script::fold(l)).collect()
        } else {
            t.to_vec()
        }
    };
    let texts = read(&original);
    let name = read(std::slice::from_ref(&source.name)).remove(0);
    let mut m = meta::extract(&name, &texts, &read(raw));
    let read_title = m.title.clone();
    if traditional {
        restore_script(&mut m, &source.name, &original, &texts);
    }
    // The abstract's label becomes its section heading; its text stays body.
    if let Some((a, _)) = m.abstract_lines {
        let label = meta::abstract_label_len(&texts[a]);
        lines[a].chars.drain(..label);
        lines[a].src.drain(..label);
    }
    let texts = read(&lines.iter().map(Line::text).collect::<Vec<_>>());
    let kinds = classify(&lines, &texts, &m);
    let id = model::document_id(&source.name);
    let mut doc = Document {
        id: id.clone(),
        source: source.name.clone(),
        file: source.file.clone(),
        encoding: source.encoding.clone(),
        content_hash: model::content_hash(&source.text),
        title: m.title.clone(),
        title_en: m.title_en.clone(),
        authors: m.authors.clone(),
        affiliations: m.affiliations.clone(),
        venue: m.venue.clone(),
        date: m.date.clone(),
        doi: m.doi.clone(),
        keywords: m.keywords.clone(),
        abstract_text: m.abstract_text.clone(),
        abstract_en: m.abstract_en.clone(),
        genre: m.genre.clone(),
        script: if traditional {
            "traditional"
        } else {
            "simplified"
        }
        .into(),
        policy: None,
        pages: model::page_table(&source.text, source.first_line),
        lines: (
            source.first_line.saturating_sub(1).max(1),
            source.first_line + source.text.lines().count().saturating_sub(1) as u32,
        ),
        ..Document::default()
    };
    fill_sections(&mut doc, &lines, &texts, &kinds, &m);
    let original = traditional.then(|| (original.join("\n"), read(&original).join("\n")));
    attach_policy(&mut doc, &read_title, &texts, &lines, &m, original);
    doc
}

/// Sections, passages and references from the classified lines.
fn fill_sections(
    doc: &mut Document,
    lines: &[Line],
    texts: &[String],
    kinds: &[Kind],
    m: &meta::Meta,
) {
    let mut section_start = 0usize;
    let mut pending: Vec<&Line> = Vec::new();
    doc.sections.push(Section {
        level: 0,
        heading: String::new(),
        lines: (lines.first().map_or(0, Line::first_line), 0),
    });
    // The heading of the open section while it has no body yet (so `pending` is empty).
    let mut bare: Option<(&Line, u8)> = None;
    for (i, line) in lines.iter().enumerate() {
        match kinds[i] {
            Kind::Heading(level) => {
                // A heading with no text under it, followed by one of its own level or
                // above, is an item of a list (`3．邵阳市…改造` then `4．…`): it is text.
                if let Some((h, _)) = bare.filter(|&(_, l)| level <= l) {
                    pending.push(h);
                }
                flush(doc, &pending, section_start);
                pending.clear();
                close_section(doc, lines, i);
                let abstract_here = m.abstract_lines.is_some_and(|(a, _)| a == i);
                if abstract_here {
                    pending.push(line);
                }
                doc.sections.push(Section {
                    level,
                    heading: if abstract_here {
                        "摘要".into()
                    } else {
                        strip_marks(&texts[i])
                    },
                    lines: (line.first_line(), line.last_line()),
                });
                section_start = doc.sections.len() - 1;
                bare = (!abstract_here).then_some((line, level));
            }
            Kind::Body => {
                pending.push(line);
                bare = None;
            }
            Kind::Reference => {
                if let Some(last) = doc
                    .references
                    .last_mut()
                    .filter(|_| !starts_reference(&texts[i]))
                {
                    last.text.push_str(&texts[i]);
                    last.lines.1 = line.last_line();
                } else {
                    doc.references.push(Reference {
                        text: texts[i].clone(),
                        lines: (line.first_line(), line.last_line()),
                    });
                }
            }
            Kind::Meta | Kind::Latin => {}
        }
    }
    if let Some((h, _)) = bare {
        pending.push(h);
    }
    flush(doc, &pending, section_start);
    close_section(doc, lines, lines.len());
}

/// Policy metadata for policies, and for case lists issued as a notice (their issuer and
/// number count too). `original`: (original, folded) text of a traditional-script document,
/// to give names back in its own characters.
fn attach_policy(
    doc: &mut Document,
    title: &str,
    texts: &[String],
    lines: &[Line],
    m: &meta::Meta,
    original: Option<(String, String)>,
) {
    let mut p = policy_doc::read(title, texts, lines, m.date.as_deref());
    let notice = doc.genre == "case_list" && (p.issuer.is_some() || p.number.is_some());
    if doc.genre != "policy" && !notice {
        return;
    }
    if let Some((o, f)) = original {
        for v in [&mut p.issuer, &mut p.number].into_iter().flatten() {
            if let Some(x) = script::original_of(v, &f, &o) {
                *v = x;
            }
        }
    }
    doc.policy = Some(p);
}

/// Title and names read from folded text, given back in the document's own characters.
fn restore_script(m: &mut meta::Meta, name: &str, original: &[String], folded: &[String]) {
    let (o, f) = (original.join("\n"), folded.join("\n"));
    let back = |s: &mut String| {
        if let Some(x) = script::original_of(s, &f, &o)
            .or_else(|| script::original_of(s, &script::fold(name), name))
        {
            *s = x;
        }
    };
    back(&mut m.title);
    m.authors.iter_mut().for_each(back);
}

fn close_section(doc: &mut Document, lines: &[Line], upto: usize) {
    if let Some(s) = doc.sections.last_mut() {
        let last = lines[..upto].last().map_or(s.lines.0, Line::last_line);
        s.lines.1 = last.max(s.lines.0);
    }
}

fn starts_reference(t: &str) -> bool {
    t.starts_with('[') || t.starts_with('［') || t.starts_with(|c: char| ('①'..='⑳').contains(&c))
}

/// A line of running text: long, and ending a sentence.
fn is_paragraph(t: &str) -> bool {
    let t = t.trim_end();
    t.chars().count() >= 40
        && t.chars()
            .last()
            .is_some_and(|c| is_sentence_end(c) || c == '”')
}

fn classify(lines: &[Line], texts: &[String], m: &meta::Meta) -> Vec<Kind> {
    let mut kinds = vec![Kind::Body; lines.len()];
    for &i in &m.meta_lines {
        kinds[i] = Kind::Meta;
    }
    // Front matter: everything before the abstract, or else before the last metadata line
    // above the first paragraph (a `关键词` or `来源` line at the end closes no front matter).
    let first_paragraph = (0..texts.len())
        .find(|&i| !m.meta_lines.contains(&i) && is_paragraph(&texts[i]))
        .unwrap_or(texts.len());
    let front_end = m
        .abstract_lines
        .map(|(a, _)| a)
        .or_else(|| {
            m.meta_lines
                .range(..first_paragraph)
                .next_back()
                .map(|&l| l + 1)
        })
        .unwrap_or(0);
    for k in kinds.iter_mut().take(front_end) {
        *k = Kind::Meta;
    }
    let uses_chinese_numbering = texts.iter().any(|t| H1.is_match(t) && t.contains('、'));
    for (a, b) in reference_runs(texts) {
        for k in kinds.iter_mut().take(b + 1).skip(a) {
            if *k == Kind::Body {
                *k = Kind::Reference;
            }
        }
    }
    let mut in_refs = false;
    let mut in_bio = false;
    let mut in_links = false;
    for (i, t) in texts.iter().enumerate() {
        let t = t.trim();
        in_links = (in_links && (t.is_empty() || is_link_line(t))) || is_links_heading(t);
        if in_links || is_nav_line(t) {
            kinds[i] = Kind::Meta;
            continue;
        }
        if kinds[i] == Kind::Meta || kinds[i] == Kind::Reference {
            continue;
        }
        if REFS_HEADING.is_match(t) {
            in_refs = true;
            kinds[i] = Kind::Meta;
            continue;
        }
        if BIO.is_match(t) {
            in_bio = true;
            kinds[i] = Kind::Meta;
            continue;
        }
        if in_bio && BIO_CONT.is_match(t) && t.chars().count() < 80 {
            kinds[i] = Kind::Meta;
            continue;
        }
        in_bio = false;
        let plain = plain_heading(lines, texts, i).then_some(2);
        if let Some(level) = heading_level(t, uses_chinese_numbering).or(plain) {
            in_refs = false;
            kinds[i] = Kind::Heading(level);
            continue;
        }
        if REF_LINE.is_match(t)
            || FOOTNOTE.is_match(t)
            || (in_refs && (starts_reference(t) || !ends_mid_sentence(texts, i)))
        {
            kinds[i] = Kind::Reference;
            continue;
        }
        if is_latin(t) {
            kinds[i] = Kind::Latin;
        }
    }
    // The abstract is body text of its own section, so it is searchable.
    if let Some((a, b)) = m.abstract_lines {
        kinds[a] = Kind::Heading(1);
        for k in kinds.iter_mut().take(b + 1).skip(a + 1) {
            *k = Kind::Body;
        }
    }
    kinds
}

/// `相关阅读：`, `【延伸阅读】`: the head of a list of other pages' headlines
/// (`page_chrome_word.txt`, links).
fn is_links_heading(t: &str) -> bool {
    let bare = t.trim_matches(|c: char| "【】[]：:".contains(c) || c.is_whitespace());
    // `相关项目：某街整治 | 某巷改造`: the headlines on the heading's own line.
    let inline = |w: &str| {
        bare.strip_prefix(w).is_some_and(|rest| {
            rest.trim_start_matches(['】', ']'])
                .starts_with(['：', ':'])
        })
    };
    crate::lexicon!("page_chrome_word")
        .words_of("links")
        .any(|w| bare == w || inline(w))
}

/// `【上一篇】某某工程`, `下一篇：…`: a link to the page before or after.
fn is_nav_line(t: &str) -> bool {
    let bare = t.trim_start_matches(['【', '[']);
    crate::lexicon!("page_chrome_word")
        .words_of("nav")
        .any(|w| bare.starts_with(w))
}

/// A headline in such a list: short, no full stop at its end (a headline may ask or
/// exclaim: `老旧厂房如何“活”起来？`).
fn is_link_line(t: &str) -> bool {
    t.chars().count() <= 40 && !t.ends_with(['。', '；'])
}

/// Reference entries split over lines (`[14] 杨俊宴, 朱骁 . 人工智能…` / `…[J]. 国际` /
/// `城市规划, 2021, 36 (2): 7-15.`), wherever two-column layout put them.
fn reference_runs(texts: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < texts.len() {
        if !REF_START.is_match(&texts[i]) {
            i += 1;
            continue;
        }
        let typed = (i..(i + 3).min(texts.len()))
            .take_while(|&k| k == i || !REF_START.is_match(&texts[k]))
            .find(|&k| REF_TYPE.is_match(&texts[k]));
        let Some(mut j) = typed else {
            i += 1;
            continue;
        };
        // The tail after the type marker: volume, pages, year.
        while j + 1 < texts.len()
            && !texts[j].trim_end().ends_with(['.', '。'])
            && !REF_START.is_match(&texts[j + 1])
            && texts[j + 1].chars().count() < 60
            && texts[j + 1].chars().any(|c| c.is_ascii_digit())
        {
            j += 1;
        }
        out.push((i, j));
        i = j + 1;
    }
    out
}

/// An unnumbered heading on a line of its own (`实施成效`): a few Han characters with no
/// punctuation, after a finished sentence or a blank line and before a long line of body
/// text. A line wrapped in mid-sentence is long; the last line of a paragraph ends with
/// punctuation, or a blank line ends it (a `设计单位：…` field line).
fn plain_heading(lines: &[Line], texts: &[String], i: usize) -> bool {
    let t = texts[i].trim();
    let n = t.chars().count();
    let after_sentence = i == 0 || lines[i].blank_before || !ends_mid_sentence(texts, i - 1);
    let next_long = texts
        .get(i + 1)
        .is_some_and(|x| x.trim().chars().count() >= 40);
    (2..=12).contains(&n) && t.chars().all(is_cjk) && after_sentence && next_long
}

fn ends_mid_sentence(texts: &[String], i: usize) -> bool {
    texts[i]
        .chars()
        .last()
        .is_some_and(|c| is_cjk(c) || c == '，')
}

/// Level of a Markdown heading (`## 方法`), as `.md` files and the Word reader write them.
fn marked_level(t: &str) -> Option<u8> {
    let rest = t.trim_start_matches('#');
    let marks = t.len() - rest.len();
    ((1..=6).contains(&marks) && rest.starts_with([' ', '\t'])).then_some(marks as u8)
}

/// A heading's text without its Markdown marks.
fn strip_marks(t: &str) -> String {
    match marked_level(t.trim_start()) {
        Some(_) => t.trim_start().trim_start_matches('#').trim().to_string(),
        None => t.to_string(),
    }
}

fn heading_level(t: &str, chinese_numbering: bool) -> Option<u8> {
    if let Some(level) = marked_level(t) {
        return Some(level);
    }
    let n = t.chars().count();
    if n > 40 || t.ends_with(['，', '、', ',']) {
        return None;
    }
    if H1.is_match(t) {
        return Some(1);
    }
    if H2.is_match(t) {
        return Some(2);
    }
    if let Some(c) = HNUM.captures(t) {
        // `2035 年` or `3 个` is a number in a sentence, not a heading.
        let unit = c[4]
            .chars()
            .next()
            .is_some_and(|u| "年月日个万亿元次号期岁家项条名位余多种类倍".contains(u));
        if c[1].len() > 2 || n > 30 || t.contains(['。', '，', ',']) || unit {
            return None;
        }
        let depth = c[2].matches('.').count() as u8;
        let base = if chinese_numbering { 3 } else { 1 };
        return Some(base + depth);
    }
    if H_PAREN_NUM.is_match(t) && n <= 30 && !t.contains('。') {
        return Some(if chinese_numbering { 4 } else { 3 });
    }
    None
}

fn is_latin(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let cjk = t.chars().filter(|c| is_cjk(*c)).count();
    letters >= 12 && cjk * 8 < letters
}

/// Join the body lines of a section into one stream, split it into sentences and pack those
/// into passages.
/// A line longer than this was not wrapped at a page's column (chars).
const UNWRAPPED: usize = 80;
/// Longest line read as a paragraph of its own (chars).
const SHORT_LINE: usize = 24;

/// `一梯解千愁…焕生机` above `武警石牌岭小区建于…`: in text of a paragraph a line, a short line
/// with words and a blank line under it (a subheading, a byline, a caption) ends where it does.
fn short_paragraph(pending: &[&Line], k: usize) -> bool {
    let (line, next) = (pending[k - 1], pending[k]);
    let words = line.chars.iter().filter(|&&c| is_cjk(c)).count() >= 4;
    line.chars.len() <= SHORT_LINE && words && (next.blank_before || heading(pending, k - 1))
}

/// `杭州现有的8条商业特色街区` between two paragraphs: a line with no stop in it, after a line
/// that ends a sentence or a lead (`附：`) and before a paragraph that ends one.
fn heading(pending: &[&Line], i: usize) -> bool {
    let ends = |l: &Line, marks: &str| l.chars.last().is_some_and(|&c| marks.contains(c));
    let bare = !pending[i]
        .chars
        .iter()
        .any(|&c| c.is_ascii_punctuation() || "，。、；：！？（）“”《》".contains(c));
    let after = i == 0 || ends(pending[i - 1], "。！？；：:");
    let before = pending
        .get(i + 1)
        .is_some_and(|l| l.chars.len() > SHORT_LINE && ends(l, "。！？；"));
    bare && after && before
}

fn flush(doc: &mut Document, pending: &[&Line], section: usize) {
    if pending.is_empty() {
        return;
    }
    let mut stream = Line::default();
    let mut prev_field = false;
    // A paragraph a line (a web page's text), not lines wrapped at a column's width.
    let unwrapped = pending.iter().any(|l| l.chars.len() > UNWRAPPED);
    let (cells, pads) = cell_runs(pending);
    for (k, l) in pending.iter().enumerate() {
        let at = stream.src.last().copied().unwrap_or(l.first_line());
        if cells[k] == Cell::Next {
            stream.push('|', at);
            stream.append(l);
            (0..pads[k]).for_each(|_| stream.push('|', l.last_line()));
            continue;
        }
        // A labelled field (`项目名称：…`, `申报单位：…`) is a line of its own: the break
        // between it and its neighbours ends a sentence, or the fields run into one name.
        let field = is_field(l)
            || is_item(l)
            || is_table_row(l)
            || crate::normalize::spacing::is_header_row(&l.chars)
            || cells[k] != Cell::Prose;
        let closed = unwrapped && k > 0 && short_paragraph(pending, k);
        if (field || prev_field || closed)
            && !stream.chars.last().is_none_or(|&c| is_sentence_end(c))
        {
            stream.push('\n', at);
        }
        prev_field = field;
        if let (Some(&a), Some(&b)) = (stream.chars.last(), l.chars.first()) {
            if a.is_ascii_alphanumeric() && b.is_ascii_alphanumeric()
                || a == ','
                || a == '.' && b.is_ascii_alphabetic()
            {
                stream.push(' ', l.first_line());
            }
        }
        stream.append(l);
    }
    let sentences = split_sentences(&stream.chars);
    let mut start = 0;
    let mut ends: Vec<usize> = Vec::new();
    for &(s, e) in &sentences {
        if e - start > PASSAGE_CHARS && !ends.is_empty() {
            push_passage(doc, &stream, start, &ends, section);
            start = s;
            ends.clear();
        }
        ends.push(e);
    }
    if !ends.is_empty() {
        push_passage(doc, &stream, start, &ends, section);
    }
}

/// `项目名称：…`: a short label of Han characters, a colon and a value with no sentence end.
fn is_field(l: &Line) -> bool {
    static FIELD: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[\p{Han}]{2,8}\s*[：:]\s*\S").unwrap());
    let t: String = l.chars.iter().collect();
    let t = t.trim();
    FIELD.is_match(t) && t.chars().count() <= 80 && !t.chars().any(|c| c == '。')
}

/// A numbered or bracketed list item (`1、…`, `（2）…`, `③…`, `【案例1】…`, `案例3　…`, a
/// table's `1　公主府街`): a line of its own, like a field, so consecutive items do not run into one another.
fn is_item(l: &Line) -> bool {
    let t: String = l.chars.iter().collect();
    crate::item::marker(&t).is_some_and(|m| m.kind != crate::item::Kind::Outline)
}

/// A row of a table drawn with bars (`2|桑海井|自贡市大安区|井盐生产`): a line of its own,
/// or its last cell runs into the next row's first.
fn is_table_row(l: &Line) -> bool {
    l.gapped || l.chars.iter().filter(|&&c| matches!(c, '|' | '｜')).count() >= 2
}

/// Sentence spans; a sentence longer than the cap is cut at a comma (or hard).
fn split_sentences(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let mut end = None;
        if is_sentence_end(chars[i]) || chars[i] == '\n' {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], '”' | '’' | '」' | '）' | ')') {
                j += 1;
            }
            end = Some(j);
        } else if i + 1 - start >= PASSAGE_CHARS {
            let cut = (start + PASSAGE_CHARS / 2..=i)
                .rev()
                .find(|&k| matches!(chars[k], '，' | ',' | '、' | ' '));
            end = Some(cut.map_or(i + 1, |k| k + 1));
        }
        if let Some(e) = end {
            if chars[start..e].iter().any(|c| !c.is_whitespace()) {
                out.push((start, e));
            }
            start = e;
            i = e;
            continue;
        }
        i += 1;
    }
    if start < chars.len() && chars[start..].iter().any(|c| !c.is_whitespace()) {
        out.push((start, chars.len()));
    }
    out
}

fn push_passage(doc: &mut Document, stream: &Line, start: usize, ends: &[usize], section: usize) {
    let end = *ends.last().unwrap();
    // Trim whitespace at both ends so offsets stay exact.
    let mut a = start;
    while a < end && stream.chars[a].is_whitespace() {
        a += 1;
    }
    let mut b = end;
    while b > a && stream.chars[b - 1].is_whitespace() {
        b -= 1;
    }
    if b <= a {
        return;
    }
    let text: String = stream.chars[a..b].iter().collect();
    let mut line_map: Vec<(u32, u32)> = Vec::new();
    for (k, &l) in stream.src[a..b].iter().enumerate() {
        if line_map.last().is_none_or(|&(_, last)| last != l) {
            line_map.push((k as u32, l));
        }
    }
    let lines = (
        *stream.src[a..b].iter().min().unwrap(),
        *stream.src[a..b].iter().max().unwrap(),
    );
    let n = doc.passages.len();
    doc.passages.push(Passage {
        id: format!("{}-p{}", doc.id, n),
        section,
        text,
        lines,
        line_map,
        sentence_ends: ends
            .iter()
            .map(|&e| (e.min(b).saturating_sub(a)) as u32)
            .filter(|&e| e > 0)
            .collect(),
    });
}
