//! `/api/search`: passages, documents or cases, ranked with explanations.

use crate::http::error::{blocking_until, ApiError};
use crate::http::methods::Methods;
use crate::http::state::State;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(Methods::new("/api/search").get(search).done());
}

#[derive(Deserialize)]
pub struct SearchParams {
    q: String,
    #[serde(rename = "type")]
    kind: Option<String>,
    limit: Option<usize>,
    offset: Option<usize>,
}

async fn search(state: State, p: web::Query<SearchParams>) -> Result<HttpResponse, ApiError> {
    let (app, deadline) = (state.0.clone(), state.1.query_timeout);
    let p = p.into_inner();
    if let Some(k) = p.kind.as_deref() {
        if !["passage", "document", "case"].contains(&k) {
            return Err(ApiError::BadRequest(format!(
                "unknown type `{k}` (passage, document, case)"
            )));
        }
    }
    let r = blocking_until(deadline, "the search", move || {
        crate::core::queries::run_search(
            &app,
            &p.q,
            p.kind.as_deref(),
            p.limit.unwrap_or(10),
            p.offset.unwrap_or(0),
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(r))
}
