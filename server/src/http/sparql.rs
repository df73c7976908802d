//! `/sparql`: the SPARQL 1.1 Protocol (query by GET or POST, update by POST with the token).

use crate::core::app::App;
use crate::core::sparql_worker::Request;
use crate::http::auth::check_token;
use crate::http::error::{blocking, ApiError};
use crate::http::methods::Methods;
use crate::http::slots::{max_running, QUEUE_WAIT, SLOTS};
use crate::http::state::{Config, State, MAX_QUERY_BYTES};
use crate::http::workers::{Answer, Pool};
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use graph::sparql::Dataset;
use graph::QueryError;
use std::sync::Arc;
use std::time::Duration;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        Methods::new("/sparql")
            .get(sparql_get)
            .post(sparql_post)
            .done(),
    );
}

#[derive(Default)]
pub struct SparqlParams {
    query: Option<String>,
    update: Option<String>,
    format: Option<String>,
    dataset: Dataset,
}

/// Parse protocol parameters; `default-graph-uri` and `named-graph-uri` may repeat.
fn params(encoded: &str) -> Result<SparqlParams, ApiError> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(encoded).map_err(|e| ApiError::BadRequest(e.to_string()))?;
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

async fn sparql_get(state: State, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let p = params(req.query_string())?;
    match p.query {
        Some(q) => run_query(state, &req, q, p.format, p.dataset).await,
        None => Err(ApiError::BadRequest("missing `query` parameter".into())),
    }
}

/// The media type of the request body, lowercased, without parameters.
fn content_type(req: &HttpRequest) -> String {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

async fn sparql_post(
    state: State,
    req: HttpRequest,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let ct = content_type(&req);
    let text = String::from_utf8(body.to_vec())
        .map_err(|_| ApiError::BadRequest("body is not UTF-8".into()))?;
    match ct.as_str() {
        "application/sparql-query" => {
            let p = params(req.query_string())?;
            run_query(state, &req, text, p.format, p.dataset).await
        }
        "application/sparql-update" => run_update(state, &req, text).await,
        "application/x-www-form-urlencoded" => {
            let p = params(&text)?;
            match (p.query, p.update) {
                (Some(q), None) => run_query(state, &req, q, p.format, p.dataset).await,
                (None, Some(u)) => run_update(state, &req, u).await,
                _ => Err(ApiError::BadRequest(
                    "give exactly one of `query` or `update`".into(),
                )),
            }
        }
        other => Err(ApiError::UnsupportedType(format!(
            "unsupported content type `{other}`"
        ))),
    }
}

async fn run_query(
    state: State,
    req: &HttpRequest,
    q: String,
    format: Option<String>,
    dataset: Dataset,
) -> Result<HttpResponse, ApiError> {
    if q.len() > MAX_QUERY_BYTES {
        return Err(ApiError::TooLarge(format!(
            "query too long: {} bytes (limit {MAX_QUERY_BYTES})",
            q.len()
        )));
    }
    let accept = format.unwrap_or_else(|| {
        req.headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    });
    graph::nesting::check_nesting(&q).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let body = match &state.1.workers {
        Some(pool) => in_worker(pool, &state.1, q, accept, dataset).await?,
        None => {
            let (app, cfg) = (state.0.clone(), state.1.clone());
            blocking(move || {
                if !SLOTS.acquire(QUEUE_WAIT.min(cfg.query_timeout)) {
                    return Err(busy());
                }
                in_process(app, &cfg, q, accept, dataset)
                    .map_err(|e| ApiError::from_query(e, cfg.query_timeout))
            })
            .await?
        }
    };
    Ok(HttpResponse::Ok()
        .insert_header(("X-Truncated", if body.truncated { "true" } else { "false" }))
        .content_type(body.content_type)
        .body(body.bytes))
}

/// Load shedding, not a timeout: say so, and when to come back.
fn busy() -> ApiError {
    ApiError::Busy(format!(
        "too many queries running (limit {}), try again",
        max_running()
    ))
}

/// Evaluate in a worker process, killed at the deadline; the request waits for a slot and
/// for the worker on the event loop, holding no thread.
async fn in_worker(
    pool: &Arc<Pool>,
    cfg: &Config,
    q: String,
    accept: String,
    dataset: Dataset,
) -> Result<Answer, ApiError> {
    let Some(_slot) = SLOTS.acquire_async(QUEUE_WAIT.min(cfg.query_timeout)).await else {
        return Err(busy());
    };
    let req = Request {
        query: q,
        accept,
        limit: cfg.max_results,
        default_graphs: dataset.default_graphs,
        named_graphs: dataset.named_graphs,
        cpu_seconds: cfg.query_timeout.as_secs() + 2,
    };
    pool.run(&req, cfg.query_timeout)
        .await
        .map_err(|e| ApiError::from_query(e, cfg.query_timeout))
}

/// Evaluate on a thread of this process and stop waiting at the deadline (remote store, or a
/// server without workers): the cancellation token stops evaluation at its next data access,
/// and the thread frees its slot when evaluation ends.
fn in_process(
    app: Arc<App>,
    cfg: &Config,
    q: String,
    accept: String,
    dataset: Dataset,
) -> Result<Answer, QueryError> {
    let (ev, token) = graph::sparql::evaluator();
    let ev = crate::core::sparql_fns::with_functions(ev, app.clone());
    let (tx, rx) = std::sync::mpsc::channel();
    let limit = cfg.max_results;
    // The stack of a worker process's main thread: parsing and evaluation recurse once per
    // level of nesting (up to `graph::nesting::MAX_NESTING`).
    let spawned = std::thread::Builder::new()
        .stack_size(8 * 1024 * 1024)
        .spawn(move || {
            let r = app.stores.graph.run_query(ev, &q, &dataset, &accept, limit);
            SLOTS.release();
            let _ = tx.send(r);
        });
    if let Err(e) = spawned {
        SLOTS.release();
        return Err(QueryError::Unavailable(format!(
            "cannot start a query thread: {e}"
        )));
    }
    match rx.recv_timeout(cfg.query_timeout + Duration::from_millis(200)) {
        Ok(r) => r.map(|b| Answer {
            content_type: b.content_type.to_string(),
            bytes: b.bytes.into(),
            truncated: b.truncated,
        }),
        Err(_) => {
            token.cancel();
            Err(QueryError::Timeout(cfg.query_timeout))
        }
    }
}

async fn run_update(state: State, req: &HttpRequest, u: String) -> Result<HttpResponse, ApiError> {
    check_token(&state, req)?;
    let (app, workers) = (state.0.clone(), state.1.workers.clone());
    blocking(move || {
        let r = app.stores.graph.run_update(&u);
        if let Some(pool) = workers {
            pool.invalidate();
        }
        r.map_err(|e| match e {
            QueryError::Syntax(m) | QueryError::Refused(m) | QueryError::Update(m) => {
                ApiError::BadRequest(m)
            }
            QueryError::Upstream(m) => ApiError::BadGateway(m),
            e => ApiError::Internal(e.to_string()),
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
