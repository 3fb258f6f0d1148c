//! The WebAssembly SIMD128 ML-KEM backend: NTT, inverse NTT, base multiplication and
//! the coefficient-wise reductions on `i16x8` vectors; everything else (sampling,
//! compression, byte encoding) is the portable kernel (the fallback).
//!
//! Every kernel computes exactly the integers the portable twin computes (same
//! Montgomery and Barrett formulas, same representatives), so outputs are
//! bit-identical, not only congruent mod q; the tests compare them for equality.
//! wasm has no 16-bit high multiply, so the high half of a 16x16-bit product comes
//! from the widening `i32x4_extmul_*_i16x8` and a narrowing pack: the low 16 bits of
//! `x * z` and `t * q` agree by construction of the Montgomery `t`, so the 32-bit
//! difference is an exact multiple of 2^16 and its arithmetic shift is exact.
//!
//! Memory access goes through [`ld`] and [`st`] only (the two `unsafe` blocks); the
//! arithmetic intrinsics are safe because `simd128` is enabled at compile time.
#![allow(unsafe_code)]

use core::arch::wasm32::*;

use super::{GAMMAS, KemKernels, MONT_SQ, Poly, Q, ZETAS, portable::Portable};
use crate::backend::cpu;

/// q^-1 mod 2^16 as a signed 16-bit value (3329 * 62209 = 1 mod 2^16).
const QINV: i16 = -3327;
const _: () = assert!(Q.wrapping_mul(QINV) == 1);

/// Round(2^26 / q), the Barrett constant of the portable `barrett_reduce`.
const BARRETT_V: i16 = 20159;

/// Loads eight coefficients `s[0..8]`.
#[inline(always)]
fn ld(s: &[i16]) -> v128 {
    let s = &s[..8];
    // SAFETY: `s` is a valid slice of exactly 8 i16 = 16 bytes (checked by the slicing
    // above); wasm's v128.load has no alignment requirement.
    unsafe { v128_load(s.as_ptr().cast()) }
}

/// Stores eight coefficients into `s[0..8]`.
#[inline(always)]
fn st(s: &mut [i16], v: v128) {
    let s = &mut s[..8];
    // SAFETY: `s` is a valid, exclusively borrowed slice of exactly 8 i16 = 16 bytes;
    // wasm's v128.store has no alignment requirement.
    unsafe { v128_store(s.as_mut_ptr().cast(), v) }
}

/// Montgomery product `x * z * 2^-16 mod q` lane-wise, where `zq = z * QINV mod 2^16`:
/// exactly the portable `fqmul(x, z)` (|x z| < 2^15 q gives |result| < q).
#[inline(always)]
fn fqmul(x: v128, z: v128, zq: v128) -> v128 {
    // t = (x z mod 2^16) * QINV mod 2^16, the portable Montgomery t.
    let t = i16x8_mul(x, zq);
    let q = i16x8_splat(Q);
    let lo = i32x4_sub(i32x4_extmul_low_i16x8(x, z), i32x4_extmul_low_i16x8(t, q));
    let hi = i32x4_sub(i32x4_extmul_high_i16x8(x, z), i32x4_extmul_high_i16x8(t, q));
    // The differences are multiples of 2^16 below 2^15 q * 2^16 in absolute value:
    // the shifts are exact and the results (|r| < q) fit the saturating narrow.
    i16x8_narrow_i32x4(i32x4_shr(lo, 16), i32x4_shr(hi, 16))
}

/// [`fqmul`] by a constant.
#[inline(always)]
fn fqmul_c(x: v128, z: i16) -> v128 {
    fqmul(x, i16x8_splat(z), i16x8_splat(z.wrapping_mul(QINV)))
}

/// The portable `barrett_reduce` lane-wise: `a - ((V a + 2^25) >> 26) q`.
#[inline(always)]
fn barrett(a: v128) -> v128 {
    let v = i16x8_splat(BARRETT_V);
    let r = i32x4_splat(1 << 25);
    let lo = i32x4_shr(i32x4_add(i32x4_extmul_low_i16x8(a, v), r), 26);
    let hi = i32x4_shr(i32x4_add(i32x4_extmul_high_i16x8(a, v), r), 26);
    let t = i16x8_narrow_i32x4(lo, hi); // |t| <= 10
    i16x8_sub(a, i16x8_mul(t, i16x8_splat(Q)))
}

/// The portable `montgomery_reduce` on i32 lanes (|c| < 2^15 q): `(c - t q) >> 16`
/// with `t = (c mod 2^16) * QINV mod 2^16` sign-extended.
#[inline(always)]
fn mont32(c: v128) -> v128 {
    let t = i32x4_shr(
        i32x4_shl(i32x4_mul(c, i32x4_splat(i32::from(QINV))), 16),
        16,
    );
    i32x4_shr(i32x4_sub(c, i32x4_mul(t, i32x4_splat(i32::from(Q)))), 16)
}

/// Per-lane twiddles of the two in-vector layers, as consecutive vectors of eight
/// `i16`: for layer len = 4 (one zeta per group of 8 coefficients, two groups per
/// vector pair) `ZETAS[32 + 2m]` x4, `ZETAS[33 + 2m]` x4; for len = 2 (one zeta per
/// group of 4 coefficients) `ZETAS[64 + 4m + i]` each twice. `INV` selects the
/// inverse NTT's order (`ZETAS[63 - b]`, `ZETAS[127 - b]` for group b).
const fn lane_zetas<const INV: bool>(len4: bool) -> [[i16; 8]; 16] {
    let mut t = [[0i16; 8]; 16];
    let mut m = 0;
    while m < 16 {
        let mut i = 0;
        while i < 8 {
            let k = if len4 {
                let b = 2 * m + i / 4;
                if INV { 63 - b } else { 32 + b }
            } else {
                let b = 4 * m + i / 2;
                if INV { 127 - b } else { 64 + b }
            };
            t[m][i] = ZETAS[k];
            i += 1;
        }
        m += 1;
    }
    t
}

/// `z * QINV mod 2^16` of every entry.
const fn times_qinv(mut t: [[i16; 8]; 16]) -> [[i16; 8]; 16] {
    let mut m = 0;
    while m < 16 {
        let mut i = 0;
        while i < 8 {
            t[m][i] = t[m][i].wrapping_mul(QINV);
            i += 1;
        }
        m += 1;
    }
    t
}

const FWD4: [[i16; 8]; 16] = lane_zetas::<false>(true);
const FWD4Q: [[i16; 8]; 16] = times_qinv(FWD4);
const FWD2: [[i16; 8]; 16] = lane_zetas::<false>(false);
const FWD2Q: [[i16; 8]; 16] = times_qinv(FWD2);
const INV4: [[i16; 8]; 16] = lane_zetas::<true>(true);
const INV4Q: [[i16; 8]; 16] = times_qinv(INV4);
const INV2: [[i16; 8]; 16] = lane_zetas::<true>(false);
const INV2Q: [[i16; 8]; 16] = times_qinv(INV2);

/// Gathers the len = 4 butterfly halves of coefficients 16m..16m+16 (vectors v0, v1):
/// `lo` = the first four of each group of eight, `hi` = the last four.
#[inline(always)]
fn split4(v0: v128, v1: v128) -> (v128, v128) {
    (i64x2_shuffle::<0, 2>(v0, v1), i64x2_shuffle::<1, 3>(v0, v1))
}

/// Gathers the len = 2 halves: pairs 0-1 of each group of four into `lo`, 2-3 into `hi`.
#[inline(always)]
fn split2(v0: v128, v1: v128) -> (v128, v128) {
    (
        i32x4_shuffle::<0, 2, 4, 6>(v0, v1),
        i32x4_shuffle::<1, 3, 5, 7>(v0, v1),
    )
}

/// Inverse of [`split2`].
#[inline(always)]
fn join2(lo: v128, hi: v128) -> (v128, v128) {
    (
        i32x4_shuffle::<0, 4, 1, 5>(lo, hi),
        i32x4_shuffle::<2, 6, 3, 7>(lo, hi),
    )
}

/// The SIMD128 backend.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Simd128;

crate::backend::kernels! {
    impl KemKernels for Simd128 {
        type Token = cpu::Simd128;
        type Fallback = Portable;
        type Keccak = crate::hash::Simd128x2;

        fn ntt(_t: cpu::Simd128, a: &mut Poly) {
            // Layers len = 128 .. 8: butterflies between whole vectors, one zeta per block.
            let mut k = 1;
            let mut len = 128;
            while len >= 8 {
                for start in (0..256).step_by(2 * len) {
                    let z = i16x8_splat(ZETAS[k]);
                    let zq = i16x8_splat(ZETAS[k].wrapping_mul(QINV));
                    k += 1;
                    for j in (start..start + len).step_by(8) {
                        let x = ld(&a[j..]);
                        let t = fqmul(ld(&a[j + len..]), z, zq);
                        st(&mut a[j + len..], i16x8_sub(x, t));
                        st(&mut a[j..], i16x8_add(x, t));
                    }
                }
                len >>= 1;
            }
            // Layers len = 4 and 2 inside vector pairs, then the final Barrett reduction.
            for m in 0..16 {
                let (lo, hi) = split4(ld(&a[16 * m..]), ld(&a[16 * m + 8..]));
                let t = fqmul(hi, ld(&FWD4[m]), ld(&FWD4Q[m]));
                // (lo - t, lo + t) regrouped: v0 = [lo+t | lo-t] of group 0, etc.
                let (s, d) = (i16x8_add(lo, t), i16x8_sub(lo, t));
                let (v0, v1) = (i64x2_shuffle::<0, 2>(s, d), i64x2_shuffle::<1, 3>(s, d));
                let (lo, hi) = split2(v0, v1);
                let t = fqmul(hi, ld(&FWD2[m]), ld(&FWD2Q[m]));
                let (v0, v1) = join2(i16x8_add(lo, t), i16x8_sub(lo, t));
                st(&mut a[16 * m..], barrett(v0));
                st(&mut a[16 * m + 8..], barrett(v1));
            }
        }

        fn inv_ntt(_t: cpu::Simd128, a: &mut Poly) {
            // F = R^2 / 128 mod q (see the portable inv_ntt).
            const F: i16 = 1441;
            // Layers len = 2 and 4 inside vector pairs.
            for m in 0..16 {
                let (lo, hi) = split2(ld(&a[16 * m..]), ld(&a[16 * m + 8..]));
                let s = barrett(i16x8_add(lo, hi));
                let d = fqmul(i16x8_sub(hi, lo), ld(&INV2[m]), ld(&INV2Q[m]));
                let (v0, v1) = join2(s, d);
                let (lo, hi) = split4(v0, v1);
                let s = barrett(i16x8_add(lo, hi));
                let d = fqmul(i16x8_sub(hi, lo), ld(&INV4[m]), ld(&INV4Q[m]));
                st(&mut a[16 * m..], i64x2_shuffle::<0, 2>(s, d));
                st(&mut a[16 * m + 8..], i64x2_shuffle::<1, 3>(s, d));
            }
            // Layers len = 8 .. 128 between whole vectors.
            let mut k = 31;
            let mut len = 8;
            while len <= 128 {
                for start in (0..256).step_by(2 * len) {
                    let z = i16x8_splat(ZETAS[k]);
                    let zq = i16x8_splat(ZETAS[k].wrapping_mul(QINV));
                    k -= 1;
                    for j in (start..start + len).step_by(8) {
                        let t = ld(&a[j..]);
                        let u = ld(&a[j + len..]);
                        st(&mut a[j..], barrett(i16x8_add(t, u)));
                        st(&mut a[j + len..], fqmul(i16x8_sub(u, t), z, zq));
                    }
                }
                len <<= 1;
            }
            for j in (0..256).step_by(8) {
                let v = ld(&a[j..]);
                st(&mut a[j..], fqmul_c(v, F));
            }
        }

        fn basemul_acc(_t: cpu::Simd128, out: &mut Poly, a: &[Poly], b: &[Poly]) {
            let qinv = i16x8_splat(QINV);
            // Eight coefficient pairs (16 coefficients) per step.
            for g in 0..16 {
                let gamma = ld(&GAMMAS[8 * g..]);
                let zero = i32x4_splat(0);
                let (mut c0l, mut c0h, mut c1l, mut c1h) = (zero, zero, zero, zero);
                for (f, h) in a.iter().zip(b.iter()) {
                    let (f0, f1) = (ld(&f[16 * g..]), ld(&f[16 * g + 8..]));
                    let (h0, h1) = (ld(&h[16 * g..]), ld(&h[16 * g + 8..]));
                    let a0 = i16x8_shuffle::<0, 2, 4, 6, 8, 10, 12, 14>(f0, f1);
                    let a1 = i16x8_shuffle::<1, 3, 5, 7, 9, 11, 13, 15>(f0, f1);
                    let b0 = i16x8_shuffle::<0, 2, 4, 6, 8, 10, 12, 14>(h0, h1);
                    let b1 = i16x8_shuffle::<1, 3, 5, 7, 9, 11, 13, 15>(h0, h1);
                    // montgomery_reduce(a1 b1): fqmul with zq = b1 * QINV.
                    let m = fqmul(a1, b1, i16x8_mul(b1, qinv));
                    c0l = i32x4_add(c0l, i32x4_extmul_low_i16x8(a0, b0));
                    c0l = i32x4_add(c0l, i32x4_extmul_low_i16x8(m, gamma));
                    c0h = i32x4_add(c0h, i32x4_extmul_high_i16x8(a0, b0));
                    c0h = i32x4_add(c0h, i32x4_extmul_high_i16x8(m, gamma));
                    c1l = i32x4_add(c1l, i32x4_extmul_low_i16x8(a0, b1));
                    c1l = i32x4_add(c1l, i32x4_extmul_low_i16x8(a1, b0));
                    c1h = i32x4_add(c1h, i32x4_extmul_high_i16x8(a0, b1));
                    c1h = i32x4_add(c1h, i32x4_extmul_high_i16x8(a1, b0));
                }
                let c0 = i16x8_narrow_i32x4(mont32(c0l), mont32(c0h));
                let c1 = i16x8_narrow_i32x4(mont32(c1l), mont32(c1h));
                st(
                    &mut out[16 * g..],
                    i16x8_shuffle::<0, 8, 1, 9, 2, 10, 3, 11>(c0, c1),
                );
                st(
                    &mut out[16 * g + 8..],
                    i16x8_shuffle::<4, 12, 5, 13, 6, 14, 7, 15>(c0, c1),
                );
            }
        }

        fn to_mont(_t: cpu::Simd128, a: &mut Poly) {
            for j in (0..256).step_by(8) {
                let v = ld(&a[j..]);
                st(&mut a[j..], fqmul_c(v, MONT_SQ));
            }
        }

        fn reduce(_t: cpu::Simd128, a: &mut Poly) {
            let q = i16x8_splat(Q);
            for j in (0..256).step_by(8) {
                let r = barrett(ld(&a[j..]));
                st(&mut a[j..], i16x8_add(r, v128_and(i16x8_shr(r, 15), q)));
            }
        }

        fn add(_t: cpu::Simd128, a: &mut Poly, b: &Poly) {
            for j in (0..256).step_by(8) {
                let v = ld(&a[j..]);
                st(&mut a[j..], i16x8_add(v, ld(&b[j..])));
            }
        }

        fn sub(_t: cpu::Simd128, a: &mut Poly, b: &Poly) {
            for j in (0..256).step_by(8) {
                let v = ld(&a[j..]);
                st(&mut a[j..], i16x8_sub(v, ld(&b[j..])));
            }
        }
    }
}
