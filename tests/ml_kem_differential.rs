//! Differential property tests against RustCrypto's `ml-kem` (an independent
//! implementation, dev-dependency only): identical keys, ciphertexts and shared
//! secrets from identical seeds; cross decapsulation both ways; identical
//! implicit-rejection secrets for random and corrupted ciphertexts.
#![cfg(feature = "hazmat")]
#![allow(deprecated)] // RustCrypto's expanded-key export is deprecated but is what we compare

mod common;
use ml_kem::array::Array;
use ml_kem::{Decapsulate, ExpandedKeyEncoding, KeyExport};
use proptest::prelude::*;

macro_rules! differential {
    ($modname:ident, $ours:ident, $theirs:ident) => {
        mod $modname {
            use super::*;
            use pqlattice::$ours as ours;
            type TheirDk = ml_kem::DecapsulationKey<ml_kem::$theirs>;
            type TheirEk = ml_kem::EncapsulationKey<ml_kem::$theirs>;
            type TheirCt = ml_kem::Ciphertext<ml_kem::$theirs>;

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(48))]

                #[test]
                fn same_seed_same_everything(
                    seed in prop::array::uniform32(any::<u8>()),
                    seed2 in prop::array::uniform32(any::<u8>()),
                    m in prop::array::uniform32(any::<u8>()),
                ) {
                    let mut s = [0u8; 64];
                    s[..32].copy_from_slice(&seed);
                    s[32..].copy_from_slice(&seed2);
                    let (ek, dk) = ours::generate_from_seed(&s);
                    let their_dk = TheirDk::from_seed(Array::from(s));
                    let their_ek = their_dk.encapsulation_key().clone();
                    prop_assert_eq!(&ek.as_bytes()[..], &their_ek.to_bytes()[..]);
                    prop_assert_eq!(&dk.to_bytes()[..], &their_dk.to_expanded_bytes()[..]);

                    // Deterministic encapsulation agrees byte for byte.
                    let (ct, k) = ek.encapsulate_deterministic(&m);
                    let (their_ct, their_k) = their_ek.encapsulate_deterministic(&Array::from(m));
                    prop_assert_eq!(&ct.as_bytes()[..], &their_ct[..]);
                    prop_assert_eq!(&k.as_bytes()[..], &their_k[..]);

                    // Ours decapsulates in theirs and theirs in ours.
                    let ct_theirs = TheirCt::try_from(&ct.as_bytes()[..]).unwrap();
                    prop_assert_eq!(&their_dk.decapsulate(&ct_theirs)[..], &k.as_bytes()[..]);
                    let their_ek2 = TheirEk::new(&Array::try_from(&ek.as_bytes()[..]).unwrap()).unwrap();
                    let (tct, tk) = their_ek2.encapsulate_deterministic(&Array::from(seed2));
                    let tct_ours = ours::Ciphertext::from_bytes(&tct[..]).unwrap();
                    let ok = dk.decapsulate(&tct_ours);
                    prop_assert_eq!(&ok.as_bytes()[..], &tk[..]);
                }

                #[test]
                fn random_ciphertexts_reject_identically(
                    seed in prop::collection::vec(any::<u8>(), 64),
                    ct_bytes in prop::collection::vec(any::<u8>(), ours::CIPHERTEXT_SIZE),
                ) {
                    let s: [u8; 64] = seed.try_into().unwrap();
                    let (_, dk) = ours::generate_from_seed(&s);
                    let their_dk = TheirDk::from_seed(Array::from(s));
                    let ct = ours::Ciphertext::from_bytes(&ct_bytes).unwrap();
                    let tct = TheirCt::try_from(&ct_bytes[..]).unwrap();
                    let ok = dk.decapsulate(&ct);
                    prop_assert_eq!(&ok.as_bytes()[..], &their_dk.decapsulate(&tct)[..]);
                }

                #[test]
                fn corrupted_ciphertexts_reject_identically(
                    seed in prop::array::uniform32(any::<u8>()),
                    m in prop::array::uniform32(any::<u8>()),
                    pos in 0..ours::CIPHERTEXT_SIZE,
                    bit in 0u8..8,
                ) {
                    let mut s = [7u8; 64];
                    s[..32].copy_from_slice(&seed);
                    let (ek, dk) = ours::generate_from_seed(&s);
                    let their_dk = TheirDk::from_seed(Array::from(s));
                    let (ct, k) = ek.encapsulate_deterministic(&m);
                    let mut bad = ct.as_bytes().to_vec();
                    bad[pos] ^= 1 << bit;
                    let ours_k = dk.decapsulate(&ours::Ciphertext::from_bytes(&bad).unwrap());
                    let their_k = their_dk.decapsulate(&TheirCt::try_from(&bad[..]).unwrap());
                    prop_assert_eq!(&ours_k.as_bytes()[..], &their_k[..]);
                    prop_assert_ne!(ours_k, k);
                }
            }
        }
    };
}

differential!(ml_kem_512, ml_kem_512, MlKem512);
differential!(ml_kem_768, ml_kem_768, MlKem768);
differential!(ml_kem_1024, ml_kem_1024, MlKem1024);

/// The backend this run tests is the one `PQLATTICE_BACKEND` asked for.
#[test]
fn requested_backend_is_active() {
    common::check_requested_backend();
}
