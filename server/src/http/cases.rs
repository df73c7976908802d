//! `/api/cases`, `/api/analytics` and `/api/recommend`: extracted cases, their concept
//! network, and analogous cases for a scenario.

use crate::core::{queries, recommend};
use crate::http::error::{blocking, ApiError};
use crate::http::state::State;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/api/recommend", web::post().to(scenario))
        .route("/api/cases", web::get().to(cases))
        .route("/api/analytics", web::get().to(analytics))
        .route("/api/cases/{id}", web::get().to(case));
}

async fn scenario(
    state: State,
    body: web::Json<recommend::Request>,
) -> Result<HttpResponse, ApiError> {
    let app = state.0.clone();
    let req = body.into_inner();
    let r = blocking(move || recommend::recommend(&app, &req)).await?;
    Ok(HttpResponse::Ok().json(r))
}

async fn analytics(state: State) -> Result<HttpResponse, ApiError> {
    let app = state.0.clone();
    let a = blocking(move || queries::analytics(&app)).await?;
    Ok(HttpResponse::Ok().json(a))
}

#[derive(Deserialize)]
pub struct CaseParams {
    concept: Option<String>,
    place: Option<String>,
    domain: Option<String>,
}

async fn cases(state: State, p: web::Query<CaseParams>) -> Result<HttpResponse, ApiError> {
    let v = queries::list_cases(
        &state.0,
        p.concept.as_deref(),
        p.place.as_deref(),
        p.domain.as_deref(),
    )?;
    Ok(HttpResponse::Ok().json(v))
}

async fn case(state: State, id: web::Path<String>) -> Result<HttpResponse, ApiError> {
    match queries::find_case(&state.0, &id)? {
        Some(v) => Ok(HttpResponse::Ok().json(v)),
        None => Err(ApiError::NotFound(format!("no case {id}"))),
    }
}
