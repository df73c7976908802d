//! The marker that opens a list item: `1.`, `1、`, `（2）`, `2）`, `一、`, `（三）`, `③`,
//! `1.2`, `【案例1】`, `案例3`, a table row's `1 `. One reader for every part that reads lists
//! (line structure, genre, policy clauses, case lists, headings); each takes the kinds it
//! wants.

use once_cell::sync::Lazy;
use regex::Regex;

/// How an item is numbered.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// `1.2`, `1.2.3`: an outline number.
    Outline,
    /// `1.`, `1、`, `1．`
    Arabic,
    /// `（1）`, `(1)`, `1）`, `1)`
    ArabicBracketed,
    /// `一、`, `三．`
    Chinese,
    /// `（一）`
    ChineseBracketed,
    /// `①`
    Circled,
    /// `【案例1】`: a bracketed label with a number.
    Label,
    /// `【项目位置】`, `【做法】`: a bracketed label with no number, a field's name.
    Tag,
    /// `案例3`, `案例三：`
    CaseNo,
    /// `1 公主府街`: a table row's number, a space, then the row.
    Row,
    /// `■ 项目名称：…`, `· 以麦园路为轴…`: a bullet.
    Bullet,
}

/// Every kind, for readers that take any item.
pub const ANY: &[Kind] = &[
    Kind::Outline,
    Kind::Arabic,
    Kind::ArabicBracketed,
    Kind::Chinese,
    Kind::ChineseBracketed,
    Kind::Circled,
    Kind::Label,
    Kind::Tag,
    Kind::CaseNo,
    Kind::Row,
    Kind::Bullet,
];

/// A marker at the start of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker<'a> {
    pub kind: Kind,
    /// The marker as written, without the spaces around it (`（2）`, `1.`).
    pub label: &'a str,
    /// What follows the marker and the spaces after it.
    pub rest: &'a str,
}

const HAN_NUM: &str = "一二三四五六七八九十";

static MARKER: Lazy<Regex> = Lazy::new(|| {
    let n = format!("[{HAN_NUM}]");
    Regex::new(&format!(
        r"^\s*(?:(?P<outline>\d{{1,2}}(?:[.．]\d{{1,2}})+)(?:\s+|[.．]?(?P<outline_han>\p{{Han}}))|(?P<arabic>\d{{1,3}}\s*[.．、])\s*(?P<arabic_next>\D)|(?P<abr>[（(]\d{{1,3}}[）)]|\d{{1,3}}[）)])|(?P<chinese>{n}{{1,3}}\s*[、.．])|(?P<cbr>[（(]{n}{{1,3}}[）)])|(?P<circled>[①-⑳])|(?P<label>【[^】]{{1,12}}】)|(?P<case>案例\s*(?:\d|{n}){{1,3}}[：:、]?)|(?P<row>\d{{1,3}})[ \t\u{{3000}}]+(?P<row_han>[\p{{Han}}“「《])|(?P<bullet>[■□◆◇●○•·▪▶►※★☆]))\s*"
    ))
    .unwrap()
});

/// The item marker at the start of `text`, if any.
pub fn marker(text: &str) -> Option<Marker<'_>> {
    let c = MARKER.captures(text)?;
    let kinds = [
        ("outline", Kind::Outline),
        ("arabic", Kind::Arabic),
        ("abr", Kind::ArabicBracketed),
        ("chinese", Kind::Chinese),
        ("cbr", Kind::ChineseBracketed),
        ("circled", Kind::Circled),
        ("label", Kind::Label),
        ("case", Kind::CaseNo),
        ("row", Kind::Row),
        ("bullet", Kind::Bullet),
    ];
    let (group, mut kind) = kinds.iter().find(|(g, _)| c.name(g).is_some()).copied()?;
    let label = c.name(group)?;
    if kind == Kind::Label
        && !label
            .as_str()
            .chars()
            .any(|c| c.is_ascii_digit() || HAN_NUM.contains(c))
    {
        kind = Kind::Tag;
    }
    let rest_at = ["outline_han", "row_han", "arabic_next"]
        .iter()
        .find_map(|g| c.name(g))
        .map_or(c.get(0)?.end(), |m| m.start());
    let rest = &text[rest_at..];
    // A quantity is no item: `3.5亿元`, `12 个`, `2 户`.
    let numeric = matches!(kind, Kind::Outline | Kind::Arabic | Kind::Row);
    if numeric
        && rest
            .chars()
            .next()
            .is_some_and(crate::lexicon::is_quantity_word)
    {
        return None;
    }
    Some(Marker {
        kind,
        label: label.as_str().trim(),
        rest,
    })
}

/// The marker at the start of `text` when it is one of `kinds`.
pub fn marker_of<'a>(text: &'a str, kinds: &[Kind]) -> Option<Marker<'a>> {
    marker(text).filter(|m| kinds.contains(&m.kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_by_kind() {
        let rows = [
            (
                "1. 北京市劲松北社区",
                Some((Kind::Arabic, "1.", "北京市劲松北社区")),
            ),
            ("12、曹杨新村", Some((Kind::Arabic, "12、", "曹杨新村"))),
            (
                "（2）红梅文创园",
                Some((Kind::ArabicBracketed, "（2）", "红梅文创园")),
            ),
            ("3）老街", Some((Kind::ArabicBracketed, "3）", "老街"))),
            ("三、主要做法", Some((Kind::Chinese, "三、", "主要做法"))),
            (
                "（十二）附则",
                Some((Kind::ChineseBracketed, "（十二）", "附则")),
            ),
            ("③ 东湖", Some((Kind::Circled, "③", "东湖"))),
            ("2.3 研究方法", Some((Kind::Outline, "2.3", "研究方法"))),
            ("2.3研究方法", Some((Kind::Outline, "2.3", "研究方法"))),
            ("【案例1】劲松", Some((Kind::Label, "【案例1】", "劲松"))),
            (
                "【项目位置】海口市",
                Some((Kind::Tag, "【项目位置】", "海口市")),
            ),
            (
                "案例3：曹杨新村",
                Some((Kind::CaseNo, "案例3：", "曹杨新村")),
            ),
            (
                "1 公主府街 东城区",
                Some((Kind::Row, "1", "公主府街 东城区")),
            ),
            (
                "■ 项目名称：琉璃厂",
                Some((Kind::Bullet, "■", "项目名称：琉璃厂")),
            ),
            ("3.5亿元用于改造", None),
            ("12 个小区", None),
            ("2 户居民", None),
            ("1.5 米", None),
            ("2023年", None),
            ("城市更新", None),
        ];
        for (text, want) in rows {
            let got = marker(text).map(|m| (m.kind, m.label, m.rest));
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn kinds_filter() {
        assert!(marker_of("1 公主府街", &[Kind::Arabic]).is_none());
        assert!(marker_of("1 公主府街", ANY).is_some());
    }
}
