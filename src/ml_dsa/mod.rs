//! ML-DSA (FIPS 204): the parts shared by the three parameter sets.
//!
//! Use the parameter-set modules [`crate::ml_dsa_44`], [`crate::ml_dsa_65`] and
//! [`crate::ml_dsa_87`]; their `SigningKey`, `VerifyingKey` and `Signature` are
//! aliases of the generic [`SigningKey`], [`VerifyingKey`] and [`Signature`] here.
//!
//! Which signing function to use:
//! - [`SigningKey::sign`]: ML-DSA.Sign (FIPS 204 Algorithm 2), hedged (fresh
//!   randomness mixed with the key: the recommended default).
//! - [`SigningKey::sign_deterministic`]: the deterministic variant (rnd = 0^32), for
//!   reproducible signatures where a randomness source is not available.
//! - [`SigningKey::sign_prehash`] / [`SigningKey::sign_prehash_deterministic`]:
//!   HashML-DSA.Sign (Algorithm 4), when the message is hashed elsewhere; the caller
//!   supplies PH(M) and names the hash with [`PreHash`].
//! - [`SigningKey::sign_mu`]: "external mu" signing, where the message
//!   representative mu = H(H(pk) || M', 64) was computed elsewhere (for example
//!   with [`VerifyingKey::compute_mu`] on a host, signing in an HSM).
//! - Under the `hazmat` feature: `sign_internal` (Algorithm 7 on M'),
//!   `sign_mu_with_randomness` and `sign_with_randomness`, for known-answer tests.
//!
//! Signing does not allocate and uses a bounded amount of stack (see the crate's
//! `docs/ml-dsa-stack.md`); key types zeroize their secrets on drop.
//!
//! ## Where each FIPS 204 algorithm lives
//!
//! | Algorithm | here |
//! |---|---|
//! | 1 ML-DSA.KeyGen | `ml_dsa_*::generate` (key objects), `ml_dsa_*::generate_encoded` (the two encodings only) |
//! | 2 ML-DSA.Sign | [`SigningKey::sign`], [`SigningKey::sign_deterministic`] |
//! | 3 ML-DSA.Verify | [`VerifyingKey::verify`] |
//! | 4 HashML-DSA.Sign | [`SigningKey::sign_prehash`], [`SigningKey::sign_prehash_deterministic`] |
//! | 5 HashML-DSA.Verify | [`VerifyingKey::verify_prehash`] |
//! | 6 KeyGen_internal | `internal::keygen_internal` ([`SigningKey::from_seed`]), `internal::keygen_encoded` ([`SigningKey::encodings_from_seed`]: no key object, the matrix streamed row by row) |
//! | 7 Sign_internal | `internal::compute_mu` (line 6) + `internal::sign_internal` |
//! | 8 Verify_internal | `internal::compute_mu` (line 7) + `internal::verify_internal` |
//! | 9-13 bit/byte conversions | `backend::portable::{pack_bits, unpack_bits}` |
//! | 14, 15 CoeffFromThreeBytes, CoeffFromHalfByte | `backend::portable::{rej_ntt_fill, coeff_from_half_byte}` |
//! | 16-19 SimpleBitPack, BitPack, SimpleBitUnpack, BitUnpack | `encode::{simple_bit_pack, bit_pack, simple_bit_unpack}` (the packing through `backend::DsaKernels::{simple_bit_pack, bit_pack}`), `backend::portable::bit_unpack` (for z and the mask: `backend::DsaKernels::unpack_gamma1`) |
//! | 20, 21 HintBitPack, HintBitUnpack | `encode::{hint_bit_pack, hint_bit_unpack}` |
//! | 22-27 pk/sk/sig Encode/Decode | `encode::{pk_encode, pk_decode, sk_encode, sk_decode, sig_encode, sig_decode}` |
//! | 28 w1Encode | `encode::w1_encode_poly` |
//! | 29-34 SampleInBall, RejNTTPoly, RejBoundedPoly, ExpandA, ExpandS, ExpandMask | `sample::{sample_in_ball, rej_ntt_poly_lanes, rej_bounded_poly_lanes, expand_a, expand_s, MaskSampler}` (kernels: `backend::DsaKernels::{sample_in_ball, rej_ntt_fill, rej_bounded_fill}`, state machine in `backend::ball`) |
//! | 35-40 Power2Round, Decompose, HighBits, LowBits, MakeHint, UseHint | `backend::DsaKernels::{power2round, decompose, highbits, lowbits, make_hint, use_hint}` |
//! | 41, 42 NTT, NTT^-1 | `backend::DsaKernels::{ntt, inv_ntt}` |
//! | 43 BitRev8 | `backend::portable::bitrev8` (builds the twiddle table at compile time) |
//! | 44-48 AddNTT ... MatrixVectorNTT | `backend::DsaKernels::{add, pointwise_montgomery, pointwise_acc_montgomery}` |
//! | 49 MontgomeryReduce | `backend::portable::montgomery_reduce` |

pub(crate) mod backend;
pub(crate) mod encode;
pub(crate) mod internal;
mod keypair;
pub mod params;
mod pkcs8;
#[cfg(feature = "rustcrypto")]
mod rustcrypto;
pub(crate) mod sample;
mod stream;

pub use keypair::KeyPair;
pub use pkcs8::PKCS8_SEED_DER_SIZE;
#[cfg(feature = "rustcrypto")]
pub use rustcrypto::WithContext;
pub use stream::MuHasher;

use crate::error::check_len;
use crate::{CryptoRng, Error, SecretBytes};
use core::fmt;
use internal::{ExpandedSigningKey, ExpandedVerifyingKey};
use params::{ByteArray, PolyMatrix, PolyVec};
pub use params::{MlDsa44, MlDsa65, MlDsa87, ParameterSet};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Runs `$body` with `$B` naming the backend that [`crate::backend::active`] names
/// (through the one backend table, `crate::backend::with_backend!`): the one place
/// where a backend is chosen, once per operation.
macro_rules! dispatch {
    ($B:ident => $body:expr) => {
        $crate::backend::with_backend!($crate::backend::active(), |_K, $B| $body)
    };
}

/// The hash functions of HashML-DSA (FIPS 204 section 5.4), with their DER object
/// identifiers and output lengths.
///
/// The library does not hash the message itself: the caller computes PH(M) with
/// the named function and passes the digest, whose length is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PreHash {
    /// SHA2-224 (28-byte digest).
    Sha2_224,
    /// SHA2-256 (32-byte digest).
    Sha2_256,
    /// SHA2-384 (48-byte digest).
    Sha2_384,
    /// SHA2-512 (64-byte digest).
    Sha2_512,
    /// SHA2-512/224 (28-byte digest).
    Sha2_512_224,
    /// SHA2-512/256 (32-byte digest).
    Sha2_512_256,
    /// SHA3-224 (28-byte digest).
    Sha3_224,
    /// SHA3-256 (32-byte digest).
    Sha3_256,
    /// SHA3-384 (48-byte digest).
    Sha3_384,
    /// SHA3-512 (64-byte digest).
    Sha3_512,
    /// SHAKE128 with 32 bytes (256 bits) of output.
    Shake128,
    /// SHAKE256 with 64 bytes (512 bits) of output.
    Shake256,
}

impl PreHash {
    /// All twelve hash functions.
    pub const ALL: [PreHash; 12] = [
        PreHash::Sha2_224,
        PreHash::Sha2_256,
        PreHash::Sha2_384,
        PreHash::Sha2_512,
        PreHash::Sha2_512_224,
        PreHash::Sha2_512_256,
        PreHash::Sha3_224,
        PreHash::Sha3_256,
        PreHash::Sha3_384,
        PreHash::Sha3_512,
        PreHash::Shake128,
        PreHash::Shake256,
    ];

    /// The last byte of the OID 2.16.840.1.101.3.4.2.x (NIST hash algorithms arc).
    const fn oid_suffix(self) -> u8 {
        match self {
            PreHash::Sha2_256 => 0x01,
            PreHash::Sha2_384 => 0x02,
            PreHash::Sha2_512 => 0x03,
            PreHash::Sha2_224 => 0x04,
            PreHash::Sha2_512_224 => 0x05,
            PreHash::Sha2_512_256 => 0x06,
            PreHash::Sha3_224 => 0x07,
            PreHash::Sha3_256 => 0x08,
            PreHash::Sha3_384 => 0x09,
            PreHash::Sha3_512 => 0x0a,
            PreHash::Shake128 => 0x0b,
            PreHash::Shake256 => 0x0c,
        }
    }

    /// The 11-byte DER encoding of the hash function's OID, as HashML-DSA
    /// (Algorithm 4) puts it into M'.
    pub const fn oid(self) -> [u8; 11] {
        [
            0x06,
            0x09,
            0x60,
            0x86,
            0x48,
            0x01,
            0x65,
            0x03,
            0x04,
            0x02,
            self.oid_suffix(),
        ]
    }

    /// The digest length in bytes that PH(M) must have.
    pub const fn digest_len(self) -> usize {
        match self {
            PreHash::Sha2_224 | PreHash::Sha2_512_224 | PreHash::Sha3_224 => 28,
            PreHash::Sha2_256 | PreHash::Sha2_512_256 | PreHash::Sha3_256 => 32,
            PreHash::Shake128 => 32,
            PreHash::Sha2_384 | PreHash::Sha3_384 => 48,
            PreHash::Sha2_512 | PreHash::Sha3_512 | PreHash::Shake256 => 64,
        }
    }

    /// The name as NIST spells it (and as ACVP vectors use it), e.g. `"SHA2-512/256"`.
    pub const fn name(self) -> &'static str {
        match self {
            PreHash::Sha2_224 => "SHA2-224",
            PreHash::Sha2_256 => "SHA2-256",
            PreHash::Sha2_384 => "SHA2-384",
            PreHash::Sha2_512 => "SHA2-512",
            PreHash::Sha2_512_224 => "SHA2-512/224",
            PreHash::Sha2_512_256 => "SHA2-512/256",
            PreHash::Sha3_224 => "SHA3-224",
            PreHash::Sha3_256 => "SHA3-256",
            PreHash::Sha3_384 => "SHA3-384",
            PreHash::Sha3_512 => "SHA3-512",
            PreHash::Shake128 => "SHAKE-128",
            PreHash::Shake256 => "SHAKE-256",
        }
    }

    /// The hash function with the given [`name`](Self::name), if any.
    pub fn from_name(name: &str) -> Option<PreHash> {
        PreHash::ALL.into_iter().find(|h| h.name() == name)
    }

    /// Checks the digest length.
    fn check(self, digest: &[u8]) -> Result<(), Error> {
        if digest.len() == self.digest_len() {
            Ok(())
        } else {
            Err(Error::PreHashLength {
                hash: self.name(),
                expected: self.digest_len(),
                actual: digest.len(),
            })
        }
    }
}

/// Checks the context length (at most 255 bytes, FIPS 204 section 5.2) and returns
/// the two-byte prefix `domain || len(ctx)` of M'.
fn ctx_prefix(domain: u8, ctx: &[u8]) -> Result<[u8; 2], Error> {
    if ctx.len() > 255 {
        return Err(Error::ContextTooLong { actual: ctx.len() });
    }
    Ok([domain, ctx.len() as u8])
}

/// An ML-DSA signing (private) key, generic over the parameter set; use the aliases
/// `ml_dsa_44::SigningKey`, `ml_dsa_65::SigningKey` and `ml_dsa_87::SigningKey`.
///
/// Holds the expanded key (the matrix A-hat and the NTT forms of s1, s2 and t0, so
/// that each signature only samples and multiplies), its FIPS 204 encoding, the
/// verifying key encoding and, when generated from one, the seed xi. The secrets are
/// zeroized on drop; `==` compares in constant time; `Debug` prints no secret.
///
/// The struct is large (ML-DSA-87: about 90 KiB, mostly A-hat); put it in a `Box`
/// where stack space is tight.
///
/// ```
/// # #[cfg(feature = "std")] {
/// use pqlattice::ml_dsa_65;
///
/// let (vk, sk) = ml_dsa_65::generate_with_os_rng()?;
/// let sig = sk.sign_with_os_rng(b"message", b"context")?;
/// vk.verify(b"message", b"context", &sig)?;
/// assert!(vk.verify(b"other message", b"context", &sig).is_err());
/// # }
/// # Ok::<(), pqlattice::Error>(())
/// ```
// 64-byte alignment: the remaining key-sized moves (returning a key by value, `Ok(key)`,
// `unwrap()` by the caller) are single `memcpy` calls large enough for glibc's
// `rep movsb` path, which is several times slower on AMD Zen 3 when source and
// destination are not mutually cache-line aligned (as for ML-KEM's keys).
#[repr(align(64))]
pub struct SigningKey<P: ParameterSet> {
    ex: ExpandedSigningKey<P>,
    bytes: P::SigningKeyBytes,
    pk: P::VerifyingKeyBytes,
    seed: Option<[u8; 32]>,
}

impl<P: ParameterSet> SigningKey<P> {
    /// An all-zero key with the given seed, to be filled in place by
    /// [`Self::fill_from_seed`] or `expand_signing_key`.
    ///
    /// Keys are built inside the value that is returned (the key itself, the pair, or
    /// the `Result`), then filled through `&mut`: every by-value move of a key is a
    /// key-sized `memcpy`, so building the parts separately and then assembling the
    /// pair or `Ok(key)` costs one copy per step. What remains is the one copy of the
    /// return itself (the compiler does not place a borrowed local in the return slot).
    #[inline(always)]
    fn zeroed(seed: Option<[u8; 32]>) -> Self {
        SigningKey {
            ex: ExpandedSigningKey::zeroed(),
            bytes: P::SigningKeyBytes::zeroed(),
            pk: P::VerifyingKeyBytes::zeroed(),
            seed,
        }
    }

    /// KeyGen_internal into `self` (see [`Self::zeroed`]).
    fn fill_from_seed(&mut self, xi: &[u8; 32]) {
        let sk = self;
        dispatch!(B => internal::keygen_internal::<P, B>(xi, &mut sk.ex, &mut sk.bytes, &mut sk.pk, None));
    }

    /// KeyGen_internal into a zeroed verifying key and a zeroed signing key (see
    /// [`Self::zeroed`]): the verifying key's NTT(t1 * 2^d) comes out of key
    /// generation itself (no NTT of its own, see `keygen_internal`), and its A-hat,
    /// tr and encoding are copied from the signing key (A-hat is expanded once).
    pub(crate) fn fill_pair(vk: &mut VerifyingKey<P>, sk: &mut Self, xi: &[u8; 32]) {
        dispatch!(B => internal::keygen_internal::<P, B>(
            xi,
            &mut sk.ex,
            &mut sk.bytes,
            &mut sk.pk,
            Some(&mut vk.ex.t1_hat),
        ));
        vk.copy_shared_from(sk);
    }

    /// ML-DSA.KeyGen_internal (FIPS 204 Algorithm 6): the signing key determined by
    /// the 32-byte seed xi.
    pub fn from_seed(xi: &[u8; 32]) -> Self {
        let mut sk = Self::zeroed(Some(*xi));
        sk.fill_from_seed(xi);
        sk
    }

    /// [`Self::from_seed`] into a `Box`: the zeroed key is allocated first and
    /// filled where it lives, so no key-sized value is moved (an optimized build
    /// writes the zeroed key straight into the allocation). The key (up to
    /// 86.5 KiB) is never on the stack: for small stacks and long-lived keys (the
    /// C API's key handles).
    #[cfg(feature = "alloc")]
    pub fn boxed_from_seed(xi: &[u8; 32]) -> alloc::boxed::Box<Self> {
        let mut sk =
            alloc::boxed::Box::write(alloc::boxed::Box::new_uninit(), Self::zeroed(Some(*xi)));
        sk.fill_from_seed(xi);
        sk
    }

    /// [`Self::from_bytes`] into a `Box`, built where it lives (see
    /// [`Self::boxed_from_seed`]).
    #[cfg(feature = "alloc")]
    pub fn boxed_from_bytes(bytes: &[u8]) -> Result<alloc::boxed::Box<Self>, Error> {
        check_len(P::NAME_SK, bytes, P::SIGNING_KEY_SIZE)?;
        let mut sk = alloc::boxed::Box::write(alloc::boxed::Box::new_uninit(), Self::zeroed(None));
        if sk.fill_from_bytes(bytes) {
            Ok(sk)
        } else {
            // Dropping the key zeroizes what was decoded.
            Err(Error::SigningKeyCheck)
        }
    }

    /// skDecode of an encoding of the right length into `self` (a
    /// [`Self::zeroed`] key); false if the key check fails.
    fn fill_from_bytes(&mut self, bytes: &[u8]) -> bool {
        let sk = self;
        let ok =
            dispatch!(B => internal::expand_signing_key::<P, B>(bytes, &mut sk.ex, &mut sk.pk));
        // In pieces of at most 512 bytes: a single copy of more than 4 KiB
        // (ML-DSA-87) takes glibc's `rep movsb` path, which is many times slower on
        // AMD Zen 3 for some relative alignments of the two buffers.
        for (d, s) in sk.bytes.as_mut().chunks_mut(512).zip(bytes.chunks(512)) {
            d.copy_from_slice(s);
        }
        ok
    }

    /// ML-DSA.KeyGen_internal (FIPS 204 Algorithm 6): the key pair determined by the
    /// seed xi, built in place in the returned tuple (A-hat is copied once, from the
    /// signing key into the verifying key).
    pub(crate) fn generate_pair(xi: &[u8; 32]) -> (VerifyingKey<P>, Self) {
        let mut kp = (VerifyingKey::zeroed(), Self::zeroed(Some(*xi)));
        Self::fill_pair(&mut kp.0, &mut kp.1, xi);
        kp
    }

    /// ML-DSA.KeyGen_internal (FIPS 204 Algorithm 6) to the encodings only: the
    /// verifying key (pkEncode) and the expanded signing key (skEncode) determined by
    /// the seed xi, byte for byte what [`Self::from_seed`] followed by
    /// [`VerifyingKey::as_bytes`] and [`Self::to_bytes`] gives.
    ///
    /// For keys that are stored or sent rather than used at once: nothing of the
    /// key objects' precomputation (the matrix A-hat, the NTT forms signing and
    /// verification use) is built, and the matrix is never held whole, so this is
    /// the fastest way to a key pair's bytes and needs far less memory. The signing
    /// key encoding is zeroized on drop.
    ///
    /// ```
    /// use pqlattice::ml_dsa_44 as dsa;
    ///
    /// let (vk_bytes, sk_bytes) = dsa::SigningKey::encodings_from_seed(&[7; 32]);
    /// let sk = dsa::SigningKey::from_bytes(&sk_bytes[..])?;
    /// assert_eq!(sk.verifying_key_bytes(), &vk_bytes);
    /// # Ok::<(), pqlattice::Error>(())
    /// ```
    pub fn encodings_from_seed(
        xi: &[u8; 32],
    ) -> (P::VerifyingKeyBytes, SecretBytes<P::SigningKeyBytes>) {
        let mut out = (
            P::VerifyingKeyBytes::zeroed(),
            SecretBytes::new(P::SigningKeyBytes::zeroed()),
        );
        let (vk, sk) = (out.0.as_mut(), out.1.as_mut());
        dispatch!(B => internal::keygen_encoded::<P, B>(xi, sk, vk));
        out
    }

    /// [`Self::encodings_from_seed`] into the caller's buffers: `vk_out` receives
    /// the verifying key encoding, `sk_out` the expanded signing key encoding
    /// (nothing key-sized is returned or copied; for callers that own the
    /// destination, such as a C or WebAssembly binding).
    ///
    /// Errors: [`Error::InvalidLength`] when `vk_out` is not
    /// [`ParameterSet::VERIFYING_KEY_SIZE`] bytes or `sk_out` not
    /// [`ParameterSet::SIGNING_KEY_SIZE`] bytes (nothing is written then).
    ///
    /// ```
    /// use pqlattice::ml_dsa_44 as dsa;
    ///
    /// let mut vk = [0u8; dsa::VERIFYING_KEY_SIZE];
    /// let mut sk = [0u8; dsa::SIGNING_KEY_SIZE];
    /// dsa::SigningKey::encodings_from_seed_into(&[7; 32], &mut vk, &mut sk)?;
    /// assert_eq!(dsa::SigningKey::from_bytes(&sk)?.verifying_key_bytes(), &vk);
    /// assert!(dsa::SigningKey::encodings_from_seed_into(&[7; 32], &mut vk, &mut sk[1..]).is_err());
    /// # Ok::<(), pqlattice::Error>(())
    /// ```
    pub fn encodings_from_seed_into(
        xi: &[u8; 32],
        vk_out: &mut [u8],
        sk_out: &mut [u8],
    ) -> Result<(), Error> {
        check_len(P::NAME_VK, vk_out, P::VERIFYING_KEY_SIZE)?;
        check_len(P::NAME_SK, sk_out, P::SIGNING_KEY_SIZE)?;
        dispatch!(B => internal::keygen_encoded::<P, B>(xi, sk_out, vk_out));
        Ok(())
    }

    /// Parses the expanded FIPS 204 signing key encoding (skDecode, Algorithm 25).
    ///
    /// Rejected with [`Error::InvalidLength`] for a wrong length and with
    /// [`Error::SigningKeyCheck`] when a coefficient of s1 or s2 is outside
    /// [-eta, eta], or when the embedded t0 or tr differs from the value recomputed
    /// from rho, s1 and s2 (a corrupted or inconsistent key). The key then has no seed.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        check_len(P::NAME_SK, bytes, P::SIGNING_KEY_SIZE)?;
        // Built inside the returned `Result` (see `zeroed`).
        let mut out = Ok(Self::zeroed(None));
        let mut ok = false;
        if let Ok(sk) = &mut out {
            ok = sk.fill_from_bytes(bytes);
        }
        if !ok {
            // Dropping the key zeroizes what was decoded.
            out = Err(Error::SigningKeyCheck);
        }
        out
    }

    /// The expanded FIPS 204 encoding (skEncode, Algorithm 24), in a buffer that is
    /// zeroized on drop.
    pub fn to_bytes(&self) -> SecretBytes<P::SigningKeyBytes> {
        SecretBytes::new(self.bytes)
    }

    /// The seed xi this key was generated from, if it was (`None` for a key parsed
    /// from its expanded encoding).
    pub fn seed(&self) -> Option<&[u8; 32]> {
        self.seed.as_ref()
    }

    /// The matching verifying key.
    pub fn verifying_key(&self) -> VerifyingKey<P> {
        let mut vk = VerifyingKey::zeroed();
        vk.fill_from_signing_key(self);
        vk
    }

    /// [`Self::verifying_key`] into a `Box`, built where it lives (see
    /// [`Self::boxed_from_seed`]).
    #[cfg(feature = "alloc")]
    pub fn boxed_verifying_key(&self) -> alloc::boxed::Box<VerifyingKey<P>> {
        let mut vk =
            alloc::boxed::Box::write(alloc::boxed::Box::new_uninit(), VerifyingKey::zeroed());
        vk.fill_from_signing_key(self);
        vk
    }

    /// The encoding of the matching verifying key (pkEncode), without building
    /// the verifying key.
    pub fn verifying_key_bytes(&self) -> &P::VerifyingKeyBytes {
        &self.pk
    }

    fn sign_parts(&self, parts: &[&[u8]], rnd: &[u8; 32]) -> Signature<P> {
        let mu = internal::compute_mu(&self.ex.tr, parts);
        self.sign_mu_rnd(&mu, rnd)
    }

    fn sign_mu_rnd(&self, mu: &[u8; 64], rnd: &[u8; 32]) -> Signature<P> {
        self.sign_mu_rnd_attempts(mu, rnd).0
    }

    fn sign_mu_rnd_attempts(&self, mu: &[u8; 64], rnd: &[u8; 32]) -> (Signature<P>, u32) {
        let mut out = P::SignatureBytes::zeroed();
        let n = dispatch!(B => internal::sign_internal::<P, B>(&self.ex, mu, rnd, &mut out));
        (Signature { bytes: out }, n)
    }

    /// [`sign_mu_with_randomness`](Self::sign_mu_with_randomness), also returning
    /// the number of rejection-loop iterations it took (public information). For the
    /// statistical timing test, which compares keys at equal iteration counts.
    /// Test support only (`testing` feature), not a supported API.
    #[cfg(feature = "testing")]
    #[doc(hidden)]
    pub fn sign_mu_with_randomness_and_attempts(
        &self,
        mu: &[u8; 64],
        rnd: &[u8; 32],
    ) -> (Signature<P>, u32) {
        self.sign_mu_rnd_attempts(mu, rnd)
    }

    pub(crate) fn sign_pure(
        &self,
        msg: &[u8],
        ctx: &[u8],
        rnd: &[u8; 32],
    ) -> Result<Signature<P>, Error> {
        // Algorithm 2, line 10: M' = IntegerToBytes(0, 1) || IntegerToBytes(|ctx|, 1) || ctx || M.
        let prefix = ctx_prefix(0, ctx)?;
        Ok(self.sign_parts(&[&prefix, ctx, msg], rnd))
    }

    fn sign_hashed(
        &self,
        hash: PreHash,
        digest: &[u8],
        ctx: &[u8],
        rnd: &[u8; 32],
    ) -> Result<Signature<P>, Error> {
        // Algorithm 4, line 23: M' = 1 || |ctx| || ctx || OID || PH(M).
        let prefix = ctx_prefix(1, ctx)?;
        hash.check(digest)?;
        Ok(self.sign_parts(&[&prefix, ctx, &hash.oid(), digest], rnd))
    }

    /// ML-DSA.Sign (FIPS 204 Algorithm 2), hedged: signs `msg` under the context
    /// string `ctx` (at most 255 bytes; may be empty) with 32 fresh bytes from `rng`.
    ///
    /// Errors: [`Error::ContextTooLong`].
    ///
    /// ```
    /// use pqlattice::ml_dsa_87;
    /// # struct Rng(u8);
    /// # impl pqlattice::rand_core::TryRng for Rng {
    /// #     type Error = core::convert::Infallible;
    /// #     fn try_next_u32(&mut self) -> Result<u32, Self::Error> { Ok(7) }
    /// #     fn try_next_u64(&mut self) -> Result<u64, Self::Error> { Ok(7) }
    /// #     fn try_fill_bytes(&mut self, d: &mut [u8]) -> Result<(), Self::Error> {
    /// #         d.fill(self.0); self.0 = self.0.wrapping_add(1); Ok(())
    /// #     }
    /// # }
    /// # impl pqlattice::rand_core::TryCryptoRng for Rng {}
    /// # let mut rng = Rng(1); // use a real CSPRNG (e.g. OS randomness) in practice
    /// let (vk, sk) = ml_dsa_87::generate(&mut rng);
    /// let sig = sk.sign(b"transfer 10 coins", b"wallet-v1", &mut rng)?;
    /// vk.verify(b"transfer 10 coins", b"wallet-v1", &sig)?;
    /// // The context is bound into the signature.
    /// assert!(vk.verify(b"transfer 10 coins", b"wallet-v2", &sig).is_err());
    /// # Ok::<(), pqlattice::Error>(())
    /// ```
    pub fn sign<R: CryptoRng + ?Sized>(
        &self,
        msg: &[u8],
        ctx: &[u8],
        rng: &mut R,
    ) -> Result<Signature<P>, Error> {
        let mut rnd: [u8; 32] = crate::util::random_array(rng);
        let sig = self.sign_pure(msg, ctx, &rnd);
        rnd.zeroize();
        sig
    }

    /// [`sign`](Self::sign) with randomness from the operating system.
    ///
    /// Errors: [`Error::ContextTooLong`], [`Error::Randomness`].
    #[cfg(feature = "std")]
    pub fn sign_with_os_rng(&self, msg: &[u8], ctx: &[u8]) -> Result<Signature<P>, Error> {
        crate::util::OsRng::with(|rng| self.sign(msg, ctx, rng))?
    }

    /// ML-DSA.Sign in its deterministic variant (rnd = 0^32, FIPS 204 section 3.4):
    /// the same key, message and context always give the same signature.
    ///
    /// Errors: [`Error::ContextTooLong`].
    pub fn sign_deterministic(&self, msg: &[u8], ctx: &[u8]) -> Result<Signature<P>, Error> {
        self.sign_pure(msg, ctx, &[0u8; 32])
    }

    /// HashML-DSA.Sign (FIPS 204 Algorithm 4), hedged: signs the digest PH(M) of a
    /// message hashed by the caller with `hash`.
    ///
    /// Errors: [`Error::ContextTooLong`], [`Error::PreHashLength`].
    pub fn sign_prehash<R: CryptoRng + ?Sized>(
        &self,
        hash: PreHash,
        digest: &[u8],
        ctx: &[u8],
        rng: &mut R,
    ) -> Result<Signature<P>, Error> {
        let mut rnd: [u8; 32] = crate::util::random_array(rng);
        let sig = self.sign_hashed(hash, digest, ctx, &rnd);
        rnd.zeroize();
        sig
    }

    /// HashML-DSA.Sign, deterministic variant (rnd = 0^32).
    ///
    /// Errors: [`Error::ContextTooLong`], [`Error::PreHashLength`].
    pub fn sign_prehash_deterministic(
        &self,
        hash: PreHash,
        digest: &[u8],
        ctx: &[u8],
    ) -> Result<Signature<P>, Error> {
        self.sign_hashed(hash, digest, ctx, &[0u8; 32])
    }

    /// Signs an externally computed message representative
    /// mu = H(H(pk, 64) || M', 64) (FIPS 204 Algorithm 7 from line 7; see
    /// [`VerifyingKey::compute_mu`]), hedged with 32 bytes from `rng`.
    pub fn sign_mu<R: CryptoRng + ?Sized>(&self, mu: &[u8; 64], rng: &mut R) -> Signature<P> {
        let mut rnd: [u8; 32] = crate::util::random_array(rng);
        let sig = self.sign_mu_rnd(mu, &rnd);
        rnd.zeroize();
        sig
    }

    /// ML-DSA.Sign_internal (FIPS 204 Algorithm 7) on a caller-formatted M' with
    /// caller-supplied randomness. For known-answer tests; `rnd` must be fresh random
    /// bytes (or all zero for deterministic signing), never reused otherwise.
    #[cfg(feature = "hazmat")]
    #[cfg_attr(docsrs, doc(cfg(feature = "hazmat")))]
    pub fn sign_internal(&self, m_prime: &[u8], rnd: &[u8; 32]) -> Signature<P> {
        self.sign_parts(&[m_prime], rnd)
    }

    /// [`sign_mu`](Self::sign_mu) with caller-supplied randomness.
    #[cfg(feature = "hazmat")]
    #[cfg_attr(docsrs, doc(cfg(feature = "hazmat")))]
    pub fn sign_mu_with_randomness(&self, mu: &[u8; 64], rnd: &[u8; 32]) -> Signature<P> {
        self.sign_mu_rnd(mu, rnd)
    }

    /// [`sign`](Self::sign) with caller-supplied randomness.
    ///
    /// Errors: [`Error::ContextTooLong`].
    #[cfg(feature = "hazmat")]
    #[cfg_attr(docsrs, doc(cfg(feature = "hazmat")))]
    pub fn sign_with_randomness(
        &self,
        msg: &[u8],
        ctx: &[u8],
        rnd: &[u8; 32],
    ) -> Result<Signature<P>, Error> {
        self.sign_pure(msg, ctx, rnd)
    }

    /// [`sign_prehash`](Self::sign_prehash) with caller-supplied randomness.
    ///
    /// Errors: [`Error::ContextTooLong`], [`Error::PreHashLength`].
    #[cfg(feature = "hazmat")]
    #[cfg_attr(docsrs, doc(cfg(feature = "hazmat")))]
    pub fn sign_prehash_with_randomness(
        &self,
        hash: PreHash,
        digest: &[u8],
        ctx: &[u8],
        rnd: &[u8; 32],
    ) -> Result<Signature<P>, Error> {
        self.sign_hashed(hash, digest, ctx, rnd)
    }
}

impl<P: ParameterSet> Clone for SigningKey<P> {
    fn clone(&self) -> Self {
        SigningKey {
            ex: self.ex.clone(),
            bytes: self.bytes,
            pk: self.pk,
            seed: self.seed,
        }
    }
}

impl<P: ParameterSet> Drop for SigningKey<P> {
    fn drop(&mut self) {
        self.ex.zeroize_secrets();
        // As a slice: one bulk wipe instead of a volatile store per byte.
        self.bytes.as_mut().zeroize();
        self.seed.zeroize();
    }
}

impl<P: ParameterSet> ZeroizeOnDrop for SigningKey<P> {}

impl<P: ParameterSet> PartialEq for SigningKey<P> {
    /// Constant-time comparison of the encodings.
    fn eq(&self, other: &Self) -> bool {
        self.bytes.as_ref().ct_eq(other.bytes.as_ref()).into()
    }
}
impl<P: ParameterSet> Eq for SigningKey<P> {}

impl<P: ParameterSet> fmt::Debug for SigningKey<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("parameter_set", &P::NAME)
            .finish_non_exhaustive()
    }
}

/// An ML-DSA verifying (public) key, generic over the parameter set; use the aliases
/// `ml_dsa_44::VerifyingKey` etc.
///
/// Caches A-hat and NTT(t1 * 2^d), so each verification only hashes and multiplies.
///
/// ```
/// # #[cfg(feature = "std")] {
/// use pqlattice::ml_dsa_44;
///
/// let (vk, sk) = ml_dsa_44::generate_from_seed(&[7u8; 32]);
/// let sig = sk.sign_deterministic(b"hello", b"")?;
/// // Ship vk.as_bytes() and sig.as_bytes(); on the other side:
/// let vk2 = ml_dsa_44::VerifyingKey::from_bytes(vk.as_bytes())?;
/// let sig2 = ml_dsa_44::Signature::from_bytes(sig.as_bytes())?;
/// vk2.verify(b"hello", b"", &sig2)?;
/// # }
/// # Ok::<(), pqlattice::Error>(())
/// ```
// 64-byte alignment: see `SigningKey`.
#[repr(align(64))]
pub struct VerifyingKey<P: ParameterSet> {
    ex: ExpandedVerifyingKey<P>,
    bytes: P::VerifyingKeyBytes,
}

impl<P: ParameterSet> VerifyingKey<P> {
    /// An all-zero key, to be filled in place (see [`SigningKey::zeroed`]).
    #[inline(always)]
    fn zeroed() -> Self {
        VerifyingKey {
            ex: ExpandedVerifyingKey {
                tr: [0; 64],
                a_hat: P::Matrix::zero(),
                t1_hat: P::VecK::zero(),
            },
            bytes: P::VerifyingKeyBytes::zeroed(),
        }
    }

    /// The verifying key of `sk`, written into `self`.
    fn fill_from_signing_key(&mut self, sk: &SigningKey<P>) {
        self.copy_shared_from(sk);
        let vk = self;
        dispatch!(B => internal::expand_verifying_key_t1::<P, B>(vk.bytes.as_ref(), &mut vk.ex));
    }

    /// Copies what the verifying key shares with `sk`: the encoding, tr and A-hat.
    fn copy_shared_from(&mut self, sk: &SigningKey<P>) {
        // A-hat and tr = H(pk) are shared with the signing key (a parsed signing key's
        // tr is checked against H(pk) in `expand_signing_key`): only t1 needs work.
        self.ex.tr = sk.ex.tr;
        self.bytes = sk.pk;
        // Copied polynomial by polynomial: one matrix-sized `memcpy` (or `clone()`,
        // which also goes through a temporary) takes glibc's `rep movsb` path.
        for (d, s) in PolyMatrix::<P::VecL>::rows_mut(&mut self.ex.a_hat)
            .iter_mut()
            .zip(PolyMatrix::<P::VecL>::rows(&sk.ex.a_hat))
        {
            for (dp, sp) in d.polys_mut().iter_mut().zip(s.polys()) {
                *dp = *sp;
            }
        }
    }

    /// Parses a verifying key encoding (pkDecode, Algorithm 23). Every encoding of the
    /// right length is a valid key.
    ///
    /// Errors: [`Error::InvalidLength`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        check_len(P::NAME_VK, bytes, P::VERIFYING_KEY_SIZE)?;
        // Built inside the returned `Result` (see `SigningKey::zeroed`).
        let mut out = Ok(Self::zeroed());
        if let Ok(vk) = &mut out {
            vk.fill_from_bytes(bytes);
        }
        out
    }

    /// [`Self::from_bytes`] into a `Box`, built where it lives (see
    /// [`SigningKey::boxed_from_seed`]); the key (up to 66.6 KiB) is never on the
    /// stack.
    #[cfg(feature = "alloc")]
    pub fn boxed_from_bytes(bytes: &[u8]) -> Result<alloc::boxed::Box<Self>, Error> {
        check_len(P::NAME_VK, bytes, P::VERIFYING_KEY_SIZE)?;
        let mut vk = alloc::boxed::Box::write(alloc::boxed::Box::new_uninit(), Self::zeroed());
        vk.fill_from_bytes(bytes);
        Ok(vk)
    }

    /// pkDecode of an encoding of the right length into `self`.
    fn fill_from_bytes(&mut self, bytes: &[u8]) {
        let vk = self;
        vk.bytes.as_mut().copy_from_slice(bytes);
        dispatch!(B => internal::expand_verifying_key::<P, B>(bytes, &mut vk.ex));
    }

    /// The encoding (pkEncode, Algorithm 22).
    pub fn as_bytes(&self) -> &P::VerifyingKeyBytes {
        &self.bytes
    }

    fn verify_mu_bool(&self, mu: &[u8; 64], sig: &Signature<P>) -> bool {
        dispatch!(B => internal::verify_internal::<P, B>(&self.ex, mu, sig.bytes.as_ref()))
    }

    fn verify_parts(&self, parts: &[&[u8]], sig: &Signature<P>) -> Result<(), Error> {
        let mu = internal::compute_mu(&self.ex.tr, parts);
        self.verify_mu(&mu, sig)
    }

    /// ML-DSA.Verify (FIPS 204 Algorithm 3): checks `sig` on `msg` under the context
    /// string `ctx`.
    ///
    /// Errors: [`Error::ContextTooLong`]; [`Error::InvalidSignature`] for a signature
    /// that does not verify, including malformed hint encodings and z out of range.
    ///
    /// ```
    /// use pqlattice::{Error, ml_dsa_44};
    ///
    /// let (vk, sk) = ml_dsa_44::generate_from_seed(&[1u8; 32]);
    /// let sig = sk.sign_deterministic(b"msg", b"")?;
    /// assert_eq!(vk.verify(b"msg", b"", &sig), Ok(()));
    /// let mut bytes = *sig.as_bytes();
    /// bytes[0] ^= 1;
    /// let forged = ml_dsa_44::Signature::from_bytes(&bytes)?;
    /// assert_eq!(vk.verify(b"msg", b"", &forged), Err(Error::InvalidSignature));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn verify(&self, msg: &[u8], ctx: &[u8], sig: &Signature<P>) -> Result<(), Error> {
        let prefix = ctx_prefix(0, ctx)?;
        self.verify_parts(&[&prefix, ctx, msg], sig)
    }

    /// HashML-DSA.Verify (FIPS 204 Algorithm 5): checks `sig` on the digest PH(M)
    /// computed by the caller with `hash`.
    ///
    /// Errors: [`Error::ContextTooLong`], [`Error::PreHashLength`],
    /// [`Error::InvalidSignature`].
    pub fn verify_prehash(
        &self,
        hash: PreHash,
        digest: &[u8],
        ctx: &[u8],
        sig: &Signature<P>,
    ) -> Result<(), Error> {
        let prefix = ctx_prefix(1, ctx)?;
        hash.check(digest)?;
        self.verify_parts(&[&prefix, ctx, &hash.oid(), digest], sig)
    }

    /// Checks `sig` against an externally computed mu (Algorithm 8 from line 8).
    ///
    /// Errors: [`Error::InvalidSignature`].
    pub fn verify_mu(&self, mu: &[u8; 64], sig: &Signature<P>) -> Result<(), Error> {
        if self.verify_mu_bool(mu, sig) {
            Ok(())
        } else {
            Err(Error::InvalidSignature)
        }
    }

    /// The message representative mu = H(H(pk, 64) || 0 || |ctx| || ctx || msg, 64)
    /// of pure ML-DSA, for [`SigningKey::sign_mu`] and [`VerifyingKey::verify_mu`].
    ///
    /// Errors: [`Error::ContextTooLong`].
    pub fn compute_mu(&self, msg: &[u8], ctx: &[u8]) -> Result<[u8; 64], Error> {
        let prefix = ctx_prefix(0, ctx)?;
        Ok(internal::compute_mu(&self.ex.tr, &[&prefix, ctx, msg]))
    }

    /// ML-DSA.Verify_internal (FIPS 204 Algorithm 8) on a caller-formatted M'.
    #[cfg(feature = "hazmat")]
    #[cfg_attr(docsrs, doc(cfg(feature = "hazmat")))]
    pub fn verify_internal(&self, m_prime: &[u8], sig: &Signature<P>) -> bool {
        let mu = internal::compute_mu(&self.ex.tr, &[m_prime]);
        self.verify_mu_bool(&mu, sig)
    }
}

impl<P: ParameterSet> Clone for VerifyingKey<P> {
    fn clone(&self) -> Self {
        VerifyingKey {
            ex: self.ex.clone(),
            bytes: self.bytes,
        }
    }
}

impl<P: ParameterSet> PartialEq for VerifyingKey<P> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}
impl<P: ParameterSet> Eq for VerifyingKey<P> {}

impl<P: ParameterSet> fmt::Debug for VerifyingKey<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("VerifyingKey")
            .field("parameter_set", &P::NAME)
            .field("bytes", &self.bytes)
            .finish()
    }
}

/// An ML-DSA signature (its FIPS 204 encoding, sigEncode, Algorithm 26), generic over
/// the parameter set; use the aliases `ml_dsa_44::Signature` etc.
pub struct Signature<P: ParameterSet> {
    bytes: P::SignatureBytes,
}

impl<P: ParameterSet> Signature<P> {
    /// Wraps a signature encoding. Only the length is checked here; the contents are
    /// checked by verification.
    ///
    /// Errors: [`Error::InvalidLength`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        check_len(P::NAME_SIG, bytes, P::SIGNATURE_SIZE)?;
        let mut enc = P::SignatureBytes::zeroed();
        enc.as_mut().copy_from_slice(bytes);
        Ok(Signature { bytes: enc })
    }

    /// The encoding.
    pub fn as_bytes(&self) -> &P::SignatureBytes {
        &self.bytes
    }
}

impl<P: ParameterSet> Clone for Signature<P> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<P: ParameterSet> Copy for Signature<P> {}
impl<P: ParameterSet> PartialEq for Signature<P> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}
impl<P: ParameterSet> Eq for Signature<P> {}
impl<P: ParameterSet> fmt::Debug for Signature<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signature")
            .field("parameter_set", &P::NAME)
            .field("bytes", &self.bytes)
            .finish()
    }
}

/// Defines the body of a parameter-set module (`ml_dsa_44` etc.).
macro_rules! parameter_set_module {
    ($P:ident, $name:literal) => {
        use $crate::ml_dsa::ParameterSet as _;
        use $crate::CryptoRng;

        #[doc = concat!("The ", $name, " parameter set.")]
        pub type Params = $crate::ml_dsa::$P;
        #[doc = concat!("An ", $name, " signing key (see [`crate::ml_dsa::SigningKey`]).")]
        pub type SigningKey = $crate::ml_dsa::SigningKey<Params>;
        #[doc = concat!("An ", $name, " verifying key (see [`crate::ml_dsa::VerifyingKey`]).")]
        pub type VerifyingKey = $crate::ml_dsa::VerifyingKey<Params>;
        #[doc = concat!("An ", $name, " signature (see [`crate::ml_dsa::Signature`]).")]
        pub type Signature = $crate::ml_dsa::Signature<Params>;
        #[doc = concat!("An ", $name, " key pair with its seed (see [`crate::ml_dsa::KeyPair`]).")]
        pub type KeyPair = $crate::ml_dsa::KeyPair<Params>;
        pub use $crate::ml_dsa::PreHash;

        /// Size of a verifying key encoding in bytes.
        pub const VERIFYING_KEY_SIZE: usize = Params::VERIFYING_KEY_SIZE;
        /// Size of a signing key encoding (the expanded FIPS 204 form) in bytes.
        pub const SIGNING_KEY_SIZE: usize = Params::SIGNING_KEY_SIZE;
        /// Size of a signature in bytes.
        pub const SIGNATURE_SIZE: usize = Params::SIGNATURE_SIZE;
        /// Size of the key-generation seed xi in bytes.
        pub const SEED_SIZE: usize = 32;

        #[doc = concat!("ML-DSA.KeyGen (FIPS 204 Algorithm 1) for ", $name, ": a fresh key pair from a 32-byte seed drawn from `rng`.")]
        pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> (VerifyingKey, SigningKey) {
            let mut xi: [u8; 32] = $crate::util::random_array(rng);
            let kp = generate_from_seed(&xi);
            zeroize::Zeroize::zeroize(&mut xi);
            kp
        }

        /// [`generate`] with randomness from the operating system.
        ///
        /// Errors: [`Error::Randomness`](crate::Error::Randomness).
        #[cfg(feature = "std")]
        pub fn generate_with_os_rng() -> Result<(VerifyingKey, SigningKey), $crate::Error> {
            // The seed is drawn first, so that the pair is built once, in place (a
            // pair returned through `OsRng::with` would be copied once more).
            let mut xi = [0u8; SEED_SIZE];
            $crate::util::os_random(&mut xi)?;
            let kp = generate_from_seed(&xi);
            zeroize::Zeroize::zeroize(&mut xi);
            Ok(kp)
        }

        /// ML-DSA.KeyGen_internal (FIPS 204 Algorithm 6): the key pair determined by
        /// the seed xi.
        pub fn generate_from_seed(xi: &[u8; SEED_SIZE]) -> (VerifyingKey, SigningKey) {
            SigningKey::generate_pair(xi)
        }

        #[doc = concat!("ML-DSA.KeyGen (FIPS 204 Algorithm 1) for ", $name, " to the encodings only: a fresh key pair's verifying key and expanded signing key encodings, from a 32-byte seed drawn from `rng` (see [`SigningKey::encodings_from_seed`](crate::ml_dsa::SigningKey::encodings_from_seed)).")]
        pub fn generate_encoded<R: CryptoRng + ?Sized>(
            rng: &mut R,
        ) -> ([u8; VERIFYING_KEY_SIZE], $crate::SecretBytes<[u8; SIGNING_KEY_SIZE]>) {
            let mut xi: [u8; 32] = $crate::util::random_array(rng);
            let kp = SigningKey::encodings_from_seed(&xi);
            zeroize::Zeroize::zeroize(&mut xi);
            kp
        }
    };
}
pub(crate) use parameter_set_module;
