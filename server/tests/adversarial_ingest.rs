//! Ingest as an attacker or a careless user would drive it: links out of the ingested
//! folder, special files, a graph emptied behind the archive's back, and kill -9 at random
//! points of a re-ingest of changed versions. After each, `gongchuang check` (read-only)
//! finds archive, graph and index in agreement, and no document is lost.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_gongchuang");

fn open(dir: &Path) -> server::App {
    let opts = server::core::app::Options {
        no_embed: true,
        ..Default::default()
    };
    server::App::open_with(dir, &opts).unwrap()
}

fn cli(data: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(["--no-embed", "--data-dir"]).arg(data).args(args);
    c
}

/// Wait for a child, killing it (and failing) if it hangs: a FIFO opened for reading
/// blocks forever, which is what these tests must never see.
fn wait_bounded(mut child: Child, what: &str) -> Output {
    let deadline = Instant::now() + Duration::from_secs(300);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what} hung");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn check(data: &Path) -> serde_json::Value {
    json(&cli(data, &["check", "--json"]).output().unwrap())
}

fn text(i: usize) -> String {
    format!(
        "第{i}号社区更新\n\n王芳\n\n一、做法\n\n第{i}号社区居民议事会协商，推进老旧小区改造。\n"
    )
}

/// A link to a file and a link to a folder outside the ingested folder are refused with
/// the reason; a link inside it is followed; `--follow-links` follows them all.
#[test]
fn links_out_of_the_folder_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("shadow.txt"),
        "root:秘密口令:19000:0:99999\n",
    )
    .unwrap();
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    std::fs::write(r.join("a.txt"), text(1)).unwrap();
    std::fs::create_dir(r.join("sub")).unwrap();
    std::fs::write(r.join("sub/b.txt"), text(2)).unwrap();
    std::os::unix::fs::symlink(outside.path().join("shadow.txt"), r.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(outside.path(), r.join("etc")).unwrap();
    std::os::unix::fs::symlink(r.join("sub/b.txt"), r.join("inner.txt")).unwrap();
    std::os::unix::fs::symlink(r.join("sub"), r.join("alias")).unwrap();

    let data = tempfile::tempdir().unwrap();
    let app = open(data.path());
    let s = server::core::ingest::ingest(&app, &[r.to_path_buf()], None).unwrap();
    let mut refused: Vec<&str> = s.refused.iter().map(|f| f.file.as_str()).collect();
    refused.sort();
    assert_eq!(refused, ["etc", "leak.txt"], "{:?}", s.refused);
    assert!(s
        .refused
        .iter()
        .all(|f| f.reason.contains("--follow-links")));
    // a.txt, sub/b.txt, inner.txt and alias/b.txt: links inside the folder are kept.
    assert_eq!(s.documents, 4, "{s:?}");
    for id in app.stores.docs.ids().unwrap() {
        let rec = app.stores.docs.get(&id).unwrap().unwrap();
        assert!(!rec.source_text.contains("秘密口令"), "{}", rec.doc.source);
    }

    let data = tempfile::tempdir().unwrap();
    let app = open(data.path());
    let opts = server::core::ingest::IngestOptions { follow_links: true };
    let s = server::core::ingest::ingest_with(&app, &[r.to_path_buf()], opts, None).unwrap();
    assert!(s.refused.is_empty(), "{:?}", s.refused);
    assert_eq!(s.documents, 6, "{s:?}");
}

/// A FIFO (inside a folder and named directly) and a socket are skipped with the reason;
/// the ingest finishes instead of blocking on the FIFO while it holds the write lock.
#[test]
fn special_files_are_skipped_with_a_reason() {
    let root = tempfile::tempdir().unwrap();
    let r = root.path();
    std::fs::write(r.join("a.txt"), text(1)).unwrap();
    let made = Command::new("mkfifo")
        .arg(r.join("pipe.txt"))
        .status()
        .unwrap();
    assert!(made.success());
    let _sock = std::os::unix::net::UnixListener::bind(r.join("sock.txt")).unwrap();
    let data = tempfile::tempdir().unwrap();
    let child = cli(data.path(), &["ingest", "--json"])
        .arg(r)
        .arg(r.join("pipe.txt"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_bounded(child, "ingest of a folder with a FIFO");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = json(&out);
    assert_eq!(s["documents"], 1);
    let refused = s["refused"].as_array().unwrap();
    let reason = |name: &str| -> String {
        refused
            .iter()
            .filter(|f| f["file"].as_str().unwrap().ends_with(name))
            .map(|f| f["reason"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(reason("pipe.txt").contains("FIFO"), "{refused:?}");
    assert_eq!(refused.len(), 3, "{refused:?}"); // the FIFO twice, the socket once
    assert!(reason("sock.txt").contains("socket"), "{refused:?}");
    // The reader alone refuses a FIFO after opening it without blocking.
    let e = corpus::read::read_file(&r.join("pipe.txt")).unwrap_err();
    assert!(matches!(e, corpus::ReadError::Special(_)), "{e}");
}

/// After `DROP ALL`, re-ingesting the same files reloads the graph from the archive
/// instead of reporting every document unchanged.
#[test]
fn ingest_reloads_documents_the_graph_lost() {
    let src = tempfile::tempdir().unwrap();
    for i in 0..3 {
        std::fs::write(src.path().join(format!("d{i}.txt")), text(i)).unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    let app = open(data.path());
    let paths = [src.path().to_path_buf()];
    server::core::ingest::ingest(&app, &paths, None).unwrap();
    app.stores.graph.run_update("DROP ALL").unwrap();
    let c = server::core::check::check(&app).unwrap();
    assert!(!c.consistent);
    assert_eq!(c.only_in_archive.len(), 3);
    let s = server::core::ingest::ingest(&app, &paths, None).unwrap();
    assert_eq!((s.unchanged, s.reloaded), (0, 3), "{s:?}");
    assert!(server::core::check::check(&app).unwrap().consistent);
    let ontology = graph::ns::ontology_graph();
    assert!(
        app.stores.graph.has_graph(&ontology).unwrap(),
        "ontology reloaded"
    );
    let s = server::core::ingest::ingest(&app, &paths, None).unwrap();
    assert_eq!((s.unchanged, s.reloaded), (3, 0), "{s:?}");
}

/// `check` only looks: a dropped graph and a leftover journal are reported, and stay as
/// they are however often it runs; `check --repair` rebuilds graph and index.
#[test]
fn check_is_read_only_and_repair_rebuilds() {
    let src = tempfile::tempdir().unwrap();
    for i in 0..3 {
        std::fs::write(src.path().join(format!("d{i}.txt")), text(i)).unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let victim = {
        let app = open(d);
        server::core::ingest::ingest(&app, &[src.path().to_path_buf()], None).unwrap();
        let id = app.stores.docs.ids().unwrap()[0].clone();
        let g = graph::ns::doc_graph(&id);
        app.stores
            .graph
            .run_update(&format!("DROP GRAPH <{g}>"))
            .unwrap();
        id
    };
    let journal = d.join("ingest.journal");
    std::fs::write(&journal, format!("put {victim}\n")).unwrap();
    for _ in 0..2 {
        let c = check(d);
        assert_eq!(c["consistent"], false);
        assert_eq!(c["only_in_archive"], serde_json::json!([victim]));
        assert_eq!(c["interrupted_ingest"], serde_json::json!([victim]));
        assert!(journal.exists(), "check settled the journal");
    }
    let out = cli(d, &["check", "--repair", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(json(&out)["documents"], 3);
    assert!(!journal.exists());
    assert_eq!(check(d)["consistent"], true);
}

/// The moment after a batch wrote graph and index but before the archive took the new
/// record, rebuilt by hand: with the journal's `commit` line the batch rolls forward to the
/// new version, without it back to the old one; both end consistent.
#[test]
fn journal_rolls_forward_after_commit_and_back_before() {
    for committed in [true, false] {
        let src = tempfile::tempdir().unwrap();
        let f = src.path().join("d.txt");
        std::fs::write(&f, text(1)).unwrap();
        let data = tempfile::tempdir().unwrap();
        let d = data.path();
        let id = {
            let app = open(d);
            server::core::ingest::ingest(&app, std::slice::from_ref(&f), None).unwrap();
            app.stores.docs.ids().unwrap()[0].clone()
        };
        let record = d.join("docs").join(format!("{id}.json"));
        let old = std::fs::read(&record).unwrap();
        std::fs::write(
            &f,
            format!("{}\n二、成效\n\n第二版：加装电梯十二部。\n", text(1)),
        )
        .unwrap();
        {
            let app = open(d);
            let s = server::core::ingest::ingest(&app, std::slice::from_ref(&f), None).unwrap();
            assert_eq!(s.replaced, 1);
        }
        // Back to "staged, not yet moved in": graph and index hold the new version.
        std::fs::create_dir_all(d.join("ingest.pending")).unwrap();
        std::fs::rename(&record, d.join("ingest.pending").join(format!("{id}.json"))).unwrap();
        std::fs::write(&record, &old).unwrap();
        let journal = if committed {
            format!("put {id}\ncommit\n")
        } else {
            format!("put {id}\n")
        };
        std::fs::write(d.join("ingest.journal"), journal).unwrap();
        assert_eq!(check(d)["consistent"], false, "committed {committed}");
        restart_and_verify_one(d, committed);
    }
}

/// Restart, then: consistent, and the document in its new version exactly when `new`.
fn restart_and_verify_one(d: &Path, new: bool) {
    let out = cli(d, &["documents", "--json"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(check(d)["consistent"], true, "new {new}");
    let texts = archived_texts(d);
    assert_eq!(texts.len(), 1);
    assert_eq!(texts[0].contains("第二版"), new, "new {new}");
    assert!(!d.join("ingest.pending").exists() && !d.join("ingest.journal").exists());
}

/// The seed documents used for the kill -9 test, as (old, new) texts.
fn versions(n: usize) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(corpus::bundled_corpus_path()).unwrap();
    text.split("=====\n")
        .filter(|e| !e.trim().is_empty())
        .take(n)
        .enumerate()
        .map(|(i, entry)| {
            let old = entry.split_once('\n').map_or("", |(_, b)| b).to_string();
            let new =
                format!("{old}\n三、修订\n\n第{i}篇的第二版：街道补充了议事规则与资金来源。\n");
            (old, new)
        })
        .collect()
}

fn write_all(src: &Path, docs: &[(String, String)], new: bool) {
    for (i, (old, newer)) in docs.iter().enumerate() {
        let t = if new { newer } else { old };
        std::fs::write(src.join(format!("doc{i}.txt")), t).unwrap();
    }
}

/// The archived source text of every stored document (read from the records, without
/// opening the stores).
fn archived_texts(data: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(data.join("docs")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "json") {
            let rec: serde_json::Value =
                serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
            out.push(rec["source_text"].as_str().unwrap().to_string());
        }
    }
    out
}

/// Restart (an open for writing settles the journal), then check: consistent, and each
/// stored document is in one of its versions (all of them there when `all_present`).
fn restart_and_verify(data: &Path, docs: &[(String, String)], all_present: bool, note: &str) {
    let out = cli(data, &["documents", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{note}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c = check(data);
    assert_eq!(c["consistent"], true, "{note}: {c}");
    let texts = archived_texts(data);
    for t in &texts {
        assert!(
            docs.iter().any(|(o, n)| t == o || t == n),
            "{note}: a document in neither version"
        );
    }
    if all_present {
        assert_eq!(texts.len(), docs.len(), "{note}: documents lost");
        for (i, (o, n)) in docs.iter().enumerate() {
            assert!(
                texts.iter().any(|t| t == o || t == n),
                "{note}: doc{i} lost"
            );
        }
    }
}

fn next(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

/// Start an ingest of `src` and kill -9 it after `wait`. True when it was still running.
fn ingest_killed_after(data: &Path, src: &Path, wait: Duration) -> bool {
    let mut child = cli(data, &["ingest", "--json"])
        .arg(src)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(wait);
    let running = child.try_wait().unwrap().is_none();
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    running
}

/// kill -9 at 20 pseudo-random points of a re-ingest of changed versions (and two of the
/// first ingest): after each restart every document is there in its old or its new
/// version, and graph, index and archive agree. Kill points spread over the time one
/// whole ingest takes here (past most of the start), so they fall in reading, extraction,
/// graph, index and commit.
#[test]
fn kill_nine_during_reingest_keeps_old_or_new_versions() {
    let docs = versions(6);
    let src = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    let (s, d) = (src.path(), data.path());
    write_all(s, &docs, false);
    let mut seed: u64 = 0x9E3779B97F4A7C15;
    for round in 0..2 {
        let wait = Duration::from_millis(300 + next(&mut seed) % 1500);
        ingest_killed_after(d, s, wait);
        restart_and_verify(d, &docs, false, &format!("first ingest, round {round}"));
    }
    let started = Instant::now();
    let out = cli(d, &["ingest", "--json"]).arg(s).output().unwrap();
    assert!(out.status.success());
    let whole = started.elapsed();
    // The batch is the end of the run (after start-up and opening the stores): aim there.
    let batch = Duration::from_secs_f64(json(&out)["seconds"].as_f64().unwrap()).min(whole);
    let open = whole - batch;
    restart_and_verify(d, &docs, true, "after a whole ingest");
    let (mut interrupted, mut mid_batch) = (0, 0);
    for round in 0..20 {
        write_all(s, &docs, round % 2 == 0);
        let wait = open + batch.mul_f64((next(&mut seed) % 1100) as f64 / 1000.0);
        if ingest_killed_after(d, s, wait) {
            interrupted += 1;
        }
        // A journal left behind: the kill fell inside the batch, after a document changed.
        if std::fs::read_to_string(d.join("ingest.journal")).is_ok_and(|j| j.contains(' ')) {
            mid_batch += 1;
        }
        let note = format!("round {round}, killed after {} ms", wait.as_millis());
        restart_and_verify(d, &docs, true, &note);
    }
    eprintln!(
        "whole ingest {} ms (batch {} ms); {interrupted} of 20 kills interrupted it, {mid_batch} after a document had changed",
        whole.as_millis(),
        batch.as_millis()
    );
    assert!(
        mid_batch > 0,
        "no kill fell inside a batch: the test tests nothing"
    );
    // An uninterrupted ingest brings every document to its current (old) version.
    let out = cli(d, &["ingest", "--json"]).arg(s).output().unwrap();
    assert!(out.status.success());
    let texts = archived_texts(d);
    assert!(docs.iter().all(|(o, _)| texts.contains(o)));
    assert_eq!(check(d)["consistent"], true);
}

/// A data directory whose full-text index an older version built (no bigram field) opens
/// with the index rebuilt from the archive: every document is searchable again, and the
/// read-only `check` of a stale one says what to run instead of failing on it.
#[test]
fn an_index_of_an_older_schema_is_rebuilt_on_open() {
    let src = tempfile::tempdir().unwrap();
    for i in 0..2 {
        std::fs::write(src.path().join(format!("d{i}.txt")), text(i)).unwrap();
    }
    let data = tempfile::tempdir().unwrap();
    let d = data.path();
    let items = {
        let app = open(d);
        server::core::ingest::ingest(&app, &[src.path().to_path_buf()], None).unwrap();
        app.stores.fulltext.num_items()
    };
    let index = d.join("index");
    std::fs::remove_dir_all(&index).unwrap();
    std::fs::create_dir_all(&index).unwrap();
    let mut b = tantivy::schema::Schema::builder();
    b.add_text_field("kind", tantivy::schema::STRING | tantivy::schema::STORED);
    tantivy::Index::create_in_dir(&index, b.build()).unwrap();
    let out = cli(d, &["check", "--json"]).output().unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("check --repair"), "{said}");
    {
        let app = open(d);
        assert_eq!(app.stores.fulltext.num_items(), items);
    }
    assert!(
        index::fulltext::FullText::open(&index, &[]).is_ok(),
        "refilled in this schema"
    );
    assert_eq!(check(d)["consistent"], true);
}
