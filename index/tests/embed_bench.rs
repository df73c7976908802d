//! Throughput of the shipped model and its agreement with the full teacher on corpus passages.
//! Run: `cargo test -p index --test embed_bench -- --ignored --nocapture`
//! (set GONGCHUANG_TEACHER=DIR to also compare with the teacher).

use std::path::{Path, PathBuf};
use std::time::Instant;

use index::embed::{bench, dot, BertEmbedder, Embedder};

/// ~300-character passages cut from the bundled corpus, spread over all documents.
fn passages(n: usize) -> Vec<String> {
    let text = std::fs::read_to_string(corpus::bundled_corpus_path()).unwrap();
    let flat: Vec<char> = text
        .lines()
        .filter(|l| l.trim() != "=====")
        .flat_map(|l| l.trim().chars())
        .collect();
    let chunks: Vec<String> = flat.chunks(300).map(|c| c.iter().collect()).collect();
    let step = chunks.len() / n;
    chunks.into_iter().step_by(step.max(1)).take(n).collect()
}

#[test]
#[ignore]
fn throughput_and_teacher_agreement() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/model"));
    let t0 = Instant::now();
    let e = BertEmbedder::load(&dir).unwrap();
    eprintln!(
        "load {:.2}s, threads {}",
        t0.elapsed().as_secs_f32(),
        rayon::current_num_threads()
    );
    let ps = passages(128);
    let refs: Vec<&str> = ps.iter().map(String::as_str).collect();
    let tokens: usize = ps
        .iter()
        .map(|p| e.count_tokens(&format!("passage: {p}")).unwrap())
        .sum();
    e.embed_passages(&refs[..8]).unwrap();

    let (t, cpu0) = (Instant::now(), bench::cpu_seconds());
    let vecs = e.embed_passages(&refs).unwrap();
    let s = t.elapsed().as_secs_f64();
    let cpu = bench::cpu_seconds() - cpu0;
    // Encoder matmuls: 2 flops per weight per token, plus attention (QK^T and AV: 4 * len * hidden).
    let (layers, hidden, ff) = (12.0, 384.0, 1536.0);
    let avg_len = tokens as f64 / ps.len() as f64;
    let flop_per_token =
        layers * (2.0 * (4.0 * hidden * hidden + 2.0 * hidden * ff) + 4.0 * avg_len * hidden);
    eprintln!(
        "{} passages of 300 chars, {tokens} tokens (avg {avg_len:.0}): {s:.2}s = {:.1} passages/s, {:.0} tokens/s, \
         {:.1} MFLOP/token -> {:.1} GFLOP/s",
        ps.len(),
        ps.len() as f64 / s,
        tokens as f64 / s,
        flop_per_token / 1e6,
        tokens as f64 * flop_per_token / s / 1e9
    );
    // Other work on the machine slows the wall clock; CPU time shows what idle cores would give.
    eprintln!(
        "process CPU time {cpu:.2}s ({:.2} cores busy): {:.0} tokens per CPU-second",
        cpu / s,
        tokens as f64 / cpu
    );
    let t = Instant::now();
    for p in &refs[..8] {
        e.embed_query(&p.chars().take(12).collect::<String>())
            .unwrap();
    }
    eprintln!(
        "short query latency {:.1} ms",
        t.elapsed().as_secs_f64() * 1e3 / 8.0
    );

    let Some(teacher) = std::env::var_os("GONGCHUANG_TEACHER") else {
        return;
    };
    let t = BertEmbedder::load(Path::new(&teacher)).unwrap();
    let tv = t.embed_passages(&refs).unwrap();
    let cos: Vec<f32> = vecs.iter().zip(&tv).map(|(a, b)| dot(a, b)).collect();
    eprintln!(
        "packed vs teacher on corpus passages: min {:.5}, mean {:.5}",
        cos.iter().cloned().fold(1.0, f32::min),
        cos.iter().sum::<f32>() / cos.len() as f32
    );
    let other = [
        "The city government launched an urban renewal programme for old residential compounds.",
        "How do residents take part in community governance through digital platforms?",
        "Co-creation of public value in smart cities",
        "习近平总书记强调，人民城市人民建，人民城市为人民。",
        "杭州市拱墅区“城市大脑”赋能基层治理，推动共建共治共享。",
        "量子纠缠态的拓扑不变量与黎曼猜想",
        "Die Stadtverwaltung fördert Bürgerbeteiligung.",
    ];
    for s in other {
        let (a, b) = (e.embed_query(s).unwrap(), t.embed_query(s).unwrap());
        eprintln!("packed vs teacher {:.5}  {s}", dot(&a, &b));
    }
}

/// Old (candle) vs int8 kernels in one run, and int8 vs the shipped vectors of every seed passage
/// (what `gongchuang bench --embed` prints). `EMBED_BENCH_PASSAGES` sets the sample (128);
/// `EMBED_BENCH_PORTABLE=1` adds the portable kernel.
#[test]
#[ignore]
fn kernels() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/model"));
    let cache = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../corpus/data/seed-vectors.bin"
    ));
    let n = std::env::var("EMBED_BENCH_PASSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(128);
    let portable = std::env::var_os("EMBED_BENCH_PORTABLE").is_some();
    index::embed::bench::run(&dir, n, Some(&cache), portable, &mut std::io::stderr()).unwrap();
}

/// Query embedding latency of the int8 kernel alone (200 distinct short queries, uncached).
#[test]
#[ignore]
fn query_latency() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/model"));
    let e = BertEmbedder::load(&dir).unwrap();
    let all = bench::seed_passages();
    let qs = bench::queries(&all, 200);
    let (cpu0, t) = (bench::cpu_seconds(), Instant::now());
    let s = bench::measure(&e, &bench::sample(&all, 8), &qs).unwrap();
    eprintln!(
        "{:?}: query p50 {:.2} ms, p99 {:.2} ms ({:.2} cores busy over the run)",
        s.kernel,
        s.query_p50_ms,
        s.query_p99_ms,
        (bench::cpu_seconds() - cpu0) / t.elapsed().as_secs_f64()
    );
}

/// The dev questions' embedding on two kernels in one process, alternating per question
/// (which goes first flips): `EMBED_KERNELS="vnni amx"` (the default) names them.
#[test]
#[ignore]
fn dev_question_kernels() {
    use index::embed::Kernel;
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/model"));
    let names = std::env::var("EMBED_KERNELS").unwrap_or_else(|_| "vnni amx".into());
    let kernels: Vec<Kernel> = names
        .split_whitespace()
        .map(|k| k.parse().unwrap())
        .collect();
    let es: Vec<BertEmbedder> = kernels
        .iter()
        .map(|&k| BertEmbedder::load_with(&dir, k).unwrap())
        .collect();
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../corpus/tests/data/dev_questions.json"
    );
    let qs: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let qs: Vec<&str> = qs.iter().filter_map(|q| q["query"].as_str()).collect();
    let prefix = &es[0].settings().query_prefix;
    let mut tokens: Vec<usize> = qs
        .iter()
        .map(|q| es[0].count_tokens(&format!("{prefix}{q}")).unwrap())
        .collect();
    tokens.sort();
    let mut ms = vec![Vec::new(); es.len()];
    for (i, q) in qs.iter().enumerate() {
        for j in 0..es.len() {
            // Each embedder sees each question once: its cache never hits.
            let j = (i + j) % es.len();
            let t = Instant::now();
            es[j].embed_query(q).unwrap();
            ms[j].push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    eprintln!(
        "{} questions, tokens median {}, max {}",
        qs.len(),
        tokens[tokens.len() / 2],
        tokens[tokens.len() - 1]
    );
    for (k, mut m) in kernels.iter().zip(ms) {
        m.sort_by(f64::total_cmp);
        let at = |p: f64| m[((m.len() as f64 - 1.0) * p).round() as usize];
        eprintln!(
            "{k:?}: p50 {:.2} ms, p90 {:.2} ms, mean {:.2} ms",
            at(0.5),
            at(0.9),
            m.iter().sum::<f64>() / m.len() as f64
        );
    }
}
