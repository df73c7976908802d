//! Policies: titled documents (`《…》` with a policy word), Party congresses and plenums,
//! central work conferences, five-year plans, named programmes (`“东数西算”工程`), national
//! strategies, document numbers (`建科〔2023〕30号`) and policy entries of the reference
//! list. Each gets a key that is the same whichever document mentions it.

use super::doc::DocView;
use super::model::{Evidence, Policy, MAX_EVIDENCE};
use crate::text::match_key;
use once_cell::sync::Lazy;
use regex::Regex;
use std::collections::BTreeMap;

/// A policy found at a char span of a passage (`passage` = None: a reference entry).
struct Found {
    key: String,
    name: String,
    year: Option<String>,
    number: Option<String>,
    evidence: Evidence,
}

const CN_NUM: &str = "一二三四五六七八九十";

static POLICY_WORD: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(意见|通知|办法|规定|决定|方案|规划|纲要|计划|条例|法|法案|指南|标准|白皮书|报告|战略|细则|措施|建议|宪章|清单|要点|任务|规范|责任令|指引|导则|公报|体系|[一二三四五六七八九十百\d]+条)(（[^）]*）|\([^)]*\))?[〉>]?$").unwrap()
});
/// Journals, newspapers and books share the brackets.
static NOT_POLICY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[：:]|——|^(?:评|论|浅析|试论|略论)|学报|研究$|论丛|学刊|评论$|日报|晚报|杂志|年鉴|科学$|管理$|问题$|手册|口袋书").unwrap()
});
static CONGRESS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:党的|中共|中国共产党)?(十[一二三四五六七八九]|二十)大(?:报告)?").unwrap()
});
static PLENUM: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:党的|中共)?(十[一二三四五六七八九]|二十)届([一二三四五六七八九])中全会")
        .unwrap()
});
static NPC: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"(十[一二三四五六七八九]?|[一二三四五六七八九])届全国人大([一二三四五六七八九])次会议",
    )
    .unwrap()
});
static WORK_CONF: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"中央(城市|经济|农村|城镇化|网络安全和信息化|财经|人才|统战|扶贫开发|全面深化改革)工作会议").unwrap()
});
static REFORM_COMMISSION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"中央全面深化改革(?:委员会|领导小组)第([一二三四五六七八九十]+)次会议").unwrap()
});
static LOCAL_CONGRESS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"中国共产党([\p{Han}]{2,8}?)第([一二三四五六七八九十]+)次代表大会").unwrap()
});
static FYP: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"“十([一二三四五六])五”(?:规划|纲要|时期)|国民经济和社会发展第(十[一二三四五]|[一二三四五六七八九])个五年规划").unwrap()
});
/// Quoted names of policies, programmes, pilots and events.
static QUOTED_POLICY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"“([^“”。；、]{2,40}?(?:清单|规划|纲要|计划|方案|意见|办法|条例|战略|工程|试验区|实验区|示范区|指标体系|论坛|研讨会|座谈会|峰会|博览会|大会))”").unwrap()
});
/// Government reform slogans quoted in the text.
static REFORM: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"“((?:互联网\s*\+\s*[\p{Han}]{2,6}|一网[\p{Han}]{2}|一次[\p{Han}]{2}|一窗[\p{Han}]{2}|一件事[\p{Han}]{0,4}|最多跑一次|掌上[\p{Han}]{2}|不见面[\p{Han}]{0,2}|放管服|证照分离|多规合一|接诉即办|街乡吹哨、部门报到))”").unwrap()
});
/// Unquoted plans: `城市精细化管理三年行动计划`, trimmed on the left at a verb or particle.
static PLAN: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[\p{Han}]{2,16}?(?:三年行动计划|行动计划|行动纲要|实施方案|专项规划|总体规划)")
        .unwrap()
});
static PLAN_LEFT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^.*(?:实施|印发|出台|发布|制定|颁布|根据|依据|按照|提出|通过|谋划|编制|落实|推进|启动|开展|构建|建立|形成|提升|加快|完善|已|的|了|在|和|与|及|是|为|将|让|使|把|对)").unwrap()
});
static INSPECTION: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"习近平(?:总书记)?在([\p{Han}]{2,6}?)(?:考察|调研|视察)").unwrap());
static NATIONAL_PLATFORM: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"全国一体化[\p{Han}]{2,10}?(?:平台|体系)(?:建设)?").unwrap());
static PILOT: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:国家|省级)[\p{Han}“”+\s]{2,20}?试点(?:县|城市|市|区|地区)?").unwrap()
});
/// `“政企协作”的数据授权运营体系`: a named system of rules.
static QUOTED_SYSTEM: Lazy<Regex> = Lazy::new(|| {
    Regex::new(
        r"“([^“”、，。]{2,12})”(?:为主轴|为核心|为基础|为主线|为引领)?的[\p{Han}]{2,10}?体系",
    )
    .unwrap()
});
/// `满足国家互联网医院政策要求`: a national policy area named in passing.
static NATIONAL_POLICY: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"国家([\p{Han}]{2,8}?)政策").unwrap());
/// Unquoted programmes (`信息进村入户工程`), trimmed like plans.
static PROJECT: Lazy<Regex> = Lazy::new(|| Regex::new(r"[\p{Han}]{2,10}?工程").unwrap());
static PROGRAMME: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"“([^“”]{2,16})”(?:([\p{Han}]{0,8}?)(工程|战略|专项行动|行动计划|行动|改革|试点|规划|示范行动)|(等|和)?(?:一系列|系列)?(政策|文件))").unwrap()
});
static STRATEGY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(数字中国|网络强国|乡村振兴|创新驱动发展|新型城镇化|区域协调发展|可持续发展|制造强国|科技强国|质量强国|交通强国|健康中国|国家大数据|数字乡村|人才强国|文化强国|科教兴国|东数西算|城市更新|宽带中国|智慧社会)战略").unwrap()
});
static CENTRAL_DOC1: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"(?:(\d{4})\s*年\s*)?“?中央一号文件").unwrap());
static CENSUS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"第([一二三四五六七八九十]+)次(?:全国)?(人口|经济|农业)普查").unwrap()
});
static DOC_NUMBER: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"[\p{Han}]{1,8}[〔\[［(（]\s*((?:19|20)\d{2})\s*[〕\]］)）]\s*\d{1,4}\s*号")
        .unwrap()
});
static YEAR: Lazy<Regex> = Lazy::new(|| Regex::new(r"((?:19|20)\d{2})\s*年?").unwrap());
static REF_POLICY: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:^|[.．\]］])\s*([^\[\].．]{4,60}?(?:意见|通知|办法|规划|纲要|计划|条例|决定|方案|标准|指南|白皮书|统计报告|规定|任务|体系)(?:（[^）]{0,16}）|\([^)]{0,16}\))?)\s*\[\s*(?:E\s*B\s*/\s*O\s*L|Z|S|N)\s*\]").unwrap()
});
static REF_NUMBER: Lazy<Regex> = Lazy::new(|| Regex::new(r"^[\[［]\s*\d+\s*[\]］]").unwrap());
/// Derogatory idioms in quotes, not programmes.
const IDIOMS: &[&str] = &["面子", "政绩", "形象", "系统", "民心", "样板"];

fn cn_number(s: &str) -> u32 {
    let d = |c: char| CN_NUM.find(c).map_or(0, |i| (i / 3) as u32 + 1);
    let cs: Vec<char> = s.chars().collect();
    match cs.as_slice() {
        [a] => d(*a),
        ['十', b] => 10 + d(*b),
        [a, '十'] => d(*a) * 10,
        [a, '十', b] => d(*a) * 10 + d(*b),
        _ => 0,
    }
}

/// The document a `关于印发〈X〉的通知` wraps, and the part after the issuer (`关于…`).
fn title_core(title: &str) -> String {
    static WRAP: Lazy<Regex> =
        Lazy::new(|| Regex::new(r"关于印发[〈<]?(.+?)[〉>]?(?:的通知|$)").unwrap());
    static YEARS: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"[（(]\s*\d{4}\s*[—\-－~～至]*\s*(\d{4})?\s*年?\s*[）)]").unwrap()
    });
    let mut t = title.to_string();
    if let Some(c) = WRAP.captures(&t) {
        t = c[1].to_string();
    }
    if let Some(i) = t.find("关于") {
        if t[..i].chars().count() <= 20 {
            t = t[i..].to_string();
        }
    }
    YEARS.replace_all(&t, "").to_string()
}

/// Key for a titled policy: five-year plans share one key however they are named.
fn title_key(title: &str) -> String {
    if let Some(c) = FYP.captures(title) {
        return fyp_key(&c);
    }
    format!("doc:{}", match_key(&title_core(title)))
}

fn fyp_key(c: &regex::Captures) -> String {
    let n = c
        .get(1)
        .map_or_else(|| cn_number(&c[2]), |m| 10 + cn_number(m.as_str()));
    format!("fyp-{n}")
}

/// Year written next to a span (same clause), or inside the name.
fn year_near(chars: &[char], a: usize, b: usize, name: &str) -> Option<String> {
    if let Some(m) = YEAR.captures(name) {
        return Some(m[1].to_string());
    }
    let clause = |c: &char| matches!(c, '，' | '。' | '；' | '、' | ',' | ';');
    let mut lo = a;
    while lo > 0 && a - lo < 12 && !clause(&chars[lo - 1]) {
        lo -= 1;
    }
    let mut hi = b;
    while hi < chars.len() && hi - b < 12 && !clause(&chars[hi]) {
        hi += 1;
    }
    let before: String = chars[lo..a].iter().collect();
    let after: String = chars[b..hi].iter().collect();
    let last_before = YEAR.captures_iter(&before).last().map(|c| c[1].to_string());
    last_before.or_else(|| {
        YEAR.captures(&after)
            .filter(|c| after[..c.get(0).unwrap().start()].chars().count() <= 2)
            .map(|c| c[1].to_string())
    })
}

/// One passage as the policy cues read it, and what they found in it.
struct Scan<'v, 't> {
    view: &'v DocView<'v>,
    p: usize,
    chars: &'v [char],
    text: &'t str,
    found: Vec<Found>,
}

impl Scan<'_, '_> {
    fn to_char(&self, b: usize) -> usize {
        self.text[..b].chars().count()
    }

    /// A policy named by a whole regex match.
    fn push_match(&mut self, key: String, m: &regex::Match) {
        let (a, b) = (self.to_char(m.start()), self.to_char(m.end()));
        self.push(key, m.as_str(), a, b, None);
    }

    /// A policy named at chars `a..b` (dropped inside a running header).
    fn push(&mut self, key: String, name: &str, a: usize, b: usize, number: Option<String>) {
        if self.view.masked[self.p][a..b].iter().any(|&m| m) {
            return;
        }
        let name: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        self.found.push(Found {
            year: year_near(self.chars, a, b, &name),
            key,
            name,
            number,
            evidence: self.view.evidence(self.p, a, b),
        });
    }
}

pub fn find(view: &DocView) -> Vec<Policy> {
    let mut found: Vec<Found> = Vec::new();
    for (p, chars) in view.chars.iter().enumerate() {
        let text: String = chars.iter().collect();
        let mut sc = Scan {
            view,
            p,
            chars,
            text: &text,
            found: Vec::new(),
        };
        titles(&mut sc);
        named_documents(&mut sc);
        programmes(&mut sc);
        meetings(&mut sc);
        plans_and_strategies(&mut sc);
        numbered_documents(&mut sc);
        found.append(&mut sc.found);
    }
    reference_policies(view, &mut found);
    merge(found)
}

/// `《…》` titles (one cut by a passage boundary continues in the next passage) and `〈…〉`
/// titles whose `《` was lost.
fn titles(sc: &mut Scan) {
    // A title cut by a passage boundary continues in the next passage.
    let mut ext = sc.text.to_string();
    if inside_title(sc.text, sc.text.len()) {
        if let Some(next) = sc.view.chars.get(sc.p + 1) {
            ext.extend(next.iter().take(60));
        }
    }
    let n = sc.chars.len();
    for (i, _) in sc.text.match_indices('《') {
        let rest = &ext[i + '《'.len_utf8()..];
        let close = rest
            .find('》')
            .filter(|&c| rest[..c].chars().count() <= 90 && !rest[..c].contains('《'));
        let content: String = match close {
            Some(c) => rest[..c].to_string(),
            None => rest.chars().take_while(|&c| c != '《').take(60).collect(),
        };
        let Some(title) = policy_title(&content, close.is_some()) else {
            continue;
        };
        let a = sc.to_char(i);
        let b = close
            .map_or(a + 1 + title.chars().count(), |c| {
                a + 2 + rest[..c].chars().count()
            })
            .min(n);
        sc.push(title_key(&title), &format!("《{title}》"), a, b, None);
    }
    // `〈…〉` titles whose `《` was lost.
    for (i, _) in sc.text.match_indices('〈') {
        if inside_title(sc.text, i) {
            continue;
        }
        let rest = &sc.text[i + '〈'.len_utf8()..];
        if let Some(c) = rest.find('〉').filter(|&c| rest[..c].chars().count() <= 60) {
            if let Some(t) = policy_title(&rest[..c], true) {
                let a = sc.to_char(i);
                sc.push(
                    title_key(&t),
                    &format!("《{t}》"),
                    a,
                    a + 2 + rest[..c].chars().count(),
                    None,
                );
            }
        }
    }
}

/// Quoted policy and system names, reforms, plans and national policy areas.
fn named_documents(sc: &mut Scan) {
    for c in QUOTED_POLICY.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        if inside_title(sc.text, m.start()) || FYP.is_match(m.as_str()) {
            continue;
        }
        if IDIOMS.iter().any(|i| c[1].starts_with(i)) {
            continue;
        }
        let key = if c[1].ends_with("战略") {
            strategy_key(&c[1])
        } else {
            format!("doc:{}", match_key(&title_core(&c[1])))
        };
        sc.push_match(key, &m);
    }
    for c in QUOTED_SYSTEM.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        sc.push(
            format!("system:{}", match_key(m.as_str())),
            m.as_str(),
            sc.to_char(m.start()),
            sc.to_char(m.end()),
            None,
        );
    }
    for c in REFORM.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        if inside_title(sc.text, m.start()) {
            continue;
        }
        sc.push_match(format!("reform:{}", match_key(&c[1])), &m);
    }
    for m in PLAN.find_iter(sc.text) {
        if inside_title(sc.text, m.start()) || sc.text[m.end()..].starts_with('”') {
            continue;
        }
        let name = PLAN_LEFT.replace(m.as_str(), "").to_string();
        if name.chars().count() < 6 {
            continue;
        }
        let e = sc.to_char(m.end());
        let a = e - name.chars().count();
        sc.push(format!("doc:{}", match_key(&name)), &name, a, e, None);
    }
    for c in NATIONAL_POLICY.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        let verbish = [
            "的",
            "相关",
            "层面",
            "必须",
            "应",
            "要",
            "加强",
            "出台",
            "制定",
            "发布",
            "有关",
            "各项",
            "一系列",
        ];
        if !verbish.iter().any(|v| c[1].contains(v)) {
            sc.push_match(format!("policy-area:{}", match_key(&c[1])), &m);
        }
    }
}

/// Named engineering programmes, inspections, national platforms and pilots.
fn programmes(sc: &mut Scan) {
    for m in PROJECT.find_iter(sc.text) {
        if inside_title(sc.text, m.start())
            || sc.text[m.end()..].starts_with('”')
            || sc.text[..m.start()].ends_with('“')
        {
            continue;
        }
        let name = PLAN_LEFT.replace(m.as_str(), "").to_string();
        let stem = name.trim_end_matches("工程");
        let generic = [
            "系统", "性", "面子", "政绩", "形象", "民心", "危大", "建设", "重大", "重点", "基础",
            "改造", "示范", "研究", "课题", "基金", "项目", "技术", "方式", "内容",
        ];
        if stem.chars().count() < 4 || generic.iter().any(|g| stem.contains(g)) {
            continue;
        }
        let e = sc.to_char(m.end());
        sc.push(
            format!("prog:{}", match_key(&name)),
            &name,
            e - name.chars().count(),
            e,
            None,
        );
    }
    for c in INSPECTION.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        sc.push_match(format!("inspection:{}", &c[1]), &m);
    }
    for m in NATIONAL_PLATFORM.find_iter(sc.text) {
        let name = m.as_str().trim_end_matches("建设");
        sc.push_match(format!("prog:{}", match_key(name)), &m);
    }
    for m in PILOT.find_iter(sc.text) {
        sc.push(
            format!("pilot:{}", match_key(m.as_str())),
            m.as_str(),
            sc.to_char(m.start()),
            sc.to_char(m.end()),
            None,
        );
    }
}

/// Party congresses and plenums, people's congresses, work conferences.
fn meetings(sc: &mut Scan) {
    for c in CONGRESS.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        // `十九大` alone is also an ordinal in lists; require a Party prefix or 报告.
        if !(m.as_str().starts_with("党的")
            || m.as_str().starts_with('中')
            || m.as_str().ends_with("报告"))
        {
            continue;
        }
        let key = format!("cpc-congress-{}", cn_number(&c[1]));
        sc.push_match(key, &m);
    }
    for c in PLENUM.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        let key = format!("cpc-plenum-{}-{}", cn_number(&c[1]), cn_number(&c[2]));
        sc.push_match(key, &m);
    }
    for c in NPC.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        let key = format!("npc-{}-{}", cn_number(&c[1]), cn_number(&c[2]));
        sc.push_match(key, &m);
    }
    for m in WORK_CONF.find_iter(sc.text) {
        sc.push_match(format!("conf:{}", m.as_str()), &m);
    }
    for c in REFORM_COMMISSION.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        let key = format!("cdrc-{}", cn_number(&c[1]));
        sc.push_match(key, &m);
    }
    for c in LOCAL_CONGRESS.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        let key = format!("party-congress:{}-{}", &c[1], cn_number(&c[2]));
        sc.push_match(key, &m);
    }
}

/// Five-year plans, quoted programmes and national strategies.
fn plans_and_strategies(sc: &mut Scan) {
    for c in FYP.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        // Inside a 《…》 title the title itself is the policy.
        if inside_title(sc.text, m.start()) {
            continue;
        }
        sc.push_match(fyp_key(&c), &m);
    }
    for c in PROGRAMME.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        // Words between the quote and `工程/战略` may qualify it (`“互联网+”现代农业示范行动`),
        // but not start a new clause (`“数智”作为战略`, `“快进键”随着城市更新行动`).
        let between = c.get(2).map_or("", |g| g.as_str());
        let clause = [
            "作为", "成为", "随着", "是", "为", "在", "的", "对", "让", "把", "将",
        ];
        if IDIOMS.iter().any(|i| c[1].starts_with(i))
            || inside_title(sc.text, m.start())
            || FYP.is_match(m.as_str())
            || clause.iter().any(|w| between.contains(w))
        {
            continue;
        }
        let key = if m.as_str().ends_with("战略") {
            strategy_key(m.as_str())
        } else {
            format!("prog:{}", match_key(m.as_str()))
        };
        sc.push_match(key, &m);
    }
    for m in STRATEGY.find_iter(sc.text) {
        if inside_title(sc.text, m.start()) {
            continue;
        }
        sc.push_match(strategy_key(m.as_str()), &m);
    }
}

/// Central document no. 1, censuses and document numbers (文号).
fn numbered_documents(sc: &mut Scan) {
    for c in CENTRAL_DOC1.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        let key = c.get(1).map_or("central-doc-1".to_string(), |y| {
            format!("central-doc-1-{}", y.as_str())
        });
        sc.push_match(key, &m);
    }
    for c in CENSUS.captures_iter(sc.text) {
        let m = c.get(0).unwrap();
        let key = format!("census-{}-{}", &c[2], cn_number(&c[1]));
        sc.push_match(key, &m);
    }
    for m in DOC_NUMBER.find_iter(sc.text) {
        let num: String = m.as_str().chars().filter(|c| !c.is_whitespace()).collect();
        let key = format!("docno:{}", match_key(&num));
        sc.push(
            key,
            &num,
            sc.to_char(m.start()),
            sc.to_char(m.end()),
            Some(num.clone()),
        );
    }
}

/// The reference list cites policies too: `标题[EB/OL]`, `《…》` and quoted names.
fn reference_policies(view: &DocView, found: &mut Vec<Found>) {
    for (i, r) in view.doc.references.iter().enumerate() {
        let mut hits: Vec<(String, String, usize, usize)> = Vec::new();
        let to_char = |b: usize| r.text[..b].chars().count();
        for c in REF_POLICY.captures_iter(&r.text) {
            let t: String = c[1].chars().filter(|c| !c.is_whitespace()).collect();
            let t = REF_NUMBER.replace(&t, "").to_string();
            if NOT_POLICY.is_match(&t) || t.chars().count() < 4 {
                continue;
            }
            let g = c.get(1).unwrap();
            hits.push((title_key(&t), t, to_char(g.start()), to_char(g.end())));
        }
        for (bi, _) in r.text.match_indices('《') {
            let rest = &r.text[bi + '《'.len_utf8()..];
            if let Some(t) = rest
                .find('》')
                .and_then(|c| policy_title(&rest[..c], true).map(|t| (t, c)))
            {
                let (t, c) = t;
                hits.push((
                    title_key(&t),
                    format!("《{t}》"),
                    to_char(bi),
                    to_char(bi) + 2 + rest[..c].chars().count(),
                ));
            }
        }
        for c in QUOTED_POLICY.captures_iter(&r.text) {
            let m = c.get(0).unwrap();
            if !IDIOMS.iter().any(|i| c[1].starts_with(i)) {
                hits.push((
                    format!("doc:{}", match_key(&title_core(&c[1]))),
                    m.as_str().to_string(),
                    to_char(m.start()),
                    to_char(m.end()),
                ));
            }
        }
        for (key, name, a, b) in hits {
            found.push(Found {
                key,
                year: YEAR.captures(&name).map(|c| c[1].to_string()),
                name,
                number: None,
                evidence: Evidence {
                    passage: format!("{}-r{}", view.doc.id, i),
                    start: a as u32,
                    end: b as u32,
                    lines: r.lines,
                    text: r.text.clone(),
                },
            });
        }
    }
}

/// The policy title inside `《…》` (closed or not): clean titles as they are; a title cut
/// through by the other column of a two-column page up to its first policy word, or kept
/// whole when it still ends in one.
fn policy_title(content: &str, closed: bool) -> Option<String> {
    static CUT: Lazy<Regex> = Lazy::new(|| {
        Regex::new(r"(意见|通知|办法|规定|决定|方案|规划|纲要|计划|条例|法案|指南|标准|白皮书|报告|细则|措施|清单|要点|任务|规范)(（[^）]{0,12}）|\([^)]{0,12}\))?").unwrap()
    });
    let t: String = content.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.trim_matches(|c| c == '〈' || c == '〉').to_string();
    let clean = !t.contains(['，', '。', '；']);
    if closed && clean && POLICY_WORD.is_match(&t) && !NOT_POLICY.is_match(&t) {
        return Some(t);
    }
    let cut = CUT.find(&t).map(|m| t[..m.end()].to_string());
    if let Some(c) = cut.filter(|c| {
        !c.contains(['，', '。', '；']) && c.chars().count() >= 6 && !NOT_POLICY.is_match(c)
    }) {
        return Some(c);
    }
    let garbled_ok = closed
        && !t.contains('。')
        && t.chars().count() <= 80
        && POLICY_WORD.is_match(&t)
        && !NOT_POLICY.is_match(&t);
    garbled_ok.then_some(t)
}

/// One key per national strategy however it is quoted (`“数字乡村”战略`, `实施数字乡村战略`).
fn strategy_key(name: &str) -> String {
    let k = match_key(name);
    let k = k
        .trim_start_matches("实施")
        .trim_start_matches("推进")
        .trim_start_matches("落实");
    format!("strategy:{k}")
}

fn inside_title(text: &str, at: usize) -> bool {
    let before = &text[..at];
    match (before.rfind('《'), before.rfind('》')) {
        (Some(o), Some(c)) => o > c,
        (Some(_), None) => true,
        _ => false,
    }
}

/// One policy per key; a document number written next to a title goes to that title.
fn merge(found: Vec<Found>) -> Vec<Policy> {
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    let mut out: Vec<Policy> = Vec::new();
    let numbers: Vec<(String, u32, String)> = found
        .iter()
        .filter_map(|f| {
            f.number
                .clone()
                .map(|n| (f.evidence.passage.clone(), f.evidence.start, n))
        })
        .collect();
    for f in found {
        let number = f.number.clone().or_else(|| {
            numbers
                .iter()
                .find(|(p, s, _)| *p == f.evidence.passage && s.abs_diff(f.evidence.end) <= 4)
                .map(|(_, _, n)| n.clone())
        });
        let i = *by.entry(f.key.clone()).or_insert_with(|| {
            out.push(Policy {
                key: f.key.clone(),
                name: f.name.clone(),
                ..Policy::default()
            });
            out.len() - 1
        });
        let p = &mut out[i];
        if p.year.is_none() {
            p.year = f.year;
        }
        if p.number.is_none() {
            p.number = number;
        }
        // A body mention beats a reference entry as the evidence shown first.
        if p.evidence.len() < MAX_EVIDENCE {
            p.evidence.push(f.evidence);
        }
    }
    // Numbers that belong to a titled policy are not policies of their own.
    let titled: Vec<String> = out
        .iter()
        .filter(|p| !p.key.starts_with("docno:"))
        .filter_map(|p| p.number.clone())
        .collect();
    out.retain(|p| !(p.key.starts_with("docno:") && titled.contains(&p.name)));
    // A title garbled by the other column (`…，…`) that ends like a clean one is that one.
    let clean: Vec<(String, usize)> = out
        .iter()
        .enumerate()
        .filter(|(_, p)| p.key.starts_with("doc:") && !p.name.contains('，'))
        .map(|(i, p)| (p.key[4..].to_string(), i))
        .collect();
    let mut absorbed: Vec<(usize, usize)> = Vec::new();
    for (i, p) in out.iter().enumerate() {
        if !p.name.contains('，') || !p.key.starts_with("doc:") {
            continue;
        }
        let k = &p.key[4..];
        let tail = |s: &str| s.chars().rev().take(8).collect::<String>();
        if let Some(&(_, j)) = clean
            .iter()
            .find(|(c, _)| c.chars().count() >= 8 && tail(c) == tail(k))
        {
            absorbed.push((i, j));
        }
    }
    for &(i, j) in absorbed.iter().rev() {
        let ev = std::mem::take(&mut out[i].evidence);
        out[j].evidence.extend(ev);
        out[j].evidence.truncate(MAX_EVIDENCE);
    }
    let gone: Vec<usize> = absorbed.iter().map(|&(i, _)| i).collect();
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !gone.contains(&(k - 1))
    });
    out
}
