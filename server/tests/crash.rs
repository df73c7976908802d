//! kill -9 during ingest, 20 times at pseudo-random moments: after each, the next open
//! recovers and `gongchuang check` finds archive, graph and index in agreement.

use std::process::Command;
use std::time::Duration;

const BIN: &str = env!("CARGO_BIN_EXE_gongchuang");

/// A small corpus: a few seed documents as separate files.
fn corpus(dir: &std::path::Path) {
    let text = std::fs::read_to_string(corpus::bundled_corpus_path()).unwrap();
    for (i, entry) in text
        .split("=====\n")
        .filter(|e| !e.trim().is_empty())
        .take(6)
        .enumerate()
    {
        let body = entry.split_once('\n').map_or("", |(_, b)| b);
        std::fs::write(dir.join(format!("doc{i}.txt")), body).unwrap();
    }
}

#[test]
fn kill_nine_during_ingest_leaves_stores_consistent() {
    let src = tempfile::tempdir().unwrap();
    corpus(src.path());
    let data = tempfile::tempdir().unwrap();
    let d = data.path().to_str().unwrap();
    let mut seed: u64 = 0x9E3779B97F4A7C15;
    for round in 0..20 {
        // Alternate between the original files and edited ones, so documents get replaced.
        if round % 3 == 2 {
            let f = src.path().join(format!("doc{}.txt", round % 6));
            let mut t = std::fs::read_to_string(&f).unwrap();
            t.push_str(&format!("\n第{round}次修订。\n"));
            std::fs::write(&f, t).unwrap();
        }
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let wait_ms = 200 + (seed >> 33) % 4000;
        let mut child = Command::new(BIN)
            .args(["--no-embed", "--data-dir", d, "ingest", "--json"])
            .arg(src.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(wait_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let out = Command::new(BIN)
            .args(["--no-embed", "--data-dir", d, "check", "--json"])
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success(),
            "round {round} (killed after {wait_ms} ms): {report}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // A final uninterrupted ingest brings every document in.
    let out = Command::new(BIN)
        .args(["--no-embed", "--data-dir", d, "ingest", "--json"])
        .arg(src.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(BIN)
        .args(["--no-embed", "--data-dir", d, "check", "--json"])
        .output()
        .unwrap();
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["consistent"], true);
    assert_eq!(c["documents"], 6);
}
