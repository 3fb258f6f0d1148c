//! ML-KEM, the Module-Lattice-Based Key-Encapsulation Mechanism of FIPS 203.
//!
//! The generic types here ([`EncapsulationKey<P>`], [`DecapsulationKey<P>`],
//! [`Ciphertext<P>`]) are instantiated for each parameter set in
//! [`crate::ml_kem_512`], [`crate::ml_kem_768`] and [`crate::ml_kem_1024`]; most users
//! want those modules. [`SharedSecret`] is common to all three.
//!
//! Layout, for readers with FIPS 203 open: `internal` holds Algorithms 7 and 13-18,
//! one function each; `backend` holds the polynomial arithmetic as kernels with
//! written contracts (Algorithms 5-12 and the section 4.2.1 compression); this
//! module holds the key types and Algorithms 19-21 (the randomized wrappers). The
//! same layout as `crate::ml_dsa`.
//!
//! ## Where each FIPS 203 algorithm lives
//!
//! | Algorithm | here |
//! |---|---|
//! | 1-4 ForExample, BitsToBytes, BytesToBits, BitRev7 | folded into the byte codecs below; `backend::bitrev7` (builds the twiddle tables at compile time) |
//! | 5, 6 ByteEncode, ByteDecode | `backend::KemKernels::{encode12, decode12}` (d = 12), `backend::KemKernels::{compress_encode, decode_decompress}` (d < 12, with Compress/Decompress of section 4.2.1) |
//! | 7 SampleNTT | `internal::sample_ntt`, `internal::sample_ntt_x4` (rejection step: `backend::KemKernels::rej_uniform`) |
//! | 8 SamplePolyCBD | `backend::KemKernels::cbd` (driven by `internal::sample_noise`) |
//! | 9, 10 NTT, NTT^-1 | `backend::KemKernels::{ntt, inv_ntt}` |
//! | 11, 12 MultiplyNTTs, BaseCaseMultiply | `backend::KemKernels::basemul_acc` (summed over a vector) |
//! | 13 K-PKE.KeyGen | `internal::kpke_keygen` |
//! | 14 K-PKE.Encrypt | `internal::kpke_encrypt` |
//! | 15 K-PKE.Decrypt | `internal::kpke_decrypt` |
//! | 16 ML-KEM.KeyGen_internal | `internal::keygen_internal` |
//! | 17 ML-KEM.Encaps_internal | `internal::encaps_internal` |
//! | 18 ML-KEM.Decaps_internal | `internal::decaps_internal` |
//! | 19 ML-KEM.KeyGen | `ml_kem_*::generate`, `ml_kem_*::generate_from_seed` |
//! | 20 ML-KEM.Encaps | [`EncapsulationKey::encapsulate`] |
//! | 21 ML-KEM.Decaps | [`DecapsulationKey::decapsulate`] |

pub(crate) mod backend;
pub(crate) mod internal;
mod keypair;
mod params;
mod pkcs8;
#[cfg(feature = "rustcrypto")]
mod rustcrypto;

pub use keypair::KeyPair;
pub use params::{ByteArray, MlKem512, MlKem768, MlKem1024, ParameterSet};
pub use pkcs8::PKCS8_SEED_DER_SIZE;

use crate::error::check_len;
use crate::{CryptoRng, Error, SecretBytes};
use core::fmt;
use params::PolyArray;
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Size of the shared secret key K in bytes (all parameter sets).
pub const SHARED_SECRET_SIZE: usize = 32;
/// Size of a key-generation seed d || z in bytes (all parameter sets).
pub const SEED_SIZE: usize = 64;

/// Runs a generic algorithm, monomorphized for the backend that
/// [`crate::backend::active`] names (through the one backend table,
/// `crate::backend::with_backend!`): the one place where a backend is chosen, once
/// per operation.
macro_rules! dispatch {
    ($f:ident::<$p:ty>($($arg:expr),* $(,)?)) => {
        $crate::backend::with_backend!($crate::backend::active(), |B, _D| {
            internal::$f::<$p, B>($($arg),*)
        })
    };
}

/// The 32-byte shared secret K produced by encapsulation and decapsulation.
///
/// Zeroized on drop; `==` is constant-time; `Debug` does not print it.
#[derive(Clone)]
pub struct SharedSecret([u8; SHARED_SECRET_SIZE]);

impl SharedSecret {
    pub(crate) fn from_array(k: &[u8; 32]) -> Self {
        Self(*k)
    }
    /// The secret bytes.
    pub fn as_bytes(&self) -> &[u8; SHARED_SECRET_SIZE] {
        &self.0
    }
}

impl AsRef<[u8]> for SharedSecret {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl ConstantTimeEq for SharedSecret {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl PartialEq for SharedSecret {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}
impl Eq for SharedSecret {}

impl fmt::Debug for SharedSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SharedSecret(<redacted>)")
    }
}

impl Drop for SharedSecret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}
impl ZeroizeOnDrop for SharedSecret {}

/// An ML-KEM encapsulation (public) key.
///
/// Parsing ([`EncapsulationKey::from_bytes`]) performs the FIPS 203 section 7.2 input
/// check and precomputes what encapsulation needs (the decoded t-hat, the expanded
/// matrix A-hat^T and H(ek)), so each [`EncapsulationKey::encapsulate`] call only
/// samples and multiplies.
// 64-byte alignment: key-sized moves (returning keys by value) are `memcpy` calls
// large enough for `rep movsb`, which is several times slower on AMD Zen 3 when
// source and destination are not mutually cache-line aligned.
#[derive(Clone)]
#[repr(align(64))]
pub struct EncapsulationKey<P: ParameterSet> {
    pub(crate) bytes: P::EkBytes,
    pub(crate) t_hat: P::PolyVec,
    pub(crate) a_t: P::Matrix,
    pub(crate) h: [u8; 32],
}

impl<P: ParameterSet> EncapsulationKey<P> {
    #[inline(always)]
    pub(crate) fn empty() -> Self {
        Self {
            bytes: P::EkBytes::zeroed(),
            t_hat: P::PolyVec::zeroed(),
            a_t: P::Matrix::zeroed(),
            h: [0; 32],
        }
    }

    /// A copy of `other`, built in place (see [`Self::copy_from`]).
    fn copy_of(other: &Self) -> Self {
        let mut ek = Self::empty();
        ek.copy_from(other);
        ek
    }

    /// Copies `other` into `self` (no key-sized temporary), in pieces of at most
    /// 512 bytes: single multi-KiB `memcpy` calls take glibc's `rep movsb` path,
    /// which measured several times slower here (AMD Zen 3).
    pub(crate) fn copy_from(&mut self, other: &Self) {
        for (d, s) in self
            .bytes
            .as_mut()
            .chunks_mut(512)
            .zip(other.bytes.as_ref().chunks(512))
        {
            d.copy_from_slice(s);
        }
        for (d, s) in self.t_hat.as_mut().iter_mut().zip(other.t_hat.as_ref()) {
            *d = *s;
        }
        for (dr, sr) in self.a_t.as_mut().iter_mut().zip(other.a_t.as_ref()) {
            for (d, s) in dr.as_mut().iter_mut().zip(sr.as_ref()) {
                *d = *s;
            }
        }
        self.h = other.h;
    }

    /// Parses an encapsulation key, with the FIPS 203 section 7.2 checks: the length
    /// must be 384k + 32 ([`Error::InvalidLength`]) and every 12-bit coefficient of
    /// t-hat must be below q ([`Error::EncapsulationKeyCheck`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        check_len(P::NAME_EK, bytes, P::EK_SIZE)?;
        let mut ek = Self::empty();
        if !ek.load(bytes) {
            return Err(Error::EncapsulationKeyCheck);
        }
        Ok(ek)
    }

    /// [`Self::from_bytes`] into a `Box`: the zeroed key is allocated first and
    /// filled where it lives, so no key-sized value is moved (an optimized build
    /// writes the zeroed key straight into the allocation). For small stacks and
    /// long-lived keys (the C API's key handles).
    #[cfg(feature = "alloc")]
    pub fn boxed_from_bytes(bytes: &[u8]) -> Result<alloc::boxed::Box<Self>, Error> {
        check_len(P::NAME_EK, bytes, P::EK_SIZE)?;
        let mut ek = alloc::boxed::Box::write(alloc::boxed::Box::new_uninit(), Self::empty());
        if !ek.load(bytes) {
            return Err(Error::EncapsulationKeyCheck);
        }
        Ok(ek)
    }

    /// Loads an encoding of the right length into `self` (no key-sized temporaries):
    /// decodes t-hat, and, if it passes the section 7.2 modulus check
    /// (ByteEncode12(ByteDecode12(t-hat bytes)) == t-hat bytes, which the decoder
    /// reports), expands A-hat^T and computes H(ek). Returns the result of the
    /// modulus check; on failure the key is incomplete and must be discarded.
    pub(crate) fn load(&mut self, bytes: &[u8]) -> bool {
        if !dispatch!(decode12_vec::<P>(bytes, &mut self.t_hat)) {
            return false;
        }
        self.bytes.as_mut().copy_from_slice(bytes);
        let mut rho = [0u8; 32];
        rho.copy_from_slice(&bytes[384 * P::K..]);
        self.h = dispatch!(expand_a_and_hash_ek::<P>(&rho, true, &mut self.a_t, bytes));
        true
    }

    /// The encoded key, `ByteEncode12(t-hat) || rho`.
    pub fn as_bytes(&self) -> &P::EkBytes {
        &self.bytes
    }

    /// ML-KEM.Encaps (FIPS 203 Algorithm 20): a fresh ciphertext and shared secret,
    /// with the 32-byte message m drawn from `rng`.
    pub fn encapsulate<R: CryptoRng + ?Sized>(&self, rng: &mut R) -> (Ciphertext<P>, SharedSecret) {
        let mut m = Zeroizing::new(crate::util::random_array::<32, R>(rng));
        let out = self.encapsulate_internal(&m);
        m.zeroize();
        out
    }

    /// [`EncapsulationKey::encapsulate`] with the operating system's random number
    /// generator; fails only if the OS generator does.
    #[cfg(feature = "std")]
    pub fn encapsulate_with_os_rng(&self) -> Result<(Ciphertext<P>, SharedSecret), Error> {
        let mut m = Zeroizing::new([0u8; 32]);
        crate::util::os_random(&mut m[..])?;
        Ok(self.encapsulate_internal(&m))
    }

    /// ML-KEM.Encaps_internal (FIPS 203 Algorithm 17) with a caller-chosen message
    /// `m`. For known-answer tests only: reusing or predicting `m` breaks security.
    #[cfg(feature = "hazmat")]
    pub fn encapsulate_deterministic(&self, m: &[u8; 32]) -> (Ciphertext<P>, SharedSecret) {
        self.encapsulate_internal(m)
    }

    /// [`EncapsulationKey::encapsulate_deterministic`] writing the ciphertext into
    /// `ct`, which must be exactly `P::CT_SIZE` bytes ([`Error::InvalidLength`]
    /// naming the ciphertext otherwise): for bindings that hand the ciphertext to
    /// a buffer of their caller (no intermediate copy on the stack).
    /// For known-answer tests only, as `encapsulate_deterministic`.
    ///
    /// ```
    /// use pqlattice::ml_kem_768::{DecapsulationKey, CIPHERTEXT_SIZE};
    ///
    /// let dk = DecapsulationKey::from_seed(&[1u8; 64]);
    /// let mut ct = [0u8; CIPHERTEXT_SIZE];
    /// let ss = dk.encapsulation_key().encapsulate_deterministic_into(&[2u8; 32], &mut ct)?;
    /// let (ct2, ss2) = dk.encapsulation_key().encapsulate_deterministic(&[2u8; 32]);
    /// assert_eq!(&ct[..], ct2.as_bytes().as_ref());
    /// assert_eq!(ss.as_bytes(), ss2.as_bytes());
    /// assert!(dk.encapsulation_key().encapsulate_deterministic_into(&[2u8; 32], &mut ct[1..]).is_err());
    /// # Ok::<(), pqlattice::Error>(())
    /// ```
    #[cfg(feature = "hazmat")]
    pub fn encapsulate_deterministic_into(
        &self,
        m: &[u8; 32],
        ct: &mut [u8],
    ) -> Result<SharedSecret, Error> {
        crate::error::check_len(P::NAME_CT, ct, P::CT_SIZE)?;
        Ok(dispatch!(encaps_internal::<P>(self, m, ct)))
    }

    pub(crate) fn encapsulate_internal(&self, m: &[u8; 32]) -> (Ciphertext<P>, SharedSecret) {
        let mut ct = Ciphertext {
            bytes: P::CtBytes::zeroed(),
        };
        let k = dispatch!(encaps_internal::<P>(
            self,
            m,
            AsMut::<[u8]>::as_mut(&mut ct.bytes)
        ));
        (ct, k)
    }
}

impl<P: ParameterSet> PartialEq for EncapsulationKey<P> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes.as_ref() == other.bytes.as_ref()
    }
}
impl<P: ParameterSet> Eq for EncapsulationKey<P> {}

impl<P: ParameterSet> AsRef<[u8]> for EncapsulationKey<P> {
    fn as_ref(&self) -> &[u8] {
        self.bytes.as_ref()
    }
}

impl<P: ParameterSet> fmt::Debug for EncapsulationKey<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EncapsulationKey<{}>(H(ek) = ", P::NAME)?;
        for b in &self.h[..8] {
            write!(f, "{b:02x}")?;
        }
        f.write_str("..)")
    }
}

/// An ML-KEM decapsulation (private) key.
///
/// Holds the decoded secret s-hat, the full encapsulation key (for re-encryption),
/// H(ek), the implicit-rejection value z and the expanded encoding; and, when built
/// from a seed, the 64-byte seed d || z. All secret parts are zeroized on drop;
/// `==` is constant-time; `Debug` prints no secret.
// 64-byte aligned for the same reason as `EncapsulationKey`.
#[derive(Clone)]
#[repr(align(64))]
pub struct DecapsulationKey<P: ParameterSet> {
    pub(crate) s_hat: P::PolyVec,
    pub(crate) ek: EncapsulationKey<P>,
    pub(crate) z: [u8; 32],
    pub(crate) dk_bytes: P::DkBytes,
    pub(crate) seed: Option<[u8; SEED_SIZE]>,
}

impl<P: ParameterSet> DecapsulationKey<P> {
    #[inline(always)]
    pub(crate) fn empty() -> Self {
        Self {
            s_hat: P::PolyVec::zeroed(),
            ek: EncapsulationKey::empty(),
            z: [0; 32],
            dk_bytes: P::DkBytes::zeroed(),
            seed: None,
        }
    }

    /// Writes the expanded encoding dk_PKE || ek || H(ek) || z into `dk_bytes`.
    fn encode<B: backend::KemBackend>(&mut self) {
        let k = P::K;
        let out = self.dk_bytes.as_mut();
        for (i, s) in self.s_hat.as_ref().iter().enumerate() {
            B::encode12(s, &mut out[384 * i..384 * (i + 1)]);
        }
        out[384 * k..768 * k + 32].copy_from_slice(self.ek.bytes.as_ref());
        out[768 * k + 32..768 * k + 64].copy_from_slice(&self.ek.h);
        out[768 * k + 64..].copy_from_slice(&self.z);
    }

    /// ML-KEM.KeyGen_internal (FIPS 203 Algorithm 16) from the 64-byte seed d || z.
    /// The seed is kept ([`DecapsulationKey::seed`]): it is the compact way to store
    /// the key.
    pub fn from_seed(seed: &[u8; SEED_SIZE]) -> Self {
        let mut dk = Self::empty();
        dk.generate_in_place(seed);
        dk
    }

    /// [`Self::from_seed`] into a `Box`, built where it lives (see
    /// [`EncapsulationKey::boxed_from_bytes`]).
    #[cfg(feature = "alloc")]
    pub fn boxed_from_seed(seed: &[u8; SEED_SIZE]) -> alloc::boxed::Box<Self> {
        let mut dk = alloc::boxed::Box::write(alloc::boxed::Box::new_uninit(), Self::empty());
        dk.generate_in_place(seed);
        dk
    }

    /// Key generation from `seed` into `self` (an [`DecapsulationKey::empty`] key):
    /// the key is several KiB, so it is built where it will live.
    pub(crate) fn generate_in_place(&mut self, seed: &[u8; SEED_SIZE]) {
        let mut d = Zeroizing::new([0u8; 32]);
        let mut z = Zeroizing::new([0u8; 32]);
        d.copy_from_slice(&seed[..32]);
        z.copy_from_slice(&seed[32..]);
        dispatch!(keygen_internal::<P>(&d, &z, self));
        self.seed = Some(*seed);
    }

    /// Parses an expanded decapsulation key dk_PKE || ek || H(ek) || z, with the
    /// FIPS 203 section 7.3 checks: the length must be 768k + 96
    /// ([`Error::InvalidLength`]) and H(ek) must match the embedded ek; the embedded
    /// ek must also pass the section 7.2 check ([`Error::DecapsulationKeyCheck`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut dk = Self::empty();
        dk.load(bytes)?;
        Ok(dk)
    }

    /// [`Self::from_bytes`] into a `Box`, built where it lives (see
    /// [`EncapsulationKey::boxed_from_bytes`]).
    #[cfg(feature = "alloc")]
    pub fn boxed_from_bytes(bytes: &[u8]) -> Result<alloc::boxed::Box<Self>, Error> {
        let mut dk = alloc::boxed::Box::write(alloc::boxed::Box::new_uninit(), Self::empty());
        dk.load(bytes)?;
        Ok(dk)
    }

    /// Parses an expanded encoding into `self` (an [`DecapsulationKey::empty`]
    /// key), with the checks of [`Self::from_bytes`]. On failure the key is
    /// incomplete and must be discarded (dropping it zeroizes what was decoded).
    fn load(&mut self, bytes: &[u8]) -> Result<(), Error> {
        check_len(P::NAME_DK, bytes, P::DK_SIZE)?;
        let k = P::K;
        let ek_bytes = &bytes[384 * k..768 * k + 32];
        // Loading the embedded ek computes H(ek) (alongside the matrix expansion);
        // whether it matches the stored hash is public.
        let hash_ok =
            |dk: &Self| -> bool { dk.ek.h.ct_eq(&bytes[768 * k + 32..768 * k + 64]).into() };
        if !(self.ek.load(ek_bytes) && hash_ok(self)) {
            return Err(Error::DecapsulationKeyCheck);
        }
        self.dk_bytes.as_mut().copy_from_slice(bytes);
        // ByteDecode12 reduces mod q; dk_PKE's own range is not checked by FIPS 203.
        dispatch!(decode12_vec::<P>(bytes, &mut self.s_hat));
        self.z.copy_from_slice(&bytes[768 * k + 64..]);
        Ok(())
    }

    /// The expanded encoding dk_PKE || ek || H(ek) || z (FIPS 203 Algorithm 16),
    /// in a buffer that is zeroized when dropped.
    pub fn to_bytes(&self) -> SecretBytes<P::DkBytes> {
        SecretBytes::new(self.dk_bytes.clone())
    }

    /// The seed d || z this key was generated from, or `None` if it was parsed from
    /// the expanded encoding.
    pub fn seed(&self) -> Option<&[u8; SEED_SIZE]> {
        self.seed.as_ref()
    }

    /// The matching encapsulation key.
    pub fn encapsulation_key(&self) -> &EncapsulationKey<P> {
        &self.ek
    }

    /// ML-KEM.Decaps (FIPS 203 Algorithm 21): the shared secret for `ct`. With
    /// implicit rejection, an invalid ciphertext yields a pseudorandom secret
    /// J(z || c) rather than an error; which case occurred is not revealed, through
    /// the result or through timing.
    pub fn decapsulate(&self, ct: &Ciphertext<P>) -> SharedSecret {
        dispatch!(decaps_internal::<P>(self, &ct.bytes))
    }
}

impl<P: ParameterSet> ConstantTimeEq for DecapsulationKey<P> {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.dk_bytes.as_ref().ct_eq(other.dk_bytes.as_ref())
    }
}

impl<P: ParameterSet> PartialEq for DecapsulationKey<P> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}
impl<P: ParameterSet> Eq for DecapsulationKey<P> {}

impl<P: ParameterSet> fmt::Debug for DecapsulationKey<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "DecapsulationKey<{}>(<redacted>, ek = {:?})",
            P::NAME,
            self.ek
        )
    }
}

impl<P: ParameterSet> Zeroize for DecapsulationKey<P> {
    fn zeroize(&mut self) {
        // The backend's wipe: the same guarantee as `zeroize`, with wide stores.
        dispatch!(wipe_secrets::<P>(self));
    }
}

impl<P: ParameterSet> Drop for DecapsulationKey<P> {
    fn drop(&mut self) {
        self.zeroize();
    }
}
impl<P: ParameterSet> ZeroizeOnDrop for DecapsulationKey<P> {}

/// An ML-KEM ciphertext.
#[derive(Clone)]
pub struct Ciphertext<P: ParameterSet> {
    pub(crate) bytes: P::CtBytes,
}

impl<P: ParameterSet> Ciphertext<P> {
    /// Parses a ciphertext; only the length (32(d_u k + d_v)) is checked, since every
    /// byte string of that length is a valid input to decapsulation.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        check_len(P::NAME_CT, bytes, P::CT_SIZE)?;
        let mut ct = Self {
            bytes: P::CtBytes::zeroed(),
        };
        ct.bytes.as_mut().copy_from_slice(bytes);
        Ok(ct)
    }

    /// The encoded ciphertext c1 || c2.
    pub fn as_bytes(&self) -> &P::CtBytes {
        &self.bytes
    }
}

impl<P: ParameterSet> PartialEq for Ciphertext<P> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes.as_ref() == other.bytes.as_ref()
    }
}
impl<P: ParameterSet> Eq for Ciphertext<P> {}

impl<P: ParameterSet> AsRef<[u8]> for Ciphertext<P> {
    fn as_ref(&self) -> &[u8] {
        self.bytes.as_ref()
    }
}

impl<P: ParameterSet> fmt::Debug for Ciphertext<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Ciphertext<{}>({} bytes)", P::NAME, P::CT_SIZE)
    }
}

/// ML-KEM.KeyGen (FIPS 203 Algorithm 19) for parameter set `P`, with d and z from
/// `rng`. The decapsulation key keeps its seed.
pub fn generate<P: ParameterSet, R: CryptoRng + ?Sized>(
    rng: &mut R,
) -> (EncapsulationKey<P>, DecapsulationKey<P>) {
    let seed = Zeroizing::new(crate::util::random_array::<SEED_SIZE, R>(rng));
    generate_from_seed(&seed)
}

/// ML-KEM.KeyGen_internal (FIPS 203 Algorithm 16) from the seed d || z.
pub fn generate_from_seed<P: ParameterSet>(
    seed: &[u8; SEED_SIZE],
) -> (EncapsulationKey<P>, DecapsulationKey<P>) {
    let dk = DecapsulationKey::<P>::from_seed(seed);
    (EncapsulationKey::copy_of(&dk.ek), dk)
}

/// [`generate`] with the operating system's random number generator.
#[cfg(feature = "std")]
pub fn generate_with_os_rng<P: ParameterSet>()
-> Result<(EncapsulationKey<P>, DecapsulationKey<P>), Error> {
    let mut seed = Zeroizing::new([0u8; SEED_SIZE]);
    crate::util::os_random(&mut seed[..])?;
    Ok(generate_from_seed(&seed))
}

/// Defines the per-parameter-set module (`ml_kem_512`, ...): aliases and sizes only.
macro_rules! ml_kem_module {
    ($modname:ident, $P:ident, $name:literal, $cat:literal) => {
        #[doc = concat!("ML-KEM with the ", $name, " parameter set (FIPS 203, security category ", $cat, ").")]
        ///
        /// ```
        #[doc = concat!("use pqlattice::", stringify!($modname), "::{self, Ciphertext, EncapsulationKey};")]
        ///
        /// // Alice generates a key pair and publishes her encapsulation key.
        #[doc = concat!("let (ek, dk) = ", stringify!($modname), "::generate_with_os_rng()?;")]
        /// let ek_bytes = ek.as_bytes().to_vec();
        ///
        /// // Bob encapsulates a fresh secret to it.
        /// let ek = EncapsulationKey::from_bytes(&ek_bytes)?;
        /// let (ct, bob_secret) = ek.encapsulate_with_os_rng()?;
        ///
        /// // Alice decapsulates Bob's ciphertext: both now hold the same 32 bytes.
        /// let ct = Ciphertext::from_bytes(ct.as_bytes())?;
        /// let alice_secret = dk.decapsulate(&ct);
        /// assert_eq!(alice_secret, bob_secret);
        /// # Ok::<(), pqlattice::Error>(())
        /// ```
        pub mod $modname {
            use crate::ml_kem::{self, $P};
            use crate::CryptoRng;

            /// The parameter set marker type.
            pub type Params = $P;
            #[doc = concat!("An ", $name, " encapsulation key.")]
            pub type EncapsulationKey = ml_kem::EncapsulationKey<$P>;
            #[doc = concat!("An ", $name, " decapsulation key.")]
            pub type DecapsulationKey = ml_kem::DecapsulationKey<$P>;
            #[doc = concat!("An ", $name, " ciphertext.")]
            pub type Ciphertext = ml_kem::Ciphertext<$P>;
            #[doc = concat!("An ", $name, " key pair with its seed (see [`ml_kem::KeyPair`]).")]
            pub type KeyPair = ml_kem::KeyPair<$P>;
            pub use crate::ml_kem::SharedSecret;

            /// Encapsulation key size in bytes (384k + 32).
            pub const ENCAPSULATION_KEY_SIZE: usize = <$P as ml_kem::ParameterSet>::EK_SIZE;
            /// Expanded decapsulation key size in bytes (768k + 96).
            pub const DECAPSULATION_KEY_SIZE: usize = <$P as ml_kem::ParameterSet>::DK_SIZE;
            /// Ciphertext size in bytes (32(d_u k + d_v)).
            pub const CIPHERTEXT_SIZE: usize = <$P as ml_kem::ParameterSet>::CT_SIZE;
            /// Seed size in bytes (d || z).
            pub const SEED_SIZE: usize = ml_kem::SEED_SIZE;
            /// Shared secret size in bytes.
            pub const SHARED_SECRET_SIZE: usize = ml_kem::SHARED_SECRET_SIZE;

            /// ML-KEM.KeyGen (FIPS 203 Algorithm 19) with randomness from `rng`.
            pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> (EncapsulationKey, DecapsulationKey) {
                ml_kem::generate::<$P, R>(rng)
            }

            /// ML-KEM.KeyGen with the operating system's random number generator.
            #[cfg(feature = "std")]
            pub fn generate_with_os_rng() -> Result<(EncapsulationKey, DecapsulationKey), crate::Error> {
                ml_kem::generate_with_os_rng::<$P>()
            }

            /// ML-KEM.KeyGen_internal (FIPS 203 Algorithm 16) from the 64-byte seed d || z.
            pub fn generate_from_seed(seed: &[u8; SEED_SIZE]) -> (EncapsulationKey, DecapsulationKey) {
                ml_kem::generate_from_seed::<$P>(seed)
            }
        }
    };
}
pub(crate) use ml_kem_module;
