//! The RustCrypto `signature` 3 traits (feature `rustcrypto`); see
//! [`crate::rustcrypto`].

use super::stream::MuHasher;
use super::{
    KeyPair, MlDsa44, MlDsa65, MlDsa87, ParameterSet, Signature, SigningKey, VerifyingKey,
    ctx_prefix,
};
use crate::Error;
use core::fmt;
use rand_core::TryCryptoRng;
use shake::Shake256;
use signature::digest::{ExtendableOutput, Update};
use signature::{
    DigestSigner, DigestVerifier, Keypair, MultipartSigner, MultipartVerifier,
    RandomizedMultipartSigner, RandomizedSigner, SignatureEncoding, Signer, Verifier,
};

/// mu of the message `parts` (concatenated) under `ctx`, for the key with hash `tr`.
fn mu_of(h: Result<MuHasher, Error>, parts: &[&[u8]]) -> Result<[u8; 64], signature::Error> {
    let mut h = h.map_err(|_| signature::Error::new())?;
    for p in parts {
        h.update(p);
    }
    Ok(h.finalize())
}

/// 32 fresh bytes from a fallible generator.
fn rnd<R: TryCryptoRng + ?Sized>(
    rng: &mut R,
) -> Result<zeroize::Zeroizing<[u8; 32]>, signature::Error> {
    let mut rnd = zeroize::Zeroizing::new([0u8; 32]);
    rng.try_fill_bytes(&mut rnd[..])
        .map_err(|_| signature::Error::new())?;
    Ok(rnd)
}

impl<P: ParameterSet> SigningKey<P> {
    /// The traits' signing: the parts under `ctx`, with `rnd`.
    fn trait_sign(
        &self,
        ctx: &[u8],
        parts: &[&[u8]],
        rnd: &[u8; 32],
    ) -> Result<Signature<P>, signature::Error> {
        let mu = mu_of(self.mu_hasher(ctx), parts)?;
        Ok(self.sign_mu_rnd(&mu, rnd))
    }
}

impl<P: ParameterSet> VerifyingKey<P> {
    /// The traits' verification: the parts under `ctx`.
    fn trait_verify(
        &self,
        ctx: &[u8],
        parts: &[&[u8]],
        sig: &Signature<P>,
    ) -> Result<(), signature::Error> {
        let mu = mu_of(self.mu_hasher(ctx), parts)?;
        self.verify_mu(&mu, sig)
            .map_err(|_| signature::Error::new())
    }
}

/// Deterministic ML-DSA.Sign (rnd = 0^32) with the empty context, as RustCrypto's
/// `ml-dsa` signs: the same key and message give the same signature there and here.
impl<P: ParameterSet> Signer<Signature<P>> for SigningKey<P> {
    fn try_sign(&self, msg: &[u8]) -> Result<Signature<P>, signature::Error> {
        self.trait_sign(b"", &[msg], &[0; 32])
    }
}

/// [`Signer`] over the concatenation of the parts, hashed piece by piece.
impl<P: ParameterSet> MultipartSigner<Signature<P>> for SigningKey<P> {
    fn try_multipart_sign(&self, msg: &[&[u8]]) -> Result<Signature<P>, signature::Error> {
        self.trait_sign(b"", msg, &[0; 32])
    }
}

/// Hedged ML-DSA.Sign with the empty context: 32 bytes from `rng` (whose failure
/// is an error, never predictable randomness).
impl<P: ParameterSet> RandomizedSigner<Signature<P>> for SigningKey<P> {
    fn try_sign_with_rng<R: TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> Result<Signature<P>, signature::Error> {
        let rnd = rnd(rng)?;
        self.trait_sign(b"", &[msg], &rnd)
    }
}

impl<P: ParameterSet> RandomizedMultipartSigner<Signature<P>> for SigningKey<P> {
    fn try_multipart_sign_with_rng<R: TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[&[u8]],
    ) -> Result<Signature<P>, signature::Error> {
        let rnd = rnd(rng)?;
        self.trait_sign(b"", msg, &rnd)
    }
}

/// External-mu signing (deterministic, empty context): the closure feeds the
/// message into a SHAKE256 that has already absorbed tr || 0 || 0, as RustCrypto's
/// `ml-dsa` does.
impl<P: ParameterSet> DigestSigner<Shake256, Signature<P>> for SigningKey<P> {
    fn try_sign_digest<F: Fn(&mut Shake256) -> Result<(), signature::Error>>(
        &self,
        f: F,
    ) -> Result<Signature<P>, signature::Error> {
        let mu = digest_mu(&self.ex.tr, f)?;
        Ok(self.sign_mu_rnd(&mu, &[0; 32]))
    }
}

/// mu from a SHAKE256 primed with tr || 0 || 0 and fed by `f`.
fn digest_mu<F: Fn(&mut Shake256) -> Result<(), signature::Error>>(
    tr: &[u8; 64],
    f: F,
) -> Result<[u8; 64], signature::Error> {
    let mut h = Shake256::default();
    h.update(tr);
    h.update(&[0, 0]);
    f(&mut h)?;
    let mut mu = [0u8; 64];
    h.finalize_xof_into(&mut mu);
    Ok(mu)
}

impl<P: ParameterSet> Keypair for SigningKey<P> {
    type VerifyingKey = VerifyingKey<P>;
    fn verifying_key(&self) -> VerifyingKey<P> {
        SigningKey::verifying_key(self)
    }
}

impl<P: ParameterSet> Keypair for KeyPair<P> {
    type VerifyingKey = VerifyingKey<P>;
    fn verifying_key(&self) -> VerifyingKey<P> {
        KeyPair::verifying_key(self).clone()
    }
}

/// As [`SigningKey`]'s.
impl<P: ParameterSet> Signer<Signature<P>> for KeyPair<P> {
    fn try_sign(&self, msg: &[u8]) -> Result<Signature<P>, signature::Error> {
        self.signing_key().try_sign(msg)
    }
}

/// As [`SigningKey`]'s.
impl<P: ParameterSet> RandomizedSigner<Signature<P>> for KeyPair<P> {
    fn try_sign_with_rng<R: TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> Result<Signature<P>, signature::Error> {
        self.signing_key().try_sign_with_rng(rng, msg)
    }
}

/// ML-DSA.Verify with the empty context.
impl<P: ParameterSet> Verifier<Signature<P>> for VerifyingKey<P> {
    fn verify(&self, msg: &[u8], signature: &Signature<P>) -> Result<(), signature::Error> {
        self.trait_verify(b"", &[msg], signature)
    }
}

impl<P: ParameterSet> MultipartVerifier<Signature<P>> for VerifyingKey<P> {
    fn multipart_verify(
        &self,
        msg: &[&[u8]],
        signature: &Signature<P>,
    ) -> Result<(), signature::Error> {
        self.trait_verify(b"", msg, signature)
    }
}

/// External-mu verification (empty context), the counterpart of the
/// [`DigestSigner`] implementation.
impl<P: ParameterSet> DigestVerifier<Shake256, Signature<P>> for VerifyingKey<P> {
    fn verify_digest<F: Fn(&mut Shake256) -> Result<(), signature::Error>>(
        &self,
        f: F,
        signature: &Signature<P>,
    ) -> Result<(), signature::Error> {
        let mu = digest_mu(&self.ex.tr, f)?;
        self.verify_mu(&mu, signature)
            .map_err(|_| signature::Error::new())
    }
}

/// Parses a signature encoding (length check only, as [`Signature::from_bytes`]).
impl<P: ParameterSet> TryFrom<&[u8]> for Signature<P> {
    type Error = signature::Error;
    fn try_from(bytes: &[u8]) -> Result<Self, signature::Error> {
        Signature::from_bytes(bytes).map_err(|_| signature::Error::new())
    }
}

macro_rules! signature_encoding {
    ($P:ty, $n:literal) => {
        impl From<Signature<$P>> for [u8; $n] {
            fn from(sig: Signature<$P>) -> Self {
                sig.bytes
            }
        }
        impl SignatureEncoding for Signature<$P> {
            type Repr = [u8; $n];
        }
    };
}
signature_encoding!(MlDsa44, 2420);
signature_encoding!(MlDsa65, 3309);
signature_encoding!(MlDsa87, 4627);

/// A key with a context string, for the RustCrypto traits (which have no context
/// argument): signs and verifies pure ML-DSA under `ctx`.
///
/// ```
/// # #[cfg(feature = "rustcrypto")] {
/// use pqlattice::ml_dsa::WithContext;
/// use pqlattice::ml_dsa_65;
/// use pqlattice::rustcrypto::signature::{Signer, Verifier};
///
/// let kp = ml_dsa_65::KeyPair::from_seed(&[9; 32]);
/// let signer = WithContext::new(kp.signing_key(), b"my-protocol-v1")?;
/// let sig: ml_dsa_65::Signature = signer.sign(b"message");
/// let verifier = WithContext::new(kp.verifying_key(), b"my-protocol-v1")?;
/// assert!(verifier.verify(b"message", &sig).is_ok());
/// // The plain traits use the empty context: this signature is not theirs.
/// assert!(Verifier::verify(kp.verifying_key(), b"message", &sig).is_err());
/// # }
/// # Ok::<(), pqlattice::Error>(())
/// ```
#[derive(Clone, Copy)]
pub struct WithContext<'a, K> {
    key: &'a K,
    ctx: &'a [u8],
}

impl<'a, K> WithContext<'a, K> {
    /// `key` with the context string `ctx`.
    ///
    /// Errors: [`Error::ContextTooLong`] (over 255 bytes).
    pub fn new(key: &'a K, ctx: &'a [u8]) -> Result<Self, Error> {
        ctx_prefix(0, ctx)?;
        Ok(Self { key, ctx })
    }

    /// The key.
    pub fn key(&self) -> &'a K {
        self.key
    }

    /// The context string.
    pub fn context(&self) -> &'a [u8] {
        self.ctx
    }
}

impl<K> fmt::Debug for WithContext<'_, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WithContext")
            .field("ctx", &self.ctx)
            .finish_non_exhaustive()
    }
}

/// Deterministic signing under the context.
impl<P: ParameterSet> Signer<Signature<P>> for WithContext<'_, SigningKey<P>> {
    fn try_sign(&self, msg: &[u8]) -> Result<Signature<P>, signature::Error> {
        self.key.trait_sign(self.ctx, &[msg], &[0; 32])
    }
}

impl<P: ParameterSet> MultipartSigner<Signature<P>> for WithContext<'_, SigningKey<P>> {
    fn try_multipart_sign(&self, msg: &[&[u8]]) -> Result<Signature<P>, signature::Error> {
        self.key.trait_sign(self.ctx, msg, &[0; 32])
    }
}

/// Hedged signing under the context.
impl<P: ParameterSet> RandomizedSigner<Signature<P>> for WithContext<'_, SigningKey<P>> {
    fn try_sign_with_rng<R: TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[u8],
    ) -> Result<Signature<P>, signature::Error> {
        let rnd = rnd(rng)?;
        self.key.trait_sign(self.ctx, &[msg], &rnd)
    }
}

impl<P: ParameterSet> RandomizedMultipartSigner<Signature<P>> for WithContext<'_, SigningKey<P>> {
    fn try_multipart_sign_with_rng<R: TryCryptoRng + ?Sized>(
        &self,
        rng: &mut R,
        msg: &[&[u8]],
    ) -> Result<Signature<P>, signature::Error> {
        let rnd = rnd(rng)?;
        self.key.trait_sign(self.ctx, msg, &rnd)
    }
}

impl<P: ParameterSet> Keypair for WithContext<'_, SigningKey<P>> {
    type VerifyingKey = VerifyingKey<P>;
    fn verifying_key(&self) -> VerifyingKey<P> {
        self.key.verifying_key()
    }
}

/// Verification under the context.
impl<P: ParameterSet> Verifier<Signature<P>> for WithContext<'_, VerifyingKey<P>> {
    fn verify(&self, msg: &[u8], signature: &Signature<P>) -> Result<(), signature::Error> {
        self.key.trait_verify(self.ctx, &[msg], signature)
    }
}

impl<P: ParameterSet> MultipartVerifier<Signature<P>> for WithContext<'_, VerifyingKey<P>> {
    fn multipart_verify(
        &self,
        msg: &[&[u8]],
        signature: &Signature<P>,
    ) -> Result<(), signature::Error> {
        self.key.trait_verify(self.ctx, msg, signature)
    }
}
