//! AMX tile products: `tdpbusd` multiplies u8 activations by i8 weights into i32 sums, as the
//! VNNI kernel's `vpdpbusd` does, but 16 rows × 16 outputs × 64 inputs per instruction. The
//! integers are the same (exact sums), and the epilogue is the VNNI kernel's, so the floats are
//! the same bits. Rust's AMX intrinsics are unstable, so the instructions are written in `asm!`.

use std::arch::asm;
use std::arch::x86_64::*;
use std::sync::OnceLock;

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

/// Whether this process may use AMX int8 tiles: the CPU has them and Linux granted the
/// (per-process) permission to use the large tile state.
pub fn available() -> bool {
    static OK: OnceLock<bool> = OnceLock::new();
    *OK.get_or_init(|| cpu_has_amx() && request_permission())
}

fn cpu_has_amx() -> bool {
    if __cpuid(0).eax < 7 {
        return false;
    }
    // CPUID.(7,0):EDX bit 24 AMX-TILE, bit 25 AMX-INT8.
    let edx = __cpuid_count(7, 0).edx;
    edx & (1 << 24) != 0 && edx & (1 << 25) != 0
}

/// `arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)`: without it the first tile
/// instruction kills the process (Linux 5.16 and later; earlier kernels refuse, so no AMX).
#[cfg(target_os = "linux")]
fn request_permission() -> bool {
    const SYS_ARCH_PRCTL: i64 = 158;
    const ARCH_REQ_XCOMP_PERM: i64 = 0x1023;
    const XFEATURE_XTILEDATA: i64 = 18;
    let ret: i64;
    // Safety: a system call that only changes this process's permissions; it clobbers rcx and
    // r11 as every syscall does.
    unsafe {
        asm!(
            "syscall",
            inlateout("rax") SYS_ARCH_PRCTL => ret,
            in("rdi") ARCH_REQ_XCOMP_PERM,
            in("rsi") XFEATURE_XTILEDATA,
            lateout("rcx") _,
            lateout("r11") _,
            options(nostack)
        );
    }
    ret == 0
}

#[cfg(not(target_os = "linux"))]
fn request_permission() -> bool {
    false
}

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
