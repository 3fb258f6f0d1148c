//! Key exchange against rustls' aws-lc-rs provider (AWS-LC's ML-KEM and X25519),
//! in both directions: our client with an aws-lc-rs server, an aws-lc-rs client
//! with our server. Also the hybrid component (X25519 alone without a retry).

mod common;

use common::*;
use rustls::crypto::{CryptoProvider, SupportedKxGroup, aws_lc_rs};
use rustls::{HandshakeKind, NamedGroup};

/// Our side really ran pqlattice's group, not aws-lc-rs': our types' Debug names.
fn is_ours(g: &dyn SupportedKxGroup) -> bool {
    let d = format!("{g:?}");
    d.starts_with("X25519MlKem768") || d.starts_with("MlKemGroup")
}

fn run(client: CryptoProvider, server: CryptoProvider, expect: NamedGroup, ours_is_client: bool) {
    let (cert, key) = classical_cert();
    let server = tls13_server(server, cert.clone(), key);
    let client = tls13_client(client, cert);
    let (mut c, mut s) = connect(&client, &server);
    let request = b"GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".repeat(3);
    let response: Vec<u8> = (0..5000u32).map(|i| (i * 7) as u8).collect();
    let (at_server, at_client) = exchange(&mut c, &mut s, &request, &response);
    assert_eq!(at_server, request);
    assert_eq!(at_client, response);
    let cg = c.negotiated_key_exchange_group().unwrap();
    let sg = s.negotiated_key_exchange_group().unwrap();
    assert_eq!(cg.name(), expect);
    assert_eq!(sg.name(), expect);
    assert_eq!(c.handshake_kind(), Some(HandshakeKind::Full));
    if ours_is_client {
        assert!(is_ours(cg) && !is_ours(sg), "{cg:?} / {sg:?}");
    } else {
        assert!(is_ours(sg) && !is_ours(cg), "{cg:?} / {sg:?}");
    }
}

/// The full default providers on both sides: X25519MLKEM768 is what both prefer.
#[test]
fn x25519mlkem768_default_providers_both_ways() {
    let expect = NamedGroup::X25519MLKEM768;
    run(
        pqlattice_rustls::provider(),
        aws_lc_rs::default_provider(),
        expect,
        true,
    );
    run(
        aws_lc_rs::default_provider(),
        pqlattice_rustls::provider(),
        expect,
        false,
    );
}

#[test]
fn each_group_both_ways() {
    let pairs: [(&'static dyn SupportedKxGroup, &'static dyn SupportedKxGroup); 3] = [
        (
            pqlattice_rustls::kx::X25519MLKEM768,
            aws_lc_rs::kx_group::X25519MLKEM768,
        ),
        (
            pqlattice_rustls::kx::MLKEM768,
            aws_lc_rs::kx_group::MLKEM768,
        ),
        (
            pqlattice_rustls::kx::MLKEM1024,
            aws_lc_rs::kx_group::MLKEM1024,
        ),
    ];
    for (ours, theirs) in pairs {
        assert_eq!(ours.name(), theirs.name());
        // Several runs: fresh keys each time.
        for _ in 0..4 {
            run(
                ours_with_group(ours),
                aws_lc_rs_with_group(theirs),
                ours.name(),
                true,
            );
            run(
                aws_lc_rs_with_group(theirs),
                ours_with_group(ours),
                ours.name(),
                false,
            );
        }
    }
}

/// A server without ML-KEM: our client's X25519MLKEM768 share carries its X25519
/// half as a second share, so the server picks X25519 with no HelloRetryRequest.
#[test]
fn hybrid_component_avoids_retry() {
    #[allow(deprecated)]
    let x25519_only = CryptoProvider {
        kx_groups: vec![rustls::crypto::ring::kx_group::X25519],
        ..rustls::crypto::ring::default_provider()
    };
    let (cert, key) = classical_cert();
    let server = tls13_server(x25519_only, cert.clone(), key);

    let client = tls13_client(pqlattice_rustls::provider(), cert.clone());
    let (mut c, mut s) = connect(&client, &server);
    let (a, b) = exchange(&mut c, &mut s, b"ping", b"pong");
    assert_eq!((&a[..], &b[..]), (&b"ping"[..], &b"pong"[..]));
    assert_eq!(
        c.negotiated_key_exchange_group().unwrap().name(),
        NamedGroup::X25519
    );
    assert_eq!(c.handshake_kind(), Some(HandshakeKind::Full));

    // Negative control: a first choice without an X25519 component (pure MLKEM768)
    // needs the retry.
    let client = tls13_client(
        CryptoProvider {
            kx_groups: vec![
                pqlattice_rustls::kx::MLKEM768,
                rustls::crypto::ring::kx_group::X25519,
            ],
            ..pqlattice_rustls::provider()
        },
        cert,
    );
    let (mut c, mut s) = connect(&client, &server);
    exchange(&mut c, &mut s, b"ping", b"pong");
    assert_eq!(
        c.negotiated_key_exchange_group().unwrap().name(),
        NamedGroup::X25519
    );
    assert_eq!(
        c.handshake_kind(),
        Some(HandshakeKind::FullWithHelloRetryRequest)
    );
}

/// A server with ring's default groups (no ML-KEM; P-384 listed before X25519):
/// it follows our client's order, which puts X25519 next after the post-quantum
/// groups, so X25519 is chosen with the share already sent: no retry.
#[test]
fn ring_default_server_no_retry() {
    #[allow(deprecated)]
    let ring = rustls::crypto::ring::default_provider();
    let (cert, key) = classical_cert();
    let server = tls13_server(ring, cert.clone(), key);
    let client = tls13_client(pqlattice_rustls::provider(), cert);
    let (mut c, mut s) = connect(&client, &server);
    exchange(&mut c, &mut s, b"ping", b"pong");
    assert_eq!(
        c.negotiated_key_exchange_group().unwrap().name(),
        NamedGroup::X25519
    );
    assert_eq!(c.handshake_kind(), Some(HandshakeKind::Full));
}

/// Our server with a client that offers only X25519 (no ML-KEM): classical X25519
/// from the ring provider still works.
#[test]
fn classical_client_still_served() {
    let (cert, key) = classical_cert();
    let server = tls13_server(pqlattice_rustls::provider(), cert.clone(), key);
    let client = tls13_client(aws_lc_rs_with_group(aws_lc_rs::kx_group::X25519), cert);
    let (mut c, mut s) = connect(&client, &server);
    exchange(&mut c, &mut s, b"a", b"b");
    assert_eq!(
        s.negotiated_key_exchange_group().unwrap().name(),
        NamedGroup::X25519
    );
}
