//! Site names as people write them: a proper stem before a site word (`长征桥` + `社区`,
//! `曹杨` + `新村`, `永庆` + `坊`), with the places written right before it (`杭州市拱墅区`).
//!
//! The site words, the words that cannot end a stem and the words that lead into a name are
//! lexicons (`data/lexicon/site_*.txt`). A name counts when a place precedes it, a renewal
//! word follows it in the same clause, or the document names it twice; a weak site word
//! (`村`, `里`, `厂`) needs one of the first two.

use super::pos;
use super::site_words::{
    acted, ends_with, is_han, proper_stem, renewal_in, site_words, word_ends, LISTS,
};
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::is_label;
use std::collections::HashMap;

/// Longest stem read before a site word.
const MAX_STEM: usize = 6;

/// A site word found in a passage, its stem and what precedes it.
struct Found {
    passage: usize,
    /// Start of the name (places included), start of the stem, end of the site word.
    start: usize,
    end: usize,
    placed: bool,
    strong: bool,
    acted: bool,
    /// A renewal word later in the sentence (`…列入…改造计划`).
    renewal_sentence: bool,
    /// The name opens its passage: the paragraph tells of it.
    opens: bool,
    /// The stem and site word, without the places before them.
    name: String,
    stem: String,
}

/// `“糖厂1958”` + `文创街区`: a quoted name right before the stem (or the site word) belongs
/// to it, quotes and all (where the open quote is, within `MAX_STEM`).
fn quoted_before(chars: &[char], at: usize, floor: usize) -> Option<usize> {
    if at == 0 || chars[at - 1] != '”' {
        return None;
    }
    let open = (floor.max(at.saturating_sub(MAX_STEM + 2))..at - 1)
        .rev()
        .find(|&i| matches!(chars[i], '“' | '”'))?;
    let inner = &chars[open + 1..at - 1];
    let named = inner.len() >= 2
        && inner
            .iter()
            .all(|&c| is_han(c) || c.is_ascii_alphanumeric());
    (chars[open] == '“' && named).then_some(open)
}

/// Start of the stem before `at`: Han letters, digits and Latin letters, at most `MAX_STEM`,
/// stopping at a lead-in word, a place's end or `floor`.
fn stem_start(chars: &[char], at: usize, floor: usize, place_ends: &[usize]) -> usize {
    let mut i = at;
    while i > floor && at - i < MAX_STEM {
        let c = chars[i - 1];
        if !(is_han(c) || c.is_ascii_alphanumeric()) || place_ends.contains(&i) {
            break;
        }
        // A lead-in word right before the site word leaves no stem (建成完整社区);
        // one-character ones (在, 向, 和) are left to the part-of-speech tags, since names
        // hold them too (向阳社区, 和平里).
        // `桂苑社区和人民路社区`: a conjunction after a site word joins two sites.
        let joined = "和与及、".contains(c)
            && LISTS
                .suffix_words
                .iter()
                .any(|(w, _)| ends_with(chars, i - 1, w));
        // `建设` + `路54号院`: a lead-in word that opens a street's name is part of it.
        let street = i < at && "路街巷".contains(chars[i]);
        let stop = c == '的'
            || joined
            || !street
                && LISTS
                    .left_stop
                    .iter()
                    .any(|w| w.len() > 1 && ends_with(chars, i, w));
        if stop {
            break;
        }
        i -= 1;
    }
    // The length cap does not split a number (`1955` + `工业文化` + `创意园`).
    while i > floor && chars[i - 1].is_ascii_digit() && chars[i].is_ascii_digit() {
        i -= 1;
    }
    quoted_before(chars, i, floor).unwrap_or(i)
}

fn find_in_passage(view: &DocView, p: usize, out: &mut Vec<Found>) {
    let chars = &view.chars[p];
    let place_spans = places_of(view, p, false);
    let place_ends: Vec<usize> = place_spans.iter().map(|&(_, e)| e).collect();
    // `中国` + `历史文化街区` is a designation (首批中国历史文化街区之一), not a site.
    let national = places_of(view, p, true);
    let matches = suffix_matches(chars);
    let mut floor = 0;
    for (k, &(s, end, pattern)) in matches.iter().enumerate() {
        // A site word right before another is part of the name (东关街 + 历史街区).
        if matches.get(k + 1).is_some_and(|&(next, _, _)| next == end) {
            continue;
        }
        let (ref word, strong) = LISTS.suffix_words[pattern];
        let word_str: String = word.iter().collect();
        let mut start = stem_start(chars, s, floor, &place_ends);
        // A site named after its city or county (南阳 + 新村, 喀什 + 古城): the short form
        // of the place right before the site word is the stem, when the text tells about it.
        let short_place = (start == s)
            .then(|| place_spans.iter().find(|&&(a, e)| e == s && a >= floor))
            .flatten()
            .filter(|&&(a, e)| is_short_form(&chars[a..e]) && acted(chars, end));
        if let Some(&(a, _)) = short_place {
            start = a;
        }
        let before = floor;
        floor = end;
        let sent = view.sentence_of(p, s);
        if view.masked[p][s] || view.ref_like[p][sent] || !word_ends(chars, s, word.len()) {
            continue;
        }
        if word.len() == 1 && inside_longer_word(chars, s, end) {
            floor = before;
            continue;
        }
        // `和平二道街106号`: the house, not the street, is named (`house_numbers.rs`).
        if super::house_numbers::numbered_after(chars, end) {
            continue;
        }
        let start = stem_of_run(
            chars,
            (start, s),
            &place_ends,
            short_place.is_some(),
            &word_str,
        );
        let start = out_of_street_word(chars, start, s);
        // `长风西街` + `19` + `号院`: a house number after a street names a compound in it.
        let numbered = start < s && chars[start..s].iter().all(char::is_ascii_digit);
        let renewal = || renewal_in(chars, end, view.sentences[p][sent].1);
        if let Some(prev) = out
            .last_mut()
            .filter(|f| numbered && f.passage == p && f.end == start)
        {
            join(prev, chars, (s, end), strong, renewal());
            continue;
        }
        if refused_stem(&chars[start..s], &word_str) || national.contains(&(start, s)) {
            // A site word with no stem before it (`运` + `河` in `运河五号创意街区`) does not
            // cut the name that goes on after it.
            if s - start < 2 {
                floor = before;
            }
            continue;
        }
        let start = dash_joined(chars, start, &place_ends);
        out.retain(|f| f.passage != p || f.end <= start);
        // The places written right before the stem belong to the name; `某街道的` too.
        let mut name_start = start;
        let of_place = start > 0 && chars[start - 1] == '的' && place_ends.contains(&(start - 1));
        if of_place {
            name_start = start - 1;
        }
        while let Some(&(a, _)) = place_spans.iter().find(|&&(_, b)| b == name_start) {
            name_start = a;
        }
        let placed = name_start < start;
        if of_place {
            name_start = start;
        }
        // A site written right after another (`饮马街` + `小学家属院`) is inside it, and one
        // after a slash goes with it: one name.
        if let Some(prev) = out.last_mut().filter(|f| {
            f.passage == p && (f.end == name_start || slashed(chars, f.end, name_start))
        }) {
            join(prev, chars, (s, end), strong, renewal());
            continue;
        }
        // `金缘小区位于…龙井市东山街`: an address locates the case told of, it is none.
        if located_at(chars, name_start) {
            continue;
        }
        let office = names_office(chars, end);
        out.push(Found {
            passage: p,
            start: name_start,
            end,
            placed,
            strong,
            acted: !office && acted(chars, end),
            renewal_sentence: !office && renewal(),
            opens: !office && name_start == 0,
            name: chars[start..end].iter().collect(),
            stem: chars[start..s].iter().collect(),
        });
    }
}

/// The site words of a passage: (start, end, pattern) in chars.
fn suffix_matches(chars: &[char]) -> Vec<(usize, usize, usize)> {
    let text: String = chars.iter().collect();
    let byte_to_char: HashMap<usize, usize> = text
        .char_indices()
        .enumerate()
        .map(|(ci, (b, _))| (b, ci))
        .collect();
    LISTS
        .suffixes
        .find_iter(&text)
        .map(|m| {
            let s = byte_to_char[&m.start()];
            (
                s,
                s + text[m.start()..m.end()].chars().count(),
                m.pattern().as_usize(),
            )
        })
        .collect()
}

/// Start of the stem in the run `start..s` before site word `word`. Unplaced, the stem is the
/// run of name words before the site word; after a place (`鄞州区划船社区`, `鄞州区的划船社区`,
/// or its short form: `short_place`) the whole run is the name.
fn stem_of_run(
    chars: &[char],
    (start, s): (usize, usize),
    place_ends: &[usize],
    short_place: bool,
    word: &str,
) -> usize {
    let of_place = start > 0 && chars[start - 1] == '的' && place_ends.contains(&(start - 1));
    // A preposition after the place (`姑苏区对葑门横街…`) opens a clause: the place is its
    // subject, not part of the name.
    let led = start < s && (pos::is_preposition(chars[start]) || pos::is_lead_verb(chars[start]));
    // A conjunction or preposition inside the run (`中西区和观塘海滨`) does the same.
    let joins = pos::joins_clauses(&chars[start..s].iter().collect::<String>());
    if (place_ends.contains(&start) || of_place || short_place) && !led && !joins {
        return start;
    }
    let from = if led { start + 1 } else { start };
    s - pos::name_tail_before(&chars[from..s].iter().collect::<String>(), word)
}

/// A stem that starts inside `街道` starts after it: the tags may cut `唐家墩街道贺家墩社区` at
/// `街` + `道贺`.
fn out_of_street_word(chars: &[char], start: usize, s: usize) -> usize {
    if start > 0 && start + 1 < s && chars[start - 1] == '街' && chars[start] == '道' {
        start + 1
    } else {
        start
    }
}

/// `很长一段时间`: a one-character site word at `s` inside a longer word.
fn inside_longer_word(chars: &[char], s: usize, end: usize) -> bool {
    let (a, b) = (s.saturating_sub(4), (end + 4).min(chars.len()));
    pos::inside_word(&chars[a..b].iter().collect::<String>(), s - a)
}

/// Whether the stem before site word `word` names nothing: `胡同里`, `社区里` (`里` after a
/// site word is `in`; another one-character site word there ends a name: `西八里` + `村`),
/// no proper stem, a renewal word alone (`重建` + `小区`: what is done to the kind), or a
/// subject and its verb (`万科获得` + `老厂区`).
fn refused_stem(stem: &[char], word: &str) -> bool {
    let text: String = stem.iter().collect();
    let locative = word == "里"
        && (site_words().any(|w| text.ends_with(w))
            || crate::lexicon!("locative_host")
                .words()
                .any(|w| text.ends_with(w)));
    let action = LISTS.actions.iter().any(|w| w.as_slice() == stem);
    locative || action || !proper_stem(stem) || pos::verb_inside(&text)
}

/// `甲街/乙街重建项目`, `甲里 / 乙街项目`: two streets joined by a slash name one project.
fn slashed(chars: &[char], end: usize, next: usize) -> bool {
    let gap = chars.get(end..next).unwrap_or_default();
    let mut marks = gap.iter().filter(|&&c| c != ' ' && c != '\u{3000}');
    gap.len() <= 3
        && marks.next().is_some_and(|&c| matches!(c, '/' | '／'))
        && marks.next().is_none()
}

/// `台湾路—香港路` + `历史文化街区`: streets joined by a dash bound one site, whose name
/// opens at the first of them (a site word there, `东门中街`, does not end it).
fn dash_joined(chars: &[char], mut start: usize, place_ends: &[usize]) -> usize {
    while start >= 3
        && matches!(chars[start - 1], '—' | '－')
        && "路街巷道".contains(chars[start - 2])
    {
        let from = stem_start(chars, start - 1, 0, place_ends);
        if start - 1 - from < 2 {
            break;
        }
        start = from;
    }
    start
}

/// Whether the words right before `at` say where something is (`locator_word.txt`).
fn located_at(chars: &[char], at: usize) -> bool {
    let before: String = chars[at.saturating_sub(4)..at].iter().collect();
    crate::lexicon!("locator_word")
        .words()
        .any(|w| before.ends_with(w))
}

/// `吉祥社区副主任…指出`: the mention names an office, what the sentence tells is its say.
fn names_office(chars: &[char], end: usize) -> bool {
    crate::lexicon!("office_word")
        .words()
        .any(|w| chars[end..].starts_with(&w.chars().collect::<Vec<_>>()))
}

/// The places of passage `p`: below the national level, or (`national`) at it. A community
/// is a site, not a place a name opens with: `王马社区` + `遥祥寺巷小区` is the estate's name.
fn places_of(view: &DocView, p: usize, national: bool) -> Vec<(usize, usize)> {
    view.places
        .iter()
        .filter(|m| m.place.level != "community")
        .filter(|m| m.passage == p && (m.place.level == "national") == national)
        .map(|m| (m.start, m.end))
        .collect()
}

/// `prev` goes on to the site word at `word` (its start and end).
fn join(prev: &mut Found, chars: &[char], word: (usize, usize), strong: bool, renewal: bool) {
    let (s, end) = word;
    let from = prev.end - prev.name.chars().count();
    prev.stem = chars[from..s].iter().collect();
    prev.name = chars[from..end].iter().collect();
    prev.end = end;
    prev.strong = strong;
    prev.acted = acted(chars, end);
    prev.renewal_sentence = renewal;
}

/// A place written without its level word (`南阳`, not `南阳市` or `南阳街道`).
fn is_short_form(place: &[char]) -> bool {
    place.len() >= 2
        && !place.ends_with(&['街', '道'])
        && !"省市区县镇乡村".contains(place[place.len() - 1])
}

/// Site candidates of the document.
pub(crate) fn site_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    let mut found = Vec::new();
    for p in 0..view.chars.len() {
        find_in_passage(view, p, &mut found);
    }
    // A stem named twice with a site word (五大道街区 … 五大道历史文化街区) is a name.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for f in &found {
        *seen.entry(f.stem.as_str()).or_default() += 1;
    }
    // A site named once in full is then often called by its stem alone (`草厂片区` … `草厂`);
    // a common word as stem (`院子`, `职工`) recurs for other reasons.
    let strong: Vec<&str> = found
        .iter()
        .filter(|f| f.strong)
        .map(|f| f.stem.as_str())
        .collect();
    for (stem, n) in seen.iter_mut() {
        if strong.contains(stem) && !pos::is_common_word(stem) {
            let alone: usize = view
                .doc
                .passages
                .iter()
                .map(|p| p.text.matches(stem).count())
                .sum();
            *n = (*n).max(alone);
        }
    }
    let headings: Vec<&str> = std::iter::once(view.doc.title.as_str())
        .chain(view.doc.sections.iter().map(|s| s.heading.as_str()))
        .collect();
    let counted: Vec<bool> = found
        .iter()
        .map(|f| {
            let headed = headings.iter().any(|h| h.contains(f.name.as_str()));
            let n = seen[f.stem.as_str()];
            let twice = n >= 2 || headed;
            // A weak site word (村, 古城) named three times is a name the text is about; twice,
            // when its stem is a proper name (`下沙` + `村`).
            let proper = n >= 2 && pos::proper_head(&f.stem) == f.stem.chars().count();
            f.placed
                || f.acted
                || headed
                || (f.strong && (twice || f.renewal_sentence || f.opens))
                || n >= 3
                || proper
        })
        .collect();
    let counted = coordinated(view, &found, counted);
    for (f, counted) in found.iter().zip(counted) {
        if !counted || is_label(kb, &f.name) {
            continue;
        }
        let full = view.text(f.passage, f.start, f.end);
        out.push(new_cand(
            kb,
            &full,
            Origin::Site,
            Some((f.passage, f.start, f.end)),
        ));
    }
}

/// Three or more sites of strong words listed in a sentence that tells of renewal
/// (`将改造28个老旧小区，其中有甲小区，乙小区，丙小区等等`): the sites renewed.
fn renewed_run(view: &DocView, run: &[Found]) -> bool {
    let Some(first) = run.first() else {
        return false;
    };
    let (p, chars) = (first.passage, &view.chars[first.passage]);
    let (a, b) = view.sentences[p][view.sentence_of(p, first.start)];
    run.len() >= 3 && run.iter().all(|f| f.strong) && renewal_in(chars, a, b)
}

/// Sites listed together (`兴胜巷、南大街18号院和饮马街小学家属院`) are counted together: what
/// makes one a name the text tells about holds for the others of its list.
fn coordinated(view: &DocView, found: &[Found], mut counted: Vec<bool>) -> Vec<bool> {
    let mut group = 0;
    for i in 1..=found.len() {
        let joined = i < found.len() && {
            let (a, b) = (&found[i - 1], &found[i]);
            a.passage == b.passage
                && b.start >= a.end
                && b.start - a.end <= 2
                && view.chars[a.passage][a.end..b.start]
                    .iter()
                    .all(|c| "、，,和与及以".contains(*c))
        };
        if !joined {
            if counted[group..i].iter().any(|&c| c) || renewed_run(view, &found[group..i]) {
                counted[group..i].iter_mut().for_each(|c| *c = true);
            }
            group = i;
        }
    }
    counted
}
