//! API behaviour not covered by the vector files: hedged signing, OS-randomness
//! conveniences, the PreHash table, key equality and Debug output, external mu.

mod common;
use pqlattice::ml_dsa::PreHash;

use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;

macro_rules! api_tests {
    ($m:ident) => {
        mod $m {
            use super::*;
            use pqlattice::$m as p;

            #[test]
            fn sizes() {
                let (vk, sk) = p::generate_from_seed(&[9; p::SEED_SIZE]);
                assert_eq!(vk.as_bytes().len(), p::VERIFYING_KEY_SIZE);
                assert_eq!(sk.to_bytes().len(), p::SIGNING_KEY_SIZE);
                let sig = sk.sign_deterministic(b"", b"").unwrap();
                assert_eq!(sig.as_bytes().len(), p::SIGNATURE_SIZE);
                assert_eq!(p::SEED_SIZE, 32);
            }

            #[test]
            fn hedged_signatures_differ_and_verify() {
                let mut rng = ChaCha20Rng::from_seed([3; 32]);
                let (vk, sk) = p::generate(&mut rng);
                assert!(sk.seed().is_some());
                let a = sk.sign(b"msg", b"ctx", &mut rng).unwrap();
                let b = sk.sign(b"msg", b"ctx", &mut rng).unwrap();
                assert_ne!(a, b);
                vk.verify(b"msg", b"ctx", &a).unwrap();
                vk.verify(b"msg", b"ctx", &b).unwrap();
                // Deterministic signing is deterministic.
                assert_eq!(
                    sk.sign_deterministic(b"msg", b"ctx").unwrap(),
                    sk.sign_deterministic(b"msg", b"ctx").unwrap()
                );
                // Wrong context, wrong message, wrong key: rejected.
                assert!(vk.verify(b"msg", b"ctx2", &a).is_err());
                assert!(vk.verify(b"msg2", b"ctx", &a).is_err());
                let (vk2, _) = p::generate(&mut rng);
                assert!(vk2.verify(b"msg", b"ctx", &a).is_err());
                // Pure and pre-hash signatures are domain separated.
                let d = [7u8; 32];
                let ph = sk
                    .sign_prehash(PreHash::Sha2_256, &d, b"ctx", &mut rng)
                    .unwrap();
                vk.verify_prehash(PreHash::Sha2_256, &d, b"ctx", &ph)
                    .unwrap();
                assert!(vk.verify(&d, b"ctx", &ph).is_err());
                assert!(
                    vk.verify_prehash(PreHash::Sha3_256, &d, b"ctx", &ph)
                        .is_err()
                );
            }

            #[cfg(feature = "std")]
            #[test]
            fn os_rng_conveniences() {
                let (vk, sk) = p::generate_with_os_rng().unwrap();
                let sig = sk.sign_with_os_rng(b"m", b"").unwrap();
                vk.verify(b"m", b"", &sig).unwrap();
                let (vk2, _) = p::generate_with_os_rng().unwrap();
                assert_ne!(vk, vk2);
            }

            #[test]
            fn external_mu() {
                let mut rng = ChaCha20Rng::from_seed([4; 32]);
                let (vk, sk) = p::generate_from_seed(&[5; 32]);
                let mu = vk.compute_mu(b"message", b"ctx").unwrap();
                let sig = sk.sign_mu(&mu, &mut rng);
                vk.verify_mu(&mu, &sig).unwrap();
                // A signature on mu is an ordinary ML-DSA signature of the message.
                vk.verify(b"message", b"ctx", &sig).unwrap();
                let det = sk.sign_deterministic(b"message", b"ctx").unwrap();
                vk.verify_mu(&mu, &det).unwrap();
                let mut other = mu;
                other[0] ^= 1;
                assert!(vk.verify_mu(&other, &sig).is_err());
            }

            #[test]
            fn key_equality_debug_and_round_trips() {
                let (vk, sk) = p::generate_from_seed(&[6; 32]);
                let bytes = sk.to_bytes();
                let parsed = p::SigningKey::from_bytes(bytes.as_ref()).unwrap();
                assert!(parsed == sk);
                assert_eq!(parsed.seed(), None);
                assert_eq!(parsed.verifying_key(), vk);
                let (_, other) = p::generate_from_seed(&[7; 32]);
                assert!(other != sk);
                assert_eq!(p::VerifyingKey::from_bytes(vk.as_bytes()).unwrap(), vk);
                // Debug shows no key material: no 8-byte window of the encoding, in
                // decimal-array or hex form.
                let dbg = format!("{sk:?}");
                assert!(dbg.len() < 100, "{dbg}");
                let hex: String = bytes.as_ref()[32..40]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                assert!(!dbg.contains(&hex));
                // Parsed and generated keys sign identically.
                assert_eq!(
                    parsed.sign_deterministic(b"x", b"").unwrap(),
                    sk.sign_deterministic(b"x", b"").unwrap()
                );
            }
        }
    };
}

api_tests!(ml_dsa_44);
api_tests!(ml_dsa_65);
api_tests!(ml_dsa_87);

#[test]
fn prehash_table() {
    // FIPS 204 section 5.4 / NIST OIDs 2.16.840.1.101.3.4.2.x and digest lengths.
    let expected = [
        (PreHash::Sha2_224, 0x04, 28, "SHA2-224"),
        (PreHash::Sha2_256, 0x01, 32, "SHA2-256"),
        (PreHash::Sha2_384, 0x02, 48, "SHA2-384"),
        (PreHash::Sha2_512, 0x03, 64, "SHA2-512"),
        (PreHash::Sha2_512_224, 0x05, 28, "SHA2-512/224"),
        (PreHash::Sha2_512_256, 0x06, 32, "SHA2-512/256"),
        (PreHash::Sha3_224, 0x07, 28, "SHA3-224"),
        (PreHash::Sha3_256, 0x08, 32, "SHA3-256"),
        (PreHash::Sha3_384, 0x09, 48, "SHA3-384"),
        (PreHash::Sha3_512, 0x0a, 64, "SHA3-512"),
        (PreHash::Shake128, 0x0b, 32, "SHAKE-128"),
        (PreHash::Shake256, 0x0c, 64, "SHAKE-256"),
    ];
    assert_eq!(PreHash::ALL.len(), 12);
    for (h, suffix, len, name) in expected {
        assert!(PreHash::ALL.contains(&h));
        assert_eq!(
            h.oid(),
            [
                0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, suffix
            ]
        );
        assert_eq!(h.digest_len(), len);
        assert_eq!(h.name(), name);
        assert_eq!(PreHash::from_name(name), Some(h));
    }
    assert_eq!(PreHash::from_name("SHA-1"), None);
    let _ = (
        pqlattice::ml_dsa_44::SEED_SIZE,
        pqlattice::ml_dsa_65::SEED_SIZE,
        pqlattice::ml_dsa_87::SEED_SIZE,
    );
}

/// The backend this run tests is the one `PQLATTICE_BACKEND` asked for.
#[test]
fn requested_backend_is_active() {
    common::check_requested_backend();
}
