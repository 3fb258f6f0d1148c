//! Streaming ML-DSA: the message representative mu computed incrementally, for
//! messages too large to hold in memory (or arriving in pieces).

use super::{ParameterSet, Signature, SigningKey, VerifyingKey, ctx_prefix};
use crate::Error;
use crate::hash::Shake256;
use core::fmt;

/// An incremental hasher for the message representative of pure ML-DSA,
/// mu = SHAKE256(tr || 0 || |ctx| || ctx || M, 64) (FIPS 204 Algorithm 2 line 10
/// with Algorithm 7 line 6), where tr = H(pk) and M arrives in any number of
/// [`update`](Self::update) calls.
///
/// Sign the result with [`SigningKey::sign_mu`] (hedged) or
/// [`SigningKey::sign_mu_deterministic`], verify with [`VerifyingKey::verify_mu`]:
/// the signatures are the ones [`SigningKey::sign`] and
/// [`SigningKey::sign_deterministic`] give on the whole message.
///
/// ```
/// use pqlattice::ml_dsa_65;
///
/// let (vk, sk) = ml_dsa_65::generate_from_seed(&[3u8; 32]);
/// let mut h = vk.mu_hasher(b"ctx")?;
/// for piece in [&b"a large "[..], b"message ", b"in pieces"] {
///     h.update(piece);
/// }
/// let sig = sk.sign_mu_deterministic(&h.finalize());
/// assert_eq!(sig, sk.sign_deterministic(b"a large message in pieces", b"ctx")?);
/// vk.verify(b"a large message in pieces", b"ctx", &sig)?;
/// # Ok::<(), pqlattice::Error>(())
/// ```
#[derive(Clone)]
pub struct MuHasher {
    xof: Shake256,
}

impl MuHasher {
    /// Starts mu for the key with hash `tr` under context `ctx`.
    fn start(tr: &[u8; 64], ctx: &[u8]) -> Result<Self, Error> {
        let prefix = ctx_prefix(0, ctx)?;
        let mut xof = Shake256::new();
        xof.absorb(tr).absorb(&prefix).absorb(ctx);
        Ok(Self { xof })
    }

    /// Absorbs the next piece of the message.
    pub fn update(&mut self, data: &[u8]) -> &mut Self {
        self.xof.absorb(data);
        self
    }

    /// The 64-byte mu of the message absorbed so far.
    pub fn finalize(mut self) -> [u8; 64] {
        let mut mu = [0u8; 64];
        self.xof.squeeze(&mut mu);
        mu
    }
}

impl fmt::Debug for MuHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MuHasher")
    }
}

impl<P: ParameterSet> VerifyingKey<P> {
    /// An incremental hasher for mu of a message under context `ctx` (see
    /// [`MuHasher`]).
    ///
    /// Errors: [`Error::ContextTooLong`].
    pub fn mu_hasher(&self, ctx: &[u8]) -> Result<MuHasher, Error> {
        MuHasher::start(&self.ex.tr, ctx)
    }
}

impl<P: ParameterSet> SigningKey<P> {
    /// An incremental hasher for mu of a message under context `ctx`, from the
    /// signing key (the same as [`VerifyingKey::mu_hasher`] of its verifying key).
    ///
    /// Errors: [`Error::ContextTooLong`].
    pub fn mu_hasher(&self, ctx: &[u8]) -> Result<MuHasher, Error> {
        MuHasher::start(&self.ex.tr, ctx)
    }

    /// Signs an externally computed mu with the deterministic variant (rnd = 0^32):
    /// the signature [`SigningKey::sign_deterministic`] gives on the message.
    pub fn sign_mu_deterministic(&self, mu: &[u8; 64]) -> Signature<P> {
        self.sign_mu_rnd(mu, &[0u8; 32])
    }
}
