//! A document's genre read from the form of its text: `paper | news | policy | case_list |
//! writeup | commentary | other`. Each genre has a cue lexicon (`data/lexicon/genre_*.txt`:
//! cue, where it must stand, weight); the genre whose matched cues weigh most wins.

pub mod model;

use crate::item::Kind;
use crate::lexicon;
use crate::lexicon::Lexicon;
use crate::policy_doc;
use once_cell::sync::Lazy;
use regex::Regex;

/// Genres in the order that breaks ties.
pub const GENRES: &[&str] = &[
    "policy",
    "paper",
    "news",
    "case_list",
    "writeup",
    "commentary",
];

/// What the cues are matched against.
pub struct Input<'a> {
    pub source_name: &'a str,
    /// The headline or title.
    pub title: &'a str,
    /// The document's lines (folded to simplified script).
    pub lines: &'a [String],
    pub has_abstract: bool,
    pub keywords: usize,
    pub has_doi: bool,
}

/// One cue of a genre lexicon.
#[derive(Debug, Clone)]
pub struct Cue {
    pub genre: &'static str,
    pub cue: String,
    pub place: String,
    pub weight: u32,
    /// A genre with required cues needs one of them to count at all (a paper's apparatus).
    pub required: bool,
}

/// How many first lines count as the head, and last lines as the tail.
const HEAD_LINES: usize = 40;
const TAIL_LINES: usize = 12;

static CUES: Lazy<Vec<Cue>> = Lazy::new(|| {
    let mut out = Vec::new();
    for &g in GENRES {
        for (cue, f) in &cue_lexicon(g).entries {
            out.push(Cue {
                genre: g,
                cue: cue.clone(),
                place: f.first().cloned().unwrap_or_else(|| "any".into()),
                weight: f.get(1).and_then(|w| w.parse().ok()).unwrap_or(1),
                required: f.get(2).is_some_and(|x| x == "required"),
            });
        }
    }
    out
});

fn cue_lexicon(genre: &str) -> &'static Lexicon {
    match genre {
        "policy" => lexicon!("genre_policy"),
        "paper" => lexicon!("genre_paper"),
        "news" => lexicon!("genre_news"),
        "case_list" => lexicon!("genre_case_list"),
        "writeup" => lexicon!("genre_writeup"),
        _ => lexicon!("genre_commentary"),
    }
}

/// Every cue of every genre lexicon.
pub fn cues() -> &'static [Cue] {
    &CUES
}

/// The genre and, per genre (in [`GENRES`] order), the weight of its matched cues.
pub fn classify(input: &Input) -> (String, Vec<u32>) {
    let scores: Vec<u32> = GENRES.iter().map(|g| score(g, input)).collect();
    let best = (0..GENRES.len()).max_by_key(|&i| (scores[i], GENRES.len() - i));
    // A text with no cue at all is read by its words (`model`); it is no paper, which
    // would show its apparatus (abstract, keywords, references).
    let genre = match best.filter(|&i| scores[i] > 0) {
        Some(i) => GENRES[i].to_string(),
        None => model::guess(input.lines, &["paper"])
            .unwrap_or("other")
            .to_string(),
    };
    (genre, scores)
}

/// The weight of a genre's matched cues; none if it has required cues and none matched.
fn score(genre: &str, input: &Input) -> u32 {
    let matched: Vec<&Cue> = cues()
        .iter()
        .filter(|c| c.genre == genre && matches(c, input))
        .collect();
    let needs = cues().iter().any(|c| c.genre == genre && c.required);
    if needs && !matched.iter().any(|c| c.required) {
        return 0;
    }
    matched.iter().map(|c| c.weight).sum()
}

/// Whether one cue holds for the input.
pub fn matches(c: &Cue, input: &Input) -> bool {
    if let Some(form) = c.cue.strip_prefix('@') {
        return has_form(form, input);
    }
    let cue = c.cue.as_str();
    let lines = input.lines;
    let head = &lines[..lines.len().min(HEAD_LINES)];
    let tail = &lines[lines.len().saturating_sub(TAIL_LINES)..];
    match c.place.as_str() {
        "name" => input.source_name.contains(cue),
        "title" => input.title.contains(cue),
        "title_start" => input.title.starts_with(cue),
        "title_label" => title_label(input.title).is_some_and(|l| l.ends_with(cue)),
        "start" => head.iter().any(|l| l.trim_start().starts_with(cue)),
        "head" => head.iter().any(|l| l.contains(cue)),
        "lines" => {
            lines
                .iter()
                .filter(|l| l.trim_start().starts_with(cue))
                .count()
                >= 2
        }
        "tail" => tail.iter().any(|l| l.contains(cue)),
        _ => lines.iter().any(|l| l.contains(cue)),
    }
}

/// The short label a page puts before a bar at the head of its title (`项目｜…`,
/// `万科城市更新案例｜…`): the kind of page it is.
fn title_label(title: &str) -> Option<&str> {
    let (label, rest) = title.split_once(['|', '｜'])?;
    let label = label.trim();
    (!rest.trim().is_empty() && (1..=12).contains(&label.chars().count())).then_some(label)
}

static ARTICLE: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*第[一二三四五六七八九十百零〇\d]{1,5}条").unwrap());
static CHAPTER: Lazy<Regex> =
    Lazy::new(|| Regex::new(r"^\s*第[一二三四五六七八九十百零〇\d]{1,4}章").unwrap());
static REFERENCE: Lazy<Regex> = Lazy::new(|| Regex::new(r"^\s*[\[［]\d{1,3}[\]］]").unwrap());
/// An author's affiliation with its postcode: `（福建农林大学 马克思主义学院，福建 福州 350002）`.
static AFFILIATION: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"^\s*[（(][^）)]*(大学|学院|研究院|研究所|研究中心)[^）)]*\d{6}\s*[）)]\s*$")
        .unwrap()
});
/// Forms read by code (`@name` in a lexicon).
fn has_form(form: &str, input: &Input) -> bool {
    let lines = input.lines;
    let count = |re: &Regex| lines.iter().filter(|l| re.is_match(l)).count();
    match form {
        "article" => count(&ARTICLE) >= 3,
        "chapter" => count(&CHAPTER) >= 2,
        "references" => count(&REFERENCE) >= 3,
        "affiliation" => lines
            .iter()
            .take(HEAD_LINES)
            .any(|l| AFFILIATION.is_match(l)),
        "abstract" => input.has_abstract,
        "keywords" => input.keywords >= 1,
        "doi" => input.has_doi,
        "docno" => lines
            .iter()
            .take(HEAD_LINES)
            .any(|l| policy_doc::number_in(l).is_some()),
        "signature" => policy_doc::signature(lines).is_some(),
        "issuer_title" => policy_doc::issuer_from_title(input.title).is_some(),
        "policy_title" => policy_doc::is_policy_title(input.title),
        "project_list" => project_items(lines) >= 3,
        "timestamp" => lines
            .iter()
            .take(HEAD_LINES)
            .any(|l| crate::text::TIME_STAMP.is_match(l)),
        _ => false,
    }
}

/// The items `project_items` counts: `1.`, `1、`, `（1）`, `(1)`, `（一）`.
const NUMBERED: &[Kind] = &[Kind::Arabic, Kind::ArabicBracketed, Kind::ChineseBracketed];

/// Numbered lines that name a project or site after a place
/// (`1. 北京市朝阳区劲松北社区改造项目`, `（二）上海市徐汇区油罐艺术公园`).
pub fn project_items(lines: &[String]) -> usize {
    let words: Vec<&str> = lexicon!("list_item_word").words().collect();
    lines
        .iter()
        .filter_map(|l| crate::item::marker_of(l, NUMBERED))
        .filter(|m| {
            let item = m.rest;
            let lead: String = item.chars().take(10).collect();
            item.chars().count() <= 60
                && !item.contains('。')
                && lead.contains(['省', '市', '区', '县', '州'])
                && words.iter().any(|w| item.contains(w))
        })
        .count()
}
