//! The int8 encoder against the previous candle kernel and the shipped seed vectors, and the
//! portable fallback and the AVX2 tier against the SIMD kernel (the paths a CPU without
//! AVX-512 takes).

use std::path::PathBuf;

use index::embed::bench::{cosines, min_mean, sample, seed_passages};
use index::embed::{dot, BertEmbedder, Embedder, Kernel, Simd, VectorCache};

fn model_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/model"))
}

fn shipped_cache() -> VectorCache {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../corpus/data/seed-vectors.bin"
    );
    VectorCache::load(std::path::Path::new(path)).unwrap()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[test]
fn int8_matches_candle_on_seed_passages() {
    let ps = sample(&seed_passages(), 16);
    let candle = BertEmbedder::load_with(&model_dir(), Kernel::Candle).unwrap();
    let int8 = BertEmbedder::load_with(&model_dir(), Kernel::Int8).unwrap();
    assert_eq!(candle.id(), int8.id(), "same vectors, same model id");
    let c = cosines(
        &candle.embed_passages(&refs(&ps)).unwrap(),
        &int8.embed_passages(&refs(&ps)).unwrap(),
    );
    let (min, mean) = min_mean(&c);
    eprintln!("int8 vs candle: min {min:.5}, mean {mean:.5}");
    assert!(min >= 0.995, "cosine {min}");
    let q = "社区居民参与数字平台";
    let qc = dot(
        &candle.embed_query(q).unwrap(),
        &int8.embed_query(q).unwrap(),
    );
    assert!(qc >= 0.995, "query cosine {qc}");
}

#[test]
fn int8_matches_shipped_seed_vectors() {
    let e = BertEmbedder::load_with(&model_dir(), Kernel::Int8).unwrap();
    let cache = shipped_cache();
    let ps: Vec<String> = sample(&seed_passages(), 96)
        .into_iter()
        .filter(|p| cache.get(e.id(), p).is_some())
        .collect();
    assert!(ps.len() >= 90, "the shipped cache holds the seed passages");
    let vs = e.embed_passages(&refs(&ps)).unwrap();
    for (p, v) in ps.iter().zip(&vs) {
        let c = dot(v, cache.get(e.id(), p).unwrap());
        assert!(c >= 0.995, "cosine {c}: {p}");
    }
}

#[test]
fn portable_kernel_matches_simd() {
    let simd = BertEmbedder::load_with(&model_dir(), Kernel::Int8).unwrap();
    let portable = BertEmbedder::load_with(&model_dir(), Kernel::Portable).unwrap();
    assert_eq!(portable.kernel(), Kernel::Portable);
    let ps = sample(&seed_passages(), 4);
    let c = cosines(
        &simd.embed_passages(&refs(&ps)).unwrap(),
        &portable.embed_passages(&refs(&ps)).unwrap(),
    );
    // Same integers, same float operations in the same order: the same vectors.
    assert!(min_mean(&c).0 > 0.999_999, "{c:?}");
}

#[test]
fn amx_tiles_give_the_vnni_vectors() {
    let amx = BertEmbedder::load_with(&model_dir(), Kernel::Amx).unwrap();
    if amx.simd() != Some(Simd::Amx) {
        eprintln!("no AMX here (CPU or OS): the tile kernel is not tested on this machine");
        return;
    }
    let vnni = BertEmbedder::load_with(&model_dir(), Kernel::Vnni).unwrap();
    assert_eq!(vnni.simd(), Some(Simd::Avx512));
    assert_eq!(amx.kernel(), Kernel::Amx);
    // Same integers, same epilogue: the same bits, for batches and the query path.
    let ps = sample(&seed_passages(), 6);
    assert_eq!(
        amx.embed_passages(&refs(&ps)).unwrap(),
        vnni.embed_passages(&refs(&ps)).unwrap()
    );
    for q in [
        "老旧小区 居民参与",
        "城市更新",
        "共建共治共享的社区治理模式有哪些实践",
    ] {
        assert_eq!(
            amx.embed_query(q).unwrap(),
            vnni.embed_query(q).unwrap(),
            "{q}"
        );
    }
}

#[test]
fn avx2_tier_matches_portable() {
    // What a CPU with AVX2 but without AVX-512 VNNI runs, forced on this one.
    let avx2 = BertEmbedder::load_with(&model_dir(), Kernel::Avx2).unwrap();
    let portable = BertEmbedder::load_with(&model_dir(), Kernel::Portable).unwrap();
    if avx2.simd() == Some(Simd::Portable) {
        eprintln!("no AVX2 on this CPU: only the portable kernel runs here");
    }
    let ps = sample(&seed_passages(), 4);
    let a = avx2.embed_passages(&refs(&ps)).unwrap();
    let c = cosines(&a, &portable.embed_passages(&refs(&ps)).unwrap());
    assert!(min_mean(&c).0 > 0.999_999, "{c:?}");
    // The query path too (its own code, no batching).
    let q = |e: &BertEmbedder| vec![e.embed_query("老旧小区 居民参与").unwrap()];
    let c = cosines(&q(&avx2), &q(&portable));
    assert!(min_mean(&c).0 > 0.999_999, "{c:?}");
}

#[test]
fn batches_equal_single_inputs_and_queries_repeat() {
    let e = BertEmbedder::load_with(&model_dir(), Kernel::Int8).unwrap();
    let ps = sample(&seed_passages(), 6);
    let batch = e.embed_passages(&refs(&ps)).unwrap();
    for (p, v) in ps.iter().zip(&batch) {
        assert_eq!(&e.embed_passages(&[p.as_str()]).unwrap()[0], v);
    }
    let q = e.embed_query("城市更新").unwrap();
    assert_eq!(e.embed_query("城市更新").unwrap(), q, "cached query");
    let raw = e.embed_raw(&["query: 城市更新".to_string()]).unwrap();
    assert_eq!(
        raw[0], q,
        "the query path computes what the batch path does"
    );
}

#[test]
fn bad_kernel_name_is_a_clear_error() {
    let err = "avx9".parse::<Kernel>().unwrap_err().to_string();
    assert!(
        err.contains("GONGCHUANG_KERNEL") && err.contains("candle"),
        "{err}"
    );
    assert_eq!("candle".parse::<Kernel>().unwrap(), Kernel::Candle);
    assert_eq!("avx2".parse::<Kernel>().unwrap(), Kernel::Avx2);
    assert_eq!("amx".parse::<Kernel>().unwrap(), Kernel::Amx);
    assert_eq!("vnni".parse::<Kernel>().unwrap(), Kernel::Vnni);
}
