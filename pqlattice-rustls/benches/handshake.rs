//! Full TLS 1.3 handshakes (in memory, no sockets) with X25519MLKEM768: this
//! crate's provider against rustls' aws-lc-rs provider, in the same run. Both
//! sides of each handshake use the provider under test, with the same ECDSA P-256
//! server certificate; a handshake here is one client plus one server.
//!
//! Also the key exchange alone (client keygen, server encapsulation, client
//! decapsulation, and X25519 on both sides for the hybrid), for the hybrid and the
//! two pure ML-KEM groups, which isolates the groups from the rest of TLS.
//!
//! ```text
//! cargo bench -p pqlattice-rustls --bench handshake
//! ```
//!
//! handshakes/s = 1 / (time per iteration); the ratio of the two providers is the
//! ratio of their times.

#[path = "../tests/common/mod.rs"]
mod common;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rustls::crypto::{SupportedKxGroup, aws_lc_rs};

fn handshakes(c: &mut Criterion) {
    let (cert, key) = common::classical_cert();
    let providers = [
        (
            "pqlattice-rustls",
            common::ours_with_group(pqlattice_rustls::kx::X25519MLKEM768),
        ),
        (
            "aws-lc-rs",
            common::aws_lc_rs_with_group(aws_lc_rs::kx_group::X25519MLKEM768),
        ),
    ];
    let mut g = c.benchmark_group("tls13_handshake_X25519MLKEM768");
    for (name, provider) in providers {
        let server = common::tls13_server(provider.clone(), cert.clone(), key.clone_key());
        let client = common::tls13_client(provider, cert.clone());
        // Checked once outside the measurement: the group is the hybrid one.
        let (mut cl, mut sv) = common::connect(&client, &server);
        assert!(common::handshake(&mut cl, &mut sv).ok());
        assert_eq!(
            sv.negotiated_key_exchange_group().map(|g| g.name()),
            Some(rustls::NamedGroup::X25519MLKEM768)
        );
        g.bench_function(name, |b| {
            b.iter(|| {
                let (mut cl, mut sv) = common::connect(&client, &server);
                let out = common::handshake(&mut cl, &mut sv);
                assert!(out.ok());
                black_box((cl, sv))
            })
        });
    }
    g.finish();
}

static HYBRID_AWS_X25519: &dyn SupportedKxGroup =
    &pqlattice_rustls::kx::X25519MlKem768::new(aws_lc_rs::kx_group::X25519);

fn key_exchange(c: &mut Criterion) {
    type Pair = (&'static dyn SupportedKxGroup, &'static dyn SupportedKxGroup);
    let pairs: [(&str, Pair); 3] = [
        (
            "kx_X25519MLKEM768",
            (
                pqlattice_rustls::kx::X25519MLKEM768,
                aws_lc_rs::kx_group::X25519MLKEM768,
            ),
        ),
        (
            "kx_MLKEM768",
            (
                pqlattice_rustls::kx::MLKEM768,
                aws_lc_rs::kx_group::MLKEM768,
            ),
        ),
        (
            "kx_MLKEM1024",
            (
                pqlattice_rustls::kx::MLKEM1024,
                aws_lc_rs::kx_group::MLKEM1024,
            ),
        ),
    ];
    for (group_name, (ours, theirs)) in pairs {
        let mut g = c.benchmark_group(group_name);
        let mut variants = vec![("pqlattice-rustls", ours), ("aws-lc-rs", theirs)];
        if group_name == "kx_X25519MLKEM768" {
            // pqlattice's ML-KEM-768 with aws-lc-rs' X25519 instead of ring's: shows
            // how much of the hybrid's time is the X25519 half.
            variants.push(("pqlattice-rustls+aws-lc-rs-X25519", HYBRID_AWS_X25519));
        }
        for (name, group) in variants {
            g.bench_function(name, |b| {
                b.iter(|| {
                    let client = group.start().unwrap();
                    let server = group.start_and_complete(client.pub_key()).unwrap();
                    let secret = client.complete(&server.pub_key).unwrap();
                    assert_eq!(secret.secret_bytes(), server.secret.secret_bytes());
                    black_box(secret)
                })
            });
        }
        g.finish();
    }
}

criterion_group!(benches, handshakes, key_exchange);
criterion_main!(benches);
