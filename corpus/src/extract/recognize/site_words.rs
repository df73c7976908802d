//! The site-word lexicons (`data/lexicon/site_*.txt`) and the tests on characters around a
//! site name that the recognisers and the name filter share.

use crate::lexicon;
use aho_corasick::{AhoCorasick, MatchKind};
use once_cell::sync::Lazy;

/// How far after the name a renewal word may start (chars).
const ACTION_WINDOW: usize = 10;

pub(super) struct Lists {
    pub(super) suffixes: AhoCorasick,
    pub(super) suffix_words: Vec<(Vec<char>, bool)>,
    pub(super) actions: Vec<Vec<char>>,
    pub(super) stem_stop: Vec<Vec<char>>,
    pub(super) left_stop: Vec<Vec<char>>,
    pub(super) blocked: Vec<Vec<char>>,
    pub(super) intro: Vec<Vec<char>>,
}

pub(super) static LISTS: Lazy<Lists> = Lazy::new(|| {
    let chars = |w: &str| w.chars().collect::<Vec<char>>();
    let sfx = lexicon!("site_suffix");
    let suffix_words: Vec<(Vec<char>, bool)> = sfx
        .entries
        .iter()
        .map(|(w, f)| (chars(w), f.first().is_some_and(|s| s == "strong")))
        .collect();
    let suffixes = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(sfx.words())
        .expect("site suffixes");
    let list = |l: &lexicon::Lexicon| l.words().map(chars).collect::<Vec<_>>();
    Lists {
        suffixes,
        suffix_words,
        actions: list(lexicon!("site_action")),
        stem_stop: list(lexicon!("site_stem_stop")),
        left_stop: list(lexicon!("site_left_stop")),
        blocked: list(lexicon!("site_suffix_blocked")),
        intro: list(lexicon!("site_intro")),
    }
});

pub(super) fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

pub(super) fn ends_with(chars: &[char], end: usize, w: &[char]) -> bool {
    end >= w.len() && chars[end - w.len()..end] == *w
}

pub(super) fn starts_with(chars: &[char], at: usize, w: &[char]) -> bool {
    chars.len() >= at + w.len() && chars[at..at + w.len()] == *w
}

/// Whether `word` is a stem that names a kind, not a site (`老旧`, `城中`).
pub(crate) fn is_stem_stop(word: &str) -> bool {
    let w: Vec<char> = word.chars().collect();
    LISTS.stem_stop.contains(&w)
}

pub(crate) fn proper_stem(stem: &[char]) -> bool {
    // Three or more digits name a site (`798`, `185`); fewer, or numerals, are a count.
    let numbered = stem.len() >= 3 && stem.iter().all(|c| c.is_ascii_digit());
    // One character names a site when it is a rare one (`冼` + `村`), not a word (`该`, `进`).
    // A PDF's circled-number glyph (`瑢`) is rare too, but no name.
    let rare_one = stem.len() == 1
        && is_han(stem[0])
        && !crate::text::is_circled_glyph(stem[0])
        && !super::pos::is_common_word(&stem[0].to_string());
    if (stem.len() < 2 && !rare_one)
        || (!numbered
            && stem
                .iter()
                .all(|c| "一二三四五六七八九十百千两几多0123456789".contains(*c)))
    {
        return false;
    }
    // A strong site word is a kind, no stem (`老街` + `巷`, `老街` + `坊`).
    let kind = LISTS
        .suffix_words
        .iter()
        .any(|(w, strong)| *strong && w.as_slice() == stem);
    !counted(stem)
        && !kind
        && !LISTS.stem_stop.iter().any(|w| {
            (ends_with(stem, stem.len(), w) && !market_stem(stem, w))
                || (w.len() >= 2 && stem.starts_with(w))
        })
}

/// `皮市` + `街`, `米市` + `巷`: a division's level word after one character is an old market's
/// name, not a division (`新北市` + `社区`), unless the two are a word (`全市`) or a pronoun's (`本市`, `该市`).
fn market_stem(stem: &[char], stop: &[char]) -> bool {
    let text: String = stem.iter().collect();
    stem.len() == 2
        && stop == ['市']
        && !super::pos::in_dictionary(&text)
        && !super::pos::is_pronoun(stem[0])
}

/// A stem that opens with a counted quantity (`12处口袋` + `公园`, `三个` + `小区`) is a
/// number of sites, not one.
fn counted(stem: &[char]) -> bool {
    let digits = stem
        .iter()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十百千两几多".contains(**c))
        .count();
    digits > 0
        && stem
            .get(digits)
            .is_some_and(|&c| crate::lexicon::is_counter(c))
}

/// A one-character site word must not begin another word (`村` of `村民`, `街` of `街道`).
pub(super) fn word_ends(chars: &[char], at: usize, suffix_len: usize) -> bool {
    suffix_len > 1 || !LISTS.blocked.iter().any(|w| starts_with(chars, at, w))
}

/// A renewal word in the clause after the name, or an introducing word right after it.
pub(crate) fn acted(chars: &[char], end: usize) -> bool {
    // `新中小区，地处…`: a comma may come between the name and the description.
    let after_comma = end + usize::from(chars.get(end).is_some_and(|c| matches!(c, '，' | ',')));
    LISTS
        .intro
        .iter()
        .any(|w| starts_with(chars, after_comma, w))
        || renewed(chars, end)
}

fn renewed(chars: &[char], end: usize) -> bool {
    let hi = (end + ACTION_WINDOW).min(chars.len());
    (end..hi)
        .take_while(|&i| !"。；！？，".contains(chars[i]) || i == end)
        .any(|i| LISTS.actions.iter().any(|w| starts_with(chars, i, w)))
}

/// A renewal word anywhere in `chars[from..to]` (a sentence after a name).
pub(crate) fn renewal_in(chars: &[char], from: usize, to: usize) -> bool {
    (from..to.min(chars.len())).any(|i| LISTS.actions.iter().any(|w| starts_with(chars, i, w)))
}

/// The site words of the lexicon.
pub fn site_words() -> impl Iterator<Item = &'static str> {
    lexicon!("site_suffix").words()
}

/// Whether `word` ends with a site word of the lexicon.
pub fn has_site_word(word: &str) -> bool {
    LISTS.suffixes.is_match(word)
}

/// Whether `name` is a proper stem and a strong site word (`红梅文创园`, not `演化阶段`).
pub(crate) fn is_strong_site(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    LISTS.suffix_words.iter().any(|(w, strong)| {
        *strong && ends_with(&chars, chars.len(), w) && proper_stem(&chars[..chars.len() - w.len()])
    })
}

/// Whether `name` ends with a site word of the lexicon (`西港花园`, not `海港区西港`).
pub fn ends_in_site_word(name: &str) -> bool {
    let name = name.trim_end_matches(['”', '」', '》']);
    site_words().any(|w| name.ends_with(w))
}

/// Whether `name` ends with a strong site word (`街区`, not the weak `段` that ends `阶段`).
pub(crate) fn ends_in_strong_site_word(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    LISTS
        .suffix_words
        .iter()
        .any(|(w, strong)| *strong && ends_with(&chars, chars.len(), w))
}
