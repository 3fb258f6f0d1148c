//! The x86_64 AVX-512 backend: the AVX2 arithmetic ([`Avx2`]) with the AVX-512VL
//! 4-way Keccak ([`crate::hash::Avx512x4`]) for ExpandA, ExpandS and ExpandMask.
//!
//! The polynomial arithmetic is memory- and latency-bound at 256 coefficients per
//! polynomial and already runs on the AVX2 kernels; the permutation is where
//! AVX-512VL pays (the state fits in the 32 ymm registers, `vprolq` rotations and
//! one-instruction chi). Every method forwards to [`Avx2`]: no logic of its own.
//!
//! Selected by `dispatch!` only when `Backend::Avx512.is_available()`, which
//! includes everything `Backend::Avx2` needs, so [`Avx2`]'s safety invariant holds.

use super::DsaBackend;
use super::avx2::Avx2;
use crate::ml_dsa::params::Poly;

/// The AVX-512 backend (AVX2 arithmetic, AVX-512VL Keccak).
pub(crate) struct Avx512;

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
        Avx2::pointwise_montgomery(out, a, b)
    }
    #[inline]
    fn pointwise_acc_montgomery(out: &mut Poly, a: &[Poly], b: &[Poly]) {
        Avx2::pointwise_acc_montgomery(out, a, b)
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
