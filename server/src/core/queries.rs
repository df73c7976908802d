//! Read paths shared by the CLI and the HTTP API.

use crate::core::app::App;
use crate::core::recommend::score::{case_concepts, case_facet};
use crate::core::views::{labels, CaseDetail, CaseSummary, Cite};
use corpus::extract::Case;
use corpus::Facet;
use serde::Serialize;

pub fn run_search(
    app: &App,
    q: &str,
    kind: Option<&str>,
    limit: usize,
    offset: usize,
) -> Result<index::Response, index::SearchError> {
    search_with(app, q, kind, limit, offset, index::Weights::default())
}

/// Search with explicit ranking weights (evaluation compares BM25, dense and hybrid).
pub fn search_with(
    app: &App,
    q: &str,
    kind: Option<&str>,
    limit: usize,
    offset: usize,
    weights: index::Weights,
) -> Result<index::Response, index::SearchError> {
    let ft = &app.stores.fulltext;
    let dense = weights.uses_dense() && app.embedder.is_some() && index::query::wants_dense(q);
    if !dense {
        return index::search(ft, &request(app, q, kind, limit, offset, weights, false));
    }
    // BM25 (with the query's concepts and the measuring of its candidates) runs on a second
    // thread while this one embeds the query, the longer of the two: a search costs about
    // that instead of their sum, and the embedding never waits for a new thread to start.
    std::thread::scope(|s| {
        let lexical = s.spawn(move || {
            let req = request(app, q, kind, limit, offset, weights, false);
            let started = std::time::Instant::now();
            let bm25 = index::search::retrieve(ft, &req);
            (req, bm25, started)
        });
        let dense = crate::core::vectors::neighbours(app, q, 200);
        let (mut req, bm25, started) = lexical
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        req.dense = dense;
        Ok(index::search::respond(ft, &req, bm25?, started))
    })
}

/// The best `limit` candidates of a search without its dense side, ranked by `weights`
/// with the given query concepts, not made into hits: recommendation reads only their
/// scores and matched words, and a hit's highlights cost more than its ranking.
pub fn ranked_lexical(
    app: &App,
    q: &str,
    kind: Option<&str>,
    limit: usize,
    concepts: &[String],
    weights: &index::Weights,
) -> Result<Vec<(index::search::Candidate, f32)>, index::SearchError> {
    let req = index::Request {
        q,
        kind,
        limit,
        offset: 0,
        dense: Vec::new(),
        query_concepts: concepts.to_vec(),
        weights: weights.clone(),
    };
    let c = index::search::candidates(&app.stores.fulltext, &req)?;
    let mut ranked = index::search::rank(c.list, weights);
    ranked.truncate(limit.clamp(1, index::search::MAX_LIMIT));
    Ok(ranked)
}

/// The labels of the concepts recognised in a query.
pub fn query_concepts(app: &App, q: &str) -> Vec<String> {
    let (concepts, _) = corpus::extract::extract_text(q, &app.kb);
    concepts.iter().map(|c| c.label.clone()).collect()
}

fn request<'a>(
    app: &App,
    q: &'a str,
    kind: Option<&'a str>,
    limit: usize,
    offset: usize,
    weights: index::Weights,
    dense: bool,
) -> index::Request<'a> {
    index::Request {
        q,
        kind,
        limit,
        offset,
        dense: if dense && index::query::wants_dense(q) {
            crate::core::vectors::neighbours(app, q, 200)
        } else {
            Vec::new()
        },
        query_concepts: query_concepts(app, q),
        weights,
    }
}

/// Every candidate of a search with its ranking features, unranked (evaluation and fitting
/// rank them under many weights).
pub fn search_candidates(
    app: &App,
    q: &str,
    kind: Option<&str>,
    dense: bool,
) -> Result<index::search::Candidates, index::SearchError> {
    let req = request(app, q, kind, 10, 0, index::Weights::zero(), dense);
    index::search::candidates(&app.stores.fulltext, &req)
}

fn case_summary(doc: &graph::docs::DocBrief, c: &Case) -> CaseSummary {
    let facets = Facet::ALL
        .iter()
        .map(|f| (f.label().to_string(), labels(case_facet(c, *f))))
        .collect();
    CaseSummary::of(doc, c, facets)
}

fn has_concept(c: &Case, needle: &str) -> bool {
    case_concepts(c).any(|x| {
        x.label == needle || x.concept == needle || x.concept.ends_with(&format!("/{needle}"))
    })
}

fn in_place(c: &Case, p: &str) -> bool {
    c.place.as_ref().is_some_and(|pl| {
        pl.name.contains(p) || pl.code.as_deref() == Some(p) || pl.parents.iter().any(|x| x == p)
    })
}

pub fn list_cases(
    app: &App,
    concept: Option<&str>,
    place: Option<&str>,
    domain: Option<&str>,
) -> anyhow::Result<Vec<CaseSummary>> {
    let mut out = Vec::new();
    for r in app.stores.briefs()?.iter() {
        for c in &r.extraction.cases {
            if concept.is_some_and(|k| !has_concept(c, k)) {
                continue;
            }
            if domain.is_some_and(|d| !c.domains.iter().any(|x| x.label == d || x.concept == d)) {
                continue;
            }
            if place.is_some_and(|p| !in_place(c, p)) {
                continue;
            }
            out.push(case_summary(&r.doc, c));
        }
    }
    Ok(out)
}

pub fn find_case(app: &App, id: &str) -> anyhow::Result<Option<CaseDetail>> {
    for r in app.stores.briefs()?.iter() {
        if let Some(c) = r.extraction.cases.iter().find(|c| c.id == id) {
            return Ok(Some(CaseDetail {
                case: case_summary(&r.doc, c),
                paths: c.paths.clone(),
                evidence: c.evidence.iter().map(|e| Cite::within(&r.doc, e)).collect(),
                outcome_figures: c.outcome_figures.clone(),
            }));
        }
    }
    Ok(None)
}

/// What `/api/analytics` answers.
#[derive(Debug, Serialize)]
pub struct Analytics {
    pub cases: usize,
    pub concepts: Vec<index::analytics::ConceptRank>,
    pub clusters: Vec<index::analytics::Cluster>,
}

/// Concept centrality and case clusters over every stored case.
pub fn analytics(app: &App) -> anyhow::Result<Analytics> {
    use index::analytics::{clusters, concept_centrality, CaseNode};
    let mut nodes = Vec::new();
    for r in app.stores.briefs()?.iter() {
        for c in &r.extraction.cases {
            let concepts = case_concepts(c)
                .map(|k| (k.concept.clone(), k.label.clone(), k.scheme.clone()))
                .collect();
            nodes.push(CaseNode {
                id: c.id.clone(),
                name: c.name.clone(),
                concepts,
            });
        }
    }
    let ranks = concept_centrality(&nodes);
    Ok(Analytics {
        cases: nodes.len(),
        concepts: ranks.into_iter().take(100).collect(),
        clusters: clusters(&nodes, 0.25),
    })
}
