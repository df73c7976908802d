//! `/store`: the SPARQL 1.1 Graph Store Protocol over named graphs.

use crate::core::app::App;
use crate::http::auth::check_token;
use crate::http::error::{blocking, ApiError};
use crate::http::methods::Methods;
use crate::http::state::State;
use actix_web::http::{header, Method};
use actix_web::{web, HttpRequest, HttpResponse};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Quad};
use serde::Deserialize;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(
        Methods::new("/store")
            .get(store_get)
            .put(store_write)
            .post(store_write)
            .delete(store_write)
            .done(),
    );
}

#[derive(Deserialize)]
pub struct StoreParams {
    graph: Option<String>,
    default: Option<String>,
}

fn bad(e: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest(e.to_string())
}

/// In remote-store mode `/store` reaches the project's graphs only: the engine's other graphs
/// belong to others.
fn check_reach(app: &App, graph: &str) -> Result<(), ApiError> {
    if app.stores.graph.reaches(graph) {
        return Ok(());
    }
    Err(ApiError::Forbidden(format!(
        "in remote-store mode /store reaches the project's graphs only ({}…)",
        graph::ns::GRAPH
    )))
}

fn header_or(req: &HttpRequest, name: header::HeaderName, default: &str) -> String {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or(default)
        .to_string()
}

/// Graph Store Protocol, read side: `GET /store?graph=IRI` (one named graph) or
/// `GET /store?default` (the default graph); content-negotiated like CONSTRUCT results.
async fn store_get(
    state: State,
    req: HttpRequest,
    p: web::Query<StoreParams>,
) -> Result<HttpResponse, ApiError> {
    let accept = header_or(&req, header::ACCEPT, "");
    let Some(format) = graph::results::graph_format(&accept) else {
        return Err(ApiError::NotAcceptable(format!("cannot produce {accept}")));
    };
    let graph = match (&p.graph, &p.default) {
        (Some(g), None) => g.clone(),
        _ => return Err(bad("give `graph=IRI` (named graphs only)")),
    };
    let app = state.0.clone();
    check_reach(&app, &graph)?;
    let body = blocking(move || -> Result<Option<Vec<u8>>, ApiError> {
        if !app.stores.graph.has_graph(&graph).map_err(read_error)? {
            return Ok(None);
        }
        let mut buf = Vec::new();
        app.stores
            .graph
            .export(format, Some(&graph), &mut buf)
            .map_err(read_error)?;
        Ok(Some(buf))
    })
    .await?;
    match body {
        Some(body) => Ok(HttpResponse::Ok()
            .content_type(graph::results::content_type_of_graph(format))
            .body(body)),
        None => Err(ApiError::NotFound("no such graph".into())),
    }
}

/// Graph Store Protocol, write side (bearer token required): PUT replaces a named graph with
/// the body (Turtle, N-Triples, RDF/XML), POST adds to it, DELETE drops it.
async fn store_write(
    state: State,
    req: HttpRequest,
    p: web::Query<StoreParams>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    check_token(&state, &req)?;
    let Some(graph) = p.graph.clone() else {
        return Err(bad("give `graph=IRI` (named graphs only)"));
    };
    let method = req.method().clone();
    let ct = header_or(&req, header::CONTENT_TYPE, "text/turtle");
    let (app, workers) = (state.0.clone(), state.1.workers.clone());
    check_reach(&app, &graph)?;
    blocking(move || {
        let r = write_graph(&app, &graph, &method, &ct, &body).map_err(write_error);
        if let Some(pool) = workers {
            pool.invalidate();
        }
        r
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A read's error: the remote store's (502, 503 for its timeout), else the request's (an
/// IRI that does not parse).
fn read_error(e: graph::GraphError) -> ApiError {
    use graph::GraphError as G;
    if e.is_upstream() || matches!(e, G::RemoteRefused { .. }) {
        return ApiError::from(e);
    }
    bad(e)
}

/// A write's error: the remote store down, failing or refusing our credentials is a bad
/// gateway; anything else is the request's (its IRI, type or body, or what the engine
/// refused in it).
fn write_error(e: anyhow::Error) -> ApiError {
    use graph::GraphError as G;
    match e.downcast_ref::<G>() {
        Some(G::RemoteRefused {
            status: 400 | 413 | 415 | 422,
            ..
        }) => bad(e),
        Some(g) if g.is_upstream() || matches!(g, G::RemoteRefused { .. }) => ApiError::from(e),
        _ => bad(e),
    }
}

fn write_graph(
    app: &App,
    graph: &str,
    method: &Method,
    ct: &str,
    body: &[u8],
) -> anyhow::Result<()> {
    let g = NamedNode::new(graph)?;
    let store = &app.stores.graph;
    if method == Method::DELETE {
        return Ok(store.remove_graph(g.as_str())?);
    }
    let format = RdfFormat::from_media_type(ct.split(';').next().unwrap_or("").trim())
        .ok_or_else(|| anyhow::anyhow!("unsupported content type {ct}"))?;
    let mut quads: Vec<Quad> = RdfParser::from_format(format)
        .with_default_graph(g.clone())
        .for_slice(body)
        .collect::<Result<_, _>>()?;
    if method == Method::POST {
        let mut old = Vec::new();
        if store.has_graph(g.as_str())? {
            store.export(RdfFormat::NTriples, Some(g.as_str()), &mut old)?;
        }
        let old: Vec<Quad> = RdfParser::from_format(RdfFormat::NTriples)
            .with_default_graph(g.clone())
            .for_slice(&old)
            .collect::<Result<_, _>>()?;
        quads.extend(old);
    }
    Ok(store.replace_graph(g.as_str(), &quads)?)
}
