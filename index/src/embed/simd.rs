//! Which vector instructions the encoder uses, and the f32 pieces of a layer (layer norm,
//! activations, softmax) written so the compiler vectorises them: each is compiled for any CPU,
//! for AVX2 and for AVX-512, and the CPU picks at run time.

/// The instruction set of the encoder's kernels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Simd {
    /// AVX-512 everywhere, and AMX tiles (`tdpbusd`) for the int8 products of many rows.
    Amx,
    /// AVX-512 F/BW with VNNI int8 dot products.
    Avx512,
    /// AVX2 and FMA: the portable code, vectorised 8 wide by the compiler.
    Avx2,
    /// Plain Rust, any CPU: the fallback, and the reference the SIMD path is tested against.
    Portable,
}

impl Simd {
    /// The best this CPU (and OS) supports.
    pub fn detect() -> Self {
        match Self::detect_vector() {
            Simd::Avx512 if super::tiles::available() => Simd::Amx,
            level => level,
        }
    }

    /// The best this CPU supports without AMX tiles.
    pub fn detect_vector() -> Self {
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512vnni")
            && is_x86_feature_detected!("fma")
        {
            return Simd::Avx512;
        }
        #[cfg(target_arch = "x86_64")]
        if is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma") {
            return Simd::Avx2;
        }
        Simd::Portable
    }

    /// Whether the f32 pieces and VNNI products run at the AVX-512 level.
    pub fn avx512(self) -> bool {
        matches!(self, Simd::Amx | Simd::Avx512)
    }
}

/// Defines `pub fn NAME(simd: Simd, args…)` running one body compiled for `simd`'s level.
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
            #[target_feature(enable = "avx2,fma")]
            unsafe fn avx2($($a: $t),*) {
                any($($a),*)
            }
            // Safety: `detect` only chooses a level the CPU has.
            #[cfg(target_arch = "x86_64")]
            match simd {
                Simd::Amx | Simd::Avx512 => return unsafe { avx512($($a),*) },
                Simd::Avx2 => return unsafe { avx2($($a),*) },
                Simd::Portable => {}
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
    /// Each row of `x` (`k` wide) to u8 over its own range, x ≈ scale · q + min, into `q` (rows
    /// `q.len() / scale.len()` wide, padding left zero).
    pub fn quantize(x: &[f32], k: usize, q: &mut [u8], scale: &mut [f32], mins: &mut [f32]) {
        let kp = q.len() / scale.len().max(1);
        for (r, row) in x.chunks_exact(k).enumerate() {
            let (lo, hi) = (min(row), max(row));
            let s = if hi > lo { (hi - lo) / 255.0 } else { 1.0 };
            let inv = 1.0 / s;
            for (d, &v) in q[r * kp..r * kp + k].iter_mut().zip(row) {
                // Not `clamp`: it keeps NaN, and NaN must become 0 before the unchecked cast.
                #[allow(clippy::manual_clamp)]
                let f = ((v - lo) * inv + 0.5).max(0.0).min(255.0);
                // Safety: f is in 0..=255.
                *d = unsafe { f.to_int_unchecked::<i32>() } as u8;
            }
            scale[r] = s;
            mins[r] = lo;
        }
    }
}

/// Self-attention of one sequence: `qkv` holds its rows of [Q | K | V] (3·hidden wide); writes
/// its context rows (hidden wide) into `ctx`.
pub fn attend(
    simd: Simd,
    qkv: &[f32],
    ctx: &mut [f32],
    hidden: usize,
    heads: usize,
    scratch: &mut Vec<f32>,
) {
    let a = Attention {
        qkv,
        hidden,
        d: hidden / heads,
        len: ctx.len() / hidden,
    };
    // Safety: `detect` only chooses a level the CPU has.
    #[cfg(target_arch = "x86_64")]
    match simd {
        Simd::Amx | Simd::Avx512 => {
            return unsafe { avx512_attention::attend(&a, ctx, heads, scratch) }
        }
        Simd::Avx2 => return unsafe { attend_avx2(&a, ctx, heads, scratch) },
        Simd::Portable => {}
    }
    let _ = simd;
    a.run(ctx, heads, scratch, &Plain)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn attend_avx2(a: &Attention, ctx: &mut [f32], heads: usize, scratch: &mut Vec<f32>) {
    a.run(ctx, heads, scratch, &Plain)
}

struct Attention<'a> {
    qkv: &'a [f32],
    hidden: usize,
    /// Head width.
    d: usize,
    len: usize,
}

/// The layout one head's products read and write.
struct Shape {
    /// Head width.
    d: usize,
    /// Sequence length, and the same padded to whole blocks of lanes.
    len: usize,
    lp: usize,
    /// Distance between rows of Q, K and V (the stacked qkv rows), and of the output.
    stride: usize,
    out_stride: usize,
    scale: f32,
}

/// The two inner products of attention, for a few consecutive query rows at once. Every
/// implementation does the same fused multiply-adds in the same order for each (row, key)
/// and (row, lane), so all give the same bits and the next layer's int8 rounding agrees.
trait Blocks {
    /// Query rows one call takes at most.
    fn rows(&self) -> usize;
    /// `p[t·lp + j] = scale · Σₑ q[t·stride + e] · kt[e·lp + j]` for rows `t < rows`, keys
    /// `j < lp`, `e < d`.
    fn scores(&self, s: &Shape, q: &[f32], rows: usize, kt: &[f32], p: &mut [f32]);
    /// `c[t·out_stride + e] = Σⱼ p[t·lp + j] · v[j·stride + e]` for `j < len`, `e < d`:
    /// even and odd `j` summed apart, then added.
    fn weighted_sum(&self, s: &Shape, p: &[f32], rows: usize, v: &[f32], c: &mut [f32]);
}

/// Plain Rust, one row at a time, vectorised as far as the compiler manages.
struct Plain;

impl Blocks for Plain {
    fn rows(&self) -> usize {
        1
    }

    #[inline(always)]
    fn scores(&self, s: &Shape, q: &[f32], _: usize, kt: &[f32], p: &mut [f32]) {
        for (jc, out) in p[..s.lp].chunks_exact_mut(LANES).enumerate() {
            let mut acc = [0f32; LANES];
            for (qe, krow) in q[..s.d].iter().zip(kt.chunks_exact(s.lp)) {
                let k = lanes(&krow[jc * LANES..]);
                acc.iter_mut()
                    .zip(k)
                    .for_each(|(a, &k)| *a = qe.mul_add(k, *a));
            }
            out.iter_mut().zip(acc).for_each(|(o, a)| *o = a * s.scale);
        }
    }

    #[inline(always)]
    fn weighted_sum(&self, s: &Shape, p: &[f32], _: usize, v: &[f32], c: &mut [f32]) {
        for (e, out) in c[..s.d].iter_mut().enumerate() {
            let (mut even, mut odd) = (0f32, 0f32);
            for (j, &pj) in p[..s.len].iter().enumerate() {
                if j % 2 == 0 {
                    even = pj.mul_add(v[j * s.stride + e], even);
                } else {
                    odd = pj.mul_add(v[j * s.stride + e], odd);
                }
            }
            *out = even + odd;
        }
    }
}

impl Attention<'_> {
    #[inline(always)]
    fn row(&self, j: usize) -> &[f32] {
        &self.qkv[j * 3 * self.hidden..(j + 1) * 3 * self.hidden]
    }

    #[inline(always)]
    fn run(&self, ctx: &mut [f32], heads: usize, scratch: &mut Vec<f32>, b: &impl Blocks) {
        let (len, d, hd) = (self.len, self.d, self.hidden);
        // Keys padded to whole blocks of lanes (zeros), so the score loop has no remainder.
        let lp = len.div_ceil(LANES) * LANES;
        let shape = Shape {
            d,
            len,
            lp,
            stride: 3 * hd,
            out_stride: hd,
            scale: 1.0 / (d as f32).sqrt(),
        };
        let at_once = b.rows();
        scratch.clear();
        scratch.resize(d * lp + at_once * lp, 0.0);
        let (kt, p) = scratch.split_at_mut(d * lp);
        for head in 0..heads {
            let off = head * d;
            // Kᵀ: one query's scores are then sums of contiguous rows.
            for j in 0..len {
                let k = &self.row(j)[hd + off..hd + off + d];
                for (e, &v) in k.iter().enumerate() {
                    kt[e * lp + j] = v;
                }
            }
            let v = &self.qkv[2 * hd + off..];
            let mut i = 0;
            while i < len {
                let rows = at_once.min(len - i);
                b.scores(&shape, &self.qkv[i * 3 * hd + off..], rows, kt, p);
                for t in 0..rows {
                    softmax(&mut p[t * lp..t * lp + len]);
                }
                b.weighted_sum(&shape, p, rows, v, &mut ctx[i * hd + off..]);
                i += rows;
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx512_attention {
    use super::{Attention, Blocks, Plain, Shape, LANES};
    use std::arch::x86_64::*;

    /// AVX-512 registers, 16 lanes, four query rows at a time (independent chains keep both
    /// FMA units busy); the same sums in the same order as `Plain`.
    struct Avx512;

    /// Query rows per call.
    const ROWS: usize = 4;

    /// Safety: the CPU must have AVX-512F and FMA.
    #[target_feature(enable = "avx512f,avx512bw,avx2,fma")]
    pub unsafe fn attend(a: &Attention, ctx: &mut [f32], heads: usize, scratch: &mut Vec<f32>) {
        if a.d.is_multiple_of(LANES) {
            a.run(ctx, heads, scratch, &Avx512)
        } else {
            a.run(ctx, heads, scratch, &Plain)
        }
    }

    impl Blocks for Avx512 {
        fn rows(&self) -> usize {
            ROWS
        }

        #[inline(always)]
        fn scores(&self, s: &Shape, q: &[f32], rows: usize, kt: &[f32], p: &mut [f32]) {
            assert!((1..=ROWS).contains(&rows) && (rows - 1) * s.stride + s.d <= q.len());
            assert!(kt.len() >= s.d * s.lp && p.len() >= rows * s.lp);
            assert!(s.lp.is_multiple_of(LANES));
            // Safety: the AVX-512 caller; the bounds were checked above.
            unsafe {
                match rows {
                    4 => scores::<4>(s, q, kt, p),
                    3 => scores::<3>(s, q, kt, p),
                    2 => scores::<2>(s, q, kt, p),
                    _ => scores::<1>(s, q, kt, p),
                }
            }
        }

        #[inline(always)]
        fn weighted_sum(&self, s: &Shape, p: &[f32], rows: usize, v: &[f32], c: &mut [f32]) {
            assert!((1..=ROWS).contains(&rows) && s.d.is_multiple_of(LANES) && s.len <= s.lp);
            assert!(p.len() >= rows * s.lp && (rows - 1) * s.out_stride + s.d <= c.len());
            assert!(s.len == 0 || v.len() >= (s.len - 1) * s.stride + s.d);
            // Safety: as above.
            unsafe {
                match rows {
                    4 => weighted_sum::<4>(s, p, v, c),
                    3 => weighted_sum::<3>(s, p, v, c),
                    2 => weighted_sum::<2>(s, p, v, c),
                    _ => weighted_sum::<1>(s, p, v, c),
                }
            }
        }
    }

    /// `R` query rows against two blocks of keys per step (one at the end): 2·R independent
    /// chains.
    #[target_feature(enable = "avx512f")]
    #[inline]
    unsafe fn scores<const R: usize>(s: &Shape, q: &[f32], kt: &[f32], p: &mut [f32]) {
        let mut jc = 0;
        while jc + 2 * LANES <= s.lp {
            score_blocks::<R, 2>(s, q, kt, p, jc);
            jc += 2 * LANES;
        }
        if jc < s.lp {
            score_blocks::<R, 1>(s, q, kt, p, jc);
        }
    }

    /// Keys `jc..jc + B·LANES` of `scores`. Pointers are stepped by adding: index arithmetic
    /// would carry overflow checks in tests.
    #[target_feature(enable = "avx512f")]
    #[inline]
    unsafe fn score_blocks<const R: usize, const B: usize>(
        s: &Shape,
        q: &[f32],
        kt: &[f32],
        p: &mut [f32],
        jc: usize,
    ) {
        let mut acc = [[_mm512_setzero_ps(); B]; R];
        let mut k = kt.as_ptr().add(jc);
        let mut qe = q.as_ptr();
        for _ in 0..s.d {
            let mut kv = [_mm512_setzero_ps(); B];
            for (u, kb) in kv.iter_mut().enumerate() {
                *kb = _mm512_loadu_ps(k.add(u * LANES));
            }
            for (t, row) in acc.iter_mut().enumerate() {
                let x = _mm512_set1_ps(*qe.add(t * s.stride));
                for (a, kb) in row.iter_mut().zip(&kv) {
                    *a = _mm512_fmadd_ps(x, *kb, *a);
                }
            }
            k = k.add(s.lp);
            qe = qe.add(1);
        }
        let scale = _mm512_set1_ps(s.scale);
        for (t, row) in acc.iter().enumerate() {
            for (u, a) in row.iter().enumerate() {
                let out = p.as_mut_ptr().add(t * s.lp + jc + u * LANES);
                _mm512_storeu_ps(out, _mm512_mul_ps(*a, scale));
            }
        }
    }

    /// `R` rows' weighted sums, one block of lanes at a time: 2·R independent chains.
    #[target_feature(enable = "avx512f")]
    #[inline]
    unsafe fn weighted_sum<const R: usize>(s: &Shape, p: &[f32], v: &[f32], c: &mut [f32]) {
        for b in (0..s.d).step_by(LANES) {
            let (mut even, mut odd) = ([_mm512_setzero_ps(); R], [_mm512_setzero_ps(); R]);
            let mut vj = v.as_ptr().add(b);
            let mut j = 0;
            while j + 1 < s.len {
                let (v0, v1) = (_mm512_loadu_ps(vj), _mm512_loadu_ps(vj.add(s.stride)));
                for t in 0..R {
                    let pt = p.as_ptr().add(t * s.lp + j);
                    even[t] = _mm512_fmadd_ps(_mm512_set1_ps(*pt), v0, even[t]);
                    odd[t] = _mm512_fmadd_ps(_mm512_set1_ps(*pt.add(1)), v1, odd[t]);
                }
                vj = vj.add(2 * s.stride);
                j += 2;
            }
            if j < s.len {
                let v0 = _mm512_loadu_ps(vj);
                for (t, e) in even.iter_mut().enumerate() {
                    let pj = *p.as_ptr().add(t * s.lp + j);
                    *e = _mm512_fmadd_ps(_mm512_set1_ps(pj), v0, *e);
                }
            }
            for t in 0..R {
                let out = c.as_mut_ptr().add(t * s.out_stride + b);
                _mm512_storeu_ps(out, _mm512_add_ps(even[t], odd[t]));
            }
        }
    }
}

/// The first `LANES` values as an array: fixed-length indexing has no bounds checks, which
/// is what lets the loops over it vectorise.
#[inline(always)]
fn lanes(x: &[f32]) -> &[f32; LANES] {
    x[..LANES].try_into().expect("a whole block of lanes")
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
fn min(x: &[f32]) -> f32 {
    let mut acc = [f32::MAX; LANES];
    let chunks = x.chunks_exact(LANES);
    let rest = chunks.remainder().iter().fold(f32::MAX, |m, &v| m.min(v));
    for c in chunks {
        for i in 0..LANES {
            acc[i] = if c[i] < acc[i] { c[i] } else { acc[i] };
        }
    }
    acc.iter().fold(rest, |m, &v| m.min(v))
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
    let x = x.clamp(-87.0, 88.0);
    let n = (x * std::f32::consts::LOG2_E + ROUND) - ROUND;
    let r = x - n * LN2_HI - n * LN2_LO;
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    // 2ⁿ from the bits of n + 127 (in 1..=254 here) as it sits in the low mantissa bits after
    // adding 1.5·2²³: a float-to-int cast would saturate and stop the loop vectorising.
    p * f32::from_bits((n + (127.0 + ROUND)).to_bits() << 23)
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

#[cfg(test)]
mod tests {
    use super::{attend, Simd};

    /// Deterministic values in [-2, 2).
    fn noise(n: usize, seed: u64) -> Vec<f32> {
        let unit = crate::embed::gemm::tests::noise(n, seed);
        unit.into_iter().map(|v| v * 2.0).collect()
    }

    /// Every level gives the bits of the portable code, at lengths that leave every
    /// remainder of the row groups and key blocks.
    #[test]
    fn attention_levels_agree_bit_for_bit() {
        for (hidden, heads) in [(384, 12), (64, 4), (48, 4)] {
            for len in (1..=37).chain([64, 65, 70]) {
                let qkv = noise(len * 3 * hidden, len as u64);
                let run = |simd| {
                    let mut ctx = vec![0f32; len * hidden];
                    attend(simd, &qkv, &mut ctx, hidden, heads, &mut Vec::new());
                    ctx.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
                };
                let want = run(Simd::Portable);
                for simd in [Simd::detect(), Simd::Avx2] {
                    if simd == Simd::Avx2 && Simd::detect() == Simd::Portable {
                        continue;
                    }
                    assert_eq!(run(simd), want, "{simd:?} hidden {hidden} len {len}");
                }
            }
        }
    }
}
