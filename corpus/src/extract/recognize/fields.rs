//! Name fields of a project page or award entry: a line `项目名称：…` (labels in
//! `data/lexicon/name_field_label.txt`), a bullet or item number before it allowed; its
//! value is a case, whatever its words.

use crate::extract::candidate::{new_cand, CaseCandidate, Origin};
use crate::extract::doc::DocView;
use crate::extract::knowledge::Knowledge;
use crate::lexicon;

/// Longest value read as a name (chars).
const MAX_VALUE: usize = 40;

/// (start, end) of the value of a name field in `chars[a..b]`.
fn name_value(chars: &[char], a: usize, b: usize) -> Option<(usize, usize)> {
    let line: String = chars[a..b].iter().collect();
    let marked = crate::item::marker(&line).map_or(0, |m| line.len() - m.rest.len());
    let skip = line[..marked].chars().count();
    let from = (a + skip..b).find(|&i| !chars[i].is_whitespace())?;
    let colon = (from..b.min(from + 8)).find(|&i| matches!(chars[i], '：' | ':'))?;
    let label: String = chars[from..colon].iter().collect();
    if !lexicon!("name_field_label").contains(label.trim()) {
        return None;
    }
    let start = (colon + 1..b).find(|&i| !chars[i].is_whitespace())?;
    let end = (start..b)
        .find(|&i| "。；;\n".contains(chars[i]))
        .unwrap_or(b);
    let end = (start..end).rev().find(|&i| !chars[i].is_whitespace())? + 1;
    let han = chars[start..end].iter().any(|c| crate::text::is_cjk(*c));
    (han && (2..=MAX_VALUE).contains(&(end - start))).then_some((start, end))
}

/// Case candidates from name fields.
pub(crate) fn field_cases(view: &DocView, kb: &Knowledge, out: &mut Vec<CaseCandidate>) {
    for (p, chars) in view.chars.iter().enumerate() {
        for &(a, b) in &view.sentences[p] {
            if let Some((s, e)) = name_value(chars, a, b.min(chars.len())) {
                let name: String = chars[s..e].iter().collect();
                out.push(new_cand(kb, &name, Origin::ListItem, Some((p, s, e))));
            }
        }
    }
}
