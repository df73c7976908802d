//! Answer-type cue: a question that asks for a quantity, a year or a number of things
//! ("多少篇", "哪一年", "哪两个阶段") favours passages that hold such an answer. A passage
//! that shares the question's words but holds no number cannot answer "多少".

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnswerType {
    /// "多少篇", "比例是多少", "得分": a number, followed by `unit` when the question names one.
    Quantity { unit: Option<char> },
    /// "哪一年", "年份", "何时": a year.
    Year,
    /// "哪两个阶段", "哪三项原则": the same count written in the text ("两个", "3项").
    Count { n: u32 },
    /// "文号", "编号": a document number, `〔2023〕5号`.
    DocNumber,
}

/// Classifiers and units that may follow a number.
const UNITS: &str = "篇个家人户项次元座条所名位万亿亩份件类种期批次倍岁届台栋幢部辆";
const NUMBER_CUES: [&str; 2] = ["文号", "编号"];
const YEAR_CUES: [&str; 6] = ["哪一年", "哪年", "年份", "何年", "何时", "什么时候"];
const QUANTITY_CUES: [&str; 7] = ["多少", "比例", "占比", "百分比", "得分", "权重", "数量"];

pub fn answer_type(question: &str) -> Option<AnswerType> {
    if NUMBER_CUES.iter().any(|c| question.contains(c)) {
        return Some(AnswerType::DocNumber);
    }
    if YEAR_CUES.iter().any(|c| question.contains(c)) {
        return Some(AnswerType::Year);
    }
    let chars: Vec<char> = question.chars().collect();
    // "哪两个阶段", "哪三项原则"; "哪一向度" asks which one, not how many.
    for w in chars.windows(3) {
        if let (true, Some(n)) = (w[0] == '哪', numeral(w[1])) {
            if n >= 2 && is_classifier(w[2]) {
                return Some(AnswerType::Count { n });
            }
        }
    }
    if let Some(i) = question.find("多少") {
        let unit = unit_after(&question[i + "多少".len()..]);
        return Some(AnswerType::Quantity { unit });
    }
    if let Some(i) = chars
        .windows(2)
        .position(|w| w[0] == '几' && UNITS.contains(w[1]))
    {
        let rest: String = chars[i + 1..].iter().collect();
        return Some(AnswerType::Quantity {
            unit: unit_after(&rest),
        });
    }
    if ["比例", "占比", "百分比"]
        .iter()
        .any(|c| question.contains(c))
    {
        return Some(AnswerType::Quantity { unit: Some('%') });
    }
    QUANTITY_CUES
        .iter()
        .any(|c| question.contains(c))
        .then_some(AnswerType::Quantity { unit: None })
}

/// The unit a quantity question names right after 多少 / 几: "多少钱" asks for 元; in "几个人"
/// and "多少万元" the counted unit is the later one (人, 元), since a text writes 21人, 3万元.
fn unit_after(rest: &str) -> Option<char> {
    let mut it = rest.chars();
    let first = it.next()?;
    if first == '钱' {
        return Some('元');
    }
    let next = it.next();
    if matches!(first, '个' | '万' | '亿') {
        if let Some(n) = next.filter(|c| UNITS.contains(*c) && !matches!(c, '万' | '亿')) {
            return Some(n);
        }
    }
    if matches!(first, '万' | '亿') {
        return None;
    }
    UNITS.contains(first).then_some(first)
}

/// Whether `text` holds an answer of this type.
pub fn holds(t: &AnswerType, text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let numbers = numbers(&chars);
    match t {
        AnswerType::Year => numbers
            .iter()
            .any(|n| n.int_digits == 4 && !n.decimal && (1900..=2099).contains(&n.value)),
        AnswerType::Quantity { unit: Some(u) } => numbers.iter().any(|n| {
            let next = chars[n.end..]
                .iter()
                .find(|c| !c.is_whitespace() && !matches!(c, '万' | '亿' | '余' | '多'));
            next == Some(u) || (*u == '%' && next == Some(&'％'))
        }),
        // Without a unit, a number that is not a year or a citation: a decimal, a percentage
        // or a number with a unit.
        AnswerType::Quantity { unit: None } => numbers.iter().any(|n| {
            n.decimal
                || chars
                    .get(n.end)
                    .is_some_and(|c| UNITS.contains(*c) || matches!(c, '%' | '％'))
        }),
        AnswerType::Count { n } => chars
            .windows(2)
            .any(|w| numeral(w[0]) == Some(*n) && is_classifier(w[1])),
        AnswerType::DocNumber => doc_number(&chars),
    }
}

/// A document number: a bracketed year then a number and 号 (`沪府规〔2023〕5号`, `[2024]12号`).
fn doc_number(chars: &[char]) -> bool {
    chars.iter().enumerate().any(|(i, c)| {
        if !matches!(c, '〔' | '[' | '［' | '【') {
            return false;
        }
        let year = chars.get(i + 1..i + 5);
        if !year.is_some_and(|y| y.iter().all(char::is_ascii_digit)) {
            return false;
        }
        if !chars
            .get(i + 5)
            .is_some_and(|c| matches!(c, '〕' | ']' | '］' | '】'))
        {
            return false;
        }
        let digits = chars[i + 6..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        digits > 0 && chars.get(i + 6 + digits) == Some(&'号')
    })
}

struct Number {
    end: usize,
    value: u64,
    int_digits: usize,
    decimal: bool,
}

/// ASCII digit runs (the normaliser folds full-width digits), with an optional fraction.
fn numbers(chars: &[char]) -> Vec<Number> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_alphabetic()) {
            i += 1;
            continue;
        }
        let start = i;
        let mut value: u64 = 0;
        while i < chars.len() && chars[i].is_ascii_digit() {
            value = value
                .saturating_mul(10)
                .saturating_add(chars[i] as u64 - '0' as u64);
            i += 1;
        }
        let int_digits = i - start;
        let decimal =
            chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if decimal {
            i += 1;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
        }
        out.push(Number {
            end: i,
            value,
            int_digits,
            decimal,
        });
    }
    out
}

fn is_classifier(c: char) -> bool {
    UNITS.contains(c) || "大方阶时重维".contains(c)
}

fn numeral(c: char) -> Option<u32> {
    match c {
        '一' => Some(1),
        '二' | '两' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        '十' => Some(10),
        '1'..='9' => c.to_digit(10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_types() {
        assert_eq!(
            answer_type("检索到的论文有多少篇？"),
            Some(AnswerType::Quantity { unit: Some('篇') })
        );
        assert_eq!(
            answer_type("总得分是多少？"),
            Some(AnswerType::Quantity { unit: None })
        );
        assert_eq!(
            answer_type("三个时期及年份是什么？"),
            Some(AnswerType::Year)
        );
        assert_eq!(
            answer_type("将政策演化划分为哪两个阶段？"),
            Some(AnswerType::Count { n: 2 })
        );
        assert_eq!(answer_type("“规则面向”对应哪一向度？"), None);
        let unit = |u| Some(AnswerType::Quantity { unit: Some(u) });
        assert_eq!(answer_type("一期改造一共花了多少钱"), unit('元'));
        assert_eq!(answer_type("自改委由几个人组成"), unit('人'));
        assert_eq!(answer_type("加装了几台电梯"), unit('台'));
        assert_eq!(answer_type("投资多少万元"), unit('元'));
        assert_eq!(answer_type("有多少个社区"), unit('个'));
        assert_eq!(
            answer_type("实施意见的文号是多少"),
            Some(AnswerType::DocNumber)
        );
        assert_eq!(answer_type("老旧小区 居民参与 数字平台"), None);
    }

    #[test]
    fn passages_that_answer() {
        let q = AnswerType::Quantity { unit: Some('篇') };
        assert!(holds(&q, "论文数量达5712篇，且总体呈现"));
        assert!(!holds(&q, "2020年的论文"));
        let q = AnswerType::Quantity { unit: None };
        assert!(holds(&q, "基础设施（16.50）"));
        assert!(holds(&q, "占35%"));
        assert!(!holds(&q, "2024年[30]"));
        assert!(holds(&AnswerType::Year, "探索时期（2013—2015 年）"));
        assert!(!holds(&AnswerType::Year, "共计291幢"));
        assert!(holds(
            &AnswerType::Count { n: 2 },
            "异质引导与协同溢出两个演化阶段"
        ));
        assert!(!holds(&AnswerType::Count { n: 3 }, "两个阶段"));
        assert!(!holds(&AnswerType::Year, "ISO9001"));
        assert!(holds(&AnswerType::DocNumber, "沪府规〔2023〕5号"));
        assert!(holds(&AnswerType::DocNumber, "兴政通[2024]3号为加快"));
        assert!(!holds(&AnswerType::DocNumber, "〔2023〕年度"));
        let yuan = AnswerType::Quantity { unit: Some('元') };
        assert!(holds(&yuan, "总投入约4000万元"));
        assert!(!holds(&yuan, "共4000户"));
    }
}
