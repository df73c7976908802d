//! How much weight a text gives a case candidate: a logistic score over features of how it
//! was found and how often and where it is named, with weights fitted on the tune split of
//! the development corpus alone (`examples/fit_salience.rs` writes
//! `data/case_salience.json`). Candidates below the fitted threshold are dropped.

use super::candidate::{CaseCandidate, Origin};
use super::doc::DocView;
use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The feature names, in the order of [`features`].
pub const FEATURES: [&str; 24] = [
    "bias",
    "origin_heading",
    "origin_list_item",
    "origin_cue",
    "origin_quoted",
    "origin_clause",
    "origin_site",
    "origin_place_only",
    "log_mentions",
    "log_passages",
    "mention_share",
    "named_once",
    "in_headings",
    "has_place",
    "quoted",
    "log_candidates",
    "genre_paper",
    "genre_news",
    "genre_policy",
    "genre_case_list",
    "genre_writeup",
    "genre_commentary",
    "named_once_in_paper",
    "first_mention_depth",
];

/// Fitted weights, one per feature, and the score a candidate needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Weights {
    pub features: Vec<String>,
    pub weights: Vec<f64>,
    pub threshold: f64,
}

impl Weights {
    /// The probability a candidate is a case.
    pub fn score(&self, x: &[f64]) -> f64 {
        let z: f64 = self.weights.iter().zip(x).map(|(w, v)| w * v).sum();
        1.0 / (1.0 + (-z).exp())
    }
}

static WEIGHTS: Lazy<Option<Weights>> = Lazy::new(|| {
    let w: Weights = serde_json::from_str(include_str!("../../data/case_salience.json")).ok()?;
    // Weights for another feature list are not used (refit with the example).
    (w.features == FEATURES).then_some(w)
});

/// Whether a candidate with features `x` is kept (all are without fitted weights).
pub(super) fn keep(x: &[f64]) -> bool {
    WEIGHTS.as_ref().is_none_or(|w| w.score(x) >= w.threshold)
}

/// The features of `c` among the document's candidates `all`.
pub(super) fn features(view: &DocView, c: &CaseCandidate, all: &[CaseCandidate]) -> Vec<f64> {
    let origin = |o: Origin| f64::from(u8::from(c.origin == o));
    let flag = |b: bool| f64::from(u8::from(b));
    let mentions = c.spans.len();
    let passages: HashSet<usize> = c.spans.iter().map(|s| s.0).collect();
    let most = all.iter().map(|x| x.spans.len()).max().unwrap_or(1).max(1);
    let genre = view.doc.genre.as_str();
    let headed = std::iter::once(view.doc.title.as_str())
        .chain(view.doc.sections.iter().map(|s| s.heading.as_str()))
        .any(|h| c.cores.iter().any(|k| h.contains(k.as_str())));
    let first = c.spans.iter().map(|s| s.0).min().unwrap_or(0);
    let depth = first as f64 / view.chars.len().max(1) as f64;
    vec![
        1.0,
        origin(Origin::Heading),
        origin(Origin::ListItem),
        origin(Origin::Cue),
        origin(Origin::Quoted),
        origin(Origin::Clause),
        origin(Origin::Site),
        origin(Origin::PlaceOnly),
        (1.0 + mentions as f64).ln(),
        (1.0 + passages.len() as f64).ln(),
        mentions as f64 / most as f64,
        flag(mentions <= 1),
        flag(headed),
        flag(c.place.is_some()),
        flag(c.name.contains('“')),
        (1.0 + all.len() as f64).ln(),
        flag(genre == "paper"),
        flag(genre == "news"),
        flag(genre == "policy"),
        flag(genre == "case_list"),
        flag(genre == "writeup"),
        flag(genre == "commentary"),
        flag(mentions <= 1 && genre == "paper"),
        depth,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_weights_fit_the_feature_list() {
        let w = WEIGHTS
            .as_ref()
            .expect("data/case_salience.json for FEATURES");
        assert_eq!(w.weights.len(), FEATURES.len());
        assert!((0.0..1.0).contains(&w.threshold));
    }
}
