//! Differential property tests against the RustCrypto `ml-dsa` crate: identical keys
//! from identical seeds, identical deterministic and (same-rnd) hedged signatures,
//! cross-verification both ways, and random signature corruptions rejected by both.
#![cfg(feature = "hazmat")]
#![allow(deprecated)] // RustCrypto's expanded-key accessors

mod common;
use ml_dsa::Keypair;
use pqlattice::ml_dsa::{self as ours, ParameterSet};
use proptest::prelude::*;

macro_rules! differential {
    ($modname:ident, $Ours:ty, $Theirs:ty) => {
        mod $modname {
            use super::*;
            type P = $Ours;
            type T = $Theirs;

            fn theirs_sig(bytes: &[u8]) -> Option<ml_dsa::Signature<T>> {
                let enc = ml_dsa::EncodedSignature::<T>::try_from(bytes).ok()?;
                ml_dsa::Signature::<T>::decode(&enc)
            }

            proptest! {
                #![proptest_config(ProptestConfig::with_cases(32))]

                #[test]
                fn keys_and_signatures_agree(
                    seed in any::<[u8; 32]>(),
                    msg in proptest::collection::vec(any::<u8>(), 0..300),
                    ctx in proptest::collection::vec(any::<u8>(), 0..=255),
                    rnd in any::<[u8; 32]>(),
                    flip in any::<(usize, u8)>(),
                ) {
                    let sk = ours::SigningKey::<P>::from_seed(&seed);
                    let vk = sk.verifying_key();
                    let their_kp = ml_dsa::SigningKey::<T>::from_seed(&seed.into());
                    let their_sk = their_kp.expanded_key();
                    let their_vk = their_kp.verifying_key();

                    // Identical keys.
                    prop_assert_eq!(vk.as_bytes().to_vec(), their_vk.encode().to_vec());
                    prop_assert_eq!(sk.to_bytes().to_vec(), their_sk.to_expanded().to_vec());

                    // Identical deterministic signatures.
                    let sig = sk.sign_deterministic(&msg, &ctx).unwrap();
                    let their_sig = their_sk.sign_deterministic(&msg, &ctx).unwrap();
                    prop_assert_eq!(sig.as_bytes().to_vec(), their_sig.encode().to_vec());

                    // Identical hedged signatures for the same rnd (Algorithm 7 on M').
                    let hedged = sk.sign_with_randomness(&msg, &ctx, &rnd).unwrap();
                    let prefix = [0u8, ctx.len() as u8];
                    let their_hedged = their_sk.sign_internal(&[&prefix, &ctx, &msg], &rnd.into());
                    prop_assert_eq!(hedged.as_bytes().to_vec(), their_hedged.encode().to_vec());

                    // Cross-verification both ways, on a hedged signature from each.
                    let their_random = their_sk.sign_internal(&[&prefix, &ctx, &msg], &[7u8; 32].into());
                    let their_random_ours = ours::Signature::<P>::from_bytes(&their_random.encode()).unwrap();
                    prop_assert!(vk.verify(&msg, &ctx, &their_random_ours).is_ok());
                    prop_assert!(their_vk.verify_with_context(&msg, &ctx, &theirs_sig(hedged.as_bytes()).unwrap()));

                    // A flipped bit anywhere in the signature: both reject.
                    let mut bad = *sig.as_bytes();
                    let pos = flip.0 % <P as ParameterSet>::SIGNATURE_SIZE;
                    bad[pos] ^= 1 << (flip.1 % 8);
                    let ours_ok = vk.verify(&msg, &ctx, &ours::Signature::<P>::from_bytes(&bad).unwrap()).is_ok();
                    let theirs_ok = theirs_sig(&bad).is_some_and(|s| their_vk.verify_with_context(&msg, &ctx, &s));
                    prop_assert!(!ours_ok, "ours accepted a corrupted signature (byte {})", pos);
                    prop_assert!(!theirs_ok, "theirs accepted a corrupted signature (byte {})", pos);

                    // A modified message: both reject.
                    let mut msg2 = msg.clone();
                    msg2.push(flip.1);
                    prop_assert!(vk.verify(&msg2, &ctx, &sig).is_err());
                    prop_assert!(!their_vk.verify_with_context(&msg2, &ctx, &their_sig));
                }
            }
        }
    };
}

differential!(ml_dsa_44, ours::MlDsa44, ml_dsa::MlDsa44);
differential!(ml_dsa_65, ours::MlDsa65, ml_dsa::MlDsa65);
differential!(ml_dsa_87, ours::MlDsa87, ml_dsa::MlDsa87);

/// The backend this run tests is the one `PQLATTICE_BACKEND` asked for.
#[test]
fn requested_backend_is_active() {
    common::check_requested_backend();
}
