//! Exact scan against the HNSW graph at scale: build time, query latency, recall@10 on
//! clustered random unit vectors (text embeddings are clustered, not uniform).
//! Run by `gongchuang bench --ann ROWS` (a release build gives the figures of
//! docs/performance.md).

use crate::embed::{l2_normalize, VectorStore};
use serde::Serialize;
use std::time::Instant;

#[derive(Debug, Serialize)]
pub struct AnnReport {
    pub rows: usize,
    pub dim: usize,
    pub build_s: f64,
    pub exact_ms: f64,
    pub hnsw_ms: f64,
    pub recall_at_10: f64,
}

/// Rows around 256 random centres, from a fixed seed.
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

/// Top-10 ids per query and the mean milliseconds per query.
fn timed(s: &VectorStore, queries: &[Vec<f32>]) -> (Vec<Vec<String>>, f64) {
    let t = Instant::now();
    let r: Vec<Vec<String>> = queries
        .iter()
        .map(|q| s.search(q, 10).into_iter().map(|h| h.0).collect())
        .collect();
    (r, t.elapsed().as_secs_f64() * 1000.0 / queries.len() as f64)
}

/// `rows` vectors of 384 dimensions (like e5-small) and 200 queries from the same clusters.
pub fn ann_against_exact(rows: usize) -> crate::embed::Result<AnnReport> {
    let dim = 384;
    let mut vs = vectors(rows + 200, dim, 1);
    let queries = vs.split_off(rows);
    let mut exact = VectorStore::new(dim).with_ann_min(usize::MAX);
    for (i, v) in vs.iter().enumerate() {
        exact.add(format!("p{i}"), v)?;
    }
    let t = Instant::now();
    let ann = exact.clone().with_ann_min(1);
    let build_s = t.elapsed().as_secs_f64();
    let (truth, exact_ms) = timed(&exact, &queries);
    let (got, hnsw_ms) = timed(&ann, &queries);
    let found: usize = truth
        .iter()
        .zip(&got)
        .map(|(t, g)| t.iter().filter(|id| g.contains(id)).count())
        .sum();
    Ok(AnnReport {
        rows,
        dim,
        build_s,
        exact_ms,
        hnsw_ms,
        recall_at_10: found as f64 / (10 * queries.len()) as f64,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_small_run_finds_most_neighbours() {
        let r = super::ann_against_exact(1000).unwrap();
        assert_eq!(r.rows, 1000);
        assert!(r.recall_at_10 > 0.5, "{r:?}");
    }
}
