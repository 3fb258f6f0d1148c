//! Malformed key shares from a test peer: every wrong length, every out-of-range
//! coefficient position of the encapsulation key, a degenerate X25519 half. Each
//! handshake must abort with an error on both sides (the server's own error being
//! `PeerMisbehaved::InvalidKeyShare` where the share itself is malformed), and
//! nothing may panic (a panic fails the test).

mod common;

use common::*;
use rustls::crypto::{ActiveKeyExchange, CompletedKeyExchange, SharedSecret, SupportedKxGroup};
use rustls::{AlertDescription, Error, NamedGroup, PeerMisbehaved};

const INVALID_KEY_SHARE: Error = Error::PeerMisbehaved(PeerMisbehaved::InvalidKeyShare);

/// A "group" that sends fixed bytes: as a client, `share` is its key share; as a
/// server, `share` is its reply.
#[derive(Debug)]
struct Fixed {
    name: NamedGroup,
    share: Vec<u8>,
}

impl SupportedKxGroup for Fixed {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        Ok(Box::new(FixedActive {
            name: self.name,
            share: self.share.clone(),
        }))
    }
    fn start_and_complete(&self, _client_share: &[u8]) -> Result<CompletedKeyExchange, Error> {
        Ok(CompletedKeyExchange {
            group: self.name,
            pub_key: self.share.clone(),
            secret: SharedSecret::from(&[0x55u8; 64][..]),
        })
    }
    fn name(&self) -> NamedGroup {
        self.name
    }
}

struct FixedActive {
    name: NamedGroup,
    share: Vec<u8>,
}

impl ActiveKeyExchange for FixedActive {
    fn complete(self: Box<Self>, _peer: &[u8]) -> Result<SharedSecret, Error> {
        Err(Error::General("the test client never completes".into()))
    }
    fn pub_key(&self) -> &[u8] {
        &self.share
    }
    fn group(&self) -> NamedGroup {
        self.name
    }
}

fn leak(name: NamedGroup, share: Vec<u8>) -> &'static dyn SupportedKxGroup {
    Box::leak(Box::new(Fixed { name, share }))
}

struct Setup {
    cert: rustls::pki_types::CertificateDer<'static>,
    key: rustls::pki_types::PrivateKeyDer<'static>,
    our_server: std::sync::Arc<rustls::ServerConfig>,
}

fn setup() -> Setup {
    let (cert, key) = classical_cert();
    Setup {
        our_server: tls13_server(pqlattice_rustls::provider(), cert.clone(), key.clone_key()),
        cert,
        key,
    }
}

/// The test client sends `share` for `name` to our server.
fn client_sends(s: &Setup, name: NamedGroup, share: Vec<u8>) -> Outcome {
    let client = tls13_client(ours_with_group(leak(name, share)), s.cert.clone());
    let (mut c, mut sv) = connect(&client, &s.our_server);
    handshake(&mut c, &mut sv)
}

/// Our server rejected the share as malformed, and told the client.
fn assert_rejected_share(out: &Outcome, what: &str) {
    assert_eq!(
        out.server.as_ref(),
        Some(&INVALID_KEY_SHARE),
        "{what}: {out:?}"
    );
    assert_eq!(
        out.client,
        Some(Error::AlertReceived(AlertDescription::IllegalParameter)),
        "{what}"
    );
}

/// Our server accepted the share and answered: the test client then failed in
/// its own `complete`, by design.
fn assert_accepted(out: &Outcome, g: &dyn SupportedKxGroup) {
    assert_eq!(
        out.client,
        Some(Error::General("the test client never completes".into())),
        "{:?}: a valid share was refused: {out:?}",
        g.name()
    );
    assert_ne!(out.server.as_ref(), Some(&INVALID_KEY_SHARE));
}

/// The length of a valid client share, and a valid share.
fn valid_client_share(g: &'static dyn SupportedKxGroup) -> Vec<u8> {
    g.start().unwrap().pub_key().to_vec()
}

const GROUPS: [&dyn SupportedKxGroup; 3] = [
    pqlattice_rustls::kx::X25519MLKEM768,
    pqlattice_rustls::kx::MLKEM768,
    pqlattice_rustls::kx::MLKEM1024,
];

#[test]
fn client_share_every_wrong_length() {
    let s = setup();
    for g in GROUPS {
        let good = valid_client_share(g);
        // Negative control: the valid share of the test client is accepted by the
        // server (the client then fails, by design, in `complete`).
        assert_accepted(&client_sends(&s, g.name(), good.clone()), g);
        // From 1: an empty share is not a valid encoding (key_exchange<1..2^16-1>)
        // and rustls' client refuses to encode one.
        for len in 1..good.len() + 100 {
            if len == good.len() {
                continue;
            }
            let share: Vec<u8> = good.iter().copied().cycle().take(len).collect();
            assert_rejected_share(
                &client_sends(&s, g.name(), share),
                &format!("{:?} length {len}", g.name()),
            );
        }
    }
}

/// Sets the 12-bit coefficient `i` of the encoded t-hat (ByteEncode12) to `v`.
fn set_coefficient(ek: &mut [u8], i: usize, v: u16) {
    let at = 3 * (i / 2);
    if i.is_multiple_of(2) {
        ek[at] = v as u8;
        ek[at + 1] = (ek[at + 1] & 0xF0) | (v >> 8) as u8;
    } else {
        ek[at + 1] = (ek[at + 1] & 0x0F) | ((v & 0x0F) << 4) as u8;
        ek[at + 2] = (v >> 4) as u8;
    }
}

/// Every coefficient position of t-hat, set to a value in [q, 4095], fails the
/// FIPS 203 section 7.2 check: in the hybrid share (the ML-KEM part comes first)
/// and in the pure ones.
#[test]
fn client_share_every_out_of_range_coefficient() {
    let s = setup();
    for g in GROUPS {
        let good = valid_client_share(g);
        let k = match g.name() {
            NamedGroup::MLKEM1024 => 4,
            _ => 3,
        };
        let mut rejected = 0;
        for i in 0..256 * k {
            let mut share = good.clone();
            // q, q + 1, ..., and the largest 12-bit value, in turn.
            let v = [3329, 3330, 4095, 3329 + (i as u16 % 766)][i % 4];
            set_coefficient(&mut share, i, v);
            assert_rejected_share(
                &client_sends(&s, g.name(), share),
                &format!("{:?} coefficient {i} = {v}", g.name()),
            );
            rejected += 1;
        }
        // Negative control for `set_coefficient`: q - 1 everywhere is in range.
        let mut share = good.clone();
        for i in 0..256 * k {
            set_coefficient(&mut share, i, 3328);
        }
        assert_accepted(&client_sends(&s, g.name(), share), g);
        assert_eq!(rejected, 256 * k);
    }
}

/// A valid ML-KEM key with an all-zero X25519 half (a low-order point whose shared
/// secret is zero): the base provider's X25519 refuses it, the handshake aborts.
#[test]
fn client_share_degenerate_x25519_half() {
    let s = setup();
    let mut share = valid_client_share(pqlattice_rustls::kx::X25519MLKEM768);
    share[1184..].fill(0);
    let out = client_sends(&s, NamedGroup::X25519MLKEM768, share);
    assert_rejected_share(&out, "zero X25519 half");
}

/// The test server replies with `reply` for `name` to our client (offering only
/// that group).
fn server_replies(s: &Setup, g: &'static dyn SupportedKxGroup, reply: Vec<u8>) -> Outcome {
    let server = tls13_server(
        ours_with_group(leak(g.name(), reply)),
        s.cert.clone(),
        s.key.clone_key(),
    );
    let client = tls13_client(ours_with_group(g), s.cert.clone());
    let (mut c, mut sv) = connect(&client, &server);
    handshake(&mut c, &mut sv)
}

#[test]
fn server_share_every_wrong_length() {
    let s = setup();
    for g in GROUPS {
        let good = g
            .start_and_complete(&valid_client_share(g))
            .unwrap()
            .pub_key;
        for len in 1..good.len() + 100 {
            if len == good.len() {
                continue;
            }
            let reply: Vec<u8> = good.iter().copied().cycle().take(len).collect();
            let out = server_replies(&s, g, reply);
            assert_eq!(
                out.client.as_ref(),
                Some(&INVALID_KEY_SHARE),
                "{:?} length {len}: {out:?}",
                g.name()
            );
            assert_eq!(
                out.server,
                Some(Error::AlertReceived(AlertDescription::IllegalParameter))
            );
        }
        // Right length, wrong contents: the ciphertext decapsulates to an unrelated
        // secret (implicit rejection), so the handshake fails at the first
        // encrypted message instead; still an error on both sides, no panic.
        let out = server_replies(&s, g, good.clone());
        assert!(
            out.client.is_some() && out.server.is_some(),
            "{:?}: {out:?}",
            g.name()
        );
        assert_ne!(out.client.as_ref(), Some(&INVALID_KEY_SHARE));
    }
}
