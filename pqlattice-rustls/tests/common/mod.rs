//! Shared by the integration tests: in-memory handshakes between a rustls client
//! and server, and configurations.
#![allow(dead_code)] // each test binary uses its own subset

use std::io::{Read, Write};
use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use rustls::{
    ClientConfig, ClientConnection, ConnectionCommon, Error, RootCertStore, ServerConfig,
    ServerConnection,
};

/// How an in-memory handshake ended.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The client's error, if it failed (e.g. on the alert the server sent).
    pub client: Option<Error>,
    /// The server's error, if it failed.
    pub server: Option<Error>,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.client.is_none() && self.server.is_none()
    }
}

/// Moves everything `from` wants to write into `to` and lets `to` process it.
/// Returns (bytes moved, error of `to`).
fn transfer<A, B>(
    from: &mut ConnectionCommon<A>,
    to: &mut ConnectionCommon<B>,
) -> (usize, Option<Error>) {
    let mut buf = Vec::new();
    while from.wants_write() {
        from.write_tls(&mut buf).expect("write to a Vec");
    }
    let moved = buf.len();
    let mut rd = &buf[..];
    while !rd.is_empty() {
        match to.read_tls(&mut rd) {
            Ok(_) => {}
            Err(e) => panic!("read_tls: {e}"),
        }
        if let Err(e) = to.process_new_packets() {
            return (moved, Some(e));
        }
    }
    (moved, None)
}

/// Runs the handshake to the end or to the first error; on an error, the failing
/// side's alert is still delivered so the other side's view is recorded too.
pub fn handshake(client: &mut ClientConnection, server: &mut ServerConnection) -> Outcome {
    let mut out = Outcome::default();
    for _ in 0..32 {
        let (c2s, e) = transfer(client, server);
        if let Some(e) = e {
            out.server = Some(e);
            out.client = transfer(server, client).1;
            return out;
        }
        let (s2c, e) = transfer(server, client);
        if let Some(e) = e {
            out.client = Some(e);
            out.server = transfer(client, server).1;
            return out;
        }
        if c2s == 0 && s2c == 0 {
            break;
        }
    }
    assert!(
        !client.is_handshaking() && !server.is_handshaking(),
        "handshake stalled"
    );
    out
}

/// Handshake, then the client sends `request`, the server answers `response`;
/// returns what each side received.
pub fn exchange(
    client: &mut ClientConnection,
    server: &mut ServerConnection,
    request: &[u8],
    response: &[u8],
) -> (Vec<u8>, Vec<u8>) {
    let out = handshake(client, server);
    assert!(out.ok(), "handshake failed: {out:?}");
    client.writer().write_all(request).unwrap();
    assert!(transfer(client, server).1.is_none());
    let mut at_server = vec![0u8; request.len()];
    server.reader().read_exact(&mut at_server).unwrap();
    server.writer().write_all(response).unwrap();
    assert!(transfer(server, client).1.is_none());
    let mut at_client = vec![0u8; response.len()];
    client.reader().read_exact(&mut at_client).unwrap();
    (at_server, at_client)
}

pub fn connect(
    client: &Arc<ClientConfig>,
    server: &Arc<ServerConfig>,
) -> (ClientConnection, ServerConnection) {
    let c =
        ClientConnection::new(client.clone(), ServerName::try_from("localhost").unwrap()).unwrap();
    let s = ServerConnection::new(server.clone()).unwrap();
    (c, s)
}

/// A classical self-signed certificate for `localhost` (ECDSA P-256, made by
/// rcgen with aws-lc-rs), with its PKCS#8 key.
pub fn classical_cert() -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
    classical_cert_for("localhost")
}

/// [`classical_cert`] for another name (a DNS name or an IP address).
pub fn classical_cert_for(name: &str) -> (CertificateDer<'static>, PrivateKeyDer<'static>) {
    let ck = rcgen::generate_simple_self_signed(vec![name.to_string()]).unwrap();
    let key = PrivatePkcs8KeyDer::from(ck.signing_key.serialize_der());
    (ck.cert.der().clone(), key.into())
}

pub fn tls13_server(
    provider: CryptoProvider,
    cert: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
) -> Arc<ServerConfig> {
    Arc::new(
        ServerConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_no_client_auth()
            .with_single_cert(vec![cert], key)
            .unwrap(),
    )
}

pub fn tls13_client(provider: CryptoProvider, root: CertificateDer<'static>) -> Arc<ClientConfig> {
    let mut roots = RootCertStore::empty();
    roots.add(root).unwrap();
    Arc::new(
        ClientConfig::builder_with_provider(Arc::new(provider))
            .with_protocol_versions(&[&rustls::version::TLS13])
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

/// The aws-lc-rs provider reduced to one key-exchange group.
pub fn aws_lc_rs_with_group(
    group: &'static dyn rustls::crypto::SupportedKxGroup,
) -> CryptoProvider {
    CryptoProvider {
        kx_groups: vec![group],
        ..rustls::crypto::aws_lc_rs::default_provider()
    }
}

/// This crate's provider reduced to one key-exchange group.
pub fn ours_with_group(group: &'static dyn rustls::crypto::SupportedKxGroup) -> CryptoProvider {
    CryptoProvider {
        kx_groups: vec![group],
        ..pqlattice_rustls::provider()
    }
}
