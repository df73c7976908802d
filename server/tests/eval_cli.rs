//! `gongchuang eval --dev --dev-corpus DIR`: a probe of outside texts, laid out like the
//! development corpus, measured through the real binary (no vectors).

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_gongchuang");

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// A two-document corpus with one keyword and one fact question.
fn probe(root: &Path) {
    let docs = root.join("docs");
    let qs = root.join("questions");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::create_dir_all(&qs).unwrap();
    write(
        &docs,
        "x-01-news-baisha.txt",
        "白沙社区完成老旧小区改造\n\n2024年，秀峰区白沙社区完成改造，加装电梯12部，居民议事会商定了停车方案。\n",
    );
    write(
        &docs,
        "x-02-news-qingfeng.txt",
        "青枫村闲置农房变民宿\n\n青枫村由村集体牵头，把闲置农房改造为民宿和村史馆，村民以房屋入股。\n",
    );
    write(
        &qs,
        "x.json",
        r#"[
  {"id": "x-q1", "kind": "keyword", "query": "白沙社区 加装电梯",
   "expected_docs": ["x-01-news-baisha"], "expected_cases": [], "evidence": [], "absent": false},
  {"id": "x-q2", "kind": "fact", "query": "白沙社区加装了几部电梯",
   "expected_docs": ["x-01-news-baisha"], "expected_cases": [],
   "evidence": ["加装电梯12部"], "absent": false}
]"#,
    );
}

#[test]
fn eval_reads_a_probe_corpus() {
    let root = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    probe(root.path());
    let out = Command::new(BIN)
        .args([
            "--no-embed",
            "eval",
            "--dev",
            "--hybrid-only",
            "--dev-corpus",
        ])
        .arg(root.path())
        .arg("--dev-data")
        .arg(data.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("development corpus: 2 questions"),
        "{stdout}"
    );
    assert!(stdout.contains("keyword doc hit@1"), "{stdout}");
}

#[test]
fn a_probe_corpus_is_never_fitted_on() {
    let root = tempfile::tempdir().unwrap();
    let out = Command::new(BIN)
        .args(["--no-embed", "eval", "--dev", "--fit", "--dev-corpus"])
        .arg(root.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--dev-corpus"));
}
