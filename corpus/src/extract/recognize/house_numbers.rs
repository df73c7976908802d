//! Compounds named by their address (`南山路50号`, `文平街1号`, `潍县路19号保护更新项目`):
//! northern cities call an old estate by its street and house number. The street's name is
//! the run of name words before a road word, the number is one to four digits before `号`;
//! the address names a case when a renewal word follows it in its sentence (`…等5个老旧楼院`,
//! `…也将改造`), as a weak site word needs.

use super::pos;
use super::site_words::{renewal_in, starts_with, LISTS};
use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use once_cell::sync::Lazy;
use regex::Regex;

/// A street and a house number, or a lane's (`临汾路380弄`, Shanghai's compounds); `楼`
/// after `号` is part of the name (`号院` is a site word: `sites.rs` joins `长风西街` +
/// `19号院`).
static ADDRESS: Lazy<Regex> = Lazy::new(|| {
    Regex::new(r"(\p{Han}{1,8}?(?:路|街|巷|道|胡同|弄))(\d{1,4})(?:号(楼|院)?|弄)").unwrap()
});

/// Longest street name read before the road word (chars).
const MAX_STREET: usize = 8;

/// Whether a house number (`106号`, not `93号院`, a site word of its own) follows `at`.
pub(crate) fn numbered_after(chars: &[char], at: usize) -> bool {
    let digits = chars[at.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let after = at + digits;
    digits > 0 && chars.get(after) == Some(&'号') && chars.get(after + 1) != Some(&'院')
}

/// End of a strong site word right after an address at `at`, a kind's stem (`老旧`) allowed
/// before it (`site_stem_stop.txt`).
fn kind_after(chars: &[char], at: usize) -> Option<usize> {
    let stems = LISTS.stem_stop.iter().filter(|w| starts_with(chars, at, w));
    let mut from = vec![at];
    from.extend(stems.map(|w| at + w.len()));
    from.into_iter().find_map(|f| {
        LISTS
            .suffix_words
            .iter()
            .filter(|(w, strong)| *strong && starts_with(chars, f, w))
            .map(|(w, _)| f + w.len())
            .max()
    })
}

/// Address candidates of the document.
pub(crate) fn house_number_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    for (p, chars) in view.chars.iter().enumerate() {
        let text: String = chars.iter().collect();
        for m in ADDRESS.captures_iter(&text) {
            let (Some(all), Some(street)) = (m.get(0), m.get(1)) else {
                continue;
            };
            if m.get(3).is_some_and(|x| x.as_str() == "院") {
                continue;
            }
            let start = text[..street.start()].chars().count();
            let road_end = start + street.as_str().chars().count();
            let end = start + all.as_str().chars().count();
            let s = view.sentence_of(p, start);
            if view.masked[p][start] || view.ref_like[p][s] {
                continue;
            }
            // `惠济路42号老旧小区`: a strong site word right after the number says what it is.
            let kind_end = kind_after(chars, end);
            if kind_end.is_none() && !renewal_in(chars, end, view.sentences[p][s].1) {
                continue;
            }
            let end = kind_end.unwrap_or(end);
            let run: String = chars[start.max(road_end.saturating_sub(MAX_STREET))..road_end]
                .iter()
                .collect();
            let keep = pos::name_tail(&run);
            // A road word and at least one name character before it.
            if keep < 2 {
                continue;
            }
            let from = road_end - keep;
            let name: String = chars[from..end].iter().collect();
            out.push(new_cand(kb, &name, Origin::Site, Some((p, from, end))));
        }
    }
}
