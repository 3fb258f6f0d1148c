//! ML-DSA rows: keygen, hedged signing and verification, each also starting from the
//! key's bytes.
//!
//! Every implementation works on the same key pair (from a fixed seed; pqcrypto gets
//! it as bytes) and the same 59-byte message with an empty context, except in the
//! keygen row of pqcrypto, which only generates from its own randomness. Signing is
//! hedged (fresh 32-byte rnd per signature) for every implementation: pqcrypto and
//! aws-lc-rs offer nothing else, and it is the recommended mode.
#![allow(deprecated)] // RustCrypto's expanded signing-key encoding

use crate::harness::{AWSLC, Case, LIBCRUX, LIBCRUX_PORTABLE, PQCRYPTO, RUSTCRYPTO, leak};
use crate::{pql_backends, random32, with_backend};
use aws_lc_rs::encoding::AsRawBytes as _;
use aws_lc_rs::signature::{KeyPair as _, ParsedPublicKey, PqdsaKeyPair, UnparsedPublicKey};
use ml_dsa::{EncodedSignature, EncodedVerifyingKey, ExpandedSigningKeyBytes};
use pqcrypto_traits::sign::{DetachedSignature as _, PublicKey as _, SecretKey as _};
use rand_chacha::ChaCha20Rng;
use std::cell::RefCell;
use std::hint::black_box;

/// The message every implementation signs: 59 bytes.
pub const MESSAGE: &[u8; 59] = b"ML-DSA comparison: the same 59-byte message for each signer";

const CTX: &[u8] = b"";

const KEYGEN_NOTE: &str = "Key generation from a 32-byte seed to what each library returns: \
    libcrux and PQClean (pqcrypto) the two encodings, pqlattice the two encodings \
    (`SigningKey::encodings_from_seed`), aws-lc-rs and RustCrypto their key objects. The row \
    below times pqlattice's key objects (`generate_from_seed`, ready to sign and verify).";

const KEYGEN_OBJECTS_NOTE: &str = "Key generation from a seed to ready-to-use key objects: \
    pqlattice's verifying and signing keys (with the matrix and NTT forms that signing and \
    verification use), against the libraries whose keygen also returns key objects.";

const SIGN_NOTE: &str = "Mean time of one hedged signature (samples above 20x the median, \
    i.e. descheduled, left out). The number of rejection-loop iterations is random with the same \
    distribution for every implementation (same key, same message, fresh 32-byte rnd each time); \
    the median is not used because it falls between two iteration counts and jumps by a whole \
    iteration from run to run.";

macro_rules! dsa_cases {
    ($fn:ident, $name:literal, $pql:ident, $lc:ident, $pq:ident, $aws:ident, $aws_sign:ident, $rc:ident) => {
        /// The rows of one parameter set. Checks first that all implementations agree.
        pub fn $fn(rng: &'static RefCell<ChaCha20Rng>) -> Vec<Case> {
            use libcrux_ml_dsa::$lc as lc;
            use pqcrypto_mldsa::$pq as pq;
            use pqlattice::$pql as pql;
            type RcSk = ml_dsa::ExpandedSigningKey<ml_dsa::$rc>;
            type RcVk = ml_dsa::VerifyingKey<ml_dsa::$rc>;
            type RcSig = ml_dsa::Signature<ml_dsa::$rc>;
            let aws_valg = &aws_lc_rs::signature::$aws;
            let aws_salg = &aws_lc_rs::signature::$aws_sign;
            let seed = [0x42u8; 32];
            let msg: &'static [u8] = MESSAGE;

            // The common key pair, in every library's own form. Everything the timed
            // closures use is leaked, so that they can hold plain references.
            let (vk, sk) = pql::generate_from_seed(&seed);
            let vk_bytes: &'static [u8] = leak(vk.as_bytes().to_vec());
            let sk_bytes: &'static [u8] = leak(sk.to_bytes().to_vec());
            let (vk, sk) = (leak(vk), leak(sk));
            let lc_kp = lc::generate_key_pair(seed);
            let (lc_sk, lc_vk) = (leak(lc_kp.signing_key), leak(lc_kp.verification_key));
            let lcp_kp = lc::portable::generate_key_pair(seed);
            assert_eq!(
                lcp_kp.verification_key.as_slice(),
                vk_bytes,
                "{}: libcrux portable vk",
                $name
            );
            assert_eq!(
                lcp_kp.signing_key.as_slice(),
                sk_bytes,
                "{}: libcrux portable sk",
                $name
            );
            for b in pql_backends() {
                let (v, s) = with_backend(b, || pql::generate_from_seed(&seed));
                assert_eq!(
                    v.as_bytes(),
                    vk_bytes,
                    "{}: pqlattice {} vk",
                    $name,
                    b.name()
                );
                assert_eq!(
                    &s.to_bytes()[..],
                    sk_bytes,
                    "{}: pqlattice {} sk",
                    $name,
                    b.name()
                );
                let (v, s) = with_backend(b, || pql::SigningKey::encodings_from_seed(&seed));
                assert_eq!(&v[..], vk_bytes, "{}: pqlattice {} encoded vk", $name, b.name());
                assert_eq!(&s[..], sk_bytes, "{}: pqlattice {} encoded sk", $name, b.name());
            }
            let pq_pk = leak(pq::PublicKey::from_bytes(vk_bytes).unwrap());
            let pq_sk = leak(pq::SecretKey::from_bytes(sk_bytes).unwrap());
            let aws_kp = leak(PqdsaKeyPair::from_seed(aws_salg, &seed).unwrap());
            let aws_vk = leak(ParsedPublicKey::new(aws_valg, vk_bytes).unwrap());
            let rc_sk = leak(RcSk::from_seed(&seed.into()));
            let rc_vk = leak(rc_sk.verifying_key());

            // Sanity: same keys from the same seed; a signature from each library
            // verifies under every other library.
            assert_eq!(lc_vk.as_slice(), vk_bytes, "{}: libcrux vk", $name);
            assert_eq!(lc_sk.as_slice(), sk_bytes, "{}: libcrux sk", $name);
            assert_eq!(
                aws_kp.public_key().as_ref(),
                vk_bytes,
                "{}: aws-lc-rs vk",
                $name
            );
            assert_eq!(
                aws_kp.private_key().as_raw_bytes().unwrap().as_ref(),
                sk_bytes,
                "{}: aws-lc-rs sk",
                $name
            );
            assert_eq!(rc_vk.encode()[..], vk_bytes[..], "{}: RustCrypto vk", $name);
            let sig_bytes: &'static [u8];
            {
                let mut r = rng.borrow_mut();
                let mut sigs: Vec<(&str, Vec<u8>)> = Vec::new();
                // cannot fail: the context is empty (at most 255 bytes is the only error)
                let s = sk.sign(msg, CTX, &mut *r).unwrap();
                sigs.push(("pqlattice", s.as_bytes().to_vec()));
                let s = lc::sign(lc_sk, msg, CTX, random32(&mut r)).unwrap();
                sigs.push(("libcrux", s.as_slice().to_vec()));
                // cannot fail: the context is empty (at most 255 bytes is the only error)
                let s = lc::portable::sign(lc_sk, msg, CTX, random32(&mut r)).unwrap();
                sigs.push(("libcrux portable", s.as_slice().to_vec()));
                for b in pql_backends() {
                    // cannot fail: the context is empty (at most 255 bytes is the only error)
                    let s = with_backend(b, || sk.sign(msg, CTX, &mut *r).unwrap());
                    sigs.push((b.name(), s.as_bytes().to_vec()));
                }
                let s = pq::detached_sign(msg, pq_sk);
                sigs.push(("pqcrypto", s.as_bytes().to_vec()));
                let mut s = vec![0u8; aws_salg.signature_len()];
                aws_kp.sign(msg, &mut s).unwrap();
                sigs.push(("aws-lc-rs", s));
                let s = rc_sk.sign_randomized(msg, CTX, &mut *r).unwrap();
                sigs.push(("rustcrypto", s.encode().to_vec()));
                for (who, s) in &sigs {
                    let sig = pql::Signature::from_bytes(s).unwrap();
                    for b in pql_backends() {
                        assert!(
                            with_backend(b, || vk.verify(msg, CTX, &sig)).is_ok(),
                            "{} {who}: pqlattice {}",
                            $name,
                            b.name()
                        );
                    }
                    // cannot fail: the bytes have this parameter set's fixed size
                    let sig = libcrux_ml_dsa::MLDSASignature::new(s[..].try_into().unwrap());
                    assert!(
                        lc::verify(lc_vk, msg, CTX, &sig).is_ok(),
                        "{} {who}: libcrux",
                        $name
                    );
                    assert!(
                        lc::portable::verify(lc_vk, msg, CTX, &sig).is_ok(),
                        "{} {who}: libcrux portable",
                        $name
                    );
                    let sig = pq::DetachedSignature::from_bytes(s).unwrap();
                    assert!(
                        pq::verify_detached_signature(&sig, msg, pq_pk).is_ok(),
                        "{} {who}: pqcrypto",
                        $name
                    );
                    assert!(
                        aws_vk.verify_sig(msg, s).is_ok(),
                        "{} {who}: aws-lc-rs",
                        $name
                    );
                    let sig =
                        // cannot fail: the bytes have this parameter set's fixed size
                        RcSig::decode(&EncodedSignature::<ml_dsa::$rc>::try_from(&s[..]).unwrap())
                            .unwrap();
                    assert!(
                        rc_vk.verify_with_context(msg, CTX, &sig),
                        "{} {who}: rustcrypto",
                        $name
                    );
                }
                // The signature the verification rows check (the same bytes for all).
                sig_bytes = leak(sigs.swap_remove(0).1);
            }
            let aws_buf = leak(RefCell::new(vec![0u8; aws_salg.signature_len()]));

            vec![
                Case::new(format!("{} keygen", $name))
                    .note(KEYGEN_NOTE)
                    .pql(move || {
                        black_box(pql::SigningKey::encodings_from_seed(black_box(&seed)));
                    })
                    .op(LIBCRUX, move || {
                        black_box(lc::generate_key_pair(black_box(seed)));
                    })
                    .op(LIBCRUX_PORTABLE, move || {
                        black_box(lc::portable::generate_key_pair(black_box(seed)));
                    })
                    .op(PQCRYPTO, || {
                        black_box(pq::keypair());
                    })
                    .op(AWSLC, move || {
                        black_box(PqdsaKeyPair::from_seed(aws_salg, black_box(&seed)).unwrap());
                    })
                    .op(RUSTCRYPTO, move || {
                        let sk =
                            ml_dsa::SigningKey::<ml_dsa::$rc>::from_seed(&black_box(seed).into());
                        black_box(sk);
                    }),
                Case::new(format!("{} keygen to key objects", $name))
                    .note(KEYGEN_OBJECTS_NOTE)
                    .pql(move || {
                        black_box(pql::generate_from_seed(black_box(&seed)));
                    })
                    .op(AWSLC, move || {
                        black_box(PqdsaKeyPair::from_seed(aws_salg, black_box(&seed)).unwrap());
                    })
                    .op(RUSTCRYPTO, move || {
                        let sk =
                            ml_dsa::SigningKey::<ml_dsa::$rc>::from_seed(&black_box(seed).into());
                        black_box(sk);
                    }),
                Case::new(format!("{} sign", $name))
                    .note(SIGN_NOTE)
                    .mean()
                    .pql(move || {
                        black_box(
                            sk.sign(black_box(msg), CTX, &mut *rng.borrow_mut())
                                .unwrap(),
                        );
                    })
                    .op(LIBCRUX, move || {
                        let rnd = random32(&mut rng.borrow_mut());
                        black_box(lc::sign(lc_sk, black_box(msg), CTX, rnd).unwrap());
                    })
                    .op(LIBCRUX_PORTABLE, move || {
                        let rnd = random32(&mut rng.borrow_mut());
                        // cannot fail: the context is empty (at most 255 bytes is the only error)
                        black_box(lc::portable::sign(lc_sk, black_box(msg), CTX, rnd).unwrap());
                    })
                    .op(PQCRYPTO, move || {
                        black_box(pq::detached_sign(black_box(msg), pq_sk));
                    })
                    .op(AWSLC, move || {
                        let mut buf = aws_buf.borrow_mut();
                        black_box(aws_kp.sign(black_box(msg), &mut buf).unwrap());
                    })
                    .op(RUSTCRYPTO, move || {
                        black_box(
                            rc_sk
                                .sign_randomized(black_box(msg), CTX, &mut *rng.borrow_mut())
                                .unwrap(),
                        );
                    }),
                Case::new(format!("{} sign, sk from bytes", $name))
                    .note(SIGN_NOTE)
                    .mean()
                    .pql(move || {
                        let sk = pql::SigningKey::from_bytes(black_box(sk_bytes)).unwrap();
                        // cannot fail: the context is empty (at most 255 bytes is the only error)
                        black_box(sk.sign(msg, CTX, &mut *rng.borrow_mut()).unwrap());
                    })
                    .op(LIBCRUX, move || {
                        let sk = libcrux_ml_dsa::MLDSASigningKey::new(
                            // cannot fail: the bytes have this parameter set's fixed size
                            black_box(sk_bytes).try_into().unwrap(),
                        );
                        let rnd = random32(&mut rng.borrow_mut());
                        black_box(lc::sign(&sk, msg, CTX, rnd).unwrap());
                    })
                    .op(LIBCRUX_PORTABLE, move || {
                        let sk = libcrux_ml_dsa::MLDSASigningKey::new(
                            // cannot fail: the bytes have this parameter set's fixed size
                            black_box(sk_bytes).try_into().unwrap(),
                        );
                        let rnd = random32(&mut rng.borrow_mut());
                        // cannot fail: the context is empty (at most 255 bytes is the only error)
                        black_box(lc::portable::sign(&sk, msg, CTX, rnd).unwrap());
                    })
                    .op(PQCRYPTO, move || {
                        let sk = pq::SecretKey::from_bytes(black_box(sk_bytes)).unwrap();
                        black_box(pq::detached_sign(msg, &sk));
                    })
                    .op(AWSLC, move || {
                        let kp = PqdsaKeyPair::from_raw_private_key(aws_salg, black_box(sk_bytes))
                            .unwrap();
                        let mut buf = aws_buf.borrow_mut();
                        black_box(kp.sign(msg, &mut buf).unwrap());
                    })
                    .op(RUSTCRYPTO, move || {
                        let enc =
                            ExpandedSigningKeyBytes::<ml_dsa::$rc>::try_from(black_box(sk_bytes))
                                .unwrap();
                        let sk = RcSk::from_expanded(&enc);
                        black_box(
                            sk.sign_randomized(msg, CTX, &mut *rng.borrow_mut())
                                .unwrap(),
                        );
                    }),
                Case::new(format!("{} verify", $name))
                    .pql(move || {
                        let sig = pql::Signature::from_bytes(black_box(sig_bytes)).unwrap();
                        vk.verify(black_box(msg), CTX, &sig).unwrap();
                    })
                    .op(LIBCRUX, move || {
                        let sig = libcrux_ml_dsa::MLDSASignature::new(
                            // cannot fail: the bytes have this parameter set's fixed size
                            black_box(sig_bytes).try_into().unwrap(),
                        );
                        lc::verify(lc_vk, black_box(msg), CTX, &sig).unwrap();
                    })
                    .op(LIBCRUX_PORTABLE, move || {
                        let sig = libcrux_ml_dsa::MLDSASignature::new(
                            // cannot fail: the bytes have this parameter set's fixed size
                            black_box(sig_bytes).try_into().unwrap(),
                        );
                        // cannot fail: every signature was cross-verified before timing
                        lc::portable::verify(lc_vk, black_box(msg), CTX, &sig).unwrap();
                    })
                    .op(PQCRYPTO, move || {
                        let sig = pq::DetachedSignature::from_bytes(black_box(sig_bytes)).unwrap();
                        pq::verify_detached_signature(&sig, black_box(msg), pq_pk).unwrap();
                    })
                    .op(AWSLC, move || {
                        aws_vk
                            .verify_sig(black_box(msg), black_box(sig_bytes))
                            .unwrap();
                    })
                    .op(RUSTCRYPTO, move || {
                        let enc = EncodedSignature::<ml_dsa::$rc>::try_from(black_box(sig_bytes))
                            .unwrap();
                        let sig = RcSig::decode(&enc).unwrap();
                        assert!(rc_vk.verify_with_context(black_box(msg), CTX, &sig));
                    }),
                Case::new(format!("{} verify, vk from bytes", $name))
                    .pql(move || {
                        let vk = pql::VerifyingKey::from_bytes(black_box(vk_bytes)).unwrap();
                        let sig = pql::Signature::from_bytes(black_box(sig_bytes)).unwrap();
                        vk.verify(msg, CTX, &sig).unwrap();
                    })
                    .op(LIBCRUX, move || {
                        let vk = libcrux_ml_dsa::MLDSAVerificationKey::new(
                            // cannot fail: the bytes have this parameter set's fixed size
                            black_box(vk_bytes).try_into().unwrap(),
                        );
                        let sig = libcrux_ml_dsa::MLDSASignature::new(
                            // cannot fail: the bytes have this parameter set's fixed size
                            black_box(sig_bytes).try_into().unwrap(),
                        );
                        lc::verify(&vk, msg, CTX, &sig).unwrap();
                    })
                    .op(LIBCRUX_PORTABLE, move || {
                        let vk = libcrux_ml_dsa::MLDSAVerificationKey::new(
                            // cannot fail: the bytes have this parameter set's fixed size
                            black_box(vk_bytes).try_into().unwrap(),
                        );
                        let sig = libcrux_ml_dsa::MLDSASignature::new(
                            // cannot fail: the bytes have this parameter set's fixed size
                            black_box(sig_bytes).try_into().unwrap(),
                        );
                        // cannot fail: every signature was cross-verified before timing
                        lc::portable::verify(&vk, msg, CTX, &sig).unwrap();
                    })
                    .op(PQCRYPTO, move || {
                        let pk = pq::PublicKey::from_bytes(black_box(vk_bytes)).unwrap();
                        let sig = pq::DetachedSignature::from_bytes(black_box(sig_bytes)).unwrap();
                        pq::verify_detached_signature(&sig, msg, &pk).unwrap();
                    })
                    .op(AWSLC, move || {
                        let vk = UnparsedPublicKey::new(aws_valg, black_box(vk_bytes));
                        vk.verify(msg, black_box(sig_bytes)).unwrap();
                    })
                    .op(RUSTCRYPTO, move || {
                        let vk = RcVk::decode(
                            &EncodedVerifyingKey::<ml_dsa::$rc>::try_from(black_box(vk_bytes))
                                .unwrap(),
                        );
                        let enc = EncodedSignature::<ml_dsa::$rc>::try_from(black_box(sig_bytes))
                            .unwrap();
                        let sig = RcSig::decode(&enc).unwrap();
                        assert!(vk.verify_with_context(msg, CTX, &sig));
                    }),
            ]
        }
    };
}

dsa_cases!(
    ml_dsa_44,
    "ML-DSA-44",
    ml_dsa_44,
    ml_dsa_44,
    mldsa44,
    ML_DSA_44,
    ML_DSA_44_SIGNING,
    MlDsa44
);
dsa_cases!(
    ml_dsa_65,
    "ML-DSA-65",
    ml_dsa_65,
    ml_dsa_65,
    mldsa65,
    ML_DSA_65,
    ML_DSA_65_SIGNING,
    MlDsa65
);
dsa_cases!(
    ml_dsa_87,
    "ML-DSA-87",
    ml_dsa_87,
    ml_dsa_87,
    mldsa87,
    ML_DSA_87,
    ML_DSA_87_SIGNING,
    MlDsa87
);
