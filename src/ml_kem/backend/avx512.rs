//! The AVX-512 ML-KEM backend (x86_64, AVX-512F/BW/VL on top of everything AVX2
//! needs): zmm kernels (32 i16 lanes per register) for the forward and inverse NTT
//! and the base multiplication, the AVX2 backend ([`Avx2`]) for every other kernel.
//!
//! The kernels are hand-written assembly (`asm/x86_64/ml_kem_*_avx512.S`, included
//! into naked `extern "sysv64"` functions, like the AVX2 ones). They run the same
//! per-coefficient arithmetic as the AVX2 kernels (the same Montgomery and Barrett
//! steps, the same reduction schedule), so the NTT and the base multiplication
//! equal the portable backend bit for bit and the inverse NTT is congruent to it
//! with the same bound. The whole polynomial fits in eight zmm registers, so each
//! NTT is one pass: the layers inside a register reach their butterfly partners
//! through four lane swaps (see `asm/x86_64/ml_kem_ntt_avx512.S`), undone at the
//! end so that NTT-domain data stays in the standard FIPS 203 order.
//!
//! Safety: every kernel takes a [`cpu::Avx512`] token, which only detection of
//! AVX-512F, BW and VL (with the OS saving the opmask/ZMM state, and everything
//! AVX2 needs) creates; it converts into the [`cpu::Avx2`] token of the fallback.
//! The assembly kernels rely on it.
//!
//! Constant time: the kernels have no data-dependent branch, memory index or
//! division (checked by `scripts/asmcheck.sh`); the NTTs are straight-line code and
//! the base multiplication loops on the public vector length.

use core::marker::PhantomData;

use super::avx2::Avx2;
use super::{GAMMAS, KemKernels, Poly, Q, ZETAS};
use crate::backend::cpu;
use crate::hash::MultiKeccak;

/// q^-1 mod 2^16, signed.
const QINV: i16 = -3327;
/// round(2^26 / q), the Barrett constant (same as the portable backend).
const BARRETT_V: i16 = 20159;
/// R^2 / 128 mod q: the 128^-1 of FIPS 203 Algorithm 10 step 14 times R.
const INV_NTT_F: i16 = 1441;

/// Zeta entries in [`TABLE`]: 23 for the forward NTT, 23 for the inverse.
const ENTRIES: usize = 46;
/// First vector of the zeta entries.
const ZETA_VEC: usize = 16;
/// Number of 32-lane vectors in [`TABLE`].
const TABLE_VECS: usize = ZETA_VEC + 2 * ENTRIES;

/// Constants and zetas for the zmm kernels, one 32-lane (64-byte) vector per use.
///
/// Layout (vector index): 0 q, 1 q^-1, 2 Barrett V, 3 2^5 (rounding shift),
/// 4 F*q^-1, 5 F (inverse NTT scaling), 6 and 7 the `vpermt2q` indices of the
/// 128-bit lane swap (`sw3` in the NTT kernels); 8..16 [`GAMMAS`] in the odd lanes
/// (lane 2j+1 of vector 8+v is gamma_{16v+j}); zeta entry e (0..46) at vectors
/// 16+2e (zeta * q^-1 mod 2^16) and 17+2e (zeta, Montgomery form, from [`ZETAS`]):
/// entries 0..23 in the order the forward NTT uses them, 23..46 in the order the
/// inverse NTT does.
#[repr(C, align(64))]
struct Table([[i16; 32]; TABLE_VECS]);

/// Sets zeta entry `e` of the table to lanes `ks` (indices into [`ZETAS`]).
const fn put(t: &mut [[i16; 32]; TABLE_VECS], e: usize, ks: [usize; 32]) {
    let mut l = 0;
    while l < 32 {
        let z = ZETAS[ks[l]];
        t[ZETA_VEC + 2 * e][l] = z.wrapping_mul(QINV);
        t[ZETA_VEC + 2 * e + 1][l] = z;
        l += 1;
    }
}

/// Every lane `k` (the layers that pair whole registers).
const fn splat(k: usize) -> [usize; 32] {
    [k; 32]
}

/// The forward zeta index of lane `l` in register pair `i` (coefficients
/// 64i..64i+63) at layer len = 2^j, j in 1..=5. For j < 5 the pair is in the lane
/// order of that layer: lane `l` is the block offset with bit j (the register bit)
/// removed, so the butterfly block within the pair is `l >> j` (for j = 5, the
/// standard order, it is 0).
const fn fwd(j: u32, i: usize) -> [usize; 32] {
    let mut k = [0; 32];
    let mut l = 0;
    while l < 32 {
        k[l] = (128 >> j) + ((64 * i) >> (j + 1)) + (l >> j);
        l += 1;
    }
    k
}

/// The inverse zeta index (FIPS 203 Algorithm 10 counts k down from 127) for the
/// same lanes as [`fwd`].
const fn inv(j: u32, i: usize) -> [usize; 32] {
    let mut k = [0; 32];
    let mut l = 0;
    while l < 32 {
        k[l] = (256 >> j) - 1 - ((64 * i) >> (j + 1)) - (l >> j);
        l += 1;
    }
    k
}

/// A vector of eight qword indices (each in the low 16-bit lane of its qword).
const fn qwords(ix: [i16; 8]) -> [i16; 32] {
    let mut v = [0i16; 32];
    let mut i = 0;
    while i < 8 {
        v[4 * i] = ix[i];
        i += 1;
    }
    v
}

const fn build_table() -> Table {
    let mut t = [[0i16; 32]; TABLE_VECS];
    t[0] = [Q; 32];
    t[1] = [QINV; 32];
    t[2] = [BARRETT_V; 32];
    t[3] = [1 << 5; 32];
    t[4] = [INV_NTT_F.wrapping_mul(QINV); 32];
    t[5] = [INV_NTT_F; 32];
    // sw3: X <- [X.L0, Y.L0, X.L2, Y.L2] (X is table 0), Y <- [X.L1, Y.L1, X.L3,
    // Y.L3] (Y is table 0, the copy of X table 1).
    t[6] = qwords([0, 1, 8, 9, 4, 5, 12, 13]);
    t[7] = qwords([10, 11, 2, 3, 14, 15, 6, 7]);
    let mut v = 0;
    while v < 8 {
        let mut j = 0;
        while j < 16 {
            t[8 + v][2 * j + 1] = GAMMAS[16 * v + j];
            j += 1;
        }
        v += 1;
    }
    // Forward NTT (asm/x86_64/ml_kem_ntt_avx512.S): len=128 (entry 0), len=64
    // (1, 2), then per register pair i: len=32 (3+i), 16, 8, 4, 2 (7+i, 11+i, 15+i,
    // 19+i).
    put(&mut t, 0, splat(1));
    put(&mut t, 1, splat(2));
    put(&mut t, 2, splat(3));
    let mut i = 0;
    while i < 4 {
        put(&mut t, 3 + i, fwd(5, i));
        put(&mut t, 7 + i, fwd(4, i));
        put(&mut t, 11 + i, fwd(3, i));
        put(&mut t, 15 + i, fwd(2, i));
        put(&mut t, 19 + i, fwd(1, i));
        // Inverse NTT (asm/x86_64/ml_kem_invntt_avx512.S): per pair len=2, 4, 8,
        // 16, 32 (23+i, 27+i, 31+i, 35+i, 39+i), then len=64 (43, 44), len=128 (45).
        put(&mut t, 23 + i, inv(1, i));
        put(&mut t, 27 + i, inv(2, i));
        put(&mut t, 31 + i, inv(3, i));
        put(&mut t, 35 + i, inv(4, i));
        put(&mut t, 39 + i, inv(5, i));
        i += 1;
    }
    put(&mut t, 43, splat(3));
    put(&mut t, 44, splat(2));
    put(&mut t, 45, splat(1));
    Table(t)
}

/// The kernel table (6.75 KiB, 64-byte aligned: the kernels use aligned loads).
static TABLE: Table = build_table();

/// Forward NTT kernel (asm/x86_64/ml_kem_ntt_avx512.S).
/// In: |a_i| < q. Out: |b_i| <= (q-1)/2, standard order, bit-identical to portable.
///
/// # Safety
/// AVX-512F and BW available; `a` points to 256 writable i16; `table` is [`TABLE`].
#[unsafe(naked)]
unsafe extern "sysv64" fn ntt_kernel(a: *mut i16, table: *const Table) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/ml_kem_ntt_avx512.S"))
}

/// Inverse NTT kernel times R (asm/x86_64/ml_kem_invntt_avx512.S).
/// In: |a_i| < q. Out: |b_i| < q, congruent to the portable result.
///
/// # Safety
/// AVX-512F and BW available; `a` points to 256 writable i16; `table` is [`TABLE`].
#[unsafe(naked)]
unsafe extern "sysv64" fn invntt_kernel(a: *mut i16, table: *const Table) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/ml_kem_invntt_avx512.S"))
}

/// Base multiplication summed over `k` polynomials
/// (asm/x86_64/ml_kem_basemul_avx512.S).
/// In: |coefficients| < q, 1 <= k <= 4. Out: |out_i| < q, bit-identical to portable.
///
/// # Safety
/// AVX-512F and BW available; `out` points to 256 writable i16, `a` and `b` to
/// `k >= 1` contiguous polynomials each; `table` is [`TABLE`].
#[unsafe(naked)]
unsafe extern "sysv64" fn basemul_acc_kernel(
    out: *mut i16,
    a: *const i16,
    b: *const i16,
    k: usize,
    table: *const Table,
) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/ml_kem_basemul_avx512.S"))
}

/// The AVX-512 backend over the multi-way Keccak `K` (`Avx512<Avx512x8>` is the
/// `avx512` backend): zmm NTTs and base multiplication, the rest from [`Avx2`].
pub(crate) struct Avx512<K>(PhantomData<K>);

crate::backend::kernels! {
    impl[K: MultiKeccak] KemKernels for Avx512<K> {
        type Token = cpu::Avx512;
        type Fallback = Avx2<K>;
        type Keccak = K;
        const KECCAK_X4_MIN_LANES: usize = <Avx2<K> as KemKernels>::KECCAK_X4_MIN_LANES;

        fn ntt(_t: cpu::Avx512, a: &mut Poly) {
            // SAFETY: `_t` proves AVX-512F/BW; `a` is 256 writable i16; TABLE is
            // the kernel's table.
            unsafe { ntt_kernel(a.as_mut_ptr(), &TABLE) }
        }

        fn inv_ntt(_t: cpu::Avx512, a: &mut Poly) {
            // SAFETY: as for `ntt`.
            unsafe { invntt_kernel(a.as_mut_ptr(), &TABLE) }
        }

        fn basemul_acc(_t: cpu::Avx512, out: &mut Poly, a: &[Poly], b: &[Poly]) {
            // The kernel reads `k` polynomials from each side: its memory safety
            // depends on the lengths, so they are checked here, not only in debug.
            assert!(!a.is_empty() && a.len() == b.len() && a.len() <= 4);
            // SAFETY: `_t` proves AVX-512F/BW; `a`, `b` are `k >= 1` contiguous
            // [i16; 256] each, `out` is 256 writable i16 (distinct from the inputs:
            // `&mut`).
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
    }
}
