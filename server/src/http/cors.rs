//! Cross-origin requests: off unless `serve --cors-origin` names origins.

use actix_web::http::header;

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
pub fn cors(origins: &[String]) -> actix_cors::Cors {
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
