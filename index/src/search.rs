//! Hybrid ranking: BM25 (field-boosted) and dense retrieval fused by weighted reciprocal rank,
//! plus a boost for concepts shared with the query. Every hit explains its score.

use crate::answer::{self, AnswerType};
use crate::fulltext::{FullText, Item};
use crate::query::{self, ParsedQuery, QueryError};
use corpus::normalize::script::fold_char;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Serialize)]
pub struct Weights {
    pub bm25: f32,
    pub dense: f32,
    pub graph: f32,
    /// Bonus for the share of distinct query words present in the hit's text.
    pub coverage: f32,
    /// Bonus for holding the kind of answer the question asks for (a number, a year, a count).
    pub answer: f32,
    /// RRF constant.
    pub k: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            bm25: 1.0,
            dense: 0.5,
            graph: 0.004,
            coverage: 0.03,
            answer: 0.0175,
            k: 60.0,
        }
    }
}

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
}

#[derive(Debug, Clone, Serialize)]
pub struct DocRef {
    pub id: String,
    pub title: String,
    pub source: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    #[serde(rename = "type")]
    pub kind: String,
    pub id: String,
    pub score: f32,
    pub document: DocRef,
    pub lines: [u32; 2],
    pub text: String,
    /// Character offsets into `text`, end exclusive.
    pub highlights: Vec<[usize; 2]>,
    pub genre: String,
    pub year: String,
    pub places: Vec<String>,
    pub explain: Explain,
}

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub query: ParsedQuery,
    pub took_ms: f64,
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: BTreeMap<String, BTreeMap<String, usize>>,
}

pub struct Request<'a> {
    pub q: &'a str,
    pub kind: Option<&'a str>,
    pub limit: usize,
    pub offset: usize,
    /// Dense neighbours of the query: (item id, cosine), best first.
    pub dense: Vec<(String, f32)>,
    /// Concept labels recognised in the query.
    pub query_concepts: Vec<String>,
    pub weights: Weights,
}

/// How many BM25 candidates are fused and counted for facets.
const CANDIDATES: usize = 200;
pub const MAX_LIMIT: usize = 100;

pub fn search(ft: &FullText, req: &Request) -> Result<Response, SearchError> {
    let started = std::time::Instant::now();
    let parsed = query::parse(req.q)?;
    let (q, words) = ft.build(&parsed, req.kind);
    if words.is_empty() && parsed.filters.is_empty() {
        return Err(QueryError::NoWords.into());
    }
    let (bm25, total) = ft.search(q.as_ref(), CANDIDATES)?;
    let w = &req.weights;
    let mut fused: HashMap<String, (Item, Explain, f32)> = HashMap::new();
    for (rank, h) in bm25.iter().enumerate() {
        let mut e = Explain {
            bm25: Some(RankScore {
                score: h.score,
                rank: rank + 1,
            }),
            ..Explain::default()
        };
        e.reason = "query terms in text".into();
        let s = w.bm25 / (w.k + rank as f32 + 1.0);
        fused.insert(h.item.id.clone(), (h.item.clone(), e, s));
    }
    // Dense neighbours join only when they pass the same filters as the BM25 query.
    let filtered = !parsed.filters.is_empty() || req.kind.is_some() || !parsed.excluded.is_empty();
    for (rank, (id, cos)) in req.dense.iter().enumerate() {
        let s = w.dense / (w.k + rank as f32 + 1.0);
        if let Some(entry) = fused.get_mut(id) {
            entry.1.dense = Some(RankScore {
                score: *cos,
                rank: rank + 1,
            });
            entry.2 += s;
            continue;
        }
        if filtered || rank >= CANDIDATES {
            continue;
        }
        if let Ok(Some(item)) = ft.get(id) {
            if req.kind.is_some_and(|k| k != item.kind) {
                continue;
            }
            let e = Explain {
                dense: Some(RankScore {
                    score: *cos,
                    rank: rank + 1,
                }),
                reason: "similar meaning, no query term matched (dense only)".into(),
                ..Explain::default()
            };
            fused.insert(id.clone(), (item, e, s));
        }
    }
    boost(req, &words, &mut fused);
    let mut ranked: Vec<(Item, Explain, f32)> = fused.into_values().collect();
    ranked.sort_by(|a, b| b.2.total_cmp(&a.2).then_with(|| a.0.id.cmp(&b.0.id)));
    let facets = facets(&ranked);
    let total = total.max(ranked.len());
    let limit = req.limit.clamp(1, MAX_LIMIT);
    let hits = ranked
        .into_iter()
        .skip(req.offset)
        .take(limit)
        .map(|(item, explain, score)| to_hit(item, explain, score, &words, &parsed.phrases))
        .collect();
    Ok(Response {
        query: parsed,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        total,
        hits,
        facets,
    })
}

/// The answer-type, concept and word-coverage boosts of every fused candidate.
fn boost(req: &Request, words: &[String], fused: &mut HashMap<String, (Item, Explain, f32)>) {
    let w = &req.weights;
    let qc: Vec<&String> = req.query_concepts.iter().collect();
    let wanted = answer::answer_type(req.q);
    for (item, e, s) in fused.values_mut() {
        if let Some(t) = wanted.as_ref().filter(|t| answer::holds(t, &item.text)) {
            e.answer = Some(t.clone());
            *s += w.answer;
        }
        let shared: Vec<String> = qc
            .iter()
            .filter(|c| item.concepts.contains(c))
            .map(|c| c.to_string())
            .collect();
        if !qc.is_empty() && !shared.is_empty() {
            e.graph_boost = w.graph * shared.len() as f32 / qc.len() as f32;
            *s += e.graph_boost;
        }
        e.matched_concepts = shared;
        // One containment test per word serves both the explanation and the coverage bonus.
        // Words of the title or an author name the document, so they count for all its
        // passages alike: coverage then tells passages apart by the remaining words.
        let covered: Vec<bool> = words
            .iter()
            .map(|t| {
                contains_ci(&item.text, t)
                    || contains_ci(&item.title, t)
                    || item.authors.iter().any(|a| a.contains(t.as_str()))
            })
            .collect();
        e.matched_terms = words
            .iter()
            .zip(&covered)
            .filter(|(_, &hit)| hit)
            .map(|(t, _)| t.clone())
            .collect();
        if !words.is_empty() {
            let n = covered.iter().filter(|&&hit| hit).count();
            *s += w.coverage * n as f32 / words.len() as f32;
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("index error: {0}")]
    Index(#[from] crate::error::IndexError),
}

fn contains_ci(text: &str, word: &str) -> bool {
    !highlight(text, &[word.to_string()]).is_empty()
}

fn to_hit(item: Item, explain: Explain, score: f32, words: &[String], phrases: &[String]) -> Hit {
    let mut terms: Vec<String> = words.to_vec();
    terms.extend(phrases.iter().cloned());
    let highlights = highlight(&item.text, &terms);
    Hit {
        kind: item.kind,
        id: item.id,
        score,
        document: DocRef {
            id: item.doc_id,
            title: item.title,
            source: item.source,
        },
        lines: [item.lines.0, item.lines.1],
        text: item.text,
        highlights,
        genre: item.genre,
        year: item.year,
        places: item.places,
        explain,
    }
}

/// Character spans of every occurrence of any term (case-insensitive, traditional and
/// simplified characters alike), merged.
pub fn highlight(text: &str, terms: &[String]) -> Vec<[usize; 2]> {
    let hay: Vec<char> = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(fold_char)
        .collect();
    if hay.len() != text.chars().count() {
        return Vec::new(); // lowercasing changed lengths; offsets would lie
    }
    let mut spans: Vec<[usize; 2]> = Vec::new();
    for t in terms {
        let needle: Vec<char> = t
            .chars()
            .flat_map(char::to_lowercase)
            .map(fold_char)
            .collect();
        if needle.is_empty() || needle.len() > hay.len() {
            continue;
        }
        for i in 0..=hay.len() - needle.len() {
            if hay[i..i + needle.len()] == needle[..] {
                spans.push([i, i + needle.len()]);
            }
        }
    }
    spans.sort();
    let mut merged: Vec<[usize; 2]> = Vec::new();
    for s in spans {
        match merged.last_mut() {
            Some(m) if s[0] <= m[1] => m[1] = m[1].max(s[1]),
            _ => merged.push(s),
        }
    }
    merged
}

fn facets(ranked: &[(Item, Explain, f32)]) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut f: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (item, _, _) in ranked {
        let mut add = |facet: &str, v: &str| {
            if !v.is_empty() {
                *f.entry(facet.into())
                    .or_default()
                    .entry(v.into())
                    .or_default() += 1;
            }
        };
        add("genre", &item.genre);
        add("year", &item.year);
        add("type", &item.kind);
        for p in &item.places {
            add("place", p);
        }
        for s in &item.schemes {
            add("scheme", s);
        }
    }
    f
}
