//! Writes to the corpus of a running service: `POST /api/documents` (multipart files, or
//! JSON `{source, text}`), `PUT /api/documents/{id}`, `DELETE /api/documents/{id}`, and
//! `GET /api/jobs/{id}`. Each needs the bearer token, is written to disk, answered 202 with
//! a job id, and run by `core::jobs` through the same journal as `gongchuang ingest`.

use crate::core::jobs::{self, Busy, Incoming, Jobs, Op};
use crate::http::auth::check_token;
use crate::http::error::{blocking, ApiError};
use crate::http::methods::Methods;
use crate::http::multipart;
use crate::http::state::State;
use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;

/// Largest upload body (all files of one request together): one file of the largest size
/// read, with room for the multipart framing.
pub const MAX_UPLOAD: usize = corpus::read::MAX_FILE_BYTES as usize + 1024 * 1024;
/// Most files in one upload.
pub const MAX_FILES: usize = 500;

pub type JobsData = web::Data<Jobs>;

/// Read a body up to [`MAX_UPLOAD`] bytes; a longer one is refused (413) with the reason,
/// by its Content-Length before anything is read when it declares one.
async fn read_body(req: &HttpRequest, body: web::Payload) -> Result<Vec<u8>, ApiError> {
    let too_large = |n: String| {
        ApiError::TooLarge(format!(
            "upload of {n} bytes is over the limit of {MAX_UPLOAD} bytes per request; send fewer or smaller files"
        ))
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok()?.parse::<usize>().ok());
    if let Some(n) = declared.filter(|n| *n > MAX_UPLOAD) {
        return Err(too_large(n.to_string()));
    }
    match body.to_bytes_limited(MAX_UPLOAD).await {
        Ok(Ok(b)) => Ok(b.to_vec()),
        Ok(Err(e)) => Err(ApiError::BadRequest(format!("reading the body: {e}"))),
        Err(_) => Err(too_large(format!("more than {MAX_UPLOAD}"))),
    }
}

#[derive(Deserialize)]
struct TextDoc {
    source: Option<String>,
    text: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum JsonBody {
    Many { documents: Vec<TextDoc> },
    One(TextDoc),
}

/// The files of a request: multipart file parts, or JSON text documents. `default_name`
/// names a JSON text without `source` (a replacement keeps the stored name anyway).
fn files_of(
    req: &HttpRequest,
    body: &[u8],
    default_name: Option<&str>,
) -> Result<Vec<Incoming>, ApiError> {
    let ctype = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // (source name, name whose extension tells the format, bytes)
    let files: Vec<(String, String, Vec<u8>)> = if let Some(b) = multipart::boundary(ctype) {
        let parts = multipart::parse(body, &b).map_err(ApiError::BadRequest)?;
        parts
            .into_iter()
            // A form's empty file field sends a part without a name and without bytes.
            .filter(|p| !(p.data.is_empty() && p.filename.as_deref().unwrap_or("").is_empty()))
            .filter_map(|p| p.filename.map(|f| (f.clone(), f, p.data)))
            .collect()
    } else if ctype.starts_with("application/json") {
        let docs = match serde_json::from_slice::<JsonBody>(body)
            .map_err(|e| ApiError::BadRequest(format!("JSON body: {e}")))?
        {
            JsonBody::Many { documents } => documents,
            JsonBody::One(d) => vec![d],
        };
        docs.into_iter()
            .map(|d| {
                let name = d.source.or_else(|| default_name.map(String::from));
                let name = name.ok_or_else(|| {
                    ApiError::BadRequest("a JSON document needs `source` (its name)".into())
                })?;
                // JSON carries text: read as text (or HTML) whatever the name's extension.
                let format_of = match corpus::read::Format::of(std::path::Path::new(&name)) {
                    Some(corpus::read::Format::Html | corpus::read::Format::Text) => name.clone(),
                    _ => "text.txt".to_string(),
                };
                Ok((name, format_of, d.text.into_bytes()))
            })
            .collect::<Result<_, ApiError>>()?
    } else {
        return Err(ApiError::UnsupportedType(
            "send multipart/form-data with file parts, or application/json {source, text}".into(),
        ));
    };
    if files.is_empty() {
        return Err(ApiError::BadRequest("no files in the request".into()));
    }
    if files.len() > MAX_FILES {
        return Err(ApiError::TooLarge(format!(
            "{} files in one request (limit {MAX_FILES})",
            files.len()
        )));
    }
    files
        .into_iter()
        .map(|(n, format_of, data)| {
            let name = jobs::clean_name(&n).map_err(ApiError::BadRequest)?;
            Ok(Incoming {
                format_of,
                name,
                data,
            })
        })
        .collect()
}

/// Queue a job and answer 202 with where to follow it.
async fn accept(
    state: &State,
    jobs: &JobsData,
    op: Op,
    files: Vec<Incoming>,
) -> Result<HttpResponse, ApiError> {
    let (app, jobs) = (state.0.clone(), jobs.clone().into_inner());
    let id = blocking(move || {
        jobs::submit(&jobs, &app, op, files).map_err(|e| match e.downcast_ref::<Busy>() {
            Some(b) => ApiError::Busy(b.to_string()),
            None => ApiError::from(e),
        })
    })
    .await?;
    let url = format!("/api/jobs/{id}");
    Ok(HttpResponse::Accepted()
        .insert_header((header::LOCATION, url.clone()))
        .json(serde_json::json!({ "job": id, "status": url })))
}

pub(super) async fn add(
    state: State,
    jobs: JobsData,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    check_token(&state, &req)?;
    let body = read_body(&req, body).await?;
    let files = files_of(&req, &body, None)?;
    accept(&state, &jobs, Op::Add, files).await
}

fn stored_source(state: &State, id: &str) -> Result<String, ApiError> {
    let rec = state
        .0
        .stores
        .docs
        .get(id)?
        .ok_or_else(|| ApiError::NotFound(format!("no document {id}")))?;
    Ok(rec.doc.source)
}

/// Replace a document by one file; it keeps its source name, and so its id. The file's own
/// name still tells its format (a `.docx` may replace a `.txt`).
pub(super) async fn replace(
    state: State,
    jobs: JobsData,
    req: HttpRequest,
    id: web::Path<String>,
    body: web::Payload,
) -> Result<HttpResponse, ApiError> {
    check_token(&state, &req)?;
    let source = stored_source(&state, &id)?;
    let body = read_body(&req, body).await?;
    let mut files = files_of(&req, &body, Some(&source))?;
    if files.len() != 1 {
        return Err(ApiError::BadRequest(format!(
            "a replacement is one file ({} sent)",
            files.len()
        )));
    }
    let mut file = files.remove(0);
    file.name = source;
    accept(
        &state,
        &jobs,
        Op::Replace {
            id: id.into_inner(),
        },
        vec![file],
    )
    .await
}

pub(super) async fn delete(
    state: State,
    jobs: JobsData,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    check_token(&state, &req)?;
    stored_source(&state, &id)?;
    accept(
        &state,
        &jobs,
        Op::Delete {
            id: id.into_inner(),
        },
        Vec::new(),
    )
    .await
}

pub(super) async fn job(
    state: State,
    jobs: JobsData,
    req: HttpRequest,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    check_token(&state, &req)?;
    let s = jobs
        .get(&id)
        .ok_or_else(|| ApiError::NotFound(format!("no job {id}")))?;
    Ok(HttpResponse::Ok().json(s))
}

/// The write routes of `/api/documents` are in `documents::routes` (one resource per path,
/// so its `Allow` lists them); the jobs are here.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(Methods::new("/api/jobs/{id}").get(job).done());
}
