//! Raw public keys (RFC 7250) with ML-DSA, pinned on both sides: the happy path for
//! every parameter set, wrong pins on either side, a key that signs with a
//! different key than it presents, and cross-checks of the signatures with
//! aws-lc-rs' ML-DSA (as verifier of ours, and as signer for ours to verify).

mod common;

use std::sync::{Arc, Mutex};

use common::*;
use pqlattice_rustls::{
    Fingerprint, MlDsaAlgorithm, MlDsaSigningKey, NotPinned, PinnedClientKey, PinnedServerKey,
};
use rustls::client::AlwaysResolvesClientRawPublicKeys;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{WebPkiSupportedAlgorithms, aws_lc_rs};
use rustls::pki_types::{CertificateDer, PrivatePkcs8KeyDer, ServerName, UnixTime};
use rustls::server::AlwaysResolvesServerRawPublicKeys;
use rustls::server::danger::ClientCertVerifier;
use rustls::sign::CertifiedKey;
use rustls::{
    AlertDescription, CertificateError, ClientConfig, DigitallySignedStruct, Error, NamedGroup,
    ServerConfig, SignatureScheme,
};

/// Records the schemes of the handshake signatures that pass through a verifier.
#[derive(Debug)]
struct Recording<V> {
    inner: Arc<V>,
    schemes: Mutex<Vec<SignatureScheme>>,
}

impl<V: ServerCertVerifier> ServerCertVerifier for Recording<V> {
    fn verify_server_cert(
        &self,
        e: &CertificateDer<'_>,
        i: &[CertificateDer<'_>],
        n: &ServerName<'_>,
        o: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, Error> {
        self.inner.verify_server_cert(e, i, n, o, now)
    }
    fn verify_tls12_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.inner.verify_tls12_signature(m, c, d)
    }
    fn verify_tls13_signature(
        &self,
        m: &[u8],
        c: &CertificateDer<'_>,
        d: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, Error> {
        self.schemes.lock().unwrap().push(d.scheme);
        self.inner.verify_tls13_signature(m, c, d)
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
    fn requires_raw_public_keys(&self) -> bool {
        self.inner.requires_raw_public_keys()
    }
}

fn server_config(
    provider: rustls::crypto::CryptoProvider,
    own: Arc<CertifiedKey>,
    client_verifier: Arc<dyn ClientCertVerifier>,
) -> Arc<ServerConfig> {
    Arc::new(
        ServerConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_client_cert_verifier(client_verifier)
            .with_cert_resolver(Arc::new(AlwaysResolvesServerRawPublicKeys::new(own))),
    )
}

fn client_config(
    provider: rustls::crypto::CryptoProvider,
    own: Arc<CertifiedKey>,
    server_verifier: Arc<dyn ServerCertVerifier>,
) -> Arc<ClientConfig> {
    Arc::new(
        ClientConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(server_verifier)
            .with_client_cert_resolver(Arc::new(AlwaysResolvesClientRawPublicKeys::new(own))),
    )
}

/// Both sides pinned, each parameter set; the handshake signatures use the
/// parameter set's scheme and each side sees the other's SPKI.
#[test]
fn pinned_both_sides_every_parameter_set() {
    for alg in MlDsaAlgorithm::ALL {
        let sk = MlDsaSigningKey::generate(alg).unwrap();
        let ck = MlDsaSigningKey::generate(alg).unwrap();
        let recording = Arc::new(Recording {
            inner: PinnedServerKey::new([sk.fingerprint()]),
            schemes: Mutex::new(Vec::new()),
        });
        let server = server_config(
            pqlattice_rustls::provider(),
            sk.raw_public_key(),
            PinnedClientKey::new([ck.fingerprint()]),
        );
        let client = client_config(
            pqlattice_rustls::provider(),
            ck.raw_public_key(),
            recording.clone(),
        );
        let (mut c, mut s) = connect(&client, &server);
        let (a, b) = exchange(
            &mut c,
            &mut s,
            b"hello from the client",
            b"hello from the server",
        );
        assert_eq!(a, b"hello from the client");
        assert_eq!(b, b"hello from the server");
        assert_eq!(
            c.peer_certificates().unwrap(),
            &[CertificateDer::from(sk.spki().to_vec())]
        );
        assert_eq!(
            s.peer_certificates().unwrap(),
            &[CertificateDer::from(ck.spki().to_vec())]
        );
        assert_eq!(
            *recording.schemes.lock().unwrap(),
            vec![alg.scheme()],
            "{alg}"
        );
        assert_eq!(
            c.negotiated_key_exchange_group().unwrap().name(),
            NamedGroup::X25519MLKEM768
        );
    }
}

fn not_pinned(e: &Error) -> Option<&NotPinned> {
    match e {
        Error::InvalidCertificate(CertificateError::Other(o)) => o.0.downcast_ref::<NotPinned>(),
        _ => None,
    }
}

#[test]
fn wrong_server_pin_fails_clearly() {
    let sk = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let ck = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let other = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let server = server_config(
        pqlattice_rustls::provider(),
        sk.raw_public_key(),
        PinnedClientKey::new([ck.fingerprint()]),
    );
    let client = client_config(
        pqlattice_rustls::provider(),
        ck.raw_public_key(),
        PinnedServerKey::new([other.fingerprint()]),
    );
    let (mut c, mut s) = connect(&client, &server);
    let out = handshake(&mut c, &mut s);
    let err = out.client.expect("the client must refuse the server");
    let np = not_pinned(&err).unwrap_or_else(|| panic!("unexpected error {err:?}"));
    assert_eq!(np.peer, "server");
    assert_eq!(np.presented, sk.fingerprint());
    let msg = err.to_string();
    assert!(
        msg.contains(&sk.fingerprint().to_string()) && msg.contains("not pinned"),
        "{msg}"
    );
    assert_eq!(
        out.server,
        Some(Error::AlertReceived(AlertDescription::CertificateUnknown))
    );
    assert!(c.is_handshaking());
}

#[test]
fn wrong_client_pin_fails_clearly() {
    let sk = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let ck = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let other = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let server = server_config(
        pqlattice_rustls::provider(),
        sk.raw_public_key(),
        PinnedClientKey::new([other.fingerprint()]),
    );
    let client = client_config(
        pqlattice_rustls::provider(),
        ck.raw_public_key(),
        PinnedServerKey::new([sk.fingerprint()]),
    );
    let (mut c, mut s) = connect(&client, &server);
    let out = handshake(&mut c, &mut s);
    let err = out.server.expect("the server must refuse the client");
    let np = not_pinned(&err).unwrap_or_else(|| panic!("unexpected error {err:?}"));
    assert_eq!(np.peer, "client");
    assert_eq!(np.presented, ck.fingerprint());
    assert!(
        err.to_string()
            .contains("the client presented raw public key sha256:"),
        "{err}"
    );
    assert_eq!(
        out.client,
        Some(Error::AlertReceived(AlertDescription::CertificateUnknown))
    );
}

/// The pin matches but the handshake is signed with another key: the signature
/// check, not only the pin, must catch it.
#[test]
fn signature_by_another_key_is_rejected() {
    let presented = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let signer = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let ck = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let forged = Arc::new(CertifiedKey::new(
        vec![CertificateDer::from(presented.spki().to_vec())],
        Arc::new(signer),
    ));
    let server = server_config(
        pqlattice_rustls::provider(),
        forged,
        PinnedClientKey::new([ck.fingerprint()]),
    );
    let client = client_config(
        pqlattice_rustls::provider(),
        ck.raw_public_key(),
        PinnedServerKey::new([presented.fingerprint()]),
    );
    let (mut c, mut s) = connect(&client, &server);
    let out = handshake(&mut c, &mut s);
    assert_eq!(
        out.client,
        Some(Error::InvalidCertificate(CertificateError::BadSignature))
    );
}

/// A client without a key, against a server that requires a pinned one.
#[test]
fn missing_client_key_is_rejected() {
    let sk = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let ck = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let server = server_config(
        pqlattice_rustls::provider(),
        sk.raw_public_key(),
        PinnedClientKey::new([ck.fingerprint()]),
    );
    let client = Arc::new(
        ClientConfig::builder_with_provider(Arc::new(pqlattice_rustls::provider()))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .dangerous()
            .with_custom_certificate_verifier(PinnedServerKey::new([sk.fingerprint()]))
            .with_no_client_auth(),
    );
    let (mut c, mut s) = connect(&client, &server);
    let out = handshake(&mut c, &mut s);
    // rustls refuses it already in the ClientHello (no client certificate type
    // extension offering raw public keys).
    assert!(out.server.is_some(), "{out:?}");
    assert!(
        matches!(out.client, Some(Error::AlertReceived(_))),
        "{out:?}"
    );
}

/// Our ML-DSA-65 handshake signatures verified by aws-lc-rs (an aws-lc-rs client
/// whose pinned verifier uses aws-lc-rs' signature algorithms), and aws-lc-rs'
/// ML-DSA-65 signatures (its signing key, from an aws-lc-rs-generated PKCS#8)
/// verified by ours.
#[test]
fn ml_dsa_cross_check_with_aws_lc_rs() {
    let aws_algs: WebPkiSupportedAlgorithms =
        aws_lc_rs::default_provider().signature_verification_algorithms;

    // 1. pqlattice signs (server), AWS-LC verifies (client).
    let sk = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let ck = MlDsaSigningKey::generate(MlDsaAlgorithm::MlDsa65).unwrap();
    let recording = Arc::new(Recording {
        inner: PinnedServerKey::with_algorithms([sk.fingerprint()], aws_algs),
        schemes: Mutex::new(Vec::new()),
    });
    let server = server_config(
        pqlattice_rustls::provider(),
        sk.raw_public_key(),
        PinnedClientKey::new([ck.fingerprint()]),
    );
    let client = client_config(
        aws_lc_rs::default_provider(),
        ck.raw_public_key(),
        recording.clone(),
    );
    let (mut c, mut s) = connect(&client, &server);
    exchange(&mut c, &mut s, b"q", b"r");
    assert_eq!(
        *recording.schemes.lock().unwrap(),
        vec![SignatureScheme::ML_DSA_65]
    );

    // 2. AWS-LC signs (server, aws-lc-rs provider), pqlattice verifies (client).
    let aws_key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ML_DSA_65).unwrap();
    let spki = rcgen::PublicKeyData::subject_public_key_info(&aws_key);
    assert_eq!(
        MlDsaAlgorithm::decode_spki(&spki).map(|(a, _)| a),
        Some(MlDsaAlgorithm::MlDsa65),
        "AWS-LC's SPKI has the documented 22-byte prefix"
    );
    let pkcs8 = PrivatePkcs8KeyDer::from(aws_key.serialize_der());
    let signing = aws_lc_rs::sign::any_supported_type(&pkcs8.into()).unwrap();
    let aws_rpk = Arc::new(CertifiedKey::new(
        vec![CertificateDer::from(spki.clone())],
        signing,
    ));
    let aws_pin = Fingerprint::of_spki(&spki);
    let recording = Arc::new(Recording {
        inner: PinnedServerKey::new([aws_pin]),
        schemes: Mutex::new(Vec::new()),
    });
    let server = server_config(
        aws_lc_rs::default_provider(),
        aws_rpk,
        PinnedClientKey::with_algorithms(
            [ck.fingerprint()],
            aws_lc_rs::default_provider().signature_verification_algorithms,
        ),
    );
    let client = client_config(
        pqlattice_rustls::provider(),
        ck.raw_public_key(),
        recording.clone(),
    );
    let (mut c, mut s) = connect(&client, &server);
    exchange(&mut c, &mut s, b"q", b"r");
    assert_eq!(
        *recording.schemes.lock().unwrap(),
        vec![SignatureScheme::ML_DSA_65]
    );
    assert_eq!(
        c.peer_certificates().unwrap(),
        &[CertificateDer::from(spki)]
    );
}
