//! One kind of quotation mark: corner brackets (`「…」`, `『…』`), single quotes in a text
//! that has no double ones (`‘民情晴雨表’`) and straight double quotes around Chinese
//! (`"码上议"`) become `“…”`, which the extractors read. One character for one, so spans
//! stay put. Where a text has `“…”`, its single quotes are inner quotes (a quotation may run
//! over several lines) and stay.

use super::line::Line;

/// Longest quotation a single or straight quote pair may hold.
const MAX_QUOTED: usize = 30;

pub fn unify_quotes(lines: Vec<Line>) -> Vec<Line> {
    let singles = !lines.iter().any(|l| l.chars.contains(&'“'));
    lines.into_iter().map(|l| unify_line(l, singles)).collect()
}

fn unify_line(mut line: Line, singles: bool) -> Line {
    for c in line.chars.iter_mut() {
        *c = match *c {
            '「' | '『' => '“',
            '」' | '』' => '”',
            c => c,
        };
    }
    let outer = if singles {
        outer_singles(&line.chars)
    } else {
        Vec::new()
    };
    let straight = straight_pairs(&line.chars);
    for (open, close) in outer.into_iter().chain(straight) {
        line.chars[open] = '“';
        line.chars[close] = '”';
    }
    line
}

/// `‘…’` pairs outside any `“…”` (a corner bracket's, mapped before).
fn outer_singles(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '“' => depth += 1,
            '”' => depth = depth.saturating_sub(1),
            '‘' if depth == 0 => {
                if let Some(j) = close_of(chars, i, '’') {
                    out.push((i, j));
                    i = j;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Straight `"` pairs, read left to right, around text with Chinese in it.
fn straight_pairs(chars: &[char]) -> Vec<(usize, usize)> {
    let marks: Vec<usize> = (0..chars.len()).filter(|&i| chars[i] == '"').collect();
    if marks.len() % 2 == 1 {
        return Vec::new();
    }
    marks
        .chunks(2)
        .map(|p| (p[0], p[1]))
        .filter(|&(a, b)| {
            b - a - 1 <= MAX_QUOTED && chars[a + 1..b].iter().any(|&c| crate::text::is_cjk(c))
        })
        .collect()
}

/// The `close` mark that ends a quotation opened at `open`, if it holds Chinese.
fn close_of(chars: &[char], open: usize, close: char) -> Option<usize> {
    let end = (open + MAX_QUOTED + 2).min(chars.len());
    let j = (open + 1..end).find(|&j| matches!(chars[j], '’' | '‘' | '“' | '”'))?;
    let holds = chars[open + 1..j].iter().any(|&c| crate::text::is_cjk(c));
    (chars[j] == close && j > open + 1 && holds).then_some(j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        let lines = unify_quotes(vec![Line::new(s, 1)]);
        lines[0].chars.iter().collect()
    }

    #[test]
    fn every_outer_quote_becomes_a_double_quote() {
        assert_eq!(run("台北市「里民通」上线"), "台北市“里民通”上线");
        assert_eq!(run("热线‘民情晴雨表’每月发布"), "热线“民情晴雨表”每月发布");
        assert_eq!(run("推出\"码上议\"小程序"), "推出“码上议”小程序");
    }

    #[test]
    fn inner_and_english_quotes_stay() {
        assert_eq!(run("他说：“这叫‘接诉即办’。”"), "他说：“这叫‘接诉即办’。”");
        let two = unify_quotes(vec![
            Line::new("他说：“这叫", 1),
            Line::new("‘接诉即办’。”", 2),
        ]);
        assert_eq!(two[1].chars.iter().collect::<String>(), "‘接诉即办’。”");
        assert_eq!(run("the \"smart city\" label"), "the \"smart city\" label");
        assert_eq!(run("居民’s 一个\"孤立引号"), "居民’s 一个\"孤立引号");
    }
}
