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
        // The sk field parses to the same key (also in place on the heap).
        let dk2 = DecapsulationKey::from_bytes(&sk).unwrap();
        assert!(dk2 == dk);
        assert!(*DecapsulationKey::boxed_from_bytes(&sk).unwrap() == dk);
        assert!(*DecapsulationKey::boxed_from_seed(&seed) == dk);

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

fn seed(tag: u8) -> [u8; 32] {
    core::array::from_fn(|i| (i as u8).wrapping_mul(37).wrapping_add(tag))
}

fn eseed(tag: u8) -> [u8; 64] {
    core::array::from_fn(|i| (i as u8).wrapping_mul(91).wrapping_add(tag))
}

/// SHA3-256(ss_M || ss_X || ct_X || pk_X || "\./" "/^\"), with RustCrypto's sha3.
fn combiner_ref(ss_m: &[u8], ss_x: &[u8], ct_x: &[u8], pk_x: &[u8]) -> [u8; 32] {
    use sha3::Digest;
    let mut h = sha3::Sha3_256::new();
    for p in [
        ss_m,
        ss_x,
        ct_x,
        pk_x,
        b"\\./".as_slice(),
        b"/^\\".as_slice(),
    ] {
        h.update(p);
    }
    h.finalize().into()
}

/// expandDecapsulationKey's first step with RustCrypto's SHAKE256: 96 bytes.
fn expand_ref(seed: &[u8; 32]) -> [u8; 96] {
    use shake::{ExtendableOutput, Update, XofReader};
    let mut x = shake::Shake256::default();
    x.update(seed);
    let mut out = [0u8; 96];
    x.finalize_xof().read(&mut out);
    out
}

/// The ML-KEM part of the key comes from SHAKE256(seed)[0..64] (checked with an
/// independent SHAKE256), and the ML-KEM part of encapsulation is FIPS 203
/// Encaps_internal with m = eseed[0..32]. (`encapsulate_deterministic` needs hazmat.)
#[cfg(feature = "hazmat")]
#[test]
fn structure_against_independent_hashes() {
    for tag in 0..4 {
        let s = seed(tag);
        let dk = DecapsulationKey::from_seed(&s);
        let expanded = expand_ref(&s);
        let (ek_m, dk_m) = pqlattice::ml_kem_768::generate_from_seed(&arr(&expanded[..64]));
        let pk = dk.encapsulation_key().as_bytes();
        assert_eq!(&pk[..1184], &ek_m.as_bytes()[..]);

        let (ct, ss) = dk.encapsulation_key().encapsulate_derand(&eseed(tag));
        let ct_b = ct.as_bytes();
        // ML-KEM part: Encaps_internal with m = eseed[0..32].
        let ct_m = pqlattice::ml_kem_768::Ciphertext::from_bytes(&ct_b[..1088]).unwrap();
        let ss_m = dk_m.decapsulate(&ct_m);
        let (ct_m2, ss_m2) = ek_m.encapsulate_deterministic(&arr(&eseed(tag)[..32]));
        assert_eq!(ct_m2, ct_m);
        assert_eq!(ss_m2, ss_m);
        // The combiner itself is checked against an independent SHA3-256 in
        // `low_order_ciphertext_point_is_not_rejected` (where ss_X is known to be 0)
        // and against RustCrypto's x-wing in `oracle`. Here: ss_X is not 0.
        let zero_x = combiner_ref(ss_m.as_bytes(), &[0; 32], &ct_b[1088..], &pk[1184..]);
        assert_ne!(ss.as_bytes(), &zero_x);
    }
}

/// A low-order X25519 point in the ciphertext (u = 0, u = 1, and u = p, a
/// non-canonical encoding of 0) gives an all-zero X25519 output; as the draft
/// specifies, decapsulation does not fail and returns
/// SHA3-256(ss_M || 0^32 || ct_X || pk_X || label).
#[test]
fn low_order_ciphertext_point_is_not_rejected() {
    let s = seed(9);
    let dk = DecapsulationKey::from_seed(&s);
    let (ct, ss) = dk.encapsulation_key().encapsulate_derand(&eseed(9));
    let expanded = expand_ref(&s);
    let (_, dk_m) = pqlattice::ml_kem_768::generate_from_seed(&arr(&expanded[..64]));
    let pk = dk.encapsulation_key().as_bytes();
    let mut p = [0xffu8; 32];
    p[0] = 0xed;
    p[31] = 0x7f;
    let mut one = [0u8; 32];
    one[0] = 1;
    for u in [[0u8; 32], one, p] {
        let mut bytes = ct.to_bytes();
        bytes[1088..].copy_from_slice(&u);
        let bad = Ciphertext::from_bytes(&bytes).unwrap();
        let got = dk.decapsulate(&bad);
        let ct_m = pqlattice::ml_kem_768::Ciphertext::from_bytes(&bytes[..1088]).unwrap();
        let ss_m = dk_m.decapsulate(&ct_m);
        let want = combiner_ref(ss_m.as_bytes(), &[0; 32], &u, &pk[1184..]);
        assert_eq!(got.as_bytes(), &want, "u = {}", hex::encode(u));
        assert_ne!(got, ss);
    }
}

/// An encapsulation key whose X25519 part is a low-order point is accepted (the draft
/// checks only the ML-KEM part); the shared secret then rests on ML-KEM, and both
/// sides still agree.
#[test]
fn low_order_public_point_is_accepted() {
    let dk = DecapsulationKey::from_seed(&seed(3));
    let mut pk = dk.encapsulation_key().to_bytes();
    pk[1184..].fill(0);
    let ek = EncapsulationKey::from_bytes(&pk).unwrap();
    let (ct, ss) = ek.encapsulate_derand(&eseed(3));
    let (_, ss_honest) = dk.encapsulation_key().encapsulate_derand(&eseed(3));
    assert_ne!(ss, ss_honest);
    // The X25519 part of the ciphertext is still the ephemeral public key.
    let (ct_honest, _) = dk.encapsulation_key().encapsulate_derand(&eseed(3));
    assert_eq!(ct.as_bytes()[1088..], ct_honest.as_bytes()[1088..]);
}

#[test]
fn wrong_lengths_give_typed_errors() {
    let buf: Vec<u8> = (0..1400).map(|i| i as u8).collect();
    for len in 0..=buf.len() {
        let b = &buf[..len];
        if len != ENCAPSULATION_KEY_SIZE {
            let e = EncapsulationKey::from_bytes(b).unwrap_err();
            assert!(
                matches!(e, Error::InvalidLength { what, expected: 1216, actual } if actual == len && what == "X-Wing encapsulation key"),
                "{e:?}"
            );
        }
        if len != CIPHERTEXT_SIZE {
            let e = Ciphertext::from_bytes(b).unwrap_err();
            assert!(
                matches!(e, Error::InvalidLength { what, expected: 1120, actual } if actual == len && what == "X-Wing ciphertext"),
                "{e:?}"
            );
        }
        if len != SEED_SIZE {
            let e = DecapsulationKey::from_bytes(b).unwrap_err();
            assert!(
                matches!(e, Error::InvalidLength { what, expected: 32, actual } if actual == len && what.starts_with("X-Wing decapsulation key")),
                "{e:?}"
            );
            // The boxed parser gives the same error.
            assert_eq!(DecapsulationKey::boxed_from_bytes(b).err(), Some(e));
        }
    }
    // The right lengths parse (the buffer's prefix of 1216 bytes is not a valid key:
    // use a real one).
    let dk = DecapsulationKey::from_seed(&seed(1));
    let ek = EncapsulationKey::from_bytes(dk.encapsulation_key().as_bytes()).unwrap();
    assert_eq!(&ek, dk.encapsulation_key());
    assert!(Ciphertext::from_bytes(&buf[..CIPHERTEXT_SIZE]).is_ok());
    assert!(DecapsulationKey::from_bytes(&buf[..SEED_SIZE]).is_ok());
    // Messages name the object and both lengths.
    let msg = EncapsulationKey::from_bytes(&buf[..5])
        .unwrap_err()
        .to_string();
    assert_eq!(msg, "X-Wing encapsulation key: expected 1216 bytes, got 5");
    let msg = Ciphertext::from_bytes(&buf[..1121])
        .unwrap_err()
        .to_string();
    assert_eq!(msg, "X-Wing ciphertext: expected 1120 bytes, got 1121");
    let msg = DecapsulationKey::from_bytes(&buf[..31])
        .unwrap_err()
        .to_string();
    assert!(msg.contains("X-Wing decapsulation key") && msg.contains("expected 32 bytes, got 31"));
}

/// Sets 12-bit coefficient `i` of the ML-KEM t-hat encoding in `pk` to `v`.
fn set_coeff(pk: &mut [u8], i: usize, v: u16) {
    let o = 3 * (i / 2);
    if i.is_multiple_of(2) {
        pk[o] = v as u8;
        pk[o + 1] = (pk[o + 1] & 0xf0) | (v >> 8) as u8;
    } else {
        pk[o + 1] = (pk[o + 1] & 0x0f) | ((v & 0x0f) << 4) as u8;
        pk[o + 2] = (v >> 4) as u8;
    }
}

/// FIPS 203 section 7.2 on the ML-KEM part: a coefficient >= q = 3329 anywhere in
/// t-hat is rejected with `EncapsulationKeyCheck`; q - 1 is accepted (the check is not
/// vacuous in either direction). The X25519 part and rho are not checked.
#[test]
fn ml_kem_part_modulus_check() {
    let dk = DecapsulationKey::from_seed(&seed(5));
    let pk = dk.encapsulation_key().to_bytes();
    for i in [0usize, 1, 255, 256, 511, 767] {
        for (v, ok) in [(3328u16, true), (3329, false), (4095, false)] {
            let mut bad = pk;
            set_coeff(&mut bad, i, v);
            let r = EncapsulationKey::from_bytes(&bad);
            if ok {
                assert!(r.is_ok(), "coefficient {i} = {v}");
            } else {
                assert_eq!(
                    r.unwrap_err(),
                    Error::EncapsulationKeyCheck,
                    "coefficient {i} = {v}"
                );
            }
        }
    }
    // rho and pk_X bytes are free.
    let mut other = pk;
    other[1152..].fill(0xff);
    assert!(EncapsulationKey::from_bytes(&other).is_ok());
}

/// Every single-bit flip of a ciphertext (all 8960) changes the decapsulated secret:
/// ML-KEM's implicit rejection covers ct_M, and ct_X is hashed into the combiner (even
/// bit 255 of ct_X, which X25519 itself ignores).
#[test]
fn every_ciphertext_bit_flip_changes_the_secret() {
    let dk = DecapsulationKey::from_seed(&seed(7));
    let (ct, ss) = dk.encapsulation_key().encapsulate_derand(&eseed(7));
    assert_eq!(dk.decapsulate(&ct), ss, "positive control");
    let mut seen = std::collections::HashSet::new();
    for bit in 0..CIPHERTEXT_SIZE * 8 {
        let mut b = ct.to_bytes();
        b[bit / 8] ^= 1 << (bit % 8);
        let got = dk.decapsulate(&Ciphertext::from_bytes(&b).unwrap());
        assert_ne!(got, ss, "bit {bit}");
        assert!(seen.insert(*got.as_bytes()), "bit {bit}: repeated secret");
    }
}

/// A flipped bit in the encapsulation key (ML-KEM rho, or the X25519 part) makes the
/// key owner derive a different secret than the sender.
#[test]
fn public_key_bit_flip_breaks_agreement() {
    let dk = DecapsulationKey::from_seed(&seed(8));
    let pk = dk.encapsulation_key().to_bytes();
    for bit in [1152 * 8, 1183 * 8 + 7, 1184 * 8, 1200 * 8 + 3, 1215 * 8 + 6] {
        let mut b = pk;
        b[bit / 8] ^= 1 << (bit % 8);
        let ek = EncapsulationKey::from_bytes(&b).unwrap();
        let (ct, ss) = ek.encapsulate_derand(&eseed(8));
        assert_ne!(dk.decapsulate(&ct), ss, "bit {bit}");
    }
}

/// A different key decapsulates to a different secret.
#[test]
fn wrong_key_gives_different_secret() {
    let dk = DecapsulationKey::from_seed(&seed(10));
    let other = DecapsulationKey::from_seed(&seed(11));
    let (ct, ss) = dk.encapsulation_key().encapsulate_derand(&eseed(10));
    assert_eq!(dk.decapsulate(&ct), ss);
    assert_ne!(other.decapsulate(&ct), ss);
}

/// Each half of eseed matters, in its place: eseed[0..32] is ML-KEM's m,
/// eseed[32..64] the X25519 ephemeral secret.
#[test]
fn eseed_split() {
    let dk = DecapsulationKey::from_seed(&seed(12));
    let ek = dk.encapsulation_key();
    let e = eseed(12);
    let (ct, ss) = ek.encapsulate_derand(&e);
    let mut e1 = e;
    e1[0] ^= 1;
    let (ct1, ss1) = ek.encapsulate_derand(&e1);
    assert_ne!(ct1.as_bytes()[..1088], ct.as_bytes()[..1088]);
    assert_eq!(ct1.as_bytes()[1088..], ct.as_bytes()[1088..]);
    assert_ne!(ss1, ss);
    let mut e2 = e;
    e2[63] ^= 0x10;
    let (ct2, ss2) = ek.encapsulate_derand(&e2);
    assert_eq!(ct2.as_bytes()[..1088], ct.as_bytes()[..1088]);
    assert_ne!(ct2.as_bytes()[1088..], ct.as_bytes()[1088..]);
    assert_ne!(ss2, ss);
    assert_eq!(dk.decapsulate(&ct1), ss1);
    assert_eq!(dk.decapsulate(&ct2), ss2);
}

/// `encapsulate(rng)` is `encapsulate_derand` of the next 64 bytes of `rng`;
/// `generate(rng)` is `from_seed` of the next 32.
#[test]
fn randomized_entry_points_use_the_rng() {
    use rand_chacha::ChaCha20Rng;
    use rand_chacha::rand_core::{Rng, SeedableRng};
    let mut a = ChaCha20Rng::from_seed([1; 32]);
    let mut b = ChaCha20Rng::from_seed([1; 32]);
    let dk = DecapsulationKey::generate(&mut a);
    let mut s = [0u8; 32];
    b.fill_bytes(&mut s);
    assert_eq!(dk.seed(), &s);
    let (ct, ss) = dk.encapsulation_key().encapsulate(&mut a);
    let mut e = [0u8; 64];
    b.fill_bytes(&mut e);
    let (ct2, ss2) = dk.encapsulation_key().encapsulate_derand(&e);
    assert_eq!(ct, ct2);
    assert_eq!(ss, ss2);
    assert_eq!(dk.decapsulate(&ct), ss);
    // Fresh randomness, fresh ciphertext and secret.
    let (ct3, ss3) = dk.encapsulation_key().encapsulate(&mut a);
    assert_ne!(ct3, ct);
    assert_ne!(ss3, ss);
    assert_eq!(dk.decapsulate(&ct3), ss3);
}

#[test]
fn os_rng_round_trip() {
    let dk = DecapsulationKey::generate_with_os_rng().unwrap();
    let dk2 = DecapsulationKey::generate_with_os_rng().unwrap();
    assert!(dk != dk2);
    let ek = EncapsulationKey::from_bytes(dk.encapsulation_key().as_bytes()).unwrap();
    let (ct, ss) = ek.encapsulate_with_os_rng().unwrap();
    assert_eq!(dk.decapsulate(&ct), ss);
    assert_ne!(dk2.decapsulate(&ct), ss);
    let restored = DecapsulationKey::from_seed(dk.seed());
    assert!(restored == dk);
    assert_eq!(restored.decapsulate(&ct), ss);
}

#[test]
fn debug_prints_no_secret() {
    let s = [0xabu8; 32];
    let dk = DecapsulationKey::from_seed(&s);
    let (ct, ss) = dk.encapsulation_key().encapsulate_derand(&eseed(1));
    let d = format!("{dk:?}");
    assert!(d.contains("redacted"), "{d}");
    assert!(!d.contains("abab"), "{d}");
    let d = format!("{ss:?}");
    assert!(d.contains("redacted"));
    assert!(!d.contains(&hex::encode(&ss.as_bytes()[..4])), "{d}");
    // Public values print a prefix (the encapsulation key) or their size.
    let d = format!("{:?}", dk.encapsulation_key());
    assert!(
        d.contains(&hex::encode(&dk.encapsulation_key().as_bytes()[..8])),
        "{d}"
    );
    assert!(format!("{ct:?}").contains("1120"));
}

#[test]
fn zeroize_wipes_secrets() {
    use zeroize::Zeroize;
    let mut dk = DecapsulationKey::from_seed(&seed(13));
    let (ct, ss) = dk.encapsulation_key().encapsulate_derand(&eseed(13));
    assert_eq!(dk.decapsulate(&ct), ss);
    dk.zeroize();
    assert_eq!(dk.seed(), &[0u8; 32]);
    // The expanded secrets are gone too: decapsulation no longer gives the secret.
    assert_ne!(dk.decapsulate(&ct), ss);
    let mut ss2 = ss.clone();
    ss2.zeroize();
    assert_eq!(ss2.as_bytes(), &[0u8; 32]);
}

#[test]
fn equality() {
    let a = DecapsulationKey::from_seed(&seed(20));
    let b = DecapsulationKey::from_seed(&seed(20));
    let c = DecapsulationKey::from_seed(&seed(21));
    assert!(a == b && a != c);
    assert_eq!(a.encapsulation_key(), b.encapsulation_key());
    assert_ne!(a.encapsulation_key(), c.encapsulation_key());
    let a2 = a.clone();
    assert!(a2 == a);
    let (ct, ss) = a.encapsulation_key().encapsulate_derand(&eseed(2));
    assert_eq!(a2.decapsulate(&ct), ss);
}

/// Differential property tests against RustCrypto's `x-wing` 0.1.1 (an independent
/// implementation of the same draft, dev-dependency only): the same keys from the same
/// seed, the same ciphertext and secret from the same eseed, cross decapsulation both
/// ways (including random ciphertexts: implicit rejection and arbitrary, possibly
/// non-canonical or low-order, X25519 points), the same accept/reject decision on
/// encapsulation keys.
mod oracle {
    use super::*;
    use ml_kem::array::Array;
    use proptest::prelude::*;
    use rand_chacha::rand_core::SeedableRng;
    use x_wing::{Decapsulate, Decapsulator, Encapsulate, KeyExport};

    fn theirs(seed: [u8; 32]) -> x_wing::DecapsulationKey {
        x_wing::DecapsulationKey::from(seed)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn same_keys_ciphertexts_and_secrets(
            seed in prop::array::uniform32(any::<u8>()),
            e1 in prop::array::uniform32(any::<u8>()),
            e2 in prop::array::uniform32(any::<u8>()),
        ) {
            let mut e = [0u8; 64];
            e[..32].copy_from_slice(&e1);
            e[32..].copy_from_slice(&e2);
            let dk = DecapsulationKey::from_seed(&seed);
            let their_dk = theirs(seed);
            let their_ek = their_dk.encapsulation_key();
            prop_assert_eq!(&dk.encapsulation_key().as_bytes()[..], &their_ek.to_bytes()[..]);

            // Same eseed: the same ciphertext and secret.
            let (ct, ss) = dk.encapsulation_key().encapsulate_derand(&e);
            let (their_ct, their_ss) = their_ek.encapsulate_deterministic(&Array::from(e));
            prop_assert_eq!(&ct.as_bytes()[..], &their_ct[..]);
            prop_assert_eq!(&ss.as_bytes()[..], &their_ss[..]);

            // Cross decapsulation, both ways, with randomized encapsulation.
            let mut rng = rand_chacha::ChaCha20Rng::from_seed(e1);
            let (their_ct, their_ss) = their_ek.encapsulate_with_rng(&mut rng);
            let ours = dk.decapsulate(&Ciphertext::from_bytes(&their_ct[..]).unwrap());
            prop_assert_eq!(&ours.as_bytes()[..], &their_ss[..]);
            let (ct, ss) = dk.encapsulation_key().encapsulate(&mut rng);
            let their = their_dk.decapsulate(&Array::try_from(&ct.as_bytes()[..]).unwrap());
            prop_assert_eq!(&ss.as_bytes()[..], &their[..]);
        }

        #[test]
        fn same_secret_for_arbitrary_ciphertexts(
            seed in prop::array::uniform32(any::<u8>()),
            ct in prop::collection::vec(any::<u8>(), CIPHERTEXT_SIZE),
            low_order in 0u8..4,
        ) {
            let mut ct = ct;
            // Sometimes force a special X25519 point: 0, 1, p (= 0), p + 1 (= 1).
            if low_order > 0 {
                let mut u = [0u8; 32];
                match low_order {
                    1 => {}
                    2 => { u = [0xff; 32]; u[0] = 0xed; u[31] = 0x7f; }
                    _ => { u = [0xff; 32]; u[0] = 0xee; u[31] = 0x7f; }
                }
                ct[1088..].copy_from_slice(&u);
            }
            let dk = DecapsulationKey::from_seed(&seed);
            let ours = dk.decapsulate(&Ciphertext::from_bytes(&ct).unwrap());
            let their = theirs(seed).decapsulate(&Array::try_from(&ct[..]).unwrap());
            prop_assert_eq!(&ours.as_bytes()[..], &their[..]);
        }

        #[test]
        fn same_encapsulation_key_check(
            seed in prop::array::uniform32(any::<u8>()),
            i in 0usize..768,
            v in 3200u16..4096,
        ) {
            let mut pk = DecapsulationKey::from_seed(&seed).encapsulation_key().to_bytes();
            set_coeff(&mut pk, i, v);
            let ours = EncapsulationKey::from_bytes(&pk);
            let their = x_wing::EncapsulationKey::try_from(&pk[..]);
            prop_assert_eq!(ours.is_ok(), their.is_ok());
            prop_assert_eq!(ours.is_ok(), v < 3329);
            if let (Ok(ours), Ok(their)) = (ours, their) {
                let e = [v as u8; 64];
                let (ct, ss) = ours.encapsulate_derand(&e);
                let (their_ct, their_ss) = their.encapsulate_deterministic(&Array::from(e));
                prop_assert_eq!(&ct.as_bytes()[..], &their_ct[..]);
                prop_assert_eq!(&ss.as_bytes()[..], &their_ss[..]);
            }
        }
    }

    /// The oracle is not vacuous: the draft vectors pass through it too.
    #[test]
    fn oracle_reproduces_the_draft_vectors() {
        let v = read_json("xwing/test-vectors.json");
        for c in v.as_array().unwrap() {
            let their_dk = theirs(arr(&hexf(c, "seed")));
            assert_hex_eq(&their_dk.encapsulation_key().to_bytes()[..], &hexf(c, "pk"));
            let ct = hexf(c, "ct");
            let ss = their_dk.decapsulate(&Array::try_from(&ct[..]).unwrap());
            assert_hex_eq(&ss[..], &hexf(c, "ss"));
        }
    }

    fn assert_hex_eq(a: &[u8], b: &[u8]) {
        assert_eq!(hex::encode(a), hex::encode(b));
    }
}

/// The backend this run tests (for the ML-KEM part) is the one `PQLATTICE_BACKEND`
/// asked for.
#[test]
fn requested_backend_is_active() {
    common::check_requested_backend();
}

/// Resources: no heap allocation in any X-Wing operation, and the peak working stack
/// of each (stack painting, net of the returned value), printed for the README and
/// held to a budget (`cargo test --features xwing --test xwing resources -- --nocapture`).
mod resources {
    use super::*;
    use common::resources::{Counting, assert_no_alloc, measure_stack};
    use std::hint::black_box;

    #[global_allocator]
    static GLOBAL: Counting = Counting;

    /// Working-stack budget per operation, net of the returned value: 32 KiB, the
    /// crate's ML-KEM budget.
    const BUDGET: usize = 32 * 1024;

    #[test]
    fn no_heap_allocation() {
        let dk = Box::new(DecapsulationKey::from_seed(&seed(30)));
        let ek_bytes = dk.encapsulation_key().to_bytes();
        let (ct, _) = dk.encapsulation_key().encapsulate_derand(&eseed(30));
        let mut rng = rand_chacha::ChaCha20Rng::from_seed([3; 32]);
        use rand_chacha::rand_core::SeedableRng;
        assert_no_alloc("X-Wing", || {
            black_box(DecapsulationKey::from_seed(&seed(31)));
            black_box(DecapsulationKey::generate(&mut rng));
            black_box(EncapsulationKey::from_bytes(&ek_bytes).unwrap());
            black_box(dk.encapsulation_key().encapsulate_derand(&eseed(31)));
            black_box(dk.encapsulation_key().encapsulate(&mut rng));
            black_box(dk.decapsulate(&ct));
            black_box(Ciphertext::from_bytes(ct.as_bytes()).unwrap());
        });
    }

    #[test]
    fn stack_budget() {
        let s = seed(32);
        let keygen = measure_stack(move || {
            black_box(Box::new(DecapsulationKey::from_seed(&s)));
        });
        let dk = Box::new(DecapsulationKey::from_seed(&s));
        let ek = Box::new(dk.encapsulation_key().clone());
        let encaps = measure_stack(move || {
            black_box(ek.encapsulate_derand(&eseed(32)));
        });
        let (ct, _) = dk.encapsulation_key().encapsulate_derand(&eseed(32));
        let ek_bytes = dk.encapsulation_key().to_bytes();
        let decaps = measure_stack(move || {
            black_box(dk.decapsulate(&ct));
        });
        let parse_ek = measure_stack(move || {
            let _ = black_box(Box::new(EncapsulationKey::from_bytes(&ek_bytes)));
        });
        let measured = [keygen, encaps, decaps, parse_ek];
        let returned = [
            size_of::<DecapsulationKey>(),
            size_of::<(Ciphertext, xwing::SharedSecret)>(),
            size_of::<xwing::SharedSecret>(),
            size_of::<Result<EncapsulationKey, Error>>(),
        ];
        let names = ["keygen", "encaps", "decaps", "parse ek"];
        for ((name, m), r) in names.iter().zip(measured).zip(returned) {
            let net = m.saturating_sub(r);
            println!("X-Wing {name}: peak stack {m} B ({net} B net of the {r}-B result)");
            assert!(m > 0, "{name}: stack measurement is not live");
            assert!(
                net <= BUDGET,
                "{name}: {net} B working stack > {BUDGET} B budget"
            );
        }
    }
}
