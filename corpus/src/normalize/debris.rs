//! Pinyin debris: some script converters annotate a character with its reading
//! (`區(qū)`, `網(wǎng)站`), which splits every word it lands in. A bracketed run of Latin
//! letters with a tone mark, right after a CJK character, is dropped.

use super::line::Line;
use crate::text::is_cjk;

/// Vowels with a tone mark: plain pinyin without one is too like an abbreviation (`(CIM)`).
const TONED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ";

pub fn drop_pinyin(line: Line) -> Line {
    let c = &line.chars;
    let mut drop = vec![false; c.len()];
    let mut i = 1;
    while i < c.len() {
        if let Some(end) = reading_at(c, i) {
            drop[i..=end].iter_mut().for_each(|d| *d = true);
            i = end + 1;
        } else {
            i += 1;
        }
    }
    let mut out = Line {
        blank_before: line.blank_before,
        ..Line::default()
    };
    for (k, &ch) in c.iter().enumerate() {
        if !drop[k] {
            out.push(ch, line.src[k]);
        }
    }
    out
}

/// The closing bracket's index when a reading opens at `i` after a CJK character.
fn reading_at(c: &[char], i: usize) -> Option<usize> {
    if !matches!(c[i], '(' | '（') || !is_cjk(c[i - 1]) {
        return None;
    }
    let len = c[i + 1..]
        .iter()
        .take(9)
        .position(|&x| matches!(x, ')' | '）'))?;
    let inner = &c[i + 1..i + 1 + len];
    let letters = inner
        .iter()
        .all(|&x| x.is_ascii_lowercase() || TONED.contains(x) || x == 'ü');
    let toned = inner.iter().any(|&x| TONED.contains(x));
    (len >= 1 && letters && toned).then_some(i + 1 + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        drop_pinyin(Line::new(s, 1)).text()
    }

    #[test]
    fn readings_after_characters_are_dropped() {
        assert_eq!(
            run("駐馬店市政府網(wǎng)站發(fā)布"),
            "駐馬店市政府網站發布"
        );
        assert_eq!(run("老舊小區(qū)改造"), "老舊小區改造");
    }

    #[test]
    fn other_brackets_stay() {
        for s in [
            "城市信息模型(CIM)平台",
            "方案(试行)",
            "公式(a)",
            "Beijing (běi)",
        ] {
            assert_eq!(run(s), s);
        }
    }
}
