//! The lexical side of a search (parse, BM25, features, highlights; no dense side) timed on
//! the seed corpus cut into passages, by hand: `cargo test --release -p index --test
//! lexical_bench -- --ignored --nocapture`. Prints p50 per query and a checksum of every
//! ranking (ids and score bits), so that two builds can be shown to rank alike.

mod common;

use common::passage;
use index::fulltext::FullText;
use std::hash::{Hash, Hasher};
use std::time::Instant;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

/// The seed bundle's lines in passages of about 300 characters.
fn passages() -> Vec<String> {
    let text = std::fs::read_to_string(format!("{ROOT}/corpus/data/seed-40-docs.txt")).unwrap();
    let mut out = vec![String::new()];
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let cur = out.last_mut().unwrap();
        cur.push_str(line.trim());
        if cur.chars().count() >= 300 {
            out.push(String::new());
        }
    }
    out
}

fn questions() -> Vec<String> {
    let path = format!("{ROOT}/corpus/tests/data/dev_questions.json");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|q| q["query"].as_str().unwrap().to_string())
        .collect()
}

#[test]
#[ignore = "timing, by hand"]
fn lexical_search() {
    let dir = tempfile::tempdir().unwrap();
    let ft = FullText::open(dir.path(), &[]).unwrap();
    let w = ft.writer().unwrap();
    let texts = passages();
    for (i, t) in texts.iter().enumerate() {
        ft.add(&w, &passage(&format!("p{i:05}"), t)).unwrap();
    }
    let mut w = w;
    w.commit().unwrap();
    ft.reload().unwrap();
    let qs = questions();
    let mut times = Vec::new();
    let mut sum = std::collections::hash_map::DefaultHasher::new();
    for round in 0..3 {
        for q in &qs {
            let req = index::search::Request {
                q,
                kind: Some("passage"),
                limit: 10,
                offset: 0,
                dense: Vec::new(),
                query_concepts: Vec::new(),
                weights: Default::default(),
            };
            let t = Instant::now();
            let r = index::search::search(&ft, &req).unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            if round == 0 {
                for h in &r.hits {
                    (&h.id, h.score.to_bits(), &h.highlights).hash(&mut sum);
                }
            }
        }
    }
    times.sort_by(f64::total_cmp);
    let at = |p: f64| times[((times.len() - 1) as f64 * p).round() as usize];
    println!(
        "{} passages, {} queries x 3: p50 {:.2} ms, p95 {:.2} ms, mean {:.2} ms; rankings {:016x}",
        texts.len(),
        qs.len(),
        at(0.5),
        at(0.95),
        times.iter().sum::<f64>() / times.len() as f64,
        sum.finish()
    );
}
