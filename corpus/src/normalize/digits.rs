//! Numbers split one digit per line (`２\n０\n２\n５年`) are joined back into one line.

use super::line::Line;

/// A short line of digits and number punctuation: part of a number split over lines.
pub fn is_fragment(l: &Line) -> bool {
    let n = l.chars.len();
    (1..=4).contains(&n)
        && l.chars.iter().any(|c| c.is_ascii_digit())
        && l.chars
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '%' | '-' | ',' | ':' | '/'))
}

fn is_lone_cjk(l: &Line) -> bool {
    l.chars.len() == 1 && crate::text::is_cjk(l.chars[0])
}

pub fn join_split_numbers(lines: Vec<Line>) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut glue_next = false;
    for line in lines {
        let starts_digit = line.chars.first().is_some_and(|c| c.is_ascii_digit());
        let fragment = is_fragment(&line);
        match out.last_mut() {
            Some(prev) if glue_next && (starts_digit || fragment) => prev.append(&line),
            // A lone CJK character is half of a split word or name (`摘` / `要：…`).
            Some(prev) if is_lone_cjk(prev) => prev.append(&line),
            Some(prev) if fragment && prev.chars.last().is_some_and(|c| c.is_ascii_digit()) => {
                prev.append(&line)
            }
            _ => out.push(line),
        }
        glue_next = out.last().is_some_and(|l| {
            is_fragment(l) || (fragment && l.chars.last().is_some_and(|c| c.is_ascii_digit()))
        });
    }
    out
}
