//! The HTTP front end: one file per API area, each with its routes; `error` turns the
//! core's errors into statuses.
pub mod auth;
pub mod cases;
pub mod cors;
pub mod documents;
pub mod error;
pub mod methods;
pub mod metrics;
pub mod multipart;
pub mod search;
pub mod slots;
pub mod sparql;
pub mod state;
pub mod store;
pub mod ui;
pub mod upload;
pub mod watchdog;
pub mod worker_conn;
pub mod workers;

pub use cors::check_origin;
pub use state::{Config, State, MAX_BODY, MAX_QUERY_BYTES};

use crate::core::app::App;
use actix_web::web;
use std::sync::Arc;

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.app_data(web::PayloadConfig::new(MAX_BODY))
        .app_data(web::FormConfig::default().limit(MAX_BODY))
        .app_data(web::JsonConfig::default().limit(MAX_BODY))
        .app_data(web::QueryConfig::default().error_handler(|e, _| {
            use actix_web::ResponseError;
            let res = error::ApiError::BadRequest(e.to_string()).error_response();
            actix_web::error::InternalError::from_response(e, res).into()
        }))
        .configure(metrics::routes)
        .configure(documents::routes)
        .configure(upload::routes)
        .configure(search::routes)
        .configure(cases::routes)
        .configure(store::routes)
        .configure(sparql::routes);
}

/// Build the HTTP server on an already bound listener (the CLI and the tests share this).
pub fn server(
    app: Arc<App>,
    cfg: Config,
    listener: std::net::TcpListener,
) -> std::io::Result<actix_web::dev::Server> {
    let origins = cfg.cors_origins.clone();
    let jobs = web::Data::new(crate::core::jobs::Jobs::default());
    // Write jobs acknowledged before a crash run again now.
    match crate::core::jobs::resume(&jobs, &app) {
        Ok(0) => {}
        Ok(n) => tracing::warn!(jobs = n, "write jobs interrupted by a restart run again"),
        Err(e) => tracing::error!("resuming write jobs failed: {e:#}"),
    }
    let state = web::Data::new((app, cfg));
    Ok(actix_web::HttpServer::new(move || {
        actix_web::App::new()
            .app_data(state.clone())
            .app_data(jobs.clone())
            .wrap_fn(|req, srv| {
                use actix_web::dev::Service;
                let (method, path) = (req.method().to_string(), req.path().to_string());
                let id = metrics::count_request(&path);
                let started = std::time::Instant::now();
                let fut = srv.call(req);
                async move {
                    let mut res = fut.await?;
                    let status = res.status().as_u16();
                    metrics::count_status(status);
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
                cors::cors(&origins),
            ))
            .configure(routes)
            .configure(ui::routes)
    })
    .listen(listener)?
    .run())
}
