//! Case-based reasoning: per-facet local similarity (exact concepts, or near ones through
//! the thesaurus hierarchy), text similarity, place and path similarity, a weighted global
//! score, and an explanation of every contribution.

use corpus::extract::{Case, ConceptRef, Place, Thesaurus};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Facets compared as concept sets, with the case field each reads.
pub const CONCEPT_FACETS: &[&str] = &[
    "domain",
    "actors",
    "technologies",
    "mechanisms",
    "obstacles",
    "outcomes",
    "financing",
    "operation",
];

/// The scheme of the thesaurus that feeds each concept facet.
pub fn facet_of_scheme(scheme: &str) -> Option<&'static str> {
    Some(match scheme {
        "domain" => "domain",
        "actor" => "actors",
        "technology" => "technologies",
        "mechanism" => "mechanisms",
        "obstacle" => "obstacles",
        "outcome" => "outcomes",
        "financing" => "financing",
        "operation" => "operation",
        _ => return None,
    })
}

pub fn case_facet<'a>(c: &'a Case, facet: &str) -> &'a [ConceptRef] {
    match facet {
        "domain" => &c.domains,
        "actors" => &c.actors,
        "technologies" => &c.technologies,
        "mechanisms" => &c.mechanisms,
        "obstacles" => &c.obstacles,
        "outcomes" => &c.outcomes,
        "financing" => &c.financing,
        "operation" => &c.operation,
        _ => &[],
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Weights(pub BTreeMap<String, f64>);

impl Default for Weights {
    fn default() -> Self {
        let w = [
            ("text", 0.40),
            ("domain", 0.12),
            ("actors", 0.08),
            ("technologies", 0.10),
            ("mechanisms", 0.08),
            ("obstacles", 0.08),
            ("outcomes", 0.04),
            ("financing", 0.04),
            ("operation", 0.04),
            ("place", 0.05),
            ("path", 0.03),
        ];
        Weights(w.iter().map(|(k, v)| (k.to_string(), *v)).collect())
    }
}

/// The scenario read as a case.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct QueryCase {
    pub text: String,
    pub facets: BTreeMap<String, Vec<ConceptRef>>,
    pub place: Option<Place>,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct Near {
    pub query: String,
    pub case: String,
    pub similarity: f64,
}

#[derive(Debug, Clone, Serialize, Default)]
pub struct FacetScore {
    pub score: f64,
    pub weight: f64,
    /// weight × score / Σ weights of the facets used.
    pub contribution: f64,
    pub shared: Vec<String>,
    pub near: Vec<Near>,
    pub note: String,
}

/// Text evidence for one case: normalised BM25 and cosine.
#[derive(Debug, Clone, Copy, Default)]
pub struct TextSignal {
    pub bm25: f64,
    pub dense: f64,
}

/// Below this a concept pair does not count as near.
pub const NEAR: f64 = 0.5;

fn concept_facet(th: &Thesaurus, query: &[ConceptRef], case: &[ConceptRef]) -> Option<FacetScore> {
    if query.is_empty() {
        return None;
    }
    let mut f = FacetScore::default();
    let mut total = 0.0;
    for q in query {
        let mut best = (0.0, None);
        for c in case {
            let s = if c.concept == q.concept {
                1.0
            } else {
                th.similarity(&q.concept, &c.concept)
            };
            if s > best.0 {
                best = (s, Some(c));
            }
        }
        match best {
            (s, Some(c)) if s >= 1.0 => {
                f.shared.push(q.label.clone());
                total += 1.0;
                let _ = c;
            }
            (s, Some(c)) if s >= NEAR => {
                f.near.push(Near {
                    query: q.label.clone(),
                    case: c.label.clone(),
                    similarity: s,
                });
                total += s;
            }
            _ => {}
        }
    }
    f.score = total / query.len() as f64;
    Some(f)
}

fn place_facet(query: &Option<Place>, case: &Option<Place>) -> Option<FacetScore> {
    let q = query.as_ref()?;
    let mut f = FacetScore::default();
    let Some(c) = case else {
        return Some(f);
    };
    let codes =
        |p: &Place| -> Vec<String> { p.parents.iter().cloned().chain(p.code.clone()).collect() };
    let (qc, cc) = (codes(q), codes(c));
    let common = qc.iter().zip(&cc).take_while(|(a, b)| a == b).count();
    f.score = if q.code.is_some() && q.code == c.code {
        1.0
    } else if common >= 2 {
        0.7
    } else if common >= 1 {
        0.5
    } else if q.level == c.level {
        0.3
    } else {
        0.0
    };
    if f.score > 0.0 {
        f.shared.push(c.name.clone());
    }
    f.note = format!("{} ({}) vs {} ({})", q.name, q.level, c.name, c.level);
    Some(f)
}

/// Score one case against the query, with its explanation.
pub fn score_case(
    th: &Thesaurus,
    weights: &Weights,
    query: &QueryCase,
    case: &Case,
    text: TextSignal,
) -> (f64, BTreeMap<String, FacetScore>) {
    let mut facets: BTreeMap<String, FacetScore> = BTreeMap::new();
    let t = (0.6 * text.bm25 + 0.4 * text.dense.max(0.0)).min(1.0);
    facets.insert(
        "text".into(),
        FacetScore {
            score: t,
            note: format!(
                "BM25 {:.2} (normalised), cosine {:.2}",
                text.bm25, text.dense
            ),
            ..FacetScore::default()
        },
    );
    for name in CONCEPT_FACETS {
        let q = query.facets.get(*name).map(Vec::as_slice).unwrap_or(&[]);
        if let Some(f) = concept_facet(th, q, case_facet(case, name)) {
            facets.insert(name.to_string(), f);
        }
    }
    if let Some(f) = place_facet(&query.place, &case.place) {
        facets.insert("place".into(), f);
    }
    let stages = case.paths.iter().map(|p| p.stages.len()).max().unwrap_or(0);
    facets.insert(
        "path".into(),
        FacetScore {
            score: if stages >= 2 { 1.0 } else { 0.0 },
            note: format!("documented co-creation path with {stages} stages"),
            ..FacetScore::default()
        },
    );
    let wsum: f64 = facets
        .keys()
        .map(|k| weights.0.get(k).copied().unwrap_or(0.0))
        .sum();
    let mut total = 0.0;
    for (k, f) in facets.iter_mut() {
        f.weight = weights.0.get(k).copied().unwrap_or(0.0);
        f.contribution = if wsum > 0.0 {
            f.weight * f.score / wsum
        } else {
            0.0
        };
        total += f.contribution;
    }
    (total, facets)
}
