//! Dense neighbours join a search's candidates: those BM25 also found get their dense rank,
//! the others are fetched by id in one lookup; ids not in the index and filtered queries add
//! nothing.

mod common;

use common::passage;
use index::fulltext::FullText;

fn fixture() -> (tempfile::TempDir, FullText) {
    let dir = tempfile::tempdir().unwrap();
    let ft = FullText::open(dir.path(), &[]).unwrap();
    let mut w = ft.writer().unwrap();
    for item in [
        passage("a", "长宁区老旧小区更新，居民参与议事。"),
        passage("b", "苏州工业园区数字孪生平台建成。"),
        passage("c", "历史街区保护与活化利用。"),
    ] {
        ft.add(&w, &item).unwrap();
    }
    w.commit().unwrap();
    ft.reload().unwrap();
    (dir, ft)
}

fn search(ft: &FullText, q: &str, dense: &[(&str, f32)]) -> Vec<(String, bool, bool)> {
    let req = index::search::Request {
        q,
        kind: None,
        limit: 10,
        offset: 0,
        dense: dense.iter().map(|(id, c)| (id.to_string(), *c)).collect(),
        query_concepts: Vec::new(),
        weights: Default::default(),
    };
    let mut hits: Vec<(String, bool, bool)> = index::search::search(ft, &req)
        .unwrap()
        .hits
        .into_iter()
        .map(|h| (h.id, h.explain.bm25.is_some(), h.explain.dense.is_some()))
        .collect();
    hits.sort();
    hits
}

#[test]
fn dense_neighbours_join_by_id() {
    let (_dir, ft) = fixture();
    let dense = [("b", 0.9), ("a", 0.85), ("gone", 0.84), ("c", 0.83)];
    let got = search(&ft, "老旧小区", &dense);
    let want = |id: &str, bm25, dense| (id.to_string(), bm25, dense);
    assert_eq!(
        got,
        vec![
            want("a", true, true),
            want("b", false, true),
            want("c", false, true)
        ]
    );
    // A filter applies to BM25 only: dense-only candidates could not be checked against it.
    let got = search(&ft, "老旧小区 year:2024", &dense);
    assert_eq!(got, vec![want("a", true, true)]);
}
