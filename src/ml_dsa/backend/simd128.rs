//! The WebAssembly SIMD128 ML-DSA backend: NTT, inverse NTT and the pointwise
//! Montgomery products on `i32x4` vectors; the rest delegates to [`Portable`]
//! (LLVM already vectorizes its simple coefficient loops for simd128).
//!
//! The 32-bit Montgomery reduction (FIPS 204 Algorithm 49) is computed exactly as the
//! portable `montgomery_reduce`: the product goes to `i64x2` lanes with
//! `i64x2_extmul_*_i32x4`, `t = (a mod 2^32) * QINV mod 2^32` with a wrapping
//! `i32x4_mul`, and the high words of `a - t q` (an exact multiple of 2^32) are
//! gathered with one shuffle. Outputs are therefore bit-identical to the portable
//! twin, which the tests check for equality.
//!
//! Memory access goes through [`ld`] and [`st`] only (the two `unsafe` blocks); the
//! arithmetic intrinsics are safe because `simd128` is enabled at compile time.
#![allow(unsafe_code)]

use core::arch::wasm32::*;

use super::DsaKernels;
use super::portable::{INV_NTT_F, Portable, QINV, ZETAS_MONT};
use super::{Poly, Q};
use crate::backend::cpu;

/// Loads four coefficients `s[0..4]`.
#[inline(always)]
fn ld(s: &[i32]) -> v128 {
    let s = &s[..4];
    // SAFETY: `s` is a valid slice of exactly 4 i32 = 16 bytes (checked by the slicing
    // above); wasm's v128.load has no alignment requirement.
    unsafe { v128_load(s.as_ptr().cast()) }
}

/// Stores four coefficients into `s[0..4]`.
#[inline(always)]
fn st(s: &mut [i32], v: v128) {
    let s = &mut s[..4];
    // SAFETY: `s` is a valid, exclusively borrowed slice of exactly 4 i32 = 16 bytes;
    // wasm's v128.store has no alignment requirement.
    unsafe { v128_store(s.as_mut_ptr().cast(), v) }
}

/// Reads a constant vector so that LLVM cannot see its value. Multiplying by a
/// known (or loop-invariant) vector, LLVM splits `i64x2_extmul_*_i32x4` into a
/// sign extension hoisted out of the loop and a full `i64x2.mul`, which x86 engines
/// emulate with several instructions (measured: the NTTs ran at about half speed).
/// A volatile load is neither folded nor hoisted, so the `extmul` stays; it costs one
/// `v128.load` per use.
#[inline(always)]
fn opaque(v: &v128) -> v128 {
    // SAFETY: `v` is a valid, aligned reference to an initialized v128.
    unsafe { core::ptr::read_volatile(v) }
}

/// `q` in every lane (read through [`opaque`]).
static Q_VEC: v128 = i32x4(Q, Q, Q, Q);

/// `(a - t q) >> 32` for two i64x2 halves `lo`, `hi` of four products and their
/// Montgomery `t` (i32x4): the portable `montgomery_reduce`, lane-wise.
#[inline(always)]
fn finish(lo: v128, hi: v128, t: v128) -> v128 {
    let q = opaque(&Q_VEC);
    let lo = i64x2_sub(lo, i64x2_extmul_low_i32x4(t, q));
    let hi = i64x2_sub(hi, i64x2_extmul_high_i32x4(t, q));
    // The low words are zero; the high words are the results.
    i32x4_shuffle::<1, 3, 5, 7>(lo, hi)
}

/// `montgomery_reduce(x * z)` lane-wise, with `zq = z * QINV mod 2^32`; a constant
/// `z` comes through [`opaque`] at each use.
#[inline(always)]
fn mont_mul(x: v128, z: v128, zq: v128) -> v128 {
    let t = i32x4_mul(x, zq);
    finish(
        i64x2_extmul_low_i32x4(x, z),
        i64x2_extmul_high_i32x4(x, z),
        t,
    )
}

/// Per-lane twiddles of the in-vector layers (vector pair m covers coefficients
/// 8m..8m+8). Forward, len = 2: `ZETAS_MONT[64 + 2m]`, `ZETAS_MONT[65 + 2m]`, each
/// twice (len = 1 uses `ZETAS_MONT[128 + 4m ..]` as stored). Inverse: the negated
/// twiddles in the portable order, len = 1: `-ZETAS_MONT[255 - 4m - i]`; len = 2:
/// `-ZETAS_MONT[127 - 2m]`, `-ZETAS_MONT[126 - 2m]`, each twice. `TQ` ("times
/// QINV") gives `z * QINV mod 2^32` instead of `z`.
const fn lane_zetas<const KIND: u8, const TQ: bool>() -> [[i32; 4]; 32] {
    let mut t = [[0i32; 4]; 32];
    let mut m = 0;
    while m < 32 {
        let mut i = 0;
        while i < 4 {
            let z = match KIND {
                0 => ZETAS_MONT[64 + 2 * m + i / 2],
                1 => -ZETAS_MONT[255 - 4 * m - i],
                _ => -ZETAS_MONT[127 - 2 * m - i / 2],
            };
            t[m][i] = if TQ { z.wrapping_mul(QINV) } else { z };
            i += 1;
        }
        m += 1;
    }
    t
}

/// The rows of a table as vectors.
const fn vectors<const N: usize>(t: [[i32; 4]; N]) -> [v128; N] {
    let mut out = [i32x4(0, 0, 0, 0); N];
    let mut i = 0;
    while i < N {
        out[i] = i32x4(t[i][0], t[i][1], t[i][2], t[i][3]);
        i += 1;
    }
    out
}

/// `ZETAS_MONT[k]` (`NEG`: negated) in every lane, for k < 64 (the layers between
/// whole vectors).
const fn splats<const NEG: bool>() -> [v128; 64] {
    let mut out = [i32x4(0, 0, 0, 0); 64];
    let mut k = 0;
    while k < 64 {
        let z = if NEG { -ZETAS_MONT[k] } else { ZETAS_MONT[k] };
        out[k] = i32x4(z, z, z, z);
        k += 1;
    }
    out
}

static FWD_SPLAT: [v128; 64] = splats::<false>();
static INV_SPLAT: [v128; 64] = splats::<true>();
static FWD2_V: [v128; 32] = vectors(lane_zetas::<0, false>());
static INV1_V: [v128; 32] = vectors(lane_zetas::<1, false>());
static INV2_V: [v128; 32] = vectors(lane_zetas::<2, false>());
/// `ZETAS_MONT[128 + 4m .. 132 + 4m]` (the forward len = 1 layer).
static FWD1_V: [v128; 32] = {
    let mut t = [[0i32; 4]; 32];
    let mut m = 0;
    while m < 32 {
        let mut i = 0;
        while i < 4 {
            t[m][i] = ZETAS_MONT[128 + 4 * m + i];
            i += 1;
        }
        m += 1;
    }
    vectors(t)
};
/// `INV_NTT_F` in every lane.
static F_VEC: v128 = i32x4(INV_NTT_F, INV_NTT_F, INV_NTT_F, INV_NTT_F);

const FWD2Q: [[i32; 4]; 32] = lane_zetas::<0, true>();
const INV1Q: [[i32; 4]; 32] = lane_zetas::<1, true>();
const INV2Q: [[i32; 4]; 32] = lane_zetas::<2, true>();

/// `ZETAS_MONT[k] * QINV mod 2^32` (the forward len = 1 layer's `zq`).
const ZETAS_MONT_Q: [i32; 256] = {
    let mut t = [0i32; 256];
    let mut k = 0;
    while k < 256 {
        t[k] = ZETAS_MONT[k].wrapping_mul(QINV);
        k += 1;
    }
    t
};

/// The SIMD128 backend.
pub(crate) struct Simd128;

crate::backend::kernels! {
    impl DsaKernels for Simd128 {
        type Token = cpu::Simd128;
        type Fallback = Portable;
        type Keccak = crate::hash::Simd128x2;

        fn ntt(_t: cpu::Simd128, a: &mut Poly) {
            // Layers len = 128 .. 4 between whole vectors.
            let mut k = 0usize;
            let mut len = 128usize;
            while len >= 4 {
                for start in (0..256).step_by(2 * len) {
                    k += 1;
                    let zq = i32x4_splat(ZETAS_MONT[k].wrapping_mul(QINV));
                    for j in (start..start + len).step_by(4) {
                        let x = ld(&a[j..]);
                        let t = mont_mul(ld(&a[j + len..]), opaque(&FWD_SPLAT[k]), zq);
                        st(&mut a[j + len..], i32x4_sub(x, t));
                        st(&mut a[j..], i32x4_add(x, t));
                    }
                }
                len >>= 1;
            }
            // Layers len = 2 and 1 inside vector pairs.
            for m in 0..32 {
                let (v0, v1) = (ld(&a[8 * m..]), ld(&a[8 * m + 4..]));
                // len = 2: lo = coefficients 0,1 of each vector, hi = 2,3.
                let (lo, hi) = (i64x2_shuffle::<0, 2>(v0, v1), i64x2_shuffle::<1, 3>(v0, v1));
                let t = mont_mul(hi, opaque(&FWD2_V[m]), ld(&FWD2Q[m]));
                let (s, d) = (i32x4_add(lo, t), i32x4_sub(lo, t));
                let (v0, v1) = (i64x2_shuffle::<0, 2>(s, d), i64x2_shuffle::<1, 3>(s, d));
                // len = 1: lo = even coefficients, hi = odd.
                let (lo, hi) = (
                    i32x4_shuffle::<0, 2, 4, 6>(v0, v1),
                    i32x4_shuffle::<1, 3, 5, 7>(v0, v1),
                );
                let t = mont_mul(hi, opaque(&FWD1_V[m]), ld(&ZETAS_MONT_Q[128 + 4 * m..]));
                let (s, d) = (i32x4_add(lo, t), i32x4_sub(lo, t));
                st(&mut a[8 * m..], i32x4_shuffle::<0, 4, 1, 5>(s, d));
                st(&mut a[8 * m + 4..], i32x4_shuffle::<2, 6, 3, 7>(s, d));
            }
        }

        fn inv_ntt(_t: cpu::Simd128, a: &mut Poly) {
            // Layers len = 1 and 2 inside vector pairs.
            for m in 0..32 {
                let (v0, v1) = (ld(&a[8 * m..]), ld(&a[8 * m + 4..]));
                let (lo, hi) = (
                    i32x4_shuffle::<0, 2, 4, 6>(v0, v1),
                    i32x4_shuffle::<1, 3, 5, 7>(v0, v1),
                );
                let s = i32x4_add(lo, hi);
                let d = mont_mul(i32x4_sub(lo, hi), opaque(&INV1_V[m]), ld(&INV1Q[m]));
                let (v0, v1) = (
                    i32x4_shuffle::<0, 4, 1, 5>(s, d),
                    i32x4_shuffle::<2, 6, 3, 7>(s, d),
                );
                let (lo, hi) = (i64x2_shuffle::<0, 2>(v0, v1), i64x2_shuffle::<1, 3>(v0, v1));
                let s = i32x4_add(lo, hi);
                let d = mont_mul(i32x4_sub(lo, hi), opaque(&INV2_V[m]), ld(&INV2Q[m]));
                st(&mut a[8 * m..], i64x2_shuffle::<0, 2>(s, d));
                st(&mut a[8 * m + 4..], i64x2_shuffle::<1, 3>(s, d));
            }
            // Layers len = 4 .. 128 between whole vectors.
            let mut k = 64usize;
            let mut len = 4usize;
            while len < 256 {
                for start in (0..256).step_by(2 * len) {
                    k -= 1;
                    let zq = i32x4_splat((-ZETAS_MONT[k]).wrapping_mul(QINV));
                    for j in (start..start + len).step_by(4) {
                        let t = ld(&a[j..]);
                        let u = ld(&a[j + len..]);
                        st(&mut a[j..], i32x4_add(t, u));
                        st(
                            &mut a[j + len..],
                            mont_mul(i32x4_sub(t, u), opaque(&INV_SPLAT[k]), zq),
                        );
                    }
                }
                len <<= 1;
            }
            let fq = i32x4_splat(INV_NTT_F.wrapping_mul(QINV));
            for j in (0..256).step_by(4) {
                let v = ld(&a[j..]);
                st(&mut a[j..], mont_mul(v, opaque(&F_VEC), fq));
            }
        }

        fn pointwise_montgomery(_t: cpu::Simd128, out: &mut Poly, a: &Poly, b: &Poly) {
            let qinv = i32x4_splat(QINV);
            for j in (0..256).step_by(4) {
                let y = ld(&b[j..]);
                st(&mut out[j..], mont_mul(ld(&a[j..]), y, i32x4_mul(y, qinv)));
            }
        }

        fn pointwise_acc_montgomery(_t: cpu::Simd128, out: &mut Poly, a: &[Poly], b: &[Poly]) {
            let qinv = i32x4_splat(QINV);
            for j in (0..256).step_by(4) {
                let (mut lo, mut hi) = (i64x2_splat(0), i64x2_splat(0));
                for (x, y) in a.iter().zip(b.iter()) {
                    let (x, y) = (ld(&x[j..]), ld(&y[j..]));
                    lo = i64x2_add(lo, i64x2_extmul_low_i32x4(x, y));
                    hi = i64x2_add(hi, i64x2_extmul_high_i32x4(x, y));
                }
                let t = i32x4_mul(i32x4_shuffle::<0, 2, 4, 6>(lo, hi), qinv);
                st(&mut out[j..], finish(lo, hi, t));
            }
        }
    }
}
