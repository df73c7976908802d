//! Tables of projects: a header row with a name column (`序号 街巷名称 所属街道 整治重点`,
//! header words in `data/lexicon/table_name_header.txt`) and rows of as many cells under it;
//! the cell of each row in that column is a case (`公主府街`), whatever its words.

use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::lexicon;

/// Longest cell read as a name (chars).
const MAX_CELL: usize = 30;

/// Cells of a row, as (start, end) in `chars`: between bars when the row has them (an
/// empty cell kept, so columns stay in place), else between spaces.
fn cells(chars: &[char], from: usize, to: usize) -> Vec<(usize, usize)> {
    let bars = |c: char| matches!(c, '|' | '｜');
    let barred = chars[from..to].iter().any(|&c| bars(c));
    let gap = |c: char| {
        if barred {
            bars(c)
        } else {
            matches!(c, ' ' | '\n')
        }
    };
    let mut out = Vec::new();
    let mut start = from;
    for i in from..=to {
        if i < to && !gap(chars[i]) {
            continue;
        }
        let (mut a, mut b) = (start, i);
        while a < b && chars[a].is_whitespace() {
            a += 1;
        }
        while b > a && chars[b - 1].is_whitespace() {
            b -= 1;
        }
        // An empty cell after a bar stays, at the row's end too (`…|已开工|`).
        if a < b || (barred && start > from) {
            out.push((a, b));
        }
        start = i + 1;
    }
    out
}

fn text(chars: &[char], (a, b): (usize, usize)) -> String {
    chars[a..b].iter().collect()
}

/// The name column of a header row of three cells or more: a name heading.
fn name_column(chars: &[char], row: &[(usize, usize)]) -> Option<usize> {
    if row.len() < 3 {
        return None;
    }
    // `小区名称` names the column outright; `社区` beside it is where the site lies.
    let by = |f: &dyn Fn(&str) -> bool| row.iter().position(|&c| f(&text(chars, c)));
    by(&|t| t.ends_with("名称"))
        .or_else(|| by(&|t| t.ends_with('名')))
        .or_else(|| by(&|t| lexicon!("table_name_header").words().any(|w| w == t)))
}

/// Length of a cell's name without a closing note of which buildings (`桂花小区(1—8栋)`,
/// `某苑（全部）`).
fn qualified(cell: &[char]) -> usize {
    let n = cell.len();
    if !matches!(cell.last(), Some(')' | '）')) {
        return n;
    }
    let Some(open) = cell.iter().rposition(|&c| c == '(' || c == '（') else {
        return n;
    };
    let note: String = cell[open + 1..n - 1].iter().collect();
    let buildings = note.chars().any(|c| c.is_ascii_digit())
        || ["栋", "幢", "号楼", "全部"]
            .iter()
            .any(|w| note.contains(w));
    if buildings && open >= 2 {
        open
    } else {
        n
    }
}

/// The rows of passage `p`: its lines when it has bars (a remark cell may hold sentences:
/// `①…；②…。 |`), else its sentences (a flattened table's rows run on), each cut at its
/// line breaks (a header row and numbered rows are lines of their own).
fn rows(view: &DocView, p: usize) -> Vec<(usize, usize)> {
    let chars = &view.chars[p];
    if !chars.iter().any(|&c| matches!(c, '|' | '｜')) {
        return view.sentences[p]
            .iter()
            .flat_map(|&span| lines(chars, span))
            .collect();
    }
    lines(chars, (0, chars.len()))
}

/// The lines of `chars[a..b]`.
fn lines(chars: &[char], (a, b): (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = a;
    for (i, &c) in chars.iter().enumerate().take(b).skip(a) {
        if c == '\n' {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, b));
    out.retain(|&(s, e)| s < e);
    out
}

/// Case candidates from the name column of tables of projects.
pub(crate) fn table_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    // A table runs on across passages: its header stays in force until a row does not fit.
    let mut column: Option<(usize, usize)> = None;
    for (p, chars) in view.chars.iter().enumerate() {
        for (a, b) in rows(view, p) {
            let row = cells(chars, a, b.min(chars.len()));
            if let Some(k) = name_column(chars, &row) {
                column = Some((k, row.len()));
                continue;
            }
            let Some((k, width)) = column else {
                continue;
            };
            // Rows with no number to break them run into one sentence: cut by the width.
            if row.is_empty() || !row.len().is_multiple_of(width) {
                column = None;
                continue;
            }
            for r in row.chunks(width) {
                let (s, e) = r[k];
                let han = chars[s..e]
                    .iter()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(c));
                let e = s + qualified(&chars[s..e]);
                if han && (2..=MAX_CELL).contains(&(e - s)) {
                    let name = text(chars, (s, e));
                    out.push(new_cand(kb, &name, Origin::ListItem, Some((p, s, e))));
                }
            }
        }
    }
}
