//! [`KeyPair`]: a generated ML-DSA key pair that always has its seed; slice-taking
//! seed constructors; the pairwise consistency test; `Zeroize` on signing keys.

use super::{ParameterSet, SigningKey, VerifyingKey};
use crate::error::check_len;
use crate::{CryptoRng, Error};
use core::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// Size of the ML-DSA key-generation seed xi in bytes.
const SEED_SIZE: usize = 32;

/// An ML-DSA key pair together with the 32-byte seed xi it was generated from.
///
/// The seed is the recommended way to store a signing key (32 bytes, and the
/// RFC 9881 PKCS#8 default): unlike [`SigningKey::seed`], which is an `Option`
/// because a key parsed from its expanded form has none, [`KeyPair::seed`] always
/// has it. Secrets are zeroized on drop; `Debug` prints no secret.
///
/// The pair is large (two expanded keys; ML-DSA-87: about 180 KiB): box it where
/// stack space is tight.
///
/// ```
/// # #[cfg(feature = "std")] {
/// use pqlattice::ml_dsa_44;
///
/// let kp = ml_dsa_44::KeyPair::generate_with_os_rng()?;
/// let seed: [u8; 32] = *kp.seed(); // store this (secret!)
/// let sig = kp.signing_key().sign_with_os_rng(b"msg", b"")?;
///
/// let again = ml_dsa_44::KeyPair::from_seed_slice(&seed)?;
/// again.verifying_key().verify(b"msg", b"", &sig)?;
/// assert!(ml_dsa_44::KeyPair::from_seed_slice(&seed[..31]).is_err());
/// # }
/// # Ok::<(), pqlattice::Error>(())
/// ```
pub struct KeyPair<P: ParameterSet> {
    vk: VerifyingKey<P>,
    sk: SigningKey<P>,
    seed: [u8; SEED_SIZE],
}

impl<P: ParameterSet> KeyPair<P> {
    /// ML-DSA.KeyGen_internal (FIPS 204 Algorithm 6) from the seed xi.
    pub fn from_seed(xi: &[u8; SEED_SIZE]) -> Self {
        // Built in place (see `SigningKey::zeroed`): assembling the pair from
        // `generate_pair`'s tuple would copy both keys once more.
        let mut kp = Self {
            vk: VerifyingKey::zeroed(),
            sk: SigningKey::zeroed(Some(*xi)),
            seed: *xi,
        };
        SigningKey::fill_pair(&mut kp.vk, &mut kp.sk, xi);
        kp
    }

    /// [`KeyPair::from_seed`] from a slice, which must be 32 bytes
    /// ([`Error::InvalidLength`] naming the seed otherwise).
    pub fn from_seed_slice(xi: &[u8]) -> Result<Self, Error> {
        check_len(P::NAME_SEED, xi, SEED_SIZE)?;
        let mut s = Zeroizing::new([0u8; SEED_SIZE]);
        s.copy_from_slice(xi);
        Ok(Self::from_seed(&s))
    }

    /// ML-DSA.KeyGen (FIPS 204 Algorithm 1) with the seed drawn from `rng`.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let xi = Zeroizing::new(crate::util::random_array::<SEED_SIZE, R>(rng));
        Self::from_seed(&xi)
    }

    /// [`KeyPair::generate`] with the operating system's random number generator.
    ///
    /// Errors: [`Error::Randomness`].
    #[cfg(feature = "std")]
    pub fn generate_with_os_rng() -> Result<Self, Error> {
        let mut xi = Zeroizing::new([0u8; SEED_SIZE]);
        crate::util::os_random(&mut xi[..])?;
        Ok(Self::from_seed(&xi))
    }

    /// [`KeyPair::generate`] followed by the pairwise consistency test
    /// ([`SigningKey::pairwise_consistency_test`]), for deployments that want the
    /// FIPS 140-3 IG 10.3.A self-test at key generation.
    ///
    /// Errors: [`Error::PairwiseConsistency`].
    pub fn generate_checked<R: CryptoRng + ?Sized>(rng: &mut R) -> Result<Self, Error> {
        let kp = Self::generate(rng);
        kp.sk.pairwise_consistency_test()?;
        Ok(kp)
    }

    /// The 32-byte seed xi (secret: store it as you would the private key).
    pub fn seed(&self) -> &[u8; SEED_SIZE] {
        &self.seed
    }

    /// The signing (private) key; it also has the seed ([`SigningKey::seed`] is `Some`).
    pub fn signing_key(&self) -> &SigningKey<P> {
        &self.sk
    }

    /// The verifying (public) key.
    pub fn verifying_key(&self) -> &VerifyingKey<P> {
        &self.vk
    }

    /// The verifying and signing keys, consuming the pair.
    pub fn into_parts(mut self) -> (VerifyingKey<P>, SigningKey<P>) {
        (
            core::mem::replace(&mut self.vk, VerifyingKey::zeroed()),
            core::mem::replace(&mut self.sk, SigningKey::zeroed(None)),
        )
    }

    /// Wraps a signing key that has its seed, or fails with
    /// [`Error::SeedUnavailable`] (a key parsed from the expanded form).
    pub(crate) fn from_signing_key(sk: SigningKey<P>) -> Result<Self, Error> {
        match sk.seed {
            Some(seed) => Ok(Self {
                vk: sk.verifying_key(),
                sk,
                seed,
            }),
            None => Err(Error::SeedUnavailable { what: P::NAME_SK }),
        }
    }
}

impl<P: ParameterSet> SigningKey<P> {
    /// [`SigningKey::from_seed`] from a slice, which must be 32 bytes
    /// ([`Error::InvalidLength`] naming the seed otherwise): a truncated seed file
    /// reaches the length check instead of a conversion panic.
    pub fn from_seed_slice(xi: &[u8]) -> Result<Self, Error> {
        check_len(P::NAME_SEED, xi, SEED_SIZE)?;
        let mut s = Zeroizing::new([0u8; SEED_SIZE]);
        s.copy_from_slice(xi);
        Ok(Self::from_seed(&s))
    }

    /// A pairwise consistency test (FIPS 140-3 IG 10.3.A style): signs a fixed
    /// message once (deterministic variant) and verifies the signature with a
    /// verifying key parsed afresh from this key's public key encoding.
    ///
    /// Errors: [`Error::PairwiseConsistency`].
    pub fn pairwise_consistency_test(&self) -> Result<(), Error> {
        let fail = Error::PairwiseConsistency {
            what: super::pkcs8::alg::<P>().pair_what,
        };
        let vk = VerifyingKey::<P>::from_bytes(self.pk.as_ref()).map_err(|_| fail)?;
        let msg = b"pqlattice pairwise consistency test";
        let sig = self.sign_deterministic(msg, b"").map_err(|_| fail)?;
        vk.verify(msg, b"", &sig).map_err(|_| fail)
    }
}

impl<P: ParameterSet> Zeroize for SigningKey<P> {
    /// Wipes the secret parts (s1, s2, t0, K, the encoding and the seed); the key is
    /// unusable afterwards.
    fn zeroize(&mut self) {
        self.ex.zeroize_secrets();
        // As a slice: one bulk wipe instead of a volatile store per byte.
        self.bytes.as_mut().zeroize();
        self.seed.zeroize();
    }
}

impl<P: ParameterSet> Zeroize for KeyPair<P> {
    fn zeroize(&mut self) {
        self.sk.zeroize();
        self.seed.zeroize();
    }
}

impl<P: ParameterSet> Drop for KeyPair<P> {
    fn drop(&mut self) {
        self.seed.zeroize();
        // `sk` zeroizes itself when dropped.
    }
}
impl<P: ParameterSet> ZeroizeOnDrop for KeyPair<P> {}

impl<P: ParameterSet> Clone for KeyPair<P> {
    fn clone(&self) -> Self {
        Self {
            vk: self.vk.clone(),
            sk: self.sk.clone(),
            seed: self.seed,
        }
    }
}

impl<P: ParameterSet> fmt::Debug for KeyPair<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("parameter_set", &P::NAME)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::super::params::{MlDsa44, MlDsa65, MlDsa87, PolyMatrix, PolyVec};
    use super::super::{ParameterSet, SigningKey, VerifyingKey};
    use super::KeyPair;

    const Q: i32 = 8_380_417;

    fn canonical(polys: &[[i32; 256]]) -> std::vec::Vec<i32> {
        polys.iter().flatten().map(|x| x.rem_euclid(Q)).collect()
    }

    fn a_hat<P: ParameterSet>(vk: &VerifyingKey<P>) -> std::vec::Vec<i32> {
        let rows = PolyMatrix::<P::VecL>::rows(&vk.ex.a_hat);
        canonical(
            &rows
                .iter()
                .flat_map(|r| r.polys().iter().copied())
                .collect::<std::vec::Vec<_>>(),
        )
    }

    /// The verifying key of a generated pair (its NTT(t1 * 2^d) derived inside key
    /// generation) holds the same caches, mod q and within the reduced bound, as one
    /// parsed from the encoding or derived from the signing key afterwards.
    fn pair_caches_match<P: ParameterSet>() {
        let mut previous_t1 = None;
        for seed in 0u8..4 {
            let xi = [seed.wrapping_mul(37).wrapping_add(1); 32];
            let (vk, sk) = SigningKey::<P>::generate_pair(&xi);
            let kp = KeyPair::<P>::from_seed(&xi);
            let parsed = VerifyingKey::<P>::from_bytes(vk.as_bytes().as_ref()).unwrap();
            let derived = SigningKey::<P>::from_seed(&xi).verifying_key();
            let t1 = canonical(vk.ex.t1_hat.polys());
            // Not vacuous: a nonzero cache that depends on the seed.
            assert!(t1.iter().any(|&x| x != 0));
            assert_ne!(previous_t1.as_ref(), Some(&t1));
            for other in [&kp.vk, &parsed, &derived] {
                assert_eq!(canonical(other.ex.t1_hat.polys()), t1);
                assert_eq!(other.ex.tr, vk.ex.tr);
                assert_eq!(other.as_bytes().as_ref(), vk.as_bytes().as_ref());
                assert_eq!(a_hat(other), a_hat(&vk));
            }
            for v in [&vk, &kp.vk] {
                assert!(
                    v.ex.t1_hat
                        .polys()
                        .iter()
                        .flatten()
                        .all(|x| x.abs() <= 6_283_008)
                );
            }
            assert_eq!(kp.sk.to_bytes().as_ref(), sk.to_bytes().as_ref());
            assert_eq!(kp.sk.ex.tr, sk.ex.tr);
            previous_t1 = Some(t1);
        }
    }

    #[test]
    fn pair_caches_match_44() {
        pair_caches_match::<MlDsa44>();
    }

    #[test]
    fn pair_caches_match_65() {
        pair_caches_match::<MlDsa65>();
    }

    #[test]
    fn pair_caches_match_87() {
        pair_caches_match::<MlDsa87>();
    }
}
