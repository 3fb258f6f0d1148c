//! X-Wing constant-time checks: key generation from a secret seed, encapsulation with
//! secret randomness (derandomized and from a generator), decapsulation (valid,
//! implicit-rejection and low-order X25519 paths). The X25519 arithmetic is
//! x25519-dalek / curve25519-dalek's: a report inside it is reported, not hidden.
//!
//! Secret: the 32-byte seed, eseed, rng output. Public by design, declassified: the
//! encapsulation key and ciphertexts. Shared secrets are declassified only just
//! before the test compares them.

use crate::ml_kem::SecretRng;
use pqlattice::ctgrind::{declassify, secret};
use pqlattice::xwing;

fn pattern<const N: usize>(tag: u8) -> [u8; N] {
    core::array::from_fn(|i| (i as u8).wrapping_mul(57).wrapping_add(tag))
}

fn public<const N: usize>(v: &[u8; N]) -> [u8; N] {
    let mut c = *v;
    declassify(&mut c);
    c
}

/// Runs the X-Wing checks.
pub fn run() {
    // Key generation (SHAKE256 expansion, ML-KEM-768 KeyGen_internal, X25519 base
    // point multiplication) from a secret seed.
    let mut seed: [u8; 32] = pattern(0x31);
    secret(&mut seed);
    let dk = xwing::DecapsulationKey::from_seed(&seed);

    // The encapsulation key is public: declassify and re-parse it.
    let mut ek_bytes = dk.encapsulation_key().to_bytes();
    declassify(&mut ek_bytes);
    let ek = xwing::EncapsulationKey::from_bytes(&ek_bytes).expect("ek from_bytes");

    // Derandomized encapsulation with a secret eseed.
    let mut eseed: [u8; 64] = pattern(0x42);
    secret(&mut eseed);
    let (ct, ss_enc) = ek.encapsulate_derand(&eseed);
    let mut ct_bytes = ct.to_bytes();
    declassify(&mut ct_bytes);
    let ct = xwing::Ciphertext::from_bytes(&ct_bytes).expect("ct from_bytes");

    // Decapsulation of the valid ciphertext.
    let ss_dec = dk.decapsulate(&ct);
    assert_eq!(
        public(ss_enc.as_bytes()),
        public(ss_dec.as_bytes()),
        "xwing: shared secrets differ"
    );

    // ML-KEM implicit rejection path (corrupted ct_M).
    let mut bad = ct_bytes;
    bad[5] ^= 0x20;
    let ss_rej = dk.decapsulate(&xwing::Ciphertext::from_bytes(&bad).expect("ct"));
    assert_ne!(
        public(ss_rej.as_bytes()),
        public(ss_dec.as_bytes()),
        "xwing: rejection secret equals real one"
    );

    // A low-order X25519 point (u = 0): the all-zero X25519 output is not rejected.
    let mut low = ct_bytes;
    low[1088..].fill(0);
    let ss_low = dk.decapsulate(&xwing::Ciphertext::from_bytes(&low).expect("ct"));
    assert_ne!(
        public(ss_low.as_bytes()),
        public(ss_dec.as_bytes()),
        "xwing: low-order secret equals real one"
    );

    // Randomized entry points with a generator whose output is secret.
    let mut rng = SecretRng(0xc0ffee);
    let dk2 = xwing::DecapsulationKey::generate(&mut rng);
    let mut ek2_bytes = dk2.encapsulation_key().to_bytes();
    declassify(&mut ek2_bytes);
    let ek2 = xwing::EncapsulationKey::from_bytes(&ek2_bytes).expect("ek from_bytes");
    let (ct2, ss_enc2) = ek2.encapsulate(&mut rng);
    let mut ct2_bytes = ct2.to_bytes();
    declassify(&mut ct2_bytes);
    let ct2 = xwing::Ciphertext::from_bytes(&ct2_bytes).expect("ct from_bytes");
    let ss_dec2 = dk2.decapsulate(&ct2);
    assert_eq!(
        public(ss_enc2.as_bytes()),
        public(ss_dec2.as_bytes()),
        "xwing: randomized round trip failed"
    );

    println!("ctgrind: xwing ok");
}
