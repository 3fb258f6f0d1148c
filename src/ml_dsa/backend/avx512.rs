//! The x86_64 AVX-512 backend: the AVX2 arithmetic ([`Avx2`]) with the AVX-512VL
//! 8-way Keccak ([`crate::hash::Avx512x8`]) for ExpandA, ExpandS and ExpandMask, and
//! AVX-512F (zmm) kernels for the pointwise Montgomery products
//! (`asm/x86_64/mldsa_pointwise_avx512.S`, `asm/x86_64/mldsa_pointwise_acc_avx512.S`,
//! included as naked functions).
//!
//! The pointwise kernels run the same per-coefficient arithmetic as the AVX2 ones (a
//! 64-bit product, or sum of products, then one signed Montgomery reduction) on 16
//! lanes per register, so their outputs equal the portable backend's bit for bit.
//! The permutation is where AVX-512 pays most (the state fits in the 32 vector
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
//! division (checked by `scripts/asmcheck.sh`); loops run on fixed trip counts and
//! the public number of polynomials.
#![allow(unsafe_code)]

use super::DsaKernels;
use super::Poly;
use super::avx2::Avx2;
use crate::backend::cpu;
use crate::hash::Avx512x8;

/// The AVX-512 backend (AVX2 arithmetic, AVX-512F pointwise products, AVX-512VL
/// Keccak).
pub(crate) struct Avx512;

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
