//! Hybrid ranking: BM25 (field-boosted) and dense candidates, each measured by every
//! ranking feature (`rank::Feature`) and ranked by the weighted sum of its features, with
//! weights fitted on the development corpus (`rank_weights.json`). Every hit explains its score.

pub use crate::candidate::{Candidate, Explain, RankScore};
use crate::features::{self, Measure, QueryView, Raw};
use crate::fulltext::{FullText, Item};
use crate::query::{self, ParsedQuery, QueryError};
pub use crate::rank::Weights;
use crate::rank::{Feature, Features};
use corpus::normalize::script::fold_char;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

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

/// Every candidate of a query (BM25 and dense), with its features.
pub struct Candidates {
    pub parsed: ParsedQuery,
    pub words: Vec<String>,
    pub total: usize,
    pub list: Vec<Candidate>,
}

/// The BM25 side of a query, retrieved and measured before its dense neighbours are
/// needed (a caller can embed the query meanwhile and join the two with `candidates_of`).
pub struct Retrieved {
    parsed: ParsedQuery,
    words: Vec<String>,
    total: usize,
    measure: Measure,
    bm25: Vec<(Candidate, Raw)>,
}

/// Parse the query, run BM25 and measure its candidates; `req.dense` is not read.
pub fn retrieve(ft: &FullText, req: &Request) -> Result<Retrieved, SearchError> {
    let parsed = query::parse(req.q)?;
    let (q, words) = ft.build(&parsed, req.kind);
    if words.is_empty() && parsed.filters.is_empty() {
        return Err(QueryError::NoWords.into());
    }
    let (hits, total) = ft.search(q.as_ref(), CANDIDATES)?;
    let measure = Measure::new(
        ft,
        &QueryView {
            q: req.q,
            words: &words,
            concepts: &req.query_concepts,
        },
    );
    let bm25 = hits
        .into_iter()
        .enumerate()
        .map(|(rank, h)| {
            let explain = Explain {
                bm25: Some(RankScore {
                    score: h.score,
                    rank: rank + 1,
                }),
                reason: "query terms in text".into(),
                ..Explain::default()
            };
            let mut c = Candidate {
                item: h.item,
                explain,
                features: Features::default(),
            };
            let raw = measure.one(&mut c);
            (c, raw)
        })
        .collect();
    Ok(Retrieved {
        parsed,
        words,
        total,
        measure,
        bm25,
    })
}

/// The candidates of a query, measured but not ranked (ranking and fitting share them).
pub fn candidates(ft: &FullText, req: &Request) -> Result<Candidates, SearchError> {
    Ok(candidates_of(ft, req, retrieve(ft, req)?))
}

/// The BM25 candidates of `r` joined with the dense neighbours of `req`, measured.
pub fn candidates_of(ft: &FullText, req: &Request, r: Retrieved) -> Candidates {
    let Retrieved {
        parsed,
        words,
        total,
        measure,
        bm25,
    } = r;
    let mut fused: HashMap<String, (Candidate, Raw)> = bm25
        .into_iter()
        .map(|(c, raw)| (c.item.id.clone(), (c, raw)))
        .collect();
    // Dense neighbours join only when they pass the same filters as the BM25 query.
    let filtered = !parsed.filters.is_empty() || req.kind.is_some() || !parsed.excluded.is_empty();
    let dense_only: Vec<&str> = req
        .dense
        .iter()
        .take(CANDIDATES)
        .map(|(id, _)| id.as_str())
        .filter(|id| !filtered && !fused.contains_key(*id))
        .collect();
    // As before, a failed lookup only loses dense-only candidates.
    let mut fetched = ft.get_many(&dense_only).unwrap_or_default();
    for (rank, (id, cos)) in req.dense.iter().enumerate() {
        let dense = Some(RankScore {
            score: *cos,
            rank: rank + 1,
        });
        if let Some((entry, _)) = fused.get_mut(id) {
            entry.explain.dense = dense;
            continue;
        }
        if let Some(item) = fetched.remove(id) {
            if req.kind.is_some_and(|k| k != item.kind) {
                continue;
            }
            let explain = Explain {
                dense,
                reason: "similar meaning, no query term matched (dense only)".into(),
                ..Explain::default()
            };
            let mut c = Candidate {
                item,
                explain,
                features: Features::default(),
            };
            let raw = measure.one(&mut c);
            fused.insert(id.clone(), (c, raw));
        }
    }
    let mut both: Vec<(Candidate, Raw)> = fused.into_values().collect();
    // A fixed order, so that equal scores rank the same way every time.
    both.sort_by(|a, b| a.0.item.id.cmp(&b.0.item.id));
    let (mut list, raw): (Vec<Candidate>, Vec<Raw>) = both.into_iter().unzip();
    measure.finish(&mut list, &raw);
    Candidates {
        parsed,
        words,
        total,
        list,
    }
}

/// Candidates ranked by the weighted sum of their features, best first (ties by id).
pub fn rank(list: Vec<Candidate>, w: &Weights) -> Vec<(Candidate, f32)> {
    let mut ranked: Vec<(Candidate, f32)> = list
        .into_iter()
        .map(|c| {
            let s = w.score(&c.features);
            (c, s)
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.0.item.id.cmp(&b.0.item.id))
    });
    ranked
}

pub fn search(ft: &FullText, req: &Request) -> Result<Response, SearchError> {
    let started = std::time::Instant::now();
    Ok(respond(ft, req, retrieve(ft, req)?, started))
}

/// The response to `req` from its BM25 side `r` (`retrieve`) and `req.dense`; `took_ms`
/// counts from `started`.
pub fn respond(
    ft: &FullText,
    req: &Request,
    r: Retrieved,
    started: std::time::Instant,
) -> Response {
    let c = candidates_of(ft, req, r);
    let ranked = rank(c.list, &req.weights);
    let facets = facets(&ranked);
    let total = c.total.max(ranked.len());
    let limit = req.limit.clamp(1, MAX_LIMIT);
    let w = &req.weights;
    let hits = ranked
        .into_iter()
        .skip(req.offset)
        .take(limit)
        .map(|(mut cand, score)| {
            cand.explain.graph_boost =
                w.get(Feature::Concepts) * cand.features.get(Feature::Concepts);
            cand.explain.features = Feature::ALL
                .into_iter()
                .filter(|f| w.get(*f) != 0.0)
                .map(|f| (f.name(), cand.features.get(f)))
                .collect();
            to_hit(cand.item, cand.explain, score, &c.words, &c.parsed.phrases)
        })
        .collect();
    Response {
        query: c.parsed,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        total,
        hits,
        facets,
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("index error: {0}")]
    Index(#[from] crate::error::IndexError),
}

fn to_hit(
    item: Arc<Item>,
    explain: Explain,
    score: f32,
    words: &[String],
    phrases: &[String],
) -> Hit {
    let item = Arc::unwrap_or_clone(item);
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
    let hay = fold_all(text);
    if hay.len() != text.chars().count() {
        return Vec::new(); // lowercasing changed lengths; offsets would lie
    }
    let needles: Vec<Vec<char>> = terms.iter().map(|t| fold_all(t)).collect();
    let mut spans: Vec<[usize; 2]> = Vec::new();
    features::Needles::new(&needles).each(&hay, |j, i| spans.push([i, i + needles[j].len()]));
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

/// Every char of the lower case, traditional folded to simplified. Han characters
/// (U+3400–U+9FFF, most of a text) have no case: `to_lowercase` would search for each.
fn fold_all(s: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    for c in s.chars() {
        if ('\u{3400}'..='\u{9fff}').contains(&c) {
            out.push(fold_char(c));
        } else {
            out.extend(c.to_lowercase().map(fold_char));
        }
    }
    out
}

fn facets(ranked: &[(Candidate, f32)]) -> BTreeMap<String, BTreeMap<String, usize>> {
    let mut f: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
    for (c, _) in ranked {
        let item = &c.item;
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
