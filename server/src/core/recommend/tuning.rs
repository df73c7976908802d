//! Every tuning constant of recommendation in one place; the facet weights and the
//! "nothing close" threshold are data (`server/data/recommend_weights.json`), fitted on the
//! tune scenarios of the development corpus by `gongchuang eval --dev --fit`.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The fitted weights file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fitted {
    #[serde(default)]
    pub note: String,
    /// The best case must reach this global score, or the answer is "nothing close".
    pub threshold: f64,
    /// A best case that nothing absolute backs (no concept shared, few of the scenario's
    /// words in its document) is close only from this score up; calibrated after `threshold`.
    #[serde(default = "never")]
    pub unbacked: f64,
    /// Facet name (`text`, `place`, `path`, `breadth` and the concept facets) → weight:
    /// what ranks the cases.
    pub weights: BTreeMap<String, f64>,
    /// The weights of the score `threshold` and `unbacked` read, the closest case's: how
    /// like the scenario a case is on an absolute scale. Ranking leans on signals scaled
    /// to the best document (always 1 there), which cannot say that nothing is close.
    /// Empty: `weights`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub closeness: BTreeMap<String, f64>,
    /// Search feature → weight for the BM25 lists of cases and passages recommendation reads
    /// (`index::rank` names; the dense ones are not read). Pinned here so that refitting
    /// search does not move recommendation; empty: search's weights, less the dense ones.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lexical: BTreeMap<String, f64>,
    /// "Nothing close" as models of the closest case's score and the scenario's strongest
    /// evidence, with vectors and without; `threshold` and `unbacked` decide where it is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
}

impl Fitted {
    /// The lexical weights recommendation ranks its BM25 lists by.
    pub fn lexical(&self) -> index::Weights {
        if self.lexical.is_empty() {
            return index::Weights::default().lexical();
        }
        let mut w = index::Weights::zero();
        for (name, v) in &self.lexical {
            w.set_named(name, *v as f32);
        }
        w.lexical()
    }
}

/// A score no case reaches: a rule with it never applies.
pub const NEVER: f64 = 2.0;

fn never() -> f64 {
    NEVER
}

/// The strongest absolute evidence the corpus holds for a scenario, whatever the case
/// (`signals::strongest`): the best raw cosine of a passage and of a case's own vector (none
/// without vectors) and the best rarity-weighted share of its words in a document; and how
/// many documents the corpus holds, since all are maxima over them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Strongest {
    pub cosine: Option<f64>,
    pub case_cosine: Option<f64>,
    pub coverage: f64,
    pub documents: usize,
}

/// What "nothing close" reads of one scenario: the closest case's score under the closeness
/// weights, whether absolute evidence backs it, and the strongest evidence.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Closest {
    pub best: f64,
    pub backed: bool,
    pub strongest: Strongest,
}

/// A logistic model of "something is close" over `Closest`: nothing is close where its logit
/// is below the cut, `below` on a corpus of `documents` documents. Scores the ranking scales
/// to the best case say nothing of how close that case is; a raw cosine and a share of rare
/// words do.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Logistic {
    pub bias: f64,
    pub best: f64,
    pub cosine: f64,
    pub coverage: f64,
    /// On the best case cosine: "nothing close" is said of cases, and a passage may match
    /// where no case does. 0 in files fitted before it.
    #[serde(default)]
    pub case_cosine: f64,
    pub below: f64,
    /// The corpus size `below` was calibrated on (0: any size).
    #[serde(default)]
    pub documents: usize,
    /// The cut calibrated on small corpora. A small corpus holds lower maxima, for scenarios
    /// with an analogue too, so its cut is lower; between the two sizes the cut follows the
    /// logarithm of the document count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub small: Option<SizedCut>,
}

/// A cut calibrated on corpora of `documents` documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct SizedCut {
    pub documents: usize,
    pub below: f64,
}

impl Logistic {
    pub fn logit(&self, c: &Closest) -> f64 {
        let s = c.strongest;
        self.bias
            + self.best * c.best
            + self.cosine * s.cosine.unwrap_or(0.0)
            + self.coverage * s.coverage
            + self.case_cosine * s.case_cosine.unwrap_or(0.0)
    }

    /// The cut for a corpus of `documents` documents: `below` from `self.documents` up,
    /// the small cut up to its size, between them linear in the log of the count.
    pub fn cut_at(&self, documents: usize) -> f64 {
        let Some(s) = self.small.filter(|s| s.documents < self.documents) else {
            return self.below;
        };
        let ln = |n: usize| (n.max(1) as f64).ln();
        let t = (ln(documents) - ln(s.documents)) / (ln(self.documents) - ln(s.documents));
        let t = t.clamp(0.0, 1.0);
        (1.0 - t) * s.below + t * self.below
    }

    pub fn refuses(&self, c: &Closest) -> bool {
        self.logit(c) < self.cut_at(c.strongest.documents)
    }
}

/// "Nothing close", fitted on the tune scenarios with and without an analogue
/// (`cut::fit_refusal`): `dense` for scenarios read with vectors of `encoder` (a model id:
/// cosines are on its scale), `lexical` (no cosine) for those read without vectors, or with
/// another encoder, measured without them for its fit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Refusal {
    pub encoder: String,
    pub dense: Logistic,
    pub lexical: Logistic,
}

/// How "nothing close" is decided: the model where there is one, else the closest case's
/// score under `threshold`, or unbacked and under `unbacked`.
#[derive(Debug, Clone, PartialEq)]
pub struct Cut {
    pub threshold: f64,
    pub unbacked: f64,
    pub model: Option<Refusal>,
    /// Whether the scenarios' cosines are read with the model's encoder.
    pub dense: bool,
}

impl Cut {
    /// The cut of the bundled weights file for scenarios read with `encoder` (a model id;
    /// none: without vectors).
    pub fn bundled(encoder: Option<&str>) -> Cut {
        let model = FITTED.refusal.clone();
        Cut {
            threshold: FITTED.threshold,
            unbacked: FITTED.unbacked,
            dense: model
                .as_ref()
                .is_some_and(|m| Some(m.encoder.as_str()) == encoder),
            model,
        }
    }

    /// The score rule alone.
    pub fn rule(threshold: f64, unbacked: f64) -> Cut {
        Cut {
            threshold,
            unbacked,
            model: None,
            dense: false,
        }
    }

    /// The model that decides for this scenario: the dense one where its cosine is on the
    /// encoder's scale, else the lexical one; none without a model (the score rule decides).
    pub fn logistic(&self, c: &Closest) -> Option<&Logistic> {
        let m = self.model.as_ref()?;
        Some(if self.dense && c.strongest.cosine.is_some() {
            &m.dense
        } else {
            &m.lexical
        })
    }

    pub fn nothing_close(&self, c: &Closest) -> bool {
        match self.logistic(c) {
            Some(m) => m.refuses(c),
            None => c.best < self.threshold || (!c.backed && c.best < self.unbacked),
        }
    }
}

pub const FITTED_JSON: &str = include_str!("../../../data/recommend_weights.json");

pub static FITTED: LazyLock<Fitted> =
    LazyLock::new(|| serde_json::from_str(FITTED_JSON).expect("bundled recommend_weights.json"));

/// Concepts at which a case's breadth (its concept count) is one half: breadth = n / (n + this).
pub const BREADTH_HALF: f64 = 20.0;
/// Share of the scenario's words the best case's document must contain when no concept
/// is shared.
pub const MIN_COVERAGE: f64 = 0.5;
pub const MAX_SCENARIO_CHARS: usize = 4000;
/// Limits on the optional facets and weights of a request: names, labels per facet, and
/// characters per label (a label is a concept name, a few words at most).
pub const MAX_FACETS: usize = 32;
pub const MAX_LABELS: usize = 32;
pub const MAX_LABEL_CHARS: usize = 100;
/// Shares of the BM25 text signal: the case's own text, the passages that name it, and its
/// document's best passage. Since a case's text reads on past its naming sentence
/// (`items::case_text`), its own BM25 tells it from its neighbours; the document's BM25 is
/// in `doc_bm25` (session 31, docs/ranking.md).
pub const W_CASE: f64 = 0.9;
pub const W_OWN: f64 = 0.1;
pub const W_DOC: f64 = 0.0;
/// Shares of the dense signal of the passages that name the case and of the document's
/// best passage, against the case's own vector.
pub const D_OWN: f64 = 0.9;
pub const D_DOC: f64 = 0.7;
/// e5 cosines of a scenario crowd into this range: it is spread over [0, 1].
pub const DENSE_FLOOR: f64 = 0.80;
pub const DENSE_SPAN: f64 = 0.12;
/// Shares of BM25 and cosine in the text facet.
pub const TEXT_BM25: f64 = 0.6;
pub const TEXT_DENSE: f64 = 0.4;
/// Below this a concept pair does not count as near.
pub const NEAR: f64 = 0.5;
/// What a loose concept of a case (`Case::loose`) matched by the scenario counts for, against
/// 1 for one of its facets: it shows as near. 0.5 and 0.7 gave the same figures on the
/// development corpus; 0.8 and more lowered tune (docs/ranking.md, session 12).
pub const LOOSE: f64 = 0.5;
/// Place similarity: same place, same city (two parent codes), same province, same level.
pub const PLACE_SAME: f64 = 1.0;
pub const PLACE_TWO_PARENTS: f64 = 0.7;
pub const PLACE_ONE_PARENT: f64 = 0.5;
pub const PLACE_SAME_LEVEL: f64 = 0.3;

/// Recommendation's ranking weights overridden for experiments with
/// `GONGCHUANG_REC_WEIGHTS=text=0.25,doc_bigrams=0.45` (facet names; the others as bundled).
pub fn env_weights() -> Option<std::collections::BTreeMap<String, f64>> {
    let spec = std::env::var("GONGCHUANG_REC_WEIGHTS").ok()?;
    let w = spec
        .split(',')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().parse().unwrap_or(0.0)))
        .collect();
    Some(w)
}
