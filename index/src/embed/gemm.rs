//! Int8 matrix products for the encoder: `y = x · Wᵀ + b` with int8 weights (one scale per output
//! row, as stored by `pack`) and activations quantised per row on the fly to u8 with a zero point.
//! AVX-512 VNNI (`vpdpbusd`: u8 × i8 → i32, 64 products per instruction) where the CPU has it,
//! else a portable loop computing the same integers (compiled for AVX2 where there is AVX2).
//! Where the CPU has AMX, products of many rows run on its tiles (`amx`), again with the same
//! integers.

use super::simd::Simd;

/// Output columns per packed panel: four 16-lane registers.
const PANEL: usize = 64;
/// Rows per micro-kernel call.
const MR: usize = 4;
/// Rows per cache block: their quantised activations stay in L2 while every panel passes.
const ROW_BLOCK: usize = 96;
/// Products of at most this many rows split their panels over two threads.
const SPLIT_ROWS: usize = 64;
/// Products of fewer rows stay on VNNI under `Simd::Amx`: a tile product loads each weight tile
/// whole however few rows use it, and below one tile of rows VNNI measured faster
/// (docs/performance.md, session 10).
const AMX_MIN_ROWS: usize = 16;

/// The output matrix shared by the threads of one product (each writes its own columns).
#[derive(Clone, Copy)]
struct Out(*mut f32);
// Safety: threads holding an `Out` write disjoint elements, and the slice outlives them.
unsafe impl Send for Out {}
unsafe impl Sync for Out {}

/// An int8 weight matrix (`n` outputs × `k` inputs) with per-output scales and bias.
pub struct QMatrix {
    pub n: usize,
    pub k: usize,
    /// `k` rounded up to a multiple of 4 (one VNNI lane holds four products).
    kp: usize,
    /// Row-major int8 weights, `n × kp` (padding zero): the portable kernel's layout.
    rows: Vec<i8>,
    /// VNNI layout: per panel of 64 outputs, per group of 4 inputs, 64 × 4 bytes.
    packed: Vec<i8>,
    scale: Vec<f32>,
    /// Sum of each output's int8 weights: corrects for the activations' zero point.
    col_sum: Vec<f32>,
    bias: Vec<f32>,
    /// AMX layout, packed at load where `Simd::Amx` is in use (`with_tiles`).
    #[cfg(target_arch = "x86_64")]
    tiles: Option<amx::Tiles>,
}

impl QMatrix {
    /// `q` is row-major `n × k` int8 with one scale per row; `bias` has `n` entries.
    pub fn new(q: &[i8], scale: Vec<f32>, bias: Vec<f32>, k: usize) -> Self {
        let n = scale.len();
        assert_eq!(q.len(), n * k, "weights are not {n} x {k}");
        assert_eq!(bias.len(), n, "bias is not {n} long");
        let kp = k.div_ceil(4) * 4;
        let mut rows = vec![0i8; n * kp];
        for (dst, src) in rows.chunks_exact_mut(kp).zip(q.chunks_exact(k)) {
            dst[..k].copy_from_slice(src);
        }
        let col_sum = q
            .chunks_exact(k)
            .map(|r| r.iter().map(|&x| x as i32).sum::<i32>() as f32)
            .collect();
        let packed = pack_panels(&rows, n, kp);
        Self {
            n,
            k,
            kp,
            rows,
            packed,
            scale,
            col_sum,
            bias,
            #[cfg(target_arch = "x86_64")]
            tiles: None,
        }
    }

    /// Packs the weights for AMX tiles too, when this process may use them (else unchanged).
    pub fn with_tiles(mut self) -> Self {
        // `detect` reports AMX only with AVX-512 VNNI, which the tiles' epilogue uses.
        #[cfg(target_arch = "x86_64")]
        if Simd::detect() == Simd::Amx {
            self.tiles = Some(amx::Tiles::pack(&self.rows, self.n, self.kp));
        }
        self
    }

    /// `out[r] = x[r] · Wᵀ + b` for the `m` rows of `x` (`m × k`), into `out` (`m × n`).
    /// `split`: a product of few rows may hand half its panels to another rayon thread
    /// (worth it inside a batch on the pool; a single query keeps to its own thread).
    pub fn matmul(&self, x: &[f32], out: &mut [f32], simd: Simd, split: bool) {
        let m = x.len() / self.k;
        assert_eq!(x.len(), m * self.k);
        assert_eq!(out.len(), m * self.n);
        if simd == Simd::Amx && m >= AMX_MIN_ROWS && self.matmul_tiles(x, out) {
            return;
        }
        let act = Activations::quantize(x, self.k, self.kp, 1, simd);
        match simd {
            // Safety: `Simd::detect` chose these on a CPU that has them.
            #[cfg(target_arch = "x86_64")]
            Simd::Amx | Simd::Avx512
                if split && m <= SPLIT_ROWS && rayon::current_num_threads() > 1 =>
            {
                self.matmul_split(&act, out)
            }
            #[cfg(target_arch = "x86_64")]
            Simd::Amx | Simd::Avx512 => unsafe {
                let panels = 0..self.n.div_ceil(PANEL);
                vnni::matmul(self, &act, Out(out.as_mut_ptr()), panels)
            },
            #[cfg(target_arch = "x86_64")]
            Simd::Avx2 => unsafe { self.matmul_avx2(&act, out) },
            _ => self.matmul_portable(&act, out),
        }
    }

    /// The product on AMX tiles, if the weights were packed for them (`with_tiles`).
    fn matmul_tiles(&self, x: &[f32], out: &mut [f32]) -> bool {
        #[cfg(target_arch = "x86_64")]
        if let Some(t) = &self.tiles {
            let act = Activations::quantize(x, self.k, t.width(), amx::BLOCK_ROWS, Simd::Amx);
            // Safety: tiles are only packed where `Simd::detect` reports AMX (AMX granted, and
            // AVX-512 VNNI); `matmul` checked that `out` is m × n.
            unsafe { amx::matmul(self, t, &act, Out(out.as_mut_ptr())) };
            return true;
        }
        let _ = (x, out);
        false
    }

    /// A few rows (a query): the panels in two halves on two threads, since one thread would
    /// mostly wait for weights to arrive from memory.
    #[cfg(target_arch = "x86_64")]
    fn matmul_split(&self, act: &Activations, out: &mut [f32]) {
        let panels = self.n.div_ceil(PANEL);
        let half = panels / 2;
        let o = Out(out.as_mut_ptr());
        // Safety: AVX-512 was detected (the caller's match); the halves write disjoint columns
        // of `out`, which outlives the join.
        rayon::join(
            || unsafe { vnni::matmul(self, act, o, 0..half) },
            || unsafe { vnni::matmul(self, act, o, half..panels) },
        );
    }

    /// The portable loop, vectorised by the compiler for AVX2.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn matmul_avx2(&self, act: &Activations, out: &mut [f32]) {
        self.matmul_portable(act, out)
    }

    #[inline(always)]
    fn matmul_portable(&self, act: &Activations, out: &mut [f32]) {
        for (r, y) in out.chunks_exact_mut(self.n).enumerate() {
            let a = &act.q[r * self.kp..(r + 1) * self.kp];
            for (o, w) in self.rows.chunks_exact(self.kp).enumerate() {
                // Wrapping adds (exact here: |sum| < 2³¹) vectorise; checked ones would not.
                let acc = a.iter().zip(w).fold(0i32, |s, (&x, &w)| {
                    s.wrapping_add((x as i32).wrapping_mul(w as i32))
                });
                y[o] = self.finish(acc, act.scale[r], act.min[r], o);
            }
        }
    }

    /// De-quantises one accumulated product: x ≈ s·q + min per row, w ≈ scale·w_q per output.
    /// Fused multiply-adds in the order of the SIMD epilogue, so both give the same bits (the
    /// next layer's rounding to u8 would otherwise amplify one-ulp differences).
    fn finish(&self, acc: i32, s: f32, min: f32, o: usize) -> f32 {
        let t = (acc as f32).mul_add(s, min * self.col_sum[o]);
        t.mul_add(self.scale[o], self.bias[o])
    }
}

/// Panels of 64 outputs; inside, for each group of 4 inputs, output j's 4 bytes at 4·j.
fn pack_panels(rows: &[i8], n: usize, kp: usize) -> Vec<i8> {
    let panels = n.div_ceil(PANEL);
    let mut p = vec![0i8; panels * PANEL * kp];
    for o in 0..n {
        let (panel, j) = (o / PANEL, o % PANEL);
        for g in 0..kp / 4 {
            let dst = ((panel * (kp / 4) + g) * PANEL + j) * 4;
            p[dst..dst + 4].copy_from_slice(&rows[o * kp + g * 4..o * kp + g * 4 + 4]);
        }
    }
    p
}

/// Rows quantised to u8 with their own range: x ≈ scale · q + min.
struct Activations {
    /// `kp` bytes a row, then zero rows up to a multiple of the kernel's row block.
    q: Vec<u8>,
    scale: Vec<f32>,
    min: Vec<f32>,
}

impl Activations {
    fn quantize(x: &[f32], k: usize, kp: usize, row_block: usize, simd: Simd) -> Self {
        let m = x.len() / k;
        let mut a = Self {
            q: vec![0u8; m * kp],
            scale: vec![0f32; m],
            min: vec![0f32; m],
        };
        super::simd::quantize(simd, x, k, &mut a.q, &mut a.scale, &mut a.min);
        a.q.resize(m.div_ceil(row_block) * row_block * kp, 0);
        a
    }
}

/// AMX tile products: `tdpbusd` multiplies u8 activations by i8 weights into i32 sums, as the
/// VNNI kernel's `vpdpbusd` does, but 16 rows × 16 outputs × 64 inputs per instruction. The
/// integers are the same (exact sums), and the epilogue is the VNNI kernel's, so the floats are
/// the same bits. Rust's AMX intrinsics are unstable, so the instructions are written in `asm!`.
#[cfg(target_arch = "x86_64")]
mod amx {
    use std::arch::asm;
    use std::arch::x86_64::*;

    use super::{Activations, Out, QMatrix};

    /// Rows of an A or C tile.
    pub const TILE_ROWS: usize = 16;
    /// Inputs one tile step takes (64 bytes of an A row).
    pub const TILE_K: usize = 64;
    /// Outputs of a B or C tile (16 i32 lanes).
    const TILE_N: usize = 16;
    /// Rows of one register block: two A tiles.
    pub const BLOCK_ROWS: usize = 2 * TILE_ROWS;
    /// Outputs of one register block: two B tiles, so four C tiles.
    const BLOCK_N: usize = 2 * TILE_N;
    /// Bytes of one tile (16 rows of 64 bytes).
    const TILE_BYTES: usize = 1024;

    /// The weights in B-tile layout: per pair of 16-output column tiles, per 64-input step, the two
    /// tiles (1 KiB each: row g holds inputs 4g..4g+4 of each of the 16 outputs), so a column pair's
    /// whole depth is one contiguous run. Outputs and inputs are padded with zero weights.
    pub struct Tiles {
        pairs: usize,
        steps: usize,
        data: Vec<i8>,
    }

    impl Tiles {
        /// From row-major weights `n × kp` (`kp` a multiple of 4).
        pub fn pack(rows: &[i8], n: usize, kp: usize) -> Self {
            // The kernel's loop runs at least one step.
            assert!(kp > 0, "weights without inputs");
            let (pairs, steps) = (n.div_ceil(BLOCK_N), kp.div_ceil(TILE_K));
            let mut data = vec![0i8; pairs * steps * 2 * TILE_BYTES];
            for o in 0..n {
                let (pair, half, j) = (o / BLOCK_N, (o % BLOCK_N) / TILE_N, o % TILE_N);
                for (i, &w) in rows[o * kp..(o + 1) * kp].iter().enumerate() {
                    let (step, g, b) = (i / TILE_K, (i % TILE_K) / 4, i % 4);
                    let tile = (pair * steps + step) * 2 + half;
                    data[tile * TILE_BYTES + g * 64 + j * 4 + b] = w;
                }
            }
            Self { pairs, steps, data }
        }

        /// Input width of the activation rows these tiles take (whole tile steps).
        pub fn width(&self) -> usize {
            self.steps * TILE_K
        }
    }

    /// Palette 1: tmm0–3 the C block (tmm0–1 the first row tile, tmm2–3 the second), tmm4–5 the
    /// two A tiles, tmm6–7 the two B tiles; every row 64 bytes. A block's row tiles hold `rows0`
    /// and `rows1` rows: 16 each, or fewer for the last rows of a product (a query's 25 rows load
    /// and multiply 25, not 32).
    #[repr(C, align(64))]
    struct Config([u8; 64]);

    impl Config {
        fn new(rows0: usize, rows1: usize) -> Self {
            let mut c = [0u8; 64];
            c[0] = 1;
            let rows = [
                rows0, rows0, rows1, rows1, rows0, rows1, TILE_ROWS, TILE_ROWS,
            ];
            for (t, r) in rows.into_iter().enumerate() {
                c[16 + 2 * t..18 + 2 * t].copy_from_slice(&(TILE_K as u16).to_le_bytes());
                c[48 + t] = r as u8;
            }
            Self(c)
        }

        /// For a block of `rows` (1..=32) real rows; a second tile of one (zero) row when there is
        /// no second tile's worth.
        fn for_rows(rows: usize) -> Self {
            Self::new(rows.min(TILE_ROWS), rows.saturating_sub(TILE_ROWS).max(1))
        }

        /// Loads this configuration (which zeroes the tiles).
        #[inline(always)]
        unsafe fn load(&self) {
            asm!("ldtilecfg [{}]", in(reg) self.0.as_ptr(), options(nostack, readonly));
        }
    }

    /// One C block as stored from the tiles: 32 rows of 32 sums.
    #[repr(C, align(64))]
    struct Sums([i32; BLOCK_ROWS * BLOCK_N]);

    /// `out = act · Wᵀ + b` for all rows of `act`, whose quantised rows are `t.width()` wide and
    /// padded with zero rows to a multiple of `BLOCK_ROWS`.
    ///
    /// Safety: `available()` must be true and the CPU must have AVX-512 F/BW/VNNI; `out` must hold
    /// `m × w.n` floats for the `m` rows of `act`.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub unsafe fn matmul(w: &QMatrix, t: &Tiles, act: &Activations, out: Out) {
        let m = act.scale.len();
        assert!(act.q.len() >= m.div_ceil(BLOCK_ROWS) * BLOCK_ROWS * t.width());
        assert!(t.pairs > 0, "weights without outputs");
        let whole = m / BLOCK_ROWS * BLOCK_ROWS;
        if whole > 0 {
            Config::new(TILE_ROWS, TILE_ROWS).load();
            for r in (0..whole).step_by(BLOCK_ROWS) {
                row_block(w, t, act, out, r);
            }
        }
        if whole < m {
            // The last rows: their own tile heights.
            Config::for_rows(m - whole).load();
            row_block(w, t, act, out, whole);
        }
        asm!("tilerelease", options(nostack, nomem));
    }

    /// Rows `r..r + 32` (as configured) against every column pair. The activations stay in L1
    /// while the weights stream from L2; each pair's epilogue runs after the next pair's tile
    /// products are issued, so the vector units work while the tiles do.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    #[inline]
    unsafe fn row_block(w: &QMatrix, t: &Tiles, act: &Activations, out: Out, r: usize) {
        let width = t.width();
        let a = act.q.as_ptr().add(r * width);
        let mut sums = [
            Sums([0; BLOCK_ROWS * BLOCK_N]),
            Sums([0; BLOCK_ROWS * BLOCK_N]),
        ];
        for pair in 0..t.pairs {
            let b = t.data.as_ptr().add(pair * t.steps * 2 * TILE_BYTES);
            block(a, width, b, t.steps, &mut sums[pair % 2]);
            if pair > 0 {
                store(w, act, out, r, (pair - 1) * BLOCK_N, &sums[(pair - 1) % 2]);
            }
        }
        let last = t.pairs - 1;
        store(w, act, out, r, last * BLOCK_N, &sums[last % 2]);
    }

    /// The sums of the block's rows at `a` (stride `width` bytes) against one column pair's tiles
    /// at `b`, over `steps` steps of 64 inputs, into `sums`.
    #[inline(always)]
    unsafe fn block(a: *const u8, width: usize, b: *const i8, steps: usize, sums: &mut Sums) {
        let c = sums.0.as_mut_ptr();
        asm!(
            "tilezero tmm0",
            "tilezero tmm1",
            "tilezero tmm2",
            "tilezero tmm3",
            "2:",
            "tileloadd tmm4, [{a0} + {sa}*1]",
            "tileloadd tmm6, [{b} + {sb}*1]",
            "tileloadd tmm7, [{b} + {sb}*1 + 1024]",
            "tdpbusd tmm0, tmm4, tmm6",
            "tdpbusd tmm1, tmm4, tmm7",
            "tileloadd tmm5, [{a1} + {sa}*1]",
            "tdpbusd tmm2, tmm5, tmm6",
            "tdpbusd tmm3, tmm5, tmm7",
            "add {a0}, 64",
            "add {a1}, 64",
            "add {b}, 2048",
            "dec {n}",
            "jnz 2b",
            "tilestored [{c0} + {sc}*1], tmm0",
            "tilestored [{c0} + {sc}*1 + 64], tmm1",
            "tilestored [{c1} + {sc}*1], tmm2",
            "tilestored [{c1} + {sc}*1 + 64], tmm3",
            a0 = inout(reg) a => _,
            a1 = inout(reg) a.add(TILE_ROWS * width) => _,
            b = inout(reg) b => _,
            n = inout(reg) steps => _,
            sa = in(reg) width,
            sb = in(reg) 64usize,
            c0 = in(reg) c,
            c1 = in(reg) c.add(TILE_ROWS * BLOCK_N),
            sc = in(reg) BLOCK_N * 4,
            options(nostack)
        );
    }

    /// The block's sums to floats: the VNNI epilogue's arithmetic (`vnni::store_row`), with the
    /// column constants loaded once per block.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    #[inline]
    unsafe fn store(w: &QMatrix, act: &Activations, out: Out, r: usize, o: usize, sums: &Sums) {
        let rows = (act.scale.len() - r).min(BLOCK_ROWS);
        let mut cols: [(usize, __mmask16, __m512, __m512, __m512); 2] = [(
            0,
            0,
            _mm512_setzero_ps(),
            _mm512_setzero_ps(),
            _mm512_setzero_ps(),
        ); 2];
        let mut used = 0;
        for (c, col) in cols.iter_mut().enumerate() {
            let oc = o + c * TILE_N;
            if oc >= w.n {
                break;
            }
            let mask: __mmask16 = if w.n - oc >= TILE_N {
                0xffff
            } else {
                (1u16 << (w.n - oc)) - 1
            };
            let col_sum = _mm512_maskz_loadu_ps(mask, w.col_sum.as_ptr().add(oc));
            let scale = _mm512_maskz_loadu_ps(mask, w.scale.as_ptr().add(oc));
            let bias = _mm512_maskz_loadu_ps(mask, w.bias.as_ptr().add(oc));
            *col = (oc, mask, col_sum, scale, bias);
            used = c + 1;
        }
        for i in 0..rows {
            let s = _mm512_set1_ps(act.scale[r + i]);
            let min = _mm512_set1_ps(act.min[r + i]);
            let row = sums.0.as_ptr().add(i * BLOCK_N);
            for (c, &(oc, mask, col_sum, scale, bias)) in cols[..used].iter().enumerate() {
                let a = _mm512_loadu_si512(row.add(c * TILE_N) as *const _);
                let t = _mm512_fmadd_ps(_mm512_cvtepi32_ps(a), s, _mm512_mul_ps(min, col_sum));
                let y = _mm512_fmadd_ps(t, scale, bias);
                _mm512_mask_storeu_ps(out.0.add((r + i) * w.n + oc), mask, y);
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    use super::{Activations, Out, QMatrix, MR, PANEL, ROW_BLOCK};
    use std::arch::x86_64::*;
    use std::ops::Range;

    /// Safety: the CPU must have AVX-512 F/BW/VNNI (checked by `Simd::detect`).
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    /// `out` must hold `m × n` floats; only the columns of `panels` are written.
    pub unsafe fn matmul(w: &QMatrix, act: &Activations, out: Out, panels: Range<usize>) {
        let m = act.scale.len();
        for r0 in (0..m).step_by(ROW_BLOCK) {
            let r1 = (r0 + ROW_BLOCK).min(m);
            for panel in panels.clone() {
                let mut r = r0;
                while r < r1 {
                    match r1 - r {
                        1 => kernel::<1>(w, act, out, r, panel),
                        2 => kernel::<2>(w, act, out, r, panel),
                        3 => kernel::<3>(w, act, out, r, panel),
                        _ => kernel::<MR>(w, act, out, r, panel),
                    }
                    r += MR;
                }
            }
        }
    }

    /// Rows `r..r+R` against one panel of 64 outputs: 4·R accumulators over the whole depth.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    #[inline]
    unsafe fn kernel<const R: usize>(
        w: &QMatrix,
        act: &Activations,
        out: Out,
        r: usize,
        panel: usize,
    ) {
        let groups = w.kp / 4;
        let mut acc = [[_mm512_setzero_si512(); 4]; R];
        // Pointers stepped by adding: index arithmetic would carry overflow checks in tests.
        let mut b = w.packed.as_ptr().add(panel * groups * PANEL * 4);
        let mut a: [*const u8; R] = std::array::from_fn(|i| act.q.as_ptr().add((r + i) * w.kp));
        for _ in 0..groups {
            let bs = [
                _mm512_loadu_si512(b as *const _),
                _mm512_loadu_si512(b.add(64) as *const _),
                _mm512_loadu_si512(b.add(128) as *const _),
                _mm512_loadu_si512(b.add(192) as *const _),
            ];
            for (row, ai) in acc.iter_mut().zip(a.iter_mut()) {
                let x = _mm512_set1_epi32((*ai as *const i32).read_unaligned());
                for (c, bc) in bs.iter().enumerate() {
                    row[c] = _mm512_dpbusd_epi32(row[c], x, *bc);
                }
                *ai = ai.add(4);
            }
            b = b.add(PANEL * 4);
        }
        for (i, row) in acc.iter().enumerate() {
            store_row(w, act, out, r + i, panel, row);
        }
    }

    /// Row `r`'s sums for one panel to floats in `out`. (`amx::store` does the same
    /// arithmetic: keep the two alike, or the kernels' bits part.)
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    #[inline]
    unsafe fn store_row(
        w: &QMatrix,
        act: &Activations,
        out: Out,
        r: usize,
        panel: usize,
        acc: &[__m512i; 4],
    ) {
        let s = _mm512_set1_ps(act.scale[r]);
        let min = _mm512_set1_ps(act.min[r]);
        for (c, a) in acc.iter().enumerate() {
            let o = panel * PANEL + c * 16;
            if o >= w.n {
                break;
            }
            let mask: __mmask16 = if w.n - o >= 16 {
                0xffff
            } else {
                (1u16 << (w.n - o)) - 1
            };
            let col_sum = _mm512_maskz_loadu_ps(mask, w.col_sum.as_ptr().add(o));
            let scale = _mm512_maskz_loadu_ps(mask, w.scale.as_ptr().add(o));
            let bias = _mm512_maskz_loadu_ps(mask, w.bias.as_ptr().add(o));
            let t = _mm512_fmadd_ps(_mm512_cvtepi32_ps(*a), s, _mm512_mul_ps(min, col_sum));
            let y = _mm512_fmadd_ps(t, scale, bias);
            _mm512_mask_storeu_ps(out.0.add(r * w.n + o), mask, y);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Deterministic values in [-1, 1).
    pub(crate) fn noise(n: usize, seed: u64) -> Vec<f32> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((s >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
            })
            .collect()
    }

    fn matrix(n: usize, k: usize) -> (QMatrix, Vec<f32>, Vec<f32>) {
        let w = noise(n * k, 1);
        let bias = noise(n, 2);
        let (q, scale) = super::super::weights::quantize_rows(&w, k);
        let q: Vec<i8> = q.into_iter().map(|b| b as i8).collect();
        (QMatrix::new(&q, scale, bias.clone(), k), w, bias)
    }

    #[test]
    fn kernels_agree_with_f32_on_odd_shapes() {
        // Rows not a multiple of 4, outputs not a multiple of 16 or 64, depth not of 4.
        for (m, n, k) in [(1, 5, 3), (7, 70, 37), (5, 64, 384), (130, 200, 96)] {
            let (w, wf, bias) = matrix(n, k);
            let x = noise(m * k, 3);
            let mut want = vec![0f32; m * n];
            for r in 0..m {
                for o in 0..n {
                    let d: f32 = (0..k).map(|i| x[r * k + i] * wf[o * k + i]).sum();
                    want[r * n + o] = d + bias[o];
                }
            }
            let mut portable = vec![0f32; m * n];
            w.matmul(&x, &mut portable, Simd::Portable, false);
            let mut fast = vec![0f32; m * n];
            w.matmul(&x, &mut fast, Simd::detect(), true);
            let mut one_thread = vec![0f32; m * n];
            w.matmul(&x, &mut one_thread, Simd::detect(), false);
            assert_eq!(fast, one_thread, "{m}x{n}x{k}: split and not");
            let mut avx2 = vec![0f32; m * n];
            if Simd::detect() != Simd::Portable {
                w.matmul(&x, &mut avx2, Simd::Avx2, false);
            } else {
                avx2.copy_from_slice(&portable);
            }
            for i in 0..m * n {
                assert_eq!(
                    portable[i].to_bits(),
                    fast[i].to_bits(),
                    "{m}x{n}x{k} at {i}"
                );
                assert_eq!(
                    portable[i].to_bits(),
                    avx2[i].to_bits(),
                    "{m}x{n}x{k} at {i}"
                );
                // int8 error: about k · 1/127 · 1/255 per term at most, far less on average.
                let tol = 0.02 * (k as f32).sqrt();
                assert!((portable[i] - want[i]).abs() < tol, "{m}x{n}x{k} at {i}");
            }
        }
    }

    /// AMX tiles give the integers of VNNI and of the portable loop, so the same float bits:
    /// one row (a tile block of mostly padding), a query's 25, whole blocks, a batch's 1,024, and
    /// widths and depths that are not whole tiles.
    #[test]
    fn amx_products_are_the_vnni_bits() {
        if Simd::detect() != Simd::Amx {
            eprintln!("no AMX here (CPU or OS): the tile kernel is not tested on this machine");
            return;
        }
        for (m, n, k) in [
            (1, 1152, 384),
            (7, 384, 1536),
            (16, 384, 384),
            (25, 1152, 384),
            (25, 384, 1536),
            (25, 70, 37),
            (64, 1536, 384),
            (33, 200, 130),
            (1024, 384, 384),
            (1024, 96, 1536),
        ] {
            let (w, _, _) = matrix(n, k);
            let w = w.with_tiles();
            let x = noise(m * k, m as u64);
            let bits = |y: Vec<f32>| y.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
            let run = |simd| {
                let mut y = vec![0f32; m * n];
                w.matmul(&x, &mut y, simd, false);
                bits(y)
            };
            // The tiles themselves, below `AMX_MIN_ROWS` too.
            let mut y = vec![0f32; m * n];
            assert!(w.matmul_tiles(&x, &mut y));
            let amx = bits(y);
            assert_eq!(amx, run(Simd::Amx), "{m}x{n}x{k}: matmul");
            assert_eq!(amx, run(Simd::Avx512), "{m}x{n}x{k}: AMX vs VNNI");
            if m * n * k <= 1 << 26 {
                assert_eq!(amx, run(Simd::Portable), "{m}x{n}x{k}: AMX vs portable");
            }
        }
    }

    #[test]
    fn constant_rows_quantise_exactly() {
        let (w, wf, bias) = matrix(3, 8);
        let x = vec![0.5f32; 8];
        let mut y = vec![0f32; 3];
        w.matmul(&x, &mut y, Simd::detect(), false);
        for o in 0..3 {
            let want: f32 = wf[o * 8..o * 8 + 8].iter().sum::<f32>() * 0.5 + bias[o];
            assert!((y[o] - want).abs() < 0.01, "{} vs {want}", y[o]);
        }
    }

    /// GOP/s of the kernels at the encoder's shapes (run by hand: `--ignored --nocapture`).
    #[test]
    #[ignore]
    fn speed() {
        for (m, n, k) in [
            (1024, 1152, 384),
            (1024, 1536, 384),
            (1024, 384, 1536),
            (12, 1536, 384),
            // A query of 25 tokens (the dev questions' median): its four products.
            (25, 1152, 384),
            (25, 384, 384),
            (25, 1536, 384),
            (25, 384, 1536),
            // Short queries.
            (4, 1152, 384),
            (8, 1536, 384),
            (12, 384, 1536),
        ] {
            let (w, _, _) = matrix(n, k);
            let w = w.with_tiles();
            let x = noise(m * k, 3);
            let mut y = vec![0f32; m * n];
            let mut levels = vec![Simd::detect(), Simd::Avx2, Simd::Portable];
            if Simd::detect() == Simd::Amx {
                levels.insert(1, Simd::Avx512);
            }
            // `None`: the AMX tiles alone, at every row count (`Amx` is VNNI below 16 rows).
            let tiles = (Simd::detect() == Simd::Amx).then_some(None);
            for simd in tiles.into_iter().chain(levels.into_iter().map(Some)) {
                // The same work for every shape: CPU time is counted in 10 ms ticks.
                let reps = match simd {
                    None | Some(Simd::Amx) => 200,
                    Some(Simd::Avx512) => 100,
                    _ => 10,
                } * 1024
                    / m;
                // CPU time: the machine is shared, so wall time says more about the neighbours.
                let t = crate::embed::bench::cpu_seconds();
                for _ in 0..reps {
                    match simd {
                        Some(simd) => w.matmul(&x, &mut y, simd, false),
                        None => assert!(w.matmul_tiles(&x, &mut y)),
                    }
                }
                let s = crate::embed::bench::cpu_seconds() - t;
                let gops = 2.0 * (m * n * k * reps) as f64 / s / 1e9;
                let label = simd.map_or("tiles".to_string(), |s| format!("{s:?}"));
                eprintln!("{m}x{n}x{k} {label}: {gops:.1} GOP/s");
            }
        }
    }
}
