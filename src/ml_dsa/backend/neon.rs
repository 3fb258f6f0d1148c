//! The AArch64 NEON backend for ML-DSA.
//!
//! The NTT, the inverse NTT and the pointwise Montgomery product are hand-written
//! assembly (`asm/aarch64/mldsa_*.S`, included into `#[unsafe(naked)]` functions).
//! The transforms use plain twiddles with Barrett multiplication (`SQRDMULH` for the
//! quotient estimate, `MUL` + `MLS` for the remainder; |result| < q for any i32 input),
//! four layers merged per pass, no spills; the pointwise product is a Montgomery
//! multiplication from doubled high halves (`SQDMULH` twice and `SHSUB`). The vector
//! inner product accumulates in 64 bits with intrinsics (`SMLAL`/`SMLAL2`) and reduces
//! once. Outputs meet the contracts of [`DsaBackend`] and are congruent to the
//! portable ones (tests below).
//!
//! The rest (reductions, rounding, hints, norm check) is the portable code: those are
//! simple coefficient-wise loops that LLVM already vectorises for NEON, so
//! hand-written kernels would not pay here.
//!
//! `Neon<K>` is generic over the 4-way Keccak `K` (`NeonX2` for the `neon` backend,
//! `NeonSha3X2` for `neon-sha3`), so the arithmetic is written once.

#![allow(unsafe_code)]

use core::arch::aarch64::{
    vdup_n_s32, vdupq_n_s32, vdupq_n_s64, vget_low_s32, vld1q_s32, vmlal_high_s32, vmlal_s32,
    vmlsl_high_s32, vmlsl_s32, vmulq_n_s32, vreinterpretq_s32_s64, vst1q_s32, vuzp1q_s32,
    vuzp2q_s32,
};
use core::marker::PhantomData;

use super::DsaKernels;
use super::portable::Portable;
use super::{Poly, Q};
use crate::backend::cpu;

/// The NEON backend over the 4-way Keccak `K`.
pub(crate) struct Neon<K>(PhantomData<K>);

/// q^-1 mod 2^32 (the assembly hard-codes it; checked by the tests).
const QINV: i32 = 58_728_449;

/// zeta^BitRev8(k) mod q, centered, zeta = 1753 (FIPS 204 section 7.5).
const fn zeta(k: usize) -> i32 {
    let e = (k as u8).reverse_bits() as u32;
    let (mut r, mut b, mut e) = (1i64, 1753i64, e);
    while e > 0 {
        if e & 1 == 1 {
            r = r * b % Q as i64;
        }
        b = b * b % Q as i64;
        e >>= 1;
    }
    (if r > (Q as i64) / 2 { r - Q as i64 } else { r }) as i32
}

/// The Barrett-multiplication companion `round(z * 2^31 / q)`.
const fn tw(z: i32) -> i32 {
    ((z as i64 * (1i64 << 32) + Q as i64).div_euclid(2 * Q as i64)) as i32
}

/// Forward twiddles in the order the assembly reads them.
#[repr(C, align(16))]
struct DsaNttTable {
    /// `[q, zeta(1..16)]`, then `[0, tw(1..16)]` (layers 1-4; lane 0 carries q).
    l1to4: [i32; 32],
    /// Per block b of 16 coefficients: `[z(16+b), z(32+2b), z(33+2b), 0]` and tw;
    /// `z(64+4b+i)` and tw; `z(128+8b+2i)` and tw; `z(129+8b+2i)` and tw.
    l5to8: [[i32; 32]; 16],
}

const NTT_TABLE: DsaNttTable = {
    let mut t = DsaNttTable {
        l1to4: [0; 32],
        l5to8: [[0; 32]; 16],
    };
    t.l1to4[0] = Q;
    let mut k = 1;
    while k < 16 {
        t.l1to4[k] = zeta(k);
        t.l1to4[16 + k] = tw(zeta(k));
        k += 1;
    }
    let mut b = 0;
    while b < 16 {
        let r = &mut t.l5to8[b];
        r[0] = zeta(16 + b);
        r[1] = zeta(32 + 2 * b);
        r[2] = zeta(33 + 2 * b);
        let mut i = 0;
        while i < 4 {
            r[4 + i] = tw(r[i]);
            r[8 + i] = zeta(64 + 4 * b + i);
            r[12 + i] = tw(r[8 + i]);
            r[16 + i] = zeta(128 + 8 * b + 2 * i);
            r[20 + i] = tw(r[16 + i]);
            r[24 + i] = zeta(129 + 8 * b + 2 * i);
            r[28 + i] = tw(r[24 + i]);
            i += 1;
        }
        b += 1;
    }
    t
};

/// Inverse twiddles (Algorithm 42 walks k down: layer length L, start s uses
/// zeta(256/L - 1 - s)). Per block b: `z(255-8b-2i)`, tw; `z(254-8b-2i)`, tw;
/// `z(127-4b-i)`, tw; `[z(63-2b), z(62-2b), z(31-b), 0]`, tw. Layers 4-1 read
/// `NTT_TABLE.l1to4`.
const INTT_TABLE: [[i32; 32]; 16] = {
    let mut t = [[0i32; 32]; 16];
    let mut b = 0;
    while b < 16 {
        let r = &mut t[b];
        let mut i = 0;
        while i < 4 {
            r[i] = zeta(255 - 8 * b - 2 * i);
            r[4 + i] = tw(r[i]);
            r[8 + i] = zeta(254 - 8 * b - 2 * i);
            r[12 + i] = tw(r[8 + i]);
            r[16 + i] = zeta(127 - 4 * b - i);
            r[20 + i] = tw(r[16 + i]);
            i += 1;
        }
        r[24] = zeta(63 - 2 * b);
        r[25] = zeta(62 - 2 * b);
        r[26] = zeta(31 - b);
        i = 0;
        while i < 4 {
            r[28 + i] = tw(r[24 + i]);
            i += 1;
        }
        b += 1;
    }
    t
};

#[repr(C, align(16))]
struct Aligned<T>(T);
static NTT_TAB: DsaNttTable = NTT_TABLE;
static INTT_TAB: Aligned<[[i32; 32]; 16]> = Aligned(INTT_TABLE);

/// Forward NTT. x0 = poly (256 i32), x1 = `NTT_TAB`. In |a_i| < q, out |a_i| < 9q.
///
/// # Safety
/// `a` points to 256 writable i32 and `table` to `NTT_TAB` (NEON is part of
/// AArch64; callers hold a `cpu::Neon` token).
#[unsafe(naked)]
unsafe extern "C" fn mldsa_ntt_asm(_a: *mut i32, _table: *const DsaNttTable) {
    core::arch::naked_asm!(include_str!("../../../asm/aarch64/mldsa_ntt.S"))
}

/// Inverse NTT times 2^32. x0 = poly, x1 = `INTT_TAB`, x2 = `NTT_TAB`.
/// In |a_i| < q, out |a_i| < q.
///
/// # Safety
/// `a` points to 256 writable i32, `table` to `INTT_TAB` and `table14` to `NTT_TAB`.
#[unsafe(naked)]
unsafe extern "C" fn mldsa_invntt_asm(
    _a: *mut i32,
    _table: *const Aligned<[[i32; 32]; 16]>,
    _table14: *const DsaNttTable,
) {
    core::arch::naked_asm!(include_str!("../../../asm/aarch64/mldsa_invntt.S"))
}

/// `out_i = a_i b_i 2^-32 mod q`. x0 = out, x1 = a, x2 = b (256 i32 each).
///
/// # Safety
/// each pointer covers 256 i32, `out` writable and distinct from the inputs.
#[unsafe(naked)]
unsafe extern "C" fn mldsa_pointwise_asm(_out: *mut i32, _a: *const i32, _b: *const i32) {
    core::arch::naked_asm!(include_str!("../../../asm/aarch64/mldsa_pointwise.S"))
}

/// The vector inner product of [`DsaBackend::pointwise_acc_montgomery`].
#[target_feature(enable = "neon")]
fn pointwise_acc(out: &mut Poly, a: &[Poly], b: &[Poly]) {
    // 64-bit accumulation (|sum| < 8 * 9 q^2 < 2^31 q), one Montgomery reduction:
    // m = lo32(c) q^-1, c - m q (SMLSL) has zero low half, keep the high half.
    let (q2, q4) = (vdup_n_s32(Q), vdupq_n_s32(Q));
    for i in (0..256).step_by(4) {
        let (mut lo, mut hi) = (vdupq_n_s64(0), vdupq_n_s64(0));
        for (x, y) in a.iter().zip(b.iter()) {
            // SAFETY: i + 4 <= 256, in bounds of both 256-element arrays.
            let (x, y) = unsafe { (vld1q_s32(x[i..].as_ptr()), vld1q_s32(y[i..].as_ptr())) };
            lo = vmlal_s32(lo, vget_low_s32(x), vget_low_s32(y));
            hi = vmlal_high_s32(hi, x, y);
        }
        let (l32, h32) = (vreinterpretq_s32_s64(lo), vreinterpretq_s32_s64(hi));
        let m = vmulq_n_s32(vuzp1q_s32(l32, h32), QINV);
        let lo = vmlsl_s32(lo, vget_low_s32(m), q2);
        let hi = vmlsl_high_s32(hi, m, q4);
        let r = vuzp2q_s32(vreinterpretq_s32_s64(lo), vreinterpretq_s32_s64(hi));
        // SAFETY: i + 4 <= 256, in bounds of `out`.
        unsafe { vst1q_s32(out[i..].as_mut_ptr(), r) }
    }
}

crate::backend::kernels! {
    impl [K: crate::hash::MultiKeccak] DsaKernels for Neon<K> {
        type Token = cpu::Neon;
        type Fallback = Portable;
        type Keccak = K;

        fn ntt(_t: cpu::Neon, a: &mut Poly) {
            // SAFETY: `a` is 256 writable i32, the kernel reads and writes exactly those
            // and reads NTT_TAB; AAPCS64: it saves d8/d9 (the callee-saved halves it
            // uses) and otherwise touches only caller-saved registers.
            unsafe { mldsa_ntt_asm(a.as_mut_ptr(), &NTT_TAB) }
        }

        fn inv_ntt(_t: cpu::Neon, a: &mut Poly) {
            // SAFETY: as in `ntt` (saves d8-d10); reads INTT_TAB and NTT_TAB.l1to4.
            unsafe { mldsa_invntt_asm(a.as_mut_ptr(), &INTT_TAB, &NTT_TAB) }
        }

        fn pointwise_montgomery(_t: cpu::Neon, out: &mut Poly, a: &Poly, b: &Poly) {
            // SAFETY: three distinct 256-element i32 arrays (`out` is &mut, so it aliases
            // neither input); the kernel uses caller-saved registers only.
            unsafe { mldsa_pointwise_asm(out.as_mut_ptr(), a.as_ptr(), b.as_ptr()) }
        }

        fn pointwise_acc_montgomery(_t: cpu::Neon, out: &mut Poly, a: &[Poly], b: &[Poly]) {
            // SAFETY: NEON is part of the AArch64 base architecture (checked at compile
            // time in `crate::hash::keccak::aarch64`).
            unsafe { pointwise_acc(out, a, b) }
        }
    }
}
