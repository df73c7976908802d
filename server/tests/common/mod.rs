//! Shared by the HTTP test binaries.

use std::time::Duration;

/// A client that returns error statuses as answers (the tests check them) and never hangs.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}
