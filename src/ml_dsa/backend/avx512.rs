//! The x86_64 AVX-512 backend: the AVX2 arithmetic ([`Avx2`]) with the AVX-512VL
//! 8-way Keccak ([`crate::hash::Avx512x8`]) for ExpandA, ExpandS and ExpandMask, and
//! AVX-512F (zmm) kernels for the NTT, the inverse NTT
//! (`asm/x86_64/mldsa_ntt_avx512.S`, `asm/x86_64/mldsa_invntt_avx512.S`) and the
//! pointwise Montgomery products (`asm/x86_64/mldsa_pointwise_avx512.S`,
//! `asm/x86_64/mldsa_pointwise_acc_avx512.S`), included as naked functions.
//!
//! The zmm kernels run the same per-coefficient arithmetic as the AVX2 ones (the
//! same butterflies; a 64-bit product, or sum of products, then one signed
//! Montgomery reduction) on 16 lanes per register, so their outputs equal the
//! portable backend's bit for bit. The whole polynomial fits in sixteen zmm
//! registers, so each NTT is one pass: the layers of distance 16 and more pair
//! whole registers, and for the last four each register pair is rearranged so that
//! the butterfly's index bit becomes the register bit (one or two shuffles per
//! register and layer, see the .S files), then put back in the natural order.
//! For the Keccak permutation, AVX-512 pays most (the state fits in the 32 vector
//! registers, `vprolq` rotations and one-instruction chi, eight states per zmm
//! word, so the samplers hash eight streams per call). Every other kernel is
//! the fallback's, `Avx2<Avx512x8>`: the AVX2 arithmetic with the AVX-512 Keccak.
//!
//! Safety: the kernels take a [`cpu::Avx512`] token, which only detection of
//! AVX-512F, BW and VL (with the OS saving the opmask/ZMM state) creates; it
//! converts into the [`cpu::Avx2`] token of the fallback (the backend requires
//! everything AVX2 needs too). The assembly kernels rely on it.
//!
//! Constant time: the kernels have no data-dependent branch, memory index or
//! division (checked by `scripts/asmcheck.sh`); the NTTs are straight-line code,
//! the other loops run on fixed trip counts and the public number of polynomials.
#![allow(unsafe_code)]

use super::DsaKernels;
use super::Poly;
use super::avx2::Avx2;
use super::portable::{INV_NTT_F, QINV, ZETAS_MONT};
use crate::backend::cpu;
use crate::hash::Avx512x8;

/// The AVX-512 backend (AVX2 arithmetic, AVX-512F NTTs and pointwise products,
/// AVX-512VL Keccak).
pub(crate) struct Avx512;

// ---------------------------------------------------------------------------------
// Twiddle tables of the zmm NTTs (layouts documented in the .S files).
// ---------------------------------------------------------------------------------

/// 16-lane vectors in each NTT table: 4 of broadcast scalars, 2 of permutation
/// indices, 8 register pairs times 10 of per-lane twiddles.
const NTT_VECS: usize = 6 + 8 * 10;

/// A table of 16-lane vectors, 64-byte aligned (the kernels use aligned loads).
#[repr(C, align(64))]
struct NttTable([[i32; 16]; NTT_VECS]);

/// An arrangement of a register pair (32 coefficients, index bits b4..b0) in the
/// zmm NTTs: the coefficient bit held by the register bit (0 for the first register
/// of the pair, 1 for the second) and by each lane bit 0..3.
struct Layout {
    reg: u32,
    lanes: [u32; 4],
}

/// After swA (forward, len 8): register b3, lanes (b4, b2, b1, b0).
const FWD_LEN8: Layout = Layout {
    reg: 3,
    lanes: [0, 1, 2, 4],
};
/// After swB (forward len 4, inverse len 4): register b2, lanes (b3, b4, b1, b0).
const LEN4: Layout = Layout {
    reg: 2,
    lanes: [0, 1, 4, 3],
};
/// After swC (len 2): register b1, lanes (b3, b4, b2, b0).
const LEN2: Layout = Layout {
    reg: 1,
    lanes: [0, 2, 4, 3],
};
/// After swD (len 1): register b0, lanes (b3, b4, b2, b1).
const LEN1: Layout = Layout {
    reg: 0,
    lanes: [1, 2, 4, 3],
};
/// After swB' (inverse, len 8): register b3, lanes (b2, b4, b1, b0).
const INV_LEN8: Layout = Layout {
    reg: 3,
    lanes: [0, 1, 4, 2],
};

/// The offset (0..32) within its register pair of the coefficient in register `r`
/// (0 or 1), lane `l`, arranged as `lay`.
const fn coef(lay: &Layout, r: usize, l: usize) -> usize {
    let mut c = r << lay.reg;
    let mut p = 0;
    while p < 4 {
        c |= ((l >> p) & 1) << lay.lanes[p];
        p += 1;
    }
    c
}

/// The twiddle index k of FIPS 204 Algorithm 41 (`inverse` false) or 42 (true) of
/// the butterfly of layer len = 2^j on global coefficient `c`.
const fn zeta_index(inverse: bool, j: u32, c: usize) -> usize {
    if inverse {
        (256 >> j) - 1 - (c >> (j + 1))
    } else {
        (128 >> j) + (c >> (j + 1))
    }
}

/// The twiddle of index k in the Montgomery form: zeta_k, or -zeta_k for the
/// inverse.
const fn twiddle(inverse: bool, k: usize) -> i32 {
    if inverse {
        -ZETAS_MONT[k]
    } else {
        ZETAS_MONT[k]
    }
}

/// Writes the per-lane twiddles of layer len = 2^j (the register bit of `lay`) for
/// register pair `i` at vector `v`: w, w q^-1, and with `odd` two more vectors
/// holding the odd lanes' values in both dwords of each qword. Without `odd` the two
/// lanes of each qword must share their twiddle (the kernels read the even dwords
/// only), which is checked here (at compile time, the tables being constants).
const fn put_lanes(
    t: &mut [[i32; 16]; NTT_VECS],
    v: usize,
    inverse: bool,
    lay: &Layout,
    i: usize,
    odd: bool,
) {
    let j = lay.reg;
    let mut l = 0;
    while l < 16 {
        let w = twiddle(inverse, zeta_index(inverse, j, 32 * i + coef(lay, 0, l)));
        t[v][l] = w;
        t[v + 1][l] = w.wrapping_mul(QINV);
        if odd {
            let e = l & !1;
            let wo = twiddle(
                inverse,
                zeta_index(inverse, j, 32 * i + coef(lay, 0, e + 1)),
            );
            t[v + 2][l] = wo;
            t[v + 3][l] = wo.wrapping_mul(QINV);
        } else if l % 2 == 1 {
            assert!(
                t[v][l] == t[v][l - 1],
                "qword lanes must share their twiddle"
            );
        }
        l += 1;
    }
}

/// Broadcast scalar k (both dwords of qword k of vectors 0-1, times q^-1 in 2-3).
const fn put_scalar(t: &mut [[i32; 16]; NTT_VECS], k: usize, w: i32) {
    let wq = w.wrapping_mul(QINV);
    t[(2 * k) / 16][(2 * k) % 16] = w;
    t[(2 * k) / 16][(2 * k + 1) % 16] = w;
    t[2 + (2 * k) / 16][(2 * k) % 16] = wq;
    t[2 + (2 * k) / 16][(2 * k + 1) % 16] = wq;
}

/// The table of `mldsa_ntt_avx512.S`.
const fn ntt_table() -> NttTable {
    let mut t = [[0i32; 16]; NTT_VECS];
    let mut k = 0;
    while k < 16 {
        put_scalar(&mut t, k, ZETAS_MONT[k]);
        k += 1;
    }
    // The final permutation, from LEN1 to the natural order: output register r, lane
    // l takes the coefficient r*16 + l from where LEN1 keeps it (vpermt2d index:
    // the source lane, plus 16 for the second register).
    let mut src = 0;
    while src < 32 {
        let c = coef(&LEN1, src / 16, src % 16);
        t[4 + c / 16][c % 16] = src as i32;
        src += 1;
    }
    let mut i = 0;
    while i < 8 {
        put_lanes(&mut t, 6 + 2 * i, false, &FWD_LEN8, i, false);
        put_lanes(&mut t, 22 + 2 * i, false, &LEN4, i, false);
        put_lanes(&mut t, 38 + 2 * i, false, &LEN2, i, false);
        put_lanes(&mut t, 54 + 4 * i, false, &LEN1, i, true);
        i += 1;
    }
    NttTable(t)
}

/// The table of `mldsa_invntt_avx512.S`.
const fn invntt_table() -> NttTable {
    let mut t = [[0i32; 16]; NTT_VECS];
    put_scalar(&mut t, 0, INV_NTT_F);
    let mut k = 1;
    while k < 16 {
        put_scalar(&mut t, k, -ZETAS_MONT[k]);
        k += 1;
    }
    // The first permutation, from the natural order to LEN1: register r, lane l
    // takes coefficient coef(LEN1, r, l), which the natural order keeps at that
    // very vpermt2d index.
    let mut dst = 0;
    while dst < 32 {
        t[4 + dst / 16][dst % 16] = coef(&LEN1, dst / 16, dst % 16) as i32;
        dst += 1;
    }
    let mut i = 0;
    while i < 8 {
        put_lanes(&mut t, 6 + 4 * i, true, &LEN1, i, true);
        put_lanes(&mut t, 38 + 2 * i, true, &LEN2, i, false);
        put_lanes(&mut t, 54 + 2 * i, true, &LEN4, i, false);
        put_lanes(&mut t, 70 + 2 * i, true, &INV_LEN8, i, false);
        i += 1;
    }
    NttTable(t)
}

static NTT_TABLE: NttTable = ntt_table();
static INVNTT_TABLE: NttTable = invntt_table();

/// Forward NTT in place (FIPS 204 Algorithm 41). Input `|a_i| < q`, output
/// `|a_i| < 9q`, bit-identical to the portable backend.
///
/// # Safety
/// The CPU supports AVX-512F; `a` points to 256 writable i32 (any alignment),
/// `table` is [`NTT_TABLE`].
#[unsafe(naked)]
unsafe extern "sysv64" fn mldsa_ntt_avx512(a: *mut i32, table: *const NttTable) {
    core::arch::naked_asm!(concat!(
        include_str!("../../../asm/x86_64/mldsa_avx512_common.inc"),
        include_str!("../../../asm/x86_64/mldsa_ntt_avx512.S"),
        include_str!("../../../asm/x86_64/mldsa_avx512_common_end.inc")
    ))
}

/// Inverse NTT times 2^32 in place (FIPS 204 Algorithm 42). Input `|a_i| < q`,
/// output `|a_i| < q`, bit-identical to the portable backend.
///
/// # Safety
/// The CPU supports AVX-512F; `a` points to 256 writable i32 (any alignment),
/// `table` is [`INVNTT_TABLE`].
#[unsafe(naked)]
unsafe extern "sysv64" fn mldsa_invntt_avx512(a: *mut i32, table: *const NttTable) {
    core::arch::naked_asm!(concat!(
        include_str!("../../../asm/x86_64/mldsa_avx512_common.inc"),
        include_str!("../../../asm/x86_64/mldsa_invntt_avx512.S"),
        include_str!("../../../asm/x86_64/mldsa_avx512_common_end.inc")
    ))
}

/// `out_i = a_i b_i 2^-32 mod q` on 256 coefficients.
/// `|a_i b_i| < 2^31 q`, output `|out_i| < q`, equal to the portable backend's.
///
/// # Safety
/// The CPU supports AVX-512F; each pointer covers 256 i32 (`out` writable, and
/// may alias `a` or `b`).
#[unsafe(naked)]
unsafe extern "sysv64" fn mldsa_pointwise_avx512(out: *mut i32, a: *const i32, b: *const i32) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/mldsa_pointwise_avx512.S"))
}

/// `out_i = sum_{j < n} a[j]_i b[j]_i 2^-32 mod q`.
/// `|a[j]_i| < q`, `|b[j]_i| < 9q`, output `|out_i| < q`, equal to the portable
/// backend's.
///
/// # Safety
/// The CPU supports AVX-512F; `a` and `b` point to `n` consecutive polynomials,
/// `1 <= n <= 8`, `out` to 256 writable i32.
#[unsafe(naked)]
unsafe extern "sysv64" fn mldsa_pointwise_acc_avx512(
    out: *mut i32,
    a: *const i32,
    b: *const i32,
    n: usize,
) {
    core::arch::naked_asm!(include_str!(
        "../../../asm/x86_64/mldsa_pointwise_acc_avx512.S"
    ))
}

crate::backend::kernels! {
    impl DsaKernels for Avx512 {
        type Token = cpu::Avx512;
        type Fallback = Avx2<Avx512x8>;
        type Keccak = Avx512x8;

        #[inline]
        fn ntt(_t: cpu::Avx512, a: &mut Poly) {
            // SAFETY: `_t` proves AVX-512F; `a` is 256 writable i32 and the table is
            // `NTT_TABLE`, as the kernel requires.
            unsafe { mldsa_ntt_avx512(a.as_mut_ptr(), &NTT_TABLE) }
        }

        #[inline]
        fn inv_ntt(_t: cpu::Avx512, a: &mut Poly) {
            // SAFETY: `_t` proves AVX-512F; `a` is 256 writable i32 and the table is
            // `INVNTT_TABLE`, as the kernel requires.
            unsafe { mldsa_invntt_avx512(a.as_mut_ptr(), &INVNTT_TABLE) }
        }

        #[inline]
        fn pointwise_montgomery(_t: cpu::Avx512, out: &mut Poly, a: &Poly, b: &Poly) {
            // SAFETY: `_t` proves AVX-512F; the three pointers each cover 256 i32,
            // `out` writable.
            unsafe { mldsa_pointwise_avx512(out.as_mut_ptr(), a.as_ptr(), b.as_ptr()) }
        }

        #[inline]
        fn pointwise_acc_montgomery(_t: cpu::Avx512, out: &mut Poly, a: &[Poly], b: &[Poly]) {
            let n = a.len().min(b.len());
            if n == 0 {
                *out = [0; 256];
                return;
            }
            // SAFETY: `_t` proves AVX-512F; `a` and `b` hold at least `n >= 1`
            // consecutive `[i32; 256]` (slices are contiguous, 1024 bytes apart), and
            // `out` covers 256 writable i32.
            unsafe {
                mldsa_pointwise_acc_avx512(out.as_mut_ptr(), a.as_ptr().cast(), b.as_ptr().cast(), n)
            }
        }
    }
}
