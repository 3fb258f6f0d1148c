//! The x86_64 AVX2 backend: hand-written assembly for the NTT, the inverse NTT and
//! the pointwise Montgomery products (`asm/x86_64/mldsa_*.S`, included as naked
//! functions), and `core::arch::x86_64` intrinsics for the rest of [`DsaKernels`].
//!
//! Every function gives the same output as the portable backend, bit for bit (the
//! NTTs run the same butterflies with the same signed Montgomery reduction; the
//! coefficient-wise functions compute the same formulas), so keys, signatures and the
//! NTT-domain values cached in expanded keys are interchangeable between backends.
//!
//! Safety: every kernel takes a [`cpu::Avx2`] token (and [`Ball`] holds one), which
//! only detection of AVX2, BMI2 and POPCNT (with the OS saving the YMM state)
//! creates: the assembly kernels and the `#[target_feature]` functions below rely
//! on it.
//!
//! Constant time: the kernels and intrinsics have no data-dependent branch, memory
//! index or division; loops run on fixed trip counts (or the public vector length).
#![allow(unsafe_code)]

use core::arch::x86_64::*;

use core::marker::PhantomData;

use super::DsaKernels;
use super::ball::{BallState, BallStream, sample_in_ball_with};
use super::portable::{INV_NTT_F, Portable, QINV, ZETAS_MONT};
use super::{D, Poly, Q};
use crate::backend::cpu;
use crate::hash::MultiKeccak;

/// The AVX2 backend over the 4-way Keccak `K`: `Avx2<Avx2x4>` is the `avx2`
/// backend; `Avx2<Avx512x8>` is what the `avx512` one falls back to.
pub(crate) struct Avx2<K>(PhantomData<K>);

// ---------------------------------------------------------------------------------
// Twiddle tables for the assembly NTTs (layouts documented in the .S files).
// ---------------------------------------------------------------------------------

/// Number of i32 in the NTT tables: 32 (zeta, zeta q^-1) pairs, then for 16 blocks
/// three layers of two 8-lane vectors, then (inverse only) the final factor and
/// padding (the kernels read the last vector 4 bytes further on, see the .S files).
const TABLE_LEN: usize = 64 + 16 * 48 + 8;

/// Offset of the final factor f in the inverse table (`mldsa_invntt.S` reads it at
/// byte offset 3328).
const INV_F_AT: usize = 64 + 16 * 48;
const _: () = assert!(INV_F_AT * 4 == 3328 && INV_F_AT + 2 <= TABLE_LEN);

/// A 32-byte aligned table of i32.
#[repr(C, align(32))]
struct Table([i32; TABLE_LEN]);

/// z * q^-1 mod 2^32, as a signed word (the `zq` operand of the Montgomery product).
const fn zq(z: i32) -> i32 {
    z.wrapping_mul(QINV)
}

/// Writes the two 8-lane vectors of one layer at `off`: z per lane and z q^-1. The
/// kernels read the twiddles of the odd lanes 4 bytes further on (vpmuldq uses the
/// even lanes of its operands).
const fn put_lanes(t: &mut [i32; TABLE_LEN], off: usize, z: &[i32; 8]) {
    let mut lane = 0;
    while lane < 8 {
        t[off + lane] = z[lane];
        t[off + 8 + lane] = zq(z[lane]);
        lane += 1;
    }
}

/// The forward table: zeta_k for k < 32 as scalars; per 16-coefficient block `b`, the
/// lane twiddles of the layers len 4 (k = 32 + 2b + lane/4), len 2 (k = 64 + 4b +
/// lane/2) and len 1 (k = 128 + 8b + lane), in the register arrangements of
/// `mldsa_ntt.S`.
const fn ntt_table() -> Table {
    let mut t = [0i32; TABLE_LEN];
    let mut k = 0;
    while k < 32 {
        t[2 * k] = ZETAS_MONT[k];
        t[2 * k + 1] = zq(ZETAS_MONT[k]);
        k += 1;
    }
    let mut b = 0;
    while b < 16 {
        let base = 64 + 48 * b;
        let mut z6 = [0i32; 8];
        let mut z7 = [0i32; 8];
        let mut z8 = [0i32; 8];
        let mut lane = 0;
        while lane < 8 {
            z6[lane] = ZETAS_MONT[32 + 2 * b + lane / 4];
            z7[lane] = ZETAS_MONT[64 + 4 * b + lane / 2];
            z8[lane] = ZETAS_MONT[128 + 8 * b + lane];
            lane += 1;
        }
        put_lanes(&mut t, base, &z6);
        put_lanes(&mut t, base + 16, &z7);
        put_lanes(&mut t, base + 32, &z8);
        b += 1;
    }
    Table(t)
}

/// The inverse table: -zeta_k for k < 32 as scalars; per block `b`, the lane
/// twiddles -zeta_k of the layers len 1 (k = 255 - 8b - lane), len 2 (k = 127 - 4b -
/// lane/2) and len 4 (k = 63 - 2b - lane/4), in the register arrangements of
/// `mldsa_invntt.S`; then f = 2^64 / 256 mod q and f q^-1 at [`INV_F_AT`].
const fn invntt_table() -> Table {
    let mut t = [0i32; TABLE_LEN];
    let mut k = 0;
    while k < 32 {
        t[2 * k] = -ZETAS_MONT[k];
        t[2 * k + 1] = zq(-ZETAS_MONT[k]);
        k += 1;
    }
    let mut b = 0;
    while b < 16 {
        let base = 64 + 48 * b;
        let mut z1 = [0i32; 8];
        let mut z2 = [0i32; 8];
        let mut z4 = [0i32; 8];
        let mut lane = 0;
        while lane < 8 {
            z1[lane] = -ZETAS_MONT[255 - 8 * b - lane];
            z2[lane] = -ZETAS_MONT[127 - 4 * b - lane / 2];
            z4[lane] = -ZETAS_MONT[63 - 2 * b - lane / 4];
            lane += 1;
        }
        put_lanes(&mut t, base, &z1);
        put_lanes(&mut t, base + 16, &z2);
        put_lanes(&mut t, base + 32, &z4);
        b += 1;
    }
    t[INV_F_AT] = INV_NTT_F;
    t[INV_F_AT + 1] = zq(INV_NTT_F);
    Table(t)
}

static NTT_TABLE: Table = ntt_table();
static INVNTT_TABLE: Table = invntt_table();

// ---------------------------------------------------------------------------------
// Assembly kernels (naked functions; contracts at the top of each .S file).
// ---------------------------------------------------------------------------------

/// Forward NTT in place. Requires AVX2; `a` points to 256 writable i32, `table` to
/// [`NTT_TABLE`]. Input `|a_i| < q`, output `|a_i| < 9q`, bit-identical to portable.
///
/// # Safety
/// The CPU supports AVX2 (callers hold a `cpu::Avx2` token) and the pointer
/// requirements above hold.
#[unsafe(naked)]
unsafe extern "sysv64" fn mldsa_ntt_avx2(a: *mut i32, table: *const i32) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/mldsa_ntt.S"))
}

/// Inverse NTT times 2^32 in place. Requires AVX2; `a` points to 256 writable i32,
/// `table` to [`INVNTT_TABLE`]. Input `|a_i| < q`, output `|a_i| < q`,
/// bit-identical to portable.
///
/// # Safety
/// The CPU supports AVX2 (callers hold a `cpu::Avx2` token) and the pointer
/// requirements above hold.
#[unsafe(naked)]
unsafe extern "sysv64" fn mldsa_invntt_avx2(a: *mut i32, table: *const i32) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/mldsa_invntt.S"))
}

/// `out_i = a_i b_i 2^-32 mod q`. Requires AVX2; each pointer covers 256 i32 (`out`
/// writable). `|a_i b_i| < 2^31 q`, output `|out_i| < q`.
///
/// # Safety
/// The CPU supports AVX2 (callers hold a `cpu::Avx2` token) and the pointer
/// requirements above hold.
#[unsafe(naked)]
unsafe extern "sysv64" fn mldsa_pointwise_avx2(out: *mut i32, a: *const i32, b: *const i32) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/mldsa_pointwise.S"))
}

/// `out_i = sum_{j < n} a[j]_i b[j]_i 2^-32 mod q`. Requires AVX2; `a` and `b` point
/// to `n` consecutive polynomials, `1 <= n <= 8`, `out` to 256 writable i32.
/// `|a[j]_i| < q`, `|b[j]_i| < 9q`, output `|out_i| < q`.
///
/// # Safety
/// The CPU supports AVX2 (callers hold a `cpu::Avx2` token) and the pointer
/// requirements above hold.
#[unsafe(naked)]
unsafe extern "sysv64" fn mldsa_pointwise_acc_avx2(
    out: *mut i32,
    a: *const i32,
    b: *const i32,
    n: usize,
) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/mldsa_pointwise_acc.S"))
}

// ---------------------------------------------------------------------------------
// Intrinsic helpers. All `#[target_feature(enable = "avx2,bmi2,popcnt")]` and
// `#[inline]`, so that they inline into each other and into the per-polynomial
// functions below (which the trait methods call once per polynomial).
// ---------------------------------------------------------------------------------

/// Loads the 8 coefficients `8 (i mod 32) .. 8 (i mod 32) + 8`.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn ld(a: &Poly, i: usize) -> __m256i {
    // SAFETY: 8 (i mod 32) + 8 <= 256, so the 32 bytes read lie inside `a`;
    // `loadu` has no alignment requirement.
    unsafe { _mm256_loadu_si256(a.as_ptr().add(8 * (i % 32)).cast()) }
}

/// Stores 8 coefficients at `8 (i mod 32)`.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn st(a: &mut Poly, i: usize, v: __m256i) {
    // SAFETY: 8 (i mod 32) + 8 <= 256, so the 32 bytes written lie inside `a`,
    // which is borrowed mutably; `storeu` has no alignment requirement.
    unsafe { _mm256_storeu_si256(a.as_mut_ptr().add(8 * (i % 32)).cast(), v) }
}

/// `a mod q` in [-6283008, 6283008] for `a <= 2^31 - 2^22 - 1` (portable `reduce`).
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn reduce_v(a: __m256i) -> __m256i {
    let t = _mm256_srai_epi32::<23>(_mm256_add_epi32(a, _mm256_set1_epi32(1 << 22)));
    _mm256_sub_epi32(a, _mm256_mullo_epi32(t, _mm256_set1_epi32(Q)))
}

/// Adds q to the negative lanes.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn mod_q_v(a: __m256i) -> __m256i {
    let m = _mm256_srai_epi32::<31>(a);
    _mm256_add_epi32(a, _mm256_and_si256(m, _mm256_set1_epi32(Q)))
}

/// Decompose (Algorithm 36) of 8 coefficients in [0, q): `(r1, r0)`, the same formula
/// as portable `decompose`: `r1 = ((r + GAMMA2 - 1) M) >> 48` with
/// `M = ceil(2^48 / (2 GAMMA2))` (64-bit products of the even and odd lanes), then the
/// wrap-around case `r1 = (q-1)/(2 GAMMA2)` mapped to `(0, r0 - 1)`.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn decompose_v<const GAMMA2: i32>(r: __m256i) -> (__m256i, __m256i) {
    let alpha = 2 * GAMMA2;
    let m = (1u64 << 48).div_ceil(alpha as u64) as i32; // < 2^31 for both GAMMA2
    let top = (Q - 1) / alpha;
    let x = _mm256_add_epi32(r, _mm256_set1_epi32(GAMMA2 - 1));
    let mv = _mm256_set1_epi32(m);
    // Even lanes: the product's bits 48.. in the low dword.
    let even = _mm256_srli_epi64::<48>(_mm256_mul_epu32(x, mv));
    // Odd lanes: bits 48.. of the product land in the high dword after >> 16 (the
    // product is below 2^56); the low dword is discarded by the blend.
    let odd = _mm256_srli_epi64::<16>(_mm256_mul_epu32(_mm256_srli_epi64::<32>(x), mv));
    let r1 = _mm256_blend_epi32::<0xAA>(even, odd);
    let r0 = _mm256_sub_epi32(r, _mm256_mullo_epi32(r1, _mm256_set1_epi32(alpha)));
    let wrap = _mm256_cmpeq_epi32(r1, _mm256_set1_epi32(top));
    (_mm256_andnot_si256(wrap, r1), _mm256_add_epi32(r0, wrap))
}

/// UseHint (Algorithm 40) of 8 coefficients, the portable formula.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn use_hint_v<const GAMMA2: i32>(r: __m256i, h: __m256i) -> __m256i {
    let m = _mm256_set1_epi32((Q - 1) / (2 * GAMMA2));
    let (r1, r0) = decompose_v::<GAMMA2>(r);
    // step = +1 where r0 > 0, else -1; applied where h = 1.
    let positive = _mm256_cmpgt_epi32(r0, _mm256_setzero_si256());
    let step = _mm256_sub_epi32(
        _mm256_and_si256(positive, _mm256_set1_epi32(2)),
        _mm256_set1_epi32(1),
    );
    let neg_h = _mm256_sub_epi32(_mm256_setzero_si256(), h);
    let mut v = _mm256_add_epi32(r1, _mm256_and_si256(step, neg_h));
    // -1 -> m - 1, m -> 0.
    v = _mm256_add_epi32(v, _mm256_and_si256(m, _mm256_srai_epi32::<31>(v)));
    let ge_m = _mm256_srai_epi32::<31>(_mm256_sub_epi32(v, m)); // all-ones iff v < m
    _mm256_sub_epi32(v, _mm256_andnot_si256(ge_m, m))
}

// Per-polynomial bodies (target-feature functions; the trait calls them).

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn reduce_p(a: &mut Poly) {
    for i in 0..32 {
        st(a, i, reduce_v(ld(a, i)));
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn mod_q_p(a: &mut Poly) {
    for i in 0..32 {
        st(a, i, mod_q_v(ld(a, i)));
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn add_p(a: &mut Poly, b: &Poly) {
    for i in 0..32 {
        st(a, i, _mm256_add_epi32(ld(a, i), ld(b, i)));
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn sub_p(a: &mut Poly, b: &Poly) {
    for i in 0..32 {
        st(a, i, _mm256_sub_epi32(ld(a, i), ld(b, i)));
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn shift_left_d_p(a: &mut Poly) {
    for i in 0..32 {
        st(a, i, _mm256_slli_epi32::<{ D as i32 }>(ld(a, i)));
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn power2round_p(a1: &mut Poly, a0: &mut Poly, a: &Poly) {
    for i in 0..32 {
        let x = ld(a, i);
        let hi = _mm256_srai_epi32::<{ D as i32 }>(_mm256_add_epi32(
            x,
            _mm256_set1_epi32((1 << (D - 1)) - 1),
        ));
        st(a1, i, hi);
        st(
            a0,
            i,
            _mm256_sub_epi32(x, _mm256_slli_epi32::<{ D as i32 }>(hi)),
        );
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn decompose_p<const GAMMA2: i32>(a1: &mut Poly, a0: &mut Poly, a: &Poly) {
    for i in 0..32 {
        let (hi, lo) = decompose_v::<GAMMA2>(ld(a, i));
        st(a1, i, hi);
        st(a0, i, lo);
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn highbits_p<const GAMMA2: i32>(a: &mut Poly) {
    for i in 0..32 {
        st(a, i, decompose_v::<GAMMA2>(ld(a, i)).0);
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn lowbits_p<const GAMMA2: i32>(a0: &mut Poly, a: &Poly) {
    for i in 0..32 {
        st(a0, i, decompose_v::<GAMMA2>(ld(a, i)).1);
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn make_hint_p<const GAMMA2: i32>(h: &mut Poly, r: &Poly, r_plus_z: &Poly) -> u32 {
    let one = _mm256_set1_epi32(1);
    let mut equal = 0u32;
    for i in 0..32 {
        let x = decompose_v::<GAMMA2>(ld(r, i)).0;
        let y = decompose_v::<GAMMA2>(ld(r_plus_z, i)).0;
        let eq = _mm256_cmpeq_epi32(x, y);
        st(h, i, _mm256_andnot_si256(eq, one));
        // popcnt of the 8-bit lane mask: constant time.
        equal += (_mm256_movemask_ps(_mm256_castsi256_ps(eq)) as u32).count_ones();
    }
    256 - equal
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn use_hint_p<const GAMMA2: i32>(a: &mut Poly, h: &Poly) {
    for i in 0..32 {
        st(a, i, use_hint_v::<GAMMA2>(ld(a, i), ld(h, i)));
    }
}

#[target_feature(enable = "avx2,bmi2,popcnt")]
fn norm_exceeds_p(a: &Poly, bound: i32) -> u32 {
    // The largest |a_i| (vpmaxsd; a plain max keeps valgrind's instrumentation of the
    // unrolled loop small), then one comparison.
    let mut acc = _mm256_setzero_si256();
    for i in 0..32 {
        acc = _mm256_max_epi32(acc, _mm256_abs_epi32(ld(a, i)));
    }
    let over = _mm256_cmpgt_epi32(acc, _mm256_set1_epi32(bound - 1));
    let m = _mm256_movemask_epi8(over);
    // All-ones iff m != 0, without a branch.
    ((m | m.wrapping_neg()) >> 31) as u32
}

/// Size of the zero-padded copy in [`unpack_gamma1_p`]: the largest input (32 * 20
/// bytes) plus room for the last 16-byte load.
const UNPACK_BUF: usize = 32 * 20 + 16;

/// 16 bytes of `buf` at `min(off, UNPACK_BUF - 16)`.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn ld16(buf: &[u8; UNPACK_BUF], off: usize) -> __m128i {
    let off = off.min(UNPACK_BUF - 16);
    // SAFETY: off + 16 <= UNPACK_BUF, so the 16 bytes read lie inside `buf`; `loadu`
    // has no alignment requirement.
    unsafe { _mm_loadu_si128(buf.as_ptr().add(off).cast()) }
}

/// BitUnpack with `b = GAMMA1` of `BITS`-bit fields (18 or 20): per 128-bit lane,
/// four coefficients from `BITS / 2` bytes, gathered by `vpshufb` into dwords and
/// aligned by a per-lane shift.
#[target_feature(enable = "avx2,bmi2,popcnt")]
fn unpack_gamma1_p<const GAMMA1: i32, const BITS: usize>(w: &mut Poly, bytes: &[u8]) {
    debug_assert!(BITS == 18 || BITS == 20);
    debug_assert_eq!(bytes.len(), 32 * BITS);
    let mut buf = [0u8; UNPACK_BUF];
    let n = bytes.len().min(32 * BITS).min(32 * 20);
    buf[..n].copy_from_slice(&bytes[..n]);
    let half = BITS / 2;
    // Coefficient j of a lane starts at bit BITS j: the byte holding it, then the
    // shift within that byte.
    let (shuf, shifts) = if BITS == 18 {
        (
            _mm256_setr_epi8(
                0, 1, 2, -1, 2, 3, 4, -1, 4, 5, 6, -1, 6, 7, 8, -1, //
                0, 1, 2, -1, 2, 3, 4, -1, 4, 5, 6, -1, 6, 7, 8, -1,
            ),
            _mm256_setr_epi32(0, 2, 4, 6, 0, 2, 4, 6),
        )
    } else {
        (
            _mm256_setr_epi8(
                0, 1, 2, -1, 2, 3, 4, -1, 5, 6, 7, -1, 7, 8, 9, -1, //
                0, 1, 2, -1, 2, 3, 4, -1, 5, 6, 7, -1, 7, 8, 9, -1,
            ),
            _mm256_setr_epi32(0, 4, 0, 4, 0, 4, 0, 4),
        )
    };
    let mask = _mm256_set1_epi32((1 << BITS) - 1);
    let g = _mm256_set1_epi32(GAMMA1);
    for i in 0..32 {
        let off = i * BITS;
        let v = _mm256_set_m128i(ld16(&buf, off + half), ld16(&buf, off));
        let x = _mm256_and_si256(
            _mm256_srlv_epi32(_mm256_shuffle_epi8(v, shuf), shifts),
            mask,
        );
        st(w, i, _mm256_sub_epi32(g, x));
    }
    zeroize::Zeroize::zeroize(&mut buf);
}

/// The constants of the packers for fields of `m` bits held one per dword: per
/// 128-bit lane, dword k (k = 0..4) goes to bit `m k` of the lane's packed string.
/// `shifts` moves it to its bit within its first byte (`m k mod 8`); `shuf[k % 2]`
/// then moves its bytes to their places (`-1`, zero, elsewhere), the even and the odd
/// dwords in separate tables because neighbours share a byte (ORed). Lane 1 places
/// its string at byte `lane1_at` of its lane (0, or after lane 0's string when both
/// fit in 16 bytes). Checked here, at compile time: every field fits in its dword
/// after the shift, and no byte is claimed twice in one table.
struct PackTables {
    shuf: [[i8; 32]; 2],
    shifts: [i32; 8],
}

const fn pack_tables(m: usize, lane1_at: usize) -> PackTables {
    assert!(m >= 2 && m.is_multiple_of(2) && lane1_at + m / 2 <= 16);
    let mut shuf = [[-1i8; 32]; 2];
    let mut shifts = [0i32; 8];
    let mut lane = 0;
    while lane < 2 {
        let at = if lane == 1 { lane1_at } else { 0 };
        let mut k = 0;
        while k < 4 {
            let bit = m * k;
            let r = bit % 8;
            assert!(m + r <= 32);
            shifts[4 * lane + k] = r as i32;
            let mut j = 0;
            while j < (m + r).div_ceil(8) {
                let pos = 16 * lane + at + bit / 8 + j;
                assert!(pos < 16 * lane + 16 && shuf[k % 2][pos] == -1);
                shuf[k % 2][pos] = (4 * k + j) as i8;
                j += 1;
            }
            k += 1;
        }
        lane += 1;
    }
    PackTables { shuf, shifts }
}

/// The tables of a width the packer does not run (never loaded: `pack_p` sends such
/// widths to the portable code; `const` blocks are evaluated for every instantiation).
const NO_TABLES: PackTables = PackTables {
    shuf: [[-1; 32]; 2],
    shifts: [0; 8],
};

/// `v << shifts` per dword, then the bytes gathered by the two tables of
/// [`PackTables`] (see there).
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn gather_fields(v: __m256i, t: &PackTables) -> __m256i {
    // SAFETY: each table is 32 bytes; `loadu` has no alignment requirement.
    let (s0, s1, sh) = unsafe {
        (
            _mm256_loadu_si256(t.shuf[0].as_ptr().cast()),
            _mm256_loadu_si256(t.shuf[1].as_ptr().cast()),
            _mm256_loadu_si256(t.shifts.as_ptr().cast()),
        )
    };
    let v = _mm256_sllv_epi32(v, sh);
    _mm256_or_si256(_mm256_shuffle_epi8(v, s0), _mm256_shuffle_epi8(v, s1))
}

/// Writes the packed string in the first `n` bytes of `v` at `out[off..]` where a
/// 16-byte store might not fit in `out` (the last steps of a packer): one 16-byte
/// store if it fits (the bytes past `n` are zero and the next store, made later,
/// overwrites them), else only the bytes of the `n` that fit. The offsets and
/// lengths are public.
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
fn put16(out: &mut [u8], off: usize, n: usize, v: __m128i) {
    if off + 16 <= out.len() {
        // SAFETY: off + 16 <= out.len(): the 16 bytes written lie inside `out`,
        // which is borrowed mutably; `storeu` has no alignment requirement.
        unsafe { _mm_storeu_si128(out.as_mut_ptr().add(off).cast(), v) }
    } else {
        let lo = _mm_cvtsi128_si64(v) as u64;
        let hi = _mm_extract_epi64::<1>(v) as u64;
        let bytes = (u128::from(hi) << 64 | u128::from(lo)).to_le_bytes();
        let end = (off + n).min(out.len()).min(off + 16);
        if off < end {
            out[off..end].copy_from_slice(&bytes[..end - off]);
        }
    }
}

/// The number of leading steps of a packer whose 16-byte stores all fit in
/// `32 * bits` bytes: steps of `step` bytes, the last store of a step at `last`
/// bytes into it.
///
/// Only evaluated in `const` blocks, but compiled as a function too: it counts by
/// subtraction so that the division scan (which reads every function of this module)
/// finds no `div` here either.
const fn full_steps(bits: usize, step: usize, last: usize, steps: usize) -> usize {
    let mut room = 32 * bits - 16 - last; // > 0 for every width packed here
    // n = room / step + 1.
    let mut n = 1;
    while room >= step {
        room -= step;
        n += 1;
    }
    if n < steps { n } else { steps }
}

/// A 16-byte store at `out[off..]` in a packer's leading steps.
///
/// # Safety
/// `off + 16 <= out.len()` (the packers check `out.len() == 32 * BITS` once and stay
/// within [`full_steps`]).
#[target_feature(enable = "avx2,bmi2,popcnt")]
#[inline]
unsafe fn st16(out: &mut [u8], off: usize, v: __m128i) {
    debug_assert!(off + 16 <= out.len());
    // SAFETY: the caller guarantees off + 16 <= out.len(); `out` is borrowed
    // mutably; `storeu` has no alignment requirement.
    unsafe { _mm_storeu_si128(out.as_mut_ptr().add(off).cast(), v) }
}

/// SimpleBitPack (`SUB` false: `x_i = w_i`) or BitPack (`SUB`: `x_i = b - w_i`) of
/// `BITS`-bit fields, `BITS` up to 13: sixteen coefficients per step, narrowed to
/// words in coefficient order (`vpackusdw`, exact for `x_i < 2^16`, then `vpermq`:
/// coefficients 0-7 in lane 0, 8-15 in lane 1), paired by `vpmaddwd` into dwords
/// `x_2j + x_2j+1 2^BITS` of `2 BITS` bits, and placed by [`gather_fields`]: each
/// lane holds the `BITS` bytes of its eight coefficients. Up to 8 bits both lanes'
/// strings fit in one 16-byte store, else two overlapping stores.
#[target_feature(enable = "avx2,bmi2,popcnt")]
fn pack_words_p<const BITS: usize, const SUB: bool>(out: &mut [u8], w: &Poly, b: i32) {
    let t: &PackTables = const {
        &if BITS >= 2 && BITS <= 13 {
            pack_tables(2 * BITS, if BITS <= 8 { BITS } else { 0 })
        } else {
            NO_TABLES
        }
    };
    let mul = _mm256_set1_epi32(1 | (1 << ((16 + BITS) % 32)));
    let bv = _mm256_set1_epi32(b);
    // Steps whose stores fit (all of them only if `out` has the contract's length).
    let full = const { full_steps(BITS, 2 * BITS, if BITS <= 8 { 0 } else { BITS }, 16) };
    let full = if out.len() == 32 * BITS { full } else { 0 };
    for i in 0..16 {
        let (mut x, mut y) = (ld(w, 2 * i), ld(w, 2 * i + 1));
        if SUB {
            x = _mm256_sub_epi32(bv, x);
            y = _mm256_sub_epi32(bv, y);
        }
        let words = _mm256_permute4x64_epi64::<0xD8>(_mm256_packus_epi32(x, y));
        let v = gather_fields(_mm256_madd_epi16(words, mul), t);
        let (lo, hi) = (_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v));
        let off = 2 * BITS * i;
        if i < full {
            // SAFETY: step i < full: its stores end within 32 * BITS = out.len()
            // bytes (`full_steps`).
            unsafe {
                if BITS <= 8 {
                    st16(out, off, _mm_or_si128(lo, hi));
                } else {
                    st16(out, off, lo);
                    st16(out, off + BITS, hi);
                }
            }
        } else if BITS <= 8 {
            put16(out, off, 2 * BITS, _mm_or_si128(lo, hi));
        } else {
            put16(out, off, BITS, lo);
            put16(out, off + BITS, BITS, hi);
        }
    }
}

/// The same for the widths up to 4 (eta: 3, 4): thirty-two coefficients per step,
/// narrowed to bytes (`vpackusdw`, `vpackuswb`, then `vpermd` back to coefficient
/// order: 0-15 in lane 0, 16-31 in lane 1), paired by `vpmaddubsw` into words of
/// `2 BITS` bits and by `vpmaddwd` into dwords of `4 BITS` bits (four coefficients
/// each), placed by [`gather_fields`]; both lanes' `2 BITS` bytes go out in one
/// 16-byte store.
#[target_feature(enable = "avx2,bmi2,popcnt")]
fn pack_bytes_p<const BITS: usize, const SUB: bool>(out: &mut [u8], w: &Poly, b: i32) {
    let t: &PackTables = const {
        &if BITS >= 2 && BITS <= 4 {
            pack_tables(4 * BITS, 2 * BITS)
        } else {
            NO_TABLES
        }
    };
    let mul8 = _mm256_set1_epi16((1 | (1 << (8 + BITS % 8))) as i16);
    let mul16 = _mm256_set1_epi32(1 | (1 << ((16 + 2 * BITS) % 32)));
    let order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    let bv = _mm256_set1_epi32(b);
    let full = const { full_steps(BITS, 4 * BITS, 0, 8) };
    let full = if out.len() == 32 * BITS { full } else { 0 };
    for i in 0..8 {
        let mut x = [_mm256_setzero_si256(); 4];
        for (j, xj) in x.iter_mut().enumerate() {
            *xj = ld(w, 4 * i + j);
            if SUB {
                *xj = _mm256_sub_epi32(bv, *xj);
            }
        }
        let bytes = _mm256_packus_epi16(
            _mm256_packus_epi32(x[0], x[1]),
            _mm256_packus_epi32(x[2], x[3]),
        );
        let bytes = _mm256_permutevar8x32_epi32(bytes, order);
        let d = _mm256_madd_epi16(_mm256_maddubs_epi16(bytes, mul8), mul16);
        let v = gather_fields(d, t);
        let v = _mm_or_si128(_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v));
        let off = 4 * BITS * i;
        if i < full {
            // SAFETY: step i < full: its store ends within 32 * BITS = out.len()
            // bytes (`full_steps`).
            unsafe { st16(out, off, v) }
        } else {
            put16(out, off, 4 * BITS, v);
        }
    }
}

/// The same for the even widths from 14 (z: 18, 20): eight coefficients per step,
/// each dword one field, placed by [`gather_fields`] (`BITS / 2` bytes per lane) and
/// written by two overlapping stores.
#[target_feature(enable = "avx2,bmi2,popcnt")]
fn pack_dwords_p<const BITS: usize, const SUB: bool>(out: &mut [u8], w: &Poly, b: i32) {
    let t: &PackTables = const {
        &if BITS >= 14 && BITS <= 26 && BITS.is_multiple_of(2) {
            pack_tables(BITS, 0)
        } else {
            NO_TABLES
        }
    };
    let bv = _mm256_set1_epi32(b);
    let full = const { full_steps(BITS, BITS, BITS / 2, 32) };
    let full = if out.len() == 32 * BITS { full } else { 0 };
    for i in 0..32 {
        let mut x = ld(w, i);
        if SUB {
            x = _mm256_sub_epi32(bv, x);
        }
        let v = gather_fields(x, t);
        let (lo, hi) = (_mm256_castsi256_si128(v), _mm256_extracti128_si256::<1>(v));
        let off = BITS * i;
        if i < full {
            // SAFETY: step i < full: its stores end within 32 * BITS = out.len()
            // bytes (`full_steps`).
            unsafe {
                st16(out, off, lo);
                st16(out, off + BITS / 2, hi);
            }
        } else {
            put16(out, off, BITS / 2, lo);
            put16(out, off + BITS / 2, BITS / 2, hi);
        }
    }
}

/// [`DsaKernels::bit_pack`] (`SUB`) and [`DsaKernels::simple_bit_pack`]: the widths
/// of FIPS 204 (the tested ones), anything else by the portable code.
#[target_feature(enable = "avx2,bmi2,popcnt")]
fn pack_p<const BITS: usize, const SUB: bool>(out: &mut [u8], w: &Poly, b: i32) {
    match BITS {
        3 | 4 => pack_bytes_p::<BITS, SUB>(out, w, b),
        6 | 10 | 13 => pack_words_p::<BITS, SUB>(out, w, b),
        18 | 20 => pack_dwords_p::<BITS, SUB>(out, w, b),
        _ if SUB => super::portable::pack_bits(out, BITS, |i| (b - w[i]) as u32),
        _ => super::portable::pack_bits(out, BITS, |i| w[i] as u32),
    }
}

/// Left-packing indices for [`rej_ntt_fill_p`]: byte k of entry m is the position
/// of the k-th set bit of m (the unused high bytes are 0).
const LEFT_PACK: [u64; 256] = {
    let mut t = [0u64; 256];
    let mut m = 0;
    while m < 256 {
        let (mut k, mut b) = (0, 0);
        while b < 8 {
            if (m >> b) & 1 == 1 {
                t[m] |= (b as u64) << (8 * k);
                k += 1;
            }
            b += 1;
        }
        m += 1;
    }
    t
};

/// RejNTTPoly's loop, eight candidates (24 bytes) per step: two 16-byte loads (bytes
/// 0..16 and 8..24 of the group) and `vpshufb` spread the 3-byte groups into dwords, a
/// compare with q gives the accept mask, and `vpermd` with [`LEFT_PACK`] moves the
/// accepted lanes to the front before one unaligned 8-lane store at `out[ctr]`. Runs
/// while the group and an 8-lane store stay in bounds (every group of a 168-byte
/// SHAKE128 block), then finishes with the scalar loop. Public data only.
#[target_feature(enable = "avx2,bmi2,popcnt")]
fn rej_ntt_fill_p(out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
    let shuf = _mm256_setr_epi8(
        0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1, //
        4, 5, 6, -1, 7, 8, 9, -1, 10, 11, 12, -1, 13, 14, 15, -1,
    );
    let mask = _mm256_set1_epi32(0x7f_ffff);
    let qv = _mm256_set1_epi32(Q);
    let mut c = *ctr;
    let mut pos = 0;
    while c + 8 <= 256 && pos + 24 <= buf.len() {
        // SAFETY: pos + 24 <= buf.len(): bytes pos..pos+16 and pos+8..pos+24 lie
        // inside `buf`.
        let (lo, hi) = unsafe {
            (
                _mm_loadu_si128(buf.as_ptr().add(pos).cast()),
                _mm_loadu_si128(buf.as_ptr().add(pos + 8).cast()),
            )
        };
        // 128-bit halves: bytes 0..16 and 8..24 (candidates 0-3 at 0, 4-7 at 4).
        let v = _mm256_inserti128_si256::<1>(_mm256_castsi128_si256(lo), hi);
        let x = _mm256_and_si256(_mm256_shuffle_epi8(v, shuf), mask);
        let good = _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(qv, x))) as usize;
        let idx = _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(LEFT_PACK[good & 0xff] as i64));
        let packed = _mm256_permutevar8x32_epi32(x, idx);
        // SAFETY: c + 8 <= 256: the 8 lanes written lie inside `out`.
        unsafe { _mm256_storeu_si256(out.as_mut_ptr().add(c).cast(), packed) };
        c += good.count_ones() as usize;
        pos += 24;
    }
    *ctr = c;
    super::portable::rej_ntt_fill(out, ctr, &buf[pos..]);
}

/// RejBoundedPoly's loop, 16 nibbles (8 bytes) per step, in two 8-lane halves: the
/// values (`ETA - b`, or `2 - b mod 5` for eta = 2) are computed for every lane and
/// moved by `vpermd`; only the accept mask, public by design and declassified as in
/// the scalar loop, selects the [`LEFT_PACK`] entry and advances the position. Runs
/// while both 8-lane stores stay in bounds, then finishes with the scalar loop.
#[target_feature(enable = "avx2,bmi2,popcnt")]
fn rej_bounded_fill_p<const ETA: i32>(out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
    let lim = _mm256_set1_epi32(if ETA == 2 { 15 } else { 9 });
    let eta = _mm256_set1_epi32(ETA);
    let low = _mm_set1_epi8(15);
    let mut c = *ctr;
    let mut pos = 0;
    while c + 16 <= 256 && pos + 8 <= buf.len() {
        // SAFETY: pos + 8 <= buf.len(): the 8 bytes read lie inside `buf`.
        let b = unsafe { _mm_loadl_epi64(buf.as_ptr().add(pos).cast()) };
        let lo = _mm_and_si128(b, low);
        let hi = _mm_and_si128(_mm_srli_epi16::<4>(b), low);
        let nibs = _mm_unpacklo_epi8(lo, hi); // the 16 nibbles in stream order
        for half in [nibs, _mm_srli_si128::<8>(nibs)] {
            let x = _mm256_cvtepu8_epi32(half);
            let ok = _mm256_cmpgt_epi32(lim, x);
            let v = if ETA == 2 {
                // b mod 5 = b - 5 floor(13 b / 64) for b < 16.
                let q5 = _mm256_srli_epi32::<6>(_mm256_mullo_epi32(x, _mm256_set1_epi32(13)));
                let r = _mm256_sub_epi32(x, _mm256_mullo_epi32(q5, _mm256_set1_epi32(5)));
                _mm256_sub_epi32(eta, r)
            } else {
                _mm256_sub_epi32(eta, x)
            };
            let good = crate::ctgrind::declassified(
                _mm256_movemask_ps(_mm256_castsi256_ps(ok)) as usize & 0xff,
            );
            let idx = _mm256_cvtepu8_epi32(_mm_cvtsi64_si128(LEFT_PACK[good] as i64));
            let packed = _mm256_permutevar8x32_epi32(v, idx);
            // SAFETY: c + 8 <= 256 (c + 16 <= 256 at the start of the step, and the
            // first half adds at most 8): the 8 lanes written lie inside `out`.
            unsafe { _mm256_storeu_si256(out.as_mut_ptr().add(c).cast(), packed) };
            c += good.count_ones() as usize;
        }
        pos += 8;
    }
    *ctr = c;
    super::portable::rej_bounded_fill::<ETA>(out, ctr, &buf[pos..]);
}

/// The AVX2 [`BallState`] of SampleInBall: instead of c itself, the list of its
/// nonzero positions in insertion order (slot s holds the position of the s-th
/// accepted byte's entry, whose sign is h bit s for good: line 8 only ever moves an
/// entry, never changes its sign). 64 byte slots fill two ymm registers.
///
/// Per stream byte j, with `accept = (j <= i) & (i < 256)` as a scalar mask:
/// every slot equal to j moves to `t` (`vpcmpeqb` + `vpblendvb`), then j is written
/// into the slot whose index equals `slot` (the same pair against the constant slot
/// indices 0..63), `slot = i - (256 - tau)` being the current count. `t = i` when
/// the byte is accepted, otherwise `t = j` (moving j to j changes nothing), so a
/// rejected byte changes no counted slot, without a branch. Slots from the current
/// count on hold stale values that may move around; they are overwritten before
/// they count and ignored at the end. No secret index or branch anywhere.
pub(crate) struct Ball {
    /// The 64 byte slots, little-endian in two ymm-sized halves of 4 words (words
    /// rather than bytes: cheap to wipe).
    pos: [[u64; 4]; 2],
    i: u32,
    tau: u32,
    signs: u64,
    /// The proof that the `#[target_feature]` helpers may run.
    _t: cpu::Avx2,
}

impl BallState for Ball {
    type Token = cpu::Avx2;

    fn start(t: cpu::Avx2, tau: u32, signs: u64) -> Self {
        Ball {
            _t: t,
            pos: [[0; 4]; 2],
            i: 256 - tau,
            tau,
            signs,
        }
    }

    fn consume(&mut self, bytes: &[u8]) {
        // SAFETY: `self._t` proves AVX2, BMI2 and POPCNT.
        unsafe { ball_consume_p(self, bytes) }
    }

    fn position(&self) -> u32 {
        self.i
    }

    fn finish(&mut self, c: &mut Poly) {
        // SAFETY: `self._t` proves AVX2, BMI2 and POPCNT.
        unsafe { ball_finish_p(self, c) }
        zeroize::Zeroize::zeroize(&mut self.pos);
        zeroize::Zeroize::zeroize(&mut self.signs);
    }
}

/// [`Ball::consume`]: lines 5-9 of Algorithm 29 on each byte (see [`Ball`]).
#[target_feature(enable = "avx2,bmi2,popcnt")]
fn ball_consume_p(st: &mut Ball, bytes: &[u8]) {
    let idx_lo = _mm256_setr_epi8(
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, //
        16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    );
    let idx_hi = _mm256_add_epi8(idx_lo, _mm256_set1_epi8(32));
    // SAFETY: each half of `pos` is 32 bytes, the size of the load; `loadu` has no
    // alignment requirement (and x86_64 is little-endian: slot s is byte s).
    let (mut p0, mut p1) = unsafe {
        (
            _mm256_loadu_si256(st.pos[0].as_ptr().cast()),
            _mm256_loadu_si256(st.pos[1].as_ptr().cast()),
        )
    };
    let base = 256 - st.tau;
    let mut i = st.i;
    for &b in bytes {
        let j = b as u32;
        // accept = (j <= i) && (i < 256), as an all-ones / zero mask.
        let le = !((i.wrapping_sub(j) as i32 >> 31) as u32);
        let lt = (i.wrapping_sub(256) as i32 >> 31) as u32;
        let accept = le & lt;
        // Where the entries at j go (i, or j itself when rejected), and the slot of
        // the new entry: the count i - (256 - tau). A rejected byte writes j there
        // too, harmlessly: that slot is not counted yet (or, once i == 256, is slot
        // tau or beyond, or no slot at all for tau = 64) and is overwritten by the
        // next accepted byte, after its move step.
        let t = j ^ ((i ^ j) & accept);
        let slot = i.wrapping_sub(base);
        let jv = _mm256_set1_epi8(j as u8 as i8);
        let tv = _mm256_set1_epi8(t as u8 as i8);
        let sv = _mm256_set1_epi8(slot as u8 as i8);
        // c_i <- c_j: the entry at j (if any) moves to i.
        p0 = _mm256_blendv_epi8(p0, tv, _mm256_cmpeq_epi8(p0, jv));
        p1 = _mm256_blendv_epi8(p1, tv, _mm256_cmpeq_epi8(p1, jv));
        // c_j <- +-1: a new entry at j in slot `count`.
        p0 = _mm256_blendv_epi8(p0, jv, _mm256_cmpeq_epi8(idx_lo, sv));
        p1 = _mm256_blendv_epi8(p1, jv, _mm256_cmpeq_epi8(idx_hi, sv));
        i += accept & 1;
    }
    st.i = i;
    // SAFETY: as for the loads (32 bytes each), written through the exclusive borrow.
    unsafe {
        _mm256_storeu_si256(st.pos[0].as_mut_ptr().cast(), p0);
        _mm256_storeu_si256(st.pos[1].as_mut_ptr().cast(), p1);
    }
}

/// [`Ball::finish`]: the position list as two 256-bit masks (non-zero, negative),
/// each entry's one-hot word built by `vpsllvq` (a shift count of 64 or more, or a
/// negative one, gives 0: the lanes other than the entry's), then the masks spread
/// to the 256 coefficients by constant-index byte loads and compares.
#[target_feature(enable = "avx2,bmi2,popcnt")]
fn ball_finish_p(ball: &Ball, c: &mut Poly) {
    let one = _mm256_set1_epi64x(1);
    let offs = _mm256_setr_epi64x(0, 64, 128, 192);
    let mut nz = _mm256_setzero_si256();
    let mut neg = _mm256_setzero_si256();
    // Slots 0..tau hold the entries (public bound; the slot index is public too).
    for s in 0..ball.tau.min(64) as usize {
        let p = (ball.pos[s / 32][(s / 8) % 4] >> (8 * (s % 8))) & 0xff;
        let oh = _mm256_sllv_epi64(one, _mm256_sub_epi64(_mm256_set1_epi64x(p as i64), offs));
        nz = _mm256_or_si256(nz, oh);
        let sign = _mm256_set1_epi64x(((ball.signs >> s) & 1).wrapping_neg() as i64);
        neg = _mm256_or_si256(neg, _mm256_and_si256(oh, sign));
    }
    let mut nzw = [0u64; 4];
    let mut negw = [0u64; 4];
    // SAFETY: both arrays are 32 bytes, written through exclusive borrows.
    unsafe {
        _mm256_storeu_si256(nzw.as_mut_ptr().cast(), nz);
        _mm256_storeu_si256(negw.as_mut_ptr().cast(), neg);
    }
    let bits = _mm256_setr_epi32(1, 2, 4, 8, 16, 32, 64, 128);
    let ones = _mm256_set1_epi32(1);
    for k in 0..32 {
        // Coefficients 8k..8k+8 are the bits of byte k (neg implies nz).
        let nzb = (nzw[k / 8] >> (8 * (k % 8))) & 0xff;
        let negb = (negw[k / 8] >> (8 * (k % 8))) & 0xff;
        let m_nz = _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32(nzb as i32), bits), bits);
        let m_neg =
            _mm256_cmpeq_epi32(_mm256_and_si256(_mm256_set1_epi32(negb as i32), bits), bits);
        st(c, k, _mm256_or_si256(_mm256_and_si256(m_nz, ones), m_neg));
    }
    zeroize::Zeroize::zeroize(&mut nzw);
    zeroize::Zeroize::zeroize(&mut negw);
}

crate::backend::kernels! {
    impl[K: MultiKeccak] DsaKernels for Avx2<K> {
        type Token = cpu::Avx2;
        type Fallback = Portable;
        type Keccak = K;

        fn ntt(_t: cpu::Avx2, a: &mut Poly) {
            // SAFETY: `_t` proves AVX2; `a` is 256 writable i32 and
            // the table is `NTT_TABLE`, as the kernel requires.
            unsafe { mldsa_ntt_avx2(a.as_mut_ptr(), NTT_TABLE.0.as_ptr()) }
        }

        fn inv_ntt(_t: cpu::Avx2, a: &mut Poly) {
            // SAFETY: `_t` proves AVX2; `a` is 256 writable i32 and
            // the table is `INVNTT_TABLE`, as the kernel requires.
            unsafe { mldsa_invntt_avx2(a.as_mut_ptr(), INVNTT_TABLE.0.as_ptr()) }
        }

        fn pointwise_montgomery(_t: cpu::Avx2, out: &mut Poly, a: &Poly, b: &Poly) {
            // SAFETY: `_t` proves AVX2; the three pointers each cover
            // 256 i32, `out` writable.
            unsafe { mldsa_pointwise_avx2(out.as_mut_ptr(), a.as_ptr(), b.as_ptr()) }
        }

        fn pointwise_acc_montgomery(_t: cpu::Avx2, out: &mut Poly, a: &[Poly], b: &[Poly]) {
            let n = a.len().min(b.len());
            debug_assert!(a.len() == b.len() && n <= 8);
            if n == 0 {
                *out = [0; 256];
                return;
            }
            // SAFETY: `_t` proves AVX2; `a` and `b` hold at least
            // `n >= 1` consecutive `[i32; 256]` (slices are contiguous, 1024 bytes apart),
            // and `out` covers 256 writable i32.
            unsafe {
                mldsa_pointwise_acc_avx2(out.as_mut_ptr(), a.as_ptr().cast(), b.as_ptr().cast(), n)
            }
        }

        fn reduce(_t: cpu::Avx2, a: &mut Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { reduce_p(a) }
        }

        fn mod_q(_t: cpu::Avx2, a: &mut Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { mod_q_p(a) }
        }

        fn add(_t: cpu::Avx2, a: &mut Poly, b: &Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { add_p(a, b) }
        }

        fn sub(_t: cpu::Avx2, a: &mut Poly, b: &Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { sub_p(a, b) }
        }

        fn shift_left_d(_t: cpu::Avx2, a: &mut Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { shift_left_d_p(a) }
        }

        fn power2round(_t: cpu::Avx2, a1: &mut Poly, a0: &mut Poly, a: &Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { power2round_p(a1, a0, a) }
        }

        fn decompose<const GAMMA2: i32>(_t: cpu::Avx2, a1: &mut Poly, a0: &mut Poly, a: &Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { decompose_p::<GAMMA2>(a1, a0, a) }
        }

        fn highbits<const GAMMA2: i32>(_t: cpu::Avx2, a: &mut Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { highbits_p::<GAMMA2>(a) }
        }

        fn lowbits<const GAMMA2: i32>(_t: cpu::Avx2, a0: &mut Poly, a: &Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { lowbits_p::<GAMMA2>(a0, a) }
        }

        fn make_hint<const GAMMA2: i32>(_t: cpu::Avx2, h: &mut Poly, r: &Poly, r_plus_z: &Poly) -> u32 {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { make_hint_p::<GAMMA2>(h, r, r_plus_z) }
        }

        fn use_hint<const GAMMA2: i32>(_t: cpu::Avx2, a: &mut Poly, h: &Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { use_hint_p::<GAMMA2>(a, h) }
        }

        fn norm_exceeds(_t: cpu::Avx2, a: &Poly, bound: i32) -> u32 {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { norm_exceeds_p(a, bound) }
        }

        fn unpack_gamma1<const GAMMA1: i32, const BITS: usize>(_t: cpu::Avx2, w: &mut Poly, bytes: &[u8]) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { unpack_gamma1_p::<GAMMA1, BITS>(w, bytes) }
        }

        fn bit_pack<const BITS: usize>(_t: cpu::Avx2, out: &mut [u8], w: &Poly, b: i32) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { pack_p::<BITS, true>(out, w, b) }
        }

        fn simple_bit_pack<const BITS: usize>(_t: cpu::Avx2, out: &mut [u8], w: &Poly) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { pack_p::<BITS, false>(out, w, 0) }
        }

        fn rej_ntt_fill(_t: cpu::Avx2, out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { rej_ntt_fill_p(out, ctr, buf) }
        }

        fn rej_bounded_fill<const ETA: i32>(_t: cpu::Avx2, out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
            // SAFETY: `_t` proves AVX2, BMI2 and POPCNT.
            unsafe { rej_bounded_fill_p::<ETA>(out, ctr, buf) }
        }

        fn sample_in_ball<X: BallStream>(_t: cpu::Avx2, c: &mut Poly, tau: usize, stream: &mut X) {
            sample_in_ball_with::<Ball, X>(_t, c, tau, stream)
        }
    }
}
