//! A search candidate: the item, the explanation of its score and its ranking features
//! (shared by `search`, which ranks, and `features`, which measures).

use crate::answer::AnswerType;
use crate::fulltext::Item;
use crate::rank::Features;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RankScore {
    pub score: f32,
    pub rank: usize,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Explain {
    pub bm25: Option<RankScore>,
    pub dense: Option<RankScore>,
    pub graph_boost: f32,
    pub matched_terms: Vec<String>,
    pub matched_concepts: Vec<String>,
    /// The answer type the question asks for, when this hit holds one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerType>,
    pub reason: String,
    /// The value of every weighted feature (shown hits only).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub features: BTreeMap<&'static str, f32>,
}

/// A candidate with its features, before ranking.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Shared with the store's item cache: a candidate that is not shown is never copied.
    pub item: Arc<Item>,
    pub explain: Explain,
    pub features: Features,
}
