//! Titles of cited documents: a name inside `《…实施方案》` is part of the document's title
//! (`《天津市城镇老旧小区更新改造工作方案》`), not a site the text is about.

use super::candidate::CaseCandidate;
use super::doc::DocView;

/// Char ranges (start, end) of a passage's `《…》` that hold a policy document's title.
fn cited_titles(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '《' => open = Some(i),
            '》' => {
                if let Some(s) = open.take() {
                    let title: String = chars[s + 1..i].iter().collect();
                    if crate::policy_doc::is_policy_title(&title) {
                        out.push((s, i + 1));
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// The cited titles of every passage of a document, found once.
pub(super) struct CitedTitles(Vec<Vec<(usize, usize)>>);

impl CitedTitles {
    pub(super) fn of(view: &DocView) -> Self {
        CitedTitles(view.chars.iter().map(|c| cited_titles(c)).collect())
    }

    /// Whether every span that named the candidate lies inside a cited document's title.
    pub(super) fn hold_only(&self, c: &CaseCandidate) -> bool {
        !c.spans.is_empty()
            && c.spans
                .iter()
                .all(|&(p, s, e)| self.0[p].iter().any(|&(ts, te)| ts <= s && e <= te))
    }
}

#[cfg(test)]
mod tests {
    use super::cited_titles;

    #[test]
    fn policy_titles_in_book_marks_are_found() {
        let chars: Vec<char> =
            "印发《河源市城镇居住社区建设补短板行动实施方案》的通知，见《城市更新》杂志"
                .chars()
                .collect();
        let found = cited_titles(&chars);
        assert_eq!(found.len(), 1);
        let (s, e) = found[0];
        assert_eq!(chars[s], '《');
        assert_eq!(chars[e - 1], '》');
    }
}
