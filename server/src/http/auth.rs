//! The bearer token that allows writes (SPARQL Update, Graph Store Protocol).

use crate::http::error::ApiError;
use crate::http::state::State;
use actix_web::http::header;
use actix_web::HttpRequest;

/// Ok when the request carries the configured token.
pub fn check_token(state: &State, req: &HttpRequest) -> Result<(), ApiError> {
    let Some(expected) = state.1.token.as_deref() else {
        return Err(ApiError::Forbidden(
            "read-only: no write token is configured".into(),
        ));
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or("");
    if token_ok(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::Unauthorized)
    }
}

/// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
pub fn token_ok(given: &[u8], expected: &[u8]) -> bool {
    let mut diff = given.len() ^ expected.len();
    for (i, b) in expected.iter().enumerate() {
        diff |= (given.get(i).copied().unwrap_or(0) ^ b) as usize;
    }
    diff == 0
}
