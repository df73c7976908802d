//! Hostile SPARQL against the real `gongchuang serve` (with its query worker processes):
//! nesting deep enough to overflow a stack, memory without bound, runaway joins and
//! property paths. Each attack answers 400 or 503 with a reason; the service keeps answering,
//! frees the slot and the CPU (read from /proc), and its memory returns to where it was.
//! Every test serves its own copy of a three-document data dir; one test runs at a time,
//! so that CPU and memory figures are the attack's alone.

mod common;

use common::agent;
use once_cell::sync::Lazy;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const TOKEN: &str = "hostile-token";
/// The server's query timeout in most of these tests.
const TIMEOUT_S: u64 = 2;

/// One test at a time (each starts its own server; figures must be its own).
static ONE: Mutex<()> = Mutex::new(());

/// Three seed documents, ingested once; each server gets a copy.
static TEMPLATE: Lazy<PathBuf> = Lazy::new(|| {
    let dir = Box::leak(Box::new(tempfile::tempdir().unwrap()));
    let (data, _app) = common::three_documents(dir.path());
    data
});

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

struct Server {
    base: String,
    pid: u32,
    _dir: tempfile::TempDir,
}

/// `gongchuang serve` on a copy of the template, started from a thread that lives as long as
/// this test process (the server gets SIGKILL when the process ends).
fn serve(timeout_s: u64) -> Server {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&TEMPLATE, &dir.path().join("data"));
    let data = dir.path().join("data").display().to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::os::unix::process::CommandExt;
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gongchuang"));
        cmd.args([
            "--data-dir",
            &data,
            "--no-embed",
            "serve",
            "--bind",
            "127.0.0.1:0",
        ])
        .args(["--query-timeout-s", &timeout_s.to_string()])
        .args(["--query-memory-mb", "512", "--token", TOKEN])
        .env("RUST_LOG", "warn,gongchuang=info,server=info")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
        // SAFETY: prctl in the child before exec touches no memory of ours.
        unsafe {
            cmd.pre_exec(|| {
                libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL);
                Ok(())
            });
        }
        let mut child = cmd.spawn().unwrap();
        tx.send((child.id(), child.stderr.take().unwrap())).unwrap();
        let _ = child.wait();
        // Keep this thread (the child's parent thread) alive as long as the process.
        loop {
            std::thread::park();
        }
    });
    let (pid, stderr) = rx.recv().unwrap();
    let (addr_tx, addr_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(rest) = line.split("listening on http://").nth(1) {
                let addr: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == ':')
                    .collect();
                let _ = addr_tx.send(addr);
            }
            eprintln!("server: {line}");
        }
    });
    let addr = addr_rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the server starts");
    Server {
        base: format!("http://{addr}"),
        pid,
        _dir: dir,
    }
}

struct Reply {
    status: u16,
    body: String,
}

fn reply(mut r: ureq::http::Response<ureq::Body>) -> Reply {
    Reply {
        status: r.status().as_u16(),
        body: r.body_mut().read_to_string().unwrap_or_default(),
    }
}

fn query(base: &str, q: &str) -> Reply {
    reply(
        agent()
            .post(&format!("{base}/sparql"))
            .header("Content-Type", "application/sparql-query")
            .header("Accept", "application/sparql-results+json")
            .send(q)
            .unwrap(),
    )
}

fn update(base: &str, u: &str) -> Reply {
    reply(
        agent()
            .post(&format!("{base}/sparql"))
            .header("Content-Type", "application/sparql-update")
            .header("Authorization", &format!("Bearer {TOKEN}"))
            .send(u)
            .unwrap(),
    )
}

const ASK: &str = "ASK { ?s ?p ?o }";

fn assert_answers(base: &str) {
    let r = query(base, ASK);
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("true"), "{}", r.body);
}

/// (parent pid, CPU seconds, resident bytes) of a process, from /proc/<pid>/stat.
fn stat(pid: u32) -> Option<(u32, f64, u64)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let f: Vec<&str> = s.rsplit_once(')')?.1.split_whitespace().collect();
    // After the command name: state, ppid (4th field of the line), …, utime (14th),
    // stime (15th), …, rss in pages (24th).
    let n = |i: usize| f.get(i - 3).and_then(|x| x.parse::<u64>().ok());
    let ticks = n(14)? + n(15)?;
    Some((n(4)? as u32, ticks as f64 / 100.0, n(24)? * 4096))
}

/// The server and its workers: pid → CPU seconds.
fn tree_cpu(pid: u32) -> std::collections::HashMap<u32, f64> {
    let mut out = std::collections::HashMap::new();
    for e in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(p) = e.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        if let Some((ppid, cpu, _)) = stat(p) {
            if p == pid || ppid == pid {
                out.insert(p, cpu);
            }
        }
    }
    out
}

fn rss(pid: u32) -> u64 {
    stat(pid).expect("the server runs").2
}

/// CPU that the server and its workers use over one second: an idle service uses ~0.
fn busy_cpu(pid: u32) -> f64 {
    let a = tree_cpu(pid);
    std::thread::sleep(Duration::from_secs(1));
    let b = tree_cpu(pid);
    b.iter()
        .map(|(p, cpu)| cpu - a.get(p).copied().unwrap_or(0.0))
        .sum()
}

/// Within a second of its answer the attack holds no CPU; the slots are free (eight simple
/// queries at once all answer); resident memory is within 20 % of `before`.
fn assert_recovered(s: &Server, before: u64) {
    std::thread::sleep(Duration::from_secs(1));
    let cpu = busy_cpu(s.pid);
    assert!(
        cpu < 0.3,
        "the service still uses {cpu:.2} s of CPU a second"
    );
    std::thread::scope(|sc| {
        let hs: Vec<_> = (0..8).map(|_| sc.spawn(|| query(&s.base, ASK))).collect();
        for h in hs {
            let r = h.join().unwrap();
            assert_eq!(r.status, 200, "a slot is still held: {}", r.body);
        }
    });
    let after = rss(s.pid);
    assert!(
        (after as f64) < before as f64 * 1.2,
        "resident memory {after} bytes after, {before} before"
    );
}

/// Memory and CPU of a server that has answered a few queries.
fn warmed(s: &Server) -> u64 {
    for _ in 0..3 {
        assert_answers(&s.base);
    }
    rss(s.pid)
}

#[test]
fn nesting_too_deep_to_parse_answers_400() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let s = serve(TIMEOUT_S);
    let before = warmed(&s);
    let groups = format!("SELECT * WHERE {}{}", "{ ".repeat(700), "}".repeat(700));
    let parens = format!(
        "ASK {{ FILTER({}1{}) }}",
        "(".repeat(3000),
        ")".repeat(3000)
    );
    let lists = format!("ASK {{ ?s ?p {}1{} }}", "( ".repeat(3000), ")".repeat(3000));
    for q in [&groups, &parens, &lists] {
        let r = query(&s.base, q);
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(r.body.contains("nested"), "a reason: {}", r.body);
        let r = reply(
            agent()
                .get(&format!(
                    "{}/sparql?query={}",
                    s.base,
                    graph::remote::url_encode(q)
                ))
                .call()
                .unwrap(),
        );
        assert!(r.status == 400 || r.status == 414, "{}", r.status);
        let r = update(&s.base, &format!("INSERT {{ ?s ?p ?o }} WHERE {q}"));
        assert_eq!(r.status, 400, "{}", r.body);
        assert!(r.body.contains("nested"), "a reason: {}", r.body);
    }
    // Nesting up to the limit parses and runs.
    let n = graph::nesting::MAX_NESTING;
    let r = query(&s.base, &format!("ASK {}{}", "{ ".repeat(n), "}".repeat(n)));
    assert_eq!(r.status, 200, "{}", r.body);
    assert_answers(&s.base);
    assert_recovered(&s, before);
}

/// Ten steps, each eight times the last: 100 × 8¹⁰ bytes, from no data at all.
fn concat_chain() -> String {
    let mut q = format!("SELECT ?x10 WHERE {{ BIND(\"{}\" AS ?x0)", "a".repeat(100));
    for i in 1..=10 {
        let args = vec![format!("?x{}", i - 1); 8].join(", ");
        q.push_str(&format!(" BIND(CONCAT({args}) AS ?x{i})"));
    }
    q + " }"
}

#[test]
fn a_memory_blowup_stops_in_its_worker() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    // Time enough to reach the memory limit (a debug build copies ~100 MB/s here).
    let s = serve(30);
    let before = warmed(&s);
    let r = query(&s.base, &concat_chain());
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(r.body.contains("memory limit"), "a reason: {}", r.body);
    assert_answers(&s.base);
    assert_recovered(&s, before);
}

/// Five `VALUES` blocks of 100 values: 10¹⁰ rows to count, without touching the store.
fn values_join() -> String {
    let vals: Vec<String> = (0..100).map(|i| i.to_string()).collect();
    let mut q = "SELECT (COUNT(*) AS ?n) WHERE {".to_string();
    for v in ["a", "b", "c", "d", "e"] {
        q.push_str(&format!(" VALUES ?{v} {{ {} }}", vals.join(" ")));
    }
    q + " }"
}

const PATH: &str = "SELECT (COUNT(*) AS ?n) WHERE { \
    ?a (rdf:type|!rdf:type)* ?b . ?c (rdf:type|!rdf:type)* ?d }";

#[test]
fn runaway_joins_and_paths_stop_at_the_deadline() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let s = serve(TIMEOUT_S);
    let before = warmed(&s);
    let r = query(&s.base, &values_join());
    assert_eq!(r.status, 503, "{}", r.body);
    assert!(r.body.contains("timeout"), "a reason: {}", r.body);
    assert_answers(&s.base);
    // The path may also reach the memory limit first (it keeps the nodes it has seen).
    let r = query(&s.base, PATH);
    let reason = (r.status == 503 && r.body.contains("timeout"))
        || (r.status == 400 && r.body.contains("memory limit"));
    assert!(reason, "{}: {}", r.status, r.body);
    assert_answers(&s.base);
    assert_recovered(&s, before);
}

#[test]
fn eight_runaways_then_an_ask() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let s = serve(TIMEOUT_S);
    let before = warmed(&s);
    let q = values_join();
    // The bound the issue sets: a simple query right after them answers within 2 s.
    let ask_in_time = || {
        let t = Instant::now();
        assert_answers(&s.base);
        let took = t.elapsed();
        assert!(took < Duration::from_secs(2), "the ASK took {took:?}");
    };
    // One after the other…
    for _ in 0..8 {
        let r = query(&s.base, &q);
        assert_eq!(r.status, 503, "{}", r.body);
    }
    ask_in_time();
    // …and all at once, holding every slot.
    std::thread::scope(|sc| {
        let hs: Vec<_> = (0..8).map(|_| sc.spawn(|| query(&s.base, &q))).collect();
        for h in hs {
            let r = h.join().unwrap();
            assert_eq!(r.status, 503, "{}", r.body);
        }
    });
    ask_in_time();
    assert_recovered(&s, before);
}
