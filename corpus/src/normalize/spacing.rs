//! Letter-spaced text: spaces between CJK characters (`数 字 化 转 型`) and runs of single
//! Latin letters (`S O D A`) are removed; spaces next to CJK punctuation too. The cell gaps of
//! a table row stay, one space each, and the row is marked (`Line::gapped`).

use super::line::Line;
use crate::lexicon;
use crate::text::{is_cjk, is_cjkish};

pub fn fix_spacing(line: Line) -> Line {
    let n = line.chars.len();
    let mut drop = vec![false; n];
    let c = &line.chars;
    let row = row_number_space(c);
    let header = is_header_row(c);
    let gapped = gapped_row(c);
    let last = c.iter().rposition(|&x| x != ' ').unwrap_or(0);
    for i in 0..n {
        // On a table row (`3 琵琶社区“…” 徐州市鼓楼区 完整社区`) a space separates cells, but
        // not inside letter-spaced text (`000 美元报酬…节省了 4 亿 美 元`).
        let cell_gap = i < last
            && (gapped && in_run(c, i)
                || row.is_some_and(|r| {
                    let (left, right) = cjk_runs(c, i);
                    i == r || i > r && left != 1 && right != 1
                }));
        if c[i] != ' ' || cell_gap || header && i < last {
            continue;
        }
        let prev = (0..i).rev().find(|&j| c[j] != ' ').map(|j| c[j]);
        let next = (i + 1..n).find(|&j| c[j] != ' ').map(|j| c[j]);
        let (Some(p), Some(q)) = (prev, next) else {
            drop[i] = true; // leading/trailing space
            continue;
        };
        if is_cjkish(p) && is_cjkish(q) && (!is_cjk(p) || !is_cjk(q) || single_cjk_side(c, i))
            || is_cjk(p) && is_digit_or_punct(q)
            || is_digit_or_punct(p) && is_cjk(q)
            || is_cjkish(p) && matches!(q, '[' | '(' | '%')
            || matches!(p, ']' | ')') && is_cjkish(q)
        {
            drop[i] = true;
        }
    }
    // Runs of single Latin letters separated by single spaces: `S O D A` → `SODA`.
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 2 < n && is_single_letter(c, j) && c[j + 1] == ' ' && is_single_letter(c, j + 2) {
            j += 2;
        }
        if j >= i + 4 {
            for k in (i + 1..j).step_by(2) {
                drop[k] = true;
            }
        }
        i = j.max(i) + 1;
    }
    let mut out = Line {
        blank_before: line.blank_before,
        gapped,
        ..Line::default()
    };
    for k in 0..n {
        if !(drop[k] || c[k] == ' ' && out.chars.last() == Some(&' ')) {
            out.push(c[k], line.src[k]);
        }
    }
    out
}

/// A table's header row (`序号 区（县） 街道 社区`): a row-number header and a space open it
/// (`table_number_header.txt`).
pub fn is_header_row(c: &[char]) -> bool {
    let t: String = c.iter().collect();
    let t = t.trim_start();
    lexicon!("table_number_header").words().any(|w| {
        t.strip_prefix(w)
            .is_some_and(|rest| rest.starts_with([' ', '\t', '\u{3000}']))
    })
}

/// The space after a row or item number that opens the line (`1 公主府街 中山东路街道`): it
/// keeps the number off the name. A quantity (`12 月`, `3 个`) is not a row number.
fn row_number_space(c: &[char]) -> Option<usize> {
    let lead = c.iter().take_while(|&&x| x == ' ').count();
    let digits = c[lead..].iter().take_while(|x| x.is_ascii_digit()).count();
    let at = lead + digits;
    let next = c[at..].iter().find(|&&x| x != ' ').copied()?;
    let unit = lexicon::is_quantity_word(next);
    ((1..=3).contains(&digits) && c.get(at) == Some(&' ') && is_cjk(next) && !unit).then_some(at)
}

/// The space sits next to a lone CJK character (`数 字 化`), not between two words
/// (`数智赋能 政府治理`, where it separates keywords or names).
fn single_cjk_side(c: &[char], i: usize) -> bool {
    let (left, right) = cjk_runs(c, i);
    left <= 1 || right <= 1
}

/// How many CJK characters stand right before and right after position `i`.
fn cjk_runs(c: &[char], i: usize) -> (usize, usize) {
    let left = (0..i).rev().take_while(|&j| is_cjk(c[j])).count();
    let right = (i + 1..c.len()).take_while(|&j| is_cjk(c[j])).count();
    (left, right)
}

/// A table row whose cells are set apart by runs of spaces (`红专厂　　广州市天河区　　…`):
/// three cells or more, each with CJK characters and no full stop.
fn gapped_row(c: &[char]) -> bool {
    let t: String = c.iter().collect();
    let cells: Vec<&str> = t
        .trim()
        .split("  ")
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .collect();
    cells.len() >= 3
        && cells
            .iter()
            .all(|x| x.chars().any(is_cjk) && !x.contains('。'))
}

/// A space of a run of two or more.
fn in_run(c: &[char], i: usize) -> bool {
    c[i] == ' ' && (i > 0 && c[i - 1] == ' ' || c.get(i + 1) == Some(&' '))
}

fn is_digit_or_punct(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, '%' | '.' | ',')
}

fn is_single_letter(c: &[char], j: usize) -> bool {
    c[j].is_ascii_alphabetic()
        && (j == 0 || !c[j - 1].is_ascii_alphanumeric())
        && c.get(j + 1).is_none_or(|x| !x.is_ascii_alphanumeric())
}
