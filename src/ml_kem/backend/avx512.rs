//! The x86_64 AVX-512 ML-KEM backend: the AVX2 arithmetic ([`Avx2`]) with the
//! AVX-512VL 4-way Keccak ([`crate::hash::Avx512x4`]) for matrix expansion and noise
//! sampling.
//!
//! The permutation is where AVX-512VL pays (the whole state fits in the 32 ymm
//! registers, `vprolq` rotations, one-instruction chi); the polynomial arithmetic
//! stays on the AVX2 kernels. Every method forwards to [`Avx2`]: no logic of its own.
//!
//! Selected by `dispatch!` only when `Backend::Avx512.is_available()`, which
//! includes everything `Backend::Avx2` needs, so [`Avx2`]'s safety invariant holds.

use super::{Avx2, KemBackend, Poly};

/// The AVX-512 backend (AVX2 arithmetic, AVX-512VL Keccak).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Avx512;

impl KemBackend for Avx512 {
    type Keccak = crate::hash::Avx512x4;
    // Not measured on AVX-512 hardware (none available): the AVX2 backend's value.
    const KECCAK_X4_MIN_LANES: usize = Avx2::KECCAK_X4_MIN_LANES;

    #[inline]
    fn ntt(a: &mut Poly) {
        Avx2::ntt(a)
    }
    #[inline]
    fn inv_ntt(a: &mut Poly) {
        Avx2::inv_ntt(a)
    }
    #[inline]
    fn basemul_acc(out: &mut Poly, a: &[Poly], b: &[Poly]) {
        Avx2::basemul_acc(out, a, b)
    }
    #[inline]
    fn to_mont(a: &mut Poly) {
        Avx2::to_mont(a)
    }
    #[inline]
    fn reduce(a: &mut Poly) {
        Avx2::reduce(a)
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
    fn compress_encode(d: usize, a: &Poly, out: &mut [u8]) {
        Avx2::compress_encode(d, a, out)
    }
    #[inline]
    fn decode_decompress(d: usize, bytes: &[u8], a: &mut Poly) {
        Avx2::decode_decompress(d, bytes, a)
    }
    #[inline]
    fn encode12(a: &Poly, out: &mut [u8]) {
        Avx2::encode12(a, out)
    }
    #[inline]
    fn decode12(bytes: &[u8], a: &mut Poly) -> bool {
        Avx2::decode12(bytes, a)
    }
    #[inline]
    fn cbd(eta: usize, bytes: &[u8], a: &mut Poly) {
        Avx2::cbd(eta, bytes, a)
    }
    #[inline]
    fn rej_uniform(out: &mut [i16], buf: &[u8]) -> usize {
        Avx2::rej_uniform(out, buf)
    }
    #[inline]
    fn wipe_polys(a: &mut [Poly]) {
        Avx2::wipe_polys(a)
    }
    #[inline]
    fn wipe_bytes(a: &mut [u8]) {
        Avx2::wipe_bytes(a)
    }
}
