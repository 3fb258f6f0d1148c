//! The three ML-DSA parameter sets of FIPS 204 section 4 (Table 1 and Table 2).
//!
//! [`ParameterSet`] carries every constant of Table 1 plus the byte sizes of Table 2
//! as associated constants, and the fixed-size array types the generic algorithms
//! need (Rust cannot yet size an array by a generic parameter's constant). It is
//! sealed: the only implementations are [`MlDsa44`], [`MlDsa65`] and [`MlDsa87`].

use core::fmt::Debug;
use zeroize::Zeroize;

use super::backend::DsaBackend;
pub(crate) use super::backend::{Poly, Q};

mod sealed {
    pub trait Sealed {}
}
use sealed::Sealed;

/// A fixed-size byte array (`[u8; N]`): a key or signature encoding.
pub trait ByteArray:
    AsRef<[u8]> + AsMut<[u8]> + Copy + Zeroize + Eq + Debug + Send + Sync + 'static + Sealed
{
    /// The all-zero array.
    fn zeroed() -> Self;
}
impl<const N: usize> Sealed for [u8; N] {}
impl<const N: usize> ByteArray for [u8; N] {
    #[inline(always)]
    fn zeroed() -> Self {
        [0u8; N]
    }
}

/// A vector of polynomials of fixed length (`[[i32; 256]; N]`). Internal plumbing of
/// the generic implementation; not useful outside it.
#[doc(hidden)]
pub trait PolyVec: Clone + Zeroize + Send + Sync + 'static + Sealed {
    /// The zero vector.
    fn zero() -> Self;
    /// The polynomials.
    fn polys(&self) -> &[[i32; 256]];
    /// The polynomials, mutably.
    fn polys_mut(&mut self) -> &mut [[i32; 256]];
}
impl<const N: usize> Sealed for [[i32; 256]; N] {}
impl<const N: usize> PolyVec for [[i32; 256]; N] {
    #[inline(always)]
    fn zero() -> Self {
        [[0i32; 256]; N]
    }
    fn polys(&self) -> &[[i32; 256]] {
        self
    }
    fn polys_mut(&mut self) -> &mut [[i32; 256]] {
        self
    }
}

/// A k x l matrix of polynomials (`[[[i32; 256]; L]; K]`), rows of length l. Internal
/// plumbing of the generic implementation.
#[doc(hidden)]
pub trait PolyMatrix<Row: PolyVec>: Clone + Send + Sync + 'static + Sealed {
    /// The zero matrix.
    fn zero() -> Self;
    /// The rows.
    fn rows(&self) -> &[Row];
    /// The rows, mutably.
    fn rows_mut(&mut self) -> &mut [Row];
}
impl<const N: usize, const M: usize> Sealed for [[[i32; 256]; M]; N] {}
impl<const N: usize, const M: usize> PolyMatrix<[[i32; 256]; M]> for [[[i32; 256]; M]; N] {
    #[inline(always)]
    fn zero() -> Self {
        [[[0i32; 256]; M]; N]
    }
    fn rows(&self) -> &[[[i32; 256]; M]] {
        self
    }
    fn rows_mut(&mut self) -> &mut [[[i32; 256]; M]] {
        self
    }
}

/// An ML-DSA parameter set (FIPS 204 Table 1), with the encoding sizes of Table 2.
///
/// Sealed: implemented only by [`MlDsa44`], [`MlDsa65`] and [`MlDsa87`].
pub trait ParameterSet: Sealed + Copy + Debug + Default + Eq + Send + Sync + 'static {
    /// Display name, e.g. `"ML-DSA-65"`.
    const NAME: &'static str;
    /// `"{NAME} verifying key"`, for error messages.
    const NAME_VK: &'static str;
    /// `"{NAME} signing key"`, for error messages.
    const NAME_SK: &'static str;
    /// `"{NAME} signature"`, for error messages.
    const NAME_SIG: &'static str;
    /// `"{NAME} seed"`, for error messages.
    const NAME_SEED: &'static str;
    /// k: rows of A (length of t, s2, w, h).
    const K: usize;
    /// l: columns of A (length of s1, y, z).
    const L: usize;
    /// eta: the coefficient bound of s1 and s2.
    const ETA: i32;
    /// tau: the number of +-1 coefficients of the challenge c.
    const TAU: usize;
    /// beta = tau * eta.
    const BETA: i32;
    /// gamma1: the coefficient range of y.
    const GAMMA1: i32;
    /// gamma2: the low-order rounding range.
    const GAMMA2: i32;
    /// omega: the maximum number of ones in the hint h.
    const OMEGA: usize;
    /// lambda: the collision strength of c-tilde, in bits (c-tilde has lambda/4 bytes).
    const LAMBDA: usize;
    /// NIST security category (Table 1).
    const SECURITY_CATEGORY: u8;

    /// Bits per coefficient of s1 and s2 in the signing key: bitlen(2 eta).
    const ETA_BITS: usize = if Self::ETA == 2 { 3 } else { 4 };
    /// Bits per coefficient of z in the signature: 1 + bitlen(gamma1 - 1).
    const Z_BITS: usize = if Self::GAMMA1 == (1 << 17) { 18 } else { 20 };
    /// Bits per coefficient of w1: bitlen((q-1)/(2 gamma2) - 1).
    const W1_BITS: usize = if Self::GAMMA2 == (Q - 1) / 88 { 6 } else { 4 };
    /// Length of c-tilde in bytes: lambda/4.
    const CTILDE_BYTES: usize = Self::LAMBDA / 4;
    /// Length of w1Encode(w1) in bytes.
    const W1_BYTES: usize = Self::K * 32 * Self::W1_BITS;

    /// Verifying (public) key size in bytes: 32 + 32 k (bitlen(q-1) - d).
    const VERIFYING_KEY_SIZE: usize = 32 + 320 * Self::K;
    /// Signing (secret) key size in bytes, expanded form:
    /// 128 + 32 ((k + l) bitlen(2 eta) + d k).
    const SIGNING_KEY_SIZE: usize =
        128 + 32 * ((Self::K + Self::L) * Self::ETA_BITS + 13 * Self::K);
    /// Signature size in bytes: lambda/4 + 32 l (1 + bitlen(gamma1 - 1)) + omega + k.
    const SIGNATURE_SIZE: usize =
        Self::CTILDE_BYTES + 32 * Self::L * Self::Z_BITS + Self::OMEGA + Self::K;

    /// `[u8; VERIFYING_KEY_SIZE]`.
    type VerifyingKeyBytes: ByteArray;
    /// `[u8; SIGNING_KEY_SIZE]`.
    type SigningKeyBytes: ByteArray;
    /// `[u8; SIGNATURE_SIZE]`.
    type SignatureBytes: ByteArray;
    /// A vector of k polynomials.
    #[doc(hidden)]
    type VecK: PolyVec;
    /// A vector of l polynomials.
    #[doc(hidden)]
    type VecL: PolyVec;
    /// A k x l matrix of polynomials.
    #[doc(hidden)]
    type Matrix: PolyMatrix<Self::VecL>;
}

macro_rules! parameter_set {
    ($(#[$doc:meta])* $name:ident, $str:literal, k = $k:literal, l = $l:literal,
     eta = $eta:literal, tau = $tau:literal, gamma1 = $g1:expr, gamma2 = $g2:expr,
     omega = $omega:literal, lambda = $lambda:literal, category = $cat:literal,
     pk = $pk:literal, sk = $sk:literal, sig = $sig:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name;
        impl Sealed for $name {}
        impl ParameterSet for $name {
            const NAME: &'static str = $str;
            const NAME_VK: &'static str = concat!($str, " verifying key");
            const NAME_SK: &'static str = concat!($str, " signing key");
            const NAME_SIG: &'static str = concat!($str, " signature");
            const NAME_SEED: &'static str = concat!($str, " seed");
            const K: usize = $k;
            const L: usize = $l;
            const ETA: i32 = $eta;
            const TAU: usize = $tau;
            const BETA: i32 = $tau * $eta;
            const GAMMA1: i32 = $g1;
            const GAMMA2: i32 = $g2;
            const OMEGA: usize = $omega;
            const LAMBDA: usize = $lambda;
            const SECURITY_CATEGORY: u8 = $cat;
            type VerifyingKeyBytes = [u8; $pk];
            type SigningKeyBytes = [u8; $sk];
            type SignatureBytes = [u8; $sig];
            type VecK = [[i32; 256]; $k];
            type VecL = [[i32; 256]; $l];
            type Matrix = [[[i32; 256]; $l]; $k];
        }
        // The Table 2 sizes written out must agree with the formulas.
        const _: () = {
            assert!(<$name as ParameterSet>::VERIFYING_KEY_SIZE == $pk);
            assert!(<$name as ParameterSet>::SIGNING_KEY_SIZE == $sk);
            assert!(<$name as ParameterSet>::SIGNATURE_SIZE == $sig);
        };
    };
}

parameter_set!(
    /// ML-DSA-44 (security category 2).
    MlDsa44, "ML-DSA-44", k = 4, l = 4, eta = 2, tau = 39, gamma1 = 1 << 17,
    gamma2 = (Q - 1) / 88, omega = 80, lambda = 128, category = 2,
    pk = 1312, sk = 2560, sig = 2420
);
parameter_set!(
    /// ML-DSA-65 (security category 3).
    MlDsa65, "ML-DSA-65", k = 6, l = 5, eta = 4, tau = 49, gamma1 = 1 << 19,
    gamma2 = (Q - 1) / 32, omega = 55, lambda = 192, category = 3,
    pk = 1952, sk = 4032, sig = 3309
);
parameter_set!(
    /// ML-DSA-87 (security category 5).
    MlDsa87, "ML-DSA-87", k = 8, l = 7, eta = 2, tau = 60, gamma1 = 1 << 19,
    gamma2 = (Q - 1) / 32, omega = 75, lambda = 256, category = 5,
    pk = 2592, sk = 4896, sig = 4627
);

/// The largest k of all parameter sets (sizes of scratch buffers).
pub(crate) const MAX_K: usize = 8;
/// The largest w1Encode output of all parameter sets (k = 8, 4 bits: 1024; k = 4,
/// 6 bits: 768).
pub(crate) const MAX_W1_BYTES: usize = 1024;

// ------------------------------------------------------- parameter-set dispatch

// The kernels generic over GAMMA1 or GAMMA2 at parameter set `P`'s value: the one
// place where the algorithms branch on the parameter set to pick a const-generic
// instance (Rust cannot pass `P::GAMMA2` as a const argument yet). Each branch is on
// a constant and folds away at compile time.

/// HighBits (FIPS 204 Algorithm 37) at `P::GAMMA2`.
#[inline(always)]
pub(crate) fn highbits<P: ParameterSet, B: DsaBackend>(a: &mut Poly) {
    if P::GAMMA2 == (Q - 1) / 88 {
        B::highbits::<{ (Q - 1) / 88 }>(a)
    } else {
        B::highbits::<{ (Q - 1) / 32 }>(a)
    }
}

/// LowBits (FIPS 204 Algorithm 38) at `P::GAMMA2`.
#[inline(always)]
pub(crate) fn lowbits<P: ParameterSet, B: DsaBackend>(a0: &mut Poly, a: &Poly) {
    if P::GAMMA2 == (Q - 1) / 88 {
        B::lowbits::<{ (Q - 1) / 88 }>(a0, a)
    } else {
        B::lowbits::<{ (Q - 1) / 32 }>(a0, a)
    }
}

/// MakeHint (FIPS 204 Algorithm 39) at `P::GAMMA2`; returns the number of ones.
#[inline(always)]
pub(crate) fn make_hint<P: ParameterSet, B: DsaBackend>(
    h: &mut Poly,
    r: &Poly,
    r_plus_z: &Poly,
) -> u32 {
    if P::GAMMA2 == (Q - 1) / 88 {
        B::make_hint::<{ (Q - 1) / 88 }>(h, r, r_plus_z)
    } else {
        B::make_hint::<{ (Q - 1) / 32 }>(h, r, r_plus_z)
    }
}

/// UseHint (FIPS 204 Algorithm 40) at `P::GAMMA2`.
#[inline(always)]
pub(crate) fn use_hint<P: ParameterSet, B: DsaBackend>(a: &mut Poly, h: &Poly) {
    if P::GAMMA2 == (Q - 1) / 88 {
        B::use_hint::<{ (Q - 1) / 88 }>(a, h)
    } else {
        B::use_hint::<{ (Q - 1) / 32 }>(a, h)
    }
}

/// BitUnpack(bytes, GAMMA1 - 1, GAMMA1) (FIPS 204 Algorithm 19) at `P::GAMMA1`.
#[inline(always)]
pub(crate) fn unpack_gamma1<P: ParameterSet, B: DsaBackend>(w: &mut Poly, bytes: &[u8]) {
    if P::GAMMA1 == 1 << 17 {
        B::unpack_gamma1::<{ 1 << 17 }, 18>(w, bytes)
    } else {
        B::unpack_gamma1::<{ 1 << 19 }, 20>(w, bytes)
    }
}
