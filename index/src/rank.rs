//! Learned ranking: every signal of a search candidate is a feature, and a candidate's score
//! is the weighted sum of its features. The weights are data (`index/data/rank_weights.json`),
//! fitted on the tune questions of the development corpus by `gongchuang eval --fit`.

use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// The signals of one candidate, each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Feature {
    /// BM25 rank (all fields, boosted): 60 / (60 + rank), 0 when not a BM25 candidate.
    Bm25Rrf,
    /// Dense rank: 60 / (60 + rank), 0 when not a dense neighbour.
    DenseRrf,
    /// BM25 score over the best BM25 score of the query.
    Bm25,
    /// e5 cosine, spread from its usual 0.80–0.92 onto [0, 1].
    Dense,
    /// Share of query words in the text, title or authors.
    Coverage,
    /// IDF-weighted share of query words in the passage text itself.
    CoverageIdf,
    /// IDF-weighted share of query words in the document title.
    Title,
    /// The passage holds the kind of answer the question asks for (`index::answer`).
    Answer,
    /// Share of the query's thesaurus concepts the item carries.
    Concepts,
    /// Near the start of its document: 1 / (1 + first line / 30).
    Position,
    /// BM25 of the passage text alone (term counts by substring), over the best candidate's.
    TextBm25,
    /// Short passages: 1 / (1 + characters / 400).
    Short,
}

pub const N: usize = 12;

impl Feature {
    pub const ALL: [Feature; N] = [
        Feature::Bm25Rrf,
        Feature::DenseRrf,
        Feature::Bm25,
        Feature::Dense,
        Feature::Coverage,
        Feature::CoverageIdf,
        Feature::Title,
        Feature::Answer,
        Feature::Concepts,
        Feature::Position,
        Feature::TextBm25,
        Feature::Short,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Feature::Bm25Rrf => "bm25_rrf",
            Feature::DenseRrf => "dense_rrf",
            Feature::Bm25 => "bm25",
            Feature::Dense => "dense",
            Feature::Coverage => "coverage",
            Feature::CoverageIdf => "coverage_idf",
            Feature::Title => "title",
            Feature::Answer => "answer",
            Feature::Concepts => "concepts",
            Feature::Position => "position",
            Feature::TextBm25 => "text_bm25",
            Feature::Short => "short",
        }
    }

    pub fn from_name(s: &str) -> Option<Feature> {
        Feature::ALL.into_iter().find(|f| f.name() == s)
    }

    fn index(self) -> usize {
        Feature::ALL.iter().position(|f| *f == self).unwrap_or(0)
    }

    /// Whether this feature needs the dense side (the query embedding).
    pub fn dense(self) -> bool {
        matches!(self, Feature::DenseRrf | Feature::Dense)
    }
}

/// Feature values of one candidate, in the order of `Feature::ALL`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Features(pub [f32; N]);

impl Features {
    pub fn get(&self, f: Feature) -> f32 {
        self.0[f.index()]
    }
    pub fn set(&mut self, f: Feature, v: f32) {
        self.0[f.index()] = v;
    }
}

/// One weight per feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights(pub [f32; N]);

/// The data file: every feature with its weight (features it omits weigh 0).
#[derive(Debug, Serialize, Deserialize)]
struct File {
    #[serde(default)]
    note: String,
    features: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    name: String,
    weight: f32,
}

const BUNDLED: &str = include_str!("../data/rank_weights.json");

impl Default for Weights {
    /// The bundled weights.
    fn default() -> Self {
        static W: OnceLock<Weights> = OnceLock::new();
        W.get_or_init(|| Weights::from_json(BUNDLED).expect("bundled rank_weights.json"))
            .clone()
    }
}

impl Weights {
    pub fn zero() -> Self {
        Weights([0.0; N])
    }

    pub fn from_json(s: &str) -> Result<Weights, String> {
        let f: File = serde_json::from_str(s).map_err(|e| e.to_string())?;
        let mut w = Weights::zero();
        for e in f.features {
            let feat = Feature::from_name(&e.name)
                .ok_or_else(|| format!("unknown ranking feature `{}`", e.name))?;
            if !e.weight.is_finite() {
                return Err(format!("weight of `{}` is not a number", e.name));
            }
            w.set(feat, e.weight);
        }
        Ok(w)
    }

    /// The data file's text, with a note on how it was made.
    pub fn to_json(&self, note: &str) -> String {
        let f = File {
            note: note.to_string(),
            features: Feature::ALL
                .iter()
                .map(|x| Entry {
                    name: x.name().to_string(),
                    weight: self.get(*x),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&f).unwrap_or_default() + "\n"
    }

    pub fn get(&self, f: Feature) -> f32 {
        self.0[f.index()]
    }

    pub fn set(&mut self, f: Feature, v: f32) {
        self.0[f.index()] = v;
    }

    /// Set by name (`GONGCHUANG_WEIGHTS=bm25_rrf=0.01,...`); false for an unknown name.
    pub fn set_named(&mut self, name: &str, v: f32) -> bool {
        match Feature::from_name(name) {
            Some(f) => {
                self.set(f, v);
                true
            }
            None => false,
        }
    }

    /// These weights with the dense features off (the lexical ranker).
    pub fn lexical(&self) -> Weights {
        let mut w = self.clone();
        for f in Feature::ALL.into_iter().filter(|f| f.dense()) {
            w.set(f, 0.0);
        }
        w
    }

    /// Only the dense features of these weights.
    pub fn dense_only(&self) -> Weights {
        let mut w = Weights::zero();
        for f in Feature::ALL.into_iter().filter(|f| f.dense()) {
            w.set(f, self.get(f));
        }
        w
    }

    /// Plain BM25: the baseline every figure is printed beside.
    pub fn bm25_only() -> Weights {
        let mut w = Weights::zero();
        w.set(Feature::Bm25, 1.0);
        w
    }

    pub fn uses_dense(&self) -> bool {
        Feature::ALL
            .into_iter()
            .any(|f| f.dense() && self.get(f) != 0.0)
    }

    pub fn score(&self, f: &Features) -> f32 {
        self.0.iter().zip(f.0.iter()).map(|(w, x)| w * x).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_weights_parse_and_round_trip() {
        let w = Weights::default();
        assert_eq!(Weights::from_json(&w.to_json("x")).unwrap(), w);
        assert!(Weights::from_json(r#"{"features":[{"name":"nope","weight":1}]}"#).is_err());
        for f in Feature::ALL {
            assert_eq!(Feature::from_name(f.name()), Some(f));
        }
    }
}
