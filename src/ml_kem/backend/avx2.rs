//! The AVX2 ML-KEM backend (x86_64, AVX2 + BMI2 + POPCNT).
//!
//! The NTT, inverse NTT and base multiplication are hand-written assembly
//! (`asm/x86_64/ml_kem_*.S`, included into naked `extern "sysv64"` functions, so no
//! C compiler or assembler is needed at build time and the same code serves every
//! x86_64 OS); everything else uses `core::arch::x86_64` intrinsics in
//! `#[target_feature]` helpers that inline into each other.
//!
//! Every function satisfies the [`KemBackend`] contract and keeps NTT-domain data in
//! the standard FIPS 203 order. Outputs are bit-identical to [`super::Portable`]
//! wherever the contract pins them (everything but [`KemBackend::inv_ntt`], whose
//! result is only pinned modulo q).
//!
//! Safety: every kernel takes a [`cpu::Avx2`] token, which only detection of AVX2,
//! BMI2 and POPCNT creates: that is what every `unsafe` block below relies on for
//! executing those instructions.

use core::arch::x86_64::*;

use core::marker::PhantomData;

use super::{GAMMAS, KemKernels, MONT_SQ, Poly, Portable, Q, ZETAS};
use crate::backend::cpu;
use crate::hash::MultiKeccak;

/// q^-1 mod 2^16, signed.
const QINV: i16 = -3327;
/// round(2^26 / q), the Barrett constant (same as the portable backend).
const BARRETT_V: i16 = 20159;
/// R^2 / 128 mod q: the 128^-1 of FIPS 203 Algorithm 10 step 14 times R.
const INV_NTT_F: i16 = 1441;

/// Number of 16-lane vectors in [`TABLE`].
const TABLE_VECS: usize = 180;
/// First vector of the gamma table for base multiplication.
const GAMMA_VEC: usize = 164;

/// Constants and zetas for the assembly kernels, one 16-lane vector per use.
///
/// Layout (vector index): 0 q, 1 q^-1, 2 Barrett V, 3 2^5 (rounding shift), 4 F*q^-1,
/// 5 F (inverse NTT scaling), 6 the `vpshufb` mask swapping the 16-bit halves of each
/// dword, 7 unused; zeta entry e (0..78) at vectors 8+2e (zeta * q^-1 mod 2^16) and
/// 9+2e (zeta, Montgomery form, from [`ZETAS`]): entries 0..39 in the order the
/// forward NTT uses them, 39..78 in the order the inverse NTT does; vectors
/// 164..180: [`GAMMAS`] in the odd lanes (lane 2j+1 of vector 164+v is gamma_{8v+j}).
#[repr(C, align(32))]
struct Table([[i16; 16]; TABLE_VECS]);

/// Sets zeta entry `e` of the table to lanes `ks` (indices into [`ZETAS`]).
const fn put(t: &mut [[i16; 16]; TABLE_VECS], e: usize, ks: [usize; 16]) {
    let mut l = 0;
    while l < 16 {
        let z = ZETAS[ks[l]];
        t[8 + 2 * e][l] = z.wrapping_mul(QINV);
        t[9 + 2 * e][l] = z;
        l += 1;
    }
}

/// Lane l -> `base + l / div` (forward layers).
const fn up(base: usize, div: usize) -> [usize; 16] {
    let mut k = [0; 16];
    let mut l = 0;
    while l < 16 {
        k[l] = base + l / div;
        l += 1;
    }
    k
}

/// Lane l -> `top - l / div` (inverse layers).
const fn down(top: usize, div: usize) -> [usize; 16] {
    let mut k = [0; 16];
    let mut l = 0;
    while l < 16 {
        k[l] = top - l / div;
        l += 1;
    }
    k
}

const fn build_table() -> Table {
    let mut t = [[0i16; 16]; TABLE_VECS];
    t[0] = [Q; 16];
    t[1] = [QINV; 16];
    t[2] = [BARRETT_V; 16];
    t[3] = [1 << 5; 16];
    t[4] = [INV_NTT_F.wrapping_mul(QINV); 16];
    t[5] = [INV_NTT_F; 16];
    let mut l = 0;
    while l < 16 {
        let j = (l % 8) / 2;
        let (b0, b1) = if l % 2 == 0 {
            (4 * j + 2, 4 * j + 3)
        } else {
            (4 * j, 4 * j + 1)
        };
        t[6][l] = (b0 | (b1 << 8)) as i16;
        l += 1;
    }
    // Forward NTT (see asm/x86_64/ml_kem_ntt.S): layers len=128, 64, then per half
    // h: len=32, 16 (broadcasts), len=8, 4, 2 (per-lane, after the shuffles).
    put(&mut t, 0, up(1, 16));
    put(&mut t, 1, up(2, 16));
    put(&mut t, 2, up(3, 16));
    let mut h = 0;
    while h < 2 {
        let e = 3 + 18 * h;
        put(&mut t, e, up(4 + 2 * h, 16));
        put(&mut t, e + 1, up(5 + 2 * h, 16));
        let mut j = 0;
        while j < 4 {
            put(&mut t, e + 2 + j, up(8 + 4 * h + j, 16));
            let p = 4 * h + j;
            put(&mut t, e + 6 + j, up(16 + 2 * p, 8));
            put(&mut t, e + 10 + j, up(32 + 4 * p, 4));
            put(&mut t, e + 14 + j, up(64 + 8 * p, 2));
            j += 1;
        }
        h += 1;
    }
    // Inverse NTT (asm/x86_64/ml_kem_invntt.S): per half, len=2, 4, 8 (per-lane),
    // len=16, 32 (broadcasts); then len=64 (two blocks) and len=128.
    let mut h = 0;
    while h < 2 {
        let e = 39 + 18 * h;
        let mut j = 0;
        while j < 4 {
            let p = 4 * h + j;
            put(&mut t, e + j, down(127 - 8 * p, 2));
            put(&mut t, e + 4 + j, down(63 - 4 * p, 4));
            put(&mut t, e + 8 + j, down(31 - 2 * p, 8));
            put(&mut t, e + 12 + j, up(15 - (4 * h + j), 16));
            j += 1;
        }
        put(&mut t, e + 16, up(7 - 2 * h, 16));
        put(&mut t, e + 17, up(6 - 2 * h, 16));
        h += 1;
    }
    put(&mut t, 75, up(3, 16));
    put(&mut t, 76, up(2, 16));
    put(&mut t, 77, up(1, 16));
    let mut v = 0;
    while v < 16 {
        let mut j = 0;
        while j < 8 {
            t[GAMMA_VEC + v][2 * j + 1] = GAMMAS[8 * v + j];
            j += 1;
        }
        v += 1;
    }
    Table(t)
}

/// The kernel table (2.9 KiB, 32-byte aligned: the kernels use aligned loads).
static TABLE: Table = build_table();

/// Forward NTT kernel (asm/x86_64/ml_kem_ntt.S).
/// In: |a_i| < q. Out: |b_i| <= (q-1)/2, standard order, bit-identical to portable.
///
/// # Safety
/// AVX2 available; `a` points to 256 writable i16; `table` is [`TABLE`].
#[unsafe(naked)]
unsafe extern "sysv64" fn ntt_kernel(a: *mut i16, table: *const Table) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/ml_kem_ntt.S"))
}

/// Inverse NTT kernel times R (asm/x86_64/ml_kem_invntt.S).
/// In: |a_i| < q. Out: |b_i| < q, congruent to the portable result.
///
/// # Safety
/// AVX2 available; `a` points to 256 writable i16; `table` is [`TABLE`].
#[unsafe(naked)]
unsafe extern "sysv64" fn invntt_kernel(a: *mut i16, table: *const Table) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/ml_kem_invntt.S"))
}

/// Base multiplication summed over `k` polynomials (asm/x86_64/ml_kem_basemul.S).
/// In: |coefficients| < q, 1 <= k <= 4. Out: |out_i| < q, bit-identical to portable.
///
/// # Safety
/// AVX2 available; `out` points to 256 writable i16, `a` and `b` to `k >= 1`
/// contiguous polynomials each; `table` is [`TABLE`].
#[unsafe(naked)]
unsafe extern "sysv64" fn basemul_acc_kernel(
    out: *mut i16,
    a: *const i16,
    b: *const i16,
    k: usize,
    table: *const Table,
) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/ml_kem_basemul.S"))
}

/// Loads 16 coefficients.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn load(c: &[i16; 16]) -> __m256i {
    // SAFETY: `c` is 32 readable bytes; loadu has no alignment requirement.
    unsafe { _mm256_loadu_si256(c.as_ptr().cast()) }
}

/// Stores 16 coefficients.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn store(c: &mut [i16; 16], v: __m256i) {
    // SAFETY: `c` is 32 writable bytes; storeu has no alignment requirement.
    unsafe { _mm256_storeu_si256(c.as_mut_ptr().cast(), v) }
}

/// Loads 16 bytes.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn load128(b: &[u8; 16]) -> __m128i {
    // SAFETY: `b` is 16 readable bytes; loadu has no alignment requirement.
    unsafe { _mm_loadu_si128(b.as_ptr().cast()) }
}

/// Loads the 16 bytes `b[off..off + 16]` (bounds-checked by the slice index).
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn load128_at(b: &[u8], off: usize) -> __m128i {
    let s = &b[off..off + 16];
    // SAFETY: `s` is exactly 16 readable bytes; loadu has no alignment requirement.
    unsafe { _mm_loadu_si128(s.as_ptr().cast()) }
}

/// Barrett reduction, lane-wise identical to `portable::barrett_reduce`:
/// any i16 to its representative in `[-(q-1)/2, (q-1)/2]`.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn barrett(a: __m256i) -> __m256i {
    let t = _mm256_mulhi_epi16(a, _mm256_set1_epi16(BARRETT_V));
    // (hi + 2^9) >> 10 = round(a V / 2^26), as the portable code computes it.
    let t = _mm256_mulhrs_epi16(t, _mm256_set1_epi16(1 << 5));
    _mm256_sub_epi16(a, _mm256_mullo_epi16(t, _mm256_set1_epi16(Q)))
}

/// Montgomery product by a constant `b`: a * b * 2^-16 mod q, lane-wise identical
/// to `portable::fqmul`; |result| < q when |a b| < 2^15 q.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn fqmul_const(a: __m256i, b: i16) -> __m256i {
    let lo = _mm256_mullo_epi16(a, _mm256_set1_epi16(b.wrapping_mul(QINV)));
    let hi = _mm256_mulhi_epi16(a, _mm256_set1_epi16(b));
    _mm256_sub_epi16(hi, _mm256_mulhi_epi16(lo, _mm256_set1_epi16(Q)))
}

/// Canonical representative in `[0, q)` (as `portable::reduce_canonical`).
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn canonical(a: __m256i) -> __m256i {
    let r = barrett(a);
    _mm256_add_epi16(
        r,
        _mm256_and_si256(_mm256_srai_epi16::<15>(r), _mm256_set1_epi16(Q)),
    )
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn reduce_x(a: &mut Poly) {
    for c in a.as_chunks_mut::<16>().0 {
        store(c, canonical(load(c)));
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn to_mont_x(a: &mut Poly) {
    for c in a.as_chunks_mut::<16>().0 {
        store(c, fqmul_const(load(c), MONT_SQ));
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn add_x(a: &mut Poly, b: &Poly) {
    for (x, y) in a
        .as_chunks_mut::<16>()
        .0
        .iter_mut()
        .zip(b.as_chunks::<16>().0)
    {
        store(x, _mm256_add_epi16(load(x), load(y)));
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn sub_x(a: &mut Poly, b: &Poly) {
    for (x, y) in a
        .as_chunks_mut::<16>()
        .0
        .iter_mut()
        .zip(b.as_chunks::<16>().0)
    {
        store(x, _mm256_sub_epi16(load(x), load(y)));
    }
}

/// ceil(2^40 / 2q): Compress_d(x) = ((2^(d+1) x + q) * M) >> 40 (as the portable
/// `compress`, exact for x < q, d <= 11).
const COMPRESS_M: i32 = (1u64 << 40).div_ceil(2 * 3329) as i32;

/// Compress_d on 8 values in 32-bit lanes, exactly the portable formula, with
/// 32x32 -> 64-bit multiplications (no division).
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn compress8(d: u32, v: __m256i) -> __m256i {
    let n = _mm256_add_epi32(
        _mm256_sll_epi32(v, _mm_cvtsi32_si128(d as i32 + 1)),
        _mm256_set1_epi32(i32::from(Q)),
    );
    let m = _mm256_set1_epi32(COMPRESS_M);
    let even = _mm256_mul_epu32(n, m);
    let odd = _mm256_mul_epu32(_mm256_srli_epi64::<32>(n), m);
    let r = _mm256_blend_epi32::<0xAA>(_mm256_srli_epi64::<40>(even), _mm256_srli_epi64::<8>(odd));
    _mm256_and_si256(r, _mm256_set1_epi32((1 << d) - 1))
}

/// Compress_d on 16 canonical coefficients.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn compress16(d: u32, x: __m256i) -> __m256i {
    let lo = compress8(d, _mm256_cvtepu16_epi32(_mm256_castsi256_si128(x)));
    let hi = compress8(d, _mm256_cvtepu16_epi32(_mm256_extracti128_si256::<1>(x)));
    _mm256_permute4x64_epi64::<0xD8>(_mm256_packus_epi32(lo, hi))
}

/// Decompress_d on 16 values below 2^d: round(q y / 2^d) = vpmulhrsw(y 2^(15-d), q).
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn decompress16(d: u32, y: __m256i) -> __m256i {
    let s = _mm256_sll_epi16(y, _mm_cvtsi32_si128(15 - d as i32));
    _mm256_mulhrs_epi16(s, _mm256_set1_epi16(Q))
}

/// Unpacks 256 values of `D` bits (Algorithm 6 without the reduction).
#[inline(always)]
fn unpack<const D: usize>(bytes: &[u8], v: &mut [u16; 256]) {
    for (g, b) in v.chunks_exact_mut(8).zip(bytes.chunks_exact(D)) {
        let mut le = [0u8; 16];
        le[..D].copy_from_slice(b);
        let acc = u128::from_le_bytes(le);
        for (j, x) in g.iter_mut().enumerate() {
            *x = ((acc >> (D * j)) as u16) & ((1u16 << D) - 1);
        }
    }
}

/// Stores the low `d` bytes of each 128-bit lane of `v` at `buf[off..off + d]` and
/// `buf[off + d..off + 2d]`, with two 16-byte stores: the bytes after the data are
/// garbage, overwritten by the next call (calls go in increasing `off`).
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn store_lanes(buf: &mut [u8], off: usize, d: usize, v: __m256i) {
    let lo = &mut buf[off..off + 16];
    // SAFETY: `lo` is exactly 16 writable bytes (the slice index checks the bound).
    unsafe { _mm_storeu_si128(lo.as_mut_ptr().cast(), _mm256_castsi256_si128(v)) };
    let hi = &mut buf[off + d..off + d + 16];
    // SAFETY: `hi` is exactly 16 writable bytes (the slice index checks the bound).
    unsafe { _mm_storeu_si128(hi.as_mut_ptr().cast(), _mm256_extracti128_si256::<1>(v)) };
}

/// Packs the 8 values of `d` bits (d in {4, 5, 10, 11, 12}) of each 128-bit lane of
/// `v` into the low `d` bytes of the lane, little-endian bit order (Algorithm 5).
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn pack_lanes(d: usize, v: __m256i) -> __m256i {
    // Adjacent pairs into dwords: x0 + x1 2^d (vpmaddwd by (1, 2^d)).
    let pairs = _mm256_madd_epi16(v, _mm256_set1_epi32(1 | (1 << (16 + d))));
    match d {
        4 => {
            // Pairs are bytes already (8 bits); take byte 0 of each dword.
            let t = _mm256_or_si256(v, _mm256_srli_epi32::<12>(v));
            _mm256_shuffle_epi8(
                t,
                _mm256_setr_epi8(
                    0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, //
                    0, 4, 8, 12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                ),
            )
        }
        12 => {
            // 24-bit pairs: 3 bytes of each dword.
            _mm256_shuffle_epi8(
                pairs,
                _mm256_setr_epi8(
                    0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1, //
                    0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1,
                ),
            )
        }
        10 => {
            // Dword pairs into 40-bit qwords: (p0 << 12 | p1 << 32) >> 12.
            let t = _mm256_sllv_epi32(pairs, _mm256_setr_epi32(12, 0, 12, 0, 12, 0, 12, 0));
            let t = _mm256_srli_epi64::<12>(t);
            _mm256_shuffle_epi8(
                t,
                _mm256_setr_epi8(
                    0, 1, 2, 3, 4, 8, 9, 10, 11, 12, -1, -1, -1, -1, -1, -1, //
                    0, 1, 2, 3, 4, 8, 9, 10, 11, 12, -1, -1, -1, -1, -1, -1,
                ),
            )
        }
        _ => {
            // d = 5 or 11: quadruples of 4d bits (20 or 44, ending in a half byte);
            // the second one of each lane is shifted by 4 and ORed in at byte 4d/8.
            let t = if d == 5 {
                let t = _mm256_sllv_epi32(pairs, _mm256_setr_epi32(22, 0, 22, 0, 22, 0, 22, 0));
                _mm256_srli_epi64::<22>(t)
            } else {
                let t = _mm256_sllv_epi32(pairs, _mm256_setr_epi32(10, 0, 10, 0, 10, 0, 10, 0));
                _mm256_srli_epi64::<10>(t)
            };
            let t = _mm256_sllv_epi64(t, _mm256_setr_epi64x(0, 4, 0, 4));
            let (a, b) = if d == 5 {
                (
                    _mm256_setr_epi8(
                        0, 1, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, //
                        0, 1, 2, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                    ),
                    _mm256_setr_epi8(
                        -1, -1, 8, 9, 10, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, //
                        -1, -1, 8, 9, 10, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                    ),
                )
            } else {
                (
                    _mm256_setr_epi8(
                        0, 1, 2, 3, 4, 5, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, //
                        0, 1, 2, 3, 4, 5, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                    ),
                    _mm256_setr_epi8(
                        -1, -1, -1, -1, -1, 8, 9, 10, 11, 12, 13, -1, -1, -1, -1, -1, //
                        -1, -1, -1, -1, -1, 8, 9, 10, 11, 12, 13, -1, -1, -1, -1, -1,
                    ),
                )
            };
            _mm256_or_si256(_mm256_shuffle_epi8(t, a), _mm256_shuffle_epi8(t, b))
        }
    }
}

/// Unpacks the `d`-bit values (d in {4, 5, 10, 12}) of 16 coefficients from
/// `buf[off..off + 2d]` (`buf` readable 16 bytes past `off + d`): each 16-bit lane
/// takes the two bytes holding its value, which a multiplication by a per-lane
/// power of two moves to the top, and a shift back down.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn unpack_lanes(d: usize, buf: &[u8], off: usize) -> __m256i {
    let w = _mm256_set_m128i(load128_at(buf, off + d), load128_at(buf, off));
    let (shuf, mul) = match d {
        4 => (
            _mm256_setr_epi8(
                0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, //
                0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
            ),
            _mm256_setr_epi16(
                1 << 12,
                1 << 8,
                1 << 12,
                1 << 8,
                1 << 12,
                1 << 8,
                1 << 12,
                1 << 8, //
                1 << 12,
                1 << 8,
                1 << 12,
                1 << 8,
                1 << 12,
                1 << 8,
                1 << 12,
                1 << 8,
            ),
        ),
        5 => (
            // Value i at bit 5i: bytes 0,0,1,1,2,3,3,4; shifts 0,5,2,7,4,1,6,3.
            _mm256_setr_epi8(
                0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 3, 4, 3, 4, 4, 5, //
                0, 1, 0, 1, 1, 2, 1, 2, 2, 3, 3, 4, 3, 4, 4, 5,
            ),
            _mm256_setr_epi16(
                1 << 11,
                1 << 6,
                1 << 9,
                1 << 4,
                1 << 7,
                1 << 10,
                1 << 5,
                1 << 8, //
                1 << 11,
                1 << 6,
                1 << 9,
                1 << 4,
                1 << 7,
                1 << 10,
                1 << 5,
                1 << 8,
            ),
        ),
        10 => (
            // Value i at bit 10i: bytes 0,1,2,3,5,6,7,8; shifts 0,2,4,6 (twice).
            _mm256_setr_epi8(
                0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7, 8, 8, 9, //
                0, 1, 1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 7, 8, 8, 9,
            ),
            _mm256_setr_epi16(
                1 << 6,
                1 << 4,
                1 << 2,
                1,
                1 << 6,
                1 << 4,
                1 << 2,
                1, //
                1 << 6,
                1 << 4,
                1 << 2,
                1,
                1 << 6,
                1 << 4,
                1 << 2,
                1,
            ),
        ),
        _ => (
            // d = 12: value i at bit 12i: bytes 0,1,3,4,6,7,9,10; shifts 0,4.
            _mm256_setr_epi8(
                0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11, //
                0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11,
            ),
            _mm256_setr_epi16(
                1 << 4,
                1,
                1 << 4,
                1,
                1 << 4,
                1,
                1 << 4,
                1, //
                1 << 4,
                1,
                1 << 4,
                1,
                1 << 4,
                1,
                1 << 4,
                1,
            ),
        ),
    };
    let t = _mm256_mullo_epi16(_mm256_shuffle_epi8(w, shuf), mul);
    _mm256_srl_epi16(t, _mm_cvtsi32_si128(16 - d as i32))
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn compress_encode_x(d: usize, a: &Poly, out: &mut [u8]) {
    assert_eq!(out.len(), 32 * d);
    let chunks = a.as_chunks::<16>().0;
    if d == 1 {
        for (o, c) in out.chunks_exact_mut(4).zip(chunks.chunks_exact(2)) {
            let b0 = compress16(1, load(&c[0]));
            let b1 = compress16(1, load(&c[1]));
            let bytes = _mm256_permute4x64_epi64::<0xD8>(_mm256_packs_epi16(b0, b1));
            let bits = _mm256_movemask_epi8(_mm256_slli_epi16::<7>(bytes)) as u32;
            o.copy_from_slice(&bits.to_le_bytes());
        }
        return;
    }
    let mut buf = [0u8; 32 * 11 + 16];
    for (i, c) in chunks.iter().enumerate() {
        let v = compress16(d as u32, load(c));
        store_lanes(&mut buf, 2 * d * i, d, pack_lanes(d, v));
    }
    out.copy_from_slice(&buf[..32 * d]);
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn decode_decompress_x(d: usize, bytes: &[u8], a: &mut Poly) {
    assert_eq!(bytes.len(), 32 * d);
    let chunks = a.as_chunks_mut::<16>().0;
    if d == 1 {
        let bit = _mm256_setr_epi16(
            1,
            2,
            4,
            8,
            16,
            32,
            64,
            128,
            256,
            512,
            1024,
            2048,
            4096,
            8192,
            16384,
            i16::MIN,
        );
        let half = _mm256_set1_epi16((Q + 1) / 2);
        for (c, b) in chunks.iter_mut().zip(bytes.chunks_exact(2)) {
            let w = _mm256_set1_epi16(i16::from_le_bytes([b[0], b[1]]));
            let set = _mm256_cmpeq_epi16(_mm256_and_si256(w, bit), bit);
            store(c, _mm256_and_si256(set, half));
        }
        return;
    }
    if d == 11 {
        let mut v = [0u16; 256];
        unpack::<11>(bytes, &mut v);
        for (c, y) in chunks.iter_mut().zip(v.as_chunks::<16>().0) {
            // SAFETY: `y` is 32 readable bytes.
            let y = unsafe { _mm256_loadu_si256(y.as_ptr().cast()) };
            store(c, decompress16(11, y));
        }
        return;
    }
    let mut buf = [0u8; 32 * 10 + 16];
    buf[..32 * d].copy_from_slice(bytes);
    for (i, c) in chunks.iter_mut().enumerate() {
        store(c, decompress16(d as u32, unpack_lanes(d, &buf, 2 * d * i)));
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn encode12_x(a: &Poly, out: &mut [u8]) {
    assert_eq!(out.len(), 384);
    let mut buf = [0u8; 384 + 16];
    for (i, c) in a.as_chunks::<16>().0.iter().enumerate() {
        store_lanes(&mut buf, 24 * i, 12, pack_lanes(12, load(c)));
    }
    out.copy_from_slice(&buf[..384]);
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn decode12_x(bytes: &[u8], a: &mut Poly) -> bool {
    assert_eq!(bytes.len(), 384);
    let q = _mm256_set1_epi16(Q);
    let qm1 = _mm256_set1_epi16(Q - 1);
    let mut bad = _mm256_setzero_si256();
    let chunks = a.as_chunks_mut::<16>().0;
    for (i, c) in chunks.iter_mut().enumerate() {
        // The last group's upper lane would read past the input: copy it.
        let y = if i < 15 {
            unpack_lanes(12, bytes, 24 * i)
        } else {
            let mut tail = [0u8; 40];
            tail[..24].copy_from_slice(&bytes[360..]);
            unpack_lanes(12, &tail, 0)
        };
        // q - 1 - v < 0 exactly when v >= q (v < 4096).
        bad = _mm256_or_si256(bad, _mm256_sub_epi16(qm1, y));
        let r = _mm256_sub_epi16(y, q);
        store(
            c,
            _mm256_add_epi16(r, _mm256_and_si256(_mm256_srai_epi16::<15>(r), q)),
        );
    }
    // Sign bits of the accumulated lanes; no branch on the data.
    _mm256_movemask_epi8(bad) & 0xAAAA_AAAAu32 as i32 == 0
}

/// SamplePolyCBD_2: 16 input bytes give 32 coefficients.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn cbd2_x(bytes: &[u8], a: &mut Poly) {
    let m55 = _mm_set1_epi8(0x55);
    let m33 = _mm_set1_epi8(0x33);
    let m0f = _mm_set1_epi8(0x0F);
    for (i, out) in a.as_chunks_mut::<32>().0.iter_mut().enumerate() {
        let w = load128_at(bytes, 16 * i);
        // 2-bit sums of bit pairs: nibble j of t is (x_j, y_j), x_j in bits 0-1.
        let t = _mm_add_epi8(
            _mm_and_si128(w, m55),
            _mm_and_si128(_mm_srli_epi16::<1>(w), m55),
        );
        let x = _mm_and_si128(t, m33);
        let y = _mm_and_si128(_mm_srli_epi16::<2>(t), m33);
        // x - y + 2 in [0, 4] per nibble (no borrow between nibbles).
        let s = _mm_sub_epi8(_mm_add_epi8(x, _mm_set1_epi8(0x22)), y);
        let lo = _mm_and_si128(s, m0f);
        let hi = _mm_and_si128(_mm_srli_epi16::<4>(s), m0f);
        let two = _mm_set1_epi8(2);
        let c0 = _mm_sub_epi8(_mm_unpacklo_epi8(lo, hi), two);
        let c1 = _mm_sub_epi8(_mm_unpackhi_epi8(lo, hi), two);
        // The two 16-coefficient halves of the 32-coefficient chunk.
        let halves = [_mm256_cvtepi8_epi16(c0), _mm256_cvtepi8_epi16(c1)];
        for (o, v) in out.as_chunks_mut::<16>().0.iter_mut().zip(halves) {
            store(o, v);
        }
    }
}

/// SamplePolyCBD_3: 24 input bytes give 32 coefficients.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn cbd3_x(bytes: &[u8], a: &mut Poly) {
    // Per 128-bit lane, four 3-byte groups into four dwords; the upper lane is
    // loaded from offset 8, so its groups start at byte 4.
    let shuf = _mm256_setr_epi8(
        0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1, //
        4, 5, 6, -1, 7, 8, 9, -1, 10, 11, 12, -1, 13, 14, 15, -1,
    );
    let m249 = _mm256_set1_epi32(0x0024_9249);
    let m1c7 = _mm256_set1_epi32(0x001C_71C7);
    let m3f = _mm256_set1_epi32(0x3F);
    let m3f16 = _mm256_set1_epi32(0x003F_0000);
    for (i, out) in a.as_chunks_mut::<32>().0.iter_mut().enumerate() {
        let off = 24 * i;
        let w = _mm256_set_m128i(load128_at(bytes, off + 8), load128_at(bytes, off));
        let w = _mm256_shuffle_epi8(w, shuf);
        // 3-bit sums: x_j at bits 6j..6j+2, y_j at 6j+3..6j+5.
        let t = _mm256_add_epi32(
            _mm256_add_epi32(
                _mm256_and_si256(w, m249),
                _mm256_and_si256(_mm256_srli_epi32::<1>(w), m249),
            ),
            _mm256_and_si256(_mm256_srli_epi32::<2>(w), m249),
        );
        let x = _mm256_and_si256(t, m1c7);
        let y = _mm256_and_si256(_mm256_srli_epi32::<3>(t), m1c7);
        // x_j - y_j + 3 in [0, 6] per 6-bit field.
        let s = _mm256_sub_epi32(_mm256_add_epi32(x, _mm256_set1_epi32(0x000C_30C3)), y);
        // Fields 0, 1 into the 16-bit halves of one dword, fields 2, 3 of another.
        let lo = _mm256_or_si256(
            _mm256_and_si256(s, m3f),
            _mm256_and_si256(_mm256_slli_epi32::<10>(s), m3f16),
        );
        let hi = _mm256_or_si256(
            _mm256_and_si256(_mm256_srli_epi32::<12>(s), m3f),
            _mm256_and_si256(_mm256_srli_epi32::<2>(s), m3f16),
        );
        let u0 = _mm256_unpacklo_epi32(lo, hi);
        let u1 = _mm256_unpackhi_epi32(lo, hi);
        let three = _mm256_set1_epi16(3);
        let c0 = _mm256_sub_epi16(_mm256_permute2x128_si256::<0x20>(u0, u1), three);
        let c1 = _mm256_sub_epi16(_mm256_permute2x128_si256::<0x31>(u0, u1), three);
        // The two 16-coefficient halves of the 32-coefficient chunk.
        for (o, v) in out.as_chunks_mut::<16>().0.iter_mut().zip([c0, c1]) {
            store(o, v);
        }
    }
}

/// For each 8-bit mask m: the `pshufb` pattern moving the 16-bit lanes selected by
/// m to the front (unused bytes 0x80, giving zero).
static COMPACT: [[u8; 16]; 256] = {
    let mut t = [[0x80u8; 16]; 256];
    let mut m = 0;
    while m < 256 {
        let mut k = 0;
        let mut j = 0;
        while j < 8 {
            if (m >> j) & 1 == 1 {
                t[m][2 * k] = 2 * j as u8;
                t[m][2 * k + 1] = 2 * j as u8 + 1;
                k += 1;
            }
            j += 1;
        }
        m += 1;
    }
    t
};

/// The rejection step of SampleNTT, 16 candidates (24 bytes) per iteration while
/// `out` has room for 16 more; the tail is the portable code. Variable time: the
/// input is public (derived from rho).
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn rej_uniform_x(out: &mut [i16], buf: &[u8]) -> usize {
    // Per 128-bit lane, 8 candidates from 12 bytes: lane 2i <- bytes (3i, 3i+1),
    // lane 2i+1 <- (3i+1, 3i+2); the upper lane is loaded from offset 8 (start 4).
    let shuf = _mm256_setr_epi8(
        0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 7, 8, 9, 10, 10, 11, //
        4, 5, 5, 6, 7, 8, 8, 9, 10, 11, 11, 12, 13, 14, 14, 15,
    );
    let mask12 = _mm256_set1_epi16(0x0FFF);
    let q = _mm256_set1_epi16(Q);
    let mut n = 0;
    let mut pos = 0;
    while n + 16 <= out.len() && pos + 24 <= buf.len() {
        let w = _mm256_set_m128i(load128_at(buf, pos + 8), load128_at(buf, pos));
        let w = _mm256_shuffle_epi8(w, shuf);
        let v = _mm256_blend_epi16::<0xAA>(_mm256_and_si256(w, mask12), _mm256_srli_epi16::<4>(w));
        let good = _mm256_cmpgt_epi16(q, v);
        let m = _mm256_movemask_epi8(_mm256_packs_epi16(good, good)) as u32;
        let (m0, m1) = ((m & 0xFF) as usize, ((m >> 16) & 0xFF) as usize);
        let lo = _mm_shuffle_epi8(_mm256_castsi256_si128(v), load128(&COMPACT[m0]));
        let hi = _mm_shuffle_epi8(_mm256_extracti128_si256::<1>(v), load128(&COMPACT[m1]));
        let dst = &mut out[n..n + 8];
        // SAFETY: `dst` is exactly 8 i16, 16 writable bytes (the slice index checks
        // the bound).
        unsafe { _mm_storeu_si128(dst.as_mut_ptr().cast(), lo) };
        n += m0.count_ones() as usize;
        let dst = &mut out[n..n + 8];
        // SAFETY: `dst` is exactly 8 i16, 16 writable bytes (the slice index checks
        // the bound).
        unsafe { _mm_storeu_si128(dst.as_mut_ptr().cast(), hi) };
        n += m1.count_ones() as usize;
        pos += 24;
    }
    n + <Portable as KemKernels>::rej_uniform(cpu::Portable::new(), &mut out[n..], &buf[pos..])
}

/// Zeroes `a` with 32-byte stores, then passes its address to an (empty) `asm!`
/// that may read memory, so the stores cannot be removed as dead: the guarantee of
/// `zeroize`'s volatile writes, without one store per element.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn wipe_x(a: &mut [u8]) {
    let (chunks, rest) = a.as_chunks_mut::<32>();
    for c in chunks {
        // SAFETY: `c` is 32 writable bytes; storeu has no alignment requirement.
        unsafe { _mm256_storeu_si256(c.as_mut_ptr().cast(), _mm256_setzero_si256()) }
    }
    rest.fill(0);
    // SAFETY: an empty template; it only receives the pointer (the compiler must
    // assume it reads the memory behind it).
    unsafe {
        core::arch::asm!("/* {0} */", in(reg) a.as_ptr(), options(nostack, preserves_flags, readonly))
    }
}

/// The AVX2 backend over the multi-way Keccak `K`: `Avx2<Avx2x4>` is the `avx2`
/// backend; `Avx2<Avx512x8>` is the fallback of the `avx512` one
/// ([`super::Avx512`]), which replaces the NTTs and the base multiplication.
pub(crate) struct Avx2<K>(PhantomData<K>);

crate::backend::kernels! {
    impl[K: MultiKeccak] KemKernels for Avx2<K> {
        type Token = cpu::Avx2;
        type Fallback = Portable;
        type Keccak = K;
        // Measured (ML-KEM-768, Zen 3): 2 beats 4 by ~12% on encapsulation; 1 is no
        // better. Not measured on AVX-512 hardware: the same value there.
        const KECCAK_X4_MIN_LANES: usize = 2;

        fn ntt(_t: cpu::Avx2, a: &mut Poly) {
            // SAFETY: `_t` proves AVX2; `a` is 256 writable i16; TABLE is the
            // kernel's table.
            unsafe { ntt_kernel(a.as_mut_ptr(), &TABLE) }
        }

        fn inv_ntt(_t: cpu::Avx2, a: &mut Poly) {
            // SAFETY: as for `ntt`.
            unsafe { invntt_kernel(a.as_mut_ptr(), &TABLE) }
        }

        fn basemul_acc(_t: cpu::Avx2, out: &mut Poly, a: &[Poly], b: &[Poly]) {
            // The kernel reads `k` polynomials from each side: its memory safety
            // depends on the lengths, so they are checked here, not only in debug.
            assert!(!a.is_empty() && a.len() == b.len() && a.len() <= 4);
            // SAFETY: `_t` proves AVX2; `a`, `b` are `k >= 1` contiguous [i16; 256]
            // each, `out` is 256 writable i16 (distinct from the inputs: `&mut`).
            unsafe {
                basemul_acc_kernel(
                    out.as_mut_ptr(),
                    a.as_ptr().cast(),
                    b.as_ptr().cast(),
                    a.len(),
                    &TABLE,
                )
            }
        }

        fn to_mont(_t: cpu::Avx2, a: &mut Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT (the helpers' target features).
            unsafe { to_mont_x(a) }
        }

        fn reduce(_t: cpu::Avx2, a: &mut Poly) {
            // SAFETY: as for `to_mont`.
            unsafe { reduce_x(a) }
        }

        fn add(_t: cpu::Avx2, a: &mut Poly, b: &Poly) {
            // SAFETY: as for `to_mont`.
            unsafe { add_x(a, b) }
        }

        fn sub(_t: cpu::Avx2, a: &mut Poly, b: &Poly) {
            // SAFETY: as for `to_mont`.
            unsafe { sub_x(a, b) }
        }

        fn compress_encode(_t: cpu::Avx2, d: usize, a: &Poly, out: &mut [u8]) {
            // SAFETY: as for `to_mont`.
            unsafe { compress_encode_x(d, a, out) }
        }

        fn decode_decompress(_t: cpu::Avx2, d: usize, bytes: &[u8], a: &mut Poly) {
            // SAFETY: as for `to_mont`.
            unsafe { decode_decompress_x(d, bytes, a) }
        }

        fn encode12(_t: cpu::Avx2, a: &Poly, out: &mut [u8]) {
            // SAFETY: as for `to_mont`.
            unsafe { encode12_x(a, out) }
        }

        fn decode12(_t: cpu::Avx2, bytes: &[u8], a: &mut Poly) -> bool {
            // SAFETY: as for `to_mont`.
            unsafe { decode12_x(bytes, a) }
        }

        fn cbd(_t: cpu::Avx2, eta: usize, bytes: &[u8], a: &mut Poly) {
            if eta == 2 {
                // SAFETY: as for `to_mont`.
                unsafe { cbd2_x(bytes, a) }
            } else {
                // SAFETY: as for `to_mont`.
                unsafe { cbd3_x(bytes, a) }
            }
        }

        fn rej_uniform(_t: cpu::Avx2, out: &mut [i16], buf: &[u8]) -> usize {
            // SAFETY: as for `to_mont`.
            unsafe { rej_uniform_x(out, buf) }
        }

        fn wipe_polys(_t: cpu::Avx2, a: &mut [Poly]) {
            let flat = a.as_flattened_mut();
            let len = 2 * flat.len();
            // SAFETY: i16 has no invalid bit patterns and u8 no alignment requirement:
            // viewing the same `len` bytes as `[u8]` is sound (the borrow covers them).
            let bytes =
                unsafe { core::slice::from_raw_parts_mut(flat.as_mut_ptr().cast::<u8>(), len) };
            // SAFETY: as for `to_mont`.
            unsafe { wipe_x(bytes) }
        }

        fn wipe_bytes(_t: cpu::Avx2, a: &mut [u8]) {
            // SAFETY: as for `to_mont`.
            unsafe { wipe_x(a) }
        }
    }
}
