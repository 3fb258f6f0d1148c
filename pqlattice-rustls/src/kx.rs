//! TLS 1.3 key-exchange groups built on pqlattice's ML-KEM: the hybrid
//! `X25519MLKEM768` and the pure `MLKEM768` and `MLKEM1024`.
//!
//! # Wire format
//!
//! For the pure groups (draft-ietf-tls-mlkem), the client's key share is the
//! ML-KEM encapsulation key, the server's is the ciphertext and the shared secret
//! is the ML-KEM shared secret.
//!
//! For `X25519MLKEM768` (codepoint 0x11EC, draft-ietf-tls-ecdhe-mlkem, section
//! "Construction"), the ML-KEM part comes first everywhere:
//!
//! | value         | layout                                                    | bytes |
//! |---------------|-----------------------------------------------------------|-------|
//! | client share  | ML-KEM-768 encapsulation key (1184) ‖ X25519 share (32)    | 1216  |
//! | server share  | ML-KEM-768 ciphertext (1088) ‖ X25519 share (32)           | 1120  |
//! | shared secret | ML-KEM-768 shared secret (32) ‖ X25519 shared secret (32)  | 64    |
//!
//! This order was checked against rustls' own aws-lc-rs implementation (its hybrid
//! layout for X25519MLKEM768 puts the post-quantum part first) and is exercised
//! against it and against Chromium by this crate's tests.
//!
//! The X25519 half is never computed here: it is the base provider's X25519 group
//! (by default [`rustls::crypto::ring::kx_group::X25519`]).
//!
//! # Bad peer shares
//!
//! A share of the wrong length, an encapsulation key that fails the FIPS 203
//! section 7.2 modulus check, or an X25519 share the base provider rejects is
//! reported as [`rustls::Error::PeerMisbehaved`]
//! ([`rustls::PeerMisbehaved::InvalidKeyShare`]), so rustls aborts the handshake
//! with an alert. Nothing here panics on peer input.

use core::fmt;

use pqlattice::ml_kem::{self, MlKem768, MlKem1024, ParameterSet};
use rustls::crypto::{ActiveKeyExchange, CompletedKeyExchange, SharedSecret, SupportedKxGroup};
use rustls::ffdhe_groups::FfdheGroup;
use rustls::{Error, NamedGroup, PeerMisbehaved, ProtocolVersion};

/// The error for every malformed peer key share.
const INVALID_KEY_SHARE: Error = Error::PeerMisbehaved(PeerMisbehaved::InvalidKeyShare);

/// Length of an X25519 key share (RFC 7748).
const X25519_SHARE_LEN: usize = 32;

/// The hybrid X25519 + ML-KEM-768 group (`X25519MLKEM768`, 0x11EC), with the ring
/// provider's X25519.
pub static X25519MLKEM768: &dyn SupportedKxGroup =
    &X25519MlKem768::new(rustls::crypto::ring::kx_group::X25519);

/// The pure ML-KEM-768 group (`MLKEM768`, 0x0201).
pub static MLKEM768: &dyn SupportedKxGroup = &MlKemGroup::<MlKem768>::new(NamedGroup::MLKEM768);

/// The pure ML-KEM-1024 group (`MLKEM1024`, 0x0202).
pub static MLKEM1024: &dyn SupportedKxGroup = &MlKemGroup::<MlKem1024>::new(NamedGroup::MLKEM1024);

/// The groups this crate adds, most preferred first.
pub static ALL_KX_GROUPS: &[&dyn SupportedKxGroup] = &[X25519MLKEM768, MLKEM768, MLKEM1024];

fn os_random_failed(_: pqlattice::Error) -> Error {
    Error::FailedToGetRandomBytes
}

/// A pure ML-KEM key-exchange group for parameter set `P`.
pub struct MlKemGroup<P: ParameterSet> {
    name: NamedGroup,
    _p: core::marker::PhantomData<fn() -> P>,
}

impl<P: ParameterSet> MlKemGroup<P> {
    /// The group for parameter set `P`, announced under `name`.
    pub const fn new(name: NamedGroup) -> Self {
        Self {
            name,
            _p: core::marker::PhantomData,
        }
    }

    /// Server side: encapsulates to the client's encapsulation key. Returns the
    /// ciphertext and the shared secret.
    fn encapsulate(client_share: &[u8]) -> Result<(Vec<u8>, ml_kem::SharedSecret), Error> {
        // Checks the length and the FIPS 203 section 7.2 modulus condition.
        let ek = ml_kem::EncapsulationKey::<P>::from_bytes(client_share)
            .map_err(|_| INVALID_KEY_SHARE)?;
        let (ct, ss) = ek.encapsulate_with_os_rng().map_err(os_random_failed)?;
        Ok((ct.as_ref().to_vec(), ss))
    }
}

impl<P: ParameterSet> fmt::Debug for MlKemGroup<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MlKemGroup")
            .field("name", &self.name)
            .field("parameter_set", &P::NAME)
            .finish()
    }
}

impl<P: ParameterSet> SupportedKxGroup for MlKemGroup<P> {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        let (ek, dk) = ml_kem::generate_with_os_rng::<P>().map_err(os_random_failed)?;
        Ok(Box::new(ActiveMlKem::<P> {
            name: self.name,
            pub_key: ek.as_ref().to_vec(),
            dk: Box::new(dk),
        }))
    }

    fn start_and_complete(&self, client_share: &[u8]) -> Result<CompletedKeyExchange, Error> {
        let (ct, ss) = Self::encapsulate(client_share)?;
        Ok(CompletedKeyExchange {
            group: self.name,
            pub_key: ct,
            secret: SharedSecret::from(&ss.as_bytes()[..]),
        })
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        None
    }

    fn name(&self) -> NamedGroup {
        self.name
    }

    fn usable_for_version(&self, version: ProtocolVersion) -> bool {
        version == ProtocolVersion::TLSv1_3
    }
}

/// Client side of a pure ML-KEM exchange: the decapsulation key, waiting for the
/// server's ciphertext.
struct ActiveMlKem<P: ParameterSet> {
    name: NamedGroup,
    pub_key: Vec<u8>,
    dk: Box<ml_kem::DecapsulationKey<P>>,
}

impl<P: ParameterSet> ActiveMlKem<P> {
    fn decapsulate(&self, server_share: &[u8]) -> Result<ml_kem::SharedSecret, Error> {
        // Only the length can be wrong: every ciphertext of the right length
        // decapsulates (to a pseudorandom secret if it was tampered with).
        let ct =
            ml_kem::Ciphertext::<P>::from_bytes(server_share).map_err(|_| INVALID_KEY_SHARE)?;
        Ok(self.dk.decapsulate(&ct))
    }
}

impl<P: ParameterSet> ActiveKeyExchange for ActiveMlKem<P> {
    fn complete(self: Box<Self>, server_share: &[u8]) -> Result<SharedSecret, Error> {
        let ss = self.decapsulate(server_share)?;
        Ok(SharedSecret::from(&ss.as_bytes()[..]))
    }

    fn pub_key(&self) -> &[u8] {
        &self.pub_key
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        None
    }

    fn group(&self) -> NamedGroup {
        self.name
    }
}

/// The hybrid `X25519MLKEM768` group over a given X25519 implementation.
///
/// [`X25519MLKEM768`] is this type over the ring provider's X25519; use
/// [`X25519MlKem768::new`] to pair ML-KEM-768 with another provider's X25519.
pub struct X25519MlKem768 {
    x25519: &'static dyn SupportedKxGroup,
}

impl X25519MlKem768 {
    /// The hybrid group with `x25519` as its classical half. `x25519` must be an
    /// X25519 group (its [`SupportedKxGroup::name`] is checked when a key exchange
    /// starts).
    pub const fn new(x25519: &'static dyn SupportedKxGroup) -> Self {
        Self { x25519 }
    }

    fn check_classical(&self) -> Result<(), Error> {
        if self.x25519.name() == NamedGroup::X25519 {
            Ok(())
        } else {
            Err(Error::General(format!(
                "X25519MLKEM768 needs an X25519 group as its classical half, got {:?}",
                self.x25519.name()
            )))
        }
    }
}

impl fmt::Debug for X25519MlKem768 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("X25519MlKem768")
            .field("x25519", &self.x25519)
            .finish()
    }
}

/// Splits a hybrid share into its ML-KEM part (`pq_len` bytes, first) and its
/// X25519 part (last 32 bytes); `None` if the total length is not exactly
/// `pq_len + 32`.
fn split_hybrid(share: &[u8], pq_len: usize) -> Option<(&[u8], &[u8])> {
    if share.len() != pq_len + X25519_SHARE_LEN {
        return None;
    }
    Some(share.split_at(pq_len))
}

/// `ML-KEM secret ‖ X25519 secret`.
fn combine(pq: &ml_kem::SharedSecret, classical: &SharedSecret) -> SharedSecret {
    let mut secret = Vec::with_capacity(64);
    secret.extend_from_slice(pq.as_bytes());
    secret.extend_from_slice(classical.secret_bytes());
    SharedSecret::from(secret)
}

impl SupportedKxGroup for X25519MlKem768 {
    fn start(&self) -> Result<Box<dyn ActiveKeyExchange>, Error> {
        self.check_classical()?;
        let (ek, dk) = ml_kem::generate_with_os_rng::<MlKem768>().map_err(os_random_failed)?;
        let x25519 = self.x25519.start()?;
        let mut pub_key = Vec::with_capacity(MlKem768::EK_SIZE + X25519_SHARE_LEN);
        pub_key.extend_from_slice(ek.as_ref());
        pub_key.extend_from_slice(x25519.pub_key());
        Ok(Box::new(ActiveHybrid {
            mlkem: ActiveMlKem::<MlKem768> {
                name: NamedGroup::MLKEM768,
                pub_key: Vec::new(),
                dk: Box::new(dk),
            },
            x25519,
            pub_key,
        }))
    }

    fn start_and_complete(&self, client_share: &[u8]) -> Result<CompletedKeyExchange, Error> {
        self.check_classical()?;
        let (pq_share, x_share) =
            split_hybrid(client_share, MlKem768::EK_SIZE).ok_or(INVALID_KEY_SHARE)?;
        // Both halves are checked before any secret is combined.
        let (ct, pq_secret) = MlKemGroup::<MlKem768>::encapsulate(pq_share)?;
        let x = self.x25519.start_and_complete(x_share)?;
        let mut pub_key = ct;
        pub_key.extend_from_slice(&x.pub_key);
        Ok(CompletedKeyExchange {
            group: NamedGroup::X25519MLKEM768,
            pub_key,
            secret: combine(&pq_secret, &x.secret),
        })
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        None
    }

    fn name(&self) -> NamedGroup {
        NamedGroup::X25519MLKEM768
    }

    fn usable_for_version(&self, version: ProtocolVersion) -> bool {
        version == ProtocolVersion::TLSv1_3
    }
}

/// Client side of the hybrid exchange.
struct ActiveHybrid {
    mlkem: ActiveMlKem<MlKem768>,
    x25519: Box<dyn ActiveKeyExchange>,
    pub_key: Vec<u8>,
}

impl ActiveKeyExchange for ActiveHybrid {
    fn complete(self: Box<Self>, server_share: &[u8]) -> Result<SharedSecret, Error> {
        let (pq_share, x_share) =
            split_hybrid(server_share, MlKem768::CT_SIZE).ok_or(INVALID_KEY_SHARE)?;
        let pq_secret = self.mlkem.decapsulate(pq_share)?;
        let x_secret = self.x25519.complete(x_share)?;
        Ok(combine(&pq_secret, &x_secret))
    }

    /// The X25519 half, so that rustls can also offer X25519 alone with the same key
    /// (when X25519 is among the configured groups) and complete it if the server
    /// picks X25519.
    fn hybrid_component(&self) -> Option<(NamedGroup, &[u8])> {
        Some((self.x25519.group(), self.x25519.pub_key()))
    }

    fn complete_hybrid_component(
        self: Box<Self>,
        server_share: &[u8],
    ) -> Result<SharedSecret, Error> {
        self.x25519.complete(server_share)
    }

    fn pub_key(&self) -> &[u8] {
        &self.pub_key
    }

    fn ffdhe_group(&self) -> Option<FfdheGroup<'static>> {
        None
    }

    fn group(&self) -> NamedGroup {
        NamedGroup::X25519MLKEM768
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expect_invalid<T>(r: Result<T, Error>) {
        match r {
            Err(e) => assert_eq!(e, INVALID_KEY_SHARE),
            Ok(_) => panic!("a malformed share was accepted"),
        }
    }

    #[test]
    fn sizes() {
        let kx = X25519MLKEM768.start().unwrap();
        assert_eq!(kx.pub_key().len(), 1216);
        assert_eq!(kx.group(), NamedGroup::X25519MLKEM768);
        assert_eq!(u16::from(NamedGroup::X25519MLKEM768), 0x11EC);
        assert_eq!(u16::from(NamedGroup::MLKEM768), 0x0201);
        assert_eq!(u16::from(NamedGroup::MLKEM1024), 0x0202);
        let done = X25519MLKEM768.start_and_complete(kx.pub_key()).unwrap();
        assert_eq!(done.pub_key.len(), 1120);
        assert_eq!(done.secret.secret_bytes().len(), 64);
        assert_eq!(MLKEM768.start().unwrap().pub_key().len(), 1184);
        assert_eq!(MLKEM1024.start().unwrap().pub_key().len(), 1568);
    }

    #[test]
    fn round_trips_agree() {
        for g in ALL_KX_GROUPS {
            let client = g.start().unwrap();
            let server = g.start_and_complete(client.pub_key()).unwrap();
            assert_eq!(server.group, g.name());
            let secret = client.complete(&server.pub_key).unwrap();
            assert_eq!(secret.secret_bytes(), server.secret.secret_bytes());
        }
    }

    /// The hybrid secret is ML-KEM secret ‖ X25519 secret: the server's halves are
    /// recomputed from the parts of the shares with the ML-KEM and X25519 groups
    /// alone (the client's private keys are inside the active exchange, so the
    /// client share is made from a known decapsulation key here).
    #[test]
    fn hybrid_layout() {
        let (ek, dk) = ml_kem::generate_from_seed::<MlKem768>(&[3; 64]);
        let x_client = rustls::crypto::ring::kx_group::X25519.start().unwrap();
        let mut share = ek.as_ref().to_vec();
        share.extend_from_slice(x_client.pub_key());
        let server = X25519MLKEM768.start_and_complete(&share).unwrap();
        let (ct, x_server) = server.pub_key.split_at(1088);
        let pq = dk.decapsulate(&ml_kem::Ciphertext::<MlKem768>::from_bytes(ct).unwrap());
        let x = x_client.complete(x_server).unwrap();
        let s = server.secret.secret_bytes();
        assert_eq!(&s[..32], pq.as_bytes());
        assert_eq!(&s[32..], x.secret_bytes());
        assert_ne!(&s[..32], &s[32..]);
    }

    #[test]
    fn hybrid_component_is_x25519() {
        let kx = X25519MLKEM768.start().unwrap();
        let (g, share) = kx.hybrid_component().unwrap();
        assert_eq!(g, NamedGroup::X25519);
        assert_eq!(share, &kx.pub_key()[1184..]);
        // A server that picked X25519 alone completes with the component.
        let server = rustls::crypto::ring::kx_group::X25519
            .start_and_complete(share)
            .unwrap();
        let secret = kx.complete_hybrid_component(&server.pub_key).unwrap();
        assert_eq!(secret.secret_bytes(), server.secret.secret_bytes());
        assert!(MLKEM768.start().unwrap().hybrid_component().is_none());
    }

    #[test]
    fn wrong_lengths_rejected() {
        for g in ALL_KX_GROUPS {
            let good_client = g.start().unwrap().pub_key().len();
            let good_server = g
                .start_and_complete(g.start().unwrap().pub_key())
                .unwrap()
                .pub_key
                .len();
            for len in (0..good_client + 40).filter(|&l| l != good_client) {
                expect_invalid(g.start_and_complete(&vec![0u8; len]));
            }
            for len in (0..good_server + 40).filter(|&l| l != good_server) {
                let client = g.start().unwrap();
                expect_invalid(client.complete(&vec![0u8; len]));
            }
        }
    }

    /// A coefficient of t-hat equal to q = 3329 or above fails FIPS 203 section 7.2.
    #[test]
    fn unreduced_encapsulation_key_rejected() {
        for g in ALL_KX_GROUPS {
            let mut share = g.start().unwrap().pub_key().to_vec();
            // Negative control: the unmodified share is accepted.
            assert!(g.start_and_complete(&share).is_ok());
            // The first coefficient: the low 12 bits of bytes 0..2.
            share[0] = 0x01; // 3329 = 0xD01
            share[1] = (share[1] & 0xF0) | 0x0D;
            expect_invalid(g.start_and_complete(&share));
        }
    }

    #[test]
    fn tls13_only() {
        for g in ALL_KX_GROUPS {
            assert!(g.usable_for_version(ProtocolVersion::TLSv1_3));
            assert!(!g.usable_for_version(ProtocolVersion::TLSv1_2));
            assert!(g.ffdhe_group().is_none());
        }
    }

    #[test]
    fn hybrid_needs_x25519() {
        let bad = X25519MlKem768::new(rustls::crypto::ring::kx_group::SECP256R1);
        assert!(matches!(bad.start(), Err(Error::General(_))));
    }
}
