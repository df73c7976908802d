//! Half-width punctuation in Chinese prose: some sites and script converters write `,` `:`
//! `;` `?` `!` and `( )` where Chinese uses `，` `：` `；` `？` `！` and `（ ）`, which hides
//! clause ends from every later step. A mark right after a CJK character (or a closing
//! bracket or quote after one) becomes the Chinese mark; between digits (`1,000`, `09:05`)
//! and in Latin text it stays.

use super::line::Line;
use crate::text::is_cjk;

pub fn widen(mut line: Line) -> Line {
    let n = line.chars.len();
    for i in 0..n {
        let c = line.chars[i];
        let after_cjk = prev_mark(&line.chars, i).is_some_and(is_cjk);
        let before_cjk = line.chars[i + 1..]
            .iter()
            .find(|&&x| x != ' ')
            .is_some_and(|&x| is_cjk(x));
        let wide = match c {
            ',' | ':' | ';' | '?' | '!' if after_cjk => wide_of(c),
            '(' if before_cjk && (after_cjk || i == 0) => '（',
            ')' if after_cjk && opened(&line.chars[..i]) => '）',
            _ => continue,
        };
        line.chars[i] = wide;
    }
    line
}

/// The last character before `i` that is no space, seen through closing quotes and brackets.
fn prev_mark(c: &[char], i: usize) -> Option<char> {
    c[..i]
        .iter()
        .rev()
        .find(|&&x| !matches!(x, ' ' | '”' | '’' | '）' | '」' | '』'))
        .copied()
}

/// Whether the `)` closes a bracket already widened.
fn opened(before: &[char]) -> bool {
    let open = before.iter().rposition(|&x| x == '（');
    let close = before.iter().rposition(|&x| x == '）');
    open.is_some_and(|o| close.is_none_or(|c| c < o))
}

fn wide_of(c: char) -> char {
    match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        _ => '！',
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        widen(Line::new(s, 1)).text()
    }

    #[test]
    fn marks_after_chinese_widen() {
        assert_eq!(run("新中小區,地處西安市"), "新中小區，地處西安市");
        assert_eq!(run("來源: 新華網"), "來源： 新華網");
        assert_eq!(run("“好”,他說;是嗎?"), "“好”，他說；是嗎？");
        assert_eq!(run("新華社西安1月14日電(記者李華)進入"), "新華社西安1月14日電（記者李華）進入");
    }

    #[test]
    fn digits_and_latin_stay() {
        assert_eq!(run("投资1,000万元"), "投资1,000万元");
        assert_eq!(run("2020-01-14 09:05:52"), "2020-01-14 09:05:52");
        assert_eq!(run("BIM(CIM)平台"), "BIM(CIM)平台");
        assert_eq!(run("see (a, b)"), "see (a, b)");
    }
}
