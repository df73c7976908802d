//! Places: the GB/T 2260 gazetteer (province → city → county → street), short forms,
//! sub-district units found by pattern (`…社区`, `…村`, `…片区`), anonymised places
//! (`L街道`, `某市`), a short list of foreign places, and disambiguation by the other places
//! named in the same document.

use super::error::KnowledgeError;
use super::matcher::{fold_label, Folded, LabelMatcher};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

const PROVINCES: &str = include_str!("../../data/gazetteer/provinces.csv");
const CITIES: &str = include_str!("../../data/gazetteer/cities.csv");
const AREAS: &str = include_str!("../../data/gazetteer/areas.csv");
const STREETS: &str = include_str!("../../data/gazetteer/streets.csv");
/// Hong Kong, Macao and Taiwan below the province, which GB/T 2260 does not divide.
const SUPPLEMENT: &str = include_str!("../../data/gazetteer/supplement.csv");

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Division {
    pub code: String,
    pub name: String,
    /// province|city|county|street
    pub level: String,
    /// Index of the enclosing division.
    pub parent: Option<usize>,
    /// `市辖区`, `县`, `省直辖县级行政区划`: grouping rows, not places.
    pub placeholder: bool,
    /// From the supplement (Hong Kong, Macao, Taiwan): its short forms need context.
    #[serde(default)]
    pub supplement: bool,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Gazetteer {
    pub divisions: Vec<Division>,
    #[serde(skip)]
    by_code: HashMap<String, usize>,
}

/// Rows of a quoted CSV without commas inside fields (the gazetteer files).
fn rows(csv: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    csv.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|f| f.trim().trim_matches('"').to_string())
                .collect()
        })
}

impl Gazetteer {
    pub fn bundled() -> Result<Gazetteer, KnowledgeError> {
        let mut g = Gazetteer::from_csv(PROVINCES, CITIES, AREAS, STREETS)?;
        g.add_rows(SUPPLEMENT);
        Ok(g)
    }

    /// Divisions from rows of `code,name,parent,level`, each parent listed before its children.
    pub fn add_rows(&mut self, csv: &str) {
        for r in rows(csv).filter(|r| r.len() >= 4) {
            self.push(&r[0], &r[1], &r[3], Some(&r[2]));
            if let Some(d) = self.divisions.last_mut() {
                d.supplement = true;
            }
        }
    }

    fn push(&mut self, code: &str, name: &str, level: &str, parent: Option<&str>) {
        let parent = parent.and_then(|p| self.by_code.get(p).copied());
        let placeholder = matches!(
            name,
            "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划"
        );
        self.by_code.insert(code.to_string(), self.divisions.len());
        self.divisions.push(Division {
            code: code.to_string(),
            name: name.to_string(),
            level: level.to_string(),
            parent,
            placeholder,
            supplement: false,
        });
    }

    /// The four files of `china-division` (code,name,parent codes…).
    pub fn from_csv(
        provinces: &str,
        cities: &str,
        areas: &str,
        streets: &str,
    ) -> Result<Gazetteer, KnowledgeError> {
        let mut g = Gazetteer::default();
        for r in rows(provinces) {
            // 北京市, 上海市, 天津市, 重庆市 are province-level but cities to every reader.
            let level = if r[1].ends_with('市') {
                "city"
            } else {
                "province"
            };
            g.push(&r[0], &r[1], level, None);
        }
        // Not in the source files (GB/T 2260 codes 71, 81, 82).
        for (code, name) in [
            ("71", "台湾省"),
            ("81", "香港特别行政区"),
            ("82", "澳门特别行政区"),
        ] {
            g.push(code, name, "province", None);
        }
        for r in rows(cities) {
            g.push(&r[0], &r[1], "city", r.get(2).map(String::as_str));
        }
        for r in rows(areas) {
            g.push(&r[0], &r[1], "county", r.get(2).map(String::as_str));
        }
        for r in rows(streets) {
            g.push(&r[0], &r[1], "street", r.get(2).map(String::as_str));
        }
        if g.divisions.len() <= 1000 {
            return Err(KnowledgeError::Gazetteer("looks empty"));
        }
        g.get("11")
            .ok_or(KnowledgeError::Gazetteer("has no 北京市 (11)"))?;
        Ok(g)
    }

    pub fn reindex(&mut self) {
        self.by_code = self
            .divisions
            .iter()
            .enumerate()
            .map(|(i, d)| (d.code.clone(), i))
            .collect();
    }

    pub fn get(&self, code: &str) -> Option<&Division> {
        self.by_code.get(code).map(|&i| &self.divisions[i])
    }

    /// Enclosing divisions (indexes), nearest first, grouping rows skipped.
    pub fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut cur = self.divisions[i].parent;
        while let Some(p) = cur {
            if !self.divisions[p].placeholder {
                out.push(p);
            }
            cur = self.divisions[p].parent;
        }
        out
    }

    /// Codes of the enclosing divisions, province first.
    pub fn parents(&self, i: usize) -> Vec<String> {
        let mut v: Vec<String> = self
            .ancestors(i)
            .iter()
            .map(|&a| self.divisions[a].code.clone())
            .collect();
        v.reverse();
        v
    }
}

/// City short forms that are ordinary words (or names of other things) too often.
const SHORT_STOP: &[&str] = &[
    "中山", "中卫", "阿里", "东方", "大同", "长治", "白山", "黄山", "安康", "白银", "普洱", "红河",
    "大理", "海南", "海北", "海西", "海东", "玉树", "和田", "北海", "来宾", "天门", "朝阳", "新乡",
    "日照", "山南", "吉安", "通化", "文山", "金昌", "临夏", "黄南", "果洛", "定西", "平凉", "德宏",
    "迪庆", "怒江", "兴安", "哈密", "鹤壁", "宜春", "永安", "开平", "太平", "新民", "长安", "和平",
    "合作", "城区", "郊区", "矿区", "市中", "城中", "城关", "新城", "城东", "城西", "城南", "城北",
    "河东", "河西", "江北", "江南", "南山", "北山", "青山", "向阳", "红旗", "前进", "胜利", "新华",
    "建设", "光明", "东风", "铁东", "铁西", "高新", "开发", "经开", "新区", "中心", "龙华", "永定",
    "普陀", "宝山", "鼓楼", "西湖", "东湖", "南湖", "北湖", "清河", "白云", "吉利", "安定", "安宁",
    "长宁", "平安", "龙泉", "城阳", "金山", "双桥", "桥东", "桥西", "路北", "路南", "东区", "西区",
    "南区", "北区", "大通", "通州", "复兴", "和顺", "永和", "长寿", "武功", "丰都", "富民", "宜良",
    "榕江", "共和", "公安", "团风", "宁夏", "仙居", "大兴", "新兴", "兴国", "安国", "文明", "和谐",
    "开放", "双流", "金牛", "明光", "通江", "上城", "下城", "城厢",
];

/// County names that are ordinary words.
const COUNTY_STOP: &[&str] = &[
    "城区",
    "郊区",
    "矿区",
    "新城区",
    "市辖区",
    "老城区",
    "新区",
    "高新区",
];

/// County names that read as a phrase too (`城中区域`), but seldom: a district only where its
/// city or county is named in the document (`西宁城中区`), as a short form is.
const COUNTY_GATED: &[&str] = &["市中区", "城中区", "城关区"];

/// A foreign country or union (`英国`, `欧盟`): a setting, not a case by itself.
pub fn is_country(name: &str) -> bool {
    crate::lexicon!("foreign_country").contains(name)
}

const NATIONAL: &[&str] = &["全国", "我国", "中国", "全国各地"];

/// What a matched name may refer to.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaceReading {
    /// A gazetteer division; `gated` ones need a containing place named in the document.
    Division {
        idx: usize,
        gated: bool,
        short: bool,
    },
    Foreign,
    National,
}

#[derive(Debug, Clone)]
pub struct PlaceIndex {
    matcher: LabelMatcher,
    cands: Vec<Vec<PlaceReading>>,
}

/// A place span in one passage before document-level resolution.
#[derive(Debug, Clone)]
pub struct RawPlace {
    pub start: usize,
    pub end: usize,
    pub kind: RawKind,
}

#[derive(Debug, Clone)]
pub enum RawKind {
    Named(Vec<PlaceReading>),
    /// Found by pattern: level (community|village|street|area|anonymous), and whether it
    /// stands alone (no named place or quote mark right before it), which is weak evidence.
    Unit(&'static str, bool),
}

/// A place as resolved in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub name: String,
    pub code: Option<String>,
    pub level: String,
    pub parents: Vec<String>,
}

impl Resolved {
    pub fn key(&self) -> String {
        self.code
            .clone()
            .unwrap_or_else(|| format!("{}:{}", self.level, self.name))
    }
}

fn short_province(name: &str) -> String {
    let mut s = name.to_string();
    for suf in [
        "特别行政区",
        "维吾尔自治区",
        "壮族自治区",
        "回族自治区",
        "自治区",
        "省",
        "市",
    ] {
        if let Some(x) = s.strip_suffix(suf) {
            s = x.to_string();
            break;
        }
    }
    s
}

const ETHNIC: &[&str] = &[
    "朝鲜族",
    "土家族",
    "藏族",
    "羌族",
    "彝族",
    "布依族",
    "苗族",
    "侗族",
    "哈尼族",
    "壮族",
    "傣族",
    "白族",
    "傈僳族",
    "回族",
    "蒙古族",
    "蒙古",
    "哈萨克",
    "柯尔克孜",
    "景颇族",
];

fn short_city(name: &str) -> Option<String> {
    let mut s = name.to_string();
    if let Some(x) = s.strip_suffix("自治州") {
        let cut = ETHNIC
            .iter()
            .filter_map(|e| x.find(e))
            .min()
            .unwrap_or(x.len());
        s = x[..cut].to_string();
    } else {
        for suf in ["地区", "市", "盟"] {
            if let Some(x) = s.strip_suffix(suf) {
                s = x.to_string();
                break;
            }
        }
    }
    (s != name && s.chars().count() >= 2).then_some(s)
}

fn short_county(name: &str) -> Option<String> {
    if name.ends_with("自治县") || name.ends_with("自治旗") {
        let x = &name[..name.len() - "自治县".len()];
        let cut = ETHNIC
            .iter()
            .filter_map(|e| x.find(e))
            .min()
            .unwrap_or(x.len());
        let s = &x[..cut];
        return (s.chars().count() >= 2).then(|| s.to_string());
    }
    for suf in ["新区", "区", "县", "市", "旗"] {
        if let Some(x) = name.strip_suffix(suf) {
            return (x.chars().count() >= 2).then(|| x.to_string());
        }
    }
    None
}

/// The names a division is matched by: (name, gated, short). A province and a city by their
/// full and short names (吉林: the province wins the short form, the city keeps 吉林市); a
/// county by its full name and, gated by context, its short one; a street, town or township
/// by its full name, gated. Below the province a supplement division is gated but for a
/// full name of three characters or more: `新竹` and `桃园` name estates on the mainland.
/// (`东区`, `中区` and the like are left out of the supplement: parts of any town.)
fn division_forms(d: &Division, province_shorts: &HashSet<String>) -> Vec<(String, bool, bool)> {
    let mut forms = base_forms(d, province_shorts);
    if d.supplement {
        for (name, gated, short) in &mut forms {
            *gated |= *short || name.chars().count() < 3;
        }
    }
    forms
}

fn base_forms(d: &Division, province_shorts: &HashSet<String>) -> Vec<(String, bool, bool)> {
    if d.placeholder {
        return Vec::new();
    }
    let stop = |s: &String| SHORT_STOP.contains(&s.as_str());
    let mut out = Vec::new();
    match d.level.as_str() {
        _ if d.parent.is_none() => {
            out.push((d.name.clone(), false, false));
            let s = short_province(&d.name);
            if s.chars().count() >= 2 {
                out.push((s, false, true));
            }
        }
        "city" => {
            out.push((d.name.clone(), false, false));
            if let Some(s) =
                short_city(&d.name).filter(|s| !stop(s) && !province_shorts.contains(s))
            {
                out.push((s, false, true));
            }
        }
        "county" => {
            if COUNTY_STOP.contains(&d.name.as_str()) || d.name.chars().count() < 2 {
                return out;
            }
            out.push((
                d.name.clone(),
                COUNTY_GATED.contains(&d.name.as_str()),
                false,
            ));
            if let Some(s) = short_county(&d.name).filter(|s| !stop(s)) {
                out.push((s, true, true));
            }
        }
        _ => {
            let unit = d.name.ends_with("街道") || d.name.ends_with('镇') || d.name.ends_with('乡');
            if d.name.chars().count() >= 3 && unit {
                out.push((d.name.clone(), true, false));
            }
        }
    }
    out
}

impl PlaceIndex {
    pub fn new(g: &Gazetteer) -> Result<PlaceIndex, KnowledgeError> {
        let mut by: BTreeMap<String, Vec<PlaceReading>> = BTreeMap::new();
        let mut add = |name: &str, c: PlaceReading| {
            let v = by.entry(fold_label(name)).or_default();
            if !v.contains(&c) {
                v.push(c);
            }
        };
        let province_shorts: HashSet<String> = g
            .divisions
            .iter()
            .filter(|d| d.parent.is_none())
            .map(|d| short_province(&d.name))
            .collect();
        for (idx, d) in g.divisions.iter().enumerate() {
            for (name, gated, short) in division_forms(d, &province_shorts) {
                add(&name, PlaceReading::Division { idx, gated, short });
            }
        }
        let foreign = crate::lexicon!("foreign_country").words();
        for f in foreign.chain(crate::lexicon!("foreign_city").words()) {
            add(f, PlaceReading::Foreign);
        }
        for n in NATIONAL {
            add(n, PlaceReading::National);
        }
        let (patterns, cands): (Vec<String>, Vec<Vec<PlaceReading>>) = by.into_iter().unzip();
        Ok(PlaceIndex {
            matcher: LabelMatcher::new(&patterns)?,
            cands,
        })
    }

    /// Gazetteer names, foreign places, units and anonymised places in one text.
    pub fn find_raw(&self, text: &str, folded: &Folded) -> Vec<RawPlace> {
        self.find_with_press(text, folded).0
    }

    /// `find_raw`, and the readings of the places that name a newspaper (`平顶山日报`,
    /// `扬州晚报`): no mention of a place, but where a news report comes from, so context for
    /// the names it holds. One pass of the matcher for both.
    pub fn find_with_press(
        &self,
        text: &str,
        folded: &Folded,
    ) -> (Vec<RawPlace>, Vec<Vec<PlaceReading>>) {
        let chars: Vec<char> = text.chars().collect();
        let hits = self.matcher.find(folded);
        let press = hits
            .iter()
            .filter(|h| {
                let next: String = chars[h.end.min(chars.len())..].iter().take(2).collect();
                PRESS.contains(&next.as_str())
            })
            .map(|h| self.cands[h.pattern].clone())
            .collect();
        let mut out: Vec<RawPlace> = hits
            .into_iter()
            .filter(|h| !followed_by_nonplace(&chars, h.end))
            .map(|h| RawPlace {
                start: h.start,
                end: h.end,
                kind: RawKind::Named(self.cands[h.pattern].clone()),
            })
            .collect();
        let named: Vec<(usize, usize)> = out.iter().map(|r| (r.start, r.end)).collect();
        for (s, e, level) in super::units::units(&chars, &named) {
            let anchored = level == "anonymous"
                || named.iter().any(|&(_, ne)| ne == s)
                || (s > 0 && chars[s - 1] == '“');
            // A unit that contains a gazetteer street (狮山街道) replaces it only if longer.
            out.retain(|r| !(r.start >= s && r.end <= e && (r.start, r.end) != (s, e)));
            if !out.iter().any(|r| r.start < e && s < r.end) {
                out.push(RawPlace {
                    start: s,
                    end: e,
                    kind: RawKind::Unit(level, !anchored),
                });
            }
        }
        out.sort_by_key(|r| (r.start, r.end));
        (out, press)
    }
}

/// `中山大学`, `南京路`: a city name used as part of another name.
fn followed_by_nonplace(chars: &[char], end: usize) -> bool {
    let next: String = chars[end.min(chars.len())..].iter().take(2).collect();
    ["大学", "路", "大道", "街", "银行", "卫视", "号"]
        .iter()
        .chain(PRESS.iter())
        .any(|w| next.starts_with(w) && !next.starts_with("街道"))
}

/// The words of a newspaper's name after its city.
const PRESS: [&str; 2] = ["日报", "晚报"];

/// A document's context: divisions named without ambiguity (a newspaper's city too), and
/// everything that encloses them.
pub fn context(
    g: &Gazetteer,
    raw: &[(usize, RawPlace)],
    press: &[Vec<PlaceReading>],
) -> HashSet<usize> {
    let mut context: HashSet<usize> = HashSet::new();
    let named = raw.iter().filter_map(|(_, r)| match &r.kind {
        RawKind::Named(c) => Some(c),
        RawKind::Unit(..) => None,
    });
    for c in named.chain(press.iter()) {
        let divs: Vec<usize> = c
            .iter()
            .filter_map(|c| match c {
                PlaceReading::Division {
                    idx, gated: false, ..
                } => Some(*idx),
                _ => None,
            })
            .collect();
        if divs.len() == 1 && c.len() == 1 {
            context.insert(divs[0]);
            context.extend(g.ancestors(divs[0]));
        }
    }
    context
}

/// Resolve the raw places of one document within its `context`. `raw` holds (passage, place)
/// pairs; the result has one entry per raw place (None when it is dropped: a gated name
/// without context). A name read alone (`labels::places_in_name_within`) passes its
/// document's context.
pub fn resolve(
    g: &Gazetteer,
    raw: &[(usize, RawPlace)],
    context: &HashSet<usize>,
    chars: &[Vec<char>],
) -> Vec<Option<Resolved>> {
    raw.iter()
        .map(|(p, r)| match &r.kind {
            RawKind::Unit(level, _) => {
                let name: String = chars[*p][r.start..r.end]
                    .iter()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                Some(Resolved {
                    name,
                    code: None,
                    level: level.to_string(),
                    parents: Vec::new(),
                })
            }
            RawKind::Named(cands) => pick(g, cands, context).map(|c| match c {
                PlaceReading::Division { idx, .. } => {
                    let d = &g.divisions[idx];
                    Resolved {
                        name: d.name.clone(),
                        code: Some(d.code.clone()),
                        level: d.level.clone(),
                        parents: g.parents(idx),
                    }
                }
                other => Resolved {
                    name: chars[*p][r.start..r.end]
                        .iter()
                        .filter(|c| !c.is_whitespace())
                        .collect(),
                    code: None,
                    level: if other == PlaceReading::National {
                        "national"
                    } else {
                        "foreign"
                    }
                    .to_string(),
                    parents: Vec::new(),
                },
            }),
        })
        .collect()
}

fn pick(g: &Gazetteer, cands: &[PlaceReading], context: &HashSet<usize>) -> Option<PlaceReading> {
    let score = |idx: usize| {
        g.ancestors(idx)
            .iter()
            .filter(|a| context.contains(a))
            .count()
    };
    let mut best: Option<(usize, usize, PlaceReading)> = None;
    for (order, c) in cands.iter().enumerate() {
        let s = match c {
            PlaceReading::Division { idx, gated, short } => {
                let s = score(*idx);
                // A gated name needs its city or county in context, a province is not enough.
                if *gated
                    && !g
                        .ancestors(*idx)
                        .iter()
                        .any(|a| context.contains(a) && g.divisions[*a].level != "province")
                {
                    continue;
                }
                // Prefer higher levels for the same short form (吉林 the province).
                let rank = match g.divisions[*idx].level.as_str() {
                    "province" => 3,
                    "city" => 2,
                    "county" => 1,
                    _ => 0,
                };
                s * 10 + rank + usize::from(!short)
            }
            _ => 1,
        };
        if best
            .as_ref()
            .is_none_or(|(b, o, _)| s > *b || (s == *b && order < *o))
        {
            best = Some((s, order, c.clone()));
        }
    }
    best.map(|(_, _, c)| c)
}
