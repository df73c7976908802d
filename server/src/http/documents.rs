//! `/api/documents`: the stored documents, one document with its extraction, its source lines.

use crate::http::error::{blocking, ApiError};
use crate::http::methods::Methods;
use crate::http::state::State;
use crate::http::upload;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        Methods::new("/api/documents")
            .get(documents)
            .post(upload::add)
            .done(),
    )
    .service(
        Methods::new("/api/documents/{id}")
            .get(document)
            .put(upload::replace)
            .delete(upload::delete)
            .done(),
    )
    .service(
        Methods::new("/api/documents/{id}/source")
            .get(source)
            .done(),
    );
}

async fn documents(state: State) -> Result<HttpResponse, ApiError> {
    let app = state.0.clone();
    let recs = blocking(move || app.stores.briefs()).await?;
    Ok(HttpResponse::Ok().json(recs.iter().map(|r| &r.doc).collect::<Vec<_>>()))
}

fn record(state: &State, id: &str) -> Result<graph::Record, ApiError> {
    state
        .0
        .stores
        .docs
        .get(id)?
        .ok_or_else(|| ApiError::NotFound(format!("no document {id}")))
}

/// A path as the API shows it: never the server's absolute path, only the file name.
fn shown(path: &str) -> String {
    let p = std::path::Path::new(path);
    match p.file_name() {
        Some(name) if p.is_absolute() => name.to_string_lossy().into_owned(),
        _ => path.to_string(),
    }
}

async fn document(state: State, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    let mut r = record(&state, &id)?;
    r.doc.file = shown(&r.doc.file);
    r.doc.source = shown(&r.doc.source);
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({ "document": r.doc, "extraction": r.extraction })))
}

#[derive(Deserialize)]
pub struct SourceParams {
    from: Option<u32>,
    to: Option<u32>,
}

/// The original input lines of a document (numbered as in the ingested file), optionally
/// a range of them.
async fn source(
    state: State,
    id: web::Path<String>,
    p: web::Query<SourceParams>,
) -> Result<HttpResponse, ApiError> {
    let rec = record(&state, &id)?;
    let first = rec.source_first_line;
    let from = p.from.unwrap_or(first).max(first);
    let lines: Vec<serde_json::Value> = rec
        .source_text
        .lines()
        .enumerate()
        .map(|(i, t)| (first + i as u32, t))
        .filter(|(n, _)| *n >= from && p.to.is_none_or(|to| *n <= to))
        .map(|(n, t)| match rec.doc.page_of(n) {
            Some(page) => serde_json::json!({"n": n, "page": page, "text": t}),
            None => serde_json::json!({"n": n, "text": t}),
        })
        .collect();
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "id": rec.doc.id, "source": shown(&rec.doc.source), "file": shown(&rec.doc.file),
        "lines": lines,
    })))
}
