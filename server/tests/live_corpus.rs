//! A running service's corpus changed over HTTP: upload, replace and delete documents while
//! another thread searches and queries `/sparql`. Every read answers in full and sees a
//! document all at once or not at all; `check` agrees after each step; writes need the
//! token; oversized uploads get 413 with the reason; `ingest --server` sends files.

mod common;

use common::agent;
use serde_json::Value;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const TOKEN: &str = "live-token-42";
const BIN: &str = env!("CARGO_BIN_EXE_gongchuang");

struct Service {
    base: String,
    app: Arc<server::App>,
    _dir: tempfile::TempDir,
}

fn start() -> Service {
    let dir = tempfile::tempdir().unwrap();
    let opts = server::core::app::Options {
        no_embed: true,
        ..Default::default()
    };
    let app = Arc::new(server::App::open_with(dir.path(), &opts).unwrap());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let cfg = server::http::Config {
        token: Some(TOKEN.into()),
        query_timeout: Duration::from_secs(30),
        max_results: 1000,
        ..Default::default()
    };
    let a = app.clone();
    std::thread::spawn(move || {
        actix_web::rt::System::new()
            .block_on(async move { server::http::server(a, cfg, listener).unwrap().await })
            .unwrap();
    });
    Service {
        base,
        app,
        _dir: dir,
    }
}

fn text(tag: &str, version: u32) -> String {
    let mut t = format!("{tag}社区更新实践\n\n王芳\n\n一、做法\n\n");
    for i in 0..version * 3 {
        t.push_str(&format!(
            "{tag}社区第{i}次居民议事会协商加装电梯，街道搭建平台。\n\n"
        ));
    }
    t
}

fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let b = "gcBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, data) in files {
        body.extend_from_slice(
            format!(
                "--{b}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{b}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={b}"), body)
}

fn send(
    base: &str,
    method: &str,
    path: &str,
    ctype: &str,
    body: &[u8],
    token: bool,
) -> (u16, Value) {
    let url = format!("{base}{path}");
    let req = ureq::http::Request::builder()
        .method(method)
        .uri(&url)
        .header("Content-Type", ctype);
    let req = if token {
        req.header("Authorization", format!("Bearer {TOKEN}"))
    } else {
        req
    };
    let mut r = if body.is_empty() {
        agent().run(req.body(()).unwrap()).unwrap()
    } else {
        agent().run(req.body(body.to_vec()).unwrap()).unwrap()
    };
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

/// Follow a job until it is done; its final status.
fn wait_job(base: &str, accepted: &Value) -> Value {
    let url = accepted["status"].as_str().expect("a job url");
    for _ in 0..1200 {
        let (code, st) = send(base, "GET", url, "text/plain", b"", true);
        assert_eq!(code, 200, "{st}");
        match st["stage"].as_str().unwrap() {
            "done" => return st,
            "failed" => panic!("job failed: {st}"),
            _ => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    panic!("job did not finish");
}

fn assert_consistent(s: &Service, step: &str) {
    let c = server::core::check::check(&s.app).unwrap();
    assert!(c.consistent, "{step}: {c:?}");
}

/// What the reader thread saw: triples of the watched document's graph and number of
/// search hits for its unique word, per answer.
#[derive(Default)]
struct Seen {
    graph_counts: Vec<u64>,
    search_counts: Vec<u64>,
    answers: usize,
}

fn triples_query(id: &str) -> String {
    format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{}> {{ ?s ?p ?o }} }}",
        graph::ns::doc_graph(id)
    )
}

/// Triples of document `id`'s graph, by SPARQL (200 and complete JSON, or panic): each
/// version has its own number.
fn graph_count(base: &str, id: &str) -> u64 {
    let mut r = agent()
        .post(&format!("{base}/sparql"))
        .header("Content-Type", "application/sparql-query")
        .header("Accept", "application/sparql-results+json")
        .send(&triples_query(id))
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    let n = v["results"]["bindings"][0]["n"]["value"].as_str().unwrap();
    n.parse().unwrap()
}

/// Passage hits for the watched document's own word (甲甲社区).
fn search_count(base: &str) -> u64 {
    let url =
        format!("{base}/api/search?q=%E7%94%B2%E7%94%B2%E7%A4%BE%E5%8C%BA&type=passage&limit=100");
    let mut r = agent().get(&url).call().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let h: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    h["hits"].as_array().map_or(0, |a| a.len()) as u64
}

/// Search and SPARQL in a loop until `stop`: every answer 200 and complete JSON.
fn reader(base: String, id: String, stop: Arc<AtomicBool>, seen: Arc<Mutex<Seen>>) {
    while !stop.load(Ordering::Relaxed) {
        let n = graph_count(&base, &id);
        let hits = search_count(&base);
        let mut s = seen.lock().unwrap();
        s.graph_counts.push(n);
        s.search_counts.push(hits);
        s.answers += 1;
    }
}

fn doc_id(source: &str) -> String {
    let src = corpus::Source {
        name: source.into(),
        file: source.into(),
        first_line: 1,
        text: text("甲甲", 1),
        encoding: "UTF-8".into(),
    };
    corpus::parse(&src).id
}

/// What a reader sees of the watched document between writes.
fn quiet(s: &Service, id: &str, graph: &mut Vec<u64>, search: &mut Vec<u64>) {
    graph.push(graph_count(&s.base, id));
    search.push(search_count(&s.base));
}

#[test]
fn upload_replace_delete_while_reading() {
    let s = start();
    let id = doc_id("甲甲.txt");
    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let r = {
        let (base, id, stop, seen) = (s.base.clone(), id.clone(), stop.clone(), seen.clone());
        std::thread::spawn(move || reader(base, id, stop, seen))
    };
    let (mut allowed, mut allowed_search) = (Vec::new(), Vec::new());
    quiet(&s, &id, &mut allowed, &mut allowed_search);

    // Upload two documents and a broken file: the broken one is reported, the others added.
    let (ct, body) = multipart(&[
        ("甲甲.txt", text("甲甲", 1).as_bytes()),
        (
            "乙乙.html",
            format!("<html><body><p>{}</p></body></html>", text("乙乙", 1)).as_bytes(),
        ),
        ("坏.txt", b"\x00\x01\x02binary"),
    ]);
    let (code, acc) = send(&s.base, "POST", "/api/documents", &ct, &body, true);
    assert_eq!(code, 202, "{acc}");
    let st = wait_job(&s.base, &acc);
    assert_eq!(
        (st["added"].as_u64(), st["files_done"].as_u64()),
        (Some(2), Some(3)),
        "{st}"
    );
    let errors = st["errors"].as_array().unwrap();
    assert!(
        errors.len() == 1 && errors[0]["reason"].as_str().unwrap().contains("binary"),
        "{st}"
    );
    quiet(&s, &id, &mut allowed, &mut allowed_search);
    assert_consistent(&s, "after upload");

    // Replace by JSON text: same id, new version.
    let body = serde_json::json!({ "text": text("甲甲", 3) }).to_string();
    let (code, acc) = send(
        &s.base,
        "PUT",
        &format!("/api/documents/{id}"),
        "application/json",
        body.as_bytes(),
        true,
    );
    assert_eq!(code, 202, "{acc}");
    let st = wait_job(&s.base, &acc);
    assert_eq!(st["replaced"], 1, "{st}");
    quiet(&s, &id, &mut allowed, &mut allowed_search);
    assert!(allowed[2] > allowed[1] && allowed[1] > 0, "{allowed:?}");
    assert_consistent(&s, "after replace");

    // JSON add, then delete the watched document.
    let body = serde_json::json!({ "source": "丙丙.md", "text": text("丙丙", 1) }).to_string();
    let (code, acc) = send(
        &s.base,
        "POST",
        "/api/documents",
        "application/json",
        body.as_bytes(),
        true,
    );
    assert_eq!(code, 202);
    assert_eq!(wait_job(&s.base, &acc)["added"], 1);
    quiet(&s, &id, &mut allowed, &mut allowed_search);
    let (code, acc) = send(
        &s.base,
        "DELETE",
        &format!("/api/documents/{id}"),
        "text/plain",
        b"",
        true,
    );
    assert_eq!(code, 202, "{acc}");
    assert_eq!(wait_job(&s.base, &acc)["deleted"], 1);
    let (code, _) = send(
        &s.base,
        "GET",
        &format!("/api/documents/{id}"),
        "text/plain",
        b"",
        false,
    );
    assert_eq!(code, 404);
    assert_consistent(&s, "after delete");
    quiet(&s, &id, &mut allowed, &mut allowed_search);
    assert_eq!(s.app.stores.docs.ids().unwrap().len(), 2);

    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    r.join().expect("a read failed during the writes");
    let seen = seen.lock().unwrap();
    eprintln!("{} reads during the writes", seen.answers);
    assert!(seen.answers > 0);
    for n in &seen.graph_counts {
        assert!(
            allowed.contains(n),
            "a partial document in the graph: {n} triples, versions {allowed:?}"
        );
    }
    for n in &seen.search_counts {
        assert!(
            allowed_search.contains(n),
            "search saw {n} hits, versions {allowed_search:?}"
        );
    }
}

/// Writes without the token (or with a wrong one) get 401, unknown documents and jobs
/// 404, an oversized upload 413 with the reason, a body that is not a file 400/415.
#[test]
fn writes_need_the_token_and_stay_within_limits() {
    let s = start();
    let (ct, body) = multipart(&[("a.txt", text("丁丁", 1).as_bytes())]);
    let (code, _) = send(&s.base, "POST", "/api/documents", &ct, &body, false);
    assert_eq!(code, 401);
    for (m, p) in [
        ("PUT", "/api/documents/d000000000000"),
        ("DELETE", "/api/documents/d000000000000"),
        ("GET", "/api/jobs/j1"),
    ] {
        let (code, _) = send(&s.base, m, p, &ct, &body, false);
        assert_eq!(code, 401, "{m} {p}");
        let (code, _) = send(&s.base, m, p, &ct, &body, true);
        assert_eq!(code, 404, "{m} {p}");
    }
    let (code, v) = send(
        &s.base,
        "POST",
        "/api/documents",
        "text/plain",
        b"hello",
        true,
    );
    assert_eq!(code, 415, "{v}");
    let (code, v) = send(&s.base, "POST", "/api/documents", &ct, b"--x\r\n", true);
    assert_eq!(code, 400, "{v}");
    let (ct2, body2) = multipart(&[("../../etc/passwd", b"x")]);
    let (code, acc) = send(&s.base, "POST", "/api/documents", &ct2, &body2, true);
    assert_eq!(
        code, 202,
        "a path in a file name is reduced to its last part: {acc}"
    );
    wait_job(&s.base, &acc);
    assert!(!s._dir.path().join("etc").exists());

    // JSON carries text, whatever the extension of its source name.
    let body = serde_json::json!({ "source": "通知.pdf", "text": text("庚庚", 1) }).to_string();
    let (code, acc) = send(
        &s.base,
        "POST",
        "/api/documents",
        "application/json",
        body.as_bytes(),
        true,
    );
    assert_eq!(code, 202, "{acc}");
    let st = wait_job(&s.base, &acc);
    assert_eq!(st["added"], 1, "{st}");

    // A replacement in another format keeps the source name and id; it is read by its own
    // extension.
    let id = st["documents"][0].as_str().unwrap().to_string();
    let html = format!("<html><body><p>{}</p></body></html>", text("辛辛", 2));
    let (ct3, body3) = multipart(&[("新版.html", html.as_bytes())]);
    let (code, acc) = send(
        &s.base,
        "PUT",
        &format!("/api/documents/{id}"),
        &ct3,
        &body3,
        true,
    );
    assert_eq!(code, 202, "{acc}");
    assert_eq!(wait_job(&s.base, &acc)["replaced"], 1);
    let rec = s.app.stores.docs.get(&id).unwrap().unwrap();
    assert_eq!(rec.doc.source, "通知.pdf");
    assert!(
        rec.doc.title.contains("辛辛") && !rec.source_text.contains("<p>"),
        "{}",
        rec.doc.title
    );
    let (two_ct, two) = multipart(&[("a.txt", b"x"), ("b.txt", b"y")]);
    let (code, _) = send(
        &s.base,
        "PUT",
        &format!("/api/documents/{id}"),
        &two_ct,
        &two,
        true,
    );
    assert_eq!(code, 400, "a replacement is one file");

    // Over the limit, declared: refused before the body is read.
    let addr = s.base.trim_start_matches("http://");
    let mut c = std::net::TcpStream::connect(addr).unwrap();
    let n = server::http::upload::MAX_UPLOAD + 1;
    write!(
        c,
        "POST /api/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: {ct}\r\nContent-Length: {n}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    c.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.contains("over the limit"), "{answer}");
}

/// `gongchuang ingest --server URL PATH…` with the token from the environment: the files
/// reach the running service, with each file's outcome.
#[test]
fn ingest_sends_files_to_a_running_service() {
    let s = start();
    let src = tempfile::tempdir().unwrap();
    std::fs::write(src.path().join("戊戊.txt"), text("戊戊", 1)).unwrap();
    std::fs::write(src.path().join("己己.md"), text("己己", 2)).unwrap();
    std::fs::write(src.path().join("空.txt"), "").unwrap();
    let out = std::process::Command::new(BIN)
        .args(["ingest", "--json", "--server", &s.base])
        .arg(src.path())
        .env("GONGCHUANG_TOKEN", TOKEN)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["added"], 2, "{v}");
    assert_eq!(v["errors"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(s.app.stores.docs.ids().unwrap().len(), 2);
    assert_consistent(&s, "after ingest --server");
    let out = std::process::Command::new(BIN)
        .args(["ingest", "--server", &s.base])
        .arg(src.path())
        .env("GONGCHUANG_TOKEN", "wrong")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("401"));
}

/// A `gongchuang serve` process on a free port, with the token.
fn serve(data: &std::path::Path) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let mut child = std::process::Command::new(BIN)
        .args(["--no-embed", "--data-dir"])
        .arg(data)
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("GONGCHUANG_TOKEN", TOKEN)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    for _ in 0..1200 {
        if let Ok(r) = agent().get(&format!("{base}/healthz")).call() {
            if r.status().as_u16() == 200 {
                return (child, base);
            }
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("serve did not come up");
}

/// kill -9 of the service right after it acknowledged an upload, and at points while the
/// job runs: after a restart the job runs again, every acknowledged file is ingested, and
/// the stores agree.
#[test]
fn kill_nine_after_an_upload_loses_nothing_acknowledged() {
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let seed = tempfile::tempdir().unwrap();
    std::fs::write(seed.path().join("种子.txt"), text("种子", 1)).unwrap();
    let out = std::process::Command::new(BIN)
        .args(["--no-embed", "--data-dir"])
        .arg(d)
        .arg("ingest")
        .arg(seed.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let (mut expected, mut resumed) = (1, 0);
    for (round, wait_ms) in [0u64, 150, 600].into_iter().enumerate() {
        let (mut child, base) = serve(d);
        let tags: Vec<String> = (0..4).map(|i| format!("轮{round}件{i}")).collect();
        let texts: Vec<String> = tags.iter().map(|t| text(t, 2)).collect();
        let names: Vec<String> = tags.iter().map(|t| format!("{t}.txt")).collect();
        let files: Vec<(&str, &[u8])> = names
            .iter()
            .zip(&texts)
            .map(|(n, t)| (n.as_str(), t.as_bytes()))
            .collect();
        let (ct, body) = multipart(&files);
        let mut r = agent()
            .post(&format!("{base}/api/documents"))
            .header("Authorization", &format!("Bearer {TOKEN}"))
            .header("Content-Type", &ct)
            .send(&body[..])
            .unwrap();
        assert_eq!(r.status().as_u16(), 202);
        let acc: Value = serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        std::thread::sleep(Duration::from_millis(wait_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();

        // Restart: the job runs again (or had finished before the kill: then it is gone).
        let (mut child, base) = serve(d);
        let url = acc["status"].as_str().unwrap();
        if send(&base, "GET", url, "text/plain", b"", true).0 == 200 {
            wait_job(&base, &acc);
            resumed += 1;
        }
        expected += 4;
        let docs = send(&base, "GET", "/api/documents", "text/plain", b"", false).1;
        assert_eq!(
            docs.as_array().unwrap().len(),
            expected,
            "round {round} ({wait_ms} ms)"
        );
        let _ = child.kill();
        let _ = child.wait();
        let out = std::process::Command::new(BIN)
            .args(["--no-embed", "--data-dir"])
            .arg(d)
            .args(["check", "--json"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "round {round}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
    eprintln!("{resumed} of 3 jobs were resumed after the restart");
    assert!(
        resumed > 0,
        "every job had finished before its kill: nothing was tested"
    );
}
