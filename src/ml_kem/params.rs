//! The three ML-KEM parameter sets (FIPS 203 section 8, Table 2).

use super::backend::Poly;
use zeroize::Zeroize;

mod sealed {
    pub trait Sealed {}
}

/// A fixed-size byte array (`[u8; N]`): the encoded form of a key or ciphertext.
pub trait ByteArray:
    AsRef<[u8]> + AsMut<[u8]> + Clone + Zeroize + Send + Sync + 'static + sealed::Sealed
{
    /// The all-zero array.
    fn zeroed() -> Self;
}

impl<const N: usize> sealed::Sealed for [u8; N] {}
impl<const N: usize> ByteArray for [u8; N] {
    #[inline(always)]
    fn zeroed() -> Self {
        [0; N]
    }
}

/// A fixed-size array of polynomials (`[Poly; K]` or `[[Poly; K]; K]`).
#[doc(hidden)]
pub trait PolyArray<T>:
    AsRef<[T]> + AsMut<[T]> + Clone + Zeroize + Send + Sync + 'static + sealed::Sealed
{
    /// The all-zero array.
    fn zeroed() -> Self;
}

impl<const N: usize> sealed::Sealed for [Poly; N] {}
impl<const N: usize> PolyArray<Poly> for [Poly; N] {
    #[inline(always)]
    fn zeroed() -> Self {
        [[0; 256]; N]
    }
}
impl<const N: usize, const M: usize> sealed::Sealed for [[Poly; M]; N] {}
impl<const N: usize, const M: usize> PolyArray<[Poly; M]> for [[Poly; M]; N] {
    #[inline(always)]
    fn zeroed() -> Self {
        [[[0; 256]; M]; N]
    }
}

/// An ML-KEM parameter set. Sealed: implemented by [`MlKem512`], [`MlKem768`] and
/// [`MlKem1024`] only.
pub trait ParameterSet:
    Clone + Copy + core::fmt::Debug + Default + PartialEq + Eq + Send + Sync + 'static + sealed::Sealed
{
    /// The name, e.g. "ML-KEM-768".
    const NAME: &'static str;
    /// `"{NAME} encapsulation key"`, for error messages.
    const NAME_EK: &'static str;
    /// `"{NAME} decapsulation key"`, for error messages.
    const NAME_DK: &'static str;
    /// `"{NAME} ciphertext"`, for error messages.
    const NAME_CT: &'static str;
    /// k: the module rank.
    const K: usize;
    /// eta_1: the CBD parameter of s, e and y.
    const ETA1: usize;
    /// eta_2: the CBD parameter of e1 and e2.
    const ETA2: usize;
    /// d_u: the compression of u.
    const DU: usize;
    /// d_v: the compression of v.
    const DV: usize;
    /// Encapsulation key size, 384k + 32.
    const EK_SIZE: usize = 384 * Self::K + 32;
    /// Expanded decapsulation key size, 768k + 96.
    const DK_SIZE: usize = 768 * Self::K + 96;
    /// Ciphertext size, 32(d_u k + d_v).
    const CT_SIZE: usize = 32 * (Self::DU * Self::K + Self::DV);

    /// `[u8; EK_SIZE]`.
    type EkBytes: ByteArray;
    /// `[u8; DK_SIZE]`.
    type DkBytes: ByteArray;
    /// `[u8; CT_SIZE]`.
    type CtBytes: ByteArray;
    /// `[Poly; K]`.
    #[doc(hidden)]
    type PolyVec: PolyArray<Poly>;
    /// `[[Poly; K]; K]`.
    #[doc(hidden)]
    type Matrix: PolyArray<Self::PolyVec>;
}

macro_rules! parameter_set {
    ($(#[$doc:meta])* $name:ident, $label:literal, k = $k:literal, eta1 = $eta1:literal,
     eta2 = $eta2:literal, du = $du:literal, dv = $dv:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name;
        impl sealed::Sealed for $name {}
        impl ParameterSet for $name {
            const NAME: &'static str = $label;
            const NAME_EK: &'static str = concat!($label, " encapsulation key");
            const NAME_DK: &'static str = concat!($label, " decapsulation key");
            const NAME_CT: &'static str = concat!($label, " ciphertext");
            const K: usize = $k;
            const ETA1: usize = $eta1;
            const ETA2: usize = $eta2;
            const DU: usize = $du;
            const DV: usize = $dv;
            type EkBytes = [u8; 384 * $k + 32];
            type DkBytes = [u8; 768 * $k + 96];
            type CtBytes = [u8; 32 * ($du * $k + $dv)];
            type PolyVec = [Poly; $k];
            type Matrix = [[Poly; $k]; $k];
        }
    };
}

parameter_set!(
    /// ML-KEM-512: security category 1.
    MlKem512, "ML-KEM-512", k = 2, eta1 = 3, eta2 = 2, du = 10, dv = 4
);
parameter_set!(
    /// ML-KEM-768: security category 3.
    MlKem768, "ML-KEM-768", k = 3, eta1 = 2, eta2 = 2, du = 10, dv = 4
);
parameter_set!(
    /// ML-KEM-1024: security category 5.
    MlKem1024, "ML-KEM-1024", k = 4, eta1 = 2, eta2 = 2, du = 11, dv = 5
);
