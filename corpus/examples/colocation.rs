//! How often the evidence lines of a dev fact question land in one passage (reading order).
//! `cargo run -p corpus --example colocation -- corpus/tests/data/dev_questions.json`
use std::collections::HashSet;

fn main() {
    let path = std::env::args().nth(1).expect("questions file");
    let qs: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    let docs: Vec<corpus::Document> = walk.sources.iter().map(corpus::parse).collect();
    let (mut n, mut together, mut pairs, mut pairs_ok) = (0, 0, 0, 0);
    for q in qs.iter().filter(|q| q["kind"] == "fact") {
        let ev: Vec<u32> = q["evidence_lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_u64().unwrap() as u32)
            .collect();
        if ev.len() < 2 {
            continue;
        }
        let file = q["expected_files"][0].as_str().unwrap();
        let Some(d) = docs.iter().find(|d| d.source == file) else {
            continue;
        };
        n += 1;
        let sets: Vec<HashSet<u32>> = d
            .passages
            .iter()
            .map(|p| p.line_map.iter().map(|&(_, l)| l).collect())
            .collect();
        if sets.iter().any(|s| ev.iter().all(|l| s.contains(l))) {
            together += 1;
        }
        for w in ev.windows(2) {
            pairs += 1;
            if sets.iter().any(|s| s.contains(&w[0]) && s.contains(&w[1])) {
                pairs_ok += 1;
            }
        }
    }
    println!("fact questions with ≥2 evidence lines: {n}; all in one passage: {together}; adjacent evidence pairs in one passage: {pairs_ok}/{pairs}");
}
