//! The HTTP API over real HTTP, on the bundled corpus ingested once into a temp dir.

mod common;

use common::agent;
use once_cell::sync::Lazy;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;

const TOKEN: &str = "test-token-123";

/// Start one server per test binary: ingest the bundled corpus, serve on a free port.
static BASE: Lazy<String> = Lazy::new(|| {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    let app = Arc::new(server::App::open(dir.path()).unwrap());
    let s = server::core::ingest::ingest(&app, &[corpus::bundled_corpus_path()], None).unwrap();
    assert_eq!(s.documents, 40);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let cfg = server::http::Config {
        token: Some(TOKEN.into()),
        query_timeout: Duration::from_secs(3),
        max_results: 1000,
        cors_origins: Vec::new(),
        // Queries run in worker processes of the real binary, as under `serve`.
        workers: Some(Arc::new(server::http::workers::Pool::new(
            env!("CARGO_BIN_EXE_gongchuang").into(),
            server::http::workers::WORKER_MEMORY_MB,
            app.clone(),
        ))),
    };
    std::thread::spawn(move || {
        actix_web::rt::System::new()
            .block_on(async move { server::http::server(app, cfg, listener).unwrap().await })
            .unwrap();
    });
    base
});

fn get(path: &str) -> (u16, String) {
    let mut r = agent().get(&format!("{}{}", *BASE, path)).call().unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

fn get_json(path: &str) -> Value {
    let (status, body) = get(path);
    assert_eq!(status, 200, "{path}: {body}");
    serde_json::from_str(&body).unwrap()
}

fn enc(s: &str) -> String {
    graph::remote::url_encode(s)
}

#[test]
fn health_and_documents() {
    let h = get_json("/healthz");
    assert_eq!(h["status"], "ok");
    assert_eq!(h["documents"], 40);
    let docs = get_json("/api/documents");
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 40);
    for field in [
        "id", "source", "title", "authors", "date", "venue", "doi", "keywords", "genre", "passages",
    ] {
        assert!(docs[0].get(field).is_some(), "{field}");
    }
    let id = docs[0]["id"].as_str().unwrap();
    let one = get_json(&format!("/api/documents/{id}"));
    let passages = one["document"]["passages"].as_array().unwrap();
    assert!(!passages.is_empty());
    assert!(passages[0]["lines"].as_array().unwrap().len() == 2);
    assert!(!one["document"]["sections"].as_array().unwrap().is_empty());
    assert_eq!(get("/api/documents/nope").0, 404);
    assert_eq!(get("/api/documents/..%2F..%2Fetc%2Fpasswd").0, 404);
}

#[test]
fn search_finds_and_highlights() {
    let r = get_json(&format!(
        "/api/search?q={}&limit=5",
        enc("老旧小区 居民参与")
    ));
    let hits = r["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    for h in hits {
        let text: Vec<char> = h["text"].as_str().unwrap().chars().collect();
        for span in h["highlights"].as_array().unwrap() {
            let (a, b) = (
                span[0].as_u64().unwrap() as usize,
                span[1].as_u64().unwrap() as usize,
            );
            assert!(a < b && b <= text.len());
        }
        assert!(h["explain"]["bm25"]["rank"].as_u64().is_some());
        assert!(h["document"]["source"].as_str().is_some());
    }
    assert!(r["facets"]["genre"].is_object());
    let (status, body) = get(&format!("/api/search?q={}", enc("foo:bar")));
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("unknown filter"));
    let (status, _) = get("/api/search?q=");
    assert_eq!(status, 400);
}

fn sparql(query: &str, accept: &str) -> (u16, String, String) {
    let mut r = agent()
        .post(&format!("{}/sparql", *BASE))
        .header("Content-Type", "application/sparql-query")
        .header("Accept", accept)
        .send(query)
        .unwrap();
    let ct = r
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    (
        r.status().as_u16(),
        ct,
        r.body_mut().read_to_string().unwrap(),
    )
}

#[test]
fn sparql_protocol() {
    let q = "SELECT ?d ?t WHERE { ?d a gc:Document ; dcterms:title ?t } LIMIT 3";
    let (s, ct, body) = sparql(q, "application/sparql-results+json");
    assert_eq!(s, 200, "{body}");
    assert!(ct.starts_with("application/sparql-results+json"));
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["results"]["bindings"].as_array().unwrap().len(), 3);
    for (accept, want) in [
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
        ),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
    ] {
        let (s, ct, _) = sparql(q, accept);
        assert_eq!(s, 200);
        assert!(ct.starts_with(want), "{ct}");
    }
    let (s, _, body) = sparql(
        "ASK { ?c a gc:Document }",
        "application/sparql-results+json",
    );
    assert_eq!(s, 200);
    assert!(body.contains("true"));
    let (s, ct, body) = sparql(
        "CONSTRUCT { ?d dcterms:title ?t } WHERE { ?d dcterms:title ?t } LIMIT 2",
        "text/turtle",
    );
    assert_eq!(s, 200);
    assert!(ct.starts_with("text/turtle") && body.contains("title"));
    let (s, _, body) = sparql("SELEC nonsense", "application/json");
    assert_eq!(s, 400);
    assert!(body.contains("error"));
    // GET with form parameters.
    let (s, body) = get(&format!(
        "/sparql?query={}",
        enc("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    ));
    assert_eq!(s, 200, "{body}");
}

#[test]
fn sparql_update_needs_the_token() {
    let update = "INSERT DATA { GRAPH <urn:test> { <urn:a> <urn:b> \"c\" } }";
    let post = |auth: Option<&str>| {
        let mut req = agent()
            .post(&format!("{}/sparql", *BASE))
            .header("Content-Type", "application/sparql-update");
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        req.send(update).unwrap().status().as_u16()
    };
    assert_eq!(post(None), 401);
    assert_eq!(post(Some("Bearer wrong")), 401);
    assert_eq!(post(Some(&format!("Bearer {TOKEN}"))), 204);
    let (s, _, body) = sparql(
        "ASK { GRAPH <urn:test> { <urn:a> <urn:b> \"c\" } }",
        "application/json",
    );
    assert_eq!(s, 200);
    assert!(body.contains("true"));
}

#[test]
fn slow_sparql_is_stopped() {
    // A cross product and a closure over every edge: hours of work on this data.
    let slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a (!rdf:type)* ?b . ?c ?d ?e }";
    let started = std::time::Instant::now();
    let (s, _, body) = sparql(slow, "application/json");
    assert_eq!(s, 503, "{body}");
    assert!(body.contains("timeout"));
    assert!(started.elapsed() < Duration::from_secs(30));
    // The server still answers.
    let (s, _, _) = sparql("ASK { ?s ?p ?o }", "application/json");
    assert_eq!(s, 200);
}

#[test]
fn huge_body_is_refused() {
    let big = "x".repeat(3 * 1024 * 1024);
    let r = agent()
        .post(&format!("{}/sparql", *BASE))
        .header("Content-Type", "application/sparql-query")
        .send(&big)
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
}

/// Every example query of docs/ontology.md runs and returns rows.
#[test]
fn ontology_examples_run() {
    let md = include_str!("../../docs/ontology.md");
    let mut n = 0;
    for block in md.split("<!-- query: ").skip(1) {
        let name = block.split(' ').next().unwrap();
        let q = block
            .split("```sparql")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap();
        let (s, _, body) = sparql(q, "application/sparql-results+json");
        assert_eq!(s, 200, "{name}: {body}");
        let v: Value = serde_json::from_str(&body).unwrap();
        let rows = v["results"]["bindings"].as_array().unwrap().len();
        assert!(rows > 0, "{name} returned no rows");
        n += 1;
    }
    assert!(n >= 6, "{n} example queries");
}

#[test]
fn graph_store_read() {
    let docs = get_json("/api/documents");
    let id = docs[0]["id"].as_str().unwrap();
    let g = format!("https://w3id.org/gongchuang/graph/doc/{id}");
    let mut r = agent()
        .get(&format!("{}/store?graph={}", *BASE, enc(&g)))
        .header("Accept", "application/n-triples")
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let body = r.body_mut().read_to_string().unwrap();
    assert!(body.lines().count() > 100 && body.contains("Passage"));
    assert_eq!(get(&format!("/store?graph={}", enc("urn:none"))).0, 404);
}

#[test]
fn metrics_and_request_ids() {
    let mut r = agent().get(&format!("{}/healthz", *BASE)).call().unwrap();
    assert!(r.headers().get("x-request-id").is_some());
    assert_eq!(
        r.headers().get("x-content-type-options").unwrap(),
        "nosniff"
    );
    let _ = r.body_mut().read_to_string();
    let (status, body) = get("/metrics");
    assert_eq!(status, 200);
    assert!(body.contains("gongchuang_documents 40"), "{body}");
    assert!(body.contains("gongchuang_requests_total{area=\"other\"}"));
}

#[test]
fn case_analytics() {
    let a = get_json("/api/analytics");
    let concepts = a["concepts"].as_array().unwrap();
    assert!(concepts.len() > 10);
    let ranks: Vec<f64> = concepts
        .iter()
        .map(|c| c["pagerank"].as_f64().unwrap())
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] >= w[1]),
        "sorted by centrality"
    );
    assert!(!a["clusters"].as_array().unwrap().is_empty());
}

#[test]
fn recommend_over_http() {
    let body = serde_json::json!({
        "scenario": "老旧小区改造中居民参与不足，希望借助数字平台和社区议事机制。",
        "facets": {"domain": ["老旧小区改造"], "place": "苏州市"},
        "limit": 3
    });
    let mut r = agent()
        .post(&format!("{}/api/recommend", *BASE))
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    assert!(v["cases"].as_array().unwrap().len() <= 3);
    assert!(v["query_case"]["facets"]["domain"].as_array().is_some());
    let mut r = agent()
        .post(&format!("{}/api/recommend", *BASE))
        .header("Content-Type", "application/json")
        .send("{\"scenario\": \"\"}")
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let _ = r.body_mut().read_to_string();
}

#[test]
fn graph_store_writes_need_the_token() {
    let g = enc("urn:gsp-test");
    let put = |auth: Option<&str>, body: &str| {
        let mut req = agent()
            .put(&format!("{}/store?graph={g}", *BASE))
            .header("Content-Type", "text/turtle");
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        req.send(body).unwrap().status().as_u16()
    };
    assert_eq!(put(None, "<urn:a> <urn:b> <urn:c> ."), 401);
    assert_eq!(
        put(
            Some(&format!("Bearer {TOKEN}")),
            "<urn:a> <urn:b> <urn:c> ."
        ),
        204
    );
    assert_eq!(put(Some(&format!("Bearer {TOKEN}")), "not turtle <<<"), 400);
    let (s, _, body) = sparql(
        "ASK { GRAPH <urn:gsp-test> { <urn:a> <urn:b> <urn:c> } }",
        "application/json",
    );
    assert_eq!(s, 200);
    assert!(body.contains("true"));
    let del = agent()
        .delete(&format!("{}/store?graph={g}", *BASE))
        .header("Authorization", &format!("Bearer {TOKEN}"))
        .call()
        .unwrap();
    assert_eq!(del.status().as_u16(), 204);
}
