//! Key hygiene: key pairs that always have their seed, slice-taking seed
//! constructors with errors naming the object, the pairwise consistency test, and
//! `Zeroize` on every secret type.

use pqlattice::ml_dsa::{self, MlDsa44, MlDsa65, MlDsa87};
use pqlattice::ml_kem::{self, MlKem512, MlKem768, MlKem1024};
use pqlattice::{Error, ml_dsa_65, ml_kem_768};
use rand_chacha::ChaCha20Rng;
use rand_chacha::rand_core::SeedableRng;
use zeroize::Zeroize;

fn kem_pair<P: ml_kem::ParameterSet>(name: &'static str) {
    let mut rng = ChaCha20Rng::from_seed([1; 32]);
    let kp = ml_kem::KeyPair::<P>::generate(&mut rng);
    // The seed is there, by type, and regenerates the pair.
    let seed: [u8; 64] = *kp.seed();
    assert_eq!(kp.decapsulation_key().seed(), Some(&seed));
    let (ek, dk) = ml_kem::generate_from_seed::<P>(&seed);
    assert_eq!(&ek, kp.encapsulation_key());
    assert_eq!(&dk, kp.decapsulation_key());
    // Same randomness, same pair as the tuple-returning `generate`.
    let (ek2, _) = ml_kem::generate::<P, _>(&mut ChaCha20Rng::from_seed([1; 32]));
    assert_eq!(&ek2, kp.encapsulation_key());
    // Slices: exact length, or an error naming the seed.
    let from_slice = ml_kem::KeyPair::<P>::from_seed_slice(&seed).unwrap();
    assert_eq!(from_slice.seed(), &seed);
    for len in [0usize, 32, 63, 65] {
        let v = vec![7u8; len];
        let want = Error::InvalidLength {
            what: name,
            expected: 64,
            actual: len,
        };
        assert_eq!(ml_kem::KeyPair::<P>::from_seed_slice(&v).unwrap_err(), want);
        assert_eq!(
            ml_kem::DecapsulationKey::<P>::from_seed_slice(&v).unwrap_err(),
            want
        );
    }
    assert_eq!(
        ml_kem::DecapsulationKey::<P>::from_seed_slice(&seed).unwrap(),
        dk
    );
    // Pairwise consistency.
    assert!(kp.decapsulation_key().pairwise_consistency_test().is_ok());
    let checked = ml_kem::KeyPair::<P>::generate_checked(&mut rng).unwrap();
    assert_ne!(checked.seed(), kp.seed());
    // A decapsulation key whose secret s-hat was altered (hash check still passes).
    let mut bytes = dk.to_bytes();
    bytes.as_mut()[0] ^= 1;
    let broken = ml_kem::DecapsulationKey::<P>::from_bytes(bytes.as_ref()).unwrap();
    assert!(matches!(
        broken.pairwise_consistency_test(),
        Err(Error::PairwiseConsistency { .. })
    ));
    // Zeroize.
    let mut kp2 = ml_kem::KeyPair::<P>::from_seed(&seed);
    kp2.zeroize();
    assert_eq!(kp2.seed(), &[0u8; 64]);
    assert!(
        kp2.decapsulation_key()
            .to_bytes()
            .as_ref()
            .iter()
            .all(|&b| b == 0)
    );
    let dk = kp.into_decapsulation_key();
    assert_eq!(dk.seed(), Some(&seed));
    let (_, mut ss) = ek.encapsulate(&mut rng);
    assert_ne!(ss.as_bytes(), &[0u8; 32]);
    ss.zeroize();
    assert_eq!(ss.as_bytes(), &[0u8; 32]);
}

#[test]
fn kem_key_pairs_and_seeds() {
    kem_pair::<MlKem512>("ML-KEM-512 seed");
    kem_pair::<MlKem768>("ML-KEM-768 seed");
    kem_pair::<MlKem1024>("ML-KEM-1024 seed");
}

fn dsa_pair<P: ml_dsa::ParameterSet>() {
    let mut rng = ChaCha20Rng::from_seed([2; 32]);
    let kp = ml_dsa::KeyPair::<P>::generate(&mut rng);
    let seed: [u8; 32] = *kp.seed();
    assert_eq!(kp.signing_key().seed(), Some(&seed));
    let sk = ml_dsa::SigningKey::<P>::from_seed(&seed);
    assert_eq!(&sk, kp.signing_key());
    assert_eq!(&sk.verifying_key(), kp.verifying_key());
    assert_eq!(
        ml_dsa::KeyPair::<P>::from_seed_slice(&seed).unwrap().seed(),
        &seed
    );
    for len in [0usize, 31, 33, 64] {
        let v = vec![7u8; len];
        let want = Error::InvalidLength {
            what: P::NAME_SEED,
            expected: 32,
            actual: len,
        };
        assert_eq!(ml_dsa::KeyPair::<P>::from_seed_slice(&v).unwrap_err(), want);
        assert_eq!(
            ml_dsa::SigningKey::<P>::from_seed_slice(&v).unwrap_err(),
            want
        );
    }
    assert!(P::NAME_SEED.ends_with(" seed") && P::NAME_SK.ends_with(" signing key"));
    // Pairwise consistency.
    assert!(sk.pairwise_consistency_test().is_ok());
    ml_dsa::KeyPair::<P>::generate_checked(&mut rng).unwrap();
    // Zeroize: the signing key's secrets and seed are gone, and it no longer
    // produces valid signatures.
    let vk = sk.verifying_key();
    let mut sk2 = sk.clone();
    sk2.zeroize();
    assert_eq!(sk2.seed(), None);
    assert!(sk2.to_bytes().as_ref().iter().all(|&b| b == 0));
    assert!(matches!(
        sk2.pairwise_consistency_test(),
        Err(Error::PairwiseConsistency { .. })
    ));
    assert!(
        vk.verify(b"m", b"", &sk.sign_deterministic(b"m", b"").unwrap())
            .is_ok()
    );
    let mut kp2 = ml_dsa::KeyPair::<P>::from_seed(&seed);
    kp2.zeroize();
    assert_eq!(kp2.seed(), &[0u8; 32]);
    assert!(
        kp2.signing_key()
            .to_bytes()
            .as_ref()
            .iter()
            .all(|&b| b == 0)
    );
    let (vk3, sk3) = kp.into_parts();
    assert_eq!(vk3, vk);
    assert_eq!(sk3, sk);
}

#[test]
fn dsa_key_pairs_and_seeds() {
    dsa_pair::<MlDsa44>();
    dsa_pair::<MlDsa65>();
    dsa_pair::<MlDsa87>();
}

#[test]
fn length_errors_name_the_object() {
    let msg = ml_dsa_65::Signature::from_bytes(&[0; 3000])
        .unwrap_err()
        .to_string();
    assert_eq!(msg, "ML-DSA-65 signature: expected 3309 bytes, got 3000");
    let msg = ml_dsa_65::SigningKey::from_bytes(&[0; 3])
        .unwrap_err()
        .to_string();
    assert_eq!(msg, "ML-DSA-65 signing key: expected 4032 bytes, got 3");
    let msg = ml_dsa_65::VerifyingKey::from_bytes(&[0; 3])
        .unwrap_err()
        .to_string();
    assert_eq!(msg, "ML-DSA-65 verifying key: expected 1952 bytes, got 3");
    let msg = ml_kem_768::KeyPair::from_seed_slice(&[0; 3])
        .unwrap_err()
        .to_string();
    assert_eq!(msg, "ML-KEM-768 seed: expected 64 bytes, got 3");
    let msg = ml_dsa_65::KeyPair::from_seed_slice(&[0; 3])
        .unwrap_err()
        .to_string();
    assert_eq!(msg, "ML-DSA-65 seed: expected 32 bytes, got 3");
}
