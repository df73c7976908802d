//! Sites listed before their kind (`甲园、乙里和丙湾等7个老旧小区`): a news report or a work
//! plan names the sites of a programme in a run joined by `、` and `和`, then `等`, a count and
//! a site noun (`site_suffix.txt`) or project noun (`list_kind_word.txt`) that says what each
//! item is. An item may end in a phase label (`乙二期`). Without `等`, a count right after the
//! run that equals its number of items (`甲宿舍、乙小区、丙院3个…小区`) says the same.

use super::pos;
use super::site_words::{word_ends, LISTS};
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::extract::labels::is_label;
use once_cell::sync::Lazy;
use regex::Regex;

/// Longest kind after `等` (chars, count excluded): `历史文化街区`, `背街小巷`.
const MAX_KIND: usize = 8;
/// Longest item read as a name; in a run counted exactly, an item that ends in a site word
/// may be longer (`汕头市小公园开埠区中山纪念亭街区`).
const MAX_ITEM: usize = 10;
const MAX_COUNTED_ITEM: usize = 20;

/// Whether `c` ends a clause (an enumeration does not run across it).
fn clause_break(c: char) -> bool {
    "，。；：！？,;:!?（）()“”「」《》\n".contains(c)
}

/// End of the site noun after `等` at `at` (a count allowed before it), if one is there.
fn kind_after(chars: &[char], at: usize, end: usize) -> Option<usize> {
    let mut j = at;
    while j < end
        && (chars[j].is_ascii_digit() || "一二三四五六七八九十百两几多余".contains(chars[j]))
    {
        j += 1;
    }
    if j > at && j < end && crate::lexicon::is_counter(chars[j]) {
        j += 1;
    }
    let limit = (j..(j + MAX_KIND).min(end))
        .find(|&k| clause_break(chars[k]))
        .unwrap_or((j + MAX_KIND).min(end));
    let ends_kind = |k: usize, w: &[char]| {
        k - j >= w.len() && chars[k - w.len()..k] == w[..] && word_ends(chars, k - w.len(), w.len())
    };
    let phrase_end = (j + 1..=limit).find(|&k| {
        LISTS.suffix_words.iter().any(|(w, _)| ends_kind(k, w))
            || crate::lexicon!("list_kind_word")
                .words()
                .any(|w| ends_kind(k, &w.chars().collect::<Vec<_>>()))
    })?;
    // `等社区工作者`: a noun after the site word makes the items something else.
    let after: String = chars[phrase_end..(phrase_end + 4).min(chars.len())]
        .iter()
        .collect();
    if pos::opens_with_noun(&after) {
        return None;
    }
    let phrase: String = chars[j..phrase_end].iter().collect();
    (pos::name_tail(&phrase) == phrase.chars().count()).then_some(phrase_end)
}

/// The items before `等` at `at`: the run back to the clause's start, split at `、` and at a
/// joiner before the last item; the first item keeps only its name words (`涵盖` + `甲园`).
fn items_before(chars: &[char], from: usize, at: usize, loose: bool) -> Vec<(usize, usize)> {
    let mut start = at;
    while start > from {
        // `张思庄(丰南区)、`: a short note in brackets after a name is part of the item.
        if let Some(open) = note_open(chars, from, start - 1) {
            start = open;
        } else if clause_break(chars[start - 1]) {
            break;
        } else {
            start -= 1;
        }
    }
    let mut items = split_run(chars, (start, at), |_| true);
    if let Some(first) = items.first_mut() {
        *first = name_words(chars, *first, loose);
    }
    items
}

/// The items of the run `chars[s..e]`, split at `、`; the last one holds the joiner before the
/// last name (`乙里和丙湾`), split there when `head` accepts what comes before it.
pub(super) fn split_run(
    chars: &[char],
    (s, e): (usize, usize),
    head: impl Fn(&str) -> bool,
) -> Vec<(usize, usize)> {
    let mut bounds = vec![s];
    bounds.extend((s..e).filter(|&i| chars[i] == '、').map(|i| i + 1));
    let mut items: Vec<(usize, usize)> = bounds
        .iter()
        .enumerate()
        .map(|(k, &x)| (x, bounds.get(k + 1).map_or(e, |&n| n - 1)))
        .collect();
    if let Some(&(x, y)) = items.last() {
        let text: String = chars[x..y].iter().collect();
        let joined = ["以及", "和", "及", "与"]
            .iter()
            .find_map(|j| text.find(j).filter(|&at| at > 0).map(|at| (at, j)));
        if let Some((at, joiner)) = joined {
            let split = x + text[..at].chars().count();
            if head(&text[..at]) {
                items.pop();
                items.push((x, split));
                items.push((split + joiner.chars().count(), y));
            }
        }
    }
    items
}

/// An item that opens its clause, cut to its name words (`涵盖` + `甲园`).
fn name_words(chars: &[char], (s, e): (usize, usize), loose: bool) -> (usize, usize) {
    let text: String = chars[s..e].iter().collect();
    let phase = PHASE.find(&text).map_or(0, |m| m.as_str().chars().count());
    let stem: String = text.chars().take(text.chars().count() - phase).collect();
    let tail = if loose {
        pos::name_tail_loose(&stem)
    } else {
        pos::name_tail(&stem)
    };
    let mut start = e - phase - tail;
    // `对渭丰`: a clause's preposition the tagger read into the name.
    while start + 2 < e && pos::is_preposition(chars[start]) {
        start += 1;
    }
    (start, e)
}

/// Longest note in brackets read as part of an item (chars inside).
const MAX_NOTE: usize = 6;

/// Where the bracketed note that ends right before `at` opens (`(丰南区)` before `、`), when
/// the note is short, holds no clause break and follows a name.
fn note_open(chars: &[char], from: usize, at: usize) -> Option<usize> {
    let close = *chars.get(at)?;
    if !matches!(close, ')' | '）')
        || !chars
            .get(at + 1)
            .is_some_and(|&c| c == '、' || c.is_ascii_digit())
    {
        return None;
    }
    let open = (from.max(at.saturating_sub(MAX_NOTE + 1))..at)
        .rev()
        .find(|&i| matches!(chars[i], '(' | '（'))?;
    let inside = &chars[open + 1..at];
    let plain = !inside.is_empty() && inside.iter().all(|&c| super::site_words::is_han(c));
    (plain && open > from && is_han_name_end(chars[open - 1])).then_some(open)
}

/// A phase label ending a project's name (`二期`, `二三期`, `单元三`).
static PHASE: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(?:[一二三四五六七八九十\d]+期|单元[一二三四五六七八九十\d]+)$").unwrap()
});

/// Whether an item is a site's name (its phase label aside): name words only, a name by `names::is_name`, not a
/// concept or a common word (a place alone is left out later, as for every recogniser).
fn item_name(kb: &Knowledge, item: &str) -> bool {
    item_name_within(kb, item, MAX_ITEM, false)
}

/// An item of a run counted exactly: a name, or a longer one ending in a site word.
fn counted_item(kb: &Knowledge, item: &str) -> bool {
    // A note in brackets (`张思庄(丰南区)`) says which one, and is no part of the name's words.
    let item = item.split(['(', '（']).next().unwrap_or(item);
    let long = super::site_words::ends_in_site_word(item) && !item.contains('的');
    item_name_within(
        kb,
        item,
        if long { MAX_COUNTED_ITEM } else { MAX_ITEM },
        true,
    )
}

fn item_name_within(kb: &Knowledge, item: &str, max: usize, loose: bool) -> bool {
    let item = PHASE.replace(item, "");
    let item = item.as_ref();
    let n = item.chars().count();
    // An item a count has shown to be one of a list needs only no verb or function word
    // of the dictionary (`许家` + `庄`, `付家` + `屯`: words the tagger reads otherwise).
    let words = if loose {
        pos::name_tail_loose(item) == n || !pos::has_function_word(item)
    } else {
        pos::name_tail(item) == n
    };
    (2..=max).contains(&n)
        && words
        && !pos::has_clause_word(item, !loose)
        && !pos::is_common_word(item)
        && !is_label(kb, item)
        && super::names::is_name(kb, item)
}

/// The value of a count written in digits or one Chinese numeral (`6`, `三`; `十二` is not
/// read), and where it ends.
fn count_at(chars: &[char], at: usize) -> Option<(usize, usize)> {
    let digits = chars[at..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    if digits > 0 {
        let n: String = chars[at..at + digits].iter().collect();
        return n.parse().ok().map(|n| (n, at + digits));
    }
    let n = "一二三四五六七八九十"
        .chars()
        .position(|c| c == chars[at])?
        + 1;
    Some((n, at + 1))
}

/// `甲宿舍、乙小区、丙院3个…小区`: the items of a run right before a count of as many, then
/// a counter and, in the same clause, a site or project noun; every item a name.
fn counted_run(
    kb: &Knowledge,
    chars: &[char],
    (a, b): (usize, usize),
    i: usize,
) -> Option<Vec<(usize, usize)>> {
    if i == a || !is_han_name_end(chars[i - 1]) {
        return None;
    }
    let (n, after) = count_at(chars, i)?;
    if n < 2
        || !chars
            .get(after)
            .is_some_and(|&c| crate::lexicon::is_counter(c))
    {
        return None;
    }
    let mut items = items_before(chars, a, i, true);
    // `已完成拆迁、规划审批、…的城中村有甲村、乙村2个村`: a clause's own `、` before the run;
    // the count says where the run starts, where a clause's words open that item.
    if items.len() > n {
        let k = items.len() - n;
        let cut = name_words(chars, items[k], true);
        if cut.0 == items[k].0 {
            return None;
        }
        items = items.split_off(k);
        items[0] = cut;
    }
    let clause_end = (after..b).find(|&k| clause_break(chars[k])).unwrap_or(b);
    let tail: String = chars[after + 1..clause_end].iter().collect();
    let kind = super::site_words::has_site_word(&tail)
        || crate::lexicon!("list_kind_word")
            .words()
            .any(|w| tail.contains(w));
    // Every item a name: a count after a clause (`走访三亚、琼海、海口三地`) is no list.
    let all_names = items
        .iter()
        .all(|&(x, y)| counted_item(kb, &chars[x..y].iter().collect::<String>()));
    (items.len() == n && kind && all_names).then_some(items)
}

/// A CJK character that can end an item's name (not a numeral: `二十` is one count).
fn is_han_name_end(c: char) -> bool {
    super::site_words::is_han(c) && !"一二三四五六七八九十百千万两几多等和及与".contains(c)
}

/// Case candidates from the enumerations of the document.
pub(crate) fn enumerated_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    for p in 0..view.chars.len() {
        let chars = &view.chars[p];
        for (s, &(a, b)) in view.sentences[p].iter().enumerate() {
            if view.ref_like[p][s] {
                continue;
            }
            let b = b.min(chars.len());
            for i in a..b {
                let (items, counted) = if chars[i] == '等' && kind_after(chars, i + 1, b).is_some()
                {
                    (items_before(chars, a, i, false), false)
                } else if let Some(items) = counted_run(kb, chars, (a, b), i) {
                    (items, true)
                } else {
                    continue;
                };
                if items.len() < 2 {
                    continue;
                }
                for (x, y) in items {
                    let item: String = chars[x..y].iter().collect();
                    // A counted run's items were all read as names already.
                    if view.masked[p][x] || !(counted || item_name(kb, &item)) {
                        continue;
                    }
                    out.push(new_cand(kb, &item, Origin::Site, Some((p, x, y))));
                }
            }
        }
    }
}
