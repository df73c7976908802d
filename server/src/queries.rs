//! Read paths shared by the CLI and the HTTP API.

use crate::app::App;
use serde_json::{json, Value};

pub fn run_search(
    app: &App,
    q: &str,
    kind: Option<&str>,
    limit: usize,
    offset: usize,
) -> Result<index::Response, index::SearchError> {
    search_with(app, q, kind, limit, offset, index::Weights::default())
}

/// Search with explicit fusion weights (evaluation compares BM25, dense and hybrid).
pub fn search_with(
    app: &App,
    q: &str,
    kind: Option<&str>,
    limit: usize,
    offset: usize,
    weights: index::Weights,
) -> Result<index::Response, index::SearchError> {
    let (concepts, _) = corpus::extract::extract_text(q, &app.kb);
    let req = index::Request {
        q,
        kind,
        limit,
        offset,
        dense: if weights.dense > 0.0 && index::query::wants_dense(q) {
            crate::vectors::neighbours(app, q, 200)
        } else {
            Vec::new()
        },
        query_concepts: concepts.iter().map(|c| c.label.clone()).collect(),
        weights,
    };
    index::search(&app.fulltext, &req)
}

fn case_summary(doc: &graph::docs::DocBrief, c: &corpus::extract::Case) -> Value {
    let labels = |v: &Vec<corpus::extract::ConceptRef>| {
        v.iter().map(|c| c.label.clone()).collect::<Vec<_>>()
    };
    json!({
        "id": c.id, "name": c.name,
        "document": {"id": doc.id, "title": doc.title, "source": doc.source},
        "place": c.place, "level": c.level,
        "facets": {
            "domain": labels(&c.domains), "actors": labels(&c.actors),
            "technologies": labels(&c.technologies), "mechanisms": labels(&c.mechanisms),
            "obstacles": labels(&c.obstacles), "outcomes": labels(&c.outcomes),
            "financing": labels(&c.financing), "operation": labels(&c.operation),
        },
    })
}

fn has_concept(c: &corpus::extract::Case, needle: &str) -> bool {
    index::recommend::CONCEPT_FACETS
        .iter()
        .flat_map(|f| index::recommend::case_facet(c, f))
        .any(|x| {
            x.label == needle || x.concept == needle || x.concept.ends_with(&format!("/{needle}"))
        })
}

pub fn list_cases(
    app: &App,
    concept: Option<&str>,
    place: Option<&str>,
    domain: Option<&str>,
) -> anyhow::Result<Vec<Value>> {
    let mut out = Vec::new();
    for r in app.briefs()?.iter() {
        for c in &r.extraction.cases {
            if concept.is_some_and(|k| !has_concept(c, k)) {
                continue;
            }
            if domain.is_some_and(|d| !c.domains.iter().any(|x| x.label == d || x.concept == d)) {
                continue;
            }
            if let Some(p) = place {
                let hit = c.place.as_ref().is_some_and(|pl| {
                    pl.name.contains(p)
                        || pl.code.as_deref() == Some(p)
                        || pl.parents.iter().any(|x| x == p)
                });
                if !hit {
                    continue;
                }
            }
            out.push(case_summary(&r.doc, c));
        }
    }
    Ok(out)
}

pub fn find_case(app: &App, id: &str) -> anyhow::Result<Option<Value>> {
    for r in app.briefs()?.iter() {
        if let Some(c) = r.extraction.cases.iter().find(|c| c.id == id) {
            let mut v = case_summary(&r.doc, c);
            v["paths"] = json!(c.paths);
            v["evidence"] = json!(c
                .evidence
                .iter()
                .map(|e| json!({"text": e.text, "source": r.doc.source, "lines": [e.lines.0, e.lines.1], "passage": e.passage}))
                .collect::<Vec<_>>());
            v["outcome_figures"] = json!(c.outcome_figures);
            return Ok(Some(v));
        }
    }
    Ok(None)
}

/// Concept centrality and case clusters over every stored case.
pub fn analytics(app: &App) -> anyhow::Result<Value> {
    use index::analytics::{clusters, concept_centrality, CaseNode};
    let mut nodes = Vec::new();
    for r in app.briefs()?.iter() {
        for c in &r.extraction.cases {
            let concepts = index::recommend::CONCEPT_FACETS
                .iter()
                .flat_map(|f| index::recommend::case_facet(c, f))
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
    Ok(json!({
        "cases": nodes.len(),
        "concepts": ranks.into_iter().take(100).collect::<Vec<_>>(),
        "clusters": clusters(&nodes, 0.25),
    }))
}
