//! [`KeyPair`]: a generated ML-KEM key pair that always has its seed; slice-taking
//! seed constructors; the pairwise consistency test.

use super::{DecapsulationKey, EncapsulationKey, ParameterSet, SEED_SIZE};
use crate::error::check_len;
use crate::{CryptoRng, Error};
use core::fmt;
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// An ML-KEM key pair together with the 64-byte seed d || z it was generated from.
///
/// The seed is the recommended way to store a decapsulation key (64 bytes, and the
/// RFC 9935 PKCS#8 default): unlike [`DecapsulationKey::seed`], which is an `Option`
/// because a key parsed from its expanded form has none, [`KeyPair::seed`] always
/// has it. Zeroized on drop; `Debug` prints no secret.
///
/// ```
/// # #[cfg(feature = "std")] {
/// use pqlattice::ml_kem_768;
///
/// let kp = ml_kem_768::KeyPair::generate_with_os_rng()?;
/// let seed: [u8; 64] = *kp.seed(); // store this (secret!)
///
/// // Later: the same key pair from the stored seed (a truncated file is an error).
/// let again = ml_kem_768::KeyPair::from_seed_slice(&seed)?;
/// assert_eq!(again.encapsulation_key(), kp.encapsulation_key());
/// assert!(ml_kem_768::KeyPair::from_seed_slice(&seed[..60]).is_err());
/// # }
/// # Ok::<(), pqlattice::Error>(())
/// ```
#[derive(Clone)]
pub struct KeyPair<P: ParameterSet> {
    dk: DecapsulationKey<P>,
    seed: [u8; SEED_SIZE],
}

impl<P: ParameterSet> KeyPair<P> {
    /// ML-KEM.KeyGen_internal (FIPS 203 Algorithm 16) from the seed d || z.
    pub fn from_seed(seed: &[u8; SEED_SIZE]) -> Self {
        Self {
            dk: DecapsulationKey::from_seed(seed),
            seed: *seed,
        }
    }

    /// [`KeyPair::from_seed`] from a slice, which must be 64 bytes
    /// ([`Error::InvalidLength`] naming the seed otherwise).
    pub fn from_seed_slice(seed: &[u8]) -> Result<Self, Error> {
        let alg = super::pkcs8::alg::<P>();
        check_len(alg.seed_what, seed, SEED_SIZE)?;
        let mut s = Zeroizing::new([0u8; SEED_SIZE]);
        s.copy_from_slice(seed);
        Ok(Self::from_seed(&s))
    }

    /// ML-KEM.KeyGen (FIPS 203 Algorithm 19) with the seed drawn from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let seed = Zeroizing::new(crate::util::random_array::<SEED_SIZE, R>(rng));
        Self::from_seed(&seed)
    }

    /// [`KeyPair::generate`] with the operating system's random number generator.
    ///
    /// Errors: [`Error::Randomness`].
    #[cfg(feature = "std")]
    pub fn generate_with_os_rng() -> Result<Self, Error> {
        let mut seed = Zeroizing::new([0u8; SEED_SIZE]);
        crate::util::os_random(&mut seed[..])?;
        Ok(Self::from_seed(&seed))
    }

    /// [`KeyPair::generate`] followed by the pairwise consistency test
    /// ([`DecapsulationKey::pairwise_consistency_test`]), for deployments that
    /// want the FIPS 140-3 IG 10.3.A self-test at key generation.
    ///
    /// Errors: [`Error::PairwiseConsistency`].
    pub fn generate_checked<R: CryptoRng + ?Sized>(rng: &mut R) -> Result<Self, Error> {
        let kp = Self::generate(rng);
        kp.dk.pairwise_consistency_test()?;
        Ok(kp)
    }

    /// The 64-byte seed d || z (secret: store it as you would the private key).
    pub fn seed(&self) -> &[u8; SEED_SIZE] {
        &self.seed
    }

    /// The encapsulation (public) key.
    pub fn encapsulation_key(&self) -> &EncapsulationKey<P> {
        &self.dk.ek
    }

    /// The decapsulation (private) key; it also has the seed
    /// ([`DecapsulationKey::seed`] is `Some`).
    pub fn decapsulation_key(&self) -> &DecapsulationKey<P> {
        &self.dk
    }

    /// The decapsulation key, consuming the pair.
    pub fn into_decapsulation_key(mut self) -> DecapsulationKey<P> {
        core::mem::replace(&mut self.dk, DecapsulationKey::empty())
    }

    /// Wraps a decapsulation key that has its seed, or fails with
    /// [`Error::SeedUnavailable`] (a key parsed from the expanded form).
    pub(crate) fn from_decapsulation_key(dk: DecapsulationKey<P>) -> Result<Self, Error> {
        match dk.seed {
            Some(seed) => Ok(Self { seed, dk }),
            None => Err(Error::SeedUnavailable { what: P::NAME_DK }),
        }
    }
}

impl<P: ParameterSet> DecapsulationKey<P> {
    /// [`DecapsulationKey::from_seed`] from a slice, which must be 64 bytes
    /// ([`Error::InvalidLength`] naming the seed otherwise): a truncated seed file
    /// reaches the length check instead of a conversion panic.
    pub fn from_seed_slice(seed: &[u8]) -> Result<Self, Error> {
        let alg = super::pkcs8::alg::<P>();
        check_len(alg.seed_what, seed, SEED_SIZE)?;
        let mut s = Zeroizing::new([0u8; SEED_SIZE]);
        s.copy_from_slice(seed);
        Ok(Self::from_seed(&s))
    }

    /// A pairwise consistency test (FIPS 140-3 IG 10.3.A style): encapsulates once to
    /// this key's own encapsulation key and checks that decapsulation returns the
    /// same shared secret.
    ///
    /// Generated keys pass it unless the computation was faulty; for imported
    /// expanded keys it also catches a secret part (s-hat) that does not belong to
    /// the public part, which the FIPS 203 section 7.3 hash check cannot see.
    ///
    /// Errors: [`Error::PairwiseConsistency`].
    pub fn pairwise_consistency_test(&self) -> Result<(), Error> {
        // A fixed, public m: the shared secret of this test is never used.
        let (ct, k) = self.ek.encapsulate_internal(&[0x5a; 32]);
        let k2 = self.decapsulate(&ct);
        if bool::from(k.ct_eq(&k2)) {
            Ok(())
        } else {
            Err(Error::PairwiseConsistency {
                what: super::pkcs8::alg::<P>().pair_what,
            })
        }
    }
}

impl<P: ParameterSet> Zeroize for KeyPair<P> {
    fn zeroize(&mut self) {
        self.dk.zeroize();
        self.seed.zeroize();
    }
}

impl<P: ParameterSet> Drop for KeyPair<P> {
    fn drop(&mut self) {
        self.seed.zeroize();
        // `dk` zeroizes itself when dropped.
    }
}
impl<P: ParameterSet> ZeroizeOnDrop for KeyPair<P> {}

impl<P: ParameterSet> fmt::Debug for KeyPair<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyPair<{}>(<redacted>, ek = {:?})", P::NAME, self.dk.ek)
    }
}

impl Zeroize for super::SharedSecret {
    fn zeroize(&mut self) {
        self.0.zeroize();
    }
}
