//! Page furniture: page numbers, `第1页 共3页`, repeated running headers, CNKI online-first
//! boilerplate, stray footnote glyphs and typesetting slugs. Dropped lines are gone from
//! every passage; the line map of the remaining lines is untouched.

use super::line::Line;
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::HashMap;

static PAGE_OF: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^第\s*\d+\s*页\s*[,，/]?\s*共\s*\d+\s*页$").unwrap());
static PAGE_NUM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[-—·\s]*\d{1,3}[-—·\s]*$|^- ?\d+ ?-$|^·\d+·$").unwrap());
static CITE_MARK: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^[\[［]\s*\d{1,3}(\s*[-–,，]\s*\d{1,3})*\s*[\]］]$").unwrap());
static SLUG: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?i)^(\d+\s*)?[\u4e00-\u9fff]{2,12}\s*\d{4}\s*年\s*第\s*\d+\s*期\s*$|^https?://link\.cnki\.net|^(网络首发地址|网络首发时间|引用格式|出版确认)[:：]|^Copyright ©|^\(C\)1994-20\d\d China Academic Journal").unwrap()
});
/// Phrases of the CNKI online-first declaration (網絡首發 boilerplate), one per line.
const CNKI: &[&str] = &[
    "网络首发：在编辑部工作流程中",
    "录用定稿指内容已经确定",
    "刊特定版式",
    "出版年、卷、期、页码均已确定",
    "版管理条例》和《期刊出版管理规定》",
    "辑部对刊文的录用要求",
    "出版的技术标准，正确使用",
    "为确保录用定稿网络首发的严肃性",
    "只可基于编辑规范进行少量文字的修改",
    "学术期刊（网络版）》出版传播平台",
    "出版之前刊发论文的录用定稿",
    "版广电总局批准的网络连续型出版物",
    "发论文视为正式出版",
    "稿件从录用到出版要经历",
    "期刊特定版式",
    "整期汇编定稿指出",
    "录用定稿网络首发稿件内容必须符合",
    "学术研究成果具有创新性",
    "稿件内容应基本符合国家有关书刊编辑",
    "录用定稿一经发布",
    "纸质期刊编辑部通过与",
    "因为《中国学术期刊（网络版）》",
    "在《中国学术期刊（网络版）》",
];

pub fn is_cnki_boilerplate(text: &str) -> bool {
    CNKI.iter().any(|p| text.contains(p))
}

/// Lines dropped whatever their neighbours are.
pub fn is_furniture(text: &str) -> bool {
    let t = text.trim();
    PAGE_OF.is_match(t)
        || SLUG.is_match(t)
        || is_cnki_boilerplate(t)
        || is_stray_glyph(t)
        || CITE_MARK.is_match(t)
}

/// A line holding only a footnote marker: a circled number, a symbol, or the CJK glyphs
/// (U+744F–U+7462, `瑏…瑢`) some PDF fonts emit for circled numbers. A lone ordinary CJK
/// character is kept: it is usually half of a split name or label (`李` / `琼，肖立志`).
fn is_stray_glyph(t: &str) -> bool {
    let mut it = t.chars();
    let lone = matches!((it.next(), it.next()), (Some(c), None)
        if !c.is_ascii_digit() && (!crate::text::is_cjk(c) || crate::text::is_circled_glyph(c)));
    lone || t
        .chars()
        .all(|c| ('①'..='⑳').contains(&c) || crate::text::is_circled_glyph(c) || c == ' ')
}

/// The first lines of a document, where a web page may repeat its headline.
const PAGE_HEAD: usize = 12;

pub fn drop_furniture(lines: Vec<Line>) -> Vec<Line> {
    // Running headers: short lines repeated on many pages; a web page's headline repeated
    // in its first lines (breadcrumb, heading, share text) is none.
    let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
    for (i, l) in lines.iter().enumerate() {
        let key: String = l.chars.iter().filter(|c| !c.is_whitespace()).collect();
        let stripped = strip_digits(&key);
        if (4..=40).contains(&key.chars().count()) && stripped.chars().count() >= 4 {
            let e = counts.entry(stripped).or_insert((0, i));
            e.0 += 1;
            e.1 = i;
        }
    }
    let counts: HashMap<String, usize> = counts
        .into_iter()
        .filter(|(_, (_, last))| *last >= PAGE_HEAD)
        .map(|(k, (n, _))| (k, n))
        .collect();
    let n = lines.len();
    let mut keep = vec![true; n];
    for (i, l) in lines.iter().enumerate() {
        let text = l.text();
        let key: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        let stripped = strip_digits(&key);
        let repeated = stripped.chars().count() >= 4
            && counts.get(&stripped).copied().unwrap_or(0) >= 3
            && !looks_like_prose(&key)
            && !in_numbered_rows(&lines, i);
        if is_furniture(&text) || repeated || is_page_number(&lines, i) {
            keep[i] = false;
        }
    }
    lines
        .into_iter()
        .zip(keep)
        .filter_map(|(l, k)| k.then_some(l))
        .collect()
}

fn strip_digits(s: &str) -> String {
    s.chars().filter(|c| !c.is_ascii_digit()).collect()
}

/// Repeated prose (a heading or a sentence quoted twice) is not a running header.
fn looks_like_prose(key: &str) -> bool {
    key.ends_with(['。', '，', '；', '：']) || key.chars().count() > 30
}

/// A lone number is a page number unless it is part of a number split over lines
/// (the next line continues with a digit, or the previous line is a digit fragment).
fn is_page_number(lines: &[Line], i: usize) -> bool {
    let t = lines[i].text();
    if !PAGE_NUM.is_match(t.trim()) {
        return false;
    }
    let next_digit = lines
        .get(i + 1)
        .and_then(|l| l.chars.first())
        .is_some_and(|c| c.is_ascii_digit() || matches!(c, '.' | '%' | '-'));
    let prev_fragment = i > 0 && super::digits::is_fragment(&lines[i - 1]);
    !(next_digit || prev_fragment || row_number(lines, i))
}

/// A cell of a table flattened one cell a line (`1`, `某社区`, `某小区`, `已开工`, `2` …): a
/// row number within a row's span before it. Cells repeat down a column (the same street, the
/// same state); a running header does not stand among row numbers.
fn in_numbered_rows(lines: &[Line], i: usize) -> bool {
    (i.saturating_sub(ROW_SPAN)..i).any(|j| row_number(lines, j))
}

/// Lines between two row numbers of a table flattened one cell a line; a page holds more.
const ROW_SPAN: usize = 10;

/// A lone number in a run of three, each a few lines from the next, numbers a table's rows
/// (`1`, `某街道`, `某小区`, `2` …), not pages (two facing page numbers are no run).
fn row_number(lines: &[Line], i: usize) -> bool {
    let value = |j: usize| lines[j].text().trim().parse::<i64>().ok();
    let Some(v) = value(i) else {
        return false;
    };
    // The line holding number `w` within the span after or before line `j`.
    let next = |j: usize, w: i64| {
        (j + 1..lines.len().min(j + 1 + ROW_SPAN)).find(|&k| value(k) == Some(w))
    };
    let prev = |j: usize, w: i64| (j.saturating_sub(ROW_SPAN)..j).rfind(|&k| value(k) == Some(w));
    let ahead = next(i, v + 1).is_some_and(|j| next(j, v + 2).is_some());
    let behind = prev(i, v - 1).is_some_and(|j| prev(j, v - 2).is_some());
    let between = next(i, v + 1).is_some() && prev(i, v - 1).is_some();
    ahead || behind || between
}
