//! `/api/cases`, `/api/analytics` and `/api/recommend`: extracted cases, their concept
//! network, and analogous cases for a scenario.

use crate::core::{queries, recommend};
use crate::http::error::{blocking, blocking_until, ApiError};
use crate::http::methods::Methods;
use crate::http::state::State;
use actix_web::{web, HttpResponse};
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(Methods::new("/api/recommend").post(scenario).done())
        .service(Methods::new("/api/cases").get(cases).done())
        .service(Methods::new("/api/analytics").get(analytics).done())
        .service(Methods::new("/api/cases/{id}").get(case).done());
}

async fn scenario(
    state: State,
    body: web::Json<recommend::Request>,
) -> Result<HttpResponse, ApiError> {
    let (app, deadline) = (state.0.clone(), state.1.query_timeout);
    let req = body.into_inner();
    let r = blocking_until(deadline, "the recommendation", move || {
        recommend::recommend(&app, &req)
    })
    .await?;
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
