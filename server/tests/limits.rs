//! Limits and security over real HTTP: CORS (off by default), path traversal, SERVICE,
//! query lengths, malformed query strings, huge result sets, the default bind address.
//! Two servers share one small data dir (three seed documents): one with the default
//! configuration, one with a CORS origin.

mod common;

use common::{agent, start};
use once_cell::sync::Lazy;
use std::time::Duration;

const ALLOWED: &str = "https://allowed.example";

struct Servers {
    plain: String,
    cors: String,
}

static SERVERS: Lazy<Servers> = Lazy::new(|| {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    let (_, app) = common::three_documents(dir.path());
    let cfg = server::http::Config {
        query_timeout: Duration::from_secs(3),
        max_results: 1000,
        ..Default::default()
    };
    let cors = server::http::Config {
        cors_origins: vec![ALLOWED.into()],
        ..cfg.clone()
    };
    Servers {
        plain: start(app.clone(), cfg),
        cors: start(app, cors),
    }
});

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn reply(mut r: ureq::http::Response<ureq::Body>) -> Reply {
    let headers = r
        .headers()
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_str().unwrap_or("").to_string()))
        .collect();
    Reply {
        status: r.status().as_u16(),
        headers,
        body: r.body_mut().read_to_string().unwrap_or_default(),
    }
}

fn get(base: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
    let mut req = agent().get(&format!("{base}{path}"));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    reply(req.call().unwrap())
}

fn enc(s: &str) -> String {
    graph::remote::url_encode(s)
}

/// `path` sent exactly as written (no client-side normalisation of `..`). Status 0: the
/// server closed the connection without an answer we could read.
fn raw_get(base: &str, path: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let addr = base.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    let _ = write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    );
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    let out = String::from_utf8_lossy(&bytes).into_owned();
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    (status, out)
}

#[test]
fn cors_is_off_by_default() {
    let base = &SERVERS.plain;
    let r = get(base, "/healthz", &[("Origin", ALLOWED)]);
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_none());
    let r = reply(
        agent()
            .options(&format!("{base}/sparql"))
            .header("Origin", ALLOWED)
            .header("Access-Control-Request-Method", "POST")
            .call()
            .unwrap(),
    );
    assert!(r.header("access-control-allow-origin").is_none());
}

#[test]
fn cors_allows_the_configured_origin_only() {
    let base = &SERVERS.cors;
    let q = format!("/api/search?q={}", enc("社区"));
    let r = get(base, &q, &[("Origin", ALLOWED)]);
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("access-control-allow-origin"), Some(ALLOWED));
    // Another origin is served (curl and friends work) but gets no CORS header, so a browser
    // page there cannot read the answer.
    let r = get(base, &q, &[("Origin", "https://evil.example")]);
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_none());
    // No Origin (not a cross-site browser call): nothing changes.
    let r = get(base, &q, &[]);
    assert!(r.header("access-control-allow-origin").is_none());
}

#[test]
fn cors_preflight_for_sparql_and_search() {
    let base = &SERVERS.cors;
    for (path, method, headers) in [
        ("/sparql", "POST", "content-type"),
        ("/api/search?q=x", "GET", "accept"),
    ] {
        let r = reply(
            agent()
                .options(&format!("{base}{path}"))
                .header("Origin", ALLOWED)
                .header("Access-Control-Request-Method", method)
                .header("Access-Control-Request-Headers", headers)
                .call()
                .unwrap(),
        );
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        assert_eq!(r.header("access-control-allow-origin"), Some(ALLOWED));
        let methods = r.header("access-control-allow-methods").unwrap_or("");
        assert!(methods.contains(method), "{path}: {methods}");
        let allowed = r.header("access-control-allow-headers").unwrap_or("");
        assert!(allowed.to_lowercase().contains(headers), "{allowed}");
    }
    let r = reply(
        agent()
            .options(&format!("{base}/sparql"))
            .header("Origin", "https://evil.example")
            .header("Access-Control-Request-Method", "POST")
            .call()
            .unwrap(),
    );
    assert!(r.header("access-control-allow-origin").is_none());
}

#[test]
fn cors_origins_are_validated() {
    assert!(server::http::check_origin("https://a.example:8443").is_ok());
    assert!(server::http::check_origin("http://127.0.0.1:3000").is_ok());
    for bad in [
        "*",
        "a.example",
        "https://a.example/path",
        "ftp://x",
        "https://",
    ] {
        assert!(server::http::check_origin(bad).is_err(), "{bad}");
    }
}

#[test]
fn no_path_traversal() {
    let base = &SERVERS.plain;
    let id = get(base, "/api/documents", &[]).body;
    let id: serde_json::Value = serde_json::from_str(&id).unwrap();
    let id = id[0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        get(base, &format!("/api/documents/{id}/source"), &[]).status,
        200
    );
    for path in [
        "/ui/../../../../etc/passwd",
        "/ui/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/ui/..%2f..%2f..%2fetc%2fpasswd",
        "/ui/%2e%2e%2f%2e%2e%2fCargo.toml",
        "/ui/js/../../Cargo.toml",
        "/ui/....//....//etc/passwd",
        "/api/documents/..%2F..%2F..%2Fetc%2Fpasswd/source",
        "/api/documents/%2e%2e/source",
        "/api/documents/%2e%2e%2f%2e%2e%2fCargo.toml/source",
        "/api/documents/../../etc/passwd/source",
        "/api/documents/..%5c..%5cwindows/source",
        "/api/cases/..%2F..%2Fetc%2Fpasswd",
        "/store?graph=file:///etc/passwd",
    ] {
        let (status, out) = raw_get(base, path);
        assert!(status == 404 || status == 400, "{path}: {status}\n{out}");
        assert!(
            !out.contains("root:") && !out.contains("[workspace]"),
            "{path}"
        );
    }
}

fn sparql_post(base: &str, query: &str) -> Reply {
    reply(
        agent()
            .post(&format!("{base}/sparql"))
            .header("Content-Type", "application/sparql-query")
            .header("Accept", "application/sparql-results+json")
            .send(query)
            .unwrap(),
    )
}

#[test]
fn sparql_service_is_refused() {
    let base = &SERVERS.plain;
    for q in [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?q ?r } } } LIMIT 1",
    ] {
        let r = sparql_post(base, q);
        assert_eq!(r.status, 400, "{q}: {}", r.body);
        assert!(r.body.contains("SERVICE") && r.body.contains("disabled"), "{}", r.body);
        let r = get(base, &format!("/sparql?query={}", enc(q)), &[]);
        assert_eq!(r.status, 400);
    }
}

#[test]
fn query_length_limits() {
    let base = &SERVERS.plain;
    // Search: a long query is refused with its reason.
    let long = "社区".repeat(1500);
    let r = get(base, &format!("/api/search?q={}", enc(&long)), &[]);
    assert_eq!(r.status, 400);
    assert!(r.body.contains("query too long"), "{}", r.body);
    // 40 kB of URL: the handlers answer with their reasons.
    let (status, out) = raw_get(base, &format!("/api/search?q={}", "a".repeat(40_000)));
    assert_eq!(status, 400);
    assert!(out.contains("query too long"), "{out}");
    let (status, out) = raw_get(base, &format!("/sparql?query={}", "a".repeat(40_000)));
    assert_eq!(status, 400);
    assert!(out.contains("\"error\""), "{out}");
    // The HTTP layer refuses before any handler runs: a URL of 64 kB or more with a bare
    // 400, a request head over 128 kB with 431 (or by closing the connection while we were
    // still sending). The server carries on.
    for (n, want) in [(100_000, [400, 400]), (200_000, [0, 431])] {
        for path in ["/api/search?q=", "/sparql?query="] {
            let (status, _) = raw_get(base, &format!("{path}{}", "a".repeat(n)));
            assert!(want.contains(&status), "{path} + {n}: {status}");
            assert_eq!(get(base, "/healthz", &[]).status, 200);
        }
    }
    // SPARQL in a body: above the query limit but within the body limit.
    let pad = format!("# {}\n", "x".repeat(server::http::MAX_QUERY_BYTES));
    let r = sparql_post(base, &format!("{pad}ASK {{ ?s ?p ?o }}"));
    assert_eq!(r.status, 413);
    assert!(r.body.contains("query too long"), "{}", r.body);
    // And above the body limit, in a form.
    let form = format!("query={}", "x".repeat(server::http::MAX_BODY + 10));
    let r = reply(
        agent()
            .post(&format!("{base}/sparql"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .send(&form)
            .unwrap(),
    );
    assert_eq!(r.status, 413);
    let big = format!(
        "{{\"scenario\": \"{}\"}}",
        "社区".repeat(server::http::MAX_BODY)
    );
    let r = reply(
        agent()
            .post(&format!("{base}/api/recommend"))
            .header("Content-Type", "application/json")
            .send(&big)
            .unwrap(),
    );
    assert_eq!(r.status, 413);
}

#[test]
fn malformed_query_strings() {
    let base = &SERVERS.plain;
    for path in [
        "/api/search",
        "/api/search?q=%FF%FE",
        "/api/search?q=x&limit=-1",
        "/api/search?q=x&limit=99999999999999999999999",
        "/api/search?q=%22unterminated",
        "/api/search?q=nope:thing",
        "/api/search?q=x&type=everything",
        "/api/documents/x/source?from=abc",
        "/sparql",
        "/sparql?query=%FF",
        "/sparql?query=SELECT%20*%20WHERE%20%7B",
        "/sparql?query=x&default-graph-uri=not%20an%20iri",
    ] {
        let (status, out) = raw_get(base, path);
        if path.starts_with("/api/documents/x/") {
            assert!(status == 400 || status == 404, "{path}: {status}");
            continue;
        }
        assert_eq!(status, 400, "{path}: {out}");
        let body = out.split("\r\n\r\n").nth(1).unwrap_or("");
        assert!(body.contains("\"error\""), "{path}: a JSON reason: {out}");
    }
    // Control characters and lone quotes are just text.
    let r = get(
        base,
        &format!("/api/search?q={}", enc("社区\u{1}\u{7f} ' ” 更新")),
        &[],
    );
    assert_eq!(r.status, 200, "{}", r.body);
}

#[test]
fn millions_of_rows_are_cut_at_the_row_limit() {
    let base = &SERVERS.plain;
    // Every triple against every triple: millions of rows on three documents.
    let r = sparql_post(base, "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }");
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.header("x-truncated"), Some("true"));
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(v["results"]["bindings"].as_array().unwrap().len(), 1000);
    let r = reply(
        agent()
            .post(&format!("{base}/sparql"))
            .header("Content-Type", "application/sparql-query")
            .header("Accept", "application/n-triples")
            .send("CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }")
            .unwrap(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("x-truncated"), Some("true"));
    assert!(r.body.lines().count() <= 1000);
}

#[test]
fn serve_binds_loopback_by_default() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongchuang"))
        .args(["serve", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("[default: 127.0.0.1:8080]"), "{help}");
    assert!(help.contains("--cors-origin"), "{help}");
}
