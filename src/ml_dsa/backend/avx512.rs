//! The x86_64 AVX-512 backend: the AVX2 arithmetic ([`Avx2`]) with the AVX-512VL
//! 4-way Keccak ([`crate::hash::Avx512x4`]) for ExpandA, ExpandS and ExpandMask, and
//! AVX-512F (zmm) kernels for the pointwise Montgomery products
//! (`asm/x86_64/mldsa_pointwise_avx512.S`, `asm/x86_64/mldsa_pointwise_acc_avx512.S`,
//! included as naked functions).
//!
//! The pointwise kernels run the same per-coefficient arithmetic as the AVX2 ones (a
//! 64-bit product, or sum of products, then one signed Montgomery reduction) on 16
//! lanes per register, so their outputs equal the portable backend's bit for bit.
//! The permutation is where AVX-512VL pays most (the state fits in the 32 ymm
//! registers, `vprolq` rotations and one-instruction chi). Every other method
//! forwards to [`Avx2`]: no logic of its own.
//!
//! Safety invariant of the whole module: [`Avx512`] is only used by the `dispatch!`
//! macro in the arm for [`crate::backend::Backend::Avx512`], which `active()` returns
//! only after `Backend::Avx512.is_available()` (AVX-512F, BW and VL present and the
//! opmask/ZMM state enabled by the OS, besides everything `Backend::Avx2` needs, so
//! [`Avx2`]'s invariant holds too), or by the differential harness
//! (`crate::kernel_check`) for backends `crate::backend::available()` lists, which
//! makes the same check. The assembly kernels rely on it.
//!
//! Constant time: the kernels have no data-dependent branch, memory index or
//! division (checked by `scripts/asmcheck.sh`); loops run on fixed trip counts and
//! the public number of polynomials.
#![allow(unsafe_code)]

use super::DsaBackend;
use super::avx2::Avx2;
use crate::ml_dsa::params::Poly;

/// The AVX-512 backend (AVX2 arithmetic, AVX-512F pointwise products, AVX-512VL
/// Keccak).
pub(crate) struct Avx512;

/// `out_i = a_i b_i 2^-32 mod q` on 256 coefficients. Requires AVX-512F; each
/// pointer covers 256 i32 (`out` writable, and may alias `a` or `b`).
/// `|a_i b_i| < 2^31 q`, output `|out_i| < q`, equal to the portable backend's.
#[unsafe(naked)]
unsafe extern "sysv64" fn mldsa_pointwise_avx512(out: *mut i32, a: *const i32, b: *const i32) {
    core::arch::naked_asm!(include_str!("../../../asm/x86_64/mldsa_pointwise_avx512.S"))
}

/// `out_i = sum_{j < n} a[j]_i b[j]_i 2^-32 mod q`. Requires AVX-512F; `a` and `b`
/// point to `n` consecutive polynomials, `1 <= n <= 8`, `out` to 256 writable i32.
/// `|a[j]_i| < q`, `|b[j]_i| < 9q`, output `|out_i| < q`, equal to the portable
/// backend's.
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

impl DsaBackend for Avx512 {
    type Keccak = crate::hash::Avx512x4;

    #[inline]
    fn ntt(a: &mut Poly) {
        Avx2::ntt(a)
    }
    #[inline]
    fn invntt_tomont(a: &mut Poly) {
        Avx2::invntt_tomont(a)
    }
    #[inline]
    fn pointwise_montgomery(out: &mut Poly, a: &Poly, b: &Poly) {
        // SAFETY: AVX-512F is available (module invariant: the backend is only
        // selected when AVX-512F/BW/VL are); the three pointers each cover 256 i32,
        // `out` writable.
        unsafe { mldsa_pointwise_avx512(out.as_mut_ptr(), a.as_ptr(), b.as_ptr()) }
    }
    #[inline]
    fn pointwise_acc_montgomery(out: &mut Poly, a: &[Poly], b: &[Poly]) {
        let n = a.len().min(b.len());
        debug_assert!(a.len() == b.len() && n <= 8);
        if n == 0 {
            *out = [0; 256];
            return;
        }
        // SAFETY: AVX-512F is available (module invariant: the backend is only
        // selected when AVX-512F/BW/VL are); `a` and `b` hold at least `n >= 1`
        // consecutive `[i32; 256]` (slices are contiguous, 1024 bytes apart), and
        // `out` covers 256 writable i32.
        unsafe {
            mldsa_pointwise_acc_avx512(out.as_mut_ptr(), a.as_ptr().cast(), b.as_ptr().cast(), n)
        }
    }
    #[inline]
    fn reduce32(a: &mut Poly) {
        Avx2::reduce32(a)
    }
    #[inline]
    fn caddq(a: &mut Poly) {
        Avx2::caddq(a)
    }
    #[inline]
    fn add(a: &mut Poly, b: &Poly) {
        Avx2::add(a, b)
    }
    #[inline]
    fn sub(a: &mut Poly, b: &Poly) {
        Avx2::sub(a, b)
    }
    #[inline]
    fn shift_left_d(a: &mut Poly) {
        Avx2::shift_left_d(a)
    }
    #[inline]
    fn power2round(a1: &mut Poly, a0: &mut Poly, a: &Poly) {
        Avx2::power2round(a1, a0, a)
    }
    #[inline]
    fn decompose<const GAMMA2: i32>(a1: &mut Poly, a0: &mut Poly, a: &Poly) {
        Avx2::decompose::<GAMMA2>(a1, a0, a)
    }
    #[inline]
    fn highbits<const GAMMA2: i32>(a: &mut Poly) {
        Avx2::highbits::<GAMMA2>(a)
    }
    #[inline]
    fn lowbits<const GAMMA2: i32>(a0: &mut Poly, a: &Poly) {
        Avx2::lowbits::<GAMMA2>(a0, a)
    }
    #[inline]
    fn make_hint<const GAMMA2: i32>(h: &mut Poly, r: &Poly, r_plus_z: &Poly) -> u32 {
        Avx2::make_hint::<GAMMA2>(h, r, r_plus_z)
    }
    #[inline]
    fn use_hint<const GAMMA2: i32>(a: &mut Poly, h: &Poly) {
        Avx2::use_hint::<GAMMA2>(a, h)
    }
    #[inline]
    fn norm_exceeds(a: &Poly, bound: i32) -> u32 {
        Avx2::norm_exceeds(a, bound)
    }
    #[inline]
    fn sample_in_ball<X: crate::ml_dsa::sample::BallStream>(
        c: &mut Poly,
        tau: usize,
        stream: &mut X,
    ) {
        Avx2::sample_in_ball(c, tau, stream)
    }
    #[inline]
    fn unpack_gamma1<const GAMMA1: i32, const BITS: usize>(w: &mut Poly, bytes: &[u8]) {
        Avx2::unpack_gamma1::<GAMMA1, BITS>(w, bytes)
    }
    #[inline]
    fn rej_ntt_fill(out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
        Avx2::rej_ntt_fill(out, ctr, buf)
    }
    #[inline]
    fn rej_bounded_fill<const ETA: i32>(out: &mut Poly, ctr: &mut usize, buf: &[u8]) {
        Avx2::rej_bounded_fill::<ETA>(out, ctr, buf)
    }
}
