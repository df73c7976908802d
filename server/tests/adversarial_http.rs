//! Hostile and careless HTTP over a real server: recommend facets without bound, slow
//! recommend and search, bad updates, paths of the server's disk, wrong methods and HEAD.
//! Two servers share one small data dir (three seed documents): one as configured by
//! default (with a token), one whose deadline every request misses.

mod common;

use common::{agent, start};
use once_cell::sync::Lazy;
use std::time::Duration;

const TOKEN: &str = "hostile-http-token";

struct Servers {
    plain: String,
    hurried: String,
}

static SERVERS: Lazy<Servers> = Lazy::new(|| {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    let (_, app) = common::three_documents(dir.path());
    let cfg = server::http::Config {
        token: Some(TOKEN.into()),
        query_timeout: Duration::from_secs(5),
        max_results: 1000,
        ..Default::default()
    };
    let hurried = server::http::Config {
        query_timeout: Duration::from_millis(1),
        ..cfg.clone()
    };
    Servers {
        plain: start(app.clone(), cfg),
        hurried: start(app, hurried),
    }
});

/// Status, header block and body of a request sent exactly as written.
fn raw(base: &str, method: &str, path: &str, body: &str) -> (u16, String, String) {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let _ = write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let out = String::from_utf8_lossy(&bytes).into_owned();
    let (head, body) = out.split_once("\r\n\r\n").unwrap_or((&out, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

fn recommend(base: &str, body: &serde_json::Value) -> (u16, String) {
    let mut r = agent()
        .post(&format!("{base}/api/recommend"))
        .header("Content-Type", "application/json")
        .send(&body.to_string())
        .unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

#[test]
fn recommend_facets_are_limited_and_never_echoed() {
    let base = &SERVERS.plain;
    let scenario = "老旧小区改造中居民参与不足";
    // 54,000 labels in one facet.
    let many: Vec<String> = (0..54_000).map(|i| format!("l{i}")).collect();
    let (status, body) = recommend(
        base,
        &serde_json::json!({"scenario": scenario, "facets": {"actors": many}}),
    );
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("labels"), "a reason: {body}");
    // One label of 980 KB (under the body limit): refused, and not echoed back.
    let long = "社".repeat(980 * 1024 / 3);
    let (status, body) = recommend(
        base,
        &serde_json::json!({"scenario": scenario, "facets": {"actors": [long]}}),
    );
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("characters"), "a reason: {body}");
    assert!(
        body.len() < 1000,
        "the answer is short: {} bytes",
        body.len()
    );
    // Too many facet names, or weights.
    let names: serde_json::Map<String, serde_json::Value> = (0..100)
        .map(|i| (format!("f{i}"), serde_json::json!("社区")))
        .collect();
    let (status, body) = recommend(
        base,
        &serde_json::json!({"scenario": scenario, "facets": names}),
    );
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("facets"), "a reason: {body}");
    // Within the limits it answers.
    let (status, body) = recommend(
        base,
        &serde_json::json!({"scenario": scenario, "facets": {"actors": ["居民", "政府"]}}),
    );
    assert_eq!(status, 200, "{body}");
}

#[test]
fn recommend_and_search_answer_503_past_their_deadline() {
    let base = &SERVERS.hurried;
    // Long inputs (within their limits): reading them takes longer than the 1 ms deadline.
    let scenario = "老旧小区改造中居民参与不足，希望借助数字平台和社区议事机制。".repeat(130);
    let (status, body) = recommend(base, &serde_json::json!({ "scenario": scenario }));
    assert_eq!(status, 503, "{body:.300}");
    assert!(body.contains("took longer"), "a reason: {body}");
    let q = graph::remote::url_encode(&"社区更新 居民参与 ".repeat(180));
    let (status, _, body) = raw(base, "GET", &format!("/api/search?q={q}"), "");
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("took longer"), "a reason: {body}");
}

fn update(base: &str, u: &str) -> (u16, String) {
    let mut r = agent()
        .post(&format!("{base}/sparql"))
        .header("Content-Type", "application/sparql-update")
        .header("Authorization", &format!("Bearer {TOKEN}"))
        .send(u)
        .unwrap();
    (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
}

#[test]
fn a_bad_update_is_the_clients_error() {
    let base = &SERVERS.plain;
    let g = "<https://example.org/hostile/graph>";
    assert_eq!(update(base, &format!("CREATE GRAPH {g}")).0, 204);
    for u in [
        format!("CREATE GRAPH {g}"),
        "DROP GRAPH <https://example.org/hostile/none>".to_string(),
        "CLEAR GRAPH <https://example.org/hostile/none>".to_string(),
        "INSERT DATA { <a> <b> ".to_string(),
        "LOAD <http://127.0.0.1:1/nothing.ttl>".to_string(),
        format!(
            "INSERT DATA {{ GRAPH {g} {}{} }}",
            "( ".repeat(500),
            ")".repeat(500)
        ),
    ] {
        let (status, body) = update(base, &u);
        assert_eq!(status, 400, "{u}: {body}");
        assert!(body.contains("\"error\""), "a reason: {body}");
    }
    assert_eq!(update(base, &format!("DROP GRAPH {g}")).0, 204);
}

#[test]
fn source_paths_are_not_the_servers() {
    let base = &SERVERS.plain;
    let (status, _, body) = raw(base, "GET", "/api/documents", "");
    assert_eq!(status, 200);
    let docs: serde_json::Value = serde_json::from_str(&body).unwrap();
    let id = docs[0]["id"].as_str().unwrap();
    let (_, _, body) = raw(base, "GET", &format!("/api/documents/{id}"), "");
    let doc: serde_json::Value = serde_json::from_str(&body).unwrap();
    let file = doc["document"]["file"].as_str().unwrap();
    assert!(!file.starts_with('/'), "{file}");
    let (_, _, body) = raw(base, "GET", &format!("/api/documents/{id}/source"), "");
    let src: serde_json::Value = serde_json::from_str(&body).unwrap();
    let file = src["file"].as_str().unwrap();
    assert_eq!(file, "three.txt");
    let tmp = std::env::temp_dir().display().to_string();
    assert!(!body.contains(&tmp), "no server path in {body:.300}");
    // Nor in the graph, which anyone may query.
    let q = "SELECT ?f WHERE { ?d <https://w3id.org/gongchuang/ns#sourceFile> ?f }";
    let path = format!("/sparql?query={}", graph::remote::url_encode(q));
    let (status, _, body) = raw(base, "GET", &path, "");
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("three.txt") && !body.contains(&tmp),
        "{body:.300}"
    );
}

#[test]
fn wrong_methods_answer_405_with_allow() {
    let base = &SERVERS.plain;
    for (method, path, allow) in [
        ("DELETE", "/api/search?q=x", "GET, HEAD"),
        ("PATCH", "/api/documents", "GET, HEAD, POST"),
        ("POST", "/api/documents/d1", "GET, HEAD, PUT, DELETE"),
        ("PUT", "/sparql", "GET, HEAD, POST"),
        ("GET", "/api/recommend", "POST"),
        ("PATCH", "/store", "GET, HEAD, PUT, POST, DELETE"),
        ("DELETE", "/healthz", "GET, HEAD"),
        ("POST", "/ui/", "GET, HEAD"),
    ] {
        let (status, head, body) = raw(base, method, path, "{}");
        assert_eq!(status, 405, "{method} {path}: {head}");
        assert_eq!(
            header(&head, "allow"),
            Some(allow),
            "{method} {path}: {head}"
        );
        assert!(body.contains("\"error\""), "a reason: {body}");
    }
    // An unknown path is still 404.
    assert_eq!(raw(base, "GET", "/api/nothing", "").0, 404);
}

#[test]
fn head_answers_wherever_get_does() {
    let base = &SERVERS.plain;
    for path in [
        "/healthz",
        "/metrics",
        "/api/documents",
        "/api/search?q=%E7%A4%BE%E5%8C%BA",
        "/api/cases",
        "/sparql?query=ASK%7B%7D",
        "/ui/",
    ] {
        let (get, get_head, _) = raw(base, "GET", path, "");
        let (status, head, body) = raw(base, "HEAD", path, "");
        assert_eq!(get, 200, "GET {path}");
        assert_eq!(status, 200, "HEAD {path}: {head}");
        assert!(body.is_empty(), "HEAD {path} has no body");
        assert_eq!(
            header(&head, "content-type"),
            header(&get_head, "content-type"),
            "{path}"
        );
    }
}

#[test]
fn deep_turtle_on_the_store_protocol_does_not_kill_the_server() {
    let base = &SERVERS.plain;
    let deep = format!(
        "<https://example.org/s> <https://example.org/p> {}<https://example.org/o>{} .",
        "[ <https://example.org/p> ".repeat(20_000),
        " ]".repeat(20_000)
    );
    let r = agent()
        .put(&format!(
            "{base}/store?graph=https%3A%2F%2Fexample.org%2Fhostile%2Fdeep"
        ))
        .header("Content-Type", "text/turtle")
        .header("Authorization", &format!("Bearer {TOKEN}"))
        .send(&deep)
        .unwrap();
    let status = r.status().as_u16();
    assert!(status == 204 || status == 400, "{status}");
    assert_eq!(raw(base, "GET", "/healthz", "").0, 200);
}

/// The in-process evaluation (remote store, `--in-process-queries`) takes the same nesting.
#[test]
fn nesting_at_the_limit_runs_in_process_and_beyond_it_is_refused() {
    let base = &SERVERS.plain;
    let n = graph::nesting::MAX_NESTING;
    let q = |depth: usize| format!("ASK {}{}", "{ ".repeat(depth), "}".repeat(depth));
    let post = |q: String| {
        let mut r = agent()
            .post(&format!("{base}/sparql"))
            .header("Content-Type", "application/sparql-query")
            .send(&q)
            .unwrap();
        (r.status().as_u16(), r.body_mut().read_to_string().unwrap())
    };
    let (status, body) = post(q(n));
    assert_eq!(status, 200, "{body}");
    let (status, body) = post(q(n + 1));
    assert_eq!(status, 400, "{body}");
    assert!(body.contains("nested"), "a reason: {body}");
}
