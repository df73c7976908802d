//! HTTP API: documents, search, cases, SPARQL 1.1 Protocol, health.

use crate::app::App;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct Config {
    /// Bearer token that allows SPARQL Update; none means read-only.
    pub token: Option<String>,
    pub query_timeout: Duration,
    pub max_results: usize,
    /// Origins allowed to call the API from a browser page (CORS); empty means CORS off.
    pub cors_origins: Vec<String>,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            token: None,
            query_timeout: Duration::from_secs(10),
            max_results: 100_000,
            cors_origins: Vec::new(),
        }
    }
}

pub type State = web::Data<(Arc<App>, Config)>;

/// Request bodies above this are refused with 413.
pub const MAX_BODY: usize = 1024 * 1024;
/// Longest SPARQL query text (a GET URL is capped lower, by the HTTP parser: 414/431).
pub const MAX_QUERY_BYTES: usize = 256 * 1024;

/// An origin for `--cors-origin`: `scheme://host[:port]`, nothing else (no `*`, no path).
pub fn check_origin(o: &str) -> Result<(), String> {
    let bad = || format!("CORS origin `{o}` is not of the form http(s)://host[:port]");
    let rest = o
        .strip_prefix("http://")
        .or_else(|| o.strip_prefix("https://"))
        .ok_or_else(bad)?;
    let ok = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !ok || o.parse::<actix_web::http::Uri>().is_err() {
        return Err(bad());
    }
    Ok(())
}

/// CORS for the configured origins only; other origins get no CORS headers (the browser then
/// blocks the page), and requests without `Origin` are untouched.
fn cors(origins: &[String]) -> actix_cors::Cors {
    let mut c = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "DELETE"])
        .allowed_headers([header::CONTENT_TYPE, header::ACCEPT, header::AUTHORIZATION])
        .expose_headers(["X-Truncated", "X-Request-Id"])
        .max_age(3600)
        .block_on_origin_mismatch(false);
    for o in origins.iter().filter(|o| check_origin(o).is_ok()) {
        c = c.allowed_origin(o);
    }
    c
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PayloadConfig::new(MAX_BODY))
        .app_data(web::FormConfig::default().limit(MAX_BODY))
        .app_data(web::JsonConfig::default().limit(MAX_BODY))
        .app_data(web::QueryConfig::default().error_handler(|e, _| {
            let res = error(actix_web::http::StatusCode::BAD_REQUEST, &e);
            actix_web::error::InternalError::from_response(e, res).into()
        }))
        .route("/healthz", web::get().to(healthz))
        .route("/metrics", web::get().to(metrics))
        .route("/api/documents", web::get().to(documents))
        .route("/api/documents/{id}", web::get().to(document))
        .route("/api/documents/{id}/source", web::get().to(source))
        .route("/api/search", web::get().to(search))
        .route("/api/recommend", web::post().to(recommend))
        .route("/api/cases", web::get().to(cases))
        .route("/api/analytics", web::get().to(analytics))
        .route("/api/cases/{id}", web::get().to(case))
        .route("/store", web::get().to(store_get))
        .route("/store", web::put().to(store_write))
        .route("/store", web::post().to(store_write))
        .route("/store", web::delete().to(store_write))
        .route("/sparql", web::get().to(sparql_get))
        .route("/sparql", web::post().to(sparql_post));
}

fn error(status: actix_web::http::StatusCode, msg: impl std::fmt::Display) -> HttpResponse {
    HttpResponse::build(status).json(serde_json::json!({ "error": msg.to_string() }))
}

fn internal(e: impl std::fmt::Display) -> HttpResponse {
    error(actix_web::http::StatusCode::INTERNAL_SERVER_ERROR, e)
}

async fn healthz(state: State) -> HttpResponse {
    let app = &state.0;
    HttpResponse::Ok().json(serde_json::json!({
        "status": "ok",
        "documents": app.docs.ids().map(|v| v.len()).unwrap_or(0),
        "index_items": app.fulltext.num_items(),
        "vectors": app.vectors.read().map(|v| v.len()).unwrap_or(0),
        "embedding": {
            "model": app.embedder.as_ref().map(|e| e.id().to_string()),
            "done": app.embed_done.load(std::sync::atomic::Ordering::Relaxed),
            "pending": app.embed_total.load(std::sync::atomic::Ordering::Relaxed),
        },
    }))
}

/// Request counters by area, for `/metrics`.
static REQUESTS: [std::sync::atomic::AtomicU64; 5] =
    [const { std::sync::atomic::AtomicU64::new(0) }; 5];
static ERRORS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
const AREAS: [&str; 5] = ["search", "recommend", "sparql", "api", "other"];

fn area(path: &str) -> usize {
    match path {
        p if p.starts_with("/api/search") => 0,
        p if p.starts_with("/api/recommend") => 1,
        p if p.starts_with("/sparql") || p.starts_with("/store") => 2,
        p if p.starts_with("/api/") => 3,
        _ => 4,
    }
}

/// Prometheus text format.
async fn metrics(state: State) -> HttpResponse {
    use std::fmt::Write;
    use std::sync::atomic::Ordering::Relaxed;
    let app = &state.0;
    let mut out = String::new();
    out.push_str("# TYPE gongchuang_requests_total counter\n");
    for (i, a) in AREAS.iter().enumerate() {
        let _ = writeln!(
            out,
            "gongchuang_requests_total{{area=\"{a}\"}} {}",
            REQUESTS[i].load(Relaxed)
        );
    }
    let _ = writeln!(
        out,
        "# TYPE gongchuang_server_errors_total counter\ngongchuang_server_errors_total {}",
        ERRORS.load(Relaxed)
    );
    let docs = app.briefs().map(|r| r.len()).unwrap_or(0);
    let vectors = app.vectors.read().map(|v| v.len()).unwrap_or(0);
    let _ = writeln!(
        out,
        "# TYPE gongchuang_documents gauge\ngongchuang_documents {docs}"
    );
    let _ = writeln!(
        out,
        "# TYPE gongchuang_index_items gauge\ngongchuang_index_items {}",
        app.fulltext.num_items()
    );
    let _ = writeln!(
        out,
        "# TYPE gongchuang_vectors gauge\ngongchuang_vectors {vectors}"
    );
    let _ = writeln!(
        out,
        "# TYPE gongchuang_embedding_pending gauge\ngongchuang_embedding_pending {}",
        app.embed_total
            .load(Relaxed)
            .saturating_sub(app.embed_done.load(Relaxed))
    );
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(out)
}

async fn documents(state: State) -> HttpResponse {
    let app = state.0.clone();
    match web::block(move || app.briefs()).await {
        Ok(Ok(recs)) => {
            HttpResponse::Ok().json(recs.iter().map(|r| r.doc.summary()).collect::<Vec<_>>())
        }
        Ok(Err(e)) => internal(e),
        Err(e) => internal(e),
    }
}

async fn document(state: State, id: web::Path<String>) -> HttpResponse {
    match state.0.docs.get(&id) {
        Ok(Some(r)) => HttpResponse::Ok()
            .json(serde_json::json!({ "document": r.doc, "extraction": r.extraction })),
        Ok(None) => error(
            actix_web::http::StatusCode::NOT_FOUND,
            format!("no document {id}"),
        ),
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
pub struct SourceParams {
    from: Option<u32>,
    to: Option<u32>,
}

/// The original input lines of a document (numbered as in the ingested file), optionally
/// a range of them.
async fn source(state: State, id: web::Path<String>, p: web::Query<SourceParams>) -> HttpResponse {
    let rec = match state.0.docs.get(&id) {
        Ok(Some(r)) => r,
        Ok(None) => {
            return error(
                actix_web::http::StatusCode::NOT_FOUND,
                format!("no document {id}"),
            )
        }
        Err(e) => return internal(e),
    };
    let first = rec.source_first_line;
    let from = p.from.unwrap_or(first).max(first);
    let lines: Vec<serde_json::Value> = rec
        .source_text
        .lines()
        .enumerate()
        .map(|(i, t)| (first + i as u32, t))
        .filter(|(n, _)| *n >= from && p.to.is_none_or(|to| *n <= to))
        .map(|(n, t)| serde_json::json!({"n": n, "text": t}))
        .collect();
    HttpResponse::Ok().json(serde_json::json!({
        "id": rec.doc.id, "source": rec.doc.source, "file": rec.doc.file, "lines": lines,
    }))
}

#[derive(Deserialize)]
pub struct SearchParams {
    q: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn search(state: State, p: web::Query<SearchParams>) -> HttpResponse {
    let app = state.0.clone();
    let p = p.into_inner();
    if let Some(k) = p.kind.as_deref() {
        if !["passage", "document", "case"].contains(&k) {
            return error(
                actix_web::http::StatusCode::BAD_REQUEST,
                format!("unknown type `{k}` (passage, document, case)"),
            );
        }
    }
    let res = web::block(move || {
        crate::queries::run_search(
            &app,
            &p.q,
            p.kind.as_deref(),
            p.limit.unwrap_or(10),
            p.offset.unwrap_or(0),
        )
    })
    .await;
    match res {
        Ok(Ok(r)) => HttpResponse::Ok().json(r),
        Ok(Err(index::SearchError::Query(e))) => error(actix_web::http::StatusCode::BAD_REQUEST, e),
        Ok(Err(e)) => internal(e),
        Err(e) => internal(e),
    }
}

async fn recommend(state: State, body: web::Json<crate::recommend::Request>) -> HttpResponse {
    let app = state.0.clone();
    let req = body.into_inner();
    match web::block(move || crate::recommend::recommend(&app, &req)).await {
        Ok(Ok(r)) => HttpResponse::Ok().json(r),
        Ok(Err(e)) => error(actix_web::http::StatusCode::BAD_REQUEST, e),
        Err(e) => internal(e),
    }
}

async fn analytics(state: State) -> HttpResponse {
    let app = state.0.clone();
    match web::block(move || crate::queries::analytics(&app)).await {
        Ok(Ok(v)) => HttpResponse::Ok().json(v),
        Ok(Err(e)) => internal(e),
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
pub struct CaseParams {
    concept: Option<String>,
    place: Option<String>,
    domain: Option<String>,
}

async fn cases(state: State, p: web::Query<CaseParams>) -> HttpResponse {
    match crate::queries::list_cases(
        &state.0,
        p.concept.as_deref(),
        p.place.as_deref(),
        p.domain.as_deref(),
    ) {
        Ok(v) => HttpResponse::Ok().json(v),
        Err(e) => internal(e),
    }
}

async fn case(state: State, id: web::Path<String>) -> HttpResponse {
    match crate::queries::find_case(&state.0, &id) {
        Ok(Some(v)) => HttpResponse::Ok().json(v),
        Ok(None) => error(
            actix_web::http::StatusCode::NOT_FOUND,
            format!("no case {id}"),
        ),
        Err(e) => internal(e),
    }
}

#[derive(Deserialize, Default)]
pub struct SparqlParams {
    query: Option<String>,
    update: Option<String>,
    format: Option<String>,
    #[serde(skip)]
    dataset: graph::store::Dataset,
}

/// Parse protocol parameters; `default-graph-uri` and `named-graph-uri` may repeat.
fn params(encoded: &str) -> Result<SparqlParams, String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(encoded).map_err(|e| e.to_string())?;
    let mut p = SparqlParams::default();
    for (k, v) in pairs {
        match k.as_str() {
            "query" => p.query = Some(v),
            "update" => p.update = Some(v),
            "format" => p.format = Some(v),
            "default-graph-uri" | "using-graph-uri" => p.dataset.default_graphs.push(v),
            "named-graph-uri" | "using-named-graph-uri" => p.dataset.named_graphs.push(v),
            _ => {}
        }
    }
    Ok(p)
}

async fn sparql_get(state: State, req: HttpRequest) -> HttpResponse {
    let p = match params(req.query_string()) {
        Ok(p) => p,
        Err(e) => return error(actix_web::http::StatusCode::BAD_REQUEST, e),
    };
    match p.query {
        Some(q) => run_query(state, &req, q, p.format, p.dataset).await,
        None => error(
            actix_web::http::StatusCode::BAD_REQUEST,
            "missing `query` parameter",
        ),
    }
}

async fn sparql_post(state: State, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let text = match String::from_utf8(body.to_vec()) {
        Ok(t) => t,
        Err(_) => {
            return error(
                actix_web::http::StatusCode::BAD_REQUEST,
                "body is not UTF-8",
            )
        }
    };
    match ct.as_str() {
        "application/sparql-query" => match params(req.query_string()) {
            Ok(p) => run_query(state, &req, text, p.format, p.dataset).await,
            Err(e) => error(actix_web::http::StatusCode::BAD_REQUEST, e),
        },
        "application/sparql-update" => run_update(state, &req, text).await,
        "application/x-www-form-urlencoded" => {
            let p = match params(&text) {
                Ok(p) => p,
                Err(e) => return error(actix_web::http::StatusCode::BAD_REQUEST, e),
            };
            match (p.query, p.update) {
                (Some(q), None) => run_query(state, &req, q, p.format, p.dataset).await,
                (None, Some(u)) => run_update(state, &req, u).await,
                _ => error(
                    actix_web::http::StatusCode::BAD_REQUEST,
                    "give exactly one of `query` or `update`",
                ),
            }
        }
        other => error(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("unsupported content type `{other}`"),
        ),
    }
}

async fn run_query(
    state: State,
    req: &HttpRequest,
    q: String,
    format: Option<String>,
    dataset: graph::store::Dataset,
) -> HttpResponse {
    if q.len() > MAX_QUERY_BYTES {
        return error(
            actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
            format!(
                "query too long: {} bytes (limit {MAX_QUERY_BYTES})",
                q.len()
            ),
        );
    }
    let accept = format.unwrap_or_else(|| {
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    });
    let (app, cfg) = (state.0.clone(), state.1.clone());
    let res = web::block(move || run_with_deadline(app, cfg, q, accept, dataset)).await;
    match res {
        Ok(Ok(body)) => HttpResponse::Ok()
            .insert_header(("X-Truncated", if body.truncated { "true" } else { "false" }))
            .content_type(body.content_type)
            .body(body.bytes),
        Ok(Err(graph::store::QueryError::Syntax(m) | graph::store::QueryError::Refused(m))) => {
            error(actix_web::http::StatusCode::BAD_REQUEST, m)
        }
        Ok(Err(graph::store::QueryError::Timeout(_))) => error(
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
            format!("query stopped by the {:?} timeout", state.1.query_timeout),
        ),
        // Load shedding, not a timeout: say so, and when to come back.
        Ok(Err(graph::store::QueryError::Evaluation(m))) if m.contains(BUSY) => {
            let mut r = error(actix_web::http::StatusCode::SERVICE_UNAVAILABLE, m);
            r.headers_mut()
                .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
            r
        }
        Ok(Err(graph::store::QueryError::Evaluation(m))) if m.contains("cancel") => error(
            actix_web::http::StatusCode::SERVICE_UNAVAILABLE,
            format!("query stopped by the {:?} timeout", state.1.query_timeout),
        ),
        Ok(Err(graph::store::QueryError::Evaluation(m))) if m.starts_with("cannot produce") => {
            error(actix_web::http::StatusCode::NOT_ACCEPTABLE, m)
        }
        Ok(Err(e)) => error(actix_web::http::StatusCode::BAD_REQUEST, e),
        Err(e) => internal(e),
    }
}

/// At most `MAX_RUNNING` queries evaluate at once; the next ones wait up to `QUEUE_WAIT` for a
/// slot (a short burst gets answers, not 503s) and then answer 503 instead of piling up.
const MAX_RUNNING: usize = 8;
const QUEUE_WAIT: Duration = Duration::from_secs(2);

struct Slots {
    running: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

static SLOTS: Slots = Slots {
    running: std::sync::Mutex::new(0),
    freed: std::sync::Condvar::new(),
};

impl Slots {
    fn acquire(&self, wait: Duration) -> bool {
        let deadline = std::time::Instant::now() + wait;
        let mut n = self.running.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= MAX_RUNNING {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return false;
            }
            n = self
                .freed
                .wait_timeout(n, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        *n += 1;
        true
    }

    fn release(&self) {
        *self.running.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        self.freed.notify_one();
    }
}
const BUSY: &str = "too many queries running";

/// Evaluate on a worker thread and stop waiting at the deadline. The cancellation token
/// stops evaluation at its next data access; the client gets its answer on time either way.
fn run_with_deadline(
    app: Arc<App>,
    cfg: Config,
    q: String,
    accept: String,
    dataset: graph::store::Dataset,
) -> Result<graph::results::Body, graph::store::QueryError> {
    if !SLOTS.acquire(QUEUE_WAIT.min(cfg.query_timeout)) {
        return Err(graph::store::QueryError::Evaluation(format!(
            "{BUSY} (limit {MAX_RUNNING}), try again"
        )));
    }
    let (ev, token) = graph::store::evaluator();
    let ev = crate::sparql_fns::with_functions(ev, app.clone());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let r = app
            .graph
            .run_query(ev, &q, &dataset, &accept, cfg.max_results);
        SLOTS.release();
        let _ = tx.send(r);
    });
    match rx.recv_timeout(cfg.query_timeout + Duration::from_millis(200)) {
        Ok(r) => r,
        Err(_) => {
            token.cancel();
            Err(graph::store::QueryError::Timeout(cfg.query_timeout))
        }
    }
}

#[derive(Deserialize)]
pub struct StoreParams {
    graph: Option<String>,
    default: Option<String>,
}

/// Graph Store Protocol, read side: `GET /store?graph=IRI` (one named graph) or
/// `GET /store?default` (the default graph); content-negotiated like CONSTRUCT results.
async fn store_get(state: State, req: HttpRequest, p: web::Query<StoreParams>) -> HttpResponse {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let Some(format) = graph::results::graph_format(&accept) else {
        return error(
            actix_web::http::StatusCode::NOT_ACCEPTABLE,
            format!("cannot produce {accept}"),
        );
    };
    let graph = match (&p.graph, &p.default) {
        (Some(g), None) => g.clone(),
        _ => {
            return error(
                actix_web::http::StatusCode::BAD_REQUEST,
                "give `graph=IRI` (named graphs only)",
            )
        }
    };
    let app = state.0.clone();
    let res = web::block(move || -> anyhow::Result<Option<Vec<u8>>> {
        if !app.graph.has_graph(&graph)? {
            return Ok(None);
        }
        let mut buf = Vec::new();
        app.graph.export(format, Some(&graph), &mut buf)?;
        Ok(Some(buf))
    })
    .await;
    match res {
        Ok(Ok(Some(body))) => HttpResponse::Ok()
            .content_type(graph::results::content_type_of_graph(format))
            .body(body),
        Ok(Ok(None)) => error(actix_web::http::StatusCode::NOT_FOUND, "no such graph"),
        Ok(Err(e)) => error(actix_web::http::StatusCode::BAD_REQUEST, e),
        Err(e) => internal(e),
    }
}

/// Graph Store Protocol, write side (bearer token required): PUT replaces a named graph with
/// the body (Turtle, N-Triples, RDF/XML), POST adds to it, DELETE drops it.
async fn store_write(
    state: State,
    req: HttpRequest,
    p: web::Query<StoreParams>,
    body: web::Bytes,
) -> HttpResponse {
    if let Some(denied) = check_token(&state, &req) {
        return denied;
    }
    let Some(graph) = p.graph.clone() else {
        return error(
            actix_web::http::StatusCode::BAD_REQUEST,
            "give `graph=IRI` (named graphs only)",
        );
    };
    let method = req.method().clone();
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("text/turtle")
        .to_string();
    let app = state.0.clone();
    let res = web::block(move || -> anyhow::Result<()> {
        let g = oxigraph::model::NamedNode::new(&graph)?;
        if method == actix_web::http::Method::DELETE {
            return app.graph.remove_graph(g.as_str());
        }
        let format =
            oxigraph::io::RdfFormat::from_media_type(ct.split(';').next().unwrap_or("").trim())
                .ok_or_else(|| anyhow::anyhow!("unsupported content type {ct}"))?;
        let mut quads: Vec<oxigraph::model::Quad> = oxigraph::io::RdfParser::from_format(format)
            .with_default_graph(g.clone())
            .for_slice(&body)
            .collect::<Result<_, _>>()?;
        if method == actix_web::http::Method::POST {
            let mut old = Vec::new();
            if app.graph.has_graph(g.as_str())? {
                app.graph.export(
                    oxigraph::io::RdfFormat::NTriples,
                    Some(g.as_str()),
                    &mut old,
                )?;
            }
            let old: Vec<oxigraph::model::Quad> =
                oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
                    .with_default_graph(g.clone())
                    .for_slice(&old)
                    .collect::<Result<_, _>>()?;
            quads.extend(old);
        }
        app.graph.replace_graph(g.as_str(), &quads)
    })
    .await;
    match res {
        Ok(Ok(())) => HttpResponse::NoContent().finish(),
        Ok(Err(e)) => error(actix_web::http::StatusCode::BAD_REQUEST, e),
        Err(e) => internal(e),
    }
}

/// None when the request carries the configured token; else the refusal to send.
fn check_token(state: &State, req: &HttpRequest) -> Option<HttpResponse> {
    let Some(expected) = state.1.token.as_deref() else {
        return Some(error(
            actix_web::http::StatusCode::FORBIDDEN,
            "read-only: no write token is configured",
        ));
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if token_ok(given.as_bytes(), expected.as_bytes()) {
        return None;
    }
    Some(
        HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .json(serde_json::json!({"error": "missing or wrong bearer token"})),
    )
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
pub fn token_ok(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, b) in expected.iter().enumerate() {
        diff |= (given.get(i).copied().unwrap_or(0) ^ b) as usize;
    }
    diff == 0
}

async fn run_update(state: State, req: &HttpRequest, u: String) -> HttpResponse {
    if let Some(denied) = check_token(&state, req) {
        return denied;
    }
    let app = state.0.clone();
    let res = web::block(move || app.graph.run_update(&u)).await;
    match res {
        Ok(Ok(())) => HttpResponse::NoContent().finish(),
        Ok(Err(graph::store::QueryError::Syntax(m))) => {
            error(actix_web::http::StatusCode::BAD_REQUEST, m)
        }
        Ok(Err(e)) => internal(e),
        Err(e) => internal(e),
    }
}

/// Build the HTTP server on an already bound listener (the CLI and the tests share this).
pub fn server(
    app: Arc<App>,
    cfg: Config,
    listener: std::net::TcpListener,
) -> std::io::Result<actix_web::dev::Server> {
    let origins = cfg.cors_origins.clone();
    let state = web::Data::new((app, cfg));
    Ok(actix_web::HttpServer::new(move || {
        actix_web::App::new()
            .app_data(state.clone())
            .wrap_fn(|req, srv| {
                use actix_web::dev::Service;
                use std::sync::atomic::Ordering::Relaxed;
                let id = NEXT_ID.fetch_add(1, Relaxed);
                let (method, path) = (req.method().to_string(), req.path().to_string());
                REQUESTS[area(&path)].fetch_add(1, Relaxed);
                let started = std::time::Instant::now();
                let fut = srv.call(req);
                async move {
                    let mut res = fut.await?;
                    let status = res.status().as_u16();
                    if status >= 500 {
                        ERRORS.fetch_add(1, Relaxed);
                    }
                    tracing::info!(request_id = id, %method, %path, status, ms = started.elapsed().as_secs_f64() * 1000.0, "request");
                    if let Ok(v) = actix_web::http::header::HeaderValue::from_str(&id.to_string()) {
                        res.headers_mut().insert(actix_web::http::header::HeaderName::from_static("x-request-id"), v);
                    }
                    Ok(res)
                }
            })
            .wrap(
                actix_web::middleware::DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("X-Frame-Options", "DENY"))
                    .add(("Referrer-Policy", "no-referrer")),
            )
            // Outermost, so preflight requests are answered before routing.
            .wrap(actix_web::middleware::Condition::new(
                !origins.is_empty(),
                cors(&origins),
            ))
            .configure(routes)
            .configure(crate::ui::routes)
    })
    .listen(listener)?
    .run())
}

#[cfg(test)]
mod slot_tests {
    use super::*;

    #[test]
    fn a_query_waits_for_a_free_slot_then_gives_up() {
        let slots = Slots {
            running: std::sync::Mutex::new(0),
            freed: std::sync::Condvar::new(),
        };
        for _ in 0..MAX_RUNNING {
            assert!(slots.acquire(Duration::ZERO));
        }
        assert!(!slots.acquire(Duration::from_millis(20)), "all busy");
        std::thread::scope(|s| {
            s.spawn(|| {
                std::thread::sleep(Duration::from_millis(50));
                slots.release();
            });
            assert!(
                slots.acquire(Duration::from_secs(5)),
                "a freed slot is taken"
            );
        });
    }
}
