//! Exact scan against the HNSW graph at scale: build time, query latency, recall@10.
//! Run: `cargo test --release -p index --test ann_bench -- --ignored --nocapture`
//! (`GONGCHUANG_ANN_ROWS`, default 200000 rows of 384 dimensions, like e5-small).

use std::time::Instant;

use index::embed::{l2_normalize, VectorStore};

/// Clustered unit vectors (text embeddings are clustered, not uniform).
fn vectors(n: usize, dim: usize, seed: u64) -> Vec<Vec<f32>> {
    let mut x = seed;
    let mut next = move || {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((x >> 33) as f32 / (1u64 << 31) as f32) - 0.5
    };
    let centres: Vec<Vec<f32>> = (0..256)
        .map(|_| (0..dim).map(|_| next()).collect())
        .collect();
    (0..n)
        .map(|i| {
            let c = &centres[i % centres.len()];
            let mut v: Vec<f32> = c.iter().map(|a| a + 0.6 * next()).collect();
            l2_normalize(&mut v);
            v
        })
        .collect()
}

#[test]
#[ignore]
fn ann_against_exact() {
    let n: usize = std::env::var("GONGCHUANG_ANN_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200_000);
    let dim = 384;
    // Queries come from the same clusters as the rows but are not among them.
    let mut vs = vectors(n + 200, dim, 1);
    let queries = vs.split_off(n);
    let mut exact = VectorStore::new(dim).with_ann_min(usize::MAX);
    for (i, v) in vs.iter().enumerate() {
        exact.add(format!("p{i}"), v).unwrap();
    }
    let t = Instant::now();
    let ann = exact.clone().with_ann_min(1);
    let build = t.elapsed().as_secs_f64();
    let time = |s: &VectorStore| {
        let t = Instant::now();
        let r: Vec<Vec<String>> = queries
            .iter()
            .map(|q| s.search(q, 10).into_iter().map(|h| h.0).collect())
            .collect();
        (r, t.elapsed().as_secs_f64() * 1000.0 / queries.len() as f64)
    };
    let (truth, exact_ms) = time(&exact);
    let (got, ann_ms) = time(&ann);
    let found: usize = truth
        .iter()
        .zip(&got)
        .map(|(t, g)| t.iter().filter(|id| g.contains(id)).count())
        .sum();
    println!(
        "{n} x {dim}: HNSW build {build:.1} s; query exact {exact_ms:.2} ms, HNSW {ann_ms:.2} ms; recall@10 {:.3}",
        found as f64 / (10 * queries.len()) as f64
    );
}
