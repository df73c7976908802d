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

/// Empty cells to put after a line: a row short of its header (an empty cell has no line)
/// is filled out, so its columns stay in place.
pub(super) type Pads = Vec<usize>;

/// Tables flattened one cell a line (a web page's table copied out: `序号`, `街道`,
/// `小区名称`, `1`, `某街道`, `某小区(1—8栋)` …): runs of short lines with no clause
/// punctuation. Numbered rows under a header of three cells or more are put back together
/// as barred rows (`1|某街道|某小区(1—8栋)`); cells set apart by blank lines keep a line
/// each; others run on as prose.
pub(super) fn cell_runs(lines: &[&Line]) -> (Vec<Cell>, Pads) {
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
    let mut pads = vec![0; lines.len()];
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
            mark_cells(&texts, &mut out[i..i + run], &mut pads[i..i + run]);
        }
        i += run.max(1);
    }
    (out, pads)
}

/// Rows of a flattened table: rows open with their numbers (`1`, `2` …) after a header of as
/// many cells as the widest row has (a row with an empty cell has one line fewer); without
/// numbers, the header runs from the run's first cell to the one called `…名称` and the rest
/// must fill whole rows.
fn mark_cells(texts: &[String], out: &mut [Cell], pads: &mut [usize]) {
    let starts = match numbered_rows(texts) {
        Some(starts) => starts,
        None => {
            let Some((width, rows)) = named_rows(texts) else {
                return;
            };
            (0..=rows).map(|r| (r * width, (r + 1) * width)).collect()
        }
    };
    let width = starts.first().map_or(0, |&(a, b)| b - a);
    for (a, b) in starts {
        out[a] = Cell::Row;
        out[a + 1..b].iter_mut().for_each(|c| *c = Cell::Next);
        pads[b - 1] = width.saturating_sub(b - a);
    }
}

/// Widest row a numbered table may have (cells, its number included).
const MAX_WIDTH: usize = 12;

/// The (start, end) cells of the header and of each numbered row: the numbers run 1, 2, 3 …
/// each at least three cells after the last, the header as wide as the widest row.
fn numbered_rows(texts: &[String]) -> Option<Vec<(usize, usize)>> {
    let first = texts.iter().position(|t| t == "1")?;
    let mut starts = vec![first];
    while let Some(&last) = starts.last() {
        let want = (starts.len() + 1).to_string();
        let hi = (last + MAX_WIDTH).min(texts.len());
        match (last + 3..hi).find(|&q| texts[q] == want) {
            Some(q) => starts.push(q),
            None => break,
        }
    }
    let width = starts.windows(2).map(|w| w[1] - w[0]).max()?;
    if first < width {
        return None;
    }
    let end = (starts[starts.len() - 1] + width).min(texts.len());
    let mut rows = vec![(first - width, first)];
    rows.extend(
        starts
            .iter()
            .zip(starts.iter().skip(1).chain([&end]))
            .map(|(&a, &b)| (a, b)),
    );
    Some(rows)
}

/// (width, rows) of a table whose header opens the run and ends with its name column.
fn named_rows(texts: &[String]) -> Option<(usize, usize)> {
    let width = texts.iter().position(|t| t.ends_with("名称"))? + 1;
    let rest = texts.len() - width;
    (width >= 3 && rest >= 2 * width && rest.is_multiple_of(width)).then_some((width, rest / width))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(cells: &[&str]) -> Vec<Cell> {
        marks_and_pads(cells).0
    }

    fn marks_and_pads(cells: &[&str]) -> (Vec<Cell>, Pads) {
        let texts: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let mut out = vec![Cell::Alone; texts.len()];
        let mut pads = vec![0; texts.len()];
        mark_cells(&texts, &mut out, &mut pads);
        (out, pads)
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
    fn a_row_with_an_empty_cell_is_one_line_short() {
        use Cell::*;
        let (got, pads) = marks_and_pads(&[
            "序号",
            "社区",
            "小区名称",
            "备注",
            "1",
            "甲社区",
            "乙小区",
            "民生实事",
            "2",
            "丙社区",
            "丁小区",
            "3",
            "戊社区",
            "己小区",
            "民生实事",
        ]);
        assert_eq!(
            got,
            [
                Row, Next, Next, Next, Row, Next, Next, Next, Row, Next, Next, Row, Next, Next,
                Next
            ]
        );
        // Row 2 (`丁小区`) lacks its remark: one empty cell after its last line.
        assert_eq!(pads.iter().sum::<usize>(), 1);
        assert_eq!(pads[10], 1);
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
