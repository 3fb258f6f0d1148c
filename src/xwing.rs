//! X-Wing, the general-purpose hybrid post-quantum KEM of
//! [draft-connolly-cfrg-xwing-kem-10]: ML-KEM-768 (FIPS 203) and X25519 (RFC 7748)
//! combined with SHA3-256.
//!
//! X-Wing is IND-CCA secure if SHA3 is secure and *either* ML-KEM-768 or X25519 is
//! (draft section 6). Sizes (draft section 5.1): the decapsulation (private) key is
//! its 32-byte seed, the encapsulation (public) key is 1216 bytes
//! (ML-KEM-768 ek || X25519 public key), a ciphertext is 1120 bytes (ML-KEM-768
//! ciphertext || X25519 ephemeral public key) and the shared secret is 32 bytes.
//!
//! This module follows the draft byte for byte (its appendix C vectors are checked in
//! `tests/xwing.rs`). It reuses this crate's ML-KEM-768 and SHA-3; X25519 comes from
//! the `x25519-dalek` crate. Enabled by the `xwing` Cargo feature.
//!
//! ```
//! use pqlattice::xwing::{Ciphertext, DecapsulationKey, EncapsulationKey};
//!
//! // Alice generates a key pair and publishes her 1216-byte encapsulation key.
//! let dk = DecapsulationKey::generate_with_os_rng()?;
//! let ek_bytes = dk.encapsulation_key().to_bytes();
//!
//! // Bob encapsulates a fresh secret to it and sends Alice the 1120-byte ciphertext.
//! let ek = EncapsulationKey::from_bytes(&ek_bytes)?;
//! let (ct, bob_secret) = ek.encapsulate_with_os_rng()?;
//!
//! // Alice decapsulates: both now hold the same 32 bytes.
//! let ct = Ciphertext::from_bytes(ct.as_bytes())?;
//! let alice_secret = dk.decapsulate(&ct);
//! assert_eq!(alice_secret, bob_secret);
//!
//! // Alice stores only her 32-byte seed; the full key is re-derived from it.
//! let restored = DecapsulationKey::from_seed(dk.seed());
//! assert_eq!(restored.decapsulate(&ct), bob_secret);
//! # Ok::<(), pqlattice::Error>(())
//! ```
//!
//! # X25519 all-zero shared secret
//!
//! RFC 7748 section 6.1 lets an X25519 user *abort* when the shared secret is all
//! zeros (the peer sent a low-order point). X-Wing does not: the draft's
//! `Encapsulate` and `Decapsulate` (sections 5.4 and 5.5) use the X25519 output as
//! is, and neither step can fail on it. This module does the same: a ciphertext whose
//! X25519 part is a low-order point decapsulates to
//! `SHA3-256(ss_M || 0^32 || ct_X || pk_X || label)` without an error. The combined
//! secret then rests on ML-KEM-768 alone, which is exactly the hybrid guarantee; the
//! same holds for an encapsulation key whose X25519 part is a low-order point (such a
//! key is accepted, as the draft only mandates the ML-KEM check). A protocol that
//! wants "contributory" X25519 behaviour must add that check itself.
//!
//! [draft-connolly-cfrg-xwing-kem-10]: https://datatracker.ietf.org/doc/draft-connolly-cfrg-xwing-kem/10/

use crate::error::check_len;
use crate::hash::{Sha3_256, Shake256};
use crate::ml_kem::{self, MlKem768};
use crate::{CryptoRng, Error};
use core::fmt;
use subtle::{Choice, ConstantTimeEq};
use x25519_dalek::{PublicKey as X25519Public, StaticSecret as X25519Secret};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Decapsulation key (seed) size in bytes.
pub const SEED_SIZE: usize = 32;
/// Decapsulation key size in bytes: the key *is* its 32-byte seed (draft section 5.1).
pub const DECAPSULATION_KEY_SIZE: usize = SEED_SIZE;
/// Encapsulation key size in bytes: ML-KEM-768 ek (1184) || X25519 public key (32).
pub const ENCAPSULATION_KEY_SIZE: usize = 1216;
/// Ciphertext size in bytes: ML-KEM-768 ciphertext (1088) || X25519 ephemeral key (32).
pub const CIPHERTEXT_SIZE: usize = 1120;
/// Shared secret size in bytes.
pub const SHARED_SECRET_SIZE: usize = 32;
/// Size of the randomness `eseed` that [`EncapsulationKey::encapsulate_derand`] takes.
pub const ENCAPSULATION_SEED_SIZE: usize = 64;
/// The combiner's label `XWingLabel` (draft section 5.3), the six ASCII characters
/// `\./` `/^\` (hex 5c2e2f2f5e5c).
pub const LABEL: [u8; 6] = *b"\\.//^\\";

/// ML-KEM-768 encapsulation key size (FIPS 203: 384k + 32, k = 3).
const EK_M_SIZE: usize = 1184;
/// ML-KEM-768 ciphertext size (FIPS 203: 32(d_u k + d_v)).
const CT_M_SIZE: usize = 1088;
/// X25519 public key / u-coordinate size.
const X_SIZE: usize = 32;

const NAME_EK: &str = "X-Wing encapsulation key";
const NAME_DK: &str = "X-Wing decapsulation key (seed)";
const NAME_CT: &str = "X-Wing ciphertext";

/// The draft's `Combiner` (section 5.3):
/// `SHA3-256(ss_M || ss_X || ct_X || pk_X || XWingLabel)`.
fn combiner(ss_m: &[u8; 32], ss_x: &[u8; 32], ct_x: &[u8; 32], pk_x: &[u8; 32]) -> SharedSecret {
    SharedSecret(Sha3_256::digest(&[ss_m, ss_x, ct_x, pk_x, &LABEL]))
}

/// The 32-byte X-Wing shared secret.
///
/// Zeroized on drop; `==` is constant-time; `Debug` does not print it.
#[derive(Clone)]
pub struct SharedSecret([u8; SHARED_SECRET_SIZE]);

impl SharedSecret {
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
        f.write_str("xwing::SharedSecret(<redacted>)")
    }
}

impl Zeroize for SharedSecret {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}

impl Drop for SharedSecret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}
impl ZeroizeOnDrop for SharedSecret {}

/// An X-Wing ciphertext: ML-KEM-768 ciphertext (1088 bytes) || X25519 ephemeral
/// public key (32 bytes).
#[derive(Clone, PartialEq, Eq)]
pub struct Ciphertext {
    bytes: [u8; CIPHERTEXT_SIZE],
}

impl Ciphertext {
    /// Parses a ciphertext. Only the length (1120 bytes) is checked
    /// ([`Error::InvalidLength`]): every byte string of that length is a valid input
    /// to decapsulation.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        check_len(NAME_CT, bytes, CIPHERTEXT_SIZE)?;
        let mut ct = Self {
            bytes: [0; CIPHERTEXT_SIZE],
        };
        ct.bytes.copy_from_slice(bytes);
        Ok(ct)
    }

    /// The encoded ciphertext `ct_M || ct_X`.
    pub fn as_bytes(&self) -> &[u8; CIPHERTEXT_SIZE] {
        &self.bytes
    }

    /// A copy of the encoded ciphertext.
    pub fn to_bytes(&self) -> [u8; CIPHERTEXT_SIZE] {
        self.bytes
    }

    /// The X25519 part `ct_X`.
    fn ct_x(&self) -> [u8; X_SIZE] {
        let mut ct_x = [0u8; X_SIZE];
        ct_x.copy_from_slice(&self.bytes[CT_M_SIZE..]);
        ct_x
    }
}

impl AsRef<[u8]> for Ciphertext {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for Ciphertext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "xwing::Ciphertext({CIPHERTEXT_SIZE} bytes)")
    }
}

/// An X-Wing encapsulation (public) key: ML-KEM-768 ek (1184 bytes) || X25519 public
/// key (32 bytes).
///
/// Parsing ([`EncapsulationKey::from_bytes`]) performs the FIPS 203 section 7.2 check
/// on the ML-KEM part, as the draft requires (section 4), and precomputes what
/// ML-KEM encapsulation needs, so each encapsulation only samples and multiplies.
#[derive(Clone)]
pub struct EncapsulationKey {
    bytes: [u8; ENCAPSULATION_KEY_SIZE],
    ek_m: ml_kem::EncapsulationKey<MlKem768>,
    pk_x: X25519Public,
}

impl EncapsulationKey {
    /// Parses an encapsulation key. The length must be 1216 bytes
    /// ([`Error::InvalidLength`]) and the ML-KEM-768 part must pass the FIPS 203
    /// section 7.2 modulus check ([`Error::EncapsulationKeyCheck`]). The X25519 part
    /// is not checked (the draft does not check it; see the [module
    /// documentation](self) on low-order points).
    ///
    /// ```
    /// use pqlattice::{xwing::EncapsulationKey, Error};
    ///
    /// let err = EncapsulationKey::from_bytes(&[0u8; 1215]).unwrap_err();
    /// assert!(matches!(err, Error::InvalidLength { expected: 1216, actual: 1215, .. }));
    ///
    /// // An ML-KEM coefficient of 0xfff (>= q = 3329) fails the FIPS 203 7.2 check.
    /// let err = EncapsulationKey::from_bytes(&[0xff; 1216]).unwrap_err();
    /// assert_eq!(err, Error::EncapsulationKeyCheck);
    /// ```
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        // Built in place (no key-sized temporaries), as the ML-KEM keys are.
        let mut out = Self::empty();
        out.load(bytes)?;
        Ok(out)
    }

    /// A key to be filled by [`Self::load`] (all zero).
    #[inline(always)]
    fn empty() -> Self {
        Self {
            bytes: [0; ENCAPSULATION_KEY_SIZE],
            ek_m: ml_kem::EncapsulationKey::empty(),
            pk_x: X25519Public::from([0u8; X_SIZE]),
        }
    }

    /// Parses `bytes` into `self` (an [`Self::empty`] key): the length, then the
    /// ML-KEM-768 encapsulation key check (FIPS 203 section 7.2) and expansion.
    fn load(&mut self, bytes: &[u8]) -> Result<(), Error> {
        check_len(NAME_EK, bytes, ENCAPSULATION_KEY_SIZE)?;
        let mut pk_x = [0u8; X_SIZE];
        pk_x.copy_from_slice(&bytes[EK_M_SIZE..]);
        self.pk_x = X25519Public::from(pk_x);
        if !self.ek_m.load(&bytes[..EK_M_SIZE]) {
            return Err(Error::EncapsulationKeyCheck);
        }
        self.bytes.copy_from_slice(bytes);
        Ok(())
    }

    /// [`Self::from_bytes`] into a `Box`, built where it lives: the key (about 8 KiB,
    /// with the expanded ML-KEM-768 matrix) is never on the stack. Same checks and
    /// errors.
    ///
    /// ```
    /// use pqlattice::xwing;
    ///
    /// let dk = xwing::DecapsulationKey::from_seed(&[7; 32]);
    /// let ek = xwing::EncapsulationKey::boxed_from_bytes(dk.encapsulation_key().as_bytes())?;
    /// assert!(*ek == *dk.encapsulation_key());
    /// assert!(xwing::EncapsulationKey::boxed_from_bytes(&[0xff; 1216]).is_err());
    /// # Ok::<(), pqlattice::Error>(())
    /// ```
    #[cfg(feature = "alloc")]
    pub fn boxed_from_bytes(bytes: &[u8]) -> Result<alloc::boxed::Box<Self>, Error> {
        let mut out = alloc::boxed::Box::write(alloc::boxed::Box::new_uninit(), Self::empty());
        out.load(bytes)?;
        Ok(out)
    }

    /// The encoded key `pk_M || pk_X`.
    pub fn as_bytes(&self) -> &[u8; ENCAPSULATION_KEY_SIZE] {
        &self.bytes
    }

    /// A copy of the encoded key `pk_M || pk_X`.
    pub fn to_bytes(&self) -> [u8; ENCAPSULATION_KEY_SIZE] {
        self.bytes
    }

    /// X-Wing `Encapsulate` (draft section 5.4): a fresh ciphertext and shared secret,
    /// with the 64 bytes of randomness drawn from `rng`.
    ///
    /// ```
    /// use pqlattice::xwing::DecapsulationKey;
    /// use rand_chacha::{ChaCha20Rng, rand_core::SeedableRng};
    ///
    /// // Any `CryptoRng`; seeded with a constant only to keep the example short.
    /// let mut rng = ChaCha20Rng::from_seed([42; 32]);
    /// let dk = DecapsulationKey::generate(&mut rng);
    /// let (ct, ss) = dk.encapsulation_key().encapsulate(&mut rng);
    /// assert_eq!(dk.decapsulate(&ct), ss);
    /// ```
    pub fn encapsulate<R: CryptoRng + ?Sized>(&self, rng: &mut R) -> (Ciphertext, SharedSecret) {
        let eseed = Zeroizing::new(crate::util::random_array::<ENCAPSULATION_SEED_SIZE, R>(rng));
        self.encapsulate_derand(&eseed)
    }

    /// [`EncapsulationKey::encapsulate`] with the operating system's random number
    /// generator; fails only if the OS generator does ([`Error::Randomness`]).
    #[cfg(feature = "std")]
    pub fn encapsulate_with_os_rng(&self) -> Result<(Ciphertext, SharedSecret), Error> {
        let mut eseed = Zeroizing::new([0u8; ENCAPSULATION_SEED_SIZE]);
        crate::util::os_random(&mut eseed[..])?;
        Ok(self.encapsulate_derand(&eseed))
    }

    /// X-Wing `EncapsulateDerand` (draft section 5.4.1): encapsulation with
    /// caller-supplied randomness `eseed`. `eseed[0..32]` is the ML-KEM-768 message m
    /// (FIPS 203 `Encaps_internal`), `eseed[32..64]` the X25519 ephemeral secret.
    ///
    /// **For known-answer tests and deterministic protocol vectors only.** `eseed`
    /// must be 64 fresh uniformly random bytes, never reused: a repeated or
    /// predictable `eseed` reveals the shared secret. Use
    /// [`EncapsulationKey::encapsulate`] otherwise.
    pub fn encapsulate_derand(
        &self,
        eseed: &[u8; ENCAPSULATION_SEED_SIZE],
    ) -> (Ciphertext, SharedSecret) {
        let mut m = Zeroizing::new([0u8; 32]);
        let mut ek_x_bytes = Zeroizing::new([0u8; 32]);
        m.copy_from_slice(&eseed[..32]);
        ek_x_bytes.copy_from_slice(&eseed[32..]);
        // StaticSecret zeroizes itself on drop.
        let ek_x = X25519Secret::from(*ek_x_bytes);
        // ct_X = X25519(ek_X, X25519_BASE); ss_X = X25519(ek_X, pk_X).
        let ct_x = X25519Public::from(&ek_x);
        let ss_x = ek_x.diffie_hellman(&self.pk_x);
        let (ct_m, ss_m) = self.ek_m.encapsulate_internal(&m);
        let ss = combiner(
            ss_m.as_bytes(),
            ss_x.as_bytes(),
            ct_x.as_bytes(),
            self.pk_x.as_bytes(),
        );
        let mut ct = Ciphertext {
            bytes: [0; CIPHERTEXT_SIZE],
        };
        ct.bytes[..CT_M_SIZE].copy_from_slice(ct_m.as_bytes());
        ct.bytes[CT_M_SIZE..].copy_from_slice(ct_x.as_bytes());
        (ct, ss)
    }
}

impl PartialEq for EncapsulationKey {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}
impl Eq for EncapsulationKey {}

impl AsRef<[u8]> for EncapsulationKey {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for EncapsulationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("xwing::EncapsulationKey(")?;
        for b in &self.bytes[..8] {
            write!(f, "{b:02x}")?;
        }
        f.write_str("..)")
    }
}

/// An X-Wing decapsulation (private) key.
///
/// The key is its 32-byte seed ([`DecapsulationKey::seed`], draft section 5.2): store
/// that, and rebuild the key with [`DecapsulationKey::from_seed`]. The object also
/// caches the draft's `expandDecapsulationKey` result (the expanded ML-KEM-768 key,
/// the X25519 secret and the encapsulation key, section 5.5.1), so decapsulation does
/// not re-derive them. All secret parts are zeroized on drop; `==` is constant-time;
/// `Debug` prints no secret.
#[derive(Clone)]
pub struct DecapsulationKey {
    seed: [u8; SEED_SIZE],
    dk_m: ml_kem::DecapsulationKey<MlKem768>,
    sk_x: X25519Secret,
    ek: EncapsulationKey,
}

impl DecapsulationKey {
    /// X-Wing `GenerateKeyPairDerand` (draft section 5.2.1, `expandDecapsulationKey`):
    /// the key for the 32-byte `seed`. SHAKE256(seed) gives 96 bytes: the ML-KEM-768
    /// seed d || z (bytes 0..64, FIPS 203 `KeyGen_internal`) and the X25519 secret
    /// (bytes 64..96).
    ///
    /// ```
    /// use pqlattice::xwing::DecapsulationKey;
    ///
    /// let seed = [7u8; 32]; // in practice: 32 secret random bytes, stored safely
    /// let dk = DecapsulationKey::from_seed(&seed);
    /// assert_eq!(dk.seed(), &seed);
    /// assert_eq!(DecapsulationKey::from_seed(&seed).encapsulation_key(), dk.encapsulation_key());
    /// ```
    pub fn from_seed(seed: &[u8; SEED_SIZE]) -> Self {
        let (seed_m, sk_x_bytes) = Self::expand(seed);
        // The key is about 20 KiB: it is built where it will live (no key-sized
        // temporaries), as the ML-KEM keys are.
        let mut dk = Self::skeleton(seed, &sk_x_bytes);
        dk.fill(&seed_m);
        dk
    }

    /// [`DecapsulationKey::from_seed`] into a `Box`: the skeleton is allocated first
    /// and filled where it lives, so the key (about 20 KiB) is never on the stack
    /// (for small stacks, such as the C API's 64 KiB bound).
    #[cfg(feature = "alloc")]
    pub fn boxed_from_seed(seed: &[u8; SEED_SIZE]) -> alloc::boxed::Box<Self> {
        let (seed_m, sk_x_bytes) = Self::expand(seed);
        let mut dk = alloc::boxed::Box::write(
            alloc::boxed::Box::new_uninit(),
            Self::skeleton(seed, &sk_x_bytes),
        );
        dk.fill(&seed_m);
        dk
    }

    /// `expandDecapsulationKey`'s SHAKE256 step: the ML-KEM-768 seed d || z and the
    /// X25519 secret.
    fn expand(seed: &[u8; SEED_SIZE]) -> (Zeroizing<[u8; ml_kem::SEED_SIZE]>, Zeroizing<[u8; 32]>) {
        let mut expanded = Zeroizing::new([0u8; 96]);
        Shake256::digest_into(&[seed], &mut expanded[..]);
        let mut seed_m = Zeroizing::new([0u8; ml_kem::SEED_SIZE]);
        let mut sk_x_bytes = Zeroizing::new([0u8; 32]);
        seed_m.copy_from_slice(&expanded[..64]);
        sk_x_bytes.copy_from_slice(&expanded[64..]);
        (seed_m, sk_x_bytes)
    }

    /// The key with its seed and X25519 secret, the rest still empty.
    #[inline(always)]
    fn skeleton(seed: &[u8; SEED_SIZE], sk_x_bytes: &[u8; 32]) -> Self {
        Self {
            seed: *seed,
            dk_m: ml_kem::DecapsulationKey::empty(),
            sk_x: X25519Secret::from(*sk_x_bytes),
            ek: EncapsulationKey {
                bytes: [0; ENCAPSULATION_KEY_SIZE],
                ek_m: ml_kem::EncapsulationKey::empty(),
                pk_x: X25519Public::from([0; X_SIZE]),
            },
        }
    }

    /// Fills a skeleton in place: the ML-KEM-768 key pair and the encapsulation key.
    fn fill(&mut self, seed_m: &[u8; ml_kem::SEED_SIZE]) {
        // (pk_M, sk_M) = ML-KEM-768.KeyGen_internal(expanded[0:32], expanded[32:64])
        self.dk_m.generate_in_place(seed_m);
        self.ek.ek_m.copy_from(&self.dk_m.ek);
        // pk_X = X25519(sk_X, X25519_BASE)
        self.ek.pk_x = X25519Public::from(&self.sk_x);
        self.ek.bytes[..EK_M_SIZE].copy_from_slice(self.ek.ek_m.as_bytes());
        self.ek.bytes[EK_M_SIZE..].copy_from_slice(self.ek.pk_x.as_bytes());
    }

    /// [`DecapsulationKey::from_seed`] from a byte slice, which must be 32 bytes
    /// ([`Error::InvalidLength`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        check_len(NAME_DK, bytes, SEED_SIZE)?;
        let mut seed = Zeroizing::new([0u8; SEED_SIZE]);
        seed.copy_from_slice(bytes);
        Ok(Self::from_seed(&seed))
    }

    /// [`DecapsulationKey::from_bytes`] into a `Box`, built where it lives (see
    /// [`DecapsulationKey::boxed_from_seed`]).
    #[cfg(feature = "alloc")]
    pub fn boxed_from_bytes(bytes: &[u8]) -> Result<alloc::boxed::Box<Self>, Error> {
        check_len(NAME_DK, bytes, SEED_SIZE)?;
        let mut seed = Zeroizing::new([0u8; SEED_SIZE]);
        seed.copy_from_slice(bytes);
        Ok(Self::boxed_from_seed(&seed))
    }

    /// X-Wing `GenerateKeyPair` (draft section 5.2): a key from a fresh 32-byte seed
    /// drawn from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let seed = Zeroizing::new(crate::util::random_array::<SEED_SIZE, R>(rng));
        Self::from_seed(&seed)
    }

    /// [`DecapsulationKey::generate`] with the operating system's random number
    /// generator; fails only if the OS generator does ([`Error::Randomness`]).
    #[cfg(feature = "std")]
    pub fn generate_with_os_rng() -> Result<Self, Error> {
        let mut seed = Zeroizing::new([0u8; SEED_SIZE]);
        crate::util::os_random(&mut seed[..])?;
        Ok(Self::from_seed(&seed))
    }

    /// The 32-byte seed: the X-Wing decapsulation key in its encoded form (draft
    /// section 5.1). Secret.
    pub fn seed(&self) -> &[u8; SEED_SIZE] {
        &self.seed
    }

    /// The matching encapsulation key.
    pub fn encapsulation_key(&self) -> &EncapsulationKey {
        &self.ek
    }

    /// X-Wing `Decapsulate` (draft section 5.5): the shared secret for `ct`.
    ///
    /// Never fails: ML-KEM's implicit rejection turns an invalid ML-KEM ciphertext into
    /// a pseudorandom secret, and (as the draft specifies) an all-zero X25519 output is
    /// not rejected (see the [module documentation](self)). Constant-time in the key
    /// and the ciphertext.
    pub fn decapsulate(&self, ct: &Ciphertext) -> SharedSecret {
        let mut ct_m = ml_kem::Ciphertext::<MlKem768> {
            bytes: [0; CT_M_SIZE],
        };
        ct_m.bytes.copy_from_slice(&ct.bytes[..CT_M_SIZE]);
        let ss_m = self.dk_m.decapsulate(&ct_m);
        let ct_x = ct.ct_x();
        // ss_X = X25519(sk_X, ct_X)
        let ss_x = self.sk_x.diffie_hellman(&X25519Public::from(ct_x));
        combiner(
            ss_m.as_bytes(),
            ss_x.as_bytes(),
            &ct_x,
            self.ek.pk_x.as_bytes(),
        )
    }
}

impl ConstantTimeEq for DecapsulationKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.seed.ct_eq(&other.seed)
    }
}

impl PartialEq for DecapsulationKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}
impl Eq for DecapsulationKey {}

impl fmt::Debug for DecapsulationKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "xwing::DecapsulationKey(<redacted>, ek = {:?})", self.ek)
    }
}

impl Zeroize for DecapsulationKey {
    fn zeroize(&mut self) {
        self.seed.zeroize();
        self.dk_m.zeroize();
        // The replaced secret is zeroized by its own `Drop`.
        self.sk_x = X25519Secret::from([0u8; 32]);
    }
}

impl Drop for DecapsulationKey {
    fn drop(&mut self) {
        self.zeroize();
    }
}
impl ZeroizeOnDrop for DecapsulationKey {}
