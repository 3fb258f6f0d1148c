//! The AArch64 NEON backend for ML-KEM.
//!
//! The NTT, the inverse NTT and the base multiplication are hand-written assembly
//! (`asm/aarch64/mlkem_*.S`, included into `#[unsafe(naked)]` functions); they use
//! plain (not Montgomery) twiddles with the "Barrett multiplication" of Becker et al.
//! (TCHES 2022/1): `a * z mod q = a * z - round(a * z' / 2^15) * q` with
//! `z' = round(z * 2^15 / q)`, i.e. `SQRDMULH` for the quotient and `MUL` + `MLS` for the
//! remainder (|result| < q for every i16 `a`). The base multiplication accumulates in
//! 32 bits (`SMULL`/`SMLAL`) and ends with one Montgomery reduction (`MUL` by q^-1,
//! `SMLSL` by q, `UZP2`). Layers are merged (four, then three) so that every
//! coefficient is loaded and stored twice per transform, with no spills.
//!
//! Outputs are congruent to the portable backend's and meet the same bounds of
//! [`KemBackend`]; the NTT output, canonical reductions and everything encoded are
//! bit-identical (the tests check both).
//!
//! The other functions are either NEON intrinsics (the coefficient-wise ones) or the
//! portable code where NEON does not pay (bit packing, CBD, rejection sampling,
//! which are dominated by byte shuffling the compiler already vectorises, or by
//! variable-length output).
//!
//! `Neon<K>` is generic over the Keccak so that the arithmetic is written once:
//! `Neon<NeonX2>` is the `neon` backend, `Neon<NeonSha3X2>` is `neon-sha3`.

#![allow(unsafe_code)]

use core::arch::aarch64::{
    int16x8_t, vaddq_s16, vandq_s16, vdupq_n_s16, vld1q_s16, vmlsq_s16, vmulq_s16, vqdmulhq_s16,
    vqrdmulhq_s16, vrshrq_n_s16, vshrq_n_s16, vst1q_s16, vsubq_s16,
};
use core::marker::PhantomData;

use super::portable::Portable;
use super::{KemKernels, Poly, Q, bitrev7, pow_mod};
use crate::backend::cpu;

/// The NEON backend over the 4-way Keccak `K`.
pub(crate) struct Neon<K>(PhantomData<K>);

/// `x mod q`, centered in `(-q/2, q/2]` (const evaluation only).
const fn centered(x: i64) -> i16 {
    let m = x.rem_euclid(3329);
    (if m > 1664 { m - 3329 } else { m }) as i16
}

/// zeta^BitRev7(k) mod q, centered (FIPS 203 section 4.3, zeta = 17).
const fn zeta(k: usize) -> i16 {
    centered(pow_mod(17, bitrev7(k)))
}

/// The Barrett-multiplication companion `round(z * 2^15 / q)` of a constant z.
const fn tw(z: i16) -> i16 {
    ((z as i64 * 65536 + 3329).div_euclid(2 * 3329)) as i16
}

/// gamma_i = zeta^(2 BitRev7(i) + 1) mod q, centered (FIPS 203 Algorithm 11).
const fn gamma(i: usize) -> i16 {
    centered(pow_mod(17, 2 * bitrev7(i) + 1))
}

/// Twiddle tables in the order the assembly reads them (see `asm/aarch64/`).
#[repr(C, align(16))]
struct NttTable {
    /// zeta(k) at index k for k = 1..16 (layers 1-4; index 0 unused), then tw(zeta(k)).
    l1to4: [i16; 32],
    /// Per 32-coefficient block b (8 blocks), 56 values: see `ntt_table`.
    l5to7: [[i16; 56]; 8],
}

/// Forward table. Block b of layers 5-7 holds: `[z(16+2b), z(17+2b), tw, tw, 0 x 4]`
/// (layer 5, by element), then layer 6 as vectors `z(32+4b+i)` for the 32-bit lane i
/// (each value twice) and their tw, then layer 7: `z(64+8b+2i)` and tw, `z(65+8b+2i)`
/// and tw.
const NTT_TABLE: NttTable = {
    let mut t = NttTable {
        l1to4: [0; 32],
        l5to7: [[0; 56]; 8],
    };
    let mut k = 1;
    while k < 16 {
        t.l1to4[k] = zeta(k);
        t.l1to4[16 + k] = tw(zeta(k));
        k += 1;
    }
    let mut b = 0;
    while b < 8 {
        let r = &mut t.l5to7[b];
        r[0] = zeta(16 + 2 * b);
        r[1] = zeta(17 + 2 * b);
        r[2] = tw(r[0]);
        r[3] = tw(r[1]);
        let mut l = 0;
        while l < 8 {
            let i = l / 2;
            r[8 + l] = zeta(32 + 4 * b + i);
            r[16 + l] = tw(r[8 + l]);
            r[24 + l] = zeta(64 + 8 * b + 2 * i);
            r[32 + l] = tw(r[24 + l]);
            r[40 + l] = zeta(65 + 8 * b + 2 * i);
            r[48 + l] = tw(r[40 + l]);
            l += 1;
        }
        b += 1;
    }
    t
};

/// Inverse table (FIPS 203 Algorithm 10 walks k from 127 down: the butterflies of
/// layer length L at start s use zeta(256/L - 1 - s)). Block b of layers 7-5: layer 7
/// as `z(127-8b-2i)`, tw, `z(126-8b-2i)`, tw; layer 6 `z(63-4b-i)`, tw; then
/// `[z(31-2b), z(30-2b), tw, tw, 0 x 4]`. Layers 4-1 use `l1to4` of [`NTT_TABLE`]
/// (the same zetas, k = 1..16).
const INTT_TABLE: [[i16; 56]; 8] = {
    let mut t = [[0i16; 56]; 8];
    let mut b = 0;
    while b < 8 {
        let r = &mut t[b];
        let mut l = 0;
        while l < 8 {
            let i = l / 2;
            r[l] = zeta(127 - 8 * b - 2 * i);
            r[8 + l] = tw(r[l]);
            r[16 + l] = zeta(126 - 8 * b - 2 * i);
            r[24 + l] = tw(r[16 + l]);
            r[32 + l] = zeta(63 - 4 * b - i);
            r[40 + l] = tw(r[32 + l]);
            l += 1;
        }
        r[48] = zeta(31 - 2 * b);
        r[49] = zeta(30 - 2 * b);
        r[50] = tw(r[48]);
        r[51] = tw(r[49]);
        b += 1;
    }
    t
};

/// `gamma(i)` for the 128 coefficient pairs, then their tw.
#[repr(C, align(16))]
struct GammaTable([i16; 256]);
const GAMMA_TABLE: GammaTable = {
    let mut t = [0i16; 256];
    let mut i = 0;
    while i < 128 {
        t[i] = gamma(i);
        t[128 + i] = tw(t[i]);
        i += 1;
    }
    GammaTable(t)
};

// The statics the kernels read (consts above are for evaluation; the kernels need
// addresses).
static NTT_TAB: NttTable = NTT_TABLE;
static INTT_TAB: [[i16; 56]; 8] = INTT_TABLE;
static GAMMA_TAB: GammaTable = GAMMA_TABLE;

/// Forward NTT, layers 1-4 then 5-7, final Barrett reduction.
/// x0 = poly (256 i16), x1 = `NTT_TAB`. Out: |b_i| <= (q-1)/2.
///
/// # Safety
/// `a` points to 256 writable i16 and `table` to `NTT_TAB` (NEON is part of
/// AArch64; callers hold a `cpu::Neon` token).
#[unsafe(naked)]
unsafe extern "C" fn mlkem_ntt_asm(_a: *mut i16, _table: *const NttTable) {
    core::arch::naked_asm!(include_str!("../../../asm/aarch64/mlkem_ntt.S"))
}

/// Inverse NTT times R (Barrett multiplications; final factor R/128 = 512 mod q).
/// x0 = poly, x1 = `INTT_TAB`, x2 = `NTT_TAB`. In |a_i| < q; out |b_i| < q.
///
/// # Safety
/// `a` points to 256 writable i16, `table` to `INTT_TAB` and `table14` to `NTT_TAB`.
#[unsafe(naked)]
unsafe extern "C" fn mlkem_invntt_asm(
    _a: *mut i16,
    _table: *const [[i16; 56]; 8],
    _table14: *const NttTable,
) {
    core::arch::naked_asm!(include_str!("../../../asm/aarch64/mlkem_invntt.S"))
}

/// `out = sum_{j<k} a[j] x b[j] * R^-1` over k polynomials 512 bytes apart.
/// x0 = out, x1 = a, x2 = b, x3 = k (1..=4), x4 = `GAMMA_TAB`.
///
/// # Safety
/// `a` and `b` point to `k` (1..=4) contiguous polynomials of 256 i16, `out` to
/// 256 writable i16 not overlapping them, `gammas` to `GAMMA_TAB`.
#[unsafe(naked)]
unsafe extern "C" fn mlkem_basemul_acc_asm(
    _out: *mut i16,
    _a: *const i16,
    _b: *const i16,
    _k: usize,
    _gammas: *const GammaTable,
) {
    core::arch::naked_asm!(include_str!("../../../asm/aarch64/mlkem_basemul.S"))
}

/// Barrett multiplication by a constant (see the module documentation), |result| < q.
#[inline]
#[target_feature(enable = "neon")]
fn mulc(a: int16x8_t, z: int16x8_t, z_tw: int16x8_t, q: int16x8_t) -> int16x8_t {
    vmlsq_s16(vmulq_s16(a, z), vqrdmulhq_s16(a, z_tw), q)
}

/// Barrett reduction, exactly `portable::barrett_reduce`: t = floor(2^26 a / q)
/// rounded is `SRSHR(SQDMULH(a, 20159), 11)` (20159 = round(2^26 / q)).
#[inline]
#[target_feature(enable = "neon")]
fn barrett(a: int16x8_t, q: int16x8_t) -> int16x8_t {
    let t = vrshrq_n_s16::<11>(vqdmulhq_s16(a, vdupq_n_s16(20159)));
    vmlsq_s16(a, t, q)
}

/// The coefficient-wise operations of [`KemBackend`] on the 32 vectors of a polynomial.
#[derive(Clone, Copy)]
enum Op {
    /// `a * R mod q`: Barrett multiplication by R mod q (|result| < q).
    ToMont,
    /// Canonical representative: Barrett reduction, then add q to negatives.
    Reduce,
    Add,
    Sub,
}

/// Applies `op` to `a` (and `b` for the binary ones), eight coefficients at a time.
#[target_feature(enable = "neon")]
fn coefficientwise(op: Op, a: &mut Poly, b: &Poly) {
    const R_MOD_Q: i16 = centered(1 << 16);
    let q = vdupq_n_s16(Q);
    let (z, zt) = (vdupq_n_s16(R_MOD_Q), vdupq_n_s16(tw(R_MOD_Q)));
    for (c, d) in a.chunks_exact_mut(8).zip(b.chunks_exact(8)) {
        // SAFETY: `c` and `d` are 8 contiguous, initialised i16 each (chunks_exact).
        let (x, y) = unsafe { (vld1q_s16(c.as_ptr()), vld1q_s16(d.as_ptr())) };
        let r = match op {
            Op::ToMont => mulc(x, z, zt, q),
            Op::Reduce => {
                let r = barrett(x, q);
                vaddq_s16(r, vandq_s16(vshrq_n_s16::<15>(r), q))
            }
            Op::Add => vaddq_s16(x, y),
            Op::Sub => vsubq_s16(x, y),
        };
        // SAFETY: as above, `c` is 8 writable i16.
        unsafe { vst1q_s16(c.as_mut_ptr(), r) }
    }
}

/// [`coefficientwise`] for unary operations.
fn unary(op: Op, a: &mut Poly) {
    let b = [0i16; 256];
    // SAFETY: NEON is part of the AArch64 base architecture (checked at compile time in
    // `crate::hash::keccak::aarch64`).
    unsafe { coefficientwise(op, a, &b) }
}

/// [`coefficientwise`] for binary operations.
fn binary(op: Op, a: &mut Poly, b: &Poly) {
    // SAFETY: NEON is part of the AArch64 base architecture.
    unsafe { coefficientwise(op, a, b) }
}

crate::backend::kernels! {
    impl[K: crate::hash::MultiKeccak] KemKernels for Neon<K> {
        type Token = cpu::Neon;
        type Fallback = Portable;
        type Keccak = K;

        fn ntt(_t: cpu::Neon, a: &mut Poly) {
            // SAFETY: `a` is 256 writable i16; the kernel reads and writes exactly those
            // and reads the 480 i16 of NTT_TAB; it follows the AAPCS64 (touches only
            // caller-saved registers, x0-x9, v0-v7 and v16-v31; d8-d15 untouched; no stack).
            unsafe { mlkem_ntt_asm(a.as_mut_ptr(), &NTT_TAB) }
        }

        fn inv_ntt(_t: cpu::Neon, a: &mut Poly) {
            // SAFETY: as in `ntt`; reads INTT_TAB (448 i16) and the first 32 i16 of NTT_TAB.
            unsafe { mlkem_invntt_asm(a.as_mut_ptr(), &INTT_TAB, &NTT_TAB) }
        }

        fn basemul_acc(_t: cpu::Neon, out: &mut Poly, a: &[Poly], b: &[Poly]) {
            let k = a.len();
            assert!(k == b.len() && (1..=4).contains(&k));
            // SAFETY: `a` and `b` hold k contiguous polynomials of 256 i16 (512 bytes
            // apart), `out` is 256 writable i16 not overlapping them (&mut); 1 <= k <= 4
            // is the kernel's bound (the 32-bit accumulators cannot overflow); GAMMA_TAB
            // is 256 i16. AAPCS64 as in `ntt`.
            unsafe {
                mlkem_basemul_acc_asm(
                    out.as_mut_ptr(),
                    a.as_ptr().cast(),
                    b.as_ptr().cast(),
                    k,
                    &GAMMA_TAB,
                )
            }
        }

        fn to_mont(_t: cpu::Neon, a: &mut Poly) {
            unary(Op::ToMont, a);
        }

        fn reduce(_t: cpu::Neon, a: &mut Poly) {
            unary(Op::Reduce, a);
        }

        fn add(_t: cpu::Neon, a: &mut Poly, b: &Poly) {
            binary(Op::Add, a, b);
        }

        fn sub(_t: cpu::Neon, a: &mut Poly, b: &Poly) {
            binary(Op::Sub, a, b);
        }
    }
}
