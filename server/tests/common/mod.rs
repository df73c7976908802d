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

/// A data dir under `dir` with the first three seed documents ingested (no vectors): its
/// path and the open app.
#[allow(dead_code)]
pub fn three_documents(dir: &std::path::Path) -> (std::path::PathBuf, std::sync::Arc<server::App>) {
    let text = std::fs::read_to_string(corpus::bundled_corpus_path()).unwrap();
    let three: Vec<&str> = text.split("=====\n").skip(1).take(3).collect();
    let bundle = dir.join("three.txt");
    std::fs::write(&bundle, format!("=====\n{}", three.join("=====\n"))).unwrap();
    let opts = server::core::app::Options {
        no_embed: true,
        ..Default::default()
    };
    let data = dir.join("data");
    let app = std::sync::Arc::new(server::App::open_with(&data, &opts).unwrap());
    let s = server::core::ingest::ingest(&app, &[bundle], None).unwrap();
    assert_eq!(s.documents, 3);
    (data, app)
}

/// Serve `app` with `cfg` on a free port in a thread of its own; the base URL.
#[allow(dead_code)]
pub fn start(app: std::sync::Arc<server::App>, cfg: server::http::Config) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        actix_web::rt::System::new()
            .block_on(async move { server::http::server(app, cfg, listener).unwrap().await })
            .unwrap();
    });
    base
}
