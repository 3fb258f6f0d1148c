//! ML-DSA signature verification for rustls (certificates and TLS 1.3 handshake
//! signatures), and verifiers that authenticate a peer's raw public key (RFC 7250)
//! by its pinned SHA-256 fingerprint.

use core::fmt;
use core::marker::PhantomData;
use std::sync::Arc;

use pqlattice::ml_dsa::{MlDsa44, MlDsa65, MlDsa87, Signature, VerifyingKey};
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{WebPkiSupportedAlgorithms, verify_tls13_signature_with_raw_key};
use rustls::pki_types::{
    AlgorithmIdentifier, CertificateDer, InvalidSignature, ServerName,
    SignatureVerificationAlgorithm, SubjectPublicKeyInfoDer, UnixTime,
};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::{
    CertificateError, DigitallySignedStruct, DistinguishedName, Error, OtherError, SignatureScheme,
};

use crate::sign::MlDsaParams;

/// ML-DSA verification of parameter set `P` for webpki and rustls: pure ML-DSA with
/// an empty context string; the public key is the FIPS 204 encoding found in the
/// SubjectPublicKeyInfo's BIT STRING, and the AlgorithmIdentifier (for the key and
/// for the signature) is `id-ml-dsa-*` with parameters absent (RFC 9881).
pub struct MlDsaVerify<P: MlDsaParams>(PhantomData<fn() -> P>);

impl<P: MlDsaParams> MlDsaVerify<P> {
    /// The verifier for `P`.
    pub const fn new() -> Self {
        Self(PhantomData)
    }
}

impl<P: MlDsaParams> Default for MlDsaVerify<P> {
    fn default() -> Self {
        Self::new()
    }
}

impl<P: MlDsaParams> fmt::Debug for MlDsaVerify<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MlDsaVerify({})", P::ALGORITHM.name())
    }
}

impl<P: MlDsaParams> SignatureVerificationAlgorithm for MlDsaVerify<P> {
    fn verify_signature(
        &self,
        public_key: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), InvalidSignature> {
        let vk = VerifyingKey::<P>::from_bytes(public_key).map_err(|_| InvalidSignature)?;
        let sig = Signature::<P>::from_bytes(signature).map_err(|_| InvalidSignature)?;
        vk.verify(message, b"", &sig).map_err(|_| InvalidSignature)
    }

    fn public_key_alg_id(&self) -> AlgorithmIdentifier {
        P::ALGORITHM.algorithm_identifier()
    }

    fn signature_alg_id(&self) -> AlgorithmIdentifier {
        P::ALGORITHM.algorithm_identifier()
    }

    fn fips(&self) -> bool {
        false
    }
}

/// ML-DSA-44 verification (`id-ml-dsa-44`, 2.16.840.1.101.3.4.3.17).
pub static ML_DSA_44: &dyn SignatureVerificationAlgorithm = &MlDsaVerify::<MlDsa44>::new();
/// ML-DSA-65 verification (`id-ml-dsa-65`, 2.16.840.1.101.3.4.3.18).
pub static ML_DSA_65: &dyn SignatureVerificationAlgorithm = &MlDsaVerify::<MlDsa65>::new();
/// ML-DSA-87 verification (`id-ml-dsa-87`, 2.16.840.1.101.3.4.3.19).
pub static ML_DSA_87: &dyn SignatureVerificationAlgorithm = &MlDsaVerify::<MlDsa87>::new();

/// The ML-DSA schemes with their verification algorithms, most preferred first
/// (ML-DSA-65, then -87, then -44).
pub static ML_DSA_MAPPING: &[(SignatureScheme, &[&dyn SignatureVerificationAlgorithm])] = &[
    (SignatureScheme::ML_DSA_65, &[ML_DSA_65]),
    (SignatureScheme::ML_DSA_87, &[ML_DSA_87]),
    (SignatureScheme::ML_DSA_44, &[ML_DSA_44]),
];

/// A SHA-256 fingerprint of a DER SubjectPublicKeyInfo: the value a peer's raw
/// public key is pinned to (the same hash Chromium's
/// `--ignore-certificate-errors-spki-list` and HPKP's `pin-sha256` use).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint(pub [u8; 32]);

impl Fingerprint {
    /// SHA-256 of `spki` (computed with ring).
    pub fn of_spki(spki: &[u8]) -> Self {
        let digest = ring::digest::digest(&ring::digest::SHA256, spki);
        let mut out = [0u8; 32];
        out.copy_from_slice(digest.as_ref());
        Self(out)
    }

    /// Parses 64 hexadecimal digits (either case; a `sha256:` prefix and `:`
    /// separators are allowed).
    pub fn from_hex(s: &str) -> Result<Self, FingerprintParseError> {
        let s = s.trim();
        let s = s.strip_prefix("sha256:").unwrap_or(s);
        let digits: Vec<u8> = s.bytes().filter(|&b| b != b':').collect();
        if digits.len() != 64 {
            return Err(FingerprintParseError);
        }
        let mut out = [0u8; 32];
        for (o, pair) in out.iter_mut().zip(digits.chunks(2)) {
            let hi = (pair[0] as char)
                .to_digit(16)
                .ok_or(FingerprintParseError)?;
            let lo = (pair[1] as char)
                .to_digit(16)
                .ok_or(FingerprintParseError)?;
            *o = (hi * 16 + lo) as u8;
        }
        Ok(Self(out))
    }
}

impl fmt::Display for Fingerprint {
    /// `sha256:` and 64 lower-case hexadecimal digits.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("sha256:")?;
        for b in self.0 {
            write!(f, "{b:02x}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl core::str::FromStr for Fingerprint {
    type Err = FingerprintParseError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_hex(s)
    }
}

/// A fingerprint string that is not 64 hexadecimal digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FingerprintParseError;

impl fmt::Display for FingerprintParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a fingerprint is 64 hexadecimal digits (SHA-256), optionally prefixed with \"sha256:\"")
    }
}

impl std::error::Error for FingerprintParseError {}

/// The error a pinned verifier reports for a key that is not pinned (inside
/// `Error::InvalidCertificate(CertificateError::Other(..))`; rustls shows it with
/// `Debug`, which therefore gives the same sentence as `Display`).
pub struct NotPinned {
    /// Which peer presented the key ("server" or "client").
    pub peer: &'static str,
    /// The fingerprint of the key it presented.
    pub presented: Fingerprint,
}

impl fmt::Display for NotPinned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} presented raw public key {}, which is not pinned",
            self.peer, self.presented
        )
    }
}

impl fmt::Debug for NotPinned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for NotPinned {}

/// What the server and client pinned verifiers share.
#[derive(Debug)]
struct Pins {
    pins: Vec<Fingerprint>,
    algs: WebPkiSupportedAlgorithms,
}

impl Pins {
    fn new(pins: impl IntoIterator<Item = Fingerprint>, algs: WebPkiSupportedAlgorithms) -> Self {
        Self {
            pins: pins.into_iter().collect(),
            algs,
        }
    }

    fn check(
        &self,
        peer: &'static str,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
    ) -> Result<(), Error> {
        if !intermediates.is_empty() {
            return Err(Error::General(format!(
                "the {peer} sent a certificate chain where a single raw public key was expected"
            )));
        }
        let presented = Fingerprint::of_spki(end_entity);
        if self.pins.contains(&presented) {
            Ok(())
        } else {
            Err(Error::InvalidCertificate(CertificateError::Other(
                OtherError(Arc::new(NotPinned { peer, presented })),
            )))
        }
    }

    fn verify_tls13(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        verify_tls13_signature_with_raw_key(
            message,
            &SubjectPublicKeyInfoDer::from(cert.as_ref()),
            dss,
            &self.algs,
        )
    }
}

fn tls12_unsupported() -> Result<HandshakeSignatureValid, Error> {
    Err(Error::General(
        "raw public keys are only supported with TLS 1.3".into(),
    ))
}

/// A [`ServerCertVerifier`] for servers that present an RFC 7250 raw public key:
/// the server is accepted if the SHA-256 of its SubjectPublicKeyInfo is one of the
/// pinned fingerprints and its handshake signature verifies under that key. No CA,
/// no server name check: the pin is the identity.
///
/// ```
/// use pqlattice_rustls::{Fingerprint, PinnedServerKey};
///
/// let pin: Fingerprint = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".parse().unwrap();
/// let verifier = PinnedServerKey::new([pin]);
/// // ClientConfig::builder_with_provider(..)...dangerous().with_custom_certificate_verifier(verifier)
/// # drop(verifier);
/// ```
#[derive(Debug)]
pub struct PinnedServerKey(Pins);

impl PinnedServerKey {
    /// Accepts the servers whose raw public key has one of these fingerprints,
    /// with the signature algorithms of [`crate::provider`].
    pub fn new(pins: impl IntoIterator<Item = Fingerprint>) -> Arc<Self> {
        Self::with_algorithms(pins, crate::signature_verification_algorithms())
    }

    /// As [`Self::new`], with a given set of signature algorithms.
    pub fn with_algorithms(
        pins: impl IntoIterator<Item = Fingerprint>,
        algs: WebPkiSupportedAlgorithms,
    ) -> Arc<Self> {
        Arc::new(Self(Pins::new(pins, algs)))
    }
}

/// The signature methods that [`ServerCertVerifier`] and [`ClientCertVerifier`]
/// share, for a pinned-key verifier whose field 0 is its [`Pins`]: TLS 1.2 refused,
/// TLS 1.3 signatures checked against the pinned key, raw public keys required.
macro_rules! pinned_key_signature_methods {
    () => {
        fn verify_tls12_signature(
            &self,
            _message: &[u8],
            _cert: &CertificateDer<'_>,
            _dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            tls12_unsupported()
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            self.0.verify_tls13(message, cert, dss)
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.0.algs.supported_schemes()
        }

        fn requires_raw_public_keys(&self) -> bool {
            true
        }
    };
}

impl ServerCertVerifier for PinnedServerKey {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        self.0.check("server", end_entity, intermediates)?;
        Ok(ServerCertVerified::assertion())
    }

    pinned_key_signature_methods!();
}

/// A [`ClientCertVerifier`] that requires every client to present an RFC 7250 raw
/// public key whose SHA-256 SPKI fingerprint is pinned (see [`PinnedServerKey`]).
#[derive(Debug)]
pub struct PinnedClientKey(Pins);

impl PinnedClientKey {
    /// Accepts the clients whose raw public key has one of these fingerprints,
    /// with the signature algorithms of [`crate::provider`].
    pub fn new(pins: impl IntoIterator<Item = Fingerprint>) -> Arc<Self> {
        Self::with_algorithms(pins, crate::signature_verification_algorithms())
    }

    /// As [`Self::new`], with a given set of signature algorithms.
    pub fn with_algorithms(
        pins: impl IntoIterator<Item = Fingerprint>,
        algs: WebPkiSupportedAlgorithms,
    ) -> Arc<Self> {
        Arc::new(Self(Pins::new(pins, algs)))
    }
}

impl ClientCertVerifier for PinnedClientKey {
    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, Error> {
        self.0.check("client", end_entity, intermediates)?;
        Ok(ClientCertVerified::assertion())
    }

    pinned_key_signature_methods!();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_text_round_trip() {
        let f = Fingerprint::of_spki(b"abc");
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assert_eq!(
            f.to_string(),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(Fingerprint::from_hex(&f.to_string()), Ok(f));
        assert_eq!(
            "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD"
                .parse::<Fingerprint>(),
            Ok(f)
        );
        for bad in ["", "sha256:", "ba78", &"g".repeat(64), &"a".repeat(65)] {
            assert_eq!(
                Fingerprint::from_hex(bad),
                Err(FingerprintParseError),
                "{bad}"
            );
        }
    }

    #[test]
    fn not_pinned_is_readable() {
        let e = NotPinned {
            peer: "server",
            presented: Fingerprint([0; 32]),
        };
        let text = format!("{e:?}");
        assert!(text.starts_with("the server presented raw public key sha256:0000"));
        assert!(text.ends_with("which is not pinned"));
    }
}
