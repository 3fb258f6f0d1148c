//! ML-DSA certificates (RFC 9881) through webpki: chains signed by pqlattice
//! (certificates made by rcgen with a pqlattice key as the signer) verified by
//! this provider and by aws-lc-rs, and chains made and signed by aws-lc-rs verified
//! by this provider. The server key is loaded through the provider's key provider
//! from its PKCS#8 form.

mod common;

use std::sync::Arc;

use common::*;
use pqlattice_rustls::{MlDsaAlgorithm, MlDsaSigningKey};
use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use rustls::crypto::aws_lc_rs;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{CertificateError, Error, ServerConfig};

/// A pqlattice ML-DSA key as an rcgen signer.
struct Signer(MlDsaSigningKey);

impl rcgen::PublicKeyData for Signer {
    fn der_bytes(&self) -> &[u8] {
        self.0.public_key_bytes()
    }
    fn algorithm(&self) -> &'static rcgen::SignatureAlgorithm {
        match self.0.ml_dsa_algorithm() {
            MlDsaAlgorithm::MlDsa44 => &rcgen::PKCS_ML_DSA_44,
            MlDsaAlgorithm::MlDsa65 => &rcgen::PKCS_ML_DSA_65,
            MlDsaAlgorithm::MlDsa87 => &rcgen::PKCS_ML_DSA_87,
        }
    }
}

impl rcgen::SigningKey for Signer {
    fn sign(&self, msg: &[u8]) -> Result<Vec<u8>, rcgen::Error> {
        self.0.sign(msg).map_err(|_| rcgen::Error::RemoteKeyError)
    }
}

fn ca_params(name: &str) -> CertificateParams {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.distinguished_name.push(rcgen::DnType::CommonName, name);
    p
}

/// CA and end-entity ("localhost") certificates whose keys and signatures are
/// pqlattice's; returns (CA cert, EE cert, EE key).
fn pqlattice_chain(
    alg: MlDsaAlgorithm,
) -> (
    CertificateDer<'static>,
    CertificateDer<'static>,
    MlDsaSigningKey,
) {
    let ca_key = Signer(MlDsaSigningKey::generate(alg).unwrap());
    let ca_params = ca_params("pqlattice test CA");
    let ca_cert = ca_params.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca_params, ca_key);
    let ee_key = MlDsaSigningKey::generate(alg).unwrap();
    let ee_cert = CertificateParams::new(vec!["localhost".to_string()])
        .unwrap()
        .signed_by(&Signer(ee_key.clone()), &issuer)
        .unwrap();
    (ca_cert.der().clone(), ee_cert.der().clone(), ee_key)
}

fn server_with_chain(
    provider: rustls::crypto::CryptoProvider,
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
) -> Arc<ServerConfig> {
    Arc::new(
        ServerConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .unwrap(),
    )
}

/// A pqlattice-signed chain for each parameter set, verified by our client and by
/// an aws-lc-rs client; the server loads its PKCS#8 seed-form key through
/// `provider().key_provider`.
#[test]
fn pqlattice_signed_chains() {
    for alg in MlDsaAlgorithm::ALL {
        let (ca, ee, ee_key) = pqlattice_chain(alg);
        let key_der = PrivatePkcs8KeyDer::from(ee_key.to_pkcs8().unwrap().to_vec());
        let server = server_with_chain(
            pqlattice_rustls::provider(),
            vec![ee.clone(), ca.clone()],
            key_der.into(),
        );
        for client_provider in [pqlattice_rustls::provider(), aws_lc_rs::default_provider()] {
            let client = tls13_client(client_provider, ca.clone());
            let (mut c, mut s) = connect(&client, &server);
            let (a, b) = exchange(&mut c, &mut s, b"cert?", b"cert!");
            assert_eq!((&a[..], &b[..]), (&b"cert?"[..], &b"cert!"[..]), "{alg}");
            assert_eq!(c.peer_certificates().unwrap()[0], ee);
        }
    }
}

/// aws-lc-rs makes the keys and signs the certificates and the handshake; our
/// client verifies all of it with pqlattice.
#[test]
fn aws_lc_rs_signed_chain() {
    for (alg, rc) in [
        (MlDsaAlgorithm::MlDsa44, &rcgen::PKCS_ML_DSA_44),
        (MlDsaAlgorithm::MlDsa65, &rcgen::PKCS_ML_DSA_65),
        (MlDsaAlgorithm::MlDsa87, &rcgen::PKCS_ML_DSA_87),
    ] {
        let ca_key = KeyPair::generate_for(rc).unwrap();
        let ca_params = ca_params("aws-lc-rs test CA");
        let ca = ca_params.self_signed(&ca_key).unwrap().der().clone();
        let issuer = Issuer::new(ca_params, ca_key);
        let ee_key = KeyPair::generate_for(rc).unwrap();
        assert_eq!(
            MlDsaAlgorithm::decode_spki(&rcgen::PublicKeyData::subject_public_key_info(&ee_key))
                .map(|x| x.0),
            Some(alg)
        );
        let ee = CertificateParams::new(vec!["localhost".to_string()])
            .unwrap()
            .signed_by(&ee_key, &issuer)
            .unwrap()
            .der()
            .clone();
        let key = PrivatePkcs8KeyDer::from(ee_key.serialize_der());
        let server = server_with_chain(
            aws_lc_rs::default_provider(),
            vec![ee, ca.clone()],
            key.into(),
        );
        let client = tls13_client(pqlattice_rustls::provider(), ca);
        let (mut c, mut s) = connect(&client, &server);
        exchange(&mut c, &mut s, b"x", b"y");
    }
}

/// Negative controls: another CA, and a certificate whose signature was altered.
#[test]
fn bad_chains_rejected() {
    let (_, ee, ee_key) = pqlattice_chain(MlDsaAlgorithm::MlDsa65);
    let (other_ca, _, _) = pqlattice_chain(MlDsaAlgorithm::MlDsa65);
    let key = || PrivatePkcs8KeyDer::from(ee_key.to_pkcs8().unwrap().to_vec()).into();

    let server = server_with_chain(pqlattice_rustls::provider(), vec![ee.clone()], key());
    let client = tls13_client(pqlattice_rustls::provider(), other_ca.clone());
    let (mut c, mut s) = connect(&client, &server);
    let out = handshake(&mut c, &mut s);
    // Both CAs have the same name, so webpki tries the other CA's key on the
    // end-entity's signature, and ML-DSA verification fails.
    assert_eq!(
        out.client,
        Some(Error::InvalidCertificate(CertificateError::BadSignature))
    );

    // A self-signed CA whose signature is flipped in its last byte: trusting it as
    // a root is fine (roots are not checked), so flip the end-entity's instead.
    let (ca, ee, ee_key) = pqlattice_chain(MlDsaAlgorithm::MlDsa65);
    let mut bad = ee.to_vec();
    let n = bad.len();
    bad[n - 1] ^= 1;
    let server = server_with_chain(
        pqlattice_rustls::provider(),
        vec![CertificateDer::from(bad)],
        PrivatePkcs8KeyDer::from(ee_key.to_pkcs8().unwrap().to_vec()).into(),
    );
    let client = tls13_client(pqlattice_rustls::provider(), ca);
    let (mut c, mut s) = connect(&client, &server);
    let out = handshake(&mut c, &mut s);
    assert_eq!(
        out.client,
        Some(Error::InvalidCertificate(CertificateError::BadSignature))
    );
}

/// The key provider falls back to ring for classical keys.
#[test]
fn key_provider_loads_classical_keys() {
    let (_, key) = classical_cert();
    let k = pqlattice_rustls::provider()
        .key_provider
        .load_private_key(key)
        .unwrap();
    assert!(k.public_key().is_some());
    let bad = PrivatePkcs8KeyDer::from(vec![0x30, 0x03, 0x02, 0x01, 0x00]);
    assert!(
        pqlattice_rustls::provider()
            .key_provider
            .load_private_key(bad.into())
            .is_err()
    );
}
