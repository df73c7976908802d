//! Ingest under awkward conditions: many tiny files, and the same bundle ingested twice at
//! once (two threads of one process; two processes). After each, `check` agrees.

use std::process::Command;
use std::sync::Arc;

const BIN: &str = env!("CARGO_BIN_EXE_gongchuang");

fn open(dir: &std::path::Path) -> server::App {
    let opts = server::core::app::Options {
        no_embed: true,
        ..Default::default()
    };
    server::App::open_with(dir, &opts).unwrap()
}

/// Vectors given when opening (`Options::warm_vectors`: another data dir's) join the cache
/// next to the shipped ones.
#[test]
fn warm_vectors_join_the_cache() {
    let mut warm = index::embed::VectorCache::new();
    warm.insert("m@1", "一段没有嵌入过的文字", vec![0.6, 0.8]);
    let dir = tempfile::tempdir().unwrap();
    let opts = server::core::app::Options {
        no_embed: true,
        warm_vectors: Some(Arc::new(warm)),
        ..Default::default()
    };
    let app = server::App::open_with(dir.path(), &opts).unwrap();
    let cache = app.vector_cache.lock().unwrap();
    assert_eq!(
        cache.get("m@1", "一段没有嵌入过的文字"),
        Some(&[0.6, 0.8][..])
    );
    assert!(cache.len() > 1, "the shipped vectors stay");
}

/// A bundle of the first `n` seed documents.
fn bundle(dir: &std::path::Path, n: usize) -> std::path::PathBuf {
    let text = std::fs::read_to_string(corpus::bundled_corpus_path()).unwrap();
    let docs: Vec<&str> = text.split("=====\n").skip(1).take(n).collect();
    let path = dir.join("bundle.txt");
    std::fs::write(&path, format!("=====\n{}", docs.join("=====\n"))).unwrap();
    path
}

/// 500 small files in one directory, through every store: all reported, nothing lost.
/// (The reader alone is tested on 10,000 in `corpus/tests/read_errors.rs`; in a debug build
/// RocksDB is unoptimised and a 10,000-file ingest takes minutes. In release it is seconds.)
#[test]
fn five_hundred_tiny_files() {
    let src = tempfile::tempdir().unwrap();
    for i in 0..500 {
        let body = format!("试点{i}号\n第{i}号社区开展居民议事，推进老旧小区改造。\n");
        std::fs::write(src.path().join(format!("n{i:04}.txt")), body).unwrap();
    }
    std::fs::write(src.path().join("bad.txt"), b"\x00\x01binary").unwrap();
    let data = tempfile::tempdir().unwrap();
    let app = open(data.path());
    let s = server::core::ingest::ingest(&app, &[src.path().to_path_buf()], None).unwrap();
    assert_eq!((s.documents, s.added), (500, 500));
    assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
    assert!(s.errors[0].file.ends_with("bad.txt"));
    let c = server::core::check::check(&app).unwrap();
    assert!(c.consistent);
    assert_eq!(c.documents, 500);
    assert_eq!(app.stores.fulltext.doc_ids().unwrap().len(), 500);
}

/// Two threads ingest the same bundle at once: writers are serialised, every document is
/// stored once, and the second run finds them unchanged.
#[test]
fn concurrent_ingests_in_one_process() {
    let src = tempfile::tempdir().unwrap();
    let b = bundle(src.path(), 4);
    let data = tempfile::tempdir().unwrap();
    let app = Arc::new(open(data.path()));
    let runs: Vec<_> = (0..2)
        .map(|_| {
            let (app, b) = (app.clone(), b.clone());
            std::thread::spawn(move || server::core::ingest::ingest(&app, &[b], None).unwrap())
        })
        .collect();
    let mut sums: Vec<_> = runs.into_iter().map(|t| t.join().unwrap()).collect();
    sums.sort_by_key(|s| s.added);
    assert_eq!((sums[0].added, sums[0].unchanged), (0, 4));
    assert_eq!((sums[1].added, sums[1].unchanged), (4, 0));
    let c = server::core::check::check(&app).unwrap();
    assert!(c.consistent && c.documents == 4);
}

/// Two processes ingest the same bundle at once. The stores take one writer process: the
/// other is refused with a clear message (or, if it starts after the first is done, finds
/// everything unchanged). `gongchuang check` then passes with every document there.
#[test]
fn concurrent_ingests_in_two_processes() {
    let src = tempfile::tempdir().unwrap();
    let b = bundle(src.path(), 4);
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    let spawn = || {
        Command::new(BIN)
            .args(["--no-embed", "--data-dir", d, "ingest", "--json"])
            .arg(&b)
            .env("RUST_BACKTRACE", "0")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (p1, p2) = (spawn(), spawn());
    let outs = [
        p1.wait_with_output().unwrap(),
        p2.wait_with_output().unwrap(),
    ];
    let ok = outs.iter().filter(|o| o.status.success()).count();
    assert!(ok >= 1);
    for o in outs.iter().filter(|o| !o.status.success()) {
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("in use by another gongchuang process"),
            "{err}"
        );
    }
    let out = Command::new(BIN)
        .args(["--no-embed", "--data-dir", d, "check", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["consistent"], true);
    assert_eq!(c["documents"], 4);
}

/// A folder of the file kinds people have (PDF, Word, text, HTML, and ones that cannot be
/// read): every file has its outcome or its error, by name.
#[test]
fn mixed_files_each_report_their_outcome() {
    let fixtures =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpus/tests/data/files");
    let src = tempfile::tempdir().unwrap();
    for f in [
        "single.pdf",
        "two-columns.pdf",
        "sample.docx",
        "scanned.pdf",
        "truncated.pdf",
    ] {
        std::fs::copy(fixtures.join(f), src.path().join(f)).unwrap();
    }
    std::fs::write(
        src.path().join("note.txt"),
        "社区花园\n\n居民在空地上建起社区花园。\n",
    )
    .unwrap();
    let page = "<html><head><title>口袋公园</title></head><body><p>街道把边角地改成口袋公园。</p></body></html>";
    std::fs::write(src.path().join("page.html"), page).unwrap();
    std::fs::write(src.path().join("old.doc"), b"\xd0\xcf\x11\xe0 old word").unwrap();
    let data = tempfile::tempdir().unwrap();
    let app = open(data.path());
    let s = server::core::ingest::ingest(&app, &[src.path().to_path_buf()], None).unwrap();
    let done: Vec<&str> = s.outcomes.iter().map(|o| o.source.as_str()).collect();
    for f in [
        "single.pdf",
        "two-columns.pdf",
        "sample.docx",
        "note.txt",
        "page.html",
    ] {
        assert!(done.iter().any(|d| d.ends_with(f)), "{f} not in {done:?}");
    }
    assert!(s.outcomes.iter().all(|o| o.outcome == "added"));
    // A PDF's passages and mentions in the graph carry their page (two pages here).
    let pdf = s
        .outcomes
        .iter()
        .find(|o| o.source.ends_with("single.pdf"))
        .unwrap();
    let rec = app.stores.docs.get(&pdf.id).unwrap().unwrap();
    let pages: std::collections::BTreeSet<String> =
        graph::rdf::document_quads(&rec.doc, &rec.extraction)
            .iter()
            .filter(|q| q.predicate.as_str().ends_with("#page"))
            .map(|q| q.object.to_string())
            .collect();
    assert_eq!(pages.len(), 2, "{pages:?}");
    let failed: Vec<&str> = s.errors.iter().map(|e| e.file.as_str()).collect();
    for f in ["scanned.pdf", "truncated.pdf", "old.doc"] {
        assert!(
            failed.iter().any(|d| d.ends_with(f)),
            "{f} not in {failed:?}"
        );
    }
    // Again: every document is reported unchanged.
    let s = server::core::ingest::ingest(&app, &[src.path().to_path_buf()], None).unwrap();
    assert!(
        s.outcomes.iter().all(|o| o.outcome == "unchanged"),
        "{:?}",
        s.outcomes
    );
    assert_eq!(s.outcomes.len(), 5);
}

/// `--vector-cache FILE` (written by `vectors --write-cache` in another data dir): a second
/// data dir of the same text reads its vectors from the file and computes none.
#[test]
fn a_vector_cache_file_spares_the_embedding() {
    let model = concat!(env!("CARGO_MANIFEST_DIR"), "/../index/model");
    let src = tempfile::tempdir().unwrap();
    let file = src.path().join("note.txt");
    std::fs::write(
        &file,
        "青枫村闲置农房变民宿\n\n青枫村由村集体牵头，把闲置农房改造为民宿和村史馆，村民以房屋入股。\n",
    )
    .unwrap();
    let cache = src.path().join("vectors.bin");
    let run = |data: &std::path::Path, args: &[&std::ffi::OsStr]| {
        let out = Command::new(BIN)
            .arg("--model")
            .arg(model)
            .arg("--data-dir")
            .arg(data)
            .args(args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        assert!(
            out.status.success(),
            "{text}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        text
    };
    let first = tempfile::tempdir().unwrap();
    run(first.path(), &["ingest".as_ref(), file.as_os_str()]);
    run(
        first.path(),
        &[
            "vectors".as_ref(),
            "--write-cache".as_ref(),
            cache.as_os_str(),
        ],
    );
    let second = tempfile::tempdir().unwrap();
    let json = run(
        second.path(),
        &[
            "--vector-cache".as_ref(),
            cache.as_os_str(),
            "ingest".as_ref(),
            "--json".as_ref(),
            file.as_os_str(),
        ],
    );
    let s: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(s["vectors_computed"], 0, "{json}");
    assert!(s["vectors_from_cache"].as_u64().unwrap() >= 2, "{json}");
}

/// A vector cache that cannot be read stops the command with the file's name, before
/// anything is written.
#[test]
fn an_unreadable_vector_cache_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.bin");
    std::fs::write(&junk, b"not a cache").unwrap();
    for path in [junk.clone(), dir.path().join("missing.bin")] {
        let data = dir.path().join("data");
        let out = Command::new(BIN)
            .args(["--no-embed", "--vector-cache"])
            .arg(&path)
            .arg("--data-dir")
            .arg(&data)
            .arg("documents")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{err}");
        assert!(
            err.contains("vector cache") && err.contains(path.to_str().unwrap()),
            "{err}"
        );
        assert!(!data.exists(), "nothing is written");
    }
}
