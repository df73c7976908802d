//! Which vector instructions the encoder uses, and the f32 pieces of a layer (layer norm,
//! activations, softmax) written so the compiler vectorises them: each is compiled twice, once
//! for any x86-64 / other CPU and once with AVX-512 enabled, and the CPU picks at run time.

/// The instruction set of the encoder's kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Simd {
    /// AVX-512 F/BW with VNNI int8 dot products.
    Avx512,
    /// Plain Rust, any CPU: the fallback, and the reference the SIMD path is tested against.
    Portable,
}

impl Simd {
    /// The best this CPU supports.
    pub fn detect() -> Self {
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512vnni")
            && is_x86_feature_detected!("fma")
        {
            return Simd::Avx512;
        }
        Simd::Portable
    }
}

/// Defines `pub fn NAME(simd: Simd, args…)` running one body compiled for AVX-512 or for any CPU.
macro_rules! multiversion {
    ($(#[$m:meta])* pub fn $name:ident($($a:ident: $t:ty),* $(,)?) $body:block) => {
        $(#[$m])*
        pub fn $name(simd: Simd, $($a: $t),*) {
            #[inline(always)]
            fn any($($a: $t),*) $body
            #[cfg(target_arch = "x86_64")]
            #[target_feature(enable = "avx512f,avx512bw,avx2,fma")]
            unsafe fn avx512($($a: $t),*) {
                any($($a),*)
            }
            #[cfg(target_arch = "x86_64")]
            if simd == Simd::Avx512 {
                // Safety: `Simd::Avx512` is only chosen by `detect` on a CPU that has it.
                return unsafe { avx512($($a),*) };
            }
            let _ = simd;
            any($($a),*)
        }
    };
}

/// Activation functions of the feed-forward block (the names of candle's `HiddenAct`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Exact GELU (erf).
    Gelu,
    /// tanh approximation of GELU.
    GeluTanh,
    Relu,
}

multiversion! {
    /// Applies `act` to every element.
    pub fn activate(x: &mut [f32], act: Act) {
        match act {
            Act::Gelu => x.iter_mut().for_each(|v| *v = gelu_erf(*v)),
            Act::GeluTanh => x.iter_mut().for_each(|v| *v = gelu_tanh(*v)),
            Act::Relu => x.iter_mut().for_each(|v| *v = v.max(0.0)),
        }
    }
}

multiversion! {
    /// `h = LayerNorm(a + h)` row by row (rows of `w.len()`); `a` is used as scratch.
    pub fn add_norm(a: &mut [f32], h: &mut [f32], w: &[f32], b: &[f32], eps: f32) {
        for (ar, hr) in a.chunks_exact_mut(w.len()).zip(h.chunks_exact_mut(w.len())) {
            ar.iter_mut().zip(hr.iter()).for_each(|(x, y)| *x += *y);
            norm_row(ar, hr, w, b, eps);
        }
    }
}

multiversion! {
    /// LayerNorm of each row of `x` in place.
    pub fn norm_rows(x: &mut [f32], w: &[f32], b: &[f32], eps: f32) {
        let mut tmp = vec![0f32; w.len()];
        for row in x.chunks_exact_mut(w.len()) {
            tmp.copy_from_slice(row);
            norm_row(&tmp, row, w, b, eps);
        }
    }
}

multiversion! {
    /// Self-attention of one sequence: `qkv` holds its `len` rows of [Q | K | V] (3·hidden wide);
    /// writes the `len` context rows (hidden wide) into `ctx`.
    pub fn attend(qkv: &[f32], ctx: &mut [f32], hidden: usize, heads: usize, scratch: &mut Vec<f32>) {
        attend_seq(qkv, ctx, hidden, heads, scratch)
    }
}

#[inline(always)]
fn attend_seq(qkv: &[f32], ctx: &mut [f32], hidden: usize, heads: usize, scratch: &mut Vec<f32>) {
    let len = ctx.len() / hidden;
    let d = hidden / heads;
    let scale = 1.0 / (d as f32).sqrt();
    scratch.clear();
    scratch.resize(d * len + len, 0.0);
    let (kt, p) = scratch.split_at_mut(d * len);
    let row = |j: usize| &qkv[j * 3 * hidden..(j + 1) * 3 * hidden];
    for head in 0..heads {
        let off = head * d;
        // Kᵀ, so that one query's scores are a sum of contiguous rows.
        for j in 0..len {
            let k = &row(j)[hidden + off..hidden + off + d];
            for (e, &v) in k.iter().enumerate() {
                kt[e * len + j] = v;
            }
        }
        for i in 0..len {
            let q = &row(i)[off..off + d];
            p.iter_mut().for_each(|x| *x = 0.0);
            for (e, &qe) in q.iter().enumerate() {
                let qe = qe * scale;
                let ke = &kt[e * len..(e + 1) * len];
                p.iter_mut().zip(ke).for_each(|(x, &k)| *x += qe * k);
            }
            softmax(p);
            let c = &mut ctx[i * hidden + off..i * hidden + off + d];
            c.iter_mut().for_each(|x| *x = 0.0);
            for (j, &pj) in p.iter().enumerate() {
                let v = &row(j)[2 * hidden + off..2 * hidden + off + d];
                c.iter_mut().zip(v).for_each(|(x, &v)| *x += pj * v);
            }
        }
    }
}

/// Lanes of the manual reductions: float sums are not reordered by the compiler, so partial
/// sums in 16 lanes are what lets them vectorise.
const LANES: usize = 16;

#[inline(always)]
fn sum(x: &[f32]) -> f32 {
    let mut acc = [0f32; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest: f32 = chunks.remainder().iter().sum();
    for c in chunks {
        for i in 0..LANES {
            acc[i] += c[i];
        }
    }
    acc.iter().sum::<f32>() + rest
}

#[inline(always)]
fn max(x: &[f32]) -> f32 {
    let mut acc = [f32::MIN; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest = chunks.remainder().iter().fold(f32::MIN, |m, &v| m.max(v));
    for c in chunks {
        for i in 0..LANES {
            acc[i] = if c[i] > acc[i] { c[i] } else { acc[i] };
        }
    }
    acc.iter().fold(rest, |m, &v| m.max(v))
}

#[inline(always)]
fn softmax(p: &mut [f32]) {
    let m = max(p);
    p.iter_mut().for_each(|x| *x = exp(*x - m));
    let inv = 1.0 / sum(p);
    p.iter_mut().for_each(|x| *x *= inv);
}

/// `out = (x - mean) / sqrt(var + eps) · w + b`, as candle's LayerNorm.
#[inline(always)]
fn norm_row(x: &[f32], out: &mut [f32], w: &[f32], b: &[f32], eps: f32) {
    let n = x.len() as f32;
    let mean = sum(x) / n;
    out.iter_mut().zip(x).for_each(|(o, &v)| *o = v - mean);
    let mut sq = [0f32; LANES];
    let chunks = out.chunks_exact(LANES);
    let rest: f32 = chunks.remainder().iter().map(|v| v * v).sum();
    for c in chunks {
        for i in 0..LANES {
            sq[i] += c[i] * c[i];
        }
    }
    let var = (sq.iter().sum::<f32>() + rest) / n;
    let inv = 1.0 / (var + eps).sqrt();
    out.iter_mut()
        .zip(w.iter().zip(b))
        .for_each(|(o, (&w, &b))| *o = *o * inv * w + b);
}

/// e^x to about 1e-7 relative, branch-free so it vectorises: 2^n · e^r with |r| ≤ ln2/2.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    // Adding and removing 1.5·2²³ rounds to the nearest integer without a call.
    const ROUND: f32 = 12_582_912.0;
    let x = x.max(-87.0).min(88.0);
    let n = (x * std::f32::consts::LOG2_E + ROUND) - ROUND;
    let r = x - n * LN2_HI - n * LN2_LO;
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    p * f32::from_bits(((n as i32 + 127) << 23) as u32)
}

/// GELU with erf by Abramowitz–Stegun 7.1.26 (|error| ≤ 1.5e-7).
#[inline(always)]
fn gelu_erf(x: f32) -> f32 {
    let z = x * std::f32::consts::FRAC_1_SQRT_2;
    let a = z.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * a);
    let poly = ((((1.061_405_4 * t - 1.453_152_1) * t + 1.421_413_8) * t - 0.284_496_74) * t
        + 0.254_829_6)
        * t;
    let erf = (1.0 - poly * exp(-a * a)).copysign(z);
    0.5 * x * (1.0 + erf)
}

#[inline(always)]
fn gelu_tanh(x: f32) -> f32 {
    let u = 0.797_884_6 * (x + 0.044_715 * x * x * x);
    let tanh = 1.0 - 2.0 / (exp(2.0 * u) + 1.0);
    0.5 * x * (1.0 + tanh)
}
