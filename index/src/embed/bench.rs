//! `gongchuang bench --embed`: encoder throughput and query latency per kernel in one run, the
//! machine's measured f32 FMA peak for scale, and the agreement of the vectors with the previous
//! (candle) kernel and with the shipped vectors of every seed passage. Run by hand, never in
//! tests (no timing asserts).

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use super::error::{Context, Result};
use rayon::prelude::*;

use super::bert::{BertEmbedder, Kernel};
use super::embedder::{dot, Embedder};
use super::simd::Simd;
use super::store::VectorCache;

/// Passages of the bundled seed corpus, as ingest cuts them (the texts that get vectors).
pub fn seed_passages() -> Vec<String> {
    let walk = corpus::walk::read_paths(&[corpus::bundled_corpus_path()]);
    walk.sources
        .iter()
        .flat_map(|s| corpus::parse(s).passages)
        .map(|p| p.text)
        .collect()
}

/// Every `len / n`-th passage: a sample spread over all documents.
pub fn sample(passages: &[String], n: usize) -> Vec<String> {
    let step = (passages.len() / n.max(1)).max(1);
    passages.iter().step_by(step).take(n).cloned().collect()
}

/// Speed of one kernel on one set of passages.
#[derive(Debug, Clone)]
pub struct Speed {
    pub kernel: Kernel,
    /// Kernel and instruction set, e.g. `Int8/Avx512`.
    pub label: String,
    pub passages: usize,
    pub tokens: usize,
    pub seconds: f64,
    pub cpu_seconds: f64,
    pub gflop: f64,
    pub query_p50_ms: f64,
    pub query_p99_ms: f64,
}

impl Speed {
    pub fn passages_per_s(&self) -> f64 {
        self.passages as f64 / self.seconds
    }
    pub fn tokens_per_s(&self) -> f64 {
        self.tokens as f64 / self.seconds
    }
    pub fn gflops(&self) -> f64 {
        self.gflop / self.seconds
    }
}

/// Useful arithmetic of one sequence: 2 flops per weight per token plus attention
/// (QKᵀ and PV: 4 · len² · hidden per layer), for e5-small's shape.
pub fn flop(len: usize) -> f64 {
    let (layers, hidden, ff) = (12.0, 384.0, 1536.0);
    let len = len as f64;
    layers * (len * 2.0 * (4.0 * hidden * hidden + 2.0 * hidden * ff) + 4.0 * len * len * hidden)
}

/// Embeds `passages` (after one warm-up batch) and `queries` one by one, uncached.
pub fn measure(e: &BertEmbedder, passages: &[String], queries: &[String]) -> Result<Speed> {
    let refs: Vec<&str> = passages.iter().map(String::as_str).collect();
    let p = &e.settings().passage_prefix;
    let lens: Vec<usize> = passages
        .iter()
        .map(|t| e.count_tokens(&format!("{p}{t}")))
        .collect::<Result<_>>()?;
    e.embed_passages(&refs[..refs.len().min(8)])?;
    let (t, cpu0) = (Instant::now(), cpu_seconds());
    e.embed_passages(&refs)?;
    let seconds = t.elapsed().as_secs_f64();
    let cpu_seconds = cpu_seconds() - cpu0;
    let mut lat = Vec::with_capacity(queries.len());
    for q in queries {
        let t = Instant::now();
        e.embed_query(q)?;
        lat.push(t.elapsed().as_secs_f64() * 1e3);
    }
    lat.sort_by(f64::total_cmp);
    let at = |p: f64| lat[((lat.len() as f64 - 1.0) * p).round() as usize];
    Ok(Speed {
        kernel: e.kernel(),
        label: match (e.kernel(), e.simd()) {
            (Kernel::Int8 | Kernel::Amx, Some(simd)) => format!("Int8/{simd:?}"),
            (k, _) => format!("{k:?}"),
        },
        passages: passages.len(),
        tokens: lens.iter().sum(),
        seconds,
        cpu_seconds,
        gflop: lens.iter().map(|&l| flop(l)).sum::<f64>() / 1e9,
        query_p50_ms: at(0.5),
        query_p99_ms: at(0.99),
    })
}

/// Short distinct queries (12 characters cut from passages), so the query cache never hits.
pub fn queries(passages: &[String], n: usize) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    passages
        .iter()
        .flat_map(|p| {
            let c: Vec<char> = p.chars().filter(|c| !c.is_whitespace()).collect();
            c.chunks(12)
                .map(|w| w.iter().collect::<String>())
                .collect::<Vec<_>>()
        })
        .filter(|q| q.chars().count() == 12 && seen.insert(q.clone()))
        .step_by(7)
        .take(n)
        .collect()
}

/// Peak f32 GFLOP/s of this machine: independent FMA chains on every rayon thread.
pub fn peak_gflops() -> f64 {
    let threads = rayon::current_num_threads();
    let iters = 50_000_000u64;
    let t = Instant::now();
    (0..threads).into_par_iter().for_each(|i| {
        std::hint::black_box(fma_loop(iters, i as f32));
    });
    let flops = threads as f64 * iters as f64 * fma_flops_per_iter();
    flops / t.elapsed().as_secs_f64() / 1e9
}

/// Flops per iteration of `fma_loop`: 12 chains of one FMA (16 or 8 lanes, 2 flops per lane).
fn fma_flops_per_iter() -> f64 {
    if Simd::detect().avx512() {
        12.0 * 16.0 * 2.0
    } else {
        12.0 * 8.0 * 2.0
    }
}

fn fma_loop(iters: u64, seed: f32) -> f64 {
    #[cfg(target_arch = "x86_64")]
    if Simd::detect().avx512() {
        // Safety: detect() found AVX-512F and FMA.
        return unsafe { fma_avx512(iters, seed) };
    }
    #[cfg(target_arch = "x86_64")]
    if is_x86_feature_detected!("fma") {
        // Safety: the CPU has FMA (and so AVX).
        return unsafe { fma_avx2(iters, seed) };
    }
    seed as f64 * iters as f64
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f,fma")]
unsafe fn fma_avx512(iters: u64, seed: f32) -> f64 {
    use std::arch::x86_64::*;
    let (a, b) = (_mm512_set1_ps(0.999_999), _mm512_set1_ps(1e-7));
    let mut acc = [_mm512_set1_ps(seed); 12];
    for _ in 0..iters {
        for x in acc.iter_mut() {
            *x = _mm512_fmadd_ps(*x, a, b);
        }
    }
    acc.iter().map(|&x| _mm512_reduce_add_ps(x) as f64).sum()
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn fma_avx2(iters: u64, seed: f32) -> f64 {
    use std::arch::x86_64::*;
    let (a, b) = (_mm256_set1_ps(0.999_999), _mm256_set1_ps(1e-7));
    let mut acc = [_mm256_set1_ps(seed); 12];
    for _ in 0..iters {
        for x in acc.iter_mut() {
            *x = _mm256_fmadd_ps(*x, a, b);
        }
    }
    let mut out = [0f32; 8];
    acc.iter()
        .map(|&x| {
            _mm256_storeu_ps(out.as_mut_ptr(), x);
            out.iter().map(|&v| v as f64).sum::<f64>()
        })
        .sum()
}

/// Cosine of each vector with its counterpart.
pub fn cosines(a: &[Vec<f32>], b: &[Vec<f32>]) -> Vec<f32> {
    a.iter().zip(b).map(|(x, y)| dot(x, y)).collect()
}

/// (min, mean) of cosines.
pub fn min_mean(c: &[f32]) -> (f32, f32) {
    let min = c.iter().cloned().fold(1.0, f32::min);
    (min, c.iter().sum::<f32>() / c.len().max(1) as f32)
}

/// Int8 vectors of every seed passage against the shipped ones (`cache`, made by the candle
/// kernel): (passages compared, cosines).
pub fn against_cache(e: &BertEmbedder, cache: &VectorCache) -> Result<(usize, Vec<f32>)> {
    let all = seed_passages();
    let known: Vec<&String> = all
        .iter()
        .filter(|t| cache.get(e.id(), t).is_some())
        .collect();
    let refs: Vec<&str> = known.iter().map(|s| s.as_str()).collect();
    let fresh = e.embed_passages(&refs)?;
    let c = refs
        .iter()
        .zip(&fresh)
        .map(|(t, v)| dot(v, cache.get(e.id(), t).unwrap_or(&[])))
        .collect();
    Ok((all.len(), c))
}

/// The whole bench, printed to `out`: speeds of candle and int8 (and the AVX2 tier and the
/// portable kernel when `portable`), the peak, and the agreement figures. `cache` is the shipped vector cache.
pub fn run(
    dir: &Path,
    n: usize,
    cache: Option<&Path>,
    portable: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let all = seed_passages();
    let ps = sample(&all, n);
    let qs = queries(&all, 200);
    let peak = peak_gflops();
    writeln!(
        out,
        "machine: {} threads, f32 FMA peak {peak:.0} GFLOP/s",
        rayon::current_num_threads()
    )?;
    let mut kernels = vec![Kernel::Candle, Kernel::Int8];
    if Simd::detect() == Simd::Amx {
        // The previous default, for the comparison.
        kernels.push(Kernel::Vnni);
    }
    if portable {
        kernels.extend([Kernel::Avx2, Kernel::Portable]);
    }
    let mut vecs = Vec::new();
    let mut speeds: Vec<Speed> = Vec::new();
    for k in kernels {
        let e = BertEmbedder::load_with(dir, k)?;
        let s = measure(&e, &ps, &qs)?;
        print_speed(out, &s, peak, speeds.first())?;
        let refs: Vec<&str> = ps.iter().map(String::as_str).collect();
        vecs.push(e.embed_passages(&refs)?);
        speeds.push(s);
    }
    for (i, s) in speeds.iter().enumerate().skip(1) {
        let (min, mean) = min_mean(&cosines(&vecs[0], &vecs[i]));
        writeln!(
            out,
            "{:?} vs candle on the {} passages: cosine min {min:.5}, mean {mean:.5}",
            s.kernel,
            ps.len()
        )?;
    }
    if let Some(path) = cache {
        let e = BertEmbedder::load_with(dir, Kernel::Int8)?;
        let cache =
            VectorCache::load(path).with_context(|| format!("reading {}", path.display()))?;
        let (total, c) = against_cache(&e, &cache)?;
        let (min, mean) = min_mean(&c);
        let below = c.iter().filter(|&&x| x < 0.995).count();
        writeln!(
            out,
            "int8 vs shipped vectors ({}): {} of {total} seed passages compared, cosine min {min:.5}, mean {mean:.5}, {below} below 0.995",
            path.display(),
            c.len()
        )?;
    }
    Ok(())
}

fn print_speed(out: &mut dyn Write, s: &Speed, peak: f64, base: Option<&Speed>) -> Result<()> {
    let ratio = base.map_or(String::new(), |b| {
        format!(", {:.1}x candle", s.passages_per_s() / b.passages_per_s())
    });
    writeln!(
        out,
        "{:14} {} passages, {} tokens in {:.2}s: {:.1} passages/s, {:.0} tokens/s, {:.1} GFLOP/s \
         ({:.1}% of f32 peak), {:.2} cores busy, {:.0} tokens per CPU-second{ratio}; \
         query p50 {:.2} ms, p99 {:.2} ms",
        s.label,
        s.passages,
        s.tokens,
        s.seconds,
        s.passages_per_s(),
        s.tokens_per_s(),
        s.gflops(),
        100.0 * s.gflops() / peak,
        s.cpu_seconds / s.seconds,
        s.tokens as f64 / s.cpu_seconds.max(1e-9),
        s.query_p50_ms,
        s.query_p99_ms
    )?;
    Ok(())
}

/// User + system CPU seconds of this process (Linux /proc; 0 elsewhere).
pub fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let fields: Vec<&str> = stat
        .rsplit(')')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime: fields 14 and 15 of stat, 11 and 12 after the ")" ending the name; 100 Hz.
    (ticks(11) + ticks(12)) / 100.0
}
