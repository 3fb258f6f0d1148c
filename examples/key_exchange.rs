//! Two parties agree on a key with ML-KEM, with no authority in between.
//!
//! `cargo run --release --example key_exchange`
//!
//! Alice publishes an encapsulation key; Bob encapsulates a fresh secret to it and
//! sends back the ciphertext; Alice decapsulates. Both end with the same 32 bytes.
//! Runs all three parameter sets and shows sizes and timings, then shows that a
//! tampered ciphertext yields an unrelated key (implicit rejection), not an error.

use pqlattice::{ml_kem_512, ml_kem_768, ml_kem_1024};
use std::time::Instant;

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

macro_rules! exchange {
    ($m:ident) => {{
        let name = stringify!($m).replace("ml_kem_", "ML-KEM-");
        println!("== {name} ==");
        let t = Instant::now();
        let (ek, dk) = $m::generate_with_os_rng()?;
        let t_keygen = t.elapsed();
        // Alice -> Bob: the encapsulation key, as bytes on the wire.
        let wire_ek = ek.as_bytes().to_vec();

        let t = Instant::now();
        let bob_ek = $m::EncapsulationKey::from_bytes(&wire_ek)?;
        let (ct, bob_key) = bob_ek.encapsulate_with_os_rng()?;
        let t_encaps = t.elapsed();
        // Bob -> Alice: the ciphertext.
        let wire_ct = ct.as_bytes().to_vec();

        let t = Instant::now();
        let alice_key = dk.decapsulate(&$m::Ciphertext::from_bytes(&wire_ct)?);
        let t_decaps = t.elapsed();

        println!(
            "  encapsulation key {} B, decapsulation key {} B (seed {} B), ciphertext {} B",
            $m::ENCAPSULATION_KEY_SIZE,
            $m::DECAPSULATION_KEY_SIZE,
            $m::SEED_SIZE,
            $m::CIPHERTEXT_SIZE
        );
        println!(
            "  keygen {:?}, parse+encapsulate {:?}, decapsulate {:?} (single cold runs)",
            t_keygen, t_encaps, t_decaps
        );
        println!("  Alice's key: {}", hex(alice_key.as_bytes()));
        println!("  Bob's key:   {}", hex(bob_key.as_bytes()));
        assert_eq!(alice_key, bob_key, "keys differ");
        println!("  keys match");

        // A tampered ciphertext: decapsulation still "succeeds", with an unrelated key.
        let mut tampered = wire_ct.clone();
        tampered[0] ^= 1;
        let rejected = dk.decapsulate(&$m::Ciphertext::from_bytes(&tampered)?);
        assert_ne!(rejected, bob_key);
        println!(
            "  tampered ciphertext -> unrelated key {}..",
            &hex(rejected.as_bytes())[..16]
        );

        // Bad input is an error, not a panic.
        let err = $m::EncapsulationKey::from_bytes(&wire_ek[..100]).unwrap_err();
        println!("  truncated key rejected: {err}");
    }};
}

fn main() -> Result<(), pqlattice::Error> {
    exchange!(ml_kem_512);
    exchange!(ml_kem_768);
    exchange!(ml_kem_1024);
    Ok(())
}
