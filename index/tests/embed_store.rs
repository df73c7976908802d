//! VectorStore and VectorCache, with a fake embedder.

use std::sync::atomic::{AtomicUsize, Ordering};

use index::embed::{dot, l2_normalize, Embedder, VectorCache, VectorStore};

fn unit(v: &[f32]) -> Vec<f32> {
    let mut v = v.to_vec();
    l2_normalize(&mut v);
    v
}

#[test]
fn store_adds_replaces_removes_and_searches() {
    let mut s = VectorStore::new(3);
    s.add("x", &unit(&[1.0, 0.0, 0.0])).unwrap();
    s.add("y", &unit(&[0.0, 1.0, 0.0])).unwrap();
    s.add("xy", &unit(&[1.0, 1.0, 0.0])).unwrap();
    s.add("z", &unit(&[0.0, 0.0, 1.0])).unwrap();
    assert!(s.add("bad", &[1.0]).is_err());
    assert_eq!(s.len(), 4);

    let hits = s.search(&unit(&[1.0, 0.2, 0.0]), 2);
    assert_eq!(
        hits.iter().map(|h| h.0.as_str()).collect::<Vec<_>>(),
        ["x", "xy"]
    );
    assert!(hits[0].1 > hits[1].1);
    assert_eq!(s.search(&[1.0, 0.0, 0.0], 10).len(), 4);

    assert!(s.remove("x"));
    assert!(!s.remove("x"));
    assert_eq!(s.search(&[1.0, 0.0, 0.0], 1)[0].0, "xy");
    assert_eq!(s.get("z").unwrap(), &[0.0, 0.0, 1.0]);
    s.add("z", &[0.0, -1.0, 0.0]).unwrap();
    assert_eq!(s.len(), 3);
    assert_eq!(s.search(&[0.0, -1.0, 0.0], 1)[0].0, "z");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vectors.bin");
    s.save(&path).unwrap();
    let t = VectorStore::load(&path).unwrap();
    assert_eq!(t.dim(), 3);
    assert_eq!(t.ids(), s.ids());
    for id in s.ids() {
        assert_eq!(t.get(id), s.get(id));
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary file left"
    );
    std::fs::write(&path, &std::fs::read(&path).unwrap()[..30]).unwrap();
    assert!(VectorStore::load(&path).is_err());
}

/// Embeds a text as its (normalised) byte histogram over 4 buckets; counts texts embedded.
struct Fake {
    calls: AtomicUsize,
}

impl Embedder for Fake {
    fn id(&self) -> &str {
        "fake@1"
    }
    fn dim(&self) -> usize {
        4
    }
    fn embed_passages(&self, texts: &[&str]) -> index::embed::Result<Vec<Vec<f32>>> {
        self.calls.fetch_add(texts.len(), Ordering::SeqCst);
        Ok(texts.iter().map(|t| self.embed_query(t).unwrap()).collect())
    }
    fn embed_query(&self, text: &str) -> index::embed::Result<Vec<f32>> {
        let mut v = vec![0.5f32; 4];
        text.bytes().for_each(|b| v[b as usize % 4] += 1.0);
        Ok(unit(&v))
    }
}

#[test]
fn cache_reuses_vectors_per_model_and_text() {
    let e = Fake {
        calls: AtomicUsize::new(0),
    };
    let mut c = VectorCache::new();
    let a = c.embed_passages(&e, &["甲", "乙", "甲"]).unwrap();
    assert_eq!(
        e.calls.load(Ordering::SeqCst),
        2,
        "each distinct text is embedded once"
    );
    assert_eq!(a[0], a[2]);
    assert_eq!(c.len(), 2);
    let b = c.embed_passages(&e, &["乙", "丙"]).unwrap();
    assert_eq!(e.calls.load(Ordering::SeqCst), 3, "only 丙 is new");
    assert_eq!(b[0], a[1]);
    assert!(c.get("fake@1", "乙 ").is_none(), "keys are the exact text");

    c.insert("other@2", "甲", vec![1.0, 0.0]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cache.bin");
    c.save(&path).unwrap();
    let mut d = VectorCache::load(&path).unwrap();
    assert_eq!(d.len(), 4);
    assert_eq!(d.get("fake@1", "丙"), c.get("fake@1", "丙"));
    assert_eq!(d.get("other@2", "甲"), Some(&[1.0, 0.0][..]));
    d.retain_model("fake@1");
    assert_eq!(d.len(), 3);
    d.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    d.save(&path).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        bytes,
        "saving is deterministic"
    );
}

/// A cache extended by another holds both, the other's vector where both hold a text.
#[test]
fn cache_extends_by_another() {
    let mut a = VectorCache::new();
    a.insert("m@1", "甲", vec![1.0, 0.0]);
    a.insert("m@1", "乙", vec![0.0, 1.0]);
    let mut b = VectorCache::new();
    b.insert("m@1", "乙", vec![0.6, 0.8]);
    b.insert("n@2", "甲", vec![0.8, 0.6]);
    a.extend(&b);
    assert_eq!(a.len(), 3);
    assert_eq!(a.get("m@1", "甲"), Some(&[1.0, 0.0][..]));
    assert_eq!(a.get("m@1", "乙"), Some(&[0.6, 0.8][..]));
    assert_eq!(a.get("n@2", "甲"), Some(&[0.8, 0.6][..]));
}

/// Deterministic pseudo-random unit vectors.
fn random_units(n: usize, dim: usize, seed: u64) -> Vec<Vec<f32>> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            let v: Vec<f32> = (0..dim)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((x >> 33) as f32 / (1u64 << 31) as f32) - 0.5
                })
                .collect();
            unit(&v)
        })
        .collect()
}

#[test]
fn approximate_search_beyond_the_threshold_agrees_with_exact() {
    let (n, dim) = (3000, 32);
    let vs = random_units(n, dim, 7);
    let mut exact = VectorStore::new(dim);
    let mut ann = VectorStore::new(dim).with_ann_min(1000);
    for (i, v) in vs.iter().enumerate() {
        exact.add(format!("v{i}"), v).unwrap();
        ann.add(format!("v{i}"), v).unwrap();
    }
    assert!(ann.is_approximate() && !exact.is_approximate());
    // Remove some, replace some: both stores must agree on what exists.
    for i in (0..n).step_by(7) {
        assert!(exact.remove(&format!("v{i}")));
        assert!(ann.remove(&format!("v{i}")));
    }
    let fresh = random_units(50, dim, 99);
    for (i, v) in fresh.iter().enumerate() {
        exact.add(format!("v{}", i * 3 + 1), v).unwrap();
        ann.add(format!("v{}", i * 3 + 1), v).unwrap();
    }
    let queries = random_units(100, dim, 1234);
    let (mut found, mut wanted) = (0, 0);
    for q in &queries {
        let truth: Vec<String> = exact.search(q, 10).into_iter().map(|h| h.0).collect();
        let got = ann.search(q, 10);
        assert_eq!(got.len(), 10);
        for (id, s) in &got {
            let v = ann.get(id).expect("a removed id came back");
            let d: f32 = v.iter().zip(q).map(|(a, b)| a * b).sum();
            assert!(
                (d - s).abs() < 1e-5,
                "score of {id} is its current vector's"
            );
        }
        wanted += truth.len();
        found += truth
            .iter()
            .filter(|t| got.iter().any(|g| &g.0 == *t))
            .count();
    }
    let recall = found as f64 / wanted as f64;
    println!("HNSW recall@10 on {n} random {dim}-d vectors: {recall:.3}");
    assert!(recall >= 0.9, "recall {recall}");
}

#[test]
fn approximate_store_survives_save_and_load() {
    let dim = 16;
    let mut s = VectorStore::new(dim);
    for (i, v) in random_units(500, dim, 3).iter().enumerate() {
        s.add(format!("v{i}"), v).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vectors.bin");
    s.save(&path).unwrap();
    let loaded = VectorStore::load(&path).unwrap();
    assert_eq!(loaded.len(), 500);
    assert!(!loaded.is_approximate(), "500 rows stay exact");
    let q = random_units(1, dim, 5).remove(0);
    let a = loaded.clone().with_ann_min(100).search(&q, 5);
    assert_eq!(a, loaded.search(&q, 5), "top 5 of 500 agree");
}

/// The exact scan scores rows in groups; every score must keep the bits of `dot`, and the
/// ranking of a full sort.
#[test]
fn exact_scan_scores_are_the_bits_of_dot() {
    let (n, dim) = (203, 40); // not a multiple of the group size
    let vs = random_units(n, dim, 11);
    let mut s = VectorStore::new(dim);
    for (i, v) in vs.iter().enumerate() {
        s.add(format!("v{i}"), v).unwrap();
    }
    let q = &random_units(1, dim, 12)[0];
    let scores: Vec<(&str, f32)> = s.scores(q).collect();
    assert_eq!(scores.len(), n);
    for (i, (id, score)) in scores.iter().enumerate() {
        assert_eq!(*id, format!("v{i}"));
        assert_eq!(score.to_bits(), dot(&vs[i], q).to_bits(), "row {i}");
    }
    let mut want: Vec<(String, f32)> = (0..n).map(|i| (format!("v{i}"), dot(&vs[i], q))).collect();
    want.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let got = s.search(q, 25);
    assert_eq!(got.len(), 25);
    for (g, w) in got.iter().zip(&want) {
        assert_eq!((&g.0, g.1.to_bits()), (&w.0, w.1.to_bits()));
    }
}
