//! ML-DSA signing keys for TLS 1.3 (pure ML-DSA, empty context, hedged signing),
//! usable as raw public keys (RFC 7250) or behind a certificate.

use core::fmt;
use std::sync::Arc;

use pqlattice::Zeroizing;
use pqlattice::ml_dsa::{self, MlDsa44, MlDsa65, MlDsa87, ParameterSet};
use rustls::crypto::KeyProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, SubjectPublicKeyInfoDer};
use rustls::sign::{CertifiedKey, Signer, SigningKey};
use rustls::{Error, SignatureAlgorithm, SignatureScheme};

use crate::spki::MlDsaAlgorithm;
use crate::verify::Fingerprint;

/// The ML-DSA parameter sets of pqlattice, with their TLS identity. Implemented
/// for [`MlDsa44`], [`MlDsa65`] and [`MlDsa87`] only.
pub trait MlDsaParams: ParameterSet + sealed::Sealed {
    /// The parameter set as TLS and X.509 name it.
    const ALGORITHM: MlDsaAlgorithm;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::MlDsa44 {}
    impl Sealed for super::MlDsa65 {}
    impl Sealed for super::MlDsa87 {}
}

impl MlDsaParams for MlDsa44 {
    const ALGORITHM: MlDsaAlgorithm = MlDsaAlgorithm::MlDsa44;
}
impl MlDsaParams for MlDsa65 {
    const ALGORITHM: MlDsaAlgorithm = MlDsaAlgorithm::MlDsa65;
}
impl MlDsaParams for MlDsa87 {
    const ALGORITHM: MlDsaAlgorithm = MlDsaAlgorithm::MlDsa87;
}

/// What a signing key of any parameter set does for us.
trait KeyOps: Send + Sync {
    /// ML-DSA.Sign with an empty context string and fresh randomness from the OS.
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, pqlattice::Error>;
    fn seed(&self) -> Option<[u8; 32]>;
}

impl<P: ParameterSet> KeyOps for ml_dsa::SigningKey<P> {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, pqlattice::Error> {
        let sig = self.sign_with_os_rng(msg, b"")?;
        Ok(sig.as_bytes().as_ref().to_vec())
    }

    fn seed(&self) -> Option<[u8; 32]> {
        ml_dsa::SigningKey::seed(self).copied()
    }
}

/// An ML-DSA-44, -65 or -87 signing key as a rustls [`SigningKey`].
///
/// It signs with the TLS 1.3 scheme of its parameter set (0x0904, 0x0905, 0x0906:
/// pure ML-DSA over the TLS signature input with an empty context string) and
/// reports its SubjectPublicKeyInfo, so it can be used
///
/// - as a raw public key (RFC 7250): [`MlDsaSigningKey::raw_public_key`], with
///   `AlwaysResolvesServerRawPublicKeys` / `AlwaysResolvesClientRawPublicKeys`;
/// - behind an ML-DSA certificate: [`MlDsaSigningKey::certified_key`], or load the
///   PKCS#8 private key through [`crate::provider`]'s key provider
///   (`with_single_cert`).
///
/// ```
/// use pqlattice_rustls::{MlDsaAlgorithm, MlDsaSigningKey};
///
/// let key = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65)?;
/// println!("pin this: {}", key.fingerprint());
/// let rpk = key.raw_public_key(); // for AlwaysResolvesServerRawPublicKeys::new
/// # assert_eq!(rpk.cert.len(), 1);
/// # Ok::<(), rustls::Error>(())
/// ```
#[derive(Clone)]
pub struct MlDsaSigningKey {
    alg: MlDsaAlgorithm,
    key: Arc<dyn KeyOps>,
    spki: SubjectPublicKeyInfoDer<'static>,
}

impl MlDsaSigningKey {
    /// Wraps a pqlattice signing key.
    pub fn new<P: MlDsaParams>(key: ml_dsa::SigningKey<P>) -> Self {
        let vk = key.verifying_key();
        Self::from_parts(P::ALGORITHM, Arc::new(key), vk.as_bytes().as_ref())
    }

    fn from_parts(alg: MlDsaAlgorithm, key: Arc<dyn KeyOps>, public_key: &[u8]) -> Self {
        let spki = match alg.encode_spki(public_key) {
            Some(spki) => spki,
            // cannot fail: the key comes from pqlattice for this very parameter set.
            None => unreachable!("ML-DSA public key of the wrong length"),
        };
        Self { alg, key, spki }
    }

    /// The key determined by a 32-byte seed (FIPS 204 ML-DSA.KeyGen_internal).
    pub fn from_seed(alg: MlDsaAlgorithm, seed: &[u8; 32]) -> Self {
        match alg {
            MlDsaAlgorithm::MlDsa44 => Self::new(ml_dsa::SigningKey::<MlDsa44>::from_seed(seed)),
            MlDsaAlgorithm::MlDsa65 => Self::new(ml_dsa::SigningKey::<MlDsa65>::from_seed(seed)),
            MlDsaAlgorithm::MlDsa87 => Self::new(ml_dsa::SigningKey::<MlDsa87>::from_seed(seed)),
        }
    }

    /// A fresh key from the operating system's random number generator.
    ///
    /// Errors: [`Error::FailedToGetRandomBytes`].
    pub fn generate(alg: MlDsaAlgorithm) -> Result<Self, Error> {
        let failed = |_| Error::FailedToGetRandomBytes;
        Ok(match alg {
            MlDsaAlgorithm::MlDsa44 => Self::new(
                pqlattice::ml_dsa_44::generate_with_os_rng()
                    .map_err(failed)?
                    .1,
            ),
            MlDsaAlgorithm::MlDsa65 => Self::new(
                pqlattice::ml_dsa_65::generate_with_os_rng()
                    .map_err(failed)?
                    .1,
            ),
            MlDsaAlgorithm::MlDsa87 => Self::new(
                pqlattice::ml_dsa_87::generate_with_os_rng()
                    .map_err(failed)?
                    .1,
            ),
        })
    }

    /// Parses a PKCS#8 private key in the RFC 9881 seed form (see
    /// [`crate::spki`]).
    ///
    /// Errors: [`Error::General`] naming what is wrong for anything else.
    pub fn from_pkcs8(der: &[u8]) -> Result<Self, Error> {
        match MlDsaAlgorithm::decode_pkcs8_seed(der) {
            Some((alg, seed)) => {
                let seed = Zeroizing::new(seed);
                Ok(Self::from_seed(alg, &seed))
            }
            None => Err(Error::General(
                "not an ML-DSA PKCS#8 private key in the RFC 9881 seed form".into(),
            )),
        }
    }

    /// The RFC 9881 seed-form PKCS#8 encoding, if the key was made from a seed.
    pub fn to_pkcs8(&self) -> Option<Zeroizing<Vec<u8>>> {
        let seed = Zeroizing::new(self.key.seed()?);
        Some(self.alg.encode_pkcs8_seed(&seed))
    }

    /// The parameter set.
    pub fn ml_dsa_algorithm(&self) -> MlDsaAlgorithm {
        self.alg
    }

    /// The DER SubjectPublicKeyInfo (RFC 9881): what a raw public key
    /// certificate entry carries.
    pub fn spki(&self) -> &SubjectPublicKeyInfoDer<'static> {
        &self.spki
    }

    /// The FIPS 204 public key encoding (the SPKI without its 22-byte prefix).
    pub fn public_key_bytes(&self) -> &[u8] {
        // The SPKI was built as the 22-byte prefix followed by the key.
        self.spki
            .get(crate::spki::SPKI_PREFIX_LEN..)
            .unwrap_or_default()
    }

    /// SHA-256 of the SPKI: what the peer pins.
    pub fn fingerprint(&self) -> Fingerprint {
        Fingerprint::of_spki(&self.spki)
    }

    /// This key as an RFC 7250 raw public key, for
    /// `rustls::server::AlwaysResolvesServerRawPublicKeys::new` or
    /// `rustls::client::AlwaysResolvesClientRawPublicKeys::new`.
    pub fn raw_public_key(&self) -> Arc<CertifiedKey> {
        self.certified_key(vec![CertificateDer::from(self.spki.as_ref().to_vec())])
    }

    /// This key with a certificate chain (end entity first) whose end-entity
    /// certificate holds this key.
    pub fn certified_key(&self, chain: Vec<CertificateDer<'static>>) -> Arc<CertifiedKey> {
        Arc::new(CertifiedKey::new(chain, Arc::new(self.clone())))
    }

    /// Signs `msg` as the TLS 1.3 scheme does (pure ML-DSA, empty context,
    /// hedged): the bytes of a signature a peer verifies with the SPKI.
    ///
    /// Errors: [`Error::FailedToGetRandomBytes`].
    pub fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, Error> {
        self.key
            .sign(msg)
            .map_err(|_| Error::FailedToGetRandomBytes)
    }
}

impl fmt::Debug for MlDsaSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MlDsaSigningKey")
            .field("algorithm", &self.alg.name())
            .field("fingerprint", &self.fingerprint())
            .finish_non_exhaustive()
    }
}

impl SigningKey for MlDsaSigningKey {
    fn choose_scheme(&self, offered: &[SignatureScheme]) -> Option<Box<dyn Signer>> {
        offered
            .contains(&self.alg.scheme())
            .then(|| Box::new(MlDsaSigner(self.clone())) as Box<dyn Signer>)
    }

    fn public_key(&self) -> Option<SubjectPublicKeyInfoDer<'_>> {
        Some(self.spki.clone())
    }

    /// TLS 1.2's `SignatureAlgorithm` registry has no ML-DSA entry; TLS 1.3 does not
    /// use this value.
    fn algorithm(&self) -> SignatureAlgorithm {
        SignatureAlgorithm::Unknown(0)
    }
}

/// The [`Signer`] that [`MlDsaSigningKey::choose_scheme`] returns.
struct MlDsaSigner(MlDsaSigningKey);

impl fmt::Debug for MlDsaSigner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("MlDsaSigner").field(&self.0).finish()
    }
}

impl Signer for MlDsaSigner {
    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, Error> {
        self.0.sign(message)
    }

    fn scheme(&self) -> SignatureScheme {
        self.0.alg.scheme()
    }
}

/// The key provider of [`crate::provider`]: ML-DSA PKCS#8 keys (RFC 9881 seed
/// form) load as [`MlDsaSigningKey`]; every other key goes to the ring provider.
#[derive(Debug)]
pub struct MlDsaKeyProvider;

impl KeyProvider for MlDsaKeyProvider {
    fn load_private_key(
        &self,
        key_der: PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn SigningKey>, Error> {
        if let PrivateKeyDer::Pkcs8(pkcs8) = &key_der {
            let der = pkcs8.secret_pkcs8_der();
            if MlDsaAlgorithm::decode_pkcs8_seed(der).is_some() {
                return Ok(Arc::new(MlDsaSigningKey::from_pkcs8(der)?));
            }
        }
        rustls::crypto::ring::sign::any_supported_type(&key_der)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::{ML_DSA_44, ML_DSA_65, ML_DSA_87};

    #[test]
    fn signs_what_the_verifier_accepts() {
        for (alg, v) in MlDsaAlgorithm::ALL
            .into_iter()
            .zip([ML_DSA_44, ML_DSA_65, ML_DSA_87])
        {
            let key = MlDsaSigningKey::generate(alg).unwrap();
            assert_eq!(key.public_key_bytes().len(), alg.public_key_len());
            assert_eq!(v.public_key_alg_id(), alg.algorithm_identifier());
            let signer = key
                .choose_scheme(&[SignatureScheme::ED25519, alg.scheme()])
                .unwrap();
            assert_eq!(signer.scheme(), alg.scheme());
            let sig = signer.sign(b"TLS 1.3, server CertificateVerify").unwrap();
            assert_eq!(sig.len(), alg.signature_len());
            let pk = key.public_key_bytes();
            assert!(
                v.verify_signature(pk, b"TLS 1.3, server CertificateVerify", &sig)
                    .is_ok()
            );
            // Negative controls: another message, a flipped bit, a truncated
            // signature, a truncated key.
            assert!(
                v.verify_signature(pk, b"TLS 1.3, client CertificateVerify", &sig)
                    .is_err()
            );
            let mut bad = sig.clone();
            bad[5] ^= 0x10;
            assert!(
                v.verify_signature(pk, b"TLS 1.3, server CertificateVerify", &bad)
                    .is_err()
            );
            assert!(
                v.verify_signature(pk, b"TLS 1.3, server CertificateVerify", &sig[1..])
                    .is_err()
            );
            assert!(
                v.verify_signature(&pk[1..], b"TLS 1.3, server CertificateVerify", &sig)
                    .is_err()
            );
        }
    }

    /// Pure ML-DSA with an empty context: pqlattice's own verify agrees.
    #[test]
    fn empty_context_pure_ml_dsa() {
        let key = MlDsaSigningKey::from_seed(MlDsaAlgorithm::MlDsa65, &[4; 32]);
        let sig = key.sign(b"m").unwrap();
        let (vk, _) = pqlattice::ml_dsa_65::generate_from_seed(&[4; 32]);
        let sig = pqlattice::ml_dsa_65::Signature::from_bytes(&sig).unwrap();
        assert!(vk.verify(b"m", b"", &sig).is_ok());
        assert!(vk.verify(b"m", b"ctx", &sig).is_err());
        assert_eq!(key.public_key_bytes(), vk.as_bytes());
    }

    #[test]
    fn choose_scheme_only_its_own() {
        let key = MlDsaSigningKey::from_seed(MlDsaAlgorithm::MlDsa44, &[1; 32]);
        assert!(
            key.choose_scheme(&[SignatureScheme::ML_DSA_65, SignatureScheme::ML_DSA_87])
                .is_none()
        );
        assert!(key.choose_scheme(&[]).is_none());
        assert_eq!(key.public_key().unwrap().as_ref(), key.spki().as_ref());
    }

    #[test]
    fn pkcs8_round_trip() {
        for alg in MlDsaAlgorithm::ALL {
            let key = MlDsaSigningKey::generate(alg).unwrap();
            let der = key.to_pkcs8().unwrap();
            let back = MlDsaSigningKey::from_pkcs8(&der).unwrap();
            assert_eq!(back.fingerprint(), key.fingerprint());
            assert_eq!(back.ml_dsa_algorithm(), alg);
            let loaded = MlDsaKeyProvider
                .load_private_key(PrivateKeyDer::Pkcs8(der.to_vec().into()))
                .unwrap();
            assert_eq!(loaded.public_key().unwrap().as_ref(), key.spki().as_ref());
        }
        assert!(MlDsaSigningKey::from_pkcs8(&[0x30, 0x00]).is_err());
        // A key parsed from the expanded encoding has no seed to export.
        let (_, sk) = pqlattice::ml_dsa_65::generate_from_seed(&[2; 32]);
        let expanded = pqlattice::ml_dsa_65::SigningKey::from_bytes(&sk.to_bytes()[..]).unwrap();
        assert!(MlDsaSigningKey::new(expanded).to_pkcs8().is_none());
    }
}
