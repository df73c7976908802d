//! Tables flattened one cell a line: a web page's table copied out as text gives a short
//! line per cell (`序号`, `街道`, `小区名称`, `1`, `某街道`, `某小区(1—8栋)` …). Put back
//! together as barred rows, the table recogniser reads them; left alone, the cells run into
//! one another as one name.

use crate::normalize::Line;

/// Lines shorter than this may be the cells of a table flattened one cell a line.
const CELL_CHARS: usize = 16;
/// How many such lines in a row make a flattened table rather than a broken sentence.
const CELL_RUN: usize = 6;

/// How a line goes into the stream: prose, a table's cell opening a row, one going on with
/// it, or a cell of a run whose rows cannot be told (a line of its own).
#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Cell {
    Prose,
    Row,
    Next,
    Alone,
}

/// Tables flattened one cell a line (a web page's table copied out: `序号`, `街道`,
/// `小区名称`, `1`, `某街道`, `某小区(1—8栋)` …): runs of short lines with no clause
/// punctuation. Numbered rows under a header of three cells or more are put back together
/// as barred rows (`1|某街道|某小区(1—8栋)`); cells set apart by blank lines keep a line
/// each; others run on as prose.
pub(super) fn cell_runs(lines: &[&Line]) -> Vec<Cell> {
    let text = |l: &Line| {
        l.chars
            .iter()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    let cell = |l: &Line| {
        let t = text(l);
        (1..=CELL_CHARS).contains(&t.chars().count())
            && !t.contains(['，', '。', '；', ',', ';', '！', '？'])
    };
    let mut out = vec![Cell::Prose; lines.len()];
    let mut i = 0;
    while i < lines.len() {
        let run = lines[i..].iter().take_while(|l| cell(l)).count();
        if run >= CELL_RUN {
            let texts: Vec<String> = lines[i..i + run].iter().map(|l| text(l)).collect();
            // Cells apart (a blank line between each) are a page's; a PDF's narrow column
            // or author block runs line after line and stays prose.
            if lines[i + 1..i + run].iter().all(|l| l.blank_before) {
                out[i..i + run].iter_mut().for_each(|c| *c = Cell::Alone);
            }
            mark_cells(&texts, &mut out[i..i + run]);
        }
        i += run.max(1);
    }
    out
}

/// Rows of a flattened table: rows open with their numbers (`1`, `2` …), as many cells
/// apart as the header before the first has; without numbers, the header runs from the
/// run's first cell to the one called `…名称` and the rest must fill whole rows.
fn mark_cells(texts: &[String], out: &mut [Cell]) {
    let Some((header, width, rows)) = numbered_rows(texts).or_else(|| named_rows(texts)) else {
        return;
    };
    let end = header + width * (rows + 1);
    for (k, c) in out.iter_mut().enumerate().take(end).skip(header) {
        *c = if (k - header) % width == 0 {
            Cell::Row
        } else {
            Cell::Next
        };
    }
}

/// (first header cell, width, rows) of a table whose rows are numbered.
fn numbered_rows(texts: &[String]) -> Option<(usize, usize, usize)> {
    let first = texts.iter().position(|t| t == "1")?;
    let width = texts[first..].iter().position(|t| t == "2")?;
    if width < 3 || first < width {
        return None;
    }
    let rows = (texts.len() - first) / width;
    let numbered = (0..rows).all(|r| texts[first + r * width] == (r + 1).to_string());
    numbered.then_some((first - width, width, rows))
}

/// (0, width, rows) of a table whose header opens the run and ends with its name column.
fn named_rows(texts: &[String]) -> Option<(usize, usize, usize)> {
    let width = texts.iter().position(|t| t.ends_with("名称"))? + 1;
    let rest = texts.len() - width;
    (width >= 3 && rest >= 2 * width && rest.is_multiple_of(width)).then_some((
        0,
        width,
        rest / width,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(cells: &[&str]) -> Vec<Cell> {
        let texts: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let mut out = vec![Cell::Alone; texts.len()];
        mark_cells(&texts, &mut out);
        out
    }

    #[test]
    fn numbered_rows_follow_their_header() {
        use Cell::*;
        let got = marks(&[
            "发布",
            "序号",
            "街道",
            "小区名称",
            "1",
            "甲街道",
            "乙小区",
            "2",
            "丙街道",
            "丁小区",
        ]);
        assert_eq!(
            got,
            [Alone, Row, Next, Next, Row, Next, Next, Row, Next, Next]
        );
    }

    #[test]
    fn a_header_ending_with_its_name_column_sets_the_width() {
        use Cell::*;
        let got = marks(&[
            "街道",
            "社区",
            "小区名称",
            "甲",
            "乙",
            "丙",
            "丁",
            "戊",
            "己",
        ]);
        assert_eq!(got, [Row, Next, Next, Row, Next, Next, Row, Next, Next]);
    }

    #[test]
    fn cells_that_fill_no_whole_rows_stay_as_they_are() {
        let got = marks(&["街道", "社区", "小区名称", "甲", "乙", "丙", "丁", "戊"]);
        assert!(got.iter().all(|&c| c == Cell::Alone));
    }
}
