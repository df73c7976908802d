//! `gongchuang bench`: latency percentiles of search, recommend and SPARQL on the current
//! data dir, in-process (no HTTP), and the process's peak memory. Run by hand, never in tests.

use crate::core::app::App;
use serde::Serialize;
use std::time::Instant;

#[derive(Debug, Serialize)]
pub struct Latency {
    pub name: String,
    pub n: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

fn percentiles(name: &str, mut v: Vec<f64>) -> Latency {
    v.sort_by(f64::total_cmp);
    let at = |p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    Latency {
        name: name.into(),
        n: v.len(),
        p50_ms: at(0.5),
        p95_ms: at(0.95),
        p99_ms: at(0.99),
        max_ms: at(1.0),
    }
}

fn time<T>(f: impl FnOnce() -> T) -> f64 {
    let t = Instant::now();
    let _ = f();
    t.elapsed().as_secs_f64() * 1000.0
}

/// One line per question: its search hits (id, score bits, highlights) and recommended
/// cases (id, score bits), so that two builds can be shown to answer alike.
pub fn results(app: &App, queries: &[String]) -> Vec<serde_json::Value> {
    queries
        .iter()
        .map(|q| {
            let hits: Vec<_> = crate::core::queries::run_search(app, q, Some("passage"), 10, 0)
                .map(|r| r.hits)
                .unwrap_or_default()
                .into_iter()
                .map(|h| serde_json::json!([h.id, h.score.to_bits(), h.highlights]))
                .collect();
            let req = crate::core::recommend::Request {
                scenario: q.clone(),
                ..Default::default()
            };
            let cases: Vec<_> = crate::core::recommend::recommend(app, &req)
                .map(|r| r.cases.into_iter().chain(r.far).collect::<Vec<_>>())
                .unwrap_or_default()
                .into_iter()
                .map(|c| serde_json::json!([c.case.id, c.score.to_bits()]))
                .collect();
            serde_json::json!({"q": q, "search": hits, "recommend": cases})
        })
        .collect()
}

pub fn run(app: &App, queries: &[String], rounds: usize) -> Vec<Latency> {
    let mut search = Vec::new();
    let mut recommend = Vec::new();
    let mut sparql = Vec::new();
    let q_sparql = "SELECT ?c ?n WHERE { ?c a gc:Case ; skos:prefLabel ?n } LIMIT 100";
    for _ in 0..rounds {
        for q in queries {
            search.push(time(|| {
                crate::core::queries::run_search(app, q, Some("passage"), 10, 0)
            }));
            recommend.push(time(|| {
                crate::core::recommend::recommend(
                    app,
                    &crate::core::recommend::Request {
                        scenario: q.clone(),
                        ..Default::default()
                    },
                )
            }));
            sparql.push(time(|| {
                let (ev, _t) = graph::sparql::evaluator();
                app.stores.graph.run_query(
                    ev,
                    q_sparql,
                    &Default::default(),
                    "application/json",
                    1000,
                )
            }));
        }
    }
    vec![
        percentiles("search", search),
        percentiles("recommend", recommend),
        percentiles("sparql_select", sparql),
    ]
}
