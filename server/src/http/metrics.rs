//! `/healthz`, `/metrics` (Prometheus text) and the request counters behind them.

use crate::http::methods::Methods;
use crate::http::state::State;
use actix_web::{web, HttpResponse};
use std::fmt::Write;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::Relaxed;

/// Request counters by area.
static REQUESTS: [AtomicU64; 5] = [const { AtomicU64::new(0) }; 5];
static ERRORS: AtomicU64 = AtomicU64::new(0);
static NEXT_ID: AtomicU64 = AtomicU64::new(1);
const AREAS: [&str; 5] = ["search", "recommend", "sparql", "api", "other"];

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(Methods::new("/healthz").get(healthz).done())
        .service(Methods::new("/metrics").get(metrics).done());
}

fn area(path: &str) -> usize {
    match path {
        p if p.starts_with("/api/search") => 0,
        p if p.starts_with("/api/recommend") => 1,
        p if p.starts_with("/sparql") || p.starts_with("/store") => 2,
        p if p.starts_with("/api/") => 3,
        _ => 4,
    }
}

/// Count a request; returns its id.
pub fn count_request(path: &str) -> u64 {
    REQUESTS[area(path)].fetch_add(1, Relaxed);
    NEXT_ID.fetch_add(1, Relaxed)
}

/// Count an answer's status.
pub fn count_status(status: u16) {
    if status >= 500 {
        ERRORS.fetch_add(1, Relaxed);
    }
}

async fn healthz(state: State) -> HttpResponse {
    let app = &state.0;
    HttpResponse::Ok().json(serde_json::json!({
        "status": "ok",
        "documents": app.stores.docs.ids().map(|v| v.len()).unwrap_or(0),
        "index_items": app.stores.fulltext.num_items(),
        "vectors": app.stores.vectors.read().map(|v| v.len()).unwrap_or(0),
        "embedding": {
            "model": app.embedder.as_ref().map(|e| e.id().to_string()),
            "done": app.embed_done.load(Relaxed),
            "pending": app.embed_total.load(Relaxed),
        },
    }))
}

fn gauge(out: &mut String, name: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "# TYPE {name} gauge\n{name} {value}");
}

/// Prometheus text format.
async fn metrics(state: State) -> HttpResponse {
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
    let docs = app.stores.briefs().map(|r| r.len()).unwrap_or(0);
    let vectors = app.stores.vectors.read().map(|v| v.len()).unwrap_or(0);
    gauge(&mut out, "gongchuang_documents", docs);
    gauge(
        &mut out,
        "gongchuang_index_items",
        app.stores.fulltext.num_items(),
    );
    gauge(&mut out, "gongchuang_vectors", vectors);
    let pending = app
        .embed_total
        .load(Relaxed)
        .saturating_sub(app.embed_done.load(Relaxed));
    gauge(&mut out, "gongchuang_embedding_pending", pending);
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(out)
}
