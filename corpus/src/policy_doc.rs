//! Reading a policy text of its own: issuer (title `XX关于…的通知`, a `XX令`/`XX公告`
//! heading, an info box, or the signature block: issuer line + date line at the end),
//! number (文号 `沪府规〔2023〕5号`, `公告第N号`, `第N号令`), dates issued and effective
//! (`自2024年3月1日起施行`, Chinese-numeral dates too) and clauses (chapters, articles and
//! numbered items).

use crate::item::{marker_of, Kind};
use crate::lexicon;
use crate::model::{Clause, PolicyMeta};
use crate::normalize::Line;
use once_cell::sync::Lazy;
use regex::Regex;

/// Lines at the start searched for a number, an issuer heading or an info box.
const HEAD: usize = 20;
/// Lines at the end searched for the signature block.
const TAIL: usize = 15;

/// A date in Arabic or Chinese numerals; Taiwan's `中华民国113年` (folded) counts from 1911.
const DATE: &str = r"((?:(?:中华)?民国\s*)?[〇○零Ｏ一二三四五六七八九\d]{2,4})\s*年\s*([一二三四五六七八九十\d]{1,3})\s*月\s*([一二三四五六七八九十\d]{1,3})\s*日";

static DATE_RE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"{DATE}|((?:19|20)\d{{2}})[-./](\d{{1,2}})[-./](\d{{1,2}})"
    ))
    .unwrap()
});
static DATE_LINE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(&format!(
        r"^\s*[（(]?\s*(?:{DATE}|(?:19|20)\d{{2}}[-./]\d{{1,2}}[-./]\d{{1,2}})\s*[）)]?\s*$"
    ))
    .unwrap()
});
static DOCNO: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（【﹝]\s*(?:19|20)\d{2}\s*[〕\]］)）】﹞]\s*第?\s*\d{1,4}\s*号|[\u4e00-\u9fff]{1,10}字第\s*\d{1,13}\s*号").unwrap()
});
/// `公告第3号`, `2023年第5号`, `第12号令`, `令第12号`, `（第12号）`.
static SERIAL: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:(?:公告|通告|令)\s*)?(?:(?:19|20)\d{2}\s*年\s*)?第\s*[\d一二三四五六七八九十百零〇]{1,5}\s*号(?:\s*(?:令|公告|通告))?").unwrap()
});
static EFFECT: Lazy<Regex> = Lazy::new(|| {
    let verbs = lexicon!("policy_effect_verb")
        .words()
        .collect::<Vec<_>>()
        .join("|");
    let issue = issue_verbs();
    Regex::new(&format!(
        r"自?\s*(?:{DATE}|((?:19|20)\d{{2}})[-./](\d{{1,2}})[-./](\d{{1,2}})|({issue})之?日)\s*起?\s*(?:正式)?\s*(?:{verbs})"
    ))
    .unwrap()
});
/// A date with what was issued on it in one clause (`2024年11月12日合肥市人民政府令第219号公布`).
static PUBLISHED: Lazy<Regex> = Lazy::new(|| {
    let issue = issue_verbs();
    Regex::new(&format!(r"{DATE}[^，。；,;\s]{{0,24}}?(?:{issue})")).unwrap()
});

fn issue_verbs() -> String {
    lexicon!("policy_issue_verb")
        .words()
        .collect::<Vec<_>>()
        .join("|")
}
static ARTICLE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*(第[一二三四五六七八九十百零〇\d]{1,5}[条章节])\s*(.*)$").unwrap()
});
/// Items of a notice or rule: `一、`, `（一）`, `1.`, `1、`, `（1）`.
const ITEM: &[Kind] = &[
    Kind::Chinese,
    Kind::ChineseBracketed,
    Kind::Arabic,
    Kind::ArabicBracketed,
];

/// A 文号 or serial number in a line, spaces dropped.
pub fn number_in(line: &str) -> Option<String> {
    let m = DOCNO.find(line)?;
    // `…3月15日新政办发〔2024〕9号`: the date's `日` is no part of the number.
    let after_date = line[..m.start()]
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_digit() || "〇一二三四五六七八九十".contains(c));
    let s = m.as_str();
    let s = if after_date {
        s.trim_start_matches('日')
    } else {
        s
    };
    Some(s.chars().filter(|c| !c.is_whitespace()).collect())
}

/// The first 文号 in a line that is not a cited document's (`《…》（粤建节函〔2022〕48号）`).
fn uncited_number_in(line: &str) -> Option<String> {
    DOCNO
        .find_iter(line)
        .find(|m| {
            let before = line[..m.start()].trim_end();
            let before = before
                .strip_suffix(['（', '('])
                .unwrap_or(before)
                .trim_end();
            !before.ends_with('》')
        })
        .and_then(|m| number_in(&line[m.start()..]))
}

fn serial_in(line: &str) -> Option<String> {
    let m = SERIAL.find(line)?;
    let s: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
    // `第N号` alone is a serial only on a line of its own or after a decree heading
    // (`海口市人民政府令（第178号）`), not in a sentence.
    let bare = s.starts_with('第') && s.ends_with('号');
    let rest: String = line.replace(m.as_str(), "");
    let rest = rest.trim().trim_matches(['（', '）', '(', ')', ' ']);
    let alone = rest.chars().count() <= 2 || issuer_from_heading(rest).is_some();
    (!bare || alone).then_some(s)
}

/// Whether a title ends with a kind of policy document (`…实施方案`, `…条例`).
pub fn is_policy_title(title: &str) -> bool {
    let t = strip_bracket_tail(title);
    lexicon!("policy_doc_type").words().any(|w| t.ends_with(w))
}

/// `（2023—2025年）`, `（试行）` after a title's document kind.
fn strip_bracket_tail(title: &str) -> &str {
    let t = title.trim();
    match t.strip_suffix(['）', ')']) {
        Some(inner) => inner.rfind(['（', '(']).map_or(t, |i| &t[..i]).trim_end(),
        None => t,
    }
}

/// The first issuing body named at the head of a title (`XX人民政府办公厅关于印发…的通知`,
/// `国务院办公厅转发…的通知`).
pub fn issuer_from_title(title: &str) -> Option<String> {
    if !is_policy_title(title) {
        return None;
    }
    let at = lexicon!("issuer_title_verb")
        .words()
        .filter_map(|w| title.find(w))
        .min()?;
    first_org(&title[..at])
}

/// The first name in `A B、C` (or `A等部门`) that ends like an issuing body.
fn first_org(s: &str) -> Option<String> {
    let first = s
        .split([' ', '　', '、', '，', ','])
        .map(str::trim)
        .find(|p| !p.is_empty())?;
    let first = match first.split_once('等') {
        Some((a, _)) if is_org(a) => a,
        _ => first,
    };
    is_org(first).then(|| first.to_string())
}

fn n_chars(s: &str) -> usize {
    s.chars().count()
}

/// Ends with an issuing-body suffix and looks like a name (short, no sentence punctuation).
pub fn is_org(s: &str) -> bool {
    let n = s.chars().count();
    (3..=40).contains(&n)
        && !s.contains(['。', '，', '：', ':', '；', '《', '“'])
        && lexicon!("issuer_suffix").words().any(|w| s.ends_with(w))
}

/// `XX人民政府令`, `XX人民代表大会常务委员会公告`: the issuer heading of a decree or notice.
pub fn issuer_from_heading(line: &str) -> Option<String> {
    static DECREE: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"^(.{3,40}?)令\s*[（(〔\[]?第[\d一二三四五六七八九十百零〇]+号").unwrap()
    });
    let t = line.trim();
    if let Some(c) = DECREE.captures(t).filter(|c| is_org(&c[1])) {
        return Some(c[1].to_string());
    }
    let stem = ["公告", "通告", "令"]
        .iter()
        .find_map(|k| t.strip_suffix(k))?;
    is_org(stem).then(|| stem.to_string())
}

/// A body's name alone on a line right under the title (`关于印发…的通知` / `城关区人民政府`),
/// or a second title line that names it (`XX办公室关于印发…的通知`).
fn issuer_below_title(head: &[String], title: &str) -> Option<String> {
    let at = head.iter().position(|l| l.trim() == title.trim())?;
    head.iter().skip(at + 1).take(2).find_map(|l| {
        let t = signer(l);
        if is_org(&t) {
            return first_org(&t);
        }
        issuer_from_title(l.trim())
    })
}

/// An issuer line at the top: a red header (`XX人民政府文件`) or a body's name on the line
/// above a policy title (`XX市住房和城乡建设局` / `XX加装电梯实施办法`).
fn issuer_above_title(head: &[String]) -> Option<String> {
    let first = signer(head.first()?);
    if let Some(stem) = first.strip_suffix("文件").filter(|s| is_org(s.trim())) {
        return first_org(stem.trim());
    }
    let next = head.get(1)?;
    (is_org(&first) && is_policy_title(next.trim()))
        .then(|| first_org(&first))
        .flatten()
}

/// A number on a line of its own is the document's; one inside a sentence or a title
/// (`关于转发《…》（建城〔2023〕5号）的通知`) may be a cited document's.
fn own_number_line(l: &str) -> bool {
    number_in(l).is_some_and(|n| n_chars(l.trim()) <= n_chars(&n) + 4)
}

/// The policy's own heading over its number, where a page reprints it under another title
/// (`XX人民政府办公厅关于` / `…的实施意见` / `X政办发〔2021〕56号`): the issuer its title names.
fn issuer_above_number(head: &[String]) -> Option<String> {
    let k = head.iter().position(|l| own_number_line(l))?;
    let one = head.get(k.checked_sub(1)?)?.trim().to_string();
    let two = k
        .checked_sub(2)
        .and_then(|i| head.get(i))
        .map(|l| format!("{}{one}", l.trim()));
    two.into_iter()
        .chain(std::iter::once(one))
        .filter(|t| is_policy_title(t))
        .find_map(|t| issuer_from_title(&t))
}

static PASSED: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:日|于|经)?([\u4e00-\u9fff]{2,10}?)第[一二三四五六七八九十\d]{1,3}届(人民代表大会常务委员会|人民代表大会)").unwrap()
});

/// `驻马店市政府网站发布《…实施意见》`: a report names the body that issued the policy.
static ANNOUNCED: Lazy<Regex> = Lazy::new(|| {
    let issue = issue_verbs();
    Regex::new(&format!(
        r"([\u4e00-\u9fff、]{{3,40}}?)(?:门户网站|官方网站|官网|网站)?(?:正式)?(?:{issue})了?[^。《》]{{0,24}}《([^《》]{{4,80}})》"
    ))
    .unwrap()
});

/// The issuer a report names for the policy it quotes (a news story on a notice or draft).
fn announced_by(line: &str) -> Option<String> {
    ANNOUNCED.captures_iter(line).find_map(|c| {
        let mut who = &c[1];
        for w in lexicon!("time_lead_word").words() {
            who = who.strip_prefix(w).unwrap_or(who);
        }
        // Bodies issuing together (`中共吉林省委、吉林省人民政府印发了…`): the first.
        first_org(who).filter(|_| is_policy_title(&c[2]))
    })
}

/// `…日银川市人民政府第15次常务会议审议通过`: a government rule's issuer.
static PASSED_RULE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(?:日|于|经)?([\u4e00-\u9fff]{2,14}?人民政府)第[一二三四五六七八九十百\d]{1,4}次常务会议",
    )
    .unwrap()
});

/// `（2023年10月27日杭州市第十四届人民代表大会常务委员会第十四次会议通过）`: the body that
/// passed a regulation.
fn passed_by(line: &str) -> Option<String> {
    if let Some(c) = PASSED.captures(line) {
        return Some(format!("{}{}", &c[1], &c[2]));
    }
    let c = PASSED_RULE.captures(line)?;
    is_org(&c[1]).then(|| c[1].to_string())
}

/// The signature block: an issuer line and a date line under it (or the date after the
/// issuer on one line). The last block at the end of the text, else the first anywhere (a
/// notice signed above the plan it issues). Returns (issuer, ISO date).
pub fn signature(lines: &[String]) -> Option<(String, String)> {
    let from = lines.len().saturating_sub(TAIL);
    (from..lines.len())
        .rev()
        .find_map(|i| signature_at(lines, i))
        .or_else(|| (0..from).find_map(|i| signature_at(lines, i)))
}

/// The signature block whose date is on line `i`.
fn signature_at(lines: &[String], i: usize) -> Option<(String, String)> {
    let t = lines[i].trim();
    if DATE_LINE.is_match(t) {
        let date = parse_date(t)?;
        // Several issuers sign one above the other: the topmost is the first.
        // A seal note on a line of its own (`（盖章）`) may stand between issuer and date.
        let top = lines[..i]
            .iter()
            .rev()
            .skip_while(|l| signer(l).is_empty())
            .take_while(|l| is_org(&signer(l)))
            .last()?;
        return first_org(&signer(top)).map(|o| (o, date));
    }
    // `XX办公室　2024年3月15日　X政办发〔2024〕9号`: a number may close the line.
    let t = number_in(t)
        .and_then(|n| t.strip_suffix(n.as_str()))
        .map_or(t, str::trim_end);
    let m = DATE_RE
        .find(t)
        .filter(|m| m.end() == t.len() && m.start() > 0)?;
    let who = signer(&t[..m.start()]);
    if !is_org(&who) {
        return None;
    }
    Some((first_org(&who)?, parse_date(m.as_str())?))
}

static SEAL: Lazy<Regex> = Lazy::new(|| Regex::new(r"[（(][^）)]{0,4}[章印][）)]").unwrap());

/// A signature line without a seal note (`（盖章）`, `（印）`) or spacing.
fn signer(line: &str) -> String {
    SEAL.replace_all(line, "").trim().to_string()
}

/// ISO date of the first date in `s`, in Arabic or Chinese numerals.
pub fn parse_date(s: &str) -> Option<String> {
    let c = DATE_RE.captures(s)?;
    let (y, m, d) = match c.get(1) {
        Some(y) => (y.as_str(), &c[2], &c[3]),
        None => (&c[4], &c[5], &c[6]),
    };
    iso(y, m, d)
}

fn iso(y: &str, m: &str, d: &str) -> Option<String> {
    let roc = y.trim_start_matches("中华").strip_prefix("民国");
    let digits: String = roc
        .unwrap_or(y)
        .trim()
        .chars()
        .map(digit)
        .collect::<Option<String>>()?;
    let year = match (roc, digits.len()) {
        (Some(_), 2..=3) => (digits.parse::<u32>().ok()? + 1911).to_string(),
        (None, 4) => digits,
        _ => return None,
    };
    let (m, d) = (small_number(m)?, small_number(d)?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{year}-{m:02}-{d:02}"))
}

fn digit(c: char) -> Option<char> {
    let i = "〇一二三四五六七八九".chars().position(|x| x == c);
    match (c, i) {
        ('○' | '零' | 'Ｏ', _) => Some('0'),
        (_, Some(i)) => char::from_digit(i as u32, 10),
        _ if c.is_ascii_digit() => Some(c),
        _ => None,
    }
}

/// 1–99 in Arabic or Chinese numerals (`十二`, `二十一`, `三十`).
fn small_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.parse() {
        return Some(n);
    }
    let v = |c: char| digit(c).and_then(|d| d.to_digit(10));
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] if *c == '十' => Some(10),
        [c] => v(*c),
        ['十', u] => Some(10 + v(*u)?),
        [t, '十'] => Some(10 * v(*t)?),
        [t, '十', u] => Some(10 * v(*t)? + v(*u)?),
        _ => None,
    }
}

/// The date a policy takes effect: `自2024年3月1日起施行`, or the issue date when it takes
/// effect `自印发之日起`.
pub fn effective(lines: &[String], issued: Option<&str>) -> Option<String> {
    for l in lines {
        // `自…` or `…起`: a date that starts something, not one on which work was done.
        let starts = |c: &regex::Captures| {
            let m = c.get(0).map_or("", |m| m.as_str());
            m.starts_with('自') || m.contains('起')
        };
        if let Some(c) = EFFECT.captures(l).filter(starts) {
            if c.get(7).is_some() {
                return issued.map(str::to_string);
            }
            let (y, m, d) = match c.get(1) {
                Some(y) => (y.as_str(), &c[2], &c[3]),
                None => (&c[4], &c[5], &c[6]),
            };
            return iso(y, m, d);
        }
    }
    None
}

/// The value of an info-box field (`发文字号：沪府规〔2023〕5号`), or of a numbered heading
/// whose value is the next line (`一、管制时间` / `2024年4月15日0时至…`).
fn field(lines: &[String], name: &str) -> Option<String> {
    let labels: Vec<&str> = lexicon!("policy_field")
        .entries
        .iter()
        .filter(|(_, f)| f.first().is_some_and(|f| f == name))
        .map(|(w, _)| w.as_str())
        .collect();
    let n = lines.len().min(HEAD * 3);
    (0..n).find_map(|i| {
        let t = marker_of(&lines[i], ITEM).map_or(lines[i].trim(), |m| m.rest);
        // A page's list bullet before the field (`• 实施日期：…`).
        let t = crate::text::strip_bullet(t);
        let label = labels.iter().find(|w| t.starts_with(*w))?;
        let v = t[label.len()..]
            .trim_start_matches([' ', '　', '：', ':'])
            .trim();
        match (v.is_empty(), lines.get(i + 1)) {
            (false, _) => Some(v.to_string()),
            (true, Some(next)) if label.chars().count() == t.chars().count() => {
                Some(next.trim().to_string())
            }
            _ => None,
        }
    })
}

/// Everything read from a policy text. `texts` are the lines as read (folded script);
/// `lines` the same lines with their input line numbers and original characters.
pub fn read(title: &str, texts: &[String], lines: &[Line], date: Option<&str>) -> PolicyMeta {
    let head = &texts[..texts.len().min(HEAD)];
    let tail = &texts[texts.len().saturating_sub(TAIL)..];
    let sig = signature(texts);
    let issuer = field(texts, "issuer")
        .or_else(|| issuer_from_title(title))
        .or_else(|| head.iter().find_map(|l| issuer_from_heading(l)))
        .or_else(|| head.iter().find_map(|l| passed_by(l)))
        .or_else(|| issuer_above_title(head))
        .or_else(|| issuer_below_title(head, title))
        .or_else(|| issuer_above_number(head))
        .or_else(|| sig.as_ref().map(|s| s.0.clone()))
        .or_else(|| head.iter().find_map(|l| announced_by(l)));
    let number = field(texts, "number")
        .and_then(|v| number_in(&v).or(Some(v)))
        .or_else(|| {
            head.iter()
                .find(|l| own_number_line(l))
                .and_then(|l| number_in(l))
        })
        .or_else(|| head.iter().find_map(|l| uncited_number_in(l)))
        .or_else(|| {
            tail.iter()
                .find(|l| own_number_line(l))
                .and_then(|l| number_in(l))
        })
        .or_else(|| head.iter().find_map(|l| serial_in(l)));
    let issued = sig
        .map(|s| s.1)
        .or_else(|| field(texts, "issued").and_then(|v| parse_date(&v)))
        .or_else(|| head.iter().find_map(|l| published_on(l)))
        .or_else(|| date.map(str::to_string));
    let effective = field(texts, "effective")
        .and_then(|v| parse_date(&v))
        .or_else(|| effective(texts, issued.as_deref()));
    PolicyMeta {
        issuer,
        number,
        date: issued,
        effective,
        clauses: clauses(texts, lines),
    }
}

/// The date of a clause that says the document was issued on it (a rule's header note
/// `（…通过　2024年11月12日…令第219号公布　…）`), not one that was passed or took effect.
fn published_on(line: &str) -> Option<String> {
    let c = PUBLISHED.captures(line)?;
    iso(&c[1], &c[2], &c[3])
}

/// Chapters, articles and numbered items, each with the lines up to the next one.
pub fn clauses(texts: &[String], lines: &[Line]) -> Vec<Clause> {
    let mut out: Vec<Clause> = Vec::new();
    for (t, line) in texts.iter().zip(lines) {
        let label = ARTICLE.captures(t).map(|c| c[1].to_string()).or_else(|| {
            marker_of(t, ITEM)
                // `（3）5亿元` is a number, not an item.
                .filter(|m| !m.rest.starts_with(|d: char| d.is_ascii_digit()))
                .map(|m| item_label(m.label))
        });
        let original = line.text();
        match (label, out.last_mut()) {
            (Some(label), _) => out.push(Clause {
                label,
                text: original.trim().to_string(),
                lines: (line.first_line(), line.last_line()),
            }),
            (None, Some(_)) if is_signature_line(t) => {}
            (None, Some(last)) => {
                last.text.push_str(original.trim());
                last.lines.1 = line.last_line();
            }
            (None, None) => {}
        }
    }
    out
}

/// An issuer, date or publication note line of the signature block.
fn is_signature_line(t: &str) -> bool {
    let t = t.trim();
    is_org(&signer(t)) || DATE_LINE.is_match(t) || t.starts_with("（此件")
}

/// `一、` → `一`, `（一）` → `（一）`, `1.` → `1`.
fn item_label(marker: &str) -> String {
    let m = marker.trim();
    if m.starts_with(['（', '(']) {
        return m.to_string();
    }
    m.trim_end_matches(|c: char| !c.is_alphanumeric() || c == '、')
        .to_string()
}
