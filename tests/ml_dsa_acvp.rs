//! Every case of the ACVP ML-DSA keyGen, sigGen (FIPS204 and FIPS204-tr1) and sigVer
//! vector files, checked as `test-vectors/README.md` prescribes.
#![cfg(feature = "hazmat")]

mod common;
use common::{hx, json, prehash};
use pqlattice::ml_dsa::{ParameterSet, PreHash, Signature, SigningKey, VerifyingKey};
use serde_json::Value;
use std::collections::HashMap;

fn keygen_case<P: ParameterSet>(t: &Value) {
    let seed: [u8; 32] = hx(&t["seed"]).try_into().unwrap();
    let sk = SigningKey::<P>::from_seed(&seed);
    let vk = sk.verifying_key();
    assert_eq!(
        vk.as_bytes().as_ref(),
        hx(&t["pk"]),
        "pk tcId {}",
        t["tcId"]
    );
    assert_eq!(
        sk.to_bytes().as_ref(),
        hx(&t["sk"]),
        "sk tcId {}",
        t["tcId"]
    );
    assert_eq!(sk.seed(), Some(&seed));
    // Key generation straight to the encodings gives the same bytes.
    let (pk_enc, sk_enc) = SigningKey::<P>::encodings_from_seed(&seed);
    assert_eq!(
        pk_enc.as_ref(),
        hx(&t["pk"]),
        "encoded pk tcId {}",
        t["tcId"]
    );
    assert_eq!(
        sk_enc.as_ref(),
        hx(&t["sk"]),
        "encoded sk tcId {}",
        t["tcId"]
    );
    // The expanded encoding parses back to an equal key with the same verifying key.
    let sk2 = SigningKey::<P>::from_bytes(&hx(&t["sk"])).unwrap();
    assert!(sk2 == sk);
    assert_eq!(sk2.verifying_key(), vk);
    assert_eq!(VerifyingKey::<P>::from_bytes(&hx(&t["pk"])).unwrap(), vk);
}

#[test]
fn acvp_keygen() {
    let file = "acvp/ML-DSA-keyGen-FIPS204/internalProjection.json.gz";
    let v = json(file);
    let mut n = 0;
    for g in v["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            for_param!(g["parameterSet"].as_str().unwrap(), keygen_case(t));
            n += 1;
        }
    }
    println!("{file}: {n} cases");
    assert_eq!(n, 75);
}

fn siggen_case<P: ParameterSet>(g: &Value, t: &Value, expected: &[u8]) {
    let id = &t["tcId"];
    let sk = if let Some(seed) = t.get("seed") {
        SigningKey::<P>::from_seed(&hx(seed).try_into().unwrap())
    } else {
        SigningKey::<P>::from_bytes(&hx(&t["sk"])).unwrap()
    };
    let vk = sk.verifying_key();
    let det = g["deterministic"].as_bool().unwrap();
    let rnd: [u8; 32] = if det {
        [0; 32]
    } else {
        hx(&t["rnd"]).try_into().unwrap()
    };
    let sig = match g["signatureInterface"].as_str().unwrap() {
        "external" => {
            let msg = hx(&t["message"]);
            let ctx = hx(&t["context"]);
            match g["preHash"].as_str().unwrap() {
                "pure" => {
                    let sig = sk.sign_with_randomness(&msg, &ctx, &rnd).unwrap();
                    if det {
                        assert_eq!(sig, sk.sign_deterministic(&msg, &ctx).unwrap());
                    }
                    vk.verify(&msg, &ctx, &sig).unwrap();
                    sig
                }
                "preHash" => {
                    let h = PreHash::from_name(t["hashAlg"].as_str().unwrap()).unwrap();
                    let ph = prehash(h, &msg);
                    let sig = sk.sign_prehash_with_randomness(h, &ph, &ctx, &rnd).unwrap();
                    if det {
                        assert_eq!(sig, sk.sign_prehash_deterministic(h, &ph, &ctx).unwrap());
                    }
                    vk.verify_prehash(h, &ph, &ctx, &sig).unwrap();
                    sig
                }
                other => panic!("preHash {other}"),
            }
        }
        "internal" => {
            if g["externalMu"].as_bool().unwrap() {
                let mu: [u8; 64] = hx(&t["mu"]).try_into().unwrap();
                let sig = sk.sign_mu_with_randomness(&mu, &rnd);
                vk.verify_mu(&mu, &sig).unwrap();
                sig
            } else {
                let m = hx(&t["message"]);
                let sig = sk.sign_internal(&m, &rnd);
                assert!(vk.verify_internal(&m, &sig));
                sig
            }
        }
        other => panic!("interface {other}"),
    };
    assert_eq!(
        sig.as_bytes().as_ref(),
        expected,
        "tgId {} tcId {id}",
        g["tgId"]
    );
}

fn siggen_file(dir: &str, expected_count: usize) {
    let prompt = json(&format!("{dir}/prompt.json.gz"));
    let results = json(&format!("{dir}/expectedResults.json.gz"));
    let mut sigs: HashMap<(u64, u64), Vec<u8>> = HashMap::new();
    for g in results["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            let key = (g["tgId"].as_u64().unwrap(), t["tcId"].as_u64().unwrap());
            assert!(sigs.insert(key, hx(&t["signature"])).is_none());
        }
    }
    let mut n = 0;
    for g in prompt["testGroups"].as_array().unwrap() {
        let tg = g["tgId"].as_u64().unwrap();
        for t in g["tests"].as_array().unwrap() {
            let expected = sigs
                .remove(&(tg, t["tcId"].as_u64().unwrap()))
                .expect("expected result present");
            for_param!(
                g["parameterSet"].as_str().unwrap(),
                siggen_case(g, t, &expected)
            );
            n += 1;
        }
    }
    println!("{dir}: {n} cases");
    assert!(sigs.is_empty(), "expected results without prompt");
    assert_eq!(n, expected_count);
}

#[test]
fn acvp_siggen() {
    siggen_file("acvp/ML-DSA-sigGen-FIPS204", 360);
}

#[test]
fn acvp_siggen_tr1() {
    siggen_file("acvp/ML-DSA-sigGen-FIPS204-tr1", 720);
}

fn sigver_case<P: ParameterSet>(g: &Value, t: &Value) -> bool {
    let vk = VerifyingKey::<P>::from_bytes(&hx(&t["pk"])).unwrap();
    let Ok(sig) = Signature::<P>::from_bytes(&hx(&t["signature"])) else {
        return false;
    };
    match g["signatureInterface"].as_str().unwrap() {
        "external" => {
            let msg = hx(&t["message"]);
            let ctx = hx(&t["context"]);
            match g["preHash"].as_str().unwrap() {
                "pure" => vk.verify(&msg, &ctx, &sig).is_ok(),
                "preHash" => {
                    let h = PreHash::from_name(t["hashAlg"].as_str().unwrap()).unwrap();
                    vk.verify_prehash(h, &prehash(h, &msg), &ctx, &sig).is_ok()
                }
                other => panic!("preHash {other}"),
            }
        }
        "internal" => {
            if g["externalMu"].as_bool().unwrap() {
                let mu: [u8; 64] = hx(&t["mu"]).try_into().unwrap();
                vk.verify_mu(&mu, &sig).is_ok()
            } else {
                vk.verify_internal(&hx(&t["message"]), &sig)
            }
        }
        other => panic!("interface {other}"),
    }
}

#[test]
fn acvp_sigver() {
    let file = "acvp/ML-DSA-sigVer-FIPS204/internalProjection.json.gz";
    let v = json(file);
    let (mut n, mut pass) = (0, 0);
    for g in v["testGroups"].as_array().unwrap() {
        for t in g["tests"].as_array().unwrap() {
            let ok = for_param!(g["parameterSet"].as_str().unwrap(), sigver_case(g, t));
            assert_eq!(
                ok,
                t["testPassed"].as_bool().unwrap(),
                "tgId {} tcId {} ({})",
                g["tgId"],
                t["tcId"],
                t["reason"]
            );
            n += 1;
            pass += ok as usize;
        }
    }
    println!("{file}: {n} cases ({pass} valid)");
    assert_eq!(n, 180);
    assert_eq!(pass, 36);
}

/// The backend this run tests is the one `PQLATTICE_BACKEND` asked for.
#[test]
fn requested_backend_is_active() {
    common::check_requested_backend();
}
