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
}

/// Classifiers and units that may follow a number.
const UNITS: &str = "篇个家人户项次元座条所名位万亿亩份件类种期批次倍岁届";
const YEAR_CUES: [&str; 6] = ["哪一年", "哪年", "年份", "何年", "何时", "什么时候"];
const QUANTITY_CUES: [&str; 7] = ["多少", "比例", "占比", "百分比", "得分", "权重", "数量"];

pub fn answer_type(question: &str) -> Option<AnswerType> {
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
        let unit = question[i + "多少".len()..]
            .chars()
            .next()
            .filter(|c| UNITS.contains(*c));
        return Some(AnswerType::Quantity { unit });
    }
    if chars
        .windows(2)
        .any(|w| w[0] == '几' && UNITS.contains(w[1]))
    {
        let i = chars.iter().position(|&c| c == '几').unwrap();
        return Some(AnswerType::Quantity {
            unit: chars.get(i + 1).copied(),
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
    }
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
    }
}
