//! Key files (SPKI and PKCS#8, DER and PEM; RFC 9935 and RFC 9881): the RFCs'
//! example keys byte for byte, their inconsistent examples, malformed encodings,
//! and RustCrypto's `ml-kem` / `ml-dsa` (`pkcs8` feature) as an independent encoder
//! and decoder in both directions.

use pqlattice::pkcs8::{EncodingProblem, PrivateKeyFormat};
use pqlattice::{
    Error, ml_dsa, ml_dsa_44, ml_dsa_65, ml_dsa_87, ml_kem, ml_kem_512, ml_kem_768, ml_kem_1024,
};

fn vector(name: &str) -> String {
    let path = format!("{}/test-vectors/x509/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn problem<T: std::fmt::Debug>(r: Result<T, Error>) -> EncodingProblem {
    match r {
        Err(Error::KeyEncoding { problem, .. }) => problem,
        other => panic!("expected a KeyEncoding error, got {other:?}"),
    }
}

/// DER element, written independently of the library's writer.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut v = vec![tag];
    let n = content.len();
    if n < 0x80 {
        v.push(n as u8);
    } else if n < 0x100 {
        v.extend([0x81, n as u8]);
    } else {
        v.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    v.extend_from_slice(content);
    v
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn alg_id(oid_last: &[u8; 2]) -> Vec<u8> {
    let mut oid = vec![0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04];
    oid.extend_from_slice(oid_last);
    tlv(0x30, &tlv(0x06, &oid))
}

/// A OneAsymmetricKey from its parts.
fn pkcs8(version: u8, alg: &[u8], choice: &[u8], extra: &[u8]) -> Vec<u8> {
    tlv(
        0x30,
        &cat(&[&tlv(0x02, &[version]), alg, &tlv(0x04, choice), extra]),
    )
}

// --- the RFC examples, exactly ------------------------------------------------

macro_rules! rfc_kem {
    ($test:ident, $m:ident, $n:literal) => {
        #[test]
        fn $test() {
            let seed: [u8; 64] = core::array::from_fn(|i| i as u8);
            let kp = $m::KeyPair::from_seed(&seed);
            let dk = kp.decapsulation_key();
            for (file, format) in [
                ("seed", PrivateKeyFormat::Seed),
                ("expanded", PrivateKeyFormat::Expanded),
                ("both", PrivateKeyFormat::Both),
            ] {
                let text = vector(&format!("ML-KEM-{}-{file}.priv", $n));
                let parsed = $m::DecapsulationKey::from_pkcs8_pem(&text).unwrap();
                assert_eq!(&parsed, dk, "{file}");
                assert_eq!(
                    *$m::DecapsulationKey::boxed_from_pkcs8_pem(&text).unwrap(),
                    *dk
                );
                assert_eq!(
                    parsed.seed().is_some(),
                    format != PrivateKeyFormat::Expanded
                );
                // Written again in the same form: the same bytes.
                assert_eq!(*dk.to_pkcs8_pem_as(format).unwrap(), text, "{file}");
                let der = dk.to_pkcs8_der_as(format).unwrap();
                assert_eq!(der.len(), $m::DecapsulationKey::pkcs8_der_size(format));
                assert_eq!($m::DecapsulationKey::from_pkcs8_der(&der).unwrap(), *dk);
                assert_eq!(
                    *$m::DecapsulationKey::boxed_from_pkcs8_der(&der).unwrap(),
                    *dk
                );
            }
            assert_eq!(
                *kp.to_pkcs8_pem(),
                vector(&format!("ML-KEM-{}-seed.priv", $n))
            );
            let pub_text = vector(&format!("ML-KEM-{}.pub", $n));
            let ek = $m::EncapsulationKey::from_public_key_pem(&pub_text).unwrap();
            assert_eq!(&ek, kp.encapsulation_key());
            assert_eq!(ek.to_public_key_pem(), pub_text);
            assert_eq!(
                *$m::EncapsulationKey::boxed_from_public_key_pem(&pub_text).unwrap(),
                $m::EncapsulationKey::from_public_key_pem(&pub_text).unwrap()
            );
            let boxed =
                $m::EncapsulationKey::boxed_from_public_key_der(&ek.to_public_key_der()).unwrap();
            assert_eq!(&*boxed, kp.encapsulation_key());
            assert_eq!(
                ek.to_public_key_der().len(),
                $m::EncapsulationKey::PUBLIC_KEY_DER_SIZE
            );
        }
    };
}
rfc_kem!(rfc9935_examples_512, ml_kem_512, 512);
rfc_kem!(rfc9935_examples_768, ml_kem_768, 768);
rfc_kem!(rfc9935_examples_1024, ml_kem_1024, 1024);

macro_rules! rfc_dsa {
    ($test:ident, $m:ident, $n:literal) => {
        #[test]
        fn $test() {
            let seed: [u8; 32] = core::array::from_fn(|i| i as u8);
            let kp = $m::KeyPair::from_seed(&seed);
            let sk = kp.signing_key();
            for (file, format) in [
                ("seed", PrivateKeyFormat::Seed),
                ("expanded", PrivateKeyFormat::Expanded),
                ("both", PrivateKeyFormat::Both),
            ] {
                let text = vector(&format!("ML-DSA-{}-{file}.priv", $n));
                let parsed = $m::SigningKey::from_pkcs8_pem(&text).unwrap();
                assert_eq!(&parsed, sk, "{file}");
                assert_eq!(*$m::SigningKey::boxed_from_pkcs8_pem(&text).unwrap(), *sk);
                assert_eq!(
                    parsed.seed().is_some(),
                    format != PrivateKeyFormat::Expanded
                );
                assert_eq!(*sk.to_pkcs8_pem_as(format).unwrap(), text, "{file}");
                let der = sk.to_pkcs8_der_as(format).unwrap();
                assert_eq!(der.len(), $m::SigningKey::pkcs8_der_size(format));
                assert_eq!($m::SigningKey::from_pkcs8_der(&der).unwrap(), *sk);
                assert_eq!(*$m::SigningKey::boxed_from_pkcs8_der(&der).unwrap(), *sk);
            }
            assert_eq!(
                *kp.to_pkcs8_pem(),
                vector(&format!("ML-DSA-{}-seed.priv", $n))
            );
            let pub_text = vector(&format!("ML-DSA-{}.pub", $n));
            let vk = $m::VerifyingKey::from_public_key_pem(&pub_text).unwrap();
            assert_eq!(&vk, kp.verifying_key());
            assert_eq!(vk.to_public_key_pem(), pub_text);
            assert_eq!(
                *$m::VerifyingKey::boxed_from_public_key_pem(&pub_text).unwrap(),
                $m::VerifyingKey::from_public_key_pem(&pub_text).unwrap()
            );
            let boxed =
                $m::VerifyingKey::boxed_from_public_key_der(&vk.to_public_key_der()).unwrap();
            assert_eq!(&*boxed, kp.verifying_key());
            assert_eq!(
                vk.to_public_key_der().len(),
                $m::VerifyingKey::PUBLIC_KEY_DER_SIZE
            );
        }
    };
}
rfc_dsa!(rfc9881_examples_44, ml_dsa_44, 44);
rfc_dsa!(rfc9881_examples_65, ml_dsa_65, 65);
rfc_dsa!(rfc9881_examples_87, ml_dsa_87, 87);

#[test]
fn rfc9935_inconsistent_examples() {
    let parse = |i: u32| {
        ml_kem_512::DecapsulationKey::from_pkcs8_pem(&vector(&format!("bad-ML-KEM-512-{i}.priv")))
    };
    // 1: `both` with a seed that does not regenerate the expanded key.
    assert_eq!(problem(parse(1)), EncodingProblem::SeedMismatch);
    // 2: expanded key with a mutated s_0 and a valid H(ek): the FIPS 203 section 7.3
    // check cannot see it, the pairwise consistency test does.
    let dk = parse(2).expect("passes the section 7.3 check");
    assert_eq!(
        dk.pairwise_consistency_test(),
        Err(Error::PairwiseConsistency {
            what: "ML-KEM-512 key pair"
        })
    );
    // 3: a mutated H(ek).
    assert_eq!(parse(3).unwrap_err(), Error::DecapsulationKeyCheck);
    // 4: `both` whose expanded key differs only in z.
    assert_eq!(problem(parse(4)), EncodingProblem::SeedMismatch);
    // Negative control: the consistent example passes the pairwise test.
    let good =
        ml_kem_512::DecapsulationKey::from_pkcs8_pem(&vector("ML-KEM-512-expanded.priv")).unwrap();
    assert_eq!(good.pairwise_consistency_test(), Ok(()));
}

#[test]
fn rfc9881_inconsistent_examples() {
    let parse =
        |i: u32| ml_dsa_44::SigningKey::from_pkcs8_pem(&vector(&format!("bad-ML-DSA-44-{i}.priv")));
    assert_eq!(problem(parse(1)), EncodingProblem::SeedMismatch);
    // 2: tr does not match the public key; 3: t0 does not match s1, s2.
    assert_eq!(parse(2).unwrap_err(), Error::SigningKeyCheck);
    assert_eq!(parse(3).unwrap_err(), Error::SigningKeyCheck);
}

// --- malformed encodings ------------------------------------------------------

/// The checks every private-key parser must make, on structures built by hand.
#[allow(clippy::too_many_arguments)]
fn malformed_private<T: std::fmt::Debug>(
    parse: impl Fn(&[u8]) -> Result<T, Error>,
    oid: [u8; 2],
    other_oid: [u8; 2],
    seed_len: usize,
    seed: &[u8],
    expanded: &[u8],
    public: &[u8],
    what_seed: &'static str,
) {
    let alg = alg_id(&oid);
    let seed_choice = tlv(0x80, seed);
    let good = pkcs8(0, &alg, &seed_choice, &[]);
    parse(&good).expect("the well-formed key parses");

    // Algorithm: another OID, parameters present (NULL, or anything).
    assert_eq!(
        problem(parse(&pkcs8(0, &alg_id(&other_oid), &seed_choice, &[]))),
        EncodingProblem::WrongAlgorithm
    );
    let mut oid_bytes = vec![0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04];
    oid_bytes.extend_from_slice(&oid);
    let with_params = tlv(0x30, &cat(&[&tlv(0x06, &oid_bytes), &[0x05, 0x00]]));
    assert_eq!(
        problem(parse(&pkcs8(0, &with_params, &seed_choice, &[]))),
        EncodingProblem::ParametersPresent
    );
    // Version.
    assert_eq!(
        problem(parse(&pkcs8(2, &alg, &seed_choice, &[]))),
        EncodingProblem::UnsupportedVersion
    );
    let non_minimal_version = tlv(
        0x30,
        &cat(&[&[0x02, 0x02, 0x00, 0x00], &alg, &tlv(0x04, &seed_choice)]),
    );
    assert_eq!(
        problem(parse(&non_minimal_version)),
        EncodingProblem::UnsupportedVersion
    );
    // Trailing bytes: after the structure, inside it, inside the CHOICE, inside `both`.
    assert_eq!(
        problem(parse(&cat(&[&good, &[0]]))),
        EncodingProblem::TrailingData
    );
    assert_eq!(
        problem(parse(&pkcs8(0, &alg, &seed_choice, &[0x05, 0x00]))),
        EncodingProblem::TrailingData
    );
    assert_eq!(
        problem(parse(&pkcs8(0, &alg, &cat(&[&seed_choice, &[0]]), &[]))),
        EncodingProblem::TrailingData
    );
    let both_trailing = tlv(
        0x30,
        &cat(&[&tlv(0x04, seed), &tlv(0x04, expanded), &[0x05, 0x00]]),
    );
    assert_eq!(
        problem(parse(&pkcs8(0, &alg, &both_trailing, &[]))),
        EncodingProblem::TrailingData
    );
    // Indefinite and non-minimal lengths.
    let body = &good[2..];
    assert_eq!(
        problem(parse(&cat(&[&[0x30, 0x80], body, &[0, 0]]))),
        EncodingProblem::IndefiniteLength
    );
    assert_eq!(
        problem(parse(&cat(&[&[0x30, 0x81, body.len() as u8], body]))),
        EncodingProblem::NonMinimalLength
    );
    assert_eq!(
        problem(parse(&cat(&[&[0x30, 0x82, 0x00, body.len() as u8], body]))),
        EncodingProblem::NonMinimalLength
    );
    // The CHOICE is told apart by tag: a constructed [0], or a bare [1], is refused.
    assert_eq!(
        problem(parse(&pkcs8(0, &alg, &tlv(0xa0, &tlv(0x04, seed)), &[]))),
        EncodingProblem::UnexpectedTag { found: 0xa0 }
    );
    assert_eq!(
        problem(parse(&pkcs8(0, &alg, &tlv(0x81, seed), &[]))),
        EncodingProblem::UnexpectedTag { found: 0x81 }
    );
    // Wrong sizes name the object.
    assert_eq!(
        parse(&pkcs8(0, &alg, &tlv(0x80, &seed[1..]), &[])).unwrap_err(),
        Error::InvalidLength {
            what: what_seed,
            expected: seed_len,
            actual: seed_len - 1
        }
    );
    assert!(matches!(
        parse(&pkcs8(0, &alg, &tlv(0x04, &expanded[1..]), &[])),
        Err(Error::InvalidLength { .. })
    ));
    let both_short = tlv(0x30, &cat(&[&tlv(0x04, seed), &tlv(0x04, &expanded[1..])]));
    assert!(matches!(
        parse(&pkcs8(0, &alg, &both_short, &[])),
        Err(Error::InvalidLength { .. })
    ));
    // Well-formed `both` and `expandedKey` (negative controls for the above).
    parse(&pkcs8(
        0,
        &alg,
        &tlv(0x30, &cat(&[&tlv(0x04, seed), &tlv(0x04, expanded)])),
        &[],
    ))
    .unwrap();
    parse(&pkcs8(0, &alg, &tlv(0x04, expanded), &[])).unwrap();
    // The optional public key: v2 only, must match, whole octets.
    let pk_field = tlv(0x81, &cat(&[&[0], public]));
    parse(&pkcs8(1, &alg, &seed_choice, &pk_field)).expect("v2 with the right public key");
    assert_eq!(
        problem(parse(&pkcs8(0, &alg, &seed_choice, &pk_field))),
        EncodingProblem::PublicKeyInV1
    );
    let mut wrong_pk = public.to_vec();
    wrong_pk[5] ^= 1;
    assert_eq!(
        problem(parse(&pkcs8(
            1,
            &alg,
            &seed_choice,
            &tlv(0x81, &cat(&[&[0], &wrong_pk]))
        ))),
        EncodingProblem::PublicKeyMismatch
    );
    assert_eq!(
        problem(parse(&pkcs8(
            1,
            &alg,
            &seed_choice,
            &tlv(0x81, &cat(&[&[1], public]))
        ))),
        EncodingProblem::BitStringUnusedBits
    );
    // Attributes are skipped; attributes after the public key are out of order.
    let attrs = tlv(
        0xa0,
        &tlv(
            0x30,
            &cat(&[&tlv(0x06, &[0x2a, 0x03]), &tlv(0x31, &tlv(0x04, b"x"))]),
        ),
    );
    parse(&pkcs8(1, &alg, &seed_choice, &cat(&[&attrs, &pk_field])))
        .expect("attributes then public key");
    assert_eq!(
        problem(parse(&pkcs8(
            1,
            &alg,
            &seed_choice,
            &cat(&[&pk_field, &attrs])
        ))),
        EncodingProblem::TrailingData
    );
    // Every truncation fails (and none panics).
    for n in 0..good.len() {
        assert!(parse(&good[..n]).is_err(), "prefix of {n} bytes parsed");
    }
    // Every change of a header byte fails, except turning v1 into v2 (legal).
    for i in 0..good.len() - seed.len() {
        for x in [0x01u8, 0x80, 0xff] {
            if (i, x) == (4, 0x01) {
                continue;
            }
            let mut bad = good.clone();
            bad[i] ^= x;
            assert!(parse(&bad).is_err(), "byte {i} ^ {x:#x} parsed");
        }
    }
}

fn malformed_public<T: std::fmt::Debug>(
    parse: impl Fn(&[u8]) -> Result<T, Error>,
    oid: [u8; 2],
    other_oid: [u8; 2],
    public: &[u8],
) {
    let alg = alg_id(&oid);
    let bits = tlv(0x03, &cat(&[&[0], public]));
    let good = tlv(0x30, &cat(&[&alg, &bits]));
    parse(&good).expect("well-formed SPKI");
    assert_eq!(
        problem(parse(&tlv(0x30, &cat(&[&alg_id(&other_oid), &bits])))),
        EncodingProblem::WrongAlgorithm
    );
    let mut oid_bytes = vec![0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04];
    oid_bytes.extend_from_slice(&oid);
    let with_params = tlv(0x30, &cat(&[&tlv(0x06, &oid_bytes), &[0x05, 0x00]]));
    assert_eq!(
        problem(parse(&tlv(0x30, &cat(&[&with_params, &bits])))),
        EncodingProblem::ParametersPresent
    );
    assert_eq!(
        problem(parse(&tlv(
            0x30,
            &cat(&[&alg, &tlv(0x03, &cat(&[&[3], public]))])
        ))),
        EncodingProblem::BitStringUnusedBits
    );
    assert_eq!(
        problem(parse(&tlv(0x30, &cat(&[&alg, &tlv(0x04, public)])))),
        EncodingProblem::UnexpectedTag { found: 0x04 }
    );
    assert_eq!(
        problem(parse(&cat(&[&good, &[0]]))),
        EncodingProblem::TrailingData
    );
    assert_eq!(
        problem(parse(&tlv(0x30, &cat(&[&alg, &bits, &[0x05, 0x00]])))),
        EncodingProblem::TrailingData
    );
    let body = &good[4..];
    assert_eq!(
        problem(parse(&cat(&[&[0x30, 0x80], body, &[0, 0]]))),
        EncodingProblem::IndefiniteLength
    );
    assert_eq!(
        problem(parse(&cat(&[&[0x30, 0x83, 0x00], &good[2..]]))),
        EncodingProblem::NonMinimalLength
    );
    assert!(matches!(
        parse(&tlv(
            0x30,
            &cat(&[&alg, &tlv(0x03, &cat(&[&[0], &public[1..]]))])
        )),
        Err(Error::InvalidLength { .. })
    ));
    for n in 0..good.len() {
        assert!(parse(&good[..n]).is_err(), "prefix of {n} bytes parsed");
    }
    for i in 0..good.len() - public.len() {
        for x in [0x01u8, 0x80, 0xff] {
            let mut bad = good.clone();
            bad[i] ^= x;
            assert!(parse(&bad).is_err(), "byte {i} ^ {x:#x} parsed");
        }
    }
}

macro_rules! malformed_kem {
    ($test:ident, $m:ident, $oid:expr, $other:expr, $what_seed:literal) => {
        #[test]
        fn $test() {
            let kp = $m::KeyPair::from_seed(&[7; 64]);
            let dk = kp.decapsulation_key();
            malformed_private(
                $m::DecapsulationKey::from_pkcs8_der,
                $oid,
                $other,
                64,
                kp.seed(),
                &dk.to_bytes()[..],
                kp.encapsulation_key().as_bytes(),
                $what_seed,
            );
            malformed_public(
                $m::EncapsulationKey::from_public_key_der,
                $oid,
                $other,
                kp.encapsulation_key().as_bytes(),
            );
            // The same cases through the boxed decoders (the C API's).
            malformed_private(
                $m::DecapsulationKey::boxed_from_pkcs8_der,
                $oid,
                $other,
                64,
                kp.seed(),
                &dk.to_bytes()[..],
                kp.encapsulation_key().as_bytes(),
                $what_seed,
            );
            malformed_public(
                $m::EncapsulationKey::boxed_from_public_key_der,
                $oid,
                $other,
                kp.encapsulation_key().as_bytes(),
            );
            // The section 7.2 check applies to keys in SPKI too.
            let mut ek = kp.encapsulation_key().as_bytes().to_vec();
            ek[0] = 0xff;
            ek[1] |= 0x0f;
            let spki = tlv(
                0x30,
                &cat(&[&alg_id(&$oid), &tlv(0x03, &cat(&[&[0], &ek]))]),
            );
            assert_eq!(
                $m::EncapsulationKey::from_public_key_der(&spki).unwrap_err(),
                Error::EncapsulationKeyCheck
            );
        }
    };
}
malformed_kem!(
    malformed_ml_kem_512,
    ml_kem_512,
    [0x04, 0x01],
    [0x04, 0x02],
    "ML-KEM-512 seed"
);
malformed_kem!(
    malformed_ml_kem_768,
    ml_kem_768,
    [0x04, 0x02],
    [0x03, 0x12],
    "ML-KEM-768 seed"
);
malformed_kem!(
    malformed_ml_kem_1024,
    ml_kem_1024,
    [0x04, 0x03],
    [0x04, 0x02],
    "ML-KEM-1024 seed"
);

macro_rules! malformed_dsa {
    ($test:ident, $m:ident, $oid:expr, $other:expr, $what_seed:literal) => {
        #[test]
        fn $test() {
            let kp = $m::KeyPair::from_seed(&[7; 32]);
            malformed_private(
                $m::SigningKey::from_pkcs8_der,
                $oid,
                $other,
                32,
                kp.seed(),
                &kp.signing_key().to_bytes()[..],
                kp.verifying_key().as_bytes(),
                $what_seed,
            );
            malformed_public(
                $m::VerifyingKey::from_public_key_der,
                $oid,
                $other,
                kp.verifying_key().as_bytes(),
            );
            // The same cases through the boxed decoders (the C API's).
            malformed_private(
                $m::SigningKey::boxed_from_pkcs8_der,
                $oid,
                $other,
                32,
                kp.seed(),
                &kp.signing_key().to_bytes()[..],
                kp.verifying_key().as_bytes(),
                $what_seed,
            );
            malformed_public(
                $m::VerifyingKey::boxed_from_public_key_der,
                $oid,
                $other,
                kp.verifying_key().as_bytes(),
            );
        }
    };
}
malformed_dsa!(
    malformed_ml_dsa_44,
    ml_dsa_44,
    [0x03, 0x11],
    [0x03, 0x12],
    "ML-DSA-44 seed"
);
malformed_dsa!(
    malformed_ml_dsa_65,
    ml_dsa_65,
    [0x03, 0x12],
    [0x04, 0x02],
    "ML-DSA-65 seed"
);
malformed_dsa!(
    malformed_ml_dsa_87,
    ml_dsa_87,
    [0x03, 0x13],
    [0x03, 0x11],
    "ML-DSA-87 seed"
);

#[test]
fn seed_form_needs_a_seed_and_key_pairs_need_seeds() {
    let kp = ml_kem_768::KeyPair::from_seed(&[1; 64]);
    let expanded_only =
        ml_kem_768::DecapsulationKey::from_bytes(&kp.decapsulation_key().to_bytes()[..]).unwrap();
    assert_eq!(
        expanded_only.to_pkcs8_der().unwrap_err(),
        Error::SeedUnavailable {
            what: "ML-KEM-768 decapsulation key"
        }
    );
    assert_eq!(
        expanded_only
            .to_pkcs8_der_as(PrivateKeyFormat::Both)
            .unwrap_err(),
        Error::SeedUnavailable {
            what: "ML-KEM-768 decapsulation key"
        }
    );
    let der = expanded_only
        .to_pkcs8_der_as(PrivateKeyFormat::Expanded)
        .unwrap();
    assert!(matches!(
        ml_kem_768::KeyPair::from_pkcs8_der(&der),
        Err(Error::SeedUnavailable { .. })
    ));
    assert_eq!(
        *ml_kem_768::KeyPair::from_pkcs8_der(&kp.to_pkcs8_der()[..])
            .unwrap()
            .seed(),
        [1; 64]
    );
    let mut small = [0u8; 85];
    assert_eq!(
        kp.decapsulation_key()
            .write_pkcs8_der(PrivateKeyFormat::Seed, &mut small),
        Err(Error::BufferTooSmall {
            what: "ML-KEM-768 PKCS#8 private key",
            needed: 86,
            actual: 85
        })
    );
    let mut exact = [0u8; 86];
    assert_eq!(
        kp.decapsulation_key()
            .write_pkcs8_der(PrivateKeyFormat::Seed, &mut exact),
        Ok(86)
    );
    assert_eq!(exact, *kp.to_pkcs8_der());

    let kp = ml_dsa_65::KeyPair::from_seed(&[1; 32]);
    let expanded_only =
        ml_dsa_65::SigningKey::from_bytes(&kp.signing_key().to_bytes()[..]).unwrap();
    assert_eq!(
        expanded_only.to_pkcs8_der().unwrap_err(),
        Error::SeedUnavailable {
            what: "ML-DSA-65 signing key"
        }
    );
    let der = expanded_only
        .to_pkcs8_der_as(PrivateKeyFormat::Expanded)
        .unwrap();
    assert!(matches!(
        ml_dsa_65::KeyPair::from_pkcs8_der(&der),
        Err(Error::SeedUnavailable { .. })
    ));
    assert_eq!(kp.to_pkcs8_der().len(), ml_dsa::PKCS8_SEED_DER_SIZE);
    assert_eq!(ml_kem::PKCS8_SEED_DER_SIZE, 86);
}

#[test]
fn pem_labels_and_cross_algorithm_files_are_refused() {
    let kem = ml_kem_512::KeyPair::from_seed(&[2; 64]);
    let dsa = ml_dsa_44::KeyPair::from_seed(&[2; 32]);
    let pub_pem = kem.encapsulation_key().to_public_key_pem();
    assert_eq!(
        problem(ml_kem_512::DecapsulationKey::from_pkcs8_pem(&pub_pem)),
        EncodingProblem::PemLabel
    );
    assert_eq!(
        problem(ml_kem_768::DecapsulationKey::from_pkcs8_pem(
            &kem.to_pkcs8_pem()
        )),
        EncodingProblem::WrongAlgorithm
    );
    assert_eq!(
        problem(ml_dsa_44::SigningKey::from_pkcs8_pem(&kem.to_pkcs8_pem())),
        EncodingProblem::WrongAlgorithm
    );
    assert_eq!(
        problem(ml_kem_512::DecapsulationKey::from_pkcs8_pem(
            &dsa.to_pkcs8_pem()
        )),
        EncodingProblem::WrongAlgorithm
    );
    assert_eq!(
        problem(ml_dsa_87::VerifyingKey::from_public_key_pem(
            &dsa.verifying_key().to_public_key_pem()
        )),
        EncodingProblem::WrongAlgorithm
    );
    let encrypted = kem
        .to_pkcs8_pem()
        .replace("PRIVATE KEY", "ENCRYPTED PRIVATE KEY");
    assert_eq!(
        problem(ml_kem_512::DecapsulationKey::from_pkcs8_pem(&encrypted)),
        EncodingProblem::PemLabel
    );
    // The boxed PEM decoders make the same checks.
    assert_eq!(
        problem(ml_kem_512::DecapsulationKey::boxed_from_pkcs8_pem(&pub_pem)),
        EncodingProblem::PemLabel
    );
    assert_eq!(
        problem(ml_dsa_44::SigningKey::boxed_from_pkcs8_pem(
            &kem.to_pkcs8_pem()
        )),
        EncodingProblem::WrongAlgorithm
    );
    assert_eq!(
        problem(ml_kem_512::EncapsulationKey::boxed_from_public_key_pem(
            &kem.to_pkcs8_pem()
        )),
        EncodingProblem::PemLabel
    );
    assert_eq!(
        problem(ml_dsa_87::VerifyingKey::boxed_from_public_key_pem(
            &dsa.verifying_key().to_public_key_pem()
        )),
        EncodingProblem::WrongAlgorithm
    );
    // Negative control.
    assert!(ml_kem_512::DecapsulationKey::from_pkcs8_pem(&kem.to_pkcs8_pem()).is_ok());
    assert!(ml_kem_512::DecapsulationKey::boxed_from_pkcs8_pem(&kem.to_pkcs8_pem()).is_ok());
}

// --- RustCrypto `ml-kem` / `ml-dsa` as the other side --------------------------

mod rustcrypto_oracle {
    use super::*;
    use ::ml_dsa::signature::Keypair;
    use ::ml_kem::kem::KeyInit;
    use pkcs8_rc::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey};
    use rand_chacha::ChaCha20Rng;
    use rand_chacha::rand_core::{Rng, SeedableRng};

    // RustCrypto re-exports its pkcs8 crate from `ml-dsa`.
    use ::ml_dsa::pkcs8 as pkcs8_rc;

    macro_rules! kem_oracle {
        ($test:ident, $m:ident, $rc:ident) => {
            #[test]
            fn $test() {
                let mut rng = ChaCha20Rng::from_seed([0x33; 32]);
                for _ in 0..8 {
                    let mut seed = [0u8; 64];
                    rng.fill_bytes(&mut seed);
                    let ours = $m::KeyPair::from_seed(&seed);
                    let theirs = ::ml_kem::$rc::DecapsulationKey::new(&seed.into());
                    // Theirs -> ours.
                    let their_der = theirs.to_pkcs8_der().unwrap();
                    let parsed =
                        $m::DecapsulationKey::from_pkcs8_der(their_der.as_bytes()).unwrap();
                    assert_eq!(&parsed, ours.decapsulation_key());
                    let their_spki = theirs.encapsulation_key().to_public_key_der().unwrap();
                    let ek =
                        $m::EncapsulationKey::from_public_key_der(their_spki.as_bytes()).unwrap();
                    assert_eq!(&ek, ours.encapsulation_key());
                    // Ours -> theirs, and the same bytes.
                    assert_eq!(&ours.to_pkcs8_der()[..], their_der.as_bytes());
                    assert_eq!(
                        ours.encapsulation_key().to_public_key_der(),
                        their_spki.as_bytes()
                    );
                    let back =
                        ::ml_kem::$rc::DecapsulationKey::from_pkcs8_der(&ours.to_pkcs8_der()[..])
                            .unwrap();
                    assert!(back == theirs);
                    let back_ek = ::ml_kem::$rc::EncapsulationKey::from_public_key_der(
                        &ours.encapsulation_key().to_public_key_der(),
                    )
                    .unwrap();
                    assert!(&back_ek == theirs.encapsulation_key());
                }
            }
        };
    }
    kem_oracle!(rustcrypto_ml_kem_512, ml_kem_512, ml_kem_512);
    kem_oracle!(rustcrypto_ml_kem_768, ml_kem_768, ml_kem_768);
    kem_oracle!(rustcrypto_ml_kem_1024, ml_kem_1024, ml_kem_1024);

    macro_rules! dsa_oracle {
        ($test:ident, $m:ident, $rc:ident) => {
            #[test]
            fn $test() {
                let mut rng = ChaCha20Rng::from_seed([0x44; 32]);
                for _ in 0..4 {
                    let mut seed = [0u8; 32];
                    rng.fill_bytes(&mut seed);
                    let ours = $m::KeyPair::from_seed(&seed);
                    let theirs = ::ml_dsa::SigningKey::<::ml_dsa::$rc>::from_seed(&seed.into());
                    let their_der = theirs.to_pkcs8_der().unwrap();
                    let parsed = $m::SigningKey::from_pkcs8_der(their_der.as_bytes()).unwrap();
                    assert_eq!(&parsed, ours.signing_key());
                    let their_spki = theirs.verifying_key().to_public_key_der().unwrap();
                    let vk = $m::VerifyingKey::from_public_key_der(their_spki.as_bytes()).unwrap();
                    assert_eq!(&vk, ours.verifying_key());
                    assert_eq!(&ours.to_pkcs8_der()[..], their_der.as_bytes());
                    assert_eq!(
                        ours.verifying_key().to_public_key_der(),
                        their_spki.as_bytes()
                    );
                    let back = ::ml_dsa::SigningKey::<::ml_dsa::$rc>::from_pkcs8_der(
                        &ours.to_pkcs8_der()[..],
                    )
                    .unwrap();
                    assert!(back.verifying_key().encode() == theirs.verifying_key().encode());
                    let back_vk = ::ml_dsa::VerifyingKey::<::ml_dsa::$rc>::from_public_key_der(
                        &ours.verifying_key().to_public_key_der(),
                    )
                    .unwrap();
                    assert!(back_vk.encode() == theirs.verifying_key().encode());
                }
            }
        };
    }
    dsa_oracle!(rustcrypto_ml_dsa_44, ml_dsa_44, MlDsa44);
    dsa_oracle!(rustcrypto_ml_dsa_65, ml_dsa_65, MlDsa65);
    dsa_oracle!(rustcrypto_ml_dsa_87, ml_dsa_87, MlDsa87);
}

// --- random inputs ------------------------------------------------------------

mod random {
    use super::*;
    use proptest::prelude::*;

    /// Every parser on `input`: none may panic; returns how many accepted it.
    fn parse_all(input: &[u8]) -> usize {
        [
            ml_kem_512::DecapsulationKey::from_pkcs8_der(input).is_ok(),
            ml_kem_768::DecapsulationKey::from_pkcs8_der(input).is_ok(),
            ml_kem_1024::EncapsulationKey::from_public_key_der(input).is_ok(),
            ml_dsa_44::SigningKey::from_pkcs8_der(input).is_ok(),
            ml_dsa_65::VerifyingKey::from_public_key_der(input).is_ok(),
            ml_dsa_87::KeyPair::from_pkcs8_der(input).is_ok(),
        ]
        .iter()
        .filter(|&&ok| ok)
        .count()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn random_bytes_never_parse(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(parse_all(&bytes), 0);
        }

        /// Edits of a valid seed-form key (byte changes, insertions, deletions) never
        /// panic, and an edit that still parses gives back a document that re-encodes
        /// to itself (DER has one encoding per value) or a v2 structure.
        #[test]
        fn edited_keys_never_panic(
            pos in 0usize..86,
            byte in any::<u8>(),
            op in 0u8..3,
        ) {
            let kp = ml_kem_512::KeyPair::from_seed(&[5; 64]);
            let mut der = kp.to_pkcs8_der().to_vec();
            match op {
                0 => der[pos] = byte,
                1 => der.insert(pos, byte),
                _ => { der.remove(pos); }
            }
            parse_all(&der);
            if let Ok(dk) = ml_kem_512::DecapsulationKey::from_pkcs8_der(&der) {
                let again = dk.to_pkcs8_der().unwrap();
                prop_assert!(again[..] == der[..] || der[4] == 1, "{:02x?}", der);
            }
            let pem = pqlattice::ml_kem_512::KeyPair::from_seed(&[5; 64]).to_pkcs8_pem();
            let mut pem = pem.as_bytes().to_vec();
            let p = pos % pem.len();
            pem[p] = byte;
            if let Ok(text) = std::str::from_utf8(&pem) {
                let _ = ml_kem_512::DecapsulationKey::from_pkcs8_pem(text);
            }
        }
    }
}
